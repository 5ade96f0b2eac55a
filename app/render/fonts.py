"""Bundled fonts, font stacks and glyph coverage.

A family pairs an Arabic face with a Latin face. Neither face covers everything a bilingual
campaign writes (the Arabic faces have no ``#``, ``@`` or ``_``; the Latin face no Arabic), so
text is split into runs, each drawn with the first face of the stack that has its glyphs.
Coverage is read from the fonts' cmap tables with fontTools, so a missing glyph is found
*before* drawing instead of appearing as a tofu box in a published card.

Behind the pair come the faces of the other bundled scripts, Devanagari (Hindi, Marathi,
Nepali) and Hebrew, the same in every family. They come last so that they never take a
character the pair has (text without these scripts is drawn exactly as before), and, being
last, their cmaps are read only for a character the pair lacks and they are opened by
FreeType only when a run of the text is drawn with them.

Some languages write a script in a face of their own: Urdu is read in Nastaliq, its diagonal,
hanging calligraphic style, not in the Naskh of Arabic. Such a face is chosen by the text's
language (``TextStyle.lang``), never by its characters, since Urdu and Arabic share letters:
it goes just before the family's face of its script, which stays behind it for what it lacks,
and text of every other language (Arabic included) never sees it.

A brand may name its own font file for a role (``brand.fonts``): a
:class:`~takatof.templates.layers.BrandFamily`, whose face joins the stack of its bundled
fallback family (:func:`family_stack`), for every character it has or only for the scripts
it is chosen for. Such a file may change while the Studio runs, so its character map and its
opened faces are cached per file version, not per path as the bundled faces are.

Emoji are drawn from a bundled colour face (Noto Color Emoji) that every stack falls back
to. It is opened only when a text has a character the stack's faces lack or an emoji
presentation mark (U+FE0F, U+20E3), so text without emoji never pays for its 10 MB.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fontTools import unicodedata
from fontTools.ttLib import TTFont
from PIL import ImageFont

from ..model.filecache import per_file_version
from ..model.languages import language
from ..templates.layers import BrandFamily, BundledName, FamilyName

# (arabic face, latin face) file names per family and weight.
_FAMILIES: dict[tuple[str, bool], tuple[str, str]] = {
    ("sans", False): ("NotoSansArabic-Regular.ttf", "NotoSans-Regular.ttf"),
    ("sans", True): ("NotoSansArabic-Bold.ttf", "NotoSans-Bold.ttf"),
    ("naskh", False): ("NotoNaskhArabic-Regular.ttf", "NotoSans-Regular.ttf"),
    ("naskh", True): ("NotoNaskhArabic-Bold.ttf", "NotoSans-Bold.ttf"),
}

# Faces of the other scripts per weight, tried after a family's pair in this order. Not per
# family, like the Latin face: both are Noto's sans faces, drawn to match Noto Sans.
_SCRIPT_FACES: dict[bool, tuple[str, ...]] = {
    False: ("NotoSansDevanagari-Regular.ttf", "NotoSansHebrew-Regular.ttf"),
    True: ("NotoSansDevanagari-Bold.ttf", "NotoSansHebrew-Bold.ttf"),
}


@dataclass(frozen=True)
class LanguageFace:
    """A face that one language writes its script in (``script``, ISO 15924), instead of the
    family's face of that script, the line height it needs as a multiple of the size, and the
    clear paper a word space leaves between its ink and the ink of a neighbouring run (a Latin
    word, a number), also a multiple of the size (0: what the advances leave)."""

    script: str
    regular: str
    bold: str
    line_height: float
    word_gap: float = 0.0

    def file(self, bold: bool) -> str:
        return self.bold if bold else self.regular


# Faces chosen by language, keyed by the language subtag. Noto Nastaliq Urdu declares 1.904 em
# above the baseline and 0.596 below, and its ink uses them: a word such as سیکھنے stacks its
# letters up the diagonal to 1.85 em, and ے, ی and the dots below reach 0.6 em down. Lines
# closer than the face's own 2.5 em put one line's descenders into the next line's tall
# stacks, and the first line's stacks above the text's box (into the text above it).
# Its space is 0.13 em (0.16 bold), set for Nastaliq's tight words, and its final forms (ی ے
# ۃ ة) sweep left into that space and past their advance: beside a Latin word or a number it
# left 3 to 6 pixels of paper at 34 to 48 px, where a Latin word space leaves 10 to 15, and
# read as no space at all (زکوٰۃ85,000). Between its runs and others', a word space keeps
# 0.25 em of clear paper, a Latin word space (Noto Sans's space is 0.26 em); inside a
# Nastaliq run its own spacing stands.
_LANGUAGE_FACES: dict[str, LanguageFace] = {
    "ur": LanguageFace("Arab", "NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf", 2.5, 0.25),
}


@functools.lru_cache(maxsize=64)
def language_face(lang: str | None) -> LanguageFace | None:
    """The face ``lang`` writes its script in, when it has its own (Urdu in its Arabic script;
    not Urdu written in Latin, ``ur-Latn``); None for every other language and for a code that
    is not a language."""
    if not lang:
        return None
    face = _LANGUAGE_FACES.get(lang.split("-")[0].lower())
    return face if face is not None and face.script == written_script(lang) else None


@functools.lru_cache(maxsize=256)
def written_script(lang: str) -> str | None:
    """The script (ISO 15924) ``lang`` is written in: its script subtag when it has one
    (``ur-Latn``: Roman Urdu), else CLDR's likely script (``ur``: Arabic); None for a code
    that is not a language."""
    for part in lang.split("-")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    try:
        return language(lang).script
    except ValueError:
        return None


def line_height_of(path: Path) -> float | None:
    """The line height a language's face needs (Nastaliq's 2.5), None for the other faces,
    whose line height comes from the scripts of the text."""
    for face in _LANGUAGE_FACES.values():
        if path.name in (face.regular, face.bold):
            return face.line_height
    return None


def word_gap_of(path: Path) -> float:
    """The clear paper, as a multiple of the size, that a word space between a run in this
    face and a neighbouring run leaves between their inks: a language face's own (Nastaliq's
    0.25), 0 for every other face, whose space and side bearings already keep words apart
    (0 still keeps the two inks from overlapping)."""
    for face in _LANGUAGE_FACES.values():
        if path.name in (face.regular, face.bold):
            return face.word_gap
    return 0.0


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


# The colour emoji face: CBDT bitmaps, one strike, which FreeType opens at this size only.
EMOJI_FONT = "NotoColorEmoji.ttf"
EMOJI_STRIKE = 109

# Pieces of an emoji sequence (UTS #51): the presentation selectors, the skin-tone modifiers,
# the keycap mark, the joiner of ZWJ sequences, the tags of subdivision flags (England...).
_VS15, _VS16, _ZWJ, _KEYCAP = "\ufe0e", "\ufe0f", "\u200d", "\u20e3"
_MODIFIERS = range(0x1F3FB, 0x1F400)
_REGIONAL = range(0x1F1E6, 0x1F200)
_TAGS = range(0xE0020, 0xE0080)
_KEYCAP_BASES = frozenset("#*0123456789")
# Characters of the emoji face that never start an emoji of their own.
_NEVER_EMOJI = frozenset(" \u200d\u20e3\ufe0e\ufe0f")


def fonts_dir() -> Path:
    """Where the bundled fonts are: installed as the package ``takatof.assets``, or, when running
    from a source checkout without installing, the checkout's top-level ``assets/fonts``."""
    try:
        return Path(str(resources.files("takatof.assets") / "fonts"))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "assets" / "fonts"


