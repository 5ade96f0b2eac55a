"""The outputs editor's campaign-wide rows: reels, carousels, animated cards and films are
added, chosen and reordered in the Studio, each change one undoable edit, and an edit of a
card or video row never drops them (or a group card's subjects)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.ui.campaign_outputs import SECTIONS, Section
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from tests.conftest import make_media

pytestmark = pytest.mark.usefixtures("studio_isolation")


def _window(qtbot, project: Path, tmp_path: Path, outputs: dict | None = None) -> MainWindow:
    data = json.loads(project.read_text(encoding="utf-8"))
    if outputs is not None:
        data["outputs"].update(outputs)
        project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    make_media(project.parent, data)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Document(load_project(project, project_names())), settings)
    qtbot.addWidget(win)
    win.show()
    win.tree.select("outputs")
    return win


def section(name: str) -> Section:
    return next(s for s in SECTIONS if s.name == name)


def _campaign(win: MainWindow):
    return win.inspector.widget().campaign_outputs


def test_a_reel_is_added_its_people_reordered_by_drag_and_undone(
    qtbot, project_copy: Path, tmp_path: Path
) -> None:
    win = _window(qtbot, project_copy, tmp_path, {"reels": []})
    _campaign(win).add(section("reels"))
    reels = win.document.data()["outputs"]["reels"]
    assert reels == [{"id": "reel", "presets": ["instagram-story"]}]
    row = _campaign(win).rows["reels"][0]
    people = row.chooser
    assert [people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(people.count())] == [
        "hala", "marouan", "rania", "ibrahim"
    ]  # fmt: skip
    # A drag moves a row in the list's model: the same signal a mouse drag gives.
    people.model().moveRow(people.model().index(2, 0).parent(), 2, people.model().index(0, 0).parent(), 0)
    assert win.document.data()["outputs"]["reels"][0]["people"] == [
        {"person": "rania"}, {"person": "hala"}, {"person": "marouan"}, {"person": "ibrahim"}
    ]  # fmt: skip
    # Untick marouan: he leaves the reel, the order of the rest stays.
    row = _campaign(win).rows["reels"][0]
    item = next(
        row.chooser.item(i)
        for i in range(row.chooser.count())
        if row.chooser.item(i).data(Qt.ItemDataRole.UserRole) == "marouan"
    )
    item.setCheckState(Qt.CheckState.Unchecked)
    assert [p["person"] for p in win.document.data()["outputs"]["reels"][0]["people"]] == [
        "rania",
        "hala",
        "ibrahim",
    ]
    assert win.document.campaign.outputs.reels[0].people is not None
    win.document.undo_stack.undo()
    win.document.undo_stack.undo()
    assert "people" not in win.document.data()["outputs"]["reels"][0]
    win.document.undo_stack.undo()
    assert "reels" not in win.document.data()["outputs"] or win.document.data()["outputs"]["reels"] == []


def test_a_reel_part_keeps_its_range_and_caption_through_a_reorder(
    qtbot, project_copy: Path, tmp_path: Path
) -> None:
    parts = [{"person": "hala", "items": [0, 1], "caption": {"ar": "نص", "en": "Words"}}, {"person": "rania"}]
    win = _window(
        qtbot, project_copy, tmp_path, {"reels": [{"presets": ["instagram-story"], "people": parts}]}
    )
    row = _campaign(win).rows["reels"][0]
    model = row.chooser.model()
    model.moveRow(model.index(0, 0).parent(), 1, model.index(0, 0).parent(), 0)
    assert win.document.data()["outputs"]["reels"][0]["people"] == [parts[1], parts[0]]


def test_carousel_animated_and_film_rows_write_their_own_choices(
    qtbot, project_copy: Path, tmp_path: Path
) -> None:
    outputs = {
        "carousels": [{"presets": ["instagram-square"]}],
        "animated": [{"template": "goal", "presets": ["instagram-square"]}],
        "films": [{"presets": ["instagram-story"]}],
    }
    win = _window(qtbot, project_copy, tmp_path, outputs)
    carousel = _campaign(win).rows["carousels"][0]
    carousel.extras["pdf"].setChecked(True)
    assert win.document.data()["outputs"]["carousels"][0]["pdf"] is True
    carousel = _campaign(win).rows["carousels"][0]
    carousel.extras["of"].setCurrentText("spotlights")
    written = win.document.data()["outputs"]["carousels"][0]
    assert written["of"] == "spotlights" and "subjects" not in written
    animated = _campaign(win).rows["animated"][0]
    animated.extras["formats"].findChild(type(carousel.extras["pdf"]), "format_gif").setChecked(True)
    assert win.document.data()["outputs"]["animated"][0]["formats"] == ["mp4", "gif"]
    film = _campaign(win).rows["films"][0]
    film.extras["end_card"].setChecked(False)
    assert win.document.campaign.outputs.films[0].end_card is False


def test_editing_a_card_row_keeps_the_campaign_outputs_and_a_group_cards_subjects(
    qtbot, project_copy: Path, tmp_path: Path
) -> None:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    cards = data["outputs"]["cards"]
    group = next(i for i, card in enumerate(cards) if card["template"] == "group")
    cards[group]["subjects"] = ["hala", "rania"]
    reels = [{"presets": ["instagram-story"], "people": [{"person": "rania"}]}]
    win = _window(qtbot, project_copy, tmp_path, {"cards": cards, "reels": reels})
    editor = win.inspector.widget()
    _template, presets, _languages = editor.rows["cards"][0]
    presets.item(0).setCheckState(Qt.CheckState.Unchecked)
    written = win.document.data()["outputs"]
    assert written["reels"] == reels
    assert written["cards"][group]["subjects"] == ["hala", "rania"]


def test_a_films_checklist_offers_the_people_with_footage(qtbot, project_copy: Path, tmp_path: Path) -> None:
    """A film that lists no one is made for everyone with clips: the checklist shows those,
    so ticking one box does not write people without footage into the film."""
    win = _window(qtbot, project_copy, tmp_path, {"films": [{"presets": ["instagram-story"]}]})
    row = _campaign(win).rows["films"][0]
    with_clips = [p.id for p in win.document.campaign.people if p.clips]
    shown = [row.chooser.item(i).data(Qt.ItemDataRole.UserRole) for i in range(row.chooser.count())]
    assert shown == with_clips and shown
    row.chooser.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert win.document.data()["outputs"]["films"][0]["people"] == with_clips[1:]


def test_a_films_own_footage_is_edited_in_the_inspector(qtbot, project_copy: Path, tmp_path: Path) -> None:
    from takatof.ui.media_editor import MediaEditor

    clips = [{"path": "media/clip-cairo-runners.mp4", "start": 0.5, "end": 3.0}]
    win = _window(
        qtbot,
        project_copy,
        tmp_path,
        {"films": [{"id": "launch", "presets": ["instagram-story"], "clips": clips}]},
    )
    button = next(
        b
        for b in _campaign(win).rows["films"][0].findChildren(QPushButton)
        if b.objectName() == "filmFootage"
    )
    button.click()
    editor = win.inspector.editors["outputs.films[0].clips[0].path"]
    assert isinstance(editor, MediaEditor) and editor.kind == "video"


def test_an_animated_card_changing_template_drops_a_group_cards_subjects(
    qtbot, project_copy: Path, tmp_path: Path
) -> None:
    animated = [{"template": "group", "presets": ["instagram-square"], "subjects": ["hala", "rania"]}]
    win = _window(qtbot, project_copy, tmp_path, {"animated": animated})
    _campaign(win).rows["animated"][0].extras["template"].setCurrentText("goal")
    written = win.document.data()["outputs"]["animated"][0]
    assert written["template"] == "goal" and "subjects" not in written
    win.document.undo_stack.undo()
    assert win.document.data()["outputs"]["animated"][0] == animated[0]
