"""Scripts beyond Arabic and Latin: Devanagari (Hindi) and Hebrew from their bundled Noto faces,
Urdu in Nastaliq (Noto Nastaliq Urdu, chosen by the text's language), and Latin with the
accents of French and other European languages from Noto Sans.

Each is drawn on a real quote card (the English slot holding the text) and read back by
tesseract with the script's own data (``hin``, ``heb``; ``fra`` where installed, else ``eng``).
The measure is the character error rate: the edit distance between what tesseract read and
what was typed (NFC, spaces left out, matras and points kept: they are what shaping places),
divided by the typed length. Thresholds and what Debian's tesseract 5.3 read when they were set:

- Hindi ``hin``: CER <= 0.05 (measured 0.000). The same line drawn without shaping (Pillow's
  basic layout: the i-matra after its consonant) reads at 0.091, so the check can fail.
- Hebrew ``heb``: CER <= 0.05 (measured 0.000). Drawn in the wrong order it reads at 0.769.
- French: CER <= 0.10 (measured 0.053 with ``eng``, which reads ``ç`` as ``¢``; 0.026 with
  ``fra``, on the card and drawn by the text engine with ``lang="fr"``: ``’`` read as ``'``).
- Urdu in Nastaliq, ``urd``: CER <= 0.30 (measured 0.178 for a three-line paragraph at 64 px,
  0.121 to 0.211 for single lines). Tesseract's ``urd`` model reads Naskh far better than
  Nastaliq (0.000 for the same lines in Naskh): it drops or merges letters of the diagonal
  stacks (بچوں read as چو ں). The same paragraph drawn unshaped (isolated letters, left to
  right) reads at 0.87 or worse, so the limit still tells a right drawing from a wrong one.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps

import takatof.render.fonts as fonts_mod
import takatof.render.text as text_mod
from takatof.cli import main
from takatof.model import Campaign
from takatof.model.project import load_project
from takatof.render.cards import CardJob, render_card
from takatof.render.checks import glyph_problems
from takatof.render.fonts import family_stack, fonts_dir
from takatof.render.text import assign_fonts, layout_text, line_height_factor, run_language
from takatof.templates.layers import TextStyle
from tests.conftest import EXAMPLE_DIR, make_media, prune_plan, write_project

try:
    from tests import ocr
except ImportError:  # tests/ is on sys.path instead of the repository root
    import ocr  # type: ignore[no-redef]

HINDI = "हम साथ मिलकर बदलाव लाते हैं"
URDU = "ہم مل کر تبدیلی لاتے ہیں۔ پاکستان میں بچوں کی صحت ہماری ذمہ داری ہے۔ ہر بچے کو تعلیم کا حق ہے۔"
# Letters stacked high up Nastaliq's diagonal (سیکھنے to 1.85 em, یکجہتی to 2.2 em in the
# regular weight and 2.6 in the bold: past the face's declared 1.904) and deep tails (ے, ی).
URDU_TALL = "سیکھنے کی خواہش ہر بچے کا حق ہے اور ہم مل کر یکجہتی سے تبدیلی لاتے ہیں"
HEBREW = "יחד אנחנו חזקים"
FRENCH = "Ensemble, nous créons l’avenir : « ça compte »"
ACCENTS = "é è ê ç œ « » ’ ŷ ą ł ő"

DEVANAGARI_FACE, HEBREW_FACE = "NotoSansDevanagari", "NotoSansHebrew"
NASTALIQ_FACE = "NotoNastaliqUrdu"
CER_SCRIPT = 0.05  # Hindi and Hebrew
CER_FRENCH = 0.10
CER_URDU = 0.30


def cer(read: str, typed: str) -> float:
    """Character error rate of ``read`` against ``typed``: Levenshtein distance over the
    typed length, both NFC without whitespace."""

    def clean(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFC", text) if not c.isspace())

    a, b = clean(read), clean(typed)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / len(b)


@pytest.mark.parametrize(
    ("read", "typed", "expected"),
    [
        ("abc", "abc", 0.0),
        ("a b c", "abc", 0.0),
        ("abd", "abc", 1 / 3),
        ("", "abcd", 1.0),
        ("xabc", "abc", 1 / 3),
    ],
)
def test_cer(read: str, typed: str, expected: float) -> None:
    assert cer(read, typed) == pytest.approx(expected)


# --- stacks and faces ----------------------------------------------------------------------


@pytest.mark.parametrize("family", ["sans", "naskh"])
@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("rtl", [False, True])
def test_every_stack_ends_with_the_devanagari_and_hebrew_faces(family: Any, bold: bool, rtl: bool) -> None:
    weight = "Bold" if bold else "Regular"
    stack = family_stack(family, bold, rtl_first=rtl)
    assert [p.name for p in stack.paths[2:]] == [
        f"{DEVANAGARI_FACE}-{weight}.ttf",
        f"{HEBREW_FACE}-{weight}.ttf",
    ]
    assert all(p.exists() for p in stack.paths)


@pytest.mark.parametrize(
    ("char", "face"),
    [
        ("ह", DEVANAGARI_FACE),
        ("ं", DEVANAGARI_FACE),  # anusvara, a mark
        ("।", DEVANAGARI_FACE),  # danda
        ("०", DEVANAGARI_FACE),  # Devanagari zero
        ("ש", HEBREW_FACE),
        ("ּ", HEBREW_FACE),  # dagesh
        ("ő", "NotoSans"),
        ("ب", None),  # the family's Arabic face
    ],
)
@pytest.mark.parametrize("family", ["sans", "naskh"])
def test_a_character_takes_its_scripts_face(char: str, face: str | None, family: Any) -> None:
    stack = family_stack(family, False, rtl_first=False)
    found = stack.first_covering(char)
    assert found is not None
    expected = face or stack.paths[1].stem.split("-")[0]
    assert found.stem.split("-")[0] == expected


def test_european_accents_are_all_in_noto_sans_and_draw_as_letters() -> None:
    """Each accented letter and French punctuation mark has its own glyph in Noto Sans (not a
    fallback face, not the empty box): drawn, it differs from the .notdef box and from its
    base letter."""
    stack = family_stack("sans", False, rtl_first=False)
    assert stack.missing(ACCENTS) == []
    fonts = assign_fonts(ACCENTS, stack)
    assert {f.stem for f in fonts} == {"NotoSans-Regular"}
    face = ImageFont.truetype(str(fonts_dir() / "NotoSans-Regular.ttf"), 64)

    def ink(text: str) -> bytes:
        image = Image.new("L", (120, 120), 0)
        ImageDraw.Draw(image).text((20, 90), text, font=face, fill=255, anchor="ls")
        return image.tobytes()

    notdef = ink("\U00013000")  # a hieroglyph: Noto Sans draws its .notdef box
    for char in ACCENTS.split():
        drawn = ink(char)
        assert drawn != notdef and any(drawn), char
        base = unicodedata.normalize("NFD", char)[0]
        if base != char:
            assert drawn != ink(base), char


@pytest.mark.parametrize(
    ("text", "language", "factor"),
    [
        ("Community Stories", "en", 1.3),
        ("Élève « ça »", "en", 1.3),
        ("قصص المجتمع", "ar", 1.75),
        (HINDI, "hi", 1.5),
        ("२०२४ ।", "hi", 1.3),  # digits and danda sit on the line
        (HEBREW, "he", 1.3),
        (f"{HINDI} قصص", "ar", 1.75),
    ],
)
def test_language_and_line_height_per_script(text: str, language: str, factor: float) -> None:
    assert run_language(text) == language
    assert line_height_factor(text) == factor


def test_hebrew_paragraph_is_right_to_left_with_latin_digits() -> None:
    """Hebrew opens a right-to-left paragraph (bidi class R); its digits take the Latin face
    that Noto's Hebrew matches rather than the Arabic face of an Arabic paragraph."""
    layout = layout_text(f"{HEBREW} 2024", TextStyle(size=40), 2000)
    (line,) = layout.lines
    assert line.rtl
    faces = [(p.text.strip(), p.font.stem, p.rtl) for p in line.pieces]  # left to right
    assert faces == [("2024", "NotoSans-Regular", False), (HEBREW, "NotoSansHebrew-Regular", True)]


