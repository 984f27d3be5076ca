"""The response surface's cell properties on a small grid (the full grid is `yieldsim validate`)."""

import numpy as np

from model.params import ModelParams
from yieldsim.calibration.operations import FED, SALE
from yieldsim.calibration.surface import (
    SurfaceSpec,
    check_surface,
    response_surface,
    surface_markdown,
)


def test_small_surface_is_sound():
    spec = SurfaceSpec(sizes_bn=(25.0, 100.0, 400.0), durations=(1, 21), seeds=(1,))
    frame = response_surface(spec)
    assert len(frame) == 2 * 3 * 2
    assert check_surface(frame, ModelParams().yield_floor_pct) == []
    sales, fed = frame[frame["kind"] == SALE], frame[frame["kind"] == FED]
    assert (sales["effect_end_bp"] > 0).all() and (fed["effect_end_bp"] < 0).all()
    assert np.isfinite(frame[["effect_end_bp", "effect_3m_bp", "peak_bp"]].to_numpy()).all()
    assert "| 100 |" in surface_markdown(frame)


def test_the_checks_catch_a_broken_surface():
    spec = SurfaceSpec(sizes_bn=(25.0, 100.0), durations=(1, 21), kinds=(SALE,), seeds=(1,))
    frame = response_surface(spec)
    broken = frame.copy()
    broken.loc[broken["size_bn"] == 100.0, "effect_end_bp"] = -5.0     # not monotone in size
    broken.loc[0, "min_yield_pct"] = -1.0                              # below the floor
    broken.loc[1, "max_utilization"] = 9.0                             # beyond capacity
    problems = check_surface(broken, 0.0)
    assert any("monotone" in p for p in problems)
    assert any("floor" in p for p in problems)
    assert any("capacity" in p for p in problems)


def test_cells_carry_the_standard_error_of_their_median():
    spec = SurfaceSpec(sizes_bn=(50.0,), durations=(5,), kinds=(SALE,), seeds=(1, 2, 3))
    frame = response_surface(spec)
    row = frame.iloc[0]
    assert np.isfinite(row["effect_end_se_bp"]) and row["effect_end_se_bp"] >= 0.0
    one = response_surface(SurfaceSpec(sizes_bn=(50.0,), durations=(5,), kinds=(SALE,),
                                       seeds=(1,)))
    assert np.isnan(one.iloc[0]["effect_end_se_bp"])  # one seed: no standard error
    assert "Standard error of a cell's median" in surface_markdown(frame)
    assert "Standard error" not in surface_markdown(one)
