"""Runs of different faces on one line keep their inks apart at a word space.

QA found Urdu words ending in ی ۃ ة ے, drawn in Nastaliq, run into the Latin word or number
after them (``زکوٰۃ85,000``): Nastaliq's space is 0.13 em and its final forms sweep left into
it. The text engine now places each piece so that a word space between runs of different
faces or directions leaves the larger of the faces' word gaps (Nastaliq's 0.25 em) of clear
paper. These tests measure that from pixels of the engine's own layout and drawing, show the
old placement (advances only) failed the same measure, and check that lines without a
language face (Arabic, Latin, Hindi, Hebrew) are placed exactly as before.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from takatof.render import text as engine
from takatof.render.fonts import fonts_dir, load_font, word_gap_of
from takatof.render.text import Piece, TextLayout, draw_text, layout_text
from takatof.templates.layers import TextStyle

QA_LINE = "زکوٰۃ 85,000 اور جماعۃ Cairo Runners اور مجموعة 2019 اور ترقی LibanTroc"
BARREE_LINE = "بڑے 2019 اور ان کے Cairo Runners اور سے LibanTroc"
# The clear paper asked for between an Urdu word and a Latin word or number, as a fraction
# of a Latin space (Noto Sans: 0.26 em); the engine keeps 0.25 em, rounding takes a pixel.
MIN_FRACTION_OF_SPACE = 0.8


def _latin_space(size: int, bold: bool) -> float:
    face = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return load_font(fonts_dir() / face, size).getlength(" ")


def _piece_columns(layout: TextLayout, piece: Piece, left: int) -> np.ndarray:
    """The columns a piece's ink covers, drawn alone where draw_text puts it (at ``left``)."""
    canvas = Image.new("L", (left * 2 + math.ceil(layout.box_width), layout.height + layout.size * 2))
    font = load_font(piece.font, layout.size)
    direction = "rtl" if piece.rtl else "ltr"
    origin = (
        left + engine.line_offset(layout.lines[0], layout) + piece.x,
        layout.size + layout.first_baseline,
    )
    ImageDraw.Draw(canvas).text(
        origin, piece.text, font=font, fill=255, anchor="ls", direction=direction, language=piece.language
    )
    return np.flatnonzero(np.asarray(canvas).max(axis=0) > 0)


def _boundaries(layout: TextLayout) -> list[tuple[str, str, int, int]]:
    """Each word space between an Urdu piece and a Latin word or number beside it, left to
    right: (left piece, right piece, last ink column of the left one, first of the right)."""
    left = layout.size
    inked = []
    for piece in layout.lines[0].pieces:
        columns = _piece_columns(layout, piece, left)
        if columns.size:
            inked.append((piece, int(columns[0]), int(columns[-1])))
    out = []
    for (a, _, a_end), (b, b_start, _) in itertools.pairwise(inked):
        if (a.rtl, a.font) != (b.rtl, b.font) and (a.rtl or b.rtl):
            out.append((a.text.strip(), b.text.strip(), a_end, b_start))
    return out


def _layout(line: str, size: int, bold: bool) -> TextLayout:
    style = TextStyle(size=size, bold=bold, lang="ur", color="#000000")
    wide = layout_text(line, style, size * 60)
    assert len(wide.lines) == 1
    return layout_text(line, style, math.ceil(wide.lines[0].width))


# (line, size, bold, how many times an Urdu word meets a Latin word or number in it)
CASES = [
    (QA_LINE, 34, False, 7),
    (QA_LINE, 48, False, 7),
    (QA_LINE, 40, True, 7),
    (BARREE_LINE, 34, False, 5),
]


@pytest.mark.parametrize(("line", "size", "bold", "meetings"), CASES)
def test_urdu_word_keeps_a_space_of_clear_paper_before_latin_and_numbers(
    line: str, size: int, bold: bool, meetings: int
):
    layout = _layout(line, size, bold)
    assert len(layout.lines) == 1
    boundaries = _boundaries(layout)
    assert len(boundaries) == meetings
    need = MIN_FRACTION_OF_SPACE * _latin_space(size, bold)
    gaps = {(a, b): b_start - a_end - 1 for a, b, a_end, b_start in boundaries}
    assert all(gap >= need for gap in gaps.values()), (need, gaps)
    # The same columns are blank in what draw_text draws: nothing else fills the gap.
    image = Image.new("RGB", (layout.box_width + 2 * size, layout.height + 2 * size), "white")
    draw_text(image, layout, size, size)
    drawn = np.asarray(image.convert("L")).min(axis=0) < 255
    for _, _, a_end, b_start in boundaries:
        assert not drawn[a_end + 1 : b_start].any()
        assert drawn[a_end] and drawn[b_start]


