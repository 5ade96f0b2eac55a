"""Cards read where people see them (issue 19): every card template x every layout it offers x
the presets people meet most, rendered from the example campaign.

- Seen at its display size: each card is downscaled to the width its platform shows it at
  (``Preset.shown``: 375 px in a phone's feed, 320 px in YouTube's grid), then upscaled x3
  with bicubic, as a phone with a 3x screen shows it, and read with the tests' OCR: the main
  text (the quote, the figure, the title or the business's name; in English, which the
  example's cards carry and tesseract reads best) must come back with a character error
  rate of at most 0.25.
- Measured on its pixels: every text drawn meets WCAG contrast (4.5:1, or 3:1 where large
  at the size it is seen) against the ground around its glyphs, measured independently of
  the renderer's record (``tests/readable.py``).

The layouts come from the layout registry when there is one (``layouts_offered``), so a new
layout joins the matrix by being registered. OCR runs on a sample of the matrix (each
template x layout at two presets, rotating, so each preset meets every template and every
layout): reading costs about a second a card.
"""

from __future__ import annotations

import functools
import importlib
import math
import re

import pytest
from PIL import Image

from takatof.model import Project, load_project
from takatof.render.cards import CardJob, subject_for
from takatof.render.presets import get_preset
from takatof.render.raster import rasterize, render
from takatof.render.readability import DrawnText, Rendering
from takatof.templates import registry
from tests.conftest import EXAMPLE
from tests.readable import bare, glyph_contrast, levenshtein

try:
    from tests import ocr
except ImportError:  # tests/ is on sys.path instead of the repository root
    import ocr  # type: ignore[no-redef]

PRESETS = ("instagram-square", "instagram-story", "linkedin-post", "x-card", "youtube-thumbnail")
MAX_CER = 0.25
ZOOM = 3  # a phone's 3x screen
# Tesseract misreads glyphs far taller than the text it was trained on, and its line finder
# is size-sensitive (tests/test_ocr.py tries two sizes too): a block larger than one of these
# type sizes on the screen is handed to it at that size, the first that reads. Reducing only
# drops detail the display size already had.
READ_EMS = (56, 34)


def layouts_offered(template_id: str) -> list[str | None]:
    """The layouts a card template can be drawn in: the layout registry's names, or [None]
    (the template's own) where there is no registry yet."""
    try:
        layouts = importlib.import_module("takatof.templates.cards.layouts")
    except ImportError:
        return [None]
    names = getattr(layouts, "layout_names", None)
    return list(names()) if callable(names) else [None]


TEMPLATES = registry.names("card")
MATRIX = [(t, layout, p) for t in TEMPLATES for layout in layouts_offered(t) for p in PRESETS]


def _sampled() -> list[tuple[str, str | None, str]]:
    picked = []
    for i, template in enumerate(TEMPLATES):
        for j, layout in enumerate(layouts_offered(template)):
            for k, preset in enumerate(PRESETS):
                if (i + j + k) % len(PRESETS) in (0, 1):
                    picked.append((template, layout, preset))
    return picked


def _id(case: tuple[str, str | None, str]) -> str:
    template, layout, preset = case
    return f"{template}-{layout or 'default'}-{preset}"


@functools.cache
def _project() -> Project:
    return load_project(EXAMPLE)


@functools.cache
def _card(template_id: str, layout: str | None, preset_id: str) -> tuple[Rendering, Image.Image]:
    """The example's card for the template's first subject (the first person, the first
    spotlight), and the same layers drawn without their texts (the bare ground)."""
    project = _project()
    template = registry.get(template_id)
    subject = registry.subjects(project.campaign, template.scope, project.resolve)[0]
    job = CardJob(template_id, preset_id, None if template.scope == "campaign" else subject.id)
    preset = get_preset(preset_id)
    canvas = preset.card_canvas()
    planned = subject_for(project, job)
    _, layers = template.plan(planned, canvas) if layout is None else template.plan(planned, canvas, layout)
    done = render(layers, canvas, preset=preset)
    ground, _ = rasterize(bare(layers), canvas)
    return done, ground


# The main text of each template, by its JSON path (without the language), in the order
# tried: a layout may leave the quote out (a thumbnail shows the name in a few huge words).
MAIN: dict[str, tuple[str, ...]] = {
    "quote": (r"quote", r"name"),
    "stat": (r"\.members",),
    "goal": (r"^goal\.current", r"^goal\.title"),
    "hashtag": (r"^title", r"^hashtags\[0\]"),
    "spotlight": (r"^spotlights\[0\]\.name",),
    "group": (r"^title", r"^people\[0\]\.name"),
}
# Tesseract's data for the languages a card may print.
READERS = {"en": "eng", "ar": "ara", "fr": "fra", "hi": "hin", "ur": "urd", "he": "heb"}
_LANG = re.compile(r"\.([a-z]{2,3})$")


def _lang(text: DrawnText) -> str:
    found = _LANG.search(text.source)
    return found.group(1) if found else "en"  # a figure, a hashtag: read as Latin


