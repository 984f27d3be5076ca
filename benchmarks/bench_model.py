"""Model speed: agent-steps per second for n_funds = 1e3, 1e4, 1e5 over 100 steps.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_model.py`). It prints figures;
it asserts nothing. An agent-step is one fund deciding once; the step time includes the
whole model (clearing, prices, data collection). Construction is timed separately.
"""

from __future__ import annotations

import argparse
import time

from model.yieldmodel import YieldModel

STEPS = 100


def measure(n_funds: int, steps: int, seed: int) -> tuple[float, float]:
    """Seconds to build the model and to run `steps` steps."""
    start = time.perf_counter()
    model = YieldModel(scenario="liberation-day-2025", rng=seed, n_funds=n_funds)
    built = time.perf_counter()
    model.run(steps)
    return built - start, time.perf_counter() - built


def main() -> None:
    """Print a table of build time, step time and agent-steps per second."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"{'n_funds':>9} {'build s':>8} {'run s':>7} {'ms/step':>8} {'agent-steps/s':>14}")
    for n in (int(s) for s in args.sizes.split(",")):
        best_build, best_run = min(measure(n, args.steps, seed) for seed in range(args.repeats))
        rate = n * args.steps / best_run
        print(f"{n:>9} {best_build:>8.2f} {best_run:>7.2f} {best_run / args.steps * 1e3:>8.2f} "
              f"{rate:>14.3g}")


if __name__ == "__main__":
    main()
