"""Story video: one person's story as a timeline, in any platform shape.

1. opening title (campaign title, tagline, hashtags, logo);
2. the person's photos with Ken Burns motion, then their clips, with a lower third and timed
   captions (from each language's SRT/WebVTT file, or from the story text where it has none);
3. the member count counting up, in the campaign's numeral style;
4. closing card: hashtags, call to action, logo.
A small logo bug stays in a corner between title and closing. Segments cross-fade. The media
section grows when the captions or the voice-over need more time than the photos give.

Every text is printed in the output's languages (``Subject.langs``: one or two of the
campaign's, first on top; Arabic above English by default), never a language named in the
code. The first language is the lead (larger, bold, white); a second one follows it in a
quieter style. One language is laid out for one: its captions take a shorter box with larger
type, and the lower third and the stat card put everything in that language, not a gap where a
second one would be. Each text carries its language (``TextStyle.lang``), so the text engine
can choose the face a language wants (Urdu in Nastaliq) and captions take its direction.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ..model import Multilingual
from ..model.campaign import CLIP_MIN_S, CaptionFiles, CueItem, MotionName, Transition, VideoSettings
from ..model.campaign import Clip as ProjectClip
from ..model.numbers import NumeralStyle, format_number
from ..model.phrases import phrase
from .captions import merge_languages, story_cues, stretch, wrap_lines
from .cards.common import Look, comma, direction_of, margin, style
from .cards.hashtag import HashtagCard, title_layers
from .layers import (
    Box,
    Canvas,
    Gap,
    Gradient,
    Layer,
    Picture,
    Rect,
    Stack,
    Text,
)
from .layers import isolate as isolate_text
from .registry import Params, Subject, register
from .spoken import (
    Tagged,
    before,
    clip_tracks,
    first_speaking,
    merged,
    read_caption_file,
    speaks,
    voice_tracks,
)
from .timeline import (
    FPS,
    Audio,
    Clip,
    ClipAudio,
    Counter,
    Cue,
    Cut,
    Fade,
    FocusKey,
    Motion,
    Overlay,
    Photo,
    Segment,
    Still,
    Timeline,
    even_box,
    frame_count,
    resolved,
    segment_starts,
    snap,
    total_duration,
)

# Ken Burns moves, cycled photo by photo so consecutive photos do not move alike: what a photo
# without a motion of its own gets (its focus, if any, shifts the move toward that point).
MOTIONS = (
    Motion(1.0, 1.12, 0.5, 0.5, 0.5, 0.5),
    Motion(1.12, 1.0, 0.42, 0.58, 0.5, 0.5),
    Motion(1.04, 1.14, 0.6, 0.45, 0.45, 0.55),
    Motion(1.14, 1.04, 0.5, 0.5, 0.58, 0.42),
)

ZOOM = 1.12
"""The zoom of the named moves: 12% closer over a photo's few seconds reads as gentle motion
(the cycle above moves as much), and it leaves a pan room to travel 11% of the photo."""


def named_motion(name: MotionName, focus: tuple[float, float] | None) -> Motion:
    """The Ken Burns move of a photo item's ``motion``, about its ``focus`` (default: the
    middle). Coordinates are fractions of the cover-cropped photo, which is cropped around the
    focus (:class:`~takatof.templates.timeline.Photo` ``centering``), so the focus is at the same
    fractions there.

    - ``zoom-in``: from the whole picture (1.0) to 1.12, closing in on the focus;
    - ``zoom-out``: the reverse, from 1.12 on the focus back to the whole picture;
    - ``pan-left`` / ``pan-right``: at 1.12 the view's centre crosses the picture from its right
      edge to its left (or back), at the focus's height; ``pan-up`` / ``pan-down``: from the
      bottom to the top (or back), at the focus's x;
    - ``still``: the whole picture, not moving.

    Every centre is clamped so the view stays inside the photo at its zoom (half the view,
    ``0.5 / zoom``, from each edge). Both ends being inside is enough: the motion is linear in
    zoom and centre, and the room at a zoom between two ends is never less than the straight
    line between them gives (the margin ``0.5 / zoom`` is convex), so no frame shows an edge."""
    fx, fy = focus or (0.5, 0.5)
    near, far = _room(ZOOM), 1.0 - _room(ZOOM)
    x, y = _clamp(fx, ZOOM), _clamp(fy, ZOOM)
    if name == "zoom-in":
        return Motion(1.0, ZOOM, 0.5, x, 0.5, y)
    if name == "zoom-out":
        return Motion(ZOOM, 1.0, x, 0.5, y, 0.5)
    if name == "pan-left":
        return Motion(ZOOM, ZOOM, far, near, y, y)
    if name == "pan-right":
        return Motion(ZOOM, ZOOM, near, far, y, y)
    if name == "pan-up":
        return Motion(ZOOM, ZOOM, x, x, far, near)
    if name == "pan-down":
        return Motion(ZOOM, ZOOM, x, x, near, far)
    return Motion(1.0, 1.0, 0.5, 0.5, 0.5, 0.5)  # still


def auto_motion(index: int, focus: tuple[float, float] | None) -> Motion:
    """The cycle's move for the ``index``-th photo; with a focus, its centres shifted by the
    focus's offset from the middle (and clamped to the photo), so the move favours it."""
    m = MOTIONS[index % len(MOTIONS)]
    if focus is None:
        return m  # exactly the move photos have always had
    dx, dy = focus[0] - 0.5, focus[1] - 0.5
    return Motion(
        m.zoom_from,
        m.zoom_to,
        _clamp(m.x_from + dx, m.zoom_from),
        _clamp(m.x_to + dx, m.zoom_to),
        _clamp(m.y_from + dy, m.zoom_from),
        _clamp(m.y_to + dy, m.zoom_to),
    )


