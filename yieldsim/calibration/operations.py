"""Operations added to the baseline: a sovereign's sale or a Fed purchase of $X over D days.

The calibration's supply targets and the response surface both compare such a run with the
baseline on the same seed (common random numbers), so the gap is the operation's effect.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from model.events import make_event
from model.scenario import Scenario, load_scenario

OPERATION_START = 20   # step at which every operation begins (a month of calm before)
SALE = "sale"
FED = "fed"
SELLER = "china"       # the slow-sale case is China's 2014-16 drawdown (TIC)


@lru_cache(maxsize=1)
def baseline() -> Scenario:
    """The built-in baseline (loaded once per process)."""
    return load_scenario("baseline")


def operation_scenario(kind: str, amount_bn: float, days: int, steps: int,
                       holder: str = "japan") -> Scenario:
    """The baseline plus one operation starting at OPERATION_START.

    Args:
        kind: SALE (a sovereign sells) or FED (the Fed buys, as a reverse-auction programme).
        amount_bn: Face, $bn.
        days: Trading days to spread it over.
        steps: Length of the run.
        holder: The selling sovereign (SALE only).

    Returns:
        A scenario named after the operation.
    """
    if kind == SALE:
        event = make_event("sale", {"holder": holder, "amount_bn": amount_bn, "days": days},
                           step=OPERATION_START, id="operation")
    elif kind == FED:
        event = make_event("fed", {"action": "backstop", "amount_bn": amount_bn, "days": days},
                           step=OPERATION_START, id="operation")
    else:
        raise ValueError(f"unknown operation kind '{kind}': use '{SALE}' or '{FED}'")
    base = baseline()
    return replace(base, name=f"{kind}-{amount_bn:g}bn-{days}d", steps=steps,
                   events=(*base.events, event))
