"""The brand's marks on a card: its logo, kept legible on whatever is behind it, and a row of
partner logos.

A template never draws a logo file directly: it asks for the brand's marks in an area and gets
:class:`~takatof.templates.layers.Logo` layers, which the renderer draws in the variant (the
primary mark, its light or dark version) that contrasts with the pixels under it, or on a
plate when none does.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..layers import Align, Box, Canvas, Layer, Logo
from ..registry import Subject


class BrandKit(BaseModel):
    """The brand's marks as a card needs them (files resolved in the project): the logo's
    variants, primary first, and the partners' logos in the order the campaign lists them."""

    model_config = ConfigDict(frozen=True)

    logos: tuple[Path, ...] = ()
    partners: tuple[Path, ...] = ()
    plate: str = "#FFFFFF"

    @classmethod
    def of(cls, subject: Subject) -> BrandKit:
        brand = subject.campaign.brand
        logos = (subject.resolve(brand.logo),) if brand.logo else ()
        return cls(logos=logos, plate=brand.secondary)


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


def partner_row(kit: BrandKit, canvas: Canvas, area: Box, size: float = 72) -> tuple[list[Layer], Box]:
    """The partners' logos in one row at the bottom of ``area``, each in an equal share of the
    row; returns their layers and the area above."""
    if not kit.partners:
        return [], area
    h = round(size * canvas.unit)
    rest, row = area.take_bottom(h, round(24 * canvas.unit))
    n = len(kit.partners)
    gap = round(24 * canvas.unit)
    w = max(1, (row.w - gap * (n - 1)) // n)
    layers: list[Layer] = [
        Logo(Box(row.x + i * (w + gap), row.y, w, row.h), (path,), plate=kit.plate)
        for i, path in enumerate(kit.partners)
    ]
    return layers, rest
