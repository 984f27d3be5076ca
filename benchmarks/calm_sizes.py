"""Measure the late-April 2025 de-escalation news in uncertainty units from the VIX.

    .venv/bin/python benchmarks/calm_sizes.py [--write]

Each `calm` event of liberation-day-2025 after the pause removes uncertainty. Its size is
read from the VIX on the day markets traded it, on the model's own scale: the level the VIX
implies is (VIX - equity_vol_start) / equity_vol_per_uncertainty (both in model/params.py,
the second fitted to April 2025 by benchmarks/equity_fit.py), and the day's calm is what
brings the model's own level at that close down to it. The model's level is the scenario run
itself (news off, seed 7), so it carries everything that moves uncertainty between the calm
days: the daily decay, and the escalations of 9 and 11 April still arriving
(`uncertainty_arrival_speed`), which a calm also scales down. The days are solved in order,
each by bisection with the earlier days' calms in place. Two events on one day share that
day's calm in the proportion the scenario gives them. The VIX is an input here, like the
tariff schedule; the yields are what the history suite then checks.

The one uncertainty-raising event after the pause, the Japanese finance minister's remark of
2 May 2025 that Treasuries "could be among" Japan's cards (event `kato`, a `statement`), is
measured the same way: its size is what brings the model's level at the close of 6 May, with
the calms in place, up to the VIX's that day. The package's data end on 30 April, so the two
May closes are stated here with their source (`MAY_VIX`).

Source: the package's daily data (yieldsim/data/us_market_daily_2012_2025.csv, FRED
VIXCLS). `--write` puts the sizes into model/scenarios/liberation-day-2025.toml (rounded to
0.001).
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

from model.params import ModelParams
from model.yieldmodel import YieldModel
from yieldsim.history.data import market_data

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "model" / "scenarios" / "liberation-day-2025.toml"
FIRST = "2025-04-12"  # after the pause, whose calm is the pause's own
BISECTIONS = 14  # a day's calm to within 1e-4 of the level: below the 0.001 written
# Cboe VIX closes after the package's data end (Cboe VIX daily history, FRED VIXCLS; as
# reported by mypivots.com's daily VIX notes: 24.60 on 1 May, 22.68 on 2 May, 23.64 on 5 May,
# 22.48 on 8 May, 21.90 on 9 May; and by "VIX Report", 9 May 2025: 24.76 on 6 May, 23.55 on
# 7 May). The remark is read at 6 May, once a raising shock has mostly arrived in the model
# (uncertainty_first_day_share, uncertainty_arrival_speed). Read at its own close (2 May, when
# the VIX fell on strong payrolls) it would be 0; by least squares over 2-9 May, 0.04.
MAY_VIX = {"2025-05-01": 24.60, "2025-05-02": 22.68, "2025-05-06": 24.76}
STATEMENT = ("kato", "2025-05-06")  # the remark's event id, and the close its size is read at
STATEMENT_MAX = 2.0  # units: four default threats, far above any day's VIX move


def sizes(half_life_days: float | None = None, vol_per_uncertainty: float | None = None,
          show: bool = True, **uncertainty: float) -> dict[str, float]:
    """Each late-April calm event's size, by event id (at the defaults unless given).

    Args:
        half_life_days: The uncertainty's half-life (default: the parameter's).
        vol_per_uncertainty: VIX points per unit (default: the parameter's).
        show: Print each day's VIX and calm.
        **uncertainty: Other uncertainty parameters for the run (the first-day share and the
            arrival speed, when benchmarks/equity_fit.py searches them).

    """
    params = ModelParams()
    scale = vol_per_uncertainty or params.equity_vol_per_uncertainty
    settings = {"uncertainty_half_life_days": half_life_days or params.uncertainty_half_life_days,
                **uncertainty}
    vix = market_data().observed("vix")  # indexed by ISO date strings
    by_day: dict[str, list[tuple[str, float]]] = {}
    for event in tomllib.loads(SCENARIO.read_text())["events"]:
        if "calm" in event and event["date"].isoformat() >= FIRST:
            by_day.setdefault(event["date"].isoformat(), []).append((event["id"], event["calm"]))
    out: dict[str, float] = {event_id: 0.0 for events in by_day.values() for event_id, _ in events}
    for day, events in sorted(by_day.items()):
        target = (vix[day] - params.equity_vol_start) / scale
        if sum(calm for _, calm in events) <= 0.0:  # no proportion left to keep: share evenly
            events = [(event_id, 1.0) for event_id, _ in events]
        total = sum(calm for _, calm in events)

        def level_with(day_calm: float, day: str = day, events: list = events,
                       total: float = total) -> float:
            trial = {**out, **{i: day_calm * calm / total for i, calm in events}}
            return level_at(day, trial, settings)

        day_calm, untouched = 0.0, level_with(0.0)
        if untouched > target:  # a calm never needs to exceed the level itself
            day_calm = bisect(lambda c, t=target: level_with(c) > t, untouched)
        for event_id, calm in events:
            out[event_id] = round(float(day_calm * calm / total), 3)
        if show:
            print(f"{day}  VIX {vix[day]:5.2f} (level {target:.3f})  calm {day_calm:.3f}  "
                  + ", ".join(f"{i} {out[i]}" for i, _ in events))
    return out


def bisect(below: Callable[[float], bool], hi: float) -> float:
    """The size in [0, hi] where `below(size)` turns False, to BISECTIONS halvings.

    `below(size)` is True while the size is still too small to reach the VIX's level.
    """
    lo = 0.0
    for _ in range(BISECTIONS):
        mid = (lo + hi) / 2.0
        lo, hi = (mid, hi) if below(mid) else (lo, mid)
    return (lo + hi) / 2.0


def statement_size(calms: dict[str, float], show: bool = True,
                   **settings: float) -> float:
    """The 2 May 2025 remark's uncertainty, read from the VIX of 6 May with the calms in place.

    Zero if the model's level is already at or above the VIX's without it.
    """
    event_id, day = STATEMENT
    params = ModelParams()
    target = (MAY_VIX[day] - params.equity_vol_start) / params.equity_vol_per_uncertainty

    def level_with(size: float) -> float:
        return level_at(day, calms, {**settings, f"{event_id}.uncertainty": size})

    size = 0.0
    if level_with(0.0) < target:
        size = round(bisect(lambda s: level_with(s) < target, STATEMENT_MAX), 3)
    if show:
        print(f"{day}  VIX {MAY_VIX[day]:5.2f} (level {target:.3f})  {event_id} {size}")
    return size


def calm_overrides(calms: dict[str, float]) -> dict[str, float]:
    """The calm sizes as event-field settings of the scenario ("<event id>.calm")."""
    return {f"{event_id}.calm": calm for event_id, calm in calms.items()}


def scripted_run(settings: dict[str, float], calms: dict[str, float]) -> YieldModel:
    """The run both fits read: liberation-day-2025, seed 7, news off, these settings and calms.

    The measurement here and benchmarks/equity_fit.py must see the same uncertainty path; an
    endogenous threat could in principle time itself on the news, so the news is off in both.
    """
    return YieldModel(scenario="liberation-day-2025", rng=7, n_funds=300, news_level_bp=0.0,
                      news_slope_bp=0.0, **settings, **calm_overrides(calms))


def level_at(day: str, calms: dict[str, float], settings: dict[str, float]) -> float:
    """The model's uncertainty at the close of `day` with these calm sizes."""
    model = scripted_run(settings, calms)
    while True:
        model.step()
        if model.date_label == day:
            return float(model.uncertainty.level)


def write(values: dict[str, float], field: str = "calm") -> None:
    """Replace each event's `<field> = ...` line in the scenario file."""
    text = SCENARIO.read_text()
    for event_id, value in values.items():
        pattern = re.compile(rf'(id = "{event_id}"\n(?:[^\[\n][^\n]*\n)*?{field} = )[0-9.]+')
        text, count = pattern.subn(rf"\g<1>{value}", text)
        if count != 1:
            raise SystemExit(f"no single {field} line for event {event_id!r} in {SCENARIO}")
    SCENARIO.write_text(text)


def main() -> None:
    """Print the sizes and write them if asked."""
    values = sizes()
    remark = statement_size(values)
    if "--write" in sys.argv:
        write(values)
        write({STATEMENT[0]: remark}, field="uncertainty")
        print(f"wrote {SCENARIO}")


if __name__ == "__main__":
    main()
