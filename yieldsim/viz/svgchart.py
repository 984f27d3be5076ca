"""Small SVG charts built in Python: cheap to redraw after every step, and no browser assets.

The live view redraws its panels after every trading day. Matplotlib needs about 120 ms to
rasterise one panel on the 2-core reference machine, and Altair needs the vega bundles and
a row-limit workaround; an SVG string of a few hundred points takes about a millisecond to
build, travels as text over the page's websocket and is drawn natively by the browser, with
nothing fetched from anywhere. The cost grows only with the number of points drawn, which
the caller bounds (`yieldsim.viz.history` decimates long runs).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

import numpy as np

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
TITLE_HEIGHT = 20
LEGEND_ROW = 15
CHAR_WIDTH = 6.0  # rough width of a 10px character, for laying out the legend
BADGE_RADIUS = 6.5  # event-number badge; badges closer than one diameter stack downwards
BADGE_CHAR_WIDTH = 5.0  # an 8px digit or dash, for sizing a group badge
BADGE_GAP = 2.0  # between two stacked badges: their outlines must not touch
BADGE_OUTLINE = 0.5  # half a badge's 1-unit stroke, outside its radius


@dataclass(frozen=True)
class Line:
    """One plotted series.

    Attributes:
        label: Legend text (empty: not in the legend).
        x: X values (steps, or positions for categorical charts).
        y: Y values; NaN leaves a gap.
        color: CSS colour.
        dash: SVG dash pattern, e.g. "4 3".
        width: Stroke width in pixels.
        style: "line", "bars" (from zero) or "dots".
        axis: "left" or "right" y axis.

    """

    label: str
    x: np.ndarray
    y: np.ndarray
    color: str
    dash: str | None = None
    width: float = 1.6
    style: Literal["line", "bars", "dots"] = "line"
    axis: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class Level:
    """A horizontal reference line such as the 4.5% mark."""

    y: float
    label: str
    color: str = "#333333"


@dataclass(frozen=True)
class Marker:
    """A vertical event marker: a numbered badge on top, `label` as its hover text.

    The number matches the event log's `#` column, so clustered events (April 2025) stay
    readable: badges never carry text, and the log lists what each number means.
    """

    x: float
    label: str
    number: int = 0


@dataclass(frozen=True)
class Frame:
    """Axes, size and titles of one chart.

    Attributes:
        title: Shown top left.
        x_domain: X range drawn.
        x_ticks: (x, text) pairs for the x axis.
        y_unit: Appended to the left axis' top tick label ("%", "$bn").
        right_unit: The same for the right axis.
        width: Width in SVG units (the SVG scales to its container).
        height: Height in SVG units.
        include_zero: Keep 0 inside the left y range (for flows and utilisation).
        right_include_zero: The same for the right y range (off for a level such as a yield).
        css_class: Class on the <svg> element, so tests and styles can find it.
        margins: Left, right and bottom margins in SVG units (room for tick labels).

    """

    title: str
    x_domain: tuple[float, float]
    x_ticks: Sequence[tuple[float, str]] = ()
    y_unit: str = ""
    right_unit: str = ""
    width: int = 640
    height: int = 250
    include_zero: bool = False
    right_include_zero: bool = True
    css_class: str = ""
    margins: tuple[int, int, int] = (48, 14, 22)


def nice_step(span: float, count: int = 5) -> float:
    """A round tick spacing (1, 2, 2.5 or 5 times a power of ten) for about `count` ticks."""
    if not math.isfinite(span) or span <= 0:
        return 1.0
    raw = span / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * power:
            return factor * power
    return 10.0 * power


def y_range(values: Sequence[np.ndarray], extra: Sequence[float] = (),
            include_zero: bool = False) -> tuple[float, float, float]:
    """Round y limits and tick step covering every finite value.

    Returns:
        (low, high, step) with low and high on multiples of step.

    """
    finite = [v[np.isfinite(v)] for v in values if len(v)]
    parts = [f for f in finite if f.size]
    points = [*([float(p.min()) for p in parts]), *([float(p.max()) for p in parts]), *extra]
    if include_zero:
        points.append(0.0)
    if not points:
        return 0.0, 1.0, 0.25
    lo, hi = min(points), max(points)
    if hi - lo < 1e-9 and include_zero and abs(hi) < 1e-9:
        return 0.0, 1.0, 0.25  # nothing yet (no forced sales): a plain 0-1 axis
    if hi - lo < 1e-9:
        pad = max(abs(hi) * 0.01, 0.05)
        lo, hi = lo - pad, hi + pad
    step = nice_step(hi - lo)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def tick_text(value: float, step: float) -> str:
    """A tick label with just enough decimals for the step."""
    decimals = 0
    while decimals < 6 and abs(step * 10 ** decimals - round(step * 10 ** decimals)) > 1e-6:
        decimals += 1
    text = f"{value:,.{decimals}f}"
    return "0" if text in ("-0", "-0.0", "-0.00") else text


class _Scale:
    """Linear map from data to pixels."""

    def __init__(self, lo: float, hi: float, a: float, b: float) -> None:
        self.lo, self.hi, self.a, self.b = lo, hi, a, b
        self.k = (b - a) / (hi - lo) if hi != lo else 0.0

    def __call__(self, v: np.ndarray | float) -> np.ndarray | float:
        return self.a + (np.asarray(v, dtype=float) - self.lo) * self.k


def _path(px: np.ndarray, py: np.ndarray) -> str:
    """An SVG path through the points, broken at NaN.

    Coordinates are whole SVG units: at most ~0.6 screen pixels off at the usual display
    size, and formatting integers costs half as much as formatting decimals, which matters
    when every chart is redrawn after every step.
    """
    ok = np.isfinite(px) & np.isfinite(py)
    xi = np.rint(np.where(ok, px, 0.0)).astype(np.int64)
    yi = np.rint(np.where(ok, py, 0.0)).astype(np.int64)
    if ok.all():
        runs = [np.arange(len(px))]
    else:
        kept = np.flatnonzero(ok)
        runs = np.split(kept, np.flatnonzero(np.diff(kept) > 1) + 1) if kept.size else []
    return "".join("M" + "L".join(map("{} {}".format, xi[run].tolist(), yi[run].tolist()))
                   for run in runs if len(run))


def _legend(lines: Sequence[Line], levels: Sequence[Level], width: int,
            left: int) -> tuple[list[str], int]:
    """Legend entries laid out in rows; returns SVG parts and the number of rows."""
    entries = [(line.label, line.color, line.dash, line.style) for line in lines if line.label]
    parts: list[str] = []
    x, row = float(left), 0
    for label, color, dash, style in entries:
        size = 22 + CHAR_WIDTH * len(label) + 12
        if x + size > width and x > left:
            x, row = float(left), row + 1
        y = TITLE_HEIGHT + row * LEGEND_ROW + 8
        if style == "bars":
            parts.append(f'<rect x="{x:.0f}" y="{y - 4:.0f}" width="16" height="8" '
                         f'fill="{color}" fill-opacity="0.55"/>')
        elif style == "dots":
            parts.append(f'<circle cx="{x + 8:.0f}" cy="{y:.0f}" r="2.6" fill="{color}"/>')
        else:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<line x1="{x:.0f}" y1="{y:.0f}" x2="{x + 16:.0f}" y2="{y:.0f}" '
                         f'stroke="{color}" stroke-width="2"{dash_attr}/>')
        parts.append(f'<text x="{x + 20:.0f}" y="{y + 3.5:.0f}" font-size="10" '
                     f'fill="#333">{escape(label)}</text>')
        x += size
    return parts, (row + 1 if entries else 0)


def _series(line: Line, xs: _Scale, ys: _Scale, baseline: float) -> str:
    """SVG for one series."""
    inside = (line.x >= xs.lo) & (line.x <= xs.hi)
    x, y = line.x[inside], line.y[inside]
    if not x.size:
        return ""
    px, py = xs(x), ys(y)
    assert isinstance(px, np.ndarray) and isinstance(py, np.ndarray)
    if line.style == "bars":
        gaps = np.diff(px)
        bar = max(1.0, 0.8 * float(np.median(gaps))) if gaps.size else 3.0
        base = float(ys(baseline))
        rects = "".join(
            f'<rect x="{cx - bar / 2:.1f}" y="{min(cy, base):.1f}" width="{bar:.1f}" '
            f'height="{abs(base - cy):.1f}"/>'
            for cx, cy in zip(px.tolist(), py.tolist(), strict=True)
            if not math.isnan(cy) and abs(base - cy) >= 0.1)
        return f'<g fill="{line.color}" fill-opacity="0.55">{rects}</g>'
    if line.style == "dots":
        dots = "".join(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.4"/>'
                       for cx, cy in zip(px.tolist(), py.tolist(), strict=True)
                       if not math.isnan(cy))
        return f'<g fill="{line.color}" fill-opacity="0.85">{dots}</g>'
    dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
    return (f'<path d="{_path(px, py)}" fill="none" stroke="{line.color}" '
            f'stroke-width="{line.width}" stroke-linejoin="round"{dash}/>')


class _BadgeGroup:
    """Markers whose badges would touch, drawn as one or two badges or one numbered group."""

    def __init__(self, marker: Marker, px: float) -> None:
        self.members: list[tuple[Marker, float]] = [(marker, px)]

    @property
    def first(self) -> float:
        return self.members[0][1]

    @property
    def last(self) -> float:
        return self.members[-1][1]

    def text(self) -> str:
        """The badge's text: the number, or the first and last numbers of a group."""
        numbers = [m.number for m, _ in self.members]
        return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"

    def half_width(self) -> float:
        """Half the group badge's width: its text, or its markers' spread, whichever is wider."""
        text = BADGE_CHAR_WIDTH * len(self.text()) / 2 + 4
        return max(BADGE_RADIUS, text, (self.last - self.first) / 2 + BADGE_RADIUS)

    def right(self) -> float:
        """The right edge of what this group draws (a later badge must start beyond it)."""
        if len(self.members) <= 2:
            return self.last + BADGE_RADIUS + BADGE_OUTLINE
        return (self.first + self.last) / 2 + self.half_width() + BADGE_OUTLINE

    def left(self) -> float:
        """The left edge of what this group draws (a group badge can reach past its first)."""
        if len(self.members) <= 2:
            return self.first - BADGE_RADIUS - BADGE_OUTLINE
        return (self.first + self.last) / 2 - self.half_width() - BADGE_OUTLINE


