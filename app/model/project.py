"""Load, validate, migrate and save project files.

Loading collects *every* problem (JSON syntax, types, missing fields, unknown template or preset
names, media files) and raises one :class:`ProjectError` carrying them all, so a producer fixes a
file in one pass. The names of templates and presets are passed in by the caller: the model sits
at the bottom of the layering and knows neither registry.

Saving is atomic (write a temporary file in the same folder, then rename) and keeps the previous
file as ``NAME.bak``, so a crash mid-save never leaves a corrupted project.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.model.campaign import SCHEMA_VERSION, Campaign
from app.model.media import image_problem
from app.model.problems import Problem, ProjectError, from_validation_error, suggest

# Migrations turn a file of version N into version N+1 (plain dicts, before validation).
# Add one here with each schema change; loading runs them in order.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


@dataclass(frozen=True)
class Names:
    """The template and preset ids a project may use, given by the layers that own them."""

    templates: Collection[str] = ()
    presets: Collection[str] = ()
    video_templates: Collection[str] = ()
    video_presets: Collection[str] = ()


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

    def resolve(self, media: str) -> Path:
        """The absolute path of a media file written in the project (relative to the file)."""
        return (self._root / media).resolve()


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


def parse_json(text: str) -> tuple[Any, list[Problem]]:
    """Parse JSON, turning a syntax error into a problem with line and column."""
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        message = (
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; "
            "look for a missing comma, quote or bracket just before this point"
        )
        return None, [Problem("", message)]


def check_project(
    data: dict[str, Any], root: Path, names: Names, allow_outside: bool = False
) -> list[Problem]:
    """Cross-field checks that types cannot express, run on the raw data so they are
    reported even when other parts of the file fail type validation."""
    problems: list[Problem] = []
    people = _list(data.get("people"))
    problems += _duplicate_ids(people, "people")
    problems += _duplicate_ids(_list(data.get("spotlights")), "spotlights")
    person_ids = [p["id"] for p in people if isinstance(p, dict) and isinstance(p.get("id"), str)]
    for i, spot in enumerate(_list(data.get("spotlights"))):
        ref = spot.get("person") if isinstance(spot, dict) else None
        if isinstance(ref, str) and ref not in person_ids:
            problems.append(Problem(f"spotlights[{i}].person", _unknown("person", ref, person_ids)))
    outputs = data.get("outputs")
    for section, templates, presets in (
        ("cards", names.templates, names.presets),
        ("videos", names.video_templates, names.video_presets),
    ):
        entries = _list(outputs.get(section)) if isinstance(outputs, dict) else []
        problems += _check_outputs(entries, f"outputs.{section}", templates, presets)
    for where, media, kind in all_media(data):
        problem = _check_media(media, root, allow_outside, kind)
        if problem:
            problems.append(Problem(where, problem))
    return problems


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
        for j, preset in enumerate(_list(entry.get("presets"))):
            if presets and isinstance(preset, str) and preset not in presets:
                problems.append(Problem(f"{where}[{i}].presets[{j}]", _unknown("preset", preset, presets)))
    return problems


def media_fields(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every (JSON path, path as written) of an image file in raw project data."""
    yield from ((where, path) for where, path, kind in all_media(data) if kind == "image")


