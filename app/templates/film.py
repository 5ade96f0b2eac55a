"""Film: footage first. A person's clips back to back, as they were shot, with nothing around
them but what a subtitled film carries.

What a producer cutting a hero film for social expects: the clips (reframed to the shape
along each clip's focus or focus path), the burned-in captions in the output's languages (the
person's own cues, their caption files, else what each clip says, from its ``captions`` timed
in the clip and placed where it plays, with the story text timed by reading speed before the
first clip that speaks, as a story video gets them), the logo bug, the clips' own sound under
any music, and, when the output asks (``end_card``), the closing card with the hashtags. No
opening title, no lower third and no member count: the footage speaks for itself from its
first frame.

The film is planned from the same per-person parameters as the story video
(:class:`~takatof.templates.story.StoryVideo`), so its captions, clip timing, cuts and sound
are the story's, and the three consumers of a plan (the FFmpeg graph, the preview and the
Studio's timeline) read it unchanged.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from ..model import Campaign, Person
from .captions import story_cues, stretch
from .cards.hashtag import title_layers
from .layers import Box, Canvas, Picture
from .registry import Subject, register
from .spoken import CaptionFileError, before, clip_tracks, first_speaking
from .story import (
    StoryVideo,
    _bottom_boxes,
    _caption,
    _own_cues,
    _own_tracks,
    _speech_of,
    _with_files,
    clip_sounds,
    fit_cuts,
    own_languages,
    speaking_clips,
    with_speech,
)
from .story import _media_segments as media_segments
from .timeline import (
    Audio,
    Cue,
    Overlay,
    Segment,
    Still,
    Timeline,
    even_box,
    resolved,
    segment_starts,
    snap,
    total_duration,
)


class FilmVideo(StoryVideo):
    """A story's parameters without its photos and voice-over, whether the film ends on the
    closing card, and whether the story text makes captions (the campaign's own footage has no
    story: its captions are its cues alone)."""

    scope: ClassVar = "campaign"  # type: ignore[assignment]  # a film entry's: its person is the featured one

    end_card: bool = True
    story_captions: bool = True

    @classmethod
    def from_subject(cls, subject: Subject) -> FilmVideo:
        """A person's film (the one person the job features), or, featuring no one, the film of
        the output's own ``clips``."""
        output = subject.output
        end_card = bool(getattr(output, "end_card", True))
        campaign = subject.campaign
        if subject.featured:
            person = campaign.person(subject.featured[0])
            story = StoryVideo.from_subject(dataclasses.replace(subject, person=person))
            fields = {**dict(story), "photos": [], "voice": None, "voice_s": 0.0, "voice_captions": {}}
            return cls(**fields, end_card=end_card)
        return cls._campaign_film(subject, end_card)

    @classmethod
    def _campaign_film(cls, subject: Subject, end_card: bool) -> FilmVideo:
        """The film of the campaign's own footage (``FilmOutput.clips``): the campaign's look
        and closing card, no person, no captions but none to make."""
        campaign, output = subject.campaign, subject.output
        stand_in = footage_person(campaign, output)
        # The stand-in is one of the campaign's people only for the story's planning to read.
        with_it = campaign.model_copy(update={"people": [*campaign.people, stand_in]})
        where = f"outputs.films[{film_index(campaign, output)}]"
        try:
            story = StoryVideo.from_subject(dataclasses.replace(subject, campaign=with_it, person=stand_in))
        except CaptionFileError as exc:  # a clip's caption file, told at the film entry's clip
            stood = f"people[{len(campaign.people)}]"
            raise CaptionFileError(exc.where.replace(stood, where, 1), str(exc)) from None
        fields = {
            **dict(story),
            "photos": [],
            "voice": None,
            "voice_s": 0.0,
            "voice_captions": {},
            "where": where,
        }

        return cls(**fields, end_card=end_card, story_captions=False)


def film_index(campaign: Campaign, output: object) -> int:
    """The place of a film entry in ``outputs.films`` (for its JSON paths)."""
    return next((i for i, film in enumerate(campaign.outputs.films) if film is output), 0)


