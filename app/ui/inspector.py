"""The inspector: a form for the selected object, generated from its pydantic model.

Each field gets an editor chosen by its type (bilingual text, text, number, yes/no, choice,
colour, media file, list of lines); nested settings get a sub-form. An edit goes to the
document as ``set(path, value)``: valid values become an undoable command, invalid ones are
refused and the field shows the validation message, in place.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.model import Bilingual, Campaign
from app.model.problems import model_at
from app.ui.document import Document

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
MEDIA_FIELDS = {"logo", "music", "voiceover", "image", "path"}
LONG_TEXT = {"quote", "story", "makes", "tagline", "reward"}
# Sections edited through their own tree items, not inline.
SKIP = {
    "people",
    "spotlights",
    "outputs",
    "brand",
    "video",
    "goal",
    "clips",
    "captions",
    "schema_",
    "schema_version",
}


def _inner(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` and whether None is allowed."""
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), True
    if origin is typing.Annotated:
        return _inner(typing.get_args(annotation)[0])
    return annotation, False


class _Field(QWidget):
    """One row: an editor plus the message line under it."""

    def __init__(self, editor: QWidget) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setStyleSheet("color: #B3261E;")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

    def show_problems(self, messages: list[str]) -> None:
        self.message.setText("\n".join(messages))
        self.message.setVisible(bool(messages))


class Inspector(QScrollArea):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setObjectName("inspector")
        self.setWidgetResizable(True)
        self._document = document
        self._path = ""
        self._editing = False
        self.editors: dict[str, QWidget] = {}  # field path -> editor, for tests and focus
        document.changed.connect(self._on_changed)
        self.show_path("")

    def show_path(self, path: str) -> None:
        self._path = path
        self.editors.clear()
        body = QWidget()
        form = QFormLayout(body)
        if path == "outputs":
            from app.ui.outputs import OutputsEditor

            self.setWidget(OutputsEditor(self._document))
            return
        model = Campaign if path == "" else model_at(Campaign, _loc(path))
        value = self._document.get(path) if path else None
        if model is None or (path and value is None):
            form.addRow(QLabel(self.tr("Nothing to edit here.")))
        else:
            self._fill(form, model, path, top=path == "")
        self.setWidget(body)

    def _fill(self, form: QFormLayout, model: type[BaseModel], path: str, top: bool) -> None:
        for name, field in model.model_fields.items():
            if (top and name in SKIP) or name in ("clips", "captions"):
                continue
            at = f"{path}.{field.alias or name}" if path else (field.alias or name)
            annotation, optional = _inner(field.annotation)
            label = self.tr(name.replace("_", " "))
            if (
                isinstance(annotation, type)
                and issubclass(annotation, BaseModel)
                and annotation is not Bilingual
            ):
                box = QGroupBox(label)
                sub = QFormLayout(box)
                self._fill(sub, annotation, at, top=False)
                form.addRow(box)
                continue
            editor = self._editor(at, name, annotation, optional)
            if editor is not None:
                row = _Field(editor)
                field_input = getattr(editor, "input", editor)  # the line edit inside a row
                self.editors[at] = field_input
                field_input.setProperty("row", row)
                form.addRow(label, row)

    def _value(self, path: str) -> Any:
        try:
            return self._document.get(path)
        except (KeyError, IndexError, TypeError):
            return None

    def _commit(self, path: str, value: Any) -> None:
        self._editing = True
        try:
            problems = self._document.set(path, value)
        finally:
            self._editing = False
        editor = self.editors.get(path)
        row = editor.property("row") if editor is not None else None
        if isinstance(row, _Field):
            row.show_problems([p.message for p in problems])

    def _editor(self, path: str, name: str, annotation: Any, optional: bool) -> QWidget | None:
        value = self._value(path)
        if annotation is Bilingual:
            return BilingualEditor(
                value or {"ar": "", "en": ""}, name in LONG_TEXT, lambda v: self._commit(path, v)
            )
        if typing.get_origin(annotation) is Literal:
            combo = QComboBox()
            combo.addItems([str(a) for a in typing.get_args(annotation)])
            combo.setCurrentText(str(value))
            combo.currentTextChanged.connect(lambda text: self._commit(path, text))
            return combo
        if annotation is bool:
            check = QCheckBox()
            check.setChecked(bool(value))
            check.toggled.connect(lambda on: self._commit(path, on))
            return check
        if annotation is int:
            spin = QSpinBox()
            spin.setRange(-1_000_000_000, 1_000_000_000)
            spin.setValue(int(value or 0))
            spin.editingFinished.connect(lambda: self._commit(path, spin.value()))
            return spin
        if annotation is float:
            dspin = QDoubleSpinBox()
            dspin.setRange(0, 10_000)
            dspin.setDecimals(2)
            dspin.setValue(float(value or 0))
            dspin.editingFinished.connect(lambda: self._commit(path, dspin.value()))
            return dspin
        if typing.get_origin(annotation) is list:
            text = QPlainTextEdit("\n".join(str(v) for v in value or []))
            text.setPlaceholderText(self.tr("one per line"))
            text.setMaximumHeight(90)
            _on_focus_out(
                text,
                lambda: self._commit(
                    path, [line.strip() for line in text.toPlainText().splitlines() if line.strip()]
                ),
            )
            return text
        if annotation is str:
            line = MediaEdit(self._document) if name in MEDIA_FIELDS else QLineEdit()
            line.setText("" if value is None else str(value))

            def done() -> None:
                text = line.text().strip()
                self._commit(path, None if (optional and not text) else text)

            line.editingFinished.connect(done)
            if isinstance(value, str) and _COLOR.match(value):
                row = _with_color_button(line, done)
            elif isinstance(line, MediaEdit):
                row = line.row
            else:
                return line
            row.input = line
            return row
        return None

    def _on_changed(self, where: str) -> None:
        if not self._editing:
            # Undo, redo or another widget changed what we show. Rebuild from the event loop:
            # the change may come from a signal of the very widget the rebuild replaces.
            QTimer.singleShot(0, lambda: self.show_path(self._path))


