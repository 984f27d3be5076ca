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


def cell_table(results: pd.DataFrame) -> pd.DataFrame:
    """One row per (resolve, tolerance, capacity): the four answers and the replicate count."""
    ok = results[results["status"] == "ok"].copy()
    # a sweep in which no run reached a deal has no deal column at all
    deal_day = (ok[DEAL_DAY] if DEAL_DAY in ok else pd.Series(np.nan, index=ok.index)
                ).astype(float)
    ok["deal_day"] = deal_day
    ok["deal_60"] = deal_day.notna() & (deal_day <= LIBERATION_DAY_STEP + DEAL_WINDOW)
    ok["at_warning"] = ok["days_10y_above_warning"].astype(float) > 0
    ok["tariff_pct"] = ok[AT_STAKE].astype(float)
    ok["mtm_japan_bn"] = ok[MTM].astype(float)
    grouped = ok.groupby([ROWS, COLUMNS, "dealer_capacity_bn"])
    return pd.DataFrame({
        "runs": grouped.size(),
        "p_deal_60": grouped["deal_60"].mean(),
        "median_deal_day": grouped["deal_day"].median(),
        "tariff_japan_pct": grouped["tariff_pct"].median(),
        "mtm_japan_bn": grouped["mtm_japan_bn"].median(),
        "p_10y_at_warning": grouped["at_warning"].mean(),
    }).reset_index()


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
    path = heatmap(cells, args.capacity, args.png or args.folder / "chip-heatmap.png")
    print(f"heatmap: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
