"""Simulating the target moments for one seed: scenarios paired by seed.

Module-level functions only, so a process pool or a Dask worker can run them; each returns
plain numbers and short paths (for fan charts), never a model.

Two devices keep the seed-to-seed spread of every moment small, so a few dozen seeds give
medians with standard errors of 1-2bp:
- Operation targets are gaps to the baseline on the same seed (common random numbers).
- Liberation-window moments are measured net of the model's exogenous daily macro news
  (`ExpectedRates.news`): a control variate with mean zero by construction, drawn
  independently of the events, so removing it leaves the expected change as it is and takes
  the seed-to-seed sd from 20-30bp to about 2bp. The full paths, news included, still go to
  the fan chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model.instruments import BUCKETS
from model.scenario import Scenario
from model.yieldmodel import YieldModel
from yieldsim.calibration.operations import FED, OPERATION_START, SALE, SELLER, operation_scenario

SALE_START, SALE_DAYS, LATER = OPERATION_START, 21, 63
SALE_END = SALE_START + SALE_DAYS - 1
JAPAN_STEPS = SALE_END + LATER + 1
FED_AMOUNT_BN, FED_DAYS = 300.0, 150                 # D'Amico & King (2013): 2009 programme
FED_END = OPERATION_START + FED_DAYS - 1
SLOW_AMOUNT_BN, SLOW_DAYS = 250.0, 750               # China's 2014-16 drawdown pace (TIC)
SLOW_END = OPERATION_START + SLOW_DAYS - 1
LIBERATION_STEPS = 41          # 3 March to 30 April 2025: the FRED window
SD_STEPS = JAPAN_STEPS         # the baseline window whose daily sd is a target
COLUMNS = ("y_2y", "y_10y", "y_30y")
TIGHT_CAPACITY_BN = 100.0      # dealer room for the capacity target ($bn 10y-eq)


@dataclass(frozen=True)
class EpisodeWindows:
    """A `fit` episode whose named windows join the calibration's moments.

    Attributes:
        scenario: The episode's scenario.
        steps: Trading days to run (to its `[history]` end).
        windows: (moment name, yield column, first date, last date) per window; each moment
            is the change between the two closes net of the daily macro news, bp.
    """

    scenario: Scenario
    steps: int
    windows: tuple[tuple[str, str, str, str], ...]


def episode_moments(seed: int, settings: dict[str, Any],
                    episodes: tuple[EpisodeWindows, ...]) -> dict[str, float]:
    """The window moments of every given episode for one seed."""
    moments = {}
    for episode in episodes:
        columns = tuple(sorted({column for _, column, _, _ in episode.windows}))
        frame = run_frame(episode.scenario, seed, episode.steps, settings, columns=columns)
        for name, column, first, last in episode.windows:
            moments[name] = change_bp(frame, column, first, last)
    return moments


@dataclass
class SeedResult:
    """Moments and paths of one seed.

    Attributes:
        seed: The seed shared by the scenarios.
        moments: Target name -> value.
        liberation_paths: Simulated liberation-day-2025 yields (news included): column ->
            {date: percent}.
        japan_gap_bp: japan-sells minus baseline, 10y, by step.
        error: Set when the seed failed (moments are then empty).
    """

    seed: int
    moments: dict[str, float] = field(default_factory=dict)
    liberation_paths: dict[str, dict[str, float]] = field(default_factory=dict)
    japan_gap_bp: list[float] = field(default_factory=list)
    error: str | None = None


def run_frame(scenario: str | Scenario, seed: int, steps: int, settings: dict[str, Any],
              columns: tuple[str, ...] = COLUMNS) -> pd.DataFrame:
    """Run one scenario; date-indexed yields and the cumulative macro news by bucket (%).

    `columns` are yield columns (`y_<bucket>`); each gets a `news_<column>` beside it.
    """
    model = YieldModel(scenario=scenario, rng=seed, **settings)
    news = [model.rates.news.copy()]
    for _ in range(steps):
        model.run_for(1)
        news.append(model.rates.news.copy())
    frame = model.timeseries().set_index("date")[[*columns, "y2_expected_rate"]]
    drawn = np.array(news)
    for column in columns:
        # The dollar has no macro-news draw of its own to net out: its net path is itself.
        frame[f"news_{column}"] = (drawn[:, BUCKETS.index(column.removeprefix("y_"))]
                                   if column.startswith("y_") else 0.0)
    # The 2y's expected-rate component carries the same daily news as the 2y itself.
    frame["news_y2_expected_rate"] = drawn[:, BUCKETS.index("2y")]
    return frame


def change_bp(frame: pd.DataFrame, column: str, start: str, end: str) -> float:
    """Change of a yield between two dates, net of the daily macro news, in bp."""
    net = frame[column] - frame[f"news_{column}"]
    return float((net.loc[end] - net.loc[start]) * 100.0)


def gap_bp(run: pd.DataFrame, base: pd.DataFrame, column: str = "y_10y") -> np.ndarray:
    """A yield of a run minus the baseline's on the same seed, by step, bp (10y unless told)."""
    n = len(run)
    return (run[column].to_numpy() - base[column].to_numpy()[:n]) * 100.0


