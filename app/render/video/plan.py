"""The plan of a story video as a table: what ``takatof plan`` prints and the Studio's timeline
panel draws.

Both read :func:`plan_summary`, which is made from the very Timeline the render encodes
(:func:`takatof.render.video.render.plan`), so the times shown are the times in the video. Each
row says where it comes from in the project file (a JSON path such as ``people[0].media[1]``,
carried through the template on the timeline's segments, not guessed from their order): an
edit in the panel goes to that place in the project, never to the timeline itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from ...model import Project
from ...model.campaign import Clip as ClipItem
from ...model.campaign import MediaItem
from ...model.paths import parse_path
from ...templates.timeline import Clip, Cut, Photo, Still, Timeline
from ..jobs import Job
from .render import plan


@dataclass(frozen=True)
class SegmentRow:
    """One segment of the video. Times are seconds on the output timeline; ``duration_s``
    includes the transition into the next segment, which starts ``transition_s`` before
    this one ends. ``transition`` is that cut ("cut", "crossfade", "dip-black",
    "dip-white"; the item's own, else the project's default cross-fade); the last segment's
    is "cut", 0."""

    kind: str  # "title" | "photo" | "clip" | "stat" | "closing" | "media" (placeholder still)
    where: str | None  # JSON path of the project item: "people[0].media[1]"; None for stills
    source: str | None  # the media path as written in the project file; None for stills
    start_s: float
    duration_s: float
    motion: str | None  # photos: the named motion, "auto" when the photo has none
    focus: tuple[float, float] | None
    clip_in_s: float | None  # clips: in and out points in the source file
    clip_out_s: float | None
    own_duration: bool  # photos: duration_s set on the item (not the default)
    transition: str = "cut"  # the cut into the next segment
    transition_s: float = 0.0  # the seconds it overlaps the next segment (0 for a cut)
    # clips: the focus path the crop follows, (t in the file, x, y) per key; a fixed focus is
    # one key, none the middle
    focus_path: tuple[tuple[float, float, float], ...] = ()


@dataclass(frozen=True)
class CueRow:
    """One caption: its times and its text in each of the video's languages, ``(code, text)``
    in the output's order (first on top)."""

    start_s: float
    end_s: float
    texts: tuple[tuple[str, str], ...]

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.texts)

    def text(self, lang: str) -> str:
        """The caption in ``lang`` (empty when it shows nothing in it)."""
        return next((text for code, text in self.texts if code == lang), "")

    def to_json(self) -> dict[str, Any]:
        """``{"start_s", "end_s", code: text, ...}``: each language under its code, as the
        plan's JSON has always written Arabic and English."""
        return {"start_s": self.start_s, "end_s": self.end_s, **dict(self.texts)}


@dataclass(frozen=True)
class AudioRow:
    kind: str  # "music" | "voiceover" | "clip"
    where: str  # JSON path: "video.music", "people[0].voiceover", "people[0].clips[0]"
    source: str
    start_s: float
    duration_s: float
    ducked: bool  # music under a voice-over
    volume: float = 1.0  # a clip's own sound: its volume (1 as recorded) and fades in and out
    fade_in_s: float = 0.0
    fade_out_s: float = 0.0


@dataclass(frozen=True)
class PlanSummary:
    person: str
    preset: str
    width: int
    height: int
    fps: int
    transition_s: float
    total_s: float
    segments: tuple[SegmentRow, ...]
    cues: tuple[CueRow, ...]
    audio: tuple[AudioRow, ...]
    langs: tuple[str, ...] = ()  # the video's languages, first on top (its captions' rows)
    cues_where: str = ""  # "people[0].cues" when the captions are the person's own, else ""
    speech: tuple[str, ...] = ()  # the speech caption files shown while their media play
    template: str = "story"  # the video template: "story", or "reel" for a campaign reel

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (``takatof plan --json``): tuples become lists."""
        return asdict(self) | {
            "segments": [
                asdict(row)
                | {
                    "focus": list(row.focus) if row.focus else None,
                    "focus_path": [list(k) for k in row.focus_path],
                }
                for row in self.segments
            ],
            "cues": [cue.to_json() for cue in self.cues],
            "langs": list(self.langs),
            "audio": [asdict(row) for row in self.audio],
        }


def _round(seconds: float) -> float:
    """Times to the millisecond: frame times are thirtieths, whose floats print long."""
    return round(seconds, 3)


PLANNED_KINDS = ("video", "reel", "film")
"""The job kinds whose outputs are planned as a Timeline (what ``takatof plan`` shows)."""


def plan_jobs(project: Project, only: set[str] | None = None, presets: set[str] | None = None) -> list[Job]:
    """The videos ``takatof plan`` can show: every story video, then every campaign reel,
    then every film (campaign-wide ones left out with ``only``, as a render leaves them out),
    filtered as a render filters."""
    from ..jobs import all_jobs

    return all_jobs(project, only, presets, set(PLANNED_KINDS))


def plan_summary(project: Project, job: Job) -> PlanSummary:
    """The plan of ``job``'s video, from the same Timeline the render encodes."""
    return summarize(project, job, plan(project, job))


