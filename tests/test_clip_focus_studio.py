"""The Studio's clip focus: a click on the preview at the playhead sets a key of the selected
clip's focus path (undoable), the marker shows where the path centres the view, and "Suggest
focus" runs on a worker and applies the path as one edit. Driven in the real window
(offscreen), with the controller wired to it as the main window wires it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.ui.clip_focus import ClipFocus
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.preview import Output

from .test_clip_focus import FROM_X, SECONDS, TO_X, W, face_x, make_clip

pytestmark = pytest.mark.usefixtures("studio_isolation")

WHERE = "people[0].clips[0]"


@pytest.fixture
def window(qtbot, tmp_path: Path, project_copy: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    make_clip(project_copy.parent / "media")
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["people"][0]["media"] = data["people"][0]["media"][:1]
    data["people"][0]["clips"] = [{"path": "media/walk.mp4"}]
    project_copy.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Document(load_project(project_copy, project_names())), settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.preview.drawn, timeout=60000):
        window.tree.select("people[0]", Output("video", "story", "instagram-story"))
    qtbot.waitUntil(lambda: window.timeline.summary is not None, timeout=60000)
    return window


def clip_row(window: MainWindow):  # type: ignore[no-untyped-def]
    return next(r for r in window.timeline.summary.segments if r.where == WHERE)


def test_a_click_at_the_playhead_sets_a_key_of_the_selected_clip(window: MainWindow) -> None:
    focus = ClipFocus(window)
    assert not focus.click(0.5, 0.5)  # nothing selected: the click is not the clip's
    window.timeline.select(WHERE)
    row = clip_row(window)
    window.preview.set_time(row.start_s + 1.0)
    # The view is the middle of the 16:9 clip; the face is at the left then: click the frame's left edge.
    assert focus.click(0.0, 0.5)
    (key,) = window.document.get(WHERE)["focus_path"]
    assert key["t"] == pytest.approx(1.0, abs=1 / 30)
    # The frame's left edge of a centre-cropped 9:16 view of 16:9 shows the picture's x = 0.5 - 0.5 * (9/16) / (16/9)
    assert key["x"] == pytest.approx(0.5 - 0.5 * (1080 / 1920) / (16 / 9), abs=0.01)
    assert key["y"] == pytest.approx(0.5, abs=0.01)
    # The marker sits where the key is, on the frame now centred on it.
    marker = focus.marker()
    assert marker == pytest.approx((0.5, 0.5), abs=0.02)
    window.preview.set_time(row.start_s + 2.0)
    assert focus.click(0.5, 0.5)  # a second key, later
    assert [k["t"] for k in window.document.get(WHERE)["focus_path"]] == pytest.approx([1.0, 2.0], abs=1 / 30)
    window.document.undo_stack.undo()
    assert len(window.document.get(WHERE)["focus_path"]) == 1
    window.document.undo_stack.undo()
    assert window.document.get(WHERE).get("focus_path") is None


def test_suggest_focus_runs_on_a_worker_and_is_one_edit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    focus = ClipFocus(window)
    window.timeline.select(WHERE)
    with qtbot.waitSignal(focus.suggested, timeout=60000) as told:
        assert focus.suggest()
    assert told.args == [[]]
    keys = window.document.get(WHERE)["focus_path"]
    assert len(keys) >= 2
    path = [(k["t"], k["x"]) for k in keys]
    assert path[0][1] < FROM_X / W + 0.1 and path[-1][1] > TO_X / W - 0.1  # it follows the face across
    assert all(abs(x - face_x(t) / W) < 0.05 for t, x in path)
    assert path[-1][0] <= SECONDS
    window.document.undo_stack.undo()
    assert window.document.get(WHERE).get("focus_path") is None


def test_a_suggestion_for_a_clip_trimmed_meanwhile_is_not_applied(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The suggestion takes seconds; a clip trimmed (or deleted, split, moved) meanwhile is not
    the one it was found for: nothing is written, and the panel is told to suggest again."""
    from takatof.edit.edits import trim_clip

    focus = ClipFocus(window)
    window.timeline.select(WHERE)
    with qtbot.waitSignal(focus.suggested, timeout=60000) as told:
        assert focus.suggest()
        document = window.document
        document.apply(trim_clip(document.data(), WHERE, "end", 1.5))
    (problems,) = told.args
    assert problems and "suggest again" in problems[0].message
    assert window.document.get(WHERE).get("focus_path") is None


def test_the_window_sets_a_clips_key_by_a_click_and_offers_suggest_focus_on_its_menu(qtbot, tmp_path) -> None:
    """The main window hands the preview's click to the clip focus first, and a clip's menu
    has "Suggest focus", which the window runs (the rest is tested on ClipFocus above)."""
    import json
    import shutil

    from PySide6.QtCore import QSettings

    from takatof.model import load_project
    from takatof.render.batch import project_names
    from takatof.ui.document import Document
    from takatof.ui.main_window import MainWindow
    from takatof.ui.preview import Output
    from tests.conftest import EXAMPLE_DIR, make_media

    shutil.copytree(EXAMPLE_DIR, tmp_path / "p")
    project = tmp_path / "p" / "campaign.json"
    make_media(project.parent, json.loads(project.read_text(encoding="utf-8")))
    win = MainWindow(
        Document(load_project(project, project_names())),
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(win)
    win.show()
    index = next(i for i, p in enumerate(win.document.campaign.people) if p.clips)
    with qtbot.waitSignal(win.preview.drawn, timeout=60_000):
        win.tree.select(f"people[{index}]", Output("video", "story", "instagram-story"))
    qtbot.waitUntil(lambda: win.timeline.summary is not None, timeout=60_000)
    where = f"people[{index}].clips[0]"
    row = next(r for r in win.timeline.summary.segments if r.where == where)
    win.timeline.select(where)
    win.preview.set_time(row.start_s + row.duration_s / 2)
    before = win.document.data()["people"][index]["clips"][0].get("focus_path")
    win.set_focus_from_click(0.25, 0.5)
    after = win.document.data()["people"][index]["clips"][0].get("focus_path")
    assert after != before and after
    menu = win.timeline.editing.block_menu(where)
    assert any(a.objectName() == "suggest-focus" for a in menu.actions())
