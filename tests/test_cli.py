"""The `yieldsim` command, run for real in a subprocess."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.helpers import YIELDSIM

ROOT = Path(__file__).resolve().parent.parent


def yieldsim(*args, cwd=ROOT):
    return subprocess.run([YIELDSIM, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "japan"
    result = yieldsim("run", "--scenario", "japan-sells", "--seed", "3", "--steps", "60",
                      "--set", "n_funds=200", "--set", "japan_sale.amount_bn=150",
                      "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def test_run_writes_the_four_files_and_prints_a_summary(run_folder):
    out, stdout = run_folder
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "summary.json",
                                                     "timeseries.parquet", "yields.png"]
    assert "peak" in stdout and "4.5%" in stdout and "net purchases beyond normal" in stdout
    assert str(out / "yields.png") in stdout
    assert (out / "yields.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_manifest_records_everything_to_reproduce(run_folder):
    manifest = json.loads((run_folder[0] / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["seed"] == 3 and manifest["steps"] == 60
    assert manifest["scenario"] == "japan-sells"
    assert manifest["params"]["n_funds"] == 200
    sale = next(e for e in manifest["events"] if e["id"] == "japan_sale")
    assert sale["amount_bn"] == 150.0
    assert {"mesa", "numpy", "pandas", "python"} <= set(manifest["versions"])
    assert manifest["git_commit"] and manifest["started_at"] and manifest["finished_at"]


def test_summary_and_timeseries_hold_the_contracted_fields(run_folder):
    summary = json.loads((run_folder[0] / "summary.json").read_text())
    for key in ("peak_10y", "peak_10y_date", "max_5d_rise_10y_bp", "crossed_4_5",
                "crossed_4_5_date", "foreign_official_sales_bn", "absorbed_by", "mtm_gain_bn",
                "fed_backstop_bn"):
        assert key in summary
    assert summary["sales_by_sovereign_bn"]["japan"] == pytest.approx(150.0)
    beyond_trend = (summary["foreign_official_sales_bn"]
                    - summary["foreign_official_trend_sales_bn"])
    # Each summary figure is rounded to 1e-6: a sum of half a dozen of them, against a
    # difference of two, may be off by a few of those.
    assert sum(summary["absorbed_by"].values()) == pytest.approx(beyond_trend, abs=1e-5)
    assert summary["mtm_gain_bn"]["japan"] != 0
    path = run_folder[0] / "timeseries.parquet"
    frame = pd.read_parquet(path)
    assert len(frame) == 61 and frame["date"].iloc[0] == pd.Timestamp(dt.date(2025, 3, 3))
    assert pd.api.types.is_datetime64_dtype(frame["date"])
    schema = pq.read_schema(path)
    assert schema.field("date").type == pa.timestamp("ms")
    units = {f.name: f.metadata[b"unit"].decode() for f in schema}
    assert units["y_10y"] == units["y10_term_premium"] == units["y10_supply_premium"] == "percent"
    assert units["tariff_china"] == "percent" and units["vol_10y_bp"] == "bp/day"
    assert frame["y_10y"].max() == pytest.approx(summary["peak_10y"])


def signed(symbol: str, amount: float, decimals: int) -> str:
    """How the summary writes an amount: its sign, then the currency's (`-¥5,167bn`)."""
    shown = round(amount, decimals)
    return f"{'-' if shown < 0 else '+'}{symbol}{abs(shown):,.{decimals}f}bn"


def test_run_prints_usdjpy_and_japan_s_result_in_yen_beside_its_dollar_result(run_folder):
    out, stdout = run_folder
    summary = json.loads((out / "summary.json").read_text())
    assert (f"  USD/JPY: {summary['usdjpy_start']:.2f} → {summary['usdjpy_end']:.2f} yen per "
            f"dollar ({summary['usdjpy_change_pct']:+.1f}%)\n") in stdout
    assert summary["usdjpy_end"] != summary["usdjpy_start"]
    yen = summary["gain_local_bn"]["japan"]
    other = summary["other_reserves_bn"]["japan"]
    assert other == 255.0 and summary["other_reserves_bn"]["china"] == 0.0
    assert (f"  Japan's result in yen (bonds, coupons and FX; other reserves ${other:,.0f}bn): "
            f"{signed('¥', yen, 0)} "
            f"({signed('$', summary['gain_local_in_start_usd_bn']['japan'], 1)} at the start "
            "rate)\n    against its bonds' mark-to-market in dollars: "
            f"{signed('$', summary['mtm_gain_bn']['japan'], 1)}\n") in stdout
    # China sold only its priced-in trend here: no renminbi line.
    assert summary["sales_by_sovereign_bn"]["china"] <= summary["foreign_official_trend_sales_bn"]
    assert "renminbi" not in stdout


def test_run_prints_china_s_result_in_renminbi_when_china_sells(tmp_path):
    out = tmp_path / "china"
    result = yieldsim("run", "--scenario", "china-retaliates", "--seed", "2", "--steps", "80",
                      "--set", "n_funds=200", "--no-plot", "--out", str(out))
    assert result.returncode == 0, result.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["sales_by_sovereign_bn"]["china"] > (
        summary["foreign_official_trend_sales_bn"] + 100)
    lines = result.stdout.splitlines()
    japan = lines.index(next(line for line in lines if line.startswith("  Japan's result")))
    china = lines[japan + 2:japan + 4]
    assert china == [
        f"  China's result in renminbi (bonds, coupons and FX): "
        f"{signed('CN¥', summary['gain_local_bn']['china'], 0)} "
        f"({signed('$', summary['gain_local_in_start_usd_bn']['china'], 1)} at the start rate)",
        "    against its bonds' mark-to-market in dollars: "
        f"{signed('$', summary['mtm_gain_bn']['china'], 1)}"]


