"""The command's standard streams: closed, full or not UTF-8, it still ends in one line.

`yieldsim run >&-` (no stdout at all), `> /dev/full` (every write fails) and
`PYTHONIOENCODING=ascii` (no '·' in the summary) are refused or handled here, before and
after a command runs, so that none ends in a traceback or in output cut short that looks
complete.
"""

from __future__ import annotations

import errno
import os
import sys

# Write errors of a full or failing device: what `> /dev/full` and a full disk raise.
WRITE_ERRORS = (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG)


class StreamError(Exception):
    """Standard output cannot be written: the message says why, in one line.

    Attributes:
        status: Exit status: 2 when refused before any work, 1 when output was lost.

    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def prepare(own_process: bool = True) -> None:
    """Check stdout before any work; in the program's own process, make both streams degrade.

    A text the terminal's encoding lacks (the summary's '·', a label in another script) is
    written as its backslash escape instead of raising UnicodeEncodeError. A caller's
    process (`main(argv)`) keeps its streams as they are.

    Raises:
        StreamError: Standard output is closed (the command would write nowhere).

    """
    if sys.stdout is None:
        raise StreamError("standard output is closed: run the command with its output going "
                          "somewhere (a terminal, a file, or > /dev/null)", status=2)
    for stream in (sys.stdout, sys.stderr) if own_process else ():
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            reconfigure(errors="backslashreplace")


def flush() -> None:
    """Flush stdout, turning a failed write (a full device) into StreamError.

    Raises:
        StreamError: The output could not be written (it is incomplete).

    """
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS:
            raise
        raise lost(exc) from None


def lost(exc: OSError) -> StreamError:
    """The error for output that could not be written, with stdout silenced for the exit.

    The buffered output is lost: the descriptor is pointed at /dev/null, so the flush at
    exit succeeds quietly instead of tracing the same error again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return StreamError(f"standard output could not be written ({exc.strerror or exc}): the "
                       "printed output is incomplete; write it to a device with room",
                       status=1)
