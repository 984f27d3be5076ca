"""How long the run picture takes: each panel, each half as the helpers draw it, and its PNG.

Run with `.venv/bin/python benchmarks/bench_picture.py [--rounds N]`. It prints figures and
asserts nothing; `tests/test_plot.py` checks that the halves join into the whole picture and
`tests/test_pngfile.py` that both PNG writers' files decode to the same pixels.

`yieldsim run` draws its picture in two processes at once, one half of the panels each
(`yieldsim.plot.HALVES`), so the slower half is what a user waits for. A panel's cost here is
filling it with the default run's table (liberation-day-2025, seed 7) and drawing a figure
with only it shown, less drawing the same figure with nothing shown; the halves are timed in
alternation, so that drift in the machine's speed falls on both.

The PNG is written from the default picture's pixels at zlib level 1: by Pillow as
`matplotlib.image.imsave` calls it (which `savefig` does), with its per-row search over PNG's
five filters, and by `yieldsim.pngfile` with no row filter.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable, Iterable

import matplotlib
import matplotlib.image
import numpy as np
import pandas as pd

from model.yieldmodel import YieldModel
from yieldsim.plot import (
    DPI,
    HALVES,
    PANELS,
    RunCanvas,
    figure_pixels,
    fill,
    needs_negotiation,
    ready_ticks,
    render_half,
    run_canvas,
    run_figure,
)
from yieldsim.pngfile import COMPRESS_LEVEL, png_bytes

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
    half_ms: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for half in (0, 1):
            half_ms[half].append(median_ms(canvas_for(frame, half), half_of(frame, half), 1))
    for half in (0, 1):
        names = [PANELS[r][c].__name__.removesuffix("_panel") for r, c in HALVES[negotiation][half]]
        names += ["title"] if half == 0 else []
        print(f"  half {half} ({', '.join(names)}): {statistics.median(half_ms[half]):6.1f} ms")
    time_png_writers(figure_pixels(run_figure(frame, TITLE)), rounds)


def time_png_writers(pixels: np.ndarray, rounds: int) -> None:
    """Write the picture's pixels with Pillow and with `yieldsim.pngfile`, interleaved."""
    pillow_ms, ours_ms = [], []
    for _ in range(rounds):
        sink = io.BytesIO()
        start = time.perf_counter()
        matplotlib.image.imsave(sink, pixels, format="png", dpi=DPI,
                                pil_kwargs={"compress_level": COMPRESS_LEVEL})
        pillow_ms.append(1e3 * (time.perf_counter() - start))
        start = time.perf_counter()
        ours = png_bytes(pixels, DPI, "bench")
        ours_ms.append(1e3 * (time.perf_counter() - start))
    height, width, _ = pixels.shape
    print(f"its PNG, {width} x {height} RGBA, zlib level {COMPRESS_LEVEL}:")
    print(f"  Pillow (savefig's writer): {statistics.median(pillow_ms):6.1f} ms, "
          f"{sink.tell():,} bytes")
    print(f"  yieldsim.pngfile:          {statistics.median(ours_ms):6.1f} ms, "
          f"{len(ours):,} bytes")

if __name__ == "__main__":
    main()
