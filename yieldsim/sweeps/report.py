"""Tables and plots of a sweep folder, rebuilt from its run records at any time.

`build_report` writes `results.parquet` (one row per run), `points.csv` (one row per design
point: means, spreads and the probability that the 10y crossed 4.5% with a Wilson interval),
and the plots that fit the design: one varied parameter → key metrics against it with
replicate bands (`metrics.png`); two → heatmaps of the mean peak 10y and of P(10y crosses
4.5%) (`heatmap.png`); more → one panel per parameter (`effects.png`). A Sobol design adds
`sensitivity.csv` (first-order and total indices with confidence intervals, SALib) and a bar
chart (`sensitivity.png`).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from model.summary import WATCHED_LEVEL
from yieldsim.figures import literal_text
from yieldsim.sweeps.design import sobol_problem
from yieldsim.sweeps.results import results_frame
from yieldsim.sweeps.seeds import analysis_seed
from yieldsim.sweeps.space import model_dimensions
from yieldsim.sweeps.spec import SweepSpec, load_resolved
from yieldsim.sweeps.store import RESULTS_FILE, SPEC_FILE, SweepStore

CROSS = "crossed_4_5"
KEY_METRICS = ("peak_10y", "max_5d_rise_10y_bp", CROSS)
LABELS = {"peak_10y": "peak 10y yield, %", "max_5d_rise_10y_bp": "largest 5-day rise of the "
          "10y, bp", CROSS: f"P(10y crosses {WATCHED_LEVEL}%)"}
Z95 = 1.959963984540054
MAX_EFFECT_PANELS = 8


@dataclass
class Report:
    """What a report wrote and what it could not do.

    Attributes:
        files: Files written.
        notes: One line per thing left out and why.

    """

    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build_report(root: Path, spec: SweepSpec | None = None,
                 records: dict[int, dict[str, Any]] | None = None) -> Report:
    """Rebuild every table and plot of a sweep folder.

    Args:
        root: The sweep folder.
        spec: Its resolved spec (read from `spec.toml` when not given).
        records: Run records (read from the folder when not given; when the folder has no
            records, its `results.parquet` is used as it is).

    Returns:
        The files written and notes on anything left out.

    """
    spec = spec or load_resolved(root / SPEC_FILE)
    store = SweepStore(root)
    report = Report()
    if records is None:
        records, unreadable = store.load_records()
        report.notes += [f"record {p.name} {store.problems[p]}: left out (a resumed sweep "
                         "runs it again)" for p in unreadable]
    if records:
        frame = results_frame(records.values(), spec.axis_names)
        report.files.append(store.write_table(frame))
    elif (root / RESULTS_FILE).is_file():
        frame = pd.read_parquet(root / RESULTS_FILE)
    else:
        report.notes.append("no finished runs yet: nothing to report")
        return report
    points = point_table(frame, spec)
    report.files.append(store.write_table(points, "points.csv"))
    ok_points = points[points["runs_ok"] > 0]
    if ok_points.empty:
        report.notes.append("no run succeeded: no plots")
        return report
    axes = spec.axis_names
    if len(axes) == 1:
        report.files.append(plot_one(frame, points, spec, root / "metrics.png"))
    elif len(axes) == 2:
        report.files.append(plot_two(points, spec, root / "heatmap.png"))
    elif len(axes) > 2:
        report.files.append(plot_effects(points, spec, root / "effects.png"))
    if spec.design == "sobol":
        sensitivity, notes = sobol_indices(points, spec)
        report.notes += notes
        if not sensitivity.empty:
            report.files.append(store.write_table(sensitivity, "sensitivity.csv"))
            report.files.append(plot_sensitivity(sensitivity, spec, root / "sensitivity.png"))
    return report


def metric_columns(frame: pd.DataFrame, spec: SweepSpec) -> list[str]:
    """Summary-metric columns of a results table."""
    fixed = {"run", "point", "replicate", "seed", "status", "error", "duration_s",
             "finished_at", *spec.axis_names}
    return [c for c in frame.columns if c not in fixed]


def point_table(frame: pd.DataFrame, spec: SweepSpec) -> pd.DataFrame:
    """One row per design point: parameters, run counts, means and spreads.

    Every metric gets its mean over the point's successful replicates (the mean of a
    true/false metric is a probability); the key metrics also get sd and the 10th and 90th
    percentiles; `crossed_4_5` gets a Wilson 95% interval.
    """
    metrics = metric_columns(frame, spec)
    ok = frame[frame["status"] == "ok"]
    values = {m: ok[m].astype("float64") for m in metrics}
    groups = frame.groupby("point", sort=True)
    table = groups[spec.axis_names].first() if spec.axis_names else pd.DataFrame(
        index=groups.size().index)
    table["runs"] = groups.size()
    table["runs_ok"] = ok.groupby("point").size().reindex(table.index, fill_value=0)
    table["runs_failed"] = table["runs"] - table["runs_ok"]
    by_point = ok["point"]
    for m in metrics:
        grouped = values[m].groupby(by_point)
        table[f"{m}_mean"] = grouped.mean().reindex(table.index)
        if m in KEY_METRICS and m != CROSS:
            table[f"{m}_sd"] = grouped.std(ddof=1).reindex(table.index)
            table[f"{m}_p10"] = grouped.quantile(0.1).reindex(table.index)
            table[f"{m}_p90"] = grouped.quantile(0.9).reindex(table.index)
    if CROSS in metrics:
        hits = values[CROSS].groupby(by_point).sum().reindex(table.index, fill_value=0.0)
        bounds = [wilson(int(k), int(n)) for k, n in zip(hits, table["runs_ok"], strict=True)]
        table[f"{CROSS}_lo95"] = [b[0] for b in bounds]
        table[f"{CROSS}_hi95"] = [b[1] for b in bounds]
    return table.reset_index()


def wilson(hits: int, n: int) -> tuple[float, float]:
    """Wilson 95% interval of a proportion (NaN without observations)."""
    if n == 0:
        return math.nan, math.nan
    p = hits / n
    denom = 1 + Z95 ** 2 / n
    centre = (p + Z95 ** 2 / (2 * n)) / denom
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def sobol_indices(points: pd.DataFrame, spec: SweepSpec) -> tuple[pd.DataFrame, list[str]]:
    """First-order and total Sobol indices of every varying metric (SALib).

    The indices are computed on each point's mean over its successful replicates, in design
    order (Saltelli's layout needs every point). The bootstrap seed is derived from the root
    seed, so the confidence intervals are reproducible too.
    """
    from SALib.analyze import sobol

    columns = ["metric", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    expected = spec.point_count()
    if len(points) != expected or (points["runs_ok"] == 0).any():
        missing = expected - int((points["runs_ok"] > 0).sum())
        return pd.DataFrame(columns=columns), [
            f"sensitivity left out: {missing} of {expected} design points have no successful "
            "run yet (Saltelli's estimator needs every point)"]
    problem = sobol_problem(spec)
    rows, notes = [], []
    for column in [c for c in points.columns if c.endswith("_mean")]:
        metric = column.removesuffix("_mean")
        y = points[column].to_numpy(dtype=float)
        if not np.all(np.isfinite(y)) or np.ptp(y) == 0.0:
            continue
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = sobol.analyze(problem, y, calc_second_order=False, num_resamples=200,
                                   conf_level=0.95, print_to_console=False,
                                   seed=analysis_seed(spec.seed))
        for i, name in enumerate(spec.axis_names):
            rows.append({"metric": metric, "parameter": name, "S1": float(result["S1"][i]),
                         "S1_conf": float(result["S1_conf"][i]), "ST": float(result["ST"][i]),
                         "ST_conf": float(result["ST_conf"][i])})
    if not rows:
        notes.append("sensitivity left out: no metric varies across the design")
    return pd.DataFrame(rows, columns=columns), notes


# --- plots ------------------------------------------------------------------------------------
def axis_label(name: str) -> str:
    """A parameter's name with its unit."""
    dim = model_dimensions().get(name)
    return f"{name} ({dim.unit})" if dim and dim.unit else name


def title(spec: SweepSpec, points: pd.DataFrame) -> str:
    """Figure title: what was swept and how many runs stand behind it."""
    runs = int(points["runs_ok"].sum())
    scenario = Path(spec.scenario).stem
    return (f"yieldsim sweep {spec.name} · {scenario} · {spec.design}, {runs} runs "
            f"({spec.replicates} per point), seed {spec.seed}")


def _positions(values: pd.Series, labels: list[str] | None = None
               ) -> tuple[np.ndarray, list[str] | None]:
    """Where parameter values go on an x axis: the numbers, or categories for text/true-false.

    Given `labels` (categories found earlier), values are placed on those.
    """
    if labels is None and pd.api.types.is_numeric_dtype(values) and \
            not pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=float), None
    labels = labels or [str(v) for v in dict.fromkeys(values)]
    return np.array([labels.index(str(v)) for v in values], dtype=float), labels


