"""Per-step columns for Mesa's DataCollector: named functions, no lambdas (models pickle).

Each reporter is `[column_value, [model, name]]`, the DataCollector's function-with-arguments
form, so one dispatcher serves every column and the column list is built from the model
(one holdings column per sovereign, whatever the configuration). `RowCollector` is the
DataCollector the model uses: it records the same columns, but computes a step's row in one
pass of plain Python values, without Mesa's per-value `deepcopy` (every value is an
immutable float, int or str, so there is nothing to copy).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import mesa

from model.instruments import BUCKETS, TEN_YEAR
from model.orders import HolderType

# Who can absorb a sovereign's sales: cumulative net purchases beyond normal supply absorption.
ABSORBERS = (HolderType.REAL_MONEY, HolderType.ASSET_MANAGER, HolderType.LEVERAGED,
             HolderType.DEALER, HolderType.FED)

if TYPE_CHECKING:
    from model.yieldmodel import YieldModel


def _step(m: YieldModel, _: str) -> int:
    return m.steps


def _date(m: YieldModel, _: str) -> str:
    return m.date.date().isoformat()


def _yield(m: YieldModel, bucket: str) -> float:
    return float(m.yields[BUCKETS.index(bucket)])


def _expected(m: YieldModel, _: str) -> float:
    return float(m.rates.value[TEN_YEAR])


def _term_premium(m: YieldModel, _: str) -> float:
    return float(m.term_premium[TEN_YEAR])


def _pressure(m: YieldModel, _: str) -> float:
    return float(m.pressure_bp[TEN_YEAR] / 100.0)


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
    admin = m.administration
    match name:
        case "admin_pain":
            return admin.pain.total
        case "admin_pain_market":
            return admin.pain.market
        case "admin_pain_threats":
            return admin.pain.total - admin.pain.market
        case "admin_tolerance":
            return admin.tolerance
    raise KeyError(name)


ADMIN_COLUMNS = ("admin_pain", "admin_pain_market", "admin_pain_threats", "admin_tolerance")


def _scalar(m: YieldModel, name: str) -> Any:
    match name:
        case "dealer_inventory":
            return float(m.market.inventory.sum())
        case "dealer_utilization":
            return m.market.utilization()
        case "lf_leverage":
            return m.leveraged.leverage(m.prices)
        case "lf_forced_sales":
            return m.leveraged.forced_sales_bn
        case "am_investor_flow":
            return m.asset_managers.last_flow_bn
        case "fed_purchases":
            return m.fed.purchases_bn
        case "fed_holdings":
            return float(m.fed.holdings.sum())
        case "tariff_effective_pp":
            return m.last_effective_pp
        case "uncertainty":
            return m.uncertainty.level
        case "vol_10y_bp":
            return m.realised_vol_bp
        case "y10_supply_premium":
            return float(m.supply_bp[TEN_YEAR] / 100.0)
        case "events":
            return "; ".join(m.fired_labels)
    raise KeyError(name)


TARIFF_COLUMNS = ("all", "japan", "china")
SCALARS = ("dealer_inventory", "dealer_utilization", "lf_leverage", "lf_forced_sales",
           "am_investor_flow", "fed_purchases", "fed_holdings", "tariff_effective_pp",
           "uncertainty", "vol_10y_bp", "y10_supply_premium", "events")


def column_value(getter: Callable[[YieldModel, str], Any], model: YieldModel, arg: str) -> Any:
    """Evaluate one column (the DataCollector calls this with the listed arguments)."""
    return getter(model, arg)


def model_reporters(model: YieldModel) -> dict[str, list[Any]]:
    """The DataCollector's reporters for this model's configuration."""
    columns: dict[str, tuple[Callable[[YieldModel, str], Any], str]] = {
        "step": (_step, ""), "date": (_date, "")}
    for bucket in BUCKETS:
        columns[f"y_{bucket}"] = (_yield, bucket)
    columns["y10_expected_rate"] = (_expected, "")
    columns["y10_term_premium"] = (_term_premium, "")
    columns["y10_price_pressure"] = (_pressure, "")
    for holder_type in HolderType:
        columns[f"flow_{holder_type}"] = (_flow, str(holder_type))
    for holder_type in ABSORBERS:
        columns[f"absorbed_{holder_type}"] = (_absorbed, str(holder_type))
    for key in model.sovereigns:
        columns[f"holdings_{key}"] = (_sovereign_holdings, key)
        columns[f"stance_{key}"] = (_stance, key)
    for name in SCALARS:
        columns[name] = (_scalar, name)
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
        columns[f"outstanding_{bucket}"] = (_outstanding, bucket)
        columns[f"held_total_{bucket}"] = (_held_total, bucket)
    return {name: [column_value, [getter, model, arg]] for name, (getter, arg) in columns.items()}


def _total(by_bucket: Any) -> float:
    """Sum of a 4-bucket vector in plain floats (numpy's order for four: left to right)."""
    b0, b1, b2, b3 = by_bucket.tolist()
    return b0 + b1 + b2 + b3


def fast_names(m: YieldModel) -> list[str]:
    """The columns `fast_values` computes, in its order."""
    names = ["step", "date", *(f"y_{b}" for b in BUCKETS), "y10_expected_rate",
             "y10_term_premium", "y10_price_pressure"]
    names += [f"flow_{t}" for t in HolderType]
    names += [f"absorbed_{t}" for t in ABSORBERS]
    for key in m.sovereigns:
        names += [f"holdings_{key}", f"stance_{key}"]
    names += [*SCALARS, *(f"tariff_{c}" for c in TARIFF_COLUMNS), *ADMIN_COLUMNS]
    for bucket in BUCKETS:
        names += [f"outstanding_{bucket}", f"held_total_{bucket}"]
    return names


def fast_values(m: YieldModel) -> list[Any]:
    """Most of a step's values (the columns `fast_names` lists), computed in one pass.

    Equal value for value to the reporters (the same float operations; a test checks every
    column at every step). Columns not computed here are collected by their reporter.
    """
    flows = m.flows
    cum_flows, cum_normal = m.cum_flows, m.cum_normal
    ten = TEN_YEAR
    rates = m.rates
    values: list[Any] = [m.steps, m.date.date().isoformat(), *m.yields.tolist(),
                         float(rates.start[ten] + rates.shift[ten] + rates.news[ten]),
                         float(m.term_premium[ten]), float(m.pressure_bp[ten] / 100.0)]
    values += [flows[t] for t in HolderType]
    values += [cum_flows[t] - cum_normal[t] for t in ABSORBERS]
    for sovereign in m.sovereigns.values():
        values.append(_total(sovereign.holdings))
        values.append(str(sovereign.stance))
    values += [_scalar(m, name) for name in SCALARS]
    tariffs = m.tariffs
    values += [tariffs.rate_on(country) for country in TARIFF_COLUMNS]
    values += [_admin(m, name) for name in ADMIN_COLUMNS]
    for outstanding, held in zip(m.outstanding.tolist(), m.held.tolist(), strict=True):
        values.append(outstanding)
        values.append(held)
    return values


IMMUTABLE = (str, int, float, bool, tuple, type(None))


class RowCollector(mesa.DataCollector):
    """Mesa's DataCollector for this model's columns, with a cheap `collect`.

    The interface is Mesa's (`model_reporters`, `model_vars`, `get_model_vars_dataframe`,
    agent reporters and tables if a user adds them); only the model-level row is computed by
    `fast_values` instead of one reporter call and one `deepcopy` per column.
    """

    def __init__(self, model: YieldModel) -> None:
        """Declare the model's columns (the reporters stay usable on their own)."""
        super().__init__(model_reporters=model_reporters(model))
        fast = {name: i for i, name in enumerate(fast_names(model))}
        self._fast = [(self.model_vars[name], fast[name]) for name in self.model_reporters
                      if name in fast]
        self._other = [(self.model_vars[name], reporter)
                       for name, reporter in self.model_reporters.items() if name not in fast]

    def collect(self, model: YieldModel) -> None:
        """Append one row; then anything else (agent reporters) the Mesa way."""
        if hasattr(self, "_collection_steps"):
            self._collection_steps.append(model.time)
        values = fast_values(model)
        for column, index in self._fast:
            column.append(values[index])
        for column, (function, arguments) in self._other:  # collected as Mesa does
            value = function(*arguments)
            column.append(value if isinstance(value, IMMUTABLE) else copy.deepcopy(value))
        if self.agent_reporters or self.agenttype_reporters:
            reporters, self.model_reporters = self.model_reporters, {}
            try:
                super().collect(model)
            finally:
                self.model_reporters = reporters
