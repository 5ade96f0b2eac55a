"""Load, validate, migrate and save project files.

Loading collects *every* problem (JSON syntax, types, missing fields, unknown template or preset
names, media files) and raises one :class:`ProjectError` carrying them all, so a producer fixes a
file in one pass. The names of templates and presets are passed in by the caller: the model sits
at the bottom of the layering and knows neither registry.

Reading is strict where JSON itself is lax, because every laxness has hidden a real mistake:
the file must be UTF-8 (a UTF-16 file is named as such, not reported as a syntax error), a key
written twice is an error (JSON parsers silently keep the last one), and nesting deeper than
:data:`MAX_DEPTH` is refused before parsing (thousands of brackets used to end in a
RecursionError traceback). Only a regular file is read: a named pipe would block the read
until something wrote to it (``takatof validate`` hung for ever), and a device may never end.
Media paths are held to the same rule before anything opens them.

Saving is atomic (write a temporary file in the same folder, then rename) and keeps the previous
file as ``NAME.bak``, so a crash mid-save never leaves a corrupted project.
"""

from __future__ import annotations

import codecs
import functools
import json
import os
import re
import shutil
import struct
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import campaign as bounds
from . import sheets, translations
from .atomic import atomic_path
from .campaign import SCHEMA_VERSION, Campaign, MediaItem
from .counts import apply_counts
from .filecache import per_file_version
from .languages import MAX_LANGUAGES
from .media import image_problem
from .output_checks import check_outputs
from .paths import natural_key
from .problems import (
    BROKEN_CHARACTER,
    Problem,
    ProjectError,
    file_kind,
    from_validation_error,
    json_path,
    json_syntax_message,
    model_at,
    shorten,
    suggest,
)


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 lets a photo be an object (``{"path", "duration_s", "motion", "focus"}``);
    every version 1 file is already valid version 2, so only the version number changes (which
    :func:`migrate` writes). Saved again, the file says 2, and a Takatof that knows only
    version 1 refuses it with "update Takatof" instead of choking on an object photo."""
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 lets a campaign declare its ``languages`` and each output choose its own.
    A version 2 campaign is in Arabic and English, which is what a file without
    ``languages`` means; its data is valid version 3 unchanged, and it is saved without a
    ``languages`` key (the default), so a round trip changes only the version number."""
    return data


# Migrations turn a file of version N into version N+1 (plain dicts, before validation).
# Add one here with each schema change; loading runs them in order.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}

MAX_DEPTH = 32
"""The deepest nesting of lists and objects a project file may have. A valid file needs 5
(``people[0].clips[0]``); the bound stops a file of thousands of brackets before the JSON
parser and pydantic recurse into it."""

MAX_INT_DIGITS = 1000
"""The longest whole number (in digits) the parser turns into an int; no field takes more
than 13. Python itself refuses more than 4,300 with a ValueError."""

MAX_FILE_BYTES = 64 * 2**20
"""The largest project file read: every bound of the schema at once stays far below this."""


@dataclass(frozen=True)
class Names:
    """The template and preset ids a project may use, given by the layers that own them."""

    templates: Collection[str] = ()
    presets: Collection[str] = ()
    video_templates: Collection[str] = ()
    video_presets: Collection[str] = ()
    layouts: Collection[str] = ()  # the card layouts
    carousel_presets: Collection[str] = ()
    group_templates: Collection[str] = ()  # the card templates that feature chosen subjects
    slide_limits: Mapping[str, tuple[int, str]] = field(default_factory=dict)  # preset: (limit, whose)
    template_scopes: Mapping[str, str] = field(default_factory=dict)  # card template: whom it draws


@dataclass
class Project:
    """A loaded campaign plus where it lives, which is what media paths are relative to."""

    campaign: Campaign
    path: Path
    allow_outside: bool = False
    _root: Path = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._root = self.path.resolve().parent

    @property
    def root(self) -> Path:
        return self._root

    def resolve(self, media: str | MediaItem) -> Path:
        """The absolute path of a media file written in the project (relative to the file); a
        photo item resolves to its ``path`` (templates pass ``person.media`` items as they are)."""
        written = media.path if isinstance(media, MediaItem) else media
        return (self._root / written).resolve()


