"""Scenarios: human-editable TOML timelines of events, checked before anything runs.

A scenario file has a name, a start date, a length in steps, optional parameter overrides
and a list of events. Built-in scenarios are package data in `model/scenarios/` (read through
`importlib.resources`, so an installed wheel has them too); users may pass a path to their own.
Every error names the file, the event and the fix.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import stat
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from model.daycount import TRADING_DAYS_PER_YEAR
from model.events import Event, EventError, make_event
from model.instruments import BUCKETS
from model.params import ModelParams, ParameterError
from model.tomlfile import read_toml
from model.values import coerce, show

# The built-in scenarios ship inside the package. pip installs packages as plain folders, so
# the resource is a real directory; a zipped install (no file paths) is not supported.
SCENARIO_DIR = Path(str(resources.files("model") / "scenarios"))
# What `yieldsim run`, `yieldsim viz` and `yieldsim.run()` run when no scenario is named.
DEFAULT_SCENARIO = "liberation-day-2025"
TOP_KEYS = {"name", "description", "start", "steps", "policy", "params", "events", "history"}
HISTORY_ROLES = ("fit", "check")
WINDOW_KEYS = {"from", "to", "bucket", "label", "published", "source"}
EVENT_KEYS = {"kind", "date", "step", "id", "label"}
# The horizon the model is built for: tariff episodes of months to a few years. Its trend
# flows are 2024-25 figures (China's diversification, issuance, runoff); run on, China's
# priced-in sales exceed its holdings within 8 years and a 10-year run ends with a 10y above
# 8% (measured: `yieldsim run --steps 2520`). Five years of 252 trading days keeps every run
# in the range where its parameters mean something.
MAX_YEARS = 5
MAX_STEPS = MAX_YEARS * TRADING_DAYS_PER_YEAR
# pandas timestamps end in 2262 and the bond-market holiday rules are modern: a start outside
# these years is a typo.
FIRST_START = dt.date(1900, 1, 1)
LAST_START = dt.date(2200, 12, 31)
MAX_EVENTS = 10_000  # a timeline of trading days has at most MAX_STEPS dates; this is generous


# A history window on the dollar rather than a yield (issue 22): USD/JPY, changes in percent.
FX_SERIES = "usdjpy"
# A history window on the volatility index: the model's uncertainty, fitted to 2025's VIX,
# met out of sample (changes in index points; the model's column is `equity_vol`).
VOL_SERIES = "vix"
# The series a window may name besides a yield bucket, and the unit of its change.
SERIES_UNITS = {FX_SERIES: "percent", VOL_SERIES: "points"}
# Model columns a window may compare with a figure published for the episode (a study, a
# regulator's estimate) rather than a series of the data file: the window states the real
# change (`published`) and where it comes from (`source`). The unit of the change.
SWAP_BOOK_SERIES = "lf_swap_notional"
PUBLISHED_UNITS = {SWAP_BOOK_SERIES: "$bn"}


def window_unit(bucket: str) -> str:
    """The unit of a window's change: bp for a yield, else its series' unit."""
    return SERIES_UNITS.get(bucket) or PUBLISHED_UNITS.get(bucket) or "bp"


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names the file, the event and the fix."""


@dataclass(frozen=True)
class HistoryWindow:
    """A stretch of an episode whose real move the simulation is compared with.

    Attributes:
        start: First date (the change is measured from its close).
        end: Last date (to its close).
        bucket: Maturity bucket ("2y", "5y", "10y" or "30y"), "usdjpy" (the dollar in
            yen: its change is a percent, not bp), "vix" (the volatility index: its change
            is in index points) or a model column with a published figure
            (`PUBLISHED_UNITS`: "lf_swap_notional", $bn).
        label: What happened in the window, for tables and pictures.
        published: The real change, in the window's unit, for a window the data file does
            not answer (a book's size, or dates past the data); None for the data's windows.
        source: Where the published figure comes from (empty for data windows).

    """

    start: dt.date
    end: dt.date
    bucket: str
    label: str = ""
    published: float | None = None
    source: str = ""


@dataclass(frozen=True)
class HistorySpec:
    """A scenario's `[history]` table: it is a real episode, compared with the data.

    Attributes:
        role: "fit" (the calibration may use it) or "check" (out of sample: never fitted).
        end: Last date compared with the data (the data or the run may go on).
        windows: The named windows whose changes are reported.

    """

    role: str
    end: dt.date
    windows: tuple[HistoryWindow, ...]


