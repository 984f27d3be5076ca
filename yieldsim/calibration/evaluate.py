"""Evaluating a parameter set over seeds: medians, bands, pass/fail and the loss.

Seeds are derived from one root seed with numpy's SeedSequence and reused for every candidate
(common random numbers), so two candidates differ by their parameters, not their luck.
Work goes to any executor of the sweep engine's backends (process pool or Dask).
"""

from __future__ import annotations

import concurrent.futures as cf
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from yieldsim.calibration.moments import (
    LIBERATION_STEPS,
    EpisodeWindows,
    SeedResult,
    safe_seed_moments,
)
from yieldsim.calibration.targets import TARGETS, Target

BAND = (10, 90)
FAILED_LOSS = 1e6
SLOW_SEEDS = 16  # the slow sale's gap: 6 seeds gave a standard error of 3.3bp (the limit is 2)
BOOTSTRAP = 1000        # resamples for the standard error of a median


def median_standard_error(values: np.ndarray) -> float:
    """Bootstrap standard error of the median (fixed generator: the same values, same SE)."""
    if len(values) < 2:
        return float("nan")
    rng = np.random.default_rng(0)
    draws = rng.choice(values, size=(BOOTSTRAP, len(values)), replace=True)
    return float(np.std(np.median(draws, axis=1), ddof=1))


@dataclass(frozen=True)
class Objective:
    """What a parameter set is judged on: the targets, and the episodes that feed some of them.

    Attributes:
        targets: Every target (the built-in ones, plus one per `fit` episode window).
        episodes: The `fit` episodes whose windows are among the targets.
    """

    targets: tuple[Target, ...] = TARGETS
    episodes: tuple[EpisodeWindows, ...] = ()


DEFAULT_OBJECTIVE = Objective()


def calibration_seeds(root: int, count: int) -> list[int]:
    """`count` seeds derived from a root seed (independent streams, stable order)."""
    children = np.random.SeedSequence(root).spawn(count)
    return [int(child.generate_state(1)[0]) for child in children]


@dataclass
class Evaluation:
    """A parameter set's performance on the targets.

    Attributes:
        settings: The parameter values evaluated.
        results: Per-seed results (moments and paths).
        medians: Target -> median over seeds.
        bands: Target -> (10th, 90th percentile).
        standard_errors: Target -> bootstrap standard error of the median.
        counts: Target -> seeds that measured it.
        loss: Sum of squared scaled misses (see Target.center_and_scale).
        failures: Errors of seeds that failed.
        targets: The targets judged.
    """

    settings: dict[str, Any]
    results: list[SeedResult]
    medians: dict[str, float] = field(default_factory=dict)
    bands: dict[str, tuple[float, float]] = field(default_factory=dict)
    standard_errors: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    loss: float = FAILED_LOSS
    failures: list[str] = field(default_factory=list)
    targets: tuple[Target, ...] = TARGETS

    def passes(self, target: Target) -> bool:
        """Whether the median meets a target."""
        return target.name in self.medians and target.passes(self.medians[target.name])

    @property
    def all_pass(self) -> bool:
        """Whether every required target is met."""
        return all(self.passes(t) for t in self.targets if t.required)


def summarise(settings: dict[str, Any], results: list[SeedResult],
              targets: tuple[Target, ...] = TARGETS) -> Evaluation:
    """Medians, bands and loss from per-seed results."""
    ok = [r for r in results if r.error is None]
    evaluation = Evaluation(settings=settings, results=results,
                            failures=[f"seed {r.seed}: {r.error}" for r in results if r.error],
                            targets=targets)
    if not ok:
        return evaluation
    loss = 0.0
    for target in targets:
        values = np.array([r.moments[target.name] for r in ok if target.name in r.moments])
        if len(values) == 0:
            continue
        median = float(np.median(values))
        evaluation.standard_errors[target.name] = median_standard_error(values)
        evaluation.counts[target.name] = len(values)
        evaluation.medians[target.name] = median
        evaluation.bands[target.name] = (float(np.percentile(values, BAND[0])),
                                         float(np.percentile(values, BAND[1])))
        if target.required:
            center, scale = target.center_and_scale()
            loss += ((median - center) / scale) ** 2
    evaluation.loss = loss + FAILED_LOSS * len(evaluation.failures) / len(results)
    return evaluation


def evaluate(settings: dict[str, Any], seeds: list[int], executor: cf.Executor | None = None,
             liberation_steps: int = LIBERATION_STEPS,
             objective: Objective = DEFAULT_OBJECTIVE) -> Evaluation:
    """Run every seed for a parameter set (in parallel when an executor is given).

    The first SLOW_SEEDS seeds also run the 750-day slow sale.
    """
    jobs = [(seed, settings, liberation_steps, i < SLOW_SEEDS, objective.episodes)
            for i, seed in enumerate(seeds)]
    if executor is None:
        results = [safe_seed_moments(*job) for job in jobs]
    else:
        futures = [executor.submit(safe_seed_moments, *job) for job in jobs]
        results = [f.result() for f in futures]
    return summarise(settings, results, objective.targets)


def evaluate_many(candidates: list[dict[str, Any]], seeds: list[int],
                  executor: cf.Executor | None = None,
                  objective: Objective = DEFAULT_OBJECTIVE) -> list[Evaluation]:
    """Evaluate several candidates, submitting every (candidate, seed) run at once."""
    if executor is None:
        return [evaluate(c, seeds, objective=objective) for c in candidates]
    futures = [[executor.submit(safe_seed_moments, seed, c, LIBERATION_STEPS, i < SLOW_SEEDS,
                                objective.episodes)
                for i, seed in enumerate(seeds)] for c in candidates]
    return [summarise(c, [f.result() for f in fs], objective.targets)
            for c, fs in zip(candidates, futures, strict=True)]
