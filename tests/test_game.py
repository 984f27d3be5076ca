"""The tariff game: the administration's and partners' decision rules on hand-made states."""

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from agents.partner import Partner, Talks
from agents.sovereign import Stance, Statement, StatementKind
from model.components import half_life_decay
from model.events import make_event
from model.params import ModelParams, ParameterError
from model.scenario import ScenarioError, parse_scenario
from model.threat import sale_pain
from model.yieldmodel import YieldModel
from tests.helpers import START, public_state

PARAMS = ModelParams()


def game(**settings):
    """A small endogenous model whose agents the tests drive by hand (talks never break)."""
    settings.setdefault("talks_breakdown_hazard", 0.0)
    return YieldModel(scenario="baseline", rng=1, n_funds=30, policy="endogenous",
                      **settings)


def ten_year_at(level):
    yields = START.copy()
    yields[2] = level
    return yields


def feed(admin, closes):
    """Let the administration have seen these 10y closes (oldest first)."""
    admin.closes = list(closes[:-1])


def test_pain_adds_the_market_terms_in_bp_equivalents():
    model = game(admin_pain_per_utilization=20.0, admin_pain_per_growth_bp=0.0)
    admin = model.administration
    feed(admin, [4.12, 4.2, 4.3, 4.4, 4.5, 4.6])
    pain = admin.assess(public_state(step=9, yields=ten_year_at(4.60), dealer_utilization=0.5,
                                     tariffs=model.tariffs))
    assert pain.level == pytest.approx(10.0)   # 10bp above 4.5%
    assert pain.rise == pytest.approx(48.0)    # 4.12 -> 4.60 over five closes
    assert pain.strain == pytest.approx(10.0)  # half of dealer capacity x 20
    assert pain.growth == 0.0 and pain.threats == {}
    assert pain.total == pytest.approx(68.0)


def test_a_fall_or_a_level_below_the_line_costs_nothing():
    model = game(admin_pain_per_growth_bp=0.0)
    admin = model.administration
    feed(admin, [4.4, 4.3, 4.2, 4.1, 4.0, 4.0])
    pain = admin.assess(public_state(step=9, yields=ten_year_at(4.0), tariffs=model.tariffs))
    assert pain.total == 0.0


def test_tariffs_hurt_through_the_growth_they_cost():
    model = game(admin_pain_per_growth_bp=0.5)
    model.tariffs.set_rate("all", 0.10)
    effective = model.tariffs.effective_rate(PARAMS.import_elasticity)
    pain = model.administration.assess(public_state(step=2, tariffs=model.tariffs))
    assert pain.growth == pytest.approx(PARAMS.admin_weight_growth * 0.5
                                        * PARAMS.growth_bp_per_tariff_pp * effective)


def test_past_its_tolerance_it_pauses_all_but_the_retaliators_and_says_why():
    model = game(admin_tolerance=40.0, admin_pain_per_growth_bp=0.0)
    admin, tariffs = model.administration, model.tariffs
    tariffs.set_rate("all", 0.10)
    tariffs.set_rate("japan", 0.24)
    tariffs.set_rate("china", 1.04)
    tariffs.retaliate("china", 0.84)
    feed(admin, [4.04, 4.1, 4.2, 4.3, 4.4, 4.52])
    lines = admin.act(public_state(step=27, yields=ten_year_at(4.52), tariffs=tariffs))
    assert lines == ["10y 4.52%, up 48bp in 5 days: pause (10% for all but China)"]
    assert tariffs.rate_on("japan") == 0.10 and tariffs.announced("japan") == 0.24
    assert tariffs.rate_on("china") == 1.04
    assert admin.first_deescalation_step == 27 and admin.negotiating
    assert admin.pause_until == 27 + PARAMS.admin_pause_days


def test_below_its_tolerance_it_does_not_give_way():
    model = game(admin_tolerance=60.0, admin_pain_per_growth_bp=0.0)
    admin, tariffs = model.administration, model.tariffs
    tariffs.set_rate("japan", 0.24)
    feed(admin, [4.04, 4.1, 4.2, 4.3, 4.4, 4.52])
    assert admin.act(public_state(step=27, yields=ten_year_at(4.52), tariffs=tariffs)) == []
    assert tariffs.rate_on("japan") == 0.24 and admin.first_deescalation_step is None


