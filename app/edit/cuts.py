"""A clip editor's timeline gestures as edits of the project: split, delete, duplicate, the
transition after an item, a clip's own sound, and the captions' cues.

Like :mod:`takatof.edit.edits`, each function only *computes* an :class:`Edit` over the
campaign's JSON data; the Studio applies it through its undo stack, so every gesture is one
undo, and ``takatof plan`` shows the result. Items are named by their JSON path
(``people[0].media[2]``, ``people[3].clips[0]``): the path the plan's rows carry.

Why the edits are of the *project* and not of some timeline: the story is sequential (each
photo, then each clip), so deleting an item closes its gap by itself and a split is two items
in its place; the cut between the halves is a "cut" transition (no overlap) on a whole frame,
and a photo's halves share its move (``span``), so the join is invisible in the video.
"""

from __future__ import annotations

import copy
import math
import re
import typing
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ..model.campaign import (
    CLIP_MIN_S,
    PHOTO_MAX_S,
    PHOTO_MIN_S,
    TRANSITION_MAX_S,
    TRANSITION_MIN_S,
    TransitionKind,
    VideoSettings,
)
from ..model.paths import ABSENT
from ..templates.timeline import FPS
from .edits import Change, Edit, _get
from .follow import Origins, list_changes

TRANSITION_KINDS: tuple[str, ...] = typing.get_args(TransitionKind)
VOLUME_MAX = 2.0
FADE_MAX_S = 10.0
CUE_MIN_S = 0.2
"""The shortest caption a cue edit leaves: a fifth of a second is still seen."""

_ITEM = re.compile(r"^(?P<list>people\[(?P<person>\d+)\]\.(?P<kind>media|clips))\[(?P<index>\d+)\]$")
_SOUND_DEFAULTS = {"volume": 1.0, "fade_in_s": 0.0, "fade_out_s": 0.0}


class CueLike(Protocol):
    """A caption as the plan shows it (:class:`takatof.render.video.plan.CueRow`)."""

    start_s: float
    end_s: float
    texts: tuple[tuple[str, str], ...]


def _item_path(where: str) -> tuple[str, int, str]:
    """``people[0].media[2]`` -> (``people[0].media``, 2, "media"); ValueError for a path that
    names no photo or clip (a title or stat card is the template's, not an item to edit)."""
    match = _ITEM.match(where)
    if match is None:
        raise ValueError(f"{where!r} is not a photo or a clip (people[i].media[j] or people[i].clips[j])")
    return match["list"], int(match["index"]), match["kind"]


def _items(data: Any, where: str) -> tuple[str, int, str, list[Any]]:
    list_path, index, kind = _item_path(where)
    items = _get(data, list_path)
    if not isinstance(items, list) or not 0 <= index < len(items):
        raise IndexError(f"no item at {where}")
    return list_path, index, kind, list(items)


def _as_object(item: Any) -> dict[str, Any]:
    """An item in its object form (a photo written as a plain path becomes ``{"path": ...}``)."""
    return {"path": item} if isinstance(item, str) else copy.deepcopy(dict(item))


def _list_edit(data: Any, list_path: str, items: list[Any], text: str, origins: Origins) -> Edit:
    """The list at ``list_path`` becoming ``items`` (from the old ``origins``, see
    :mod:`takatof.edit.follow`), and the person's reel ranges following their items."""
    change = Change(list_path, _get(data, list_path), items)
    return Edit(text, (change, *list_changes(data, list_path, origins)))


# -- split, delete, duplicate ---------------------------------------------------------------


