"""The clip editor's gestures as edits of the project (takatof.edit.cuts), and the snapping the
timeline's drags use (takatof.edit.timeline): table tests on plain data, each edit checked
for what it writes, that it validates as a campaign, and that its inverse gives the data back
exactly."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from takatof.edit.cuts import (
    delete_item,
    duplicate_item,
    frame_time,
    frozen_cues,
    reset_cues,
    set_clip_sound,
    set_cue,
    set_transition,
    set_transition_duration,
    split_item,
)
from takatof.edit.edits import Edit, add_media, apply, move_item, remove_item
from takatof.edit.timeline import Block, cue_edge_value, edge_value, snap_targets, snap_to
from takatof.model.campaign import Campaign
from takatof.model.paths import ABSENT
from takatof.render.video.plan import CueRow, SegmentRow

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "community-stories" / "campaign.json"


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    ibrahim = data["people"][3]["clips"][0]
    ibrahim.update(
        volume=0.8, fade_in_s=0.5, fade_out_s=1.0, transition={"kind": "dip-black", "duration_s": 0.4}
    )
    data["people"][1]["media"][1]["transition"] = {"kind": "crossfade", "duration_s": 1.0}
    return data


def made(data: dict[str, Any], edit: Edit) -> dict[str, Any]:
    """The data with ``edit`` made, checked to be a valid campaign and to undo exactly."""
    after = apply(data, edit)
    Campaign.model_validate(after)
    assert apply(after, edit.inverse()) == data
    assert not edit.empty
    return after


# -- split ----------------------------------------------------------------------------------

CLIP = "people[3].clips[0]"


@pytest.mark.parametrize(
    ("where", "at", "kwargs", "first", "second"),
    [
        (  # a clip: same file, the cut 2 s into it; fade-in on the first, fade-out and dip on the second
            CLIP,
            2.0,
            {},
            {
                "path": "media/clip-cairo-runners.mp4",
                "start": 0.5,
                "end": 2.5,
                "audio": True,
                "volume": 0.8,
                "fade_in_s": 0.5,
                "transition": {"kind": "cut"},
                # the whole pan (x 0.3 at 0.5 s to 0.5 at 5.5 s) on both halves: keys beyond an edge shape it
                "focus_path": [{"t": 0.5, "x": 0.3, "y": 0.55}, {"t": 5.5, "x": 0.5, "y": 0.55}],
            },
            {
                "path": "media/clip-cairo-runners.mp4",
                "start": 2.5,
                "end": 5.5,
                "audio": True,
                "volume": 0.8,
                "fade_out_s": 1.0,
                "focus_path": [{"t": 0.5, "x": 0.3, "y": 0.55}, {"t": 5.5, "x": 0.5, "y": 0.55}],
                "transition": {"kind": "dip-black", "duration_s": 0.4},
            },
        ),
        (  # a photo written as a plain path, 4.5 s as planned: 1.5 + 3
            "people[0].media[0]",
            1.5,
            {"duration_s": 4.5},
            {
                "path": "media/hala-1.jpg",
                "duration_s": 1.5,
                "span": [0.0, 0.3333],
                "transition": {"kind": "cut"},
            },
            {"path": "media/hala-1.jpg", "duration_s": 3.0, "span": [0.3333, 1.0]},
        ),
        (  # a photo's motion, focus and transition: motion and focus on both, its transition on the second
            "people[1].media[1]",
            2.25,
            {"duration_s": 6.0},
            {
                "path": "media/marouan-2.jpg",
                "motion": "zoom-in",
                "focus": [0.35, 0.4],
                "duration_s": 2.25,
                "span": [0.0, 0.375],
                "transition": {"kind": "cut"},
            },
            {
                "path": "media/marouan-2.jpg",
                "motion": "zoom-in",
                "focus": [0.35, 0.4],
                "duration_s": 3.75,
                "span": [0.375, 1.0],
                "transition": {"kind": "crossfade", "duration_s": 1.0},
            },
        ),
        (  # no planned duration given: the story's photo_s (4.5 s)
            "people[2].media[1]",
            2.0,
            {},
            {
                "path": "media/rania-2.jpg",
                "duration_s": 2.0,
                "span": [0.0, 0.4444],
                "transition": {"kind": "cut"},
            },
            {"path": "media/rania-2.jpg", "duration_s": 2.5, "span": [0.4444, 1.0]},
        ),
    ],
)
def test_split_puts_two_items_in_the_place_of_one(
    example: dict[str, Any], where: str, at: float, kwargs: dict[str, float], first: Any, second: Any
) -> None:
    list_path, _, index = where.rpartition("[")
    k = int(index.rstrip("]"))
    before = copy.deepcopy(example)
    edit = split_item(example, where, at, **kwargs)
    assert example == before  # computing an edit changes nothing
    after = made(example, edit)
    items = after["people"][int(where[7])][list_path.rsplit(".", 1)[1]]
    old = before["people"][int(where[7])][list_path.rsplit(".", 1)[1]]
    assert items[k] == first and items[k + 1] == second
    assert items[:k] == old[:k] and items[k + 2 :] == old[k + 1 :]
    assert edit.text in ("Split clip", "Split photo") and len(edit.changes) == 1


@pytest.mark.parametrize(
    ("where", "at", "kwargs", "message"),
    [
        (CLIP, 0.2, {}, "at least 0.5 s"),  # too near the in point
        (CLIP, 4.8, {}, "at least 0.5 s"),  # 0.2 s before the out point
        ("people[0].media[0]", 1.0, {"duration_s": 4.5}, "1.5 to 20 s"),
        ("people[0].media[0]", 3.5, {"duration_s": 4.5}, "further from its ends"),
        ("people[0].media[0]", 1.5, {"duration_s": 2.5}, "shorter than 3 s"),
        ("people[0].media[9]", 1.5, {}, r"no item at people\[0\]\.media\[9\]"),
        ("video.music", 1.5, {}, "is not a photo or a clip"),
    ],
)
def test_split_refuses_a_part_out_of_bounds_with_a_clear_message(
    example: dict[str, Any], where: str, at: float, kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises((ValueError, IndexError), match=message):
        split_item(example, where, at, **kwargs)


def test_split_of_a_clip_that_plays_to_its_files_end_checks_the_files_length() -> None:
    data = {"people": [{"clips": [{"path": "a.mp4", "start": 1.0}]}]}
    edit = split_item(data, "people[0].clips[0]", 2.0, length_s=6.0)
    assert apply(data, edit)["people"][0]["clips"] == [
        {"path": "a.mp4", "start": 1.0, "end": 3.0, "transition": {"kind": "cut"}},
        {"path": "a.mp4", "start": 3.0},
    ]
    with pytest.raises(ValueError, match=r"at least 0\.5 s"):
        split_item(data, "people[0].clips[0]", 4.8, length_s=6.0)


# -- delete, duplicate ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "path", "expected"),
    [
        (lambda d: delete_item(d, "people[0].media[0]"), ("people", 0, "media"), ["media/hala-2.jpg"]),
        (lambda d: delete_item(d, CLIP), ("people", 3, "clips"), []),
        (
            lambda d: duplicate_item(d, "people[1].media[0]"),
            ("people", 1, "media"),
            [
                "media/marouan-1.jpg",
                "media/marouan-1.jpg",
                {
                    "path": "media/marouan-2.jpg",
                    "motion": "zoom-in",
                    "focus": [0.35, 0.4],
                    "transition": {"kind": "crossfade", "duration_s": 1.0},
                },
            ],
        ),
    ],
    ids=["delete-photo", "delete-clip", "duplicate-photo"],
)
def test_delete_and_duplicate(
    example: dict[str, Any], edit: Any, path: tuple[Any, ...], expected: Any
) -> None:
    after = made(example, edit(example))
    assert after[path[0]][path[1]][path[2]] == expected


def test_duplicate_a_clip_copies_it_whole_after_it(example: dict[str, Any]) -> None:
    edit = duplicate_item(example, CLIP)
    clips = made(example, edit)["people"][3]["clips"]
    assert clips == [example["people"][3]["clips"][0]] * 2 and edit.text == "Duplicate clip"


# -- transitions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "kind", "duration", "expected"),
    [
        (
            "people[0].media[0]",
            "dip-white",
            0.8,
            {"path": "media/hala-1.jpg", "transition": {"kind": "dip-white", "duration_s": 0.8}},
        ),
        ("people[0].media[0]", "cut", 0.8, {"path": "media/hala-1.jpg", "transition": {"kind": "cut"}}),
        (
            "people[0].media[0]",
            "crossfade",
            9.0,
            {"path": "media/hala-1.jpg", "transition": {"kind": "crossfade", "duration_s": 2.0}},
        ),
        (
            "people[0].media[0]",
            "crossfade",
            None,
            {"path": "media/hala-1.jpg", "transition": {"kind": "crossfade"}},
        ),
        # another kind keeps the duration already chosen
        (
            "people[1].media[1]",
            "dip-black",
            None,
            {
                "path": "media/marouan-2.jpg",
                "motion": "zoom-in",
                "focus": [0.35, 0.4],
                "transition": {"kind": "dip-black", "duration_s": 1.0},
            },
        ),
        # default: the transition removed
        (
            "people[1].media[1]",
            None,
            None,
            {"path": "media/marouan-2.jpg", "motion": "zoom-in", "focus": [0.35, 0.4]},
        ),
        (
            CLIP,
            "default",
            None,
            {
                "path": "media/clip-cairo-runners.mp4",
                "start": 0.5,
                "end": 5.5,
                "audio": True,
                "volume": 0.8,
                "fade_in_s": 0.5,
                "fade_out_s": 1.0,
                "focus_path": [{"t": 0.5, "x": 0.3, "y": 0.55}, {"t": 5.5, "x": 0.5, "y": 0.55}],
            },
        ),
    ],
)
def test_set_transition(
    example: dict[str, Any], where: str, kind: str | None, duration: float | None, expected: Any
) -> None:
    after = made(example, set_transition(example, where, kind, duration))
    person, _, rest = where[7:].partition("].")
    field, _, index = rest.partition("[")
    assert after["people"][int(person)][field][int(index.rstrip("]"))] == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ({"kind": "dip-black"}, {"kind": "dip-black", "duration_s": 0.8}),  # the kind written now
        ({"kind": "cut"}, {"kind": "crossfade", "duration_s": 0.8}),  # a cut has no duration
        (None, {"kind": "crossfade", "duration_s": 0.8}),  # the default is a cross-fade
    ],
)
def test_a_transitions_duration_keeps_the_kind_the_project_holds(written: Any, expected: Any) -> None:
    """The Studio's Duration… took the kind from the last drawn plan, which a dip to black set
    just before had not reached: the duration edit turned it back into a cross-fade."""
    clip: dict[str, Any] = {"path": "a.mp4"} if written is None else {"path": "a.mp4", "transition": written}
    data = {"people": [{"clips": [clip]}]}
    after = apply(data, set_transition_duration(data, "people[0].clips[0]", 0.8))
    assert after["people"][0]["clips"][0]["transition"] == expected


def test_a_plain_photos_default_transition_stays_a_plain_path() -> None:
    data = {"people": [{"media": ["a.jpg"]}]}
    edit = set_transition(data, "people[0].media[0]", "crossfade", 0.5)
    twice = apply(apply(data, edit), set_transition(apply(data, edit), "people[0].media[0]", None))
    assert twice == data
    with pytest.raises(ValueError, match="not one of cut, crossfade"):
        set_transition(data, "people[0].media[0]", "wipe")


# -- a clip's sound -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "fields", "text"),
    [
        ({"volume": 1.5}, {"volume": 1.5, "fade_in_s": 0.5, "fade_out_s": 1.0}, "Clip volume"),
        ({"volume": 7}, {"volume": 2.0, "fade_in_s": 0.5, "fade_out_s": 1.0}, "Clip volume"),
        ({"volume": 1.0}, {"fade_in_s": 0.5, "fade_out_s": 1.0}, "Clip volume"),  # the default: not written
        ({"fade_in_s": 2, "fade_out_s": 0}, {"volume": 0.8, "fade_in_s": 2.0}, "Clip fades"),
        ({"fade_out_s": -3}, {"volume": 0.8, "fade_in_s": 0.5}, "Clip fades"),
        (
            {"volume": 0.0, "audio": False},
            {"volume": 0.0, "fade_in_s": 0.5, "fade_out_s": 1.0, "audio": False},
            "Clip sound",
        ),
    ],
)
def test_set_clip_sound(
    example: dict[str, Any], kwargs: dict[str, Any], fields: dict[str, Any], text: str
) -> None:
    edit = set_clip_sound(example, CLIP, **kwargs)
    clip = made(example, edit)["people"][3]["clips"][0]
    sound = {k: clip[k] for k in ("volume", "fade_in_s", "fade_out_s") if k in clip}
    assert sound | ({"audio": clip["audio"]} if "audio" in kwargs else {}) == fields
    assert clip["transition"] == {"kind": "dip-black", "duration_s": 0.4} and edit.text == text


def test_a_photo_has_no_sound_of_its_own(example: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="only a clip has a sound"):
        set_clip_sound(example, "people[0].media[0]", volume=0.5)


# -- captions -------------------------------------------------------------------------------

ROWS = (
    CueRow(0.5, 2.0, (("ar", "أ"), ("en", "One"))),
    CueRow(2.0, 4.0, (("ar", "ب"), ("en", "Two"))),
    CueRow(4.5, 6.0, (("ar", "ج"), ("en", "Three"))),
)


def test_the_first_cue_edit_freezes_the_plans_cues_in_one_edit(example: dict[str, Any]) -> None:
    edit = set_cue(example, 0, 1, ROWS, texts={"en": "Two, said better"}, end_s=4.4)
    assert [c.path for c in edit.changes] == ["people[0].cues"] and edit.changes[0].old is ABSENT
    after = made(example, edit)
    assert after["people"][0]["cues"] == [
        {"start_s": 0.5, "end_s": 2.0, "text": {"ar": "أ", "en": "One"}},
        {"start_s": 2.0, "end_s": 4.4, "text": {"ar": "ب", "en": "Two, said better"}},
        {"start_s": 4.5, "end_s": 6.0, "text": {"ar": "ج", "en": "Three"}},
    ]
    again = set_cue(after, 0, 2, (), start_s=4.4)  # own cues: only the one cue changes
    assert [c.path for c in again.changes] == ["people[0].cues[2]"]
    assert made(after, again)["people"][0]["cues"][2]["start_s"] == 4.4
    reset = reset_cues(after, 0)
    assert made(after, reset) == example


@pytest.mark.parametrize(
    ("index", "kwargs", "message"),
    [
        (1, {"start_s": 1.5}, "over the caption next to it"),
        (1, {"end_s": 4.6}, "over the caption next to it"),
        (0, {"end_s": 0.6}, "at least 0.2 s"),
        (0, {"start_s": -1}, "cannot start before 0"),
        (3, {"start_s": 1}, "no caption at people\\[0\\].cues\\[3\\]"),
    ],
)
def test_a_cue_edit_that_would_overlap_or_vanish_is_refused(
    example: dict[str, Any], index: int, kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises((ValueError, IndexError), match=message):
        set_cue(example, 0, index, ROWS, **kwargs)


def test_frozen_cues_write_every_language_shown() -> None:
    assert frozen_cues(ROWS[:1]) == [{"start_s": 0.5, "end_s": 2.0, "text": {"ar": "أ", "en": "One"}}]


# -- snapping -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "targets", "tolerance", "expected"),
    [
        (3.04, (1.0, 3.0, 5.0), 0.1, 3.0),
        (3.2, (1.0, 3.0, 5.0), 0.1, 3.2),  # none near: the value itself
        (3.0, (), 0.5, 3.0),
        (4.0, (3.9, 4.05), 0.2, 4.05),  # the nearer
        (4.0, (3.75, 4.25), 0.5, 3.75),  # as near: the earlier
        (2.0, (2.2,), 0.0, 2.0),  # no tolerance: no snap
    ],
)
def test_snap_to(value: float, targets: tuple[float, ...], tolerance: float, expected: float) -> None:
    assert snap_to(value, targets, tolerance) == pytest.approx(expected)


def row(kind: str, start: float, duration: float, **kw: Any) -> SegmentRow:
    fields: dict[str, Any] = dict(
        kind=kind,
        where=kw.pop("where", None),
        source=None,
        start_s=start,
        duration_s=duration,
        motion=None,
        focus=None,
        clip_in_s=kw.pop("clip_in_s", None),
        clip_out_s=kw.pop("clip_out_s", None),
        own_duration=False,
    )
    return SegmentRow(**fields)


SEGMENTS = (
    row("title", 0.0, 3.5),
    row("photo", 2.9, 4.5, where="people[0].media[0]"),
    row("clip", 6.8, 5.0, where="people[0].clips[0]", clip_in_s=0.5, clip_out_s=5.5),
    row("closing", 11.2, 4.0),
)


def test_snap_targets_are_the_playhead_cuts_and_caption_edges_less_what_moves() -> None:
    cues = (CueRow(1.0, 2.0, ()), CueRow(8.0, 9.5, ()))
    assert snap_targets(SEGMENTS, cues, 5.0) == (
        0.0,
        1.0,
        2.0,
        2.9,
        3.5,
        5.0,
        6.8,
        7.4,
        8.0,
        9.5,
        11.2,
        11.8,
        15.2,
    )
    # the photo's own end and everything after it move with its edge: only its start stays
    assert snap_targets(SEGMENTS, cues, 5.0, skip_segment=1) == (0.0, 1.0, 2.0, 2.9, 3.5, 5.0, 8.0, 9.5)
    assert snap_targets(SEGMENTS, cues, 5.0, skip_cue=1)[-3:] == (11.2, 11.8, 15.2)


@pytest.mark.parametrize(
    ("index", "mode", "delta", "targets", "tolerance", "expected"),
    [
        (1, "resize", 0.54, (), 0.0, 5.0),  # to a tenth of a second
        (1, "resize", 0.54, (8.0,), 0.2, 5.1),  # its end 7.94 snaps to 8.0: duration 5.1
        (1, "resize", 0.54, (8.5,), 0.2, 5.0),  # too far to snap
        (1, "resize", -9.0, (2.9,), 0.2, 1.5),  # kept in bounds whatever the snap
        (2, "trim-out", -1.03, (10.8,), 0.2, 4.5),  # end 10.77 -> 10.8: out point 4.53 -> 4.5 + 0.03
        (2, "trim-out", -1.03, (), 0.0, 4.5),
        (2, "trim-in", 0.97, (10.8,), 0.2, 1.5),  # the end moves the other way: in 1.47 + 0.03
        (2, "trim-in", 9.0, (), 0.0, 5.0),  # at least half a second of the clip
    ],
)
def test_edge_values_snap_to_targets_within_bounds(
    index: int, mode: str, delta: float, targets: tuple[float, ...], tolerance: float, expected: float
) -> None:
    block = Block(index, SEGMENTS[index], index % 2)
    assert edge_value(block, mode, delta, 10.0, targets, tolerance) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("index", "edge", "t", "targets", "expected"),
    [
        (1, "start", 2.46, (), 2.5),  # a tenth of a second
        (1, "start", 2.46, (2.45,), 2.45),  # snapped
        (1, "start", 0.2, (), 2.0),  # not over the caption before
        (1, "start", 3.95, (), 3.8),  # at least 0.2 s long
        (1, "end", 5.0, (), 4.5),  # not over the caption after
        (2, "end", 99.0, (), 99.0),  # the last one: any time after
        (0, "start", -2.0, (), 0.0),
    ],
)
def test_cue_edges_snap_and_stay_between_their_neighbours(
    index: int, edge: str, t: float, targets: tuple[float, ...], expected: float
) -> None:
    assert cue_edge_value(ROWS, index, edge, t, targets, 0.1) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("times", "volume", "fade_in", "fade_out", "expected"),
    [
        ((0.0, 1.0, 2.0), 1.0, 0.0, 0.0, (1.0, 1.0, 1.0)),  # as recorded
        ((0.0, 1.0, 2.0), 0.5, 0.0, 0.0, (0.5, 0.5, 0.5)),
        ((0.0, 0.5, 1.0, 2.0), 1.0, 1.0, 0.0, (0.0, 0.5, 1.0, 1.0)),  # a ramp up from silence
        ((3.0, 3.5, 4.0), 2.0, 0.0, 1.0, (2.0, 1.0, 0.0)),  # down to silence at its end (4 s)
        ((0.25, 2.0, 3.75), 0.8, 0.5, 0.5, (0.4, 0.8, 0.4)),
    ],
)
def test_sound_gain_draws_a_clips_volume_and_fades(
    times: tuple[float, ...], volume: float, fade_in: float, fade_out: float, expected: tuple[float, ...]
) -> None:
    from takatof.edit.timeline import sound_gain

    gain = sound_gain(np.array(times), 4.0, volume, fade_in, fade_out)
    assert gain.tolist() == pytest.approx(list(expected))


@pytest.mark.parametrize(
    ("start", "at", "expected"),
    [
        (0.0, 1.2666, 1.266),  # frame 38 (1.26667 s): written below it, so the second half has it
        (0.0, 1.24, 1.233),  # 37.2 frames: to the nearest whole frame (37), below it
        (0.5, 2.0, 2.5),  # a whole frame stays exact
        (0.1, 0.7333, 0.833),  # from a start of its own: 0.1 + 22 frames = 0.8333
    ],
)
def test_a_clip_is_split_on_a_whole_frame_written_below_it(start: float, at: float, expected: float) -> None:
    """Rounded to the nearest millisecond a frame time went past its frame (1.26667 -> 1.267)
    and ffmpeg's seek skipped that frame: the join showed 37 | 39 39."""
    assert frame_time(start, at) == pytest.approx(expected)
    fps = 30
    frame = round((start + round(at * fps) / fps) * fps)
    assert (frame - 1) / fps < frame_time(start, at) <= frame / fps  # the frame is the second half's


