"""Fit the bond pain a sovereign's sale causes, from the model's own runs (issue 23).

The administration prices a threatened sale with the model's response: the bond pain (its
own bond channel: the 10y above its warning line, the 10y's 5-day rise, dealer strain) that a
sale of that size and speed would add, given how full dealers' balance sheets are when it
starts. This module measures that response in japan-sells-type runs and fits it:

    ln pain = b . (1, x, y, u, x^2, y^2, u^2, xy, xu, yu),
    x = ln(S / 100), y = ln(D / 21), u = dealer utilisation the day before the sale

with S the sale ($bn face) and D its length (trading days): a second-order response surface
(model/threat.py). A product of powers left 0.6 in log error: the response saturates in size
(the Fed's backstop) and falls as dealers fill towards the backstop's threshold.

A measurement: from `baseline` (scripted), Japan sells S evenly over D days from step 20;
dealer states are set by the 'other official' holder selling P over the five days before
(P = 0 leaves dealers as the baseline has them); the run without Japan's sale (the same
seed, the same preload) is its pair. The sale's pain is the peak, from its start to the end
of the 125-day run, of the seeds' mean paired difference in the administration's bond
pain. The fit is least squares on log pain; the constants go to model/threat_fit.py.

    python -m yieldsim.calibration.threat [--seeds 12] [--write]

Fitting seeds start at 7000; tests check the fitted function on other seeds.
"""

from __future__ import annotations

import argparse
import itertools
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from model.yieldmodel import YieldModel
from yieldsim.runner import PROJECT_ROOT

START = 20  # the sale's first step (as in japan-sells)
PRELOAD_DAYS = 5  # the dealer-state preload's length, ending the day before the sale
FIT_SEED = 7000
SIZES = (25.0, 50.0, 75.0, 100.0, 150.0, 200.0, 400.0)
DAYS = (5, 10, 15, 21, 42)
# Preloads of 0, 40 and 80 leave dealers 7%, 16% and 44% full; 120 leaves them at 84%, where
# the Fed's backstop (at 90%) takes much of a further sale: the fit stays below it.
PRELOADS = (0.0, 40.0, 80.0)
GENERATED = PROJECT_ROOT / "model" / "threat_fit.py"


@dataclass(frozen=True)
class Measured:
    """One sale's measured pain and the dealer state it started in."""

    size_bn: float
    days: int
    preload_bn: float
    utilization: float  # mean over seeds, the close before the sale
    pain: float  # peak of the mean paired bond-pain difference


def bond_pain(seed: int, size_bn: float, days: int, preload_bn: float,
              settings: dict[str, Any]) -> tuple[np.ndarray, float]:
    """The administration's bond pain per step of one run, and utilisation before the sale.

    The run is `baseline`'s length (125 trading days); the sale starts at step 20.
    """
    model = YieldModel(scenario="baseline", rng=seed, **settings)
    for step in range(1, model.timeline.steps + 1):
        if step == START - PRELOAD_DAYS and preload_bn > 0:
            model.sovereigns["other_official"].schedule_sale(preload_bn, PRELOAD_DAYS)
        if step == START and size_bn > 0:
            model.sovereigns["japan"].schedule_sale(size_bn, days)
        model.step()
    frame = model.timeseries()
    return frame["admin_pain_bonds"].to_numpy(), float(frame["dealer_utilization"][START - 1])


def _path(args: tuple[int, float, int, float, dict[str, Any]]) -> tuple[np.ndarray, float]:
    return bond_pain(*args)


def measure_grid(configs: list[tuple[float, int, float]], seeds: list[int],
                 settings: dict[str, Any] | None = None, workers: int = 2) -> list[Measured]:
    """Each sale's pain: the peak of the seeds' mean paired bond-pain difference.

    Args:
        configs: (size $bn, days, preload $bn) of each sale.
        seeds: The seeds (each sale and its pair run on every one).
        settings: Parameter overrides for every run.
        workers: Processes.

    """
    settings = settings or {}
    preloads = sorted({c[2] for c in configs})
    jobs = ([(seed, 0.0, 1, p, settings) for p in preloads for seed in seeds]
            + [(seed, s, d, p, settings) for s, d, p in configs for seed in seeds])
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            paths = list(pool.map(_path, jobs, chunksize=4))
    else:
        paths = [_path(job) for job in jobs]
    n = len(seeds)
    base = {p: paths[i * n:(i + 1) * n] for i, p in enumerate(preloads)}
    out = []
    for k, (size, days, preload) in enumerate(configs):
        runs = paths[(len(preloads) + k) * n:(len(preloads) + k + 1) * n]
        diff = np.mean([run[0] - b[0] for run, b in zip(runs, base[preload], strict=True)],
                       axis=0)
        out.append(Measured(size, days, preload, float(np.mean([u for _, u in runs])),
                            float(diff[START:].max())))
    return out


