"""Observed yields to compare with: FRED downloads, read leniently and checked strictly.

Kept free of the simulation stack so that a bad file is refused before anything heavy loads.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

SERIES = {"DGS2": "y_2y", "DGS10": "y_10y", "DGS30": "y_30y"}
# Three daily series since 1962 are about 1 MB; ten times that is not a FRED download.
MAX_BYTES = 10_000_000


class ActualDataError(ValueError):
    """A file of actual yields that cannot be read; the message names the fix."""


@dataclass(frozen=True)
class ActualYields:
    """Observed yields by date (percent), with where they came from."""

    frame: pd.DataFrame
    source: str


def read_fred_csv(text: str, source: str) -> ActualYields:
    """Parse a FRED download: a date column, then DGS2/DGS10/DGS30 columns (any subset).

    Accepts FRED's formats old and new ('DATE' or 'observation_date', '.' or empty for a
    missing day) and '#' comment lines, as in the file shipped in model/data.

    Raises:
        ActualDataError: No date column, no DGS column, or no numbers.
    """
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        raise ActualDataError(f"{source} is empty: give a FRED CSV download (DGS10 etc.)")
    try:
        frame = pd.read_csv(io.StringIO("\n".join(lines)), na_values=["."], dtype=str)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ActualDataError(f"{source} is not a CSV file ({exc})") from None
    date_column = frame.columns[0]
    if date_column.strip().lower() not in ("date", "observation_date"):
        raise ActualDataError(f"{source}: the first column must be the date ('DATE' or "
                              f"'observation_date'), not '{date_column}'")
    columns = [c for c in frame.columns[1:] if c.strip().upper() in SERIES]
    if not columns:
        raise ActualDataError(f"{source} has no DGS2, DGS10 or DGS30 column: download those "
                              "series from FRED")
    try:
        dates = pd.to_datetime(frame[date_column], format="%Y-%m-%d")
    except ValueError:
        raise ActualDataError(f"{source}: dates must look like 2025-04-11") from None
    values = frame[columns].apply(pd.to_numeric, errors="coerce")
    values.columns = [SERIES[c.strip().upper()] for c in columns]
    values.index = dates.dt.strftime("%Y-%m-%d")
    repeated = values.index[values.index.duplicated()]
    if len(repeated):
        raise ActualDataError(f"{source}: the date {repeated[0]} appears twice: keep one line "
                              "per date")
    infinite = values.apply(lambda column: column.abs() == float("inf")).to_numpy().nonzero()
    if len(infinite[0]):
        row, column = infinite[0][0], infinite[1][0]
        raise ActualDataError(f"{source}: {frame[columns[column]].iloc[row]} on "
                              f"{values.index[row]} is not a finite yield: fix that line")
    values = values.dropna(how="all")
    if values.empty:
        raise ActualDataError(f"{source} has no numeric yields")
    return ActualYields(frame=values, source=source)


def shipped_actual() -> ActualYields:
    """The FRED window shipped with the model (March-April 2025)."""
    text = resources.files("model.data").joinpath("fred_yields_2025_mar_apr.csv").read_text()
    return read_fred_csv(text, "model/data/fred_yields_2025_mar_apr.csv")


def load_actual(path: Path) -> ActualYields:
    """Read a user's FRED file.

    Raises:
        ActualDataError: Missing, unreadable or malformed.
    """
    if not path.is_file():
        raise ActualDataError(f"--actual {path} does not exist (or is not a regular file): give "
                              "a FRED CSV download")
    if path.stat().st_size > MAX_BYTES:
        raise ActualDataError(f"--actual {path} is larger than {MAX_BYTES:,} bytes: a FRED "
                              "download of three series is well under that")
    try:
        return read_fred_csv(path.read_text(encoding="utf-8"), str(path))
    except UnicodeDecodeError:
        raise ActualDataError(f"{path} is not a text CSV file") from None
