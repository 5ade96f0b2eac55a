"""A spreadsheet's typed cells (dates, times, TRUE/FALSE, 12.0) read per column: written out as
a person would write them in a text column, refused with file, row and column elsewhere."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from takatof.model.project import validate_data
from takatof.model.sheets import (
    CellRefused,
    Style,
    _rows,
    _take_refused,
    cell_value,
    column_kind,
    read_source,
)

openpyxl = pytest.importorskip("openpyxl")

MARCH_4 = dt.datetime(2024, 3, 4)


@pytest.mark.parametrize(
    ("section", "column", "kind"),
    [
        ("people", "name.ar", "ar"),
        ("people", "members_label.en", "en"),
        ("people", "members", "int"),
        ("people", "founded", "int"),
        ("people", "media", "list"),
        ("people", "handles", "list"),
        ("people", "country", "code"),
        ("people", "voiceover", "code"),
        ("people", "captions.en", "code"),  # a captions file's path, not English text
        ("spotlights", "makes.en", "en"),
        ("spotlights", "mention", "code"),
        ("spotlights", "no_such_field", "code"),
    ],
)
def test_column_kinds_come_from_the_model(section: str, column: str, kind: str) -> None:
    assert column_kind(section, column) == kind


LB_ARAB = Style("country", ())
ARAB = Style("arab", ())


@pytest.mark.parametrize(
    ("value", "kind", "style", "country", "expected"),
    [
        (MARCH_4, "en", Style(), None, "4 March 2024"),
        (MARCH_4, "ar", Style(), None, "4 مارس 2024"),
        (MARCH_4, "ar", ARAB, None, "٤ مارس ٢٠٢٤"),
        (MARCH_4, "en", ARAB, None, "4 March 2024"),  # English lines keep Latin digits
        (MARCH_4, "ar", LB_ARAB, "LB", "٤ آذار ٢٠٢٤"),  # Lebanon's month names and digits
        (MARCH_4, "ar", LB_ARAB, "MA", "4 مارس 2024"),  # Morocco writes Latin digits
        (MARCH_4, "ar", Style("country", (("LB", "latn"),)), "LB", "4 آذار 2024"),
        (dt.date(2024, 3, 4), "en", Style(), None, "4 March 2024"),
        (dt.datetime(2024, 3, 4, 14, 30), "en", Style(), None, "4 March 2024, 14:30"),
        (dt.time(14, 30), "en", Style(), None, "14:30"),
        (dt.time(14, 30), "ar", ARAB, None, "٢:٣٠ م"),
        (12.0, "en", Style(), None, "12"),
        (12, "ar", Style(), None, "12"),
        (12.5, "en", Style(), None, "12.5"),
        (0.1 + 0.2, "en", Style(), None, "0.3"),
        (85000.0, "int", Style(), None, 85000),
        (85000, "int", Style(), None, 85000),
        (12.5, "int", Style(), None, 12.5),  # left for validation: "should be a whole number"
        (3.0, "float", Style(), None, 3.0),
        (2019.0, "code", Style(), None, "2019"),
        (True, "bool", Style(), None, True),
        ("4 March", "en", Style(), None, "4 March"),
    ],
)
def test_cell_values(value: Any, kind: str, style: Style, country: str | None, expected: Any) -> None:
    got = cell_value(value, kind, style, country)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    ("value", "kind", "words"),
    [
        (True, "en", "is a TRUE cell"),
        (False, "int", "is a FALSE cell"),
        (MARCH_4, "int", "is a date cell (4 March 2024); this column takes a whole number"),
        (MARCH_4, "code", "is a date cell (4 March 2024); this column takes text typed exactly"),
        (dt.time(9, 5), "list", "is a time cell (09:05)"),
        (dt.timedelta(hours=1), "en", "is a duration cell"),
        (1, "bool", "this column takes TRUE or FALSE"),
    ],
)
def test_refused_cells_say_what_to_type(value: Any, kind: str, words: str) -> None:
    with pytest.raises(CellRefused) as caught:
        cell_value(value, kind)
    assert words in str(caught.value)


def _spotlights_xlsx(path: Path, rows: list[list[Any]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name.ar", "name.en", "makes.ar", "makes.en", "mention"])
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_a_date_cell_reaches_the_card_written_out(example_data: dict[str, Any], tmp_path: Path) -> None:
    """End to end through validation: the spotlight's text is the written-out date in each
    language, with the campaign's Arabic digits; a number typed as 12.0 shows as 12."""
    _spotlights_xlsx(
        tmp_path / "s.xlsx",
        [["souk", "سوق", 12.0, MARCH_4, MARCH_4, "@souk"]],
    )
    example_data["spotlights"] = {"from": "s.xlsx"}
    example_data["brand"]["numerals"] = "arab"
    example_data["brand"].pop("logo", None)
    for person in example_data["people"]:
        person.update(media=[], clips=[])  # no media files in tmp_path (clips' captions go with them)
        person.pop("voiceover", None)
        person.pop("voiceover_captions", None)  # caption files of the voice-over, not copied either
    example_data["video"] = {}
    campaign, problems = validate_data(example_data, tmp_path)
    assert problems == [] and campaign is not None
    (spot,) = campaign.spotlights
    assert (spot.name.en, spot.makes.en, spot.makes.ar) == ("12", "4 March 2024", "٤ مارس ٢٠٢٤")
    assert "00:00" not in spot.makes.en


