"""The sweep specification: parsed from a TOML file and flags, validated before anything runs.

A spec file (the shipped ones are package data in `yieldsim/sweeps/specs/`) holds the same
settings as the command line; flags override it. Everything is checked here — names, types,
ranges against the model's documented bounds, design and sample
sizes — so that a bad sweep ends with one line and writes nothing.

The resolved spec has a canonical form (`identity`) that contains exactly what decides the
results: the scenario's content, every resolved model parameter, the model's code, the design,
the seeds and the settings. Two invocations with the same identity produce the same results
table, so a folder may be resumed only by a spec with the same identity; the sweep id (the
default folder name) is derived from it, which makes re-running the same command resume by
default, and a changed model start a new folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from model.holdings import allocate, sovereign_specs
from model.params import ModelParams, ParameterError, resolve_values
from model.scenario import MAX_STEPS, SCENARIO_DIR, Scenario, load_scenario, resolve_path
from model.values import count, number, show
from yieldsim.limits import MAX_RUNS, MAX_SEED, MAX_WORKERS, RUNS_WHY, SEED_WHY, STEPS_WHY
from yieldsim.rundir import slug
from yieldsim.settings import parse_pairs
from yieldsim.sweeps.fingerprint import code_fingerprint, fingerprint_digest
from yieldsim.sweeps.space import Dimension, SpecError, lookup
from yieldsim.sweeps.specfile import (
    SPEC_FORMAT,
    number_text,
    read_spec_file,
    spec_path,
    toml_key,
    toml_value,
)

DESIGNS = ("grid", "lhs", "sobol")
BACKENDS = ("local", "dask")
DEFAULT_SAMPLES = {"lhs": 100, "sobol": 64}
DEFAULT_SEED = 7
# Points checked for feasibility before a sweep starts (evenly spread over the design).
FEASIBILITY_SAMPLE = 200


@dataclass(frozen=True)
class Axis:
    """One varied parameter.

    Attributes:
        name: Parameter name or `<event id>.<field>`.
        kind: Type of its values.
        values: Explicit values (grid points, or discrete levels for LHS); None for bounds.
        bounds: Continuous (lo, hi) for LHS and Sobol; None for explicit values.

    """

    name: str
    kind: type
    values: tuple[Any, ...] | None = None
    bounds: tuple[float, float] | None = None

    def canonical(self) -> list[Any] | str:
        """The value written to the resolved spec: a list, or "lo:hi" for bounds."""
        if self.values is not None:
            return list(self.values)
        assert self.bounds is not None
        lo, hi = self.bounds
        return f"{number_text(lo)}:{number_text(hi)}"


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep.

    Attributes:
        name: Short name (spec file's `name` or stem, else the scenario's name).
        description: Free text from the spec file.
        scenario: Built-in scenario name or absolute path to a scenario file.
        scenario_sha256: Digest of the scenario file: results depend on its content.
        design: grid, lhs or sobol.
        axes: Varied parameters, in the order given.
        settings: Fixed overrides (`--set`), typed.
        samples: LHS sample count or Sobol base sample count (None for grid).
        replicates: Runs per design point.
        seed: Root seed every run seed (and the LHS/Sobol design) is derived from.
        steps: Steps per run (resolved from the scenario when not given).
        crn: Common random numbers: replicate r uses the same seed at every point.
        keep_timeseries: Keep every run's time series.
        base_params: Every model parameter not varied, resolved (defaults, then the
            scenario's [params], then `settings`): results depend on them, and defaults can
            change between two sessions of a sweep (a new calibration, a code change).
        code: Fingerprint of the model's code and data (see `fingerprint`).

    """

    name: str
    description: str
    scenario: str
    scenario_sha256: str
    design: str
    axes: tuple[Axis, ...]
    settings: dict[str, Any]
    samples: int | None
    replicates: int
    seed: int
    steps: int
    crn: bool = True
    keep_timeseries: bool = False
    base_params: dict[str, Any] = field(default_factory=dict)
    code: dict[str, str] = field(default_factory=dict)

    @property
    def axis_names(self) -> list[str]:
        """Names of the varied parameters."""
        return [a.name for a in self.axes]

    def identity(self) -> dict[str, Any]:
        """What decides the results; equal identities give equal results tables."""
        return {
            "scenario_sha256": self.scenario_sha256,
            "params_sha256": params_digest(self.base_params),
            "code_sha256": fingerprint_digest(self.code),
            "design": self.design,
            "samples": self.samples,
            "replicates": self.replicates,
            "seed": self.seed,
            "steps": self.steps,
            "crn": self.crn,
            "keep_timeseries": self.keep_timeseries,
            "vary": {a.name: a.canonical() for a in self.axes},
            "set": dict(sorted(self.settings.items())),
        }

    def digest(self) -> str:
        """A short hash of the identity."""
        text = json.dumps(self.identity(), sort_keys=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:10]

    def sweep_id(self) -> str:
        """Default folder name: readable, and the same for the same identity."""
        return f"{self.name}-{self.design}-{self.digest()}"

    def to_toml(self) -> str:
        """The resolved spec as TOML; `yieldsim sweep --spec` accepts it as it is."""
        lines = ["# Resolved sweep specification, written by yieldsim sweep.",
                 "# Re-run (or resume) with: yieldsim sweep --spec <this file> --out <folder>",
                 f"format = {SPEC_FORMAT}",
                 f"name = {toml_value(self.name)}"]
        if self.description:
            lines.append(f"description = {toml_value(self.description)}")
        lines += [f"scenario = {toml_value(self.scenario)}",
                  f"scenario_sha256 = {toml_value(self.scenario_sha256)}",
                  f"params_sha256 = {toml_value(params_digest(self.base_params))}",
                  f"code_sha256 = {toml_value(fingerprint_digest(self.code))}",
                  f"design = {toml_value(self.design)}"]
        if self.samples is not None:
            lines.append(f"samples = {self.samples}")
        lines += [f"replicates = {self.replicates}", f"seed = {self.seed}",
                  f"steps = {self.steps}", f"crn = {toml_value(self.crn)}",
                  f"keep_timeseries = {toml_value(self.keep_timeseries)}", "", "[vary]"]
        lines += [f"{toml_key(a.name)} = {toml_value(a.canonical())}" for a in self.axes]
        lines += ["", "[set]"]
        lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in sorted(self.settings.items())]
        lines += ["", "# Every model parameter not varied, as resolved for this sweep (a record: "
                  "--spec ignores it).", "[resolved_params]"]
        lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in self.base_params.items()]
        lines += ["", "# Digests of the model's code and data files (a record).", "[model_code]"]
        lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in self.code.items()]
        return "\n".join(lines) + "\n"

    def run_count(self) -> int:
        """Total runs: design points times replicates."""
        return self.point_count() * self.replicates

    def point_count(self) -> int:
        """Number of design points."""
        if self.design == "grid":
            count = 1
            for axis in self.axes:
                count *= len(axis.values or ())
            return count
        assert self.samples is not None
        if self.design == "lhs":
            return self.samples
        return self.samples * (len(self.axes) + 2)


