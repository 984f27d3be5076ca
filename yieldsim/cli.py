"""The `yieldsim` command: batch runs, parameters, scenarios (and, via subcommands, more).

Bad input of any kind ends with one line on stderr that names the problem and the fix, and
exit status 2; nothing is written.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from model.events import KINDS
from model.params import ModelParams
from model.scenario import builtin_names, load_scenario
from model.timeline import event_steps, moved_dates
from model.values import printable
from yieldsim import dollar, streams
from yieldsim.calibration.command import add_calibrate_parser, add_validate_parser
from yieldsim.history.command import add_history_parser
from yieldsim.limits import steps_option
from yieldsim.sweeps.command import add_sweep_parser
from yieldsim.usage import (
    INPUT_ERRORS,
    Parser,
    UsageError,
    add_scenario_and_seed,
    fail,
    parse_settings,
    precheck,
)
from yieldsim.viz.server import add_viz_parser


def add_run_parser(commands: Any) -> None:
    """`yieldsim run`."""
    run = commands.add_parser("run", help="run one simulation and write a run folder")
    add_scenario_and_seed(run)
    run.add_argument("--steps", type=steps_option(), default=None,
                     help="trading days to run (default: the scenario's length)")
    run.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                     help="override a parameter or an event field (<event id>.<field>)")
    run.add_argument("--out", type=Path, default=None,
                     help="folder to write (default: ./runs/output/<run-id>/ under the "
                     "current folder)")
    run.add_argument("--no-plot", action="store_true",
                     help="skip the picture (yields.png): the summary and tables only")
    run.set_defaults(handler=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """Run one simulation, print its summary at once, then write its folder and picture.

    The summary needs only the model: it is printed before matplotlib is imported and the
    picture drawn (in this process, by `savefig`), so a user reads the numbers while the
    picture is made. The folder, picture included, still appears all at once (`runner.save`).
    """
    from yieldsim.rundir import OutputError, check_output

    if args.out is not None:
        try:
            check_output(args.out)
        except OutputError as exc:
            raise UsageError(str(exc)) from None
    settings = parse_settings(args.settings)
    precheck(args.scenario, settings)
    with collector_paused(getattr(args, "own_process", False)):
        from yieldsim.runner import RunRequest, save, simulate
    request = RunRequest(scenario=args.scenario, seed=args.seed, steps=args.steps,
                         settings=settings)
    result = simulate(request)
    print(format_summary(result.summary), flush=True)
    try:
        folder = save(result, request, args.out, picture=not args.no_plot)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    print(f"run folder: {shown(folder)}")
    if not args.no_plot:
        print(f"plot: {shown(folder / 'yields.png')}")
    return 0


@contextlib.contextmanager
def collector_paused(own_process: bool) -> Iterator[None]:
    """Import the run's libraries with Python's cyclic garbage collector paused.

    Importing pandas and Mesa (which brings SciPy and networkx) makes hundreds of thousands
    of objects, none of them garbage, and the collector, started by allocations, walks them
    again and again. Paused, then the imports frozen (`gc.freeze`) so that later collections
    skip them, before it resumes for the run's own garbage. A caller's process (`main(argv)`)
    is left as it is.
    """
    if not own_process or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def format_summary(summary: dict[str, Any]) -> str:
    """The short text summary printed as soon as a run has finished (before its folder)."""
    crossed = (f"yes, on {summary['crossed_4_5_date']}" if summary["crossed_4_5"] else "no")
    absorbed = ", ".join(f"{k.replace('_', ' ')} {v:+.0f}" for k, v in
                         sorted(summary["absorbed_by"].items(), key=lambda kv: -kv[1]))
    mtm = ", ".join(f"{k.replace('_', ' ')} {v:+.1f}" for k, v in summary["mtm_gain_bn"].items())
    lines = [
        f"yieldsim · {summary['scenario']} · {summary['start_date']} to {summary['end_date']} "
        f"({summary['steps']} trading days)",
        f"  10y: start {summary['start_10y']:.2f}%, end {summary['end_10y']:.2f}%, "
        f"peak {summary['peak_10y']:.2f}% on {summary['peak_10y_date']}",
        f"  largest 5-day rise of the 10y: {summary['max_5d_rise_10y_bp']:.0f}bp "
        f"(to {summary['max_5d_rise_10y_end_date']})",
        f"  10y crossed 4.5%: {crossed}",
        f"  foreign official net sales: ${summary['foreign_official_sales_bn']:.0f}bn "
        f"(of which China's priced-in trend ${summary['foreign_official_trend_sales_bn']:.0f}bn)",
        f"  net purchases beyond normal supply ($bn): {absorbed}",
        f"  sovereigns' mark-to-market ($bn): {mtm}",
        f"  Fed backstop purchases: ${summary['fed_backstop_bn']:.0f}bn; leveraged-fund forced "
        f"sales: ${summary['lf_forced_sales_bn']:.0f}bn",
        *dollar.summary_lines(summary),
        *game_lines(summary),
    ]
    return "\n".join(printable(line) for line in lines)


def shown(path: Path) -> Path:
    """A path as printed: relative to the current folder when it is inside it (the default)."""
    here = Path.cwd()
    return path.relative_to(here) if path.is_absolute() and path.is_relative_to(here) else path


def game_lines(summary: dict[str, Any]) -> list[str]:
    """The tariff game's outcome, for runs under the endogenous policy."""
    if summary.get("policy") != "endogenous":
        return []
    first = summary["first_deescalation_date"]
    gave_way = ("none" if first is None else
                f"{first} (10y {summary['first_deescalation_10y']:.2f}%, "
                f"{summary['first_deescalation_rise_bp']:+.0f}bp in 5 days)")
    deals = ", ".join(f"{k.replace('_', ' ')} {d or 'none'}" for k, d in
                      summary["deal_dates"].items())
    rates = ", ".join(f"{k.replace('_', ' ')} {r:.0f}%" for k, r in
                      summary["tariff_announced_end"].items())
    return [f"  administration's first de-escalation: {gave_way}",
            f"  deals: {deals}", f"  US tariffs at stake at the end: {rates}"]