def test_hindi_lines_do_not_touch() -> None:
    """Two lines of Hindi: the ink of the first line's lowest marks and the second line's
    highest matras keep a gap of white rows between them."""
    text = f"{HINDI} {HINDI}"
    style = TextStyle(size=48, color="#000000")
    layout = layout_text(text, style, 700)
    assert len(layout.lines) == 2 and layout.advance == pytest.approx(48 * 1.5)
    canvas = Image.new("RGB", (760, layout.height + 40), "white")
    text_mod.draw_text(canvas, layout, 30, 20)
    image = canvas.convert("L")
    rows = (np.asarray(image) < 128).any(axis=1).tolist()
    gaps = [i for i in range(1, len(rows) - 1) if not rows[i] and rows[i - 1]]
    first_ink = rows.index(True)
    assert any(g > first_ink for g in gaps)
    middle = 20 + round(layout.advance)
    assert not any(rows[middle - 3 : middle + 3])  # white rows around the line boundary


def test_text_without_these_scripts_never_reads_their_faces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Latin and Arabic text (with emoji too) never opens the Devanagari or Hebrew face with
    FreeType, and without emoji does not even read their cmaps; Hindi opens only its face."""
    read: list[Path] = []
    loaded: list[Path] = []
    real_cmap, real_load = fonts_mod._cmap, text_mod.load_font

    def cmap(path: Path) -> frozenset[int]:
        read.append(path)
        return real_cmap(path)

    def load(path: Path, size: int, basic: bool = False) -> ImageFont.FreeTypeFont:
        loaded.append(path)
        return real_load(path, size, basic)

    monkeypatch.setattr(fonts_mod, "_cmap", cmap)
    monkeypatch.setattr(text_mod, "load_font", load)
    text_mod._analyse.cache_clear()
    text_mod._measure.cache_clear()

    def stems(paths: list[Path]) -> set[str]:
        return {p.stem.split("-")[0] for p in paths}

    layout_text("Lazy script faces 1234 © — « é » نص عربي فريد جدا", TextStyle(size=33), 900)
    assert read and not stems(read) & {DEVANAGARI_FACE, HEBREW_FACE}
    layout_text("Lazy script faces \u2764\ufe0f \U0001f1ef\U0001f1f4", TextStyle(size=33), 900)
    assert not stems(loaded) & {DEVANAGARI_FACE, HEBREW_FACE}
    layout_text(f"Lazy {HINDI}", TextStyle(size=33), 900)
    assert DEVANAGARI_FACE in stems(loaded) and HEBREW_FACE not in stems(loaded)


# --- cards read back -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("scripts") / "project"
    shutil.copytree(EXAMPLE_DIR, root, ignore=shutil.ignore_patterns("*.bak"))
    data: dict[str, Any] = json.loads((root / "campaign.json").read_text(encoding="utf-8"))
    make_media(root, data)
    hala = next(p for p in data["people"] if p["id"] == "hala")
    data["people"] = [hala]
    data["spotlights"] = [s for s in data.get("spotlights", []) if s.get("person") in (None, "hala")]
    return root, prune_plan(data)


def quote_card(project: tuple[Path, dict[str, Any]], english_slot: str) -> tuple[Path, Image.Image]:
    root, data = project
    data = json.loads(json.dumps(data))
    data["people"][0]["quote"]["en"] = english_slot
    folder = root.parent / f"p{abs(hash(english_slot))}"
    if not folder.exists():
        shutil.copytree(root, folder)
    path = write_project(folder, data)
    card = render_card(load_project(path), CardJob("quote", "instagram-square", "hala"))
    assert card.problems == []
    return path, card.image


def ocr_lang(script: str) -> str:
    reason = ocr.missing()
    if reason:
        pytest.skip(reason)
    import pytesseract

    langs = set(pytesseract.get_languages(config=""))
    if script == "fra":
        return "fra" if "fra" in langs else "eng"
    if script not in langs:
        pytest.skip(f"tesseract lacks language data: {script}")
    return script


def best_line_cer(image: Image.Image, typed: str, lang: str) -> tuple[float, str]:
    """Tesseract reads the whole card (light text on a dark ground, so inverted); the line
    nearest the typed text is the one compared (the card's other lines are Arabic and the
    name in Latin)."""
    import pytesseract

    grey = ImageOps.invert(image.convert("L"))
    best = (2.0, "")
    for psm in (6, 11):
        lines = pytesseract.image_to_string(grey, lang=lang, config=f"--psm {psm}").splitlines()
        best = min([best, *((cer(line, typed), line) for line in lines if line.strip())])
        if best[0] == 0:
            break
    return best


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("typed", "script", "limit"),
    [(HINDI, "hin", CER_SCRIPT), (HEBREW, "heb", CER_SCRIPT), (FRENCH, "fra", CER_FRENCH)],
    ids=["hindi", "hebrew", "french"],
)
def test_a_quote_card_in_the_script_reads_back(
    project: tuple[Path, dict[str, Any]], typed: str, script: str, limit: float
) -> None:
    lang = ocr_lang(script)
    _, image = quote_card(project, typed)
    score, line = best_line_cer(image, typed, lang)
    assert score <= limit, (score, line)


@pytest.mark.ocr
def test_the_readers_fail_wrong_drawings() -> None:
    """Negative controls for the thresholds: Hindi without shaping, Hebrew in reversed order."""
    for typed, script, face, layout, drawn in [
        (HINDI, "hin", "NotoSansDevanagari-Regular", ImageFont.Layout.BASIC, HINDI),
        (HEBREW, "heb", "NotoSansHebrew-Regular", ImageFont.Layout.RAQM, HEBREW[::-1]),
    ]:
        lang = ocr_lang(script)
        font = ImageFont.truetype(str(fonts_dir() / f"{face}.ttf"), 56, layout_engine=layout)
        image = Image.new("L", (1000, 140), 0)
        ImageDraw.Draw(image).text((40, 100), drawn, font=font, fill=255, anchor="ls")
        score, line = best_line_cer(image, typed, lang)
        assert score > CER_SCRIPT, (typed, score, line)


def test_validate_accepts_hindi_hebrew_and_french(
    project: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    root, data = project
    data = json.loads(json.dumps(data))
    person = data["people"][0]
    person["quote"]["en"] = HINDI
    person["story"]["en"] = f"{HEBREW} — {FRENCH} {ACCENTS}"
    folder = root.parent / "validate"
    shutil.copytree(root, folder)
    path = write_project(folder, data)
    assert glyph_problems(Campaign.model_validate(data)) == []
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "valid" in out


# --- Urdu in Nastaliq: a face chosen by the text's language -----------------------------------


def faces_of(text: str, style: TextStyle, width: int = 3000) -> list[tuple[str, str]]:
    """(text, face) of every piece of a layout, lines in order, pieces left to right."""
    layout = layout_text(text, style, width)
    return [(p.text, p.font.stem) for line in layout.lines for p in line.pieces]


@pytest.mark.parametrize("family", ["sans", "naskh"])
@pytest.mark.parametrize("bold", [False, True])
def test_urdu_is_drawn_in_nastaliq_and_the_same_letters_in_arabic_in_the_familys_face(
    family: Any, bold: bool
) -> None:
    """Urdu and Arabic share their letters: only the text's language tells which face draws
    them. ``lang="ur"`` takes Nastaliq; ``"ar"`` and no language take the family's own face."""
    weight = "Bold" if bold else "Regular"
    own = {"sans": "NotoSansArabic", "naskh": "NotoNaskhArabic"}[family]
    text = "ہم مل کر تبدیلی لاتے ہیں"
    assert {f for _, f in faces_of(text, TextStyle(family=family, bold=bold, lang="ur"))} == {
        f"{NASTALIQ_FACE}-{weight}"
    }
    for lang in ("ar", None):
        assert {f for _, f in faces_of(text, TextStyle(family=family, bold=bold, lang=lang))} == {
            f"{own}-{weight}"
        }


