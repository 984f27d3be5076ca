"""Mortgage convexity: the duration that agency MBS hand to bond investors as rates move.

US mortgages can be prepaid, so an MBS is short while refinancing pays (the mortgage rate
well below the rate on the loans outstanding) and long once it does not. When yields rise
near that point, MBS extend and bond investors must carry more interest-rate risk: a duration
supply that raises the term premium, and so yields, further (Hanson 2014, "Mortgage
convexity", JFE 113). Far from it, as in 2025 with mortgage rates ~2.5pp above the loans
outstanding, MBS duration barely moves. The state of the mortgage book, not an episode
switch, decides whether the channel amplifies a move.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from model.params import ModelParams


@dataclass(frozen=True)
class MortgageBook:
    """Privately held agency MBS and how their duration depends on the refinancing incentive.

    Attributes:
        private_bn: Agency MBS not held by the Fed ($bn face).
        coupon_pct: Average rate on the mortgages outstanding (%).
        spread_pp: Primary mortgage rate minus the 10y Treasury yield (pp).
        long_years: Duration when nobody can gain by refinancing.
        short_years: Duration in a refinancing wave.
        mid_pp: Refinancing incentive (coupon minus mortgage rate) at which duration is
            halfway between the two.
        width_pp: How gradually duration moves with the incentive (logistic scale).
        start_years: Duration at the start (the start yields price it).
    """

    private_bn: float
    coupon_pct: float
    spread_pp: float
    long_years: float
    short_years: float
    mid_pp: float
    width_pp: float
    start_years: float = 0.0

    @classmethod
    def from_params(cls, params: ModelParams) -> MortgageBook:
        """The book of a run, its start duration taken at the start 10y."""
        book = cls(private_bn=params.mbs_private_bn, coupon_pct=params.mortgage_coupon_pct,
                   spread_pp=params.mortgage_spread_pp, long_years=params.mbs_duration_long_years,
                   short_years=params.mbs_duration_short_years,
                   mid_pp=params.refi_incentive_mid_pp, width_pp=params.refi_incentive_width_pp)
        return cls(**{**book.__dict__, "start_years": book.duration(params.start_yield_10y)})

    def duration(self, ten_year_pct: float) -> float:
        """Effective duration of the MBS book at a 10y yield (years)."""
        incentive = self.coupon_pct - (ten_year_pct + self.spread_pp)
        z = (incentive - self.mid_pp) / self.width_pp
        refinancing = 1.0 / (1.0 + math.exp(-z)) if z > -60.0 else 0.0
        return self.long_years - (self.long_years - self.short_years) * refinancing

    def extension_10y_eq_bn(self, ten_year_pct: float, ten_year_duration: float) -> float:
        """Duration the book has handed to investors since the start, in 10y-equivalents ($bn).

        Args:
            ten_year_pct: The 10y yield the mortgage rate follows (%).
            ten_year_duration: The 10y note's duration (years): the unit of 10y-equivalents.

        """
        return self.extension_at(self.duration(ten_year_pct), ten_year_duration)

    def extension_at(self, duration_years: float, ten_year_duration: float) -> float:
        """`extension_10y_eq_bn` for a duration already worked out (the model's step has it)."""
        return self.private_bn * (duration_years - self.start_years) / ten_year_duration
