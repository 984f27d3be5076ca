"""The Federal Reserve: balance-sheet runoff, purchase and sale programmes, a stress backstop.

Runoff is maturity, not a sale: maturing bonds leave the Fed's book and the market's
outstanding, and the Treasury refinances them by issuing to the public. Programmes (an
amount over a number of days) and the backstop are operations in the market, and like the
New York Fed's real operations they are reverse auctions: the Fed buys what dealers offer
(their long positions, filled by clients who sell into the richer prices) and sells what
they bid for; what is not filled carries over to the next operation. The backstop bids for
what dealers are long of while dealer utilisation (the stress measure) is above its
threshold, and keeps going until stress has halved, as in March 2020. Scenario `fed` events
act only through the narrow methods below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from model.calendar import TRADING_DAYS_PER_MONTH
from model.instruments import N_BUCKETS
from model.orders import HolderType, OrderBatch, bucket_total
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
        programme_bn_per_day: Announced daily programme amount by bucket ($bn; + buys).
        programme_days_left: Days of the programme still to be announced.
        backlog_bn: Programme amounts announced but not yet filled, by bucket ($bn; + buys).
        purchases_bn: Face bought (net of sales) in the last step.
        purchases_total_bn: Face bought (net of sales) over the run.
        programme_filled_bn: Face the announced programmes have bought (net of sales) over
            the run, by bucket: expected operations, which the market priced when announced.

    """

    holder_type = HolderType.FED

    def __init__(self, model: YieldModel, holdings: np.ndarray, outstanding_share: np.ndarray,
                 params: ModelParams) -> None:
        """Create the Fed.

        Args:
            model: The model it belongs to.
            holdings: SOMA face by bucket ($bn).
            outstanding_share: Share of outstanding by bucket (how programmes are spread).
            params: Model parameters.

        """
        super().__init__(model)
        self.holdings = holdings.astype(float).copy()
        self.outstanding_share = outstanding_share
        self.set_runoff(params.fed_runoff_bn_per_month)
        self.backstop_enabled = params.fed_backstop
        self.threshold = params.fed_backstop_threshold
        self.exit_share = params.fed_backstop_exit_share
        self.pace_bn = params.fed_backstop_bn_per_day
        self.backstop_active = False
        self.programme_bn_per_day = np.zeros_like(self.holdings)
        self.programme_days_left = 0
        self.backlog_bn = np.zeros_like(self.holdings)
        self.purchases_bn = 0.0
        self.purchases_total_bn = 0.0
        self.programme_filled_bn = np.zeros_like(self.holdings)

    def set_runoff(self, bn_per_month: float) -> None:
        """Set the runoff cap; maturities are spread across buckets like the book."""
        self.runoff_per_day = (bn_per_month / TRADING_DAYS_PER_MONTH
                               * self.holdings / max(self.holdings.sum(), 1e-12))

    def set_backstop(self, enabled: bool) -> None:
        """Switch the stress backstop on or off (an episode under way ends when switched off)."""
        self.backstop_enabled = enabled

    def mature(self) -> np.ndarray:
        """Let today's runoff mature out of the book; returns the matured face by bucket."""
        matured = np.minimum(self.runoff_per_day, self.holdings)
        self.holdings -= matured
        return matured

    def start_programme(self, amount_bn: float, days: int) -> None:
        """Announce purchases of `amount_bn` over `days` operations, spread like outstanding.

        A new programme replaces the daily pace of one still running; amounts announced but
        not yet filled stay in the backlog.
        """
        self.programme_bn_per_day = amount_bn / days * self.outstanding_share
        self.programme_days_left = days

    def start_sales(self, amount_bn: float, days: int) -> None:
        """Announce sales of `amount_bn` from the book over `days` operations."""
        self.start_programme(-amount_bn, days)

    def programme_pace_today(self) -> np.ndarray:
        """Today's scheduled programme purchases by bucket ($bn; sales negative; 0 if none).

        Holders expect them: the private sector's normal demand makes room for them.
        """
        if self.programme_days_left > 0:
            return self.programme_bn_per_day
        return np.zeros_like(self.programme_bn_per_day)

    def announced_remaining(self) -> np.ndarray:
        """Purchases announced and not yet bought, by bucket ($bn face; sales count negative).

        What forward-looking holders price: the programme's days still to come at its pace,
        plus the backlog of operations announced but not yet filled.
        """
        return self.backlog_bn + self.programme_bn_per_day * self.programme_days_left

    def orders(self, state: PublicState) -> OrderBatch:
        """Today's operation: the programme's backlog plus backstop bids, as a reverse auction."""
        stress = state.dealer_utilization
        if self.backstop_enabled and stress >= self.threshold:
            self.backstop_active = True
        elif self.backstop_active and (stress < self.threshold * self.exit_share
                                       or not self.backstop_enabled):
            self.backstop_active = False
        if self.programme_days_left > 0:
            self.backlog_bn = self.backlog_bn + self.programme_bn_per_day
            self.programme_days_left -= 1
        face = self.backlog_bn.tolist()
        if self.backstop_active:  # the backstop bid is for today only: it is not carried over
            long_inventory = [max(face_bn, 0.0) for face_bn in state.dealer_inventory.tolist()]
            long_total = bucket_total(long_inventory)
            if long_total > 0:
                share = min(1.0, self.pace_bn / long_total)
                face = [b + long * share for b, long in zip(face, long_inventory, strict=True)]
        # A copy of the book: today's runoff matures out of it before the market clears.
        return OrderBatch(sender="fed", holder_type=self.holder_type,
                          face=np.array(face).reshape(N_BUCKETS, 1),
                          available=self.holdings[:, None].copy(), holder=self,
                          reverse_auction=True)

    def settle(self, fills: np.ndarray, prices: np.ndarray) -> None:
        """Book fills; what the programme did not get carries over in the backlog."""
        self.holdings += fills[:, 0]
        filled = fills.ravel().tolist()
        # Fills serve the programme first: the backstop bid only exists for today.
        backlog, programme = [], []
        for fill, wanted in zip(filled, self.backlog_bn.tolist(), strict=True):
            programme_fill = (min(max(fill, 0.0), max(wanted, 0.0)) if wanted > 0
                              else min(max(fill, min(wanted, 0.0)), 0.0))
            left = wanted - programme_fill
            backlog.append(0.0 if abs(left) < 1e-12 else left)
            programme.append(programme_fill)
        self.backlog_bn = np.array(backlog)
        if any(programme):
            self.programme_filled_bn = self.programme_filled_bn + np.array(programme)
        self.purchases_bn = bucket_total(filled)
        self.purchases_total_bn += self.purchases_bn
