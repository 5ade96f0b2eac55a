"""The brand's marks on a card: its logo, kept legible on whatever is behind it, and a row of
partner logos at equal visual weight.

A template never draws a logo file directly: it asks for the brand's marks in an area and gets
:class:`~takatof.templates.layers.Logo` layers, which the renderer draws in the variant (the
primary mark, its light or dark version) that contrasts with the pixels under it, or on a
plate when none does.

Partner logos come in every shape: a wide wordmark, a square emblem, a tall crest. Given boxes
of equal width (or equal height) they look anything but equal: a wordmark fitted to a box's
width is a thin strip, an emblem fitted to its height a heavy block. So the row sizes each
logo by what is *seen* of it, its ink (the pixels that are not transparent), measured once per
file version (:func:`ink_of`): every logo gets the same visual weight, the geometric mean of
its ink's bounding box and its ink area (``box_area * sqrt(coverage)``). Bounding-box area
alone (equal areas: each logo's width goes as the square root of its aspect, the usual rule
for logo walls) makes a solid emblem heavier than an outlined one of the same size; ink area
alone blows thin line art up to twice the size of the others; halfway between the two keeps
both within what the eye reads as equal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, field_validator

from ...model import Multilingual
from ...model.filecache import per_file_version
from ...model.media import ImageError, open_image
from ..layers import Align, Box, Canvas, Layer, Logo
from ..registry import Subject

INK_ALPHA = 26
"""Alpha (of 255) from which a pixel counts as ink: a faint glow or a shadow's tail at 10%
opacity is not what the eye sizes a logo by."""

PARTNER_GAP = 32
"""The gap between two partner logos' ink, in card units: equal everywhere, so no pair of
partners reads as grouped."""

TWO_ROWS_BELOW = 0.6
"""A row whose typical logo would be shorter than this share of the row's height breaks into
two rows (each as tall as one), so that eight partners do not shrink to stamps."""

TALL_OUTLIER = 1.3
"""A logo taller than this many times the row's median (at equal weight) is capped at the
row's height instead of shrinking every other logo to make room for it."""


@dataclass(frozen=True)
class Ink:
    """What is seen of a logo file: its size in pixels, the bounding box of its ink as
    fractions of that size (left, top, right, bottom) and the share of the box the ink
    covers (alpha-weighted, 0..1). A file without transparency is all ink: its whole
    rectangle shows on a card."""

    size: tuple[int, int]
    box: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    coverage: float = 1.0

    @property
    def width(self) -> float:
        """The ink's width in file pixels."""
        return (self.box[2] - self.box[0]) * self.size[0]

    @property
    def height(self) -> float:
        """The ink's height in file pixels."""
        return (self.box[3] - self.box[1]) * self.size[1]

    @property
    def aspect(self) -> float:
        """The ink's width over its height."""
        return self.width / self.height

    @property
    def weight(self) -> float:
        """The visual weight of the ink at the file's own scale: bounding-box area times the
        square root of its coverage (see the module docstring)."""
        return self.width * self.height * math.sqrt(max(self.coverage, 0.05))


def measure(alpha: np.ndarray) -> tuple[tuple[float, float, float, float], float]:
    """The ink box (fractions) and coverage of an alpha channel (0..255, rows x columns)."""
    rows, cols = alpha.shape
    inked = alpha >= INK_ALPHA
    if not inked.any():
        return (0.0, 0.0, 1.0, 1.0), 1.0
    ys, xs = np.nonzero(inked.any(axis=1))[0], np.nonzero(inked.any(axis=0))[0]
    top, bottom, left, right = int(ys[0]), int(ys[-1]) + 1, int(xs[0]), int(xs[-1]) + 1
    inside = alpha[top:bottom, left:right].astype(np.float64) / 255.0
    return (left / cols, top / rows, right / cols, bottom / rows), float(inside.mean())


@per_file_version(maxsize=128)
def ink_of(path: Path) -> Ink:
    """The :class:`Ink` of the logo file at ``path``, cached per version of the file (a plan
    asks for each partner's on every card). A file that cannot be read counts as a square of
    ink; validation has already told the person about it."""
    try:
        image = open_image(path)
    except ImageError:
        return Ink((1, 1))
    if image.mode != "RGBA":
        return Ink(image.size)
    box, coverage = measure(np.asarray(image.getchannel("A")))
    return Ink(image.size, box, coverage)


