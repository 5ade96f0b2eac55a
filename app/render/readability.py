"""Text readable where it is seen: WCAG contrast on the pixels behind each text, and a size floor.

A card's text is judged as people meet it: at the scale its platform shows the picture
(``Canvas.seen``) and against the pixels actually drawn behind it (a photo, a gradient, a
panel), not against the colour a template meant to put there. The renderer
(:mod:`takatof.render.raster`) measures every laid-out text block with :func:`bulk_contrast`,
adds a scrim where a block falls short (:func:`scrim_tone`, :func:`scrim_opacity`,
:func:`scrim_box`), and records what it drew as :class:`DrawnText`; this module holds those
pure parts so they can be tested as tables.

Contrast is WCAG 2's (relative luminance, ``(L1 + 0.05) / (L2 + 0.05)``): 4.5:1 for text, 3:1
for large text (WCAG 1.4.3). "Large" is WCAG's 18 pt (24 CSS px) or 14 pt bold (18.66 CSS
px), measured at the size people see: a 60 px line on a YouTube thumbnail shown 320 px wide
is 15 CSS px, not large.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageColor

from ..model import Problem
from ..templates.layers import MIN_SEEN_PX, Box, Canvas, Text
from .marks import contrast_ratio, relative_luminance
from .presets import Preset

TEXT_RATIO = 4.5  # WCAG 1.4.3, text
LARGE_RATIO = 3.0  # WCAG 1.4.3, large text
LARGE_CSS_PX = 24.0  # 18 pt
LARGE_BOLD_CSS_PX = 14 * 4 / 3  # 14 pt bold = 18.67 CSS px
# The share of a block's pixels allowed to contrast less than the measured value. WCAG has no
# rule for text on an image; the mean would let half a line sit on a bright sky while a dark
# coat elsewhere lifts the average, and the minimum is decided by a handful of specular or
# noisy pixels, or a pattern's hairlines, that nobody reads text against. The 5th percentile
# of the per-pixel contrast is the background that gives the worst contrast among the bulk
# of the block: a word over a bright patch counts, a few stray pixels do not.
BULK_PERCENTILE = 5.0
# What a scrim aims at above the ratio: the scrim is composited in 8-bit sRGB, and the margin
# keeps the pixels it really makes at or over the ratio.
AIM_MARGIN = 0.05
SCRIM_DARK = "#000000"
SCRIM_LIGHT = "#FFFFFF"
_SAMPLES = 10_000  # about the pixels a measurement looks at (a regular grid over the block)


# ------------------------------------------------------------------------------- the rules


def css_px(size: float, seen: float) -> float:
    """``size`` canvas pixels in the CSS pixels of the screen the canvas is seen on."""
    return size * seen


def is_large(size: float, bold: bool, seen: float = 1.0) -> bool:
    """WCAG large text at the size it is seen: 24 CSS px, or 18.67 bold."""
    return css_px(size, seen) >= (LARGE_BOLD_CSS_PX if bold else LARGE_CSS_PX) - 1e-9


def required_ratio(size: float, bold: bool, seen: float = 1.0) -> float:
    """The contrast a text of this size needs where it is seen: 3:1 when large, else 4.5:1."""
    return LARGE_RATIO if is_large(size, bold, seen) else TEXT_RATIO


def too_small(size: int, canvas: Canvas) -> bool:
    """Whether text ``size`` px high is under what people read on ``canvas`` where it is seen."""
    return size < canvas.min_text_px


def color_luminance(color: str) -> float:
    """The WCAG relative luminance of a CSS colour ("#F2B134", "white"), alpha ignored."""
    rgb = ImageColor.getrgb(color)[:3]
    return float(relative_luminance(np.array(rgb, dtype=np.float64)))


def pair_ratio(a: str, b: str) -> float:
    """The contrast of two opaque colours."""
    return contrast_ratio(color_luminance(a), color_luminance(b))


# ------------------------------------------------------------------------------ measuring


# The WCAG linearisation of each 8-bit sRGB value, from marks' relative_luminance (a grey's
# luminance is its channels' linear value): a pixel's luminance is then three lookups, not
# three powers, which keeps measuring every text of a card a few milliseconds.
_LINEAR = relative_luminance(np.repeat(np.arange(256, dtype=np.float64)[:, None], 3, axis=1))
_WEIGHTS = (0.2126, 0.7152, 0.0722)


def pixel_luminance(pixels: np.ndarray) -> np.ndarray:
    """The relative luminance of 8-bit sRGB pixels (N x 3 integers, or floats rounded)."""
    rgb = np.clip(np.rint(np.asarray(pixels).reshape(-1, 3)), 0, 255).astype(np.intp)
    lum: np.ndarray = sum(w * _LINEAR[rgb[:, k]] for k, w in enumerate(_WEIGHTS))
    return lum


def pixel_contrasts(ground: np.ndarray, color: str) -> np.ndarray:
    """The contrast of a text in ``color`` over each pixel of ``ground`` (N x 3, sRGB). A
    colour with alpha is measured as it is drawn: blended over each pixel."""
    r, g, b, *rest = ImageColor.getrgb(color)
    alpha = (rest[0] if rest else 255) / 255.0
    ground = np.asarray(ground, dtype=np.float64).reshape(-1, 3)
    lg = pixel_luminance(ground)
    if alpha >= 1:
        lt: np.ndarray | float = float(relative_luminance(np.array([r, g, b], dtype=np.float64)))
    else:
        lt = relative_luminance(alpha * np.array([r, g, b], dtype=np.float64) + (1 - alpha) * ground)
    contrasts: np.ndarray = (np.maximum(lt, lg) + 0.05) / (np.minimum(lt, lg) + 0.05)
    return contrasts


def bulk_contrast(ground: np.ndarray, color: str) -> float:
    """The contrast of ``color`` over ``ground`` that all but the least contrasting
    :data:`BULK_PERCENTILE` per cent of the pixels reach (see there why not the mean)."""
    if len(ground) == 0:
        return math.inf
    return float(np.percentile(pixel_contrasts(ground, color), BULK_PERCENTILE))


def block_pixels(image: np.ndarray, rects: list[Box]) -> np.ndarray:
    """The RGB pixels of ``image`` (H x W x 3 or 4) under the union of ``rects``, on a
    regular grid thinned to about :data:`_SAMPLES` pixels (a percentile needs the bulk, not
    every pixel; a grid keeps every part of the block represented)."""
    height, width = image.shape[:2]
    area = sum(max(0, r.w) * max(0, r.h) for r in rects)
    step = max(1, math.isqrt(area // _SAMPLES))
    mask = np.zeros((height, width), dtype=bool)
    for r in rects:
        mask[max(0, r.y) : max(0, min(height, r.bottom)), max(0, r.x) : max(0, min(width, r.right))] = True
    return np.asarray(image[::step, ::step, :3][mask[::step, ::step]])


# --------------------------------------------------------------------------------- scrims


@dataclass(frozen=True)
class Scrim:
    """A rounded panel drawn behind text that its ground did not let be read."""

    box: Box
    color: str
    opacity: float
    radius: int


def scrim_tone(color: str) -> str:
    """The neutral (black or white) that contrasts most with a text ``color``: one of them
    always reaches 4.58:1, so a full scrim makes any colour readable."""
    lum = color_luminance(color)
    dark = contrast_ratio(lum, color_luminance(SCRIM_DARK))
    light = contrast_ratio(lum, color_luminance(SCRIM_LIGHT))
    return SCRIM_DARK if dark >= light else SCRIM_LIGHT


def scrim_opacity(ground: np.ndarray, color: str, tone: str, ratio: float) -> float:
    """The lowest opacity (in 1/255 steps, as the panel is composited) of a ``tone`` panel
    over ``ground`` that brings text in ``color`` to ``ratio`` (plus :data:`AIM_MARGIN`).
    Scanned upwards rather than bisected: a mid-grey text over a pixel on the far side of it
    loses contrast before it gains it, so the bulk contrast need not rise steadily."""
    ground = np.asarray(ground, dtype=np.float64).reshape(-1, 3)
    aim = ratio + AIM_MARGIN
    panel = np.array(ImageColor.getrgb(tone)[:3], dtype=np.float64)
    coarse = [a / 255 for a in range(0, 256, 8)] + [1.0]
    previous = 0.0
    for alpha in coarse:
        if _bulk_over(ground, panel, alpha, color) >= aim:
            for fine in range(round(previous * 255), round(alpha * 255) + 1):
                if _bulk_over(ground, panel, fine / 255, color) >= aim:
                    return fine / 255
            return alpha
        previous = alpha
    return 1.0


def _bulk_over(ground: np.ndarray, panel: np.ndarray, alpha: float, color: str) -> float:
    composite = np.round(alpha * panel + (1 - alpha) * ground)
    return bulk_contrast(composite, color)


def scrim_box(block: Box, size: int, canvas: Canvas) -> tuple[Box, int]:
    """The panel behind a text block ``size`` px high: padded as a designer pads a label
    (half an em across, a quarter down), inside the canvas, its corners rounded by less
    than the padding so they never cut into the block's own rectangle."""
    pad_x, pad_y = max(4, round(size * 0.5)), max(3, round(size * 0.25))
    left, top = max(0, block.x - pad_x), max(0, block.y - pad_y)
    right, bottom = min(canvas.width, block.right + pad_x), min(canvas.height, block.bottom + pad_y)
    radius = max(2, min(pad_x, pad_y * 2, (bottom - top) // 2))
    return Box(left, top, right - left, bottom - top), radius


# -------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class DrawnText:
    """One text as it was drawn: where it came from, where it went and how it reads.

    ``box`` is the laid-out block (the union of its lines); ``size`` its type size in canvas
    pixels and ``seen_px`` that size in CSS pixels where the card is seen; ``ratio`` the
    contrast it needs there; ``before`` the bulk contrast measured on the pixels behind it
    before anything was done about it, ``after`` the same on what it was finally drawn over
    (None for text drawn on a transparent ground: what will be behind it is not known yet);
    ``scrim`` the panel added for it, if one was."""

    source: str
    text: str
    box: Box
    size: int
    bold: bool
    color: str
    seen_px: float
    ratio: float
    before: float | None
    after: float | None
    scrim: Scrim | None = None

    @property
    def readable(self) -> bool:
        """Whether its measured contrast meets its ratio (unknown contrast counts as met)."""
        return self.after is None or self.after >= self.ratio - 1e-9


# ------------------------------------------------------------------------------- problems


def small_text_message(size: int, canvas: Canvas, preset: Preset | None = None) -> str:
    """Why a text ``size`` px high cannot stay on ``canvas``, naming where it is seen."""
    seen = css_px(size, canvas.seen)
    floor = canvas.min_text_px
    if preset is not None and preset.shown:
        where = (
            f"on the {preset.label} card is {seen:.0f} CSS px where it is seen "
            f"({preset.shown_where}, {preset.shown} px wide)"
        )
    else:
        where = f"on this card is {seen:.0f} CSS px where it is seen (at {canvas.seen:.0%} of its size)"
    return (
        f"{size} px {where}; at least {MIN_SEEN_PX} are readable ({floor} px on this card): "
        "shorten the text so it needs less shrinking, or choose a layout or preset with more room for it"
    )


def small_text_problems(
    drawn: list[DrawnText] | tuple[DrawnText, ...], canvas: Canvas, preset: Preset | None = None
) -> list[Problem]:
    """A problem at the JSON path of every drawn text under the canvas's readable minimum."""
    return [
        Problem(text.source, small_text_message(text.size, canvas, preset))
        for text in drawn
        if too_small(text.size, canvas)
    ]


@dataclass
class Rendering:
    """What :func:`~takatof.render.raster.render` made: the image, every problem found (text
    that overflows, lacks glyphs or is too small where it is seen) and a record of every text
    it drew, in drawing order."""

    image: Image.Image
    problems: list[Problem]
    texts: list[DrawnText]
    # Texts a layout marked optional that were left out so the rest could be read where the
    # card is seen (see :mod:`takatof.render.stacks`), in the order they went.
    left_out: list[Text] = field(default_factory=list)

    @property
    def scrims(self) -> list[Scrim]:
        """The panels added behind texts, each once."""
        return list(dict.fromkeys(t.scrim for t in self.texts if t.scrim is not None))