def test_a_split_photo_moves_on_across_its_cut(example: dict[str, Any]) -> None:
    """Planned through the story: the first half's last view is the second half's first, the
    second half plays the same move (not the next of the cycle), and the photos after it keep
    the moves they had."""
    from takatof.model import Project
    from takatof.render.video.render import VideoJob, plan
    from takatof.templates.timeline import Photo

    def photos(data: dict[str, Any]) -> list[Photo]:
        project = Project(Campaign.model_validate(data), EXAMPLE)  # the file: paths are relative to it
        timeline = plan(project, VideoJob("story", "instagram-story", "hala"))
        return [s for s in timeline.segments if isinstance(s, Photo)]

    before = photos(example)
    after = photos(
        made(example, split_item(example, "people[0].media[0]", 3.0, duration_s=before[0].duration))
    )
    assert len(after) == len(before) + 1
    first, second = after[0].motion, after[1].motion
    assert (first.zoom_to, first.x_to, first.y_to) == pytest.approx(
        (second.zoom_from, second.x_from, second.y_from)
    )
    assert (first.zoom_from, second.zoom_to) == pytest.approx(
        (before[0].motion.zoom_from, before[0].motion.zoom_to)
    )
    assert [p.motion for p in after[2:]] == [p.motion for p in before[1:]]


