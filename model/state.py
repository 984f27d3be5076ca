"""What every holder may observe before it decides: public market state, read-only.

Holders see yesterday's close (yields, components, realised volatility, tariffs, dealer
strain, returns) and their own book; they never see other holders or touch prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model.tariffs import TariffSchedule


@dataclass(frozen=True, init=False)
class PublicState:
    """A snapshot of public information at the start of a step.

    Attributes:
        step: Step about to run (1 = first trading day after the start).
        date: Trading date of that step.
        yields: Last close yields by bucket, percent.
        start_yields: Yields at the start of the run, percent.
        pressure_bp: Dealer price concession in the last close by bucket, bp.
        prices: Last close prices per 100 face.
        durations: Modified durations at the last close.
        returns_20d_pct: Price return of each bucket over the last 20 steps, percent.
        vol_ratio: Realised 10y volatility relative to calm.
        implied_vol_ratio: The volatility index relative to its calm level (the VIX-like
            index of `model/equity.py`): what margin setters see coming, before it is realised.
        uncertainty: Policy uncertainty level (units).
        dealer_utilization: Share of dealer capacity in use.
        dealer_inventory: Dealer inventory by bucket ($bn face; primary dealer statistics are
            published).
        tariffs: The tariff schedule as announced.
        scheduled_supply: Face per bucket the private sector is expected to absorb today.

    """

    step: int
    date: pd.Timestamp
    yields: np.ndarray
    start_yields: np.ndarray
    pressure_bp: np.ndarray
    prices: np.ndarray
    durations: np.ndarray
    returns_20d_pct: np.ndarray
    vol_ratio: float
    implied_vol_ratio: float
    uncertainty: float
    dealer_utilization: float
    dealer_inventory: np.ndarray
    tariffs: TariffSchedule
    scheduled_supply: np.ndarray

    def __init__(self, step: int, date: pd.Timestamp, yields: np.ndarray,
                 start_yields: np.ndarray, pressure_bp: np.ndarray, prices: np.ndarray,
                 durations: np.ndarray, returns_20d_pct: np.ndarray, vol_ratio: float,
                 uncertainty: float, dealer_utilization: float, dealer_inventory: np.ndarray,
                 tariffs: TariffSchedule, scheduled_supply: np.ndarray,
                 implied_vol_ratio: float = 1.0) -> None:
        """Store the snapshot's fields at once (see `set_fields`)."""
        set_fields(self, step=step, date=date, yields=yields, start_yields=start_yields,
                   pressure_bp=pressure_bp, prices=prices, durations=durations,
                   returns_20d_pct=returns_20d_pct, vol_ratio=vol_ratio,
                   implied_vol_ratio=implied_vol_ratio,
                   uncertainty=uncertainty, dealer_utilization=dealer_utilization,
                   dealer_inventory=dealer_inventory, tariffs=tariffs,
                   scheduled_supply=scheduled_supply)


@dataclass(frozen=True, init=False)
class Close:
    """The market's close after clearing, for books that mark to market.

    Attributes:
        prices: Close prices per 100 face.
        durations: Modified durations at the close.
        pressure_bp: Dealer price concession by bucket, bp: Treasury-specific cheapening that
            a hedged (swap or futures) position loses on when it widens.
        previous_pressure_bp: The same at the previous close.
        supply_bp: Supply (portfolio-balance) premium by bucket, bp; hedges cover part of it.
        previous_supply_bp: The same at the previous close.
        vol_ratio: Realised volatility relative to calm after today's move.
        swap_bp: Swap-rate concession by bucket (bp; `model.swaps`): a swap-hedged position
            loses when it falls less than the Treasury cheapens. Four floats.
        previous_swap_bp: The same at the previous close.

    """

    prices: np.ndarray
    durations: np.ndarray
    pressure_bp: np.ndarray
    previous_pressure_bp: np.ndarray
    supply_bp: np.ndarray
    previous_supply_bp: np.ndarray
    vol_ratio: float
    swap_bp: list[float]
    previous_swap_bp: list[float]

    def __init__(self, prices: np.ndarray, durations: np.ndarray, pressure_bp: np.ndarray,
                 previous_pressure_bp: np.ndarray, supply_bp: np.ndarray,
                 previous_supply_bp: np.ndarray, vol_ratio: float,
                 swap_bp: list[float] | None = None,
                 previous_swap_bp: list[float] | None = None) -> None:
        """Store the close's fields at once (see `set_fields`); swap concessions default to 0."""
        still = [0.0] * len(prices)
        set_fields(self, prices=prices, durations=durations, pressure_bp=pressure_bp,
                   previous_pressure_bp=previous_pressure_bp, supply_bp=supply_bp,
                   previous_supply_bp=previous_supply_bp, vol_ratio=vol_ratio,
                   swap_bp=still if swap_bp is None else swap_bp,
                   previous_swap_bp=still if previous_swap_bp is None else previous_swap_bp)


def set_fields(record: object, **values: Any) -> None:
    """Store a frozen record's fields in one go; they stay frozen (assignment still raises).

    A frozen dataclass's generated `__init__` stores each field through
    `object.__setattr__`, about half a microsecond a field here: the per-step messages
    (snapshots, closes, order batches) write theirs directly into the instance dictionary.
    """
    record.__dict__.update(values)
