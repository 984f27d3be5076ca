"""The yieldsim Mesa model: one step is one US trading day.

A step runs in the order DESIGN.md gives: events due now have already fired (Mesa's event
list runs them just before the step); every holder observes yesterday's public close and its
own book and submits orders; the Fed's runoff matures and the Treasury issues; the market
clears, putting the imbalance on dealers; fills are booked; the slow yield layers move; the
market quotes prices from them; books are marked; data are collected.

All randomness comes from `self.rng`, and every step draws the same numbers in the same order
whatever happens in it, so two scenarios run with one seed share their noise and differ only
by their events.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.experimental.scenarios import Scenario as MesaScenario

from agents.administration import Administration
from agents.asset_manager import AssetManagers
from agents.base import Cohort, FundAgent
from agents.fed import FederalReserve
from agents.leveraged import LeveragedFunds
from agents.partner import Partner
from agents.real_money import RealMoney
from agents.sovereign import Sovereign, StatementKind
from agents.treasury import ISSUANCE_MIX, Treasury
from model import reporters
from model.calendar import TRADING_DAYS_PER_MONTH, TradingCalendar
from model.components import (
    build_components,
    half_life_decay,
)
from model.countries import IMPORT_SHARES, country_key
from model.dollar_side import DollarSide
from model.equity import EquityIndex
from model.events import DEAL_CALM, PAUSE_CALM, Event, MacroNews, ScheduledEvent, apply_event
from model.fed_policy import FedExpectations, fed_room, growth_weight
from model.fiscal import DeficitChange, FiscalPath
from model.holdings import allocate, sovereign_specs
from model.instruments import N_BUCKETS, TEN_YEAR, Curve
from model.invariants import check_conserved
from model.market import CALM_VOL_BP, VOLUME_SHARES, Market
from model.mortgages import MortgageBook
from model.orders import (
    HOLDER_TYPES,
    HolderType,
    bucket_sums,
    bucket_total,
    bucket_totals,
)
from model.params import ModelParams, ParameterError
from model.scenario import MAX_STEPS, MAX_YEARS, Scenario, ScenarioError, load_scenario, resolve
from model.state import Close, PublicState
from model.swaps import SwapMarket
from model.tariff_macro import TariffMacro
from model.tariffs import TariffSchedule
from model.timeline import check_holders, needed_sovereign
from model.timeline import event_steps as timeline_steps
from model.values import StateError, count, show

RETURN_WINDOW = 20
CALM_VOL_10Y = float(CALM_VOL_BP[TEN_YEAR])  # the unit of vol_ratio (FRED Mar-Jul 2025, bp/day)


class YieldModel(mesa.Model):
    """An agent-based US Treasury market under tariff shocks.

    Construct with keyword arguments only, so that SolaraViz (`type(model)(**params)`) and
    `mesa.batch_run` can rebuild it:

        YieldModel(scenario="japan-sells", rng=7, n_funds=1000, **{"japan_sale.amount_bn": 200})

    Attributes:
        timeline: The validated yieldsim scenario (after event overrides); Mesa reserves
            `scenario` for its own Scenario object.
        params: The resolved parameters.
        calendar: Step-to-date mapping.
        date: The current step's trading date.
        date_label: The same in ISO form, as the table and the event log write it.
        market: Clearing and price formation.
        tariffs: The announced tariff schedule.
        yields: Close yields by bucket (percent).
        prices: Close prices per 100 face.
        outstanding: Face outstanding by bucket ($bn).
        datacollector: Mesa DataCollector with one row per step.

    """

    def __init__(self, *, scenario: str | Scenario | MesaScenario | None = None,
                 timeline: str | Scenario | None = None, rng: Any = None,
                 params: ModelParams | None = None, **settings: Any) -> None:
        """Build the starting state of a run.

        Args:
            scenario: Built-in name, TOML path or Scenario object (default: baseline). Mesa's
                SolaraViz passes its own `mesa.experimental.scenarios.Scenario` here on Reset;
                the timeline then comes from `timeline` (and the seed from that object when
                `rng` is None).
            timeline: The same as `scenario`, under a name Mesa does not reserve (use it in
                SolaraViz's model parameters).
            rng: Seed or numpy Generator (Mesa's `rng`).
            params: A full parameter set; `settings` are applied on top of it.
            **settings: Parameter overrides by name, and event field overrides as
                "<event id>.<field>" keys.

        Raises:
            ScenarioError: The scenario or an event override is invalid.
            ParameterError: A parameter name or value is invalid.

        """
        if isinstance(scenario, MesaScenario):
            rng = scenario.rng if rng is None else rng
            scenario = None
        if scenario is not None and timeline is not None:
            raise ScenarioError("give the scenario once: scenario= or timeline=, not both")
        scenario = scenario if scenario is not None else timeline or "baseline"
        super().__init__(rng=rng)
        base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.timeline, self.params = resolve(base, settings, params)
        if self.params.frictionless:
            self.params = self.params.without_frictions()
        self.settings = dict(settings)
        self.calendar = TradingCalendar(self.timeline.start, horizon=self.timeline.steps + 20)
        self.date = self.calendar.date(0)
        self.date_label = self.calendar.label(0)  # the date as the table writes it
        self._build_market()
        self._build_holders()
        check_holders(self.timeline, self.sovereigns)
        self._build_slow_layers()
        event_steps = timeline_steps(self.timeline, self.calendar)
        self._schedule_scenario(event_steps)
        self._build_game(event_steps)
        self.held = self.held_total()
        self.datacollector = reporters.RowCollector(self)
        self.datacollector.collect(self)
        self.fired_labels = []  # start-date events belong to row 0 only

    # --- Mesa's agent registry, with fund agents made on demand ---------------------------------
    @property
    def agents(self) -> mesa.agent.AgentSet:
        """Every agent, fund agents included (Mesa's registry; funds are made on first use).

        A fund agent is a thin view of its cohort's arrays: the model never needs one to step,
        so building 3,000-1,000,000 of them up front would only cost time and memory. Asking
        for `agents`, `agents_by_type` or `agent_types` (SolaraViz, a DataCollector with agent
        reporters, a user) creates them once, with the ids they were given at build.
        """
        self.make_fund_agents()
        return self._all_agents

    @property
    def agents_by_type(self) -> dict[type, mesa.agent.AgentSet]:
        """Mesa's agents by type, fund agents included (made on first use)."""
        self.make_fund_agents()
        return self._agents_by_type

    @property
    def agent_types(self) -> list[type]:
        """Mesa's agent types, FundAgent included (made on first use)."""
        self.make_fund_agents()
        return list(self._agents_by_type)

    def make_fund_agents(self) -> None:
        """Create the Mesa agent of every fund, once, with the ids reserved at build."""
        if self.__dict__.get("_fund_agents_made", True):
            return
        self._fund_agents_made = True
        resume = self.agent_id_counter
        self.agent_id_counter = self._fund_id_start
        try:
            for cohort in self.cohorts:
                for i in range(cohort.size):
                    FundAgent(self, cohort, i)
        finally:
            self.agent_id_counter = resume

    # --- construction ----------------------------------------------------------------------
    def _build_market(self) -> None:
        """Curve, starting prices and the market."""
        p = self.params
        self.start_yields = np.array([p.start_yield_2y, p.start_yield_5y, p.start_yield_10y,
                                      p.start_yield_30y])
        self.curve = Curve(coupons_pct=self.start_yields.copy())
        self.yields = self.start_yields.copy()
        self.prices = self.curve.price(self.yields)
        self.durations = self.curve.durations(self.yields)
        self.ten_year_weights = self.durations / self.durations[TEN_YEAR]
        self.market = Market(curve=self.curve, capacity_bn=p.dealer_capacity_bn,
                             ten_year_weights=self.ten_year_weights,
                             pressure_bp_per_100bn=p.pressure_bp_per_100bn,
                             impact_coefficient=p.impact_coefficient,
                             impact_decay=half_life_decay(p.impact_half_life_days),
                             volume_bn=p.daily_volume_bn * VOLUME_SHARES,
                             max_utilization=p.max_utilization,
                             strain_coefficient=p.strain_coefficient,
                             yield_floor_pct=p.yield_floor_pct,
                             bid_widening=p.fed_bid_widening,
                             offer_depth_bn=p.fed_offer_depth_bn_per_day)
        self.pressure_bp = np.zeros(N_BUCKETS)
        self.supply_bp_close = np.zeros(N_BUCKETS)
        self.swap_spread_start_bp = [p.start_swap_spread_2y, p.start_swap_spread_5y,
                                     p.start_swap_spread_10y, p.start_swap_spread_30y]
        self.swaps = SwapMarket(start_spread_bp=self.swap_spread_start_bp,
                                bp_per_100bn=p.swap_bp_per_100bn,
                                decay=half_life_decay(p.swap_half_life_days),
                                ten_year_weights=self.ten_year_weights, fixed=p.frictionless)
        self._previous_swap_bp = self.swaps.concession_bp

    def _build_holders(self) -> None:
        """Sovereigns, the Fed, the Treasury, dealers and the private cohorts."""
        p = self.params
        specs = sovereign_specs(p)
        alloc = allocate(p, specs)
        self.outstanding = alloc.outstanding.copy()
        trend = {"china": p.china_diversify_bn_per_month / TRADING_DAYS_PER_MONTH}
        self.sovereigns: dict[str, Sovereign] = {
            s.key: Sovereign(self, s.key, s.label, alloc.sovereigns[s.key], s.resolve,
                             s.threshold, p, trend_bn_per_day=trend.get(s.key, 0.0))
            for s in specs}
        share = alloc.outstanding / alloc.outstanding.sum()
        self.fed = FederalReserve(self, alloc.fed, share, p)
        self.treasury = Treasury(self, p, self.fed.runoff_per_day)

        n_lev = max(1, round(p.n_funds * p.share_leveraged_agents))
        n_am = max(1, round(p.n_funds * p.share_asset_manager_agents))
        n_rm = max(1, p.n_funds - n_lev - n_am)
        self.leveraged = LeveragedFunds(self.rng, n_lev, alloc.leveraged, p, self.ten_year_weights)
        self.asset_managers = AssetManagers(self.rng, n_am, alloc.asset_managers, p)
        self.real_money = RealMoney(self.rng, n_rm, alloc.real_money, p)
        self.cohorts: list[Cohort] = [self.leveraged, self.asset_managers, self.real_money]
        # Cohorts' face by bucket after the step's fills, shared by the supply premium and
        # the conservation total (empty until the first step settles).
        self._cohort_sums: list[list[float]] = []
        absorbers = alloc.asset_managers + alloc.real_money
        for cohort in (self.asset_managers, self.real_money):
            cohort.share_normal_supply(absorbers)
        # Fund agents are views of cohort rows, made when something asks for them (see
        # `agents`); their unique ids are reserved now, so they are the same either way.
        self._fund_id_start = self.agent_id_counter
        ends = np.cumsum([2] + [cohort.size for cohort in self.cohorts]).tolist()
        self._draws_per_step = ends[-1]
        self._noise_blocks = [slice(lo, hi) for lo, hi in itertools.pairwise(ends)]
        self.agent_id_counter += sum(cohort.size for cohort in self.cohorts)
        self._fund_agents_made = False

    def _build_slow_layers(self) -> None:
        """Expected rates, uncertainty, supply premium and the accounting they need."""
        self.rates, self.uncertainty, self.supply = build_components(
            self.params, self.start_yields, np.array(self._private_holdings()))
        self.term_premium_start = self.rates.loadings.start_term_premium(
            self.params.start_term_premium_10y)
        self._tp_loadings = self.rates.loadings.term_premium.tolist()  # floats, per step
        self.tariffs = TariffSchedule()
        self.macro = TariffMacro(self.params, self.tariffs)
        self.macro_news = MacroNews()
        self.realised_var = CALM_VOL_BP[TEN_YEAR] ** 2
        self.price_history: list[list[float]] = [self.prices.tolist()]
        self.flows = {t: 0.0 for t in HolderType}
        self.cum_flows = {t: 0.0 for t in HolderType}
        self.cum_normal = {t: 0.0 for t in HolderType}
        self.fired_labels: list[str] = []
        self._acting_step = 0
        self.deal_steps: dict[str, int] = {}
        self.event_log: list[tuple[int, str, str]] = []
        self.scheduled: list[ScheduledEvent] = []
        self.supply_bp = np.zeros(N_BUCKETS)
        self.uncertainty_bp = np.zeros(N_BUCKETS)
        self.term_premium = self.term_premium_start.copy()
        self.priced_deficit_bn = self.params.priced_issuance_bn_per_day * ISSUANCE_MIX
        self.excess_issuance_bn = np.zeros(N_BUCKETS)
        self.fiscal = FiscalPath.of(self.params.fiscal_horizon_years, N_BUCKETS)
        # The Fed's expected easing beyond the news: insurance, the put, the programme signal.
        self.fed_expectations = FedExpectations.from_params(self.params)
        self.mortgages = MortgageBook.from_params(self.params)
        self.mbs_duration_years = self.mortgages.start_years
        self._build_fx()
        p = self.params
        self.equity = EquityIndex(p.equity_vol_start, p.equity_vol_per_uncertainty,
                                  p.equity_pct_per_growth_bp, p.equity_pct_per_vol_point)

    def _build_fx(self) -> None:
        """The dollar side: USD/JPY, Japanese private holders, own-currency ledgers.

        The names below are the dollar side's own objects, kept on the model because the
        reporters, the summary and the sovereigns' campaigns read them.
        """
        self.dollar = DollarSide(self.params, float(self.start_yields[0]), self.sovereigns,
                                 self.rng.bit_generator.seed_seq)
        self.fx, self.japan_private = self.dollar.fx, self.dollar.japan_private
        self.ledgers = self.dollar.ledgers

    @property
    def fx_net_bn(self) -> float:
        """Net dollars bought in today's FX clearing ($bn)."""
        return self.dollar.net_bn

    def local_rate(self, key: str) -> float:
        """Units of a sovereign's own currency per dollar today (yen: the market; CNY: fixed)."""
        return self.dollar.local_rate(key)

    def local_gain_bn(self, key: str) -> float:
        """A sovereign's gain since the start in its own currency (bn yen or renminbi).

        Bonds marked to market, coupons and FX together: what the chip costs it at home.
        """
        return self.dollar.local_gain_bn(key, self.prices)

    def _schedule_scenario(self, event_steps: list[int]) -> None:
        """Apply start-date events as the initial state; schedule the rest with Mesa.

        Args:
            event_steps: The step of each of the timeline's events (a date's step is a
                calendar search: done once per event).

        """
        initial = [e for e, step in zip(self.timeline.events, event_steps, strict=True)
                   if step == 0]
        for event in initial:
            apply_event(self, event)
            self.event_log.append((0, self.date_label, event.label))
        self.macro.start_here()
        self.macro_news = MacroNews()
        self.uncertainty.reset()
        self.rates.retarget(0.0, 0.0, 0.0)
        self.fired_labels = [e.label for e in initial]
        # A programme running at the start is in the start yields: only revisions are news.
        self.programme_start_bn = self.fed.announced_remaining().tolist()
        self.programme_start_pace_bn = self.fed.programme_pace_today()
        later: dict[int, list[Event]] = {}  # the events of each later step, in file order
        for event, step in zip(self.timeline.events, event_steps, strict=True):
            if step > 0:
                later.setdefault(step, []).append(event)
        for step, events in later.items():
            self._schedule(events, step)

    def _build_game(self, event_steps: list[int]) -> None:
        """The administration and the partners it negotiates with (after the opening events).

        Args:
            event_steps: The step of each of the timeline's events.

        Raises:
            ParameterError: `negotiating_partners` names a country without a US import share.

        """
        p = self.params
        threshold = {"japan": p.japan_retaliation_threshold,
                     "china": p.china_retaliation_threshold}
        self.partners: dict[str, Partner] = {}
        for name in p.partner_names:
            key = country_key(name)
            if key not in IMPORT_SHARES:
                raise ParameterError(f"negotiating_partners: '{name.strip()}' has no US import "
                                     f"share; use some of {', '.join(IMPORT_SHARES)}")
            label = self.sovereigns[key].label if key in self.sovereigns else (
                "EU" if key == "european_union" else key.replace("_south", "").title())
            self.partners[key] = Partner(
                self, key, label, p,
                threshold.get(key, p.other_retaliation_threshold), p.retaliation_match,
                self.sovereigns.get(key))
        opening = [step for e, step in zip(self.timeline.events, event_steps, strict=True)
                   if e.kind == "tariff"]
        self.administration = Administration(self, p, list(self.partners.values()),
                                             float(self.yields[TEN_YEAR]), max(opening, default=0))

    def record_deal(self, country: str) -> None:
        """Note when a deal was struck (scripted or chosen), for the summary."""
        self.deal_steps.setdefault(country, self._acting_step)

    def _play(self, state: PublicState) -> None:
        """The tariff game's day: partners answer the schedule, then the administration moves.

        Under the scripted policy the administration only measures its pain and partners do
        nothing, so the day's state is untouched.
        """
        if not self.administration.active:
            self.administration.assess(state)
            return
        lines = [line for q in self.partners.values() if (line := q.respond(self.tariffs))]
        deals_before, paused_before = len(self.tariffs.deals), bool(self.tariffs.paused)
        lines += self.administration.act(state)
        for line in lines:
            self.announce(line)
        if lines:
            self.tariff_news()
            self.settle_tariff_uncertainty()
            # Relief calms as a scripted deal or pause does (their default `calm`).
            newly_paused = bool(self.tariffs.paused) and not paused_before
            self.uncertainty.shock(-DEAL_CALM * (len(self.tariffs.deals) - deals_before)
                                   - PAUSE_CALM * newly_paused)

    def announce(self, label: str) -> None:
        """Log a move the agents chose today (it shows in the step's events and the log)."""
        self.fired_labels.append(label)
        self.event_log.append((self.steps, self.date_label, label))

    def _schedule(self, events: list[Event], step: int) -> None:
        """Put events on Mesa's event list so they take effect, in order, before `step` runs."""
        holder = ScheduledEvent(self, tuple(events))
        self.scheduled.append(holder)
        self.schedule_event(holder.fire, at=step - 0.5)

    # --- events ------------------------------------------------------------------------------
    def announce_deficit(self, bn_per_year: float, years: float, priced: bool) -> None:
        """Change the deficit from today for `years`, issued by the Treasury's mix.

        Raises:
            StateError: The changes in force would take net issuance below zero.

        """
        change = DeficitChange.of(bn_per_year, years, ISSUANCE_MIX, priced)
        # The Treasury refuses a path below zero before the change is recorded anywhere.
        self.treasury.set_deficit_change(self.fiscal.extra_per_day_bn() + change.per_day_bn)
        self.fiscal.add(change)

    def inject(self, event: Event) -> None:
        """Add an event while the model runs; it fires before the next step.

        Raises:
            ScenarioError: The event names a sovereign the model does not have.

        """
        who = needed_sovereign(event)
        if who is not None and who not in self.sovereigns:
            raise ScenarioError(f"no sovereign {show(who)} in this model: use one of "
                                f"{', '.join(self.sovereigns)}")
        self._schedule([event], self.steps + 1)

    def fire(self, event: Event) -> None:
        """Apply an event now and record it for the step's data and the event log.

        Under the endogenous policy a deal binds the scripted timeline too: a scripted
        tariff on, or deal with, a partner that has a deal is logged as not applied. A
        script of what happened (liberation-day-2025) would otherwise break a deal the game
        struck (the July letter to Japan), the game strike it again, and the script's own
        deal follow: three deals with one partner within three weeks.
        """
        self._acting_step = self.steps + 1
        label = event.label
        country = event.fields.get("country")
        if (self.administration.active and event.kind in ("tariff", "deal")
                and country in self.tariffs.deals):
            since = self.calendar.date(self.deal_steps.get(country, self._acting_step))
            label = f"{label} (not applied: the deal of {since.date().isoformat()} stands)"
        else:
            apply_event(self, event)
        self.fired_labels.append(label)
        self.event_log.append((self.steps + 1, self.calendar.date(self.steps + 1).date()
                               .isoformat(), label))

    def sovereign(self, key: str) -> Sovereign:
        """The sovereign with this key.

        Raises:
            ScenarioError: No such sovereign in this model.

        """
        if key not in self.sovereigns:
            raise ScenarioError(f"no sovereign '{key}' in this model: use one of "
                                f"{', '.join(self.sovereigns)} (or add it via extra_sovereigns)")
        return self.sovereigns[key]

    def tariff_news(self) -> None:
        """Carry a change in tariffs (or macro news) into expectations and uncertainty."""
        p = self.params
        tariff_pp = self.macro.read()
        news = self.macro_news
        # The Fed answers a growth hit in full only with room (`growth_weight`).
        self.rates.retarget(
            inflation_bp=p.inflation_bp_per_tariff_pp * tariff_pp + news.inflation_bp,
            growth_bp=growth_weight(self.fed_room, p) * self.growth_hit_bp + news.growth_bp,
            policy_bp=news.policy_bp)

    def settle_tariff_uncertainty(self) -> None:
        """Turn the day's net change in tariffs into uncertainty, once.

        Uncertainty grows less than in proportion to a change (`uncertainty_tariff_exponent`),
        so it must see a day's announcements as one: ten country rates announced together on
        2 April 2025 are one shock, not ten.
        """
        shock = self.macro.settle()
        if shock != 0.0:
            self.uncertainty.shock(shock)

    def _priced_flows(self, share: float) -> list[float]:
        """The Fed's purchases whose flows the start yields already carry, by bucket ($bn).

        A programme running at the start (QE3 in May 2013) is in the start yields, the
        balance-sheet relief of its operations included: those purchases, at the start's pace,
        are no news to the flow premium. A programme announced later is priced as a stock and
        a signal on announcement, and its operations still free balance sheets as they happen
        (D'Amico & King's flow effect).
        """
        expected = self.programme_start_pace_bn * self.steps
        filled = self.fed.programme_filled_bn
        return (share * np.minimum(filled, expected)).tolist()

    def _expect_programme(self, share: float, priced: list[float]) -> None:
        """Tell the supply premium what the programme has bought and still will buy.

        All in 10y-equivalents beyond the start's pace (`priced`: today's `_priced_flows`):
        its flow premium is priced on announcement.
        """
        weights = self.ten_year_weights.tolist()
        start = self.programme_start_pace_bn.tolist()
        # Pace beyond the start's, in the programme's direction: a slower start programme
        # (a taper) frees no balance sheet the start yields counted on.
        pace = sum(w * (now - was) for w, now, was in zip(
            weights, self.fed.programme_bn_per_day.tolist(), start, strict=True)
            if (now - was) * now > 0.0)
        bought = sum(w * (done - priced) for w, done, priced in zip(
            weights, self.fed.programme_filled_bn.tolist(), priced, strict=True))
        self.supply.expect_programme(bought, pace, self.fed.programme_days_left, share)

    # --- one trading day ------------------------------------------------------------------------
    def step(self) -> None:
        """Advance one trading day (see the module docstring for the order)."""
        step = self.steps
        previous_date = self.date
        self.date = self.calendar.date(step)
        self.date_label = self.calendar.label(step)
        # The day's news pair, then one normal per fund, cohort by cohort: one call draws the
        # numbers that separate calls would, in the same order (the generator keeps no state
        # between normals).
        draws = self.rng.standard_normal(self._draws_per_step)
        news_level, news_slope = draws[:2].tolist()
        noise = [draws[block] for block in self._noise_blocks]

        issuance = self.treasury.due_today(self.date, previous_date)
        self._acting_step = step
        self.settle_tariff_uncertainty()  # the events that fired before this day
        state = self.public_state(step)
        pace = self.accommodated_pace()  # before the Fed's orders count the day off
        self._play(state)  # the schedule in `state` is live: holders see today's moves
        sovereigns = list(self.sovereigns.values())
        batches = [s.orders(state) for s in sovereigns]
        for cohort in self.cohorts:  # each cohort's noise is dropped once it has decided
            batches.append(cohort.orders(state, noise.pop(0)))
        batches += [self.fed.orders(state), self.treasury.orders(state, issuance)]
        self._publish_statements(sovereigns)

        self.outstanding -= self.fed.mature()
        result = self.market.clear(batches)
        flows = dict.fromkeys(HOLDER_TYPES, 0.0)
        prices = self.prices
        for batch, fill, filled in zip(batches, result.fills, result.filled_net, strict=True):
            assert batch.holder is not None, f"orders from {batch.sender} name no holder"
            batch.holder.settle(fill, prices)
            flows[batch.holder_type] += sum(filled)  # four floats: no numpy call
        flows[HolderType.DEALER] = sum(result.dealer_trade_bn)
        self.flows = flows
        self.outstanding += issuance
        # Deficits beyond the path the start yields price: supply holders must carry for good.
        self.excess_issuance_bn += self.treasury.deficit_per_day - self.priced_deficit_bn
        if self.fiscal.changes and self.fiscal.advance():  # a deficit change has run out
            self.treasury.set_deficit_change(self.fiscal.extra_per_day_bn())
        for holder_type, amount in flows.items():
            self.cum_flows[holder_type] += amount
        for cohort in (self.asset_managers, self.real_money):
            self.cum_normal[cohort.holder_type] += cohort.normal_total(state.scheduled_supply)
        # The supply premium's normal path is issuance alone: a programme's purchases take
        # duration out of it (priced on announcement, see `_move_yields`).
        self.supply.add_normal(state.scheduled_supply + pace)
        # Leveraged funds' swap legs moved with their fills: the swap market clears the flow.
        self._previous_swap_bp = self.swaps.concession_bp
        self.swaps.clear(self.leveraged.swap_receive_bn)
        self._cohort_sums = [bucket_sums(c.holdings).tolist() for c in self.cohorts]

        self._move_yields(news_level, news_slope, result.client_net_bn)
        # The dollar clears after the bond close and never feeds back into yields.
        self.dollar.clear(self.uncertainty, self.fed_room, self._carry_2y_pct(),
                          self.curve.coupons_pct.tolist())
        # The index's volatility sets tomorrow's margins (its level is read by no one).
        self.equity.close(self.growth_hit_bp, self.uncertainty.level)
        self.held = self.held_total()
        self._check_finite(step)
        check_conserved(self.held.tolist(), self.outstanding.tolist(), step, self.date_label)
        self.datacollector.collect(self)
        self._check_recorded(step)
        self.fired_labels = []

    def _carry_2y_pct(self) -> float:
        """The US 2y that FX carry reads: the close, or the start plus its expected-rate move.

        With `fx_carry_on_expected_path` only the expected policy path earns carry: term
        premia and dealers' concessions move the close but not what a short-funded position
        is paid.
        """
        if not self.params.fx_carry_on_expected_path:
            return self.yields.item(0)
        return (self.start_yields.item(0) + self.rates.value_of()[0]
                - self.rates.start.item(0))

    def _check_finite(self, step: int) -> None:
        """Stop the run if the state has left the numbers (a NaN or an infinity anywhere).

        Validated inputs should never get here; if they do, a clear error beats a table of
        NaN. One sum over a few small arrays per step: NaN and infinities survive addition,
        so a single isfinite covers yields, holdings, dealer inventory, volatility and
        uncertainty.

        Raises:
            StateError: Some part of the state is not finite.

        """
        total = (bucket_total(self.yields.tolist()) + bucket_total(self.held.tolist())
                 + bucket_total(self.market.inventory.tolist()) + self.realised_var
                 + self.uncertainty.level)
        if not math.isfinite(total):
            raise StateError(
                f"the model state stopped being finite at step {step} "
                f"({self.date.date().isoformat()}): 10y yield {self.yields[TEN_YEAR]}, "
                f"holdings {self.held.sum()}; the inputs drive it beyond what it can represent, "
                "so nothing was written: use less extreme parameters or event fields")

    def _check_recorded(self, step: int) -> None:
        """Stop the run if the row just recorded holds a NaN or an infinity.

        Derived figures can leave the numbers while the state does not (leverage when the
        leveraged funds' equity is gone); one look at each column's newest value, a few
        dozen per step whatever the number of agents. The model's collector checks its row
        in one sum first (`RowCollector.row_is_finite`); only a row that fails it, or another
        collector's, is searched.

        Raises:
            StateError: A recorded figure is not finite.

        """
        row_is_finite = getattr(self.datacollector, "row_is_finite", None)
        if row_is_finite is not None and row_is_finite():
            return
        for name, values in getattr(self.datacollector, "model_vars", {}).items():
            value = values[-1] if values else None
            if isinstance(value, float) and not math.isfinite(value):
                raise StateError(
                    f"the model's {name} became {value} at step {step} "
                    f"({self.date.date().isoformat()}); the inputs drive the model beyond what "
                    "it can represent, so nothing was written: use less extreme parameters or "
                    "event fields")

    def _publish_statements(self, sovereigns: list[Sovereign]) -> None:
        """Turn sovereigns' threats into uncertainty and into the event log."""
        for sovereign in sovereigns:
            for statement in sovereign.statements:
                if statement.kind is StatementKind.THREAT:
                    self.uncertainty.shock(self.params.threat_uncertainty, flight_to_safety=False)
                self.fired_labels.append(statement.label)
                self.event_log.append((self.steps, self.date_label, statement.label))
            sovereign.statements.clear()

    def _move_yields(self, news_level: float, news_slope: float, client_net: list[float]) -> None:
        """Slow layers, then the market's quote, then marking books to the new close.

        Bucket figures are worked as floats (numpy's operations in numpy's order) and stored
        as arrays once, at the end.
        """
        p = self.params
        self.uncertainty.arrive()  # yesterday's news, the part markets take a day to price
        vol_scale = 1.0 + p.vol_per_uncertainty * self.uncertainty.level
        room = self.fed_room
        programme_bn = [r - r0 for r, r0 in zip(self.fed.announced_remaining().tolist(),
                                                self.programme_start_bn, strict=True)]
        announced_bn = bucket_total(programme_bn) + bucket_total(
            self.fed.programme_filled_bn.tolist())
        easing_bp = self.fed_expectations.easing_bp(self.uncertainty, room, announced_bn,
                                                    self.supply.scale)
        ratio = p.news_vol_ratio  # the start's calm volatility relative to 2025's
        self.rates.advance(news_level * p.news_level_bp * ratio * vol_scale,
                           news_slope * p.news_slope_bp * ratio * vol_scale, easing_bp)
        self.uncertainty.advance()
        share = p.programme_priced_share
        expected = [excess - share * bn for excess, bn in zip(
            self.excess_issuance_bn.tolist(), programme_bn, strict=True)]
        if self.fiscal.changes:  # announced deficits are priced before they are issued
            expected = [e + bn for e, bn in zip(
                expected, self.fiscal.pending_bn().tolist(), strict=True)]
        # Mortgage rates follow the last close: MBS extend (or shorten) on what was seen.
        ten_year = self.yields.item(TEN_YEAR)
        self.mbs_duration_years = self.mortgages.duration(ten_year)
        mortgage_bn = self.mortgages.extension_at(self.mbs_duration_years,
                                                  self.durations.item(TEN_YEAR))
        priced = self._priced_flows(share)
        self._expect_programme(share, priced)
        supply_bp = self.supply.update(self._private_holdings(), self.ten_year_weights,
                                       expected, priced, mortgage_bn)
        built = self.uncertainty.built
        uncertainty_bp = (p.tp_bp_per_uncertainty * built * (1.0 - room)
                          - p.hedge_bp_per_uncertainty * built * room
                          - p.safe_haven_bp_per_uncertainty * self.uncertainty.fresh)
        supply = [loading * supply_bp for loading in self._tp_loadings]
        uncertainty = [loading * uncertainty_bp for loading in self._tp_loadings]
        premium = [start + (s + u) / 100 for start, s, u in zip(
            self.term_premium_start.tolist(), supply, uncertainty, strict=True)]
        fundamental = [expected + tp for expected, tp in zip(self.rates.value_of(), premium,
                                                             strict=True)]
        self.supply_bp = np.array(supply)
        self.uncertainty_bp = np.array(uncertainty)
        self.term_premium = np.array(premium)

        previous_pressure = self.pressure_bp
        previous_supply = self.supply_bp_close
        previous_10y = self.yields.item(TEN_YEAR)
        prices, yields = self.market.quote_of(fundamental, client_net, self.vol_ratio)
        self.prices, self.yields = np.array(prices), np.array(yields)
        self.durations = np.array(self.curve.prices_and_durations_of(yields)[1])
        self.pressure_bp = np.array([(y - f) * 100.0
                                     for y, f in zip(yields, fundamental, strict=True)])
        self.supply_bp_close = self.supply_bp
        move = (yields[TEN_YEAR] - previous_10y) * 100.0
        decay = p.realised_vol_decay
        self.realised_var = decay * self.realised_var + (1.0 - decay) * move ** 2
        self.price_history.append(prices)
        if len(self.price_history) > RETURN_WINDOW + 1:
            self.price_history.pop(0)
        close = Close(prices=self.prices,
                      durations=self.durations, pressure_bp=self.pressure_bp,
                      previous_pressure_bp=previous_pressure, supply_bp=self.supply_bp,
                      previous_supply_bp=previous_supply, vol_ratio=self.vol_ratio,
                      swap_bp=self.swaps.concession_bp, previous_swap_bp=self._previous_swap_bp)
        for cohort in self.cohorts:
            cohort.after_close(close)

    # --- what holders can see -----------------------------------------------------------------
    def public_state(self, step: int) -> PublicState:
        """The public snapshot holders decide on (yesterday's close, today's date).

        The close's arrays are shared, not copied: the model and the market replace them
        with new arrays each step and never write into them (as `Close` shares them too),
        and holders only read them, so the snapshot keeps yesterday's values all day.
        """
        oldest = self.price_history[0]
        returns = [(price / old - 1.0) * 100.0
                   for price, old in zip(self.prices.tolist(), oldest, strict=True)]
        return PublicState(step=step, date=self.date, yields=self.yields,
                           start_yields=self.start_yields, pressure_bp=self.pressure_bp,
                           prices=self.prices, durations=self.durations,
                           returns_20d_pct=np.array(returns),
                           vol_ratio=self.vol_ratio,
                           implied_vol_ratio=self.equity.vol / self.equity.vol_start,
                           uncertainty=self.uncertainty.level,
                           dealer_utilization=self.market.utilization(),
                           dealer_inventory=self.market.inventory, tariffs=self.tariffs,
                           scheduled_supply=self.scheduled_supply())

    def accommodated_pace(self) -> np.ndarray:
        """The Fed programme's purchases today that holders make room for, by bucket ($bn).

        Holders expect the Fed to take the new issues they would otherwise have bought, up to
        a day's issuance per bucket; selling it more of their books takes a price.
        """
        issued = self.treasury.daily_bn
        return np.clip(self.fed.programme_pace_today(), -issued, issued)

    def scheduled_supply(self) -> np.ndarray:
        """Supply the private sector expects to absorb today.

        Net issuance (smoothed) plus sovereigns' known diversification trend, less the Fed's
        announced purchases up to a day's issuance: being expected, it is priced in and taken
        up (or given up) by normal demand; only sales beyond it must be absorbed through
        prices.
        """
        supply = (self.treasury.daily_bn - self.accommodated_pace()).tolist()
        for sovereign in self.sovereigns.values():
            trend = sovereign.trend_bn_per_day
            if trend != 0.0:  # a zero trend adds exactly nothing
                holdings = sovereign.holdings.tolist()
                total = max(bucket_total(holdings), 1e-12)
                supply = [s + trend * h / total for s, h in zip(supply, holdings, strict=True)]
        return np.array(supply)

    def swap_spread_bp(self, bucket: int) -> float:
        """SOFR swap rate minus the Treasury yield of a bucket today (bp).

        A swap carries the same expected rates and rate-risk premium as the bond, but none of
        what is specific to holding Treasuries: the supply premium and the dealers'
        concession. The swap rate has its own concession, set by receive/pay-fixed flow
        (`model.swaps`): when leveraged funds unwind swap-spread trades they sell the bonds
        (dealers' concession up) and receive fixed (swap rates down), so the spread falls
        from both sides, as in April 2025. Fixed at its start under `frictionless`.
        """
        return self.swaps.spread_bp(bucket, self.supply_bp.item(bucket)
                                    + self.pressure_bp.item(bucket))

    @property
    def last_effective_pp(self) -> float:
        """The effective tariff rate after the latest news (pp; see `TariffMacro`)."""
        return self.macro.effective_pp

    @property
    def inflation_pct(self) -> float:
        """Core inflation the market expects: the start plus tariffs' pass-through (%)."""
        return self.macro.inflation_pct

    @property
    def growth_hit_bp(self) -> float:
        """The expected policy-path fall tariffs and retaliation imply through growth, bp."""
        return self.macro.growth_hit_bp

    @property
    def insurance_easing_bp(self) -> float:
        """The insurance easing the Fed has delivered so far (bp of policy path)."""
        return self.fed_expectations.insurance_easing_bp

    @property
    def fed_room(self) -> float:
        """The Fed's room to ease into uncertainty today (0-1; see `fed_room`)."""
        return fed_room(self.inflation_pct, self.params)

    @property
    def realised_vol_bp(self) -> float:
        """Realised daily 10y volatility (EWMA), bp."""
        return math.sqrt(self.realised_var)

    @property
    def vol_ratio(self) -> float:
        """Realised 10y volatility relative to the calm 2025 level."""
        return math.sqrt(self.realised_var) / CALM_VOL_10Y

    def _private_holdings(self) -> list[float]:
        """Face held by the private sector: asset managers, real money, dealers, leveraged funds.

        Leveraged funds count because their hedges' counterparties are private too: when a
        fund unwinds, the cash bonds it sells and the duration its futures or swaps stop
        shedding cancel out, so deleveraging strains balance sheets (price pressure) but adds
        no duration the private sector must hold. What does add it is official selling and
        unexpected issuance.
        """
        lev, am, rm = self.cohort_face()
        return bucket_totals([am, rm, lev, self.market.inventory.tolist()])

    def held_total(self) -> np.ndarray:
        """Face held by every book, dealers included (equals outstanding: conservation)."""
        return np.array(bucket_totals([
            self.fed.holdings.tolist(), self.market.inventory.tolist(),
            *(sovereign.holdings.tolist() for sovereign in self.sovereigns.values()),
            *self.cohort_face()]))

    def cohort_face(self) -> list[list[float]]:
        """Each cohort's face by bucket (leveraged funds, asset managers, real money).

        Summed once after each step's fills and reused (supply premium, conservation total,
        the recorded leverage).
        """
        return self._cohort_sums or self._sum_cohorts()

    def _sum_cohorts(self) -> list[list[float]]:
        """Each cohort's face by bucket (before the first step has settled)."""
        return [bucket_sums(c.holdings).tolist() for c in self.cohorts]

    # --- running ------------------------------------------------------------------------------
    def run(self, steps: int | None = None) -> None:
        """Run for `steps` trading days (default: the scenario's length)."""
        n = self.timeline.steps if steps is None else count(
            "steps", steps, 1, MAX_STEPS, f"the model is built for horizons up to {MAX_YEARS} "
            "years of 252 trading days", ParameterError)
        self.run_for(n)

    def timeseries(self) -> pd.DataFrame:
        """The per-step table (step 0 = start)."""
        frame = self.datacollector.get_model_vars_dataframe()
        return frame.reset_index(drop=True)
