"""The run's picture drawn by helper processes that start with `yieldsim run`.

Most of a `yieldsim run` beyond importing Mesa and pandas is the picture: importing
matplotlib takes about half a second and the six-panel figure most of a second to draw, and
neither depends on the model until its table exists. The command therefore forks a helper as
soon as its input has been checked and pandas is imported. The helper imports matplotlib on
the second core while the command imports Mesa and runs the model, then forks a partner of
its own; each builds its half of the figure's panels and makes their tick marks while the
model still runs. When the table arrives, the helper draws one half of the panels and the
partner the other (`yieldsim.plot.HALVES`), on both cores, and the helper joins the two into
the PNG. The picture is the one `yieldsim.plot` draws in process, byte for byte.

Only the command uses it (a library call must not fork the caller's process). When the
helper cannot be started or is lost, the picture is drawn in process instead, and when the
partner is lost the helper draws the whole picture: the helpers can make a run faster,
never fail it. A failure of the drawing itself (a full disk) comes back as the exception the
helper met, so the caller reports it as it would its own.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import numpy as np
    import pandas as pd

    from yieldsim.plot import RunCanvas


class Painter:
    """A helper process that draws run pictures on request, one at a time."""

    def __init__(self, process: Any, connection: Connection) -> None:
        """Wrap a started helper and the parent's end of its pipe (see `start`)."""
        self._process = process
        self._connection: Connection | None = connection

    @classmethod
    def start(cls, negotiation: bool = True) -> Painter | None:
        """Fork the helper (Linux); None where forking is missing or would not be safe.

        Forking a process while another of its Python threads holds a lock can deadlock the
        child, so a process with another Python thread gets None (the command has none).

        Args:
            negotiation: Whether the run's picture will likely have the tariff game's
                panels (the helpers build that layout ahead; a wrong guess costs time only).

        """
        import multiprocessing as mp  # here: the other commands never pay for its import

        if (not sys.platform.startswith("linux") or "fork" not in mp.get_all_start_methods()
                or threading.active_count() > 1):
            return None  # macOS: system frameworks are not safe to use after a fork
        sys.stdout.flush()  # the child must not inherit (and later repeat) buffered output
        sys.stderr.flush()
        context = mp.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs, ours, negotiation), daemon=True,
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

    def submit(self, frame: pd.DataFrame, path: Path, title: str) -> Callable[[], None]:
        """Start writing the run's picture to `path`; the call returned waits until it is.

        The waiting call draws the picture here if the helper is gone, and raises `OSError`
        when it could not be written (as `yieldsim.plot.plot_run` raises).
        """
        if self.alive:
            assert self._connection is not None
            try:
                self._connection.send((frame, str(path), title))
            except OSError:
                pass  # the helper went away: draw here when the caller waits
            else:
                return functools.partial(self._wait, frame, path, title)
        return functools.partial(self._draw_here, frame, path, title)

    def draw(self, frame: pd.DataFrame, path: Path, title: str) -> None:
        """Write the run's picture to `path` (in the helper, or here if it is gone).

        Raises:
            OSError: The picture could not be written (as `yieldsim.plot.plot_run` raises).

        """
        self.submit(frame, path, title)()

    def _wait(self, frame: pd.DataFrame, path: Path, title: str) -> None:
        """Wait for the helper's answer to a picture sent to it."""
        assert self._connection is not None
        try:
            error = self._connection.recv()
        except (EOFError, OSError):
            self._draw_here(frame, path, title)  # the helper went away before answering
            return
        if error is not None:
            raise error

    def _draw_here(self, frame: pd.DataFrame, path: Path, title: str) -> None:
        """Draw in this process, letting a lost helper go."""
        self.close()
        from yieldsim.plot import plot_run

        plot_run(frame, path, title)

    def close(self, wait: bool = True) -> None:
        """Let the helper go: it exits once its end of the pipe reads end-of-file.

        Args:
            wait: Wait for it to exit (up to a second, then end it). A process about to
                exit itself need not: the helper's exit would only delay it.

        """
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if not wait:
            return
        self._process.join(timeout=1.0)
        if self._process.is_alive():
            self._process.terminate()


def serve(connection: Connection, parents_end: Connection, negotiation: bool) -> None:
    """The helper's life: import the plotting stack, then draw what arrives until EOF.

    Ctrl-C is the parent's to handle (it reaches the whole process group); the helpers just
    see their pipes close. Answers each picture with None or the exception it raised.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # it draws a picture or two and exits: collections would only walk its imports
    parents_end.close()  # else the helper would hold the pipe open and never see EOF
    leave_output_streams()
    # All of the drawing stack, before the partner is forked (it inherits what is loaded):
    # Agg is otherwise loaded by the first picture, in each.
    import matplotlib.backends.backend_agg  # noqa: F401

    import yieldsim.plot  # noqa: F401

    studio = Studio(connection, negotiation)
    try:
        while True:
            try:
                frame, path, title = connection.recv()
            except (EOFError, OSError):
                return
            try:
                studio.paint(frame, Path(path), title)
            except Exception as exc:  # every failure goes back to the parent, which reports it
                connection.send(exc)
            else:
                connection.send(None)
    finally:
        studio.close()


def leave_output_streams() -> None:
    """Point the helper's stdout and stderr at /dev/null.

    The helpers have nothing to print (what goes wrong goes back through the pipe), and a
    reader of the command's output, `yieldsim run | tee log` or a test capturing it, would
    otherwise wait for them to exit too before it sees end-of-file.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
    finally:
        os.close(devnull)