@pytest.mark.parametrize(
    ("lang", "has_nastaliq"),
    [
        ("ur", True),
        ("ur-PK", True),
        ("ur-IN", True),
        ("ur-Latn", False),
        ("ar", False),
        ("fa", False),
        ("en", False),
    ],
)
def test_the_nastaliq_face_comes_with_urdu_in_its_arabic_script_only(lang: str, has_nastaliq: bool) -> None:
    """Just before the family's Arabic face, which stays behind it for what Nastaliq lacks;
    Urdu written in Latin letters, and every other language, has the family's stack alone."""
    for rtl in (False, True):
        plain = family_stack("naskh", False, rtl_first=rtl)
        stack = family_stack("naskh", False, rtl_first=rtl, lang=lang)
        names = [p.name for p in stack.paths]
        if not has_nastaliq:
            assert stack == plain
            continue
        at = names.index(f"{NASTALIQ_FACE}-Regular.ttf")
        assert names[at + 1] == "NotoNaskhArabic-Regular.ttf"
        assert [n for n in names if not n.startswith(NASTALIQ_FACE)] == [p.name for p in plain.paths]


def test_latin_words_and_hashtags_in_urdu_take_the_latin_face() -> None:
    """Nastaliq has digits and some punctuation but no Latin letters, ``#`` or ``_``: those fall
    back along the stack, the Urdu around them stays Nastaliq."""
    pieces = faces_of("یونیسف UNICEF کے ساتھ #ہم_ساتھ_ہیں", TextStyle(lang="ur"))
    by_face = {text.strip(): face for text, face in pieces}
    assert by_face["UNICEF"] == "NotoSans-Regular"
    urdu = [text for text, face in pieces if face == f"{NASTALIQ_FACE}-Regular"]
    assert any("یونیسف" in text for text in urdu) and any("ساتھ" in text for text in urdu)
    assert all(face != "NotoSansArabic-Regular" for _, face in pieces)


