"""One browser tab's simulation: the model, its plotted history, and what the controls do.

Nothing here imports Solara, so the behaviour behind every button (step, reset, each
injected event) is plain Python that tests and the benchmark drive directly. The page's
play loop runs in a worker thread while button clicks arrive on the kernel's thread; one
re-entrant lock per session keeps a step, a reset and an injection from interleaving.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import threading
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, Literal

import numpy as np

from model.countries import ALL, known_countries
from model.events import KINDS, MAX_RATE, Event, EventError, make_event
from model.scenario import builtin_names, load_scenario, resolve
from model.values import coerce
from model.yieldmodel import YieldModel
from yieldsim.limits import MAX_SEED
from yieldsim.viz.history import DEFAULT_CAP, History

DEFAULT_SCENARIO = "liberation-day-2025"
DEFAULT_SEED = 7
ENV_SCENARIO = "YIELDSIM_VIZ_SCENARIO"
ENV_SEED = "YIELDSIM_VIZ_SEED"
# Scenarios that replay the real 2025 timeline: only there is the FRED path a fair comparison.
REAL_DATA_SCENARIOS = frozenset({"liberation-day-2025"})
FRED_FILE = "fred_yields_2025_mar_apr.csv"
FRED_SERIES = {"2y": "DGS2", "10y": "DGS10", "30y": "DGS30"}


@dataclass(frozen=True)
class Knob:
    """A parameter the sidebar exposes.

    Attributes:
        name: Parameter name (`model.params.ModelParams`).
        label: Text beside the control.
        kind: Control type.
        lo: Smallest value offered.
        hi: Largest value offered.
        step: Slider step.

    """

    name: str
    label: str
    kind: Literal["int", "float", "bool", "choice"]
    lo: float = 0.0
    hi: float = 1.0
    step: float = 1.0


KNOBS: tuple[Knob, ...] = (
    Knob("n_funds", "fund agents (n_funds)", "int", 30, 20_000, 10),
    Knob("dealer_capacity_bn", "dealer capacity, $bn", "float", 25, 1000, 25),
    Knob("fed_backstop", "Fed backstop under stress", "bool"),
    Knob("japan_resolve", "Japan's resolve", "float", 0, 1, 0.05),
    Knob("china_resolve", "China's resolve", "float", 0, 1, 0.05),
    Knob("lf_leverage", "leveraged funds' leverage, x", "float", 2, 60, 1),
    Knob("admin_tolerance", "administration's tolerance (pain)", "float", 0, 200, 0.5),
    Knob("policy", "policy (scripted or endogenous)", "choice"),
)


def scenario_defaults(scenario: str) -> dict[str, Any]:
    """The knobs' values a scenario implies (defaults with its [params] applied)."""
    _, params = resolve(load_scenario(scenario), {})
    return {knob.name: getattr(params, knob.name) for knob in KNOBS}


@dataclass(frozen=True)
class RunConfig:
    """What Reset builds: a scenario, a seed and the knob values.

    Attributes:
        scenario: Built-in name or path to a TOML file.
        seed: Random seed (as typed in the page until a Reset checks it).
        knobs: Knob values; only those that differ from the scenario's own values are passed
            to the model, so a scenario's [params] are not silently overridden by defaults.

    """

    scenario: str = DEFAULT_SCENARIO
    seed: int = DEFAULT_SEED
    knobs: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> RunConfig:
        """The configuration `yieldsim viz` passed to the server process."""
        scenario = os.environ.get(ENV_SCENARIO, DEFAULT_SCENARIO)
        seed = SEED.parse(os.environ.get(ENV_SEED, DEFAULT_SEED))
        return cls(scenario=scenario, seed=seed, knobs=scenario_defaults(scenario))

    def with_scenario(self, scenario: str) -> RunConfig:
        """A copy for another scenario.

        Knobs the user moved keep their values; the others take the new scenario's values,
        so switching scenario never smuggles the old one's [params] into the new one.
        """
        old = scenario_defaults(self.scenario)
        moved = {name: value for name, value in self.knobs.items() if value != old.get(name)}
        return replace(self, scenario=scenario, knobs={**scenario_defaults(scenario), **moved})

    def settings(self) -> dict[str, Any]:
        """Keyword overrides for the model: knobs moved away from the scenario's values."""
        defaults = scenario_defaults(self.scenario)
        return {name: value for name, value in self.knobs.items()
                if name in defaults and value != defaults[name]}

    def build(self) -> YieldModel:
        """A fresh model at step 0 (the seed may still be the text typed into the page)."""
        return YieldModel(scenario=self.scenario, rng=SEED.parse(self.seed), **self.settings())


