"""Leveraged funds: hedged long cash Treasuries on repo, the fire-sale channel.

A fund is long cash bonds financed in repo and hedged in two relative-value trades: the
cash-futures basis (short futures) and the swap spread (pay fixed in SOFR swaps, a
`lf_swap_spread_share` of each position). So it earns carry and is exposed only to what
separates Treasuries from their hedges, not to the level of rates: the basis book loses when
Treasuries cheapen against futures (dealer pressure, part of the supply premium), the swap
book when the swap spread falls. The swap leg is a real book: it is closed in proportion
when the bonds are sold (only the market's fills decide what was sold), and the notional
received back is the flow that moves the swap market (`model.swaps`). Its repo haircut
rises with realised volatility; when equity no longer covers the haircut, or losses exhaust
it, the fund must sell down to a safe leverage at once: the margin spiral of March 2020 and
the swap-spread unwind of April 2025. In calm markets it re-levers slowly towards its target.
"""

from __future__ import annotations

import numpy as np

from agents.base import Cohort, by_columns, draw_books
from model.calendar import TRADING_DAYS_PER_YEAR
from model.orders import HolderType, OrderBatch, bucket_sums, holder_sums
from model.params import ModelParams
from model.state import Close, PublicState

# Design choices of the margin mechanics (assumptions, not estimates; see README "The holders"):
MAX_USAGE = 0.9        # no fund starts with less than 10% of its margin capacity unused
MIN_USAGE = 0.05       # nor with less than 5% of it used (a fund that holds bonds uses margin)
RELEVER_SPEED_RANGE = (0.0, 2.0)  # a day's re-levering speed stays within 0-2x the average


