"""Dask without the tax: batches, forked local workers, and a real scheduler over TCP.

The cluster test starts `dask scheduler` and two `dask worker` processes as separate
programs on 127.0.0.1, as an operator would on a cluster, and runs a sweep through
`yieldsim sweep --scheduler ADDRESS`; its results must equal the local pool's.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import YIELDSIM
from yieldsim.sweeps.backends import LocalBackend
from yieldsim.sweeps.design import design_points
from yieldsim.sweeps.engine import BATCH_TARGET_S, StopRequest, batch_size, plan, run_tasks
from yieldsim.sweeps.results import deterministic_view
from yieldsim.sweeps.spec import Flags, resolve, scenario_for
from yieldsim.sweeps.worker import RunOutcome

DASK = str(Path(sys.executable).parent / "dask")
SWEEP = ["sweep", "--scenario", "japan-sells", "--vary", "dealer_capacity_bn=50,150,400",
         "--replicates", "4", "--set", "n_funds=200", "--steps", "25"]


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sweep(out: Path, *extra: str) -> pd.DataFrame:
    """Run the sweep command; its results without the timing columns."""
    done = subprocess.run([YIELDSIM, *SWEEP, "--out", str(out), *extra], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "12 runs, 12 ok, 0 failed" in done.stdout
    return deterministic_view(pd.read_parquet(out / "results.parquet"))


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler and two single-threaded workers, each its own process; the address."""
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    processes = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", port,
                                   "--no-dashboard"], stdout=subprocess.DEVNULL,
                                  stderr=(logs / "scheduler.log").open("w"))]
    try:
        for n in range(2):
            processes.append(subprocess.Popen(
                [DASK, "worker", address, "--nthreads", "1", "--nworkers", "1",
                 "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{n}"],
                stdout=subprocess.DEVNULL, stderr=(logs / f"worker{n}.log").open("w")))
        from distributed import Client

        deadline = time.monotonic() + 90
        while True:
            try:
                with Client(address, timeout=5, set_as_default=False) as client:
                    client.wait_for_workers(2, timeout=60)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_sweep_through_a_separate_scheduler_and_workers_equals_local(
        tmp_path: Path, cluster: str) -> None:
    local = sweep(tmp_path / "local", "--workers", "2")
    remote = sweep(tmp_path / "remote", "--scheduler", cluster)  # implies --backend dask
    pd.testing.assert_frame_equal(remote, local)
    session = json.loads((tmp_path / "remote" / "manifest.json").read_text())["sessions"][-1]
    assert session["backend"] == "dask" and session["scheduler"] == cluster
    assert session["workers"] == 2
    assert local["peak_10y"].nunique() > 3  # the runs differ: equality is not trivial


def test_a_local_dask_cluster_gives_the_local_pool_results(tmp_path: Path) -> None:
    local = sweep(tmp_path / "local", "--workers", "1")
    on_dask = sweep(tmp_path / "dask", "--backend", "dask", "--workers", "2")
    pd.testing.assert_frame_equal(on_dask, local)


def test_batches_give_the_same_outcomes_as_single_runs() -> None:
    spec, _ = resolve(Flags(scenario="japan-sells", vary=["dealer_capacity_bn=50:400:9"],
                            set=["n_funds=30"], steps=4))

    def outcomes(batch: int) -> dict[int, dict]:
        found: dict[int, dict] = {}

        def keep(outcome: RunOutcome) -> None:
            assert outcome.status == "ok" and outcome.run not in found
            found[outcome.run] = outcome.metrics

        tasks = plan(spec, scenario_for(spec), design_points(spec), set())
        assert run_tasks(tasks, LocalBackend(2), keep, StopRequest(), batch=batch) is True
        return found

    single, batched = outcomes(1), outcomes(5)
    assert sorted(single) == list(range(9)) and batched == single


@pytest.mark.parametrize(("most", "mean_run_s", "expected"), [
    (32, 0.05, int(BATCH_TARGET_S / 0.05)), (32, 0.001, 32), (32, 2.0, 1), (1, 0.001, 1),
    (32, 0.0, 32),
])
def test_batch_size_aims_at_the_target_time(most: int, mean_run_s: float,
                                            expected: int) -> None:
    assert batch_size(most, mean_run_s) == expected