def test_scripted_policy_only_measures_its_pain():
    model = YieldModel(scenario="baseline", rng=1, n_funds=30, admin_tolerance=1.0)
    admin, tariffs = model.administration, model.tariffs
    tariffs.set_rate("japan", 0.24)
    feed(admin, [4.04, 4.1, 4.2, 4.3, 4.4, 4.9])
    assert admin.act(public_state(step=27, yields=ten_year_at(4.9), tariffs=tariffs)) == []
    assert admin.pain.total > 1.0 and tariffs.rate_on("japan") == 0.24 and not tariffs.offers


def answer_to_retaliation(max_rate):
    """China's rate after the administration answers 94% retaliation against its 104%."""
    model = game(admin_counter_share=0.5, admin_max_rate=max_rate, admin_tolerance=1000.0)
    admin, tariffs = model.administration, model.tariffs
    tariffs.set_rate("all", 0.10)
    tariffs.set_rate("china", 1.04)
    admin.act(public_state(step=26, tariffs=tariffs))  # it sees its own 104%
    tariffs.retaliate("china", 0.94)
    lines = admin.act(public_state(step=27, tariffs=tariffs))
    return tariffs.rate_on("china"), lines


def test_in_a_calm_market_it_answers_retaliation_in_kind_up_to_its_cap():
    rate, lines = answer_to_retaliation(5.0)
    assert rate == pytest.approx(1.04 + 0.5 * 0.94)
    assert lines == ["US raises China to 151% (answers its retaliation)"]
    assert answer_to_retaliation(1.45)[0] == pytest.approx(1.45)


def test_a_credible_threat_raises_expected_pain_and_buys_faster_concessions():
    model = game(admin_credibility_scale_bn=1000.0, admin_pain_per_growth_bp=0.0,
                 admin_tolerance=50.0)
    admin, tariffs = model.administration, model.tariffs
    for country in ("japan", "european_union"):
        tariffs.set_rate(country, 0.30)
    japan = model.sovereigns["japan"]
    japan.resolve = 0.5
    japan.threaten()
    credibility = 0.5 * japan.holdings.sum() / 1000.0
    feed(admin, [4.0] * 5 + [4.3])
    admin.negotiating, admin.pause_until, admin.last_deescalation = True, 100, 0
    admin.act(public_state(step=3, yields=ten_year_at(4.3), tariffs=tariffs))
    sale = sale_pain(0.5 * PARAMS.sovereign_max_pace_bn * PARAMS.admin_threat_horizon_days,
                     PARAMS.admin_threat_horizon_days, 0.0)
    assert admin.pain.threats == {"japan": pytest.approx(sale * credibility)}
    assert admin.concession["japan"] > admin.concession["european_union"] > 0
    assert tariffs.offers["japan"] < tariffs.offers["european_union"] < 0.30


def test_offers_fall_until_the_partner_prefers_the_deal_to_waiting():
    model = game(admin_pain_per_growth_bp=0.0, admin_tolerance=20.0,
                 admin_concession_per_day=0.05)
    admin, tariffs, japan = model.administration, model.tariffs, model.partners["japan"]
    tariffs.set_rate("all", 0.10)
    tariffs.set_rate("japan", 0.275)
    admin.negotiating, admin.pause_until, admin.last_deescalation = True, 1000, 0
    offers, acceptable, deal_lines = [], [], []
    for step in range(2, 80):
        feed(admin, [4.0] * 5 + [4.2 if step < 10 else 4.0])  # the market calms on day 10
        deal_lines += [x for x in admin.act(public_state(
            step=step, yields=ten_year_at(4.2 if step < 10 else 4.0), tariffs=tariffs))
                       if "Japan" in x]
        acceptable.append(japan.acceptable_rate(admin.outlooks["japan"]))
        if "japan" in tariffs.deals:
            break
        offers.append(tariffs.offers["japan"])
    assert offers == sorted(offers, reverse=True)
    # every refused offer was above what it would take that day; the deal at or below it
    assert all(o > a for o, a in zip(offers, acceptable, strict=False))
    assert "japan" in tariffs.deals and tariffs.rate_on("japan") <= acceptable[-1] + 1e-12
    assert 0.10 < tariffs.rate_on("japan") < 0.275
    assert deal_lines[0].startswith("Deal with Japan at")
    assert "japan" in model.deal_steps


