"""The campaign's languages (issue 18): codes checked against CLDR, every text in each declared
language, outputs that choose one or two, missing translations named at their JSON paths, the
same rules for spreadsheet columns, the JSON Schema that states them, and the editing core's
language change. The campaign in five languages is tests/data/multilingual."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from takatof.edit import add_person, apply, new_person
from takatof.model.campaign import SCHEMA_VERSION, Campaign, CaptionFiles, Multilingual
from takatof.model.fields import max_length, media_kind, text_paths
from takatof.model.languages import CODE_PATTERN, language, name_of, normalise, problem
from takatof.model.project import dumps, validate_data
from takatof.model.sheets import column_kind, read_source
from takatof.render.batch import project_names

ROOT = Path(__file__).resolve().parents[1]
FIVE = ROOT / "tests" / "data" / "multilingual"
EXAMPLE = ROOT / "examples" / "community-stories"
Data = dict[str, Any]


# --- codes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["ar", "en", "ur", "hi", "fr", "en-IN", "he", "ar-EG", "zh-Hant", "es-419"])
def test_a_known_code_in_its_canonical_spelling_is_accepted(code: str) -> None:
    assert problem(code) is None


@pytest.mark.parametrize(
    ("code", "told"),
    [
        # not the shape of a code
        ("", "is not a language code"),
        ("e", "is not a language code"),
        ("english", "is not a language code"),
        ("en_IN", "is not a language code"),
        ("en-", "is not a language code"),
        ("ar en", "is not a language code"),
        ("عربي", "is not a language code"),
        # the shape, but CLDR has no such language (or only approximates it)
        ("xx", "unknown language 'xx'"),
        ("qq", "unknown language 'qq'"),
        ("und", "unknown language 'und'"),
        ("en-ZZ", "unknown language 'en-ZZ'"),  # Babel would answer American English
        ("ar-Latn", "unknown language 'ar-Latn'"),  # Babel would drop the script: right-to-left
        # spelt otherwise than BCP-47 writes it
        ("EN", "write the language as 'en'"),
        ("Ar", "write the language as 'ar'"),
        ("en-in", "write the language as 'en-IN'"),
        ("zh-hant", "write the language as 'zh-Hant'"),
        # an old code for a language that has a newer one
        ("iw", "'iw' is an old code; write the language as 'he'"),
        ("in", "write the language as 'id'"),
        ("tl", "write the language as 'fil'"),
    ],
)
def test_a_code_that_is_not_a_language_says_what_to_write(code: str, told: str) -> None:
    why = problem(code)
    assert why is not None and told in why


@pytest.mark.parametrize(
    ("code", "canonical"),
    [("ar", "ar"), ("EN", "en"), ("en-in", "en-IN"), ("ZH-HANT-tw", "zh-Hant-TW"), ("es-419", "es-419")],
)
def test_normalise_spells_a_code_as_bcp47_recommends(code: str, canonical: str) -> None:
    assert normalise(code) == canonical


@pytest.mark.parametrize(
    ("code", "base", "script", "direction", "name", "digits"),
    [
        ("ar", "ar", "Arab", "rtl", "Arabic", "arab"),
        ("en", "en", "Latn", "ltr", "English", "latn"),
        ("ur", "ur", "Arab", "rtl", "Urdu", "arabext"),
        ("hi", "hi", "Deva", "ltr", "Hindi", "deva"),
        ("fr", "fr", "Latn", "ltr", "French", "latn"),
        ("en-IN", "en", "Latn", "ltr", "English (India)", "latn"),
        ("he", "he", "Hebr", "rtl", "Hebrew", "latn"),
    ],
)
def test_what_cldr_says_of_a_language(
    code: str, base: str, script: str, direction: str, name: str, digits: str
) -> None:
    facts = language(code)
    assert (facts.code, facts.base, facts.script, facts.direction, facts.name, facts.native_digits) == (
        code,
        base,
        script,
        direction,
        name,
        digits,
    )
    assert facts.rtl is (direction == "rtl")
    assert name_of(code) == f"{name} ({code})"


def test_an_unknown_code_has_no_facts_and_is_named_as_written() -> None:
    with pytest.raises(ValueError):
        language("xx")
    assert name_of("xx") == "xx"


# --- a campaign in five languages ----------------------------------------------------------------


@pytest.fixture(scope="module")
def five() -> Data:
    return json.loads((FIVE / "campaign.json").read_text(encoding="utf-8"))


def _problems(data: Data, root: Path = FIVE) -> list[tuple[str, str]]:
    _, problems = validate_data(data, root, project_names())
    return [(p.path, p.message) for p in problems]


def test_the_five_language_campaign_is_valid(five: Data) -> None:
    campaign, problems = validate_data(copy.deepcopy(five), FIVE, project_names())
    assert problems == [] and campaign is not None
    assert campaign.languages == ["ar", "en", "ur", "hi", "fr"]
    assert campaign.output_languages(None) == ("ar", "en")
    assert campaign.output_languages(["ur", "en"]) == ("ur", "en")
    assert campaign.people[0].quote.langs == ("ar", "en", "ur", "hi", "fr")


def test_a_default_word_in_the_base_language_serves_a_regional_code(five: Data) -> None:
    """``members_label`` left unwritten has Takatof's English word, which serves ``en-IN``: no
    problem, and the card reads "members"; a written text still needs its own ``en-IN``."""
    data = copy.deepcopy(five)
    data["languages"] = ["ar", "en-IN"]
    for path, _ in _problems(data):
        assert not path.endswith("members_label.en-IN"), path
    campaign = Campaign.model_validate(data)
    assert campaign.people[0].members_label.get("en-IN") == "members"
    assert ("people[0].quote.en-IN" in {p for p, _ in _problems(data)}) is True


def test_each_missing_translation_is_told_once_at_its_path(five: Data) -> None:
    data = copy.deepcopy(five)
    removed = [
        "title.hi",
        "people[0].quote.ur",
        "people[1].name.fr",
        "goal.reward.ar",
        "spotlights[0].makes.en",
    ]
    for path in removed:
        parent, lang = path.rsplit(".", 1)
        _at(data, parent).pop(lang)
    found = _problems(data)
    assert sorted(path for path, _ in found) == sorted(removed), found
    told = dict(found)
    listing = "languages (ar, en, ur, hi, fr)"
    assert (
        told["people[0].quote.ur"]
        == f"no Urdu (ur) text; write it, or remove 'ur' from the campaign's {listing}"
    )
    assert told["title.hi"] == f"no Hindi (hi) text; write it, or remove 'hi' from the campaign's {listing}"
    assert (
        told["goal.reward.ar"]
        == f"no Arabic (ar) text; write it, or remove 'ar' from the campaign's {listing}"
    )


def test_a_text_in_a_language_the_campaign_does_not_declare(five: Data) -> None:
    data = copy.deepcopy(five)
    data["people"][0]["quote"]["de"] = "Gemeinschaft ist Stärke"
    assert _problems(data) == [
        (
            "people[0].quote.de",
            "German (de) is not one of the campaign's languages (ar, en, ur, hi, fr); add 'de' to "
            "languages, or remove this text",
        )
    ]


def test_a_text_keyed_by_something_that_is_not_a_language(five: Data) -> None:
    data = copy.deepcopy(five)
    data["title"]["EN"] = data["title"].pop("en")
    data["tagline"]["english"] = "x"
    found = dict(_problems(data))
    assert found["title.EN"] == "write the language as 'en'"
    assert "is not a language code" in found["tagline.english"]


@pytest.mark.parametrize(
    ("lang", "name"), [("ur", "Urdu"), ("hi", "Hindi"), ("fr", "French"), ("ar", "Arabic"), ("en", "English")]
)
def test_a_blank_text_names_its_language(five: Data, lang: str, name: str) -> None:
    data = copy.deepcopy(five)
    data["people"][1]["story"][lang] = "\u00a0\u200b"
    assert _problems(data) == [
        (
            f"people[1].story.{lang}",
            "holds only spaces or invisible characters (U+00A0 NO-BREAK SPACE, U+200B ZERO WIDTH "
            f"SPACE); write the {name} text",
        )
    ]


def test_an_output_choosing_an_undeclared_language(five: Data) -> None:
    data = copy.deepcopy(five)
    data["outputs"]["cards"][0]["languages"] = ["de"]
    data["outputs"]["videos"][0]["languages"] = ["ur", "he"]
    assert _problems(data) == [
        (
            "outputs.cards[0].languages[0]",
            "German (de) is not one of the campaign's languages (ar, en, ur, hi, fr); declare it "
            "in languages, or choose one of them",
        ),
        (
            "outputs.videos[0].languages[1]",
            "Hebrew (he) is not one of the campaign's languages (ar, en, ur, hi, fr); declare it "
            "in languages, or choose one of them",
        ),
    ]


def test_an_output_of_three_languages_is_refused_saying_why(five: Data) -> None:
    data = copy.deepcopy(five)
    data["outputs"]["cards"][0]["languages"] = ["ar", "en", "ur"]
    assert _problems(data) == [
        (
            "outputs.cards[0].languages",
            "an output prints one language or two, one above the other, and 3 are listed; choose "
            "at most 2, and add another output for the others",
        )
    ]


def test_an_output_needs_a_language_when_it_lists_them(five: Data) -> None:
    data = copy.deepcopy(five)
    data["outputs"]["cards"][0]["languages"] = []
    assert _problems(data) == [("outputs.cards[0].languages", "should have at least 1 item")]


def test_each_language_once(five: Data) -> None:
    data = copy.deepcopy(five)
    data["languages"] = ["ar", "en", "ur", "ar", "hi", "fr"]
    assert _problems(data) == [("languages", "each language once: 'ar' is listed twice")]
    data = copy.deepcopy(five)
    data["outputs"]["cards"][2]["languages"] = ["ur", "ur"]
    assert _problems(data) == [("outputs.cards[2].languages", "each language once: 'ur' is listed twice")]


def test_a_declared_language_must_be_a_code(five: Data) -> None:
    data = copy.deepcopy(five)
    data["languages"][1] = "EN"
    found = dict(_problems(data))
    assert found["languages[1]"] == "write the language as 'en'"


def test_a_campaign_declares_at_least_one_language(five: Data) -> None:
    data = copy.deepcopy(five)
    data["languages"] = []
    assert ("languages", "should have at least 1 item") in _problems(data)


def test_a_single_language_campaign_needs_no_other_text(five: Data) -> None:
    """An Arabic-only campaign: every text in Arabic alone, and no output needs English."""
    data = copy.deepcopy(five)
    data["languages"] = ["ar"]
    for path in text_paths(data):
        text = _at(data, path)
        for lang in list(text):
            if lang != "ar":
                del text[lang]
    for output in [*data["outputs"]["cards"], *data["outputs"]["videos"]]:
        output["languages"] = ["ar"]
    campaign, problems = validate_data(data, FIVE, project_names())
    assert problems == [] and campaign is not None
    assert campaign.output_languages(None) == ("ar",)


def test_a_caption_file_per_language(five: Data) -> None:
    data = copy.deepcopy(five)
    data["people"][0]["captions"] = {"ur": "media/missing.ur.srt", "de": "media/missing.de.srt"}
    found = _problems(data)
    assert any(path == "people[0].captions.ur" and "file not found" in msg for path, msg in found)
    told = "German (de) is not one of the campaign's languages (ar, en, ur, hi, fr); add 'de' to languages, or remove this file"
    assert ("people[0].captions.de", told) in found
    files = CaptionFiles.model_validate({"ar": "a.srt", "ur": "b.vtt"})
    assert files.items() == [("ar", "a.srt"), ("ur", "b.vtt")] and files.get("en") is None
    with pytest.raises(ValidationError) as caught:
        CaptionFiles.model_validate({"EN": "a.srt"})
    assert caught.value.errors()[0]["loc"] == ("EN",)


def test_a_text_assigned_in_python_is_checked_as_a_written_one() -> None:
    text = Multilingual.of({"ar": "هالة", "en": "Hala"})
    text.ur = "ہالہ"  # an extra language, by assignment: validated, kept
    assert text.as_dict() == {"ar": "هالة", "en": "Hala", "ur": "ہالہ"}
    with pytest.raises(ValidationError) as caught:
        text.hi = "\u200b"
    [record] = caught.value.errors()
    assert record["loc"] == ("hi",) and record["msg"].endswith("write the Hindi text")
    assert not text.has("hi"), "a refused assignment leaves the text as it was"
    assert text.replace("fr", "Hala").get("fr") == "Hala" and not text.has("fr")


# --- version 2 files ------------------------------------------------------------------------------


def test_a_version_2_file_is_a_campaign_in_arabic_and_english_saved_as_version_3(
    example_data: Data, tmp_path: Path
) -> None:
    assert "languages" not in example_data
    data = copy.deepcopy(example_data)
    data["schema_version"] = 2
    campaign, problems = validate_data(data, EXAMPLE, project_names())
    assert problems == [] and campaign is not None
    assert campaign.schema_version == SCHEMA_VERSION == 3
    assert campaign.languages == ["ar", "en"]
    assert all(campaign.output_languages(o.languages) == ("ar", "en") for o in campaign.outputs.cards)
    saved = json.loads(dumps(campaign))
    assert saved["schema_version"] == 3
    assert "languages" not in saved, "the default is not written: a round trip changes only the version"
    for section in ("cards", "videos"):
        assert all("languages" not in output for output in saved["outputs"][section])
    assert {k: v for k, v in saved.items() if k != "schema_version"} == {
        k: v for k, v in data.items() if k != "schema_version"
    }


# --- spreadsheets -------------------------------------------------------------------------------

HEADER = ["id", "name.ar", "name.ur", "name.en", "makes.ar", "makes.ur", "makes.en", "mention"]


def _sheet(folder: Path, header: list[str], rows: list[list[Any]], name: str = "shops.csv") -> Data:
    if name.endswith(".xlsx"):
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        for row in [header, *rows]:
            sheet.append(row)
        book.save(folder / name)
    else:
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
    return {"from": name}


def _row(**cells: str) -> list[str]:
    values = {
        "id": "dar",
        "name.ar": "دار الخوص",
        "name.ur": "دار الخوص",
        "name.en": "Dar el Khoos",
        "makes.ar": "سلال",
        "makes.ur": "ٹوکریاں",
        "makes.en": "Baskets",
        "mention": "@darelkhoos",
        **{k.replace("__", "."): v for k, v in cells.items()},
    }
    return [values[name] for name in HEADER]


STYLE_UR = {"languages": ["ar", "ur", "en"]}


def _read(source: Data, folder: Path, campaign: Data = STYLE_UR) -> tuple[list[Any], list[tuple[str, str]]]:
    from takatof.model.sheets import Style

    rows, problems = read_source(source, folder, "spotlights", Style.of(campaign))
    return rows, [(p.path, p.message) for p in problems]


def test_a_column_per_declared_language_is_read_as_text(tmp_path: Path) -> None:
    assert column_kind("spotlights", "makes.ur") == "ur"
    assert column_kind("people", "name.en-IN") == "en-IN"
    rows, problems = _read(_sheet(tmp_path, HEADER, [_row()]), tmp_path)
    assert problems == []
    [(_, item, _)] = rows
    assert item["makes"] == {"ar": "سلال", "ur": "ٹوکریاں", "en": "Baskets"}


def test_a_blank_cell_of_a_declared_language_is_told_at_its_row_and_column(tmp_path: Path) -> None:
    _, problems = _read(_sheet(tmp_path, HEADER, [_row(makes__ur="\u200b ")]), tmp_path)
    assert problems == [
        (
            "shops.csv row 2, column makes.ur",
            "the cell holds only spaces or invisible characters (U+0020 SPACE, U+200B ZERO WIDTH "
            "SPACE), so it reads as empty, and this field is required; write the Urdu text",
        )
    ]


def test_a_blank_cell_in_a_project_is_not_also_a_missing_translation(tmp_path: Path, five: Data) -> None:
    data = copy.deepcopy(five)
    data["languages"] = ["ar", "ur", "en"]
    for path in text_paths(data):
        text = _at(data, path)
        for lang in [lang for lang in text if lang not in data["languages"]]:
            del text[lang]
    for output in [*data["outputs"]["cards"], *data["outputs"]["videos"]]:
        output["languages"] = [lang for lang in output["languages"] if lang in data["languages"]] or ["ar"]
    data["spotlights"] = _sheet(tmp_path, [*HEADER, "person"], [[*_row(name__ur="\u00a0"), "hala"]])
    shutil.copytree(FIVE / "media", tmp_path / "media")
    found = _problems(data, tmp_path)
    assert [path for path, _ in found] == ["shops.csv row 2, column name.ur"], found
    assert found[0][1].endswith("write the Urdu text")


@pytest.mark.parametrize("name", ["shops.csv", "shops.xlsx"])
def test_a_column_in_an_undeclared_language_is_told_once_at_its_header(tmp_path: Path, name: str) -> None:
    header = [*HEADER, "makes.de", "name.EN"]
    rows, problems = _read(_sheet(tmp_path, header, [[*_row(), "Körbe", "x"]] * 3, name), tmp_path)
    assert problems == [
        (
            f"{name} row 1, column makes.de",
            "German (de) is not one of the campaign's languages (ar, ur, en); add 'de' to the "
            "campaign's languages, or remove the column",
        ),
        (f"{name} row 1, column name.EN", "write the language as 'en' (after the '.' of 'name.EN')"),
    ]
    assert all("de" not in item["makes"] and "EN" not in item["name"] for _, item, _ in rows)


def test_a_declared_language_without_a_column_is_told_once(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "makes.ur"]
    rows = [[c for h, c in zip(HEADER, _row(), strict=True) if h != "makes.ur"]] * 4
    _, problems = _read(_sheet(tmp_path, header, rows), tmp_path)
    assert problems == [
        (
            "shops.csv row 1",
            "no column makes.ur: every row needs the Urdu (ur) text of makes (the campaign's "
            "languages are ar, ur, en); add the column",
        )
    ]


def test_a_date_cell_is_written_in_its_columns_language(tmp_path: Path) -> None:
    header = [*HEADER, "name.fr", "makes.fr"]
    rows = [[*_row(), "Dar el Khoos", dt.datetime(2024, 3, 4)]]
    read, problems = _read(
        _sheet(tmp_path, header, rows, "shops.xlsx"), tmp_path, {"languages": ["ar", "ur", "en", "fr"]}
    )
    assert problems == []
    assert read[0][1]["makes"]["fr"] == "4 mars 2024"


def test_a_column_of_a_regional_or_script_code_is_a_field(tmp_path: Path) -> None:
    """``name.en-IN`` is a column like ``name.en``: its hyphen once made it "not a field name"
    while the same check asked for the column."""
    header = ["id", "name.en-IN", "name.hi", "makes.en-IN", "makes.hi", "mention"]
    rows, problems = _read(
        _sheet(tmp_path, header, [["d", "Dar", "दार", "Baskets", "टोकरियाँ", "@d"]]),
        tmp_path,
        {"languages": ["en-IN", "hi"]},
    )
    assert problems == []
    assert rows[0][1]["name"] == {"en-IN": "Dar", "hi": "दार"}


def test_a_sheet_in_none_of_the_campaigns_languages_is_told_at_its_header_only(tmp_path: Path) -> None:
    """Every text column undeclared (the support-local example, in ar/en, declared French):
    one problem per missing and per undeclared column at the sheet's header, not "required
    field is missing" on every row (it was 240 of 246 problems)."""
    shutil.copytree(ROOT / "examples" / "support-local", tmp_path, dirs_exist_ok=True)
    data = json.loads((tmp_path / "campaign.json").read_text(encoding="utf-8"))
    data["languages"] = ["fr"]
    found = _problems(data, tmp_path)
    in_sheet = [(path, message) for path, message in found if path.startswith("businesses.xlsx")]
    assert in_sheet and all(path.startswith("businesses.xlsx row 1") for path, _ in in_sheet), in_sheet
    assert not any("required" in message for _, message in found), found


