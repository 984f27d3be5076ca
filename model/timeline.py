"""The one check of a timeline against its calendar and its holders, before any step runs.

`yieldsim scenarios validate`, `yieldsim run`, `yieldsim viz` and the API all build a
`YieldModel`, and the model runs this check when it is built: so a scenario that validates
is one that runs, and a date or a holder the model cannot use is refused before step 1.

Dates: an event dated on a weekend or a bond-market holiday takes effect on the next
trading day, as news announced then does; an event dated between a non-trading start date
and the first trading day takes effect at step 0. `moved_dates` lists the moves, so that
`scenarios validate` can say so. The fields an event reads are checked when it is made
(`model.events.make_event`); the holders it names are checked here, against the model's
sovereigns (which depend on the parameters: `extra_sovereigns`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from model.calendar import TradingCalendar
from model.events import Event
from model.scenario import Scenario, ScenarioError
from model.values import show

# Which field of an event names the sovereign that must act on it (None: no sovereign).
_HOLDER_FIELD = {"sale": "holder", "threat": "holder"}


def event_name(event: Event) -> str:
    """How a refusal names an event: its id, else its label (quoted, cut short)."""
    return show(event.id or event.label)


def needed_sovereign(event: Event) -> str | None:
    """The sovereign an event needs the model to have, if any."""
    name = _HOLDER_FIELD.get(event.kind)
    if name is not None:
        return event.fields[name]
    if event.kind == "shock" and event.fields["fx_pressure"] > 0:
        return event.fields["country"]
    return None


def check_holders(timeline: Scenario, sovereigns: Iterable[str]) -> None:
    """Refuse events naming a sovereign the model does not have.

    Raises:
        ScenarioError: One line naming the event, the holder and the fix.

    """
    known = list(sovereigns)
    for event in timeline.events:
        who = needed_sovereign(event)
        if who is not None and who not in known:
            raise ScenarioError(
                f"{timeline.source}: event {event_name(event)} needs the sovereign "
                f"{show(who)}, which this model does not have: use one of {', '.join(known)} "
                "(or add it via extra_sovereigns)")


def event_steps(timeline: Scenario, calendar: TradingCalendar) -> list[int]:
    """The step each event fires at: its step, or the first trading day on or after its date.

    Raises:
        ScenarioError: A date before the scenario's start (a timeline built in code; files
            are refused when parsed).

    """
    steps = []
    for event in timeline.events:
        if event.step is not None:
            steps.append(event.step)
            continue
        assert event.date is not None
        if event.date < timeline.start:
            raise ScenarioError(f"{timeline.source}: event {event_name(event)} is dated "
                                f"{event.date}, before the scenario start {timeline.start}: "
                                "date it on or after the start")
        first = calendar.date(0).date()
        steps.append(0 if event.date <= first else calendar.step_of(event.date))
    return steps


def moved_dates(timeline: Scenario, calendar: TradingCalendar,
                steps: Sequence[int]) -> list[str]:
    """One notice per event whose date is not a trading day: the day it takes effect."""
    notices = []
    for event, step in zip(timeline.events, steps, strict=True):
        if event.date is None:
            continue
        acts: dt.date = calendar.date(step).date()
        if acts != event.date:
            notices.append(f"event {event_name(event)} is dated {event.date}, not a trading "
                           f"day: it takes effect on {acts} (step {step})")
    return notices
