"""Spec files: reading them, writing the resolved spec as TOML, and comparing identities.

The resolved spec a sweep writes into its folder is plain TOML in the same format users write,
so it can be read back with `--spec`. It also carries what the results depend on beyond the
user's settings (the scenario file's digest, every resolved parameter), which is what decides
whether a folder can be resumed; `differences` names what changed when it cannot.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from model.tomlfile import read_toml
from yieldsim.sweeps.space import SpecError

FILE_KEYS = {"name", "description", "scenario", "design", "samples", "replicates", "seed",
             "steps", "crn", "keep_timeseries", "workers", "backend", "scheduler", "out",
             "vary", "set"}
RESOLVED_ONLY_KEYS = {"scenario_sha256", "params_sha256", "resolved_params", "code_sha256",
                      "model_code", "format"}
SPEC_FORMAT = 1
# The worked-example specs ship inside the package (`yieldsim/sweeps/specs/*.toml`), so
# `yieldsim sweep --spec japan-breach` works after a plain `pip install`.
SPEC_DIR = Path(str(resources.files("yieldsim.sweeps") / "specs"))


def builtin_specs() -> list[str]:
    """Names of the sweep specs shipped with the package."""
    return sorted(p.stem for p in SPEC_DIR.glob("*.toml"))


def spec_path(given: Path) -> Path:
    """A spec file by path, or a built-in spec by name (`japan-breach`).

    A path that exists wins over a built-in of the same name; a missing file keeps its path
    so that `read_spec_file` names it in its refusal.
    """
    text = str(given)
    builtin = SPEC_DIR / f"{text}.toml"
    if given.exists() or "/" in text or given.suffix or not builtin.is_file():
        return given
    return builtin


def read_spec_file(path: Path) -> dict[str, Any]:
    """Read a spec file, checking its keys.

    Raises:
        SpecError: Missing, not a regular file, too large, too deep, malformed, or an unknown
            key.

    """
    if not path.exists() and path.suffix != ".toml" and "/" not in str(path):
        raise SpecError(f"spec {str(path)[:80]!r} is neither a file nor a built-in spec: give a "
                        f"path to a .toml file or one of {', '.join(builtin_specs())}")
    data = read_toml(path, "spec file", SpecError)
    unknown = sorted(set(data) - FILE_KEYS - RESOLVED_ONLY_KEYS)
    if unknown:
        raise SpecError(f"spec file {path}: unknown key '{unknown[0]}': a spec has "
                        f"{', '.join(sorted(FILE_KEYS))}")
    for table in ("vary", "set"):
        if table in data and not isinstance(data[table], dict):
            raise SpecError(f"spec file {path}: [{table}] must be a table of name = value "
                            "(quote dotted names: \"japan_sale.amount_bn\" = ...)")
        for key, value in data.get(table, {}).items():
            if isinstance(value, dict):
                raise SpecError(f"spec file {path}: [{table}] {key} is a table; quote dotted "
                                f"names: \"{key}.{next(iter(value), '')}\" = ...")
    return data


def number_text(number: float) -> str:
    """Shortest exact text of a number (ints without a decimal point)."""
    return str(number) if isinstance(number, int) else repr(float(number))


def toml_key(key: str) -> str:
    """A TOML key, quoted when it is not a bare key (dotted event fields)."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def toml_value(value: Any) -> str:
    """A TOML value for the types a spec holds (str, bool, int, float, lists of them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


def stored_identity(path: Path) -> dict[str, Any]:
    """The identity recorded in a sweep folder's resolved spec (without re-resolving it).

    Raises:
        SpecError: The file cannot be read.

    """
    data = read_spec_file(path)
    return {
        "scenario_sha256": data.get("scenario_sha256"),
        "params_sha256": data.get("params_sha256"),
        "code_sha256": data.get("code_sha256"),
        "design": data.get("design"),
        "samples": data.get("samples"),
        "replicates": data.get("replicates"),
        "seed": data.get("seed"),
        "steps": data.get("steps"),
        "crn": data.get("crn"),
        "keep_timeseries": data.get("keep_timeseries"),
        "vary": dict(data.get("vary", {})),
        "set": dict(sorted(data.get("set", {}).items())),
    }


def differences(stored: dict[str, Any], current: dict[str, Any],
                stored_record: dict[str, Any] | None = None,
                current_record: dict[str, Any] | None = None) -> list[str]:
    """Readable list of what differs between two identities (the order of axes included).

    With the records of both (`resolved_params` and `model_code` tables, as in spec.toml), a
    change of model parameters or code is named value by value and file by file: a
    recalibration or an edit between two sessions shows up as what it changed.
    """
    before_record, now_record = stored_record or {}, current_record or {}
    diffs = []
    for key, now in current.items():
        before = stored.get(key)
        if key in ("vary", "set"):
            before = before if isinstance(before, dict) else {}
            for name in dict.fromkeys([*before, *now]):
                if json.dumps(before.get(name)) != json.dumps(now.get(name)):
                    diffs.append(f"{key}.{name}")
            if key == "vary" and set(before) == set(now) and list(before) != list(now):
                diffs.append("order of the varied parameters")
        elif before == now:
            continue
        elif key == "params_sha256":
            old, new = before_record.get("resolved_params", {}), now_record.get(
                "resolved_params", {})
            changed = [f"{k} {old.get(k)} -> {v}" for k, v in new.items() if old.get(k) != v]
            diffs.append("model parameters" + (f" ({', '.join(changed[:3])})" if changed else ""))
        elif key == "code_sha256":
            old, new = before_record.get("model_code", {}), now_record.get("model_code", {})
            changed = sorted(n for n in set(old) | set(new) if old.get(n) != new.get(n))
            diffs.append("model code" + (f" ({', '.join(changed[:3])})" if changed else ""))
        elif key == "scenario_sha256":
            diffs.append("scenario file content")
        else:
            diffs.append(f"{key} {before} -> {now}")
    return diffs
