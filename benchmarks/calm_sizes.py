"""Measure the late-April 2025 de-escalation news in uncertainty units from the VIX.

    .venv/bin/python benchmarks/calm_sizes.py [--write]

Each `calm` event of liberation-day-2025 after the pause removes uncertainty. Its size is
read from the VIX on the day markets traded it, on the model's own scale: the level the VIX
implies is (VIX - equity_vol_start) / equity_vol_per_uncertainty (both in model/params.py,
the second fitted to April 2025 by benchmarks/equity_fit.py), and the day's calm is what the
level fell by beyond the model's own daily decay (uncertainty_half_life_days). Two events
on one day share that day's calm in the proportion the scenario gives them. The VIX is an
input here, like the tariff schedule; the yields are what the history suite then checks.

Source: the package's daily data (yieldsim/data/us_market_daily_2012_2025.csv, FRED
VIXCLS). `--write` puts the sizes into model/scenarios/liberation-day-2025.toml (rounded to
0.001).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from model.components import half_life_decay
from model.params import ModelParams
from model.scenario import load_scenario
from yieldsim.history.data import market_data

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "model" / "scenarios" / "liberation-day-2025.toml"
FIRST = "2025-04-12"  # after the pause, whose calm is the pause's own


def sizes(half_life_days: float | None = None, vol_per_uncertainty: float | None = None,
          show: bool = True) -> dict[str, float]:
    """Each late-April calm event's size, by event id (at the defaults unless given)."""
    params = ModelParams()
    decay = half_life_decay(half_life_days or params.uncertainty_half_life_days)
    vix = market_data().observed("vix")  # indexed by ISO date strings
    level = (vix - params.equity_vol_start) / (vol_per_uncertainty
                                               or params.equity_vol_per_uncertainty)
    by_day: dict[str, list[tuple[str, float]]] = {}
    for event in load_scenario("liberation-day-2025").events:
        calm = event.fields.get("calm", 0.0) if event.kind == "shock" else 0.0
        if calm > 0.0 and event.date is not None and event.date.isoformat() >= FIRST:
            by_day.setdefault(event.date.isoformat(), []).append((event.id, calm))
    out = {}
    for day, events in sorted(by_day.items()):
        at = level.index.get_loc(day)
        day_calm = max(0.0, level.iloc[at - 1] * decay - level.iloc[at])
        total = sum(calm for _, calm in events)
        for event_id, calm in events:
            out[event_id] = round(float(day_calm * calm / total), 3)
        if show:
            print(f"{day}  VIX {vix.iloc[at - 1]:5.2f} -> {vix.iloc[at]:5.2f}  "
                  f"calm {day_calm:.3f}  " + ", ".join(f"{i} {out[i]}" for i, _ in events))
    return out


def write(values: dict[str, float]) -> None:
    """Replace each event's `calm = ...` line in the scenario file."""
    text = SCENARIO.read_text()
    for event_id, calm in values.items():
        pattern = re.compile(rf'(id = "{event_id}"\n(?:[^\[\n][^\n]*\n)*?calm = )[0-9.]+')
        text, count = pattern.subn(rf"\g<1>{calm}", text)
        if count != 1:
            raise SystemExit(f"no single calm line for event {event_id!r} in {SCENARIO}")
    SCENARIO.write_text(text)


def main() -> None:
    """Print the sizes and write them if asked."""
    values = sizes()
    if "--write" in sys.argv:
        write(values)
        print(f"wrote {SCENARIO}")


if __name__ == "__main__":
    main()
