"""The Solara page of `yieldsim viz`: controls, injection buttons, charts and the event log.

Custom Solara components rather than Mesa's SolaraViz, for two reasons found while building
it. SolaraViz's Reset rebuilds the model as `type(model)(scenario=<Mesa Scenario>, ...)`:
Mesa 3.5 reserves `model.scenario` for its own object, which YieldModel's `scenario`
argument (a name or file) cannot take. And a re-render through Reacton walks the whole page
(sidebar and inputs included, ~60 widgets), ~15-20 ms a step here whatever changed; so the
three parts that change every step (status line with the yields chart, the event log, and
the grid of the other charts) are HTML widgets whose content is replaced in place after
each step (`LiveOutputs`). A step then costs the model step, drawing the SVG (bounded by the
history's point cap) and three messages to the browser.

State lives inside the components (`use_memo`, `use_reactive`), one session per browser
tab; nothing is kept at module level.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import solara
import solara.lab
from ipywidgets import Widget
from solara.widgets import HTML

from model.events import Event
from model.params import POLICIES
from yieldsim.viz import panels
from yieldsim.viz.session import (
    DEFICIT,
    DEFICIT_YEARS,
    FED_AMOUNT,
    FED_DAYS,
    KNOBS,
    SALE_AMOUNT,
    SALE_DAYS,
    SEED,
    TARIFF_RATE_PCT,
    FieldCheck,
    Knob,
    LiveSession,
    RunConfig,
    country_choices,
    deal_event,
    fed_backstop_event,
    fiscal_event,
    japan_sale_event,
    japan_threat_event,
    pause_event,
    scenario_choices,
    tariff_event,
)

DEFAULT_INTERVAL_MS = 80
MIN_PAUSE_S = 0.01  # let clicks through between steps even at full speed
FRAGMENTS: dict[str, Callable[[panels.View], str]] = {
    "head": panels.head_html, "log": panels.log_html, "grid": panels.grid_html,
    "negotiation": panels.negotiation_html}

CSS = """
.yieldsim-status { font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.yieldsim-detail { color: #555; font-size: 0.9rem; margin-bottom: 4px; }
.yieldsim-live-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr));
                 gap: 12px 20px; }
