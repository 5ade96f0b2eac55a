"""Brand marks on a card: a logo drawn in the variant that stands out from what is behind it.

A logo is chosen by the pixels actually under it, not by the colour a template thinks it put
there: a photo, a gradient or a brand colour all count the same. Contrast is WCAG's (relative
luminance, (L1 + 0.05) / (L2 + 0.05)); a logo is a graphic, so 3:1 is enough (WCAG 1.4.11,
non-text contrast).

What is measured, and why:

* **At the mark's outline, not over its box.** A mark is seen against the pixels that border
  its own silhouette, not against the mean of its box: a white wordmark in a box whose
  corners catch a bright sky but whose letters sit on dark water is legible, and the mean
  of the box (half sky) would have called it lost. So the ground is the picture under the
  mark, softened by a blur a little wider than a stroke (what surrounds each stroke), and
  it is compared pixel by pixel with the mark's own colour along the rim of its ink
  (:func:`outline`): a two-colour logo is judged part by part, and the detail inside a
  mark (a light emblem on a dark shield) is the design's own contrast, not the card's.
* **Most of the outline, not its average.** A mark that is legible on average but whose
  half is lost on a bright patch of a photo is not legible: a variant is good when at least
  :data:`LEGIBLE_SHARE` of its outline meets 3:1 against what is under it.
* **A plate that contrasts with the mark.** When no variant stands out the mark goes on a
  plate; the brand's plate colour when the mark meets 3:1 on it, else white or near-black,
  whichever it meets (a white logo on the brand's cream plate would be lost again).
* **Padding in proportion to the mark.** The plate's margin is a share of the mark's ink
  height (:data:`PLATE_PAD`): brand guidelines give a logo's clear space in units of the
  mark itself (the height of a letter, a quarter of the symbol), so a plate looks the same
  around a small partner logo and a large hero mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFilter

from ..templates.cards.brand import INK_ALPHA
from ..templates.layers import Box, Logo

LOGO_CONTRAST = 3.0  # WCAG 1.4.11: graphical objects against adjacent colours
LEGIBLE_SHARE = 0.85
"""The share of a mark's ink (weighted by its opacity) that must meet :data:`LOGO_CONTRAST`
against what is under it: a few strokes over a highlight are forgiven, a lost half is not."""
PLATE_PAD = 0.25
"""A plate's margin around the mark's ink, as a share of the ink's shorter side."""
PLATE_FALLBACKS = ("#FFFFFF", "#111111")
"""Plates tried after the brand's own when the mark does not meet 3:1 on it."""


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


