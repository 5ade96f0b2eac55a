"""Edits of a campaign as data: what a user does to a project, computed without Qt.

An :class:`Edit` is a list of :class:`Change` (JSON path, old value, new value) over the
campaign's JSON data (``campaign.model_dump(mode="json", by_alias=True)``, or a project
file's own dictionary). Operations here only *compute* edits; they never touch a document,
so the command line, a script and the Studio share them and a table test can check each one.
The Studio applies an edit through its undo stack (``Document.apply``); :meth:`Edit.inverse`
is the exact undo, and :func:`apply` plays an edit on plain data.

An index that names no item (negative, past the end; a list order that is no arrangement of
the list's items) raises :class:`IndexError` or :class:`ValueError`: an edit never lands on
some other item than the one meant.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.campaign import PHOTO_MAX_S, PHOTO_MIN_S
from ..model.languages import DEFAULT_LANGUAGES, declared
from ..model.paths import ABSENT, get_at, set_at


@dataclass(frozen=True)
class Change:
    """``path`` goes from ``old`` to ``new`` (either may be :data:`ABSENT`: the key is not there)."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Edit:
    """One user action: its name (for the Undo menu) and the changes it makes, in order."""

    text: str
    changes: tuple[Change, ...] = ()

    @property
    def empty(self) -> bool:
        return all(c.old == c.new for c in self.changes)

    def inverse(self) -> Edit:
        """The edit that takes the data back: every change reversed, last first."""
        return Edit(self.text, tuple(Change(c.path, c.new, c.old) for c in reversed(self.changes)))

    @property
    def where(self) -> str:
        """The one field this edit changes, or "" when it changes several (a rename) or a
        whole section (people added, removed, moved): what a view must look at again."""
        paths = {c.path for c in self.changes}
        path = paths.pop() if len(paths) == 1 else ""
        return path if "." in path or "[" in path else ""


def apply(data: Any, edit: Edit) -> Any:
    """A copy of ``data`` with ``edit`` made (``data`` itself is left as it was)."""
    out = copy.deepcopy(data)
    for change in edit.changes:
        set_at(out, change.path, copy.deepcopy(change.new))
    return out


def _get(data: Any, path: str) -> Any:
    try:
        return copy.deepcopy(get_at(data, path))
    except (KeyError, IndexError, TypeError):
        return ABSENT


def set_value(data: Any, path: str, value: Any, text: str | None = None) -> Edit:
    """Put ``value`` at ``path``. A person's or spotlight's ``id`` is renamed everywhere it is
    referenced (:func:`rename`), so no reference is left pointing at the old id."""
    match = _ID.match(path)
    if match and isinstance(value, str):
        old = _get(data, path)
        taken = any(isinstance(i, dict) and i.get("id") == value for i in _list(data, match["section"]))
        if isinstance(old, str) and old != value and not taken:
            return rename(data, match["section"], old, value, text, int(match["index"]))
        # An id another item has: its references stay with that item (validation names the
        # duplicate id, and the person picks another).
    change = Change(path, _get(data, path), copy.deepcopy(value))
    return Edit(text or f"Edit {path}", (change, *_stale_captions(data, path, value)))


_SPOKEN = re.compile(r"^(?P<media>(people|outputs\.films)\[\d+\]\.(voiceover|clips\[\d+\]\.path))$")


def _stale_captions(data: Any, path: str, value: Any) -> list[Change]:
    """A voice-over or a clip's file replaced (or removed) takes its speech captions with it:
    they were timed in the old file, and shown over the new one they would say what it does
    not. The edit that changes the file drops them, so an undo brings both back."""
    match = _SPOKEN.match(path)
    if match is None or _get(data, path) == value:
        return []
    # The change is of the object holding both (the person, the clip), so an undo puts the
    # captions back where they were among its keys, not at the end.
    holder, _, key = match["media"].rpartition(".")  # people[0] + voiceover; people[0].clips[1] + path
    field = "voiceover_captions" if key == "voiceover" else "captions"
    before = _get(data, holder)
    if not isinstance(before, dict) or field not in before:
        return []
    before[key] = copy.deepcopy(value)  # as the change of the file leaves it
    return [Change(holder, before, {k: v for k, v in before.items() if k != field})]


