"""One social card: template + subject + preset -> image, alt text, encoded file.

Cards are PNG (sharp text, flat colours) unless the PNG would break the platform's file-size
limit; then JPEG at the highest quality that fits.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from ..model import Multilingual, Problem, Project, Spotlight
from ..model.campaign import CardOutput
from ..model.media import image_problem
from ..model.phrases import phrase
from ..model.project import all_media
from ..templates import registry
from ..templates.cards.brand import PartnerMark
from ..templates.cards.common import AltLine, AltPart, CardParams, comma
from ..templates.cards.group import default_featured
from ..templates.layers import Layer, Picture, isolate
from ..templates.registry import Params, Subject
from .jobs import Job, Product, Run, Workspace, make_product, register
from .keys import card_key, file_hash
from .manifest import AltText, CardEntry, Identity, LeftOut, OutputEntry
from .presets import Preset, get_preset
from .raster import render

if TYPE_CHECKING:
    from .video.graph import Encoding


class CardJob(Job):
    """A card job, built as the card code names it: ``CardJob(template, preset, subject)``,
    ``subject`` a person or spotlight id, or None for the campaign."""

    def __init__(
        self,
        template: str,
        preset: str,
        subject: str | None,
        languages: tuple[str, ...] = (),
        named: bool = False,
        layout: str = "",
        variant: str = "",
        subjects: tuple[str, ...] = (),
    ) -> None:
        super().__init__(
            "card", template, preset, subject, tuple(languages), named, layout, variant, tuple(subjects)
        )


@dataclass
class Card:
    image: Image.Image
    alt: Multilingual  # whole, in each of the card's languages
    problems: list[Problem]
    alt_lines: tuple[AltLine, ...] = ()  # the same, in ranked parts, to fit per language
    left_out: tuple[str, ...] = ()  # the JSON paths of texts its layout left out to stay readable


def alt_lines_of(params: Params) -> tuple[AltLine, ...]:
    """A card's alt text in ranked parts: the template's own (and the partners whose logos
    the card shows, by name), or, for a template that only writes whole texts, each
    language as one part that may be cut at a word."""
    if isinstance(params, CardParams):
        kit = getattr(getattr(params, "look", None), "kit", None)
        lines = params.alt_lines()
        return tuple(with_partners(line, kit.partners) for line in lines) if kit else lines
    alt = params.alt_text()
    return tuple(AltLine(lang, (AltPart("text", text, shorten=True),), end="") for lang, text in alt.items())


def with_partners(line: AltLine, partners: Sequence[PartnerMark]) -> AltLine:
    """``line`` naming the partners whose logos the card shows, in its language ("with
    partners IOM, Basita"); left out before the card's own secondary parts when the text
    is too long. Unnamed partners are not counted."""
    names = [isolate(name) for partner in partners if (name := partner.name(line.lang))]
    if not names:
        return line
    said = phrase("alt_partners", line.lang, names=comma(line.lang).join(names))
    return replace(line, parts=(*line.parts, AltPart("partners", said, rank=3, sep=" — ")))


def subject_for(project: Project, job: Job) -> Subject:
    """The subject a job names, looked up in the campaign (for a group card, the campaign
    with the subjects it features, in order)."""
    campaign = project.campaign
    scope = registry.get(job.template).scope
    langs = job.languages_of(project)
    if scope == "group":
        return Subject(campaign, project.resolve, languages=langs, featured=job.subjects)
    if scope == "person":
        return Subject(campaign, project.resolve, person=campaign.person(job.subject or ""), languages=langs)
    if scope == "spotlight":
        return Subject(campaign, project.resolve, spotlight=_spotlight(project, job.subject), languages=langs)
    return Subject(campaign, project.resolve, languages=langs)


def _spotlight(project: Project, subject: str | None) -> Spotlight:
    """The spotlight a job names: by its id, or, for a person's id (the Studio shows a
    person's spotlight card), the spotlight that person recommends."""
    spots = project.campaign.spotlights
    found = next((s for s in spots if s.id == subject), None) or next(
        (s for s in spots if s.person == subject), None
    )
    if found is None:
        known = ", ".join(s.id for s in spots) or "none"
        raise LookupError(
            f"no spotlight {subject!r}, and no spotlight recommended by {subject!r} (spotlights: {known})"
        )
    return found


def render_card(project: Project, job: Job) -> Card:
    """Draw one card. A picture it needs that cannot be used (missing, damaged, too large)
    fails this card with the problem at the picture's JSON path, and only the cards that
    draw that picture: one broken photo must not stop a campaign's other outputs."""
    template = registry.get(job.template)
    preset = get_preset(job.preset)
    canvas = preset.card_canvas()
    params, built = template.plan(subject_for(project, job), canvas, layout_of(job))
    layers: list[Layer] = built  # a card template's content, placed (a video one: a Timeline)
    broken = broken_pictures(project)
    problems = [broken[layer.path] for layer in layers if isinstance(layer, Picture) and layer.path in broken]
    lines = alt_lines_of(params)
    alt = Multilingual(**{line.lang: line.full() for line in lines})
    if problems:
        blank = Image.new("RGB", (preset.width, preset.height))
        return Card(blank, alt, list(dict.fromkeys(problems)), lines)
    drawn = render(layers, canvas, preset=preset)
    left_out = tuple(dict.fromkeys(text.source for text in drawn.left_out))
    return Card(drawn.image, alt, drawn.problems, lines, left_out)


def default_layout(template: str, preset: str) -> str:
    """The layout a card takes when its output names none: its preset's (a thumbnail's),
    else its template's own (``default_layout`` of its parameters)."""
    return get_preset(preset).layout or getattr(registry.get(template).params, "default_layout", "")


def chosen_layout(output: CardOutput, preset: str) -> str:
    """The layout an output chose for a preset, or "" when it names the one the card takes
    anyway: naming the default changes no file name."""
    if output.layout is None or output.layout == default_layout(output.template, preset):
        return ""
    return output.layout


def layout_of(job: Job) -> str:
    """The layout a card is drawn in: its output's choice, else the default."""
    return job.layout or default_layout(job.template, job.preset)


def broken_pictures(project: Project) -> dict[Path, Problem]:
    """Every image the project names that cannot be drawn, by resolved path, with the problem
    at its JSON path (the image checks are cached per file version, so this is cheap)."""
    data = project.campaign.model_dump(mode="json", by_alias=True, exclude_unset=True)
    broken: dict[Path, Problem] = {}
    for where, written, kind in all_media(data):
        if kind != "image":
            continue
        path = project.resolve(written)
        message = image_problem(path, written)
        if message is not None:
            broken.setdefault(path, Problem(where, message))
    return broken


def encode_card(image: Image.Image, preset: Preset) -> tuple[bytes, str]:
    """PNG bytes, or JPEG bytes when the PNG is over the platform's limit; and the suffix."""
    buffer = io.BytesIO()
    # Level 3: about 40% faster than the default 6 for files about 12% larger, measured on
    # the example's story cards; every platform re-encodes uploads anyway.
    image.save(buffer, "PNG", compress_level=3)
    if buffer.tell() <= preset.max_bytes:
        return buffer.getvalue(), ".png"
    for quality in (95, 92, 88, 84, 80, 75, 70, 60):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True, subsampling=0)
        if buffer.tell() <= preset.max_bytes:
            return buffer.getvalue(), ".jpg"
    raise ValueError(f"cannot encode a card under {preset.max_bytes} bytes for {preset.id}")


