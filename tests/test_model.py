"""The project model: loading, collected validation with exact messages, media checks, atomic
save and migrations. Messages are asserted word for word: they are the product for a producer
fixing a file, and a silent change to them is a regression."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pydantic import TypeAdapter

from takatof.model import (
    SCHEMA_VERSION,
    Campaign,
    MediaItem,
    Person,
    ProjectError,
    dumps,
    load_for_editing,
    load_project,
    save_project,
    validate_data,
)
from takatof.model import project as project_module
from takatof.model.paths import get_at, with_value
from takatof.model.problems import BROKEN_CHARACTER
from takatof.model.project import all_media, migrate
from takatof.render.batch import project_names
from tests.conftest import EXAMPLE, EXAMPLE_DIR, ROOT, make_media, write_project

Data = dict[str, Any]


@pytest.fixture
def root(tmp_path: Path, example_data: Data) -> Path:
    """A project folder holding (tiny) copies of every media file the example names, so
    validation reports only the problem a test introduces."""
    folder = tmp_path / "project"
    folder.mkdir()
    make_media(folder, example_data)
    return folder.resolve()


@pytest.fixture
def copy_with_media(project_copy: Path) -> Path:
    """The example copied, with its media generated when the real files are not there yet."""
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    return project_copy


def problems_of(data: Any, root: Path, **kwargs: Any) -> list[tuple[str, str]]:
    campaign, problems = validate_data(data, root, project_names(), **kwargs)
    assert (campaign is None) == bool(problems)
    return [(p.path, p.message) for p in problems]


# --- the example -----------------------------------------------------------------------------


def test_example_loads(example_path: Path) -> None:
    project = load_project(example_path, project_names())
    assert [p.id for p in project.campaign.people] == ["hala", "marouan", "rania", "ibrahim"]
    assert project.root == EXAMPLE_DIR.resolve()
    assert project.resolve("media/hala-1.jpg") == (EXAMPLE_DIR / "media" / "hala-1.jpg").resolve()


def test_example_data_is_valid(example_data: Data, root: Path) -> None:
    """Baseline for the mutation table: the unmutated example has no problem at all."""
    assert problems_of(example_data, root) == []


# --- one mutation, exact problems --------------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[Data], None]:
    """A mutation that sets a dotted/indexed path (``people.0.members``) to ``value``."""

    def apply(data: Data) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return apply


def _delete_quote(data: Data) -> None:
    del data["people"][0]["quote"]


def _no_people(data: Data) -> None:
    data["people"] = []
    data["spotlights"] = []  # its person would otherwise be unknown too


TEMPLATES = ", ".join(sorted(project_names().templates))
PRESETS = ", ".join(sorted(project_names().presets))

MUTATIONS: list[tuple[str, Callable[[Data], None], list[tuple[str, str]]]] = [
    ("missing-field", _delete_quote, [("people[0].quote", "required field is missing; add it")]),
    (
        "members-text",
        _set("people.0.members", "many"),
        [("people[0].members", "should be a whole number, got the text 'many'")],
    ),
    (
        "members-fraction",
        _set("people.0.members", 3.5),
        [("people[0].members", "should be a whole number, got the number 3.5")],
    ),
    (
        "members-list",
        _set("people.1.members", [1]),
        [("people[1].members", "should be a whole number, got a list")],
    ),
    (
        "members-negative",
        _set("people.0.members", -5),
        [("people[0].members", "should be at least 0, got -5")],
    ),
    (
        "name-not-object",
        _set("people.0.name", "Hala"),
        [("people[0].name", "should be an object {...}, got the text 'Hala'")],
    ),
    ("empty-text", _set("title.en", ""), [("title.en", "should not be empty")]),
    (
        "bad-colour",
        _set("brand.primary", "green"),
        [("brand.primary", "'green' is not a colour; write it like '#1E6B52'")],
    ),
    (
        "bad-numerals",
        _set("brand.numerals", "roman"),
        [("brand.numerals", "should be one of 'latn', 'native', 'arab' or 'country', got the text 'roman'")],
    ),
    (
        "hashtag-without-hash",
        _set("hashtags.0", "CommunityStoriesMENA"),
        [
            (
                "hashtags[0]",
                "'CommunityStoriesMENA' is not a hashtag (one word starting with #); "
                "write it like '#التكاتف_قوّة'",
            )
        ],
    ),
    (
        "hashtag-two-words",
        _set("hashtags.1", "#two words"),
        [
            (
                "hashtags[1]",
                "'#two words' is not a hashtag (one word starting with #); write it like '#التكاتف_قوّة'",
            )
        ],
    ),
    (
        "bad-handle",
        _set("people.0.handles.0", "libantroc"),
        [("people[0].handles[0]", "'libantroc' is not an @handle; write it like '@libantroc'")],
    ),
    (
        "bad-mention",
        _set("spotlights.0.mention", "@dar el khoos"),
        [("spotlights[0].mention", "'@dar el khoos' is not an @handle; write it like '@libantroc'")],
    ),
    (
        "bad-country",
        _set("people.0.country", "Lebanon"),
        [("people[0].country", "'Lebanon' is not a two-letter country code; write it like 'LB'")],
    ),
    (
        "lower-case-country",
        _set("people.0.country", "lb"),
        [("people[0].country", "'lb' is not a two-letter country code; write it like 'LB'")],
    ),
    (
        "bad-id",
        _set("people.0.id", "Hala Dahrouge"),
        [
            (
                "people[0].id",
                "'Hala Dahrouge' is not a valid id (lower-case letters, digits, '-'); write it like 'hala'",
            )
        ],
    ),
    (
        "founded-too-early",
        _set("people.0.founded", 1066),
        [("people[0].founded", "should be at least 1900, got 1066")],
    ),
    ("goal-target-zero", _set("goal.target", 0), [("goal.target", "should be more than 0, got 0")]),
    (
        "unknown-field-suggested",
        _set("people.0.membrs", 85000),
        [("people[0].membrs", "unknown field 'membrs'; did you mean 'members'?")],
    ),
    (
        "unknown-nested-field-suggested",
        _set("brand.primry", "#000000"),
        [("brand.primry", "unknown field 'primry'; did you mean 'primary'?")],
    ),
    (
        "unknown-top-field-suggested",
        _set("hashtag", ["#x"]),
        [("hashtag", "unknown field 'hashtag'; did you mean 'hashtags'?")],
    ),
    (
        "unknown-field-no-suggestion",
        _set("people.0.favourite_food", "kibbeh"),
        [("people[0].favourite_food", "unknown field 'favourite_food'; remove it or check the spelling")],
    ),
    (
        "unknown-template",
        _set("outputs.cards.0.template", "qoute"),
        [
            (
                "outputs.cards[0].template",
                f"unknown template 'qoute'; did you mean 'quote'? (known: {TEMPLATES})",
            )
        ],
    ),
    (
        "unknown-template-no-suggestion",
        _set("outputs.cards.0.template", "banner"),
        [("outputs.cards[0].template", f"unknown template 'banner'; use one of: {TEMPLATES}")],
    ),
    (
        "unknown-preset",
        _set("outputs.cards.0.presets.1", "instagram-storie"),
        [
            (
                "outputs.cards[0].presets[1]",
                f"unknown preset 'instagram-storie'; did you mean 'instagram-story'? (known: {PRESETS})",
            )
        ],
    ),
    (
        "no-presets",
        _set("outputs.cards.1.presets", []),
        [("outputs.cards[1].presets", "should have at least 1 item")],
    ),
    (
        "duplicate-person-id",
        _set("people.1.id", "hala"),
        [("people[1].id", "'hala' is already used by people[0]; ids must be unique")],
    ),
    (
        "spotlight-unknown-person",
        _set("spotlights.0.person", "nobody"),
        [("spotlights[0].person", "unknown person 'nobody'; use one of: hala, ibrahim, marouan, rania")],
    ),
    (
        "spotlight-misspelt-person",
        _set("spotlights.0.person", "rana"),
        [
            (
                "spotlights[0].person",
                "unknown person 'rana'; did you mean 'rania'? (known: hala, ibrahim, marouan, rania)",
            )
        ],
    ),
    (
        "schema-too-new",
        _set("schema_version", 99),
        [
            (
                "schema_version",
                "this file is version 99, newer than this Takatof understands (3); update Takatof",
            )
        ],
    ),
    (
        "schema-version-text",
        _set("schema_version", "1"),
        [("schema_version", "should be a whole number, got '1'")],
    ),
    ("no-people", _no_people, []),  # a blank campaign: its people come later
    ("no-hashtags", _set("hashtags", []), [("hashtags", "should have at least 1 item")]),
    (
        "people-not-list",
        lambda data: (_no_people(data), data.update(people={"id": "hala"})),
        [("people", "should be a list [...], got an object")],
    ),
    # --- strict numbers and true/false: a quoted number is not silently converted
    (
        "members-quoted",
        _set("people.0.members", "85000"),
        [
            (
                "people[0].members",
                "should be a whole number, got the text '85000'; write the number without quotes",
            )
        ],
    ),
    (
        "members-true",
        _set("people.0.members", True),
        [("people[0].members", "should be a whole number, got true/false")],
    ),
    (
        "members-float-whole",
        _set("people.0.members", 85000.0),
        [("people[0].members", "should be a whole number, got the number 85000.0")],
    ),
    (
        "crf-quoted",
        _set("video.encoder.crf", "21"),
        [
            (
                "video.encoder.crf",
                "should be a whole number, got the text '21'; write the number without quotes",
            )
        ],
    ),
    (
        "clip-start-quoted",
        _set("people.3.clips.0.start", "0.5"),
        [
            (
                "people[3].clips[0].start",
                "should be a number, got the text '0.5'; write the number without quotes",
            )
        ],
    ),
    (
        "clip-audio-quoted",
        _set("people.3.clips.0.audio", "true"),
        [("people[3].clips[0].audio", "should be true or false (without quotes), got the text 'true'")],
    ),
    (
        "logo-bug-one",
        _set("video.logo_bug", 1),
        [("video.logo_bug", "should be true or false (without quotes), got the number 1")],
    ),
    # --- every number bounded and finite
    (
        "members-huge",
        _set("people.0.members", 10**25),
        [("people[0].members", "should be at most 1000000000000, got a number with 26 digits")],
    ),
    (
        "goal-current-huge",
        _set("goal.current", 10**13),
        [("goal.current", "should be at most 1000000000000, got 10000000000000")],
    ),
    (
        "goal-target-huge",
        _set("goal.target", 10**12 + 1),
        [("goal.target", "should be at most 1000000000000, got 1000000000001")],
    ),
    (
        "clip-end-infinite",
        _set("people.3.clips.0.end", float("inf")),
        [("people[3].clips[0].end", "should be an ordinary number, got Infinity")],
    ),
    (
        "clip-start-nan",
        _set("people.3.clips.0.start", float("nan")),
        [("people[3].clips[0].start", "should be an ordinary number, got NaN")],
    ),
    (
        "clip-end-1e308",
        _set("people.3.clips.0.end", 1e308),
        [("people[3].clips[0].end", "should be at most 86400, got 1e+308")],
    ),
    (
        "clip-start-whole-number",  # JSON has one number type: 2 is a valid number of seconds
        _set("people.3.clips.0.start", 2),
        [],
    ),
    (
        "clip-end-before-start",  # said as such, not as a clip "shorter than half a second"
        _set("people.3.clips.0.end", 0.1),
        [
            (
                "people[3].clips[0].end",
                "end (0.1 s) comes before start (0.5 s); the clip must end after it starts",
            )
        ],
    ),
    (
        "clip-end-at-start",
        _set("people.3.clips.0.end", 0.5),
        [("people[3].clips[0].end", "end (0.5 s) is the same as start; the clip must end after it starts")],
    ),
    (
        "clip-start-after-end",  # the start moved past the end: still reported at the end
        _set("people.3.clips.0.start", 6),
        [
            (
                "people[3].clips[0].end",
                "end (5.5 s) comes before start (6 s); the clip must end after it starts",
            )
        ],
    ),
    (
        "photo-seconds-nan",
        _set("video.photo_s", float("nan")),
        [("video.photo_s", "should be an ordinary number, got NaN")],
    ),
    # --- every text bounded, with the length in the message
    (
        "story-too-long",
        _set("people.0.story.en", "word " * 4000),
        [("people[0].story.en", "should be at most 5000 characters, got 20000 — shorten it")],
    ),
    (
        "quote-too-long-in-both",
        _set("people.1.quote", {"ar": "ق" * 601, "en": "q" * 700}),
        [
            ("people[1].quote.ar", "should be at most 600 characters, got 601 — shorten it"),
            ("people[1].quote.en", "should be at most 600 characters, got 700 — shorten it"),
        ],
    ),
    (
        "name-too-long",
        _set("people.0.name.ar", "ه" * 201),
        [("people[0].name.ar", "should be at most 200 characters, got 201 — shorten it")],
    ),
    (
        "tagline-too-long",
        _set("tagline.en", "t" * 250),
        [("tagline.en", "should be at most 200 characters, got 250 — shorten it")],
    ),
    (
        "id-too-long",
        _set("spotlights.0.id", "d" * 65),
        [("spotlights[0].id", "should be at most 64 characters, got 65 — shorten it")],
    ),
    (
        "hashtag-too-long",
        _set("hashtags.0", "#" + "x" * 100),
        [("hashtags[0]", "should be at most 100 characters, got 101 — shorten it")],
    ),
    (
        "media-path-too-long",
        _set("people.0.media.0", "media/" + "m" * 1020),
        [("people[0].media[0]", "should be at most 1024 characters, got 1026 — shorten it")],
    ),
    (
        "media-path-nul",
        _set("people.0.media.0", "media/hala\x00-1.jpg"),
        [("people[0].media[0]", "a file path cannot contain the NUL character (\\u0000); remove it")],
    ),
    # --- a photo as an object (schema version 2)
    (
        "photo-focus-outside",
        _set("people.0.media.0", {"path": "media/hala-1.jpg", "focus": [1.2, 0.5]}),
        [("people[0].media[0].focus[0]", "should be at most 1, got 1.2")],
    ),
    (
        "photo-too-short",
        _set("people.0.media.0", {"path": "media/hala-1.jpg", "duration_s": 1}),
        [("people[0].media[0].duration_s", "should be at least 1.5, got 1")],
    ),
    (
        "photo-too-long",
        _set("people.0.media.0", {"path": "media/hala-1.jpg", "duration_s": 20.5}),
        [("people[0].media[0].duration_s", "should be at most 20, got 20.5")],
    ),
    (
        "photo-duration-quoted",
        _set("people.0.media.0", {"path": "media/hala-1.jpg", "duration_s": "3"}),
        [
            (
                "people[0].media[0].duration_s",
                "should be a number, got the text '3'; write the number without quotes",
            )
        ],
    ),
    (
        "photo-motion-unknown",
        _set("people.0.media.0", {"path": "media/hala-1.jpg", "motion": "spin"}),
        [
            (
                "people[0].media[0].motion",
                "should be one of 'zoom-in', 'zoom-out', 'pan-left', 'pan-right', 'pan-up', 'pan-down' "
                "or 'still', got the text 'spin'",
            )
        ],
    ),
    (
        "photo-focus-one-number",
        _set("people.0.media.0", {"path": "media/hala-1.jpg", "focus": [0.5]}),
        [("people[0].media[0].focus[1]", "a value is missing: the list needs at least 2 values")],
    ),
    (
        "photo-unknown-key",
        _set("people.0.media.0", {"path": "media/hala-1.jpg", "motoin": "still"}),
        [("people[0].media[0].motoin", "unknown field 'motoin'; did you mean 'motion'?")],
    ),
    (
        "photo-without-path",
        _set("people.0.media.0", {"motion": "still"}),
        [("people[0].media[0].path", "required field is missing; add it")],
    ),
    (
        "photo-a-number",
        _set("people.0.media.0", 7),
        [
            (
                "people[0].media[0]",
                'should be a file path in quotes or an object {"path": ...}, got the number 7',
            )
        ],
    ),
    (
        "template-name-too-long",
        _set("outputs.cards.0.template", "q" * 1000),
        [
            ("outputs.cards[0].template", "should be at most 100 characters, got 1000 — shorten it"),
            (
                "outputs.cards[0].template",
                f"unknown template '{'q' * 59}…'; use one of: {TEMPLATES}",
            ),
        ],
    ),
    (
        "text-quoted-back-shortened",
        _set("brand.primary", "g" * 90),  # within the length bound: the pattern explains
        [("brand.primary", f"'{'g' * 59}…' is not a colour; write it like '#1E6B52'")],
    ),
    # --- every list bounded
    (
        "too-many-hashtags",
        _set("hashtags", [f"#tag{i}" for i in range(31)]),
        [("hashtags", "should have at most 30 items, got 31 — remove some")],
    ),
    (
        "too-many-photos",
        _set("people.0.media", ["media/hala-1.jpg"] * 51),
        [("people[0].media", "should have at most 50 items, got 51 — remove some")],
    ),
    (
        "too-many-countries",
        _set(
            "brand.numerals_by_country",
            {f"{a}{b}": "latn" for a in "ABCDEFGHIJKLM" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
        ),
        [("brand.numerals_by_country", "should have at most 300 entries, got 338 — remove some")],
    ),
    (
        "unknown-huge-key-shortened",
        _set("people.0." + "k" * 5000, 1),
        [(f"people[0].{'k' * 99}…", f"unknown field '{'k' * 59}…'; remove it or check the spelling")],
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in MUTATIONS], ids=[name for name, _, _ in MUTATIONS]
)
def test_validate_reports_exact_problem(
    example_data: Data, root: Path, mutate: Callable[[Data], None], expected: list[tuple[str, str]]
) -> None:
    mutate(example_data)
    assert problems_of(example_data, root) == expected


@pytest.mark.parametrize(
    "data", [[{"id": "x"}], "campaign", 42, None], ids=["list", "text", "number", "null"]
)
def test_top_level_must_be_an_object(data: Any, root: Path) -> None:
    assert problems_of(data, root) == [("", "the project file must hold one JSON object { ... }")]


def test_several_problems_reported_at_once(example_data: Data, root: Path) -> None:
    """A producer fixes a file in one pass: every problem, in every part of the file, comes back
    from one call, including cross-field and media checks alongside type errors."""
    example_data["people"][0]["members"] = "many"
    example_data["hashtags"][0] = "CommunityStoriesMENA"
    example_data["brand"]["primary"] = "green"
    example_data["people"][1]["membrs"] = 1
    example_data["people"][1]["id"] = "hala"
    example_data["outputs"]["cards"][0]["template"] = "qoute"
    example_data["people"][3]["media"][0] = "media/missing.jpg"
    got = problems_of(example_data, root)
    paths = [path for path, _ in got]
    assert sorted(paths) == sorted(
        [
            "people[0].members",
            "hashtags[0]",
            "brand.primary",
            "people[1].membrs",
            "people[1].id",
            "outputs.cards[0].template",
            "people[3].media[0]",
        ]
    )
    assert len(set(got)) == len(got), "no problem is reported twice"


def test_validate_does_not_change_the_callers_data(example_data: Data, root: Path) -> None:
    del example_data["schema_version"]
    before = json.dumps(example_data, sort_keys=True)
    validate_data(example_data, root, project_names())
    assert json.dumps(example_data, sort_keys=True) == before


# --- media ---------------------------------------------------------------------------------------


def test_missing_media_names_the_path_as_written(example_data: Data, root: Path) -> None:
    example_data["people"][0]["media"][1] = "media/hala-3.jpg"
    assert problems_of(example_data, root) == [
        (
            "people[0].media[1]",
            f"file not found: 'media/hala-3.jpg' (looked for {str(root / 'media' / 'hala-3.jpg')!r})",
        )
    ]


def test_missing_photo_of_an_object_item_is_named_at_its_path(example_data: Data, root: Path) -> None:
    """An object photo names its file in "path": the problem goes there, where the desktop app
    shows the field."""
    example_data["people"][0]["media"][1] = {"path": "media/hala-9.jpg", "motion": "still"}
    assert problems_of(example_data, root) == [
        (
            "people[0].media[1].path",
            f"file not found: 'media/hala-9.jpg' (looked for {str(root / 'media' / 'hala-9.jpg')!r})",
        )
    ]


def test_all_media_lists_object_photos_by_their_path() -> None:
    data = {"people": [{"media": ["a.jpg", {"path": "b.jpg", "motion": "still"}, {"motion": "still"}, 3]}]}
    assert list(all_media(data)) == [
        ("people[0].media[0]", "a.jpg", "image"),
        ("people[0].media[1].path", "b.jpg", "image"),
    ]


def test_missing_logo_and_spotlight_image(example_data: Data, root: Path) -> None:
    (root / "media" / "logo.png").unlink()
    example_data["spotlights"][0]["image"] = "media/shop.jpg"
    assert [path for path, _ in problems_of(example_data, root)] == ["brand.logo", "spotlights[0].image"]


@pytest.mark.parametrize("media", ["../x.jpg", "media/../../x.jpg"])
def test_media_outside_the_project_is_refused(example_data: Data, root: Path, media: str) -> None:
    """A project must not read files from anywhere on the disk unless asked to: a shared
    project file could otherwise pull in private files."""
    make_media(root.parent, {"people": [{"media": ["x.jpg"]}]})  # the file exists: still refused
    example_data["people"][0]["media"][0] = media
    assert problems_of(example_data, root) == [
        (
            "people[0].media[0]",
            f"{media!r} is outside the project folder; move it inside {str(root)!r} "
            "or allow outside media (--allow-outside-media)",
        )
    ]


def test_absolute_media_path_outside_is_refused(example_data: Data, root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.jpg"
    Image.new("RGB", (8, 8)).save(outside)
    example_data["people"][0]["media"][0] = str(outside)
    [(path, message)] = problems_of(example_data, root)
    assert path == "people[0].media[0]"
    assert "is outside the project folder" in message


def test_media_outside_allowed_when_asked(example_data: Data, root: Path) -> None:
    Image.new("RGB", (8, 8)).save(root.parent / "x.jpg")
    example_data["people"][0]["media"][0] = "../x.jpg"
    assert problems_of(example_data, root, allow_outside=True) == []


def test_media_outside_allowed_but_missing(example_data: Data, root: Path) -> None:
    """Allowing outside media does not switch off the other checks."""
    example_data["people"][0]["media"][0] = "../nothing.jpg"
    [(path, message)] = problems_of(example_data, root, allow_outside=True)
    assert path == "people[0].media[0]"
    assert message.startswith("file not found: '../nothing.jpg'")


def test_media_that_is_not_an_image(example_data: Data, root: Path) -> None:
    (root / "media" / "garbage.jpg").write_bytes(b"this is not a JPEG \x00\x01\x02" * 20)
    example_data["people"][0]["media"][0] = "media/garbage.jpg"
    # The formats listed grow with the readers installed (HEIC, AVIF); the start is fixed.
    ((where, message),) = problems_of(example_data, root)
    assert where == "people[0].media[0]"
    assert message.startswith("'media/garbage.jpg' is not an image Takatof can read (use PNG, JPEG")


def test_media_that_is_a_folder(example_data: Data, root: Path) -> None:
    (root / "media" / "album").mkdir()
    example_data["people"][0]["media"][0] = "media/album"
    assert problems_of(example_data, root) == [
        ("people[0].media[0]", "'media/album' is a folder, not a file")
    ]


def test_empty_media_path(example_data: Data, root: Path) -> None:
    """An empty path would resolve to the project folder itself; it is reported once, as empty."""
    example_data["people"][0]["media"][0] = ""
    assert problems_of(example_data, root) == [("people[0].media[0]", "should not be empty")]


def test_media_resolves_relative_to_the_project_not_the_cwd(
    copy_with_media: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    project = load_project(copy_with_media, project_names())
    assert project.resolve("media/hala-1.jpg") == (copy_with_media.parent / "media/hala-1.jpg").resolve()


# --- reading the file ----------------------------------------------------------------------------


def test_json_syntax_error_gives_line_and_column(tmp_path: Path, example_path: Path) -> None:
    lines = example_path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == '"schema_version": 3,')
    lines[at] = lines[at].replace("3,", "3")  # drop the comma: the error is at the next key
    path = tmp_path / "campaign.json"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(path, project_names())
    [problem] = caught.value.problems
    assert problem.path == ""
    column = len(lines[at + 1]) - len(lines[at + 1].lstrip()) + 1
    assert f"line {at + 2}, column {column}" in problem.message
    assert problem.message == (
        f"invalid JSON at line {at + 2}, column {column}: a comma is missing just before this "
        "point, between two items; add it"
    )


CONTROL_FIX = "write a tab as \\t and a line break as \\n, or remove it"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # A raw control character in a text: json's own message came out cut ("Invalid control
        # character at") with advice about commas.
        ('{"id": "a\tb"}', f"line 1, column 10: a raw tab inside a text; {CONTROL_FIX}"),
        (
            '{"id": "a\x00b"}',
            f"line 1, column 10: a raw control character (U+0000) inside a text; {CONTROL_FIX}",
        ),
        (
            '{"id": "ab,\n "title": {}}',
            f"line 1, column 12: a raw line break inside a text; {CONTROL_FIX} "
            "(or the text's closing double quote is missing)",
        ),
        ('{"id": "x",\n}', "line 2, column 1: a comma after the last item of an object; remove it"),
        ('{"people": [1,]}', "line 1, column 15: a comma after the last item of a list; remove it"),
        ("{'id': 'x'}", 'line 1, column 2: a key in single quotes; JSON needs double quotes: "key"'),
        ("{\"id\": 'x'}", 'line 1, column 8: a text in single quotes; JSON needs double quotes: "text"'),
        ('{id: "x"}', 'line 1, column 2: a key without quotes; write it in double quotes: "key"'),
        ('{"id": "x', "line 1, column 8: the text starting here has no closing double quote; add it"),
        (
            '{"id": "x"}\n{"id": "y"}',
            "line 2, column 1: more text follows the end of the project's object (a } too many, "
            "or a second object); remove it, or move it inside the first { ... }",
        ),
        ('{"a": True}', "line 1, column 7: True is not JSON; write true in lower case"),
        ('{"a": None}', "line 1, column 7: None is not JSON; write null in lower case"),
        ('{"a": yes}', 'line 1, column 7: a text without quotes; put it in double quotes: "text"'),
        ('{"a": }', "line 1, column 7: a value is missing here (after a colon, or between two commas)"),
        ('{"a": .5}', "line 1, column 7: a number must start with a digit or -; write 0.5, not .5 or +0.5"),
        (
            '{"id" "x"}',
            'line 1, column 7: a colon is missing between a key and its value; write "key": value',
        ),
        (
            '{"a": "say "hi""}',
            'line 1, column 13: a double quote inside a text ends it early; write it as \\" '
            "(or use \u201c \u201d), or add the missing comma",
        ),
        (
            '{"logo": "C:\\media\\logo.png"}',
            "line 1, column 13: a backslash in a text starts no escape JSON knows; write a "
            "backslash as \\\\ (in a file path, use / instead)",
        ),
        (
            '{"a": "\\u12"}',
            "line 1, column 9: \\u in a text must be followed by four hex digits (as in \\u00e9)",
        ),
        ('{"a": 1 // note\n}', "line 1, column 9: JSON has no comments; remove the comment"),
        (
            "{\u201cid\u201d: 1}",
            'line 1, column 2: a typographic quote \u201c; JSON needs straight double quotes "',
        ),
        (
            '{"a": 1,\u00a0"b": 2}',
            "line 1, column 9: an invisible character (U+00A0 NO-BREAK SPACE) outside any text; remove it",
        ),
        (
            '{"people": [',
            "line 1, column 13: the file ends before the JSON does; a closing } or ], or the rest of the file, is missing",
        ),
        ("", "line 1, column 1: the file is empty; give the project's .json file"),
    ],
    ids=[
        "tab-in-text",
        "nul-in-text",
        "unclosed-text-at-line-end",
        "trailing-comma-object",
        "trailing-comma-list",
        "single-quoted-key",
        "single-quoted-text",
        "unquoted-key",
        "unterminated-text",
        "extra-data",
        "python-true",
        "python-none",
        "bare-word",
        "missing-value",
        "leading-dot",
        "missing-colon",
        "unescaped-quote",
        "windows-path",
        "short-unicode-escape",
        "comment",
        "typographic-quote",
        "no-break-space",
        "cut-short",
        "empty",
    ],
)
def test_json_syntax_errors_name_the_mistake_and_the_fix(tmp_path: Path, text: str, message: str) -> None:
    """Each of json's messages (an expectation of the parser, not the mistake) becomes the
    likely mistake, told apart by the character the parser stopped at, and its fix."""
    path = tmp_path / "campaign.json"
    path.write_text(text, encoding="utf-8")
    assert load_problems(path) == [("", f"invalid JSON at {message}")]


def test_json_error_on_first_line(tmp_path: Path) -> None:
    path = tmp_path / "campaign.json"
    path.write_text('{"id": "x",, }', encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    assert "line 1, column 12" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.write_bytes('{"title": {"ar": "قصص المجتمع"}}'.encode("cp1256")),
            "not UTF-8 text (byte 0xde on line 1 is from another encoding); save the file as UTF-8",
        ),
        (
            lambda p: p.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("utf-16")),  # with BOM
            "not UTF-8 text (it is UTF-16); save the file as UTF-8",
        ),
        (
            lambda p: p.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("utf-16-le")),
            "not UTF-8 text (it looks like UTF-16); save the file as UTF-8",
        ),
        (
            lambda p: p.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("utf-16-be")),
            "not UTF-8 text (it looks like UTF-16); save the file as UTF-8",
        ),
        (
            lambda p: p.write_bytes('{"id": "x"}'.encode("utf-16-le")),  # short and all ASCII
            "not UTF-8 text (it looks like UTF-16); save the file as UTF-8",
        ),
        (
            lambda p: p.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("utf-32")),
            "not UTF-8 text (it is UTF-32); save the file as UTF-8",
        ),
        (
            lambda p: p.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("utf-32-le")),
            "not UTF-8 text (it looks like UTF-32); save the file as UTF-8",
        ),
        (lambda p: None, "file not found; check the path"),
        (lambda p: p.mkdir(), "this is a folder; give the project's .json file"),
    ],
    ids=[
        "not-utf8",
        "utf16-bom",
        "utf16le-no-bom",
        "utf16be-no-bom",
        "utf16-short",
        "utf32-bom",
        "utf32-no-bom",
        "missing",
        "directory",
    ],
)
def test_unreadable_file(tmp_path: Path, make: Callable[[Path], None], message: str) -> None:
    path = tmp_path / "campaign.json"
    make(path)
    with pytest.raises(ProjectError) as caught:
        load_project(path, project_names())
    assert [(p.path, p.message) for p in caught.value.problems] == [("", message)]
    assert caught.value.source == str(path)
    assert caught.value.report() == f"{path}: 1 problem\n  {message}"


def test_load_project_raises_with_every_problem(tmp_path: Path, example_data: Data) -> None:
    make_media(tmp_path, example_data)
    example_data["people"][0]["members"] = -1
    example_data["brand"]["accent"] = "gold"
    path = write_project(tmp_path, example_data)
    with pytest.raises(ProjectError) as caught:
        load_project(path, project_names())
    assert [p.path for p in caught.value.problems] == ["brand.accent", "people[0].members"]
    assert caught.value.report().splitlines()[0] == f"{path}: 2 problems"


# --- reading strictly ----------------------------------------------------------------------------


def load_problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(ProjectError) as caught:
        load_project(path, project_names())
    return [(p.path, p.message) for p in caught.value.problems]


DEEP = "nested deeper than 32 levels at line 1, column {}; a project file needs only a few (look for runaway brackets)"


@pytest.mark.parametrize("depth", [33, 1_000, 100_000])
def test_deeply_nested_lists_are_refused_before_parsing(tmp_path: Path, depth: int) -> None:
    """Thousands of brackets used to end in a RecursionError traceback from the parser."""
    path = tmp_path / "campaign.json"
    path.write_text('{"people": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    # The root object is level 1, so the 32nd bracket (column 12 + 31) is level 33.
    assert load_problems(path) == [("", DEEP.format(43))]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_objects_are_refused_before_parsing(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "campaign.json"
    path.write_text('{"people": ' + '{"a": ' * depth + "1" + "}" * depth + "}", encoding="utf-8")
    assert load_problems(path) == [("", DEEP.format(12 + 31 * len('{"a": ')))]


def test_nesting_within_the_bound_is_an_ordinary_type_problem(tmp_path: Path) -> None:
    path = tmp_path / "campaign.json"
    path.write_text('{"people": ' + "[" * 31 + "]" * 31 + "}", encoding="utf-8")
    assert ("people[0]", "should be an object {...}, got a list") in load_problems(path)


def test_brackets_and_digits_inside_text_are_not_counted(root: Path, example_data: Data) -> None:
    example_data["people"][0]["story"]["en"] = "[" * 500 + "{" * 500 + "9" * 2000
    example_data["people"][1]["members"] = 0.5e-5  # a fraction's digits are not an integer's
    path = write_project(root, example_data)
    assert load_problems(path) == [("people[1].members", "should be a whole number, got the number 5e-06")]


def test_an_integer_too_long_to_parse_is_refused(tmp_path: Path) -> None:
    """Python refuses to turn more than 4,300 digits into an int (a ValueError, not a
    JSONDecodeError), so the text is checked first."""
    path = tmp_path / "campaign.json"
    path.write_text('{\n  "people": [{"members": 1' + "0" * 5000 + "}]}", encoding="utf-8")
    assert load_problems(path) == [
        ("", "a number with 5001 digits at line 2, column 26; no value in a project file needs more than 13")
    ]


def test_duplicate_keys_are_reported_where_they_are(root: Path, example_path: Path) -> None:
    """JSON parsers keep the last of a repeated key without a word; one of the two values is
    then lost without the producer knowing which."""
    text = example_path.read_text(encoding="utf-8")
    text = text.replace(
        '"id": "community-stories-mena",', '"id": "a", "id": "b", "id": "community-stories-mena",', 1
    )
    text = text.replace('"members": 85000,', '"members": 85000, "members": -1,', 1)
    text = text.replace('"template": "stat",', '"template": "stat", "template": "stat",', 1)
    path = root / "campaign.json"
    path.write_text(text, encoding="utf-8")
    assert load_problems(path) == [
        ("", "key 'id' appears 3 times; keep one"),
        ("outputs.cards[1]", "key 'template' appears twice; keep one"),
        ("people[0]", "key 'members' appears twice; keep one"),
        # ... and the rest of the file is still checked, with the value that was kept.
        ("people[0].members", "should be at least 0, got -1"),
    ]


def test_a_key_with_a_broken_character_is_named(root: Path, example_path: Path) -> None:
    text = example_path.read_text(encoding="utf-8").replace(
        '"members": 85000,', '"members": 85000, "m\\udc80": 1,', 1
    )
    path = root / "campaign.json"
    path.write_text(text, encoding="utf-8")
    problems = load_problems(path)
    assert ("people[0].m\\udc80", BROKEN_CHARACTER) in problems
    assert all(p.encode("utf-8") and m.encode("utf-8") for p, m in problems), "every problem prints"


def test_text_with_a_broken_character_is_refused(example_data: Data, root: Path) -> None:
    example_data["people"][0]["name"]["en"] = "Hala \ud800"
    assert problems_of(example_data, root) == [("people[0].name.en", BROKEN_CHARACTER)]


def test_a_file_larger_than_any_project_is_not_read(
    tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nor a device that never ends: at most one byte past the limit is read."""
    monkeypatch.setattr(project_module, "MAX_FILE_BYTES", 2**20)
    path = tmp_path / "campaign.json"
    path.write_bytes(example_path.read_bytes() + b" " * 2**20)  # valid JSON, padded
    message = "the file is larger than 1 MB, more than any project file needs; is this the right file?"
    assert load_problems(path) == [("", message)]
    if Path("/dev/zero").exists():  # a device is not even opened
        device = "not a regular file (a device); give the project's .json file"
        assert load_problems(Path("/dev/zero")) == [("", device)]


