"""The per-run summary: the answers a user runs the model for.

Peak 10y and when, the largest 5-day rise, whether and when the 10y crossed 4.5%, how much
foreign official holders sold and who absorbed it, each sovereign's mark-to-market result,
and how much the Fed bought.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from model.orders import ABSORBERS

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel

WATCHED_LEVEL = 4.5
RISE_WINDOW = 5
PERCENT = "percent"
DATE = "date (YYYY-MM-DD)"
BN_FACE = "$bn face"
# The unit of every summary value (a nested table's values share its unit). Written into
# `summary.json` as its `units` map; the sweep results table carries the same per column.
# Rates and tariffs are in percent, like the yields (the model's arithmetic uses fractions).
UNITS: dict[str, str] = {
    "scenario": "name", "start_date": DATE, "end_date": DATE, "steps": "trading days",
    "start_10y": PERCENT, "end_10y": PERCENT, "peak_10y": PERCENT, "peak_10y_date": DATE,
    "trough_10y": PERCENT, "max_5d_rise_10y_bp": "bp", "max_5d_rise_10y_end_date": DATE,
    "crossed_4_5": "true/false", "crossed_4_5_date": DATE,
    "foreign_official_sales_bn": BN_FACE, "foreign_official_trend_sales_bn": BN_FACE,
    "sales_by_sovereign_bn": BN_FACE, "absorbed_by": BN_FACE,
    "mtm_gain_bn": "$bn (market value)", "fed_backstop_bn": BN_FACE,
    "lf_forced_sales_bn": BN_FACE, "fed_programme_bought_bn": BN_FACE,
    "max_dealer_utilization": "fraction of capacity",
    "events_fired": "count (trading days with events)", "policy": "label",
    "first_deescalation_date": DATE, "first_deescalation_10y": PERCENT,
    "first_deescalation_rise_bp": "bp", "deal_dates": DATE,
    "deal_steps": "trading days from the start", "tariff_end": PERCENT,
    "tariff_announced_end": PERCENT, "days_10y_above_warning": "trading days",
    "concession_per_loss": "tariff percentage points won per $bn of own mark-to-market loss",
    "max_admin_pain": "bp-equivalent", "pause_pain_by_channel": "bp-equivalent",
    "max_equity_drawdown_pct": PERCENT,
    "usdjpy_start": "yen/$", "usdjpy_end": "yen/$", "usdjpy_change_pct": PERCENT,
    "gain_local_bn": "bn of the sovereign's own currency (JPY for Japan, CNY for China)",
    "gain_local_in_start_usd_bn": "$bn (the own-currency gain at the start exchange rate)",
    "other_reserves_bn": "$bn (reserves beyond the Treasuries in the own-currency ledger)",
    "other_reserves_gain_local_bn": "bn own currency (the other reserves' part of gain_local)",
    "coupons_bn": "$bn (coupons accrued on the book)",
}


NEGLIGIBLE_LOSS_BN = 1e-6  # $1,000: below it a sovereign lost nothing

def first_crossing(series: pd.Series, level: float) -> int | None:
    """Index of the first step that closes at or above `level` after closing below it."""
    below = series.shift(1) < level
    hits = series.index[(series >= level) & below]
    return int(hits[0]) if len(hits) else None


def max_drawdown_pct(index: pd.Series) -> float:
    """The deepest fall of an index below its running high, percent (0: it never fell)."""
    return float((1.0 - index / index.cummax()).max() * 100.0)


def summarize(model: YieldModel, frame: pd.DataFrame) -> dict[str, Any]:
    """Build the summary of a finished run.

    Args:
        model: The model after its run (for books and cumulative flows).
        frame: Its per-step table.

    Returns:
        A JSON-ready dictionary.

    """
    ten = frame["y_10y"]
    peak = int(ten.idxmax())
    rise = (ten - ten.shift(RISE_WINDOW)) * 100.0
    rise_end = int(rise.idxmax()) if rise.notna().any() else 0
    crossing = first_crossing(ten, WATCHED_LEVEL)
    sales = {key: s.start_face_bn - float(s.holdings.sum()) for key, s in model.sovereigns.items()}
    absorbed = {str(t): round(model.cum_flows[t] - model.cum_normal[t], 6) for t in ABSORBERS}
    trend = sum(s.trend_bn_per_day for s in model.sovereigns.values()) * (len(frame) - 1)
    summary = {
        "scenario": model.timeline.name,
        "start_date": str(frame["date"].iloc[0]),
        "end_date": str(frame["date"].iloc[-1]),
        "steps": int(frame["step"].iloc[-1]),
        "start_10y": round(float(ten.iloc[0]), 6),
        "end_10y": round(float(ten.iloc[-1]), 6),
        "peak_10y": round(float(ten.iloc[peak]), 6),
        "peak_10y_date": str(frame["date"].iloc[peak]),
        "trough_10y": round(float(ten.min()), 6),
        "max_5d_rise_10y_bp": round(float(rise.max()) if rise.notna().any() else 0.0, 6),
        "max_5d_rise_10y_end_date": str(frame["date"].iloc[rise_end]),
        "crossed_4_5": crossing is not None,
        "crossed_4_5_date": None if crossing is None else str(frame["date"].iloc[crossing]),
        "foreign_official_sales_bn": round(sum(sales.values()), 6),
        "foreign_official_trend_sales_bn": round(trend, 6),
        "sales_by_sovereign_bn": {k: round(v, 6) for k, v in sales.items()},
        "absorbed_by": absorbed,
        "mtm_gain_bn": {key: round(s.mtm_gain_bn(model.prices), 6)
                        for key, s in model.sovereigns.items()},
        "fed_backstop_bn": round(model.fed.purchases_total_bn, 6),
        "fed_programme_bought_bn": round(float(model.fed.programme_filled_bn.sum()), 6),
        "lf_forced_sales_bn": round(float(frame["lf_forced_sales"].sum()), 6),
        "max_dealer_utilization": round(float(frame["dealer_utilization"].max()), 6),
        "events_fired": int((frame["events"].str.len() > 0).sum()),
        "max_equity_drawdown_pct": round(max_drawdown_pct(frame["equity_index"]), 6),
        **negotiation(model, frame),
        **own_currency(model, frame),
    }
    summary["units"] = {key: UNITS.get(key, "") for key in summary}
    return summary


def negotiation(model: YieldModel, frame: pd.DataFrame) -> dict[str, Any]:
    """The tariff game's outcome: when the administration gave way, who got a deal, at what.

    `concession_per_loss` covers each sovereign that threatened or sold: tariff points it won
    (the rate announced on it when it first threatened, less the rate announced at the end:
    a pause does not count as won, a deal does) per $bn of its own mark-to-market loss; null
    when it lost nothing. `tariff_end` is the rate in force at the end (a paused rate counts
    at the baseline); `tariff_announced_end` the rate at stake (what applies once a pause ends).
    `pause_pain_by_channel` is the administration's pain by channel (bonds, equities, growth,
    threats) on the day of its first de-escalation: what carried it over its tolerance.
    """
    admin = model.administration
    dates = frame["date"]

    def date_of(step: int | None) -> str | None:
        return None if step is None or step >= len(dates) else str(dates.iloc[step])

    tariff_end = {key: round(100.0 * model.tariffs.rate_on(key), 4) for key in model.partners}
    per_loss: dict[str, float | None] = {}
    for key, sovereign in model.sovereigns.items():
        if not sovereign.threatened or sovereign.threat_rate is None:
            continue
        won_pp = 100.0 * (sovereign.threat_rate - model.tariffs.announced(key))
        loss = -sovereign.mtm_gain_bn(model.prices)
        # Below a thousand dollars a loss is rounding, and points per dollar of it no figure.
        per_loss[key] = round(won_pp / loss, 6) if loss > NEGLIGIBLE_LOSS_BN else None
    warning = model.params.admin_warning_10y
    return {
        "policy": model.params.policy,
        "first_deescalation_date": date_of(admin.first_deescalation_step),
        "first_deescalation_10y": (None if admin.first_deescalation_10y is None
                                   else round(admin.first_deescalation_10y, 6)),
        "first_deescalation_rise_bp": (None if admin.first_deescalation_rise_bp is None
                                       else round(admin.first_deescalation_rise_bp, 6)),
        "deal_dates": {key: date_of(model.deal_steps.get(key)) for key in model.partners},
        "deal_steps": {key: model.deal_steps.get(key) for key in model.partners},
        "tariff_end": tariff_end,
        "tariff_announced_end": {key: round(100.0 * model.tariffs.announced(key), 4)
                                 for key in model.partners},
        "days_10y_above_warning": int((frame["y_10y"] >= warning).sum()),
        "concession_per_loss": per_loss,
        "max_admin_pain": round(float(frame["admin_pain"].max()), 6),
        "pause_pain_by_channel": (None if admin.first_deescalation_pain is None else
                                  {channel: round(value, 6) for channel, value
                                   in admin.first_deescalation_pain.by_channel().items()}),
    }


def own_currency(model: YieldModel, frame: pd.DataFrame) -> dict[str, Any]:
    """The dollar and each sovereign's result in its own currency (issue 22).

    `gain_local_bn` is bonds marked to market, coupons and FX together in yen (Japan) or
    renminbi (China), with Japan's other reserves marked at the day's rate: what the chip
    costs at home. `gain_local_in_start_usd_bn` divides it by the start exchange rate, to set
    beside `mtm_gain_bn` (dollars, bonds only); `other_reserves_gain_local_bn` is the part of
    it that the other reserves' revaluation makes, so the Treasury book's own can be read.
    """
    usdjpy = frame["usdjpy"]
    start = float(usdjpy.iloc[0])
    local = {key: model.local_gain_bn(key) for key in model.ledgers}
    return {
        "usdjpy_start": round(start, 6),
        "usdjpy_end": round(float(usdjpy.iloc[-1]), 6),
        "usdjpy_change_pct": round((float(usdjpy.iloc[-1]) / start - 1.0) * 100.0, 6),
        "gain_local_bn": {key: round(value, 6) for key, value in local.items()},
        "gain_local_in_start_usd_bn": {key: round(value / model.ledgers[key].start_rate, 6)
                                       for key, value in local.items()},
        "coupons_bn": {key: round(ledger.coupons_usd, 6)
                       for key, ledger in model.ledgers.items()},
        "other_reserves_bn": {key: round(ledger.other_usd, 6)
                              for key, ledger in model.ledgers.items()},
        "other_reserves_gain_local_bn": {
            key: round(ledger.other_reserves_gain_local(model.dollar.local_rate(key)), 6)
            for key, ledger in model.ledgers.items()},
    }
