"""The editing core below the Studio: what a user does to a project, as plain functions.

- :mod:`takatof.edit.edits` — operations (people, media lists, trims, durations, motion, focus,
  renaming an id everywhere) that read the campaign's JSON data and return an :class:`Edit`
  of (path, old, new) changes with an exact inverse;
- :mod:`takatof.edit.languages` — the campaign's languages: add one, remove one (and its
  texts), move one;
- :mod:`takatof.edit.files` — adopting a file into the project's ``media/`` folder, checking a
  written media path;
- :mod:`takatof.edit.timeline` — the timeline panel's gestures in seconds (where a dragged block
  lands, what a dragged edge is worth, within the model's bounds) and its ruler steps;
- :mod:`takatof.edit.validate` — the one validation the CLI and the Studio both show (imported
  from there, since it needs the renderer's checks).

No Qt here: the Studio (``takatof.ui``) applies these through its undo stack.
"""

from __future__ import annotations

from ..model.paths import ABSENT
from .edits import (
    Change,
    Edit,
    add_media,
    add_person,
    apply,
    duplicate_person,
    move_item,
    move_person,
    new_person,
    remove_item,
    remove_person,
    rename,
    set_photo_duration,
    set_photo_fields,
    set_photo_focus,
    set_photo_motion,
    set_value,
    trim_clip,
)
from .files import adopt, resolve, where_problem
from .languages import add_language, move_language, remove_language

__all__ = [
    "ABSENT",
    "Change",
    "Edit",
    "add_language",
    "add_media",
    "add_person",
    "adopt",
    "apply",
    "duplicate_person",
    "move_item",
    "move_language",
    "move_person",
    "new_person",
    "remove_item",
    "remove_language",
    "remove_person",
    "rename",
    "resolve",
    "set_photo_duration",
    "set_photo_fields",
    "set_photo_focus",
    "set_photo_motion",
    "set_value",
    "trim_clip",
    "where_problem",
]