def never_blocks(call: Callable[[], Any], pipe: Path) -> Any:
    """``call()``'s result; fails if it blocks on the named pipe ``pipe`` (opening a pipe to
    read waits for a writer), after opening it for writing so the stuck reader is freed."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():
        with pipe.open("wb"):  # frees the reader (it then reads an empty file)
            pass
        worker.join(10)
        pytest.fail(f"blocked on the named pipe {pipe}")
    if errors:
        raise errors[0]
    return result[0]


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@needs_fifo
def test_a_named_pipe_as_the_project_file_is_refused_not_read(tmp_path: Path) -> None:
    """``takatof validate f.json`` on a pipe waited for ever for a writer."""
    pipe = tmp_path / "campaign.json"
    os.mkfifo(pipe)
    problems = never_blocks(lambda: load_problems(pipe), pipe)
    assert problems == [("", "not a regular file (a named pipe); give the project's .json file")]


@needs_fifo
@pytest.mark.parametrize(
    ("field", "kind"),
    [
        ("people.0.media.0", "a photo or image file"),
        ("people.3.clips.0.path", "a video file"),
        ("people.0.voiceover", "a sound file"),
        ("video.music", "a sound file"),
        ("people.0.captions", "a captions file (.srt or .vtt)"),
    ],
)
def test_a_named_pipe_as_media_is_refused_not_opened(
    example_data: Data, root: Path, field: str, kind: str
) -> None:
    """It used to be called a folder (``is_file()`` is false for it), and a photo that
    passed that check would be opened, which blocks."""
    pipe = root / "media" / "pipe"
    os.mkfifo(pipe)
    value: Any = {"ar": "media/pipe", "en": "media/pipe"} if field.endswith("captions") else "media/pipe"
    _set(field, value)(example_data)
    expected = f"'media/pipe' is not a regular file (a named pipe); give {kind}"
    where = field.replace(".0", "[0]").replace(".3", "[3]")
    wheres = [f"{where}.ar", f"{where}.en"] if field.endswith("captions") else [where]
    assert never_blocks(lambda: problems_of(example_data, root), pipe) == [(w, expected) for w in wheres]


def test_a_media_path_the_file_system_refuses_is_a_problem(example_data: Data, root: Path) -> None:
    """A name longer than the file system allows (255 bytes) is within the schema's bound; the
    error the operating system raises must come back as a problem, not a traceback."""
    example_data["people"][0]["media"][0] = "media/" + "h" * 300 + ".jpg"
    [(where, message)] = problems_of(example_data, root)
    assert where == "people[0].media[0]"
    assert message.startswith(f"cannot look for 'media/{'h' * 53}…': ")


# --- bounds in the schema and the desktop app's edits ---------------------------------------------


def test_the_schema_documents_sheet_sources() -> None:
    schema = Campaign.model_json_schema(by_alias=True)
    for section in ("people", "spotlights"):
        sheet = schema["properties"][section]["anyOf"][1]
        assert sheet["required"] == ["from"] and "row and column" in sheet["description"]


def test_the_schema_documents_every_bound() -> None:
    """Every number has a maximum, every text a maximum length (or a fixed set of values) and
    every list a maximum size, so an editor using ``takatof schema`` shows the same limits."""
    schema = Campaign.model_json_schema(by_alias=True)
    person = schema["$defs"]["Person"]["properties"]
    assert person["members"]["maximum"] == 10**12
    assert person["story"]["additionalProperties"]["maxLength"] == 5000
    assert person["quote"]["additionalProperties"]["maxLength"] == 600
    assert person["name"]["additionalProperties"]["maxLength"] == 200
    assert schema["properties"]["tagline"]["additionalProperties"]["maxLength"] == 200
    assert schema["$defs"]["Multilingual"]["maxProperties"] == 12
    assert schema["$defs"]["Clip"]["properties"]["end"]["anyOf"][0]["maximum"] == 24 * 60 * 60
    assert (
        schema["properties"]["people"]["anyOf"][0]["maxItems"],
        schema["properties"]["hashtags"]["maxItems"],
    ) == (
        1000,
        30,
    )

    unbounded = []
    for where, field in _schema_fields(schema):
        for option in field.get("anyOf", [field]):
            kind = option.get("type")
            if kind == "string" and "maxLength" not in option and "enum" not in option:
                unbounded.append(where)
            if kind in ("integer", "number") and "maximum" not in option:
                unbounded.append(where)
            if kind == "array" and "maxItems" not in option:
                unbounded.append(where)
            mapping = option.get("additionalProperties") not in (None, False)  # a map, not a record
            if kind == "object" and mapping and "maxProperties" not in option:
                unbounded.append(where)
            if (
                "$ref" in option
                and option["$ref"].endswith("/Multilingual")
                and "additionalProperties" not in field
            ):
                unbounded.append(where)
    assert unbounded == []


def _schema_fields(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every property of every model in the schema, except Multilingual's own texts (bounded
    where a Multilingual is used: a name is short, a story long), and the items of lists."""
    models = {"": schema, **{name: d for name, d in schema["$defs"].items() if name != "Multilingual"}}
    out = []
    for name, model in models.items():
        # A model also written another way (a photo: a path or an object) is an anyOf.
        for form in model.get("anyOf", [model]):
            if "maxLength" not in form and form.get("type") == "string":
                out.append((f"{name}|string", form))
        properties = {
            k: v for form in model.get("anyOf", [model]) for k, v in form.get("properties", {}).items()
        }
        for key, field in properties.items():
            out.append((f"{name}.{key}", field))
            for option in field.get("anyOf", [field]):
                if "items" in option:
                    out.append((f"{name}.{key}[]", option["items"]))
    return out


