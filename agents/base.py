"""Shared machinery for holder types: vectorised cohorts and thin per-agent views.

Private holders are many. A cohort keeps one type's books as arrays so a step is a handful
of numpy operations however many funds there are; each fund is still a Mesa agent that users
can list, inspect and reason about, reading its own row of the cohort's arrays.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

import mesa
import numpy as np

from model.orders import HolderType, OrderBatch, bucket_total
from model.state import Close, PublicState

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel


# Dirichlet concentration of holders' maturity mixes around their sector's mix (assumption:
# 50 keeps each fund's bucket shares within a few points of its sector's), and the floor
# that keeps a bucket the sector does not hold a valid Dirichlet parameter.
MIX_CONCENTRATION = 50.0
MIN_DIRICHLET_ALPHA = 1e-3


def draw_books(rng: np.random.Generator, n: int, bucket_totals: np.ndarray, dispersion: float,
               mix_concentration: float = MIX_CONCENTRATION) -> np.ndarray:
    """Heterogeneous books that add up exactly to a sector's bucket totals.

    Sizes are lognormal and each holder's maturity mix is a Dirichlet draw around the
    sector's mix; columns are then rescaled so sector totals match the calibration exactly.

    Args:
        rng: The model's random generator.
        n: Number of holders.
        bucket_totals: Sector face by bucket ($bn).
        dispersion: Lognormal sigma of sizes.
        mix_concentration: Higher means mixes closer to the sector's.

    Returns:
        Bucket-major array (4, n) of face holdings.

    """
    sizes = rng.lognormal(0.0, dispersion, n)
    total = float(bucket_totals.sum())
    # An empty sector (its holdings set to 0) draws as an even mix and is scaled to nothing:
    # its holders hold nothing and so do nothing, with the same draws from the generator.
    sector_mix = bucket_totals / total if total > 0 else np.full(len(bucket_totals),
                                                                  1.0 / len(bucket_totals))
    mixes = rng.dirichlet(np.maximum(sector_mix * mix_concentration, MIN_DIRICHLET_ALPHA), n)
    books = np.ascontiguousarray((sizes[:, None] * mixes).T)
    column = books.sum(axis=1)
    scale = np.where(column > 0, bucket_totals / np.where(column > 0, column, 1.0), 0.0)
    return books * scale[:, None]


# Funds per block when a cohort's arithmetic is done a block of columns at a time: large
# enough that numpy's per-call cost is negligible, small enough (4 x 16384 doubles = 512 KB)
# that a block's temporaries stay in cache and a million funds need no (4, n) temporaries.
BLOCK_FUNDS = 16_384


def column_blocks(n: int) -> list[slice]:
    """Slices of at most BLOCK_FUNDS columns covering n funds (all of them for small cohorts)."""
    if n <= BLOCK_FUNDS:
        return [slice(None)]
    return [slice(lo, min(n, lo + BLOCK_FUNDS)) for lo in range(0, n, BLOCK_FUNDS)]


def clip_unit(values: np.ndarray) -> np.ndarray:
    """Clip to [-1, 1] in place.

    The array's own `clip` with `out=`: one pass, and cheaper than `np.maximum` then
    `np.minimum` with scalar bounds, which numpy runs through its buffered iterator; the
    method skips `np.clip`'s dispatch to it (callgrind, (4, 1,200): 37k instructions
    against 49k for `np.clip` and 65k for maximum then minimum; the same clip ufunc).
    """
    return values.clip(-1.0, 1.0, out=values)


def outer_difference(by_bucket: list[float], by_holder: np.ndarray,
                     out: np.ndarray | None = None) -> np.ndarray:
    """`by_bucket[:, None] - by_holder[None, :]` (4, n), one bucket row at a time.

    The four row subtractions of a float cost half numpy's broadcast of a column against a
    row (callgrind, 1,200 holders); the differences are the same floats. Written into `out`
    if given, else into a new array.
    """
    difference = np.empty((len(by_bucket), by_holder.shape[0])) if out is None else out
    for row, value in zip(difference, by_bucket, strict=True):
        np.subtract(value, by_holder, out=row)
    return difference


def by_columns(ufunc: np.ufunc, books: np.ndarray, by_holder: np.ndarray,
               out: np.ndarray | None = None) -> np.ndarray:
    """`ufunc(books, by_holder)`: each holder's column (4, n) combined with its value (n,).

    One bucket row at a time: numpy broadcasts a (n,) row over (4, n) books through its
    buffered iterator, which costs about twice the four row operations (callgrind, 1,200
    funds); the results are the same floats. `out` may be `books` (in place).
    """
    result = np.empty_like(books) if out is None else out
    for row, target in zip(books, result, strict=True):
        ufunc(row, by_holder, out=target)
    return result


class Cohort(ABC):
    """All holders of one private type, as arrays.

    Attributes:
        name: Cohort name used in outputs.
        holder_type: The type reported in flows and absorption.
        holdings: Face by bucket and holder, bucket-major (4, n), $bn.
        normal_share: Each holder's share (4, n) of the sectors' normal absorption of new
            supply, if the cohort absorbs supply and keeps the shares as an array.
        normal_share_total: The cohort's share of normal absorption by bucket.

    """

    name: str
    holder_type: HolderType
    holdings: np.ndarray
    normal_share: np.ndarray | None = None
    normal_share_total: np.ndarray | None = None

    @property
    def size(self) -> int:
        """Number of holders in the cohort."""
        return self.holdings.shape[1]

    @abstractmethod
    def orders(self, state: PublicState, noise: np.ndarray) -> OrderBatch:
        """Decide today's orders.

        Args:
            state: Public information.
            noise: One standard normal draw per holder, drawn every step whether used or not.

        """

    def settle(self, fills: np.ndarray, prices: np.ndarray) -> None:
        """Book the market's fills (only the market decides what was filled)."""
        self.holdings += fills

    def after_close(self, close: Close) -> None:  # noqa: B027 - optional hook
        """Update anything that depends on the new close (P&L, equity). Default: nothing."""

    def share_normal_supply(self, absorbers: np.ndarray) -> None:
        """Take part in normal absorption of new supply, each holder in proportion to its book.

        A holder's share of a bucket is its starting face over the face every absorbing
        sector held at the start (`absorbers`, $bn by bucket), so the sectors together take
        exactly the scheduled supply.
        """
        self.normal_share = self.holdings / absorbers[:, None]
        self.normal_share_total = self.normal_share.sum(axis=1)

    def add_normal_orders(self, funds: np.ndarray, block: slice, supply: np.ndarray,
                          work: np.ndarray) -> None:
        """Add a block of holders' shares of today's scheduled supply to their orders.

        Args:
            funds: The block's orders (4, block size), updated in place.
            block: Which holders (columns) `funds` are.
            supply: Scheduled supply by bucket as a column (4, 1), $bn.
            work: Scratch array shaped like `funds`.

        """
        if self.normal_share is not None:
            np.add(funds, np.multiply(self.normal_share[:, block], supply, out=work), out=funds)

    def normal_total(self, scheduled_supply: np.ndarray) -> float:
        """The cohort's total normal absorption of a day's supply ($bn)."""
        if self.normal_share_total is None:
            return 0.0
        # Four products and their sum in floats (numpy's order): no numpy call on 4 elements.
        return bucket_total([share * supply for share, supply in zip(
            self.normal_share_total.tolist(), scheduled_supply.tolist(), strict=True)])

    def batch(self, face: np.ndarray) -> OrderBatch:
        """Wrap orders in a message, offering only what the holders own for sale."""
        return OrderBatch(sender=self.name, holder_type=self.holder_type, face=face,
                          available=self.holdings, holder=self)


class FundAgent(mesa.Agent):
    """One private fund: a Mesa agent whose state lives in its cohort's arrays."""

    def __init__(self, model: YieldModel, cohort: Cohort, index: int) -> None:
        """Register the fund with the model and point it at its row.

        Args:
            model: The model that owns the fund.
            cohort: The cohort holding the fund's book.
            index: The fund's row in the cohort's arrays.

        """
        super().__init__(model)
        self.cohort = cohort
        self.index = index

    @property
    def holder_type(self) -> HolderType:
        """The fund's type."""
        return self.cohort.holder_type

    @property
    def holdings(self) -> np.ndarray:
        """Face held by bucket ($bn)."""
        return self.cohort.holdings[:, self.index]

    @property
    def face_total(self) -> float:
        """Total face held ($bn)."""
        return float(self.cohort.holdings[:, self.index].sum())
