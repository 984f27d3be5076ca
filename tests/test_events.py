"""Events: validation, scenario files, and the channels through which they act."""

import datetime as dt
import textwrap

import numpy as np
import pytest

from model.components import Uncertainty
from model.events import EventError, make_event
from model.scenario import ScenarioError, builtin_names, load_scenario
from model.yieldmodel import YieldModel

REQUIRED = {"baseline", "liberation-day-2025", "japan-sells", "china-retaliates", "escalation",
            "deal"}


def quiet_model(scenario="baseline", **settings):
    """A model without daily news or noise flows, so an event's effect is visible alone."""
    return YieldModel(scenario=scenario, rng=3, n_funds=60, news_level_bp=0, news_slope_bp=0,
                      am_noise_flow_bn=0, **settings)


def test_builtin_scenarios_exist_and_load():
    assert set(builtin_names()) >= REQUIRED
    for name in builtin_names():
        scenario = load_scenario(name)
        # The 2025 scenarios start on 3 March 2025; history episodes at their own dates.
        if scenario.history is None or scenario.history.end.year == 2025:
            assert scenario.start == dt.date(2025, 3, 3)
        else:
            assert scenario.start <= min(w.start for w in scenario.history.windows)


def test_japan_sells_has_the_contracted_event():
    sale = load_scenario("japan-sells").event_by_id("japan_sale")
    assert sale.kind == "sale" and sale.step == 20
    assert sale.fields == {"holder": "japan", "amount_bn": 100.0, "days": 21}


@pytest.mark.parametrize("kind, fields, message", [
    ("tarrif", {}, "unknown event kind 'tarrif'"),
    ("tariff", {"country": "atlantis", "rate": 0.1}, "unknown country"),
    ("tariff", {"country": "japan", "rate": 6}, "out of range"),
    ("tariff", {"country": "japan", "rate": -0.1}, "out of range"),
    ("tariff", {"country": "japan"}, "needs 'rate'"),
    ("sale", {"holder": "japan", "amount_bn": 10, "days": 2.5}, "whole number"),
    ("fed", {"action": "print"}, "unknown"),
    ("deal", {"country": "japan", "rate": 0.1, "colour": "red"}, "no field 'colour'"),
])
def test_bad_events_are_refused_with_the_fix(kind, fields, message):
    with pytest.raises(EventError, match=message):
        make_event(kind, fields)


