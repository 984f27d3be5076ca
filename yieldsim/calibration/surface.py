"""The response surface: the 10y effect of selling or buying $X over D days, across X and D.

For each operation (a sovereign's sale, or Fed purchases as reverse auctions), size and
duration, the run is compared with the baseline on the same seed. The effect is read at the
end of the operation and 63 trading days (three months) later. An operation ends when it has
been carried out: its nominal last day, or later if part of it carried over (a sale dealers
could not take, purchases nobody offered into), so a $1tn one-day sale is judged when it has
been sold, not on a day when most of it is still waiting.

Every cell is checked: no NaN, no yield below the floor, dealers within capacity except the
documented auction tail (one day's issuance, 10y-equivalent), the effect (at the end and
three months on) monotone in size, and its peak no larger when spread over more days. The
peak, not the end, is compared across durations because a one-day operation's effect is
still building the day after (leveraged funds deleverage on the volatility it caused), so
"at the end" of one day is not the same moment of the story as the end of 21 days.

The surface is computed with the Fed's stress backstop off: it shows how the market itself
absorbs an operation. With the backstop on, a sale big enough to fill dealers triggers Fed
purchases that buy much of it back, and the effect then falls with size (docs/calibration.md).
It is also computed without mortgage convexity (no privately held MBS): a purchase big enough
to push the 10y towards 1.5% would start a refinancing wave in the 2025 mortgage book, which
amplifies whichever operation keeps yields there longer; that is the mortgage market's state,
not the Treasury market's absorption (docs/calibration.md shows the cells with it on).
"""

from __future__ import annotations

import concurrent.futures as cf
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.instruments import BUCKETS
from model.params import ModelParams
from model.yieldmodel import YieldModel
from yieldsim.calibration.evaluate import median_standard_error
from yieldsim.calibration.operations import FED, OPERATION_START, SALE, operation_scenario
from yieldsim.figures import literal_text

SIZES_BN = (25.0, 50.0, 100.0, 250.0, 500.0, 1000.0)
DURATIONS = (1, 5, 21, 63, 250)
KINDS = (SALE, FED)
LATER = 63
COMPLETION_SLACK = 120   # steps an operation may take beyond its nominal end to be filled
DONE_SHARE = 0.99        # share of the amount that counts as carried out
# Tolerance of the shape checks: the seed-to-seed noise of a gap (common random numbers).
SHAPE_TOLERANCE_BP = 1.0
YIELD_COLUMNS = [f"y_{b}" for b in BUCKETS]
# The market's own absorption: no stress backstop, no mortgage convexity (module docstring).
# The seller holds TIC's whole Japanese book, so that every size up to $1tn can be sold:
# the surface is about the market, not about the Ministry of Finance's $848bn.
SURFACE_SETTINGS = {"fed_backstop": False, "mbs_private_bn": 0.0, "japan_official_share": 1.0}

# Published points overlaid on the chart: (kind, size $bn, days, lo, hi, when, label).
PUBLISHED = (
    (SALE, 100.0, 21, 40.0, 60.0, "end", "Beltran et al. 2013: 40-60bp"),
    (SALE, 100.0, 21, 10.0, 30.0, "3m", "three months on: 10-30bp"),
    (SALE, 250.0, 750, -np.inf, 15.0, "end", "250bn over 750 days: < 15bp"),
    (FED, 300.0, 150, -50.0, -15.0, "end", "D'Amico & King 2013: -15 to -50bp"),
)


@dataclass(frozen=True)
class SurfaceSpec:
    """Which cells to run.

    Attributes:
        sizes_bn: Operation sizes, $bn face.
        durations: Trading days.
        kinds: SALE and/or FED.
        seeds: Seeds (each cell's effect is the median over them).
    """

    sizes_bn: tuple[float, ...] = SIZES_BN
    durations: tuple[int, ...] = DURATIONS
    kinds: tuple[str, ...] = KINDS
    seeds: tuple[int, ...] = (1, 2)


def _series(scenario: Any, seed: int, steps: int, settings: dict[str, Any],
            kind: str | None) -> tuple[pd.DataFrame, float]:
    """Yields, utilisation and the operation's cumulative fill by step; and the tail bound."""
    model = YieldModel(scenario=scenario, rng=seed, **settings)
    model.run(steps)
    frame = model.timeseries()[[*YIELD_COLUMNS, "dealer_utilization"]].copy()
    if kind == SALE:
        holdings = model.timeseries()["holdings_japan"].to_numpy()
        frame["done_bn"] = holdings[0] - holdings
    elif kind == FED:
        # Purchases, not holdings: runoff keeps maturing out of the book meanwhile.
        frame["done_bn"] = model.timeseries()["fed_purchases"].cumsum().to_numpy()
    # One day's must-fill issuance in 10y-equivalents, as a share of dealer capacity.
    issue = model.treasury.daily_bn * (21.0 if model.params.treasury_auctions else 1.0)
    tail = float(issue @ model.ten_year_weights) / model.params.dealer_capacity_bn
    return frame, tail


