"""The picture helpers of `yieldsim run`: same picture, errors come back, never a lost run.

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
from tests.processes import alive, processes

ROOT = Path(__file__).resolve().parent.parent

PROLOGUE = """
import errno, os, signal, sys, time
from pathlib import Path
from yieldsim.painter import Painter
painter = Painter.start(negotiation=NEGOTIATION)
assert painter is not None, "a single-threaded process must get a helper"

sys.path.insert(0, os.getcwd())  # the project, for the tests' own modules
from tests.processes import processes

def partner_of(pid):
    \"\"\"The helper's partner: the process it forked (waits until it has).\"\"\"
    for _ in range(600):
        children = [process.pid for process in processes() if process.parent == pid]
        if children:
            return children[0]
        time.sleep(0.05)
    raise AssertionError("the helper has no partner")

from model.yieldmodel import YieldModel
from yieldsim.plot import plot_run
model = YieldModel(scenario="liberation-day-2025", rng=3, n_funds=60)
model.run(30)
frame = model.timeseries()
out = Path(sys.argv[1])
"""


def run_script(body: str, tmp_path: Path, negotiation: bool = True) -> str:
    """Run the prologue and `body` in a fresh interpreter; its stdout.

    `negotiation` is the layout the helpers are told to expect.
    """
    script = tmp_path / "script.py"
    script.write_text(f"NEGOTIATION = {negotiation}\n" + PROLOGUE + textwrap.dedent(body))
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


@pytest.mark.parametrize("negotiation", [True, False])
def test_with_its_partner_lost_or_a_layout_it_did_not_expect_the_picture_is_the_same(
        tmp_path: Path, negotiation: bool) -> None:
    run_script("""
        four_panels = YieldModel(scenario="liberation-day-2025", rng=3, n_funds=60,
                                 negotiating_partners="")
        four_panels.run(30)
        for name, table in (("six", frame), ("four", four_panels.timeseries())):
            painter.draw(table, out / f"{name}-helper.png", "title")
            plot_run(table, out / f"{name}-here.png", "title")
        os.kill(partner_of(painter._process.pid), signal.SIGKILL)
        painter.draw(frame, out / "six-alone.png", "title")  # the helper draws it all
        assert painter.alive
    """, tmp_path, negotiation)
    for name in ("six", "four"):
        here = (tmp_path / f"{name}-here.png").read_bytes()
        assert (tmp_path / f"{name}-helper.png").read_bytes() == here
    assert (tmp_path / "six-alone.png").read_bytes() == (tmp_path / "six-here.png").read_bytes()
    assert len(here) > 50_000


def test_the_helpers_do_not_hold_the_command_s_output_open(tmp_path: Path) -> None:
    output = run_script("""
        for pid in (painter._process.pid, partner_of(painter._process.pid)):
            print(os.readlink(f"/proc/{pid}/fd/1"), os.readlink(f"/proc/{pid}/fd/2"))
    """, tmp_path)
    assert output.split() == ["/dev/null"] * 4


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
        print(painter._process.pid, partner_of(painter._process.pid))
        sys.stdout.flush()
        os._exit(0)  # no close, no atexit: the helpers must still see their pipes close
    """, tmp_path)
    pids = [int(pid) for pid in output.split()]
    for _ in range(100):
        if not any(alive(pid) for pid in pids):
            return
        subprocess.run(["sleep", "0.05"], check=True)
    pytest.fail(f"the helper or its partner {pids} is still running after its parent exited")


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
        handed = painter.Painter.submit
        def submit(self, frame, path, title):
            wait = handed(self, frame, path, title)
            def waited():
                wait()
                print("drawn by the helper:", self.alive, path.name)
            return waited
        painter.Painter.submit = submit
        sys.argv = ["yieldsim", "run", "--steps", "15", "--set", "n_funds=30",
                    "--out", {str(tmp_path / "run")!r}]
        cli.main()
    """)
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "drawn by the helper: True yields.png" in done.stdout
    assert (tmp_path / "run" / "yields.png").is_file()


def test_the_command_leaves_no_helper_behind(tmp_path: Path) -> None:
    errors = tmp_path / "stderr"
    with errors.open("w") as stderr:  # a file, not a pipe: helpers could hold a pipe open
        command = subprocess.Popen([YIELDSIM, "run", "--steps", "15", "--set", "n_funds=30",
                                    "--out", str(tmp_path / "run")], start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=stderr)
        assert command.wait(timeout=180) == 0, errors.read_text()
    group = command.pid  # its own session: the helpers share its process group
    for _ in range(100):
        if not in_group(group):
            return
        subprocess.run(["sleep", "0.05"], check=True)
    pytest.fail(f"processes {in_group(group)} of the command's group still run")


def in_group(group: int) -> list[int]:
    """The running processes of a process group."""
    return [process.pid for process in processes() if process.group == group]
