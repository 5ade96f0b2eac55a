"""The media bin: the project's pictures, videos and sounds with thumbnails, to drag onto a
field or the timeline, or to add to the selected person.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QFileSystemWatcher,
    QMimeData,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..edit.files import media_files
from .document import Document
from .media_look import THUMB, Key, Look, previews
from .worker import Worker

BIN_LIMIT = 2000
"""The most files listed (:func:`takatof.edit.files.media_files`)."""
BIN_KINDS = ("image", "video", "audio")


def _scan(root: Path) -> tuple[list[tuple[Path, str]], list[Path]]:
    """The bin's files under ``root`` and the folders to watch (a worker thread's job)."""
    try:
        return media_files(root, BIN_KINDS, BIN_LIMIT)
    except OSError:
        return [], []


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
        self._worker = Worker(self, debounce_ms=400, job=self.refresh)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _: self._worker.later())
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
        self.status.setText(self.tr("Looking for media…"))
        root = self._root
        self._worker.start(lambda: _scan(root), self._on_scanned)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._worker.wait(msecs)

    def files(self) -> list[Path]:
        """The files listed (whatever the filter), in order."""
        return [path for path, _ in self._files]

    def _on_scanned(self, scanned: tuple[list[tuple[Path, str]], list[Path]]) -> None:
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
