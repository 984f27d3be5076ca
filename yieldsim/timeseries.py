"""The per-step table as users receive it: real dates, and every column's unit on record.

The model collects `date` as an ISO string (cheap, and what its summary and live view print);
files and the Python API give it a date type, so pandas, Arrow and notebooks sort, slice and
resample by date without parsing. Each Parquet field carries `unit` and `meaning` metadata
from `model.columns`, so a file read years later still says that `y_10y` is in percent and
`tariff_china` a fraction.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from model.columns import column_info

DATE = "date"


def with_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the model's table with `date` as datetime64 (day precision)."""
    typed = frame.copy()
    typed[DATE] = pd.to_datetime(typed[DATE], format="%Y-%m-%d")
    return typed


def indexed_by_date(frame: pd.DataFrame) -> pd.DataFrame:
    """The model's table indexed by a `DatetimeIndex` named `date` (the Python API's form)."""
    return with_dates(frame).set_index(DATE)


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The table as Arrow: `date` a date32 column, each field with its unit and meaning.

    Raises:
        model.columns.UnknownColumnError: A column has no unit on record.

    """
    typed = with_dates(frame)
    table = pa.Table.from_pandas(typed, preserve_index=False)
    fields = []
    for field in table.schema:
        unit, meaning = column_info(field.name)
        if field.name == DATE:
            field = field.with_type(pa.date32())
        fields.append(field.with_metadata({"unit": unit, "meaning": meaning}))
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
