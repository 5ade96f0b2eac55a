"""Typing into a form: a text widget commits a moment after the last key, and its Undo and Redo
keys act on the document. Also the multilingual editor (one side per language) built on that.

Typing follows the preview: text and number fields commit about 300 ms after the last key
(and at once on Enter, on leaving the field, and before any shortcut runs, so Save never
misses the last word). Ctrl+Z and Ctrl+Shift+Z inside a field act on the document's undo
stack, not the field's own: the document is what the person is editing, and two undo
histories that disagree would lose work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextOption, QUndoStack
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ..model.languages import is_rtl, name_of
from .history import HistoryKeys
from .languages import interface_name, shown_label

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


class MultilingualEditor(QWidget):
    """One text in each of the campaign's languages: an editor per language, in the campaign's
    order, each labelled with the language's name; a right-to-left language's editor lays out
    right-to-left. Every side commits as the user types (debounced), all sides together, and
    their Ctrl+Z undoes the document when a stack is given.

    An empty side is a translation still to write: it is left out of the committed text (the
    model reports it at its path, ``people[0].quote.ur``), never saved as an empty string."""

    changed = Signal()

    def __init__(
        self,
        value: dict[str, str],
        langs: Sequence[str],
        long: bool,
        commit: Callable[[dict[str, str]], Any],
        undo_stack: QUndoStack | None = None,
        declared: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        self._commit = commit
        self.langs: tuple[str, ...] = tuple(langs)
        self.sides: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.watchers: list[TextCommit] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setColumnStretch(1, 1)
        for row, lang in enumerate(self.langs):
            label = QLabel(shown_label(lang))
            label.setObjectName(f"lang-{lang}")
            label.setToolTip(name_of(lang))
            alignment = Qt.AlignmentFlag.AlignTop if long else Qt.AlignmentFlag.AlignVCenter
            grid.addWidget(label, row, 0, alignment)
            editor = self._side(lang, value.get(lang, ""), long, declared is None or lang in declared)
            self.watchers.append(TextCommit(editor, self.commit, undo_stack))
            grid.addWidget(editor, row, 1)
            self.sides[lang], self.labels[lang] = editor, label

    def _side(self, lang: str, text: str, long: bool, declared: bool) -> QLineEdit | QPlainTextEdit:
        editor: QLineEdit | QPlainTextEdit = QPlainTextEdit(text) if long else QLineEdit(text)
        editor.setObjectName(f"text-{lang}")
        editor.setAccessibleName(name_of(lang))
        if declared:
            editor.setPlaceholderText(
                self.tr("{language}: still to translate ({code})").format(
                    language=interface_name(lang), code=lang
                )
            )
        else:
            editor.setPlaceholderText(self.tr("not one of the campaign's languages"))
        if isinstance(editor, QPlainTextEdit):
            editor.setMaximumHeight(80)
        if is_rtl(lang):
            editor.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            if isinstance(editor, QPlainTextEdit):
                option = QTextOption(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
                option.setTextDirection(Qt.LayoutDirection.RightToLeft)
                option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
                editor.document().setDefaultTextOption(option)
            else:
                # Leading edge: the right, for a right-to-left widget (AlignRight would be mirrored).
                editor.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        else:
            editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # in an Arabic interface too
        return editor

    def side(self, lang: str) -> QLineEdit | QPlainTextEdit:
        """The editor of ``lang`` (KeyError when this text has no side in it)."""
        return self.sides[lang]

    def texts(self) -> dict[str, str]:
        """What is written, by language, in the editor's order; empty sides left out."""
        typed = ((lang, text_of(editor).strip()) for lang, editor in self.sides.items())
        return {lang: text for lang, text in typed if text}

    def show_value(self, value: dict[str, str]) -> None:
        """Show the document's text (after an undo) without committing it back."""
        for watcher in self.watchers:
            watcher.discard()
        for lang, editor in self.sides.items():
            text = value.get(lang, "")
            if text_of(editor) == text:
                continue
            with QSignalBlocker(editor):
                set_text(editor, text)

    def set_text(self, lang: str, text: str) -> None:
        """Type ``text`` into the ``lang`` side and commit (what a user's edit amounts to)."""
        set_text(self.sides[lang], text)
        self.commit()

    def commit(self) -> None:
        for watcher in self.watchers:
            watcher.discard()
        self._commit(self.texts())
