"""Causes the whole-box fuzz found in the model, one test each (issue 25, items 1 and 4).

Each test fails on the code before its fix: the yield solver leaving its domain, holders with
nothing to hold dividing by zero, bounds the model cannot carry, start yields below the floor,
and timelines that validated but failed mid-run (weekend dates, unknown holders, fields an
event ignores).
"""

from __future__ import annotations

import datetime as dt
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.calendar import TradingCalendar
from model.events import EventError, make_event
from model.instruments import PRICEABLE_PCT, Curve, bond_price, bond_yield, check_priceable
from model.params import ModelParams, ParameterError
from model.scenario import ScenarioError, parse_scenario
from model.timeline import event_steps, moved_dates
from model.values import StateError
from model.yieldmodel import YieldModel

START = np.array([3.96, 4.035, 4.16, 4.45])


@settings(max_examples=200, deadline=None)
@given(price=st.floats(1e-6, 1e6), guess=st.floats(-1e4, 1e4), bucket=st.integers(0, 3))
def test_the_newton_solver_never_leaves_its_domain(price: float, guess: float,
                                                   bucket: int) -> None:
    curve = Curve(coupons_pct=START.copy())
    prices = curve.prices_of(START.tolist())
    prices[bucket] = price
    guesses = START.tolist()
    guesses[bucket] = guess
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yields = curve.yields_of(prices, guesses)
    y = yields[bucket]
    low, high = PRICEABLE_PCT
    assert low <= y <= high
    ends = [curve.prices_of([y_end] * 4)[bucket] for y_end in (high, low)]
    if ends[0] < price < ends[1]:  # a root inside the bracket reprices exactly
        assert math.isclose(curve.prices_of(yields)[bucket], price, rel_tol=1e-9)
    else:  # beyond it: the bracket's end, which `check_priceable` refuses
        assert min(abs(y - low), abs(y - high)) < 1e-9


def test_the_vector_solver_hands_a_far_price_to_the_bisection_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        prices = np.array([1e5, 1e-3, 1e9])
        y = bond_yield(prices, np.array([4.0] * 3), np.array([30.0] * 3))
    # Newton's steps from 4% overshoot below -200% for the dear ones: the bisection finds
    # their roots; the cheap one is beyond the bracket and gets its end.
    assert bond_price(y[[0, 2]], 4.0, 30.0) == pytest.approx(prices[[0, 2]], rel=1e-9)
    assert y[1] == pytest.approx(PRICEABLE_PCT[1], abs=1e-9)


def test_yields_beyond_the_arithmetic_stop_the_run_with_a_state_error() -> None:
    with pytest.raises(StateError, match="the 2y fundamental yield reached -250%"):
        check_priceable([-250.0, 4.0, 4.0, 4.0])
    # japan-sells with an extreme strain used to end in a math domain error
    model = YieldModel(scenario="japan-sells", rng=3, n_funds=30, strain_coefficient=100)
    try:
        model.run(60)
    except StateError as exc:
        assert "\n" not in str(exc)


@pytest.mark.parametrize("setting", ["china_holdings_bn", "japan_holdings_bn",
                                     "leveraged_holdings_bn", "asset_manager_holdings_bn",
                                     "fed_holdings_bn"])