def test_raqm_is_told_the_texts_language_for_the_runs_of_its_script() -> None:
    """Runs of the language's script are shaped as that language, the others as their
    script implies; and it shows: Romanian ``ţ`` and Marathi's forms are drawn differently
    from English and Hindi (Noto's ``locl`` for ROM and MAR), while no language and English
    draw alike."""
    layout = layout_text("یونیسف UNICEF ۲۰۲۴", TextStyle(size=40, lang="ur"), 3000)
    assert {(p.text.strip(), p.language) for p in layout.lines[0].pieces} == {
        ("یونیسف", "ur"),
        ("UNICEF", "en"),
        ("۲۰۲۴", "ur"),
    }
    assert run_language("ہم", "ur") == "ur" and run_language("UNICEF", "ur") == "en"
    assert run_language("Bonjour", "fr") == "fr" and run_language("नमस्ते", "fr") == "hi"
    assert run_language("नमस्ते", "mr") == "mr" and run_language("نص", "not a code") == "ar"

    def drawn(text: str, lang: str | None) -> bytes:
        layout = layout_text(text, TextStyle(size=60, color="#000000", lang=lang), 900)
        image = Image.new("RGB", (1000, layout.height + 40), "white")
        text_mod.draw_text(image, layout, 20, 20)
        return image.tobytes()

    for text, lang, default in [
        ("ţară şi", "ro", "en"),
        ("अशा लोकांना झ", "mr", "hi"),
        ("бабушка", "sr", "ru"),
    ]:
        assert drawn(text, lang) != drawn(text, default), lang
        assert drawn(text, default) == drawn(text, None), default


