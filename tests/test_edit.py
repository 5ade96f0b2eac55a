"""The editing core (takatof.edit) without Qt: each operation's new value and its inverse, as
tables over the example campaign's JSON data."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from takatof import edit
from takatof.edit import ABSENT, Change, Edit
from takatof.model import Campaign
from takatof.model.paths import get_at

Op = Callable[[dict[str, Any]], Edit]


def _campaign(data: dict[str, Any]) -> dict[str, Any]:
    """Example data with a spotlight of hala's and a clip, so every reference kind is there."""
    data = copy.deepcopy(data)
    data["spotlights"].append({**data["spotlights"][0], "id": "hala-shop", "person": "hala"})
    data["people"][0]["clips"] = [{"path": "media/clip.mp4", "start": 0.5, "end": 3.0}]
    data["people"][0]["media"][1] = {"path": "media/hala-2.jpg", "motion": "pan-left"}
    return data


# (name, operation, {path: expected new value})
CASES: list[tuple[str, Op, dict[str, Any]]] = [
    ("set a text", lambda d: edit.set_value(d, "people[0].quote.en", "Hi"), {"people[0].quote.en": "Hi"}),
    ("set an unset key", lambda d: edit.set_value(d, "people[1].handles", []), {"people[1].handles": []}),
    (
        "move a person",
        lambda d: edit.move_person(d, 0, 2),
        {"people": lambda d: [d["people"][1], d["people"][2], d["people"][0], d["people"][3]]},
    ),
    (
        "duplicate a person",
        lambda d: edit.duplicate_person(d, 0),
        {"people[1]": lambda d: {**d["people"][0], "id": "hala-copy"}, "people[2]": lambda d: d["people"][1]},
    ),
    ("remove a person", lambda d: edit.remove_person(d, 1), {"people[1]": lambda d: d["people"][2]}),
    ("add a person", edit.add_person, {"people[4].id": "person-5", "people[4].members": 0}),
    (
        "reorder photos",
        lambda d: edit.move_item(d, "people[0].media", [0, 1], 1, 0, "Move"),
        {"people[0].media": lambda d: [d["people"][0]["media"][1], d["people"][0]["media"][0]]},
    ),
    (
        "remove a photo",
        lambda d: edit.remove_item(d, "people[0].media", 0),
        {"people[0].media": lambda d: [d["people"][0]["media"][1]]},
    ),
    (
        "trim a clip's start",
        lambda d: edit.trim_clip(d, "people[0].clips[0]", "start", 1.23456),
        {"people[0].clips[0].start": 1.235},
    ),
    (
        "trim a clip's end",
        lambda d: edit.trim_clip(d, "people[0].clips[0]", "end", 2),
        {"people[0].clips[0].end": 2.0},
    ),
    (
        "a plain photo's duration",
        lambda d: edit.set_photo_duration(d, "people[0].media[0]", 99),
        {"people[0].media[0]": {"path": "media/hala-1.jpg", "duration_s": 20.0}},
    ),
    (
        "an object photo's motion kept with a new focus",
        lambda d: edit.set_photo_focus(d, "people[0].media[1]", 1.5, 0.25),
        {"people[0].media[1]": {"path": "media/hala-2.jpg", "motion": "pan-left", "focus": [1.0, 0.25]}},
    ),
    (
        "motion back to the template's",
        lambda d: edit.set_photo_motion(d, "people[0].media[1]", None),
        {"people[0].media[1]": {"path": "media/hala-2.jpg"}},
    ),
    (
        "add a photo, a clip and a voice-over",
        lambda d: edit.add_media(
            d,
            1,
            [
                ("image", "media/a.png"),
                ("video", "media/b.mp4"),
                ("audio", "media/c.ogg"),
                ("captions", "x.srt"),
            ],
        ),
        {
            "people[1].media[-1]": "media/a.png",
            "people[1].clips": [{"path": "media/b.mp4"}],
            "people[1].voiceover": "media/c.ogg",
        },
    ),
]


def _at(data: Any, path: str) -> Any:
    if path.endswith("[-1]"):
        return get_at(data, path[:-4])[-1]
    return get_at(data, path)


