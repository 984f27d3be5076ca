"""The run picture: measured in the rendered figure, event labels never overprint or leave
their panel, legends sit outside the data, the twin-axis panels are labelled on both sides and
in one legend, the dollar row carries USD/JPY, the 10y and each seller's result at home beside
its dollar result, the Negotiation row only when the game is on, and users' text is drawn as
typed."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from model.scenario import builtin_names
from model.summary import summarize
from model.yieldmodel import YieldModel
from yieldsim import palette
from yieldsim.dollar import OwnCurrency, from_model
from yieldsim.plot import DPI, plot_run, run_figure, shorten
from yieldsim.runner import RunRequest, save, simulate

BUSIEST = ("liberation-day-2025", "liberation-day-endogenous")


def table(scenario: str, steps: int | None = None, seed: int = 7, **settings: object
          ) -> tuple[pd.DataFrame, bool, list[OwnCurrency]]:
    """A run's table, whether the tariff game was on, and the books its picture shows."""
    model = YieldModel(scenario=scenario, rng=seed, n_funds=60, **settings)
    model.run(steps)
    frame = model.timeseries()
    return (frame, model.params.policy == "endogenous",
            from_model(model, summarize(model, frame)))


def twin_of(figure: Figure, ax):
    """The twin axes drawn over `ax` (same place, its own right-hand scale)."""
    return next(other for other in figure.axes if other is not ax
                and other.get_position().bounds == ax.get_position().bounds)


def drawn(figure: Figure) -> FigureCanvasAgg:
    canvas = FigureCanvasAgg(figure)
    figure.set_dpi(DPI)
    canvas.draw()
    return canvas


def extent(artist: Text | Legend, canvas: FigureCanvasAgg) -> Bbox:
    return artist.get_window_extent(canvas.get_renderer())


def overlap(a: Bbox, b: Bbox) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.fixture(scope="module", params=BUSIEST)
def busiest(request: pytest.FixtureRequest
            ) -> tuple[str, pd.DataFrame, bool, list[OwnCurrency]]:
    return request.param, *table(request.param)


def test_event_labels_never_overprint_and_stay_inside_their_panel(busiest) -> None:
    name, frame, negotiation, books = busiest
    figure = run_figure(frame, name, negotiation, books=books)
    canvas = drawn(figure)
    yields = figure.axes[0]
    labels = [text for text in yields.texts]
    event_days = int((frame["events"].str.len() > 0).sum())
    assert 8 <= len(labels) < event_days, "clustered news must leave some lines unlabelled"
    boxes = [extent(label, canvas) for label in labels]
    for a, b in itertools.pairwise(sorted(boxes, key=lambda box: box.x0)):
        assert a.x1 <= b.x0, f"event labels overprint in {name}"
    panel = yields.get_window_extent(canvas.get_renderer())
    for label, box in zip(labels, boxes, strict=True):
        assert panel.x0 <= box.x0 and box.x1 <= panel.x1 and panel.y0 <= box.y0 \
            and box.y1 <= panel.y1, f"{label.get_text()!r} leaves the yields panel"
    # Every event keeps its line; the first label of the run's busiest day names it.
    lines, = yields.collections
    assert len(lines.get_segments()) == event_days
    assert any(label.get_text().startswith("Liberation Day") for label in labels)


def test_legends_sit_outside_every_panel_and_overlap_no_text(busiest) -> None:
    name, frame, negotiation, books = busiest
    figure = run_figure(frame, name, negotiation, books=books)
    canvas = drawn(figure)
    renderer = canvas.get_renderer()
    legends = [ax.get_legend() for ax in figure.axes if ax.get_legend() is not None]
    assert len(legends) == (8 if negotiation else 6)
    panels = [ax.get_window_extent(renderer) for ax in figure.axes]
    texts = [t for ax in figure.axes for t in (*ax.texts, ax.yaxis.label, ax.title,
                                               *ax.get_yticklabels(), *ax.get_xticklabels())
             if t.get_visible() and t.get_text()]
    for legend in legends:
        box = extent(legend, canvas)
        assert box.x0 >= 0 and box.x1 <= figure.bbox.x1, "a legend is cut off at the edge"
        assert not any(overlap(box, panel) for panel in panels), "a legend covers data"
        assert not any(overlap(box, extent(t, canvas)) for t in texts), "a legend covers text"
    for a, b in itertools.combinations(legends, 2):
        assert not overlap(extent(a, canvas), extent(b, canvas))


@pytest.mark.parametrize("scenario", builtin_names())
def test_every_built_in_scenario_s_picture_keeps_its_labels_and_legends_apart(
        scenario: str) -> None:
    frame, negotiation, books = table(scenario)
    figure = run_figure(frame, scenario, negotiation, books=books)
    canvas = drawn(figure)
    renderer = canvas.get_renderer()
    yields = figure.axes[0]
    panel = yields.get_window_extent(renderer)
    boxes = sorted((extent(label, canvas) for label in yields.texts), key=lambda b: b.x0)
    for a, b in itertools.pairwise(boxes):
        assert a.x1 <= b.x0
    assert all(panel.x0 <= b.x0 and b.x1 <= panel.x1 and panel.y0 <= b.y0 <= b.y1 <= panel.y1
               for b in boxes)
    panels = [ax.get_window_extent(renderer) for ax in figure.axes]
    for legend in (ax.get_legend() for ax in figure.axes if ax.get_legend() is not None):
        box = extent(legend, canvas)
        assert box.x1 <= figure.bbox.x1 and not any(overlap(box, p) for p in panels)


