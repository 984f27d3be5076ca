"""The state that gives a tariff shock its sign: the Fed's room, hedging and programme pricing.

These pin the mechanisms, not results: room as a function of inflation, the easing and the
hedging it switches on, a Fed programme priced as a stock when it is announced.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.components import ExpectedRates, SupplyPremium, default_loadings
from model.events import make_event
from model.fed_policy import fed_room
from model.params import ModelParams
from model.yieldmodel import YieldModel

PARAMS = ModelParams()


@given(st.floats(-5.0, 20.0, allow_nan=False))
def test_room_is_between_zero_and_one_and_falls_with_inflation(inflation: float) -> None:
    room = fed_room(inflation, PARAMS)
    assert 0.0 <= room <= 1.0
    assert fed_room(inflation + 0.1, PARAMS) <= room


def test_room_is_full_at_target_and_gone_a_band_above() -> None:
    target, band = PARAMS.inflation_target_pct, PARAMS.fed_room_band_pp
    assert fed_room(target, PARAMS) == 1.0
    assert fed_room(target + band, PARAMS) == 0.0
    assert fed_room(target + band / 2, PARAMS) == pytest.approx(0.5)


def test_easing_lowers_the_path_by_the_policy_loadings() -> None:
    calm = ExpectedRates(start=np.full(4, 3.0), speed=1.0)
    eased = ExpectedRates(start=np.full(4, 3.0), speed=1.0)
    calm.advance(0.0, 0.0)
    eased.advance(0.0, 0.0, easing_bp=25.0)
    np.testing.assert_allclose(calm.value - eased.value, default_loadings().policy * 0.25)


def test_an_expected_stock_is_priced_without_a_flow_premium() -> None:
    def premium(expected: list[float] | None) -> tuple[float, float]:
        supply = SupplyPremium(normal=np.zeros(4), flow_decay=0.9, stock_bp_per_100bn=2.0,
                               flow_bp_per_100bn=50.0, scale=2.0)
        return supply.update([0.0] * 4, np.ones(4), expected), supply.recent

    (none, _), (priced, recent) = premium(None), premium([0.0, 0.0, 100.0, 0.0])
    assert none == 0.0
    assert recent == 0.0  # an announcement needs no balance sheet yet
    assert priced == pytest.approx(2.0 * 2.0 * 100.0 / 100.0)  # scale x stock x $100bn


def _programme_premia(priced_share: float, days: int = 100, pace: float = 2.0) -> list[float]:
    """A buyer taking `pace` ($bn 10y-eq) a day out of private hands for `days` days, then
    40 quiet days: the supply premium each day, the programme announced on day 0."""
    supply = SupplyPremium(normal=np.zeros(4), flow_decay=0.99, stock_bp_per_100bn=0.0,
                           flow_bp_per_100bn=50.0, scarcity_share=0.5, learning=1 / 63)
    premia = []
    for day in range(days + 40):
        bought = pace * min(day, days)  # by the close before today's operation
        left = max(days - day, 0)
        supply.expect_programme(bought, pace, left, priced_share)
        premia.append(supply.update([0.0, 0.0, -bought, 0.0], np.ones(4)))
    return premia


def test_a_programmes_flow_premium_is_priced_when_announced() -> None:
    # Priced: the premium the purchases will have built by the end is there on day one and
    # stays about flat; unpriced, it builds with the purchases.
    priced, unpriced = _programme_premia(1.0), _programme_premia(0.0)
    end = unpriced[100]
    assert end < -10.0
    assert priced[1] < 0.8 * end          # at least 80% of the end effect on announcement
    assert unpriced[1] > 0.1 * end        # against a tenth without pricing
    assert priced[100] == pytest.approx(end, rel=0.02)  # nothing is counted twice
    assert min(priced) > 1.1 * end        # no hump: at most 10% beyond the end effect
    assert _programme_premia(0.5)[1] == pytest.approx((priced[1] + unpriced[1]) / 2, rel=0.05)


def test_after_a_programme_ends_its_premium_fades_as_any_flow_does() -> None:
    priced, unpriced = _programme_premia(1.0), _programme_premia(0.0)
    assert priced[-1] == pytest.approx(unpriced[-1])
    assert abs(priced[-1]) < abs(priced[100])


def _room_path(scenario: str, **settings: float) -> np.ndarray:
    model = YieldModel(scenario=scenario, rng=5, n_funds=60, **settings)
    model.run()
    return model.timeseries()["fed_room"].to_numpy()


def test_small_targeted_tariffs_leave_the_fed_room_and_universal_ones_take_it() -> None:
    # 2019: core PCE 1.6% and a ~1pp effective tariff rise: room stays full throughout.
    assert _room_path("trade-war-2019").min() == 1.0
    # 2025 from the same inflation: Liberation Day's ~15pp pass through and close the room.
    room_2025 = _room_path("liberation-day-2025", start_inflation_pct=1.6)
    assert room_2025[0] == 1.0 and room_2025[23:27].max() == 0.0  # 3-8 April


def test_with_room_the_april_week_rises_less() -> None:
    def april_rise(**settings: float) -> float:
        # Frictionless: 60 funds' margin cascades would swamp the comparison.
        model = YieldModel(scenario="liberation-day-2025", rng=11, n_funds=60,
                           frictionless=True, **settings)
        model.run(40)
        frame = model.timeseries().set_index("date")
        return float(frame.loc["2025-04-11", "y_10y"] - frame.loc["2025-04-02", "y_10y"])

    # A Fed with room whatever tariffs do (inflation far below target, a wide band) eases
    # into the uncertainty and Treasuries hedge it: from Liberation Day to the week's end
    # the same seed's 10y rises less (here it falls).
    assert april_rise(start_inflation_pct=-3.0, fed_room_band_pp=10.0) < april_rise() - 0.3


def test_a_programme_is_priced_when_announced() -> None:
    def ten_year(scenario: str) -> np.ndarray:
        model = YieldModel(scenario=scenario, rng=2, n_funds=60)
        model.run(30)
        return model.timeseries()["y_10y"].to_numpy()

    with_programme, without = ten_year("fed-purchases-2009"), ten_year("baseline")
    assert np.allclose(with_programme[:20], without[:20])  # announced at step 20
    # Within five days of the announcement, before the reverse auctions have bought much,
    # the expected stock, the flow premium the purchases will build and the signal have
    # already lowered the 10y (D'Amico & King 2013: most of the effect on announcement).
    assert (with_programme[25] - without[25]) * 100 < -10.0


def test_the_put_prices_the_whole_shock_on_its_first_day() -> None:
    # Stress takes days to arrive (the VIX), the cuts it calls for are priced at once
    # (futures): on the first day the 2y's expected rate does not depend on the arrival.
    def first_day(share: float) -> tuple[float, float]:
        model = YieldModel(scenario="baseline", rng=1, n_funds=60, news_level_bp=0.0,
                           news_slope_bp=0.0, uncertainty_first_day_share=share)
        model.inject(make_event("shock", {"uncertainty": 1.0}))
        model.run(1)
        frame = model.timeseries()
        return float(frame["y2_expected_rate"].iloc[-1]), model.uncertainty.level

    (rate_split, level_split), (rate_whole, level_whole) = first_day(0.3), first_day(1.0)
    assert rate_split == pytest.approx(rate_whole, abs=1e-9)
    assert level_split < 0.5 * level_whole  # while the stress itself is still arriving


def test_a_days_tariff_news_is_one_shock() -> None:
    # Uncertainty grows less than in proportion to a change, so announcements made the same
    # day must add what their sum does: ten country rates on 2 April 2025 are one shock.
    def level_after(steps: list[float]) -> float:
        model = YieldModel(scenario="baseline", rng=1, n_funds=60)
        for rate in steps:
            model.tariffs.set_rate("china", rate)
            model.tariff_news()
        model.settle_tariff_uncertainty()
        return model.uncertainty.level

    in_steps, at_once = level_after([0.2, 0.4, 0.6]), level_after([0.6])
    assert in_steps == pytest.approx(at_once)
    assert at_once > 0.0


def test_a_fed_with_room_keeps_the_insurance_it_gave() -> None:
    def easing(**settings: float) -> tuple[float, float]:
        model = YieldModel(scenario="baseline", rng=1, n_funds=60, **settings)
        model.uncertainty.shock(1.0)
        model.run(60)  # six uncertainty half-lives: the shock itself is nearly gone
        return model.insurance_easing_bp, model.uncertainty.level

    with_room, level = easing(start_inflation_pct=1.5)
    without_room, _ = easing()
    assert level < 0.05
    # Most of the 25bp a unit of uncertainty buys was delivered, and it stays.
    assert with_room > 0.6 * PARAMS.fed_insurance_bp_per_uncertainty
    assert without_room == 0.0


def test_the_market_prices_a_fed_put_without_room_and_prices_it_out_as_stress_fades() -> None:
    # A stress shock with no room (2025's inflation): the Fed delivers no insurance, yet the
    # market prices cuts while the stress is fresh; they are gone once it has faded.
    def two_year_expected(put: float, days: int) -> float:
        model = YieldModel(scenario="baseline", rng=1, n_funds=60, news_level_bp=0.0,
                           news_slope_bp=0.0, fed_put_bp_per_uncertainty=put)
        model.uncertainty.shock(1.0)
        model.run(days)
        return float(model.timeseries()["y2_expected_rate"].iloc[-1])

    fresh_gap = (two_year_expected(0.0, 3) - two_year_expected(24.0, 3)) * 100
    assert fresh_gap > 10.0  # ~24bp x 0.9 loading x what is left of the fresh stress
    faded_gap = (two_year_expected(0.0, 40) - two_year_expected(24.0, 40)) * 100
    assert abs(faded_gap) < 0.5