def test_desktop_edits_still_validate_with_strict_types(example_data: Data, root: Path) -> None:
    """The desktop app edits by re-validating the campaign's JSON dump (takatof.model.paths): strict
    numbers must accept what the dump and the app's spin boxes give, and refuse text."""
    campaign, problems = validate_data(example_data, root, project_names())
    assert campaign is not None and problems == []
    for path, value, read in [
        ("people[0].members", 90000, lambda c: c.people[0].members),
        ("people[3].clips[0].start", 2, lambda c: c.people[3].clips[0].start),
        ("video.photo_s", 5.5, lambda c: c.video.photo_s),
        ("video.logo_bug", False, lambda c: c.video.logo_bug),
        ("goal.current", 200000, lambda c: c.goal.current),
    ]:
        edited, problems = with_value(campaign, path, value)
        assert problems == [] and edited is not None, path
        assert read(edited) == value
    _, problems = with_value(campaign, "people[0].members", "90000")
    assert [(p.path, p.message) for p in problems] == [
        (
            "people[0].members",
            "should be a whole number, got the text '90000'; write the number without quotes",
        )
    ]
    _, problems = with_value(campaign, "people[0].story", {"ar": "ق" * 5001, "en": "story"})
    assert [(p.path, p.message) for p in problems] == [
        ("people[0].story.ar", "should be at most 5000 characters, got 5001 — shorten it")
    ]


