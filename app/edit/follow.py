"""What an edit of a person's photos and clips carries along, so nothing else points wrong.

A reel's part (``outputs.reels[k].people[j].items``) is a range ``[first, last]`` counted
  over the person's photos then their clips: adding, removing, duplicating, splitting or
  moving one of them must move the range with the items it showed (clamped when they are
  all gone), in the same :class:`~takatof.edit.edits.Edit`, so the reel shows the same
  pictures and one undo takes both back.

(A clip's ``focus_path`` needs nothing: its keys are times in the clip's file, and keys
beyond a trimmed clip's edges are kept, shaping the path at that edge, so a split or a trim
leaves the path as it is and trimming back out restores the framing.)

Each list edit describes itself by its *origins*: for every item of the person's new list
(photos then clips), the index in the old list it came from, or None for a new one. One
function maps every reel range through that, whatever the edit was.
"""

from __future__ import annotations

import re
from typing import Any

from ..model.paths import ABSENT
from .edits import Change, _get, _list, unfilmed

_LIST = re.compile(r"^people\[(?P<person>\d+)\]\.(?P<kind>media|clips)$")

Origins = list[int | None]
"""For each item of a person's new list (photos then clips), the old index it came from."""


# -- reel ranges ----------------------------------------------------------------------------


def counts(data: Any, person: int) -> tuple[int, int]:
    """How many photos and clips person ``person`` has in ``data``."""
    return len(_list(data, f"people[{person}].media")), len(_list(data, f"people[{person}].clips"))


def list_origins(data: Any, list_path: str, origins: Origins) -> Origins | None:
    """The person's whole origins when their photos (or clips) at ``list_path`` get items
    from ``origins`` (over that list alone); None for a list that is not a person's photos
    or clips."""
    match = _LIST.match(list_path)
    if match is None:
        return None
    photos, clips = counts(data, int(match["person"]))
    if match["kind"] == "media":
        return [*origins, *range(photos, photos + clips)]
    return [*range(photos), *(None if o is None else photos + o for o in origins)]


def reel_changes(data: Any, person: int, origins: Origins) -> list[Change]:
    """The changes that move every reel part of person ``person`` with its items, when their
    items (photos then clips) become ``origins`` (see the module's docstring): a part shows
    from the first to the last new place of the items it showed; a part whose items are all
    gone shows the item now where they were (the last one, when that is past the end), or
    none when the person has none left. A part left as it was is not changed."""
    ident = _get(data, f"people[{person}].id")
    old_count = sum(counts(data, person))
    if not isinstance(ident, str) or old_count == 0:
        return []
    changes = []
    for k, reel in enumerate(_list(data, "outputs.reels")):
        parts = reel.get("people") if isinstance(reel, dict) else None
        for j, part in enumerate(parts if isinstance(parts, list) else []):
            if not isinstance(part, dict) or part.get("person") != ident:
                continue
            written = part.get("items", ABSENT)
            shown = _range(written, old_count)
            if shown is None:
                continue  # not a range the model accepts: its checks say so
            new = follow_range(shown, origins)
            # none left, or the default's own first item: the part says no more than it needs
            value: Any = ABSENT if new is None or (written is ABSENT and new == [0, 0]) else new
            if value != written:
                changes.append(Change(f"outputs.reels[{k}].people[{j}].items", written, value))
    return changes


def _range(written: Any, count: int) -> tuple[int, int] | None:
    """The range a part shows of ``count`` items, as the reel reads it (default: the first;
    the last clamped to the end)."""
    if written is ABSENT or written is None:
        return 0, 0
    if not (isinstance(written, list) and len(written) == 2 and all(type(i) is int for i in written)):
        return None
    first, last = written
    return first, max(first, min(last, count - 1))


def follow_range(shown: tuple[int, int], origins: Origins) -> list[int] | None:
    """``shown`` (old indices, first..last) mapped through ``origins``; None when no item is
    left at all."""
    if not origins:
        return None
    first, last = shown
    slots = [s for s, o in enumerate(origins) if o is not None and first <= o <= last]
    if slots:
        return [min(slots), max(slots)]
    where = min(sum(1 for o in origins if o is not None and o < first), len(origins) - 1)
    return [where, where]


def list_changes(data: Any, list_path: str, origins: Origins) -> list[Change]:
    """The reel ranges' changes when the list at ``list_path`` (a person's photos or clips;
    any other list changes nothing) gets items from ``origins`` (old indices of that list,
    None for a new item)."""
    match = _LIST.match(list_path)
    whole = list_origins(data, list_path, origins)
    if match is None or whole is None:
        return []
    person = int(match["person"])
    last_clip_gone = match["kind"] == "clips" and not origins
    return [*reel_changes(data, person, whole), *(unfilmed(data, person) if last_clip_gone else [])]
