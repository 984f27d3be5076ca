"""The joint fit of the tariff game to dated reversals (yieldsim/calibration/game.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from model import calibrated_policy
from model.params import ModelParams
from yieldsim.calibration import game

STEPS = {"first_deescalation": 27, "china": 50, "japan": 98, "european_union": 101,
         "korea_south": 104, "vietnam": 84}


def runs_at(**offsets):
    """One run whose reversals miss each date by the given trading days (None: no reversal)."""
    return {key: None if offsets.get(key, 0) is None else STEPS[key] + offsets.get(key, 0)
            for key in STEPS}


def test_the_loss_is_the_mean_squared_miss_in_windows_capped():
    assert game.loss([runs_at()], STEPS) == 0.0
    # 5 days late on the pause is one window; 20 days on China two; no Japan deal the cap
    one = runs_at(first_deescalation=5, china=-20, japan=None)
    assert game.loss([one], STEPS) == pytest.approx((1 + 4 + game.CAP ** 2) / 3)
    # the checks never count
    assert game.loss([runs_at(european_union=None, vietnam=90)], STEPS) == 0.0
    assert game.loss([one, runs_at()], STEPS) == pytest.approx(game.loss([one], STEPS) / 2)


def test_shares_within_count_the_checks_too():
    shares = game.shares_within([runs_at(vietnam=16), runs_at(japan=15)], STEPS)
    assert shares["vietnam"] == 0.5 and shares["japan"] == 1.0 and shares["china"] == 1.0


def test_the_fits_seeds_are_fixed_and_never_the_figures():
    seeds = game.seeds_for(64)
    assert seeds == game.seeds_for(64) and len(set(seeds)) == 64
    assert not set(seeds) & set(game.FIGURE_SEEDS)


def test_the_generated_defaults_are_what_the_parameters_read():
    text = game.render_policy({name: getattr(calibrated_policy, name.upper())
                               for name in game.FREE})
    namespace: dict = {}
    exec(text, namespace)  # our own generated module
    params = ModelParams()
    for name in game.FREE:
        assert namespace[name.upper()] == pytest.approx(getattr(params, name))
        lo, hi = game.FREE[name]
        assert lo <= getattr(params, name) <= hi


def test_the_default_tolerance_sits_on_the_half_pain_grid_and_the_rest_as_fitted():
    values = {name: lo + 0.123456789 for name, (lo, _) in game.FREE.items()}
    values["admin_tolerance"] = 83.920799
    defaults = game.defaults_of(values)
    assert defaults["admin_tolerance"] == 84.0
    assert defaults["talks_breakdown_hazard"] == pytest.approx(0.123457)


def test_write_records_the_fit_and_replaces_its_docs_section(tmp_path, monkeypatch):
    doc = tmp_path / "game.md"
    doc.write_text("# The game\n\n## What remains assumed\n\nmuch\n")
    monkeypatch.setattr(game, "RECORD", tmp_path / "game.json")
    monkeypatch.setattr(game, "GENERATED", tmp_path / "policy.py")
    monkeypatch.setattr(game, "DOC", doc)
    values = {name: lo for name, (lo, _) in game.FREE.items()}
    result = {"values": values, "loss": 1.5, "start_loss": 2.0, "evaluations": 3,
              "within": {key: 0.5 for key in {**game.TARGETS, **game.CHECKS}}}
    game.write(result, [1, 2], {})
    game.write({**result, "loss": 0.25}, [1, 2], {})
    text = doc.read_text()
    assert text.count(game.DOC_BEGIN) == 1 and "Loss 0.250" in text
    assert text.index(game.DOC_END) < text.index("## What remains assumed")
    record = json.loads((tmp_path / "game.json").read_text())
    assert record["fitted"] == values and record["seeds"] == {"root": game.ROOT_SEED, "n": 2}
    assert "ADMIN_TOLERANCE = 10.0" in (tmp_path / "policy.py").read_text()


def test_a_tiny_fit_runs_through_the_command():
    result = subprocess.run([sys.executable, "-m", "yieldsim.calibration.game", "--seeds", "1",
                             "--starts", "2", "--iterations", "0", "--workers", "1"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["evaluations"] == 2 and set(out["values"]) == set(game.FREE)
    assert out["loss"] == pytest.approx(out["start_loss"])
    assert set(out["within"]) == {*game.TARGETS, *game.CHECKS}


def test_evaluate_scores_the_defaults_as_the_fit_scores_a_point():
    # One seed: the loss the command prints is the fit's loss of that seed's runs.
    result = subprocess.run([sys.executable, "-m", "yieldsim.calibration.game", "--seeds", "1",
                             "--workers", "1", "--evaluate"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    runs = [game.run_dates(game.seeds_for(1)[0], {})]
    assert out["loss"] == pytest.approx(game.loss(runs, game.target_steps()))
    assert set(out["within"]) == {*game.TARGETS, *game.CHECKS}


@pytest.mark.parametrize(("args", "message"), [
    (["--evaluate", "--write"], "--evaluate fits nothing"),
    (["--seeds", "0"], "--seeds must be at least 1"),
    (["--iterations", "-1"], "--iterations must be 0 or more"),
    (["--set", "admin_tolerance=30"], "admin_tolerance is fitted here"),
    (["--set", "no_such=1"], "unknown parameter"),
])
def test_bad_input_is_refused_in_one_line(args, message):
    result = subprocess.run([sys.executable, "-m", "yieldsim.calibration.game", *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
