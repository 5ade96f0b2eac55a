"""Brand marks on a card: a logo drawn in the variant that stands out from what is behind it.

A logo is chosen by the pixels actually under its box, not by the colour a template thinks it
put there: a photo, a gradient or a brand colour all count the same. Contrast is WCAG's
(relative luminance, (L1 + 0.05) / (L2 + 0.05)); a logo is a graphic, so 3:1 is enough
(WCAG 1.4.11, non-text contrast).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageColor, ImageDraw

from ..templates.layers import Box, Logo

LOGO_CONTRAST = 3.0  # WCAG 1.4.11: graphical objects against adjacent colours


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB values (0..255, last axis RGB)."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    weights: np.ndarray = np.array([0.2126, 0.7152, 0.0722])
    luminance: np.ndarray = linear @ weights
    return luminance


def contrast_ratio(a: float, b: float) -> float:
    """WCAG contrast ratio of two relative luminances (1 to 21)."""
    high, low = max(a, b), min(a, b)
    return (high + 0.05) / (low + 0.05)


def mark_luminance(mark: Image.Image) -> float | None:
    """The luminance of a mark's visible pixels (alpha-weighted mean), None when it has none."""
    rgba = np.asarray(mark.convert("RGBA"), dtype=np.float64)
    alpha = rgba[..., 3] / 255.0
    if alpha.sum() < 1:
        return None
    lum = relative_luminance(rgba[..., :3])
    return float((lum * alpha).sum() / alpha.sum())


def ground_luminance(image: Image.Image, box: Box) -> float:
    """The mean luminance of what is drawn under ``box`` so far."""
    region = image.crop((box.x, box.y, box.right, box.bottom)).convert("RGB")
    return float(relative_luminance(np.asarray(region)).mean())


def fitted(mark: Image.Image, box: Box) -> Image.Image:
    """``mark`` scaled to fit inside ``box``, keeping its aspect."""
    scale = min(box.w / mark.width, box.h / mark.height)
    size = (max(1, round(mark.width * scale)), max(1, round(mark.height * scale)))
    return mark.convert("RGBA").resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def placed(tile: Image.Image, box: Box, align: str) -> tuple[int, int]:
    """Where a fitted mark's top-left corner goes in ``box``."""
    spare = box.w - tile.width
    x = box.x + {"start": 0, "center": spare // 2, "end": spare}.get(align, spare // 2)
    return x, box.y + (box.h - tile.height) // 2


def draw_logo(image: Image.Image, layer: Logo, opener: Callable[[Path], Image.Image]) -> None:
    """Draw ``layer`` on ``image`` (RGBA): the first variant with enough contrast against
    the pixels under its box, else the first on its plate. ``opener`` opens a mark file (the
    card's cached picture loader)."""
    box = layer.box
    if box.w <= 0 or box.h <= 0 or not layer.variants:
        return
    ground = ground_luminance(image, box)
    tiles = [fitted(opener(path), box) for path in layer.variants]
    for tile in tiles:
        lum = mark_luminance(tile)
        if lum is not None and contrast_ratio(lum, ground) >= LOGO_CONTRAST:
            image.alpha_composite(tile, placed(tile, box, layer.align))
            return
    tile = tiles[0]
    at = placed(tile, box, layer.align)
    if layer.plate is not None:
        pad = max(4, round(min(tile.size) * 0.12))
        plate = Image.new("RGBA", (tile.width + 2 * pad, tile.height + 2 * pad), (0, 0, 0, 0))
        ImageDraw.Draw(plate).rounded_rectangle(
            (0, 0, plate.width - 1, plate.height - 1), radius=pad, fill=ImageColor.getrgb(layer.plate)
        )
        image.alpha_composite(plate, (at[0] - pad, at[1] - pad))
    image.alpha_composite(tile, at)
