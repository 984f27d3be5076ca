"""`NAME=VALUE` pairs from the command line, read by one parser.

`run`, `sweep`, `validate` and `calibrate` share it, so a pair is read and refused the same
way everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from model.values import MAX_TEXT, show

# More pairs than the model has parameters and event fields is not a command someone typed.
MAX_PAIRS = 1000


def parse_pairs(pairs: Sequence[str], option: str,
                error: type[Exception] = ValueError) -> dict[str, str]:
    """Parse repeated `NAME=VALUE` options into a dictionary of text values.

    Args:
        pairs: The option's values, in order.
        option: The option's name (`--set`, `--vary`), for messages.
        error: The caller's exception class.

    Returns:
        Name to value text (stripped); values are converted later, by the field they set.

    Raises:
        error: A pair without '=' or a name, a name given twice, or absurdly many pairs.

    """
    if len(pairs) > MAX_PAIRS:
        raise error(f"{len(pairs):,} {option} options: give at most {MAX_PAIRS}")
    parsed: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise error(f"{option} takes NAME=VALUE, not {show(pair)}")
        if len(pair) > MAX_TEXT:
            raise error(f"{option} {show(pair)} is too long: give at most {MAX_TEXT} characters")
        if name in parsed:
            raise error(f"{option} {name} is given twice: give it once")
        parsed[name] = value.strip()
    return parsed
