"""The per-step table as users receive it: real dates, one set of units, each on record.

The model collects `date` as an ISO string (cheap, and what its summary and live view print)
and tariff rates as fractions (what its arithmetic uses); files and the Python API give dates
a date type (`datetime64`, also when a Parquet file is read back with `pd.read_parquet`) and
every rate in percent, like the yields. Each Parquet field carries `unit` and `meaning`
metadata from `model.columns`, so a file read years later still says that `y_10y` and
`tariff_china` are in percent.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from model.columns import column_entry, column_info

DATE = "date"
# Parquet timestamps in milliseconds: pandas reads them back as datetime64 (a date32 column
# would come back as Python `datetime.date` objects), and every Parquet reader knows them.
DATE_TYPE = pa.timestamp("ms")


def with_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the model's table with `date` as datetime64 (day precision)."""
    typed = frame.copy()
    typed[DATE] = pd.to_datetime(typed[DATE], format="%Y-%m-%d")
    return typed


def user_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The model's table in the users' units: dates as datetime64, rates in percent.

    Raises:
        model.columns.UnknownColumnError: A column has no unit on record.

    """
    typed = with_dates(frame)
    for name in typed.columns:
        scale = column_entry(name).scale
        if scale != 1.0:
            typed[name] = typed[name] * scale
    return typed


def indexed_by_date(frame: pd.DataFrame) -> pd.DataFrame:
    """The users' table indexed by a `DatetimeIndex` named `date` (the Python API's form)."""
    return user_table(frame).set_index(DATE)


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The users' table as Arrow: `date` a timestamp, each field with its unit and meaning.

    Raises:
        model.columns.UnknownColumnError: A column has no unit on record.

    """
    table = pa.Table.from_pandas(user_table(frame), preserve_index=False)
    fields = []
    for field in table.schema:
        unit, meaning = column_info(field.name)
        if field.name == DATE:
            field = field.with_type(DATE_TYPE)
        fields.append(field.with_metadata({"unit": unit, "meaning": meaning}))
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))


def with_units(frame: pd.DataFrame, units: dict[str, str]) -> pa.Table:
    """Any table as Arrow with a `unit` metadata entry on each field (`units[name]`)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = [field.with_metadata({"unit": units.get(field.name, "")}) for field in table.schema]
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write the table to a Parquet file with dates and units (callers make it atomic).

    `pyarrow.parquet` is imported here, not with the module: `yieldsim run` imports this
    module before its model runs, and needs Parquet only after handing the table to the
    picture helpers.
    """
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(frame), path)


def units_of(path: Path) -> dict[str, str]:
    """The `unit` metadata of every column of a Parquet file written by `write_parquet`."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    return {field.name: (field.metadata or {}).get(b"unit", b"").decode()
            for field in schema}
