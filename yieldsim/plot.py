"""The run's picture: yields with events and the 4.5% line, and the machinery behind them."""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from model.instruments import BUCKETS
from model.summary import WATCHED_LEVEL
from yieldsim.pngfile import write_png

ABSORBER_COLUMNS = ("real_money", "asset_manager", "leveraged", "dealer", "fed")
# An event's label is written beside its line only when the previous labelled event is at
# least this far to the left: clustered news (April 2025) otherwise stacks into unreadable ink.
# Every event keeps its line; the full list is in the manifest and `RunResult.events`.
LABEL_SPACING_DAYS = 12
# The picture's resolution: 13 x 11 inches at 110 dpi is 1430 x 1210 pixels, where the 6 pt
# event labels are 9 px tall (at 80 dpi, 7 px: unreadable).
DPI = 110
# Tick marks made ahead by `ready_ticks`: the most an axis of the built-in scenarios' pictures
# draws (7 dates; 6-11 values on a yield, flow or pain axis). An axis that needs more makes them
# as it draws, as every axis otherwise does.
READY_X_TICKS = 7
READY_Y_TICKS = 10
# The picture is drawn in two halves at once, by the picture helper and its partner
# (`yieldsim.painter`): each half a set of panels by (row, column), the figure's title with the
# first. Any split gives the same picture, since no panel's ink crosses into another's cell
# (tests join the halves and compare them with the whole); this one gives both halves about
# the same work. Each panel's median cost beyond an empty figure on 3.10.9, ms, in two runs of
# `benchmarks/bench_picture.py`: yields 72-91 (event lines and labels), components 44-61,
# absorbers 53-75, dealers 55-79, tariffs 62-86, pain 76-104; the halves then took 218-267 ms,
# within 3% of each other in each run.
HALVES = {
    True: (((0, 0), (0, 1), (2, 0)), ((1, 0), (1, 1), (2, 1))),  # with the Negotiation row
    False: (((0, 0), (0, 1)), ((1, 0), (1, 1))),
}
BLANK_PIXEL = 0xFFFF_FFFF  # RGBA of a pixel no artist touched (white figure, opaque)


@dataclass
class RunCanvas:
    """The run picture before its numbers: figure, panels, titles and axis labels.

    None of it depends on the run's table, so the picture helper builds it while the model
    is still running (`yieldsim.painter`); `fill` adds the table.
    """

    figure: Figure
    axes: np.ndarray  # (rows, 2) panels
    twin: Axes  # forced sales, on the dealer panel's right-hand scale
    negotiation: bool  # with the third row (the tariff game's panels)


def plot_run(frame: pd.DataFrame, path: Path, title: str) -> None:
    """Write the run's picture as a PNG.

    Args:
        frame: The per-step table.
        path: Where to write the PNG.
        title: Figure title (scenario and seed).

    """
    save_png(run_figure(frame, title), path)


def save_png(figure: Figure, path: Path) -> None:
    """Write a run figure as the run folder's PNG (`yieldsim.pngfile`, not `savefig`'s)."""
    write_pixels(figure_pixels(figure), path)


def figure_pixels(figure: Figure) -> np.ndarray:
    """The figure drawn by Agg at the picture's resolution: (height, width, 4) RGBA."""
    sink = io.BytesIO()
    figure.savefig(sink, format="rgba", dpi=DPI)
    width = round(figure.get_figwidth() * DPI)
    return np.frombuffer(sink.getbuffer(), dtype=np.uint8).reshape(-1, width, 4)


def write_pixels(pixels: np.ndarray, path: Path) -> None:
    """Write the picture's pixels as its PNG, saying what drew them."""
    import matplotlib

    write_png(pixels, path, DPI, f"yieldsim, Matplotlib {matplotlib.__version__} (Agg)")


