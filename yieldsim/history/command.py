"""`yieldsim history`: every episode over N seeds with one parameter set, against the data.

Writes into one new folder: `history.json` (numbers only, no verdicts), `history.md` and
`history.csv` made from it (so they cannot disagree), and `history-<episode>.png` per
episode. Bad input (an unknown episode, a file without `[history]`, a window outside the
data, a bad `--set`) ends with one line and exit status 2 before anything runs or is written.
Exit status 1 when an episode had no seed that ran (the document says why).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from yieldsim.limits import HISTORY_SEEDS_WHY, MAX_HISTORY_SEEDS, option, seed_option
from yieldsim.rundir import (
    dumps,
    write_json,
)
from yieldsim.seedpool import add_backend_options, executor_for, prepare_out, staged_output
from yieldsim.usage import UsageError, parse_settings

DEFAULT_SEEDS = 32
# Seeds derive from this root; they are checked to be disjoint from the calibration record's.
DEFAULT_ROOT_SEED = 2013
EPISODE_FAILED = 1


def add_history_parser(commands: Any) -> None:
    """Register `yieldsim history`."""
    parser = commands.add_parser(
        "history", help="run the real episodes (scenarios with a [history] table) with one "
        "parameter set and compare them with the data")
    parser.add_argument("--seeds", type=option("--seeds", 1, MAX_HISTORY_SEEDS,
                                               HISTORY_SEEDS_WHY),
                        default=DEFAULT_SEEDS, help="seeds per episode (default: %(default)s)")
    parser.add_argument("--seed", type=seed_option(), default=DEFAULT_ROOT_SEED,
                        help="root seed the seeds derive from (default: %(default)s)")
    parser.add_argument("--episode", action="append", default=[], metavar="NAME_OR_PATH",
                        help="a built-in episode or a scenario file with a [history] table "
                        "(repeat for several; default: every built-in episode)")
    parser.add_argument("--set", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE", help="a parameter value for every episode")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder to write (default: ./runs/output/history-<time>/)")
    add_backend_options(parser)
    parser.set_defaults(handler=cmd_history)


def check_disjoint_from_record(seeds: list[int]) -> bool | None:
    """Refuse seeds the calibration was fitted on; None when there is no record to compare.

    Raises:
        UsageError: Some seeds are the calibration's.

    """
    from yieldsim.calibration.record import RECORD_FILE

    if not RECORD_FILE.exists():
        return None
    fitted_on = set(json.loads(RECORD_FILE.read_text()).get("seeds", []))
    shared = sorted(fitted_on & set(seeds))
    if shared:
        raise UsageError(f"--seed: {len(shared)} of these seeds were used by the calibration "
                         "(runs/calibration/record.json): choose another --seed")
    return True


def cmd_history(args: argparse.Namespace) -> int:
    """Check everything, run every episode's seeds, write the folder, print the table."""
    from model.params import ModelParams
    from model.scenario import resolve
    from yieldsim.history.data import market_data
    from yieldsim.history.episodes import EpisodeError, load_episodes

    settings = parse_settings(args.settings)
    if any("." in name for name in settings):
        raise UsageError("history takes parameter names only (--set NAME=VALUE), not event "
                         "fields: the episodes have different events")
    parameters = ModelParams.resolved(settings).to_dict()
    data = market_data()
    try:
        episodes = load_episodes(args.episode, data)
    except EpisodeError as exc:
        raise UsageError(str(exc)) from None
    for episode in episodes:
        resolve(episode.scenario, settings)  # each episode's [params] with the overrides
    from yieldsim.calibration.evaluate import calibration_seeds

    seeds = calibration_seeds(args.seed, args.seeds)
    disjoint = check_disjoint_from_record(seeds)
    out = prepare_out(args.out, "history")

    from yieldsim.history.document import episode_entry, history_document, picture_name
    from yieldsim.history.simulate import run_episodes
    from yieldsim.runner import git_commit, package_versions

    started = time.perf_counter()

    def done(episode: Any, runs: list[Any]) -> None:
        ran = sum(r.error is None for r in runs)
        print(f"  {episode.name}: {ran} of {len(runs)} seeds ran, {episode.steps} trading days "
              f"({time.perf_counter() - started:.1f}s)", flush=True)

    print(f"yieldsim history: {len(episodes)} episode(s) x {len(seeds)} seeds", flush=True)
    with executor_for(args) as executor:
        results = run_episodes(episodes, seeds, settings, executor, done=done)
    entries = [episode_entry(e, runs, data) for e, runs in zip(episodes, results, strict=True)]
    document = history_document(
        entries, seeds=seeds, root_seed=args.seed,
        overrides={name: parameters[name] for name in settings}, parameters=parameters,
        data=data, disjoint=disjoint, commit=git_commit(), versions=package_versions())
    # The tables are made from the JSON text itself, so they show exactly what it holds.
    document = json.loads(dumps(document))
    pictures = [(e, runs, entry["events"], picture_name(e.name))
                for e, runs, entry in zip(episodes, results, entries, strict=True)]
    write_folder(out, document, pictures, data)
    print_summary(document, out, time.perf_counter() - started)
    empty = [e["name"] for e in entries if e["seeds_run"] == 0]
    if empty:
        print(f"no seed ran for {', '.join(empty)}: see seed_failures in history.json")
        return EPISODE_FAILED
    return 0


def write_folder(out: Path, document: dict[str, Any], pictures: list[Any], data: Any) -> None:
    """Write every file into a hidden folder, then rename it into place (all or nothing)."""
    from yieldsim.history.document import history_markdown, window_table
    from yieldsim.history.picture import plot_episode

    with staged_output(out) as staging:
        write_json(staging / "history.json", document)
        (staging / "history.md").write_text(history_markdown(document), encoding="utf-8")
        window_table(document).to_csv(staging / "history.csv", index=False)
        for episode, runs, events, name in pictures:
            plot_episode(episode, runs, data, events, staging / name)


def print_summary(document: dict[str, Any], out: Path, seconds: float) -> None:
    """The window table, the 10y fit per episode and where the files are."""
    from yieldsim.history.document import terminal_lines

    print("\n".join(terminal_lines(document)))
    print(f"fitted: {', '.join(document['fitted']) or 'none'}; checks (out of sample): "
          f"{', '.join(document['checked']) or 'none'}")
    print(f"history: {out / 'history.json'} ({seconds:.1f}s)")
    print(f"table: {out / 'history.md'}")
