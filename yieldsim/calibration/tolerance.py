"""Fit the administration's tolerance to the 9 April 2025 pause, and check the rest honestly.

Only the tolerance is fitted, and only to one fact: the first de-escalation (the 90-day pause,
9 April 2025). Everything before the administration's first de-escalation is independent of
its tolerance (it escalates only below tolerance and de-escalates only above it), so one run
per seed with the tolerance out of reach gives each seed's pain path, and the first
de-escalation under tolerance T is the first step whose pain exceeds T on a day it has
something to give - exactly, with no re-simulation (a test checks this against full runs).
The fit picks the T whose median first de-escalation over the seeds is closest to 9 April;
ties go to the T with the smallest mean distance (in trading days) from it.

The check then runs the scenario at the fitted tolerance over the same seeds and reports the
distribution of the first de-escalation date and of the 10y's rise before it (actual: +47bp
from 4 to 11 April; about +40bp in the three sessions before the pause), and - not fitted -
when deals with Japan and China come (actual: Geneva 12 May, US-Japan 22 July) and the 10y
from May to July.

    python -m yieldsim.calibration.tolerance --seeds 100 --write

re-fits the tolerance alone, the other game parameters held at their values; `--write`
updates `runs/calibration/tolerance.json` and the tolerance in `model/calibrated_policy.py`.
The defaults come from the joint fit (`python -m yieldsim.calibration.game`), of which this
is the exact one-parameter slice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model import calibrated_policy
from model.params import ModelParams
from model.yieldmodel import YieldModel
from yieldsim.calibration.game import FREE, GENERATED, SCENARIO, render_policy
from yieldsim.runner import PROJECT_ROOT, git_commit

PAUSE_DATE = dt.date(2025, 4, 9)  # the 90-day pause (CALIBRATION.md)
WINDOW_DAYS = 5  # trading days either side of 9 April that the median must fall within
OUT_OF_REACH = 10000.0  # the tolerance's upper bound: pain never gets there
PATH_STEPS_AFTER = 40  # how far past 9 April the pain paths are needed
GRID = np.round(np.arange(1.0, 200.0 + 1e-9, 0.5), 3)  # candidate tolerances, pain units
ROOT_SEED = 2025
RECORD = PROJECT_ROOT / "runs" / "calibration" / "tolerance.json"
# Dates the check compares with but is not fitted to (CALIBRATION.md).
GENEVA = dt.date(2025, 5, 12)
JAPAN_DEAL = dt.date(2025, 7, 22)


@dataclass(frozen=True)
class Fit:
    """The fitted tolerance and the first-de-escalation steps it gives per seed."""

    tolerance: float
    target_step: int
    median_step: float
    steps: np.ndarray  # first de-escalation step per seed (inf: none)
    admissible: tuple[float, float]  # tolerances whose median is within the window


def seeds_for(n: int, root: int = ROOT_SEED) -> list[int]:
    """The seeds of a fit: fixed by the root, so a re-fit uses the same ones."""
    return [int(s) for s in np.random.default_rng(root).integers(0, 2**31 - 1, size=n)]


def pain_paths(seeds: list[int], settings: dict[str, Any]) -> tuple[np.ndarray, int]:
    """Pain per step (rows) and seed (columns) with the tolerance out of reach.

    A step at which the administration has nothing to give (no rate of its own to pause or
    cut, no talks to open: before Liberation Day) gets pain -inf: it cannot de-escalate then.
    """
    probe = YieldModel(scenario=SCENARIO, rng=0, **settings)
    target = probe.calendar.step_of(PAUSE_DATE)
    columns = []
    for seed in seeds:
        model = YieldModel(scenario=SCENARIO, rng=seed,
                           **{**settings, "admin_tolerance": OUT_OF_REACH})
        could_give = [False]
        for _ in range(target + PATH_STEPS_AFTER):
            model.step()
            could_give.append(model.administration.could_give)
        pain = model.timeseries()["admin_pain"].to_numpy()
        columns.append(np.where(could_give, pain, -np.inf))
    return np.column_stack(columns), target


def first_crossings(paths: np.ndarray, tolerance: float) -> np.ndarray:
    """First step (from 1) whose pain exceeds the tolerance, per seed; inf when none."""
    over = paths[1:] > tolerance
    hit = over.any(axis=0)
    return np.where(hit, over.argmax(axis=0) + 1.0, np.inf)


def fit(paths: np.ndarray, target: int) -> Fit:
    """The tolerance whose median first de-escalation is nearest the target step."""
    scored = []
    for tolerance in GRID:
        steps = first_crossings(paths, float(tolerance))
        median = float(np.median(steps))
        spread = float(np.mean(np.minimum(np.abs(steps - target), paths.shape[0])))
        scored.append((abs(median - target), spread, float(tolerance), median, steps))
    best = min(scored, key=lambda row: (row[0], row[1]))
    inside = [row[2] for row in scored if row[0] <= WINDOW_DAYS]
    return Fit(tolerance=best[2], target_step=target, median_step=best[3], steps=best[4],
               admissible=(min(inside), max(inside)) if inside else (np.nan, np.nan))


def check(seeds: list[int], tolerance: float, settings: dict[str, Any]) -> pd.DataFrame:
    """One row per seed of the full endogenous run at this tolerance."""
    rows = []
    for seed in seeds:
        model = YieldModel(scenario=SCENARIO, rng=seed, **{**settings,
                                                           "admin_tolerance": tolerance})
        model.run()
        frame = model.timeseries()
        dates = pd.to_datetime(frame["date"])
        admin = model.administration
        row: dict[str, Any] = {"seed": seed}
        step = admin.first_deescalation_step
        row["first_deescalation"] = None if step is None else dates.iloc[step].date()
        row["first_deescalation_step"] = np.nan if step is None else step
        row["rise_bp_before"] = admin.first_deescalation_rise_bp
        row["ten_year_then"] = admin.first_deescalation_10y
        for key in ("japan", "china"):
            deal = model.deal_steps.get(key)
            row[f"deal_{key}"] = None if deal is None else dates.iloc[deal].date()
        for month in (5, 6, 7):
            row[f"y10_mean_m{month}"] = float(frame["y_10y"][dates.dt.month == month].mean())
        row["peak_10y"] = float(frame["y_10y"].max())
        rows.append(row)
    return pd.DataFrame(rows)


def describe_check(table: pd.DataFrame, target_step: int) -> dict[str, Any]:
    """Medians and quantiles of the check, against the dates the fit did not use."""
    steps = table["first_deescalation_step"].astype(float)
    first = pd.to_datetime(table["first_deescalation"])
    rise = table["rise_bp_before"].astype(float)

    def quantiles(values: pd.Series) -> dict[str, Any]:
        q = values.quantile([0.1, 0.25, 0.5, 0.75, 0.9]) if values.notna().any() else None
        return {} if q is None else {f"p{int(k * 100)}": v for k, v in q.items()}

    def share_by(column: str, date: dt.date) -> float:
        deal = pd.to_datetime(table[column])
        return float((deal.notna() & (deal <= pd.Timestamp(date))).mean())

    out: dict[str, Any] = {
        "seeds": len(table),
        "share_with_deescalation": float(steps.notna().mean()),
        "first_deescalation_step": {k: float(v) for k, v in quantiles(steps).items()},
        "first_deescalation_date": {k: str(v.date()) for k, v in quantiles(first).items()},
        "within_5_days_of_9_april": float((abs(steps - target_step) <= WINDOW_DAYS).mean()),
        "rise_bp_before": {k: round(float(v), 1) for k, v in quantiles(rise).items()},
        "ten_year_then": {k: round(float(v), 3) for k, v in
                          quantiles(table["ten_year_then"].astype(float)).items()},
    }
    for key, actual in (("china", GENEVA), ("japan", JAPAN_DEAL)):
        deal = pd.to_datetime(table[f"deal_{key}"])
        out[f"deal_{key}"] = {"share_with_deal": float(deal.notna().mean()),
                              f"share_by_{actual.isoformat()}": share_by(f"deal_{key}", actual),
                              "median_date_if_deal": (None if deal.isna().all() else
                                                      str(deal.dropna().median().date())),
                              "actual": actual.isoformat()}
    for month in (5, 6, 7):
        out[f"y10_mean_m{month}"] = {k: round(float(v), 3) for k, v in
                                     quantiles(table[f"y10_mean_m{month}"]).items()}
    return out


def write(result: Fit, seeds: list[int], summary: dict[str, Any] | None) -> None:
    """The record and the generated default."""
    record = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "scenario": SCENARIO,
        "fitted": {"admin_tolerance": result.tolerance},
        "target": f"median first de-escalation within {WINDOW_DAYS} trading days of "
                  f"{PAUSE_DATE} (step {result.target_step})",
        "median_step": result.median_step,
        "admissible_tolerances": list(result.admissible),
        "seeds": {"root": ROOT_SEED, "n": len(seeds)},
        "method": "pain paths at an out-of-reach tolerance (exact: behaviour before the first "
                  "de-escalation does not depend on it); grid "
                  f"{GRID[0]}..{GRID[-1]} step {GRID[1] - GRID[0]}",
        "check": summary,
        "command": "python -m yieldsim.calibration.tolerance --seeds "
                   f"{len(seeds)} --write",
    }
    RECORD.write_text(json.dumps(record, indent=2, default=str) + "\n")
    # the other game parameters keep their jointly fitted values (yieldsim.calibration.game)
    fitted = {name: getattr(calibrated_policy, name.upper()) for name in FREE}
    GENERATED.write_text(render_policy({**fitted, "admin_tolerance": result.tolerance}))


def main(argv: list[str] | None = None) -> int:
    """Command line: fit, check, and (with --write) record."""
    parser = argparse.ArgumentParser(prog="python -m yieldsim.calibration.tolerance",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=100, help="seeds (at least 100 for the "
                        "record; default 100)")
    parser.add_argument("--no-check", action="store_true", help="fit only")
    parser.add_argument("--write", action="store_true", help="update the record and the "
                        "generated default")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="parameter overrides held fixed during the fit")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        print("--seeds must be at least 1", file=sys.stderr)
        return 2
    try:
        settings = dict(item.split("=", 1) for item in args.set)
        ModelParams.resolved(settings)
    except ValueError as exc:
        print(f"--set: {exc} (use NAME=VALUE)", file=sys.stderr)
        return 2
    seeds = seeds_for(args.seeds)
    paths, target = pain_paths(seeds, settings)
    result = fit(paths, target)
    print(f"admin_tolerance = {result.tolerance} (median first de-escalation at step "
          f"{result.median_step:g}, 9 April = step {target}; tolerances from "
          f"{result.admissible[0]} to {result.admissible[1]} put the median within "
          f"{WINDOW_DAYS} trading days)")
    summary = None
    if not args.no_check:
        table = check(seeds, result.tolerance, settings)
        summary = describe_check(table, target)
        print(json.dumps(summary, indent=2, default=str))
    if args.write:
        write(result, seeds, summary)
        print(f"wrote {RECORD.relative_to(PROJECT_ROOT)} and "
              f"{GENERATED.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
