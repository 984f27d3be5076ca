"""Running episodes over seeds: one module-level task per (episode, seed) for any executor.

A task returns plain frames (dates by yields and their macro news), never a model, so a
process pool or a Dask worker sends back a few kilobytes per run.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from model.instruments import BUCKETS
from model.scenario import FX_SERIES, PUBLISHED_UNITS, VOL_SERIES, Scenario
from yieldsim.calibration.moments import run_frame
from yieldsim.history.episodes import Episode, column

# The model's volatility index, named as the data name it (FRED VIXCLS is `vix`).
MODEL_VOL_COLUMN = "equity_vol"
RUN_COLUMNS = (*(column(bucket) for bucket in BUCKETS), FX_SERIES, MODEL_VOL_COLUMN,
               *PUBLISHED_UNITS)


@dataclass
class SeedRun:
    """One seed of one episode.

    Attributes:
        seed: The model's seed.
        frame: ISO dates by `y_<bucket>` yields and `news_y_<bucket>` (the model's cumulative
            daily macro news in each yield), percent, `usdjpy`, `vix` (the model's
            volatility index, points) and the columns published figures are compared with
            (`lf_swap_notional`, $bn); None when the run failed.
        error: What went wrong, for a failed run.

    """

    seed: int
    frame: pd.DataFrame | None = None
    error: str | None = None


def run_seed(scenario: Scenario, seed: int, steps: int, settings: dict[str, Any]) -> SeedRun:
    """Run one seed of an episode, returning a failure record instead of raising."""
    try:
        frame = run_frame(scenario, seed, steps, settings, columns=RUN_COLUMNS)
        return SeedRun(seed=seed, frame=frame.rename(columns={
            MODEL_VOL_COLUMN: VOL_SERIES, f"news_{MODEL_VOL_COLUMN}": f"news_{VOL_SERIES}"}))
    except Exception as exc:  # one failed seed must not stop the others
        return SeedRun(seed=seed, error=f"{type(exc).__name__}: {exc}")


def run_episodes(episodes: list[Episode], seeds: list[int], settings: dict[str, Any],
                 executor: cf.Executor | None = None,
                 done: Callable[[Episode, list[SeedRun]], None] | None = None,
                 ) -> list[list[SeedRun]]:
    """Every seed of every episode (all submitted at once when an executor is given).

    Args:
        episodes: The episodes, each run for its `steps`.
        seeds: The seeds, the same for every episode.
        settings: Parameter overrides (`--set`), the same for every episode.
        executor: Where to run; None runs here, one after another.
        done: Called with each episode's runs once they are all in (progress).

    Returns:
        Per episode, its runs in seed order.

    """
    jobs = [[(e.scenario, seed, e.steps, settings) for seed in seeds] for e in episodes]
    if executor is None:
        futures = None
    else:
        futures = [[executor.submit(run_seed, *job) for job in row] for row in jobs]
    results = []
    for index, episode in enumerate(episodes):
        runs = ([run_seed(*job) for job in jobs[index]] if futures is None
                else [future.result() for future in futures[index]])
        if done is not None:
            done(episode, runs)
        results.append(runs)
    return results


def paths(runs: list[SeedRun], name: str, net: bool = False) -> pd.DataFrame:
    """One yield of the successful runs: ISO dates by runs (percent).

    Args:
        runs: An episode's runs.
        name: The yield column (`y_10y`).
        net: Net of the model's daily macro news (a zero-mean control variate: the same
            expected change, far less seed-to-seed noise; see calibration.moments).

    """
    ok = [r.frame for r in runs if r.frame is not None]
    columns = {i: (f[name] - f[f"news_{name}"]) if net else f[name] for i, f in enumerate(ok)}
    return pd.DataFrame(columns)