def scenario_choices(current: str) -> list[str]:
    """Scenarios the selector offers: the built-ins, and the file given on the command line."""
    names = builtin_names()
    return names if current in names else [*names, current]


def country_choices() -> list[str]:
    """Countries a tariff or a deal can name, 'all' first."""
    return [ALL, *sorted(known_countries() - {ALL})]


def real_yields(model: YieldModel) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """FRED closes by bucket, as (steps, yields) on the model's trading calendar.

    Only for scenarios that replay the real 2025 timeline; empty otherwise. Dates the model's
    calendar does not trade (or FRED left empty) are skipped.
    """
    if model.timeline.name not in REAL_DATA_SCENARIOS:
        return {}
    text = resources.files("model.data").joinpath(FRED_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    start = model.calendar.date(0).date()
    for bucket, series in FRED_SERIES.items():
        steps, values = [], []
        for row in rows:
            day = dt.date.fromisoformat(row["date"])
            if not row[series] or day < start:
                continue
            step = model.calendar.step_of(day)
            if model.calendar.date(step).date() == day:
                steps.append(step)
                values.append(float(row[series]))
        out[bucket] = (np.array(steps, dtype=float), np.array(values))
    return out


# --- the page's typed fields ---------------------------------------------------------------------

@dataclass(frozen=True)
class FieldCheck:
    """A number typed into the page, checked by the model's one coercer before it is used.

    Attributes:
        label: The field's label on the page (named in messages).
        kind: int or float.
        lo: Smallest admissible value.
        hi: Largest admissible value.

    """

    label: str
    kind: type
    lo: float
    hi: float

    def parse(self, text: Any) -> Any:
        """The field's value, or EventError naming the field, the text and the range."""
        return coerce(self.label, self.kind, text, self.lo, self.hi, error=EventError)

    def problem(self, text: Any) -> str | None:
        """Why the text cannot be used, or None when it can (shown under the field)."""
        try:
            self.parse(text)
        except EventError as exc:
            return str(exc)
        return None


def _field(label: str, kind: str, name: str, scale: float = 1.0) -> FieldCheck:
    """A page field with the range of an event field (scaled, e.g. rates in percent)."""
    spec = KINDS[kind][name]
    assert spec.lo is not None and spec.hi is not None
    return FieldCheck(label, spec.kind, spec.lo * scale, spec.hi * scale)


TARIFF_RATE_PCT = FieldCheck("rate %", float, 0.0, MAX_RATE * 100)
SALE_AMOUNT = _field("amount $bn", "sale", "amount_bn")
SALE_DAYS = _field("days", "sale", "days")
FED_AMOUNT = _field("amount $bn", "fed", "amount_bn")
FED_DAYS = _field("days", "fed", "days")
DEFICIT = _field("$bn a year", "fiscal", "deficit_bn_per_year")
DEFICIT_YEARS = _field("years", "fiscal", "years")
SEED = FieldCheck("Seed", int, 0, MAX_SEED)


# --- events the buttons inject ------------------------------------------------------------------

def tariff_event(country: str, rate_pct: Any) -> Event:
    """'Impose tariff': the US sets `rate_pct` percent on a country (or on all)."""
    return make_event("tariff", {"country": country, "rate": TARIFF_RATE_PCT.parse(rate_pct) / 100})


def pause_event() -> Event:
    """'Pause tariffs': country-specific rates suspended; all pay the all-country rate."""
    return make_event("pause", {})


def deal_event(country: str, rate_pct: Any) -> Event:
    """'Strike deal': a negotiated rate with a country, which calms markets."""
    return make_event("deal", {"country": country, "rate": TARIFF_RATE_PCT.parse(rate_pct) / 100})


def japan_sale_event(amount_bn: Any, days: Any) -> Event:
    """'Japan sells': Japan sells `amount_bn` evenly over `days` trading days."""
    return make_event("sale", {"holder": "japan", "amount_bn": SALE_AMOUNT.parse(amount_bn),
                               "days": SALE_DAYS.parse(days)})


def japan_threat_event() -> Event:
    """'Japan threatens': Japan threatens to sell Treasuries (it sells nothing yet)."""
    return make_event("threat", {"holder": "japan"})


def fed_backstop_event(amount_bn: Any, days: Any) -> Event:
    """'Fed backstop': the backstop switched on, with an announced purchase programme."""
    amount_bn, days = FED_AMOUNT.parse(amount_bn), FED_DAYS.parse(days)
    label = (f"Fed backstop: buys ${amount_bn:.0f}bn over {days} days" if amount_bn > 0
             else "Fed backstop on")
    return make_event("fed", {"action": "backstop", "enabled": True, "amount_bn": amount_bn,
                              "days": days}, label=label)


def fiscal_event(bn_per_year: Any, years: Any) -> Event:
    """'Change deficit': an announced, believed change in the deficit (priced at once)."""
    bn_per_year, years = DEFICIT.parse(bn_per_year), DEFICIT_YEARS.parse(years)
    sign = "+" if bn_per_year >= 0 else "-"
    return make_event("fiscal", {"deficit_bn_per_year": bn_per_year, "years": years},
                      label=f"Deficit {sign}${abs(bn_per_year):,.0f}bn a year for {years:g} years")


class LiveSession:
    """A running model behind one page, with everything the page needs to draw it.

    Attributes:
        config: What the last Reset built.
        model: The model.
        history: Its plotted series.
        fred: Real yields to overlay (empty unless the scenario replays 2025).
        pending: Labels of injected events that fire at the next step.
        lock: Serialises step, reset and inject across the play thread and clicks.

    """

    def __init__(self, config: RunConfig, cap: int = DEFAULT_CAP) -> None:
        """Build the model of `config` at step 0."""
        self.lock = threading.RLock()
        self.cap = cap
        self.config = config
        self.model = config.build()
        self.history = History(self.model, cap=cap)
        self.fred = real_yields(self.model)
        self.pending: list[str] = []
        self.failed = ""  # why the last step failed; the run stays stopped until a reset

    def at_end(self) -> bool:
        """Whether the run has reached its scenario's last step (Play stops there)."""
        return self.model.steps >= self.model.timeline.steps

    def reset(self, config: RunConfig | None = None) -> None:
        """Start again from step 0, with a new configuration if given.

        The new model is built before the old one is replaced, so a configuration the model
        refuses leaves the running session untouched.
        """
        config = config or self.config
        config = replace(config, seed=SEED.parse(config.seed))
        model = config.build()
        with self.lock:
            self.config = config
            self.model = model
            self.history = History(model, cap=self.cap)
            self.fred = real_yields(model)
            self.pending = []
            self.failed = ""

    def step(self, n: int = 1) -> None:
        """Advance `n` trading days and bring the history up to date.

        A step that raises leaves the model part-way through a day: the session notes why
        (`failed`), keeps the history at the last whole day, and refuses further steps and
        injections until a reset.

        Raises:
            SessionStoppedError: A step failed before (press Reset).
            Exception: Whatever the model raised in a step that failed now.

        """
        with self.lock:
            self._check_running()
            try:
                for _ in range(n):
                    self.model.step()
            except Exception as exc:
                self.failed = (f"the step after {self.history.dates[-1]} failed "
                               f"({type(exc).__name__}: {exc})")
                raise
            self.history.sync()
            self.pending = []

    def inject(self, event: Event) -> None:
        """Queue an event: it fires before the next step, then shows in the event log.

        Raises:
            SessionStoppedError: A step failed (press Reset).

        """
        with self.lock:
            self._check_running()
            self.model.inject(event)
            self.pending.append(event.label)

    def _check_running(self) -> None:
        if self.failed:
            raise SessionStoppedError(f"{self.failed}: press Reset to start again")


class SessionStoppedError(RuntimeError):
    """A step failed, and the session takes no more steps or injections until a reset."""
