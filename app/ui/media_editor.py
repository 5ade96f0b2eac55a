"""The one field editor every media path uses (:class:`MediaEditor`) and the editor of a list
of media (:class:`MediaListEditor`: photos, clips). Only the cheap checks (does the file
exist, is it inside the project) run as the user types, so a missing file is flagged on the
keystroke that makes it missing; what the file holds comes from :mod:`takatof.ui.media_look`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import (
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import edit as edits
from ..model import Problem
from ..model.fields import (
    accepts_text,
    media_kind,
    path_field,
)
from .document import Document
from .field_widgets import error_label, show_messages
from .history import HistoryKeys
from .media import (
    _fits,
    _local_files,
    adopt,
    file_filter,
    resolve,
    where_problem,
)
from .media_look import THUMB, Key, Look, previews

CHECK_MS = 250
"""Pause after the last key before a typed path is decoded and, if it names a file, committed."""


class FileDrops(QWidget):
    """A widget that takes local files of its ``kind`` dropped on it: it says whether it
    :meth:`accepts` what is dragged over it and gets the fitting files in :meth:`take_files`."""

    kind: str

    def accepts(self, files: list[Path]) -> bool:
        """Whether to take a drag of ``files`` (by default: when any of them fits)."""
        return any(_fits(self.kind, f) for f in files)

    def take_files(self, files: list[Path]) -> None:
        """Use the dropped ``files`` of this widget's kind (never empty)."""
        raise NotImplementedError

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._offer(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._offer(event)

    def _offer(self, event: QDragMoveEvent) -> None:
        if self.accepts(_local_files(event.mimeData())):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [f for f in _local_files(event.mimeData()) if _fits(self.kind, f)]
        if files:
            event.acceptProposedAction()
            self.take_files(files)


class MediaEditor(FileDrops):
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
        self.problem = error_label("mediaProblem")

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
        show_messages(self.problem, messages)

    # -- drops --------------------------------------------------------------------------------

    def accepts(self, files: list[Path]) -> bool:
        return bool(files) and _fits(self.kind, files[0])  # the file it would use is the first

    def take_files(self, files: list[Path]) -> None:
        self.use_file(files[0])


# --- lists of media: photos, clips -------------------------------------------------------------

FillItem = Callable[[QFormLayout, type[BaseModel], str, set[str]], None]


class MediaListEditor(FileDrops):
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
        self.message = error_label("fieldError")
        layout.addWidget(self.message)
        self.add = QPushButton(self._add_text())
        self.add.clicked.connect(self.browse_files)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def _add_text(self) -> str:
        if self._path.endswith("partners"):  # the brand kit's partner logos
            return self.tr("Add logos…")
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
        return self._show_problems(self._document.set(self._path, items, text))

    def _show_problems(self, problems: list[Problem]) -> list[Problem]:
        show_messages(self.message, [p.message for p in problems])
        return problems

    def _set_path(self, index: int, value: str | None) -> list[Problem]:
        items = self._items()
        return self._commit(self.item_path(index, items[index]), value)

    def move_item(self, index: int, to: int) -> None:
        count = len(self._items())
        if 0 <= to < count:
            edit = edits.move_item(
                self._document.data(), self._path, range(count), index, to, self.tr("Reorder media")
            )
            self._show_problems(self._document.apply(edit))

    def remove(self, index: int) -> None:
        edit = edits.remove_item(self._document.data(), self._path, index, self.tr("Remove media"))
        self._show_problems(self._document.apply(edit))

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

    def take_files(self, files: list[Path]) -> None:
        self.add_files(files)
