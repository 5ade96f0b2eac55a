"""Edits of the publishing kit as data: a post's copy, the campaign's hashtags, a subject's
@mentions (no Qt here).

Each returns an :class:`~takatof.edit.Edit` over the campaign's JSON data, so the Studio's Posts
panel makes it one undoable step (``Document.apply``) and a table test checks it without a
window.

A post's copy comes from the first project template (``publishing.templates``) that matches
its asset and platform, else from the default its asset template ships with
(:mod:`takatof.model.post_copy`). Editing a project template's copy edits that template, for
every asset and platform it is for (that is what the person wrote it for). Editing a default
cannot change the default (it ships with Takatof): it writes a new project template for just
that asset template, output kind and platform, *first* in the list so it wins over every
template written before it, and the other posts keep their copy.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..model.languages import name_of
from ..model.paths import ABSENT, get_at
from .edits import Change, Edit

_PROJECT_COPY = re.compile(r"^publishing\.templates\[(?P<index>\d+)\]\.text\.(?P<lang>[^.\[\]]+)$")
"""Where a post's copy came from when a project template gave it (``Post.template``)."""

_SEPARATORS = re.compile(r"[\s,،;؛]+")
"""What separates typed hashtags or handles: spaces, commas (Latin and Arabic), semicolons."""

_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
"""Directional marks, embeddings and isolates: they steer how text lays out, they spell nothing."""


def _get(data: Any, path: str) -> Any:
    try:
        return copy.deepcopy(get_at(data, path))
    except (KeyError, IndexError, TypeError):
        return ABSENT


def project_copy(source: str) -> tuple[int, str] | None:
    """The index of the project template and the language a post's copy came from, for a
    ``Post.template`` such as ``publishing.templates[1].text.ar``; None for a default's."""
    match = _PROJECT_COPY.match(source)
    return (int(match["index"]), match["lang"]) if match else None


def serves(written: str, lang: str, texts: Any = None) -> bool:
    """Whether a project template's copy written in ``written`` is the copy a post in ``lang``
    is made from: its own language's, or its base language's when the template has none of its
    own (an en-IN post reads ``text.en``), as :func:`takatof.model.post_copy.choose` picks it.
    ``texts``: the template's ``text``, to tell a base that its own copy overrides."""
    if written == lang:
        return True
    own = texts.get(lang) if isinstance(texts, dict) else None
    return written == lang.split("-", 1)[0] and not own


def set_post_copy(
    data: Any,
    source: str,
    kind: str,
    template: str,
    platform: str,
    lang: str,
    text: str,
    keep: Mapping[str, str] | None = None,
) -> Edit:
    """The copy of a post in ``lang`` becomes ``text`` (placeholders and all).

    ``source`` says where its copy comes from now (the post's ``template``). A project
    template's is edited in place: its text in ``lang``, or in ``lang``'s base language when
    that is the text the post uses (an en-IN post made from ``text.en``; the edit's text says
    so, since the en posts change too); ValueError for a source in another language. A
    default's becomes a new project template first in ``publishing.templates``, for the
    asset's ``kind`` (card, video...), asset ``template`` (quote, spotlight...) and
    ``platform``, holding ``text`` in ``lang`` and ``keep``'s copies in the other languages
    (what those posts print now, so they do not change)."""
    found = project_copy(source)
    if found is not None:
        index, written = found
        entry = _template_at(data, index)
        if not serves(written, lang, entry.get("text")):
            raise ValueError(f"{source} holds the copy in {written!r}, not the copy the {lang!r} post uses")
        path = f"publishing.templates[{index}].text.{written}"
        said = "Edit post copy"
        if written != lang:  # the base language's copy: its own posts change with it, so say so
            said = f"Edit post copy in {name_of(written)}, which the {name_of(lang)} post uses"
        return Edit(said, (Change(path, _get(data, path), text),))
    texts = {other: copy_ for other, copy_ in (keep or {}).items() if other != lang}
    new = {
        "kinds": [kind],
        "templates": [template],
        "platforms": [platform],
        "text": {lang: text, **texts},
    }
    return _with_templates(data, [new, *_templates(data)], "Edit post copy")


