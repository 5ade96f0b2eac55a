"""The inspector: a form for the selected object, generated from its pydantic model.

Which editor a field gets comes from the field's type and metadata alone, never from its
name or its current value, so a field added to the model gets the right editor with no
change here:

* ``Literal`` -> a list of its choices; ``bool`` -> a check box;
* ``int`` / ``float`` -> a number field, bounded by the field's ``ge``/``gt``/``le``/``lt``;
* the ``Color`` type of :mod:`app.model.campaign` -> a colour field with a picker, recognised
  by the validator object only ``Color`` carries (as :mod:`app.model.fields` recognises
  ``MediaPath``, which gets the media editor, and a list of media the media list);
* a text, plain or :class:`Bilingual`, allowed to be longer than a short text (its
  ``max_length``) -> lines to write in; a list of texts -> one per line;
* a nested model -> a sub-form, except on the campaign's own form, where a model or a list
  of models is a section with its own item in the tree;
* ``X | None`` -> may be left empty.

An edit goes to the document as ``set(path, value)``: valid values become an undoable
command, invalid ones are refused and the field shows the validation message, in place.

Typing follows the preview: text and number fields commit about 300 ms after the last key
(and at once on Enter, on leaving the field, and before any shortcut runs, so Save never
misses the last word). Ctrl+Z and Ctrl+Shift+Z inside a field act on the document's undo
stack, not the field's own: the document is what the person is editing, and two undo
histories that disagree would lose work.
"""

from __future__ import annotations

import contextlib
import re
import typing
from collections.abc import Callable
from typing import Any, Literal

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
from app.model.fields import (
    bounds,
    is_color_field,
    is_long_text,
    is_media_field,
    is_model,
    is_read_only,
    is_section,
    is_text_list,
    media_item_model,
    media_kind,
    unwrap,
)
from app.model.paths import join_path, parse_path, related
from app.model.problems import model_at
from app.ui.document import Document
from app.ui.history import HistoryKeys
from app.ui.media_editor import MediaEditor, MediaListEditor

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
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


def _label(name: str) -> str:
    """``photo_s`` -> ``photo (s)``: the unit of a duration, not a stray letter."""
    if name.endswith("_s"):
        return name[:-2].replace("_", " ") + " (s)"
    return name.replace("_", " ")


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


class ColorEdit(QWidget):
    """A colour as ``#RRGGBB``, typed or picked: a line to type in and a swatch showing the
    colour, which opens the colour picker."""

    def __init__(self, value: str | None, done: Callable[[], None]) -> None:
        super().__init__()
        self._done = done
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.input = QLineEdit("" if value is None else value)
        self.input.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.input.setPlaceholderText("#RRGGBB")
        self.swatch = QPushButton()
        self.swatch.setObjectName("colorSwatch")
        self.swatch.setFixedWidth(36)
        self.swatch.clicked.connect(self.pick)
        self.input.textChanged.connect(self._paint)
        layout.addWidget(self.input)
        layout.addWidget(self.swatch)
        self._paint(self.input.text())

    def pick(self) -> None:
        color = QColorDialog.getColor(QColor(self.input.text()), self)
        if color.isValid():
            self.input.setText(color.name().upper())
            self._done()

    def _paint(self, text: str) -> None:
        if _COLOR.match(text.strip()):
            self.swatch.setStyleSheet(f"background: {text.strip()};")


