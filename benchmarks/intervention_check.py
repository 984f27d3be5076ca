"""How far Japan's interventions moved USD/JPY per $100bn: a check of `fx_impact_pct_per_100bn`.

    .venv/bin/python benchmarks/intervention_check.py

The parameter turns the dollars a sovereign sells for its own currency into a move of USD/JPY.
Its default was read from one episode (April-May 2024). This script measures the same ratio
on all four of Japan's dollar-selling interventions of 2022-2024, the same way for each, from
the shipped FRED data (`yieldsim/data/us_market_daily_2012_2025.csv`): the change of the
noon fix (DEXJPUS) from the last fix before the first operation to the first fix after the
last, less the part the model's carry explains (`fx_carry_pct_per_100bp` times the 2y's
change over the same days, DGS2 closes), divided by the dollars sold (the Ministry's yen
amounts at the window's first fix). Windows of one to four trading days; each also carries
other news (the FOMC of 21 September 2022, US CPI on 11 July 2024), which the carry term
removes only as far as it moved the 2y. The standard error of the pooled figure takes the
model's calm daily FX news (`fx_noise_pct_per_day`) as the noise of each window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from model.params import ModelParams
from yieldsim.history.data import market_data

SOURCE = ("Japan Ministry of Finance, Foreign Exchange Intervention Operations: the daily "
          "amounts of yen bought with dollars, as published after each quarter")


@dataclass(frozen=True)
class Intervention:
    """One episode: its operations' yen amounts and the noon fixes around them."""

    name: str
    before: str              # last noon fix before the first operation
    after: str               # first noon fix after the last operation
    yen_bn: tuple[float, ...]  # the operations, ¥bn of yen bought


INTERVENTIONS = (
    Intervention("22 Sep 2022", "2022-09-21", "2022-09-22", (2838.2,)),
    Intervention("21 and 24 Oct 2022", "2022-10-20", "2022-10-24", (5620.2, 729.6)),
    Intervention("29 Apr and 1 May 2024", "2024-04-26", "2024-05-02", (5917.5, 3871.0)),
    Intervention("11 and 12 Jul 2024", "2024-07-10", "2024-07-12", (3167.8, 2367.0)),
)


def measure(data: pd.DataFrame, params: ModelParams) -> pd.DataFrame:
    """One row per intervention: dollars sold, the move, the carry part and the ratio."""
    rows = []
    for op in INTERVENTIONS:
        first, last = data.loc[op.before], data.loc[op.after]
        sold_bn = sum(op.yen_bn) / first["usdjpy"]
        move_pct = math.log(last["usdjpy"] / first["usdjpy"]) * 100.0
        carry_pct = params.fx_carry_pct_per_100bp * (last["y_2y"] - first["y_2y"])
        days = int(((data.index > op.before) & (data.index <= op.after)
                    & data["usdjpy"].notna()).sum())
        rows.append({"episode": op.name, "trading_days": days, "sold_bn": sold_bn,
                     "usdjpy_pct": move_pct, "carry_pct": carry_pct,
                     "flow_pct": move_pct - carry_pct,
                     "pct_per_100bn": -(move_pct - carry_pct) / sold_bn * 100.0})
    return pd.DataFrame(rows)


def main() -> None:
    """Print the table, the pooled ratio with its standard error, and the default."""
    data = market_data().frame
    params = ModelParams()
    table = measure(data, params)
    sold = table["sold_bn"].sum()
    pooled = -table["flow_pct"].sum() / sold * 100.0
    noise = params.fx_noise_pct_per_day * math.sqrt(table["trading_days"].sum())
    print(table.round(2).to_string(index=False))
    print(f"pooled: {pooled:.1f}% per $100bn (standard error {noise / sold * 100.0:.1f}), "
          f"over ${sold:.0f}bn; the default fx_impact_pct_per_100bn is "
          f"{params.fx_impact_pct_per_100bn:g}")
    print(f"source of the amounts: {SOURCE}")


if __name__ == "__main__":
    main()
