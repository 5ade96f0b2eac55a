"""The inspector: a form for the selected object, generated from its pydantic model.

Each field gets an editor chosen by its type and metadata (bilingual text, text, number,
yes/no, choice, colour, media file, list of media, list of lines); nested settings get a
sub-form. An edit goes to the document as ``set(path, value)``: valid values become an
undoable command, invalid ones are refused and the field shows the validation message, in
place.

Typing follows the preview: text and number fields commit about 300 ms after the last key
(and at once on Enter, on leaving the field, and before any shortcut runs, so Save never
misses the last word). Ctrl+Z and Ctrl+Shift+Z inside a field act on the document's undo
stack, not the field's own: the document is what the person is editing, and two undo
histories that disagree would lose work.
"""

from __future__ import annotations

import contextlib
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextOption, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.model import Bilingual, Campaign, Problem
from app.model.paths import parse_path
from app.model.problems import model_at
from app.ui.document import Document
from app.ui.media import (
    HistoryKeys,
    MediaEditor,
    MediaListEditor,
    is_media_field,
    media_item_model,
    media_kind,
)

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
LONG_TEXT = {"quote", "story", "makes", "tagline", "reward"}
# Sections edited through their own tree items, not inline.
SKIP = {
    "people",
    "spotlights",
    "outputs",
    "brand",
    "video",
    "goal",
    "schema_",
    "schema_version",
}
ARABIC = {
    "(default)": "(الافتراضي)",
    "empty: default": "فارغ: الافتراضي",
    "a number is needed here": "يلزم رقم هنا",
    "{text} is not a whole number; type digits only": "{text} ليس عدداً صحيحاً؛ اكتب أرقاماً فقط",
    "{text} is not a number; write it like 4.5": "{text} ليس رقماً؛ اكتبه هكذا 4.5",
    "clips": "المقاطع",
    "captions": "ملفات الترجمة",
    "start": "البداية",
    "end": "النهاية",
    "audio": "الصوت",
    "duration (s)": "المدة (ث)",
    "motion": "الحركة",
    "ar": "العربية",
    "en": "الإنجليزية",
}
"""The Arabic of this module's strings and of the field labels it adds (merge into
:data:`app.ui.i18n.ARABIC`)."""

TYPING_MS = 300
"""Pause after the last key before a text or number field commits (the preview follows)."""

_OWNERS = re.compile(r"^(people|spotlights)\[\d+\]")
_SECTIONS = {"brand", "video", "goal", "outputs"}


def owner_of(json_path: str) -> str:
    """The tree item that shows the field at ``json_path``: ``people[1]`` for
    ``people[1].media[0]``, ``video`` for ``video.encoder.crf``, ``""`` for the campaign."""
    match = _OWNERS.match(json_path)
    if match:
        return match.group(0)
    first = parse_path(json_path)[0] if json_path else ""
    return first if first in _SECTIONS else ""


