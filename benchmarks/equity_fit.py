"""Fit the uncertainty state and the equity index to April 2025's VIX and S&P 500.

    .venv/bin/python benchmarks/equity_fit.py [--write]

Policy uncertainty is the model's own state, moved by its events; the VIX measures it in
markets, so the state's dynamics are fitted to the VIX, not to yields (the yields are what
the history suite then checks). The scripted liberation-day-2025 run is deterministic where
the VIX and the index are concerned (uncertainty and tariffs come from the script, not from
the seed):

- `uncertainty_half_life_days`: how fast uncertainty fades, by least squares on the VIX of
  9-30 April 2025 (golden-section search). For each half-life the late-April de-escalation
  news is sized from the VIX (benchmarks/calm_sizes.py) and the two coefficients below are
  refitted, so the fit is of the whole state;
- `uncertainty_first_day_share` and `equity_vol_per_uncertainty`: the VIX from 21.5
  (2 April) to 30.0 (3 April, the first close after Liberation Day) and to 52.3 (8 April).
  The share is how much of a shock markets price on its first day (model/components.py,
  `Uncertainty.shock`), found by bisection; the volatility per unit then follows;
- `uncertainty_arrival_speed`: how fast the rest arrives on the following days, by least
  squares on the VIX of 4 and 7 April (45.3 and 47.0: Liberation Day's news still being
  taken in), golden-section search with the share and scale refitted at each speed. The
  half-life and the speed are fitted in turn, twice (with the calms measured on the model's
  own uncertainty: half-life 4.98 days, speed 0.509; about 20 minutes);
- `equity_pct_per_vol_point` and `equity_pct_per_growth_bp`: the S&P 500's log fall from
  2 April (5,671) to 8 April (4,983) and to 24 April (5,484.77), two equations in two
  unknowns (the growth hit and the volatility move differently between the two dates: the
  pause cut the tariffs, the uncertainty faded).

Sources: VIX in the package's daily data (yieldsim/data/us_market_daily_2012_2025.csv, FRED
VIXCLS); S&P 500 closes of
2 and 8 April from shared/CALIBRATION.md, of 24 April from barchart.com ($SPX quote of
24 April 2025). `--write` regenerates model/equity_fit.py and the calm sizes in
model/scenarios/liberation-day-2025.toml. Every April day's model VIX and index are printed
beside the real ones.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import calm_sizes

from yieldsim.history.data import market_data

SPX = {"2025-04-02": 5671.0, "2025-04-08": 4983.0, "2025-04-24": 5484.77}
VIX = {"2025-04-02": 21.51, "2025-04-03": 30.02, "2025-04-08": 52.33}
ARRIVAL_VIX = {"2025-04-04": 45.31, "2025-04-07": 46.98}  # the arrival speed's own points
DECAY_WINDOW = ("2025-04-09", "2025-04-30")  # the VIX the half-life is fitted to
GENERATED = Path(__file__).resolve().parent.parent / "model" / "equity_fit.py"
ROUNDS = 3  # calm sizes <-> VIX scale: the fixed point is reached in two or three rounds
TURNS = 2   # half-life <-> arrival speed: the second turn moved the half-life by about 2%


def states(share: float, half_life: float, calms: dict[str, float],
           speed: float) -> dict[str, tuple[float, float]]:
    """(growth hit bp, uncertainty) at each close of the scripted run."""
    model = calm_sizes.scripted_run({"uncertainty_first_day_share": share,
                                     "uncertainty_arrival_speed": speed,
                                     "uncertainty_half_life_days": half_life}, calms)
    out = {}
    for _ in range(model.timeline.steps):
        model.step()
        out[model.date_label] = (model.growth_hit_bp, model.uncertainty.level)
    return out


def share_and_scale(half_life: float, calms: dict[str, float],
                    speed: float) -> tuple[float, float]:
    """The first-day share (VIX of 3 April) and the VIX points per unit (of 8 April)."""
    want = (VIX["2025-04-03"] - VIX["2025-04-02"]) / (VIX["2025-04-08"] - VIX["2025-04-02"])
    lo, hi = 0.05, 1.0
    for _ in range(16):  # the model's 3 April share of its 8 April level grows with it
        mid = (lo + hi) / 2.0
        seen = states(mid, half_life, calms, speed)
        if seen["2025-04-03"][1] / seen["2025-04-08"][1] < want:
            lo = mid
        else:
            hi = mid
    share = round((lo + hi) / 2.0, 4)
    level_8 = states(share, half_life, calms, speed)["2025-04-08"][1]
    return share, (VIX["2025-04-08"] - VIX["2025-04-02"]) / level_8


def state_at(half_life: float, speed: float) -> tuple[float, float, dict[str, float]]:
    """Share, scale and calm sizes consistent with each other at this half-life and speed."""
    calms = calm_sizes.sizes(half_life, None, show=False, uncertainty_arrival_speed=speed)
    for _ in range(ROUNDS):
        share, scale = share_and_scale(half_life, calms, speed)
        calms = calm_sizes.sizes(half_life, scale, show=False, uncertainty_arrival_speed=speed,
                                 uncertainty_first_day_share=share)
    return share, scale, calms


def rmse(seen: dict[str, tuple[float, float]], scale: float, vix: pd.Series) -> float:
    """RMSE of a run's VIX against the real one on the given days (points)."""
    model = np.array([VIX["2025-04-02"] + scale * seen[day][1] for day in vix.index])
    return float(np.sqrt(np.mean((model - vix.to_numpy()) ** 2)))


