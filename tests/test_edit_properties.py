"""Property test of the editing core: any valid operation on the example campaign, applied and
then undone with its inverse, gives back equal data and the same JSON text."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from takatof import edit
from takatof.edit import Edit
from tests.conftest import EXAMPLE

DATA: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
DATA["people"][0]["clips"] = [{"path": "media/clip.mp4", "start": 0.5}]  # a clip to trim
Op = Callable[[dict[str, Any]], Edit]


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@st.composite
def operations(draw: st.DrawFn, data: dict[str, Any]) -> Op:
    """A valid operation on ``data`` as it is now."""
    people = len(data["people"])
    person = draw(st.integers(0, people - 1))
    media = f"people[{person}].media"
    count = len(data["people"][person].get("media", []))
    clips = len(data["people"][person].get("clips", []))
    kind = draw(
        st.sampled_from(
            [
                "add",
                "duplicate",
                "remove",
                "move",
                "rename",
                "text",
                "media",
                "move_item",
                "remove_item",
                "duration",
                "motion",
                "focus",
                "trim",
            ]
        )
    )
    if kind == "add" or (kind == "remove" and people == 1):
        return edit.add_person
    if kind == "duplicate":
        return lambda d: edit.duplicate_person(d, person)
    if kind == "remove":
        return lambda d: edit.remove_person(d, person)
    if kind == "move":
        to = draw(st.integers(-2, people + 2))
        return lambda d: edit.move_person(d, person, to)
    if kind == "rename":
        new = draw(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True))
        return lambda d: edit.set_value(d, f"people[{person}].id", new)
    if kind == "text":
        field = draw(st.sampled_from(["name.en", "quote.ar", "story.en", "country_name.ar", "voiceover"]))
        value = draw(st.text(max_size=20))
        return lambda d: edit.set_value(d, f"people[{person}].{field}", value)
    if kind == "media":
        files = draw(
            st.lists(
                st.tuples(st.sampled_from(["image", "video", "audio"]), st.just("media/x.jpg")), max_size=3
            )
        )
        return lambda d: edit.add_media(d, person, files)
    if kind == "trim" and clips:
        edge = draw(st.sampled_from(["start", "end"]))
        seconds = draw(st.floats(0, 60))
        clip = draw(st.integers(0, clips - 1))
        return lambda d: edit.trim_clip(d, f"people[{person}].clips[{clip}]", edge, seconds)
    if count == 0 or kind == "trim":
        return edit.add_person
    index = draw(st.integers(0, count - 1))
    where = f"{media}[{index}]"
    if kind == "move_item":
        order = draw(st.permutations(range(count)))
        to = draw(st.integers(0, count))
        return lambda d: edit.move_item(d, media, order, order[index], to, "Move")
    if kind == "remove_item":
        return lambda d: edit.remove_item(d, media, index)
    if kind == "duration":
        seconds = draw(st.floats(-10, 100))
        return lambda d: edit.set_photo_duration(d, where, seconds)
    if kind == "motion":
        motion = draw(st.sampled_from([None, "", "zoom-in", "pan-left"]))
        return lambda d: edit.set_photo_motion(d, where, motion)
    x, y = draw(st.floats(-1, 2)), draw(st.floats(-1, 2))
    return lambda d: edit.set_photo_focus(d, where, x, y)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(1, 5))
def test_every_edit_is_undone_exactly_by_its_inverse(draw: st.DataObject, steps: int) -> None:
    data = json.loads(_text(DATA))
    for _ in range(steps):
        change = draw.draw(operations(data))(data)
        after = edit.apply(data, change)
        restored = edit.apply(after, change.inverse())
        assert restored == data
        assert _text(restored) == _text(data)  # same keys in the same order: the same file
        data = after


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("people[0].voiceover", "media/other.ogg"),  # Hala's voice-over and its speech captions
        ("people[0].voiceover", ""),
        ("people[0].voiceover", None),
        ("people[2].clips[0].path", "media/other.mp4"),  # Rania's captioned interview clip
    ],
)
def test_a_new_file_undone_puts_its_speech_captions_back_where_they_were(path: str, value: Any) -> None:
    """A new voice-over or clip file drops the speech captions timed in the old one; the undo
    writes them back in their place among the keys, not at the end (the same file)."""
    data = json.loads(_text(DATA))
    change = edit.set_value(data, path, value)
    after = edit.apply(data, change)
    assert len(change.changes) == 2 and _text(after) != _text(data)  # the captions went too
    assert _text(edit.apply(after, change.inverse())) == _text(data)
