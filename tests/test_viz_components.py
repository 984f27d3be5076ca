"""The live view's components and logic without a browser (`solara.render`).

The page is rendered for real (Reacton, ipyvuetify widgets); buttons are clicked through
their widgets, so each test exercises the same handlers a browser click reaches.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import replace
from pathlib import Path

import ipyvuetify as v
import numpy as np
import pytest
import solara
from hypothesis import given, settings
from hypothesis import strategies as st
from solara.widgets import HTML

from yieldsim import palette
from yieldsim.viz import panels, svgchart
from yieldsim.viz.app import LiveView
from yieldsim.viz.history import Decimator
from yieldsim.viz.session import (
    LiveSession,
    RunConfig,
    SessionStoppedError,
    real_yields,
    scenario_defaults,
)

STATUS = re.compile(r"^\d{4}-\d{2}-\d{2} · 2y \d+\.\d\d% · 10y \d+\.\d\d% · 30y \d+\.\d\d%$")
SMALL = 60  # fund agents: fast, and enough of each type


def config(scenario: str = "liberation-day-2025", seed: int = 7, **knobs: object) -> RunConfig:
    return RunConfig(scenario=scenario, seed=seed,
                     knobs={**scenario_defaults(scenario), "n_funds": SMALL, **knobs})


class Page:
    """A rendered LiveView with helpers to click and read it."""

    def __init__(self, session: LiveSession) -> None:
        self.session = session
        _, self.rc = solara.render(solara.AppLayout(children=[LiveView(session)]),
                                   handle_error=False)

    def click(self, label: str) -> None:
        self.rc.find(v.Btn, children=[label]).widget.click()

    def html(self, name: str) -> str:
        return self.rc.find(HTML, attributes={"class": f"yieldsim-live-{name}"}).widget \
            .unsafe_innerHTML

    def status(self) -> str:
        match = re.search(r'<div class="yieldsim-status">([^<]*)</div>', self.html("head"))
        assert match, "the status line is missing"
        return match.group(1)

    def log(self) -> str:
        return self.html("log")

    def error_and_info(self) -> str:
        return " ".join(str(alert.children) for alert in self.rc.find(v.Alert).widgets)

    def field(self, label: str, index: int = 0) -> v.TextField:
        return self.rc.find(v.TextField, label=label).widgets[index]

    def slider(self, name: str) -> v.Slider:
        """The slider whose label is `name: <its value>`."""
        found = [w for w in self.rc.find(v.Slider).widgets if w.label.startswith(f"{name}: ")]
        assert len(found) == 1, [w.label for w in self.rc.find(v.Slider).widgets]
        return found[0]

    def button(self, label: str) -> v.Btn:
        return self.rc.find(v.Btn, children=[label]).widget


@pytest.fixture
def view() -> Page:
    return Page(LiveSession(config()))


def test_page_starts_with_the_status_line_and_the_start_events(view):
    model = view.session.model
    assert STATUS.match(view.status())
    assert view.status() == panels.status_line("2025-03-03", model.yields)
    assert view.status() == "2025-03-03 · 2y 3.96% · 10y 4.16% · 30y 4.45%"
    assert "China at 20%" in view.log()
    for name in panels.GRID_CHARTS:
        assert f"yieldsim-{name}" in view.html("grid")


def test_status_line_has_the_issue_format():
    line = panels.status_line("2025-04-11", np.array([3.961, 4.2, 4.478, 4.851]))
    assert line == "2025-04-11 · 2y 3.96% · 10y 4.48% · 30y 4.85%"


def test_step_advances_one_trading_day_and_redraws(view):
    before = view.html("grid")
    view.click("Step")
    assert view.session.model.steps == 1
    assert view.status().startswith("2025-03-04 · ")
    assert view.status() == panels.status_line("2025-03-04", view.session.model.yields)
    assert view.html("grid") != before
    for _ in range(3):  # a weekend: Friday 2025-03-07 is followed by Monday 2025-03-10
        view.click("Step")
    view.click("Step")
    assert view.status().startswith("2025-03-10 · ")


def test_the_dollar_chart_follows_usdjpy_step_by_step_with_the_10y_on_its_own_scale(view):
    def chart() -> str:
        match = re.search(r'<svg[^>]*yieldsim-dollar.*?</svg>', view.html("grid"))
        assert match, "the dollar chart is missing"
        return match.group(0)

    model = view.session.model
    assert f"USD/JPY {model.fx.usdjpy:.2f} (left)" in chart()
    seen = []
    for _ in range(5):
        view.click("Step")
        svg = chart()
        assert f"USD/JPY {model.fx.usdjpy:.2f} (left)" in svg
        seen.append(model.fx.usdjpy)
        # one path per series: USD/JPY's with a point per day so far, and the 10y's
        paths = re.findall(r'<path d="([^"]*)" fill="none" stroke="([^"]*)"', svg)
        assert [color for _, color in paths] == [palette.BUCKETS["10y"], palette.USDJPY]
        assert all(d.count("L") == model.steps for d, _ in paths)
    assert len(set(seen)) == 5, "USD/JPY moves every day"
    # The 10y's scale (right) is its own, not stretched down to zero.
    right = [float(t) for t in re.findall(r'<text x="[^"]*" y="[^"]*" font-size="10" '
                                          r'fill="#555">([\d.]+)%?</text>', chart())]
    assert right and min(right) > 3.0


BUTTONS = {
    "Impose tariff": "US tariff 35% on Japan",
    "Pause tariffs": "Tariff pause",
    "Strike deal": "Deal with Japan at 15%",
    "Japan sells": "Japan sells $100bn over 21 days",
    "Fed backstop": "Fed backstop: buys $100bn over 10 days",
    "Change deficit": "Deficit +$500bn a year for 10 years",
    "Japan threatens": "Japan threatens to sell Treasuries",
}


@pytest.mark.parametrize(("button", "label"), BUTTONS.items())
def test_each_injection_fires_at_the_next_step_logs_marks_and_changes_the_path(button, label):
    injected = Page(LiveSession(config()))
    twin = LiveSession(config())  # same seed, no injection: common random numbers
    for _ in range(3):
        injected.click("Step")
        twin.step()
    injected.click(button)
    assert f"{label} (queued)" in injected.log()
    assert label not in [entry[2] for entry in injected.session.model.event_log]

    injected.click("Step")
    model = injected.session.model
    assert (4, "2025-03-07", label) in model.event_log
    assert "(queued)" not in injected.log()
    assert f"<td>2025-03-07</td><td>{label.replace('&', '&amp;')}</td>" in injected.log()
    assert f"<title>{label}" in injected.html("head")  # its marker on the yields chart
    for _ in range(10):
        injected.click("Step")
    twin.step(11)
    changed = {
        "Japan sells": (model.sovereigns["japan"].holdings.sum(),
                        twin.model.sovereigns["japan"].holdings.sum()),
        "Fed backstop": (model.fed.holdings.sum(), twin.model.fed.holdings.sum()),
    }.get(button, (model.yields, twin.model.yields))
    assert not np.allclose(*changed), f"{button} left the path unchanged"


def test_reset_restores_the_start(view):
    start_status, start_log, start_grid = view.status(), view.log(), view.html("grid")
    for _ in range(5):
        view.click("Step")
    view.click("Japan sells")
    view.click("Step")
    assert view.status() != start_status
    view.click("Reset")
    assert view.session.model.steps == 0
    assert view.status() == start_status
    assert view.log() == start_log
    assert view.html("grid") == start_grid


def test_reset_applies_scenario_seed_and_parameters_edited_in_the_sidebar(view):
    scenario = view.rc.find(v.Select, label="Scenario").widget
    scenario.v_model = "japan-sells"
    seed = view.field("Seed")
    seed.v_model = "11"
    seed.fire_event("focusout", None)
    resolve = view.slider("Japan's resolve")
    resolve.v_model = 0.9
    assert view.session.config.scenario == "liberation-day-2025"  # only Reset applies them
    assert "Changes apply on Reset" in view.error_and_info()
    view.click("Reset")
    assert "Changes apply on Reset" not in view.error_and_info()
    model = view.session.model
    assert model.timeline.name == "japan-sells"
    assert view.session.config.seed == 11
    assert model.params.japan_resolve == pytest.approx(0.9)
    assert model.params.n_funds == SMALL


def test_a_refused_injection_shows_why_and_queues_nothing(view):
    rate = view.field("rate %", 0)  # the tariff's rate, percent
    rate.v_model = "900"
    rate.fire_event("focusout", None)
    view.click("Impose tariff")
    assert "cannot inject" in view.error_and_info()
    assert "out of range" in view.error_and_info()
    assert view.session.pending == []


def test_a_refused_reset_shows_why_and_keeps_the_run(view):
    view.click("Step")
    seed = view.field("Seed")
    seed.v_model = "-1"
    seed.fire_event("focusout", None)
    view.click("Reset")
    assert "cannot reset" in view.error_and_info()
    assert view.session.model.steps == 1 and view.session.config.seed == 7


def test_play_steps_until_pause():
    page = Page(LiveSession(config()))
    page.click("Play")
    deadline = time.monotonic() + 20
    while page.session.model.steps < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    page.click("Pause")
    time.sleep(0.3)  # let a step in flight finish
    paused_at = page.session.model.steps
    assert paused_at >= 3
    time.sleep(0.4)
    assert page.session.model.steps == paused_at
    assert page.status() == panels.status_line(page.session.history.dates[-1],
                                               page.session.model.yields)


def test_reset_while_playing_stops_at_the_start():
    page = Page(LiveSession(config()))
    start = page.status()
    page.click("Play")
    deadline = time.monotonic() + 20
    while page.session.model.steps < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    page.click("Reset")
    time.sleep(0.4)  # time for a stray step, were the loop still running
    assert page.session.model.steps == 0
    assert page.status() == start
    assert page.rc.find(v.Btn, children=["Play"]).widgets, "Reset leaves the run paused"


def test_real_fred_yields_overlay_only_the_2025_scenario():
    session = LiveSession(config())
    steps, values = real_yields(session.model)["10y"]
    calendar = session.model.calendar
    on_8_april = calendar.step_of(dt.date(2025, 4, 8))
    assert values[list(steps).index(on_8_april)] == pytest.approx(4.26)  # FRED DGS10
    # FRED's dates are the bond market's trading days (Good Friday empty in both): one
    # close per step, none lost and none shifted
    assert list(steps) == list(range(len(steps))) and len(steps) == 42
    session.step(5)
    yields_svg = panels.draw(session).charts["yields"]
    assert "FRED 10y" in yields_svg
    assert yields_svg.count('r="2.4"') == 3 * 6  # steps 0-5 of three FRED series, no more
    baseline = LiveSession(config("baseline"))
    assert real_yields(baseline.model) == {}
    assert "FRED" not in panels.draw(baseline).charts["yields"]


def test_untouched_knobs_keep_a_scenarios_own_parameters(tmp_path: Path):
    toml = tmp_path / "resolute.toml"
    toml.write_text('name = "resolute"\nstart = 2025-03-03\nsteps = 20\n'
                    "[params]\njapan_resolve = 0.8\n")
    chosen = RunConfig(knobs=scenario_defaults("liberation-day-2025")).with_scenario(str(toml))
    assert chosen.knobs["japan_resolve"] == pytest.approx(0.8)
    assert chosen.settings() == {}
    assert chosen.build().params.japan_resolve == pytest.approx(0.8)
    kept = replace(chosen, knobs={**chosen.knobs, "n_funds": SMALL}).with_scenario("baseline")
    assert kept.knobs["n_funds"] == SMALL  # moved by the user: survives the switch
    assert kept.knobs["japan_resolve"] == scenario_defaults("baseline")["japan_resolve"]
    moved = RunConfig(scenario=str(toml), knobs={**chosen.knobs, "japan_resolve": 0.1})
    assert moved.settings() == {"japan_resolve": 0.1}


def test_long_runs_keep_bounded_points_and_drawing_cost():
    cap = 8  # small, so that many halvings happen in a short run
    session = LiveSession(config(n_funds=30), cap=cap)
    sizes = []
    for _ in range(300):
        session.step()
        assert len(session.history.x()) <= 2 * cap + 1
        sizes.append(sum(len(svg) for svg in panels.draw(session).charts.values()))
    history = session.history
    assert history.x()[-1] == 300
    assert history.column("y_10y")[-1] == pytest.approx(session.model.yields[2])
    assert history.dates[-1] == session.model.date.date().isoformat()
    # what is drawn after 300 steps is no bigger than after 100: no growth with the run
    assert max(sizes[150:]) <= 1.1 * max(sizes[60:150])


def test_decimation_keeps_latest_values_and_peaks():
    series = Decimator(["level", "lf_forced_sales"], cap=4)
    for step in range(1, 101):
        spike = 50.0 if step == 37 else 0.0
        series.append(float(step), np.array([float(step), spike]))
        assert len(series) <= 2 * series.cap + 1
        assert series.xs()[-1] == step and series.column("level")[-1] == step
    assert series.column("lf_forced_sales").max() == 50.0
    assert np.all(np.diff(series.xs()) > 0)


def test_svg_paths_break_at_gaps_and_ticks_are_round():
    line = svgchart.Line("a", np.arange(5.0), np.array([1.0, 2.0, np.nan, 3.0, 4.0]), "#000")
    svg = svgchart.render(svgchart.Frame("t", (0.0, 4.0)), [line])
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    assert path.count("M") == 2 and "nan" not in path
    assert svgchart.nice_step(1.7) in (0.25, 0.5)
    assert svgchart.tick_text(-2.5, 2.5) == "-2.5"
    assert svgchart.tick_text(4.0, 0.25) == "4.00"


def test_policy_selector_applies_on_reset_and_the_negotiation_panel_follows(view):
    assert 'class="yieldsim-negotiation"' in view.html("negotiation")
    assert "policy: scripted" in view.html("negotiation")
    policy = view.rc.find(v.Select, label="Policy").widget
    policy.v_model = "endogenous"
    assert view.session.model.params.policy == "scripted"  # only Reset applies it
    view.click("Reset")
    assert view.session.model.params.policy == "endogenous"
    panel = view.html("negotiation")
    assert "policy: endogenous" in panel
    for partner in ("Japan", "China", "EU", "Korea", "Vietnam"):
        assert f"<td>{partner}</td>" in panel
    assert "yieldsim-negotiation-tariffs" in panel and "yieldsim-negotiation-pain" in panel


def badge_numbers(svg: str) -> list[int]:
    """Every event number a badge shows: single badges, and each number a group spans."""
    numbers = [int(n) for n in re.findall(
        r'class="yieldsim-event-badge"><title>[^<]*</title><circle[^>]*/><text[^>]*>(\d+)</text>',
        svg)]
    for first, last in re.findall(r'class="yieldsim-event-badge yieldsim-event-group">.*?'
                                  r'<text[^>]*>(\d+)–(\d+)</text>', svg, flags=re.S):
        numbers += range(int(first), int(last) + 1)
    return numbers


def badge_boxes(svg: str) -> list[tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) of every badge, circles and group pills, their outlines included."""
    r = svgchart.BADGE_RADIUS + 0.5  # half the 1-unit stroke
    boxes = [(float(x) - r, float(y) - r, float(x) + r, float(y) + r) for x, y in
             re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r=', svg)]
    boxes += [(float(x) - 0.5, float(y) - 0.5, float(x) + float(w) + 0.5,
               float(y) + float(h) + 0.5) for x, y, w, h in
              re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" '
                         r'height="([\d.]+)" rx=', svg)]
    return boxes