@pytest.mark.parametrize(
    "text",
    [
        "قصص المجتمع #التكاتف_قوّة",
        "بدأ إبراهيم صفوت مجموعة Cairo Runners عام 2019، وتضم ٨٥٬٠٠٠ عضو",
        "Community Stories MENA #CommunityStoriesMENA @LibanTroc 85,000 — « é »",
        "لا إله ﷲ",
    ],
)
def test_arabic_and_english_draw_the_same_with_their_language_as_without(text: str) -> None:
    """Templates now tell the engine each text's language; Arabic and English text must come
    out byte for byte as before (the example's golden cards depend on it)."""
    lang = "ar" if text_mod.has_arabic_letters(text) else "en"

    def drawn(lang: str | None) -> tuple[bytes, float, float]:
        layout = layout_text(text, TextStyle(size=44, color="#000000", lang=lang), 700)
        image = Image.new("RGB", (760, layout.height + 40), "white")
        text_mod.draw_text(image, layout, 30, 20)
        return image.tobytes(), layout.width, layout.advance

    assert drawn(lang) == drawn(None)


def line_inks(layout: text_mod.TextLayout, top: int) -> list[tuple[int, int]]:
    """The first and last rows holding ink of each line of ``layout`` drawn alone (the others
    emptied, so each keeps its place), black on white with the block's top at ``top``."""
    spans = []
    for i in range(len(layout.lines)):
        lines = tuple(
            line if j == i else text_mod.Line((), 0.0, line.rtl) for j, line in enumerate(layout.lines)
        )
        alone = dataclasses.replace(layout, lines=lines)
        canvas = Image.new("RGB", (layout.box_width + 80, layout.height + 2 * top), "white")
        text_mod.draw_text(canvas, alone, 40, top)
        rows = np.flatnonzero((np.asarray(canvas.convert("L")) < 200).any(axis=1))
        spans.append((int(rows[0]), int(rows[-1])))
    return spans


