"""Run folders on disk: refusing to overwrite, writing atomically, and strict JSON.

Kept free of the simulation stack so that the command line can check an output folder
before it imports anything heavy.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

__all__ = ["OutputError", "check_output", "check_place", "clean_stale_partials", "dumps",
           "os_problem", "partial_name", "place", "slug", "write_json"]

PARTIAL = ".partial-"
MAX_SLUG = 60  # characters of a name kept in a folder name (ids add seed, time or digest)


def slug(name: str, fallback: str = "run") -> str:
    """A folder-name part made from a user's name (a scenario's or a sweep's), never a path.

    Names come from files a user may not have written; a name like "/etc", "../../x" or
    "a/b/c" must not choose where files go (only `--out` does). Letters, digits, `_`, `.` and
    `-` are kept (accents folded to ASCII); every other run of characters, separators and
    control characters included, becomes one `-`; leading dots and dashes go, so the result
    is never hidden, `.` or `..`. An empty result becomes `fallback`.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", ascii_name).strip("-.")[:MAX_SLUG].rstrip("-.")
    return cleaned or fallback


class OutputError(ValueError):
    """A run folder that cannot be written without harming what is there."""


def check_output(out: Path) -> None:
    """Refuse an output folder that holds anything, or that cannot be made where it is.

    Nothing a user has is overwritten; a folder under a file or in a place that is not a
    directory is refused before anything runs (a read-only or full disk shows when the
    folder is written, and is reported the same way).
    """
    try:
        if out.exists() and not out.is_dir():
            raise OutputError(f"output folder {out} is a file, not a folder: choose another "
                              "--out")
        if out.exists() and any(out.iterdir()):
            raise OutputError(f"output folder {out} already exists and is not empty: choose "
                              "another --out or remove it")
    except OSError as exc:
        raise OutputError(f"output folder {out}: {os_problem(exc)}: choose another --out") from None
    check_place(out)


def check_place(out: Path) -> None:
    """Refuse a folder that could not be created: one under a file (or an unusable path)."""
    try:
        ancestor = out.parent
        while not ancestor.exists() and ancestor != ancestor.parent:
            ancestor = ancestor.parent
        under_file = not ancestor.is_dir()
    except OSError as exc:
        raise OutputError(f"output folder {out}: {os_problem(exc)}: choose another --out") from None
    if under_file:
        raise OutputError(f"output folder {out} is under {ancestor}, which is a file: choose "
                          "another --out")


def os_problem(exc: OSError) -> str:
    """What an operating-system error means for a folder being written, in a few words."""
    reasons = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
               errno.EROFS: "the file system is read-only",
               errno.EACCES: "no permission to write there",
               errno.EPERM: "no permission to write there",
               errno.ENOTDIR: "a part of the path is a file",
               errno.ENAMETOOLONG: "the path is too long"}
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def partial_name(final: Path) -> Path:
    """The hidden folder a run is written into before it is renamed into place."""
    return final.parent / f".{final.name}{PARTIAL}{os.getpid()}"


def clean_stale_partials(parent: Path) -> list[Path]:
    """Remove hidden `.NAME.partial-PID` folders whose writer is gone (killed, say).

    A folder whose process still runs is left alone, so two runs into the same parent never
    delete each other's work. Returns what was removed.
    """
    removed = []
    try:
        candidates = list(parent.glob(f".*{PARTIAL}*"))
    except OSError:
        return removed
    for path in candidates:
        pid_text = path.name.rpartition(PARTIAL)[2]
        if not pid_text.isdigit() or _alive(int(pid_text)) or not path.is_dir():
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (another user's counts as alive)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def place(staging: Path, final: Path) -> None:
    """Rename a finished staging folder into place, refusing to replace a filled folder.

    Raises:
        OutputError: Another process filled `final` meanwhile, or the rename failed.

    """
    try:
        if final.exists():
            final.rmdir()  # only an empty folder goes; a filled one raises ENOTEMPTY
        os.rename(staging, final)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise OutputError(f"output folder {final} was filled by another run meanwhile: "
                              "choose another --out") from None
        raise OutputError(f"cannot write {final}: {os_problem(exc)}") from None


def finite(data: Any) -> Any:
    """A copy with NaN and infinities replaced by None.

    JSON has no NaN; pandas reads null back as a missing value.
    """
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [finite(v) for v in data]
    return data


def dumps(data: Any, **options: Any) -> str:
    """Strict JSON: no NaN or Infinity (they become null), as every other reader expects."""
    return json.dumps(finite(data), allow_nan=False, default=str, **options)


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write strict JSON via a temporary file and rename (atomic on POSIX)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
