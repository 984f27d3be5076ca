"""Clearing is tested alone: hand-made orders from fake senders, no agents."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from model.orders import HolderType, OrderBatch
from tests.helpers import START, batch, make_market


def test_matched_orders_leave_dealers_flat():
    market = make_market()
    result = market.clear([batch([[10, 0, 0, 0]]), batch([[-10, 0, 0, 0]])])
    assert np.allclose(result.client_net, 0)
    assert np.allclose(market.inventory, 0)
    assert np.allclose(result.fills[0], [[10], [0], [0], [0]])


def test_dealers_absorb_net_selling():
    market = make_market()
    result = market.clear([batch([[-30, -20, 0, 0]])])
    assert np.allclose(market.inventory, [30, 20, 0, 0])
    assert np.allclose(result.dealer_trade, [30, 20, 0, 0])
    assert market.utilization() > 0


def test_sells_are_capped_at_holdings():
    market = make_market()
    orders = batch([[-50, 0, 0, 0]], available=np.array([[20.0], [0], [0], [0]]))
    result = market.clear([orders])
    assert np.allclose(result.fills[0][:, 0], [-20, 0, 0, 0])
    assert np.allclose(result.capped, [30, 0, 0, 0])


def test_full_dealers_ration_the_heavy_side_pro_rata():
    market = make_market(capacity_bn=10.0)
    sellers = batch([[-40, 0, 0, 0], [-60, 0, 0, 0]])
    buyers = batch([[20, 0, 0, 0]])
    result = market.clear([sellers, buyers])
    assert np.isclose(market.utilization(), market.max_utilization, atol=1e-6)
    sold = -result.fills[0][0]
    assert np.isclose(sold[0] / sold[1], 40 / 60)          # pro rata
    assert np.allclose(result.fills[1][0], [20])              # the light side is filled in full
    assert result.rationed[0] > 0


def test_must_fill_orders_pass_even_when_dealers_are_full():
    market = make_market(capacity_bn=1.0)
    auction = OrderBatch(sender="treasury", holder_type=HolderType.TREASURY,
                         face=np.array([[-50.0], [0], [0], [0]]), available=None, must_fill=True)
    result = market.clear([auction])
    assert np.allclose(result.fills[0][:, 0], [-50, 0, 0, 0])
    assert market.utilization() > 1


def test_inventory_cheapens_bonds_and_strain_steepens_it():
    calm, full = make_market(capacity_bn=1000.0), make_market(capacity_bn=60.0)
    for market in (calm, full):
        market.clear([batch([[0, 0, -50, 0]])])
    _, calm_yields = calm.quote(START, np.zeros(4))
    _, full_yields = full.quote(START, np.zeros(4))
    assert calm_yields[2] > START[2]
    assert full.strain() > 1.5 * calm.strain()
    ratio = (full_yields[2] - START[2]) / (calm_yields[2] - START[2])
    assert np.isclose(ratio, full.strain() / calm.strain(), rtol=0.02)
    assert np.allclose(calm_yields[[0, 1, 3]], START[[0, 1, 3]])


def test_flow_impact_is_transient():
    market = make_market(capacity_bn=1e6, pressure=0.0)
    _, first = market.quote(START, np.array([0, 0, -100.0, 0]))
    for _ in range(20):
        _, later = market.quote(START, np.zeros(4))
    assert first[2] > START[2] + 0.01
    assert abs(later[2] - START[2]) < 0.01 * (first[2] - START[2])


face_matrix = arrays(float, (3, 4), elements=st.floats(-80, 80, allow_nan=False))


@settings(max_examples=150, deadline=None)
@given(face_matrix, face_matrix, st.floats(5.0, 500.0),
       arrays(float, (3, 4), elements=st.floats(0, 60)))
def test_clearing_conserves_face_and_respects_holdings(a, b, capacity, held):
    market = make_market(capacity_bn=capacity)
    first = batch(a, available=held.T.copy())
    second = batch(b, available=held.T.copy(), holder_type=HolderType.ASSET_MANAGER)
    asked = [first.face.copy(), second.face.copy()]  # the market may cap orders in place
    result = market.clear([first, second])
    filled = result.fills[0].sum(axis=1) + result.fills[1].sum(axis=1)
    assert np.allclose(filled + result.dealer_trade, 0.0, atol=1e-9)
    assert np.allclose(market.inventory, result.dealer_trade)
    for order, face, fill in zip((first, second), asked, result.fills, strict=True):
        assert np.all(fill >= -order.available - 1e-9)               # no shorting
        assert np.all(np.abs(fill) <= np.abs(face) + 1e-9)           # never more than asked
        assert np.all(fill * face >= -1e-12)                         # never the other way
    assert market.utilization() <= max(market.max_utilization, 0) + 1e-6