@pytest.mark.parametrize("args, message", [
    (["run", "--scenario", "nowhere"], "unknown scenario 'nowhere'"),
    (["run", "--scenario", "missing.toml"], "does not exist"),
    (["run", "--seed", "seven"], "takes a whole number, not 'seven'"),
    (["run", "--steps", "0"], "--steps: must be at least 1"),
    (["run", "--set", "n_funds"], "NAME=VALUE"),
    (["run", "--set", "warp=9"], "unknown parameter 'warp'"),
    (["run", "--set", "n_funds=-5"], "out of range"),
    (["run", "--set", "dealer_capacity_bn=big"], "takes a number"),
    (["run", "--scenario", "japan-sells", "--set", "japan_sale.amount_bn=x"], "takes a number"),
    (["run", "--scenario", "japan-sells", "--set", "sale.days=3"], "no event with id 'sale'"),
    (["run", "--frobnicate"], "unrecognized arguments"),
    (["fly"], "invalid choice"),
    (["scenarios", "show", "nope"], "unknown scenario"),
])
def test_bad_input_gives_one_line_and_status_2_and_writes_nothing(tmp_path, args, message):
    out = tmp_path / "out"
    result = yieldsim(*args, "--out", str(out)) if args[0] == "run" else yieldsim(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_existing_output_folder_is_never_overwritten(tmp_path):
    out = tmp_path / "keep"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = yieldsim("run", "--steps", "3", "--set", "n_funds=30", "--out", str(out))
    assert result.returncode == 2 and "not empty" in result.stderr
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_bad_scenario_file_is_named_with_its_event(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('name = "m"\nstart = 2025-03-03\nsteps = 10\n[[events]]\nid = "big"\n'
                    'date = 2025-03-10\nkind = "tariff"\ncountry = "japan"\nrate = 12\n')
    result = yieldsim("scenarios", "validate", str(path))
    assert result.returncode == 2
    assert str(path) in result.stderr and "'big'" in result.stderr
    assert "from 0 to 5" in result.stderr
    result = yieldsim("run", "--scenario", str(path), "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and not (tmp_path / "o").exists()


def test_params_scenarios_and_validate_commands():
    params = yieldsim("params")
    assert params.returncode == 0
    for name in ("n_funds", "dealer_capacity_bn", "fed_backstop", "japan_resolve"):
        assert name in params.stdout
    listing = yieldsim("scenarios", "list")
    assert listing.returncode == 0 and "liberation-day-2025" in listing.stdout
    shown = yieldsim("scenarios", "show", "japan-sells")
    assert "japan_sale" in shown.stdout and "amount_bn=100.0" in shown.stdout
    ok = yieldsim("scenarios", "validate", str(ROOT / "model/scenarios/escalation.toml"))
    assert ok.returncode == 0 and "ok" in ok.stdout


def test_params_json_lists_every_parameter_with_unit_and_source():
    rows = json.loads(yieldsim("params", "--format", "json").stdout)
    assert all(r["unit"] and r["meaning"] and r["source"] for r in rows)
    assert len({r["name"] for r in rows}) == len(rows)


@pytest.mark.parametrize("own_process", [True, False])
def test_the_collector_is_paused_only_for_the_program_s_own_imports(own_process):
    import gc

    from yieldsim.cli import collector_paused

    frozen_before = gc.get_freeze_count()
    try:
        with collector_paused(own_process):
            assert gc.isenabled() is not own_process
        assert gc.isenabled()
        assert (gc.get_freeze_count() > frozen_before) is own_process
    finally:
        gc.unfreeze()
        gc.enable()


def test_run_prints_its_summary_before_it_draws_the_picture(tmp_path, capsys, monkeypatch):
    from yieldsim import cli, runner

    seen_when_drawn = []
    draw = runner.plot_run

    def plot_run(*args, **kwargs):
        seen_when_drawn.append(capsys.readouterr().out)
        draw(*args, **kwargs)

    monkeypatch.setattr(runner, "plot_run", plot_run)
    out = tmp_path / "run"
    assert cli.main(["run", "--steps", "12", "--set", "n_funds=30", "--out", str(out)]) == 0
    printed, = seen_when_drawn
    assert "peak" in printed and "net purchases beyond normal" in printed
    assert "run folder:" not in printed, "the folder is named once it is in place"
    after = capsys.readouterr().out
    assert after == f"run folder: {out}\nplot: {out / 'yields.png'}\n"
    assert (out / "yields.png").is_file()


def test_no_plot_writes_no_picture_and_never_imports_matplotlib(tmp_path):
    out = tmp_path / "run"
    code = ("import sys; from yieldsim.cli import main; "
            f"status = main(['run', '--no-plot', '--steps', '12', '--out', {str(out)!r}]); "
            "print('matplotlib' in sys.modules, status)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False 0"
    assert "plot:" not in result.stdout and f"run folder: {out}" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "summary.json",
                                                     "timeseries.parquet"]