def _inner(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` and whether None is allowed."""
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (_inner(args[0])[0] if len(args) == 1 else annotation), True
    if origin is typing.Annotated:
        return _inner(typing.get_args(annotation)[0])
    return annotation, False


def _label(name: str) -> str:
    """``photo_s`` -> ``photo (s)``: the unit of a duration, not a stray letter."""
    if name.endswith("_s"):
        return name[:-2].replace("_", " ") + " (s)"
    return name.replace("_", " ")


def _join(parts: list[str | int]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# --- typing, committing and the document's undo, for every text widget -----------------------


def _is_shortcut(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
    return bool(modifiers) or Qt.Key.Key_F1 <= event.key() <= Qt.Key.Key_F35


class TextCommit(QObject):
    """Commits a text widget ``TYPING_MS`` after the last key, at once on Enter or when focus
    leaves, and before a shortcut (Ctrl+S...) runs; sends Undo and Redo keys to the
    document's stack. An event filter and signals, so the widget's classes stay Qt's own."""

    def __init__(
        self, widget: QLineEdit | QPlainTextEdit, commit: Callable[[], Any], stack: QUndoStack | None
    ) -> None:
        super().__init__(widget)
        self._commit = commit
        self._timer = QTimer(self, singleShot=True, interval=TYPING_MS)
        self._timer.timeout.connect(self.flush)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._typed)
            widget.editingFinished.connect(self.flush)
        else:
            widget.textChanged.connect(self._typed)
        widget.installEventFilter(self)
        if stack is not None:
            HistoryKeys(widget, stack, self._before_history)

    def _before_history(self, _action: str) -> bool:
        if self.pending:
            self.flush()  # the typing so far is the step to undo first
        return False

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def _typed(self, *_: Any) -> None:
        self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        self._commit()

    def discard(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self.flush()
        elif (
            kind == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self.pending
            and _is_shortcut(event)
        ):
            self.flush()  # a menu shortcut (Save, Render...) sees what was typed
        return False


# --- field rows --------------------------------------------------------------------------------


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


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


class NumberEdit(QLineEdit):
    """A whole number or a decimal, bounded as the model bounds it. A text that is not a
    number is refused with a message at the field, never silently dropped or turned into 0;
    an optional number may be left empty (null). Arabic-Indic digits are read too. Up and
    Down step the value, as a spin box would."""

    def __init__(
        self,
        value: int | float | None,
        integer: bool,
        optional: bool,
        low: float | None = None,
        high: float | None = None,
    ) -> None:
        super().__init__("" if value is None else _show_number(value))
        self.integer, self.optional, self.low, self.high = integer, optional, low, high
        self.setObjectName("number")
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        ends = ["" if end is None else _show_number(end) for end in (low, high)]
        bounds = f"{ends[0]} – {ends[1]}"
        self.setPlaceholderText(self.tr("empty: default") if optional else bounds.strip(" –"))
        self.setToolTip(bounds if low is not None or high is not None else "")

    def parse(self) -> tuple[bool, int | float | None, str]:
        """(ok, value, message): the value typed, or why it is not one."""
        text = self.text().strip().translate(_DIGITS).replace("_", "").replace(" ", "").replace("٬", "")
        if not text:
            if self.optional:
                return True, None, ""
            return False, None, self.tr("a number is needed here")
        if self.integer:
            text = text.replace(",", "")
            if re.fullmatch(r"[+-]?\d+", text):
                return True, int(text), ""
            return (
                False,
                None,
                self.tr("{text} is not a whole number; type digits only").format(
                    text=repr(self.text().strip())
                ),
            )
        text = text.replace(",", "") if "." in text else text.replace(",", ".")
        if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", text):
            return True, float(text), ""
        return (
            False,
            None,
            self.tr("{text} is not a number; write it like 4.5").format(text=repr(self.text().strip())),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            ok, value, _ = self.parse()
            if ok:
                step = 1 if self.integer else 0.1
                value = (value if value is not None else (self.low or 0)) + (
                    step if event.key() == Qt.Key.Key_Up else -step
                )
                if self.low is not None:
                    value = max(self.low, value)
                if self.high is not None:
                    value = min(self.high, value)
                value = int(value) if self.integer else round(value, 3)
                self.setText(_show_number(value))
                self.textEdited.emit(self.text())
            return
        super().keyPressEvent(event)


def _show_number(value: float) -> str:
    """A number as typed: ``85000``, ``4.5`` (never ``4.500000`` or ``1e+05``)."""
    if isinstance(value, int):
        return str(value)
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    low = high = None
    for item in field.metadata:
        if isinstance(item, Ge | Gt):
            low = item.ge if isinstance(item, Ge) else item.gt
        elif isinstance(item, Le | Lt):
            high = item.le if isinstance(item, Le) else item.lt
    return low, high


# --- the inspector -----------------------------------------------------------------------------


class Inspector(QScrollArea):
    """The form of the object selected in the tree. ``show_path(path)`` shows an object
    (``""``, ``brand``, ``video``, ``goal``, ``outputs``, ``people[i]``, ``spotlights[i]``);
    ``focus_field(json_path)`` shows the object holding a field and puts the cursor in it;
    ``flush()`` commits what is being typed (call it before saving or rendering)."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setObjectName("inspector")
        self.setWidgetResizable(True)
        self._document = document
        self._path = ""
        self._editing = False
        self._rebuild_queued = False
        self._texts: list[TextCommit] = []
        self.editors: dict[str, QWidget] = {}  # field path -> editor, for tests and focus
        document.changed.connect(self._on_changed)
        self.show_path("")

    # -- building ---------------------------------------------------------------------------

    def show_path(self, path: str) -> None:
        same = path == self._path and self.widget() is not None
        focused, cursor = self._focused() if same else (None, -1)
        scroll = self.verticalScrollBar().value() if same else 0
        for text in self._texts:
            text.discard()
        self._texts.clear()
        self._path = path
        self.editors.clear()
        if path == "outputs":
            from app.ui.outputs import OutputsEditor

            self.setWidget(OutputsEditor(self._document))
            return
        body = QWidget()
        column = QVBoxLayout(body)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        column.addLayout(form)
        column.addStretch(1)  # fields keep their height; the space left stays below them
        model = Campaign if path == "" else model_at(Campaign, parse_path(path))
        value = self._value(path) if path else None
        if model is None or (path and value is None):
            form.addRow(QLabel(self.tr("Nothing to edit here.")))
        else:
            self._fill(form, model, path, top=path == "")
        self.setWidget(body)
        if same:
            self.verticalScrollBar().setValue(scroll)
            if focused is not None:
                self._refocus(focused, cursor)

    def _fill(
        self, form: QFormLayout, model: type[BaseModel], path: str, top: bool, skip: set[str] | None = None
    ) -> None:
        for name, field in model.model_fields.items():
            key = field.alias or name
            if (top and name in SKIP) or (skip and key in skip):
                continue
            at = f"{path}.{key}" if path else key
            annotation, optional = _inner(field.annotation)
            label = self.tr(_label(name))
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
            editor = self._editor(at, name, field, annotation, optional)
            if editor is None:
                continue
            if isinstance(editor, MediaEditor | MediaListEditor):
                self.editors[at] = editor  # they show their own problems
                form.addRow(label, editor)
                continue
            row = _Field(editor)
            field_input = getattr(editor, "input", editor)  # the line edit inside a row
            self.editors[at] = field_input
            field_input.setProperty("row", row)
            form.addRow(label, row)

    def _fill_item(self, form: QFormLayout, model: type[BaseModel], path: str, skip: set[str]) -> None:
        self._fill(form, model, path, top=False, skip=skip)

    def _editor(
        self, path: str, name: str, field: FieldInfo, annotation: Any, optional: bool
    ) -> QWidget | None:
        value = self._value(path)
        if is_media_field(field):
            return MediaEditor(
                self._document,
                media_kind(path),
                value,
                lambda v: self._commit(path, v, show=False),
                optional=optional,
            )
        is_media_list, item_model = media_item_model(field)
        if is_media_list:
            return MediaListEditor(
                self._document,
                path,
                item_model,
                self._fill_item,
                self.editors.__setitem__,
                commit=lambda at, v: self._commit(at, v, show=False),
            )
        if annotation is Bilingual:
            editor = BilingualEditor(
                value or {"ar": "", "en": ""},
                name in LONG_TEXT,
                lambda v: self._commit(path, v),
                self._document.undo_stack,
            )
            self._texts.extend(editor.watchers)
            return editor
        if typing.get_origin(annotation) is Literal:
            combo = QComboBox()
            if optional:
                combo.addItem(self.tr("(default)"), None)
            for choice in typing.get_args(annotation):
                combo.addItem(str(choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(lambda _: self._commit(path, combo.currentData()))
            return combo
        if annotation is bool:
            check = QCheckBox()
            check.setChecked(bool(value))
            check.toggled.connect(lambda on: self._commit(path, on))
            return check
        if annotation in (int, float):
            low, high = _bounds(field)
            number = NumberEdit(value, annotation is int, optional, low, high)
            number.textEdited.connect(lambda _: self._check_number(path, number))
            self._watch(number, lambda: self._commit_number(path, number))
            return number
        if (
            typing.get_origin(annotation) is list
            and typing.get_args(annotation)
            and _inner(typing.get_args(annotation)[0])[0] is str
        ):
            text = QPlainTextEdit("\n".join(str(v) for v in value or []))
            text.setPlaceholderText(self.tr("one per line"))
            text.setMaximumHeight(90)
            self._watch(
                text,
                lambda: self._commit(
                    path, [line.strip() for line in text.toPlainText().splitlines() if line.strip()]
                ),
            )
            return text
        if annotation is str:
            line = QLineEdit("" if value is None else str(value))

            def done() -> None:
                text = line.text().strip()
                self._commit(path, None if (optional and not text) else text)

            self._watch(line, done)
            if isinstance(value, str) and _COLOR.match(value):
                row = _with_color_button(line, done)
                row.input = line
                return row
            return line
        return None

    def _watch(self, widget: QLineEdit | QPlainTextEdit, commit: Callable[[], Any]) -> None:
        self._texts.append(TextCommit(widget, commit, self._document.undo_stack))

    # -- committing ---------------------------------------------------------------------------

    def _value(self, path: str) -> Any:
        try:
            return self._document.get(path)
        except (KeyError, IndexError, TypeError):
            return None

    def _commit(self, path: str, value: Any, show: bool = True) -> list[Problem]:
        """Put ``value`` at ``path`` as one undoable step, without rebuilding this form (it
        already shows the value). A field of a missing optional object (a caption file of a
        person with no ``captions`` yet) creates the object around it."""
        target, payload = self._lift(path, value)
        if target is None:
            problems: list[Problem] = []
        else:
            self._editing = True
            try:
                problems = self._document.set(target, payload)
            finally:
                self._editing = False
        if show:
            self._show(path, [p.message for p in problems])
        return problems

    def _lift(self, path: str, value: Any) -> tuple[str | None, Any]:
        parts = parse_path(path)
        for depth in range(1, len(parts)):
            parent = _join(parts[:depth])
            if self._value(parent) is None:
                if value is None:
                    return None, None  # clearing a field of an object that is not there
                for part in reversed(parts[depth:]):
                    value = {part: value}
                return parent, value
        return path, value

    def _show(self, path: str, messages: list[str]) -> None:
        editor = self.editors.get(path)
        row = editor.property("row") if editor is not None else None
        if isinstance(row, _Field):
            row.show_problems(messages)

    def _check_number(self, path: str, number: NumberEdit) -> None:
        """As the user types: a text that is no number says so at once."""
        ok, _, message = number.parse()
        if not ok and number.text().strip():
            self._show(path, [message])
        elif ok:
            self._show(path, [])

    def _commit_number(self, path: str, number: NumberEdit) -> None:
        ok, value, message = number.parse()
        if ok:
            self._commit(path, value)
        else:
            self._show(path, [message])

    def flush(self) -> None:
        """Commit every field that is still waiting for the typing to pause."""
        for text in list(self._texts):
            if text.pending:
                text.flush()

    # -- focus ----------------------------------------------------------------------------------

    def focus_field(self, json_path: str) -> bool:
        """Show the object holding ``json_path`` (a problem's path) and put the cursor in its
        field, scrolled into view; the nearest enclosing field when that one has no editor
        of its own. Returns whether a field was found."""
        owner = owner_of(json_path)
        if owner != self._path or self.widget() is None:
            self.show_path(owner)
        target = self._target(json_path)
        if target is None:
            return False
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, lambda: self._reveal(target))
        self._reveal(target)
        return True

    def _reveal(self, widget: QWidget) -> None:
        with contextlib.suppress(RuntimeError):  # rebuilt meanwhile
            self.ensureWidgetVisible(widget, 40, 40)

    def _target(self, json_path: str) -> QWidget | None:
        parts = parse_path(json_path)
        tail: list[str | int] = []
        while parts:
            key = _join(parts)
            for candidate in (key, f"{key}.path"):
                editor = self.editors.get(candidate)
                if editor is not None:
                    return _focus_widget(editor, tail)
            tail.insert(0, parts.pop())
        return None

    def _focused(self) -> tuple[str | None, int]:
        """The field that has the cursor (to put it back after a rebuild) and where in it."""
        for key, editor in self.editors.items():
            for side in (
                editor,
                getattr(editor, "ar", None),
                getattr(editor, "en", None),
                getattr(editor, "input", None),
            ):
                if isinstance(side, QWidget) and side.hasFocus():
                    suffix = (
                        ".ar"
                        if side is getattr(editor, "ar", None)
                        else ".en"
                        if side is getattr(editor, "en", None)
                        else ""
                    )
                    cursor = (
                        side.cursorPosition()
                        if isinstance(side, QLineEdit)
                        else side.textCursor().position()
                        if isinstance(side, QPlainTextEdit)
                        else -1
                    )
                    return key + suffix, cursor
        return None, -1

    def _refocus(self, key: str, cursor: int) -> None:
        target = self._target(key)
        if target is None:
            return
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if cursor >= 0 and isinstance(target, QLineEdit):
            target.setCursorPosition(min(cursor, len(target.text())))
        elif cursor >= 0 and isinstance(target, QPlainTextEdit):
            text_cursor = target.textCursor()
            text_cursor.setPosition(min(cursor, len(target.toPlainText())))
            target.setTextCursor(text_cursor)

    # -- following the document -------------------------------------------------------------

    def _on_changed(self, where: str) -> None:
        """Undo, redo or another panel changed the campaign. A change elsewhere (another
        person) leaves this form alone; one field's new value is put into its editor in
        place (the cursor stays, and it is instant); anything else rebuilds the form."""
        if self._editing or self._rebuild_queued:
            return
        if where and self._path and not _related(where, self._path):
            return
        if where and self._show_value(where):
            return
        # Rebuild from the event loop: the change may come from a signal of the very widget
        # the rebuild replaces.
        self._rebuild_queued = True
        QTimer.singleShot(0, self._rebuild)

    def _show_value(self, where: str) -> bool:
        """Put the document's value at ``where`` into its editor; False when the form must
        be rebuilt instead (no editor of its own, or a list whose rows changed)."""
        editor = self.editors.get(where)
        if editor is None or isinstance(editor, MediaListEditor):
            return False
        value = self._value(where)
        if isinstance(editor, BilingualEditor):
            editor.show(value or {})
        elif isinstance(editor, MediaEditor):
            if not (value is None or isinstance(value, str)):
                return False  # a plain photo became an object (the timeline set its motion): new rows
            editor.show_value(value)
        elif isinstance(editor, NumberEdit):
            editor.setText("" if value is None else _show_number(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        elif isinstance(editor, QPlainTextEdit):
            with QSignalBlocker(editor):
                editor.setPlainText("\n".join(str(v) for v in value or []))
        elif isinstance(editor, QComboBox):
            with QSignalBlocker(editor):
                editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QCheckBox):
            with QSignalBlocker(editor):
                editor.setChecked(bool(value))
        else:
            return False
        self._show(where, [])
        return True

    def _rebuild(self) -> None:
        self._rebuild_queued = False
        self.show_path(self._path)


def _related(a: str, b: str) -> bool:
    """Whether one JSON path is the other or inside it."""

    def inside(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith((outer + ".", outer + "["))

    return inside(a, b) or inside(b, a)


def _focus_widget(editor: QWidget, tail: list[str | int]) -> QWidget:
    """The widget to type in for ``editor``; ``tail`` is what of the path is inside it
    (``["ar"]`` for the Arabic side of a bilingual text)."""
    if isinstance(editor, BilingualEditor):
        return editor.en if tail[:1] == ["en"] else editor.ar
    if isinstance(editor, MediaEditor):
        return editor.input
    if isinstance(editor, MediaListEditor):
        index = tail[0] if tail and isinstance(tail[0], int) else None
        if index is not None and index < len(editor.rows):
            return editor.rows[index].input
        return editor.add
    return editor


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
    line.textChanged.connect(
        lambda text: swatch.setStyleSheet(f"background: {text};") if _COLOR.match(text.strip()) else None
    )
    layout.addWidget(line)
    layout.addWidget(swatch)
    return row


def _text_of(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


class BilingualEditor(QWidget):
    """Arabic above English; the Arabic editor lays out right-to-left. Both sides commit as
    the user types (debounced), and their Ctrl+Z undoes the document when a stack is given."""

    changed = Signal()

    def __init__(
        self,
        value: dict[str, str],
        long: bool,
        commit: Callable[[dict[str, str]], Any],
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__()
        self._commit = commit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.ar = QPlainTextEdit(value.get("ar", "")) if long else QLineEdit(value.get("ar", ""))
        self.en = QPlainTextEdit(value.get("en", "")) if long else QLineEdit(value.get("en", ""))
        self.ar.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.ar.setObjectName("arabic")
        self.en.setObjectName("english")
        self.watchers: list[TextCommit] = []
        for editor in (self.ar, self.en):
            if isinstance(editor, QPlainTextEdit):
                editor.setMaximumHeight(80)
            self.watchers.append(TextCommit(editor, self.commit, undo_stack))
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
        return {"ar": _text_of(self.ar).strip(), "en": _text_of(self.en).strip()}

    def show(self, value: dict[str, str]) -> None:
        """Show the document's text (after an undo) without committing it back."""
        for watcher in self.watchers:
            watcher.discard()
        for side, editor in (("ar", self.ar), ("en", self.en)):
            text = value.get(side, "")
            if _text_of(editor) == text:
                continue
            with QSignalBlocker(editor):
                if isinstance(editor, QPlainTextEdit):
                    editor.setPlainText(text)
                else:
                    editor.setText(text)

    def set_arabic(self, text: str) -> None:
        """Type into the Arabic side and commit (what a user's edit amounts to)."""
        if isinstance(self.ar, QPlainTextEdit):
            self.ar.setPlainText(text)
        else:
            self.ar.setText(text)
        self.commit()

    def commit(self) -> None:
        for watcher in self.watchers:
            watcher.discard()
        self._commit(self.texts())
