"""The carousel job kind: a swipeable post of numbered slides at one preset.

For each ``outputs.carousels[]`` entry and each of its presets: a cover (the campaign's title
and tagline, a swipe cue), one slide per chosen subject drawn from the output's ``slide``
card template (so the carousel looks like the campaign's cards), and a closing (the call to
action and the hashtags); every slide wears the same chrome (page dots, the swipe cue: see
:mod:`takatof.templates.cards.slides`). The files go in one folder per carousel and preset,
numbered in order (``carousels/<campaign>/<id>-<preset>/01.png``), all the preset's size,
each with its alt text; ``alt.txt`` beside them holds every slide's, and with ``pdf: true``
the slides are also one PDF (``<id>-<preset>.pdf``: LinkedIn's document carousel).

A platform's slide-count limit (:func:`~takatof.render.presets.slide_limit`) is enforced
here as well as by validation: a carousel over it is a failed output naming both numbers.
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

from ..model import Multilingual, Project
from ..model.campaign import CarouselOutput
from ..templates import registry
from ..templates.cards.common import AltLine, AltPart, Look
from ..templates.cards.slides import ClosingSlide, CoverSlide, chrome, closing, cover, position, slide_canvas
from ..templates.layers import Layer, Picture
from ..templates.registry import Params, Subject
from .cards import alt_lines_of, broken_pictures, default_layout, encode_card, featured_key
from .jobs import Job, Product, Run, make_product, register
from .keys import card_key
from .manifest import AltText, CarouselEntry, Identity, LeftOut, OutputEntry, SlideEntry
from .presets import carousel_preset_ids, get_preset, slide_limit
from .raster import render

if TYPE_CHECKING:
    from .video.graph import Encoding

# The card template a subject's slide is drawn from when the output's ``slide`` is made for
# the other kind of subject (a quote card cannot show a business).
_SLIDE_FOR = {"people": "quote", "spotlights": "spotlight"}
_SCOPE_OF = {"people": "person", "spotlights": "spotlight"}


def output_of(project: Project, job: Job) -> CarouselOutput:
    """The carousel output a job was made from (by its id)."""
    found = next((o for o in project.campaign.outputs.carousels if o.id == job.variant), None)
    if found is None:
        raise LookupError(f"the project has no carousel {job.variant!r}")
    return found


def chosen_subjects(project: Project, output: CarouselOutput) -> tuple[str, ...]:
    """The subjects with a slide, in order: the output's, else (no list) every person (or
    business). An empty list is no one, as validation reads it, never everyone."""
    if output.subjects is not None:
        return tuple(output.subjects)
    campaign = project.campaign
    return (
        tuple(p.id for p in campaign.people)
        if output.of == "people"
        else tuple(s.id for s in campaign.spotlights)
    )


def slide_template(output: CarouselOutput) -> str:
    """The card template of the subjects' slides: the output's, where it is made for its kind
    of subject, else that kind's own (quote for people, spotlight for businesses). Only the
    default ``slide`` (quote) of a carousel of businesses is replaced here: one written for
    the other kind of subject is a validation problem (output_checks), never rendered."""
    try:
        if registry.get(output.slide).scope == _SCOPE_OF[output.of]:
            return output.slide
    except KeyError:
        pass
    return _SLIDE_FOR[output.of]


def chosen_layout(output: CarouselOutput, preset: str) -> str:
    """The layout the output chose for its slides at ``preset``; "" for the default."""
    template = slide_template(output)
    if output.layout is None or output.layout == default_layout(template, preset):
        return ""
    return output.layout


def carousel_jobs(project: Project, only: set[str] | None, presets: set[str] | None) -> list[Job]:
    """One job per carousel output and preset. With ``only``, a carousel is made when one of
    its subjects is asked for. A preset that is not a carousel preset is left to validation."""
    campaign = project.campaign
    known = set(carousel_preset_ids())
    jobs: list[Job] = []
    for output in campaign.outputs.carousels:
        subjects = chosen_subjects(project, output)
        if not subjects:
            continue  # a carousel of no one: validation names it (its file is not rendered)
        if only is not None and not (only & set(subjects)):
            continue
        langs = campaign.output_languages(output.languages)
        jobs.extend(
            Job(
                "carousel",
                "carousel",
                preset,
                None,
                langs,
                bool(output.languages),
                chosen_layout(output, preset),
                variant=output.id,
                subjects=subjects,
            )
            for preset in output.presets
            if preset in known and (presets is None or preset in presets)
        )
    return jobs


@dataclass(frozen=True)
class Slide:
    """One drawn slide: its picture, its alt text in parts, who it shows."""

    image: Image.Image
    alt_lines: tuple[AltLine, ...]
    featured: str | None


def folder(job: Job, campaign_id: str) -> Path:
    return Path("carousels") / campaign_id / job.stem


def slide_rel(job: Job, campaign_id: str, n: int, suffix: str = ".png") -> Path:
    """Slide ``n`` (from 1): two digits, so that the files sort in order (35 at most)."""
    return folder(job, campaign_id) / f"{n:02d}{suffix}"


def _alt_rels(rel: Path, langs: Sequence[str]) -> dict[str, str]:
    return {"both": rel.with_suffix(".alt.txt").as_posix()} | {
        lang: rel.with_suffix(f".alt.{lang}.txt").as_posix() for lang in langs
    }


def draw_slides(project: Project, job: Job) -> tuple[list[Slide], list[str]]:
    """Every slide of the carousel, and the problems that stop it (a picture that cannot be
    drawn, a text that does not fit)."""
    output = output_of(project, job)
    campaign = project.campaign
    preset = get_preset(job.preset)
    canvas = preset.card_canvas()
    inner = slide_canvas(canvas)
    langs = job.languages_of(project)
    count = len(job.subjects) + 2
    base = Subject(campaign, project.resolve, languages=langs, output=output)
    template = registry.get(slide_template(output))
    layout = job.layout or default_layout(template.id, job.preset)
    broken = broken_pictures(project)
    plans: list[tuple[Params, list[Layer], str | None]] = []
    cover_params = CoverSlide.from_subject(base)
    plans.append((cover_params, cover(cover_params, inner), None))
    for ident in job.subjects:
        subject = _subject_of(base, ident)
        params, layers = template.plan(subject, inner, layout)
        plans.append((params, list(layers), ident))
    closing_params = ClosingSlide.from_subject(base)
    plans.append((closing_params, closing(closing_params, inner), None))
    slides: list[Slide] = []
    problems: list[str] = []
    for index, (params, layers, shown) in enumerate(plans):
        for layer in layers:
            if isinstance(layer, Picture) and layer.path in broken:
                problems.append(str(broken[layer.path]))
        if problems:
            continue
        drawn = render(
            [*layers, *chrome(params_look(params), canvas, langs, index, count)], canvas, preset=preset
        )
        problems += [str(p) for p in drawn.problems]
        lines = tuple(_numbered(line, index, count) for line in alt_lines_of(params))
        slides.append(Slide(drawn.image.convert("RGB"), lines, shown))
    return slides, list(dict.fromkeys(problems))


def params_look(params: Params) -> Look:
    """The brand look a slide's template was given (every card template has one)."""
    look = getattr(params, "look", None)
    if not isinstance(look, Look):
        raise TypeError(f"{type(params).__name__} has no brand look for a slide's chrome")
    return look


