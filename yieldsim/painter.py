"""The run's picture drawn by a helper process that starts with `yieldsim run`.

Most of a `yieldsim run` beyond importing Mesa and pandas is the picture: importing
matplotlib takes about half a second and the six-panel figure most of a second to draw, and
neither depends on the model until its table exists. The command therefore forks this helper
as soon as its input has been checked and pandas is imported: the helper imports matplotlib
on the second core while the command imports Mesa and runs the model, then draws the table
it is sent. The picture is the one `yieldsim.plot` draws in process, byte for byte.

Only the command uses it (a library call must not fork the caller's process). When the
helper cannot be started or is lost, the picture is drawn in process instead: the helper
can make a run faster, never fail it. A failure of the drawing itself (a full disk) comes
back as the exception the helper met, so the caller reports it as it would its own.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import pandas as pd

class Painter:
    """A helper process that draws run pictures on request, one at a time."""

    def __init__(self, process: Any, connection: Connection) -> None:
        """Wrap a started helper and the parent's end of its pipe (see `start`)."""
        self._process = process
        self._connection: Connection | None = connection

    @classmethod
    def start(cls) -> Painter | None:
        """Fork the helper (Linux); None where forking is missing or would not be safe.

        Forking a process while another of its Python threads holds a lock can deadlock the
        child, so a process with another Python thread gets None (the command has none).
        """
        import multiprocessing as mp  # here: the other commands never pay for its import

        if (not sys.platform.startswith("linux") or "fork" not in mp.get_all_start_methods()
                or threading.active_count() > 1):
            return None  # macOS: system frameworks are not safe to use after a fork
        sys.stdout.flush()  # the child must not inherit (and later repeat) buffered output
        sys.stderr.flush()
        context = mp.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs, ours), daemon=True,
                                  name="yieldsim-picture")
        try:
            process.start()
        except OSError:  # no memory or process slots left for a helper: draw in process
            ours.close()
            theirs.close()
            return None
        theirs.close()
        return cls(process, ours)

    @property
    def alive(self) -> bool:
        """Whether the helper can still take a picture."""
        return self._connection is not None and self._process.is_alive()

    def draw(self, frame: pd.DataFrame, path: Path, title: str) -> None:
        """Write the run's picture to `path` (in the helper, or here if it is gone).

        Raises:
            OSError: The picture could not be written (as `yieldsim.plot.plot_run` raises).

        """
        if self.alive:
            assert self._connection is not None
            try:
                self._connection.send((frame, str(path), title))
                error = self._connection.recv()
            except (EOFError, OSError):
                pass  # the helper went away before answering: draw here instead
            else:
                if error is not None:
                    raise error
                return
        self.close()
        from yieldsim.plot import plot_run

        plot_run(frame, path, title)

    def close(self) -> None:
        """Let the helper go: it exits once its end of the pipe reads end-of-file."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._process.join(timeout=1.0)
        if self._process.is_alive():
            self._process.terminate()


def serve(connection: Connection, parents_end: Connection) -> None:
    """The helper's life: import the plotting stack, then draw what arrives until EOF.

    Ctrl-C is the parent's to handle (it reaches the whole process group); the helper just
    sees its pipe close. Answers each picture with None or the exception it raised.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parents_end.close()  # else the helper would hold the pipe open and never see EOF
    from yieldsim.plot import plot_run

    while True:
        try:
            frame, path, title = connection.recv()
        except (EOFError, OSError):
            return
        try:
            plot_run(frame, Path(path), title)
        except Exception as exc:  # every failure goes back to the parent, which reports it
            connection.send(exc)
        else:
            connection.send(None)
