"""The picture helper of `yieldsim run`: same picture, errors come back, never a lost run.

The helper forks, so each check runs in a fresh interpreter of its own (a pytest worker has
other threads, and `Painter.start` rightly refuses to fork those).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import YIELDSIM

ROOT = Path(__file__).resolve().parent.parent

PROLOGUE = """
import errno, os, sys
from pathlib import Path
from yieldsim.painter import Painter
painter = Painter.start()
assert painter is not None, "a single-threaded process must get a helper"
from model.yieldmodel import YieldModel
from yieldsim.plot import plot_run
model = YieldModel(scenario="liberation-day-2025", rng=3, n_funds=60)
model.run(30)
frame = model.timeseries()
out = Path(sys.argv[1])
"""


def run_script(body: str, tmp_path: Path) -> str:
    """Run the prologue and `body` in a fresh interpreter; its stdout."""
    script = tmp_path / "script.py"
    script.write_text(PROLOGUE + textwrap.dedent(body))
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_helper_draws_the_picture_drawn_in_process_byte_for_byte(tmp_path: Path) -> None:
    run_script("""
        painter.draw(frame, out / "helper.png", "title")
        plot_run(frame, out / "here.png", "title")
        assert painter.alive
        painter.close()
        assert not painter.alive
    """, tmp_path)
    helper, here = (tmp_path / "helper.png").read_bytes(), (tmp_path / "here.png").read_bytes()
    assert helper[:8] == b"\x89PNG\r\n\x1a\n" and len(helper) > 50_000
    assert helper == here


def test_a_failed_write_in_the_helper_is_raised_in_the_caller(tmp_path: Path) -> None:
    output = run_script("""
        try:
            painter.draw(frame, out / "missing-folder" / "yields.png", "title")
        except OSError as exc:
            print("raised", exc.errno == errno.ENOENT)
        painter.draw(frame, out / "after.png", "title")  # the helper lives on
        print("alive", painter.alive)
    """, tmp_path)
    assert output.split() == ["raised", "True", "alive", "True"]
    assert (tmp_path / "after.png").stat().st_size > 50_000


def test_a_lost_helper_costs_no_picture(tmp_path: Path) -> None:
    output = run_script("""
        painter._process.kill()
        painter._process.join()
        painter.draw(frame, out / "fallback.png", "title")
        print("alive", painter.alive)
    """, tmp_path)
    assert output.split() == ["alive", "False"]
    assert (tmp_path / "fallback.png").stat().st_size > 50_000


def test_the_helper_does_not_outlive_a_caller_that_never_closes_it(tmp_path: Path) -> None:
    output = run_script("""
        print(painter._process.pid)
        sys.stdout.flush()
        os._exit(0)  # no close, no atexit: the helper must still see its pipe close
    """, tmp_path)
    pid = int(output.split()[0])
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists() or "Z" in stat_state(pid):
            return
        subprocess.run(["sleep", "0.05"], check=True)
    pytest.fail(f"the helper {pid} is still running after its parent exited")


def stat_state(pid: int) -> str:
    """The process state letter (Z for a zombie), or '' if it has gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def test_a_process_with_threads_gets_no_helper() -> None:
    probe = ("import threading, time\n"
             "threading.Thread(target=time.sleep, args=(2,), daemon=True).start()\n"
             "from yieldsim.painter import Painter\nprint(Painter.start())")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == "None"


def test_the_command_with_its_helper_writes_the_picture_and_no_noise(tmp_path: Path) -> None:
    out = tmp_path / "run"
    done = subprocess.run([YIELDSIM, "run", "--steps", "20", "--set", "n_funds=30", "--out",
                           str(out)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert f"plot: {out / 'yields.png'}" in done.stdout
    assert (out / "yields.png").read_bytes()[:4] == b"\x89PNG"


def test_the_command_hands_its_picture_to_the_helper(tmp_path: Path) -> None:
    probe = textwrap.dedent(f"""
        import sys
        from yieldsim import cli, painter
        handed = painter.Painter.draw
        def draw(self, frame, path, title):
            handed(self, frame, path, title)
            print("drawn by the helper:", self.alive, path.name)
        painter.Painter.draw = draw
        sys.argv = ["yieldsim", "run", "--steps", "15", "--set", "n_funds=30",
                    "--out", {str(tmp_path / "run")!r}]
        cli.main()
    """)
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "drawn by the helper: True yields.png" in done.stdout
    assert (tmp_path / "run" / "yields.png").is_file()
