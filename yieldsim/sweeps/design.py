"""Design points: full grid, Latin hypercube and Sobol (Saltelli) samples.

A design is a pure function of the resolved spec (the LHS and Sobol draws use a generator
derived from the root seed), so every process that reads the spec sees the same points in the
same order; that is what lets runs be numbered once and resumed by number.
"""

from __future__ import annotations

import itertools
import warnings
from typing import Any

import numpy as np

from yieldsim.sweeps.seeds import design_rng
from yieldsim.sweeps.spec import Axis, SweepSpec


def design_points(spec: SweepSpec) -> list[dict[str, Any]]:
    """Every design point as {parameter name: value}, in run order.

    Grid points vary the last axis fastest. LHS maps each stratified uniform draw to the
    axis' bounds (or picks a level of a listed axis). Sobol points follow SALib's Saltelli
    layout (N * (D + 2) rows) so that `SALib.analyze.sobol` can read the results in order.
    Whole-number parameters are rounded.
    """
    if spec.design == "grid":
        names = spec.axis_names
        combos = itertools.product(*(axis.values or () for axis in spec.axes))
        return [dict(zip(names, combo, strict=True)) for combo in combos]
    assert spec.samples is not None
    if spec.design == "lhs":
        from scipy.stats import qmc  # imported here: scipy.stats takes a second to import

        sampler = qmc.LatinHypercube(d=len(spec.axes), rng=design_rng(spec.seed))
        unit = sampler.random(spec.samples)
    else:
        unit = sobol_unit_sample(len(spec.axes), spec.samples, spec.seed)
    return [{axis.name: scale(axis, float(u)) for axis, u in zip(spec.axes, row, strict=True)}
            for row in unit]


def sobol_unit_sample(dims: int, samples: int, seed: int) -> np.ndarray:
    """Saltelli's sample on the unit cube (first and total order), via SALib."""
    from SALib.sample import sobol

    problem = {"num_vars": dims, "names": [f"x{i}" for i in range(dims)],
               "bounds": [[0.0, 1.0]] * dims}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sobol.sample(problem, samples, calc_second_order=False, scramble=True,
                            seed=design_rng(seed))


def scale(axis: Axis, u: float) -> Any:
    """Map a unit-interval draw to the axis: bounds linearly, listed levels by stratum."""
    if axis.values is not None:
        index = min(int(u * len(axis.values)), len(axis.values) - 1)
        return axis.values[index]
    assert axis.bounds is not None
    lo, hi = axis.bounds
    value = lo + u * (hi - lo)
    if axis.kind is int:
        return int(min(max(round(value), lo), hi))
    return float(value)


def sobol_problem(spec: SweepSpec) -> dict[str, Any]:
    """The SALib problem definition matching the design's bounds."""
    return {"num_vars": len(spec.axes), "names": spec.axis_names,
            "bounds": [list(axis.bounds or (0.0, 1.0)) for axis in spec.axes]}
