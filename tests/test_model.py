"""The model as a whole: determinism, comparability, Mesa compatibility, outputs."""

import pickle

import mesa
import numpy as np
import pandas as pd
import pytest

from model.instruments import BUCKETS
from model.params import ParameterError
from model.yieldmodel import YieldModel

SMALL = {"n_funds": 90}


def run(scenario="baseline", seed=5, steps=40, **settings):
    model = YieldModel(scenario=scenario, rng=seed, **{**SMALL, **settings})
    model.run(steps)
    return model.timeseries()


def test_same_seed_same_output_different_seed_different():
    a, b, c = run(seed=11), run(seed=11), run(seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["y_10y"], c["y_10y"])


def test_counterfactuals_share_their_noise_until_the_event():
    base = run("baseline", steps=30)
    sale = run("japan-sells", steps=30)
    before = slice(0, 19)
    pd.testing.assert_frame_equal(base.iloc[before].drop(columns=["events"]),
                                  sale.iloc[before].drop(columns=["events"]))
    assert sale["y_10y"].iloc[25] > base["y_10y"].iloc[25]


def test_steps_carry_bond_market_dates():
    frame = run(steps=40)
    dates = pd.to_datetime(frame["date"])
    assert frame["date"].iloc[0] == "2025-03-03"
    assert (dates.dt.day_of_week < 5).all()
    assert "2025-04-18" not in set(frame["date"])       # Good Friday: market closed
    assert dates.is_monotonic_increasing and dates.is_unique


def test_face_value_is_conserved_every_step():
    frame = run("liberation-day-2025", steps=60)
    for bucket in BUCKETS:
        assert np.allclose(frame[f"outstanding_{bucket}"], frame[f"held_total_{bucket}"],
                           rtol=0, atol=1e-6)
    issuance = frame["outstanding_2y"].diff().dropna()
    assert (issuance > 0).all()


def test_timeseries_has_the_contracted_columns():
    frame = run(steps=5)
    required = {"step", "date", "y_2y", "y_5y", "y_10y", "y_30y", "y10_expected_rate",
                "y10_term_premium", "y10_price_pressure", "holdings_japan", "holdings_china",
                "dealer_inventory", "dealer_utilization", "lf_leverage", "lf_forced_sales",
                "fed_purchases", "tariff_japan", "tariff_china", "events"}
    required |= {f"{p}_{b}" for p in ("outstanding", "held_total") for b in BUCKETS}
    required |= {f"flow_{t}" for t in ("sovereign", "leveraged", "asset_manager", "real_money",
                                        "dealer", "fed", "treasury")}
    assert required <= set(frame.columns)
    assert list(frame["step"]) == list(range(6))
    for bucket in BUCKETS:  # every bucket's yield is its three components
        name = f"y{bucket[:-1]}"
        parts = [f"{name}_expected_rate", f"{name}_term_premium", f"{name}_price_pressure"]
        assert set(parts) | {f"{name}_supply_premium"} <= set(frame.columns)
        assert np.allclose(frame[parts].sum(axis=1), frame[f"y_{bucket}"], atol=1e-9)
    flows = frame[[c for c in frame.columns if c.startswith("flow_")]].sum(axis=1)
    assert np.allclose(flows, 0.0, atol=1e-6)


def test_start_matches_calibration():
    model = YieldModel(scenario="baseline", rng=1, **SMALL)
    assert np.allclose(model.yields, [3.96, 4.035, 4.16, 4.45])
    assert np.isclose(model.outstanding.sum(), 28400.0)
    # Japan's chip is the Ministry of Finance's share of TIC's $1,130.8bn; its private
    # holders are real money, so the official total is still the custody figure.
    assert np.isclose(model.sovereigns["japan"].holdings.sum(), 1130.8 * 0.75)
    assert np.isclose(model.sovereigns["china"].holdings.sum(), 765.4)
    assert np.isclose(model.sovereigns["other_official"].holdings.sum(),
                      2930.0 - 1130.8 * 0.75 - 765.4)
    assert np.isclose(model.fed.holdings.sum(), 4220.0)
    official = sum(s.holdings.sum() for s in model.sovereigns.values())
    assert np.isclose(official, 2930.0)
    assert np.isclose(model.leveraged.holdings.sum(), 1000.0)
    assert model.leveraged.size + model.asset_managers.size + model.real_money.size == 90
    assert len(model.agents) >= 90