@dataclass(frozen=True)
class Execution:
    """How to run a sweep; none of it changes the results.

    Attributes:
        workers: Parallel runs (None: one per core, or the cluster's threads).
        backend: local or dask.
        scheduler: Dask scheduler address (None: start a LocalCluster).
        out: Output folder (None: runs/output/<sweep-id>/).
        retry_failed: Run again the runs recorded as failed.

    """

    workers: int | None = None
    backend: str = "local"
    scheduler: str | None = None
    out: Path | None = None
    retry_failed: bool = False


@dataclass
class Flags:
    """Command-line values; None means "not given" so the spec file's value stands."""

    spec: Path | None = None
    scenario: str | None = None
    vary: Sequence[str] = ()
    set: Sequence[str] = ()
    design: str | None = None
    samples: int | None = None
    replicates: int | None = None
    seed: int | None = None
    steps: int | None = None
    crn: bool | None = None
    keep_timeseries: bool | None = None
    workers: int | None = None
    backend: str | None = None
    scheduler: str | None = None
    out: Path | None = None
    retry_failed: bool = False
    vary_values: Mapping[str, Any] = field(default_factory=dict)
    set_values: Mapping[str, Any] = field(default_factory=dict)
    given_by: str = "--vary/--set"


def resolve(flags: Flags) -> tuple[SweepSpec, Execution]:
    """Merge a spec file and flags, and validate everything.

    Args:
        flags: Command-line values (with `spec` naming the optional file).

    Returns:
        The validated spec and the execution options.

    Raises:
        SpecError: Anything that would make the sweep fail or mean something else than typed.
        ScenarioError: The scenario cannot be loaded.

    """
    raw: dict[str, Any] = {}
    where_file = "--spec"
    if flags.spec is not None:
        flags = replace(flags, spec=spec_path(flags.spec))
        raw = read_spec_file(flags.spec)
        where_file = f"spec file {flags.spec}"
    scenario_ref = flags.scenario if flags.scenario is not None else raw.get("scenario")
    if scenario_ref is None:
        raise SpecError("no scenario: give --scenario NAME|FILE or scenario = \"...\" in the "
                        "spec file")
    if not isinstance(scenario_ref, str):
        raise SpecError(f"scenario in {where_file} must be a name or a path in quotes")
    path = resolve_path(scenario_ref)
    scenario = load_scenario(scenario_ref)
    canonical_ref = (path.stem if path.resolve().parent == SCENARIO_DIR.resolve()
                     and path.stem == scenario_ref else str(path.resolve()))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    design = _pick(flags.design, raw, "design", "grid")
    if not isinstance(design, str) or design not in DESIGNS:
        raise SpecError(f"design must be one of {', '.join(DESIGNS)}, not {show(design)}")
    samples = _samples(flags.samples, raw.get("samples"), design, where_file)
    replicates = _integer(_pick(flags.replicates, raw, "replicates", 1),
                          "replicates", 1, MAX_RUNS, RUNS_WHY)
    seed = _integer(_pick(flags.seed, raw, "seed", DEFAULT_SEED), "seed", 0, MAX_SEED, SEED_WHY)
    steps_raw = _pick(flags.steps, raw, "steps", None)
    steps = (scenario.steps if steps_raw is None
             else _integer(steps_raw, "steps", 1, MAX_STEPS, STEPS_WHY))
    crn = _boolean(_pick(flags.crn, raw, "crn", True), "crn")
    keep = _boolean(_pick(flags.keep_timeseries, raw, "keep_timeseries", False),
                    "keep_timeseries")

    vary_items, set_items = _merge_named(raw, flags, where_file)
    refuse_too_many_runs(design, [value for value, _ in vary_items.values()], samples,
                         replicates)
    axes = tuple(parse_axis(lookup(name, scenario, where), value, design, where)
                 for name, (value, where) in vary_items.items())
    settings = {name: lookup(name, scenario, where).coerce(value, where)
                for name, (value, where) in set_items.items()}
    if design != "grid" and not axes:
        wanted = ("vary={NAME: (lo, hi)}" if from_python(flags.given_by)
                  else "--vary NAME=lo:hi")
        raise SpecError(f"a {design} design needs at least one {wanted}")

    base_params = resolved_params(scenario, settings, {a.name for a in axes})
    name = raw.get("name") or (flags.spec.stem if flags.spec is not None else scenario.name)
    spec = SweepSpec(name=_slug(str(name)), description=str(raw.get("description", "")),
                     scenario=canonical_ref, scenario_sha256=digest, design=design, axes=axes,
                     settings=settings, samples=samples, replicates=replicates, seed=seed,
                     steps=steps, crn=crn, keep_timeseries=keep, base_params=base_params,
                     code=code_fingerprint())
    if spec.run_count() > MAX_RUNS:
        raise SpecError(f"this sweep has {spec.run_count():,} runs, more than {MAX_RUNS:,} "
                        f"({RUNS_WHY}): use "
                        "fewer points, samples or replicates")
    if spec.design == "grid" and spec.run_count() == 0:
        raise SpecError("the grid has no points")
    return spec, _execution(flags, raw, where_file)


