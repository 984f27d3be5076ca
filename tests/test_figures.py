"""Users' text in the sweep and validation pictures is drawn as typed, never as mathtext."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from yieldsim.calibration.actual import ActualYields
from yieldsim.calibration.validate import plot_fan
from yieldsim.figures import literal_text
from yieldsim.sweeps.report import finish

HOSTILE = "Fed buys $300bn, 50% by $5bn & x_1^2"


@pytest.fixture
def saved(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every figure saved, as it was when saved (the file is still written)."""
    figures: list[Figure] = []
    save = Figure.savefig

    def savefig(self: Figure, *args: object, **kwargs: object) -> None:
        figures.append(self)
        save(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    return figures


def typed_as_is(figure: Figure, text: str) -> bool:
    texts = [t for t in figure.findobj(Text) if t.get_text()]
    return all(not t.get_parse_math() for t in texts) and any(text in t.get_text()
                                                              for t in texts)


def test_a_sweep_picture_draws_its_spec_name_as_typed(tmp_path: Path, saved) -> None:
    figure = Figure()
    figure.subplots().plot([0, 1], [0, 1], label=HOSTILE)
    finish(figure, f"sweep {HOSTILE}", tmp_path / "sweep.png")  # mathtext would raise
    assert (tmp_path / "sweep.png").stat().st_size > 1000
    assert typed_as_is(saved[0], f"sweep {HOSTILE}")


def test_the_validation_fan_draws_the_observed_file_s_name_as_typed(tmp_path: Path,
                                                                     saved) -> None:
    dates = pd.bdate_range("2025-03-03", periods=30).date
    rng = np.random.default_rng(0)
    results = [SimpleNamespace(seed=s, error=None, liberation_paths={
        "y_10y": pd.Series(4.2 + rng.normal(0, 0.05, 30).cumsum(), index=dates)})
        for s in range(5)]
    actual = ActualYields(pd.DataFrame({"y_10y": np.linspace(4.1, 4.4, 30)}, index=dates),
                          "/data/my $yields_1^2$.csv")
    plot_fan(SimpleNamespace(results=results), actual, tmp_path / "fan.png")
    assert (tmp_path / "fan.png").stat().st_size > 1000
    assert typed_as_is(saved[0], "actual (my $yields_1^2$.csv)")


def test_literal_text_reaches_legends_titles_and_annotations() -> None:
    figure = Figure()
    ax = figure.subplots()
    ax.plot([0, 1], [0, 1], label=HOSTILE)
    ax.legend()
    ax.set_title(HOSTILE)
    ax.annotate(HOSTILE, (0.5, 0.5))
    literal_text(figure)
    figure.canvas.draw()  # would raise on "$300bn, 50% by $" as mathtext
    assert sum(t.get_text() == HOSTILE for t in figure.findobj(Text)) == 3
