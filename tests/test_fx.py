"""The USD/JPY market alone (hand-made dollar orders, no agents), then in the model."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.fx import FxMarket, FxOrder, JapanesePrivate, YenLedger
from model.params import ModelParams, ParameterError
from model.summary import summarize
from model.values import StateError
from model.yieldmodel import YieldModel


def make_fx(**overrides: float) -> FxMarket:
    """A market with round numbers: 4%/100bp carry, 4%/$100bn impact, no decay."""
    values = {"start_usdjpy": 150.0, "start_differential_pct": 3.0,
              "carry_pct_per_100bp": 4.0, "sell_america_pct": 2.0, "safe_haven_pct": 1.0,
              "impact_pct_per_100bn": 4.0, "impact_decay": 1.0, "premium_retain": 0.9}
    values.update(overrides)
    return FxMarket(**values)


def test_no_flow_no_news_keeps_the_start_level():
    fx = make_fx()
    result = fx.clear([], 3.0)
    assert result.usdjpy == pytest.approx(150.0)
    assert result.net_usd_bn == 0.0


def test_selling_dollars_strengthens_the_yen_by_the_impact():
    fx = make_fx()
    result = fx.clear([FxOrder("japan", -100.0)], 3.0)
    assert result.net_usd_bn == -100.0
    assert math.log(result.usdjpy / 150.0) == pytest.approx(-0.04)


@pytest.mark.parametrize("flow_bn", [-1e6, 1e6])
def test_a_flow_beyond_any_exchange_rate_is_refused_not_overflowed(flow_bn):
    fx = make_fx()
    with pytest.raises(StateError, match="USD/JPY reached"):
        fx.clear([FxOrder("japan", flow_bn)], 3.0)
    assert fx.usdjpy == pytest.approx(150.0)  # yesterday's price stands


def test_matched_dollar_orders_do_not_move_the_price():
    fx = make_fx()
    fx.clear([FxOrder("japan", -50.0), FxOrder("japan_private", 50.0)], 3.0)
    assert fx.usdjpy == pytest.approx(150.0)


def test_a_wider_differential_lifts_the_dollar_by_the_carry():
    fx = make_fx()
    fx.clear([], 4.0)  # 100bp wider
    assert math.log(fx.usdjpy / 150.0) == pytest.approx(0.04)


def test_the_flow_impact_fades_at_its_decay():
    fx = make_fx(impact_decay=0.5)
    fx.clear([FxOrder("japan", -100.0)], 3.0)
    fx.clear([], 3.0)
    assert math.log(fx.usdjpy / 150.0) == pytest.approx(-0.02)


def test_uncertainty_lowers_the_dollar_in_both_regimes_by_their_own_weights():
    without_room, with_room = make_fx(), make_fx()
    assert without_room.advance_premium(built=1.0, fresh=0.0, room=0.0) == pytest.approx(2.0)
    assert with_room.advance_premium(built=1.0, fresh=0.0, room=1.0) == pytest.approx(1.0)
    for fx in (without_room, with_room):
        fx.clear([], 3.0)
        assert fx.usdjpy < 150.0


def test_the_premium_rises_at_once_and_fades_no_faster_than_its_retention():
    fx = make_fx(premium_retain=0.9)
    fx.advance_premium(built=1.0, fresh=0.0, room=0.0)
    assert fx.advance_premium(built=0.0, fresh=0.0, room=0.0) == pytest.approx(1.8)


@settings(max_examples=60, deadline=None)
@given(flows=st.lists(st.floats(-300.0, 300.0), min_size=1, max_size=6),
       differential=st.floats(-5.0, 10.0), built=st.floats(0.0, 5.0), room=st.floats(0.0, 1.0))
def test_more_dollar_selling_never_makes_the_dollar_dearer(flows, differential, built, room):
    """Property: the price falls (weakly) as any sender sells more dollars, whatever else."""
    def price(extra: float) -> float:
        fx = make_fx()
        fx.advance_premium(built=built, fresh=0.0, room=room)
        orders = [FxOrder("s", f) for f in flows] + [FxOrder("extra", extra)]
        return fx.clear(orders, differential).usdjpy

    assert price(-10.0) <= price(0.0)
    assert math.isfinite(price(0.0)) and price(0.0) > 0.0


def test_dearer_hedging_lowers_the_hedge_ratio_and_buys_dollars():
    cohort = JapanesePrivate(holdings_bn=300.0, start_hedge_ratio=0.5, start_hedge_cost_pct=3.0,
                             hedge_per_pp=0.05, hedge_per_risk_pct=0.02, demand_per_pct=0.0,
                             adjust_speed=0.0)
    order = cohort.order(hedge_cost_pct=4.0, risk_premium_pct=0.0)
    assert cohort.hedge_ratio == pytest.approx(0.45)
    assert order.usd_bn == pytest.approx(15.0)


def test_a_dollar_risk_premium_makes_them_hedge_more_and_sell_dollars():
    cohort = JapanesePrivate(holdings_bn=300.0, start_hedge_ratio=0.5, start_hedge_cost_pct=3.0,
                             hedge_per_pp=0.05, hedge_per_risk_pct=0.02, demand_per_pct=0.02,
                             adjust_speed=0.1)
    assert cohort.order(hedge_cost_pct=3.0, risk_premium_pct=2.0).usd_bn < 0.0
    assert cohort.holdings_bn < 300.0


def test_the_yen_ledger_counts_fx_on_the_book_and_the_rate_proceeds_were_converted_at():
    ledger = YenLedger(start_value_local=100.0 * 150.0, start_rate=150.0)
    ledger.book(proceeds_usd=10.0, coupons_usd=0.0, rate=147.0, repatriated=1.0)
    # $90 of bonds left at an unchanged dollar price, the yen 2% stronger.
    assert ledger.gain_local(90.0, 147.0) == pytest.approx(100.0 * 147.0 - 100.0 * 150.0)


def test_the_yen_ledger_marks_the_other_reserves_at_the_day_rate():
    ledger = YenLedger(start_value_local=(100.0 + 50.0) * 150.0, start_rate=150.0,
                       other_usd=50.0)
    # Bonds and other reserves unchanged in dollars, the yen 2% stronger: both lose 2%.
    assert ledger.gain_local(100.0, 147.0) == pytest.approx(-150.0 * 3.0)
    assert ledger.other_reserves_gain_local(147.0) == pytest.approx(-50.0 * 3.0)


def test_the_other_reserves_add_only_their_revaluation_to_japans_yen_result():
    def run(other_bn: float) -> dict:
        model = YieldModel(scenario="japan-sells", rng=4, n_funds=60,
                           japan_other_reserves_bn=other_bn)
        model.run(45)
        return summarize(model, model.timeseries())

    with_reserves, without = run(255.0), run(0.0)
    assert with_reserves["usdjpy_end"] == without["usdjpy_end"]
    revaluation = 255.0 * (with_reserves["usdjpy_end"] - with_reserves["usdjpy_start"])
    assert with_reserves["other_reserves_gain_local_bn"]["japan"] == pytest.approx(revaluation)
    assert without["other_reserves_gain_local_bn"]["japan"] == 0.0
    assert (with_reserves["gain_local_bn"]["japan"] - without["gain_local_bn"]["japan"]
            == pytest.approx(revaluation))
    assert with_reserves["gain_local_bn"]["china"] == without["gain_local_bn"]["china"]


def test_the_model_records_usdjpy_from_its_start_level():
    model = YieldModel(scenario="trade-war-2019", rng=3, n_funds=60)
    model.run(5)
    frame = model.timeseries()
    assert frame["usdjpy"].iloc[0] == pytest.approx(111.29)
    assert (frame["usdjpy"] > 0).all() and frame["usdjpy"].nunique() > 1
    assert "gain_local_japan" in frame and "gain_local_china" in frame


def test_the_fx_market_never_moves_bond_yields():
    def yields(**settings: float) -> np.ndarray:
        model = YieldModel(scenario="japan-sells", rng=4, n_funds=60, **settings)
        model.run(45)
        return model.timeseries()[["y_2y", "y_10y"]].to_numpy()

    np.testing.assert_array_equal(yields(), yields(fx_impact_pct_per_100bn=20.0,
                                                   fx_sell_america_pct_per_uncertainty=5.0,
                                                   fx_noise_pct_per_day=2.0))


def test_a_sale_repatriated_weakens_the_dollar_and_costs_japan_more_in_yen():
    def run(scenario: str, **settings: float) -> tuple[YieldModel, dict]:
        model = YieldModel(scenario=scenario, rng=4, n_funds=60, fed_backstop=False,
                           **settings)
        model.run(45)
        return model, summarize(model, model.timeseries())

    sells, sells_summary = run("japan-sells")
    calm, calm_summary = run("baseline")
    unconverted, _ = run("japan-sells", fx_impact_pct_per_100bn=0.0)
    # $100bn converted over 21 days: four days after, the flow's own part (the same sale with
    # no flow impact) is at least half the impact per $100bn (the rest has faded).
    flow_pct = 100.0 * math.log(sells.fx.usdjpy / unconverted.fx.usdjpy)
    assert flow_pct < -0.5 * ModelParams().fx_impact_pct_per_100bn
    # Net of the carry the sale's higher US yields add, the dollar is still weaker.
    assert sells.fx.usdjpy < calm.fx.usdjpy
    dollar_loss = calm_summary["mtm_gain_bn"]["japan"] - sells_summary["mtm_gain_bn"]["japan"]
    yen_loss = (calm_summary["gain_local_in_start_usd_bn"]["japan"]
                - sells_summary["gain_local_in_start_usd_bn"]["japan"])
    assert yen_loss > dollar_loss > 0.0


def test_carry_on_the_expected_path_ignores_a_sales_term_premium():
    """A sale lifts the 2y through supply, not the policy path: with carry on the expected
    path only, that rise no longer props the dollar up, so the yen ends stronger."""
    def usdjpy(**settings: object) -> float:
        model = YieldModel(scenario="japan-sells", rng=4, n_funds=60, fed_backstop=False,
                           fx_noise_pct_per_day=0.0, **settings)
        model.run(41)
        return model.fx.usdjpy

    def calm(**settings: object) -> float:
        model = YieldModel(scenario="baseline", rng=4, n_funds=60, fed_backstop=False,
                           fx_noise_pct_per_day=0.0, news_level_bp=0.0, news_slope_bp=0.0,
                           **settings)
        model.run(41)
        return model.fx.usdjpy

    # Without news the expected path stays at its start, and so does the dollar, though the
    # 2y close drifts with its term premium.
    assert calm(fx_carry_on_expected_path=True) == pytest.approx(ModelParams().start_usdjpy)
    assert calm() != pytest.approx(ModelParams().start_usdjpy)
    assert usdjpy(fx_carry_on_expected_path=True) < usdjpy() * (1.0 - 0.003)


@pytest.mark.parametrize("name, value", [("start_usdjpy", 0.0), ("fx_impact_half_life_days", 0.0),
                                         ("japan_official_share", 1.5)])
def test_a_bad_fx_parameter_is_one_line(name: str, value: float):
    with pytest.raises(ParameterError) as error:
        YieldModel(scenario="baseline", rng=1, n_funds=60, **{name: value})
    assert "\n" not in str(error.value)


def test_the_flow_impact_is_the_fit_episodes_figure_and_measured_as_documented():
    from yieldsim.calibration.interventions import (
        FIT,
        INTERVENTIONS,
        Intervention,
        measure,
        pooled,
    )
    from yieldsim.history.data import market_data

    params = ModelParams()
    table = measure(market_data().frame, params)
    assert (table["role"] == FIT).sum() == 1 and len(table) == len(INTERVENTIONS)
    fit = table.loc[table["role"] == FIT, "pct_per_100bn"].iloc[0]
    assert round(fit, 1) == params.fx_impact_pct_per_100bn
    # On a made-up window: $100bn sold, USD/JPY down 5% in log terms, the 2y down 20bp
    # (carry 0.9% of it at 4.5% per 100bp): the flow's part is 4.1% per $100bn.
    frame = pd.DataFrame({"usdjpy": [100.0, 100.0 * math.exp(-0.05)], "y_2y": [4.0, 3.8]},
                         index=["2030-01-01", "2030-01-02"])
    made_up = Intervention("made up", "2030-01-01", "2030-01-02", (10_000.0,))
    row = measure(frame, params, (made_up,)).iloc[0]
    assert row["sold_bn"] == pytest.approx(100.0)
    assert row["pct_per_100bn"] == pytest.approx(5.0 - 0.9)
    value, se = pooled(measure(frame, params, (made_up,)), params)
    assert value == pytest.approx(4.1) and se == pytest.approx(params.fx_noise_pct_per_day)
