"""Type checks of the public API's arguments, each refusal naming the argument.

`yieldsim.run` and `yieldsim.sweep` take paths, names, flags, counts and mappings from
notebooks and scripts; a wrong type would otherwise surface as a TypeError from pathlib or an
AttributeError from deep inside (`out=123`, `vary="a=1,2"`), or be silently taken as true
(`retry_failed="no"`). Every check here raises `ArgumentError` (a ValueError, like every bad
input of the API) naming the argument, what it takes and what it got. numpy scalars count as
the numbers they are.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from model.values import show


class ArgumentError(ValueError):
    """An API argument of the wrong type; the message names it and what it takes."""


def _refuse(name: str, takes: str, value: Any) -> ArgumentError:
    return ArgumentError(f"{name} takes {takes}, not {type(value).__name__} {show(value)}")


def path_or_none(name: str, value: Any) -> Path | None:
    """A path argument (str or os.PathLike), or None."""
    if value is None:
        return None
    if isinstance(value, (str, os.PathLike)) and not isinstance(value, bytes):
        path = Path(value)
        if str(path) in ("", "."):
            raise ArgumentError(f"{name} is empty: give a folder or file path")
        return path
    raise _refuse(name, "a path (str or pathlib.Path)", value)


def text_or_none(name: str, value: Any) -> str | None:
    """A name argument (a str, or a Path for scenario files), or None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, os.PathLike):
        return str(Path(value))
    raise _refuse(name, "text", value)


def flag(name: str, value: Any) -> bool | None:
    """A true/false argument: a bool (numpy's too), or None; text such as "no" is refused."""
    if value is None or isinstance(value, bool):
        return value
    if type(value).__name__ == "bool_":  # numpy.bool_
        return bool(value)
    raise _refuse(name, "True or False", value)


def whole_or_none(name: str, value: Any) -> int | None:
    """A whole-number argument (ranges are checked where it is used), or None."""
    if value is None:
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    raise _refuse(name, "a whole number", value)


def plain(value: Any) -> Any:
    """A numpy scalar as the Python number it is (others unchanged)."""
    if type(value) not in (bool, int, float) and isinstance(value, numbers.Number):
        item = getattr(value, "item", None)  # numpy.float64 is a float, with numpy's repr
        return item() if item is not None else value
    return value


def vary_mapping(value: Any) -> dict[str, Any]:
    """`vary`: a mapping of name to values; numpy numbers inside become Python numbers."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _refuse("vary", 'a mapping such as {"japan_resolve": [0.2, 0.5]} or '
                      '{"japan_resolve": (0.1, 0.9, 5)}', value)
    axes = {}
    for key, values in value.items():
        if not isinstance(key, str):
            raise ArgumentError(f"vary's keys are parameter names (text), not "
                                f"{type(key).__name__} {show(key)}")
        if isinstance(values, tuple):
            axes[key] = tuple(plain(v) for v in values)
        elif isinstance(values, Sequence) and not isinstance(values, str):
            axes[key] = [plain(v) for v in values]
        elif hasattr(values, "tolist"):  # a numpy array of values
            axes[key] = [plain(v) for v in values.tolist()]
        else:
            axes[key] = plain(values)
    return axes


def settings_mapping(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword overrides with numpy numbers as Python numbers."""
    return {key: plain(v) for key, v in settings.items()}


def check_run(scenario: Any, seed: Any, steps: Any,
              settings: Mapping[str, Any]) -> tuple[Any, int | None, dict[str, Any]]:
    """`yieldsim.run`'s arguments: the seed, steps and settings as plain Python values.

    The seed's range is checked where it is used (`values.count`).
    """
    if text_or_none("scenario", scenario) is None:
        raise ArgumentError("scenario takes a built-in name or a .toml path, not None")
    return plain(seed), whole_or_none("steps", steps), settings_mapping(settings)


def check_sweep(scenario: Any, design: Any, samples: Any, replicates: Any, seed: Any,
                steps: Any, workers: Any, backend: Any, out: Any, keep_timeseries: Any,
                spec: Any, scheduler: Any, retry_failed: Any, progress: Any) -> None:
    """`yieldsim.sweep`'s arguments, each by its type."""
    for name, value in (("scenario", scenario), ("design", design), ("backend", backend),
                        ("scheduler", scheduler)):
        text_or_none(name, value)
    for name, value in (("samples", samples), ("replicates", replicates), ("seed", seed),
                        ("steps", steps), ("workers", workers)):
        whole_or_none(name, value)
    path_or_none("out", out)
    path_or_none("spec", spec)
    for name, value in (("keep_timeseries", keep_timeseries), ("retry_failed", retry_failed),
                        ("progress", progress)):
        flag(name, value)
