"""Progress of a sweep: a tqdm bar on a terminal or in a notebook, a plain line elsewhere.

Shared by `yieldsim sweep` and `yieldsim.sweep()`. `tqdm.auto` chooses the bar: a text bar on
a terminal, a widget in Jupyter (whose stderr is no terminal, so it is asked for by name). A
log file or a pipe gets a plain line every few seconds instead of carriage returns.
"""

from __future__ import annotations

import sys
import time
from typing import Any


def in_notebook() -> bool:
    """Whether this process is a Jupyter kernel (IPython's ZMQ shell), where widgets show."""
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    return type(shell).__name__ == "ZMQInteractiveShell"

PLAIN_PROGRESS_EVERY_S = 10.0


def format_duration(seconds: float) -> str:
    """1.2s, 3m05s or 2h03m."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class ProgressDisplay:
    """A tqdm bar (runs, failures, ETA) on a terminal or in a notebook; lines otherwise."""

    def __init__(self, name: str) -> None:
        """Nothing is shown until `start`."""
        self.name = name
        self.bar: Any = None
        self.failed = 0
        self.done = 0
        self.total = 0
        self.last_line = 0.0
        self.started = 0.0
        self.initial = 0

    def start(self, total: int, done: int, failed: int) -> None:
        """Show the bar, counting what earlier sessions finished."""
        self.total, self.done, self.failed, self.initial = total, done, failed, done
        self.started = self.last_line = time.monotonic()
        if done:
            print(f"resuming: {done} of {total} runs already finished ({failed} failed)",
                  file=sys.stderr)
        if sys.stderr.isatty() or in_notebook():
            from tqdm.auto import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: workers may still be forked
            self.bar = tqdm(total=total, initial=done, unit="run", desc=self.name,
                            file=sys.stderr, dynamic_ncols=True, smoothing=0.05)
            self.bar.set_postfix(failed=failed)

    def advance(self, outcome: Any) -> None:
        """Count one finished run."""
        self.done += 1
        self.failed += outcome.status != "ok"
        if self.bar is not None:
            self.bar.update(1)
            if outcome.status != "ok":
                self.bar.set_postfix(failed=self.failed)
            return
        now = time.monotonic()
        if now - self.last_line >= PLAIN_PROGRESS_EVERY_S or self.done == self.total:
            self.last_line = now
            rate = (self.done - self.initial) / max(now - self.started, 1e-9)
            eta = (self.total - self.done) / rate if rate > 0 else float("nan")
            print(f"{self.name}: {self.done}/{self.total} runs, {self.failed} failed, "
                  f"{rate:.1f} runs/s, ETA {format_duration(eta) if eta == eta else '?'}",
                  file=sys.stderr)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
