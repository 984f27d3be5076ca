"""Calibration record, validation report and the calibrate command (on a tiny budget)."""

import json
import math
import re
import subprocess
from pathlib import Path

import pytest

from model.calibrated import CALIBRATED, RECORD
from model.params import ModelParams
from tests.helpers import YIELDSIM
from yieldsim.calibration.actual import ActualDataError, read_fred_csv
from yieldsim.calibration.free import FREE_PARAMETERS
from yieldsim.calibration.targets import MAX_STANDARD_ERROR_BP, TARGETS, Target

ROOT = Path(__file__).resolve().parent.parent
QUICK = ["--set", "n_funds=60", "--workers", "1"]


def yieldsim(*args):
    return subprocess.run([YIELDSIM, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_record_and_code_defaults_agree():
    record = json.loads((ROOT / RECORD).read_text())
    defaults = ModelParams()
    assert set(record["fitted"]) == {p.name for p in FREE_PARAMETERS} == set(CALIBRATED)
    for name, value in record["fitted"].items():
        assert CALIBRATED[name] == pytest.approx(value, abs=1e-12)
        assert getattr(defaults, name) == pytest.approx(value, abs=1e-12)
    assert {row["name"] for row in record["targets"]} == {t.name for t in TARGETS}
    for key in ("date", "commit", "method", "budget", "free_parameters", "loss"):
        assert key in record
    for row in record["targets"]:
        assert row["p10"] <= row["median"] <= row["p90"]


def test_one_sided_and_two_sided_targets():
    below = Target("x", "", "", -math.inf, 0.0, actual=-19.0)
    assert below.passes(-1.0) and not below.passes(0.5)
    assert below.center_and_scale() == (-19.0, 10.0)
    band = Target("y", "", "", 40.0, 60.0)
    assert band.passes(40.0) and band.passes(60.0) and not band.passes(61.0)
    assert band.center_and_scale() == (50.0, 10.0)


@pytest.fixture(scope="module")
def validation(tmp_path_factory):
    out = tmp_path_factory.mktemp("v") / "val"
    result = yieldsim("validate", "--seeds", "2", "--surface-seeds", "1", "--out", str(out),
                      *QUICK)
    return out, result


def test_validate_report_matches_its_json(validation):
    out, result = validation
    document = json.loads((out / "validation.json").read_text())
    assert result.returncode == (0 if document["all_pass"] else 1), result.stderr
    assert len(document["seeds"]) == 2 and document["parameters"]["n_funds"] == 60
    report = (out / "report.md").read_text()
    for row in document["targets"]:
        line = next(ln for ln in report.splitlines() if f"(`{row['name']}`)" in ln)
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[1] == row["range"]
        assert float(cells[2]) == pytest.approx(row["median"], abs=0.051)
        assert cells[3] == f"{row['se']:.2f}" and int(cells[4]) == row["seeds"]
        verdict = "yes" if row["pass"] else "**no**"
        assert cells[7] == (verdict if row["required"] else f"({verdict}, informational)")
        assert row["p10"] <= row["median"] <= row["p90"]
    for image in ("fan_10y.png", "japan_gap.png", "surface.png"):
        assert (out / image).read_bytes()[:4] == b"\x89PNG"
    assert document["actual"]["series"]["y_10y"]["days"] == 42
    cells = document["surface"]["cells"]
    assert len(cells) == 2 * 6 * 5 and (out / "surface.md").exists()
    assert all(c["min_yield_pct"] >= 0.0 for c in cells)


def test_validate_refuses_to_record_on_the_calibrations_own_seeds(tmp_path):
    result = yieldsim("validate", "--seed", "2025", "--seeds", "2", "--record", "--out",
                      str(tmp_path / "v"), *QUICK)
    assert result.returncode == 2
    assert "were used by the calibration" in result.stderr
    assert not (tmp_path / "v").exists()


def test_record_and_validation_use_disjoint_seeds_and_meet_the_standard_error():
    record = json.loads((ROOT / RECORD).read_text())
    validation = json.loads((ROOT / "runs" / "calibration" / "validation.json").read_text())
    assert record["seeds"] and validation["seeds"]
    assert not set(record["seeds"]) & set(validation["seeds"])
    assert validation["all_pass"]
    for document in (record, validation):
        for row in document["targets"]:
            assert row["se"] <= MAX_STANDARD_ERROR_BP, row["name"]


def test_validate_exits_1_naming_the_failing_targets(tmp_path):
    result = yieldsim("validate", "--seeds", "1", "--surface-seeds", "0", "--out",
                      str(tmp_path / "v"), "--set", "supply_flow_bp_per_100bn=0", "--set",
                      "supply_stock_bp_per_100bn=0", *QUICK)
    assert result.returncode == 1
    last = result.stdout.strip().splitlines()[-1]
    assert "japan_gap_end_bp" in last
    document = json.loads((tmp_path / "v" / "validation.json").read_text())
    assert "japan_gap_end_bp" in document["failing"] and not document["all_pass"]


def test_validate_compares_a_user_fred_file(tmp_path):
    fred = tmp_path / "DGS10.csv"
    fred.write_text("observation_date,DGS10\n2025-05-01,4.22\n2025-05-02,4.33\n2025-05-05,"
                    "4.36\n2025-05-06,\n2025-05-07,4.27\n")
    result = yieldsim("validate", "--seeds", "1", "--surface-seeds", "0", "--actual",
                      str(fred), "--out", str(tmp_path / "v"), *QUICK)
    assert result.returncode in (0, 1), result.stderr
    series = json.loads((tmp_path / "v" / "validation.json").read_text())["actual"]["series"]
    assert list(series) == ["y_10y"]
    assert series["y_10y"]["days"] == 4 and series["y_10y"]["first"] == "2025-05-01"


def test_fred_formats_old_and_new():
    old = read_fred_csv("DATE,DGS2,DGS30\n2025-04-18,.,.\n2025-04-21,3.75,4.91\n", "old.csv")
    assert list(old.frame.columns) == ["y_2y", "y_30y"] and list(old.frame.index) == [
        "2025-04-21"]
    with pytest.raises(ActualDataError, match="no DGS2, DGS10 or DGS30"):
        read_fred_csv("DATE,SP500\n2025-04-21,5000\n", "x.csv")
    with pytest.raises(ActualDataError, match="first column must be the date"):
        read_fred_csv("DGS10,DATE\n4.1,2025-04-21\n", "x.csv")


@pytest.mark.parametrize("args, message", [
    (["validate", "--seeds", "0"], "--seeds: must be at least 1"),
    (["validate", "--actual", "nowhere.csv"], "does not exist"),
    (["validate", "--set", "n_funds=-1"], "out of range"),
    (["calibrate", "--lhs-points", "0"], "--lhs-points: must be at least 1"),
    (["calibrate", "--set", "news_level_bp=5"], "being calibrated"),
])
def test_bad_input_is_one_line_and_status_2(tmp_path, args, message):
    result = yieldsim(*args, "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_calibrate_smoke_on_a_tiny_budget(tmp_path):
    before = (ROOT / "model" / "calibrated.py").read_text()
    result = yieldsim("calibrate", "--lhs-points", "2", "--refine", "2", "--seeds", "1",
                      "--final-seeds", "1", "--out", str(tmp_path / "c"), *QUICK)
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / "c" / "record.json").read_text())
    assert set(record["fitted"]) == {p.name for p in FREE_PARAMETERS}
    for p in FREE_PARAMETERS:
        assert p.lo <= record["fitted"][p.name] <= p.hi
    assert 4 <= len(record["history"]) <= 5      # defaults + 2 LHS points + up to 2 refinements
    assert record["fixed"] == {"n_funds": "60"}
    assert re.search(r"stage 3", result.stdout)
    assert (ROOT / "model" / "calibrated.py").read_text() == before
