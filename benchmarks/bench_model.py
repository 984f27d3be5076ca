"""`make bench`: model speed, memory, `yieldsim run` start-up and sweep scaling in one run.

It prints figures and asserts nothing. Every figure is printed twice: in its own unit and as
a ratio to a fixed numpy reference workload (`numpy_reference`) timed beside it, so numbers
taken on different machines, or on one machine under different load, can be compared.
Load from other processes inflates times: the load average is printed before and after.

    .venv/bin/python benchmarks/bench_model.py            # everything (about 2-4 minutes)
    .venv/bin/python benchmarks/bench_model.py --quick    # fewer repeats, smaller sweep

Sections:
- model: build time, memory per fund and time per step at 3k, 100k and 1M funds, each in a
  fresh process (so 'first steps' shows what a fresh process pays: page faults, allocator
  warm-up) with peak resident memory;
- CLI: `yieldsim run`'s time to summary (printed as soon as the model has run) and time to
  picture (the folder in place, `yields.png` drawn) against `python -c "import mesa, pandas"`
  (at least 7 interleaved rounds, medians);
- sweeps: runs per second of the japan-breach spec (replicates cut to keep it short)
  on 1 and 2 local workers, the execution phase alone and the whole session, and the serial
  cost a sweep pays once (imports in a fresh interpreter, the report); beside it a control,
  the speed-up of two copies of the numpy reference at once (what the machine gives now).

The same script runs against another checkout (e.g. the commit before a change) with
`PYTHONPATH=<checkout>` from that checkout's folder; that is how before/after is compared.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path.cwd()
SIZES = ((3_000, 125), (100_000, 30), (1_000_000, 6))
FIRST_STEPS = 5
SCENARIO = "liberation-day-2025"
SWEEP_SPEC = Path("yieldsim/sweeps/specs/japan-breach.toml")


def numpy_reference(repeats: int = 5) -> float:
    """Microseconds for a fixed numpy workload: small-array dispatch and (4, 3000) arithmetic.

    The workload is shaped like a model step (many calls on small arrays, some on fund-sized
    ones) but is not the model, so it does not get faster when the model does.
    """
    small = np.linspace(1.0, 2.0, 4)
    books = np.linspace(0.5, 1.5, 12_000).reshape(4, 3_000)
    work_array = np.empty_like(books)

    def work() -> None:
        for _ in range(200):
            (small * 1.0001 + small).sum()
            np.maximum(small, 1.5)
        for _ in range(40):
            np.multiply(books, 1.0001, out=work_array)
            np.add(work_array, books, out=work_array)
            work_array.sum(axis=1)
            np.clip(work_array, 0.0, 2.0, out=work_array)

    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - began)
    return best * 1e6


def control_work(_: object = None) -> float:
    """Seconds for 20 rounds of the numpy reference workload (the control's unit of work)."""
    began = time.perf_counter()
    for _round in range(20):
        numpy_reference(repeats=1)
    return time.perf_counter() - began


def control_speedup() -> float:
    """This machine's own 2-process speed-up: two copies of a fixed workload at once vs one.

    The workers of a sweep share nothing, so this is what two cores can give at best right
    now; a busy or throttled host shows it here as well as in the sweep's figure.
    """
    import multiprocessing as mp

    alone = control_work()
    with mp.get_context("fork").Pool(2) as pool:
        pool.map(control_work, range(2))  # warm the workers up
        began = time.perf_counter()
        pool.map(control_work, range(2))
        together = time.perf_counter() - began
    return 2 * alone / together


def rss_mb() -> float:
    """Resident memory of this process now, MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def child(n_funds: int, steps: int) -> dict[str, float]:
    """One model size in this (fresh) process: build, first steps, later steps, memory."""
    from model.yieldmodel import YieldModel

    ref = numpy_reference()
    YieldModel(scenario=SCENARIO, rng=0, n_funds=30).run(2)  # one-time costs are not per fund
    before = rss_mb()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    began = time.perf_counter()
    model = YieldModel(scenario=SCENARIO, rng=1, n_funds=n_funds)
    built = time.perf_counter()
    after_build = rss_mb()
    first = min(FIRST_STEPS, steps - 1)
    model.run(first)
    warm = time.perf_counter()
    faults_first = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    model.run(steps - first)
    done = time.perf_counter()
    faults_rest = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    del model
    tracemalloc.start()  # live bytes of a second build: Python objects and numpy arrays
    rebuilt = YieldModel(scenario=SCENARIO, rng=1, n_funds=n_funds)
    traced = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del rebuilt
    return {"n_funds": n_funds, "ref_us": (ref + numpy_reference()) / 2,
            "build_ms": (built - began) * 1e3,
            "bytes_per_fund": traced / n_funds,
            "rss_per_fund": (after_build - before) * 1e6 / n_funds,
            "first_us_per_step": (warm - built) / first * 1e6,
            "us_per_step": (done - warm) / (steps - first) * 1e6,
            "faults_per_step_first": (faults_first - faults) / first,
            "faults_per_step_later": (faults_rest - faults_first) / (steps - first),
            "peak_rss_mb": peak,
            "import_rss_mb": before}


def model_section(repeats: int, sizes: tuple[tuple[int, int], ...]) -> None:
    """Each size in fresh processes, `repeats` times (medians)."""
    print("\nmodel (liberation-day-2025; each size in a fresh process; medians of "
          f"{repeats}; ratio = figure / numpy reference)")
    print(f"{'n_funds':>9} {'ref us':>7} {'build ms':>9} {'x ref':>6} {'B/fund':>7} "
          f"{'us/step':>9} {'x ref':>6} {'first steps':>11} {'faults/step':>13} {'peak MB':>8} "
          f"{'agent-steps/s':>13}")
    for n, steps in sizes:
        rows = []
        for _ in range(repeats):
            out = subprocess.run([sys.executable, __file__, "--child", str(n), str(steps)],
                                 capture_output=True, text=True, check=True).stdout
            rows.append(json.loads(out))
        med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        print(f"{n:>9} {med['ref_us']:>7.0f} {med['build_ms']:>9.1f} "
              f"{med['build_ms'] * 1e3 / med['ref_us']:>6.2f} {med['bytes_per_fund']:>7.0f} "
              f"{med['us_per_step']:>9.0f} {med['us_per_step'] / med['ref_us']:>6.2f} "
              f"{med['first_us_per_step'] / med['us_per_step']:>10.2f}x "
              f"{med['faults_per_step_first']:>6.0f}/{med['faults_per_step_later']:<6.0f} "
              f"{med['peak_rss_mb']:>8.0f} {n / med['us_per_step'] * 1e6:>13.3g}")
    print("  first steps = time per step of the first few steps / later steps (1.00: a fresh "
          "process runs as fast as a warm one); faults/step first/later; peak MB includes "
          "the interpreter and imports; B/fund = bytes allocated by a build (tracemalloc) / n")


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU (user + system, children included) seconds of one command."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)


def summary_and_picture(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds of one `yieldsim run` until its summary is printed, and until it exits.

    The command prints its whole summary in one flushed write as soon as the model has run,
    then writes the run folder and draws the picture: the first line read marks the summary.
    """
    began = time.perf_counter()
    with subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True) as process:
        assert process.stdout is not None
        process.stdout.readline()
        summary = time.perf_counter() - began
        process.stdout.read()
        if process.wait() != 0:
            raise RuntimeError(f"{' '.join(command)} failed")
    return summary, time.perf_counter() - began