def _subject_of(base: Subject, ident: str) -> Subject:
    campaign = base.campaign
    person = next((p for p in campaign.people if p.id == ident), None)
    if person is not None:
        return replace(base, person=person)
    spot = next((s for s in campaign.spotlights if s.id == ident), None)
    if spot is not None:
        return replace(base, spotlight=spot)
    raise LookupError(f"the carousel names {ident!r}, who is not in the campaign")


def _numbered(line: AltLine, index: int, count: int) -> AltLine:
    """``line`` opening with the slide's place ("Slide 2 of 6: ..."), never left out."""
    where = AltPart("position", position(line.lang, index, count) + ": ")
    return replace(line, parts=(where, *line.parts))


def pdf_of(images: Sequence[Image.Image]) -> bytes:
    """The slides as one PDF, a page each, at 72 dpi so that a page's size in points is its
    size in pixels (a 1080x1350 slide is a 1080x1350 pt page)."""
    buffer = io.BytesIO()
    first, *rest = images
    first.save(buffer, "PDF", save_all=True, append_images=rest, resolution=72.0)
    return buffer.getvalue()


def refused(job: Job) -> str | None:
    """Why the carousel cannot be posted at its preset: more slides than its platform takes."""
    count = len(job.subjects) + 2
    limit, source = slide_limit(job.preset)
    if count <= limit:
        return None
    return (
        f"{job.preset} takes at most {limit} slides ({source}) and carousel {job.variant!r} has {count} "
        f"(a cover, {len(job.subjects)} subject slides, a closing); choose at most {limit - 2} subjects"
    )


