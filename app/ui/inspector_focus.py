"""Finding the widget to type in on the inspector's form: for a problem's JSON path (the field,
or the nearest enclosing one that has an editor), and for keeping the cursor where it was when
the form is built again (after an undo, or a change of language).

Plain functions over the form's ``editors`` (field path -> editor), so they need no inspector.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from ..model.paths import join_path, parse_path
from .media_editor import MediaEditor, MediaListEditor
from .text_commit import MultilingualEditor


def focus_widget(editor: QWidget, tail: list[str | int]) -> QWidget:
    """The widget to type in for ``editor``; ``tail`` is what of the path is inside it
    (``["ur"]`` for the Urdu side of a text; its first side when the path names none)."""
    if isinstance(editor, MultilingualEditor):
        lang = tail[0] if tail and isinstance(tail[0], str) else ""
        first = next(iter(editor.sides.values()), None)
        return editor.sides.get(lang) or first or editor
    if isinstance(editor, MediaEditor):
        return editor.input
    if isinstance(editor, MediaListEditor):
        index = tail[0] if tail and isinstance(tail[0], int) else None
        if index is not None and index < len(editor.rows):
            return editor.rows[index].input
        return editor.add
    return editor


def target(editors: Mapping[str, QWidget], json_path: str) -> QWidget | None:
    """The widget to type in for ``json_path``: its field's, or the nearest enclosing field's
    (a media list's row for ``people[0].media[1]``); None when no field on the form holds it."""
    parts = parse_path(json_path)
    tail: list[str | int] = []
    while parts:
        key = join_path(parts)
        for candidate in (key, f"{key}.path"):
            editor = editors.get(candidate)
            if editor is not None:
                return focus_widget(editor, tail)
        tail.insert(0, parts.pop())
    return None


def focused(editors: Mapping[str, QWidget]) -> tuple[str | None, int]:
    """The field that has the cursor (to put it back after a rebuild) and where in it."""
    for key, editor in editors.items():
        sides: list[tuple[str, object]] = [("", editor), ("", getattr(editor, "input", None))]
        if isinstance(editor, MultilingualEditor):
            sides += [(f".{lang}", side) for lang, side in editor.sides.items()]
        for suffix, side in sides:
            if isinstance(side, QWidget) and side.hasFocus():
                cursor = (
                    side.cursorPosition()
                    if isinstance(side, QLineEdit)
                    else side.textCursor().position()
                    if isinstance(side, QPlainTextEdit)
                    else -1
                )
                return key + suffix, cursor
    return None, -1


def refocus(editors: Mapping[str, QWidget], key: str, cursor: int) -> None:
    """Put the cursor back in the field ``key`` at ``cursor`` (what :func:`focused` said)."""
    widget = target(editors, key)
    if widget is None:
        return
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if cursor >= 0 and isinstance(widget, QLineEdit):
        widget.setCursorPosition(min(cursor, len(widget.text())))
    elif cursor >= 0 and isinstance(widget, QPlainTextEdit):
        text_cursor = widget.textCursor()
        text_cursor.setPosition(min(cursor, len(widget.toPlainText())))
        widget.setTextCursor(text_cursor)
