"""What a tariff schedule means for the macro outlook, and how much a day's changes unsettle.

The schedule (`model.tariffs.TariffSchedule`) says who pays what; this reads it the way the
market does. The import-weighted effective rate (after trade diversion, and before it: the
statutory rate on the imports of before the tariffs) and the retaliation against the US are
measured from the start. Whatever was in force at the start is in the start yields. From
them come:

- the expected inflation the tariffs pass through, on the rate after diversion: prices rise
  on what is still imported;
- the growth hit they imply, which the Fed answers as far as its room lets it, on the rate
  before diversion: trade that a prohibitive tariff destroys is a cost, not a saving. After
  diversion, raising China from 104% to 145% would *lower* the rate, and the Geneva deal of
  12 May 2025 (145% to 30%) would lower it by 1.6 points, where the Yale Budget Lab put the
  growth cost of 2025's tariffs 40% lower after it;
- the uncertainty a day's net change adds. It is settled once a day, so ten country rates
  announced together are one shock, not ten.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.params import ModelParams
from model.tariffs import TariffSchedule


@dataclass
class TariffMacro:
    """The tariff schedule read as inflation, growth and uncertainty (all since the start).

    Attributes:
        params: The resolved parameters.
        tariffs: The announced schedule (shared with the model and the agents).
        base_pp: Effective tariff rate at the start, after the start-date events (pp).
        statutory_base_pp: The same before trade diversion (pp).
        retaliation_base_pp: Import-weighted retaliation at the start (pp).
        effective_pp: Effective tariff rate after the latest news (pp).
        statutory_pp: The same before trade diversion (pp).
        retaliation_pp: Import-weighted retaliation after the latest news (pp).
        settled_effective_pp: Effective rate whose uncertainty has been added (pp).
        settled_retaliation_pp: Retaliation whose uncertainty has been added (pp).

    """

    params: ModelParams
    tariffs: TariffSchedule
    base_pp: float = 0.0
    statutory_base_pp: float = 0.0
    retaliation_base_pp: float = 0.0
    effective_pp: float = 0.0
    statutory_pp: float = 0.0
    retaliation_pp: float = 0.0
    settled_effective_pp: float = 0.0
    settled_retaliation_pp: float = 0.0

    def start_here(self) -> None:
        """Take the schedule in force now as the start: the start yields price it."""
        self.base_pp, self.statutory_base_pp = self.tariffs.effective_rates(
            self.params.import_elasticity)
        self.statutory_pp = self.statutory_base_pp
        self.retaliation_base_pp = self.tariffs.effective_retaliation()
        self.effective_pp = self.settled_effective_pp = self.base_pp
        self.retaliation_pp = self.settled_retaliation_pp = self.retaliation_base_pp

    def read(self) -> float:
        """Re-read the schedule after news; returns the effective rate's change since the start."""
        self.effective_pp, self.statutory_pp = self.tariffs.effective_rates(
            self.params.import_elasticity)
        self.retaliation_pp = self.tariffs.effective_retaliation()
        return self.effective_pp - self.base_pp

    @property
    def inflation_pct(self) -> float:
        """Core inflation the market expects: the start plus tariffs' pass-through (%)."""
        p = self.params
        return p.start_inflation_pct + p.tariff_inflation_pp_per_pp * (
            self.effective_pp - self.base_pp)

    @property
    def growth_hit_bp(self) -> float:
        """The expected policy-path fall tariffs and retaliation imply through growth, bp.

        Since the start, before the Fed's room weighs it: the news the equity index prices
        as an earnings hit. The tariff part reads the statutory rate (before diversion).
        """
        p = self.params
        return (p.growth_bp_per_tariff_pp * (self.statutory_pp - self.statutory_base_pp)
                + p.growth_bp_per_retaliation_pp
                * (self.retaliation_pp - self.retaliation_base_pp))

    def settle(self) -> float:
        """The uncertainty the changes not yet settled add (units, never negative), once.

        Uncertainty grows less than in proportion to a change (`uncertainty_tariff_exponent`),
        so it must see a day's announcements as one.
        """
        p = self.params
        shock = (p.uncertainty_per_tariff_pp
                 * self.unsettling(self.effective_pp - self.settled_effective_pp)
                 + p.uncertainty_per_retaliation_pp
                 * self.unsettling(self.retaliation_pp - self.settled_retaliation_pp))
        self.settled_effective_pp, self.settled_retaliation_pp = (self.effective_pp,
                                                                  self.retaliation_pp)
        return shock

    def unsettling(self, change_pp: float) -> float:
        """How much a change in a tariff rate unsettles markets (pp, before the loading).

        Escalation adds uncertainty; a cut adds only `uncertainty_from_cuts` of it (the VIX
        fell from 52 to 34 on the day of the 9 April 2025 pause): relief is the events' own
        `calm`.
        """
        p = self.params
        size = abs(change_pp) ** p.uncertainty_tariff_exponent
        return size if change_pp >= 0.0 else p.uncertainty_from_cuts * size
