"""Treasury maturity buckets and exact price-yield arithmetic.

Each bucket is a constant-maturity nominal bond: a par bond at the start of the run with a
semiannual coupon equal to its starting yield. Keeping the maturity constant (rather than
ageing the bond) matches how the FRED constant-maturity yields we calibrate against are
defined, and keeps a bucket's duration stable over a run of a few months.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from math import exp, expm1, log1p

import numpy as np

from model.values import StateError

BUCKETS: tuple[str, ...] = ("2y", "5y", "10y", "30y")
MATURITIES_YEARS: np.ndarray = np.array([2.0, 5.0, 10.0, 30.0])
TEN_YEAR = BUCKETS.index("10y")
TWO_YEAR = BUCKETS.index("2y")
N_BUCKETS = len(BUCKETS)
COUPONS_PER_YEAR = 2
DURATION_BUMP_PCT = 1e-3     # yield bump (percent) of the central-difference duration
DURATION_SPAN = 2 * DURATION_BUMP_PCT / 100.0  # the bumps' distance, as a fraction
YIELD_TOLERANCE_PCT = 1e-12  # Newton stops when a step is below this (percent)
# Yields the bond arithmetic prices at all: a semiannual yield of -200% is the pole of the
# discount factor; -100% and 1000% are far beyond any market, and well inside the arithmetic.
PRICEABLE_PCT = (-100.0, 1000.0)
# Newton's iterates stay inside (BISECT_LOW_PCT, BISECT_HIGH_PCT): a step that would leave it
# (towards a yield of -200%, where log1p of the half-year rate is undefined, or to absurd
# heights) hands the bond to the bisection, which cannot leave its bracket. A price beyond
# the bracket's gets its end, which `check_priceable` then refuses.
BISECT_LOW_PCT, BISECT_HIGH_PCT = PRICEABLE_PCT


def check_priceable(yields_pct: Sequence[float], what: str = "fundamental") -> None:
    """Refuse yields the price arithmetic cannot carry, with a `StateError` naming the bucket.

    The yield layers can be driven there by extreme but admissible inputs (a 200bp-per-unit
    safe-haven bid on 20 units of fresh uncertainty); the run then stops with one line
    rather than a math domain error.

    Raises:
        StateError: A yield not finite or outside PRICEABLE_PCT.

    """
    low, high = PRICEABLE_PCT
    for bucket, y in zip(BUCKETS, yields_pct, strict=True):
        if not low < y < high:
            raise StateError(f"the {bucket} {what} yield reached {y:g}%, beyond what the bond "
                             "arithmetic can price; the inputs drive the model beyond what it "
                             "can represent: use less extreme parameters or event fields")


def bond_price(yield_pct: np.ndarray | float, coupon_pct: np.ndarray | float,
               maturity_years: np.ndarray | float) -> np.ndarray:
    """Clean price per 100 face of a bullet bond on a coupon date.

    Uses the closed-form annuity so whole curves price in one vectorised call.

    Args:
        yield_pct: Yield to maturity, percent, semiannual compounding.
        coupon_pct: Annual coupon rate, percent, paid semiannually.
        maturity_years: Years to maturity (a whole number of half-years).

    Returns:
        Price per 100 face.

    """
    y = np.asarray(yield_pct, dtype=float) / 100.0 / COUPONS_PER_YEAR
    c = np.asarray(coupon_pct, dtype=float) / COUPONS_PER_YEAR
    n = np.asarray(maturity_years, dtype=float) * COUPONS_PER_YEAR
    log_growth = np.log1p(y)
    discount = np.exp(-n * log_growth)
    # The annuity factor (1 - v^n) / y tends to n as y -> 0: expm1 keeps it accurate there.
    safe_y = np.where(y == 0.0, 1.0, y)
    annuity = np.where(y == 0.0, n, -np.expm1(-n * log_growth) / safe_y)
    return c * annuity + 100.0 * discount


def bond_yield(price: np.ndarray | float, coupon_pct: np.ndarray | float,
               maturity_years: np.ndarray | float, tol: float = 1e-12) -> np.ndarray:
    """Yield to maturity (percent) that reprices a bond exactly, found by Newton's method.

    Newton converges in 3-4 iterations from the coupon as a start because price is smooth
    and convex in yield; a vectorised bisection covers the rare case where it does not.

    Args:
        price: Price per 100 face.
        coupon_pct: Annual coupon rate, percent.
        maturity_years: Years to maturity.
        tol: Convergence tolerance on the yield, in percent.

    Returns:
        Yield in percent with the shape of the broadcast inputs.

    """
    price_arr, coupon_arr, mat_arr = np.broadcast_arrays(
        np.asarray(price, dtype=float), np.asarray(coupon_pct, dtype=float),
        np.asarray(maturity_years, dtype=float))
    y = coupon_arr.copy()
    for _ in range(50):
        slope = (bond_price(y + 1e-4, coupon_arr, mat_arr)
                 - bond_price(y - 1e-4, coupon_arr, mat_arr)) / 2e-4
        step = (bond_price(y, coupon_arr, mat_arr) - price_arr) / slope
        y = y - step
        if not np.all((y > BISECT_LOW_PCT) & (y < BISECT_HIGH_PCT)):
            break  # leaving the domain (or not finite): the bisection takes over
        if np.all(np.abs(step) < tol):
            return y
    return _bisect_yield(price_arr, coupon_arr, mat_arr, tol)


def _bisect_yield(price: np.ndarray, coupon: np.ndarray, maturity: np.ndarray,
                  tol: float) -> np.ndarray:
    """Bisection on the priceable yields: slow but certain, as price falls monotonically in yield.

    A price beyond the bracket's gets the bracket's end (refused by `check_priceable`).
    """
    low = np.full(price.shape, BISECT_LOW_PCT)
    high = np.full(price.shape, BISECT_HIGH_PCT)
    while np.any(high - low > tol):
        mid = (low + high) / 2.0
        too_cheap = bond_price(mid, coupon, maturity) > price
        low = np.where(too_cheap, mid, low)
        high = np.where(too_cheap, high, mid)
    return (low + high) / 2.0


def modified_duration(yield_pct: np.ndarray | float, coupon_pct: np.ndarray | float,
                      maturity_years: np.ndarray | float) -> np.ndarray:
    """Modified duration in years: the percent price change per 100bp of yield.

    Args:
        yield_pct: Yield, percent.
        coupon_pct: Coupon, percent.
        maturity_years: Years to maturity.

    Returns:
        Modified duration, years.

    """
    bump = DURATION_BUMP_PCT
    up = bond_price(np.asarray(yield_pct) + bump, coupon_pct, maturity_years)
    down = bond_price(np.asarray(yield_pct) - bump, coupon_pct, maturity_years)
    mid = bond_price(yield_pct, coupon_pct, maturity_years)
    return -(up - down) / DURATION_SPAN / mid


def _scalar_price(y_pct: float, c_half: float, periods: float) -> float:
    """`bond_price` for one bond in plain floats: the same formula without numpy's per-call cost.

    Four buckets are too few for vectorisation to pay: a numpy call on a 4-element array
    costs about a microsecond of dispatch for nanoseconds of arithmetic.
    """
    y = y_pct / 100.0 / COUPONS_PER_YEAR
    if y == 0.0:
        return c_half * periods + 100.0
    exponent = -periods * log1p(y)
    return c_half * (-expm1(exponent) / y) + 100.0 * exp(exponent)


@dataclass(frozen=True)
class Curve:
    """The four buckets' fixed terms: coupons set at the start, maturities constant.

    The methods compute bucket by bucket in plain floats (`math`), with the same formulas as
    `bond_price`, `bond_yield` and `modified_duration` (equal to about 1e-13): this is most of
    a step's bond arithmetic. The array methods take and return 4-element arrays; the `_of`
    methods take and return lists of four floats, for callers that work in floats already
    (the market's quote), so no array is made only to be read back.
    """

    coupons_pct: np.ndarray
    _terms: tuple[tuple[float, float], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Keep (half coupon, periods) per bucket as floats for the scalar path."""
        terms = tuple((float(c) / COUPONS_PER_YEAR, float(m) * COUPONS_PER_YEAR)
                      for c, m in zip(self.coupons_pct, MATURITIES_YEARS, strict=True))
        object.__setattr__(self, "_terms", terms)

    def price(self, yields_pct: np.ndarray) -> np.ndarray:
        """Prices per 100 face for the four buckets at the given yields."""
        return np.array(self.prices_of(yields_pct.tolist()))

    def prices_of(self, yields_pct: list[float]) -> list[float]:
        """`price` in floats."""
        return [_scalar_price(y, c, n) for y, (c, n) in zip(yields_pct, self._terms, strict=True)]

    def yields(self, prices: np.ndarray, guess: np.ndarray | None = None) -> np.ndarray:
        """Yields in percent that reprice the four buckets exactly.

        Args:
            prices: Prices per 100 face.
            guess: Starting yields (default: the coupons). A guess near the answer (the
                fundamental yields, when quoting) saves Newton iterations; the root is the
                same to the tolerance.

        """
        start = self.coupons_pct if guess is None else guess
        return np.array(self.yields_of(prices.tolist(), start.tolist()))

    def yields_of(self, prices: list[float], guess: list[float]) -> list[float]:
        """`yields` in floats, from a starting guess per bucket."""
        return [_newton_yield(p, y, c, n)
                for p, y, (c, n) in zip(prices, guess, self._terms, strict=True)]

    def durations(self, yields_pct: np.ndarray) -> np.ndarray:
        """Modified durations of the four buckets at the given yields."""
        return np.array(self.prices_and_durations_of(yields_pct.tolist())[1])

    def price_and_durations(self, yields_pct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Prices and modified durations together (the durations need the price anyway)."""
        prices, durations = self.prices_and_durations_of(yields_pct.tolist())
        return np.array(prices), np.array(durations)

    def prices_and_durations_of(self, yields_pct: list[float]) -> tuple[list[float], list[float]]:
        """`price_and_durations` in floats."""
        bump = DURATION_BUMP_PCT
        prices, durations = [], []
        for y, (c, n) in zip(yields_pct, self._terms, strict=True):
            mid = _scalar_price(y, c, n)
            up = _scalar_price(y + bump, c, n)
            down = _scalar_price(y - bump, c, n)
            prices.append(mid)
            durations.append(-(up - down) / DURATION_SPAN / mid)
        return prices, durations


def _newton_yield(price: float, y: float, c_half: float, periods: float) -> float:
    """`bond_yield`'s Newton iteration for one bond in plain floats (bisection as fallback).

    The slope is the closed-form derivative of the annuity price, so an iteration costs one
    price evaluation rather than three; near a zero yield, where that formula cancels, it is
    the central difference `bond_yield` uses. The root is the same to the tolerance. The
    closed form is written out in the loop: this is the hottest bond arithmetic of a step.
    A guess outside the bisection's bracket (a fundamental yield plus an extreme pressure)
    is replaced by the coupon, which is always inside it.
    """
    if not BISECT_LOW_PCT < y < BISECT_HIGH_PCT:
        y = c_half * COUPONS_PER_YEAR
    for _ in range(50):
        rate = y / 100.0 / COUPONS_PER_YEAR
        if abs(rate) < 1e-6:
            value, slope = _central_price_and_slope(y, c_half, periods)
        else:
            exponent = -periods * log1p(rate)
            discount = exp(exponent)
            annuity = -expm1(exponent) / rate
            d_discount = -periods * discount / (1.0 + rate)
            d_annuity = (-d_discount - annuity) / rate
            slope = (c_half * d_annuity + 100.0 * d_discount) / 100.0 / COUPONS_PER_YEAR
            value = c_half * annuity + 100.0 * discount
        step = (value - price) / slope
        y -= step
        if not BISECT_LOW_PCT < y < BISECT_HIGH_PCT:
            break  # leaving the domain (or NaN): the bisection takes over
        if abs(step) < YIELD_TOLERANCE_PCT:
            return y
    coupon = c_half * COUPONS_PER_YEAR
    return float(_bisect_yield(np.array([price]), np.array([coupon]),
                               np.array([periods / COUPONS_PER_YEAR]), YIELD_TOLERANCE_PCT)[0])


def _central_price_and_slope(y_pct: float, c_half: float, periods: float) -> tuple[float, float]:
    """Price and its slope in the yield by central difference (near a zero yield)."""
    slope = (_scalar_price(y_pct + 1e-4, c_half, periods)
             - _scalar_price(y_pct - 1e-4, c_half, periods)) / 2e-4
    return _scalar_price(y_pct, c_half, periods), slope
