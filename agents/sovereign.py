"""Sovereign holders: the bargaining chip.

A sovereign reinvests passively in calm times (maturities roll, its book stays put), may
diversify slowly (China), and under a US tariff above its threshold builds a grievance at a
speed set by its resolve. Past one level it threatens: a statement that moves risk premia
and sells nothing. Past a higher level it sells at a bounded pace, weighing the pain it
inflicts (the 10y rise since it began) against its own mark-to-market loss: it slows as its
loss grows, holds once it has made its point, and stops for good when the loss exceeds what
its resolve tolerates. A pause that lowers its rate, or a deal, ends the campaign. Scheduled
sales (a `sale` event) and yen defence are executed on top; what dealers cannot take of a
scheduled sale on one day is sold on the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import mesa
import numpy as np

from model.instruments import N_BUCKETS, TEN_YEAR
from model.orders import HolderType, OrderBatch, bucket_total
from model.params import ModelParams
from model.state import PublicState

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel



class Stance(StrEnum):
    """Where a sovereign stands in a tariff dispute."""

    CALM = "calm"
    THREATENING = "threatening"
    SELLING = "selling"
    HOLDING = "holding"
    STOPPED = "stopped"
    DEAL = "deal"


# A threat or a campaign is live (what raises the counterparty's pain); a campaign sells.
LIVE_STANCES = frozenset({Stance.THREATENING, Stance.SELLING, Stance.HOLDING})
CAMPAIGN_STANCES = frozenset({Stance.SELLING, Stance.HOLDING})


@dataclass
class ScheduledSale:
    """A sale ordered by a scenario: so much a day for so many days."""

    per_day_bn: float
    days_left: int


class StatementKind(StrEnum):
    """What a sovereign's statement says: the model acts on the kind, never on the wording."""

    THREAT = "threat"
    SELLING = "selling"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Statement:
    """A public statement a sovereign makes; a threat becomes an uncertainty shock."""

    sovereign: str
    kind: StatementKind
    label: str


