"""The run's picture: yields with their events and the 4.5% line, and the machinery behind them.

Six panels (yields, the 10y's components, who absorbed the sales, dealers and leveraged
funds, the dollar against the 10y, and what the run cost the sovereigns at home against in
dollars), eight when the tariff game is on (`policy = "endogenous"`: the Negotiation row). Every
legend sits outside its panel's data; every text a user wrote (event labels, scenario names)
is drawn as typed, never as mathtext (`literal_text`).
"""

from __future__ import annotations

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
from yieldsim import palette
from yieldsim.dollar import OwnCurrency, money
from yieldsim.figures import literal_text

ABSORBER_COLUMNS = ("real_money", "asset_manager", "leveraged", "dealer", "fed")
# 15 x 12 inches (15 x 15 with the Negotiation row) at 110 dpi: the 6.5 pt event labels are
# 10 px tall.
DPI = 110
EVENT_FONT_PT = 6.5
# An event's label is written beside its line only when it clears the previous label by this
# much (points): clustered news (April 2025) otherwise overprints. Every event keeps its line;
# the full list is in the manifest and `RunResult.events`.
EVENT_LABEL_GAP_PT = 2.0
# A rotated label's thickness across the date axis, in points: its font size with the
# line spacing matplotlib gives a line of text.
EVENT_LABEL_THICKNESS_PT = EVENT_FONT_PT * 1.25
# The share of the yields panel's height an event label may take, from the top down.
EVENT_LABEL_HEIGHT_SHARE = 0.55
# Room above the highest yield for the labels, as a share of the yields' range: the labels
# then cross the lines little.
EVENT_HEADROOM_SHARE = 0.8
# A character's average advance in a DejaVu Sans label, as a share of the font size.
CHAR_WIDTH_SHARE = 0.55
LEGEND = {"loc": "upper left", "fontsize": 7.5, "frameon": False, "borderaxespad": 0.0}


@dataclass
class Layout:
    """The figure's panels: where each goes and how much room its legend has."""

    figure: Figure
    axes: np.ndarray  # (rows, 2) panels
    twin: Axes  # leveraged funds' forced sales, on the dealer panel's right-hand scale
    dollar_twin: Axes  # the 10y, on the USD/JPY panel's right-hand scale
    negotiation: bool  # with the fourth row (the tariff game's panels)
    books: Sequence[OwnCurrency] = ()  # the sovereigns whose home result is drawn


def plot_run(frame: pd.DataFrame, path: Path, title: str, negotiation: bool = False, *,
             books: Sequence[OwnCurrency]) -> None:
    """Write the run's picture as a PNG (plain `savefig`, in this process).

    Args:
        frame: The per-step table.
        path: Where to write the PNG.
        title: Figure title (scenario and seed).
        negotiation: Whether the tariff game was on (adds the Negotiation row).
        books: The sovereigns whose result at home is drawn (`yieldsim.dollar.from_model`).

    """
    run_figure(frame, title, negotiation, books=books).savefig(path, dpi=DPI)


def run_figure(frame: pd.DataFrame, title: str, negotiation: bool = False, *,
               books: Sequence[OwnCurrency]) -> Figure:
    """The run's figure (six panels, eight with the Negotiation row), built without pyplot.

    A `matplotlib.figure.Figure` needs no backend, so neither a batch run nor a notebook's
    inline plotting is affected by drawing it (pyplot's global backend is never touched).

    Args:
        frame: The per-step table.
        title: Figure title (scenario and seed), drawn as typed.
        negotiation: Whether the tariff game was on (`policy = "endogenous"`): only then are
            the two Negotiation panels drawn (under the scripted policy they are flat lines).
        books: The sovereigns whose result at home is drawn beside their dollar result
            (`yieldsim.dollar.from_model`: Japan, and any other that sold). Their paths
            come from the frame's `gain_local_<key>` columns; the dollar results, which
            the frame has no column for, are the run's end figures.

    """
    layout = run_layout(negotiation, books)
    dates = pd.to_datetime(frame["date"])
    for ax in layout.axes.flat:
        ax.set_xlim(dates.iloc[0], dates.iloc[-1])
    twins = {(1, 1): layout.twin, (2, 0): layout.dollar_twin}
    for row, panels in enumerate(PANELS[:layout.axes.shape[0]]):
        for column, panel in enumerate(panels):
            panel(layout, frame, dates)
            legend_outside(layout.axes[row, column], twins.get((row, column)))
    layout.figure.suptitle(title)
    literal_text(layout.figure)
    return layout.figure


