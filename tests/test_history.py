"""`yieldsim history`: episodes, the window arithmetic, history.json and the command."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import subprocess
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.scenario import ScenarioError, load_scenario, parse_scenario
from model.yieldmodel import YieldModel
from tests.helpers import YIELDSIM
from yieldsim.history.arithmetic import actual_change_bp, band, path_fit, simulated_changes_bp
from yieldsim.history.data import DATA_FILE, MarketData, market_data
from yieldsim.history.document import (
    episode_entry,
    history_document,
    history_markdown,
    window_rows,
    window_table,
)
from yieldsim.history.episodes import (
    Episode,
    EpisodeError,
    builtin_episodes,
    check_episode,
    load_episode,
    load_episodes,
    picture_name,
)
from yieldsim.history.picture import episode_figure
from yieldsim.history.simulate import SeedRun, run_seed
from yieldsim.rundir import dumps

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "yieldsim" / "data" / DATA_FILE
WINDOW_KEYS = {"from", "to", "bucket", "label", "unit", "actual_bp", "median_bp", "p10_bp",
               "p90_bp", "median_net_bp", "source"}
EPISODE_KEYS = {"name", "role", "start", "end", "source", "description", "steps",
                "scenario_params", "seeds_run", "seed_failures", "events", "windows",
                "coverage_10y", "coverage_days", "rmse_10y_bp", "daily_sd_10y_bp"}
TOP_KEYS = {"command", "date", "commit", "versions", "data", "root_seed", "seeds",
            "seeds_disjoint_from_calibration", "overrides", "parameters", "fitted", "checked",
            "definitions", "null_means", "episodes"}


def yieldsim(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([YIELDSIM, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def fred_closes() -> dict[str, dict[str, float]]:
    """The shipped CSV read with the csv module (independently of yieldsim.history.data)."""
    rows = [line for line in DATA.read_text().splitlines() if not line.startswith("#")]
    closes: dict[str, dict[str, float]] = {}
    for row in csv.DictReader(rows):
        closes[row["date"]] = {k: float(v) for k, v in row.items() if k != "date" and v}
    return closes


def strict_json(path: Path) -> dict:
    def refuse(name: str) -> None:
        raise AssertionError(f"{path} holds {name}: not strict JSON")

    return json.loads(path.read_text(), parse_constant=refuse)


USER_EPISODE = """\
    name = "user-2019"
    description = "A user's own episode, added as a plain scenario file"
    start = 2019-04-01
    steps = 30

    [params]
    start_yield_2y = 2.33
    start_yield_5y = 2.29
    start_yield_10y = 2.49
    start_yield_30y = 2.91

    [[events]]
    date = 2019-05-06
    kind = "tariff"
    country = "china"
    rate = 0.25
    label = "25% on $200bn of Chinese goods"

    [history]
    role = "check"
    end = 2019-06-14

    [[history.windows]]
    from = 2019-05-03
    to = 2019-06-03
    bucket = "10y"
    label = "May escalation"

    [[history.windows]]
    from = 2019-05-03
    to = 2019-06-03
    bucket = "2y"
    label = "cuts priced in"
