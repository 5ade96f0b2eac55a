"""The campaign-wide outputs are checked against the rest of the file: every problem at its
JSON path, said with the fix, together with the file's other problems."""

from __future__ import annotations

import json
from typing import Any

import pytest

from takatof.model.project import Names, validate_data
from tests.conftest import EXAMPLE, EXAMPLE_DIR

NAMES = Names(
    templates=("quote", "stat", "hashtag", "goal", "spotlight", "group"),
    presets=("instagram-square", "instagram-portrait"),
    video_templates=("story",),
    video_presets=("instagram-story", "youtube-video"),
    carousel_presets=("instagram-square", "threads-portrait"),
    slide_limits={"instagram-square": (20, "Instagram"), "threads-portrait": (4, "a test's platform")},
    group_templates=("group",),
    template_scopes={
        "quote": "person",
        "stat": "person",
        "hashtag": "campaign",
        "goal": "campaign",
        "spotlight": "spotlight",
        "group": "group",
    },
)


def problems_of(outputs: dict[str, Any], edit: Any = None) -> dict[str, str]:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["outputs"] = outputs
    if edit is not None:
        edit(data)
    _, problems = validate_data(data, EXAMPLE_DIR, NAMES)
    return {p.path: p.message for p in problems}


def _no_clips(data: dict[str, Any]) -> None:
    for person in data["people"]:
        person.pop("clips", None)


CASES = [
    # (outputs, edit, path, words the message has)
    (
        {"reels": [{"presets": ["tiktok"]}]},
        None,
        "outputs.reels[0].presets[0]",
        ["unknown video preset 'tiktok'"],
    ),
    (
        {"reels": [{"presets": ["instagram-story"], "people": [{"person": "hala"}, {"person": "halla"}]}]},
        None,
        "outputs.reels[0].people[1].person",
        ["unknown person 'halla'", "did you mean 'hala'"],
    ),
    (
        {"reels": [{"presets": ["instagram-story"], "people": [{"person": "hala"}, {"person": "hala"}]}]},
        None,
        "outputs.reels[0].people[1].person",
        ["already listed at [0]"],
    ),
    (
        {"reels": [{"presets": ["instagram-story"], "people": [{"person": "hala", "items": [2, 1]}]}]},
        None,
        "outputs.reels[0].people[0].items",
        ["runs backwards", "[1, 2]"],
    ),
    (
        {"reels": [{"presets": ["instagram-story"], "people": [{"person": "hala", "items": [0, 40]}]}]},
        None,
        "outputs.reels[0].people[0].items",
        ["item 40 does not exist"],
    ),
    (
        {"reels": [{"presets": ["instagram-story"], "people": []}]},
        None,
        "outputs.reels[0].people",
        ["at least one person"],
    ),
    (
        {"reels": [{"presets": ["instagram-story"]}, {"presets": ["youtube-video"]}]},
        None,
        "outputs.reels[1].id",
        ["'reel' is already the id of outputs.reels[0]"],
    ),
    (
        {"carousels": [{"presets": ["youtube-video"]}]},
        None,
        "outputs.carousels[0].presets[0]",
        ["unknown carousel preset 'youtube-video'"],
    ),
    (
        {"carousels": [{"presets": ["threads-portrait"]}]},
        None,
        "outputs.carousels[0].presets[0]",
        ["at most 4 slides", "has 6", "4 person slides", "at most 2 subjects"],
    ),
    (
        {"carousels": [{"presets": ["instagram-square"], "of": "spotlights", "subjects": ["hala"]}]},
        None,
        "outputs.carousels[0].subjects[0]",
        ["unknown spotlight 'hala'"],
    ),
    (
        {"carousels": [{"presets": ["instagram-square"], "slide": "quotes"}]},
        None,
        "outputs.carousels[0].slide",
        ["unknown card template 'quotes'", "did you mean 'quote'"],
    ),
    (
        {"animated": [{"template": "goals", "presets": ["instagram-square"]}]},
        None,
        "outputs.animated[0].template",
        ["unknown card template 'goals'"],
    ),
    (
        {"animated": [{"template": "goal", "presets": ["instagram-story"]}]},
        None,
        "outputs.animated[0].presets[0]",
        ["unknown card preset 'instagram-story'"],
    ),
    (
        {"cards": [{"template": "quote", "presets": ["instagram-square"], "subjects": ["hala"]}]},
        None,
        "outputs.cards[0].subjects",
        ["only a group card (group) features chosen subjects", "remove subjects"],
    ),
    (
        {"cards": [{"template": "group", "presets": ["instagram-square"], "subjects": ["hala", "nobody"]}]},
        None,
        "outputs.cards[0].subjects[1]",
        ["unknown subject 'nobody'"],
    ),
    (
        {"films": [{"presets": ["instagram-story"], "people": ["hala"]}]},
        _no_clips,
        "outputs.films[0].people[0]",
        ["'hala' has no clips", "add clips"],
    ),
    # Two outputs that would write the same files: a film named as the reel (both write
    # videos/<campaign>/reel-<preset>.mp4), a film named as the story videos (a person's film
    # writes videos/<person>/story-<preset>.mp4, beside their story).
    (
        {
            "reels": [{"presets": ["instagram-story"]}],
            "films": [
                {
                    "id": "reel",
                    "presets": ["instagram-story"],
                    "clips": [{"path": "media/clip-cairo-runners.mp4"}],
                }
            ],
        },
        None,
        "outputs.films[0].id",
        ["'reel' is already the id of outputs.reels[0]", "same files", "give the film its own id"],
    ),
    (
        {"films": [{"id": "story", "presets": ["instagram-story"], "people": ["ibrahim"]}]},
        None,
        "outputs.films[0].id",
        ["'story' is the name of the story videos", "same files", "give the film its own id"],
    ),
    (
        {"reels": [{"id": "story", "presets": ["instagram-story"]}]},
        None,
        "outputs.reels[0].id",
        ["'story' is the name of the story videos", "give the reel its own id"],
    ),
    (
        {
            "reels": [{"id": "film", "presets": ["instagram-story"]}],
            "films": [{"presets": ["instagram-story"]}],
        },
        None,
        "outputs.films[0].id",
        ["'film' is already the id of outputs.reels[0]"],
    ),
    # An explicit empty list of subjects is no one (rendering never reads it as everyone).
    (
        {"carousels": [{"presets": ["instagram-square"], "subjects": []}]},
        None,
        "outputs.carousels[0].subjects",
        ["lists no one", "list some, or remove the list"],
    ),
    (
        {"cards": [{"template": "group", "presets": ["instagram-square"], "subjects": []}]},
        None,
        "outputs.cards[0].subjects",
        ["lists no one", "list some, or remove the list"],
    ),
    # A slide template made for another kind of subject is told, with the ones that fit.
    (
        {"carousels": [{"presets": ["instagram-square"], "slide": "goal"}]},
        None,
        "outputs.carousels[0].slide",
        ["'goal' is not drawn for a person", "use quote or stat"],
    ),
    (
        {"carousels": [{"presets": ["instagram-square"], "slide": "group"}]},
        None,
        "outputs.carousels[0].slide",
        ["'group' is not drawn for a person", "use quote or stat"],
    ),
    (
        {"carousels": [{"presets": ["instagram-square"], "of": "spotlights", "slide": "quote"}]},
        None,
        "outputs.carousels[0].slide",
        ["'quote' is not drawn for a spotlight", "use spotlight"],
    ),
]