class Studio:
    """The helper's drawing: with its partner drawing the second half, or alone."""

    def __init__(self, parents: Connection, negotiation: bool) -> None:
        """Fork the partner, then build this side's canvas while the model runs.

        Args:
            parents: The helper's pipe to the command (closed in the partner).
            negotiation: The expected layout (see `Painter.start`).

        """
        self._partner = Partner.start(parents, negotiation)
        self._canvases = Canvases(negotiation, half=0 if self._partner else None)

    def paint(self, frame: pd.DataFrame, path: Path, title: str) -> None:
        """Write one picture: both halves at once, or all of it here without a partner."""
        from yieldsim import plot

        canvas = self._canvases.take(frame)
        if self._partner is None or not self._partner.begin(frame, title):
            self.close()
            plot.save_png(plot.fill(canvas, frame, title), path)
            return
        try:
            plot.fill(canvas, frame, title, half=0)
            first = plot.render_half(canvas, 0)
            second = self._partner.result(first.shape)
        except BaseException:
            self.close()  # its answer may be unread: it must not be taken for the next one's
            raise
        if second is None:
            self.close()
            plot.plot_run(frame, path, title)
        else:
            plot.write_halves(first, second, path)

    def close(self) -> None:
        """Let the partner go (later pictures are drawn here alone)."""
        if self._partner is not None:
            self._partner.close()
            self._partner = None


class Canvases:
    """A helper's canvases: the one built ahead serves the first picture it suits."""

    def __init__(self, negotiation: bool, half: int | None) -> None:
        """Build the canvas of the expected layout, with the ticks of the half drawn here."""
        from yieldsim import plot

        self._ready: RunCanvas | None = plot.run_canvas(negotiation)
        plot.ready_ticks(self._ready, half)

    def take(self, frame: pd.DataFrame) -> RunCanvas:
        """A canvas for this table (each serves one picture)."""
        from yieldsim import plot

        canvas, self._ready = self._ready, None
        negotiation = plot.needs_negotiation(frame)
        if canvas is None or canvas.negotiation != negotiation:
            canvas = plot.run_canvas(negotiation)
        return canvas


class Partner:
    """The helper's own helper, forked from it, which draws the second half of the panels."""

    def __init__(self, pid: int, connection: Connection) -> None:
        """Wrap a forked partner and the helper's end of its pipe (see `start`)."""
        self._pid = pid
        self._connection = connection

    @classmethod
    def start(cls, parents: Connection, negotiation: bool) -> Partner | None:
        """Fork the partner once the plotting stack is imported (None if that fails).

        `os.fork`, not multiprocessing: the helper is a daemonic process, which
        multiprocessing does not let have children. A helper is single-threaded (it was
        forked), so forking it again is safe.

        Args:
            parents: The helper's pipe to the command, closed in the partner so that only
                the helper holds it.
            negotiation: The expected layout (see `Painter.start`).

        """
        from multiprocessing import Pipe

        ours, theirs = Pipe()
        try:
            pid = os.fork()
        except OSError:
            ours.close()
            theirs.close()
            return None
        if pid == 0:  # the partner: never returns, never runs the helper's exit handlers
            try:
                ours.close()
                parents.close()
                serve_second_half(theirs, negotiation)
            finally:
                os._exit(0)
        theirs.close()
        return cls(pid, ours)

    def begin(self, frame: pd.DataFrame, title: str) -> bool:
        """Send the partner a table to draw; False if it is gone."""
        try:
            self._connection.send((frame, title))
        except OSError:
            return False
        return True

    def result(self, shape: tuple[int, ...]) -> np.ndarray | None:
        """The second half's pixels, in the shape of the first's; None if the partner failed."""
        import numpy as np

        try:
            pixels = self._connection.recv_bytes()
        except (EOFError, OSError):
            return None
        if len(pixels) != np.prod(shape):
            return None
        return np.frombuffer(pixels, dtype=np.uint8).reshape(shape)

    def close(self) -> None:
        """Let the partner go and reap it (it exits when its pipe reads end-of-file)."""
        self._connection.close()
        with contextlib.suppress(ChildProcessError):  # already reaped
            os.waitpid(self._pid, 0)


def serve_second_half(connection: Connection, negotiation: bool) -> None:
    """The partner's life: draw the second half of each table sent, until EOF.

    Any failure is answered with no pixels, and the helper then draws the whole picture.
    """
    from yieldsim import plot

    canvases = Canvases(negotiation, half=1)
    while True:
        try:
            frame, title = connection.recv()
        except (EOFError, OSError):
            return
        try:
            canvas = canvases.take(frame)
            plot.fill(canvas, frame, title, half=1)
            pixels = plot.render_half(canvas, 1)
        except Exception:  # the helper then draws it all; nothing is lost
            connection.send_bytes(b"")
        else:
            connection.send_bytes(pixels.reshape(-1))  # as bytes (send_bytes counts rows)
