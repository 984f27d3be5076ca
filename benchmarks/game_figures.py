"""The issue-23 figures for the tariff game: medians over seeds (default 6000-6031).

    .venv/bin/python benchmarks/game_figures.py [first_seed] [count] [NAME=VALUE ...]

Runs liberation-day-endogenous under seven settings - as is, with `admin_watches_markets =
false`, with the bond sell-off removed (`tp_bp_per_uncertainty = 0`), with the bond or the
equity channel's weight at zero, and with Japan's resolve at 0 and at 1 (the chip's worth in
rate: Japan's median deal rate, and what it weighed on the day it accepted: the offer's
expected fall by the next day and the day's hazard) - each on top of any NAME=VALUE overrides
given, and prints
for each: the share of seeds whose first
de-escalation falls within 5 trading days of 9 April 2025, the share de-escalating by
30 April, the median first de-escalation date (seeds without one count as later than every
date), the median of `pause_pain_by_channel` over the seeds that de-escalated, and the share
of seeds with a deal with China within 10 trading days of 12 May (Geneva) and with Japan
within 15 of 22 July; as checks, with the EU (27 July), Korea (30 July) and Vietnam (2 July)
within 15; and for each partner the share of seeds with a deal, its median date and its
median deal rate (a rate some run's deal was struck at).
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np

from model.calendar import TradingCalendar
from model.summary import summarize
from model.yieldmodel import YieldModel

SCENARIO = "liberation-day-endogenous"
PAUSE, BY = "2025-04-09", "2025-04-30"
WINDOW = 5
VARIANTS = {"as is": {}, "admin_watches_markets=false": {"admin_watches_markets": False},
            "tp_bp_per_uncertainty=0": {"tp_bp_per_uncertainty": 0.0},
            "admin_weight_bonds=0": {"admin_weight_bonds": 0.0},
            "admin_weight_equities=0": {"admin_weight_equities": 0.0},
            "japan_resolve=0": {"japan_resolve": 0.0},
            "japan_resolve=1": {"japan_resolve": 1.0}}
# Deals the game is checked against (CALIBRATION.md): date, window in trading days.
DEALS = {"china": ("2025-05-12", 10), "japan": ("2025-07-22", 15),
         # checks, fitted by nothing: the EU, Korea and Vietnam deals of July 2025
         "european_union": ("2025-07-27", 15), "korea_south": ("2025-07-30", 15),
         "vietnam": ("2025-07-02", 15)}


def run(seed: int, settings: dict[str, Any]) -> dict[str, Any]:
    """One run's summary (the game's part)."""
    model = YieldModel(scenario=SCENARIO, rng=seed, **settings)
    model.run()
    summary = summarize(model, model.timeseries())
    out = {key: summary[key] for key in ("first_deescalation_date", "pause_pain_by_channel",
                                         "deal_dates")}
    out["deal_rates"] = {key: model.tariffs.rate_on(key) for key in model.tariffs.deals}
    # what Japan weighed on its last day of talks (the day it accepted, if it did)
    outlook = model.administration.outlooks.get("japan")
    out["japan_outlook"] = None if outlook is None else vars(outlook)
    pain = model.administration.first_deescalation_pain
    if pain is not None:  # the bond channel's three terms, for the table in docs/game.md
        out["pause_pain_by_channel"] = {**out["pause_pain_by_channel"], "bonds: level":
                                        pain.level, "bonds: rise": pain.rise,
                                        "bonds: strain": pain.strain}
    return out


def figures(results: list[dict[str, Any]], calendar: TradingCalendar) -> dict[str, Any]:
    """The shares and medians of one variant."""
    pause = calendar.step_of(PAUSE)
    steps = [None if r["first_deescalation_date"] is None
             else calendar.step_of(r["first_deescalation_date"]) for r in results]
    big = 10 ** 6
    ordered = sorted(big if s is None else s for s in steps)
    n = len(ordered)
    median = ordered[(n - 1) // 2] if n % 2 else None
    lo, hi = ordered[n // 2 - 1], ordered[n // 2]

    def label(step: int) -> str:
        return "none" if step >= big else calendar.label(step)

    median_text = label(median) if median is not None else (
        label(lo) if lo == hi else f"between {label(lo)} and {label(hi)}")
    channels = [r["pause_pain_by_channel"] for r in results if r["pause_pain_by_channel"]]
    deals = {}
    for key, (date, window) in DEALS.items():
        target = calendar.step_of(date)
        deals[f"{key}_deal_within_{window}_days_of_{date}"] = sum(
            r["deal_dates"].get(key) is not None
            and abs(calendar.step_of(r["deal_dates"][key]) - target) <= window
            for r in results) / n
        dated = sorted(calendar.step_of(r["deal_dates"][key]) for r in results
                       if r["deal_dates"].get(key) is not None)
        # the lower middle of the runs with a deal: a date some run had
        deals[f"{key}_median_deal_date"] = (calendar.label(dated[(len(dated) - 1) // 2])
                                            if dated else "none")
        deals[f"{key}_share_with_a_deal"] = len(dated) / n
        rates = sorted(r["deal_rates"][key] for r in results if key in r["deal_rates"])
        deals[f"{key}_median_deal_rate_pct"] = (round(100 * rates[(len(rates) - 1) // 2], 1)
                                                if rates else "none")
    weighed = [r["japan_outlook"] for r in results
               if r["japan_outlook"] is not None and "japan" in r["deal_rates"]]
    if weighed:  # the lower middle of each, over the runs with a Japan deal
        deals["japan_at_its_deal_median"] = {
            k: round(sorted(w[k] for w in weighed)[(len(weighed) - 1) // 2], 5)
            for k in ("rate_now", "announced", "pace", "hazard")}
    return {
        "within_5_days_of_9_april": sum(s is not None and abs(s - pause) <= WINDOW
                                        for s in steps) / n,
        "by_30_april": sum(s is not None and s <= calendar.step_of(BY) for s in steps) / n,
        "none": sum(s is None for s in steps) / n,
        "median_first_deescalation": median_text,
        "median_pause_pain_by_channel": {
            k: round(float(np.median([c[k] for c in channels])), 1)
            for k in (channels[0] if channels else {})},
        **deals,
    }


def main() -> None:
    """Run the three variants and print their figures."""
    args = sys.argv[1:]
    numbers = [a for a in args if "=" not in a]
    first = int(numbers[0]) if numbers else 6000
    count = int(numbers[1]) if len(numbers) > 1 else 32
    extra: dict[str, Any] = {}
    for a in args:
        if "=" in a:
            name, value = a.split("=", 1)
            extra[name] = value
    calendar = YieldModel(scenario=SCENARIO, rng=0, n_funds=30).calendar
    seeds = list(range(first, first + count))
    with ProcessPoolExecutor(max_workers=2) as pool:
        for name, settings in VARIANTS.items():
            merged = {**extra, **settings}
            results = list(pool.map(run, seeds, [merged] * len(seeds)))
            print(f"{name} ({count} seeds from {first}; {extra or 'defaults'}):")
            for key, value in figures(results, calendar).items():
                print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
