"""`fx_impact_pct_per_100bn` from Japan's interventions: fitted on one, checked on three.

    .venv/bin/python -m yieldsim.calibration.interventions

The parameter turns the dollars a sovereign sells for its own currency into a move of USD/JPY.
Japan's Ministry of Finance sold dollars for yen four times in 2022-2024. Each is measured the
same way from the shipped FRED data (`yieldsim/data/us_market_daily_2012_2025.csv`): the
change of the noon fix (DEXJPUS) from the last fix before the first operation to the first
fix after the last, less the part the model's carry explains (`fx_carry_pct_per_100bp` times
the 2y's change over the same days, DGS2 closes), divided by the dollars sold (the Ministry's
yen amounts at the window's first fix). The windows are one to four trading days, so the
figure is the effect that lasts days, the horizon of a sale spread over weeks, not the
intraday spike. Each window also carries other news (the FOMC of 21 September 2022, US CPI
on 11 July 2024), which the carry term removes only as far as it moved the 2y.

April-May 2024, the largest, is the fit (the default is its figure, rounded; a test keeps
them equal); the other three are checks, pooled (their moves summed over their dollars). The
standard error of a pooled figure takes the model's calm daily FX news
(`fx_noise_pct_per_day`) as each window's noise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from model.params import ModelParams
from yieldsim.history.data import market_data

SOURCE = ("Japan Ministry of Finance, Foreign Exchange Intervention Operations: the daily "
          "amounts of yen bought with dollars, as published after each quarter")
FIT, CHECK = "fit", "check"


@dataclass(frozen=True)
class Intervention:
    """One episode: its operations' yen amounts and the noon fixes around them.

    Attributes:
        name: The operations' dates.
        before: The last noon fix before the first operation (ISO date).
        after: The first noon fix after the last operation (ISO date).
        yen_bn: Each operation's yen bought, ¥bn.
        role: FIT or CHECK.

    """

    name: str
    before: str
    after: str
    yen_bn: tuple[float, ...]
    role: str = CHECK


INTERVENTIONS = (
    Intervention("22 Sep 2022", "2022-09-21", "2022-09-22", (2838.2,)),
    Intervention("21 and 24 Oct 2022", "2022-10-20", "2022-10-24", (5620.2, 729.6)),
    Intervention("29 Apr and 1 May 2024", "2024-04-26", "2024-05-02", (5917.5, 3871.0), FIT),
    Intervention("11 and 12 Jul 2024", "2024-07-10", "2024-07-12", (3167.8, 2367.0)),
)


def measure(data: pd.DataFrame, params: ModelParams,
            interventions: tuple[Intervention, ...] = INTERVENTIONS) -> pd.DataFrame:
    """One row per intervention: dollars sold, the move, the carry part and the ratio.

    Args:
        data: Daily rows by ISO date with `usdjpy` and `y_2y` (percent), as `market_data()`.
        params: Where the carry coefficient comes from.
        interventions: The episodes to measure.

    """
    rows = []
    for op in interventions:
        first, last = data.loc[op.before], data.loc[op.after]
        sold_bn = sum(op.yen_bn) / first["usdjpy"]
        move_pct = math.log(last["usdjpy"] / first["usdjpy"]) * 100.0
        carry_pct = params.fx_carry_pct_per_100bp * (last["y_2y"] - first["y_2y"])
        days = int(((data.index > op.before) & (data.index <= op.after)
                    & data["usdjpy"].notna()).sum())
        rows.append({"episode": op.name, "role": op.role, "trading_days": days,
                     "sold_bn": sold_bn, "usdjpy_pct": move_pct, "carry_pct": carry_pct,
                     "flow_pct": move_pct - carry_pct,
                     "pct_per_100bn": -(move_pct - carry_pct) / sold_bn * 100.0})
    return pd.DataFrame(rows)


def pooled(table: pd.DataFrame, params: ModelParams) -> tuple[float, float]:
    """The rows' moves over their dollars, % per $100bn, and its standard error."""
    sold = table["sold_bn"].sum()
    noise = params.fx_noise_pct_per_day * math.sqrt(table["trading_days"].sum())
    return -table["flow_pct"].sum() / sold * 100.0, noise / sold * 100.0


def main() -> None:
    """Print the table, the fit, the checks pooled, and the default."""
    params = ModelParams()
    table = measure(market_data().frame, params)
    fit, fit_se = pooled(table[table["role"] == FIT], params)
    check, check_se = pooled(table[table["role"] == CHECK], params)
    print(table.round(2).to_string(index=False))
    print(f"fit ({table.loc[table['role'] == FIT, 'episode'].iloc[0]}): {fit:.2f}% per $100bn "
          f"(standard error {fit_se:.1f}); the default fx_impact_pct_per_100bn is "
          f"{params.fx_impact_pct_per_100bn:g}")
    print(f"checks pooled: {check:.2f}% per $100bn (standard error {check_se:.1f})")
    print(f"source of the amounts: {SOURCE}")


if __name__ == "__main__":
    main()