def cli_section(repeats: int) -> None:
    """`yieldsim run`'s time to summary and to picture against `import mesa, pandas`.

    Interleaved rounds (an import, then a run), medians. The project's bytecode is compiled
    first, as any first run leaves it and as pip left Mesa's and pandas': otherwise, where
    PYTHONDONTWRITEBYTECODE is set, every round of the command would compile the modules
    changed since their last cached bytecode, and the base import never does.
    """
    for package in ("model", "agents", "yieldsim"):
        compileall.compile_dir(ROOT / package, quiet=1)
    reference = [sys.executable, "-c", "import mesa, pandas"]
    imports, summaries, pictures, refs = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            refs.append(numpy_reference())
            imports.append(timed(reference, ROOT)[0])
            summary, picture = summary_and_picture(
                [sys.executable, "-m", "yieldsim.cli", "run", "--out", str(Path(tmp) / f"r{i}")],
                ROOT)
            summaries.append(summary)
            pictures.append(picture)
    wall_imp, wall_sum, wall_pic = (statistics.median(x) for x in (imports, summaries, pictures))
    ref = statistics.median(refs)
    paired = statistics.median(s / i for s, i in zip(summaries, imports, strict=True))
    print(f"\nCLI: yieldsim run ({SCENARIO}, seed 7) against python -c 'import mesa, pandas' "
          f"(medians of {repeats} interleaved rounds; numpy reference {ref:.0f} us)")
    print(f"  import mesa, pandas: {wall_imp:.2f} s")
    print(f"  time to summary:     {wall_sum:.2f} s = {wall_sum / wall_imp:.2f} x import "
          f"(median of the rounds' own ratios {paired:.2f}; target <= 1.3)")
    print(f"  time to picture:     {wall_pic:.2f} s = {wall_pic / wall_imp:.2f} x import "
          f"(the run folder in place, yields.png drawn in process: "
          f"{wall_pic - wall_sum:.2f} s after the summary)")


