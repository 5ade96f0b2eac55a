"""The film job kind: one video per ``outputs.films[]`` entry, person and shape.

A film is made as a story video is (the same preparation, encode, platform limits, loudness,
captions and sidecars, one encode at a time with the next prepared meanwhile: it is
:class:`~takatof.render.video.render.VideoKind` with its own jobs and key), planned by the
"film" template (:mod:`takatof.templates.film`): the footage with its captions, logo bug and
closing card, no title, lower third or member count.

Each chosen person (``FilmOutput.people``, default everyone with clips) gets a film of their
clips: its job's subject is the person and it features them (``subjects``), so its files go
into their folder, ``videos/<person>/<film id>-<preset>.mp4``. The campaign's own footage
(``FilmOutput.clips``) is one more film about the campaign (no subject, the campaign's
folder). Manifest entries are the video entries with ``template`` "film" and ``id`` the film's.

Its key is the story video's key of the same data (the person, the campaign, the video
settings, the encoding and the platform's limits, with every media file's content) and the
film's entry, with the contents of its own clips.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence

from ...model import Problem, Project
from ...model.campaign import FilmOutput
from ...templates import film as film_template  # registers the "film" template
from ..jobs import Job, Product, Run, register
from ..keys import file_hash, video_key
from ..presets import get_preset
from .graph import Encoding
from .probe import check_person_media
from .render import VideoKind, failed_video, folder_of

TEMPLATE = "film"  # the template every film job plans with (registered by importing it)


def film_people(project: Project, output: FilmOutput) -> list[str]:
    """Whose films ``output`` asks for: its ``people`` in order, default everyone with clips
    (when it has footage of its own and names no one: only that film)."""
    if output.people is not None:
        return list(output.people)
    if output.clips:
        return []
    return [person.id for person in project.campaign.people if person.clips]


def film_jobs(project: Project, only: set[str] | None = None, presets: set[str] | None = None) -> list[Job]:
    """A job per film entry, person and preset (a person's film only when ``only`` names
    them), and one per preset for the campaign's own footage (left out with ``only``, as
    campaign-wide outputs are)."""
    campaign = project.campaign
    jobs: list[Job] = []
    for output in campaign.outputs.films:
        langs = campaign.output_languages(output.languages)
        shapes = [preset for preset in output.presets if presets is None or preset in presets]
        named = bool(output.languages)
        for person in film_people(project, output):
            if only is None or person in only:
                jobs += [
                    Job("film", TEMPLATE, preset, person, langs, named, variant=output.id, subjects=(person,))
                    for preset in shapes
                ]
        if output.clips and only is None:
            jobs += [
                Job("film", TEMPLATE, preset, None, langs, named, variant=output.id) for preset in shapes
            ]
    return jobs


def output_of(project: Project, job: Job) -> FilmOutput | None:
    """The film entry ``job`` was made from (ids are unique: the project's checks say so)."""
    return next((film for film in project.campaign.outputs.films if film.id == job.variant), None)


def film_key(project: Project, job: Job, encoding: Encoding | None) -> str:
    """Everything a film's bytes depend on (see the module's docstring)."""
    base = video_key(project, TEMPLATE, job.preset, job.person, encoding, job.languages_of(project))
    output = output_of(project, job)
    entry = output.model_dump(mode="json") if output is not None else None
    own = [] if output is None or job.subject is not None else output.clips or []
    footage = [(clip.path, file_hash(project.resolve(clip.path))) for clip in own]
    data = json.dumps([base, entry, footage], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def footage_problems(project: Project, job: Job) -> list[Problem]:
    """What is wrong with the campaign's own footage a film shows (a missing or unreadable
    clip, at ``outputs.films[i].clips[j]``), checked as a person's clips are; nothing for a
    person's film, whose media the video's own checks look at."""
    output = output_of(project, job)
    if job.subject is not None or output is None:
        return []
    campaign = project.campaign
    preset = get_preset(job.preset)
    where = f"outputs.films[{film_template.film_index(campaign, output)}]"
    person = film_template.footage_person(campaign, output)
    return check_person_media(person, where, project.resolve, preset.width, preset.height)


def _refused(project: Project, job: Job) -> Product | None:
    """The failed product of a film whose footage cannot be shown, or None."""
    problems = footage_problems(project, job)
    if not problems:
        return None
    return Product(tuple(failed_video(job, "; ".join(str(p) for p in problems), folder_of(project, job))))


class _Films(VideoKind):
    """The film job kind: a story video's making, its own jobs, key and output entry; a film
    of the campaign's footage is refused first when that footage cannot be shown (the story's
    checks look at people's media only)."""

    name = "film"

    def jobs(self, project: Project, only: set[str] | None, presets: set[str] | None) -> list[Job]:
        return film_jobs(project, only, presets)

    def key(self, project: Project, job: Job, encoding: Encoding | None) -> str:
        return film_key(project, job, encoding)

    def output_of(self, project: Project, job: Job) -> FilmOutput | None:
        return output_of(project, job)

    def make(self, run: Run, job: Job) -> Product:
        return _refused(run.project, job) or super().make(run, job)

    def sequence(self, run: Run, jobs: Sequence[Job]) -> Iterator[tuple[Job, Product]]:
        refused = {job: _refused(run.project, job) for job in jobs}
        for job, product in refused.items():
            if product is not None:
                yield job, product
        yield from super().sequence(run, [job for job in jobs if refused[job] is None])


FILMS = register(_Films())
