"""Each holder type's decision rule, driven by hand-made public state."""

import numpy as np
import pytest

from agents.asset_manager import AssetManagers
from agents.leveraged import LeveragedFunds
from agents.real_money import RealMoney
from agents.sovereign import Stance
from agents.treasury import Treasury
from model.params import ModelParams
from model.state import Close
from model.tariffs import TariffSchedule
from model.yieldmodel import YieldModel
from tests.helpers import START, public_state

PARAMS = ModelParams()
TOTALS = np.array([300.0, 300.0, 200.0, 100.0])


@pytest.fixture
def model():
    return YieldModel(scenario="baseline", rng=1, n_funds=30)


def tariff_on(country, rate):
    schedule = TariffSchedule()
    schedule.set_rate(country, rate)
    return schedule


# --- sovereigns ------------------------------------------------------------------------------

def test_calm_sovereign_reinvests_passively(model):
    japan = model.sovereigns["japan"]
    orders = japan.orders(public_state())
    assert np.allclose(orders.face, 0.0)
    china = model.sovereigns["china"]
    assert np.isclose(-china.orders(public_state()).face.sum(),
                      PARAMS.china_diversify_bn_per_month / 21)


def test_tariff_pressure_threatens_first_then_sells(model):
    japan = model.sovereigns["japan"]
    japan.resolve = 1.0
    state = public_state(tariffs=tariff_on("japan", 0.60))
    sold_while_threatening = []
    for _ in range(200):
        orders = japan.orders(state)
        if japan.stance == Stance.THREATENING:
            sold_while_threatening.append(-orders.face.sum())
        if japan.stance == Stance.SELLING:
            break
    assert sold_while_threatening and max(sold_while_threatening) == 0.0
    assert any("threatens" in s.label for s in japan.statements)
    assert japan.stance == Stance.SELLING
    assert -orders.face.sum() <= PARAMS.sovereign_max_pace_bn + 1e-9
    assert -orders.face.sum() > 0


def test_no_campaign_without_resolve_or_below_threshold(model):
    japan = model.sovereigns["japan"]
    japan.resolve = 0.0
    for _ in range(300):
        japan.orders(public_state(tariffs=tariff_on("japan", 2.0)))
    assert japan.stance == Stance.CALM
    japan.resolve = 1.0
    for _ in range(300):
        japan.orders(public_state(tariffs=tariff_on("japan", PARAMS.japan_tariff_threshold)))
    assert japan.stance == Stance.CALM


def selling_japan(model):
    japan = model.sovereigns["japan"]
    japan.resolve = 1.0
    japan.grievance = PARAMS.sell_grievance
    japan.stance = Stance.THREATENING
    japan.orders(public_state(tariffs=tariff_on("japan", 0.6)))
    assert japan.stance == Stance.SELLING
    return japan


def test_pause_or_deal_stops_the_sales(model):
    japan = selling_japan(model)
    paused = tariff_on("japan", 0.6)
    paused.pause(exempt=set())
    assert np.allclose(japan.orders(public_state(tariffs=paused)).face, 0.0)
    assert japan.stance == Stance.CALM
    japan = selling_japan(model)
    deal = tariff_on("japan", 0.6)
    deal.strike_deal("japan", 0.15)
    assert np.allclose(japan.orders(public_state(tariffs=deal)).face, 0.0)
    assert japan.stance == Stance.DEAL


def test_own_losses_slow_then_stop_the_campaign(model):
    japan = selling_japan(model)
    state = public_state(tariffs=tariff_on("japan", 0.6))
    full_pace = -japan.orders(state).face.sum()
    cheap = state.prices * 0.99            # a 1% mark-to-market loss
    slower = -japan.orders(public_state(tariffs=state.tariffs, prices=cheap)).face.sum()
    assert 0 < slower < full_pace
    crash = state.prices * 0.90            # beyond the loss tolerance
    assert -japan.orders(public_state(tariffs=state.tariffs, prices=crash)).face.sum() == 0
    assert japan.stance == Stance.STOPPED