def test_talks_break_down_at_the_hazard_and_the_offer_starts_again():
    model = game(admin_pain_per_growth_bp=0.0, admin_tolerance=20.0,
                 admin_concession_per_day=0.01, talks_breakdown_hazard=0.05)
    admin, tariffs = model.administration, model.tariffs

    class Unlucky:
        """Today's draw is below every hazard."""

        def random(self, n):
            return np.zeros(n)

    admin.talks_rng = Unlucky()
    tariffs.set_rate("all", 0.10)
    tariffs.set_rate("japan", 0.24)
    admin.negotiating, admin.pause_until, admin.last_deescalation = True, 1000, 0
    feed(admin, [4.0] * 5 + [4.4])
    lines = admin.act(public_state(step=2, yields=ten_year_at(4.4), tariffs=tariffs))
    assert "Talks with Japan break down: the offer goes back to 24%" in lines
    assert admin.concession["japan"] == 0.0 and "japan" not in tariffs.deals
    # it refused because the offer fell fast enough to be worth the 5% risk
    outlook = admin.outlooks["japan"]
    assert outlook.pace > 0 and tariffs.offers["japan"] > model.partners["japan"].acceptable_rate(
        outlook)


def test_the_pause_deadline_is_priced_on_its_last_day_only():
    model = game(talks_breakdown_hazard=0.02, pause_snapback_belief=0.5)
    admin, tariffs = model.administration, model.tariffs
    tariffs.set_rate("japan", 0.24)
    tariffs.pause(set())
    admin.pause_until = 50
    assert admin.hazard("japan", tariffs, 30) == pytest.approx(0.02)
    assert admin.hazard("japan", tariffs, 49) == pytest.approx(1 - 0.98 * 0.5)
    tariffs.end_pause()
    assert admin.hazard("japan", tariffs, 49) == pytest.approx(0.02)


def test_pause_ends_in_a_calm_market_and_is_extended_in_pain():
    model = game(admin_calm_pain=15.0, admin_tolerance=1000.0, admin_pain_per_growth_bp=0.0)
    admin, tariffs = model.administration, model.tariffs
    tariffs.set_rate("japan", 0.24)
    tariffs.pause(set())
    admin.pause_until, admin.negotiating = 10, True
    feed(admin, [4.0] * 5 + [4.3])
    lines = admin.act(public_state(step=10, yields=ten_year_at(4.3), tariffs=tariffs))
    assert "pause extended" in lines[0] and admin.pause_until == 10 + PARAMS.admin_pause_days
    feed(admin, [4.0] * 6)
    admin.pause_until, admin.negotiating = 20, False  # (no offer for Japan to take today)
    lines = admin.act(public_state(step=20, yields=ten_year_at(4.0), tariffs=tariffs))
    assert "pause ends" in lines[0] and tariffs.rate_on("japan") == 0.24


def test_partner_retaliates_above_its_threshold_a_day_late():
    model = game()
    china = Partner(model, "china", "China", PARAMS, retaliation_threshold=0.30,
                    retaliation_match=1.0)
    tariffs = model.tariffs
    tariffs.set_rate("all", 0.10)
    tariffs.set_rate("china", 0.54)
    assert china.respond(tariffs) is None  # it answers yesterday's rate, a day late
    assert china.respond(tariffs) == "China retaliates at 44%"
    assert tariffs.retaliation["china"] == pytest.approx(0.44)
    assert china.talks(tariffs) == Talks.RETALIATING
    tariffs.set_rate("china", 0.25)
    china.respond(tariffs)
    assert china.respond(tariffs) == "China withdraws its retaliation"
    tariffs.retaliate("china", 0.5)
    tariffs.strike_deal("china", 0.25)
    assert "china" not in tariffs.retaliation  # a deal settles retaliation too
    tariffs.all_rate = 0.0
    assert china.respond(tariffs) is None and china.talks(tariffs) == Talks.DEAL


def threatening_japan(patience=10):
    model = game(sovereign_patience_days=patience)
    japan = model.sovereigns["japan"]
    japan.resolve, japan.grievance = 1.0, 5.0
    japan.acceptable_rate = 0.15  # as its partner last weighed an offer
    model.tariffs.set_rate("japan", 0.6)
    japan.threaten()
    return model, japan


