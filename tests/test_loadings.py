"""How each bucket loads on the slow layers: parameters, read where the layers are built.

A loading moves its own bucket's response to a driver and nothing else; the bucket a driver
is sized at keeps a loading of 1; and a loading never moves a start yield, since the
expected-rate start is what is left of the yield after the term premium.
"""

from __future__ import annotations

import numpy as np
import pytest

from model.components import CurveLoadings, ExpectedRates, start_term_premium
from model.params import ModelParams, ParameterError
from model.yieldmodel import YieldModel

BUCKETS = ("2y", "5y", "10y", "30y")


def test_the_bucket_a_driver_is_sized_at_keeps_a_loading_of_one() -> None:
    loadings = CurveLoadings.of(ModelParams(tp_loading_2y=0.9, growth_loading_10y=0.1,
                                            news_slope_loading_5y=-1.0))
    assert loadings.term_premium[2] == 1.0
    assert loadings.growth[0] == 1.0
    assert loadings.news_level[:3].tolist() == [1.0, 1.0, 1.0]
    assert loadings.news_slope[[0, 2]].tolist() == [1.0, 0.0]
    assert loadings.term_premium[0] == 0.9
    assert loadings.growth[2] == 0.1
    assert loadings.news_slope[1] == -1.0


def test_growth_news_moves_each_bucket_by_its_own_loading() -> None:
    params = ModelParams(growth_loading_30y=1.5)
    rates = ExpectedRates(start=np.full(4, 3.0), speed=1.0, loadings=CurveLoadings.of(params))
    rates.retarget(inflation_bp=0.0, growth_bp=20.0, policy_bp=0.0)
    rates.advance(0.0, 0.0)
    expected = np.array([1.0, params.growth_loading_5y, params.growth_loading_10y, 1.5]) * 0.2
    np.testing.assert_allclose(3.0 - rates.value, expected)


def test_slope_news_follows_its_loadings_and_leaves_the_10y() -> None:
    loadings = CurveLoadings.of(ModelParams(news_slope_loading_30y=-0.8))
    rates = ExpectedRates(start=np.full(4, 3.0), speed=1.0, loadings=loadings)
    rates.advance(level_news_bp=0.0, slope_news_bp=10.0)
    np.testing.assert_allclose(rates.value - 3.0, loadings.news_slope * 0.1)
    assert rates.value[2] == 3.0


def test_a_term_premium_loading_moves_its_bucket_not_the_start_yield() -> None:
    default = YieldModel(scenario="baseline", rng=1)
    steeper = YieldModel(scenario="baseline", rng=1, tp_loading_2y=0.9)
    frames = {name: model.timeseries().iloc[0] for name, model in
              (("default", default), ("steeper", steeper))}
    for bucket in BUCKETS:
        assert frames["steeper"][f"y_{bucket}"] == pytest.approx(frames["default"][f"y_{bucket}"])
    premium = start_term_premium(steeper.params)
    assert premium[0] == pytest.approx(0.9 * steeper.params.start_term_premium_10y)
    assert frames["steeper"]["y2_term_premium"] == pytest.approx(premium[0])
    assert frames["steeper"]["y2_expected_rate"] == pytest.approx(
        frames["default"]["y2_expected_rate"] - 0.6 * steeper.params.start_term_premium_10y)


def test_the_april_term_premium_of_the_2y_scales_with_its_loading() -> None:
    """The 2y's share of the uncertainty premium is its loading (the 10y's is unchanged)."""
    runs = {}
    for loading in (0.3, 0.6):
        model = YieldModel(scenario="liberation-day-2025", rng=3, tp_loading_2y=loading,
                           news_level_bp=0.0, news_slope_bp=0.0)
        model.run(27)
        frame = model.timeseries()
        runs[loading] = frame["y2_term_premium"] - frame["y2_term_premium"].iloc[0]
    rise = runs[0.3].abs().max()
    assert rise > 0.05
    np.testing.assert_allclose(runs[0.6].abs().max() / rise, 2.0, rtol=0.1)


@pytest.mark.parametrize("name,value", [("tp_loading_2y", -0.1), ("policy_loading_30y", 2.5),
                                        ("news_slope_loading_30y", -3.0)])
def test_a_loading_outside_its_range_is_refused(name: str, value: float) -> None:
    with pytest.raises(ParameterError, match=name):
        ModelParams.resolved({name: value})
