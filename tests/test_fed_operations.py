"""The Fed's operations clear like real ones, and rates respect their floors (hand-made states)."""

import numpy as np
import pytest

from model.components import ExpectedRates
from model.events import make_event
from model.orders import HolderType, OrderBatch
from model.yieldmodel import YieldModel
from tests.helpers import START, batch, make_market


def fed_batch(face, holdings=1000.0):
    """One Fed operation (a reverse auction) for the four buckets."""
    orders = np.asarray(face, dtype=float)[:, None]
    return OrderBatch(sender="fed", holder_type=HolderType.FED, face=orders,
                      available=np.full_like(orders, holdings), reverse_auction=True)


def test_without_client_depth_purchases_take_only_what_dealers_are_long_of():
    market = make_market()
    market.inventory = np.array([30.0, -5.0, 0.0, 10.0])
    result = market.clear([fed_batch([50, 50, 50, 5])])
    assert np.allclose(result.fills[0][:, 0], [30, 0, 0, 5])
    assert np.allclose(market.inventory, [0, -5, 0, 5])
    assert np.allclose(market.pending_bn, [20, 50, 50, 0])


def test_clients_offer_through_dealers_up_to_the_day_s_depth_and_the_rest_carries_over():
    market = make_market()
    market.offer_depth_bn = 60.0
    market.inventory = np.array([0.0, -5.0, 0.0, 10.0])
    # Three 20bn bids share the 60bn depth: each fills, even where dealers are short, and
    # dealers end short what they tendered beyond their own longs.
    result = market.clear([fed_batch([20, 20, 20, 0])])
    assert np.allclose(result.fills[0][:, 0], [20, 20, 20, 0])
    assert np.allclose(market.inventory, [-20, -25, -20, 10])
    assert np.allclose(market.pending_bn, 0.0)
    # A day's operation beyond the depth is carried over.
    market.inventory = np.zeros(4)
    result = market.clear([fed_batch([200, 0, 0, 0])])
    assert np.isclose(result.fills[0][0, 0], 60.0)
    assert np.isclose(market.pending_bn[0], 140.0)


def test_clients_depth_stops_where_dealers_balance_sheets_are_full():
    market = make_market()
    market.offer_depth_bn = 500.0
    weights = market.ten_year_weights
    # Dealers already short, near capacity in 10y-equivalents: the depth may only fill the room.
    market.inventory = np.array([0.0, 0.0, -0.9 * market.capacity_bn / weights[2], 0.0])
    result = market.clear([fed_batch([0, 0, 400, 0])])
    assert market.utilization() == pytest.approx(market.max_utilization)
    room_face = 0.1 * market.capacity_bn / weights[2]
    assert result.fills[0][2, 0] == pytest.approx(room_face)
    assert market.pending_bn[2] == pytest.approx(400.0 - room_face)
    # What dealers are long of is tendered whatever the room: it frees balance sheet.
    market.inventory = np.array([0.0, 0.0, market.capacity_bn / weights[2], 0.0])
    result = market.clear([fed_batch([0, 0, 400, 0])])
    assert result.fills[0][2, 0] >= market.capacity_bn / weights[2] - 1e-9
    assert market.utilization() <= market.max_utilization + 1e-9


def test_qe3_sized_purchases_fill_on_schedule_through_the_tantrum():
    # $45bn a month against offers covering the NY Fed's operations several times over: no
    # backlog builds while dealers are short (it did with fills limited to their longs).
    model = YieldModel(scenario="taper-tantrum-2013", rng=2013, n_funds=300, news_level_bp=0.0,
                       news_slope_bp=0.0)
    worst = 0.0
    for _ in range(model.timeline.steps):
        model.step()
        worst = max(worst, float(model.fed.backlog_bn.sum()))
    assert worst < 1e-9
    assert float(model.market.inventory.min()) < 0.0  # dealers were short at some point


def test_without_client_depth_purchases_never_make_dealers_short():
    market = make_market()
    result = market.clear([batch([[-40, 0, 0, 0]]), fed_batch([100, 0, 0, 0])])
    assert np.isclose(result.fills[1][0, 0], 40)
    assert np.all(market.inventory >= -1e-12)


def test_unfilled_purchases_make_bonds_richer_so_holders_offer():
    quiet, bidding = make_market(), make_market()
    quiet.clear([])
    bidding.clear([fed_batch([0, 0, 100, 0])])
    fundamental = START.copy()
    assert bidding.quote(fundamental, np.zeros(4))[1][2] < quiet.quote(fundamental,
                                                                       np.zeros(4))[1][2]


def test_without_client_depth_sales_fill_only_what_dealers_are_short_of():
    market = make_market()
    market.inventory = np.array([-20.0, 10.0, 0.0, 0.0])
    result = market.clear([fed_batch([-50, -50, 0, 0])])
    assert np.allclose(result.fills[0][:, 0], [-20, 0, 0, 0])
    assert np.allclose(market.inventory, [0, 10, 0, 0])


