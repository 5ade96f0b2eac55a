"""Tesseract reads rendered text back: an independent reader confirming that Arabic letters
are joined and that runs are drawn in the right order (DESIGN.md, "Text: Arabic and English
done right").

Thresholds were calibrated on Debian's tesseract 5.3 with its ``ara``/``eng`` data: correct
renderings of the lines below score 0.93-1.00 (similarity of normalised text), the same
strings drawn with their characters reversed 0.13-0.37 with the same reader. The ``ara``
model cannot read Arabic-Indic digits (٨٥٬٠٠٠ comes back as "10", "86" or nothing), so that
line is checked on its word and a lower score (0.62 seen).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops

try:
    from tests import ocr
except ImportError:  # tests/ is on sys.path instead of the repository root
    import ocr  # type: ignore[no-redef]

pytestmark = pytest.mark.ocr

_reason = ocr.missing()
if _reason:
    pytest.skip(_reason, allow_module_level=True)

import takatof.render.text as text_mod  # noqa: E402

THRESHOLD = 0.8
SIZES = (56, 48)  # ~64 px type; tesseract's line finder is size-sensitive, so two tries


def read_rendered(text: str, drawn: str | None = None, enough: float = THRESHOLD) -> tuple[float, str]:
    """Render ``drawn`` (default: ``text``) and read it back; the best similarity to
    ``text`` over the sizes and page-segmentation modes, stopping once ``enough``."""
    best = (-1.0, "")
    for size in SIZES:
        best = max(best, ocr.best_read(ocr.render_line(drawn or text, size), text, enough=enough))
        if best[0] >= enough:
            break
    return best


@pytest.mark.parametrize(
    "text",
    [
        "قصص المجتمع",
        "هالة دحروج · ليبان تروك",
        "تضم المجموعة 85,000 عضو",
        "انضموا إلى Cairo Runners كل جمعة",
        "Community Stories MENA",
        "85,000 members of LibanTroc",
        "حين نتبادل ما لا نحتاجه، نكتشف كم نحتاج بعضنا.",
    ],
)
def test_rendered_line_reads_back(text: str) -> None:
    score, read = read_rendered(text)
    assert score >= THRESHOLD, f"read {read!r} for {text!r} (similarity {score:.2f})"


def test_arabic_indic_digits_line_reads_back() -> None:
    """Tesseract's Arabic model misreads Arabic-Indic digits, so only the word is sure: it
    must be read joined and after the number in logical order (the number drawn at the
    right of an RTL line)."""
    text = "٨٥٬٠٠٠ عضو"
    score, read = read_rendered(text, enough=1.01)
    assert ocr.normalise(read).endswith("عضو"), read
    assert score >= 0.4, f"read {read!r} (similarity {score:.2f})"


def test_hashtags_read_back_with_hash_in_place() -> None:
    """'#' read first in logical order: left of the Latin tag, right of the Arabic one."""
    text = "Join #CommunityStoriesMENA #التكاتف_قوّة"
    _, read = read_rendered(text, enough=0.95)
    flat = re.sub("[\u200e\u200f\u064b-\u065f]", "", read)
    assert "#CommunityStoriesMENA" in flat
    assert "#التكاتف" in flat


@pytest.mark.parametrize(
    "text",
    ["قصص المجتمع", "تضم المجموعة 85,000 عضو", "انضموا إلى Cairo Runners كل جمعة"],
)
def test_negative_control_reversed_text_reads_wrong(text: str) -> None:
    """The check can fail: the same characters in reversed logical order are drawn (and
    read) as nonsense, scoring far below the correct rendering with the same reader."""
    good, _ = read_rendered(text)
    bad, read = read_rendered(text, drawn=text[::-1], enough=1.01)
    assert bad < 0.5, f"reversed rendering read as {read!r} ({bad:.2f})"
    assert good - bad >= 0.4


@pytest.mark.parametrize("text", ["قصص المجتمع", "انضموا إلى Cairo Runners كل جمعة"])
def test_fallback_without_raqm_reads_back(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """arabic-reshaper + python-bidi where raqm is missing: still joined, still in order."""
    monkeypatch.setattr(text_mod, "has_raqm", lambda: False)
    score, read = read_rendered(text)
    assert score >= THRESHOLD, f"read {read!r} (similarity {score:.2f})"


# --- a real card ---------------------------------------------------------------------------

QUOTE_EN = "When we swap what we don't need, we discover how much we need each other."
QUOTE_AR = "حين نتبادل ما لا نحتاجه، نكتشف كم نحتاج بعضنا."


def _light_text_as_black(image: Image.Image, level: int = 150) -> Image.Image:
    """The quote card draws light text (white, amber) on a dark photo: keep pixels whose
    brightest channel is above ``level`` as black ink on white. Nothing is cropped."""
    r, g, b = image.convert("RGB").split()
    brightest = ImageChops.lighter(ImageChops.lighter(r, g), b)
    return brightest.point(lambda v: 0 if v > level else 255).convert("RGB")


def _in_order(expected: list[str], read: list[str]) -> list[str]:
    """The words of ``expected`` found in ``read`` in the same order (greedy)."""
    found, pos = [], 0
    for word in expected:
        if word in read[pos:]:
            pos = read.index(word, pos) + 1
            found.append(word)
    return found


def test_quote_card_reads_back(example_path: Path) -> None:
    """The whole pipeline (template, fit, bidi, fonts, raster) on the example's quote card."""
    from takatof.model import load_project
    from takatof.render.batch import project_names
    from takatof.render.cards import CardJob, render_card

    media = example_path.parent / "media"
    if not (media / "hala-1.jpg").exists():
        pytest.skip("example media missing: run examples/community-stories/make_media.py")
    project = load_project(example_path, project_names())
    card = render_card(project, CardJob("quote", "instagram-square", "hala"))
    assert card.problems == []
    read = ocr.read(_light_text_as_black(card.image), "ara+eng", 3)

    words = re.findall(r"[a-z']+", QUOTE_EN.lower())
    found = _in_order(words, re.findall(r"[a-z']+", read.lower()))
    assert len(found) >= 0.9 * len(words), f"English words read in order: {found} in {read!r}"

    # Tesseract drops some short Arabic lines at display sizes (the quote's second line
    # here), so "a good part", in logical order, is what an independent reader can confirm.
    arabic = [ocr.normalise(w) for w in QUOTE_AR.split()]
    got = _in_order(arabic, [ocr.normalise(w) for w in read.split()])
    assert len(got) >= 0.6 * len(arabic), f"Arabic words read in order: {got} in {read!r}"

    flat = re.sub("[\u200e\u200f]", "", read)
    assert "#CommunityStoriesMENA" in flat
    assert "#التكاتف" in flat  # '#' read first: drawn at the right end of the Arabic tag
    assert "هالة دحروج" in flat