_ID = re.compile(r"^(?P<section>people|spotlights)\[(?P<index>\d+)\]\.id$")

_REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    # section -> (list, field) pairs that hold one of its ids (see takatof.model.campaign)
    "people": (("spotlights", "person"),),
    "spotlights": (),
}


def rename(
    data: Any, section: str, old: str, new: str, text: str | None = None, index: int | None = None
) -> Edit:
    """Rename the ``section`` item (``people`` or ``spotlights``) whose id is ``old`` (the one
    at ``index`` when given) to ``new``, and every reference to it (a spotlight's ``person``)."""
    changes = [
        Change(f"{section}[{i}].id", old, new)
        for i, item in enumerate(_list(data, section))
        if isinstance(item, dict) and item.get("id") == old and index in (None, i)
    ]
    for where, field in _REFERENCES[section]:
        for i, item in enumerate(_list(data, where)):
            if isinstance(item, dict) and item.get(field) == old:
                changes.append(Change(f"{where}[{i}].{field}", old, new))
    changes += [Change(path, old, new) for path in chosen_paths(data, section, old)]
    changes += [Change(path, old, new) for path in audience_paths(data, old)]
    kind = "person" if section == "people" else "spotlight"
    return Edit(text or f"Rename {kind} {old} to {new}", tuple(changes))


def _chooses(section: str, output_section: str, entry: dict[str, Any]) -> bool:
    """Whether an output's list of chosen subjects holds ids of ``section``: a carousel's are
    people or spotlights by its ``of``, a group card's either (ids are distinct per section,
    not across, so a group card's id is looked for in both)."""
    if output_section == "carousels":
        return bool((entry.get("of", "people") == "spotlights") == (section == "spotlights"))
    return output_section in ("cards", "animated") or section == "people"


# The outputs that choose subjects by id, with the list that holds them and, where that list
# holds objects, the field with the id: a reel's parts, a film's people, a carousel's and a
# group card's subjects.
_CHOSEN: tuple[tuple[str, str, str | None], ...] = (
    ("reels", "people", "person"),
    ("films", "people", None),
    ("carousels", "subjects", None),
    ("cards", "subjects", None),
    ("animated", "subjects", None),
)


def chosen_paths(data: Any, section: str, ident: str) -> list[str]:
    """The JSON path of every place an output chooses ``ident`` of ``section`` (``people`` or
    ``spotlights``): ``outputs.reels[0].people[2].person``, ``outputs.films[0].people[1]``."""
    found = []
    for output_section, field, key in _CHOSEN:
        for i, entry in enumerate(_list(data, f"outputs.{output_section}")):
            if not isinstance(entry, dict) or not _chooses(section, output_section, entry):
                continue
            for k, item in enumerate(entry.get(field) or []):
                held = item.get(key) if key and isinstance(item, dict) else item
                if held == ident:
                    found.append(f"outputs.{output_section}[{i}].{field}[{k}]" + (f".{key}" if key else ""))
    return found


def _unchosen(data: Any, section: str, ident: str, outputs: Sequence[str] | None = None) -> list[Change]:
    """The changes that take ``ident`` out of every output that chooses it (a removed person
    leaves the reels, films, carousels and group cards that named them; ``outputs``: only
    these sections). A list left empty is removed, so the output goes back to its default
    (everyone, or the template's own): an empty list would name no one, which validation
    refuses, and the edit must leave the project valid."""
    changes = []
    for output_section, field, key in _CHOSEN:
        if outputs is not None and output_section not in outputs:
            continue
        for i, entry in enumerate(_list(data, f"outputs.{output_section}")):
            if not isinstance(entry, dict) or not _chooses(section, output_section, entry):
                continue
            items = entry.get(field)
            if not isinstance(items, list):
                continue
            kept = [
                item for item in items if (item.get(key) if key and isinstance(item, dict) else item) != ident
            ]
            if len(kept) != len(items):
                path = f"outputs.{output_section}[{i}].{field}"
                changes.append(Change(path, copy.deepcopy(items), kept if kept else ABSENT))
    return changes


