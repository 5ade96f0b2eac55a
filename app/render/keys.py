"""Output keys: a hash of everything that determines an output's bytes.

A render skips an output whose key is the one recorded in the manifest and whose file is on
disk, so re-rendering a campaign costs only what changed. Correctness comes first: the key
covers the code (every source file of the package, not just its version number, so a fix
re-renders what it affects), the template and preset, the project data the output reads, the
*content* of every media file and font it uses (a photo replaced under the same name
re-renders), and for videos the encoder settings.

What "the data an output reads" is, per scope:
- every output: the campaign's own fields (title, tagline, hashtags, call to action, brand,
  the goal's words and target) — brand colours and hashtags are on every card;
- the goal's value (``current``, summed from its counts files when it lists any, and an
  animation's ``start``) only for the templates that draw it (those that need a goal): the
  daily counts export changes the goal outputs and nothing else;
- a person's outputs: that person; a spotlight's card: the spotlight and its person;
- videos also: the video settings, the resolved encoding and the platform's limits (which,
  with the story's length, set the peak bitrate).
Other people, other spotlights and the list of outputs are left out, so editing one person's
quote re-renders exactly that person's outputs.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from stat import S_ISREG
from typing import Any

from ..model import Project
from ..model.filecache import per_file_version
from ..model.project import all_media
from ..templates import registry
from .fonts import fonts_dir
from .presets import get_preset

_CAMPAIGN_FIELDS = ("id", "title", "tagline", "call_to_action", "hashtags", "brand", "goal", "schema_version")
_BLOCK = 1 << 20
# The goal's fields that make its value: keyed only for the outputs that draw it (a new counts
# export changes ``current`` every day; the paths of the files say nothing their sum does not).
_GOAL_VALUE = ("current", "counts", "start")


def card_key(
    project: Project,
    template: str,
    preset: str,
    subject: str | None,
    languages: tuple[str, ...] = (),
    layout: str = "",
) -> str:
    """The key of one card (``subject``: a person or spotlight id, None for the campaign;
    ``languages``: those it prints; ``layout``: the layout it is drawn in)."""
    data = card_data(project, template, subject, languages, layout)
    return _digest("card", template, preset, data, _media(project, data))


def animated_key(
    project: Project,
    template: str,
    preset: str,
    subject: str | None,
    languages: tuple[str, ...],
    layout: str,
    animation: dict[str, Any],
    encoding: object,
) -> str:
    """The key of one animated card: its card's data, where its counters start, how it moves
    (``animation``: its length and formats) and the encoding. The MP4 and its GIF/WebP
    variants are made together and share it."""
    data = card_data(project, template, subject, languages, layout)
    goal = project.campaign.goal
    if goal is not None and reads_goal(project, template):
        data["goal_start"] = goal.start
    data["animation"] = animation
    data["encoding"] = repr(encoding)
    return _digest("animated", template, preset, data, _media(project, data))


def reads_goal(project: Project, template: str) -> bool:
    """Whether ``template`` draws the goal's value: it says so (a ``reads_goal`` class
    attribute of its parameters), or it needs a goal to be made at all (the goal card)."""
    params = registry.get(template).params
    declared = getattr(params, "reads_goal", None)
    if isinstance(declared, bool):
        return declared
    return not params.applies(project.campaign.model_copy(update={"goal": None}))


def card_data(
    project: Project, template: str, subject: str | None, languages: tuple[str, ...], layout: str
) -> dict[str, Any]:
    """The project data a card reads (see the module's docstring)."""
    data = _campaign(project)
    goal = project.campaign.goal
    if goal is not None and reads_goal(project, template):
        data["goal_current"] = goal.current
    data["output_languages"] = list(languages)
    if layout:
        data["layout"] = layout
    people, spots = _by_id(project, "people"), _by_id(project, "spotlights")
    scope = registry.get(template).scope  # ids are unique per list: a spotlight may share a person's
    if scope == "person" and subject in people:
        data["person"] = people[subject]
    elif scope == "spotlight" and subject in spots:
        data["spotlight"] = spots[subject]
        owner = spots[subject].get("person")
        if isinstance(owner, str) and owner in people:
            data["person"] = people[owner]
    return data


def video_key(
    project: Project,
    template: str,
    preset: str,
    person: str,
    encoding: object,
    languages: tuple[str, ...] = (),
) -> str:
    """The key of one video (its caption files are made with it and share it)."""
    data = _campaign(project)
    data["output_languages"] = list(languages)
    data["person"] = _by_id(project, "people").get(person)
    data["video"] = project.campaign.video.model_dump(mode="json", by_alias=True)
    data["encoding"] = repr(encoding)
    # The platform's limits set the peak bitrate (with the story's length, keyed above): a
    # changed limit re-encodes, even where it is not written in this package's code.
    try:
        limits = get_preset(preset).video
    except KeyError:  # an unknown preset: its output fails, with or without a key
        limits = None
    data["limits"] = [limits.max_bytes, limits.max_s] if limits is not None else None
    return _digest("video", template, preset, data, _media(project, data))


def _campaign(project: Project) -> dict[str, Any]:
    dump = project.campaign.model_dump(mode="json", by_alias=True)
    data = {k: dump.get(k) for k in _CAMPAIGN_FIELDS}
    goal = data.get("goal")
    if isinstance(goal, dict):
        data["goal"] = {k: v for k, v in goal.items() if k not in _GOAL_VALUE}
    return data


def _by_id(project: Project, section: str) -> dict[str, Any]:
    dump = project.campaign.model_dump(mode="json", by_alias=True)
    return {item["id"]: item for item in dump.get(section, []) if isinstance(item, dict)}


def _media(project: Project, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(path as written, content hash) of every file the keyed data names."""
    shaped = {
        "brand": data.get("brand"),
        "video": data.get("video"),
        "people": [data["person"]] if data.get("person") else [],
        "spotlights": [data["spotlight"]] if data.get("spotlight") else [],
    }
    out = []
    for _, written, _ in all_media(shaped):
        out.append((written, file_hash(project.resolve(written))))
    return sorted(set(out))


def _digest(kind: str, template: str, preset: str, data: dict[str, Any], media: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for part in (code_hash(), fonts_hash(), kind, template, preset):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())
    digest.update(json.dumps(media).encode())
    return digest.hexdigest()[:32]


def file_hash(path: Path) -> str:
    """The content hash of a file (cached per path, size and modification time within a
    process; a missing file hashes as such, and its output fails anyway)."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    if not S_ISREG(stat.st_mode):
        return "not a regular file"  # a named pipe would block the read for ever
    return _file_hash(path)


@per_file_version(maxsize=4096)
def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


@functools.cache
def code_hash() -> str:
    """Every source file of the code that reads projects, lays out and draws: any change
    there re-renders (a version number alone would miss a fix made between releases)."""
    root = Path(__file__).resolve().parents[1]
    parts = ("model", "templates", "render")  # the Studio's and the CLI's code draw nothing
    return _tree_hash(sorted(p for part in parts for p in (root / part).rglob("*.py")))


@functools.cache
def fonts_hash() -> str:
    return _tree_hash(sorted(fonts_dir().glob("*.ttf")))


def _tree_hash(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(file_hash(path).encode())
    return digest.hexdigest()
