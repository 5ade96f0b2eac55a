"""Scripts beyond Arabic and Latin: Devanagari (Hindi) and Hebrew from their bundled Noto faces,
and Latin with the accents of French and other European languages from Noto Sans.

Each is drawn on a real quote card (the English slot holding the text) and read back by
tesseract with the script's own data (``hin``, ``heb``; ``fra`` where installed, else ``eng``).
The measure is the character error rate: the edit distance between what tesseract read and
what was typed (NFC, spaces left out, matras and points kept: they are what shaping places),
divided by the typed length. Thresholds and what Debian's tesseract 5.3 read when they were set:

- Hindi ``hin``: CER <= 0.05 (measured 0.000). The same line drawn without shaping (Pillow's
  basic layout: the i-matra after its consonant) reads at 0.091, so the check can fail.
- Hebrew ``heb``: CER <= 0.05 (measured 0.000). Drawn in the wrong order it reads at 0.769.
- French: CER <= 0.10 (measured 0.053 with ``eng``, which reads ``ç`` as ``¢``).
"""

from __future__ import annotations

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
from tests.conftest import EXAMPLE_DIR, make_media, write_project

try:
    from tests import ocr
except ImportError:  # tests/ is on sys.path instead of the repository root
    import ocr  # type: ignore[no-redef]

HINDI = "हम साथ मिलकर बदलाव लाते हैं"
HEBREW = "יחד אנחנו חזקים"
FRENCH = "Ensemble, nous créons l’avenir : « ça compte »"
ACCENTS = "é è ê ç œ « » ’ ŷ ą ł ő"

DEVANAGARI_FACE, HEBREW_FACE = "NotoSansDevanagari", "NotoSansHebrew"
CER_SCRIPT = 0.05  # Hindi and Hebrew
CER_FRENCH = 0.10


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
    return root, data


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