def _ink(path: Path) -> Ink:
    try:
        return ink_of(path)
    except OSError:
        return Ink((1, 1))


class PartnerMark(BaseModel):
    """A partner's logo as a card needs it: the file resolved in the project and the
    partner's name in each language it is written in (for the card's alt text)."""

    model_config = ConfigDict(frozen=True)

    file: Path
    names: tuple[tuple[str, str], ...] = ()

    def name(self, lang: str) -> str:
        """The partner's name in ``lang``, else in its base language; empty when unnamed."""
        named = dict(self.names)
        return named.get(lang) or named.get(lang.split("-", 1)[0], "")


class BrandKit(BaseModel):
    """The brand's marks as a card needs them (files resolved in the project): the logo's
    variants, primary first, then its light and dark versions, and the partners' logos in
    the order the campaign lists them."""

    model_config = ConfigDict(frozen=True)

    logos: tuple[Path, ...] = ()
    partners: tuple[PartnerMark, ...] = ()
    plate: str = "#FFFFFF"

    @field_validator("partners", mode="before")
    @classmethod
    def _plain_files(cls, value: Any) -> Any:
        """A partner may be given as its file alone (a test, a template's sample kit)."""
        if isinstance(value, list | tuple):
            return tuple(PartnerMark(file=v) if isinstance(v, str | Path) else v for v in value)
        return value

    @classmethod
    def of(cls, subject: Subject) -> BrandKit:
        brand = subject.campaign.brand
        logos = tuple(subject.resolve(f) for f in (brand.logo, brand.logo_light, brand.logo_dark) if f)
        partners = tuple(
            PartnerMark(file=subject.resolve(p.file), names=_names(p.name)) for p in brand.partners
        )
        return cls(logos=logos, partners=partners, plate=brand.secondary)


def _names(name: Multilingual | None) -> tuple[tuple[str, str], ...]:
    return tuple(name.items()) if name is not None else ()


def brand_marks(
    kit: BrandKit, canvas: Canvas, area: Box, size: float = 110, rtl: bool = False, centered: bool = False
) -> tuple[list[Layer], Box]:
    """The logo in the top start corner of ``area`` (the right one on a card that reads right
    to left, the middle with ``centered``); returns its layers and the area below it."""
    if not kit.logos:
        return [], area
    px = round(size * canvas.unit)
    align: Align
    if centered:
        box = Box(area.x, area.y, area.w, px)
        align = "center"
    else:
        box = Box(area.right - px if rtl else area.x, area.y, px, px)
        align = "end" if rtl else "start"
    mark = Logo(box, kit.logos, plate=kit.plate, align=align)
    return [mark], area.take_top(px, round(24 * canvas.unit))[1]


# ---------------------------------------------------------------------------- the partner row


@dataclass(frozen=True)
class Placed:
    """Where one partner's ink goes (canvas pixels, floats until drawn)."""

    x: float
    y: float
    w: float
    h: float


def unit_size(ink: Ink) -> tuple[float, float]:
    """A logo's ink size at unit visual weight: at weight ``W`` every logo's ink is this
    times ``sqrt(W)``, so one number (the root) sizes a whole row equally."""
    root = math.sqrt(ink.weight)
    return ink.width / root, ink.height / root


def sized(units: list[tuple[float, float]], root: float, height: float) -> list[tuple[float, float]]:
    """Each logo's ink (width, height) at the common ``root``; one taller than ``height`` is
    capped there, keeping its aspect."""
    sizes = []
    for w, h in units:
        w, h = w * root, h * root
        sizes.append((w * height / h, height) if h > height else (w, h))
    return sizes


