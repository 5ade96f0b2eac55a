"""The text engine: bilingual paragraphs laid out and drawn with Pillow.

Pipeline for one block of text, all in *logical* order until the last step:
1. paragraph direction from the first strong character (or the style's override);
2. bidi levels for the whole paragraph (:mod:`takatof.render.bidi`);
3. a font for every character from the stack (coverage checked; a character no font has
   raises :class:`MissingGlyphError` naming it);
4. greedy wrapping at spaces to the box width, measured with the real fonts;
5. each line cut into runs (same level, same font) in visual order and shaped by raqm,
   without the explicit bidi controls: their work is done once the levels are known, and
   FriBiDi inside raqm must not apply them a second time (an RLO left in a run would reverse
   the rest of that run, whatever field it belongs to). Where a word space separates runs
   of different faces or directions, their inks keep the faces' word gap apart (Nastaliq's
   final forms sweep into its narrow space), and the run before the space is measured that
   much wider, for wrapping as for drawing.
The text's language (``TextStyle.lang``) picks a face where the language has its own (Urdu's
Nastaliq) and is given to raqm for the runs of the language's script, so the font's forms for
that language are drawn (Urdu's digits 4, 6 and 7); runs of other scripts keep the language
their script implies. Measuring and drawing shape each run with the same language.
Emoji sequences (:func:`~takatof.render.fonts.emoji_spans`) take the colour emoji face and
become pieces of their own, one per emoji, each keeping one bidi level so a ZWJ family or a
flag is never cut; they are measured and drawn at the face's one bitmap strike and scaled to
the line's size, on the line's baseline.
Shrink-to-fit searches the largest size in ``[min_size, size]`` that fits the box; when even
the minimum does not fit, the layout says so (``fits`` is False) instead of clipping.

Where Pillow has no raqm, runs are shaped with arabic-reshaper and ordered with python-bidi
instead (never both with raqm: that would shape twice and reverse the text).
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageColor, ImageDraw, features
from PIL.Image import Image

from ..templates.layers import BIDI_CONTROLS, FamilyName, TextStyle, VAlign
from .bidi import Run, line_runs, paragraph_level, resolve_levels
from .fonts import (
    EMOJI_STRIKE,
    INVISIBLE,
    FontStack,
    MissingGlyphError,
    covers,
    emoji_path,
    emoji_spans,
    family_stack,
    line_height_of,
    load_emoji,
    load_font,
    word_gap_of,
    written_script,
)

# Line height as a multiple of the font size. Arabic needs more room than Latin for its
# ascenders, descenders and marks (harakat) at the same size.
LINE_HEIGHT_LATIN = 1.3
LINE_HEIGHT_ARABIC = 1.75
# Devanagari hangs its letters from a headline with matras and marks above it (to 0.90 em in
# Noto Sans Devanagari) and below it (to 0.28 em): at the Latin 1.3 a second line's marks
# almost touch the first line's, so Hindi takes the roomier leading Devanagari is set with.
LINE_HEIGHT_DEVANAGARI = 1.5
_WITHOUT_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


def has_raqm() -> bool:
    return bool(features.check("raqm"))


def is_arabic(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("AL", "AN") or "\u0600" <= char <= "\u06ff"


# Blocks of the scripts whose shaping depends on the OpenType language system, with their
# ISO 15924 code: Devanagari, Devanagari Extended, Vedic Extensions; Hebrew and its
# presentation forms; Greek and Cyrillic (Noto Sans has Serbian and Macedonian forms).
# Arabic is found by :func:`is_arabic`; anything else is taken as Latin.
_SCRIPT_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0900, 0x097F, "Deva"),
    (0xA8E0, 0xA8FF, "Deva"),
    (0x1CD0, 0x1CFF, "Deva"),
    (0x0590, 0x05FF, "Hebr"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0x0370, 0x03FF, "Grek"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
)
# The language a run of each script is shaped as when the text's language is not written in
# it (or unknown): the fonts' default forms. English for the rest, Latin as Greek or Cyrillic:
# the Latin face's defaults.
_SCRIPT_DEFAULT_LANGUAGE = {"Arab": "ar", "Deva": "hi", "Hebr": "he"}


def run_script(text: str) -> str:
    """The script of a run (ISO 15924) as far as shaping is concerned: Arabic for a run with
    Arabic, Devanagari or Hebrew for a run with their letters, Latin otherwise."""
    if any(is_arabic(c) for c in text):
        return "Arab"
    for char in text:
        code = ord(char)
        for low, high, script in _SCRIPT_BLOCKS:
            if low <= code <= high:
                return script
    return "Latn"


def run_language(text: str, lang: str | None = None) -> str:
    """The language tag raqm shapes a run with: the text's language ``lang`` for a run of the
    script it is written in (Urdu for an Arabic-script run of an Urdu text), else the
    language the run's script implies: Arabic, Hindi, Hebrew, or English (the Latin face's
    default forms)."""
    script = run_script(text)
    if lang and written_script(lang) == script:
        return lang
    return _SCRIPT_DEFAULT_LANGUAGE.get(script, "en")


def _arabic_first(para: str, base: int) -> bool:
    """Whether the Arabic face leads the stack: in a right-to-left paragraph, unless its first
    strong letter is Hebrew (class R, not AL), whose digits and punctuation should take the
    Latin face that Noto's Hebrew is drawn to match."""
    if not base:
        return False
    for char in para:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL") and unicodedata.category(char)[0] == "L":  # not an RLM
            return kind != "R"
    return True


