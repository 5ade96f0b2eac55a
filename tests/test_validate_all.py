"""``takatof validate`` lists every problem in one pass: a value of the wrong type does not
hide a photo that cannot be read, a character no font has, or a photo too small for a video
shape. The checks that need a whole campaign run on a stand-in for the wrong values, and
nothing is reported at a stand-in's place but the file's own problem."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from takatof.edit.validate import validate_file
from takatof.model import ProjectError, load_for_editing
from takatof.model.project import stand_in
from takatof.render.batch import project_names
from tests.conftest import ROOT, make_media, write_project

GLYPH = "\U00013000"  # an Egyptian hieroglyph: no bundled font has it


def _broken(project_copy: Path, bad: dict[str, Any] | None = None) -> Path:
    """The example cut to two people and one square story: hala's first photo is not an image,
    her second is 100x100 px (too small for a 1080x1080 video), marouan's quote has a
    character no font has, and ``bad`` (path -> value) sets values of the wrong type."""
    folder = project_copy.parent
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["people"] = [p for p in data["people"] if p["id"] in ("hala", "marouan")]
    data["spotlights"] = []
    data["outputs"] = {"cards": [], "videos": [{"template": "story", "presets": ["instagram-square"]}]}
    (folder / "media" / "broken.jpg").write_bytes(b"this is not a picture at all " * 4)
    Image.new("RGB", (100, 100), (200, 40, 40)).save(folder / "media" / "small.jpg")
    data["people"][0]["media"] = ["media/broken.jpg", "media/small.jpg"]
    data["people"][1]["quote"]["en"] = f"Travel {GLYPH} well"
    for path, value in (bad or {}).items():
        target = data
        parts = path.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    make_media(folder, data)
    return write_project(folder, data)


EXPECTED_STARTS = [
    "people[0].media[0]: 'media/broken.jpg' is not an image Takatof can read",
    "people[0].media[1]: 'media/small.jpg' is 100x100 px, too small for a 1080x1080 video",
    "people[1].quote.en: no font has '\U00013000' (U+13000)",
]


def test_every_problem_in_one_validate_run(project_copy: Path) -> None:
    """The issue's case, end to end through the command: all four problems, exit 2."""
    project = _broken(project_copy, {"people.1.members": "lots"})
    done = subprocess.run(
        [sys.executable, "-m", "takatof.entry", "validate", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    head, *lines = done.stderr.splitlines()
    assert head == f"{project}: 4 problems", done.stderr
    lines = [line.strip() for line in lines]
    assert lines[0].startswith(EXPECTED_STARTS[0])
    assert lines[1].startswith(EXPECTED_STARTS[1])
    assert lines[2] == "people[1].members: should be a whole number, got the text 'lots'"
    assert lines[3].startswith(EXPECTED_STARTS[2])


@pytest.mark.parametrize(
    ("bad", "reported"),
    [
        ({}, []),
        ({"people.1.members": "lots"}, ["people[1].members"]),
        ({"people.1.name": "Marouan"}, ["people[1].name"]),  # required, replaced from the example
        ({"people.0.founded": "2019"}, ["people[0].founded"]),  # optional, left out
        ({"people.1.colour": "red"}, ["people[1].colour"]),  # unknown field
        ({"people.1.id": "Marouan Zitane"}, ["people[1].id"]),
        ({"hashtags": "#one"}, ["hashtags"]),
        ({"brand.primary": 12}, ["brand.primary"]),
        ({"title.en": "   "}, ["title.en"]),
        ({"schema_version": "2"}, ["schema_version"]),
        # An unknown preset is named; the known one still holds the photos to its shape.
        ({"outputs.videos.0.presets": ["", "instagram-square"]}, ["outputs.videos[0].presets[0]"]),
    ],
)
def test_a_wrong_value_anywhere_hides_nothing(
    project_copy: Path, bad: dict[str, Any], reported: list[str]
) -> None:
    _assert_problems(_problems(_broken(project_copy, bad)), EXPECTED_STARTS, reported)


@pytest.mark.parametrize(
    ("bad", "reported"),
    [
        ({"outputs.videos.0.presets": ["instagram-square", 5]}, "outputs.videos[0].presets[1]"),
        ({"outputs.videos.0.template": "nope"}, "outputs.videos[0].template"),
    ],
)
def test_a_broken_video_output_checks_no_shape_the_file_does_not_ask_for(
    project_copy: Path, bad: dict[str, Any], reported: str
) -> None:
    """With its only video output wrong, no photo is held to a video shape (a stand-in's
    presets are the example's, not the file's); the rest is still checked."""
    problems = _problems(_broken(project_copy, bad))
    _assert_problems(problems, [EXPECTED_STARTS[0], EXPECTED_STARTS[2]], [reported])
    assert not any("too small" in p.message for p in problems)


def _assert_problems(problems: list[Any], starts: list[str], reported: list[str]) -> None:
    """Each of ``starts`` once, and nothing else but problems at ``reported``."""
    shown = [str(p) for p in problems]
    for start in starts:
        assert sum(line.startswith(start) for line in shown) == 1, (start, shown)
    assert sorted(p.path for p in problems if not any(str(p).startswith(s) for s in starts)) == reported


def _problems(project: Path) -> list[Any]:
    """What ``takatof validate`` lists: a stand-in's problems come as a ProjectError."""
    try:
        return validate_file(project)[1]
    except ProjectError as exc:
        return exc.problems


def test_a_person_written_as_text_is_stood_in_for_as_a_whole(project_copy: Path) -> None:
    """``people[0]`` is not an object: its checks are left out (the example's stand-in media
    are not the file's), and the other person's are all there."""
    problems = _problems(_broken(project_copy, {"people.0": "hala"}))
    assert [p.path for p in problems] == ["people[0]", "people[1].quote.en"], problems


def test_the_studio_never_gets_a_stand_in(project_copy: Path) -> None:
    """A stand-in is for finding problems only: loading to edit or render still refuses a
    file whose values are of the wrong type."""
    project = _broken(project_copy, {"people.1.members": "lots"})
    with pytest.raises(ProjectError):
        load_for_editing(project, project_names())


def test_stand_in_keeps_every_index_and_every_other_value(example_data: dict[str, Any]) -> None:
    example_data["people"][1]["members"] = "lots"
    example_data["people"][2]["name"] = 5
    example_data["people"][0]["nickname"] = "x"
    made = stand_in(example_data)
    assert made is not None
    campaign, replaced = made
    assert sorted(replaced) == ["people[0].nickname", "people[1].members", "people[2].name"]
    assert [p.id for p in campaign.people] == [p["id"] for p in example_data["people"]]
    assert campaign.people[1].name.en == example_data["people"][1]["name"]["en"]
    assert campaign.people[1].quote.en == example_data["people"][1]["quote"]["en"]


def test_nothing_to_stand_in_for_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / "campaign.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        validate_file(tmp_path / "campaign.json")
    assert [str(p) for p in caught.value.problems] == ["the project file must hold one JSON object { ... }"]


def test_a_sheets_rows_are_checked_in_its_own_terms(tmp_path: Path) -> None:
    """Spotlights from an XLSX: a character no font has in one cell and a date in an id cell
    are both listed, by the file's row and column, with the JSON file's own wrong value."""
    openpyxl = pytest.importorskip("openpyxl")
    folder = tmp_path / "support-local"
    shutil.copytree(ROOT / "examples" / "support-local", folder)
    book = openpyxl.load_workbook(folder / "businesses.xlsx")
    sheet = book["Jordan"]
    sheet["C3"] = f"Souk {GLYPH}"
    sheet["A4"] = dt.datetime(2024, 3, 4)
    book.save(folder / "businesses.xlsx")
    data = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    data["people"][0]["members"] = "120"
    write_project(folder, data)
    problems = _problems(folder / "campaign.json")
    assert [p.path for p in problems] == [
        "businesses.xlsx row 3, column name.en",
        "businesses.xlsx row 4, column id",
        "people[0].members",
    ], problems
    assert problems[0].message.startswith(f"no font has '{GLYPH}'")
    assert problems[1].message.startswith("is a date cell (4 March 2024)")
