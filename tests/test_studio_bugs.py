"""The Studio bugs found by trying it as a user (issue 20, part 4), each pinned by a test that
failed before its fix (pytest-qt, offscreen).

a. renaming a person's id while the tree is not on that person left a raw ``KeyError`` text
   (``'marouan'``) in the preview and the timeline;
b. the tree label follows an edited name (did not reproduce on this code: pinned);
c. the focus point set by clicking the preview is shown (a marker on the preview, a field in
   the photo's form that shows it and clears it in one undoable edit);
d. the title loses its "*" when undo reaches the saved state (did not reproduce: pinned);
e. "Show in folder" says where the files are when the file manager cannot open the folder;
f. motion names and preset names are shown in Arabic in the Arabic interface (the values
   written to the file stay the same).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.video.focus import frame_point, photo_point
from takatof.render.video.render import VideoJob, plan
from takatof.templates.timeline import Photo
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.preview import Output
from takatof.ui.render_queue import QueuedRender, RenderQueue
from takatof.ui.tree import Node

pytestmark = pytest.mark.usefixtures("studio_isolation")

STORY = Output("video", "story", "instagram-story")


def _window(qtbot, tmp_path: Path, project: Path) -> tuple[Document, MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    document = Document(load_project(project, project_names()))
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    return document, window


def _settle(qtbot, window: MainWindow) -> None:
    """Let the debounced plan and picture start, then wait for them."""
    qtbot.wait(150)
    window.timeline.wait_idle()
    window.preview.wait_idle()
    qtbot.wait(50)


def _type(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def _first_photo(qtbot, window: MainWindow) -> str:
    qtbot.waitUntil(lambda: window.timeline.summary is not None, timeout=60000)
    return next(r.where for r in window.timeline.summary.segments if r.kind == "photo" and r.where)


# -- a. a renamed id never shows as a raw KeyError -------------------------------------------


def test_renaming_the_previewed_person_from_the_timeline_leaves_no_key_error(
    qtbot, tmp_path: Path, project_copy: Path
) -> None:
    """The person's form reached from a photo on the timeline (the tree on "Campaign"): the
    rename used to leave the preview and the timeline drawing the old id (``'marouan'``)."""
    document, window = _window(qtbot, tmp_path, project_copy)
    window.tree.select("people[1]", STORY)
    photo = _first_photo(qtbot, window)
    window.tree.select("")  # the campaign's form; the story stays on screen
    window.timeline.select(photo)
    _type(qtbot, window.inspector.editors["people[1].id"], "amina")
    qtbot.waitUntil(lambda: document.get("people[1].id") == "amina", timeout=5000)
    _settle(qtbot, window)
    assert window.preview.target is not None and window.preview.target.subject == "amina"
    assert "amina" in window.timeline.title.text()
    texts = [label.text() for label in window.findChildren(QLabel)]
    assert not [t for t in texts if "marouan" in t], texts
    assert window.preview.stale is False
    assert window.timeline.status.text() == ""
    assert window.timeline.selected == photo  # the same story, its photo still selected

    document.undo_stack.undo()
    _settle(qtbot, window)
    assert window.preview.target.subject == "marouan"
    assert "marouan" in window.timeline.title.text()
    assert not [t for t in (lab.text() for lab in window.findChildren(QLabel)) if "'amina'" in t]


# -- b. the tree label follows an edited name ---------------------------------------------------


def test_the_tree_label_follows_an_edited_name_and_its_undo(
    qtbot, tmp_path: Path, project_copy: Path
) -> None:
    document, window = _window(qtbot, tmp_path, project_copy)
    window.tree.select("people[1]", STORY)  # an output under the person is selected
    window.inspector.show_path("people[1]")
    side = window.inspector.editors["people[1].name"].sides["en"]
    _type(qtbot, side, "Marwan Z.")
    qtbot.waitUntil(lambda: document.get("people[1].name")["en"] == "Marwan Z.", timeout=5000)
    person = window.tree.item(Node("people[1]"))
    assert person is not None and "Marwan Z." in person.text(0)
    window.tree.select("spotlights[0]")
    spot = window.inspector.editors["spotlights[0].name"].sides["en"]
    _type(qtbot, spot, "The Workshop")
    qtbot.waitUntil(lambda: document.get("spotlights[0].name")["en"] == "The Workshop", timeout=5000)
    assert "The Workshop" in window.tree.item(Node("spotlights[0]")).text(0)
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert "Marwan Z." not in window.tree.item(Node("people[1]")).text(0)
    assert "The Workshop" not in window.tree.item(Node("spotlights[0]")).text(0)
    _settle(qtbot, window)


# -- c. the focus point is shown and can be cleared -------------------------------------------


def test_frame_point_is_the_inverse_of_photo_point(project_copy: Path) -> None:
    project = load_project(project_copy, project_names())
    timeline = plan(project, VideoJob("story", "instagram-story", "hala"))
    photos = [s for s in timeline.segments if isinstance(s, Photo)]
    assert photos
    for photo in photos[:3]:
        for offset in (0.0, photo.duration / 2, photo.duration * 0.9):
            for fx, fy in ((0.5, 0.5), (0.2, 0.7), (0.9, 0.1)):
                px, py = photo_point(photo, offset, fx, fy, timeline.width, timeline.height)
                x, y = frame_point(photo, offset, px, py, timeline.width, timeline.height)
                assert (x, y) == pytest.approx((fx, fy), abs=0.01)


def _photo_under(window: MainWindow, where: str, point: tuple[float, float]) -> tuple[float, float]:
    """The point of the photo at ``where`` under ``point`` of the frame shown (as a click)."""
    target = window.preview.target
    job = VideoJob(target.template, target.preset, target.subject, target.languages, target.named)
    timeline = plan(window.document.project(), job)
    row = next(r for r in window.timeline.summary.segments if r.where == where)
    photo = next(s for s in timeline.segments if isinstance(s, Photo) and s.source == where)
    offset = window.preview.time - row.start_s
    return photo_point(photo, offset, point[0], point[1], timeline.width, timeline.height)


def _marker_pixel(window: MainWindow) -> QColor:
    picture = window.preview.picture
    frame, (x, y) = picture.frame, window.preview.marker
    pixmap = picture.pixmap()
    return pixmap.toImage().pixelColor(round(x * frame.width()), round(y * frame.height()))


def test_a_click_on_the_preview_shows_a_focus_marker_and_the_field_clears_it(
    qtbot, tmp_path: Path, project_copy: Path
) -> None:
    document, window = _window(qtbot, tmp_path, project_copy)
    window.resize(1400, 1000)
    window.tree.select("people[0]", STORY)
    photo = _first_photo(qtbot, window)
    _settle(qtbot, window)  # the video's length is known: the playhead can go to the photo
    window.timeline.select(photo)
    _settle(qtbot, window)
    row = next(r for r in window.timeline.summary.segments if r.where == photo)
    assert row.start_s <= window.preview.time <= row.start_s + row.duration_s
    assert window.preview.marker is None  # no focus set yet
    field = window.inspector.editors[f"{photo}.focus"]
    assert field.clear.isEnabled() is False

    frame = window.preview.picture.frame
    click = QPoint(frame.x() + round(frame.width() * 0.3), frame.y() + round(frame.height() * 0.6))
    qtbot.mouseClick(window.preview.picture, Qt.MouseButton.LeftButton, pos=click)
    qtbot.waitUntil(lambda: isinstance(document.get(photo), dict) and "focus" in document.get(photo))
    _settle(qtbot, window)
    focus = document.get(photo)["focus"]
    assert window.preview.marker is not None
    # The move now centres on the focus, so the point has moved in the frame: the marker is
    # where the renderer's view puts that point of the photo in the frame shown now.
    assert _photo_under(window, photo, window.preview.marker) == pytest.approx(focus, abs=0.01)
    # The marker is drawn on the picture: its centre is the marker's colour, not the photo's.
    assert _marker_pixel(window).name() == QColor("#ffcc00").name()

    field = window.inspector.editors[f"{photo}.focus"]
    x, y = document.get(photo)["focus"]
    assert field.clear.isEnabled()
    assert f"{x:.2f}" in field.text.text() and f"{y:.2f}" in field.text.text()
    before = document.undo_stack.count()
    window.activateWindow()
    field.clear.setFocus()
    qtbot.waitUntil(field.clear.hasFocus, timeout=5000)
    qtbot.mouseClick(field.clear, Qt.MouseButton.LeftButton)
    assert document.undo_stack.count() == before + 1  # one undoable edit
    # The cursor stays on the field; it does not jump into the next photo's path, all selected.
    assert not isinstance(QApplication.focusWidget(), QLineEdit), QApplication.focusWidget()
    assert "focus" not in document.data()["people"][0]["media"][int(photo[-2])]
    _settle(qtbot, window)
    assert window.preview.marker is None
    document.undo_stack.undo()
    assert document.get(photo)["focus"] == [x, y]
    _settle(qtbot, window)
    assert window.preview.marker is not None
    assert _photo_under(window, photo, window.preview.marker) == pytest.approx(focus, abs=0.01)


# -- d. the title's "*" follows the undo stack's clean state -----------------------------------


def test_the_title_loses_its_star_when_undo_reaches_the_saved_state(
    qtbot, tmp_path: Path, project_copy: Path
) -> None:
    document, window = _window(qtbot, tmp_path, project_copy)
    window.tree.select("")
    title = window.inspector.editors["title"].sides["en"]
    _type(qtbot, title, "First")
    qtbot.waitUntil(window.isWindowModified, timeout=5000)
    assert window.save()
    assert not window.isWindowModified()
    _type(qtbot, title, "Second")
    qtbot.keyClicks(window.inspector.editors["tagline"].sides["en"], " more")
    qtbot.waitUntil(lambda: document.undo_stack.count() >= 3, timeout=5000)
    assert window.isWindowModified()
    field = window.inspector.editors["tagline"].sides["en"]
    while document.undo_stack.index() > document.undo_stack.cleanIndex():
        qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.get("title")["en"] == "First"
    assert not window.isWindowModified()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # before the save
    assert window.isWindowModified()
    document.undo_stack.redo()
    assert not window.isWindowModified()
    _settle(qtbot, window)


# -- e. Show in folder says where the files are when it cannot open them ------------------------


def _opener(folder: Path, code: int) -> Path:
    """A stand-in for ``xdg-open`` that exits with ``code`` (3: no program to open it with)."""
    script = folder / "xdg-open"
    script.write_text(f'#!/bin/sh\necho "$@" >> {folder / "opened.txt"}\nexit {code}\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return folder / "opened.txt"


def _finished_row(qtbot, tmp_path: Path, project_copy: Path):
    queue = RenderQueue()
    qtbot.addWidget(queue)
    out = tmp_path / "out"
    out.mkdir()
    queue.add(QueuedRender("nothing", load_project(project_copy, project_names()), out, []))
    row = queue.rows[-1]
    qtbot.waitUntil(lambda: row.result is not None, timeout=30000)
    return row, out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open is the Linux file manager's door")
@pytest.mark.parametrize("code", [3, 4], ids=["no program for folders", "the opener failed"])
def test_show_in_folder_tells_where_the_files_are_when_the_folder_cannot_be_opened(
    qtbot, tmp_path: Path, project_copy: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """On a desktop with no file manager, Qt starts ``xdg-open`` and calls it a success; the
    opener then fails and nothing appeared (Qt's X11 services, reproduced here offscreen)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = _opener(bin_dir, code)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    def qt_x11_open(url) -> bool:  # what QGenericUnixServices does: start it, report started
        import subprocess

        subprocess.Popen([str(bin_dir / "xdg-open"), url.toLocalFile()])
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", qt_x11_open)
    row, out = _finished_row(qtbot, tmp_path, project_copy)
    row.open.click()
    qtbot.waitUntil(lambda: log.exists(), timeout=5000)
    qtbot.waitUntil(lambda: getattr(row, "folder_box", None) is not None, timeout=5000)
    box = row.folder_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert str(out.absolute()) in box.informativeText()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open is the Linux file manager's door")
def test_show_in_folder_says_nothing_more_when_the_file_manager_opens_it(
    qtbot, tmp_path: Path, project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = _opener(bin_dir, 0)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    row, out = _finished_row(qtbot, tmp_path, project_copy)
    row.open.click()
    qtbot.waitUntil(lambda: log.exists(), timeout=5000)
    assert str(out.absolute()) in log.read_text(encoding="utf-8")
    qtbot.wait(300)
    assert getattr(row, "folder_box", None) is None


# -- f. motion and preset names in Arabic; the values written stay -----------------------------


def test_motion_and_preset_names_are_arabic_in_the_arabic_interface(
    qtbot, tmp_path: Path, project_copy: Path
) -> None:
    document, window = _window(qtbot, tmp_path, project_copy)
    window.tree.select("people[0]", STORY)
    photo = _first_photo(qtbot, window)
    window.timeline.select(photo)
    qtbot.wait(50)  # the timeline is shown, laid out in English
    window.set_language("ar")
    motion = window.timeline.motion
    shown = {motion.itemData(i): motion.itemText(i) for i in range(motion.count())}
    for value in ("zoom-in", "pan-left", "still"):
        assert shown[value] != value and not any("a" <= ch <= "z" for ch in shown[value]), shown
    index = motion.findData("pan-left")
    motion.setCurrentIndex(index)
    motion.activated.emit(index)
    assert document.get(photo)["motion"] == "pan-left"  # the file keeps the value

    item = window.tree.currentItem()
    assert item is not None and "instagram" not in item.text(0) and "إنستغرام" in item.text(0)
    presets = window.preview.presets
    labels = {presets.itemData(i): presets.itemText(i) for i in range(presets.count())}
    assert labels["instagram-story"] != "instagram-story" and "إنستغرام" in labels["instagram-story"]
    presets.setCurrentIndex(presets.findData("tiktok"))
    assert window.preview.target is not None and window.preview.target.preset == "tiktok"
    assert "tiktok" not in window.timeline.title.text() and "تيك توك" in window.timeline.title.text()
    assert window.timeline.zoom_fit.text() == "ملاءمة"
    queued: list[QueuedRender] = []
    window.queue.add = queued.append  # type: ignore[method-assign]
    window.render_selection()
    assert "instagram" not in queued[0].title and "قصة إنستغرام" in queued[0].title  # the tree's output
    combo = window.inspector.editors[f"{photo}.motion"]
    assert combo.itemText(combo.findData("pan-left")) == shown["pan-left"]
    window.set_language("en")
    assert motion.itemText(motion.findData("pan-left")) == "pan-left"
    assert window.preview.presets.currentText() == "tiktok"
    _settle(qtbot, window)


def test_a_photos_form_reads_default_for_a_transition_it_leaves_out(
    qtbot, tmp_path: Path, project_copy: Path
) -> None:
    """A photo with no transition of its own shows its kind as "(default)" (the story's
    cross-fade), not the first choice ("cut") it does not have; picking one writes it, and the
    part of the move a split photo plays is the timeline's, with no row of its own."""
    document, window = _window(qtbot, tmp_path, project_copy)
    window.tree.select("people[0]", STORY)
    photo = _first_photo(qtbot, window)
    window.timeline.select(photo)
    _settle(qtbot, window)
    kind = window.inspector.editors[f"{photo}.transition.kind"]
    assert kind.currentData() is None and kind.currentText() == "(default)"
    assert f"{photo}.span" not in window.inspector.editors
    kind.setCurrentIndex(kind.findData("dip-black"))
    qtbot.waitUntil(lambda: isinstance(document.get(photo), dict) and "transition" in document.get(photo))
    assert document.get(photo)["transition"]["kind"] == "dip-black"
    _settle(qtbot, window)
