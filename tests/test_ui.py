"""Takatof Studio driven through its real window on Qt's offscreen platform (pytest-qt)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow, recovery_file
from takatof.ui.preview import Output
from takatof.ui.text_commit import MultilingualEditor
from tests.conftest import make_media

QUOTE = "people[0].quote"


pytestmark = pytest.mark.usefixtures("studio_isolation")


@pytest.fixture
def window(qtbot, project_copy: Path, tmp_path: Path) -> MainWindow:
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Document(load_project(project_copy, project_names())), settings)
    qtbot.addWidget(win)
    win.show()
    return win


def select_quote_card(qtbot, win: MainWindow):
    with qtbot.waitSignal(win.preview.drawn, timeout=30000):
        win.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    return win.preview.image.copy()


def test_edit_arabic_quote_changes_preview_and_undo_restores_it(qtbot, window: MainWindow) -> None:
    before = select_quote_card(qtbot, window)
    editor = window.inspector.editors[QUOTE]
    assert isinstance(editor, MultilingualEditor)
    assert editor.side("ar").layoutDirection() == Qt.LayoutDirection.RightToLeft
    old = window.document.get(QUOTE)["ar"]
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        editor.set_text("ar", "التكاتف يبدأ بخطوة صغيرة.")
    after = window.preview.image.copy()
    assert window.document.get(QUOTE)["ar"] == "التكاتف يبدأ بخطوة صغيرة."
    assert after != before
    assert window.isWindowModified()
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        window.document.undo_stack.undo()
    assert window.document.get(QUOTE)["ar"] == old
    assert window.preview.image == before  # the very same picture again
    assert window.inspector.editors[QUOTE].texts()["ar"] == old
    assert not window.isWindowModified()


def test_save_writes_the_change_and_the_file_still_validates(qtbot, window: MainWindow) -> None:
    window.inspector.show_path("people[1]")
    window.inspector.editors["people[1].quote"].set_text("ar", "كل رحلة تبدأ من حيّ.")
    assert window.save()
    saved = load_project(window.document.path, project_names())
    assert saved.campaign.people[1].quote.get("ar") == "كل رحلة تبدأ من حيّ."
    assert window.document.path.with_name("campaign.json.bak").exists()
    assert not window.isWindowModified()


def test_invalid_value_is_marked_in_place_and_not_applied(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    window.inspector.show_path("brand")
    editor = window.inspector.editors["brand.primary"]
    editor.setText("green")
    editor.editingFinished.emit()
    assert window.document.campaign.brand.primary != "green"
    assert not window.document.dirty
    messages = [
        label.text()
        for label in window.inspector.widget().findChildren(QLabel, "fieldError")
        if not label.isHidden()
    ]
    assert any("'green' is not a colour" in text for text in messages)


def test_add_and_remove_person_are_undoable(qtbot, window: MainWindow) -> None:
    count = len(window.document.campaign.people)
    index = window.document.add_person()
    assert len(window.document.campaign.people) == count + 1
    assert window.document.remove_person(index)
    window.document.undo_stack.undo()
    assert len(window.document.campaign.people) == count + 1
    window.document.undo_stack.undo()
    assert len(window.document.campaign.people) == count
    window.document.move_person(0, 1)
    assert window.document.campaign.people[1].id == "hala"
    window.document.undo_stack.undo()
    assert window.document.campaign.people[0].id == "hala"


def test_video_frame_preview_scrubs(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.preview.drawn, timeout=60000):
        window.tree.select("people[0]", Output("video", "story", "instagram-square"))
    first = window.preview.image.copy()
    assert window.preview.slider.isEnabled() and window.preview.slider.maximum() > 100
    with qtbot.waitSignal(window.preview.drawn, timeout=60000):
        window.preview.slider.setValue(window.preview.slider.maximum() // 2)
    assert window.preview.image != first


def test_a_picture_drawn_for_the_previous_selection_is_not_shown(qtbot, window: MainWindow) -> None:
    """A draw that lands after a new selection (whose own debounced draw has not begun) is
    for what was shown before: it must not be put on screen nor set the video's length."""
    with qtbot.waitSignal(window.preview.drawn, timeout=60000):
        window.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    old_target, card = window.preview.target, window.preview.image
    with qtbot.waitSignal(window.preview.drawn, timeout=60000):
        window.tree.select("people[0]", Output("video", "story", "instagram-square"))
        window.preview._on_done((card, 0.0, old_target))  # the old draw, landing late
    assert window.preview.image != card
    assert window.preview.slider.maximum() > 100