def decay_miss(half_life: float, speed: float, vix: pd.Series) -> float:
    """The VIX miss over DECAY_WINDOW at this half-life, share, scale and calms refitted."""
    share, scale, calms = state_at(half_life, speed)
    return rmse(states(share, half_life, calms, speed), scale,
                vix.loc[DECAY_WINDOW[0]:DECAY_WINDOW[1]])


def arrival_miss(half_life: float, speed: float) -> float:
    """The VIX miss on 4 and 7 April at this speed, share, scale and calms refitted."""
    share, scale, calms = state_at(half_life, speed)
    return rmse(states(share, half_life, calms, speed), scale, pd.Series(ARRIVAL_VIX))


def golden_section(miss: Callable[[float], float], lo: float, hi: float,
                   tolerance: float) -> float:
    """The minimiser of a one-hump miss on [lo, hi], to `tolerance`."""
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    miss_a, miss_b = miss(a), miss(b)
    while hi - lo > tolerance:
        if miss_a < miss_b:
            hi, b, miss_b = b, a, miss_a
            a = hi - ratio * (hi - lo)
            miss_a = miss(a)
        else:
            lo, a, miss_a = a, b, miss_b
            b = lo + ratio * (hi - lo)
            miss_b = miss(b)
    return (lo + hi) / 2.0


def half_life_and_speed(vix: pd.Series) -> tuple[float, float]:
    """The half-life (late-April VIX) and the arrival speed (4 and 7 April), in turn."""
    speed = 1.0
    for _ in range(TURNS):
        days = round(golden_section(lambda d, s=speed: decay_miss(d, s, vix), 2.0, 30.0, 0.05), 3)
        speed = round(golden_section(lambda s, d=days: arrival_miss(d, s), 0.1, 1.0, 0.01), 3)
    return days, speed


def fit() -> tuple[dict[str, float], dict[str, float]]:
    """The coefficients (see the module docstring) and the calm sizes they imply."""
    vix = market_data().observed("vix")
    days, speed = half_life_and_speed(vix)
    share, scale, calms = state_at(days, speed)
    seen = states(share, days, calms, speed)
    print(f"half-life {days} days, arrival speed {speed}: VIX RMSE 9-30 April "
          f"{rmse(seen, scale, vix.loc[DECAY_WINDOW[0]:DECAY_WINDOW[1]]):.2f} points, "
          f"4 and 7 April {rmse(seen, scale, pd.Series(ARRIVAL_VIX)):.2f}")
    g8, u8 = seen["2025-04-08"]
    g24, u24 = seen["2025-04-24"]
    target = [-100.0 * math.log(SPX[d] / SPX["2025-04-02"]) for d in ("2025-04-08", "2025-04-24")]
    a = np.array([[g8, scale * u8], [g24, scale * u24]])
    per_growth, per_vol = np.linalg.solve(a, np.array(target)).tolist()
    return {"equity_vol_per_uncertainty": round(scale, 4),
            "equity_pct_per_vol_point": round(per_vol, 4),
            "equity_pct_per_growth_bp": round(per_growth, 5),
            "uncertainty_first_day_share": share,
            "uncertainty_arrival_speed": speed,
            "uncertainty_half_life_days": days}, calms


def write(values: dict[str, float]) -> None:
    """Regenerate model/equity_fit.py."""
    text = GENERATED.read_text()
    head = text[:text.index("EQUITY_FIT = {")]
    body = "EQUITY_FIT = {\n" + "".join(f'    "{k}": {v!r},\n' for k, v in values.items()) + "}\n"
    GENERATED.write_text(head + body)


def main() -> None:
    """Fit, print the fit and the check, and write if asked."""
    values, calms = fit()
    print(values)
    print("calm sizes:", calms)
    if "--write" in sys.argv:
        write(values)
        calm_sizes.write(calms)
        print(f"wrote {GENERATED} and {calm_sizes.SCENARIO}")
    model = calm_sizes.scripted_run(values, calms)
    model.run()
    frame = model.timeseries().set_index("date")
    vix = market_data().observed("vix")
    print("date        model index  S&P/2Apr  model vol  VIX")
    for date in vix.loc["2025-04-02":"2025-04-30"].index:
        spx = SPX.get(date)
        print(f"{date}  {frame.loc[date, 'equity_index']:10.1f}  "
              f"{'' if spx is None else f'{100 * spx / SPX['2025-04-02']:8.1f}':>8}  "
              f"{frame.loc[date, 'equity_vol']:9.1f}  {vix.loc[date]:5.1f}")


if __name__ == "__main__":
    main()
