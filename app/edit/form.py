"""What the Studio's inspector form reads and writes, as plain functions: which tree item shows
a field, a field's label, a number as a person types it (read back, and shown), and where a
value typed into a field of an object that is not there yet goes.

The inspector (:mod:`takatof.ui.inspector`) is the only caller; these live here, without Qt, so
the rules (Arabic-Indic digits are numbers, ``4,5`` is 4.5, a caption file of a person with no
``captions`` creates the object) are tested without a display.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from ..model.campaign import Campaign
from ..model.paths import get_at, join_path, parse_path

_OWNERS = re.compile(r"^(people|spotlights)\[\d+\]")
SECTIONS = frozenset({"brand", "video", "goal", "outputs"})
"""The campaign's parts that are items of their own in the tree (and forms of their own)."""

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


def owner_of(json_path: str) -> str:
    """The tree item that shows the field at ``json_path``: ``people[1]`` for
    ``people[1].media[0]``, ``video`` for ``video.encoder.crf``, ``""`` for the campaign."""
    match = _OWNERS.match(json_path)
    if match:
        return match.group(0)
    first = parse_path(json_path)[0] if json_path else ""
    return first if first in SECTIONS else ""


def field_label(name: str) -> str:
    """``photo_s`` -> ``photo (s)``: the unit of a duration, not a stray letter."""
    if name.endswith("_s"):
        return name[:-2].replace("_", " ") + " (s)"
    return name.replace("_", " ")


def parse_number(text: str, integer: bool) -> int | float | None:
    """The number in ``text`` as typed (Arabic-Indic digits, thousands separators and a comma
    as the decimal mark are read too); None when nothing is typed. Raises ValueError when the
    text is no number (or, for ``integer``, no whole number)."""
    text = text.strip().translate(_DIGITS).replace("_", "").replace(" ", "").replace("٬", "")
    if not text:
        return None
    if integer:
        text = text.replace(",", "")
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        raise ValueError(text)
    text = text.replace(",", "") if "." in text else text.replace(",", ".")
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", text):
        return float(text)
    raise ValueError(text)


def show_number(value: float) -> str:
    """A number as typed: ``85000``, ``4.5`` (never ``4.500000`` or ``1e+05``)."""
    if isinstance(value, int):
        return str(value)
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _value(data: Any, path: str) -> Any:
    try:
        return get_at(data, path)
    except (KeyError, IndexError, TypeError):
        return None


def lift(data: Any, path: str, value: Any) -> tuple[str | None, Any]:
    """Where to put ``value`` for the field at ``path`` of ``data``, and what: the path itself,
    or, when an object on the way is missing (a person with no ``captions`` yet), that object
    holding the value. (None, None) when clearing a field of an object that is not there.

    ``data`` is the campaign as written: an object the file leaves out but the model gives a
    default (``members_label``, ``video.encoder``) is not missing — the model fills it in
    around the value, keeping its other fields."""
    parts = parse_path(path)
    defaults: list[Any] = []  # the campaign with its defaults, worked out when first needed
    for depth in range(1, len(parts)):
        parent = join_path(parts[:depth])
        if _value(data, parent) is None and _default(data, parent, defaults) is None:
            if value is None:
                return None, None
            for part in reversed(parts[depth:]):
                value = {part: value}
            return parent, value
    return path, value


def _default(data: Any, path: str, defaults: list[Any]) -> Any:
    """The value at ``path`` when the file leaves it out: the model's default (None when the
    file writes null, or when ``data`` is no campaign to fill in)."""
    if _present(data, path):
        return None
    if not defaults:
        try:
            defaults.append(Campaign.model_validate(data).model_dump(mode="json", by_alias=True))
        except ValidationError:
            defaults.append(None)
    return _value(defaults[0], path)


def _present(data: Any, path: str) -> bool:
    try:
        get_at(data, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True
