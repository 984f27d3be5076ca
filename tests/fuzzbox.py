"""Strategies over the whole input box: every parameter at once, and long random timelines.

The parameter strategy is made from `ModelParams`' fields and their `lo`/`hi` metadata, so a
parameter added later is fuzzed without touching this file. Bounds are drawn often (they
are where the model breaks), and the documented constraints between parameters are honoured
(the fund shares and the maturity shares each sum below 1; no start yield below the floor),
so that most examples run the model rather than being refused at the door.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

from hypothesis import strategies as st

from model.countries import ALL, country_key, tic_holdings
from model.events import FED_ACTIONS, KINDS, FieldSpec
from model.holdings import ASSET_MANAGER_MIX, FED_MIX, LEVERAGED_MIX, OFFICIAL_MIX
from model.params import MIN_BUCKET_SHARE, POLICIES, ModelParams
from model.scenario import builtin_names

FIELDS = {f.name: f for f in dataclasses.fields(ModelParams)}
# A valid population's size only costs time: the fuzz keeps it small.
MAX_FUNDS = 40
# Shares that must sum below 1 (funds: some real money remains) or to at most 1 less the
# 30y bucket's least share (maturity buckets).
SHARE_GROUPS = ((("share_leveraged_agents", "share_asset_manager_agents"), 1.0 - 1e-9),
                (("share_outstanding_2y", "share_outstanding_5y", "share_outstanding_10y"),
                 1.0 - MIN_BUCKET_SHARE))
START_YIELDS = tuple(name for name in FIELDS if name.startswith("start_yield_"))
HOLDERS = ("japan", "china", "other_official")
EXTRA = ("united_kingdom", "canada")
COUNTRIES = (ALL, "japan", "china", "european_union", "canada", "korea_south", "vietnam")
TEXT = {"extra_sovereigns": st.sampled_from(["", "United Kingdom", "United Kingdom,Canada"]),
        "negotiating_partners": st.lists(st.sampled_from(
            ["japan", "china", "european_union", "korea_south", "vietnam"]), unique=True,
            max_size=5).map(",".join),
        "policy": st.sampled_from(POLICIES)}


def number_in(lo: float | None, hi: float | None, whole: bool) -> st.SearchStrategy[Any]:
    """A number in [lo, hi], the bounds themselves drawn about a third of the time."""
    lo = -1e6 if lo is None else lo
    hi = 1e6 if hi is None else hi
    if whole:
        inner = st.integers(math.ceil(lo), math.floor(hi))
        ends = st.sampled_from([math.ceil(lo), math.floor(hi)])
    else:
        inner = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
        ends = st.sampled_from([float(lo), float(hi)])
    return st.one_of(ends, inner, inner)


def _field_value(name: str) -> st.SearchStrategy[Any]:
    """Any admissible value of one parameter (text parameters from their known words)."""
    f = FIELDS[name]
    if isinstance(f.default, bool):
        return st.booleans()
    if isinstance(f.default, str):
        return TEXT.get(name, st.just(f.default))
    lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
    if name == "n_funds":
        hi = MAX_FUNDS
    return number_in(lo, hi, isinstance(f.default, int))


@st.composite
def _shares(draw: st.DrawFn, names: tuple[str, ...], total: float) -> dict[str, float]:
    """Shares each in their range whose sum stays below `total` (bounds drawn too)."""
    values: dict[str, float] = {}
    for i, name in enumerate(names):
        lo = FIELDS[name].metadata["lo"]
        rest = sum(FIELDS[n].metadata["lo"] for n in names[i + 1:])
        room = total - sum(values.values()) - rest
        hi = min(FIELDS[name].metadata["hi"], room - 1e-12)
        values[name] = draw(number_in(lo, max(lo, hi), whole=False))
    return values


@st.composite
def parameter_boxes(draw: st.DrawFn, extra_sovereigns: str | None = None) -> dict[str, Any]:
    """Every parameter at once: a full set of admissible, mutually consistent values.

    Args:
        draw: Hypothesis's draw.
        extra_sovereigns: The sovereigns a timeline needs (drawn when None).

    """
    values = {name: draw(_field_value(name), label=name) for name in FIELDS}
    if extra_sovereigns is not None:
        values["extra_sovereigns"] = extra_sovereigns
    for group, total in SHARE_GROUPS:
        values.update(draw(_shares(group, total), label="+".join(group)))
    for _ in range(3):  # scaling books down may lift the official floor: fit again
        _fit_books(draw, values)
    floor = values.get("yield_floor_pct")
    for name in START_YIELDS:
        if floor is not None and values[name] < floor:
            values[name] = draw(number_in(floor, FIELDS[name].metadata["hi"], whole=False),
                                label=name)
    return values


def _fit_books(draw: st.DrawFn, values: dict[str, Any]) -> None:
    """Honour the holdings' constraints: the named sovereigns within `foreign_official_bn`,
    and the named sectors within each bucket's outstanding (real money holds the rest).

    The official total is raised to what the named sovereigns hold when it is below; the
    debt outstanding is raised until every bucket leaves real money a share (if its range
    allows; otherwise the sectors' books are scaled down to fit). Bounds stay reachable:
    a drawn margin of 0 puts the constraint exactly at its edge.
    """
    tic = tic_holdings()
    extras = sum(tic[country_key(n)] for n in values["extra_sovereigns"].split(",") if n.strip())
    named = values["japan_holdings_bn"] + values["china_holdings_bn"] + extras
    official_hi = FIELDS["foreign_official_bn"].metadata["hi"]
    if values["foreign_official_bn"] < named:
        values["foreign_official_bn"] = min(official_hi, named * (1 + draw(st.sampled_from(
            [0.0, 1e-9, 0.01, 0.5]))))
    shares = [values["share_outstanding_2y"], values["share_outstanding_5y"],
              values["share_outstanding_10y"]]
    shares.append(1.0 - sum(shares))
    books = ("fed_holdings_bn", "leveraged_holdings_bn", "asset_manager_holdings_bn")
    held = (values["fed_holdings_bn"] * FED_MIX + values["foreign_official_bn"] * OFFICIAL_MIX
            + values["leveraged_holdings_bn"] * LEVERAGED_MIX
            + values["asset_manager_holdings_bn"] * ASSET_MANAGER_MIX).tolist()
    margin = 1.0 + draw(st.sampled_from([1e-6, 0.01, 0.2, 1.0]), label="real money margin")
    needed = max(h / share for h, share in zip(held, shares, strict=True)) * margin
    hi = FIELDS["outstanding_bn"].metadata["hi"]
    if needed > values["outstanding_bn"]:
        values["outstanding_bn"] = min(hi, needed)
    if needed > hi:
        # Too much held for the largest debt: scale the sectors (not the TIC extras) down.
        scale = hi / needed
        for name in (*books, "japan_holdings_bn", "china_holdings_bn"):
            values[name] *= scale
        values["foreign_official_bn"] = max(values["foreign_official_bn"] * scale,
                                            values["japan_holdings_bn"]
                                            + values["china_holdings_bn"] + extras)


def _event_field(spec: FieldSpec, name: str, kind: str, holders: tuple[str, ...]) -> Any:
    """A strategy for one event field's admissible values."""
    if name in ("holder",) or (kind == "shock" and name == "country"):
        return st.sampled_from(holders)
    if name == "country":
        return st.sampled_from(COUNTRIES if kind != "deal" else COUNTRIES[1:])
    if name == "action":
        return st.sampled_from(FED_ACTIONS)
    if spec.kind is list:
        return st.lists(st.sampled_from(COUNTRIES[1:]), max_size=3, unique=True)
    if spec.kind is bool:
        return st.booleans()
    if spec.kind is str:
        return st.just(spec.default)
    return number_in(spec.lo, spec.hi, spec.kind is int)


# The fields each fed action reads (the others are refused with that action).
FED_FIELDS = {"rate": ("change_bp",), "backstop": ("enabled", "amount_bn", "days"),
              "sell": ("amount_bn", "days"), "runoff": ("bn_per_month",)}


@st.composite
def events(draw: st.DrawFn, steps: int, start: dt.date, holders: tuple[str, ...]) -> dict:
    """One [[events]] table of any kind, dated by step or by any calendar date in the run."""
    kind = draw(st.sampled_from(sorted(KINDS)))
    fields = {}
    specs = KINDS[kind]
    names = list(specs)
    if kind == "fed":
        action = draw(st.sampled_from(FED_ACTIONS))
        fields["action"] = action
        names = list(FED_FIELDS[action])
    for name in names:
        spec = specs[name]
        if spec.required or draw(st.booleans()):
            fields[name] = draw(_event_field(spec, name, kind, holders))
    if fields.get("fx_pressure"):  # currency pressure lands on a sovereign it names
        fields["country"] = draw(st.sampled_from(holders))
    table: dict[str, Any] = {"kind": kind, **fields}
    if draw(st.booleans()):
        table["step"] = draw(st.integers(0, steps))
    else:
        table["date"] = start + dt.timedelta(days=draw(st.integers(0, int(steps * 1.4))))
    return table


@st.composite
def timelines(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario: a built-in one, or a random one of dozens to hundreds of steps."""
    if draw(st.booleans()):
        return {"builtin": draw(st.sampled_from(builtin_names()))}
    steps = draw(st.integers(20, 260))
    start = draw(st.sampled_from([dt.date(2025, 3, 3), dt.date(2013, 5, 1),
                                  dt.date(2019, 7, 4), dt.date(2025, 3, 1)]))
    holders = HOLDERS + (EXTRA if draw(st.booleans()) else ())
    table = [draw(events(steps, start, holders)) for _ in range(draw(st.integers(0, 40)))]
    return {"data": {"name": "fuzz", "start": start, "steps": steps, "events": table},
            "extra_sovereigns": ",".join(h.replace("_", " ").title() for h in holders[3:])}
