"""The Studio over the editing core (pytest-qt, offscreen): a character no font has is listed
by the Problems panel (the same check as ``takatof validate``), and renaming a person's id
in the inspector renames every reference, leaves no stale id on screen, and undoes exactly."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from takatof.cli import main as cli
from takatof.model import load_for_editing, load_project
from takatof.render.batch import project_names
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.preview import Output
from takatof.ui.problems import ProblemsPanel

pytestmark = pytest.mark.usefixtures("studio_isolation")

NO_GLYPH = "\U00013000"  # an Egyptian hieroglyph: no bundled font has it (emoji draw in colour)


def test_problems_panel_lists_a_character_no_font_has(
    qtbot, project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["people"][1]["quote"]["en"] += f" {NO_GLYPH}"
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project, _ = load_for_editing(project_copy, project_names())
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.checked, timeout=60000):
        panel.set_document(Document(project))
    glyphs = [p for p in panel.problems if p.path == "people[1].quote.en"]
    assert glyphs and "no font has" in glyphs[0].message and "U+13000" in glyphs[0].message
    shown = [panel.list.topLevelItem(i).text(0) for i in range(panel.list.topLevelItemCount())]
    assert "people[1].quote.en" in shown
    # The command line says the same thing about the same file.
    assert cli(["validate", str(project_copy)]) != 0
    assert f"people[1].quote.en: {glyphs[0].message}" in capsys.readouterr().err


def _stale(window: MainWindow, old: str) -> list[str]:
    """Every text on screen that still shows ``old`` as an id (not inside a file name)."""
    pattern = re.compile(rf"(?<![\w/.-]){re.escape(old)}(?![\w-])")
    texts = [w.text() for w in window.findChildren(QLineEdit)]
    texts += [w.text() for w in window.findChildren(QLabel)]
    texts += [w.itemText(i) for w in window.findChildren(QComboBox) for i in range(w.count())]
    return [t for t in texts if pattern.search(t)]


@pytest.mark.parametrize(
    ("index", "old", "new"),
    [(2, "rania", "rania-k"), (1, "marouan", "marwan")],
    ids=["referenced by a spotlight", "referenced nowhere else"],
)
def test_renaming_a_person_in_the_inspector_renames_every_reference_and_undoes(
    qtbot, tmp_path: Path, project_copy: Path, index: int, old: str, new: str
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    document = Document(load_project(project_copy, project_names()))
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    spotlight = document.get("spotlights[0].person")
    with qtbot.waitSignal(window.preview.drawn, timeout=60000):
        window.tree.select(f"people[{index}]", Output("video", "story", "instagram-square"))
    assert window.preview.target is not None and window.preview.target.subject == old

    field = window.inspector.editors[f"people[{index}].id"]
    assert isinstance(field, QLineEdit) and field.text() == old
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, new)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: document.get(f"people[{index}].id") == new, timeout=5000)

    assert document.get("spotlights[0].person") == (new if spotlight == old else spotlight)
    assert document.undo_stack.undoText().startswith(f"Rename person {old} to {new}")
    assert window.preview.target.subject == new
    qtbot.waitUntil(lambda: new in window.timeline.title.text(), timeout=5000)
    assert window.inspector.editors[f"people[{index}].id"].text() == new
    assert _stale(window, old) == []
    window.tree.select("spotlights[0]")
    person = window.inspector.editors["spotlights[0].person"]
    shown = person.currentText() if isinstance(person, QComboBox) else person.text()
    assert shown == document.get("spotlights[0].person")

    window.tree.select(f"people[{index}]", Output("video", "story", "instagram-square"))
    document.undo_stack.undo()
    assert document.get(f"people[{index}].id") == old and document.get("spotlights[0].person") == spotlight
    assert window.preview.target.subject == old
    qtbot.waitUntil(lambda: window.inspector.editors[f"people[{index}].id"].text() == old, timeout=5000)
    assert _stale(window, new) == []
    window.timeline.wait_idle()
    window.preview.wait_idle()


def test_tab_out_of_a_renamed_id_moves_on_without_a_crash(qtbot, tmp_path: Path, project_copy: Path) -> None:
    """Leaving the id field with Tab commits the rename while the field is still handling its
    focus-out; the window then shows the renamed person's form again. The old form must go
    later, from the event loop: deleted at once, Qt crashed finishing the event on the field
    (a segmentation fault, found by typing in the real window)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    document = Document(load_project(project_copy, project_names()))
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    for index, old, new in [(0, "hala", "hala-d"), (2, "rania", "rania-a")]:
        window.tree.select(f"people[{index}]")
        field = window.inspector.editors[f"people[{index}].id"]
        assert isinstance(field, QLineEdit) and field.text() == old
        window.activateWindow()
        field.setFocus()
        qtbot.waitUntil(field.hasFocus, timeout=5000)
        field.selectAll()
        qtbot.keyClicks(field, new)
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda i=index, n=new: document.get(f"people[{i}].id") == n, timeout=5000)
        qtbot.wait(50)  # the deferred deletions run
        assert window.inspector.editors[f"people[{index}].id"].text() == new
    assert document.get("spotlights[0].person") == "rania-a"
    window.timeline.wait_idle()
    window.preview.wait_idle()


@pytest.mark.parametrize(
    ("node", "template", "preset", "expected"),
    [
        ("people[0]", "quote", "instagram-square", [("quote", "hala")]),
        ("", "hashtag", "instagram-story", [("hashtag", None)]),  # campaign-wide: under Campaign
        ("spotlights[0]", "spotlight", "instagram-story", [("spotlight", "dar-el-khoos")]),  # under it
    ],
)
def test_render_selection_queues_the_selected_output_whatever_its_scope(
    qtbot,
    tmp_path: Path,
    project_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    node: str,
    template: str,
    preset: str,
    expected: list[tuple[str, str | None]],
) -> None:
    """Render ▸ Render selection on a card in the tree queues that card, under a person, the
    campaign or a spotlight (it used to queue nothing and report "Done: 0 files")."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    document = Document(load_project(project_copy, project_names()))
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    queued: list = []
    monkeypatch.setattr(window.queue, "add", queued.append)
    assert window.tree.select(node, Output("card", template, preset))
    window.render_selection()
    (render,) = queued
    assert [(job.template, job.subject) for job in render.jobs] == expected
    assert {job.preset for job in render.jobs} == {preset}
    window.timeline.wait_idle()
    window.preview.wait_idle()
