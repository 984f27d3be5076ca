"""Dealers: the absorbing side of every imbalance.

Dealers do not decide: the market puts each day's imbalance on their books within their
capacity and quotes a price concession that rises with inventory and utilisation. This agent
is the users' handle on that state; the numbers live in the market, which is testable alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from model.orders import HolderType

if TYPE_CHECKING:
    from model.market import Market
    from model.yieldmodel import YieldModel


class DealerSector(mesa.Agent):
    """The primary-dealer sector as one agent."""

    holder_type = HolderType.DEALER

    def __init__(self, model: YieldModel, market: Market) -> None:
        """Attach the dealer sector to the market whose books it reports."""
        super().__init__(model)
        self.market = market

    @property
    def holdings(self) -> np.ndarray:
        """Inventory above normal by bucket ($bn face; negative = net short)."""
        return self.market.inventory

    @property
    def utilization(self) -> float:
        """Share of balance-sheet capacity in use."""
        return self.market.utilization()

    @property
    def capacity_bn(self) -> float:
        """Balance-sheet capacity, 10y-equivalent $bn."""
        return self.market.capacity_bn