def card_jobs(
    project: Project,
    only: set[str] | None = None,
    presets: set[str] | None = None,
) -> list[CardJob]:
    """Every card the project's outputs ask for, filtered by subject ids and preset ids.
    With ``only``, campaign-wide cards are left out: the producer asked for certain people."""
    campaign = project.campaign
    jobs: list[CardJob] = []
    variants: dict[str, int] = {}  # group outputs of each template so far
    known = registry.names("card")
    for output in campaign.outputs.cards:
        if output.template not in known:
            continue  # validation names it (a project that names it is not rendered)
        langs = campaign.output_languages(output.languages)
        template = registry.get(output.template)
        if not template.params.applies(campaign):
            continue
        if template.scope == "group":
            jobs.extend(group_jobs(project, output, langs, only, presets, variants))
            continue
        for subject in registry.subjects(campaign, template.scope, project.resolve):
            if only is not None and not (only & subject.related_ids):
                continue
            subject_id = None if template.scope == "campaign" else subject.id
            jobs.extend(
                CardJob(
                    output.template,
                    preset,
                    subject_id,
                    langs,
                    bool(output.languages),
                    chosen_layout(output, preset),
                )
                for preset in output.presets
                if presets is None or preset in presets
            )
    return jobs


def featured(project: Project, output: CardOutput) -> tuple[str, ...]:
    """Whom a group card features: its output's subjects in order, else (no list) the
    template's default (the campaign's first people). An empty list is no one, as validation
    reads it, never the default."""
    return tuple(output.subjects) if output.subjects is not None else default_featured(project.campaign)


