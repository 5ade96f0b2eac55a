"""Control characters in text, and a sheet's structural faults, told as what they are.

A NUL inside a name used to be accepted and written raw into the alt-text file; a sheet of
10,000 rows was "at most 1000 items, got 5000"; a merged header cell gave "required field is
missing" on every row; a CSV with one NUL byte was "not UTF-8 text". Each is now refused once,
at its JSON path or its file, row and column, with the fix."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from takatof.model.problems import control_message, control_name
from takatof.model.project import validate_data
from takatof.model.sheets import expand, read_source

PEOPLE = ["id", "name.ar", "name.en", "group.ar", "group.en", "country", "country_name.ar"]
PEOPLE += ["country_name.en", "members", "quote.ar", "quote.en", "story.ar", "story.en"]


@pytest.mark.parametrize(
    ("text", "lines", "expected"),
    [
        ("Hala\x00Dahrouge", False, "holds the control character U+0000 (NULL) at position 5;"),
        ("Hala\x00Dahrouge", True, "holds the control character U+0000 (NULL) at position 5;"),
        ("\x1b[31mred", True, "U+001B (ESCAPE) at position 1;"),
        ("a\x85b", True, "U+0085 (NEXT LINE) at position 2;"),
        ("a\x7fb\x01c", True, "U+007F (DELETE) at position 2 (and 1 more);"),
        ("two\nlines", False, "holds a line break, the control character U+000A (LINE FEED), at position 4"),
        ("a\tb", False, "holds a tab, the control character U+0009 (TAB), at position 2"),
        ("a\r\nb", True, "holds a carriage return, the control character U+000D (CARRIAGE RETURN)"),
        ("two\nlines\tand a tab", True, None),
        ("هالة دحروج", False, None),
        ("\u200fHala\u00a0D.", False, None),  # format characters and spaces are not controls
    ],
)
def test_control_message(text: str, lines: bool, expected: str | None) -> None:
    message = control_message(text, lines)
    if expected is None:
        assert message is None
    else:
        assert message is not None and expected in message, message


def test_control_names() -> None:
    assert [control_name(c) for c in "\x00\x07\x1f\x7f\x80\x9f"] == [
        "U+0000 (NULL)",
        "U+0007 (BELL)",
        "U+001F (UNIT SEPARATOR)",
        "U+007F (DELETE)",
        "U+0080 (PADDING CHARACTER)",
        "U+009F (APPLICATION PROGRAM COMMAND)",
    ]


def _set(data: Any, path: str, value: str) -> None:
    parts = path.replace("[", ".").replace("]", "").split(".")
    for part in parts[:-1]:
        data = data[int(part)] if part.isdigit() else data[part]
    if parts[-1].isdigit():
        data[int(parts[-1])] = value
    else:
        data[parts[-1]] = value


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("people[0].name.en", "Hala\x00Dahrouge", "U+0000 (NULL) at position 5; remove it"),
        ("people[0].name.ar", "هالة\x1bدحروج", "U+001B (ESCAPE) at position 5"),
        ("title.en", "Together\x85", "U+0085 (NEXT LINE) at position 9"),
        ("people[0].story.en", "Hala\x00 began", "U+0000 (NULL) at position 5"),
        ("people[0].quote.ar", "\x07نحن", "U+0007 (BELL) at position 1"),
        ("people[0].name.en", "Hala\nDahrouge", "a line break, the control character U+000A"),
        ("call_to_action.ar", "انضمّوا\tإلينا", "a tab, the control character U+0009"),
        ("hashtags[0]", "#Tak\x00atof", "U+0000 (NULL) at position 5"),
    ],
)
def test_control_characters_are_refused_at_their_path(
    example_data: dict[str, Any], project_copy: Path, path: str, value: str, message: str
) -> None:
    root = project_copy.parent
    _set(example_data, path, value)
    campaign, problems = validate_data(example_data, root)
    assert campaign is None
    assert [p.path for p in problems if "control character" in p.message] == [path], problems
    assert message in next(p.message for p in problems if p.path == path)


def test_a_line_break_in_both_languages_of_a_name_is_told_in_each(
    example_data: dict[str, Any], project_copy: Path
) -> None:
    root = project_copy.parent
    example_data["people"][1]["name"] = {"ar": "هالة\nدحروج", "en": "Hala\nDahrouge"}
    _, problems = validate_data(example_data, root)
    assert [p.path for p in problems] == ["people[1].name.ar", "people[1].name.en"], problems


def test_stories_and_quotes_keep_their_line_breaks_and_tabs(
    example_data: dict[str, Any], project_copy: Path
) -> None:
    root = project_copy.parent
    example_data["people"][0]["story"]["en"] = "First paragraph.\n\nSecond\tparagraph."
    example_data["people"][0]["quote"]["ar"] = "سطر أول\nسطر ثانٍ"
    campaign, problems = validate_data(example_data, root)
    assert problems == [] and campaign is not None
    assert campaign.people[0].story.en == "First paragraph.\n\nSecond\tparagraph."
    assert campaign.people[0].quote.ar == "سطر أول\nسطر ثانٍ"


def test_the_cli_refuses_a_nul_in_a_name_before_writing_any_alt_text(
    example_data: dict[str, Any], project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from takatof.cli import main

    example_data["people"][0]["name"]["en"] = "Hala\x00Dahrouge"
    project_copy.write_text(json.dumps(example_data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    command = ["render", str(project_copy), "--out", str(out), "--only", example_data["people"][0]["id"]]
    code = main([*command, "--presets", "instagram-story", "--targets", "cards", "-q"])
    told = "".join(capsys.readouterr())
    assert code == 2, told
    assert "people[0].name.en: holds the control character U+0000 (NULL) at position 5" in told
    assert not out.exists() or list(out.rglob("*.txt")) == []


# ---------------------------------------------------------------------- sheets


def _person_row(person: dict[str, Any], **cells: str) -> list[str]:
    values = {
        "id": person["id"],
        "members": str(person["members"]),
        **{
            f"{k}.{lang}": person[k][lang]
            for k in ("name", "group", "country_name", "quote", "story")
            for lang in ("ar", "en")
        },
        "country": person["country"],
    }
    values.update({k.replace("__", "."): v for k, v in cells.items()})
    return [values[name] for name in PEOPLE]


def _sheet_project(
    data: dict[str, Any], rows: list[list[str]], root: Path, name: str = "people.csv"
) -> dict[str, Any]:
    if name.endswith(".csv"):
        with open(root / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([PEOPLE, *rows])
    data["people"] = {"from": name}
    data["spotlights"] = []
    data.pop("goal", None)
    return data


def test_a_control_character_in_a_sheet_cell_is_told_at_its_row_and_column(
    example_data: dict[str, Any], project_copy: Path
) -> None:
    root = project_copy.parent
    person = example_data["people"][0]
    rows = [
        _person_row(person, name__en="Hala\x01D"),
        _person_row(person, id="second", story__en="One line.\r\nAnother line."),
        _person_row(person, id="third", group__ar="مجموعة\nثانية"),
        _person_row(person, id="fou\x1frth"),
    ]
    data = _sheet_project(example_data, rows, root)
    _, problems = validate_data(data, root)
    told = sorted((p.path, p.message) for p in problems)
    assert [where for where, _ in told] == [
        "people.csv row 2, column name.en",
        "people.csv row 4, column group.ar",
        "people.csv row 5, column id",
    ], told
    assert "U+0001 (START OF HEADING) at position 5" in told[0][1]
    assert "a line break, the control character U+000A (LINE FEED), at position 7" in told[1][1]
    assert "U+001F (UNIT SEPARATOR) at position 4" in told[2][1]
    # The story's CR LF is one line break, kept.
    del data["people"]
    rows = [_person_row(person, story__en="One line.\r\nAnother line.")]
    campaign, problems = validate_data(_sheet_project(data, rows, root), root)
    assert problems == [] and campaign is not None
    assert campaign.people[0].story.en == "One line.\nAnother line."


def test_a_sheet_longer_than_a_campaign_takes_is_told_once(
    example_data: dict[str, Any], project_copy: Path
) -> None:
    root = project_copy.parent
    person = example_data["people"][0]
    rows = [_person_row(person, id=f"p{i}") for i in range(1004)]
    rows.insert(500, [""] * len(PEOPLE))  # an empty row does not count
    data = _sheet_project(example_data, rows, root)
    campaign, problems = validate_data(data, root)
    assert campaign is None
    assert [str(p) for p in problems] == [
        "people.csv: the sheet has more rows than a campaign takes (at most 1000 people); reading "
        "stopped at row 1002, and row 1003 and those after it were not read. Split the sheet into "
        "campaigns of at most 1000"
    ]


def test_a_sheet_of_exactly_the_limit_is_read_whole(example_data: dict[str, Any], project_copy: Path) -> None:
    root = project_copy.parent
    person = example_data["people"][0]
    rows = [_person_row(person, id=f"p{i}") for i in range(1000)]
    campaign, problems = validate_data(_sheet_project(example_data, rows, root), root)
    assert problems == [] and campaign is not None
    assert len(campaign.people) == 1000 and campaign.people[-1].id == "p999"


@pytest.mark.parametrize(
    ("merge", "lost"),
    [
        ("A1:B1", {"name.ar"}),
        ("D1:F1", {"group.en", "country"}),
        ("I1:I1", set()),
        ("J1:M1", {"quote.en", "story"}),
    ],
)
def test_a_merged_header_is_told_once_without_missing_fields(
    example_data: dict[str, Any], project_copy: Path, merge: str, lost: set[str]
) -> None:
    root = project_copy.parent
    person = example_data["people"][0]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(PEOPLE)
    for i in range(6):
        sheet.append(_person_row(person, id=f"p{i}"))
    sheet.merge_cells(merge)
    book.save(root / "people.xlsx")
    data = _sheet_project(example_data, [], root, "people.xlsx")
    campaign, problems = validate_data(data, root)
    assert campaign is None
    assert [p.path for p in problems] == ["people.xlsx row 1"], problems
    assert f"header cells {merge} are merged" in problems[0].message
    assert "unmerge them and give each column its own header" in problems[0].message
    # The rows still load; the fields whose columns the merge hid are left out of each row
    # (so not reported "missing" on every row), and no others.
    data, origins, _ = expand(data, root)
    assert len(data["people"]) == 6
    hidden = {path.removeprefix("people[0].") for path in origins.refused if path.startswith("people[0].")}
    assert hidden == lost


def _csv_bytes(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("utf-8")


def test_a_nul_byte_in_a_csv_is_told_with_its_place(tmp_path: Path) -> None:
    raw = _csv_bytes([["id", "name.ar", "name.en"], ["hala", "هالة", "Hala"], ["rania", "رانيا", "Rania"]])
    offset = raw.index(b"Rania") + 2
    (tmp_path / "p.csv").write_bytes(raw[:offset] + b"\x00" + raw[offset:])
    _, problems = read_source({"from": "p.csv"}, tmp_path, "people")
    assert [p.path for p in problems] == ["people.from"]
    assert problems[0].message.startswith(
        f"p.csv: holds a NUL byte (a zero byte) at row 3, column name.en (byte {offset} of the file)"
    ), problems
    assert "probably not a text export" in problems[0].message


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("id,name.en\nhala,Hala\n".encode("utf-16"), "not UTF-8 text (it looks like UTF-16 or UTF-32)"),
        ("id,name.en\nhala,Hala\n".encode("utf-16-le"), "not UTF-8 text (it looks like UTF-16 or UTF-32)"),
        (b"PK\x03\x04\x14\x00\x00\x00rest of a zip", "is a zip file (an .xlsx workbook?)"),
        (b"\x00id,name.en\n", "holds a NUL byte (a zero byte) at row 1, column A (byte 0 of the file)"),
    ],
)
def test_binary_csv_files_are_told_as_what_they_are(tmp_path: Path, raw: bytes, said: str) -> None:
    (tmp_path / "p.csv").write_bytes(raw)
    _, problems = read_source({"from": "p.csv"}, tmp_path, "people")
    assert len(problems) == 1 and said in problems[0].message, problems
