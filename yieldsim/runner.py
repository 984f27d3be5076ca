"""One batch run: build the model, run it, write the run folder atomically.

Every input is validated (by building the model) and the run finished before anything
touches the disk. The folder is written under a hidden temporary name and renamed into place
only when all its files are complete, so a crash never leaves a folder that looks finished.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from model.scenario import DEFAULT_SCENARIO
from model.summary import summarize
from model.yieldmodel import YieldModel
from yieldsim.rundir import (
    OutputError,
    check_output,
    clean_stale_partials,
    os_problem,
    partial_name,
    place,
    slug,
    write_json,
)
from yieldsim.timeseries import write_parquet

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_FOLDER = Path("runs") / "output"
PACKAGES = ("mesa", "numpy", "pandas", "pyarrow", "scipy", "matplotlib")


@dataclass(frozen=True)
class RunRequest:
    """What a user asked for.

    Attributes:
        scenario: Built-in name or TOML path.
        seed: Root seed of the model's RNG.
        steps: Steps to run; None means the scenario's length.
        settings: Parameter and event-field overrides by name.

    """

    scenario: str = DEFAULT_SCENARIO
    seed: int = 7
    steps: int | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    def build(self) -> YieldModel:
        """The model for this request (raises ScenarioError/ParameterError on bad input)."""
        return YieldModel(scenario=self.scenario, rng=self.seed, **self.settings)


@dataclass
class RunResult:
    """A finished run in memory."""

    model: YieldModel
    frame: pd.DataFrame  # the model's per-step table, made once (`YieldModel.timeseries`)
    summary: dict[str, Any]
    started_at: str
    finished_at: str
    duration_s: float


def simulate(request: RunRequest, model: YieldModel | None = None) -> RunResult:
    """Run a request to completion in memory (no files)."""
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    model = model or request.build()
    model.run(request.steps)
    frame = model.timeseries()
    summary = summarize(model, frame)
    return RunResult(model=model, frame=frame, summary=summary, started_at=started.isoformat(),
                     finished_at=dt.datetime.now(dt.UTC).isoformat(),
                     duration_s=time.perf_counter() - clock)


def default_output() -> Path:
    """Where run and sweep folders go without `--out`: `./runs/output` under the current folder.

    Taken from the working directory at the time of the call, never from where the package
    is installed: an installed wheel must not write into site-packages, nor a clone collect
    the outputs of commands started elsewhere.
    """
    return Path.cwd() / OUTPUT_FOLDER


def plot_run(result: RunResult, path: Path, title: str) -> None:
    """Write the run's picture; matplotlib is imported here, only when a picture is drawn."""
    from yieldsim.dollar import from_model
    from yieldsim.plot import plot_run as draw

    model = result.model
    draw(result.frame, path, title, negotiation=model.params.policy == "endogenous",
         books=from_model(model, result.summary))


def source_checkout() -> bool:
    """Whether the code runs from a clone of the project (not an installed wheel).

    Only a clone has the calibration record (`runs/calibration/`) and the generated defaults
    the calibration commands update; an installed package must never be written into.
    """
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "runs").is_dir()


def git_commit() -> str:
    """The checked-out commit of the project (with '-dirty' for local changes), if any.

    Only for a source checkout (the project folder holds `.git`): an installed package may
    sit inside some other repository (a virtual environment in a clone), whose commit says
    nothing about this code.
    """
    if not (PROJECT_ROOT / ".git").exists():
        return "unknown"
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=5,
                               check=True).stdout.strip()
        return head + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def package_versions(extra: tuple[str, ...] = ()) -> dict[str, str]:
    """Versions of Python and the packages that shape results (and any `extra` ones)."""
    versions = {"python": platform.python_version()}
    for name in (*PACKAGES, *extra):
        try:
            versions[name] = installed_version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def installed_version(name: str) -> str:
    """The version an installed distribution declares, read from its metadata's header.

    `importlib.metadata.version` parses the whole metadata file as an e-mail message, long
    description and licence included: 6-8 ms each for SciPy and matplotlib, 25-45 ms for the
    six packages a run's manifest records. The header ends at the first blank line and holds
    the version.

    Raises:
        importlib.metadata.PackageNotFoundError: No such distribution is installed.

    """
    distribution = metadata.distribution(name)
    text = distribution.read_text("METADATA") or distribution.read_text("PKG-INFO") or ""
    for line in text.partition("\n\n")[0].splitlines():
        field, _, value = line.partition(":")
        if field.strip().lower() == "version":
            return value.strip()
    return distribution.version


