"""Tariff events and other news: typed, validated, and applied through channels.

An event never writes a yield. It changes the state that agents and the slow yield layers
read: the tariff schedule (and so expected inflation, growth and uncertainty), a sovereign's
orders, the Fed's operations, or macro expectations. Each kind declares its fields with
types and ranges, so a scenario file is checked before anything runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from model.countries import ALL, country_key, known_countries
from model.values import coerce, show

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel

MAX_RATE = 5.0  # 500%: anything above is a typo, not a policy
DEAL_CALM = 0.3  # uncertainty a deal removes by default (assumption, as for scripted deals)
# Uncertainty a pause of country rates removes by default: the VIX fell 36% on 9 April 2025
# (52.3 to 33.6, FRED VIXCLS), and 36% of the model's uncertainty that day is ~0.65.
PAUSE_CALM = 0.65
MAX_LIST = 300  # more names than there are countries is not a list of countries


class EventError(ValueError):
    """An event that cannot be built as given; the message names the fix."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of an event kind.

    Attributes:
        kind: Python type of the value (str, float, int, bool or list).
        required: Whether the field must be given.
        default: Value used when it is not given.
        lo: Smallest admissible number.
        hi: Largest admissible number.
        doc: Meaning, shown by `yieldsim scenarios show`.

    """

    kind: type
    required: bool = False
    default: Any = None
    lo: float | None = None
    hi: float | None = None
    doc: str = ""


COUNTRY = FieldSpec(str, required=True, doc="country key or 'all'")
RATE = FieldSpec(float, required=True, lo=0.0, hi=MAX_RATE, doc="rate as a fraction (0.25 = 25%)")

KINDS: dict[str, dict[str, FieldSpec]] = {
    "tariff": {"country": COUNTRY, "rate": RATE},
    "pause": {"exempt": FieldSpec(list, default=[], doc="countries whose rates stay"),
              "calm": FieldSpec(float, default=PAUSE_CALM, lo=0.0, hi=20.0,
                                doc="uncertainty removed by the relief (as a deal's calm)")},
    "deal": {"country": COUNTRY, "rate": RATE,
             "calm": FieldSpec(float, default=DEAL_CALM, lo=0.0, hi=20.0,
                               doc="uncertainty removed by the deal")},
    "retaliation": {"country": COUNTRY, "rate": RATE},
    "statement": {"country": FieldSpec(str, default=ALL, doc="who speaks"),
                  "uncertainty": FieldSpec(float, default=None, lo=0.0, hi=20.0,
                                           doc="uncertainty added (default: threat_uncertainty)")},
    "sale": {"holder": FieldSpec(str, required=True, doc="sovereign that sells"),
             "amount_bn": FieldSpec(float, required=True, lo=0.0, hi=20000.0, doc="face, $bn"),
             "days": FieldSpec(int, required=True, lo=1, hi=2000, doc="trading days")},
    "threat": {"holder": FieldSpec(str, required=True, doc="sovereign that threatens to sell "
                                   "its Treasuries (it sells nothing yet)")},
    "fed": {"action": FieldSpec(str, required=True, doc="rate, backstop, sell or runoff"),
            "change_bp": FieldSpec(float, default=0.0, lo=-1000.0, hi=1000.0,
                                   doc="policy rate change (action=rate)"),
            "enabled": FieldSpec(bool, default=True, doc="backstop on/off (action=backstop)"),
            "amount_bn": FieldSpec(float, default=0.0, lo=0.0, hi=20000.0,
                                   doc="announced purchases (action=backstop) or sales "
                                   "(action=sell), $bn"),
            "days": FieldSpec(int, default=10, lo=1, hi=2000,
                              doc="operations (trading days) to spread them over"),
            "bn_per_month": FieldSpec(float, default=5.0, lo=0.0, hi=1000.0,
                                      doc="runoff cap (action=runoff)")},
    "fiscal": {"deficit_bn_per_year": FieldSpec(
                   float, required=True, lo=-5000.0, hi=5000.0,
                   doc="change in the deficit, $bn a year (+ = wider: more net issuance)"),
               "years": FieldSpec(float, default=10.0, lo=0.01, hi=30.0,
                                  doc="how long the change lasts"),
               "priced": FieldSpec(bool, default=True,
                                   doc="announced and believed: holders price the issuance "
                                   "within fiscal_horizon_years at once (false: as it is sold)")},
    "shock": {"inflation_bp": FieldSpec(float, default=0.0, lo=-1000.0, hi=1000.0,
                                        doc="shift of the policy path via inflation news"),
              "growth_bp": FieldSpec(float, default=0.0, lo=-1000.0, hi=1000.0,
                                     doc="shift of the policy path via growth news (+ = "
                                     "weaker growth, lower rates)"),
              "uncertainty": FieldSpec(float, default=0.0, lo=0.0, hi=20.0,
                                       doc="uncertainty added"),
              "calm": FieldSpec(float, default=0.0, lo=0.0, hi=20.0,
                                doc="uncertainty removed (de-escalation news)"),
              "country": FieldSpec(str, default=ALL, doc="country under currency pressure"),
              "fx_pressure": FieldSpec(float, default=0.0, lo=0.0, hi=20.0,
                                       doc="currency pressure on that country's sovereign")},
}
FED_ACTIONS = ("rate", "backstop", "sell", "runoff")
# The fields each Fed action reads: any other given with it would be silently ignored.
FED_FIELDS = {"rate": ("change_bp",), "backstop": ("enabled", "amount_bn", "days"),
              "sell": ("amount_bn", "days"), "runoff": ("bn_per_month",)}


@dataclass(frozen=True)
class Event:
    """A dated piece of news.

    Attributes:
        kind: One of KINDS.
        fields: Validated field values, defaults filled in.
        date: Calendar date (mapped to the first trading day on or after it).
        step: Step it fires at; resolved from `date` when not given.
        id: Name for `--set <id>.<field>=VALUE` overrides.
        label: Text shown to users.

    """

    kind: str
    fields: dict[str, Any]
    date: dt.date | None = None
    step: int | None = None
    id: str | None = None
    label: str = ""

    def with_field(self, name: str, raw: Any) -> Event:
        """A copy with one field replaced (validated like the original)."""
        if name not in KINDS[self.kind]:
            raise EventError(f"event '{self.id}' ({self.kind}) has no field {show(name)}: use "
                             f"one of {', '.join(KINDS[self.kind])}")
        values = dict(self.fields)
        if self.kind == "fed":  # the action's own fields only (the rest are its defaults)
            action = raw if name == "action" else values["action"]
            values = {k: v for k, v in values.items()
                      if k == "action" or k in FED_FIELDS.get(str(action), ())}
        values[name] = raw
        rebuilt = make_event(self.kind, values, date=self.date, step=self.step, id=self.id)
        return replace(rebuilt, label=self.label if self.label != self.default_label()
                       else rebuilt.label)

    def default_label(self) -> str:
        """A readable label made from the kind and fields."""
        return describe(self.kind, self.fields)


def describe(kind: str, f: dict[str, Any]) -> str:
    """Short human label for an event."""
    def who(key: str) -> str:
        return "all" if f.get(key) == ALL else str(f.get(key, "")).replace("_", " ").title()
    match kind:
        case "tariff":
            return f"US tariff {f['rate']:.0%} on {who('country')}"
        case "pause":
            exempt = ", ".join(c.title() for c in f["exempt"])
            return "Tariff pause" + (f" (not {exempt})" if exempt else "")
        case "deal":
            return f"Deal with {who('country')} at {f['rate']:.0%}"
        case "retaliation":
            return f"{who('country')} retaliates at {f['rate']:.0%}"
        case "statement":
            return f"Statement by {who('country')}"
        case "threat":
            return f"{who('holder')} threatens to sell Treasuries"
        case "sale":
            return f"{who('holder')} sells ${f['amount_bn']:.0f}bn over {f['days']} days"
        case "fed":
            return {"rate": f"Fed moves rates {f['change_bp']:+.0f}bp",
                    "backstop": ("Fed buys ${:.0f}bn over {} days".format(f["amount_bn"],
                                                                          f["days"])
                                 if f["amount_bn"] > 0 else
                                 "Fed backstop " + ("on" if f["enabled"] else "off")),
                    "sell": "Fed sells ${:.0f}bn over {} days".format(f["amount_bn"],
                                                                       f["days"]),
                    "runoff": f"Fed runoff cap ${f['bn_per_month']:.0f}bn/month"}[f["action"]]
        case "shock" if f.get("calm", 0.0) > 0 and not f.get("uncertainty"):
            return "Calming news"
        case _:
            return "Macro shock"


def _coerce(kind: str, name: str, spec: FieldSpec, raw: Any) -> Any:
    """Check and convert one field value (numbers through the project's one coercer)."""
    where = f"{kind}.{name}"
    if spec.kind is list:
        if isinstance(raw, str):
            raw = [part for part in raw.split(",") if part.strip()]
        if not isinstance(raw, list) or len(raw) > MAX_LIST:
            raise EventError(f"{where} must be a list of at most {MAX_LIST} country names")
        keys = [country_key(coerce(where, str, c, error=EventError)) for c in raw]
        unknown = [c for c in keys if c not in known_countries()]
        if unknown:
            raise EventError(f"{where}: unknown country {show(unknown[0])}; known: "
                             f"{', '.join(sorted(known_countries()))}")
        return keys
    unit = "a fraction: 0.25 = 25%" if spec is RATE else ""
    return coerce(where, spec.kind, raw, spec.lo, spec.hi, unit, EventError)


def make_event(kind: str, values: dict[str, Any], *, date: dt.date | None = None,
               step: int | None = None, id: str | None = None, label: str | None = None) -> Event:
    """Build a validated event.

    Args:
        kind: Event kind.
        values: Field values as given (strings are converted).
        date: When markets learn of it.
        step: Or the step it fires at.
        id: Optional name for overrides.
        label: Optional text for users; a description is made when missing.

    Returns:
        The event.

    Raises:
        EventError: Unknown kind or field, missing field, bad value or country.

    """
    if kind not in KINDS:
        raise EventError(f"unknown event kind {show(kind)}: use one of {', '.join(KINDS)}")
    specs = KINDS[kind]
    unknown = [name for name in values if name not in specs]
    if unknown:
        raise EventError(f"{kind} event has no field {show(unknown[0])}: use "
                         f"{', '.join(specs) or 'no fields'}")
    fields: dict[str, Any] = {}
    for name, spec in specs.items():
        if name in values and values[name] is not None:
            fields[name] = _coerce(kind, name, spec, values[name])
        elif spec.required:
            raise EventError(f"{kind} event needs '{name}' ({spec.doc})")
        else:
            fields[name] = list(spec.default) if isinstance(spec.default, list) else spec.default
    for name in ("country", "holder"):
        if name in fields and isinstance(fields[name], str):
            fields[name] = country_key(fields[name])
            if fields[name] not in known_countries() and fields[name] != "other_official":
                raise EventError(f"{kind}.{name}: unknown country {show(values[name])}; known: "
                                 f"{', '.join(sorted(known_countries()))}")
    if kind == "fed":
        _check_fed_fields(fields["action"], values)
    if step is not None and step < 0:
        raise EventError(f"{kind} event step {step} is negative: steps count from 0")
    return Event(kind=kind, fields=fields, date=date, step=step, id=id,
                 label=label or describe(kind, fields))


def _check_fed_fields(action: str, values: dict[str, Any]) -> None:
    """Refuse an unknown Fed action, and fields the action does not read.

    Raises:
        EventError: `fed.action` is unknown, or a field would be ignored (a `rate` event
            with a runoff cap).

    """
    if action not in FED_ACTIONS:
        raise EventError(f"fed.action {show(action)} is unknown: use one of "
                         f"{', '.join(FED_ACTIONS)}")
    ignored = [name for name in values if name != "action" and values[name] is not None
               and name not in FED_FIELDS[action]]
    if ignored:
        raise EventError(f"fed action {show(action)} does not read {show(ignored[0])}: give "
                         f"only {', '.join(FED_FIELDS[action])} (or another action)")


# --- effects --------------------------------------------------------------------------------

def apply_event(model: YieldModel, event: Event) -> None:
    """Let an event take effect on the model's state (never on prices directly).

    Args:
        model: The model receiving the news.
        event: The event.

    """
    f = event.fields
    match event.kind:
        case "tariff":
            model.tariffs.set_rate(f["country"], f["rate"])
            model.tariff_news()
        case "pause":
            model.tariffs.pause(set(f["exempt"]))
            model.tariff_news()
            model.uncertainty.shock(-f["calm"])
        case "deal":
            model.tariffs.strike_deal(f["country"], f["rate"])
            model.record_deal(f["country"])
            model.tariff_news()
            model.uncertainty.shock(-f["calm"])
        case "retaliation":
            model.tariffs.retaliate(f["country"], f["rate"])
            model.tariff_news()
        case "statement":
            amount = f["uncertainty"]
            model.uncertainty.shock(model.params.threat_uncertainty if amount is None else amount,
                                    flight_to_safety=False)
        case "sale":
            model.sovereign(f["holder"]).schedule_sale(f["amount_bn"], f["days"])
        case "threat":
            model.sovereign(f["holder"]).threaten()
            model.uncertainty.shock(model.params.threat_uncertainty, flight_to_safety=False)
        case "fed":
            _apply_fed(model, f)
        case "fiscal":
            model.announce_deficit(f["deficit_bn_per_year"], f["years"], f["priced"])
        case "shock":
            model.macro_news.add(f["inflation_bp"], f["growth_bp"])
            model.uncertainty.shock(f["uncertainty"] - f["calm"])
            if f["fx_pressure"] > 0:
                model.sovereign(f["country"]).add_fx_pressure(f["fx_pressure"])
            model.tariff_news()


def _apply_fed(model: YieldModel, f: dict[str, Any]) -> None:
    """The four Fed actions, each through a method of the part it changes."""
    match f["action"]:
        case "rate":
            model.macro_news.policy_bp += f["change_bp"]
            model.tariff_news()
        case "backstop":
            model.fed.set_backstop(f["enabled"])
            if f["amount_bn"] > 0:
                model.fed.start_programme(f["amount_bn"], f["days"])
        case "sell":
            if f["amount_bn"] > 0:
                model.fed.start_sales(f["amount_bn"], f["days"])
        case "runoff":
            model.fed.set_runoff(f["bn_per_month"])
            model.treasury.set_refinancing(model.fed.runoff_per_day)


@dataclass
class MacroNews:
    """Non-tariff news accumulated by `shock` and `fed` events (bp of policy path)."""

    inflation_bp: float = 0.0
    growth_bp: float = 0.0
    policy_bp: float = 0.0

    def add(self, inflation_bp: float, growth_bp: float) -> None:
        """Accumulate a macro shock's news."""
        self.inflation_bp += inflation_bp
        self.growth_bp += growth_bp


@dataclass
class ScheduledEvent:
    """The object Mesa's event list calls back: the model keeps it alive (weak references).

    It holds every event of one step, in the timeline's order: one entry in Mesa's list per
    step with news rather than one per event (each entry is an object with a weak
    reference to its callback, made when the model is built).
    """

    model: YieldModel
    events: tuple[Event, ...]
    fired: bool = field(default=False)

    def fire(self) -> None:
        """Apply the events in order and log them for the step's record."""
        if not self.fired:
            self.fired = True
            for event in self.events:
                self.model.fire(event)
