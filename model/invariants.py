"""Invariants a step must keep, checked after it: the last line of defence, as `StateError`.

Inputs pass every range check, yet the whole parameter box has corners (dealers hundreds of
times over capacity, yields of 50% and more) where the clearing's arithmetic no longer adds
up. A run that gets there stops with one line instead of writing a table whose books do not
sum to the debt outstanding.
"""

from __future__ import annotations

from collections.abc import Sequence

from model.values import StateError

# Face may drift by rounding only (numpy.allclose's test, atol + rtol x outstanding): the
# built-in scenarios drift by at most 4e-10 $bn over their full length.
CONSERVATION_RELATIVE = 1e-12
CONSERVATION_ABSOLUTE_BN = 1e-6


def check_conserved(held: Sequence[float], outstanding: Sequence[float], step: int,
                    date: str) -> None:
    """Refuse a state whose books no longer add up to the debt outstanding, bucket by bucket.

    Raises:
        StateError: The face held by everyone (dealers included) differs from outstanding.

    """
    for bucket, (h, o) in enumerate(zip(held, outstanding, strict=True)):
        if abs(h - o) > CONSERVATION_ABSOLUTE_BN + CONSERVATION_RELATIVE * abs(o):
            raise StateError(
                f"face value stopped adding up at step {step} ({date}): bucket {bucket} held "
                f"{h:.6g} against {o:.6g} outstanding; the inputs drive the model beyond what "
                "it can represent, so nothing was written: use less extreme parameters or "
                "event fields")