@dataclass(frozen=True)
class FontStack:
    """Font files in the order they are tried for each character. ``only`` limits a face to
    the characters of some scripts (a brand face chosen for Latin alone), besides those of
    no script of their own (digits, punctuation: Unicode's Common and Inherited)."""

    paths: tuple[Path, ...]
    only: tuple[tuple[Path, frozenset[str]], ...] = ()

    def first_covering(self, char: str) -> Path | None:
        limits = dict(self.only)
        for path in self.paths:
            allowed = limits.get(path)
            if allowed is not None and _script(char) not in allowed:
                continue
            if covers(path, char):
                return path
        return None

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that no font of the stack, nor the emoji face for the
        characters of an emoji sequence, can draw: each once, in order."""
        seen: dict[str, None] = {}
        for char in text:
            if char not in INVISIBLE and not char.isspace() and self.first_covering(char) is None:
                seen[char] = None
        if not seen:
            return []
        in_emoji = {i for start, end in emoji_spans(text, self) for i in range(start, end)}
        return list(dict.fromkeys(c for i, c in enumerate(text) if c in seen and i not in in_emoji))

    def text_covers(self, char: str) -> bool:
        return self.first_covering(char) is not None


@functools.cache
def emoji_path() -> Path:
    """The bundled colour emoji face (a path only: nothing is opened)."""
    return fonts_dir() / EMOJI_FONT


def might_have_emoji(text: str, stack: FontStack) -> bool:
    """Cheap test before the emoji face is opened: an emoji has a character no text face has
    (every emoji-by-default character is outside the bundled text faces) or an emoji
    presentation mark after a character the text faces also have (©️, 1️⃣)."""
    if _VS16 in text or _KEYCAP in text:
        return True
    return any(c not in INVISIBLE and not c.isspace() and not stack.text_covers(c) for c in text)


def emoji_spans(text: str, stack: FontStack) -> list[tuple[int, int]]:
    """The emoji of ``text`` as ``(start, end)`` spans, each one grapheme drawn by the emoji
    face: a regional-indicator pair (a flag), a keycap (``1️⃣``), or a base with its
    presentation selector, skin tone, tags and any ZWJ-joined followers (UTS #51 emoji
    sequences). A character the text faces have (digits, ``#``, ``©``, ``™``) is an emoji only
    with U+FE0F or a keycap mark after it, as Unicode's default text presentation says; one
    they lack is an emoji when the emoji face has it (``❤`` alone draws in colour rather than
    as a box). Empty, without opening the emoji face, for text with no emoji."""
    if not might_have_emoji(text, stack):
        return []
    cmap = _cmap(emoji_path())
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        end = _emoji_at(text, i, stack, cmap)
        if end > i:
            spans.append((i, end))
            i = end
        else:
            i += 1
    return spans


def _emoji_at(text: str, i: int, stack: FontStack, cmap: frozenset[int]) -> int:
    """The end of the emoji sequence starting at ``i``, or ``i`` when none starts there."""
    char, n = text[i], len(text)
    after = text[i + 1] if i + 1 < n else ""
    if char in _NEVER_EMOJI or ord(char) not in cmap:
        return i
    if ord(char) in _REGIONAL:
        return i + 2 if after and ord(after) in _REGIONAL else i + 1
    if char in _KEYCAP_BASES:
        j = i + 1 + (after == _VS16)
        if j < n and text[j] == _KEYCAP:
            return j + 1
        return j if after == _VS16 else i
    emoji_next = after == _VS16 or (bool(after) and ord(after) in _MODIFIERS)
    if stack.text_covers(char) and (after == _VS15 or not emoji_next):
        return i
    j = _element_end(text, i + 1)
    while j + 1 < n and text[j] == _ZWJ and text[j + 1] not in _NEVER_EMOJI and ord(text[j + 1]) in cmap:
        j = _element_end(text, j + 2)
    return j


def _element_end(text: str, j: int) -> int:
    """Past the selectors, skin tone, keycap mark and tags that follow one emoji element."""
    n = len(text)
    if j < n and text[j] == _VS16:
        j += 1
    if j < n and ord(text[j]) in _MODIFIERS:
        j += 1
    if j < n and text[j] == _VS16:
        j += 1
    if j < n and text[j] == _KEYCAP:
        j += 1
    while j < n and ord(text[j]) in _TAGS:
        j += 1
    return j


def family_stack(family: FamilyName, bold: bool, rtl_first: bool, lang: str | None = None) -> FontStack:
    """The stack for a bundled family (:func:`bundled_stack`), or for a brand's font file:
    its face, then its fallback family's stack behind it for everything it does not draw.

    A brand face with no ``scripts`` leads the stack (every character it has is drawn in
    it). One limited to some scripts goes just before the fallback's face of the first of
    them that the family pairs (Arabic or Latin), as a language's own face does: a
    Latin-only brand face leads a left-to-right paragraph, and in a right-to-left one comes
    after the Arabic face, which keeps that paragraph's digits and punctuation as now."""
    if not isinstance(family, BrandFamily):
        return bundled_stack(family, bold, rtl_first, lang)
    behind = bundled_stack(family.fallback, bold, rtl_first, lang)
    face = family.face(bold)
    if family.scripts is None:
        return FontStack((face, *behind.paths))
    arabic, latin = _FAMILIES[(family.fallback, bold)]
    pair = {"Arab": fonts_dir() / arabic, "Latn": fonts_dir() / latin}
    before = next((pair[s] for s in family.scripts if s in pair), None)
    at = behind.paths.index(before) if before in behind.paths else 0
    paths = (*behind.paths[:at], face, *behind.paths[at:])
    return FontStack(paths, ((face, frozenset(family.scripts) | _NO_SCRIPT),))


# Unicode's script values of characters that belong to no one script.
_NO_SCRIPT = frozenset({"Zyyy", "Zinh", "Zzzz"})


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The ISO 15924 script of a character (``Zyyy`` for digits and punctuation)."""
    return str(unicodedata.script(char))


def bundled_stack(family: BundledName, bold: bool, rtl_first: bool, lang: str | None = None) -> FontStack:
    """The stack for a family: Arabic face first for right-to-left paragraphs, Latin first
    otherwise, so digits and punctuation take the look of the paragraph's own script; then
    the Devanagari and Hebrew faces, which have only their own scripts' letters to add.

    A language with a face of its own (:func:`language_face`: Urdu's Nastaliq) has it just
    before the family's face of that script, which stays behind it for any character it
    lacks; without ``lang``, or for any other language, the stack is the family's alone."""
    arabic, latin = _FAMILIES[(family, bold)]
    order: tuple[str, ...] = (arabic, latin) if rtl_first else (latin, arabic)
    own = language_face(lang)
    if own is not None:
        before = {"Arab": arabic, "Latn": latin}.get(own.script)
        at = order.index(before) if before is not None else len(order)
        order = (*order[:at], own.file(bold), *order[at:])
    base = fonts_dir()
    return FontStack(tuple(base / name for name in order + _SCRIPT_FACES[bold]))


def _bundled(path: Path) -> bool:
    """Whether ``path`` is one of the bundled faces, which never change while running (a
    brand's font file may: it is cached per file version)."""
    return path.parent == _fonts_dir()


@functools.cache
def _fonts_dir() -> Path:
    return fonts_dir()


def _cmap(path: Path) -> frozenset[int]:
    return _bundled_cmap(path) if _bundled(path) else _file_cmap(path)


def _read_cmap(path: Path) -> frozenset[int]:
    # A collection (.ttc) is read, like Pillow opens it, at its first face.
    with TTFont(path, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or ())


def _read_file_cmap(path: Path) -> frozenset[int]:
    """A brand font file's character map; a file that is no font fails the outputs drawing
    with it, naming the file (validation names its JSON path)."""
    try:
        return _read_cmap(path)
    except Exception as exc:  # fontTools raises many kinds on a damaged file
        raise FontFileError(path, exc) from exc


class FontFileError(ValueError):
    """A brand font file that cannot be read as a font."""

    def __init__(self, path: Path, cause: Exception) -> None:
        reason = str(cause).strip() or type(cause).__name__
        super().__init__(
            f"the font file {str(path)!r} cannot be read ({reason}); brand.fonts should name a .ttf, .otf or .ttc font"
        )


_bundled_cmap = functools.lru_cache(maxsize=32)(_read_cmap)
_file_cmap = per_file_version(maxsize=32)(_read_file_cmap)


def covers(path: Path, char: str) -> bool:
    return ord(char) in _cmap(path)


def load_font(path: Path, size: int, basic: bool = False) -> ImageFont.FreeTypeFont:
    """A Pillow font, cached: opening a face is slow and layouts ask for the same sizes often
    (a brand's font file per version, so a file changed on disk is read again).
    ``basic`` selects Pillow's basic layout, used only where raqm is missing."""
    return _load_bundled(path, size, basic) if _bundled(path) else _load_file(path, size, basic)


def _open_font(path: Path, size: int, basic: bool) -> ImageFont.FreeTypeFont:
    engine = ImageFont.Layout.BASIC if basic else ImageFont.Layout.RAQM
    return ImageFont.truetype(str(path), size, layout_engine=engine)


_load_bundled = functools.lru_cache(maxsize=256)(_open_font)
_load_file = per_file_version(maxsize=128)(_open_font)


def load_emoji(basic: bool = False) -> ImageFont.FreeTypeFont:
    """The colour emoji face at its only strike; callers scale what it draws."""
    return load_font(emoji_path(), EMOJI_STRIKE, basic)


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
