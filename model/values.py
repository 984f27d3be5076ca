"""The one place where a value a user typed becomes a number, a flag or a name.

Parameters, event fields, sweep axes, command-line options and the live page's fields all
come through `coerce` (and `count` for sizes such as --seeds), so they refuse the same things
with the same words: text that is not a number, NaN and infinities, fractions where a whole
number is needed, values outside the documented range, and text so long that merely reading it
as a number costs time (a 400-digit `days`). Every refusal names the field, the value and the
range, and raises the caller's own error class so each layer keeps its message prefix.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

# No honest number is longer than this (a float's repr is at most 24 characters); longer
# text is refused before int() or float() sees it, so 10**400 never reaches the model.
MAX_NUMBER_TEXT = 40
# Names and labels (countries, sovereign lists, scenario names) stay readable in one line.
MAX_TEXT = 1000
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


class InputValueError(ValueError):
    """A value that cannot be used as given; the message names the field, value and range."""


class StateError(ValueError):
    """A run whose state turned non-finite, stopped rather than allowed to write NaN.

    The inputs passed every check yet drove the model beyond what it can represent; this is
    the last line of the same defence (see `YieldModel._check_finite`).
    """


# A refusal quotes at most this many characters of a value (then says how long it was).
MAX_QUOTE = 80


def printable(text: str) -> str:
    r"""Text safe to print on a terminal: control and format characters escaped.

    Escape sequences (`\x1b[2J` clears the screen, OSC sequences retitle the window),
    carriage returns and bidirectional overrides in a scenario name or label are shown as
    their escapes (`\x1b`, `\u202e`) instead of being obeyed by the terminal.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " "
                   else ch.encode("unicode_escape").decode("ascii") for ch in text)


def show(raw: Any) -> str:
    """A value as the user typed it: escaped, and cut short so a hostile one fits one line."""
    text = raw if isinstance(raw, str) else repr(raw)
    text = printable(" ".join(text.split()))
    if len(text) > MAX_QUOTE:
        return f"'{text[:MAX_QUOTE - 10]}...' ({len(text)} characters)"
    return f"'{text}'"


def parse_bool(raw: Any) -> bool | None:
    """A boolean from any spelling users type (true/yes/on/1 ...), or None if it is none."""
    if isinstance(raw, bool):
        return raw
    if not isinstance(raw, (str, int)) or (isinstance(raw, str) and len(raw) > MAX_TEXT):
        return None
    text = str(raw).strip().lower()
    return True if text in TRUE_WORDS else False if text in FALSE_WORDS else None


def number(where: str, raw: Any, whole: bool = False,
           error: type[Exception] = InputValueError) -> float | int:
    """Read a finite number (a whole one if `whole`) from a number or short text.

    Raises:
        error: Not a number, not finite, not whole when it must be, or absurdly long text.

    """
    kind = "a whole number" if whole else "a number"
    if type(raw) not in (int, float) and isinstance(raw, numbers.Number) and hasattr(raw, "item"):
        raw = raw.item()  # a numpy number (from a notebook) as the Python number it is
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise error(f"{where} takes {kind}, not {show(raw)}")
    if isinstance(raw, str):
        text = raw.strip()
        if len(text) > MAX_NUMBER_TEXT:
            raise error(f"{where} takes {kind}, not {show(raw)}: that is too long to be one")
        try:
            value: float | int = int(text) if whole and _integer_text(text) else float(text)
        except ValueError:
            raise error(f"{where} takes {kind}, not {show(raw)}") from None
    else:
        value = raw
    if isinstance(value, float):
        if not math.isfinite(value):
            raise error(f"{where}={show(raw)} is not a finite number: give {kind}")
        if whole:
            if not value.is_integer():
                raise error(f"{where} takes {kind}, not {show(raw)}")
            value = int(value)
    elif not whole:
        if abs(value) >= 10 ** MAX_NUMBER_TEXT:
            raise error(f"{where}={show(raw)} is far too large: give {kind}")
        value = float(value)
    return value


def _integer_text(text: str) -> bool:
    """Whether text is a plain integer literal (read exactly, not through a float)."""
    body = text[1:] if text[:1] in "+-" else text
    return body.isdigit()


def coerce(where: str, kind: type, raw: Any, lo: float | None = None, hi: float | None = None,
           unit: str = "", error: type[Exception] = InputValueError) -> Any:
    """Convert a user's value to `kind` (bool, int, float or str) and check its range.

    Args:
        where: The field's name as the user knows it (`japan_sale.days`, `--steps`).
        kind: The field's Python type.
        raw: The value as given (text from a command line or a page, or a TOML value).
        lo: Smallest admissible value (inclusive), if bounded.
        hi: Largest admissible value (inclusive), if bounded.
        unit: Unit named in the range message.
        error: The exception class to raise (the caller's own).

    Returns:
        The value as `kind`.

    Raises:
        error: Wrong type, not finite, or outside [lo, hi].

    """
    if kind is bool:
        flag = parse_bool(raw)
        if flag is None:
            raise error(f"{where} takes true or false, not {show(raw)}")
        return flag
    if kind is str:
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
            raise error(f"{where} takes text, not {show(raw)}")
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            raise error(f"{where} is {len(text)} characters long: give at most {MAX_TEXT}")
        return text
    value = number(where, raw, whole=kind is int, error=error)
    check_range(where, value, lo, hi, unit, error)
    return value


def check_range(where: str, value: float, lo: float | None, hi: float | None, unit: str = "",
                error: type[Exception] = InputValueError) -> None:
    """Refuse a number outside [lo, hi], naming the range (and the unit).

    Raises:
        error: Out of range.

    """
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        span = (f"from {lo:g} to {hi:g}" if lo is not None and hi is not None
                else f"of at least {lo:g}" if lo is not None else f"of at most {hi:g}")
        unit = f" ({unit})" if unit else ""
        raise error(f"{where}={_fmt(value)} is out of range: use a value {span}{unit}")


def _fmt(value: float) -> str:
    """A number short enough for one line (a huge whole number is cut, never overflows)."""
    if isinstance(value, int) and abs(value) >= 10 ** 15:
        return show(str(value))
    return f"{value:g}"


def count(where: str, raw: Any, lo: int, hi: int, why: str,
          error: type[Exception] = InputValueError) -> int:
    """A size or count (steps, seeds, sample points, workers) between `lo` and a ceiling.

    Args:
        where: The option's name (`--seeds`).
        raw: The value as given.
        lo: Smallest meaningful value.
        hi: The ceiling.
        why: Why the ceiling is where it is, shown when it is exceeded.
        error: The exception class to raise.

    Raises:
        error: Not a whole number, below `lo`, or above the ceiling.

    """
    value = int(number(where, raw, whole=True, error=error))
    if value < lo:
        raise error(f"{where} must be at least {lo}, not {value}")
    if value > hi:
        raise error(f"{where} must be at most {hi:,} ({why}), not {show(str(value))}")
    return value
