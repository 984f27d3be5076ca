"""The live view in a real browser: headless Debian Chromium driving `yieldsim viz`.

One server serves the session (fixture `viz_server`); every test opens its own page, which
Solara gives its own model. Clicks wait for the page to change rather than for fixed times.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect

from yieldsim import palette
from yieldsim.viz.session import scenario_defaults

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
README_SCREENSHOT = ROOT / "docs" / "live-view.png"
STATUS = re.compile(r"^\d{4}-\d{2}-\d{2} · 2y \d+\.\d\d% · 10y \d+\.\d\d% · 30y \d+\.\d\d%$")
START_STATUS = "2025-03-03 · 2y 3.96% · 10y 4.16% · 30y 4.45%"
LOAD_TIMEOUT_MS = 60_000
CHANGE_TIMEOUT_MS = 15_000
BUTTONS = {  # each injection button, pressed with the inputs beside it as they start
    "Impose tariff": "US tariff 35% on Japan",
    "Pause tariffs": "Tariff pause",
    "Strike deal": "Deal with Japan at 15%",
    "Japan sells": "Japan sells $100bn over 21 days",
    "Fed backstop": "Fed backstop: buys $100bn over 10 days",
    "Change deficit": "Deficit +$500bn a year for 10 years",
    "Japan threatens": "Japan threatens to sell Treasuries",
}


class Problems:
    """Failed requests and console errors seen by a page."""

    def __init__(self, page: Page) -> None:
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("requestfailed", self.on_failed)
        page.on("response", self.on_response)
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def on_failed(self, request: Request) -> None:
        self.failed.append(f"{request.url} ({request.failure})")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


def open_page(page: Page, url: str) -> Problems:
    problems = Problems(page)
    page.goto(url)
    expect(page.locator(".yieldsim-status")).to_have_text(STATUS, timeout=LOAD_TIMEOUT_MS)
    return problems


def status(page: Page) -> str:
    return page.locator(".yieldsim-status").inner_text()


def step(page: Page) -> str:
    """Press Step and wait for the status line to move on; returns the new line."""
    before = status(page)
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.locator(".yieldsim-status")).not_to_have_text(before, timeout=CHANGE_TIMEOUT_MS)
    return status(page)


def test_page_loads_offline_and_steps(page: Page, viz_server: str, pytestconfig):
    problems = open_page(page, viz_server)
    assert status(page) == START_STATUS
    # Every sidebar control shows the scenario's value as it is (no slider snapped it).
    expect(page.get_by_text("Changes apply on Reset")).to_have_count(0)
    expect(page.locator(".yieldsim-yields")).to_be_visible()
    for name in ("curve", "components", "holdings", "absorbed", "dealers", "leveraged"):
        expect(page.locator(f".yieldsim-{name}")).to_be_visible()
    after = step(page)
    assert STATUS.match(after) and after.startswith("2025-03-04 · ")
    update_readme = pytestconfig.getoption("--update-screenshot")
    for _ in range(27 if update_readme else 2):  # the README's: past Liberation Day
        step(page)
    assert page.locator(".yieldsim-yields").inner_html().count("FRED 10y") == 1
    assert problems.failed == [], "requests failed (assets must be served locally)"
    assert problems.errors == [], "the browser console reported errors"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "live-view.png"), full_page=True)
    if update_readme:
        README_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(ARTIFACTS / "live-view.png", README_SCREENSHOT)


def dollar_legend(page: Page) -> float:
    """The USD/JPY the dollar chart's legend shows (yen per dollar)."""
    legend = page.locator(".yieldsim-dollar text", has_text=re.compile(r"^USD/JPY "))
    text = legend.text_content() or ""
    match = re.fullmatch(r"USD/JPY (\d+\.\d\d) \(left\)", text)
    assert match, text
    return float(match.group(1))


