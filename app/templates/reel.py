"""Campaign reel: one video about the whole campaign, strung from each person's best moment.

1. an opening (the campaign's title, tagline and hashtags: the story's title card);
2. per chosen person (``ReelOutput.people``, default everyone in the project's order) a
   section of ``segment_s`` seconds showing a range of their photos and clips as the story
   plays them (same motion, focus and clip trims), with a lower third (name, group, country
   and, for a reel with a ``moment``, the local time at their place: "Karachi 18:40") and the
   section's caption (its own, default the person's quote) as timed captions; where a clip
   of the section speaks (its ``captions``, timed in the clip), its words while it plays and
   the section's caption before it;
3. the story's closing card (hashtags, call to action).
Music runs under the whole, the logo bug between opening and closing, as in a story; the
story's lower third, caption boxes and cut fitting are reused, so a reel reads as the story
timeline's big sibling (DESIGN.md) and the three consumers of a plan (the FFmpeg compiler,
the preview compositor, ``takatof plan``) read it unchanged.

The local time is computed here from the reel's instant and the person's IANA zone
(zoneinfo, with the tzdata package where the OS has no database): summer time and a date
that differs between two places come out right. When the featured people are on different
calendar days at that instant, each clock also names its weekday, so "Tue 04:30" in
Karachi is not read as the same evening as "Mon 23:30" in Casablanca.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

from babel.dates import format_date
from pydantic import BaseModel, ConfigDict

from ..model import Multilingual
from ..model.campaign import CLIP_MIN_S, Campaign, Person, ReelOutput, ReelPart, VideoSettings
from ..model.languages import is_rtl
from ..model.numbers import NumeralStyle, format_date_value
from ..model.numbers import _date_locale as date_locale  # dates' locale: one rule for both
from .captions import story_cues, stretch
from .cards.common import Look, comma, style
from .cards.hashtag import HashtagCard, title_layers
from .layers import LRI, PDI, RLI, Box, Canvas, Gradient, Picture, Text, balance_controls
from .layers import isolate as isolate_text
from .registry import Params, Subject, register
from .spoken import clip_tracks, first_speaking, merged
from .story import (
    ClipSpec,
    PhotoSpec,
    _bottom_boxes,
    _caption,
    _lower_third,
    auto_motion,
    clip_focus,
    clip_sounds,
    cut_of,
    fit_cuts,
    named_motion,
    speech_files,
)
from .timeline import (
    FPS,
    Audio,
    Clip,
    Cue,
    Overlay,
    Photo,
    Segment,
    Still,
    Timeline,
    even_box,
    resolved,
    segment_starts,
    snap,
    total_duration,
)

# -------------------------------------------------------------------------- local times


def local_time(moment: dt.datetime, zone: str) -> dt.datetime:
    """``moment`` (an aware instant) as the clock reads at ``zone`` (an IANA name): its own
    offset on that date, summer time included, and its own calendar day."""
    return moment.astimezone(ZoneInfo(zone))


def clock_text(
    local: dt.datetime, lang: str, numerals: NumeralStyle, country: str | None, weekday: bool = False
) -> str:
    """The clock of ``local`` as ``lang`` writes a short time, in the campaign's numerals
    ("18:40", "٦:٤٠ م"), with the short weekday first when ``weekday`` ("Tue 04:30")."""
    clock = format_date_value(local.time().replace(second=0, microsecond=0), lang, numerals, country)
    if not weekday:
        return clock
    day = format_date(local.date(), "EEE", locale=date_locale(lang, country))
    return f"{day} {clock}"


def place_clock(
    person: Person, local: dt.datetime, numerals: NumeralStyle, weekday: bool, langs: tuple[str, ...]
) -> Multilingual:
    """ "Karachi 18:40" in each of ``langs``: their city, else their country's name, then the
    clock. Each part is a bidi isolate, and the language's whole "place time" is one more,
    in that language's own direction: the lower third joins every language's clock on one
    line in the lead language's direction, and two bare isolates side by side would follow
    that line's direction (an English "Casablanca 17:40" inside an Arabic-first line would
    be drawn "17:40 Casablanca", an Arabic one inside an English-first line reversed too)."""
    place = person.city or person.country_name
    return Multilingual.of(
        {
            lang: directed(
                f"{isolate_text(place.get(lang))} "
                f"{isolate_text(clock_text(local, lang, numerals, person.country, weekday))}",
                lang,
            )
            for lang in langs
        }
    )


def directed(text: str, lang: str) -> str:
    """``text`` as an isolate of ``lang``'s direction (RLI or LRI ... PDI): its parts are
    ordered as ``lang`` reads, whatever the direction of the line it is put in."""
    return (RLI if is_rtl(lang) else LRI) + balance_controls(text) + PDI


# -------------------------------------------------------------------------- parameters


class ReelSection(BaseModel):
    """One person's section of the reel: who, their chosen items, caption and clock."""

    model_config = ConfigDict(frozen=True)

    person: str
    where: str  # the person's JSON path: "people[2]"
    name: Multilingual
    group: Multilingual
    country_name: Multilingual
    photos: list[PhotoSpec]
    clips: list[ClipSpec]
    caption: Multilingual
    caption_where: str  # "outputs.reels[0].people[1].caption" or "people[2].quote"
    clock: Multilingual | None = None  # "Karachi 18:40" per language; None without a moment