def add_params_parser(commands: Any) -> None:
    """`yieldsim params`."""
    params = commands.add_parser("params", help="list every parameter with default and unit")
    params.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    params.set_defaults(handler=cmd_params)


def cmd_params(args: argparse.Namespace) -> int:
    """Print the parameter table."""
    rows = ModelParams.describe()
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    if args.format == "markdown":
        from yieldsim.readme import params_markdown

        print(params_markdown())
        return 0
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        print(f"{r['name']:<{width}}  {r['default']!s:>10}  {r['unit']:<14}  {r['meaning']}")
    print("\nEvent fields are set as <event id>.<field>, e.g. japan_sale.amount_bn=200 "
          "(see `yieldsim scenarios show NAME`).")
    return 0


def add_columns_parser(commands: Any) -> None:
    """`yieldsim columns`."""
    columns = commands.add_parser("columns", help="list every per-step column with its unit")
    columns.add_argument("--format", choices=("table", "markdown"), default="table")
    columns.set_defaults(handler=cmd_columns)


def cmd_columns(args: argparse.Namespace) -> int:
    """Print the unit and meaning of every column of `timeseries.parquet`."""
    from yieldsim.api import columns

    if args.format == "markdown":
        from yieldsim.readme import columns_markdown

        print(columns_markdown())
        return 0
    table = columns()
    width = max(len(str(name)) for name in table.index)
    for name, row in table.iterrows():
        print(f"{name!s:<{width}}  {row['unit']:<18}  {row['meaning']}")
    print("\nThe same units are stored in timeseries.parquet as each field's 'unit' metadata.")
    return 0


def add_scenarios_parser(commands: Any) -> None:
    """`yieldsim scenarios list|show|validate`."""
    scenarios = commands.add_parser("scenarios", help="list, show or validate scenarios")
    sub = scenarios.add_subparsers(dest="action", required=True, parser_class=Parser)
    sub.add_parser("list", help="built-in scenarios").set_defaults(handler=cmd_scenarios_list)
    show = sub.add_parser("show", help="a scenario's events")
    show.add_argument("name")
    show.set_defaults(handler=cmd_scenarios_show)
    validate = sub.add_parser("validate", help="check a scenario file")
    validate.add_argument("file")
    validate.set_defaults(handler=cmd_scenarios_validate)