def has_arabic_letters(text: str) -> bool:
    """Arabic letters (not just Arabic-Indic digits) need the taller line height."""
    return any(unicodedata.bidirectional(c) == "AL" and unicodedata.category(c)[0] == "L" for c in text)


def has_devanagari(text: str) -> bool:
    """Devanagari letters or signs (not only its digits or danda, which sit on the line)."""
    return any(
        ("\u0900" <= c <= "\u0963" or "\u0971" <= c <= "\u097f" or "\ua8e0" <= c <= "\ua8ff") for c in text
    )


def line_height_factor(text: str, fonts: Sequence[Path] = ()) -> float:
    """Line height as a multiple of the size: the tallest that the text's scripts need, or
    that a language's own face among the ``fonts`` drawing it needs (Nastaliq's 2.5)."""
    if has_arabic_letters(text):
        factor = LINE_HEIGHT_ARABIC
    else:
        factor = LINE_HEIGHT_DEVANAGARI if has_devanagari(text) else LINE_HEIGHT_LATIN
    return max([factor, *(h for h in map(line_height_of, fonts) if h is not None)])


@dataclass(frozen=True)
class Piece:
    """A shaped run: text in logical order (bidi controls left out), drawn in one direction
    with one font."""

    text: str
    font: Path
    rtl: bool
    x: float
    width: float
    language: str = "en"  # the language raqm shapes the run as (:func:`run_language`)


def drawable(text: str) -> str:
    """``text`` without the explicit bidi controls (LRE ... PDI), which are never drawn."""
    return text.translate(_WITHOUT_CONTROLS)


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    width: float
    rtl: bool  # the paragraph's direction, which decides what "start" alignment means


@dataclass(frozen=True)
class TextLayout:
    """A block laid out at one size; ``fits`` is False when it overflows its box."""

    text: str
    style: TextStyle
    size: int
    lines: tuple[Line, ...]
    box_width: int
    ascent: int
    descent: int
    advance: float
    fits: bool
    basic: bool = False

    @property
    def width(self) -> float:
        return max((line.width for line in self.lines), default=0.0)

    @property
    def height(self) -> int:
        """Line boxes as in CSS: each line is ``advance`` high, the glyphs centred in it."""
        return round(self.advance * len(self.lines))

    @property
    def first_baseline(self) -> float:
        """From the top of the block: half the leading (which may be negative for faces
        with very tall declared metrics, such as Noto Sans Arabic), then the ascent."""
        return (self.advance - (self.ascent + self.descent)) / 2 + self.ascent

    @property
    def rtl(self) -> bool:
        return bool(self.lines) and self.lines[0].rtl


