"""A threat priced with the model's own response (model/threat.py, issue 23)."""

from __future__ import annotations

import itertools
import subprocess

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.params import ParameterError
from model.threat import sale_pain
from model.threat_fit import SALE_PAIN_FIT
from model.yieldmodel import YieldModel
from tests.helpers import YIELDSIM
from yieldsim.calibration.threat import DAYS, FIT_SEED, SIZES, Measured, design, fit, measure

TEST_SEEDS = list(range(9000, 9024))  # disjoint from the fit's (7000-7023)
LO_SIZE, HI_SIZE = SALE_PAIN_FIT["size_bn"]
LO_U, HI_U = SALE_PAIN_FIT["utilization"]


def test_no_sale_no_pain_and_a_small_one_in_proportion():
    assert sale_pain(0.0, 21, 0.1) == 0.0
    assert sale_pain(LO_SIZE / 2, 21, 0.1) == pytest.approx(sale_pain(LO_SIZE, 21, 0.1) / 2)


def test_outside_the_measured_ranges_the_nearest_edge_answers():
    assert sale_pain(5 * HI_SIZE, 21, 0.1) == sale_pain(HI_SIZE, 21, 0.1)
    assert sale_pain(100, 1, 0.1) == sale_pain(100, SALE_PAIN_FIT["days"][0], 0.1)
    assert sale_pain(100, 21, 0.99) == sale_pain(100, 21, HI_U)
    assert sale_pain(100, 21, 0.0) == sale_pain(100, 21, LO_U)


@given(size=st.floats(1.0, 1000.0), more=st.floats(1.0, 3.0), days=st.floats(1.0, 100.0),
       u=st.floats(0.0, 1.0))
def test_a_bigger_sale_never_hurts_less(size, more, days, u):
    assert sale_pain(size * more, days, u) >= sale_pain(size, days, u) * (1 - 1e-9)


@given(size=st.floats(1.0, 1000.0), days=st.floats(1.0, 100.0), slower=st.floats(1.0, 4.0),
       u=st.floats(0.0, 1.0))
def test_the_same_sale_spread_out_never_hurts_more(size, days, slower, u):
    assert sale_pain(size, days * slower, u) <= sale_pain(size, days, u) * (1 + 1e-9)


def threat_of_100bn():
    """The administration of a calm endogenous model, and Japan threatening $100bn in 21 days."""
    model = YieldModel(scenario="baseline", rng=1, n_funds=30, policy="endogenous",
                       admin_threat_horizon_days=21)
    japan = model.sovereigns["japan"]
    japan.resolve = 100.0 / (21 * model.params.sovereign_max_pace_bn)
    return model.administration, japan


def test_the_threatened_sale_is_the_campaign_over_the_horizon():
    admin, japan = threat_of_100bn()
    assert admin.threatened_sale(japan) == (pytest.approx(100.0), 21)
    japan.resolve = 1.0
    japan.holdings *= 100.0 / japan.holdings.sum()  # a book of $100bn caps the sale
    assert admin.threatened_sale(japan) == (pytest.approx(100.0), 21)


def test_the_valuation_of_a_threatened_100bn_sale_matches_running_it():
    """Within 25% of the pain the model computes from the sale itself (paired, other seeds)."""
    assert min(TEST_SEEDS) > FIT_SEED + 100
    ran = measure(100.0, 21, 0.0, TEST_SEEDS, workers=1)
    admin, japan = threat_of_100bn()
    valued = admin.threat_value(japan, ran.utilization) / japan.credibility(
        admin.credibility_scale_bn)
    assert valued == pytest.approx(ran.pain, rel=0.25)


def test_a_threat_counts_only_while_the_administration_watches_the_bond_market():
    for settings, expected in (({}, True), ({"admin_weight_bonds": 0.0}, False),
                               ({"admin_watches_markets": False}, False)):
        model = YieldModel(scenario="baseline", rng=1, n_funds=30, policy="endogenous",
                           **settings)
        model.sovereigns["japan"].threaten()
        model.step()
        assert (model.administration.pain.by_channel()["threats"] > 0) is expected


def test_the_fit_recovers_a_known_surface():
    """Points made from known coefficients give those coefficients back (exactly, no noise)."""
    truth = [3.9, 1.5, -1.0, 1.3, -0.16, -0.06, -4.3, 0.15, -1.3, 0.1]
    points = []
    for size, days, u in itertools.product(SIZES, DAYS, (0.07, 0.16, 0.45)):
        terms = design(np.array([size]), np.array([float(days)]), np.array([u]))[0]
        points.append(Measured(size, days, 0.0, u, float(np.exp(terms @ truth))))
    fitted = fit(points)
    assert fitted["coefficients"] == pytest.approx(truth, abs=1e-4)
    assert fitted["rms_log_error"] < 1e-6
    assert fitted["size_bn"] == (min(SIZES), max(SIZES))


def test_the_retired_constant_is_refused_with_what_replaced_it():
    with pytest.raises(ParameterError, match=r"admin_threat_pain was retired: .*model/threat\.py"):
        YieldModel(scenario="baseline", rng=1, n_funds=30, admin_threat_pain=30.0)


@pytest.mark.parametrize("args", [("run", "--set", "admin_threat_pain=30"),
                                  ("sweep", "--vary", "admin_threat_pain=1,2")])
def test_the_command_refuses_the_retired_constant_in_one_line(tmp_path, args):
    out = tmp_path / "out"
    result = subprocess.run([YIELDSIM, *args, "--scenario", "baseline", "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.count("\n") == 1 and "admin_threat_pain" in result.stderr
    assert "was retired" in result.stderr and "Traceback" not in result.stderr
