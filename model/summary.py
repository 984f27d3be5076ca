"""The per-run summary: the answers a user runs the model for.

Peak 10y and when, the largest 5-day rise, whether and when the 10y crossed 4.5%, how much
foreign official holders sold and who absorbed it, each sovereign's mark-to-market result,
and how much the Fed bought.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from model.reporters import ABSORBERS

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel

WATCHED_LEVEL = 4.5
RISE_WINDOW = 5


def first_crossing(series: pd.Series, level: float) -> int | None:
    """Index of the first step that closes at or above `level` after closing below it."""
    below = series.shift(1) < level
    hits = series.index[(series >= level) & below]
    return int(hits[0]) if len(hits) else None


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
    return {
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
        "lf_forced_sales_bn": round(float(frame["lf_forced_sales"].sum()), 6),
        "max_dealer_utilization": round(float(frame["dealer_utilization"].max()), 6),
        "events_fired": int((frame["events"].str.len() > 0).sum()),
    }