def run_layout(negotiation: bool, books: Sequence[OwnCurrency] = ()) -> Layout:
    """The figure's panels with their titles and axis labels, legends' room on the right.

    Fixed margins (no layout engine): each column leaves room at its right for its panels'
    legends, and the panels' sizes are known before anything is drawn, which the event
    labels' spacing needs (`event_labels`).
    """
    figure = Figure(figsize=(15, 15 if negotiation else 12))
    figure.subplots_adjust(left=0.05, right=0.85, bottom=0.045 if negotiation else 0.055,
                           top=0.95 if negotiation else 0.935, wspace=0.5,
                           hspace=0.28 if negotiation else 0.25)
    axes = figure.subplots(4 if negotiation else 3, 2, sharex=True)
    locator = AutoDateLocator()
    for ax in axes[-1]:
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes[0, 0].set_ylabel("yield, %")
    axes[0, 0].set_title("Treasury yields (grey lines: events)")
    axes[0, 1].set_ylabel("%")
    axes[0, 1].set_title("10y yield's components")
    axes[1, 0].set_ylabel("$bn, cumulative")
    axes[1, 0].set_title("Who absorbed: net purchases beyond normal supply")
    axes[1, 1].set_ylabel("dealer balance-sheet use, % of capacity")
    twin = axes[1, 1].twinx()
    twin.set_ylabel("LF forced sales, $bn/day")
    axes[1, 1].set_title("Dealer strain and leveraged-fund forced sales")
    axes[2, 0].set_ylabel("USD/JPY, yen per dollar")
    dollar_twin = axes[2, 0].twinx()
    dollar_twin.set_ylabel("10y yield, %")
    axes[2, 0].set_title("The dollar: USD/JPY and the 10y")
    axes[2, 1].set_ylabel("$bn since the start")
    axes[2, 1].set_title("At home and in dollars: result in own currency at the start rate,\n"
                         "bonds' mark-to-market in dollars", fontsize="medium")
    if negotiation:
        axes[3, 0].set_ylabel("US tariff, %")
        axes[3, 0].set_title("Negotiation: US tariff by partner (dot: deal)")
        axes[3, 1].set_ylabel("pain, bp-equivalent")
        axes[3, 1].set_title("Negotiation: the administration's pain against tolerance")
    return Layout(figure, axes, twin, dollar_twin, negotiation, books)


def legend_outside(ax: Axes, twin: Axes | None = None) -> None:
    """One legend for a panel (and its twin's series), beside it, right of the data.

    Its left edge clears the panel's right-hand axis labels, if it has a twin.
    """
    handles, labels = ax.get_legend_handles_labels()
    if twin is not None:
        more_handles, more_labels = twin.get_legend_handles_labels()
        handles, labels = handles + more_handles, labels + more_labels
    if not handles:
        return  # nothing drawn (the home panel when no sovereign has a book)
    anchor = (1.14, 1.0) if twin is not None else (1.02, 1.0)
    ax.legend(handles, labels, bbox_to_anchor=anchor, **LEGEND)


