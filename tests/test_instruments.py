import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from model.instruments import MATURITIES_YEARS, Curve, bond_price, bond_yield, modified_duration
from tests.helpers import START


def test_par_bond_prices_at_100():
    assert np.allclose(Curve(START.copy()).price(START), 100.0)


def test_known_price_of_a_ten_year_note():
    # 10y, 4% coupon at a 5% yield: sum of 20 coupons of 2 discounted at 2.5% plus principal.
    v = 1 / 1.025
    expected = 2 * (1 - v ** 20) / 0.025 + 100 * v ** 20
    assert np.isclose(bond_price(5.0, 4.0, 10.0), expected, rtol=0, atol=1e-10)
    assert np.isclose(expected, 92.2054, atol=1e-4)


@settings(deadline=None)
@given(st.floats(-0.5, 15.0), st.sampled_from(list(MATURITIES_YEARS)), st.floats(0.0, 8.0))
def test_yield_inverts_price_exactly(yield_pct, maturity, coupon):
    price = bond_price(yield_pct, coupon, maturity)
    assert abs(float(bond_yield(price, coupon, maturity)) - yield_pct) < 1e-9


def test_price_falls_as_yield_rises_and_duration_grows_with_maturity():
    curve = Curve(START.copy())
    assert np.all(curve.price(START + 0.5) < curve.price(START))
    durations = curve.durations(START)
    assert np.all(np.diff(durations) > 0)
    assert 8.0 < durations[2] < 8.3  # 10y par note near 4%: about 8.1 years


def test_modified_duration_matches_a_small_bump():
    d = modified_duration(4.16, 4.16, 10.0)
    up = bond_price(4.17, 4.16, 10.0)
    assert np.isclose((100 - up) / 100 / 0.0001, d, rtol=0.01)
