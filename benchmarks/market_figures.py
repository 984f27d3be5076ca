"""The market issue's done-when figures: medians over seeds (default 5000-5031).

    .venv/bin/python benchmarks/market_figures.py [first_seed] [count] [NAME=VALUE ...]

NAME=VALUE pairs override parameters in every run, for sensitivity checks (`tp_loading_2y=0.2`).

liberation-day-2025: the 10y and 2y from 4 to 11 April 2025, the 2y's expected-rate part, the
same week with `frictionless = true` subtracted (the market's own share), the retreat from 11
to 30 April, the daily sd of the 10y from 2 to 30 April, dealers' highest utilisation in April
and the 30y swap spread's change from 2 to 11 April. japan-sells against baseline (backstop
off): the 5y and 10y gaps at the sale's end and the 10y gap's rise when dealer capacity is
$100bn instead of $250bn; baseline's daily 10y sd. fed-purchases-2009 against baseline: the
share of the $300bn bought, the 10y gap at the end and five days after the announcement.
Net issuance doubled for 250 days against baseline: the 10y gap. Figures include the daily
news draw (the calibration's own targets are net of it).
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from functools import partial

import pandas as pd

from model.yieldmodel import YieldModel

SALE_END_STEP = 40       # japan-sells: $100bn over 21 days from step 20 (the last sale day)
PROGRAMME_START = 20     # fed-purchases-2009: announced at step 20, 150 operation days
DOUBLED_ISSUANCE = 14.4  # $bn a day: twice the default net issuance


def _frame(scenario: str, seed: int, steps: int, **settings: object) -> tuple[pd.DataFrame,
                                                                               YieldModel]:
    model = YieldModel(scenario=scenario, rng=seed, **settings)
    model.run(steps)
    frame = model.timeseries()
    return frame.set_index(pd.to_datetime(frame["date"])), model


def _change(frame: pd.DataFrame, column: str, start: str, end: str) -> float:
    return float(frame.loc[end, column] - frame.loc[start, column]) * 100.0


def april(seed: int, settings: dict[str, object]) -> dict[str, float]:
    """The April 2025 figures for one seed."""
    run, _ = _frame("liberation-day-2025", seed, 45, **settings)
    still, _ = _frame("liberation-day-2025", seed, 45, **settings | {"frictionless": True})
    daily = run.loc["2025-04-02":"2025-04-30", "y_10y"].diff().dropna() * 100.0
    week = ("2025-04-04", "2025-04-11")
    return {
        "rise_10y_bp": _change(run, "y_10y", *week),
        "rise_2y_bp": _change(run, "y_2y", *week),
        "rise_2y_expected_bp": _change(run, "y2_expected_rate", *week),
        "market_share_bp": _change(run, "y_10y", *week) - _change(still, "y_10y", *week),
        "retreat_10y_bp": _change(run, "y_10y", "2025-04-11", "2025-04-30"),
        "retreat_2y_bp": _change(run, "y_2y", "2025-04-11", "2025-04-30"),
        "april_sd_10y_bp": float(daily.std()),
        "april_max_utilization": float(run.loc["2025-04-01":"2025-04-30",
                                               "dealer_utilization"].max()),
        "swap_spread_30y_change_bp": float(run.loc["2025-04-11", "swap_spread_30y"]
                                           - run.loc["2025-04-02", "swap_spread_30y"]),
    }


def sale(seed: int, settings: dict[str, object]) -> dict[str, float]:
    """The Japan-sale figures for one seed, at two dealer capacities."""
    gaps = {}
    for capacity in (250.0, 100.0):
        sale_settings = settings | {"dealer_capacity_bn": capacity, "fed_backstop": False}
        sells, _ = _frame("japan-sells", seed, SALE_END_STEP + 1, **sale_settings)
        calm, _ = _frame("baseline", seed, SALE_END_STEP + 1, **sale_settings)
        gaps[capacity] = [(sells[b].iloc[SALE_END_STEP] - calm[b].iloc[SALE_END_STEP]) * 100.0
                          for b in ("y_5y", "y_10y")]
    calm, _ = _frame("baseline", seed, 125, **settings)
    return {"japan_gap_5y_bp": gaps[250.0][0], "japan_gap_10y_bp": gaps[250.0][1],
            "capacity_effect_10y_bp": gaps[100.0][1] - gaps[250.0][1],
            "baseline_sd_10y_bp": float(calm["y_10y"].diff().std() * 100.0)}


def fed_and_supply(seed: int, settings: dict[str, object]) -> dict[str, float]:
    """The Fed programme's and doubled issuance's figures for one seed."""
    steps = PROGRAMME_START + 150
    bought, model = _frame("fed-purchases-2009", seed, steps, **settings)
    calm, _ = _frame("baseline", seed, steps, **settings)
    gap = (bought["y_10y"].to_numpy() - calm["y_10y"].to_numpy()) * 100.0
    doubled, _ = _frame("baseline", seed, 250,
                        **settings | {"treasury_net_issuance_bn_per_day": DOUBLED_ISSUANCE})
    normal, _ = _frame("baseline", seed, 250, **settings)
    return {"fed_bought_share": float(model.fed.programme_filled_bn.sum() / 300.0),
            "fed_gap_end_bp": float(gap[steps - 1]),
            "fed_gap_5_days_bp": float(gap[PROGRAMME_START + 5]),
            "issuance_doubled_gap_bp": float(doubled["y_10y"].iloc[-1]
                                             - normal["y_10y"].iloc[-1]) * 100.0}


def main() -> None:
    """Run the seeds in parallel and print the medians."""
    first = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    settings = dict(arg.split("=", 1) for arg in sys.argv[3:])
    seeds = range(first, first + count)
    with ProcessPoolExecutor(2) as pool:
        rows = [a | b | c for a, b, c in zip(pool.map(partial(april, settings=settings), seeds),
                                             pool.map(partial(sale, settings=settings), seeds),
                                             pool.map(partial(fed_and_supply, settings=settings),
                                                      seeds), strict=True)]
    table = pd.DataFrame(rows)
    print(f"seeds {first}-{first + count - 1}: medians" + (f" with {settings}" if settings else ""))
    print(table.median().round(2).to_string())
    share = (table["rise_2y_expected_bp"] / table["rise_2y_bp"]).median()
    print(f"2y expected-rate share of its 4-11 April rise (median of ratios): {share:.2f}")


if __name__ == "__main__":
    main()
