"""Real-money investors (pensions, insurers, banks, foreign private): the patient buyers.

Each buys when bonds are cheap, within a daily budget proportional to its book: cheap means
either a dealer price concession (they supply liquidity to dealers who need to lay bonds
off) or a yield level above the investor's own target (liability-driven buying). They also
take their share of new supply in normal times. Over weeks they are who absorbs a foreign
sale.
"""

from __future__ import annotations

import numpy as np

from agents.base import Cohort, clip_unit, column_blocks, draw_books, outer_difference
from model.instruments import N_BUCKETS
from model.orders import HolderType, OrderBatch
from model.params import ModelParams
from model.state import PublicState


class RealMoney(Cohort):
    """Every real-money investor's book, budget and targets as arrays.

    Attributes:
        concession_threshold_bp: Price concession at which each investor starts buying (bp).
        target_offset_pct: Each investor's target yield relative to the start curve (percent).

    """

    name = "real_money"
    holder_type = HolderType.REAL_MONEY

    def __init__(self, rng: np.random.Generator, n: int, bucket_totals: np.ndarray,
                 params: ModelParams) -> None:
        """Draw investors whose books sum to the sector's holdings.

        Args:
            rng: The model's random generator.
            n: Number of investors.
            bucket_totals: Sector face by bucket ($bn).
            params: Model parameters.

        """
        self.holdings = draw_books(rng, n, bucket_totals, params.fund_size_dispersion)
        self.concession_threshold_bp = rng.normal(0.0, params.rm_threshold_dispersion_bp, n)
        self.target_offset_pct = rng.normal(0.0, params.rm_target_dispersion_bp / 100.0, n)
        self.budget_rate = params.rm_budget_pct / 100.0
        self.vol_aversion = params.rm_vol_aversion
        self.band_bp = params.rm_pressure_band_bp
        self.level_weight = params.rm_level_weight
        self.level_band_pct = params.rm_level_band_bp / 100.0

    def orders(self, state: PublicState, noise: np.ndarray) -> OrderBatch:
        """Buy into concessions and above-target yields, within budget; take normal supply."""
        # face = budget * holdings * ((1 - w) * concession + w * level) + normal orders,
        # a block of funds at a time and in place: the same floating-point operations, with
        # temporaries of one block (a million funds' orders are one array, not five).
        excess_yield = [y - start for y, start in zip(state.yields.tolist(),
                                                      state.start_yields.tolist(), strict=True)]
        pressure = state.pressure_bp.tolist()
        supply = state.scheduled_supply[:, None]
        # Risk budgets: the duration an investor will add in a day shrinks as volatility
        # rises (never grows below calm), so depth thins when markets are volatile.
        # (At or below calm the factor is 1: a zero vol_ratio, after a day without a move
        # under realised_vol_decay=0, would otherwise divide by zero.)
        ratio = state.vol_ratio
        budget = self.budget_rate * (1.0 if ratio <= 1.0 else ratio ** -self.vol_aversion)
        face = np.multiply(budget, self.holdings)
        for block in column_blocks(self.size):
            thresholds = self.concession_threshold_bp[block]
            # Both gaps in one array, so that one clip bounds them both.
            gaps = np.empty((2 * N_BUCKETS, thresholds.shape[0]))
            concession, level = gaps[:N_BUCKETS], gaps[N_BUCKETS:]
            outer_difference(pressure, thresholds, out=concession)
            concession /= self.band_bp
            outer_difference(excess_yield, self.target_offset_pct[block], out=level)
            level /= self.level_band_pct
            clip_unit(gaps)
            concession *= 1.0 - self.level_weight
            level *= self.level_weight
            concession += level
            funds = face[:, block]  # a view: ufuncs with out= write through it
            np.multiply(funds, concession, out=funds)
            self.add_normal_orders(funds, block, supply, level)
        return self.batch(face)
