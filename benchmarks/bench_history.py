"""`yieldsim history --seeds N` end to end: wall and CPU time, with the machine's load.

Run with `.venv/bin/python benchmarks/bench_history.py [--seeds 32] [--workers N]`. It prints
figures and asserts nothing. The goal (issue 20): every built-in episode at 32 seeds in under
10 minutes on 2 cores, at the default n_funds. Load from other processes inflates the time:
the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YIELDSIM = str(Path(sys.executable).parent / "yieldsim")


def main() -> None:
    """Time one `yieldsim history` into a temporary folder and print what it ran."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=32)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "history"
        command = [YIELDSIM, "history", "--seeds", str(args.seeds), "--out", str(out)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        wall = time.perf_counter() - start
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        document = json.loads((out / "history.json").read_text())
    episodes = ", ".join(f"{e['name']} ({e['steps']} steps)" for e in document["episodes"])
    print(f"yieldsim history --seeds {args.seeds}: {wall:.1f}s wall, "
          f"{cpu.ru_utime + cpu.ru_stime:.1f}s CPU (all processes), {os.cpu_count()} cores")
    print(f"  episodes: {episodes}; n_funds {document['parameters']['n_funds']}")
    print(f"  load average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
