"""The campaign reel job kind: one video per ``outputs.reels[]`` entry and shape.

A reel is a video like a story (the same preparation, encode, platform limits, loudness,
captions and sidecars, made one encode at a time with the next prepared meanwhile: it is
:class:`~takatof.render.video.render.VideoKind` with its own jobs and key), but about the
campaign: its job has no subject, its own id (``variant``, the reel's ``id``) and the people
it features in order (``subjects``). Its files go into the campaign's folder,
``videos/<campaign>/<reel id>-<preset>.mp4``, and its manifest entries are the video entries
with ``template`` "reel", ``id`` the reel's id and ``person`` the campaign's id.

Its key covers what its bytes depend on and nothing else: the campaign's own fields (brand,
title, hashtags...), the video settings (music, timing), the reel's entry, and the featured
people with the contents of their media; editing someone the reel does not feature leaves it
unchanged.
"""

from __future__ import annotations

from typing import Any

from ...model import Project
from ...model.campaign import ReelOutput
from ...model.project import all_media
from ...templates import reel as reel_template
from ..jobs import Job, register
from ..keys import _by_id, _campaign, _digest, file_hash
from ..presets import get_preset
from .graph import Encoding
from .render import VideoKind

TEMPLATE = "reel"  # the template every reel job plans with (registered by importing it)


def reel_jobs(project: Project, only: set[str] | None = None, presets: set[str] | None = None) -> list[Job]:
    """A job per reel and preset. With ``only`` (certain people asked for) reels are left
    out, as campaign-wide cards are: a reel is about the campaign."""
    if only is not None:
        return []
    campaign = project.campaign
    jobs: list[Job] = []
    for output in campaign.outputs.reels:
        langs = campaign.output_languages(output.languages)
        featured = tuple(part.person for part in reel_template.reel_parts(campaign, output))
        jobs.extend(
            Job(
                "reel",
                TEMPLATE,
                preset,
                None,
                langs,
                bool(output.languages),
                variant=output.id,
                subjects=featured,
            )
            for preset in output.presets
            if presets is None or preset in presets
        )
    return jobs


def output_of(project: Project, job: Job) -> ReelOutput | None:
    """The reel entry ``job`` was made from (its id is unique: the project's checks say so)."""
    return next((reel for reel in project.campaign.outputs.reels if reel.id == job.variant), None)


def reel_key(project: Project, job: Job, encoding: Encoding | None) -> str:
    """Everything a reel's bytes depend on (see the module's docstring)."""
    data: dict[str, Any] = _campaign(project)
    data["output_languages"] = list(job.languages_of(project))
    people = _by_id(project, "people")
    data["people"] = [people.get(pid) for pid in job.subjects]
    data["video"] = project.campaign.video.model_dump(mode="json", by_alias=True)
    reel = output_of(project, job)
    data["reel"] = reel.model_dump(mode="json") if reel is not None else None
    data["encoding"] = repr(encoding)
    try:
        limits = get_preset(job.preset).video
    except KeyError:  # an unknown preset: its output fails, with or without a key
        limits = None
    data["limits"] = [limits.max_bytes, limits.max_s] if limits is not None else None
    shaped = {
        "brand": data.get("brand"),
        "video": data["video"],
        "people": [person for person in data["people"] if person],
    }
    media = sorted({(written, file_hash(project.resolve(written))) for _, written, _ in all_media(shaped)})
    return _digest("video", TEMPLATE, job.preset, data, media)


class _Reels(VideoKind):
    """The reel job kind: a story video's making, its own jobs, key and output entry."""

    name = "reel"

    def jobs(self, project: Project, only: set[str] | None, presets: set[str] | None) -> list[Job]:
        return reel_jobs(project, only, presets)

    def key(self, project: Project, job: Job, encoding: Encoding | None) -> str:
        return reel_key(project, job, encoding)

    def output_of(self, project: Project, job: Job) -> ReelOutput | None:
        return output_of(project, job)


REELS = register(_Reels())
