"""Bundled fonts, font stacks and glyph coverage.

A family pairs an Arabic face with a Latin face. Neither face covers everything a bilingual
campaign writes (the Arabic faces have no ``#``, ``@`` or ``_``; the Latin face no Arabic), so
text is split into runs, each drawn with the first face of the stack that has its glyphs.
Coverage is read from the fonts' cmap tables with fontTools, so a missing glyph is found
*before* drawing instead of appearing as a tofu box in a published card.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

from ..templates.layers import FamilyName

# (arabic face, latin face) file names per family and weight.
_FAMILIES: dict[tuple[str, bool], tuple[str, str]] = {
    ("sans", False): ("NotoSansArabic-Regular.ttf", "NotoSans-Regular.ttf"),
    ("sans", True): ("NotoSansArabic-Bold.ttf", "NotoSans-Bold.ttf"),
    ("naskh", False): ("NotoNaskhArabic-Regular.ttf", "NotoSans-Regular.ttf"),
    ("naskh", True): ("NotoNaskhArabic-Bold.ttf", "NotoSans-Bold.ttf"),
}

# Default-ignorable code points the shaper (HarfBuzz, under raqm) draws as nothing whether
# or not a font has them: soft hyphen, grapheme joiner, joiners and marks of direction, word
# joiner and invisible operators, variation selectors (an emoji's U+FE0F), the byte-order
# mark, tags. HarfBuzz's own list (hb-unicode.hh, is_default_ignorable), checked by drawing
# each one between two letters: the image is the letters' alone. Not all of Unicode's
# Default_Ignorable_Code_Point: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), U+180F
# and the shorthand format controls (U+1BCA0-U+1BCA3) are drawn, so they still need a glyph.
IGNORABLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x17B4, 0x17B5),
    (0x180B, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFF0, 0xFFF8),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

# Characters that draw nothing and need no glyph of their own: the ignorable ones above, and
# the line break.
INVISIBLE = frozenset("\n").union(chr(c) for low, high in IGNORABLE_RANGES for c in range(low, high + 1))


def fonts_dir() -> Path:
    """Where the bundled fonts are: installed as the package ``takatof.assets``, or, when running
    from a source checkout without installing, the checkout's top-level ``assets/fonts``."""
    try:
        return Path(str(resources.files("takatof.assets") / "fonts"))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "assets" / "fonts"


@dataclass(frozen=True)
class FontStack:
    """Font files in the order they are tried for each character."""

    paths: tuple[Path, ...]

    def first_covering(self, char: str) -> Path | None:
        for path in self.paths:
            if covers(path, char):
                return path
        return None

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that no font of the stack can draw, each once, in order."""
        seen: dict[str, None] = {}
        for char in text:
            if char not in INVISIBLE and not char.isspace() and self.first_covering(char) is None:
                seen[char] = None
        return list(seen)


def family_stack(family: FamilyName, bold: bool, rtl_first: bool) -> FontStack:
    """The stack for a family: Arabic face first for right-to-left paragraphs, Latin first
    otherwise, so digits and punctuation take the look of the paragraph's own script."""
    arabic, latin = _FAMILIES[(family, bold)]
    order = (arabic, latin) if rtl_first else (latin, arabic)
    base = fonts_dir()
    return FontStack(tuple(base / name for name in order))


@functools.lru_cache(maxsize=32)
def _cmap(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def covers(path: Path, char: str) -> bool:
    return ord(char) in _cmap(path)


@functools.lru_cache(maxsize=256)
def load_font(path: Path, size: int, basic: bool = False) -> ImageFont.FreeTypeFont:
    """A Pillow font, cached: opening a face is slow and layouts ask for the same sizes often.
    ``basic`` selects Pillow's basic layout, used only where raqm is missing."""
    engine = ImageFont.Layout.BASIC if basic else ImageFont.Layout.RAQM
    return ImageFont.truetype(str(path), size, layout_engine=engine)


class MissingGlyphError(ValueError):
    """No font of the stack has a character: say which, and which fonts were tried."""

    def __init__(self, chars: list[str], stack: FontStack) -> None:
        self.chars = chars
        self.stack = stack
        names = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars)
        fonts = ", ".join(p.stem for p in stack.paths)
        super().__init__(
            f"no font has {names}; tried {fonts}. Remove the character or add a font that has it"
        )
