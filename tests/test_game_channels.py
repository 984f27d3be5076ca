"""The administration's pain split into channels (issue 23): bonds, equities, growth, threats."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.administration import CHANNELS
from model.params import ModelParams
from model.summary import summarize
from model.yieldmodel import YieldModel
from tests.helpers import START, public_state

PARAMS = ModelParams()


def game(**settings):
    """A small endogenous model whose administration the tests drive by hand."""
    return YieldModel(scenario="baseline", rng=1, n_funds=30, policy="endogenous", **settings)


def stressed(model, threat=True):
    """Yesterday's close of a bad day: 10y 4.60% after 4.12%, half-full dealers, stocks -10%,
    tariffs of 10% on all, and (if `threat`) Japan threatening."""
    admin = model.administration
    admin.closes = [4.12, 4.2, 4.3, 4.4, 4.5]
    model.equity.close(0.0, 0.0)
    model.equity.level = 90.0  # the index 10% below its high
    model.tariffs.set_rate("all", 0.10)
    if threat:
        model.sovereigns["japan"].threaten()
    yields = START.copy()
    yields[2] = 4.60
    return admin.assess(public_state(step=9, yields=yields, dealer_utilization=0.5,
                                     tariffs=model.tariffs))


def test_each_channel_adds_its_weighted_pain():
    model = game(admin_pain_per_equity_pct=2.0, admin_weight_bonds=0.5,
                 admin_weight_equities=3.0, admin_weight_growth=0.0)
    pain = stressed(model)
    channels = pain.by_channel()
    assert list(channels) == list(CHANNELS)
    assert channels["bonds"] == pytest.approx(0.5 * (10.0 + 48.0 + 0.5 * 20.0))
    assert channels["equities"] == pytest.approx(3.0 * 2.0 * 10.0)
    assert channels["growth"] == 0.0
    assert channels["threats"] > 0.0
    assert pain.total == pytest.approx(sum(channels.values()))


def test_not_watching_markets_leaves_only_the_growth_hit():
    watching = stressed(game()).by_channel()
    blind = stressed(game(admin_watches_markets=False)).by_channel()
    assert all(watching[c] > 0 for c in CHANNELS)
    assert blind == {"bonds": 0.0, "equities": 0.0, "growth": pytest.approx(watching["growth"]),
                     "threats": 0.0}


def endogenous(seed, **settings):
    model = YieldModel(scenario="liberation-day-endogenous", rng=seed, n_funds=300, **settings)
    model.run(60)
    frame = model.timeseries()
    return model, frame, summarize(model, frame)


def test_the_summary_reports_the_pain_that_carried_the_first_deescalation():
    model, frame, summary = endogenous(6000)
    step = model.administration.first_deescalation_step
    assert step is not None and summary["first_deescalation_date"] == frame["date"][step]
    row = frame.iloc[step]
    channels = summary["pause_pain_by_channel"]
    assert channels == {"bonds": pytest.approx(row["admin_pain_bonds"]),
                        "equities": pytest.approx(row["admin_pain_equities"]),
                        "growth": pytest.approx(row["admin_pain_growth"]),
                        "threats": pytest.approx(row["admin_pain_threats"])}
    assert sum(channels.values()) > model.administration.tolerance
    assert summary["units"]["pause_pain_by_channel"] == "bp-equivalent"


def test_no_deescalation_no_channels():
    model = YieldModel(scenario="baseline", rng=2, n_funds=30, policy="endogenous")
    model.run(30)
    summary = summarize(model, model.timeseries())
    assert summary["first_deescalation_date"] is None
    assert summary["pause_pain_by_channel"] is None


def test_an_administration_blind_to_markets_does_not_pause_in_april():
    for seed in (6000, 6001):
        _, frame, summary = endogenous(seed, admin_watches_markets=False)
        assert summary["first_deescalation_date"] is None
        assert (frame["admin_pain_bonds"] == 0).all() and (frame["admin_pain_equities"] == 0).all()
        assert frame["admin_pain_growth"].max() > 0


def test_the_log_says_when_stocks_are_part_of_why_it_pauses():
    model = game(admin_tolerance=10.0)
    stressed(model, threat=False)
    model.tariffs.set_rate("japan", 0.24)
    model.administration.closes = [4.12, 4.2, 4.3, 4.4, 4.5]
    yields = START.copy()
    yields[2] = 4.60
    lines = model.administration.act(public_state(step=9, yields=yields, tariffs=model.tariffs))
    assert lines[0].startswith("10y 4.60%, up 48bp in 5 days, stocks 10% off their high: pause")


@settings(max_examples=30, deadline=None)
@given(ten=st.floats(3.0, 6.0), earlier=st.floats(3.0, 6.0), utilization=st.floats(0.0, 1.2),
       index=st.floats(50.0, 100.0), rate=st.floats(0.0, 1.5), threat=st.booleans(),
       weights=st.lists(st.floats(0.0, 3.0), min_size=4, max_size=4), watches=st.booleans())
def test_the_channels_are_never_negative_and_add_up_to_the_total(
        ten, earlier, utilization, index, rate, threat, weights, watches):
    names = ("admin_weight_bonds", "admin_weight_equities", "admin_weight_growth",
             "admin_weight_threats")
    model = game(admin_watches_markets=watches, **dict(zip(names, weights, strict=True)))
    admin = model.administration
    admin.closes = [earlier] * 5
    model.equity.level = index
    model.tariffs.set_rate("all", rate)
    if threat:
        model.sovereigns["japan"].threaten()
    yields = START.copy()
    yields[2] = ten
    pain = admin.assess(public_state(step=9, yields=yields, dealer_utilization=utilization,
                                     tariffs=model.tariffs))
    channels = pain.by_channel()
    assert all(value >= 0.0 for value in channels.values())
    assert pain.total == pytest.approx(sum(channels.values()))
    if not watches:
        assert channels["bonds"] == channels["equities"] == channels["threats"] == 0.0