class ReelVideo(Params):
    """A reel's parameters: the campaign's look and cards, and its sections in order, each
    already resolved to files and texts (a frozen model, so its plan is cached by content)."""

    scope: ClassVar = "campaign"

    look: Look
    where: str  # the reel's JSON path: "outputs.reels[0]"
    settings: VideoSettings
    segment_s: float
    title_card: HashtagCard
    closing_card: HashtagCard
    title: Multilingual
    sections: list[ReelSection]
    music: Path | None
    langs: tuple[str, ...]
    fps: int = FPS

    @classmethod
    def from_subject(cls, subject: Subject) -> ReelVideo:
        campaign = subject.campaign
        output = subject.output if isinstance(subject.output, ReelOutput) else None
        reels = campaign.outputs.reels
        where = next((f"outputs.reels[{k}]" for k, r in enumerate(reels) if r is output), "outputs.reels")
        parts = reel_parts(campaign, output, subject.featured)
        moment = output.moment if output is not None else None
        card = HashtagCard.from_subject(subject)
        return cls(
            look=Look.of(subject),
            where=where,
            settings=campaign.video,
            segment_s=output.segment_s if output is not None else 4.0,
            title_card=card.model_copy(update={"show_cta": False}),
            closing_card=card.model_copy(update={"tagline": None}),
            title=campaign.title,
            sections=_sections(subject, parts, where if output and output.people else "", moment),
            music=subject.resolve(campaign.video.music) if campaign.video.music else None,
            langs=subject.langs,
        )

    def alt_text(self) -> Multilingual:
        """The title, then who it features: "Community Stories: Hala, Marouan, Rania"."""
        return Multilingual.of(
            {
                lang: f"{self.title.get(lang)}: "
                + comma(lang).join(isolate_text(s.name.get(lang)) for s in self.sections)
                for lang in self.langs
            }
        )


def reel_parts(
    campaign: Campaign, output: ReelOutput | None, featured: tuple[str, ...] = ()
) -> list[ReelPart]:
    """The reel's parts in order: its own list, else everyone (or the ``featured`` ids) in the
    project's order with their first item. A part naming nobody known is left out (the
    project's checks report it at its path)."""
    known = {p.id for p in campaign.people}
    if output is not None and output.people:
        return [part for part in output.people if part.person in known]
    ids = featured or tuple(p.id for p in campaign.people)
    return [ReelPart(person=pid) for pid in ids if pid in known]


