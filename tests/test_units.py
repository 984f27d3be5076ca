"""One set of units, said everywhere (issue 24, item 2).

Rates and tariffs are in percent in every file, table and summary a user receives; each file
says its units (`summary.json`'s `units`, every Parquet field's `unit` metadata); dates read
back as datetime64; no metric is stored under two names; the API and the CLI share the
default scenario; API errors name the setting, not the CLI's `--set`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import yieldsim
from model.scenario import DEFAULT_SCENARIO, ScenarioError
from model.summary import UNITS
from tests.helpers import YIELDSIM
from yieldsim.cli import build_parser

CHEAP = {"n_funds": 60}


@pytest.fixture(scope="module")
def endogenous() -> yieldsim.RunResult:
    """A run with tariffs, retaliation and offers: every rate column is in it."""
    return yieldsim.run("liberation-day-endogenous", seed=3, steps=40, **CHEAP)


def test_tariffs_are_percent_in_the_api_table(endogenous: yieldsim.RunResult) -> None:
    frame, model_frame = endogenous.timeseries, endogenous.model.timeseries()
    for column in [c for c in frame.columns if c.startswith(("tariff_", "retaliation_",
                                                            "offer_"))
                   and c != "tariff_effective_pp"]:
        np.testing.assert_allclose(frame[column].to_numpy(),
                                   100 * model_frame[column].to_numpy(), err_msg=column)
    assert frame["tariff_japan"].max() >= 24.0  # Liberation Day: 24% (or more), not 0.24
    assert frame["tariff_china"].iloc[0] == pytest.approx(20.0)


def test_summary_json_has_a_unit_for_every_value_and_tariffs_in_percent(
        endogenous: yieldsim.RunResult, tmp_path: Path) -> None:
    folder = endogenous.save(tmp_path / "run")
    summary = json.loads((folder / "summary.json").read_text())
    assert set(summary["units"]) == set(summary) - {"units"}
    assert all(summary["units"][key] for key in summary if key != "units"), summary["units"]
    assert summary["units"]["tariff_end"] == summary["units"]["peak_10y"] == "percent"
    assert summary["tariff_announced_end"]["japan"] == pytest.approx(
        100 * endogenous.model.tariffs.announced("japan"))
    assert summary["tariff_announced_end"]["japan"] >= 1.0  # 24%, not 0.24
    assert set(UNITS) >= set(summary) - {"units"}


def test_timeseries_parquet_reads_back_with_dates_and_percent(
        endogenous: yieldsim.RunResult, tmp_path: Path) -> None:
    folder = endogenous.save(tmp_path / "run")
    path = folder / "timeseries.parquet"
    stored = pd.read_parquet(path)
    assert pd.api.types.is_datetime64_dtype(stored["date"])
    pd.testing.assert_series_equal(stored["tariff_japan"],
                                   endogenous.timeseries["tariff_japan"].reset_index(drop=True))
    units = {f.name: f.metadata[b"unit"].decode() for f in pq.read_schema(path)}
    assert units["tariff_japan"] == units["retaliation_china"] == "percent"
    assert "fraction" not in {units[c] for c in units if c.startswith(("tariff", "retal",
                                                                     "offer"))}


def test_events_table_has_dates() -> None:
    result = yieldsim.run("japan-sells", seed=1, steps=30, **CHEAP)
    assert pd.api.types.is_datetime64_dtype(result.events["date"])
    assert isinstance(result.timeseries.index, pd.DatetimeIndex)


def test_results_parquet_carries_units_and_no_metric_twice(tmp_path: Path) -> None:
    swept = yieldsim.sweep("liberation-day-endogenous",
                           vary={"dealer_capacity_bn": [100, 200]}, steps=30, workers=1,
                           out=tmp_path / "sweep", progress=False, **CHEAP)
    assert swept.ok == 2
    path = swept.folder / "results.parquet"
    units = {f.name: (f.metadata or {}).get(b"unit", b"").decode()
             for f in pq.read_schema(path)}
    assert all(units.values()), [name for name, unit in units.items() if not unit]
    assert units["peak_10y"] == "percent" and units["tariff_end.japan"] == "percent"
    assert units["dealer_capacity_bn"] == "$bn 10y-eq" and units["mtm_gain_bn.japan"]
    results = pd.read_parquet(path)
    for old in ("mtm_japan_bn", "tariff_end_japan", "tariff_at_stake_japan",
                "japan_deal_day"):
        assert old not in results.columns
    assert (results["tariff_announced_end.japan"] >= 1.0).all()  # percent
    # every metric is a summary value under the summary's own name (one name per metric)
    from yieldsim.sweeps.results import ID_COLUMNS, TAIL_COLUMNS

    metrics = set(results.columns) - set(ID_COLUMNS) - set(TAIL_COLUMNS) - {"dealer_capacity_bn"}
    assert {m.partition(".")[0] for m in metrics} <= set(UNITS), metrics


def test_api_and_cli_share_the_default_scenario() -> None:
    import inspect

    assert inspect.signature(yieldsim.run).parameters["scenario"].default == DEFAULT_SCENARIO
    cli_default = build_parser().parse_args(["run"]).scenario
    assert cli_default == DEFAULT_SCENARIO == "liberation-day-2025"


def test_repr_is_one_short_line() -> None:
    result = yieldsim.run("japan-sells", seed=1, steps=30, **CHEAP)
    text = repr(result)
    assert "\n" not in text and len(text) < 200
    assert text.startswith("RunResult(scenario='japan-sells', seed=1, 2025-03-03 to ")
    assert "peak 10y" in text


def test_api_errors_name_the_setting_not_the_command_line_option() -> None:
    with pytest.raises(ScenarioError) as raised:
        yieldsim.run("japan-sells", steps=5, **{"japan_sale.amount_bn": -5})
    assert "japan_sale.amount_bn" in str(raised.value) and "--set" not in str(raised.value)
    with pytest.raises(ValueError) as unknown:
        yieldsim.run("japan-sells", steps=5, no_such_knob=1)
    assert "no_such_knob" in str(unknown.value) and "--set" not in str(unknown.value)


def test_scenarios_show_states_the_unit_of_rates() -> None:
    shown = subprocess.run([YIELDSIM, "scenarios", "show", "deal"], capture_output=True,
                           text=True, check=True).stdout
    assert "rate=0.24 (24%)" in shown
    assert "rate is written as a fraction" in shown


@pytest.mark.parametrize("arguments", [
    {"vary": {"dealer_capacity_bn": [100, 200]}, "dealer_capacity_bn": 300},
    {"design": "lhs"},
    {"vary": {"dealer_capacity_bn": (50, 400, 1)}},
    {"vary": {"no_such_knob": [1, 2]}},
])
def test_sweep_errors_speak_python_to_python_callers(arguments: dict, tmp_path: Path) -> None:
    with pytest.raises(ValueError) as raised:
        yieldsim.sweep("japan-sells", out=tmp_path / "s", progress=False, **arguments)
    message = str(raised.value)
    assert "--set" not in message and "--vary" not in message, message
    assert not (tmp_path / "s").exists()
