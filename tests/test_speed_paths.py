"""The fast paths compute what the plain ones do: rows, bond math, calendar, clearing, agents.

Speed work replaced general code with cheaper code of the same meaning (one-pass DataCollector
rows, scalar bond math, a calendar with only the holidays a run needs, fund agents made on
demand, clearing in place). Each test here pins one replacement to the code it replaced.
"""

import math
import pickle

import mesa
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.tseries.offsets import CustomBusinessDay

import model.market as market_module
from agents.base import FundAgent
from model.calendar import (
    HOLIDAY_TABLE_YEARS,
    BondMarketCalendar,
    TradingCalendar,
    stored_holidays,
)
from model.instruments import MATURITIES_YEARS, Curve, bond_price, bond_yield, modified_duration
from model.orders import HolderType, OrderBatch
from model.scenario import load_scenario
from model.values import StateError
from model.yieldmodel import YieldModel
from tests.helpers import START, make_market

SMALL = {"n_funds": 90}


@pytest.mark.parametrize(("scenario", "settings"), [
    ("japan-sells", {}), ("liberation-day-endogenous", {}),
    # a lower bound above the 10y expected rate: the recorded component is floored too
    ("liberation-day-2025", {"effective_lower_bound_pct": 4.5})])
def test_collected_rows_equal_the_mesa_reporters_at_every_step(scenario, settings):
    model = YieldModel(scenario=scenario, rng=3, **SMALL, **settings)
    fast = model.datacollector
    plain = mesa.DataCollector(model_reporters=fast.model_reporters)  # Mesa's own collect
    plain.collect(model)  # row 0 again (start-date events were recorded in row 0 and cleared)
    plain.model_vars["events"][0] = fast.model_vars["events"][0]
    collect = fast.collect

    def both(m):
        collect(m)
        plain.collect(m)

    fast.collect = both
    model.run(40)
    assert fast.model_vars.keys() == plain.model_vars.keys()
    for name, values in plain.model_vars.items():
        assert fast.model_vars[name] == values, name
    assert any(fast.model_vars["events"]) and fast.model_vars["stance_japan"][-1]


@settings(deadline=None, max_examples=60)
@given(st.lists(st.floats(-0.5, 15.0), min_size=4, max_size=4),
       st.lists(st.floats(0.0, 8.0), min_size=4, max_size=4))
def test_scalar_bond_math_equals_the_vectorised_formulas(yields, coupons):
    yields, coupons = np.array(yields), np.array(coupons)
    curve = Curve(coupons)
    prices = curve.price(yields)
    np.testing.assert_allclose(prices, bond_price(yields, coupons, MATURITIES_YEARS),
                               rtol=1e-13, atol=1e-12)
    np.testing.assert_allclose(curve.durations(yields),
                               modified_duration(yields, coupons, MATURITIES_YEARS), rtol=1e-9)
    np.testing.assert_allclose(curve.yields(prices), yields, atol=1e-9)
    np.testing.assert_allclose(curve.yields(prices, guess=yields + 0.3),
                               bond_yield(prices, coupons, MATURITIES_YEARS), atol=1e-9)


@pytest.mark.parametrize("start", ["2025-03-03", "2025-12-24", "2026-03-27", "2019-12-31",
                                   "1999-11-15", "2060-06-01"])  # the last two: past the table
def test_calendar_with_the_run_s_holidays_equals_the_full_holiday_calendar(start):
    full = CustomBusinessDay(calendar=BondMarketCalendar())  # every holiday 1970-2200
    expected = pd.date_range(full.rollforward(pd.Timestamp(start)), periods=700, freq=full)
    calendar = TradingCalendar(pd.Timestamp(start).date(), horizon=20)  # extended on demand
    assert [calendar.date(i) for i in range(700)] == list(expected)
    assert [calendar.label(i) for i in range(700)] == [d.date().isoformat() for d in expected]
    assert calendar.step_of(expected[450].date()) == 450


def test_the_stored_holidays_are_the_rules_holidays_for_every_year_they_cover():
    first, last = HOLIDAY_TABLE_YEARS
    rules = BondMarketCalendar().holidays(pd.Timestamp(first, 1, 1), pd.Timestamp(last, 12, 31))
    stored = stored_holidays()
    assert len(stored) > 10 * (last - first)
    assert list(stored) == list(rules)


def test_fund_agents_are_made_when_asked_for_with_the_same_ids_and_results():
    asked = YieldModel(scenario="liberation-day-2025", rng=4, **SMALL)
    funds = [a for a in asked.agents if isinstance(a, FundAgent)]
    assert len(funds) == 90 and FundAgent in asked.agent_types
    assert len(asked.agents_by_type[FundAgent]) == 90
    ids = sorted(a.unique_id for a in asked.agents)
    assert ids == list(range(1, len(ids) + 1))  # no gaps, no duplicates
    first = min(funds, key=lambda a: a.unique_id)
    assert np.array_equal(first.holdings, first.cohort.holdings[:, first.index])

    unasked = YieldModel(scenario="liberation-day-2025", rng=4, **SMALL)
    asked.run(30)
    unasked.run(30)
    pd.testing.assert_frame_equal(asked.timeseries(), unasked.timeseries())
    copy = pickle.loads(pickle.dumps(unasked))
    assert sorted(a.unique_id for a in copy.agents) == ids
    assert len(asked.agents) == len(ids)  # made once, not again