"""


def write_episode(folder: Path, text: str = USER_EPISODE, name: str = "user-2019.toml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


# --- the episodes --------------------------------------------------------------------------

def test_the_shipped_episodes_fit_2025_and_check_2013_and_2019():
    roles = {name: load_episode(name).history.role for name in builtin_episodes()}
    assert roles["liberation-day-2025"] == "fit"
    assert roles["taper-tantrum-2013"] == roles["trade-war-2019"] == "check"


@pytest.mark.parametrize("name", builtin_episodes())
def test_each_episode_file_loads_checks_against_the_data_and_runs(name):
    episode = check_episode(load_episode(name), market_data())
    assert episode.steps >= 20
    model = YieldModel(scenario=name, rng=1, n_funds=60)
    model.run_for(5)
    frame = model.timeseries()
    assert frame["date"].iloc[0] == episode.calendar().label(0)
    assert frame[["y_2y", "y_10y", "y_30y"]].notna().all().all()


# --- the arithmetic, on made-up frames -----------------------------------------------------

DAYS = ["2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07"]


def test_actual_change_is_the_close_to_close_move_in_bp():
    observed = pd.Series([1.50, 1.62, 1.41, 1.45], index=DAYS)
    assert actual_change_bp(observed, DAYS[0], DAYS[2]) == pytest.approx(-9.0)
    assert actual_change_bp(observed, DAYS[1], DAYS[3]) == pytest.approx(-17.0)
    with pytest.raises(KeyError):
        actual_change_bp(observed, DAYS[0], "2020-01-04")


def test_simulated_changes_and_band_across_seeds():
    # ten seeds moving 0, 10, ..., 90bp between the first and the last day
    paths = pd.DataFrame({seed: [2.0, 2.5, 1.0, 2.0 + seed / 10] for seed in range(10)},
                         index=DAYS)
    changes = simulated_changes_bp(paths, DAYS[0], DAYS[3])
    assert changes == pytest.approx(np.arange(10) * 10.0)
    summary = band(changes)
    assert summary.median == pytest.approx(45.0)
    assert summary.p10 == pytest.approx(9.0)   # numpy's linear percentile of 0..90
    assert summary.p90 == pytest.approx(81.0)
    with pytest.raises(ValueError):
        band(np.array([]))


def test_path_fit_counts_days_inside_the_band_rmse_and_daily_sd():
    # three seeds; the 10-90% band on each day is [lo, hi] of a symmetric spread around 2.0
    paths = pd.DataFrame({0: [2.0, 1.9, 1.8, 1.9], 1: [2.0, 2.0, 2.0, 2.0],
                          2: [2.0, 2.1, 2.2, 2.1]}, index=DAYS)
    observed = pd.Series([2.0, 2.05, 2.5, 1.5], index=DAYS)
    fit = path_fit(paths, observed, DAYS[1:])
    assert (fit.days, fit.first, fit.last) == (3, DAYS[1], DAYS[3])
    assert fit.inside_share == pytest.approx(1 / 3)     # only 2.05 lies inside its band
    assert fit.median_rmse_bp == pytest.approx(math.sqrt((5**2 + 50**2 + 50**2) / 3))
    assert fit.daily_sd_actual_bp == pytest.approx(np.std([45.0, -100.0], ddof=1))
    assert fit.daily_sd_simulated_bp == pytest.approx(np.std([-10.0, 10.0], ddof=1))
    with pytest.raises(ValueError):
        path_fit(paths, observed, [])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-500, 500, allow_nan=False), min_size=1, max_size=40))
def test_band_is_ordered_and_inside_the_values(values):
    summary = band(np.array(values))
    assert min(values) <= summary.p10 <= summary.median <= summary.p90 <= max(values)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 8), st.integers(3, 12), st.randoms(use_true_random=False))
def test_coverage_is_a_share_and_a_path_inside_every_band_is_covered(seeds, days, rand):
    index = [f"2021-01-{d:02d}" for d in range(1, days + 1)]
    paths = pd.DataFrame({s: [rand.uniform(1, 3) for _ in index] for s in range(seeds)},
                         index=index)
    fit = path_fit(paths, paths.median(axis=1), index)
    assert fit.inside_share == 1.0 and fit.median_rmse_bp == pytest.approx(0.0, abs=1e-9)
    noisy = pd.Series([rand.uniform(0, 4) for _ in index], index=index)
    assert 0.0 <= path_fit(paths, noisy, index).inside_share <= 1.0


# --- history.json from made-up runs --------------------------------------------------------

def made_up_episode() -> tuple[Episode, MarketData]:
    """A five-day episode on six made-up days of data (2y, 10y, 30y)."""
    days = pd.bdate_range("2020-01-02", periods=6).strftime("%Y-%m-%d").tolist()
    data = MarketData(frame=pd.DataFrame({"y_2y": [1.0, 1.1, 1.2, 1.3, 1.4, 1.5],
                                          "y_10y": [2.0, 2.1, 2.3, 2.2, 2.4, 2.5],
                                          "y_30y": [3.0, 3.0, 3.1, 3.2, 3.1, 3.0]},
                                         index=days), source="made up")
    scenario = parse_scenario({
        "name": "tiny", "start": dt.date(2020, 1, 2), "steps": 5,
        "events": [{"date": dt.date(2020, 1, 6), "kind": "shock", "label": "$5 shock"}],
        "history": {"role": "check", "end": dt.date(2020, 1, 9), "windows": [
            {"from": dt.date(2020, 1, 2), "to": dt.date(2020, 1, 8), "bucket": "10y",
             "label": "the move"},
            {"from": dt.date(2020, 1, 3), "to": dt.date(2020, 1, 9), "bucket": "2y"}]}})
    return check_episode(scenario, data), data


def made_up_runs(episode: Episode, data: MarketData, shifts: list[float]) -> list[SeedRun]:
    """Runs that follow the data plus a constant shift after the start (percent)."""
    runs = []
    for seed, shift in enumerate(shifts):
        frame = data.frame[["y_2y", "y_10y", "y_30y"]].copy()
        frame.iloc[1:] += shift
        for name in ("y_2y", "y_10y", "y_30y"):
            frame[f"news_{name}"] = 0.0
        frame.iloc[1:, frame.columns.get_loc("news_y_10y")] = shift
        runs.append(SeedRun(seed=seed, frame=frame))
    return runs


def test_episode_entry_from_made_up_runs():
    episode, data = made_up_episode()
    runs = made_up_runs(episode, data, [-0.1, 0.0, 0.1, 0.2, 0.3])
    entry = episode_entry(episode, runs, data)
    assert set(entry) == EPISODE_KEYS
    move, short = entry["windows"]
    assert (move["from"], move["to"], move["bucket"]) == ("2020-01-02", "2020-01-08", "10y")
    assert move["actual_bp"] == pytest.approx(40.0)              # 2.0 -> 2.4
    assert move["median_bp"] == pytest.approx(40.0 + 10.0)       # median shift 0.1 = 10bp
    assert move["p10_bp"] == pytest.approx(40.0 - 6.0)           # 10th pct of -10..30bp: -6
    assert move["p90_bp"] == pytest.approx(40.0 + 26.0)
    assert move["median_net_bp"] == pytest.approx(40.0)          # the shift was all news
    assert short["actual_bp"] == pytest.approx(40.0) == short["median_bp"]   # no shift after
    assert short["label"] == ""
    assert entry["coverage_days"] == 5 and entry["coverage_10y"] == 1.0
    assert entry["rmse_10y_bp"] == pytest.approx(10.0)
    assert entry["events"] == [{"date": "2020-01-06", "kind": "shock", "label": "$5 shock"}]
    assert entry["seeds_run"] == 5 and entry["seed_failures"] == []


def test_every_seed_failed_gives_nulls_in_strict_json():
    episode, data = made_up_episode()
    entry = episode_entry(episode, [SeedRun(seed=1, error="ValueError: boom")], data)
    assert entry["seeds_run"] == 0 and entry["seed_failures"] == ["seed 1: ValueError: boom"]
    assert entry["coverage_10y"] is None and entry["rmse_10y_bp"] is None
    assert all(entry["windows"][0][k] is None for k in ("median_bp", "p10_bp", "p90_bp"))
    assert entry["windows"][0]["actual_bp"] == pytest.approx(40.0)
    document = history_document([entry], seeds=[1], root_seed=0, overrides={}, parameters={},
                                data=data, disjoint=None, commit="x", versions={})
    json.loads(dumps(document), parse_constant=lambda name: pytest.fail(name))
    assert "—" in history_markdown(document)


def test_markdown_and_csv_say_what_the_json_says():
    episode, data = made_up_episode()
    entry = episode_entry(episode, made_up_runs(episode, data, [0.0, 0.1, 0.2]), data)
    document = history_document([entry], seeds=[1, 2, 3], root_seed=7,
                                overrides={"n_funds": 60}, parameters={"n_funds": 60},
                                data=data, disjoint=True, commit="abc", versions={})
    assert document["checked"] == ["tiny"] and document["fitted"] == []
    text = history_markdown(document)
    assert "`n_funds=60`" in text and f"![tiny]({picture_name('tiny')})" in text
    for window in entry["windows"]:
        row = (f"| {window['from']} | {window['to']} | {window['actual_bp']:+.0f} "
               f"| {window['median_bp']:+.0f} | {window['p10_bp']:+.0f} to "
               f"{window['p90_bp']:+.0f} |")
        assert row in text
    table = window_table(document)
    assert table[["from", "to", "actual_bp", "median_bp"]].to_dict(orient="records") == [
        {k: w[k] for k in ("from", "to", "actual_bp", "median_bp")} for w in entry["windows"]]


def test_picture_text_is_literal_and_the_legend_names_band_median_and_real():
    episode, data = made_up_episode()
    figure = episode_figure(episode, made_up_runs(episode, data, [0.0, 0.1]), data,
                            [{"date": "2020-01-06", "kind": "shock", "label": "$5 shock"}])
    texts = [t for t in figure.findobj(lambda a: hasattr(a, "get_usetex"))]
    assert texts and not any(t.get_usetex() for t in texts)
    listing = [t.get_text() for t in texts if "shock" in t.get_text()]
    assert listing and all(r"\$5 shock" in t for t in listing)
    legend = figure.axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["simulated 10–90% (2 seeds)", "simulated median", "real (FRED)"]
    assert len(figure.axes) == 3


def test_picture_names_are_safe_file_names_and_never_shared(tmp_path):
    assert picture_name("taper-tantrum-2013") == "history-taper-tantrum-2013.png"
    assert picture_name("../a b/c") == "history--a-b-c.png"
    first = write_episode(tmp_path, USER_EPISODE.replace('"user-2019"', '"a b"'), "1.toml")
    second = write_episode(tmp_path, USER_EPISODE.replace('"user-2019"', '"a-b"'), "2.toml")
    with pytest.raises(EpisodeError, match=r"named 'a-b' and 'a b' .*the same picture file"):
        load_episodes([str(second), str(first)], market_data())


def test_markdown_cells_keep_a_bar_in_a_label():
    episode, data = made_up_episode()
    entry = episode_entry(episode, made_up_runs(episode, data, [0.0]), data)
    entry["windows"][0]["label"] = "before | after"
    document = history_document([entry], seeds=[1], root_seed=7, overrides={}, parameters={},
                                data=data, disjoint=True, commit="abc", versions={})
    assert "| before \\| after |" in history_markdown(document)


# --- episodes refused before anything runs -------------------------------------------------

def test_a_window_outside_the_data_or_on_a_holiday_is_refused():
    _, data = made_up_episode()
    late = parse_scenario({"name": "late", "start": dt.date(2020, 1, 2), "history": {
        "role": "fit", "end": dt.date(2020, 2, 3), "windows": [
            {"from": dt.date(2020, 1, 2), "to": dt.date(2020, 1, 3)}]}})
    with pytest.raises(EpisodeError, match="outside the data"):
        check_episode(late, data)
    real = market_data()
    for day, why in ((dt.date(2019, 5, 4), "no 10y close on 2019-05-04 \\(Saturday\\)"),
                     (dt.date(2019, 5, 27), "no 10y close on 2019-05-27")):  # Memorial Day
        scenario = parse_scenario({"name": "x", "start": dt.date(2019, 4, 1), "history": {
            "role": "check", "end": dt.date(2019, 6, 28), "windows": [
                {"from": dt.date(2019, 5, 1), "to": day}]}})
        with pytest.raises(EpisodeError, match=why):
            check_episode(scenario, real)
    no_5y = parse_scenario({"name": "x", "start": dt.date(2024, 4, 1), "history": {
        "role": "check", "end": dt.date(2024, 6, 28), "windows": [
            {"from": dt.date(2024, 5, 1), "to": dt.date(2024, 6, 3), "bucket": "5y"}]}})
    with pytest.raises(EpisodeError, match=r"no 5y close .* its 5y data run 2012-01-03 to"):
        check_episode(no_5y, real)


def test_a_scenario_without_history_is_not_an_episode():
    with pytest.raises(EpisodeError, match=r"no \[history\] table"):
        load_episode("baseline")
    with pytest.raises(EpisodeError, match=r"unknown episode 'nope': use one of .*"
                                           r"liberation-day-2025"):
        load_episode("nope")


# --- the command ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("h") / "hist"
    result = yieldsim("history", "--seeds", "2", "--episode", "liberation-day-2025",
                      "--set", "n_funds=60", "--workers", "1", "--out", str(out))
    return out, result


def test_history_json_schema_on_a_small_run(small_run):
    out, result = small_run
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "history-liberation-day-2025.png", "history.csv", "history.json", "history.md"]
    document = strict_json(out / "history.json")
    assert set(document) == TOP_KEYS
    assert len(document["seeds"]) == 2 and document["seeds_disjoint_from_calibration"] is True
    assert document["overrides"] == {"n_funds": 60}
    assert document["parameters"]["n_funds"] == 60
    assert document["fitted"] == ["liberation-day-2025"] and document["checked"] == []
    assert set(document["versions"]) >= {"python", "mesa", "numpy", "pandas"}
    (episode,) = document["episodes"]
    assert set(episode) == EPISODE_KEYS
    assert (episode["name"], episode["role"]) == ("liberation-day-2025", "fit")
    assert (episode["start"], episode["end"]) == ("2025-03-03", "2025-05-12")
    assert episode["source"] == "model/scenarios/liberation-day-2025.toml"
    assert episode["seeds_run"] == 2
    assert 0.0 <= episode["coverage_10y"] <= 1.0 and episode["coverage_days"] > 30
    assert episode["rmse_10y_bp"] > 0
    assert set(episode["daily_sd_10y_bp"]) == {"median_simulated", "actual"}
    closes = fred_closes()
    for window in episode["windows"]:
        assert set(window) == WINDOW_KEYS
        assert dt.date.fromisoformat(window["from"]) < dt.date.fromisoformat(window["to"])
        if window["bucket"] == "lf_swap_notional":  # a published figure, not the data's
            assert window["unit"] == "$bn" and "Monin (2026)" in window["source"]
            real = -60.0
        elif window["source"]:  # Geneva, past the data: a news report's move
            assert window["unit"] == ("percent" if window["bucket"] == "usdjpy" else "bp")
            assert window["source"].startswith("Reuters")
            real = {"10y": 9.0, "2y": 12.1, "usdjpy": 1.7}[window["bucket"]]
        elif window["bucket"] == "usdjpy":  # the dollar: a percent change
            assert window["unit"] == "percent"
            real = (closes[window["to"]]["usdjpy"] / closes[window["from"]]["usdjpy"] - 1) * 100
        else:
            assert window["unit"] == "bp"
            column = "y" + window["bucket"].removesuffix("y")
            real = (closes[window["to"]][column] - closes[window["from"]][column]) * 100
        assert window["actual_bp"] == pytest.approx(real, abs=0.01)
        assert window["p10_bp"] <= window["median_bp"] <= window["p90_bp"]
        assert (window["source"] is None) == (window["to"] <= "2025-04-30"
                                              and window["bucket"] != "lf_swap_notional")
    assert [(w["from"], w["to"], w["bucket"]) for w in episode["windows"]][1] == (
        "2025-04-04", "2025-04-11", "10y")
    png = (out / "history-liberation-day-2025.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    text = (out / "history.md").read_text()
    assert "| liberation-day-2025 | fit | the April sell-off | 10y |" in text
    for w in episode["windows"]:
        percent = w["unit"] == "percent"  # the dollar's windows: to 0.1, with a % sign
        book = w["unit"] == "$bn"  # a book's size: whole $bn, signed
        cells = [f"{w[k]:+.1f}%" if percent else
                 f"{'+' if w[k] >= 0 else '-'}${abs(w[k]):.0f}bn" if book else f"{w[k]:+.0f}"
                 for k in ("actual_bp", "median_bp", "p10_bp", "p90_bp", "median_net_bp")]
        assert (f"| {w['from']} | {w['to']} | {cells[0]} | {cells[1]} "
                f"| {cells[2]} to {cells[3]} | {cells[4]} |") in text
    with (out / "history.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [(r["from"], r["to"], float(r["median_bp"])) for r in rows] == [
        (w["from"], w["to"], w["median_bp"]) for w in episode["windows"]]
    assert "the April sell-off" in result.stdout and "fitted: liberation-day-2025" in \
        result.stdout


def test_a_users_episode_file_works_from_the_cli(tmp_path):
    path = write_episode(tmp_path)
    out = tmp_path / "out"
    result = yieldsim("history", "--seeds", "2", "--episode", str(path), "--set",
                      "n_funds=60", "--workers", "1", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = strict_json(out / "history.json")
    (episode,) = document["episodes"]
    assert (episode["name"], episode["role"], episode["source"]) == ("user-2019", "check",
                                                                      str(path))
    assert document["checked"] == ["user-2019"] and document["fitted"] == []
    closes = fred_closes()
    ten, two = episode["windows"]
    assert ten["actual_bp"] == pytest.approx(
        (closes["2019-06-03"]["y10"] - closes["2019-05-03"]["y10"]) * 100, abs=0.01)
    assert two["actual_bp"] == pytest.approx(
        (closes["2019-06-03"]["y2"] - closes["2019-05-03"]["y2"]) * 100, abs=0.01)
    assert episode["events"] == [{"date": "2019-05-06", "kind": "tariff",
                                  "label": "25% on $200bn of Chinese goods"}]
    assert (out / "history-user-2019.png").is_file()


BAD_EPISODE_LATE = USER_EPISODE.replace("end = 2019-06-14", "end = 2025-06-30")
BAD_EPISODE_WEEKEND = USER_EPISODE.replace("to = 2019-06-03", "to = 2019-06-01")
BAD_EPISODE_PUBLISHED = USER_EPISODE.replace('label = "May escalation"',
                                             'label = "May escalation"\n    published = -50.0')
BAD_EPISODE_ANSWERED = BAD_EPISODE_PUBLISHED.replace(
    "published = -50.0", 'published = -50.0\n    source = "a newspaper"')


@pytest.mark.parametrize("args, message", [
    (["--episode", "nope"], "unknown episode 'nope'"),
    (["--episode", "baseline"], "no [history] table"),
    (["--episode", "{late}"], "outside the data"),
    (["--episode", "{weekend}"], "no 10y close on 2019-06-01 (Saturday)"),
    (["--episode", "{published}"], "a published window on 10y needs source"),
    (["--episode", "{answered}"], "the data have its 10y closes on both dates, so they answer "
                                  "it: remove published and source"),
    (["--episode", "{user}", "--episode", "{user}"], "two episodes are named 'user-2019'"),
    (["--episode", "missing.toml"], "does not exist"),
    (["--seeds", "0"], "--seeds: must be at least 1"),
    (["--set", "japan_sale.amount_bn=5"], "parameter names only"),
    (["--set", "n_funds=-1"], "out of range"),
    (["--seed", "2025"], "used by the calibration"),
])
def test_bad_input_is_one_line_status_2_and_nothing_written(tmp_path, args, message):
    files = {"late": write_episode(tmp_path, BAD_EPISODE_LATE, "late.toml"),
             "weekend": write_episode(tmp_path, BAD_EPISODE_WEEKEND, "weekend.toml"),
             "published": write_episode(tmp_path, BAD_EPISODE_PUBLISHED, "published.toml"),
             "answered": write_episode(tmp_path, BAD_EPISODE_ANSWERED, "answered.toml"),
             "user": write_episode(tmp_path)}
    args = [a.format(**files) for a in args]
    out = tmp_path / "o"
    result = yieldsim("history", *args, "--out", str(out))
    assert result.returncode == 2, result.stdout
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert not any(p.name.startswith(".o") for p in tmp_path.iterdir())


# --- calibrate --history -------------------------------------------------------------------

def test_fit_windows_become_targets_aimed_at_the_real_change(tmp_path):
    from yieldsim.calibration.episodes import COVERED, history_objective
    from yieldsim.calibration.targets import TARGETS

    assert set(COVERED.values()) <= {t.name for t in TARGETS}
    objective, names = history_objective([])
    assert "liberation-day-2025" in names          # its windows are the built-in targets
    # Its USD/JPY and published windows are checks, never targets.
    assert not any("usdjpy" in t.name or "lf_swap_notional" in t.name
                   for t in objective.targets)
    assert objective.targets[:len(TARGETS)] == TARGETS
    vix_window = ('\n[[history.windows]]\nfrom = 2019-05-03\nto = 2019-05-13\n'
                  'bucket = "vix"\n')
    path = write_episode(tmp_path, USER_EPISODE.replace('role = "check"', 'role = "fit"')
                         + textwrap.indent(vix_window, "    "))
    objective, names = history_objective([str(path)])
    assert names == ["user-2019"]
    ten, two = objective.targets[len(TARGETS):]
    closes = fred_closes()
    real = (closes["2019-06-03"]["y10"] - closes["2019-05-03"]["y10"]) * 100
    assert ten.name == "history:user-2019:10y:2019-05-03:2019-06-03"
    assert ten.center_and_scale() == pytest.approx((real, max(10.0, abs(real) / 4)), abs=0.01)
    real_2y = (closes["2019-06-03"]["y2"] - closes["2019-05-03"]["y2"]) * 100
    assert two.center_and_scale() == pytest.approx((real_2y, max(10.0, abs(real_2y) / 4)),
                                                   abs=0.01)
    (episode,) = objective.episodes
    assert [w[1:] for w in episode.windows] == [("y_10y", "2019-05-03", "2019-06-03"),
                                                ("y_2y", "2019-05-03", "2019-06-03")]


def test_calibrate_history_fits_a_fit_episode_and_refuses_a_check(tmp_path):
    fit = write_episode(tmp_path, USER_EPISODE.replace('role = "check"', 'role = "fit"'),
                        "fit.toml")
    check = write_episode(tmp_path)
    before = (ROOT / "model" / "calibrated.py").read_text()
    common = ["--lhs-points", "1", "--refine", "0", "--seeds", "1", "--final-seeds", "1",
              "--set", "n_funds=60", "--workers", "1"]
    refused = yieldsim("calibrate", "--history", "--episode", str(check), *common, "--out",
                       str(tmp_path / "r"))
    assert refused.returncode == 2 and 'role "check"' in refused.stderr
    assert not (tmp_path / "r").exists()
    alone = yieldsim("calibrate", "--episode", str(fit), *common, "--out", str(tmp_path / "a"))
    assert alone.returncode == 2 and "--episode needs --history" in alone.stderr
    result = yieldsim("calibrate", "--history", "--episode", str(fit), *common, "--out",
                      str(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    record = strict_json(tmp_path / "c" / "record.json")
    assert record["episodes_fitted"] == ["user-2019"]
    rows = {row["name"]: row for row in record["targets"]}
    row = rows["history:user-2019:10y:2019-05-03:2019-06-03"]
    assert row["median"] is not None and row["seeds"] == 1
    assert (ROOT / "model" / "calibrated.py").read_text() == before


def test_the_same_seeds_give_the_same_document_on_dask(small_run, tmp_path):
    out, first = small_run
    assert first.returncode == 0, first.stderr
    again = tmp_path / "dask"
    result = yieldsim("history", "--seeds", "2", "--episode", "liberation-day-2025",
                      "--set", "n_funds=60", "--backend", "dask", "--workers", "2", "--out",
                      str(again))
    assert result.returncode == 0, result.stderr
    local, dask = (strict_json(folder / "history.json")["episodes"] for folder in (out, again))
    assert local == dask


def test_a_folder_that_holds_something_is_never_overwritten(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = yieldsim("history", "--seeds", "1", "--out", str(out))
    assert result.returncode == 2 and "not empty" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert (out / "notes.txt").read_text() == "keep me"


def _calm_sd_before(start: str, days: int = 63) -> float:
    """The 10y's daily sd (bp) over the `days` trading days before `start`, from the data."""
    y10 = market_data().observed("y_10y")
    before = y10[y10.index < start].iloc[-(days + 1):]
    return float(before.diff().std() * 100.0)