@dataclass
class _Paragraph:
    """One paragraph prepared for wrapping at a given size."""

    text: str
    base: int
    levels: list[int]
    fonts: list[Path]
    size: int
    basic: bool
    emoji_starts: frozenset[int] = frozenset()
    lang: str | None = None
    _widths: dict[tuple[int, int], float] = field(default_factory=dict)

    def pieces(self, start: int, end: int) -> list[Piece]:
        """The line ``text[start:end]`` as shaped pieces, left to right. Where a word space
        separates two pieces of different faces or directions, the one after it is placed so
        that their inks do not overlap and keep the larger of their faces' word gaps
        (:func:`word_gap_of`: Nastaliq's) of clear paper between them: the piece before it
        grows by what is missing, so wrapping measures the same widths as drawing. Pieces
        that meet without a space keep their advances (the underscore of a hashtag is meant
        to touch its letters), and so do pieces of one face and direction (a name isolated
        inside an Urdu sentence): Nastaliq's words interleave on its diagonal, the next
        word's strokes reaching over the last one's, and keep its own spacing."""
        out: list[Piece] = []
        x = 0.0
        last_ink: float | None = None  # where the ink of the last inked piece ends, on the right
        last_gap = 0.0  # the word gap (:func:`word_gap_of`) of that piece's face
        last_run: tuple[Path, bool] | None = None  # that piece's face and direction
        spaced = False  # whether a word space lies between that ink and the next piece's
        for run in line_runs(self.text, self.levels, self.base, start, end):
            for sub_start, sub_end, font in self._font_runs(run):
                text = drawable(self.text[sub_start:sub_end])
                if not text:
                    continue
                language = run_language(text, self.lang)
                width = _measure(text, font, self.size, run.rtl, self.basic, language)
                ink = (
                    None
                    if font == emoji_path()
                    else _ink_span(text, font, self.size, run.rtl, self.basic, language)
                )
                if ink is not None and last_ink is not None and last_run != (font, run.rtl):
                    spaced |= _visual_edge(text, run.rtl, right=False).isspace()
                    gap = max(last_gap, word_gap_of(font)) * self.size
                    short = gap - (x + ink[0] - last_ink) if spaced else 0.0
                    if short > 0:  # the piece before this one is widened on its side facing it
                        out[-1] = dataclasses.replace(out[-1], width=out[-1].width + short)
                        x += short
                out.append(Piece(text, font, run.rtl, x, width, language))
                if ink is not None:
                    last_ink, last_gap, last_run = x + ink[1], word_gap_of(font), (font, run.rtl)
                    spaced = _visual_edge(text, run.rtl, right=True).isspace()
                elif font == emoji_path():
                    last_ink, spaced = None, False  # an emoji's picture sits inside its advance
                else:
                    spaced = spaced or any(c.isspace() for c in text)
                x += width
        return out

    def _font_runs(self, run: Run) -> list[tuple[int, int, Path]]:
        subs: list[tuple[int, int, Path]] = []
        i = run.start
        while i < run.end:
            j = i
            while j < run.end and self.fonts[j] == self.fonts[i] and (j == i or j not in self.emoji_starts):
                j += 1
            subs.append((i, j, self.fonts[i]))
            i = j
        return subs[::-1] if run.rtl else subs

    def width(self, start: int, end: int) -> float:
        key = (start, end)
        if key not in self._widths:
            self._widths[key] = sum(p.width for p in self.pieces(start, end))
        return self._widths[key]


@functools.lru_cache(maxsize=8192)
def _measure(text: str, font: Path, size: int, rtl: bool, basic: bool, language: str) -> float:
    """The advance of a run, shaped as it is drawn (the same direction and language)."""
    if font == emoji_path():
        return load_emoji(basic).getlength(_emoji_text(text, basic)) * size / EMOJI_STRIKE
    face = load_font(font, size, basic)
    if basic:
        return face.getlength(_basic_visual(text, rtl))
    return face.getlength(text, direction="rtl" if rtl else "ltr", language=language)


def _basic_visual(text: str, rtl: bool) -> str:
    """Fallback shaping for a one-direction run when raqm is missing. Pillow's basic layout
    draws every character with a glyph (a box where the font has none), so the characters a
    shaper ignores (:data:`~takatof.render.fonts.INVISIBLE`: U+FE0F, joiners...) are left out."""
    if not rtl:
        return _without_invisible(text)
    import arabic_reshaper
    from bidi import get_display

    visual: str = get_display(arabic_reshaper.reshape(text), base_dir="R")  # both ship no types
    return _without_invisible(visual)


def _without_invisible(text: str) -> str:
    return "".join(c for c in text if c not in INVISIBLE) if any(c in INVISIBLE for c in text) else text