def _sections(
    subject: Subject, parts: list[ReelPart], listed_at: str, moment: dt.datetime | None
) -> list[ReelSection]:
    campaign = subject.campaign
    index = {p.id: i for i, p in enumerate(campaign.people)}
    locals_ = {
        part.person: local_time(moment, zone)
        for part in parts
        if moment is not None and (zone := campaign.person(part.person).timezone)
    }
    weekday = len({t.date() for t in locals_.values()}) > 1
    sections = []
    for j, part in enumerate(parts):
        person = campaign.person(part.person)
        where = f"people[{index[part.person]}]"
        photos, clips = _chosen_items(subject, person, part, where)
        clock = locals_.get(person.id)
        sections.append(
            ReelSection(
                person=person.id,
                where=where,
                name=person.name,
                group=person.group,
                country_name=person.country_name,
                photos=photos,
                clips=clips,
                caption=part.caption or person.quote,
                caption_where=f"{listed_at}.people[{j}].caption" if part.caption else f"{where}.quote",
                clock=None
                if clock is None
                else place_clock(
                    person, clock, campaign.brand.numerals_for(person.country), weekday, subject.langs
                ),
            )
        )
    return sections


def _chosen_items(
    subject: Subject, person: Person, part: ReelPart, where: str
) -> tuple[list[PhotoSpec], list[ClipSpec]]:
    """The part's range of the person's items, counted over their photos then their clips
    (the story's order), as the story would show them, with what each clip says in the
    output's languages (its ``captions``; ``where`` is the person's JSON path)."""
    count = len(person.media) + len(person.clips)
    if count == 0:
        return [], []
    first, last = part.items or (0, 0)
    last = min(last, count - 1)
    chosen = range(first, last + 1)
    photos = [
        PhotoSpec(
            path=subject.resolve(item.path),
            index=i,
            motion=item.motion,
            focus=item.focus,
            transition=item.transition,
        )
        for i, item in enumerate(person.media)
        if i in chosen
    ]
    measure = subject.duration_of or (lambda path: 0.0)
    clips = []
    for j, clip in enumerate(person.clips):
        if len(person.media) + j not in chosen:
            continue
        path = subject.resolve(clip.path)
        shown = measure(path)
        end = clip.end if clip.end is not None else shown
        if shown > 0:
            end = min(end, shown)
        clips.append(
            ClipSpec(
                path=path,
                start=clip.start,
                duration=max(0.0, end - clip.start),
                audio=clip.audio,
                index=j,
                transition=clip.transition,
                volume=clip.volume,
                fade_in=clip.fade_in_s,
                fade_out=clip.fade_out_s,
                focus=clip_focus(clip),
                captions=speech_files(subject, clip.captions, subject.langs, f"{where}.clips[{j}].captions"),
            )
        )
    return photos, clips


# -------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class _Speaker:
    """One section's person as the story's lower third and captions read them
    (:class:`~takatof.templates.story.Speaker`)."""

    look: Look
    langs: tuple[str, ...]
    where: str
    name: Multilingual
    group: Multilingual
    country_name: Multilingual