def test_event_markers_are_numbered_badges_matching_the_log():
    session = LiveSession(config())
    session.step(28)  # through Liberation Day and the pause: events cluster
    view = panels.draw(session)
    numbers = panels.event_numbers(session.model.event_log)
    assert sorted(badge_numbers(view.charts["yields"])) == sorted(numbers.values())
    assert "rotate(90)" not in view.charts["yields"]  # no stacked vertical labels
    for step, number in numbers.items():
        date = session.model.calendar.date(step).date().isoformat()
        assert f'<td class="num">{number}</td><td>{date}</td>' in view.log_html


@pytest.mark.parametrize("xs", [
    [10, 10.3, 10.6, 11, 30],                  # four at once, one apart
    [10, 10.5],                                # two: stacked
    [5 + 0.7 * n for n in range(40)],          # a long run of close events
    [10, 10.2, 11.5, 11.7, 13, 13.2, 60],      # pairs in a chain
])
def test_clustered_badges_never_overlap_or_stack_more_than_two_deep(xs):
    markers = [svgchart.Marker(float(x), f"event {n + 1} $5bn & <b>", n + 1)
               for n, x in enumerate(xs)]
    frame = svgchart.Frame(title="t", x_domain=(0.0, 100.0))
    svg = svgchart.render(frame, [], markers=markers)
    assert sorted(badge_numbers(svg)) == list(range(1, len(xs) + 1))
    boxes = badge_boxes(svg)
    for i, (ax0, ay0, ax1, ay1) in enumerate(boxes):
        for bx0, by0, bx1, by1 in boxes[i + 1:]:
            assert ax1 <= bx0 + 1e-6 or bx1 <= ax0 + 1e-6 or ay1 <= by0 + 1e-6 \
                or by1 <= ay0 + 1e-6, "two badges overlap"
    assert len({round(y0, 1) for _, y0, _, _ in boxes}) <= 2, "badges stack three deep"
    assert svg.count("<line x1") - svg.count('stroke="#e6e6e6"') >= len(xs)  # a line each
    for title in re.findall(r'yieldsim-event-group"><title>([^<]*)</title>', svg):
        assert title.count("event ") >= 3 and "&lt;b&gt;" in title  # every event, escaped


