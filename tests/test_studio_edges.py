"""The Studio's rough edges, each as a user meets it (pytest-qt, offscreen): the scrubber,
Play/Pause, the safe-zone overlay, the tree, the render queue and the Arabic interface."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.preview import Output, Target
from takatof.ui.tree import Node
from tests.conftest import make_media

pytestmark = pytest.mark.usefixtures("studio_isolation")


@pytest.fixture
def window(qtbot, project_copy: Path, tmp_path: Path) -> MainWindow:
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Document(load_project(project_copy, project_names())), settings)
    qtbot.addWidget(win)
    win.resize(1600, 1000)  # as on a desktop (the offscreen screen is small)
    win.show()
    qtbot.waitExposed(win)
    return win


def show_video(qtbot, win: MainWindow) -> None:
    """Select the story video and wait for its frame. The first ``drawn`` after the selection
    may be the picture drawn for the window's first selection (a card, no duration), which
    finishes before the video's: wait for the video's length on the slider too."""
    with qtbot.waitSignal(win.preview.drawn, timeout=60000):
        win.tree.select("people[0]", Output("video", "story", "instagram-square"))
    qtbot.waitUntil(lambda: win.preview.slider.maximum() > 100, timeout=60000)


def test_clicking_the_slider_seeks_to_the_click(qtbot, window: MainWindow) -> None:
    show_video(qtbot, window)
    slider = window.preview.slider
    assert slider.maximum() > 100
    QTest.mouseClick(
        slider, Qt.MouseButton.LeftButton, pos=QPoint(round(slider.width() * 0.75), slider.height() // 2)
    )
    assert abs(slider.value() / slider.maximum() - 0.75) < 0.06, (slider.value(), slider.maximum())


def test_play_shows_pause_while_playing(qtbot, window: MainWindow) -> None:
    show_video(qtbot, window)
    play = window.preview.play
    assert play.text() == "Play"
    play.click()
    assert play.text() == "Pause" and play.isChecked()
    play.click()
    assert play.text() == "Play"


def test_safe_zone_overlay_tints_only_outside_the_safe_zone(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        window.tree.select("people[0]", Output("card", "quote", "instagram-story"))
    preview = window.preview
    plain = preview.picture.pixmap().toImage()
    preview.safe_zones.setChecked(True)
    tinted = preview.picture.pixmap().toImage()
    w, h = plain.width(), plain.height()
    centre = (w // 2, h // 2)  # inside the safe zone: untouched
    top = (w // 2, 3)  # the top of a story is under the platform's interface: tinted
    assert plain.pixelColor(*centre) == tinted.pixelColor(*centre)
    assert plain.pixelColor(*top) != tinted.pixelColor(*top)
    assert isinstance(tinted, QImage)


def test_clicking_a_person_previews_that_person(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        window.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        window.tree.select("people[1]")
    target = window.preview.target
    person = window.document.campaign.people[1].id
    assert target == Target("card", "quote", "instagram-square", person, ("ar", "en"), False)


def test_tree_keeps_expansion_and_selection_after_add_and_undo(qtbot, window: MainWindow) -> None:
    tree = window.tree
    item = tree.item(Node("people[2]"))
    item.setExpanded(True)
    tree.select("people[2]", Output("card", "stat", "instagram-square"))
    window.document.add_person()
    window.document.undo_stack.undo()
    item = tree.item(Node("people[2]"))
    assert item.isExpanded()
    assert tree.current() == Node("people[2]", Output("card", "stat", "instagram-square"))


def test_render_queue_is_visible_with_a_usable_size(qtbot, window: MainWindow) -> None:
    assert window.queue_dock.isVisible()
    assert window.queue_dock.height() >= 110
    assert window.queue.empty.isVisible()


def test_output_folder_is_remembered_per_project(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    chosen = tmp_path / "renders"
    chosen.mkdir()
    monkeypatch.setattr(
        "takatof.ui.main_window.QFileDialog.getExistingDirectory", lambda *a, **k: str(chosen)
    )
    assert window.out_dir() == window.document.path.resolve().parent / "out"
    window.choose_out_dir()
    assert window.out_dir() == chosen.resolve()
    settings = QSettings(window.settings.fileName(), QSettings.Format.IniFormat)
    again = MainWindow(Document(load_project(window.document.path, project_names())), settings)
    qtbot.addWidget(again)
    assert again.out_dir() == chosen.resolve()


def test_show_in_folder_shows_the_absolute_path_when_it_cannot_open(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    monkeypatch.setattr("takatof.ui.render_queue.QDesktopServices.openUrl", lambda url: False)
    window.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    window.render_selection()
    row = window.queue.rows[-1]
    qtbot.waitUntil(lambda: row.result is not None, timeout=60000)
    row.open.click()
    assert row.folder_box.informativeText() == str(window.out_dir().absolute())


def test_arabic_interface_translates_qt_standard_buttons(qtbot, window: MainWindow) -> None:
    window.set_language("ar")
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        texts = {b.text().replace("&", "") for b in box.buttons()}
        assert "Save" not in texts and "Cancel" not in texts, texts
        assert window.preview.play.text() == "تشغيل"
    finally:
        window.set_language("en")


def test_switching_language_leaves_no_dangling_widgets(qtbot, window: MainWindow) -> None:
    """Old panels are deleted when the language changes; a later edit must not reach them
    (it used to raise RuntimeError: QTimer already deleted)."""
    window.set_language("ar")
    window.set_language("en")
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        window.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        window.document.set("people[0].quote.en", "A new quote.")


def test_switching_language_retranslates_the_same_panels_in_place(qtbot, window: MainWindow) -> None:
    """No panel is rebuilt for a language: the picture on screen, the selection and the
    sizes the person gave the panels all stay."""
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        window.tree.select("people[1]", Output("card", "quote", "instagram-square"))
    panels = (window.tree, window.inspector, window.preview, window.timeline, window.editor)
    image = window.preview.image
    splitter = window.editor.widget(0)
    splitter.setSizes([300, 500, 800])
    sizes = splitter.sizes()
    window.set_language("ar")
    try:
        assert (window.tree, window.inspector, window.preview, window.timeline, window.editor) == panels
        assert window.preview.image is image  # not drawn again
        assert window.preview.safe_zones.text() == "المناطق الآمنة"
        assert window.tree.current() == Node("people[1]", Output("card", "quote", "instagram-square"))
        assert window.tree.topLevelItem(0).text(0) == "الحملة"
        assert window.timeline.motion.itemText(0) == "تلقائي"
        assert splitter.sizes() == sizes
    finally:
        window.set_language("en")
    assert window.preview.safe_zones.text() == "Safe zones"


def test_opening_another_project_reuses_the_panels_and_drops_the_old_cache(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        window.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    panels = (window.tree, window.inspector, window.preview, window.timeline)
    old = window.document
    cache = old.preview_cache
    other = tmp_path / "other" / "campaign.json"
    other.parent.mkdir()
    old.save(other)  # the same campaign, in another folder
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        assert window.open_file(other)
    assert window.document is not old and window.document.path == other.absolute()
    assert (window.tree, window.inspector, window.preview, window.timeline) == panels
    assert not cache.exists()  # one cache per document, gone with it
    assert window.document.preview_cache != cache
    assert window.tree.current() == Node("people[0]", Output("card", "quote", "instagram-square"))
    old.set("people[0].members", 1)  # the closed document reaches no panel
    assert window.document.campaign.people[0].members != 1


def test_a_string_without_arabic_stays_english_not_blank(qtbot) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from takatof.ui.i18n import ArabicTranslator

    translator = ArabicTranslator()
    QApplication.instance().installTranslator(translator)
    try:
        assert QCoreApplication.translate("Any", "A string nobody translated") == "A string nobody translated"
        assert QCoreApplication.translate("Any", "Render queue") == "قائمة التصدير"
    finally:
        QApplication.instance().removeTranslator(translator)


def test_every_panel_string_has_arabic(qtbot, window: MainWindow) -> None:
    """The timeline's track names and the docks read in Arabic after switching language."""
    window.set_language("ar")
    try:
        labels = window.timeline.view.labels
        assert labels["video"] == "الفيديو" and labels["title"] == "العنوان"
        assert window.problems_dock.windowTitle().startswith("المشكلات")
        assert window.media_bin_dock.windowTitle() == "الوسائط"
        assert window.queue.empty.text().startswith("لا يجري")
    finally:
        window.set_language("en")


def test_a_failed_draw_greys_the_picture_it_could_not_replace(qtbot, window: MainWindow) -> None:
    """A photo path that names nothing: the preview says why and greys the picture still on
    screen (it shows the campaign before the edit); a good path brings the colours back."""
    with qtbot.waitSignal(window.preview.drawn, timeout=30000):
        window.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    preview = window.preview
    assert not preview.stale
    before = preview.picture.pixmap().toImage()
    centre = before.pixelColor(before.width() // 2, before.height() // 3)
    good = window.document.campaign.people[0].media[0].path
    window.document.set("people[0].media[0]", "media/not-there.jpg")
    qtbot.waitUntil(lambda: preview.stale, timeout=30000)
    assert "not-there.jpg" in preview.status.text()
    greyed = preview.picture.pixmap().toImage().pixelColor(before.width() // 2, before.height() // 3)
    spread = lambda c: max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue())  # noqa: E731
    assert spread(centre) >= 8 and spread(greyed) < spread(centre) / 2  # washed towards grey
    with qtbot.waitSignal(preview.drawn, timeout=30000):
        window.document.set("people[0].media[0]", good)
    assert not preview.stale
