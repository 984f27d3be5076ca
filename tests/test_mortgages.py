"""Mortgage convexity: MBS duration as a function of the refinancing incentive.

The book must lengthen as yields rise (never shorten), stay within its two durations, hand
investors nothing at the start, and barely move when refinancing is far out of reach (2025).
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.mortgages import MortgageBook
from model.params import ModelParams
from model.yieldmodel import YieldModel

PARAMS = ModelParams()
TAPER_2013 = dataclasses.replace(PARAMS, start_yield_10y=1.66, mbs_private_bn=4300.0,
                                 mortgage_coupon_pct=4.3, mortgage_spread_pp=1.7)


@given(st.floats(0.0, 15.0, allow_nan=False), st.floats(0.0, 2.0, allow_nan=False))
def test_duration_lengthens_with_yields_within_its_bounds(ten_year: float, rise: float) -> None:
    book = MortgageBook.from_params(TAPER_2013)
    low, high = book.duration(ten_year), book.duration(ten_year + rise)
    assert book.short_years <= low <= high <= book.long_years


def test_the_start_hands_investors_nothing() -> None:
    book = MortgageBook.from_params(TAPER_2013)
    assert book.extension_10y_eq_bn(1.66, 9.0) == 0.0


def test_may_2013_is_in_a_refinancing_wave_and_a_100bp_rise_ends_it() -> None:
    book = MortgageBook.from_params(TAPER_2013)
    assert book.start_years == pytest.approx(3.0, abs=0.3)
    # The extension of summer 2013: about three years on ~$4tn, over $1tn of 10y-equivalents.
    assert book.extension_10y_eq_bn(2.98, 9.0) > 1000.0


def test_in_2025_refinancing_is_out_of_reach_and_the_channel_is_quiet() -> None:
    book = MortgageBook.from_params(PARAMS)
    # A 50bp swing either way moves the 2025 book's duration by under a tenth of a year.
    assert abs(book.duration(PARAMS.start_yield_10y + 0.5) - book.start_years) < 0.1
    assert abs(book.duration(PARAMS.start_yield_10y - 0.5) - book.start_years) < 0.1


def test_the_extension_raises_the_supply_premium_in_the_model() -> None:
    def supply_premium(**settings: float) -> float:
        # Without daily news the taper alone moves yields: up, so the book extends.
        model = YieldModel(scenario="taper-tantrum-2013", rng=4, n_funds=60, news_level_bp=0.0,
                           news_slope_bp=0.0, am_noise_flow_bn=0.0, **settings)
        model.run(60)
        return float(model.timeseries()["y10_supply_premium"].iloc[-1])

    # Without a book (no private MBS) the taper's premium is the Fed programme's alone.
    assert supply_premium() > supply_premium(mbs_private_bn=0.0) + 0.01
