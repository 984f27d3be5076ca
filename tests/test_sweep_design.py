"""Designs and seeds: pure functions of the spec, so any process numbers runs the same way."""

from __future__ import annotations

import numpy as np

from yieldsim.sweeps.design import design_points
from yieldsim.sweeps.seeds import run_seed
from yieldsim.sweeps.spec import Flags, SweepSpec, resolve


def spec_of(*vary: str, **options: object) -> SweepSpec:
    spec, _ = resolve(Flags(scenario="japan-sells", vary=list(vary), **options))  # type: ignore[arg-type]
    return spec


def test_common_random_numbers_share_seeds_across_points_not_replicates() -> None:
    crn = [[run_seed(7, p, r) for r in range(5)] for p in range(6)]
    assert all(row == crn[0] for row in crn)
    assert len(set(crn[0])) == 5
    independent = {run_seed(7, p, r, crn=False) for p in range(50) for r in range(10)}
    assert len(independent) == 500
    assert run_seed(7, 0, 0) != run_seed(8, 0, 0)
    assert all(0 <= s < 2**63 for s in independent)


def test_grid_is_the_product_with_the_last_axis_fastest() -> None:
    spec = spec_of("japan_sale.amount_bn=0:300:3", "dealer_capacity_bn=50,400")
    points = design_points(spec)
    assert [(p["japan_sale.amount_bn"], p["dealer_capacity_bn"]) for p in points] == [
        (0.0, 50.0), (0.0, 400.0), (150.0, 50.0), (150.0, 400.0), (300.0, 50.0), (300.0, 400.0)]
    assert spec.run_count() == 6


def test_lhs_puts_one_point_in_every_stratum_of_every_axis() -> None:
    n = 40
    spec = spec_of("dealer_capacity_bn=50:450", "lf_leverage=10:30", design="lhs", samples=n)
    points = design_points(spec)
    assert len(points) == n
    for name, (lo, hi) in (("dealer_capacity_bn", (50, 450)), ("lf_leverage", (10, 30))):
        values = np.array([p[name] for p in points])
        assert ((values >= lo) & (values <= hi)).all()
        strata = np.floor((values - lo) / (hi - lo) * n).astype(int)
        assert sorted(strata) == list(range(n))
    assert design_points(spec) == points
    other = spec_of("dealer_capacity_bn=50:450", "lf_leverage=10:30", design="lhs", samples=n,
                    seed=8)
    assert design_points(other) != points


def test_lhs_draws_listed_levels_evenly_and_whole_numbers_for_int_fields() -> None:
    spec = spec_of("fed_backstop=true,false", "japan_sale.days=5:40", design="lhs", samples=10)
    points = design_points(spec)
    assert sum(p["fed_backstop"] for p in points) == 5
    assert all(isinstance(p["japan_sale.days"], int) and 5 <= p["japan_sale.days"] <= 40
               for p in points)


def test_sobol_follows_saltelli_layout_within_bounds() -> None:
    spec = spec_of("dealer_capacity_bn=50:400", "lf_leverage=10:40", "china_resolve=0:1",
                   design="sobol", samples=16)
    points = design_points(spec)
    assert len(points) == spec.point_count() == 16 * (3 + 2)
    caps = np.array([p["dealer_capacity_bn"] for p in points])
    assert caps.min() >= 50 and caps.max() <= 400
    # Saltelli blocks: row 0 of block A and of the "A with column 0 from B" matrix share
    # every column but the first.
    a, ab0 = points[0], points[1]
    assert a["lf_leverage"] == ab0["lf_leverage"] and a["china_resolve"] == ab0["china_resolve"]
    assert a["dealer_capacity_bn"] != ab0["dealer_capacity_bn"]
    assert design_points(spec) == points
