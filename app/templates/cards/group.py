"""Group card: one card that features several subjects — the four leaders of a series, a
grid of faces with their names and countries (the "15 nationalities" film), or two to four
small businesses with their @mentions (the #ادعم_المحلي influencer post).

The output names its subjects in order (``outputs.cards[].subjects``: people and businesses
alike); by default the card features the campaign's first :data:`DEFAULT_COUNT` people, a
number that fits every card preset with names at a readable size. Each subject is a tile: the
face (or the business's picture) in a circle, the name under it, then the country (a person)
or the @mention (a business). The tiles re-flow into the grid that gives the faces the most
room on the canvas's shape; on a card that reads right to left the first subject stands at the
right. The title, the partners and the hashtags frame the grid as on the other cards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from ...model import Campaign, Lang, Multilingual
from ...model.phrases import phrase
from ..layers import Align, Box, Canvas, Gap, Layer, Rect, Stack, Text, TextStyle, VAlign, isolate
from ..registry import Subject, register
from .brand import brand_marks
from .common import (
    AltLine,
    AltPart,
    CardParams,
    Items,
    Look,
    alt_line,
    backdrop,
    comma,
    hashtags_for,
    isolated,
    reads_rtl,
    restyled,
    style,
    texts,
)
from .layouts import Content, circle, edges

# The people a group card features when its output names none: enough for a series's
# leaders, few enough that every card preset keeps their names readable.
DEFAULT_COUNT = 6


class Member(BaseModel):
    """One featured subject as its tile shows it: a person's country, a business's handle."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: Literal["person", "spotlight"]
    where: str  # its JSON path (people[2], spotlights[0])
    name: Multilingual
    line: Multilingual | None  # a person's country
    mention: str | None  # a business's @handle
    photo: Path | None


def members(subject: Subject, ids: tuple[str, ...]) -> tuple[Member, ...]:
    """The featured subjects, in the output's order: people and businesses by id."""
    campaign = subject.campaign
    people = {p.id: (i, p) for i, p in enumerate(campaign.people)}
    spots = {s.id: (i, s) for i, s in enumerate(campaign.spotlights)}
    out: list[Member] = []
    for ident in ids:
        if ident in people:
            i, person = people[ident]
            photo = subject.resolve(person.media[0].path) if person.media else None
            out.append(Member(id=ident, kind="person", where=f"people[{i}]", name=person.name,
                              line=person.country_name, mention=None, photo=photo))  # fmt: skip
        elif ident in spots:
            j, spot = spots[ident]
            image = subject.resolve(spot.image) if spot.image else None
            out.append(Member(id=ident, kind="spotlight", where=f"spotlights[{j}]", name=spot.name,
                              line=None, mention=spot.mention, photo=image))  # fmt: skip
        else:
            known = ", ".join([*people, *spots]) or "none"
            raise LookupError(f"a group card names {ident!r}, who is not in the campaign (known: {known})")
    return tuple(out)


def default_featured(campaign: Campaign) -> tuple[str, ...]:
    """Who a group card features when its output names no one: the first people."""
    return tuple(p.id for p in campaign.people[:DEFAULT_COUNT])