@dataclass(frozen=True)
class Scenario:
    """A validated timeline.

    Attributes:
        name: Scenario name.
        description: One paragraph for users.
        start: Start date (step 0).
        steps: Default number of steps to run.
        events: Events in file order.
        params: Parameter overrides the scenario carries.
        source: File it came from (for messages and manifests).

    """

    name: str
    description: str
    start: dt.date
    steps: int
    events: tuple[Event, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    source: str = "<memory>"
    history: HistorySpec | None = None

    def event_by_id(self, event_id: str) -> Event:
        """The event with this id."""
        for event in self.events:
            if event.id == event_id:
                return event
        ids = [e.id for e in self.events if e.id]
        raise ScenarioError(f"scenario '{self.name}' has no event with id '{event_id}'"
                            + (f": ids are {', '.join(ids)}" if ids else ": it names no events"))

    def with_event_overrides(self, overrides: dict[str, Any]) -> Scenario:
        """A copy with `<event id>.<field>` values replaced."""
        current = self
        for dotted, value in overrides.items():
            event_id, _, name = str(dotted).partition(".")
            target = current.event_by_id(event_id)
            try:
                changed = target.with_field(name, value)
            except EventError as exc:
                # the setting's own name, as the user typed it: `--set` on the command line, a
                # keyword argument in Python
                raise ScenarioError(f"setting {dotted}: {exc}") from None
            current = replace(current, events=tuple(changed if e is target else e
                                                    for e in current.events))
        return current


def builtin_names() -> list[str]:
    """Names of the scenarios shipped with the package (`model/scenarios/*.toml`)."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def resolve_path(name_or_path: str) -> Path:
    """Find a scenario by built-in name or file path."""
    candidate = Path(name_or_path)
    try:
        exists = candidate.exists()
        builtin = SCENARIO_DIR / f"{name_or_path}.toml"
        is_builtin = "/" not in name_or_path and builtin.is_file()
    except (OSError, ValueError):
        raise ScenarioError(f"scenario {show(name_or_path)} is not a usable name or path: give "
                            "a built-in name or a path to a .toml file") from None
    if candidate.suffix == ".toml" or exists:
        if not exists:
            raise ScenarioError(f"scenario file {name_or_path} does not exist: give a path to a "
                                ".toml file or one of: " + ", ".join(builtin_names()))
        return candidate
    if not is_builtin:
        raise ScenarioError(f"unknown scenario {show(name_or_path)}: use one of "
                            f"{', '.join(builtin_names())} or a path to a .toml file")
    return builtin


def load_scenario(name_or_path: str) -> Scenario:
    """Load and validate a scenario.

    Args:
        name_or_path: A built-in name ('japan-sells') or a TOML file path.

    Returns:
        The scenario.

    Raises:
        ScenarioError: Unreadable or invalid file.

    """
    path = resolve_path(name_or_path)
    try:
        info = os.stat(path)
    except OSError:
        info = None  # read_toml says what is wrong with it
    if info is None or not stat.S_ISREG(info.st_mode):
        return _read_scenario(path)
    return _own_copy(_read_scenario_once(path, info.st_dev, info.st_ino, info.st_mtime_ns,
                                         info.st_size))


def _read_scenario(path: Path) -> Scenario:
    """Read, parse and validate a scenario file."""
    data = read_toml(path, "scenario file", ScenarioError)
    return parse_scenario(data, source=str(path))


@functools.lru_cache(maxsize=64)
def _read_scenario_once(path: Path, device: int, inode: int, mtime_ns: int,
                        size: int) -> Scenario:
    """`_read_scenario`, once per version of a file in a process.

    Sweeps, batch runs and the live view's resets build model after model from the same
    file, and reading it is a TOML parse and a validation of every event (liberation-day-
    2025: 4.2 ms, against 0.45 ms for a remembered copy; timeit). A version is the file
    (device, inode) with its modification time and size: a file changed on disk is read
    again. A file that fails to load is not remembered.
    """
    return _read_scenario(path)


def _own_copy(scenario: Scenario) -> Scenario:
    """The remembered scenario with its own dictionaries, so a caller's edits stay its own."""
    return replace(scenario, params=dict(scenario.params),
                   events=tuple(replace(e, fields=dict(e.fields)) for e in scenario.events))


def parse_scenario(data: dict[str, Any], source: str = "<memory>") -> Scenario:
    """Validate a scenario given as a dictionary (the TOML's content)."""
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ScenarioError(f"{source}: unknown key '{sorted(unknown)[0]}': a scenario has "
                            f"{', '.join(sorted(TOP_KEYS))}")
    start = data.get("start")
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise ScenarioError(f"{source}: 'start' must be a date like 2025-03-03 (no quotes)")
    if not FIRST_START <= start <= LAST_START:
        raise ScenarioError(f"{source}: start {start} is outside the years the calendar covers: "
                            f"use a date from {FIRST_START} to {LAST_START}")
    steps = data.get("steps", 100)
    if not isinstance(steps, int) or isinstance(steps, bool) or not 1 <= steps <= MAX_STEPS:
        raise ScenarioError(f"{source}: 'steps' must be a whole number from 1 to {MAX_STEPS} "
                            f"(the model is built for horizons up to {MAX_YEARS} years)")
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise ScenarioError(f"{source}: [params] must be a table of name = value")
    if "policy" in data:
        # `policy = "endogenous"` at the top level is the scenario's default for the `policy`
        # parameter; one place (the parameter record) resolves and checks it.
        if "policy" in params:
            raise ScenarioError(f"{source}: give policy once: at the top level or in [params]")
        params = {**params, "policy": data["policy"]}
    try:
        if params:  # the defaults alone are valid (they are checked when first built)
            ModelParams.resolved(params)
    except ParameterError as exc:
        raise ScenarioError(f"{source}: [params]: {exc}") from None
    raw_events = data.get("events", [])
    if not isinstance(raw_events, list):
        raise ScenarioError(f"{source}: events must be an array of tables ([[events]])")
    if len(raw_events) > MAX_EVENTS:
        raise ScenarioError(f"{source}: {len(raw_events):,} events: a scenario has at most "
                            f"{MAX_EVENTS:,}")
    events = tuple(_parse_event(raw, i, start, source) for i, raw in enumerate(raw_events, 1))
    ids = [e.id for e in events if e.id]
    if len(ids) != len(set(ids)):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ScenarioError(f"{source}: event id '{dup}' is used twice: ids must be unique")
    try:
        name = coerce("name", str, data.get("name", Path(source).stem), error=ScenarioError)
        description = coerce("description", str, data.get("description", ""),
                             error=ScenarioError)
    except ScenarioError as exc:
        raise ScenarioError(f"{source}: {exc}") from None
    history = None if "history" not in data else _parse_history(data["history"], start, source)
    return Scenario(name=name, description=description, start=start, steps=steps,
                    events=events, params=params, source=source, history=history)


def _published(window: dict[str, Any], bucket: str, here: str) -> tuple[float | None, str]:
    """A window's published figure and its source: both or neither.

    A book's size (`PUBLISHED_UNITS`) is in no data series, so its window always states the
    real change and where it comes from. A yield, USD/JPY or VIX window may too, for dates the
    data file does not reach (a news report's move); `check_window` refuses one the data
    answer.
    """
    if bucket not in PUBLISHED_UNITS and not {"published", "source"} & set(window):
        return None, ""
    unit = window_unit(bucket)
    value = window.get("published")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        got = "nothing" if value is None else show(value)
        raise ScenarioError(f"{here}: a published window on {bucket} needs published = <the "
                            f"real change, {unit}> (a number, got {got})")
    source = window.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ScenarioError(f"{here}: a published window on {bucket} needs source = \"<where "
                            "the figure comes from>\"")
    return float(value), source.strip()


def _parse_history(raw: Any, start: dt.date, source: str) -> HistorySpec:
    """Validate a `[history]` table: role, end date and `[[history.windows]]`."""
    where = f"{source}: [history]"
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where} must be a table with role, end and [[history.windows]]")
    unknown = set(raw) - {"role", "end", "windows"}
    if unknown:
        raise ScenarioError(f"{where}: unknown key {show(sorted(unknown)[0])}: use role, end "
                            "and windows")
    role = raw.get("role")
    if role not in HISTORY_ROLES:
        raise ScenarioError(f"{where}: role must be \"fit\" or \"check\" (got {show(role)})")
    end = raw.get("end")
    if not isinstance(end, dt.date) or isinstance(end, dt.datetime) or end <= start:
        raise ScenarioError(f"{where}: end must be a date after the start {start}, like "
                            "2013-09-30 (no quotes)")
    windows = raw.get("windows", [])
    if not isinstance(windows, list) or not windows:
        raise ScenarioError(f"{where}: give at least one [[history.windows]] table with from, "
                            "to and bucket")
    parsed = []
    for i, window in enumerate(windows, 1):
        here = f"{where} window {i}"
        if not isinstance(window, dict) or set(window) - WINDOW_KEYS:
            raise ScenarioError(f"{here}: a window is a table of {', '.join(sorted(WINDOW_KEYS))}")
        first, last = window.get("from"), window.get("to")
        if not all(isinstance(d, dt.date) and not isinstance(d, dt.datetime)
                   for d in (first, last)) or not start <= first < last <= end:
            raise ScenarioError(f"{here}: from and to must be dates with {start} <= from < to "
                                f"<= {end}")
        bucket = window.get("bucket", "10y")
        known = (*BUCKETS, *SERIES_UNITS, *PUBLISHED_UNITS)
        if bucket not in known:
            raise ScenarioError(f"{here}: bucket {show(bucket)} is unknown: use one of "
                                f"{', '.join(known)}")
        label = coerce("label", str, window.get("label", ""), error=ScenarioError)
        published, source = _published(window, bucket, here)
        parsed.append(HistoryWindow(first, last, bucket, label, published, source))
    return HistorySpec(role=role, end=end, windows=tuple(parsed))


