"""The submit/collect loop: bounded work in flight, every outcome handed on as it arrives.

Tasks are produced lazily and sent in batches (at most `Backend.max_batch` runs per call: one
on the local pool, several on Dask, where each call costs a scheduler round trip; a batch is
sized from the run times so far to take about `BATCH_TARGET_S`); at most a few batches per
worker are in flight, so a sweep of any size holds only the outcomes it has not yet handed on
(and the caller keeps only summaries). Each outcome goes to `on_outcome` the moment its batch
returns — that is where the store writes it — so an interruption loses at most the runs still
executing. A stop request (Ctrl-C) stops submitting
and lets the runs in progress finish; a second one abandons them. A worker process that dies
takes its runs with it: they are retried once, then recorded as failed.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from model.scenario import Scenario
from yieldsim.sweeps.backends import Backend
from yieldsim.sweeps.seeds import run_seed
from yieldsim.sweeps.spec import SweepSpec
from yieldsim.sweeps.worker import RunOutcome, RunTask, describe_error, execute_batch

MAX_ATTEMPTS = 2
POLL_S = 0.2
# A batch is sized to take about this long in a worker (from the mean run time so far): long
# enough that a call's fixed cost is small beside it, short enough that progress, a stop
# request and the last batches' balance across workers stay prompt.
BATCH_TARGET_S = 0.5


@dataclass
class StopRequest:
    """Set by signal handlers; read by the loop.

    Attributes:
        requested: Stop submitting; finish and keep the runs in progress.
        hard: Abandon the runs in progress too.

    """

    requested: bool = False
    hard: bool = False


def plan(spec: SweepSpec, scenario: Scenario, points: list[dict[str, Any]],
         skip: set[int]) -> Iterator[RunTask]:
    """The tasks still to do, in run order, skipping finished run numbers."""
    for point, values in enumerate(points):
        for replicate in range(spec.replicates):
            run = point * spec.replicates + replicate
            if run in skip:
                continue
            yield RunTask(run=run, point=point, replicate=replicate,
                          seed=run_seed(spec.seed, point, replicate, spec.crn), values=values,
                          settings=spec.settings, scenario=scenario, steps=spec.steps,
                          keep_timeseries=spec.keep_timeseries)


def run_tasks(tasks: Iterable[RunTask], backend: Backend,
              on_outcome: Callable[[RunOutcome], None], stop: StopRequest,
              depth: int | None = None, batch: int | None = None) -> bool:
    """Execute tasks on a backend, handing each outcome on as it arrives.

    Args:
        tasks: What to run (consumed lazily).
        backend: A started backend.
        on_outcome: Called in this thread for every finished run (ok or failed).
        stop: Checked between completions.
        depth: Batches in flight at most (default: twice the backend's slots, so workers
            never wait for the next batch).
        batch: Most runs per call (default: the backend's `max_batch`); the first calls carry
            one run each, later ones as many as take about `BATCH_TARGET_S`.

    Returns:
        True when every task ran; False when stopped first.

    """
    source = iter(tasks)
    depth = depth or 2 * backend.slots
    batch = batch or backend.max_batch
    executor = backend.executor()
    try:
        return _loop(executor, source, backend, on_outcome, stop, depth, batch)
    finally:
        backend.release(hard=stop.hard)


def _loop(executor: cf.Executor, source: Iterator[RunTask], backend: Backend,
          on_outcome: Callable[[RunOutcome], None], stop: StopRequest, depth: int,
          batch: int) -> bool:
    """The loop of `run_tasks`."""
    retry: deque[RunTask] = deque()
    attempts: dict[int, int] = {}
    inflight: dict[cf.Future[list[RunOutcome]], tuple[list[RunTask], int]] = {}
    generation = 0
    exhausted = False
    size = 1  # runs per call until run times are known
    timed, run_time_s = 0, 0.0
    while True:
        if stop.requested:
            for future in [f for f in inflight if f.cancel()]:
                del inflight[future]
            if stop.hard or not inflight:
                return False
        else:
            while len(inflight) < depth and not (exhausted and not retry):
                tasks: list[RunTask] = []
                while len(tasks) < size:
                    task = retry.popleft() if retry else next(source, None)
                    if task is None:
                        exhausted = True
                        break
                    tasks.append(task)
                if not tasks:
                    break
                inflight[executor.submit(execute_batch, tasks)] = (tasks, generation)
            if not inflight and not retry:
                return True
        done, _ = cf.wait(list(inflight), timeout=POLL_S, return_when=cf.FIRST_COMPLETED)
        broken = False
        for future in done:
            tasks, born = inflight.pop(future)
            if future.cancelled():
                continue
            error = future.exception()
            if error is None:
                for outcome in future.result():
                    timed, run_time_s = timed + 1, run_time_s + outcome.duration_s
                    on_outcome(outcome)
                size = batch_size(batch, run_time_s / max(timed, 1))
                continue
            if stop.requested:
                continue  # cut short by the stop; it is redone on resume
            broken |= isinstance(error, cf.BrokenExecutor) and born == generation
            for task in tasks:
                attempts[task.run] = attempts.get(task.run, 0) + 1
                if attempts[task.run] < MAX_ATTEMPTS:
                    retry.append(task)
                else:
                    on_outcome(RunOutcome.failure(task.run, "the worker running it was lost: "
                                                  + describe_error(error)))
        if broken:
            executor = backend.replace_broken()
            generation += 1


def batch_size(most: int, mean_run_s: float) -> int:
    """Runs per call: as many as take about `BATCH_TARGET_S`, from 1 to `most`."""
    if mean_run_s <= 0:
        return most
    return max(1, min(most, int(BATCH_TARGET_S / mean_run_s)))
