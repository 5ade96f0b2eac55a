"""Removing a language keeps the publishing section valid (takatof.edit.remove_language): the
post templates lose their copy and first comment in it (a template or first comment left with
none goes), the posting plan's audiences stop reading it (one that read only it goes) — in the
same undoable edit, whose inverse gives the file back exactly. The campaign in five languages
is tests/data/multilingual."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from takatof.edit import apply, remove_language
from takatof.model import Campaign
from takatof.model.post_checks import post_problems

FIVE = Path(__file__).resolve().parent / "data" / "multilingual" / "campaign.json"
Data = dict[str, Any]

QUOTE = {
    "templates": ["quote"],
    "text": {"ur": "{quote} اردو", "en": "{quote}"},
    "first_comment": {"ur": "تبصرہ"},
}
URDU_ONLY = {"platforms": ["x"], "text": {"ur": "{quote} صرف اردو"}}
BOTH_COMMENTS = {
    "kinds": ["card"],
    "text": {"en": "{name}"},
    "first_comment": {"ur": "تبصرہ", "hi": "टिप्पणी"},
}


def _window() -> list[Data]:
    return [{"start": "18:00", "end": "21:00"}]


@pytest.fixture
def published() -> Data:
    """The five-language campaign with post templates and a plan that speak Urdu."""
    data: Data = json.loads(FIVE.read_text(encoding="utf-8"))
    data["publishing"] = {
        "templates": [copy.deepcopy(t) for t in (QUOTE, URDU_ONLY, BOTH_COMMENTS)],
        "plan": {
            "dates": ["2026-12-14"],
            "audiences": [
                {"id": "karachi", "timezone": "Asia/Karachi", "languages": ["ur"], "windows": _window()},
                {"id": "delhi", "timezone": "Asia/Kolkata", "languages": ["ur", "hi"], "windows": _window()},
                {"id": "paris", "timezone": "Europe/Paris", "languages": ["fr"], "windows": _window()},
                {"id": "anyone", "timezone": "UTC", "windows": _window()},
            ],
        },
    }
    return data


def _publishing_problems(data: Data) -> list[tuple[str, str]]:
    """The publishing section's own problems (templates and plan; no posts composed)."""
    campaign = Campaign.model_validate(data)
    return [(p.path, p.message) for p in post_problems(campaign, [], None, posts=False)]


def test_the_fixture_is_valid_before(published: Data) -> None:
    assert _publishing_problems(published) == []


def test_removing_a_language_leaves_the_publishing_section_valid(published: Data) -> None:
    edit = remove_language(published, "ur")
    after = apply(published, edit)
    assert _publishing_problems(after) == []  # before the fix: the ur copies and audiences were told
    assert apply(after, edit.inverse()) == published


def test_the_templates_lose_their_copy_in_it(published: Data) -> None:
    after = apply(published, remove_language(published, "ur"))
    assert after["publishing"]["templates"] == [
        {"templates": ["quote"], "text": {"en": "{quote}"}},  # the first comment, left empty, goes
        # the Urdu-only template goes: the model wants a text
        {"kinds": ["card"], "text": {"en": "{name}"}, "first_comment": {"hi": "टिप्पणी"}},
    ]


def test_the_audiences_stop_reading_it(published: Data) -> None:
    """An audience that read only Urdu goes (its posts are gone; with no list it would take
    every language's); one that read Urdu and Hindi keeps Hindi."""
    edit = remove_language(published, "ur")
    changed = [c for c in edit.changes if c.path.startswith("publishing.plan")]
    assert [c.path for c in changed] == ["publishing.plan.audiences"]
    audiences = apply(published, edit)["publishing"]["plan"]["audiences"]
    assert [a["id"] for a in audiences] == ["delhi", "paris", "anyone"]
    assert audiences[0]["languages"] == ["hi"] and audiences[1]["languages"] == ["fr"]


def test_the_plans_last_audience_stays_reading_any_language(published: Data) -> None:
    published["publishing"]["plan"]["audiences"] = published["publishing"]["plan"]["audiences"][:1]
    edit = remove_language(published, "ur")
    audiences = apply(published, edit)["publishing"]["plan"]["audiences"]
    assert [a["id"] for a in audiences] == ["karachi"] and "languages" not in audiences[0]
    assert _publishing_problems(apply(published, edit)) == []


def test_a_language_no_post_is_written_in_changes_no_template(published: Data) -> None:
    """Removing French touches only the audience that reads it."""
    edit = remove_language(published, "fr")
    assert [c.path for c in edit.changes if c.path.startswith("publishing")] == ["publishing.plan.audiences"]
    assert _publishing_problems(apply(published, edit)) == []


@pytest.mark.parametrize(
    "publishing",
    [
        {"templates": "not a list", "plan": None},
        {"templates": [None, {"text": "not a dict"}], "plan": {"audiences": [None, {"languages": "ur"}]}},
        [],
    ],
)
def test_a_publishing_section_of_the_wrong_shape_is_left_to_validation(publishing: Any) -> None:
    """The edit reads the data as written: a section the model would refuse does not stop it."""
    data: Data = json.loads(FIVE.read_text(encoding="utf-8"))
    data["publishing"] = publishing
    edit = remove_language(data, "ur")
    assert not [c for c in edit.changes if c.path.startswith("publishing")]
    assert apply(apply(data, edit), edit.inverse()) == data


def test_a_section_left_alone_is_not_touched(published: Data) -> None:
    edit = remove_language(published, "ur", leave={"publishing"})
    assert not [c for c in edit.changes if c.path.startswith("publishing")]
