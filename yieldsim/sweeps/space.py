"""What a sweep can set or vary: model parameters and scenario event fields, typed and bounded.

A sweep is refused before it starts when a name is unknown or a value is outside the range the
model documents, so that a ten-thousand-run sweep never discovers a typo in run 1. The names
are the ones `yieldsim params` lists and `<event id>.<field>` for the scenario's events.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from model.events import KINDS
from model.params import RETIRED, ModelParams
from model.scenario import Scenario, ScenarioError
from model.values import check_range, coerce


class SpecError(ValueError):
    """A sweep specification that cannot be run as given; the message names the fix."""


@dataclass(frozen=True)
class Dimension:
    """One settable quantity.

    Attributes:
        name: Parameter name or `<event id>.<field>`.
        kind: Python type of its values (bool, int, float or str).
        lo: Smallest admissible value, if bounded.
        hi: Largest admissible value, if bounded.
        unit: Unit shown in messages and plots.

    """

    name: str
    kind: type
    lo: float | None = None
    hi: float | None = None
    unit: str = ""

    @property
    def numeric(self) -> bool:
        """Whether values are numbers (so bounds and sampling make sense)."""
        return self.kind in (int, float)

    def coerce(self, raw: Any, where: str) -> Any:
        """Convert and check one value (through the model's one coercer).

        Args:
            raw: The value as given (a string from the command line or a TOML value).
            where: Where it came from, for the message ("--vary", "spec file x.toml").

        Returns:
            The value as this dimension's type.

        Raises:
            SpecError: Not of the right type or outside the admissible range.

        """
        return coerce(f"{where}: {self.name}", self.kind, raw, self.lo, self.hi, self.unit,
                      SpecError)

    def check_range(self, number: float, where: str) -> None:
        """Refuse a number outside the documented range, naming the range.

        Raises:
            SpecError: Out of range.

        """
        check_range(f"{where}: {self.name}", number, self.lo, self.hi, self.unit, SpecError)


def model_dimensions() -> dict[str, Dimension]:
    """Every model parameter as a dimension, from the dataclass metadata."""
    dims = {}
    for f in dataclasses.fields(ModelParams):
        dims[f.name] = Dimension(name=f.name, kind=type(f.default), lo=f.metadata.get("lo"),
                                 hi=f.metadata.get("hi"), unit=f.metadata.get("unit", ""))
    return dims


def lookup(name: str, scenario: Scenario, where: str) -> Dimension:
    """The dimension a name refers to in this scenario.

    Args:
        name: A parameter name or `<event id>.<field>`.
        scenario: The scenario the sweep runs (for event fields).
        where: Where the name came from, for the message.

    Returns:
        Its dimension.

    Raises:
        SpecError: Unknown parameter, event id or field, or a field that cannot be swept.

    """
    if "." not in name:
        dims = model_dimensions()
        if name in RETIRED:
            raise SpecError(f"parameter '{name}' in {where} was retired: {RETIRED[name]}")
        if name not in dims:
            raise SpecError(f"unknown parameter '{name}' in {where}: see `yieldsim params` for "
                            "the names, or use <event id>.<field>")
        return dims[name]
    event_id, _, field_name = name.partition(".")
    try:
        event = scenario.event_by_id(event_id)
    except ScenarioError as exc:
        raise SpecError(f"{name} in {where}: {exc}") from None
    fields = KINDS[event.kind]
    if field_name not in fields:
        raise SpecError(f"{name} in {where}: event '{event_id}' ({event.kind}) has no field "
                        f"'{field_name}'; its fields are {', '.join(fields)}")
    spec = fields[field_name]
    if spec.kind is list:
        raise SpecError(f"{name} in {where} is a list of countries and cannot be swept; put "
                        "each variant in its own scenario file")
    unit = spec.doc if spec.kind in (int, float) else ""
    return Dimension(name=name, kind=spec.kind, lo=spec.lo, hi=spec.hi,
                     unit=unit if len(unit) <= 12 else "")
