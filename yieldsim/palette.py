"""The colours of every series, shared by the run picture (`yieldsim.plot`) and the live view.

One table, so that the 10y is the same red, and Japan the same partner colour, in the PNG a
run writes and in the browser. Colours are CSS hex strings, which matplotlib and SVG both take.
"""

from __future__ import annotations

BUCKETS = {"2y": "#1f77b4", "5y": "#2ca02c", "10y": "#d62728", "30y": "#9467bd"}
COMPONENTS = {"expected rate": "#1f77b4", "term premium": "#2ca02c",
              "price pressure": "#ff7f0e"}
ABSORBERS = {"real_money": "#2ca02c", "asset_manager": "#1f77b4", "leveraged": "#9467bd",
             "dealer": "#ff7f0e", "fed": "#8c564b"}
SOVEREIGN_NET_SALES = "#222222"  # sovereigns' cumulative net sales, dotted
SOVEREIGNS = ("#c0392b", "#e67e22", "#7f8c8d", "#16a085", "#8e44ad", "#2c3e50")
DEALER_UTILISATION = "#ff7f0e"
DEALER_CAPACITY = "#b03a2e"
LF_FORCED_SALES = "#9467bd"
LF_LEVERAGE = "#333333"
FED_TRIGGER = "#8c564b"  # the dealer utilisation at which the Fed's backstop starts
CURVE_START = "#999999"  # the yield curve at the start, under today's
PARTNERS = ("#c0392b", "#e67e22", "#2980b9", "#27ae60", "#8e44ad", "#7f8c8d")
PAIN = "#222222"
TOLERANCE = "#c0392b"  # the administration's tolerance, and the threats' share of its pain
WATCHED_LEVEL = "#c0392b"  # the 4.5% line
EVENT = "#7f7f7f"  # event lines and labels
USDJPY = "#17becf"  # USD/JPY, yen per dollar
# A sovereign's result in its own currency, and its dollar result beside it
SOVEREIGN_OWN_CURRENCY = {"japan": SOVEREIGNS[0], "china": SOVEREIGNS[1]}


def partner_color(index: int) -> str:
    """The colour of the `index`-th negotiating partner (in the model's order)."""
    return PARTNERS[index % len(PARTNERS)]


def sovereign_color(index: int) -> str:
    """The colour of the `index`-th sovereign holder (in the model's order)."""
    return SOVEREIGNS[index % len(SOVEREIGNS)]
