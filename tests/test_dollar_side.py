"""The dollar side on its own: a fake sovereign's sale proceeds through the FX clearing.

No model and no agents: the dollar side needs of a sovereign only its book (holdings, the
cash its sales raised, its value at given prices), so a stand-in with those four attributes
exercises the clearing and the own-currency ledger exactly as a run does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from model.components import Uncertainty
from model.dollar_side import DollarSide
from model.params import ModelParams

PARAMS = ModelParams(fx_noise_pct_per_day=0.0)
PRICES = np.full(4, 100.0)
COUPONS = [4.0, 4.0, 4.25, 4.5]


@dataclass
class FakeSovereign:
    """What the dollar side reads of a sovereign."""

    holdings: np.ndarray = field(default_factory=lambda: np.full(4, 250.0))
    cash_bn: float = 0.0

    @property
    def start_value_bn(self) -> float:
        return 1000.0

    def value_bn(self, prices: np.ndarray) -> float:
        return float((self.holdings * prices / 100.0).sum())

    def sell(self, amount_bn: float) -> None:
        """Sell evenly across buckets at par: the proceeds become cash."""
        self.holdings = self.holdings - amount_bn / 4
        self.cash_bn += amount_bn


def _side(**settings: float) -> tuple[DollarSide, FakeSovereign]:
    japan = FakeSovereign()
    params = ModelParams(**{"fx_noise_pct_per_day": 0.0, **settings})
    side = DollarSide(params, 3.9, {"japan": japan}, np.random.SeedSequence(1))
    return side, japan


def _calm() -> Uncertainty:
    return Uncertainty(decay=0.85, build_speed=0.3, fresh_decay=0.8)


def test_a_calm_day_with_no_sale_keeps_usdjpy_and_japans_result_at_the_start() -> None:
    side, _ = _side(japan_private_adjust_speed=0.0)
    side.clear(_calm(), room=0.0, us_2y_pct=3.9, coupons_pct=[0.0] * 4)
    assert side.fx.usdjpy == pytest.approx(PARAMS.start_usdjpy)
    assert side.local_gain_bn("japan", PRICES) == pytest.approx(0.0, abs=1e-9)


def test_repatriated_proceeds_sell_dollars_and_are_booked_in_yen_at_the_days_rate() -> None:
    side, japan = _side(japan_private_adjust_speed=0.0, japan_repatriated_share=1.0)
    start = side.fx.usdjpy
    japan.sell(100.0)
    side.clear(_calm(), room=0.0, us_2y_pct=3.9, coupons_pct=[0.0] * 4)
    rate = side.fx.usdjpy
    assert side.net_bn == pytest.approx(-100.0)
    assert rate < start  # the yen strengthens
    # The bonds left and the other reserves, valued in yen, plus the yen bought, less the start
    # value in yen: the book lost the fall of the dollar on the $900bn still held and on the
    # other reserves (no bond price moved here).
    other = PARAMS.japan_other_reserves_bn
    assert other > 0.0
    expected = (900.0 + other) * rate + 100.0 * rate - (1000.0 + other) * start
    assert side.local_gain_bn("japan", PRICES) == pytest.approx(expected)


def test_only_the_repatriated_share_crosses_the_fx_market() -> None:
    side, japan = _side(japan_private_adjust_speed=0.0, japan_repatriated_share=0.25)
    japan.sell(40.0)
    side.clear(_calm(), room=0.0, us_2y_pct=3.9, coupons_pct=[0.0] * 4)
    assert side.net_bn == pytest.approx(-10.0)
    assert side.ledgers["japan"].cash_usd == pytest.approx(30.0)


def test_coupons_accrue_into_the_ledger_in_yen() -> None:
    side, _ = _side(japan_private_adjust_speed=0.0)
    side.clear(_calm(), room=0.0, us_2y_pct=3.9, coupons_pct=COUPONS)
    day = sum(250.0 * c / 100.0 for c in COUPONS) / 252
    assert side.ledgers["japan"].coupons_usd == pytest.approx(day)
    assert side.ledgers["japan"].cash_local == pytest.approx(day * side.fx.usdjpy)


def test_the_same_seed_gives_the_same_fx_news() -> None:
    def path(seed: int) -> list[float]:
        side = DollarSide(ModelParams(), 3.9, {"japan": FakeSovereign()},
                          np.random.SeedSequence(seed))
        out = []
        for _ in range(5):
            side.clear(_calm(), room=0.0, us_2y_pct=3.9, coupons_pct=[0.0] * 4)
            out.append(side.fx.usdjpy)
        return out

    assert path(3) == path(3)
    assert path(3) != path(4)
