"""The two slow layers of a yield: the expected policy path and the term premium.

The third layer, price pressure, belongs to the market (`model.market`) because it comes
from dealer inventory. Here the tariff schedule moves expected inflation and growth (and so
the policy path), uncertainty moves the risk premium, and the duration that price-sensitive
investors must hold beyond their normal path moves the supply premium (portfolio balance).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from model.params import ModelParams


@dataclass(frozen=True)
class CurveLoadings:
    """How each bucket (2y, 5y, 10y, 30y) loads on the drivers of the slow layers.

    They are parameters (`tp_loading_2y` ... in `ModelParams`) so that a sensitivity run or a
    sweep can move them; where a driver is sized at one bucket, that bucket's loading is 1.

    Attributes:
        growth: Expected-rate fall per bp of growth news (the 2y is the unit).
        inflation: Expected-rate rise per bp of inflation news.
        policy: Expected-rate move per bp of policy-rate change.
        term_premium: Term premium per unit of the 10y's.
        news_level: Move per bp of the daily level news.
        news_slope: Move per bp of the daily slope news (2y against the long end).

    """

    growth: np.ndarray
    inflation: np.ndarray
    policy: np.ndarray
    term_premium: np.ndarray
    news_level: np.ndarray
    news_slope: np.ndarray

    @classmethod
    def of(cls, params: ModelParams) -> CurveLoadings:
        """The loadings a parameter set gives."""
        p = params
        return cls(
            growth=np.array([1.0, p.growth_loading_5y, p.growth_loading_10y,
                             p.growth_loading_30y]),
            inflation=np.array([p.inflation_loading_2y, p.inflation_loading_5y,
                                p.inflation_loading_10y, p.inflation_loading_30y]),
            policy=np.array([p.policy_loading_2y, p.policy_loading_5y, p.policy_loading_10y,
                             p.policy_loading_30y]),
            term_premium=np.array([p.tp_loading_2y, p.tp_loading_5y, 1.0, p.tp_loading_30y]),
            news_level=np.array([1.0, 1.0, 1.0, p.news_level_loading_30y]),
            news_slope=np.array([1.0, p.news_slope_loading_5y, p.news_slope_loading_10y,
                                 p.news_slope_loading_30y]))

    def start_term_premium(self, ten_year_pct: float) -> np.ndarray:
        """Term premium by bucket (percent) when the 10y's is `ten_year_pct`."""
        return self.term_premium * ten_year_pct


def default_loadings() -> CurveLoadings:
    """The loadings of the default parameters (for components built without a parameter set)."""
    return CurveLoadings.of(ModelParams())


def half_life_decay(half_life_days: float) -> float:
    """Daily retention factor for a given half-life."""
    return math.exp(-math.log(2.0) / half_life_days)


