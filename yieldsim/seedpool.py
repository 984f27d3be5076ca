"""Running seeds in parallel for the commands that evaluate a parameter set over many seeds.

`yieldsim validate`, `calibrate` and `history` all hand their runs to the sweep engine's
backends (a local process pool by default, or a Dask cluster) and write one new output
folder; the options, the executor's life cycle and the folder check live here once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from yieldsim.limits import cap_workers, workers_option
from yieldsim.rundir import (
    OutputError,
    check_output,
    clean_stale_partials,
    os_problem,
    partial_name,
    place,
)
from yieldsim.usage import UsageError


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    """--workers, --backend, --scheduler (as for sweeps)."""
    parser.add_argument("--workers", type=workers_option(), default=None,
                        help="parallel runs (default: one per core; capped at the cores)")
    parser.add_argument("--backend", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address")


@contextmanager
def executor_for(args: argparse.Namespace) -> Iterator[Any]:
    """A started sweep backend's executor, closed afterwards.

    On Ctrl-C (or any error) the workers are stopped at once rather than waited for: the
    pool's workers ignore SIGINT, so a polite shutdown would finish every queued seed first.
    """
    from yieldsim.sweeps.backends import BackendError, available_cpus, make_backend

    workers = args.workers
    if args.scheduler is None:
        workers, note = cap_workers(workers, available_cpus())
        if note:
            print(f"yieldsim: note: {note}", file=sys.stderr)
    backend = make_backend(args.backend, workers, args.scheduler)
    try:
        backend.start()
    except BackendError as exc:
        raise UsageError(str(exc)) from None
    try:
        yield backend.executor()
    except BaseException:
        backend.close(hard=True)
        raise
    backend.close()


def prepare_out(out: Path | None, default_name: str) -> Path:
    """The output folder: new or empty (nothing a user has is overwritten)."""
    from yieldsim.runner import default_output

    folder = out if out is not None else default_output() / (
        f"{default_name}-{dt.datetime.now(dt.UTC).strftime('%Y%m%d-%H%M%S')}")
    try:
        check_output(folder)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    return folder


@contextmanager
def staged_output(out: Path) -> Iterator[Path]:
    """A hidden folder to write the command's files into, renamed to `out` when all are written.

    All or nothing: a failed write, or any error in the block, removes the hidden folder, so
    no half-written output ever stands under the name the user asked for.

    Raises:
        UsageError: A file could not be written, or the folder could not be put in place.

    """
    staging = partial_name(out)
    try:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            clean_stale_partials(out.parent)
            staging.mkdir()
            yield staging
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {os_problem(exc)}; nothing was kept") from None
        try:
            place(staging, out)
        except OutputError as exc:
            raise UsageError(str(exc)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