@pytest.mark.parametrize("episode", ["taper-tantrum-2013", "trade-war-2019"])
def test_each_check_episode_states_its_calm_volatility_from_the_data_before_it(episode: str):
    scenario = load_scenario(episode)
    stated = scenario.params["news_vol_ratio"]
    measured = (_calm_sd_before(scenario.start.isoformat())
                / _calm_sd_before(load_scenario("liberation-day-2025").start.isoformat()))
    assert stated == pytest.approx(measured, abs=0.001)
    assert stated < 1.0  # both were calmer markets than 2025's


@pytest.mark.parametrize("episode", ["taper-tantrum-2013", "trade-war-2019"])
def test_each_check_episode_states_its_calm_vix_as_the_close_before_its_start(episode: str):
    scenario = load_scenario(episode)
    vix = market_data().observed("vix")
    before = vix[vix.index < scenario.start.isoformat()]
    assert scenario.params["equity_vol_start"] == before.iloc[-1]


def test_a_vix_window_compares_index_points_with_the_models_volatility_index():
    data = market_data()
    episode = check_episode(load_scenario("trade-war-2019"), data)
    settings = {"n_funds": 60}
    runs = [run_seed(episode.scenario, seed, episode.steps, settings) for seed in (3, 4)]
    assert all(run.error is None for run in runs)
    rows = [row for row in window_rows(episode, runs, data) if row["bucket"] == "vix"]
    assert [row["label"] for row in rows] == [
        "the May escalation (VIX, points)", "the Mexico threat (VIX, points)",
        "the August escalation (VIX, points)"]
    closes = fred_closes()
    model = YieldModel(scenario=episode.scenario, rng=3, **settings)
    model.run(episode.steps)
    own = model.timeseries().set_index("date")["equity_vol"]
    for row in rows:
        assert row["unit"] == "points"
        real = closes[row["to"]]["vix"] - closes[row["from"]]["vix"]
        assert row["actual_bp"] == pytest.approx(real, abs=0.01)
        assert row["median_bp"] == pytest.approx(own[row["to"]] - own[row["from"]], abs=0.01)
        assert row["median_net_bp"] == row["median_bp"]  # the index has no news to net out
    # Out of sample, the uncertainty fitted to April 2025's VIX meets May 2019's rise.
    assert abs(rows[0]["median_bp"] - rows[0]["actual_bp"]) < 1.5


