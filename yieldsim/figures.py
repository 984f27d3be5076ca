"""What every picture the project writes shares: users' text drawn as typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def literal_text(figure: Figure) -> Figure:
    """Draw every text of a figure as typed: `$`, `_`, `^`, `&` are never mathtext.

    Labels, titles, scenario and sweep names and file names come from users ("Fed buys
    $300bn, 50% by $5bn"): parsed as mathtext they are drawn in italics without their
    dollar signs, or make the picture fail and the run with it. Called once the figure's
    texts exist, before it is saved or shown; tick labels made later are numbers and dates.
    (matplotlib is imported by whoever made the figure, not by importing this module.)
    """
    from matplotlib.text import Text

    for text in figure.findobj(Text):
        text.set_parse_math(False)
    return figure