def test_a_sector_with_no_holdings_simply_does_nothing(setting: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = YieldModel(scenario="liberation-day-2025", rng=7, n_funds=30, **{setting: 0})
        model.run(80)
    frame = model.timeseries()
    assert np.isfinite(frame.select_dtypes("number").to_numpy(dtype=float)).all()
    assert np.allclose(model.held_total(), model.outstanding, atol=1e-6)
    if setting == "leveraged_holdings_bn":
        assert (frame["lf_leverage"] == 0).all()


def test_a_campaigning_sovereign_without_a_book_sells_nothing() -> None:
    model = YieldModel(scenario="liberation-day-2025", rng=7, n_funds=30, china_holdings_bn=0,
                       china_resolve=1.0, china_tariff_threshold=0.0, grievance_speed=5.0)
    model.run(40)
    assert model.sovereigns["china"].holdings.sum() == 0


@pytest.mark.parametrize(("settings", "message"), [
    ({"share_outstanding_2y": 0.0}, "share_outstanding_2y=0 is out of range"),
    ({"share_outstanding_2y": 0.5, "share_outstanding_5y": 0.3, "share_outstanding_10y": 0.195},
     "must sum to at most 0.99"),
    ({"start_yield_10y": -1, "yield_floor_pct": 0}, "start_yield_10y=-1 is below"),
    ({"yield_floor_pct": 5}, "start_yield_2y=3.96 is below yield_floor_pct=5"),
])
def test_parameters_the_model_cannot_carry_are_refused(settings: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        ModelParams.resolved(settings)


def scenario(start: dt.date, *events: dict) -> dict:
    """A scenario table with the given events."""
    return {"name": "t", "start": start, "steps": 30, "events": list(events)}


def test_events_on_a_weekend_start_and_on_holidays_take_effect_on_the_next_trading_day() -> None:
    # Saturday 1 March 2025 as the start; Good Friday 18 April 2025 for the pause
    timeline = parse_scenario(scenario(
        dt.date(2025, 3, 1),
        {"kind": "tariff", "country": "china", "rate": 0.2, "date": dt.date(2025, 3, 1)},
        {"kind": "shock", "uncertainty": 1.0, "date": dt.date(2025, 3, 2)},
        {"kind": "pause", "date": dt.date(2025, 4, 18), "id": "good_friday"},
        {"kind": "statement", "date": dt.date(2025, 3, 5)}))
    calendar = TradingCalendar(timeline.start, horizon=60)
    steps = event_steps(timeline, calendar)
    assert steps[:2] == [0, 0]
    assert calendar.date(steps[2]).date() == dt.date(2025, 4, 21)
    assert calendar.date(steps[3]).date() == dt.date(2025, 3, 5)
    notices = moved_dates(timeline, calendar, steps)
    assert len(notices) == 3 and "'good_friday' is dated 2025-04-18" in notices[2]
    YieldModel(scenario=timeline, rng=0, n_funds=30).run(5)  # used to raise a bare ValueError


@pytest.mark.parametrize("start", [dt.date(2013, 5, 1), dt.date(2019, 7, 4),
                                   dt.date(2019, 12, 25)])
def test_the_timeline_check_works_for_any_start_date(start: dt.date) -> None:
    timeline = parse_scenario(scenario(start, {"kind": "statement", "date": start},
                                       {"kind": "pause", "date": start + dt.timedelta(days=6)}))
    model = YieldModel(scenario=timeline, rng=0, n_funds=30)
    model.run(10)
    assert len(model.event_log) == 2


def test_a_threat_by_a_holder_the_model_lacks_is_refused_before_any_step() -> None:
    timeline = parse_scenario(scenario(dt.date(2025, 3, 3),
                                       {"kind": "threat", "holder": "canada", "step": 5}))
    with pytest.raises(ScenarioError, match="needs the sovereign 'canada'"):
        YieldModel(scenario=timeline, rng=0, n_funds=30)
    YieldModel(scenario=timeline, rng=0, n_funds=30, extra_sovereigns="Canada").run(8)


@pytest.mark.parametrize(("fields", "ignored"), [
    ({"action": "rate", "change_bp": -25, "bn_per_month": 5}, "bn_per_month"),
    ({"action": "runoff", "amount_bn": 100}, "amount_bn"),
    ({"action": "sell", "enabled": False}, "enabled"),
])
def test_a_fed_event_refuses_fields_its_action_ignores(fields: dict, ignored: str) -> None:
    with pytest.raises(EventError, match=f"does not read '{ignored}'"):
        make_event("fed", fields)


def test_a_fed_events_own_fields_can_still_be_overridden() -> None:
    timeline = parse_scenario(scenario(dt.date(2025, 3, 3), {
        "kind": "fed", "action": "backstop", "amount_bn": 100, "days": 5, "step": 2,
        "id": "qe"}))
    changed = timeline.with_event_overrides({"qe.amount_bn": 300})
    assert changed.events[0].fields["amount_bn"] == 300
    with pytest.raises(ScenarioError, match="does not read 'change_bp'"):
        timeline.with_event_overrides({"qe.change_bp": 5})


def test_depth_at_zero_volatility_divides_by_nothing() -> None:
    # realised_vol_decay=0 after a day without a 10y move gives a vol ratio of 0: real
    # money's budget factor 0 ** -aversion was a ZeroDivisionError (found by test_fuzz.py)
    model = YieldModel(scenario="baseline", rng=1, n_funds=30, rm_vol_aversion=5.0)
    model.realised_var = 0.0  # what such a day leaves
    assert model.vol_ratio == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.step()
    assert np.isfinite(model.yields).all()
