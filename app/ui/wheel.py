"""The mouse wheel scrolls the form under it; it never edits a drop-down or a number in passing.

A QComboBox or spin box reacts to the wheel whenever the pointer is over it, focused or not:
scrolling a long form (the Outputs page, the inspector) silently changed every list the pointer
passed over, one undo step each. One rule, installed once on the application, covers every
such widget the Studio makes now or later: a combo box or spin box without keyboard focus
leaves the wheel to the scroll area around it, and takes focus on a click or Tab only
(``Qt.StrongFocus``, not ``WheelFocus``, which would hand it focus, and so the wheel, on the
first notch). A focused one still reacts, as a person who clicked it expects.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget

GUARDED: tuple[type[QWidget], ...] = (QComboBox, QAbstractSpinBox)
"""The widgets whose value a wheel turn changes: they wait for focus before taking it."""


def enclosing_scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area ``widget`` sits in (its viewport's content), if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def pass_on(widget: QWidget, event: QWheelEvent) -> bool:
    """Give ``event`` to the scroll area around ``widget`` (at the same place on screen);
    True when that area took it. A wheel event Qt synthesised or a test sent is not passed
    to the parent by Qt itself, so it is handed on here, the same way for both."""
    area = enclosing_scroll_area(widget)
    if area is None:
        return False
    viewport = area.viewport()
    position = QPointF(viewport.mapFromGlobal(event.globalPosition().toPoint()))
    moved = QWheelEvent(
        position,
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )
    QApplication.sendEvent(viewport, moved)
    return moved.isAccepted()


class WheelGuard(QObject):
    """The application's event filter for the rule above (see :func:`guard_wheel`)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if isinstance(watched, GUARDED) and not watched.hasFocus():
                wheel = event if isinstance(event, QWheelEvent) else None
                if wheel is not None and pass_on(watched, wheel):
                    wheel.accept()
                else:
                    event.ignore()  # Qt offers a real wheel turn to the parents next
                return True
        elif kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            steady(watched)
        return False


def steady(widget: QWidget) -> None:
    """A click or Tab focuses ``widget``; the wheel alone does not."""
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def guard_wheel(app: QApplication | None = None) -> WheelGuard | None:
    """Install the rule on the application, once (again is a no-op); widgets made before it
    are steadied too. None when there is no application yet."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return None
    existing = app.findChild(WheelGuard, "wheelGuard")
    if existing is not None:
        return existing
    guard = WheelGuard(app)
    guard.setObjectName("wheelGuard")
    app.installEventFilter(guard)
    for widget in QApplication.allWidgets():
        if isinstance(widget, GUARDED):
            steady(widget)
    return guard