def assign_fonts(text: str, stack: FontStack, spans: Sequence[tuple[int, int]] | None = None) -> list[Path]:
    """A font for every character. Letters and digits take the first face that has them;
    spaces, punctuation and marks stay with a neighbour's face when it has them, so runs do
    not split at every space. The characters of an emoji sequence take the emoji face, which
    is never a neighbour's face for the rest (it has a space, but a space drawn from it would
    be an emoji piece). ``spans`` are the text's emoji sequences when the caller has them
    (:func:`~takatof.render.fonts.emoji_spans`). Raises :class:`MissingGlyphError` naming
    what no face has."""
    missing = stack.missing(text)
    if missing:
        raise MissingGlyphError(missing, stack)
    fonts: list[Path | None] = [None] * len(text)
    emoji = emoji_path()
    for start, end in emoji_spans(text, stack) if spans is None else spans:
        fonts[start:end] = [emoji] * (end - start)
    for i, char in enumerate(text):
        if fonts[i] is None and unicodedata.category(char)[0] in "LN":
            fonts[i] = stack.first_covering(char)
    for i, char in enumerate(text):
        if fonts[i] is not None:
            continue
        neighbours = [fonts[i - 1] if i and fonts[i - 1] != emoji else None]
        neighbours += [next((f for f in fonts[i + 1 :] if f is not None and f != emoji), None)]
        for font in neighbours:
            if font is not None and (char in INVISIBLE or covers(font, char)):
                fonts[i] = font
                break
        else:
            fonts[i] = stack.first_covering(char) or stack.paths[0]
    return [f for f in fonts if f is not None]


@functools.lru_cache(maxsize=1024)
def _analyse(
    para: str, family: FamilyName, bold: bool, direction: str, lang: str | None = None
) -> tuple[int, tuple[int, ...], tuple[Path, ...], frozenset[int]]:
    """Direction, bidi levels, fonts and emoji starts of a paragraph: independent of the
    size, so they are computed once while shrink-to-fit tries sizes. The language ``lang``
    adds its own face to the stack, if it has one (Urdu's Nastaliq).

    An emoji's characters can resolve to different levels (a flag's regional indicators are
    L, a ZWJ is BN, a keycap's mark NSM): the whole sequence takes its first character's
    level, so the line is never cut inside one emoji."""
    if direction == "auto":
        base = paragraph_level(para)
    else:
        base = 1 if direction == "rtl" else 0
    stack = family_stack(family, bold, rtl_first=_arabic_first(para, base), lang=lang)
    levels = resolve_levels(para, base)
    spans = emoji_spans(para, stack)
    fonts = assign_fonts(para, stack, spans)
    for start, end in spans:
        levels[start:end] = [levels[start]] * (end - start)
    return base, tuple(levels), tuple(fonts), frozenset(start for start, _ in spans)


def _prepare(text: str, style: TextStyle, size: int, basic: bool) -> list[_Paragraph]:
    paragraphs = []
    for para in text.split("\n"):
        base, levels, fonts, emoji = _analyse(para, style.family, style.bold, style.direction, style.lang)
        paragraphs.append(_Paragraph(para, base, list(levels), list(fonts), size, basic, emoji, style.lang))
    return paragraphs


def _wrap(para: _Paragraph, width: float) -> tuple[list[tuple[int, int]], bool]:
    """Greedy wrapping at spaces in logical order; also says whether every line fits."""
    text = para.text
    words: list[tuple[int, int]] = []  # (start, end) of each word without spaces
    i = 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        j = text.find(" ", i)
        j = len(text) if j < 0 else j
        words.append((i, j))
        i = j
    if not words:
        return [(0, 0)], True
    lines: list[tuple[int, int]] = []
    start, end = words[0]
    fits = True
    for w_start, w_end in words[1:]:
        if para.width(start, w_end) <= width:
            end = w_end
        else:
            fits &= para.width(start, end) <= width
            lines.append((start, end))
            start, end = w_start, w_end
    fits &= para.width(start, end) <= width
    lines.append((start, end))
    return lines, fits