def test_having_made_its_point_a_sovereign_holds(model):
    japan = selling_japan(model)
    risen = START + PARAMS.sovereign_pain_target_bp / 100 + 0.01
    orders = japan.orders(public_state(tariffs=tariff_on("japan", 0.6), yields=risen))
    assert np.allclose(orders.face, 0.0)
    assert japan.stance == Stance.HOLDING


def test_scheduled_sale_is_even_and_pro_rata(model):
    japan = model.sovereigns["japan"]
    japan.schedule_sale(100.0, 20)
    days = [-japan.orders(public_state()).face[:, 0] for _ in range(25)]
    assert np.isclose(sum(d.sum() for d in days), 100.0)
    assert np.allclose(days[0] / days[0].sum(), japan.holdings / japan.holdings.sum())
    assert np.allclose(days[-1], 0.0)


def test_mark_to_market_counts_sale_proceeds(model):
    japan = model.sovereigns["japan"]
    prices = model.prices
    fill = -np.full((4, 1), 10.0)
    japan.settle(fill, prices)
    assert np.isclose(japan.mtm_gain_bn(prices), 0.0, atol=1e-9)
    assert japan.mtm_gain_bn(prices * 0.98) < 0


# --- leveraged funds -------------------------------------------------------------------------

def test_volatility_raises_haircuts_and_forces_sales():
    # Called funds sell all the way to a safe book today (lf_unwind_speed 1).
    funds = LeveragedFunds(np.random.default_rng(0), 500, TOTALS,
                           PARAMS.with_overrides({"lf_unwind_speed": 1.0}))
    calm = funds.orders(public_state(vol_ratio=1.0), np.zeros(500))
    assert funds.forced_sales_bn == 0 and np.all(calm.face >= 0)
    stressed = funds.orders(public_state(vol_ratio=4.0), np.zeros(500))
    assert funds.forced_sales_bn > 0
    assert np.isclose(funds.forced_sales_bn, -stressed.face.sum())
    assert np.all(stressed.face <= 1e-12)
    value = (public_state().prices / 100) @ funds.holdings
    after = value + (public_state().prices / 100) @ stressed.face
    haircut = funds.haircuts(4.0)
    assert np.all(after * haircut <= np.maximum(funds.equity, 0) + 1e-9)


def test_implied_volatility_calls_margins_before_it_is_realised():
    # Margins answer to the stress markets price (the volatility index), not only to moves
    # already made: with realised volatility calm and implied volatility at 4x, funds are
    # called as they would be at 4x realised, and none re-levers.
    implied = LeveragedFunds(np.random.default_rng(0), 500, TOTALS, PARAMS)
    realised = LeveragedFunds(np.random.default_rng(0), 500, TOTALS, PARAMS)
    implied.orders(public_state(vol_ratio=1.0, implied_vol_ratio=4.0), np.zeros(500))
    realised.orders(public_state(vol_ratio=4.0), np.zeros(500))
    assert implied.forced_sales_bn > 0
    assert np.isclose(implied.forced_sales_bn, realised.forced_sales_bn)
    calm = LeveragedFunds(np.random.default_rng(0), 500, TOTALS, PARAMS)
    calm.equity *= 1.2
    assert np.all(calm.orders(public_state(vol_ratio=1.0, implied_vol_ratio=1.5),
                              np.zeros(500)).face <= 1e-12)


def test_calm_funds_below_target_relever_slowly():
    funds = LeveragedFunds(np.random.default_rng(0), 100, TOTALS, PARAMS)
    funds.equity *= 1.2
    orders = funds.orders(public_state(vol_ratio=1.0), np.zeros(100))
    bought = orders.face.sum()
    gap = (funds.equity * funds.target_leverage).sum() - funds.holdings.sum()
    assert 0 < bought <= 2 * PARAMS.lf_relever_speed * gap