def run_figure(frame: pd.DataFrame, title: str) -> Figure:
    """The run's figure (four panels, six with the Negotiation row), built without pyplot.

    A `matplotlib.figure.Figure` needs no backend, so neither a batch run nor a notebook's
    inline plotting is affected by drawing it (pyplot's global backend is never touched).
    It is drawn once, when saved: fixed margins instead of `tight_layout` (which draws the
    figure to measure it), concise date labels instead of `autofmt_xdate`, and forced sales
    as one step-shaped area instead of one bar patch per day.

    Args:
        frame: The per-step table.
        title: Figure title (scenario and seed).

    """
    return fill(run_canvas(needs_negotiation(frame)), frame, title)


def needs_negotiation(frame: pd.DataFrame) -> bool:
    """Whether a run's table has the tariff game's columns (and its picture the third row)."""
    return "admin_pain" in frame.columns and any(c.startswith("talks_") for c in frame.columns)


class RunDateLocator(AutoDateLocator):
    """The shared date axis's ticks, worked out once per view interval.

    The panels share one date axis, and matplotlib asks its locator again for every panel,
    twice per draw and again when placing the axis labels: about 30 times a picture for the
    same dates, each a run of `dateutil.rrule`.
    """

    def __init__(self) -> None:
        """A locator with AutoDateLocator's defaults and nothing worked out yet."""
        super().__init__()
        self._interval: tuple[float, float] | None = None
        self._ticks: np.ndarray | None = None

    def __call__(self) -> np.ndarray:
        """The ticks for the axis's view interval (a copy: callers may keep or change it)."""
        vmin, vmax = self.axis.get_view_interval()
        if self._ticks is None or self._interval != (vmin, vmax):
            self._ticks = np.asarray(super().__call__())
            self._interval = (vmin, vmax)
        return self._ticks.copy()


class RunDateFormatter(ConciseDateFormatter):
    """ConciseDateFormatter's labels, worked out once per set of ticks (see `RunDateLocator`).

    The offset text (the year under the last label) is the formatter's state after its last
    `format_ticks`; a repeat returns the labels of that same call, so the offset still fits.
    """

    def __init__(self, locator: RunDateLocator) -> None:
        """A formatter for `locator`'s ticks with ConciseDateFormatter's defaults."""
        super().__init__(locator)
        self._values: tuple[float, ...] | None = None
        self._labels: list[str] = []

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        """The labels of these ticks."""
        key = tuple(values)
        if key != self._values:
            self._labels = list(super().format_ticks(values))
            self._values = key
        return list(self._labels)


def run_canvas(negotiation: bool) -> RunCanvas:
    """The figure's panels with their titles and labels, ready for a run's table."""
    figure = Figure(figsize=(13, 11 if negotiation else 8))
    figure.subplots_adjust(left=0.06, right=0.94, bottom=0.06 if negotiation else 0.07,
                           top=0.93 if negotiation else 0.91, wspace=0.18,
                           hspace=0.25 if negotiation else 0.2)
    axes = figure.subplots(3 if negotiation else 2, 2, sharex=True)
    locator = RunDateLocator()
    for ax in axes[-1]:
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(RunDateFormatter(locator))
    axes[0, 0].set_ylabel("yield, %")
    axes[0, 0].set_title("Treasury yields")
    axes[0, 1].set_title("10y components, %")
    axes[1, 0].set_title("Who absorbed: net purchases beyond normal supply, $bn")
    axes[1, 1].set_ylabel("share of capacity")
    twin = axes[1, 1].twinx()
    twin.set_ylabel("$bn/day")
    axes[1, 1].set_title("Dealer strain and leveraged-fund forced sales")
    if negotiation:
        axes[2, 0].set_ylabel("US tariff, %")
        axes[2, 0].set_title("Negotiation: US tariff by partner (dot: deal)")
        axes[2, 1].set_ylabel("pain, bp-equivalent")
        axes[2, 1].set_title("Negotiation: pain from the bond market against tolerance")
    return RunCanvas(figure, axes, twin, negotiation)