def test_a_sheet_without_languages_declared_is_read_in_arabic_and_english(tmp_path: Path) -> None:
    header = ["id", "name.ar", "name.en", "makes.ar", "makes.en", "mention"]
    _, problems = _read(
        _sheet(tmp_path, [*header, "name.ur"], [["d", "د", "D", "س", "B", "@d", "ڈ"]]), tmp_path, {}
    )
    assert [path for path, _ in problems] == ["shops.csv row 1, column name.ur"]


# --- JSON Schema ---------------------------------------------------------------------------------


def test_the_schema_states_what_a_text_and_the_languages_are() -> None:
    schema = Campaign.model_json_schema(by_alias=True)
    text = schema["$defs"]["Multilingual"]
    assert text["type"] == "object" and "properties" not in text
    assert text["propertyNames"] == {"pattern": CODE_PATTERN}
    assert (text["minProperties"], text["maxProperties"]) == (1, 12)
    assert text["additionalProperties"] == {"type": "string", "minLength": 1}
    declared = schema["properties"]["languages"]
    assert declared["uniqueItems"] is True and declared["items"]["pattern"] == CODE_PATTERN
    chosen = schema["$defs"]["CardOutput"]["properties"]["languages"]["anyOf"][0]
    assert (chosen["minItems"], chosen["maxItems"], chosen["uniqueItems"]) == (1, 2, True)
    assert schema["$defs"]["CaptionFiles"]["propertyNames"] == {"pattern": CODE_PATTERN}
    assert schema["properties"]["title"]["additionalProperties"]["maxLength"] == 200


