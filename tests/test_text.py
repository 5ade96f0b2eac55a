"""The text engine (:mod:`takatof.render.text`): fonts per run, wrapping, shrink-to-fit, alignment,
shaping with raqm and the reshaper fallback where raqm is missing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

import takatof.render.text as text_mod
from takatof.model import Campaign
from takatof.render.checks import glyph_problems
from takatof.render.fonts import MissingGlyphError, family_stack
from takatof.render.text import Line, TextLayout, assign_fonts, draw_text, fit_text, layout_text
from takatof.templates.layers import BIDI_CONTROLS, TextStyle, isolate

ARABIC_FACE = "NotoSansArabic-Regular"
LATIN_FACE = "NotoSans-Regular"

EN_STORY = (
    "Hala Dahrouge started LibanTroc in 2019 so neighbours could swap what they have without "
    "money. Today its 85,000 members have helped more than 2,000 families get what they need "
    "through Lebanon's hardest times."
)
AR_STORY = (
    "أسّست هالة دحروج مجموعة ليبان تروك عام 2019 ليتبادل الجيران أغراضهم من دون مال. اليوم "
    "تضم المجموعة 85,000 عضو، وساعدت أكثر من 2,000 عائلة على تأمين ما تحتاجه في أصعب الأوقات."
)
AR_MIXED_STORY = (
    "بدأ إبراهيم صفوت مجموعة Cairo Runners ليجتمع الناس على الركض في شوارع القاهرة كل جمعة، "
    "حتى صار نصف ماراثون القاهرة يستقبل أكثر من 5,000 عدّاء."
)
PRESENTATION_FORMS = range(0xFE70, 0xFF00)


def style(**kw: Any) -> TextStyle:
    return TextStyle(**{"size": 40, "min_size": 12, "color": "#000000", **kw})


def stack(rtl: bool):
    return family_stack("sans", False, rtl_first=rtl)


def faces(text: str, rtl: bool) -> list[str]:
    return [p.stem for p in assign_fonts(text, stack(rtl))]


def ink_box(layout: TextLayout, margin: int = 60) -> tuple[tuple[int, int, int, int] | None, int]:
    """Draw ``layout`` black on white at (margin, margin); its ink bounding box, and the
    number of ink pixels."""
    image = Image.new("RGB", (layout.box_width + 2 * margin, layout.height + 2 * margin), "white")
    draw_text(image, layout, margin, margin)
    gray = ImageOps.invert(image.convert("L"))
    return gray.getbbox(), int((np.asarray(gray) > 96).sum())


def logical_line(line: Line) -> str:
    """The logical text of one line, rebuilt from its pieces (which are in visual order,
    each holding logical text). Valid for lines with at most two levels (no hashtags): in an
    RTL line, consecutive LTR pieces keep their order and everything else is reversed."""
    groups: list[list[Any]] = []
    for piece in line.pieces:
        if groups and groups[-1][0].rtl == piece.rtl:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    ordered = reversed(groups) if line.rtl else groups
    out = []
    for group in ordered:
        out.extend(reversed(group) if group[0].rtl else group)
    return "".join(p.text for p in out)


# --- fonts per character ------------------------------------------------------------------


def test_latin_inside_arabic_gets_the_latin_face() -> None:
    text = "انضموا إلى Cairo Runners"
    got = faces(text, rtl=True)
    for char, face in zip(text, got, strict=True):
        if char.isascii() and char.isalpha():
            assert face == LATIN_FACE, char
        elif "\u0600" <= char <= "\u06ff":
            assert face == ARABIC_FACE, char


@pytest.mark.parametrize("rtl", [True, False])
@pytest.mark.parametrize("char", ["#", "@", "_"])
def test_symbols_the_arabic_faces_lack_get_the_latin_face(char: str, rtl: bool) -> None:
    """The Arabic Noto faces have no '#', '@' or '_': without per-run fallback an Arabic
    hashtag would draw tofu boxes."""
    text = "#التكاتف_قوّة @darelkhoos"
    got = faces(text, rtl)
    for i, c in enumerate(text):
        if c == char:
            assert got[i] == LATIN_FACE


@pytest.mark.parametrize("word", ["قوّة", "مُحَمَّد", "عَدّاء", "جداً"])
def test_harakat_stay_with_the_arabic_letter_face(word: str) -> None:
    """A mark drawn with another face than its base letter would not attach to it."""
    for rtl in (True, False):
        assert set(faces(word, rtl)) == {ARABIC_FACE}
    assert faces("قوّة", True)[2] == ARABIC_FACE  # U+0651 SHADDA


@pytest.mark.parametrize(
    ("text", "rtl", "face"),
    [
        ("عام 2019", True, ARABIC_FACE),
        ("تضم 85,000 عضو", True, ARABIC_FACE),
        ("in 2019", False, LATIN_FACE),
        ("85,000 members of ليبان تروك", False, LATIN_FACE),
    ],
)
def test_digits_take_the_face_of_the_paragraph(text: str, rtl: bool, face: str) -> None:
    got = faces(text, rtl)
    assert {got[i] for i, c in enumerate(text) if c.isdigit()} == {face}


@pytest.mark.parametrize(
    ("text", "face"),
    [("تأسست المجموعة عام 2019", ARABIC_FACE), ("Founded in 2019 as ليبان تروك", LATIN_FACE)],
)
def test_layout_draws_digits_with_the_paragraph_face(text: str, face: str) -> None:
    """Through the whole pipeline: family_stack ordered by the detected direction."""
    layout = layout_text(text, style(), 2000)
    digit_pieces = [p for line in layout.lines for p in line.pieces if "2019" in p.text]
    assert digit_pieces and {p.font.stem for p in digit_pieces} == {face}


# --- missing glyphs ---------------------------------------------------------------------


@pytest.mark.parametrize("rtl", [True, False])
# Characters neither a text face nor the emoji face has (an emoji draws in colour: test_emoji):
# an Egyptian hieroglyph, the Tibetan OM, a Phoenician letter.
@pytest.mark.parametrize("char", ["\U00013000", "\u0f00", "\U00010900"])
def test_missing_glyph_names_character_code_and_fonts(char: str, rtl: bool) -> None:
    with pytest.raises(MissingGlyphError) as info:
        assign_fonts(f"قصص {char} stories", stack(rtl))
    message = str(info.value)
    assert char in message
    assert f"U+{ord(char):04X}" in message
    assert ARABIC_FACE in message and LATIN_FACE in message
    assert info.value.chars == [char]


def test_layout_refuses_missing_glyphs_instead_of_drawing_tofu() -> None:
    with pytest.raises(MissingGlyphError, match="U\\+13000"):
        layout_text("Join us \U00013000", style(), 800)


def test_glyph_problems_on_the_example_campaign(example_data: dict[str, Any]) -> None:
    assert glyph_problems(Campaign.model_validate(example_data)) == []
    example_data["people"][0]["quote"]["en"] += " \U00013000"
    problems = glyph_problems(Campaign.model_validate(example_data))
    assert [p.path for p in problems] == ["people[0].quote.en"]
    assert "U+13000" in problems[0].message


def test_glyph_problems_on_an_arabic_field(example_data: dict[str, Any]) -> None:
    example_data["people"][2]["quote"]["ar"] = "كل منتج \U00013000 يحكي قصة"
    problems = glyph_problems(Campaign.model_validate(example_data))
    assert [p.path for p in problems] == ["people[2].quote.ar"]


# --- wrapping ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [EN_STORY, AR_STORY, AR_MIXED_STORY], ids=["en", "ar", "ar-mixed"])
@pytest.mark.parametrize("width", [420, 700])
def test_wrapping_keeps_words_whole_and_in_order(text: str, width: int) -> None:
    layout = layout_text(text, style(), width)
    assert layout.fits
    assert len(layout.lines) > 1
    assert all(line.width <= width for line in layout.lines)
    rebuilt = [logical_line(line) for line in layout.lines]
    # No line starts or ends with a space: wrapping happens at spaces, never inside a word.
    assert all(r == r.strip() and r for r in rebuilt)
    assert " ".join(rebuilt) == text
    # The same as a multiset, independent of how the pieces are ordered.
    words = Counter(text.split())
    assert sum((Counter(r.split()) for r in rebuilt), Counter()) == words


@pytest.mark.parametrize("text", [EN_STORY, AR_STORY], ids=["en", "ar"])
def test_wrapped_text_is_drawn_inside_its_box(text: str) -> None:
    layout = layout_text(text, style(), 500)
    box, _ = ink_box(layout, margin=60)
    assert box is not None
    assert box[0] >= 60 - 4 and box[2] <= 60 + 500 + 4


def test_a_word_longer_than_the_box_does_not_fit_and_is_not_split() -> None:
    word = "Supercalifragilisticexpialidocious"
    layout = layout_text(f"a {word} b", style(), 200)
    assert not layout.fits
    assert [logical_line(line) for line in layout.lines] == ["a", word, "b"]


def test_max_lines_overflow() -> None:
    assert not layout_text(EN_STORY, style(max_lines=2), 500).fits


# --- shrink to fit ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [EN_STORY, AR_STORY], ids=["en", "ar"])
def test_fit_text_picks_the_largest_size_that_fits(text: str) -> None:
    st = style(size=72, min_size=12)
    width, height = 600, 320
    layout = fit_text(text, st, width, height)
    assert layout.fits and layout.height <= height
    assert st.min_size <= layout.size < st.size
    bigger = layout_text(text, st, width, layout.size + 1)
    assert not bigger.fits or bigger.height > height


def test_fit_text_keeps_the_preferred_size_when_it_fits() -> None:
    layout = fit_text("قصص المجتمع", style(size=60), 800, 200)
    assert layout.size == 60 and layout.fits


@pytest.mark.parametrize("text", [EN_STORY, AR_STORY], ids=["en", "ar"])
def test_fit_text_reports_overflow_at_the_minimum_size(text: str) -> None:
    """Overflow is reported, never clipped: every word is still in the layout."""
    st = style(size=60, min_size=36)
    layout = fit_text(text, st, 500, 150)
    assert layout.size == st.min_size
    assert not layout.fits
    assert " ".join(logical_line(line) for line in layout.lines) == text


def test_fit_text_single_long_word_overflows() -> None:
    layout = fit_text("Supercalifragilisticexpialidocious", style(size=48, min_size=40), 300)
    assert layout.size == 40 and not layout.fits


# --- line height ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [24, 48, 96])
def test_arabic_needs_more_line_height_than_latin(size: int) -> None:
    arabic = layout_text("قصص المجتمع", style(), 2000, size)
    latin = layout_text("Community Stories", style(), 2000, size)
    assert arabic.advance > latin.advance
    assert arabic.height > latin.height


def test_wrapped_arabic_lines_with_harakat_do_not_touch() -> None:
    text = " ".join(["قِصَصُ المُجْتَمَعِ"] * 4)
    layout = layout_text(text, style(size=48), 330)
    assert len(layout.lines) >= 3
    image = Image.new("RGB", (450, layout.height + 120), "white")
    draw_text(image, layout, 60, 60)
    gray = ImageOps.invert(image.convert("L"))
    rows = [any(gray.getpixel((x, y)) > 32 for x in range(gray.width)) for y in range(gray.height)]
    # Count the blank bands between inked bands that are at least a few pixels high.
    bands, blank, seen_ink = 0, 0, False
    for inked in rows:
        if inked:
            if seen_ink and blank >= 4:
                bands += 1
            seen_ink, blank = True, 0
        else:
            blank += 1
    assert bands >= len(layout.lines) - 1


# --- alignment -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "align", "side"),
    [
        ("قصص المجتمع", "start", "right"),
        ("قصص المجتمع", "end", "left"),
        ("قصص المجتمع", "center", "center"),
        ("Community Stories", "start", "left"),
        ("Community Stories", "end", "right"),
        ("Community Stories", "center", "center"),
        ("انضموا إلى Cairo Runners", "start", "right"),  # direction from the first letter
        ("Join ليبان تروك", "start", "left"),
    ],
)
def test_alignment_follows_paragraph_direction(text: str, align: str, side: str) -> None:
    margin, width = 60, 700
    layout = layout_text(text, style(align=align), width)
    box, _ = ink_box(layout, margin)
    assert box is not None
    left, right = box[0] - margin, margin + width - box[2]
    tolerance = 8  # side bearings of the first/last glyph
    if side == "left":
        assert left <= tolerance and right > 100
    elif side == "right":
        assert right <= tolerance and left > 100
    else:
        assert abs(left - right) <= tolerance


# --- shaping: ligatures, harakat, tatweel ------------------------------------------------


def test_lam_alef_ligature_is_narrower_than_separate_letters() -> None:
    st = style(size=64)
    joined = layout_text("لا", st, 1000).width
    separate = layout_text("ل", st, 1000).width + layout_text("ا", st, 1000).width
    assert joined < separate * 0.8
    # A zero-width non-joiner forbids the ligature: the same two letters get wider.
    assert layout_text("ل\u200cا", st, 1000).width > joined * 1.2


def test_joined_word_is_narrower_than_its_isolated_letters() -> None:
    st = style(size=64)
    word = "المجتمع"
    isolated = sum(layout_text(c, st, 1000).width for c in word)
    assert layout_text(word, st, 1000).width < isolated


def test_tatweel_survives() -> None:
    st = style(size=64)
    plain = layout_text("جميل", st, 1000)
    stretched = layout_text("جـــميل", st, 1000)
    assert stretched.width > plain.width + 20
    assert ink_box(stretched)[0][2] - ink_box(stretched)[0][0] > ink_box(plain)[0][2] - ink_box(plain)[0][0]


def test_harakat_survive() -> None:
    """Marks add ink above and below without changing the advance of the word."""
    st = style(size=64)
    bare = layout_text("محمد رسول", st, 1000)
    marked = layout_text("مُحَمَّد رَسُول", st, 1000)
    (bare_box, bare_ink), (marked_box, marked_ink) = ink_box(bare), ink_box(marked)
    assert marked_ink > bare_ink * 1.08
    assert marked_box[1] < bare_box[1]  # fatha/shadda reach higher
    assert abs(marked.width - bare.width) < 2


# --- raqm, and the fallback where it is missing ----------------------------------------


SENTENCE = "انضموا إلى Cairo Runners كل جمعة"


def _has_presentation_forms(text: str) -> bool:
    return any(ord(c) in PRESENTATION_FORMS for c in text)


def test_with_raqm_pieces_stay_logical_and_unshaped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never both: with raqm the reshaper must not run, or the text is shaped twice."""
    if not text_mod.has_raqm():
        pytest.skip("Pillow without raqm")
    import arabic_reshaper

    def boom(*args: Any, **kw: Any) -> str:
        raise AssertionError("arabic_reshaper used although raqm is available")

    monkeypatch.setattr(arabic_reshaper, "reshape", boom)
    text_mod._measure.cache_clear()
    layout = layout_text(SENTENCE, style(size=48), 2000)
    assert not layout.basic
    pieces = [p for line in layout.lines for p in line.pieces]
    assert all(p.text in SENTENCE for p in pieces)
    assert not any(_has_presentation_forms(p.text) for p in pieces)
    assert logical_line(layout.lines[0]) == SENTENCE
    box, ink = ink_box(layout)
    assert box is not None and ink > 1000


