"""history.json, and the tables made only from it (history.md, history.csv, the terminal).

The document holds numbers only, no verdicts: how close is close enough is for the tests and
the README to say. JSON has no NaN: a number that cannot be computed is null, and the
document's `null_means` says when that happens.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.scenario import window_unit
from yieldsim.history.arithmetic import actual_change_bp, band, path_fit, simulated_changes_bp
from yieldsim.history.data import MarketData
from yieldsim.history.episodes import Episode, column, picture_name
from yieldsim.history.simulate import SeedRun, paths

DEFINITIONS = {
    "actual_bp": "change of the real yield from the close of 'from' to the close of 'to', bp; "
                 "for a window on 'usdjpy' (unit 'percent') the percent change of USD/JPY, on "
                 "'vix' (unit 'points') the change of the volatility index in index points "
                 "(FRED VIXCLS against the model's equity_vol), on 'lf_swap_notional' (unit "
                 "'$bn') the change the window's 'source' published (not the data file), as "
                 "are that window's other figures",
    "unit": "the unit of a window's figures: 'bp' for a yield, 'percent' for USD/JPY, 'points' "
            "for the volatility index, '$bn' for a book's size",
    "source": "where a published window's real change comes from (null for the data's "
              "windows)",
    "median_bp": "median over seeds of the simulated change over the same dates, bp",
    "p10_bp": "10th percentile over seeds of the simulated change, bp",
    "p90_bp": "90th percentile over seeds of the simulated change, bp",
    "median_net_bp": "median over seeds of the simulated change net of the model's daily macro "
                     "news (a zero-mean control variate: the same expected change with far "
                     "less seed noise; the calibration's targets are measured this way), bp",
    "coverage_10y": "share of the days after the start up to [history] end with a real 10y "
                    "close on which it lies inside the simulated 10-90% band",
    "rmse_10y_bp": "root mean squared gap between the simulated median 10y path and the real "
                   "10y over the same days, bp",
    "daily_sd_10y_bp": "sd of day-to-day 10y changes over the same days: 'median_simulated' is "
                       "the median over seeds of each seed's sd, 'actual' the real one, bp",
}
NULL_MEANS = ("null: not computable because every seed of the episode failed (its "
              "'seed_failures' say why)")
DIGITS = 2


def rounded(value: float | None, digits: int = DIGITS) -> float | None:
    """A number for the document (None and non-finite values become null)."""
    if value is None or not np.isfinite(value):
        return None
    return round(float(value), digits)


def episode_events(episode: Episode) -> list[dict[str, str]]:
    """The scenario's events from its start to its `[history]` end, dated by trading day."""
    calendar = episode.calendar()
    out = []
    for event in episode.scenario.events:
        step = calendar.step_of(event.date) if event.date is not None else event.step
        if step is None or step > episode.steps:
            continue
        out.append({"date": calendar.label(step), "kind": event.kind, "label": event.label})
    return sorted(out, key=lambda e: e["date"])


def window_rows(episode: Episode, runs: list[SeedRun], data: MarketData) -> list[dict[str, Any]]:
    """Each named window: the real change against the simulated median and band."""
    rows = []
    for window in episode.history.windows:
        first, last = window.start.isoformat(), window.end.isoformat()
        name = column(window.bucket)
        unit = window_unit(window.bucket)
        if window.published is not None:
            actual = window.published
        else:
            observed = data.observed(name)
            actual = (series_change(observed.loc[first], observed.loc[last], unit)
                      if unit != "bp" else actual_change_bp(observed, first, last))
        row: dict[str, Any] = {
            "from": first, "to": last, "bucket": window.bucket, "label": window.label,
            "unit": unit, "actual_bp": rounded(actual), "source": window.source or None,
            "median_bp": None, "p10_bp": None, "p90_bp": None, "median_net_bp": None}
        simulated = paths(runs, name)
        if not simulated.empty:
            if unit != "bp":  # no macro news of its own to net out: its net path is itself
                changes = series_change(simulated.loc[first], simulated.loc[last], unit)
                spread = net = band(changes.to_numpy())
            else:
                spread = band(simulated_changes_bp(simulated, first, last))
                net = band(simulated_changes_bp(paths(runs, name, net=True), first, last))
            row.update(median_bp=rounded(spread.median), p10_bp=rounded(spread.p10),
                       p90_bp=rounded(spread.p90), median_net_bp=rounded(net.median))
        rows.append(row)
    return rows


def series_change(first: Any, last: Any, unit: str) -> Any:
    """A non-yield series' change: percent for the dollar, else a difference (any array)."""
    return (last / first - 1.0) * 100.0 if unit == "percent" else last - first


