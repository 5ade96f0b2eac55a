"""Edits of a campaign's languages as data: add one, remove one, move one (no Qt here).

Each returns an :class:`~takatof.edit.Edit` over the campaign's JSON data, so the Studio makes
it one undoable step (``Document.apply``) and a table test can check it without a window.

* Adding a language changes only ``languages``: every text gains an empty side for it, which
  the model reports as a missing translation at its path (``people[0].quote.ur``) until it is
  written.
* Removing one also removes every text written in it (a person's own caption cues too) and
  every caption file in it (a person's, a clip's, a voice-over's, a campaign film's clip's: the
  reference goes, the file stays on disk), and takes it out of the outputs that
  chose it (an output left with none prints the campaign's first two again): a campaign that
  no longer speaks Urdu keeps no Urdu text that nothing prints, and no output asks for it.
  The publishing section follows: the post templates lose their Urdu copy (a template left
  with none goes) and the posting plan's audiences stop reading Urdu (one that read only Urdu
  goes).
  Sections read from a spreadsheet are left alone (they are edited in the sheet).
* Moving one reorders ``languages``; outputs that choose none print the first two.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from typing import Any

from ..model.fields import text_paths
from ..model.languages import MAX_LANGUAGES, declared, normalise, problem
from ..model.paths import ABSENT, get_at
from .edits import Change, Edit


def add_language(data: dict[str, Any], code: str) -> Edit:
    """Declare ``code`` after the campaign's languages. ValueError, saying why, for a code
    that is no language, one already declared, or one too many."""
    code = code.strip()
    why = problem(code)
    if why is not None and problem(normalise(code)) is None:
        code = normalise(code)  # "EN-in" is en-IN: take it as meant
        why = None
    if why is not None:
        raise ValueError(why)
    languages = declared(data)
    if code in languages:
        raise ValueError(f"{code!r} is already one of the campaign's languages")
    if len(languages) >= MAX_LANGUAGES:
        raise ValueError(f"a campaign has at most {MAX_LANGUAGES} languages")
    return Edit(
        f"Add language {code}", (Change("languages", data.get("languages", ABSENT), [*languages, code]),)
    )


def move_language(data: dict[str, Any], code: str, to: int) -> Edit:
    """Move ``code`` to position ``to`` of the campaign's languages (clamped to the list)."""
    languages = declared(data)
    _declared_index(languages, code)
    languages.remove(code)
    languages.insert(max(0, min(to, len(languages))), code)
    return Edit(f"Move language {code}", (Change("languages", data.get("languages", ABSENT), languages),))


def remove_language(data: dict[str, Any], code: str, leave: Collection[str] = ()) -> Edit:
    """Stop declaring ``code``: its texts go, and the outputs that chose it no longer do.
    ``leave`` names sections not to touch (read from a spreadsheet). ValueError for the last
    language (a campaign has at least one) or one it does not declare."""
    languages = declared(data)
    _declared_index(languages, code)
    if len(languages) == 1:
        raise ValueError("a campaign has at least one language")
    changes = [Change("languages", data.get("languages", ABSENT), [c for c in languages if c != code])]
    # The texts as written, found by the model's types in the raw data: a campaign with an
    # unrelated problem (a member count typed as text) can still drop a language.
    for path in text_paths(data):
        text = _at(data, path)
        if isinstance(text, dict) and code in text and path.split("[", 1)[0].split(".", 1)[0] not in leave:
            changes.append(Change(f"{path}.{code}", copy.deepcopy(text[code]), ABSENT))
    if "people" not in leave:
        changes += _cues_without(data, code)
    changes += _caption_files_without(data, code, leave)
    for section in ("cards", "videos"):
        for i, output in enumerate(_outputs(data, section)):
            chosen = output.get("languages") if isinstance(output, dict) else None
            if isinstance(chosen, list) and code in chosen:
                rest = [c for c in chosen if c != code]
                changes.append(Change(f"outputs.{section}[{i}].languages", list(chosen), rest or ABSENT))
    if "publishing" not in leave:
        changes += _post_templates_without(data, code) + _audiences_without(data, code)
    return Edit(f"Remove language {code}", tuple(changes))


def _post_templates_without(data: dict[str, Any], code: str) -> list[Change]:
    """The post templates (``publishing.templates``) without their ``code`` copy: a template's
    ``text`` and ``first_comment`` are a plain dict per language, not a translated text the
    model's types find. A first comment left with no language goes; a template left with no
    text goes (the model wants one; its posts fall to the next template or the default, as
    they did in the other languages). One change of the whole list, since a template that
    goes moves the ones after it."""
    templates = _at(data, "publishing.templates")
    if not isinstance(templates, list):
        return []
    kept = []
    for template in templates:
        if isinstance(template, dict):
            template = dict(template)
            for part in ("text", "first_comment"):
                texts = template.get(part)
                if isinstance(texts, dict) and code in texts:
                    template[part] = {k: v for k, v in texts.items() if k != code}
            if template.get("first_comment") == {}:
                del template["first_comment"]
            if template.get("text") == {}:
                continue
        kept.append(template)
    if kept == templates:
        return []
    return [Change("publishing.templates", copy.deepcopy(templates), kept)]


