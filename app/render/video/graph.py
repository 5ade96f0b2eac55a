"""Timeline -> one ffmpeg command (a pure function: inputs in, argument list out).

The graph is built with ffmpeg-python and passed as an argument list, never through a shell.
No user text is ever inside a filter string: text was drawn into images by Pillow; only
numbers and file paths (as ``-i`` inputs) reach ffmpeg.

Video: every segment becomes a 30 fps yuv420p stream of its exact frame count. Stills are
decoded and converted once, then repeated by ``loop`` (an image used twice is ``split``).
Photos arrive already moving, as raw 4:2:0 frames on stdin made with sub-pixel precision by
:mod:`takatof.render.video.motion` (``zoompan`` crops on whole pixels, which judders). Clips are
trimmed at the input, cover-scaled, resampled to 30 fps and brought to BT.709 SDR
(:func:`colour_steps`: HDR tone-mapped, untagged pictures read with the matrix of their size). Segments cross-fade (an alpha
``fade`` and an ``overlay``: xfade works in 4:4:4 only); overlays (captions, lower third,
logo) and the counter frames are laid on with ``overlay``, each a short stream that starts
at its time and fades its alpha in and out.
Audio: music looped/trimmed with fades, a voice-over that ducks it (``sidechaincompress``),
clip sound, or silence; two-pass loudness normalisation to -14 LUFS and at most -1.5 dBTP
(``ebur128`` measures, then a linear gain, with a look-ahead limiter where the gain would
push peaks over), 48 kHz stereo.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ffmpeg

from ...templates.timeline import (
    BT470BG,
    BT709,
    BT2020,
    BT2020_CL,
    DIP_COLOURS,
    SMPTE170M,
    UNSPECIFIED,
    Audio,
    Clip,
    ClipAudio,
    Colour,
    Cut,
    FocusKey,
    Overlay,
    Photo,
    Segment,
    Still,
    Timeline,
    frame_count,
)
from ...templates.timeline import Counter as TimelineCounter
from .assets import Assets, CounterFrames
from .probe import clip_colour

LOUDNESS = {"I": -14.0, "TP": -1.5, "LRA": 11.0}
SAMPLE_RATE = 48000
PHOTO_PIPE = "pipe:0"  # where render_command's photo frames come from (see needs_photo_frames)
_COLOR = {"out_color_matrix": "bt709", "out_range": "tv"}


VBV_BUFFER_S = 2  # seconds of the peak rate in the decoder's buffer (bufsize), when a cap is set


@dataclass(frozen=True)
class Encoding:
    """Which H.264 encoder and how hard it works; recorded in the manifest."""

    codec: str = "libx264"
    preset: str = "medium"
    crf: int = 21
    max_kbps: int | None = (
        None  # a peak video bitrate (VBV) that keeps the file within a platform's size limit
    )


def video_args(encoding: Encoding, fps: int) -> dict[str, Any]:
    """Delivery settings every platform accepts: H.264 High, yuv420p, a constant ``fps`` (the
    timeline's), a closed GOP with a keyframe every 2 s."""
    gop = 2 * fps
    common: dict[str, Any] = {
        "profile:v": "high",
        "pix_fmt": "yuv420p",
        "r": fps,
        "fps_mode": "cfr",
        "g": gop,
    }
    if encoding.max_kbps is not None:
        # Quality-first (CRF / CQ) until the rate would pass the cap; a 2 s buffer, the GOP length.
        common |= {"maxrate": f"{encoding.max_kbps}k", "bufsize": f"{VBV_BUFFER_S * encoding.max_kbps}k"}
    if encoding.codec == "h264_nvenc":
        nvenc_preset = {
            "ultrafast": "p1",
            "superfast": "p2",
            "veryfast": "p3",
            "faster": "p3",
            "fast": "p4",
            "medium": "p5",
            "slow": "p6",
            "slower": "p7",
        }[encoding.preset]
        return {
            "c:v": "h264_nvenc",
            "preset": nvenc_preset,
            "rc": "vbr",
            "cq": encoding.crf,
            "b:v": 0,
            "strict_gop": 1,
            "forced-idr": 1,
            **common,
        }
    return {
        "c:v": "libx264",
        "preset": encoding.preset,
        "crf": encoding.crf,
        "keyint_min": gop,
        "sc_threshold": 0,
        "flags": "+cgop",
        **common,
    }


AUDIO_ARGS = {"c:a": "aac", "b:a": "160k", "ar": SAMPLE_RATE, "ac": 2}
CONTAINER_ARGS = {
    "movflags": "+faststart",
    "colorspace": "bt709",
    "color_primaries": "bt709",
    "color_trc": "bt709",
    "color_range": "tv",
}


class Images:
    """Image inputs, each decoded and converted once. ffmpeg-python merges identical nodes,
    so a file used twice (a caption repeated, two equal stills, two equal counters) would
    feed two filters from one output, which ffmpeg refuses: such a file is ``split``.
    ``uses`` counts how often each (path, alpha) will be taken."""

    def __init__(self, uses: Counter[tuple[str, bool]]) -> None:
        self._uses = uses
        self._pieces: dict[tuple[str, bool], list[Any]] = {}

    def take(self, path: str, alpha: bool = False, **options: Any) -> Any:
        key = (path, alpha)
        if key not in self._pieces:
            stream = _yuv(ffmpeg.input(path, **options).video, alpha=alpha)
            count = self._uses[key]
            if count > 1:
                split = stream.filter_multi_output("split", count)
                self._pieces[key] = [split[k] for k in range(count)]
            else:
                self._pieces[key] = [stream]
        pieces = self._pieces[key]
        return pieces.pop(0) if len(pieces) > 1 else pieces[0]


class Shared:
    """Streams that ffmpeg-python would merge into one node, each made once and split. Two
    clips of the same file, in and out point (an item duplicated in the Studio) build the
    same chain of filters, which ffmpeg-python merges, then refuses to feed two places from
    ("multiple outgoing edges"): the chain is made once and ``split`` (``asplit`` for sound)
    as many times as it is used."""

    def __init__(self, keys: list[Any], split: str) -> None:
        self._uses = Counter(keys)
        self._split = split
        self._pieces: dict[Any, list[Any]] = {}

    def take(self, key: Any, make: Any) -> Any:
        """The next piece of ``key``'s stream, made by ``make()`` the first time."""
        if key not in self._pieces:
            stream, count = make(), self._uses[key]
            if count > 1:
                split = stream.filter_multi_output(self._split, count)
                self._pieces[key] = [split[k] for k in range(count)]
            else:
                self._pieces[key] = [stream]
        return self._pieces[key].pop(0)


def _clip_key(segment: Clip) -> tuple[str, float, float, Colour | None, tuple[FocusKey, ...]]:
    return (str(segment.path), segment.start, segment.duration, segment.colour, segment.focus)


def image_uses(timeline: Timeline, assets: Assets) -> Counter[tuple[str, bool]]:
    """How often each image file is read by :func:`render_command`'s graph."""
    uses: Counter[tuple[str, bool]] = Counter()
    for segment, asset in zip(timeline.segments, assets.segments, strict=True):
        if isinstance(segment, Still):
            uses[(str(asset), False)] += 1
    uses.update((str(path), True) for path in assets.overlays)
    uses.update((frames.pattern, True) for frames in assets.counters)
    return uses


def needs_photo_frames(timeline: Timeline) -> bool:
    """Whether :func:`render_command` reads photo frames on stdin (it does when the story
    has photos): the caller then writes them with :func:`takatof.render.video.motion.photo_feed`."""
    return any(isinstance(s, Photo) for s in timeline.segments)


def segment_stream(segment: Segment, asset: Path | None, timeline: Timeline, images: Images) -> Any:
    """A still or a clip as a stream of exactly its frames, in yuv420p/bt709 at the output
    size. (Photos come from :func:`photo_streams`.)"""
    w, h, fps = timeline.width, timeline.height, timeline.fps
    n = frame_count(segment.duration, fps)
    if isinstance(segment, Still):
        # Convert the one decoded image, then repeat it: no per-frame conversion.
        stream = images.take(str(asset)).filter("loop", loop=n - 1, size=1, start=0)
        return stream.filter("settb", f"1/{fps}").filter("setpts", "N").filter("fps", fps)
    assert isinstance(segment, Clip), "photo segments come from photo_streams()"
    stream = ffmpeg.input(str(segment.path), ss=segment.start, t=segment.duration).video
    stream = stream.filter("scale", w, h, force_original_aspect_ratio="increase")
    if not segment.focus:
        stream = stream.filter("crop", w, h)  # the middle
    # Time 0 is ``start`` in the file, for the picture as for the sound (audio_stream): a
    # picture that begins later than that holds its first frame until it does, as a player
    # shows it, instead of sliding early and out of step with the sound.
    stream = stream.filter("fps", fps, start_time=0).filter("setsar", 1).filter("trim", end_frame=n)
    stream = stream.filter("settb", f"1/{fps}").filter("setpts", "N")
    if segment.focus:  # the window follows the focus path, frame by frame (t = N / fps)
        stream = stream.filter("crop", w, h, **focus_crop(segment.focus, segment.start))
    # The colours last, on the output-sized frames: tone-mapping 4K HDR costs by the pixel.
    colour = segment.colour if segment.colour is not None else clip_colour(segment.path)
    stream = apply_steps(stream, colour_steps(colour))
    return stream.filter("tpad", stop_mode="clone", stop=n).filter("trim", end_frame=n)


def _number(value: float) -> str:
    """A number for an expression: exact (``repr``), in brackets when negative."""
    text = repr(float(value))
    return f"({text})" if value < 0 else text


def focus_expr(keys: Sequence[FocusKey], start: float, axis: int) -> str:
    """ffmpeg's expression of the focus path's ``axis`` (1: x, 2: y) at crop's ``t`` (seconds
    since the clip's ``start`` in its file): :func:`~takatof.templates.timeline.focus_at`
    written out, the first key's value plus each leg's move times ``clip`` of the part of the
    leg behind the time. Numbers only: nothing from the project but them reaches the graph."""
    terms = [_number(keys[0][axis])]
    for (t0, *a), (t1, *b) in itertools.pairwise(keys):
        move = b[axis - 1] - a[axis - 1]
        if move == 0:
            continue
        since = _number(start - t0)
        terms.append(f"{_number(move)}*clip((t+{since})/{_number(t1 - t0)},0,1)")
    return "+".join(terms)


def focus_crop(keys: Sequence[FocusKey], start: float) -> dict[str, str]:
    """crop's ``x`` and ``y`` for a window that centres on the focus path each frame: inside
    the cover-scaled picture (``iw`` x ``ih``) and on even pixels, as
    :func:`~takatof.templates.timeline.crop_origin` computes it for the preview."""
    x, y = (focus_expr(keys, start, axis) for axis in (1, 2))
    return {
        "x": f"2*floor(min(max(({x})*iw-ow/2,0),iw-ow)/2)",
        "y": f"2*floor(min(max(({y})*ih-oh/2,0),ih-oh)/2)",
    }


Step = tuple[str, tuple[Any, ...], dict[str, Any]]
"""One filter: its name, positional and named options."""

_BT2020_10 = 14  # AVCOL_TRC_BT2020_10: the SDR curve of 10-bit BT.2020
_SWS_MATRIX = {BT709: "bt709", BT470BG: "bt470", SMPTE170M: "smpte170m", 7: "smpte240m", 4: "fcc"}
_SWS_MATRIX |= {BT2020: "bt2020", BT2020_CL: "bt2020"}
"""swscale's names of the matrices (AVCOL_SPC numbers) it can read."""


def colour_steps(colour: Colour) -> list[Step]:
    """The filters that turn a clip's decoded pictures into the output's colours: BT.709,
    SDR, limited range, 4:2:0. One function for the render and the preview
    (:mod:`takatof.render.video.compositor`), so both show a clip alike.

    - HDR (PQ or HLG, BT.2020: phones' default): to linear light (``npl=100``: SDR white
      at 100 nits), BT.709 primaries, tone-mapped with ``mobius`` (linear up to where the
      highlights start, which keeps the SDR range of the picture as it is, and rolls the
      highlights off), then the BT.709 curve. Shown untone-mapped, such pictures are grey.
    - BT.2020 SDR (10-bit cameras): the gamut converted to BT.709 by zscale.
    - Anything else: swscale from the matrix and range the pictures were coded with (their
      tags, else BT.709 for HD and BT.601 for SD, as players assume) to BT.709.

    The frames are tagged with what the clip is (``setparams``) before zscale reads them, so
    a clip tagged only in its container converts the same, and so does a raw frame."""
    if colour.wide:
        tags: dict[str, Any] = {
            "color_primaries": BT2020 if colour.primaries == UNSPECIFIED else colour.primaries,
            "color_trc": colour.transfer if colour.transfer != UNSPECIFIED else _BT2020_10,
            "colorspace": colour.source_matrix,
            "range": "pc" if colour.full_range else "tv",
        }
        source: Step = ("setparams", (), tags)
        if colour.hdr:
            return [
                source,
                ("zscale", (), {"t": "linear", "npl": 100}),
                ("format", ("gbrpf32le",), {}),
                ("zscale", (), {"p": "709"}),
                ("tonemap", (), {"tonemap": "mobius", "desat": 0}),
                ("zscale", (), {"t": "709", "m": "709", "r": "limited"}),
                ("format", ("yuv420p",), {}),
            ]
        return [
            source,
            ("zscale", (), {"t": "709", "p": "709", "m": "709", "r": "limited"}),
            ("format", ("yuv420p",), {}),
        ]
    matrix = _SWS_MATRIX.get(colour.source_matrix, "bt709")
    return [
        ("scale", (), {"in_color_matrix": matrix, "in_range": "pc" if colour.full_range else "tv", **_COLOR}),
        ("format", ("yuv420p",), {}),
    ]


def apply_steps(stream: Any, steps: list[Step]) -> Any:
    """``steps`` on an ffmpeg-python stream."""
    for name, args, kwargs in steps:
        stream = stream.filter(name, *args, **kwargs)
    return stream


def steps_string(steps: list[Step]) -> str:
    """``steps`` as an ffmpeg ``-vf`` string (numbers and names only: nothing to escape)."""
    chains = []
    for name, args, kwargs in steps:
        options = [str(a) for a in args] + [f"{k}={v}" for k, v in kwargs.items()]
        chains.append(f"{name}={':'.join(options)}" if options else name)
    return ",".join(chains)


def photo_input(timeline: Timeline) -> Any:
    """The photo frames (made by :mod:`takatof.render.video.motion` with sub-pixel Ken Burns) as
    one raw 4:2:0 stream on stdin, every photo segment's frames in timeline order, tagged
    with the colours the stills are converted to."""
    stream = ffmpeg.input(
        PHOTO_PIPE,
        f="rawvideo",
        pix_fmt="yuv420p",
        s=f"{timeline.width}x{timeline.height}",
        framerate=timeline.fps,
    ).video
    return stream.filter(
        "setparams", range="tv", colorspace="bt709", color_primaries="bt709", color_trc="bt709"
    )


def photo_streams(timeline: Timeline) -> list[Any]:
    """Each photo segment's piece of :func:`photo_input`, cut out by frame number."""
    photos = [s for s in timeline.segments if isinstance(s, Photo)]
    if not photos:
        return []
    source = photo_input(timeline)
    pieces = source.filter_multi_output("split", len(photos)) if len(photos) > 1 else None
    streams = []
    first = 0
    for k, photo in enumerate(photos):
        n = frame_count(photo.duration, timeline.fps)
        stream = source if pieces is None else pieces[k]
        stream = stream.filter("trim", start_frame=first, end_frame=first + n)
        streams.append(stream.filter("settb", f"1/{timeline.fps}").filter("setpts", "N"))
        first += n
    return streams


def _yuv(stream: Any, alpha: bool = False, fmt: str = "yuv420p") -> Any:
    """To YUV with the BT.709 matrix the output is tagged with (alpha kept for overlays)."""
    return stream.filter("scale", **_COLOR).filter("format", "yuva420p" if alpha else fmt)


def join(streams: list[Any], timeline: Timeline) -> Any:
    """Play the segments one after another, each into the next by its cut
    (:attr:`Timeline.cuts`): a "cut" concatenates, a cross-fade (:func:`cross_fade`) or a dip
    (:func:`dip`) runs only on the overlapping pieces (each segment is split into head, body
    and tail with ``trim``); the bodies pass through ``concat`` untouched. A chain of
    whole-length fades costs several ms on every frame."""
    fps = timeline.fps
    if len(streams) == 1:
        return streams[0]
    cuts = timeline.cuts
    overlaps = [overlap_frames(cut, fps) for cut in cuts]
    if not any(overlaps):
        return ffmpeg.concat(*streams, v=1, a=0)
    parts: list[Any] = []
    tail = None
    last = len(streams) - 1
    for i, (stream, segment) in enumerate(zip(streams, timeline.segments, strict=True)):
        n = frame_count(segment.duration, fps)
        before = overlaps[i - 1] if i > 0 else 0
        after = overlaps[i] if i < last else 0
        count = 1 + (before > 0) + (after > 0)
        pieces = stream.filter_multi_output("split", count) if count > 1 else None
        taken = iter([pieces[k] for k in range(count)] if pieces is not None else [stream])
        if before:
            head = _piece(next(taken), 0, before)
            parts.append(transition(cuts[i - 1], tail, head, before, fps))  # the frames the pieces have
        parts.append(_piece(next(taken), before, n - after))
        if after:
            tail = _piece(next(taken), n - after, n)
    return ffmpeg.concat(*parts, v=1, a=0)


def overlap_frames(cut: Cut, fps: int) -> int:
    """The frames two segments share at ``cut`` (none for a cut). The graph and the preview
    count them with this one function."""
    return round(cut.overlap * fps)


def dip_halves(frames: int) -> tuple[int, int]:
    """A dip's ``frames`` split into the old picture fading to the colour and the new one
    fading in from it; the first frame of the second half is all colour (the middle one)."""
    return frames // 2, frames - frames // 2


def transition(cut: Cut, tail: Any, head: Any, frames: int, fps: int) -> Any:
    """The ``frames`` where one segment's ``tail`` gives way to the next one's ``head``."""
    if cut.kind in DIP_COLOURS:
        return dip(tail, head, frames, DIP_COLOURS[cut.kind])
    return cross_fade(tail, head, frames / fps)


def dip(tail: Any, head: Any, frames: int, colour: tuple[int, int, int]) -> Any:
    """A dip through ``colour``: over the first half of the overlap the old picture fades to
    the colour (the first frames of ``tail``), over the second the new one fades in from it
    (the last frames of ``head``), ``fade`` by frame number with ``color=``, then ``concat``.
    Frame k of a half of n has the picture's weight 1 - k/n fading out and k/n fading in, so
    the middle frame is all colour. Costs nothing on the other frames."""
    out, into = dip_halves(frames)
    name = "#{:02X}{:02X}{:02X}".format(*colour)
    pieces = []
    if out:
        pieces.append(_piece(tail, 0, out).filter("fade", t="out", start_frame=0, nb_frames=out, color=name))
    pieces.append(_piece(head, out, frames).filter("fade", t="in", start_frame=0, nb_frames=into, color=name))
    return pieces[0] if len(pieces) == 1 else ffmpeg.concat(*pieces, v=1, a=0)


def cross_fade(tail: Any, head: Any, duration: float) -> Any:
    """``head`` fading in over ``tail`` (two pieces of equal length, starting at 0): what
    xfade's "fade" does (the new picture's weight k/n on the k-th of n frames), made of an
    alpha ``fade`` and an ``overlay``, both in 4:2:0. xfade has no 4:2:0 (its formats are
    all 4:4:4), so ffmpeg converted both inputs and the output of every transition frame:
    the example story's graph (to ``-f null``) took 1.62 s of CPU with xfade, 1.12 s this
    way, and no chroma is resampled. The cost: the ffmpeg process peaks ~120 MB higher
    (630 -> 758 MB for the 25 s story, as high at 50 s: flat with duration), because the
    overlay's frame sync holds more frames of the pieces than xfade did."""
    head = head.filter("format", "yuva420p").filter("fade", t="in", st=0, d=duration, alpha=1)
    return ffmpeg.overlay(tail, head, x=0, y=0, eof_action="pass").filter("format", "yuv420p")


def _piece(stream: Any, first: int, end: int) -> Any:
    return stream.filter("trim", start_frame=first, end_frame=end).filter("setpts", "PTS-STARTPTS")


def _timed_overlay(
    base: Any, image: Any, x: int, y: str | int, start: float, end: float, fade_in: float, fade_out: float
) -> Any:
    """Lay ``image`` (a stream starting at ``start``) on ``base``, alpha-faded in and out."""
    if fade_in > 0:
        image = image.filter("fade", t="in", st=round(start, 6), d=fade_in, alpha=1)
    if fade_out > 0:
        image = image.filter("fade", t="out", st=round(end - fade_out, 6), d=fade_out, alpha=1)
    return ffmpeg.overlay(base, image, x=x, y=y, eof_action="pass")


def slide_y(overlay: Overlay) -> str | int:
    """The overlay's y: its box, or an ease-out slide up into it while it fades in."""
    y0, fade = overlay.box.y, overlay.fade
    if not fade.slide or fade.fade_in <= 0:
        return y0
    return f"{y0}+{fade.slide}*pow(max(0,1-(t-{overlay.start})/{fade.fade_in}),2)"


def add_overlay(base: Any, overlay: Overlay, asset: Path, fps: int, images: Images) -> Any:
    n = frame_count(overlay.end - overlay.start, fps)
    image = images.take(str(asset), alpha=True).filter("loop", loop=n - 1, size=1, start=0)
    image = image.filter("settb", f"1/{fps}").filter("setpts", f"N+{round(overlay.start * fps)}")
    fade = overlay.fade
    return _timed_overlay(
        base, image, overlay.box.x, slide_y(overlay), overlay.start, overlay.end, fade.fade_in, fade.fade_out
    )


def add_counter(base: Any, counter: TimelineCounter, frames: CounterFrames, fps: int, images: Images) -> Any:
    n = frame_count(counter.end - frames.first, fps)
    image = images.take(frames.pattern, alpha=True, framerate=fps, start_number=0)
    image = image.filter("settb", f"1/{fps}").filter("setpts", f"N+{round(frames.first * fps)}")
    image = image.filter("tpad", stop_mode="clone", stop=max(0, n - frames.count)).filter("trim", end_frame=n)
    return _timed_overlay(
        base,
        image,
        frames.x,
        frames.y,
        frames.first,
        counter.end,
        counter.fade.fade_in,
        counter.fade.fade_out,
    )


def audio_stream(audio: Audio | None, duration: float) -> Any:
    """The mix before loudness normalisation (silence when there is nothing to play).

    Every part (music, voice-over, each clip's sound) is made sample-exact before it is
    mixed: it starts at sample 0 of the story, with silence up to where it plays, holds
    exactly its samples and is padded with silence to the story's end (:func:`_placed`).
    Nothing then depends on the timestamps the parts arrive with, which is what broke clip
    sound: ``adelay`` after ``-ss`` input seeking stamps its leading silence with no valid
    time (it starts before the first frame's timestamp is known), so the AAC track had a
    hole where the silence should be and the clip's sound played early."""
    total = _samples(duration)
    if audio is None or audio.silent:
        return ffmpeg.input(f"anullsrc=r={SAMPLE_RATE}:cl=stereo", f="lavfi", t=duration).audio
    parts = []
    music = None
    if audio.music is not None:
        music = ffmpeg.input(str(audio.music), stream_loop=-1).audio
        music = _placed(music, 0.0, duration, duration)
        music = music.filter("afade", t="in", d=audio.music_fade_in)
        music = music.filter(
            "afade", t="out", st=max(0.0, duration - audio.music_fade_out), d=audio.music_fade_out
        )
    if audio.voice is not None:
        voice = _placed(ffmpeg.input(str(audio.voice)).audio, audio.voice_at, None, duration)
        if music is not None:
            split = voice.filter_multi_output("asplit", 2)
            voice, key = split[0], split[1]
            music = ffmpeg.filter(
                [music, key], "sidechaincompress", threshold=0.02, ratio=8, attack=20, release=400
            )
        parts.append(voice)
    if music is not None:
        parts.append(music)
    sounds = Shared([(str(c.path), c.start, c.duration) for c in audio.clips], "asplit")
    for clip in audio.clips:
        # The clip's picture is cut from the same input (-ss/-t); its sound keeps its place
        # next to the picture: a sound that starts later than the picture starts later here.
        key = (str(clip.path), clip.start, clip.duration)
        sound = sounds.take(key, lambda c=clip: ffmpeg.input(str(c.path), ss=c.start, t=c.duration).audio)
        parts.append(_placed(sound, clip.at, clip.duration, duration, clip_shaping(clip)))
    mixed = (
        parts[0]
        if len(parts) == 1
        else ffmpeg.filter(parts, "amix", inputs=len(parts), normalize=0, duration="longest")
    )
    return mixed.filter("atrim", end_sample=total).filter("asetpts", "N/SR/TB")


def _samples(seconds: float) -> int:
    return round(seconds * SAMPLE_RATE)


def _stereo(stream: Any) -> Any:
    return stream.filter("aformat", sample_rates=SAMPLE_RATE, channel_layouts="stereo")


def clip_shaping(clip: ClipAudio) -> list[Step]:
    """A clip's own sound as the project sets it: its ``volume``, a fade in over its first
    ``fade_in`` seconds and out over its last ``fade_out`` (ending where the clip ends on the
    story's timeline), on the clip's samples counted from 0. Nothing for a clip as recorded."""
    steps: list[Step] = []
    if clip.volume != 1.0:
        steps.append(("volume", (), {"volume": f"{clip.volume:g}"}))
    if clip.fade_in > 0:
        steps.append(("afade", (), {"t": "in", "st": 0, "d": f"{clip.fade_in:g}"}))
    if clip.fade_out > 0:
        start = max(0.0, clip.duration - clip.fade_out)
        steps.append(("afade", (), {"t": "out", "st": f"{start:g}", "d": f"{clip.fade_out:g}"}))
    return steps


def _placed(
    stream: Any, at: float, length: float | None, duration: float, shaping: list[Step] | None = None
) -> Any:
    """``stream`` (its time 0 is where it begins) as one continuous run of 48 kHz stereo
    samples for the whole story: silence until ``at``, then the sound for ``length`` seconds
    (all of it when None; a sound that ends early is padded with silence, a sound that
    starts late is preceded by it), then silence to ``duration``.

    ``aresample`` with ``first_pts=0`` turns the sound's timestamps into samples: a late
    start or a hole becomes silence (any gap over 10 ms; AAC frames are 21 ms), so what
    follows counts samples only (``atrim``/``apad`` by sample), and the sound is moved to
    ``at`` by its timestamps and padded in front by the same ``aresample``. ``shaping``
    (volume, fades) runs on the sound alone, before it is moved: its times count from its
    own start."""
    stream = _stereo(stream).filter("aresample", first_pts=0, min_hard_comp=0.01, **{"async": 1})
    if length is not None:
        stream = stream.filter("atrim", end_sample=_samples(length))
        stream = stream.filter("apad", whole_len=_samples(length))
    stream = apply_steps(stream, shaping or [])
    offset = _samples(at)
    stream = stream.filter("asetpts", f"N/SR/TB+{offset}/SR/TB" if offset else "N/SR/TB")
    if offset:
        stream = stream.filter("aresample", first_pts=0, min_hard_comp=0.01, **{"async": 1})
    total = _samples(duration)
    return stream.filter("apad", whole_len=total).filter("atrim", end_sample=total)


@dataclass(frozen=True)
class Loudness:
    """The mix as ``ebur128`` measured it: integrated loudness (LUFS) and true peak (dBTP),
    all that the gain and the limiter need."""

    i: float
    tp: float

    @property
    def gain(self) -> float:
        """The gain (dB) that brings the mix to the target integrated loudness."""
        return LOUDNESS["I"] - self.i


def normalize(stream: Any, measured: Loudness) -> Any:
    """Loudness pass 2: the gain to the target, as a plain ``volume``. That is what loudnorm's
    linear mode applies too, without its 192 kHz processing (1.8 s of CPU per 30 s of sound,
    taken from the encoder). loudnorm's own fallback, when the peaks do not allow it, is a
    dynamic mode that needs seconds to settle (a 3.5 s clip ended 7 LU short), so peaks that
    the gain would push over the ceiling are limited instead."""
    gained = stream.filter("volume", f"{measured.gain:.2f}dB")
    if measured.tp + measured.gain <= LOUDNESS["TP"]:
        return gained
    # Short peaks (clicks, plosives) would go over: a look-ahead limiter, run at 4x the rate
    # so it sees the peaks between samples, holds them 2 dB under the ceiling.
    ceiling = 10 ** ((LOUDNESS["TP"] - 2.0) / 20)
    return (
        gained.filter("aresample", 4 * SAMPLE_RATE)
        .filter("alimiter", limit=f"{ceiling:.4f}", level="false", latency="true", attack=1, release=50)
        .filter("aresample", SAMPLE_RATE)
    )


def measure_command(timeline: Timeline, exe: str) -> list[str]:
    """Loudness pass 1: the audio mix alone through ``ebur128`` (with true peak), to null.
    ebur128 measures what loudnorm measures at a sixth of the cost."""
    stream = audio_stream(timeline.audio, timeline.duration).filter("ebur128", peak="true", framelog="quiet")
    out = ffmpeg.output(stream, "-", f="null")
    command: list[str] = ffmpeg.compile(out.global_args("-hide_banner", "-nostats"), cmd=exe)
    return command  # ffmpeg-python ships no types


_SUMMARY = re.compile(
    r"Summary:.*?I:\s*(?P<i>\S+) LUFS.*?Peak:\s*(?P<tp>\S+) dBFS",
    re.DOTALL,
)


def parse_measurement(stderr: str) -> Loudness | None:
    """ebur128's summary from ffmpeg's log; None for silence (nothing to normalise)."""
    found = list(_SUMMARY.finditer(stderr))
    if not found:
        raise ValueError("ffmpeg printed no loudness measurement")
    values = {key: float(value) for key, value in found[-1].groupdict().items()}
    if not math.isfinite(values["i"]) or values["i"] <= -70 or not math.isfinite(values["tp"]):
        return None
    return Loudness(**values)


def render_command(
    timeline: Timeline,
    assets: Assets,
    out: Path,
    encoding: Encoding,
    measured: Loudness | None,
    exe: str,
) -> list[str]:
    """The single ffmpeg command that renders ``timeline`` into ``out``."""
    fps = timeline.fps
    photos = iter(photo_streams(timeline))
    images = Images(image_uses(timeline, assets))
    clips = Shared([_clip_key(s) for s in timeline.segments if isinstance(s, Clip)], "split")
    streams = [
        next(photos)
        if isinstance(s, Photo)
        else clips.take(_clip_key(s), lambda s=s, a=a: segment_stream(s, a, timeline, images))
        if isinstance(s, Clip)
        else segment_stream(s, a, timeline, images)
        for s, a in zip(timeline.segments, assets.segments, strict=True)
    ]
    video = join(streams, timeline)
    for overlay, path in zip(timeline.overlays, assets.overlays, strict=True):
        video = add_overlay(video, overlay, path, fps, images)
    for counter, frames in zip(timeline.counters, assets.counters, strict=True):
        video = add_counter(video, counter, frames, fps, images)
    video = video.filter("trim", end_frame=timeline.frames)
    audio = audio_stream(timeline.audio, timeline.duration)
    if measured is not None:
        audio = normalize(audio, measured)
    options = {**video_args(encoding, fps), **AUDIO_ARGS, **CONTAINER_ARGS, "t": round(timeline.duration, 6)}
    output = ffmpeg.output(video, audio, str(out), f="mp4", **options)
    output = output.global_args(
        "-hide_banner", "-nostdin", "-nostats", "-progress", "pipe:1", "-loglevel", "error"
    )
    command: list[str] = ffmpeg.compile(output, cmd=exe, overwrite_output=True)
    return command  # ffmpeg-python ships no types
