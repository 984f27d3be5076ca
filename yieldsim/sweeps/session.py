"""One invocation of a sweep on its folder: resume what is there, run the rest, write it up.

This is the sweep without its user interface (no argparse, no progress bar, no signals), so it
can be driven by the command line, a notebook or a test in the same way.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from model.scenario import Scenario
from yieldsim.runner import git_commit, package_versions
from yieldsim.sweeps.backends import Backend
from yieldsim.sweeps.engine import StopRequest, plan, run_tasks
from yieldsim.sweeps.results import make_record, results_frame
from yieldsim.sweeps.schema import run_of
from yieldsim.sweeps.seeds import run_seed
from yieldsim.sweeps.spec import Execution, SweepSpec
from yieldsim.sweeps.store import TIMESERIES_DIR, SweepStore
from yieldsim.sweeps.worker import RunOutcome

RESULTS_FLUSH_S = 30.0
SWEEP_PACKAGES = ("dask", "distributed", "SALib", "tqdm")


class Progress(Protocol):
    """What the session tells a progress display."""

    def start(self, total: int, done: int, failed: int) -> None:
        """The sweep's size and what earlier sessions finished."""

    def advance(self, outcome: RunOutcome) -> None:
        """One more run finished."""

    def close(self) -> None:
        """No more runs in this session."""


@dataclass
class SweepSummary:
    """How a session ended.

    Attributes:
        out: The sweep folder.
        total: Runs in the sweep.
        ok: Runs recorded as ok (all sessions).
        failed: Runs recorded as failed (all sessions).
        ran: Runs finished in this session.
        interrupted: Stopped before every run was recorded.
        elapsed_s: This session's wall time.
        files: Tables and plots written.
        notes: Things the report left out, and why.

    """

    out: Path
    total: int
    ok: int
    failed: int
    ran: int
    interrupted: bool
    elapsed_s: float
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def pending(self) -> int:
        """Runs not yet recorded."""
        return self.total - self.ok - self.failed


def versions() -> dict[str, str]:
    """Versions of everything that shapes results or runs the sweep."""
    return package_versions(tuple(SWEEP_PACKAGES))


