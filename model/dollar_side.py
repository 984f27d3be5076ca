"""The dollar side of a run: USD/JPY cleared after the bond close, and own-currency books.

The bond model never reads anything here, so the FX market can be switched off, replaced or
tested without touching yields. Each day the Ministry of Finance's repatriated sale proceeds
and Japanese private holders' hedging flows clear in `model.fx.FxMarket` around the level the
bond state implies (the 2y differential, the risk premium that uncertainty carries); then
Japan's and China's results are booked in yen and renminbi.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.daycount import TRADING_DAYS_PER_YEAR
from model.fx import FxOrder, YenLedger, build_fx
from model.orders import bucket_total
from model.params import ModelParams

if TYPE_CHECKING:
    from agents.sovereign import Sovereign
    from model.components import Uncertainty

# The spawn key of the FX news stream: a fixed child of the model's seed, so the bond market
# draws exactly the numbers it drew before the FX market existed (issue 22).
FX_STREAM = 2201
# Sovereigns whose result is also booked in their own currency, and its code.
LOCAL_CURRENCIES = {"japan": "JPY", "china": "CNY"}


class DollarSide:
    """USD/JPY, Japanese private holders and the sovereigns' own-currency ledgers.

    Attributes:
        fx: The USD/JPY market.
        japan_private: Japanese life insurers, pensions and banks (an FX-side cohort).
        repatriated: Share of each sovereign's sale proceeds converted home on the day.
        ledgers: Own-currency books of the sovereigns in `LOCAL_CURRENCIES` the run has.
        net_bn: Net dollars the day's senders bought ($bn; + bought).

    """

    def __init__(self, params: ModelParams, start_2y_pct: float,
                 sovereigns: dict[str, Sovereign], seed_seq: np.random.SeedSequence) -> None:
        """Open the market and the ledgers at the start rates.

        Args:
            params: The resolved parameters.
            start_2y_pct: The US 2y at the start (percent): carry's starting differential.
            sovereigns: The run's sovereigns; Japan and China, if present, get a ledger.
            seed_seq: The model's seed sequence; the FX news stream is its child.

        """
        self.params = params
        self.sovereigns = sovereigns
        self.fx, self.japan_private = build_fx(params, start_2y_pct)
        self._rng = np.random.default_rng(np.random.SeedSequence(
            seed_seq.entropy, spawn_key=(*seed_seq.spawn_key, FX_STREAM)))
        self.repatriated = {"japan": params.japan_repatriated_share,
                            "china": params.china_repatriated_share}
        # Japan's other reserves are in its ledger; China's rate is fixed, so its would not move.
        other = {"japan": params.japan_other_reserves_bn, "china": 0.0}
        self.ledgers = {key: YenLedger((sovereigns[key].start_value_bn + other[key])
                                       * self.local_rate(key), self.local_rate(key), other[key])
                        for key in LOCAL_CURRENCIES if key in sovereigns}
        self._cash_seen = {key: sovereigns[key].cash_bn for key in self.ledgers}
        self.net_bn = 0.0

    def local_rate(self, key: str) -> float:
        """Units of a sovereign's own currency per dollar today (yen: the market; CNY: fixed)."""
        return self.fx.usdjpy if key == "japan" else self.params.usdcny

    def local_gain_bn(self, key: str, prices: np.ndarray) -> float:
        """A sovereign's gain since the start in its own currency (bn yen or renminbi).

        Bonds marked to market, coupons and FX together (with Japan's other reserves): what the
        chip costs it at home.
        """
        value = self.sovereigns[key].value_bn(prices)
        return self.ledgers[key].gain_local(value, self.local_rate(key))

    def clear(self, uncertainty: Uncertainty, room: float, us_2y_pct: float,
              coupons_pct: list[float]) -> None:
        """The day's FX clearing after the bond close, then the own-currency ledgers.

        The Ministry of Finance sells the dollars its sales raised; Japanese private holders
        move their unhedged exposure; the level follows the 2y differential and the risk
        premium the bond term premium carries.

        Args:
            uncertainty: The bond model's uncertainty state (read, never changed).
            room: The Fed's room to ease today (0-1).
            us_2y_pct: Today's US 2y close (percent).
            coupons_pct: The buckets' coupons (percent a year).

        """
        p = self.params
        premium = self.fx.advance_premium(uncertainty.built, uncertainty.fresh, room)
        cash = {key: self.sovereigns[key].cash_bn for key in self.ledgers}
        proceeds = {key: cash[key] - self._cash_seen[key] for key in cash}
        self._cash_seen = cash
        differential = us_2y_pct - p.japan_rate_pct
        orders = [self.japan_private.order(differential, premium)]
        if "japan" in proceeds:
            orders.append(FxOrder("japan", -self.repatriated["japan"] * proceeds["japan"]))
        # FX news grows with uncertainty as macro news does (`vol_per_uncertainty`): USD/JPY's
        # daily sd was 0.87% in April 2025 against 0.55% in March (FRED DEXJPUS).
        noise = (p.fx_noise_pct_per_day * (1.0 + p.vol_per_uncertainty * uncertainty.level)
                 * float(self._rng.standard_normal()))
        self.net_bn = self.fx.clear(orders, differential, noise).net_usd_bn
        for key, ledger in self.ledgers.items():
            holdings = self.sovereigns[key].holdings.tolist()
            coupon = bucket_total([h * c / 100.0 for h, c in zip(holdings, coupons_pct,
                                                                  strict=True)])
            ledger.book(proceeds[key], coupon / TRADING_DAYS_PER_YEAR, self.local_rate(key),
                        self.repatriated[key])
