"""`yieldsim sweep [options]` and `yieldsim sweep report DIR`.

Everything a user typed is validated (spec, names, ranges, the output folder, the Dask
scheduler) before the output folder is created, so a bad sweep ends with one line, exit
status 2 and nothing written. During the sweep a progress bar shows runs done, failures and
the ETA. Ctrl-C (or SIGTERM) stops cleanly: runs in progress finish and are kept; a second
Ctrl-C abandons them. Exit status: 0 when every run succeeded, 1 when some failed, 2 for bad
input, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from yieldsim.sweeps.progress import ProgressDisplay, format_duration
from yieldsim.usage import Parser, UsageError

EXIT_FAILED_RUNS = 1
EXIT_INTERRUPTED = 130

DESCRIPTION = """Run many simulations over a parameter design, in parallel, resumably.

NAME is any name `yieldsim params` lists, or <event id>.<field> (e.g. japan_sale.amount_bn).
SPEC is a list of values (0,50,100); for grid also a range a:b:n (n points); for lhs and sobol
bounds a:b. A spec file (TOML), or a built-in spec by name (japan-breach, sobol-japan,
bargaining-chip), holds the same settings; flags override it.
Re-running the same command resumes the sweep in the same folder; Ctrl-C stops it cleanly.
`yieldsim sweep report DIR` rebuilds the tables and plots of a sweep folder.
Exit status: 0 every run ok, 1 some runs failed, 2 bad input, 130 interrupted."""


def add_sweep_parser(commands: Any) -> None:
    """Add `yieldsim sweep` (and its `report` action) to the command parser."""
    sweep = commands.add_parser("sweep", help="run many simulations over a parameter design",
                                description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sweep.add_argument("--spec", type=Path, default=None, metavar="FILE|NAME",
                       help="sweep spec file (TOML) or a built-in spec's name; flags override "
                       "it")
    sweep.add_argument("--scenario", default=None, metavar="NAME|FILE",
                       help="built-in scenario name or scenario file")
    sweep.add_argument("--vary", action="append", default=[], metavar="NAME=SPEC",
                       help="a parameter to vary (repeatable)")
    sweep.add_argument("--set", dest="settings", action="append", default=[],
                       metavar="NAME=VALUE", help="a parameter fixed for every run (repeatable)")
    sweep.add_argument("--design", choices=("grid", "lhs", "sobol"), default=None,
                       help="grid (default), Latin hypercube or Sobol (sensitivity indices)")
    sweep.add_argument("--samples", type=int, default=None, metavar="N",
                       help="lhs: points (default 100); sobol: base samples, a power of two "
                       "(default 64; runs = N * (parameters + 2) * replicates)")
    sweep.add_argument("--replicates", type=int, default=None, metavar="R",
                       help="runs per design point (default 1)")
    sweep.add_argument("--seed", type=int, default=None, metavar="S",
                       help="root seed every run seed is derived from (default 7)")
    sweep.add_argument("--crn", action=argparse.BooleanOptionalAction, default=None,
                       help="common random numbers: replicate r uses the same seed at every "
                       "point (default on)")
    sweep.add_argument("--steps", type=int, default=None, metavar="N",
                       help="trading days per run (default: the scenario's length)")
    sweep.add_argument("--workers", type=int, default=None, metavar="N",
                       help="parallel runs (default: one per core, or the Dask cluster's)")
    sweep.add_argument("--backend", choices=("local", "dask"), default=None,
                       help="local process pool (default) or Dask distributed")
    sweep.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="connect to a running Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                       "(start it with `dask scheduler`, workers with `dask worker ADDRESS` "
                       "where yieldsim is installed); implies --backend dask (default: a local "
                       "cluster)")
    sweep.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help="sweep folder (default: ./runs/output/<sweep-id>/ under the "
                       "current folder)")
    sweep.add_argument("--keep-timeseries", action="store_const", const=True, default=None,
                       help="keep every run's time series (partitioned Parquet dataset)")
    sweep.add_argument("--retry-failed", action="store_true",
                       help="when resuming, run the failed runs again")
    sweep.set_defaults(handler=cmd_sweep, sweep_action=None)
    actions = sweep.add_subparsers(dest="sweep_action", required=False, parser_class=Parser,
                                   metavar="{report}")
    report = actions.add_parser("report", help="rebuild the tables and plots of a sweep folder")
    report.add_argument("folder", type=Path, metavar="DIR")


def cmd_sweep(args: argparse.Namespace) -> int:
    """Dispatch: `sweep report DIR` or a sweep."""
    if args.sweep_action == "report":
        given = [f"--{k.replace('_', '-')}" for k in SWEEP_OPTIONS if getattr(args, k)
                 not in (None, [], False)]
        if given:
            raise UsageError(f"`yieldsim sweep report DIR` takes no other options ({given[0]})")
        return cmd_sweep_report(args.folder)
    return run_command(args)


SWEEP_OPTIONS = ("spec", "scenario", "vary", "settings", "design", "samples", "replicates", "seed",
                 "crn", "steps", "workers", "backend", "scheduler", "out", "keep_timeseries",
                 "retry_failed")


def run_command(args: argparse.Namespace) -> int:
    """Validate everything, then run the sweep with a progress bar and clean stopping."""
    from yieldsim.sweeps.backends import BackendError
    from yieldsim.sweeps.launch import launch
    from yieldsim.sweeps.space import SpecError
    from yieldsim.sweeps.spec import Flags
    from yieldsim.sweeps.store import FolderError

    flags = Flags(spec=args.spec, scenario=args.scenario, vary=args.vary, set=args.settings,
                  design=args.design, samples=args.samples, replicates=args.replicates,
                  seed=args.seed, steps=args.steps, crn=args.crn,
                  keep_timeseries=args.keep_timeseries, workers=args.workers,
                  backend=args.backend, scheduler=args.scheduler, out=args.out,
                  retry_failed=args.retry_failed)
    try:
        launched = launch(flags, lambda spec: ProgressDisplay(spec.name),
                          command=shlex.join(["yieldsim", *sys.argv[1:]]))
    except (SpecError, FolderError, BackendError) as exc:
        raise UsageError(str(exc)) from None
    summary, out = launched.summary, launched.folder
    for path in summary.files:
        print(f"  wrote {path}")
    for note in summary.notes:
        print(f"  note: {note}")
    took = format_duration(summary.elapsed_s)
    if summary.interrupted:
        print(f"sweep {out.name} interrupted: {summary.ok + summary.failed} of {summary.total} "
              f"runs finished ({summary.failed} failed), {summary.pending} to do; run the same "
              f"command again to resume ({out})")
        return EXIT_INTERRUPTED
    results = out / "results.parquet"
    failed = (f"{summary.failed} failed (see the error column)" if summary.failed
              else "0 failed")
    print(f"sweep {out.name}: {summary.total} runs, {summary.ok} ok, {failed}; {summary.ran} "
          f"ran in this session ({took}, {launched.backend}); results: {results}")
    return EXIT_FAILED_RUNS if summary.failed else 0


def cmd_sweep_report(folder: Path) -> int:
    """Rebuild a sweep folder's tables and plots."""
    from yieldsim.sweeps.report import build_report
    from yieldsim.sweeps.space import SpecError
    from yieldsim.sweeps.store import SPEC_FILE

    fix = "give the folder a sweep wrote (its --out, or runs/output/<sweep-id>/)"
    if not folder.is_dir():
        raise UsageError(f"{folder} does not exist or is not a folder: {fix}")
    if not (folder / SPEC_FILE).is_file():
        raise UsageError(f"{folder} is not a sweep folder (it has no {SPEC_FILE}): {fix}")
    try:
        report = build_report(folder)
    except SpecError as exc:
        raise UsageError(str(exc)) from None
    for path in report.files:
        print(f"  wrote {path}")
    for note in report.notes:
        print(f"  note: {note}")
    print(f"report of {folder}: {len(report.files)} files written")
    return 0
