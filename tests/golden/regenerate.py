"""Regenerate the stored reference runs that pin the model's outputs.

Run `python tests/golden/regenerate.py` only when a change is *meant* to change results (a
recalibration, a new mechanism), and say so in the commit message; `tests/test_golden.py`
fails on any other change of a built-in scenario's numbers beyond 1e-10. Each reference is
the full per-step table and the summary of one built-in scenario at seed 3.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from model.scenario import builtin_names  # noqa: E402
from tests.golden.reference import SEED, reference_run  # noqa: E402


def main() -> None:
    """Write one parquet table and one summary per built-in scenario."""
    for name in builtin_names():
        frame, summary = reference_run(name)
        frame.to_parquet(HERE / f"{name}.parquet", index=False)
        (HERE / f"{name}.summary.json").write_text(json.dumps(summary, indent=1, sort_keys=True)
                                                   + "\n", encoding="utf-8")
        print(f"{name}: {len(frame)} rows, seed {SEED}")


if __name__ == "__main__":
    main()