def _parse_event(raw: Any, index: int, start: dt.date, source: str) -> Event:
    """Validate one [[events]] table."""
    if not isinstance(raw, dict):
        raise ScenarioError(f"{source}: event {index} is not a table")
    where = f"{source}: event {index}" + (f" ({show(raw['id'])})" if "id" in raw else "")
    kind = raw.get("kind")
    if not isinstance(kind, str):
        raise ScenarioError(f"{where}: needs kind = \"tariff\" (or another kind)")
    date, step = raw.get("date"), raw.get("step")
    if (date is None) == (step is None):
        raise ScenarioError(f"{where}: give exactly one of date = YYYY-MM-DD or step = N")
    if date is not None and (not isinstance(date, dt.date) or isinstance(date, dt.datetime)):
        raise ScenarioError(f"{where}: date must be a date like 2025-04-02 (no quotes)")
    if date is not None and date < start:
        raise ScenarioError(f"{where}: date {date} is before the scenario start {start}")
    if date is not None and date > last_event_date(start):
        raise ScenarioError(f"{where}: date {date} is more than {MAX_YEARS} years after the start "
                            f"{start}, beyond any run of the model")
    if step is not None and (not isinstance(step, int) or isinstance(step, bool)
                             or not 0 <= step <= MAX_STEPS):
        raise ScenarioError(f"{where}: step must be a whole number from 0 to {MAX_STEPS}")
    values = {k: v for k, v in raw.items() if k not in EVENT_KEYS}
    try:
        ident = None if raw.get("id") is None else coerce("id", str, raw["id"], error=EventError)
        label = None if raw.get("label") is None else coerce("label", str, raw["label"],
                                                             error=EventError)
        return make_event(kind, values, date=date, step=step, id=ident, label=label)
    except EventError as exc:
        raise ScenarioError(f"{where}: {exc}") from None


def last_event_date(start: dt.date) -> dt.date:
    """The latest date an event may carry: the end of the longest run the model allows."""
    return start + dt.timedelta(days=366 * MAX_YEARS + 31)


def resolve(scenario: Scenario, settings: dict[str, Any],
            base: ModelParams | None = None) -> tuple[Scenario, ModelParams]:
    """The one place a run's inputs are resolved: defaults, scenario [params], then settings.

    Args:
        scenario: The scenario as loaded.
        settings: A user's overrides: parameter names, and `<event id>.<field>` for events.
        base: Parameters to start from instead of the defaults.

    Returns:
        The timeline with its event fields overridden, and the full parameter set.

    Raises:
        ScenarioError: An event override names no event or field, or a bad value.
        ParameterError: An unknown parameter, a bad value or inconsistent parameters.

    """
    events = {k: v for k, v in settings.items() if "." in str(k)}
    params = {k: v for k, v in settings.items() if "." not in str(k)}
    timeline = scenario.with_event_overrides(events)
    return timeline, ModelParams.resolved(timeline.params, params, base=base)