def test_the_us_offer_column_shows_offers_only_when_the_game_is_on():
    scripted = LiveSession(config())
    scripted.step(35)
    assert "US offer" not in panels.stance_table(scripted)
    game = LiveSession(config(scenario="liberation-day-endogenous"))
    game.step(35)
    table = panels.stance_table(game)
    assert "<th>US offer</th>" in table
    offers = game.model.tariffs.offers
    assert offers, "by step 35 the administration has offered deals"
    for key, rate in offers.items():
        label = game.model.partners[key].label
        assert re.search(rf"<td>{label}</td>(<td>[^<]*</td>){{3}}<td>{100 * rate:.0f}%</td>",
                         table)


def test_level_label_sits_inside_the_plot_away_from_the_axis_ticks():
    frame = svgchart.Frame(title="t", x_domain=(0.0, 10.0), width=400)
    line = svgchart.Line("10y", np.arange(10.0), np.linspace(4.0, 4.6, 10), "#d62728")
    svg = svgchart.render(frame, [line], [svgchart.Level(4.5, "4.5%")])
    label = re.search(r'class="yieldsim-level-label" x="([\d.]+)"', svg)
    assert label and float(label.group(1)) > 400 - 60  # right end, not by the left axis
    assert ">4.5%</text>" not in svg.split("yieldsim-level-label")[0]  # not in the legend


