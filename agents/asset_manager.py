"""Asset managers (bond mutual funds and ETFs): investors' flows drive their trades.

Investors chase recent performance, so losses bring outflows that the fund meets by selling
pro rata; the fund also rebalances towards its target maturity mix and, in normal times,
invests its share of new supply. Idiosyncratic investor flows are the model's noise flow:
each fund's flow noise is scaled so that the aggregate has the calibrated size whatever the
number of funds.
"""

from __future__ import annotations

import numpy as np

from agents.base import Cohort, by_columns, column_blocks, draw_books
from model.orders import HolderType, OrderBatch, holder_sums
from model.params import ModelParams
from model.state import PublicState


class AssetManagers(Cohort):
    """Every asset manager's book, target mix and flow sensitivity as arrays.

    A fund's target mix, its share of normal supply and the size of its investors' noise
    flow all follow from its starting book, so the starting book is the one array kept
    besides the holdings; the three are recomputed from it when used (a few array
    operations a step), which keeps a fund at two (4,) columns of memory rather than four.

    Attributes:
        starting_holdings: Each fund's face by bucket at the start (4, n), $bn.
        last_flow_bn: The cohort's investor flow in the last step ($bn, + inflow).

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
        self.starting_holdings = self.holdings.copy()
        self.noise_flow_bn = params.am_noise_flow_bn
        size = holder_sums(self.starting_holdings)
        self.size_norm = max(np.sqrt((size ** 2).sum()), 1e-12)
        self.flow_per_pct = params.am_flow_per_pct_return
        self.rebalance_speed = params.am_rebalance_speed
        self.absorbers: np.ndarray | None = None
        self.last_flow_bn = 0.0

    @property
    def target_weights(self) -> np.ndarray:
        """Target market-value weight of each bucket, by fund (4, n): the starting mix."""
        return self._mix(holder_sums(self.starting_holdings))

    def _mix(self, size: np.ndarray) -> np.ndarray:
        """Each fund's starting mix given its starting size (see `target_weights`)."""
        return by_columns(np.divide, self.starting_holdings, np.maximum(size, 1e-12))

    @property
    def flow_noise_bn(self) -> np.ndarray:
        """Standard deviation of each fund's idiosyncratic daily flow, $bn (n,).

        Proportional to the fund's starting size and scaled so the aggregate noise flow has
        the calibrated size whatever the number of funds.
        """
        return self._flow_noise(holder_sums(self.starting_holdings))

    def _flow_noise(self, size: np.ndarray) -> np.ndarray:
        """Each fund's noise-flow deviation given its starting size (see `flow_noise_bn`)."""
        return self.noise_flow_bn * size / self.size_norm

    def share_normal_supply(self, absorbers: np.ndarray) -> None:
        """Take part in normal absorption: shares are recomputed from the starting books."""
        self.absorbers = absorbers.copy()
        self.normal_share_total = (self.starting_holdings / absorbers[:, None]).sum(axis=1)

    def add_normal_orders(self, funds: np.ndarray, block: slice, supply: np.ndarray,
                          work: np.ndarray) -> None:
        """Add a block of funds' shares of today's scheduled supply to their orders."""
        if self.absorbers is not None:
            np.divide(self.starting_holdings[:, block], self.absorbers[:, None], out=work)
            np.add(funds, np.multiply(work, supply, out=work), out=funds)

    def investor_flows(self, state: PublicState,
                       noise: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Investors' flows by fund ($bn, + inflow), with the funds' target weights and AUM.

        Flows chase the trailing 20-day return of each fund's target mix, plus the fund's
        idiosyncratic noise flow; weights and assets under management ($bn) are returned
        because the orders reuse them.
        """
        size = holder_sums(self.starting_holdings)
        weights = self._mix(size)
        aum = (state.prices / 100.0) @ self.holdings
        trailing = state.returns_20d_pct @ weights
        flow = aum * self.flow_per_pct * trailing + self._flow_noise(size) * noise
        return flow, weights, aum

    def orders(self, state: PublicState, noise: np.ndarray) -> OrderBatch:
        """Invest or redeem investors' flows pro rata, rebalance, absorb normal supply."""
        flow, face, aum = self.investor_flows(state, noise)
        self.last_flow_bn = float(flow.sum())
        scale = flow + self.rebalance_speed * aum
        for row, price in zip(face, state.prices.tolist(), strict=True):
            unit_price = price / 100.0
            row /= unit_price  # a bucket row at a time: see `by_columns`
            row *= scale
        supply = state.scheduled_supply[:, None]
        for block in column_blocks(self.size):
            funds = face[:, block]  # a view: ufuncs with out= write through it
            term = np.multiply(self.rebalance_speed, self.holdings[:, block])
            np.subtract(funds, term, out=funds)
            self.add_normal_orders(funds, block, supply, term)
        return self.batch(face)
