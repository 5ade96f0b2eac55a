"""Card layouts: one card's words and photo, placed in one of several designs.

A card template says *what* a card says (:class:`Content`: the photo, the main words, the
words about them, a short headline, the hashtags, a progress meter); a layout says *where*
it goes, for every shape of canvas. Layouts are found by name in a registry, as templates
are, so every template offers every layout and a new design is one function:

- ``photo``: photo-led. The photo fills the card, clear (not darkened); the words sit on a
  panel of the brand's dark colour over its lower part (the end side on a wide card).
- ``type``: text-led. Big type on the brand's colours; the photo small, cut out in a circle.
- ``split``: the photo and the words side by side, a hard edge between them (the photo in a
  rounded frame above the words on a tall card).
- ``thumbnail``: for a thumbnail grid: the face large, three to five words in huge type, and
  nothing small (no hashtags, no partner row).

Every layout keeps text inside the canvas's safe box (what the platform's interface leaves
clear), mirrors on a card that reads right to left, and sizes text through the template's
styles, which never go below the canvas's readable minimum (``Canvas.min_text_px``). A
layout asked for a photo that the content does not have places the brand instead (its
logo large on its colours), so every layout stays a design of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ...model import Lang
from ..layers import Align, Bar, Box, Canvas, Gap, Gradient, Layer, Picture, Rect, Stack, Text, VAlign
from .brand import brand_marks, partner_row
from .common import Items, Look, accent_rule, backdrop, footer, margin, reads_rtl, restyled, split_start


@dataclass(frozen=True)
class Meter:
    """A progress bar: the share reached (0 to 1) and whether anything is reached at all."""

    fraction: float
    started: bool


@dataclass(frozen=True)
class Content:
    """What a card says, before a layout places it. ``head`` is the words the card is for
    (a quote, a figure and its label, a title, a business's name), ``body`` the words about
    them (who said it, where, what is left to do). ``headline`` is three to five words for
    a thumbnail (the head when empty). ``meter`` is drawn between the head and the body."""

    look: Look
    langs: tuple[Lang, ...]
    photo: Path | None
    head: Items
    body: Items = ()
    headline: Items = ()
    hashtags: tuple[str, ...] = ()
    meter: Meter | None = None
    default: str = "photo"  # the layout the template takes when the output names none

    def place(self, canvas: Canvas, layout: str | None = None) -> list[Layer]:
        """The card's layers in ``layout`` (its template's default when None)."""
        return get_layout(layout or self.default).build(self, canvas)

    @property
    def rtl(self) -> bool:
        return reads_rtl(self.langs)


Build = Callable[[Content, Canvas], list[Layer]]


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    description: str
    build: Build


_LAYOUTS: dict[str, Layout] = {}


def layout(name: str, title: str, description: str) -> Callable[[Build], Build]:
    """Decorator: register a layout function under ``name``."""

    def wrap(build: Build) -> Build:
        if name in _LAYOUTS:
            raise ValueError(f"layout {name!r} is registered twice")
        _LAYOUTS[name] = Layout(name, title, description, build)
        return build

    return wrap


def get_layout(name: str) -> Layout:
    try:
        return _LAYOUTS[name]
    except KeyError:
        raise ValueError(f"no card layout {name!r}; the layouts are {', '.join(layout_names())}") from None


def layout_names() -> list[str]:
    """The layouts every card template offers, in the order a gallery shows them."""
    return list(_LAYOUTS)


def all_layouts() -> list[Layout]:
    return list(_LAYOUTS.values())


# ---------------------------------------------------------------------------- pieces


def words(
    content: Content, canvas: Canvas, area: Box, factor: float, align: Align, valign: VAlign
) -> list[Layer]:
    """The head, the meter and the body in ``area``: one stack, so their sizes shrink
    together when they do not fit and the meter moves with the texts around it. On a card
    that reads right to left, a text of no direction of its own (a figure: digits alone)
    runs right to left too, so "start" puts it on the right with the words."""
    u = canvas.unit
    both: tuple[Text | Gap | Bar, ...] = restyled((*content.head, *content.body), canvas, factor, align)
    if content.rtl:
        both = tuple(_rtl(item) for item in both)
    head, body = both[: len(content.head)], both[len(content.head) :]
    between: tuple[Gap | Bar, ...] = ()
    if content.meter is not None:
        look, meter = content.look, content.meter
        bar = Bar(round(40 * u), meter.fraction, meter.started, look.secondary, look.accent, content.rtl)
        between = (Gap(round(36 * u * factor)), bar, Gap(round(36 * u * factor)))
    elif head and body:
        between = (Gap(round(44 * u * factor)),)
    items = (*head, *between, *body)
    optional = optional_texts(items, len(head) + len(between), content.langs)
    return [Stack(area, items, valign=valign, optional=optional)]


def _rtl(item: Text | Gap | Bar) -> Text | Gap | Bar:
    if isinstance(item, Text) and item.style.direction == "auto" and item.style.lang is None:
        return replace(item, style=replace(item.style, direction="rtl"))
    return item


def optional_texts(
    items: tuple[Text | Gap | Bar, ...], body_from: int, langs: tuple[Lang, ...]
) -> tuple[int, ...]:
    """What a stack of a head and a body (from ``body_from``) may leave out when it cannot
    fit even with every text at the smallest readable size, least important first: the
    body's texts in the second language, from the last; then the head's second language (a
    thumbnail-sized card of a long two-language quote); then the rest of the body, from the
    last (who said it, what the figure counts, go last of all: a quote without its speaker
    misleads). The head's first language is never left out."""
    second = langs[1] if len(langs) > 1 else None
    body = [i for i in range(body_from, len(items)) if isinstance(items[i], Text)]
    supporting = [i for i in reversed(body) if second and _lang(items[i]) == second]
    rest = [i for i in reversed(body) if i not in supporting]
    head = [
        i for i in range(body_from) if isinstance(items[i], Text) and second and _lang(items[i]) == second
    ]
    return (*supporting, *reversed(head), *rest)