def test_the_news_vol_ratio_scales_the_daily_news_and_nothing_else():
    def news(ratio: float) -> np.ndarray:
        model = YieldModel(scenario="baseline", rng=11, n_funds=300, news_vol_ratio=ratio)
        model.run(30)
        return model.rates.news.copy()

    assert np.allclose(news(0.5), 0.5 * news(1.0), rtol=1e-9, atol=1e-12)
    assert np.all(news(0.0) == 0.0)


SWAP_WINDOW = {"from": dt.date(2025, 4, 2), "to": dt.date(2025, 4, 30),
               "bucket": "lf_swap_notional", "published": -60.0, "source": "a study"}


@pytest.mark.parametrize("change, message", [
    ({"published": None}, r"needs published = <the real change, \$bn> \(a number, got nothing\)"),
    ({"published": "60"}, "needs published"),
    ({"published": float("nan")}, "needs published"),
    ({"published": True}, "needs published"),
    ({"source": None}, "needs source"),
    ({"source": "  "}, "needs source"),
    ({"bucket": "10y", "source": None}, "a published window on 10y needs source"),
    ({"bucket": "10y", "published": None}, "a published window on 10y needs published = <the "
                                           "real change, bp>"),
])
def test_a_published_window_must_state_its_figure_and_source(change, message):
    window = {k: v for k, v in {**SWAP_WINDOW, **change}.items() if v is not None}
    raw = {"name": "x", "start": dt.date(2025, 3, 3), "history": {
        "role": "fit", "end": dt.date(2025, 4, 30), "windows": [window]}}
    with pytest.raises(ScenarioError, match=message):
        parse_scenario(raw)