def summarize(project: Project, job: Job, timeline: Timeline) -> PlanSummary:
    """:func:`plan_summary` of an already planned timeline (the Studio plans once for both
    the preview and the panel). A campaign-wide video (a reel) is summarised as a story is;
    its segments' ``where`` name each person's items, and ``person`` is the campaign's id."""
    campaign = project.campaign
    index = next((i for i, p in enumerate(campaign.people) if p.id == job.subject), None)
    person = campaign.people[index] if index is not None else None
    cuts = [*timeline.cuts, Cut("cut", 0.0)]
    rows = [
        _with_cut(_segment_row(project, segment, start), cut)
        for segment, start, cut in zip(timeline.segments, timeline.starts, cuts, strict=True)
    ]
    audio: list[AudioRow] = []
    sound = timeline.audio
    if sound is not None:
        voice = sound.voice is not None
        if sound.music is not None:
            written = campaign.video.music or str(sound.music)
            audio.append(AudioRow("music", "video.music", written, 0.0, _round(timeline.duration), voice))
        if voice:
            # The voice plays from voice_at to its end, cut at the video's end.
            length = timeline.duration - sound.voice_at
            if sound.voice_s > 0:
                length = min(length, sound.voice_s)
            audio.append(
                AudioRow(
                    "voiceover",
                    f"people[{index}].voiceover",
                    (person.voiceover if person else None) or str(sound.voice),
                    _round(sound.voice_at),
                    _round(max(0.0, length)),
                    False,
                )
            )
        for clip in sound.clips:
            item = _item(project, clip.source)
            written = item.path if isinstance(item, ClipItem) else str(clip.path)
            audio.append(
                AudioRow(
                    "clip",
                    clip.source,
                    written,
                    _round(clip.at),
                    _round(clip.duration),
                    False,
                    volume=clip.volume,
                    fade_in_s=_round(clip.fade_in),
                    fade_out_s=_round(clip.fade_out),
                )
            )
    return PlanSummary(
        person=job.folder(campaign.id),
        preset=job.preset,
        width=timeline.width,
        height=timeline.height,
        fps=timeline.fps,
        transition_s=_round(timeline.transition),
        total_s=_round(timeline.duration),
        segments=tuple(rows),
        cues=tuple(CueRow(_round(c.start), _round(c.end), c.texts) for c in timeline.cues),
        audio=tuple(audio),
        langs=job.languages_of(project),
        cues_where=f"people[{index}].cues" if person is not None and person.cues is not None else "",
        speech=_speech_files(person, index),
        template=job.template,
    )


def _speech_files(person: Any, index: int | None) -> tuple[str, ...]:
    """The JSON paths of the person's speech caption files (their clips' and their
    voice-over's), which the video shows while that media plays."""
    if person is None or index is None:
        return ()
    spoken = [f"people[{index}].clips[{j}].captions" for j, clip in enumerate(person.clips) if clip.captions]
    if person.voiceover and person.voiceover_captions:
        spoken.append(f"people[{index}].voiceover_captions")
    return tuple(spoken)


def _with_cut(row: SegmentRow, cut: Cut) -> SegmentRow:
    """``row`` with the cut into the next segment; one that overlaps by nothing is a cut."""
    overlap = _round(cut.overlap)
    return replace(row, transition=cut.kind if overlap > 0 else "cut", transition_s=overlap)


def _segment_row(project: Project, segment: Still | Photo | Clip, start: float) -> SegmentRow:
    start_s, duration_s = _round(start), _round(segment.duration)
    if isinstance(segment, Photo):
        item = _item(project, segment.source)
        photo = item if isinstance(item, MediaItem) else None
        return SegmentRow(
            kind="photo",
            where=segment.source or None,
            source=photo.path if photo else None,
            start_s=start_s,
            duration_s=duration_s,
            motion=(photo.motion or "auto") if photo else "auto",
            focus=photo.focus if photo else None,
            clip_in_s=None,
            clip_out_s=None,
            own_duration=bool(photo and photo.duration_s is not None),
        )
    if isinstance(segment, Clip):
        item = _item(project, segment.source)
        return SegmentRow(
            kind="clip",
            where=segment.source or None,
            source=item.path if isinstance(item, ClipItem) else None,
            start_s=start_s,
            duration_s=duration_s,
            motion=None,
            focus=None,
            clip_in_s=_round(segment.start),
            clip_out_s=_round(segment.start + segment.duration),
            own_duration=False,
            focus_path=tuple((_round(t), x, y) for t, x, y in segment.focus),
        )
    where = segment.source or None  # a media placeholder's person; a title or closing: none
    return SegmentRow(
        segment.name or "still", where, None, start_s, duration_s, None, None, None, None, False
    )