# Bytes of state per fund before the speed work (issue 11: 363 B/fund at 100k, tracemalloc),
# and the cut the issue asks for.
BYTES_PER_FUND_BEFORE = 363
MEMORY_CUT = 5


def test_a_fund_keeps_at_most_a_fifth_of_its_former_bytes_of_state():
    model = YieldModel(scenario="liberation-day-2025", rng=1, n_funds=20_000)
    per_fund = sum(value.nbytes for cohort in model.cohorts for value in vars(cohort).values()
                   if isinstance(value, np.ndarray) and value.size >= cohort.size)
    assert per_fund / 20_000 <= BYTES_PER_FUND_BEFORE / MEMORY_CUT
    assert not model._fund_agents_made  # and no Mesa agent per fund was made to get there


def test_asset_managers_derived_weights_equal_what_they_were_built_from():
    funds = YieldModel(scenario="liberation-day-2025", rng=1, n_funds=300).asset_managers
    start = funds.starting_holdings
    np.testing.assert_allclose(funds.target_weights.sum(axis=0), 1.0, rtol=1e-14)
    np.testing.assert_allclose(funds.target_weights * start.sum(axis=0), start, rtol=1e-14)
    np.testing.assert_array_equal(funds.flow_noise_bn,
                                  funds.noise_flow_bn * start.sum(axis=0) / funds.size_norm)


def test_the_row_check_stops_on_a_non_finite_figure_and_names_its_column():
    model = YieldModel(scenario="baseline", rng=1, **SMALL)
    model.step()
    assert model.datacollector.row_is_finite()
    # Huge but finite figures overflow the one-sum check: the column search then clears them.
    # (Cumulative flows, which only the records read: a tariff figure of 1e308 now feeds the
    # day's uncertainty and stops the run at the quote, before any row is recorded.)
    model.cum_flows[HolderType.FED] = model.cum_flows[HolderType.DEALER] = 1e308
    model.step()
    assert not model.datacollector.row_is_finite()
    model.cum_flows[HolderType.FED] = math.inf
    with pytest.raises(StateError, match="absorbed_fed became inf"):
        model.step()


def test_every_batch_names_the_holder_that_settles_it():
    model = YieldModel(scenario="japan-sells", rng=2, **SMALL)
    seen = []
    clear = model.market.clear

    def spy(batches):
        seen.extend(batches)
        return clear(batches)

    model.market.clear = spy
    model.step()
    holders = [*model.sovereigns.values(), *model.cohorts, model.fed, model.treasury]
    assert [b.holder for b in seen] == holders
    assert all(b.holder_type == b.holder.holder_type for b in seen)


def large_batches(rng):
    orders = rng.normal(0.0, 1.0, (4, 300))
    held = np.abs(rng.normal(0.0, 0.5, (4, 300)))  # many sells exceed holdings: caps bind
    return [OrderBatch("a", HolderType.ASSET_MANAGER, orders, held),
            OrderBatch("b", HolderType.REAL_MONEY, -np.abs(orders), held.copy())]


@pytest.mark.parametrize("capacity", [5.0, 1e6])  # rationing, and room for everything
def test_clearing_by_bucket_rows_equals_clearing_whole_matrices(monkeypatch, capacity):
    results = []
    for row_wise_above in (10**9, 10):
        monkeypatch.setattr(market_module, "ROW_WISE_ABOVE", row_wise_above)
        market = make_market(capacity_bn=capacity)
        result = market.clear(large_batches(np.random.default_rng(8)))
        results.append((result, market.inventory.copy()))
    (first, inventory_a), (second, inventory_b) = results
    assert np.array_equal(inventory_a, inventory_b)
    for a, b in zip(first.fills, second.fills, strict=True):
        assert np.array_equal(a, b)
    assert np.array_equal(first.capped, second.capped) and first.capped.sum() > 0
    _, yields = make_market().quote(START, first.client_net)
    assert np.all(np.isfinite(yields))


def test_the_background_report_import_names_a_module_that_exists():
    import importlib.util

    from yieldsim.sweeps import report, session

    assert importlib.util.find_spec(session.REPORT_MODULE) is not None
    assert report.__name__ == session.REPORT_MODULE


def test_a_scenario_file_is_read_again_when_it_changes_and_loads_share_no_dictionaries(
        tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("start = 2025-03-03\nsteps = 5\n[params]\nn_funds = 300\n"
                    "[[events]]\nkind = \"tariff\"\ndate = 2025-04-02\ncountry = \"all\"\n"
                    "rate = 0.1\n")
    first = load_scenario(str(path))
    first.params["n_funds"] = 7  # a caller's edits stay its own
    first.events[0].fields["rate"] = 0.9
    again = load_scenario(str(path))
    assert again.params == {"n_funds": 300} and again.events[0].fields["rate"] == 0.1
    path.write_text("start = 2025-03-03\nsteps = 12\n")  # a new version of the file
    assert load_scenario(str(path)).steps == 12