def plot_one(frame: pd.DataFrame, points: pd.DataFrame, spec: SweepSpec, path: Path) -> Path:
    """Key metrics against the one varied parameter, with replicate bands."""
    name = spec.axis_names[0]
    ok = frame[frame["status"] == "ok"]
    shown = [m for m in KEY_METRICS if f"{m}_mean" in points.columns]
    fig = Figure(figsize=(5.2 * len(shown), 4.2))
    axes = fig.subplots(1, len(shown), squeeze=False)
    order = points.sort_values(name)
    x, labels = _positions(order[name])
    for ax, metric in zip(axes[0], shown, strict=True):
        if metric == CROSS:
            ax.fill_between(x, order[f"{CROSS}_lo95"], order[f"{CROSS}_hi95"], alpha=0.25,
                            label="95% interval (Wilson)")
            ax.set_ylim(-0.02, 1.02)
        else:
            xs, _ = _positions(ok[name], labels)
            ax.scatter(xs, ok[metric].astype(float), s=8, alpha=0.35, color="grey",
                       label="replicates")
            if spec.replicates > 1:
                ax.fill_between(x, order[f"{metric}_p10"], order[f"{metric}_p90"], alpha=0.25,
                                label="10th-90th percentile")
            if metric == "peak_10y":
                ax.axhline(WATCHED_LEVEL, color="crimson", linestyle="--", linewidth=1,
                           label=f"{WATCHED_LEVEL}%")
        ax.plot(x, order[f"{metric}_mean"], marker="o", linewidth=1.6, label="mean")
        ax.set_xlabel(axis_label(name))
        ax.set_title(LABELS[metric], fontsize=10)
        if labels is not None:
            ax.set_xticks(range(len(labels)), labels)
        ax.legend(fontsize=7)
    return finish(fig, title(spec, points), path)


