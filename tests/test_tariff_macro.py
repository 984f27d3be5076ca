"""The tariff schedule read as inflation, growth and uncertainty, tested without a model."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.params import ModelParams
from model.tariff_macro import TariffMacro
from model.tariffs import TariffSchedule

PARAMS = ModelParams()


def _macro(all_rate: float = 0.0) -> TariffMacro:
    schedule = TariffSchedule()
    if all_rate:
        schedule.set_rate("all", all_rate)
    macro = TariffMacro(PARAMS, schedule)
    macro.start_here()
    return macro


def test_the_schedule_in_force_at_the_start_is_no_news() -> None:
    macro = _macro(all_rate=0.10)
    assert macro.read() == 0.0
    assert macro.inflation_pct == PARAMS.start_inflation_pct
    assert macro.growth_hit_bp == 0.0
    assert macro.settle() == 0.0


def test_a_tariff_raises_inflation_by_its_effective_rate_and_growth_by_its_statutory_one() -> None:
    macro = _macro()
    macro.tariffs.set_rate("all", 0.10)
    change_pp = macro.read()
    assert change_pp > 0.0
    assert macro.inflation_pct == pytest.approx(
        PARAMS.start_inflation_pct + PARAMS.tariff_inflation_pp_per_pp * change_pp)
    statutory_pp = macro.tariffs.effective_rate(0.0)
    assert statutory_pp > change_pp  # before diversion the same tariff weighs more
    assert macro.growth_hit_bp == pytest.approx(PARAMS.growth_bp_per_tariff_pp * statutory_pp)


def test_a_prohibitive_tariff_still_costs_growth_as_it_rises() -> None:
    # After diversion, raising China from 104% to 145% lowers the effective rate (its imports
    # vanish); the trade lost is a cost, so the growth hit rises with the statutory rate.
    macro = _macro()
    macro.tariffs.set_rate("china", 1.04)
    macro.read()
    effective, growth = macro.effective_pp, macro.growth_hit_bp
    macro.tariffs.set_rate("china", 1.45)
    macro.read()
    assert macro.effective_pp < effective
    assert macro.growth_hit_bp > growth


def test_a_days_changes_are_settled_once() -> None:
    macro = _macro()
    macro.tariffs.set_rate("japan", 0.24)
    macro.read()
    first = macro.settle()
    assert first == pytest.approx(PARAMS.uncertainty_per_tariff_pp
                                  * macro.unsettling(macro.effective_pp - macro.base_pp))
    assert macro.settle() == 0.0  # nothing new since


def test_a_cut_unsettles_only_by_its_share_of_an_escalation() -> None:
    macro = _macro(all_rate=0.20)
    macro.tariffs.set_rate("all", 0.10)
    macro.read()
    # Relief comes from the events' own calm; the cut itself adds its share (0 by default).
    assert macro.settle() == pytest.approx(
        PARAMS.uncertainty_per_tariff_pp * PARAMS.uncertainty_from_cuts
        * abs(macro.effective_pp - macro.base_pp) ** PARAMS.uncertainty_tariff_exponent)
    assert macro.unsettling(-3.0) == pytest.approx(PARAMS.uncertainty_from_cuts
                                                   * macro.unsettling(3.0))


@given(st.floats(0.0, 50.0), st.floats(0.0, 50.0))
def test_a_larger_change_never_unsettles_less(small: float, large: float) -> None:
    small, large = min(small, large), max(small, large)
    macro = _macro()
    assert macro.unsettling(small) <= macro.unsettling(large)


def test_retaliation_adds_uncertainty_and_a_growth_hit() -> None:
    macro = _macro()
    macro.tariffs.retaliate("china", 0.34)
    macro.read()
    assert macro.growth_hit_bp == pytest.approx(
        PARAMS.growth_bp_per_retaliation_pp * (macro.retaliation_pp - macro.retaliation_base_pp))
    assert macro.settle() > 0.0