def yields_panel(layout: Layout, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Yields by maturity against the 4.5% line, with the events that moved them."""
    ax = layout.axes[0, 0]
    for bucket in BUCKETS:
        ax.plot(dates, frame[f"y_{bucket}"], label=bucket, linewidth=1.4,
                color=palette.BUCKETS[bucket])
    ax.axhline(WATCHED_LEVEL, color=palette.WATCHED_LEVEL, linestyle="--", linewidth=1,
               label="4.5%")
    low, high = (float(frame[[f"y_{b}" for b in BUCKETS]].to_numpy().min()),
                 float(frame[[f"y_{b}" for b in BUCKETS]].to_numpy().max()))
    span = max(high, WATCHED_LEVEL) - min(low, WATCHED_LEVEL)
    ax.set_ylim(min(low, WATCHED_LEVEL) - 0.05 * span,
                max(high, WATCHED_LEVEL) + EVENT_HEADROOM_SHARE * span)
    fired = frame["events"].str.len() > 0
    event_days = ax.convert_xunits(dates[fired])
    # One collection for every event's line, from the panel's bottom to its top.
    ax.add_collection(LineCollection([[(day, 0), (day, 1)] for day in event_days],
                                     colors=palette.EVENT, alpha=0.45, linewidths=0.8,
                                     transform=ax.get_xaxis_transform()), autolim=False)
    event_labels(ax, event_days, [str(text) for text in frame["events"][fired]])


def event_labels(ax: Axes, days: np.ndarray, texts: list[str]) -> None:
    """Label the event lines that have room, each label inside the panel, none overprinting.

    The panel's size is fixed before drawing (`run_layout`) and its dates are set, so each
    line's place in points is known: a label goes right of its line (left of it at the
    panel's right edge) when that strip clears the previous label. A day's first event names
    it, with "+N" for the others; labels are cut to the room the panel has.
    """
    figure = ax.get_figure()
    assert figure is not None
    box = ax.get_position()
    width_pt = box.width * figure.get_figwidth() * 72
    height_pt = box.height * figure.get_figheight() * 72
    chars = int(EVENT_LABEL_HEIGHT_SHARE * height_pt / (CHAR_WIDTH_SHARE * EVENT_FONT_PT))
    start, end = ax.get_xlim()
    thickness = EVENT_LABEL_THICKNESS_PT
    taken = -np.inf  # the right edge, in points, of the last label placed
    for day, text in zip(days, texts, strict=True):
        x = (day - start) / (end - start) * width_pt
        right_side = x + 1.0 + thickness <= width_pt
        left_edge = x + 1.0 if right_side else x - 1.0 - thickness
        if left_edge < max(taken + EVENT_LABEL_GAP_PT, 0.0):
            continue
        taken = left_edge + thickness
        ax.annotate(shorten(text, chars), (day, 1.0), xycoords=ax.get_xaxis_transform(),
                    xytext=(1.0 if right_side else -1.0, -2.0), textcoords="offset points",
                    rotation=90, fontsize=EVENT_FONT_PT, va="top",
                    ha="left" if right_side else "right", color="#555555",
                    annotation_clip=False)


def shorten(events: str, chars: int) -> str:
    """A day's events as one label of at most `chars` characters: the first, "+N" others."""
    names = [name.strip() for name in events.split(";") if name.strip()]
    more = f" (+{len(names) - 1})" if len(names) > 1 else ""
    first = names[0] if names else events
    room = max(chars - len(more), 4)
    if len(first) > room:
        first = first[:room - 1].rstrip() + "…"
    return first + more


def components_panel(layout: Layout, frame: pd.DataFrame, dates: pd.Series) -> None:
    """The 10y yield's parts: expected policy rate, term premium and price pressure."""
    ax = layout.axes[0, 1]
    for label, column in (("expected rate", "y10_expected_rate"),
                          ("term premium", "y10_term_premium"),
                          ("price pressure", "y10_price_pressure")):
        ax.plot(dates, frame[column], label=label, color=palette.COMPONENTS[label])


def absorbers_panel(layout: Layout, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Who bought what the sovereigns sold, beyond normal supply."""
    ax = layout.axes[1, 0]
    for column in ABSORBER_COLUMNS:
        ax.plot(dates, frame[f"absorbed_{column}"], label=column.replace("_", " "),
                color=palette.ABSORBERS[column])
    sovereign_sales = -frame["flow_sovereign"].cumsum()
    ax.plot(dates, sovereign_sales, color=palette.SOVEREIGN_NET_SALES, linestyle=":",
            label="sovereign net sales")


def dealer_panel(layout: Layout, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Dealers' balance-sheet use, and leveraged funds' forced sales on the right scale."""
    ax = layout.axes[1, 1]
    ax.plot(dates, 100 * frame["dealer_utilization"], label="dealer use (left)",
            color=palette.DEALER_UTILISATION)
    ax.set_ylim(bottom=0)
    layout.twin.fill_between(dates, frame["lf_forced_sales"], step="mid",
                             color=palette.LF_FORCED_SALES, alpha=0.4, linewidth=0,
                             label="LF forced sales (right)")
    layout.twin.set_ylim(bottom=0)


def dollar_panel(layout: Layout, frame: pd.DataFrame, dates: pd.Series) -> None:
    """USD/JPY against the 10y on its own right-hand scale: together or apart.

    In calm runs higher US yields lift the dollar (the lines move together); when the US is
    itself the source of uncertainty they move apart ("sell America").
    """
    ax = layout.axes[2, 0]
    ax.plot(dates, frame["usdjpy"], color=palette.USDJPY, linewidth=1.4,
            label="USD/JPY (left)")
    layout.dollar_twin.plot(dates, frame["y_10y"], color=palette.BUCKETS["10y"], linewidth=1.0,
                            alpha=0.8, label="10y yield (right)")


def home_panel(layout: Layout, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Each shown sovereign's result at home over the run, its dollar bond result at the end.

    The home result (bonds, coupons and FX in its own currency, `gain_local_<key>`) is drawn
    at the start exchange rate, in $bn, so it sits on the dollar result's scale; the legend
    gives it in its own currency too. The dollar result (bonds' mark-to-market) is a marker
    on the last day: the table has no per-day column for it.
    """
    ax = layout.axes[2, 1]
    ax.axhline(0.0, color="#999999", linewidth=0.8)
    if not layout.books:
        ax.text(0.5, 0.5, "no sovereign with a book in its own currency", ha="center",
                va="center", transform=ax.transAxes, color="#555555")
        return
    for book in layout.books:
        color = palette.SOVEREIGN_OWN_CURRENCY.get(book.key, palette.sovereign_color(0))
        ax.plot(dates, frame[f"gain_local_{book.key}"] / book.start_rate, color=color,
                linewidth=1.5, label=f"{book.name} in {book.currency}: "
                f"{money(book.symbol, book.local_bn, 0)}\n"
                f"({money('$', book.local_in_start_usd_bn, 1)} at the start rate)")
        ax.plot(dates.iloc[-1], book.dollar_bn, marker="D", linestyle="none", color=color,
                markeredgecolor="black", markersize=7, clip_on=False,
                label=f"{book.name} in dollars: {money('$', book.dollar_bn, 1)}\n"
                "(bonds' mark-to-market)")


def tariff_panel(layout: Layout, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Negotiation: each partner's US tariff in percent, a dot on the day of its deal."""
    ax = layout.axes[3, 0]
    keys = [c.removeprefix("talks_") for c in frame.columns if c.startswith("talks_")]
    for n, key in enumerate(keys):
        color = palette.partner_color(n)
        ax.plot(dates, 100 * frame[f"tariff_{key}"], linewidth=1.3, color=color,
                label=key.replace("_", " "))
        dealt = frame[f"talks_{key}"] == "deal"
        if dealt.any():
            first = int(dealt.to_numpy().argmax())
            ax.plot(dates.iloc[first], 100 * frame[f"tariff_{key}"].iloc[first], "o",
                    color=color)


def pain_panel(layout: Layout, frame: pd.DataFrame, dates: pd.Series) -> None:
    """Negotiation: the administration's pain (its threat part shaded) against tolerance.

    The days a sovereign threatened or sold are marked along the bottom.
    """
    ax = layout.axes[3, 1]
    ax.plot(dates, frame["admin_pain"], color=palette.PAIN, linewidth=1.3,
            label="administration's pain")
    ax.fill_between(dates, frame["admin_pain"] - frame["admin_pain_threats"],
                    frame["admin_pain"], color=palette.TOLERANCE, alpha=0.3,
                    label="of which threats")
    ax.plot(dates, frame["admin_tolerance"], color=palette.TOLERANCE, linestyle="--",
            linewidth=1, label="tolerance")
    for n, key in enumerate(k for k in ("japan", "china") if f"stance_{k}" in frame.columns):
        live = frame[f"stance_{key}"].isin(["threatening", "selling", "holding"])
        ax.scatter(dates[live], [-(n + 1) * 4.0] * int(live.sum()), s=6, marker="s",
                   color=palette.sovereign_color(n), label=f"{key} threatens or sells")


# The panels by row and column: the fourth row only for runs with the tariff game.
PANELS = ((yields_panel, components_panel), (absorbers_panel, dealer_panel),
          (dollar_panel, home_panel), (tariff_panel, pain_panel))
