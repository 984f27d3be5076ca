"""Dask against the local pool: one 200-run sweep through the real command, both backends.

    .venv/bin/python benchmarks/bench_dask.py              # 3 interleaved rounds
    .venv/bin/python benchmarks/bench_dask.py --rounds 5

Each round runs `yieldsim sweep` (japan-sells, dealer capacity over 8 values x 25 replicates
= 200 runs of 40 trading days, 300 funds, 2 workers) once with `--backend local` and once with
`--backend dask` (a LocalCluster of 2 workers started by the command), in alternating order so
that load from other processes falls on both alike. It prints each wall time (the whole
command: start-up, cluster, runs, records, report), the medians, their ratio (target: dask
at most 1.3 times local) and whether the two results tables are identical (they must be:
every run has its own seed whatever the backend). It asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from yieldsim.sweeps.results import deterministic_view

YIELDSIM = str(Path(sys.executable).parent / "yieldsim")
SWEEP = ["sweep", "--scenario", "japan-sells", "--vary", "dealer_capacity_bn=50:400:8",
         "--replicates", "25", "--set", "n_funds=300", "--steps", "40", "--workers", "2"]
TARGET = 1.3


def timed(backend: str, out: Path) -> float:
    """Wall seconds of one sweep command on `backend`, writing into `out`."""
    start = time.perf_counter()
    subprocess.run([YIELDSIM, *SWEEP, "--backend", backend, "--out", str(out)], check=True,
                   capture_output=True, text=True)
    return time.perf_counter() - start


def main() -> None:
    """Interleave the two backends and print the times and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"local": [], "dask": []}
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        last: dict[str, Path] = {}
        for round_ in range(args.rounds):
            order = ("local", "dask") if round_ % 2 == 0 else ("dask", "local")
            for backend in order:
                out = Path(tmp) / f"{backend}-{round_}"
                times[backend].append(timed(backend, out))
                last[backend] = out
            print(f"round {round_ + 1}: local {times['local'][-1]:.2f} s, "
                  f"dask {times['dask'][-1]:.2f} s")
        tables = [deterministic_view(pd.read_parquet(last[b] / "results.parquet"))
                  for b in ("local", "dask")]
        same = tables[0].equals(tables[1])
    local, dask = statistics.median(times["local"]), statistics.median(times["dask"])
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"200-run sweep, 2 workers, median of {args.rounds}: local {local:.2f} s, "
          f"dask {dask:.2f} s, dask/local {dask / local:.2f} (target <= {TARGET}); "
          f"identical results: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
