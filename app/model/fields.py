"""Which fields of the campaign model are media paths, and of what kind (model introspection).

Which fields are media, and of what kind, comes from the model, never from field names: a
field is a media path when it carries the ``MediaPath`` type of :mod:`app.model.campaign`,
and its kind (image, video, audio, captions) is what :func:`app.model.project.all_media` —
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

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from app.model.campaign import Campaign, MediaPath

SUFFIXES: dict[str, tuple[str, ...]] = {
    "image": (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".avif"),
    "video": (".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"),
    "audio": (".ogg", ".oga", ".opus", ".mp3", ".wav", ".m4a", ".aac", ".flac"),
    "captions": (".srt", ".vtt"),
}
"""File name endings per kind: what Browse offers and what a drop accepts."""

_MARKERS = tuple(a for a in typing.get_args(MediaPath)[1:] if not isinstance(a, FieldInfo))
"""The validator objects only ``MediaPath`` carries; pydantic keeps them, by identity, in a
field's metadata (or inside ``Annotated`` when the field is ``MediaPath | None``)."""


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` (and ``Annotated``) and whether None is allowed."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner, _ = _unwrap(args[0]) if len(args) == 1 else (annotation, False)
        return inner, True
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
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
    annotation, _ = _unwrap(field.annotation)
    if typing.get_origin(annotation) is not list:
        return False, None
    (item,) = typing.get_args(annotation) or (None,)
    if _carries_marker(item):
        return True, None
    item, _ = _unwrap(item)
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
        annotation, _ = _unwrap(field.annotation)
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
            inner, _ = _unwrap(inner)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                sub: dict[str, Any] = {}
                _walk(inner, f"{at}[]", sub, fields)
                # An item that may be a plain path is sampled in both of its forms.
                sample[key] = [sub, f"{at}[]"] if accepts_text(inner) else [sub]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            sub = {}
            _walk(annotation, at, sub, fields)
            sample[key] = sub


@functools.cache
def _catalogue() -> tuple[tuple[str, ...], dict[str, str]]:
    from app.model.project import all_media

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
    return kinds.get(pattern) or kinds.get(pattern.removesuffix(".path")) or "any"


def kind_of_file(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return next((kind for kind, ends in SUFFIXES.items() if suffix in ends), None)