def unfilmed(data: Any, person: int) -> list[Change]:
    """The changes that take person ``person`` out of the films that name them, when they
    have no clips left (a film is made of footage: naming them then is a problem)."""
    ident = _get(data, f"people[{person}].id")
    return _unchosen(data, "people", ident, outputs=("films",)) if isinstance(ident, str) else []


def _list(data: Any, path: str) -> list[Any]:
    value = _get(data, path)
    return list(value) if isinstance(value, list) else []


def _index(index: int, items: Sequence[Any], what: str) -> int:
    """``index`` when it names an item of ``items`` (0 <= index < len); IndexError otherwise.
    A negative index is refused, not counted from the end: an edit names its item exactly."""
    if isinstance(index, bool) or not isinstance(index, int):
        raise TypeError(f"{what} index must be a whole number, not {index!r}")
    if not 0 <= index < len(items):
        raise IndexError(f"no {what} at index {index} (there are {len(items)})")
    return index


# -- people ---------------------------------------------------------------------------------


_NEW_PERSON: dict[str, dict[str, str]] = {
    "name": {"ar": "اسم جديد", "en": "New person"},
    "group": {"ar": "المجموعة", "en": "Group"},
    "country_name": {"ar": "مصر", "en": "Egypt"},
    "quote": {"ar": "اقتباس", "en": "A quote"},
    "story": {"ar": "قصة قصيرة.", "en": "A short story."},
}
"""Placeholder texts of a new person, in the languages Takatof has them in."""


def new_person(ident: str, languages: Sequence[str] = DEFAULT_LANGUAGES) -> dict[str, Any]:
    """A person to fill in: every required field, each text in those of ``languages`` (the
    campaign's) Takatof has a placeholder in. Another language's text is left out rather
    than filled with English: validation names it as a translation to write, at its path."""

    def text(field: str) -> dict[str, str]:
        return {lang: _NEW_PERSON[field][lang] for lang in languages if lang in _NEW_PERSON[field]}

    return {
        "id": ident,
        "name": text("name"),
        "group": text("group"),
        "country": "EG",
        "country_name": text("country_name"),
        "members": 0,
        "quote": text("quote"),
        "story": text("story"),
    }


def _people_edit(data: Any, people: list[Any], text: str) -> Edit:
    return Edit(text, (Change("people", _get(data, "people"), people),))


def add_person(data: Any) -> Edit:
    """A new person at the end, with the first free id ``person-N``."""
    people = _list(data, "people")
    taken = {p.get("id") for p in people if isinstance(p, dict)}
    ident = next(
        f"person-{k}"
        for k in range(len(people) + 1, len(people) + len(taken) + 3)
        if f"person-{k}" not in taken
    )
    return _people_edit(data, [*people, new_person(ident, declared(data))], "Add person")


def duplicate_person(data: Any, index: int) -> Edit:
    """A copy of person ``index`` right after it, with a free id ``<id>-copy[-N]``."""
    people = _list(data, "people")
    twin = copy.deepcopy(people[_index(index, people, "person")])
    taken = {p.get("id") for p in people if isinstance(p, dict)}
    base = f"{twin['id']}-copy"
    twin["id"] = next(
        name for k in range(len(people) + 2) if (name := f"{base}-{k}" if k else base) not in taken
    )
    return _people_edit(data, [*people[: index + 1], twin, *people[index + 1 :]], "Duplicate person")


def audience_paths(data: Any, ident: str) -> list[str]:
    """The JSON path of every place a posting plan's audience names ``ident`` (a person's or a
    business's id): ``publishing.plan.audiences[1].people[0]``. A rename changes them too
    (:func:`rename`), or the audience would name no one."""
    return [
        f"publishing.plan.audiences[{i}].people[{k}]"
        for i, audience in enumerate(_list(data, "publishing.plan.audiences"))
        if isinstance(audience, dict)
        for k, held in enumerate(audience.get("people") or [])
        if held == ident
    ]


