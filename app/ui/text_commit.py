"""Typing into a form: a text widget commits a moment after the last key, and its Undo and Redo
keys act on the document. Also the bilingual editor (Arabic above English) built on that.

Typing follows the preview: text and number fields commit about 300 ms after the last key
(and at once on Enter, on leaving the field, and before any shortcut runs, so Save never
misses the last word). Ctrl+Z and Ctrl+Shift+Z inside a field act on the document's undo
stack, not the field's own: the document is what the person is editing, and two undo
histories that disagree would lose work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextOption, QUndoStack
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from .history import HistoryKeys

TYPING_MS = 300
"""Pause after the last key before a text or number field commits (the preview follows)."""


def _is_shortcut(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
    return bool(modifiers) or Qt.Key.Key_F1 <= event.key() <= Qt.Key.Key_F35


def text_of(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        widget.setText(text)


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
        return {"ar": text_of(self.ar).strip(), "en": text_of(self.en).strip()}

    def show_value(self, value: dict[str, str]) -> None:
        """Show the document's text (after an undo) without committing it back."""
        for watcher in self.watchers:
            watcher.discard()
        for side, editor in (("ar", self.ar), ("en", self.en)):
            text = value.get(side, "")
            if text_of(editor) == text:
                continue
            with QSignalBlocker(editor):
                set_text(editor, text)

    def set_arabic(self, text: str) -> None:
        """Type into the Arabic side and commit (what a user's edit amounts to)."""
        set_text(self.ar, text)
        self.commit()

    def commit(self) -> None:
        for watcher in self.watchers:
            watcher.discard()
        self._commit(self.texts())
