"""Trade partners at the table: weigh a deal against waiting, retaliate above a line.

A partner is any country the administration negotiates with. Those that hold Treasuries
(Japan, China) are linked to their `Sovereign`, whose stance (waiting, threatening, selling)
is their bond-market lever; the others (the EU, Korea, Vietnam) bargain with tariffs alone.
Partners answer the schedule as it stood at yesterday's close, one day late, as China
answered Liberation Day on 4 April 2025.

A partner takes an offer when the deal costs it less than waiting a day for a better one
(issue 23). Its daily loss from a US tariff r is its exports to the US x r x
`trade_elasticity` (2024 Census trade, model/countries.py). Without a deal it also pays for
its own retaliation (its imports from the US x its rate x the elasticity, at most all it
imports from the US) and, if it holds Treasuries and is selling them, its campaign's loss in
its own currency (the sovereign's ledger). Waiting a day costs today's loss and buys
tomorrow's offer (today's offer less the administration's pace, which a threat priced by
model/threat.py speeds up) - unless, with the day's hazard, talks break down or the pause
ends and the announced rate stands with no deal. Losses are discounted at
`partner_discount_per_year` and valued as perpetuities, so with k the export loss per unit
of rate, c the other costs of no deal, rho the daily discount and delta = 1 / (1 + rho), it
accepts offer o when

    k o / rho <= k r_now + c + delta [(1 - h) k (o - pace) / rho + h (k A + c) / rho],

that is, when o is at most the acceptable rate (`Partner.acceptable_rate`)

    r* = [rho (r_now + c/k) + delta h (A + c/k) - delta (1 - h) pace] / (1 - delta (1 - h)).

Nothing here is the outcome it is judged on: the rates deals land at come from the offers'
pace, the hazards and the trade figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa

from agents.sovereign import Sovereign
from model.countries import goods_trade_bn
from model.daycount import TRADING_DAYS_PER_YEAR
from model.params import ModelParams
from model.tariffs import TariffSchedule

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel

# A retaliation is changed only when the target moves by more than this (rate, a fraction):
# tariffs are announced in whole points, not re-quoted daily.
RETALIATION_STEP = 0.005


@dataclass(frozen=True)
class Outlook:
    """What waiting a day would bring, as the partner reads the table today.

    Attributes:
        rate_now: The US rate on it in force today (a pause lowers it).
        announced: The rate that stands if talks break down or the pause ends.
        pace: How far the offer is expected to fall by tomorrow (the administration's
            concession speed today, threats included).
        hazard: Probability that, by tomorrow, the talks break down or the pause ends.

    """

    rate_now: float
    announced: float
    pace: float
    hazard: float


@dataclass(frozen=True)
class Payoff:
    """Present values of a partner's trade losses ($bn), deal now against waiting a day."""

    accept: float
    wait: float

    @property
    def gain_from_accepting(self) -> float:
        """What accepting saves over waiting ($bn; negative: waiting is better)."""
        return self.wait - self.accept


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
        export_loss_per_rate: Its daily export loss per unit of US rate ($bn/day).
        retaliation_cost_per_rate: Its daily loss per unit of its own retaliation ($bn/day).
        imports_per_day: What it imports from the US a day: its retaliation's cost cap ($bn).
        discount: Its daily discount rate.
        retaliation_threshold: US rate above which it retaliates (fraction).
        retaliation_match: Its rate per point of US rate above the baseline.
        sovereign: Its Treasury-holding agent, if it holds Treasuries in the model.
        observed_rate: The US rate on it at the last close it reacted to.

    """

    def __init__(self, model: YieldModel, key: str, label: str, params: ModelParams,
                 retaliation_threshold: float, retaliation_match: float,
                 sovereign: Sovereign | None = None) -> None:
        """Seat a partner at the table (its rate as announced at the start)."""
        super().__init__(model)
        self.key = key
        self.label = label
        exports, imports = goods_trade_bn(key)
        per_day = params.trade_elasticity / TRADING_DAYS_PER_YEAR
        self.export_loss_per_rate = exports * per_day
        self.retaliation_cost_per_rate = imports * per_day
        self.imports_per_day = imports / TRADING_DAYS_PER_YEAR
        self.discount = params.partner_discount_per_year / TRADING_DAYS_PER_YEAR
        self.retaliation_threshold = retaliation_threshold
        self.retaliation_match = retaliation_match
        self.sovereign = sovereign
        self.observed_rate = model.tariffs.rate_on(key)

    def no_deal_cost(self, tariffs: TariffSchedule) -> float:
        """What having no deal costs it a day beyond the export loss ($bn/day).

        Its own retaliation (a deal ends it: the imports it gives up, at most all it imports
        from the US) and, for a holder in a selling campaign, the campaign's loss in its own
        currency.
        """
        # Its lost imports cannot exceed what it imports (the first-order loss passes that at
        # a rate of 1 / elasticity, about 40%; China's answers reached 125% in April 2025).
        cost = min(self.retaliation_cost_per_rate * tariffs.retaliation.get(self.key, 0.0),
                   self.imports_per_day)
        if self.sovereign is not None:
            cost += self.sovereign.campaign_cost_bn_per_day()
        return cost

    def payoff(self, offer: float, outlook: Outlook, no_deal_cost: float) -> Payoff:
        """Present values of its losses if it accepts `offer` now or waits a day ($bn)."""
        k, rho, h = self.export_loss_per_rate, self.discount, outlook.hazard
        delta = 1.0 / (1.0 + rho)
        tomorrow = offer - outlook.pace
        wait = (k * outlook.rate_now + no_deal_cost
                + delta * ((1.0 - h) * k * tomorrow / rho
                           + h * (k * outlook.announced + no_deal_cost) / rho))
        return Payoff(accept=k * offer / rho, wait=wait)

    def accepts(self, offer: float, outlook: Outlook, no_deal_cost: float = 0.0) -> bool:
        """Whether the deal at `offer` costs it no more than waiting a day."""
        payoff = self.payoff(offer, outlook, no_deal_cost)
        return payoff.accept <= payoff.wait * (1.0 + 1e-12)

    def acceptable_rate(self, outlook: Outlook, no_deal_cost: float = 0.0) -> float:
        """The highest offer it accepts today (the closed form in the module docstring).

        Infinite when it exports nothing to the US: a deal then costs it nothing.
        """
        k, rho, h = self.export_loss_per_rate, self.discount, outlook.hazard
        if k <= 0.0:
            return math.inf
        delta = 1.0 / (1.0 + rho)
        extra = no_deal_cost / k
        return ((rho * (outlook.rate_now + extra) + delta * h * (outlook.announced + extra)
                 - delta * (1.0 - h) * outlook.pace) / (1.0 - delta * (1.0 - h)))

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
