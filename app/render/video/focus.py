"""Where a click on a video frame lands on the photo shown in it, and the way back: where a
photo's point is on a frame (the preview marks the focus it set).

A photo's ``focus`` (the point its zoom goes to, what stays in frame) is set in the Studio by
clicking on the preview. The preview shows a *view* of the photo — cover-fitted, zoomed and
panned by the Ken Burns motion at that instant — so the click is mapped back through the
same view the renderer samples (:func:`takatof.render.video.motion.crop_at`), not taken as a
fraction of the frame.
"""

from __future__ import annotations

from ...model.media import image_size
from ...templates.layers import Canvas
from ...templates.timeline import FPS, Photo, frame_count
from .assets import photo_size
from .motion import crop_at


def photo_point(
    photo: Photo, offset_s: float, fx: float, fy: float, width: int, height: int, fps: int = FPS
) -> tuple[float, float]:
    """The point of ``photo``'s file (fractions of its width and height) under the frame
    point (``fx``, ``fy``) (fractions of a ``width`` x ``height`` frame at ``fps``, the
    timeline's), ``offset_s`` seconds into the photo's segment. Two steps back, as the render goes forward: the Ken Burns view
    of the prepared photo, then the cover crop that prepared it from the file."""
    pw, ph = photo_size(photo, Canvas(width, height))
    n = frame_count(photo.duration, fps)
    k = min(n - 1, max(0, round(offset_s * fps)))
    x, y, scale = crop_at(photo, k, n, pw, ph, width, height)
    u = (x + fx * width / scale) / pw  # fractions of the prepared photo
    v = (y + fy * height / scale) / ph
    iw, ih = image_size(photo.path)
    left, top, cw, ch = cover_crop(iw, ih, pw / ph, photo.centering)
    px, py = (left + u * cw) / iw, (top + v * ch) / ih
    return round(min(1.0, max(0.0, px)), 3), round(min(1.0, max(0.0, py)), 3)


def cover_crop(
    iw: int, ih: int, ratio: float, centering: tuple[float, float]
) -> tuple[float, float, float, float]:
    """The part of an ``iw`` x ``ih`` image that ``ImageOps.fit`` keeps for an output of
    aspect ``ratio`` (left, top, width, height), as the asset step prepares photos."""
    if iw / ih >= ratio:
        cw, ch = ratio * ih, float(ih)
    else:
        cw, ch = float(iw), iw / ratio
    return (iw - cw) * centering[0], (ih - ch) * centering[1], cw, ch


def frame_point(
    photo: Photo, offset_s: float, px: float, py: float, width: int, height: int, fps: int = FPS
) -> tuple[float, float]:
    """Where the point (``px``, ``py``) of ``photo``'s file (fractions of its width and height)
    is on a ``width`` x ``height`` frame ``offset_s`` seconds into the photo's segment, as
    fractions of the frame (outside 0..1 when the view has left it out): :func:`photo_point`
    forward, the cover crop that prepared the photo, then its Ken Burns view at that instant."""
    pw, ph = photo_size(photo, Canvas(width, height))
    iw, ih = image_size(photo.path)
    left, top, cw, ch = cover_crop(iw, ih, pw / ph, photo.centering)
    u, v = (px * iw - left) / cw, (py * ih - top) / ch  # fractions of the prepared photo
    n = frame_count(photo.duration, fps)
    k = min(n - 1, max(0, round(offset_s * fps)))
    x, y, scale = crop_at(photo, k, n, pw, ph, width, height)
    return (u * pw - x) * scale / width, (v * ph - y) * scale / height