class LinesEdit(QPlainTextEdit):
    """A list of short texts (hashtags, handles), one per line."""

    def __init__(self, value: list[Any] | None) -> None:
        super().__init__()
        self.setPlaceholderText(self.tr("one per line"))
        self.setMaximumHeight(90)
        self.show_value(value)

    def lines(self) -> list[str]:
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]

    def show_value(self, value: list[Any] | None) -> None:
        with QSignalBlocker(self):
            self.setPlainText("\n".join(str(v) for v in value or []))


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
        self._model: type[BaseModel] | None = None  # given to show_path, else the campaign's
        self._editing = False
        self._rebuild_queued = False
        self._texts: list[TextCommit] = []
        self._rows: dict[str, _Field] = {}  # field path -> its row (where its message shows)
        self.editors: dict[str, QWidget] = {}  # field path -> editor, for tests and focus
        document.changed.connect(self._on_changed)
        self.show_path("")

    def set_document(self, document: Document) -> None:
        """Edit another document (a project opened in the window), from its campaign form."""
        if document is not self._document:
            self._document.changed.disconnect(self._on_changed)
            self._document = document
            document.changed.connect(self._on_changed)
        self.show_path("")

    def retranslate(self) -> None:
        """The field labels and messages in the interface language (the form is built again;
        the cursor and the scroll position stay)."""
        self.show_path(self._path, self._model)

    # -- building ---------------------------------------------------------------------------

    def show_path(self, path: str, model: type[BaseModel] | None = None) -> None:
        """Show the form of the object at ``path``. Its fields, and the editor each gets,
        come from ``model`` (by default the campaign model's own type at ``path``) alone."""
        same = path == self._path and self.widget() is not None
        focused, cursor = self._focused() if same else (None, -1)
        scroll = self.verticalScrollBar().value() if same else 0
        for text in self._texts:
            text.discard()
        self._texts.clear()
        self._path, self._model = path, model
        self.editors.clear()
        self._rows.clear()
        if path == "outputs" and model is None:
            from app.ui.outputs import OutputsEditor

            self.setWidget(OutputsEditor(self._document))
            return
        if model is None:
            model = Campaign if path == "" else model_at(Campaign, parse_path(path))
            if path and self._value(path) is None:
                model = None  # a goal or a person that is not there (any more)
        body = QWidget()
        column = QVBoxLayout(body)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        column.addLayout(form)
        column.addStretch(1)  # fields keep their height; the space left stays below them
        if model is None:
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
        """One row per field of ``model``. On the campaign's own form (``top``) a model or a
        list of models is left out: it is a section of its own in the tree."""
        for name, field in model.model_fields.items():
            key = field.alias or name
            if is_read_only(key, field) or (top and is_section(field)) or (skip and key in skip):
                continue
            at = f"{path}.{key}" if path else key
            annotation, optional = unwrap(field.annotation)
            label = self.tr(_label(name))
            if is_model(annotation):
                box = QGroupBox(label)
                sub = QFormLayout(box)
                self._fill(sub, annotation, at, top=False)
                form.addRow(box)
                continue
            editor = self._editor(at, field, annotation, optional)
            if editor is None:
                continue
            if isinstance(editor, MediaEditor | MediaListEditor):
                self.editors[at] = editor  # they show their own problems
                form.addRow(label, editor)
                continue
            row = _Field(editor)
            self._rows[at] = row
            # A colour's line is what is typed in, focused and shown (its swatch follows it).
            self.editors[at] = editor.input if isinstance(editor, ColorEdit) else editor
            form.addRow(label, row)

    def _fill_item(self, form: QFormLayout, model: type[BaseModel], path: str, skip: set[str]) -> None:
        self._fill(form, model, path, top=False, skip=skip)

    def _editor(self, path: str, field: FieldInfo, annotation: Any, optional: bool) -> QWidget | None:
        """The editor for the field at ``path``, chosen by its type and metadata (see the
        module docstring); None for a field the form does not edit (a pair of numbers, a
        table of choices by country)."""
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
                is_long_text(field),
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
            low, high = bounds(field)
            number = NumberEdit(value, annotation is int, optional, low, high)
            number.textEdited.connect(lambda _: self._check_number(path, number))
            self._watch(number, lambda: self._commit_number(path, number))
            return number
        if is_text_list(annotation):
            lines = LinesEdit(value)
            self._watch(lines, lambda: self._commit(path, lines.lines()))
            return lines
        if annotation is str:
            return self._text_editor(path, field, value, optional)
        return None

    def _text_editor(self, path: str, field: FieldInfo, value: Any, optional: bool) -> QWidget:
        text = "" if value is None else str(value)
        widget: QLineEdit | QPlainTextEdit
        color: ColorEdit | None = None
        if is_color_field(field):
            color = ColorEdit(text, lambda: done())
            widget = color.input
        elif is_long_text(field):
            widget = QPlainTextEdit(text)
            widget.setMaximumHeight(80)
        else:
            widget = QLineEdit(text)

        def done() -> None:
            typed = _text_of(widget).strip()
            self._commit(path, None if (optional and not typed) else typed)

        self._watch(widget, done)
        return color if color is not None else widget

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
            parent = join_path(parts[:depth])
            if self._value(parent) is None:
                if value is None:
                    return None, None  # clearing a field of an object that is not there
                for part in reversed(parts[depth:]):
                    value = {part: value}
                return parent, value
        return path, value

    def message(self, path: str) -> str:
        """What the field at ``path`` says is wrong with it now ("" when nothing is)."""
        row = self._rows.get(path)
        return row.message.text() if row is not None and not row.message.isHidden() else ""

    def _show(self, path: str, messages: list[str]) -> None:
        row = self._rows.get(path)
        if row is not None:
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
            key = join_path(parts)
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
        if where and self._path and not related(where, self._path):
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
            editor.show_value(value or {})
        elif isinstance(editor, MediaEditor):
            if not (value is None or isinstance(value, str)):
                return False  # a plain photo became an object (the timeline set its motion): new rows
            editor.show_value(value)
        elif isinstance(editor, NumberEdit):
            editor.setText("" if value is None else _show_number(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        elif isinstance(editor, LinesEdit):
            editor.show_value(value)
        elif isinstance(editor, QPlainTextEdit):
            with QSignalBlocker(editor):
                editor.setPlainText("" if value is None else str(value))
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
        self.show_path(self._path, self._model)


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

    def show_value(self, value: dict[str, str]) -> None:
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