@dataclass
class Uncertainty:
    """Policy uncertainty: a level that decays, a premium that builds, a safe-haven bid.

    A fresh shock is stress (`fresh`, fast-decaying): it draws a flight-to-safety bid at
    once, while the risk premium (`built`) builds more slowly towards the level. Relief is
    not the mirror image of a shock: a calming event reprices the built premium at once, in
    proportion to the uncertainty it removes (the 9 April 2025 pause took the VIX down 36% in
    a day), instead of letting it drift down at the build speed. This is how the model
    produces the fall-then-rise of early April 2025 without writing the path in.
    """

    decay: float
    build_speed: float
    fresh_decay: float
    first_day_share: float = 1.0
    arrival_speed: float = 1.0
    level: float = 0.0
    built: float = 0.0
    fresh: float = 0.0
    arriving: float = 0.0
    arriving_fresh: float = 0.0
    due: float = 0.0
    due_fresh: float = 0.0

    def shock(self, amount: float, flight_to_safety: bool = True) -> None:
        """Add uncertainty (negative amounts calm markets, floored at zero).

        Markets take more than a day to take in bad news: only `first_day_share` of an
        escalation's uncertainty is priced on the day it is learned; of the rest,
        `arrival_speed` arrives each following trading day (`arrive`). The VIX rose from
        21.5 to 30.0 on 3 April 2025, the first close after Liberation Day, to 45.3 on
        4 April and 47.0 on 7 April. Relief is priced at once (the pause took it from 52.3
        to 33.6 the same day).

        Args:
            amount: Units of uncertainty (negative: calm).
            flight_to_safety: Whether the shock sends money into Treasuries. A holder's
                threat to sell Treasuries is uncertainty about Treasuries themselves: it
                raises the premium but draws no haven bid.
        """
        if amount > 0.0 and self.first_day_share < 1.0:
            later = amount * (1.0 - self.first_day_share)
            self.arriving += later
            if flight_to_safety:
                self.arriving_fresh += later
            amount -= later
        self._add(amount, flight_to_safety)

    def reset(self) -> None:
        """No uncertainty at all, none still arriving: the start state prices what is in force."""
        self.level = self.built = self.fresh = 0.0
        self.arriving = self.arriving_fresh = self.due = self.due_fresh = 0.0

    @property
    def stress_known(self) -> float:
        """Today's stress plus what the news already learned will still bring."""
        return self.fresh + self.due_fresh

    def arrive(self) -> None:
        """Start a trading day: `arrival_speed` of what earlier news still had to bring.

        `arriving` is today's news (learned before the day's slow layers run), so it starts
        to arrive tomorrow; `due` is what earlier news still has to bring.
        """
        due, due_fresh = self.due * self.arrival_speed, self.due_fresh * self.arrival_speed
        self.due += self.arriving - due
        self.due_fresh += self.arriving_fresh - due_fresh
        self.arriving = self.arriving_fresh = 0.0
        if due > 0.0:
            self.level += due
            self.fresh += due_fresh

    def _add(self, amount: float, flight_to_safety: bool) -> None:
        """Move the level (and the stress) by `amount` today."""
        before = self.level
        self.level = max(0.0, self.level + amount)
        if amount < 0.0 and before > 0.0:
            # Relief reprices everything the uncertainty stood for, the news still being
            # taken in included: the pause of 9 April 2025 made the day before's escalation
            # moot for all but China.
            kept = self.level / before
            self.built *= kept
            self.due *= kept
            self.due_fresh *= kept
            self.arriving *= kept
            self.arriving_fresh *= kept
        if flight_to_safety or amount < 0.0:
            self.fresh = max(0.0, self.fresh + amount)

    def advance(self) -> None:
        """One trading day: build the premium, let the level and the stress fade."""
        self.built += self.build_speed * (self.level - self.built)
        self.level *= self.decay
        self.fresh *= self.fresh_decay


