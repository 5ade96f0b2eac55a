"""The media bin: the project's pictures, videos and sounds with thumbnails, to drag onto a
field or the timeline, or to add to the selected person; and the way files come into the
project: Import…, a drop from the file manager, or a paste of copied files, each copied into
the project's ``media/`` (:func:`takatof.edit.files.adopt`: a different file of the same name
gets a new name, nothing is overwritten) off the UI thread.

Each file shows its name, and under it its kind, size and, for a video or a sound, its
duration (probed with the thumbnail, :mod:`takatof.ui.media_look`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QFileSystemWatcher,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..edit import files as edit_files
from ..edit.files import media_files
from ..model.fields import kind_of_file
from .document import Document
from .media import file_filter
from .media_look import THUMB, Key, Look, previews
from .transcribe import sources_using, transcriber_for
from .worker import Worker

BIN_LIMIT = 2000
"""The most files listed (:func:`takatof.edit.files.media_files`)."""
BIN_KINDS = ("image", "video", "audio")


KIND_NAMES = {"image": "Picture", "video": "Video clip", "audio": "Sound"}
"""What the bin calls each kind of file (translated in the media context)."""


@dataclass(frozen=True)
class BinFile:
    """A file the bin lists: where it is, its kind and its size in bytes (read by the scan,
    off the UI thread)."""

    path: Path
    kind: str
    size: int


def human_size(size: int) -> str:
    """Bytes as a person reads them, in powers of 1000 as file managers show them:
    ``980 B``, ``12 kB``, ``4.3 MB``, ``1.2 GB`` (one decimal under 10 of a unit)."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            if unit == "B":
                return f"{int(value)} B"
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def clock(seconds: float) -> str:
    """A duration as editors show it: ``0:04.5``, ``2:05.0``, ``1:02:05.0``."""
    tenths = round(max(0.0, seconds) * 10)
    hours, rest = divmod(tenths, 36_000)
    minutes, rest = divmod(rest, 600)
    text = f"{minutes:02d}:{rest / 10:04.1f}" if hours else f"{minutes}:{rest / 10:04.1f}"
    return f"{hours}:{text}" if hours else text


def _scan(root: Path) -> tuple[list[BinFile], list[Path]]:
    """The bin's files under ``root`` and the folders to watch (a worker thread's job)."""
    try:
        found, folders = media_files(root, BIN_KINDS, BIN_LIMIT)
    except OSError:
        return [], []
    listed = []
    for path, kind in found:
        try:
            size = path.stat().st_size
        except OSError:
            continue  # gone since the walk
        listed.append(BinFile(path, kind, size))
    return listed, folders


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files a drop or a paste carries: file URLs (``text/uri-list``, what file
    managers put on the clipboard and in a drag), else lines of text that are ``file://``
    URLs or absolute paths of existing files (what some file managers copy as text)."""
    if mime.hasUrls():
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    found: list[Path] = []
    for line in mime.text().splitlines() if mime.hasText() else []:
        line = line.strip()
        url = QUrl(line)
        path = Path(url.toLocalFile()) if url.isLocalFile() else Path(line)
        if line and path.is_absolute() and path.is_file():
            found.append(path)
    return found


def _copy_in(files: list[Path], root: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Copy ``files`` into ``root``'s ``media/`` (a worker thread's job): the files now in the
    project, and each file that could not come in with why (its kind, or the copy's error)."""
    done: list[Path] = []
    failed: list[tuple[Path, str]] = []
    for file in files:
        if not file.is_file():
            failed.append((file, "not a file"))
        elif kind_of_file(file) not in BIN_KINDS:
            failed.append((file, "not a picture, video or sound"))
        else:
            try:
                done.append(edit_files.resolve(edit_files.adopt(file, root), root))
            except OSError as exc:
                failed.append((file, exc.strerror or str(exc)))
    return done, failed