class GroupCard(CardParams):
    scope: ClassVar = "group"

    look: Look
    title: Multilingual | None  # the campaign's title; None for a card of businesses only
    tag: str | None  # the businesses' hashtag (#ادعم_المحلي), on a card of businesses only
    members: tuple[Member, ...]
    hashtags: list[str]

    @classmethod
    def from_subject(cls, subject: Subject) -> GroupCard:
        campaign = subject.campaign
        chosen = members(subject, subject.featured or default_featured(campaign))
        shops = all(m.kind == "spotlight" for m in chosen) and bool(chosen)
        tag = next((s.hashtag for s in campaign.spotlights if s.id == chosen[0].id), None) if shops else None
        return cls(
            langs=subject.langs,
            look=Look.of(subject),
            title=None if shops else campaign.title,
            tag=tag,
            members=chosen,
            hashtags=hashtags_for(campaign.hashtags, subject.langs),
        )

    def alt_lines(self) -> tuple[AltLine, ...]:
        return tuple(self._alt_line(lang) for lang in self.langs)

    def _alt_line(self, lang: Lang) -> AltLine:
        """Every subject by name (never left out: the card is about them), each with their
        country or handle (left out first when the text is long)."""
        names = comma(lang).join(isolated(m.name).get(lang) for m in self.members)
        details = comma(lang).join(
            f"{isolated(m.name).get(lang)} ({isolate(m.mention) if m.mention else isolated(m.line).get(lang) if m.line else ''})"
            for m in self.members
        )
        title = isolated(self.title).get(lang) if self.title else (self.tag or "")
        return alt_line(
            lang,
            (
                AltPart("picture", phrase("alt_group", lang, names=names)),
                *([AltPart("title", title, rank=2, sep=" — ")] if title else []),
                AltPart("details", details, rank=1, sep=": "),
            ),
            tuple(self.hashtags),
        )


@dataclass(frozen=True)
class Grid:
    """Tiles in rows: how many across, the tile size and the face's diameter."""

    cols: int
    rows: int
    tile_w: int
    tile_h: int
    face: int
    text_h: int
    gap: int


# A line's height over its type size: Arabic script needs more than Latin, and Urdu's
# Nastaliq (its letters climb to the left) far more.
LINE = 1.8
TALL_LINE = {"ur": 2.7}


def line_factor(langs: tuple[Lang, ...]) -> float:
    """The line height the card's tallest language needs, over the type size."""
    return max([LINE, *(TALL_LINE.get(lang.split("-")[0], LINE) for lang in langs)])


def text_height(size: int, lines: int, factor: float = LINE) -> int:
    """Room for ``lines`` lines at ``size`` px, a line ``factor`` times the size."""
    return round(size * factor * lines)