def _item(project: Project, where: str) -> Any:
    """The model object at a JSON path of the campaign (None when the path names nothing)."""
    if not where:
        return None
    value: Any = project.campaign
    try:
        for part in parse_path(where):
            value = value[part] if isinstance(part, int) else getattr(value, part)
    except (AttributeError, IndexError, TypeError):
        return None
    return value


def _clock(seconds: float) -> str:
    return f"{seconds:7.2f}"


def format_plan(summary: PlanSummary) -> str:
    """The human table ``takatof plan`` prints: segments, captions and sound, with times in
    seconds and where each comes from in the project file."""
    s = summary
    what = s.person if s.template == "story" else f"{s.template} {s.person}"  # "reel community-stories"
    lines = [
        f"{what} — {s.preset} {s.width}x{s.height} at {s.fps} fps: {s.total_s:.2f} s "
        f"({len(s.segments)} segments, default cross-fades of {s.transition_s:.2f} s)",
        "",
        f"  {'start':>7} {'length':>7}  {'segment':8} {'from':24} {'file':28} detail",
    ]
    last = len(s.segments) - 1
    for i, row in enumerate(s.segments):
        detail = ", ".join(part for part in (_detail(row), _cut(row) if i < last else "") if part)
        lines.append(
            f"  {_clock(row.start_s)} {_clock(row.duration_s)}  {row.kind:8} {row.where or '':24} "
            f"{row.source or '':28} {detail}".rstrip()
        )
    origin = s.cues_where or _ORIGINS.get(s.template, "the caption files and the story text")
    if s.speech and not s.cues_where:
        origin = f"the speech while it plays ({', '.join(s.speech)}), else {origin}"
    lines += ["", f"  captions ({len(s.cues)}) from {origin}"]
    for cue in s.cues:
        text = " / ".join(t.replace("\n", " ") for _, t in cue.texts if t)
        lines.append(f"  {_clock(cue.start_s)} {_clock(cue.end_s)}  {_shorten(text, 90)}")
    lines += ["", "  sound" + ("" if s.audio else ": silent")]
    for sound in s.audio:
        note = "  ducked under the voice-over" if sound.ducked else ""
        shaping = _shaping(sound)
        note += f"  {shaping}" if shaping else ""
        lines.append(
            f"  {_clock(sound.start_s)} {_clock(sound.duration_s)}  {sound.kind:9} {sound.where:24} "
            f"{sound.source}{note}"
        )
    return "\n".join(lines)


_ORIGINS = {"reel": "each person's caption in the reel, else their quote"}
"""Where a template's captions come from, when not from a person's own cues."""


def _detail(row: SegmentRow) -> str:
    if row.kind == "photo":
        parts = [f"motion {row.motion}"]
        if row.focus:
            parts.append(f"focus {row.focus[0]:.2f},{row.focus[1]:.2f}")
        if row.own_duration:
            parts.append("own duration")
        return ", ".join(parts)
    if row.kind == "clip" and row.clip_in_s is not None and row.clip_out_s is not None:
        trim = f"in {row.clip_in_s:.2f} s, out {row.clip_out_s:.2f} s"
        keys = row.focus_path
        if len(keys) == 1:
            return f"{trim}, focus {keys[0][1]:.2f},{keys[0][2]:.2f}"
        if keys:
            (t0, x0, y0), (t1, x1, y1) = keys[0], keys[-1]
            return f"{trim}, focus path {len(keys)} keys {x0:.2f},{y0:.2f} at {t0:g} s → {x1:.2f},{y1:.2f} at {t1:g} s"
        return trim
    if row.kind == "media":
        return "no photo or clip: the brand colours"
    return ""


def _cut(row: SegmentRow) -> str:
    """The cut into the next segment: "→ cut", "→ dip-black 0.60 s"."""
    return "→ cut" if row.transition == "cut" else f"→ {row.transition} {row.transition_s:.2f} s"


def _shaping(row: AudioRow) -> str:
    """A clip sound's volume and fades, where the project sets them."""
    parts = []
    if row.volume != 1.0:
        parts.append(f"volume {row.volume:g}")
    if row.fade_in_s > 0:
        parts.append(f"fade in {row.fade_in_s:.2f} s")
    if row.fade_out_s > 0:
        parts.append(f"fade out {row.fade_out_s:.2f} s")
    return ", ".join(parts)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