def test_a_larger_call_buffer_sells_more_and_leaves_that_share_free():
    # A called fund sells to a book that uses (1 - lf_call_buffer) of its margin capacity.
    sales = {}
    for buffer in (0.1, 0.4):
        funds = LeveragedFunds(np.random.default_rng(0), 500, TOTALS,
                               PARAMS.with_overrides({"lf_unwind_speed": 1.0,
                                                      "lf_call_buffer": buffer}))
        orders = funds.orders(public_state(vol_ratio=4.0), np.zeros(500))
        sales[buffer] = funds.forced_sales_bn
        value = (public_state().prices / 100) @ (funds.holdings + orders.face)
        called = orders.face.sum(axis=0) < 0
        used = value[called] * funds.haircuts(4.0)[called] / funds.equity[called]
        assert np.all(used <= 1.0 - buffer + 1e-9)
    assert 0 < sales[0.1] < sales[0.4]


def test_funds_relever_only_below_their_volatility_ratio():
    for ratio, relevers in ((1.5, True), (1.2, False)):
        funds = LeveragedFunds(np.random.default_rng(0), 100, TOTALS,
                               PARAMS.with_overrides({"lf_relever_vol_ratio": ratio}))
        funds.equity *= 1.2
        bought = funds.orders(public_state(vol_ratio=1.3), np.zeros(100)).face.sum()
        assert (bought > 0) == relevers


def test_volatility_sells_part_of_the_way_each_day_at_the_default_unwind_speed():
    funds = LeveragedFunds(np.random.default_rng(0), 500, TOTALS, PARAMS)
    fast = LeveragedFunds(np.random.default_rng(0), 500, TOTALS,
                          PARAMS.with_overrides({"lf_unwind_speed": 1.0}))
    funds.orders(public_state(vol_ratio=4.0), np.zeros(500))
    fast.orders(public_state(vol_ratio=4.0), np.zeros(500))
    assert 0 < funds.forced_sales_bn < fast.forced_sales_bn


def test_cheapening_costs_the_hedged_book_equity():
    # The futures-hedged (basis) book alone: the swap book's loss is in test_swaps.py.
    funds = LeveragedFunds(np.random.default_rng(0), 100, TOTALS,
                           PARAMS.with_overrides({"lf_swap_spread_share": 0.0}))
    before = funds.equity.copy()
    state = public_state()
    widen = Close(prices=state.prices, durations=state.durations,
                  pressure_bp=np.full(4, 10.0), previous_pressure_bp=np.zeros(4),
                  supply_bp=np.zeros(4), previous_supply_bp=np.zeros(4), vol_ratio=1.0)
    funds.after_close(widen)
    loss = before - funds.equity
    assert np.all(loss > 0)
    value_per_face = state.prices / 100
    widening_loss = (PARAMS.lf_spread_beta * 10 / 1e4 * state.durations * value_per_face
                     ) @ funds.holdings
    carry = (value_per_face * funds.carry) @ funds.holdings
    assert np.allclose(loss, widening_loss - carry)


# --- asset managers and real money ---------------------------------------------------------

def test_losses_bring_outflows_and_pro_rata_selling():
    funds = AssetManagers(np.random.default_rng(0), 200, TOTALS, PARAMS)
    falling = public_state(returns_20d_pct=np.full(4, -3.0))
    flows = funds.investor_flows(falling, np.zeros(200))[0]
    orders = funds.orders(falling, np.zeros(200))
    assert np.all(flows < 0) and np.isclose(funds.last_flow_bn, flows.sum())
    assert np.all(orders.face <= 1e-12)
    gains = funds.orders(public_state(returns_20d_pct=np.full(4, 3.0)), np.zeros(200))
    assert np.all(gains.face >= -1e-12)


@pytest.mark.parametrize("n", [10, 1000])
def test_aggregate_noise_flow_does_not_depend_on_fund_count(n):
    funds = AssetManagers(np.random.default_rng(0), n, TOTALS, PARAMS)
    assert np.isclose(np.sqrt((funds.flow_noise_bn ** 2).sum()), PARAMS.am_noise_flow_bn)


def test_real_money_buys_concessions_within_budget():
    investors = RealMoney(np.random.default_rng(0), 300, TOTALS, PARAMS)
    quiet = investors.orders(public_state(), np.zeros(300)).face.sum()
    cheap = investors.orders(public_state(pressure_bp=np.full(4, 20.0)), np.zeros(300))
    assert cheap.face.sum() > quiet + 0.5 * investors.budget_rate * TOTALS.sum()
    assert cheap.face.sum() <= investors.budget_rate * TOTALS.sum() + 1e-9
    rich = investors.orders(public_state(pressure_bp=np.full(4, -20.0)), np.zeros(300))
    assert rich.face.sum() < quiet


