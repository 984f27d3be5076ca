"""Simulating the target moments for one seed: the three scenarios, paired by seed.

Module-level functions only, so a process pool or a Dask worker can run them; each returns
plain numbers and short paths (for fan charts), never a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model.yieldmodel import YieldModel

SALE_START, SALE_DAYS, LATER = 20, 21, 63
SALE_END = SALE_START + SALE_DAYS - 1
JAPAN_STEPS = SALE_END + LATER + 1
LIBERATION_STEPS = 41          # 3 March to 30 April 2025: the FRED window


@dataclass
class SeedResult:
    """Moments and paths of one seed.

    Attributes:
        seed: The seed shared by the scenarios.
        moments: Target name -> value.
        liberation_paths: Simulated liberation-day-2025 yields: column -> {date: percent}.
        japan_gap_bp: japan-sells minus baseline, 10y, by step.
        error: Set when the seed failed (moments are then empty).
    """

    seed: int
    moments: dict[str, float] = field(default_factory=dict)
    liberation_paths: dict[str, dict[str, float]] = field(default_factory=dict)
    japan_gap_bp: list[float] = field(default_factory=list)
    error: str | None = None


def ten_year_frame(scenario: str, seed: int, steps: int, settings: dict[str, Any]) -> pd.DataFrame:
    """Run one scenario and return date-indexed 2y, 10y and 30y."""
    model = YieldModel(scenario=scenario, rng=seed, **settings)
    model.run(steps)
    return model.timeseries().set_index("date")[["y_2y", "y_10y", "y_30y"]]


def change_bp(frame: pd.DataFrame, column: str, start: str, end: str) -> float:
    """Change of a yield between two dates, in bp."""
    return float((frame.loc[end, column] - frame.loc[start, column]) * 100.0)


def seed_moments(seed: int, settings: dict[str, Any],
                 liberation_steps: int = LIBERATION_STEPS) -> SeedResult:
    """All target moments for one seed at the given parameter settings.

    Args:
        seed: Seed for all three scenarios (common random numbers).
        settings: Parameter overrides (calibration candidates).
        liberation_steps: How far to run liberation-day-2025 (longer to compare a later
            window of real yields).

    Returns:
        The seed's moments and paths.
    """
    base = ten_year_frame("baseline", seed, JAPAN_STEPS, settings)
    sale = ten_year_frame("japan-sells", seed, JAPAN_STEPS, settings)
    lib = ten_year_frame("liberation-day-2025", seed, max(liberation_steps, LIBERATION_STEPS),
                         settings)
    gap = (sale["y_10y"].to_numpy() - base["y_10y"].to_numpy()) * 100.0
    rise_10y = change_bp(lib, "y_10y", "2025-04-04", "2025-04-11")
    moments = {
        "japan_gap_end_bp": float(gap[SALE_END]),
        "japan_gap_3m_bp": float(gap[SALE_END + LATER]),
        "lib_fall_10y_bp": change_bp(lib, "y_10y", "2025-04-02", "2025-04-04"),
        "lib_rise_10y_bp": rise_10y,
        "lib_2y_minus_10y_rise_bp": change_bp(lib, "y_2y", "2025-04-04", "2025-04-11") - rise_10y,
        "lib_rise_30y_bp": change_bp(lib, "y_30y", "2025-04-04", "2025-04-11"),
        "lib_retreat_10y_bp": change_bp(lib, "y_10y", "2025-04-11", "2025-04-30"),
        "baseline_sd_bp": float(np.std(np.diff(base["y_10y"].to_numpy()) * 100.0, ddof=1)),
        "lib_pre_sd_bp": float(lib["y_10y"].loc[:"2025-04-01"].diff().std() * 100.0),
    }
    paths = {column: {d: float(v) for d, v in lib[column].items()} for column in lib.columns}
    return SeedResult(seed=seed, moments=moments, liberation_paths=paths,
                      japan_gap_bp=[float(g) for g in gap])


def safe_seed_moments(seed: int, settings: dict[str, Any],
                      liberation_steps: int = LIBERATION_STEPS) -> SeedResult:
    """`seed_moments`, returning a failure record instead of raising (workers go on)."""
    try:
        return seed_moments(seed, settings, liberation_steps)
    except Exception as exc:  # a failed candidate must not stop a search
        return SeedResult(seed=seed, error=f"{type(exc).__name__}: {exc}")
