"""Shared fixtures: Debian's Chromium for pytest-playwright, and a real `yieldsim viz` server.

Browser tests drive the same command a user runs (`.venv/bin/yieldsim viz`) in a subprocess
on a free local port, with the system's `chromium` (Playwright's own browser download does
not work on these machines). Without Chromium they skip, unless YIELDSIM_REQUIRE_BROWSER=1
(set by CI), in which case they fail: CI must not pass by silently skipping them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import YIELDSIM

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1700}
SERVER_START_TIMEOUT_S = 90.0


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-screenshot`: the browser test also writes docs/live-view.png for the README."""
    parser.addoption("--update-screenshot", action="store_true", default=False,
                     help="write docs/live-view.png from the live-view browser test")


def chromium_path() -> str:
    """The system Chromium, or skip (fail when YIELDSIM_REQUIRE_BROWSER=1)."""
    path = shutil.which("chromium")
    if path:
        return path
    message = "chromium is not on PATH (Debian: apt-get install chromium; .ci/run installs it)"
    if os.environ.get("YIELDSIM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"YIELDSIM_REQUIRE_BROWSER=1 but {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium headless with the flags that work in these containers."""
    return {**browser_type_launch_args, "executable_path": chromium_path(),
            "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A viewport tall enough for the whole page, so screenshots show every panel."""
    return {**browser_context_args, "viewport": VIEWPORT}


def free_port(taken: frozenset[int] = frozenset()) -> int:
    """A port nothing listens on right now (the OS picks it), not one of `taken`.

    A server started a moment ago may not listen yet, so the OS could offer its port
    again: callers starting several servers pass the ports they already handed out.
    """
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port not in taken:
            return port


def wait_for_http(url: str, process: subprocess.Popen[Any], log: Path,
                  timeout: float = SERVER_START_TIMEOUT_S) -> None:
    """Poll until the server answers 200; fail with its log if it exits or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"yieldsim viz exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"yieldsim viz did not answer at {url} within {timeout:.0f}s:\n"
                f"{log.read_text()}")


def stop(process: subprocess.Popen[Any]) -> None:
    """Stop a server we started: SIGTERM, then SIGKILL if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class VizServer:
    """A `yieldsim viz` process started by a test, with its output in a log file."""

    port: int
    process: subprocess.Popen[Any]
    log: Path

    @property
    def url(self) -> str:
        """The page's address on this machine."""
        return f"http://127.0.0.1:{self.port}/"

    def wait(self) -> None:
        """Block until the page answers (fail with the log if it never does)."""
        wait_for_http(self.url, self.process, self.log)

    def output(self) -> str:
        """Everything it printed so far (stdout and stderr)."""
        return self.log.read_text()


def launch_viz(folder: Path, *args: str, taken: frozenset[int] = frozenset(),
               env: dict[str, str] | None = None) -> VizServer:
    """Start `yieldsim viz ARGS --port <free port>` without waiting for it.

    `env` adds to the environment (tests/faults uses it to make steps fail).
    """
    port = free_port(taken)
    log = folder / f"viz-{port}.log"
    with log.open("w") as sink:
        process = subprocess.Popen([YIELDSIM, "viz", *args, "--port", str(port)], cwd=ROOT,
                                   stdout=sink, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
    return VizServer(port=port, process=process, log=log)


@pytest.fixture
def start_viz(tmp_path: Path) -> Iterator[Callable[..., VizServer]]:
    """Start `yieldsim viz` servers in a test; every one is stopped afterwards."""
    started: list[VizServer] = []

    def start(*args: str, env: dict[str, str] | None = None) -> VizServer:
        server = launch_viz(tmp_path, *args, taken=frozenset(s.port for s in started),
                            env=env)
        started.append(server)
        return server

    yield start
    for server in started:
        stop(server.process)


@pytest.fixture(scope="session")
def viz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`yieldsim viz` on a free 127.0.0.1 port, as users start it; yields its URL.

    One server for the whole session: each browser test opens its own page, and Solara
    gives every page its own session and model.
    """
    chromium_path()  # no server without a browser to drive it
    server = launch_viz(tmp_path_factory.mktemp("viz-server"))
    try:
        server.wait()
        yield server.url
    finally:
        stop(server.process)
