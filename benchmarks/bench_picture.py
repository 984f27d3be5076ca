"""How long the run picture takes to draw: each panel alone, and each half as the helpers draw it.

Run with `.venv/bin/python benchmarks/bench_picture.py [--rounds N]`. It prints figures and
asserts nothing; `tests/test_plot.py` checks that the halves join into the whole picture.

`yieldsim run` draws its picture in two processes at once, one half of the panels each
(`yieldsim.plot.HALVES`), so the slower half is what a user waits for. A panel's cost here is
filling it with the default run's table (liberation-day-2025, seed 7) and drawing a figure
with only it shown, less drawing the same figure with nothing shown.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterable

import matplotlib
import pandas as pd

from model.yieldmodel import YieldModel
from yieldsim.plot import (
    HALVES,
    PANELS,
    RunCanvas,
    figure_pixels,
    fill,
    needs_negotiation,
    ready_ticks,
    render_half,
    run_canvas,
)

TITLE = "yieldsim · liberation-day-2025 · seed 7"


def median_ms(prepare: Callable[[], RunCanvas], draw: Callable[[RunCanvas], None],
              rounds: int) -> float:
    """Median wall time of `draw` on a canvas from `prepare` (untimed), after one unmeasured."""
    draw(prepare())
    times = []
    for _ in range(rounds):
        canvas = prepare()
        start = time.perf_counter()
        draw(canvas)
        times.append(1e3 * (time.perf_counter() - start))
    return statistics.median(times)


def canvas_for(frame: pd.DataFrame, half: int | None = None) -> Callable[[], RunCanvas]:
    """What the helpers have ready before the table arrives: the canvas and its ticks."""
    def prepare() -> RunCanvas:
        canvas = run_canvas(needs_negotiation(frame))
        ready_ticks(canvas, half)
        return canvas
    return prepare


def only(frame: pd.DataFrame, cells: Iterable[tuple[int, int]]) -> Callable[[RunCanvas], None]:
    """Fill and draw only the given panels."""
    def draw(canvas: RunCanvas) -> None:
        dates = pd.to_datetime(frame["date"])
        shown = []
        for row, column in cells:
            PANELS[row][column](canvas, frame, dates)
            shown.append(canvas.axes[row, column])
            if (row, column) == (1, 1):
                shown.append(canvas.twin)
        for ax in canvas.figure.axes:
            ax.set_visible(ax in shown)
        figure_pixels(canvas.figure)
    return draw


def half_of(frame: pd.DataFrame, half: int) -> Callable[[RunCanvas], None]:
    """Fill and draw one half as a helper does."""
    def draw(canvas: RunCanvas) -> None:
        fill(canvas, frame, TITLE, half)
        render_half(canvas, half)
    return draw


def main() -> None:
    """Time each panel and each half, and print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    model = YieldModel(scenario="liberation-day-2025", rng=7)
    model.run()
    frame = model.timeseries()
    negotiation = needs_negotiation(frame)
    empty = median_ms(canvas_for(frame), only(frame, []), rounds)
    print(f"run picture, matplotlib {matplotlib.__version__}, {rounds} rounds, medians "
          "(canvas and ticks made beforehand, as the helpers do):")
    print(f"  empty figure: {empty:6.1f} ms")
    for row, column in sorted(HALVES[negotiation][0] + HALVES[negotiation][1]):
        cost = median_ms(canvas_for(frame), only(frame, [(row, column)]), rounds) - empty
        name = PANELS[row][column].__name__.removesuffix("_panel")
        print(f"  panel ({row}, {column}) {name:<11} {cost:6.1f} ms more")
    for half in (0, 1):
        names = [PANELS[r][c].__name__.removesuffix("_panel") for r, c in HALVES[negotiation][half]]
        names += ["title"] if half == 0 else []
        cost = median_ms(canvas_for(frame, half), half_of(frame, half), rounds)
        print(f"  half {half} ({', '.join(names)}): {cost:6.1f} ms")

if __name__ == "__main__":
    main()
