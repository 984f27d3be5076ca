"""Every model parameter: name, default, unit, meaning and source, in one typed record.

Parameters are flat snake_case names so that the command line (`--set NAME=VALUE`), the
sweep engine and Mesa's `batch_run` all address them the same way. Each field carries its
documentation in `metadata`, in the spirit of HARK's commented calibration dictionaries, so
`yieldsim params` and the README table are generated from the code and cannot drift from it.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any

from model.calibrated import CALIBRATED
from model.calibrated_policy import (
    ADMIN_CONCESSION_PER_DAY,
    ADMIN_TOLERANCE,
    ADMIN_WEIGHT_EQUITIES,
    ADMIN_WEIGHT_GROWTH,
    TALKS_BREAKDOWN_HAZARD,
)
from model.equity_fit import EQUITY_FIT, EQUITY_SOURCE
from model.values import check_range, coerce, number, show


class ParameterError(ValueError):
    """A parameter name or value a user gave that the model cannot accept."""


def param(default: Any, unit: str, doc: str, source: str = "assumption",
          lo: float | None = None, hi: float | None = None) -> Any:
    """Declare a parameter with its documentation and admissible range.

    Args:
        default: Default value (its type is the parameter's type).
        unit: Unit shown to users ("$bn", "bp", "fraction", ...).
        doc: What the parameter means, in one line.
        source: Where the default comes from; "assumption" or "calibrated" when not public data.
        lo: Smallest admissible value (inclusive), if bounded.
        hi: Largest admissible value (inclusive), if bounded.

    Returns:
        A dataclass field carrying the metadata.

    """
    return field(default=default, metadata={"unit": unit, "doc": doc, "source": source,
                                            "lo": lo, "hi": hi})


POLICIES = ("scripted", "endogenous")
# Parameters that no longer exist, and what to use instead (a user's old file gets the why).
RESERVATION_RETIRED = ("partners now weigh a deal's payoff against waiting (agents/partner.py) "
                       "instead of taking any offer below a fixed rate; change the waiting "
                       "risk with talks_breakdown_hazard or the export loss with "
                       "trade_elasticity")
RETIRED = {"admin_threat_pain": "a threat's pain is now the model's own response to the "
           "threatened sale (model/threat.py); weigh it with admin_weight_threats or change "
           "the sale with admin_threat_horizon_days",
           "japan_reservation_rate": RESERVATION_RETIRED,
           "china_reservation_rate": RESERVATION_RETIRED,
           "other_reservation_rate": RESERVATION_RETIRED}
# Every holder keeps a fixed maturity mix, so each of the four buckets needs some debt.
MIN_BUCKET_SHARE = 0.01  # least share of the debt outstanding in a maturity bucket
MAX_BUCKET_SHARE = 1.0 - 3 * MIN_BUCKET_SHARE
START_YIELDS = ("start_yield_2y", "start_yield_5y", "start_yield_10y", "start_yield_30y")
# Dealer room with `frictionless`: the largest capacity the parameter admits (no book comes near).
FRICTIONLESS_CAPACITY_BN = 10000.0
FITTED = "calibrated (runs/calibration/record.json)"
HAND_TUNED = "hand-tuned to the April 2025 curve moves (not in the calibration search)"
GAME_FIT = ("fitted jointly to the 9 April 2025 pause, the 12 May Geneva deal and the 22 July "
            "Japan deal: python -m yieldsim.calibration.game (runs/calibration/game.json)")
NEWS_CHECK = ("assumption; checked against FRED DGS2, DGS10, DGS30 daily changes 2012-2024 "
              "without 2013 and 2019 (2,374 days): sds 5.80 / 5.52 / 5.08bp, 2y-10y correlation "
              "0.75, 10y-30y 0.93; the calm news gives 6.18 / 5.85 / 5.58bp and correlations "
              "0.95 and 1.00: the sds' shape fits, but the news is more one level factor than the "
              "data (docs/model.md gives loadings that match)")
TIC = "TIC Table 5, 2025-03 (model/data/tic_major_holders_2025.csv)"
Z1 = "Fed Financial Accounts Z.1, L.210, 2025Q1"


@dataclass(frozen=True)
class ModelParams:
    """The full, resolved parameter set of one simulation."""

    # --- ablation ------------------------------------------------------------------------
    frictionless: bool = param(False, "bool", "switch off the market's frictions at once, for "
                               "ablation: dealer capacity unlimited, dealer price pressure and "
                               "flow impact zero, no forced sales by leveraged funds (haircuts "
                               "do not rise with volatility), no recent-flow supply premium, "
                               "swap spreads fixed at their start")

    # --- population and size -----------------------------------------------------------
    n_funds: int = param(3000, "agents", "number of private fund agents (leveraged funds, asset "
                         "managers and real-money investors together)", lo=3, hi=2_000_000)
    share_leveraged_agents: float = param(0.2, "fraction", "share of n_funds that are leveraged "
                                          "funds", lo=0.01, hi=0.98)
    share_asset_manager_agents: float = param(0.4, "fraction", "share of n_funds that are asset "
                                              "managers; the rest are real-money investors",
                                              lo=0.01, hi=0.98)
    fund_size_dispersion: float = param(1.0, "log sd", "dispersion of fund sizes within a type "
                                        "(lognormal sigma)", lo=0.0, hi=3.0)
    outstanding_bn: float = param(28400.0, "$bn", "marketable Treasuries outstanding at the start",
                                  Z1, lo=1000.0, hi=100000.0)
    share_outstanding_2y: float = param(0.45, "fraction", "share of outstanding in the 2y bucket "
                                        "(bills and notes up to 3y)", "approx. maturity profile, "
                                        "Monthly Statement of the Public Debt", lo=MIN_BUCKET_SHARE,
                                        hi=MAX_BUCKET_SHARE)
    share_outstanding_5y: float = param(0.25, "fraction", "share in the 5y bucket (3-7y)",
                                        "approx., as above", lo=MIN_BUCKET_SHARE,
                                        hi=MAX_BUCKET_SHARE)
    share_outstanding_10y: float = param(0.17, "fraction", "share in the 10y bucket (7-15y)",
                                         "approx., as above", lo=MIN_BUCKET_SHARE,
                                         hi=MAX_BUCKET_SHARE)
    fed_holdings_bn: float = param(4220.0, "$bn", "Fed SOMA Treasury holdings, face",
                                   "Fed H.4.1, 2025-04-02", lo=0.0, hi=20000.0)
    japan_holdings_bn: float = param(1130.8, "$bn", "Japan's Treasury holdings", TIC, lo=0.0,
                                     hi=5000.0)
    china_holdings_bn: float = param(765.4, "$bn", "China's Treasury holdings", TIC, lo=0.0,
                                     hi=5000.0)
    foreign_official_bn: float = param(2930.0, "$bn", "all foreign official holdings; the "
                                       "'other official' sovereign holds what the named ones do "
                                       "not", "FRED WMTSECL1, 2025-03-26", lo=0.0, hi=20000.0)
    extra_sovereigns: str = param("", "names", "further sovereigns from the TIC table, comma "
                                  "separated (e.g. 'United Kingdom,Canada'); carved out of "
                                  "'other official'", TIC)
    leveraged_holdings_bn: float = param(1000.0, "$bn", "leveraged funds' long cash Treasuries "
                                         "(basis and swap-spread trades)",
                                         "Fed note 2023-08-30, approx. for 2025", lo=0.0,
                                         hi=10000.0)
    asset_manager_holdings_bn: float = param(4500.0, "$bn", "bond mutual funds and ETFs",
                                             "approx. Z.1 L.210 mutual funds + ETFs", lo=0.0,
                                             hi=20000.0)

    # --- starting curve (2025-03-03) ---------------------------------------------------
    start_yield_2y: float = param(3.96, "%", "2y yield at the start", "FRED DGS2 2025-03-03",
                                  lo=-1.0, hi=20.0)
    start_yield_5y: float = param(4.035, "%", "5y yield at the start: linear interpolation in "
                                  "maturity between DGS2 and DGS10 (DGS5 not shipped)",
                                  "interpolated", lo=-1.0, hi=20.0)
    start_yield_10y: float = param(4.16, "%", "10y yield at the start", "FRED DGS10 2025-03-03",
                                   lo=-1.0, hi=20.0)
    start_yield_30y: float = param(4.45, "%", "30y yield at the start", "FRED DGS30 2025-03-03",
                                   lo=-1.0, hi=20.0)
    start_term_premium_10y: float = param(0.55, "%", "10y term premium at the start; other "
                                          "buckets scale by the duration loadings",
                                          "approx. ACM estimates, spring 2025", lo=-3.0, hi=5.0)

    # --- how each bucket (2y, 5y, 10y, 30y) loads on the slow layers ---------------------
    # Where a driver is sized at one bucket, that bucket's loading is 1 and is not a parameter:
    # the 10y for the term premium (tp_bp_per_uncertainty, start_term_premium_10y), the 2y for
    # growth news (growth_bp_per_tariff_pp) and the 2y and 10y for the daily news (a level
    # shock of news_level_bp at every bucket but the 30y; a slope shock of news_slope_bp at the
    # 2y).
    tp_loading_2y: float = param(0.3, "x", "2y term premium per unit of the 10y's (uncertainty "
                                 "and supply premia alike)", "assumption: duration risk rises "
                                 "with maturity; hand-set to the shape of the April 2025 curve "
                                 "moves", lo=0.0, hi=3.0)
    tp_loading_5y: float = param(0.65, "x", "5y term premium per unit of the 10y's", "assumption, "
                                 "as tp_loading_2y", lo=0.0, hi=3.0)
    tp_loading_30y: float = param(1.25, "x", "30y term premium per unit of the 10y's",
                                  "assumption, as tp_loading_2y", lo=0.0, hi=3.0)
    growth_loading_5y: float = param(0.85, "x", "5y expected-rate fall per bp of growth news "
                                     "(the 2y's is 1)", "assumption: growth news moves the "
                                     "front end most; hand-set to the shape of the April 2025 "
                                     "curve moves", lo=0.0, hi=2.0)
    growth_loading_10y: float = param(0.65, "x", "10y expected-rate fall per bp of growth news",
                                      "assumption, as growth_loading_5y", lo=0.0, hi=2.0)
    growth_loading_30y: float = param(0.5, "x", "30y expected-rate fall per bp of growth news",
                                      "assumption, as growth_loading_5y", lo=0.0, hi=2.0)
    inflation_loading_2y: float = param(0.5, "x", "2y expected-rate rise per bp of inflation "
                                        "news (inflation_bp_per_tariff_pp, a shock's "
                                        "inflation_bp)", "assumption: inflation news moves the "
                                        "long end more; hand-set to the shape of the April 2025 "
                                        "curve moves", lo=0.0, hi=2.0)
    inflation_loading_5y: float = param(0.6, "x", "5y expected-rate rise per bp of inflation "
                                        "news", "assumption, as inflation_loading_2y", lo=0.0,
                                        hi=2.0)
    inflation_loading_10y: float = param(0.7, "x", "10y expected-rate rise per bp of inflation "
                                         "news", "assumption, as inflation_loading_2y", lo=0.0,
                                         hi=2.0)
    inflation_loading_30y: float = param(0.75, "x", "30y expected-rate rise per bp of inflation "
                                         "news", "assumption, as inflation_loading_2y", lo=0.0,
                                         hi=2.0)
    policy_loading_2y: float = param(0.9, "x", "2y expected-rate move per bp of policy-rate "
                                     "change (a Fed decision, its insurance easing, the Fed "
                                     "put, a programme's signal)", "assumption: a Fed decision "
                                     "moves the front end most", lo=0.0, hi=2.0)
    policy_loading_5y: float = param(0.7, "x", "5y expected-rate move per bp of policy-rate "
                                     "change", "assumption, as policy_loading_2y", lo=0.0, hi=2.0)
    policy_loading_10y: float = param(0.5, "x", "10y expected-rate move per bp of policy-rate "
                                      "change", "assumption, as policy_loading_2y", lo=0.0,
                                      hi=2.0)
    policy_loading_30y: float = param(0.35, "x", "30y expected-rate move per bp of policy-rate "
                                      "change", "assumption, as policy_loading_2y", lo=0.0,
                                      hi=2.0)
    news_level_loading_30y: float = param(
        0.95, "x", "30y move per bp of the daily level news (the other buckets' is 1)",
        NEWS_CHECK, lo=0.0, hi=2.0)
    news_slope_loading_5y: float = param(
        0.45, "x", "5y move per bp of the daily slope news (the 2y's is 1)",
        NEWS_CHECK, lo=-2.0, hi=2.0)
    news_slope_loading_10y: float = param(
        0.0, "x", "10y move per bp of the daily slope news", NEWS_CHECK, lo=-2.0, hi=2.0)
    news_slope_loading_30y: float = param(
        -0.25, "x", "30y move per bp of the daily slope news", NEWS_CHECK, lo=-2.0, hi=2.0)

    start_swap_spread_2y: float = param(-20.0, "bp", "2y SOFR swap rate minus the 2y yield at "
                                        "the start", "approx., market reports, early April "
                                        "2025", lo=-300.0, hi=300.0)
    start_swap_spread_5y: float = param(-35.0, "bp", "5y SOFR swap spread at the start",
                                        "approx., as above", lo=-300.0, hi=300.0)
    start_swap_spread_10y: float = param(-45.0, "bp", "10y SOFR swap spread at the start",
                                         "approx., as above", lo=-300.0, hi=300.0)
    start_swap_spread_30y: float = param(-85.0, "bp", "30y SOFR swap spread at the start",
                                         "approx., as above; the 30y fell to record lows near "
                                         "-100bp in April 2025", lo=-300.0, hi=300.0)

    # --- expected-rate component (macro channel) ---------------------------------------
    import_elasticity: float = param(1.0, "1/rate", "import demand falls as exp(-e*rate): high "
                                     "tariffs collect on a shrinking base", lo=0.0, hi=10.0)
    inflation_bp_per_tariff_pp: float = param(
        2.0, "bp/pp", "expected policy path rise per point of effective tariff, via inflation "
        "expectations", HAND_TUNED, lo=0.0, hi=50.0)
    growth_bp_per_tariff_pp: float = param(
        2.73, "bp/pp", "expected policy path fall per point of statutory effective tariff "
        "(import-weighted before trade diversion, the Yale Budget Lab's pre-substitution "
        "rate), via growth expectations (2y loading 1)", "hand-tuned to the April 2025 curve "
        "moves as 3.8bp per point of the rate after diversion; rescaled by 14.1/19.6 (the two "
        "rates' rises on 2 April 2025) when the growth hit moved to the statutory rate, so "
        "Liberation Day's hit is unchanged", lo=0.0, hi=50.0)
    growth_bp_per_retaliation_pp: float = param(0.3, "bp/pp", "extra growth-driven fall per point "
                                                "of foreign retaliation rate weighted by the "
                                                "country's import share", "hand-tuned", lo=0.0,
                                                hi=50.0)
    expectation_speed: float = param(
        1.0, "1/day", "share of the gap to the news-implied policy path closed each day",
        "assumption: the path is a market price (fed funds futures, OIS) and moves on the day "
        "of the news; the days markets take over an escalation are "
        "uncertainty_first_day_share's and uncertainty_arrival_speed's, fitted to the VIX "
        "(was 0.6, unsourced, which lagged the same news twice)", lo=0.01, hi=1.0)
    news_level_bp: float = param(
        CALIBRATED["news_level_bp"], "bp/day", "sd of daily macro news hitting the whole curve "
        "(calm)", FITTED, lo=0.0, hi=50.0)
    news_slope_bp: float = param(2.0, "bp/day", "sd of daily news moving the short end against "
                                 "the long end", "hand-tuned to FRED 2y sd 6.0bp", lo=0.0, hi=50.0)
    news_vol_ratio: float = param(
        1.0, "x", "the market's calm daily volatility at the start relative to 2025's: both daily "
        "news sds (news_level_bp, news_slope_bp) are multiplied by it. A start state, measured "
        "before a scenario's first day: the 10y's daily sd over the 63 trading days before "
        "it, divided by the same before 3 March 2025 (5.22bp)",
        "FRED DGS10 (yieldsim/data/us_market_daily_2012_2025.csv): 1 for 2025; each history "
        "episode states its own", lo=0.0, hi=10.0)
    effective_lower_bound_pct: float = param(
        0.125, "%", "effective lower bound of the expected policy path: the expected-rate "
        "component of no bucket goes below it", "FOMC target range 0-0.25% in 2009-15 and "
        "2020-22 (midpoint)", lo=-1.0, hi=5.0)
    yield_floor_pct: float = param(
        0.0, "%", "no yield is quoted below this: with cash paying the lower bound, nobody "
        "bids a bond through it", "US record lows: 2y ~0.1% (2020-21), 10y 0.52% (Aug 2020); "
        "assumption", lo=-0.25, hi=5.0)
    vol_per_uncertainty: float = param(
        0.35, "1/unit", "news volatility multiplier per unit of uncertainty", "hand-tuned "
        "(freeing it in the calibration did not lower April's volatility: 0.37; with April's "
        "sd in the loss, 0.30)", lo=0.0,
        hi=10.0)

    # --- the Fed's room to ease (state-dependent; the two signs of a tariff shock) -------
    start_inflation_pct: float = param(
        2.8, "%", "core PCE inflation, 12-month, at the start: the state that decides whether "
        "the Fed can ease into a shock", "BEA, core PCE price index, February 2025 (2.8%)",
        lo=-5.0, hi=20.0)
    inflation_target_pct: float = param(2.0, "%", "the Fed's inflation target", "FOMC "
                                        "Statement on Longer-Run Goals (2012)", lo=0.0, hi=10.0)
    tariff_inflation_pp_per_pp: float = param(
        0.1, "pp/pp", "rise of core inflation per point of effective tariff rate (price-level "
        "pass-through over a year)", "approx. Yale Budget Lab 2025: ~17pp of effective tariff "
        "raise the price level ~1.7%; Amiti, Redding & Weinstein 2019: full pass-through to "
        "import prices", lo=0.0, hi=2.0)
    fed_room_band_pp: float = param(
        0.75, "pp", "inflation above target at which the Fed has no room left to ease into "
        "uncertainty (room falls linearly from 1 at target to 0 at target + band)",
        "assumption: 2019 (core PCE 1.6%) 'insurance' cuts against trade uncertainty; 2025 "
        "(2.8%) 'well positioned to wait' (FOMC press conferences)", lo=0.05, hi=10.0)
    fed_insurance_bp_per_uncertainty: float = param(
        25.0, "bp/unit", "expected policy path cut per unit of policy-uncertainty shock when the "
        "Fed has full room (risk-management 'insurance' easing; 2y loading 0.9): the Fed eases "
        "while the uncertainty lasts, so a shock's whole cut arrives over the uncertainty's "
        "life and stays (see fed_easing_half_life_days)",
        "assumption, of the order of Evans, Fisher, Gourio & Krane (2015): a one-sd rise in "
        "uncertainty goes with a ~25bp lower policy rate", lo=0.0, hi=500.0)
    fed_easing_half_life_days: float = param(
        250.0, "trading days", "half-life of the insurance easing the Fed has delivered: a "
        "cut is not taken back as soon as the uncertainty that prompted it fades",
        "assumption: FOMC easing cycles since 1990 were not reversed within a year of "
        "their last cut", lo=1.0, hi=10000.0)
    fed_put_bp_per_uncertainty: float = param(
        24.0, "bp/unit", "expected policy path cut the market prices per unit of fresh "
        "uncertainty (the 'Fed put'; 2y loading 0.9): priced whatever the Fed's room, it fades "
        "with the stress (safe_haven_half_life_days); what the Fed delivers is the insurance "
        "easing, which needs room",
        "approx. Cieslak & Vissing-Jorgensen (2021, RFS): ~30bp of expected cuts per 10% "
        "stock drawdown; 2-8 April 2025's S&P fall of 12% is ~1.5 units of fresh "
        "uncertainty here", lo=0.0, hi=500.0)
    fed_growth_response_without_room: float = param(
        0.3, "fraction", "share of the Fed's easing "
        "for a tariff growth hit that survives when it "
        "has no room (inflation a band above target): the rest it looks through",
        "hand-set on the fit episode: the FOMC said on 4 April 2025 it would wait (no room), and "
        "the 2y was back above its 2 April level by 11 April (FRED DGS2 3.91 -> 3.96) once the "
        "market's stress-driven cuts (fed_put_bp_per_uncertainty) were priced out",
        lo=0.0, hi=1.0)
    hedge_bp_per_uncertainty: float = param(
        CALIBRATED["safe_haven_bp_per_uncertainty"], "bp/unit", "10y term premium fall per "
        "unit of built-up uncertainty when the Fed has room: Treasuries hedge growth risk "
        "(replaces the inflation-risk premium in proportion to the room)",
        "assumption: the same size per unit as the flight-to-safety bid; Campbell, Sunderam & "
        "Viceira (2017): the bond beta's sign follows the inflation regime", lo=0.0, hi=200.0)
    programme_priced_share: float = param(
        1.0, "fraction", "share of a Fed programme's announced, not yet bought purchases that "
        "forward-looking holders price on announcement: as a stock (portfolio balance), and "
        "the recent-flow premium those purchases will have built by the programme's end "
        "beyond today's (`SupplyPremium.expect_programme`)",
        "Gagnon et al. 2011, D'Amico & King 2013: most of the stock effect priced at "
        "announcement", lo=0.0, hi=1.0)
    programme_signal_bp_per_100bn: float = param(
        2.0, "bp/$100bn", "expected policy path shift per $100bn change in announced Fed "
        "purchases (signalling: more purchases signal later lift-off), at the 2025 market size",
        "approx. Bauer & Rudebusch (2014): signalling ~ half of LSAP1's ~100bp for $1.7tn",
        lo=0.0, hi=100.0)
    supply_reference_outstanding_bn: float = param(
        28400.0, "$bn", "market size at which the supply and signalling coefficients are "
        "stated: they scale with reference / outstanding_bn (portfolio balance acts on shares "
        "of the market)", "the 2025Q1 market (Z.1 L.210); Laubach 2009 states it per pp of GDP",
        lo=1000.0, hi=100000.0)

    # --- term premium ------------------------------------------------------------------
    uncertainty_per_tariff_pp: float = param(
        0.67, "unit/pp^x", "uncertainty added by a change of one point in the effective tariff "
        "rate (a change of d points adds this times d^x, x = uncertainty_tariff_exponent)",
        "assumption: keeps the 2 April 2025 shock (14pp) at the 1.7 units it had when "
        "uncertainty was linear in the rate (0.12 x 14.1 = 0.67 x 14.1^0.35)", lo=0.0, hi=10.0)
    uncertainty_per_retaliation_pp: float = param(0.05, "unit/pp", "uncertainty added per point "
                                                  "of change in import-weighted retaliation",
                                                  lo=0.0, hi=10.0)
    uncertainty_from_cuts: float = param(
        0.0, "fraction", "share of a tariff cut's size that adds uncertainty (an escalation adds "
        "all of it)", "FRED VIXCLS: 52.3 on 8 April 2025, 33.6 on 9 April, the day of the "
        "pause; de-escalation news carries its own calm", lo=0.0, hi=1.0)
    uncertainty_tariff_exponent: float = param(
        0.35, "x", "uncertainty added grows as |change in the effective rate|^x (x < 1: a small "
        "escalation unsettles more than its trade share says)", "assumption: the May 2019 "
        "escalation (0.5pp of effective rate) adds a third of the 2 April 2025 shock (14pp), as "
        "newspaper measures of trade-policy uncertainty (Caldara et al. 2020, TPU index) put "
        "the 2019 peaks at a fraction of April 2025's, not a twenty-fifth", lo=0.1, hi=2.0)
    uncertainty_half_life_days: float = param(
        EQUITY_FIT["uncertainty_half_life_days"], "days", "half-life of policy uncertainty "
        "(the VIX fades with it)", EQUITY_SOURCE, lo=1.0, hi=1000.0)
    uncertainty_first_day_share: float = param(
        EQUITY_FIT["uncertainty_first_day_share"], "fraction", "share of an escalation's "
        "uncertainty markets price on the day they learn of it; the rest arrives over the "
        "following trading days (uncertainty_arrival_speed; relief is priced at once)",
        EQUITY_SOURCE, lo=0.05, hi=1.0)
    uncertainty_arrival_speed: float = param(
        EQUITY_FIT["uncertainty_arrival_speed"], "1/day", "share of an escalation's "
        "uncertainty still to come that markets price each following trading day (1: all "
        "of it the next day)", EQUITY_SOURCE, lo=0.01, hi=1.0)
    uncertainty_build_speed: float = param(
        CALIBRATED["uncertainty_build_speed"], "1/day", "speed at which the risk premium "
        "catches up with uncertainty", FITTED, lo=0.01, hi=1.0)
    tp_bp_per_uncertainty: float = param(
        CALIBRATED["tp_bp_per_uncertainty"], "bp/unit", "10y risk premium per unit of "
        "(built-up) uncertainty", FITTED, lo=0.0, hi=200.0)
    safe_haven_bp_per_uncertainty: float = param(
        CALIBRATED["safe_haven_bp_per_uncertainty"], "bp/unit", "immediate flight-to-safety "
        "fall of the 10y per unit of fresh uncertainty", FITTED, lo=0.0, hi=200.0)
    safe_haven_half_life_days: float = param(3.0, "days", "half-life of the flight-to-safety bid",
                                             lo=0.5, hi=100.0)
    supply_stock_bp_per_100bn: float = param(
        2.0, "bp/$100bn", "persistent 10y term premium per $100bn (10y-equivalent) that "
        "private investors hold above their normal path", "Laubach (2009), JEEA: 3-4bp per pp "
        "of debt-to-GDP; 1pp of 2025 GDP (~$300bn face at the marketable debt's ~0.6 "
        "10y-equivalents per $) is ~$175bn 10y-eq, so ~2bp per $100bn. Fixed, not fitted: "
        "the 2025 targets do not identify it (a free search ran it to its bound, 0)",
        lo=0.0, hi=100.0)
    supply_flow_bp_per_100bn: float = param(
        CALIBRATED["supply_flow_bp_per_100bn"], "bp/$100bn", "extra, slowly fading 10y term "
        "premium per $100bn of recent excess supply (slow-moving arbitrage capital)", FITTED,
        lo=0.0, hi=200.0)
    supply_flow_scarcity_share: float = param(
        0.5, "fraction", "share of the recent-supply premium that applies when the private "
        "sector's recent flow is negative and unannounced (duration taken out, e.g. by the "
        "Fed's stress backstop)", "calibrated on 2026-12-01 when it set the Fed programme's "
        "gap; fixed since programmes are priced on announcement", lo=0.0, hi=1.0)
    supply_learning_days: float = param(
        63.0, "trading days", "time over which holders learn a steady seller's (or buyer's) "
        "daily pace and make room for it: only the unlearned part of a flow carries the "
        "recent-flow premium (1/this is the share of the gap learned a day)", "assumption: "
        "TIC holdings by country come monthly with a six-week lag, so a steady pace is known "
        "after about a quarter", lo=1.0, hi=10000.0)
    supply_flow_half_life_days: float = param(
        CALIBRATED["supply_flow_half_life_days"], "days", "half-life of the recent-supply "
        "premium", FITTED, lo=1.0, hi=2000.0)

    # --- mortgage convexity (MBS duration handed to bond investors) -----------------------
    mbs_private_bn: float = param(
        6800.0, "$bn", "agency MBS not held by the Fed: the book whose duration moves with "
        "refinancing", "approx.: SIFMA agency MBS outstanding ~$9.0tn (2025Q1) less Fed SOMA "
        "MBS ~$2.2tn (H.4.1, March 2025)", lo=0.0, hi=50000.0)
    mortgage_coupon_pct: float = param(
        4.1, "%", "average rate on the mortgages outstanding (what a borrower refinances "
        "from)", "approx.: FHFA National Mortgage Database, average outstanding rate ~4% "
        "(2024-25)", lo=0.0, hi=20.0)
    mortgage_spread_pp: float = param(
        2.5, "pp", "primary mortgage rate minus the 10y Treasury yield", "Freddie Mac PMMS "
        "30y 6.63% (6 March 2025) minus FRED DGS10 4.16% (3 March 2025), rounded", lo=0.0,
        hi=10.0)
    mbs_duration_long_years: float = param(
        6.5, "years", "MBS duration when refinancing does not pay", "approx.: Bloomberg US "
        "MBS index effective duration, 2023-25 highs", lo=0.0, hi=30.0)
    mbs_duration_short_years: float = param(
        2.0, "years", "MBS duration in a refinancing wave", "approx.: Bloomberg US MBS index "
        "effective duration, 2003/2012/2020 lows", lo=0.0, hi=30.0)
    refi_incentive_mid_pp: float = param(
        0.5, "pp", "refinancing incentive (outstanding rate minus mortgage rate) at which MBS "
        "duration is halfway between short and long", "assumption: puts May 2013 (incentive "
        "~0.9pp) at ~3 years and September 2013 (~-0.4pp) at ~6 (approx. the index's "
        "extension that summer, from market commentary of 2013)", lo=-5.0,
        hi=5.0)
    refi_incentive_width_pp: float = param(
        0.35, "pp", "how gradually MBS duration moves with the incentive (logistic scale)",
        "assumption, as above", lo=0.01, hi=5.0)

    # --- dealers and price pressure ------------------------------------------------------
    dealer_capacity_bn: float = param(
        250.0, "$bn 10y-eq", "dealers' balance-sheet room for inventory above normal, "
        "10y-equivalent", "assumption (of the order of primary dealers' net positions, NY "
        "Fed); the calibration could not identify it: dealers rarely fill", lo=1.0,
        hi=10000.0)
    pressure_bp_per_100bn: float = param(
        CALIBRATED["pressure_bp_per_100bn"], "bp/$100bn", "price concession per $100bn "
        "10y-equivalent dealer inventory in a bucket, at low utilisation", FITTED, lo=0.0,
        hi=1000.0)
    daily_volume_bn: float = param(1000.0, "$bn/day", "cash Treasury daily volume",
                                   "Coalition Greenwich (approx.)", lo=1.0, hi=100000.0)
    impact_coefficient: float = param(1.0, "Y", "square-root-law prefactor Y in "
                                      "Y*sigma*sqrt(Q/V)", "Toth et al. 2011", lo=0.0, hi=20.0)
    impact_half_life_days: float = param(2.0, "days", "half-life of one day's flow impact",
                                         lo=0.1, hi=100.0)
    strain_coefficient: float = param(0.15, "x", "how sharply impact steepens as dealers fill: "
                                      "strain = 1 + k*u^2/(1-u)", lo=0.0, hi=100.0)
    max_utilization: float = param(1.0, "fraction", "dealer utilisation beyond which client "
                                   "trades are rationed", lo=0.1, hi=5.0)

    swap_bp_per_100bn: float = param(
        60.0, "bp/$100bn", "fall of a bucket's SOFR swap rate per $100bn (10y-equivalent "
        "notional) of net receive-fixed flow in a day (funds closing pay-fixed legs): the "
        "concession at which the other side takes the duration", "hand-tuned (8 seeds; "
        "15-80 tried) to the fall of the 30y swap spread in April 2025: no public estimate "
        "of swap-market depth was found; 4x pressure_bp_per_100bn, as long-end swap "
        "duration is warehoused by fewer balance sheets than cash bonds (assumption); a "
        "candidate free parameter for the calibration", lo=0.0, hi=1000.0)
    swap_half_life_days: float = param(
        10.0, "days", "half-life of the swap-rate concession (the other side lays the "
        "duration off)", "assumption: the 30y swap spread stayed near its April 2025 lows for "
        "weeks (market reports)", lo=0.1, hi=1000.0)

    # --- sovereigns -----------------------------------------------------------------------
    japan_resolve: float = param(0.35, "0-1", "Japan's willingness to use Treasuries as leverage",
                                 "assumption; Kato 2025-05-02: 'whether we use that card is "
                                 "another matter'", lo=0.0, hi=1.0)
    china_resolve: float = param(0.5, "0-1", "China's willingness to use Treasuries as leverage",
                                 lo=0.0, hi=1.0)
    other_official_resolve: float = param(0.0, "0-1", "resolve of the other official holders "
                                          "(and of extra sovereigns)", lo=0.0, hi=1.0)
    japan_tariff_threshold: float = param(0.20, "rate", "tariff rate on Japan above which it "
                                          "considers retaliation", lo=0.0, hi=5.0)
    china_tariff_threshold: float = param(0.50, "rate", "tariff rate on China above which it "
                                          "considers retaliation", lo=0.0, hi=5.0)
    other_tariff_threshold: float = param(1.0, "rate", "threshold of the other official holders",
                                          lo=0.0, hi=5.0)
    grievance_speed: float = param(0.05, "1/day", "how fast grievance builds per unit of tariff "
                                   "above threshold times resolve", lo=0.0, hi=5.0)
    threat_grievance: float = param(0.3, "0-1", "grievance at which a sovereign threatens",
                                    lo=0.0, hi=10.0)
    sell_grievance: float = param(0.7, "0-1", "grievance at which a sovereign starts selling",
                                  lo=0.0, hi=10.0)
    threat_uncertainty: float = param(0.5, "unit", "uncertainty added by a sovereign's threat",
                                      "assumption; the one measured remark, Kato's hedged "
                                      "'could be among our cards' of 2 May 2025, was 0.126 by "
                                      "the VIX (benchmarks/calm_sizes.py), a floor for a real "
                                      "threat", lo=0.0, hi=20.0)
    sovereign_max_pace_bn: float = param(10.0, "$bn/day", "the most a sovereign sells in a day "
                                         "(resolve scales it)", lo=0.0, hi=1000.0)
    sovereign_pain_target_bp: float = param(60.0, "bp", "10y rise since it began selling at which "
                                            "a sovereign has made its point and holds", lo=0.0,
                                            hi=1000.0)
    sovereign_loss_tolerance_pct: float = param(3.0, "%", "mark-to-market loss (percent of "
                                                "holdings) at full resolve beyond which it stops",
                                                lo=0.0, hi=100.0)
    china_diversify_bn_per_month: float = param(8.0, "$bn/month", "China's slow diversification "
                                                "out of Treasuries", "approx. TIC 2024-25 trend",
                                                lo=0.0, hi=1000.0)
    yen_defense_bn_per_day: float = param(3.0, "$bn/day", "Japan's Treasury sales per unit of yen "
                                          "pressure (intervention funding)", lo=0.0, hi=1000.0)

    sovereign_grievance_decay: float = param(0.9, "fraction/day", "share of a sovereign's "
                                             "grievance kept each day its tariff is below its "
                                             "threshold", "assumption (was a constant in "
                                             "agents/sovereign.py)", lo=0.0, hi=1.0)
    sovereign_threshold_floor: float = param(0.05, "rate", "smallest tariff rate the grievance "
                                             "gap is scaled by, so a zero threshold does not "
                                             "divide by zero", "assumption (was a constant in "
                                             "agents/sovereign.py)", lo=0.001, hi=5.0)
    sovereign_resume_share: float = param(0.5, "fraction", "a holding sovereign resumes selling "
                                          "once the 10y rise it caused falls below this share "
                                          "of its pain target", "assumption (was a constant in "
                                          "agents/sovereign.py)", lo=0.0, hi=1.0)
    fx_pressure_decay: float = param(0.9, "fraction/day", "share of currency pressure left the "
                                     "next day (how fast a yen-defence episode fades)",
                                     "assumption (was a constant in agents/sovereign.py)",
                                     lo=0.0, hi=1.0)

    # --- the dollar: USD/JPY (model/fx.py) and the sovereigns' own currencies -------------
    start_usdjpy: float = param(150.16, "yen/$", "USD/JPY at the start", "FRED DEXJPUS "
                                "2025-03-03", lo=1.0, hi=1000.0)
    japan_rate_pct: float = param(0.85, "%", "Japanese 2y rate: the yen leg of carry and of "
                                  "Japanese investors' hedging cost", "approx. JGB 2y yield, "
                                  "early March 2025 (Japan Ministry of Finance, JGB interest "
                                  "rates)", lo=-5.0, hi=20.0)
    fx_carry_pct_per_100bp: float = param(
        4.5, "%/100bp", "rise of USD/JPY per 100bp wider US-Japan 2y differential (carry)",
        "daily regression of dlog DEXJPUS on dDGS2, 2012-2024 without 2013, 2019 and 2025 "
        "(the judged episodes), shipped FRED data: 4.5 (2020-24 alone: 3.9)", lo=0.0, hi=50.0)
    fx_carry_on_expected_path: bool = param(
        False, "bool", "carry reads only the 2y's expected-rate component (uncovered interest "
        "parity on the expected policy path: a term premium or dealers' concession earns no "
        "short-funded carry) instead of the whole 2y close; an alternative for ablation, not "
        "the default: with it (and fx_sell_america_pct_per_uncertainty refitted to 2.7) the "
        "2019 and 2-11 April 2025 USD/JPY checks move further from the data (docs/dollar.md)",
        "Engel (2016), AER: the exchange rate's level reflects expected future short-rate "
        "differentials")
    fx_noise_pct_per_day: float = param(
        0.55, "%/day", "sd of daily USD/JPY news the bond state does not explain, in calm "
        "(it grows with uncertainty as macro news does: vol_per_uncertainty)",
        "residual sd of the carry regression above", lo=0.0, hi=10.0)
    fx_sell_america_pct_per_uncertainty: float = param(
        3.3, "%/unit", "fall of USD/JPY per unit of uncertainty when the Fed has no "
        "room (the US is the source: a premium on US assets, 'sell America')",
        "fitted by hand on liberation-day-2025 only: USD/JPY "
        "2-22 April 2025 (-6.1%, FRED DEXJPUS), 8 seeds (100-107) disjoint from the judged "
        "ones, with the haven at a third of it; grid 3, 3.2, 3.3, 3.4 (refitted on 7 "
        "December 2026 when the uncertainty unit was put on the VIX's scale: 1.5 before; "
        "checked again when fx_impact_pct_per_100bn fell to 3.3: 3.3 gives -6.15%, 3.0 "
        "-5.76%, 3.4 -6.28%)",
        lo=0.0, hi=50.0)
    fx_safe_haven_pct_per_uncertainty: float = param(
        1.1, "%/unit", "fall of USD/JPY per unit of uncertainty when the Fed has room, "
        "and per unit of fresh uncertainty (flight to safety): the yen's safe-haven bid",
        "assumption: a third of the sell-America premium per unit (the bond model's "
        "flight-to-safety bid is short-lived; the yen's haven role weakened as carry trades "
        "grew)", lo=0.0, hi=50.0)
    fx_premium_half_life_days: float = param(
        60.0, "days", "half-life of the dollar's risk premium once "
        "uncertainty has raised it (it never falls faster)",
        "approx.: USD/JPY stayed 4-5% below its 2 April 2025 level through June 2025 (FRED "
        "DEXJPUS) while the VIX was back near 20", lo=0.5, hi=10000.0)
    fx_impact_pct_per_100bn: float = param(
        3.3, "%/$100bn", "move of USD/JPY per $100bn of net dollar flow through the FX market",
        "fitted: Japan MoF's intervention of 29 Apr and 1 May 2024 (~$62bn): the noon fixes "
        "(FRED DEXJPUS) of 26 Apr and 2 May less the 2y's carry, 3.33 (python -m "
        "yieldsim.calibration.interventions); its checks, the 2022 and July 2024 "
        "interventions pooled: 3.7 (standard error 1.3). Until 7 December 2026: 5.5, from "
        "intraday levels of the same episode", lo=0.0, hi=100.0)
    fx_impact_half_life_days: float = param(
        30.0, "days", "half-life of a flow's effect on USD/JPY (global investors take the other "
        "side)", "approx.: after the 2024 interventions USD/JPY retraced about half within a "
        "month (153 to 157 by late May 2024)", lo=0.5, hi=10000.0)
    japan_official_share: float = param(
        0.75, "fraction", "share of Japan's TIC holdings that are the Ministry of Finance's "
        "reserves (the rest: life insurers, pensions, banks)", "approx.: MoF foreign reserves "
        "$1.27tn end-March 2025, of which securities ~$943bn and deposits ~$160bn (MoF, "
        "International Reserves), Treasuries taken as ~$850bn (about 90% of the securities) "
        "of TIC's $1,131bn", lo=0.0, hi=1.0)
    japan_other_reserves_bn: float = param(
        255.0, "$bn", "the Ministry's foreign-currency reserves beyond its Treasuries (deposits "
        "and other securities), held at a constant dollar value and marked at USD/JPY in its "
        "yen ledger: a sale repatriated into yen cheapens them too", "MoF, International "
        "Reserves/Foreign Currency Liquidity, end-March 2025: foreign currency reserves "
        "~$1,103bn (securities ~$943bn, deposits ~$160bn) less the Ministry's Treasuries "
        "(japan_official_share x TIC, $848bn); currency split unpublished, all marked at "
        "USD/JPY (assumption)", lo=0.0, hi=10000.0)
    japan_private_hedge_ratio: float = param(
        0.45, "fraction", "share of Japanese private holders' Treasuries hedged into yen at the "
        "start", "approx. life insurers' disclosed FX hedge ratios, 40-50% in 2024-25",
        lo=0.0, hi=1.0)
    japan_hedge_per_pp: float = param(
        0.05, "1/pp", "fall in their hedge ratio per point of dearer hedging (the 2y "
        "differential)", "approx.: life insurers' hedge ratios fell from ~65% (2020, hedging "
        "cost ~0) to ~45% (2023-24, ~4-5pp)", lo=0.0, hi=1.0)
    japan_hedge_per_risk_pct: float = param(
        0.02, "1/%", "rise in their hedge ratio per percent of the dollar's risk premium",
        "assumption", lo=0.0, hi=1.0)
    japan_private_demand_per_pct: float = param(
        0.02, "1/pp", "relative change of their Treasury book per point of expected dollar "
        "return (carry less risk premium) above the start's", "assumption", lo=0.0, hi=1.0)
    japan_private_adjust_speed: float = param(
        0.02, "1/day", "share of the gap to their desired book closed per day", "assumption",
        lo=0.0, hi=1.0)
    japan_repatriated_share: float = param(
        1.0, "fraction", "share of the Ministry's sale proceeds converted to yen the same day",
        "assumption: sales fund yen purchases (intervention) or are the point of the threat",
        lo=0.0, hi=1.0)
    china_repatriated_share: float = param(
        0.0, "fraction", "share of China's sale proceeds converted to renminbi (the rest kept "
        "in dollar deposits); they do not cross USD/JPY", "assumption: SAFE's sales have gone "
        "to other dollar assets (TIC custody shifts)", lo=0.0, hi=1.0)
    usdcny: float = param(7.27, "CNY/$", "USD/CNY, held fixed (a managed rate): China's ledger "
                          "in renminbi", "approx. FRED DEXCHUS 2025-03-03", lo=0.1, hi=100.0)

    # --- the equity index (model/equity.py; the administration reads it, margins its vol) ---
    equity_vol_start: float = param(21.5, "points", "the volatility index (VIX-like) with no "
                                    "policy uncertainty", "VIX 2 April 2025 (FRED VIXCLS, "
                                    "yieldsim/data/us_market_daily_2012_2025.csv; margins "
                                    "read volatility relative to it, so it is never 0: the "
                                    "VIX's record low is 9.1)", lo=1.0, hi=200.0)
    equity_vol_per_uncertainty: float = param(
        EQUITY_FIT["equity_vol_per_uncertainty"], "points/unit", "volatility-index points per "
        "unit of policy uncertainty", EQUITY_SOURCE, lo=0.0, hi=200.0)
    equity_pct_per_vol_point: float = param(
        EQUITY_FIT["equity_pct_per_vol_point"], "%/point", "fall of the equity index (log "
        "percent) per volatility point above equity_vol_start: the equity risk premium",
        EQUITY_SOURCE, lo=0.0, hi=10.0)
    equity_pct_per_growth_bp: float = param(
        EQUITY_FIT["equity_pct_per_growth_bp"], "%/bp", "fall of the equity index (log "
        "percent) per bp of the growth hit tariffs imply (growth_bp_per_tariff_pp x effective "
        "tariff change + growth_bp_per_retaliation_pp x retaliation change): earnings",
        EQUITY_SOURCE, lo=0.0, hi=10.0)

    # --- the US administration and the negotiation (policy = "endogenous") -----------------
    policy: str = param("scripted", "mode", "'scripted': every tariff, pause and deal comes from "
                        "the scenario; 'endogenous': the administration and its partners "
                        "choose them after the scenario's opening", "yieldsim design")
    admin_warning_10y: float = param(4.5, "%", "10y level the administration reads as a warning "
                                     "line", "press reading of 4.5% as Washington's line, April "
                                     "2025 (CALIBRATION.md)", lo=0.0, hi=20.0)
    admin_pain_per_bp_above: float = param(1.0, "pain/bp", "pain per bp of 10y close above the "
                                           "warning line (pain is measured in bp-equivalents)",
                                           "normalisation", lo=0.0, hi=100.0)
    admin_pain_per_bp_rise: float = param(1.0, "pain/bp", "pain per bp of 10y rise over the last "
                                          "5 closes (falls count zero)", "assumption: a "
                                          "fast rise hurts like a level above the line", lo=0.0,
                                          hi=100.0)
    admin_pain_per_utilization: float = param(20.0, "pain/unit", "pain per unit of dealer "
                                              "utilisation (1 = full balance sheets)",
                                              "assumption: dealer strain as in the April 2025 "
                                              "basis-trade reports", lo=0.0, hi=1000.0)
    admin_pain_per_growth_bp: float = param(0.2, "pain/bp", "pain per bp of expected policy-path "
                                            "fall the tariffs imply through growth "
                                            "(growth_bp_per_tariff_pp x effective tariff)",
                                            "assumption", lo=0.0, hi=100.0)
    admin_pain_per_equity_pct: float = param(
        1.0, "pain/%", "pain per percent of the equity index's drawdown from its high",
        "assumption: a 1% fall in stocks weighs like 1bp of 10y rise; see docs/game.md",
        lo=0.0, hi=100.0)
    admin_watches_markets: bool = param(True, "bool", "whether the administration feels the "
                                        "markets: false switches off the bond, equity and "
                                        "threat channels of its pain at once (the growth hit "
                                        "stays)", "yieldsim design (issue 23)")
    admin_weight_bonds: float = param(1.0, "x", "weight of the bond channel (10y level, rise, "
                                      "dealer strain) in the administration's pain",
                                      "normalisation", lo=0.0, hi=100.0)
    admin_weight_equities: float = param(ADMIN_WEIGHT_EQUITIES, "x", "weight of the equity "
                                         "channel (the index's drawdown) in the "
                                         "administration's pain", GAME_FIT, lo=0.0, hi=100.0)
    admin_weight_growth: float = param(ADMIN_WEIGHT_GROWTH, "x", "weight of the growth channel "
                                       "(the growth hit its tariffs imply) in the "
                                       "administration's pain", GAME_FIT, lo=0.0, hi=100.0)
    admin_weight_threats: float = param(1.0, "x", "weight of the threat channel (partners' "
                                        "threatened sales) in the administration's pain",
                                        "normalisation", lo=0.0, hi=100.0)
    admin_threat_horizon_days: int = param(
        21, "trading days", "a threat is priced as the sale the sovereign's campaign would make "
        "over this many days (at resolve x sovereign_max_pace_bn a day, at most its book); "
        "its bond pain comes from the model's own response (model/threat.py)",
        "assumption: the month ahead (japan-sells: $100bn over 21 days)", lo=1, hi=252)
    admin_credibility_scale_bn: float = param(1000.0, "$bn", "holdings at which a fully resolved "
                                              "partner's threat has credibility 1 (the weight "
                                              "on its threatened sale's bond pain)", "order of "
                                              "Japan's book (TIC)", lo=1.0, hi=20000.0)
    admin_tolerance: float = param(ADMIN_TOLERANCE, "pain", "pain beyond which the administration "
                                   "de-escalates (pause, then offers)", GAME_FIT, lo=0.0,
                                   hi=10000.0)
    admin_calm_pain: float = param(15.0, "pain", "pain below which the market counts as calm and "
                                   "the administration pursues its agenda", "assumption", lo=0.0,
                                   hi=10000.0)
    admin_pause_days: int = param(63, "trading days", "length of a pause", "the 90-day pause of "
                                  "9 April 2025 (90 calendar days)", lo=1, hi=2000)
    admin_cooldown_days: int = param(5, "trading days", "least time between two de-escalations "
                                     "or two escalations", "assumption", lo=1, hi=500)
    admin_concession_per_day: float = param(ADMIN_CONCESSION_PER_DAY, "1/day", "share of the gap "
                                            "between agenda and floor the administration "
                                            "gives up per day of negotiation at pain = "
                                            "tolerance (scales with pain/tolerance)", GAME_FIT,
                                            lo=0.0, hi=1.0)
    admin_floor_rate: float = param(0.10, "rate", "lowest rate the administration offers any "
                                    "partner (its baseline tariff)", "the 10% baseline of 2 April "
                                    "2025", lo=0.0, hi=5.0)
    admin_counter_share: float = param(0.5, "x", "rate added on a partner per point of new "
                                       "retaliation when the market is not in pain", "assumption "
                                       "(April 2025: +50 answered China's 34, +41 its 84)",
                                       lo=0.0, hi=5.0)
    admin_max_rate: float = param(1.45, "rate", "highest rate the administration imposes",
                                  "the 145% on China, April 2025", lo=0.0, hi=5.0)
    negotiating_partners: str = param("japan,china,european_union,korea_south,vietnam", "names",
                                      "partners the administration negotiates with (country "
                                      "keys with a US import share)", "Census FT-900 import "
                                      "shares (model/countries.py)")
    trade_elasticity: float = param(
        2.53, "x", "fall of a partner's exports to the US per unit of US tariff rate (and of its "
        "imports from the US per unit of its own retaliation): a partner prices a deal's "
        "export loss as exports x rate x this (agents/partner.py)",
        "Fajgelbaum, Goldberg, Kennedy & Khandelwal (2020, QJE), import demand elasticity "
        "2.53; complete pass-through to US prices as in Amiti, Redding & Weinstein (2019, JEP)",
        lo=0.0, hi=20.0)
    partner_discount_per_year: float = param(
        0.05, "1/year", "rate at which a partner discounts future trade losses when it weighs a "
        "deal now against waiting", "assumption: the order of a long government bond yield",
        lo=0.001, hi=1.0)
    talks_breakdown_hazard: float = param(
        TALKS_BREAKDOWN_HAZARD, "1/trading day", "daily probability that talks with a partner "
        "break down: its offer is withdrawn and the next starts again from the announced "
        "rate (the partner prices this risk when it weighs waiting)", GAME_FIT,
        lo=0.0, hi=1.0)
    pause_snapback_belief: float = param(
        1.0, "probability", "a partner's belief that its announced rate comes back when the "
        "pause expires without a deal (the hazard it prices on the pause's last day)",
        "the administration's own rule (a pause that expires in a calm market ends); the 7 "
        "July 2025 letters put rates back from 1 August for partners without a deal",
        lo=0.0, hi=1.0)
    japan_retaliation_threshold: float = param(1.0, "rate", "US rate on Japan above which Japan "
                                               "retaliates", "assumption: Japan did not "
                                               "retaliate in 2025", lo=0.0, hi=5.0)
    china_retaliation_threshold: float = param(0.30, "rate", "US rate on China above which China "
                                               "retaliates", "assumption: China answered 54% "
                                               "on 4 April 2025", lo=0.0, hi=5.0)
    other_retaliation_threshold: float = param(0.50, "rate", "US rate above which the other "
                                               "partners retaliate", "assumption: EU, Korea and "
                                               "Vietnam did not at 20-46% in 2025", lo=0.0, hi=5.0)
    retaliation_match: float = param(1.0, "x", "a retaliating partner's rate per point of US "
                                     "rate above the baseline", "assumption: China matched "
                                     "point for point in April 2025", lo=0.0, hi=5.0)
    sovereign_patience_days: int = param(10, "trading days", "endogenous policy: a threatening "
                                         "sovereign waits this long after its threat, and "
                                         "then while the offer's pace would reach the "
                                         "rate it would accept within as many days, before "
                                         "it sells", "assumption", lo=0, hi=1000)

    # --- leveraged funds -------------------------------------------------------------------
    lf_leverage: float = param(20.0, "x", "median gross leverage of leveraged funds",
                               "Fed note 2023-08-30 (basis trades 20-50x)", lo=1.0, hi=200.0)
    lf_haircut_pct: float = param(2.5, "%", "median repo haircut in calm markets", lo=0.1,
                                  hi=100.0)
    lf_haircut_vol_elasticity: float = param(
        1.0, "x", "relative haircut (margin) rise per unit of realised vol above calm: at "
        "twice calm volatility margins double", "assumption (was 0.3; at 0.3 April 2025's "
        "forced sales were ~$10bn on one or two days); CCP and repo margins are set from "
        "recent volatility (CME SPAN, FICC VaR), so they move roughly in proportion; 1.5 "
        "makes April a fire sale in half the seeds", lo=0.0, hi=50.0)
    lf_relever_speed: float = param(0.01, "1/day", "share of the gap to target leverage closed "
                                    "each calm day", lo=0.0, hi=1.0)
    lf_relever_vol_ratio: float = param(
        1.2, "x", "funds re-lever only while the volatility margins are set on is below this "
        "multiple of its calm level", "assumption (a design choice of the margin mechanics)",
        lo=0.0, hi=10.0)
    lf_call_buffer: float = param(
        0.2, "fraction", "share of its margin capacity a called fund sells down to leave free "
        "(it sells towards a book that uses 1 minus this of its capacity)", "assumption (a "
        "design choice of the margin mechanics)", lo=0.0, hi=0.9)
    lf_carry_bp_per_year: float = param(20.0, "bp/yr", "carry earned on the hedged position",
                                        lo=0.0, hi=1000.0)
    lf_spread_beta: float = param(0.5, "x", "exposure of the hedged book to dealer price "
                                  "pressure (Treasury cheapening against swaps and futures)",
                                  lo=0.0, hi=10.0)
    lf_supply_beta: float = param(0.2, "x", "exposure of the hedged book to the supply premium "
                                  "(most of it moves swaps too, so the hedge covers it)", lo=0.0,
                                  hi=10.0)
    lf_haircut_dispersion: float = param(0.2, "log sd", "dispersion of calm repo haircuts across "
                                         "leveraged funds (lognormal sigma around "
                                         "lf_haircut_pct)", lo=0.0, hi=3.0)
    lf_usage_dispersion: float = param(0.3, "log sd", "dispersion of margin usage (leverage x "
                                       "haircut) across leveraged funds (lognormal sigma): how "
                                       "spread out the funds' distance to a margin call is",
                                       lo=0.0, hi=3.0)
    lf_relever_noise: float = param(0.3, "fraction", "day-to-day dispersion of each fund's "
                                    "re-levering speed, relative to lf_relever_speed (speed "
                                    "times 1 + this x N(0,1), clipped to 0-2)", lo=0.0, hi=10.0)

    lf_unwind_speed: float = param(
        0.2, "1/day", "share of the way to its safe book a fund under a margin call sells "
        "each day (1 = all at once); a fund whose equity is gone is closed out at once",
        "assumption: funds meet calls partly from cash and unwind over days; the April 2025 "
        "swap-spread unwinds ran over the week of 7-11 April (NY Fed, Perli, May 2025)",
        lo=0.01, hi=1.0)
    lf_swap_spread_share: float = param(
        0.3, "fraction", "share of leveraged funds' long cash Treasuries hedged with pay-fixed "
        "SOFR swaps (the swap-spread trade); the rest is hedged with futures (the cash-futures "
        "basis trade). The swap leg is closed in proportion when the bonds are sold",
        "approx. BIS Quarterly Review, Dec 2025: the cash leg of swap-spread trades $281bn in "
        "2024Q1, $631bn later in 2025; the basis trade ~$1tn in early 2025 (Fed and OFR "
        "estimates): ~$300bn of leveraged_holdings_bn; spread over buckets by duration (a "
        "long-end trade)", lo=0.0, hi=1.0)

    # --- asset managers --------------------------------------------------------------------
    am_flow_per_pct_return: float = param(0.0004, "AUM/day per %", "investor flow per 1% of "
                                          "trailing 20-day return", "approx. bond-fund flow "
                                          "studies", lo=0.0, hi=0.1)
    am_noise_flow_bn: float = param(6.0, "$bn/day", "sd of aggregate idiosyncratic investor flows",
                                    "hand-tuned", lo=0.0, hi=1000.0)
    am_rebalance_speed: float = param(0.05, "1/day", "share of the gap to target weights closed "
                                      "daily", lo=0.0, hi=1.0)

    # --- real-money investors --------------------------------------------------------------
    rm_budget_pct: float = param(0.08, "% of book/day", "daily buying budget at full value "
                                 "signal", "hand-tuned", lo=0.0, hi=100.0)
    rm_vol_aversion: float = param(
        0.0, "x", "how fast real money's daily budget shrinks with "
        "volatility: budget x min(1, vol_ratio^-x) (risk budgets: liquidity providers pull "
        "back when volatility "
        "rises); 0 = off", "assumption, off by default: at 2 (value-at-risk budgets scale "
        "with variance) it adds ~1bp to April 2025's market share (32 seeds) and a $400bn "
        "Fed purchase spread over 21 days peaks above the same in one day (response "
        "surface check); "
        "Brunnermeier & Pedersen (2009), Adrian & Shin (2010); NY Fed "
        "(Perli, May 2025): April 2025 liquidity worsened in line with volatility",
        lo=0.0, hi=5.0)
    rm_pressure_band_bp: float = param(10.0, "bp", "price concession at which real money uses its "
                                       "full budget", lo=0.1, hi=1000.0)
    rm_level_weight: float = param(0.3, "fraction", "weight of the yield-level target next to "
                                   "the price-concession signal", lo=0.0, hi=1.0)
    rm_level_band_bp: float = param(50.0, "bp", "distance above the target yield at which the "
                                    "level signal is full", lo=0.1, hi=1000.0)
    rm_target_dispersion_bp: float = param(25.0, "bp", "dispersion of target yields across "
                                           "investors", lo=0.0, hi=500.0)
    rm_threshold_dispersion_bp: float = param(1.0, "bp", "dispersion across investors of the "
                                              "price concession at which each starts buying "
                                              "(normal sd around zero)", lo=0.0, hi=100.0)

    # --- Fed and Treasury -------------------------------------------------------------------
    fed_runoff_bn_per_month: float = param(5.0, "$bn/month", "SOMA Treasury runoff cap",
                                           "FOMC statement, March 2025 (from April)", lo=0.0,
                                           hi=1000.0)
    fed_backstop: bool = param(True, "bool", "whether the Fed buys when market stress crosses "
                               "its threshold (as in March 2020)")
    fed_backstop_threshold: float = param(0.9, "utilisation", "dealer utilisation that triggers "
                                          "the backstop", lo=0.0, hi=5.0)
    fed_backstop_exit_share: float = param(
        0.7, "fraction", "the backstop stands down once dealer utilisation falls below this "
        "share of its trigger", "assumption: in March 2020 operations were tapered as dealer "
        "positions normalised; set above the utilisation dealers carry in calm markets (about "
        "0.45-0.55 of capacity in the baseline), so an episode ends when the stress has passed "
        "rather than buying ordinary inventory for ever", lo=0.0, hi=1.0)
    fed_backstop_bn_per_day: float = param(60.0, "$bn/day", "backstop purchase pace",
                                           "March 2020: $775bn in 12 trading days", lo=0.0,
                                           hi=10000.0)
    fed_bid_widening: float = param(
        15.0, "x", "how much richer the Fed bids for programme amounts not yet filled than "
        "dealers quote the same inventory: it raises its bid until its schedule fills",
        "assumption: the NY Fed's operations were oversubscribed (offer-to-cover 2-4x) and "
        "bought their schedules; 15 lets a $100bn one-day operation fill within days, so a "
        "concentrated purchase moves prices more than the same spread out", lo=0.0, hi=100.0)
    fed_offer_depth_bn_per_day: float = param(
        10.0, "$bn/day", "face clients offer into (or bid for) the Fed's operations through "
        "dealers in a day beyond dealers' own positions: dealers tender it and cover from "
        "clients later, at the concession their short (or long) inventory carries",
        "approx.: QE2 and QE3 operations (2010-14) bought $1-5bn each, several a week, with "
        "offers two to four times the amount (NY Fed operation results); in March 2020 the "
        "$65bn a day came from dealers' own long books, which the auction already takes",
        lo=0.0, hi=10000.0)
    treasury_net_issuance_bn_per_day: float = param(7.2, "$bn/day", "net marketable issuance "
                                                    "(deficit financing)", "approx. FY2025 "
                                                    "deficit $1.8tn / 250 days", lo=0.0,
                                                    hi=1000.0)
    priced_issuance_bn_per_day: float = param(
        7.2, "$bn/day", "the net issuance the start yields price (the fiscal path markets "
        "expected); issuance beyond it accumulates as supply the private sector must hold "
        "(a stock effect, Laubach 2009; Greenwood & Vayanos 2014)", "approx. FY2025 deficit "
        "$1.8tn / 250 days (set to the episode's own issuance in each history scenario)",
        lo=0.0, hi=1000.0)
    fiscal_horizon_years: float = param(
        5.0, "years", "how far ahead holders price an announced change in the deficit (a "
        "`fiscal` event) as supply, before its bonds are sold",
        "Laubach (2009), JEEA: the deficits and debt projected five years ahead (CBO) move "
        "long-horizon forward rates; current ones do not", lo=0.0, hi=30.0)
    treasury_auctions: bool = param(False, "bool", "issue by a monthly auction calendar instead of "
                                    "smoothly every day")
    realised_vol_decay: float = param(0.94, "fraction", "EWMA decay of realised 10y volatility",
                                      "RiskMetrics", lo=0.0, hi=0.999)

    def without_frictions(self) -> ModelParams:
        """These parameters with the market's frictions switched off (`frictionless`).

        One place lists what a friction is, so an ablation switches all of them and the
        manifest shows the values the run used.
        """
        return dataclasses.replace(self, dealer_capacity_bn=FRICTIONLESS_CAPACITY_BN,
                                   pressure_bp_per_100bn=0.0, impact_coefficient=0.0,
                                   strain_coefficient=0.0, lf_haircut_vol_elasticity=0.0,
                                   supply_flow_bp_per_100bn=0.0, swap_bp_per_100bn=0.0)

    @property
    def partner_names(self) -> list[str]:
        """The countries `negotiating_partners` names, as written (blank entries dropped)."""
        return [name for name in self.negotiating_partners.split(",") if name.strip()]

    def __post_init__(self) -> None:
        """Refuse values outside their documented ranges, and inconsistent combinations."""
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, (bool, str)):
                continue
            value = number(f"parameter {f.name}", value, whole=isinstance(value, int),
                           error=ParameterError)
            check_range(f"parameter {f.name}", value, f.metadata.get("lo"), f.metadata.get("hi"),
                        f.metadata["unit"], ParameterError)
        if self.policy not in POLICIES:
            raise ParameterError(f"policy '{self.policy}' is unknown: use one of "
                                 f"{', '.join(POLICIES)}")
        if self.share_leveraged_agents + self.share_asset_manager_agents >= 1.0:
            raise ParameterError("share_leveraged_agents + share_asset_manager_agents must be "
                                 "below 1 so that some real-money investors remain")
        below = [name for name in START_YIELDS if getattr(self, name) < self.yield_floor_pct]
        if below:
            raise ParameterError(f"{below[0]}={getattr(self, below[0]):g} is below "
                                 f"yield_floor_pct={self.yield_floor_pct:g}: no yield is quoted "
                                 "below the floor, so start above it or lower the floor")
        if (self.share_outstanding_2y + self.share_outstanding_5y + self.share_outstanding_10y
                > 1.0 - MIN_BUCKET_SHARE):
            raise ParameterError("share_outstanding_2y/5y/10y must sum to at most "
                                 f"{1 - MIN_BUCKET_SHARE:g} (the 30y bucket takes the rest)")

    @classmethod
    def names(cls) -> list[str]:
        """All parameter names, in declaration order."""
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """One record per parameter for `yieldsim params` and the README."""
        return [{"name": f.name, "default": f.default, "unit": f.metadata["unit"],
                 "meaning": f.metadata["doc"], "source": f.metadata["source"]}
                for f in dataclasses.fields(cls)]

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary of every resolved value (for manifests).

        `dataclasses.asdict`'s result, read field by field: every value is a bool, number or
        string, so there is nothing for its deep copy to copy.
        """
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def with_overrides(self, overrides: dict[str, Any]) -> ModelParams:
        """A copy with some values replaced, each coerced to the parameter's type and range."""
        return ModelParams.resolved(overrides, base=self)

    @classmethod
    def resolved(cls, *layers: dict[str, Any], base: ModelParams | None = None) -> ModelParams:
        """Parameters from the defaults (or `base`) and layers of overrides (`resolve_values`).

        From the defaults, this is `ModelParams().with_overrides(...)` without building and
        checking the defaults first (they are made once per process).
        """
        return cls(**resolve_values(*layers, base=base))


def resolve_values(*layers: dict[str, Any], base: ModelParams | None = None) -> dict[str, Any]:
    """Every parameter's value: defaults (or `base`), then each layer of overrides in turn.

    This is the one resolution order of the project (defaults, then a scenario's [params],
    then a user's settings). Each value is coerced and range-checked here; the constraints
    between parameters are checked when a `ModelParams` is built from the result, since a
    sweep may vary the parameter that satisfies them.

    Raises:
        ParameterError: An unknown name, or a value of the wrong type or out of range.

    """
    fields = {f.name: f for f in dataclasses.fields(ModelParams)}
    values = default_values() if base is None else base.to_dict()
    for layer in layers:
        for name, raw in layer.items():
            f = fields.get(name) if isinstance(name, str) else None
            if f is None and name in RETIRED:
                raise ParameterError(f"parameter {name} was retired: {RETIRED[name]}")
            if f is None:
                raise ParameterError(f"unknown parameter {show(name)}: see `yieldsim params` "
                                     "for the names")
            values[name] = coerce(f"parameter {name}", type(f.default), raw, f.metadata.get("lo"),
                                  f.metadata.get("hi"), f.metadata["unit"], ParameterError)
    return values


@functools.cache
def _defaults() -> dict[str, Any]:
    """The default parameters, built (and so validated) once per process."""
    return ModelParams().to_dict()


def default_values() -> dict[str, Any]:
    """Every parameter's default value, as a new dictionary the caller may change.

    A model resolves its parameters from the defaults each time it is built; the defaults
    are a constant, so they are made once rather than re-validated for every model.
    """
    return dict(_defaults())
