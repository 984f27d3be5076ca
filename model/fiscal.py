"""The fiscal path as an input: announced changes in the deficit, issued and priced.

A change in the deficit is more net issuance, by the Treasury's issuance mix, for as long as
it lasts. Issuance beyond what the start yields price is supply the private sector must hold
(the supply premium's stock effect). Markets price a credible fiscal plan before the bonds
exist: Laubach (2009) finds that the deficits and debt projected five years ahead, not the
current ones, move long-horizon forward rates. So an announced change is priced at once
as far ahead as `fiscal_horizon_years`; as it is issued, the issued part moves from expected
to held supply, and the horizon rolls forward over what is still to come. A change that is
not believed (`priced = false`) moves yields only as its bonds are sold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from model.calendar import TRADING_DAYS_PER_YEAR


@dataclass
class DeficitChange:
    """One announced change in the deficit.

    Attributes:
        per_day_bn: Extra net issuance by bucket, $bn a trading day (negative: less).
        days_left: Trading days of issuance still to come.
        priced: Whether holders price what is to come on announcement.

    """

    per_day_bn: np.ndarray
    days_left: int
    priced: bool

    @classmethod
    def of(cls, bn_per_year: float, years: float, mix: np.ndarray, priced: bool) -> DeficitChange:
        """`bn_per_year` more for `years`, issued by `mix` (shares of each bucket, summing to 1)."""
        return cls(per_day_bn=np.asarray(mix, dtype=float) * bn_per_year / TRADING_DAYS_PER_YEAR,
                   days_left=max(1, round(years * TRADING_DAYS_PER_YEAR)), priced=priced)


@dataclass
class FiscalPath:
    """The deficit changes in force: what they add to issuance today and what is still to come.

    Attributes:
        horizon_days: How far ahead an announced change is priced (trading days).
        buckets: Number of maturity buckets.
        changes: The changes still being issued, in the order announced.

    """

    horizon_days: int
    buckets: int
    changes: list[DeficitChange] = field(default_factory=list)

    @classmethod
    def of(cls, horizon_years: float, buckets: int) -> FiscalPath:
        """A path with no changes, pricing `horizon_years` ahead."""
        return cls(horizon_days=round(horizon_years * TRADING_DAYS_PER_YEAR), buckets=buckets)

    def add(self, change: DeficitChange) -> None:
        """A change announced today (its first day's issuance is today's)."""
        self.changes.append(change)

    def extra_per_day_bn(self) -> np.ndarray:
        """Today's issuance beyond the base deficit, by bucket ($bn)."""
        total = np.zeros(self.buckets)
        for change in self.changes:
            total += change.per_day_bn
        return total

    def pending_bn(self) -> np.ndarray:
        """Announced issuance holders already price but which is not yet sold, by bucket ($bn).

        Called after the day's issuance is counted off (`advance`), so today's is held.
        """
        pending = np.zeros(self.buckets)
        for change in self.changes:
            if change.priced:
                pending += change.per_day_bn * min(change.days_left, self.horizon_days)
        return pending

    def advance(self) -> bool:
        """One day of issuance done: count it off; True when a change has run out."""
        for change in self.changes:
            change.days_left -= 1
        before = len(self.changes)
        self.changes = [change for change in self.changes if change.days_left > 0]
        return len(self.changes) != before