def cmd_scenarios_list(args: argparse.Namespace) -> int:
    """Print built-in scenario names with their descriptions."""
    for name in builtin_names():
        scenario = load_scenario(name)
        print(printable(f"{name:<22} {scenario.steps:>4} steps  {scenario.description}"))
    return 0


def cmd_scenarios_show(args: argparse.Namespace) -> int:
    """Print a scenario's timeline."""
    scenario = load_scenario(args.name)
    print(printable(f"{scenario.name}: {scenario.description}"))
    print(printable(f"start {scenario.start}, {scenario.steps} steps, file {scenario.source}"))
    for event in scenario.events:
        when = event.date.isoformat() if event.date else f"step {event.step}"
        ident = f" [{event.id}]" if event.id else ""
        fields = ", ".join(show_field(k, v) for k, v in event.fields.items()
                           if v not in (None, []))
        print(printable(f"  {when:<12} {event.kind:<12}{ident} {event.label} ({fields})"))
    print("event kinds: " + ", ".join(KINDS))
    print("units: a rate is written as a fraction in scenario files (rate=0.25 is 25%); "
          "summaries, tables and pictures show percent")
    return 0


def show_field(name: str, value: Any) -> str:
    """`name=value`, a rate with its percent beside the fraction the file holds."""
    if name == "rate" and isinstance(value, (int, float)):
        return f"rate={value:g} ({100 * value:g}%)"
    return f"{name}={value}"


def cmd_scenarios_validate(args: argparse.Namespace) -> int:
    """Check a scenario file, including against the model (sovereigns, dates)."""
    from model.yieldmodel import YieldModel

    scenario = load_scenario(args.file)
    model = YieldModel(scenario=scenario, rng=0, n_funds=3)  # the one check of a timeline
    steps = event_steps(model.timeline, model.calendar)
    for notice in moved_dates(model.timeline, model.calendar, steps):
        print(printable(f"{args.file}: note: {notice}"))
    print(printable(f"{args.file}: ok ({len(scenario.events)} events, {scenario.steps} steps)"))
    return 0


SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (
    add_run_parser, add_params_parser, add_columns_parser, add_scenarios_parser,
    add_sweep_parser, add_validate_parser, add_calibrate_parser, add_history_parser,
    add_viz_parser)


class VersionAction(argparse.Action):
    """`--version`: print the installed version and exit (read only when asked for)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: Any = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0,
                         help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        """Print `yieldsim VERSION` and leave with status 0."""
        from yieldsim import version

        print(f"yieldsim {version()}")
        parser.exit()


def build_parser() -> Parser:
    """The full command-line parser (each subcommand module adds its own)."""
    parser = Parser(prog="yieldsim", description="Agent-based US Treasury market under tariff "
                    "shocks.")
    parser.add_argument("--version", action=VersionAction, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for add in SUBCOMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: dispatch, turning bad input into one line and exit status 2.

    Run as the `yieldsim` program (no `argv`), a finished `yieldsim run` leaves at once:
    its folder is renamed into place and its summary printed, and tearing down the
    interpreter's few thousand imported objects (about 0.2 s) would only delay the prompt.
    """
    parser = build_parser()
    try:
        streams.prepare(own_process=argv is None)
        args = parser.parse_args(argv)
        args.own_process = argv is None  # the program, not a caller's process
        status = int(args.handler(args))
        streams.flush()
        if argv is None and args.command == "run":
            exit_now(status)
        return status
    except streams.StreamError as exc:
        return fail(str(exc), status=exc.status)
    except UsageError as exc:
        return fail(str(exc))
    except INPUT_ERRORS as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        print("yieldsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`yieldsim columns | head`): stop quietly, as Unix tools do
        sys.stdout = None  # type: ignore[assignment]
        return 0
    except OSError as exc:
        if exc.errno not in streams.WRITE_ERRORS:
            raise
        return fail(str(streams.lost(exc)), status=1)


def exit_now(status: int) -> NoReturn:
    """End the process without interpreter teardown, once all output is flushed.

    Only for commands that have closed every file they wrote and start no threads or child
    processes: nothing is left for `atexit` handlers to do.
    """
    if sys.stdout is not None:
        sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    sys.exit(main())