def _lang(item: Text | Gap | Bar) -> str | None:
    return item.style.lang if isinstance(item, Text) else None


def edges(content: Content, canvas: Canvas, area: Box, align: Align = "center") -> tuple[list[Layer], Box]:
    """What runs along the bottom of a card's text area: the partners' logos, then the
    hashtags above them, aligned with the words; returns their layers and the area left
    above."""
    kit = content.look.kit
    whole = area
    partners, area = partner_row(kit, canvas, area, rtl=content.rtl)
    marks: list[Layer] = []
    if partners:
        # One light band behind the whole row: partners' marks are made for a light page,
        # and one band reads calmer than a plate behind each.
        pad = round(16 * canvas.unit)
        top = area.bottom + round(24 * canvas.unit) - pad
        band = Box(whole.x - pad, top, whole.w + 2 * pad, whole.bottom - top + pad)
        marks.append(Rect(band, "#FFFFFF", radius=round(20 * canvas.unit), opacity=0.92))
    marks += partners
    line, area = footer(content.look, canvas, area, content.hashtags, align=align)
    # The hashtags are posted with the card: on a card too small for them, they go.
    for layer in line:
        if isinstance(layer, Stack):
            items = tuple(_rtl(item) for item in layer.items) if content.rtl else layer.items
            layer = replace(layer, items=items, optional=(0,))
        marks.append(layer)
    return marks, area


