"""Small builders shared by the tests (plain functions; pytest fixtures live in conftest)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from model.instruments import Curve
from model.market import Market
from model.orders import HolderType, OrderBatch

# The installed `yieldsim` program of the interpreter running the tests.
YIELDSIM = str(Path(sys.executable).parent / "yieldsim")
START = np.array([3.96, 4.035, 4.16, 4.45])


def make_market(capacity_bn: float = 100.0, pressure: float = 15.0) -> Market:
    """A market with the 2025 starting curve and no agents anywhere."""
    curve = Curve(coupons_pct=START.copy())
    durations = curve.durations(START)
    return Market(curve=curve, capacity_bn=capacity_bn, ten_year_weights=durations / durations[2],
                  pressure_bp_per_100bn=pressure, impact_coefficient=1.0, impact_decay=0.7,
                  volume_bn=np.array([400.0, 280.0, 200.0, 120.0]))


def batch(face: list[list[float]] | np.ndarray, available: np.ndarray | str | None = "auto",
          holder_type: HolderType = HolderType.REAL_MONEY, must_fill: bool = False,
          sender: str = "fake") -> OrderBatch:
    """An order batch from a fake sender; rows are holders, columns buckets (transposed here).

    By default each holder holds exactly what it wants to sell (plus 100 of every bucket).
    """
    orders = np.asarray(face, dtype=float).T.copy()
    if isinstance(available, str):
        available = np.full_like(orders, 100.0)
    return OrderBatch(sender=sender, holder_type=holder_type, face=orders, available=available,
                      must_fill=must_fill)


def public_state(**changes):
    """Public state at the start of a calm 2025 market, with some fields changed."""
    from model.state import PublicState
    from model.tariffs import TariffSchedule

    curve = Curve(coupons_pct=START.copy())
    values = dict(step=1, date=pd.Timestamp("2025-03-04"), yields=START.copy(),
                  start_yields=START.copy(), pressure_bp=np.zeros(4),
                  prices=curve.price(START), durations=curve.durations(START),
                  returns_20d_pct=np.zeros(4), vol_ratio=1.0, uncertainty=0.0,
                  dealer_utilization=0.0, dealer_inventory=np.zeros(4),
                  tariffs=TariffSchedule(), scheduled_supply=np.zeros(4))
    values.update(changes)
    return PublicState(**values)