def margin_vol_ratio(state: PublicState) -> float:
    """The volatility margins are set on: realised or implied, whichever is higher.

    CCPs and repo lenders set margins from recent volatility (CME SPAN, FICC VaR) and, in
    stress, add to them on what they expect; here the expectation is the model's volatility
    index (VIX-like, fitted to April 2025's VIX path). This is an assumption: margin calls
    answer to a stress that is priced, not only to one that has already moved yields, so a
    bond market whose haven flows arrive over days is still one in which funds are called.
    """
    return max(state.vol_ratio, state.implied_vol_ratio)


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
                 params: ModelParams, duration_weights: np.ndarray | None = None) -> None:
        """Draw heterogeneous funds whose books sum to the sector's holdings.

        Args:
            rng: The model's random generator.
            n: Number of funds.
            bucket_totals: Sector face by bucket ($bn).
            params: Model parameters.
            duration_weights: Each bucket's duration relative to the 10y; the swap-spread
                book is spread over the buckets in proportion to face times this (the trade
                is a long-end one). None: equal weights.

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
        self.relever_vol_ratio = params.lf_relever_vol_ratio
        self.call_buffer = params.lf_call_buffer
        self.carry = params.lf_carry_bp_per_year / 1e4 / TRADING_DAYS_PER_YEAR
        self.relever_noise = params.lf_relever_noise
        self.spread_beta = params.lf_spread_beta
        self.supply_beta = params.lf_supply_beta
        # The swap-spread book: a fixed share of each cash position by bucket is hedged with
        # pay-fixed swaps (a fund keeps its hedge ratio when it buys or sells), so its
        # notional is that share of the book (`swap_notional`), not a second array to keep.
        self.swap_share = swap_shares(bucket_totals, params.lf_swap_spread_share,
                                      duration_weights)
        self.swap_receive_bn = [0.0] * self.holdings.shape[0]
        self.unwind_speed = params.lf_unwind_speed

    def haircuts(self, vol_ratio: float) -> np.ndarray:
        """Repo haircuts given volatility relative to calm (see `margin_vol_ratio`)."""
        return self.base_haircut * (1.0 + self.haircut_vol_elasticity * max(0.0, vol_ratio - 1.0))

    def orders(self, state: PublicState, noise: np.ndarray) -> OrderBatch:
        """Meet margin calls by selling; re-lever slowly when markets are calm.

        Most days no fund is called (3 of the 125 of liberation-day-2025): the forced-sale
        arithmetic then sells nothing (a fraction of exactly 0 of every book) and is skipped,
        so a calm day costs the test for calls and, if markets are calm, the re-levering.
        """
        unit_price = state.prices / 100.0
        value = unit_price @ self.holdings
        stress = margin_vol_ratio(state)
        haircut = self.haircuts(stress)
        called = (self.equity <= 0.0) | (value * haircut > self.equity)
        relever = stress < self.relever_vol_ratio
        if not called.any():
            self.forced_sales_bn = 0.0
            if not relever:
                return self.batch(np.zeros_like(self.holdings))
            return self.batch(self._relever(value, noise, called=None))
        safe_leverage = np.minimum(self.target_leverage, (1.0 - self.call_buffer) / haircut)
        # A called fund sells `unwind_speed` of the way to its safe book today (it meets
        # the rest of the call from cash and its prime broker's patience); one whose equity
        # is gone is closed out at once.
        safe_value = np.maximum(self.equity, 0.0) * safe_leverage
        speed = np.where(self.equity > 0.0, self.unwind_speed, 1.0)
        target_value = np.where(called, value - speed * np.maximum(value - safe_value, 0.0),
                                value)
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

    def settle(self, fills: np.ndarray, prices: np.ndarray) -> None:
        """Book the market's fills and move the swap legs with them.

        A fund that sells bonds closes the pay-fixed swaps that hedged them (it receives
        fixed on the notional); one that buys pays fixed on new swaps. The day's net receive
        notional by bucket (`swap_receive_bn`) is what the swap market clears.
        """
        self.holdings += fills
        change = bucket_sums(fills).tolist()
        self.swap_receive_bn = [-s * f for s, f in zip(self.swap_share.tolist(), change,
                                                       strict=True)]

    @property
    def swap_notional(self) -> np.ndarray:
        """Pay-fixed swap notional by bucket and fund ($bn): the hedged share of the book."""
        return self.swap_share[:, None] * self.holdings

    def swap_book_bn(self) -> float:
        """The whole swap-spread trade's notional ($bn): `swap_notional` summed.

        Summed without building the fund-by-bucket array, since the per-step column reads it.
        """
        return float(self.swap_share @ self.holdings.sum(axis=1))

    def after_close(self, close: Close) -> None:
        """Mark the hedged books: carry in, what separates bonds from their hedges out.

        The basis book loses when Treasuries cheapen against futures (a `spread_beta` of the
        dealer concession, a `supply_beta` of the supply premium); the swap book loses the
        fall in the swap spread, which is the Treasury-specific cheapening (supply premium and
        concession in full: swaps carry neither) less the fall of the swap rate itself.
        The per-face change is four floats worked in Python (numpy's operations in its order:
        a dozen numpy calls on 4-element arrays cost several times the arithmetic); only the
        product with the book is an array operation.
        """
        spread_beta, supply_beta, carry = self.spread_beta, self.supply_beta, self.carry
        per_face = []
        for (price, duration, pressure, previous_pressure, supply, previous_supply, swap,
             previous_swap, share) in zip(
                close.prices.tolist(), close.durations.tolist(), close.pressure_bp.tolist(),
                close.previous_pressure_bp.tolist(), close.supply_bp.tolist(),
                close.previous_supply_bp.tolist(), close.swap_bp, close.previous_swap_bp,
                self.swap_share.tolist(), strict=True):
            unit_price = price / 100.0
            cheapening = pressure - previous_pressure
            supply_change = supply - previous_supply
            basis = spread_beta * cheapening + supply_beta * supply_change
            swap_spread_fall = cheapening + supply_change - (swap - previous_swap)
            widening = (1.0 - share) * basis + share * swap_spread_fall
            per_face.append(unit_price * carry - unit_price * duration * widening / 1e4)
        self.equity += np.array(per_face) @ self.holdings

    def leverage(self, prices: np.ndarray, face_by_bucket: np.ndarray | None = None) -> float:
        """Sector gross leverage: market value over equity, of the funds still solvent.

        A fund whose equity is gone is in default, being closed out (it sells all it can
        each day): it has no leverage, so its book is left out rather than making the
        sector's infinite (a fire sale at thin dealer capacity can wipe out every fund's
        swap-spread book at once).

        Args:
            prices: Prices per 100 face.
            face_by_bucket: The funds' face summed by bucket, if the caller has it already
                (the model keeps it after each step's fills); computed when None.

        """
        solvent = self.equity > 0.0
        if solvent.all():
            face = self.holdings.sum(axis=1) if face_by_bucket is None else face_by_bucket
            return float((prices / 100.0) @ face) / float(self.equity.sum())
        if not solvent.any():
            return 0.0
        value = float((prices / 100.0) @ self.holdings[:, solvent].sum(axis=1))
        return value / float(self.equity[solvent].sum())


def swap_shares(bucket_totals: np.ndarray, share: float,
                duration_weights: np.ndarray | None) -> np.ndarray:
    """Share of each bucket's cash position hedged with pay-fixed swaps.

    The swap-spread trade is a long-end trade (the 30y swap spread is its benchmark), the
    basis trade a futures one across the curve: the swap-hedged face is `share` of the
    sector's face, spread over buckets in proportion to face times duration, each bucket's
    share capped at 1 (what the cap removes is not put elsewhere).

    Args:
        bucket_totals: Sector face by bucket ($bn).
        share: Share of the sector's face in swap-spread trades.
        duration_weights: Each bucket's duration relative to the 10y (None: equal).

    Returns:
        The share by bucket (four values in 0-1).

    """
    totals = np.asarray(bucket_totals, dtype=float)
    weights = np.ones_like(totals) if duration_weights is None else np.asarray(duration_weights)
    weighted = float(totals @ weights)
    if weighted <= 0.0 or share == 0.0:
        return np.zeros_like(totals)
    return np.minimum(share * totals.sum() * weights / weighted, 1.0)