def test_extra_sovereigns_come_from_the_tic_table():
    model = YieldModel(scenario="baseline", rng=1, extra_sovereigns="United Kingdom", **SMALL)
    assert np.isclose(model.sovereigns["united_kingdom"].holdings.sum(), 779.3)
    assert np.isclose(sum(s.holdings.sum() for s in model.sovereigns.values()), 2930.0)
    with pytest.raises(ParameterError, match="not in the TIC table"):
        YieldModel(scenario="baseline", rng=1, extra_sovereigns="Atlantis", **SMALL)


def test_model_pickles_midway_and_continues_identically():
    model = YieldModel(scenario="liberation-day-2025", rng=2, **SMALL)
    model.run(25)
    copy = pickle.loads(pickle.dumps(model))
    model.run(10)
    copy.run(10)
    pd.testing.assert_frame_equal(model.timeseries(), copy.timeseries())


def test_rebuild_from_keyword_parameters_as_solaraviz_does():
    model = YieldModel(scenario="japan-sells", rng=4, dealer_capacity_bn=120,
                       **{"japan_sale.amount_bn": 50}, **SMALL)
    rebuilt = type(model)(scenario="japan-sells", rng=4, **model.settings)
    assert rebuilt.params == model.params
    assert rebuilt.timeline == model.timeline


def test_mesa_batch_run_drives_the_model():
    results = mesa.batch_run(YieldModel, parameters={"scenario": "baseline", "n_funds": 30,
                                                     "dealer_capacity_bn": [100, 300]},
                             max_steps=5, number_processes=1,
                             data_collection_period=-1, display_progress=False, rng=[3])
    frame = pd.DataFrame(results)
    assert len(frame) == 2 and set(frame["dealer_capacity_bn"]) == {100, 300}
    assert frame["y_10y"].notna().all()


@pytest.mark.parametrize("settings, message", [
    ({"n_funds": 0}, "n_funds=0 is out of range"),
    ({"dealer_capacity_bn": "wide"}, "takes a number"),
    ({"fed_backstop": "maybe"}, "true or false"),
    ({"warp_speed": 9}, "unknown parameter 'warp_speed'"),
    ({"outstanding_bn": 6000}, "more .* bonds than are outstanding"),
])
def test_bad_parameters_are_refused_with_the_fix(settings, message):
    with pytest.raises(ParameterError, match=message):
        YieldModel(scenario="baseline", rng=1, **settings)


def test_solaraviz_reset_rebuilds_the_chosen_timeline():
    from mesa.visualization.solara_viz import _build_model_init_kwargs

    model = YieldModel(timeline="japan-sells", rng=3, **SMALL)
    chosen = {"timeline": "japan-sells", "rng": 3, "dealer_capacity_bn": 90, **SMALL}
    kwargs = _build_model_init_kwargs(model, chosen, add_scenario_when_empty=True,
                                      require_model_accepts_scenario=True)
    rebuilt = YieldModel(**kwargs)
    assert rebuilt.timeline.name == "japan-sells" and rebuilt.params.dealer_capacity_bn == 90
    model.run(5)
    rebuilt_same = YieldModel(**_build_model_init_kwargs(
        model, {"timeline": "japan-sells", "rng": 3, **SMALL}, add_scenario_when_empty=True,
        require_model_accepts_scenario=True))
    rebuilt_same.run(5)
    pd.testing.assert_frame_equal(model.timeseries(), rebuilt_same.timeseries())


def test_a_sale_shows_in_every_buckets_supply_premium_by_its_duration_loading():
    model = YieldModel(scenario="japan-sells", rng=3, **SMALL)
    model.run(45)
    end = model.timeseries().iloc[-1]
    supply = [end[f"y{b[:-1]}_supply_premium"] for b in BUCKETS]
    assert supply[2] > 0.0  # the sale adds duration the private sector must hold
    # One premium, loaded by duration: the 30y carries the most, the 2y the least.
    assert supply[0] < supply[1] < supply[2] < supply[3]
