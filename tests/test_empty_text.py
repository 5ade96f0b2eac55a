"""Text that shows nothing (spaces, no-break spaces, zero-width characters, bidi marks) is
refused at its JSON path, in every field a person reads, and in spreadsheet cells alike."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from takatof.model.campaign import Multilingual, is_blank
from takatof.model.project import validate_data

BLANKS = {
    "spaces": "   ",
    "tab and newline": "\t\n",
    "no-break space": "\u00a0",
    "narrow no-break space": "\u202f",
    "figure space": "\u2007",
    "ideographic space": "\u3000",
    "zero-width space": "\u200b",
    "zero-width joiners": "\u200c\u200d",
    "bidi marks": "\u200e\u200f\u061c",
    "bidi isolates": "\u2066\u2069",
    "byte-order mark": "\ufeff",
    "variation selector": "\ufe0f",
    "hangul filler": "\u3164",
    "braille blank": "\u2800",
}


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        *((text, True) for text in BLANKS.values()),
        ("", True),
        ("Hala", False),
        (" هالة ", False),
        ("\u200fهالة", False),
        ("·", False),
        ("\u064b", False),  # a lone tashkeel mark is drawn (on a dotted circle)
        ("0", False),
    ],
)
def test_is_blank(text: str, blank: bool) -> None:
    assert is_blank(text) is blank


# Per-language objects that hold file paths, not text a person reads (a story's caption
# files, a voice-over's or a clip's speech captions): a blank one is a missing file.
FILE_FIELDS = frozenset({"captions", "voiceover_captions"})


def _bilingual_paths(data: Any, path: str = "") -> list[str]:
    """The JSON path of every language of every two-language text in ``data``."""
    found: list[str] = []
    if isinstance(data, dict):
        if set(data) == {"ar", "en"} and all(isinstance(v, str) for v in data.values()):
            return [f"{path}.ar", f"{path}.en"]
        for key, value in data.items():
            if key not in FILE_FIELDS:
                found += _bilingual_paths(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _bilingual_paths(value, f"{path}[{i}]")
    return found


def _set(data: Any, path: str, value: str) -> None:
    parts = path.replace("[", ".").replace("]", "").split(".")
    for part in parts[:-1]:
        data = data[int(part)] if part.isdigit() else data[part]
    data[parts[-1]] = value


def test_every_text_field_refuses_blank_text(example_data: dict[str, Any], tmp_path: Path) -> None:
    """Every two-language text of the example (names, quotes, stories, titles, labels...),
    each made blank in turn, is refused at exactly its path, saying which language to write."""
    paths = _bilingual_paths(example_data)
    assert {"title.en", "people[0].name.ar", "people[0].quote.en", "people[0].story.ar"} <= set(paths)
    assert len(paths) > 30
    for i, path in enumerate(paths):
        data = json.loads(json.dumps(example_data))
        blank = list(BLANKS.values())[i % len(BLANKS)]
        _set(data, path, blank)
        campaign, problems = validate_data(data, tmp_path)
        blank_problems = [p for p in problems if "invisible characters" in p.message]
        assert [p.path for p in blank_problems] == [path], (path, problems)
        language = "Arabic" if path.endswith(".ar") else "English"
        assert blank_problems[0].message.endswith(f"write the {language} text")
        assert campaign is None


def test_the_message_names_the_invisible_characters() -> None:
    with pytest.raises(ValueError) as caught:
        Multilingual(ar="\u00a0\u200b", en="Hala")
    message = str(caught.value)
    assert "U+00A0 NO-BREAK SPACE" in message and "U+200B ZERO WIDTH SPACE" in message


def test_visible_text_around_invisible_characters_is_kept() -> None:
    text = Multilingual(ar="\u2067هالة\u2069", en="\u00a0Hala\u200b")
    assert text.ar == "\u2067هالة\u2069" and text.en == "\u00a0Hala\u200b"


@pytest.mark.parametrize("tag", ["#\u200b", "#\u200f\u200e", "#\ufe0f"])
def test_a_hashtag_with_no_visible_word_is_refused(
    example_data: dict[str, Any], tmp_path: Path, tag: str
) -> None:
    example_data["hashtags"][1] = tag
    _, problems = validate_data(example_data, tmp_path)
    hashtag = [p for p in problems if p.path.startswith("hashtags")]
    assert [p.path for p in hashtag] == ["hashtags[1]"]
    assert "no visible word after '#'" in hashtag[0].message


def test_a_blank_sheet_cell_is_refused_at_its_row_and_column(
    example_data: dict[str, Any], tmp_path: Path
) -> None:
    """A cell of invisible characters is an empty cell: a required field left empty is named
    by the file's row and column, never passed on as a name that shows nothing."""
    person = example_data["people"][0]
    header = ["id", "name.ar", "name.en", "group.ar", "group.en", "country", "country_name.ar"]
    header += ["country_name.en", "members", "quote.ar", "quote.en", "story.ar", "story.en"]
    row = [
        person["id"],
        person["name"]["ar"],
        "\u200b\u00a0",
        person["group"]["ar"],
        person["group"]["en"],
        person["country"],
        person["country_name"]["ar"],
        person["country_name"]["en"],
        "85000",
        person["quote"]["ar"],
        person["quote"]["en"],
        "\u200f \u200e",
        person["story"]["en"],
    ]
    with open(tmp_path / "people.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, row])
    example_data["people"] = {"from": "people.csv"}
    example_data["spotlights"] = []
    example_data.pop("goal", None)
    _, problems = validate_data(example_data, tmp_path)
    shown = {(p.path, p.message) for p in problems if p.path.startswith("people.csv")}
    # Told as what the cell holds (it looks filled in to whoever typed the spaces), not as
    # "missing", with the invisible characters named.
    blank = "the cell holds only spaces or invisible characters ({}), so it reads as empty, and "
    blank += "this field is required; write the {} text"
    assert shown == {
        (
            "people.csv row 2, column name.en",
            blank.format("U+00A0 NO-BREAK SPACE, U+200B ZERO WIDTH SPACE", "English"),
        ),
        (
            "people.csv row 2, column story.ar",
            blank.format("U+0020 SPACE, U+200E LEFT-TO-RIGHT MARK, U+200F RIGHT-TO-LEFT MARK", "Arabic"),
        ),
    }, problems