def ready_ticks(canvas: RunCanvas, half: int | None = None) -> None:
    """Make the tick marks a panel will draw before its table exists.

    Making a tick (two marks, two labels, a grid line, each a copy of the axis's first) is
    the largest part of drawing the picture: done ahead, by the helper while it waits, the
    draw only moves and labels them. Drawing takes the ticks it needs from those made, so the
    picture is the same either way.

    Args:
        canvas: The canvas to prepare.
        half: Only the panels of this half (0 or 1, see `HALVES`); None for all.

    """
    for ax in panel_axes(canvas, half):
        if ax.xaxis.get_visible():
            ax.xaxis.get_major_ticks(READY_X_TICKS)
        ax.yaxis.get_major_ticks(READY_Y_TICKS)


def panel_cells(canvas: RunCanvas, half: int | None) -> tuple[tuple[int, int], ...]:
    """The (row, column) of each panel of one half of the picture (all of them for None)."""
    if half is not None:
        return HALVES[canvas.negotiation][half]
    return tuple(itertools.product(range(canvas.axes.shape[0]), (0, 1)))


def panel_axes(canvas: RunCanvas, half: int | None) -> list[Axes]:
    """The axes of one half of the picture (all for None), the dealer panel's twin with it."""
    cells = panel_cells(canvas, half)
    return [canvas.axes[cell] for cell in cells] + ([canvas.twin] if (1, 1) in cells else [])


def fill(canvas: RunCanvas, frame: pd.DataFrame, title: str,
         half: int | None = None) -> Figure:
    """Draw a run's table on its canvas (once: a canvas serves one picture).

    Args:
        canvas: The canvas (`run_canvas`).
        frame: The per-step table.
        title: Figure title (scenario and seed), drawn with the first half.
        half: Only the panels of this half (0 or 1, see `HALVES`); None for all.

    """
    dates = pd.to_datetime(frame["date"])
    for row, column in panel_cells(canvas, half):
        PANELS[row][column](canvas, frame, dates)
    if not half:
        canvas.figure.suptitle(title)
    return canvas.figure


