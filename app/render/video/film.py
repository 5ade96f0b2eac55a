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

from ...model import Project
from ...model.campaign import FilmOutput
from ...templates import film as film_template  # noqa: F401  (registers the "film" template)
from ..jobs import Job, register
from ..keys import file_hash, video_key
from .graph import Encoding
from .render import VideoKind

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


class _Films(VideoKind):
    """The film job kind: a story video's making, its own jobs, key and output entry."""

    name = "film"

    def jobs(self, project: Project, only: set[str] | None, presets: set[str] | None) -> list[Job]:
        return film_jobs(project, only, presets)

    def key(self, project: Project, job: Job, encoding: Encoding | None) -> str:
        return film_key(project, job, encoding)

    def output_of(self, project: Project, job: Job) -> FilmOutput | None:
        return output_of(project, job)


FILMS = register(_Films())