def resolved_params(scenario: Scenario, settings: dict[str, Any],
                    varied: set[str]) -> dict[str, Any]:
    """Every model parameter a sweep does not vary: defaults, scenario [params], `--set`.

    Values only: constraints between parameters are the model's to check at each point (a
    varied parameter may be what satisfies them).
    """
    params = resolve_values(scenario.params, {k: v for k, v in settings.items() if "." not in k})
    return {k: v for k, v in params.items() if k not in varied}


def refuse_hopeless(spec: SweepSpec, points: list[dict[str, Any]]) -> None:
    """Refuse a sweep whose runs can only fail on inconsistent parameters.

    Single values were checked when the spec was resolved; what remains are the constraints
    between parameters (shares that must sum below 1, holdings that must fit what is
    outstanding). They are checked at up to FEASIBILITY_SAMPLE points spread over the
    design: if none of them can run, none of the sweep can, and it is refused before a
    folder is made. A sweep where only some points fail starts, and records those failures.

    Raises:
        SpecError: Every checked point fails, with the first point's reason.

    """
    fixed = {**spec.base_params, **{k: v for k, v in spec.settings.items() if "." not in k}}
    stride = max(1, len(points) // FEASIBILITY_SAMPLE)
    first = None
    for point in points[::stride] or [{}]:
        try:
            params = ModelParams(**{**fixed, **{k: v for k, v in point.items() if "." not in k}})
            allocate(params, sovereign_specs(params))
            return
        except ParameterError as exc:
            first = first or str(exc)
    raise SpecError(f"every run of this sweep would fail: {first}")


def params_digest(params: dict[str, Any]) -> str:
    """A hash of resolved parameter values."""
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


def _execution(flags: Flags, raw: dict[str, Any], where: str) -> Execution:
    """Validate the execution options."""
    scheduler = _pick(flags.scheduler, raw, "scheduler", None)
    # a scheduler's address says which backend: only Dask has one
    backend = _pick(flags.backend, raw, "backend", "local" if scheduler is None else "dask")
    if backend not in BACKENDS:
        raise SpecError(f"backend must be local or dask, not {show(backend)}")
    if scheduler is not None and backend != "dask":
        raise SpecError("--scheduler needs --backend dask (a local pool has no scheduler)")
    if scheduler is not None and not isinstance(scheduler, str):
        raise SpecError(f"scheduler in {where} must be an address in quotes")
    workers_raw = _pick(flags.workers, raw, "workers", None)
    workers = (None if workers_raw is None
               else _integer(workers_raw, "workers", 1, MAX_WORKERS, "no machine has more cores"))
    out_raw = _pick(flags.out, raw, "out", None)
    out = None if out_raw is None else Path(out_raw)
    return Execution(workers=workers, backend=backend, scheduler=scheduler, out=out,
                     retry_failed=flags.retry_failed)


def axis_size(value: Any) -> int:
    """How many values a `--vary` value gives a grid, read without building them.

    `a:b:n` gives n (0 when n is not a whole number up to MAX_RUNS: `parse_axis` says what
    is wrong), a list or comma-separated text its length, a scalar 1.
    """
    if isinstance(value, str) and ":" in value:
        parts = value.split(":")
        text = parts[2].strip() if len(parts) == 3 else ""
        n = int(text) if text.isdigit() and len(text) <= 12 else 0
        return n if n <= MAX_RUNS else 0  # too many for one axis: `parse_axis` says so
    return len(_split_values(value))


def refuse_too_many_runs(design: str, values: Sequence[Any], samples: int | None,
                         replicates: int) -> None:
    """Refuse a sweep with more than MAX_RUNS runs from its axis sizes alone.

    Counted before any axis is built, so 100 axes of `lo:hi:1000000` are refused at once
    rather than after building (and holding) a hundred million values.

    Raises:
        SpecError: The runs would exceed MAX_RUNS.

    """
    runs = replicates
    if design == "grid":
        for value in values:
            runs *= max(axis_size(value), 1)
            if runs > MAX_RUNS:
                break
    elif samples is not None:
        runs *= samples
    if runs > MAX_RUNS:
        raise SpecError(f"this sweep has more than {MAX_RUNS:,} runs ({RUNS_WHY}): use fewer "
                        "points, samples or replicates")


def parse_axis(dim: Dimension, value: Any, design: str, where: str) -> Axis:
    """Turn one `--vary` value into an axis for the design.

    A string is read in command-line syntax: `0,50,100` (values), `a:b:n` (n evenly spaced
    grid points) or `a:b` (bounds for LHS and Sobol). A TOML list gives values directly.

    Raises:
        SpecError: Wrong syntax for the design, empty or reversed range, non-numeric value,
            duplicate value, or a value outside the parameter's range.

    """
    if isinstance(value, str) and ":" in value:
        parts = [p.strip() for p in value.split(":")]
        if len(parts) not in (2, 3) or not all(parts):
            raise SpecError(f"{dim.name}={value} in {where}: a range is a:b (bounds) or a:b:n "
                            "(n grid points)")
        if not dim.numeric:
            raise SpecError(f"{dim.name} takes {dim.kind.__name__} values and has no range: "
                            "list the values (a,b,...)")
        lo, hi = (_range_number(p, dim, value) for p in parts[:2])
        if not lo < hi:
            kind = "empty" if lo == hi else "reversed"
            raise SpecError(f"{dim.name}={value}: the range is {kind}; give a:b with a < b")
        if len(parts) == 3:
            return _grid_range(dim, lo, hi, parts[2], value, design, where)
        if design == "grid":
            raise SpecError(f"{dim.name}={value}: a grid needs values (a,b,...) or a:b:n "
                            "(n points); bounds a:b are for --design lhs or sobol")
        if dim.kind is int and not (float(lo).is_integer() and float(hi).is_integer()):
            raise SpecError(f"{dim.name}={value}: {dim.name} takes whole numbers; use whole "
                            "bounds")
        dim.check_range(lo, where)
        dim.check_range(hi, where)
        return Axis(name=dim.name, kind=dim.kind, bounds=(_clean(lo, dim), _clean(hi, dim)))
    if design == "sobol":
        raise SpecError(f"{dim.name} {_show(value)}: a sobol design samples between bounds; "
                        "give lo:hi")
    items = _split_values(value)
    if not items:
        raise SpecError(f"{dim.name} in {where} has no values: give a list like 0,50,100")
    values = tuple(dim.coerce(item, where) for item in items)
    seen: set[Any] = set()
    for v in values:
        if v in seen:
            raise SpecError(f"{dim.name} in {where} lists {show(v)} twice")
        seen.add(v)
    return Axis(name=dim.name, kind=dim.kind, values=values)


def _grid_range(dim: Dimension, lo: float, hi: float, count_text: str, value: str, design: str,
                where: str) -> Axis:
    """The n evenly spaced points of `a:b:n`."""
    if design != "grid":
        raise SpecError(f"{dim.name}={value}: a:b:n is a grid range; a {design} design takes "
                        "bounds a:b")
    try:
        n = count("n", count_text, 2, MAX_RUNS, RUNS_WHY, SpecError)
    except SpecError:
        raise SpecError(f"{dim.name}={value}: n in a:b:n must be a whole number from 2 to "
                        f"{MAX_RUNS:,} (for one value, {fixed_option(where)})") from None
    points = [float(f"{v:.12g}") for v in np.linspace(lo, hi, n)]
    if dim.kind is int and not all(p.is_integer() for p in points):
        raise SpecError(f"{dim.name}={value}: {dim.name} takes whole numbers but this range has "
                        f"steps of {(hi - lo) / (n - 1):g}")
    values = tuple(dim.coerce(p, where) for p in points)
    return Axis(name=dim.name, kind=dim.kind, values=values)


def _range_number(text: str, dim: Dimension, value: str) -> float:
    """A number in a range, or a one-line error."""
    return float(number(f"{dim.name}={value}: bound", text, error=SpecError))


def _split_values(value: Any) -> list[Any]:
    """Values of a list given as a TOML array, a comma-separated string or one scalar."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [value]


def _merge_named(raw: dict[str, Any], flags: Flags,
                 where_file: str) -> tuple[dict[str, tuple[Any, str]], dict[str, tuple[Any, str]]]:
    """Varied and fixed names: the file's, overridden by the flags.

    A flag replaces the file's entry of the same name whether it was varied or fixed there;
    a name varied and fixed in the same place is refused.
    """
    file_vary = {k: (v, where_file) for k, v in raw.get("vary", {}).items()}
    file_set = {k: (v, where_file) for k, v in raw.get("set", {}).items()}
    flag_vary = _pairs(flags.vary, "--vary")
    flag_set = _pairs(flags.set, "--set")
    for name, value in flags.vary_values.items():
        flag_vary[name] = (value, flags.given_by)
    for name, value in flags.set_values.items():
        flag_set[name] = (value, flags.given_by)
    for name in set(flag_vary) & set(flag_set):
        both = ("in vary= and as a keyword argument" if from_python(flags.given_by)
                else "to both --vary and --set")
        raise SpecError(f"{name} is given {both}: use one")
    for name in set(file_vary) & set(file_set):
        raise SpecError(f"{name} is in both [vary] and [set] of {where_file}: keep one")
    vary = {k: v for k, v in file_vary.items() if k not in flag_set}
    vary.update(flag_vary)
    fixed = {k: v for k, v in file_set.items() if k not in flag_vary}
    fixed.update(flag_set)
    return vary, fixed


def _pairs(pairs: Sequence[str], option: str) -> dict[str, tuple[str, str]]:
    """Parse repeated NAME=VALUE flags (the project's one parser), noting where each came from."""
    return {name: (value, option) for name, value in parse_pairs(pairs, option, SpecError).items()}


def _pick(flag: Any, raw: dict[str, Any], key: str, default: Any) -> Any:
    """The flag if given, else the file's value, else the default."""
    if flag is not None:
        return flag
    return raw.get(key, default)


def _samples(flag: Any, from_file: Any, design: str, where: str) -> int | None:
    """The sample count the design needs (None for grid)."""
    if design == "grid":
        if flag is not None:
            raise SpecError("--samples applies to lhs and sobol designs; a grid's size comes "
                            "from its values")
        return None
    value = flag if flag is not None else from_file
    samples = (DEFAULT_SAMPLES[design] if value is None
               else _integer(value, "samples", 1, MAX_RUNS, RUNS_WHY))
    if design == "sobol" and samples & (samples - 1):
        lower = 1 << (samples.bit_length() - 1)
        raise SpecError(f"samples={samples}: a sobol design needs a power of two (Saltelli "
                        f"sampling); use {lower} or {lower * 2}")
    return samples


def _integer(value: Any, name: str, minimum: int, ceiling: int, why: str) -> int:
    """A whole number from `minimum` to `ceiling` (refused with `why` above it)."""
    return count(name, value, minimum, ceiling, why, SpecError)


def _boolean(value: Any, name: str) -> bool:
    """True or false."""
    if not isinstance(value, bool):
        raise SpecError(f"{name} must be true or false, not {show(value)}")
    return value


def _clean(number: float, dim: Dimension) -> float:
    """A bound as the dimension's type (ints stay ints in the resolved spec)."""
    return int(number) if dim.kind is int else float(number)


def from_python(where: str) -> bool:
    """Whether settings came from the Python API (`yieldsim.sweep()`), not the command line."""
    return where.endswith("()")


def fixed_option(where: str) -> str:
    """How a user fixes a value where they gave this one: `--set` or a keyword argument."""
    return "pass it as a keyword argument" if from_python(where) else "use --set"


def _slug(text: str) -> str:
    """A name safe for a folder (never a path: see `yieldsim.rundir.slug`)."""
    return slug(text, "sweep")


def _show(value: Any) -> str:
    """A value as the user would have typed it (escaped and cut short: `values.show`)."""
    return show(",".join(map(str, value)) if isinstance(value, list) else str(value))


def load_resolved(path: Path) -> SweepSpec:
    """A sweep folder's resolved spec, read as written (the scenario is not re-read).

    The report uses this so that a results folder stays readable after the scenario file
    has moved or changed.

    Raises:
        SpecError: The file is missing or not a resolved spec.

    """
    data = read_spec_file(path)
    try:
        axes = []
        for name, value in data.get("vary", {}).items():
            if isinstance(value, str):
                lo, hi = (float(p) for p in value.split(":"))
                axes.append(Axis(name=name, kind=float, bounds=(lo, hi)))
            else:
                kind = type(value[0]) if value else float
                axes.append(Axis(name=name, kind=kind, values=tuple(value)))
        return SweepSpec(name=str(data["name"]), description=str(data.get("description", "")),
                         scenario=str(data["scenario"]),
                         scenario_sha256=str(data["scenario_sha256"]),
                         design=str(data["design"]), axes=tuple(axes),
                         settings=dict(data.get("set", {})), samples=data.get("samples"),
                         replicates=int(data["replicates"]), seed=int(data["seed"]),
                         steps=int(data["steps"]), crn=bool(data["crn"]),
                         keep_timeseries=bool(data["keep_timeseries"]),
                         base_params=dict(data.get("resolved_params", {})),
                         code=dict(data.get("model_code", {})))
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise SpecError(f"{path} is not a resolved sweep spec ({exc!r})") from None


def scenario_for(spec: SweepSpec) -> Scenario:
    """Load the scenario a resolved spec names, checking it has not changed since.

    Raises:
        SpecError: The file's content differs from what the sweep was resolved against.

    """
    path = resolve_path(spec.scenario)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != spec.scenario_sha256:
        raise SpecError(f"scenario {spec.scenario} changed since the sweep was specified")
    return load_scenario(spec.scenario)