def test_the_twin_axis_panel_is_labelled_on_both_sides_and_in_one_legend() -> None:
    frame, _, books = table("liberation-day-2025", steps=40)
    figure = run_figure(frame, "t", books=books)
    dealer = figure.axes[3]
    twin = twin_of(figure, dealer)
    assert dealer.get_shared_x_axes().joined(dealer, twin)
    assert "% of capacity" in dealer.get_ylabel() and "$bn/day" in twin.get_ylabel()
    entries = [t.get_text() for t in dealer.get_legend().get_texts()]
    assert entries == ["dealer use (left)", "LF forced sales (right)"]
    assert twin.get_legend() is None
    assert dealer.lines[0].get_ydata().max() == pytest.approx(
        100 * frame["dealer_utilization"].max())


@pytest.fixture(scope="module")
def japan_sells() -> tuple[pd.DataFrame, dict, list[OwnCurrency]]:
    """A Japan sale run's table, summary and books (60 days: the sale and after)."""
    model = YieldModel(scenario="japan-sells", rng=3, n_funds=60)
    model.run(60)
    frame = model.timeseries()
    summary = summarize(model, frame)
    return frame, summary, from_model(model, summary)


def test_the_dollar_panel_draws_usdjpy_with_the_10y_on_its_own_scale(japan_sells) -> None:
    frame, _, books = japan_sells
    figure = run_figure(frame, "t", books=books)
    dollar = figure.axes[4]
    assert dollar.get_title() == "The dollar: USD/JPY and the 10y"
    assert "yen per dollar" in dollar.get_ylabel()
    usdjpy, = dollar.lines
    assert usdjpy.get_ydata() == pytest.approx(frame["usdjpy"].to_numpy())
    assert frame["usdjpy"].nunique() > 10, "USD/JPY moves over the run"
    twin = twin_of(figure, dollar)
    ten, = twin.lines
    assert ten.get_ydata() == pytest.approx(frame["y_10y"].to_numpy())
    assert twin.get_ylabel() == "10y yield, %"
    assert [t.get_text() for t in dollar.get_legend().get_texts()] == [
        "USD/JPY (left)", "10y yield (right)"]
    assert twin.get_legend() is None


def test_the_home_panel_sets_japan_s_yen_result_beside_its_dollar_result(japan_sells) -> None:
    frame, summary, books = japan_sells
    assert [book.key for book in books] == ["japan"], "China only sold its priced-in trend"
    book, = books
    figure = run_figure(frame, "t", books=books)
    home = figure.axes[5]
    path, = (line for line in home.lines if line.get_label().startswith("Japan in yen"))
    end, = (line for line in home.lines if line.get_label().startswith("Japan in dollars"))
    # The yen path, at the start rate: it ends on the summary's figure.
    yen = frame["gain_local_japan"].to_numpy() / book.start_rate
    assert path.get_ydata() == pytest.approx(yen)
    assert yen[-1] == pytest.approx(summary["gain_local_in_start_usd_bn"]["japan"], abs=1e-5)
    assert book.start_rate == pytest.approx(frame["usdjpy"].iloc[0])
    # The dollar result: bonds' mark-to-market on the last day.
    assert list(end.get_xdata()) == [pd.Timestamp(frame["date"].iloc[-1])]
    assert list(end.get_ydata()) == [pytest.approx(summary["mtm_gain_bn"]["japan"])]
    texts = [t.get_text() for t in home.get_legend().get_texts()]
    local = summary["gain_local_bn"]["japan"]
    assert texts[0].startswith(f"Japan in yen: {'-' if local < 0 else '+'}¥{abs(local):,.0f}bn")
    assert f"${abs(summary['mtm_gain_bn']['japan']):,.1f}bn" in texts[1]
    assert "bonds' mark-to-market" in texts[1]


def test_the_home_panel_adds_china_when_it_sells_and_says_when_no_book_is_shown() -> None:
    frame, _, books = table("china-retaliates", steps=90)
    assert [book.key for book in books] == ["japan", "china"]
    figure = run_figure(frame, "t", books=books)
    home = figure.axes[5]
    china = next(line for line in home.lines if line.get_label().startswith("China in renminbi"))
    china_book = books[1]
    assert china.get_ydata() == pytest.approx(frame["gain_local_china"].to_numpy()
                                              / china_book.start_rate)
    assert china.get_color() != next(line for line in home.lines
                                     if line.get_label().startswith("Japan in yen")).get_color()
    empty = run_figure(frame, "t", books=[]).axes[5]
    assert [t.get_text() for t in empty.texts] == [
        "no sovereign with a book in its own currency"]
    assert empty.get_legend() is None


