"""Who takes a sovereign's bonds, paired against the same seed without the sale.

    .venv/bin/python benchmarks/absorbers.py [scenario] [first_seed] [count]

For each seed, the summary's `absorbed_by` (face each sector bought beyond its normal share
of new supply, $bn) of the scenario minus that of `baseline`, at the sale's last day and at the
end of the run; the medians over seeds (default japan-sells, 5000-5031). Levels alone mix the
sale with what every run does anyway (asset managers' flows, funds' margin calls).
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from functools import partial

import pandas as pd

from model.summary import summarize
from model.yieldmodel import YieldModel

SALE_END_STEPS = 41  # japan-sells: $100bn over 21 days from step 20


def _absorbed(scenario: str, seed: int, steps: int | None) -> dict[str, float]:
    model = YieldModel(scenario=scenario, rng=seed)
    model.run(steps)
    return summarize(model, model.timeseries())["absorbed_by"]


def paired(seed: int, scenario: str) -> dict[str, float]:
    """Scenario minus baseline, by sector, at the sale's end and at the run's end."""
    row = {}
    for label, steps in (("sale_end", SALE_END_STEPS), ("run_end", None)):
        selling, calm = _absorbed(scenario, seed, steps), _absorbed("baseline", seed, steps)
        row |= {f"{sector} ({label})": selling[sector] - calm[sector] for sector in calm}
    return row


def main() -> None:
    """Print the medians over seeds."""
    scenario = sys.argv[1] if len(sys.argv) > 1 else "japan-sells"
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    with ProcessPoolExecutor(2) as pool:
        rows = list(pool.map(partial(paired, scenario=scenario), range(first, first + count)))
    print(f"{scenario} minus baseline, seeds {first}-{first + count - 1}: median $bn absorbed")
    print(pd.DataFrame(rows).median().round(1).to_string())


if __name__ == "__main__":
    main()