def plan_grid(
    n: int, area: Box, gap: int, name_px: int, line_px: int, lines: int, max_face: int, factor: float = LINE
) -> Grid:
    """The grid of ``n`` tiles in ``area`` that gives the faces the most room (ties: fewer
    rows). Each tile keeps room under its face for a name and ``lines`` more lines (a long
    name wraps, and the words shrink to fit)."""
    best: Grid | None = None
    best_score = 0
    for cols in range(1, max(1, n) + 1):
        rows = math.ceil(n / cols)
        tile_w = (area.w - (cols - 1) * gap) // cols
        tile_h = (area.h - (rows - 1) * gap) // rows
        text_h = text_height(name_px, 1, factor) + text_height(line_px, lines, factor)
        face = min(round(tile_w * 0.78), tile_h - text_h - gap // 2, max_face)
        if tile_w < name_px * 5:  # too narrow for a name's longest word at its size
            face = min(face, 0) - (name_px * 5 - tile_w)
        grid = Grid(cols, rows, tile_w, tile_h, max(0, face), text_h, gap)
        if best is None or (face, -grid.rows) > (best_score, -best.rows):
            best, best_score = grid, face
    assert best is not None
    return best


def _tile_texts(p: GroupCard, m: Member, canvas: Canvas, name_px: int, line_px: int, both: bool) -> Items:
    """A tile's words in the card's first language: the name, then the country or handle;
    the name in the second language under them where it is written differently (left out
    first when the tile is small)."""
    look, first = p.look, p.langs[0]
    u = canvas.unit
    items: list[Text | Gap] = [
        Text(
            m.name.get(first),
            _px(canvas, name_px, look.heading, look.text, True, 2, first),
            f"{m.where}.name.{first}",
        )
    ]
    if m.mention:
        items.append(
            Text(m.mention, _px(canvas, line_px, look.body, look.accent, True, 1, None), f"{m.where}.mention")
        )
    elif m.line is not None:
        items.append(
            Text(
                m.line.get(first),
                _px(canvas, line_px, look.body, look.accent, True, 1, first),
                f"{m.where}.country_name.{first}",
            )
        )
    if both and m.name.get(p.langs[1]) != m.name.get(first):
        second = p.langs[1]
        items += [
            Gap(round(4 * u)),
            Text(
                m.name.get(second),
                _px(canvas, line_px, look.body, look.secondary, False, 2, second),
                f"{m.where}.name.{second}",
            ),
        ]
    return tuple(items)


def _px(
    canvas: Canvas, px: int, family: object, color: str, bold: bool, lines: int, lang: Lang | None
) -> TextStyle:
    return style(canvas, px / canvas.unit, family, color, bold=bold, max_lines=lines, lang=lang)  # type: ignore[arg-type]


def _heading(p: GroupCard, canvas: Canvas) -> Items:
    """The title over the grid: the campaign's title in its languages (the second smaller), or
    the businesses' hashtag on a card of businesses."""
    look = p.look
    if p.title is None:
        return (
            Text(
                p.tag or "",
                style(canvas, 56, look.body, look.accent, bold=True, max_lines=1),
                "spotlights[0].hashtag",
            ),
        )
    return texts(
        p.title,
        "title",
        p.langs,
        style(canvas, 60, look.heading, look.text, bold=True, max_lines=2),
        style(canvas, 36, look.body, look.secondary, max_lines=2),
    )


@dataclass(frozen=True)
class GroupContent:
    """A group card before it is placed: the "thumbnail" layout (a YouTube thumbnail's, seen
    in a grid where nothing small reads) is the faces and names alone; every other layout
    frames the grid with the title, the partners and the hashtags."""

    params: GroupCard

    def place(self, canvas: Canvas, layout: str | None = None) -> list[Layer]:
        return group_layers(self.params, canvas, compact=layout == "thumbnail")


@register("group", GroupCard, "Group card")
def group_card(p: GroupCard, canvas: Canvas) -> GroupContent:
    """The subjects' tiles, placed for the card's layout (see :class:`GroupContent`)."""
    return GroupContent(p)


def group_layers(p: GroupCard, canvas: Canvas, compact: bool = False) -> list[Layer]:
    """The title at the top, the hashtags and partners at the bottom, the subjects' tiles in
    the grid between, all inside the safe zone; ``compact``: the tiles alone.

    The whole frame (logo, title in every language, hashtags) stands unless the faces would
    then be too small to know anyone by — a dense grid, or a few leaders on a story, whose
    safe zone leaves little height: then the faces take the room of the logo, the hashtags
    (posted with the card anyway) and the title's second language."""
    rtl = reads_rtl(p.langs)
    layers: list[Layer] = list(backdrop(p.look, canvas, None))
    if compact:
        return layers + tiles(p, canvas, canvas.safe_box, rtl)
    frame, area = _frame(p, canvas, rtl, full=not dense(p))
    if not dense(p) and face_of(p, canvas, area) < round(KNOWN_FACE * canvas.unit):
        frame, area = _frame(p, canvas, rtl, full=False)
    return layers + frame + tiles(p, canvas, area, rtl)


KNOWN_FACE = 140
"""The smallest face (design px) a viewer knows someone by; below it a tile's second-language
name gives way, and before that the card's frame does (:func:`group_layers`)."""


def _frame(p: GroupCard, canvas: Canvas, rtl: bool, full: bool) -> tuple[list[Layer], Box]:
    """The card's frame — with ``full``, the logo, the hashtags and the title in every
    language, else the title in the first language alone — and the area left for the tiles."""
    look, u = p.look, canvas.unit
    marks: list[Layer] = []
    edge: list[Layer] = []
    area = canvas.safe_box
    if full:
        marks, area = brand_marks(look.kit, canvas, area, size=90, rtl=rtl, centered=True)
        frame = Content(look, p.langs, None, (), hashtags=tuple(p.hashtags))
        edge, area = edges(frame, canvas, area)
    heading = restyled(_heading(p, canvas), canvas, 1.0, "center")
    tall = line_factor(p.langs)
    if not full:
        heading = heading[:1]
    head_h = sum(
        text_height(t.style.size, 1 if t.style.max_lines == 1 else 2, tall)
        for t in heading
        if isinstance(t, Text)
    )
    head_h = min(head_h, area.h // 3)
    top, area = area.take_top(head_h, round(32 * u))
    # Second-language title lines go first when the title does not fit.
    optional = tuple(i for i in range(1, len(heading)))
    return [*marks, *edge, Stack(top, heading, valign="bottom", optional=optional)], area


def face_of(p: GroupCard, canvas: Canvas, area: Box) -> int:
    """The face diameter :func:`tiles` gives the members in ``area`` with every language's
    words under each face (the larger of a grid and a list)."""
    u, n = canvas.unit, len(p.members)
    gap = round((16 if dense(p) else 28) * u)
    name_px, line_px = _word_sizes(p, canvas)
    both = len(p.langs) > 1 and not dense(p)
    tall = line_factor(p.langs)
    grid = plan_grid(n, area, gap, name_px, line_px, 3 if both else 1, round(300 * u), tall)
    listed = plan_list(n, area, gap, name_px, line_px, 2 if both else 1, round(300 * u), tall)
    return max(grid.face, listed)


def _word_sizes(p: GroupCard, canvas: Canvas) -> tuple[int, int]:
    """A tile's name and line sizes: larger for a few members, the readable floor for many."""
    u, n, floor = canvas.unit, len(p.members), canvas.min_text_px
    if dense(p):  # many names: each at the smallest size that reads where the card is seen
        return floor, floor
    name_px = max(floor, round(40 * u) if n <= 4 else round(34 * u))
    return name_px, max(floor, round(30 * u) if n <= 4 else round(26 * u))


# More subjects than this make a dense card (a grid of fifteen nationalities): the faces
# take the room of the logo, the hashtags (posted with the card anyway) and the second
# language (the alt text keeps every name in every language).
DENSE = 8


def dense(p: GroupCard) -> bool:
    return len(p.members) > DENSE


def clip(box: Box, area: Box) -> Box:
    """``box`` cut to ``area`` (a canvas far smaller than any preset's leaves tiles no room:
    their boxes shrink to nothing, and text that no longer fits is reported, not drawn out)."""
    x, y = min(max(box.x, area.x), area.right), min(max(box.y, area.y), area.bottom)
    return Box(x, y, max(0, min(box.right, area.right) - x), max(0, min(box.bottom, area.bottom) - y))


def tiles(p: GroupCard, canvas: Canvas, area: Box, rtl: bool) -> list[Layer]:
    """Every member's tile: in a grid (faces above names; an incomplete last row centred),
    or, where that gives the faces more room (a few leaders on a tall story), in a list
    (each face beside its words, the face at the side reading starts from)."""
    u, n = canvas.unit, len(p.members)
    gap = round((16 if dense(p) else 28) * u)
    name_px, line_px = _word_sizes(p, canvas)
    both = len(p.langs) > 1 and not dense(p)
    max_face = round(300 * u)
    tall = line_factor(p.langs)
    grid = plan_grid(n, area, gap, name_px, line_px, 3 if both else 1, max_face, tall)
    listed = plan_list(n, area, gap, name_px, line_px, 2 if both else 1, max_face, tall)
    if listed > grid.face:
        align: Align = "start"
        places = list_places(n, area, gap, listed, name_px, line_px, 2 if both else 1, rtl, tall)
    else:
        if both and grid.face < round(KNOWN_FACE * u):
            # Faces too small to know anyone by: the names in the second language give way
            # (the alt text still has them).
            both = False
            grid = plan_grid(n, area, gap, name_px, line_px, 1, max_face, tall)
        places, align = grid_places(n, area, grid, rtl), "center"
    layers: list[Layer] = []
    for m, (face_box, text_box) in zip(p.members, places, strict=True):
        face = clip(face_box, area)
        side = min(face.w, face.h)
        if m.photo is not None and side:
            layers.append(circle(m.photo, face.x, face.y, side))
        elif side:
            layers.append(Rect(Box(face.x, face.y, side, side), p.look.accent, radius=side // 2))
        words = restyled(_tile_texts(p, m, canvas, name_px, line_px, both), canvas, 1.0, align)
        if rtl:
            words = tuple(_rtl(item) for item in words)
        # What gives way when a tile's words do not fit: the second language, then, on a
        # dense card where a long name takes two lines, the country or handle under it.
        second = tuple(
            i for i, t in enumerate(words) if isinstance(t, Text) and both and t.style.lang == p.langs[1]
        ) + ((1,) if dense(p) and len(words) > 1 else ())
        valign: VAlign = "top" if align == "center" else "middle"
        layers.append(Stack(clip(text_box, area), words, valign=valign, optional=second))
    return layers


def _rtl(item: Text | Gap) -> Text | Gap:
    """On a card that reads right to left, a text of no language of its own (a handle) runs
    right to left too, so that "start" puts it on the right with the names."""
    if isinstance(item, Text) and item.style.lang is None and item.style.direction == "auto":
        return replace(item, style=replace(item.style, direction="rtl"))
    return item


def grid_places(n: int, area: Box, grid: Grid, rtl: bool) -> list[tuple[Box, Box]]:
    """Each tile's face and words in the grid, rows centred in ``area``."""
    gap = grid.gap
    used_h = grid.rows * (grid.face + gap // 2 + grid.text_h) + (grid.rows - 1) * gap
    y0 = area.y + max(0, (area.h - used_h) // 2)
    places = []
    for k in range(n):
        row, col = divmod(k, grid.cols)
        in_row = min(grid.cols, n - row * grid.cols)
        row_w = in_row * grid.tile_w + (in_row - 1) * gap
        x0 = area.x + (area.w - row_w) // 2
        slot = (in_row - 1 - col) if rtl else col
        x = x0 + slot * (grid.tile_w + gap)
        y = y0 + row * (grid.face + gap // 2 + grid.text_h + gap)
        face = Box(x + (grid.tile_w - grid.face) // 2, y, grid.face, grid.face)
        places.append((face, Box(x, y + grid.face + gap // 2, grid.tile_w, grid.text_h)))
    return places


def plan_list(
    n: int, area: Box, gap: int, name_px: int, line_px: int, lines: int, max_face: int, factor: float = LINE
) -> int:
    """The face's diameter when the tiles stand in one column, each face beside its words
    (0 when the words do not fit a row)."""
    row_h = (area.h - (n - 1) * gap) // max(1, n)
    text_h = text_height(name_px, 1, factor) + text_height(line_px, lines, factor)
    if text_h > row_h:
        return 0
    return max(0, min(row_h, round(area.w * 0.3), max_face))


def list_places(
    n: int, area: Box, gap: int, face: int, name_px: int, line_px: int, lines: int, rtl: bool, factor: float
) -> list[tuple[Box, Box]]:
    """Each tile's face and words in one column: the block centred in ``area``."""
    text_h = text_height(name_px, 1, factor) + text_height(line_px, lines, factor)
    row_h = max(face, text_h)
    used_h = n * row_h + (n - 1) * gap
    y0 = area.y + max(0, (area.h - used_h) // 2)
    block_w = min(area.w, face + gap + round(area.w * 0.55))
    x0 = area.x + (area.w - block_w) // 2
    text_w = block_w - face - gap
    places = []
    for k in range(n):
        y = y0 + k * (row_h + gap)
        face_x = x0 + block_w - face if rtl else x0
        text_x = x0 if rtl else x0 + face + gap
        places.append((Box(face_x, y + (row_h - face) // 2, face, face), Box(text_x, y, text_w, row_h)))
    return places
