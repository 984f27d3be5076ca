"""Every built-in scenario's numbers are pinned: refactors and speed-ups must not move them.

The references in tests/golden/ are regenerated (tests/golden/regenerate.py) only by a change
that is meant to change results, and the commit says so. New columns and summary keys may
be added without regenerating; every pinned one must keep its values.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from model.scenario import builtin_names
from tests.golden.reference import reference_run
from tests.golden.regenerate import HERE

TOLERANCE = 1e-10


@pytest.mark.parametrize("scenario", builtin_names())
def test_built_in_scenario_reproduces_its_stored_run(scenario: str) -> None:
    stored = pd.read_parquet(HERE / f"{scenario}.parquet")
    stored_summary = json.loads((HERE / f"{scenario}.summary.json").read_text(encoding="utf-8"))
    frame, summary = reference_run(scenario)
    assert set(stored.columns) <= set(frame.columns), "a pinned column disappeared"
    assert len(frame) == len(stored)
    for column in stored.columns:
        if pd.api.types.is_numeric_dtype(stored[column]):
            np.testing.assert_allclose(frame[column].to_numpy(float),
                                       stored[column].to_numpy(float), rtol=TOLERANCE,
                                       atol=TOLERANCE, err_msg=column)
        else:
            assert frame[column].astype(str).tolist() == stored[column].astype(str).tolist(), column
    fresh = flatten(json.loads(json.dumps(summary)))
    pinned = flatten(stored_summary)
    assert pinned.keys() <= fresh.keys(), "a pinned summary key disappeared"
    for key, value in pinned.items():
        if isinstance(value, float):
            assert fresh[key] == pytest.approx(value, rel=TOLERANCE, abs=TOLERANCE), key
        else:
            assert fresh[key] == value, key


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested summary keys as dotted paths, so each number is compared on its own."""
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