def test_without_raqm_reshaper_fallback_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    raqm = layout_text(SENTENCE, style(size=48), 2000)
    raqm_box, _ = ink_box(raqm)

    monkeypatch.setattr(text_mod, "has_raqm", lambda: False)
    layout = layout_text(SENTENCE, style(size=48), 2000)
    assert layout.basic
    pieces = [p for line in layout.lines for p in line.pieces]
    # Pieces keep logical text; shaping happens only when measuring and drawing.
    assert logical_line(layout.lines[0]) == SENTENCE
    shown = [text_mod._basic_visual(p.text, p.rtl) for p in pieces]
    assert any(_has_presentation_forms(s) for s in shown)
    for piece, visual in zip(pieces, shown, strict=True):
        if not piece.rtl:
            assert visual == piece.text  # Latin runs untouched
    box, ink = ink_box(layout)
    assert box is not None and ink > 1000
    # Same fonts, same words: the fallback covers about the same stretch as raqm.
    assert abs((box[2] - box[0]) - (raqm_box[2] - raqm_box[0])) < 0.05 * (raqm_box[2] - raqm_box[0])
    assert abs(box[2] - raqm_box[2]) <= 4  # still right-aligned ("start" in an Arabic line)


def test_basic_visual_reverses_and_reshapes_rtl_runs_only() -> None:
    shaped = text_mod._basic_visual("لا", True)
    assert len(shaped) == 1 and ord(shaped) in PRESENTATION_FORMS  # one lam-alef ligature
    assert text_mod._basic_visual("Cairo", False) == "Cairo"