def contrast_ratios(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """:func:`contrast_ratio` of two arrays of luminances, element by element."""
    ratios: np.ndarray = (np.maximum(a, b) + 0.05) / (np.minimum(a, b) + 0.05)
    return ratios


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


def ground_under(image: Image.Image, tile: Image.Image, at: tuple[int, int]) -> np.ndarray:
    """The luminance of what surrounds each pixel of ``tile`` placed at ``at``: the picture
    under it, blurred by about a stroke's width so a thin stroke is judged against its
    neighbourhood, not the one pixel it hides. Outside the picture counts as its edge."""
    x, y = at
    reach = max(1, round(min(tile.size) * 0.04))
    region = image.crop((x - reach, y - reach, x + tile.width + reach, y + tile.height + reach))
    # Pillow fills past the picture's edge with zeros (black); use the nearest pixel instead.
    pad = (
        max(0, -(x - reach)),
        max(0, -(y - reach)),
        max(0, x + tile.width + reach - image.width),
        max(0, y + tile.height + reach - image.height),
    )
    rgb = np.asarray(region.convert("RGB"))
    if any(pad):
        inner = rgb[pad[1] : rgb.shape[0] - pad[3], pad[0] : rgb.shape[1] - pad[2]]
        rgb = np.pad(inner, ((pad[1], pad[3]), (pad[0], pad[2]), (0, 0)), mode="edge")
    soft = Image.fromarray(np.ascontiguousarray(rgb)).filter(ImageFilter.BoxBlur(reach))
    lum = relative_luminance(np.asarray(soft))
    return lum[reach : reach + tile.height, reach : reach + tile.width]


def outline(tile: Image.Image) -> np.ndarray:
    """The weight of each pixel of ``tile`` in judging it against its ground: its opacity on
    the rim of its ink (a ring about two pixels wide inside the silhouette), 0 elsewhere. A
    mark meets its ground only at its outline; what is inside (a light diamond on a blue
    crest, the counters of a letter) is seen against the mark's own colours, the design's
    business, not the card's."""
    alpha = tile.getchannel("A")
    ink = alpha.point(lambda a: 255 if a >= INK_ALPHA else 0)
    inner = np.asarray(ink.filter(ImageFilter.MinFilter(5))) > 0
    weights: np.ndarray = np.where((np.asarray(ink) > 0) & ~inner, np.asarray(alpha) / 255.0, 0.0)
    return weights


def legible_share(tile: Image.Image, ground: np.ndarray) -> float:
    """The share of ``tile``'s outline (:func:`outline`, weighted by opacity) whose colour
    meets 3:1 against ``ground`` (the luminance under each pixel); 0 for a mark with no ink."""
    weights = outline(tile)
    if weights.sum() < 1:
        return 0.0
    rgb = np.asarray(tile.convert("RGB"))
    ok = contrast_ratios(relative_luminance(rgb), ground) >= LOGO_CONTRAST
    return float((weights * ok).sum() / weights.sum())


def ink_box(tile: Image.Image) -> tuple[int, int, int, int]:
    """The bounding box of a tile's ink (left, top, right, bottom); the tile when it has none."""
    box = tile.getchannel("A").point(lambda a: 255 if a >= INK_ALPHA else 0).getbbox()
    return box if box is not None else (0, 0, tile.width, tile.height)


def composite(image: Image.Image, tile: Image.Image, at: tuple[int, int]) -> None:
    """``tile`` over ``image`` at ``at``, the part that falls off the picture left out (a
    partner logo's transparent margin may reach past the card's edge)."""
    x, y = at
    left, top = max(0, -x), max(0, -y)
    right, bottom = min(tile.width, image.width - x), min(tile.height, image.height - y)
    if right <= left or bottom <= top:
        return
    image.alpha_composite(tile, (x + left, y + top), (left, top, right, bottom))


@dataclass(frozen=True)
class Plate:
    """A rounded rectangle of ``colour`` behind a mark, ``box`` around its ink."""

    colour: str
    box: tuple[int, int, int, int]
    radius: int


def plate_around(tile: Image.Image, at: tuple[int, int], colour: str) -> Plate:
    """A plate of ``colour`` around the ink of ``tile`` placed at ``at``, with a margin of
    :data:`PLATE_PAD` of the ink's shorter side and corners rounded by half of that."""
    left, top, right, bottom = ink_box(tile)
    pad = max(2, round(min(right - left, bottom - top) * PLATE_PAD))
    box = (at[0] + left - pad, at[1] + top - pad, at[0] + right + pad, at[1] + bottom + pad)
    return Plate(colour, box, radius=max(2, pad // 2))


def on_plate(tiles: list[Image.Image], colours: list[str]) -> tuple[int, str]:
    """Which variant goes on which plate: the first colour (the brand's plate, then
    :data:`PLATE_FALLBACKS`) that some variant meets 3:1 against, with the first such variant
    (the brand's own plate and primary mark preferred); the best pair when none does."""
    scored: list[tuple[float, int, int, str]] = []  # share, earlier first, variant, colour
    for colour in colours:
        lum = float(relative_luminance(np.array(ImageColor.getrgb(colour))))
        for index, tile in enumerate(tiles):
            share = legible_share(tile, np.full((tile.height, tile.width), lum))
            if share >= LEGIBLE_SHARE:
                return index, colour
            scored.append((share, -len(scored), index, colour))
    _, _, index, colour = max(scored)
    return index, colour


def draw_logo(image: Image.Image, layer: Logo, opener: Callable[[Path], Image.Image]) -> None:
    """Draw ``layer`` on ``image`` (RGBA): the first variant whose ink stands out from the
    pixels under it (see the module docstring), else a variant on a plate it stands out from
    (without a ``plate`` colour, the primary mark as it is). ``opener`` opens a mark file
    (the card's cached picture loader)."""
    box = layer.box
    if box.w <= 0 or box.h <= 0 or not layer.variants:
        return
    tiles = [fitted(opener(path), box) for path in layer.variants]
    for tile in tiles:
        at = placed(tile, box, layer.align)
        if legible_share(tile, ground_under(image, tile, at)) >= LEGIBLE_SHARE:
            composite(image, tile, at)
            return
    if layer.plate is None:
        composite(image, tiles[0], placed(tiles[0], box, layer.align))
        return
    index, colour = on_plate(tiles, [layer.plate, *PLATE_FALLBACKS])
    tile = tiles[index]
    at = placed(tile, box, layer.align)
    plate = plate_around(tile, at, colour)
    x0, y0, x1, y1 = plate.box
    shape = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
    ImageDraw.Draw(shape).rounded_rectangle(
        (0, 0, shape.width - 1, shape.height - 1), radius=plate.radius, fill=ImageColor.getrgb(colour)
    )
    composite(image, shape, (x0, y0))
    composite(image, tile, at)
