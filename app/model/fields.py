"""Which fields of the campaign model are media paths, and of what kind (model introspection).

Which fields are media, and of what kind, comes from the model, never from field names: a
field is a media path when it carries the ``MediaPath`` type of :mod:`takatof.model.campaign`,
and its kind (image, video, audio, captions) is what :func:`takatof.model.project.all_media` —
the function validation and Save As use — says about it. A new media field in the model gets
the right editor in the Studio with no change there.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from pathlib import Path
from typing import Any

from annotated_types import Ge, Gt, Le, Lt, MaxLen
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .campaign import SHORT_TEXT, Campaign, Color, MediaPath, Multilingual

SUFFIXES: dict[str, tuple[str, ...]] = {
    "image": (
        ".png",
        ".jpg",
        ".jpeg",
        ".webp",
        ".gif",
        ".bmp",
        ".tif",
        ".tiff",
        ".avif",
        ".heic",
        ".heif",
        ".hif",
    ),
    "video": (".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"),
    "audio": (".ogg", ".oga", ".opus", ".mp3", ".wav", ".m4a", ".aac", ".flac"),
    "captions": (".srt", ".vtt"),
}
"""File name endings per kind: what Browse offers and what a drop accepts."""

_MARKERS = tuple(a for a in typing.get_args(MediaPath)[1:] if not isinstance(a, FieldInfo))
"""The validator objects only ``MediaPath`` carries; pydantic keeps them, by identity, in a
field's metadata (or inside ``Annotated`` when the field is ``MediaPath | None``)."""


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` (and ``Annotated``) and whether None is allowed."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner, _ = unwrap(args[0]) if len(args) == 1 else (annotation, False)
        return inner, True
    if origin is typing.Annotated:
        return unwrap(typing.get_args(annotation)[0])
    return annotation, False


def _carries_marker(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        return any(m is a for m in _MARKERS for a in args[1:]) or _carries_marker(args[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_carries_marker(a) for a in typing.get_args(annotation))
    return False


def is_media_field(field: FieldInfo) -> bool:
    """Whether a model field holds one media path (``MediaPath`` or ``MediaPath | None``)."""
    return any(m is a for m in _MARKERS for a in field.metadata) or _carries_marker(field.annotation)


def media_item_model(field: FieldInfo) -> tuple[bool, type[BaseModel] | None]:
    """For a list field: whether it is a list of media, and the item's model when items are
    objects holding a media path (a photo with its motion, a clip with its trim)."""
    annotation, _ = unwrap(field.annotation)
    if typing.get_origin(annotation) is not list:
        return False, None
    (item,) = typing.get_args(annotation) or (None,)
    if _carries_marker(item):
        return True, None
    item, _ = unwrap(item)
    if (
        isinstance(item, type)
        and issubclass(item, BaseModel)
        and any(is_media_field(f) for f in item.model_fields.values())
    ):
        return True, item
    return False, None


def path_field(model: type[BaseModel]) -> str:
    """The name (as written in the file) of the media path field of a list item model."""
    return next(f.alias or n for n, f in model.model_fields.items() if is_media_field(f))


@functools.cache
def accepts_text(model: type[BaseModel]) -> bool:
    """Whether an item may be written as a plain path (a photo can; a clip cannot): new items
    are then added as plain paths, the shape the file already uses."""
    try:
        model.model_validate("media/x.png")
    except ValidationError:
        return False
    return True


def _pattern(json_path: str) -> str:
    """``people[2].media[0].path`` -> ``people[].media[].path``."""
    return re.sub(r"\[\d+\]", "[]", json_path)


def _walk(model: type[BaseModel], prefix: str, sample: dict[str, Any], fields: list[str]) -> None:
    """Fill ``sample`` with every media field of ``model`` set to its own pattern path, and
    list those patterns in ``fields``."""
    for name, field in model.model_fields.items():
        key = field.alias or name
        at = f"{prefix}.{key}" if prefix else key
        annotation, _ = unwrap(field.annotation)
        if is_media_field(field):
            sample[key] = at
            fields.append(at)
            continue
        is_list, item = media_item_model(field)
        if is_list and item is None:
            sample[key] = [f"{at}[]"]
            fields.append(f"{at}[]")
        elif typing.get_origin(annotation) is list:
            (inner,) = typing.get_args(annotation) or (None,)
            inner, _ = unwrap(inner)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                sub: dict[str, Any] = {}
                _walk(inner, f"{at}[]", sub, fields)
                # An item that may be a plain path is sampled in both of its forms.
                sample[key] = [sub, f"{at}[]"] if accepts_text(inner) else [sub]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            sub = {}
            _walk(annotation, at, sub, fields)
            if media_by_language(annotation):
                # Any language's file (captions.ur): sampled once as "*", for media_kind.
                sub[ANY_LANGUAGE] = f"{at}.{ANY_LANGUAGE}"
            sample[key] = sub


ANY_LANGUAGE = "*"
"""Stands for any language code in a field pattern (``people[].captions.*``)."""


def media_by_language(model: type[BaseModel]) -> bool:
    """Whether ``model`` holds a media path per language code beside its fields (a person's
    caption files: ``{"ar": ..., "ur": ...}``): a form offers a file for each of the
    campaign's languages, whatever fields the model declares."""
    if model.model_config.get("extra") != "allow":
        return False
    try:
        hints = typing.get_type_hints(model, include_extras=True)
    except (NameError, TypeError):
        return False
    args = typing.get_args(hints.get("__pydantic_extra__"))
    return len(args) == 2 and _carries_marker(args[1])


@functools.cache
def _catalogue() -> tuple[tuple[str, ...], dict[str, str]]:
    from .project import all_media

    sample: dict[str, Any] = {}
    fields: list[str] = []
    _walk(Campaign, "", sample, fields)
    kinds = {written: kind for _where, written, kind in all_media(sample)}
    return tuple(fields), kinds


def media_field_patterns() -> tuple[str, ...]:
    """Every media path field of the campaign model, as a pattern (``people[].voiceover``)."""
    return _catalogue()[0]


def media_kind(json_path: str) -> str:
    """``image``, ``video``, ``audio`` or ``captions`` for the media field at ``json_path``
    (as the model's own media walk classifies it); ``any`` for a field it does not know."""
    kinds = _catalogue()[1]
    pattern = _pattern(json_path)
    any_language = re.sub(r"\.[^.\[\]]+$", f".{ANY_LANGUAGE}", pattern)
    return kinds.get(pattern) or kinds.get(pattern.removesuffix(".path")) or kinds.get(any_language) or "any"


def kind_of_file(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return next((kind for kind, ends in SUFFIXES.items() if suffix in ends), None)


# --- what any field is, from its type and metadata (the inspector builds its forms by these) ---

_COLOR_MARKERS = tuple(a for a in typing.get_args(Color)[1:] if not isinstance(a, FieldInfo))
"""The validator object only ``Color`` carries; pydantic keeps it, by identity, in a field's
metadata (or inside ``Annotated`` when the field is ``Color | None``)."""

FILE_FORMAT = frozenset({"$schema", "schema_version"})
"""Keys of the file format itself, which the Studio writes and no person edits. The model does
not mark them; a field whose JSON schema says ``readOnly`` is left out of forms the same way,
and once these two say so this set can go."""


def _carried(field: FieldInfo) -> tuple[list[FieldInfo], list[Any]]:
    """The field infos and metadata a field's type carries: its own, and those inside an
    ``Annotated`` nested in its annotation (``Color | None`` keeps its validator there)."""
    infos, metadata = [field], list(field.metadata)
    stack = [field.annotation]
    while stack:
        annotation = stack.pop()
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            stack.append(args[0])
            for extra in args[1:]:
                if isinstance(extra, FieldInfo):
                    infos.append(extra)
                    metadata.extend(extra.metadata)
                else:
                    metadata.append(extra)
        elif origin in (typing.Union, types.UnionType):
            stack.extend(typing.get_args(annotation))
    return infos, metadata


def is_color_field(field: FieldInfo) -> bool:
    """Whether a field holds a ``Color`` (``#RRGGBB``), whatever its value is now."""
    return any(marker is item for marker in _COLOR_MARKERS for item in _carried(field)[1])


def max_length(field: FieldInfo) -> int | None:
    """The most characters a text field takes: its ``max_length``, or for a
    :class:`Multilingual` text the bound each language's JSON schema states."""
    infos, metadata = _carried(field)
    lengths = [item.max_length for item in metadata if isinstance(item, MaxLen)]
    for info in infos:
        extra = info.json_schema_extra
        if not isinstance(extra, dict):
            continue
        # Each language's text: any language's (additionalProperties), or named ones.
        every = extra.get("additionalProperties")
        named = extra.get("properties")
        texts = [every] + (list(named.values()) if isinstance(named, dict) else [])
        for text in texts:
            length = text.get("maxLength") if isinstance(text, dict) else None
            if isinstance(length, int):
                lengths.append(length)
    return max(lengths) if lengths else None


def is_long_text(field: FieldInfo) -> bool:
    """A text that may run past a short text (a line or two on a card) gets lines to write
    in; an unbounded text counts as short (names, ids, hashtags are all bounded)."""
    length = max_length(field)
    return length is not None and length > SHORT_TEXT


def bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    """The lowest and highest number a field takes (``ge``/``gt``, ``le``/``lt``)."""
    low: float | None = None
    high: float | None = None
    for item in _carried(field)[1]:
        if isinstance(item, Ge):
            low = _number(item.ge)
        elif isinstance(item, Gt):
            low = _number(item.gt)
        elif isinstance(item, Le):
            high = _number(item.le)
        elif isinstance(item, Lt):
            high = _number(item.lt)
    return low, high


def _number(bound: object) -> float | None:
    return float(bound) if isinstance(bound, int | float) else None


def is_model(annotation: Any) -> bool:
    """A nested model (a sub-form), not a :class:`Multilingual` text."""
    return (
        isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation is not Multilingual
    )


def text_paths(data: Any, model: type[BaseModel] = Campaign, where: str = "") -> list[str]:
    """The JSON path of every text (a :class:`Multilingual`, an object keyed by language) in
    a project's raw data, found by the model's types, not by the keys a text happens to hold:
    what a change of the campaign's languages walks. A value of the wrong shape (a sheet
    source where a list of people goes) holds no text here; validation says what it is."""
    if not isinstance(data, dict):
        return []
    found: list[str] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        value = data.get(key)
        at = f"{where}.{key}" if where else key
        annotation, _ = unwrap(field.annotation)
        if annotation is Multilingual:
            if isinstance(value, dict):
                found.append(at)
        elif typing.get_origin(annotation) is list and isinstance(value, list):
            (item,) = typing.get_args(annotation) or (None,)
            item, _ = unwrap(item)
            if is_model(item):
                for i, entry in enumerate(value):
                    found += text_paths(entry, item, f"{at}[{i}]")
        elif is_model(annotation):
            found += text_paths(value, annotation, at)
    return found


def is_section(field: FieldInfo) -> bool:
    """A model, or a list of models: on the campaign's form such a field is a section with
    its own item in the tree (brand, goal, people...), not a row."""
    annotation, _ = unwrap(field.annotation)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation) or (None,)
        annotation, _ = unwrap(item)
    return is_model(annotation)


def is_read_only(key: str, field: FieldInfo) -> bool:
    """A field no person edits: the file format's own keys, or one whose JSON schema says
    ``readOnly``."""
    extra = field.json_schema_extra
    return key in FILE_FORMAT or (isinstance(extra, dict) and extra.get("readOnly") is True)


def is_text_list(annotation: Any) -> bool:
    args = typing.get_args(annotation)
    return typing.get_origin(annotation) is list and bool(args) and unwrap(args[0])[0] is str