class Sovereign(mesa.Agent):
    """One country's official Treasury holdings and its policy towards them.

    Attributes:
        key: Canonical country key ('japan').
        label: Name shown to users ('Japan').
        holdings: Face by bucket ($bn).
        resolve: Willingness to use the holdings as leverage (0-1).
        tariff_threshold: US tariff rate on it above which grievance builds.
        trend_bn_per_day: Slow diversification sales in normal times.
        stance: Current stance in the dispute.
        grievance: Accumulated grievance (0 = none).
        cash_bn: Proceeds of net sales so far ($bn).
        start_face_bn: Face of the book at the start ($bn).
        start_value_bn: Market value of the book at the start ($bn).

    """

    holder_type = HolderType.SOVEREIGN

    def __init__(self, model: YieldModel, key: str, label: str, holdings: np.ndarray,
                 resolve: float, tariff_threshold: float, params: ModelParams,
                 trend_bn_per_day: float = 0.0) -> None:
        """Create a sovereign holder.

        Args:
            model: The model it belongs to.
            key: Canonical country key.
            label: Display name.
            holdings: Starting face by bucket ($bn).
            resolve: Willingness to sell (0-1).
            tariff_threshold: Tariff rate that starts its grievance.
            params: Model parameters (pace, pain target, loss tolerance...).
            trend_bn_per_day: Diversification sales per day in normal times.

        """
        super().__init__(model)
        self.key = key
        self.label = label
        self.holdings = holdings.astype(float).copy()
        self.resolve = resolve
        self.tariff_threshold = tariff_threshold
        self.trend_bn_per_day = trend_bn_per_day
        self.grievance_speed = params.grievance_speed
        self.threat_level = params.threat_grievance
        self.sell_level = params.sell_grievance
        self.max_pace_bn = params.sovereign_max_pace_bn
        self.pain_target_pct = params.sovereign_pain_target_bp / 100.0
        self.loss_tolerance_pct = params.sovereign_loss_tolerance_pct
        self.fx_sale_bn_per_unit = params.yen_defense_bn_per_day
        self.grievance_decay = params.sovereign_grievance_decay
        self.threshold_floor = params.sovereign_threshold_floor
        self.resume_share = params.sovereign_resume_share
        self.fx_pressure_decay = params.fx_pressure_decay
        self.endogenous = params.policy == "endogenous"
        self.patience_days = params.sovereign_patience_days
        self.threat_step: int | None = None
        self.threat_rate: float | None = None
        # the highest offer it would accept, as its partner last weighed one (trade talks)
        self.acceptable_rate: float | None = None
        self.campaign_from: tuple[int, float] | None = None  # (step, own-currency gain then)
        self.last_offer_seen: float | None = None
        self.offer_pace: float | None = None
        self.threatened = False
        self.stance = Stance.CALM
        self.grievance = 0.0
        self.cash_bn = 0.0
        self.start_face_bn = float(self.holdings.sum())
        self.start_value_bn = float((self.holdings * model.prices / 100.0).sum())
        self.selling_from_10y: float | None = None
        self.fx_pressure = 0.0
        self.sales: list[ScheduledSale] = []
        self.backlog_bn = 0.0
        self.scheduled_ordered_bn = 0.0
        self.last_order_bn = 0.0
        self.statements: list[Statement] = []

    # --- what it decides -----------------------------------------------------------------
    def orders(self, state: PublicState) -> OrderBatch:
        """Today's orders: trend, scheduled and defensive sales, and any campaign sales."""
        self._update_stance(state)
        scheduled = self._scheduled_today() + self.backlog_bn
        self.backlog_bn = 0.0
        holdings = self.holdings.tolist()
        total = bucket_total(holdings)
        self.scheduled_ordered_bn = min(scheduled, total)
        sell_bn = self.trend_bn_per_day + scheduled + self._fx_today()
        campaign = self._campaign_today(state)
        face = [-sale for sale in _pro_rata(sell_bn + campaign, holdings, total)]
        self.last_order_bn = -bucket_total(face)
        # What it may sell is its book as it stands (a view, as a cohort offers its
        # holdings): nothing changes the book between its orders and the clearing.
        return OrderBatch(sender=self.key, holder_type=self.holder_type,
                          face=np.array(face).reshape(N_BUCKETS, 1),
                          available=self.holdings[:, None], holder=self)

    def _update_stance(self, state: PublicState) -> None:
        """Move grievance and stance with the tariff on this country."""
        if self.endogenous:
            self._watch_offer(state)
        if self.key in state.tariffs.deals:
            self.stance, self.grievance = Stance.DEAL, 0.0
            return
        # Scripted: the rate in force. Endogenous: the rate at stake in the talks, which a
        # pause suspends but does not settle.
        rate = (state.tariffs.announced(self.key) if self.endogenous
                else state.tariffs.rate_on(self.key))
        gap = (rate - self.tariff_threshold) / max(self.tariff_threshold, self.threshold_floor)
        if gap > 0:
            self.grievance += self.grievance_speed * self.resolve * gap
        else:
            # A pause (or any cut below the threshold) ends the campaign; grievance fades.
            self.grievance *= self.grievance_decay
            if self.stance in LIVE_STANCES:
                self.stance = Stance.CALM
                self.selling_from_10y = None
                self.campaign_from = None
            return
        if self.stance == Stance.CALM and self.grievance >= self.threat_level:
            self._announce_threat(state.step, state.tariffs.announced(self.key))
        if (self.stance == Stance.THREATENING and self.grievance >= self.sell_level
                and not self._waiting(state)):
            self.stance = Stance.SELLING
            self.selling_from_10y = float(state.yields[TEN_YEAR])
            if self.key in getattr(self.model, "ledgers", {}):
                self.campaign_from = (state.step, self.model.local_gain_bn(self.key))
            self.statements.append(Statement(self.key, StatementKind.SELLING,
                                             f"{self.label} starts selling Treasuries"))

    def _announce_threat(self, step: int, rate_at_stake: float, statement: bool = True) -> None:
        """Threaten: a statement that raises uncertainty and the counterparty's expected pain.

        A threat ordered by an event makes no statement of its own: the event is the
        announcement (and carries the uncertainty).
        """
        self.stance = Stance.THREATENING
        self.threat_step = step
        if not self.threatened:
            self.threat_rate = rate_at_stake
        self.threatened = True
        if statement:
            self.statements.append(Statement(self.key, StatementKind.THREAT,
                                             f"{self.label} threatens to sell Treasuries"))

    def _waiting(self, state: PublicState) -> bool:
        """Endogenous policy: whether the threat alone is winning enough, so selling can wait.

        A sale costs the seller its own mark-to-market, so it waits while the threat is
        working: for `sovereign_patience_days` after its threat, and after that as long as the
        administration's offer is falling fast enough to reach the rate it would accept (as its
        partner last weighed an offer) within another `sovereign_patience_days` at the pace
        of the last day. An offer that stalls or
        crawls leaves it selling (if its grievance is high enough).
        """
        if not self.endogenous or self.threat_step is None:
            return False
        if state.step - self.threat_step < self.patience_days:
            return True
        offer = state.tariffs.offers.get(self.key)
        if offer is None or self.offer_pace is None or self.acceptable_rate is None:
            return False
        gap = offer - self.acceptable_rate
        return gap <= 0 or (self.offer_pace > 0 and gap / self.offer_pace <= self.patience_days)

    def _watch_offer(self, state: PublicState) -> None:
        """Note how far the administration's offer to it fell since yesterday."""
        offer = state.tariffs.offers.get(self.key)
        previous, self.last_offer_seen = self.last_offer_seen, offer
        self.offer_pace = None if offer is None or previous is None else previous - offer

    def threaten(self) -> None:
        """A scenario or a user makes this sovereign threaten now (a `threat` event)."""
        if self.stance in (Stance.CALM, Stance.STOPPED):
            self.grievance = max(self.grievance, self.threat_level)
            self._announce_threat(int(self.model.steps) + 1,
                                  self.model.tariffs.announced(self.key), statement=False)

    def add_fx_pressure(self, amount: float) -> None:
        """Currency pressure that this sovereign meets by selling Treasuries (a `shock`)."""
        self.fx_pressure += amount

    def credibility(self, scale_bn: float) -> float:
        """How much a threat from this sovereign is worth: resolve x holdings / scale."""
        return self.resolve * bucket_total(self.holdings.tolist()) / scale_bn

    def campaign_cost_bn_per_day(self) -> float:
        """What its selling campaign has cost it a day, in its own currency ($bn at start rate).

        The fall of its own-currency gain (bonds, coupons and FX together, the model's
        ledger) since the campaign began, per day of campaign: zero when it is not selling
        or has no ledger.
        """
        if self.campaign_from is None or self.stance not in CAMPAIGN_STANCES:
            return 0.0
        step, gain_then = self.campaign_from
        days = max(1, int(self.model.steps) - step)
        lost = gain_then - self.model.local_gain_bn(self.key)
        return max(0.0, lost) / self.model.ledgers[self.key].start_rate / days

    @property
    def is_threatening(self) -> bool:
        """Whether a threat (or a campaign) is live: what raises the counterparty's pain."""
        return self.stance in LIVE_STANCES

    def _campaign_today(self, state: PublicState) -> float:
        """Face to sell today in a campaign: pain inflicted weighed against own loss."""
        if self.stance not in CAMPAIGN_STANCES or self.selling_from_10y is None:
            return 0.0
        if self.start_value_bn <= 0.0:
            return 0.0  # no book: a campaign of words only (its losses have no measure)
        loss_pct = max(0.0, -self.mtm_gain_bn(state.prices)) / self.start_value_bn * 100.0
        tolerance = self.loss_tolerance_pct * self.resolve
        if loss_pct >= tolerance:
            self.stance = Stance.STOPPED
            self.statements.append(Statement(self.key, StatementKind.STOPPED,
                                             f"{self.label} stops selling (losses)"))
            return 0.0
        pain = float(state.yields[TEN_YEAR]) - self.selling_from_10y
        if pain >= self.pain_target_pct:
            self.stance = Stance.HOLDING
            return 0.0
        if self.stance == Stance.HOLDING and pain > self.pain_target_pct * self.resume_share:
            return 0.0
        self.stance = Stance.SELLING
        return self.resolve * self.max_pace_bn * (1.0 - loss_pct / tolerance)

    def _scheduled_today(self) -> float:
        """Sum of scheduled sales due today, counting their days down."""
        if not self.sales:
            return 0.0
        total = 0.0
        for sale in self.sales:
            if sale.days_left > 0:
                total += sale.per_day_bn
                sale.days_left -= 1
        self.sales = [s for s in self.sales if s.days_left > 0]
        return total

    def _fx_today(self) -> float:
        """Sales to fund currency defence, fading as the pressure eases."""
        amount = self.fx_pressure * self.fx_sale_bn_per_unit
        self.fx_pressure *= self.fx_pressure_decay
        return amount

    # --- what happens to it -----------------------------------------------------------------
    def schedule_sale(self, amount_bn: float, days: int) -> None:
        """Accept a sale of `amount_bn` spread evenly over `days` steps."""
        self.sales.append(ScheduledSale(per_day_bn=amount_bn / days, days_left=days))

    def settle(self, fills: np.ndarray, prices: np.ndarray) -> None:
        """Book the market's fills and the cash they bring."""
        self.holdings += fills[:, 0]
        fill = fills.ravel().tolist()
        self.cash_bn -= bucket_total([f * p / 100.0 for f, p in zip(fill, prices.tolist(),
                                                                     strict=True)])
        # What dealers could not take of a scheduled sale is sold on the next day instead.
        shortfall = self.last_order_bn + bucket_total(fill)
        self.backlog_bn = min(max(shortfall, 0.0), self.scheduled_ordered_bn)

    def value_bn(self, prices: np.ndarray) -> float:
        """Market value of the book at these prices ($bn)."""
        return bucket_total([h * p / 100.0 for h, p in zip(self.holdings.tolist(),
                                                            prices.tolist(), strict=True)])

    def mtm_gain_bn(self, prices: np.ndarray) -> float:
        """Mark-to-market gain on the starting book: value now plus sale proceeds, less start."""
        return self.value_bn(prices) + self.cash_bn - self.start_value_bn


def _pro_rata(amount_bn: float, holdings: list[float], total: float) -> list[float]:
    """Split a sale across buckets in proportion to the book (`total` is its face)."""
    if amount_bn <= 0 or total <= 0:
        return [0.0] * len(holdings)
    amount = min(amount_bn, total)
    return [h / total * amount for h in holdings]
