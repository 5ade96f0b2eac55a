"""The inspector's field editors by type, beside the text ones of :mod:`takatof.ui.text_commit`:
a number bounded as the model bounds it, a colour typed or picked, a list of short texts, and
the row that puts a field's problems under its editor.

Each is a plain Qt widget that shows a value and reports what was typed; committing it to the
document is the inspector's job (:mod:`takatof.ui.inspector`), so the same widgets serve any form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..edit.form import parse_number, show_number

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def error_label(name: str) -> QLabel:
    """The red line under a field that says what is wrong with it, hidden while nothing is."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet("color: #B3261E;")
    label.setWordWrap(True)
    label.hide()
    return label


def show_messages(label: QLabel, messages: list[str]) -> None:
    """Show ``messages`` in an :func:`error_label`, one a line; hide it when there are none."""
    label.setText("\n".join(messages))
    label.setVisible(bool(messages))


class FieldRow(QWidget):
    """One row: an editor plus the message line under it."""

    def __init__(self, editor: QWidget) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor)
        self.message = error_label("fieldError")
        layout.addWidget(self.message)

    def show_problems(self, messages: list[str]) -> None:
        show_messages(self.message, messages)


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
        super().__init__("" if value is None else show_number(value))
        self.integer, self.optional, self.low, self.high = integer, optional, low, high
        self.setObjectName("number")
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        ends = ["" if end is None else show_number(end) for end in (low, high)]
        bounds = f"{ends[0]} – {ends[1]}"
        self.setPlaceholderText(self.tr("empty: default") if optional else bounds.strip(" –"))
        self.setToolTip(bounds if low is not None or high is not None else "")

    def parse(self) -> tuple[bool, int | float | None, str]:
        """(ok, value, message): the value typed, or why it is not one."""
        try:
            value = parse_number(self.text(), self.integer)
        except ValueError:
            if self.integer:
                message = self.tr("{text} is not a whole number; type digits only")
            else:
                message = self.tr("{text} is not a number; write it like 4.5")
            return False, None, message.format(text=repr(self.text().strip()))
        if value is None and not self.optional:
            return False, None, self.tr("a number is needed here")
        return True, value, ""

    def show_value(self, value: int | float | None) -> None:
        self.setText("" if value is None else show_number(value))

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
                self.setText(show_number(value))
                self.textEdited.emit(self.text())
            return
        super().keyPressEvent(event)


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


class PointField(QWidget):
    """A point of a picture, [x, y] as fractions of its width and height (a photo's focus):
    shown, not typed — it is set by clicking the preview, where a marker shows it — with a
    Clear button that takes it away (the template's own choice again)."""

    def __init__(self, value: Any, clear: Callable[[], object]) -> None:
        super().__init__()
        self.setObjectName("point")
        self.text = QLabel()
        self.text.setToolTip(
            self.tr("Click the preview where the move should go; Clear puts it back in the middle")
        )
        self.clear = QPushButton(self.tr("Clear"))
        self.clear.setObjectName("clearPoint")
        self.clear.clicked.connect(lambda: clear())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.clear)
        # Holds the cursor when Clear greys out after clearing: Qt would pass it on to the next
        # field (the next photo's path, all selected, for the next key to replace).
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.show_value(value)

    def show_value(self, value: Any) -> None:
        """Show ``value`` ([x, y], or None when the point is not set)."""
        point = value if isinstance(value, list | tuple) and len(value) == 2 else None
        if point is None:
            self.text.setText(self.tr("not set: the middle"))
        else:
            x, y = (f"{float(v):.2f}" for v in point)
            self.text.setText(self.tr("x {x} · y {y}").format(x=x, y=y))
        if point is None and self.clear.hasFocus():
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.clear.setEnabled(point is not None)
