"""The USD/JPY market: dollar orders in, one clearing a day, a price out; no agents inside.

Japan's Treasuries are a bargaining chip because selling them moves two prices: the yield
and the yen. This module is the second market. Each day it takes the dollar flows that cross
it (the Ministry of Finance repatriating sale proceeds, Japanese private investors buying or
selling dollars and adjusting their hedges) and clears them against FX dealers and global
investors, who take the net at a concession that grows with the flow and fades with time,
as the bond dealers' does (`model.market`). The level around which they quote is set by the
bond market's state, so the FX price is driven by the bond state and never feeds back into
yields:

- carry: the US-Japan 2y rate differential (the Japanese rate is a parameter); a higher US
  2y lifts the dollar, which makes calm runs show the usual positive co-movement;
- a news-driven risk premium: uncertainty lowers the dollar in both of the model's regimes,
  through the same two state variables that set the bond term premium. Without the Fed's
  room (the US is itself the source: tariffs that raise inflation) it is a "sell America"
  premium on US assets, while the bond term premium rises: yields and the dollar move apart.
  With room (a global scare the Fed can ease into) the yen is a safe haven and US yields
  fall too: they move together. No switch per episode: `uncertainty` and `fed_room` decide.

Japanese private holders (life insurers, pensions, banks) are the `JapanesePrivate` cohort:
their dollar exposure is their Treasury book times one less their hedge ratio. The hedge
ratio falls as hedging gets dearer (the rate differential is the cost of rolling forwards)
and rises with the dollar's risk premium; their book grows or shrinks with the expected
dollar return (carry less the risk premium). A rise in their unhedged exposure buys dollars.
Their Treasury trades are not sent to the bond market (a documented simplification: the flows
are a few $bn, within real money's daily noise), so the bond calibration is untouched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from model.params import ModelParams
from model.values import StateError

# A price beyond e^50 (5e21) yen per dollar, or below its inverse, is no exchange rate: refuse.
MAX_ABS_LOG_PRICE = 50.0

__all__ = ["FxClearing", "FxMarket", "FxOrder", "JapanesePrivate", "YenLedger", "build_fx"]


@dataclass(frozen=True)
class FxOrder:
    """One sender's dollar order for the day.

    Attributes:
        sender: Who sends it ('japan', 'japan_private').
        usd_bn: Dollars bought against yen ($bn; negative: dollars sold for yen).

    """

    sender: str
    usd_bn: float


@dataclass(frozen=True)
class FxClearing:
    """What one clearing did.

    Attributes:
        net_usd_bn: Net dollars the senders bought ($bn; FX dealers and global investors sold
            them).
        fundamental_log: Log USD/JPY the bond state implies before today's flow.
        flow_impact_pct: The dealers' concession after today's flow (percent of the price).
        usdjpy: The clearing price, yen per dollar.

    """

    net_usd_bn: float
    fundamental_log: float
    flow_impact_pct: float
    usdjpy: float


@dataclass
class FxMarket:
    """USD/JPY: a level set by carry and the risk premium, a concession set by flows.

    Attributes:
        start_usdjpy: Yen per dollar at the start.
        start_differential_pct: US 2y less the Japanese rate at the start (percent).
        carry_pct_per_100bp: Percent rise of USD/JPY per 100bp wider differential.
        sell_america_pct: Percent fall of USD/JPY per unit of uncertainty when the
            Fed has no room (the US is the source).
        safe_haven_pct: Percent fall per unit of uncertainty when the Fed has room
            (global risk-off: the yen's safe-haven bid).
        impact_pct_per_100bn: Percent move of USD/JPY per $100bn of net dollar flow.
        impact_decay: Daily retention of the flow concession (global investors step in).
        premium_retain: Daily retention of the dollar's risk premium.
        premium_pct: The dollar's risk premium now (percent; + dollar cheap).
        flow_impact_pct: The current flow concession (percent; + dollar rich).
        usdjpy: The last clearing price (yen per dollar).

    """

    start_usdjpy: float
    start_differential_pct: float
    carry_pct_per_100bp: float
    sell_america_pct: float
    safe_haven_pct: float
    impact_pct_per_100bn: float
    impact_decay: float
    premium_retain: float
    premium_pct: float = 0.0
    flow_impact_pct: float = 0.0
    usdjpy: float = field(default=math.nan)

    def __post_init__(self) -> None:
        """Start at the start level."""
        if math.isnan(self.usdjpy):
            self.usdjpy = self.start_usdjpy

    def risk_premium_pct(self, built: float, fresh: float, room: float) -> float:
        """The premium today's uncertainty calls for (percent; + dollar cheap).

        The same states that set the bond term premium set it, with the same weights. Built-up
        uncertainty without the Fed's room raises the US term premium and lowers the dollar
        ("sell America": yields and the dollar apart); with room it lowers US yields (bonds
        hedge) and the yen is bid as a safe haven (both down together). A fresh shock's
        flight to safety bids both Treasuries and the yen.
        """
        return (self.sell_america_pct * built * (1.0 - room)
                + self.safe_haven_pct * (built * room + fresh))

    def advance_premium(self, built: float, fresh: float, room: float) -> float:
        """The dollar's risk premium today: it rises with uncertainty and fades slowly.

        The premium is what today's uncertainty calls for, or yesterday's faded by
        `premium_retain`, whichever is larger: the dollar's April 2025 discount outlasted the
        VIX by months.

        Returns:
            The premium (percent of the price; + dollar cheap).

        """
        self.premium_pct = max(self.premium_pct * self.premium_retain,
                               self.risk_premium_pct(built, fresh, room))
        return self.premium_pct

    def fundamental_log(self, differential_pct: float) -> float:
        """Log USD/JPY the bond state implies: start, carry, less the risk premium."""
        carry = self.carry_pct_per_100bp * (differential_pct - self.start_differential_pct)
        return math.log(self.start_usdjpy) + (carry - self.premium_pct) / 100.0

    def clear(self, orders: list[FxOrder], differential_pct: float,
              noise_pct: float = 0.0) -> FxClearing:
        """Clear a day's dollar orders: dealers take the net at a concession.

        Call `advance_premium` first (the senders see the premium when they decide).

        Args:
            orders: The day's dollar orders.
            differential_pct: US 2y less the Japanese rate today (percent).
            noise_pct: The day's FX news not explained by the bond state (percent).

        Returns:
            The net flow, the level and the price.

        """
        net = math.fsum(order.usd_bn for order in orders)
        self.flow_impact_pct = (self.flow_impact_pct * self.impact_decay
                                + self.impact_pct_per_100bn * net / 100.0 + noise_pct)
        level = self.fundamental_log(differential_pct)
        log_price = level + self.flow_impact_pct / 100.0
        if not abs(log_price) <= MAX_ABS_LOG_PRICE:  # also catches NaN
            raise StateError(
                f"USD/JPY reached exp({log_price:.3g}) yen per dollar: the inputs drive the FX "
                "market beyond what it can represent, so nothing was written; use less extreme "
                "fx_* parameters or sale sizes")
        self.usdjpy = math.exp(log_price)
        return FxClearing(net_usd_bn=net, fundamental_log=level,
                          flow_impact_pct=self.flow_impact_pct, usdjpy=self.usdjpy)


@dataclass
class JapanesePrivate:
    """Japanese private Treasury holders (life insurers, pensions, banks) as one cohort.

    Attributes:
        holdings_bn: Their Treasury book ($bn market value, dollars).
        start_holdings_bn: The book at the start.
        hedge_ratio: Share of the book hedged back into yen (0-1).
        start_hedge_ratio: The hedge ratio at the start.
        start_hedge_cost_pct: The hedging cost at the start (the differential, percent).
        hedge_per_pp: Fall in the hedge ratio per point of dearer hedging.
        hedge_per_risk_pct: Rise in the hedge ratio per percent of dollar risk premium.
        demand_per_pct: Relative change of the book per percent of expected dollar return
            above its start.
        adjust_speed: Share of the gap to the desired book closed each day.

    """

    holdings_bn: float
    start_hedge_ratio: float
    start_hedge_cost_pct: float
    hedge_per_pp: float
    hedge_per_risk_pct: float
    demand_per_pct: float
    adjust_speed: float
    start_holdings_bn: float = field(default=math.nan)
    hedge_ratio: float = field(default=math.nan)

    def __post_init__(self) -> None:
        """Start at the start hedge ratio and book."""
        if math.isnan(self.hedge_ratio):
            self.hedge_ratio = self.start_hedge_ratio
        if math.isnan(self.start_holdings_bn):
            self.start_holdings_bn = self.holdings_bn

    @property
    def unhedged_bn(self) -> float:
        """Dollars they carry unhedged ($bn): what their FX position is."""
        return self.holdings_bn * (1.0 - self.hedge_ratio)

    def order(self, hedge_cost_pct: float, risk_premium_pct: float) -> FxOrder:
        """Today's dollar order: the change in their unhedged exposure.

        Args:
            hedge_cost_pct: Annual cost of hedging dollars into yen (the 2y differential).
            risk_premium_pct: The dollar's risk premium (percent; + dollar expected cheap).

        """
        before = self.unhedged_bn
        self.hedge_ratio = min(1.0, max(0.0, self.start_hedge_ratio
                                        - self.hedge_per_pp * (hedge_cost_pct
                                                               - self.start_hedge_cost_pct)
                                        + self.hedge_per_risk_pct * risk_premium_pct))
        # Expected dollar return over a year relative to the start: carry beyond the start's,
        # less the premium they now demand for holding dollars.
        excess_return = (hedge_cost_pct - self.start_hedge_cost_pct) - risk_premium_pct
        desired = self.start_holdings_bn * max(0.0, 1.0 + self.demand_per_pct * excess_return)
        self.holdings_bn += self.adjust_speed * (desired - self.holdings_bn)
        return FxOrder("japan_private", self.unhedged_bn - before)


@dataclass
class YenLedger:
    """A sovereign's result in its own currency: bonds, coupons and FX together.

    Dollar sale proceeds are converted at the day's rate (`repatriated` share; the rest kept
    in dollars and marked at the close), coupons accrue daily and are converted likewise. The
    sovereign's other dollar reserves (deposits, other securities) are in the book too, at a
    constant dollar value: a sale converted into yen cheapens them as much as the bonds left,
    and that is part of what the chip costs at home.

    Attributes:
        start_value_local: The start value of the bonds and other reserves in local
            currency (bn).
        start_rate: Local currency per dollar at the start (to express a local result in
            start dollars).
        other_usd: Reserves beyond the Treasuries ($bn, constant dollar value; their interest
            is not counted).
        cash_local: Local currency received for repatriated proceeds and coupons (bn).
        cash_usd: Dollars kept from proceeds not repatriated ($bn).
        coupons_usd: Coupons accrued ($bn, for the record).

    """

    start_value_local: float
    start_rate: float
    other_usd: float = 0.0
    cash_local: float = 0.0
    cash_usd: float = 0.0
    coupons_usd: float = 0.0

    def book(self, proceeds_usd: float, coupons_usd: float, rate: float,
             repatriated: float) -> None:
        """Book a day's sale proceeds and coupons at today's rate (local per dollar)."""
        converted = repatriated * proceeds_usd
        self.cash_local += (converted + coupons_usd) * rate
        self.cash_usd += proceeds_usd - converted
        self.coupons_usd += coupons_usd

    def gain_local(self, value_usd: float, rate: float) -> float:
        """The gain since the start in local currency (bn): value and cash less start value."""
        return ((value_usd + self.cash_usd + self.other_usd) * rate + self.cash_local
                - self.start_value_local)

    def other_reserves_gain_local(self, rate: float) -> float:
        """The part of the gain that is the other reserves' revaluation (bn local currency)."""
        return self.other_usd * (rate - self.start_rate)