# --- saving --------------------------------------------------------------------------------------


def test_save_then_load_round_trips(copy_with_media: Path) -> None:
    project = load_project(copy_with_media, project_names())
    campaign = project.campaign.model_copy(deep=True)
    campaign.people[0].members = 86000
    target = copy_with_media.with_name("saved.json")
    save_project(campaign, target)
    again = load_project(target, project_names()).campaign
    assert again == campaign
    assert again.people[0].members == 86000


def test_saving_the_example_reproduces_it_byte_for_byte(copy_with_media: Path, example_path: Path) -> None:
    """Open-then-save must not rewrite a file nobody changed (noisy diffs, lost defaults)."""
    campaign = load_project(copy_with_media, project_names()).campaign
    assert dumps(campaign) == example_path.read_text(encoding="utf-8")
    save_project(campaign, copy_with_media)
    assert copy_with_media.read_bytes() == example_path.read_bytes()


def test_save_keeps_a_backup(copy_with_media: Path) -> None:
    old = copy_with_media.read_bytes()
    campaign = load_project(copy_with_media, project_names()).campaign
    campaign.title.en = "Community Stories"
    save_project(campaign, copy_with_media)
    assert copy_with_media.with_name("campaign.json.bak").read_bytes() == old
    assert copy_with_media.read_text(encoding="utf-8") == dumps(campaign)
    assert json.loads(copy_with_media.read_text(encoding="utf-8"))["title"]["en"] == "Community Stories"


