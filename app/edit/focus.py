"""Edits of a clip's focus path, as data (see :mod:`takatof.edit.edits`): what the Studio does
when someone drags a key of the path shown over a clip, adds one at the playhead, removes one,
or takes a suggestion (:mod:`takatof.render.video.faces`). Each is one undoable edit of the
clip's ``focus_path``; the keys stay in time order, inside the clip's start..end, with
positions inside the picture (what the project's checks ask).
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Mapping, Sequence
from typing import Any

from ..model.paths import ABSENT, get_at
from .edits import Change, Edit

SAME_KEY_S = 1 / 60
"""A key added within this of an existing one (half a frame at 30 fps) moves that key."""


def _clip(data: Any, where: str) -> Mapping[str, Any]:
    clip = get_at(data, where)
    if not isinstance(clip, Mapping):
        raise ValueError(f"{where} is not a clip")
    return clip


def _fraction(value: float) -> float:
    return round(min(1.0, max(0.0, float(value))), 4)


def _within(clip: Mapping[str, Any], t: float) -> float:
    """``t`` inside the clip's start..end (a key outside it is never on screen)."""
    start = float(clip.get("start", 0.0))
    end = clip.get("end")
    t = max(start, float(t))
    return round(min(float(end), t) if end is not None else t, 4)


def _keys(clip: Mapping[str, Any]) -> list[dict[str, float]]:
    return [dict(key) for key in clip.get("focus_path") or []]


def _edit(data: Any, where: str, keys: list[dict[str, float]], text: str) -> Edit:
    old = copy.deepcopy(_clip(data, where).get("focus_path", ABSENT))
    return Edit(text, (Change(f"{where}.focus_path", old, keys or ABSENT),))


def set_focus_key(data: Any, where: str, t: float, x: float, y: float) -> Edit:
    """Put a key at ``t`` seconds into the clip's file (the playhead, within the clip) at
    (``x``, ``y``): the key already within :data:`SAME_KEY_S` of it moves there, otherwise a
    new key joins the path in time order. A clip with no path starts one."""
    clip = _clip(data, where)
    t = _within(clip, t)
    keys = _keys(clip)
    key = {"t": t, "x": _fraction(x), "y": _fraction(y)}
    near = next((i for i, k in enumerate(keys) if abs(k["t"] - t) <= SAME_KEY_S), None)
    if near is not None:
        keys[near] = {**key, "t": keys[near]["t"]}
    else:
        keys.insert(bisect.bisect([k["t"] for k in keys], t), key)
    return _edit(data, where, keys, "Set focus key")


def move_focus_key(data: Any, where: str, index: int, x: float, y: float) -> Edit:
    """Drag key ``index`` to (``x``, ``y``): its time stays."""
    keys = _keys(_clip(data, where))
    if not 0 <= index < len(keys):
        raise IndexError(f"{where}.focus_path has no key {index}")
    keys[index] = {**keys[index], "x": _fraction(x), "y": _fraction(y)}
    return _edit(data, where, keys, "Move focus key")


def remove_focus_key(data: Any, where: str, index: int) -> Edit:
    """Take key ``index`` out (the last one out leaves no path: the clip's focus again)."""
    keys = _keys(_clip(data, where))
    if not 0 <= index < len(keys):
        raise IndexError(f"{where}.focus_path has no key {index}")
    del keys[index]
    return _edit(data, where, keys, "Remove focus key")


def set_focus_path(data: Any, where: str, keys: Sequence[Mapping[str, float]]) -> Edit:
    """Replace the path with ``keys`` (a suggestion): kept in the clip, in order, one key
    per time."""
    clip = _clip(data, where)
    placed: dict[float, dict[str, float]] = {}
    for key in keys:
        t = _within(clip, key["t"])
        placed[t] = {"t": t, "x": _fraction(key["x"]), "y": _fraction(key["y"])}
    return _edit(data, where, [placed[t] for t in sorted(placed)], "Suggest focus")
