"""The fiscal path as an input: `fiscal` events, issued and priced on announcement."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from agents.treasury import ISSUANCE_MIX
from model.calendar import TRADING_DAYS_PER_YEAR
from model.events import EventError, make_event
from model.fiscal import DeficitChange, FiscalPath
from model.values import StateError
from model.yieldmodel import YieldModel
from tests.helpers import YIELDSIM

QUIET = {"n_funds": 60, "news_level_bp": 0.0, "news_slope_bp": 0.0}


def test_a_change_adds_its_issuance_until_it_runs_out_and_prices_only_the_horizon() -> None:
    path = FiscalPath.of(horizon_years=1.0, buckets=4)
    np.testing.assert_array_equal(path.extra_per_day_bn(), np.zeros(4))
    path.add(DeficitChange.of(250.0, years=2.0, mix=ISSUANCE_MIX, priced=True))
    path.add(DeficitChange.of(-125.0, years=0.5, mix=ISSUANCE_MIX, priced=False))
    daily = 250.0 / TRADING_DAYS_PER_YEAR
    np.testing.assert_allclose(path.extra_per_day_bn(), ISSUANCE_MIX * daily / 2)
    # Only the believed change is priced, and no further ahead than the horizon (a year).
    np.testing.assert_allclose(path.pending_bn(), ISSUANCE_MIX * 250.0)
    ended = [path.advance() for _ in range(round(TRADING_DAYS_PER_YEAR / 2))]
    assert ended[-1] and not any(ended[:-1])  # the cut ran out after half a year
    np.testing.assert_allclose(path.extra_per_day_bn(), ISSUANCE_MIX * daily)
    for _ in range(round(TRADING_DAYS_PER_YEAR)):
        path.advance()
    # Half a year of the two is left: less than the horizon, so all of it is priced.
    np.testing.assert_allclose(path.pending_bn(), ISSUANCE_MIX * 125.0, rtol=1e-9)


def _ten_year_gap(event: dict | None, steps: int, seed: int = 4) -> np.ndarray:
    def path(fiscal: dict | None) -> tuple[np.ndarray, np.ndarray]:
        model = YieldModel(scenario="baseline", rng=seed, **QUIET)
        if fiscal is not None:
            model.inject(make_event("fiscal", fiscal))
        model.run(steps)
        frame = model.timeseries()
        return frame["y10_supply_premium"].to_numpy(), model.outstanding.copy()

    base, base_outstanding = path(None)
    moved, outstanding = path(event)
    return (moved - base) * 100.0, outstanding - base_outstanding


def test_an_announced_deficit_is_priced_at_once_and_its_issuance_adds_nothing_twice() -> None:
    gap, extra_face = _ten_year_gap({"deficit_bn_per_year": 900.0, "years": 0.5}, steps=140)
    # Priced the day it is announced (the event fires before step 1), as a stock ...
    assert gap[1] > 3.0  # $450bn, some $280bn of 10y-equivalents
    # ... and selling the bonds over the half year only moves them from expected to held.
    assert gap[130] == pytest.approx(gap[1], rel=0.05)
    # Every bond announced was issued: face is conserved, nothing more, nothing less.
    assert extra_face.sum() == pytest.approx(450.0, rel=0.01)


def test_a_deficit_nobody_believes_moves_yields_only_as_it_is_sold() -> None:
    believed, _ = _ten_year_gap({"deficit_bn_per_year": 900.0, "years": 0.5}, steps=140)
    doubted, _ = _ten_year_gap({"deficit_bn_per_year": 900.0, "years": 0.5, "priced": False},
                               steps=140)
    assert abs(doubted[1]) < 0.5 and doubted[60] < believed[60] - 2.0  # about half sold
    # Once it is all sold, the stock is the same whichever way it was learned.
    assert doubted[130] == pytest.approx(believed[130], rel=0.05)


def test_a_cut_below_zero_issuance_is_refused_in_one_line() -> None:
    model = YieldModel(scenario="baseline", rng=1, **QUIET)
    model.inject(make_event("fiscal", {"deficit_bn_per_year": -4000.0, "years": 1.0}))
    with pytest.raises(StateError, match="below zero: the model has no buybacks"):
        model.step()
    # Refused before it was recorded: the path and the Treasury are as they were.
    assert model.fiscal.changes == []
    np.testing.assert_array_equal(model.treasury.deficit_per_day,
                                  model.treasury.base_deficit_per_day)


def test_fiscal_fields_are_checked() -> None:
    with pytest.raises(EventError, match="deficit_bn_per_year"):
        make_event("fiscal", {"years": 3.0})
    with pytest.raises(EventError, match="years"):
        make_event("fiscal", {"deficit_bn_per_year": 100.0, "years": 90.0})


def test_a_scenario_file_can_widen_the_deficit_and_a_bad_one_writes_nothing(tmp_path) -> None:
    text = ('name = "wider"\nstart = 2025-03-03\nsteps = 30\n[[events]]\nid = "bill"\n'
            'date = 2025-03-10\nkind = "fiscal"\ndeficit_bn_per_year = {amount}\n')
    good, bad = tmp_path / "wider.toml", tmp_path / "cut.toml"
    good.write_text(text.format(amount=600))
    bad.write_text(text.format(amount=-5000))

    def run(path, out):
        return subprocess.run([YIELDSIM, "run", "--scenario", str(path), "--set", "n_funds=60",
                               "--no-plot", "--out", str(out)], capture_output=True, text=True,
                              timeout=120)

    assert run(good, tmp_path / "ok").returncode == 0
    result = run(bad, tmp_path / "no")
    assert result.returncode == 2 and "no buybacks" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "no").exists()
