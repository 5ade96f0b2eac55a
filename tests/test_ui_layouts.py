"""The outputs panel's layout gallery, driven through the real window offscreen: every layout
as a live thumbnail drawn off the UI thread, picked by mouse or keyboard as one undoable edit
that the preview follows."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from takatof.model import Project, load_project
from takatof.render.batch import project_names
from takatof.render.cards import Card, CardJob, render_card
from takatof.render.jobs import Job
from takatof.templates.cards.layouts import all_layouts, layout_names
from takatof.ui import layout_gallery
from takatof.ui.document import Document
from takatof.ui.i18n import ARABIC
from takatof.ui.layout_gallery import DEFAULT, LayoutGallery
from takatof.ui.main_window import MainWindow
from takatof.ui.outputs import OutputsEditor
from takatof.ui.pictures import to_qimage
from takatof.ui.preview import Output
from tests.conftest import make_media

pytestmark = pytest.mark.usefixtures("studio_isolation")

WAIT = 60_000


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test draws its own thumbnails (none kept from another test's campaign)."""
    monkeypatch.setattr(layout_gallery, "CACHE", layout_gallery._Cache())


@pytest.fixture
def window(qtbot: QtBot, project_copy: Path, tmp_path: Path) -> MainWindow:
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Document(load_project(project_copy, project_names())), settings)
    qtbot.addWidget(win)
    win.show()
    return win


def editor_of(window: MainWindow) -> OutputsEditor:
    editor = window.inspector.widget()
    assert isinstance(editor, OutputsEditor)
    return editor


def open_gallery(qtbot: QtBot, window: MainWindow, index: int = 0) -> LayoutGallery:
    """The outputs panel, with card output ``index``'s gallery opened by its button, once
    every thumbnail is drawn."""
    window.tree.select("outputs")
    editor = editor_of(window)
    qtbot.mouseClick(editor.layout_buttons[index], Qt.MouseButton.LeftButton)
    gallery = editor.gallery
    assert gallery is not None
    wait_drawn(qtbot, gallery)
    return gallery


def wait_drawn(qtbot: QtBot, gallery: LayoutGallery) -> None:
    qtbot.waitUntil(lambda: all(gallery.image(name) is not None for name in gallery.names()), timeout=WAIT)


def shown_image(window: MainWindow, name: str) -> QImage | None:
    """The thumbnail of ``name`` in the gallery on screen now (the form may have been built
    again since a test last looked: the tree and the inspector both rebuild after an edit)."""
    gallery = editor_of(window).gallery
    return None if gallery is None else gallery.image(name)


def rebuilt(qtbot: QtBot, window: MainWindow, old: LayoutGallery) -> LayoutGallery:
    """The gallery of the outputs form as rebuilt after an outputs edit (still open)."""
    qtbot.waitUntil(lambda: editor_of(window).gallery not in (None, old), timeout=WAIT)
    gallery = editor_of(window).gallery
    assert gallery is not None
    return gallery


def click(qtbot: QtBot, gallery: LayoutGallery, name: str) -> None:
    item = gallery.item(gallery.row_of(name))
    qtbot.mouseClick(gallery.viewport(), Qt.MouseButton.LeftButton, pos=gallery.visualItemRect(item).center())


def layout_written(window: MainWindow, index: int = 0) -> str | None:
    value = window.document.data()["outputs"]["cards"][index].get("layout")
    return None if value is None else str(value)


def test_gallery_lists_every_layout_and_default_as_differing_thumbnails(
    qtbot: QtBot, window: MainWindow
) -> None:
    gallery = open_gallery(qtbot, window)
    assert gallery.names() == [DEFAULT, *layout_names()]
    for layout in all_layouts():
        item = gallery.item(gallery.row_of(layout.name))
        assert layout.title in item.text()
        assert item.toolTip() == layout.description
    images = {name: gallery.image(name) for name in layout_names()}
    assert all(isinstance(image, QImage) and not image.isNull() for image in images.values())
    for a in layout_names():
        for b in layout_names():
            if a < b:
                assert images[a] != images[b], f"the {a} and {b} thumbnails are the same picture"
    # The first card output is a quote card: its template's own layout is "type", and
    # Default says so and shows that thumbnail.
    qtbot.waitUntil(lambda: "Type" in gallery.item(0).text(), timeout=WAIT)
    assert gallery.image(DEFAULT) == images["type"]
    assert gallery.item(0).text().startswith("✓")  # nothing chosen yet: Default is the one


