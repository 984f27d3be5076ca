"""The calibration search: method of simulated moments with common random numbers.

Stage 1 draws a Latin hypercube over the free parameters with the sweep engine's design
(`yieldsim.sweeps.design`) and evaluates every point, and the current defaults, on the same
seeds; stage 2 refines the best point with Nelder-Mead (scipy.optimize) in the unit cube;
stage 3 re-evaluates the winner on more seeds for the record. The loss is the sum of squared
scaled misses of the required targets' medians (see `yieldsim.calibration.targets`).
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize

from model.params import ModelParams
from yieldsim.calibration.evaluate import (
    DEFAULT_OBJECTIVE,
    Evaluation,
    Objective,
    calibration_seeds,
    evaluate,
    evaluate_many,
)
from yieldsim.calibration.free import FREE_PARAMETERS, FreeParameter
from yieldsim.sweeps.design import design_points
from yieldsim.sweeps.spec import Flags, resolve


@dataclass(frozen=True)
class Budget:
    """How much the search may spend.

    Attributes:
        lhs_points: Latin hypercube points in stage 1.
        refine_evaluations: Nelder-Mead evaluations in stage 2 (0 skips it).
        seeds: Seeds per evaluation in stages 1 and 2.
        final_seeds: Seeds for the recorded evaluation.
        root_seed: Root of every seed and of the design.
    """

    lhs_points: int = 24
    refine_evaluations: int = 30
    seeds: int = 8
    final_seeds: int = 20
    root_seed: int = 2025


@dataclass
class SearchResult:
    """What the search found.

    Attributes:
        best: The final evaluation of the chosen parameters (on `final_seeds` seeds).
        history: Every (settings, loss) evaluated in stages 1 and 2, in order.
    """

    best: Evaluation
    history: list[tuple[dict[str, Any], float]]


def to_settings(unit: np.ndarray, free: tuple[FreeParameter, ...]) -> dict[str, float]:
    """Map a point of the unit cube to parameter values (clipped to the bounds)."""
    clipped = np.clip(unit, 0.0, 1.0)
    return {p.name: round(p.lo + float(u) * (p.hi - p.lo), 6)
            for p, u in zip(free, clipped, strict=True)}


def to_unit(settings: dict[str, float], free: tuple[FreeParameter, ...]) -> np.ndarray:
    """The unit-cube coordinates of a parameter set."""
    return np.array([(settings[p.name] - p.lo) / (p.hi - p.lo) for p in free])


def lhs_candidates(budget: Budget, free: tuple[FreeParameter, ...]) -> list[dict[str, float]]:
    """Stage-1 points from the sweep engine's Latin hypercube design."""
    spec, _ = resolve(Flags(scenario="baseline", design="lhs", samples=budget.lhs_points,
                            seed=budget.root_seed,
                            vary=[f"{p.name}={p.lo}:{p.hi}" for p in free]))
    return [{k: float(v) for k, v in point.items()} for point in design_points(spec)]


def search(budget: Budget, executor: cf.Executor | None = None,
           free: tuple[FreeParameter, ...] = FREE_PARAMETERS,
           fixed: dict[str, Any] | None = None,
           progress: Callable[[str], None] | None = None,
           objective: Objective = DEFAULT_OBJECTIVE) -> SearchResult:
    """Run the three stages.

    Args:
        budget: Points, evaluations and seeds to spend.
        executor: Where seeds run (a sweep backend's executor), or None for in-process.
        free: The parameters to fit.
        fixed: Other settings held for every evaluation (e.g. a smaller n_funds for a smoke
            test).
        progress: Called with a line of text after each stage or refinement step.
        objective: The targets (by default the built-in ones; `calibrate --history` adds the
            `fit` episodes' windows).

    Returns:
        The chosen parameters' final evaluation and the search history.
    """
    fixed = fixed or {}
    say = progress or (lambda _: None)
    seeds = calibration_seeds(budget.root_seed, budget.seeds)
    history: list[tuple[dict[str, Any], float]] = []

    # The current defaults join the hypercube, so a re-run never ends worse than where it began.
    current = {p.name: float(getattr(ModelParams(), p.name)) for p in free}
    candidates = [current, *lhs_candidates(budget, free)]
    evaluations = evaluate_many([{**fixed, **c} for c in candidates], seeds, executor,
                                objective)
    for candidate, ev in zip(candidates, evaluations, strict=True):
        history.append((candidate, ev.loss))
    best_index = int(np.argmin([ev.loss for ev in evaluations]))
    best = candidates[best_index]
    say(f"stage 1: current defaults (loss {evaluations[0].loss:.3f}) and "
        f"{len(candidates) - 1} Latin hypercube points, best loss "
        f"{evaluations[best_index].loss:.3f}")

    if budget.refine_evaluations > 0:
        def loss_at(unit: np.ndarray) -> float:
            candidate = to_settings(unit, free)
            loss = evaluate({**fixed, **candidate}, seeds, executor, objective=objective).loss
            history.append((candidate, loss))
            say(f"stage 2: evaluation {len(history) - len(candidates)}, loss {loss:.3f}")
            return loss

        start = to_unit(best, free)
        simplex = [start] + [np.clip(start + 0.1 * np.eye(len(free))[i], 0, 1)
                             for i in range(len(free))]
        minimize(loss_at, start, method="Nelder-Mead",
                 options={"maxfev": budget.refine_evaluations, "initial_simplex": simplex,
                          "xatol": 1e-3, "fatol": 1e-3})
        best = min(history, key=lambda item: item[1])[0]

    final = evaluate({**fixed, **best}, calibration_seeds(budget.root_seed, budget.final_seeds),
                     executor, objective=objective)
    final.settings = dict(best)
    say(f"stage 3: {budget.final_seeds} seeds, loss {final.loss:.3f}")
    return SearchResult(best=final, history=history)