def split_item(
    data: Any, where: str, at_s: float, duration_s: float | None = None, length_s: float | None = None
) -> Edit:
    """Split the photo or clip at ``where`` ``at_s`` seconds into it: two items in its place.

    A clip becomes [start, start+at) and [start+at, end] of the same file (its sound, volume
    and motion-free look kept); the first keeps the fade-in, the second the fade-out and the
    transition after it; the first gets a "cut" so the join is invisible. ``length_s`` is the
    file's length, for a clip that plays to its end.

    A photo becomes two items of the same picture, ``at_s`` and the rest seconds long (both
    within PHOTO_MIN_S..PHOTO_MAX_S), joined by a cut; both keep its motion and focus, and
    each plays its part of the one move (``span``), so the picture moves on across the cut. ``duration_s`` is the photo's time on screen as planned
    (its own ``duration_s``, or the story's default lengthened for its captions)."""
    list_path, index, kind, items = _items(data, where)
    item = items[index]
    if kind == "clips":
        first, second = _split_clip(where, item, float(at_s), length_s)
    else:
        first, second = _split_photo(data, where, item, float(at_s), duration_s)
    text = "Split clip" if kind == "clips" else "Split photo"
    return _list_edit(
        data, list_path, [*items[:index], first, second, *items[index + 1 :]], text, _twice(items, index)
    )


