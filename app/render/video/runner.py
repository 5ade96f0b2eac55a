"""Run one ffmpeg process: report progress through a callback, and stop it when cancelled.

ffmpeg writes ``key=value`` blocks to stdout (``-progress pipe:1``) ending in
``progress=continue|end``; ``out_time_us`` is the position reached. stderr goes to a
temporary file, so a chatty ffmpeg can never block on a full pipe, and its last lines make
the error message when ffmpeg fails. An optional ``feed`` writes an input to ffmpeg's stdin
(the photo frames) on its own thread; ffmpeg's reading paces it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Protocol

from ..cancel import CancelToken


@dataclass(frozen=True)
class Progress:
    fraction: float  # 0..1
    fps: float
    eta_s: float | None


class FfmpegError(RuntimeError):
    """ffmpeg failed; the message carries the end of its log."""


class FeedError(FfmpegError):
    """What the feed writes to ffmpeg's stdin could not be made; the message says why."""


class Cancelled(Exception):
    """The render was cancelled; the partial output has been removed by the caller."""


class Writer(Protocol):
    """Where a feed writes: ffmpeg's stdin (or, in tests, any ``write``)."""

    def write(self, data: bytes | memoryview, /) -> object: ...


Feed = Callable[[Writer], object]


def ffmpeg_exe() -> str:
    """The ffmpeg binary every run uses: the one imageio-ffmpeg ships (pip is the whole set-up)."""
    import imageio_ffmpeg

    exe: str = imageio_ffmpeg.get_ffmpeg_exe()
    return exe


_PIPE_SIZE = 1 << 20  # Linux: a 1 MiB stdin pipe, 16x fewer wake-ups per raw frame


def ffmpeg_env() -> dict[str, str]:
    """The environment ffmpeg runs in: this one, with glibc's allocator told to serve large
    blocks from its heap (kept and reused) instead of a fresh ``mmap`` each. ffmpeg takes a
    new 3 MiB buffer for every raw 1080x1920 frame it reads; mapped afresh, each one costs
    page faults and zeroing in the kernel: 0.25 s of a story's system time (0.89 -> 0.64 s,
    median of the full encode's sys time, photo frames read from a file). Other platforms
    ignore these variables; values already set are kept."""
    return {"MALLOC_MMAP_THRESHOLD_": str(64 << 20), "MALLOC_TRIM_THRESHOLD_": str(256 << 20), **os.environ}


class _PipeClosed(Exception):
    """ffmpeg's stdin can no longer be written: ffmpeg has stopped reading."""


