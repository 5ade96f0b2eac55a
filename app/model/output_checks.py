"""Cross-field checks of the campaign-wide outputs: reels, carousels, animated cards, films, and
the subjects a group card names.

Types say what one field may hold; these say what a field means against the rest of the file:
a reel's person must be one of the people, a carousel's count of slides must be within its
platform's limit, a film needs someone with footage. Like :func:`takatof.model.project.
check_project` they run on the raw data, so they are reported together with every other
problem, each at its JSON path with the fix, even when other parts of the file fail type
validation.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from . import campaign as bounds
from .problems import Problem, shorten

if TYPE_CHECKING:
    from .project import Names

Unknown = Callable[[str, str, Collection[str]], str]
"""How an unknown name is told (``project._unknown``: with a suggestion and the known ones)."""


def _list(value: Any, limit: int) -> list[Any]:
    return value[:limit] if isinstance(value, list) else []


def _ids(items: list[Any]) -> list[str]:
    return [item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)]


def check_outputs(data: dict[str, Any], unknown: Unknown, names: Names) -> list[Problem]:
    """Every problem of the campaign-wide outputs in ``data`` (the raw project). Empty name
    lists mean "not known here" (a loader without the render layer): those names pass."""
    card_templates, card_presets, video_presets = names.templates, names.presets, names.video_presets
    carousel_presets, slide_limits = names.carousel_presets, names.slide_limits
    outputs = data.get("outputs")
    if not isinstance(outputs, dict):
        return []
    people = _list(data.get("people"), bounds.MAX_PEOPLE)
    person_ids = _ids(people)
    spotlight_ids = _ids(_list(data.get("spotlights"), bounds.MAX_SPOTLIGHTS))
    items = {
        p["id"]: len(_list(p.get("media"), bounds.MAX_MEDIA)) + len(_list(p.get("clips"), bounds.MAX_CLIPS))
        for p in people
        if isinstance(p, dict) and isinstance(p.get("id"), str)
    }
    with_clips = [pid for pid in person_ids if _list(_by_id(people, pid).get("clips"), bounds.MAX_CLIPS)]
    problems: list[Problem] = []
    problems += _cards(outputs, unknown, person_ids, spotlight_ids, names.group_templates)
    problems += _video_ids(outputs, names.video_templates)
    problems += _reels(outputs, unknown, video_presets, person_ids, items)
    problems += _carousels(
        outputs, unknown, card_templates, carousel_presets, slide_limits, person_ids, spotlight_ids
    )
    problems += _slide_scopes(outputs, names.template_scopes)
    problems += _animated(outputs, unknown, card_templates, card_presets)
    problems += _films(outputs, unknown, video_presets, person_ids, with_clips)
    return problems


def _by_id(items: list[Any], ident: str) -> dict[str, Any]:
    return next(item for item in items if isinstance(item, dict) and item.get("id") == ident)


def _entries(outputs: dict[str, Any], section: str) -> list[tuple[str, dict[str, Any]]]:
    """The section's entries that are objects, with their JSON paths."""
    return [
        (f"outputs.{section}[{i}]", entry)
        for i, entry in enumerate(_list(outputs.get(section), bounds.MAX_OUTPUTS))
        if isinstance(entry, dict)
    ]


def _presets(
    where: str, entry: dict[str, Any], known: Collection[str], unknown: Unknown, what: str
) -> list[Problem]:
    return [
        Problem(f"{where}.presets[{j}]", unknown(what, preset, known))
        for j, preset in enumerate(_list(entry.get("presets"), bounds.MAX_PRESETS))
        if known and isinstance(preset, str) and preset not in known
    ]


def _duplicate_output_ids(outputs: dict[str, Any], section: str, default: str) -> list[Problem]:
    """Two reels (carousels, films) with one id would write the same files."""
    seen: dict[str, str] = {}
    problems = []
    for where, entry in _entries(outputs, section):
        ident = entry.get("id", default)
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(
                Problem(
                    f"{where}.id",
                    f"{shorten(ident)!r} is already the id of {seen[ident]}; give each of the "
                    f"{section} its own id (their files are named by it)",
                )
            )
        else:
            seen[ident] = where
    return problems


# The sections whose outputs are videos named by their own ids, in the order they are told,
# with their default ids: a reel and a film share the campaign's folder (``videos/<campaign>/
# <id>-<preset>.mp4``), a person's film shares the person's folder with their story videos
# (``videos/<person>/<template>-<preset>.mp4``), so one id space covers them all.
_VIDEO_SECTIONS = (("reels", "reel", "reel"), ("films", "film", "film"))