def test_save_new_file_has_no_backup(tmp_path: Path, copy_with_media: Path) -> None:
    campaign = load_project(copy_with_media, project_names()).campaign
    save_project(campaign, tmp_path / "new.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json", "project"]


def test_failed_save_leaves_the_file_untouched(
    copy_with_media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash at the last step (the rename) must leave the old project intact and no
    temporary files lying in the user's project folder."""
    folder = copy_with_media.parent
    before_names = {p.name for p in folder.iterdir()}
    old = copy_with_media.read_bytes()
    campaign = load_project(copy_with_media, project_names()).campaign
    campaign.title.en = "Changed"

    def refuse(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        save_project(campaign, copy_with_media)
    monkeypatch.undo()
    assert copy_with_media.read_bytes() == old
    left = {p.name for p in folder.iterdir()} - before_names
    assert left <= {"campaign.json.bak"}, f"temporary files left behind: {left}"
    assert not list(folder.glob("*.tmp")) and not list(folder.glob(".campaign.json.*"))


def test_failed_write_leaves_the_file_untouched(
    copy_with_media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while writing the temporary file (disk full during fsync)."""
    folder = copy_with_media.parent
    before_names = {p.name for p in folder.iterdir()}
    old = copy_with_media.read_bytes()
    campaign = load_project(copy_with_media, project_names()).campaign

    def refuse(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(OSError):
        save_project(campaign, copy_with_media)
    monkeypatch.undo()
    assert copy_with_media.read_bytes() == old
    assert {p.name for p in folder.iterdir()} == before_names


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_save_keeps_the_files_permissions(copy_with_media: Path) -> None:
    """The atomic save replaces the file with a new one; it must not turn a shared project
    (rw-r--r--) into a private one (rw-------, tempfile.mkstemp's mode)."""
    copy_with_media.chmod(0o644)
    campaign = load_project(copy_with_media, project_names()).campaign
    save_project(campaign, copy_with_media)
    assert stat.S_IMODE(copy_with_media.stat().st_mode) == 0o644


# --- layering --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module", ["takatof.model", "takatof.templates.registry", "takatof.render.batch", "takatof.cli"]
)
def test_no_qt_below_the_ui(module: str) -> None:
    """Batch rendering runs on servers with no display: nothing below takatof.ui may load Qt."""
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('PySide')))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


# --- migrations ------------------------------------------------------------------------------------


def test_file_without_schema_version_loads_as_version_1(example_data: Data, root: Path) -> None:
    """No version means version 1, which is migrated to the current one on loading."""
    del example_data["schema_version"]
    example_data["people"][1]["media"][1] = "media/marouan-2.jpg"  # version 1 had paths only
    campaign, problems = validate_data(example_data, root, project_names())
    assert problems == []
    assert campaign is not None and campaign.schema_version == SCHEMA_VERSION == 3


def test_migrations_run_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def step(n: int) -> Callable[[Data], Data]:
        def apply(data: Data) -> Data:
            calls.append(n)
            assert data["schema_version"] == n, "each step sees the version it migrates from"
            return {**data, "log": [*data.get("log", []), n]}

        return apply

    monkeypatch.setattr(project_module, "SCHEMA_VERSION", 4)
    monkeypatch.setattr(project_module, "MIGRATIONS", {3: step(3), 1: step(1), 2: step(2)})
    data, problems = migrate({"schema_version": 1, "id": "x"})
    assert problems == []
    assert calls == [1, 2, 3]
    assert data == {"schema_version": 4, "id": "x", "log": [1, 2, 3]}

    calls.clear()
    data, problems = migrate({"schema_version": 3})
    assert (calls, data["schema_version"], problems) == ([3], 4, [])


def test_migration_gap_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_module, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(project_module, "MIGRATIONS", {1: lambda d: d})
    _, problems = migrate({"schema_version": 1})
    assert [(p.path, p.message) for p in problems] == [("schema_version", "no migration from version 2")]


def test_file_without_schema_version_is_migrated_from_version_1(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that does not say its version predates versioning, i.e. it is version 1; once the
    schema moves on it must still go through every migration, not be taken as current."""
    monkeypatch.setattr(project_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(project_module, "MIGRATIONS", {1: lambda d: {**d, "migrated": True}})
    data, problems = migrate({"id": "x"})
    assert problems == []
    assert data == {"id": "x", "migrated": True, "schema_version": 2}


def test_saved_files_record_their_schema_version(example_data: Data, root: Path, tmp_path: Path) -> None:
    """Migrations rely on the version written in the file: a campaign whose schema_version was
    never set explicitly (a new project, or an old file) must still be saved with one."""
    del example_data["schema_version"]
    campaign, problems = validate_data(example_data, root, project_names())
    assert problems == [] and isinstance(campaign, Campaign)
    save_project(campaign, tmp_path / "campaign.json")
    assert json.loads((tmp_path / "campaign.json").read_text(encoding="utf-8"))["schema_version"] == 3


def test_a_version_1_file_is_migrated_and_saved_as_the_current_version(
    copy_with_media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Version 2 adds object photos, version 3 languages. A version 1 file loads unchanged;
    saved again it says 3 (and gains no ``languages``), which a Takatof that knows only
    version 1 refuses with its usual advice."""
    data = json.loads(copy_with_media.read_text(encoding="utf-8"))
    data["schema_version"] = 1
    data["people"][1]["media"][1] = "media/marouan-2.jpg"
    copy_with_media.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    campaign = load_project(copy_with_media, project_names()).campaign
    assert campaign.schema_version == 3
    assert campaign.people[1].media[1] == MediaItem.model_validate("media/marouan-2.jpg")
    save_project(campaign, copy_with_media)
    saved = json.loads(copy_with_media.read_text(encoding="utf-8"))
    assert saved["schema_version"] == 3
    assert "languages" not in saved
    assert {key: value for key, value in saved.items() if key != "schema_version"} == {
        key: value for key, value in data.items() if key != "schema_version"
    }

    monkeypatch.setattr(project_module, "SCHEMA_VERSION", 1)  # an older Takatof
    _, problems = migrate(saved)
    assert [(p.path, p.message) for p in problems] == [
        ("schema_version", "this file is version 3, newer than this Takatof understands (1); update Takatof")
    ]


# --- photos as objects -----------------------------------------------------------------------------


def test_photo_items_keep_the_form_they_were_written_in() -> None:
    """A plain path stays a plain path, an object an object (even one holding only a path), so
    a saved file keeps its own shape; Python code always sees a MediaItem."""
    adapter = TypeAdapter(Person.model_fields["media"].annotation)
    written = [
        "media/a.jpg",
        {"path": "media/b.jpg"},
        {"path": "media/c.jpg", "duration_s": 3.5, "motion": "pan-left", "focus": [0.9, 0.1]},
    ]
    parsed = adapter.validate_python(written)
    assert [item.path for item in parsed] == ["media/a.jpg", "media/b.jpg", "media/c.jpg"]
    assert parsed[2].focus == (0.9, 0.1) and parsed[2].motion == "pan-left" and parsed[2].duration_s == 3.5
    assert [item.as_text for item in parsed] == [True, False, False]
    for exclude_unset in (True, False):
        assert adapter.dump_python(parsed, mode="json", exclude_unset=exclude_unset) == written
    # Setting anything beyond the path turns a plain item into an object.
    parsed[0].motion = "still"
    assert adapter.dump_python(parsed[:1], mode="json") == [{"path": "media/a.jpg", "motion": "still"}]


def test_desktop_edits_of_photo_items(example_data: Data, root: Path) -> None:
    """The desktop app's edit-by-path works on both forms: a new path keeps a plain item plain,
    a motion or focus turns it into an object; bad values are refused at the field."""
    campaign, problems = validate_data(example_data, root, project_names())
    assert campaign is not None and problems == []

    def media(c: Campaign) -> list[Any]:
        return c.model_dump(mode="json", by_alias=True, exclude_unset=True)["people"][0]["media"]

    edited, problems = with_value(campaign, "people[0].media[1].path", "media/hala-1.jpg")
    assert problems == [] and edited is not None
    assert media(edited) == ["media/hala-1.jpg", "media/hala-1.jpg"]
    edited, problems = with_value(edited, "people[0].media[1].motion", "pan-up")
    assert problems == [] and edited is not None
    assert media(edited) == ["media/hala-1.jpg", {"path": "media/hala-1.jpg", "motion": "pan-up"}]
    edited, problems = with_value(edited, "people[0].media[1].focus", [0.25, 0.75])
    assert problems == [] and edited is not None
    assert edited.people[0].media[1].focus == (0.25, 0.75)
    edited, problems = with_value(edited, "people[0].media[1].duration_s", 6.0)
    assert problems == [] and edited is not None and edited.people[0].media[1].duration_s == 6.0
    again, problems = with_value(edited, "people[0].media[1].motion", None)
    assert problems == [] and again is not None
    assert media(again)[1] == {"path": "media/hala-1.jpg", "focus": [0.25, 0.75], "duration_s": 6.0}
    _, problems = with_value(edited, "people[0].media[0].duration_s", 0.5)
    assert [(p.path, p.message) for p in problems] == [
        ("people[0].media[0].duration_s", "should be at least 1.5, got 0.5")
    ]
    dumped = campaign.model_dump(mode="json", by_alias=True)
    assert (
        get_at(dumped, "people[0].media[0].path")
        == get_at(dumped, "people[0].media[0]")
        == "media/hala-1.jpg"
    )


def test_project_resolves_photo_items(example_path: Path) -> None:
    project = load_project(example_path, project_names())
    item = project.campaign.people[1].media[1]
    assert not item.as_text and item.motion == "zoom-in"
    assert (
        project.resolve(item)
        == project.resolve(item.path)
        == (EXAMPLE_DIR / "media" / "marouan-2.jpg").resolve()
    )


# --- opening for editing ---------------------------------------------------------------------------


def test_load_for_editing_returns_the_project_and_its_problems(copy_with_media: Path) -> None:
    """The desktop app opens a file whose media went missing or that names an unknown preset,
    with the problems to show; load_project refuses the same file."""
    data = json.loads(copy_with_media.read_text(encoding="utf-8"))
    data["people"][0]["media"][1] = "media/gone.jpg"
    data["outputs"]["videos"][0]["presets"][0] = "instagram-storey"
    copy_with_media.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project, problems = load_for_editing(copy_with_media, project_names())
    assert project.campaign.people[0].media[1].path == "media/gone.jpg"
    assert project.path == copy_with_media
    assert [p.path for p in problems] == ["outputs.videos[0].presets[0]", "people[0].media[1]"]
    assert "did you mean 'instagram-story'?" in problems[0].message
    with pytest.raises(ProjectError) as caught:
        load_project(copy_with_media, project_names())
    assert caught.value.problems == problems


def test_load_for_editing_of_a_good_file_has_no_problems(copy_with_media: Path) -> None:
    project, problems = load_for_editing(copy_with_media, project_names())
    assert problems == [] and project.campaign == load_project(copy_with_media, project_names()).campaign


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda text: text.replace('"schema_version": 3,', '"schema_version": 3'), ""),
        (lambda text: text.replace('"members": 85000', '"members": "85000"'), "people[0].members"),
        (lambda text: text.replace('"schema_version": 3', '"schema_version": 7'), "schema_version"),
        (lambda text: "[]", ""),
    ],
    ids=["syntax", "type", "newer", "not-an-object"],
)
def test_load_for_editing_raises_when_there_is_no_campaign(
    copy_with_media: Path, change: Callable[[str], str], expected: str
) -> None:
    text = copy_with_media.read_text(encoding="utf-8")
    copy_with_media.write_text(change(text), encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_for_editing(copy_with_media, project_names())
    assert [p.path for p in caught.value.problems] == [expected]


def test_relocating_keeps_each_photos_form_and_settings(copy_with_media: Path, tmp_path: Path) -> None:
    """Save As into another folder rewrites an object photo's path and keeps its motion and
    focus; a plain path stays plain."""
    from takatof.model.relocate import relocate

    campaign = load_project(copy_with_media, project_names()).campaign
    target = tmp_path / "elsewhere" / "deeper"
    target.mkdir(parents=True)
    moved = relocate(campaign, copy_with_media.parent, target)
    media = moved.model_dump(mode="json", by_alias=True, exclude_unset=True)["people"][1]["media"]
    assert media == [
        "media/marouan-1.jpg",
        {"path": "media/marouan-2.jpg", "motion": "zoom-in", "focus": [0.35, 0.4]},
    ]
    assert (target / "media" / "marouan-2.jpg").is_file()


@pytest.mark.parametrize(
    ("paths", "ordered"),
    [
        (["people[10]", "people[2]"], ["people[2]", "people[10]"]),
        (["x.¹", "x[3]"], ["x.¹", "x[3]"]),  # "¹" is a digit to isdigit(), not to int(): text here
        (["a١٢", "a٣"], ["a٣", "a١٢"]),  # Arabic-Indic digits are numbers too
    ],
)
def test_problems_sort_in_the_files_order(paths: list[str], ordered: list[str]) -> None:
    from takatof.model.paths import natural_key

    assert sorted(paths, key=natural_key) == ordered