def test_an_episode_runs_past_the_data_only_as_far_as_a_published_window_ends():
    real = market_data()  # its yields end on 30 April 2025
    geneva = {"from": dt.date(2025, 5, 9), "to": dt.date(2025, 5, 12), "bucket": "10y",
              "published": 9.0, "source": "a news report"}
    raw = {"name": "x", "start": dt.date(2025, 3, 3), "history": {
        "role": "fit", "end": dt.date(2025, 5, 12), "windows": [geneva]}}
    assert check_episode(parse_scenario(raw), real).steps == 49
    raw["history"]["end"] = dt.date(2025, 5, 13)  # a day past what the window needs
    with pytest.raises(EpisodeError, match=r"outside the data .* as far as a published window"):
        check_episode(parse_scenario(raw), real)
    raw["history"]["end"] = dt.date(2025, 5, 12)
    raw["history"]["windows"] = [{k: v for k, v in geneva.items()
                                  if k not in ("published", "source")}]
    with pytest.raises(EpisodeError, match="outside the data"):
        check_episode(parse_scenario(raw), real)
    within = {**geneva, "from": dt.date(2025, 4, 4), "to": dt.date(2025, 4, 11)}
    raw["history"] = {"role": "fit", "end": dt.date(2025, 4, 30), "windows": [within]}
    with pytest.raises(EpisodeError, match="so they answer it: remove published and source"):
        check_episode(parse_scenario(raw), real)