def build_fx(params: ModelParams, start_2y_pct: float) -> tuple[FxMarket, JapanesePrivate]:
    """The FX market and the Japanese private cohort from the parameters.

    Args:
        params: The resolved parameters.
        start_2y_pct: The US 2y at the start (percent).

    """
    differential = start_2y_pct - params.japan_rate_pct
    market = FxMarket(start_usdjpy=params.start_usdjpy, start_differential_pct=differential,
                      carry_pct_per_100bp=params.fx_carry_pct_per_100bp,
                      sell_america_pct=params.fx_sell_america_pct_per_uncertainty,
                      safe_haven_pct=params.fx_safe_haven_pct_per_uncertainty,
                      impact_pct_per_100bn=params.fx_impact_pct_per_100bn,
                      impact_decay=0.5 ** (1.0 / params.fx_impact_half_life_days),
                      premium_retain=0.5 ** (1.0 / params.fx_premium_half_life_days))
    private = JapanesePrivate(
        holdings_bn=params.japan_holdings_bn * (1.0 - params.japan_official_share),
        start_hedge_ratio=params.japan_private_hedge_ratio,
        start_hedge_cost_pct=differential, hedge_per_pp=params.japan_hedge_per_pp,
        hedge_per_risk_pct=params.japan_hedge_per_risk_pct,
        demand_per_pct=params.japan_private_demand_per_pct,
        adjust_speed=params.japan_private_adjust_speed)
    return market, private
