"""Per-step columns for Mesa's DataCollector: named functions, no lambdas (models pickle).

Each reporter is `[column_value, [model, name]]`, the DataCollector's function-with-arguments
form, so one dispatcher serves every column and the column list is built from the model
(one holdings column per sovereign, whatever the configuration). `RowCollector` is the
DataCollector the model uses: it records the same columns, but computes a step's row in one
pass of plain Python values, without Mesa's per-value `deepcopy` (every value is an
immutable float, int or str, so there is nothing to copy).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from model.instruments import BUCKETS
from model.orders import ABSORBERS, HOLDER_TYPES, HolderType, bucket_total

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel


def _step(m: YieldModel, _: str) -> int:
    return m.steps


def _date(m: YieldModel, _: str) -> str:
    return m.date_label


def _yield(m: YieldModel, bucket: str) -> float:
    return float(m.yields[BUCKETS.index(bucket)])


def _expected_of(m: YieldModel, bucket: str) -> float:
    return m.rates.value_of()[BUCKETS.index(bucket)]


def _term_premium_of(m: YieldModel, bucket: str) -> float:
    return m.term_premium.item(BUCKETS.index(bucket))


def _pressure_of(m: YieldModel, bucket: str) -> float:
    return m.pressure_bp.item(BUCKETS.index(bucket)) / 100.0


def _supply_premium_of(m: YieldModel, bucket: str) -> float:
    return m.supply_bp.item(BUCKETS.index(bucket)) / 100.0


def _swap_spread(m: YieldModel, bucket: str) -> float:
    return m.swap_spread_bp(BUCKETS.index(bucket))


def _fed_room(m: YieldModel, _: str) -> float:
    return m.fed_room


def _inflation(m: YieldModel, _: str) -> float:
    return m.inflation_pct


def _mbs_duration(m: YieldModel, _: str) -> float:
    return m.mbs_duration_years


def _flow(m: YieldModel, holder_type: str) -> float:
    return m.flows[HolderType(holder_type)]


def _sovereign_holdings(m: YieldModel, key: str) -> float:
    return float(m.sovereigns[key].holdings.sum())


def _stance(m: YieldModel, key: str) -> str:
    return str(m.sovereigns[key].stance)


def _absorbed(m: YieldModel, holder_type: str) -> float:
    kind = HolderType(holder_type)
    return m.cum_flows[kind] - m.cum_normal[kind]


def _outstanding(m: YieldModel, bucket: str) -> float:
    return float(m.outstanding[BUCKETS.index(bucket)])


def _held_total(m: YieldModel, bucket: str) -> float:
    return float(m.held[BUCKETS.index(bucket)])


def _tariff(m: YieldModel, country: str) -> float:
    return m.tariffs.rate_on(country)


def _partner_tariff(m: YieldModel, country: str) -> float:
    return m.tariffs.rate_on(country)


def _talks(m: YieldModel, country: str) -> str:
    return m.partners[country].talks(m.tariffs)


def _offer(m: YieldModel, country: str) -> float:
    # No talks (or a deal): the rate announced stands, so the "offer" is that rate (a finite
    # number, as every recorded figure must be).
    return m.tariffs.offers.get(country, m.tariffs.announced(country))


def _retaliation(m: YieldModel, country: str) -> float:
    return m.tariffs.retaliation.get(country, 0.0)


def _admin(m: YieldModel, name: str) -> float:
    return _admin_values(m)[ADMIN_COLUMNS.index(name)]


def _admin_values(m: YieldModel) -> list[float]:
    """The administration's columns, in ADMIN_COLUMNS' order (pain totals computed once)."""
    admin = m.administration
    pain = admin.pain
    total, market = pain.total, pain.market
    return [total, market, total - market, admin.tolerance, pain.bonds, pain.equity, pain.growth]


ADMIN_COLUMNS = ("admin_pain", "admin_pain_market", "admin_pain_threats", "admin_tolerance",
                 "admin_pain_bonds", "admin_pain_equities", "admin_pain_growth")


def _dealer_inventory(m: YieldModel, _: str) -> float:
    return _total(m.market.inventory)


def _dealer_utilization(m: YieldModel, _: str) -> float:
    return m.market.utilization()


def _lf_leverage(m: YieldModel, _: str) -> float:
    return m.leveraged.leverage(m.prices, np.array(m.cohort_face()[0]))


def _lf_forced_sales(m: YieldModel, _: str) -> float:
    return m.leveraged.forced_sales_bn


def _lf_swap_notional(m: YieldModel, _: str) -> float:
    return m.leveraged.swap_book_bn()


def _am_investor_flow(m: YieldModel, _: str) -> float:
    return m.asset_managers.last_flow_bn


def _fed_purchases(m: YieldModel, _: str) -> float:
    return m.fed.purchases_bn


def _fed_holdings(m: YieldModel, _: str) -> float:
    return _total(m.fed.holdings)


def _tariff_effective(m: YieldModel, _: str) -> float:
    return m.last_effective_pp


def _uncertainty(m: YieldModel, _: str) -> float:
    return m.uncertainty.level


def _vol_10y(m: YieldModel, _: str) -> float:
    return m.realised_vol_bp


def _usdjpy(m: YieldModel, _: str) -> float:
    return m.fx.usdjpy


def _fx_net_flow(m: YieldModel, _: str) -> float:
    return m.fx_net_bn


def _gain_local(m: YieldModel, key: str) -> float:
    return m.local_gain_bn(key)


def _equity_index(m: YieldModel, _: str) -> float:
    return m.equity.level


def _equity_vol(m: YieldModel, _: str) -> float:
    return m.equity.vol


def _events(m: YieldModel, _: str) -> str:
    return "; ".join(m.fired_labels)


# One column per entry, each read by its own function (the reporters and the one-pass row
# share them).
SCALARS: dict[str, Callable[[YieldModel, str], Any]] = {
    "dealer_inventory": _dealer_inventory, "dealer_utilization": _dealer_utilization,
    "lf_leverage": _lf_leverage, "lf_forced_sales": _lf_forced_sales,
    "lf_swap_notional": _lf_swap_notional,
    "am_investor_flow": _am_investor_flow, "fed_purchases": _fed_purchases,
    "fed_holdings": _fed_holdings, "tariff_effective_pp": _tariff_effective,
    "uncertainty": _uncertainty, "vol_10y_bp": _vol_10y,
    "fed_room": _fed_room,
    "inflation_expected": _inflation, "mbs_duration": _mbs_duration,
    "usdjpy": _usdjpy, "fx_net_flow": _fx_net_flow, "equity_index": _equity_index,
    "equity_vol": _equity_vol, "events": _events}
TARIFF_COLUMNS = ("all", "japan", "china")
# Every bucket's yield components, in column order (the 10y's first, then the 2y's).
COMPONENT_BUCKETS = ("10y", "2y", "5y", "30y")
_COMPONENT_INDEX = [BUCKETS.index(bucket) for bucket in COMPONENT_BUCKETS]
_FLOWS = operator.itemgetter(*HOLDER_TYPES)  # a step's flows in column order, in one call


def column_value(getter: Callable[[YieldModel, str], Any], model: YieldModel, arg: str) -> Any:
    """Evaluate one column (the DataCollector calls this with the listed arguments)."""
    return getter(model, arg)


def model_reporters(model: YieldModel) -> dict[str, list[Any]]:
    """The DataCollector's reporters for this model's configuration."""
    columns: dict[str, tuple[Callable[[YieldModel, str], Any], str]] = {
        "step": (_step, ""), "date": (_date, "")}
    for bucket in BUCKETS:
        columns[f"y_{bucket}"] = (_yield, bucket)
    for bucket in COMPONENT_BUCKETS:
        name = f"y{bucket[:-1]}"
        columns[f"{name}_expected_rate"] = (_expected_of, bucket)
        columns[f"{name}_term_premium"] = (_term_premium_of, bucket)
        columns[f"{name}_price_pressure"] = (_pressure_of, bucket)
    for bucket in COMPONENT_BUCKETS:
        columns[f"y{bucket[:-1]}_supply_premium"] = (_supply_premium_of, bucket)
    for holder_type in HOLDER_TYPES:
        columns[f"flow_{holder_type}"] = (_flow, str(holder_type))
    for holder_type in ABSORBERS:
        columns[f"absorbed_{holder_type}"] = (_absorbed, str(holder_type))
    for key in model.sovereigns:
        columns[f"holdings_{key}"] = (_sovereign_holdings, key)
        columns[f"stance_{key}"] = (_stance, key)
    for name, getter in SCALARS.items():
        columns[name] = (getter, name)
    for key in model.ledgers:
        columns[f"gain_local_{key}"] = (_gain_local, key)
    for country in TARIFF_COLUMNS:
        columns[f"tariff_{country}"] = (_tariff, country)
    for name in ADMIN_COLUMNS:
        columns[name] = (_admin, name)
    for country in model.partners:
        if f"tariff_{country}" not in columns:
            columns[f"tariff_{country}"] = (_partner_tariff, country)
        columns[f"retaliation_{country}"] = (_retaliation, country)
        columns[f"offer_{country}"] = (_offer, country)
        columns[f"talks_{country}"] = (_talks, country)
    for bucket in BUCKETS:
        columns[f"swap_spread_{bucket}"] = (_swap_spread, bucket)
    for bucket in BUCKETS:
        columns[f"outstanding_{bucket}"] = (_outstanding, bucket)
        columns[f"held_total_{bucket}"] = (_held_total, bucket)
    return {name: [column_value, [getter, model, arg]] for name, (getter, arg) in columns.items()}


def _total(by_bucket: np.ndarray) -> float:
    """`by_bucket.sum()` in plain floats."""
    return bucket_total(by_bucket.tolist())


def row_values(m: YieldModel) -> list[Any]:
    """A step's row, every column in `model_reporters`' order, computed in one pass.

    Equal value for value to the reporters (the same float operations; a test checks every
    column at every step).
    """
    flows = m.flows
    cum_flows, cum_normal = m.cum_flows, m.cum_normal
    values: list[Any] = [m.steps, m.date_label, *m.yields.tolist()]
    expected, premium = m.rates.value_of(), m.term_premium.tolist()
    pressure, supply = m.pressure_bp.tolist(), m.supply_bp.tolist()
    for i in _COMPONENT_INDEX:
        values += [expected[i], premium[i], pressure[i] / 100.0]
    values += [supply[i] / 100.0 for i in _COMPONENT_INDEX]
    values += _FLOWS(flows)
    values += [cum_flows[t] - cum_normal[t] for t in ABSORBERS]
    for sovereign in m.sovereigns.values():
        values.append(_total(sovereign.holdings))
        values.append(str(sovereign.stance))
    values += [getter(m, name) for name, getter in SCALARS.items()]
    values += [m.local_gain_bn(key) for key in m.ledgers]
    tariffs = m.tariffs
    values += [tariffs.rate_on(country) for country in TARIFF_COLUMNS]
    values += _admin_values(m)
    for country, partner in m.partners.items():
        if country not in TARIFF_COLUMNS:
            values.append(tariffs.rate_on(country))
        values.append(tariffs.retaliation.get(country, 0.0))
        values.append(_offer(m, country))
        values.append(partner.talks(tariffs))
    values += [m.swap_spread_bp(i) for i in range(len(BUCKETS))]
    for outstanding, held in zip(m.outstanding.tolist(), m.held.tolist(), strict=True):
        values.append(outstanding)
        values.append(held)
    return values


class RowCollector(mesa.DataCollector):
    """Mesa's DataCollector for this model's columns, with a cheap `collect`.

    The interface is Mesa's (`model_reporters`, `model_vars`, `get_model_vars_dataframe`,
    agent reporters and tables if a user adds them); only the model-level row is computed by
    `row_values` instead of one reporter call and one `deepcopy` per column.

    Attributes:
        row: The values of the last row collected, in column order.

    """

    def __init__(self, model: YieldModel) -> None:
        """Declare the model's columns (the reporters stay usable on their own)."""
        super().__init__(model_reporters=model_reporters(model))
        self._columns = list(self.model_vars.values())
        self.row: list[Any] = []
        self._numbers: Callable[[list[Any]], tuple[Any, ...]] | None = None

    def collect(self, model: YieldModel) -> None:
        """Append one row; then anything else (agent reporters) the Mesa way."""
        if hasattr(self, "_collection_steps"):
            self._collection_steps.append(model.time)
        self.row = row_values(model)
        for _ in map(list.append, self._columns, self.row):  # the appends, in C
            pass
        if self._numbers is None:  # the figures' places: every column but the labels
            self._numbers = operator.itemgetter(
                *(i for i, value in enumerate(self.row) if not isinstance(value, str)))
        if self.agent_reporters or self.agenttype_reporters:
            reporters, self.model_reporters = self.model_reporters, {}
            try:
                super().collect(model)
            finally:
                self.model_reporters = reporters

    def row_is_finite(self) -> bool:
        """Whether every figure in the last row is finite, by one exact sum of them.

        NaN and infinities survive addition, so a finite sum clears the row at once; False
        also when the sum cannot tell (it overflows, or a label stands where a figure was),
        and then the caller looks value by value.
        """
        if self._numbers is None:
            return False
        try:
            return math.isfinite(math.fsum(self._numbers(self.row)))
        except (TypeError, ValueError, OverflowError):
            return False
