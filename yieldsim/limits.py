"""Ceilings on every count a user gives, each with the reason it sits where it does.

A count is checked before anything is allocated or started, so `--seeds 1000000000` or
`--lhs-points 1000000000` ends with one line instead of memory growing until the machine
stalls, and `--workers 1000` does not start a thousand processes on a two-core machine.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from model.scenario import MAX_STEPS, MAX_YEARS
from model.values import InputValueError, count

# numpy takes any non-negative integer as a seed; results tables store seeds in signed 64-bit
# columns, so a seed must fit one.
MAX_SEED = 2**63 - 1
SEED_WHY = "seeds are stored as signed 64-bit integers"
STEPS_WHY = f"the model is built for horizons up to {MAX_YEARS} years of 252 trading days"
# `validate` keeps every seed's paths in memory for the fan chart (~0.1 MB each) and a seed
# takes about a second: 2,000 seeds is half an hour on two cores and 200 MB.
MAX_VALIDATE_SEEDS = 2000
VALIDATE_SEEDS_WHY = "each seed costs about a second and keeps its paths in memory"
# `history` runs every episode once per seed (0.1-0.2 s each) and keeps each run's paths
# (about 10 KB): 2,000 seeds of three episodes is ten minutes on two cores and 60 MB.
MAX_HISTORY_SEEDS = 2000
HISTORY_SEEDS_WHY = "each seed runs every episode and keeps its paths in memory"
# `calibrate` runs lhs_points x seeds simulations before refining; the default is 24 x 8.
# 5,000 points x 8 seeds is already ~11 hours on two cores.
MAX_LHS_POINTS = 5000
MAX_REFINE = 5000
MAX_CALIBRATION_SEEDS = 1000
CALIBRATION_WHY = "every point or evaluation runs the model once per seed"
# A sweep keeps one record file per run; a million runs at ~0.5 s each is about six
# core-days and a million small files.
MAX_RUNS = 1_000_000
RUNS_WHY = "a sweep keeps one record file per run and runs take about half a second each"
# More workers than this is never a machine's core count; the local pool is further capped
# at the cores this process may use.
MAX_WORKERS = 4096


def option(name: str, lo: int, hi: int, why: str) -> Callable[[str], int]:
    """An argparse `type` for a count: whole, at least `lo`, at most `hi` (with `why`)."""
    def parse(text: str) -> int:
        try:
            return count(name, text, lo, hi, why)
        except InputValueError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{name} ")) from None
    parse.__name__ = name
    return parse


def seed_option(name: str = "--seed") -> Callable[[str], int]:
    """An argparse `type` for a seed."""
    return option(name, 0, MAX_SEED, SEED_WHY)


def steps_option() -> Callable[[str], int]:
    """An argparse `type` for --steps."""
    return option("--steps", 1, MAX_STEPS, STEPS_WHY)


def workers_option() -> Callable[[str], int]:
    """An argparse `type` for --workers (the machine cap is applied later, with a note)."""
    return option("--workers", 1, MAX_WORKERS, "no machine has more cores")


def cap_workers(requested: int | None, cpus: int, tasks: int | None = None) -> tuple[int | None,
                                                                                    str | None]:
    """Workers worth starting on this machine, and a note when fewer than asked.

    More processes than cores only share the cores (and each holds a copy of the model);
    more than there are tasks sit idle.

    Args:
        requested: --workers as given (None: the backend's default, one per core).
        cpus: Cores this process may use.
        tasks: Runs to do, if known.

    Returns:
        The workers to start (None keeps the default) and a note, or None.

    """
    if requested is None:
        return None, None
    limit = cpus if tasks is None else max(1, min(cpus, tasks))
    if requested <= limit:
        return requested, None
    why = (f"this machine's {cpus} cores" if limit == cpus
           else f"the {tasks} runs to do")
    return limit, f"--workers {requested} capped at {limit}, {why}"
