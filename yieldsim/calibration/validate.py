"""`yieldsim validate`: how well the defaults reproduce the targets, said plainly.

Writes `validation.json` (each target: name, source, range, achieved median, 10-90% band,
pass), `report.md` made from that JSON (so the two cannot disagree), a fan chart of the
simulated 2025 yields against the real FRED path, and the Japan-sale gap over time against
the Beltran et al. range.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.params import ModelParams
from yieldsim.calibration.actual import ActualYields
from yieldsim.calibration.evaluate import Evaluation
from yieldsim.calibration.moments import LATER, SALE_END, SALE_START
from yieldsim.calibration.record import targets_table
from yieldsim.calibration.targets import TARGETS
from yieldsim.figures import literal_text
from yieldsim.history.arithmetic import path_fit
from yieldsim.runner import git_commit, package_versions

FAN_BANDS = ((10, 90), (25, 75))


def simulated_paths(evaluation: Evaluation, column: str) -> pd.DataFrame:
    """Simulated liberation-day-2025 paths of one yield: rows are dates, columns seeds."""
    paths = {r.seed: r.liberation_paths[column] for r in evaluation.results if r.error is None}
    return pd.DataFrame(paths)


def compare_actual(evaluation: Evaluation, actual: ActualYields) -> dict[str, Any]:
    """Descriptive fit of the simulated fan to observed yields, per series.

    For each series: days compared, share of days inside the 10-90% band, RMSE of the median
    path, and the sd of daily changes observed and simulated (median over seeds).
    """
    out: dict[str, Any] = {"source": actual.source, "series": {}}
    for column in actual.frame.columns:
        sim = simulated_paths(evaluation, column)
        observed = actual.frame[column].dropna()
        common = [d for d in observed.index if d in sim.index]
        if not common:
            continue
        fit = path_fit(sim, observed, common)
        out["series"][column] = {
            "days": fit.days, "first": fit.first, "last": fit.last,
            "inside_10_90_share": round(fit.inside_share, 4),
            "median_rmse_bp": round(fit.median_rmse_bp, 2),
            "daily_sd_actual_bp": round(fit.daily_sd_actual_bp, 2),
            "daily_sd_simulated_bp": round(fit.daily_sd_simulated_bp, 2),
        }
    return out


def validation_document(evaluation: Evaluation, seeds: list[int],
                        actual: dict[str, Any]) -> dict[str, Any]:
    """Everything validation.json holds."""
    failing = [t.name for t in TARGETS if t.required and not evaluation.passes(t)]
    return {
        "date": dt.date.today().isoformat(),
        "commit": git_commit(),
        "versions": package_versions(),
        "seeds": seeds,
        "parameters": ModelParams.resolved(evaluation.settings).to_dict(),
        "targets": targets_table(evaluation),
        "all_pass": not failing,
        "failing": failing,
        "seed_failures": evaluation.failures,
        "actual": actual,
    }


def fmt(value: float | None) -> str:
    """A number for the report table."""
    return "—" if value is None or not np.isfinite(value) else f"{value:.1f}"


def verdict_cell(row: dict[str, Any]) -> str:
    """'yes', '**no**', or for an informational target the same in brackets."""
    text = "yes" if row["pass"] else "**no**"
    return text if row.get("required", True) else f"({text}, informational)"


def report_markdown(document: dict[str, Any]) -> str:
    """The readable report, made only from validation.json's content."""
    lines = ["# yieldsim validation", "",
             f"{document['date']}, commit `{document['commit']}`, {len(document['seeds'])} "
             "seeds (pairs of scenarios share seeds). Median over seeds against each target's "
             "range; the band is the 10th to 90th percentile across seeds.", "",
             "| target | range | median | SE | seeds | 10–90% band | actual 2025 | pass | source |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in document["targets"]:
        se = row.get("se")
        lines.append(f"| {row['description']} (`{row['name']}`) | {row['range']} "
                     f"| {fmt(row['median'])} | {'—' if se is None else f'{se:.2f}'} "
                     f"| {row.get('seeds', '—')} | {fmt(row['p10'])} to {fmt(row['p90'])} "
                     f"| {fmt(row['actual'])} | {verdict_cell(row)} "
                     f"| {row['source']} |")
    verdict = ("All required targets pass." if document["all_pass"] else
               "Failing: " + ", ".join(document["failing"]) + ".")
    lines += ["", verdict, ""]
    series = document["actual"].get("series", {})
    if series:
        lines += [f"## Against observed yields ({document['actual']['source']})", "",
                  "| series | days | inside 10–90% band | median RMSE, bp | daily sd actual, bp "
                  "| daily sd simulated, bp |", "|---|---|---|---|---|---|"]
        for name, s in series.items():
            lines.append(f"| {name} ({s['first']} to {s['last']}) | {s['days']} | "
                         f"{s['inside_10_90_share']:.0%} | {s['median_rmse_bp']:.1f} | "
                         f"{s['daily_sd_actual_bp']:.1f} | {s['daily_sd_simulated_bp']:.1f} |")
        lines.append("")
    lines += ["![fan chart](fan_10y.png)", "", "![Japan sale gap](japan_gap.png)", ""]
    surface = document.get("surface")
    if surface:
        problems = surface["problems"]
        lines += ["## Response surface", "",
                  f"The 10y effect of selling or buying $X over D days (seeds "
                  f"{surface['seeds']}, Fed backstop off): `surface.md`, `surface.csv`.", "",
                  "![response surface](surface.png)", "",
                  ("Every cell passes its checks." if not problems else
                   "Cell problems: " + "; ".join(problems) + "."), ""]
    return "\n".join(lines)


def plot_fan(evaluation: Evaluation, actual: ActualYields, path: Path) -> None:
    """Simulated 10y fan (liberation-day-2025) against the observed 10y."""
    from matplotlib.figure import Figure

    column = "y_10y" if "y_10y" in actual.frame.columns else actual.frame.columns[0]
    sim = simulated_paths(evaluation, column)
    observed = actual.frame[column].dropna()
    window = [d for d in sim.index if observed.index.min() <= d <= observed.index.max()]
    sim = sim.loc[window] if window else sim
    dates = pd.to_datetime(sim.index)
    fig = Figure(figsize=(10, 4.8))
    ax = fig.subplots()
    for (lo, hi), alpha in zip(FAN_BANDS, (0.18, 0.32), strict=True):
        ax.fill_between(dates, sim.quantile(lo / 100, axis=1), sim.quantile(hi / 100, axis=1),
                        color="tab:blue", alpha=alpha, linewidth=0, label=f"simulated {lo}–{hi}%")
    ax.plot(dates, sim.median(axis=1), color="tab:blue", label="simulated median")
    shown = observed.loc[[d for d in observed.index if d in set(sim.index)]]
    ax.plot(pd.to_datetime(shown.index), shown, color="black", linewidth=1.6,
            label=f"actual ({Path(actual.source).name})")
    ax.axhline(4.5, color="crimson", linestyle="--", linewidth=1)
    ax.axvline(pd.Timestamp("2025-04-03"), color="grey", alpha=0.5)
    ax.set_title(f"liberation-day-2025: simulated {column.replace('y_', '')} yield "
                 f"({sim.shape[1]} seeds) against the real path")
    ax.set_ylabel("%")
    ax.legend(fontsize=8, loc="upper left")
    fig.autofmt_xdate()
    literal_text(fig)  # the observed file's name is a user's text
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def plot_japan_gap(evaluation: Evaluation, path: Path) -> None:
    """japan-sells minus baseline over time, with the Beltran et al. ranges."""
    from matplotlib.figure import Figure

    gaps = np.array([r.japan_gap_bp for r in evaluation.results if r.error is None])
    steps = np.arange(gaps.shape[1])
    fig = Figure(figsize=(10, 4.5))
    ax = fig.subplots()
    ax.fill_between(steps, np.percentile(gaps, 10, axis=0), np.percentile(gaps, 90, axis=0),
                    alpha=0.25, color="tab:orange", linewidth=0, label="10–90% across seeds")
    ax.plot(steps, np.median(gaps, axis=0), color="tab:orange", label="median")
    ax.axvspan(SALE_START, SALE_END, color="grey", alpha=0.12, label="sale window")
    ax.errorbar([SALE_END], [50], yerr=[[10], [10]], fmt="s", color="black", capsize=6,
                label="Beltran et al.: 40–60bp short run")
    ax.errorbar([SALE_END + LATER], [20], yerr=[[10], [10]], fmt="o", color="black", capsize=6,
                label="target 10–30bp three months later")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xlabel("step (trading day)")
    ax.set_ylabel("10y gap, bp")
    ax.set_title("Japan sells $100bn over 21 days: 10y yield minus baseline (same seeds)")
    ax.legend(fontsize=8)
    literal_text(fig)  # the observed file's name is a user's text
    fig.tight_layout()
    fig.savefig(path, dpi=110)
