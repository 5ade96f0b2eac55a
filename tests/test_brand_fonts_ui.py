"""The Studio's brand font field (issue 18, part 3): the bundled families and the project's
own font files to choose from, a preview of the chosen face, each choice one undo step."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QFileDialog

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.ui.document import Document
from takatof.ui.font_field import FontEditor, preview_image, project_fonts
from takatof.ui.inspector import Inspector
from tests.conftest import make_media

SERIF = Path(__file__).parent / "data" / "fonts" / "TestSerif-Latin.ttf"


@pytest.fixture
def document(project_copy: Path) -> Document:
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    (project_copy.parent / "fonts").mkdir()
    shutil.copyfile(SERIF, project_copy.parent / "fonts" / "Brand.ttf")
    return Document(load_project(project_copy, project_names()))


def test_the_field_offers_bundled_families_and_project_fonts(
    qtbot, inspector: Inspector, document: Document, studio_isolation: None
) -> None:
    assert project_fonts(document.media_root) == ["fonts/Brand.ttf"]
    inspector.show_path("brand")
    editor = inspector.editors["brand.fonts.heading"]
    assert isinstance(editor, FontEditor)
    items = [editor.choice.itemData(i) for i in range(editor.choice.count())]
    assert items[:3] == ["sans", "naskh", "fonts/Brand.ttf"]
    assert editor.choice.currentData() == "naskh"
    assert editor.preview.pixmap() is not None and not editor.preview.pixmap().isNull()


def test_choosing_a_project_font_is_one_undo_step(
    qtbot, inspector: Inspector, document: Document, studio_isolation: None
) -> None:
    inspector.show_path("brand")
    editor = inspector.editors["brand.fonts.heading"]
    before = editor.preview.pixmap().toImage()
    editor.choice.setCurrentIndex(editor.choice.findData("fonts/Brand.ttf"))
    editor.choice.activated.emit(editor.choice.currentIndex())
    chosen = document.get("brand.fonts.heading")
    assert (chosen["file"], chosen["fallback"]) == ("fonts/Brand.ttf", "naskh")  # the family it replaced
    assert editor.preview.pixmap().toImage() != before  # the serif, not Naskh's Latin
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: inspector.editors["brand.fonts.heading"].choice.currentData() == "naskh")
    assert document.get("brand.fonts.heading") == "naskh"
    document.undo_stack.redo()
    assert document.get("brand.fonts.heading")["file"] == "fonts/Brand.ttf"


def test_choose_file_adopts_an_outside_font_into_the_project(
    qtbot, inspector: Inspector, document: Document, tmp_path: Path, monkeypatch, studio_isolation: None
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copyfile(SERIF, outside / "House.otf")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(outside / "House.otf"), "Fonts"))
    inspector.show_path("brand")
    editor = inspector.editors["brand.fonts.body"]
    editor.choice.activated.emit(editor.choice.count() - 1)  # "Choose file…"
    written = document.get("brand.fonts.body")["file"]
    assert (document.media_root / written).read_bytes() == SERIF.read_bytes()
    assert not written.startswith("/")


def test_the_preview_draws_the_face() -> None:
    from takatof.templates.layers import BrandFamily

    serif = np.asarray(preview_image(BrandFamily.at(SERIF, None, None, "sans")).convert("L"), np.int16)
    sans = np.asarray(preview_image("sans").convert("L"), np.int16)
    assert (serif < 128).sum() > 200 and np.abs(serif - sans).mean() > 2