def unaudienced(data: Any, ident: str) -> list[Change]:
    """The changes that take ``ident`` out of every audience that names it (a person or a
    business removed). A list left empty is removed: the audience then takes anyone's posts,
    as one that names no one does (an empty list is refused by validation)."""
    changes = []
    for i, audience in enumerate(_list(data, "publishing.plan.audiences")):
        people = audience.get("people") if isinstance(audience, dict) else None
        if not isinstance(people, list) or ident not in people:
            continue
        kept = [held for held in people if held != ident]
        if kept:
            changes.append(Change(f"publishing.plan.audiences[{i}].people", copy.deepcopy(people), kept))
        else:  # the whole audience, so that undo puts "people" back where it was written
            without = {key: value for key, value in audience.items() if key != "people"}
            changes.append(Change(f"publishing.plan.audiences[{i}]", copy.deepcopy(audience), without))
    return changes


def remove_person(data: Any, index: int) -> Edit:
    """Remove person ``index`` (the last one too: a blank campaign has none yet)."""
    people = _list(data, "people")
    _index(index, people, "person")
    edit = _people_edit(data, people[:index] + people[index + 1 :], "Remove person")
    gone = people[index].get("id") if isinstance(people[index], dict) else None
    if not isinstance(gone, str) or any(
        isinstance(p, dict) and p.get("id") == gone for p in people[index + 1 :] + people[:index]
    ):
        return edit  # no id, or another person has it too: the outputs still mean that one
    return Edit(edit.text, (*edit.changes, *_unchosen(data, "people", gone), *unaudienced(data, gone)))


def move_person(data: Any, index: int, to: int) -> Edit:
    """Move person ``index`` to position ``to`` (clamped to the list)."""
    people = _list(data, "people")
    person = people.pop(_index(index, people, "person"))
    people.insert(max(0, min(to, len(people))), person)
    return _people_edit(data, people, "Move person")


# -- lists of media -------------------------------------------------------------------------


def move_item(data: Any, list_path: str, order: Sequence[int], index: int, to: int, text: str) -> Edit:
    """Move list item ``index`` to position ``to`` of ``order`` (the list indices in the order
    they are shown, each at most once); items not in ``order`` keep their places, every item
    stays exactly as written (a plain path or an object)."""
    written = _list(data, list_path)
    if sorted(order) != sorted(set(order)) or any(
        isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < len(written) for k in order
    ):
        raise ValueError(
            f"order {list(order)} must name items of {list_path} (0 to {len(written) - 1}), each once"
        )
    if index not in order:
        raise IndexError(f"item {index} of {list_path} is not in the order shown {list(order)}")
    items = list(written)
    origins: list[int | None] = list(range(len(written)))
    new_order = [k for k in order if k != index]
    new_order.insert(max(0, min(to, len(new_order))), index)
    for slot, k in zip(sorted(order), new_order, strict=True):
        items[slot] = written[k]
        origins[slot] = k
    return Edit(text, (Change(list_path, written, items), *_following(data, list_path, origins)))


def remove_item(data: Any, list_path: str, index: int, text: str = "Remove media") -> Edit:
    items = _list(data, list_path)
    _index(index, items, f"item of {list_path}")
    kept: list[int | None] = [k for k in range(len(items)) if k != index]
    change = Change(list_path, _get(data, list_path), items[:index] + items[index + 1 :])
    return Edit(text, (change, *_following(data, list_path, kept)))


def _following(data: Any, list_path: str, origins: list[int | None]) -> list[Change]:
    """What follows a person's photos or clips being rearranged: their reel ranges
    (:func:`takatof.edit.follow.list_changes`; imported here, as it builds on this module)."""
    from .follow import list_changes

    return list_changes(data, list_path, origins)


