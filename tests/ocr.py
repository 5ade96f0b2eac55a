"""Reading rendered text back with tesseract: an independent check of shaping and order.

Helpers only (no tests here). Tesseract 5 with Debian's ``ara`` and ``eng`` data returns text
in logical order, so a line drawn with its letters joined and its runs in the right visual
order reads back as the string that was laid out; a reversed or unjoined rendering does not.
"""

from __future__ import annotations

import difflib
import re
import shutil
import unicodedata
from collections.abc import Iterable

from PIL import Image, ImageOps

from takatof.render.text import draw_text, fit_text
from takatof.templates.layers import FamilyName, TextStyle

# Marks (harakat, Quranic signs, superscript alef) and tatweel: OCR drops or misreads them,
# and a shaping check is about letters.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        **{c: "ا" for c in "أإآٱ"},  # alef forms
        "ى": "ي",  # alef maksura / yeh: the dots under final yeh are often lost
        "ة": "ه",  # teh marbuta / heh: the same shape without the two dots
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended Arabic-Indic digits
    }
)


def missing() -> str | None:
    """Why OCR tests cannot run here, or None when they can."""
    if shutil.which("tesseract") is None:
        return "tesseract is not installed"
    try:
        import pytesseract
    except ImportError:
        return "pytesseract is not installed"
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as exc:  # a broken install reports itself here
        return f"tesseract does not run: {exc}"
    lacking = {"ara", "eng"} - langs
    return f"tesseract lacks language data: {', '.join(sorted(lacking))}" if lacking else None


def normalise(text: str) -> str:
    """Letters and digits only, in order: NFKC (presentation forms -> letters), no marks,
    tatweel, spaces, punctuation or direction marks; alef forms, yeh/maksura, teh
    marbuta/heh and digits unified; Latin lower-cased."""
    text = _MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_FOLD)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN").lower()


def similarity(read: str, expected: str) -> float:
    return difflib.SequenceMatcher(None, normalise(read), normalise(expected), autojunk=False).ratio()


def render_line(
    text: str, size: int = 56, family: FamilyName = "sans", pad: int = 40, width: int = 2400
) -> Image.Image:
    """``text`` drawn black on white with the real engine, cropped to its ink plus ``pad``
    pixels of white on every side (tesseract reads a line better without acres of blank)."""
    layout = fit_text(text, TextStyle(family=family, size=size, min_size=size, color="#000000"), width)
    assert layout.fits, text
    image = Image.new("RGB", (width + 2 * pad, layout.height + 2 * pad), "white")
    draw_text(image, layout, pad, pad)
    box = ImageOps.invert(image.convert("L")).getbbox()
    assert box is not None, f"nothing drawn for {text!r}"
    return image.crop((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad))


def read(image: Image.Image, lang: str = "ara+eng", psm: int = 7) -> str:
    import pytesseract

    return pytesseract.image_to_string(image, lang=lang, config=f"--psm {psm}").strip()


def best_read(
    image: Image.Image,
    expected: str,
    lang: str = "ara+eng",
    psms: Iterable[int] = (7, 13),
    enough: float = 1.01,
) -> tuple[float, str]:
    """The best similarity over a few page-segmentation modes (7: one text line; 13: raw
    line, which reads short Arabic lines that mode 7 sometimes returns empty), stopping early
    at ``enough``. Used alike for renderings and their negative controls."""
    best = (-1.0, "")
    for psm in psms:
        text = read(image, lang, psm)
        best = max(best, (similarity(text, expected), text))
        if best[0] >= enough:
            break
    return best
