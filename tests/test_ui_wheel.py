"""The mouse wheel scrolls the Studio's forms and never edits a drop-down or spin box the
pointer passes over (QA: ten notches over the Outputs page turned a ``goal`` card into
``stat``, with undo steps). Wheel events are sent as Qt delivers them, over the real window
on Qt's offscreen platform (pytest-qt)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDoubleSpinBox, QScrollArea, QVBoxLayout, QWidget

from takatof.model import load_for_editing
from takatof.render.batch import project_names
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.wheel import WheelGuard, guard_wheel
from tests.conftest import make_media

pytestmark = pytest.mark.usefixtures("studio_isolation")


def wheel(widget: QWidget, notches: int = 1, down: bool = True) -> None:
    """``notches`` turns of a mouse wheel with the pointer at the middle of ``widget``."""
    centre = QPointF(widget.rect().center())
    for _ in range(notches):
        event = QWheelEvent(
            centre,
            QPointF(widget.mapToGlobal(centre.toPoint())),
            QPoint(0, 0),
            QPoint(0, -120 if down else 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)


@pytest.fixture
def window(qtbot: Any, project_copy: Path, tmp_path: Path) -> MainWindow:
    from PySide6.QtCore import QSettings

    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    project, _problems = load_for_editing(project_copy, project_names())
    win = MainWindow(Document(project), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1400, 700)  # the Outputs page is taller than the inspector: it scrolls
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    return win


def _goal_combo(win: MainWindow) -> QComboBox:
    win.tree.select("outputs")
    editor = win.inspector.widget()
    combos = [template for template, _presets, _langs in editor.rows["cards"]]
    return next(c for c in combos if c.currentText() == "goal")


def test_wheel_over_an_unfocused_outputs_combo_scrolls_the_page_and_edits_nothing(
    qtbot: Any, window: MainWindow
) -> None:
    document = window.document
    combo = _goal_combo(window)
    window.inspector.setFocus()
    assert not combo.hasFocus()
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a click still focuses it
    steps, before = document.undo_stack.count(), json.dumps(document.data()["outputs"])
    bar = window.inspector.verticalScrollBar()
    assert bar.maximum() > 0, "the page should scroll at this window size"
    bar.setValue(0)
    wheel(combo, 10)
    assert combo.currentText() == "goal"
    assert document.undo_stack.count() == steps
    assert json.dumps(document.data()["outputs"]) == before
    assert bar.value() > 0  # the page scrolled instead


def test_a_focused_combo_still_takes_the_wheel(qtbot: Any, window: MainWindow) -> None:
    document = window.document
    combo = _goal_combo(window)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=3000)
    steps = document.undo_stack.count()
    wheel(combo, 1)
    assert combo.currentText() != "goal"
    assert document.undo_stack.count() == steps + 1


def test_every_combo_and_spin_box_anywhere_follows_the_rule(qtbot: Any, window: MainWindow) -> None:
    """Not only the Outputs page: a spin box in any scrolled form, made after the rule."""
    assert guard_wheel() is guard_wheel()  # installed once
    assert len(QApplication.instance().findChildren(WheelGuard)) == 1
    area = QScrollArea()
    qtbot.addWidget(area)
    form = QWidget()
    column = QVBoxLayout(form)
    number = QDoubleSpinBox()
    number.setValue(5)
    column.addWidget(number)
    column.addSpacing(2000)
    area.setWidget(form)
    area.resize(300, 200)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow, timeout=3000)
    area.setFocus()
    wheel(number, 3)
    assert number.value() == 5 and area.verticalScrollBar().value() > 0
    number.setFocus()
    qtbot.waitUntil(number.hasFocus, timeout=3000)
    wheel(number, 1, down=False)
    assert number.value() == 6
