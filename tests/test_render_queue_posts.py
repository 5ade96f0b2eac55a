"""The Studio's render queue says what a render did with the publishing kit: how many posts it
wrote beside the files, and each post that does not fit its platform as a problem of the row
(the command line's exit 1), never a silent "Done"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.cards import card_jobs
from takatof.ui.render_queue import QueuedRender, RenderQueue
from tests.conftest import make_media, write_project


def _row(qtbot: Any, project: Path, out: Path) -> Any:
    loaded = load_project(project, project_names())
    jobs = [job for job in card_jobs(loaded, {"hala"}, {"x-image"}) if job.template == "quote"]
    queue = RenderQueue()
    qtbot.addWidget(queue)
    queue.add(QueuedRender("hala", loaded, out, jobs))
    row = queue.rows[-1]
    qtbot.waitUntil(lambda: row.result is not None, timeout=60000)
    return row


def test_the_row_counts_the_posts_it_wrote(qtbot: Any, project_copy: Path, tmp_path: Path) -> None:
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    row = _row(qtbot, project_copy, tmp_path / "out")
    assert row.status.text() == "Done: 1 files, 2 posts (posts.json)"  # X, in Arabic and English
    assert (tmp_path / "out" / "posts.json").is_file()


def test_a_post_that_does_not_fit_is_a_problem_of_the_row(
    qtbot: Any, project_copy: Path, tmp_path: Path
) -> None:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    make_media(project_copy.parent, data)
    data["publishing"]["templates"] = [{"platforms": ["x"], "text": {"en": "{story}\n\n{story}"}}]
    row = _row(qtbot, write_project(project_copy.parent, data), tmp_path / "out")
    status = row.status.text()
    assert status.startswith("Finished with problems:"), status
    assert "hala/quote-x-image/x/en" in status and "of 280" in status
