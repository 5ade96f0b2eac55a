"""Background work for the Studio's panels: one small helper instead of a pool, a relay
signal, a runnable class and a generation counter per panel.

A :class:`Worker` runs callables on its own thread pool and hands their results back on the
UI thread. Work started with ``latest=True`` (the default) supersedes all earlier latest
work: a result that arrives after a newer start is dropped, so a panel shows the check of
the campaign as it is now, never a stale one; and superseded work still waiting for the
pool is skipped, not run, so a slow job (an HDR frame for the preview, ~0.3 s) asked for
five times a second during playback never builds a queue the picture falls seconds behind. ``later()`` starts the worker's ``job`` after a
quiet spell (debounce), so a burst of edits is checked once.

Why not superqt's ``thread_worker``/``qdebounced``: they start a QThread per call and know
nothing of "drop the stale result", which every panel here needs; a QThreadPool of one
thread also gives the tests a plain ``waitForDone`` to wait on. This is the whole pattern in
one place, and small.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

T = TypeVar("T")


class _Relay(QObject):
    """Lives on the UI thread: a signal emitted from a pool thread arrives there queued."""

    done = Signal(int, object, object)  # generation, callback, its argument


class _Task(QRunnable):
    def __init__(
        self,
        generation: int,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None] | None,
        relay: _Relay,
        current: Callable[[], int],
    ) -> None:
        super().__init__()
        self._generation, self._work, self._done, self._failed, self._relay = (
            generation,
            work,
            done,
            failed,
            relay,
        )
        self._current = current

    def run(self) -> None:
        if self._generation >= 0 and self._generation != self._current():
            return  # superseded while it waited: its result would be dropped anyway
        try:
            result = self._work()
        except Exception as exc:  # shown by the panel (``failed``), never a crash
            # What failed, in words: never a traceback in the window (a bare StopIteration
            # has no message of its own).
            message = str(exc) or f"unexpected {type(exc).__name__}; this is a bug, please report it"
            if self._failed is None:
                traceback.print_exc()
                return
            self._hand_back(self._failed, message)
            return
        self._hand_back(self._done, result)

    def _hand_back(self, callback: Callable[[Any], None], value: Any) -> None:
        """Send the result to the UI thread. The panel (and its relay) may have been closed
        while this ran; then there is no one to tell, and an exception leaving ``run`` would
        reach Qt's pool, which aborts on it."""
        with contextlib.suppress(RuntimeError):  # the relay's C++ object is already deleted
            self._relay.done.emit(self._generation, callback, value)


class Worker(QObject):
    """A thread pool of ``threads`` threads whose results come back on the UI thread; with
    ``job`` and ``debounce_ms``, :meth:`later` runs ``job`` once edits have paused."""

    def __init__(
        self,
        parent: QObject,
        threads: int = 1,
        debounce_ms: int = 0,
        job: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        if job is not None:
            self._timer.timeout.connect(job)

    def start(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[str], None] | None = None,
        latest: bool = True,
    ) -> None:
        """Run ``work()`` on the pool; ``done(result)`` (or ``failed(message)``) follows on the
        UI thread. ``latest=False`` work (a thumbnail) neither supersedes nor is superseded."""
        if latest:
            self._generation += 1
        generation = self._generation if latest else -1
        self._pool.start(_Task(generation, work, done, failed, self._relay, self._latest))

    def _latest(self) -> int:
        """The newest latest work's generation (read from the pool's threads: an int read)."""
        return self._generation

    def later(self) -> None:
        """Run the job after the quiet spell (restarting it when already waiting)."""
        self._timer.start()

    def stop(self) -> None:
        """Forget a waiting job and drop the result of any latest work still running."""
        self._timer.stop()
        self._generation += 1

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for the running work to finish (tests and shutdown)."""
        return self._pool.waitForDone(msecs)

    def _deliver(self, generation: int, callback: Callable[[Any], None], value: Any) -> None:
        if generation >= 0 and generation != self._generation:
            return  # newer work was started since; its own result follows
        callback(value)