def footage_person(campaign: Campaign, output: object) -> Person:
    """The campaign's own footage (a film entry's ``clips``) as a person holding those clips:
    what a story's planning and the media checks read. Its texts are the campaign's title
    (a film of the campaign shows none of them)."""
    clips = list(getattr(output, "clips", None) or [])
    return Person.model_validate(
        {
            "id": campaign.id,
            "name": campaign.title,
            "group": campaign.title,
            "country": "AE",
            "country_name": campaign.title,
            "members": 0,
            "quote": campaign.title,
            "story": campaign.title,
            "clips": [clip.model_dump(exclude_none=True) for clip in clips],
        }
    )


@register("film", FilmVideo, "Film", kind="video")
def film_video(p: FilmVideo, canvas: Canvas) -> Timeline:
    s, fps = p.settings, p.fps
    T = snap(s.transition_s, fps)
    own = own_languages(p.cues) & set(p.langs)
    told = [
        (lang, p.story.get(lang))
        for lang in p.langs
        if p.story_captions and lang not in p.caption_files and lang not in own
    ]
    made = story_cues(told) if told else []
    footage = media_segments(p, canvas, 0.0)  # the clips as they are: the captions fit them
    closing: list[Segment] = []
    if p.end_card:
        closing = [Still(tuple(title_layers(p.closing_card, canvas)), snap(s.closing_s, fps), "closing")]
    segments = fit_cuts([*footage, *closing], T, fps)
    clips = segments[: len(footage)]
    starts = segment_starts(segments, T)
    footage_len = total_duration(clips, T)
    duration = total_duration(segments, T)
    speaking = speaking_clips(p)
    speech = clip_tracks(_speech_of(p), clips, starts[: len(clips)])
    if own == set(p.langs):
        cues, sources = _own_cues(p, duration)
    elif speech or speaking:  # the story is told before the first clip that speaks
        speech_at = first_speaking(clips, starts[: len(clips)], speaking)
        end = footage_len if speech_at is None else speech_at
        made = before(stretch(made, 0.5, max(1.0, end - 0.5)), end)
        cues, sources = with_speech(p, made, speech, _own_tracks(p, own, duration))
    else:
        made = stretch(made, 0.5, max(1.0, footage_len - 0.5))
        cues = _with_files(p, made, _own_tracks(p, own, duration)) if p.caption_files or own else made
        sources = [f"{p.where}.cues" if own else f"{p.where}.story"] * len(cues)
    cues, sources = on_footage(cues, sources, footage_len)
    caption_box, _ = _bottom_boxes(canvas, len(p.langs))
    overlays: list[Overlay] = [
        _caption(p, canvas, caption_box, i, cue, where)
        for i, (cue, where) in enumerate(zip(cues, sources, strict=True))
    ]
    if p.look.logo and s.logo_bug:
        into_closing = resolved(segments[-2].cut, T).overlap if closing and len(segments) > 1 else 0.0
        end = starts[-1] + into_closing if closing else duration
        size = round(84 * canvas.unit)
        box = even_box(Box(canvas.safe_box.x, canvas.safe_box.y, size, size))
        overlays.append(Overlay("logo-bug", (Picture(p.look.logo, box, fit="contain"),), box, 0.0, end))
    audio = Audio(
        duration=duration,
        music=p.music,
        clips=clip_sounds(p.clip_specs(), clips, starts[: len(clips)]),
    )
    return Timeline(
        canvas.width, canvas.height, tuple(segments), T, tuple(overlays), (), tuple(cues), audio, fps
    )


SHORTEST_CUE_S = 0.2
"""A caption cut to less than this at the footage's end is left out: a flash, not a caption."""


def on_footage(cues: list[Cue], sources: list[str], end: float) -> tuple[list[Cue], list[str]]:
    """The cues (with their JSON paths) cut at the footage's ``end``: captions belong to the
    footage, not to the closing card, which has its own words; a story text longer than the
    footage is told as far as the footage goes."""
    kept = [
        (dataclasses.replace(cue, end=min(cue.end, end)), where)
        for cue, where in zip(cues, sources, strict=True)
        if cue.start < end - SHORTEST_CUE_S
    ]
    return [cue for cue, _ in kept], [where for _, where in kept]
