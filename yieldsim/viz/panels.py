"""What the page shows, computed from a session: the status line, the charts and the log.

`draw(session)` returns a `View` of plain strings. The page replaces its current View after
every step, so the Solara components only swap text; everything here is testable without
a browser, and its cost is bounded by the history's point cap and the log's row limit, not
by the length of the run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import numpy as np

from model.instruments import BUCKETS
from model.orders import ABSORBERS
from model.summary import WATCHED_LEVEL
from yieldsim import palette
from yieldsim.viz import svgchart as sc
from yieldsim.viz.session import LiveSession

ABSORBER_LABELS = {"real_money": "real money", "asset_manager": "asset managers",
                   "leveraged": "leveraged funds", "dealer": "dealers", "fed": "Fed"}
LOG_ROWS = 200  # event-log rows shown (newest first); older ones stay in the model's log
MARKER_EVENTS = 400  # newest log entries considered for chart markers
# The dollar beside the yield curve: the first row of the grid at any width
GRID_CHARTS = ("curve", "dollar", "components", "holdings", "absorbed", "dealers",
               "leveraged")
WIDE, NARROW = 660, 450
MIN_DOMAIN = 20
TICK_SPACING = 110  # SVG units per date label (a label is about 60 wide)


@dataclass(frozen=True)
class View:
    """Everything the page displays for one model state.

    Attributes:
        status: `2025-04-11 · 2y 3.96% · 10y 4.48% · 30y 4.85%`.
        detail: Step, scenario and seed, and the strain gauges in words.
        charts: Chart name to SVG markup.
        log_html: The event log as an HTML table.
        step: The model's step.
        stances_html: The partners' standing in the talks, as an HTML table.

    """

    status: str
    detail: str
    charts: dict[str, str]
    log_html: str
    step: int
    stances_html: str = ""


def status_line(date: str, yields: np.ndarray) -> str:
    """The one-line state: date and the 2y, 10y and 30y yields."""
    by_bucket = dict(zip(BUCKETS, yields.tolist(), strict=True))
    return (f"{date} · 2y {by_bucket['2y']:.2f}% · 10y {by_bucket['10y']:.2f}% · "
            f"30y {by_bucket['30y']:.2f}%")


def date_ticks(lo: int, hi: int, date_of: Callable[[int], str],
               count: int = 6) -> list[tuple[float, str]]:
    """About `count` x ticks at round step numbers, labelled with their trading dates."""
    spacing = max(1, int(sc.nice_step(hi - lo, count)))
    first = math.ceil(lo / spacing) * spacing
    return [(float(s), date_of(s)) for s in range(first, hi + 1, spacing)]


class _Drawer:
    """Draws the panels of one session state (holds the shared x axis)."""

    def __init__(self, session: LiveSession) -> None:
        self.session = session
        self.model = session.model
        self.history = session.history
        self.x = self.history.x()
        self.now = self.history.steps
        hi = max(self.now, self.model.timeline.steps, MIN_DOMAIN)
        self.hi = hi
        self.domain = (0.0, float(hi))

    def _date_of(self, step: int) -> str:
        if step < len(self.history.dates):
            return self.history.dates[step]
        return self.model.calendar.date(step).date().isoformat()

    def frame(self, title: str, css: str, width: int = NARROW, height: int = 230, *,
              y_unit: str = "", right_unit: str = "", include_zero: bool = False,
              right_include_zero: bool = True) -> sc.Frame:
        """A time chart on the shared date axis."""
        ticks = date_ticks(0, self.hi, self._date_of, count=max(2, width // TICK_SPACING))
        return sc.Frame(title=title, x_domain=self.domain, x_ticks=ticks, width=width,
                        height=height, y_unit=y_unit, right_unit=right_unit,
                        include_zero=include_zero, right_include_zero=right_include_zero,
                        css_class=f"yieldsim-chart {css}")

    def markers(self) -> list[sc.Marker]:
        """One numbered marker per step with events after the start; labels as hover text."""
        numbers = event_numbers(self.model.event_log)
        by_step: dict[int, list[str]] = {}
        for step, _date, label in self.model.event_log[-MARKER_EVENTS:]:
            if step > 0:
                by_step.setdefault(step, []).append(label)
        return [sc.Marker(float(step), "; ".join(labels), numbers[step])
                for step, labels in by_step.items()]

    def negotiation_tariffs(self) -> str:
        lines = [sc.Line(self.model.partners[key].label, self.x,
                         100.0 * self.history.column(f"tariff_{key}"),
                         palette.partner_color(i))
                 for i, key in enumerate(self.history.partners)]
        return sc.render(self.frame("US tariff by partner, %", "yieldsim-negotiation-tariffs",
                                    include_zero=True), lines)

    def negotiation_pain(self) -> str:
        pain = self.history.column("admin_pain")
        lines = [sc.Line("pain (bp-equivalent)", self.x, pain, palette.PAIN),
                 sc.Line("of which threats", self.x, self.history.column("admin_pain_threats"),
                         palette.TOLERANCE, style="bars"),
                 sc.Line("tolerance", self.x, self.history.column("admin_tolerance"),
                         palette.TOLERANCE, dash="5 3")]
        return sc.render(self.frame("Administration's pain vs tolerance",
                                    "yieldsim-negotiation-pain", include_zero=True), lines)

    def yields(self) -> str:
        lines = [sc.Line(bucket, self.x, self.history.column(f"y_{bucket}"),
                         palette.BUCKETS[bucket]) for bucket in BUCKETS]
        for bucket, (steps, values) in self.session.fred.items():
            seen = steps <= self.now
            lines.append(sc.Line(f"FRED {bucket}", steps[seen], values[seen],
                                 palette.BUCKETS[bucket], style="dots"))
        return sc.render(self.frame("Treasury yields, %", "yieldsim-yields", WIDE, 330,
                                    y_unit="%"),
                         lines, [sc.Level(WATCHED_LEVEL, "4.5%", palette.WATCHED_LEVEL)],
                         self.markers())

    def curve(self) -> str:
        positions = np.arange(len(BUCKETS), dtype=float)
        frame = sc.Frame(title=f"Yield curve: {self._date_of(self.now)} vs start",
                         x_domain=(-0.3, len(BUCKETS) - 0.7),
                         x_ticks=[(float(i), b) for i, b in enumerate(BUCKETS)],
                         width=NARROW, height=230, y_unit="%",
                         css_class="yieldsim-chart yieldsim-curve")
        lines = [sc.Line("start", positions, self.model.start_yields, palette.CURVE_START,
                         dash="5 3"),
                 sc.Line("now", positions, self.model.yields, palette.BUCKETS["10y"], width=2.2),
                 sc.Line("", positions, self.model.yields, palette.BUCKETS["10y"], style="dots")]
        return sc.render(frame, lines, [sc.Level(WATCHED_LEVEL, "4.5%", palette.WATCHED_LEVEL)])

    def components(self) -> str:
        parts = [("expected rate", "y10_expected_rate"), ("term premium", "y10_term_premium"),
                 ("price pressure", "y10_price_pressure")]
        lines = [sc.Line(label, self.x, self.history.column(column), palette.COMPONENTS[label])
                 for label, column in parts]
        return sc.render(self.frame("Where the 10y comes from, %", "yieldsim-components",
                                    include_zero=True), lines)

    def dollar(self) -> str:
        """USD/JPY with the 10y on the right: together in calm, apart under "sell America"."""
        usdjpy = self.history.column("usdjpy")
        lines = [sc.Line(f"USD/JPY {self.history.last['usdjpy']:.2f} (left)", self.x, usdjpy,
                         palette.USDJPY, width=2.0),
                 sc.Line("10y, % (right)", self.x, self.history.column("y_10y"),
                         palette.BUCKETS["10y"], width=1.0, axis="right")]
        return sc.render(self.frame("The dollar: USD/JPY, yen per $", "yieldsim-dollar",
                                    right_unit="%", right_include_zero=False), lines)

    def holdings(self) -> str:
        lines = []
        for i, key in enumerate(self.history.sovereigns):
            column = f"holdings_{key}"
            label = (f"{self.model.sovereigns[key].label} "
                     f"{self.history.last[column]:,.0f}bn")
            lines.append(sc.Line(label, self.x,
                                 self.history.column(column) - self.history.first[column],
                                 palette.sovereign_color(i)))
        return sc.render(self.frame("Sovereign holdings vs start, $bn", "yieldsim-holdings",
                                    include_zero=True), lines)

    def absorbed(self) -> str:
        lines = [sc.Line(ABSORBER_LABELS[str(t)], self.x, self.history.column(f"absorbed_{t}"),
                         palette.ABSORBERS[str(t)]) for t in ABSORBERS]
        lines.append(sc.Line("sovereign net sales", self.x,
                             self.history.column("sovereign_net_sales"),
                             palette.SOVEREIGN_NET_SALES, dash="2 3"))
        return sc.render(self.frame("Who absorbed: net buying beyond normal, $bn",
                                    "yieldsim-absorbed", include_zero=True), lines)

    def dealers(self) -> str:
        p = self.model.params
        levels = [sc.Level(100.0, "capacity", palette.DEALER_CAPACITY)]
        if p.fed_backstop:
            levels.append(sc.Level(100.0 * p.fed_backstop_threshold, "Fed backstop trigger",
                                   palette.FED_TRIGGER))
        line = sc.Line("utilisation (peak per point)", self.x,
                       100.0 * self.history.column("dealer_utilization"),
                       palette.DEALER_UTILISATION)
        return sc.render(self.frame("Dealer utilisation, %", "yieldsim-dealers",
                                    include_zero=True), [line], levels)

    def leveraged(self) -> str:
        total = self.history.forced_sales_total
        lines = [sc.Line(f"forced sales, $bn/day (total {total:,.0f})", self.x,
                         self.history.column("lf_forced_sales"), palette.LF_FORCED_SALES,
                         style="bars",
                         axis="right"),
                 sc.Line("leverage, x", self.x, self.history.column("lf_leverage"),
                         palette.LF_LEVERAGE)]
        return sc.render(self.frame("Leveraged funds", "yieldsim-leveraged",
                                    right_unit="bn"), lines)


def event_numbers(log: list[tuple[int, str, str]]) -> dict[int, int]:
    """The number of each step with events after the start (1, 2, ... in time order).

    The yields chart's badges and the event log's `#` column share these numbers.
    """
    numbers: dict[int, int] = {}
    for step, _date, _label in log:
        if step > 0 and step not in numbers:
            numbers[step] = len(numbers) + 1
    return numbers


def event_log_html(log: list[tuple[int, str, str]], pending: list[str],
                   limit: int = LOG_ROWS) -> str:
    """The fired events, newest first, with queued injections on top.

    Args:
        log: The model's (step, date, label) entries.
        pending: Labels of injected events waiting for the next step.
        limit: Most rows shown.

    """
    numbers = event_numbers(log)
    rows = [f'<tr class="pending"><td></td><td>next step</td><td>{escape(label)} (queued)'
            f'</td></tr>' for label in pending]
    rows += [f'<tr><td class="num">{numbers.get(step, "")}</td><td>{escape(date)}</td>'
             f'<td>{escape(label)}</td></tr>' for step, date, label in reversed(log[-limit:])]
    hidden = max(0, len(log) - limit)
    more = f'<p class="more">{hidden} older events not shown</p>' if hidden else ""
    return (f'<table class="yieldsim-log"><thead><tr><th>#</th><th>date</th><th>event</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>{more}')


def stance_table(session: LiveSession) -> str:
    """Each partner's tariff now, its standing in the talks and its bond stance.

    Under the endogenous policy a column shows the administration's open offer to each
    partner (a dash when there is none: no talks yet, or a deal); under the scripted policy
    there are no talks, so no offers and no such column.
    """
    model = session.model
    tariffs = model.tariffs
    admin = model.administration
    game = admin.active
    rows = []
    for key, partner in model.partners.items():
        offer = tariffs.offers.get(key)
        sovereign = model.sovereigns.get(key)
        offer_cell = (f"<td>{'—' if offer is None else f'{100 * offer:.0f}%'}</td>"
                      if game else "")
        rows.append(f"<tr><td>{escape(partner.label)}</td>"
                    f"<td>{100 * tariffs.rate_on(key):.0f}%</td>"
                    f"<td>{100 * tariffs.announced(key):.0f}%</td>"
                    f"<td>{partner.talks(tariffs)}</td>{offer_cell}"
                    f"<td>{'' if sovereign is None else sovereign.stance}</td></tr>")
    mode = "endogenous" if game else "scripted"
    offer_head = "<th>US offer</th>" if game else ""
    return (f'<div class="yieldsim-negotiation-status">policy: {mode} · '
            f'pain {admin.pain.total:.0f} · tolerance {admin.tolerance:.1f}</div>'
            '<table class="yieldsim-stances"><thead><tr><th>partner</th>'
            f'<th>in force</th><th>announced</th><th>talks</th>{offer_head}'
            f'<th>Treasuries</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def detail_line(session: LiveSession) -> str:
    """Step, scenario and seed, and the strain gauges, in one line."""
    model, history = session.model, session.history
    past = (f" (past the scenario's end, step {model.timeline.steps})"
            if model.steps > model.timeline.steps else "")
    return (f"step {model.steps}{past} · {model.timeline.name} · seed {session.config.seed} · "
            f"dealer utilisation {100 * history.last['dealer_utilization']:.0f}% · "
            f"LF leverage {history.last['lf_leverage']:.1f}x")


def draw(session: LiveSession) -> View:
    """The page's content for the session's current state."""
    with session.lock:
        drawer = _Drawer(session)
        charts = {"yields": drawer.yields(), "curve": drawer.curve(),
                  "components": drawer.components(), "dollar": drawer.dollar(),
                  "holdings": drawer.holdings(),
                  "absorbed": drawer.absorbed(), "dealers": drawer.dealers(),
                  "leveraged": drawer.leveraged(),
                  "negotiation_tariffs": drawer.negotiation_tariffs(),
                  "negotiation_pain": drawer.negotiation_pain()}
        model = session.model
        return View(status=status_line(session.history.dates[-1], model.yields),
                    detail=detail_line(session), charts=charts,
                    log_html=event_log_html(model.event_log, session.pending),
                    step=model.steps, stances_html=stance_table(session))


def head_html(view: View) -> str:
    """Status line, detail line and the yields chart, as one HTML fragment."""
    return (f'<div class="yieldsim-status">{escape(view.status)}</div>'
            f'<div class="yieldsim-detail">{escape(view.detail)}</div>{view.charts["yields"]}')


def grid_html(view: View) -> str:
    """The charts below the yields, as cells of one grid."""
    return "".join(f'<div class="yieldsim-cell">{view.charts[name]}</div>'
                   for name in GRID_CHARTS)


def log_html(view: View) -> str:
    """The event log under its title."""
    return (f'<div class="yieldsim-logtitle">Event log</div>'
            f'<div class="yieldsim-logbox">{view.log_html}</div>')


def negotiation_html(view: View) -> str:
    """The negotiation panel: tariffs by partner, pain against tolerance, who stands where."""
    return ('<div class="yieldsim-negotiation"><div class="yieldsim-logtitle">Negotiation'
            '</div><div class="yieldsim-live-grid">'
            f'<div class="yieldsim-cell">{view.charts["negotiation_tariffs"]}</div>'
            f'<div class="yieldsim-cell">{view.charts["negotiation_pain"]}</div></div>'
            f'{view.stances_html}</div>')
