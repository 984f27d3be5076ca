"""Fit the equity index (model/equity.py) to April 2025: four coefficients, four facts.

    .venv/bin/python benchmarks/equity_fit.py [--write]

The scripted liberation-day-2025 run is deterministic where the index is concerned (its
uncertainty and tariffs come from the script, not from the seed), so the fit is exact:

- `uncertainty_first_day_share` and `equity_vol_per_uncertainty`: the VIX from 21.5
  (2 April) to 30.0 (3 April, the first close after Liberation Day) and to 52.3 (8 April
  2025). The share is how much of a shock markets price on its first day (model/components.py,
  `Uncertainty.shock`); it is found by bisection, the volatility per unit then follows;
- `equity_pct_per_vol_point` and `equity_pct_per_growth_bp`: the S&P 500's log fall from
  2 April (5,671) to 8 April (4,983) and to 24 April (5,484.77), two equations in two
  unknowns (the growth hit and the volatility move differently between the two dates: the
  pause cut the tariffs, the uncertainty faded).

Sources: VIX in yieldsim/data/us_market_daily_2012_2025.csv (FRED VIXCLS); S&P 500 closes of
2 and 8 April from shared/CALIBRATION.md, of 24 April from barchart.com ($SPX quote of
24 April 2025). `--write` regenerates model/equity_fit.py. The other April closes are printed
beside the model's as a check (VIX from the data file; not fitted).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

from model.yieldmodel import YieldModel

SPX = {"2025-04-02": 5671.0, "2025-04-08": 4983.0, "2025-04-24": 5484.77}
VIX = {"2025-04-02": 21.51, "2025-04-03": 30.02, "2025-04-08": 52.33}
CHECK_VIX = {"2025-04-04": 45.31, "2025-04-07": 46.98, "2025-04-09": 33.62,
             "2025-04-11": 37.56, "2025-04-24": 26.47, "2025-04-30": 24.7}
GENERATED = Path(__file__).resolve().parent.parent / "model" / "equity_fit.py"


def states(first_day_share: float) -> dict[str, tuple[float, float]]:
    """(growth hit bp, uncertainty) at each April close of the scripted run."""
    model = YieldModel(scenario="liberation-day-2025", rng=7, n_funds=300,
                       uncertainty_first_day_share=first_day_share)
    out = {}
    for _ in range(model.timeline.steps):
        model.step()
        out[model.date_label] = (model.growth_hit_bp, model.uncertainty.level)
    return out


def first_day_share() -> float:
    """The share that puts the VIX of 3 April where it was, given the 8 April fit.

    The model's VIX of 3 April over its rise to 8 April grows with the share: bisect.
    """
    want = (VIX["2025-04-03"] - VIX["2025-04-02"]) / (VIX["2025-04-08"] - VIX["2025-04-02"])
    lo, hi = 0.05, 1.0
    for _ in range(30):
        mid = (lo + hi) / 2.0
        seen = states(mid)
        if seen["2025-04-03"][1] / seen["2025-04-08"][1] < want:
            lo = mid
        else:
            hi = mid
    return round((lo + hi) / 2.0, 4)


def fit() -> dict[str, float]:
    """The four coefficients (see the module docstring)."""
    share = first_day_share()
    seen = states(share)
    g8, u8 = seen["2025-04-08"]
    g24, u24 = seen["2025-04-24"]
    vol_per_u = (VIX["2025-04-08"] - VIX["2025-04-02"]) / u8
    target = [-100.0 * math.log(SPX[d] / SPX["2025-04-02"]) for d in ("2025-04-08", "2025-04-24")]
    a = np.array([[g8, vol_per_u * u8], [g24, vol_per_u * u24]])
    per_growth, per_vol = np.linalg.solve(a, np.array(target)).tolist()
    return {"equity_vol_per_uncertainty": round(vol_per_u, 4),
            "equity_pct_per_vol_point": round(per_vol, 4),
            "equity_pct_per_growth_bp": round(per_growth, 5),
            "uncertainty_first_day_share": share}


def write(values: dict[str, float]) -> None:
    """Regenerate model/equity_fit.py."""
    text = GENERATED.read_text()
    head = text[:text.index("EQUITY_FIT = {")]
    body = "EQUITY_FIT = {\n" + "".join(f'    "{k}": {v!r},\n' for k, v in values.items()) + "}\n"
    GENERATED.write_text(head + body)


def main() -> None:
    """Fit, print the fit and the check, and write if asked."""
    values = fit()
    print(values)
    if "--write" in sys.argv:
        write(values)
        print(f"wrote {GENERATED}")
    model = YieldModel(scenario="liberation-day-2025", rng=7, n_funds=300, **values)
    model.run()
    frame = model.timeseries().set_index("date")
    print("date        model index  S&P/2Apr  model vol  VIX")
    for date in sorted(set(SPX) | set(VIX) | set(CHECK_VIX)):
        spx = SPX.get(date)
        vix = VIX.get(date, CHECK_VIX.get(date))
        print(f"{date}  {frame.loc[date, 'equity_index']:10.1f}  "
              f"{'' if spx is None else f'{100 * spx / SPX['2025-04-02']:8.1f}':>8}  "
              f"{frame.loc[date, 'equity_vol']:9.1f}  {vix:5.1f}")


if __name__ == "__main__":
    main()
