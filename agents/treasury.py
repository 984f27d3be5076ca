"""The US Treasury: net issuance to finance the deficit and refinance Fed runoff.

Smoothed issuance sells the same amount every day; the auction calendar instead issues each
bucket's monthly amount on its auction day, so dealers carry new supply for a while, as at
real auctions. Issuance is an order like any other, filled in full (auctions always clear).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np
import pandas as pd

from model.calendar import TRADING_DAYS_PER_MONTH, TRADING_DAYS_PER_YEAR
from model.orders import HolderType, OrderBatch
from model.params import ModelParams
from model.state import PublicState
from model.values import StateError

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel

# Share of net coupon-and-bill issuance by bucket (approx., Treasury quarterly refunding 2025).
ISSUANCE_MIX = np.array([0.45, 0.28, 0.17, 0.10])
# Day of the month on (or after) which each bucket is auctioned (approx. calendar).
AUCTION_DAY = (25, 26, 10, 11)


class Treasury(mesa.Agent):
    """The issuer.

    Attributes:
        daily_bn: Smoothed net issuance by bucket ($bn per day), including runoff refinancing.
        auctions: Whether to issue by calendar.

    """

    holder_type = HolderType.TREASURY

    def __init__(self, model: YieldModel, params: ModelParams, runoff_per_day: np.ndarray) -> None:
        """Create the Treasury.

        Args:
            model: The model it belongs to.
            params: Model parameters.
            runoff_per_day: Fed maturities by bucket that must be refinanced each day.

        """
        super().__init__(model)
        self.auctions = params.treasury_auctions
        self.base_deficit_per_day = params.treasury_net_issuance_bn_per_day * ISSUANCE_MIX
        self.deficit_per_day = self.base_deficit_per_day.copy()
        self.set_refinancing(runoff_per_day)

    def set_refinancing(self, runoff_per_day: np.ndarray) -> None:
        """Refinance the Fed's runoff on top of the deficit."""
        self.runoff_per_day = runoff_per_day
        self.daily_bn = self.deficit_per_day + runoff_per_day

    def set_deficit_change(self, extra_per_day: np.ndarray) -> None:
        """Issue the base deficit plus the fiscal changes in force (`model.fiscal`).

        Raises:
            StateError: The changes take net issuance in a bucket below zero: the model has
                no buybacks, so a cut may at most end the deficit.

        """
        deficit = self.base_deficit_per_day + extra_per_day
        if (deficit < -1e-9).any():
            yearly = float(deficit.sum()) * TRADING_DAYS_PER_YEAR
            raise StateError(
                f"the fiscal events in force take net issuance to ${yearly:,.0f}bn a year, below "
                "zero: the model has no buybacks; make the deficit cuts smaller or raise "
                "treasury_net_issuance_bn_per_day")
        self.deficit_per_day = deficit
        self.set_refinancing(self.runoff_per_day)

    def due_today(self, date: pd.Timestamp, previous: pd.Timestamp) -> np.ndarray:
        """Face to issue on `date` ($bn per bucket)."""
        if not self.auctions:
            return self.daily_bn.copy()
        due = np.zeros_like(self.daily_bn)
        for b, day in enumerate(AUCTION_DAY):
            first_on_or_after = date.day >= day and (previous.month != date.month
                                                     or previous.day < day)
            if first_on_or_after:
                due[b] = self.daily_bn[b] * TRADING_DAYS_PER_MONTH
        return due

    def orders(self, state: PublicState, due: np.ndarray) -> OrderBatch:
        """Sell today's new issues."""
        return OrderBatch(sender="treasury", holder_type=self.holder_type, face=-due[:, None],
                          available=None, must_fill=True, holder=self)

    def settle(self, fills: np.ndarray, prices: np.ndarray) -> None:
        """Nothing to book: issuance adds to outstanding, which the model keeps."""
