"""The Studio's Posts panel (pytest-qt, offscreen) on a regional language's post: an en-IN post
made from a project template's English copy (``text.en``) is edited from the panel as the
panel calls :func:`takatof.edit.posts.set_post_copy`, lands in ``text.en`` (no refusal shown),
is one undoable step, and the Undo text says the English copy changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from takatof.model import load_project
from takatof.model.fields import text_paths
from takatof.model.paths import get_at
from takatof.render.batch import project_names
from takatof.render.jobs import all_jobs
from takatof.ui.document import Document
from takatof.ui.posts_panel import PostsPanel
from tests.conftest import make_media

pytestmark = pytest.mark.usefixtures("studio_isolation")

TEMPLATE = {"templates": ["quote"], "platforms": ["instagram"], "text": {"en": "Ours: {quote}"}}


def _regional(project: Path) -> Document:
    """The example project also in English (India) (its texts as in English), its quote cards
    printed in en and en-IN."""
    data = json.loads(project.read_text(encoding="utf-8"))
    data["languages"] = ["ar", "en", "en-IN"]
    for path in text_paths(data):  # every text in en-IN as in English
        text = get_at(data, path)
        if "en" in text:
            text["en-IN"] = text["en"]
    data["outputs"]["cards"][0]["languages"] = ["en", "en-IN"]
    data["publishing"] = {"templates": [TEMPLATE]}
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    make_media(project.parent, data)
    return Document(load_project(project, project_names()))


def test_a_regional_posts_copy_is_edited_in_its_base_language(qtbot: Any, project_copy: Path) -> None:
    panel = PostsPanel(_regional(project_copy))
    qtbot.addWidget(panel)
    panel.show()
    job = next(
        job
        for job in all_jobs(panel.document.project(), None, {"instagram-square"}, {"card"})
        if job.template == "quote" and job.subject == "hala"
    )
    panel.set_job(job)
    panel.select("instagram", "en-IN")
    post = panel.current()
    assert post is not None and post.template == "publishing.templates[0].text.en"
    before = panel.document.data()
    panel.copy.setFocus()
    panel.copy.selectAll()
    panel.copy.insertPlainText("New: {quote}")
    qtbot.waitUntil(lambda: panel.document.data() != before, timeout=3000)
    assert not panel.problem.isVisibleTo(panel), panel.problem.text()  # not refused
    assert panel.document.data()["publishing"]["templates"] == [{**TEMPLATE, "text": {"en": "New: {quote}"}}]
    assert panel.text.toPlainText().startswith("New: ")  # the en-IN post follows its copy
    assert "English (en), which the English (India) (en-IN) post uses" in panel.document.undo_stack.undoText()
    panel.document.undo_stack.undo()
    assert panel.document.data() == before
