"""Asset managers (bond mutual funds and ETFs): investors' flows drive their trades.

Investors chase recent performance, so losses bring outflows that the fund meets by selling
pro rata; the fund also rebalances towards its target maturity mix and, in normal times,
invests its share of new supply. Idiosyncratic investor flows are the model's noise flow:
each fund's flow noise is scaled so that the aggregate has the calibrated size whatever the
number of funds.
"""

from __future__ import annotations

import numpy as np

from agents.base import Cohort, column_blocks, draw_books
from model.orders import HolderType, OrderBatch, holder_sums
from model.params import ModelParams
from model.state import PublicState


class AssetManagers(Cohort):
    """Every asset manager's book, target mix and flow sensitivity as arrays.

    Attributes:
        target_weights: Target market-value weight of each bucket, by fund (4, n).
        flow_noise_bn: Standard deviation of each fund's idiosyncratic daily flow ($bn).
        last_flow_bn: Investor flow of the last step, by fund ($bn, + inflow).

    """

    name = "asset_managers"
    holder_type = HolderType.ASSET_MANAGER

    def __init__(self, rng: np.random.Generator, n: int, bucket_totals: np.ndarray,
                 params: ModelParams) -> None:
        """Draw funds whose books sum to the sector's holdings.

        Args:
            rng: The model's random generator.
            n: Number of funds.
            bucket_totals: Sector face by bucket ($bn).
            params: Model parameters.

        """
        self.holdings = draw_books(rng, n, bucket_totals, params.fund_size_dispersion)
        size = holder_sums(self.holdings)
        self.target_weights = self.holdings / np.maximum(size, 1e-12)
        self.flow_noise_bn = params.am_noise_flow_bn * size / max(np.sqrt((size ** 2).sum()), 1e-12)
        self.flow_per_pct = params.am_flow_per_pct_return
        self.rebalance_speed = params.am_rebalance_speed
        self.last_flow_bn = np.zeros(n)

    def orders(self, state: PublicState, noise: np.ndarray) -> OrderBatch:
        """Invest or redeem investors' flows pro rata, rebalance, absorb normal supply."""
        unit_price = state.prices / 100.0
        aum = unit_price @ self.holdings
        trailing = state.returns_20d_pct @ self.target_weights
        flow = aum * self.flow_per_pct * trailing + self.flow_noise_bn * noise
        self.last_flow_bn = flow
        # Investor flow pro rata plus rebalancing towards target weights, in one pass:
        # (flow + speed * aum) * w / price - speed * holdings.
        # In place, a block of funds at a time for the terms: no (4, n) temporaries.
        face = np.divide(self.target_weights, unit_price[:, None])
        face *= flow + self.rebalance_speed * aum
        supply = state.scheduled_supply[:, None]
        for block in column_blocks(self.size):
            funds = face[:, block]  # a view: ufuncs with out= write through it
            term = np.multiply(self.rebalance_speed, self.holdings[:, block])
            np.subtract(funds, term, out=funds)
            if self.normal_share is not None:
                np.add(funds, np.multiply(self.normal_share[:, block], supply, out=term),
                       out=funds)
        return self.batch(face)
