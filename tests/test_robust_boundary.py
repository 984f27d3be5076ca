"""The program's edges (issue 25, items 2, 5 and 6): terminal text, streams, API arguments,
sweep folders and the actual-yields file, each reproduction of the issue as a test.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

import yieldsim
from model.values import printable, show
from tests.helpers import YIELDSIM
from yieldsim.arguments import ArgumentError
from yieldsim.calibration.actual import ActualDataError, read_fred_csv
from yieldsim.cli import main
from yieldsim.sweeps.schema import RecordError, read_record
from yieldsim.sweeps.spec import Flags, SpecError, resolve
from yieldsim.sweeps.store import FolderError

HOSTILE_NAME = "we\x1b[2Jek\x1b]0;title\x07\u202e"
SCENARIO = '''name = "we\\u001b[2Jek\\u001b]0;title\\u0007\\u202e"
description = "clears \\u001b[2J the screen"
start = 2025-03-01
steps = 8

[[events]]
date = 2025-03-01
kind = "tariff"
country = "china"
rate = 0.2
label = "Fed buys $300bn, 50% \\u001b[31m red"
'''


def test_printable_escapes_control_and_format_characters() -> None:
    assert printable("plain · text") == "plain · text"
    assert printable(HOSTILE_NAME) == "we\\x1b[2Jek\\x1b]0;title\\x07\\u202e"
    assert "\x1b" not in show(HOSTILE_NAME)


def test_a_refusal_quotes_at_most_80_characters_of_a_value() -> None:
    quoted = show("x" * 5000)
    assert len(quoted) < 100 and "(5000 characters)" in quoted


@pytest.fixture
def hostile_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scenario whose name, description and label carry terminal escapes."""
    path = tmp_path / "hostile.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


