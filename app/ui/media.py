"""Media in the Studio: the one field editor every media path uses, the pictures that show
what a file holds (thumbnail, first frame, waveform), and the media bin.

Which fields are media, and of what kind, comes from the model, never from field names: a
field is a media path when it carries the ``MediaPath`` type of :mod:`app.model.campaign`,
and its kind (image, video, audio, captions) is what :func:`app.model.project.all_media` —
the function validation and Save As use — says about it. A new media field in the model gets
the right editor with no change here.

Files are never decoded on the UI thread: previews and checks run on a small thread pool and
are cached by path, modification time and size, so a form rebuilt after every edit shows its
thumbnails at once. Only the cheap checks (does the file exist, is it inside the project)
run as the user types, so a missing file is flagged on the keystroke that makes it missing.
"""

from __future__ import annotations

import filecmp
import functools
import os
import re
import shutil
import types
import typing
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QFileSystemWatcher,
    QMimeData,
    QObject,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPixmap,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.model import Campaign, Problem
from app.model.campaign import MediaPath
from app.ui.document import Document

ARABIC = {
    "Pictures": "الصور",
    "Videos": "الفيديوهات",
    "Sounds": "الأصوات",
    "Captions": "الترجمات",
    "All files (*)": "كل الملفات (*)",
    "All media": "كل الوسائط",
    "outside the project folder; move it inside {root}": "خارج مجلد المشروع؛ انقله إلى داخل {root}",
    "file not found (looked for {path})": "الملف غير موجود (بُحث عنه في {path})",
    "a folder, not a file": "مجلد وليس ملفاً",
    "cannot be read; check its permissions": "تتعذّر قراءته؛ تحقّق من صلاحياته",
    "has no video stream": "لا يحتوي على فيديو",
    "has no picture that can be decoded": "لا يحتوي على صورة يمكن فكّ ترميزها",
    "is not an audio file (no sound in it)": "ليس ملفاً صوتياً (لا صوت فيه)",
    "cannot be decoded ({why})": "يتعذّر فكّ ترميزه ({why})",
    "is an empty audio file": "ملف صوتي فارغ",
    "is not UTF-8 text; save it as UTF-8": "ليس نصاً بترميز UTF-8؛ احفظه بترميز UTF-8",
    "cannot be read as captions ({why})": "تتعذّر قراءته كترجمة ({why})",
    "holds no captions": "لا يحتوي على أي ترجمة",
    "{n} captions": "{n} ترجمة",
    "a file, or drop one here": "ملف، أو أفلته هنا",
    "a file (required)": "ملف (مطلوب)",
    "Browse…": "استعراض…",
    "Choose a file": "اختر ملفاً",
    "Choose files": "اختر ملفات",
    "cannot copy {name} into the project: {why}": "تعذّر نسخ {name} إلى المشروع: {why}",
    "Add photos…": "إضافة صور…",
    "Add clips…": "إضافة مقاطع…",
    "Add sounds…": "إضافة أصوات…",
    "Add files…": "إضافة ملفات…",
    "Move up": "نقل لأعلى",
    "Move down": "نقل لأسفل",
    "Remove": "حذف",
    "Change file": "تغيير الملف",
    "Reorder media": "إعادة ترتيب الوسائط",
    "Remove media": "حذف وسائط",
    "Add media": "إضافة وسائط",
    "Refresh": "تحديث",
    "Add to person": "إضافة إلى الشخص",
    "Looking for media…": "جارٍ البحث عن الوسائط…",
    "{n} files": "{n} ملف",
    "No pictures, videos or sounds here yet.": "لا صور ولا فيديوهات ولا أصوات هنا بعد.",
}
"""The Arabic of this module's strings (merge into :data:`app.ui.i18n.ARABIC`)."""


# --- which fields are media, and of what kind -------------------------------------------------

SUFFIXES: dict[str, tuple[str, ...]] = {
    "image": (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".avif"),
    "video": (".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"),
    "audio": (".ogg", ".oga", ".opus", ".mp3", ".wav", ".m4a", ".aac", ".flac"),
    "captions": (".srt", ".vtt"),
}
"""File name endings per kind: what Browse offers and what a drop accepts."""