def plot_two(points: pd.DataFrame, spec: SweepSpec, path: Path) -> Path:
    """Heatmaps (grid) or coloured scatters (other designs) of mean peak 10y and P(cross)."""
    x_name, y_name = spec.axis_names
    panels = [(m, c) for m, c in (("peak_10y", "YlOrRd"), (CROSS, "Reds"))
              if f"{m}_mean" in points.columns]
    fig = Figure(figsize=(6.4 * len(panels), 5.0))
    axes = fig.subplots(1, len(panels), squeeze=False)
    ok = points[points["runs_ok"] > 0]
    for ax, (metric, cmap) in zip(axes[0], panels, strict=True):
        column = f"{metric}_mean"
        limits = {"vmin": 0.0, "vmax": 1.0} if metric == CROSS else {}
        if spec.design == "grid":
            grid = ok.pivot_table(index=y_name, columns=x_name, values=column, aggfunc="first")
            image = ax.imshow(grid.to_numpy(dtype=float), origin="lower", aspect="auto",
                              cmap=cmap, **limits)
            ax.set_xticks(range(grid.shape[1]), [f"{v:g}" if isinstance(v, float) else str(v)
                                                 for v in grid.columns], rotation=45)
            ax.set_yticks(range(grid.shape[0]), [f"{v:g}" if isinstance(v, float) else str(v)
                                                 for v in grid.index])
            _annotate(ax, grid.to_numpy(dtype=float), "{:.2f}")
        else:
            image = ax.scatter(ok[x_name].astype(float), ok[y_name].astype(float),
                               c=ok[column].astype(float), cmap=cmap, s=28, **limits)
        fig.colorbar(image, ax=ax, shrink=0.85)
        ax.set_xlabel(axis_label(x_name))
        ax.set_ylabel(axis_label(y_name))
        ax.set_title(("mean " if metric != CROSS else "") + LABELS[metric], fontsize=10)
    return finish(fig, title(spec, points), path)