def _room(zoom: float) -> float:
    """The nearest a view's centre can be to an edge at ``zoom``: half the view."""
    return 0.5 / max(1.0, zoom)


def _clamp(centre: float, zoom: float) -> float:
    return min(max(centre, _room(zoom)), 1.0 - _room(zoom))


class PhotoSpec(BaseModel):
    """One photo of the person as the story shows it: ``index`` in ``person.media``, and the
    item's own duration, motion and focus (None where the item leaves them to the story)."""

    model_config = ConfigDict(frozen=True)

    path: Path
    index: int
    duration: float | None = None
    motion: MotionName | None = None
    focus: tuple[float, float] | None = None
    transition: Transition | None = None  # the cut after it (None: the default cross-fade)
    span: tuple[float, float] | None = None  # the part of its move it plays (a split photo's half)


class ClipSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: Path
    start: float
    duration: float
    audio: bool
    index: int = 0  # in person.clips
    transition: Transition | None = None  # the cut after it (None: the default cross-fade)
    volume: float = 1.0  # its own sound's
    fade_in: float = 0.0
    fade_out: float = 0.0
    focus: tuple[FocusKey, ...] = ()  # where a reframed clip's view centres (its focus path)
    # What is said in it (Clip.captions), read, for the output's languages whose captions are
    # not the person's own cues or caption files: (start, end, text) per cue in seconds of the
    # clip's file, placed where the clip plays (:mod:`takatof.templates.spoken`).
    captions: dict[str, list[tuple[float, float, str]]] = Field(default_factory=dict)


def clip_focus(clip: ProjectClip) -> tuple[FocusKey, ...]:
    """A clip's focus path as the plan carries it: its ``focus_path``, else its fixed
    ``focus`` as one key, else none (the middle)."""
    if clip.focus_path:
        return tuple((key.t, key.x, key.y) for key in clip.focus_path)
    if clip.focus is not None:
        return ((clip.start, *clip.focus),)
    return ()