def test_example_campaign_text_lays_out(example_path: Path) -> None:
    """Every person's Arabic and English quote lays out without missing glyphs."""
    data = json.loads(example_path.read_text(encoding="utf-8"))
    for person in data["people"]:
        for lang in ("ar", "en"):
            layout = fit_text(person["quote"][lang], style(size=48, min_size=20), 900, 400)
            assert layout.fits
            assert layout.rtl == (lang == "ar")


# A caption broken into two lines inside one Arabic sentence; the second line starts with a
# Latin name. Each "\n" line is its own paragraph to the bidi algorithm, so with "auto" the
# second line takes the Latin name's direction and reads backwards in Arabic.
BROKEN_SENTENCE = "بدأ إبراهيم صفوت مجموعة\nCairo Runners ليجتمع"


def _second_line_order(direction: str) -> tuple[bool, float, float]:
    layout = layout_text(BROKEN_SENTENCE, TextStyle(size=40, direction=direction), 2000)
    line = layout.lines[1]
    latin = next(p for p in line.pieces if "Cairo" in p.text)
    arabic = next(p for p in line.pieces if "ليجتمع" in p.text)
    return line.rtl, latin.x, arabic.x


def test_rtl_direction_keeps_a_broken_arabic_sentence_right_to_left() -> None:
    """With the direction fixed (as captions set it), the Latin name that starts the second
    line in logical order sits at its right end, and the Arabic word after it to its left."""
    rtl, latin_x, arabic_x = _second_line_order("rtl")
    assert rtl and latin_x > arabic_x


