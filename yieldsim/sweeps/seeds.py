"""Per-run seeds derived from one root seed with numpy's SeedSequence.

A run's seed is a pure function of (root seed, point, replicate): it never depends on the
order in which runs are done, the number of workers or the backend, so a sweep is reproducible
and resumable. With common random numbers (the default) replicate r gets the same seed at every
design point: the model draws the same noise at each point, and differences between points are
the parameters' effect rather than noise. Seeds are distinct child streams of the root (spawn
keys), not `root + i`, so replicates are statistically independent.
"""

from __future__ import annotations

import numpy as np

RUN_KEY = 1
DESIGN_KEY = 2
ANALYSIS_KEY = 3


def run_seed(root: int, point: int, replicate: int, crn: bool = True) -> int:
    """The seed of one run.

    Args:
        root: The sweep's root seed.
        point: Design point index.
        replicate: Replicate index.
        crn: Common random numbers: ignore the point.

    Returns:
        A non-negative 63-bit integer (fits a signed 64-bit column).

    """
    key = (RUN_KEY, replicate) if crn else (RUN_KEY, point, replicate)
    state = np.random.SeedSequence(root, spawn_key=key).generate_state(1, dtype=np.uint64)
    return int(state[0] >> np.uint64(1))


def design_rng(root: int) -> np.random.Generator:
    """The generator that draws LHS and Sobol designs (independent of every run's stream)."""
    return np.random.default_rng(np.random.SeedSequence(root, spawn_key=(DESIGN_KEY,)))


def analysis_seed(root: int) -> int:
    """A positive seed for the bootstrap of Sobol confidence intervals (SALib treats 0 as none)."""
    state = np.random.SeedSequence(root, spawn_key=(ANALYSIS_KEY,)).generate_state(1)
    return int(state[0]) | 1
