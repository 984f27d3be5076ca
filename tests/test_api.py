"""The Python API: `yieldsim.run`, `yieldsim.sweeps`, and the tables a notebook starts from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import yieldsim
from model.params import ParameterError
from model.scenario import ScenarioError
from yieldsim.sweeps.space import SpecError

CHEAP = {"n_funds": 300}


def test_run_from_outside_the_checkout_gives_dated_tables(tmp_path: Path) -> None:
    code = ("import yieldsim; r = yieldsim.run(scenario='japan-sells', seed=3, steps=60); "
            "print(r.timeseries.index[0], r.summary['peak_10y'])")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=True)
    first, peak = done.stdout.split()[0], float(done.stdout.split()[-1])
    assert first == "2025-03-03"
    assert 3.0 < peak < 7.0


def test_run_result_matches_its_run_folder(tmp_path: Path) -> None:
    result = yieldsim.run("japan-sells", seed=5, steps=40, **CHEAP)
    assert isinstance(result.timeseries.index, pd.DatetimeIndex)
    assert result.timeseries.index.name == "date" and len(result.timeseries) == 41
    assert result.steps == 40 and result.seed == 5 and result.params["n_funds"] == 300
    folder = result.save(tmp_path / "run")
    assert json.loads((folder / "summary.json").read_text()) == json.loads(
        json.dumps(result.summary))
    stored = pd.read_parquet(folder / "timeseries.parquet")
    pd.testing.assert_series_equal(stored["y_10y"], result.timeseries["y_10y"].reset_index(
        drop=True))
    assert pq.read_schema(folder / "timeseries.parquet").field("date").type == pa.timestamp("ms")
    assert (folder / "yields.png").stat().st_size > 10_000


def test_same_seed_same_run_and_a_fresh_seed_is_recorded() -> None:
    first = yieldsim.run("baseline", seed=11, steps=15, **CHEAP)
    again = yieldsim.run("baseline", seed=11, steps=15, **CHEAP)
    pd.testing.assert_frame_equal(first.timeseries, again.timeseries)
    fresh = yieldsim.run("baseline", steps=15, **CHEAP)
    repeat = yieldsim.run("baseline", seed=fresh.seed, steps=15, **CHEAP)
    pd.testing.assert_frame_equal(fresh.timeseries, repeat.timeseries)


def test_start_date_events_are_counted_once() -> None:
    result = yieldsim.run("japan-sells", seed=1, steps=30, **CHEAP)
    assert result.summary["events_fired"] == 2
    labelled = result.timeseries["events"].str.len() > 0
    assert labelled.sum() == 2 and labelled.iloc[0] and not labelled.iloc[1]
    assert list(result.events["step"]) == [0, 20]
    assert len(result.plot().axes) >= 4


def test_event_fields_and_parameters_by_name() -> None:
    bigger = yieldsim.run("japan-sells", seed=2, steps=45, **CHEAP,
                          **{"japan_sale.amount_bn": 300})
    assert bigger.summary["sales_by_sovereign_bn"]["japan"] == pytest.approx(300.0)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"scenario": "nowhere"}, ScenarioError, "unknown scenario"),
    ({"scenario": "baseline", "warp": 9}, ParameterError, "warp"),
    ({"scenario": "baseline", "n_funds": -5}, ParameterError, "out of range"),
])
def test_bad_input_raises_a_value_error_naming_it(kwargs, error, words) -> None:
    with pytest.raises(error, match=words) as caught:
        yieldsim.run(**kwargs, steps=5)
    assert isinstance(caught.value, ValueError)


def test_sweep_returns_one_row_per_run_and_resumes_identically(tmp_path: Path) -> None:
    args = {"scenario": "japan-sells", "vary": {"japan_sale.amount_bn": [0, 150]},
            "replicates": 2, "steps": 45, "out": tmp_path / "s", "progress": False, **CHEAP}
    first = yieldsim.sweep(**args, workers=2)
    assert (first.total, first.ok, first.failed, len(first.results)) == (4, 4, 0, 4)
    assert set(first.results["japan_sale.amount_bn"]) == {0.0, 150.0}
    again = yieldsim.sweep(**args, workers=1)
    pd.testing.assert_frame_equal(first.results.drop(columns=["duration_s", "finished_at"]),
                                  again.results.drop(columns=["duration_s", "finished_at"]))
    sold = first.results.groupby("japan_sale.amount_bn")["sales_by_sovereign_bn.japan"].mean()
    assert sold[150.0] == pytest.approx(150.0) and sold[0.0] == pytest.approx(0.0)


def test_sweep_keeps_time_series_and_gives_sobol_indices(tmp_path: Path) -> None:
    kept = yieldsim.sweep("japan-sells", vary={"dealer_capacity_bn": (100, 300, 2)},
                          steps=10, keep_timeseries=True, out=tmp_path / "k", workers=1,
                          progress=False, **CHEAP)
    series = kept.timeseries()
    assert len(series) == 2 * 11 and set(series["run"]) == {0, 1}
    assert kept.sensitivity is None
    sobol = yieldsim.sweep("japan-sells", vary={"dealer_capacity_bn": (100.0, 300.0)},
                           design="sobol", samples=8, steps=10, out=tmp_path / "sob",
                           workers=2, progress=False, **CHEAP)
    assert len(sobol.results) == 8 * 3
    assert sobol.sensitivity is not None and "ST" in "".join(sobol.sensitivity.columns)


def test_sweep_refuses_bad_input_before_writing(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="warp"):
        yieldsim.sweep("baseline", vary={"warp": [1, 2]}, out=tmp_path / "bad", progress=False)
    with pytest.raises(SpecError, match="bounds"):
        yieldsim.sweep("baseline", vary={"dealer_capacity_bn": (100.0, 300.0)},
                       out=tmp_path / "bad", progress=False)
    assert not (tmp_path / "bad").exists()


def test_tables_of_scenarios_parameters_and_columns() -> None:
    scenarios = yieldsim.scenarios()
    assert {"baseline", "japan-sells", "liberation-day-2025"} <= set(scenarios.index)
    assert scenarios.loc["japan-sells", "events"] == 2
    params = yieldsim.parameters()
    assert params.loc["dealer_capacity_bn", "unit"] == "$bn 10y-eq"
    columns = yieldsim.columns()
    assert columns.loc["y_10y", "unit"] == "percent"
    assert columns.loc["tariff_china", "unit"] == "percent"
    assert "run" in dir(yieldsim) and yieldsim.run.__doc__


def test_a_notebook_s_picture_has_the_dollar_row_with_the_run_s_own_figures() -> None:
    result = yieldsim.run("japan-sells", seed=5, steps=45, **CHEAP)
    figure = result.plot()
    dollar, home = figure.axes[4], figure.axes[5]
    assert dollar.lines[0].get_ydata() == pytest.approx(result.timeseries["usdjpy"].to_numpy())
    japan = next(line for line in home.lines if line.get_label().startswith("Japan in dollars"))
    assert list(japan.get_ydata()) == [pytest.approx(result.summary["mtm_gain_bn"]["japan"])]
