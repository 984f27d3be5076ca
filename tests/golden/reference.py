"""How a reference run is made, shared by the regeneration script and the test."""

from __future__ import annotations

from typing import Any

import pandas as pd

from model.summary import summarize
from model.yieldmodel import YieldModel

SEED = 3


def reference_run(scenario: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The full per-step table and the summary of one scenario at the reference seed."""
    model = YieldModel(scenario=scenario, rng=SEED)
    model.run(None)
    frame = model.timeseries()
    return frame, summarize(model, frame)
