"""Interrupted sweeps: SIGKILL and Ctrl-C of a real `yieldsim sweep` process, then resume.

Nothing finished may be lost, nothing may be done twice, no file may be left half-written, the
worker processes must not outlive a killed sweep, and the resumed runs must be the runs a
sweep that was never interrupted would have made.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from yieldsim.cli import main
from yieldsim.sweeps.design import design_points
from yieldsim.sweeps.engine import plan
from yieldsim.sweeps.spec import Flags, resolve, scenario_for
from yieldsim.sweeps.worker import execute_task

ROOT = Path(__file__).resolve().parent.parent
YIELDSIM = str(Path(sys.executable).parent / "yieldsim")
RUNS = 60
ARGS = ["sweep", "--scenario", "japan-sells", "--set", "n_funds=300", "--steps", "40",
        "--vary", "dealer_capacity_bn=50:400:15", "--replicates", "4", "--workers", "2"]


def start(out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([YIELDSIM, *ARGS, "--out", str(out)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def records(out: Path) -> list[Path]:
    folder = out / "records"
    return sorted(folder.glob("run-*.json")) if folder.is_dir() else []


def wait_for_records(process: subprocess.Popen[str], out: Path, count: int) -> None:
    deadline = time.monotonic() + 120
    while len(records(out)) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the sweep made no progress"
        time.sleep(0.02)


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def finished_at(out: Path) -> dict[int, str]:
    found = {}
    for path in records(out):
        record = json.loads(path.read_text())  # every visible record is complete JSON
        found[record["run"]] = record["finished_at"]
    return found


def assert_same_as_uninterrupted(table: pd.DataFrame, runs: list[int]) -> None:
    """Some runs of the table equal the same tasks run alone in this process."""
    spec, _ = resolve(Flags(scenario="japan-sells", set=["n_funds=300"], steps=40,
                            vary=["dealer_capacity_bn=50:400:15"], replicates=4))
    tasks = {t.run: t for t in plan(spec, scenario_for(spec), design_points(spec), set())}
    rows = table.set_index("run")
    for run in runs:
        alone = execute_task(tasks[run])
        assert alone.metrics["peak_10y"] == rows.loc[run, "peak_10y"], run
        assert alone.metrics["mtm_gain_bn.japan"] == rows.loc[run, "mtm_gain_bn.japan"], run


def test_sigkill_loses_no_finished_run_and_resume_completes_without_duplicates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sweep"
    process = start(out)
    wait_for_records(process, out, 5)
    workers = children(process.pid)
    process.kill()
    process.wait(timeout=10)
    before = finished_at(out)
    assert 5 <= len(before) < RUNS
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers and not any(alive(pid) for pid in workers), "workers outlived the sweep"

    capsys.readouterr()
    assert main([*ARGS, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"resuming: {len(before)} of {RUNS} runs already finished" in captured.err
    assert f"{RUNS} runs, {RUNS} ok, 0 failed; {RUNS - len(before)} ran" in captured.out
    after = finished_at(out)
    assert sorted(after) == list(range(RUNS))
    assert all(after[run] == stamp for run, stamp in before.items())  # not redone
    table = pd.read_parquet(out / "results.parquet")
    assert table["run"].is_unique and len(table) == RUNS and (table["status"] == "ok").all()
    assert_same_as_uninterrupted(table, [min(before), max(before), RUNS - 1])
    assert not [p for p in out.rglob(".*tmp*")]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["sessions"]) == 2


def test_ctrl_c_stops_cleanly_keeps_finished_runs_and_resumes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sweep"
    process = start(out)
    wait_for_records(process, out, 3)
    capsys.readouterr()
    assert main([*ARGS, "--out", str(out)]) == 2  # the folder is locked while it runs
    assert "another yieldsim sweep is writing to" in capsys.readouterr().err
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    last = stdout.strip().splitlines()[-1]
    assert "interrupted" in last and "run the same command again to resume" in last
    assert "Traceback" not in stderr
    kept = finished_at(out)
    assert 3 <= len(kept) < RUNS
    assert f"{len(kept)} of {RUNS} runs finished" in last
    assert len(pd.read_parquet(out / "results.parquet")) == len(kept)
    assert json.loads((out / "manifest.json").read_text())["status"] == "incomplete"

    assert main([*ARGS, "--out", str(out)]) == 0
    table = pd.read_parquet(out / "results.parquet")
    assert sorted(table["run"]) == list(range(RUNS))
    assert_same_as_uninterrupted(table, [max(kept), RUNS - 1])
    assert all(finished_at(out)[run] == stamp for run, stamp in kept.items())
    assert os.path.exists(out / "metrics.png")
