"""Orders are the only way holders act on the market: typed messages, never direct trades.

A batch carries the orders of one group of holders (one sovereign, or every leveraged fund
at once) as a matrix of signed face amounts, so a cohort of 100,000 funds is one message.
Books and orders are bucket-major, shape (4, n_holders): each bucket is one long contiguous
row, so per-bucket arithmetic and sums run at full numpy speed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

import numpy as np

from model.instruments import N_BUCKETS
from model.state import set_fields


def bucket_sums(books: np.ndarray) -> np.ndarray:
    """Sum a bucket-major (4, n) array over holders: face per bucket (`books.sum(axis=1)`)."""
    return np.add.reduce(books, axis=1)


def bucket_total(by_bucket: Sequence[float]) -> float:
    """Sum of four per-bucket floats in numpy's order for four (left to right).

    A 4-element `ndarray.sum()` costs a microsecond of dispatch for three additions, and
    Python's `sum()` compensates (a different result in the last bit), so it is spelt out.
    """
    b0, b1, b2, b3 = by_bucket
    return b0 + b1 + b2 + b3


def bucket_totals(vectors: Iterable[Sequence[float]]) -> list[float]:
    """Per-bucket sums of several 4-vectors, added in order from zero.

    The same floats as `total += vector` into `np.zeros(4)` (or as `a + b + ...` on arrays:
    adding the first vector to zero changes nothing), in four running floats.
    """
    t0 = t1 = t2 = t3 = 0.0
    for v0, v1, v2, v3 in vectors:
        t0 += v0
        t1 += v1
        t2 += v2
        t3 += v3
    return [t0, t1, t2, t3]


def holder_sums(books: np.ndarray) -> np.ndarray:
    """Sum a bucket-major (4, n) array over buckets: face per holder."""
    return books[0] + books[1] + books[2] + books[3]


class HolderType(StrEnum):
    """The holder types whose flows and absorption the outputs report."""

    SOVEREIGN = "sovereign"
    LEVERAGED = "leveraged"
    ASSET_MANAGER = "asset_manager"
    REAL_MONEY = "real_money"
    DEALER = "dealer"
    FED = "fed"
    TREASURY = "treasury"


# Every holder type, as a tuple: iterating the enum class itself is slow.
HOLDER_TYPES = tuple(HolderType)
# Who can absorb a sovereign's sales: cumulative net purchases beyond normal supply absorption.
ABSORBERS = (HolderType.REAL_MONEY, HolderType.ASSET_MANAGER, HolderType.LEVERAGED,
             HolderType.DEALER, HolderType.FED)


class Holder(Protocol):
    """What every holder that sends orders is to the model: a type and a book to settle.

    The market never calls holders: it returns fills, and the model hands each fill to the
    holder its batch names (`OrderBatch.holder`), so a batch and its sender cannot be paired
    wrongly by list position.
    """

    holder_type: HolderType

    def settle(self, fills: np.ndarray, prices: np.ndarray) -> None:
        """Book the market's fills for this holder's batch (shape (4, n_holders))."""


@dataclass(frozen=True, init=False)
class OrderBatch:
    """Signed face orders ($bn; + buys, - sells) from one group of holders.

    Attributes:
        sender: Name of the sending group (a sovereign key or a cohort name).
        holder_type: The type the group belongs to.
        face: Array (4, n_holders) of signed face amounts per bucket.
        available: Array (4, n_holders) of face each holder may sell; None for a sender that
            can sell without holding (the Treasury issuing new bonds).
        must_fill: Filled in full even when dealers are full (Treasury auctions only).
        reverse_auction: Filled only against what dealers hold after the day's other orders
            (the Fed's operations: it buys what is offered and sells what is bid for).
        holder: The holder that sent the batch and settles its fill.

    A sender hands its orders over: for a many-holder batch the market caps `face` at
    `-available` and scales it when rationing in place, rather than copy a large array, so
    after clearing `face` is the fill (single-holder batches are copied).

    """

    sender: str
    holder_type: HolderType
    face: np.ndarray
    available: np.ndarray | None
    must_fill: bool = False
    holder: Holder | None = field(default=None, compare=False, repr=False)
    reverse_auction: bool = False

    def __init__(self, sender: str, holder_type: HolderType, face: np.ndarray,
                 available: np.ndarray | None, must_fill: bool = False,
                 holder: Holder | None = None, reverse_auction: bool = False) -> None:
        """Check the shape once, where the message is made, not deep in clearing.

        The fields are stored at once (`set_fields`: a step makes eight batches).

        Raises:
            ValueError: The orders are not (4, n), or `available` does not match them.

        """
        if face.ndim != 2 or face.shape[0] != N_BUCKETS:
            raise ValueError(f"orders from {sender} must have shape ({N_BUCKETS}, n)")
        if available is not None and available.shape != face.shape:
            raise ValueError(f"available face of {sender} must match its orders' shape")
        set_fields(self, sender=sender, holder_type=holder_type, face=face,
                   available=available, must_fill=must_fill, holder=holder,
                   reverse_auction=reverse_auction)
