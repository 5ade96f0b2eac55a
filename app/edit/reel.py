"""Editing a campaign reel on the timeline: its people's parts, moved as whole sections.

A reel plays one section per person (``outputs.reels[i].people``, each part with its item
range and caption). Dragging a person's section on the Studio's timeline moves that part in
the list: one :class:`~takatof.edit.edits.Edit` of the whole list, so one undo takes it back.
A reel that lists no one plays everyone in the project's order (the template's default); the
first move writes that default out, so the order the person saw is the order kept.

The sections' places on the timeline (:func:`parts_of`) come from the plan's rows: each row
says which person's photo or clip it shows (``people[2].media[0]``), so a run of rows of one
person is that person's section. Plain data and numbers, no Qt: tested without a display.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model.paths import ABSENT, get_at
from .edits import Change, Edit

_PERSON = re.compile(r"^people\[(\d+)\]")


@dataclass(frozen=True)
class Part:
    """One person's section of a reel as the timeline draws it: whose (their index in the
    project's people), and from when to when (seconds on the video)."""

    person: int
    start_s: float
    end_s: float
    first: int  # the indices of its first and last segment rows
    last: int


def person_of(where: str | None) -> int | None:
    """The index of the person a plan row's JSON path is in (``people[2].clips[0]`` -> 2)."""
    match = _PERSON.match(where or "")
    return int(match.group(1)) if match else None


def parts_of(rows: Sequence[Any]) -> list[Part]:
    """The people's sections of a reel's plan, in order: each run of segment rows (with
    ``where``, ``start_s``, ``duration_s`` and ``transition_s``) showing one person's items.
    A section ends where the next starts (the cross-fade between them is the next's)."""
    parts: list[Part] = []
    for index, row in enumerate(rows):
        person = person_of(row.where)
        if person is None:
            continue
        end = float(row.start_s) + float(row.duration_s) - float(row.transition_s or 0.0)
        last = parts[-1] if parts else None
        if last is not None and last.person == person and last.last == index - 1:
            parts[-1] = Part(person, last.start_s, end, last.first, index)
        else:
            parts.append(Part(person, float(row.start_s), end, index, index))
    return parts


def part_target(parts: Sequence[Part], index: int, dt: float) -> int:
    """Where section ``index`` lands when dragged ``dt`` seconds: the number of other
    sections whose middle its middle has passed (as a block's move among its kind)."""
    moving = parts[index]
    middle = (moving.start_s + moving.end_s) / 2 + dt
    others = [p for k, p in enumerate(parts) if k != index]
    return sum(1 for p in others if (p.start_s + p.end_s) / 2 < middle)


def reel_list(data: Any, reel: int, people_ids: Sequence[str]) -> list[Any]:
    """The reel's parts as written, or (none listed) the default: everyone in the project's
    order, each a part naming only the person."""
    written = _get(data, f"outputs.reels[{reel}].people")
    if isinstance(written, list) and written:
        return written
    return [{"person": pid} for pid in people_ids]


def move_part(
    data: Any,
    reel: int,
    index: int,
    to: int,
    people_ids: Sequence[str],
    text: str = "Reorder the reel's people",
) -> Edit:
    """Move the reel's part ``index`` (in its list, or in the default list of ``people_ids``)
    to place ``to``: one edit of ``outputs.reels[reel].people``, each part kept whole (its
    items and caption)."""
    at = f"outputs.reels[{reel}]"
    if not isinstance(_get(data, at), dict):
        raise IndexError(f"the project has no reel at {at}")
    parts = reel_list(data, reel, people_ids)
    if not 0 <= index < len(parts):
        raise IndexError(f"{at}.people has no part {index} (it has {len(parts)})")
    moved = list(parts)
    part = moved.pop(index)
    moved.insert(max(0, min(to, len(moved))), part)
    return Edit(text, (Change(f"{at}.people", _get(data, f"{at}.people"), copy.deepcopy(moved)),))


def _get(data: Any, path: str) -> Any:
    try:
        return copy.deepcopy(get_at(data, path))
    except (KeyError, IndexError, TypeError):
        return ABSENT