def _badge_groups(markers: Sequence[Marker], xs: _Scale) -> list[_BadgeGroup]:
    """Numbered markers in x order, grouped while a badge would touch the group before it."""
    groups: list[_BadgeGroup] = []
    for marker in sorted(markers, key=lambda m: m.x):
        if not marker.number or not xs.lo <= marker.x <= xs.hi:
            continue
        px = float(xs(marker.x))
        if groups and px - BADGE_RADIUS - BADGE_OUTLINE < groups[-1].right():
            groups[-1].members.append((marker, px))
        else:
            groups.append(_BadgeGroup(marker, px))
        # a group grown into a wider badge may now reach back over the one before it
        while len(groups) > 1 and groups[-1].left() < groups[-2].right():
            groups[-2].members += groups.pop().members
    return groups


def _markers(markers: Sequence[Marker], xs: _Scale, top: float, bottom: float) -> list[str]:
    """Vertical event lines with numbered badges, never stacked more than two deep.

    Badges that would touch form a group: one or two badges (the second under the first),
    or, from three on, one badge "3–7" whose hover text lists every event in it.
    """
    parts: list[str] = []
    for marker in sorted(markers, key=lambda m: m.x):
        if not xs.lo <= marker.x <= xs.hi:
            continue
        px = float(xs(marker.x))
        title = "" if marker.number else f"<title>{escape(marker.label)}</title>"
        parts.append(f'<line x1="{px:.1f}" y1="{top:.1f}" x2="{px:.1f}" y2="{bottom:.1f}" '
                     f'stroke="#888" stroke-opacity="0.55" stroke-width="1">{title}</line>')
    cy = top + BADGE_RADIUS + 1
    for group in _badge_groups(markers, xs):
        if len(group.members) <= 2:
            for row, (marker, px) in enumerate(group.members):
                y = cy + (2 * BADGE_RADIUS + BADGE_GAP) * row
                parts.append(f'<g class="yieldsim-event-badge"><title>{escape(marker.label)}'
                             f'</title><circle cx="{px:.1f}" cy="{y:.1f}" r="{BADGE_RADIUS}" '
                             f'fill="#fff" stroke="#666"/><text x="{px:.1f}" y="{y + 3:.1f}" '
                             f'font-size="8" text-anchor="middle" fill="#333">{marker.number}'
                             '</text></g>')
            continue
        center, half = (group.first + group.last) / 2, group.half_width()
        listing = "\n".join(f"{m.number}: {m.label}" for m, _ in group.members)
        parts.append(f'<g class="yieldsim-event-badge yieldsim-event-group"><title>'
                     f'{escape(listing)}</title><rect x="{center - half:.1f}" '
                     f'y="{cy - BADGE_RADIUS:.1f}" width="{2 * half:.1f}" '
                     f'height="{2 * BADGE_RADIUS}" rx="{BADGE_RADIUS}" fill="#fff" '
                     f'stroke="#666"/><text x="{center:.1f}" y="{cy + 3:.1f}" font-size="8" '
                     f'text-anchor="middle" fill="#333">{group.text()}</text></g>')
    return parts


