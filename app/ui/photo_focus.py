"""Where a photo's focus point is on a video frame: the way back of
:func:`takatof.render.video.focus.photo_point` (which maps a click on the preview to the point
of the photo under it), so the preview can mark the focus it set.

The same two steps as the render, forward: the cover crop that prepared the photo from its
file, then the Ken Burns view of the prepared photo at that instant.
"""

from __future__ import annotations

from ..model.media import image_size
from ..render.video.assets import photo_size
from ..render.video.motion import crop_at
from ..templates.layers import Canvas
from ..templates.timeline import FPS, Photo, frame_count


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
    fractions of the frame (outside 0..1 when the view has left it out)."""
    pw, ph = photo_size(photo, Canvas(width, height))
    iw, ih = image_size(photo.path)
    left, top, cw, ch = cover_crop(iw, ih, pw / ph, photo.centering)
    u, v = (px * iw - left) / cw, (py * ih - top) / ch  # fractions of the prepared photo
    n = frame_count(photo.duration, fps)
    k = min(n - 1, max(0, round(offset_s * fps)))
    x, y, scale = crop_at(photo, k, n, pw, ph, width, height)
    return (u * pw - x) * scale / width, (v * ph - y) * scale / height