def _short_video_project(window: MainWindow) -> None:
    """Make the example's first person's video a few seconds long, for the queue tests."""
    doc = window.document
    doc.set("video.title_s", 1.0)
    doc.set("video.stat_s", 2.0)
    doc.set("video.closing_s", 1.5)
    doc.set("video.photo_s", 1.5)
    doc.set("video.encoder.preset", "ultrafast")
    doc.set("people[0].voiceover", None)
    doc.set("people[0].story", {"ar": "قصة قصيرة.", "en": "A short story."})


def test_render_queue_renders_a_card_and_a_video(qtbot, window: MainWindow) -> None:
    _short_video_project(window)
    window.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    window.render_selection()
    row = window.queue.rows[-1]
    qtbot.waitUntil(lambda: row.result is not None, timeout=60000)
    window.tree.select("people[0]", Output("video", "story", "instagram-square"))
    window.render_selection()
    row = window.queue.rows[-1]
    qtbot.waitUntil(lambda: row.result is not None, timeout=120000)
    entries, cancelled = row.result
    assert not cancelled
    assert not [e for e in entries if "error" in e]
    assert row.bar.value() == 1000
    out = window.document.path.parent / "out"
    assert (out / "cards/hala/quote-instagram-square.png").exists()
    assert (out / "videos/hala/story-instagram-square.mp4").exists()
    assert not list(out.rglob("*.partial*"))


def test_cancelled_render_leaves_no_partial_file(qtbot, window: MainWindow) -> None:
    window.tree.select("people[0]", Output("video", "story", "instagram-square"))
    window.render_selection()
    row = window.queue.rows[-1]
    qtbot.waitUntil(lambda: row.bar.value() > 0, timeout=60000)
    row.cancel.click()
    qtbot.waitUntil(lambda: row.result is not None, timeout=60000)
    assert row.result[1] is True
    out = window.document.path.parent / "out"
    assert not (out / "videos/hala/story-instagram-square.mp4").exists()
    assert not list(out.rglob("*.partial*"))


def test_broken_project_shows_a_readable_error(qtbot, window: MainWindow, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", "people": [', encoding="utf-8")
    assert window.open_file(broken) is False
    box = window.open_error
    assert box.isVisible()
    assert "invalid JSON at line 1" in box.informativeText()
    box.close()


def test_autosave_and_recovery(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window.document.set("people[0].members", 86000)
    window.autosave()
    assert recovery_file().exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    fresh = MainWindow(Document(load_project(window.document.path, project_names())), window.settings)
    qtbot.addWidget(fresh)
    assert fresh.offer_recovery()
    assert fresh.document.campaign.people[0].members == 86000
    assert fresh.document.dirty


def test_arabic_interface_lays_out_right_to_left(qtbot, window: MainWindow) -> None:
    window.set_language("ar")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.settings.value("language") == "ar"
    menus = [action.text() for action in window.menuBar().actions()]
    assert "&ملف" in menus and "&تصدير" in menus
    assert window.tree.topLevelItem(0).text(0) == "الحملة"
    assert window.queue_dock.windowTitle() == "قائمة التصدير"
    window.set_language("en")
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert "&File" in [action.text() for action in window.menuBar().actions()]


def test_outputs_choose_templates_and_presets(qtbot, window: MainWindow) -> None:
    from PySide6.QtCore import Qt as QtNs

    window.tree.select("outputs")
    editor = window.inspector.widget()
    template, presets, _languages = editor.rows["cards"][0]
    assert template.currentText() == "quote"
    item = next(presets.item(i) for i in range(presets.count()) if presets.item(i).text() == "threads")
    item.setCheckState(QtNs.CheckState.Checked)
    assert "threads" in window.document.campaign.outputs.cards[0].presets
    window.document.undo_stack.undo()
    assert "threads" not in window.document.campaign.outputs.cards[0].presets


def test_ticking_a_preset_keeps_the_written_order_of_the_others(qtbot, window: MainWindow) -> None:
    """Unticking one card preset rewrote every output's presets in the catalogue's order (the
    story's instagram-story moved behind instagram-portrait): an edit changes what it touches."""
    from PySide6.QtCore import Qt as QtNs

    before = window.document.campaign.outputs.model_dump()
    window.tree.select("outputs")
    editor = window.inspector.widget()
    _template, presets, _languages = editor.rows["cards"][0]
    first = presets.item(0)
    assert first.checkState() == QtNs.CheckState.Checked
    first.setCheckState(QtNs.CheckState.Unchecked)
    after = window.document.campaign.outputs.model_dump()
    assert after["videos"] == before["videos"]
    assert after["cards"][0]["presets"] == before["cards"][0]["presets"][1:]
    assert after["cards"][1:] == before["cards"][1:]
