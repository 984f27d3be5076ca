"""`yieldsim calibrate` and `yieldsim validate`.

Both run seeds on the sweep engine's backends (a local process pool by default, or Dask).
Bad input ends with one line and exit status 2 before anything is written; `validate` exits
0 when every target passes and 1 otherwise, naming the failing targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from yieldsim.limits import (
    CALIBRATION_WHY,
    MAX_CALIBRATION_SEEDS,
    MAX_LHS_POINTS,
    MAX_REFINE,
    MAX_VALIDATE_SEEDS,
    VALIDATE_SEEDS_WHY,
    option,
    seed_option,
)
from yieldsim.rundir import (
    OutputError,
    check_place,
    os_problem,
    write_json,
)
from yieldsim.seedpool import add_backend_options, executor_for, prepare_out, staged_output
from yieldsim.usage import UsageError, parse_settings

VALIDATION_FAILED = 1
MAX_SURFACE_SEEDS = 20   # each surface seed is 60 operations of up to 450 steps


# --- validate ------------------------------------------------------------------------------

def add_validate_parser(commands: Any) -> None:
    """Register `yieldsim validate`."""
    parser = commands.add_parser("validate", help="run the calibration targets and report "
                                 "how well the defaults fit")
    parser.add_argument("--seeds", type=option("--seeds", 1, MAX_VALIDATE_SEEDS,
                                               VALIDATE_SEEDS_WHY),
                        default=20, help="seeds (default: %(default)s)")
    parser.add_argument("--seed", type=seed_option(), default=2025, help="root seed the seeds "
                        "derive from (default: %(default)s)")
    parser.add_argument("--actual", type=Path, default=None,
                        help="a FRED CSV download (DGS2/DGS10/DGS30) to compare another window")
    parser.add_argument("--set", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE", help="validate other parameter values")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder to write (default: runs/output/validation-<time>/)")
    parser.add_argument("--surface-seeds", type=int, default=2,
                        help="seeds for the response surface (0 skips it; default: "
                        "%(default)s)")
    parser.add_argument("--record", action="store_true",
                        help="also write validation.json beside runs/calibration/record.json; "
                        "refused unless the seeds are disjoint from the calibration's")
    add_backend_options(parser)
    parser.set_defaults(handler=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    """Run the targets, write json, report and plots; exit 0 only if all pass."""
    from yieldsim.calibration.actual import ActualDataError, load_actual, shipped_actual

    if not 0 <= args.surface_seeds <= MAX_SURFACE_SEEDS:
        raise UsageError(f"--surface-seeds must be from 0 to {MAX_SURFACE_SEEDS}, not "
                         f"{args.surface_seeds}")
    settings = parse_settings(args.settings)
    if any("." in name for name in settings):
        raise UsageError("validate takes parameter names only, not event fields")
    if args.record:
        refuse_outside_clone("--record")
    from model.params import ModelParams

    ModelParams.resolved(settings)
    try:
        actual = load_actual(args.actual) if args.actual else shipped_actual()
    except ActualDataError as exc:
        raise UsageError(str(exc)) from None
    out = prepare_out(args.out, "validation")
    steps = liberation_steps_for(actual)

    from yieldsim.calibration.evaluate import calibration_seeds, evaluate
    from yieldsim.calibration.validate import (
        compare_actual,
        plot_fan,
        plot_japan_gap,
        report_markdown,
        validation_document,
    )

    seeds = calibration_seeds(args.seed, args.seeds)
    if args.record:
        check_disjoint_from_record(seeds)
    from yieldsim.calibration.surface import (
        SurfaceSpec,
        check_surface,
        plot_surface,
        response_surface,
        surface_markdown,
    )

    surface = None
    with executor_for(args) as executor:
        evaluation = evaluate(settings, seeds, executor, liberation_steps=steps)
        if args.surface_seeds > 0:
            spec = SurfaceSpec(seeds=tuple(range(1, args.surface_seeds + 1)))
            surface = response_surface(spec, settings, executor)
    if not evaluation.medians:
        raise UsageError("every seed failed: " + "; ".join(evaluation.failures[:2]))
    comparison = compare_actual(evaluation, actual)
    if not comparison["series"]:
        raise UsageError(f"no date of {actual.source} falls in the simulated window from "
                         "2025-03-03: give a FRED file covering 2025 dates")
    document = validation_document(evaluation, seeds, comparison)
    with staged_output(out) as staging:
        if surface is not None:
            floor = ModelParams.resolved(settings).yield_floor_pct
            document["surface"] = {"seeds": list(range(1, args.surface_seeds + 1)),
                                   "problems": check_surface(surface, floor),
                                   "cells": surface.to_dict(orient="records")}
            surface.to_csv(staging / "surface.csv", index=False)
            (staging / "surface.md").write_text(surface_markdown(surface))
            plot_surface(surface, staging / "surface.png")
        write_json(staging / "validation.json", document)
        (staging / "report.md").write_text(report_markdown(document))
        plot_fan(evaluation, actual, staging / "fan_10y.png")
        plot_japan_gap(evaluation, staging / "japan_gap.png")
    print_table(document)
    if surface is not None:
        problems = document["surface"]["problems"]
        print(f"response surface: {out / 'surface.png'} ({len(problems)} cell problem(s))")
        for line in problems:
            print(f"  {line}")
    if args.record:
        from yieldsim.calibration.record import RECORD_DIR

        write_json(RECORD_DIR / "validation.json", document)
        print(f"recorded: {RECORD_DIR / 'validation.json'}")
    print(f"report: {out / 'report.md'}")
    if document["all_pass"]:
        required = sum(1 for row in document["targets"] if row["required"])
        print(f"all {required} required targets pass")
        return 0
    print(f"{len(document['failing'])} target(s) fail: {', '.join(document['failing'])}")
    return VALIDATION_FAILED


def check_disjoint_from_record(seeds: list[int]) -> None:
    """Refuse to record a validation on seeds the calibration was fitted on."""
    from yieldsim.calibration.record import RECORD_FILE

    if not RECORD_FILE.exists():
        raise UsageError(f"--record needs {RECORD_FILE}: run `yieldsim calibrate` first")
    fitted_on = set(json.loads(RECORD_FILE.read_text()).get("seeds", []))
    shared = sorted(fitted_on & set(seeds))
    if shared:
        raise UsageError(f"--record: {len(shared)} of these seeds were used by the calibration "
                         "(runs/calibration/record.json): choose another --seed")


def liberation_steps_for(actual: Any) -> int:
    """How far liberation-day-2025 must run to cover the actual file's last date."""
    import datetime

    from model.calendar import TradingCalendar
    from yieldsim.calibration.moments import LIBERATION_STEPS

    calendar = TradingCalendar(datetime.date(2025, 3, 3))
    last = dt.date.fromisoformat(max(actual.frame.index))
    if last < datetime.date(2025, 3, 3):
        raise UsageError(f"{actual.source} ends before 2025-03-03, where the simulation starts")
    return max(LIBERATION_STEPS, calendar.step_of(last))