@dataclass
class ExpectedRates:
    """The expected-rate component: start path, news-implied shift and daily macro news.

    The Fed does not set negative rates, so the expected policy path over any bond's life
    cannot go below the effective lower bound: cuts and growth news beyond it stop moving
    the component (as the 2y in 2020-21, which stayed near 0.1-0.2%).
    """

    start: np.ndarray
    speed: float
    floor: float = -math.inf
    target_shift: np.ndarray = field(default_factory=lambda: np.zeros(4))
    shift: np.ndarray = field(default_factory=lambda: np.zeros(4))
    news: np.ndarray = field(default_factory=lambda: np.zeros(4))
    loadings: CurveLoadings = field(default_factory=default_loadings)

    def __post_init__(self) -> None:
        """Keep the news loadings as floats: the daily update spells out four buckets."""
        self._news_loadings = (self.loadings.news_level.tolist(),
                               self.loadings.news_slope.tolist())

    def retarget(self, inflation_bp: float, growth_bp: float, policy_bp: float) -> None:
        """Set where news says the policy path should be relative to the start (bp)."""
        loadings = self.loadings
        self.target_shift = (loadings.inflation * inflation_bp - loadings.growth * growth_bp
                             + loadings.policy * policy_bp) / 100.0

    def advance(self, level_news_bp: float, slope_news_bp: float,
                easing_bp: float = 0.0) -> None:
        """Close part of the gap to the target and add the day's macro news.

        In place, in four floats spelt out (numpy's operations in its order): numpy calls,
        or comprehensions, on four elements cost several times the arithmetic.

        Args:
            level_news_bp: Today's level news (bp).
            slope_news_bp: Today's slope news (bp).
            easing_bp: The Fed's expected easing beyond the news-implied path today (bp of
                policy rate, + = lower path): insurance against uncertainty and the signal of
                its announced purchases. It moves the target, so the path follows it at the
                same speed as any news.

        """
        speed = self.speed
        s0, s1, s2, s3 = self.shift.tolist()
        t0, t1, t2, t3 = self.target_shift.tolist()
        if easing_bp != 0.0:
            p0, p1, p2, p3 = self.loadings.policy.tolist()
            t0, t1, t2, t3 = (t0 - p0 * easing_bp / 100.0, t1 - p1 * easing_bp / 100.0,
                              t2 - p2 * easing_bp / 100.0, t3 - p3 * easing_bp / 100.0)
        self.shift[:] = [s0 + speed * (t0 - s0), s1 + speed * (t1 - s1),
                         s2 + speed * (t2 - s2), s3 + speed * (t3 - s3)]
        level, slope = level_news_bp, slope_news_bp
        n0, n1, n2, n3 = self.news.tolist()
        (l0, l1, l2, l3), (k0, k1, k2, k3) = self._news_loadings
        self.news[:] = [n0 + (l0 * level + k0 * slope) / 100.0,
                        n1 + (l1 * level + k1 * slope) / 100.0,
                        n2 + (l2 * level + k2 * slope) / 100.0,
                        n3 + (l3 * level + k3 * slope) / 100.0]

    @property
    def value(self) -> np.ndarray:
        """Expected-rate component by bucket, percent (never below the lower bound)."""
        return np.array(self.value_of())

    def value_of(self) -> list[float]:
        """`value` as four floats (`max` keeps the sum unless the floor is above it)."""
        floor = self.floor
        a0, a1, a2, a3 = self.start.tolist()
        b0, b1, b2, b3 = self.shift.tolist()
        c0, c1, c2, c3 = self.news.tolist()
        return [max(a0 + b0 + c0, floor), max(a1 + b1 + c1, floor),
                max(a2 + b2 + c2, floor), max(a3 + b3 + c3, floor)]