def sweep_section(repeats: int, replicates: int) -> None:
    """Runs per second on 1 and 2 local workers, and the serial cost of a sweep."""
    import importlib

    import pandas as pd

    package = sweep_package()
    backends, design, engine, session_module, spec_module = (
        importlib.import_module(f"{package}.{name}")
        for name in ("backends", "design", "engine", "session", "spec"))
    LocalBackend, design_points = backends.LocalBackend, design.design_points  # noqa: N806
    StopRequest, run_sweep = engine.StopRequest, session_module.run_sweep  # noqa: N806
    Execution, Flags = spec_module.Execution, spec_module.Flags  # noqa: N806
    resolve, scenario_for = spec_module.resolve, spec_module.scenario_for

    class Clock:
        """Progress sink noting when execution starts and the last run lands."""

        started = last = 0.0

        def start(self, total: int, done: int, failed: int) -> None:
            self.started = time.perf_counter()

        def advance(self, outcome: object) -> None:
            self.last = time.perf_counter()

        def close(self) -> None:
            """Nothing to release."""

    spec, _ = resolve(Flags(spec=SWEEP_SPEC, replicates=replicates))
    scenario, points = scenario_for(spec), design_points(spec)
    runs = spec.run_count()
    best: dict[int, tuple[float, float, float]] = {}
    refs = []
    controls = []
    report_s = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(repeats):
            controls.append(control_speedup())
            for workers in (1, 2):
                refs.append(numpy_reference())
                backend = LocalBackend(workers)
                clock = Clock()
                folder = Path(tmp) / f"s{r}-{workers}"
                began = time.perf_counter()
                run_sweep(spec, scenario, points, Execution(), backend, folder, StopRequest(),
                          clock)
                session = time.perf_counter() - began
                backend.close()
                durations = pd.read_parquet(folder / "results.parquet")["duration_s"]
                execution = clock.last - clock.started
                if workers not in best or execution < best[workers][0]:
                    best[workers] = (execution, session, float(durations.median()))
            report_s.append(timed([sys.executable, "-m", "yieldsim.cli", "sweep", "report",
                                   str(folder)], ROOT)[0])
    imports = [timed([sys.executable, "-c", f"import {package}.command, {package}.session, "
                      f"{package}.worker"], ROOT)[0] for _ in range(repeats)]
    ref = statistics.median(refs)
    print(f"\nsweeps ({SWEEP_SPEC} with replicates={replicates}: {runs} runs; best of "
          f"{repeats}, interleaved; numpy reference {ref:.0f} us)")
    print(f"{'workers':>8} {'exec s':>7} {'runs/s':>7} {'session s':>9} {'runs/s':>7} "
          f"{'run ms':>7} {'run x ref':>9}")
    for workers, (execution, session, run_s) in sorted(best.items()):
        print(f"{workers:>8} {execution:>7.2f} {runs / execution:>7.1f} {session:>9.2f} "
              f"{runs / session:>7.1f} {run_s * 1e3:>7.0f} {run_s * 1e6 / ref:>9.0f}")
    print(f"  speedup at 2 workers: {best[1][0] / best[2][0]:.2f}x execution, "
          f"{best[1][1] / best[2][1]:.2f}x whole session (target >= 1.8x); control: "
          f"{statistics.median(controls):.2f}x (range {min(controls):.2f}-{max(controls):.2f}) "
          "for two copies of the numpy reference at once, what the machine gives now")
    print(f"  serial cost per sweep: imports in a fresh interpreter "
          f"{statistics.median(imports):.2f} s, `yieldsim sweep report` "
          f"{statistics.median(report_s):.2f} s (a process of its own), session beyond "
          f"execution at 2 workers {best[2][1] - best[2][0]:.2f} s")


def sweep_package() -> str:
    """The sweep engine's package: `yieldsim.sweeps` (`yieldsim.sweep` before the public API)."""
    import importlib.util

    return "yieldsim.sweeps" if importlib.util.find_spec("yieldsim.sweeps") else "yieldsim.sweep"


def main() -> None:
    """Print every section."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller sweep")
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--skip", default="", help="comma-separated sections to skip "
                        "(model, cli, sweep)")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    skip = set(filter(None, args.skip.split(",")))
    repeats = 2 if args.quick else 3
    load = os.getloadavg()[0]
    print(f"yieldsim bench: {os.cpu_count()} cores, load average (1 min) {load:.2f}; numpy "
          f"reference {numpy_reference():.0f} us")
    if "model" not in skip:
        model_section(repeats, SIZES)
    if "cli" not in skip:
        cli_section(4 * repeats - 1)  # the host's noise needs rounds (>= 7): each is two processes
    if "sweep" not in skip:
        sweep_section(repeats, replicates=1 if args.quick else 2)
    print(f"\nload average (1 min) before/after: {load:.2f} / {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
