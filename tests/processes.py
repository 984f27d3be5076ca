"""The processes /proc shows, for tests of the picture helpers (which fork, and must exit)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Process:
    """One process's identity and state, from /proc/<pid>/stat."""

    pid: int
    state: str  # R, S, ... and Z for a zombie (exited, not yet reaped)
    parent: int
    group: int  # process group


def processes() -> list[Process]:
    """Every process that has not exited (zombies left out)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:  # the command name, in parentheses, may itself hold spaces or parentheses
            state, parent, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue  # it exited while being read
        if state != "Z":
            found.append(Process(int(stat.parent.name), state, int(parent), int(group)))
    return found


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie does not)."""
    return any(process.pid == pid for process in processes())
