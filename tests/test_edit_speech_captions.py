"""A voice-over's or a clip's speech captions go with the file they were timed in: replacing
or removing the file drops them in the same edit (an undo brings both back)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from takatof.edit.edits import add_media, apply, set_value

DATA: dict[str, Any] = {
    "people": [
        {
            "voiceover": "a.ogg",
            "voiceover_captions": {"en": "captions/a.en.srt"},
            "clips": [{"path": "c.mp4", "captions": {"en": "captions/c.en.srt"}}, {"path": "d.mp4"}],
        }
    ],
    "outputs": {"films": [{"clips": [{"path": "f.mp4", "captions": {"ar": "captions/f.ar.srt"}}]}]},
}


@pytest.mark.parametrize(
    ("path", "value", "gone"),
    [
        ("people[0].voiceover", "b.ogg", "voiceover_captions"),
        ("people[0].voiceover", None, "voiceover_captions"),
        ("people[0].clips[0].path", "e.mp4", "captions"),
        ("outputs.films[0].clips[0].path", "g.mp4", "captions"),
    ],
)
def test_a_new_file_drops_the_old_files_captions(path: str, value: Any, gone: str) -> None:
    data = copy.deepcopy(DATA)
    edit = set_value(data, path, value)
    after = apply(data, edit)
    holder = after["people"][0] if path.endswith("voiceover") else None
    if holder is None:
        section = (
            after["people"][0]["clips"][0]
            if path.startswith("people")
            else after["outputs"]["films"][0]["clips"][0]
        )
        holder = section
    assert gone not in holder
    assert apply(after, edit.inverse()) == data


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("people[0].voiceover", "a.ogg"),  # the same file: its captions stay
        ("people[0].clips[0].path", "c.mp4"),
        ("people[0].clips[0].start", 1.0),  # a new trim: the captions are timed in the file, still right
        ("people[0].clips[1].path", "x.mp4"),  # a clip without captions
    ],
)
def test_other_edits_keep_them(path: str, value: Any) -> None:
    data = copy.deepcopy(DATA)
    edit = set_value(data, path, value)
    assert [c.path for c in edit.changes] == [path]


def test_a_new_voice_over_dropped_in_drops_the_old_captions() -> None:
    data = copy.deepcopy(DATA)
    edit = add_media(data, 0, [("audio", "new.ogg")])
    after = apply(data, edit)
    assert after["people"][0]["voiceover"] == "new.ogg"
    assert "voiceover_captions" not in after["people"][0]
    assert after["people"][0]["clips"][0]["captions"] == {"en": "captions/c.en.srt"}
    assert apply(after, edit.inverse()) == data