def migrate(data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Bring an older file up to :data:`SCHEMA_VERSION`; refuse a newer one with advice."""
    version = data.get("schema_version", 1)  # files from before versioning are version 1
    if not isinstance(version, int) or isinstance(version, bool):
        return data, [Problem("schema_version", f"should be a whole number, got {version!r}")]
    if version > SCHEMA_VERSION:
        return data, [
            Problem(
                "schema_version",
                f"this file is version {version}, newer than this Takatof understands "
                f"({SCHEMA_VERSION}); update Takatof",
            )
        ]
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            return data, [Problem("schema_version", f"no migration from version {version}")]
        data = step(data)
        version += 1
        data["schema_version"] = version
    return data, []


def decode(raw: bytes) -> tuple[str | None, list[Problem]]:
    """The text of a project file, which must be UTF-8 (a byte-order mark from a Windows
    editor is fine). UTF-16 and UTF-32 are recognised, with or without their mark, so the
    message says what to do instead of pointing at a "syntax error" on line 1."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None, [_not_utf8("it is UTF-32")]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [_not_utf8("it is UTF-16")]
    sample = raw[:4096]
    if b"\0" in sample:
        # NUL never appears in JSON text; a quarter of the bytes or more is a 16-bit encoding
        # (every ASCII character gets a zero byte), three quarters a 32-bit one.
        share = sample.count(0) / len(sample)
        if share >= 0.6:
            return None, [_not_utf8("it looks like UTF-32")]
        if share >= 0.25:
            return None, [_not_utf8("it looks like UTF-16")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [_not_utf8(f"byte 0x{raw[exc.start]:02x} on line {line} is from another encoding")]


def _not_utf8(why: str) -> Problem:
    return Problem("", f"not UTF-8 text ({why}); save the file as UTF-8")


def parse_json(text: str) -> tuple[Any, list[Problem]]:
    """Parse JSON, turning a syntax error into a problem with line and column.

    Returns the data (or None when the text cannot be read as JSON at all) and the problems
    found. Nesting beyond :data:`MAX_DEPTH` and integers beyond :data:`MAX_INT_DIGITS` are
    refused before parsing. A key written twice and a key holding a lone surrogate (a broken
    ``\\u`` escape) are problems too, but the data is still returned so validation can
    report everything else in the same pass."""
    problems = _scan(text)
    if problems:
        return None, problems
    repeats: list[tuple[dict[str, Any], dict[str, int]]] = []
    try:
        data = json.loads(text, object_pairs_hook=lambda pairs: _object(pairs, repeats))
    except json.JSONDecodeError as exc:
        return None, [Problem("", json_syntax_message(exc))]
    except (ValueError, RecursionError) as exc:  # a limit _scan should have caught first
        return None, [Problem("", f"cannot read this JSON: {shorten(str(exc), 200)}")]
    return data, _walk(data, repeats)


# A string (to its closing quote, or to the end of an unterminated one), a bracket, or an
# integer literal too long to parse (not the digits of a fraction or an exponent).
_TOKEN = re.compile(
    r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"?'
    r"|[\[\]{}]"
    r"|(?<![\d.eE+\-])-?\d{" + str(MAX_INT_DIGITS + 1) + r",}(?![\d.eE])"
)


def _scan(text: str) -> list[Problem]:
    """Refuse what would break the parser, in one pass without recursion: nesting deeper than
    :data:`MAX_DEPTH` and absurdly long integers. Brackets and digits inside strings are
    skipped."""
    depth = 0
    for token in _TOKEN.finditer(text):
        first = text[token.start()]
        if first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return [
                    Problem(
                        "",
                        f"nested deeper than {MAX_DEPTH} levels at {_where(text, token.start())}; "
                        "a project file needs only a few (look for runaway brackets)",
                    )
                ]
        elif first in "]}":
            depth = max(0, depth - 1)
        elif first != '"':
            digits = token.end() - token.start() - (first == "-")
            return [
                Problem(
                    "",
                    f"a number with {digits} digits at {_where(text, token.start())}; "
                    "no value in a project file needs more than 13",
                )
            ]
    return []


def _where(text: str, pos: int) -> str:
    """``line L, column C`` of a position, counted as the JSON parser counts them."""
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def _object(
    pairs: list[tuple[str, Any]], repeats: list[tuple[dict[str, Any], dict[str, int]]]
) -> dict[str, Any]:
    """A JSON object as a dict (the last of repeated keys wins, as in plain ``json``), noting
    the keys written more than once. The object's place is not known yet (parsing is bottom
    up), so the object itself is kept and found again by :func:`_walk`."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        counts: dict[str, int] = {}
        for key, _ in pairs:
            counts[key] = counts.get(key, 0) + 1
        repeats.append((obj, {key: n for key, n in counts.items() if n > 1}))
    return obj


_SURROGATE = re.compile("[\ud800-\udfff]")


def _walk(data: Any, repeats: list[tuple[dict[str, Any], dict[str, int]]]) -> list[Problem]:
    """Problems only the parsed tree shows, with their JSON paths: keys written twice, and
    keys holding a lone surrogate (pydantic refuses such text, but for a key it can only
    name the object around it). Iterative, so no depth of nesting can exhaust the stack."""
    repeated = {id(obj): keys for obj, keys in repeats}  # `repeats` keeps each obj alive
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, dict):
            for key, times in repeated.get(id(value), {}).items():
                count = "twice" if times == 2 else f"{times} times"
                problems.append(Problem(json_path(loc), f"key {shorten(key)!r} appears {count}; keep one"))
            for key, item in value.items():
                if _SURROGATE.search(key):
                    problems.append(Problem(json_path((*loc, key)), BROKEN_CHARACTER))
                stack.append((item, (*loc, key)))
        elif isinstance(value, list):
            stack.extend((item, (*loc, i)) for i, item in enumerate(value))
    return sorted(problems, key=lambda p: natural_key(p.path))


def check_project(
    data: dict[str, Any], root: Path, names: Names, allow_outside: bool = False, decode: bool = True
) -> list[Problem]:
    """Cross-field checks that types cannot express, run on the raw data so they are
    reported even when other parts of the file fail type validation."""
    problems: list[Problem] = []
    people = _list(data.get("people"), bounds.MAX_PEOPLE)
    spotlights = _list(data.get("spotlights"), bounds.MAX_SPOTLIGHTS)
    problems += _duplicate_ids(people, "people")
    problems += _duplicate_ids(spotlights, "spotlights")
    person_ids = [p["id"] for p in people if isinstance(p, dict) and isinstance(p.get("id"), str)]
    for i, spot in enumerate(spotlights):
        ref = spot.get("person") if isinstance(spot, dict) else None
        if isinstance(ref, str) and ref not in person_ids:
            problems.append(Problem(f"spotlights[{i}].person", _unknown("person", ref, person_ids)))
    outputs = data.get("outputs")
    for section, templates, presets in (
        ("cards", names.templates, names.presets),
        ("videos", names.video_templates, names.video_presets),
    ):
        entries = _list(outputs.get(section), bounds.MAX_OUTPUTS) if isinstance(outputs, dict) else []
        problems += _check_outputs(entries, f"outputs.{section}", templates, presets)
        if section == "cards":
            problems += _check_layouts(entries, names.layouts)
    problems += check_outputs(data, _unknown, names)
    for where, media, kind in all_media(data):
        if len(media) > bounds.PATH_CHARS or "\0" in media:
            continue  # refused by type validation; the file system would refuse it with an error
        try:
            problem = _check_media(media, root, allow_outside, kind, decode)
        except (OSError, ValueError) as exc:  # e.g. a name too long for the file system
            problem = f"cannot look for {shorten(media)!r}: {getattr(exc, 'strerror', None) or exc}"
        if problem:
            problems.append(Problem(where, problem))
    return problems


def _check_layouts(entries: list[Any], layouts: Collection[str]) -> list[Problem]:
    """A card output's ``layout`` names one of the layouts every card template offers."""
    return [
        Problem(f"outputs.cards[{i}].layout", _unknown("layout", entry["layout"], layouts))
        for i, entry in enumerate(entries)
        if isinstance(entry, dict) and isinstance(entry.get("layout"), str) and layouts
        if entry["layout"] not in layouts
    ]


def _check_outputs(
    entries: list[Any], where: str, templates: Collection[str], presets: Collection[str]
) -> list[Problem]:
    problems = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        template = entry.get("template")
        if templates and isinstance(template, str) and template not in templates:
            problems.append(Problem(f"{where}[{i}].template", _unknown("template", template, templates)))
        for j, preset in enumerate(_list(entry.get("presets"), bounds.MAX_PRESETS)):
            if presets and isinstance(preset, str) and preset not in presets:
                problems.append(Problem(f"{where}[{i}].presets[{j}]", _unknown("preset", preset, presets)))
    return problems


def all_media(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """Every (JSON path, path as written, kind) of a file the project names; kind is image,
    video, audio, captions or font (a brand font file). A list longer than the schema allows is already refused, so
    only as many entries as it allows are looked at (not millions of files checked)."""
    brand = data.get("brand")
    for key in ("logo", "logo_light", "logo_dark"):
        if isinstance(brand, dict) and isinstance(brand.get(key), str):
            yield f"brand.{key}", brand[key], "image"
    partners = brand.get("partners") if isinstance(brand, dict) else None
    for i, partner in enumerate(_list(partners, bounds.MAX_PARTNERS)):
        if isinstance(partner, dict) and isinstance(partner.get("file"), str):
            yield f"brand.partners[{i}].file", partner["file"], "image"
    fonts = brand.get("fonts") if isinstance(brand, dict) else None
    for role in ("heading", "body"):
        font = fonts.get(role) if isinstance(fonts, dict) else None
        for face in ("file", "bold"):
            if isinstance(font, dict) and isinstance(font.get(face), str):
                yield f"brand.fonts.{role}.{face}", font[face], "font"
    video = data.get("video")
    if isinstance(video, dict) and isinstance(video.get("music"), str):
        yield "video.music", video["music"], "audio"
    for i, person in enumerate(_list(data.get("people"), bounds.MAX_PEOPLE)):
        if not isinstance(person, dict):
            continue
        for j, media in enumerate(_list(person.get("media"), bounds.MAX_MEDIA)):
            # A photo is a plain path or an object holding one (version 2).
            if isinstance(media, str):
                yield f"people[{i}].media[{j}]", media, "image"
            elif isinstance(media, dict) and isinstance(media.get("path"), str):
                yield f"people[{i}].media[{j}].path", media["path"], "image"
        for j, clip in enumerate(_list(person.get("clips"), bounds.MAX_CLIPS)):
            if isinstance(clip, dict) and isinstance(clip.get("path"), str):
                yield f"people[{i}].clips[{j}].path", clip["path"], "video"
            if isinstance(clip, dict):
                yield from _caption_files(f"people[{i}].clips[{j}].captions", clip.get("captions"))
        if isinstance(person.get("voiceover"), str):
            yield f"people[{i}].voiceover", person["voiceover"], "audio"
        yield from _caption_files(f"people[{i}].voiceover_captions", person.get("voiceover_captions"))
        yield from _caption_files(f"people[{i}].captions", person.get("captions"))
    for i, spot in enumerate(_list(data.get("spotlights"), bounds.MAX_SPOTLIGHTS)):
        if isinstance(spot, dict) and isinstance(spot.get("image"), str):
            yield f"spotlights[{i}].image", spot["image"], "image"
    outputs = data.get("outputs")
    films = outputs.get("films") if isinstance(outputs, dict) else None
    for i, film in enumerate(_list(films, bounds.MAX_OUTPUTS)):  # a campaign film's own footage
        for j, clip in enumerate(
            _list(film.get("clips") if isinstance(film, dict) else None, bounds.MAX_CLIPS)
        ):
            if isinstance(clip, dict) and isinstance(clip.get("path"), str):
                yield f"outputs.films[{i}].clips[{j}].path", clip["path"], "video"
            if isinstance(clip, dict):
                yield from _caption_files(f"outputs.films[{i}].clips[{j}].captions", clip.get("captions"))
    goal = data.get("goal")
    counts_files = goal.get("counts") if isinstance(goal, dict) else None
    for i, counts in enumerate(_list(counts_files, bounds.MAX_COUNT_FILES)):
        if isinstance(counts, str):
            yield f"goal.counts[{i}]", counts, "counts"


def _caption_files(where: str, captions: object) -> Iterator[tuple[str, str, str]]:
    """The caption files of one object keyed by language (a person's, a clip's, a
    voice-over's), each at its JSON path (``people[0].clips[1].captions.ar``)."""
    if isinstance(captions, dict):  # a file per language, any of the campaign's
        for lang, path in list(captions.items())[:MAX_LANGUAGES]:
            if isinstance(lang, str) and isinstance(path, str):
                yield f"{where}.{lang}", path, "captions"


_MEDIA_FILE = {
    "image": "a photo or image file",
    "video": "a video file",
    "audio": "a sound file",
    "captions": "a captions file (.srt or .vtt)",
    "font": "a font file (.ttf, .otf or .ttc)",
    "counts": "a CSV file of interaction counts (a platform's insights export)",
}


def _check_media(
    media: str, root: Path, allow_outside: bool, kind: str = "image", decode: bool = True
) -> str | None:
    """Where the file is and whether it can be read; images are also decoded here, in full and
    within the size limit, by the same code that draws them (:mod:`takatof.model.media`), so an
    image that passes cannot fail the render. Audio and video are decoded by the renderer's
    checks (``takatof validate`` runs those too)."""
    if not media:
        return None  # reported as an empty string by type validation
    path = (root / media).resolve()
    where = locate(path, root, allow_outside)
    if where == "outside":
        return (
            f"{media!r} is outside the project folder; move it inside {str(root)!r} "
            "or allow outside media (--allow-outside-media)"
        )
    if where == "missing":
        return f"file not found: {media!r} (looked for {str(path)!r})"
    if where == "a folder":
        return f"{media!r} is a folder, not a file"
    if where == "unreadable":
        return f"{media!r} cannot be read; check its permissions"
    if where:
        return f"{media!r} is not a regular file ({where}); give {_MEDIA_FILE[kind]}"
    if kind == "font":
        return font_problem(path, media)
    if kind != "image" or not decode:
        return None
    return image_problem(path, media)


def font_problem(path: Path, written: str) -> str | None:
    """Why the file at ``path`` cannot draw text, or None: it must open as a font (TrueType,
    OpenType or a collection, whose first face is used) with a character map, read the way the
    renderer reads it. Cached per file version, so the Studio's checks on every edit stay cheap."""
    return _font_problem(path, written)


@per_file_version(maxsize=64)
def _font_problem(path: Path, written: str) -> str | None:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap()
    except (TTLibError, OSError, ValueError, KeyError, AssertionError, struct.error) as exc:
        reason = str(exc).strip() or type(exc).__name__
        return f"{shorten(written)!r} is not a font file this program can read ({shorten(reason, 80)}); give a .ttf, .otf or .ttc font"
    if not cmap:
        return f"{shorten(written)!r} has no character map (no letters to draw); give a text font"
    return None


def locate(path: Path, root: Path, allow_outside: bool) -> str | None:
    """What a look at the folder finds wrong with the media file at ``path`` (resolved), with
    no reading: ``"outside"`` the project folder ``root``, ``"missing"``, ``"unreadable"``,
    or what it is when not a regular file (``"a folder"``, ``"a named pipe"``...); None when
    it is a readable file. The one check behind validation's messages and the Studio's
    on-every-keystroke ones. Raises OSError (or ValueError) when the path cannot be looked at."""
    if not allow_outside and not path.is_relative_to(root.resolve()):
        return "outside"
    if not path.exists():
        return "missing"
    # Never opened unless regular: opening a named pipe blocks until something writes to it.
    what = file_kind(path.stat().st_mode)
    if what:
        return what
    return None if os.access(path, os.R_OK) else "unreadable"


def _list(value: Any, limit: int | None = None) -> list[Any]:
    """``value`` if it is a list (its first ``limit`` items), else an empty list."""
    return (value if limit is None else value[:limit]) if isinstance(value, list) else []


def _duplicate_ids(items: list[Any], where: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(
                Problem(
                    f"{where}[{i}].id",
                    f"{shorten(ident)!r} is already used by {where}[{seen[ident]}]; ids must be unique",
                )
            )
        else:
            seen[ident] = i
    return problems


def _unknown(kind: str, name: str, known: Collection[str]) -> str:
    shown = shorten(name)
    if not known:
        return f"unknown {kind} {shown!r}; there is no {kind} to refer to"
    hint = suggest(name, known) if len(name) <= bounds.NAME_CHARS else None
    listing = ", ".join(sorted(set(known)))
    if hint:
        return f"unknown {kind} {shown!r}; did you mean {hint!r}? (known: {listing})"
    return f"unknown {kind} {shown!r}; use one of: {listing}"


def validate_data(
    data: Any, root: Path, names: Names = Names(), allow_outside: bool = False
) -> tuple[Campaign | None, list[Problem]]:
    """Validate parsed JSON: the campaign when valid, and every problem found."""
    campaign, problems = _validate(data, root, names, allow_outside)
    return (campaign if not problems else None), problems


def _validate(
    data: Any, root: Path, names: Names, allow_outside: bool, decode: bool = True
) -> tuple[Campaign | None, list[Problem]]:
    """The campaign whenever the model can be built, even with other problems (missing media,
    unknown names), and every problem found."""
    checked = _check(data, root, names, allow_outside, decode)
    return checked.campaign, checked.problems


@dataclass
class _Checked:
    """One validation's findings: the campaign (None when the model cannot be built), every
    problem, the data as validated (sheets expanded) and where each sheet row came from."""

    campaign: Campaign | None
    problems: list[Problem]
    data: dict[str, Any] = field(default_factory=dict)
    origins: sheets.Origins = field(default_factory=sheets.Origins)
    version_ok: bool = True


def _check(data: Any, root: Path, names: Names, allow_outside: bool, decode: bool = True) -> _Checked:
    if not isinstance(data, dict):
        return _Checked(None, [Problem("", "the project file must hold one JSON object { ... }")])
    data, problems = migrate(dict(data))
    version = data.get("schema_version", SCHEMA_VERSION)
    if problems and isinstance(version, int) and not isinstance(version, bool):
        # Newer than this Takatof, or no way to migrate: its data cannot be read as this version.
        return _Checked(None, problems, version_ok=False)
    if problems:  # a version that is not a number: said once, and the rest is checked as current
        data = {**data, "schema_version": SCHEMA_VERSION}
    sources = {k: v for k, v in data.items() if k in sheets.SECTIONS and sheets.is_sheet_source(v)}
    data, origins, more = sheets.expand(data, root)
    problems += more
    found: list[Problem] = []
    campaign = None
    try:
        campaign = Campaign.model_validate(data).with_sources(sources)
    except ValidationError as exc:
        found += from_validation_error(exc, Campaign)
    else:
        found += translations.problems(campaign)
        # The goal's current value is the sum of its counts files: every output sees it.
        campaign, counted = apply_counts(campaign, lambda rel: (root / rel).resolve())
        found += counted
    found += check_project(data, root, names, allow_outside, decode)
    problems += [origins.locate(p) for p in found if not origins.already_reported(p)]
    # Drop repeats, keep the order found.
    return _Checked(campaign, list(dict.fromkeys(problems)), data, origins)


def stand_in(data: dict[str, Any]) -> tuple[Campaign, list[str]] | None:
    """A campaign to run the checks that need a whole one (characters no font has, photos too
    small for a video) when ``data`` fails type validation, and the JSON paths of the values
    it stands in for, whose checks are left out (their own problem is already reported).

    One wrong value must not hide every other problem of the file: a wrong type at
    ``people[1].members`` used to stop ``takatof validate`` before the font and video checks
    of every person. Each value validation refuses is taken out where the model has a default
    for it, and otherwise replaced by the value at the same place in the bundled example
    (an id made unique), so every index stays where the file has it and every other value is
    checked as written. None when no such campaign can be made; the checks are then skipped,
    as before. Never saved, never rendered: only for finding problems."""
    example = _example_data()
    if example is None:
        return None
    work = json.loads(json.dumps(data))  # a deep copy of plain JSON data
    replaced: list[tuple[str | int, ...]] = []
    for _ in range(8):  # a replacement can reveal a problem one level down; a few rounds suffice
        try:
            campaign = Campaign.model_validate(work)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        else:
            return _without_stand_in_outputs(campaign, replaced), [json_path(p) for p in replaced]
        changed = False
        for error in errors:
            where = _repair(work, tuple(error["loc"]), error["type"], example, len(replaced))
            if where is not None:
                replaced.append(where)
                changed = True
        if not changed:
            return None
    return None


def _without_stand_in_outputs(campaign: Campaign, replaced: list[tuple[str | int, ...]]) -> Campaign:
    """``campaign`` without the outputs a stand-in value went into: the example's presets are
    not the file's, and a photo is checked only for the video shapes the file asks for.
    Nothing is reported at an output's own path from a stand-in, so no path moves."""
    whole: set[str] = set()
    entries: dict[str, set[int]] = {}
    for place in replaced:
        if place[:1] != ("outputs",):
            continue
        if len(place) == 1:
            whole |= {"cards", "videos"}
        elif len(place) == 2 or not isinstance(place[2], int):
            whole.add(str(place[1]))
        else:
            entries.setdefault(str(place[1]), set()).add(place[2])
    for section in ("cards", "videos"):
        if section in whole:
            setattr(campaign.outputs, section, [])
        elif section in entries:
            listed = getattr(campaign.outputs, section)
            setattr(campaign.outputs, section, [o for i, o in enumerate(listed) if i not in entries[section]])
    return campaign


def _repair(
    data: dict[str, Any], loc: tuple[str | int, ...], kind: str, example: dict[str, Any], serial: int
) -> tuple[str | int, ...] | None:
    """Take out or replace the value at ``loc`` (or the nearest place above it that can be);
    the place changed, or None."""
    if kind == "extra_forbidden":
        parent = _at(data, loc[:-1])
        if isinstance(parent, dict) and loc[-1] in parent:
            del parent[loc[-1]]
            return loc
        return None
    for depth in range(len(loc), 0, -1):
        place = loc[:depth]
        parent = _at(data, place[:-1])
        key = place[-1]
        if isinstance(key, str) and isinstance(parent, dict):
            owner = model_at(Campaign, tuple(p for p in place[:-1]))
            info = _field(owner, key) if owner is not None else None
            if info is None:
                continue
            if not info.is_required():
                parent.pop(key, None)
                return place
        elif not (isinstance(key, int) and isinstance(parent, list) and key < len(parent)):
            continue
        found, value = _example_at(example, place)
        if not found:
            continue
        if key == "id" and isinstance(value, str):
            value = f"{value}-{serial}-stand-in"
        elif isinstance(value, dict) and isinstance(value.get("id"), str):
            value = {**value, "id": f"{value['id']}-{serial}-stand-in"}
        parent[key] = value
        return place
    return None


def _field(model: Any, key: str) -> Any:
    fields = model.model_fields
    return fields.get(key) or next((f for f in fields.values() if f.alias == key), None)


def _at(data: Any, loc: tuple[str | int, ...]) -> Any:
    """The value at ``loc`` in plain JSON data, or None."""
    for part in loc:
        in_list = isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data)
        if not (in_list or (isinstance(data, dict) and part in data)):
            return None
        data = data[part]
    return data


def _example_at(example: Any, loc: tuple[str | int, ...]) -> tuple[bool, Any]:
    """The example's value at the place ``loc`` names, any item of each list standing for the
    file's (the first that has the rest of the path); a deep copy."""
    if not loc:
        return True, json.loads(json.dumps(example))
    part, rest = loc[0], loc[1:]
    if isinstance(part, int):
        for item in example if isinstance(example, list) else []:
            found, value = _example_at(item, rest)
            if found:
                return found, value
        return False, None
    if isinstance(example, dict) and part in example:
        return _example_at(example[part], rest)
    return False, None


@functools.cache
def _example_json() -> str | None:
    from .examples import example_project

    try:
        return example_project().read_text(encoding="utf-8")
    except OSError:
        return None


def _example_data() -> dict[str, Any] | None:
    text = _example_json()
    data = json.loads(text) if text else None
    return data if isinstance(data, dict) else None


_NOT_REGULAR = {"a folder": "this is a folder; give the project's .json file"}


class _NotRegular(Exception):
    """The project path names something other than a regular file; the message says what."""


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file, at most one past :data:`MAX_FILE_BYTES` (a huge file is
    refused without being read into memory).

    Anything else is refused before reading: a named pipe would block the read until some
    other program writes to it (``takatof validate`` hung for ever), and a device may never
    end. It is checked twice: ``stat`` before opening, so a pipe or device is never opened
    at all, and ``fstat`` of what was opened, non-blocking, in case the path was replaced in
    between (a pipe opened without O_NONBLOCK blocks in the open itself)."""
    what = file_kind(os.stat(path).st_mode)
    if what:
        raise _NotRegular(_not_regular(what))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        what = file_kind(os.fstat(fd).st_mode)
        if what:
            raise _NotRegular(_not_regular(what))
        return handle.read(MAX_FILE_BYTES + 1)


def _not_regular(what: str) -> str:
    return _NOT_REGULAR.get(what) or f"not a regular file ({what}); give the project's .json file"


def _read(path: Path) -> tuple[Any, list[Problem]]:
    """The parsed JSON of a project file and the problems the parse found (keys written
    twice...); raise :class:`ProjectError` when the file cannot be read as JSON at all."""
    source = str(path)
    try:
        raw = _read_regular(path)
    except _NotRegular as exc:
        raise ProjectError(source, [Problem("", str(exc))]) from None
    except FileNotFoundError:
        raise ProjectError(source, [Problem("", "file not found; check the path")]) from None
    except IsADirectoryError:
        raise ProjectError(source, [Problem("", _NOT_REGULAR["a folder"])]) from None
    except OSError as exc:
        raise ProjectError(source, [Problem("", f"cannot read the file: {exc.strerror}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        message = (
            f"the file is larger than {MAX_FILE_BYTES / 2**20:,.0f} MB, more than any project "
            "file needs; is this the right file?"
        )
        raise ProjectError(source, [Problem("", message)])
    text, problems = decode(raw)
    if text is None:
        raise ProjectError(source, problems)
    data, problems = parse_json(text)
    if data is None and problems:  # (a file holding just `null` is reported by validation)
        raise ProjectError(source, problems)
    return data, problems


def load_project(
    path: str | os.PathLike[str], names: Names = Names(), allow_outside: bool = False
) -> Project:
    """Load and validate a project file; raise :class:`ProjectError` listing every problem."""
    path = Path(path)
    data, problems = _read(path)
    campaign, more = _validate(data, path.resolve().parent, names, allow_outside)
    problems = list(dict.fromkeys(problems + more))
    if problems or campaign is None:
        raise ProjectError(str(path), problems)
    return Project(campaign, path, allow_outside)


def load_for_editing(
    path: str | os.PathLike[str], names: Names = Names(), allow_outside: bool = False, decode: bool = True
) -> tuple[Project, list[Problem]]:
    """Load a project file for the desktop app: the project *and* its problems whenever the
    campaign itself can be built. A file whose photo went missing or that names a preset
    this version lacks must open, so the person can fix it in the editor with the problems
    shown beside the fields; a render still refuses it (:func:`load_project`). Raises
    :class:`ProjectError` only when there is no campaign to edit: unreadable JSON, wrong
    types, missing fields, a newer schema version.

    ``decode=False`` checks that media files are there and readable without decoding the
    images: a render decodes each one when an output that uses it is drawn (an unchanged
    output whose key matched needs no second look at bytes that have not changed)."""
    path = Path(path)
    data, problems = _read(path)
    campaign, more = _validate(data, path.resolve().parent, names, allow_outside, decode)
    problems = list(dict.fromkeys(problems + more))
    if campaign is None:
        raise ProjectError(str(path), problems)
    return Project(campaign, path, allow_outside), problems


@dataclass
class Checkable:
    """A project to run every check on, and what its load found (:func:`load_for_checking`)."""

    project: Project
    problems: list[Problem]
    stand_ins: list[str]
    """JSON paths whose values the campaign stands in for (:func:`stand_in`): empty when the
    campaign is the file's own. Checks at these paths are not reported, and such a project
    must never be saved or rendered."""
    origins: sheets.Origins
    """Where the rows of sheet-sourced sections came from, to tell a problem in their terms."""


def load_for_checking(
    path: str | os.PathLike[str], names: Names = Names(), allow_outside: bool = False
) -> Checkable:
    """Load a project file to find every problem in it, for ``takatof validate``: like
    :func:`load_for_editing`, but a file whose values fail type validation still gives a
    project to check, built by :func:`stand_in`, so a wrong number in one place does not hide
    a missing font character or a too-small photo in another. Raises :class:`ProjectError`
    only when there is nothing to check at all (unreadable JSON, not an object, a newer
    schema version)."""
    path = Path(path)
    data, problems = _read(path)
    checked = _check(data, path.resolve().parent, names, allow_outside)
    problems = list(dict.fromkeys(problems + checked.problems))
    campaign: Campaign | None = checked.campaign
    replaced: list[str] = []
    if campaign is None and checked.version_ok and checked.data:
        made = stand_in(checked.data)
        if made is not None:
            campaign, replaced = made
    if campaign is None:
        raise ProjectError(str(path), problems)
    # A section whose sheet could not be read at all (``people.from``: file not found) is no
    # list of its own: an empty one stands in for it (a campaign may have no people yet).
    unread = [p.path.removesuffix(".from") for p in problems if p.path.endswith(".from")]
    replaced += [section for section in dict.fromkeys(unread) if section not in replaced]
    return Checkable(Project(campaign, path, allow_outside), problems, replaced, checked.origins)


def dumps(campaign: Campaign) -> str:
    """The canonical text of a project file: what :func:`save_project` writes. Fields the
    file never set stay out (a saved file keeps its own shape), but ``schema_version`` is
    always written so a later Takatof knows which migrations the file needs."""
    data = campaign.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data.update(campaign.sources)  # a section read from a sheet is saved as its reference
    ordered = {key: data[key] for key in ("$schema",) if key in data}
    ordered["schema_version"] = campaign.schema_version
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def read_data(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A project file's own data, migrated to the current schema: what a load validates,
    before anything is computed from it (a goal's current value summed from its counts
    files), for a tool that edits the file itself. Raises :class:`ProjectError` when it is
    not a project file, as loading does."""
    data, problems = _read(Path(path))
    if not isinstance(data, dict):
        raise ProjectError(str(path), problems or [Problem("", "not a project file: no JSON object")])
    migrated, failed = migrate(data)
    if failed:
        raise ProjectError(str(path), failed)
    return migrated


def save_data(data: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write a project file's data as :func:`dumps` writes a campaign (two-space indents,
    UTF-8, a final newline), the way :func:`save_project` writes."""
    _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", Path(path))


def save_project(campaign: Campaign, path: str | os.PathLike[str]) -> None:
    """Write atomically (flushed to the disk before the rename), keeping the previous file as
    ``PATH.bak``."""
    _write(dumps(campaign), Path(path))


def _write(text: str, path: Path) -> None:
    """The one way a project file is written: atomically, flushed to the disk before the
    rename, keeping its permissions and the previous file as ``PATH.bak``."""
    # Keep the project's own permissions (a new file gets the usual 0666 less the umask), so a
    # shared project stays as readable by the team as it was.
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    with atomic_path(path, mode) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Copy, not move: the project file must exist at every instant.
            shutil.copy2(path, path.with_name(path.name + ".bak"))
