"""The series the live view plots, kept incrementally and at bounded size.

Redrawing the full history after every step would make a long run slower step by step
(and rebuilding the DataCollector's DataFrame each time costs more still). Instead, the
history reads only the rows added since it last looked, straight from the collector's
column lists, and keeps at most `2 * cap` points per series: when full, it merges
neighbouring points in pairs and doubles the number of steps each point stands for. Levels
keep the last value of the steps they merge; spiky daily quantities (forced sales, dealer
utilisation) keep the peak, so a one-day fire sale stays visible however long the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from model.instruments import BUCKETS
from model.orders import ABSORBERS

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel

DEFAULT_CAP = 200  # at most 400 points a series: more than a chart's width in pixels
COMPONENTS = ("y10_expected_rate", "y10_term_premium", "y10_price_pressure")
PEAK_COLUMNS = frozenset({"dealer_utilization", "lf_forced_sales"})


class Decimator:
    """A growing multi-column series stored at most `2 * cap` points long.

    Each stored point covers `stride` consecutive steps; the newest, partly filled bucket is
    kept aside so the latest value is always drawn.
    """

    def __init__(self, columns: Sequence[str], cap: int = DEFAULT_CAP,
                 peaks: frozenset[str] = PEAK_COLUMNS) -> None:
        """Prepare empty storage.

        Args:
            columns: Column names, in storage order.
            cap: Half the most points kept.
            peaks: Columns that keep the maximum of merged steps (the rest keep the last).

        """
        if cap < 2:
            raise ValueError(f"cap must be at least 2, not {cap}")
        self.columns = list(columns)
        self.index = {name: i for i, name in enumerate(self.columns)}
        self.cap = cap
        self.stride = 1
        self.count = 0
        self.x = np.empty(2 * cap)
        self.values = np.empty((2 * cap, len(self.columns)))
        self.peak_mask = np.array([name in peaks for name in self.columns])
        self.pending_x = 0.0
        self.pending = np.empty(len(self.columns))
        self.pending_steps = 0

    def append(self, x: float, row: np.ndarray) -> None:
        """Add one step's values."""
        if self.pending_steps == 0:
            self.pending[:] = row
        else:
            self.pending = np.where(self.peak_mask, np.maximum(self.pending, row), row)
        self.pending_x = x
        self.pending_steps += 1
        if self.pending_steps == self.stride:
            self.x[self.count] = x
            self.values[self.count] = self.pending
            self.count += 1
            self.pending_steps = 0
            if self.count == 2 * self.cap:
                self._halve()

    def _halve(self) -> None:
        """Merge stored points in pairs: half the points, twice the steps per point."""
        first, second = self.values[0::2], self.values[1::2]
        self.values[: self.cap] = np.where(self.peak_mask, np.maximum(first, second), second)
        self.x[: self.cap] = self.x[1::2]
        self.count = self.cap
        self.stride *= 2

    def __len__(self) -> int:
        """Points that a chart would draw (stored plus the partial bucket)."""
        return self.count + (1 if self.pending_steps else 0)

    def xs(self) -> np.ndarray:
        """X of every point, the partial bucket last."""
        if self.pending_steps:
            return np.append(self.x[: self.count], self.pending_x)
        return self.x[: self.count].copy()

    def column(self, name: str) -> np.ndarray:
        """One column's values, aligned with `xs()`."""
        i = self.index[name]
        if self.pending_steps:
            return np.append(self.values[: self.count, i], self.pending[i])
        return self.values[: self.count, i].copy()


class History:
    """The live view's plotted series for one model, synced incrementally.

    Attributes:
        sovereigns: Sovereign keys, in the model's order.
        partners: Keys of the partners in trade talks, in the model's order.
        dates: ISO date of every step seen (one short string per step).
        first: Values at step 0 (for changes since the start).
        last: Values at the latest step.
        forced_sales_total: Leveraged funds' forced sales so far, $bn.

    """

    def __init__(self, model: YieldModel, cap: int = DEFAULT_CAP) -> None:
        """Start empty and read what the model has collected so far (at least step 0)."""
        self.model = model
        self.sovereigns = list(model.sovereigns)
        self.partners = list(model.partners)
        self.sources = ([f"y_{b}" for b in BUCKETS] + list(COMPONENTS)
                        + [f"holdings_{k}" for k in self.sovereigns]
                        + [f"absorbed_{t}" for t in ABSORBERS]
                        + ["dealer_utilization", "lf_leverage", "lf_forced_sales", "usdjpy"]
                        + ["admin_pain", "admin_pain_threats", "admin_tolerance"]
                        + [f"tariff_{k}" for k in self.partners])
        self.data = Decimator([*self.sources, "sovereign_net_sales"], cap=cap)
        self.dates: list[str] = []
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.forced_sales_total = 0.0
        self._sovereign_sales = 0.0
        self.sync()

    def sync(self) -> int:
        """Take in the rows collected since the last call.

        Returns:
            How many rows were added.

        """
        table = self.model.datacollector.model_vars
        rows = len(table["step"])
        start = len(self.dates)
        columns = [table[name] for name in self.sources]
        flows, forced = table["flow_sovereign"], table["lf_forced_sales"]
        for i in range(start, rows):
            self._sovereign_sales -= float(flows[i])
            self.forced_sales_total += float(forced[i])
            row = np.array([*(float(c[i]) for c in columns), self._sovereign_sales])
            self.data.append(float(table["step"][i]), row)
            self.dates.append(str(table["date"][i]))
            self.last = dict(zip(self.data.columns, row.tolist(), strict=True))
            if not self.first:
                self.first = dict(self.last)
        return rows - start

    @property
    def steps(self) -> int:
        """The latest step seen."""
        return len(self.dates) - 1

    def x(self) -> np.ndarray:
        """Steps of the stored points."""
        return self.data.xs()

    def column(self, name: str) -> np.ndarray:
        """A stored column, aligned with `x()`."""
        return self.data.column(name)
