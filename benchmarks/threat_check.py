"""The threat surface (model/threat_fit.py) against running the sales, on seeds it never saw.

    .venv/bin/python benchmarks/threat_check.py [first_seed] [count]

Each sale is measured as the fit measures it (`yieldsim.calibration.threat.measure`: Japan
sells from step 20 of `baseline`, paired with the same seed without the sale, dealers as they
are or filled first by an 'other official' sale) on seeds 9000-9023 by default, disjoint from
the fit's 7000-7023, and valued by `model.threat.sale_pain` at the utilisation it started
from. docs/game.md's check table is this script's output.
"""

from __future__ import annotations

import sys

from model.threat import sale_pain
from yieldsim.calibration.threat import measure

# (size $bn, days, preload $bn, what it stands for)
SALES = (
    (100.0, 21, 0.0, "japan-sells"),
    (105.0, 21, 0.0, "China's threat at resolve 0.5"),
    (210.0, 21, 0.0, "a resolve-1 threat"),
    (73.5, 21, 0.0, "Japan's threat at resolve 0.35"),
    (73.5, 21, 40.0, ""),
    (150.0, 10, 40.0, ""),
    (60.0, 15, 0.0, ""),
    (35.0, 21, 0.0, ""),
)


def main() -> None:
    """Measure each sale, value it with the surface and print the table."""
    first = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    seeds = list(range(first, first + count))
    print(f"seeds {first}-{first + count - 1}")
    print("| sale | dealers | ran (pain) | valued | error |")
    print("|---|---|---|---|---|")
    for size, days, preload, label in SALES:
        ran = measure(size, days, preload, seeds)
        valued = sale_pain(size, days, ran.utilization)
        name = f"${size:g}bn / {days} days" + (f" ({label})" if label else "")
        print(f"| {name} | {ran.utilization:.0%} | {ran.pain:.1f} | {valued:.1f} | "
              f"{valued / ran.pain - 1:+.0%} |")


if __name__ == "__main__":
    main()
