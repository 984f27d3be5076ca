"""Live view speed: step plus redraw, early in a run and after 1,000+ steps.

Run with `.venv/bin/python benchmarks/bench_viz.py`. It renders the real page component
(`yieldsim.viz.app.LiveView`) with `solara.render`, no browser, and presses its Step button,
which runs one model step, redraws every chart and pushes the new HTML into the page's
widgets. It prints milliseconds per press in windows along the run, and the same split into
model step and drawing, so a cost that grows with the length of the history would show as
a rising row. It asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time

import ipyvuetify as v
import solara

from yieldsim.viz import panels
from yieldsim.viz.app import LiveView
from yieldsim.viz.session import LiveSession, RunConfig, scenario_defaults


def windows(total: int, width: int) -> list[tuple[int, int]]:
    """Three measurement windows: the start, the middle and the end of the run."""
    middle = (total // 2) - width // 2
    return [(0, width), (middle, middle + width), (total - width, total)]


def summary(samples: list[float]) -> str:
    """Median, 95th percentile and maximum in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"{statistics.median(ordered) * 1e3:7.2f} {p95 * 1e3:7.2f} "
            f"{ordered[-1] * 1e3:7.2f}")


def main() -> None:
    """Print step+redraw, step-only and draw-only times per window."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="liberation-day-2025")
    parser.add_argument("--n-funds", type=int, default=None,
                        help="fund agents (default: the scenario's, 3000)")
    parser.add_argument("--steps", type=int, default=1200)
    parser.add_argument("--window", type=int, default=100)
    args = parser.parse_args()

    knobs = scenario_defaults(args.scenario)
    if args.n_funds is not None:
        knobs["n_funds"] = args.n_funds
    config = RunConfig(scenario=args.scenario, seed=7, knobs=knobs)
    session = LiveSession(config)
    _, rc = solara.render(solara.AppLayout(children=[LiveView(session)]), handle_error=False)
    step_button = rc.find(v.Btn, children=["Step"]).widget

    press: list[float] = []
    model_step: list[float] = []
    draw: list[float] = []
    for _ in range(args.steps):
        start = time.perf_counter()
        step_button.click()
        press.append(time.perf_counter() - start)
    assert session.model.steps == args.steps, "every press must advance one step"

    shadow = LiveSession(config)  # the same run again, timing the parts separately
    for _ in range(args.steps):
        start = time.perf_counter()
        shadow.step()
        middle = time.perf_counter()
        panels.draw(shadow)
        model_step.append(middle - start)
        draw.append(time.perf_counter() - middle)

    points = len(session.history.x())
    print(f"live view: {args.scenario}, n_funds={knobs['n_funds']}, {args.steps} steps; "
          f"points per series at the end: {points} (cap {2 * session.history.data.cap})")
    print(f"{'steps':>11}  {'step+redraw ms (median p95 max)':>31}  "
          f"{'model step ms':>23}  {'draw ms':>23}")
    for lo, hi in windows(args.steps, args.window):
        print(f"{lo:>5}-{hi:<5}  {summary(press[lo:hi]):>31}  {summary(model_step[lo:hi]):>23}  "
              f"{summary(draw[lo:hi]):>23}")


if __name__ == "__main__":
    main()
