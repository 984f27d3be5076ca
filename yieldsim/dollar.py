"""What the dollar did to a sovereign's chip: its result at home beside its dollar bond result.

Shared by the run's text summary (`yieldsim.cli`) and its picture (`yieldsim.plot`), so both
show the same sovereigns with the same figures (`shown_keys`). No matplotlib here: the
summary is printed before the picture's libraries are imported.

A sovereign's result in its own currency (`gain_local_bn` in the summary, the per-step
`gain_local_<key>` columns) counts its bonds marked to market, the coupons they paid and the
exchange rate together, in yen for Japan and renminbi for China; its dollar result
(`mtm_gain_bn`) counts the bonds' mark-to-market only, in dollars. Selling dollars for yen
strengthens the yen, so the dollars the rest of the book is worth buy fewer yen: while the
sale's flow weighs on USD/JPY the home figure is about twice the dollar one (docs/dollar.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel

# Japan's book is shown in every run: its value in yen moves with the dollar whether or not it
# sells, and a sale is read against that. Any other sovereign only when it sold.
ALWAYS_SHOWN = ("japan",)
# Sales beyond the priced-in trend below this ($bn face) are not "selling".
SOLD_BN = 0.5
CURRENCIES = {"japan": ("yen", "¥"), "china": ("renminbi", "CN¥")}


@dataclass(frozen=True)
class OwnCurrency:
    """One sovereign's result at home and in dollars, as the summary and picture show it.

    Attributes:
        key: The sovereign's key ("japan").
        currency: Its currency's name ("yen").
        symbol: Its currency's sign ("¥").
        start_rate: Units of its currency per dollar at the start (its book's start value
            in its currency over the same in dollars).
        local_bn: Its result at the end in its currency (bn): bonds, coupons and FX.
        dollar_bn: Its bonds' mark-to-market at the end ($bn, no coupons).

    """

    key: str
    currency: str
    symbol: str
    start_rate: float
    local_bn: float
    dollar_bn: float

    @property
    def local_in_start_usd_bn(self) -> float:
        """The home result at the start exchange rate ($bn): the scale of `dollar_bn`."""
        return self.local_bn / self.start_rate

    @property
    def name(self) -> str:
        """The sovereign's name as shown ("Japan")."""
        return display_name(self.key)


def shown_keys(summary: Mapping[str, Any]) -> list[str]:
    """The sovereigns whose home result a run shows: Japan, and any other that sold.

    "Sold" means net sales beyond the priced-in trend (`foreign_official_trend_sales_bn`,
    China's slow diversification, the only sovereign trend the model has) of more than
    `SOLD_BN`.
    """
    sales = summary.get("sales_by_sovereign_bn", {})
    trend = float(summary.get("foreign_official_trend_sales_bn", 0.0))
    return [key for key in summary.get("gain_local_bn", {})
            if key in ALWAYS_SHOWN or float(sales.get(key, 0.0)) - trend > SOLD_BN]


def from_model(model: YieldModel, summary: Mapping[str, Any]) -> list[OwnCurrency]:
    """The shown sovereigns' figures, with each start rate exact from the model's ledgers.

    Args:
        model: The model after its run.
        summary: Its summary (`model.summary.summarize`).

    """
    books = []
    for key in shown_keys(summary):
        if model.sovereigns[key].start_value_bn <= 0.0:
            continue  # no book: nothing to convert, nothing to show
        books.append(own_currency(key, model.ledgers[key].start_rate,
                                  float(summary["gain_local_bn"][key]),
                                  float(summary["mtm_gain_bn"][key])))
    return books


def own_currency(key: str, start_rate: float, local_bn: float, dollar_bn: float
                 ) -> OwnCurrency:
    """One sovereign's figures with its currency's name and sign."""
    currency, symbol = currency_of(key)
    return OwnCurrency(key, currency, symbol, start_rate, local_bn, dollar_bn)


def display_name(key: str) -> str:
    """A sovereign's key as a name: "japan" -> "Japan", "other_official" -> "Other official"."""
    return key.replace("_", " ").capitalize()


def currency_of(key: str) -> tuple[str, str]:
    """A sovereign's currency: its name and its sign."""
    return CURRENCIES.get(key, (f"{key.replace('_', ' ')}'s currency", ""))


def money(symbol: str, amount_bn: float, decimals: int) -> str:
    """An amount in bn with its sign before the currency's: `-¥5,167bn`, `+$10.7bn`."""
    shown = round(amount_bn, decimals)  # no "-$0.0bn" for a loss that rounds to nothing
    return f"{'-' if shown < 0 else '+'}{symbol}{abs(shown):,.{decimals}f}bn"


def summary_lines(summary: Mapping[str, Any]) -> list[str]:
    """The dollar's lines of a run's text summary: USD/JPY, then each shown sovereign.

    For example::

        USD/JPY: 150.16 → 142.43 yen per dollar (-5.2%)
        Japan's result in yen (bonds, coupons and FX; other reserves $255bn):
          -¥5,167bn (-$34.4bn at the start rate)
          against its bonds' mark-to-market in dollars: -$8.3bn

    """
    lines = [f"  USD/JPY: {summary['usdjpy_start']:.2f} → {summary['usdjpy_end']:.2f} yen per "
             f"dollar ({summary['usdjpy_change_pct']:+.1f}%)"]
    for key in shown_keys(summary):
        currency, symbol = currency_of(key)
        name = display_name(key)
        local = float(summary["gain_local_bn"][key])
        at_start = float(summary["gain_local_in_start_usd_bn"][key])
        other = float(summary.get("other_reserves_bn", {}).get(key, 0.0))
        scope = f"; other reserves ${other:,.0f}bn" if other > 0 else ""
        lines += [f"  {name}'s result in {currency} (bonds, coupons and FX{scope}): "
                  f"{money(symbol, local, 0)} ({money('$', at_start, 1)} at the start rate)",
                  "    against its bonds' mark-to-market in dollars: "
                  f"{money('$', float(summary['mtm_gain_bn'][key]), 1)}"]
    return lines
