"""Run folders on disk: refusing to overwrite, and writing files atomically.

Kept free of the simulation stack so that the command line can check an output folder
before it imports anything heavy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = ["OutputError", "check_output", "write_json"]


class OutputError(ValueError):
    """A run folder that cannot be written without harming what is there."""


def check_output(out: Path) -> None:
    """Refuse an output folder that holds anything (nothing a user has is overwritten)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise OutputError(f"output folder {out} already exists and is not empty: choose another "
                          "--out or remove it")


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write JSON via a temporary file and rename (atomic on POSIX)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)
