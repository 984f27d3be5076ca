"""The unit and meaning of every per-step column the model reports.

A time series whose file does not say that `y_10y` is in percent and `vol_10y_bp` in basis
points invites silent factor-of-100 mistakes. The run folder writes each column's unit into its
Parquet field metadata, `yieldsim columns` lists them, and a test checks that every column of
every built-in scenario is described here, so a new reporter cannot ship without its unit.

Units are those users receive (files, the Python API, `yieldsim columns`): rates, yields and
tariffs in percent. The model collects tariff-like rates as fractions (what its arithmetic and
scenario files use); `scale` is the factor from the collected value to the unit given here,
applied once where tables leave the model (`yieldsim.timeseries.user_table`).

Columns come in families (one per bucket, holder type or sovereign); a pattern ending in `*`
describes a whole family, with `{}` in the meaning standing for the part the star matched.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column (or family of columns) of the per-step table.

    Attributes:
        pattern: The column name, or a prefix followed by `*` for a family.
        unit: The unit of its values.
        meaning: What it measures; `{}` stands for what the `*` matched.
        scale: Factor from the value the model collects to `unit` (100: fraction to percent).

    """

    pattern: str
    unit: str
    meaning: str
    scale: float = 1.0

    def matches(self, name: str) -> bool:
        """Whether this entry describes the column `name`."""
        if self.pattern.endswith("*"):
            return name.startswith(self.pattern[:-1]) and len(name) > len(self.pattern) - 1
        return name == self.pattern

    def describe(self, name: str) -> str:
        """The meaning for one concrete column of the family."""
        part = name[len(self.pattern) - 1:] if self.pattern.endswith("*") else name
        return self.meaning.replace("{}", part.replace("_", " "))


PERCENT = "percent"
BN_FACE = "$bn face"
BN_FACE_PER_DAY = "$bn face/day"

