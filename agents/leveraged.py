"""Leveraged funds: hedged long cash Treasuries on repo, the fire-sale channel.

A fund is long cash bonds and short futures or swaps, so it earns carry and is exposed only
to Treasury-specific cheapening (dealer pressure and the supply premium), not to the level
of rates. Its repo haircut rises with realised volatility; when equity no longer covers the
haircut, or losses exhaust it, the fund must sell down to a safe leverage at once: the margin
spiral of March 2020 and the swap-spread unwind of April 2025. In calm markets it re-levers
slowly towards its target.
"""

from __future__ import annotations

import numpy as np

from agents.base import Cohort, by_columns, draw_books
from model.calendar import TRADING_DAYS_PER_YEAR
from model.orders import HolderType, OrderBatch, holder_sums
from model.params import ModelParams
from model.state import Close, PublicState

# Design choices of the margin mechanics (assumptions, not estimates; see README "The holders"):
CALM_VOL_RATIO = 1.2   # funds re-lever only while realised vol is below 1.2x its calm level
MAX_USAGE = 0.9        # no fund starts with less than 10% of its margin capacity unused
MIN_USAGE = 0.05       # nor with less than 5% of it used (a fund that holds bonds uses margin)
CALL_BUFFER = 0.2      # after a margin call a fund sells until 20% of capacity is free again
RELEVER_SPEED_RANGE = (0.0, 2.0)  # a day's re-levering speed stays within 0-2x the average


class LeveragedFunds(Cohort):
    """Every leveraged fund's book, equity and margin terms as arrays.

    Attributes:
        equity: Equity by fund, $bn.
        target_leverage: Gross leverage each fund aims for in calm markets.
        base_haircut: Calm repo haircut by fund (fraction).
        forced_sales_bn: Face the cohort sold under margin calls in the last step, $bn.

    """

    name = "leveraged_funds"
    holder_type = HolderType.LEVERAGED

    def __init__(self, rng: np.random.Generator, n: int, bucket_totals: np.ndarray,
                 params: ModelParams) -> None:
        """Draw heterogeneous funds whose books sum to the sector's holdings.

        Args:
            rng: The model's random generator.
            n: Number of funds.
            bucket_totals: Sector face by bucket ($bn).
            params: Model parameters.

        """
        self.holdings = draw_books(rng, n, bucket_totals, params.fund_size_dispersion)
        self.base_haircut = params.lf_haircut_pct / 100.0 * rng.lognormal(
            0.0, params.lf_haircut_dispersion, n)
        # Margin usage (leverage x haircut) differs across funds; the most stretched are the
        # first called when haircuts rise, so deleveraging grows smoothly with volatility.
        usage = params.lf_leverage * params.lf_haircut_pct / 100.0 * rng.lognormal(
            0.0, params.lf_usage_dispersion, n)
        self.target_leverage = np.clip(usage, MIN_USAGE, MAX_USAGE) / self.base_haircut
        self.equity = holder_sums(self.holdings) / self.target_leverage
        self.forced_sales_bn = 0.0
        self.haircut_vol_elasticity = params.lf_haircut_vol_elasticity
        self.relever_speed = params.lf_relever_speed
        self.carry = params.lf_carry_bp_per_year / 1e4 / TRADING_DAYS_PER_YEAR
        self.relever_noise = params.lf_relever_noise
        self.spread_beta = params.lf_spread_beta
        self.supply_beta = params.lf_supply_beta

    def haircuts(self, vol_ratio: float) -> np.ndarray:
        """Repo haircuts given realised volatility relative to calm."""
        return self.base_haircut * (1.0 + self.haircut_vol_elasticity * max(0.0, vol_ratio - 1.0))

    def orders(self, state: PublicState, noise: np.ndarray) -> OrderBatch:
        """Meet margin calls by selling; re-lever slowly when markets are calm.

        Most days no fund is called (3 of the 125 of liberation-day-2025): the forced-sale
        arithmetic then sells nothing (a fraction of exactly 0 of every book) and is skipped,
        so a calm day costs the test for calls and, if markets are calm, the re-levering.
        """
        unit_price = state.prices / 100.0
        value = unit_price @ self.holdings
        haircut = self.haircuts(state.vol_ratio)
        called = (self.equity <= 0.0) | (value * haircut > self.equity)
        relever = state.vol_ratio < CALM_VOL_RATIO
        if not called.any():
            self.forced_sales_bn = 0.0
            if not relever:
                return self.batch(np.zeros_like(self.holdings))
            return self.batch(self._relever(value, noise, called=None))
        safe_leverage = np.minimum(self.target_leverage, (1.0 - CALL_BUFFER) / haircut)
        target_value = np.where(called, np.maximum(self.equity, 0.0) * safe_leverage, value)
        sell_fraction = np.where(value > 0, 1.0 - target_value / np.where(value > 0, value, 1.0), 0)
        face = np.negative(self.holdings)
        face *= sell_fraction
        if relever:
            face += self._relever(value, noise, called)
        self.forced_sales_bn = float((-holder_sums(face) * called).sum())
        return self.batch(face)

    def _relever(self, value: np.ndarray, noise: np.ndarray,
                 called: np.ndarray | None) -> np.ndarray:
        """Re-levering buys pro rata: (gap / value) of each current position, by fund.

        Args:
            value: Each fund's market value ($bn).
            noise: One standard normal draw per fund (the speed's noise).
            called: Funds under a margin call, which do not re-lever (None: no fund is).

        """
        speed = np.multiply(self.relever_noise, noise)
        speed += 1.0
        speed.clip(*RELEVER_SPEED_RANGE, out=speed)  # in place, as `clip_unit` explains
        speed *= self.relever_speed
        gap = np.multiply(self.equity, self.target_leverage)
        gap -= value
        np.maximum(gap, 0.0, out=gap)
        if called is not None:
            gap *= ~called
        speed *= gap
        speed /= np.maximum(value, 1e-12)
        return by_columns(np.multiply, self.holdings, speed)

    def after_close(self, close: Close) -> None:
        """Mark the hedged book: carry in, Treasury-specific cheapening out.

        The per-face change is four floats worked in Python (numpy's operations in its order:
        a dozen numpy calls on 4-element arrays cost several times the arithmetic); only the
        product with the book is an array operation.
        """
        spread_beta, supply_beta, carry = self.spread_beta, self.supply_beta, self.carry
        per_face = []
        for price, duration, pressure, previous_pressure, supply, previous_supply in zip(
                close.prices.tolist(), close.durations.tolist(), close.pressure_bp.tolist(),
                close.previous_pressure_bp.tolist(), close.supply_bp.tolist(),
                close.previous_supply_bp.tolist(), strict=True):
            unit_price = price / 100.0
            widening = (spread_beta * (pressure - previous_pressure)
                        + supply_beta * (supply - previous_supply))
            per_face.append(unit_price * carry - unit_price * duration * widening / 1e4)
        self.equity += np.array(per_face) @ self.holdings

    def leverage(self, prices: np.ndarray, face_by_bucket: np.ndarray | None = None) -> float:
        """Sector gross leverage: market value over equity (equity floored at zero).

        Args:
            prices: Prices per 100 face.
            face_by_bucket: The funds' face summed by bucket, if the caller has it already
                (the model keeps it after each step's fills); computed when None.

        """
        equity = np.maximum(self.equity, 0.0).sum()
        face = self.holdings.sum(axis=1) if face_by_bucket is None else face_by_bucket
        value = float((prices / 100.0) @ face)
        if equity > 0:
            return value / equity
        return 0.0 if value <= 0 else float("inf")  # no book at all: no leverage
