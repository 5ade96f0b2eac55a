"""The timeline's clip-editor gestures through the real Studio window (pytest-qt, offscreen):
split, delete, duplicate, the transition after a block, a clip's volume and fades, a caption
edited and retimed — each by the menu's actions or the keys, each checked in the plan summary
the render uses (``takatof plan``), and each undone and redone as one step."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.video.plan import plan_summary
from takatof.render.video.render import VideoJob
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.preview import Output
from takatof.ui.timeline import TimelinePanel
from takatof.ui.timeline_menus import CueDialog

pytestmark = pytest.mark.usefixtures("studio_isolation")

HALA, IBRAHIM = 0, 3  # the example's person with captions and a voice-over; the one with a clip
CLIP = "people[3].clips[0]"
PRESET = "instagram-story"


@pytest.fixture
def window(qtbot, tmp_path: Path, project_copy: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Document(load_project(project_copy, project_names())), settings)
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    return win


def story(qtbot, window: MainWindow, person: int) -> TimelinePanel:
    """The window showing ``person``'s story video, its timeline planned."""
    panel = window.timeline
    window.tree.select(f"people[{person}]", Output("video", "story", PRESET))
    qtbot.waitUntil(lambda: panel.person_index == person and panel.summary is not None, timeout=60_000)
    qtbot.waitUntil(
        lambda: panel.summary.person == window.document.campaign.people[person].id, timeout=60_000
    )
    panel.wait_idle()
    return panel


def replanned(qtbot, panel: TimelinePanel, action: Any) -> Any:
    """Do ``action`` and wait for the plan made after it; the new summary."""
    with qtbot.waitSignal(panel.summary_changed, timeout=60_000):
        action()
    return panel.summary


def undo_redo(qtbot, window: MainWindow, panel: TimelinePanel, before: Any, after: Any) -> None:
    """One undo gives back the plan ``before`` the gesture; one redo the plan ``after`` it."""
    stack = window.document.undo_stack
    assert replanned(qtbot, panel, stack.undo) == before
    assert replanned(qtbot, panel, stack.redo) == after