def test_real_money_absorbs_its_share_of_normal_supply():
    investors = RealMoney(np.random.default_rng(0), 50, TOTALS, PARAMS)
    investors.share_normal_supply(TOTALS)  # the investors are the only absorbers
    supply = np.array([4.0, 2.0, 1.0, 0.5])
    without = investors.orders(public_state(), np.zeros(50)).face.sum(axis=1)
    orders = investors.orders(public_state(scheduled_supply=supply), np.zeros(50))
    assert np.allclose(orders.face.sum(axis=1) - without, supply, atol=1e-9)


# --- the Fed and the Treasury ----------------------------------------------------------------

def test_runoff_matures_out_of_the_book(model):
    fed = model.fed
    before = fed.holdings.sum()
    matured = fed.mature()
    assert np.isclose(matured.sum(), PARAMS.fed_runoff_bn_per_month / 21)
    assert np.isclose(fed.holdings.sum(), before - matured.sum())


def test_backstop_bids_for_dealer_longs_under_stress_until_it_has_passed(model):
    fed = model.fed
    inventory = np.array([50.0, 30.0, -10.0, 0.0])
    calm = fed.orders(public_state(dealer_utilization=0.5, dealer_inventory=inventory))
    assert np.allclose(calm.face, 0)
    stressed = fed.orders(public_state(dealer_utilization=0.95, dealer_inventory=inventory))
    bought = stressed.face[:, 0]
    assert np.isclose(bought.sum(), min(PARAMS.fed_backstop_bn_per_day, 80.0))
    assert bought[2] == 0 and bought[0] > bought[1] > 0
    assert stressed.reverse_auction and not stressed.must_fill
    exit_level = PARAMS.fed_backstop_threshold * PARAMS.fed_backstop_exit_share
    still = fed.orders(public_state(dealer_utilization=exit_level + 0.02,
                                    dealer_inventory=inventory))
    assert still.face.sum() > 0
    done = fed.orders(public_state(dealer_utilization=exit_level - 0.02,
                                   dealer_inventory=inventory))
    assert done.face.sum() == 0
    fed.set_backstop(False)
    off = fed.orders(public_state(dealer_utilization=0.99, dealer_inventory=inventory))
    assert off.face.sum() == 0


def test_auction_calendar_issues_the_same_month_as_smoothing(model):
    smooth = Treasury(model, PARAMS, np.zeros(4))
    auctions = Treasury(model, PARAMS.with_overrides({"treasury_auctions": True}), np.zeros(4))
    dates = model.calendar
    issued_smooth = issued_auctions = 0.0
    for step in range(1, 22):
        today, before = dates.date(step), dates.date(step - 1)
        issued_smooth += smooth.due_today(today, before).sum()
        issued_auctions += auctions.due_today(today, before).sum()
    assert np.isclose(issued_auctions, issued_smooth, rtol=0.05)
    lumpy = [auctions.due_today(dates.date(s), dates.date(s - 1)).sum() for s in range(1, 22)]
    assert sum(1 for x in lumpy if x > 0) <= 4


@pytest.mark.parametrize("aversion", [0.0, 1.0, 2.0])
def test_real_money_depth_thins_with_volatility(aversion):
    params = ModelParams(rm_vol_aversion=aversion)
    investors = RealMoney(np.random.default_rng(0), 200, TOTALS, params)
    cheap = np.full(4, 20.0)
    calm = investors.orders(public_state(pressure_bp=cheap), np.zeros(200)).face.sum()
    stressed = investors.orders(public_state(pressure_bp=cheap, vol_ratio=2.0),
                                np.zeros(200)).face.sum()
    assert stressed == pytest.approx(calm * 2.0 ** -aversion)
    # Calmer than calm never raises the budget above its calm size.
    quiet = investors.orders(public_state(pressure_bp=cheap, vol_ratio=0.5),
                             np.zeros(200)).face.sum()
    assert quiet == pytest.approx(calm)
