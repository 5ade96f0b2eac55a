"""The preview compositor: the frame at time t of a story, drawn in Python from the same plan
and the same cached images that ffmpeg reads.

It mirrors the graph in :mod:`takatof.render.video.graph` step by step: which segment frame is on
screen (frame-exact), each cut (none, xfade's linear mix, a dip's fades to and from its colour),
fade's alpha ramps and overlay's placement on even
pixels; photo frames are the very planes the render feeds to ffmpeg
(:mod:`takatof.render.video.motion`). A test decodes the real
video at several times and requires the two to agree (PSNR), which is what lets the desktop
preview be trusted.
"""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageOps

from ...model.media import open_image
from ...templates.timeline import (
    BT470BG,
    BT709,
    DIP_COLOURS,
    SMPTE170M,
    Clip,
    Colour,
    Counter,
    Cut,
    Fade,
    Overlay,
    Photo,
    Segment,
    Still,
    Timeline,
    cover_size,
    crop_origin,
    even,
    focus_at,
    frame_count,
)
from .assets import Assets, CounterFrames
from .graph import colour_steps, dip_halves, overlap_frames, steps_string
from .motion import ken_burns_frame, photo_planes, yuv420_to_rgb
from .probe import clip_colour
from .runner import ffmpeg_exe


def frame_at(timeline: Timeline, assets: Assets, t: float, scale: float = 1.0) -> Image.Image:
    """The RGB frame shown at ``t`` seconds (snapped to its frame), scaled by ``scale``."""
    fps = timeline.fps
    f = min(max(0, round(t * fps)), timeline.frames - 1)
    frame = _base(timeline, assets, f)
    for overlay, path in zip(timeline.overlays, assets.overlays, strict=True):
        _overlay(frame, overlay, path, f, fps)
    for counter, frames in zip(timeline.counters, assets.counters, strict=True):
        _counter(frame, counter, frames, f, fps)
    image = Image.fromarray(np.clip(np.rint(frame), 0, 255).astype(np.uint8))
    if scale != 1.0:
        size = (max(1, round(timeline.width * scale)), max(1, round(timeline.height * scale)))
        image = image.resize(size, Image.Resampling.BILINEAR)
    return image


def _base(timeline: Timeline, assets: Assets, f: int) -> np.ndarray:
    """The segments' picture at frame ``f``: the last segment that has begun, or, within
    the overlap of its cut in, the mix the graph's :func:`~takatof.render.video.graph.join`
    makes there (a cut has none)."""
    fps = timeline.fps
    firsts = [round(start * fps) for start in timeline.starts]
    i = max(k for k, first in enumerate(firsts) if first <= f)
    segments, pieces = timeline.segments, assets.segments
    local = f - firsts[i]
    assert local < frame_count(segments[i].duration, fps), f"no segment covers frame {f}"
    picture = _segment_frame(segments[i], pieces[i], local, timeline)
    if i == 0:
        return picture
    cut = timeline.cuts[i - 1]
    frames = overlap_frames(cut, fps)
    if local >= frames:
        return picture
    before = _segment_frame(segments[i - 1], pieces[i - 1], f - firsts[i - 1], timeline)
    return transition_mix(cut, before, picture, local, frames)


def transition_mix(cut: Cut, old: np.ndarray, new: np.ndarray, k: int, frames: int) -> np.ndarray:
    """Frame ``k`` of ``frames`` of the overlap at ``cut``, from the old segment's and the new
    one's pictures then, as the graph draws it. A cross-fade (xfade's "fade", as
    :func:`~takatof.render.video.graph.cross_fade`): the new picture's weight is k/frames. A
    dip (:func:`~takatof.render.video.graph.dip`): ffmpeg's ``fade`` by frame, the old
    picture's weight 1 - k/n over the first half and the new one's j/n over the second, the
    rest the colour."""
    if cut.kind not in DIP_COLOURS:
        progress = min(1.0, max(0.0, 1.0 - k / frames))
        return old * progress + new * (1.0 - progress)
    colour = np.array(DIP_COLOURS[cut.kind], np.float32)
    out, into = dip_halves(frames)
    if k < out:
        weight = 1.0 - k / out
        return old * weight + colour * (1.0 - weight)
    weight = (k - out) / into
    return new * weight + colour * (1.0 - weight)


def _segment_frame(segment: Segment, asset: Path | None, k: int, timeline: Timeline) -> np.ndarray:
    if isinstance(segment, Still):
        return _still(asset).astype(np.float32)
    if isinstance(segment, Photo):
        return _photo(segment, asset, k, timeline)
    assert isinstance(segment, Clip)
    return _clip_frame(segment, k, timeline).astype(np.float32)


@functools.lru_cache(maxsize=16)
def _still(path: Path | None) -> np.ndarray:
    assert path is not None
    image = open_image(path)  # the one way images are opened
    return np.asarray(image if image.mode == "RGB" else image.convert("RGB"))