_MARKERS = tuple(a for a in typing.get_args(MediaPath)[1:] if not isinstance(a, FieldInfo))
"""The validator objects only ``MediaPath`` carries; pydantic keeps them, by identity, in a
field's metadata (or inside ``Annotated`` when the field is ``MediaPath | None``)."""


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` (and ``Annotated``) and whether None is allowed."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner, _ = _unwrap(args[0]) if len(args) == 1 else (annotation, False)
        return inner, True
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return annotation, False


def _carries_marker(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        return any(m is a for m in _MARKERS for a in args[1:]) or _carries_marker(args[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_carries_marker(a) for a in typing.get_args(annotation))
    return False


def is_media_field(field: FieldInfo) -> bool:
    """Whether a model field holds one media path (``MediaPath`` or ``MediaPath | None``)."""
    return any(m is a for m in _MARKERS for a in field.metadata) or _carries_marker(field.annotation)


def media_item_model(field: FieldInfo) -> tuple[bool, type[BaseModel] | None]:
    """For a list field: whether it is a list of media, and the item's model when items are
    objects holding a media path (a photo with its motion, a clip with its trim)."""
    annotation, _ = _unwrap(field.annotation)
    if typing.get_origin(annotation) is not list:
        return False, None
    (item,) = typing.get_args(annotation) or (None,)
    if _carries_marker(item):
        return True, None
    item, _ = _unwrap(item)
    if (
        isinstance(item, type)
        and issubclass(item, BaseModel)
        and any(is_media_field(f) for f in item.model_fields.values())
    ):
        return True, item
    return False, None


def path_field(model: type[BaseModel]) -> str:
    """The name (as written in the file) of the media path field of a list item model."""
    return next(f.alias or n for n, f in model.model_fields.items() if is_media_field(f))


@functools.cache
def accepts_text(model: type[BaseModel]) -> bool:
    """Whether an item may be written as a plain path (a photo can; a clip cannot): new items
    are then added as plain paths, the shape the file already uses."""
    try:
        model.model_validate("media/x.png")
    except ValidationError:
        return False
    return True


def _pattern(json_path: str) -> str:
    """``people[2].media[0].path`` -> ``people[].media[].path``."""
    return re.sub(r"\[\d+\]", "[]", json_path)


def _walk(model: type[BaseModel], prefix: str, sample: dict[str, Any], fields: list[str]) -> None:
    """Fill ``sample`` with every media field of ``model`` set to its own pattern path, and
    list those patterns in ``fields``."""
    for name, field in model.model_fields.items():
        key = field.alias or name
        at = f"{prefix}.{key}" if prefix else key
        annotation, _ = _unwrap(field.annotation)
        if is_media_field(field):
            sample[key] = at
            fields.append(at)
            continue
        is_list, item = media_item_model(field)
        if is_list and item is None:
            sample[key] = [f"{at}[]"]
            fields.append(f"{at}[]")
        elif typing.get_origin(annotation) is list:
            (inner,) = typing.get_args(annotation) or (None,)
            inner, _ = _unwrap(inner)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                sub: dict[str, Any] = {}
                _walk(inner, f"{at}[]", sub, fields)
                # An item that may be a plain path is sampled in both of its forms.
                sample[key] = [sub, f"{at}[]"] if accepts_text(inner) else [sub]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            sub = {}
            _walk(annotation, at, sub, fields)
            sample[key] = sub


@functools.cache
def _catalogue() -> tuple[tuple[str, ...], dict[str, str]]:
    from app.model.project import all_media

    sample: dict[str, Any] = {}
    fields: list[str] = []
    _walk(Campaign, "", sample, fields)
    kinds = {written: kind for _where, written, kind in all_media(sample)}
    return tuple(fields), kinds


def media_field_patterns() -> tuple[str, ...]:
    """Every media path field of the campaign model, as a pattern (``people[].voiceover``)."""
    return _catalogue()[0]


def media_kind(json_path: str) -> str:
    """``image``, ``video``, ``audio`` or ``captions`` for the media field at ``json_path``
    (as the model's own media walk classifies it); ``any`` for a field it does not know."""
    kinds = _catalogue()[1]
    pattern = _pattern(json_path)
    return kinds.get(pattern) or kinds.get(pattern.removesuffix(".path")) or "any"


def kind_of_file(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return next((kind for kind, ends in SUFFIXES.items() if suffix in ends), None)


def file_filter(kind: str) -> str:
    """A file dialog filter for ``kind`` (every media file for ``any``)."""
    names = {
        "image": QCoreApplication.translate("media", "Pictures"),
        "video": QCoreApplication.translate("media", "Videos"),
        "audio": QCoreApplication.translate("media", "Sounds"),
        "captions": QCoreApplication.translate("media", "Captions"),
    }
    kinds = [kind] if kind in SUFFIXES else list(SUFFIXES)
    parts = [f"{names[k]} ({' '.join('*' + s for s in SUFFIXES[k])})" for k in kinds]
    return ";;".join([*parts, QCoreApplication.translate("media", "All files (*)")])


# --- where a file goes in the project ---------------------------------------------------------


def _allow_outside(document: Document) -> bool:
    """Untitled work may name files anywhere: the first save copies them beside the file."""
    return document.path is None or document.project().allow_outside


def adopt(file: Path, document: Document) -> str:
    """The path to write for ``file``: relative (posix) when it is inside the project folder;
    otherwise copied into ``<project>/media/`` first (never over a different file of the
    same name: ``name-1.ext``...). An untitled campaign's folder is the bundled example's,
    which is no place to copy into; there the absolute path is written and the first save
    copies the file beside the project (as it does for every outside file)."""
    source = file.resolve()
    root = document.media_root
    if source.is_relative_to(root):
        return source.relative_to(root).as_posix()
    if document.path is None:
        return source.as_posix()
    folder = root / "media"
    stem, suffix = source.stem, source.suffix
    for n in range(10_000):
        target = folder / (f"{stem}{suffix}" if n == 0 else f"{stem}-{n}{suffix}")
        if target.exists():
            if target.is_file() and filecmp.cmp(source, target, shallow=False):
                return target.relative_to(root).as_posix()
            continue
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        return target.relative_to(root).as_posix()
    raise OSError(f"no free name for {source.name} in {folder}")


def resolve(written: str, document: Document) -> Path:
    return (document.media_root / written).resolve()


def where_problem(written: str, document: Document) -> str | None:
    """The problems a look at the folder finds (no decoding): cheap enough for every key."""
    if not written.strip():
        return None
    try:
        path = resolve(written, document)
        if not _allow_outside(document) and not path.is_relative_to(document.media_root):
            return QCoreApplication.translate(
                "media", "outside the project folder; move it inside {root}"
            ).format(root=document.media_root)
        if not path.exists():
            return QCoreApplication.translate("media", "file not found (looked for {path})").format(path=path)
        if not path.is_file():
            return QCoreApplication.translate("media", "a folder, not a file")
        if not os.access(path, os.R_OK):
            return QCoreApplication.translate("media", "cannot be read; check its permissions")
    except (OSError, ValueError) as exc:
        return str(exc)
    return None


# --- previews: thumbnail, first frame, waveform, off the UI thread ----------------------------


@dataclass(frozen=True)
class Look:
    """What a media file looks like in a field: a small picture, what is wrong with it (for
    a person), and a one-line description (size, duration, cues)."""

    image: QImage | None = None
    problem: str | None = None
    note: str = ""


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
    from app.model.media import ImageError, image_size, open_image

    try:
        width, height = image_size(path)
        image = open_image(path, at_least=(box.width(), box.height()))
    except ImageError as exc:
        return Look(problem=exc.reason)
    image.thumbnail((box.width(), box.height()))
    return Look(_qimage(image), None, f"{width}×{height}")


def _look_video(path: Path, box: QSize) -> Look:
    import av

    from app.render.video.probe import MediaError, probe
    from app.ui.decode import frame_at

    try:
        info = probe(path)
    except MediaError as exc:
        return Look(problem=str(exc))
    if not info.has_video:
        return Look(problem=QCoreApplication.translate("media", "has no video stream"))
    try:
        picture = frame_at(path)  # the timeline's filmstrip decodes frames the same way
    except (ValueError, av.FFmpegError):
        return Look(problem=QCoreApplication.translate("media", "has no picture that can be decoded"))
    note = f"{info.width}×{info.height} · {info.duration:.1f} s"
    picture.thumbnail((box.width(), box.height()))
    return Look(_qimage(picture), None, note)


def _look_audio(path: Path, box: QSize) -> Look:
    import av

    from app.render.video.probe import MediaError, probe
    from app.ui.decode import envelope

    try:
        info = probe(path)
    except MediaError as exc:
        return Look(problem=str(exc))
    if not info.has_audio:
        return Look(problem=QCoreApplication.translate("media", "is not an audio file (no sound in it)"))
    try:
        levels = envelope(path)  # the timeline's waveform, from the same cache
    except av.FFmpegError as exc:
        return Look(problem=QCoreApplication.translate("media", "cannot be decoded ({why})").format(why=exc))
    if not len(levels):
        return Look(problem=QCoreApplication.translate("media", "is an empty audio file"))
    return Look(_waveform(levels, box), None, f"{info.duration:.1f} s")


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
    return _qimage(image)


def _look_captions(path: Path) -> Look:
    from app.templates.captions import parse_captions

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


def _qimage(image: Any) -> QImage:
    """A PIL image as a QImage that owns its pixels (safe to hand to the UI thread)."""
    rgba = image.convert("RGBA")
    data = rgba.tobytes()
    return QImage(data, rgba.width, rgba.height, 4 * rgba.width, QImage.Format.Format_RGBA8888).copy()


Key = tuple[str, int, int, str, int, int]


def _key(path: Path, kind: str, box: QSize) -> Key | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_mtime_ns, stat.st_size, kind, box.width(), box.height())


class _Relay(QObject):
    done = Signal(object, object)  # key, Look


class _Job(QRunnable):
    def __init__(self, key: Key, relay: _Relay) -> None:
        super().__init__()
        self._key, self._relay = key, relay

    def run(self) -> None:
        path, _mtime, _size, kind, width, height = self._key
        self._relay.done.emit(self._key, look(Path(path), kind, QSize(width, height)))


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
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.done.connect(self._store)

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
            self._pool.start(_Job(key, self._relay))
        return key, None

    def cached(self, key: Key) -> Look | None:
        return self._cache.get(key)

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for every running preview (tests, and closing cleanly)."""
        return self._pool.waitForDone(msecs)

    def _store(self, key: Key, result: Look) -> None:
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


# --- the document's undo in text fields ----------------------------------------------------------


def history_key(event: QKeyEvent) -> str | None:
    """``undo`` or ``redo`` for the platform's keys (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y...)."""
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    if event.matches(QKeySequence.StandardKey.Redo):
        return "redo"
    return None


class HistoryKeys(QObject):
    """Sends a text field's Undo and Redo keys to the document's stack instead of the
    field's own history: the document is what the person edits, and two undo histories
    that disagree lose work. ``before`` runs first; when it returns True it has handled
    the key itself (typing not yet committed, taken back in the field)."""

    def __init__(
        self, widget: QWidget, stack: QUndoStack, before: Callable[[str], bool] | None = None
    ) -> None:
        super().__init__(widget)
        self._stack, self._before = stack, before
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not isinstance(
            event, QKeyEvent
        ):
            return False
        action = history_key(event)
        if action is None:
            return False
        event.accept()  # the key is the field's, not the window's Edit menu's
        if kind == QEvent.Type.KeyPress and not (self._before is not None and self._before(action)):
            (self._stack.undo if action == "undo" else self._stack.redo)()
        return True


# --- the field editor ---------------------------------------------------------------------------

CHECK_MS = 250
"""Pause after the last key before a typed path is decoded and, if it names a file, committed."""


def _local_files(mime: QMimeData) -> list[Path]:
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []


def _fits(kind: str, file: Path) -> bool:
    return file.is_file() and (kind not in SUFFIXES or file.suffix.lower() in SUFFIXES[kind])


class MediaEditor(QWidget):
    """One media path: a line to type it, Browse (filtered by the field's kind), a drop
    target for a file from the file manager or the media bin, a small picture of the file
    (thumbnail, first frame or waveform) and, under it, what is wrong with the file, shown as
    soon as it is known.

    ``commit(value)`` puts the path (or None for an empty optional field) into the document
    and returns the problems the model found; the editor shows them in the same place."""

    committed = Signal(object)  # the value just committed (str or None)

    def __init__(
        self,
        document: Document,
        kind: str,
        value: str | None,
        commit: Callable[[str | None], list[Problem]],
        optional: bool = True,
    ) -> None:
        super().__init__()
        self.setObjectName("mediaEditor")
        self._document, self.kind, self._commit, self._optional = document, kind, commit, optional
        self._key: Key | None = None
        self._last = value or ""
        self.setAcceptDrops(True)
        self.input = QLineEdit(value or "")
        self.input.setObjectName("mediaPath")
        self.input.setAcceptDrops(False)  # a dropped file is a path, not text: the editor takes it
        self.input.setClearButtonEnabled(optional)
        self.input.setPlaceholderText(
            self.tr("a file, or drop one here") if optional else self.tr("a file (required)")
        )
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.clicked.connect(self.browse_file)
        self.thumb = QLabel()
        self.thumb.setObjectName("mediaThumb")
        self.thumb.setFixedSize(THUMB if kind != "audio" else QSize(THUMB.width() * 2, THUMB.height() // 2))
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setVisible(kind != "captions")  # a caption file has no picture; its note counts cues
        self.thumb.setStyleSheet(
            "QLabel#mediaThumb { background: palette(base); border: 1px solid palette(mid); }"
        )
        self.note = QLabel()
        self.note.setObjectName("mediaNote")
        self.note.setStyleSheet("color: palette(placeholder-text);")
        self.problem = QLabel()
        self.problem.setObjectName("mediaProblem")
        self.problem.setStyleSheet("color: #B3261E;")
        self.problem.setWordWrap(True)
        self.problem.hide()

        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.input, 1)
        line.addWidget(self.browse)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(line)
        column.addWidget(self.note)
        column.addWidget(self.problem)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(column, 1)

        self._timer = QTimer(self, singleShot=True, interval=CHECK_MS)
        self._timer.timeout.connect(self._settled)
        self.input.textEdited.connect(self._on_edited)
        self.input.textChanged.connect(lambda _: self._check_folder())
        self.input.editingFinished.connect(self.commit)
        HistoryKeys(self.input, document.undo_stack, self._take_back)
        previews().ready.connect(self._on_ready)
        self._check_folder()
        self._request()

    # -- reading ----------------------------------------------------------------------------

    def text(self) -> str:
        return self.input.text().strip()

    def problem_text(self) -> str:
        return self.problem.text() if not self.problem.isHidden() else ""

    # -- editing ----------------------------------------------------------------------------

    def set_path(self, written: str) -> list[Problem]:
        """Show ``written`` and commit it (what Browse and a drop do)."""
        self.input.setText(written)
        return self.commit()

    def show_value(self, written: str | None) -> None:
        """Show the document's value (after an undo, or an edit in another panel) without
        committing it back."""
        self._timer.stop()
        self._last = written or ""
        self.input.setText(self._last)
        self._show([])
        self._request()

    def use_file(self, file: Path) -> list[Problem]:
        """Put ``file`` in the field: relative when inside the project, else copied in."""
        try:
            written = adopt(file, self._document)
        except OSError as exc:
            self._show(
                [self.tr("cannot copy {name} into the project: {why}").format(name=file.name, why=exc)]
            )
            return []
        return self.set_path(written)

    def browse_file(self) -> None:
        start = self.input.text().strip()
        folder = resolve(start, self._document).parent if start else self._document.media_root
        file, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file"), str(folder), file_filter(self.kind)
        )
        if file:
            self.use_file(Path(file))

    def commit(self) -> list[Problem]:
        """Put the typed path in the document (nothing happens when it did not change)."""
        self._timer.stop()
        text = self.text()
        value = None if (self._optional and not text) else text
        if text == self._last and value is not None:
            self._check_folder()
            return []
        problems = self._commit(value)
        if not problems:
            self._last = text
            self.committed.emit(value)
        self._show([p.message for p in problems])
        self._request()
        return problems

    def _take_back(self, action: str) -> bool:
        """Undo with a path typed but not committed: the typing is what is taken back."""
        if action != "undo" or self.input.text().strip() == self._last:
            return False
        self._timer.stop()
        self.input.setText(self._last)
        self._request()
        return True

    def _on_edited(self, _text: str) -> None:
        self._timer.start()

    def _settled(self) -> None:
        """Typing paused: a path that names a usable place is committed (the preview follows);
        an empty optional field clears it."""
        if where_problem(self.text(), self._document) is None:
            self.commit()
        else:
            self._request()

    # -- checks -------------------------------------------------------------------------------

    def _check_folder(self) -> str | None:
        """Immediately (no decoding): is there a file at the path?"""
        problem = where_problem(self.text(), self._document)
        if problem is not None:
            self._key = None
            self.thumb.clear()
            self.note.clear()
            self._show([problem])
        elif not self.text():
            self._key = None
            self.thumb.clear()
            self.note.clear()
            self._show([])
        return problem

    def _request(self) -> None:
        if not self.text() or self._check_folder() is not None:
            return
        key, result = previews().request(resolve(self.text(), self._document), self.kind, self._box())
        self._key = key
        if result is not None:
            self._present(result)

    def _box(self) -> QSize:
        return self.thumb.size()

    def _on_ready(self, key: Key) -> None:
        if key == self._key:
            result = previews().cached(key)
            if result is not None:
                self._present(result)

    def _present(self, result: Look) -> None:
        if result.image is not None:
            self.thumb.setPixmap(QPixmap.fromImage(result.image))
        else:
            self.thumb.clear()
        self.note.setText(result.note)
        self.thumb.setToolTip(str(resolve(self.text(), self._document)))
        self._show([result.problem] if result.problem else [])

    def _show(self, messages: list[str]) -> None:
        self.problem.setText("\n".join(messages))
        self.problem.setVisible(bool(messages))

    # -- drops --------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        files = _local_files(event.mimeData())
        if files and _fits(self.kind, files[0]):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = [f for f in _local_files(event.mimeData()) if _fits(self.kind, f)]
        if files:
            event.acceptProposedAction()
            self.use_file(files[0])


# --- lists of media: photos, clips -------------------------------------------------------------

FillItem = Callable[[QFormLayout, type[BaseModel], str, set[str]], None]


class MediaListEditor(QWidget):
    """A list of media items (a person's photos, their clips): one row per item with its
    :class:`MediaEditor`, its other settings (a clip's start, end and sound; a photo's
    duration and motion) and buttons to move it up or down or remove it; Add… and a drop of
    several files append. Every change is one undoable ``document.set``; an item written as
    an object keeps its other fields when its path changes."""

    def __init__(
        self,
        document: Document,
        path: str,
        item_model: type[BaseModel] | None,
        fill_item: FillItem | None = None,
        register: Callable[[str, QWidget], None] | None = None,
        commit: Callable[[str, Any], list[Problem]] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mediaList")
        self._document, self._path, self._model = document, path, item_model
        self._fill_item, self._register = fill_item, register
        self._commit = commit or (lambda at, value: document.set(at, value, self.tr("Change file")))
        self.kind = media_kind(f"{path}[0].{path_field(item_model)}" if item_model else f"{path}[0]")
        self.rows: list[MediaEditor] = []
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        items = self._items()
        for index, item in enumerate(items):
            layout.addWidget(self._row(index, item, len(items)))
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setStyleSheet("color: #B3261E;")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.add = QPushButton(self._add_text())
        self.add.clicked.connect(self.browse_files)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def _add_text(self) -> str:
        return {
            "image": self.tr("Add photos…"),
            "video": self.tr("Add clips…"),
            "audio": self.tr("Add sounds…"),
        }.get(self.kind, self.tr("Add files…"))

    def _items(self) -> list[Any]:
        try:
            value = self._document.get(self._path)
        except (KeyError, IndexError, TypeError):
            return []
        return list(value or [])

    def item_path(self, index: int, item: Any) -> str:
        """The JSON path of item ``index``'s file: the item itself when written as a plain
        path, else its path field."""
        if isinstance(item, str) or self._model is None:
            return f"{self._path}[{index}]"
        return f"{self._path}[{index}].{path_field(self._model)}"

    def _row(self, index: int, item: Any, count: int) -> QWidget:
        frame = QFrame()
        frame.setObjectName("mediaRow")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        at = self.item_path(index, item)
        if isinstance(item, str) or self._model is None:
            written = item
        else:
            written = (item or {}).get(path_field(self._model))
        editor = MediaEditor(
            self._document, media_kind(at), written, functools.partial(self._set_path, index), optional=False
        )
        self.rows.append(editor)
        if self._register is not None:
            self._register(at, editor)
        top.addWidget(editor, 1)
        for text, tip, enabled, slot in (
            ("↑", self.tr("Move up"), index > 0, lambda _=False, i=index: self.move_item(i, i - 1)),
            ("↓", self.tr("Move down"), index < count - 1, lambda _=False, i=index: self.move_item(i, i + 1)),
            ("✕", self.tr("Remove"), True, lambda _=False, i=index: self.remove(i)),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setEnabled(enabled)
            button.clicked.connect(slot)
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        if self._model is not None and self._fill_item is not None:
            form = QFormLayout()
            form.setContentsMargins(THUMB.width() + 6, 0, 0, 0)
            self._fill_item(form, self._model, f"{self._path}[{index}]", {path_field(self._model)})
            if form.rowCount():
                layout.addLayout(form)
        return frame

    # -- edits (each one undoable command) ------------------------------------------------------

    def _set(self, items: list[Any], text: str) -> list[Problem]:
        problems = self._document.set(self._path, items, text)
        self.message.setText("\n".join(p.message for p in problems))
        self.message.setVisible(bool(problems))
        return problems

    def _set_path(self, index: int, value: str | None) -> list[Problem]:
        items = self._items()
        return self._commit(self.item_path(index, items[index]), value)

    def move_item(self, index: int, to: int) -> None:
        items = self._items()
        if 0 <= to < len(items):
            items.insert(to, items.pop(index))
            self._set(items, self.tr("Reorder media"))

    def remove(self, index: int) -> None:
        items = self._items()
        del items[index]
        self._set(items, self.tr("Remove media"))

    def add_files(self, files: Iterable[Path]) -> list[Problem]:
        """Append ``files`` (copied into the project when outside it), in one command."""
        new: list[Any] = []
        for file in files:
            try:
                written = adopt(file, self._document)
            except OSError as exc:
                self.message.setText(str(exc))
                self.message.show()
                continue
            if self._model is None or accepts_text(self._model):
                new.append(written)
            else:
                new.append({path_field(self._model): written})
        if not new:
            return []
        return self._set([*self._items(), *new], self.tr("Add media"))

    def browse_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Choose files"), str(self._document.media_root), file_filter(self.kind)
        )
        if files:
            self.add_files(Path(f) for f in files)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(_fits(self.kind, f) for f in _local_files(event.mimeData())):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = [f for f in _local_files(event.mimeData()) if _fits(self.kind, f)]
        if files:
            event.acceptProposedAction()
            self.add_files(files)


def add_media(document: Document, person: int, files: Iterable[Path]) -> list[Problem]:
    """Give person ``person`` the ``files`` (from the media bin): pictures join their photos,
    videos their clips, a sound becomes their voice-over; one undoable step."""
    at = f"people[{person}]"
    photos, clips, sound = [], [], None
    for file in files:
        kind = kind_of_file(file)
        if kind not in ("image", "video", "audio"):
            continue
        written = adopt(file, document)
        if kind == "image":
            photos.append(written)
        elif kind == "video":
            clips.append({"path": written})
        else:
            sound = written
    problems: list[Problem] = []
    document.undo_stack.beginMacro(QCoreApplication.translate("media", "Add media"))
    try:
        if photos:
            problems += document.set(f"{at}.media", [*(document.get(f"{at}.media") or []), *photos])
        if clips:
            problems += document.set(f"{at}.clips", [*(document.get(f"{at}.clips") or []), *clips])
        if sound:
            problems += document.set(f"{at}.voiceover", sound)
    finally:
        document.undo_stack.endMacro()
    return problems


# --- the media bin --------------------------------------------------------------------------

SKIP_FOLDERS = {"out", "__pycache__", "node_modules", "venv", ".venv"}
"""Folders the bin never lists: render outputs and tooling, besides every hidden folder."""
BIN_LIMIT = 2000
"""The most files listed: a project saved in a home folder must not walk the whole disk."""
BIN_KINDS = ("image", "video", "audio")


def scan(root: Path, limit: int = BIN_LIMIT) -> tuple[list[tuple[Path, str]], list[Path]]:
    """The media files under ``root`` (kind by file name) and the folders looked in."""
    found: list[tuple[Path, str]] = []
    folders: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_FOLDERS)
        folders.append(Path(folder))
        for name in sorted(files):
            kind = kind_of_file(Path(name))
            if kind in BIN_KINDS and not name.startswith("."):
                found.append((Path(folder) / name, kind))
                if len(found) >= limit:
                    return found, folders
    return found, folders


class _ScanRelay(QObject):
    done = Signal(int, object, object)


class _Scan(QRunnable):
    def __init__(self, generation: int, root: Path, relay: _ScanRelay) -> None:
        super().__init__()
        self._generation, self._root, self._relay = generation, root, relay

    def run(self) -> None:
        try:
            files, folders = scan(self._root)
        except OSError:
            files, folders = [], []
        self._relay.done.emit(self._generation, files, folders)


class _BinList(QListWidget):
    """Icons of the files; dragging them carries their file URLs (what a field, the timeline
    or another program accepts)."""

    PATH = Qt.ItemDataRole.UserRole

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(item.data(self.PATH)) for item in items])
        return mime


def _framed(image: QImage) -> QPixmap:
    """``image`` centred on a transparent THUMB-sized pixmap: every icon the same size, so
    the grid does not shift as thumbnails arrive."""
    pixmap = QPixmap(THUMB)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    scaled = image.scaled(
        THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    painter.drawImage((THUMB.width() - scaled.width()) // 2, (THUMB.height() - scaled.height()) // 2, scaled)
    painter.end()
    return pixmap


class MediaBin(QWidget):
    """The project's media files (pictures, videos, sounds under the project folder, hidden
    folders and ``out/`` left out), with thumbnails. Drag a file onto a field or the
    timeline; double-click (or Add to person) asks for it to be added to the selected person."""

    add_requested = Signal(list)  # list[Path]

    def __init__(self, document: Document | None = None) -> None:
        super().__init__()
        self.setObjectName("mediaBin")
        self._document: Document | None = None
        self._root: Path | None = None
        self._generation = 0
        self._files: list[tuple[Path, str]] = []
        self._shown: int | None = None  # files listed under the filter, once listed
        self.list = _BinList()
        self.list.setObjectName("mediaBinList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 40))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.list.itemDoubleClicked.connect(self._on_double)
        self.filter = QComboBox()
        for kind in ("", *BIN_KINDS):
            self.filter.addItem("", kind)
        self.filter.currentIndexChanged.connect(lambda _: self._show())
        self.refresh_button = QToolButton()
        self.refresh_button.setText("⟳")
        self.refresh_button.clicked.connect(self.refresh)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._add_selected)
        self.status = QLabel()
        self.status.setObjectName("mediaBinStatus")
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self._debounce = QTimer(self, singleShot=True, interval=400)
        self._debounce.timeout.connect(self.refresh)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _: self._debounce.start())
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _ScanRelay(self)
        self._relay.done.connect(self._on_scanned)
        previews().ready.connect(self._on_ready)
        self.retranslate()
        if document is not None:
            self.set_document(document)

    def retranslate(self) -> None:
        """The bin's texts in the interface language; the files and their icons stay."""
        names = {
            "": self.tr("All media"),
            "image": self.tr("Pictures"),
            "video": self.tr("Videos"),
            "audio": self.tr("Sounds"),
        }
        for index in range(self.filter.count()):
            self.filter.setItemText(index, names[self.filter.itemData(index)])
        self.refresh_button.setToolTip(self.tr("Refresh"))
        self.add_button.setText(self.tr("Add to person"))
        if self._shown is not None:
            self._show_status()

    def set_document(self, document: Document) -> None:
        """Show ``document``'s folder (and follow it when Save As moves the project)."""
        if self._document is not None:
            self._document.path_changed.disconnect(self._on_path_changed)
        self._document = document
        document.path_changed.connect(self._on_path_changed)
        self._on_path_changed()

    def _on_path_changed(self) -> None:
        if self._document is not None:
            self.set_root(self._document.media_root)

    def set_root(self, root: Path) -> None:
        self._root = root
        self.refresh()

    def refresh(self) -> None:
        """List the folder again (off the UI thread)."""
        if self._root is None:
            return
        self._generation += 1
        self.status.setText(self.tr("Looking for media…"))
        self._pool.start(_Scan(self._generation, self._root, self._relay))

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)

    def files(self) -> list[Path]:
        """The files listed (whatever the filter), in order."""
        return [path for path, _ in self._files]

    def _on_scanned(self, generation: int, files: list[tuple[Path, str]], folders: list[Path]) -> None:
        if generation != self._generation:
            return
        self._files = files
        watched = self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        if folders:
            self._watcher.addPaths([str(f) for f in folders[:256]])
        self._show()

    def _show(self) -> None:
        wanted = self.filter.currentData() or ""
        self.list.clear()
        shown = 0
        for path, kind in self._files:
            if wanted and kind != wanted:
                continue
            shown += 1
            item = QListWidgetItem(path.name)
            item.setData(_BinList.PATH, str(path))
            item.setData(_BinList.PATH + 1, kind)
            relative = path.relative_to(self._root).as_posix() if self._root else str(path)
            item.setToolTip(relative)
            item.setIcon(self._placeholder(kind))
            self.list.addItem(item)
            key, result = previews().request(path, kind)
            item.setData(_BinList.PATH + 2, key)
            if result is not None:
                self._set_icon(item, result)
        self._shown = shown
        self._show_status()

    def _show_status(self) -> None:
        self.status.setText(
            self.tr("{n} files").format(n=self._shown)
            if self._shown
            else self.tr("No pictures, videos or sounds here yet.")
        )

    def _placeholder(self, kind: str) -> QIcon:
        pixmap = QPixmap(THUMB)
        pixmap.fill(QColor("#DDE7E3") if kind == "image" else QColor("#E8E2D6"))
        return QIcon(pixmap)

    def _set_icon(self, item: QListWidgetItem, result: Look) -> None:
        if result.image is not None:
            item.setIcon(QIcon(_framed(result.image)))
        if result.problem:
            item.setToolTip(f"{item.toolTip()}\n{result.problem}")
        elif result.note:
            item.setToolTip(f"{item.toolTip()}\n{result.note}")

    def _on_ready(self, key: Key) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(_BinList.PATH + 2) == key:
                result = previews().cached(key)
                if result is not None:
                    self._set_icon(item, result)

    def _selected(self) -> list[Path]:
        return [Path(item.data(_BinList.PATH)) for item in self.list.selectedItems()]

    def _on_double(self, item: QListWidgetItem) -> None:
        chosen = self._selected()
        path = Path(item.data(_BinList.PATH))
        self.add_requested.emit(chosen if path in chosen else [path])

    def _add_selected(self) -> None:
        chosen = self._selected()
        if chosen:
            self.add_requested.emit(chosen)
