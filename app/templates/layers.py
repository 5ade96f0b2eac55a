"""What a template produces: a canvas description and a list of layers, as plain frozen data.

Templates decide *what* goes *where*; :mod:`takatof.render` decides how pixels are made. Keeping
layers as data means the same plan can be rasterised for a card, for a video's static layers,
or for the desktop preview, and that templates stay testable without drawing anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

BundledName = Literal["sans", "naskh"]
Align = Literal["start", "center", "end"]
VAlign = Literal["top", "middle", "bottom"]
Direction = Literal["auto", "ltr", "rtl"]


@dataclass(frozen=True)
class Insets:
    top: int = 0
    right: int = 0
    bottom: int = 0
    left: int = 0


@dataclass(frozen=True)
class Box:
    """A rectangle in canvas pixels."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def inset(self, dx: int, dy: int | None = None) -> Box:
        """The box shrunk by ``dx`` on the left and right and ``dy`` at the top and bottom;
        insets larger than half the box leave an empty box at its centre, not outside it."""
        dy = dx if dy is None else dy
        dx, dy = min(dx, self.w // 2), min(dy, self.h // 2)
        return Box(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)

    # Every way of cutting a box returns boxes inside it with sizes >= 0, however large the
    # gap or strip asked for: a template written for a 1080 px square must still produce a
    # drawable (if cramped) layout on a short 1200x600 card, and report text that no longer
    # fits, rather than hand Pillow a negative size.

    def split_x(self, fraction: float, gap: int = 0) -> tuple[Box, Box]:
        """Left and right parts; ``fraction`` of the width goes left. The gap shrinks first
        when the box is narrower than it."""
        gap = min(max(0, gap), self.w)
        left_w = round((self.w - gap) * fraction)
        return (
            Box(self.x, self.y, left_w, self.h),
            Box(self.x + left_w + gap, self.y, self.w - left_w - gap, self.h),
        )

    def split_y(self, fraction: float, gap: int = 0) -> tuple[Box, Box]:
        """Top and bottom parts; ``fraction`` of the height goes on top. The gap shrinks
        first when the box is shorter than it."""
        gap = min(max(0, gap), self.h)
        top_h = round((self.h - gap) * fraction)
        return (
            Box(self.x, self.y, self.w, top_h),
            Box(self.x, self.y + top_h + gap, self.w, self.h - top_h - gap),
        )

    def take_top(self, h: int, gap: int = 0) -> tuple[Box, Box]:
        """A strip ``h`` high at the top (at most the whole box), and the rest below it
        after ``gap`` (possibly empty, never below the box)."""
        h = min(max(0, h), self.h)
        gap = min(max(0, gap), self.h - h)
        return (
            Box(self.x, self.y, self.w, h),
            Box(self.x, self.y + h + gap, self.w, self.h - h - gap),
        )

    def take_bottom(self, h: int, gap: int = 0) -> tuple[Box, Box]:
        """The rest above (ending ``gap`` before the strip), and a strip ``h`` high (at most
        the whole box) at the bottom."""
        h = min(max(0, h), self.h)
        gap = min(max(0, gap), self.h - h)
        return (
            Box(self.x, self.y, self.w, self.h - h - gap),
            Box(self.x, self.bottom - h, self.w, h),
        )


STORY_SAFE_SHARE = 0.66
"""The share of a story's height its safe area keeps (Instagram Stories: 1267 of 1920 px)."""

MIN_SEEN_PX = 11
"""The smallest text people read comfortably on a phone, in the CSS pixels (points) a screen
shows: Apple's Human Interface Guidelines give 11 pt as the minimum text size; Material's
smallest type style is 11 sp. A card's text is never smaller than this where it is seen."""


@dataclass(frozen=True)
class Canvas:
    """The output surface: its size and the margins platform UI covers (the safe zone)."""

    width: int
    height: int
    safe: Insets = Insets()
    # The scale the platform shows the picture at (its width where people see it / its
    # width): 0.35 for a 1080 px feed post on a 375 px phone, 0.25 for a 1280 px thumbnail
    # in a 320 px grid. Text sizes have a floor derived from it (see ``min_text_px``).
    seen: float = 1.0

    @property
    def min_text_px(self) -> int:
        """The smallest text this canvas may carry: :data:`MIN_SEEN_PX` where it is seen."""
        return max(12, math.ceil(MIN_SEEN_PX / self.seen - 1e-9))

    @property
    def box(self) -> Box:
        return Box(0, 0, self.width, self.height)

    @property
    def safe_box(self) -> Box:
        s = self.safe
        return Box(s.left, s.top, self.width - s.left - s.right, self.height - s.top - s.bottom)

    @property
    def shape(self) -> Literal["tall", "square", "wide"]:
        """Tall layouts stack their parts; wide ones place them side by side."""
        ratio = self.width / self.height
        if ratio < 0.87:
            return "tall"
        if ratio > 1.3:
            return "wide"
        return "square"

    @property
    def unit(self) -> float:
        """A size unit that scales type and spacing with the canvas (1.0 for 1080x1080).
        Tall canvases (stories) get larger type: they are seen full-screen on a phone. The
        story's 1.4 assumes a story's safe area (two thirds of the height); a tall canvas whose
        platform covers more of it (Reels: the caption, buttons and audio bar take the lower
        35 %) scales its type with the room left, or its texts would be laid out for more
        room than there is (two Urdu lines in Nastaliq did not fit a Reels goal card)."""
        scale = min(self.width, self.height) / 1080
        if self.shape != "tall":
            return scale
        return scale * 1.4 * min(1.0, self.safe_box.h / (STORY_SAFE_SHARE * self.height))


@dataclass(frozen=True)
class BrandFamily:
    """A brand's own font file (resolved), drawing what it can of a text, with a bundled
    family behind it for the rest: the characters it lacks, and, when ``scripts`` (ISO 15924
    codes) are given, those of every other script. ``bold`` None: bold text takes ``regular``.

    ``version`` is the files' ``(st_mtime_ns, st_size)`` when the template resolved them, so
    that a font file changed on disk is a different family to every cache keyed by style."""

    regular: Path
    bold: Path | None = None
    scripts: tuple[str, ...] | None = None
    fallback: BundledName = "sans"
    version: tuple[int, ...] = ()

    @classmethod
    def at(
        cls, regular: Path, bold: Path | None, scripts: tuple[str, ...] | None, fallback: BundledName
    ) -> BrandFamily:
        """The family of these files, stamped with their version (a missing file stamps as
        nothing: drawing with it fails with the validation's message)."""
        version: list[int] = []
        for path in (regular, bold):
            try:
                stat = path.stat() if path is not None else None
            except OSError:
                stat = None
            version += [stat.st_mtime_ns, stat.st_size] if stat is not None else [0, 0]
        return cls(regular, bold, scripts, fallback, tuple(version))

    def face(self, bold: bool) -> Path:
        return self.bold if bold and self.bold is not None else self.regular


FamilyName = BundledName | BrandFamily
"""A bundled family by name, or a brand's font file with a bundled family behind it."""


@dataclass(frozen=True)
class TextStyle:
    """How a block of text looks. ``size`` is the preferred size in pixels, ``min_size`` the
    smallest that shrink-to-fit may use before the block is reported as overflowing."""

    family: FamilyName = "sans"
    bold: bool = False
    size: int = 48
    min_size: int = 20
    color: str = "#FFFFFF"
    align: Align = "start"
    direction: Direction = "auto"
    line_spacing: float = 1.0
    max_lines: int | None = None
    # The BCP-47 code of the text's language, when the template knows it: it picks the face
    # where one script serves several languages (Urdu in Nastaliq, Arabic in Naskh) and tells
    # the shaper the language (its local glyph forms). None: chosen by script alone.
    lang: str | None = None


@dataclass(frozen=True)
class Fill:
    color: str


@dataclass(frozen=True)
class Gradient:
    """A vertical (or horizontal) blend through ``colors`` with per-stop opacity."""

    box: Box
    colors: tuple[str, ...]
    opacities: tuple[float, ...] = ()
    horizontal: bool = False


@dataclass(frozen=True)
class Rect:
    box: Box
    color: str
    radius: int = 0
    opacity: float = 1.0


@dataclass(frozen=True)
class Picture:
    """An image file placed in a box: ``cover`` fills and crops, ``contain`` fits inside."""

    path: Path
    box: Box
    fit: Literal["cover", "contain"] = "cover"
    radius: int = 0
    opacity: float = 1.0


@dataclass(frozen=True)
class Text:
    """One block of text. ``source`` names where it came from (a JSON path such as
    ``people[0].quote.ar``) so an overflow or a missing glyph is reported there."""

    text: str
    style: TextStyle
    source: str = ""


# The explicit directional formatting characters of the Unicode bidi algorithm (UAX #9).
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
EMBEDDINGS = frozenset(LRE + RLE + LRO + RLO)
ISOLATES = frozenset(LRI + RLI + FSI)
BIDI_CONTROLS = EMBEDDINGS | ISOLATES | {PDF, PDI}


def balance_controls(text: str) -> str:
    """``text`` with its explicit bidi controls paired: a PDF or PDI that closes nothing
    opened in ``text`` is dropped, and whatever ``text`` opens and leaves open is closed at
    its end. A field typed (or pasted) with an unclosed RLO would otherwise reverse every
    field drawn after it on the same line, and a stray PDI would close an isolate the
    template opened around it."""
    out: list[str] = []
    opened: list[str] = []  # PDF or PDI: what closes each control still open
    for char in text:
        if char in EMBEDDINGS or char in ISOLATES:
            opened.append(PDF if char in EMBEDDINGS else PDI)
        elif char == PDF:
            if not opened or opened[-1] != PDF:
                continue  # closes nothing here (a PDF never closes across an isolate)
            opened.pop()
        elif char == PDI:
            if PDI not in opened:
                continue
            while opened.pop() != PDI:  # a PDI also ends the embeddings opened inside it
                pass
        out.append(char)
    return "".join(out) + "".join(reversed(opened))


def isolate(field: str) -> str:
    """One field of the project as a bidi isolate, FSI ... PDI (what HTML's ``<bdi>`` does).
    Every field composed into one line with others or with template words goes through
    this: inside, the field takes the direction of its own first strong letter; outside, it
    counts as a single neutral, so it cannot reorder its neighbours (an Arabic group name in
    an English line does not pull the comma after it into its run) and no control in it
    leaks past its end (see :func:`balance_controls`)."""
    return FSI + balance_controls(field) + PDI


@dataclass(frozen=True)
class Gap:
    """Vertical space between the items of a :class:`Stack`, scaled with the text."""

    size: int


@dataclass(frozen=True)
class Bar:
    """A progress bar across a :class:`Stack`'s width, between its texts: ``size`` px high,
    its ``track`` filled with ``fill`` to ``fraction`` from the side reading starts (the
    right when ``rtl``), nothing when not ``started``. In the stack, it moves with the texts
    around it as they are fitted, so a long title never runs into it."""

    size: int
    fraction: float
    started: bool
    track: str
    fill: str
    rtl: bool = False


@dataclass(frozen=True)
class Stack:
    """Text blocks stacked top to bottom in a box. When they do not fit, every size is
    scaled down together (so the hierarchy of sizes holds) until each reaches its minimum;
    then the ``optional`` texts are left out, one at a time."""

    box: Box
    items: tuple[Text | Gap | Bar, ...]
    valign: VAlign = "middle"
    # Indices of the texts that may be left out, in the order they go, when the stack does
    # not fit even at its smallest sizes (a card seen small keeps its main words and drops
    # the hashtags and the second language's details first); the gap before a text left out
    # goes with it. A text not listed is never left out: it is reported as overflowing.
    optional: tuple[int, ...] = ()


@dataclass(frozen=True)
class Logo:
    """A brand mark in a box, kept legible on whatever is drawn behind it: the renderer
    measures the pixels under the box and draws the first of ``variants`` (the primary
    mark, then its light and dark versions) whose contrast with them is enough; when none
    is, the first on a ``plate`` (a rounded rectangle of that colour). The mark is fitted
    inside the box keeping its aspect, placed by ``align`` across and centred down."""

    box: Box
    variants: tuple[Path, ...]
    plate: str | None = None
    align: Align = "center"


Layer = Fill | Gradient | Rect | Picture | Stack | Logo