def _video_ids(outputs: dict[str, Any], video_templates: Collection[str]) -> list[Problem]:
    """No reel or film takes an id another reel or film, or the story videos, already name
    their files by: the two outputs would write the same files, each over the other's."""
    seen: dict[str, str] = {}
    problems = []
    for section, default, what in _VIDEO_SECTIONS:
        for where, entry in _entries(outputs, section):
            ident = entry.get("id", default)
            if not isinstance(ident, str):
                continue
            said = shorten(ident)
            if ident in video_templates:
                problems.append(
                    Problem(
                        f"{where}.id",
                        f"{said!r} is the name of the {said} videos: a {what} with that id would write "
                        f"the same files as they do ({said}-<preset>.mp4 in videos/); give the {what} "
                        "its own id",
                    )
                )
            elif ident in seen:
                problems.append(
                    Problem(
                        f"{where}.id",
                        f"{said!r} is already the id of {seen[ident]}: both would write the same files "
                        f"(videos/<folder>/{said}-<preset>.mp4); give the {what} its own id",
                    )
                )
            else:
                seen[ident] = where
    return problems


def _none_listed(where: str, chosen: Any) -> list[Problem]:
    """An explicit empty list of subjects is no one, never "everyone" (that is the list
    left out): told, so that the file and the render never disagree about whom it shows."""
    if chosen != []:
        return []
    return [
        Problem(where, "the list of subjects lists no one; list some, or remove the list for the default")
    ]


def _slide_scopes(outputs: dict[str, Any], scopes: Mapping[str, str]) -> list[Problem]:
    """A carousel's slides are drawn for each of its subjects: the ``slide`` template it names
    must be one drawn for that kind of subject (a person's for people, a spotlight's for
    businesses). Left out, it is that kind's own (quote, spotlight), so it always fits."""
    problems = []
    for where, entry in _entries(outputs, "carousels"):
        slide, of = entry.get("slide"), entry.get("of", "people")
        needed = _SLIDE_SCOPE.get(of) if isinstance(of, str) else None
        if not isinstance(slide, str) or slide not in scopes or needed is None or scopes[slide] == needed:
            continue
        fits = sorted(name for name, scope in scopes.items() if scope == needed)
        problems.append(
            Problem(
                f"{where}.slide",
                f"{shorten(slide)!r} is not drawn for a {needed} (it is a {scopes[slide]} card) and a "
                f"carousel of {of} has a slide per {needed}; use {' or '.join(fits) or 'another template'}",
            )
        )
    return problems


_SLIDE_SCOPE = {"people": "person", "spotlights": "spotlight"}


def _subjects(
    where: str, chosen: Any, known: list[str], what: str, unknown: Unknown, field: str = ""
) -> list[Problem]:
    """Each chosen id (``where[k]``, or ``where[k].field`` for a list of objects) names a known
    subject, once."""
    problems = []
    first: dict[str, int] = {}
    for k, item in enumerate(_list(chosen, bounds.MAX_PEOPLE)):
        ident = item.get(field) if field and isinstance(item, dict) else item
        if not isinstance(ident, str):
            continue
        at = f"{where}[{k}]" + (f".{field}" if field else "")
        if ident not in known:
            problems.append(Problem(at, unknown(what, ident, known)))
        elif ident in first:
            problems.append(
                Problem(at, f"{shorten(ident)!r} is already listed at [{first[ident]}]; list each once")
            )
        else:
            first[ident] = k
    return problems


def _cards(
    outputs: dict[str, Any],
    unknown: Unknown,
    people: list[str],
    spotlights: list[str],
    groups: Collection[str],
) -> list[Problem]:
    """A group card's subjects (a static or an animated one) are people or businesses of the
    campaign; a card of one subject chooses none (it is drawn for each of them)."""
    problems = []
    for where, entry in [*_entries(outputs, "cards"), *_entries(outputs, "animated")]:
        template = entry.get("template")
        if (
            groups
            and isinstance(template, str)
            and template not in groups
            and entry.get("subjects") is not None
        ):
            problems.append(
                Problem(
                    f"{where}.subjects",
                    f"only a group card ({', '.join(sorted(groups))}) features chosen subjects; a "
                    f"{shorten(template)!r} card is drawn for each of them: remove subjects, or use a group template",
                )
            )
            continue
        problems += _none_listed(f"{where}.subjects", entry.get("subjects"))
        problems += _subjects(
            f"{where}.subjects", entry.get("subjects"), [*people, *spotlights], "subject", unknown
        )
    return problems


