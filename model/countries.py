"""Countries the model knows: names users type, TIC holdings and US import shares.

The effective tariff rate weights each country's rate by its share of US goods imports, so
a country needs an import share to move the macro channel; a sovereign holder needs a TIC
row. Both tables are small public facts copied into the repository with their sources.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

# Share of 2024 US goods imports by partner (approx., US Census Bureau FT-900, 2024 annual).
# The remainder is "rest of world" and pays the tariff set on "all".
IMPORT_SHARES: dict[str, float] = {
    "european_union": 0.185,
    "china": 0.134,
    "japan": 0.045,
    "mexico": 0.155,
    "canada": 0.126,
    "korea_south": 0.040,
    "taiwan": 0.036,
    "india": 0.028,
    "united_kingdom": 0.021,
    "switzerland": 0.020,
    "vietnam": 0.042,
}

# 2024 US goods trade with the partners in trade talks, $bn a year (US Census Bureau, "Trade in
# Goods with <partner>", 2024 annual, rounded): what the US imports from each partner (its
# exports to the US, which a US tariff cuts) and what the US exports to it (its imports from the
# US, which its own retaliation cuts). Read by agents/partner.py to price a deal.
US_IMPORTS_BN: dict[str, float] = {
    "china": 438.9,
    "japan": 148.2,
    "european_union": 605.8,
    "korea_south": 131.5,
    "vietnam": 136.6,
}
US_EXPORTS_BN: dict[str, float] = {
    "china": 143.5,
    "japan": 79.7,
    "european_union": 370.2,
    "korea_south": 65.5,
    "vietnam": 13.1,
}

# Totals for a partner outside the two tables above: its exports to the US are its import share
# of the US total, and the US exports to it in the ratio of the US totals (an assumption).
US_TOTAL_IMPORTS_BN = 3295.6  # Census FT-900, 2024 annual, goods (Census basis)
US_TOTAL_EXPORTS_BN = 2083.8  # same release


def goods_trade_bn(key: str) -> tuple[float, float]:
    """A partner's (exports to the US, imports from the US), $bn a year, 2024."""
    if key in US_IMPORTS_BN:
        return US_IMPORTS_BN[key], US_EXPORTS_BN[key]
    exports = IMPORT_SHARES.get(key, 0.0) * US_TOTAL_IMPORTS_BN
    return exports, exports * US_TOTAL_EXPORTS_BN / US_TOTAL_IMPORTS_BN


ALIASES: dict[str, str] = {"china_mainland": "china", "prc": "china", "uk": "united_kingdom",
                           "eu": "european_union",
                           "korea": "korea_south", "south_korea": "korea_south"}

ALL = "all"


def country_key(name: str) -> str:
    """Canonical snake_case key for a country name ('China Mainland' -> 'china')."""
    key = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    return ALIASES.get(key, key)


@cache
def tic_holdings() -> dict[str, float]:
    """March 2025 holdings ($bn) by canonical country key, from the shipped TIC table."""
    text = resources.files("model.data").joinpath("tic_major_holders_2025.csv").read_text()
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {country_key(row["country"]): float(row["2025-03"]) for row in rows}


def known_countries() -> set[str]:
    """Every country key a scenario may name: TIC holders, import partners and 'all'."""
    return set(tic_holdings()) | set(IMPORT_SHARES) | {ALL}