def common_root(units: list[tuple[float, float]], height: float, width: float, gap: float) -> float:
    """The largest common root (see :func:`unit_size`) at which one row of these logos fits
    ``width`` (with ``gap`` between them) and ``height``. A logo far taller than the row's
    median is capped at the height instead of setting it for all (:data:`TALL_OUTLIER`)."""
    heights = sorted(h for _, h in units)
    tallest = min(heights[-1], heights[len(heights) // 2] * TALL_OUTLIER)
    spare = max(1.0, width - gap * (len(units) - 1))
    high = height / tallest
    if sum(w for w, _ in sized(units, high, height)) <= spare:
        return high
    low = 0.0  # the row's width is what binds: the root at which it is just filled
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (
            (middle, high) if sum(w for w, _ in sized(units, middle, height)) <= spare else (low, middle)
        )
    return low


def split_rows(count: int, rows: int) -> list[range]:
    """``count`` logos in ``rows`` rows, the first rows taking one more when they do not
    divide evenly (a row of three above a row of two)."""
    per, extra = divmod(count, rows)
    starts = [0]
    for r in range(rows):
        starts.append(starts[-1] + per + (1 if r < extra else 0))
    return [range(starts[r], starts[r + 1]) for r in range(rows)]


def row_layout(inks: list[Ink], row: Box, gap: float, rows: int = 1) -> list[Placed]:
    """Where each logo's ink goes in ``row`` split into ``rows`` rows of equal height (with
    ``gap`` between them): one visual weight for all (the fullest row sets it), equal gaps
    between inks, each row centred across, each logo centred on its row's middle line."""
    line_h = (row.h - gap * (rows - 1)) / rows
    units = [unit_size(ink) for ink in inks]
    groups = split_rows(len(inks), rows)
    root = min(common_root([units[i] for i in g], line_h, row.w, gap) for g in groups)
    placed: list[Placed] = []
    for r, group in enumerate(groups):
        sizes = sized([units[i] for i in group], root, line_h)
        x = row.x + (row.w - sum(w for w, _ in sizes) - gap * (len(sizes) - 1)) / 2
        middle = row.y + r * (line_h + gap) + line_h / 2
        for w, h in sizes:
            placed.append(Placed(x, middle - h / 2, w, h))
            x += w + gap
    return placed


def rows_needed(inks: list[Ink], width: float, height: float, gap: float) -> int:
    """One row, or two when one would leave its typical logo shorter than
    :data:`TWO_ROWS_BELOW` of the row's height (and there are enough logos to split)."""
    if len(inks) < 4:
        return 1
    units = [unit_size(ink) for ink in inks]
    heights = sorted(h for _, h in sized(units, common_root(units, height, width, gap), height))
    return 1 if heights[len(heights) // 2] >= TWO_ROWS_BELOW * height else 2


def file_box(ink: Ink, at: Placed) -> Box:
    """The box the whole logo file is drawn in so that its ink lands on ``at`` (a file's
    transparent margin lies outside the ink and may reach past the row: it draws nothing)."""
    scale = at.w / ink.width if ink.width else 1.0
    full_w, full_h = ink.size[0] * scale, ink.size[1] * scale
    x = at.x - ink.box[0] * full_w
    y = at.y - ink.box[1] * full_h
    return Box(round(x), round(y), max(1, round(full_w)), max(1, round(full_h)))


def partner_row(
    kit: BrandKit, canvas: Canvas, area: Box, size: float = 72, rtl: bool = False
) -> tuple[list[Layer], Box]:
    """The partners' logos at the bottom of ``area``, ``size`` card units tall: every logo at
    the same visual weight (see the module docstring), keeping its aspect, with equal gaps,
    centred, the first partner at the start of the line (the right on a card that reads
    right to left). When one row would make them too small (many partners, or wide
    wordmarks) they take two rows of that height. Returns their layers and the area above."""
    if not kit.partners:
        return [], area
    h = round(size * canvas.unit)
    gap = PARTNER_GAP * canvas.unit
    inks = [_ink(mark.file) for mark in kit.partners]
    rows = rows_needed(inks, area.w, h, gap)
    rest, row = area.take_bottom(h * rows + round(gap) * (rows - 1), round(24 * canvas.unit))
    groups = split_rows(len(inks), rows)
    # Each row is laid out left to right: on a right-to-left card its partners go in reverse.
    order = [i for g in groups for i in (reversed(g) if rtl else g)]
    spots = row_layout([inks[i] for i in order], row, round(gap), rows)
    layers: list[Layer] = [
        Logo(file_box(inks[i], at), (kit.partners[i].file,), plate=kit.plate)
        for i, at in zip(order, spots, strict=True)
    ]
    return layers, rest
