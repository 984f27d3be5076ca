"""The run picture: clustered events keep their lines but not stacked labels."""

from __future__ import annotations

import itertools

import pandas as pd

from model.yieldmodel import YieldModel
from yieldsim.plot import LABEL_SPACING_DAYS, run_figure


def test_event_labels_never_stack_when_news_clusters() -> None:
    model = YieldModel(scenario="liberation-day-2025", rng=7, n_funds=60)
    model.run(60)
    frame = model.timeseries()
    figure = run_figure(frame, "test")
    yields_axis = figure.axes[0]
    event_days = int((frame["events"].str.len() > 0).sum())
    lines = [line for line in yields_axis.get_lines() if line.get_xdata()[0] ==
             line.get_xdata()[-1]]  # vertical event lines
    assert len(lines) == event_days > 10
    labelled = sorted(pd.Timestamp(text.xy[0]) for text in yields_axis.texts)
    assert 2 <= len(labelled) < event_days
    gaps = [(b - a).days for a, b in itertools.pairwise(labelled)]
    assert min(gaps) >= LABEL_SPACING_DAYS