class StoryVideo(Params):
    scope: ClassVar = "person"

    look: Look
    where: str
    settings: VideoSettings
    title_card: HashtagCard
    closing_card: HashtagCard
    name: Multilingual
    group: Multilingual
    country_name: Multilingual
    story: Multilingual
    members: int
    members_label: Multilingual
    numerals: NumeralStyle
    country: str
    photos: list[PhotoSpec]
    clips: list[ClipSpec]
    voice: Path | None
    voice_s: float
    music: Path | None
    # The person's SRT/WebVTT files of the output's languages that have one, read: (start,
    # end, text) per cue, already timed. The other languages' captions come from the story.
    caption_files: dict[str, list[tuple[float, float, str]]]
    # The person's own captions (Person.cues): the languages they write come from them alone
    # (neither caption files nor the story text); the others as without them.
    cues: list[CueItem] | None = None
    # What the voice-over says (Person.voiceover_captions), read like a clip's captions: timed
    # in the voice-over's file, for the languages neither the cues nor the caption files write.
    voice_captions: dict[str, list[tuple[float, float, str]]] = Field(default_factory=dict)
    # The languages the video prints, first on top: one or two of the campaign's.
    langs: tuple[str, ...]
    fps: int = FPS  # the video's frame rate: durations snap to it and the Timeline carries it

    def clip_specs(self) -> dict[str, ClipSpec]:
        """Its clips by JSON path (``people[2].clips[0]``): what their sounds are made from."""
        return {f"{self.where}.clips[{c.index}]": c for c in self.clips}

    @classmethod
    def from_subject(cls, subject: Subject) -> StoryVideo:
        person = subject.person
        assert person is not None
        campaign = subject.campaign
        measure = subject.duration_of or (lambda path: 0.0)
        where = f"people[{campaign.people.index(person)}]"
        files = _caption_files(subject, skip=own_languages(person.cues), where=where)
        speech = [
            lang for lang in subject.langs if lang not in files and lang not in own_languages(person.cues)
        ]
        clips = []
        for index, clip in enumerate(person.clips):
            path = subject.resolve(clip.path)
            # What the picture lasts: an ``end`` past it by up to a frame (the length a
            # player shows; the media checks refuse more) is cut at the last frame.
            shown = measure(path)
            end = clip.end if clip.end is not None else shown
            if shown > 0:
                end = min(end, shown)
            duration = max(0.0, end - clip.start)
            clips.append(
                ClipSpec(
                    path=path,
                    start=clip.start,
                    duration=duration,
                    audio=clip.audio,
                    index=index,
                    transition=clip.transition,
                    volume=clip.volume,
                    fade_in=clip.fade_in_s,
                    fade_out=clip.fade_out_s,
                    focus=clip_focus(clip),
                    captions=speech_files(subject, clip.captions, speech, f"{where}.clips[{index}].captions"),
                )
            )
        voice = subject.resolve(person.voiceover) if person.voiceover else None
        look = Look.of(subject)
        card = HashtagCard.from_subject(subject)
        return cls(
            look=look,
            where=where,
            settings=campaign.video,
            title_card=card.model_copy(update={"show_cta": False}),
            closing_card=card.model_copy(update={"tagline": None}),
            name=person.name,
            group=person.group,
            country_name=person.country_name,
            story=person.story,
            members=person.members,
            members_label=person.members_label,
            numerals=campaign.brand.numerals_for(person.country),
            country=person.country,
            photos=[
                PhotoSpec(
                    path=subject.resolve(item.path),
                    index=index,
                    duration=item.duration_s,
                    motion=item.motion,
                    focus=item.focus,
                    transition=item.transition,
                    span=item.span,
                )
                for index, item in enumerate(person.media)
            ],
            clips=clips,
            voice=voice,
            voice_s=measure(voice) if voice else 0.0,
            music=subject.resolve(campaign.video.music) if campaign.video.music else None,
            caption_files=files,
            cues=person.cues,
            voice_captions=speech_files(
                subject, person.voiceover_captions, speech, f"{where}.voiceover_captions"
            )
            if voice
            else {},
            langs=subject.langs,
        )

    def alt_text(self) -> Multilingual:
        return Multilingual.of(
            {
                lang: phrase(
                    "alt_story_video",
                    lang,
                    name=self.name.get(lang),
                    group=self.group.get(lang),
                    country=self.country_name.get(lang),
                    story=self.story.get(lang),
                )
                for lang in self.langs
            }
        )


def own_languages(cues: list[CueItem] | None) -> set[str]:
    """The languages a person's own cues write (a text in at least one cue): theirs come from
    the cues alone; another language's keep coming from its caption file or the story (the
    Studio freezes the cues of the languages on screen when one is edited, and a video of the
    same person in other languages must not lose its captions for it)."""
    return {lang for cue in cues or [] for lang, text in cue.text.items() if text}


def _caption_files(subject: Subject, skip: set[str], where: str) -> dict[str, list[tuple[float, float, str]]]:
    """The cues of the person's caption files, for each of the output's languages that has
    one (a language without a file has its captions made from the story text), but those in
    ``skip`` (written by the person's own cues: their files are not read). ``where`` is the
    person's JSON path: a file that cannot be read is a problem at ``<where>.captions.<lang>``."""
    files = subject.person.captions if subject.person else None
    langs = [lang for lang in subject.langs if lang not in skip]
    return speech_files(subject, files, langs, f"{where}.captions")


def speech_files(
    subject: Subject, files: CaptionFiles | None, langs: Sequence[str], where: str
) -> dict[str, list[tuple[float, float, str]]]:
    """The cues of the caption files in ``files`` (a person's, a clip's, a voice-over's) for
    each of ``langs`` that has one, read (CaptionFileError at ``<where>.<lang>`` when one
    cannot be)."""
    written: dict[str, str] = files.model_dump(exclude_none=True) if files is not None else {}
    return {
        lang: read_caption_file(subject.resolve(written[lang]), written[lang], f"{where}.{lang}")
        for lang in langs
        if written.get(lang)
    }


