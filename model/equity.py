"""A US equity index driven by the news the bond market sees (issue 23).

The administration watched stocks as well as bonds in April 2025: the S&P 500 fell 12% from
2 to 8 April (5,671 to 4,983) while the VIX rose from 21.5 to 52.3. The model has no stock
market, so this is the smallest one that answers to the same news:

- a volatility index (VIX-like, in points) rises with policy uncertainty, linearly:
  `vol = vol_start + vol_per_uncertainty x uncertainty`;
- the index's log level falls with the equity risk premium that volatility carries and with
  the growth hit tariffs imply (the expected policy-path fall through growth that
  `growth_bp_per_tariff_pp` and `growth_bp_per_retaliation_pp` give the bond market):

      log(index / start) = -(pct_per_growth_bp x growth_hit_bp
                             + pct_per_vol_point x (vol - vol_start)) / 100

It is a price of today's state, with no dynamics of its own (stocks reprice at once). The
index's level never feeds back into yields: nothing in the bond market reads it. Its
volatility index does: leveraged funds' margins answer to implied volatility as well as to
realised (`agents.leveraged.margin_vol_ratio`). The index is 100 at the
scenario's start; in the 2025 scenarios nothing moves it before Liberation Day, so there it
reads as 2 April 2025 = 100.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

START_LEVEL = 100.0  # the index at the scenario's start


@dataclass
class EquityIndex:
    """The index, its volatility index and its running peak.

    Attributes:
        vol_start: The volatility index with no uncertainty (points).
        vol_per_uncertainty: Volatility points per unit of policy uncertainty.
        pct_per_growth_bp: Log-percent fall of the index per bp of tariff growth hit.
        pct_per_vol_point: Log-percent fall per volatility point above `vol_start`.
        level: The index today (100 at the start).
        vol: The volatility index today (points).
        peak: The highest close so far (the drawdown is measured from it).

    """

    vol_start: float
    vol_per_uncertainty: float
    pct_per_growth_bp: float
    pct_per_vol_point: float
    level: float = START_LEVEL
    peak: float = START_LEVEL
    vol: float = math.nan

    def __post_init__(self) -> None:
        """Start with the volatility index at its calm level."""
        if math.isnan(self.vol):
            self.vol = self.vol_start

    def close(self, growth_hit_bp: float, uncertainty: float) -> float:
        """Reprice at today's close; returns the new level.

        Args:
            growth_hit_bp: The expected policy-path fall that tariffs and retaliation imply
                through growth since the start, bp (positive: a hit).
            uncertainty: Policy uncertainty today (the bond model's units).

        """
        self.vol = self.vol_start + self.vol_per_uncertainty * max(0.0, uncertainty)
        log_change_pct = -(self.pct_per_growth_bp * growth_hit_bp
                           + self.pct_per_vol_point * (self.vol - self.vol_start))
        self.level = START_LEVEL * math.exp(log_change_pct / 100.0)
        self.peak = max(self.peak, self.level)
        return self.level

    @property
    def drawdown_pct(self) -> float:
        """How far the index stands below its highest close so far, percent (0 at a high)."""
        return (1.0 - self.level / self.peak) * 100.0