def new_run_id(request: RunRequest, scenario_name: str) -> str:
    """A readable, unique run id: the scenario's name as a slug, seed and UTC time.

    The name is made safe for a folder (`slug`): a scenario never chooses where its run goes.
    """
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    return f"{slug(scenario_name, 'scenario')}-seed{request.seed}-{stamp}"


def manifest(request: RunRequest, model: YieldModel, run_id: str, result: RunResult | None,
             status: str, error: str | None = None) -> dict[str, Any]:
    """Everything needed to reproduce and audit a run."""
    source = Path(model.timeline.source)
    digest = hashlib.sha256(source.read_bytes()).hexdigest() if source.is_file() else None
    return {
        "run_id": run_id,
        "status": status,
        "error": error,
        "scenario": model.timeline.name,
        "scenario_file": str(source),
        "scenario_sha256": digest,
        "seed": request.seed,
        "steps": request.steps if request.steps is not None else model.timeline.steps,
        "settings": {k: v for k, v in request.settings.items()},
        "params": model.params.to_dict(),
        "events": [{"id": e.id, "kind": e.kind, "date": None if e.date is None
                    else e.date.isoformat(), "step": e.step, "label": e.label, **e.fields}
                   for e in model.timeline.events],
        "versions": package_versions(),
        "git_commit": git_commit(),
        "started_at": None if result is None else result.started_at,
        "finished_at": None if result is None else result.finished_at,
        "duration_s": None if result is None else round(result.duration_s, 3),
    }


def execute(request: RunRequest, out: Path | None = None) -> tuple[Path, RunResult]:
    """Run a request and write its folder.

    Args:
        request: What to run.
        out: Folder to create; default `./runs/output/<run-id>/` (see `default_output`).

    Returns:
        The folder written and the result.

    Raises:
        ScenarioError, ParameterError: Bad input (nothing is written).
        OutputError: The folder exists and is not empty (nothing is written).

    """
    if out is not None:
        check_output(out)
    result = simulate(request)
    return save(result, request, out), result


def save(result: RunResult, request: RunRequest, out: Path | None = None,
         picture: bool = True) -> Path:
    """Write a finished run's folder: time series, summary, picture and manifest.

    The folder is assembled under a hidden name beside its final place and renamed into
    place only when all its files are complete, so a crash never leaves a folder that looks
    finished.

    Args:
        result: The finished run.
        request: What was asked for (recorded in the manifest).
        out: Folder to create; default `./runs/output/<run-id>/` (see `default_output`).
        picture: Whether to draw `yields.png` (`yieldsim run --no-plot` skips it).

    Returns:
        The folder written.

    Raises:
        OutputError: The folder exists and is not empty, cannot be made or written (disk
            full, read-only), or another run filled it meanwhile (nothing is written).

    """
    if out is not None:
        check_output(out)
    model = result.model
    run_id = new_run_id(request, model.timeline.name)
    final = out if out is not None else default_output() / run_id
    staging = partial_name(final)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_partials(final.parent)
        staging.mkdir()
    except OSError as exc:
        raise OutputError(f"cannot create {final}: {os_problem(exc)}: choose another "
                          "--out") from None
    try:
        frame = result.frame
        try:
            write_parquet(frame, staging / "timeseries.parquet")
            write_json(staging / "summary.json", result.summary)
            write_json(staging / "manifest.json", manifest(request, model, run_id, result, "ok"))
            if picture:
                plot_run(result, staging / "yields.png", f"yieldsim · {model.timeline.name} · "
                         f"seed {request.seed}")
        except OSError as exc:
            raise OutputError(f"cannot write {final}: {os_problem(exc)}; nothing was "
                              "kept") from None
        place(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final