def render(frame: Frame, lines: Sequence[Line], levels: Sequence[Level] = (),
           markers: Sequence[Marker] = ()) -> str:
    """Draw one chart as a standalone <svg> element.

    Args:
        frame: Axes and size.
        lines: Series to draw, in drawing order.
        levels: Horizontal reference lines on the left axis.
        markers: Vertical event markers.

    Returns:
        SVG markup that scales to the width of its container.

    """
    left_lines = [line for line in lines if line.axis == "left"]
    right_lines = [line for line in lines if line.axis == "right"]
    margin_left, margin_right, margin_bottom = frame.margins
    if right_lines:
        margin_right = max(margin_right, 44)
    legend, rows = _legend(lines, levels, frame.width - margin_right, margin_left)
    top = TITLE_HEIGHT + rows * LEGEND_ROW + 6
    bottom = frame.height - margin_bottom
    right = frame.width - margin_right
    x_lo, x_hi = frame.x_domain
    xs = _Scale(x_lo, x_hi if x_hi > x_lo else x_lo + 1, margin_left, right)

    def visible(line: Line) -> np.ndarray:
        return line.y[(line.x >= x_lo) & (line.x <= x_hi)]

    lo, hi, step = y_range([visible(line) for line in left_lines],
                           [level.y for level in levels], frame.include_zero)
    ys = _Scale(lo, hi, bottom, top)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width} '
           f'{frame.height}" class="{escape(frame.css_class)}" role="img" '
           f'aria-label="{escape(frame.title)}" style="width:100%;height:auto;'
           f'font-family:{FONT}">',
           f'<text x="{margin_left}" y="14" font-size="13" font-weight="600" '
           f'fill="#222">{escape(frame.title)}</text>', *legend]
    grid: list[str] = []
    count = round((hi - lo) / step)
    for i in range(count + 1):
        value = lo + i * step
        py = float(ys(value))
        grid.append(f'<line x1="{margin_left}" y1="{py:.1f}" x2="{right}" y2="{py:.1f}" '
                    f'stroke="#e6e6e6"/>')
        unit = frame.y_unit if i == count else ""
        grid.append(f'<text x="{margin_left - 4}" y="{py + 3.5:.1f}" font-size="10" '
                    f'text-anchor="end" fill="#555">{tick_text(value, step)}{unit}</text>')
    for x, text in frame.x_ticks:
        if x_lo <= x <= x_hi:
            px = float(xs(x))
            anchor = "end" if px > right - 30 else "middle"  # keep the last label inside
            grid.append(f'<line x1="{px:.1f}" y1="{bottom}" x2="{px:.1f}" y2="{bottom + 4}" '
                        f'stroke="#888"/><text x="{px:.1f}" y="{bottom + 15}" font-size="10" '
                        f'text-anchor="{anchor}" fill="#555">{escape(text)}</text>')
    out += grid
    out.append(f'<rect x="{margin_left}" y="{top}" width="{right - margin_left}" '
               f'height="{bottom - top}" fill="none" stroke="#bbb"/>')
    out += _markers(markers, xs, top, bottom)
    for level in levels:
        # The label sits inside the plot, right-aligned above its line: at the left it would
        # fall on the axis' own tick label for the same value (4.5% on the yields chart).
        py = float(ys(level.y))
        out.append(f'<line x1="{margin_left}" y1="{py:.1f}" x2="{right}" y2="{py:.1f}" '
                   f'stroke="{level.color}" stroke-dasharray="5 3" stroke-width="1.2"/>')
        if level.label:
            out.append(f'<text class="yieldsim-level-label" x="{right - 4}" y="{py - 3:.1f}" '
                       f'font-size="10" text-anchor="end" fill="{level.color}">'
                       f'{escape(level.label)}</text>')
    if right_lines:
        r_lo, r_hi, r_step = y_range([visible(line) for line in right_lines],
                                     include_zero=frame.right_include_zero)
        rs = _Scale(r_lo, r_hi, bottom, top)
        r_count = round((r_hi - r_lo) / r_step)
        for i in range(r_count + 1):
            value = r_lo + i * r_step
            unit = frame.right_unit if i == r_count else ""
            out.append(f'<text x="{right + 4}" y="{float(rs(value)) + 3.5:.1f}" font-size="10" '
                       f'fill="#555">{tick_text(value, r_step)}{unit}</text>')
        out += [_series(line, xs, rs, 0.0) for line in right_lines]
    out += [_series(line, xs, ys, max(lo, 0.0)) for line in left_lines]
    out.append("</svg>")
    return "".join(out)
