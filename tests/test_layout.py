"""The three packages keep their places: the simulation never depends on the applications.

`model/` and `agents/` are the simulation; `yieldsim/` is what users call. These tests read the
source (imports outside `if TYPE_CHECKING:` blocks, wherever they sit in a module) and run real
imports in fresh interpreters.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from model.columns import column_info
from model.params import ModelParams
from model.scenario import builtin_names, load_scenario
from model.yieldmodel import YieldModel

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "agents", "yieldsim")


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Project modules a file imports at run time (type-checking-only imports excluded)."""
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            test = node.test
            if getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == \
                    "TYPE_CHECKING":
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(alias.name for alias in node.names)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)

    Visitor().visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name for name in found if name in known}


def test_the_simulation_never_imports_the_applications() -> None:
    modules = project_modules()
    offenders = [f"{name} imports {target}" for name, path in modules.items()
                 if name.split(".")[0] in ("model", "agents")
                 for target in imports_of(path, set(modules)) if target.startswith("yieldsim")]
    assert offenders == []


def test_no_import_cycles_anywhere() -> None:
    modules = project_modules()
    graph = {name: imports_of(path, set(modules)) for name, path in modules.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target):], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def loaded_after(statement: str, packages_only: bool = True) -> set[str]:
    names = "{m.split('.')[0] for m in sys.modules}" if packages_only else "sys.modules"
    code = f"import sys; {statement}; print(' '.join(sorted({names})))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True)
    return set(done.stdout.split())


def test_the_model_loads_no_plotting_web_or_cluster_library() -> None:
    loaded = loaded_after("import model.yieldmodel")
    assert "mesa" in loaded
    assert not loaded & {"matplotlib", "solara", "dask", "distributed", "yieldsim", "SALib"}


def test_the_pictures_and_the_sweep_report_load_without_the_model() -> None:
    # the run picture imports matplotlib, not the model; `sweep report` only reads
    # records: neither may pay for importing Mesa (and scipy with it)
    loaded = loaded_after("import yieldsim.plot, yieldsim.sweeps.report")
    assert "matplotlib" in loaded
    assert not loaded & {"mesa", "scipy"}


def test_a_run_imports_parquet_only_to_write_its_table() -> None:
    # `yieldsim run` imports the runner before its model runs; Parquet's writer is needed
    # only when the table is written, after the summary is printed
    assert "pyarrow.parquet" not in loaded_after("import yieldsim.runner", packages_only=False)


def test_importing_yieldsim_is_cheap_until_the_api_is_used() -> None:
    assert not loaded_after("import yieldsim") & {"mesa", "pandas", "numpy", "matplotlib"}
    assert "pandas" in loaded_after("import yieldsim; yieldsim.parameters")


def test_no_library_module_changes_matplotlibs_backend(tmp_path: Path) -> None:
    code = ("import matplotlib, yieldsim; r = yieldsim.run('japan-sells', seed=1, steps=25, "
            f"n_funds=300); r.save({str(tmp_path / 'run')!r}); r.plot(); "
            "import yieldsim.sweeps.report, yieldsim.calibration.validate; "
            "print(matplotlib.get_backend())")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=180, check=True, env={"MPLBACKEND": "svg",
                                                                   "PATH": "/usr/bin:/bin"})
    assert done.stdout.split()[-1] == "svg"
    assert (tmp_path / "run" / "yields.png").is_file()


UK_HOLDINGS_BN = 779.3  # TIC Table 5, 2025-03


@pytest.mark.parametrize("scenario", builtin_names())
def test_every_column_of_every_scenario_has_a_unit(scenario: str) -> None:
    # An extra sovereign adds its holdings columns; the official total is raised to hold the
    # UK's 2025 holdings beside the episode's own named sovereigns.
    params = ModelParams.resolved(load_scenario(scenario).params)
    official = max(params.foreign_official_bn,
                   params.japan_holdings_bn + params.china_holdings_bn + UK_HOLDINGS_BN + 1.0)
    model = YieldModel(scenario=scenario, rng=0, n_funds=30, extra_sovereigns="United Kingdom",
                       foreign_official_bn=official)
    model.run(2)
    for name in model.timeseries().columns:
        unit, meaning = column_info(name)
        assert unit and meaning, name