def test_auto_direction_follows_each_lines_first_strong_character() -> None:
    """The contrast that makes captions set a direction: left to 'auto', the same line is
    laid out left to right."""
    rtl, latin_x, arabic_x = _second_line_order("auto")
    assert not rtl and latin_x < arabic_x


# --- explicit bidi controls -------------------------------------------------------------------

HALA_LINE = f"{isolate('Hala Dahrouge' + chr(0x202E))} · {isolate('LibanTroc')}, {isolate('Lebanon')}"


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"])
def test_controls_are_laid_out_but_never_shaped(control: str) -> None:
    """Pieces (what raqm shapes) hold no explicit control: FriBiDi inside raqm would apply
    one again to the rest of its run. The line measures as the same line without it."""
    text = f"{isolate('Hala' + control)} · {isolate('LibanTroc')}"
    layout = layout_text(text, style(), 2000)
    plain = layout_text("Hala · LibanTroc", style(), 2000)
    drawn = [p.text for line in layout.lines for p in line.pieces]
    assert not any(set(t) & BIDI_CONTROLS for t in drawn), drawn
    assert "".join(drawn) == "Hala · LibanTroc"
    assert layout.width == pytest.approx(plain.width)


def test_an_unclosed_rlo_in_a_name_draws_the_line_as_typed() -> None:
    """The card line "name · group, country" with an RLO left open at the end of the name
    draws exactly as the line without it (before, " · LibanTroc, Lebanon" came out reversed)."""
    clean = f"{isolate('Hala Dahrouge')} · {isolate('LibanTroc')}, {isolate('Lebanon')}"
    images = []
    for text in (HALA_LINE, clean):
        layout = layout_text(text, style(), 1200)
        image = Image.new("RGB", (1200, layout.height), "white")
        draw_text(image, layout, 0, 0)
        images.append(np.asarray(image))
    assert np.array_equal(images[0], images[1])