@pytest.mark.parametrize(
    ("code", "matches"),
    [("ar", True), ("en-IN", True), ("zh-Hant-TW", True), ("es-419", True), ("EN", False), ("en_IN", False)],
)
def test_the_schemas_code_pattern(code: str, matches: bool) -> None:
    """The pattern an editor checks keys against: what the model accepts matches it."""
    assert bool(re.match(CODE_PATTERN, code)) is matches
    if problem(code) is None:
        assert matches


_COUNTS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")
_TYPES = {"string", "integer", "number", "boolean", "object", "array", "null"}


def _check_schema(node: Any, where: str, bad: list[str]) -> None:
    """The keywords of a JSON Schema (draft 2020-12) node, recursively: each of the right
    kind (jsonschema is not a dependency; this covers every keyword the schema uses)."""
    if not isinstance(node, dict):
        bad.append(f"{where}: not an object")
        return
    for key in _COUNTS:
        if key in node and not (isinstance(node[key], int) and node[key] >= 0):
            bad.append(f"{where}.{key}")
    if "pattern" in node:
        try:
            re.compile(node["pattern"])
        except (re.error, TypeError):
            bad.append(f"{where}.pattern")
    if "type" in node and node["type"] not in _TYPES:
        bad.append(f"{where}.type")
    if "uniqueItems" in node and not isinstance(node["uniqueItems"], bool):
        bad.append(f"{where}.uniqueItems")
    if "required" in node and not all(isinstance(r, str) for r in node["required"]):
        bad.append(f"{where}.required")
    if "$ref" in node and not node["$ref"].startswith("#/$defs/"):
        bad.append(f"{where}.$ref")
    for key in ("properties", "$defs"):
        for name, sub in node.get(key, {}).items():
            _check_schema(sub, f"{where}.{key}.{name}", bad)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for i, sub in enumerate(node.get(key, [])):
            _check_schema(sub, f"{where}.{key}[{i}]", bad)
    for key in ("items", "propertyNames", "not"):
        if key in node:
            _check_schema(node[key], f"{where}.{key}", bad)
    if isinstance(node.get("additionalProperties"), dict):
        _check_schema(node["additionalProperties"], f"{where}.additionalProperties", bad)
    elif "additionalProperties" in node and not isinstance(node["additionalProperties"], bool):
        bad.append(f"{where}.additionalProperties")