def test_thumbnails_are_the_cards_as_rendered_small(qtbot: QtBot, window: MainWindow) -> None:
    gallery = open_gallery(qtbot, window)
    project = window.document.project()
    output = window.document.campaign.outputs.cards[0]
    person = window.document.campaign.people[0].id
    langs = window.document.campaign.output_languages(output.languages)
    card = render_card(project, CardJob(output.template, output.presets[0], person, langs, layout="split"))
    card.image.thumbnail((layout_gallery.THUMB, layout_gallery.THUMB))
    expected = to_qimage(card.image).convertToFormat(QImage.Format.Format_RGB32)
    shown = gallery.image("split")
    assert shown is not None
    assert shown.convertToFormat(QImage.Format.Format_RGB32) == expected


def test_picking_a_layout_is_one_undoable_edit_the_preview_follows(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.preview.drawn, timeout=WAIT):
        window.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    before = window.preview.image.copy()
    gallery = open_gallery(qtbot, window)
    with qtbot.waitSignal(window.preview.drawn, timeout=WAIT):
        click(qtbot, gallery, "split")
    assert layout_written(window) == "split"
    target = window.preview.target
    assert target is not None and target.layout == "split"
    project = window.document.project()
    split = render_card(
        project, CardJob("quote", "instagram-square", target.subject, target.languages, layout="split")
    )
    assert window.preview.image == to_qimage(split.image)
    assert window.preview.image != before
    # The form was built again; the gallery stays open and marks the new choice.
    gallery = rebuilt(qtbot, window, gallery)
    assert gallery.item(gallery.row_of("split")).text().startswith("✓")
    assert not gallery.item(gallery.row_of(DEFAULT)).text().startswith("✓")
    assert "Split" in editor_of(window).layout_buttons[0].text()

    with qtbot.waitSignal(window.preview.drawn, timeout=WAIT):
        window.document.undo_stack.undo()
    assert layout_written(window) is None
    assert window.preview.image == before
    with qtbot.waitSignal(window.preview.drawn, timeout=WAIT):
        window.document.undo_stack.redo()
    assert layout_written(window) == "split"
    assert window.preview.image == to_qimage(split.image)

    # Default clears the choice (the key is gone from the file, not written as null).
    gallery = editor_of(window).gallery
    assert gallery is not None
    click(qtbot, gallery, DEFAULT)
    assert "layout" not in window.document.data()["outputs"]["cards"][0]


