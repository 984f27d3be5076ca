"""A fault for browser tests: on PYTHONPATH, makes the model's step raise after N steps.

`tests/test_viz_browser.py` starts a `yieldsim viz` server with this folder on PYTHONPATH
and YIELDSIM_TEST_FAIL_AFTER_STEPS=N, so that a real page meets a real failed step (the
model itself has no such switch). Python imports `sitecustomize` at start-up.
"""

from __future__ import annotations

import os

_AFTER = os.environ.get("YIELDSIM_TEST_FAIL_AFTER_STEPS")

if _AFTER:
    from model import yieldmodel

    _step = yieldmodel.YieldModel.step

    def _failing_step(self: yieldmodel.YieldModel) -> None:
        if self.steps > int(_AFTER):  # Mesa counts the step under way
            raise FloatingPointError("injected by tests/faults: the yield solver failed")
        _step(self)

    yieldmodel.YieldModel.step = _failing_step  # type: ignore[method-assign]