def now() -> str:
    """Current UTC time, ISO 8601."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def run_sweep(spec: SweepSpec, scenario: Scenario, points: list[dict[str, Any]],
              execution: Execution, backend: Backend, out: Path, stop: StopRequest,
              progress: Progress | None = None, command: str = "") -> SweepSummary:
    """Run (or resume) a sweep into its folder.

    Args:
        spec: The validated spec.
        scenario: Its scenario, parsed (shipped to workers with each task).
        points: The design points (`design_points(spec)`).
        execution: Execution options (retry_failed is used here).
        backend: A started backend.
        out: The sweep folder (checked with `check_folder` beforehand).
        stop: Set by the caller's signal handlers.
        progress: Optional display.
        command: The command line, for the manifest.

    Returns:
        How it ended.

    Raises:
        FolderError: Another process holds the folder.

    """
    started, clock = now(), time.perf_counter()
    store = SweepStore(out)
    store.open(spec)
    try:
        total = spec.run_count()
        # The manifest first: a folder whose manifest is not one is refused untouched.
        manifest = _begin_manifest(store, spec, len(points), command, backend, started)
        records, notes = verified_records(store, spec)
        records = {run: rec for run, rec in records.items() if 0 <= run < total}
        skip = {run for run, rec in records.items()
                if rec.get("status") == "ok" or not execution.retry_failed}
        store.write_manifest(_counts(manifest, records, total, "running"))
        if progress is not None:
            progress.start(total, len(skip), sum(records[r]["status"] != "ok" for r in skip))
        ran = 0
        last_flush = time.monotonic()

        def on_outcome(outcome: RunOutcome) -> None:
            nonlocal ran, last_flush
            if ran == 0:
                prepare_report()
            point, replicate = divmod(outcome.run, spec.replicates)
            if outcome.timeseries is not None:
                store.write_timeseries(outcome.run, outcome.timeseries)
            record = make_record(outcome, point, replicate,
                                 run_seed(spec.seed, point, replicate, spec.crn), points[point])
            store.write_record(record)
            records[outcome.run] = record
            ran += 1
            if progress is not None:
                progress.advance(outcome)
            if time.monotonic() - last_flush > RESULTS_FLUSH_S:
                store.write_table(results_frame(records.values(), spec.axis_names))
                last_flush = time.monotonic()

        try:
            if len(skip) < total:
                run_tasks(plan(spec, scenario, points, skip), backend, on_outcome, stop)
        finally:
            if progress is not None:
                progress.close()
        complete = len(records) == total
        summary = SweepSummary(out=out, total=total,
                               ok=sum(r["status"] == "ok" for r in records.values()),
                               failed=sum(r["status"] != "ok" for r in records.values()),
                               ran=ran, interrupted=not complete, elapsed_s=0.0)
        summary.notes = notes
        if complete:
            from yieldsim.sweeps.report import build_report

            report = build_report(out, spec, records)
            summary.files, summary.notes = report.files, notes + report.notes
        elif records:
            summary.files = [store.write_table(results_frame(records.values(),
                                                             spec.axis_names))]
        summary.elapsed_s = time.perf_counter() - clock
        session = manifest["sessions"][-1]
        session.update(**backend.describe())
        session.update(finished_at=now(), runs_finished=ran,
                       runs_failed=sum(records[r]["status"] != "ok" for r in records
                                       if r not in skip),
                       status="complete" if complete else "interrupted",
                       elapsed_s=round(summary.elapsed_s, 3))
        store.write_manifest(_counts(manifest, records, total,
                                     "complete" if complete else "incomplete"))
        return summary
    finally:
        store.close()


def verified_records(store: SweepStore, spec: SweepSpec) -> tuple[dict[int, dict[str, Any]],
                                                                 list[str]]:
    """The folder's records that can be trusted, and one note per one that could not.

    A file that is not a valid record (`schema.read_record`) is renamed to `<name>.bad`
    (kept for the user, out of the journal) and its run runs again. With kept time series,
    a finished run whose time series is missing runs again too, so the dataset is whole.
    """
    records, bad = store.load_records()
    notes = []
    for path in bad:
        kept = store.set_aside(path)
        run = run_of(path)
        again = f"; run {run} runs again" if run is not None else ""
        notes.append(f"{path.name} {store.problems[path]}: set aside as {kept.name}{again}")
    if spec.keep_timeseries:
        for run in sorted(records):
            if records[run]["status"] == "ok" and not store.timeseries_path(run).is_file():
                del records[run]
                notes.append(f"run {run} has a record but no time series in "
                             f"{TIMESERIES_DIR}/: it runs again")
    return records, notes


REPORT_MODULE = f"{__package__}.report"


def prepare_report() -> None:
    """Import the report's plotting stack (matplotlib) in the background, while runs execute.

    The parent mostly waits while workers run, so the second or so the import takes is then
    free instead of added to every sweep after its last run. Called once the workers exist
    (after the first outcome): a pool that has to start new workers later sees a second
    thread and starts them from a fork server rather than by forking this process.
    """
    if REPORT_MODULE not in sys.modules:
        threading.Thread(target=importlib.import_module, args=(REPORT_MODULE,),
                         name="yieldsim-report-import", daemon=True).start()


def _begin_manifest(store: SweepStore, spec: SweepSpec, points: int, command: str,
                    backend: Backend, started: str) -> dict[str, Any]:
    """The manifest with a new session appended (earlier sessions kept)."""
    previous = store.read_manifest()
    commit = git_commit()
    return {
        "sweep_id": store.root.name,
        "name": spec.name,
        "description": spec.description,
        "scenario": spec.scenario,
        "scenario_sha256": spec.scenario_sha256,
        "design": spec.design,
        "varied": spec.axis_names,
        "settings": spec.settings,
        "points": points,
        "replicates": spec.replicates,
        "runs": spec.run_count(),
        "root_seed": spec.seed,
        "common_random_numbers": spec.crn,
        "steps": spec.steps,
        "created_at": previous.get("created_at", started),
        "versions": versions(),
        "git_commit": commit,
        "sessions": [*previous.get("sessions", []),
                     {"started_at": started, "command": command, **backend.describe(),
                      "git_commit": commit}],
    }


def _counts(manifest: dict[str, Any], records: dict[int, dict[str, Any]], total: int,
            status: str) -> dict[str, Any]:
    """The manifest with current counts and status."""
    ok = sum(r["status"] == "ok" for r in records.values())
    failed = len(records) - ok
    manifest.update(status=status, updated_at=now(),
                    counts={"ok": ok, "failed": failed, "pending": total - len(records)})
    return manifest
