"""`yieldsim viz` from the command line: refusals, the bind address and the host warning.

Run through the real `.venv/bin/yieldsim` in subprocesses, as a user types it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
YIELDSIM = str(Path(sys.executable).parent / "yieldsim")

LISTEN = "0A"  # TCP state code in /proc/net/tcp


def viz(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([YIELDSIM, "viz", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("yieldsim: error: ")
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("port", ["0", "65536", "-3", "http"])
def test_a_wrong_port_is_refused_in_one_line(port):
    assert_refused(viz("--port", port), "port")


def test_a_negative_seed_is_refused_in_one_line():
    assert_refused(viz("--seed", "-1"), "--seed")


def test_a_port_in_use_is_refused_in_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert_refused(viz("--port", str(port)), "in use", str(port))


def test_a_bad_scenario_is_refused_in_one_line(tmp_path: Path):
    assert_refused(viz("--scenario", "liberation-day-2026", "--port", str(free_port())),
                   "unknown scenario")
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "broken"\nstart = 2025-03-03\n[[events]]\nkind = "tariff"\n'
                      'date = 2025-03-04\ncountry = "japan"\nrate = 9.0\n')
    assert_refused(viz("--scenario", str(broken), "--port", str(free_port())),
                   str(broken), "rate")


def test_an_unknown_host_is_refused_in_one_line():
    assert_refused(viz("--host", "no-such-host.invalid", "--port", str(free_port())), "host")


def listening_addresses(port: int) -> set[str]:
    """Local IPv4 addresses listening on a port, from /proc/net/tcp (hex, little-endian)."""
    table = Path("/proc/net/tcp")
    if not table.exists():
        pytest.skip("needs Linux /proc/net/tcp to see the bound address")
    found = set()
    for row in table.read_text().splitlines()[1:]:
        local, state = row.split()[1], row.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == LISTEN:
            found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_binds_loopback_by_default_and_warns_for_any_other_host(start_viz):
    local = start_viz()
    exposed = start_viz("--host", "0.0.0.0")
    local.wait()
    exposed.wait()
    assert listening_addresses(local.port) == {"127.0.0.1"}
    assert listening_addresses(exposed.port) == {"0.0.0.0"}
    assert "warning" not in local.output()
    assert f"yieldsim live view: {local.url}" in local.output()
    assert "yieldsim: warning: --host 0.0.0.0" in exposed.output()
    assert "other machines" in exposed.output()