def test_the_dollar_chart_sits_by_the_yield_charts_and_moves_as_the_run_steps(page: Page,
                                                                             viz_server: str):
    problems = open_page(page, viz_server)
    chart = page.locator(".yieldsim-dollar")
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("The dollar: USD/JPY, yen per $")
    # Beside the yield curve, in the first row of charts under the yields. The two charts
    # arrive one after the other and the row settles when both are drawn: look again for up
    # to 5 s before judging.
    for _ in range(50):
        curve, dollar = (page.locator(f".yieldsim-{name}").bounding_box()
                         for name in ("curve", "dollar"))
        if abs(dollar["y"] - curve["y"]) <= 2:
            break
        page.wait_for_timeout(100)
    assert dollar["y"] == pytest.approx(curve["y"], abs=2)
    assert dollar["x"] >= curve["x"] + curve["width"]
    usdjpy = chart.locator(f"path[stroke='{palette.USDJPY}']")
    shown, drawn = [dollar_legend(page)], [usdjpy.get_attribute("d")]
    assert shown == [150.16]
    for day in range(1, 5):
        step(page)
        # The charts arrive after the status line: wait for the day's point (one per day).
        expect(usdjpy).to_have_attribute("d", re.compile(rf"^M[^L]*(L[^L]*){{{day}}}$"),
                                          timeout=CHANGE_TIMEOUT_MS)
        shown.append(dollar_legend(page))
        drawn.append(usdjpy.get_attribute("d"))
    assert len(set(shown)) == 5, f"USD/JPY did not move each day: {shown}"
    assert len(set(drawn)) == 5
    assert chart.locator(f"path[stroke='{palette.BUCKETS['10y']}']").count() == 1
    assert problems.errors == []


def test_each_injection_button_logs_its_event(page: Page, viz_server: str):
    problems = open_page(page, viz_server)
    log = page.locator("table.yieldsim-log")
    for button, label in BUTTONS.items():
        page.get_by_role("button", name=button, exact=True).click()
        expect(log).to_contain_text(f"{label} (queued)", timeout=CHANGE_TIMEOUT_MS)
    fired_on = step(page)[:10]
    for label in BUTTONS.values():
        cells = log.locator("tr", has_text=label).locator("td")
        expect(cells).to_have_text([re.compile(r"^\d+$"), fired_on, label])
    expect(log).not_to_contain_text("(queued)")
    assert page.locator(".yieldsim-yields title", has_text="US tariff 35% on Japan").count() == 1
    assert problems.errors == []


def test_play_pause_then_reset_restores_the_start(page: Page, viz_server: str):
    open_page(page, viz_server)
    start_log = page.locator("table.yieldsim-log").inner_text()
    page.get_by_role("button", name="Play", exact=True).click()
    expect(page.locator(".yieldsim-detail")).to_contain_text(re.compile(r"step ([3-9]|\d\d+) ·"),
                                                            timeout=CHANGE_TIMEOUT_MS)
    page.get_by_role("button", name="Pause", exact=True).click()
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_visible()
    page.wait_for_timeout(300)  # a step in flight lands
    paused = status(page)
    page.wait_for_timeout(500)
    assert status(page) == paused != START_STATUS

    page.get_by_role("button", name="Japan sells", exact=True).click()
    step(page)
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.locator(".yieldsim-status")).to_have_text(START_STATUS,
                                                          timeout=CHANGE_TIMEOUT_MS)
    # The log is its own widget, updated just after the status line: wait for it too.
    expect(page.locator("table.yieldsim-log")).to_have_text(
        start_log.strip(), use_inner_text=True, timeout=CHANGE_TIMEOUT_MS)
    assert "step 0 ·" in page.locator(".yieldsim-detail").inner_text()


def test_negotiation_panel_policy_mode_and_chart_fixes(page: Page, viz_server: str):
    problems = open_page(page, viz_server)
    panel = page.locator(".yieldsim-negotiation")
    expect(panel).to_be_visible()
    expect(panel.locator(".yieldsim-negotiation-tariffs")).to_be_visible()
    expect(panel.locator(".yieldsim-negotiation-pain")).to_be_visible()
    expect(panel).to_contain_text("policy: scripted")
    # The policy mode: choose endogenous, Reset, and the panel says so.
    page.locator(".v-select", has_text="Policy").click()
    page.get_by_role("option", name="endogenous").click()
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(panel).to_contain_text("policy: endogenous", timeout=CHANGE_TIMEOUT_MS)
    page.get_by_role("button", name="Japan threatens", exact=True).click()
    step(page)
    expect(page.locator("table.yieldsim-log")).to_contain_text("Japan threatens to sell")
    for row in ("Japan", "China", "EU", "Korea", "Vietnam"):
        expect(panel.locator("td", has_text=row).first).to_be_visible()
    # Events are numbered badges on the yields chart, explained in the log.
    badge = page.locator(".yieldsim-yields .yieldsim-event-badge").first
    expect(badge).to_be_visible()
    number = (badge.locator("text").text_content() or "").strip()
    expect(page.locator("table.yieldsim-log td.num", has_text=re.compile(f"^{number}$"))
           ).to_have_count(1)
    # The 4.5% label does not touch the axis' tick labels.
    label = page.locator(".yieldsim-yields .yieldsim-level-label").bounding_box()
    ticks = page.locator(".yieldsim-yields text[text-anchor='end']")
    for i in range(ticks.count()):
        box = ticks.nth(i).bounding_box()
        if box is None or ticks.nth(i).get_attribute("class"):
            continue
        apart = (box["x"] + box["width"] <= label["x"] or label["x"] + label["width"] <= box["x"]
                 or box["y"] + box["height"] <= label["y"]
                 or label["y"] + label["height"] <= box["y"])
        assert apart, "the 4.5% label overlaps an axis tick label"
    # No Solara banner over the bottom-right chart.
    expect(page.get_by_text("This website runs on")).to_have_count(0)
    assert problems.errors == []


