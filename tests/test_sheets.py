"""Spreadsheets as a source of people and spotlights: CSV as Excel writes it, XLSX, and
problems told as the spreadsheet's file, row and column."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from takatof.model.problems import Problem
from takatof.model.sheets import expand, read_source

HEADER = "id,name.ar,name.en,makes.ar,makes.en,mention,hashtag,handles"
ROW = "dar-el-khoos,دار الخوص,Dar El Khoos,سلال من الخوص,Palm-leaf baskets,@darelkhoos,#ادعم_المحلي,@a;@b"

SEMI = HEADER.replace(",", ";") + "\r\n" + ROW.replace(",", ";").replace("@a;@b", '"@a;@b"') + "\r\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    "text, encoding",
    [
        (f"{HEADER}\n{ROW}\n", "utf-8"),
        (f"{HEADER}\n{ROW}\n", "utf-8-sig"),  # Excel's "CSV UTF-8" has a BOM
        (SEMI, "utf-8"),
    ],
    ids=["comma", "bom", "semicolon-crlf"],
)
def test_csv_as_excel_writes_it(tmp_path: Path, text: str, encoding: str) -> None:
    write(tmp_path / "b.csv", text, encoding)
    rows, problems = read_source({"from": "b.csv"}, tmp_path, "spotlights")
    assert problems == []
    ((number, item, _),) = rows
    assert number == 2
    assert item["name"] == {"ar": "دار الخوص", "en": "Dar El Khoos"}
    assert item["handles"] == ["@a", "@b"]
    assert item["hashtag"] == "#ادعم_المحلي"


def test_xlsx_with_a_named_sheet_and_numbers(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Other"
    sheet = book.create_sheet("Jordan")
    sheet.append(["id", "name.ar", "name.en", "members", "media"])
    sheet.append(["amman-runners", "عدّاؤو عمّان", "Amman Runners", 1200, "media/a.jpg; media/b.jpg"])
    sheet.append([None, None, None, None, None])  # an empty row is skipped
    book.save(tmp_path / "people.xlsx")
    rows, problems = read_source({"from": "people.xlsx", "sheet": "Jordan"}, tmp_path, "people")
    assert problems == []
    ((number, item, _),) = rows
    assert number == 2 and item["members"] == 1200 and item["media"] == ["media/a.jpg", "media/b.jpg"]
    _, problems = read_source({"from": "people.xlsx", "sheet": "Iraq"}, tmp_path, "people")
    assert problems[0].path == "people.sheet" and "has no sheet 'Iraq'" in problems[0].message


def test_problems_are_told_as_file_row_and_column(tmp_path: Path) -> None:
    write(tmp_path / "b.csv", f"{HEADER}\n{ROW}\n" + ROW.replace("dar-el-khoos", "second") + "\n")
    data, origins, problems = expand({"spotlights": {"from": "b.csv"}}, tmp_path)
    assert problems == [] and len(data["spotlights"]) == 2
    told = origins.locate(Problem("spotlights[1].mention", "'@ab cd' is not an @handle"))
    assert told == Problem("b.csv row 3, column mention", "'@ab cd' is not an @handle")
    assert origins.locate(Problem("spotlights[0].name.ar", "x")).path == "b.csv row 2, column name.ar"
    assert origins.locate(Problem("spotlights[0].image", "x")).path == "b.csv row 2, column image"
    assert origins.locate(Problem("people[0].id", "x")).path == "people[0].id"


@pytest.mark.parametrize(
    "source, where, message",
    [
        ({"from": "missing.csv"}, "people.from", "file not found"),
        ({"from": "b.pdf"}, "people.from", "not a CSV or XLSX"),
        ({"from": "../outside.csv"}, "people.from", "outside the project folder"),
        ({"from": "b.csv", "tab": "x"}, "people.tab", "unknown key"),
        ({"from": 3}, "people.from", "spreadsheet's file name"),
    ],
)
def test_bad_sources(tmp_path: Path, source: dict, where: str, message: str) -> None:
    project = tmp_path / "p"
    project.mkdir()
    write(project / "b.csv", f"{HEADER}\n{ROW}\n")
    write(project / "b.pdf", "%PDF")
    write(tmp_path / "outside.csv", f"{HEADER}\n{ROW}\n")
    _, problems = read_source(source, project, "people")
    assert any(p.path == where and message in p.message for p in problems), problems


def test_bad_header_and_encoding(tmp_path: Path) -> None:
    write(tmp_path / "b.csv", "id,name ar\nx,y\n")
    _, problems = read_source({"from": "b.csv"}, tmp_path, "people")
    assert problems == [Problem("b.csv row 1, column B", "'name ar' is not a field name like 'name.ar'")]
    write(tmp_path / "c.csv", "id,name.ar\nx,\u0645\n", "utf-16")
    _, problems = read_source({"from": "c.csv"}, tmp_path, "people")
    assert "not UTF-8" in problems[0].message


# ---------------------------------------------------------------------- through the loader

SUPPORT_LOCAL = Path(__file__).resolve().parents[1] / "examples" / "support-local"


def test_the_support_local_example_loads_120_businesses_from_its_sheet() -> None:
    from takatof.model import dumps, load_project
    from takatof.render.batch import project_names

    project = load_project(SUPPORT_LOCAL / "campaign.json", project_names())
    assert len(project.campaign.spotlights) >= 100
    assert project.campaign.spotlights[0].name.en and project.campaign.spotlights[0].image
    saved = json.loads(dumps(project.campaign))
    assert saved["spotlights"] == {"from": "businesses.xlsx", "sheet": "Jordan"}  # the reference, not rows


def test_every_bad_cell_is_told_with_its_row_and_column(tmp_path: Path) -> None:
    from takatof.model import ProjectError, load_project
    from takatof.render.batch import project_names

    shutil.copytree(SUPPORT_LOCAL, tmp_path / "p")
    rows = [HEADER, ROW]
    for k in range(20):
        rows.append(ROW.replace("dar-el-khoos", f"shop-{k}"))
    rows[16] = rows[16].replace("@darelkhoos", "@ab cd")  # spreadsheet row 17
    rows[5] = rows[5].replace("shop-3", "Shop 3")  # row 6: not an id
    write(tmp_path / "p" / "businesses.csv", "\n".join(rows) + "\n")
    edit = json.loads((tmp_path / "p" / "campaign.json").read_text(encoding="utf-8"))
    edit["spotlights"] = {"from": "businesses.csv"}
    (tmp_path / "p" / "campaign.json").write_text(json.dumps(edit, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectError) as error:
        load_project(tmp_path / "p" / "campaign.json", project_names())
    told = {p.path: p.message for p in error.value.problems}
    assert "is not an @handle" in told["businesses.csv row 17, column mention"]
    assert "businesses.csv row 6, column id" in told