# Exact names first: the first matching entry wins, so `y10_*` must precede `y_*`-like
# prefixes it would otherwise share (it does not, but the order keeps that safe).
COLUMNS: tuple[Column, ...] = (
    Column("step", "trading day", "steps since the scenario's start (0 = start state)"),
    Column("date", "date", "the trading day's date"),
    Column("y10_expected_rate", PERCENT, "10y yield component: expected policy rate path"),
    Column("y10_term_premium", PERCENT, "10y yield component: term premium (uncertainty and "
           "supply premia included)"),
    Column("y10_price_pressure", PERCENT, "10y yield component: dealers' price concession"),
    Column("y2_expected_rate", PERCENT, "2y yield component: expected policy rate path (the "
           "Fed's reaction, insurance easing and programme signal included)"),
    Column("y2_term_premium", PERCENT, "2y yield component: term premium"),
    Column("y2_price_pressure", PERCENT, "2y yield component: dealers' price concession"),
    Column("y5_expected_rate", PERCENT, "5y yield component: expected policy rate path"),
    Column("y5_term_premium", PERCENT, "5y yield component: term premium"),
    Column("y5_price_pressure", PERCENT, "5y yield component: dealers' price concession"),
    Column("y30_expected_rate", PERCENT, "30y yield component: expected policy rate path"),
    Column("y30_term_premium", PERCENT, "30y yield component: term premium"),
    Column("y30_price_pressure", PERCENT, "30y yield component: dealers' price concession"),
    Column("y2_supply_premium", PERCENT, "part of the 2y term premium due to duration the "
           "private sector holds beyond its normal path"),
    Column("y5_supply_premium", PERCENT, "part of the 5y term premium due to duration the "
           "private sector holds beyond its normal path"),
    Column("y30_supply_premium", PERCENT, "part of the 30y term premium due to duration the "
           "private sector holds beyond its normal path"),
    Column("fed_room", "0-1", "the Fed's room to ease into uncertainty (1 with inflation at or "
           "below target, 0 at target + fed_room_band_pp)"),
    Column("inflation_expected", PERCENT, "core inflation the market expects: the start plus "
           "tariffs' pass-through"),
    Column("mbs_duration", "years", "effective duration of privately held agency MBS: it "
           "lengthens as rising yields end refinancing (mortgage convexity)"),
    Column("usdjpy", "yen/$", "USD/JPY, yen per dollar (model/fx.py): carry on the 2y "
           "differential, the dollar's risk premium and the day's dollar flows"),
    Column("fx_net_flow", "$bn/day", "net dollars bought through USD/JPY by the Ministry of "
           "Finance (its repatriated sales, -) and Japanese private holders (their unhedged "
           "exposure)"),
    Column("equity_index", "index (100 at the start)", "US equity index (model/equity.py): "
           "falls with the tariffs' growth hit and the risk premium policy uncertainty "
           "carries; in the 2025 scenarios 2 April 2025 = 100; its level never feeds back into "
           "yields"),
    Column("equity_vol", "points", "the equity index's volatility index (VIX-like): "
           "equity_vol_start plus equity_vol_per_uncertainty x uncertainty; leveraged funds' "
           "margins read it relative to equity_vol_start"),
    Column("gain_local_*", "bn own currency", "{}'s result since the start in its own "
           "currency (yen for Japan, renminbi for China): bonds marked to market, coupons and "
           "FX together, with Japan's other reserves (japan_other_reserves_bn) at USD/JPY"),
    Column("y10_supply_premium", PERCENT, "part of the 10y term premium due to duration the "
           "private sector holds beyond its normal path"),
    Column("swap_spread_*", "bp", "{} SOFR swap rate minus the {} Treasury yield: its start "
           "plus the swap rate's own concession to receive/pay-fixed flow, less the "
           "Treasury-specific supply premium and dealer concession"),
    Column("y_*", PERCENT, "{} yield (constant-maturity par bond)"),
    Column("flow_*", BN_FACE_PER_DAY, "net purchases of {} holders (they sum to zero)"),
    Column("absorbed_*", BN_FACE, "cumulative net purchases of {} beyond normal supply "
           "absorption"),
    Column("holdings_*", BN_FACE, "{}'s Treasury holdings"),
    Column("stance_*", "label", "{}'s stance (calm, threatening, selling, holding, ...)"),
    Column("dealer_inventory", BN_FACE, "dealers' inventory above normal"),
    Column("dealer_utilization", "fraction", "dealers' 10y-equivalent inventory over capacity"),
    Column("lf_leverage", "times equity", "leveraged funds' gross leverage (market value over "
           "equity)"),
    Column("lf_forced_sales", BN_FACE_PER_DAY, "leveraged funds' margin-call sales"),
    Column("lf_swap_notional", "$bn notional", "leveraged funds' pay-fixed SOFR swaps: the "
           "size of the swap-spread trade (its cash leg's face)"),
    Column("am_investor_flow", "$bn/day", "asset managers' investor flows (+ inflow)"),
    Column("fed_purchases", BN_FACE_PER_DAY, "Fed purchases (backstop and programmes)"),
    Column("fed_holdings", BN_FACE, "Fed's Treasury holdings (SOMA)"),
    Column("tariff_effective_pp", "percentage points", "import-weighted effective US tariff "
           "rate"),
    Column("tariff_*", PERCENT, "US tariff rate on {} (25 = 25%)", scale=100.0),
    Column("uncertainty", "index", "policy uncertainty (units of `uncertainty_per_tariff_pp` "
           "times tariff points)"),
    Column("vol_10y_bp", "bp/day", "realised daily volatility of the 10y"),
    Column("events", "text", "labels of the events and statements of the day, '; '-separated"),
    Column("admin_pain", "bp-equivalent", "the administration's expected pain: market pain "
           "plus live threats (agents/administration.py)"),
    Column("admin_pain_market", "bp-equivalent", "the administration's pain from the 10y, its "
           "rise, dealer strain, the equity index's drawdown and its tariffs' growth hit"),
    Column("admin_pain_bonds", "bp-equivalent", "the administration's pain from the bond "
           "market: the 10y above its warning line, its 5-day rise, dealer strain"),
    Column("admin_pain_equities", "bp-equivalent", "the administration's pain from the equity "
           "index's drawdown from its high"),
    Column("admin_pain_growth", "bp-equivalent", "the administration's pain from the growth "
           "hit its tariffs imply"),
    Column("admin_pain_threats", "bp-equivalent", "the administration's expected pain from "
           "partners' live threats (the bond pain of each threatened sale, model/threat.py, "
           "x its credibility)"),
    Column("admin_tolerance", "bp-equivalent", "pain beyond which the administration "
           "de-escalates"),
    Column("retaliation_*", PERCENT, "{}'s retaliatory tariff on US goods (25 = 25%)",
           scale=100.0),
    Column("offer_*", PERCENT, "the administration's standing deal offer to {} (the rate "
           "announced when there are no talks)", scale=100.0),
    Column("talks_*", "label", "{}'s standing in the talks (waiting, negotiating, "
           "retaliating, deal)"),
    Column("outstanding_*", BN_FACE, "face outstanding of the {} bucket"),
    Column("held_total_*", BN_FACE, "face held by everyone plus dealers in the {} bucket "
           "(equals outstanding: conservation)"),
)


class UnknownColumnError(KeyError):
    """A column that this registry does not describe."""


def column_entry(name: str) -> Column:
    """The entry describing a column.

    Raises:
        UnknownColumnError: No entry describes it (add one above).

    """
    for column in COLUMNS:
        if column.matches(name):
            return column
    raise UnknownColumnError(name)


def column_info(name: str) -> tuple[str, str]:
    """The unit and meaning of a column (as users receive it).

    Raises:
        UnknownColumnError: No entry describes it (add one above).

    """
    column = column_entry(name)
    return column.unit, column.describe(name)