@pytest.mark.ocr
def test_an_unclosed_rlo_in_a_name_reads_back_in_order() -> None:
    """Tesseract reads the line with the RLO as typed; the same string handed whole to raqm
    (what the engine did before) reads reversed after the name (the negative control)."""
    try:
        from tests import ocr
    except ImportError:  # tests/ is on sys.path instead of the repository root
        import ocr  # type: ignore[no-redef]

    if reason := ocr.missing():
        pytest.skip(reason)
    expected = "Hala Dahrouge · LibanTroc, Lebanon"
    score, read = ocr.best_read(ocr.render_line(HALA_LINE), expected)
    assert score >= 0.9, read
    raw = Image.new("RGB", (1400, 140), "white")
    face = text_mod.load_font(assign_fonts("H", stack(False))[0], 56, False)
    ImageDraw.Draw(raw).text((40, 30), "Hala Dahrouge\u202e · LibanTroc, Lebanon", font=face, fill="black")
    wrong, read_wrong = ocr.best_read(raw, expected)
    assert wrong < score - 0.2, (read, read_wrong)


# --- characters the shaper ignores ------------------------------------------------------


# (character, whether it needs a glyph): a default-ignorable character the shaper draws as
# nothing needs none (an emoji's variation selector, joiners, word joiner, soft hyphen, tags);
# one it draws (a Hangul filler, a keycap mark) still does.
IGNORABLES = [
    ("\ufe0f", False),  # VARIATION SELECTOR-16 (emoji presentation)
    ("\ufe0e", False),  # VARIATION SELECTOR-15 (text presentation)
    ("\U000e0101", False),  # VARIATION SELECTOR-18
    ("\u200d", False),  # ZERO WIDTH JOINER
    ("\u200c", False),  # ZERO WIDTH NON-JOINER
    ("\u2060", False),  # WORD JOINER
    ("\u00ad", False),  # SOFT HYPHEN
    ("\u034f", False),  # COMBINING GRAPHEME JOINER
    ("\u180b", False),  # MONGOLIAN FREE VARIATION SELECTOR ONE
    ("\U000e0041", False),  # TAG LATIN CAPITAL LETTER A
    ("\u3164", True),  # HANGUL FILLER: drawn as a wide blank glyph, not ignored
    ("\U0001bca0", True),  # SHORTHAND FORMAT LETTER OVERLAP: drawn
    ("\u20e3", True),  # COMBINING ENCLOSING KEYCAP: not ignorable
]


