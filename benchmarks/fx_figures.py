"""The issue-22 done-when figures for the dollar: medians over seeds (default 5000-5031).

    .venv/bin/python benchmarks/fx_figures.py [first_seed] [count] [NAME=VALUE ...]

NAME=VALUE pairs override parameters in every run, for sensitivity checks.

liberation-day-2025: USD/JPY % change 2->11 April 2025, the 10y's change over the same days,
the correlation of daily 10y changes and daily log USD/JPY changes over 2-30 April (from 3
April too, without Liberation Day's first close; and in
`baseline` over the same dates); trade-war-2019: USD/JPY % change 3 May -> 3 September 2019;
japan-sells (fed_backstop off) against baseline (fed_backstop off, same seed): USD/JPY gap at
the end of the sale and at the end, and Japan's loss in yen against its dollar bond loss, at the end
of the run and on the sale's last day.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from functools import partial

import numpy as np
import pandas as pd

from model.summary import summarize
from model.yieldmodel import YieldModel

SALE_END_STEP = 41  # japan-sells: $100bn over 21 days from step 20


def _run(scenario: str, seed: int, steps: int | None = None,
         **settings: object) -> tuple[YieldModel, pd.DataFrame]:
    model = YieldModel(scenario=scenario, rng=seed, **settings)
    model.run(steps)
    return model, model.timeseries().set_index("date")


def _change(frame: pd.DataFrame, start: str, end: str) -> float:
    return (frame["usdjpy"][end] / frame["usdjpy"][start] - 1.0) * 100.0


def _corr(frame: pd.DataFrame, start: str, end: str) -> float:
    window = frame.loc[start:end]
    return float(np.corrcoef(np.diff(window["y_10y"]), np.diff(np.log(window["usdjpy"])))[0, 1])


def figures(seed: int, settings: dict[str, object]) -> dict[str, float]:
    """Every figure for one seed."""
    out: dict[str, float] = {}
    _, lib = _run("liberation-day-2025", seed, **settings)
    out["lib_usdjpy_2_11_apr_pct"] = _change(lib, "2025-04-02", "2025-04-11")
    out["lib_10y_2_11_apr_bp"] = (lib["y_10y"]["2025-04-11"] - lib["y_10y"]["2025-04-02"]) * 100
    out["lib_corr_2_30_apr"] = _corr(lib, "2025-04-02", "2025-04-30")
    out["lib_corr_3_30_apr"] = _corr(lib, "2025-04-03", "2025-04-30")  # without 3 April's move
    out["lib_corr_4_11_apr"] = _corr(lib, "2025-04-04", "2025-04-11")
    _, base = _run("baseline", seed, **settings)
    out["baseline_corr_2_30_apr"] = _corr(base, "2025-04-02", "2025-04-30")
    out["baseline_corr_all"] = _corr(base, base.index[0], base.index[-1])
    _, war = _run("trade-war-2019", seed, **settings)
    out["war_usdjpy_3may_3sep_pct"] = _change(war, "2019-05-03", "2019-09-03")
    out["war_10y_3may_3sep_bp"] = (war["y_10y"]["2019-09-03"] - war["y_10y"]["2019-05-03"]) * 100
    sells, s_frame = _run("japan-sells", seed, **settings | {"fed_backstop": False})
    calm, c_frame = _run("baseline", seed, **settings | {"fed_backstop": False})
    s_sum, c_sum = summarize(sells, s_frame.reset_index()), summarize(calm, c_frame.reset_index())
    out["sells_usdjpy_gap_sale_end_pct"] = (s_frame["usdjpy"].iloc[SALE_END_STEP]
                                            / c_frame["usdjpy"].iloc[SALE_END_STEP] - 1) * 100
    out["sells_usdjpy_gap_end_pct"] = (s_frame["usdjpy"].iloc[-1] / c_frame["usdjpy"].iloc[-1]
                                       - 1) * 100
    out["sells_japan_usd_bond_loss_bn"] = -(s_sum["mtm_gain_bn"]["japan"]
                                           - c_sum["mtm_gain_bn"]["japan"])
    out["sells_japan_yen_loss_bn_yen"] = -(s_sum["gain_local_bn"]["japan"]
                                          - c_sum["gain_local_bn"]["japan"])
    out["sells_japan_yen_loss_in_start_usd_bn"] = -(
        s_sum["gain_local_in_start_usd_bn"]["japan"]
        - c_sum["gain_local_in_start_usd_bn"]["japan"])
    rate = s_frame["usdjpy"].iloc[0]
    bond_at_sale_end = -(s_frame["gain_local_japan"].iloc[SALE_END_STEP]
                         - c_frame["gain_local_japan"].iloc[SALE_END_STEP]) / rate
    out["sells_japan_yen_loss_sale_end_in_start_usd_bn"] = bond_at_sale_end
    out["sells_yen_to_dollar_loss_ratio"] = (out["sells_japan_yen_loss_in_start_usd_bn"]
                                             / out["sells_japan_usd_bond_loss_bn"])
    # The same two figures on the sale's last day (the models stopped there).
    ended = [_run(name, seed, SALE_END_STEP, **settings | {"fed_backstop": False})
             for name in ("japan-sells", "baseline")]
    s_end, c_end = (summarize(model, frame.reset_index()) for model, frame in ended)
    out["sells_japan_usd_bond_loss_sale_end_bn"] = -(s_end["mtm_gain_bn"]["japan"]
                                                    - c_end["mtm_gain_bn"]["japan"])
    out["sells_yen_to_dollar_loss_ratio_sale_end"] = -(
        s_end["gain_local_in_start_usd_bn"]["japan"]
        - c_end["gain_local_in_start_usd_bn"]["japan"]) / out[
            "sells_japan_usd_bond_loss_sale_end_bn"]
    # The same without the other reserves' revaluation: the Treasury book's own yen result.
    other = -(s_end["other_reserves_gain_local_bn"]["japan"]
              - c_end["other_reserves_gain_local_bn"]["japan"]) / rate
    out["sells_other_reserves_loss_sale_end_in_start_usd_bn"] = other
    out["sells_treasuries_only_ratio_sale_end"] = (
        out["sells_yen_to_dollar_loss_ratio_sale_end"]
        - other / out["sells_japan_usd_bond_loss_sale_end_bn"])
    return out


def main() -> None:
    """Run the seeds in parallel and print the medians (and the share of seeds per sign)."""
    first = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    settings = dict(arg.split("=", 1) for arg in sys.argv[3:])
    with ProcessPoolExecutor() as pool:
        rows = list(pool.map(partial(figures, settings=settings), range(first, first + count)))
    table = pd.DataFrame(rows)
    print(f"seeds {first}-{first + count - 1}" + (f" with {settings}" if settings else ""))
    print(pd.DataFrame({"median": table.median(), "p10": table.quantile(0.1),
                        "p90": table.quantile(0.9), "share<0": (table < 0).mean()}).round(3)
          .to_string())


if __name__ == "__main__":
    main()