def _reels(
    outputs: dict[str, Any],
    unknown: Unknown,
    presets: Collection[str],
    people: list[str],
    items: dict[str, int],
) -> list[Problem]:
    problems: list[Problem] = []
    for where, entry in _entries(outputs, "reels"):
        problems += _presets(where, entry, presets, unknown, "video preset")
        parts = _list(entry.get("people"), bounds.MAX_PEOPLE)
        problems += _subjects(f"{where}.people", parts, people, "person", unknown, field="person")
        if isinstance(entry.get("people"), list) and not parts:
            problems.append(
                Problem(
                    f"{where}.people",
                    "a reel needs at least one person; list some, or remove the list to feature everyone",
                )
            )
        for k, part in enumerate(parts):
            if not isinstance(part, dict) or part.get("person") not in items:
                continue
            span = part.get("items")
            count = items[part["person"]]
            if isinstance(span, list) and len(span) == 2 and all(isinstance(i, int) for i in span):
                first, last = span
                if last < first:
                    problems.append(
                        Problem(
                            f"{where}.people[{k}].items",
                            f"the range [{first}, {last}] runs backwards; write [{last}, {first}]",
                        )
                    )
                elif last >= count:
                    have = f"{count} item{'s' if count != 1 else ''} (photos, then clips, from 0)"
                    fix = (
                        f"use [{min(first, max(0, count - 1))}, {max(0, count - 1)}]"
                        if count
                        else "add a photo or clip"
                    )
                    problems.append(
                        Problem(
                            f"{where}.people[{k}].items",
                            f"{shorten(part['person'])!r} has {have}; item {last} does not exist; {fix}",
                        )
                    )
    return problems


def _carousels(
    outputs: dict[str, Any],
    unknown: Unknown,
    templates: Collection[str],
    presets: Collection[str],
    limits: Mapping[str, tuple[int, str]],
    people: list[str],
    spotlights: list[str],
) -> list[Problem]:
    problems = _duplicate_output_ids(outputs, "carousels", "carousel")
    for where, entry in _entries(outputs, "carousels"):
        problems += _presets(where, entry, presets, unknown, "carousel preset")
        slide = entry.get("slide", "quote")
        if templates and isinstance(slide, str) and slide not in templates:
            problems.append(Problem(f"{where}.slide", unknown("card template", slide, templates)))
        known = spotlights if entry.get("of") == "spotlights" else people
        what = "spotlight" if entry.get("of") == "spotlights" else "person"
        chosen = entry.get("subjects")
        problems += _none_listed(f"{where}.subjects", chosen)
        problems += _subjects(f"{where}.subjects", chosen, known, what, unknown)
        if chosen == []:
            continue  # told above: no count of slides to check against the limits
        count = len(_list(chosen, bounds.MAX_PEOPLE)) if isinstance(chosen, list) else len(known)
        slides = count + 2  # the cover and the closing
        for j, preset in enumerate(_list(entry.get("presets"), bounds.MAX_PRESETS)):
            if not isinstance(preset, str) or preset not in limits:
                continue
            limit, source = limits[preset]
            if slides > limit:
                problems.append(
                    Problem(
                        f"{where}.presets[{j}]",
                        f"{preset} takes at most {limit} slides ({source}) and this carousel has {slides} "
                        f"(a cover, {count} {what} slides, a closing); choose at most {limit - 2} "
                        "subjects, or split them over two carousels",
                    )
                )
    return problems


def _animated(
    outputs: dict[str, Any], unknown: Unknown, templates: Collection[str], presets: Collection[str]
) -> list[Problem]:
    problems = []
    for where, entry in _entries(outputs, "animated"):
        template = entry.get("template")
        if templates and isinstance(template, str) and template not in templates:
            problems.append(Problem(f"{where}.template", unknown("card template", template, templates)))
        problems += _presets(where, entry, presets, unknown, "card preset")
    return problems


def _films(
    outputs: dict[str, Any],
    unknown: Unknown,
    presets: Collection[str],
    people: list[str],
    with_clips: list[str],
) -> list[Problem]:
    problems: list[Problem] = []
    for where, entry in _entries(outputs, "films"):
        problems += _presets(where, entry, presets, unknown, "video preset")
        problems += _subjects(f"{where}.people", entry.get("people"), people, "person", unknown)
        for k, ident in enumerate(_list(entry.get("people"), bounds.MAX_PEOPLE)):
            if isinstance(ident, str) and ident in people and ident not in with_clips:
                problems.append(
                    Problem(
                        f"{where}.people[{k}]",
                        f"{shorten(ident)!r} has no clips, and a film is made of footage; add clips to "
                        "them, or leave them out",
                    )
                )
        if entry.get("people") == [] and not _list(entry.get("clips"), bounds.MAX_CLIPS):
            problems.append(
                Problem(
                    f"{where}.people",
                    "the film lists no one; list people with clips, or remove the list for everyone",
                )
            )
        # A film that names no one is made for whoever has clips: none yet (a new campaign, a
        # copy cut down to one person) makes no film, as a card makes none for no spotlights.
    return problems
