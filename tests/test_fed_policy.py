"""The Fed's expected easing beyond the news, tested on its own (no model, no agents)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.components import Uncertainty
from model.fed_policy import FedExpectations, growth_weight
from model.params import ModelParams

PARAMS = ModelParams()


def _expectations(**kw: float) -> FedExpectations:
    base = {"insurance_bp_per_uncertainty": 25.0, "put_bp_per_uncertainty": 24.0,
            "signal_bp_per_100bn": 2.0, "retain": 1.0}
    return FedExpectations(**{**base, **kw})


def _shocked(units: float) -> Uncertainty:
    u = Uncertainty(decay=0.85, build_speed=0.3, fresh_decay=0.8)
    u.shock(units)
    return u


def test_without_room_no_insurance_is_delivered_but_the_put_is_priced() -> None:
    fed = _expectations()
    easing = fed.easing_bp(_shocked(1.0), room=0.0, announced_bn=0.0, scale=1.0)
    assert fed.insurance_easing_bp == 0.0
    assert easing == pytest.approx(24.0)  # the put on one unit of fresh stress


def test_with_full_room_a_shock_delivers_its_whole_insurance_over_its_life() -> None:
    fed = _expectations(put_bp_per_uncertainty=0.0)
    u = _shocked(1.0)
    for _ in range(400):
        fed.easing_bp(u, room=1.0, announced_bn=0.0, scale=1.0)
        u.advance()
    # Each day adds insurance x (1 - decay) x level: over a geometric decay that sums to 25.
    assert fed.insurance_easing_bp == pytest.approx(25.0, rel=1e-6)


def test_delivered_insurance_fades_at_its_retention_once_uncertainty_is_gone() -> None:
    fed = _expectations(retain=0.5, insurance_easing_bp=10.0)
    calm = Uncertainty(decay=0.85, build_speed=0.3, fresh_decay=0.8)
    assert fed.easing_bp(calm, room=1.0, announced_bn=0.0, scale=1.0) == pytest.approx(5.0)


def test_the_put_fades_with_the_stress() -> None:
    fed = _expectations(insurance_bp_per_uncertainty=0.0)
    u = _shocked(2.0)
    first = fed.easing_bp(u, room=0.0, announced_bn=0.0, scale=1.0)
    u.advance()
    assert fed.easing_bp(u, room=0.0, announced_bn=0.0, scale=1.0) == pytest.approx(first * 0.8)


@given(st.floats(-2000.0, 2000.0), st.floats(0.1, 10.0))
def test_the_programme_signal_is_linear_in_what_was_announced(announced: float,
                                                               scale: float) -> None:
    calm = Uncertainty(decay=0.85, build_speed=0.3, fresh_decay=0.8)
    easing = _expectations().easing_bp(calm, room=0.0, announced_bn=announced, scale=scale)
    assert easing == pytest.approx(scale * 2.0 * announced / 100.0, abs=1e-9)


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_the_growth_weight_rises_with_room_from_the_look_through_share(low: float,
                                                                       high: float) -> None:
    low, high = min(low, high), max(low, high)
    assert growth_weight(0.0, PARAMS) == pytest.approx(PARAMS.fed_growth_response_without_room)
    assert growth_weight(1.0, PARAMS) == pytest.approx(1.0)
    assert growth_weight(low, PARAMS) <= growth_weight(high, PARAMS) + 1e-12
