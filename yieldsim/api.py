"""The Python API: one call for a run, one for a sweep, tables of scenarios and parameters.

The command line is a thin layer over these functions, so a notebook and `yieldsim run` give
the same numbers for the same seed, and a sweep started from Python writes the same folder,
resumes the same way and is as deterministic as one started from the shell.

Bad input raises a `ValueError` subclass whose message names the problem and the fix
(`ScenarioError`, `ParameterError`, `EventError`, `SpecError`, ...), before any file is
written.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from model.params import ParameterError
from model.scenario import DEFAULT_SCENARIO
from model.values import count
from yieldsim import arguments
from yieldsim.limits import MAX_SEED, SEED_WHY

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from model.yieldmodel import YieldModel
    from yieldsim.sweeps.session import SweepSummary
    from yieldsim.sweeps.spec import SweepSpec

SEED_BITS = 63  # a fresh seed fits numpy's SeedSequence and JSON integers exactly


@dataclass
class RunResult:
    """A finished run in memory.

    Attributes:
        scenario: The scenario's name.
        seed: The seed the run used (pass it again to repeat the run exactly).
        steps: Trading days simulated.
        timeseries: One row per trading day, indexed by date (`DatetimeIndex`); every column's
            unit is listed by `yieldsim.columns()`.
        summary: The answers `summary.json` holds (peak 10y, crossing of 4.5%, who absorbed
            the sales, each sovereign's mark-to-market, ...).
        events: Every event and statement of the run: step, date and label.
        params: Every resolved parameter value by name.
        settings: The overrides the run was asked for.
        model: The Mesa model after its run, for anything the tables leave out.

    """

    scenario: str
    seed: int
    steps: int
    timeseries: pd.DataFrame
    summary: dict[str, Any]
    events: pd.DataFrame
    params: dict[str, Any]
    settings: dict[str, Any]
    model: YieldModel = field(repr=False)
    _request: Any = field(default=None, repr=False)
    _result: Any = field(default=None, repr=False)

    def __repr__(self) -> str:
        """One line: scenario, seed, days and the headline answers (not the tables)."""
        summary = self.summary
        dates = (f"{summary.get('start_date')} to {summary.get('end_date')}"
                 if "start_date" in summary else f"{self.steps} steps")
        peak = summary.get("peak_10y")
        crossed = summary.get("crossed_4_5")
        head = f"RunResult(scenario={self.scenario!r}, seed={self.seed}, {dates}"
        if peak is None:
            return head + ")"
        return (f"{head}, peak 10y {peak:.2f}% on {summary.get('peak_10y_date')}, "
                f"crossed 4.5%: {'yes' if crossed else 'no'})")

    def plot(self) -> Figure:
        """The run's picture (the `yields.png` of its run folder) as a Figure.

        Built without pyplot, so it shows inline in a notebook when it is the cell's value,
        and never changes matplotlib's backend.
        """
        from yieldsim.dollar import from_model
        from yieldsim.plot import run_figure

        return run_figure(self.model.timeseries(),
                          f"yieldsim · {self.scenario} · seed {self.seed}",
                          negotiation=self.model.params.policy == "endogenous",
                          books=from_model(self.model, self.summary))

    def save(self, folder: str | Path | None = None) -> Path:
        """Write the run folder the CLI writes (time series, summary, picture, manifest).

        Args:
            folder: Where to write it: a new or empty folder. Default
                `./runs/output/<scenario>-seed<seed>-<time>/` under the current folder (the
                scenario's name made safe for a folder name: it never chooses the place).

        Returns:
            The folder written.

        Raises:
            OutputError: The folder exists and is not empty (nothing is written).

        """
        from yieldsim.runner import save

        return save(self._result, self._request, None if folder is None else Path(folder))


def run(scenario: str | Path = DEFAULT_SCENARIO, seed: int | None = None, steps: int | None = None,
        **settings: Any) -> RunResult:
    """Run one simulation and return its tables (nothing is written to disk).

    Args:
        scenario: A built-in scenario name (`yieldsim.scenarios()`) or a TOML file; the
            default is the command line's, liberation-day-2025.
        seed: Root seed of the model's random numbers; the same seed gives the same run. None
            draws a fresh one, recorded in the result's `seed`.
        steps: Trading days to simulate; None runs the scenario's length.
        **settings: Parameter overrides by name (`yieldsim.parameters()`), and event fields
            as `"<event id>.<field>"` keys, e.g. `**{"japan_sale.amount_bn": 250}`.

    Returns:
        The finished run: `.timeseries`, `.summary`, `.events`, `.params`, `.plot()`,
        `.save(folder)`.

    Raises:
        ScenarioError, ParameterError, EventError: Bad input (a ValueError whose message
            names the problem and the fix).

    Example:
        >>> import yieldsim
        >>> r = yieldsim.run("japan-sells", seed=3, steps=60)
        >>> r.summary["peak_10y"]  # doctest: +SKIP

    """
    from yieldsim.runner import RunRequest, simulate
    from yieldsim.timeseries import indexed_by_date

    seed, steps, settings = arguments.check_run(scenario, seed, steps, settings)
    if seed is None:
        seed = secrets.randbits(SEED_BITS)
    seed = count("seed", seed, 0, MAX_SEED, SEED_WHY, ParameterError)
    request = RunRequest(scenario=str(scenario), seed=seed, steps=steps, settings=dict(settings))
    result = simulate(request)
    model = result.model
    events = pd.DataFrame(model.event_log, columns=["step", "date", "label"])
    events["date"] = pd.to_datetime(events["date"], format="%Y-%m-%d")
    return RunResult(scenario=model.timeline.name, seed=seed, steps=int(model.steps),
                     timeseries=indexed_by_date(result.frame), summary=result.summary,
                     events=events, params=model.params.to_dict(), settings=dict(settings),
                     model=model, _request=request, _result=result)


@dataclass
class SweepResult:
    """A sweep that has run, to the end or until it was interrupted.

    Attributes:
        folder: The sweep folder (records, results, plots, manifest); running the same
            `yieldsim.sweep(...)` call again resumes it.
        spec: The validated sweep spec.
        results: One row per run: the varied parameters, point, replicate, seed, status and
            the summary metrics.
        total: Runs in the sweep.
        ok: Runs that finished.
        failed: Runs that raised (their error is in `results`).
        interrupted: Stopped before every run finished.
        files: Tables and plots written.

    """

    folder: Path
    spec: SweepSpec = field(repr=False)
    results: pd.DataFrame = field(repr=False)
    total: int
    ok: int
    failed: int
    interrupted: bool
    files: list[Path] = field(default_factory=list, repr=False)

    @property
    def sensitivity(self) -> pd.DataFrame | None:
        """Sobol indices (first-order and total, with confidence intervals); None otherwise."""
        path = self.folder / "sensitivity.csv"
        return pd.read_csv(path) if path.is_file() else None

    def timeseries(self) -> pd.DataFrame:
        """Every run's time series in one table (a `run` column says which), when kept.

        Raises:
            ValueError: The sweep did not keep time series (pass `keep_timeseries=True`).

        """
        from yieldsim.sweeps.store import TIMESERIES_DIR

        path = self.folder / TIMESERIES_DIR
        if not path.is_dir():
            raise ValueError(f"{self.folder} kept no time series: run the sweep with "
                             "keep_timeseries=True")
        frame = pd.read_parquet(path)
        frame["date"] = pd.to_datetime(frame["date"])
        return frame.sort_values(["run", "step"], kind="stable").reset_index(drop=True)


def sweep(scenario: str | Path | None = None, vary: Mapping[str, Any] | None = None,
          design: str | None = None, samples: int | None = None, replicates: int | None = None,
          seed: int | None = None, steps: int | None = None, workers: int | None = None,
          backend: str | None = None, out: str | Path | None = None,
          keep_timeseries: bool | None = None, spec: str | Path | None = None,
          scheduler: str | None = None, retry_failed: bool = False, progress: bool = True,
          **settings: Any) -> SweepResult:
    """Run many simulations over a parameter design, in parallel and resumably.

    The same machinery as `yieldsim sweep`: the same validation, seeds, records, resume and
    results, so a sweep started here can be resumed from the shell and the other way round.

    Args:
        scenario: Built-in scenario name or TOML file (or take it from `spec`).
        vary: Parameters (or `"<event id>.<field>"`) to vary: a list of values, `(lo, hi)`
            bounds for "lhs" and "sobol", or `(lo, hi, n)` for n evenly spaced grid points.
        design: "grid" (default), "lhs" (Latin hypercube) or "sobol" (sensitivity indices).
        samples: lhs points (default 100); sobol base samples, a power of two (default 64).
        replicates: Runs per design point (default 1).
        seed: Root seed every run's seed is derived from (default 7).
        steps: Trading days per run (default: the scenario's length).
        workers: Parallel runs (default: one per core).
        backend: "local" (a process pool, default) or "dask".
        out: The sweep folder (default `./runs/output/<sweep-id>/` under the current folder).
        keep_timeseries: Keep every run's time series (see `SweepResult.timeseries()`).
        spec: A sweep spec file (TOML); the other arguments override it.
        scheduler: A Dask scheduler address (default: start a local cluster).
        retry_failed: When resuming, run the failed runs again.
        progress: Show a progress bar (a line every few seconds when not on a terminal).
        **settings: Parameters fixed for every run, by name.

    Returns:
        The sweep: `.results` (one row per run), `.timeseries()`, `.sensitivity`, `.folder`.

    Raises:
        SpecError, ScenarioError, FolderError: Bad input (nothing written).
        BackendError: The backend could not start.

    """
    from yieldsim.sweeps.launch import launch
    from yieldsim.sweeps.progress import ProgressDisplay
    from yieldsim.sweeps.results import results_frame
    from yieldsim.sweeps.spec import Flags
    from yieldsim.sweeps.store import RESULTS_FILE, SweepStore

    arguments.check_sweep(scenario, design, samples, replicates, seed, steps, workers, backend,
                          out, keep_timeseries, spec, scheduler, retry_failed, progress)
    vary, settings = arguments.vary_mapping(vary), arguments.settings_mapping(settings)
    flags = Flags(spec=None if spec is None else Path(spec),
                  scenario=None if scenario is None else str(scenario), design=design,
                  samples=samples, replicates=replicates, seed=seed, steps=steps, crn=None,
                  keep_timeseries=keep_timeseries, workers=workers, backend=backend,
                  scheduler=scheduler, out=None if out is None else Path(out),
                  retry_failed=retry_failed,
                  vary_values={k: axis_value(v) for k, v in (vary or {}).items()},
                  set_values=dict(settings), given_by="yieldsim.sweep()")
    launched = launch(flags, lambda s: ProgressDisplay(s.name) if progress else None,
                      command=f"yieldsim.sweep({call_text(flags)})")
    path = launched.folder / RESULTS_FILE
    if path.is_file():
        results = pd.read_parquet(path)
    else:
        records, _ = SweepStore(launched.folder).load_records()
        results = results_frame(records.values(), launched.spec.axis_names)
    summary: SweepSummary = launched.summary
    return SweepResult(folder=launched.folder, spec=launched.spec, results=results,
                       total=summary.total, ok=summary.ok, failed=summary.failed,
                       interrupted=summary.interrupted, files=list(summary.files))


def axis_value(value: Any) -> Any:
    """A `vary` value in the spec's own syntax: lists stay lists, tuples become ranges."""
    if isinstance(value, tuple):
        if len(value) not in (2, 3):
            raise ValueError(f"a range is (lo, hi) or (lo, hi, n), not {value!r}")
        return ":".join(repr(v) if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return value


def call_text(flags: Any) -> str:
    """A short description of an API call for the sweep's manifest."""
    parts = [f"scenario={flags.scenario!r}"] if flags.scenario else []
    parts += [f"vary={dict(flags.vary_values)!r}"] if flags.vary_values else []
    parts += [f"{k}={v!r}" for k, v in flags.set_values.items()]
    return ", ".join(parts)


def scenarios() -> pd.DataFrame:
    """The built-in scenarios: name, description, start date, steps and number of events."""
    from model.scenario import builtin_names, load_scenario

    rows = []
    for name in builtin_names():
        loaded = load_scenario(name)
        rows.append({"name": name, "description": loaded.description,
                     "start": pd.Timestamp(loaded.start), "steps": loaded.steps,
                     "events": len(loaded.events)})
    return pd.DataFrame(rows).set_index("name")


def parameters() -> pd.DataFrame:
    """Every model parameter: default, unit, meaning, source and range, indexed by name."""
    from model.params import ModelParams

    return pd.DataFrame(ModelParams.describe()).set_index("name")


def columns() -> pd.DataFrame:
    """The unit and meaning of every per-step column of the default configuration."""
    from model.columns import column_info
    from model.yieldmodel import YieldModel

    names = list(YieldModel(scenario="baseline", rng=0, n_funds=3).timeseries().columns)
    rows = [{"name": name, "unit": column_info(name)[0], "meaning": column_info(name)[1]}
            for name in names]
    return pd.DataFrame(rows).set_index("name")
