"""The US administration: it owns the tariff schedule and answers the bond market.

Each trading day it reads the public close - the bond market (the 10y against its warning
line, the 10y's rise over five closes, dealer strain), the equity index's drawdown, the growth
hit its own tariffs imply - and the threats of partners that hold Treasuries: the bond pain
the model says the threatened sale would cause (model/threat.py), weighted by the threat's
credibility (resolve x holdings). Their sum is its pain, in bp-equivalents; each of the
four channels (bonds, equities, growth, threats) has a weight, and `admin_watches_markets =
false` switches off every market channel at once (bonds, equities, and threats, whose pain is
the bond market's). Past its tolerance it de-escalates: first a pause of
every partner's rate but those of partners that retaliate, then cuts for those; every
de-escalation opens talks, in which its offers fall at a speed set by its pain (and by the
partner's own threat) until a partner accepts: a partner weighs the offer against waiting
(agents/partner.py), and waiting is risky because any day, with probability
`talks_breakdown_hazard`, the talks with a partner break down and its offer goes back to the
announced rate (drawn from the administration's own random stream), and because a pause
ends. When the market is calm it pursues its agenda: a pause that expires is not renewed,
and retaliation is answered in kind while pain is below tolerance.

Under `policy = "scripted"` it only measures its pain (reported, never acted on), so scripted
scenarios run exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from agents.partner import RETALIATION_STEP, Outlook, Partner
from model.instruments import TEN_YEAR
from model.params import ModelParams
from model.state import PublicState, set_fields
from model.tariffs import TariffSchedule
from model.threat import sale_pain

if TYPE_CHECKING:
    from agents.sovereign import Sovereign
    from model.yieldmodel import YieldModel

RISE_WINDOW = 5  # closes: the "5-day rise" of the 10y (as in model.summary)
RATE_EPSILON = 1e-9  # rates closer than this are the same rate
TALKS_STREAM = 2301  # the spawn key of the talks' random stream (breakdowns; issue 23)


CHANNELS = ("bonds", "equities", "growth", "threats")  # what its pain is split into
MARKET_CHANNELS = ("bonds", "equities", "threats")  # what `admin_watches_markets` switches


@dataclass(frozen=True, init=False)
class Pain:
    """The administration's pain from the markets, its own tariffs and threats (bp-equivalents).

    Each term is already weighted by its channel's weight (`admin_weight_<channel>`).

    Attributes:
        level: From the 10y's close above the warning line (bonds).
        rise: From the 10y's rise over the last five closes (bonds).
        strain: From dealer balance-sheet use (bonds).
        equity: From the equity index's drawdown from its high (equities).
        growth: From the growth hit its tariffs imply.
        threats: From partners' live threats, by partner.

    """

    level: float = 0.0
    rise: float = 0.0
    strain: float = 0.0
    equity: float = 0.0
    growth: float = 0.0
    threats: dict[str, float] | None = None

    def __init__(self, level: float = 0.0, rise: float = 0.0, strain: float = 0.0,
                 growth: float = 0.0, threats: dict[str, float] | None = None,
                 equity: float = 0.0) -> None:
        """Store the fields at once (`set_fields`: one assessment a step)."""
        set_fields(self, level=level, rise=rise, strain=strain, equity=equity, growth=growth,
                   threats=threats)

    @property
    def bonds(self) -> float:
        """Pain from the bond market: the 10y's level and rise, and dealer strain."""
        return self.level + self.rise + self.strain

    @property
    def market(self) -> float:
        """Pain without threats: what the closes and the tariffs alone cause."""
        return self.bonds + self.equity + self.growth

    @property
    def total(self) -> float:
        """Expected pain: the market's plus every live threat's."""
        return self.market + sum((self.threats or {}).values())

    def by_channel(self) -> dict[str, float]:
        """The pain of each channel (CHANNELS' order), threats summed over partners."""
        return {"bonds": self.bonds, "equities": self.equity, "growth": self.growth,
                "threats": sum((self.threats or {}).values())}


