"""The US tariff schedule and foreign retaliation: the state tariff events change.

Events are dated when markets learn of them, so a rate here is the rate announced, which is
what expectations and sovereigns react to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from model.countries import ALL, IMPORT_SHARES


@dataclass
class TariffSchedule:
    """US tariff rates by country, pauses, deals and retaliation against the US.

    Attributes:
        all_rate: Rate on every country without a rate of its own (fraction, 0.10 = 10%).
        country_rates: Country-specific US rates that override `all_rate`.
        paused: Countries whose specific rate is suspended (they pay `all_rate`).
        deals: Countries that struck a deal (rate fixed by the deal; no more escalation).
        retaliation: Rates that countries impose on US goods.
        offers: The administration's standing offer to each partner in talks (rate it would
            fix in a deal); public, as offers in trade talks are reported.
        offer_steps: Step at which each partner's offer last improved.

    """

    all_rate: float = 0.0
    country_rates: dict[str, float] = field(default_factory=dict)
    paused: set[str] = field(default_factory=set)
    deals: set[str] = field(default_factory=set)
    retaliation: dict[str, float] = field(default_factory=dict)
    offers: dict[str, float] = field(default_factory=dict)
    offer_steps: dict[str, int] = field(default_factory=dict)

    def rate_on(self, country: str) -> float:
        """The US tariff rate currently applied to a country's goods."""
        if country in self.country_rates and country not in self.paused:
            return self.country_rates[country]
        return self.all_rate

    def announced(self, country: str) -> float:
        """The rate announced for a country, pause or not: what is at stake in its talks."""
        if country in self.country_rates:
            return self.country_rates[country]
        return self.all_rate

    def set_rate(self, country: str, rate: float) -> None:
        """Impose a rate on one country (breaking any deal it had), or on all."""
        if country == ALL:
            self.all_rate = rate
        else:
            # A new rate on a country breaks any deal it had.
            self.country_rates[country] = rate
            self.paused.discard(country)
            self.deals.discard(country)

    def pause(self, exempt: set[str]) -> None:
        """Suspend country-specific rates except for the exempt countries."""
        self.paused = {c for c in self.country_rates if c not in exempt}

    def end_pause(self) -> None:
        """Let every suspended rate apply again."""
        self.paused = set()

    def retaliate(self, country: str, rate: float) -> None:
        """Set the rate a country imposes on US goods (0 withdraws it)."""
        if rate > 0:
            self.retaliation[country] = rate
        else:
            self.retaliation.pop(country, None)

    def offer(self, country: str, rate: float, step: int) -> None:
        """Post (or improve) the administration's offer to a partner."""
        if rate < self.offers.get(country, math.inf):
            self.offer_steps[country] = step
        self.offers[country] = rate

    def strike_deal(self, country: str, rate: float) -> None:
        """Fix a country's rate by agreement; the country is then out of the dispute."""
        self.country_rates[country] = rate
        self.paused.discard(country)
        self.deals.add(country)
        self.retaliation.pop(country, None)
        self.offers.pop(country, None)

    def effective_rate(self, import_elasticity: float) -> float:
        """Import-weighted tariff rate in percentage points, after trade diversion.

        Imports from a country shrink as exp(-elasticity * rate), so a prohibitive rate adds
        little revenue or price pressure; this is why 145% on China does not mean a 20-point
        jump in the effective rate. With elasticity 0 it is the statutory rate on the imports
        of before the tariffs, which the growth hit reads (lost trade is a cost).
        """
        return self.effective_rates(import_elasticity)[0]

    def effective_rates(self, import_elasticity: float) -> tuple[float, float]:
        """The effective rate after trade diversion and the statutory one (pp), in one pass.

        The macro reading needs both every day (inflation reads the first, the growth hit
        the second), so the schedule is walked once.
        """
        rest_share = 1.0 - sum(IMPORT_SHARES.values())
        after = rest_share * self.all_rate * math.exp(-import_elasticity * self.all_rate)
        statutory = rest_share * self.all_rate
        for country, share in IMPORT_SHARES.items():
            rate = self.rate_on(country)
            after += share * rate * math.exp(-import_elasticity * rate)
            statutory += share * rate
        return 100.0 * after, 100.0 * statutory

    def effective_retaliation(self) -> float:
        """Import-share-weighted retaliation rate against the US, percentage points."""
        return 100.0 * sum(IMPORT_SHARES.get(c, 0.0) * r for c, r in self.retaliation.items())