@register("story", StoryVideo, "Story video", kind="video")
def story_video(p: StoryVideo, canvas: Canvas) -> Timeline:
    s, fps = p.settings, p.fps
    T = snap(s.transition_s, fps)
    title_s, stat_s, closing_s = snap(s.title_s, fps), snap(s.stat_s, fps), snap(s.closing_s, fps)

    # Captions from the story text for the languages without a caption file, timed by
    # reading speed; the media section lasts as long as they (or the voice-over) need. A
    # person's own cues are placed where they say and ask for no time.
    # What the voice-over's captions say is not told again from the story; the story is told
    # before the first clip that speaks (its own words follow), so those clips give it no time.
    own = own_languages(p.cues) & set(p.langs)
    told = [
        (lang, p.story.get(lang))
        for lang in p.langs
        if lang not in p.caption_files and lang not in own and lang not in p.voice_captions
    ]
    made = story_cues(told) if told else []
    story_need = (made[-1].end - made[0].start + 1.2) if made else 0.0
    voice_need = (p.voice_s + 1.0) if p.voice else 0.0
    speaking = speaking_clips(p)
    if speaking:
        media_segments = _media_segments(p, canvas, voice_need + T, story_need, speaking)
    else:
        media_segments = _media_segments(p, canvas, max(story_need, voice_need) + T)
    segments = fit_cuts(
        [
            Still(tuple(title_layers(p.title_card, canvas)), title_s, "title"),
            *media_segments,
            Still(tuple(_stat_layers(p, canvas)), stat_s, "stat"),
            Still(tuple(title_layers(p.closing_card, canvas)), closing_s, "closing"),
        ],
        T,
        fps,
    )
    media = segments[1:-2]
    starts = segment_starts(segments, T)
    media_at = starts[1]  # where the first photo starts on the output timeline
    media_len = total_duration(media, T)
    duration = total_duration(segments, T)
    voice_at = media_at + 0.4
    speech = clip_tracks(_speech_of(p), media, starts[1 : 1 + len(media)])
    if p.voice is not None:
        voice_len = min(p.voice_s or duration, duration - voice_at)
        speech |= _joined(
            speech, voice_tracks(p.voice_captions, voice_at, voice_len, f"{p.where}.voiceover_captions")
        )
    if own == set(p.langs):
        cues, sources = _own_cues(p, duration)
    elif speech or speaking:
        speech_at = first_speaking(media, starts[1 : 1 + len(media)], speaking)
        end = media_at + media_len if speech_at is None else speech_at
        made = before(stretch(made, media_at + 0.5, end - 0.5), end)
        cues, sources = with_speech(p, made, speech, _own_tracks(p, own, duration))
    else:
        made = stretch(made, media_at + 0.5, media_at + media_len - 0.5)
        cues = _with_files(p, made, _own_tracks(p, own, duration)) if p.caption_files or own else made
        sources = [f"{p.where}.cues" if own else f"{p.where}.story"] * len(cues)

    stat_at, closing_at = starts[-2], starts[-1]
    into_stat = _overlap_before(segments, T, len(segments) - 2)
    into_closing = _overlap_before(segments, T, len(segments) - 1)
    caption_box, third_box = _bottom_boxes(canvas, len(p.langs))
    overlays = [_lower_third(p, canvas, third_box, media_at + 0.3, media_at + min(5.5, media_len - 0.4))]
    overlays += [
        _caption(p, canvas, caption_box, i, cue, where)
        for i, (cue, where) in enumerate(zip(cues, sources, strict=True))
    ]
    if p.look.logo and s.logo_bug:
        size = round(84 * canvas.unit)
        box = even_box(Box(canvas.safe_box.x, canvas.safe_box.y, size, size))
        overlays.append(
            Overlay(
                "logo-bug",
                (Picture(p.look.logo, box, fit="contain"),),
                box,
                media_at,
                closing_at + into_closing,
            )
        )
    figure_box = _figure_box(canvas)
    counter = Counter(
        "members",
        p.members,
        figure_box,
        # No language face for the figure, as on the cards: its digits choose their own face
        # (the counter formats them in the first language: Counter.lang).
        style(canvas, 230, "sans", p.look.accent, bold=True, min_ratio=0.25, max_lines=1),
        start=stat_at + into_stat,
        end=stat_at + stat_s,
        count_s=min(2.0, stat_s * 0.45),
        lang=p.langs[0],
        numerals=p.numerals,
        country=p.country,
        fade=Fade(0.3, 0.3),
    )
    audio = Audio(
        duration=duration,
        music=p.music,
        voice=p.voice,
        voice_at=voice_at,
        voice_s=p.voice_s if p.voice else 0.0,
        clips=clip_sounds(
            {f"{p.where}.clips[{c.index}]": c for c in p.clips}, media, starts[1 : 1 + len(media)]
        ),
    )
    return Timeline(
        canvas.width, canvas.height, tuple(segments), T, tuple(overlays), (counter,), tuple(cues), audio, fps
    )


def _overlap_before(segments: list[Segment], transition: float, i: int) -> float:
    """The seconds segment ``i`` shares with the one before it (its transition in)."""
    return resolved(segments[i - 1].cut, transition).overlap


def clip_sounds(
    specs: Mapping[str, ClipSpec], segments: Sequence[Segment], starts: Sequence[float]
) -> tuple[ClipAudio, ...]:
    """The sound of each clip that keeps its own, where the clip plays on the timeline, with
    the clip's volume and fades (a fade no longer than the clip); ``specs`` are the clips by
    JSON path (a story's one person's, a reel's every section's)."""
    sounds = []
    for m, at in zip(segments, starts, strict=True):
        if not (isinstance(m, Clip) and m.audio):
            continue
        spec = specs[m.source]
        sounds.append(
            ClipAudio(
                m.path,
                m.start,
                at,
                m.duration,
                m.source,
                volume=spec.volume,
                fade_in=min(spec.fade_in, m.duration),
                fade_out=min(spec.fade_out, m.duration),
            )
        )
    return tuple(sounds)