@pytest.mark.parametrize(("char", "needs_glyph"), IGNORABLES, ids=[f"U+{ord(c):04X}" for c, _ in IGNORABLES])
@pytest.mark.parametrize("rtl", [False, True])
def test_a_character_the_shaper_ignores_needs_no_glyph(char: str, needs_glyph: bool, rtl: bool) -> None:
    assert stack(rtl).missing(f"قصص A{char}B stories") == ([char] if needs_glyph else [])


@pytest.mark.parametrize("char", [c for c, needs in IGNORABLES if not needs])
def test_an_ignored_character_draws_nothing(char: str) -> None:
    """What the check lets through is really drawn without a box: the same pixels as the
    text without it (raqm), and left out of the basic layout's text where raqm is missing."""

    def drawn(text: str) -> np.ndarray:
        layout = layout_text(text, style(), 800)
        image = Image.new("RGBA", (800, 120), (255, 255, 255, 255))
        draw_text(image, layout, 10, 10)
        return np.asarray(image)

    assert (drawn(f"Heart{char} ok") == drawn("Heart ok")).all()
    assert text_mod._basic_visual(f"Heart{char} ok", False) == "Heart ok"
    arabic = text_mod._basic_visual(f"قلب{char} نعم", True)
    assert char not in arabic
    if char not in "\u200c\u200d":  # a joiner changes the letters' forms: that is its job
        assert arabic == text_mod._basic_visual("قلب نعم", True)


def test_an_emoji_variation_selector_is_no_glyph_problem(example_data: dict[str, Any]) -> None:
    example_data["people"][0]["quote"]["en"] = "Together\u2060 we stand\ufe0e"
    example_data["people"][2]["quote"]["ar"] = "كل منتج\u200d يحكي قصة\ufe0f"
    assert glyph_problems(Campaign.model_validate(example_data)) == []
