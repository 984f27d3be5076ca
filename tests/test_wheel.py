"""The wheel works anywhere: built from the sources, installed into a fresh virtual
environment, and used from an empty folder outside the clone, as a new user would.

The fresh environment gets the wheel alone (`--no-deps`); the dependencies come from the
project's `.venv` through a path file, which adds its site-packages to `sys.path` without
processing its `.pth` files, so the editable install of this clone is not visible: every
`model`, `agents` and `yieldsim` module, and the scenarios and specs, come from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "model", "agents", "yieldsim")

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, int]:
    """Every file under `folder` with its modification time, byte-code caches aside."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@dataclass(frozen=True)
class Installed:
    """The wheel, and the fresh environment it is installed in."""

    wheel: Path
    bin: Path
    site: Path


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """A fresh environment with the wheel built from a copy of the sources installed."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    source.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in SOURCES:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, source / name, ignore=skip)
        else:
            shutil.copy2(item, source / name)
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(dist), str(source)], check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("yieldsim-*.whl"))
    env = base / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--quiet", "--no-deps", str(wheel)], check=True, capture_output=True,
                   timeout=300)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                "print(sysconfig.get_paths()['purelib'])"], check=True,
                               capture_output=True, text=True).stdout.strip())
    (site / "_project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return Installed(wheel=wheel, bin=env / "bin", site=site)


def test_the_wheel_carries_its_data_and_licence(installed: Installed) -> None:
    site = installed.site
    scenarios = {p.stem for p in (site / "model" / "scenarios").glob("*.toml")}
    specs = {p.stem for p in (site / "yieldsim" / "sweeps" / "specs").glob("*.toml")}
    assert {"baseline", "liberation-day-2025", "japan-sells"} <= scenarios
    assert {"japan-breach", "sobol-japan", "bargaining-chip"} <= specs
    assert list(site.glob("yieldsim-*.dist-info/licenses/LICENSE"))
    names = zipfile.ZipFile(installed.wheel).namelist()
    assert "model/scenarios/liberation-day-2025.toml" in names
    assert not any(n.startswith(("tests/", "runs/", "benchmarks/")) for n in names)


def test_every_command_works_from_an_empty_folder(installed: Installed, tmp_path: Path) -> None:
    bin_dir, site = installed.bin, installed.site
    before = snapshot(site)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"

    def call(*argv: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(list(argv), cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done

    where = call("python", "-c", "import yieldsim, model; print(yieldsim.__file__); "
                 "print(model.__file__)").stdout.split()
    assert all(Path(w).is_relative_to(site) for w in where), where
    assert call("yieldsim", "--version").stdout.strip() == "yieldsim 0.1.0"
    listed = call("python", "-m", "yieldsim", "scenarios", "list").stdout
    assert "liberation-day-2025" in listed and "japan-sells" in listed
    run = call("yieldsim", "run", "--steps", "30").stdout
    folders = list((tmp_path / "runs" / "output").iterdir())
    assert len(folders) == 1 and folders[0].name.startswith("liberation-day-2025-seed7-")
    assert {p.name for p in folders[0].iterdir()} >= {"summary.json", "timeseries.parquet",
                                                      "manifest.json"}
    assert f"run folder: runs/output/{folders[0].name}" in run  # shown relative to here
    summary = json.loads((folders[0] / "summary.json").read_text())
    assert summary["scenario"] == "liberation-day-2025" and summary["steps"] == 30
    printed = call("python", "-c", "import yieldsim; print(yieldsim.run(steps=30).summary)")
    assert "'scenario': 'liberation-day-2025'" in printed.stdout
    api = call("python", "-c", "import yieldsim; r = yieldsim.run(steps=30, seed=7); "
               "print(r.summary['scenario'], r.summary['steps'])").stdout
    assert api.split() == ["liberation-day-2025", "30"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs"], "the API wrote files"
    assert call("python", "-c", "import yieldsim; print(yieldsim.__version__)").stdout.strip() \
        == "0.1.0"
    swept = call("yieldsim", "sweep", "--spec", "japan-breach", "--replicates", "1",
                 "--steps", "2", "--set", "n_funds=30", "--workers", "1").stdout
    assert "49 runs, 49 ok" in swept
    assert len(list((tmp_path / "runs" / "output").glob("japan-breach-grid-*"))) == 1
    for refused in (["calibrate"], ["validate", "--record"]):
        done = subprocess.run(["yieldsim", *refused], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and "installed package" in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert snapshot(site) == before, "something was written inside site-packages"
