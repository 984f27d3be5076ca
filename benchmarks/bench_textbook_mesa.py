"""How yieldsim's cohorts compare with the textbook Mesa way of writing the same funds.

Run with `.venv/bin/python benchmarks/bench_textbook_mesa.py`. It prints figures and asserts
nothing; it is a benchmark, not a test.

The textbook version makes every fund a `mesa.Agent` with a `step()` that applies the
real-money buying rule to its own four positions in plain Python (the rule of
`agents/real_money.py`: a concession signal and a yield-level signal, each clipped, spend a
budget share of the book), and the model calls `self.agents.shuffle_do("step")`. That is
one of yieldsim's three fund rules and no market, so it is a lower bound on what a
textbook version of the whole model would cost. yieldsim's figure is the whole model:
all three cohorts, clearing, prices, data collection.

An agent-step is one fund deciding once.
"""

from __future__ import annotations

import argparse
import time

import mesa
import numpy as np

from model.yieldmodel import YieldModel

BUDGET, BAND_BP, LEVEL_WEIGHT, LEVEL_BAND = 0.0008, 10.0, 0.3, 0.5


class TextbookFund(mesa.Agent):
    """One fund as a Mesa agent: its own book and thresholds, its own step."""

    def __init__(self, model: TextbookMarket, book: list[float], threshold_bp: float,
                 offset_pct: float) -> None:
        """Give the fund its book and its buying thresholds."""
        super().__init__(model)
        self.book = book
        self.threshold_bp = threshold_bp
        self.offset_pct = offset_pct

    def step(self) -> None:
        """Buy into concessions and above-target yields, within budget (per bucket)."""
        market = self.model
        for b in range(4):
            concession = (market.pressure_bp[b] - self.threshold_bp) / BAND_BP
            concession = min(1.0, max(-1.0, concession))
            level = (market.excess_yield[b] - self.offset_pct) / LEVEL_BAND
            level = min(1.0, max(-1.0, level))
            signal = (1.0 - LEVEL_WEIGHT) * concession + LEVEL_WEIGHT * level
            self.book[b] += BUDGET * self.book[b] * signal


class TextbookMarket(mesa.Model):
    """A model whose step is `shuffle_do` over its fund agents."""

    def __init__(self, n_funds: int, rng: int = 1) -> None:
        """Create `n_funds` funds with lognormal books and normal thresholds."""
        super().__init__(rng=rng)
        draw = np.random.default_rng(rng)
        books = draw.lognormal(0.0, 1.0, (n_funds, 4))
        for book, threshold, offset in zip(books.tolist(), draw.normal(0, 1, n_funds).tolist(),
                                           draw.normal(0, 0.25, n_funds).tolist(), strict=True):
            TextbookFund(self, book, threshold, offset)
        self.pressure_bp = [0.0] * 4
        self.excess_yield = [0.0] * 4
        self.noise = draw

    def step(self) -> None:
        """New public signals, then every fund decides in random order."""
        self.pressure_bp = self.noise.normal(0.0, 5.0, 4).tolist()
        self.excess_yield = self.noise.normal(0.0, 0.2, 4).tolist()
        self.agents.shuffle_do("step")


def rate(build: type, n: int, steps: int, **kwargs: object) -> float:
    """Agent-steps per second of `steps` steps (best of three)."""
    best = float("inf")
    for seed in range(3):
        model = build(rng=seed, **kwargs) if build is YieldModel else build(n, rng=seed)
        began = time.perf_counter()
        model.run_for(steps)
        best = min(best, time.perf_counter() - began)
    return n * steps / best


def main() -> None:
    """Print agent-steps per second for both ways at each size."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="3000,100000")
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    print(f"{'n_funds':>9} {'textbook Mesa':>14} {'yieldsim':>10} {'ratio':>7}   (agent-steps/s)")
    for n in (int(s) for s in args.sizes.split(",")):
        textbook = rate(TextbookMarket, n, args.steps)
        model = rate(YieldModel, n, args.steps, scenario="liberation-day-2025", n_funds=n)
        print(f"{n:>9} {textbook:>14.3g} {model:>10.3g} {model / textbook:>6.0f}x")


if __name__ == "__main__":
    main()