@pytest.mark.parametrize("field, index, typed", [
    ("days", 0, "9" * 400),        # once a traceback that replaced the page and ended the session
    ("amount $bn", 0, "250abc"),   # once a field error, yet the button injected "$250bn"
    ("amount $bn", 0, "nan"),
])
def test_an_invalid_field_shows_its_error_and_injects_nothing(page: Page, viz_server: str,
                                                              field: str, index: int,
                                                              typed: str):
    problems = open_page(page, viz_server)
    box = page.get_by_label(field, exact=True).nth(index)
    box.fill("250")
    box.press("Enter")
    # Let the server's round trip for the valid value end before the invalid one is typed:
    # under load its late re-render put "250" back over the typed text (a CI clone, once).
    page.wait_for_timeout(1_000)
    box.fill(typed)
    box.press("Enter")
    under_field = page.locator(".yieldsim-inject .v-messages", has_text=field)
    expect(under_field).to_contain_text(typed[:3], timeout=CHANGE_TIMEOUT_MS)
    page.get_by_role("button", name="Japan sells", exact=True).click()
    alert = page.locator(".v-alert", has_text="cannot inject")
    expect(alert).to_contain_text(field, timeout=CHANGE_TIMEOUT_MS)
    log = page.locator("table.yieldsim-log")
    expect(log).not_to_contain_text("(queued)")
    step(page)  # the session lives on
    expect(log).not_to_contain_text("Japan sells $")
    assert problems.errors == []


def detail(page: Page) -> str:
    return page.locator(".yieldsim-detail").inner_text()


def slider_thumb(page: Page, name: str):
    return page.locator(".v-input", has_text=f"{name}: ").locator("[role=slider]")


def test_slider_values_are_shown_and_follow_the_thumb(page: Page, viz_server: str):
    problems = open_page(page, viz_server)
    knobs = scenario_defaults("liberation-day-2025")
    sidebar = page.locator(".v-navigation-drawer")
    expect(sidebar).to_contain_text(f"dealer capacity, $bn: {knobs['dealer_capacity_bn']:g}")
    expect(sidebar).to_contain_text(f"fund agents (n_funds): {knobs['n_funds']:,}")
    expect(sidebar).to_contain_text("ms between steps: 80")
    thumb = slider_thumb(page, "Japan's resolve")
    thumb.focus()
    thumb.press("ArrowRight")
    expect(sidebar).to_contain_text(f"Japan's resolve: {knobs['japan_resolve'] + 0.05:g}")
    assert problems.errors == []


def test_play_stops_at_the_scenario_s_end_and_plays_on_when_asked(page: Page, start_viz,
                                                                 tmp_path: Path):
    scenario = tmp_path / "short.toml"
    scenario.write_text('name = "short"\nstart = 2025-03-03\nsteps = 5\n[[events]]\nstep = 2\n'
                        'kind = "threat"\nholder = "japan"\n')
    server = start_viz("--scenario", str(scenario))
    server.wait()
    problems = open_page(page, server.url)
    page.get_by_role("button", name="Play", exact=True).click()
    notice = page.locator(".yieldsim-notice")
    expect(notice).to_contain_text("Play stopped: short ends at step 5 (2025-03-10)",
                                   timeout=CHANGE_TIMEOUT_MS)
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_enabled()
    page.wait_for_timeout(400)
    assert detail(page).startswith("step 5 ·")
    page.get_by_text("continue past the scenario's end", exact=True).click()  # its label
    expect(page.get_by_label("continue past the scenario's end")).to_be_checked()
    page.get_by_role("button", name="Play", exact=True).click()
    expect(notice).to_have_count(0)
    expect(page.locator(".yieldsim-detail")).to_contain_text(
        re.compile(r"^step ([7-9]|\d\d+) \(past the scenario's end, step 5\)"),
        timeout=CHANGE_TIMEOUT_MS)
    page.get_by_role("button", name="Pause", exact=True).click()
    assert problems.errors == []