def _photo(segment: Photo, asset: Path | None, k: int, timeline: Timeline) -> np.ndarray:
    """The very 4:2:0 planes the render feeds to ffmpeg for this frame, shown as RGB."""
    assert asset is not None
    n = frame_count(segment.duration, timeline.fps)
    planes = ken_burns_frame(photo_planes(asset), segment, k, n, timeline.width, timeline.height)
    return yuv420_to_rgb(planes)


def _clip_frame(segment: Clip, k: int, timeline: Timeline) -> np.ndarray:
    """The clip's frame at its local time, in the render's colours (:func:`clip_rgb`),
    cover-fitted like the graph's scale+crop."""
    at = segment.start + min(k, frame_count(segment.duration, timeline.fps) - 1) / timeline.fps
    with av.open(str(segment.path), metadata_errors="replace") as container:
        stream = container.streams.video[0]
        time_base = stream.time_base
        assert time_base is not None  # a demuxed stream always has one; PyAV types it optional
        container.seek(int(max(0.0, at - 1.0) / time_base), stream=stream)
        picture = None
        for frame in container.decode(stream):
            if frame.time is not None and frame.time > at + 1e-6 and picture is not None:
                break
            picture = frame
    assert picture is not None
    colour = segment.colour if segment.colour is not None else clip_colour(segment.path)
    image = Image.fromarray(clip_rgb(picture, colour))
    size = (timeline.width, timeline.height)
    if not segment.focus:
        return np.asarray(ImageOps.fit(image, size, Image.Resampling.BICUBIC))
    return np.asarray(
        reframed(image, segment, min(k, frame_count(segment.duration, timeline.fps) - 1), timeline)
    )


def reframed(image: Image.Image, segment: Clip, k: int, timeline: Timeline) -> Image.Image:
    """Frame ``k`` of a clip with a focus path, as the graph makes it: cover-scaled as
    ffmpeg's ``scale`` sizes it (:func:`~takatof.templates.timeline.cover_size`), then the
    window around the focus at that instant (:func:`~takatof.templates.timeline.crop_origin`;
    the time as crop reads it, ``k`` times the frame's length)."""
    w, h = timeline.width, timeline.height
    scaled = cover_size(image.width, image.height, w, h)
    focus = focus_at(segment.focus, segment.start + k * (1 / timeline.fps))
    x, y = crop_origin(focus, scaled, (w, h))
    return image.resize(scaled, Image.Resampling.BICUBIC).crop((x, y, x + w, y + h))


def clip_view(
    segment: Clip, offset_s: float, size: tuple[int, int], timeline: Timeline
) -> tuple[int, int, int, int]:
    """The part of a clip's picture (``size``: upright, in pixels) that its frame shows
    ``offset_s`` seconds into its segment: (left, top, width, height) in picture pixels. The
    cover scale and the window the render crops (the middle for a clip without a focus)."""
    w, h = timeline.width, timeline.height
    sw, sh = cover_size(*size, w, h)
    n = frame_count(segment.duration, timeline.fps)
    k = min(n - 1, max(0, round(offset_s * timeline.fps)))
    focus = focus_at(segment.focus, segment.start + k * (1 / timeline.fps)) if segment.focus else (0.5, 0.5)
    x, y = crop_origin(focus, (sw, sh), (w, h))
    return round(x * size[0] / sw), round(y * size[1] / sh), round(w * size[0] / sw), round(h * size[1] / sh)


def clip_point(
    segment: Clip, offset_s: float, fx: float, fy: float, size: tuple[int, int], timeline: Timeline
) -> tuple[float, float]:
    """The point of the clip's picture (fractions of its upright ``size``) under the frame
    point (``fx``, ``fy``) (fractions of the frame) ``offset_s`` seconds into its segment:
    where a click on the preview puts a focus key."""
    left, top, cw, ch = clip_view(segment, offset_s, size, timeline)
    px, py = (left + fx * cw) / size[0], (top + fy * ch) / size[1]
    return round(min(1.0, max(0.0, px)), 3), round(min(1.0, max(0.0, py)), 3)


def clip_frame_point(
    segment: Clip, offset_s: float, px: float, py: float, size: tuple[int, int], timeline: Timeline
) -> tuple[float, float]:
    """Where the point (``px``, ``py``) of the clip's picture is on its frame ``offset_s``
    seconds into its segment, as fractions of the frame (outside 0..1 when the window has
    left it out): :func:`clip_point` the other way, for drawing the path's keys."""
    left, top, cw, ch = clip_view(segment, offset_s, size, timeline)
    return (px * size[0] - left) / cw, (py * size[1] - top) / ch


_AV_MATRIX = {BT709: "ITU709", BT470BG: "ITU601", SMPTE170M: "SMPTE170M", 7: "SMPTE240M", 4: "FCC"}
"""PyAV's names of the matrices (AVCOL_SPC numbers) swscale reads, as graph._SWS_MATRIX."""


