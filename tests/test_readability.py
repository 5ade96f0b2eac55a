"""Text readable where it is seen (issue 19): WCAG contrast on the pixels behind each text, a
scrim where they do not give it, and a size floor at the size the platform shows a card.

The rules are table-tested as pure functions; the renderer's scrims are checked on the pixels
it draws, measured independently of its own record (``tests/readable.py``: the glyphs found
by comparing the card with its layers drawn without text, the ground read around them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from takatof.edit.validate import layout_problems, readability_problems
from takatof.model import load_project
from takatof.render.marks import contrast_ratio
from takatof.render.presets import get_preset
from takatof.render.raster import rasterize, render
from takatof.render.readability import (
    LARGE_RATIO,
    TEXT_RATIO,
    bulk_contrast,
    color_luminance,
    is_large,
    pair_ratio,
    pixel_contrasts,
    required_ratio,
    scrim_opacity,
    scrim_tone,
    small_text_problems,
    too_small,
)
from takatof.templates.layers import Box, Fill, Layer, Picture, Stack, Text, TextStyle
from tests.conftest import EXAMPLE, EXAMPLE_DIR
from tests.readable import bare, glyph_contrast

PHOTO = EXAMPLE_DIR / "media" / "hala-1.jpg"


# ------------------------------------------------------------------------------ the rules


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [
        ("#000000", "#FFFFFF", 21.0),
        ("#FFFFFF", "#FFFFFF", 1.0),
        ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes 4.5:1 on white
        ("#777777", "#FFFFFF", 4.48),  # one step lighter fails it
        ("#F2B134", "#0F5C4A", 4.19),  # the example's accent on its primary
        ("#FFFFFF", "#0F5C4A", 7.92),
    ],
)
def test_contrast_ratio_of_colour_pairs(a: str, b: str, ratio: float) -> None:
    assert pair_ratio(a, b) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(color_luminance(a), color_luminance(b)) == pytest.approx(pair_ratio(b, a))


@pytest.mark.parametrize(
    ("size", "bold", "seen", "large"),
    [
        (24, False, 1.0, True),  # 18 pt
        (23, False, 1.0, False),
        (19, True, 1.0, True),  # 14 pt bold is 18.67 px
        (18, True, 1.0, False),
        (70, False, 375 / 1080, True),  # 24.3 CSS px in the Instagram feed
        (69, False, 375 / 1080, False),  # 23.96
        (60, True, 320 / 1280, False),  # 15 CSS px in the YouTube grid: not large, bold or not
        (75, True, 320 / 1280, True),
    ],
)
def test_large_text_is_judged_at_the_size_it_is_seen(size: int, bold: bool, seen: float, large: bool) -> None:
    assert is_large(size, bold, seen) is large
    assert required_ratio(size, bold, seen) == (LARGE_RATIO if large else TEXT_RATIO)


@pytest.mark.parametrize(
    ("preset_id", "floor"),
    [
        ("instagram-square", 32),  # 11 / (375 / 1080) = 31.7
        ("instagram-story", 32),
        ("linkedin-post", 24),  # 11 / (552 / 1200) = 23.9
        ("x-card", 27),
        ("youtube-thumbnail", 44),  # 11 / (320 / 1280)
    ],
)
def test_the_size_floor_is_11_css_px_where_the_card_is_seen(preset_id: str, floor: int) -> None:
    canvas = get_preset(preset_id).card_canvas()
    assert canvas.min_text_px == floor
    assert too_small(floor - 1, canvas) and not too_small(floor, canvas)


def test_the_bulk_contrast_ignores_a_few_stray_pixels_but_not_a_bright_patch() -> None:
    dark, bright = [11, 31, 26], [250, 250, 250]
    specks = np.array([dark] * 97 + [bright] * 3)  # highlights on a dark coat
    patch = np.array([dark] * 80 + [bright] * 20)  # a word over the sky
    assert bulk_contrast(specks, "#FFFFFF") > 15
    assert bulk_contrast(patch, "#FFFFFF") < 1.1
    assert bulk_contrast(np.array([bright] * 100), "#FFFFFF") < 1.1


def test_a_translucent_text_colour_is_measured_as_it_is_blended() -> None:
    ground = np.array([[0, 0, 0]])
    assert pixel_contrasts(ground, "#FFFFFF")[0] == pytest.approx(21)
    half = pixel_contrasts(ground, "#FFFFFF80")[0]
    assert 4 < half < 6  # 50 % white over black is mid grey, not white


@pytest.mark.parametrize(
    ("text", "tone"),
    [("#FFFFFF", "#000000"), ("#F2B134", "#000000"), ("#0B1F1A", "#FFFFFF"), ("#767676", "#000000")],
)
def test_the_scrim_takes_the_neutral_that_contrasts_with_the_text(text: str, tone: str) -> None:
    assert scrim_tone(text) == tone
    assert pair_ratio(text, tone) >= TEXT_RATIO  # a full panel of it always reads


@pytest.mark.parametrize(
    ("ground", "text"), [("#F4E9D8", "#FFFFFF"), ("#BBBBBB", "#F2B134"), ("#444444", "#0B1F1A")]
)
def test_the_scrim_is_the_lowest_opacity_that_reaches_the_ratio(ground: str, text: str) -> None:
    pixels = np.array([Image.new("RGB", (1, 1), ground).getpixel((0, 0))] * 50, dtype=np.float64)
    tone = scrim_tone(text)
    opacity = scrim_opacity(pixels, text, tone, TEXT_RATIO)
    panel = np.array(Image.new("RGB", (1, 1), tone).getpixel((0, 0)), dtype=np.float64)

    def reached(alpha: float) -> float:
        return float(bulk_contrast(np.round(alpha * panel + (1 - alpha) * pixels), text))

    assert reached(opacity) >= TEXT_RATIO
    assert reached(opacity - 1 / 255) < TEXT_RATIO + 0.05  # one step less does not (with the aim's margin)
    assert 0 < opacity < 1


# ------------------------------------------------------------------------------- rendering


def _card(
    ground: Layer, color: str, size: int = 44, words: str = "Community stories from Beirut"
) -> list[Layer]:
    style = TextStyle(size=size, min_size=size, color=color, align="center")
    return [ground, Stack(Box(80, 380, 920, 320), (Text(words, style, "tagline.en"),))]


CANVAS = get_preset("instagram-square").card_canvas()  # 44 px text is 15 CSS px there: not large


@pytest.mark.parametrize(
    ("ground", "color"),
    [
        (Fill("#F4E9D8"), "#FFFFFF"),  # white on cream: 1.2:1
        (Fill("#0F5C4A"), "#0B1F1A"),  # dark green on green
        (Picture(PHOTO, CANVAS.box), "#FFFFFF"),  # the photo's bright parts
        (Picture(PHOTO, CANVAS.box), "#0F5C4A"),
        (Fill("#2F7F6A"), "#F2B134"),  # amber on a mid green: 2.7:1, small text needs 4.5
    ],
)
def test_text_on_a_ground_it_cannot_be_read_on_gets_a_scrim_and_then_reads(ground: Layer, color: str) -> None:
    layers = _card(ground, color)
    done = render(layers, CANVAS)
    assert not done.problems
    (drawn,) = done.texts
    assert drawn.before is not None and drawn.before < drawn.ratio == TEXT_RATIO
    assert drawn.scrim is not None and drawn.readable and done.scrims == [drawn.scrim]
    ground_only, _ = rasterize(bare(layers), CANVAS)
    assert glyph_contrast(ground_only, ground_only, drawn.box, color) < TEXT_RATIO  # unreadable as planned
    measured = glyph_contrast(done.image, ground_only, drawn.box, color)
    assert measured >= TEXT_RATIO, f"{measured:.2f}:1 measured on the pixels"


def test_text_that_reads_gets_no_scrim_and_its_ground_is_untouched() -> None:
    layers = _card(Fill("#0B1F1A"), "#FFFFFF")
    done = render(layers, CANVAS)
    (drawn,) = done.texts
    assert (
        drawn.scrim is None and drawn.before == drawn.after and drawn.after is not None and drawn.after > 15
    )
    ground_only, _ = rasterize(bare(layers), CANVAS)
    changed = np.abs(np.asarray(done.image, dtype=int) - np.asarray(ground_only, dtype=int)).max(axis=2) > 0
    ys, xs = np.nonzero(changed)
    box = drawn.box
    assert box.x - 2 <= xs.min() and xs.max() <= box.right + 2  # only the glyphs changed
    assert box.y - 20 <= ys.min() and ys.max() <= box.bottom + 20


def test_large_text_needs_3_to_1_only() -> None:
    # Amber on a mid green is 2.7:1 behind 44 px text and 3.4:1 behind... a lighter ground:
    layers = _card(Fill("#1E6B57"), "#F2B134", size=96, words="85,000")
    done = render(layers, CANVAS)
    (drawn,) = done.texts
    assert (
        drawn.ratio == LARGE_RATIO and drawn.before is not None and LARGE_RATIO <= drawn.before < TEXT_RATIO
    )
    assert drawn.scrim is None


def test_neighbours_needing_the_same_tone_share_one_panel() -> None:
    style = TextStyle(size=44, min_size=44, color="#FFFFFF", align="center")
    layers: list[Layer] = [
        Fill("#F4E9D8"),
        Stack(Box(80, 300, 920, 480), (Text("First line", style, "a"), Text("Second line", style, "b"))),
    ]
    done = render(layers, CANVAS)
    first, second = done.texts
    assert first.scrim is not None and first.scrim == second.scrim and len(done.scrims) == 1


def test_a_transparent_overlay_is_not_measured() -> None:
    layers = _card(Fill("#00000000"), "#FFFFFF")
    done = render(layers, CANVAS, transparent=True)
    (drawn,) = done.texts
    assert drawn.before is None and drawn.after is None and drawn.scrim is None and drawn.readable


def test_rasterize_keeps_its_signature_and_reports_what_render_does() -> None:
    layers = _card(Fill("#F4E9D8"), "#FFFFFF")
    image, problems = rasterize(layers, CANVAS)
    done = render(layers, CANVAS)
    assert problems == done.problems == []
    assert np.array_equal(np.asarray(image), np.asarray(done.image))


def test_the_record_names_each_text_with_its_box_size_and_colour() -> None:
    preset = get_preset("instagram-square")
    canvas = preset.card_canvas()
    done = render(_card(Fill("#0B1F1A"), "#F2B134", size=40), canvas, preset=preset)
    (drawn,) = done.texts
    assert (drawn.source, drawn.size, drawn.bold, drawn.color) == ("tagline.en", 40, False, "#F2B134")
    assert drawn.seen_px == pytest.approx(40 * 375 / 1080)
    assert CANVAS.box.x <= drawn.box.x and drawn.box.right <= 1000 and drawn.box.h > 40


# ------------------------------------------------------------------------------ too small


def test_text_too_small_where_it_is_seen_is_a_problem_naming_path_and_preset() -> None:
    preset = get_preset("linkedin-post")
    canvas = preset.card_canvas()
    style = TextStyle(size=18, min_size=18, color="#FFFFFF")
    layers: list[Layer] = [
        Fill("#0B1F1A"),
        Stack(Box(60, 60, 800, 300), (Text("كلمات", style, "people[0].quote.ar"),)),
    ]
    _, problems = rasterize(layers, canvas, preset=preset)
    (problem,) = problems
    assert problem.path == "people[0].quote.ar"
    assert problem.message.startswith(
        "18 px on the LinkedIn Post / link card is 8 CSS px where it is seen "
        "(a link preview in the LinkedIn feed, 552 px wide); at least 11 are readable (24 px on this card)"
    )
    assert "shorten" in problem.message
    # Without the preset, the scale still says it; and a text at the floor is no problem.
    (bare_problem,) = rasterize(layers, canvas)[1]
    assert "8 CSS px where it is seen (at 46% of its size)" in bare_problem.message
    done = render(layers, canvas, preset=preset)
    assert small_text_problems(done.texts, canvas, preset) == problems
    ok = [
        Fill("#0B1F1A"),
        Stack(Box(60, 60, 800, 300), (Text("كلمات", TextStyle(size=24, min_size=24), "x"),)),
    ]
    assert rasterize(ok, canvas, preset=preset)[1] == []


# ------------------------------------------------------------------------------- validate


def test_validate_finds_text_that_lays_out_too_small_without_rasterising() -> None:
    preset = get_preset("youtube-thumbnail")
    canvas = preset.card_canvas()  # 44 px is 11 CSS px in the grid
    shrinks = TextStyle(size=60, min_size=20, color="#FFFFFF")
    long = " ".join(["community"] * 40)
    layers: list[Layer] = [
        Fill("#0B1F1A"),
        Stack(Box(40, 40, 600, 400), (Text(long, shrinks, "people[0].quote.en"),)),  # must shrink: too small
        Stack(Box(40, 500, 600, 200), (Text("Hala", shrinks, "people[0].name.en"),)),  # fits at 60 px
    ]
    (problem,) = layout_problems(layers, canvas, preset)
    assert problem.path == "people[0].quote.en"
    assert "on the YouTube Thumbnail card" in problem.message and "320 px wide" in problem.message
    assert problem in rasterize(layers, canvas, preset=preset)[1]  # the renderer says the same


def test_the_example_validates_readable() -> None:
    assert readability_problems(load_project(EXAMPLE)) == []


def test_validate_stays_fast(tmp_path: Path) -> None:
    import time

    project = load_project(EXAMPLE)
    readability_problems(project)
    start = time.perf_counter()
    readability_problems(project)
    assert time.perf_counter() - start < 0.5