@pytest.mark.parametrize("bold", [False, True])
def test_nastaliq_lines_never_collide_nor_leave_their_box(bold: bool) -> None:
    """Nastaliq stacks its letters up a diagonal, past the face's declared ascent in a long
    word, and hangs tails 0.6 em down: its lines take at least the face's own 2.5 em, more
    where the ink needs it, and each line's ink stays inside its own line box, so no line
    touches the next and the first never reaches above the text's box (where the text above
    it in a stack is drawn)."""
    style = TextStyle(size=48, color="#000000", lang="ur", bold=bold)
    layout = layout_text(URDU_TALL, style, 420)
    assert len(layout.lines) >= 3
    assert layout.advance > 48 * 2.5  # یکجہتی climbs higher than the face declares
    assert layout.height == round(layout.advance * len(layout.lines))
    # Words of ordinary height keep close to the face's own 2.5 em (its declared 1.904 + 0.596).
    assert 48 * 2.5 <= layout_text("ہم مل کر", style, 420).advance <= 48 * 2.7
    top = 100
    for i, (first, last) in enumerate(line_inks(layout, top)):
        assert top + i * layout.advance <= first and last < top + (i + 1) * layout.advance, (i, first, last)
    # The same letters in Arabic's face keep Arabic's line height.
    assert layout_text(URDU_TALL, replace_lang(style, "ar"), 420).advance == pytest.approx(48 * 1.75)


def replace_lang(style: TextStyle, lang: str | None) -> TextStyle:
    return dataclasses.replace(style, lang=lang)


def test_the_nastaliq_face_is_read_only_for_urdu(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lazy as the other script faces: Arabic, English and Hindi text never read Nastaliq's
    cmap nor open it; Urdu does."""
    read: list[Path] = []
    real_cmap = fonts_mod._cmap

    def cmap(path: Path) -> frozenset[int]:
        read.append(path)
        return real_cmap(path)

    monkeypatch.setattr(fonts_mod, "_cmap", cmap)
    text_mod._analyse.cache_clear()
    for text, lang in [
        ("نص عربي فريد تماما", "ar"),
        ("Unique English", "en"),
        (HINDI, "hi"),
        ("نص آخر", None),
    ]:
        layout_text(text, TextStyle(size=31, lang=lang), 900)
    assert read and not any(p.stem.startswith(NASTALIQ_FACE) for p in read)
    layout_text("اردو کا منفرد متن", TextStyle(size=31, lang="ur"), 900)
    assert any(p.stem.startswith(NASTALIQ_FACE) for p in read)


def engine_image(text: str, lang: str, size: int = 64, width: int = 1000) -> Image.Image:
    """``text`` laid out and drawn by the text engine with its language, black on white."""
    layout = layout_text(text, TextStyle(size=size, color="#000000", lang=lang), width)
    image = Image.new("RGB", (width + 100, layout.height + 100), "white")
    text_mod.draw_text(image, layout, 50, 50)
    return image


def engine_cer(image: Image.Image, typed: str, lang: str) -> tuple[float, str]:
    import pytesseract

    read = pytesseract.image_to_string(image.convert("L"), lang=lang, config="--psm 6")
    return cer(read, typed), read


@pytest.mark.ocr
def test_urdu_in_nastaliq_reads_back() -> None:
    """A three-line Urdu paragraph drawn in Nastaliq by the engine (``lang="ur"``), read by
    tesseract's ``urd``; and the same paragraph unshaped (Pillow's basic layout: isolated
    letters, left to right) is read far worse, so the limit can fail."""
    lang = ocr_lang("urd")
    image = engine_image(URDU, "ur")
    score, read = engine_cer(image, URDU, lang)
    assert score <= CER_URDU, (score, read)

    font = ImageFont.truetype(
        str(fonts_dir() / f"{NASTALIQ_FACE}-Regular.ttf"), 64, layout_engine=ImageFont.Layout.BASIC
    )
    wrong = Image.new("RGB", (3000, 200), "white")
    typed = URDU[:40]
    ImageDraw.Draw(wrong).text((40, 140), typed, font=font, fill="black", anchor="ls")
    bad, read = engine_cer(wrong, typed, lang)
    assert bad > 2 * CER_URDU, (bad, read)


@pytest.mark.ocr
def test_french_drawn_with_its_language_reads_back() -> None:
    lang = ocr_lang("fra")
    score, read = engine_cer(engine_image(FRENCH, "fr", size=48, width=1400), FRENCH, lang)
    assert score <= CER_FRENCH, (score, read)