def compared_days(episode: Episode, simulated: pd.DataFrame, observed: pd.Series) -> list[str]:
    """Days after the start (the start is the initial state) up to `[history]` end."""
    start, end = episode.scenario.start.isoformat(), episode.history.end.isoformat()
    return [d for d in observed.index if start < d <= end and d in simulated.index]


def shown_source(source: str) -> str:
    """A scenario file's path as users know it: relative to the project for built-in ones."""
    from yieldsim.runner import PROJECT_ROOT

    try:
        return str(Path(source).resolve().relative_to(PROJECT_ROOT))
    except (OSError, ValueError):
        return source


def episode_entry(episode: Episode, runs: list[SeedRun], data: MarketData) -> dict[str, Any]:
    """One episode of history.json."""
    scenario, history = episode.scenario, episode.history
    entry: dict[str, Any] = {
        "name": episode.name, "role": history.role,
        "start": scenario.start.isoformat(), "end": history.end.isoformat(),
        "source": shown_source(scenario.source), "description": scenario.description,
        "steps": episode.steps,
        "scenario_params": dict(sorted(scenario.params.items())),
        "seeds_run": sum(r.error is None for r in runs),
        "seed_failures": [f"seed {r.seed}: {r.error}" for r in runs if r.error is not None],
        "events": episode_events(episode),
        "windows": window_rows(episode, runs, data),
        "coverage_10y": None, "coverage_days": 0, "rmse_10y_bp": None,
        "daily_sd_10y_bp": {"median_simulated": None, "actual": None},
    }
    simulated = paths(runs, "y_10y")
    if simulated.empty:
        return entry
    observed = data.observed("y_10y")
    fit = path_fit(simulated, observed, compared_days(episode, simulated, observed))
    entry.update(coverage_10y=rounded(fit.inside_share, 4), coverage_days=fit.days,
                 rmse_10y_bp=rounded(fit.median_rmse_bp),
                 daily_sd_10y_bp={"median_simulated": rounded(fit.daily_sd_simulated_bp),
                                  "actual": rounded(fit.daily_sd_actual_bp)})
    return entry


def history_document(entries: list[dict[str, Any]], *, seeds: list[int], root_seed: int,
                     overrides: dict[str, Any], parameters: dict[str, Any], data: MarketData,
                     disjoint: bool | None, commit: str,
                     versions: dict[str, str]) -> dict[str, Any]:
    """Everything history.json holds."""
    return {
        "command": "yieldsim history",
        "date": dt.date.today().isoformat(),
        "commit": commit,
        "versions": versions,
        "data": {"source": data.source, "first": data.first, "last": data.last},
        "root_seed": root_seed,
        "seeds": seeds,
        "seeds_disjoint_from_calibration": disjoint,
        "overrides": overrides,
        "parameters": parameters,
        "fitted": [e["name"] for e in entries if e["role"] == "fit"],
        "checked": [e["name"] for e in entries if e["role"] == "check"],
        "definitions": DEFINITIONS,
        "null_means": NULL_MEANS,
        "episodes": entries,
    }