@pytest.mark.parametrize("argv", [["scenarios", "show"], ["scenarios", "validate"], ["run"]])
def test_user_text_reaches_the_terminal_escaped(argv: list[str], hostile_file: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    if argv == ["run"]:
        argv = ["run", "--scenario", str(hostile_file), "--set", "n_funds=30", "--out",
                str(hostile_file.parent / "out")]
    else:
        argv = [*argv, str(hostile_file)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b[" in out  # shown as its escape


def test_validate_notes_an_event_dated_on_a_non_trading_day(
        hostile_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "validate", str(hostile_file)]) == 0
    out = capsys.readouterr().out
    assert "is dated 2025-03-01, not a trading day: it takes effect on 2025-03-03" in out


def program(args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the installed program through a shell (for its redirections)."""
    return subprocess.run(f"{YIELDSIM} {args}", shell=True, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, check=False)


def test_a_closed_stdout_is_refused_before_anything_runs(tmp_path: Path) -> None:
    done = program(f"run --scenario japan-sells --steps 3 --set n_funds=30 --out "
                   f"{tmp_path / 'r'} >&-")
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["yieldsim: error: standard output is closed: run the "
                                        "command with its output going somewhere (a terminal, "
                                        "a file, or > /dev/null)"]
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("args", ["scenarios list", "params",
                                  "run --scenario japan-sells --steps 3 --set n_funds=30"])
def test_a_full_device_ends_in_one_line(args: str, tmp_path: Path) -> None:
    if args.startswith("run"):
        args += f" --out {tmp_path / 'r'}"
    done = program(f"{args} > /dev/full")
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["yieldsim: error: standard output could not be written "
                                        "(No space left on device): the printed output is "
                                        "incomplete; write it to a device with room"]


def test_an_ascii_terminal_gets_escapes_instead_of_a_traceback(tmp_path: Path) -> None:
    done = program(f"run --scenario japan-sells --steps 3 --set n_funds=30 --out "
                   f"{tmp_path / 'r'}", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("yieldsim \\xb7 japan-sells \\xb7 ")


@pytest.mark.parametrize(("call", "kwargs", "message"), [
    (yieldsim.sweep, {"out": 123}, "out takes a path (str or pathlib.Path), not int '123'"),
    (yieldsim.sweep, {"spec": 123}, "spec takes a path"),
    (yieldsim.sweep, {"vary": "a=1,2"}, "vary takes a mapping"),
    (yieldsim.sweep, {"retry_failed": "no"}, "retry_failed takes True or False, not str 'no'"),
    (yieldsim.sweep, {"keep_timeseries": 1}, "keep_timeseries takes True or False"),
    (yieldsim.sweep, {"workers": 1.5}, "workers takes a whole number"),
    (yieldsim.sweep, {"vary": {3: [1, 2]}}, "vary's keys are parameter names"),
    (yieldsim.run, {"scenario": 123}, "scenario takes text, not int '123'"),
    (yieldsim.run, {"steps": "10"}, "steps takes a whole number, not str '10'"),
])
def test_api_arguments_of_the_wrong_type_are_refused_by_name(call, kwargs: dict,
                                                             message: str) -> None:
    base = {"scenario": "japan-sells"} if "scenario" not in kwargs else {}
    with pytest.raises(ArgumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call(**base, **kwargs)


def test_api_takes_numpy_numbers_as_numbers(tmp_path: Path) -> None:
    swept = yieldsim.sweep("japan-sells", vary={"japan_resolve": (np.float64(0.1),
                                                                  np.float64(0.5), np.int64(2))},
                           steps=np.int64(2), workers=1, progress=False, out=tmp_path / "s",
                           n_funds=np.int64(30))
    assert swept.ok == 2
    assert sorted(swept.results["japan_resolve"]) == [0.1, 0.5]
    run = yieldsim.run("japan-sells", seed=np.int64(3), steps=np.int64(2),
                       japan_resolve=np.float64(0.3), n_funds=30)
    assert run.params["japan_resolve"] == 0.3 and run.seed == 3


def test_a_repeated_date_in_actual_yields_is_refused_when_read() -> None:
    text = "observation_date,DGS10\n2025-03-03,4.1\n2025-03-04,4.2\n2025-03-04,4.3\n"
    with pytest.raises(ActualDataError, match="the date 2025-03-04 appears twice"):
        read_fred_csv(text, "dup.csv")


def test_validate_with_a_repeated_date_is_refused_before_any_seed_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("observation_date,DGS10\n2025-03-03,4.1\n2025-03-03,4.3\n")
    started = time.perf_counter()
    assert main(["validate", "--actual", str(path), "--out", str(tmp_path / "v")]) == 2
    assert time.perf_counter() - started < 20  # no seed ran (a seed costs seconds)
    assert "appears twice" in capsys.readouterr().err
    assert not (tmp_path / "v").exists()


# --- sweep folders -------------------------------------------------------------------------

GOOD = {"run": 3, "point": 3, "replicate": 0, "seed": 1, "params": {"japan_resolve": 0.1},
        "metrics": {"peak_10y": 4.4, "crossed_4_5": False, "deal_day": None}, "status": "ok",
        "error": None, "duration_s": 0.5, "finished_at": "2025-01-01T00:00:00Z"}


@pytest.mark.parametrize(("text", "problem"), [
    ('{"run": Infinity}', "is not valid JSON"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "status"}), "has no 'status'"),
    (json.dumps({**GOOD, "status": "maybe"}), "'status' is 'maybe'"),
    (json.dumps({**GOOD, "run": 4}), "says run 4 but its name says run 3"),
    (json.dumps({**GOOD, "run": True}), "'run' is 'True', not a whole number"),
    (json.dumps({**GOOD, "metrics": {"peak_10y": "high"}}), "metric 'peak_10y' is 'high'"),
    (json.dumps({**GOOD, "params": []}), "'params' is '[]', not an object"),
    ("[]", "is not a JSON object"),
    ("{", "is not valid JSON"),
])
def test_a_record_that_is_not_one_is_named(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "run-0000003.json"
    path.write_text(text)
    with pytest.raises(RecordError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        read_record(path, 3)
    path.write_text(json.dumps(GOOD))
    assert read_record(path, 3) == GOOD


def small_sweep(out: Path) -> yieldsim.SweepResult:
    """Three two-step runs with their time series kept."""
    return yieldsim.sweep("japan-sells", vary={"japan_resolve": [0.1, 0.2, 0.3]}, steps=2,
                          workers=1, progress=False, out=out, keep_timeseries=True, n_funds=30)


def test_resume_sets_bad_records_aside_and_reruns_them_and_runs_without_series(
        tmp_path: Path) -> None:
    out = tmp_path / "s"
    first = small_sweep(out)
    reference = first.results.drop(columns=["duration_s", "finished_at"], errors="ignore")
    (out / "records" / "run-0000000.json").write_text('{"run": Infinity}')
    record = json.loads((out / "records" / "run-0000001.json").read_text())
    record["metrics"]["peak_10y"] = "high"
    (out / "records" / "run-0000001.json").write_text(json.dumps(record))
    for part in (out / "timeseries" / "run=2").iterdir():
        part.unlink()
    (out / "timeseries" / "run=2").rmdir()
    again = small_sweep(out)
    assert again.ok == 3
    pd_cols = list(reference.columns)
    assert again.results[pd_cols].equals(reference)
    assert (out / "records" / "run-0000000.json.bad").read_text() == '{"run": Infinity}'
    assert (out / "records" / "run-0000001.json.bad").is_file()
    assert sorted(p.name for p in (out / "timeseries").iterdir()) == ["run=0", "run=1", "run=2"]
    assert sorted(again.timeseries()["run"].unique().tolist()) == [0, 1, 2]


@pytest.mark.parametrize("manifest", ["[]", '{"sessions": 5}', '{"sessions": [1]}'])
def test_a_manifest_that_is_not_one_refuses_the_folder_untouched(tmp_path: Path,
                                                                 manifest: str) -> None:
    out = tmp_path / "s"
    small_sweep(out)
    (out / "records" / "run-0000000.json").write_text("{")
    (out / "manifest.json").write_text(manifest)
    with pytest.raises(FolderError, match="is not a sweep manifest"):
        small_sweep(out)
    assert (out / "records" / "run-0000000.json").read_text() == "{"  # nothing set aside


def test_the_run_count_is_refused_before_any_axis_is_built() -> None:
    names = ["japan_resolve", "china_resolve", "grievance_speed", "threat_grievance",
             "sell_grievance", "sovereign_resume_share"]
    flags = Flags(scenario="japan-sells", vary_values={n: "0.1:0.9:1000000" for n in names})
    started = time.perf_counter()
    with pytest.raises(SpecError, match="more than 1,000,000 runs"):
        resolve(flags)
    assert time.perf_counter() - started < 5  # building even one axis takes seconds