def test_the_schema_is_well_formed() -> None:
    schema = Campaign.model_json_schema(by_alias=True)
    bad: list[str] = []
    _check_schema(schema, "", bad)
    assert bad == []
    refs = set(re.findall(r'"\$ref": "#/\$defs/([^"]+)"', json.dumps(schema)))
    assert refs <= set(schema["$defs"]), "every $ref names a definition"


# --- the command line ---------------------------------------------------------------------------


def test_validate_names_every_missing_translation(tmp_path: Path, five: Data) -> None:
    """The installed command, as a producer runs it: exit 2, each gap by its JSON path."""
    data = copy.deepcopy(five)
    del data["people"][0]["quote"]["ur"]
    del data["people"][1]["story"]["hi"]
    del data["title"]["fr"]
    shutil.copytree(FIVE / "media", tmp_path / "media")
    (tmp_path / "campaign.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "validate", str(tmp_path / "campaign.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    told = [line.strip() for line in result.stderr.splitlines()]
    assert (
        "people[0].quote.ur: no Urdu (ur) text; write it, or remove 'ur' from the campaign's languages (ar, en, ur, hi, fr)"
        in told
    )
    assert any(line.startswith("people[1].story.hi: no Hindi (hi) text") for line in told)
    assert any(line.startswith("title.fr: no French (fr) text") for line in told)
    assert "3 problems" in result.stderr


# --- fields and edits ---------------------------------------------------------------------------


def test_fields_know_texts_and_caption_files_in_any_language(five: Data) -> None:
    from takatof.model.campaign import Person

    assert media_kind("people[0].captions.ur") == media_kind("people[0].captions.ar") == "captions"
    assert media_kind("people[0].name.ur") == "any"
    assert max_length(Person.model_fields["story"]) == 5000
    assert max_length(Person.model_fields["name"]) == 200
    paths = text_paths(five)
    assert {"title", "people[0].quote", "people[1].name", "goal.reward", "spotlights[0].makes"} <= set(paths)
    assert all(isinstance(_at(five, path), dict) for path in paths)
    assert text_paths({"people": {"from": "people.csv"}, "title": "not a text"}) == []


def test_a_new_person_has_placeholders_only_in_the_campaigns_languages(five: Data) -> None:
    assert new_person("p", ["ar", "en"])["name"] == {"ar": "اسم جديد", "en": "New person"}
    assert new_person("p", ["ur", "en"])["name"] == {"en": "New person"}  # Urdu is to be written
    added = add_person(five).changes[0].new[-1]
    assert set(added["quote"]) == {"ar", "en"}
    data = apply(five, add_person(five))
    found = _problems(data)
    assert {path for path, _ in found} == {
        f"people[2].{field}.{lang}"
        for field in ("name", "group", "country_name", "quote", "story")
        for lang in ("ur", "hi", "fr")
    }


# --- fuzz ----------------------------------------------------------------------------------------

_KEYS = st.one_of(
    st.sampled_from(
        ["ar", "en", "ur", "hi", "fr", "en-IN", "he", "EN", "xx", "und", "iw", "__pydantic_extra__"]
    ),
    st.text(max_size=12),
)
_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "\u200b", "\x00", "a\nb", "\ud800", "هالة"]),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_KEYS, _VALUES, max_size=14) | _VALUES)
def test_any_text_value_is_accepted_or_refused_with_a_validation_error(value: Any) -> None:
    for model in (Multilingual, CaptionFiles):
        try:
            text = model.model_validate(value)
        except ValidationError as error:
            for record in error.errors():
                assert isinstance(record["msg"], str) and record["msg"]
            continue
        if isinstance(text, Multilingual):
            assert all(problem(lang) is None for lang in text.langs)
            assert text.as_dict() == value


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_a_fuzzed_text_in_a_project_gives_problems_never_a_traceback(value: Any) -> None:
    data = json.loads((EXAMPLE / "campaign.json").read_text(encoding="utf-8"))
    data["people"][0]["quote"] = value
    data["title"] = value
    campaign, problems = validate_data(data, EXAMPLE, project_names())
    assert (campaign is None) == bool(problems)
    assert all(p.message for p in problems)