class _Stdin:
    """ffmpeg's stdin as the feed sees it. A failed write becomes _PipeClosed, whatever the
    platform calls it (BrokenPipeError on POSIX, OSError EINVAL on Windows), so only that
    is taken for ffmpeg having stopped."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self._pipe = pipe

    def write(self, data: bytes | memoryview) -> int:
        try:
            return self._pipe.write(data)
        except OSError as error:
            raise _PipeClosed() from error


def end_process(process: subprocess.Popen[bytes], grace_s: float = 5.0) -> None:
    """Stop a process that is still running: terminate, and kill it if it has not ended
    within ``grace_s``; always reaped, so no zombie and no orphan is left."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class FfmpegRun:
    """``with FfmpegRun(args, duration, on_progress, cancel, feed) as run: run.wait()``.
    Leaving the block always ends the process (terminate, then kill) and the feeder."""

    def __init__(
        self,
        args: list[str],
        duration: float,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: CancelToken | None = None,
        feed: Feed | None = None,
    ) -> None:
        self.args = args
        self.duration = max(duration, 1e-6)
        self.on_progress = on_progress
        self.cancel = cancel
        self.feed = feed
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__)
        self._process: subprocess.Popen[bytes] | None = None
        self._feeder: threading.Thread | None = None
        self._feed_error: BaseException | None = None
        self._started = 0.0
        self._fraction = 0.0

    def __enter__(self) -> FfmpegRun:
        self._started = time.monotonic()
        self._process = subprocess.Popen(
            self.args,
            stdin=subprocess.DEVNULL if self.feed is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=ffmpeg_env(),
        )
        if self.feed is not None:
            self._feeder = threading.Thread(target=self._feed, daemon=True)
            self._feeder.start()
        return self

    def _feed(self) -> None:
        """Write the input, then close stdin (ffmpeg's end of input: ffmpeg waits for it, so
        no other process may hold a copy of this pipe). A write that fails means ffmpeg
        stopped (failed, finished or cancelled): its exit status tells; anything else the
        feed raises fails the run, even a BrokenPipeError of its own."""
        process = self._process
        assert process is not None and process.stdin is not None and self.feed is not None
        stdin = process.stdin
        if sys.platform == "linux":
            import fcntl

            with contextlib.suppress(OSError):  # a smaller pipe only costs a little time
                fcntl.fcntl(stdin.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
        try:
            self.feed(_Stdin(stdin))
        except _PipeClosed:
            pass
        except BaseException as error:  # reported by wait(), which knows what to raise
            self._feed_error = error
            process.terminate()
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        process = self._process
        if process is not None:
            end_process(process)
        if self._feeder is not None:
            self._feeder.join()
        if process is not None and process.stdout:
            process.stdout.close()
        self._log.close()

    def wait(self) -> None:
        """Read progress until ffmpeg ends; raise FfmpegError on failure, Cancelled on cancel."""
        process = self._process
        assert process is not None and process.stdout is not None
        watcher = threading.Thread(target=self._watch_cancel, daemon=True)
        watcher.start()
        block: dict[str, str] = {}
        for raw in process.stdout:
            key, _, value = raw.decode("utf-8", "replace").strip().partition("=")
            block[key] = value
            if key == "progress":
                self._report(block)
                block = {}
        code = process.wait()
        if self._feeder is not None:
            self._feeder.join()
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled()
        if self._feed_error is not None:
            raise FeedError(str(self._feed_error)) from self._feed_error
        if code != 0:
            self._log.seek(0)
            full = self._log.read().decode("utf-8", "replace")
            failed_write = write_error(full)
            if failed_write is not None:  # the caller names the file: "cannot write PATH: ..."
                raise failed_write
            raise FfmpegError(exit_message(code, self.log_tail()))

    def _watch_cancel(self) -> None:
        process = self._process
        while process is not None and process.poll() is None:
            if self.cancel is not None and self.cancel.cancelled:
                process.terminate()
                return
            time.sleep(0.1)

    def _report(self, block: dict[str, str]) -> None:
        if self.on_progress is None or (self.cancel is not None and self.cancel.cancelled):
            return  # a stopped ffmpeg still prints "progress=end": that is not completion
        try:
            position = int(block.get("out_time_us", "0")) / 1e6
        except ValueError:  # "N/A" before the first frame
            position = 0.0
        fraction = 1.0 if block.get("progress") == "end" else min(1.0, max(0.0, position / self.duration))
        # ffmpeg's first positions may come from another stream: never report going back.
        fraction = self._fraction = max(self._fraction, fraction)
        try:
            fps = float(block.get("fps", "0") or 0)
        except ValueError:
            fps = 0.0
        elapsed = time.monotonic() - self._started
        eta = elapsed * (1 - fraction) / fraction if fraction > 0.01 else None
        self.on_progress(Progress(fraction, fps, eta))

    def log_tail(self, lines: int = 12) -> str:
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace")
        return "\n".join(text.strip().splitlines()[-lines:])


def run_ffmpeg(
    args: list[str],
    duration: float,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: CancelToken | None = None,
    feed: Feed | None = None,
) -> None:
    with FfmpegRun(args, duration, on_progress, cancel, feed) as run:
        run.wait()


# What ffmpeg prints when its output cannot be written, by the error it got: the libc text
# ("Error muxing a packet ... No space left on device") and ffmpeg's own negative code
# ("Task finished with error code: -28 (No space left on device)"). Only errors that can come
# from writing alone: a "Permission denied" may be about an input.
_WRITE_ERRORS = tuple(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None), errno.EFBIG) if code is not None
)


def write_error(log: str) -> OSError | None:
    """The write error ffmpeg failed with (a full disk, a quota, a file too large for the file
    system), as the OSError the OS gave it, or None: then ffmpeg's log is the message. Looked
    for in the whole log: after a full disk ffmpeg still prints its encoder statistics, which
    push the cause out of the last lines."""
    for code in _WRITE_ERRORS:
        text = os.strerror(code)
        if text in log or f"error code: -{code} " in log:
            return OSError(code, text)
    return None


def exit_message(code: int, log: str, what: str = "ffmpeg") -> str:
    """Why a process failed, for a person: the end of its log, or, when it printed nothing
    (killed from outside, out of memory), how it ended."""
    tail = "\n".join(log.strip().splitlines()[-12:])
    if tail:
        return tail
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"{what} was stopped by {name} before it finished (killed from outside, or out of memory)"
    return f"{what} exited with code {code} and printed nothing"


class Capture:
    """A short ffmpeg command running in the background (a measurement that overlaps other
    work). Calling it waits for the process and returns its log, raising FfmpegError on
    failure and Cancelled when ``cancel`` is set meanwhile; :meth:`stop` ends it early.
    Either way the process is reaped and the log file closed."""

    def __init__(self, args: list[str], cancel: CancelToken | None = None, what: str = "ffmpeg") -> None:
        self.cancel = cancel
        self.what = what
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in _finish)
        self._process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log, env=ffmpeg_env()
        )

    def __call__(self) -> str:
        process = self._process
        try:
            while True:
                try:
                    code = process.wait(timeout=0.1)
                    break
                except subprocess.TimeoutExpired:
                    if self.cancel is not None and self.cancel.cancelled:
                        self.stop()
                        raise Cancelled() from None
            if self.cancel is not None and self.cancel.cancelled:
                raise Cancelled()
            self._log.seek(0)
            text = self._log.read().decode("utf-8", "replace")
        finally:
            self._close()
        if code != 0:
            raise FfmpegError(f"{self.what}: {exit_message(code, text)}")
        return text

    def stop(self) -> None:
        """End the process now (terminate, then kill) and release its log."""
        end_process(self._process)
        self._close()

    def _close(self) -> None:
        if not self._log.closed:
            self._log.close()


def start_capture(args: list[str], cancel: CancelToken | None = None, what: str = "ffmpeg") -> Capture:
    """Start a short ffmpeg command in the background; see :class:`Capture`."""
    return Capture(args, cancel, what)