def _advances_only(path: Path) -> float:
    """The old placement: no word gap for any face, so pieces sit at their advances."""
    return -math.inf


@pytest.mark.parametrize(("line", "size", "bold", "meetings"), CASES)
def test_control_advances_alone_failed_that_measure(
    monkeypatch: pytest.MonkeyPatch, line: str, size: int, bold: bool, meetings: int
):
    """The measure above fails on the old placement (each piece at its advance): there the
    Urdu words came within 3 to 6 pixels of the Latin word or number beside them."""
    monkeypatch.setattr(engine, "word_gap_of", _advances_only)
    layout = _layout(line, size, bold)
    boundaries = _boundaries(layout)
    assert len(boundaries) == meetings
    gaps = [b_start - a_end - 1 for _, _, a_end, b_start in boundaries]
    need = MIN_FRACTION_OF_SPACE * _latin_space(size, bold)
    assert sum(gap < need for gap in gaps) >= 2, (need, gaps)


def test_wrapping_measures_the_widths_the_line_is_drawn_with():
    style = TextStyle(size=34, lang="ur")
    line = layout_text(QA_LINE, style, 34 * 60).lines[0]
    right = line.pieces[-1].x + line.pieces[-1].width
    assert line.width == pytest.approx(right)
    advances = sum(engine._measure(p.text, p.font, 34, p.rtl, False, p.language) for p in line.pieces)
    assert line.width > advances + 6  # the word gaps are part of the line's width
    assert len(layout_text(QA_LINE, style, math.ceil(line.width)).lines) == 1
    assert len(layout_text(QA_LINE, style, math.ceil(advances)).lines) == 2


def _placements(text: str, lang: str | None, size: int = 36) -> list[tuple[str, float, float]]:
    layout = layout_text(text, TextStyle(size=size, lang=lang), size * 60)
    return [(p.text, p.x, p.width) for line in layout.lines for p in line.pieces]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("حملة Cairo Runners في 2019 ومجموعة ٢٠١٩ #التكاتف_قوّة", "ar"),
        ("حملة Cairo Runners في 2019 ومجموعة ٢٠١٩ #التكاتف_قوّة", None),
        ("آي ميك ذيس بترشيح من ⁨Cairo Runners⁩ 85,000", "ar"),
        ("Cairo Runners raised 85,000 for حملة التكاتف", "en"),
        ("काहिरा Cairo Runners 2019 में", "hi"),
        ("קהילה Cairo Runners 2019", "he"),
    ],
)
def test_lines_without_a_language_face_are_placed_as_before(
    monkeypatch: pytest.MonkeyPatch, text: str, lang: str | None
):
    now = _placements(text, lang)
    monkeypatch.setattr(engine, "word_gap_of", _advances_only)
    assert now == _placements(text, lang)


def test_one_face_and_direction_keeps_nastaliq_own_spacing(monkeypatch: pytest.MonkeyPatch):
    """A name isolated inside an Urdu sentence is a piece of its own in the same face:
    Nastaliq's words interleave (کی reaches over دِس), so its own space stands."""
    text = "⁨آئی میک دِس⁩ کی سفارش پر"
    now = _placements(text, "ur", 28)
    assert len(now) == 2
    monkeypatch.setattr(engine, "word_gap_of", _advances_only)
    assert now == _placements(text, "ur", 28)


@pytest.mark.parametrize(
    ("face", "gap"),
    [
        ("NotoNastaliqUrdu-Regular.ttf", 0.25),
        ("NotoNastaliqUrdu-Bold.ttf", 0.25),
        ("NotoSans-Regular.ttf", 0.0),
        ("NotoNaskhArabic-Regular.ttf", 0.0),
        ("NotoSansArabic-Bold.ttf", 0.0),
        ("NotoColorEmoji.ttf", 0.0),
    ],
)
def test_word_gap_of_a_face(face: str, gap: float):
    assert word_gap_of(fonts_dir() / face) == gap
