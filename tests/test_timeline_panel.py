"""The Studio's timeline panel, driven offscreen (pytest-qt) on a copy of the example project:
what it shows is the render's plan, and every gesture is one undoable edit of the project."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.video.plan import AudioRow, CueRow, PlanSummary, SegmentRow, plan_summary
from takatof.render.video.probe import duration_of
from takatof.render.video.render import VideoJob
from takatof.ui.document import Document
from takatof.ui.timeline import TimelinePanel, add_media_files
from takatof.ui.timeline_style import RULER_H
from takatof.ui.timeline_view import TimelineView
from tests.conftest import make_media

HALA, IBRAHIM = 0, 3  # the example's person with a voice-over, and the one with a clip


summarize = plan_summary  # the render's own plan, as the Studio uses


@pytest.fixture
def document(project_copy: Path) -> Document:
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    return Document(load_project(project_copy, project_names()))


def show(qtbot, panel: TimelinePanel, person: int) -> TimelinePanel:
    job = VideoJob("story", "instagram-story", panel.document.campaign.people[person].id)
    with qtbot.waitSignal(panel.summary_changed, timeout=30000):
        panel.set_job(person, job)
    return panel


@pytest.fixture
def panel(qtbot, document: Document):
    widget = TimelinePanel(document, summarize)
    qtbot.addWidget(widget)
    widget.resize(1400, 420)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.wait_idle()


def block(panel: TimelinePanel, where: str):
    return next(b for b in panel.view.blocks if b.where == where)


def centre(view: TimelineView, where: str) -> QPoint:
    return view.block_rect(next(b for b in view.blocks if b.where == where)).center().toPoint()


def drag(view: TimelineView, start: QPoint, end: QPoint, steps: int = 6) -> None:
    """A real mouse drag: press, several moves, release (as a hand does it)."""
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * k / steps)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def recomputed(qtbot, panel: TimelinePanel) -> None:
    """Wait for the plan made after the last edit."""
    qtbot.waitSignal(panel.summary_changed, timeout=30000).wait()


def test_blocks_are_the_plan_to_scale_with_thumbnails_and_waveforms(qtbot, panel: TimelinePanel) -> None:
    show(qtbot, panel, HALA)
    summary, view = panel.summary, panel.view
    assert [b.row for b in view.blocks] == list(summary.segments)
    assert [b.kind for b in view.blocks] == ["title", "photo", "photo", "stat", "closing"]
    assert [b.where for b in view.blocks if b.kind == "photo"] == ["people[0].media[0]", "people[0].media[1]"]
    for b in view.blocks:
        rect = view.block_rect(b)
        assert rect.left() == pytest.approx(view.x_of(b.row.start_s), abs=0.01)
        assert rect.width() == pytest.approx(b.row.duration_s * view.pps, abs=0.01)
    for a, b in zip(view.blocks, view.blocks[1:], strict=False):  # cross-fades overlap, on two lanes
        assert view.block_rect(b).left() < view.block_rect(a).right()
        assert a.lane != b.lane
    assert view.x_of(summary.total_s) <= view.viewport().width()  # fitted on first show
    assert summary.cues and {a.kind for a in summary.audio} == {"music", "voiceover"}
    assert next(a for a in summary.audio if a.kind == "music").ducked
    qtbot.waitUntil(lambda: len(view.thumbnails) == 2 and len(view.envelopes) == 2, timeout=20000)
    assert all(len(e) > 0 and e.max() <= 1.0 for e in view.envelopes.values())
    view.viewport().repaint()  # paints with everything in (no decoding on this thread)
    cue = summary.cues[1]  # a caption cut short on its block shows whole in its tooltip
    top, height = view.row_box("captions1")
    assert view.caption_langs() == ("ar", "en") and view.row_label("captions1") == "Captions · ar"
    assert (
        view.tooltip_at(QPointF(view.x_of((cue.start_s + cue.end_s) / 2), top + height / 2))
        == f"{cue.text('ar')}\n{cue.text('en')}"
    )


def test_click_on_the_ruler_or_empty_space_seeks(qtbot, panel: TimelinePanel) -> None:
    view = show(qtbot, panel, HALA).view
    x = round(view.x_of(5.0))
    with qtbot.waitSignal(panel.seek_requested) as sought:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, RULER_H // 2))
    assert sought.args[0] == pytest.approx(5.0, abs=1 / view.pps)
    assert view.playhead == pytest.approx(sought.args[0])
    top, height = view.row_box("captions2")
    x = round(view.x_of(0.2))  # the captions row before the first cue
    with qtbot.waitSignal(panel.seek_requested) as sought:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, round(top + height - 2)))
    assert sought.args[0] == pytest.approx(0.2, abs=1 / view.pps)
    panel.set_playhead(3.0)
    assert view.playhead == 3.0


def test_drag_a_photo_past_the_next_reorders_them_in_one_undoable_edit(qtbot, panel: TimelinePanel) -> None:
    document, view = panel.document, show(qtbot, panel, HALA).view
    before = document.get("people[0].media")
    first, second = centre(view, "people[0].media[0]"), centre(view, "people[0].media[1]")
    with qtbot.waitSignal(panel.photo_selected) as chosen:
        drag(view, first, QPoint(second.x() + 20, first.y()))
    assert chosen.args == ["people[0].media[0]"]
    assert document.get("people[0].media") == [before[1], before[0]]
    assert panel.selected == "people[0].media[1]"  # the selection follows the photo
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Reorder photos"
    recomputed(qtbot, panel)
    assert [b.row.source for b in view.blocks if b.kind == "photo"] == [before[1], before[0]]
    document.undo_stack.undo()
    assert document.get("people[0].media") == before
    document.undo_stack.redo()
    assert document.get("people[0].media") == [before[1], before[0]]


def test_drag_a_photos_right_edge_sets_its_duration(qtbot, panel: TimelinePanel) -> None:
    document, view = panel.document, show(qtbot, panel, HALA).view
    written = document.get("people[0].media[0]")
    assert isinstance(written, str)
    rect = view.block_rect(block(panel, "people[0].media[0]"))
    old = block(panel, "people[0].media[0]").row.duration_s
    start = QPoint(round(rect.right()) - 1, round(rect.center().y()))
    drag(view, start, start + QPoint(round(1.04 * view.pps), 0))
    item = document.get("people[0].media[0]")
    assert item == {"path": written, "duration_s": pytest.approx(round(old + 1.0, 1), abs=0.11)}
    assert round(item["duration_s"] * 10) == pytest.approx(item["duration_s"] * 10)  # snapped to 0.1 s
    assert document.undo_stack.count() == 1
    recomputed(qtbot, panel)
    row = block(panel, "people[0].media[0]").row
    assert row.own_duration and row.duration_s >= item["duration_s"] - 1e-6
    rect = view.block_rect(block(panel, "people[0].media[0]"))
    start = QPoint(round(rect.right()) - 1, round(rect.center().y()))
    drag(view, start, start + QPoint(view.viewport().width(), 0))  # far past the bound
    assert document.get("people[0].media[0]")["duration_s"] == 20.0
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.get("people[0].media[0]") == written  # a plain path again


def test_a_plan_arriving_mid_drag_waits_and_escape_cancels(qtbot, panel: TimelinePanel) -> None:
    document, view = panel.document, show(qtbot, panel, HALA).view
    viewport = view.viewport()
    rect = view.block_rect(block(panel, "people[0].media[1]"))
    start = QPoint(round(rect.right()) - 1, round(rect.center().y()))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(20, 0))
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(20, 0)
    )
    assert document.undo_stack.count() == 0  # cancelled
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(10, 0))
    view.set_summary(panel.summary)  # a plan made meanwhile: the drag goes on
    QTest.mouseMove(viewport, start + QPoint(round(view.pps), 0))
    QTest.mouseRelease(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        start + QPoint(round(view.pps), 0),
    )
    assert document.get("people[0].media[1]")["duration_s"] == pytest.approx(
        round(block(panel, "people[0].media[1]").row.duration_s + 1.0, 1), abs=0.11
    )
    assert view.summary is panel.summary  # shown once the drag ended


def test_drag_a_clips_edges_trims_it_within_its_file(qtbot, panel: TimelinePanel) -> None:
    document, view = panel.document, show(qtbot, panel, IBRAHIM).view
    clip = block(panel, "people[3].clips[0]")
    assert (clip.row.clip_in_s, clip.row.clip_out_s) == (0.5, 5.5)
    rect = view.block_rect(clip)
    y = round(rect.center().y())
    drag(view, QPoint(round(rect.left()) + 1, y), QPoint(round(rect.left() + view.pps) + 1, y))
    assert document.get("people[3].clips[0].start") == pytest.approx(1.5)
    assert document.undo_stack.undoText() == "Trim clip start"
    recomputed(qtbot, panel)
    rect = view.block_rect(block(panel, "people[3].clips[0]"))
    drag(view, QPoint(round(rect.right()) - 1, y), QPoint(view.viewport().width() - 2, y))
    length = duration_of(document.project().resolve("media/clip-cairo-runners.mp4"))
    assert document.get("people[3].clips[0].end") == pytest.approx(length)
    recomputed(qtbot, panel)
    rect = view.block_rect(block(panel, "people[3].clips[0]"))
    drag(view, QPoint(round(rect.left()) + 1, y), QPoint(round(rect.right()) + 50, y))  # past the out point
    assert document.get("people[3].clips[0].start") == pytest.approx(length - 0.5)
    for _ in range(3):
        document.undo_stack.undo()
    assert document.get("people[3].clips[0]")["start"] == 0.5
    assert document.get("people[3].clips[0]")["end"] == 5.5


def drop(view: TimelineView, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    top, height = view.row_box("video")
    at = QPointF(view.viewport().width() / 2, top + height / 2)
    actions = Qt.DropAction.CopyAction
    with warnings.catch_warnings():  # the only constructor PySide offers, marked deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            at.toPoint(), actions, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
        )
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    event = QDropEvent(at, actions, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), event)


def test_drop_three_images_adds_them_in_one_undoable_edit(
    qtbot, panel: TimelinePanel, tmp_path: Path
) -> None:
    document, view = panel.document, show(qtbot, panel, HALA).view
    root = document.media_root
    outside = tmp_path / "downloads"
    outside.mkdir()
    inside = root / "media" / "new-inside.png"
    Image.new("RGB", (64, 64), (200, 40, 40)).save(inside)
    clash = outside / "hala-1.jpg"  # the name of a different photo already in the project
    Image.new("RGB", (64, 64), (40, 40, 200)).save(clash)
    plain = outside / "market.webp"
    Image.new("RGB", (64, 64), (40, 200, 40)).save(plain)
    before = document.get("people[0].media")
    drop(view, [inside, clash, plain])
    after = document.get("people[0].media")
    assert after == [*before, "media/new-inside.png", "media/hala-1-1.jpg", "media/market.webp"]
    assert (root / "media" / "hala-1-1.jpg").read_bytes() == clash.read_bytes()
    assert (root / "media" / "hala-1.jpg").read_bytes() != clash.read_bytes()
    assert document.undo_stack.count() == 1
    recomputed(qtbot, panel)
    assert sum(b.kind == "photo" for b in view.blocks) == 5
    document.undo_stack.undo()
    assert document.get("people[0].media") == before
    document.undo_stack.redo()
    assert document.get("people[0].media") == after


def test_add_media_files_sorts_photos_and_clips_and_refuses_the_rest(
    document: Document, tmp_path: Path
) -> None:
    clip = tmp_path / "walk.MOV"
    shutil.copyfile(document.media_root / "media" / "clip-cairo-runners.mp4", clip)
    photo = document.media_root / "media" / "rania-1.jpg"
    note = tmp_path / "notes.txt"
    note.write_text("not media")
    problems = add_media_files(document, 1, [photo, clip, note])
    assert [p.path for p in problems] == ["people[1]"] and "notes.txt" in problems[0].message
    assert document.get("people[1].media")[-1] == "media/rania-1.jpg"
    assert document.get("people[1].clips")[-1]["path"] == "media/walk.MOV"
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Add 1 photo and 1 clip"
    again = add_media_files(document, 1, [clip])  # the same file again: no second copy
    assert not again and document.get("people[1].clips")[-1]["path"] == "media/walk.MOV"
    assert not (document.media_root / "media" / "walk-1.MOV").exists()


def test_motion_chooser_and_focus_write_the_object_form(qtbot, panel: TimelinePanel) -> None:
    document, view = panel.document, show(qtbot, panel, HALA).view
    assert not panel.motion.isEnabled()
    with qtbot.waitSignal(panel.photo_selected) as chosen:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre(view, "people[0].media[1]"))
    assert chosen.args == ["people[0].media[1]"]
    assert panel.motion.isEnabled() and panel.motion.currentData() == ""
    written = document.get("people[0].media[1]")
    index = panel.motion.findData("pan-left")
    panel.motion.setCurrentIndex(index)
    panel.motion.activated.emit(index)
    assert document.get("people[0].media[1]") == {"path": written, "motion": "pan-left"}
    assert panel.set_focus("people[0].media[1]", 0.25, 1.4) == []
    assert document.get("people[0].media[1]") == {"path": written, "motion": "pan-left", "focus": [0.25, 1.0]}
    assert document.undo_stack.count() == 2
    recomputed(qtbot, panel)
    assert block(panel, "people[0].media[1]").row.motion == "pan-left"
    panel.motion.activated.emit(panel.motion.findData(""))  # back to auto
    assert document.get("people[0].media[1]") == {"path": written, "focus": [0.25, 1.0]}
    with qtbot.waitSignal(panel.photo_selected) as chosen:  # empty space: nothing selected
        QTest.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(view.viewport().width() - 5, RULER_H + 5)
        )
    assert chosen.args == [""] and not panel.motion.isEnabled()
    for _ in range(3):
        document.undo_stack.undo()
    assert document.get("people[0].media[1]") == written


def test_zoom_with_ctrl_wheel_and_buttons(qtbot, panel: TimelinePanel) -> None:
    view = show(qtbot, panel, HALA).view
    pps = view.pps
    at = QPointF(view.x_of(10.0), 60)
    wheel = QWheelEvent(
        at,
        view.mapToGlobal(at),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.pps == pytest.approx(pps * 1.25)
    assert view.x_of(10.0) == pytest.approx(at.x(), abs=1.0)  # zoomed around the mouse
    panel.zoom_in.click()
    assert view.pps == pytest.approx(pps * 1.25 * 1.25)
    assert view.horizontalScrollBar().maximum() > 0
    panel.zoom_fit.click()
    assert view.pps == pytest.approx(pps)


def test_edits_recompute_once_and_stale_plans_are_dropped(qtbot, document: Document) -> None:
    calls: list[str] = []

    def slow(project: Any, job: VideoJob) -> Any:
        calls.append(project.campaign.people[0].quote.en)
        if len(calls) == 1:
            time.sleep(0.4)  # the first plan arrives after the second was asked for
        return summarize(project, job)

    widget = TimelinePanel(document, slow)
    qtbot.addWidget(widget)
    job = VideoJob("story", "instagram-story", "hala")
    widget.set_job(HALA, job)
    for n in range(5):  # a burst of edits plans once, after it
        document.set("people[0].quote.en", f"Edit {n}")
    with qtbot.waitSignal(widget.summary_changed, timeout=30000):
        pass
    qtbot.wait(300)
    widget.wait_idle()
    assert calls[-1] == "Edit 4" and len(calls) == 2
    assert widget.summary is not None
    widget.set_job(None, None)
    assert widget.summary is None and widget.view.blocks == []


def test_a_30_segment_timeline_repaints_smoothly(qtbot) -> None:
    """A long story (28 photos and clips, 50 cues, music under a voice-over) at full width:
    moving the playhead repaints a line over the cached scene; the scene itself (a scroll,
    a zoom, a drag) repaints within a frame or two."""
    segments, t = [], 0.0
    for n in range(30):
        kind = "title" if n == 0 else "closing" if n == 29 else "clip" if n % 7 == 0 else "photo"
        where = {"photo": f"people[0].media[{n}]", "clip": f"people[0].clips[{n}]"}.get(kind)
        clip = (0.0, 4.0) if kind == "clip" else (None, None)
        segments.append(
            SegmentRow(kind, where, where and f"media/{n}.jpg", t, 4.0, "zoom-in", None, *clip, True)
        )
        t += 3.4
    total = t + 0.6
    cues = tuple(
        CueRow(k * 2.0, k * 2.0 + 1.9, (("ar", "نص عربي للتجربة " * 3), ("en", "An English caption " * 2)))
        for k in range(50)
    )
    audio = (
        AudioRow("music", "video.music", "media/music.ogg", 0.0, total, True),
        AudioRow("voiceover", "people[0].voiceover", "media/voice.ogg", 3.0, total - 10, False),
    )
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1500, 360)
    view.show()
    qtbot.waitExposed(view)
    view.set_summary(
        PlanSummary("p", "instagram-story", 1080, 1920, 30, 0.6, total, tuple(segments), cues, audio)
    )
    for row in segments:
        if row.source:
            view.set_thumbnail((row.source, 0.0), QPixmap(42, 42))
    rng = np.random.default_rng(1)
    for source in ("media/music.ogg", "media/voice.ogg"):
        view.set_envelope(source, rng.random(int(total * 100)).astype(np.float32))

    def per_repaint(change) -> float:
        view.viewport().repaint()
        began = time.perf_counter()
        for k in range(40):
            change(k)
            view.viewport().repaint()
        return (time.perf_counter() - began) / 40

    nones = sys.getrefcount(None)
    playhead = per_repaint(lambda k: view.set_playhead(k * 0.5))
    scene = per_repaint(lambda k: view.invalidate())
    view.set_pps(100)
    scrolled = per_repaint(lambda k: view.horizontalScrollBar().setValue(40 * k))
    assert playhead < 0.010, playhead
    # PySide6 6.12.0 lost a reference to None on every void Qt call (~1,000 per repaint), which
    # ends a Python 3.11 process within seconds of scrolling; pyproject excludes it. 120
    # repaints must leave None's count where it was.
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) >= nones - 100, (nones, sys.getrefcount(None))
    assert scene < 0.120 and scrolled < 0.120, (scene, scrolled)


def test_drag_a_clip_before_another_reorders_the_clips(qtbot, panel: TimelinePanel, tmp_path: Path) -> None:
    document, view = panel.document, show(qtbot, panel, IBRAHIM).view
    second = tmp_path / "second.mp4"
    shutil.copyfile(document.media_root / "media" / "clip-cairo-runners.mp4", second)
    assert add_media_files(document, IBRAHIM, [second]) == []
    recomputed(qtbot, panel)
    before = document.get("people[3].clips")
    assert [b.where for b in view.blocks if b.kind == "clip"] == ["people[3].clips[0]", "people[3].clips[1]"]
    first, last = centre(view, "people[3].clips[0]"), centre(view, "people[3].clips[1]")
    drag(view, last, QPoint(first.x() - 20, last.y()))
    assert document.get("people[3].clips") == [before[1], before[0]]
    assert document.undo_stack.undoText() == "Reorder clips"
    assert panel.selected == "people[3].clips[0]"


def test_a_cut_outs_filmstrip_shows_its_transparency_as_a_checkerboard(qapp: Any, tmp_path: Path) -> None:
    from takatof.ui.timeline import thumbnail

    cut = Image.new("RGBA", (100, 50), (255, 0, 0, 0))  # hidden red under the transparent half
    cut.paste((0, 0, 255, 255), (0, 0, 50, 50))
    cut.save(tmp_path / "cut.png")
    tile = thumbnail(tmp_path / "cut.png", None)
    assert tile.pixelColor(5, 5).getRgb()[:3] == (0, 0, 255)
    greys = {tile.pixelColor(70, y).getRgb()[:3] for y in range(0, 20)}
    assert greys == {(153, 153, 153), (204, 204, 204)}  # neither black nor the hidden red
