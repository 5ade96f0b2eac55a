"""Rules every card must keep, checked over every template x every preset of the example:
text and logos stay inside the platform's safe zone, and every glyph drawn exists in the
font that draws it (checked with fontTools directly, not through the engine's own helper).
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.fonts import INVISIBLE
from takatof.render.presets import PRESETS
from takatof.render.raster import layout_stack
from takatof.render.text import TextLayout
from takatof.templates import registry
from takatof.templates.layers import Box, Canvas, Insets, Picture, Stack
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def project():
    return load_project(EXAMPLE, project_names())


def _cases():
    for template in registry.all_templates("card"):
        for preset in PRESETS:
            if preset.kind in ("card", "both"):
                yield template.id, preset.id


def _inside(inner: Box, outer: Box) -> bool:
    return (
        inner.x >= outer.x
        and inner.y >= outer.y
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


def _layers(project, template_id: str, preset_id: str, langs: tuple[str, ...] = ()):
    template = registry.get(template_id)
    preset = next(p for p in PRESETS if p.id == preset_id)
    canvas = preset.canvas()
    subject = registry.subjects(project.campaign, template.scope, project.resolve)[0]
    if langs:  # the output chose its languages
        subject = dataclasses.replace(subject, languages=langs)
    return canvas, template.plan(subject, canvas)[1]


# The five-language test campaign, in one language and in two.
MULTILINGUAL = Path(__file__).parent / "data" / "multilingual" / "campaign.json"
LANGUAGES = [("ar",), ("fr",), ("ur", "en"), ("hi", "en")]


@pytest.fixture(scope="module")
def multilingual():
    return load_project(MULTILINGUAL, project_names())


@pytest.mark.parametrize(("template_id", "preset_id"), list(_cases()))
def test_text_and_logo_stay_in_the_safe_zone(project, template_id: str, preset_id: str):
    canvas, layers = _layers(project, template_id, preset_id)
    safe = canvas.safe_box
    for layer in layers:
        if isinstance(layer, Stack) or (isinstance(layer, Picture) and layer.fit == "contain"):
            assert _inside(layer.box, safe), f"{type(layer).__name__} {layer.box} leaves the safe zone {safe}"


@pytest.mark.parametrize(("template_id", "preset_id"), list(_cases()))
@pytest.mark.parametrize("langs", LANGUAGES, ids="-".join)
def test_text_and_logo_stay_in_the_safe_zone_in_every_language(
    multilingual, template_id: str, preset_id: str, langs: tuple[str, ...]
):
    """A right-to-left card is mirrored (its logo at the right): still inside the safe zone."""
    canvas, layers = _layers(multilingual, template_id, preset_id, langs)
    safe = canvas.safe_box
    for layer in layers:
        if isinstance(layer, Stack) or (isinstance(layer, Picture) and layer.fit == "contain"):
            assert _inside(layer.box, safe), f"{type(layer).__name__} {layer.box} leaves the safe zone {safe}"


@functools.cache
def _cmap(path: Path) -> frozenset[int]:
    return frozenset(TTFont(path).getBestCmap())


@pytest.mark.parametrize(
    ("template_id", "preset_id"), [c for c in _cases() if c[1] in ("instagram-story", "x-card")]
)
def test_every_drawn_glyph_exists_in_its_font(project, template_id: str, preset_id: str):
    """Tofu check on what is actually laid out: each run's characters are in its font's cmap."""
    _check_glyphs(_layers(project, template_id, preset_id)[1])


@pytest.mark.parametrize(
    ("template_id", "preset_id"), [c for c in _cases() if c[1] in ("instagram-story", "x-card")]
)
@pytest.mark.parametrize("langs", [("fr",), ("ur", "en"), ("hi", "en")], ids="-".join)
def test_every_drawn_glyph_exists_in_its_font_in_every_script(
    multilingual, template_id: str, preset_id: str, langs: tuple[str, ...]
):
    """French accents, Urdu in Nastaliq, Hindi's conjuncts: no tofu either."""
    _check_glyphs(_layers(multilingual, template_id, preset_id, langs)[1])


def _check_glyphs(layers) -> None:
    stacks = [layer for layer in layers if isinstance(layer, Stack)]
    assert stacks
    for stack in stacks:
        laid, problems = layout_stack(stack)
        assert problems == []
        for layout in (x for x in laid if isinstance(x, TextLayout)):
            for line in layout.lines:
                for piece in line.pieces:
                    missing = [
                        c for c in piece.text if c not in INVISIBLE and ord(c) not in _cmap(piece.font)
                    ]
                    assert not missing, f"{missing} drawn with {piece.font.name}"


