"""The run's picture: yields with events and the 4.5% line, and the machinery behind them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from model.instruments import BUCKETS
from model.summary import WATCHED_LEVEL

ABSORBER_COLUMNS = ("real_money", "asset_manager", "leveraged", "dealer", "fed")
# An event's label is written beside its line only when the previous labelled event is at
# least this far to the left: clustered news (April 2025) otherwise stacks into unreadable ink.
# Every event keeps its line; the full list is in the manifest and `RunResult.events`.
LABEL_SPACING_DAYS = 12
# zlib level of the PNG (lossless at every level): 1 instead of Pillow's 6 makes the file 7%
# larger (312 kB against 293 kB for the 2025 scenario) and takes 9% off drawing the picture
# (valgrind --tool=callgrind, 3.29 to 3.00 G instructions).
PNG_COMPRESS_LEVEL = 1


def plot_run(frame: pd.DataFrame, path: Path, title: str) -> None:
    """Write the run's four-panel picture as a PNG.

    Args:
        frame: The per-step table.
        path: Where to write the PNG.
        title: Figure title (scenario and seed).

    """
    run_figure(frame, title).savefig(path, dpi=110,
                                     pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})


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
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    dates = pd.to_datetime(frame["date"])
    partners = [c.removeprefix("talks_") for c in frame.columns if c.startswith("talks_")]
    game = bool(partners) and "admin_pain" in frame.columns
    fig = Figure(figsize=(13, 11 if game else 8))
    fig.subplots_adjust(left=0.06, right=0.94, bottom=0.06 if game else 0.07,
                        top=0.93 if game else 0.91, wspace=0.18, hspace=0.25 if game else 0.2)
    axes = fig.subplots(3 if game else 2, 2, sharex=True)
    locator = AutoDateLocator()
    for ax in axes[-1]:
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax = axes[0, 0]
    for bucket in BUCKETS:
        ax.plot(dates, frame[f"y_{bucket}"], label=bucket, linewidth=1.4)
    ax.axhline(WATCHED_LEVEL, color="crimson", linestyle="--", linewidth=1, label="4.5%")
    fired = frame[frame["events"].str.len() > 0]
    top = ax.get_ylim()[1]
    last_labelled = None
    for date, label in zip(pd.to_datetime(fired["date"]), fired["events"], strict=True):
        ax.axvline(date, color="grey", alpha=0.35, linewidth=0.8)
        if date > dates.iloc[0] and (last_labelled is None or (date - last_labelled).days
                                     >= LABEL_SPACING_DAYS):
            ax.annotate(label.split(";")[0][:38], (date, top), rotation=90,
                        fontsize=6, va="top", ha="right", color="dimgrey")
            last_labelled = date
    ax.set_ylabel("yield, %")
    ax.set_title("Treasury yields")
    ax.legend(loc="lower left", fontsize=8, ncol=5)

    ax = axes[0, 1]
    ax.plot(dates, frame["y10_expected_rate"], label="expected rate")
    ax.plot(dates, frame["y10_term_premium"], label="term premium")
    ax.plot(dates, frame["y10_price_pressure"], label="price pressure")
    ax.set_title("10y components, %")
    ax.legend(fontsize=8)

    ax = axes[1, 0]
    for column in ABSORBER_COLUMNS:
        ax.plot(dates, frame[f"absorbed_{column}"], label=column.replace("_", " "))
    sovereign_sales = -frame["flow_sovereign"].cumsum()
    ax.plot(dates, sovereign_sales, color="black", linestyle=":", label="sovereign net sales")
    ax.set_title("Who absorbed: net purchases beyond normal supply, $bn")
    ax.legend(fontsize=7, ncol=2)

    ax = axes[1, 1]
    ax.plot(dates, frame["dealer_utilization"], label="dealer utilisation", color="darkorange")
    ax.set_ylim(bottom=0)
    ax.set_ylabel("share of capacity")
    twin = ax.twinx()
    twin.fill_between(dates, frame["lf_forced_sales"], step="mid", color="purple", alpha=0.4,
                      linewidth=0, label="LF forced sales")
    twin.set_ylim(bottom=0)
    twin.set_ylabel("$bn/day")
    ax.set_title("Dealer strain and leveraged-fund forced sales")
    if game:
        negotiation_panel(axes[2, 0], axes[2, 1], frame, dates, partners)
    fig.suptitle(title)
    return fig


def negotiation_panel(tariff_ax: Axes, pain_ax: Axes, frame: pd.DataFrame, dates: pd.Series,
                      partners: list[str]) -> None:
    """The "Negotiation" panel: tariffs by partner (deals marked), pain against tolerance.

    Each partner's US rate is drawn solid, and a filled circle marks the day its deal was
    struck; on the right, the administration's pain (its threat part shaded) against its
    tolerance, with the days a sovereign threatened or sold marked along the bottom.
    """
    for key in partners:
        line, = tariff_ax.plot(dates, 100 * frame[f"tariff_{key}"], linewidth=1.3,
                               label=key.replace("_", " "))
        dealt = frame[f"talks_{key}"] == "deal"
        if dealt.any():
            first = int(dealt.to_numpy().argmax())
            tariff_ax.plot(dates.iloc[first], 100 * frame[f"tariff_{key}"].iloc[first], "o",
                           color=line.get_color())
    tariff_ax.set_ylabel("US tariff, %")
    tariff_ax.set_title("Negotiation: US tariff by partner (dot: deal)")
    tariff_ax.legend(fontsize=7, ncol=3)
    pain_ax.plot(dates, frame["admin_pain"], color="black", linewidth=1.3,
                 label="administration's pain")
    pain_ax.fill_between(dates, frame["admin_pain"] - frame["admin_pain_threats"],
                         frame["admin_pain"], color="crimson", alpha=0.3, label="of which threats")
    pain_ax.plot(dates, frame["admin_tolerance"], color="crimson", linestyle="--", linewidth=1,
                 label="tolerance")
    for n, key in enumerate(k for k in ("japan", "china") if f"stance_{k}" in frame.columns):
        live = frame[f"stance_{key}"].isin(["threatening", "selling", "holding"])
        pain_ax.scatter(dates[live], [-(n + 1) * 4.0] * int(live.sum()), s=6, marker="s",
                        label=f"{key} threatens or sells")
    pain_ax.set_ylabel("pain, bp-equivalent")
    pain_ax.set_title("Negotiation: pain from the bond market against tolerance")
    pain_ax.legend(fontsize=7, ncol=2)
