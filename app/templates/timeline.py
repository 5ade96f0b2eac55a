"""A video plan: what is on screen when, as plain frozen data.

One plan, two consumers (DESIGN.md): the FFmpeg compiler turns it into one filter graph, and
the preview compositor draws the frame at any time t from it. Both read only this module's
types, which is what makes the preview trustworthy.

Times are seconds on the output timeline. Segments play one after another, each overlapping
the next by its cut's overlap (:class:`Cut`: a "cut" by nothing, a cross-fade or a dip by its
length; a segment without one cross-fades by the timeline's ``transition``); overlays,
counters and audio sit on top.

The timeline is also what the Studio's timeline panel and ``takatof plan`` show
(:mod:`takatof.render.video.plan`), so segments and clip sounds carry where they come from:
``source`` is the JSON path of the project item (``people[0].media[1]``), a still's ``name``
says what it is. Neither changes a pixel.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..model.numbers import NumeralStyle, format_number
from .layers import Box, Layer, TextStyle

FPS = 30
"""The frame rate a plan gets unless it names another (:attr:`Timeline.fps`). Everything that
counts frames takes the rate from the timeline at hand; this is only the default."""


def frame_count(seconds: float, fps: int) -> int:
    """How many frames ``seconds`` of the plan last at ``fps``: at least one, so a very short
    overlay is still shown. The FFmpeg graph and the preview count with this one function, so
    they agree on when every element starts and stops."""
    return max(1, round(seconds * fps))


def snap(seconds: float, fps: int) -> float:
    """``seconds`` rounded to whole frames: cuts and cross-fades land on frame boundaries."""
    return round(seconds * fps) / fps


def even(value: float) -> int:
    """A position on 4:2:0 video: whole pixels, rounded down to even. Chroma covers 2x2 luma
    pixels, so ffmpeg's overlay filter places a yuv420 picture at ``(int)x & ~1`` (its
    ``normalize_xy``); the preview compositor places it the same way, and plans keep their
    boxes on even pixels (:func:`even_box`) so the rounding never moves anything there."""
    return int(value) & ~1


def even_box(box: Box) -> Box:
    """The largest box inside ``box`` with even corner and size: the corner moves in to the
    next even pixel and the far edge back to the previous one (both by :func:`even`), so the
    box never leaves the area it was given (a safe area stays safe)."""
    x, y = even(box.x + 1), even(box.y + 1)
    return Box(x, y, even(box.right) - x, even(box.bottom) - y)


CutKind = Literal["cut", "crossfade", "dip-black", "dip-white"]
"""How a segment gives way to the next (as the project's ``Transition.kind``)."""

DIP_COLOURS: dict[str, tuple[int, int, int]] = {"dip-black": (0, 0, 0), "dip-white": (255, 255, 255)}
"""The colour each dip passes through, as RGB: the graph fades to it and the preview mixes it."""


@dataclass(frozen=True)
class Cut:
    """The cut from a segment into the next: ``kind`` and the seconds the two overlap
    (``duration``, already whole frames; a "cut" overlaps by nothing whatever it says). A
    dip spends the first half of the overlap fading the old picture to its colour and the
    second half fading the new one in from it."""

    kind: CutKind = "crossfade"
    duration: float = 0.0

    @property
    def overlap(self) -> float:
        """The seconds the two segments share on the timeline."""
        return 0.0 if self.kind == "cut" else max(0.0, self.duration)


def resolved(cut: Cut | None, transition: float) -> Cut:
    """A segment's cut as played: its own, else the timeline's default, a cross-fade of
    ``transition`` seconds."""
    return cut if cut is not None else Cut("crossfade", transition)


def cuts_of(segments: Sequence[Segment], transition: float) -> list[Cut]:
    """The cut after each segment but the last (:func:`resolved`)."""
    return [resolved(s.cut, transition) for s in segments[:-1]]


def segment_starts(segments: Sequence[Segment], transition: float) -> list[float]:
    """Where each segment starts when each overlaps the next by its cut's overlap (the
    default: ``transition`` seconds): ``start[i+1] = start[i] + duration[i] - overlap[i]``."""
    out, t = [], 0.0
    overlaps = [cut.overlap for cut in cuts_of(segments, transition)] + [0.0]
    for segment, overlap in zip(segments, overlaps, strict=False):
        out.append(t)
        t += segment.duration - overlap
    return out


def total_duration(segments: Sequence[Segment], transition: float) -> float:
    """The length of ``segments`` played with their cuts (default: ``transition``-second
    cross-fades)."""
    return sum(s.duration for s in segments) - sum(cut.overlap for cut in cuts_of(segments, transition))


@dataclass(frozen=True)
class Motion:
    """Ken Burns motion over a photo: zoom and the point of the photo at the centre of the
    view (fractions of the photo), both moving linearly (constant speed reads as smooth)."""

    zoom_from: float = 1.0
    zoom_to: float = 1.12
    x_from: float = 0.5
    x_to: float = 0.5
    y_from: float = 0.5
    y_to: float = 0.5


@dataclass(frozen=True)
class Still:
    """A segment drawn from static layers (title card, stat background, closing card).
    ``name`` says which ("title", "stat", "closing", or "media" for the placeholder shown
    when a person has no photo or clip). ``cut`` (on every segment) is the cut into the
    next one; None is the timeline's default cross-fade of ``Timeline.transition``.
    ``source`` is the JSON path of what it stands for, where that is part of the project: a
    media placeholder's person (``people[1]``), so a plan row says whose section it is."""

    layers: tuple[Layer, ...]
    duration: float
    name: str = ""
    cut: Cut | None = None
    source: str = ""


@dataclass(frozen=True)
class Photo:
    """A photo filling the frame (cover), with Ken Burns motion. ``centering`` places the
    cover crop on the photo (fractions, as Pillow's ``ImageOps.fit``): a photo focused at
    (x, y) is cropped around that point, which then sits at the same fractions of the
    cropped picture the motion moves over. ``source`` is the JSON path of the project item.
    ``ground`` is what the photo's transparent parts show, in canvas coordinates: the story
    puts its brand gradient there, the layer a card draws under its photos; empty shows black."""

    path: Path
    duration: float
    motion: Motion = Motion()
    centering: tuple[float, float] = (0.5, 0.5)
    source: str = ""
    ground: tuple[Layer, ...] = ()
    cut: Cut | None = None


UNSPECIFIED = 2  # FFmpeg's AVCOL_* "unspecified", in each of the three tables
BT709, BT470BG, SMPTE170M, BT2020 = 1, 5, 6, 9  # primaries and matrices (AVCOL_PRI / AVCOL_SPC)
BT2020_CL = 10  # the constant-luminance BT.2020 matrix
PQ, HLG = 16, 18  # transfers (AVCOL_TRC): SMPTE ST 2084 and ARIB STD-B67, the two HDR curves
HD_LINES = 720
"""From this height an untagged picture is HD, coded with BT.709; below it SD, with BT.601.
What players do (the H.264/HEVC specs leave an untagged matrix to the application)."""


@dataclass(frozen=True)
class Colour:
    """How a clip's pictures are coded, as its video stream says: FFmpeg's AVCOL_* numbers
    for primaries, transfer and matrix (2 where the stream says nothing), the range, and the
    picture height (the matrix of an untagged picture goes by its size). The default is an
    untagged SD picture: nothing known."""

    primaries: int = UNSPECIFIED
    transfer: int = UNSPECIFIED
    matrix: int = UNSPECIFIED
    full_range: bool = False
    height: int = 0

    @property
    def hdr(self) -> bool:
        """PQ or HLG: what phones record by default (BT.2020, 10-bit HEVC). Shown as if it
        were SDR, its pictures come out grey and flat; it is tone-mapped."""
        return self.transfer in (PQ, HLG)

    @property
    def wide(self) -> bool:
        """BT.2020 primaries (HDR, or 10-bit SDR from some cameras): the gamut is converted."""
        return self.primaries == BT2020 or self.hdr

    @property
    def source_matrix(self) -> int:
        """The matrix the pictures were coded with: the stream's tag, else what players
        assume (BT.2020 for HDR, BT.709 for HD, BT.601 for SD)."""
        if self.matrix != UNSPECIFIED:
            return self.matrix
        if self.wide:
            return BT2020
        return BT709 if self.height >= HD_LINES else SMPTE170M


FocusKey = tuple[float, float, float]
"""One key of a clip's focus path: (t, x, y), ``t`` seconds into the clip's file, ``x`` and
``y`` fractions of its picture."""


def focus_at(keys: Sequence[FocusKey], t: float) -> tuple[float, float]:
    """The focus point at ``t`` seconds into the clip's file: linear between the keys around
    it, held before the first and after the last; the middle when there are none. The graph's
    crop expression (:func:`takatof.render.video.graph.focus_expr`) computes this very
    function on ffmpeg's side."""
    if not keys:
        return 0.5, 0.5
    # The first key's point plus each leg's move times the part of the leg behind ``t``
    # (0 before it, 1 after it): piecewise linear, and without branches, so ffmpeg's
    # expression is one flat sum however many keys there are (nested ifs would pass the
    # depth its expression parser allows).
    x, y = keys[0][1], keys[0][2]
    for (t0, x0, y0), (t1, x1, y1) in itertools.pairwise(keys):
        part = min(max((t - t0) / (t1 - t0), 0.0), 1.0)
        x += (x1 - x0) * part
        y += (y1 - y0) * part
    return x, y


def cover_size(iw: int, ih: int, width: int, height: int) -> tuple[int, int]:
    """The size an ``iw`` x ``ih`` picture is scaled to so that it covers ``width`` x
    ``height`` with its own aspect ratio, as ffmpeg's ``scale`` with
    ``force_original_aspect_ratio=increase`` computes it (the other side rounded to the
    nearest pixel, av_rescale's rounding)."""
    tmp_w = (height * iw + ih // 2) // ih
    tmp_h = (width * ih + iw // 2) // iw
    return max(tmp_w, width), max(tmp_h, height)


def crop_origin(focus: tuple[float, float], scaled: tuple[int, int], out: tuple[int, int]) -> tuple[int, int]:
    """The top-left corner of the ``out``-sized window of a picture cover-scaled to
    ``scaled`` that centres on ``focus`` (fractions of the picture): clamped inside it and
    rounded down to even pixels (4:2:0 chroma covers 2x2), as the graph's crop computes it
    each frame. The middle gives ffmpeg's default centre crop."""
    (fx, fy), (sw, sh), (w, h) = focus, scaled, out
    x = min(max(fx * sw - w / 2, 0.0), float(sw - w))
    y = min(max(fy * sh - h / 2, 0.0), float(sh - h))
    return even(x), even(y)


@dataclass(frozen=True)
class Clip:
    """A video clip filling the frame (cover), trimmed from ``start`` for ``duration``;
    ``source`` is the JSON path of the project item. ``colour`` is how its pictures are
    coded (:class:`Colour`), when the planner knows it; None leaves it to the renderer,
    which reads it from the file (:func:`takatof.render.video.probe.clip_colour`).
    ``focus`` is its focus path (:func:`focus_at`): where the cover crop centres when the
    clip's shape is not the video's; a fixed focus is one key, none the middle."""

    path: Path
    duration: float
    start: float = 0.0
    audio: bool = False
    source: str = ""
    colour: Colour | None = None
    cut: Cut | None = None
    focus: tuple[FocusKey, ...] = ()


Segment = Still | Photo | Clip


@dataclass(frozen=True)
class Fade:
    """How an overlay appears and leaves: alpha fades, and an optional upward slide in."""

    fade_in: float = 0.35
    fade_out: float = 0.35
    slide: int = 0  # pixels travelled upward while fading in


@dataclass(frozen=True)
class Overlay:
    """Static layers drawn once into a transparent image covering ``box``, shown from
    ``start`` to ``end``. ``name`` identifies it in graphs and errors."""

    name: str
    layers: tuple[Layer, ...]
    box: Box
    start: float
    end: float
    fade: Fade = Fade()


@dataclass(frozen=True)
class Counter:
    """An animated number counting up from 0 to ``value`` over ``count_s`` seconds (ease-out),
    then holding, shown in ``box`` from ``start`` to ``end``."""

    name: str
    value: int
    box: Box
    style: TextStyle
    start: float
    end: float
    count_s: float
    lang: str = "ar"
    numerals: NumeralStyle = "latn"
    country: str | None = None
    fade: Fade = Fade()

    def value_at(self, t: float) -> int:
        p = min(1.0, max(0.0, (t - self.start) / self.count_s)) if self.count_s > 0 else 1.0
        return round(self.value * (1 - (1 - p) ** 3))

    def text_at(self, t: float) -> str:
        return format_number(self.value_at(t), self.lang, self.numerals, self.country)

    def frame_times(self, fps: int) -> list[float]:
        """The output times of the frames during the count (one image each) at the
        timeline's ``fps``."""
        first = math.ceil(self.start * fps - 1e-9)
        last = math.ceil((self.start + self.count_s) * fps - 1e-9)
        return [k / fps for k in range(first, last + 1)]


@dataclass(frozen=True)
class Cue:
    """One caption: the output's languages on screen together from ``start`` to ``end``.

    ``texts`` holds ``(code, text)`` in the output's order, first on top: ``(("ar", ...),
    ("en", ...))`` for the default bilingual video, ``(("fr", ...),)`` for a French-only one.
    A language with nothing to show at that moment (a caption file that says nothing then)
    has an empty text, so every cue of a timeline names the same languages. Pairs rather
    than a dict: the plan is frozen data whose repr keys the asset cache."""

    start: float
    end: float
    texts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, start: float, end: float, texts: Mapping[str, str] | Iterable[tuple[str, str]]) -> Cue:
        """A cue from ``{code: text}`` or ``(code, text)`` pairs, in the order given."""
        pairs = texts.items() if isinstance(texts, Mapping) else texts
        return cls(start, end, tuple((lang, text) for lang, text in pairs))

    @property
    def langs(self) -> tuple[str, ...]:
        """Its languages, first on top."""
        return tuple(lang for lang, _ in self.texts)

    def text(self, lang: str) -> str:
        """The text in ``lang``; empty when the cue has none in it."""
        return next((text for code, text in self.texts if code == lang), "")

    @property
    def shown(self) -> tuple[tuple[str, str], ...]:
        """The ``(code, text)`` pairs with something to show, in order."""
        return tuple((lang, text) for lang, text in self.texts if text)


@dataclass(frozen=True)
class ClipAudio:
    """A clip's own sound: from ``start`` in its file, played at ``at`` on the output
    timeline for ``duration`` seconds, at ``volume`` (1 as recorded), fading in over its
    first ``fade_in`` seconds and out over its last ``fade_out``."""

    path: Path
    start: float  # where the clip starts in the file
    at: float  # where it plays on the output timeline
    duration: float
    source: str = ""  # the JSON path of the clip in the project
    volume: float = 1.0
    fade_in: float = 0.0
    fade_out: float = 0.0


@dataclass(frozen=True)
class Audio:
    """The sound: a music bed (looped or trimmed), an optional voice-over that ducks it,
    and the sound of clips that keep theirs. Nothing at all gives a silent stereo track."""

    duration: float
    music: Path | None = None
    voice: Path | None = None
    voice_at: float = 0.0
    clips: tuple[ClipAudio, ...] = ()
    voice_s: float = 0.0  # the voice-over's length (for the plan's table; the mix plays it all)
    music_fade_in: float = 1.0
    music_fade_out: float = 2.0

    @property
    def silent(self) -> bool:
        return self.music is None and self.voice is None and not self.clips


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    segments: tuple[Segment, ...]
    transition: float = 0.6
    overlays: tuple[Overlay, ...] = ()
    counters: tuple[Counter, ...] = ()
    cues: tuple[Cue, ...] = ()
    audio: Audio | None = None
    fps: int = FPS

    @property
    def starts(self) -> list[float]:
        """Where each segment starts on the output timeline."""
        return segment_starts(self.segments, self.transition)

    @property
    def cuts(self) -> list[Cut]:
        """The cut after each segment but the last (the default filled in)."""
        return cuts_of(self.segments, self.transition)

    @property
    def duration(self) -> float:
        return total_duration(self.segments, self.transition)

    @property
    def frames(self) -> int:
        return round(self.duration * self.fps)