def _loc(path: str) -> list[str | int]:
    from app.model.paths import parse_path

    return parse_path(path)


def _on_focus_out(widget: QPlainTextEdit, callback: Callable[[], None]) -> None:
    original = widget.focusOutEvent

    def focus_out(event: Any) -> None:
        callback()
        original(event)

    widget.focusOutEvent = focus_out  # type: ignore[method-assign]


def _with_color_button(line: QLineEdit, done: Callable[[], None]) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    swatch = QPushButton()
    swatch.setFixedWidth(36)
    swatch.setStyleSheet(f"background: {line.text()};")

    def pick() -> None:
        color = QColorDialog.getColor(QColor(line.text()), row)
        if color.isValid():
            line.setText(color.name().upper())
            swatch.setStyleSheet(f"background: {line.text()};")
            done()

    swatch.clicked.connect(pick)
    layout.addWidget(line)
    layout.addWidget(swatch)
    return row


class BilingualEditor(QWidget):
    """Arabic above English; the Arabic editor lays out right-to-left."""

    def __init__(self, value: dict[str, str], long: bool, commit: Callable[[dict[str, str]], None]) -> None:
        super().__init__()
        self._commit = commit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.ar = QPlainTextEdit(value.get("ar", "")) if long else QLineEdit(value.get("ar", ""))
        self.en = QPlainTextEdit(value.get("en", "")) if long else QLineEdit(value.get("en", ""))
        self.ar.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.ar.setObjectName("arabic")
        self.en.setObjectName("english")
        for editor in (self.ar, self.en):
            if isinstance(editor, QPlainTextEdit):
                editor.setMaximumHeight(80)
                _on_focus_out(editor, self.commit)
            else:
                editor.editingFinished.connect(self.commit)
            layout.addWidget(editor)
        if isinstance(self.ar, QPlainTextEdit):
            option = QTextOption(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
            option.setTextDirection(Qt.LayoutDirection.RightToLeft)
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            self.ar.document().setDefaultTextOption(option)
        else:
            # Leading edge: the right, for a right-to-left widget (AlignRight would be mirrored).
            self.ar.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)

    def texts(self) -> dict[str, str]:
        def text(w: QWidget) -> str:
            return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

        return {"ar": text(self.ar).strip(), "en": text(self.en).strip()}

    def set_arabic(self, text: str) -> None:
        """Type into the Arabic side and commit (what a user's edit amounts to)."""
        if isinstance(self.ar, QPlainTextEdit):
            self.ar.setPlainText(text)
        else:
            self.ar.setText(text)
        self.commit()

    def commit(self) -> None:
        self._commit(self.texts())


class MediaEdit(QLineEdit):
    """A media path: typed, browsed for, or dropped from the file manager. Paths are stored
    relative to the project file when the file is inside its folder."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self._document = document
        self.setAcceptDrops(True)
        self.row = QWidget()
        layout = QHBoxLayout(self.row)
        layout.setContentsMargins(0, 0, 0, 0)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        layout.addWidget(self)
        layout.addWidget(browse)

    def _use(self, file: str) -> None:
        from pathlib import Path

        root = self._document.project().root
        path = Path(file).resolve()
        self.setText(path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path))
        self.editingFinished.emit()

    def _browse(self) -> None:
        file, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file"), str(self._document.project().root)
        )
        if file:
            self._use(file)

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self._use(urls[0].toLocalFile())
