"""Ablation and fiscal supply: `frictionless` switches every friction off; deficits cost.

These pin what the switches do to the mechanism, not calibrated magnitudes.
"""

from __future__ import annotations

import numpy as np

from model.params import FRICTIONLESS_CAPACITY_BN, ModelParams
from model.yieldmodel import YieldModel


def test_frictionless_names_every_friction_once() -> None:
    free = ModelParams(frictionless=True).without_frictions()
    assert free.dealer_capacity_bn == FRICTIONLESS_CAPACITY_BN
    assert free.pressure_bp_per_100bn == 0.0 and free.impact_coefficient == 0.0
    assert free.strain_coefficient == 0.0 and free.lf_haircut_vol_elasticity == 0.0
    assert free.supply_flow_bp_per_100bn == 0.0 and free.swap_bp_per_100bn == 0.0
    assert free.frictionless  # the manifest says the run was frictionless


def test_a_frictionless_run_has_no_price_pressure_and_no_forced_sales() -> None:
    model = YieldModel(scenario="japan-sells", rng=4, n_funds=60, frictionless=True)
    model.run(60)
    frame = model.timeseries()
    assert np.allclose(frame["y10_price_pressure"], 0.0, atol=1e-9)
    assert frame["lf_forced_sales"].sum() == 0.0
    assert model.params.dealer_capacity_bn == FRICTIONLESS_CAPACITY_BN


def test_the_frictions_move_a_sale() -> None:
    # 600 funds (120 leveraged): with 60, one fund's margin call is a twelfth of the sector
    # and the sale can set off a sector-wide cascade that trips the Fed's backstop.
    def gap(**settings: object) -> float:
        sale = YieldModel(scenario="japan-sells", rng=4, n_funds=600, **settings)
        base = YieldModel(scenario="baseline", rng=4, n_funds=600, **settings)
        sale.run(40)
        base.run(40)
        return float(sale.yields[2] - base.yields[2]) * 100

    assert gap(frictionless=True) < gap() - 5.0


def test_issuance_beyond_the_priced_path_raises_yields_and_the_priced_path_does_not() -> None:
    def ten_year(**settings: float) -> float:
        model = YieldModel(scenario="baseline", rng=8, n_funds=60, **settings)
        model.run(120)
        return float(model.yields[2])

    base = ten_year()
    doubled = ten_year(treasury_net_issuance_bn_per_day=14.4)
    priced = ten_year(treasury_net_issuance_bn_per_day=14.4, priced_issuance_bn_per_day=14.4)
    assert doubled > base + 0.02
    assert abs(priced - base) < abs(doubled - base) / 4


def test_a_sale_narrows_swap_spreads_and_frictionless_ones_barely_move() -> None:
    def spread_30y(scenario: str, **settings: object) -> np.ndarray:
        model = YieldModel(scenario=scenario, rng=6, n_funds=60, **settings)
        model.run(40)
        return model.timeseries()["swap_spread_30y"].to_numpy()

    start = ModelParams().start_swap_spread_30y
    base, sale = spread_30y("baseline"), spread_30y("japan-sells")
    assert base[0] == sale[0] == start
    # Japan sells from step 20 for 21 days: Treasuries cheapen against swaps.
    assert sale[40] < base[40] - 3.0
    smooth = spread_30y("japan-sells", frictionless=True) - spread_30y("baseline",
                                                                       frictionless=True)
    assert abs(smooth[40]) < abs(sale[40] - base[40])