def seed_moments(seed: int, settings: dict[str, Any], liberation_steps: int = LIBERATION_STEPS,
                 slow: bool = True, episodes: tuple[EpisodeWindows, ...] = ()) -> SeedResult:
    """All target moments for one seed at the given parameter settings.

    Args:
        seed: Seed for every scenario (common random numbers).
        settings: Parameter overrides (calibration candidates).
        liberation_steps: How far to run liberation-day-2025 (longer to compare a later
            window of real yields).
        slow: Whether to run the 750-day slow sale (its gap barely varies across seeds, so a
            few seeds suffice and the others skip it).
        episodes: `fit` episodes whose windows are moments too (`calibrate --history`).

    Returns:
        The seed's moments and paths.
    """
    # Beltran et al.'s band is for the 5y: the sale and its baseline keep it too.
    with_5y = (*COLUMNS, "y_5y")
    base = run_frame("baseline", seed, SLOW_END if slow else FED_END, settings, with_5y)
    sale = run_frame("japan-sells", seed, JAPAN_STEPS - 1, settings, with_5y)
    fed = run_frame(operation_scenario(FED, FED_AMOUNT_BN, FED_DAYS, FED_END), seed, FED_END,
                    settings)
    lib = run_frame("liberation-day-2025", seed, max(liberation_steps, LIBERATION_STEPS),
                    settings)
    japan_gap = gap_bp(sale, base)
    japan_gap_5y = gap_bp(sale, base, "y_5y")
    # The market's own share of the April week: the same seed with every friction off.
    smooth = run_frame("liberation-day-2025", seed, LIBERATION_STEPS,
                       {**settings, "frictionless": True})
    # Dealers that bind: the same sale and baseline with less dealer room, both with the
    # Fed's backstop off, so that what is measured is the dealers' constraint and not the
    # backstop it trips at 90% utilisation.
    def sale_gap(**overrides: Any) -> np.ndarray:
        changed = {**settings, "fed_backstop": False, **overrides}
        return gap_bp(run_frame("japan-sells", seed, SALE_END, changed),
                      run_frame("baseline", seed, SALE_END, changed))

    capacity_effect = (sale_gap(dealer_capacity_bn=TIGHT_CAPACITY_BN)[SALE_END]
                       - sale_gap()[SALE_END])
    rise_10y = change_bp(lib, "y_10y", "2025-04-04", "2025-04-11")
    rise_2y = change_bp(lib, "y_2y", "2025-04-04", "2025-04-11")
    moments = {
        "japan_gap_end_bp": float(japan_gap_5y[SALE_END]),
        "japan_gap_3m_bp": float(japan_gap_5y[SALE_END + LATER]),
        "fed_gap_end_bp": float(gap_bp(fed, base)[FED_END]),
        "lib_fall_10y_bp": change_bp(lib, "y_10y", "2025-04-02", "2025-04-04"),
        "lib_rise_10y_bp": rise_10y,
        "lib_2y_minus_10y_rise_bp": rise_2y - rise_10y,
        "lib_rise_2y_bp": rise_2y,
        "lib_market_share_bp": rise_10y - change_bp(smooth, "y_10y", "2025-04-04", "2025-04-11"),
        "japan_capacity_effect_bp": float(capacity_effect),
        "lib_2y_expected_share": (change_bp(lib, "y2_expected_rate", "2025-04-04", "2025-04-11")
                                  / rise_2y if rise_2y > 1.0 else 0.0),
        "lib_rise_30y_bp": change_bp(lib, "y_30y", "2025-04-04", "2025-04-11"),
        "lib_retreat_10y_bp": change_bp(lib, "y_10y", "2025-04-11", "2025-04-30"),
        "baseline_sd_bp": float(np.std(np.diff(base["y_10y"].to_numpy()[:SD_STEPS]) * 100.0,
                                       ddof=1)),
        "lib_pre_sd_bp": float(lib["y_10y"].loc[:"2025-04-01"].diff().std() * 100.0),
        "lib_april_sd_bp": float(lib["y_10y"].loc["2025-04-02":"2025-04-30"].diff().std()
                                 * 100.0),
    }
    if slow:
        slow_run = run_frame(operation_scenario(SALE, SLOW_AMOUNT_BN, SLOW_DAYS, SLOW_END,
                                                holder=SELLER), seed, SLOW_END, settings)
        moments["slow_gap_end_bp"] = float(gap_bp(slow_run, base)[SLOW_END])
    moments.update(episode_moments(seed, settings, episodes))
    paths = {column: {d: float(v) for d, v in lib[column].items()} for column in COLUMNS}
    return SeedResult(seed=seed, moments=moments, liberation_paths=paths,
                      japan_gap_bp=[float(g) for g in japan_gap])


def safe_seed_moments(seed: int, settings: dict[str, Any],
                      liberation_steps: int = LIBERATION_STEPS, slow: bool = True,
                      episodes: tuple[EpisodeWindows, ...] = ()) -> SeedResult:
    """`seed_moments`, returning a failure record instead of raising (workers go on)."""
    try:
        return seed_moments(seed, settings, liberation_steps, slow, episodes)
    except Exception as exc:  # a failed candidate must not stop a search
        return SeedResult(seed=seed, error=f"{type(exc).__name__}: {exc}")