def layout_text(text: str, style: TextStyle, width: int, size: int | None = None) -> TextLayout:
    """Lay ``text`` out at one size, wrapped to ``width`` pixels."""
    size = size or style.size
    basic = not has_raqm()
    lines: list[Line] = []
    fits = True
    fonts_used: set[Path] = set()
    for para in _prepare(text, style, size, basic):
        spans, para_fits = _wrap(para, width)
        fits &= para_fits
        for start, end in spans:
            pieces = tuple(para.pieces(start, end))
            fonts_used.update(p.font for p in pieces)
            lines.append(Line(pieces, sum(p.width for p in pieces), bool(para.base)))
    if style.max_lines is not None and len(lines) > style.max_lines:
        fits = False
    # The emoji face is left out: its box (0.93 em above the baseline, 0.25 below) lies inside
    # every text face's, and it opens at one size only.
    fonts_used.discard(emoji_path())
    metrics = [load_font(f, size, basic).getmetrics() for f in fonts_used] or [(size, size // 4)]
    ascent = max(m[0] for m in metrics)
    descent = max(m[1] for m in metrics)
    factor = line_height_factor(text, tuple(fonts_used))
    advance = size * factor * style.line_spacing
    tall = [p for line in lines for p in line.pieces if line_height_of(p.font) is not None]
    if tall:
        ascent, descent, advance = _room_for_ink(tall, size, basic, ascent, descent, advance)
    return TextLayout(text, style, size, tuple(lines), width, ascent, descent, advance, fits, basic)


def _room_for_ink(
    pieces: Sequence[Piece], size: int, basic: bool, ascent: int, descent: int, advance: float
) -> tuple[int, int, float]:
    """Ascent, descent and line advance that hold the ink of a language face's pieces.

    Nastaliq's stacks have no fixed height: each letter of a word sits higher up the diagonal
    than the one after it, so a long word (یکجہتی) climbs past the face's declared 1.904 em, to
    2.2 em in the regular weight and 2.6 in the bold. Its lines are spaced by the ink of what
    they draw: the line box is at least the tallest piece's height above the baseline plus
    the deepest piece's depth below it, so no line's ink reaches into another line, nor the
    first line's above the block (where the text above it in a stack is drawn)."""
    inks = [_ink(p.text, p.font, size, p.rtl, basic, p.language) for p in pieces]
    ascent = max(ascent, *(up for up, _ in inks))
    descent = max(descent, *(down for _, down in inks))
    return ascent, descent, max(advance, float(ascent + descent))


@functools.lru_cache(maxsize=8192)
def _ink_span(
    text: str, font: Path, size: int, rtl: bool, basic: bool, language: str
) -> tuple[int, int] | None:
    """Where a run's ink begins and ends, left to right, from its pen origin on the baseline,
    in whole pixels of the run as it is drawn (its direction and language); None when it
    draws nothing (a space). The face's ``getbbox`` cannot say this: it reaches at least from
    the pen to the advance, so it shows ink beyond the advance but not a space the ink eats
    into, as Nastaliq's final forms eat into its narrow space."""
    face = load_font(font, size, basic)
    if basic:
        mask, (left, _) = face.getmask2(_basic_visual(text, rtl), mode="L", anchor="ls")
    else:
        direction = "rtl" if rtl else "ltr"
        mask, (left, _) = face.getmask2(text, mode="L", anchor="ls", direction=direction, language=language)
    box = mask.getbbox()
    return None if box is None else (left + box[0], left + box[2])


def _visual_edge(text: str, rtl: bool, right: bool) -> str:
    """The character of a run drawn at its right (or left) end."""
    return text[0] if rtl == right else text[-1]


@functools.lru_cache(maxsize=4096)
def _ink(text: str, font: Path, size: int, rtl: bool, basic: bool, language: str) -> tuple[int, int]:
    """How far a run's ink reaches above and below its baseline, in whole pixels with one to
    spare for the rasteriser's rounding."""
    face = load_font(font, size, basic)
    if basic:
        box = face.getbbox(_basic_visual(text, rtl), anchor="ls")
    else:
        box = face.getbbox(text, anchor="ls", direction="rtl" if rtl else "ltr", language=language)
    return max(0, -int(box[1])) + 1, max(0, int(box[3])) + 1


def fit_text(text: str, style: TextStyle, width: int, height: int | None = None) -> TextLayout:
    """The largest size in ``[style.min_size, style.size]`` at which ``text`` fits the box.
    When none does, the layout at the minimum size with ``fits=False``: the caller reports
    the overflow (a published card must never be silently clipped)."""

    def ok(layout: TextLayout) -> bool:
        return layout.fits and (height is None or layout.height <= height)

    best = layout_text(text, style, width, style.size)
    if ok(best):
        return best
    low, high = style.min_size, style.size - 1
    found: TextLayout | None = None
    while low <= high:
        mid = (low + high) // 2
        candidate = layout_text(text, style, width, mid)
        if ok(candidate):
            found, low = candidate, mid + 1
        else:
            high = mid - 1
    if found is not None:
        return found
    smallest = layout_text(text, style, width, style.min_size)
    return dataclasses.replace(smallest, fits=False)


def draw_text(
    image: Image, layout: TextLayout, x: int, y: int, valign_height: int | None = None, valign: VAlign = "top"
) -> None:
    """Draw a layout with its top-left corner at (x, y) in a box ``layout.box_width`` wide.
    ``valign`` places the block inside ``valign_height`` pixels when given."""
    draw = ImageDraw.Draw(image)
    if valign_height is not None and valign != "top":
        spare = valign_height - layout.height
        y += spare // 2 if valign == "middle" else spare
    fill = ImageColor.getcolor(layout.style.color, "RGBA")
    baseline = y + layout.first_baseline
    for line in layout.lines:
        left = x + line_offset(line, layout)
        for piece in line.pieces:
            origin = (left + piece.x, baseline)
            if piece.font == emoji_path():
                alpha = fill[3] if isinstance(fill, tuple) else 255
                _draw_emoji(image, piece.text, layout.size, origin, alpha, layout.basic)
                continue
            font = load_font(piece.font, layout.size, layout.basic)
            if layout.basic:
                draw.text(origin, _basic_visual(piece.text, piece.rtl), font=font, fill=fill, anchor="ls")
            else:
                direction = "rtl" if piece.rtl else "ltr"
                draw.text(
                    origin,
                    piece.text,
                    font=font,
                    fill=fill,
                    anchor="ls",
                    direction=direction,
                    language=piece.language,
                )
        baseline += layout.advance


def _emoji_text(text: str, basic: bool) -> str:
    """Pillow's basic layout draws a box for what a shaper ignores (U+FE0F, the ZWJ): left
    out there, so a ZWJ family falls back to its members side by side."""
    return _without_invisible(text) if basic else text


@functools.lru_cache(maxsize=128)
def _emoji_image(text: str, size: int, basic: bool) -> tuple[Image, int, int]:
    """One emoji drawn in colour at the face's strike and scaled to ``size`` (Lanczos on
    premultiplied alpha, which Pillow's RGBA resize does), with the offset of its top-left
    corner from the pen position on the baseline."""
    face = load_emoji(basic)
    text = _emoji_text(text, basic)
    left, top, right, bottom = (int(v) for v in face.getbbox(text, anchor="ls"))
    strike = PILImage.new("RGBA", (max(1, right - left), max(1, bottom - top)), (0, 0, 0, 0))
    ImageDraw.Draw(strike).text((-left, -top), text, font=face, anchor="ls", embedded_color=True)
    scale = size / EMOJI_STRIKE
    width, height = max(1, round(strike.width * scale)), max(1, round(strike.height * scale))
    scaled = strike.resize((width, height), PILImage.Resampling.LANCZOS)
    return scaled, round(left * scale), round(top * scale)


def _draw_emoji(
    image: Image, text: str, size: int, origin: tuple[float, float], alpha: int, basic: bool
) -> None:
    """Composite one emoji with its pen position at ``origin`` on the baseline; a text
    colour with transparency makes the emoji as transparent as the letters beside it."""
    picture, dx, dy = _emoji_image(text, size, basic)
    if alpha < 255:
        picture = picture.copy()
        picture.putalpha(picture.getchannel("A").point(lambda a: a * alpha // 255))
    x, y = round(origin[0]) + dx, round(origin[1]) + dy
    if image.mode != "RGBA":
        image.paste(picture, (x, y), picture)
        return
    # alpha_composite refuses a corner left of or above the image: the part outside is cut.
    cut_x, cut_y = max(0, -x), max(0, -y)
    if cut_x >= picture.width or cut_y >= picture.height:
        return
    if cut_x or cut_y:
        picture = picture.crop((cut_x, cut_y, picture.width, picture.height))
    image.alpha_composite(picture, (x + cut_x, y + cut_y))


def line_offset(line: Line, layout: TextLayout) -> float:
    spare = layout.box_width - line.width
    align = layout.style.align
    if align == "center":
        return spare / 2
    at_right = (align == "start") == line.rtl
    return spare if at_right else 0.0
