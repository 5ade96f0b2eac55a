"""The document's Undo and Redo inside text fields: a line edit's own undo would otherwise
take the keys, and the person expects the whole document's history.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QObject,
)
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QWidget,
)


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