def group_jobs(
    project: Project,
    output: CardOutput,
    langs: tuple[str, ...],
    only: set[str] | None,
    presets: set[str] | None,
    variants: dict[str, int],
) -> list[CardJob]:
    """A group card output's jobs, one per preset. With ``only``, it is made when it features
    one of those subjects. The second group output of a template (and the third...) is told
    apart by its own variant (``group-2``), so that two group cards at one preset never
    share a file; the first keeps the plain name."""
    chosen = featured(project, output)
    # Counted before any filter, so that a filtered render names the files as a full one.
    count = variants[output.template] = variants.get(output.template, 0) + 1
    variant = f"{output.template}-{count}" if count > 1 else ""
    if not chosen or (only is not None and not (only & set(chosen))):
        return []  # a card of no one: validation names it (its file is not rendered)
    return [
        CardJob(
            output.template,
            preset,
            None,
            langs,
            bool(output.languages),
            chosen_layout(output, preset),
            variant=variant,
            subjects=chosen,
        )
        for preset in output.presets
        if presets is None or preset in presets
    ]


def make_card(project: Project, job: Job) -> Product:
    """One card as bytes (its image and alt text), or its failed entry."""
    return make_product(Run(project, _NOWHERE), job)


_NOWHERE = Workspace(Path("."), Path("."))  # a card writes nothing while it is made