class _Carousels:
    """The carousel job kind: slides drawn by Pillow to bytes, cheap enough for a pool."""

    name = "carousel"
    parallel = True
    encodes = False

    def jobs(self, project: Project, only: set[str] | None, presets: set[str] | None) -> list[Job]:
        return carousel_jobs(project, only, presets)

    def identities(self, job: Job, campaign_id: str) -> tuple[Identity, ...]:
        whole = ("carousel", job.template, job.folder(campaign_id), job.preset, *job.chosen)
        count = len(job.subjects) + 2
        slides = tuple(
            ("slide", job.template, job.folder(campaign_id), job.preset, str(n), *job.chosen)
            for n in range(1, count + 1)
        )
        return (whole, *slides)

    def paths(self, job: Job, campaign_id: str) -> tuple[str, ...]:
        langs = job.languages
        paths = [(folder(job, campaign_id) / "alt.txt").as_posix()]
        for n in range(1, len(job.subjects) + 3):
            rel = slide_rel(job, campaign_id, n)
            paths += [rel.as_posix(), *_alt_rels(rel, langs).values()]
        return tuple(paths)

    def key(self, project: Project, job: Job, encoding: Encoding | None) -> str:
        output = output_of(project, job)
        langs = job.languages_of(project)
        template = slide_template(output)
        key = card_key(
            project, template, job.preset, None, langs, job.layout or default_layout(template, job.preset)
        )
        said = output.model_dump(mode="json", include={"of", "slide", "pdf"})
        digest = hashlib.sha256(featured_key(project, key, job.subjects).encode())
        digest.update(json.dumps([said, slide_limit(job.preset)], sort_keys=True).encode())
        return digest.hexdigest()[:32]

    def make(self, run: Run, job: Job) -> Product:
        project = run.project
        why = refused(job)
        if why is not None:
            return Product(self.failed(project, job, why))
        slides, problems = draw_slides(project, job)
        if problems:
            return Product(self.failed(project, job, "; ".join(problems)))
        return _product(project, job, slides)

    def failed(self, project: Project, job: Job, error: str) -> tuple[OutputEntry, ...]:
        return (
            CarouselEntry(
                status="failed",
                **job.entry_fields,
                subject=job.folder(project.campaign.id),
                layout=job.layout or None,
                subjects=list(job.subjects),
                error=error,
            ),
        )

    def sequence(self, run: Run, jobs: Sequence[Job]) -> Iterator[tuple[Job, Product]]:
        for job in jobs:
            if run.cancelled:
                return
            yield job, make_product(run, job)


def _product(project: Project, job: Job, slides: list[Slide]) -> Product:
    """The slides' files and entries, the alt-text list, and the PDF where asked."""
    campaign_id = project.campaign.id
    preset = get_preset(job.preset)
    langs = job.languages_of(project)
    output = output_of(project, job)
    common = {**job.entry_fields, "subject": job.folder(campaign_id), "layout": job.layout or None}
    files: list[tuple[str, bytes | Path]] = []
    entries: list[OutputEntry] = []
    listing: list[str] = []
    for n, slide in enumerate(slides, start=1):
        data, suffix = encode_card(slide.image, preset)
        rel = slide_rel(job, campaign_id, n, suffix)
        alt_rels = _alt_rels(rel, langs)
        full = Multilingual(**{line.lang: line.full() for line in slide.alt_lines})
        fitted = {line.lang: line.fit() for line in slide.alt_lines}
        left_out = {
            lang: [LeftOut(part=part.name, text=part.text) for part in parts]
            for lang, (_, parts) in fitted.items()
            if parts
        }
        entries.append(
            SlideEntry(
                status="rendered",
                **common,
                slide=n,
                featured=slide.featured,
                path=rel.as_posix(),
                width=preset.width,
                height=preset.height,
                bytes=len(data),
                alt=AltText(**{lang: full.get(lang) for lang in langs}, left_out=left_out or None),
                alt_path=alt_rels["both"],
                alt_paths={lang: alt_rels[lang] for lang in fitted},
            )
        )
        both = "".join(f"{lang}: {full.get(lang)}\n" for lang in langs)
        files += [(rel.as_posix(), data), (alt_rels["both"], both.encode())]
        files += [(alt_rels[lang], text.encode()) for lang, (text, _) in fitted.items()]
        listing.append(f"{rel.name}\n{both}")
    index = (folder(job, campaign_id) / "alt.txt").as_posix()
    files.append((index, "\n".join(listing).encode()))
    pdf = None
    if output.pdf:
        pdf = (folder(job, campaign_id).parent / f"{job.stem}.pdf").as_posix()
        files.append((pdf, pdf_of([s.image for s in slides])))
    whole = CarouselEntry(
        status="rendered",
        **common,
        subjects=list(job.subjects),
        path=index,
        slides=len(slides),
        width=preset.width,
        height=preset.height,
        pdf=pdf,
    )
    return Product((whole, *entries), tuple(files))


register(_Carousels())
