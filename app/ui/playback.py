"""Real playback for the preview: the story played with its sound at its frame rate, from a
proxy (:mod:`takatof.render.video.proxy`) that Qt Multimedia plays.

:class:`Playback` owns a ``QMediaPlayer`` with a ``QAudioOutput`` and a ``QVideoSink``. It
makes the shown video's proxy on its own worker thread — when first played, and from then on
ahead, once edits pause (so Play is usually instant) — plays it from where the playhead is, and hands every frame the sink receives to
the preview with the frame's own time: the picture and the playhead are moved by the same
frame, so they never disagree, and the player's audio clock paces both. An edit while
playing makes a new proxy and playback carries on in it from the same time once it is ready;
until then the old one goes on playing.

Qt Multimedia comes with PySide6-Addons and, on Linux, loads libpulse for its sound. Where it
cannot be imported :func:`load_multimedia` says why; the preview then plays with its
compositor timer (few frames a second, no sound) and shows that reason.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QImage

from ..model import Project
from ..render.cancel import CancelToken
from ..render.jobs import Job
from ..render.video.proxy import Proxy, make_proxy
from .worker import Worker

BUILD_DEBOUNCE_MS = 700  # a proxy is made once edits have paused this long
SETTLE_S = 0.25  # after a seek, frames further than this from where it went are old ones
GET_SOUND = (
    "install PySide6-Addons (pip install 'takatof[gui]') and, on Linux, libpulse0 "
    "(sudo apt install libpulse0) for playback with sound"
)


def load_multimedia() -> tuple[ModuleType | None, str]:
    """Qt Multimedia, or None and why it cannot be loaded (with how to get it)."""
    try:
        module = importlib.import_module("PySide6.QtMultimedia")
    except ImportError as exc:  # no PySide6-Addons, or libpulse missing: the import fails
        return None, f"Qt Multimedia cannot be loaded ({exc}); {GET_SOUND}"
    return module, ""


@dataclass(frozen=True)
class Source:
    """What to make a proxy of: the project as it is now, the video job shown, where proxies
    are kept and where the drawn images are cached."""

    project: Project
    job: Job
    folder: Path
    cache: Path


def _priority(waited_for: bool) -> None:
    """A proxy made ahead of time (nobody is waiting to play it) takes only CPU time nothing
    else wants (Linux's SCHED_IDLE, inherited by the ffmpeg it starts): the preview's own
    drawing and the window go first. One that Play waits for runs as usual. Set on the
    worker's thread for each proxy (the thread is reused); elsewhere nothing is changed."""
    if sys.platform == "linux":
        policy = os.SCHED_OTHER if waited_for else os.SCHED_IDLE
        with contextlib.suppress(OSError, AttributeError):  # not allowed back: stays as it was
            os.sched_setscheduler(0, policy, os.sched_param(0))  # 0: this thread


class Playback(QObject):
    """Plays the shown video's proxy; see the module's docstring.

    Signals: ``frame(QImage, float)`` a frame is due on screen now, at that time (seconds);
    ``finished`` the end was reached; ``message(str)`` a status line (empty: none);
    ``ready`` a proxy of the video as it is now is made."""

    frame = Signal(QImage, float)
    finished = Signal()
    message = Signal(str)
    ready = Signal()
    _progress = Signal(float)  # from the worker thread, queued to the UI thread

    def __init__(self, parent: QObject, source: Callable[[], Source | None]) -> None:
        super().__init__(parent)
        self._source = source
        self.multimedia, self.unavailable = load_multimedia()
        self.proxy: Proxy | None = None  # the newest proxy made of the video shown
        self._loaded: Proxy | None = None  # the proxy in the player
        self._token: CancelToken | None = None
        self._playing = False  # asked to play (the player may still wait for its proxy)
        self._start_at = 0.0  # where to start once the proxy is in the player
        self._settling: float | None = None  # a seek's target, until a frame near it arrives
        self._building = False  # a proxy is being made (or its result is on its way)
        self._urgent = False  # and Play waits for it (it runs at the usual priority)
        self._shown = 0.0  # the time of the last frame handed on
        self._closed = False  # the window closed: nothing more is made or played
        self._used = False  # played once in this window: proxies are made ahead from then on
        self._worker = Worker(self, threads=1, debounce_ms=BUILD_DEBOUNCE_MS, job=self._build)
        self._progress.connect(self._on_progress)
        self.player: Any = None  # made with the first play (see prepare)

    @property
    def available(self) -> bool:
        return self.multimedia is not None

    def prepare(self) -> None:
        """Get ready to play: the player made, and the shown video's proxy made now if there
        is none. Until a window first plays, it makes neither — no player objects, no ffmpeg
        in the background after every edit of someone who only scrubs — and from then on it
        makes each proxy ahead, once edits pause, so Play is usually instant."""
        if not self.available or self._closed:
            return
        self._used = True
        self._make_player()
        if self.proxy is None and not self._building:
            self.invalidate(now=True)

    def _make_player(self) -> None:
        if self.player is not None:
            return
        mm = self.multimedia
        assert mm is not None
        self.player = mm.QMediaPlayer(self)
        self.audio = mm.QAudioOutput(self)
        self.sink = mm.QVideoSink(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.errorOccurred.connect(self._on_error)

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def loaded(self) -> Proxy | None:
        """The proxy in the player (the one whose frames are shown while playing)."""
        return self._loaded

    # ------------------------------------------------------------------ the proxy

    def invalidate(self, now: bool = False) -> None:
        """The video or its project changed: make its proxy again once edits pause (``now``:
        without waiting). A proxy being made for the older state is cancelled."""
        if not self.available or self._closed:
            return
        if self._token is not None:
            self._token.cancel()
        self.proxy = None  # of the older state: Play waits for the new one
        if not self._used:
            return  # made when first played (prepare)
        if now:
            self._worker.stop()
            self._build()
        else:
            self._worker.later()

    def forget(self) -> None:
        """Another video is shown: stop, and drop the proxies of the previous one."""
        self.pause()
        self.proxy = None
        self._loaded = None
        if self.player is not None:
            self.player.setSource(QUrl())
        if self._token is not None:
            self._token.cancel()
        self._worker.stop()
        self._building = False

    def close(self) -> None:
        """The window closes: stop, cancel a proxy being made, and make none later (an edit
        or a draw landing after the close would otherwise start one as the cache goes). The
        cancelled one is waited for (its ffmpeg stops within a moment): its thread reports
        progress through this object, which must not be destroyed while it still can."""
        self.forget()
        self._closed = True
        self._worker.wait(10_000)

    def _build(self) -> None:
        source = self._source()
        if source is None or self._closed:
            return
        token = self._token = CancelToken()
        self._building = True
        urgent = self._urgent = self._playing
        report = self._progress.emit

        def work() -> Proxy:
            _priority(urgent)
            folder = source.folder
            return make_proxy(
                source.project,
                source.job,
                folder,
                source.cache,
                lambda progress: report(progress.fraction),
                token,
            )

        self._worker.start(work, self._on_built, self._on_failed)

    def _on_progress(self, fraction: float) -> None:
        if self._playing and self._loaded is None:
            self.message.emit(self.tr("Preparing playback… {percent}%").format(percent=round(fraction * 100)))

    def _on_built(self, proxy: Proxy) -> None:
        self._building = False
        self.proxy = proxy
        self.ready.emit()
        if not self._playing:
            return
        if self._loaded is not None and self._loaded.path == proxy.path:
            return
        at = self.position if self._loaded is not None else self._start_at
        self._load(proxy, at)

    def _on_failed(self, message: str) -> None:
        self._building = False
        if self._token is not None and self._token.cancelled:
            return  # superseded by a newer proxy (its own result follows)
        if self._playing and self._loaded is None:
            self._playing = False
            self.finished.emit()
            self.message.emit(self.tr("Cannot play: {reason}").format(reason=message))

    def wait_idle(self, msecs: int = 60_000) -> bool:
        return self._worker.wait(msecs)

    # ------------------------------------------------------------------ playing

    @property
    def position(self) -> float:
        """The time of the frame on screen (seconds): where playback carries on from."""
        return self._shown

    def play(self, at: float) -> None:
        """Play from ``at`` seconds: at once when the proxy is made, else once it is."""
        if not self.available:
            return
        self._used = True
        self._make_player()
        self._playing = True
        self._start_at = at
        proxy = self.proxy
        if proxy is None:
            self.message.emit(self.tr("Preparing playback…"))
            if not (self._building and self._urgent):
                self.invalidate(now=True)  # now, and at the usual priority
            return
        if self._loaded is not None and self._loaded.path == proxy.path:
            self._seek_and_play(at)
        else:
            self._load(proxy, at)

    def pause(self) -> None:
        self._playing = False
        self._settling = None
        if self.player is not None:
            self.player.pause()

    def seek(self, at: float) -> None:
        """Move playback to ``at`` seconds (a scrub while playing)."""
        if self._playing and self._loaded is not None:
            self._seek_and_play(at)
        else:
            self._start_at = at

    def _load(self, proxy: Proxy, at: float) -> None:
        self._loaded = proxy
        self._start_at = at
        self._settling = at
        self.player.setSource(QUrl.fromLocalFile(str(proxy.path)))  # loads; _on_status starts it

    def _seek_and_play(self, at: float) -> None:
        self._settling = at
        self.player.setPosition(round(at * 1000))
        self.player.play()
        self.message.emit("")

    def _on_status(self, status: object) -> None:
        status_enum = self.multimedia.QMediaPlayer.MediaStatus  # type: ignore[union-attr]
        if status == status_enum.LoadedMedia and self._playing:
            self._seek_and_play(self._start_at)
        elif status == status_enum.EndOfMedia and self._playing:
            self._playing = False
            self.finished.emit()

    def _on_error(self, _error: object, text: str) -> None:
        if text:
            self.message.emit(self.tr("Cannot play: {reason}").format(reason=text))

    def _on_frame(self, frame: Any) -> None:
        """A frame the player shows now: handed on with its own time (while playing)."""
        if not self._playing or not frame.isValid():
            return
        t = frame.startTime() / 1e6
        if self._settling is not None:
            if abs(t - self._settling) > SETTLE_S:
                return  # decoded before the seek took effect (or from the previous source)
            self._settling = None
        self._shown = t
        self.frame.emit(frame.toImage(), t)