@pytest.mark.parametrize(("name", "op", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_edit_makes_its_change_and_its_inverse_restores_the_data(
    example_data: dict[str, Any], name: str, op: Op, expected: dict[str, Any]
) -> None:
    data = _campaign(example_data)
    before = copy.deepcopy(data)
    change = op(data)
    assert data == before, "an operation only computes; it never touches the data it reads"
    assert change.text and not change.empty
    after = edit.apply(data, change)
    for path, value in expected.items():
        assert _at(after, path) == (value(before) if callable(value) else value), path
    Campaign.model_validate(after)  # every edit leaves a valid campaign
    restored = edit.apply(after, change.inverse())
    assert json.dumps(restored, sort_keys=True) == json.dumps(before, sort_keys=True)


def test_inverse_of_an_added_key_removes_it() -> None:
    data: dict[str, Any] = {"people": [{"id": "a"}]}
    change = edit.set_value(data, "people[0].voiceover", "media/v.ogg")
    assert change.changes == (Change("people[0].voiceover", ABSENT, "media/v.ogg"),)
    after = edit.apply(data, change)
    assert edit.apply(after, change.inverse()) == data
    assert "voiceover" not in edit.apply(after, change.inverse())["people"][0]


@pytest.mark.parametrize(
    ("path", "old", "new", "references"),
    [
        (
            "people[0].id",
            "hala",
            "hala-h",
            ["people[0].id", "spotlights[1].person", "publishing.plan.audiences[0].people[0]"],
        ),
        ("people[2].id", "rania", "rania-k", ["people[2].id", "spotlights[0].person"]),
        (
            "people[1].id",
            "marouan",
            "marwan",
            [
                "people[1].id",
                "publishing.plan.audiences[1].people[0]",
                "publishing.plan.audiences[4].people[0]",
            ],
        ),
        ("spotlights[0].id", "dar-el-khoos", "dar", ["spotlights[0].id"]),
    ],
)
def test_renaming_an_id_renames_every_reference(
    example_data: dict[str, Any], path: str, old: str, new: str, references: list[str]
) -> None:
    data = _campaign(example_data)
    change = edit.set_value(data, path, new)
    assert sorted(c.path for c in change.changes) == sorted(references)
    assert all(c.old == old and c.new == new for c in change.changes)
    after = edit.apply(data, change)
    text = json.dumps(after, ensure_ascii=False)
    assert f'"{old}"' not in text, "no reference is left pointing at the old id"
    Campaign.model_validate(after)
    assert edit.apply(after, change.inverse()) == data
    assert change.where == ("" if len(references) > 1 else path)


def test_taking_another_persons_id_leaves_their_references_alone(example_data: dict[str, Any]) -> None:
    change = edit.set_value(example_data, "people[0].id", "rania")
    assert change.changes == (Change("people[0].id", "hala", "rania"),)
    assert edit.apply(example_data, change)["spotlights"][0]["person"] == "rania"


def test_the_last_person_can_be_removed_and_comes_back_on_undo() -> None:
    data = {"people": [{"id": "a"}]}
    change = edit.remove_person(data, 0)
    assert edit.apply(data, change)["people"] == []
    assert edit.apply(edit.apply(data, change), change.inverse())["people"] == [{"id": "a"}]


def test_an_unchanged_value_is_an_empty_edit(example_data: dict[str, Any]) -> None:
    assert edit.set_value(example_data, "people[0].id", "hala").empty


def test_add_person_takes_a_free_id() -> None:
    data = {"people": [{"id": "person-2"}, {"id": "person-3"}]}
    assert edit.apply(data, edit.add_person(data))["people"][2]["id"] == "person-4"


# -- files --------------------------------------------------------------------------------


def test_adopt_copies_an_outside_file_under_a_free_name(tmp_path: Path) -> None:
    root, outside = tmp_path / "project", tmp_path / "elsewhere"
    (root / "media").mkdir(parents=True)
    outside.mkdir()
    (root / "media" / "photo.png").write_bytes(b"theirs")
    (root / "inside.png").write_bytes(b"in")
    mine = outside / "photo.png"
    mine.write_bytes(b"mine")
    assert edit.adopt(root / "inside.png", root) == "inside.png"
    assert edit.adopt(mine, root) == "media/photo-1.png"
    assert (root / "media" / "photo-1.png").read_bytes() == b"mine"
    assert (root / "media" / "photo.png").read_bytes() == b"theirs"
    assert edit.adopt(mine, root) == "media/photo-1.png", "the same file is not copied twice"
    assert edit.adopt(mine, root, copy_outside=False) == mine.resolve().as_posix()


def test_where_problem_names_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"x")
    (tmp_path / "folder").mkdir()
    assert edit.where_problem("a.png", tmp_path, False) is None
    assert edit.where_problem("  ", tmp_path, False) is None
    assert "file not found" in (edit.where_problem("b.png", tmp_path, False) or "")
    assert edit.where_problem("folder", tmp_path, False) == "a folder, not a file"
    assert "outside the project folder" in (edit.where_problem("../x.png", tmp_path, False) or "")
    assert "file not found" in (edit.where_problem("../x.png", tmp_path, True) or "")


# An operation given an index that names no item raises, never edits something else: a
# negative index is not counted from the end (remove_person(-1) used to duplicate the list).
BAD_INDICES: list[tuple[str, Op, type[Exception]]] = [
    ("remove person -1", lambda d: edit.remove_person(d, -1), IndexError),
    ("remove person past the end", lambda d: edit.remove_person(d, 99), IndexError),
    ("duplicate person -1", lambda d: edit.duplicate_person(d, -1), IndexError),
    ("duplicate person past the end", lambda d: edit.duplicate_person(d, 4), IndexError),
    ("move person -1", lambda d: edit.move_person(d, -1, 0), IndexError),
    ("move person past the end", lambda d: edit.move_person(d, 99, 0), IndexError),
    ("remove item -1", lambda d: edit.remove_item(d, "people[0].media", -1), IndexError),
    ("remove item past the end", lambda d: edit.remove_item(d, "people[0].media", 2), IndexError),
    ("remove item of an empty list", lambda d: edit.remove_item(d, "people[1].clips", 0), IndexError),
    (
        "move item not in the order",
        lambda d: edit.move_item(d, "people[0].media", [1], 0, 0, "m"),
        IndexError,
    ),
    (
        "move item, order repeats",
        lambda d: edit.move_item(d, "people[0].media", [0, 0], 0, 1, "m"),
        ValueError,
    ),
    (
        "move item, order past the end",
        lambda d: edit.move_item(d, "people[0].media", [0, 5], 0, 1, "m"),
        ValueError,
    ),
    (
        "move item, order negative",
        lambda d: edit.move_item(d, "people[0].media", [-1, 0], 0, 1, "m"),
        ValueError,
    ),
]


@pytest.mark.parametrize(("name", "op", "error"), BAD_INDICES, ids=[c[0] for c in BAD_INDICES])
def test_an_index_that_names_no_item_is_refused(
    example_data: dict[str, Any], name: str, op: Op, error: type[Exception]
) -> None:
    with pytest.raises(error, match=r"index|order|not in"):
        op(example_data)


def test_moving_an_item_within_part_of_a_list_keeps_the_others(example_data: dict[str, Any]) -> None:
    data = _campaign(example_data)
    data["people"][0]["media"].append("media/hala-3.jpg")
    change = edit.move_item(data, "people[0].media", [0, 2], 2, 0, "Move")
    first, second, third = data["people"][0]["media"]
    assert edit.apply(data, change)["people"][0]["media"] == [third, second, first]


PAN = [{"t": 0.5, "x": 0.3, "y": 0.55}, {"t": 5.5, "x": 0.5, "y": 0.55}]


def test_a_trim_keeps_the_focus_path_so_trimming_back_out_restores_the_framing(
    example_data: dict[str, Any],
) -> None:
    """Keys beyond the new edge stay (they shape the path there): the project stays valid,
    and trimming the clip back out gives the pan it had, not a path cut at the first trim."""
    data = _campaign(example_data)
    data["people"][0]["clips"][0].update(start=0.5, end=5.5, focus_path=PAN)
    shorter = edit.apply(data, edit.trim_clip(data, "people[0].clips[0]", "end", 1.0))
    assert shorter["people"][0]["clips"][0]["focus_path"] == PAN
    Campaign.model_validate(shorter)
    again = edit.apply(shorter, edit.trim_clip(shorter, "people[0].clips[0]", "end", 5.5))
    assert again == data
