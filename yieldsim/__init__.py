"""yieldsim: an agent-based simulation of the US Treasury market under tariff shocks.

If Japan (or China) sold Treasuries, how far would the 10-year rise, would it break 4.5%, who
would absorb the bonds, and what would the seller lose? One call answers it for one seed:

    >>> import yieldsim
    >>> sale = yieldsim.run("japan-sells", seed=3)
    >>> calm = yieldsim.run("baseline", seed=3)        # same seed: the same market noise
    >>> (sale.timeseries["y_10y"] - calm.timeseries["y_10y"]).max()  # doctest: +SKIP

and a sweep answers it over many seeds and parameter values:

    >>> s = yieldsim.sweep("japan-sells", vary={"japan_sale.amount_bn": [0, 100, 250]},
    ...                    replicates=20)                # doctest: +SKIP
    >>> s.results.groupby("japan_sale.amount_bn")["crossed_4_5"].mean()  # doctest: +SKIP

Functions:
    run: One simulation; returns `.timeseries` (indexed by date), `.summary`, `.events`,
        `.params`, `.plot()` and `.save(folder)`.
    sweep: Many simulations over a grid, Latin hypercube or Sobol design, in parallel,
        resumable; returns `.results` (one row per run), `.timeseries()`, `.sensitivity`.
    scenarios: The built-in scenarios as a table.
    parameters: Every parameter with default, unit, meaning and source.
    columns: The unit and meaning of every per-step column.
    __version__: The installed distribution's version (from its package metadata).

The simulation itself lives in the `model` and `agents` packages (`model.yieldmodel.YieldModel`
is a Mesa model); this package holds what users call: this API, the `yieldsim` command, run
folders, sweeps, calibration and the live view. Attributes load on first use, so importing
`yieldsim` (or running `yieldsim --help`) stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["RunResult", "SweepResult", "columns", "parameters", "run", "scenarios", "sweep"]


def version() -> str:
    """The installed distribution's version, read from its metadata (one source: pyproject).

    A source tree that was never installed has no metadata; it says so instead of guessing.
    """
    from importlib import metadata

    try:
        return metadata.version("yieldsim")
    except metadata.PackageNotFoundError:
        return "0+unknown (not installed: pip install -e .)"


def __getattr__(name: str) -> Any:
    """Load the API from `yieldsim.api` on first use (it imports pandas; the CLI need not)."""
    if name == "__version__":
        return version()
    if name in __all__:
        return getattr(importlib.import_module("yieldsim.api"), name)
    raise AttributeError(f"module 'yieldsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the public API beside the module's own names."""
    return sorted([*globals(), *__all__, "__version__"])
