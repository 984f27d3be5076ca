"""Trading days: steps map to US bond-market business days from a scenario's start.

The bond market closes on federal holidays and on Good Friday (SIFMA), which is why FRED
has no 10y close on 2025-04-18.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd
from pandas.tseries.holiday import AbstractHolidayCalendar, GoodFriday, USFederalHolidayCalendar

from model.daycount import TRADING_DAYS_PER_MONTH, TRADING_DAYS_PER_YEAR

__all__ = ["TRADING_DAYS_PER_MONTH", "TRADING_DAYS_PER_YEAR", "TradingCalendar"]


class BondMarketCalendar(AbstractHolidayCalendar):
    """US federal holidays plus Good Friday."""

    rules: ClassVar = [*USFederalHolidayCalendar.rules, GoodFriday]


# Calendar days spanned by a number of trading days, with room to spare (weekends and up to
# 11 holidays a year make a trading day at most 7/5 * 1.05 calendar days on average).
CALENDAR_DAYS_PER_TRADING_DAY = 1.6


# The rules' holidays for these years, computed once and stored (see the file's header).
HOLIDAY_TABLE = Path(__file__).parent / "data" / "bond_market_holidays.csv"
HOLIDAY_TABLE_YEARS = (2000, 2060)


@functools.lru_cache(maxsize=16)
def _busday_calendar(first_year: int, last_year: int) -> np.busdaycalendar:
    """The bond market's business days in whole calendar years: Monday-Friday less holidays.

    Pandas' holiday calendar, left to itself, computes every holiday from 1970 to 2200 (about
    0.1 s, paid by every process that imports the model); a run needs the year or two it
    covers, computed once per process (sweeps build thousands of models over the same
    dates). numpy counts the days: the days of pandas' custom business day, for a tenth of
    the cost of `pd.date_range` with one (paid by every model).
    """
    holidays = _holidays_for_years(first_year, last_year)
    return np.busdaycalendar(holidays=holidays.to_numpy().astype("datetime64[D]"))


def _holidays_for_years(first_year: int, last_year: int) -> pd.DatetimeIndex:
    """The bond market's holidays in whole calendar years.

    Years the stored table covers are read from it: pandas computes a year's holidays in
    about 35 ms in a new process, a tenth of a `yieldsim run`'s model time.
    """
    window = pd.Timestamp(first_year, 1, 1), pd.Timestamp(last_year, 12, 31)
    if HOLIDAY_TABLE_YEARS[0] <= first_year and last_year <= HOLIDAY_TABLE_YEARS[1]:
        stored = stored_holidays()
        return stored[(stored >= window[0]) & (stored <= window[1])]
    return BondMarketCalendar().holidays(*window)


@functools.cache
def stored_holidays() -> pd.DatetimeIndex:
    """The holidays of `HOLIDAY_TABLE_YEARS`, as the rules compute them (stored table)."""
    lines = HOLIDAY_TABLE.read_text().splitlines()
    return pd.DatetimeIndex(np.array([line for line in lines if line[:1].isdigit()],
                                     dtype="datetime64[ns]"))


class TradingCalendar:
    """Dates of steps: step 0 is the start date (rolled forward to a trading day)."""

    def __init__(self, start: dt.date, horizon: int = 260) -> None:
        """Prepare dates for `horizon` steps; more are added on demand.

        Args:
            start: The scenario's start date.
            horizon: Steps to precompute.

        """
        self._first = pd.Timestamp(start)
        self._dates = self._trading_dates(horizon + 1)
        self._stamps: list[pd.Timestamp] = list(self._dates)
        self._labels = _iso_labels(self._dates)
        self.start = self._dates[0]

    def _trading_dates(self, periods: int) -> pd.DatetimeIndex:
        """The first `periods` trading days from the start date (rolled forward)."""
        end = self._first + pd.Timedelta(days=int(periods * CALENDAR_DAYS_PER_TRADING_DAY) + 14)
        days = _busday_calendar(self._first.year, end.year)
        first = np.busday_offset(np.datetime64(self._first.date(), "D"), 0, roll="forward",
                                 busdaycal=days)
        steps = np.busday_offset(first, np.arange(periods), busdaycal=days)
        dates = pd.DatetimeIndex(steps.astype("datetime64[ns]"))
        assert dates[-1] <= end, "holiday window too short for the requested dates"
        return dates

    def date(self, step: int) -> pd.Timestamp:
        """Trading date of a step.

        Read from a list of the dates as Timestamps, boxed in one pass when the dates are
        made: indexing the DatetimeIndex boxes one Timestamp per call (several µs each step).
        """
        if step >= len(self._dates):
            while step >= len(self._dates):
                self._dates = self._trading_dates(2 * len(self._dates))
            self._stamps = list(self._dates)
            self._labels = _iso_labels(self._dates)
        return self._stamps[step]

    def label(self, step: int) -> str:
        """ISO date of a step ('2025-04-02'): the table's date column."""
        self.date(step)  # extends the dates if need be
        return self._labels[step]

    def step_of(self, date: dt.date) -> int:
        """First step on or after a date (announcements on a holiday act on the next day)."""
        target = pd.Timestamp(date)
        if target < self.start:
            raise ValueError(f"{date} is before the start {self.start.date()}")
        while self._dates[-1] < target:
            self.date(2 * len(self._dates))
        return bisect.bisect_left(self._stamps, target)  # the dates' searchsorted, in Python


def _iso_labels(dates: pd.DatetimeIndex) -> list[str]:
    """The dates in ISO form ('2025-04-02'), made in one call when the dates are made.

    The same text as `Timestamp.date().isoformat()`, which costs a few µs a date.
    """
    return np.datetime_as_string(dates.to_numpy(), unit="D").tolist()