def all_media(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """Every (JSON path, path as written, kind) of a file the project names; kind is image,
    video, audio or captions."""
    brand = data.get("brand")
    if isinstance(brand, dict) and isinstance(brand.get("logo"), str):
        yield "brand.logo", brand["logo"], "image"
    video = data.get("video")
    if isinstance(video, dict) and isinstance(video.get("music"), str):
        yield "video.music", video["music"], "audio"
    for i, person in enumerate(_list(data.get("people"))):
        if not isinstance(person, dict):
            continue
        for j, media in enumerate(_list(person.get("media"))):
            if isinstance(media, str):
                yield f"people[{i}].media[{j}]", media, "image"
        for j, clip in enumerate(_list(person.get("clips"))):
            if isinstance(clip, dict) and isinstance(clip.get("path"), str):
                yield f"people[{i}].clips[{j}].path", clip["path"], "video"
        if isinstance(person.get("voiceover"), str):
            yield f"people[{i}].voiceover", person["voiceover"], "audio"
        captions = person.get("captions")
        for lang in ("ar", "en"):
            if isinstance(captions, dict) and isinstance(captions.get(lang), str):
                yield f"people[{i}].captions.{lang}", captions[lang], "captions"
    for i, spot in enumerate(_list(data.get("spotlights"))):
        if isinstance(spot, dict) and isinstance(spot.get("image"), str):
            yield f"spotlights[{i}].image", spot["image"], "image"


def _check_media(media: str, root: Path, allow_outside: bool, kind: str = "image") -> str | None:
    """Where the file is and whether it can be read; images are also decoded here, in full and
    within the size limit, by the same code that draws them (:mod:`app.model.media`), so an
    image that passes cannot fail the render. Audio and video are decoded by the renderer's
    checks (``takatof validate`` runs those too)."""
    if not media:
        return None  # reported as an empty string by type validation
    path = (root / media).resolve()
    if not allow_outside and not path.is_relative_to(root):
        return (
            f"{media!r} is outside the project folder; move it inside {str(root)!r} "
            "or allow outside media (--allow-outside-media)"
        )
    if not path.exists():
        return f"file not found: {media!r} (looked for {str(path)!r})"
    if not path.is_file():
        return f"{media!r} is a folder, not a file"
    if not os.access(path, os.R_OK):
        return f"{media!r} cannot be read; check its permissions"
    if kind != "image":
        return None
    return image_problem(path, media)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


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
                    f"{ident!r} is already used by {where}[{seen[ident]}]; ids must be unique",
                )
            )
        else:
            seen[ident] = i
    return problems


def _unknown(kind: str, name: str, known: Collection[str]) -> str:
    if not known:
        return f"unknown {kind} {name!r}; there is no {kind} to refer to"
    hint = suggest(name, known)
    listing = ", ".join(sorted(set(known)))
    if hint:
        return f"unknown {kind} {name!r}; did you mean {hint!r}? (known: {listing})"
    return f"unknown {kind} {name!r}; use one of: {listing}"


def validate_data(
    data: Any, root: Path, names: Names = Names(), allow_outside: bool = False
) -> tuple[Campaign | None, list[Problem]]:
    """Validate parsed JSON: the campaign when valid, and every problem found."""
    if not isinstance(data, dict):
        return None, [Problem("", "the project file must hold one JSON object { ... }")]
    data, problems = migrate(dict(data))
    if problems:
        return None, problems
    campaign = None
    try:
        campaign = Campaign.model_validate(data)
    except ValidationError as exc:
        problems += from_validation_error(exc, Campaign)
    problems += check_project(data, root, names, allow_outside)
    problems = list(dict.fromkeys(problems))  # drop repeats, keep the order found
    return (campaign if not problems else None), problems


def load_project(
    path: str | os.PathLike[str], names: Names = Names(), allow_outside: bool = False
) -> Project:
    """Load and validate a project file; raise :class:`ProjectError` listing every problem."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM from a Windows editor is fine
    except FileNotFoundError:
        raise ProjectError(source, [Problem("", "file not found; check the path")]) from None
    except IsADirectoryError:
        raise ProjectError(source, [Problem("", "this is a folder; give the project's .json file")]) from None
    except UnicodeDecodeError:
        raise ProjectError(source, [Problem("", "not UTF-8 text; save the file as UTF-8")]) from None
    except OSError as exc:
        raise ProjectError(source, [Problem("", f"cannot read the file: {exc.strerror}")]) from None
    data, problems = parse_json(text)
    if problems:
        raise ProjectError(source, problems)
    campaign, problems = validate_data(data, path.resolve().parent, names, allow_outside)
    if problems or campaign is None:
        raise ProjectError(source, problems)
    return Project(campaign, path, allow_outside)


def dumps(campaign: Campaign) -> str:
    """The canonical text of a project file: what :func:`save_project` writes. Fields the
    file never set stay out (a saved file keeps its own shape), but ``schema_version`` is
    always written so a later Takatof knows which migrations the file needs."""
    data = campaign.model_dump(mode="json", by_alias=True, exclude_unset=True)
    ordered = {key: data[key] for key in ("$schema",) if key in data}
    ordered["schema_version"] = campaign.schema_version
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def save_project(campaign: Campaign, path: str | os.PathLike[str]) -> None:
    """Write atomically, keeping the previous file as ``PATH.bak``."""
    path = Path(path)
    text = dumps(campaign)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates the file 0600; keep the project's own permissions (or the usual
        # ones for a new file) so a shared project stays readable by the team.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Copy, not move: the project file must exist at every instant.
            shutil.copy2(path, path.with_name(path.name + ".bak"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