@pytest.mark.parametrize("label, typed", [
    ("amount $bn", "abc"), ("amount $bn", "nan"), ("amount $bn", "inf"), ("amount $bn", "1e400"),
    ("amount $bn", "-5"), ("days", "9" * 400), ("days", "2.5"), ("days", "0"),
])
def test_the_typed_text_not_the_last_valid_value_is_what_a_press_uses(view, label, typed):
    field = view.field(label, 0)  # the sale's
    field.v_model = "250"
    field.fire_event("focusout", None)
    field.v_model = typed
    field.fire_event("focusout", None)
    view.click("Japan sells")
    assert "cannot inject" in view.error_and_info() and label in view.error_and_info()
    assert view.session.pending == []
    view.click("Step")  # the session carries on
    assert view.session.model.steps == 1 and "Japan sells" not in view.log()


def test_a_seed_of_400_digits_is_refused_on_reset(view):
    seed = view.field("Seed")
    seed.v_model = "9" * 400
    seed.fire_event("focusout", None)
    view.click("Reset")
    assert "cannot reset" in view.error_and_info() and "Seed" in view.error_and_info()
    assert view.session.config.seed == 7


def test_every_slider_shows_its_value_in_its_label(view):
    resolve = view.slider("Japan's resolve")
    assert resolve.label == f"Japan's resolve: {view.session.config.knobs['japan_resolve']:g}"
    resolve.v_model = 0.9
    assert view.slider("Japan's resolve").label == "Japan's resolve: 0.9"
    assert view.slider("fund agents (n_funds)").label == f"fund agents (n_funds): {SMALL}"
    assert view.slider("ms between steps").label == "ms between steps: 80"