def test_refused_cells_are_named_by_file_row_and_column_once(
    example_data: dict[str, Any], tmp_path: Path
) -> None:
    _spotlights_xlsx(
        tmp_path / "s.xlsx",
        [
            ["souk", "سوق", "Souk", "خبز", "Bread", "@souk"],
            [MARCH_4, True, "Bakery", "خبز", "Bread", "@bakery"],
        ],
    )
    _, problems = read_source({"from": "s.xlsx"}, tmp_path, "spotlights")
    assert [p.path for p in problems] == ["s.xlsx row 3, column id", "s.xlsx row 3, column name.ar"]
    example_data["spotlights"] = {"from": "s.xlsx"}
    _, problems = validate_data(example_data, tmp_path)
    at_row_3 = [p for p in problems if p.path.startswith("s.xlsx row 3")]
    # The refused cells are not reported a second time as "required field is missing".
    assert [p.path for p in at_row_3] == ["s.xlsx row 3, column id", "s.xlsx row 3, column name.ar"]
    assert "is a date cell (4 March 2024)" in at_row_3[0].message
    assert "is a TRUE cell" in at_row_3[1].message


CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)
KINDS = st.sampled_from(["ar", "en", "int", "float", "bool", "list", "code"])
STYLES = st.builds(Style, st.sampled_from(["latn", "arab", "country", "junk"]), st.just(()))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=CELLS, kind=KINDS, style=STYLES, country=st.one_of(st.none(), st.text(max_size=3)))
@example(value=".0", kind="ar", style=Style(), country=None)  # typed text, not a number shown as 12.0
@example(value=12.0, kind="en", style=Style(), country=None)
def test_any_cell_is_a_value_or_a_refusal(value: Any, kind: str, style: Style, country: Any) -> None:
    """Whatever a cell holds, reading it gives a plain value or a refusal with a message,
    never another exception; a text column never gets Python's own spelling of a date."""
    try:
        got = cell_value(value, kind, style, country)
    except CellRefused as exc:
        assert str(exc)
        return
    assert got is None or isinstance(got, str | int | float | bool)
    if isinstance(value, str):  # text is kept as typed ("v1.0", ".0" included), one line break per CR LF
        assert got == value.replace("\r\n", "\n")
    elif kind in ("ar", "en", "code", "list") and isinstance(got, str):
        assert " 00:00:00" not in got and not got.endswith(".0")
    if isinstance(got, float):
        assert kind in ("int", "float") and (math.isfinite(got) or isinstance(value, float))


ROWS = st.lists(st.lists(CELLS, max_size=8), max_size=6)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS, style=STYLES)
def test_any_sheet_gives_rows_or_problems_at_cells(rows: list[list[Any]], style: Style) -> None:
    """Any table of typed cells under a real header: items of plain values, or problems each
    at the file's row (and column); nothing raises."""
    header: list[Any] = ["id", "name.ar", "name.en", "makes.en", "mention", "members", "media", None]
    items, problems = _rows([header, *rows], "s.xlsx", "people", style)
    refused = 0
    for number, item, _ in items:
        assert 2 <= number <= len(rows) + 1
        refused += len(_take_refused(item))  # as expand does: a refused cell is left out
        assert json.loads(json.dumps(item)) == item  # plain JSON values only
    # Each cell kept out of its row is reported once: a type that does not fit the column, or
    # a required field's cell that shows nothing.
    told = ("this column takes", "holds only spaces or invisible characters", "the control character")
    assert refused == sum(any(t in p.message for t in told) for p in problems)
    for problem in problems:
        assert problem.path.startswith("s.xlsx row ") and problem.message