# -- what an edit of the items carries along: focus paths, reel ranges ----------------------


def test_a_split_clips_halves_both_keep_the_whole_focus_path(example: dict[str, Any]) -> None:
    """Keys beyond a clip's edges shape its path there, so each half frames as the clip did
    (the same point at every moment of the file), the project stays valid, and the halves
    joined back (undo, or trimming one out again) give the path as it was."""
    data = copy.deepcopy(example)
    keys = [{"t": 0.5, "x": 0.2, "y": 0.5}, {"t": 2.0, "x": 0.5, "y": 0.5}, {"t": 4.0, "x": 0.8, "y": 0.5}]
    data["people"][3]["clips"][0]["focus_path"] = keys
    after = made(data, split_item(data, CLIP, 3.0))  # the file cut at 3.5 s: valid, as made() checks
    first, second = after["people"][3]["clips"]
    assert first["focus_path"] == keys and second["focus_path"] == keys
    assert (first["end"], second["start"]) == (3.5, 3.5)


def _reel_data(example: dict[str, Any], items: list[int] | None) -> dict[str, Any]:
    """The example with a reel showing ibrahim (2 photos, then his clip: items 0, 1, 2) over
    ``items``, then hala's two photos."""
    data = copy.deepcopy(example)
    part: dict[str, Any] = {"person": "ibrahim"} if items is None else {"person": "ibrahim", "items": items}
    data["outputs"]["reels"] = [
        {"presets": ["instagram-story"], "people": [part, {"person": "hala", "items": [0, 1]}]}
    ]
    return data