def _split_clip(
    where: str, item: Any, at: float, length: float | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    clip = _as_object(item)
    start = float(clip.get("start", 0.0))
    end = clip.get("end")
    stop = float(end) if end is not None else length
    cut = frame_time(start, at)
    if at < CLIP_MIN_S or (stop is not None and stop - cut < CLIP_MIN_S):
        span = f"{stop - start:.2f} s" if stop is not None else "its length"
        raise ValueError(
            f"cannot split {where} {at:.2f} s in: each part must be at least {CLIP_MIN_S:g} s "
            f"of the clip ({span}); move the playhead further from its ends"
        )
    # Both halves keep the whole focus path: the keys beyond each half's edges shape it there,
    # so each half frames as the clip did, and joining them back restores it.
    first, second = copy.deepcopy(dict(clip)), copy.deepcopy(dict(clip))
    first["end"] = cut
    first["transition"] = {"kind": "cut"}
    first.pop("fade_out_s", None)
    second["start"] = cut
    second.pop("fade_in_s", None)
    return first, second


def frame_time(start: float, at: float, fps: int = FPS) -> float:
    """Where a clip split ``at`` seconds into it (from ``start`` in its file) cuts the file: on
    the nearest whole frame, written to the millisecond *below* it. Rounded to the nearest
    millisecond, a frame time such as 1.26667 became 1.267, after the frame: the second half
    then began a frame late and the join skipped one frame and showed the next twice."""
    return math.floor((start + round(at * fps) / fps) * 1000 + 1e-6) / 1000


def _split_photo(
    data: Any, where: str, item: Any, at: float, duration: float | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    photo = _as_object(item)
    total = duration if duration is not None else _photo_duration(data, photo)
    rest = round(total - at, 3)
    at = round(at, 3)
    if not (PHOTO_MIN_S <= at <= PHOTO_MAX_S and PHOTO_MIN_S <= rest <= PHOTO_MAX_S):
        raise ValueError(
            f"cannot split {where} ({total:.2f} s) {at:.2f} s in: each part must be "
            f"{PHOTO_MIN_S:g} to {PHOTO_MAX_S:g} s on screen; move the playhead"
            + (
                " further from its ends"
                if total >= 2 * PHOTO_MIN_S
                else f" (it is shorter than {2 * PHOTO_MIN_S:g} s)"
            )
        )
    first, second = copy.deepcopy(photo), copy.deepcopy(photo)
    first["duration_s"] = at
    first["transition"] = {"kind": "cut"}
    second["duration_s"] = rest
    # One move played in two parts, so it carries on across the cut instead of starting
    # again (and the second half does not take the next move of the story's cycle).
    a, b = photo.get("span") or (0.0, 1.0)
    middle = round(a + (b - a) * at / total, 4)
    first["span"], second["span"] = [a, middle], [middle, b]
    return first, second


def _photo_duration(data: Any, photo: Mapping[str, Any]) -> float:
    """A photo's time on screen when the plan's is not given: its own, else the story's."""
    own = photo.get("duration_s")
    if own is not None:
        return float(own)
    video = _get(data, "video")
    photo_s = video.get("photo_s") if isinstance(video, dict) else None
    return float(photo_s) if photo_s is not None else float(VideoSettings.model_fields["photo_s"].default)


def delete_item(data: Any, where: str) -> Edit:
    """Remove the photo or clip at ``where``; the story is sequential, so the gap closes."""
    list_path, index, kind, items = _items(data, where)
    return _list_edit(
        data,
        list_path,
        items[:index] + items[index + 1 :],
        "Delete clip" if kind == "clips" else "Delete photo",
        [k for k in range(len(items)) if k != index],
    )


def duplicate_item(data: Any, where: str) -> Edit:
    """A copy of the photo or clip at ``where`` right after it (written as it is)."""
    list_path, index, kind, items = _items(data, where)
    twin = copy.deepcopy(items[index])
    text = "Duplicate clip" if kind == "clips" else "Duplicate photo"
    # The copy is a new item: a reel part showing the original goes on showing it alone.
    origins: Origins = [*range(index + 1), None, *range(index + 1, len(items))]
    return _list_edit(data, list_path, [*items[: index + 1], twin, *items[index + 1 :]], text, origins)


def _twice(items: Sequence[Any], index: int) -> Origins:
    """The origins of a list with item ``index`` twice in a row (its two halves, split)."""
    return [*range(index + 1), index, *range(index + 1, len(items))]


# -- the transition after an item, a clip's own sound --------------------------------------


def _set_fields(data: Any, where: str, text: str, fields: Mapping[str, Any]) -> Edit:
    """Set (or, given ABSENT, remove) fields of the item at ``where``; a photo written as a
    plain path becomes an object, and goes back to a plain path when only its path is left
    (the file says no more than it sets)."""
    _, _, kind, _ = _items(data, where)
    old = _get(data, where)
    value = _as_object(old)
    for key, field in fields.items():
        if field is ABSENT:
            value.pop(key, None)
        else:
            value[key] = field
    new: Any = value["path"] if kind == "media" and set(value) == {"path"} else value
    return Edit(text, (Change(where, old, new),))


def set_transition(data: Any, where: str, kind: str | None, duration_s: float | None = None) -> Edit:
    """The transition after the item at ``where`` into the next segment: ``kind`` one of
    TRANSITION_KINDS, ``duration_s`` 0.1..2 s (clamped; a cut has none). None or "default"
    removes it: the project's default cross-fade of ``video.transition_s``."""
    if kind in (None, "default"):
        return _set_fields(data, where, "Default transition", {"transition": ABSENT})
    if kind not in TRANSITION_KINDS:
        raise ValueError(f"transition {kind!r} is not one of {', '.join(TRANSITION_KINDS)} (or default)")
    value: dict[str, Any] = {"kind": kind}
    if kind != "cut":
        old = _get(data, f"{where}.transition")
        if duration_s is None and isinstance(old, dict) and old.get("duration_s") is not None:
            duration_s = float(old["duration_s"])
        if duration_s is not None:
            value["duration_s"] = round(min(TRANSITION_MAX_S, max(TRANSITION_MIN_S, float(duration_s))), 3)
    return _set_fields(data, where, f"Transition: {kind}", {"transition": value})


def set_transition_duration(data: Any, where: str, duration_s: float) -> Edit:
    """The transition after ``where`` lasting ``duration_s``, of the kind the project holds now
    (a cross-fade where it holds none, or a cut, which has no duration). Read from ``data``, not
    from a plan drawn earlier: an edit made just before (a dip to black) must not be undone by
    a plan that had not caught up with it."""
    old = _get(data, f"{where}.transition")
    kind = old.get("kind") if isinstance(old, dict) else None
    return set_transition(
        data, where, kind if kind in TRANSITION_KINDS and kind != "cut" else "crossfade", duration_s
    )


def set_clip_sound(
    data: Any,
    where: str,
    volume: float | None = None,
    fade_in_s: float | None = None,
    fade_out_s: float | None = None,
    audio: bool | None = None,
) -> Edit:
    """A clip's own sound: its ``volume`` (0..2), ``fade_in_s``/``fade_out_s`` (0..10 s),
    whether it keeps its sound at all (``audio``). A value left None is kept; a value at its
    default (volume 1, no fade) is removed, so the file says only what it sets."""
    _, _, kind = _item_path(where)
    if kind != "clips":
        raise ValueError(f"{where} is a photo: only a clip has a sound of its own")
    fields: dict[str, Any] = {}
    for key, value, top in (
        ("volume", volume, VOLUME_MAX),
        ("fade_in_s", fade_in_s, FADE_MAX_S),
        ("fade_out_s", fade_out_s, FADE_MAX_S),
    ):
        if value is None:
            continue
        value = round(min(top, max(0.0, float(value))), 3)
        fields[key] = ABSENT if value == _SOUND_DEFAULTS[key] else value
    if audio is not None:
        fields["audio"] = bool(audio)
    text = (
        "Clip volume"
        if set(fields) == {"volume"}
        else "Clip fades"
        if "volume" not in fields
        else "Clip sound"
    )
    return _set_fields(data, where, text, fields)


# -- captions ------------------------------------------------------------------------------


def frozen_cues(rows: Sequence[CueLike]) -> list[dict[str, Any]]:
    """The captions the plan shows now, as ``people[i].cues`` writes them."""
    return [
        {"start_s": round(float(r.start_s), 3), "end_s": round(float(r.end_s), 3), "text": dict(r.texts)}
        for r in rows
    ]


def set_cue(
    data: Any,
    person: int,
    index: int,
    current: Sequence[CueLike] = (),
    start_s: float | None = None,
    end_s: float | None = None,
    texts: Mapping[str, str] | None = None,
) -> Edit:
    """Change cue ``index`` of person ``person``'s captions: its times and/or its text per
    language (``texts`` merged into its own). A person whose captions are still made (from the
    story text or caption files) first gets the cues the plan shows now (``current``) as their
    own ``cues``, with this one changed — in one edit, so one undo takes both back.

    A cue keeps at least CUE_MIN_S and does not reach into its neighbours (a ValueError says
    so)."""
    where = f"people[{person}].cues"
    if not isinstance(_get(data, f"people[{person}]"), dict):
        raise IndexError(f"no person at people[{person}]")
    own = _get(data, where)
    cues = copy.deepcopy(own) if isinstance(own, list) else frozen_cues(current)
    if not 0 <= index < len(cues):
        raise IndexError(f"no caption at {where}[{index}] (there are {len(cues)})")
    cue = dict(cues[index])
    if start_s is not None:
        cue["start_s"] = round(float(start_s), 3)
    if end_s is not None:
        cue["end_s"] = round(float(end_s), 3)
    if texts is not None:
        cue["text"] = {**dict(cue.get("text") or {}), **dict(texts)}
    _check_cue(where, index, cue, cues)
    cues[index] = cue
    if isinstance(own, list):
        return Edit("Edit caption", (Change(f"{where}[{index}]", own[index], cue),))
    return Edit("Edit caption", (Change(where, ABSENT if own is ABSENT else own, cues),))


def _check_cue(where: str, index: int, cue: Mapping[str, Any], cues: Sequence[Mapping[str, Any]]) -> None:
    start, end = float(cue["start_s"]), float(cue["end_s"])
    if start < 0 or end - start < CUE_MIN_S - 1e-9:
        raise ValueError(
            f"{where}[{index}] would run {start:.2f}–{end:.2f} s: a caption needs at least "
            f"{CUE_MIN_S:g} s and cannot start before 0"
        )
    before = float(cues[index - 1]["end_s"]) if index > 0 else 0.0
    after = float(cues[index + 1]["start_s"]) if index + 1 < len(cues) else float("inf")
    if start < before - 1e-9 or end > after + 1e-9:
        raise ValueError(
            f"{where}[{index}] would run {start:.2f}–{end:.2f} s, over the caption next to it "
            f"({before:.2f}–{after:.2f} s is free)"
        )


def reset_cues(data: Any, person: int) -> Edit:
    """Captions back to the story: the person's own ``cues`` removed (made again from the
    story text or caption files)."""
    where = f"people[{person}].cues"
    return Edit("Reset captions", (Change(where, _get(data, where), ABSENT),))
