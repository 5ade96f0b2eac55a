"""What a media file holds, as the Studio shows it: a thumbnail, a video's first frame, a
sound's waveform, a caption file's count — decoded on a small thread pool (never on the UI
thread) and cached by path, modification time and size, so a form rebuilt after every edit
shows its thumbnails at once.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QSize,
    Signal,
)
from PySide6.QtGui import (
    QImage,
)

from ..model.fields import SUFFIXES, kind_of_file
from ..model.filecache import version
from .pictures import to_qimage
from .worker import Worker

if TYPE_CHECKING:
    from ..render.video.probe import MediaInfo


@dataclass(frozen=True)
class Look:
    """What a media file looks like in a field: a small picture, what is wrong with it (for
    a person), a one-line description (size, duration, cues) and, for a video or a sound,
    its duration in seconds (the media bin's column)."""

    image: QImage | None = None
    problem: str | None = None
    note: str = ""
    duration: float | None = None


THUMB = QSize(96, 60)


def look(path: Path, kind: str, box: QSize = THUMB) -> Look:
    """Decode ``path`` (a worker thread's job) into its :class:`Look`."""
    kind = kind if kind in SUFFIXES else (kind_of_file(path) or "image")
    try:
        if kind == "image":
            return _look_image(path, box)
        if kind == "video":
            return _look_video(path, box)
        if kind == "audio":
            return _look_audio(path, box)
        return _look_captions(path)
    except Exception as exc:  # a preview never crashes the Studio; it says what failed
        return Look(problem=str(exc) or type(exc).__name__)


def _look_image(path: Path, box: QSize) -> Look:
    from ..model.media import ImageError, image_size, open_image

    try:
        width, height = image_size(path)
        image = open_image(path, at_least=(box.width(), box.height()))
    except ImageError as exc:
        return Look(problem=exc.reason)
    image.thumbnail((box.width(), box.height()))
    return Look(to_qimage(image), None, f"{width}×{height}")


def _probed(path: Path, video: bool) -> MediaInfo | Look:
    """What ffprobe says of ``path``, or the :class:`Look` that says why it is no video (or,
    ``video`` False, no sound) file."""
    from ..render.video.probe import MediaError, probe

    try:
        info = probe(path)
    except MediaError as exc:
        return Look(problem=str(exc))
    if video and not info.has_video:
        return Look(problem=QCoreApplication.translate("media", "has no video stream"))
    if not video and not info.has_audio:
        return Look(problem=QCoreApplication.translate("media", "is not an audio file (no sound in it)"))
    return info


def _look_video(path: Path, box: QSize) -> Look:
    import av

    from .decode import frame_at

    info = _probed(path, video=True)
    if isinstance(info, Look):
        return info
    try:
        picture = frame_at(path)  # the timeline's filmstrip decodes frames the same way
    except (ValueError, av.FFmpegError):
        return Look(problem=QCoreApplication.translate("media", "has no picture that can be decoded"))
    note = f"{info.width}×{info.height} · {info.duration:.1f} s"
    picture.thumbnail((box.width(), box.height()))
    return Look(to_qimage(picture), None, note, info.duration)


def _look_audio(path: Path, box: QSize) -> Look:
    import av

    from .decode import envelope

    info = _probed(path, video=False)
    if isinstance(info, Look):
        return info
    try:
        levels = envelope(path)  # the timeline's waveform, from the same cache
    except av.FFmpegError as exc:
        return Look(problem=QCoreApplication.translate("media", "cannot be decoded ({why})").format(why=exc))
    if not len(levels):
        return Look(problem=QCoreApplication.translate("media", "is an empty audio file"))
    return Look(_waveform(levels, box), None, f"{info.duration:.1f} s", info.duration)


def _waveform(levels: Any, box: QSize) -> QImage:
    """A small waveform: the envelope's peak per column of the box."""
    from PIL import Image, ImageDraw

    width, height = box.width(), box.height()
    columns = [0.0] * width
    for i, peak in enumerate(levels):
        x = min(width - 1, int(i / max(1, len(levels) - 1) * (width - 1)))
        columns[x] = max(columns[x], min(1.0, float(peak)))
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    mid = height / 2
    for x, peak in enumerate(columns):
        half = max(0.5, peak * (mid - 1))
        draw.line([(x, mid - half), (x, mid + half)], fill=(15, 92, 74, 255))
    return to_qimage(image)


def _look_captions(path: Path) -> Look:
    from ..templates.captions import parse_captions

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return Look(problem=QCoreApplication.translate("media", "is not UTF-8 text; save it as UTF-8"))
    kind = "vtt" if path.suffix.lower() == ".vtt" else "srt"
    try:
        cues = parse_captions(text, kind)
    except ValueError as exc:
        return Look(
            problem=QCoreApplication.translate("media", "cannot be read as captions ({why})").format(why=exc)
        )
    if not cues:
        return Look(problem=QCoreApplication.translate("media", "holds no captions"))
    return Look(None, None, QCoreApplication.translate("media", "{n} captions").format(n=len(cues)))


Key = tuple[str, int, int, str, int, int]


def _key(path: Path, kind: str, box: QSize) -> Key | None:
    """The preview's key: the file, its version (so a new version is looked at again), the
    kind and the box; None when there is no file to look at."""
    try:
        mtime_ns, size = version(path)
    except OSError:
        return None
    return (str(path), mtime_ns, size, kind, box.width(), box.height())


def _look_at(key: Key) -> Look:
    path, _mtime, _size, kind, width, height = key
    return look(Path(path), kind, QSize(width, height))


class MediaPreviews(QObject):
    """The shared, cached source of :class:`Look` values. ``request`` answers from the cache
    or starts a worker; ``ready`` then announces the key, and every editor showing that file
    picks it up (a form rebuilt meanwhile loses nothing)."""

    ready = Signal(object)  # the key whose Look is now cached
    LIMIT = 512

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: OrderedDict[Key, Look] = OrderedDict()
        self._running: set[Key] = set()
        self._worker = Worker(self, threads=2)

    def request(self, path: Path, kind: str, box: QSize = THUMB) -> tuple[Key | None, Look | None]:
        """The file's key and its Look when cached (else None: ``ready`` follows)."""
        key = _key(path, kind, box)
        if key is None:
            return None, None
        if key in self._cache:
            self._cache.move_to_end(key)
            return key, self._cache[key]
        if key not in self._running:
            self._running.add(key)
            self._worker.start(
                lambda: (key, _look_at(key)),
                self._store,
                lambda _message: self._running.discard(key),
                latest=False,
            )
        return key, None

    def cached(self, key: Key) -> Look | None:
        return self._cache.get(key)

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for every running preview (tests, and closing cleanly)."""
        return self._worker.wait(msecs)

    def _store(self, done: tuple[Key, Look]) -> None:
        key, result = done
        self._running.discard(key)
        self._cache[key] = result
        while len(self._cache) > self.LIMIT:
            self._cache.popitem(last=False)
        self.ready.emit(key)


_previews: MediaPreviews | None = None


def previews() -> MediaPreviews:
    """The application's one :class:`MediaPreviews` (its pool and cache are shared by every
    field, row and the bin)."""
    global _previews
    if _previews is None:
        _previews = MediaPreviews(QCoreApplication.instance())
    return _previews