@pytest.mark.parametrize("preset_id", [p.id for p in PRESETS if p.kind in ("video", "both")])
def test_story_overlays_stay_in_the_safe_zone(project, preset_id: str):
    """Captions, lower third, logo bug and counter keep out of the platform's UI areas."""
    from takatof.render.video.render import VideoJob, plan

    timeline = plan(project, VideoJob("story", preset_id, "hala"))
    safe = next(p for p in PRESETS if p.id == preset_id).canvas().safe_box
    boxes = [(o.name, o.box) for o in timeline.overlays] + [(c.name, c.box) for c in timeline.counters]
    for name, box in boxes:
        assert _inside(box, safe), f"{name} {box} leaves the safe zone {safe}"
        assert box.x % 2 == 0 and box.y % 2 == 0, f"{name} is not on even pixels (4:2:0 video)"


# --- boxes never go negative ---------------------------------------------------------------

_sizes = st.integers(min_value=0, max_value=3000)


def _within(part: Box, whole: Box) -> bool:
    return part.w >= 0 and part.h >= 0 and _inside(part, whole)


@settings(max_examples=300, deadline=None)
@given(
    box=st.builds(Box, st.integers(-50, 50), st.integers(-50, 50), _sizes, _sizes),
    fraction=st.floats(0, 1),
    amount=st.integers(0, 5000),
    gap=st.integers(-20, 5000),
)
def test_cutting_a_box_stays_inside_it(box: Box, fraction: float, amount: int, gap: int) -> None:
    """However large a template's gap or strip is for a small canvas, every cut gives boxes
    inside the box cut, with sizes of zero or more (a 44 px gap in a 30 px box used to give
    a part of height -14)."""
    for part in (
        *box.split_x(fraction, gap),
        *box.split_y(fraction, gap),
        *box.take_top(amount, gap),
        *box.take_bottom(amount, gap),
        box.inset(amount),
        box.inset(amount // 3, amount),
    ):
        assert _within(part, box), f"{part} from {box}"


@pytest.mark.parametrize(
    ("box", "cut", "expected"),
    [
        (Box(0, 0, 100, 30), lambda b: b.split_y(0.5, 44), (Box(0, 0, 100, 0), Box(0, 30, 100, 0))),
        (Box(0, 0, 30, 100), lambda b: b.split_x(0.5, 44), (Box(0, 0, 0, 100), Box(30, 0, 0, 100))),
        (Box(0, 0, 100, 30), lambda b: b.take_top(50, 10), (Box(0, 0, 100, 30), Box(0, 30, 100, 0))),
        (Box(0, 0, 100, 30), lambda b: b.take_bottom(50, 10), (Box(0, 0, 100, 0), Box(0, 0, 100, 30))),
        (Box(10, 10, 20, 20), lambda b: (b.inset(15),), (Box(20, 20, 0, 0),)),
        (Box(0, 0, 100, 100), lambda b: b.split_y(0.5, 20), (Box(0, 0, 100, 40), Box(0, 60, 100, 40))),
    ],
)
def test_cuts_shrink_gaps_and_strips_to_the_box(box: Box, cut, expected) -> None:
    assert cut(box) == expected


def _odd_canvas(width: int, height: int) -> Canvas:
    m = round(min(width, height) * 0.05)
    return Canvas(width, height, Insets(m, m, m, m))


@pytest.mark.parametrize("size", [(1200, 300), (300, 1200), (320, 320), (2400, 400), (160, 90)])
@pytest.mark.parametrize("template_id", registry.names("card"))
def test_cards_on_canvases_no_preset_has_stay_drawable(project, template_id: str, size: tuple[int, int]):
    """Layouts degrade on canvases far from the presets (a banner, a thumbnail): every box is
    inside the canvas with a size of zero or more, and text that no longer fits is reported as
    a Problem at its field, not raised."""
    canvas = _odd_canvas(*size)
    template = registry.get(template_id)
    subject = registry.subjects(project.campaign, template.scope, project.resolve)[0]
    for layer in template.plan(subject, canvas)[1]:
        box = getattr(layer, "box", None)
        if box is not None:
            assert _within(box, canvas.box), f"{type(layer).__name__} {box} on {canvas}"
        if isinstance(layer, Stack):
            _, problems = layout_stack(layer)
            assert all(p.path for p in problems), problems
