"""Which translations a campaign lacks, and which texts are in languages it never declared.

The types cannot say this: a text's type (:class:`~takatof.model.campaign.Multilingual`) holds
any language, and which ones must be there is the campaign's declaration
(``Campaign.languages``). So the check walks the validated campaign once and reports each
gap at its own JSON path (``people[0].quote.ur``), the way every other problem is reported:
a producer adding Urdu to a campaign of forty people sees every text still to translate in
one run of ``takatof validate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .campaign import Campaign, CaptionFiles, Multilingual
from .languages import name_of
from .problems import Problem


def texts(model: BaseModel, where: str = "") -> Iterator[tuple[str, Multilingual, bool]]:
    """Every text in ``model``: its JSON path, the text, and whether the file wrote it (a
    default such as ``members_label`` was not)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        written = name in model.model_fields_set
        path = f"{where}.{name}" if where else name
        yield from _texts_in(value, path, written)


def _texts_in(value: Any, path: str, written: bool) -> Iterator[tuple[str, Multilingual, bool]]:
    if isinstance(value, Multilingual):
        yield path, value, written
    elif isinstance(value, BaseModel):
        yield from texts(value, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts_in(item, f"{path}[{i}]", written)


def caption_files(campaign: Campaign) -> Iterator[tuple[str, CaptionFiles]]:
    """Every set of caption files keyed by language, at its JSON path: a person's (timed in
    the story video), each clip's and the voice-over's (timed in that media file), and each
    clip's of a campaign film. Each file's language must be one of the campaign's."""
    for i, person in enumerate(campaign.people):
        for j, clip in enumerate(person.clips):
            if clip.captions is not None:
                yield f"people[{i}].clips[{j}].captions", clip.captions
        if person.voiceover_captions is not None:
            yield f"people[{i}].voiceover_captions", person.voiceover_captions
        if person.captions is not None:
            yield f"people[{i}].captions", person.captions
    for i, film in enumerate(campaign.outputs.films):
        for j, clip in enumerate(film.clips or []):
            if clip.captions is not None:
                yield f"outputs.films[{i}].clips[{j}].captions", clip.captions


def problems(campaign: Campaign) -> list[Problem]:
    """Every missing translation and every text (or caption file) in an undeclared language,
    then every output that chooses a language the campaign does not declare."""
    declared = list(campaign.languages)
    listing = ", ".join(declared)
    found: list[Problem] = []
    for path, text, written in texts(campaign):
        for lang in declared:
            # A default (members_label unwritten) in the base language serves a regional code.
            if text.has(lang) or (not written and text.has(lang.split("-", 1)[0])):
                continue
            if written:
                message = (
                    f"no {name_of(lang)} text; write it, or remove {lang!r} from the campaign's "
                    f"languages ({listing})"
                )
            else:
                field = path.rsplit(".", 1)[-1]
                message = (
                    f"Takatof has no {name_of(lang)} word for {field}; write {field} in each of the "
                    f"campaign's languages ({listing})"
                )
            found.append(Problem(f"{path}.{lang}", message))
        if written:
            found += [
                Problem(
                    f"{path}.{lang}",
                    f"{name_of(lang)} is not one of the campaign's languages ({listing}); "
                    f"add {lang!r} to languages, or remove this text",
                )
                for lang in text.langs
                if lang not in declared
            ]
    found += [
        Problem(
            f"{where}.{lang}",
            f"{name_of(lang)} is not one of the campaign's languages ({listing}); "
            f"add {lang!r} to languages, or remove this file",
        )
        for where, files in caption_files(campaign)
        for lang, _ in files.items()
        if lang not in declared
    ]
    for section in ("cards", "videos"):
        outputs = getattr(campaign.outputs, section)
        for i, output in enumerate(outputs):
            for j, lang in enumerate(output.languages or ()):
                if lang not in declared:
                    found.append(
                        Problem(
                            f"outputs.{section}[{i}].languages[{j}]",
                            f"{name_of(lang)} is not one of the campaign's languages ({listing}); "
                            f"declare it in languages, or choose one of them",
                        )
                    )
            chosen = output.languages or []
            if len(set(chosen)) < len(chosen):
                found.append(
                    Problem(
                        f"outputs.{section}[{i}].languages",
                        f"each language once: {next(c for c in chosen if chosen.count(c) > 1)!r} is listed twice",
                    )
                )
    return found
