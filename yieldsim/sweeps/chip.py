"""What is Japan's chip worth? The bargaining-chip sweep's table and heatmap.

Reads a finished `yieldsim sweep --spec bargaining-chip` sweep (its `results.parquet`) and
reduces each (Japan's resolve, administration's tolerance) cell, at one dealer capacity, to
the four numbers the question needs:

- P(deal with Japan within 60 trading days of Liberation Day), with `deal_steps.japan`
  counted from the scenario's start (Liberation Day is its step 23);
- the median tariff at stake on Japan at the end of the run (90 trading days after
  Liberation Day): the rate announced, which a pause suspends and a deal fixes;
- Japan's median mark-to-market gain on its whole book, $bn;
- P(the 10y closes at or above 4.5% at least once).

    python -m yieldsim.sweeps.chip runs/output/bargaining-chip --png docs/sweep-bargaining-chip.png
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from model.calibrated_policy import ADMIN_TOLERANCE
from yieldsim.figures import literal_text

LIBERATION_DAY_STEP = 23  # 2025-04-03 in liberation-day-endogenous (start 2025-03-03)
DEAL_WINDOW = 60  # trading days after Liberation Day
ROWS, COLUMNS = "japan_resolve", "admin_tolerance"
PANELS = (("p_deal_60", "P(deal with Japan within 60 trading days of Liberation Day)",
           "Greens", (0.0, 1.0), "{:.2f}"),
          ("tariff_japan_pct", "median US tariff at stake on Japan after 90 days, %",
           "Reds", None, "{:.1f}"),
          ("mtm_japan_bn", "Japan's median mark-to-market, $bn", "RdBu", None, "{:+.1f}"),
          ("p_10y_at_warning", "P(10y closes at or above 4.5%)", "Purples", (0.0, 1.0),
           "{:.2f}"))


# The results table's columns read (run summary values; see `model.summary.UNITS`).
DEAL_DAY = "deal_steps.japan"  # trading days from the start; missing when no deal
AT_STAKE = "tariff_announced_end.japan"  # percent
MTM = "mtm_gain_bn.japan"  # $bn
AT_HOME = "gain_local_in_start_usd_bn.japan"  # $bn: yen result at the start rate
SOLD = "sales_by_sovereign_bn.japan"  # $bn face
NO_CHIP = 0.0  # the resolve that stands for "no chip"
BOOTSTRAP_DRAWS = 2000
CONFIDENCE = 0.95


def cell_table(results: pd.DataFrame) -> pd.DataFrame:
    """One row per (resolve, tolerance, capacity): the four answers and the replicate count."""
    ok = _runs(results)
    grouped = ok.groupby([ROWS, COLUMNS, "dealer_capacity_bn"])
    return pd.DataFrame({
        "runs": grouped.size(),
        "p_deal_60": grouped["deal_60"].mean(),
        "median_deal_day": grouped["deal_day"].agg(_run_median),
        # Medians a run ended at (the lower middle value), not midpoints no run reached.
        "tariff_japan_pct": grouped["tariff_pct"].agg(_run_median),
        "mtm_japan_bn": grouped["mtm_japan_bn"].agg(_run_median),
        "p_10y_at_warning": grouped["at_warning"].mean(),
    }).reset_index()


def _runs(results: pd.DataFrame) -> pd.DataFrame:
    """The finished runs with the per-run answers as plain columns (no deal: NaN deal day)."""
    ok = results[results["status"] == "ok"].copy()
    # a sweep in which no run reached a deal has no deal column at all
    ok["deal_day"] = (ok[DEAL_DAY] if DEAL_DAY in ok else pd.Series(np.nan, index=ok.index)
                      ).astype(float)
    ok["deal_60"] = (ok["deal_day"].notna()
                     & (ok["deal_day"] <= LIBERATION_DAY_STEP + DEAL_WINDOW)).astype(float)
    ok["at_warning"] = ok["days_10y_above_warning"].astype(float) > 0
    ok["tariff_pct"] = ok[AT_STAKE].astype(float)
    ok["mtm_japan_bn"] = ok[MTM].astype(float)
    ok["cost_usd_bn"] = -ok["mtm_japan_bn"]
    ok["cost_home_bn"] = -ok[AT_HOME].astype(float) if AT_HOME in ok else np.nan
    ok["sold_bn"] = ok[SOLD].astype(float) if SOLD in ok else 0.0
    return ok


def _interval(differences: np.ndarray, statistic, rng: np.random.Generator) -> tuple[float,
                                                                                      float]:
    """Percentile bootstrap interval of a statistic of paired differences (seeds resampled)."""
    draws = rng.integers(0, len(differences), size=(BOOTSTRAP_DRAWS, len(differences)))
    values = np.array([statistic(differences[row]) for row in draws])
    tail = (1.0 - CONFIDENCE) / 2.0 * 100.0
    low, high = np.percentile(values, [tail, 100.0 - tail])
    return float(low), float(high)


def _run_median(values: np.ndarray) -> float:
    """A median that is a value some run ended at (the lower middle value, not a midpoint).

    Missing values (no deal) are left out; none left gives NaN.
    """
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    return float(np.percentile(values, 50.0, method="inverted_cdf")) if len(values) else np.nan


PAIRED = (("deal_60", "P(deal within 60 days)", np.mean),
          ("deal_day", "deal day (trading days from the start)", _run_median),
          ("tariff_pct", "tariff at stake after 90 days, %", _run_median),
          ("cost_usd_bn", "Japan's cost in dollars (bonds), $bn", _run_median),
          ("cost_home_bn", "Japan's cost at home (yen at the start rate), $bn", _run_median),
          ("sold_bn", "Japan's sales, $bn", _run_median))


def paired_table(results: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """What the chip changes: each resolve against no chip on the same seeds, with intervals.

    The sweep's common random numbers give replicate r the same seed at every point, so each
    run with a chip (resolve > 0) is paired with the no-chip run (resolve 0) of the same
    replicate, tolerance and dealer capacity. For each answer the row holds the chip's level,
    the statistic of the paired differences (the mean for a probability, otherwise a median
    that some pair actually took) and its bootstrap 95% interval over seeds.
    """
    runs = _runs(results)
    # No deal within the run counts as the run's end: "at least this late".
    runs["deal_day"] = runs["deal_day"].fillna(float(runs["steps"].max()))
    keys = [COLUMNS, "dealer_capacity_bn", "replicate"]
    measured = [column for column, _, _ in PAIRED]
    base = runs.loc[np.isclose(runs[ROWS], NO_CHIP), keys + measured]
    rng = np.random.default_rng(seed)
    rows = []
    for (resolve, tolerance, capacity), group in runs.groupby([ROWS, COLUMNS,
                                                               "dealer_capacity_bn"]):
        if np.isclose(resolve, NO_CHIP):
            continue
        pairs = group.merge(base, on=keys, suffixes=("", "_base"))
        row = {ROWS: resolve, COLUMNS: tolerance, "dealer_capacity_bn": capacity,
               "pairs": len(pairs)}
        for column, _, statistic in PAIRED:
            differences = (pairs[column] - pairs[f"{column}_base"]).to_numpy(dtype=float)
            differences = differences[np.isfinite(differences)]
            row[column] = statistic(pairs[column].to_numpy(dtype=float))
            if len(differences) == 0:
                row[f"{column}_change"] = row[f"{column}_low"] = row[f"{column}_high"] = np.nan
                continue
            row[f"{column}_change"] = statistic(differences)
            row[f"{column}_low"], row[f"{column}_high"] = _interval(differences, statistic, rng)
        rows.append(row)
    return pd.DataFrame(rows)


def paired_markdown(paired: pd.DataFrame, capacity: float) -> str:
    """The paired table at one dealer capacity as Markdown (for docs/sweeps.md)."""
    at = paired[np.isclose(paired["dealer_capacity_bn"], capacity)]
    head = ["resolve", "tolerance", "pairs",
            *(label for _, label, _ in PAIRED)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, row in at.sort_values([COLUMNS, ROWS]).iterrows():
        cells = [f"{row[ROWS]:g}", f"{row[COLUMNS]:g}", f"{int(row['pairs'])}"]
        for column, _, _ in PAIRED:
            fmt = "{:.2f}" if column == "deal_60" else "{:.1f}"
            change = row[f"{column}_change"]
            if not np.isfinite(change):
                cells.append("—")
                continue
            cells.append(f"{fmt.format(row[column])} ({'+' if change >= 0 else ''}"
                         f"{fmt.format(change)}; {fmt.format(row[f'{column}_low'])} to "
                         f"{fmt.format(row[f'{column}_high'])})")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def heatmap(cells: pd.DataFrame, capacity: float, path: Path) -> Path:
    """Four heatmaps over resolve (rows) x tolerance (columns) at one dealer capacity."""
    at = cells[np.isclose(cells["dealer_capacity_bn"], capacity)]
    fig = Figure(figsize=(13, 9))
    axes = fig.subplots(2, 2)
    for ax, (metric, title, cmap, limits, fmt) in zip(axes.flat, PANELS, strict=True):
        grid = at.pivot(index=ROWS, columns=COLUMNS, values=metric)
        values = grid.to_numpy(dtype=float)
        kwargs = {"vmin": limits[0], "vmax": limits[1]} if limits else {}
        if metric == "mtm_japan_bn":
            span = float(np.nanmax(np.abs(values))) or 1.0
            kwargs = {"vmin": -span, "vmax": span}
        image = ax.imshow(values, origin="lower", aspect="auto", cmap=cmap, **kwargs)
        for (i, j), value in np.ndenumerate(values):
            ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=8)
        ax.set_xticks(range(len(grid.columns)), [f"{c:g}" for c in grid.columns])
        ax.set_yticks(range(len(grid.index)), [f"{r:g}" for r in grid.index])
        ax.set_xlabel(f"administration's tolerance, pain (fitted {ADMIN_TOLERANCE:g})")
        ax.set_ylabel("Japan's resolve (default 0.35)")
        ax.set_title(title, fontsize=10)
        fig.colorbar(image, ax=ax, shrink=0.8)
    runs = int(at["runs"].min()) if len(at) else 0
    fig.suptitle(f"What is the chip worth? liberation-day-endogenous, dealer capacity "
                 f"${capacity:g}bn, {runs} seeds per cell")
    literal_text(fig)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: the table (printed, and written beside the results) and the heatmap."""
    parser = argparse.ArgumentParser(prog="python -m yieldsim.sweeps.chip",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the sweep's output folder")
    parser.add_argument("--png", type=Path, default=None, help="heatmap file (default: "
                        "chip-heatmap.png in the folder)")
    parser.add_argument("--capacity", type=float, default=250.0, help="dealer capacity of "
                        "the heatmap, $bn (default 250)")
    args = parser.parse_args(argv)
    results_file = args.folder / "results.parquet"
    if not results_file.is_file():
        print(f"{results_file} does not exist: run the sweep first (see "
              "yieldsim sweep --spec bargaining-chip)", file=sys.stderr)
        return 2
    cells = cell_table(pd.read_parquet(results_file))
    if not np.isclose(cells["dealer_capacity_bn"], args.capacity).any():
        print(f"--capacity {args.capacity:g} is not in the sweep: use one of "
              f"{', '.join(f'{c:g}' for c in sorted(cells['dealer_capacity_bn'].unique()))}",
              file=sys.stderr)
        return 2
    cells.to_csv(args.folder / "chip-cells.csv", index=False)
    print(cells.round(3).to_string(index=False))
    paired = paired_table(pd.read_parquet(results_file))
    paired.to_csv(args.folder / "chip-paired.csv", index=False)
    markdown = paired_markdown(paired, args.capacity)
    (args.folder / "chip-paired.md").write_text(markdown, encoding="utf-8")
    print(f"\nwith the chip against without it on the same seeds (dealer capacity "
          f"${args.capacity:g}bn; level (paired change; 95% interval)):\n{markdown}")
    path = heatmap(cells, args.capacity, args.png or args.folder / "chip-heatmap.png")
    print(f"heatmap: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