def _own_cues(p: StoryVideo, duration: float) -> tuple[list[Cue], list[str]]:
    """The person's own cues (``Person.cues``) when they write every one of the output's
    languages, in its order: a language a cue has no text for shows nothing then (another
    cue writes it), and a cue with nothing in any of them,
    or one that starts after the video ends, shows nothing at all. With each, the JSON path
    of its texts (``people[0].cues[2].text``)."""
    cues: list[Cue] = []
    sources: list[str] = []
    for i, item in enumerate(p.cues or []):
        texts = [(lang, item.text.get(lang, "")) for lang in p.langs]
        if item.start_s >= duration or not any(text for _, text in texts):
            continue
        cues.append(Cue.of(item.start_s, min(item.end_s, duration), texts))
        sources.append(f"{p.where}.cues[{i}].text")
    return cues, sources


def cut_of(transition: Transition | None, fps: int) -> Cut | None:
    """The timeline's cut for an item's ``transition`` (None: the default cross-fade), its
    length in whole frames; a dip's in an even number of them, so its middle frame, all
    colour, is the first of the second half."""
    if transition is None:
        return None
    if transition.kind == "cut":
        return Cut("cut", 0.0)
    frames = round(transition.duration_s * fps)
    if transition.kind in ("dip-black", "dip-white"):
        frames = 2 * max(1, round(transition.duration_s * fps / 2))
    return Cut(transition.kind, max(1, frames) / fps)


