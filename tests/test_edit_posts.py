"""The publishing kit's edits (takatof.edit.posts) without Qt: a post's copy (a default's becomes
the first project template; a project template's is edited in place), hashtags, a subject's
@mentions — each with its exact inverse, and a result the model accepts."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from takatof.edit import ABSENT, Edit, apply
from takatof.edit.edits import audience_paths, unaudienced
from takatof.edit.posts import (
    mentions_of,
    parse_tags,
    project_copy,
    reset_post_copy,
    serves,
    set_hashtags,
    set_mentions,
    set_post_copy,
)
from takatof.model import Campaign
from takatof.model.paths import get_at
from takatof.model.post_copy import Asset, Post, compose

QUOTE_X = {
    "kinds": ["card"],
    "templates": ["quote"],
    "platforms": ["x"],
    "text": {"en": "{quote} {hashtags?}"},
}


def _valid(data: dict[str, Any]) -> dict[str, Any]:
    Campaign.model_validate(data)  # the edit leaves the project valid
    return data


def _round_trip(data: dict[str, Any], edit: Edit) -> dict[str, Any]:
    """``edit`` made, checked valid, and its inverse giving ``data`` back exactly."""
    after = _valid(apply(data, edit))
    assert apply(after, edit.inverse()) == data
    return after


def test_editing_a_default_writes_the_first_project_template_for_that_asset_and_platform(
    example_data: dict[str, Any],
) -> None:
    data = copy.deepcopy(example_data)
    data["publishing"] = {"templates": [QUOTE_X]}
    edit = set_post_copy(data, "default quote", "card", "quote", "instagram", "ar", "{quote} {mention}")
    after = _round_trip(data, edit)
    assert after["publishing"]["templates"] == [
        {
            "kinds": ["card"],
            "templates": ["quote"],
            "platforms": ["instagram"],
            "text": {"ar": "{quote} {mention}"},
        },
        QUOTE_X,
    ]


def test_a_default_edited_keeps_the_other_languages_copy(example_data: dict[str, Any]) -> None:
    edit = set_post_copy(
        example_data,
        "default stat",
        "card",
        "stat",
        "x",
        "en",
        "{count}!",
        keep={"ar": "{count}؟", "en": "old"},
    )
    after = _round_trip(example_data, edit)
    assert after["publishing"]["templates"][0]["text"] == {"en": "{count}!", "ar": "{count}؟"}


def test_a_file_without_a_publishing_section_gains_only_the_template(example_data: dict[str, Any]) -> None:
    data = {k: v for k, v in example_data.items() if k != "publishing"}
    edit = set_post_copy(data, "default quote", "card", "quote", "x", "en", "{quote}")
    assert [(c.path, c.old) for c in edit.changes] == [("publishing", ABSENT)]
    after = _round_trip(data, edit)
    assert set(after["publishing"]) == {"templates"}  # no defaults spelt out in the file


def test_editing_a_project_template_edits_it_in_place(example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    data["publishing"] = {"templates": [{**QUOTE_X, "text": {"en": "a", "ar": "ب"}}]}
    edit = set_post_copy(data, "publishing.templates[0].text.ar", "card", "quote", "x", "ar", "ج {quote}")
    assert [c.path for c in edit.changes] == ["publishing.templates[0].text.ar"]
    after = _round_trip(data, edit)
    assert after["publishing"]["templates"] == [{**QUOTE_X, "text": {"en": "a", "ar": "ج {quote}"}}]


@pytest.mark.parametrize(
    ("source", "lang", "error"),
    [
        ("publishing.templates[3].text.en", "en", IndexError),  # no such template
        ("publishing.templates[0].text.en", "ar", ValueError),  # another language's copy
    ],
)
def test_a_copy_edit_never_lands_on_another_template(
    example_data: dict[str, Any], source: str, lang: str, error: type[Exception]
) -> None:
    data = copy.deepcopy(example_data)
    data["publishing"] = {"templates": [QUOTE_X]}
    with pytest.raises(error):
        set_post_copy(data, source, "card", "quote", "x", lang, "text")


def _regional(example_data: dict[str, Any], text: dict[str, str]) -> dict[str, Any]:
    """The example campaign also in English (India), with one Instagram quote template."""
    data = copy.deepcopy(example_data)
    data["languages"] = ["ar", "en", "en-IN"]
    data["publishing"] = {"templates": [{"templates": ["quote"], "platforms": ["instagram"], "text": text}]}
    return data


def _quote_post(data: dict[str, Any], lang: str) -> Post:
    asset = Asset(
        id="hala/quote", kind="card", template="quote", variant="", preset="instagram-square",
        platforms=("instagram",), subject="hala", subjects=(), languages=("en", "en-IN"),
        output_path="outputs.cards[0]",
    )  # fmt: skip
    return compose(Campaign.model_validate(data), asset, "instagram", lang)


def test_a_regional_posts_copy_is_its_base_languages_and_editing_it_says_so(
    example_data: dict[str, Any],
) -> None:
    """An en-IN post made from ``text.en`` (the template has no en-IN copy) is edited where its
    copy is: ``text.en``, as the Posts panel asks with the post's own source and language, and
    the Undo menu's text says that the English copy changed."""
    data = _regional(example_data, {"en": "Ours: {quote}"})
    post = _quote_post(data, "en-IN")
    assert post.template == "publishing.templates[0].text.en"
    edit = set_post_copy(data, post.template, "card", "quote", "instagram", "en-IN", "New: {quote}")
    assert [c.path for c in edit.changes] == ["publishing.templates[0].text.en"]
    assert edit.text == "Edit post copy in English (en), which the English (India) (en-IN) post uses"
    after = _round_trip(data, edit)
    assert _quote_post(after, "en-IN").text.startswith("New: ")
    assert _quote_post(after, "en").text.startswith("New: ")  # the same copy: what the text says


