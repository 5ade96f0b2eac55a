"""Validation of the publishing section: each problem at its JSON path with the fix, and each
post that breaks its platform's rules, also through ``takatof validate``'s one function."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from takatof.edit.validate import validate, validate_file
from takatof.model.campaign import Campaign
from takatof.model.post_checks import post_problems
from takatof.model.post_copy import Asset
from takatof.model.problems import Problem, ProjectError
from takatof.model.project import load_project

from .conftest import EXAMPLE_DIR
from .test_post_copy import BASE, asset

TEMPLATES = ["quote", "stat", "spotlight", "goal", "hashtag", "group", "story", "reel", "film"]


def problems(publishing: dict[str, Any], assets: list[Asset] | None = None, **changes: Any) -> list[Problem]:
    data = copy.deepcopy(BASE)
    data["publishing"] = {**data["publishing"], **publishing}
    data.update(changes)
    return post_problems(Campaign.model_validate(data), assets or [], TEMPLATES)


def at(found: list[Problem]) -> dict[str, str]:
    return {p.path: p.message for p in found}


def test_a_clean_publishing_section_has_no_problems() -> None:
    plan = {
        "dates": ["2026-12-10"],
        "audiences": [
            {"id": "mena", "timezone": "Asia/Beirut", "windows": [{"start": "18:00", "end": "00:00"}]}
        ],
    }
    made = [asset(), asset("spotlight", subject="dar"), asset("story", kind="video")]
    assert (
        problems({"templates": [{"text": {"ar": "{quote?} {{x}}", "en": "{name}"}}], "plan": plan}, made)
        == []
    )


def test_unknown_placeholders_are_told_with_a_did_you_mean() -> None:
    found = at(
        problems(
            {
                "templates": [
                    {"text": {"en": "{qoute} by {name}", "ar": "{zzz}"}, "first_comment": {"en": "{hashtag}"}}
                ]
            }
        )
    )
    assert found["publishing.templates[0].text.en"] == "unknown placeholder {qoute}; did you mean {quote}?"
    assert (
        found["publishing.templates[0].first_comment.en"]
        == "unknown placeholder {hashtag}; did you mean {hashtags}?"
    )
    assert found["publishing.templates[0].text.ar"].startswith(
        "unknown placeholder {zzz}; use one of: {name}, {group}"
    )


def test_a_stray_brace_is_told() -> None:
    found = at(problems({"templates": [{"text": {"en": "{ name } says hi"}}]}))
    assert "starts no placeholder" in found["publishing.templates[0].text.en"]


def test_a_template_language_the_campaign_does_not_write_is_told() -> None:
    found = at(problems({"templates": [{"text": {"en": "{name}", "fr": "{name}"}}]}))
    assert found == {
        "publishing.templates[0].text.fr": "is in 'fr', which is not one of the campaign's languages (ar, en): "
        "add 'fr' to languages, or remove this text"
    }


def test_kinds_and_templates_that_match_nothing_are_told() -> None:
    found = at(
        problems({"templates": [{"kinds": ["cards"], "templates": ["qoute"], "text": {"en": "{name}"}}]})
    )
    assert found["publishing.templates[0].kinds[0]"] == (
        "no output kind is named 'cards', so this template matches nothing; did you mean 'card'?"
    )
    assert found["publishing.templates[0].templates[0]"] == (
        "no asset template is named 'qoute', so this template matches nothing; did you mean 'quote'?"
    )


def test_the_plans_audiences_are_checked() -> None:
    plan = {
        "dates": ["2026-12-10", "2026-12-11", "2026-12-10"],
        "audiences": [
            {
                "id": "mena",
                "timezone": "Asia/Beirut",
                "windows": [{"start": "18:00", "end": "21:00"}],
                "people": ["hla", "dar"],
                "languages": ["ar", "fr"],
            },
            {
                "id": "mena",
                "timezone": "Asia/Karachi",
                "windows": [
                    {"start": "22:00", "end": "01:00"},
                    {"start": "09:00", "end": "09:00"},
                    {"start": "20:00", "end": "00:00"},
                ],
            },
        ],
    }
    found = at(problems({"plan": plan}))
    assert found == {
        "publishing.plan.dates[2]": "2026-12-10 is listed at dates[0] too; remove one",
        "publishing.plan.audiences[0].people[0]": "no person or spotlight has the id 'hla'; did you mean 'hala'?",
        "publishing.plan.audiences[0].languages[1]": "'fr' is not one of the campaign's languages (ar, en), so no post is in it; use one of them",
        "publishing.plan.audiences[1].id": "'mena' is already the id of publishing.plan.audiences[0]; give each audience its own id",
        "publishing.plan.audiences[1].windows[1].end": "ends at 09:00, when it starts; a window needs some time: "
        "set another end (one before 09:00 is on the next day, as in 19:00-01:00)",
    }


def window_plan(*windows: tuple[str, str], **audience: Any) -> dict[str, Any]:
    return {
        "dates": ["2026-12-10"],
        "audiences": [
            {
                "id": "mena",
                "timezone": "Asia/Beirut",
                "windows": [{"start": start, "end": end} for start, end in windows],
                **audience,
            }
        ],
    }


def test_a_window_past_midnight_is_valid_and_only_one_that_ends_when_it_starts_is_told() -> None:
    # The scheduler puts an end before the start on the next day: 19:00-01:00 is a window.
    plan = window_plan(("19:00", "01:00"), ("22:00", "00:00"), ("23:30", "23:29"), ("07:00", "07:00"))
    assert [(p.path, p.message.split(";")[0]) for p in problems({"plan": plan})] == [
        ("publishing.plan.audiences[0].windows[3].end", "ends at 07:00, when it starts")
    ]


def test_a_language_no_audience_reads_is_told_at_the_audiences() -> None:
    plan = window_plan(("19:00", "22:00"), languages=["ar"])
    assert at(problems({"plan": plan})) == {
        "publishing.plan.audiences": "no audience reads 'en' posts; add 'en' to an audience's languages "
        "or an audience with no languages"
    }
    plan["audiences"].append(
        {"id": "all", "timezone": "Europe/London", "windows": [{"start": "19:00", "end": "22:00"}]}
    )
    assert problems({"plan": plan}) == []


@pytest.mark.parametrize(
    ("first", "second", "told"),
    [("Arabic", "arabic", "arabic"), ("@acme_ar", "acme-ar", "acme-ar"), ("main", "Main!", "main")],
)
def test_two_accounts_one_schedulers_file_are_told(first: str, second: str, told: str) -> None:
    from takatof.render.kit import buffer_name

    plan = window_plan(("19:00", "22:00"), account=first)
    plan["audiences"].append({**plan["audiences"][0], "id": "b", "account": second})
    plan["audiences"].append({**plan["audiences"][0], "id": "c", "account": first})  # the same: fine
    assert buffer_name("x", first) == buffer_name("x", second) == f"posts-buffer-x-{told}.csv"
    found = problems({"plan": plan})
    assert [p.path for p in found] == ["publishing.plan.audiences[1].account"]
    assert found[0].message == (
        f"{second!r} differs from {first!r} (publishing.plan.audiences[0].account) only by case or "
        f"punctuation, and both would write the scheduler's files for {told!r}; write {first!r} for the "
        "same account, or a name with other letters or digits for another"
    )


@pytest.mark.parametrize(
    ("where", "value", "told"),
    [
        (
            ("templates", 0, "text", "en"),
            "a\x00b {quote}",
            "holds the control character U+0000 (NULL) at position 2",
        ),
        (("templates", 0, "first_comment", "ar"), "x\x1bb", "holds the control character U+001B (ESCAPE)"),
        (("templates", 0, "text", "en"), "a\r\n{quote}", "holds a carriage return"),
        (("link",), "https://a.org/\x85x", "holds the control character U+0085"),
        (("media_url",), "https://cdn.org/\nx/", "holds a line break"),
        (("plan", "audiences", 0, "account"), "acme\tar", "holds a tab"),
        (("plan", "audiences", 0, "account"), "", "should not be empty"),
        (("plan", "audiences", 0, "account"), "\u200b", "holds only spaces or invisible characters"),
    ],
)
def test_control_characters_in_the_publishing_texts_are_refused_at_their_path(
    example_copy: Path, where: tuple[str | int, ...], value: str, told: str
) -> None:
    data = json.loads(example_copy.read_text(encoding="utf-8"))
    data["publishing"]["templates"] = [{"text": {"en": "{quote}"}, "first_comment": {"ar": "{link}"}}]
    target: Any = data["publishing"]
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    example_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        validate_file(example_copy)
    path = "publishing." + ".".join(f"[{k}]" if isinstance(k, int) else k for k in where).replace(".[", "[")
    found = at(raised.value.problems)
    assert found[path].startswith(told), found


def test_a_copy_of_several_lines_keeps_its_line_breaks_and_tabs() -> None:
    assert problems({"templates": [{"text": {"en": "{quote}\n\t{name}"}}]}) == []


def test_a_post_that_breaks_its_platform_is_told_at_its_template() -> None:
    seven = ["#A1", "#B2", "#C3", "#D4", "#E5", "#F6", "#G7"]
    found = problems(
        {"templates": [{"platforms": ["instagram"], "text": {"en": "{quote} {hashtags}"}}]},
        [asset()],
        hashtags=seven,
    )
    assert [p.path for p in found] == ["publishing.templates[0].text.en"]
    assert found[0].message.startswith(
        "the Instagram post of hala/quote in English has 7 hashtags, Instagram takes 5;"
    )


def test_a_default_copy_that_breaks_its_platform_is_told_at_the_output() -> None:
    data = copy.deepcopy(BASE)
    data["people"][0]["quote"]["ar"] = "كلمة " * 110  # 550 characters: over Threads' 500
    found = post_problems(Campaign.model_validate(data), [asset(platforms=("threads", "instagram"))])
    assert [(p.path, p.message.split(" is ")[0]) for p in found] == [
        ("outputs.cards[0]", "the Threads post of hala/quote in Arabic")
    ]
    assert "of 500 characters" in found[0].message and "shorten people[0].quote.ar" in found[0].message


def test_posts_are_not_checked_when_the_project_writes_none() -> None:
    seven = ["#A1", "#B2", "#C3", "#D4", "#E5", "#F6", "#G7"]
    assert (
        problems({"posts": False, "templates": [{"text": {"en": "{hashtags}"}}]}, [asset()], hashtags=seven)
        == []
    )


def test_a_template_already_wrong_is_told_once_not_per_post() -> None:
    found = problems({"templates": [{"text": {"en": "{naem}"}}]}, [asset(), asset("story", kind="video")])
    assert [p.path for p in found] == ["publishing.templates[0].text.en"]


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, target, ignore=shutil.ignore_patterns("*.bak"))
    return target / "campaign.json"


def test_validate_shows_the_publishing_problems(example_copy: Path) -> None:
    data = json.loads(example_copy.read_text(encoding="utf-8"))
    data["publishing"] = {
        "templates": [
            {"templates": ["quote"], "text": {"en": "{qoute}"}},
            {"templates": ["story"], "platforms": ["instagram"], "text": {"en": "{story} {hashtags}"}},
        ]
    }
    data["hashtags"] = ["#A1", "#B2", "#C3", "#D4", "#E5", "#F6"]
    example_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    found = at(validate(load_project(example_copy)))
    assert found["publishing.templates[0].text.en"] == "unknown placeholder {qoute}; did you mean {quote}?"
    assert "has 6 hashtags, Instagram takes 5" in found["publishing.templates[1].text.en"]


def test_a_stood_in_person_is_not_an_unknown_audience_member(example_copy: Path) -> None:
    # people[0] fails type validation: the checks run on a stand-in whose id is not 'hala',
    # so an audience naming her must not be told (her own problem is, at people[0]).
    data = json.loads(example_copy.read_text(encoding="utf-8"))
    data["people"][0] = "hala"
    window = [{"start": "19:00", "end": "22:00"}]
    data["publishing"] = {
        "plan": {
            "dates": ["2026-12-14"],
            "audiences": [
                {"id": "levant", "timezone": "Asia/Beirut", "people": ["hala"], "windows": window},
                {"id": "levant", "timezone": "Asia/Beirut", "windows": window},
            ],
        }
    }
    example_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        validate_file(example_copy)
    paths = [p.path for p in raised.value.problems]
    assert "people[0]" in paths
    assert "publishing.plan.audiences[0].people[0]" not in paths
    assert "publishing.plan.audiences[1].id" in paths  # what does not depend on the people still is
