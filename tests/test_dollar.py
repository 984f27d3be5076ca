"""What a run shows of the dollar: which sovereigns, their figures and how they are written."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.summary import summarize
from model.yieldmodel import YieldModel
from yieldsim.dollar import SOLD_BN, from_model, money, shown_keys, summary_lines


def summary(china_sold_bn: float = 10.0, trend_bn: float = 10.0) -> dict:
    """A summary with the keys the dollar lines read."""
    return {
        "usdjpy_start": 150.16, "usdjpy_end": 142.4263, "usdjpy_change_pct": -5.150293,
        "gain_local_bn": {"japan": -5166.530594, "china": 77.998525},
        "gain_local_in_start_usd_bn": {"japan": -34.406837, "china": 10.728821},
        "mtm_gain_bn": {"japan": -8.344226, "china": -4.295011, "other_official": -5.04},
        "sales_by_sovereign_bn": {"japan": 100.0, "china": china_sold_bn, "other_official": 0.0},
        "foreign_official_trend_sales_bn": trend_bn,
        "other_reserves_bn": {"japan": 255.0, "china": 0.0},
    }


def test_japan_is_always_shown_and_china_only_once_it_sells_beyond_its_trend() -> None:
    assert shown_keys(summary(china_sold_bn=10.0)) == ["japan"]
    assert shown_keys(summary(china_sold_bn=10.0 + SOLD_BN)) == ["japan"]
    assert shown_keys(summary(china_sold_bn=10.0 + 2 * SOLD_BN)) == ["japan", "china"]
    held = summary()
    held["sales_by_sovereign_bn"]["japan"] = 0.0
    assert shown_keys(held) == ["japan"], "Japan's yen result moves with the dollar unsold"


def test_the_summary_lines_give_usdjpy_and_each_shown_sovereign() -> None:
    assert summary_lines(summary(china_sold_bn=160.0)) == [
        "  USD/JPY: 150.16 → 142.43 yen per dollar (-5.2%)",
        "  Japan's result in yen (bonds, coupons and FX; other reserves $255bn): -¥5,167bn "
        "(-$34.4bn at the start rate)",
        "    against its bonds' mark-to-market in dollars: -$8.3bn",
        "  China's result in renminbi (bonds, coupons and FX): +CN¥78bn (+$10.7bn at the start "
        "rate)",
        "    against its bonds' mark-to-market in dollars: -$4.3bn",
    ]


def test_a_summary_without_other_reserves_names_none() -> None:
    older = summary()
    del older["other_reserves_bn"]
    assert summary_lines(older)[1].startswith("  Japan's result in yen (bonds, coupons and FX): ")


@given(amount=st.floats(-1e7, 1e7, allow_nan=False), decimals=st.integers(0, 2))
def test_money_puts_the_sign_first_and_reads_back_as_the_rounded_amount(amount: float,
                                                                       decimals: int) -> None:
    text = money("¥", amount, decimals)
    sign, rest = text[0], text[1:]
    assert rest.startswith("¥") and rest.endswith("bn")
    value = float(rest[1:-2].replace(",", ""))
    assert math.copysign(value, -1.0 if sign == "-" else 1.0) == pytest.approx(
        round(amount, decimals), abs=10 ** -decimals / 2)
    assert sign == ("-" if round(amount, decimals) < 0 else "+")
    assert "-0" not in text[1:]


@pytest.mark.parametrize("scenario, shown", [("baseline", ["japan"]),
                                             ("china-retaliates", ["japan", "china"])])
def test_the_books_from_a_run_carry_its_start_rates_and_end_figures(scenario: str,
                                                                    shown: list[str]) -> None:
    model = YieldModel(scenario=scenario, rng=4, n_funds=30)
    model.run(80)
    frame = model.timeseries()
    result = summarize(model, frame)
    books = from_model(model, result)
    assert [book.key for book in books] == shown
    rates = {"japan": model.params.start_usdjpy, "china": model.params.usdcny}
    for book in books:
        assert book.start_rate == pytest.approx(rates[book.key])
        assert book.local_bn == pytest.approx(frame[f"gain_local_{book.key}"].iloc[-1], abs=1e-5)
        assert book.local_in_start_usd_bn == pytest.approx(
            result["gain_local_in_start_usd_bn"][book.key], abs=1e-5)
        assert book.dollar_bn == result["mtm_gain_bn"][book.key]
    assert books[0].currency == "yen" and books[0].symbol == "¥"