def clip_rgb(picture: av.VideoFrame, colour: Colour) -> np.ndarray:
    """A decoded clip frame as RGB, in the colours the render gives it: read with the matrix
    and range it was coded with (the right matrix for untagged pictures too), and for HDR and
    BT.2020 through the very filters the render applies
    (:func:`takatof.render.video.graph.colour_steps`: tone mapping), run by the bundled ffmpeg
    because PyAV's FFmpeg has no zscale. The
    frame goes in as 16-bit 4:4:4 (a lossless widening: no matrix is applied on the way),
    and comes back from the output's BT.709 limited-range 4:2:0, as a player shows it —
    and upright: a phone stores a portrait clip sideways with a display matrix, which
    ffmpeg's autorotate applies in the render (:func:`upright`)."""
    if not colour.wide:
        # swscale's own conversion, in process: what the render's scale step and a player's
        # BT.709 read come to together (~7 ms a 1080p frame, where an ffmpeg run costs ~150).
        matrix = _AV_MATRIX.get(colour.source_matrix, "ITU709")
        rgb = picture.reformat(
            format="rgb24", src_colorspace=matrix, src_color_range="JPEG" if colour.full_range else "MPEG"
        ).to_ndarray()
        return upright(rgb, picture.rotation)
    width, height = picture.width, picture.height
    planes = picture.reformat(format="yuv444p16le").to_ndarray()  # height x width x 3
    raw = np.ascontiguousarray(planes.transpose(2, 0, 1)).tobytes()
    to_rgb = "scale=in_color_matrix=bt709:in_range=tv,format=rgb24"
    source = ["-f", "rawvideo", "-pix_fmt", "yuv444p16le", "-s", f"{width}x{height}", "-i", "pipe:0"]
    filters = ["-vf", f"{steps_string(colour_steps(colour))},{to_rgb}"]
    quiet = ["-hide_banner", "-loglevel", "error", "-nostdin"]
    done = subprocess.run(
        [ffmpeg_exe(), *quiet, *source, *filters, "-f", "rawvideo", "pipe:1"],
        input=raw,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0 or len(done.stdout) != width * height * 3:
        raise RuntimeError(f"ffmpeg could not convert a frame: {done.stderr.decode(errors='replace')[-400:]}")
    return upright(np.frombuffer(done.stdout, np.uint8).reshape(height, width, 3), picture.rotation)


def upright(pixels: np.ndarray, rotation: float) -> np.ndarray:
    """A frame turned as its display matrix says (``rotation``: degrees counterclockwise, as
    PyAV reads it; -90 is a phone held upright), what ffmpeg's autorotate does to the
    render's input. Only quarter turns: phones write nothing else."""
    turns = round(rotation / 90) % 4
    return np.ascontiguousarray(np.rot90(pixels, turns)) if turns else pixels


def _alpha_factor(fade: Fade, start: float, end: float, t: float) -> float:
    """ffmpeg's fade filter on the alpha plane: linear ramps in and out."""
    factor = 1.0
    if fade.fade_in > 0:
        factor = min(factor, max(0.0, (t - start) / fade.fade_in))
    if fade.fade_out > 0:
        factor = min(factor, max(0.0, (end - t) / fade.fade_out))
    return min(1.0, factor)


def _blend(frame: np.ndarray, rgba: np.ndarray, x: int, y: int, factor: float) -> None:
    h, w = frame.shape[:2]
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(w, x + rgba.shape[1]), min(h, y + rgba.shape[0])
    if x1 <= x0 or y1 <= y0 or factor <= 0:
        return
    tile = rgba[y0 - y : y1 - y, x0 - x : x1 - x].astype(np.float32)
    alpha = tile[..., 3:4] / 255.0 * factor
    region = frame[y0:y1, x0:x1]
    region *= 1.0 - alpha
    region += tile[..., :3] * alpha


@functools.lru_cache(maxsize=64)
def _rgba(path: Path) -> np.ndarray:
    image = open_image(path)  # the one way images are opened
    return np.asarray(image if image.mode == "RGBA" else image.convert("RGBA"))


def _overlay(frame: np.ndarray, overlay: Overlay, path: Path, f: int, fps: int) -> None:
    first = round(overlay.start * fps)
    if not first <= f < first + frame_count(overlay.end - overlay.start, fps):
        return
    t = f / fps
    y = float(overlay.box.y)
    fade = overlay.fade
    if fade.slide and fade.fade_in > 0:
        y += fade.slide * max(0.0, 1 - (t - overlay.start) / fade.fade_in) ** 2
    factor = _alpha_factor(fade, overlay.start, overlay.end, t)
    _blend(frame, _rgba(path), even(overlay.box.x), even(y), factor)


def _counter(frame: np.ndarray, counter: Counter, frames: CounterFrames, f: int, fps: int) -> None:
    first = round(frames.first * fps)
    if not first <= f < first + frame_count(counter.end - frames.first, fps):
        return
    index = min(f - first, frames.count - 1)
    factor = _alpha_factor(counter.fade, frames.first, counter.end, f / fps)
    _blend(frame, _rgba(Path(frames.pattern % index)), even(frames.x), even(frames.y), factor)