class Administration(mesa.Agent):
    """The US administration as a player (see the module docstring for its rules).

    Attributes:
        active: Whether it chooses policy (policy = "endogenous") or only measures pain.
        tolerance: Pain beyond which it de-escalates.
        pain: Its pain at the last decision.
        closes: 10y closes it has seen, percent.
        pause_until: Step at which its pause expires (None: no pause of its own).
        negotiating: Whether talks are open (after its first de-escalation).
        concession: Share of the gap between agenda and floor conceded, by partner.
        first_deescalation_step: Step of its first pause, cut or deal (None: none yet).
        first_deescalation_rise_bp: The 10y's 5-close rise it read then, bp.
        first_deescalation_10y: The 10y close it read then, percent.

    """

    def __init__(self, model: YieldModel, params: ModelParams, partners: list[Partner],
                 start_10y: float, opening_end_step: int = 0) -> None:
        """Take office with the schedule as the scenario opens it.

        Args:
            model: The model.
            params: Parameters (the `admin_*` ones and the macro channel it reads).
            partners: The partners at the table.
            start_10y: The 10y at the start, percent.
            opening_end_step: Step of the scenario's last scripted tariff: until then the
                script is its agenda, so it escalates only after it (it may de-escalate any
                day).

        """
        super().__init__(model)
        self.opening_end_step = opening_end_step
        p = params
        self.active = p.policy == "endogenous"
        self.partners = partners
        self.warning_10y = p.admin_warning_10y
        self.per_bp_above = p.admin_pain_per_bp_above
        self.per_bp_rise = p.admin_pain_per_bp_rise
        self.per_utilization = p.admin_pain_per_utilization
        self.per_growth_bp = p.admin_pain_per_growth_bp
        self.per_equity_pct = p.admin_pain_per_equity_pct
        watches = 1.0 if p.admin_watches_markets else 0.0
        self.weights = {"bonds": watches * p.admin_weight_bonds,
                        "equities": watches * p.admin_weight_equities,
                        "growth": p.admin_weight_growth,
                        "threats": watches * p.admin_weight_threats}
        self.growth_bp_per_tariff_pp = p.growth_bp_per_tariff_pp
        self.import_elasticity = p.import_elasticity
        self.threat_horizon_days = p.admin_threat_horizon_days
        self.sovereign_max_pace_bn = p.sovereign_max_pace_bn
        self.credibility_scale_bn = p.admin_credibility_scale_bn
        self.tolerance = p.admin_tolerance
        self.calm_pain = p.admin_calm_pain
        self.pause_days = p.admin_pause_days
        self.cooldown_days = p.admin_cooldown_days
        self.concession_per_day = p.admin_concession_per_day
        self.floor_rate = p.admin_floor_rate
        self.counter_share = p.admin_counter_share
        self.max_rate = p.admin_max_rate
        self.breakdown_hazard = p.talks_breakdown_hazard
        self.snapback_belief = p.pause_snapback_belief
        # Breakdowns draw from their own child of the model's seed, and only when it plays:
        # the market's numbers, and scripted runs, are untouched.
        seq = model.rng.bit_generator.seed_seq
        self.talks_rng = (np.random.default_rng(np.random.SeedSequence(
            seq.entropy, spawn_key=(*seq.spawn_key, TALKS_STREAM))) if self.active else None)
        self.outlooks: dict[str, Outlook] = {}
        self.pain = Pain(threats={})
        self.closes: list[float] = [start_10y]
        self.pause_until: int | None = None
        self.negotiating = False
        self.last_deescalation: int | None = None
        self.last_escalation: dict[str, int] = {}
        self.concession = {q.key: 0.0 for q in partners}
        tariffs = model.tariffs
        # The rates in force at the start are the status quo, not a move it can take back:
        # it pauses and concedes only what it announced during the run.
        self.status_quo = {c: tariffs.announced(c) for c in tariffs.country_rates}
        self.status_quo_all = tariffs.all_rate
        self.seen_rate = {q.key: tariffs.announced(q.key) for q in partners}
        self.answered = {q.key: tariffs.retaliation.get(q.key, 0.0) for q in partners}
        self.could_give = False
        self.first_deescalation_step: int | None = None
        self.first_deescalation_rise_bp: float | None = None
        self.first_deescalation_10y: float | None = None
        self.first_deescalation_pain: Pain | None = None

    # --- what it reads --------------------------------------------------------------------
    def assess(self, state: PublicState) -> Pain:
        """Its pain from yesterday's close and today's schedule (and remember the close)."""
        if state.step > 1:
            self.closes.append(float(state.yields[TEN_YEAR]))
        ten = self.closes[-1]
        rise_bp = self.rise_bp()
        tariff_pp = state.tariffs.effective_rate(self.import_elasticity)
        w = self.weights
        bonds = w["bonds"]
        # A threat's pain is bond pain: it counts with the bond channel's weight too.
        threats = {q.key: w["threats"] * bonds
                   * self.threat_value(q.sovereign, state.dealer_utilization)
                   for q in self.partners
                   if q.sovereign is not None and q.sovereign.is_threatening
                   and q.key not in state.tariffs.deals}
        self.pain = Pain(
            level=bonds * self.per_bp_above * max(0.0, (ten - self.warning_10y) * 100.0),
            rise=bonds * self.per_bp_rise * max(0.0, rise_bp),
            strain=bonds * self.per_utilization * max(0.0, state.dealer_utilization),
            equity=w["equities"] * self.per_equity_pct * self.model.equity.drawdown_pct,
            growth=w["growth"] * self.per_growth_bp * self.growth_bp_per_tariff_pp * tariff_pp,
            threats=threats)
        return self.pain

    def threatened_sale(self, sovereign: Sovereign) -> tuple[float, int]:
        """The sale a threat stands for: ($bn, days).

        What the sovereign's campaign would sell over the horizon the administration looks
        ahead (`admin_threat_horizon_days`): its pace (resolve x `sovereign_max_pace_bn` a
        day, the campaign's rule in agents/sovereign.py) for that many days, at most its book.
        """
        days = self.threat_horizon_days
        pace = sovereign.resolve * self.sovereign_max_pace_bn
        return min(pace * days, float(sovereign.holdings.sum())), days

    def threat_value(self, sovereign: Sovereign, utilization: float) -> float:
        """Expected pain of a sovereign's threat: its sale's bond pain x its credibility.

        The bond pain is the model's own response to such a sale in today's dealer state
        (`model.threat.sale_pain`); credibility is resolve x holdings /
        `admin_credibility_scale_bn`.
        """
        size_bn, days = self.threatened_sale(sovereign)
        return (sale_pain(size_bn, days, utilization)
                * sovereign.credibility(self.credibility_scale_bn))

    def rise_bp(self) -> float:
        """The 10y's rise over the last five closes it has seen, bp."""
        earlier = self.closes[max(0, len(self.closes) - 1 - RISE_WINDOW)]
        return (self.closes[-1] - earlier) * 100.0

    # --- what it decides ------------------------------------------------------------------
    def act(self, state: PublicState) -> list[str]:
        """Today's moves on the schedule; returns one log line per move (empty: none)."""
        pain = self.assess(state)
        if not self.active:
            return []
        tariffs, step = state.tariffs, state.step
        self._note_scripted_changes(tariffs)
        self.could_give = self.can_deescalate(tariffs)
        lines: list[str] = []
        cooled = (self.last_deescalation is None
                  or step - self.last_deescalation >= self.cooldown_days)
        if pain.total > self.tolerance and cooled:
            lines += self._deescalate(tariffs, step, pain)
        elif self.pause_until is not None and step >= self.pause_until:
            lines += self._pause_expires(tariffs, step, pain)
        elif pain.total <= self.tolerance and step > self.opening_end_step:
            lines += self._answer_retaliation(tariffs, step)
        if self.negotiating:
            lines += self._bargain(tariffs, step, pain)
        return lines

    def _note_scripted_changes(self, tariffs: TariffSchedule) -> None:
        """A rate set by a scripted event answers the retaliation standing at that time."""
        for q in self.partners:
            announced = tariffs.announced(q.key)
            if abs(announced - self.seen_rate[q.key]) > RATE_EPSILON:
                self.seen_rate[q.key] = announced
                self.answered[q.key] = tariffs.retaliation.get(q.key, 0.0)

    def _pausable(self, tariffs: TariffSchedule) -> list[str]:
        """Rates it announced above the baseline on partners that do not retaliate."""
        retaliating = set(tariffs.retaliation) | set(tariffs.deals)
        return [c for c, r in tariffs.country_rates.items()
                if c not in retaliating and c not in tariffs.paused
                and r > max(tariffs.all_rate, self._floor(c)) + RATE_EPSILON]

    def _cuttable(self, tariffs: TariffSchedule) -> list[Partner]:
        """Retaliating partners whose standing offer is below their rate."""
        return [q for q in self.partners if q.key in tariffs.retaliation
                and q.key in tariffs.offers
                and tariffs.offers[q.key] < tariffs.announced(q.key) - RATE_EPSILON]

    def can_deescalate(self, tariffs: TariffSchedule) -> bool:
        """Whether it has anything to give today: a pause, a cut, or talks to open."""
        if self._pausable(tariffs) and self.pause_until is None:
            return True
        if self._cuttable(tariffs):
            return True
        return not self.negotiating and any(
            tariffs.announced(q.key) > self._floor(q.key) + RATE_EPSILON
            and q.key not in tariffs.deals for q in self.partners)

    def _deescalate(self, tariffs: TariffSchedule, step: int, pain: Pain) -> list[str]:
        """Pause (if there is something to pause), else cut the retaliators' rates to offers."""
        if not self.can_deescalate(tariffs):
            return []
        retaliating = set(tariffs.retaliation) | set(tariffs.deals)
        if self._pausable(tariffs) and self.pause_until is None:
            tariffs.pause(retaliating)
            self.pause_until = step + self.pause_days
            exempt = sorted(c for c in retaliating if c not in tariffs.deals)
            move = (f"pause ({tariffs.all_rate:.0%} for all"
                    + (f" but {', '.join(self._label(c) for c in exempt)})" if exempt else ")"))
        else:
            cuts = self._cuttable(tariffs)
            for q in cuts:
                tariffs.set_rate(q.key, tariffs.offers[q.key])
                self.seen_rate[q.key] = tariffs.offers[q.key]
                self.answered[q.key] = tariffs.retaliation.get(q.key, 0.0)
            move = ("cuts " + ", ".join(f"{q.label} to {tariffs.offers[q.key]:.0%}" for q in cuts)
                    if cuts else "offers of deals")
        self._record_deescalation(step)
        return [f"{self._reason(pain)}: {move}"]

    def _record_deescalation(self, step: int) -> None:
        """Open the talks; remember the first de-escalation and what the market showed then."""
        self.negotiating = True
        self.last_deescalation = step
        if self.first_deescalation_step is None:
            self.first_deescalation_step = step
            self.first_deescalation_rise_bp = self.rise_bp()
            self.first_deescalation_10y = self.closes[-1]
            self.first_deescalation_pain = self.pain

    def _reason(self, pain: Pain) -> str:
        """Why it moves, as the event log says it: '10y 4.52%, up 48bp in 5 days'.

        The stocks' drawdown is added when the equity channel counts ('..., stocks 11% off
        their high'), and the partners whose threats count.
        """
        rise = self.rise_bp()
        direction = "up" if rise >= 0 else "down"
        text = f"10y {self.closes[-1]:.2f}%, {direction} {abs(rise):.0f}bp in 5 days"
        if pain.equity > 0.0:
            text += f", stocks {self.model.equity.drawdown_pct:.0f}% off their high"
        threats = pain.threats or {}
        if threats:
            text += ", threat by " + ", ".join(self._label(k) for k in sorted(threats))
        return text

    def _pause_expires(self, tariffs: TariffSchedule, step: int, pain: Pain) -> list[str]:
        """At the end of a pause: back to the agenda if calm, else extend it."""
        if pain.total < self.calm_pain:
            tariffs.end_pause()
            self.pause_until = None
            return [f"calm market (pain {pain.total:.0f}): pause ends, rates as announced"]
        self.pause_until = step + self.pause_days
        return [f"pain {pain.total:.0f} above calm ({self.calm_pain:.0f}): pause extended"]

    def _answer_retaliation(self, tariffs: TariffSchedule, step: int) -> list[str]:
        """Answer new retaliation in kind, as far as the cap and the cooldown allow."""
        lines = []
        for q in self.partners:
            if q.key in tariffs.deals:
                continue
            new = tariffs.retaliation.get(q.key, 0.0) - self.answered[q.key]
            last = self.last_escalation.get(q.key)
            if new <= RETALIATION_STEP or (last is not None
                                           and step - last < self.cooldown_days):
                continue
            announced = tariffs.announced(q.key)
            rate = min(self.max_rate, announced + self.counter_share * new)
            self.answered[q.key] = tariffs.retaliation.get(q.key, 0.0)
            if rate <= announced + RATE_EPSILON:
                continue
            tariffs.set_rate(q.key, rate)
            self.seen_rate[q.key] = rate
            self.last_escalation[q.key] = step
            lines.append(f"US raises {q.label} to {rate:.0%} (answers its retaliation)")
        return lines

    def _bargain(self, tariffs: TariffSchedule, step: int, pain: Pain) -> list[str]:
        """Improve each open offer by the day's concession; a partner that accepts has a deal.

        The concession speed is `admin_concession_per_day` times pain over tolerance, where
        the pain counted is the market's plus this partner's own threat: a credible threat
        buys a faster fall in the offer made to the one who makes it. The partner weighs the
        offer against waiting (`Partner.accepts`), with tomorrow's offer at today's speed and
        the day's hazard (`hazard`); if it waits, the talks may break down, and the next
        offer starts again from the announced rate.
        """
        lines = []
        threats = pain.threats or {}
        draws = self.talks_rng.random(len(self.partners)) if self.talks_rng is not None else None
        for i, q in enumerate(self.partners):
            announced, floor = tariffs.announced(q.key), self._floor(q.key)
            if q.key in tariffs.deals or announced <= floor + RATE_EPSILON:
                continue
            felt = pain.market + threats.get(q.key, 0.0)
            speed = self.concession_per_day * felt / max(self.tolerance, RATE_EPSILON)
            self.concession[q.key] = min(1.0, self.concession[q.key] + speed)
            offer = floor + (announced - floor) * (1 - self.concession[q.key])
            tariffs.offer(q.key, offer, step)
            pace = (announced - floor) * (min(1.0, self.concession[q.key] + speed)
                                          - self.concession[q.key])
            outlook = Outlook(rate_now=tariffs.rate_on(q.key), announced=announced, pace=pace,
                              hazard=self.hazard(q.key, tariffs, step))
            self.outlooks[q.key] = outlook
            cost = q.no_deal_cost(tariffs)
            if q.sovereign is not None:
                q.sovereign.acceptable_rate = q.acceptable_rate(outlook, cost)
            if q.accepts(offer, outlook, cost):
                tariffs.strike_deal(q.key, offer)
                self.model.record_deal(q.key)
                if self.first_deescalation_step is None:
                    self._record_deescalation(step)
                lines.append(f"Deal with {q.label} at {offer:.0%}")
            elif draws is not None and draws[i] < self.breakdown_hazard:
                self.concession[q.key] = 0.0
                lines.append(f"Talks with {q.label} break down: the offer goes back to "
                             f"{announced:.0%}")
        return lines

    def hazard(self, key: str, tariffs: TariffSchedule, step: int) -> float:
        """The chance that waiting a day ends with a partner's announced rate standing.

        Talks break down with `talks_breakdown_hazard` a day; a partner whose rate is paused
        also expects, on the pause's last day, its announced rate back the next
        (`pause_snapback_belief`): the pause has a known deadline, as the 90-day pause of
        9 April 2025 had 9 July.
        """
        deadline = 0.0
        if key in tariffs.paused and self.pause_until is not None and self.pause_until - step <= 1:
            deadline = self.snapback_belief
        return 1.0 - (1.0 - self.breakdown_hazard) * (1.0 - deadline)

    def _floor(self, key: str) -> float:
        """The lowest rate it offers a partner: its baseline, or the status quo if higher."""
        return max(self.floor_rate, self.status_quo.get(key, self.status_quo_all))

    def _label(self, key: str) -> str:
        """Display name of a partner (or the key, title-cased)."""
        for q in self.partners:
            if q.key == key:
                return q.label
        return key.replace("_", " ").title()