def measure(size_bn: float, days: int, preload_bn: float, seeds: list[int],
            settings: dict[str, Any] | None = None, workers: int = 2) -> Measured:
    """One sale's pain (`measure_grid` of one sale)."""
    return measure_grid([(size_bn, days, preload_bn)], seeds, settings, workers)[0]


def design(size_bn: np.ndarray, days: np.ndarray, utilization: np.ndarray) -> np.ndarray:
    """The surface's terms (model/threat.py): 1, x, y, u, x^2, y^2, u^2, xy, xu, yu."""
    x, y, u = np.log(size_bn / 100.0), np.log(days / 21.0), utilization
    return np.column_stack([np.ones_like(x), x, y, u, x * x, y * y, u * u, x * y, x * u, y * u])


def fit(points: list[Measured]) -> dict[str, Any]:
    """Least squares on log pain for the surface's ten coefficients."""
    size = np.array([p.size_bn for p in points])
    days = np.array([float(p.days) for p in points])
    u = np.array([p.utilization for p in points])
    y = np.log(np.maximum(np.array([p.pain for p in points]), 1e-3))
    x = design(size, days, u)
    coefficients, *_ = np.linalg.lstsq(x, y, rcond=None)
    residuals = x @ coefficients - y
    return {"coefficients": [round(float(b), 5) for b in coefficients],
            "size_bn": (float(size.min()), float(size.max())),
            "days": (float(days.min()), float(days.max())),
            "utilization": (round(float(u.min()), 4), round(float(u.max()), 4)),
            "rms_log_error": round(float(np.sqrt(np.mean(residuals ** 2))), 4),
            "max_log_error": round(float(np.abs(residuals).max()), 4)}


def write(values: dict[str, Any], n_seeds: int) -> None:
    """Regenerate model/threat_fit.py."""
    GENERATED.write_text(
        '"""The fitted bond pain of a sovereign\'s sale (model/threat.py): do not edit by hand.'
        '\n\nGenerated by `python -m yieldsim.calibration.threat --write` '
        f"({n_seeds} seeds from {FIT_SEED}; {len(SIZES) * len(DAYS) * len(PRELOADS)} sales).\n"
        '"""\n\nSALE_PAIN_FIT = {\n'
        + "".join(f'    "{k}": {_literal(v)},\n' for k, v in values.items()) + "}\n")


def _literal(value: Any) -> str:
    """A value as Python source, a list one item a line (the file stays within 100 columns)."""
    if isinstance(value, list):
        return "[\n" + "".join(f"        {v!r},\n" for v in value) + "    ]"
    return repr(value)


def read_log(path: str) -> list[Measured]:
    """The grid a previous run printed (to refit without re-running it)."""
    pattern = re.compile(r"S=\s*(\S+) D=\s*(\S+) preload=\s*(\S+) u=(\S+) pain=\s*(\S+)")
    points = []
    for line in Path(path).read_text().splitlines():
        if match := pattern.match(line):
            s, d, p, u, pain = (float(v) for v in match.groups())
            points.append(Measured(s, int(d), p, u, pain))
    return points


def main() -> None:
    """Measure the grid, fit, print, and write if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=12)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--from-log", help="refit from a previous run's printed grid")
    args = parser.parse_args()
    seeds = list(range(FIT_SEED, FIT_SEED + args.seeds))
    if args.from_log:
        points = read_log(args.from_log)
    else:
        points = measure_grid(list(itertools.product(SIZES, DAYS, PRELOADS)), seeds)
    for point in points:
        print(f"S={point.size_bn:5.0f} D={point.days:2d} preload={point.preload_bn:3.0f} "
              f"u={point.utilization:.4f} pain={point.pain:.4f}")
    values = fit(points)
    print(values)
    if args.write:
        write(values, args.seeds)
        print(f"wrote {GENERATED}")


if __name__ == "__main__":
    main()