def reset_post_copy(data: Any, source: str, lang: str | None = None) -> Edit:
    """A post's copy goes back to what it would be without its project template's text in its
    language: that language is taken out of the template (the template itself when no
    language is left). An empty edit for a default's copy (there is nothing to reset).
    ``lang``: the post's language, when known; a regional post made from its base language's
    copy (en-IN from ``text.en``) resets that copy, and the edit's text says so."""
    found = project_copy(source)
    if found is None:
        return Edit("Reset post copy")
    index, written = found
    said = "Reset post copy"
    if lang is not None and lang != written:
        said = f"Reset post copy in {name_of(written)}, which the {name_of(lang)} post uses"
    lang = written
    templates = _templates(data)
    entry = _template_at(data, index)
    entry["text"] = {k: v for k, v in dict(entry.get("text") or {}).items() if k != lang}
    if isinstance(entry.get("first_comment"), dict):
        entry["first_comment"] = {k: v for k, v in entry["first_comment"].items() if k != lang} or None
        if entry["first_comment"] is None:
            del entry["first_comment"]
    kept = [*templates[:index], *([entry] if entry["text"] else []), *templates[index + 1 :]]
    return _with_templates(data, kept, said)


def _template_at(data: Any, index: int) -> dict[str, Any]:
    """The project template at ``index`` (a copy); IndexError when there is none."""
    templates = _templates(data)
    if index >= len(templates) or not isinstance(templates[index], dict):
        raise IndexError(f"no post template at publishing.templates[{index}] (there are {len(templates)})")
    return copy.deepcopy(templates[index])


def _templates(data: Any) -> list[Any]:
    value = _get(data, "publishing.templates")
    return list(value) if isinstance(value, list) else []


def _with_templates(data: Any, templates: list[Any], text: str) -> Edit:
    """``publishing.templates`` set to ``templates``; a file with no ``publishing`` section
    gains one holding only them (not every default of the section spelt out)."""
    if not isinstance(_get(data, "publishing"), dict):
        return Edit(text, (Change("publishing", _get(data, "publishing"), {"templates": templates}),))
    return Edit(text, (Change("publishing.templates", _get(data, "publishing.templates"), templates),))


def parse_tags(typed: str, mark: str) -> list[str]:
    """The hashtags (``mark`` ``#``) or @handles (``@``) in what a person typed: separated by
    spaces or commas, each given its mark when it was left out, repeats dropped, in order;
    directional marks and isolates (pasted from an Arabic post, which isolates Latin tags)
    are no part of a tag.
    ``"#التكاتف_قوّة, SupportLocal"`` -> ``["#التكاتف_قوّة", "#SupportLocal"]``."""
    tags: list[str] = []
    for word in _SEPARATORS.split(_BIDI.sub("", typed).strip()):
        if not word or word == mark:
            continue
        tag = word if word.startswith(mark) else mark + word
        if tag not in tags:
            tags.append(tag)
    return tags


def set_hashtags(data: Any, tags: Sequence[str]) -> Edit:
    """The campaign's hashtags become ``tags`` (in order): every post's {hashtags} follow."""
    return Edit("Edit hashtags", (Change("hashtags", _get(data, "hashtags"), list(tags)),))


def set_mentions(data: Any, subject: str, handles: Sequence[str]) -> Edit:
    """The @mentions of ``subject`` (a person's or a business's id) become ``handles``: a
    person's ``handles``, a business's one ``mention``. ValueError, saying what to do, for an
    id that is neither, or for a business given other than one handle."""
    for i, person in enumerate(_list(data, "people")):
        if isinstance(person, dict) and person.get("id") == subject:
            path = f"people[{i}].handles"
            return Edit("Edit mentions", (Change(path, _get(data, path), list(handles)),))
    for i, spotlight in enumerate(_list(data, "spotlights")):
        if isinstance(spotlight, dict) and spotlight.get("id") == subject:
            if len(handles) != 1:
                raise ValueError(
                    f"a business has exactly one @mention (spotlights[{i}].mention) and "
                    f"{len(handles)} were given; write one, like '@libantroc'"
                )
            path = f"spotlights[{i}].mention"
            return Edit("Edit mentions", (Change(path, _get(data, path), handles[0]),))
    raise ValueError(f"no person or business has the id {subject!r}")


def mentions_of(data: Any, subject: str) -> list[str] | None:
    """The @mentions ``subject`` has as written (a person's handles, a business's mention);
    None for an id that is neither."""
    for person in _list(data, "people"):
        if isinstance(person, dict) and person.get("id") == subject:
            return [h for h in person.get("handles") or [] if isinstance(h, str)]
    for spotlight in _list(data, "spotlights"):
        if isinstance(spotlight, dict) and spotlight.get("id") == subject:
            mention = spotlight.get("mention")
            return [mention] if isinstance(mention, str) else []
    return None


def _list(data: Any, path: str) -> list[Any]:
    value = _get(data, path)
    return list(value) if isinstance(value, list) else []


# -- a posting plan's audiences name people and businesses by id ------------------------------
