"""The sweep folder: one record per finished run, written atomically; tables and manifest.

Layout of `runs/output/<sweep-id>/`:

- `spec.toml` — the resolved spec (what decides the results; reusable with `--spec`);
- `records/run-0000042.json` — one file per finished run (ok or failed). This is the journal:
  a record is written to a hidden temporary name and renamed into place, so it is either
  complete or absent, and its run number is its name, so a run can never be there twice.
  Killing the sweep (even with SIGKILL) loses only runs that had not finished;
- `timeseries/run=42/part-0.parquet` — with `--keep-timeseries`, a Hive-partitioned dataset
  (read it with `pandas.read_parquet(folder / "timeseries")`); written before the record, so
  a recorded run always has its time series;
- `results.parquet`, `points.csv`, plots and `sensitivity.csv` — rebuilt from the records;
- `manifest.json` — versions, commit, times, counts and one entry per session.

A `.lock` (a POSIX record lock) keeps two sweeps from writing to one folder at once; the
kernel releases it when the process dies, however it dies, and — unlike flock — forked worker
processes do not inherit it, so a killed sweep's workers cannot keep the folder locked.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from yieldsim.rundir import OutputError, check_place, dumps, os_problem
from yieldsim.sweeps.results import column_unit
from yieldsim.sweeps.schema import ManifestError, RecordError, check_manifest, read_record, run_of
from yieldsim.sweeps.spec import SweepSpec
from yieldsim.sweeps.specfile import differences, read_spec_file, stored_identity
from yieldsim.timeseries import with_units, write_parquet

SPEC_FILE = "spec.toml"
MANIFEST_FILE = "manifest.json"
RESULTS_FILE = "results.parquet"
RECORDS_DIR = "records"
TIMESERIES_DIR = "timeseries"
LOCK_FILE = ".lock"


class FolderError(ValueError):
    """An output folder that cannot be used without harming what is in it."""


def check_folder(root: Path, spec: SweepSpec) -> bool:
    """Decide, before writing anything, whether `root` can take this sweep.

    Returns:
        True when the folder holds this same sweep (resume), False when it is new or empty.

    Raises:
        FolderError: It is a file, holds another sweep, or holds something else.

    """
    if not root.exists():
        try:
            check_place(root)
        except OutputError as exc:
            raise FolderError(str(exc)) from None
        return False
    if not root.is_dir():
        raise FolderError(f"{root} exists and is not a folder: choose another --out")
    spec_path = root / SPEC_FILE
    if spec_path.is_file():
        stored = stored_identity(spec_path)
        current = spec.identity()
        if json.dumps(stored) != json.dumps(current):
            diffs = differences(stored, current, read_spec_file(spec_path),
                                {"resolved_params": spec.base_params, "model_code": spec.code})
            shown = ", ".join(diffs[:4]) + (", ..." if len(diffs) > 4 else "")
            raise FolderError(f"{root} holds a different sweep (differs in: {shown}): use "
                              "another --out, or remove that folder to start over")
        return True
    if [p for p in root.iterdir() if not _skeleton(p)]:
        raise FolderError(f"{root} exists, is not empty and holds no sweep: choose another --out")
    return False


def _skeleton(path: Path) -> bool:
    """Whether a path is what a sweep killed while creating its folder can leave.

    That is the lock, an empty records folder or a temporary file; a folder holding only
    these is treated as empty, so the same command can start again.
    """
    if path.name == LOCK_FILE or (path.name.startswith(".") and ".tmp" in path.name):
        return True
    return path.name == RECORDS_DIR and path.is_dir() and not any(path.iterdir())


class SweepStore:
    """Reads and writes one sweep folder."""

    def __init__(self, root: Path) -> None:
        """Point at a folder (nothing is touched until `open`)."""
        self.root = root
        self.records_dir = root / RECORDS_DIR
        self.timeseries_dir = root / TIMESERIES_DIR
        self._lock_fd: int | None = None
        self.problems: dict[Path, str] = {}

    def open(self, spec: SweepSpec) -> None:
        """Create the folder if needed, take the lock, write the spec on first use.

        Raises:
            FolderError: Another sweep process holds the folder.

        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root / LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as exc:
            raise FolderError(f"cannot create {self.root}: {os_problem(exc)}: choose another "
                              "--out") from None
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise FolderError(f"another yieldsim sweep is writing to {self.root}: wait for it "
                              "to finish or stop it first") from None
        self._lock_fd = fd
        self._remove_temporaries()
        if not (self.root / SPEC_FILE).is_file():
            write_text(self.root / SPEC_FILE, spec.to_toml())
        self.records_dir.mkdir(exist_ok=True)

    def close(self) -> None:
        """Release the lock."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _remove_temporaries(self) -> None:
        """Delete half-written temporary files a killed process left (never complete files)."""
        for folder in (self.root, self.records_dir):
            for tmp in folder.glob(".*.tmp*"):
                tmp.unlink(missing_ok=True)
        if self.timeseries_dir.is_dir():
            for tmp in self.timeseries_dir.glob("*/.*.tmp*"):
                tmp.unlink(missing_ok=True)

    # --- records ------------------------------------------------------------------------------
    def record_path(self, run: int) -> Path:
        """Where a run's record lives."""
        return self.records_dir / f"run-{run:07d}.json"

    def write_record(self, record: dict[str, Any]) -> None:
        """Write one run's record atomically (replacing an older record of the same run)."""
        write_text(self.record_path(int(record["run"])),
                   dumps(record, separators=(",", ":")))

    def load_records(self) -> tuple[dict[int, dict[str, Any]], list[Path]]:
        """Every valid record by run number, and the files that are not valid records.

        Each file is checked against the record schema (`schema.read_record`); why a file
        was refused is kept in `self.problems`, by path.
        """
        records: dict[int, dict[str, Any]] = {}
        unreadable: list[Path] = []
        self.problems: dict[Path, str] = {}
        if not self.records_dir.is_dir():
            return records, unreadable
        for path in sorted(self.records_dir.glob("run-*.json")):
            run = run_of(path)
            try:
                if run is None:
                    raise RecordError("has no run number in its name")
                records[run] = read_record(path, run)
            except RecordError as exc:
                unreadable.append(path)
                self.problems[path] = str(exc)
        return records, unreadable

    def set_aside(self, path: Path) -> Path:
        """Rename a bad record out of the journal (kept, never deleted), so its run runs again."""
        target = path.with_name(path.name + ".bad")
        n = 1
        while target.exists():  # an earlier bad copy of the same run is kept too
            target, n = path.with_name(f"{path.name}.bad{n}"), n + 1
        os.replace(path, target)
        return target

    def timeseries_path(self, run: int) -> Path:
        """Where a kept run's time series lives."""
        return self.timeseries_dir / f"run={run}" / "part-0.parquet"

    def write_timeseries(self, run: int, frame: pd.DataFrame) -> None:
        """Write a run's time series into the partitioned dataset, atomically."""
        folder = self.timeseries_path(run).parent
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".part-0.parquet.tmp{os.getpid()}"
        write_parquet(frame, tmp)
        os.replace(tmp, folder / "part-0.parquet")

    # --- tables and manifest ------------------------------------------------------------------
    def write_table(self, frame: pd.DataFrame, name: str = RESULTS_FILE) -> Path:
        """Write a table (Parquet or CSV by suffix) atomically."""
        path = self.root / name
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        if path.suffix == ".csv":
            frame.to_csv(tmp, index=False, float_format="%.10g")
        else:  # each field says its unit, as timeseries.parquet's do
            import pyarrow.parquet as pq

            units = {str(name): column_unit(str(name)) for name in frame.columns}
            pq.write_table(with_units(frame, units), tmp)
        os.replace(tmp, path)
        return path

    def read_manifest(self) -> dict[str, Any]:
        """The manifest, or an empty one (none yet, or cut short by a crash mid-write).

        Raises:
            FolderError: It parses but is not a sweep's manifest (`schema.check_manifest`).

        """
        path = self.root / MANIFEST_FILE
        if not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return {}
        try:
            return check_manifest(data)
        except ManifestError as exc:
            raise FolderError(f"{path} {exc}: it is not a sweep manifest; move it aside and run "
                              "again (the records are kept)") from None

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        """Write the manifest atomically."""
        write_text(self.root / MANIFEST_FILE, dumps(manifest, indent=2) + "\n")


def write_text(path: Path, text: str) -> None:
    """Write a file via a temporary name and a rename (atomic on POSIX)."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
