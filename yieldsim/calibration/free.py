"""The parameters the calibration may move, their bounds, and the target each mainly moves.

Everything else keeps its documented default (public data, or a hand-tuned value that
docs/parameters.md lists as such).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FreeParameter:
    """A parameter the search may move, with its bounds and why it is free.

    Attributes:
        name: Parameter name.
        lo: Lower bound.
        hi: Upper bound.
        why: Which target it mainly moves.
    """

    name: str
    lo: float
    hi: float
    why: str


FREE_PARAMETERS: tuple[FreeParameter, ...] = (
    FreeParameter("supply_flow_bp_per_100bn", 20.0, 150.0, "Japan-sale gap at the end of the sale"),
    FreeParameter("supply_flow_half_life_days", 10.0, 120.0, "how much of the gap persists, and "
                  "how little a slow sale accumulates"),
    FreeParameter("pressure_bp_per_100bn", 5.0, 40.0, "short-run dealer pressure"),
    FreeParameter("tp_bp_per_uncertainty", 15.0, 100.0, "the April 2025 rise"),
    FreeParameter("safe_haven_bp_per_uncertainty", 5.0, 50.0, "the fall after Liberation Day"),
    FreeParameter("uncertainty_build_speed", 0.05, 0.5, "timing of fall and rise"),
    FreeParameter("news_level_bp", 3.5, 7.0, "calm daily volatility"),
)
