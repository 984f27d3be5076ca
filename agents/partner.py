"""Trade partners at the table: accept an offer below their reservation, retaliate above a line.

A partner is any country the administration negotiates with. Those that hold Treasuries
(Japan, China) are linked to their `Sovereign`, whose stance (waiting, threatening, selling)
is their bond-market lever; the others (the EU, Korea, Vietnam) bargain with tariffs alone.
Partners answer the schedule as it stood at yesterday's close, one day late, as China answered
Liberation Day on 4 April 2025.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from agents.sovereign import Sovereign
from model.tariffs import TariffSchedule

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel

# A retaliation is changed only when the target moves by more than this (rate, a fraction):
# tariffs are announced in whole points, not re-quoted daily.
RETALIATION_STEP = 0.005


class Talks:
    """A partner's standing in the talks, as reported in the time series."""

    DEAL = "deal"
    RETALIATING = "retaliating"
    NEGOTIATING = "negotiating"
    WAITING = "waiting"


class Partner(mesa.Agent):
    """One country in trade talks with the US administration.

    Attributes:
        key: Country key ('japan').
        label: Display name.
        reservation_rate: Highest US tariff it accepts in a deal (fraction).
        retaliation_threshold: US rate above which it retaliates (fraction).
        retaliation_match: Its rate per point of US rate above the baseline.
        sovereign: Its Treasury-holding agent, if it holds Treasuries in the model.
        observed_rate: The US rate on it at the last close it reacted to.

    """

    def __init__(self, model: YieldModel, key: str, label: str, reservation_rate: float,
                 retaliation_threshold: float, retaliation_match: float,
                 sovereign: Sovereign | None = None) -> None:
        """Seat a partner at the table (its rate as announced at the start)."""
        super().__init__(model)
        self.key = key
        self.label = label
        self.reservation_rate = reservation_rate
        self.retaliation_threshold = retaliation_threshold
        self.retaliation_match = retaliation_match
        self.sovereign = sovereign
        self.observed_rate = model.tariffs.rate_on(key)

    def accepts(self, offer: float) -> bool:
        """Whether it takes a deal at this rate: any offer at or below its reservation."""
        return offer <= self.reservation_rate + 1e-12

    def retaliation_target(self, us_rate: float, baseline: float) -> float:
        """The rate it would impose on US goods against `us_rate` (0 below its threshold)."""
        if us_rate <= self.retaliation_threshold:
            return 0.0
        return self.retaliation_match * max(0.0, us_rate - baseline)

    def respond(self, tariffs: TariffSchedule) -> str | None:
        """Answer yesterday's US rate on it with retaliation; returns the log line, if any.

        Nothing changes once it has a deal (the deal settles retaliation too).
        """
        rate_seen, self.observed_rate = self.observed_rate, tariffs.rate_on(self.key)
        if self.key in tariffs.deals:
            return None
        target = self.retaliation_target(rate_seen, tariffs.all_rate)
        current = tariffs.retaliation.get(self.key, 0.0)
        if abs(target - current) <= RETALIATION_STEP:
            return None
        tariffs.retaliate(self.key, target)
        if target == 0:
            return f"{self.label} withdraws its retaliation"
        return f"{self.label} retaliates at {target:.0%}"

    def talks(self, tariffs: TariffSchedule) -> str:
        """Its standing in the talks today."""
        if self.key in tariffs.deals:
            return Talks.DEAL
        if self.key in tariffs.retaliation:
            return Talks.RETALIATING
        if self.key in tariffs.offers:
            return Talks.NEGOTIATING
        return Talks.WAITING