def test_geneva_past_the_data_compares_the_models_own_move_with_the_report():
    data = market_data()
    episode = check_episode(load_scenario("liberation-day-2025"), data)
    assert episode.steps == 49  # to 12 May, eight trading days past the data
    runs = [run_seed(episode.scenario, seed, episode.steps, {}) for seed in (5000, 5001)]
    rows = {row["bucket"]: row for row in window_rows(episode, runs, data)
            if row["from"] == "2025-05-09"}
    assert (rows["10y"]["actual_bp"], rows["2y"]["actual_bp"]) == (9.0, 12.1)
    assert (rows["usdjpy"]["unit"], rows["usdjpy"]["actual_bp"]) == ("percent", 1.7)
    assert all(row["source"].startswith("Reuters") for row in rows.values())
    dollar = [(r.frame["usdjpy"]["2025-05-12"] / r.frame["usdjpy"]["2025-05-09"] - 1) * 100
              for r in runs if r.frame is not None]
    assert rows["usdjpy"]["median_bp"] == pytest.approx(float(np.median(dollar)), abs=0.01)
    del rows["usdjpy"]
    model = YieldModel(scenario=episode.scenario, rng=5000)
    model.run(episode.steps)
    own = model.timeseries().set_index("date")
    assert runs[0].frame is not None
    for bucket, row in rows.items():
        column = f"y_{bucket}"
        assert runs[0].frame[column]["2025-05-12"] == pytest.approx(own[column]["2025-05-12"])
        changes = [(r.frame[column]["2025-05-12"] - r.frame[column]["2025-05-09"]) * 100
                   for r in runs if r.frame is not None]
        assert row["median_bp"] == pytest.approx(float(np.median(changes)), abs=0.01)


