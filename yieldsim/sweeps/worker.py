"""What a worker process does for one run: build, simulate, summarise, report back.

This module imports the model at its top, so a worker pays the model's import cost once
(when the pool starts it, via `init_worker`, or when the forking parent already has it) and
never per run. A run that raises is returned as a failure with a one-line error, never
raised: one bad corner of a design must not stop a sweep.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import signal
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from model.scenario import Scenario
from model.yieldmodel import YieldModel
from yieldsim.runner import RunRequest, simulate

MAX_ERROR_CHARS = 600
PARENT_POLL_S = 0.5


@dataclass(frozen=True)
class RunTask:
    """One run of a sweep, self-contained so it can travel to any worker.

    Attributes:
        run: Run number (point * replicates + replicate).
        point: Design point index.
        replicate: Replicate index.
        seed: The run's seed.
        values: The varied parameters' values at this point.
        settings: Fixed overrides shared by every run.
        scenario: The parsed scenario (shipped, so remote workers need no file).
        steps: Steps to run.
        keep_timeseries: Return the per-step table too.

    """

    run: int
    point: int
    replicate: int
    seed: int
    values: dict[str, Any]
    settings: dict[str, Any]
    scenario: Scenario
    steps: int
    keep_timeseries: bool = False


@dataclass
class RunOutcome:
    """What comes back from a worker.

    Attributes:
        run: Run number.
        status: "ok" or "failed".
        metrics: Numeric and boolean summary values, nested ones flattened with dots.
        error: One-line error for a failed run.
        duration_s: Wall time of the run in the worker.
        finished_at: UTC time the run ended (ISO 8601).
        timeseries: The per-step table, when asked for.

    """

    run: int
    status: str
    metrics: dict[str, Any]
    error: str | None
    duration_s: float
    finished_at: str
    timeseries: pd.DataFrame | None = None

    @classmethod
    def failure(cls, run: int, error: str, duration_s: float = 0.0) -> RunOutcome:
        """A failed run."""
        return cls(run=run, status="failed", metrics={}, error=error[:MAX_ERROR_CHARS],
                   duration_s=duration_s, finished_at=now())


def now() -> str:
    """The current UTC time, ISO 8601."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def init_worker() -> None:
    """Process-pool initializer: the model is imported (this module) and signals set.

    Ctrl-C reaches every process of the terminal's process group; workers ignore it so that
    the parent alone decides how to stop (finish the runs in progress, keep them). SIGTERM
    gets its default action back in case the parent's handler was inherited through fork.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True,
                     name="yieldsim-parent-watch").start()


def _exit_with_parent(parent: int) -> None:
    """End this worker when the process that started it is gone.

    A pool worker waits on a queue whose write end it holds itself, so it would wait forever
    after its parent was killed with SIGKILL; nobody would record its runs anyway.
    """
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def warm() -> str:
    """Nothing but an import of this module on a Dask worker; returns the model's module name."""
    return YieldModel.__module__


def execute_task(task: RunTask) -> RunOutcome:
    """Run one task and summarise it; errors are returned, not raised."""
    clock = time.perf_counter()
    try:
        settings = {**task.settings, **task.values}
        model = YieldModel(scenario=task.scenario, rng=task.seed, **settings)
        request = RunRequest(scenario=task.scenario.name, seed=task.seed, steps=task.steps,
                             settings=settings)
        result = simulate(request, model)
        frame = model.timeseries() if task.keep_timeseries else None
        metrics = flatten_summary(result.summary)
        return RunOutcome(run=task.run, status="ok", metrics=metrics,
                          error=None, duration_s=time.perf_counter() - clock,
                          finished_at=now(), timeseries=frame)
    except Exception as exc:
        return RunOutcome.failure(task.run, describe_error(exc), time.perf_counter() - clock)


def execute_batch(tasks: list[RunTask]) -> list[RunOutcome]:
    """Run several tasks one after the other in this worker (one message each way).

    Dask pays a scheduler round trip, a serialisation of the task and one of its result per
    submitted call; for runs of a few tens of milliseconds that costs as much as the runs.
    A batch pays it once. Each run still has its own seed and its own outcome.
    """
    return [execute_task(task) for task in tasks]


def describe_error(exc: BaseException) -> str:
    """`Type: message (at file:line)` on one line, with the innermost frame for debugging."""
    message = " ".join(str(exc).split()) or repr(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {message}{where}"


def flatten_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """Numbers and booleans of a run summary; nested tables become `key.sub` columns.

    Text (dates, the scenario name) and missing values are left out: the results table keeps
    what can be averaged, counted or plotted.
    """
    flat: dict[str, Any] = {}
    for key, value in summary.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                if _is_number(inner):
                    flat[f"{key}.{sub}"] = inner
        elif _is_number(value):
            flat[key] = value
    return flat


def _is_number(value: Any) -> bool:
    """Whether a value is a bool or a real number (NaN included, text and None not)."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return True
    return isinstance(value, float) and not math.isinf(value)
