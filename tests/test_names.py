"""Names are not paths (issue 25): a scenario's or a sweep's name never chooses where files go.

A scenario file may come from anyone. Its `name` becomes part of the run (or sweep) folder's
name only as a slug; the place is `--out` or `./runs/output` under the current folder, always.
Each case below is one of the issue's reproductions: an absolute name (a path to a folder the
user has), `../../../../x`, `a/b/c`, and terminal control characters.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import yieldsim
from tests.helpers import YIELDSIM
from yieldsim.rundir import MAX_SLUG, slug

ROOT = Path(__file__).resolve().parent.parent
SAFE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def hostile_names(victim: Path) -> dict[str, str]:
    """The issue's names, by test id."""
    return {"absolute": str(victim), "dotdot": "../../../../x", "nested": "a/b/c",
            "control": "\x1b[2J\x1b]0;owned\x07evil", "dots": "..", "empty": ""}


def scenario_file(folder: Path, name: str) -> Path:
    """A copy of `japan-sells` whose name is `name` (TOML escapes from JSON's)."""
    text = (ROOT / "model" / "scenarios" / "japan-sells.toml").read_text()
    line = f"name = {json.dumps(name)}"
    text = re.sub(r'^name = ".*"$', lambda _: line, text, count=1, flags=re.M)
    path = folder / "hostile.toml"
    path.write_text(text)
    return path


def everything_under(folder: Path) -> set[str]:
    """Every path below `folder`."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture
def place(tmp_path: Path) -> tuple[Path, Path]:
    """A working folder several levels deep (so '../..' has somewhere to go) and a victim."""
    work = tmp_path / "one" / "two" / "three" / "work"
    work.mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    return work, victim


@pytest.mark.parametrize("key", list(hostile_names(Path("/v"))))
def test_run_folder_is_a_slug_under_runs_output(place: tuple[Path, Path], key: str) -> None:
    work, victim = place
    root = work.parents[3]
    name = hostile_names(victim)[key]
    scenario = scenario_file(work, name)
    before = everything_under(root)
    done = subprocess.run([YIELDSIM, "run", "--scenario", str(scenario), "--steps", "5"],
                          cwd=work, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    folders = list((work / "runs" / "output").iterdir())
    assert len(folders) == 1
    assert SAFE.match(folders[0].name), folders[0].name
    assert re.search(r"-seed7-\d{8}-\d{6}-\d+$", folders[0].name)
    created = everything_under(root) - before
    assert all(p.startswith("one/two/three/work/runs") for p in created), created
    assert everything_under(victim) == {"keep.txt"}
    assert "\x1b" not in folders[0].name and "\x07" not in folders[0].name


@pytest.mark.parametrize("key", ["absolute", "dotdot", "nested"])
def test_save_uses_the_same_slug(place: tuple[Path, Path], key: str,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    work, victim = place
    monkeypatch.chdir(work)
    result = yieldsim.run(scenario_file(work, hostile_names(victim)[key]), seed=1, steps=5)
    folder = result.save()
    assert folder.parent == work / "runs" / "output"
    assert SAFE.match(folder.name)
    assert everything_under(victim) == {"keep.txt"}


@pytest.mark.parametrize("key", ["absolute", "dotdot", "nested"])
def test_sweep_folder_is_a_slug_under_runs_output(place: tuple[Path, Path], key: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    work, victim = place
    monkeypatch.chdir(work)
    swept = yieldsim.sweep(scenario_file(work, hostile_names(victim)[key]),
                           vary={"dealer_capacity_bn": [100, 200]}, steps=5, workers=1,
                           progress=False, n_funds=30)
    assert swept.ok == 2
    assert swept.folder.parent == work / "runs" / "output"
    assert SAFE.match(swept.folder.name)
    assert everything_under(victim) == {"keep.txt"}


def test_out_is_the_only_way_to_choose_a_place(place: tuple[Path, Path]) -> None:
    work, victim = place
    out = victim / "chosen"
    done = subprocess.run([YIELDSIM, "run", "--scenario", str(scenario_file(work, "a/b")),
                           "--steps", "5", "--out", str(out)], cwd=work, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (out / "summary.json").is_file()
    assert not (work / "runs").exists()


@pytest.mark.parametrize(("name", "expected"), [
    ("liberation-day-2025", "liberation-day-2025"), ("/etc/passwd", "etc-passwd"),
    ("../../../../x", "x"), ("a/b/c", "a-b-c"), ("..", "run"), ("", "run"),
    ("Café crème", "Cafe-creme"), ("\x1b[2Jx", "2Jx"), (".hidden", "hidden"),
])
def test_slug_examples(name: str, expected: str) -> None:
    assert slug(name) == expected


@given(st.text())
def test_slug_is_always_one_safe_visible_name(name: str) -> None:
    made = slug(name)
    assert SAFE.match(made) and len(made) <= MAX_SLUG
    assert made not in (".", "..") and not made.endswith((".", "-"))
