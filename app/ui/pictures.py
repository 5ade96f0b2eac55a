"""Pillow images as Qt images: one conversion for the preview, the timeline and the media
fields' thumbnails."""

from __future__ import annotations

from PIL import Image
from PySide6.QtGui import QImage


def to_qimage(image: Image.Image) -> QImage:
    """``image`` as a QImage that owns its pixels (safe to hand from a pool thread to the UI
    thread): RGBA when the picture has transparency, so a cut-out shows what is behind it,
    else RGB (a quarter less to copy, and what every frame of a video is)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        return QImage(
            rgba.tobytes(), rgba.width, rgba.height, 4 * rgba.width, QImage.Format.Format_RGBA8888
        ).copy()
    rgb = image.convert("RGB")
    return QImage(rgb.tobytes(), rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()