def _at(data: Any, path: str) -> Any:
    from takatof.model.paths import get_at

    return get_at(data, path)


def test_removing_a_language_works_on_a_campaign_with_an_unrelated_problem(five: Data) -> None:
    """The edit walks the texts as written: a member count typed as text elsewhere in the file
    (a validation problem of its own) does not stop the Studio from dropping a language."""
    from takatof.edit import remove_language

    data = copy.deepcopy(five)
    data["people"][0]["members"] = "lots"
    edit = remove_language(data, "ur")
    removed = {change.path for change in edit.changes[1:]}
    assert "people[0].quote.ur" in removed and "title.ur" in removed
    assert all(path.endswith(".ur") or ".languages" in path for path in removed), removed


def test_removing_a_language_takes_it_out_of_a_persons_own_cues(five: Data) -> None:
    """A person's own caption cues (``people[i].cues``) keep texts in a plain dict the model's
    text types do not find: removing the language removes it there too, a cue left with no
    text goes, and the campaign still validates (a cue in an undeclared language would not)."""
    from takatof.edit import apply, remove_language

    data = copy.deepcopy(five)
    data["people"][0]["cues"] = [
        {"start_s": 4.0, "end_s": 6.0, "text": {"ar": "مرحبا", "ur": "سلام"}},
        {"start_s": 6.5, "end_s": 8.0, "text": {"ur": "صرف اردو"}},
    ]
    edit = remove_language(data, "ur")
    after = apply(data, edit)
    assert after["people"][0]["cues"] == [{"start_s": 4.0, "end_s": 6.0, "text": {"ar": "مرحبا"}}]
    _campaign, problems = validate_data(after, EXAMPLE, project_names())
    assert not [p for p in problems if "cues" in p.path], problems
    assert apply(after, edit.inverse()) == data