# --- other scripts, drawn in their language's face -------------------------------------------

# (language, tesseract model, line, least similarity). Calibrated on Debian's tesseract 5.3
# data at the sizes above: French, Hindi and Hebrew read back at 1.00; Urdu, drawn in
# Nastaliq (its language's face), which the ``urd`` model reads less well, at 0.85-0.91. The
# same lines drawn reversed score 0.09-0.44.
SCRIPT_LINES = [
    ("fr", "fra", "Chaque objet fait main raconte l'histoire d'une femme", 0.9),
    ("fr", "fra", "Partagez l'histoire de votre communauté en Égypte", 0.9),
    ("hi", "hin", "हाथ से बनी हर चीज़ उस महिला की कहानी कहती है", 0.9),
    ("ur", "urd", "ہاتھ سے بنی ہر چیز ایک کہانی سناتی ہے", 0.7),
    ("he", "heb", "סיפורי הקהילה שלנו", 0.9),
]


def _render_in(text: str, lang: str, size: int, pad: int = 40, width: int = 2400) -> Image.Image:
    """``text`` drawn black on white with ``TextStyle.lang`` set (its language's face: Urdu in
    Nastaliq), cropped to its ink plus ``pad``."""
    from PIL import ImageOps

    from takatof.render.text import draw_text, fit_text
    from takatof.templates.layers import TextStyle

    style = TextStyle(family="sans", size=size, min_size=size, color="#000000", lang=lang)
    layout = fit_text(text, style, width)
    assert layout.fits, text
    image = Image.new("RGB", (width + 2 * pad, layout.height + 2 * pad), "white")
    draw_text(image, layout, pad, pad)
    box = ImageOps.invert(image.convert("L")).getbbox()
    assert box is not None
    return image.crop((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad))


def _has_model(model: str) -> bool:
    import pytesseract

    return model in set(pytesseract.get_languages(config=""))


@pytest.mark.parametrize(
    ("lang", "model", "text", "least"), SCRIPT_LINES, ids=[f"{r[0]}-{i}" for i, r in enumerate(SCRIPT_LINES)]
)
def test_a_line_in_another_script_reads_back(lang: str, model: str, text: str, least: float) -> None:
    if not _has_model(model):
        pytest.skip(f"tesseract lacks language data: {model}")
    best = (-1.0, "")
    for size in SIZES:
        best = max(best, ocr.best_read(_render_in(text, lang, size), text, model, enough=least))
        if best[0] >= least:
            break
    assert best[0] >= least, f"read {best[1]!r} for {text!r} (similarity {best[0]:.2f})"
    # The control: the same characters drawn in reverse order read far below.
    bad, read = ocr.best_read(_render_in(text[::-1], lang, SIZES[0]), text, model, enough=1.01)
    assert bad < least - 0.3, f"reversed line read as {read!r} ({bad:.2f})"
