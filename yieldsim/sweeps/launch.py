"""Validate, start and run a sweep: the one path shared by `yieldsim sweep` and `yieldsim.sweeps`.

Everything is validated (spec, names, ranges, the output folder, the backend) before the
folder is created, so bad input raises before anything is written. Ctrl-C (or SIGTERM) asks
the sweep to stop after the runs in progress; a second one abandons them.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yieldsim.sweeps.session import Progress, SweepSummary
from yieldsim.sweeps.spec import Flags, SweepSpec


@dataclass(frozen=True)
class Launched:
    """A sweep that has run (to the end or until stopped).

    Attributes:
        spec: The validated spec.
        folder: The sweep folder.
        summary: How the session ended.
        backend: The backend's name (for messages).

    """

    spec: SweepSpec
    folder: Path
    summary: SweepSummary
    backend: str


def launch(flags: Flags, progress: Callable[[SweepSpec], Progress | None],
           command: str) -> Launched:
    """Resolve the flags, check the folder, start the backend and run (or resume) the sweep.

    Args:
        flags: What the user gave (command-line flags, API arguments, a spec file).
        progress: Makes the display of runs done for the resolved spec (or returns None).
        command: How the sweep was asked for, recorded in its manifest.

    Raises:
        SpecError, FolderError, ScenarioError: Bad input (nothing written); FolderError
            also when the folder cannot be written during the sweep (what ran is kept).
        BackendError: The backend cannot start (nothing written).

    """
    from yieldsim.limits import cap_workers
    from yieldsim.rundir import os_problem
    from yieldsim.runner import default_output
    from yieldsim.sweeps.backends import available_cpus, make_backend
    from yieldsim.sweeps.design import design_points
    from yieldsim.sweeps.engine import StopRequest
    from yieldsim.sweeps.session import run_sweep
    from yieldsim.sweeps.spec import refuse_hopeless, resolve, scenario_for
    from yieldsim.sweeps.store import FolderError, check_folder

    spec, execution = resolve(flags)
    scenario = scenario_for(spec)
    points = design_points(spec)
    refuse_hopeless(spec, points)
    out = execution.out if execution.out is not None else default_output() / spec.sweep_id()
    check_folder(out, spec)
    workers = execution.workers
    if execution.scheduler is None:  # a remote cluster's size is its own
        workers, note = cap_workers(workers, available_cpus(), spec.run_count())
        if note:
            print(f"yieldsim: note: {note}", file=sys.stderr)
    backend = make_backend(execution.backend, workers, execution.scheduler)
    backend.start()
    stop = StopRequest()
    try:
        with stop_on_signals(stop):
            summary = run_sweep(spec, scenario, points, execution, backend, out, stop,
                                progress(spec), command=command)
    except OSError as exc:
        raise FolderError(f"cannot write {out}: {os_problem(exc)}; the runs recorded so far "
                          "are kept: fix that and run the same command to resume") from None
    finally:
        backend.close(hard=stop.hard)
    return Launched(spec=spec, folder=out, summary=summary, backend=backend.name)


@contextlib.contextmanager
def stop_on_signals(stop: Any) -> Iterator[None]:
    """Turn SIGINT and SIGTERM into a stop request; a second one asks to stop now.

    Signal handlers can only be set from the main thread; elsewhere (a web server's worker
    thread, say) the sweep runs without them and stops with its caller.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, frame: Any) -> None:
        if stop.requested:
            stop.hard = True
            print("\nyieldsim: stopping now; runs in progress are abandoned", file=sys.stderr)
            return
        stop.requested = True
        print("\nyieldsim: stopping after the runs in progress (Ctrl-C again to stop now)",
              file=sys.stderr)

    previous = {s: signal.signal(s, handle) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