class _Cards:
    """The card job kind: drawn by Pillow to bytes; cheap enough for a process pool."""

    name = "card"
    parallel = True
    encodes = False

    def jobs(self, project: Project, only: set[str] | None, presets: set[str] | None) -> list[Job]:
        return [*card_jobs(project, only, presets)]

    def identities(self, job: Job, campaign_id: str) -> tuple[Identity, ...]:
        return (("card", job.template, job.folder(campaign_id), job.preset, *job.chosen),)

    def paths(self, job: Job, campaign_id: str) -> tuple[str, ...]:
        rel = _rel(job, campaign_id, ".png")
        return (rel.as_posix(), *_alt_rels(rel, job.languages).values())

    def key(self, project: Project, job: Job, encoding: Encoding | None) -> str:
        langs = job.languages_of(project)
        key = card_key(project, job.template, job.preset, job.subject, langs, layout_of(job))
        return featured_key(project, key, job.subjects) if job.subjects else key

    def make(self, run: Run, job: Job) -> Product:
        project = run.project
        person = subject_for(project, job).person_id
        preset = get_preset(job.preset)
        card = render_card(project, job)
        if card.problems:
            error = "; ".join(str(p) for p in card.problems)
            return Product((_failed(project, job, error, person),))
        data, suffix = encode_card(card.image, preset)
        rel = _rel(job, project.campaign.id, suffix)
        langs = job.languages_of(project)
        alt_rels = _alt_rels(rel, langs)
        fitted = {line.lang: line.fit() for line in card.alt_lines}
        left_out = {
            lang: [LeftOut(part=part.name, text=part.text) for part in parts]
            for lang, (_, parts) in fitted.items()
            if parts
        }
        entry = CardEntry(
            status="rendered",
            **job.entry_fields,
            subject=job.folder(project.campaign.id),
            person=person,
            layout=job.layout or None,
            texts_left_out=list(card.left_out) or None,
            path=rel.as_posix(),
            width=preset.width,
            height=preset.height,
            bytes=len(data),
            alt=AltText(**{lang: card.alt.get(lang) for lang in langs}, left_out=left_out or None),
            alt_path=alt_rels["both"],
            alt_paths={lang: alt_rels[lang] for lang in fitted},
        )
        both = "".join(f"{lang}: {card.alt.get(lang)}\n" for lang in langs).encode()
        # Ready to paste: exactly the text, no trailing newline to count against a limit.
        each = tuple((alt_rels[lang], text.encode()) for lang, (text, _) in fitted.items())
        return Product((entry,), ((rel.as_posix(), data), (alt_rels["both"], both), *each))

    def failed(self, project: Project, job: Job, error: str) -> tuple[OutputEntry, ...]:
        try:
            person = subject_for(project, job).person_id
        except (LookupError, StopIteration, ValueError):  # the subject itself is what is wrong
            person = None
        return (_failed(project, job, error, person),)

    def sequence(self, run: Run, jobs: Sequence[Job]) -> Iterator[tuple[Job, Product]]:
        for job in jobs:
            if run.cancelled:
                return
            yield job, make_product(run, job)


def featured_key(project: Project, key: str, subjects: tuple[str, ...]) -> str:
    """``key`` extended by what an output about several subjects reads of them: each featured
    person's or business's data and the content of their media files, in order, and each
    featured business's owner (its slide says whom it is recommended by, as a spotlight card
    does: :func:`~takatof.render.keys.card_data`). Editing one of them re-renders the output;
    editing someone it neither features nor names does not."""
    dump = project.campaign.model_dump(mode="json", by_alias=True)
    by_id = {
        item["id"]: (section, item) for section in ("people", "spotlights") for item in dump.get(section, [])
    }
    chosen = [by_id.get(ident) for ident in subjects]
    people = {item["id"]: item for item in dump.get("people", [])}
    owners = [
        people.get(found[1].get("person")) if found and found[0] == "spotlights" else None for found in chosen
    ]
    shaped = {
        "people": [item for found in chosen if found and found[0] == "people" for item in [found[1]]],
        "spotlights": [item for found in chosen if found and found[0] == "spotlights" for item in [found[1]]],
    }
    media = sorted({(written, file_hash(project.resolve(written))) for _, written, _ in all_media(shaped)})
    digest = hashlib.sha256(key.encode())
    digest.update(
        json.dumps([list(subjects), chosen, owners, media], sort_keys=True, ensure_ascii=False).encode()
    )
    return digest.hexdigest()[:32]


def _rel(job: Job, campaign_id: str, suffix: str) -> Path:
    return Path("cards") / job.folder(campaign_id) / f"{job.stem}{suffix}"


def _alt_rels(rel: Path, langs: tuple[str, ...]) -> dict[str, str]:
    """The alt-text files beside a card: every language of it (``.alt.txt``), then one per
    language, named with its code (``.alt.ar.txt``, ``.alt.en.txt``, ``.alt.ur.txt``)."""
    return {"both": rel.with_suffix(".alt.txt").as_posix()} | {
        lang: rel.with_suffix(f".alt.{lang}.txt").as_posix() for lang in langs
    }


def _failed(project: Project, job: Job, error: str, person: str | None) -> CardEntry:
    return CardEntry(
        status="failed",
        **job.entry_fields,
        subject=job.folder(project.campaign.id),
        person=person,
        layout=job.layout or None,
        error=error,
    )


register(_Cards())
