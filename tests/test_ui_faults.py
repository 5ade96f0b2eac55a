"""The Studio under faults: a queue job that fails for any reason, starting with no project,
and Save As into another folder (pytest-qt, offscreen)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings

from takatof.model import load_project
from takatof.model.examples import example_project
from takatof.render.batch import make_card, project_names
from takatof.render.cards import CardJob
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow, new_document
from takatof.ui.render_queue import QueuedRender, RenderQueue

pytestmark = pytest.mark.usefixtures("studio_isolation")


def queued(project_path: Path, out: Path, title: str) -> QueuedRender:
    project = load_project(project_path, project_names())
    return QueuedRender(title, project, out, [CardJob("quote", "instagram-square", "hala")])


def test_a_failing_job_shows_its_error_and_the_queue_goes_on(
    qtbot, project_copy: Path, tmp_path: Path
) -> None:
    queue = RenderQueue()
    qtbot.addWidget(queue)
    afile = tmp_path / "afile"
    afile.write_text("x")
    bad = queue.add(queued(project_copy, afile / "out", "into a file"))
    good = queue.add(queued(project_copy, tmp_path / "out", "fine"))
    assert not good.worker.isRunning() or not bad.worker.isRunning()  # one at a time
    qtbot.waitUntil(lambda: bad.result is not None and good.result is not None, timeout=60000)
    assert "is a file, not a folder" in bad.status.text()
    assert bad.result is not None and not bad.result[1]
    assert (tmp_path / "out" / "cards" / "hala" / "quote-instagram-square.png").is_file()
    assert good.status.text().startswith("Done")


def test_cancelling_a_waiting_job_means_it_never_starts(qtbot, project_copy: Path, tmp_path: Path) -> None:
    queue = RenderQueue()
    qtbot.addWidget(queue)
    first = queue.add(queued(project_copy, tmp_path / "a", "first"))
    second = queue.add(queued(project_copy, tmp_path / "b", "second"))
    second.cancel.click()
    qtbot.waitUntil(lambda: first.result is not None and second.result is not None, timeout=60000)
    assert second.result == ([], True)
    assert not (tmp_path / "b").exists()


def test_finished_and_waiting_rows_follow_a_language_switch(
    qtbot, project_copy: Path, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from takatof.ui.i18n import ArabicTranslator

    queue = RenderQueue()
    qtbot.addWidget(queue)
    done = queue.add(queued(project_copy, tmp_path / "a", "first"))
    qtbot.waitUntil(lambda: done.result is not None, timeout=60000)
    assert done.status.text().startswith("Done")
    translator = ArabicTranslator()
    QApplication.instance().installTranslator(translator)
    try:
        queue.retranslate()
        assert done.status.text().startswith("تم:")
        assert done.open.text() == "إظهار في المجلد" and done.cancel.text() == "إلغاء"
    finally:
        QApplication.instance().removeTranslator(translator)
    queue.retranslate()
    assert done.status.text().startswith("Done")


def test_starts_with_no_project_from_the_bundled_example(qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(new_document(), settings)
    qtbot.addWidget(window)
    assert window.document.path is None
    assert window.document.media_root == example_project().parent.resolve()
    project = window.document.project()
    assert project.resolve("media/hala-1.jpg").is_file()


def test_save_as_elsewhere_keeps_media_and_renders_the_same_card(qtbot, tmp_path: Path) -> None:
    document = new_document()
    job = CardJob("quote", "instagram-square", "hala")
    before = make_card(document.project(), job)
    target = tmp_path / "elsewhere" / "campaign.json"
    target.parent.mkdir()
    document.save(target)
    reopened = load_project(target, project_names())  # every media path resolves
    after = make_card(reopened, job)
    assert after.files == before.files and after.files
    media = json.loads(target.read_text(encoding="utf-8"))["people"][0]["media"]
    assert all((target.parent / m).is_file() for m in media)


def test_save_as_into_a_subfolder_copies_media_inside_it(qtbot, project_copy: Path) -> None:
    """Media must be inside the project folder (unless allowed outside), so a Save As into a
    subfolder copies them there, and the saved file validates as it is."""
    document = Document(load_project(project_copy, project_names()))
    target = project_copy.parent / "drafts" / "campaign.json"
    target.parent.mkdir()
    document.save(target)
    load_project(target, project_names())
    data = json.loads(target.read_text(encoding="utf-8"))
    first = data["people"][0]["media"][0]
    assert first.startswith("media/")
    original = json.loads(project_copy.read_text(encoding="utf-8"))["people"][0]["media"][0]
    assert (target.parent / first).read_bytes() == (project_copy.parent / original).read_bytes()
    # saving again in place copies nothing more and changes nothing
    document.save()
    assert json.loads(target.read_text(encoding="utf-8")) == data


def test_people_from_a_spreadsheet_say_where_to_edit_them(qtbot, tmp_path: Path) -> None:
    import shutil

    from takatof.ui.document import Document

    source = Path(__file__).resolve().parents[1] / "examples" / "support-local"
    shutil.copytree(source, tmp_path / "p")
    document = Document(load_project(tmp_path / "p" / "campaign.json", project_names()))
    (problem,) = document.set("spotlights[15].mention", "@changed")
    assert "businesses.xlsx, sheet Jordan row 17" in problem.message and "edit it there" in problem.message
    assert document.set("people[0].quote.en", "A person from the JSON is editable.") == []
    document.save()
    saved = json.loads((tmp_path / "p" / "campaign.json").read_text(encoding="utf-8"))
    assert saved["spotlights"] == {"from": "businesses.xlsx", "sheet": "Jordan"}