def add_media(data: Any, person: int, files: Iterable[tuple[str, str]], text: str | None = None) -> Edit:
    """Give person ``person`` the ``files`` — (kind, written path) pairs as
    :func:`takatof.edit.files.adopt` wrote them: pictures join their photos (``media``), videos
    their clips (as ``{"path": ...}``), a sound becomes their voice-over; other kinds are
    skipped. One edit, however many fields it touches."""
    at = f"people[{person}]"
    photos: list[Any] = []
    clips: list[Any] = []
    sound: str | None = None
    for kind, written in files:
        if kind == "image":
            photos.append(written)
        elif kind == "video":
            clips.append({"path": written})
        elif kind == "audio":
            sound = written
    changes = []
    had_photos, had_clips = len(_list(data, f"{at}.media")), len(_list(data, f"{at}.clips"))
    if photos:
        changes.append(
            Change(f"{at}.media", _get(data, f"{at}.media"), [*_list(data, f"{at}.media"), *photos])
        )
    if clips:
        changes.append(
            Change(f"{at}.clips", _get(data, f"{at}.clips"), [*_list(data, f"{at}.clips"), *clips])
        )
    if photos or clips:  # new photos come before the clips: the reel ranges move past them
        from .follow import reel_changes

        changes += reel_changes(
            data,
            person,
            [
                *range(had_photos),
                *[None] * len(photos),
                *range(had_photos, had_photos + had_clips),
                *[None] * len(clips),
            ],
        )
    if sound is not None:
        changes.append(Change(f"{at}.voiceover", _get(data, f"{at}.voiceover"), sound))
        changes += _stale_captions(data, f"{at}.voiceover", sound)
    return Edit(text or _added_text(len(photos), len(clips), sound is not None), tuple(changes))


def _added_text(photos: int, clips: int, sound: bool) -> str:
    parts = [f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in (("photo", photos), ("clip", clips)) if n]
    if sound:
        parts.append("a voice-over")
    return "Add " + " and ".join(parts) if parts else "Add media"


# -- a photo's timing, motion and focus; a clip's trim --------------------------------------


def set_photo_fields(data: Any, where: str, text: str, **fields: Any) -> Edit:
    """Set fields of a photo (``people[i].media[j]``) in its object form, keeping the others;
    a field given as None is removed (back to the template's choice)."""
    item = _get(data, where)
    if not isinstance(item, (str, dict)):
        raise IndexError(f"no photo at {where}")
    value = {"path": item} if isinstance(item, str) else dict(item)
    for key, field in fields.items():
        if field is None:
            value.pop(key, None)
        else:
            value[key] = field
    return Edit(text, (Change(where, item, value),))


def set_photo_duration(data: Any, where: str, seconds: float) -> Edit:
    seconds = round(min(PHOTO_MAX_S, max(PHOTO_MIN_S, seconds)), 3)
    return set_photo_fields(data, where, "Photo duration", duration_s=seconds)


def set_photo_motion(data: Any, where: str, motion: str | None) -> Edit:
    return set_photo_fields(data, where, "Photo motion", motion=motion or None)


def set_photo_focus(data: Any, where: str, x: float, y: float) -> Edit:
    focus = [round(min(1.0, max(0.0, x)), 4), round(min(1.0, max(0.0, y)), 4)]
    return set_photo_fields(data, where, "Photo focus", focus=focus)


def trim_clip(data: Any, where: str, edge: str, seconds: float) -> Edit:
    """Set a clip's ``start`` or ``end`` (seconds into its file). Its focus path stays as it
    is: keys beyond the new edge shape the path there, and trimming back out restores it."""
    if edge not in ("start", "end"):
        raise ValueError(f"a clip is trimmed at its start or end, not {edge!r}")
    if not isinstance(_get(data, where), dict):
        raise IndexError(f"no clip at {where}")
    text = "Trim clip start" if edge == "start" else "Trim clip end"
    path = f"{where}.{edge}"
    return Edit(text, (Change(path, _get(data, path), round(float(seconds), 3)),))
