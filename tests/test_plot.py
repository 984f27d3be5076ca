"""The run picture: clustered events keep their lines but not stacked labels; drawn in two
halves apart, it is the same picture."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from PIL import Image

from model.yieldmodel import YieldModel
from yieldsim.plot import (
    LABEL_SPACING_DAYS,
    figure_pixels,
    fill,
    needs_negotiation,
    panel_axes,
    plot_run,
    ready_ticks,
    render_half,
    run_canvas,
    run_figure,
    write_halves,
)

BLANK = 255  # a channel of a pixel nothing was drawn on (white)


def test_event_labels_never_stack_when_news_clusters() -> None:
    model = YieldModel(scenario="liberation-day-2025", rng=7, n_funds=60)
    model.run(60)
    frame = model.timeseries()
    figure = run_figure(frame, "test")
    yields_axis = figure.axes[0]
    event_days = int((frame["events"].str.len() > 0).sum())
    event_lines, = yields_axis.collections  # one vertical segment per event day
    segments = event_lines.get_segments()
    assert len(segments) == event_days > 10
    assert all(start[0] == end[0] for start, end in segments)  # vertical
    labelled = sorted(pd.Timestamp(text.xy[0]) for text in yields_axis.texts)
    assert 2 <= len(labelled) < event_days
    gaps = [(b - a).days for a, b in itertools.pairwise(labelled)]
    assert min(gaps) >= LABEL_SPACING_DAYS


@pytest.mark.parametrize("negotiating_partners", ["japan,china", ""])
def test_the_two_halves_drawn_apart_join_into_the_whole_picture_byte_for_byte(
        tmp_path: Path, negotiating_partners: str) -> None:
    model = YieldModel(scenario="liberation-day-2025", rng=5, n_funds=60,
                       negotiating_partners=negotiating_partners)
    model.run(40)
    frame = model.timeseries()
    plot_run(frame, tmp_path / "whole.png", "title")
    halves = []
    for half in (0, 1):
        canvas = run_canvas(needs_negotiation(frame))
        ready_ticks(canvas, half)  # ticks made ahead, as the helpers do
        fill(canvas, frame, "title", half)
        halves.append(render_half(canvas, half))
    first, second = halves
    assert (first != second).any() and (first != BLANK).any() and (second != BLANK).any()
    write_halves(first, second, tmp_path / "joined.png")
    whole = (tmp_path / "whole.png").read_bytes()
    assert (tmp_path / "joined.png").read_bytes() == whole
    assert canvas.negotiation == bool(negotiating_partners)


@pytest.mark.parametrize("negotiation", [True, False])
def test_the_halves_share_out_every_panel_once(negotiation: bool) -> None:
    canvas = run_canvas(negotiation)
    first, second = (panel_axes(canvas, half) for half in (0, 1))
    assert not set(first) & set(second)
    assert set(first) | set(second) == set(canvas.figure.axes) == set(panel_axes(canvas, None))


def test_the_png_holds_the_pixels_agg_drew(tmp_path: Path) -> None:
    model = YieldModel(scenario="liberation-day-2025", rng=5, n_funds=60)
    model.run(30)
    frame = model.timeseries()
    plot_run(frame, tmp_path / "run.png", "title")
    drawn = figure_pixels(run_figure(frame, "title"))
    with Image.open(tmp_path / "run.png") as image:
        np.testing.assert_array_equal(np.asarray(image), drawn)


def test_the_date_axis_works_its_ticks_out_again_only_when_its_dates_change() -> None:
    canvas = run_canvas(negotiation=False)
    axis = canvas.axes[-1, 0].xaxis
    locator, formatter = axis.get_major_locator(), axis.get_major_formatter()
    plain_locator = AutoDateLocator()
    plain_formatter = ConciseDateFormatter(plain_locator)
    plain_locator.set_axis(axis)
    for start, end in (("2025-03-03", "2025-08-29"), ("2025-03-03", "2025-03-28"),
                       ("2024-11-01", "2026-02-27"), ("2025-03-03", "2025-08-29")):
        canvas.axes[-1, 0].set_xlim(pd.Timestamp(start), pd.Timestamp(end))
        for _ in range(2):  # the second time from what was worked out
            ticks = locator()
            np.testing.assert_array_equal(ticks, plain_locator())
            assert formatter.format_ticks(ticks) == plain_formatter.format_ticks(ticks)
            assert formatter.get_offset() == plain_formatter.get_offset()
        ticks[0] = -1.0  # a caller changing what it got does not change the next answer
        assert locator()[0] != -1.0