def short_scenario(tmp_path: Path, steps: int = 4) -> str:
    path = tmp_path / "short.toml"
    path.write_text(f'name = "short"\nstart = 2025-03-03\nsteps = {steps}\n[[events]]\n'
                    'step = 2\nkind = "threat"\nholder = "japan"\n')
    return str(path)


def wait_until(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def test_play_stops_at_the_scenario_s_end_and_says_so_unless_asked_to_go_on(tmp_path):
    page = Page(LiveSession(config(scenario=short_scenario(tmp_path))))
    page.click("Play")
    wait_until(lambda: "Play stopped" in page.error_and_info())
    assert "short ends at step 4 (2025-03-07)" in page.error_and_info()
    time.sleep(0.3)
    assert page.session.model.steps == 4 and page.button("Play")
    page.click("Play")  # again at the end: stops at once, and says so again
    wait_until(lambda: "Play stopped" in page.error_and_info())
    assert page.session.model.steps == 4
    page.click("Step")  # one day at a time goes on
    assert page.session.model.steps == 5
    assert "step 5 (past the scenario&#x27;s end, step 4)" in page.html("head")
    page.rc.find(v.Checkbox, label="continue past the scenario's end").widget.v_model = True
    page.click("Play")
    wait_until(lambda: page.session.model.steps >= 8)
    page.click("Pause")
    assert page.session.model.steps >= 8 and "Play stopped" not in page.error_and_info()


def test_a_failed_step_is_reported_and_only_reset_goes_on(monkeypatch):
    page = Page(LiveSession(config()))
    page.click("Step")
    shown = page.html("head")
    model = page.session.model

    def fail() -> None:
        raise FloatingPointError("yield solver left its domain")

    monkeypatch.setattr(model, "step", fail)
    page.click("Step")
    message = page.error_and_info()
    assert "the step after 2025-03-04 failed (FloatingPointError: yield solver left its " \
        "domain)" in message and "until Reset" in message
    assert page.button("Step").disabled and page.button("Play").disabled
    assert page.html("head") == shown, "the page keeps showing the last whole day"
    with pytest.raises(SessionStoppedError, match="press Reset"):
        page.session.step()
    page.click("Japan sells")  # injections are refused too, with the reason
    assert "press Reset" in page.error_and_info() and page.session.pending == []
    page.click("Reset")
    assert not page.button("Step").disabled and not page.button("Play").disabled
    assert page.error_and_info() == "" and page.session.model.steps == 0
    page.click("Step")
    assert page.session.model.steps == 1


def test_play_stops_at_a_failed_step():
    page = Page(LiveSession(config()))
    original = page.session.model.step

    def step() -> None:
        if page.session.model.steps >= 3:
            raise ValueError("math domain error")
        original()

    page.session.model.step = step
    page.click("Play")
    wait_until(lambda: "failed" in page.error_and_info()
               and page.rc.find(v.Btn, children=["Play"]).widgets)
    assert page.session.model.steps == 3 and page.button("Play").disabled
    assert page.button("Step").disabled


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 100.0, allow_nan=False), min_size=1, max_size=60))
def test_badges_never_overlap_or_stack_three_deep_wherever_events_fall(xs):
    markers = [svgchart.Marker(x, f"event {n + 1}", n + 1) for n, x in enumerate(sorted(xs))]
    svg = svgchart.render(svgchart.Frame(title="t", x_domain=(0.0, 100.0)), [],
                          markers=markers)
    assert sorted(badge_numbers(svg)) == list(range(1, len(xs) + 1))
    boxes = badge_boxes(svg)
    for i, (ax0, ay0, ax1, ay1) in enumerate(boxes):
        for bx0, by0, bx1, by1 in boxes[i + 1:]:
            assert ax1 <= bx0 + 1e-6 or bx1 <= ax0 + 1e-6 or ay1 <= by0 + 1e-6 \
                or by1 <= ay0 + 1e-6
    assert len({round(y0, 1) for _, y0, _, _ in boxes}) <= 2
