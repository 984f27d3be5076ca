"""The Federal Reserve: balance-sheet runoff and an optional market-stress backstop.

Runoff is maturity, not a sale: maturing bonds leave the Fed's book and the market's
outstanding, and the Treasury refinances them by issuing to the public. The backstop buys
what dealers are long of while dealer utilisation (the stress measure) is above its
threshold, and keeps buying until stress has halved, as in March 2020. Scenario `fed` events
can switch it on or off, order a purchase programme, or move the policy rate (the
expected-rate channel).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from model.calendar import TRADING_DAYS_PER_MONTH
from model.orders import HolderType, OrderBatch
from model.params import ModelParams
from model.state import PublicState

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel


class FederalReserve(mesa.Agent):
    """The Fed's Treasury book and its operations.

    Attributes:
        holdings: SOMA face by bucket ($bn).
        backstop_enabled: Whether stress triggers purchases.
        backstop_active: Whether a backstop episode is under way.
        purchases_bn: Face bought in the last step.
        purchases_total_bn: Face bought over the run.

    """

    holder_type = HolderType.FED

    def __init__(self, model: YieldModel, holdings: np.ndarray, outstanding_share: np.ndarray,
                 params: ModelParams) -> None:
        """Create the Fed.

        Args:
            model: The model it belongs to.
            holdings: SOMA face by bucket ($bn).
            outstanding_share: Share of outstanding by bucket (how purchases are spread).
            params: Model parameters.

        """
        super().__init__(model)
        self.holdings = holdings.astype(float).copy()
        self.outstanding_share = outstanding_share
        self.set_runoff(params.fed_runoff_bn_per_month)
        self.backstop_enabled = params.fed_backstop
        self.threshold = params.fed_backstop_threshold
        self.pace_bn = params.fed_backstop_bn_per_day
        self.backstop_active = False
        self.programme_bn_per_day = 0.0
        self.programme_days_left = 0
        self.purchases_bn = 0.0
        self.purchases_total_bn = 0.0

    def set_runoff(self, bn_per_month: float) -> None:
        """Set the runoff cap; maturities are spread across buckets like the book."""
        self.runoff_per_day = (bn_per_month / TRADING_DAYS_PER_MONTH
                               * self.holdings / max(self.holdings.sum(), 1e-12))

    def mature(self) -> np.ndarray:
        """Let today's runoff mature out of the book; returns the matured face by bucket."""
        matured = np.minimum(self.runoff_per_day, self.holdings)
        self.holdings -= matured
        return matured

    def start_programme(self, amount_bn: float, days: int) -> None:
        """Buy `amount_bn` evenly over `days` steps (a purchase announcement)."""
        self.programme_bn_per_day = amount_bn / days
        self.programme_days_left = days

    def orders(self, state: PublicState) -> OrderBatch:
        """Backstop purchases of dealers' long inventory; programmes spread like outstanding."""
        stress = state.dealer_utilization
        if self.backstop_enabled and stress >= self.threshold:
            self.backstop_active = True
        elif self.backstop_active and (stress < self.threshold / 2.0 or not self.backstop_enabled):
            self.backstop_active = False
        face = np.zeros_like(self.holdings)
        long_inventory = np.maximum(state.dealer_inventory, 0.0)
        if self.backstop_active and long_inventory.sum() > 0:
            face += long_inventory * min(1.0, self.pace_bn / long_inventory.sum())
        if self.programme_days_left > 0:
            face += self.programme_bn_per_day * self.outstanding_share
            self.programme_days_left -= 1
        return OrderBatch(sender="fed", holder_type=self.holder_type, face=face[:, None],
                          available=self.holdings[:, None].copy(), must_fill=True)

    def settle(self, fills: np.ndarray, prices: np.ndarray) -> None:
        """Book purchases."""
        self.holdings += fills[:, 0]
        self.purchases_bn = float(fills.sum())
        self.purchases_total_bn += self.purchases_bn
