"""Run records and the results table (one row per run).

A record is the JSON a finished run leaves in the store; the table is all records, ordered by
run number, with a fixed column order: `run`, `point`, `replicate`, `seed`, one column per
varied parameter, every numeric or boolean summary value (nested ones as `absorbed_by.dealer`),
`status`, `error`, `duration_s`, `finished_at`. The order of columns and rows depends only on
the spec and the results, never on which worker finished first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # the worker imports the model; the report, which reads records, needs none
    from yieldsim.sweeps.worker import RunOutcome

ID_COLUMNS = ("run", "point", "replicate", "seed")
TAIL_COLUMNS = ("status", "error", "duration_s", "finished_at")
TIMING_COLUMNS = ("duration_s", "finished_at")
FIXED_UNITS = {"run": "run number", "point": "design point index", "replicate": "index",
               "seed": "seed", "status": "label (ok, failed)", "error": "text",
               "duration_s": "s", "finished_at": "UTC time (ISO 8601)"}
# Event fields a sweep may vary (`<event id>.<field>`), by field name: as scenario files take
# them (`yieldsim scenarios show NAME` lists them).
EVENT_FIELD_UNITS = {"rate": "fraction (0.25 = 25%), as in scenario files",
                     "amount_bn": "$bn face", "days": "trading days",
                     "change_bp": "bp"}


def column_unit(name: str) -> str:
    """The unit of a results-table column: a summary value, a parameter or an event field.

    Summary values have the unit `model.summary.UNITS` gives their table (`absorbed_by.dealer`
    is in `absorbed_by`'s unit); parameters the unit `yieldsim params` lists.
    """
    from model.params import ModelParams
    from model.summary import UNITS

    if name in FIXED_UNITS:
        return FIXED_UNITS[name]
    top, _, field = name.partition(".")
    if top in UNITS:
        return UNITS[top]
    params = {row["name"]: row["unit"] for row in ModelParams.describe()}
    if name in params:
        return params[name]
    return EVENT_FIELD_UNITS.get(field, "as in the scenario file") if field else ""


def make_record(outcome: RunOutcome, point: int, replicate: int, seed: int,
                values: dict[str, Any]) -> dict[str, Any]:
    """The record of a finished run (JSON-ready)."""
    return {"run": outcome.run, "point": point, "replicate": replicate, "seed": seed,
            "params": dict(values), "metrics": outcome.metrics, "status": outcome.status,
            "error": outcome.error, "duration_s": round(outcome.duration_s, 6),
            "finished_at": outcome.finished_at}


def results_frame(records: Iterable[dict[str, Any]], axes: list[str]) -> pd.DataFrame:
    """The results table from run records.

    Args:
        records: Run records (any order).
        axes: Varied parameter names, in spec order.

    Returns:
        One row per run, sorted by run; failed runs have empty metrics.

    """
    ordered = sorted(records, key=lambda r: int(r["run"]))
    metric_names: dict[str, None] = {}
    for record in ordered:
        for name in record.get("metrics", {}):
            metric_names.setdefault(name, None)
    clash = [m for m in metric_names if m in axes or m in ID_COLUMNS or m in TAIL_COLUMNS]
    columns = [*ID_COLUMNS, *axes, *(m for m in metric_names if m not in clash), *TAIL_COLUMNS]
    data: dict[str, list[Any]] = {c: [] for c in columns}
    for record in ordered:
        params, metrics = record.get("params", {}), record.get("metrics", {})
        for column in ID_COLUMNS:
            data[column].append(record[column])
        for axis in axes:
            data[axis].append(params.get(axis))
        for name in metric_names:
            if name not in clash:
                data[name].append(metrics.get(name))
        for column in TAIL_COLUMNS:
            data[column].append(record.get(column))
    frame = pd.DataFrame({c: pd.Series(v, dtype=_dtype(v, c)) for c, v in data.items()},
                         columns=columns)
    return frame


def _dtype(values: list[Any], column: str) -> str | None:
    """A column type that survives missing values (failed runs) and Parquet."""
    if column in ID_COLUMNS:
        return "int64"
    if column in ("status", "error", "finished_at"):
        return "string"
    present = [v for v in values if v is not None]
    if not present:
        return "float64"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Int64"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "float64"
    if all(isinstance(v, str) for v in present):
        return "string"
    return "object"


def deterministic_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The table without the columns that legitimately differ between runs (timing)."""
    return frame.drop(columns=[c for c in TIMING_COLUMNS if c in frame.columns])
