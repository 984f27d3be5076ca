"""What an announced change in the deficit does to the 10y: `fiscal` events against baseline.

    .venv/bin/python benchmarks/fiscal_figures.py [first_seed] [count]

Three announcements on the first day of `baseline` (medians over seeds, default 5000-5031,
the 10y's gap to `baseline` on the same seed, bp):

- $1.8tn a year more for a year, believed: the market issue's "net issuance doubled for 250
  days", announced;
- the same, not believed (`priced = false`): priced only as it is sold, which is what the
  parameter `treasury_net_issuance_bn_per_day` does;
- $500bn a year more for ten years (about 1.7% of GDP): of the order of the fiscal news Laubach
  (2009) measures, whose estimate is 3-4bp on long-horizon forward rates per point of the debt
  ratio projected five years ahead ($2.5tn, ~8.5% of 2024 GDP: 25-34bp);
- $750bn a year more for ten years: large enough to set off margin calls and the backstop.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from model.events import make_event
from model.yieldmodel import YieldModel

STEPS = 250
DAYS = (1, 5, 21, 60, 249)
CASES = {
    "doubled_believed": {"deficit_bn_per_year": 1800.0, "years": 1.0},
    "doubled_not_believed": {"deficit_bn_per_year": 1800.0, "years": 1.0, "priced": False},
    "laubach_500bn_10y": {"deficit_bn_per_year": 500.0, "years": 10.0},
    "large_750bn_10y": {"deficit_bn_per_year": 750.0, "years": 10.0},
}


def ten_year(seed: int, fiscal: dict | None) -> pd.Series:
    """The 10y path of `baseline` on this seed, with the announcement if given (percent)."""
    model = YieldModel(scenario="baseline", rng=seed)
    if fiscal is not None:
        model.inject(make_event("fiscal", fiscal))
    model.run(STEPS)
    return model.timeseries()["y_10y"]


def gaps(seed: int) -> dict[str, float]:
    """Each case's 10y gap to baseline on the days of DAYS (bp)."""
    base = ten_year(seed, None)
    out = {}
    for name, fiscal in CASES.items():
        gap = (ten_year(seed, fiscal) - base) * 100.0
        out |= {f"{name}_day{day}": float(gap.iloc[day]) for day in DAYS}
    return out


def main() -> None:
    """Run the seeds in parallel and print the medians."""
    first = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    with ProcessPoolExecutor(2) as pool:
        table = pd.DataFrame(list(pool.map(gaps, range(first, first + count))))
    print(f"seeds {first}-{first + count - 1}: median 10y gap to baseline (bp)")
    print(table.median().round(1).to_string())


if __name__ == "__main__":
    main()