def surface_job(kind: str, size_bn: float, seed: int, durations: tuple[int, ...],
                settings: dict[str, Any]) -> list[dict[str, Any]]:
    """Every duration of one (kind, size, seed): the baseline once, then each operation."""
    longest = OPERATION_START + max(durations) + COMPLETION_SLACK + LATER
    base, _ = _series("baseline", seed, longest, settings, None)
    rows = []
    for days in durations:
        steps = OPERATION_START + days + COMPLETION_SLACK + LATER
        run, tail = _series(operation_scenario(kind, size_bn, days, steps), seed, steps,
                            settings, kind)
        nominal_end = OPERATION_START + days - 1
        done = np.abs(run["done_bn"].to_numpy()) >= DONE_SHARE * size_bn
        last = len(run) - 1 - LATER
        done_steps = np.flatnonzero(done[nominal_end:last + 1])
        end = nominal_end + int(done_steps[0]) if len(done_steps) else last
        gap = (run["y_10y"].to_numpy() - base["y_10y"].to_numpy()[:len(run)]) * 100.0
        limit = ModelParams().with_overrides(settings).max_utilization
        sign = 1.0 if kind == SALE else -1.0
        rows.append({
            "kind": kind, "size_bn": size_bn, "days": days, "seed": seed,
            "peak_bp": sign * float(np.max(sign * gap[OPERATION_START:end + LATER + 1])),
            "completed_days": end - OPERATION_START + 1, "completed": bool(len(done_steps)),
            "effect_end_bp": float(gap[end]), "effect_3m_bp": float(gap[end + LATER]),
            "min_yield_pct": float(run[YIELD_COLUMNS].to_numpy().min()),
            "max_utilization": float(run["dealer_utilization"].max()),
            "utilization_limit": limit + tail,
            "any_nan": bool(run[YIELD_COLUMNS].isna().any().any() or np.isnan(gap).any()),
        })
    return rows


def response_surface(spec: SurfaceSpec, settings: dict[str, Any] | None = None,
                     executor: cf.Executor | None = None) -> pd.DataFrame:
    """One row per (kind, size, duration): effects (median over seeds) and cell checks."""
    settings = {**(settings or {}), **SURFACE_SETTINGS}
    jobs = [(kind, size, seed, spec.durations, settings) for kind in spec.kinds
            for size in spec.sizes_bn for seed in spec.seeds]
    if executor is None:
        results = [surface_job(*job) for job in jobs]
    else:
        futures = [executor.submit(surface_job, *job) for job in jobs]
        results = [f.result() for f in futures]
    per_seed = pd.DataFrame([row for rows in results for row in rows])
    grouped = per_seed.groupby(["kind", "size_bn", "days"], sort=True)
    frame = grouped.agg(effect_end_bp=("effect_end_bp", "median"),
                        effect_end_se_bp=("effect_end_bp", standard_error),
                        effect_3m_bp=("effect_3m_bp", "median"),
                        effect_3m_se_bp=("effect_3m_bp", standard_error),
                        peak_bp=("peak_bp", "median"),
                        completed_days=("completed_days", "max"),
                        completed=("completed", "all"),
                        min_yield_pct=("min_yield_pct", "min"),
                        max_utilization=("max_utilization", "max"),
                        utilization_limit=("utilization_limit", "max"),
                        any_nan=("any_nan", "any")).reset_index()
    return frame


def standard_error(values: pd.Series) -> float:
    """A cell's bootstrap standard error of the median over seeds (NaN with one seed)."""
    return median_standard_error(values.to_numpy())


