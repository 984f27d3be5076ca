"""What a sweep folder's records and manifest must hold, checked whenever they are read.

A sweep folder is the user's: files in it may have been edited, truncated or replaced. A
record is trusted only if it is a JSON object with the fields the sweep writes, of the types
it writes them, and with the run number its file name says; anything else is a bad record,
named, set aside and run again (`session.run_sweep`). The manifest must be an object whose
sessions are a list of objects; otherwise the folder is refused in one line.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from model.values import show

RECORD_STATUSES = ("ok", "failed")
# field: (what it must be, a check)
_WHOLE = ("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool))
_NUMBER = ("a finite number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
           and math.isfinite(v))
_TEXT = ("text", lambda v: isinstance(v, str))
_TEXT_OR_NULL = ("text or null", lambda v: v is None or isinstance(v, str))
_TABLE = ("an object", lambda v: isinstance(v, dict))
RECORD_FIELDS = {"run": _WHOLE, "point": _WHOLE, "replicate": _WHOLE, "seed": _WHOLE,
                 "params": _TABLE, "metrics": _TABLE, "status": _TEXT, "error": _TEXT_OR_NULL,
                 "duration_s": _NUMBER, "finished_at": _TEXT_OR_NULL}


class RecordError(ValueError):
    """A record file that is not a record the sweep wrote; the message says what is wrong."""


class ManifestError(ValueError):
    """A manifest that is not one a sweep wrote; the message says what is wrong."""


def _no_constants(name: str) -> Any:
    """JSON's non-standard NaN and Infinity are not in any file the sweep writes."""
    raise ValueError(f"{name} is not strict JSON")


def read_record(path: Path, run: int | None = None) -> dict[str, Any]:
    """A record read and checked field by field.

    Args:
        path: The record file.
        run: The run number its name gives (checked against the record's own).

    Raises:
        RecordError: Unreadable, not strict JSON, a missing field, a field of the wrong type,
            an unknown status or a metric that is not a number, flag or null.

    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constants)
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(f"cannot be read ({exc})") from None
    except ValueError as exc:
        raise RecordError(f"is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise RecordError("is not a JSON object")
    for name, (what, ok) in RECORD_FIELDS.items():
        if name not in data:
            raise RecordError(f"has no '{name}'")
        if not ok(data[name]):
            raise RecordError(f"'{name}' is {show(data[name])}, not {what}")
    if data["status"] not in RECORD_STATUSES:
        raise RecordError(f"'status' is {show(data['status'])}: use ok or failed")
    if run is not None and data["run"] != run:
        raise RecordError(f"says run {data['run']} but its name says run {run}")
    for name, value in data["metrics"].items():
        if not (value is None or isinstance(value, bool) or _NUMBER[1](value)):
            raise RecordError(f"metric {show(name)} is {show(value)}, not a number")
    for name, value in data["params"].items():
        if not (isinstance(value, (bool, str)) or _NUMBER[1](value)):
            raise RecordError(f"parameter {show(name)} is {show(value)}, not a value")
    return data


def run_of(path: Path) -> int | None:
    """The run number a record file's name gives (`run-0000042.json` -> 42), if any."""
    digits = path.name.removeprefix("run-").removesuffix(".json")
    return int(digits) if digits.isdigit() and len(digits) <= 12 else None


def check_manifest(data: Any) -> dict[str, Any]:
    """The manifest, if it is one.

    Raises:
        ManifestError: Not an object, or its sessions not a list of objects.

    """
    if not isinstance(data, dict):
        raise ManifestError(f"is {type(data).__name__} {show(data)}, not a JSON object")
    sessions = data.get("sessions", [])
    if not isinstance(sessions, list) or not all(isinstance(s, dict) for s in sessions):
        raise ManifestError(f"'sessions' is {show(sessions)}, not a list of objects")
    created = data.get("created_at")
    if created is not None and not isinstance(created, str):
        raise ManifestError(f"'created_at' is {show(created)}, not text")
    return data
