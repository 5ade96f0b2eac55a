"""The cancel token every render API takes, and the signals that trip it.

The GUI's Cancel button, Ctrl-C (SIGINT) and SIGTERM all end a render the same way: they set
the token, the render stops its ffmpeg processes and worker processes, removes its temporary
files and records what finished. Nothing is cut short by an exception raised at an arbitrary
point, which is what would leave partial files and orphaned children behind.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class CancelToken:
    """Set from any thread (or a signal handler) to stop a render; renders check it between
    and during outputs. ``signal`` is the signal number that tripped it, if one did."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.signal: int | None = None

    def cancel(self, signum: int | None = None) -> None:
        if signum is not None and self.signal is None:
            self.signal = signum
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


HANDLED = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def cancel_on_signals(token: CancelToken) -> Iterator[CancelToken]:
    """While inside, SIGINT and SIGTERM cancel ``token`` instead of killing the process (a
    second one does the same: cleaning up takes a moment, not a second Ctrl-C). The earlier
    handlers are put back on the way out. Only the main thread may install handlers; from
    another thread this does nothing (that caller has its own Cancel)."""
    if threading.current_thread() is not threading.main_thread():
        yield token
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        token.cancel(signum)

    previous = {sig: signal.signal(sig, handler) for sig in HANDLED}
    try:
        yield token
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def exit_code(signum: int) -> int:
    """The shell's convention for a process ended by a signal: 128 + its number."""
    return 128 + signum
