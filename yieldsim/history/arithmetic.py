"""The numbers `yieldsim history` reports, from plain frames (no model inside).

Simulated paths are frames with ISO dates as rows and seeds as columns (percent); observed
series are ISO-date-indexed Series (percent). Every change is in basis points, from the close
of the first date to the close of the last.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

BAND = (10, 90)  # the percentiles of the simulated band


@dataclass(frozen=True)
class Band:
    """Median and 10-90% band of a quantity across seeds."""

    median: float
    p10: float
    p90: float


@dataclass(frozen=True)
class PathFit:
    """How a simulated fan fits an observed path over a set of days.

    Attributes:
        days: Days compared.
        first: First day compared.
        last: Last day compared.
        inside_share: Share of the days the observed value lies in the 10-90% band.
        median_rmse_bp: Root mean squared gap between the median path and the observed, bp.
        daily_sd_actual_bp: Sd of the observed day-to-day changes, bp.
        daily_sd_simulated_bp: Sd of each seed's day-to-day changes, median over seeds, bp.

    """

    days: int
    first: str
    last: str
    inside_share: float
    median_rmse_bp: float
    daily_sd_actual_bp: float
    daily_sd_simulated_bp: float


def actual_change_bp(observed: pd.Series, first: str, last: str) -> float:
    """Observed change from the close of `first` to the close of `last`, bp.

    Raises:
        KeyError: A date without an observation (callers check windows against the data
            before they run anything).

    """
    return float((observed.loc[last] - observed.loc[first]) * 100.0)


def simulated_changes_bp(paths: pd.DataFrame, first: str, last: str) -> np.ndarray:
    """Each seed's change from `first` to `last`, bp (one value per column)."""
    return ((paths.loc[last] - paths.loc[first]) * 100.0).to_numpy(dtype=float)


def band(values: np.ndarray) -> Band:
    """Median and 10th/90th percentiles (numpy's linear interpolation) of values across seeds.

    Raises:
        ValueError: No values (every seed failed).

    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        raise ValueError("no values to summarise")
    lo, hi = np.percentile(values, BAND)
    return Band(median=float(np.median(values)), p10=float(lo), p90=float(hi))


def path_fit(paths: pd.DataFrame, observed: pd.Series, dates: list[str]) -> PathFit:
    """Coverage, median-path RMSE and daily sd of a simulated fan against observed values.

    Args:
        paths: Simulated values, ISO dates by seeds.
        observed: Observed values by ISO date (no missing values).
        dates: Days to compare, in order; each must be in both `paths` and `observed`.
            Day-to-day changes are taken between consecutive compared days, for the
            simulation and the data alike (a day missing from the data is skipped in both).

    Raises:
        ValueError: No dates to compare.

    """
    if not dates:
        raise ValueError("no dates to compare")
    sim = paths.loc[dates]
    seen = observed.loc[dates]
    lo, hi = sim.quantile(BAND[0] / 100, axis=1), sim.quantile(BAND[1] / 100, axis=1)
    median = sim.median(axis=1)
    return PathFit(
        days=len(dates), first=dates[0], last=dates[-1],
        inside_share=float(((seen >= lo) & (seen <= hi)).mean()),
        median_rmse_bp=float(np.sqrt(((median - seen) ** 2).mean()) * 100.0),
        daily_sd_actual_bp=float(seen.diff().std() * 100.0),
        daily_sd_simulated_bp=float(sim.diff().std().median() * 100.0),
    )