@dataclass
class SupplyPremium:
    """Portfolio balance: duration the private sector holds beyond normal.

    `normal` is the private sector's holdings path had nothing unusual happened (start plus
    the scheduled supply it expects to absorb). Excess over it raises the premium two ways:
    a persistent stock effect and a larger effect of recent supply that fades as slow-moving
    arbitrage capital arrives.

    The recent-flow effect is asymmetric, because who takes the other side differs. Supply
    the private sector must absorb (a foreign official sale) has to find balance-sheet room
    that is slow to arrive, so it carries the full flow premium. Duration taken out of
    private hands (Fed purchases, which are reverse auctions) is sold by the holders most
    willing to sell, at a price they offer, and frees balance sheets rather than straining
    them, so only `scarcity_share` of the flow premium applies (D'Amico & King 2013: flow
    effects of purchases a few bp per operation against a stock effect of ~30bp).

    A flow that goes on is learned: holders take a steady seller's pace as part of normal
    supply after `1 / learning` days or so, so a sale spread over years carries its stock
    effect and little flow premium (Beltran et al.'s long run against their short run).
    """

    normal: np.ndarray
    flow_decay: float
    stock_bp_per_100bn: float
    flow_bp_per_100bn: float
    scarcity_share: float = 1.0
    scale: float = 1.0
    learning: float = 0.0
    recent: float = 0.0
    last_excess: float = 0.0
    last_surprise: float = 0.0
    expected_excess: float = 0.0
    learned_pace: float = 0.0
    programme_bought: float = 0.0
    programme_recent: float = 0.0
    programme_learned: float = 0.0
    programme_extra: float = 0.0

    def add_normal(self, scheduled_face: np.ndarray) -> None:
        """Extend the normal path by the supply the sector is expected to absorb."""
        self.normal = self.normal + scheduled_face

    def update(self, held: Sequence[float], ten_year_weights: np.ndarray,
               expected_bn: Sequence[float] | None = None,
               planned_bn: Sequence[float] | None = None,
               mortgage_10y_eq_bn: float = 0.0) -> float:
        """Record today's holdings (four floats); returns the 10y premium (bp) they imply.

        Args:
            held: Face the private sector holds, by bucket ($bn).
            ten_year_weights: Each bucket's 10y-equivalents per $ of face.
            expected_bn: Face the private sector expects to hold beyond `held` once announced
                operations are done, by bucket ($bn; a Fed programme announced and not yet
                bought is negative). Priced as a stock at once; it needs no balance sheet
                yet, so it carries no recent-flow premium.
            planned_bn: Face the private sector has sold to announced programmes so far, by
                bucket ($bn). Those sales were priced when announced: they move the stock
                but are no surprise to balance sheets, so the flow premium leaves them out.
            mortgage_10y_eq_bn: Duration agency MBS have handed to bond investors since the
                start (10y-equivalents, $bn; `model.mortgages`). A stock: the holders
                already own it, so it needs no dealer balance sheet and carries no
                recent-flow premium.

        """
        h0, h1, h2, h3 = held
        n0, n1, n2, n3 = self.normal.tolist()
        w0, w1, w2, w3 = ten_year_weights.tolist()
        # The 10y-equivalent excess, summed as numpy sums four: left to right.
        excess = (h0 - n0) * w0 + (h1 - n1) * w1 + (h2 - n2) * w2 + (h3 - n3) * w3
        surprise = excess
        if planned_bn is not None:
            p0, p1, p2, p3 = planned_bn
            surprise = excess + (p0 * w0 + p1 * w1 + p2 * w2 + p3 * w3)
        if mortgage_10y_eq_bn != 0.0:  # adding an exact 0.0 changes nothing: skip it
            excess += mortgage_10y_eq_bn
        # Only the unlearned part of a day's flow strains balance sheets (`absorb_flow`);
        # its stock still counts in full.
        self.recent, self.learned_pace = absorb_flow(
            self.recent, self.learned_pace, surprise - self.last_surprise, self.flow_decay,
            self.learning)
        self.last_surprise = surprise
        self.last_excess = excess
        if expected_bn is not None:
            e0, e1, e2, e3 = expected_bn
            self.expected_excess = e0 * w0 + e1 * w1 + e2 * w2 + e3 * w3
        return self.premium_bp()

    def expect_programme(self, unpriced_bought: float, pace: float, days_left: int,
                         priced_share: float) -> None:
        """Price now the recent-flow premium an announced programme will have built by its end.

        Arbitrageurs who know the Fed will buy for months do not wait for the flow premium
        to appear: a yield expected to fall as the purchases go on is bought now (Gagnon et
        al. 2011; D'Amico & King 2013: most of a programme's effect came on announcement).
        The programme's own flows are followed in a shadow of the recent-flow state; its
        path to the programme's end, at the announced pace, is the premium they will leave
        then. Holders price `priced_share` of what that end premium exceeds today's, so the
        premium is about flat through the programme instead of building with the purchases.
        Call once a day, before `update`.

        Args:
            unpriced_bought: 10y-equivalent face the programme has bought beyond what the
                start yields already carried ($bn, cumulative; sales negative).
            pace: The programme's daily 10y-equivalent pace beyond the start's ($bn).
            days_left: Operations still to come at that pace.
            priced_share: Share of the expected excess priced now (`programme_priced_share`).

        """
        flow = self.programme_bought - unpriced_bought  # duration out of private hands
        self.programme_bought = unpriced_bought
        recent, learned = absorb_flow(self.programme_recent, self.programme_learned, flow,
                                      self.flow_decay, self.learning)
        self.programme_recent, self.programme_learned = recent, learned
        self.programme_extra = 0.0
        # Only the schedule is run forward. Bids not yet filled are priced as a stock
        # (`update`'s expected face) but not as a flow: when sellers will offer them is not
        # known, and pricing them as tomorrow's flow would richen bonds, deter offers and
        # grow the backlog it prices.
        if pace == 0.0 or days_left == 0:
            return
        end = recent
        for _ in range(days_left):
            end, learned = absorb_flow(end, learned, -pace, self.flow_decay, self.learning)
        excess = end - recent
        if excess * end > 0.0:  # the end premium is larger than today's, in its direction
            self.programme_extra = priced_share * excess

    def premium_bp(self) -> float:
        """10y supply premium in bp from the stock (held and expected) and the recent flow.

        The coefficients are stated at the reference market size; `scale` (reference over
        this market's outstanding) makes the same share of a smaller market cost as much.
        """
        stock = self.last_excess + self.expected_excess
        flow = self._weighted(self.recent)
        if self.programme_extra != 0.0:
            flow += self._weighted(self.programme_extra)
        return self.scale * (self.stock_bp_per_100bn * stock
                             + self.flow_bp_per_100bn * flow) / 100.0

    def _weighted(self, flow: float) -> float:
        """A recent flow as it weighs on the premium (10y-eq $bn).

        In full for supply the private sector must absorb, at `scarcity_share` for duration
        taken out of its hands.
        """
        return flow if flow >= 0.0 else self.scarcity_share * flow


