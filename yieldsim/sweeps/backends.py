"""Where runs execute: a local process pool or a Dask distributed cluster, as one interface.

Both hand the engine a `concurrent.futures.Executor`, so the submit/collect loop (and with it
resume, failure handling and stopping) is written once. Results never depend on the backend:
every run carries its own seed and the engine stores results by run number.

The local pool starts its workers by forking a parent that has already imported the model,
when that is safe (no other threads yet), so no worker imports anything; otherwise it uses a
fork server that preloads the model once. A local Dask cluster forks its workers the same way
(Dask's own `fork` start method), so they start in well under a second instead of importing
Dask and the model again; workers of a remote cluster import the model once, up front. Every
worker process lives for the whole sweep and runs batch after batch.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing as mp
import os
import threading
import warnings
from abc import ABC, abstractmethod
from typing import Any

from yieldsim.sweeps.worker import init_worker, warm

CONNECT_TIMEOUT_S = 5.0
WORKER_MODULE = "yieldsim.sweeps.worker"


class BackendError(RuntimeError):
    """A backend that cannot start (for example an unreachable Dask scheduler)."""


def available_cpus() -> int:
    """Cores this process may use (respects CPU affinity and container limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Backend(ABC):
    """An execution backend."""

    name = "backend"
    # Most runs sent to a worker in one call (`yieldsim.sweeps.engine`): a local pool's call
    # costs a pipe write, so one run per call keeps progress and stopping run by run.
    max_batch = 1

    @abstractmethod
    def start(self) -> None:
        """Connect or start what is needed; raise BackendError if it cannot be reached."""

    @abstractmethod
    def executor(self) -> cf.Executor:
        """An executor to submit `execute_task` calls to."""

    @property
    @abstractmethod
    def slots(self) -> int:
        """How many runs execute at once."""

    @abstractmethod
    def release(self, hard: bool = False) -> None:
        """Free the workers of the last executor (the sweep loop is over)."""

    def replace_broken(self) -> cf.Executor:
        """A fresh executor after the current one broke (a worker process died)."""
        return self.executor()

    @abstractmethod
    def close(self, hard: bool = False) -> None:
        """Release workers; `hard` abandons runs in progress."""

    def describe(self) -> dict[str, Any]:
        """What the manifest records about the backend."""
        return {"backend": self.name, "workers": self.slots}


class LocalBackend(Backend):
    """A process pool on this machine, one worker per core by default."""

    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        """Set the pool size (None: one per core)."""
        self.workers = workers or available_cpus()
        self._pool: cf.ProcessPoolExecutor | None = None
        self.start_method = ""

    def start(self) -> None:
        """Nothing to do: the pool starts with the first executor."""

    @property
    def slots(self) -> int:
        """Pool size."""
        return self.workers

    def executor(self) -> cf.Executor:
        """A new process pool (the previous one, if any, is shut down)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        context = self._context()
        self.start_method = context.get_start_method()
        self._pool = cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                            initializer=init_worker)
        if self.start_method == "fork":
            # Start every worker now, while this process has no other Python thread (the
            # executor forks them all at the first submit). Python warns about any other OS
            # thread; the only ones here belong to BLAS libraries, which re-initialise
            # themselves in the child (pthread_atfork).
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*multi-threaded.*fork",
                                        category=DeprecationWarning)
                self._pool.submit(os.getpid).result()
        return self._pool

    def _context(self) -> Any:
        """Fork when this process has no other thread (cheapest: the model is inherited).

        Forking a multi-threaded process can deadlock the child, so otherwise a fork server
        that has imported the model once starts the workers.
        """
        methods = mp.get_all_start_methods()
        if "fork" in methods and threading.active_count() == 1:
            return mp.get_context("fork")
        if "forkserver" in methods:
            context = mp.get_context("forkserver")
            context.set_forkserver_preload([WORKER_MODULE])
            return context
        return mp.get_context("spawn")  # pragma: no cover - Windows

    def release(self, hard: bool = False) -> None:
        """Shut the pool down: workers are not kept idle while the report is written."""
        self.close(hard)

    def close(self, hard: bool = False) -> None:
        """Shut the pool down; `hard` terminates workers in the middle of a run."""
        if self._pool is None:
            return
        if hard:
            # The executor has no public way to stop a running task before Python 3.14.
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=not hard, cancel_futures=True)
        self._pool = None

    def describe(self) -> dict[str, Any]:
        """Backend, pool size and how workers were started."""
        return {"backend": self.name, "workers": self.workers,
                "start_method": self.start_method or None}


class DaskBackend(Backend):
    """A Dask distributed cluster: the one at `scheduler`, or a LocalCluster started here."""

    name = "dask"
    # Each call costs a scheduler round trip and two serialisations: batches of up to this
    # many runs (sized by the engine to take about half a second) amortise them.
    max_batch = 32

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 timeout_s: float = CONNECT_TIMEOUT_S) -> None:
        """Remember where to connect; nothing starts until `start`."""
        self.scheduler = scheduler
        self.workers = workers
        self.timeout_s = timeout_s
        self.client: Any = None
        self.cluster: Any = None

    def start(self) -> None:
        """Connect (or start a LocalCluster) and import the model on every worker.

        Raises:
            BackendError: The scheduler cannot be reached or has no workers.

        """
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            try:
                self.client = Client(self.scheduler, timeout=self.timeout_s,
                                     set_as_default=False)
            except Exception as exc:
                raise BackendError(f"cannot reach the Dask scheduler at {self.scheduler} "
                                   f"({type(exc).__name__}: {' '.join(str(exc).split())}): "
                                   "check the address, or omit --scheduler to start a local "
                                   "cluster") from None
            try:
                self.client.wait_for_workers(1, timeout=self.timeout_s)
            except Exception:
                self.close()
                raise BackendError(f"the Dask scheduler at {self.scheduler} has no workers: "
                                   "start some with `dask worker ADDRESS`") from None
        else:
            self.cluster = self._local_cluster(LocalCluster)
            self.client = Client(self.cluster, set_as_default=False)
        self.client.run(warm)

    def _local_cluster(self, cluster_class: Any) -> Any:
        """A LocalCluster whose worker processes are forked from this one when possible.

        Spawned workers import Dask, Mesa and the model afresh: 2-4 s on two busy cores, more
        than a 200-run sweep of short runs takes. Forked from this process, which has them
        imported, they start at once. Dask forks from its event-loop thread, which Python
        warns about for any multi-threaded process; Dask supports this start method and the
        child runs only Dask's worker. Elsewhere (no fork: Windows, macOS's default) Dask's
        configured method is used.
        """
        import dask

        method = ("fork" if "fork" in mp.get_all_start_methods()
                  else dask.config.get("distributed.worker.multiprocessing-method"))
        with dask.config.set({"distributed.worker.multiprocessing-method": method}), \
                warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*multi-threaded.*fork",
                                    category=DeprecationWarning)
            return cluster_class(n_workers=self.workers or available_cpus(),
                                 threads_per_worker=1, processes=True,
                                 dashboard_address=None, silence_logs=logging.ERROR)

    @property
    def slots(self) -> int:
        """Worker threads in the cluster now."""
        if self.client is None:
            return self.workers or 1
        return max(1, sum(self.client.nthreads().values()))

    def executor(self) -> cf.Executor:
        """The client's concurrent.futures view (tasks are never deduplicated by Dask)."""
        return self.client.get_executor(pure=False)

    def release(self, hard: bool = False) -> None:
        """Nothing to do: the cluster stays up until `close`."""

    def close(self, hard: bool = False) -> None:
        """Disconnect, and stop the LocalCluster if this backend started it."""
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def describe(self) -> dict[str, Any]:
        """Backend, scheduler and worker threads."""
        return {"backend": self.name, "scheduler": self.scheduler or "LocalCluster",
                "workers": self.slots}


def make_backend(name: str, workers: int | None, scheduler: str | None) -> Backend:
    """The backend a sweep asked for (not started)."""
    if name == "dask":
        return DaskBackend(scheduler=scheduler, workers=workers)
    return LocalBackend(workers=workers)