def main_text(template_id: str, texts: list[DrawnText]) -> DrawnText:
    """The text a card is for, in English where the card prints it in English; for a
    template not in :data:`MAIN`, its largest text (the lead of its hierarchy)."""
    patterns = MAIN.get(template_id, ())
    for english in (True, False):
        for pattern in patterns:
            found = [t for t in texts if re.search(pattern + r"(\.[a-z]{2,3})?$", t.source)]
            found = [t for t in found if _lang(t) == "en" or not english]
            if found:
                return found[0]
    readable = [t for t in texts if _lang(t) in READERS]
    assert readable, f"no main text among {[t.source for t in texts]}"
    return max(readable, key=lambda t: (_lang(t) == "en", t.size))


def cer(read: str, expected: str) -> float:
    """Character error rate on letters and digits (:func:`ocr.normalise`)."""
    want = ocr.normalise(expected)
    return levenshtein(ocr.normalise(read), want) / max(1, len(want))


def at_em(crop: Image.Image, em: float, target: int) -> Image.Image:
    """``crop`` (text ``em`` px high) reduced so its text is ``target`` px high, if larger."""
    if em <= target:
        return crop
    size = (max(1, round(crop.width * target / em)), max(1, round(crop.height * target / em)))
    return crop.resize(size, Image.Resampling.LANCZOS)


def best_read(crop: Image.Image, em: float, text: str, reader: str) -> tuple[float, str]:
    """The lowest CER of ``text`` read from ``crop`` over :data:`READ_EMS` and a few page
    segmentation modes (6: a block; 11: sparse lines, which keeps a line 6 skips; 7: one
    line), stopping at the first within :data:`MAX_CER`."""
    best = (math.inf, "")
    for target in READ_EMS:
        for psm in (6, 11, 7):
            read = ocr.read(at_em(crop, em, target), reader, psm)
            best = min(best, (cer(read, text), read))
            if best[0] <= MAX_CER:
                return best
    return best


def as_seen(image: Image.Image, shown: int) -> Image.Image:
    """``image`` at its display width, then on a 3x screen."""
    height = round(image.height * shown / image.width)
    small = image.resize((shown, height), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return small.resize((shown * ZOOM, height * ZOOM), Image.Resampling.BICUBIC)


@pytest.mark.ocr
@pytest.mark.parametrize("case", _sampled(), ids=_id)
def test_the_main_text_reads_at_the_size_the_card_is_seen(case: tuple[str, str | None, str]) -> None:
    reason = ocr.missing()
    if reason:
        pytest.skip(reason)
    template_id, _layout, preset_id = case
    done, _ = _card(*case)
    assert not done.problems, [str(p) for p in done.problems]
    preset = get_preset(preset_id)
    main = main_text(template_id, done.texts)
    seen = as_seen(done.image, preset.shown)
    scale = seen.width / done.image.width
    pad = round(main.size * 0.25)  # the block and a little ground, not its neighbours
    box = main.box
    crop = seen.crop(
        (
            max(0, round((box.x - pad) * scale)),
            max(0, round((box.y - pad) * scale)),
            min(seen.width, round((box.right + pad) * scale)),
            min(seen.height, round((box.bottom + pad) * scale)),
        )
    )
    best = best_read(crop, main.size * scale, main.text, READERS[_lang(main)])
    assert best[0] <= MAX_CER, (
        f"{main.source} ({main.size} px, {main.seen_px:.0f} CSS px) reads as {best[1]!r}, CER {best[0]:.2f}, "
        f"on the {preset.label} card seen {preset.shown} px wide"
    )


@pytest.mark.ocr
def test_the_reader_cannot_read_a_card_seen_too_small() -> None:
    """The negative control: the same reading of a card seen at a quarter of its width (text
    of 3 to 4 CSS px) fails, so a pass above means the text is readable, not that the
    reader accepts anything."""
    reason = ocr.missing()
    if reason:
        pytest.skip(reason)
    template_id, layout = TEMPLATES[TEMPLATES.index("quote")], layouts_offered("quote")[0]
    done, _ = _card(template_id, layout, "linkedin-post")
    main = main_text(template_id, done.texts)
    seen = as_seen(done.image, get_preset("linkedin-post").shown // 4)
    scale = seen.width / done.image.width
    box = main.box
    crop = seen.crop(
        (round(box.x * scale), round(box.y * scale), round(box.right * scale), round(box.bottom * scale))
    )
    assert best_read(crop, main.size * scale, main.text, READERS[_lang(main)])[0] > MAX_CER


@pytest.mark.parametrize("case", MATRIX, ids=_id)
def test_every_text_meets_its_contrast_on_the_rendered_pixels(case: tuple[str, str | None, str]) -> None:
    done, ground = _card(*case)
    assert not done.problems, [str(p) for p in done.problems]
    assert done.texts
    short = {
        t.source: f"{measured:.2f}:1 < {t.ratio:g}:1"
        for t in done.texts
        if (measured := glyph_contrast(done.image, ground, t.box, t.color)) < t.ratio
    }
    assert not short, short
    assert all(t.readable for t in done.texts)