def test_resetting_a_regional_posts_copy_says_which_copy_goes(example_data: dict[str, Any]) -> None:
    data = _regional(example_data, {"en": "Ours: {quote}", "ar": "{quote}"})
    edit = reset_post_copy(data, "publishing.templates[0].text.en", "en-IN")
    assert edit.text == "Reset post copy in English (en), which the English (India) (en-IN) post uses"
    after = _round_trip(data, edit)
    assert after["publishing"]["templates"][0]["text"] == {"ar": "{quote}"}
    assert _quote_post(after, "en-IN").template.startswith("default")
    assert reset_post_copy(data, "publishing.templates[0].text.en", "en").text == "Reset post copy"


@pytest.mark.parametrize(
    ("text", "source", "lang"),
    [
        ({"en": "a", "en-IN": "b"}, "publishing.templates[0].text.en", "en-IN"),  # it has its own
        ({"en": "a", "en-IN": "b"}, "publishing.templates[0].text.en-IN", "en"),  # not the base
        ({"en": "a"}, "publishing.templates[0].text.en", "ar"),
    ],
)
def test_a_copy_the_post_does_not_use_is_not_edited_for_it(
    example_data: dict[str, Any], text: dict[str, str], source: str, lang: str
) -> None:
    data = _regional(example_data, text)
    with pytest.raises(ValueError, match="not the copy the"):
        set_post_copy(data, source, "card", "quote", "instagram", lang, "x")


@pytest.mark.parametrize(
    ("written", "lang", "texts", "expected"),
    [
        ("en", "en", None, True),
        ("en", "en-IN", {"en": "a"}, True),
        ("zh", "zh-Hant-TW", None, True),
        ("en", "en-IN", {"en": "a", "en-IN": "b"}, False),  # its own copy wins
        ("en-IN", "en", None, False),
        ("ar", "en", None, False),
        ("e", "en-IN", None, False),
    ],
)
def test_which_copy_a_post_uses(
    written: str, lang: str, texts: dict[str, str] | None, expected: bool
) -> None:
    assert serves(written, lang, texts) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ({"en": "a", "ar": "ب"}, [{**QUOTE_X, "text": {"en": "a"}}]),  # the language goes
        ({"ar": "ب"}, []),  # its last language: the template goes
    ],
)
def test_reset_takes_the_language_out_of_the_template(
    example_data: dict[str, Any], text: dict[str, str], expected: list[Any]
) -> None:
    data = copy.deepcopy(example_data)
    data["publishing"] = {"templates": [{**QUOTE_X, "text": text}]}
    after = _round_trip(data, reset_post_copy(data, "publishing.templates[0].text.ar"))
    assert after["publishing"]["templates"] == expected
    assert reset_post_copy(data, "default quote").empty


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("publishing.templates[12].text.en-IN", (12, "en-IN")),
        ("publishing.templates[0].text.ar", (0, "ar")),
        ("default quote", None),
        ("publishing.templates[0].first_comment.ar", None),
    ],
)
def test_where_a_copy_came_from(source: str, found: tuple[int, str] | None) -> None:
    assert project_copy(source) == found


