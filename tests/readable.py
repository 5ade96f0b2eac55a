"""Measuring a rendered text's contrast from its pixels alone (helpers, no tests here).

Independent of the renderer's own record of contrast: the glyphs are found by comparing the
card with the same layers drawn without their text stacks (what a text adds is its glyphs,
and any scrim under them), and the ground is read in a thin ring around the glyphs on the
finished card, where a reader's eye meets it: the scrim where there is one, the photo or the
colour where there is not. The ring starts two pixels out, past the glyphs' anti-aliased
edges, which belong to neither the text nor its ground.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageColor, ImageFilter

from takatof.templates.layers import Box, Layer, Stack

CORE_TOLERANCE = 40  # a glyph's core pixels are this close to its colour (per channel)
CHANGED = 24  # a pixel the text changed differs from the bare ground by more than this
PERCENTILE = 5.0


def bare(layers: list[Layer] | tuple[Layer, ...]) -> list[Layer]:
    """The layers without their text stacks: the ground the texts were drawn on, no scrim."""
    return [layer for layer in layers if not isinstance(layer, Stack)]


def _luminance(rgb: np.ndarray) -> np.ndarray:
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return np.asarray(linear @ np.array([0.2126, 0.7152, 0.0722]))


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    image = Image.fromarray(mask.astype(np.uint8) * 255)
    return np.asarray(image.filter(ImageFilter.MaxFilter(2 * radius + 1))) > 0


def glyph_contrast(full: Image.Image, ground: Image.Image, box: Box, color: str) -> float:
    """The contrast of the glyphs drawn in ``color`` inside ``box`` of ``full`` against the
    ring of pixels around them (5th percentile over the ring). A text whose glyphs cannot
    be told from the bare ``ground`` is measured against that ground: it is invisible."""
    pad = 8
    crop = (max(0, box.x - pad), max(0, box.y - pad), box.right + pad, box.bottom + pad)
    drawn = np.asarray(full.convert("RGB").crop(crop), dtype=np.int32)
    under = np.asarray(ground.convert("RGB").crop(crop), dtype=np.int32)
    rgb = np.array(ImageColor.getrgb(color)[:3], dtype=np.int32)
    core = np.abs(drawn - rgb).max(axis=2) <= CORE_TOLERANCE
    changed = np.abs(drawn - under).max(axis=2) > CHANGED
    glyphs = core & changed
    text_lum = float(_luminance(rgb))
    if glyphs.sum() < 12:
        ring_pixels = under.reshape(-1, 3)
    else:
        ring = _dilate(glyphs, 5) & ~_dilate(glyphs, 2)
        ring_pixels = drawn[ring]
    lum = _luminance(ring_pixels)
    ratios = (np.maximum(lum, text_lum) + 0.05) / (np.minimum(lum, text_lum) + 0.05)
    return float(np.percentile(ratios, PERCENTILE))


def levenshtein(a: str, b: str) -> int:
    """Edits (insertions, deletions, substitutions) turning ``a`` into ``b``."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]
