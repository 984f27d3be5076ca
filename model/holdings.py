"""Who holds what at the start: sector totals by bucket that add up to outstanding.

Sector sizes come from the parameters (TIC, Z.1, H.4.1); maturity mixes are approximate
public profiles. Real-money investors (banks, insurers, pensions, money funds, foreign
private, households) hold the residual, so face value adds up exactly by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.countries import country_key, tic_holdings
from model.params import ModelParams, ParameterError

# Maturity mix by sector (2y, 5y, 10y, 30y buckets), approximate.
FED_MIX = np.array([0.25, 0.30, 0.20, 0.25])          # SOMA holds many long bonds
OFFICIAL_MIX = np.array([0.30, 0.35, 0.25, 0.10])     # reserve managers favour notes
LEVERAGED_MIX = np.array([0.35, 0.35, 0.25, 0.05])    # futures-deliverable notes
ASSET_MANAGER_MIX = np.array([0.25, 0.30, 0.25, 0.20])  # aggregate-index-like


@dataclass(frozen=True)
class SovereignSpec:
    """A sovereign to create: key, display name, holdings and behaviour parameters."""

    key: str
    label: str
    holdings_bn: float
    resolve: float
    threshold: float


@dataclass(frozen=True)
class Allocation:
    """Starting face by sector and bucket ($bn)."""

    outstanding: np.ndarray
    fed: np.ndarray
    sovereigns: dict[str, np.ndarray]
    leveraged: np.ndarray
    asset_managers: np.ndarray
    real_money: np.ndarray


def sovereign_specs(params: ModelParams) -> list[SovereignSpec]:
    """Japan, China, any extra TIC sovereigns, and the other official holders."""
    # TIC counts every holder resident in Japan; the chip is the Ministry of Finance's share.
    # Japan's private holders are not official, so they are not in the custody total either:
    # they are part of real money (and `model.fx.JapanesePrivate` on the dollar side).
    japan_official_bn = params.japan_holdings_bn * params.japan_official_share
    specs = [SovereignSpec("japan", "Japan", japan_official_bn, params.japan_resolve,
                           params.japan_tariff_threshold),
             SovereignSpec("china", "China", params.china_holdings_bn, params.china_resolve,
                           params.china_tariff_threshold)]
    tic = tic_holdings()
    for name in (n for n in params.extra_sovereigns.split(",") if n.strip()):
        key = country_key(name)
        if key not in tic:
            raise ParameterError(f"extra_sovereigns: '{name.strip()}' is not in the TIC table; "
                                 f"use one of {', '.join(sorted(tic))}")
        if key in (s.key for s in specs):
            raise ParameterError(f"extra_sovereigns: '{name.strip()}' is already a sovereign")
        specs.append(SovereignSpec(key, name.strip().title(), tic[key],
                                   params.other_official_resolve, params.other_tariff_threshold))
    named = sum(s.holdings_bn for s in specs)
    if named > params.foreign_official_bn:
        raise ParameterError(f"foreign_official_bn={params.foreign_official_bn:g} is below what "
                             f"the named sovereigns hold ({named:g}): raise it to at least "
                             f"{named:g} or lower their holdings")
    specs.append(SovereignSpec("other_official", "Other official",
                               params.foreign_official_bn - named,
                               params.other_official_resolve, params.other_tariff_threshold))
    return specs


def allocate(params: ModelParams, specs: list[SovereignSpec]) -> Allocation:
    """Split outstanding debt across sectors and buckets.

    Raises:
        ParameterError: The named sectors hold more of a bucket than is outstanding.

    """
    shares = np.array([params.share_outstanding_2y, params.share_outstanding_5y,
                       params.share_outstanding_10y, 0.0])
    shares[3] = 1.0 - shares[:3].sum()
    outstanding = params.outstanding_bn * shares
    sovereigns = {s.key: s.holdings_bn * OFFICIAL_MIX for s in specs}
    fed = params.fed_holdings_bn * FED_MIX
    leveraged = params.leveraged_holdings_bn * LEVERAGED_MIX
    asset_managers = params.asset_manager_holdings_bn * ASSET_MANAGER_MIX
    real_money = outstanding - fed - leveraged - asset_managers - sum(sovereigns.values())
    if np.any(real_money <= 0):
        bucket = ("2y", "5y", "10y", "30y")[int(np.argmin(real_money))]
        raise ParameterError(f"the named holders hold more {bucket} bonds than are outstanding: "
                             "raise outstanding_bn or lower a sector's holdings")
    return Allocation(outstanding=outstanding, fed=fed, sovereigns=sovereigns,
                      leveraged=leveraged, asset_managers=asset_managers, real_money=real_money)