def yields_panel(canvas: RunCanvas, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Yields by maturity against the 4.5% line, with the events that moved them."""
    ax = canvas.axes[0, 0]
    for bucket in BUCKETS:
        ax.plot(dates, frame[f"y_{bucket}"], label=bucket, linewidth=1.4)
    ax.axhline(WATCHED_LEVEL, color="crimson", linestyle="--", linewidth=1, label="4.5%")
    fired = frame["events"].str.len() > 0
    event_dates = dates[fired]  # the dates `fill` parsed, not parsed again
    # One collection for every event's line (not an `axvline` each: 15-30 artists to build
    # and draw one by one), from the panel's bottom to its top whatever its y range. The
    # events lie within the run's dates, so they do not decide the axis's limits (`autolim`:
    # when they did, the limit moved by a rounding error with the panels that were drawn).
    event_days = ax.convert_xunits(event_dates)
    ax.add_collection(LineCollection([[(day, 0), (day, 1)] for day in event_days],
                                     colors="grey", alpha=0.35, linewidths=0.8,
                                     transform=ax.get_xaxis_transform()), autolim=False)
    top = ax.get_ylim()[1]
    last_labelled = None
    for date, label in zip(event_dates, frame["events"][fired], strict=True):
        if date > dates.iloc[0] and (last_labelled is None or (date - last_labelled).days
                                     >= LABEL_SPACING_DAYS):
            ax.annotate(label.split(";")[0][:38], (date, top), rotation=90,
                        fontsize=6, va="top", ha="right", color="dimgrey")
            last_labelled = date
    ax.legend(loc="lower left", fontsize=8, ncol=5)


def components_panel(canvas: RunCanvas, frame: pd.DataFrame, dates: pd.Series) -> None:
    """The 10y yield's parts: expected policy rate, term premium and price pressure."""
    ax = canvas.axes[0, 1]
    ax.plot(dates, frame["y10_expected_rate"], label="expected rate")
    ax.plot(dates, frame["y10_term_premium"], label="term premium")
    ax.plot(dates, frame["y10_price_pressure"], label="price pressure")
    ax.legend(fontsize=8)


def absorbers_panel(canvas: RunCanvas, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Who bought what the sovereigns sold, beyond normal supply."""
    ax = canvas.axes[1, 0]
    for column in ABSORBER_COLUMNS:
        ax.plot(dates, frame[f"absorbed_{column}"], label=column.replace("_", " "))
    sovereign_sales = -frame["flow_sovereign"].cumsum()
    ax.plot(dates, sovereign_sales, color="black", linestyle=":", label="sovereign net sales")
    ax.legend(fontsize=7, ncol=2)


def dealer_panel(canvas: RunCanvas, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Dealers' balance-sheet use, and leveraged funds' forced sales on the right scale."""
    ax = canvas.axes[1, 1]
    ax.plot(dates, frame["dealer_utilization"], label="dealer utilisation", color="darkorange")
    ax.set_ylim(bottom=0)
    canvas.twin.fill_between(dates, frame["lf_forced_sales"], step="mid", color="purple",
                             alpha=0.4, linewidth=0, label="LF forced sales")
    canvas.twin.set_ylim(bottom=0)


def tariff_panel(canvas: RunCanvas, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Negotiation: each partner's US tariff, a filled circle on the day of its deal."""
    ax = canvas.axes[2, 0]
    for key in (c.removeprefix("talks_") for c in frame.columns if c.startswith("talks_")):
        line, = ax.plot(dates, 100 * frame[f"tariff_{key}"], linewidth=1.3,
                        label=key.replace("_", " "))
        dealt = frame[f"talks_{key}"] == "deal"
        if dealt.any():
            first = int(dealt.to_numpy().argmax())
            ax.plot(dates.iloc[first], 100 * frame[f"tariff_{key}"].iloc[first], "o",
                    color=line.get_color())
    ax.legend(fontsize=7, ncol=3)


def pain_panel(canvas: RunCanvas, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Negotiation: the administration's pain (its threat part shaded) against tolerance.

    The days a sovereign threatened or sold are marked along the bottom.
    """
    ax = canvas.axes[2, 1]
    ax.plot(dates, frame["admin_pain"], color="black", linewidth=1.3,
            label="administration's pain")
    ax.fill_between(dates, frame["admin_pain"] - frame["admin_pain_threats"],
                    frame["admin_pain"], color="crimson", alpha=0.3, label="of which threats")
    ax.plot(dates, frame["admin_tolerance"], color="crimson", linestyle="--", linewidth=1,
            label="tolerance")
    for n, key in enumerate(k for k in ("japan", "china") if f"stance_{k}" in frame.columns):
        live = frame[f"stance_{key}"].isin(["threatening", "selling", "holding"])
        ax.scatter(dates[live], [-(n + 1) * 4.0] * int(live.sum()), s=6, marker="s",
                   label=f"{key} threatens or sells")
    ax.legend(fontsize=7, ncol=2)


# The panels by row and column: the third row only for runs with the tariff game.
PANELS = ((yields_panel, components_panel), (absorbers_panel, dealer_panel),
          (tariff_panel, pain_panel))


def render_half(canvas: RunCanvas, half: int) -> np.ndarray:
    """The figure's pixels with only one half's panels drawn (the title goes with the first).

    Two processes each fill (`fill(..., half=)`) and draw one half, and `write_halves` joins
    them: the same pixels as drawing the whole figure, in about half the time. Every panel
    spans the run's dates, so each half's shared date axis has the limits it has in the whole
    figure (tests compare the joined file with the whole one).
    """
    drawn = panel_axes(canvas, half)
    hidden = [ax for ax in canvas.figure.axes if ax not in drawn]
    for artist in [*hidden, *(canvas.figure.texts if half else [])]:
        artist.set_visible(False)
    return figure_pixels(canvas.figure)


def write_halves(first: np.ndarray, second: np.ndarray, path: Path) -> None:
    """Write the PNG of the whole figure from its two halves' pixels (`render_half`).

    No artist of one half touches a pixel of the other, so each pixel is the one half's
    that inked it, and the file is the one `save_png` writes, byte for byte.
    """
    first_words, second_words = first.view(np.uint32), second.view(np.uint32)  # a word a pixel
    joined = np.where(second_words != BLANK_PIXEL, second_words, first_words).view(np.uint8)
    write_pixels(joined, path)