def write(tmp_path, text, name="s.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


BASE = """
    name = "t"
    start = 2025-03-03
    steps = 45
"""


@pytest.mark.parametrize("body, message", [
    ('[[events]]\ndate = 2025-04-02\nkind = "boom"\n', "event 1: unknown event kind 'boom'"),
    ('[[events]]\ndate = 2025-04-02\nkind = "tariff"\ncountry = "narnia"\nrate = 0.1\n',
     "unknown country"),
    ('[[events]]\ndate = 2025-04-02\nkind = "tariff"\ncountry = "japan"\nrate = 7.0\n',
     "from 0 to 5"),
    ('[[events]]\ndate = 2025-02-01\nkind = "pause"\n', "before the scenario start"),
    ('[[events]]\ndate = "April"\nkind = "pause"\n', "date must be a date"),
    ('[[events]]\nkind = "pause"\n', "exactly one of date"),
    ('[[events]]\nid = "a"\nstep = 3\nkind = "pause"\n[[events]]\nid = "a"\nstep = 4\n'
     'kind = "pause"\n', "used twice"),
    ("[params]\nn_funds = -4\n", "out of range"),
    ("colour = 1\n", "unknown key 'colour'"),
])
def test_bad_scenario_files_name_the_file_event_and_fix(tmp_path, body, message):
    path = write(tmp_path, BASE + body)
    with pytest.raises(ScenarioError) as err:
        load_scenario(str(path))
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_malformed_toml_names_the_line(tmp_path):
    path = write(tmp_path, BASE + "[[events]\n")
    with pytest.raises(ScenarioError, match=r"malformed TOML.*line 5"):
        load_scenario(str(path))


def test_event_overrides_change_the_event_and_are_validated():
    model = YieldModel(scenario="japan-sells", rng=1, n_funds=30, **{"japan_sale.amount_bn": 250,
                                                                      "japan_sale.days": "10"})
    sale = model.timeline.event_by_id("japan_sale")
    assert sale.fields["amount_bn"] == 250.0 and sale.fields["days"] == 10
    with pytest.raises(ScenarioError, match="no event with id 'nope'"):
        YieldModel(scenario="japan-sells", rng=1, **{"nope.amount_bn": 1})
    with pytest.raises(ScenarioError, match="takes a number"):
        YieldModel(scenario="japan-sells", rng=1, **{"japan_sale.amount_bn": "lots"})


def test_holiday_dates_act_on_the_next_trading_day(tmp_path):
    path = write(tmp_path, BASE + '[[events]]\ndate = 2025-04-18\nkind = "tariff"\n'
                 'country = "all"\nrate = 0.1\nlabel = "Good Friday news"\n')
    model = quiet_model(str(path))
    model.run()
    frame = model.timeseries()
    fired = frame[frame["events"].str.contains("Good Friday news")]
    assert list(fired["date"]) == ["2025-04-21"]


def test_a_tariff_moves_expectations_through_growth_and_inflation():
    calm, shocked = quiet_model(), quiet_model()
    shocked.inject(make_event("tariff", {"country": "all", "rate": 0.25}))
    calm.run(3)
    shocked.run(3)
    move = shocked.rates.value - calm.rates.value
    assert move[0] < 0                       # growth fear: the short end falls
    assert move[0] < move[3]                 # ... more than the long end
    assert shocked.uncertainty.level > 0     # and uncertainty rises
    assert shocked.last_effective_pp > calm.last_effective_pp


def test_pause_and_deal_lower_the_effective_tariff():
    model = quiet_model()
    model.inject(make_event("tariff", {"country": "japan", "rate": 0.5}))
    model.run(1)
    high = model.last_effective_pp
    model.inject(make_event("pause", {}))
    model.run(1)
    assert model.last_effective_pp < high
    assert model.tariffs.rate_on("japan") == model.tariffs.all_rate
    model.inject(make_event("deal", {"country": "japan", "rate": 0.15}))
    model.run(1)
    assert "japan" in model.tariffs.deals and model.tariffs.rate_on("japan") == 0.15


def test_sale_event_sells_the_amount_and_raises_yields():
    calm, selling = quiet_model(), quiet_model()
    selling.inject(make_event("sale", {"holder": "japan", "amount_bn": 50, "days": 5}))
    calm.run(10)
    selling.run(10)
    sold = calm.sovereigns["japan"].holdings.sum() - selling.sovereigns["japan"].holdings.sum()
    assert np.isclose(sold, 50.0)
    assert selling.yields[2] > calm.yields[2]


def test_statement_raises_uncertainty_but_sells_nothing():
    calm, talking = quiet_model(), quiet_model()
    talking.inject(make_event("statement", {"country": "japan"}))
    calm.run(2)
    talking.run(2)
    assert talking.uncertainty.level > calm.uncertainty.level
    assert np.isclose(talking.sovereigns["japan"].holdings.sum(),
                      calm.sovereigns["japan"].holdings.sum())


def test_a_threat_to_sell_treasuries_raises_yields_with_no_flight_to_safety():
    # A holder's threat is uncertainty about Treasuries themselves: the premium builds, and no
    # haven bid pulls yields down first (a generic shock of the same size does).
    calm, threatened, scared = quiet_model(), quiet_model(), quiet_model()
    threatened.inject(make_event("statement", {"country": "china"}))
    size = threatened.params.threat_uncertainty
    scared.inject(make_event("shock", {"uncertainty": size}))
    for model in (calm, threatened, scared):
        model.run(1)
    assert threatened.uncertainty.fresh == 0.0 < scared.uncertainty.fresh
    assert threatened.yields[2] > calm.yields[2]
    assert scared.yields[2] < threatened.yields[2]


def test_fed_rate_cut_and_backstop_programme():
    calm, cut = quiet_model(), quiet_model()
    cut.inject(make_event("fed", {"action": "rate", "change_bp": -50}))
    calm.run(5)
    cut.run(5)
    assert cut.rates.value[0] < calm.rates.value[0] - 0.2
    buying = quiet_model()
    buying.inject(make_event("fed", {"action": "backstop", "amount_bn": 400, "days": 4}))
    buying.run(6)
    # A reverse auction buys only what is offered: in a market without noise flows not all
    # of it is, so part of the programme is still bid for, and the bid richens bonds.
    assert 0.0 < buying.fed.purchases_total_bn < 400.0
    assert np.isclose(buying.fed.backlog_bn.sum() + buying.fed.purchases_total_bn, 400.0)
    assert buying.yields[2] < calm.yields[2]


def test_yen_shock_makes_japan_sell():
    model = quiet_model()
    model.inject(make_event("shock", {"country": "japan", "fx_pressure": 2.0}))
    before = model.sovereigns["japan"].holdings.sum()
    model.run(3)
    assert model.sovereigns["japan"].holdings.sum() < before


def test_injecting_a_sale_for_an_unknown_sovereign_is_refused():
    model = quiet_model()
    with pytest.raises(ScenarioError, match="no sovereign 'canada'"):
        model.inject(make_event("sale", {"holder": "canada", "amount_bn": 5, "days": 1}))


LATE_APRIL_NEWS = {  # the de-escalation news of 14-29 April 2025 the scenario carries
    "electronics_exemption": dt.date(2025, 4, 14), "auto_relief_hint": dt.date(2025, 4, 14),
    "japan_talks": dt.date(2025, 4, 17), "bessent_china": dt.date(2025, 4, 22),
    "powell_china_cut": dt.date(2025, 4, 23), "china_exemptions": dt.date(2025, 4, 25),
    "auto_relief": dt.date(2025, 4, 29)}


def test_liberation_day_carries_the_late_april_de_escalation_news():
    scenario = load_scenario("liberation-day-2025")
    news = {e.id: e for e in scenario.events if e.id in LATE_APRIL_NEWS}
    assert {i: e.date for i, e in news.items()} == LATE_APRIL_NEWS
    assert all(e.kind == "shock" and e.fields["calm"] >= 0.0 for e in news.values())
    assert sum(e.fields["calm"] > 0.0 for e in news.values()) >= 5


def test_the_late_april_calms_are_what_the_vix_measures_on_the_model():
    """The scenario's sizes are benchmarks/calm_sizes.py's at the shipped parameters."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import calm_sizes

    scenario = load_scenario("liberation-day-2025")
    shipped = {e.id: e.fields["calm"] for e in scenario.events if e.id in LATE_APRIL_NEWS}
    measured = calm_sizes.sizes(show=False)
    assert measured == pytest.approx(shipped, abs=0.0015)
    # The one uncertainty-raising remark after the pause is read from the VIX the same way.
    remark = next(e for e in scenario.events if e.id == calm_sizes.STATEMENT[0])
    assert remark.kind == "statement"
    assert calm_sizes.statement_size(measured, show=False) == pytest.approx(
        remark.fields["uncertainty"], abs=0.0015)


def test_calming_news_lowers_uncertainty():
    worried, calmed = quiet_model(), quiet_model()
    for model in (worried, calmed):
        model.inject(make_event("shock", {"uncertainty": 2.0}))
        model.run(2)
    calmed.inject(make_event("shock", {"calm": 1.0}))
    worried.run(3)
    calmed.run(3)
    assert calmed.uncertainty.level < worried.uncertainty.level - 0.5


def test_calm_reprices_the_built_premium_at_once():
    # Relief is not the mirror image of a shock: the premium built up falls in proportion to
    # the uncertainty a calming event removes, the same day.
    worried, calmed = quiet_model(), quiet_model()
    for model in (worried, calmed):
        model.inject(make_event("shock", {"uncertainty": 2.0}))
        model.run(5)
    level, built = calmed.uncertainty.level, calmed.uncertainty.built
    calmed.uncertainty.shock(-0.5 * level)
    assert np.isclose(calmed.uncertainty.built, 0.5 * built)
    assert np.isclose(calmed.uncertainty.level, 0.5 * level)
    # Drifting down at the build speed would have left more of it.
    speed = calmed.uncertainty.build_speed
    assert calmed.uncertainty.built < built + speed * (0.5 * level - built)


def _uncertainty(first_day_share: float, arrival_speed: float = 1.0) -> Uncertainty:
    return Uncertainty(decay=1.0, build_speed=0.0, fresh_decay=1.0,
                       first_day_share=first_day_share, arrival_speed=arrival_speed)


def test_an_escalation_is_priced_over_two_days():
    # The VIX rose from 21.5 to 30.0 on 3 April 2025 and to 45.3 on 4 April: a first-day share
    # is priced at once, the rest when the next trading day starts, the stress with it.
    state = _uncertainty(0.3)
    state.shock(2.0)
    assert state.level == pytest.approx(0.6) and state.fresh == pytest.approx(0.6)
    state.arrive()  # the same day's slow layers: nothing more yet
    assert state.level == pytest.approx(0.6)
    state.arrive()  # the next day
    assert state.level == pytest.approx(2.0) and state.fresh == pytest.approx(2.0)
    state.arrive()
    assert state.level == pytest.approx(2.0)


def test_the_rest_of_an_escalation_arrives_over_the_following_days():
    # The VIX went on rising after 4 April 2025 (47.0 on 7 April) with no news as large: of
    # what is still to come, a share arrives each trading day, the stress with it.
    state = _uncertainty(0.3, arrival_speed=0.5)
    state.shock(2.0)
    state.arrive()  # the same day's slow layers: nothing more yet
    assert state.level == pytest.approx(0.6)
    assert state.stress_known == pytest.approx(2.0)  # the put sees it all from the first day
    levels = []
    for _ in range(30):
        state.arrive()
        levels.append(state.level)
    assert levels[:3] == pytest.approx([1.3, 1.65, 1.825])
    assert levels[-1] == pytest.approx(2.0) and state.fresh == pytest.approx(2.0)


def test_relief_reprices_what_is_still_arriving_over_several_days():
    state = _uncertainty(0.25, arrival_speed=0.5)
    state.shock(4.0)
    state.arrive()
    state.arrive()  # level 1 + 1.5, 1.5 still to come
    state.shock(-1.25)  # half the level removed: half of what is still to come too
    assert state.level == pytest.approx(1.25) and state.due == pytest.approx(0.75)
    for _ in range(40):
        state.arrive()
    assert state.level == pytest.approx(2.0)


def test_a_threat_arrives_without_a_flight_to_safety():
    state = _uncertainty(0.3)
    state.shock(1.0, flight_to_safety=False)
    state.arrive()
    state.arrive()
    assert state.level == pytest.approx(1.0) and state.fresh == 0.0


def test_relief_is_priced_at_once_and_reprices_what_is_still_arriving():
    state = _uncertainty(0.25)
    state.shock(4.0)  # level 1, 3 still to come
    state.shock(-0.5)  # half the level removed: half of what is arriving too
    assert state.level == pytest.approx(0.5)
    state.arrive()
    state.arrive()
    assert state.level == pytest.approx(0.5 + 1.5)


def test_a_first_day_share_of_one_prices_everything_at_once():
    state = _uncertainty(1.0)
    state.shock(2.0)
    state.arrive()
    state.arrive()
    assert state.level == 2.0 and state.due == state.arriving == 0.0


def test_a_pause_can_carry_its_own_calm():
    plain, relieved = quiet_model(), quiet_model()
    for model in (plain, relieved):
        model.inject(make_event("tariff", {"country": "japan", "rate": 0.5}))
        model.run(2)
    plain.inject(make_event("pause", {"calm": 0.0}))
    relieved.inject(make_event("pause", {}))  # the default calm: 9 April 2025's VIX fall
    plain.run(1)
    relieved.run(1)
    assert plain.last_effective_pp == relieved.last_effective_pp
    assert relieved.uncertainty.level < plain.uncertainty.level - 0.3
    assert relieved.uncertainty.fresh < plain.uncertainty.fresh
