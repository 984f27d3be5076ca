"""Trading days: steps map to US bond-market business days from a scenario's start.

The bond market closes on federal holidays and on Good Friday (SIFMA), which is why FRED
has no 10y close on 2025-04-18.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pandas as pd
from pandas.tseries.holiday import AbstractHolidayCalendar, GoodFriday, USFederalHolidayCalendar
from pandas.tseries.offsets import CustomBusinessDay


class BondMarketCalendar(AbstractHolidayCalendar):
    """US federal holidays plus Good Friday."""

    rules: ClassVar = [*USFederalHolidayCalendar.rules, GoodFriday]


BOND_DAY = CustomBusinessDay(calendar=BondMarketCalendar())
# 252 trading days a year / 12: the convention for converting monthly paces (runoff caps,
# issuance, diversification) to daily ones; the US bond market has 249-252 days a year.
TRADING_DAYS_PER_MONTH = 21.0
TRADING_DAYS_PER_YEAR = 252.0


class TradingCalendar:
    """Dates of steps: step 0 is the start date (rolled forward to a trading day)."""

    def __init__(self, start: dt.date, horizon: int = 260) -> None:
        """Prepare dates for `horizon` steps; more are added on demand.

        Args:
            start: The scenario's start date.
            horizon: Steps to precompute.

        """
        self.start = BOND_DAY.rollforward(pd.Timestamp(start))
        self._dates = pd.date_range(self.start, periods=horizon + 1, freq=BOND_DAY)

    def date(self, step: int) -> pd.Timestamp:
        """Trading date of a step."""
        while step >= len(self._dates):
            self._dates = pd.date_range(self.start, periods=2 * len(self._dates), freq=BOND_DAY)
        return self._dates[step]

    def step_of(self, date: dt.date) -> int:
        """First step on or after a date (announcements on a holiday act on the next day)."""
        target = pd.Timestamp(date)
        if target < self.start:
            raise ValueError(f"{date} is before the start {self.start.date()}")
        while self._dates[-1] < target:
            self.date(2 * len(self._dates))
        return int(self._dates.searchsorted(target))
