"""A sheet with several faults gives all of them in one pass: a merged range or a formula
without its saved value is a fault of its cells, not of the sheet, so it neither hides the
problems of the other cells and rows nor makes the sheet count as empty ("should have at least
1 item"); a required cell of only spaces is told at its own column, as spaces, not "missing".
The workbooks are written here with openpyxl."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from takatof.edit.validate import validate_file
from takatof.model import ProjectError
from takatof.model.project import load_for_editing
from takatof.model.sheets import _rows, expand, read_source

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["id", "name.ar", "name.en", "group.ar", "group.en", "country", "country_name.ar"]
HEADER += ["country_name.en", "members", "founded", "quote.ar", "quote.en", "story.ar", "story.en"]
HEADER += ["media", "handles"]
BASE = {
    "name.ar": "هالة دحروج",
    "name.en": "Hala Dahrouge",
    "group.ar": "ليبان تروك",
    "group.en": "LibanTroc",
    "country": "LB",
    "country_name.ar": "لبنان",
    "country_name.en": "Lebanon",
    "members": 85000,
    "founded": 2019,
    "quote.ar": "حين نتبادل.",
    "quote.en": "When we swap.",
    "story.ar": "أسّست هالة مجموعة.",
    "story.en": "Hala started it.",
    "media": "media/hala-1.jpg;media/hala-2.jpg",
    "handles": "@libantroc",
}
FAULTS: list[dict[str, Any]] = [
    {},
    {"founded": dt.datetime(2019, 3, 1)},  # row 3: a date cell in a number column
    {"members": "=1000*85"},  # row 4: a formula openpyxl writes without a value
    {},  # rows 5 and 6: C5:C6 (name.en) merged
    {},
    {"name.ar": "   ", "name.en": "\u00a0\u00a0"},  # row 7: a name of spaces
]
MERGED = (
    "cells C5:C6 are merged; unmerge them (Home > Merge & Center > Unmerge Cells in Excel) and "
    "write the value in each row's own cell"
)
BLANK = (
    "the cell holds only spaces or invisible characters ({}), so it reads as empty, and this "
    "field is required; write the {} text"
)
EXPECTED = [
    (
        "people.xlsx row 3, column founded",
        "is a date cell (1 March 2019); this column takes a whole number. Type the value as text "
        "(format the column as Text first), not as a date",
    ),
    (
        "people.xlsx row 4, column members",
        "cell I4 holds the formula =1000*85 without its value; open and save it in Excel (or "
        "LibreOffice) so the value is stored, or type the value instead",
    ),
    ("people.xlsx row 5, column name.en", MERGED),
    ("people.xlsx row 7, column name.ar", BLANK.format("U+0020 SPACE", "Arabic")),
    ("people.xlsx row 7, column name.en", BLANK.format("U+00A0 NO-BREAK SPACE", "English")),
]


def _sheet(path: Path, faults: list[dict[str, Any]], merge: str | None = "C5:C6") -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(HEADER)
    for i, fault in enumerate(faults):
        row = {**BASE, "id": f"p{i + 1}", **fault}
        sheet.append([row.get(h) for h in HEADER])
    if merge:
        sheet.merge_cells(merge)
    book.save(path)


@pytest.fixture
def bad_project(project_copy: Path) -> Path:
    """The example project with its people read from a sheet holding the four faults."""
    _sheet(project_copy.parent / "people.xlsx", FAULTS)
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["people"] = {"from": "people.xlsx", "sheet": "People"}
    data["spotlights"] = []
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return project_copy


def test_validate_lists_every_fault_of_the_sheet_at_once(bad_project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "validate", str(bad_project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 2, out
    lines = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert lines == [f"{where}: {message}" for where, message in EXPECTED], out
    assert "at least 1 item" not in out and "missing" not in out and "Traceback" not in out


def test_the_render_load_refuses_with_the_same_problems(bad_project: Path) -> None:
    """``takatof render`` loads through :func:`load_for_editing`: the same problems, in the
    same order, and nothing else."""
    with pytest.raises(ProjectError) as raised:
        load_for_editing(bad_project)
    assert [(p.path, p.message) for p in raised.value.problems] == EXPECTED
    with pytest.raises(ProjectError) as checked:
        validate_file(bad_project)
    assert [(p.path, p.message) for p in checked.value.problems] == EXPECTED


def test_rows_with_faults_are_reported_and_the_others_load(bad_project: Path) -> None:
    data = json.loads(bad_project.read_text(encoding="utf-8"))
    expanded, origins, problems = expand(data, bad_project.parent)
    assert [(p.path, p.message) for p in problems] == EXPECTED
    people = expanded["people"]
    assert [p["id"] for p in people] == ["p1", "p2", "p3", "p4", "p5", "p6"]
    assert people[0]["name"] == {"ar": "هالة دحروج", "en": "Hala Dahrouge"}
    assert people[0]["members"] == 85000 and people[0]["founded"] == 2019
    assert people[0]["media"] == ["media/hala-1.jpg", "media/hala-2.jpg"]
    # Each faulty cell is left out of its row and noted, so validation does not call it missing;
    # the rest of each faulty row is read as written.
    assert "founded" not in people[1] and people[1]["members"] == 85000
    assert "members" not in people[2] and people[2]["founded"] == 2019
    assert people[3]["name"] == {"ar": "هالة دحروج"} and people[4]["name"] == {"ar": "هالة دحروج"}
    assert people[5]["name"] == {} and people[5]["group"]["en"] == "LibanTroc"
    assert origins.refused == {
        "people[1].founded",
        "people[2].members",
        "people[3].name.en",
        "people[4].name.en",
        "people[5].name.ar",
        "people[5].name.en",
    }


def test_fixing_one_fault_leaves_exactly_the_others(tmp_path: Path) -> None:
    """What the QA run saw as layers (fix the merge, then a new error appears) is one list."""
    _sheet(tmp_path / "a.xlsx", FAULTS, merge=None)
    _, problems = read_source({"from": "a.xlsx"}, tmp_path, "people")
    expected = [(where.replace("people.xlsx", "a.xlsx"), told) for where, told in EXPECTED if told != MERGED]
    assert [(p.path, p.message) for p in problems] == expected
    fixed = [FAULTS[0], FAULTS[1], {}, {}, {}, FAULTS[5]]
    _sheet(tmp_path / "b.xlsx", fixed, merge=None)
    _, problems = read_source({"from": "b.xlsx"}, tmp_path, "people")
    assert [p.path for p in problems] == [
        "b.xlsx row 3, column founded",
        "b.xlsx row 7, column name.ar",
        "b.xlsx row 7, column name.en",
    ]


def test_a_merge_over_empty_rows_makes_no_rows(tmp_path: Path) -> None:
    """A decorative merge below the data is told once; its empty rows are not people with
    every field missing."""
    _sheet(tmp_path / "s.xlsx", [{}], merge="A4:D6")
    rows, problems = read_source({"from": "s.xlsx"}, tmp_path, "people")
    assert [number for number, _, _ in rows] == [2]
    assert [p.path for p in problems] == ["s.xlsx row 4, column id"]
    assert problems[0].message.startswith("cells A4:D6 are merged")


def test_an_unreadable_sheet_is_not_also_an_empty_list(project_copy: Path) -> None:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["people"] = {"from": "gone.xlsx"}
    data["spotlights"] = []
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        validate_file(project_copy)
    assert [p.path for p in raised.value.problems] == ["people.from"]
    assert raised.value.problems[0].message.startswith("file not found: 'gone.xlsx'")


def _ok_row(**changes: Any) -> list[Any]:
    row = {**BASE, "id": "p1", **changes}
    return [row.get(h) for h in [*HEADER, "members_label.ar", "members_label.en"]]


@pytest.mark.parametrize(
    "changes, told",
    [
        ({}, []),
        # A cell of spaces in a field with a default is a field left out: no problem.
        ({"handles": "  ", "media": "\u200b"}, []),
        ({"members_label.ar": " ", "members_label.en": "\u00a0"}, []),
        # ... but not when the other language is given: that one is required then.
        ({"members_label.ar": "عضو", "members_label.en": " "}, ["members_label.en"]),
        # Required fields: told at their own column, text or not.
        ({"story.en": "\u200f \u200e"}, ["story.en"]),
        ({"id": "\u00a0", "country": " "}, ["id", "country"]),
    ],
)
def test_blank_cells_are_refused_where_the_field_is_required(
    changes: dict[str, Any], told: list[str]
) -> None:
    header = [*HEADER, "members_label.ar", "members_label.en"]
    rows, problems = _rows([header, _ok_row(**changes)], "s.csv", "people")
    assert [p.path for p in problems] == [f"s.csv row 2, column {name}" for name in told]
    assert all("holds only spaces or invisible characters" in p.message for p in problems)
    assert len(rows) == 1
