"""Ken Burns motion with sub-pixel precision: the photo frames of a story, made in Python.

ffmpeg's ``zoompan`` crops on whole source pixels, so a slow pan or zoom moves in uneven
steps (a visible judder; tests/test_ken_burns.py measures it). Here every frame samples the
photo at the exact crop the motion asks for, with bilinear interpolation, on each plane of
4:2:0 video. The frames reach the single ffmpeg process as one raw video stream on its stdin
(see :func:`takatof.render.video.graph.render_command`), and the preview compositor calls the
same function, so preview and render show the same pixels.

Speed: one ``cv2.warpAffine`` per plane, on one thread, 1.0 ms per 1080x1920 frame (all
three planes). An exact-factor ``cv2.resize`` cropped at a whole output pixel, which this
module used before, measured 2.6-2.9 ms per frame here (the resize makes a larger picture
and the crop needs a copy to be written): 0.75 s of CPU per story with 462 photo frames.
The warp's positions are on OpenCV's 1/32 px grid (``TOLERANCE``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from ...model.media import open_image
from ...templates.layers import Canvas
from ...templates.timeline import Photo, Timeline, frame_count
from .assets import Assets, ensure_photo
from .graph import needs_photo_frames

if TYPE_CHECKING:
    from .runner import Feed, Writer

TOLERANCE = 1 / 32  # source pixels: the position precision of OpenCV's bilinear warp
_PAD = 64  # source pixels of replicated border around each plane (room at the photo's edge)

# BT.709, limited range: what the output is tagged with, and what ffmpeg's scale gives stills.
_KR, _KB = 0.2126, 0.0722
_KG = 1.0 - _KR - _KB

Planes = tuple[np.ndarray, np.ndarray, np.ndarray]


def _rgb_to_ycbcr_matrix() -> np.ndarray:
    """RGB 0..255 -> (Y, Cb, Cr) in BT.709 limited range, as one 3x4 affine matrix."""
    luma = np.array([_KR, _KG, _KB])
    blue = (np.array([0.0, 0.0, 1.0]) - luma) / (2 * (1 - _KB))
    red = (np.array([1.0, 0.0, 0.0]) - luma) / (2 * (1 - _KR))
    rows = [219 / 255 * luma, 224 / 255 * blue, 224 / 255 * red]
    return np.column_stack([np.array(rows), [16.0, 128.0, 128.0]])


_RGB_TO_YCBCR = _rgb_to_ycbcr_matrix()


def rgb_to_yuv420(rgb: np.ndarray) -> Planes:
    """RGB (uint8, HxWx3) to BT.709 limited-range Y, Cb, Cr planes, the chroma averaged over
    2x2 blocks (4:2:0). Odd sizes are padded by repeating the last row and column. (One
    OpenCV matrix transform: a 1210x2150 photo converts in ~15 ms, ten times numpy's.)"""
    ycbcr = cv2.transform(np.ascontiguousarray(rgb, dtype=np.uint8), _RGB_TO_YCBCR)
    y, cb, cr = cv2.split(ycbcr)
    h, w = y.shape
    chroma = []
    for plane in (cb, cr):
        if h % 2 or w % 2:
            plane = cv2.copyMakeBorder(plane, 0, h % 2, 0, w % 2, cv2.BORDER_REPLICATE)
        size = (plane.shape[1] // 2, plane.shape[0] // 2)
        chroma.append(cv2.resize(plane, size, interpolation=cv2.INTER_AREA))
    return y, chroma[0], chroma[1]


def yuv420_to_rgb(planes: Planes) -> np.ndarray:
    """The inverse of :func:`rgb_to_yuv420` (chroma upsampled bilinearly), as float32 RGB
    0..255: what a player shows of a 4:2:0 frame."""
    y, cb, cr = planes
    h, w = y.shape
    cb = cv2.resize(cb, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    cr = cv2.resize(cr, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    luma = (y.astype(np.float32) - 16) / 219
    pb, pr = (cb - 128) / 224, (cr - 128) / 224
    r = luma + 2 * (1 - _KR) * pr
    b = luma + 2 * (1 - _KB) * pb
    g = (luma - _KR * r - _KB * b) / _KG
    return np.clip(np.stack([r, g, b], axis=-1) * 255.0, 0, 255)


@functools.lru_cache(maxsize=4)
def photo_planes(path: Path) -> Planes:
    """The prepared photo as 4:2:0 planes, each with a replicated border of ``_PAD`` pixels
    (so a crop at the photo's edge still has neighbours to interpolate from). Decoded once
    per photo, not per frame."""
    image = open_image(path)  # the one way images are opened: RGB for the prepared JPEGs
    rgb = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
    return tuple(  # type: ignore[return-value]
        cv2.copyMakeBorder(p, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_REPLICATE) for p in rgb_to_yuv420(rgb)
    )


def crop_at(photo: Photo, k: int, n: int, iw: int, ih: int, w: int, h: int) -> tuple[float, float, float]:
    """The view of output frame ``k`` of ``n`` on an ``iw`` x ``ih`` photo shown at ``w`` x
    ``h``: the crop's left and top edges in source pixels (fractional) and the scale (output
    pixels per source pixel). Zoom and centre move linearly; the crop is kept inside the
    photo."""
    m = photo.motion
    p = k / max(1, n - 1)
    zoom = max(1.0, m.zoom_from + (m.zoom_to - m.zoom_from) * p)
    scale = max(w / iw, h / ih) * zoom
    cw, ch = w / scale, h / scale
    cx = (m.x_from + (m.x_to - m.x_from) * p) * iw
    cy = (m.y_from + (m.y_to - m.y_from) * p) * ih
    x = min(max(cx - cw / 2, 0.0), max(iw - cw, 0.0))
    y = min(max(cy - ch / 2, 0.0), max(ih - ch, 0.0))
    return x, y, scale


def sample(plane: np.ndarray, x: float, y: float, scale: float, w: int, h: int) -> np.ndarray:
    """``w`` x ``h`` pixels of ``plane`` (padded by ``_PAD``) starting at the fractional
    source position (x, y), ``scale`` output pixels per source pixel, bilinear. Output pixel
    j's centre samples source x + (j + 0.5) / scale - 0.5, as an area-aligned resize does."""
    x, y = x + _PAD, y + _PAD
    # Output pixel j at source x + (j + 0.5)/scale - 0.5: dst = scale*src + (0.5*(scale-1) - scale*x).
    matrix = np.array(
        [[scale, 0.0, 0.5 * (scale - 1) - scale * x], [0.0, scale, 0.5 * (scale - 1) - scale * y]],
        dtype=np.float64,
    )
    return cv2.warpAffine(plane, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def ken_burns_frame(planes: Planes, photo: Photo, k: int, n: int, w: int, h: int) -> Planes:
    """Frame ``k`` of ``n`` of ``photo`` moving, as 4:2:0 planes of a ``w`` x ``h`` picture.
    The chroma planes are panned at half the luma's position on half-size planes."""
    if w % 2 or h % 2:
        raise ValueError(f"4:2:0 frames need an even size, not {w}x{h}")
    luma, blue, red = planes
    iw, ih = luma.shape[1] - 2 * _PAD, luma.shape[0] - 2 * _PAD
    x, y, scale = crop_at(photo, k, n, iw, ih, w, h)
    # A chroma sample covers 2x2 luma samples, its centre half a luma pixel in: the same
    # area-aligned mapping at half the coordinates.
    return (
        sample(luma, x, y, scale, w, h),
        sample(blue, x / 2, y / 2, scale, w // 2, h // 2),
        sample(red, x / 2, y / 2, scale, w // 2, h // 2),
    )


def photo_frames(photo: Photo, path: Path, n: int, w: int, h: int) -> Iterator[Planes]:
    """The ``n`` frames of one photo segment, one at a time (memory stays flat)."""
    planes = photo_planes(path)
    for k in range(n):
        yield ken_burns_frame(planes, photo, k, n, w, h)


def write_frames(frames: Iterator[Planes], write: Callable[[memoryview], object]) -> int:
    """Write 4:2:0 frames as raw ``yuv420p`` (Y, then Cb, then Cr); return the count."""
    count = 0
    for planes in frames:
        for plane in planes:
            write(np.ascontiguousarray(plane).data.cast("B"))
        count += 1
    return count


def feed(timeline: Timeline, assets: Assets, stream: Writer) -> int:
    """Write every photo segment's frames, in timeline order, to ``stream`` (ffmpeg's stdin:
    :func:`takatof.render.video.graph.photo_input` reads them); return the frame count. A photo
    not prepared yet (``prepare(photos=False)``) is prepared here, while ffmpeg encodes.

    OpenCV is kept to one thread while it feeds: x264 already keeps every core busy, and
    OpenCV's worker threads would only contend with it (6.3 ms of CPU per 1080x1920 frame on
    two threads, 5.8 ms on one). The setting is process-wide; it is restored afterwards."""
    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        count = 0
        for segment, path in zip(timeline.segments, assets.segments, strict=True):
            if isinstance(segment, Photo):
                assert path is not None
                ensure_photo(segment, Canvas(timeline.width, timeline.height), path)
                n = frame_count(segment.duration, timeline.fps)
                frames = photo_frames(segment, path, n, timeline.width, timeline.height)
                count += write_frames(frames, stream.write)
        return count
    finally:
        cv2.setNumThreads(threads)


def photo_feed(timeline: Timeline, assets: Assets) -> Feed | None:
    """What the runner writes to ffmpeg's stdin for :func:`takatof.render.video.graph.render_command`
    of this timeline: its photo frames, or nothing when it has no photos."""
    return functools.partial(feed, timeline, assets) if needs_photo_frames(timeline) else None
