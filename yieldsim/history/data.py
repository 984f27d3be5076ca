"""The real daily series the episodes are compared with (FRED, shipped in the package).

Kept free of the simulation stack, so an episode outside the data is refused before the
model is imported.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from importlib import resources

import pandas as pd

DATA_FILE = "us_market_daily_2012_2025.csv"
SOURCE = f"yieldsim/data/{DATA_FILE} (FRED: DGS2, DGS5, DGS10, DGS30, DEXJPUS, VIXCLS)"
# The file's columns under the names the model's tables use.
COLUMNS = {"y2": "y_2y", "y5": "y_5y", "y10": "y_10y", "y30": "y_30y", "usdjpy": "usdjpy",
           "vix": "vix"}


@dataclass(frozen=True)
class MarketData:
    """Observed daily series by ISO date (yields in percent), with where they came from.

    Attributes:
        frame: Rows are ISO dates ('2013-05-01'), columns `y_2y`, `y_5y`, `y_10y`, `y_30y`,
            `usdjpy`, `vix`; NaN where the series has no observation that day.
        source: The file and its FRED series, for documents and pictures.

    """

    frame: pd.DataFrame
    source: str

    @property
    def first(self) -> str:
        """First date of the data."""
        return str(self.frame.index[0])

    @property
    def last(self) -> str:
        """Last date of the data."""
        return str(self.frame.index[-1])

    def observed(self, column: str) -> pd.Series:
        """One series without its missing days."""
        return self.frame[column].dropna()


def parse_market_csv(text: str, source: str) -> MarketData:
    """Read the shipped file's format: '#' comment lines, a header, blank = no observation."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    frame = pd.read_csv(io.StringIO("\n".join(lines)), dtype={"date": str})
    frame = frame.set_index("date").rename(columns=COLUMNS).astype(float).sort_index()
    frame.index = frame.index.astype(str)
    return MarketData(frame=frame, source=source)


@functools.cache
def market_data() -> MarketData:
    """The daily series shipped with the package (read once per process)."""
    text = resources.files("yieldsim.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_market_csv(text, SOURCE)