def test_the_keyboard_moves_between_layouts_and_enter_picks(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    gallery = open_gallery(qtbot, window)
    gallery.setFocus()
    assert gallery.currentRow() == 0  # Default, the choice now
    qtbot.keyClick(gallery, Qt.Key.Key_Right)
    qtbot.keyClick(gallery, Qt.Key.Key_Right)
    assert layout_written(window) is None  # moving is not choosing
    assert gallery.currentRow() == 2
    qtbot.keyClick(gallery, Qt.Key.Key_Return)
    assert layout_written(window) == gallery.names()[2] == layout_names()[1]
    # The form is built again; the focus goes on in the new gallery, at the chosen layout.
    new = rebuilt(qtbot, window, gallery)

    def focused() -> bool:
        shown = editor_of(window).gallery
        return shown is not None and shown.hasFocus()

    qtbot.waitUntil(focused, timeout=WAIT)
    new = editor_of(window).gallery
    assert new is not None and new.currentRow() == 2
    qtbot.keyClick(new, Qt.Key.Key_Right)
    qtbot.keyClick(new, Qt.Key.Key_Enter)
    assert layout_written(window) == layout_names()[2]


def test_other_edits_keep_the_choice_and_redraw_the_thumbnails(qtbot: QtBot, window: MainWindow) -> None:
    gallery = open_gallery(qtbot, window)
    click(qtbot, gallery, "photo")
    rebuilt(qtbot, window, gallery)
    qtbot.waitUntil(lambda: shown_image(window, "photo") is not None, timeout=WAIT)
    before = shown_image(window, "photo")
    # Ticking a preset rewrites the outputs: the layout stays as it was chosen.
    editor = editor_of(window)
    _template, presets, _languages = editor.rows["cards"][0]
    item = next(presets.item(i) for i in range(presets.count()) if presets.item(i).text() == "threads")
    item.setCheckState(Qt.CheckState.Checked)
    assert layout_written(window) == "photo"
    # A new quote: the thumbnails show it after the quiet spell.
    window.document.set("people[0].quote.en", "Small steps together make a long road short.")
    qtbot.waitUntil(lambda: shown_image(window, "photo") not in (None, before), timeout=WAIT)


def test_thumbnails_are_drawn_off_the_ui_thread(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = layout_gallery.render_card

    def spy(project: Project, job: Job) -> Card:
        threads.append(threading.current_thread())
        return real(project, job)

    monkeypatch.setattr(layout_gallery, "render_card", spy)
    open_gallery(qtbot, window)
    assert len(threads) >= len(layout_names())
    assert threading.main_thread() not in threads


def test_a_superseded_refresh_shows_nothing(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit while thumbnails are drawn: the older campaign's thumbnails still waiting are
    not drawn, and the gallery ends up showing the campaign as it is now."""
    gate = threading.Event()
    real = layout_gallery.render_card
    quotes: list[str] = []

    def slow(project: Project, job: Job) -> Card:
        gate.wait(10)
        quotes.append(project.campaign.people[0].quote.get("en") or "")
        return real(project, job)

    monkeypatch.setattr(layout_gallery, "render_card", slow)
    old = window.document.campaign.people[0].quote.get("en")
    window.tree.select("outputs")
    editor_of(window).layout_buttons[0].click()  # its first thumbnail waits at the gate
    qtbot.wait(100)
    new = "Small steps together make a long road short."
    window.document.set("people[0].quote.en", new)
    shown = editor_of(window).gallery
    assert shown is not None
    shown.refresh()  # what the edit would start after its quiet spell
    gate.set()
    qtbot.waitUntil(lambda: quotes.count(new) >= len(layout_names()), timeout=WAIT)
    gallery = editor_of(window).gallery
    assert gallery is not None
    gallery.wait_idle()
    wait_drawn(qtbot, gallery)
    assert quotes.count(old) <= 1  # the one already drawing when the edit came; the rest skipped
    project = window.document.project()
    output = window.document.campaign.outputs.cards[0]
    person = window.document.campaign.people[0].id
    langs = window.document.campaign.output_languages(output.languages)
    for name in layout_names():
        card = real(project, CardJob(output.template, output.presets[0], person, langs, layout=name))
        card.image.thumbnail((layout_gallery.THUMB, layout_gallery.THUMB))
        expected = to_qimage(card.image).convertToFormat(QImage.Format.Format_RGB32)
        image = gallery.image(name)
        assert image is not None and image.convertToFormat(QImage.Format.Format_RGB32) == expected, name


def test_every_layout_has_arabic_labels() -> None:
    for layout in all_layouts():
        assert layout.title in ARABIC and layout.description in ARABIC


def test_the_gallery_speaks_arabic_in_the_arabic_interface(qtbot, window: MainWindow) -> None:
    window.set_language("ar")
    try:
        gallery = open_gallery(qtbot, window)
        titles = [gallery.item(row).text() for row in range(gallery.count())]
        assert any(ARABIC["Default"] in title for title in titles)
        for layout in all_layouts():
            item = gallery.item(gallery.row_of(layout.name))
            assert ARABIC[layout.title] in item.text()
            assert item.toolTip() == ARABIC[layout.description]
        assert ARABIC["Default"] in editor_of(window).layout_buttons[0].text()
    finally:
        window.set_language("en")