@register("reel", ReelVideo, "Campaign reel", kind="video")
def reel_video(p: ReelVideo, canvas: Canvas) -> Timeline:
    s, fps = p.settings, p.fps
    T = snap(s.transition_s, fps)
    sections = [_section_segments(p, section, canvas, T, shot) for shot, section in _shots(p)]
    segments = fit_cuts(
        [
            Still(tuple(title_layers(p.title_card, canvas)), snap(s.title_s, fps), "title"),
            *(segment for section in sections for segment in section),
            Still(tuple(title_layers(p.closing_card, canvas)), snap(s.closing_s, fps), "closing"),
        ],
        T,
        fps,
    )
    starts = segment_starts(segments, T)
    spans = section_spans(segments, T, [len(section) for section in sections])
    caption_box, third_box = _boxes(canvas, len(p.langs), any(sec.clock for sec in p.sections))
    overlays: list[Overlay] = []
    captions: list[tuple[_Speaker, Cue, str]] = []
    first = 1  # each section's first segment (the title is segment 0)
    for section, (a, b), made in zip(p.sections, spans, sections, strict=True):
        speaker = _Speaker(p.look, p.langs, section.where, section.name, section.group, section.country_name)
        shown_to = max(a + 0.9, b - 0.1)  # off before the next person's comes in
        overlays.append(
            _lower_third(speaker, canvas, third_box, a + 0.3, shown_to, _clock(p, section, canvas))
        )
        own = slice(first, first + len(made))
        first += len(made)
        captions += [
            (speaker, cue, where)
            for cue, where in zip(
                *spoken_section(p, section, segments[own], starts[own], a, shown_to), strict=True
            )
        ]
    overlays += [
        _caption(speaker, canvas, caption_box, i, cue, where)
        for i, (speaker, cue, where) in enumerate(captions)
    ]
    if p.look.logo and s.logo_bug:
        size = round(84 * canvas.unit)
        box = even_box(Box(canvas.safe_box.x, canvas.safe_box.y, size, size))
        into_closing = resolved(segments[-2].cut, T).overlap
        overlays.append(
            Overlay(
                "logo-bug",
                (Picture(p.look.logo, box, fit="contain"),),
                box,
                starts[1],
                starts[-1] + into_closing,
            )
        )
    duration = total_duration(segments, T)
    audio = Audio(duration=duration, music=p.music, clips=clip_sounds(_clip_specs(p), segments, starts))
    cues = tuple(cue for _, cue, _ in captions)
    return Timeline(canvas.width, canvas.height, tuple(segments), T, tuple(overlays), (), cues, audio, fps)


def _shots(p: ReelVideo) -> list[tuple[int, ReelSection]]:
    """Each section with the place of its first photo in the story's cycle of moves, counted
    across the reel, so consecutive photos of two people do not move alike."""
    out, shot = [], 0
    for section in p.sections:
        out.append((shot, section))
        shot += len(section.photos)
    return out


def _section_segments(
    p: ReelVideo, section: ReelSection, canvas: Canvas, T: float, shot: int
) -> list[Segment]:
    """A person's photos then clips, sharing ``segment_s`` seconds: each item's time on screen
    is an equal share of it (with the cross-fades inside the section added back), a clip
    at most as long as its trim (the photos share what it leaves); the last item cross-fades
    into the next person. Without any item, the brand gradient carries the lower third."""
    fps = p.fps
    ground = (Gradient(canvas.box, (p.look.primary, p.look.dark)),)
    kept = [c for c in section.clips if c.duration >= CLIP_MIN_S]  # a shorter one: a media problem
    count = len(section.photos) + len(kept)
    if count == 0:
        return [Still(ground, snap(p.segment_s, fps), "media", source=section.where)]
    cuts = [cut_of(photo.transition, fps) for photo in section.photos] + [
        cut_of(c.transition, fps) for c in kept
    ]
    cuts[-1] = None  # into the next section: the reel's own cross-fade
    room = p.segment_s + sum(resolved(cut, T).overlap for cut in cuts[:-1])
    share = room / count
    clips = [
        Clip(
            c.path,
            snap(min(share, c.duration), fps),
            c.start,
            c.audio,
            f"{section.where}.clips[{c.index}]",
            cut=cut,
            focus=c.focus,
        )
        for c, cut in zip(kept, cuts[len(section.photos) :], strict=True)
    ]
    each = (room - sum(c.duration for c in clips)) / len(section.photos) if section.photos else 0.0
    photos = [
        Photo(
            photo.path,
            snap(each, fps),
            named_motion(photo.motion, photo.focus) if photo.motion else auto_motion(shot + i, photo.focus),
            photo.focus or (0.5, 0.5),
            f"{section.where}.media[{photo.index}]",
            ground=ground,
            cut=cut,
        )
        for i, (photo, cut) in enumerate(zip(section.photos, cuts, strict=False))
    ]
    return [*photos, *clips]


def section_spans(segments: list[Segment], transition: float, counts: list[int]) -> list[tuple[float, float]]:
    """Where each person's section is on screen: from the start of its first segment (the
    cross-fade into it) to the moment the next section starts coming in. ``counts`` is each
    section's number of segments; the title is segment 0."""
    starts = segment_starts(segments, transition)
    spans, i = [], 1
    for count in counts:
        last = i + count - 1
        out = resolved(segments[last].cut, transition).overlap
        spans.append((starts[i], starts[last] + segments[last].duration - out))
        i += count
    return spans