def check_surface(frame: pd.DataFrame, floor_pct: float) -> list[str]:
    """Every violated cell property, as one line each (empty when the surface is sound)."""
    problems = []
    for row in frame.itertuples():
        cell = f"{row.kind} ${row.size_bn:g}bn over {row.days}d"
        if row.any_nan:
            problems.append(f"{cell}: NaN")
        if row.min_yield_pct < floor_pct - 1e-9:
            problems.append(f"{cell}: a yield of {row.min_yield_pct:.3f}% is below the floor")
        if row.max_utilization > row.utilization_limit + 1e-9:
            problems.append(f"{cell}: dealer utilisation {row.max_utilization:.2f} beyond "
                            f"capacity plus the auction tail ({row.utilization_limit:.2f})")
    for (kind, days), group in frame.groupby(["kind", "days"]):
        sign = 1.0 if kind == SALE else -1.0
        for column in ("effect_end_bp", "effect_3m_bp"):
            values = sign * group.sort_values("size_bn")[column].to_numpy()
            if np.any(np.diff(values) < -SHAPE_TOLERANCE_BP):
                problems.append(f"{kind} over {days}d: {column} not monotone in size")
    for (kind, size), group in frame.groupby(["kind", "size_bn"]):
        sign = 1.0 if kind == SALE else -1.0
        values = sign * group.sort_values("days")["peak_bp"].to_numpy()
        if np.any(np.diff(values) > SHAPE_TOLERANCE_BP):
            problems.append(f"{kind} ${size:g}bn: peak larger when spread over more days")
    return problems


def surface_markdown(frame: pd.DataFrame) -> str:
    """The surface as two tables (end of operation | three months on), one per kind."""
    lines = []
    for kind in frame["kind"].unique():
        sub = frame[frame["kind"] == kind]
        title = "Sovereign sale" if kind == SALE else "Fed purchases (reverse auctions)"
        days = sorted(sub["days"].unique())
        lines += [f"### {title}: 10y effect, bp, at the end | three months on", "",
                  "| size $bn | " + " | ".join(f"{d} days" for d in days) + " |",
                  "|---|" + "---|" * len(days)]
        for size in sorted(sub["size_bn"].unique()):
            cells = []
            for d in days:
                r = sub[(sub["size_bn"] == size) & (sub["days"] == d)].iloc[0]
                late = "" if r["completed_days"] == d else f" ({r['completed_days']}d)"
                cells.append(f"{r['effect_end_bp']:+.0f} \\| {r['effect_3m_bp']:+.0f}{late}")
            lines.append(f"| {size:g} | " + " | ".join(cells) + " |")
        lines.append("")
    lines.append("In brackets: trading days the operation actually took when part of it "
                 "carried over.")
    measured = frame["effect_end_se_bp"].notna()  # cells run on more than one seed
    if measured.any():
        end = frame.loc[measured, "effect_end_se_bp"]
        later = frame.loc[measured, "effect_3m_se_bp"]
        lines.append(f"Standard error of a cell's median over seeds (bootstrap): "
                     f"{end.median():.1f}bp at the end and {later.median():.1f}bp three months "
                     f"on in the median cell, at most {end.max():.1f} and {later.max():.1f}.")
    return "\n".join(lines) + "\n"


def plot_surface(frame: pd.DataFrame, path: Path) -> None:
    """Effect against size for each duration, one panel per kind, published points overlaid."""
    from matplotlib.figure import Figure

    kinds = list(frame["kind"].unique())
    fig = Figure(figsize=(6.2 * len(kinds), 4.8))
    axes = np.atleast_1d(fig.subplots(1, len(kinds)))
    for ax, kind in zip(axes, kinds, strict=True):
        sub = frame[frame["kind"] == kind]
        for i, days in enumerate(sorted(sub["days"].unique())):
            cells = sub[sub["days"] == days].sort_values("size_bn")
            color = f"C{i}"
            ax.plot(cells["size_bn"], cells["effect_end_bp"], marker="o", color=color,
                    label=f"{days} days: end")
            ax.plot(cells["size_bn"], cells["effect_3m_bp"], linestyle="--", color=color,
                    alpha=0.7, label=f"{days} days: 3 months on")
        for p_kind, size, days, lo, hi, when, label in PUBLISHED:
            if p_kind != kind:
                continue
            top = hi
            bottom = lo if np.isfinite(lo) else 0.0
            marker = "s" if when == "end" else "D"
            ax.errorbar([size], [(top + bottom) / 2], yerr=[[(top - bottom) / 2],
                                                            [(top - bottom) / 2]],
                        fmt=marker, color="black", capsize=5, markersize=5,
                        label=f"{label} ({days}d)")
        ax.axhline(0, color="black", linewidth=0.6)
        ax.set_xscale("log")
        ax.set_xlabel("size, $bn face")
        ax.set_ylabel("10y minus baseline, bp")
        ax.set_title("Sovereign sells" if kind == SALE else "Fed buys (reverse auctions)")
        ax.legend(fontsize=6.5, ncol=2)
    literal_text(fig)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