def fmt(value: float | None, digits: int = 0, signed: bool = True) -> str:
    """A number for a table ('—' for null)."""
    if value is None or not np.isfinite(value):
        return "—"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def window_table(document: dict[str, Any]) -> pd.DataFrame:
    """One row per window of every episode (the CSV, and the rows of the tables)."""
    rows = [{"episode": e["name"], "role": e["role"], **w}
            for e in document["episodes"] for w in e["windows"]]
    columns = ["episode", "role", "label", "bucket", "from", "to", "actual_bp", "median_bp",
               "p10_bp", "p90_bp", "median_net_bp", "unit", "source"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["unit"] = frame["unit"].fillna("bp")
    return frame


def fmt_window(value: float | None, unit: str) -> str:
    """A window's figure: bp whole; the dollar's percent (%) and VIX points (pt) to 0.1; $bn."""
    if fmt(value) == "—" or unit == "bp":
        return fmt(value)
    if unit == "$bn":
        return fmt(value)[0] + f"${abs(value):.0f}bn"
    return fmt(value, 1) + ("%" if unit == "percent" else "pt")


def cell(text: str) -> str:
    """Text for a markdown table cell ('|' would end the cell)."""
    return text.replace("|", "\\|")


def history_markdown(document: dict[str, Any]) -> str:
    """The readable table, made only from history.json's content."""
    overrides = ", ".join(f"`{k}={v}`" for k, v in document["overrides"].items()) or "none"
    fitted = ", ".join(document["fitted"]) or "none"
    checked = ", ".join(document["checked"]) or "none"
    lines = [
        "# yieldsim history", "",
        f"{document['date']}, commit `{document['commit']}`, {len(document['seeds'])} seeds "
        f"(root seed {document['root_seed']}), one parameter set: the defaults with "
        f"overrides {overrides}. Data: {document['data']['source']}.", "",
        f"Fitted episodes (role `fit`, used by the calibration: their yield windows are "
        f"targets, their USD/JPY, VIX and published windows never are): {fitted}. Checks "
        f"(role `check`, never fitted: out of sample): {checked}.", "",
        "Changes in bp from the close of *from* to the close of *to* (USD/JPY windows: percent "
        "change, marked %; VIX windows: index points, marked pt; a book's size in $bn, its "
        "actual figure published, not in the data: see its source below); simulated median "
        "and 10–90% band across seeds; *net* is the median net of the model's daily macro "
        "news.", "",
        "| episode | role | window | bucket | from | to | actual | median | 10–90% | net |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for e in document["episodes"]:
        for w in e["windows"]:
            unit = w.get("unit", "bp")
            lines.append(f"| {cell(e['name'])} | {e['role']} | {cell(w['label']) or '—'} "
                         f"| {w['bucket']} | {w['from']} | {w['to']} "
                         f"| {fmt_window(w['actual_bp'], unit)} "
                         f"| {fmt_window(w['median_bp'], unit)} "
                         f"| {fmt_window(w['p10_bp'], unit)} to {fmt_window(w['p90_bp'], unit)} "
                         f"| {fmt_window(w['median_net_bp'], unit)} |")
    sources = [(e["name"], w) for e in document["episodes"] for w in e["windows"]
               if w.get("source")]
    if sources:
        lines += ["", "Published figures:", ""]
        lines += [f"- {cell(name)}, {cell(w['label']) or w['bucket']}: {w['source']}"
                  for name, w in sources]
    lines += ["", "## The 10y path", "",
              "| episode | role | days | coverage (real 10y inside the 10–90% band) "
              "| RMSE of the median, bp | daily sd simulated, bp | daily sd actual, bp "
              "| seeds run |", "|---|---|---|---|---|---|---|---|"]
    for e in document["episodes"]:
        sd = e["daily_sd_10y_bp"]
        coverage = "—" if e["coverage_10y"] is None else f"{e['coverage_10y']:.0%}"
        lines.append(f"| {cell(e['name'])} | {e['role']} | {e['coverage_days']} | {coverage} "
                     f"| {fmt(e['rmse_10y_bp'], 1, False)} "
                     f"| {fmt(sd['median_simulated'], 1, False)} "
                     f"| {fmt(sd['actual'], 1, False)} | {e['seeds_run']} |")
    lines.append("")
    for e in document["episodes"]:
        lines += [f"![{e['name']}]({picture_name(e['name'])})", ""]
        if e["seed_failures"]:
            lines += [f"{e['name']}: {len(e['seed_failures'])} seed(s) failed: "
                      + "; ".join(e["seed_failures"][:3]), ""]
    return "\n".join(lines)


def terminal_lines(document: dict[str, Any]) -> list[str]:
    """The window table and the 10y fit, for the terminal."""
    table = window_table(document)
    width = max([len("episode"), *(len(e) for e in table["episode"])])
    label_width = min(36, max([len("window"), *(len(w or "") for w in table["label"])]))
    bucket_width = max([len("bucket"), *(len(b) for b in table["bucket"])])
    lines = [f"  {'episode':<{width}}  role   {'window':<{label_width}}  "
             f"{'bucket':<{bucket_width}}  from        to          actual  median     10-90%"
             f"         net"]
    for row in table.to_dict(orient="records"):
        label = row["label"] or "—"
        label = label if len(label) <= label_width else label[:label_width - 1] + "…"
        lines.append(f"  {row['episode']:<{width}}  {row['role']:<5}  {label:<{label_width}}  "
                     f"{row['bucket']:<{bucket_width}}  {row['from']}  {row['to']}  "
                     f"{fmt_window(row['actual_bp'], row['unit']):>6}  "
                     f"{fmt_window(row['median_bp'], row['unit']):>6}  "
                     f"{fmt_window(row['p10_bp'], row['unit']):>5} to "
                     f"{fmt_window(row['p90_bp'], row['unit']):>5}  "
                     f"{fmt_window(row['median_net_bp'], row['unit']):>6}")
    for e in document["episodes"]:
        sd = e["daily_sd_10y_bp"]
        coverage = "—" if e["coverage_10y"] is None else f"{e['coverage_10y']:.0%}"
        lines.append(f"  {e['name']} ({e['role']}): 10y inside the band on {coverage} of "
                     f"{e['coverage_days']} days, RMSE {fmt(e['rmse_10y_bp'], 1, False)}bp, "
                     f"daily sd {fmt(sd['median_simulated'], 1, False)}bp simulated against "
                     f"{fmt(sd['actual'], 1, False)}bp real")
    return lines
