"""Read and replace values in a campaign by JSON path (``people[0].quote.ar``).

The desktop app edits the model through these paths: an edit is "put this value at this
path", validated by building a new Campaign, so every change goes through the same
validation (and the same messages) as loading a file, and undo is swapping whole snapshots.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from .campaign import Campaign
from .problems import Problem, from_validation_error

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class _Absent:
    """The value of a key that is not there (an edit that adds or removes the key)."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __deepcopy__(self, memo: dict[int, Any]) -> _Absent:
        return self


ABSENT: Any = _Absent()
"""Stands for a missing key: setting it removes the key, reading a missing key gives it."""


def parse_path(path: str) -> list[str | int]:
    """``people[0].quote.ar`` -> ``["people", 0, "quote", "ar"]``."""
    return [int(index) if index else name for name, index in _PART.findall(path)]


def get_at(data: Any, path: str) -> Any:
    for part in parse_path(path):
        if isinstance(data, str) and part == "path":
            return data  # a photo written as a plain path: its "path" is the text itself
        data = data[part]
    return data


def set_at(data: Any, path: str, value: Any) -> None:
    """Put ``value`` at ``path`` in plain data (:data:`ABSENT` removes the key)."""
    parts = parse_path(path)
    for part in parts[:-1]:
        data = data[part]
    if value is ABSENT:
        if isinstance(data, dict):
            data.pop(parts[-1], None)
        return
    data[parts[-1]] = value


def with_value(campaign: Campaign, path: str, value: Any) -> tuple[Campaign | None, list[Problem]]:
    """A new campaign with ``value`` at ``path``, or None and the problems it would cause."""
    return with_values(campaign, [(path, value)])


def with_values(
    campaign: Campaign, changes: Iterable[tuple[str, Any]]
) -> tuple[Campaign | None, list[Problem]]:
    """A new campaign with each ``(path, value)`` put in turn (:data:`ABSENT` removes a key),
    validated once, or None and the problems it would cause. Fields the file never set stay
    unset unless a change reaches into them, so a saved file keeps its own shape."""
    data = copy.deepcopy(campaign.model_dump(mode="json", by_alias=True, exclude_unset=True))
    for path, value in changes:
        _put(campaign, data, path, value)
    try:
        return Campaign.model_validate(data).with_sources(campaign.sources), []
    except ValidationError as exc:
        return None, from_validation_error(exc, Campaign)


def _put(campaign: Campaign, data: dict[str, Any], path: str, value: Any) -> None:
    parts = parse_path(path)
    parent: Any = data  # walks down through objects and lists alike: a JSON tree
    for i, part in enumerate(parts[:-1]):
        if isinstance(part, str) and isinstance(parent, dict) and part not in parent:
            # A field the file never set (left at its default): materialise it from the model.
            parent[part] = copy.deepcopy(
                get_at(campaign.model_dump(mode="json", by_alias=True), join_path(parts[: i + 1]))
            )
        if isinstance(parent[part], str) and isinstance(parts[i + 1], str):
            # A photo written as a plain path (people[0].media[1]). A new path keeps it plain;
            # any other setting (.motion) turns it into the object form that can hold one.
            if parts[i + 1 :] == ["path"]:
                parts = parts[: i + 1]
                break
            parent[part] = {"path": parent[part]}
        parent = parent[part]
    if value is ABSENT:
        if isinstance(parent, dict):
            parent.pop(parts[-1], None)
        return
    parent[parts[-1]] = value


def join_path(parts: list[str | int]) -> str:
    """``["people", 0, "quote"]`` -> ``people[0].quote`` (the inverse of :func:`parse_path`)."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def related(a: str, b: str) -> bool:
    """Whether one JSON path is the other or inside it (``people[0]`` and ``people[0].name``)."""

    def inside(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith((outer + ".", outer + "["))

    return inside(a, b) or inside(b, a)


def natural_key(path: str) -> list[Any]:
    """Sort key putting ``people[2]`` before ``people[10]``: the order of the file."""
    return [int(part) if part.isdecimal() else part for part in re.split(r"(\d+)", path)]
