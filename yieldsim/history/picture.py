"""One picture per episode: the simulated 10-90% band and median against the real yields.

One panel per bucket (2y, 10y, 30y), the episode's events as numbered vertical lines listed
under the panels. Text is literal: labels such as "$200bn" must not turn into mathtext, so
every text is drawn with usetex off and its dollar signs escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from yieldsim.history.data import MarketData
from yieldsim.history.episodes import PICTURE_BUCKETS, Episode, column
from yieldsim.history.simulate import SeedRun, paths

SIM_COLOR, REAL_COLOR, EVENT_COLOR = "tab:blue", "black", "tab:red"
DPI = 110


def literal(text: str) -> str:
    """Text matplotlib draws as written (a `$` would otherwise start mathtext)."""
    return text.replace("$", r"\$")


def shorten(text: str, width: int = 150) -> str:
    """One line of the event list, cut to the picture's width."""
    return text if len(text) <= width else text[:width - 1] + "…"


def by_date(events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Events grouped by trading date: (date, 'label; label'), in date order."""
    grouped: dict[str, list[str]] = {}
    for event in events:
        grouped.setdefault(event["date"], []).append(event["label"] or event["kind"])
    return [(date, "; ".join(labels)) for date, labels in sorted(grouped.items())]


def plot_episode(episode: Episode, runs: list[SeedRun], data: MarketData,
                 events: list[dict[str, Any]], path: Path) -> None:
    """Draw the episode's picture into `path` (PNG)."""
    episode_figure(episode, runs, data, events).savefig(path, dpi=DPI)


def episode_figure(episode: Episode, runs: list[SeedRun], data: MarketData,
                   events: list[dict[str, Any]]) -> Figure:
    """The episode's picture: one panel per bucket, events numbered and listed below."""
    start, end = episode.scenario.start.isoformat(), episode.history.end.isoformat()
    seeds = sum(r.error is None for r in runs)
    marks = by_date(events)
    height = 2.4 * len(PICTURE_BUCKETS) + 0.9 + 0.16 * len(marks)
    fig = Figure(figsize=(10, height), layout="constrained")
    axes = fig.subplots(len(PICTURE_BUCKETS), 1, sharex=True)
    for ax, bucket in zip(axes, PICTURE_BUCKETS, strict=True):
        name = column(bucket)
        simulated = paths(runs, name)
        if not simulated.empty:
            dates = pd.to_datetime(simulated.index)
            ax.fill_between(dates, simulated.quantile(0.1, axis=1),
                            simulated.quantile(0.9, axis=1), color=SIM_COLOR, alpha=0.25,
                            linewidth=0, label=f"simulated 10–90% ({seeds} seeds)")
            ax.plot(dates, simulated.median(axis=1), color=SIM_COLOR, linewidth=1.6,
                    label="simulated median")
        real = data.observed(name)
        real = real[(real.index >= start) & (real.index <= end)]
        ax.plot(pd.to_datetime(real.index), real, color=REAL_COLOR, linewidth=1.4,
                label="real (FRED)")
        for number, (date, _) in enumerate(marks, 1):
            ax.axvline(pd.Timestamp(date), color=EVENT_COLOR, linewidth=0.8, linestyle="--",
                       alpha=0.6)
            if ax is axes[0]:
                ax.annotate(str(number), (pd.Timestamp(date), 1.0),
                            xycoords=("data", "axes fraction"), xytext=(0, 2),
                            textcoords="offset points", ha="center", va="bottom",
                            fontsize=7, color=EVENT_COLOR, usetex=False)
        ax.set_ylabel(f"{bucket} yield, %", usetex=False)
        ax.grid(alpha=0.3)
    axes[0].legend(loc="best", fontsize=8)
    for text in axes[0].get_legend().get_texts():
        text.set_usetex(False)
    fig.suptitle(literal(f"{episode.name} ({episode.history.role}): simulated against real "
                         f"yields, {start} to {end}"), usetex=False)
    if marks:
        listing = "\n".join(literal(shorten(f"{i}  {date}  {labels}"))
                            for i, (date, labels) in enumerate(marks, 1))
        axes[-1].text(0.0, -0.22, "Events (dashed lines):\n" + listing,
                      transform=axes[-1].transAxes, va="top", ha="left", fontsize=7.5,
                      usetex=False)
    return fig