.yieldsim-logtitle { font-weight: 600; font-size: 13px; margin: 2px 0 4px 0; }
.yieldsim-logbox { max-height: 240px; overflow-y: auto; border: 1px solid #ddd; }
.yieldsim-log { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
.yieldsim-log th { text-align: left; border-bottom: 1px solid #ccc; padding: 2px 6px; }
.yieldsim-log td { padding: 1px 6px; vertical-align: top; }
.yieldsim-log td:first-child, .yieldsim-log td:nth-child(2) { white-space: nowrap;
                  font-variant-numeric: tabular-nums; }
.yieldsim-log tr.pending td { font-style: italic; color: #8c564b; }
.yieldsim-log td.num { color: #666; text-align: right; }
.yieldsim-negotiation-status { color: #555; font-size: 0.9rem; }
.yieldsim-stances { border-collapse: collapse; font-size: 0.85rem; margin-top: 4px; }
.yieldsim-stances th { text-align: left; border-bottom: 1px solid #ccc; padding: 2px 8px; }
.yieldsim-stances td { white-space: nowrap; padding: 1px 8px; }
.yieldsim-inject .v-btn { min-width: 128px; }
.yieldsim-inject .v-input { max-width: 130px; }
"""


class LiveOutputs:
    """The latest View and the HTML widgets that show it, updated in place.

    Attributes:
        view: What the page shows now; a widget mounted later starts from it.
        widgets: Fragment name to the mounted HTML widget.
        lock: Keeps the play thread and clicks from writing a widget at the same time.

    """

    def __init__(self, view: panels.View) -> None:
        """Start with the first view and nothing mounted."""
        self.view = view
        self.widgets: dict[str, Widget] = {}
        self.lock = threading.Lock()

    def attach(self, name: str, widget: Widget) -> None:
        """Show the current view's fragment `name` in `widget`, and keep it updated."""
        with self.lock:
            self.widgets[name] = widget
            widget.unsafe_innerHTML = FRAGMENTS[name](self.view)  # type: ignore[attr-defined]

    def detach(self, name: str) -> None:
        """Stop updating the widget of fragment `name` (it was unmounted)."""
        with self.lock:
            self.widgets.pop(name, None)

    def show(self, view: panels.View) -> None:
        """Make `view` current and push it to the mounted widgets (one message each)."""
        with self.lock:
            self.view = view
            for name, widget in self.widgets.items():
                widget.unsafe_innerHTML = FRAGMENTS[name](view)  # type: ignore[attr-defined]


def page_connected() -> bool:
    """Whether a browser still shows this page; always true outside a server (tests).

    The play loop asks before each step, so closing the tab stops a running simulation
    instead of leaving it to burn a core until Solara culls the session.
    """
    try:
        from solara.server import kernel_context

        context = kernel_context.get_current_context()
    except (ImportError, RuntimeError):
        return True
    if context.closed_event.is_set():
        return False
    statuses = list(context.page_status.values())
    return not statuses or kernel_context.PageStatus.CONNECTED in statuses


@solara.component
def Page() -> None:
    """The app Solara serves: one session per tab, configured by `yieldsim viz`."""
    session = solara.use_memo(lambda: LiveSession(RunConfig.from_env()), [])
    LiveView(session)


@solara.component
def LiveView(session: LiveSession, interval_ms: int = DEFAULT_INTERVAL_MS) -> None:
    """The whole page for one session.

    Args:
        session: The running model (tests pass a small one).
        interval_ms: Initial pause between steps while playing.

    """
    outputs = solara.use_memo(lambda: LiveOutputs(panels.draw(session)), [session])
    playing = solara.use_reactive(False)
    interval = solara.use_reactive(interval_ms)
    past_end = solara.use_reactive(False)  # Play runs on past the scenario's last step
    error = solara.use_reactive("")
    notice = solara.use_reactive("")
    stopped = solara.use_reactive(False)  # a step failed: Step and Play are off until Reset
    loop = solara.use_memo(lambda: {"generation": 0}, [])

    def refresh() -> None:
        outputs.show(panels.draw(session))

    def step_once() -> bool:
        try:
            session.step()
        except Exception as exc:  # a model failure must stop play and show, not kill the page
            # The page keeps showing the last whole day (no refresh): the model is part-way
            # through the failed one, and the session refuses to go on until a Reset.
            error.set(f"{session.failed or f'step failed: {exc}'}. Step and Play are off "
                      "until Reset.")
            stopped.set(True)
            playing.set(False)
            return False
        refresh()
        return True

    def play_loop() -> None:
        generation = loop["generation"]
        while playing.value:
            if not page_connected():
                playing.set(False)
                return
            started = time.perf_counter()
            with session.lock:  # a Reset (or Pause) in between must not be followed by a step
                if loop["generation"] != generation:
                    return
                if session.at_end() and not past_end.value:
                    notice.set(end_notice(session))
                    playing.set(False)
                    return
                if not step_once():
                    return
            rest = interval.value / 1000.0 - (time.perf_counter() - started)
            time.sleep(max(MIN_PAUSE_S, rest))

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    def stop_loop() -> None:
        with session.lock:  # waits for a step in flight; the loop then sees the change
            loop["generation"] += 1

    def toggle_play() -> None:
        stop_loop()
        error.set("")
        notice.set("")
        playing.set(not playing.value)

    def reset(config: RunConfig) -> None:
        stop_loop()
        playing.set(False)
        try:
            session.reset(config)
        except Exception as exc:
            error.set(f"cannot reset: {exc}")
            return
        error.set("")
        notice.set("")
        stopped.set(False)
        refresh()

    def inject(make: Callable[[], Event]) -> None:
        try:
            session.inject(make())
        except Exception as exc:
            error.set(f"cannot inject: {exc}")
            return
        error.set("")
        refresh()

    solara.Title("yieldsim live view")
    solara.Style(CSS)
    with solara.AppBar():
        solara.AppBarTitle("yieldsim live view")
    with solara.Sidebar():
        RunControls(session, playing, interval, past_end, stopped, on_step=step_once,
                    on_play=toggle_play, on_reset=reset)
    with solara.Column(gap="8px"):
        ErrorBlock(error)
        NoticeBlock(notice)
        with solara.Columns([3, 2]):
            LiveHtml(outputs, "head")
            with solara.Column(gap="8px"):
                InjectControls(on_inject=inject)
                LiveHtml(outputs, "log")
        LiveHtml(outputs, "negotiation")
        LiveHtml(outputs, "grid")


@solara.component
def ErrorBlock(error: solara.Reactive[str]) -> None:
    """A refused reset or injection, or a failed step."""
    if error.value:
        solara.Error(error.value, classes=["yieldsim-error"])


@solara.component
def NoticeBlock(notice: solara.Reactive[str]) -> None:
    """Why Play stopped by itself (the scenario's end)."""
    if notice.value:
        solara.Info(notice.value, classes=["yieldsim-notice"])


def end_notice(session: LiveSession) -> str:
    """What the page says when Play reaches the scenario's last step."""
    model = session.model
    return (f"Play stopped: {model.timeline.name} ends at step {model.timeline.steps} "
            f"({session.history.dates[-1]}). Step goes on one day at a time; tick "
            "\"continue past the scenario's end\" to play on.")


@solara.component
def LiveHtml(outputs: LiveOutputs, name: str) -> None:
    """An HTML widget whose content only `outputs` writes, in place after every step.

    The element is created without `unsafe_innerHTML`: Reacton re-applies an element's
    arguments to its widget whenever it reconciles the page (a Play click, an error shown),
    which would put back the content of the first render. Content that Reacton never passed
    is never reset.
    """
    element = HTML.element(tag="div", attributes={"class": f"yieldsim-live-{name}"})

    def bind() -> Callable[[], None]:
        outputs.attach(name, solara.get_widget(element))
        return lambda: outputs.detach(name)

    solara.use_effect(bind, [])


def slider_label(label: str, value: float) -> str:
    """A slider's label with its value, so the value is read without dragging the thumb."""
    return f"{label}: {value:,}" if isinstance(value, int) else f"{label}: {value:g}"


def _knob_input(knob: Knob, value: Any, on_value: Callable[[Any], None]) -> None:
    """The control for one parameter (a slider says its value in its label)."""
    if knob.kind == "bool":
        solara.Checkbox(label=knob.label, value=bool(value), on_value=on_value)
    elif knob.kind == "int":
        solara.SliderInt(slider_label(knob.label, int(value)), value=int(value),
                         min=int(knob.lo), max=int(knob.hi), step=int(knob.step),
                         on_value=on_value)
    else:
        solara.SliderFloat(slider_label(knob.label, float(value)), value=float(value),
                           min=knob.lo, max=knob.hi, step=knob.step, on_value=on_value)


@solara.component
def RunControls(session: LiveSession, playing: solara.Reactive[bool],
                interval: solara.Reactive[int], past_end: solara.Reactive[bool],
                stopped: solara.Reactive[bool], *, on_step: Callable[[], object],
                on_play: Callable[[], None], on_reset: Callable[[RunConfig], None]) -> None:
    """Scenario, seed and key parameters (applied on Reset); play, pause and step.

    After a failed step only Reset is offered (`stopped`).
    """
    draft = solara.use_reactive(session.config)
    applied = solara.use_reactive(session.config)
    config = draft.value

    def set_knob(name: str, value: Any) -> None:
        draft.set(replace(config, knobs={**config.knobs, name: value}))

    def reset() -> None:
        on_reset(draft.value)
        applied.set(session.config)  # unchanged if the model refused the draft

    with solara.Card("Run", margin=0):
        with solara.Row(gap="6px"):
            solara.Button("Reset", color="primary", on_click=reset)
            solara.Button("Pause" if playing.value else "Play", color="primary",
                          on_click=on_play, disabled=stopped.value)
            solara.Button("Step", color="primary", on_click=on_step,
                          disabled=playing.value or stopped.value)
        solara.SliderInt(slider_label("ms between steps", interval.value), value=interval,
                         min=0, max=500, step=10)
        solara.Checkbox(label="continue past the scenario's end", value=past_end)
    with solara.Card("Scenario and parameters", margin=0):
        solara.Select("Scenario", values=scenario_choices(session.config.scenario),
                      value=config.scenario,
                      on_value=lambda name: draft.set(config.with_scenario(name)))
        solara.InputText("Seed", value=str(config.seed), error=SEED.problem(config.seed) or False,
                         on_value=lambda seed: draft.set(replace(config, seed=seed.strip())))
        solara.Select("Policy", values=list(POLICIES), value=config.knobs["policy"],
                      on_value=lambda mode: set_knob("policy", mode))
        for knob in KNOBS:
            if knob.kind == "choice":
                continue
            _knob_input(knob, config.knobs[knob.name],
                        lambda value, name=knob.name: set_knob(name, value))
        if config != applied.value:
            solara.Info("Changes apply on Reset.", dense=True)
    solara.Text("Built with Mesa and Solara.", style={"font-size": "0.8rem", "color": "#777"})


@solara.component
def InjectControls(on_inject: Callable[[Callable[[], Event]], None]) -> None:
    """The seven injection buttons, each with its inputs beside it."""
    countries = solara.use_memo(country_choices, [])
    tariff_country = solara.use_reactive("japan")
    tariff_rate = solara.use_reactive("35")
    deal_country = solara.use_reactive("japan")
    deal_rate = solara.use_reactive("15")
    sale_amount = solara.use_reactive("100")
    sale_days = solara.use_reactive("21")
    fed_amount = solara.use_reactive("100")
    fed_days = solara.use_reactive("10")
    deficit = solara.use_reactive("500")
    deficit_years = solara.use_reactive("10")

    with solara.Card("Inject events (fire at the next step)", margin=0,
                     classes=["yieldsim-inject"]):
        with solara.Row(gap="8px", style={"align-items": "center"}):
            solara.Button("Impose tariff", color="error", outlined=True, on_click=lambda: (
                on_inject(lambda: tariff_event(tariff_country.value, tariff_rate.value))))
            solara.Select("country", values=countries, value=tariff_country, dense=True)
            NumberField(TARIFF_RATE_PCT, tariff_rate)
        with solara.Row(gap="8px", style={"align-items": "center"}):
            solara.Button("Pause tariffs", color="success", outlined=True,
                          on_click=lambda: on_inject(pause_event))
            solara.Text("country rates back to the all-country rate")
        with solara.Row(gap="8px", style={"align-items": "center"}):
            solara.Button("Strike deal", color="success", outlined=True, on_click=lambda: (
                on_inject(lambda: deal_event(deal_country.value, deal_rate.value))))
            solara.Select("country", values=countries[1:], value=deal_country, dense=True)
            NumberField(TARIFF_RATE_PCT, deal_rate)
        with solara.Row(gap="8px", style={"align-items": "center"}):
            solara.Button("Japan sells", color="error", outlined=True, on_click=lambda: (
                on_inject(lambda: japan_sale_event(sale_amount.value, sale_days.value))))
            NumberField(SALE_AMOUNT, sale_amount)
            NumberField(SALE_DAYS, sale_days)
        with solara.Row(gap="8px", style={"align-items": "center"}):
            solara.Button("Japan threatens", color="error", outlined=True,
                          on_click=lambda: on_inject(japan_threat_event))
            solara.Text("a threat to sell: credibility = resolve × holdings")
        with solara.Row(gap="8px", style={"align-items": "center"}):
            solara.Button("Fed backstop", color="primary", outlined=True, on_click=lambda: (
                on_inject(lambda: fed_backstop_event(fed_amount.value, fed_days.value))))
            NumberField(FED_AMOUNT, fed_amount)
            NumberField(FED_DAYS, fed_days)
        with solara.Row(gap="8px", style={"align-items": "center"}):
            solara.Button("Change deficit", color="primary", outlined=True, on_click=lambda: (
                on_inject(lambda: fiscal_event(deficit.value, deficit_years.value))))
            NumberField(DEFICIT, deficit)
            NumberField(DEFICIT_YEARS, deficit_years)


@solara.component
def NumberField(check: FieldCheck, text: solara.Reactive[str]) -> None:
    """A number typed as text and checked as the model checks it.

    An invalid entry is shown under the field, and a press of the button beside it shows the
    problem and injects nothing: the typed text, not the last valid value, is what a press
    uses (a number field would keep injecting "$250bn" after "250" became "250abc").
    """
    solara.InputText(check.label, value=text, error=check.problem(text.value) or False,
                     dense=True)