def test_a_threatening_sovereign_waits_while_the_offer_falls_fast_enough():
    model, japan = threatening_japan()
    assert japan.stance == Stance.THREATENING
    for step in range(2, 30):  # 1 point a day from 50%: 35 days away, then under 10
        model.tariffs.offer("japan", 0.5 - (step - 2) / 100, step)
        japan.orders(public_state(step=step, tariffs=model.tariffs))
        gap_days = (model.tariffs.offers["japan"] - 0.15) / 0.01
        if step - japan.threat_step < 10 or gap_days <= 10:
            assert japan.stance == Stance.THREATENING, step
        else:
            assert japan.stance == Stance.SELLING, step
            break
    assert japan.stance == Stance.SELLING  # too slow at first: it sells


def test_a_threatening_sovereign_holds_its_fire_when_a_deal_is_near():
    model, japan = threatening_japan()
    for step in range(2, 30):  # 1 point a day from 24%: always within 10 days of 15%
        model.tariffs.offer("japan", max(0.15, 0.24 - (step - 2) / 100), step)
        japan.orders(public_state(step=step, tariffs=model.tariffs))
        assert japan.stance == Stance.THREATENING


def test_a_stalled_offer_leaves_it_selling_after_its_patience():
    model, japan = threatening_japan()
    for step in range(2, 20):
        model.tariffs.offer("japan", 0.4, step)  # never improves
        japan.orders(public_state(step=step, tariffs=model.tariffs))
        if step - japan.threat_step < 10:
            assert japan.stance == Stance.THREATENING
    assert japan.stance == Stance.SELLING


def test_threat_shock_follows_the_statement_kind_not_its_wording():
    model = YieldModel(scenario="baseline", rng=1, n_funds=30)
    japan = model.sovereigns["japan"]
    japan.statements.append(Statement("japan", StatementKind.SELLING, "Japan threatens nothing"))
    before = model.uncertainty.level
    model._publish_statements([japan])
    assert model.uncertainty.level == before
    japan.statements.append(Statement("japan", StatementKind.THREAT, "a warning"))
    model._publish_statements([japan])
    # A threat is an escalation: its first-day share now, the rest over the next trading days.
    first, speed = PARAMS.uncertainty_first_day_share, PARAMS.uncertainty_arrival_speed
    assert model.uncertainty.level == pytest.approx(before + first * PARAMS.threat_uncertainty)
    model.uncertainty.arrive()
    model.uncertainty.arrive()
    assert model.uncertainty.level == pytest.approx(
        before + (first + (1.0 - first) * speed) * PARAMS.threat_uncertainty)


def test_threat_event_makes_a_holder_threaten():
    model = game()
    model.tariffs.set_rate("japan", 0.3)  # above its threshold: the threat has a cause
    model.inject(make_event("threat", {"holder": "japan"}))
    model.step()
    assert model.sovereigns["japan"].stance == Stance.THREATENING
    assert any("Japan threatens" in label for _, _, label in model.event_log)


def test_policy_is_a_scenario_key_checked_by_the_parameter_record():
    base = {"name": "x", "start": __import__("datetime").date(2025, 3, 3), "steps": 5}
    assert parse_scenario({**base, "policy": "endogenous"}).params == {"policy": "endogenous"}
    with pytest.raises(ScenarioError, match="policy 'gam' is unknown: use one of scripted"):
        parse_scenario({**base, "policy": "gam"})
    with pytest.raises(ScenarioError, match="give policy once"):
        parse_scenario({**base, "policy": "endogenous", "params": {"policy": "scripted"}})
    with pytest.raises(ParameterError, match="negotiating_partners"):
        YieldModel(scenario="baseline", rng=1, n_funds=30, negotiating_partners="atlantis")


def test_scripted_run_reports_no_choice_and_its_scripted_deals():
    model = YieldModel(scenario="liberation-day-2025", rng=3, n_funds=30)
    model.run()
    from model.summary import summarize
    summary = summarize(model, model.timeseries())
    assert summary["policy"] == "scripted" and summary["first_deescalation_date"] is None
    assert summary["deal_dates"]["china"] == "2025-05-12"
    assert summary["deal_dates"]["japan"] == "2025-07-22"
    assert summary["tariff_end"]["japan"] == pytest.approx(15.0)  # percent
    frame = model.timeseries()
    assert {"admin_pain", "admin_tolerance", "tariff_vietnam", "talks_japan",
            "offer_china"} <= set(frame.columns)
    assert (frame["talks_japan"].iloc[-1]) == Talks.DEAL