def absorb_flow(recent: float, learned_pace: float, flow: float, decay: float,
                learning: float) -> tuple[float, float]:
    """One day of the recent-flow state: returns (recent, learned pace) after `flow`.

    A steady seller stops being news: holders learn its daily pace (`learning`, the share of
    the gap closed a day) and make room for it, so only the unlearned part of a day's flow
    strains balance sheets. A seller seen to stop (or to turn buyer) is news at once: what
    was learned never exceeds today's flow in its own direction.
    """
    if learned_pace * flow <= 0.0:
        learned_pace = 0.0
    elif abs(learned_pace) > abs(flow):
        learned_pace = flow
    unlearned = flow - learned_pace
    return recent * decay + unlearned, learned_pace + learning * unlearned


def start_term_premium(params: ModelParams) -> np.ndarray:
    """Term premium by bucket at the start (percent), scaled from the 10y by the loadings."""
    return CurveLoadings.of(params).start_term_premium(params.start_term_premium_10y)


def build_components(params: ModelParams, start_yields: np.ndarray,
                     sector_start: np.ndarray) -> tuple[ExpectedRates, Uncertainty, SupplyPremium]:
    """Create the slow-layer state for a run from its parameters."""
    loadings = CurveLoadings.of(params)
    rates = ExpectedRates(
        start=start_yields - loadings.start_term_premium(params.start_term_premium_10y),
        speed=params.expectation_speed, floor=params.effective_lower_bound_pct,
        loadings=loadings)
    uncertainty = Uncertainty(decay=half_life_decay(params.uncertainty_half_life_days),
                              build_speed=params.uncertainty_build_speed,
                              first_day_share=params.uncertainty_first_day_share,
                              arrival_speed=params.uncertainty_arrival_speed,
                              fresh_decay=half_life_decay(params.safe_haven_half_life_days))
    supply = SupplyPremium(normal=sector_start.astype(float).copy(),
                           flow_decay=half_life_decay(params.supply_flow_half_life_days),
                           stock_bp_per_100bn=params.supply_stock_bp_per_100bn,
                           flow_bp_per_100bn=params.supply_flow_bp_per_100bn,
                           scarcity_share=params.supply_flow_scarcity_share,
                           scale=market_scale(params),
                           learning=1.0 / params.supply_learning_days)
    return rates, uncertainty, supply


def market_scale(params: ModelParams) -> float:
    """How much more a $ of supply weighs in this market than in the reference one."""
    return params.supply_reference_outstanding_bn / params.outstanding_bn
