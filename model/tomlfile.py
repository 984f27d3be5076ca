"""Reading a user's TOML file with limits: a regular file, of bounded size and nesting.

Scenario and sweep-spec files come from users, so a path may name /dev/zero, a FIFO, a
directory or a file built to exhaust memory or the parser's recursion. Each is refused with
one line before it is read (a FIFO is never opened, so nothing blocks), and what is read is
never more than the limit.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

# The shipped scenarios and sweep specs are under 4 KB; a megabyte is 250 times that and still
# parses in well under a second.
MAX_BYTES = 1_000_000
# A scenario is at most three levels deep (file, [[events]], a list of countries); a spec the
# same. Anything deeper is not one of them, and a 5,000-deep file would exhaust recursion.
MAX_DEPTH = 8


def read_toml(path: Path, what: str, error: type[Exception]) -> dict[str, Any]:
    """Parse a TOML file a user named, or refuse it in one line.

    Args:
        path: The file.
        what: What it should be ("scenario file", "spec file"), for messages.
        error: The caller's exception class.

    Returns:
        The parsed tables.

    Raises:
        error: Missing, not a regular file, too large, not UTF-8, malformed or too deeply nested.

    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error(f"{what} {path} does not exist") from None
    except OSError as exc:
        raise error(f"{what} {path}: cannot read it ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise error(f"{what} {path} is {kind}: give a .toml file")
    if info.st_size > MAX_BYTES:
        raise error(f"{what} {path} is {info.st_size:,} bytes: a {what} is at most "
                    f"{MAX_BYTES:,} bytes")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise error(f"{what} {path}: cannot read it ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise error(f"{what} {path} grew past {MAX_BYTES:,} bytes while being read")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise error(f"{what} {path} is not UTF-8 text: save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{what} {path}: malformed TOML: {exc}; fix the syntax there") from None
    except RecursionError:
        raise error(f"{what} {path} is nested too deeply: a {what} has at most {MAX_DEPTH} "
                    "levels") from None
    if depth(data) > MAX_DEPTH:
        raise error(f"{what} {path} is nested too deeply: a {what} has at most {MAX_DEPTH} "
                    "levels")
    return data


def depth(value: Any) -> int:
    """Nesting depth of tables and arrays, measured without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = (item.values() if isinstance(item, dict) else item
                    if isinstance(item, list) else ())
        deepest = max(deepest, level)
        if level <= MAX_DEPTH:  # deeper levels need not be walked: the file is refused anyway
            stack.extend((child, level + 1) for child in children
                         if isinstance(child, (dict, list)))
    return deepest
