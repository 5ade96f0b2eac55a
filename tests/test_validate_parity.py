"""``takatof validate`` and the Studio's Problems panel list the same problems: a problem the
load finds (a missing photo) does not hide those validation finds (a character no font has)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from takatof.cli import main
from takatof.edit.validate import validate
from takatof.model import load_for_editing
from takatof.render.batch import project_names
from tests.conftest import ROOT, make_media, write_project


@pytest.fixture
def broken(project_copy: Path) -> Path:
    """The example with one photo missing and a character no bundled font has."""
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    make_media(project_copy.parent, data)
    data["people"][0]["quote"]["en"] = "We stand \U00013000 together"
    data["people"][1]["media"][0] = "media/nope.jpg"
    return write_project(project_copy.parent, data)


def test_the_cli_lists_what_the_problems_panel_lists(
    capsys: pytest.CaptureFixture[str], qapp: object, broken: Path
) -> None:
    from takatof.ui.document import Document
    from takatof.ui.problems import document_problems

    code = main(["validate", str(broken)])
    _, err = capsys.readouterr()
    assert code == 2
    head, *lines = err.splitlines()
    assert head == f"{broken}: 2 problems"
    project, _ = load_for_editing(broken, project_names())
    panel = [f"  {p}" for p in document_problems(Document(project))]
    assert lines == panel == [f"  {p}" for p in validate(project)]
    assert lines[0].startswith("  people[0].quote.en: no font has '\U00013000' (U+13000)")
    assert lines[1].startswith("  people[1].media[0]: file not found: 'media/nope.jpg'")


def test_a_spreadsheets_problem_is_listed_once_in_its_rows_terms(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The load names a sheet's row and column; validation's second look at the same file
    (at spotlights[12].image) is not listed again."""
    folder = tmp_path / "support-local"
    shutil.copytree(ROOT / "examples" / "support-local", folder)
    (folder / "media" / "place-01.jpg").unlink()
    code = main(["validate", str(folder / "campaign.json")])
    _, err = capsys.readouterr()
    assert code == 2
    lines = err.splitlines()[1:]
    assert lines and len(lines) == len(set(lines))
    assert not any(line.startswith("  spotlights[") for line in lines), err
    assert any(line.startswith("  businesses.xlsx row 2, column image: file not found") for line in lines)
