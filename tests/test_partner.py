"""A partner weighs a deal against waiting (agents/partner.py, issue 23 part 1)."""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agents.partner import Outlook, Partner
from model.countries import US_EXPORTS_BN, US_IMPORTS_BN, goods_trade_bn
from model.params import ModelParams, ParameterError
from model.yieldmodel import YieldModel
from tests.helpers import YIELDSIM

PARAMS = ModelParams()


@pytest.fixture(scope="module")
def model():
    return YieldModel(scenario="baseline", rng=1, n_funds=30, policy="endogenous")


def japan(model, **settings):
    return Partner(model, "japan", "Japan", ModelParams.resolved(settings),
                   retaliation_threshold=1.0, retaliation_match=1.0)


def test_the_export_loss_is_exports_times_rate_times_elasticity_a_day(model):
    partner = japan(model, trade_elasticity=2.0, partner_discount_per_year=0.0504)
    assert partner.export_loss_per_rate == pytest.approx(148.2 * 2.0 / 252)
    assert partner.retaliation_cost_per_rate == pytest.approx(79.7 * 2.0 / 252)
    assert partner.discount == pytest.approx(0.0002)


def test_payoff_arithmetic_by_hand(model):
    partner = japan(model, trade_elasticity=2.52, partner_discount_per_year=0.252)
    k, rho = 148.2 * 0.01, 0.001  # $bn a day per unit of rate; daily discount
    delta = 1 / 1.001
    outlook = Outlook(rate_now=0.10, announced=0.24, pace=0.002, hazard=0.05)
    payoff = partner.payoff(0.20, outlook, no_deal_cost=0.3)
    assert payoff.accept == pytest.approx(k * 0.20 / rho)
    assert payoff.wait == pytest.approx(
        k * 0.10 + 0.3 + delta * (0.95 * k * 0.198 / rho + 0.05 * (k * 0.24 + 0.3) / rho))
    assert payoff.gain_from_accepting == pytest.approx(payoff.wait - payoff.accept)


def test_a_high_hazard_makes_it_take_an_offer_it_refuses_at_a_low_one(model):
    partner = japan(model)
    calm = Outlook(rate_now=0.10, announced=0.24, pace=0.002, hazard=0.005)
    risky = Outlook(rate_now=0.10, announced=0.24, pace=0.002, hazard=0.2)
    assert not partner.accepts(0.20, calm)
    assert partner.accepts(0.20, risky)


def test_a_fast_falling_offer_is_worth_waiting_for(model):
    partner = japan(model)
    slow = Outlook(rate_now=0.10, announced=0.24, pace=0.0001, hazard=0.02)
    fast = Outlook(rate_now=0.10, announced=0.24, pace=0.01, hazard=0.02)
    assert partner.accepts(0.20, slow) and not partner.accepts(0.20, fast)


def test_the_cost_of_no_deal_raises_the_rate_it_accepts(model):
    partner = japan(model)
    outlook = Outlook(rate_now=0.10, announced=0.24, pace=0.002, hazard=0.02)
    assert partner.acceptable_rate(outlook, no_deal_cost=0.5) > partner.acceptable_rate(outlook)


# one partner for the property test (hypothesis runs it many times; a Mesa agent needs a model)
_PARTNER = japan(YieldModel(scenario="baseline", rng=2, n_funds=30, policy="endogenous"))


@given(st.floats(0.0, 1.5), st.floats(0.0, 1.5), st.floats(0.0, 0.05), st.floats(0.0, 1.0),
       st.floats(0.0, 2.0), st.floats(0.0, 1.5))
def test_it_accepts_exactly_the_offers_at_or_below_its_acceptable_rate(
        rate_now, announced, pace, hazard, cost, offer):
    partner = _PARTNER
    outlook = Outlook(rate_now=rate_now, announced=announced, pace=pace, hazard=hazard)
    threshold = partner.acceptable_rate(outlook, cost)
    if abs(offer - threshold) > 1e-9:
        assert partner.accepts(offer, outlook, cost) == (offer < threshold)


def test_trade_figures_cover_the_negotiating_partners_and_others_fall_back_to_shares():
    for key in PARAMS.partner_names:
        assert key in US_IMPORTS_BN and key in US_EXPORTS_BN
    exports, imports = goods_trade_bn("mexico")
    assert exports == pytest.approx(0.155 * 3295.6)
    assert 0 < imports < exports


@pytest.mark.parametrize("name", ["japan_reservation_rate", "china_reservation_rate",
                                  "other_reservation_rate"])
def test_the_retired_reservation_rates_are_refused_with_what_replaced_them(name):
    with pytest.raises(ParameterError, match=rf"{name} was retired: .*agents/partner\.py"):
        YieldModel(scenario="baseline", rng=1, n_funds=30, **{name: 0.15})


def test_the_command_refuses_a_retired_reservation_rate_in_one_line(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([YIELDSIM, "run", "--set", "japan_reservation_rate=0.15",
                             "--scenario", "baseline", "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.count("\n") == 1 and "japan_reservation_rate" in result.stderr
    assert "was retired" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_selling_campaign_costs_its_own_currency_loss_per_day_and_counts_without_a_deal():
    from agents.sovereign import Stance

    model = YieldModel(scenario="baseline", rng=3, n_funds=30, policy="endogenous")
    for _ in range(5):
        model.step()
    japan = model.sovereigns["japan"]
    partner = model.partners["japan"]
    assert japan.campaign_cost_bn_per_day() == 0.0  # not selling
    gain_now = model.local_gain_bn("japan")
    japan.stance, japan.campaign_from = Stance.SELLING, (1, gain_now + 600.0)  # 600bn yen lost
    start_rate = model.ledgers["japan"].start_rate
    days = int(model.steps) - 1
    assert japan.campaign_cost_bn_per_day() == pytest.approx(600.0 / start_rate / days)
    model.tariffs.retaliate("japan", 0.2)
    assert partner.no_deal_cost(model.tariffs) == pytest.approx(
        partner.retaliation_cost_per_rate * 0.2 + 600.0 / start_rate / days)
    # at 100% its first-order lost imports (2.53 x its imports) are capped at its imports
    model.tariffs.retaliate("japan", 1.0)
    assert partner.no_deal_cost(model.tariffs) == pytest.approx(
        79.7 / 252 + 600.0 / start_rate / days)
    japan.stance = Stance.HOLDING  # still a campaign
    assert japan.campaign_cost_bn_per_day() > 0
    japan.stance = Stance.STOPPED
    assert japan.campaign_cost_bn_per_day() == 0.0
