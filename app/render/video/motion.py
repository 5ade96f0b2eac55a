"""Ken Burns motion with sub-pixel precision: the photo frames of a story, made in Python.

ffmpeg's ``zoompan`` crops on whole source pixels, so a slow pan or zoom moves in uneven
steps (a visible judder; tests/test_ken_burns.py measures it). Here every frame samples the
photo at the exact crop the motion asks for, with bilinear interpolation, on each plane of
4:2:0 video. The frames reach the single ffmpeg process as one raw video stream on its stdin
(see :func:`app.render.video.graph.render_command`), and the preview compositor calls the
same function, so preview and render show the same pixels.

Speed: ``cv2.resize`` with an exact scale factor is about three times cheaper than a general
warp, but it can only start on a whole source pixel. Cropping its (slightly larger) output at
a whole *output* pixel ``c`` moves the start by ``c / scale`` source pixels, so trying a few
``c`` finds a start within 1/32 of a pixel of the wanted one (the precision a warp has too).
When no ``c`` gets that close (a scale that is a simple fraction, such as exactly 1), the
frame is made with ``cv2.warpAffine`` instead.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import cv2
import numpy as np
from PIL import Image

from app.render.video.assets import Assets
from app.render.video.graph import frame_count
from app.templates.timeline import Photo, Timeline

TOLERANCE = 1 / 32  # source pixels: the position precision of OpenCV's bilinear warp
_TRIES = 24  # output-pixel shifts tried per axis to reach TOLERANCE
_PAD = 2  # source pixels of replicated border around every plane

# BT.709, limited range: what the output is tagged with, and what ffmpeg's scale gives stills.
_KR, _KB = 0.2126, 0.0722
_KG = 1.0 - _KR - _KB

Planes = tuple[np.ndarray, np.ndarray, np.ndarray]


def rgb_to_yuv420(rgb: np.ndarray) -> Planes:
    """RGB (uint8, HxWx3) to BT.709 limited-range Y, Cb, Cr planes, the chroma averaged over
    2x2 blocks (4:2:0). Odd sizes are padded by repeating the last row and column."""
    f = rgb.astype(np.float32) / 255.0
    r, g, b = f[..., 0], f[..., 1], f[..., 2]
    y = _KR * r + _KG * g + _KB * b
    cb = (b - y) / (2 * (1 - _KB))
    cr = (r - y) / (2 * (1 - _KR))
    h, w = y.shape
    if h % 2 or w % 2:
        cb = np.pad(cb, ((0, h % 2), (0, w % 2)), mode="edge")
        cr = np.pad(cr, ((0, h % 2), (0, w % 2)), mode="edge")
    cb = cb.reshape(cb.shape[0] // 2, 2, cb.shape[1] // 2, 2).mean(axis=(1, 3))
    cr = cr.reshape(cr.shape[0] // 2, 2, cr.shape[1] // 2, 2).mean(axis=(1, 3))
    return (
        _u8(16 + 219 * y),
        _u8(128 + 224 * cb),
        _u8(128 + 224 * cr),
    )


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


def _u8(values: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


@functools.lru_cache(maxsize=4)
def photo_planes(path: Path) -> Planes:
    """The prepared photo as 4:2:0 planes, each with a replicated border of ``_PAD`` pixels
    (so a crop at the photo's edge still has neighbours to interpolate from). Decoded once
    per photo, not per frame."""
    with Image.open(path) as image:
        rgb = np.asarray(image.convert("RGB"))
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


def _start(edge: float, scale: float) -> tuple[int, int, float]:
    """A whole source pixel ``s`` and a whole output pixel ``c`` with s + c/scale closest to
    ``edge`` (c >= 1, so the first sample never reads left of the crop), and the error."""
    best = (0, 0, math.inf)
    for c in range(1, _TRIES + 1):
        s = round(edge - c / scale)
        error = abs(s + c / scale - edge)
        if s >= 0 and error < best[2]:
            best = (s, c, error)
            if error < TOLERANCE / 4:
                break
    return best


def sample(plane: np.ndarray, x: float, y: float, scale: float, w: int, h: int) -> np.ndarray:
    """``w`` x ``h`` pixels of ``plane`` (padded by ``_PAD``) starting at the fractional
    source position (x, y), ``scale`` output pixels per source pixel, bilinear. Output pixel
    j's centre samples source x + (j + 0.5) / scale - 0.5, as an area-aligned resize does."""
    x, y = x + _PAD, y + _PAD
    sx, cx, ex = _start(x, scale)
    sy, cy, ey = _start(y, scale)
    if max(ex, ey) <= TOLERANCE:
        rw = math.ceil((cx + w + 1) / scale) + 1
        rh = math.ceil((cy + h + 1) / scale) + 1
        region = plane[sy : sy + rh, sx : sx + rw]
        if region.shape == (rh, rw):
            big = cv2.resize(region, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)
            if big.shape[0] >= cy + h and big.shape[1] >= cx + w:
                return big[cy : cy + h, cx : cx + w]
    # Output pixel j at source x + (j + 0.5)/scale - 0.5: dst = scale*src + (0.5*(scale-1) - scale*x).
    matrix = np.array(
        [[scale, 0.0, 0.5 * (scale - 1) - scale * x], [0.0, scale, 0.5 * (scale - 1) - scale * y]],
        dtype=np.float64,
    )
    return cv2.warpAffine(plane, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def ken_burns_frame(planes: Planes, photo: Photo, k: int, n: int, w: int, h: int) -> Planes:
    """Frame ``k`` of ``n`` of ``photo`` moving, as 4:2:0 planes of a ``w`` x ``h`` picture.
    The chroma planes are panned at half the luma's position on half-size planes."""
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
            write(memoryview(np.ascontiguousarray(plane)).cast("B"))
        count += 1
    return count


def feed(timeline: Timeline, assets: Assets, stream: BinaryIO) -> int:
    """Write every photo segment's frames, in timeline order, to ``stream`` (ffmpeg's stdin:
    :func:`app.render.video.graph.photo_input` reads them); return the frame count."""
    count = 0
    for segment, path in zip(timeline.segments, assets.segments, strict=True):
        if isinstance(segment, Photo):
            assert path is not None
            n = frame_count(segment.duration, timeline.fps)
            frames = photo_frames(segment, path, n, timeline.width, timeline.height)
            count += write_frames(frames, stream.write)
    return count