@pytest.mark.parametrize(
    ("typed", "mark", "tags"),
    [
        ("#التكاتف_قوّة, SupportLocal", "#", ["#التكاتف_قوّة", "#SupportLocal"]),
        ("#a  #b،#c ; #a", "#", ["#a", "#b", "#c"]),
        ("@hala_k @shop.eg", "@", ["@hala_k", "@shop.eg"]),
        ("\u200e#ادعم_المحلي \u2068#SupportLocal\u2069", "#", ["#ادعم_المحلي", "#SupportLocal"]),  # pasted
        ("  # ", "#", []),
        ("", "@", []),
    ],
)
def test_typed_tags_are_read_as_a_manager_types_them(typed: str, mark: str, tags: list[str]) -> None:
    assert parse_tags(typed, mark) == tags


def test_hashtags_are_set_and_undone(example_data: dict[str, Any]) -> None:
    after = _round_trip(example_data, set_hashtags(example_data, ["#a", "#ب"]))
    assert after["hashtags"] == ["#a", "#ب"]


def test_a_persons_mentions_are_their_handles(example_data: dict[str, Any]) -> None:
    person = example_data["people"][1]["id"]
    after = _round_trip(example_data, set_mentions(example_data, person, ["@one", "@two"]))
    assert after["people"][1]["handles"] == ["@one", "@two"]
    assert mentions_of(after, person) == ["@one", "@two"]


def test_a_businesss_mention_is_its_one_handle(example_data: dict[str, Any]) -> None:
    shop = example_data["spotlights"][0]["id"]
    after = _round_trip(example_data, set_mentions(example_data, shop, ["@new_shop"]))
    assert get_at(after, "spotlights[0].mention") == "@new_shop"
    assert mentions_of(after, shop) == ["@new_shop"]
    with pytest.raises(ValueError, match="exactly one @mention"):
        set_mentions(example_data, shop, ["@a", "@b"])
    with pytest.raises(ValueError, match="no person or business"):
        set_mentions(example_data, "nobody", ["@a"])
    assert mentions_of(example_data, "nobody") is None


def _planned(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    window = [{"start": "19:00", "end": "22:00"}]
    data["publishing"] = {
        "plan": {
            "dates": ["2026-12-14"],
            "audiences": [
                {"id": "levant", "timezone": "Asia/Beirut", "people": ["hala", "rania"], "windows": window},
                {"id": "cairo", "timezone": "Africa/Cairo", "people": ["hala"], "windows": window},
                {"id": "rest", "timezone": "UTC", "windows": window},
            ],
        }
    }
    return data


def test_the_audiences_that_name_a_subject_are_found() -> None:
    data = _planned({})
    assert audience_paths(data, "hala") == [
        "publishing.plan.audiences[0].people[0]",
        "publishing.plan.audiences[1].people[0]",
    ]
    assert audience_paths(data, "rania") == ["publishing.plan.audiences[0].people[1]"]
    assert audience_paths({}, "hala") == []


def test_a_removed_subject_leaves_the_audiences_valid(example_data: dict[str, Any]) -> None:
    data = _planned(example_data)
    changes = unaudienced(data, "hala")
    after = _valid(apply(data, Edit("Remove", tuple(changes))))
    audiences = after["publishing"]["plan"]["audiences"]
    assert audiences[0]["people"] == ["rania"]
    assert "people" not in audiences[1]  # none left: anyone's posts, not an empty list
    assert apply(after, Edit("Remove", tuple(changes)).inverse()) == data
    assert unaudienced(data, "nobody") == []