def test_the_fed_carries_unfilled_programme_amounts_over():
    model = YieldModel(scenario="baseline", rng=3, n_funds=60)
    model.inject(make_event("fed", {"action": "backstop", "amount_bn": 300, "days": 2}))
    model.run(1)
    model.run(2)
    bought = model.fed.purchases_total_bn
    assert bought < 300.0
    assert np.isclose(model.fed.backlog_bn.sum(), 300.0 - bought)
    model.run(200)
    assert model.fed.purchases_total_bn == pytest.approx(300.0, abs=1.0)


def test_fed_sales_leave_the_book_and_carry_over():
    model = YieldModel(scenario="baseline", rng=3, n_funds=60)
    start = model.fed.holdings.sum()
    model.inject(make_event("fed", {"action": "sell", "amount_bn": 50, "days": 5}))
    model.run(120)
    sold = -model.fed.purchases_total_bn
    assert 0.0 < sold <= 50.0 + 1e-9
    runoff = 120 * model.fed.runoff_per_day.sum()
    assert np.isclose(model.fed.holdings.sum(), start - sold - runoff, atol=1e-6)


def test_backstop_events_go_through_the_feds_method():
    model = YieldModel(scenario="baseline", rng=3, n_funds=60)
    model.inject(make_event("fed", {"action": "backstop", "enabled": False}))
    model.run(2)
    assert model.fed.backstop_enabled is False


def test_full_dealers_refuse_the_crowded_side_entirely_before_growing_further():
    market = make_market(capacity_bn=10.0)
    market.inventory = np.array([0.0, 0.0, 10.0, 0.0])   # already at capacity
    result = market.clear([batch([[0, 0, -30, 0]]), batch([[0, 0, 5, 0]])])
    assert np.allclose(result.fills[0][:, 0], [0, 0, -5, 0])  # sells only against buys
    assert market.utilization() <= 1.0 + 1e-9


def test_the_auction_tail_is_bounded_by_the_days_issuance():
    market = make_market(capacity_bn=10.0)
    auction = OrderBatch(sender="treasury", holder_type=HolderType.TREASURY,
                         face=np.array([[0.0], [0], [-4], [0]]), available=None, must_fill=True)
    sellers = batch([[0, 0, -30, 0]])
    for _ in range(5):
        market.clear([auction, sellers])
    # Dealers took every auction but refused the sellers once full: beyond capacity only by
    # the auctions taken while full (four of them), never by a discretionary order.
    assert np.isclose(market.inventory[2], 10.0 + 4 * 4.0)
    buyers = batch([[0, 0, 12, 0]])
    market.clear([auction, buyers, sellers])
    assert market.inventory[2] < 26.0                 # clients' buying lays the tail off


def test_the_expected_rate_component_stops_at_the_lower_bound():
    rates = ExpectedRates(start=np.array([0.3, 0.6, 1.0, 1.5]), speed=1.0, floor=0.125)
    rates.retarget(inflation_bp=0.0, growth_bp=200.0, policy_bp=-500.0)
    rates.advance(0.0, 0.0)
    assert np.all(rates.value >= 0.125)
    assert rates.value[0] == pytest.approx(0.125)


def test_a_deep_recession_and_a_500bp_cut_leave_yields_above_the_floor():
    model = YieldModel(scenario="baseline", rng=5, n_funds=60)
    model.inject(make_event("fed", {"action": "rate", "change_bp": -500}))
    model.inject(make_event("shock", {"growth_bp": 200, "uncertainty": 3}))
    model.run(60)
    frame = model.timeseries()
    lowest = frame[["y_2y", "y_5y", "y_10y", "y_30y"]].to_numpy().min()
    assert lowest >= model.params.yield_floor_pct - 1e-9
    assert lowest > -0.25
    assert frame["y_2y"].iloc[-1] < 0.6           # the short end sits near the lower bound


def test_a_low_rate_start_state_from_scenario_params_behaves():
    low = {"start_yield_2y": 0.3, "start_yield_5y": 0.8, "start_yield_10y": 1.2,
           "start_yield_30y": 1.8, "start_term_premium_10y": 0.2}
    calm = YieldModel(scenario="baseline", rng=4, n_funds=60, **low)
    cut = YieldModel(scenario="baseline", rng=4, n_funds=60, **low)
    cut.inject(make_event("fed", {"action": "rate", "change_bp": -100}))
    calm.run(40)
    cut.run(40)
    assert np.all(cut.timeseries()[["y_2y", "y_10y"]].to_numpy() > -0.25)
    # At the floor a cut cannot move the expected short rate much further down.
    assert calm.rates.value[0] - cut.rates.value[0] < 0.2