def _audiences_without(data: dict[str, Any], code: str) -> list[Change]:
    """The posting plan's audiences without ``code`` among the languages they read, so none
    names a language the campaign no longer has. An audience that read only ``code`` goes with
    it (its posts are gone; left with no list it would take every language's posts, the
    Arabic ones on an English account); were it the plan's last audience, it stays and reads
    any language instead (a plan needs one). One change to the whole list: removing an
    audience moves the ones after it."""
    audiences = _at(data, "publishing.plan.audiences")
    if not isinstance(audiences, list):
        return []
    kept: list[Any] = []
    only_reader: list[Any] = []
    for audience in audiences:
        read = audience.get("languages") if isinstance(audience, dict) else None
        if not isinstance(read, list) or code not in read:
            kept.append(audience)
            continue
        rest = [c for c in read if c != code]
        changed = {k: v for k, v in audience.items() if k != "languages"}
        if rest:
            kept.append({**changed, "languages": rest})
        else:
            only_reader.append(changed)
    if not kept:
        kept = only_reader[:1]  # the last audience stays, reading any language
    if kept == audiences:
        return []
    return [Change("publishing.plan.audiences", copy.deepcopy(audiences), kept)]


def _cues_without(data: dict[str, Any], code: str) -> list[Change]:
    """Each person's own captions (``people[i].cues``) without their ``code`` text: a cue's
    texts are a plain dict, not a translated text the model's types find, and a cue left
    with no text at all goes (it would show nothing). One change per person's list."""
    changes = []
    people = data.get("people")
    for i, person in enumerate(people if isinstance(people, list) else []):
        cues = person.get("cues") if isinstance(person, dict) else None
        if not isinstance(cues, list):
            continue
        kept = []
        for cue in cues:
            text = cue.get("text") if isinstance(cue, dict) else None
            if isinstance(text, dict) and code in text:
                cue = {**cue, "text": {k: v for k, v in text.items() if k != code}}
                if not cue["text"]:
                    continue
            kept.append(cue)
        if kept != cues:
            changes.append(Change(f"people[{i}].cues", copy.deepcopy(cues), kept))
    return changes


def caption_file_paths(data: dict[str, Any]) -> list[str]:
    """The JSON path of every object of caption files keyed by language in a project's raw
    data: each person's ``captions`` and ``voiceover_captions``, each clip's ``captions``, and
    each campaign film clip's."""
    found: list[str] = []
    people = data.get("people")
    for i, person in enumerate(people if isinstance(people, list) else []):
        if not isinstance(person, dict):
            continue
        clips = person.get("clips")
        for j, _clip in enumerate(clips if isinstance(clips, list) else []):
            found.append(f"people[{i}].clips[{j}].captions")
        found += [f"people[{i}].voiceover_captions", f"people[{i}].captions"]
    for i, film in enumerate(_outputs(data, "films")):
        clips = film.get("clips") if isinstance(film, dict) else None
        for j, _clip in enumerate(clips if isinstance(clips, list) else []):
            found.append(f"outputs.films[{i}].clips[{j}].captions")
    return found


def _caption_files_without(data: dict[str, Any], code: str, leave: Collection[str]) -> list[Change]:
    """The caption files in ``code`` no longer referenced: the campaign would otherwise refuse
    each as a file in a language it does not declare. An object left with no file goes (an
    empty ``captions`` says nothing). People read from a spreadsheet are left alone."""
    changes = []
    for path in caption_file_paths(data):
        if path.startswith("people") and "people" in leave:
            continue
        files = _at(data, path)
        if not isinstance(files, dict) or code not in files:
            continue
        if set(files) == {code}:
            changes.append(Change(path, copy.deepcopy(files), ABSENT))
        else:
            changes.append(Change(f"{path}.{code}", copy.deepcopy(files[code]), ABSENT))
    return changes


def _declared_index(languages: list[str], code: str) -> int:
    if code not in languages:
        raise ValueError(f"{code!r} is not one of the campaign's languages ({', '.join(languages)})")
    return languages.index(code)


def _at(data: Any, path: str) -> Any:
    try:
        return get_at(data, path)
    except (KeyError, IndexError, TypeError):
        return ABSENT


def _outputs(data: dict[str, Any], section: str) -> list[Any]:
    outputs = data.get("outputs")
    found = outputs.get(section) if isinstance(outputs, dict) else None
    return found if isinstance(found, list) else []