def fit_cuts(segments: list[Segment], transition: float, fps: int) -> list[Segment]:
    """``segments`` with each cut shortened to fit: at most half of the shorter of the two
    segments it joins, less a frame, so no segment is all transition (a 2 s dip between
    1.5 s photos) and the cuts into and out of a segment never overlap each other (which
    played some of its frames twice and put the rest of the video a frame behind its plan).
    The default cross-fade too (a 1 s clip between two), which then becomes the segment's
    own, shorter cut; where it fits it is left as it always was."""
    out = list(segments)
    for i, (segment, after) in enumerate(itertools.pairwise(segments)):
        cut = resolved(segment.cut, transition)
        if cut.kind == "cut":
            continue
        shorter = min(frame_count(segment.duration, fps), frame_count(after.duration, fps))
        most = max(0, (shorter - 1) // 2)
        if cut.kind != "crossfade":
            most -= most % 2
        if round(cut.duration * fps) > most:
            fitted = Cut(cut.kind, most / fps) if most > 0 else Cut("cut", 0.0)
            out[i] = dataclasses.replace(segment, cut=fitted)
    return out


def _with_files(
    p: StoryVideo, made: list[Cue], own: dict[str, list[tuple[float, float, str]]] | None = None
) -> list[Cue]:
    """The cues of the person's own captions, the caption files and those made from the story
    text, one track per language in the output's order (each language from the first of the
    three that has it), merged: each interval shows what every language has on screen then."""
    own = own or {}
    tracks = [
        (lang, own[lang])
        if lang in own
        else (lang, p.caption_files[lang])
        if lang in p.caption_files
        else (lang, [(c.start, c.end, c.text(lang)) for c in made if c.text(lang)])
        for lang in p.langs
    ]
    return merge_languages(tracks)


def speaking_clips(p: StoryVideo) -> set[str]:
    """The JSON paths of the clips that show captions of what is said in them (some cue of
    theirs falls in their trimmed part): the story is told before the first of them."""
    return {
        f"{p.where}.clips[{c.index}]"
        for c in p.clips
        if c.duration >= CLIP_MIN_S and c.captions and speaks(c.captions, c.start, c.duration)
    }


def _speech_of(p: StoryVideo) -> dict[str, dict[str, list[tuple[float, float, str]]]]:
    """Each clip's speech captions by its JSON path (the segments' ``source``)."""
    return {where: spec.captions for where, spec in p.clip_specs().items() if spec.captions}


def _joined(first: dict[str, Tagged], then: dict[str, Tagged]) -> dict[str, Tagged]:
    """Each language's cues of ``first`` then those of ``then`` (a clip's speech first: where
    the voice-over talks over a clip that speaks, the clip's words are the ones shown)."""
    return {lang: first.get(lang, []) + then.get(lang, []) for lang in {**first, **then}}


def with_speech(
    p: StoryVideo, made: list[Cue], speech: dict[str, Tagged], own: dict[str, list[tuple[float, float, str]]]
) -> tuple[list[Cue], list[str]]:
    """The captions of a video with speech captions, with each cue's JSON path: a language the
    person's own cues or caption files write comes from them alone (as without speech); any
    other shows what its clips and voice-over say, and the story text (``made``, already
    timed before the first clip that speaks) where the voice-over's captions do not say it."""
    tracks: dict[str, Tagged] = {}
    for lang in p.langs:
        if lang in own:
            tracks[lang] = [(s, e, t, f"{p.where}.cues") for s, e, t in own[lang]]
        elif lang in p.caption_files:
            tracks[lang] = [(s, e, t, f"{p.where}.captions") for s, e, t in p.caption_files[lang]]
        else:
            told = [(c.start, c.end, c.text(lang), f"{p.where}.story") for c in made if c.text(lang)]
            tracks[lang] = speech.get(lang, []) + told
    return merged(p.langs, tracks, f"{p.where}.story")


def _own_tracks(p: StoryVideo, own: set[str], duration: float) -> dict[str, list[tuple[float, float, str]]]:
    """The person's own cues of the languages in ``own``, one track each, cut at the video's end."""
    return {
        lang: [
            (cue.start_s, min(cue.end_s, duration), cue.text[lang])
            for cue in p.cues or []
            if cue.text.get(lang) and cue.start_s < duration
        ]
        for lang in own
    }


def _media_segments(
    p: StoryVideo, canvas: Canvas, need: float, story_need: float = 0.0, speaking: set[str] | None = None
) -> list[Segment]:
    """Photos then clips. Each photo shows for its own ``duration_s`` or ``video.photo_s``;
    when captions or voice need more time than that, the photos without a duration of their
    own lengthen evenly (a duration someone set is kept), or, when every photo has one, all
    of them stretch in proportion (nothing else can give the time).

    With clips that speak (``speaking``: their JSON paths), ``need`` is the voice's alone and
    the story's captions (``story_need``) are told before the first of them: the photos (and
    the silent clips before it) must hold them, the speaking clips carry their own words."""
    s, fps = p.settings, p.fps
    T = snap(s.transition_s, fps)
    kept = [c for c in p.clips if c.duration >= CLIP_MIN_S]  # a shorter one: a media problem
    clips = [
        Clip(
            c.path,
            snap(c.duration, fps),
            c.start,
            c.audio,
            f"{p.where}.clips[{c.index}]",
            cut=cut_of(c.transition, fps),
            focus=c.focus,
        )
        for c in kept
    ]
    durations = [photo.duration if photo.duration is not None else s.photo_s for photo in p.photos]
    if p.photos:
        clip_len = sum(c.duration for c in clips)
        # The overlaps inside the media section (each item's cut but the last one's).
        cuts = [cut_of(photo.transition, fps) for photo in p.photos] + [c.cut for c in clips]
        overlap = sum(resolved(cut, T).overlap for cut in cuts[:-1])
        wanted = need + overlap - clip_len  # the photos' share of the time needed
        first = next((k for k, c in enumerate(clips) if c.source in (speaking or set())), None)
        if first is not None:  # the time from the first photo to the clip that speaks first
            into = sum(resolved(cut, T).overlap for cut in cuts[: len(p.photos) + first])
            wanted = max(wanted, story_need + into - sum(c.duration for c in clips[:first]))
        free = [i for i, photo in enumerate(p.photos) if photo.duration is None]
        if free:
            own = sum(d for i, d in enumerate(durations) if i not in free)
            each = max(s.photo_s, (wanted - own) / len(free))
            durations = [each if i in free else d for i, d in enumerate(durations)]
        elif wanted > sum(durations):
            durations = [d * wanted / sum(durations) for d in durations]
    photos = [
        Photo(
            photo.path,
            snap(duration, fps),
            _motion(photo, shot),
            photo.focus or (0.5, 0.5),
            f"{p.where}.media[{photo.index}]",
            ground=(Gradient(canvas.box, (p.look.primary, p.look.dark)),),
            cut=cut_of(photo.transition, fps),
        )
        for photo, duration, shot in zip(p.photos, durations, _shots(p.photos), strict=True)
    ]
    if photos or clips:
        return [*photos, *clips]
    # Nothing to show: the brand gradient carries the captions.
    placeholder = (Gradient(canvas.box, (p.look.primary, p.look.dark)),)
    return [Still(placeholder, snap(max(s.photo_s, need), fps), "media")]


def _motion(photo: PhotoSpec, i: int) -> Motion:
    """A photo's move: its named motion, else the ``i``-th of the story's cycle; only the
    part of it the photo's ``span`` says (a split photo's halves play one move between them)."""
    move = named_motion(photo.motion, photo.focus) if photo.motion else auto_motion(i, photo.focus)
    return part_of(move, *photo.span) if photo.span else move


def part_of(move: Motion, start: float, end: float) -> Motion:
    """The stretch of ``move`` from fraction ``start`` to ``end`` of it: the move is linear in
    zoom and centre, so the part is the move between the two points, and two parts that meet
    at a fraction show the same view there (a split photo moves on across its cut)."""

    def at(a: float, b: float, t: float) -> float:
        return a + (b - a) * t

    return Motion(
        at(move.zoom_from, move.zoom_to, start),
        at(move.zoom_from, move.zoom_to, end),
        at(move.x_from, move.x_to, start),
        at(move.x_from, move.x_to, end),
        at(move.y_from, move.y_to, start),
        at(move.y_from, move.y_to, end),
    )


def _shots(photos: list[PhotoSpec]) -> list[int]:
    """Each photo's place in the story's cycle of moves: a photo whose span starts after 0
    continues the one before it (the second half of a split photo), so it takes the same move
    and the photos after it keep theirs."""
    shots, shot = [], -1
    for photo in photos:
        if not (photo.span and photo.span[0] > 0 and shot >= 0):
            shot += 1
        shots.append(shot)
    return shots


# The caption box's height (at a 1080 px canvas) for one language and for two, on tall canvases
# and the others: two lines of one language need about two thirds of what two languages' four
# lines take, so a one-language video does not cover the picture with an empty band.
_CAPTION_H = {(1, True): 210, (1, False): 160, (2, True): 300, (2, False): 230}


def _bottom_boxes(canvas: Canvas, langs: int = 2) -> tuple[Box, Box]:
    """The caption box at the bottom of the safe zone and the lower-third box above it, both
    sized for ``langs`` languages."""
    safe, u = canvas.safe_box, canvas.unit
    caption_h = round(_CAPTION_H[min(langs, 2), canvas.shape == "tall"] * u)
    third_h = round((190 if langs > 1 else 150) * u)  # one language: two lines, not three
    rest, caption = safe.take_bottom(caption_h)
    _, third = rest.take_bottom(third_h, round(24 * u))
    return even_box(caption), even_box(third)


# Caption type (at a 1080 px canvas): the lead language, a second one under it, and a video in
# one language, whose lines have the box to themselves.
_CAPTION_LEAD, _CAPTION_SECOND, _CAPTION_ALONE = 42, 34, 46


class Speaker(Protocol):
    """What the lower third and the captions read of their video: a story's parameters, or
    one person's section of a campaign reel (:mod:`takatof.templates.reel`)."""

    @property
    def look(self) -> Look: ...
    @property
    def langs(self) -> tuple[str, ...]: ...
    @property
    def where(self) -> str: ...
    @property
    def name(self) -> Multilingual: ...
    @property
    def group(self) -> Multilingual: ...
    @property
    def country_name(self) -> Multilingual: ...


def _caption(p: Speaker, canvas: Canvas, box: Box, index: int, cue: Cue, where: str) -> Overlay:
    """Cue ``index`` as an overlay; ``where`` is the JSON path of its texts (each language's
    text is ``where.<code>``)."""
    u, look = canvas.unit, p.look
    texts: list[Text | Gap] = []
    alone = len(p.langs) == 1
    # Lines break where the sidecar files break them (balanced, at most 42 characters). The
    # breaks are inside one sentence, so every line keeps the language's direction: with
    # "auto", an Arabic line that starts with a Latin name ("Cairo Runners ليجتمع") was laid
    # out left to right and read backwards.
    for lang, text in cue.shown:
        lead = lang == p.langs[0]
        if texts:
            texts.append(Gap(round(10 * u)))
        size = _CAPTION_ALONE if alone else _CAPTION_LEAD if lead else _CAPTION_SECOND
        texts.append(
            Text(
                "\n".join(wrap_lines(text, lang=lang)),
                style(
                    canvas,
                    size,
                    look.body,
                    "#FFFFFF" if lead else look.secondary,
                    bold=lead,
                    max_lines=2,
                    direction=direction_of(lang),
                    lang=lang,
                ),
                f"{where}.{lang}",
            )
        )
    pad = round(22 * u)
    layers = (
        Rect(box, look.dark, radius=round(18 * u), opacity=0.72),
        Stack(box.inset(pad, round(14 * u)), tuple(texts)),
    )
    return Overlay(f"caption-{index + 1}", layers, box, cue.start, cue.end, Fade(0.2, 0.2))


def _isolated(field: Multilingual, lang: str) -> str:
    """One language of a field as a bidi isolate, for composing it into a line."""
    return isolate_text(field.get(lang))


def _lower_third(
    p: Speaker, canvas: Canvas, box: Box, start: float, end: float, extra: Sequence[Text] = ()
) -> Overlay:
    """The name, "group · country" and the second language's line; ``extra`` lines under
    them (a reel's local time)."""
    u, look = canvas.unit, p.look
    bar = round(10 * u)
    # Each field is a bidi isolate: nothing typed in one (an RLO left open) can reorder the next.
    first, *rest = p.langs
    group, country = (_isolated(f, first) for f in (p.group, p.country_name))
    items: list[Text] = [
        Text(
            p.name.get(first),
            style(canvas, 46, look.heading, "#FFFFFF", bold=True, max_lines=1, lang=first),
            f"{p.where}.name.{first}",
        ),
        Text(
            f"{group} · {country}",
            style(canvas, 30, look.body, look.accent, max_lines=1, lang=first),
            f"{p.where}.group.{first}",
        ),
    ]
    for lang in rest:  # the second language: the name with the group and country in one line
        line = _second_line(p, first, lang)
        if line:
            items.append(
                Text(
                    line,
                    style(canvas, 28, look.body, "#FFFFFF", max_lines=1, lang=lang),
                    f"{p.where}.name.{lang}",
                )
            )
    items += extra
    layers = (
        Rect(box, look.primary, radius=round(16 * u), opacity=0.92),
        Rect(Box(box.x, box.y, box.w, bar), look.accent, radius=bar // 2),
        Stack(box.inset(round(24 * u), round(16 * u)), tuple(items)),
    )
    return Overlay("lower-third", layers, box, start, end, Fade(0.45, 0.35, slide=round(40 * u)))


def _second_line(p: Speaker, first: str, lang: str) -> str:
    """The lower third's line in the second language: "name · group, country", leaving out
    what reads exactly as in the first language (a name written alike in French and English
    is printed once); empty when nothing is left."""
    same = [f.get(lang) == f.get(first) for f in (p.name, p.group, p.country_name)]
    if all(same):
        return ""
    name, group, country = (_isolated(f, lang) for f in (p.name, p.group, p.country_name))
    place = f"{group}{comma(lang)}{country}"
    return place if same[0] else f"{name} · {place}"


def _figure_box(canvas: Canvas) -> Box:
    safe = canvas.safe_box
    h = round(safe.h * (0.3 if canvas.shape == "tall" else 0.36))
    return even_box(Box(safe.x, safe.y + round(safe.h * 0.16), safe.w, h))


def _stat_layers(p: StoryVideo, canvas: Canvas) -> list[Layer]:
    """The stat segment's background and labels; the number itself is the Counter overlay."""
    look = p.look
    photo = p.photos[1 % len(p.photos)].path if p.photos else None
    layers: list[Layer] = [Gradient(canvas.box, (look.primary, look.dark))]
    if photo is not None:
        layers += [
            Picture(photo, canvas.box),
            Gradient(canvas.box, (look.dark, look.dark), opacities=(0.62, 0.9)),
        ]
    figure = _figure_box(canvas)
    below = Box(
        canvas.safe_box.x,
        figure.bottom + margin(canvas) // 2,
        canvas.safe_box.w,
        canvas.safe_box.bottom - figure.bottom - margin(canvas) // 2,
    )
    return [*layers, Stack(below, tuple(_stat_items(p, canvas)), valign="top")]


def _stat_items(p: StoryVideo, canvas: Canvas) -> list[Text | Gap]:
    """The stat card's words under the counter, which shows the first language's figure: its
    label, then the group. A second language gets its label (with its own figure when its
    digits differ from the counter's) and "group · country" in its own line; one language
    alone gets the country on a line of its own instead."""
    look, u = p.look, canvas.unit
    first, *rest = p.langs
    figure = format_number(p.members, first, p.numerals, p.country)
    labels: list[Text | Gap] = [
        Text(
            p.members_label.get(first),
            style(canvas, 58, look.heading, look.text, bold=True, lang=first),
            f"{p.where}.members_label.{first}",
        )
    ]
    groups: list[Text | Gap] = [
        Text(
            p.group.get(first),
            style(canvas, 44, look.heading, look.text, bold=True, lang=first),
            f"{p.where}.group.{first}",
        )
    ]
    for lang in rest:
        own = format_number(p.members, lang, p.numerals, p.country)
        label = p.members_label.get(lang)
        labels.append(
            Text(
                label if own == figure else f"{own} {_isolated(p.members_label, lang)}",
                style(canvas, 40, look.body, look.secondary, lang=lang),
                f"{p.where}.members_label.{lang}",
            )
        )
        group = p.group.get(lang)
        place = (
            p.country_name.get(lang)  # the group is written alike: printed once, above
            if group == p.group.get(first)
            else f"{_isolated(p.group, lang)} · {_isolated(p.country_name, lang)}"
        )
        groups.append(
            Text(
                place,
                style(canvas, 32, look.body, look.text, lang=lang),
                f"{p.where}.group.{lang}",
            )
        )
    if not rest:
        groups.append(
            Text(
                p.country_name.get(first),
                style(canvas, 32, look.body, look.text, lang=first),
                f"{p.where}.country_name.{first}",
            )
        )
    return [*labels, Gap(round(36 * u)), *groups]
