"""The target moments yieldsim is calibrated and validated against, with their sources.

Each target is a statistic of simulated runs (the median over seeds is compared with the
range) and, where one exists, the value observed in 2025. Pairs of scenarios share seeds
(common random numbers), so a gap between them is the event's effect alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BELTRAN = ("Beltran, Kretchmer, Marquez & Thomas (2013), JIMF; FRB IFDP 1041: $100bn less "
           "foreign official buying raises the 5y 40-60bp short run, ~20bp long run")
FRED = "FRED DGS2, DGS10, DGS30 (model/data/fred_yields_2025_mar_apr.csv)"
DAMICO_KING = ("D'Amico & King (2013), JFE; FEDS 2010-52: the Fed's $300bn Treasury purchases "
               "of 2009 (about seven months) lowered yields by ~30bp (up to 50bp in the 10-15y "
               "sector)")
LAUBACH = ("Laubach (2009), JEEA: about 3-4bp per pp of debt-to-GDP (~$300bn); $250bn is under "
           "1pp of GDP, so a few bp")
NET = " (net of the daily macro-news draw, a mean-zero control variate)"


@dataclass(frozen=True)
class Target:
    """One target moment.

    Attributes:
        name: Key in moments, records and reports.
        description: What is measured, in words.
        source: Where the range comes from.
        lo: Lowest passing median (may be -inf).
        hi: Highest passing median (may be +inf).
        actual: The 2025 value, where observed.
        unit: Unit of the moment.
        required: Whether validation's verdict and the calibration loss use it; an
            informational target is reported beside the others but judged by no one.
        aim: Where the loss wants a one-sided target's median when no value was observed.
    """

    name: str
    description: str
    source: str
    lo: float
    hi: float
    actual: float | None = None
    unit: str = "bp"
    required: bool = True
    aim: float | None = None

    def passes(self, median: float) -> bool:
        """Whether a median falls in the range (open ends for one-sided targets)."""
        if math.isinf(self.lo):
            return median < self.hi
        if math.isinf(self.hi):
            return median > self.lo
        return self.lo <= median <= self.hi

    def center_and_scale(self) -> tuple[float, float]:
        """Where the loss wants the median, and how far counts as one unit of miss.

        Two-sided targets aim at the middle of the range with the half-width as scale; a
        one-sided target aims at the observed value (or its `aim`), with 10bp as scale.
        """
        if math.isinf(self.lo) or math.isinf(self.hi):
            center = self.actual if self.actual is not None else self.aim
            assert center is not None
            return center, 0.2 if self.unit == "fraction" else 10.0
        return (self.lo + self.hi) / 2.0, (self.hi - self.lo) / 2.0

    def range_text(self) -> str:
        """The range as people write it."""
        if math.isinf(self.lo):
            return f"< {self.hi:g}"
        if math.isinf(self.hi):
            return f"> {self.lo:g}"
        return f"{self.lo:g} to {self.hi:g}"


TARGETS: tuple[Target, ...] = (
    Target("japan_gap_end_bp", "japan-sells minus baseline, 5y (the maturity Beltran et al. "
           "measure), at the end of the 21-day sale", BELTRAN, 40.0, 60.0),
    Target("japan_gap_3m_bp", "japan-sells minus baseline, 5y, 63 trading days after the sale",
           BELTRAN, 10.0, 30.0),
    Target("fed_gap_end_bp", "the Fed buys $300bn over 150 days (reverse auctions) minus "
           "baseline, 10y, at the end", DAMICO_KING, -50.0, -15.0),
    Target("slow_gap_end_bp", "China sells $250bn evenly over 750 days minus baseline, 10y, "
           "at the end", LAUBACH, -math.inf, 15.0, aim=5.0),
    Target("lib_fall_10y_bp", "liberation-day-2025: 10y change from 2 to 4 April 2025" + NET,
           FRED, -math.inf, 0.0, actual=-19.0),
    Target("lib_rise_10y_bp", "liberation-day-2025: 10y change from 4 to 11 April 2025" + NET,
           FRED, 32.0, 62.0, actual=47.0),
    Target("lib_2y_minus_10y_rise_bp", "liberation-day-2025: 2y rise minus 10y rise, 4 to 11 "
           "April (the 2y rises less)" + NET, FRED, -math.inf, 0.0, actual=-19.0),
    Target("lib_rise_2y_bp", "liberation-day-2025: 2y change from 4 to 11 April 2025" + NET,
           FRED, 15.0, 40.0, actual=28.0, required=False),
    Target("lib_2y_expected_share", "liberation-day-2025: share of the 2y's 4-11 April rise in "
           "its expected-rate component (the market pricing out Fed cuts)" + NET,
           "FRED DGS2; fed funds futures priced out cuts that week (approx.)", 0.6, math.inf,
           unit="fraction", aim=0.8, required=False),
    Target("lib_market_share_bp", "liberation-day-2025: 10y rise from 4 to 11 April 2025 minus "
           "the same week with frictionless = true (the market's own share)" + NET,
           "NY Fed (Perli, May 2025): swap-spread unwinds amplified the move; liquidity "
           "worsened with volatility", 15.0, math.inf, aim=20.0, required=False),
    Target("japan_capacity_effect_bp", "japan-sells minus baseline at the sale's end, 10y: with "
           "dealer capacity $100bn minus with the default, the Fed's backstop off in both (on, "
           "it buys once dealers pass 90% utilisation and caps the rise)",
           "Duffie (2020); He, Nagel & Song (2022): dealer balance sheets bind", 10.0, math.inf,
           aim=15.0, required=False),
    Target("lib_rise_30y_bp", "liberation-day-2025: 30y change from 4 to 11 April 2025" + NET,
           FRED, 0.0, math.inf, actual=44.0),
    Target("lib_retreat_10y_bp", "liberation-day-2025: 10y change from 11 to 30 April 2025, "
           "after the de-escalation news" + NET, FRED, -math.inf, 0.0, actual=-31.0),
    Target("baseline_sd_bp", "baseline: standard deviation of daily 10y changes", "FRED DGS10, "
           "March-July 2025: 5.6bp", 4.0, 7.5, actual=5.6),
    Target("lib_april_sd_bp", "liberation-day-2025, 2 to 30 April: sd of daily 10y changes",
           FRED + ": 7.7bp", 4.0, 9.5, actual=7.7, required=False),
    Target("lib_pre_sd_bp", "liberation-day-2025 before 2 April: sd of daily 10y changes",
           FRED, 4.0, 7.5, actual=5.6),
)

# Largest standard error of a target's median that the record accepts (issue 9).
MAX_STANDARD_ERROR_BP = 2.0