def brand_hero(look: Look, canvas: Canvas, box: Box) -> list[Layer]:
    """Where a photo would be and there is none: the brand's colours, its logo large."""
    layers: list[Layer] = [Gradient(box, (look.accent, look.primary))]
    safe = canvas.safe_box  # the colours run to the edge; the logo stays clear of the interface
    x, y = max(box.x, safe.x), max(box.y, safe.y)
    room = Box(x, y, max(0, min(box.right, safe.right) - x), max(0, min(box.bottom, safe.bottom) - y))
    side = round(min(room.w, room.h) * 0.6)
    mark_box = Box(room.x + (room.w - side) // 2, room.y + (room.h - side) // 2, side, side)
    marks, _ = brand_marks(look.kit, canvas, mark_box, size=side / canvas.unit, centered=True)
    return layers + marks


def text_column(panel: Box, safe: Box, m: int) -> Box:
    """The words' area in a panel that runs the card's full height: inside it by the margin
    ``m`` across, and inside the safe box on every side."""
    left, right = max(safe.x, panel.x + m), min(safe.right, panel.right - m)
    return Box(left, safe.y, max(0, right - left), safe.h)


def circle(photo: Path, x: int, y: int, d: int) -> Picture:
    """The photo cut out in a circle of diameter ``d`` with its top-left at (x, y)."""
    return Picture(photo, Box(x, y, d, d), fit="cover", radius=d // 2)


# ---------------------------------------------------------------------------- layouts


@layout("photo", "Photo", "The photo large and clear; the words on a panel")
def photo_led(content: Content, canvas: Canvas) -> list[Layer]:
    look, safe, u, rtl = content.look, canvas.safe_box, canvas.unit, content.rtl
    m = margin(canvas)
    full = canvas.box
    shade: list[Layer] = []
    if canvas.shape == "wide":
        seen, panel = split_start(full, 0.45, 0, rtl)
        area = text_column(panel, safe, m)
        align: Align = "start"
    else:
        top = safe.y + round(safe.h * (0.4 if canvas.shape == "tall" else 0.42))
        panel = Box(0, top, full.w, full.h - top)
        seen = Box(0, 0, full.w, top)
        blend = round(120 * u)  # the photo fades into the panel
        shade = [Gradient(Box(0, top - blend, full.w, blend), (look.dark, look.dark), opacities=(0.0, 0.94))]
        area = Box(safe.x + m // 2, top + round(36 * u), safe.w - m, safe.bottom - top - round(36 * u))
        align = "center"
    if content.photo is not None:
        layers: list[Layer] = [
            Gradient(full, (look.primary, look.dark)),
            Picture(content.photo, full, fit="cover"),
        ]
        # A light shade at the top keeps the logo clear of a bright sky.
        layers.append(
            Gradient(Box(0, 0, full.w, round(full.h * 0.25)), (look.dark, look.dark), opacities=(0.45, 0.0))
        )
        marks, _ = brand_marks(look.kit, canvas, safe, rtl=rtl)
    else:  # the brand where the photo would be: its colours, its logo large
        layers, marks = [*backdrop(look, canvas, None), *brand_hero(look, canvas, seen)], []
    layers += [*shade, Rect(panel, look.dark, opacity=0.94)]
    edge, area = edges(content, canvas, area, align)
    rule, area = accent_rule(look, canvas, area, centered=align == "center", rtl=rtl)
    return [*layers, *marks, *edge, *rule, *words(content, canvas, area, 0.92, align, "top")]


@layout("type", "Type", "Big words on the brand's colours; the photo small, in a circle")
def type_led(content: Content, canvas: Canvas) -> list[Layer]:
    look, u, rtl = content.look, canvas.unit, content.rtl
    layers = backdrop(look, canvas, None)
    marks, area = brand_marks(look.kit, canvas, canvas.safe_box, rtl=rtl)
    wide = canvas.shape == "wide"
    align: Align = "start" if wide else "center"
    edge, area = edges(content, canvas, area, align)
    if content.photo is not None:
        if wide:
            d = min(round(area.h * 0.72), round(area.w * 0.3))
            spot, area = split_start(area, d / max(1, area.w), margin(canvas), rtl)
            layers.append(circle(content.photo, spot.x + (spot.w - d) // 2, spot.y + (spot.h - d) // 2, d))
        else:
            d = round((260 if canvas.shape == "tall" else 220) * u)
            top, area = area.take_top(d, round(40 * u))
            layers.append(circle(content.photo, top.x + (top.w - d) // 2, top.y, d))
    rule, area = accent_rule(look, canvas, area, centered=not wide, rtl=rtl)
    return [*layers, *marks, *edge, *rule, *words(content, canvas, area, 1.12, align, "middle")]


@layout("split", "Split", "The photo and the words side by side")
def split(content: Content, canvas: Canvas) -> list[Layer]:
    look, safe, u, rtl = content.look, canvas.safe_box, canvas.unit, content.rtl
    m = margin(canvas)
    layers: list[Layer] = list(backdrop(look, canvas, None))
    if canvas.shape == "tall":
        photo = content.photo is not None
        # Without a photo the frame holds the brand's logo large: no second one in the corner.
        marks, area = brand_marks(look.kit, canvas, safe, rtl=rtl) if photo else ([], safe)
        frame, area = area.split_y(0.44 if photo else 0.3, m)
        layers += _photo_or_brand(content, canvas, frame, radius=round(32 * u))
        edge, area = edges(content, canvas, area)
        return [*layers, *marks, *edge, *words(content, canvas, area, 1.0, "center", "middle")]
    side, rest = split_start(canvas.box, 0.45, 0, rtl)
    layers += _photo_or_brand(content, canvas, side)
    area = text_column(rest, safe, m)
    marks, area = brand_marks(look.kit, canvas, area, rtl=rtl)
    edge, area = edges(content, canvas, area, "start")
    rule, area = accent_rule(look, canvas, area, centered=False, rtl=rtl)
    return [*layers, *marks, *edge, *rule, *words(content, canvas, area, 0.95, "start", "middle")]


def _photo_or_brand(content: Content, canvas: Canvas, box: Box, radius: int = 0) -> list[Layer]:
    if content.photo is not None:
        return [Picture(content.photo, box, fit="cover", radius=radius)]
    return brand_hero(content.look, canvas, box)


@layout("thumbnail", "Thumbnail", "A face and a few huge words, for a thumbnail grid")
def thumbnail(content: Content, canvas: Canvas) -> list[Layer]:
    look, safe, u, rtl = content.look, canvas.safe_box, canvas.unit, content.rtl
    m = margin(canvas)
    layers: list[Layer] = list(backdrop(look, canvas, None))
    headline = content.headline or content.head[:1]
    if canvas.shape == "wide":
        side, rest = split_start(canvas.box, 0.45, 0, rtl)
        area = text_column(rest, safe, m)
        align: Align = "start"
    else:
        side, rest = canvas.box.split_y(0.5)
        area = Box(safe.x, rest.y + m, safe.w, safe.bottom - rest.y - m)
        align = "center"
    layers += _photo_or_brand(content, canvas, side)
    marks, _ = brand_marks(look.kit, canvas, safe, size=90, rtl=rtl)
    t = round(10 * u)  # an accent edge where the picture meets the words
    if canvas.shape == "wide":
        bar = Rect(Box(side.x if rtl else side.right - t, side.y, t, side.h), look.accent)
    else:
        bar = Rect(Box(side.x, side.bottom - t, side.w, t), look.accent)
    big = restyled(headline, canvas, 1.5, align)
    return [*layers, bar, *marks, Stack(area, big, valign="middle")]