def key(
    panel: TimelinePanel, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    panel.view.setFocus()
    QTest.keyClick(panel.view, k, modifier)


def action(menu: QMenu, name: str) -> Any:
    found = menu.findChild(type(menu.actions()[0]), name)
    assert found is not None, f"no action {name!r} in {[a.objectName() for a in menu.actions()]}"
    return found


def rows(summary: Any, kind: str) -> list[Any]:
    return [r for r in summary.segments if r.kind == kind]


def plan_now(window: MainWindow, person: int) -> Any:
    """``takatof plan`` of the project as the document has it now (not the panel's copy)."""
    job = VideoJob("story", PRESET, window.document.campaign.people[person].id)
    return plan_summary(window.document.project(), job)


# -- split, delete, duplicate ---------------------------------------------------------------


def test_s_splits_the_selected_photo_at_the_playhead_with_an_invisible_cut(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, HALA)
    before = panel.summary
    photo = rows(before, "photo")[0]
    panel.select(photo.where)
    panel.set_playhead(photo.start_s + 2.0)
    after = replanned(qtbot, panel, lambda: key(panel, Qt.Key.Key_S))
    first, second, third = rows(after, "photo")
    assert (first.where, second.where, third.where) == tuple(f"people[0].media[{k}]" for k in range(3))
    assert first.source == second.source == photo.source
    assert first.start_s == pytest.approx(photo.start_s) and first.duration_s == pytest.approx(2.0)
    assert (first.transition, first.transition_s) == ("cut", 0.0)
    assert second.start_s == pytest.approx(photo.start_s + 2.0)  # the cut is at the playhead
    assert second.duration_s == pytest.approx(photo.duration_s - 2.0)
    assert second.transition == photo.transition == "crossfade"
    assert after.total_s == pytest.approx(before.total_s, abs=0.04)  # nothing else moved
    assert plan_now(window, HALA) == after  # what `takatof plan` prints
    undo_redo(qtbot, window, panel, before, after)


def test_ctrl_b_splits_a_clip_in_its_file_and_its_sound(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, IBRAHIM)
    before = panel.summary
    clip = rows(before, "clip")[0]
    panel.select(CLIP)
    panel.set_playhead(clip.start_s + 1.5)
    after = replanned(qtbot, panel, lambda: key(panel, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier))
    first, second = rows(after, "clip")
    assert (first.clip_in_s, first.clip_out_s) == pytest.approx((clip.clip_in_s, clip.clip_in_s + 1.5))
    assert (second.clip_in_s, second.clip_out_s) == pytest.approx((clip.clip_in_s + 1.5, clip.clip_out_s))
    assert second.start_s == pytest.approx(clip.start_s + 1.5) and first.transition == "cut"
    sounds = [a for a in after.audio if a.kind == "clip"]
    assert [a.where for a in sounds] == [CLIP, "people[3].clips[1]"]
    assert sounds[1].start_s == pytest.approx(clip.start_s + 1.5)
    undo_redo(qtbot, window, panel, before, after)


def test_a_split_too_near_an_end_is_refused_in_the_status_line(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, HALA)
    photo = rows(panel.summary, "photo")[0]
    panel.select(photo.where)
    panel.set_playhead(photo.start_s + 0.5)
    key(panel, Qt.Key.Key_S)
    assert "people[0].media[0]" in panel.status.text() and "1.5 to 20 s" in panel.status.text()
    assert window.document.undo_stack.count() == 0


def test_delete_key_and_the_menus_duplicate(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, HALA)
    before = panel.summary
    first, second = rows(before, "photo")
    panel.select(first.where)
    deleted = replanned(qtbot, panel, lambda: key(panel, Qt.Key.Key_Delete))
    assert [r.source for r in rows(deleted, "photo")] == [second.source]
    assert rows(deleted, "photo")[0].start_s == pytest.approx(first.start_s)  # the gap closed
    assert panel.selected == ""
    undo_redo(qtbot, window, panel, before, deleted)
    replanned(qtbot, panel, window.document.undo_stack.undo)

    menu = panel.editing.block_menu(second.where)
    doubled = replanned(qtbot, panel, action(menu, "duplicate").trigger)
    photos = rows(doubled, "photo")
    assert [r.source for r in photos] == [first.source, second.source, second.source]
    assert photos[2].start_s == pytest.approx(
        photos[1].start_s + photos[1].duration_s - photos[1].transition_s, abs=0.002
    )
    assert panel.selected == "people[0].media[2]"  # the copy
    assert len(doubled.segments) == len(before.segments) + 1
    undo_redo(qtbot, window, panel, before, doubled)
    panel.select("people[0].media[2]")  # the undo took the copy away, and its selection
    again = replanned(qtbot, panel, lambda: key(panel, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    assert len(rows(again, "photo")) == 4


def test_right_click_on_a_block_opens_its_menu(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, IBRAHIM)
    shown: list[QMenu] = []
    panel.editing.show_menu = lambda menu, at: shown.append(menu)  # not a modal loop offscreen
    view = panel.view
    for where in ("people[3].media[0]", CLIP):
        rect = view.block_rect(next(b for b in view.blocks if b.where == where))
        at = rect.center().toPoint()
        QApplication.sendEvent(
            view.viewport(),
            QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, view.viewport().mapToGlobal(at)),
        )
        assert panel.selected == where
    photo, clip = shown
    names = [a.objectName() for a in photo.actions() if a.objectName()]
    assert names == ["split", "duplicate", "delete", "duration"]
    assert {"volume", "fades", "clip-audio"} <= {a.objectName() for a in clip.actions()}
    kinds = [a.objectName() for a in photo.findChild(QMenu, "transitionMenu").actions() if a.objectName()]
    assert kinds == [
        f"transition-{k}" for k in ("cut", "crossfade", "dip-black", "dip-white", "default", "duration")
    ]


def test_a_blocks_duration_from_its_menu(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, IBRAHIM)
    before = panel.summary
    panel.editing.ask_number = lambda *a: 6.0
    longer = replanned(
        qtbot, panel, action(panel.editing.block_menu("people[3].media[1]"), "duration").trigger
    )
    assert rows(longer, "photo")[1].duration_s == pytest.approx(6.0) and rows(longer, "photo")[1].own_duration
    undo_redo(qtbot, window, panel, before, longer)
    panel.editing.ask_number = lambda *a: 3.0
    shorter = replanned(qtbot, panel, action(panel.editing.block_menu(CLIP), "duration").trigger)
    clip = rows(shorter, "clip")[0]
    assert (clip.clip_in_s, clip.clip_out_s, clip.duration_s) == pytest.approx((0.5, 3.5, 3.0))
    undo_redo(qtbot, window, panel, longer, shorter)


# -- transitions ----------------------------------------------------------------------------


def test_the_transition_after_a_photo_from_its_menu(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, HALA)
    before = panel.summary
    where = "people[0].media[0]"
    dipped = replanned(qtbot, panel, action(panel.editing.block_menu(where), "transition-dip-white").trigger)
    row = rows(dipped, "photo")[0]
    assert (row.transition, row.transition_s) == ("dip-white", pytest.approx(0.6))
    assert window.document.get(where)["transition"] == {"kind": "dip-white", "duration_s": 0.6}
    undo_redo(qtbot, window, panel, before, dipped)

    panel.editing.ask_number = lambda *a: 1.2  # the Duration… dialog answered
    longer = replanned(qtbot, panel, action(panel.editing.block_menu(where), "transition-duration").trigger)
    row = rows(longer, "photo")[0]
    assert (row.transition, row.transition_s) == ("dip-white", pytest.approx(1.2))
    assert rows(longer, "photo")[1].start_s == pytest.approx(row.start_s + row.duration_s - 1.2)
    cut = replanned(qtbot, panel, action(panel.editing.block_menu(where), "transition-cut").trigger)
    assert (rows(cut, "photo")[0].transition, rows(cut, "photo")[0].transition_s) == ("cut", 0.0)
    back = replanned(qtbot, panel, action(panel.editing.block_menu(where), "transition-default").trigger)
    assert rows(back, "photo")[0].transition == "crossfade"
    assert rows(back, "photo")[0].transition_s == pytest.approx(before.transition_s)
    assert window.document.get(where) == "media/hala-1.jpg"  # the file says no more than before
    # the marker between the blocks tells the kind and length
    mark = next(rect for b, rect in panel.view.transition_marks() if b.where == where)
    assert panel.view.tooltip_at(mark.center()) == f"Cross-fade · {before.transition_s:.2f} s"


# -- a clip's sound -------------------------------------------------------------------------


def test_a_clips_volume_and_fades_from_its_menu(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, IBRAHIM)
    before = panel.summary
    panel.editing.ask_number = lambda *a: 50.0  # percent
    louder = replanned(qtbot, panel, action(panel.editing.block_menu(CLIP), "volume").trigger)
    sound = next(a for a in louder.audio if a.kind == "clip")
    assert (sound.volume, sound.fade_in_s, sound.fade_out_s) == (0.5, 0.0, 0.0)
    undo_redo(qtbot, window, panel, before, louder)

    panel.editing.ask_fade_times = lambda fades: (0.5, 1.25)
    faded = replanned(qtbot, panel, action(panel.editing.block_menu(CLIP), "fades").trigger)
    sound = next(a for a in faded.audio if a.kind == "clip")
    assert (sound.volume, sound.fade_in_s, sound.fade_out_s) == (0.5, 0.5, 1.25)
    assert plan_now(window, IBRAHIM) == faded
    undo_redo(qtbot, window, panel, louder, faded)
    panel.view.viewport().repaint()  # the level line with its ramps draws

    keep = action(panel.editing.block_menu(CLIP), "clip-audio")
    assert keep.isChecked()
    silent = replanned(qtbot, panel, keep.toggle)
    assert not [a for a in silent.audio if a.kind == "clip"]
    assert window.document.get(CLIP)["audio"] is False and window.document.get(CLIP)["volume"] == 0.5
    undo_redo(qtbot, window, panel, faded, silent)


def test_a_selected_caption_is_not_deleted_by_the_blocks_keys(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, HALA)
    view = panel.view
    panel.select("people[0].media[0]")
    top, height = view.row_box("captions1")
    cue = panel.summary.cues[1]
    at = QPoint(round(view.x_of((cue.start_s + cue.end_s) / 2)), round(top + height / 2))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    assert view.selected_cue == 1 and panel.selected == ""
    key(panel, Qt.Key.Key_Delete)
    assert window.document.undo_stack.count() == 0


# -- captions -------------------------------------------------------------------------------


def test_a_caption_edited_in_its_dialog_is_one_undo(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, HALA)
    before = panel.summary
    assert before.cues_where == "" and len(before.cues) > 2
    asked: list[dict[str, str]] = []

    def answer(times: str, texts: dict[str, str]) -> dict[str, str]:
        asked.append(texts)
        return {**texts, "en": "Neighbours share what they do not need."}

    panel.editing.ask_caption = answer
    menu = panel.editing.cue_menu(1)
    assert not action(menu, "reset-captions").isEnabled()  # nothing of their own to reset yet
    edited = replanned(qtbot, panel, action(menu, "edit-caption").trigger)
    assert asked == [dict(before.cues[1].texts)]
    assert edited.cues_where == "people[0].cues"
    assert edited.cues[1].text("en") == "Neighbours share what they do not need."
    assert edited.cues[1].text("ar") == before.cues[1].text("ar")
    assert [(c.start_s, c.end_s) for c in edited.cues] == [(c.start_s, c.end_s) for c in before.cues]
    assert len(window.document.campaign.people[HALA].cues) == len(before.cues)
    undo_redo(qtbot, window, panel, before, edited)

    reset = replanned(qtbot, panel, action(panel.editing.cue_menu(0), "reset-captions").trigger)
    assert reset == before


def test_a_captions_edge_dragged_snaps_to_the_playhead(qtbot, window: MainWindow) -> None:
    panel = story(qtbot, window, HALA)
    before = panel.summary
    view = panel.view
    cue = before.cues[0]
    target = round(cue.end_s - 0.37, 3)
    panel.set_playhead(target)
    top, height = view.row_box("captions1")
    y = round(top + height / 2)
    start = QPoint(round(view.x_of(cue.end_s)) - 1, y)
    end = QPoint(round(view.x_of(target)) + 3, y)  # a few pixels off: it snaps
    viewport = view.viewport()

    def drag() -> None:
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for k in range(1, 5):
            QTest.mouseMove(viewport, start + (end - start) * k / 4)
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)

    after = replanned(qtbot, panel, drag)
    assert after.cues[0].end_s == pytest.approx(target)
    assert window.document.campaign.people[HALA].cues[0].end_s == pytest.approx(target)
    assert [c.start_s for c in after.cues] == [c.start_s for c in before.cues]
    undo_redo(qtbot, window, panel, before, after)
    assert view.tooltip_at(QPointF(view.x_of(cue.start_s + 0.1), y)) == "\n".join(
        cue.text(lang) for lang in view.caption_langs()
    )


def test_the_caption_dialog_types_right_to_left_languages_right_to_left(qtbot) -> None:
    dialog = CueDialog(None, "Edit caption", "0.50 – 2.00 s", {"ar": "نص", "en": "Text"})
    qtbot.addWidget(dialog)
    assert dialog.fields["ar"].layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.fields["en"].layoutDirection() == Qt.LayoutDirection.LeftToRight
    dialog.fields["en"].setPlainText("  New text ")
    assert dialog.texts() == {"ar": "نص", "en": "New text"}


def test_every_string_of_the_timeline_has_arabic() -> None:
    """Each interface string of the timeline and its menus (found in their source, so one
    added later is checked too) has its Arabic in the Studio's table."""
    from takatof.ui import timeline, timeline_menus
    from takatof.ui.i18n import arabic_table

    table = arabic_table()
    strings = {
        text
        for module in (timeline, timeline_menus)
        for text in re.findall(r'self\.tr\(\s*"([^"]+)"', Path(module.__file__).read_text(encoding="utf-8"))
    }
    strings |= {f"Transition: {kind}" for kind in ("cut", "crossfade", "dip-black", "dip-white")}
    strings |= {f"{verb} {kind}" for verb in ("Split", "Delete", "Duplicate") for kind in ("clip", "photo")}
    assert len(strings) >= 50
    assert not sorted(s for s in strings if s not in table)
    assert all(re.search("[\u0600-\u06ff]", table[s]) for s in strings)


def test_a_clip_split_on_the_timeline_is_invisible_in_the_video(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """The frames around the cut, as the render composes them, are the frames the clip showed
    before it was split (the same moments of its file, nothing faded or moved)."""
    import numpy as np

    from takatof.render.video.render import preview

    panel = story(qtbot, window, IBRAHIM)
    job = VideoJob("story", PRESET, "ibrahim")
    clip = rows(panel.summary, "clip")[0]
    cut = clip.start_s + 2.0
    times = [cut - 0.4, cut - 1 / 30, cut, cut + 1 / 30, cut + 0.4]

    def frames() -> list[np.ndarray]:
        project = window.document.project()
        return [
            np.asarray(preview(project, job, t, tmp_path / "cache", 0.25)[0], dtype=np.float64) for t in times
        ]

    whole = frames()
    panel.select(CLIP)
    panel.set_playhead(cut)
    replanned(qtbot, panel, lambda: key(panel, Qt.Key.Key_S))
    assert len(rows(panel.summary, "clip")) == 2
    split = frames()
    for before, after in zip(whole, split, strict=True):
        assert np.abs(before - after).max() <= 24, np.abs(before - after).max()  # the same picture
    assert np.abs(whole[0] - whole[-1]).max() > 96  # the clip moves: a wrong in point would show