def test_endogenous_run_pauses_from_the_market_and_says_why():
    model = YieldModel(scenario="liberation-day-endogenous", rng=3, n_funds=300)
    model.run()
    admin = model.administration
    assert admin.first_deescalation_step is not None
    step, _, line = next(e for e in model.event_log if "in 5 days" in e[2])
    assert step == admin.first_deescalation_step
    assert line.startswith(f"10y {admin.first_deescalation_10y:.2f}%")
    assert model.timeseries()["admin_pain"].iloc[step] > admin.tolerance


PARTNERS = ["japan", "china", "european_union", "korea_south", "vietnam"]
side_events = st.sampled_from([("threat", {"holder": "japan"}), ("threat", {"holder": "china"}),
                               ("sale", {"holder": "japan", "amount_bn": 200.0, "days": 5}),
                               ("shock", {"uncertainty": 3.0, "growth_bp": 30.0}),
                               ("statement", {"country": "china"})])


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.integers(0, 2**16), st.floats(5.0, 80.0), st.floats(0.005, 0.2),
       st.floats(0.0, 1.0), st.lists(st.tuples(st.integers(24, 100), side_events), max_size=5))
def test_a_partners_tariff_never_rises_after_a_deal(seed, tolerance, concession, resolve,
                                                    injections):
    """Unless a tariff event breaks the deal, which none of these runs has."""
    model = YieldModel(scenario="liberation-day-endogenous", rng=seed, n_funds=30,
                       admin_tolerance=tolerance, admin_concession_per_day=concession,
                       japan_resolve=resolve)
    after_deal: dict[str, list[float]] = {key: [] for key in PARTNERS}
    for step in range(1, 126):
        for when, (kind, fields) in injections:
            if when == step:
                model.inject(make_event(kind, fields))
        model.step()
        for key in PARTNERS:
            if key in model.tariffs.deals:
                after_deal[key].append(model.tariffs.rate_on(key))
            else:
                after_deal[key] = []  # no deal (or a scripted tariff broke it)
    for key, rates in after_deal.items():
        assert all(b <= a + 1e-12 for a, b in itertools.pairwise(rates)), key
        if rates:  # a deal is struck between the administration's floor and its cap
            assert model.params.admin_floor_rate - 1e-12 <= rates[0] <= model.params.admin_max_rate
    assert np.all(np.isfinite(model.yields))


def test_tolerance_fit_predicts_the_first_deescalation_of_full_runs_exactly():
    from yieldsim.calibration import tolerance as fit

    seeds = [11, 12, 13]
    paths, target = fit.pain_paths(seeds, {"n_funds": 40})
    for value in (20.0, 45.0):
        predicted = fit.first_crossings(paths, value)
        for seed, step in zip(seeds, predicted, strict=True):
            model = YieldModel(scenario=fit.SCENARIO, rng=seed, n_funds=40,
                               admin_tolerance=value)
            model.run(target + fit.PATH_STEPS_AFTER)
            actual = model.administration.first_deescalation_step
            assert (np.inf if actual is None else actual) == step


def test_chip_table_counts_deals_within_60_days_of_liberation_day():
    import pandas as pd

    from yieldsim.sweeps.chip import cell_table

    rows = [(0.35, 26.5, 83.0, 15.0, -5.0, 3), (0.35, 26.5, 84.0, 15.0, -7.0, 0),
            (0.35, 26.5, float("nan"), 27.5, -9.0, 0), (0.35, 26.5, 40.0, 10.0, -1.0, 1)]
    frame = pd.DataFrame(rows, columns=["japan_resolve", "admin_tolerance", "deal_steps.japan",
                                        "tariff_announced_end.japan", "mtm_gain_bn.japan",
                                        "days_10y_above_warning"])
    frame["dealer_capacity_bn"], frame["status"] = 250.0, "ok"
    cell = cell_table(frame).iloc[0]
    assert cell["runs"] == 4
    assert cell["p_deal_60"] == 0.5  # day 83 = Liberation Day + 60 counts, 84 and none do not
    assert cell["tariff_japan_pct"] == pytest.approx(15.0)
    assert cell["mtm_japan_bn"] == pytest.approx(-7.0)  # a run's value: the lower middle
    assert cell["p_10y_at_warning"] == 0.5