def _annotate(ax: Any, values: np.ndarray, fmt: str) -> None:
    """Write each cell's value in it, dark on light cells and light on dark ones."""
    finite = values[np.isfinite(values)]
    if finite.size == 0 or values.size > 400:
        return
    mid = (finite.min() + finite.max()) / 2
    for (row, col), value in np.ndenumerate(values):
        if np.isfinite(value):
            ax.text(col, row, fmt.format(value), ha="center", va="center", fontsize=7,
                    color="white" if value > mid else "black")


def plot_effects(points: pd.DataFrame, spec: SweepSpec, path: Path) -> Path:
    """Point means of the key metrics against each varied parameter."""
    names = spec.axis_names[:MAX_EFFECT_PANELS]
    shown = [m for m in ("peak_10y", CROSS) if f"{m}_mean" in points.columns]
    fig = Figure(figsize=(3.6 * len(names), 3.2 * len(shown)))
    axes = fig.subplots(len(shown), len(names), squeeze=False)
    ok = points[points["runs_ok"] > 0]
    for row, metric in enumerate(shown):
        for col, name in enumerate(names):
            ax = axes[row][col]
            x, labels = _positions(ok[name])
            ax.scatter(x, ok[f"{metric}_mean"].astype(float), s=10, alpha=0.6)
            if labels is not None:
                ax.set_xticks(range(len(labels)), labels)
            ax.set_xlabel(axis_label(name), fontsize=8)
            if col == 0:
                ax.set_ylabel(LABELS[metric], fontsize=8)
    return finish(fig, title(spec, points), path)


def plot_sensitivity(table: pd.DataFrame, spec: SweepSpec, path: Path) -> Path:
    """Bars of S1 and ST (with confidence intervals) per parameter for the key metrics."""
    metrics = [m for m in KEY_METRICS if m in set(table["metric"])] or list(
        dict.fromkeys(table["metric"]))[:3]
    fig = Figure(figsize=(5.0 * len(metrics), 4.0))
    axes = fig.subplots(1, len(metrics), squeeze=False)
    width = 0.38
    for ax, metric in zip(axes[0], metrics, strict=True):
        rows = table[table["metric"] == metric]
        x = np.arange(len(rows))
        ax.bar(x - width / 2, rows["S1"], width, yerr=rows["S1_conf"], capsize=3,
               label="first order S1")
        ax.bar(x + width / 2, rows["ST"], width, yerr=rows["ST_conf"], capsize=3,
               label="total ST")
        ax.set_xticks(x, rows["parameter"], rotation=30, ha="right", fontsize=8)
        ax.set_title(LABELS.get(metric, metric), fontsize=10)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.legend(fontsize=7)
    return finish(fig, f"Sobol indices · {spec.name} · N={spec.samples}, {spec.replicates} "
                  f"replicate(s) per point", path)


def finish(fig: Any, heading: str, path: Path) -> Path:
    """Title, lay out, write and close a figure (every plot of a sweep ends the same way)."""
    fig.suptitle(heading, fontsize=10)
    literal_text(fig)  # spec names and categorical values are users' text
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path


def load_spec(root: Path) -> SweepSpec:
    """The resolved spec of a sweep folder."""
    return load_resolved(root / SPEC_FILE)
