"""Whole-box fuzzing: every parameter at once, bounds included, on long random timelines.

The property: a run either ends with every invariant held (finite table, face value
conserved, no negative book, no yield below the floor, a strict-JSON summary) or is refused
with one clear `StateError`, `ParameterError` or `ScenarioError` line. Nothing else: no other
exception and no numpy warning (warnings are errors here). CI runs a bounded number of
examples; `make fuzz` runs many more (YIELDSIM_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from model.params import ParameterError
from model.scenario import ScenarioError, load_scenario, parse_scenario
from model.summary import summarize
from model.values import StateError
from model.yieldmodel import YieldModel
from tests.fuzzbox import parameter_boxes, timelines

EXAMPLES = int(os.environ.get("YIELDSIM_FUZZ_EXAMPLES", "200"))
REFUSALS = (StateError, ParameterError, ScenarioError)
MAX_BUILTIN_STEPS = 160  # a built-in scenario's opening months: where its events are


def check_invariants(model: YieldModel) -> None:
    """Every invariant of a finished run (raises AssertionError naming the broken one)."""
    assert np.allclose(model.held_total(), model.outstanding, rtol=1e-12, atol=1e-6), \
        "face value not conserved"
    books = [model.fed.holdings, *(s.holdings for s in model.sovereigns.values()),
             *(c.holdings for c in model.cohorts)]
    assert min(float(b.min()) for b in books) >= -1e-9, "a negative book"
    frame = model.timeseries()
    numbers = frame.select_dtypes("number").to_numpy(dtype=float)
    assert np.isfinite(numbers).all(), "non-finite output"
    yields = frame[[c for c in frame.columns if c.startswith("y_")]].to_numpy(dtype=float)
    assert (yields >= model.params.yield_floor_pct - 1e-9).all(), "a yield below the floor"
    json.dumps(summarize(model, frame), allow_nan=False, default=str)


def run_box(params: dict[str, Any], timeline: dict[str, Any], seed: int) -> str:
    """Build and run one example; returns 'ran' or the refusal's class name."""
    settings_ = dict(params)
    if "builtin" in timeline:
        scenario = load_scenario(timeline["builtin"])
        steps = min(scenario.steps, MAX_BUILTIN_STEPS)
    else:
        scenario = None
        steps = timeline["data"]["steps"]
    try:
        if scenario is None:
            scenario = parse_scenario(timeline["data"], source="fuzz.toml")
        model = YieldModel(scenario=scenario, rng=seed, **settings_)
        model.run(steps)
    except REFUSALS as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) < 600, message
        return type(exc).__name__
    check_invariants(model)
    return "ran"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 200,
          suppress_health_check=list(HealthCheck))
@given(timeline=timelines(), data=st.data(), seed=st.integers(0, 2**16))
def test_whole_box_runs_clean_or_refuses_in_one_line(timeline: dict[str, Any],
                                                     data: st.DataObject, seed: int) -> None:
    # A random timeline's extra sovereigns are in its parameters (and fitted with them).
    params = data.draw(parameter_boxes(timeline.get("extra_sovereigns")), label="params")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        outcome = run_box(params, timeline, seed)
    event(outcome)