_CLOCK_H = 44  # the lower third's clock line (at a 1080 px canvas)


def _boxes(canvas: Canvas, langs: int, clocks: bool) -> tuple[Box, Box]:
    """The story's caption and lower-third boxes, the lower third a line taller (upward) when
    it shows a clock."""
    caption, third = _bottom_boxes(canvas, langs)
    if not clocks:
        return caption, third
    grow = round(_CLOCK_H * canvas.unit)
    return caption, even_box(Box(third.x, third.y - grow, third.w, third.h + grow))


def _clock(p: ReelVideo, section: ReelSection, canvas: Canvas) -> tuple[Text, ...]:
    """The lower third's clock line: "بيروت ١٨:٤٠ · Beirut 18:40" (each language's where it
    reads differently), in the lead language's direction."""
    if section.clock is None:
        return ()
    first = p.langs[0]
    parts = list(dict.fromkeys(section.clock.get(lang) for lang in p.langs if section.clock.get(lang)))
    return (
        Text(
            " · ".join(parts),
            style(canvas, 28, p.look.body, p.look.accent, bold=True, max_lines=1, lang=first),
            f"{section.where}.timezone",
        ),
    )


def section_cues(p: ReelVideo, section: ReelSection, start: float, end: float) -> list[Cue]:
    """The section's caption as cues over ``start``..``end``: split and timed by reading speed
    as a story's, spread over the section when it has room, and quickened to fit when it
    has not (a section's caption never runs into the next person's)."""
    texts = [(lang, section.caption.get(lang)) for lang in p.langs]
    if not any(text for _, text in texts) or end <= start:
        return []
    made = story_cues(texts)
    need = made[-1].end - made[0].start
    if need <= end - start:
        return stretch(made, start, end)
    scale = (end - start) / need
    return [
        Cue(
            round(start + (c.start - made[0].start) * scale, 3),
            round(start + (c.end - made[0].start) * scale, 3),
            c.texts,
        )
        for c in made
    ]


def spoken_section(
    p: ReelVideo,
    section: ReelSection,
    segments: Sequence[Segment],
    starts: Sequence[float],
    a: float,
    b: float,
) -> tuple[list[Cue], list[str]]:
    """A section's captions from ``a`` to ``b`` with each one's JSON path: its caption text
    (:func:`section_cues`), and where a clip of it speaks (its ``captions``), what the clip
    says while it plays, the caption text told before the first such clip (as a story tells
    its story before it). Without speech, the caption text alone, as always."""
    speech = clip_tracks(
        {f"{section.where}.clips[{c.index}]": c.captions for c in section.clips}, segments, starts
    )
    if not speech:
        cues = section_cues(p, section, a + 0.3, b)
        return cues, [section.caption_where] * len(cues)
    # The clips that speak in the part of them the reel plays (its share of the section).
    speaking = {where.removesuffix(".captions") for track in speech.values() for *_, where in track}
    speech_at = first_speaking(segments, starts, speaking)
    end = b if speech_at is None else min(b, speech_at)
    told = section_cues(p, section, a + 0.3, end - 0.1) if end - 0.1 > a + 0.3 else []
    tracks = {
        lang: speech.get(lang, [])
        + [(c.start, c.end, c.text(lang), section.caption_where) for c in told if c.text(lang)]
        for lang in p.langs
    }
    cues, wheres = merged(p.langs, tracks, section.caption_where)
    kept = [
        (replace(cue, end=min(cue.end, b)), where)
        for cue, where in zip(cues, wheres, strict=True)
        if cue.start < b - 0.2
    ]
    return [cue for cue, _ in kept], [where for _, where in kept]


def _clip_specs(p: ReelVideo) -> dict[str, ClipSpec]:
    """Every section's clips by JSON path (``people[2].clips[0]``), for their sounds."""
    return {f"{sec.where}.clips[{c.index}]": c for sec in p.sections for c in sec.clips}