def print_table(document: dict[str, Any]) -> None:
    """A compact table of the targets on stdout."""
    for row in document["targets"]:
        median = row["median"]
        word = "PASS" if row["pass"] else "FAIL"
        word = word if row["required"] else word.lower()
        se = row.get("se")
        se_text = f"se {se:4.2f}" if se is not None else "se  n/a"
        print(f"  {word}  {row['name']:<26} median "
              f"{median:7.1f}  {se_text}  band {row['p10']:7.1f} to {row['p90']:7.1f}  target "
              f"{row['range']}")


# --- calibrate -----------------------------------------------------------------------------

def add_calibrate_parser(commands: Any) -> None:
    """Register `yieldsim calibrate`."""
    parser = commands.add_parser("calibrate", help="re-run the calibration and record it")
    parser.add_argument("--lhs-points", type=option("--lhs-points", 1, MAX_LHS_POINTS,
                                                    CALIBRATION_WHY), default=24)
    parser.add_argument("--refine", type=option("--refine", 0, MAX_REFINE, CALIBRATION_WHY),
                        default=30,
                        help="Nelder-Mead evaluations after the Latin hypercube (0: none)")
    parser.add_argument("--seeds", type=option("--seeds", 1, MAX_CALIBRATION_SEEDS,
                                               CALIBRATION_WHY),
                        default=8, help="seeds per evaluation")
    parser.add_argument("--final-seeds", type=option("--final-seeds", 1, MAX_CALIBRATION_SEEDS,
                                                     CALIBRATION_WHY), default=20)
    parser.add_argument("--seed", type=seed_option(), default=2025, help="root seed")
    parser.add_argument("--set", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE", help="hold another parameter at a value")
    parser.add_argument("--out", type=Path, default=None,
                        help="record folder (default: runs/calibration, which also updates the "
                        "code's defaults)")
    parser.add_argument("--apply", action="store_true",
                        help="update the code's defaults even when --out is elsewhere")
    parser.add_argument("--history", action="store_true",
                        help="also fit the windows of the episodes with role \"fit\" (see "
                        "docs/history.md); check episodes are never fitted")
    parser.add_argument("--episode", action="append", default=[], metavar="NAME_OR_PATH",
                        help="with --history: the fit episodes to use (default: every "
                        "built-in one)")
    add_backend_options(parser)
    parser.set_defaults(handler=cmd_calibrate)


def refuse_outside_clone(what: str) -> None:
    """Refuse to update the project's record from an installed package (site-packages)."""
    from yieldsim.runner import source_checkout

    if not source_checkout():
        raise UsageError(f"{what} updates the calibration record kept in a clone of the "
                         "project, and this yieldsim is an installed package: run it in a "
                         "clone, or write the record elsewhere with --out DIR")


def check_folder_free_of_record(folder: Path) -> None:
    """Refuse a folder that is a file, or one that already keeps a record, before the search.

    The search takes minutes; a record that could not be written at its end would lose them.
    """
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder: choose another --out")
    if (folder / "record.json").exists():
        raise UsageError(f"{folder} already holds a record.json: choose another --out")


def history_objective(args: argparse.Namespace) -> tuple[Any, list[str]]:
    """The targets to fit: the built-in ones, plus the fit episodes' windows with --history.

    Raises:
        UsageError: --episode without --history, a check episode, or one the data cannot
            compare.

    """
    from yieldsim.calibration.evaluate import DEFAULT_OBJECTIVE

    if not args.history:
        if args.episode:
            raise UsageError("--episode needs --history (it names the fit episodes to use)")
        return DEFAULT_OBJECTIVE, []
    from yieldsim.calibration.episodes import history_objective as build
    from yieldsim.history.episodes import EpisodeError

    try:
        return build(args.episode)
    except EpisodeError as exc:
        raise UsageError(str(exc)) from None


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Search, record, and (for the default record) regenerate model/calibrated.py."""
    settings = parse_settings(args.settings)
    from yieldsim.calibration.free import FREE_PARAMETERS

    clash = [p.name for p in FREE_PARAMETERS if p.name in settings]
    if clash:
        raise UsageError(f"--set {clash[0]}: that parameter is being calibrated")
    from model.params import ModelParams

    ModelParams.resolved(settings)
    if args.out is None or args.apply:
        refuse_outside_clone("calibrate" if args.out is None else "--apply")
    objective, episodes = history_objective(args)
    if args.out is not None:
        try:
            check_place(args.out)
        except OutputError as exc:
            raise UsageError(str(exc)) from None
        check_folder_free_of_record(args.out)
    from yieldsim.calibration.record import (
        RECORD_DIR,
        apply_defaults,
        build_record,
        write_record,
    )
    from yieldsim.calibration.search import Budget, search

    folder = args.out if args.out is not None else RECORD_DIR
    budget = Budget(lhs_points=args.lhs_points, refine_evaluations=args.refine,
                    seeds=args.seeds, final_seeds=args.final_seeds, root_seed=args.seed)
    started = dt.datetime.now(dt.UTC)
    with executor_for(args) as executor:
        result = search(budget, executor, fixed=settings, progress=print, objective=objective)
    record = build_record(result, budget, started)
    record["fixed"] = settings
    if args.history:
        record["episodes_fitted"] = episodes
    try:
        path = write_record(record, folder)
    except OSError as exc:
        raise UsageError(f"cannot write the record into {folder}: {os_problem(exc)}") from None
    print(f"record: {path}")
    if args.out is None or args.apply:
        apply_defaults(path)
        # A fresh interpreter reads the new defaults into docs/parameters.md's table.
        subprocess.run([sys.executable, "-m", "yieldsim.readme"], check=True)
        print("model/calibrated.py and docs/parameters.md regenerated: these are now "
              "the defaults")
    for row in record["targets"]:
        print(f"  {'PASS' if row['pass'] else 'FAIL'}  {row['name']:<26} median "
              f"{row['median']:7.1f}  target {row['range']}")
    print("fitted: " + json.dumps(record["fitted"]))
    return 0