class _BinList(QListWidget):
    """Icons of the files; dragging them carries their file URLs (what a field, the timeline
    or another program accepts). Files dragged in from elsewhere (the file manager) are
    announced by ``files_dropped``; the bin's own items dropped on it do nothing."""

    PATH = Qt.ItemDataRole.UserRole
    KIND = Qt.ItemDataRole.UserRole + 1
    KEY = Qt.ItemDataRole.UserRole + 2  # the thumbnail's key (media_look)
    DETAIL = Qt.ItemDataRole.UserRole + 3  # "Picture · 1.2 MB" or "Video · 2.0 MB · 0:04.5"
    SIZE = Qt.ItemDataRole.UserRole + 4
    DURATION = Qt.ItemDataRole.UserRole + 5  # seconds, once probed (videos and sounds)

    files_dropped = Signal(list)  # list[Path]

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(item.data(self.PATH)) for item in items])
        return mime

    def _takes(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        return event.source() is not self and bool(dropped_files(event.mimeData()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._takes(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._takes(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._takes(event):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.files_dropped.emit(dropped_files(event.mimeData()))


class _BinDelegate(QStyledItemDelegate):
    """The icon and name as Qt draws them, and a line under them in a smaller, quieter type:
    the file's kind, size and duration."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        line = option.fontMetrics.height()
        rect: QRect = option.rect
        top = QStyleOptionViewItem(option)
        top.rect = QRect(rect.x(), rect.y(), rect.width(), rect.height() - line)
        super().paint(painter, top, index)
        detail = index.data(_BinList.DETAIL)
        if not detail:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        painter.setPen(option.palette.placeholderText().color())
        view = self.parent()  # the line may use the grid cell's width, wider than the name
        width = (
            max(rect.width(), view.gridSize().width() - 8) if isinstance(view, QListView) else rect.width()
        )
        box = QRect(rect.center().x() - width // 2, rect.bottom() - line, width, line)
        text = painter.fontMetrics().elidedText(str(detail), Qt.TextElideMode.ElideRight, box.width())
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + option.fontMetrics.height())


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
    folders and ``out/`` left out), with thumbnails, kind, size and duration. Drag a file
    onto a field or the timeline; double-click (or Add to person) asks for it to be added to
    the selected person. Import…, a drop from the file manager and Ctrl+V of copied files
    copy files into ``media/`` (``imported`` then lists them, as they are in the project)."""

    add_requested = Signal(list)  # list[Path]
    imported = Signal(list)  # list[Path]: the files as copied into the project

    def __init__(self, document: Document | None = None) -> None:
        super().__init__()
        self.setObjectName("mediaBin")
        self._document: Document | None = None
        self._root: Path | None = None
        self._files: list[BinFile] = []
        self._shown: int | None = None  # files listed under the filter, once listed
        self._select: set[Path] = set()  # files to select once listed (just imported)
        self._message = ""  # what the last import said (kept over the count until the next)
        self.list = _BinList()
        self.list.setObjectName("mediaBinList")
        self.list.setItemDelegate(_BinDelegate(self.list))
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        line = self.list.fontMetrics().height()
        # wide enough for "Video clip · 171 kB · 0:04.0" under the thumbnail
        self.list.setGridSize(QSize(THUMB.width() + 80, THUMB.height() + 40 + line))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setDragEnabled(True)
        self.list.setAcceptDrops(True)
        self.list.setDropIndicatorShown(False)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.list.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.list.itemDoubleClicked.connect(self._on_double)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_menu)
        self.list.files_dropped.connect(self.import_files)
        self.filter = QComboBox()
        for kind in ("", *BIN_KINDS):
            self.filter.addItem("", kind)
        self.filter.currentIndexChanged.connect(lambda _: self._show())
        self.refresh_button = QToolButton()
        self.refresh_button.setText("⟳")
        self.refresh_button.clicked.connect(self.refresh)
        self.import_button = QPushButton()
        self.import_button.setObjectName("mediaBinImport")
        self.import_button.clicked.connect(self.import_dialog)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._add_selected)
        self.status = QLabel()
        self.status.setObjectName("mediaBinStatus")
        self.status.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.import_button)
        bar.addWidget(self.add_button)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self._worker = Worker(self, debounce_ms=400, job=self.refresh)
        self._importer = Worker(self)  # copies, off the UI thread (a video may be large)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _: self._worker.later())
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)
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
        self.import_button.setText(self.tr("Import…"))
        self._enable_import()
        if self._shown is not None:
            self._show()

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
        self._enable_import()

    def set_root(self, root: Path) -> None:
        self._root = root
        self.refresh()

    def refresh(self) -> None:
        """List the folder again (off the UI thread)."""
        if self._root is None:
            return
        self._status_line(self.tr("Looking for media…"))
        root = self._root
        self._worker.start(lambda: _scan(root), self._on_scanned)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._importer.wait(msecs) and self._worker.wait(msecs)

    def files(self) -> list[Path]:
        """The files listed (whatever the filter), in order."""
        return [entry.path for entry in self._files]

    # -- import ------------------------------------------------------------------------------

    def import_root(self) -> Path | None:
        """The project folder imported files are copied into (its ``media/``); None while the
        campaign is untitled: its folder is the bundled example's (no place to copy into),
        and a file copied nowhere would be lost by Save As, which carries only the files the
        campaign names."""
        document = self._document
        return document.media_root if document is not None and document.path is not None else None

    def _enable_import(self) -> None:
        can = self.import_root() is not None
        self.import_button.setEnabled(can)
        self.import_button.setToolTip(
            self.tr("Copy pictures, videos and sounds into the project's media folder")
            if can
            else self.tr("Save the campaign first: imported files are copied into its media folder.")
        )

    def import_dialog(self) -> None:
        """Import…: choose files to copy into the project."""
        root = self.import_root()
        if root is None:
            return
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import media"), str(Path.home()), file_filter("any")
        )
        if chosen:
            self.import_files([Path(name) for name in chosen])

    def paste(self) -> None:
        """Ctrl+V: the files copied in the file manager come into the project."""
        mime = QGuiApplication.clipboard().mimeData()
        files = dropped_files(mime) if mime is not None else []
        if files:
            self.import_files(files)
        else:
            self._say(self.tr("Nothing to paste: copy files in the file manager first."))

    def import_files(self, files: list[Path]) -> None:
        """Copy ``files`` into the project's ``media/`` off the UI thread; a file of the same
        name that is a different file keeps its name and the new one gets another. The bin
        lists the new files selected; ``imported`` announces them."""
        root = self.import_root()
        if root is None:
            self._say(self.tr("Save the campaign first: imported files are copied into its media folder."))
            return
        if not files:
            return
        self._say(self.tr("Copying {n} files…").format(n=len(files)))
        self._importer.start(lambda: _copy_in(list(files), root), self._on_copied, latest=False)

    def _on_copied(self, copied: tuple[list[Path], list[tuple[Path, str]]]) -> None:
        done, failed = copied
        names = ", ".join(path.name for path in done)  # a renamed clash shows its new name
        lines = [self.tr("Imported into media/: {names}").format(names=names)] if done else []
        lines += [
            self.tr("cannot copy {name} into the project: {why}").format(name=path.name, why=self.tr(why))
            for path, why in failed
        ]
        self._select = set(done)
        self._say("\n".join(lines))
        self.refresh()
        if done:
            self.imported.emit(done)

    def _say(self, message: str) -> None:
        self._message = message
        self.status.setText(message)

    # -- listing ---------------------------------------------------------------------------

    def _on_scanned(self, scanned: tuple[list[BinFile], list[Path]]) -> None:
        files, folders = scanned
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
        for entry in self._files:
            if wanted and entry.kind != wanted:
                continue
            shown += 1
            item = QListWidgetItem(entry.path.name)
            item.setData(_BinList.PATH, str(entry.path))
            item.setData(_BinList.KIND, entry.kind)
            item.setData(_BinList.SIZE, entry.size)
            relative = entry.path.relative_to(self._root).as_posix() if self._root else str(entry.path)
            item.setToolTip(relative)
            item.setIcon(self._placeholder(entry.kind))
            self._describe(item)
            self.list.addItem(item)
            if entry.path in self._select:
                item.setSelected(True)
            key, result = previews().request(entry.path, entry.kind)
            item.setData(_BinList.KEY, key)
            if result is not None:
                self._set_icon(item, result)
        self._select = set()
        self._shown = shown
        self._show_status()

    def columns(self, item: QListWidgetItem) -> tuple[str, str, str, str]:
        """What the bin shows of a file: its name, kind, size and duration ("" for a picture,
        or while a video or sound is still being probed)."""
        kind = str(item.data(_BinList.KIND))
        duration = item.data(_BinList.DURATION)
        return (
            item.text(),
            self.tr(KIND_NAMES.get(kind, kind)),
            human_size(int(item.data(_BinList.SIZE) or 0)),
            clock(float(duration)) if duration is not None else "",
        )

    def _describe(self, item: QListWidgetItem) -> None:
        """The line under the name (kind · size · duration), also in the tooltip."""
        _name, *rest = self.columns(item)
        item.setData(_BinList.DETAIL, " · ".join(part for part in rest if part))

    def _show_status(self) -> None:
        self._status_line(
            self.tr("{n} files").format(n=self._shown)
            if self._shown
            else self.tr("No pictures, videos or sounds here yet.")
        )

    def _status_line(self, line: str) -> None:
        """The status: what the last import said (kept until the next), over ``line``."""
        self.status.setText(f"{self._message}\n{line}" if self._message else line)

    def _placeholder(self, kind: str) -> QIcon:
        pixmap = QPixmap(THUMB)
        pixmap.fill(QColor("#DDE7E3") if kind == "image" else QColor("#E8E2D6"))
        return QIcon(pixmap)

    def _set_icon(self, item: QListWidgetItem, result: Look) -> None:
        if result.image is not None:
            item.setIcon(QIcon(_framed(result.image)))
        if result.duration is not None:
            item.setData(_BinList.DURATION, result.duration)
            self._describe(item)
        if result.problem:
            item.setToolTip(f"{item.toolTip()}\n{result.problem}")
        elif result.note:
            item.setToolTip(f"{item.toolTip()}\n{result.note}")

    def _on_ready(self, key: Key) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(_BinList.KEY) == key:
                result = previews().cached(key)
                if result is not None:
                    self._set_icon(item, result)

    def _selected(self) -> list[Path]:
        return [Path(item.data(_BinList.PATH)) for item in self.list.selectedItems()]

    def _on_double(self, item: QListWidgetItem) -> None:
        chosen = self._selected()
        path = Path(item.data(_BinList.PATH))
        self.add_requested.emit(chosen if path in chosen else [path])

    def _show_menu(self, at: QPoint) -> None:
        self.menu_for(self._selected()).exec(self.list.viewport().mapToGlobal(at))

    def menu_for(self, files: list[Path]) -> QMenu:
        """The selected files' menu: Add to person, and Transcribe… the clips and voice-overs
        that play them (:mod:`takatof.ui.transcribe`; off when none does)."""
        menu = QMenu(self)
        menu.setObjectName("mediaBinMenu")
        add = menu.addAction(self.tr("Add to person"))
        add.setObjectName("add")
        add.setEnabled(bool(files))
        add.triggered.connect(self._add_selected)
        document = self._document
        found = sources_using(document.project(), files) if document is not None and files else []
        transcribe = menu.addAction(self.tr("Transcribe…"))
        transcribe.setObjectName("transcribe")
        transcribe.setEnabled(bool(found))
        if document is not None:
            transcribe.triggered.connect(lambda _=False: transcriber_for(self).transcribe(document, found))
        return menu

    def _add_selected(self) -> None:
        chosen = self._selected()
        if chosen:
            self.add_requested.emit(chosen)