def boxes_apart(a: dict, b: dict) -> bool:
    return (a["x"] + a["width"] <= b["x"] + 0.5 or b["x"] + b["width"] <= a["x"] + 0.5
            or a["y"] + a["height"] <= b["y"] + 0.5 or b["y"] + b["height"] <= a["y"] + 0.5)


def test_an_endogenous_run_to_its_end(page: Page, viz_server: str):
    """Badges two deep at most, one Japan deal, the US offer column and the run's colours."""
    problems = open_page(page, viz_server)
    stances = page.locator(".yieldsim-stances")
    expect(stances).not_to_contain_text("US offer")  # scripted: no talks, no offers
    page.locator(".v-select", has_text="Policy").click()
    page.get_by_role("option", name="endogenous").click()
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.locator(".yieldsim-negotiation")).to_contain_text("policy: endogenous",
                                                                  timeout=CHANGE_TIMEOUT_MS)
    expect(stances.locator("th", has_text="US offer")).to_have_count(1)
    thumb = slider_thumb(page, "ms between steps")
    thumb.focus()
    thumb.press("Home")
    expect(page.locator(".v-navigation-drawer")).to_contain_text("ms between steps: 0")
    page.get_by_role("button", name="Play", exact=True).click()
    expect(page.locator(".yieldsim-notice")).to_contain_text(
        "Play stopped: liberation-day-2025 ends at step", timeout=180_000)

    log = page.locator("table.yieldsim-log").inner_text().splitlines()
    japan_deals = [row for row in log if re.search(r"Japan.*deal|deal.*Japan", row, re.I)
                   and "not applied" not in row]
    assert len(japan_deals) == 1, [row for row in log if "Japan" in row]
    offers = stances.locator("tbody tr td:nth-child(5)")
    assert offers.count() == 5
    for i in range(5):
        assert re.fullmatch(r"\d+%|—", offers.nth(i).inner_text())

    badges = page.locator(".yieldsim-yields .yieldsim-event-badge")
    boxes = [badges.nth(i).bounding_box() for i in range(badges.count())]
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert boxes_apart(a, b), "two event badges overlap"
    assert len({round(box["y"]) for box in boxes}) <= 2, "badges stack more than two deep"
    group = page.locator(".yieldsim-yields .yieldsim-event-group").first
    listing = group.locator("title").text_content() or ""
    assert len(listing.splitlines()) >= 3 and "Liberation Day" in listing

    strokes = set(page.locator(".yieldsim-yields path").evaluate_all(
        "paths => paths.map(p => p.getAttribute('stroke'))"))
    assert set(palette.BUCKETS.values()) <= strokes, "the live view's yields in the palette"
    assert problems.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "live-view-endogenous-end.png"), full_page=True)


def test_a_failed_step_is_reported_and_only_reset_goes_on(page: Page, start_viz):
    server = start_viz(env={"PYTHONPATH": str(ROOT / "tests" / "faults"),
                            "YIELDSIM_TEST_FAIL_AFTER_STEPS": "2"})
    server.wait()
    problems = open_page(page, server.url)
    step(page)
    step(page)
    shown = status(page)
    page.get_by_role("button", name="Step", exact=True).click()
    alert = page.locator(".yieldsim-error")
    expect(alert).to_contain_text("the step after 2025-03-05 failed (FloatingPointError",
                                  timeout=CHANGE_TIMEOUT_MS)
    expect(alert).to_contain_text("Step and Play are off until Reset")
    expect(page.get_by_role("button", name="Step", exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_disabled()
    assert status(page) == shown, "the page still shows the last whole day"
    page.get_by_role("button", name="Japan sells", exact=True).click()
    expect(page.locator(".yieldsim-error")).to_contain_text("press Reset")
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.locator(".yieldsim-status")).to_have_text(START_STATUS,
                                                          timeout=CHANGE_TIMEOUT_MS)
    expect(alert).to_have_count(0)
    expect(page.get_by_role("button", name="Step", exact=True)).to_be_enabled()
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_enabled()
    assert step(page).startswith("2025-03-04")
    assert problems.errors == []