@pytest.mark.parametrize(("outputs", "edit", "path", "words"), CASES)
def test_each_problem_is_told_at_its_path_with_the_fix(
    outputs: dict[str, Any], edit: Any, path: str, words: list[str]
) -> None:
    found = problems_of(outputs, edit)
    assert path in found, found
    for word in words:
        assert word in found[path]


def test_every_problem_is_told_at_once() -> None:
    """Three outputs wrong in three ways: three problems, not the first only."""
    found = problems_of(
        {
            "reels": [{"presets": ["tiktok"], "people": [{"person": "nobody"}]}],
            "carousels": [{"presets": ["threads-portrait"]}],
        }
    )
    assert {
        "outputs.reels[0].presets[0]",
        "outputs.reels[0].people[0].person",
        "outputs.carousels[0].presets[0]",
    } <= set(found)


def test_a_good_set_of_campaign_outputs_has_no_problem() -> None:
    found = problems_of(
        {
            "cards": [{"template": "group", "presets": ["instagram-square"], "subjects": ["hala", "rania"]}],
            "reels": [
                {
                    "presets": ["instagram-story"],
                    "people": [{"person": "rania"}, {"person": "hala", "items": [0, 1]}],
                }
            ],
            "carousels": [
                {"presets": ["instagram-square", "threads-portrait"], "subjects": ["hala", "rania"]}
            ],
            "animated": [{"template": "goal", "presets": ["instagram-square"]}],
        }
    )
    assert found == {}


def test_outputs_with_their_own_ids_that_write_different_files_pass() -> None:
    """Ids that differ, and slide templates made for their subjects, are no problem."""
    found = problems_of(
        {
            "reels": [{"presets": ["instagram-story"]}],
            "films": [{"presets": ["instagram-story"], "people": ["ibrahim"]}],
            "carousels": [
                {"presets": ["instagram-square"], "slide": "stat"},
                {"id": "shops", "presets": ["instagram-square"], "of": "spotlights", "slide": "spotlight"},
            ],
        }
    )
    assert found == {}


def test_unknown_time_zone_is_told_at_the_person() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["people"][1]["timezone"] = "Africa/Casablance"

    found = problems_of({}, edit)
    assert "'Africa/Casablance' is not an IANA time zone" in found["people[1].timezone"]
    assert "{" not in found["people[1].timezone"]  # the name itself, not a template's field


def test_a_film_for_everyone_with_clips_is_no_problem_when_no_one_has_any() -> None:
    """A new campaign, or a copy cut down to people without footage, keeps its film output:
    it makes no film until someone has clips (one named without clips is told, above)."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["outputs"] = {"films": [{"presets": ["instagram-story"]}]}
    _no_clips(data)
    assert validate_data(data, EXAMPLE_DIR, NAMES)[1] == []


def test_an_animated_group_card_chooses_its_subjects_as_a_static_one() -> None:
    found = problems_of(
        {
            "animated": [
                {"template": "group", "presets": ["instagram-square"], "subjects": ["hala", "nobody"]},
                {"template": "quote", "presets": ["instagram-square"], "subjects": ["hala"]},
            ]
        }
    )
    assert "unknown subject 'nobody'" in found["outputs.animated[0].subjects[1]"]
    assert "only a group card" in found["outputs.animated[1].subjects"]