def test_the_negotiation_row_only_when_the_game_is_on(tmp_path: Path) -> None:
    frame, _, books = table("liberation-day-2025", steps=30)
    # six panels and two twins (the dealer panel's and the dollar panel's)
    assert len(run_figure(frame, "t", books=books).axes) == 8
    assert len(run_figure(frame, "t", negotiation=True, books=books).axes) == 10
    for scenario, height in (("liberation-day-2025", 12), ("liberation-day-endogenous", 15)):
        request = RunRequest(scenario=scenario, seed=3, steps=12, settings={"n_funds": 30})
        folder = save(simulate(request), request, tmp_path / scenario)
        with Image.open(folder / "yields.png") as image:
            assert image.size[1] == height * DPI


def test_tariffs_are_drawn_in_percent_in_the_palette_s_colours() -> None:
    frame, negotiation, books = table("liberation-day-endogenous", steps=40)
    figure = run_figure(frame, "t", negotiation, books=books)
    tariffs = figure.axes[6]
    china = next(line for line in tariffs.lines if line.get_label() == "china")
    assert china.get_ydata().max() == pytest.approx(100 * frame["tariff_china"].max())
    assert tariffs.get_ylabel() == "US tariff, %"
    yields = figure.axes[0]
    assert [line.get_color() for line in yields.lines[:4]] == list(palette.BUCKETS.values())


HOSTILE_LABELS = ("Fed buys $300bn, 50% by $5bn", "Japan sells $50bn & China $20bn",
                  "x_1^2 {y} \\alpha $")


def test_users_text_is_drawn_as_typed_never_as_mathtext(tmp_path: Path) -> None:
    frame, _, books = table("baseline", steps=40)
    frame["events"] = ""
    for n, label in enumerate(HOSTILE_LABELS):
        frame.loc[10 + 12 * n, "events"] = label
    title = "yieldsim · my $cenario_a^b · seed 1"
    path = tmp_path / "literal.png"
    plot_run(frame, path, title, books=books)  # mathtext would raise on the first label
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    figure = run_figure(frame, title, books=books)
    drawn(figure)
    texts = [t for t in figure.findobj(Text) if t.get_text()]
    assert all(not t.get_parse_math() for t in texts)
    shown = {t.get_text() for t in figure.axes[0].texts}
    assert set(HOSTILE_LABELS) <= shown
    assert figure.texts[0].get_text() == title


def test_a_run_with_dollar_signs_in_its_labels_writes_its_picture(tmp_path: Path) -> None:
    scenario = tmp_path / "dollars.toml"
    scenario.write_text('name = "dollars"\nstart = 2025-03-03\nsteps = 20\n[[events]]\n'
                        'step = 5\nkind = "sale"\nholder = "japan"\namount_bn = 50.0\n'
                        f'days = 5\nlabel = "{HOSTILE_LABELS[0]}"\n')
    request = RunRequest(scenario=str(scenario), seed=1, settings={"n_funds": 30})
    folder = save(simulate(request), request, tmp_path / "out")
    assert (folder / "yields.png").stat().st_size > 10_000


@pytest.mark.parametrize("events, chars, expected", [
    ("Deal with Japan at 15%", 40, "Deal with Japan at 15%"),
    ("Liberation Day: 10% on all; Liberation Day: Japan 24%; x", 40,
     "Liberation Day: 10% on all (+2)"),
    ("A very long label that will not fit", 12, "A very long…"),
])
def test_a_day_s_label_names_its_first_event_within_the_room(events, chars, expected) -> None:
    assert shorten(events, chars) == expected
    assert len(shorten(events, chars)) <= chars


@pytest.fixture(scope="module")
def frames() -> dict[bool, tuple[pd.DataFrame, list[OwnCurrency]]]:
    """Tables of 81 rows without (False) and with (True) the tariff game's columns."""
    return {negotiation: (frame, books) for negotiation, (frame, _, books) in (
        (False, table("baseline", steps=80)), (True, table("liberation-day-endogenous", steps=80)))}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(events=st.dictionaries(st.integers(1, 80), st.text(
    st.characters(codec="ascii", exclude_categories=("Cc",)), min_size=1, max_size=90),
    min_size=1, max_size=40), negotiation=st.booleans())
def test_event_labels_never_overprint_wherever_events_fall(frames, events: dict[int, str],
                                                           negotiation: bool) -> None:
    frame, books = frames[negotiation]
    frame = frame.copy()
    frame["events"] = ""
    for step, label in events.items():
        frame.loc[step, "events"] = label
    figure = run_figure(frame, "t", negotiation, books=books)
    canvas = drawn(figure)
    yields = figure.axes[0]
    panel = yields.get_window_extent(canvas.get_renderer())
    boxes = sorted((extent(label, canvas) for label in yields.texts), key=lambda b: b.x0)
    assert boxes, "the first event always has room for its label"
    for a, b in itertools.pairwise(boxes):
        assert a.x1 <= b.x0
    for box in boxes:
        assert panel.x0 <= box.x0 and box.x1 <= panel.x1 and panel.y0 <= box.y0 \
            and box.y1 <= panel.y1