ADDED = [("image", "media/hala-1.jpg")]


@pytest.mark.parametrize(
    ("items", "operation", "expected"),
    [
        ([1, 2], lambda d: delete_item(d, "people[3].media[0]"), [0, 1]),
        ([1, 2], lambda d: delete_item(d, "people[3].clips[0]"), [1, 1]),
        ([2, 2], lambda d: delete_item(d, "people[3].clips[0]"), [1, 1]),  # all gone: the last left
        ([0, 0], lambda d: delete_item(d, "people[3].media[0]"), [0, 0]),  # gone: the one now there
        ([1, 2], lambda d: duplicate_item(d, "people[3].media[0]"), [2, 3]),
        ([1, 2], lambda d: duplicate_item(d, "people[3].media[1]"), [1, 3]),
        ([2, 2], lambda d: split_item(d, CLIP, 2.0), [2, 3]),  # both halves
        ([0, 0], lambda d: split_item(d, "people[3].media[1]", 1.5, 4.0), [0, 0]),  # unchanged
        ([2, 2], lambda d: remove_item(d, "people[3].media", 0), [1, 1]),
        ([2, 2], lambda d: add_media(d, 3, ADDED), [3, 3]),  # a new photo comes before the clip
        (None, lambda d: add_media(d, 3, [("video", "media/clip-cairo-runners.mp4")]), None),
        ([0, 0], lambda d: move_item(d, "people[3].media", [0, 1], 0, 1, "Move"), [1, 1]),
        ([2, 2], lambda d: move_item(d, "people[3].media", [0, 1], 0, 1, "Move"), [2, 2]),
        ([0, 9], lambda d: delete_item(d, "people[3].media[0]"), [0, 1]),  # never past the end
    ],
)
def test_a_reel_part_follows_its_persons_items_in_the_same_edit(
    example: dict[str, Any], items: list[int] | None, operation: Callable[[Any], Edit], expected: Any
) -> None:
    data = _reel_data(example, items)
    after = made(data, operation(data))  # valid, and one undo takes it all back
    ibrahim, hala = after["outputs"]["reels"][0]["people"]
    assert ibrahim.get("items") == expected
    assert hala == {"person": "hala", "items": [0, 1]}  # another person's part: as it was


def test_an_edit_of_a_person_in_no_reel_part_changes_only_their_list(example: dict[str, Any]) -> None:
    data = _reel_data(example, [1, 2])
    edit = delete_item(data, "people[2].media[0]")  # rania: not in the reel
    assert [change.path for change in edit.changes] == ["people[2].media"]