def test_run_summary_text_reports_the_game_only_when_endogenous():
    from model.summary import summarize
    from yieldsim.cli import format_summary

    model = YieldModel(scenario="liberation-day-endogenous", rng=3, n_funds=40)
    model.run()
    text = format_summary(summarize(model, model.timeseries()))
    first = model.administration.first_deescalation_step
    date = model.calendar.date(first).date().isoformat()
    assert f"administration's first de-escalation: {date} (10y" in text
    scripted = YieldModel(scenario="baseline", rng=3, n_funds=40)
    scripted.run(5)
    assert "de-escalation" not in format_summary(summarize(scripted, scripted.timeseries()))


def test_the_administrations_own_pause_calms_markets_as_a_scripted_one(monkeypatch) -> None:
    import model.yieldmodel as yieldmodel

    def level_on_pause_day(calm: float, share: float) -> tuple[int | None, float]:
        monkeypatch.setattr(yieldmodel, "PAUSE_CALM", calm)
        model = YieldModel(scenario="liberation-day-endogenous", rng=3, n_funds=60,
                           uncertainty_first_day_share=share)
        levels = []
        while model.administration.first_deescalation_step is None and model.steps < 80:
            model.step()
            levels.append(model.uncertainty.level)
        return model.administration.first_deescalation_step, levels[-1]

    decay = half_life_decay(PARAMS.uncertainty_half_life_days)
    # Every escalation priced on its day: the calm lands before the day's decay.
    (day, calmed), (same_day, uncalmed) = (level_on_pause_day(0.65, 1.0),
                                           level_on_pause_day(0.0, 1.0))
    assert day is not None and day == same_day  # the path up to the pause is the same
    assert uncalmed - calmed == pytest.approx(0.65 * decay)
    # With escalations arriving over two days it also removes part of what is still arriving.
    share = PARAMS.uncertainty_first_day_share
    (day, calmed), (same_day, uncalmed) = (level_on_pause_day(0.65, share),
                                           level_on_pause_day(0.0, share))
    assert day is not None and day == same_day
    assert 0.65 * decay < uncalmed - calmed < uncalmed


def test_the_chip_is_paired_with_no_chip_on_the_same_seeds():
    import pandas as pd

    from yieldsim.sweeps.chip import paired_markdown, paired_table

    # Replicates 0-3 at resolve 0 (no chip) and 1: the chip brings a deal in replicates 0 and 1
    # (day 50 instead of none, 15% instead of 27.5%); replicate 4 has no partner and is left out.
    rows = []
    for replicate in range(4):
        rows.append((0.0, replicate, float("nan"), 27.5, -5.0, -6.0, 0.0))
        deal = replicate < 2
        rows.append((1.0, replicate, 50.0 if deal else float("nan"), 15.0 if deal else 27.5,
                     -5.0 - replicate, -6.0 - 2 * replicate, 10.0 * replicate))
    rows.append((1.0, 4, 40.0, 10.0, 0.0, 0.0, 0.0))
    frame = pd.DataFrame(rows, columns=["japan_resolve", "replicate", "deal_steps.japan",
                                        "tariff_announced_end.japan", "mtm_gain_bn.japan",
                                        "gain_local_in_start_usd_bn.japan",
                                        "sales_by_sovereign_bn.japan"])
    frame["admin_tolerance"], frame["dealer_capacity_bn"] = 40.5, 250.0
    frame["status"], frame["steps"], frame["days_10y_above_warning"] = "ok", 113, 0
    row = paired_table(frame).iloc[0]
    assert row["pairs"] == 4
    assert row["deal_60_change"] == pytest.approx(0.5)   # 2 of 4 pairs gain a deal by day 83
    assert row["deal_day_change"] in (-63.0, 0.0)       # a change some pair actually had
    assert row["tariff_pct_change"] in (-12.5, 0.0)
    assert row["cost_usd_bn_change"] in (0.0, 1.0, 2.0, 3.0)
    assert row["sold_bn_low"] <= row["sold_bn_change"] <= row["sold_bn_high"]
    assert row["deal_60_low"] < 0.5 < row["deal_60_high"]
    assert "| 1 | 40.5 | 4 |" in paired_markdown(paired_table(frame), 250.0)