def test_a_published_window_is_checked_for_trading_days_not_for_data():
    # The data file has no swap book; the window's dates must still be trading days.
    real = market_data()
    raw = {"name": "x", "start": dt.date(2025, 3, 3), "history": {
        "role": "fit", "end": dt.date(2025, 4, 30), "windows": [SWAP_WINDOW]}}
    assert check_episode(parse_scenario(raw), real).steps > 0
    raw["history"]["windows"] = [{**SWAP_WINDOW, "to": dt.date(2025, 4, 18)}]  # Good Friday
    with pytest.raises(EpisodeError, match="2025-04-18 is not a trading day"):
        check_episode(parse_scenario(raw), real)


def test_the_swap_spread_unwind_of_april_2025_meets_the_published_figure():
    """Out of sample: Monin (2026) sized the unwind at about $60bn after the episode was built.

    The leveraged funds' margin calls decide what they sell; the swap legs close with the
    bonds. Nothing in the calibration sees the book's size, so this could fail by a mile.
    """
    data = market_data()
    episode = check_episode(load_scenario("liberation-day-2025"), data)
    runs = [run_seed(episode.scenario, seed, episode.steps, {}) for seed in range(5000, 5008)]
    assert all(run.error is None for run in runs)
    (row,) = [row for row in window_rows(episode, runs, data)
              if row["bucket"] == "lf_swap_notional"]
    assert (row["unit"], row["actual_bp"]) == ("$bn", -60.0)
    assert row["source"].startswith("Monin (2026)")
    model = YieldModel(scenario=episode.scenario, rng=5000)
    model.run(episode.steps)
    own = model.timeseries().set_index("date")["lf_swap_notional"]
    assert runs[0].frame is not None
    assert runs[0].frame["lf_swap_notional"]["2025-04-30"] == pytest.approx(own["2025-04-30"])
    assert own["2025-04-02"] == pytest.approx(300.0, rel=0.01)  # lf_swap_spread_share x $1tn
    assert row["median_net_bp"] == row["median_bp"]  # a book has no news to net out
    # Within a third of the published unwind, and an unwind (not a calm book).
    assert -80.0 < row["median_bp"] < -40.0
