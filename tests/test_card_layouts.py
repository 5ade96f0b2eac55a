"""Card layouts: every template in every layout at every card preset, the choice of a layout
(defaults, file names, identities, validation), the type scale's readable floor, and how a
stack that cannot fit leaves out its optional texts."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.cards import CardJob, card_jobs, layout_of, render_card, subject_for
from takatof.render.presets import PRESETS, get_preset
from takatof.render.raster import layout_stack
from takatof.render.stacks import fitted, floored, without
from takatof.templates import registry
from takatof.templates.cards.common import restyled, style
from takatof.templates.cards.layouts import get_layout, layout_names, optional_texts
from takatof.templates.layers import Box, Canvas, Gap, Logo, Picture, Stack, Text, TextStyle
from tests.conftest import EXAMPLE

MULTILINGUAL = Path(__file__).parent / "data" / "multilingual" / "campaign.json"
CARD_PRESETS = [p.id for p in PRESETS if p.kind in ("card", "both")]


@pytest.fixture(scope="module")
def project():
    return load_project(EXAMPLE, project_names())


@pytest.fixture(scope="module")
def multilingual():
    return load_project(MULTILINGUAL, project_names())


def _subject_id(project, template_id: str) -> str | None:
    template = registry.get(template_id)
    subject = registry.subjects(project.campaign, template.scope, project.resolve)[0]
    return None if template.scope == "campaign" else subject.id


def _job(project, template_id: str, preset_id: str, layout: str, langs: tuple[str, ...] = ()) -> CardJob:
    return CardJob(template_id, preset_id, _subject_id(project, template_id), langs, bool(langs), layout)


def _layers(project, job: CardJob):
    canvas = get_preset(job.preset).card_canvas()
    return canvas, registry.get(job.template).plan(subject_for(project, job), canvas, layout_of(job))[1]


def _inside(inner: Box, outer: Box) -> bool:
    return (
        inner.x >= outer.x
        and inner.y >= outer.y
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


def test_the_layouts_are_registered_by_name():
    assert layout_names() == ["photo", "type", "split", "thumbnail"]
    assert get_layout("split").title == "Split"
    with pytest.raises(ValueError, match="the layouts are photo, type, split, thumbnail"):
        get_layout("mosaic")


CASES = [
    (template.id, layout, preset)
    for template in registry.all_templates("card")
    for layout in layout_names()
    for preset in CARD_PRESETS
]


@pytest.mark.parametrize(("template_id", "layout", "preset_id"), CASES)
def test_every_layout_keeps_its_words_and_marks_in_the_safe_zone(project, template_id, layout, preset_id):
    """Text and logos inside what the platform leaves clear; pictures inside the card; every
    text at least the readable minimum where the card is seen."""
    canvas, layers = _layers(project, _job(project, template_id, preset_id, layout))
    safe = canvas.safe_box
    for layer in layers:
        if isinstance(layer, (Stack, Logo)):
            assert _inside(layer.box, safe), f"{type(layer).__name__} {layer.box} leaves the safe zone {safe}"
        if isinstance(layer, Picture):
            assert _inside(layer.box, canvas.box), f"{layer.box} leaves the card"
        if isinstance(layer, Stack):
            for item in layer.items:
                if isinstance(item, Text):
                    assert item.style.min_size >= canvas.min_text_px, (item.source, item.style.min_size)


# Rendering is the slow part: every layout of every template, at three shapes, in the example
# and in a one-language and a two-language output of the five-language campaign.
RENDERED = ["instagram-square", "instagram-story", "linkedin-post", "youtube-thumbnail"]


@pytest.mark.parametrize("preset_id", RENDERED)
@pytest.mark.parametrize("layout", ["photo", "type", "split", "thumbnail"])
@pytest.mark.parametrize("template_id", ["quote", "stat", "spotlight", "goal", "hashtag"])
def test_every_layout_renders_without_a_problem(project, template_id, layout, preset_id):
    card = render_card(project, _job(project, template_id, preset_id, layout))
    assert card.problems == []
    assert card.image.size == (get_preset(preset_id).width, get_preset(preset_id).height)


@pytest.mark.parametrize("langs", [("ur",), ("hi", "en"), ("ar", "fr"), ("fr",)], ids="-".join)
@pytest.mark.parametrize("layout", ["photo", "type", "split", "thumbnail"])
@pytest.mark.parametrize("template_id", ["quote", "stat", "goal"])
def test_layouts_render_in_other_languages(multilingual, template_id, layout, langs):
    """Nastaliq's tall lines and French's long words at the shapes that squeeze them most."""
    for preset_id in (
        "instagram-square",
        "instagram-story",
        "instagram-portrait",
        "x-card",
        "youtube-thumbnail",
    ):
        card = render_card(multilingual, _job(multilingual, template_id, preset_id, layout, langs))
        assert card.problems == [], (preset_id, card.problems)


def test_the_layouts_are_different_designs(project):
    """Four layouts of one card are four pictures, not one picture four times."""
    images = [
        np.asarray(
            render_card(project, _job(project, "quote", "instagram-square", name)).image, dtype=np.int16
        )
        for name in layout_names()
    ]
    for i in range(len(images)):
        for j in range(i + 1, len(images)):
            assert np.abs(images[i] - images[j]).mean() > 8, (layout_names()[i], layout_names()[j])


def test_the_default_layout_is_the_templates_and_the_thumbnails(project):
    assert layout_of(CardJob("quote", "instagram-square", "hala")) == "type"  # the template's own
    assert layout_of(CardJob("spotlight", "instagram-square", "dar-el-khoos")) == "split"
    assert layout_of(CardJob("quote", "youtube-thumbnail", "hala")) == "thumbnail"
    assert layout_of(CardJob("quote", "youtube-thumbnail", "hala", layout="split")) == "split"
    default = _layers(project, CardJob("quote", "instagram-square", "hala"))[1]
    chosen = _layers(project, CardJob("quote", "instagram-square", "hala", layout="type"))[1]
    assert default == chosen  # the quote card's own layout is the text-led one


def _copy(folder: Path, data: dict) -> Path:
    """The example campaign with ``data`` as its file, in ``folder`` (its media beside it)."""
    shutil.copytree(EXAMPLE.parent, folder / "campaign", dirs_exist_ok=True)
    path = folder / "campaign" / "campaign.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_chosen_layout_names_the_files_and_the_identity(project, tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["outputs"]["cards"] = [
        {"template": "quote", "presets": ["instagram-square"]},
        {"template": "quote", "presets": ["instagram-square"], "layout": "split"},
        {"template": "quote", "presets": ["instagram-square"], "layout": "photo", "languages": ["en"]},
    ]
    path = _copy(tmp_path, data)
    edited = load_project(path, project_names())
    jobs = [j for j in card_jobs(edited, only={"hala"})]
    assert [j.stem for j in jobs] == [
        "quote-instagram-square",
        "quote-instagram-square-split",
        "quote-instagram-square-photo-en",
    ]
    assert [j.chosen for j in jobs] == [(), ("layout", "split"), ("layout", "photo", "languages", "en")]


def test_an_unknown_layout_is_reported_where_it_is_written(tmp_path):
    from takatof.edit.validate import validate_file

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["outputs"]["cards"][1]["layout"] = "spilt"
    path = _copy(tmp_path, data)
    _, problems = validate_file(path)
    assert [str(p) for p in problems] == [
        "outputs.cards[1].layout: unknown layout 'spilt'; did you mean 'split'? "
        "(known: photo, split, thumbnail, type)"
    ]


# ---------------------------------------------------------------------------- the type scale


def _canvas(seen: float, width: int = 1200, height: int = 627) -> Canvas:
    return Canvas(width, height, seen=seen)


@pytest.mark.parametrize(
    ("seen", "floor"),
    [(1.0, 12), (0.46, 24), (0.347, 32), (0.25, 44)],
)
def test_the_readable_floor_is_eleven_css_pixels_where_the_card_is_seen(seen, floor):
    assert _canvas(seen).min_text_px == floor


@pytest.mark.parametrize("preset", [p for p in PRESETS if p.kind in ("card", "both")], ids=lambda p: p.id)
def test_every_card_preset_says_where_it_is_seen(preset):
    assert preset.shown and preset.shown_where
    assert 0 < preset.seen <= 1
    assert preset.card_canvas().min_text_px * preset.seen >= 11


def test_the_floor_lifts_every_text_and_keeps_the_hierarchy():
    canvas = _canvas(0.46)  # a LinkedIn link card: floor 24 px, unit 0.58
    lead = Text("quote", style(canvas, 64, "sans", "#FFFFFF"), "q")
    small = Text("name", style(canvas, 22, "sans", "#FFFFFF"), "n")
    assert small.style.size < canvas.min_text_px  # as the template wrote it: 13 px
    out = [t for t in restyled((lead, Gap(10), small), canvas) if isinstance(t, Text)]
    assert out[1].style.size == canvas.min_text_px
    assert out[0].style.size / out[1].style.size == pytest.approx(64 / 22, rel=0.05)
    assert out[0].style.min_size > out[1].style.min_size >= canvas.min_text_px


def test_a_long_unbreakable_word_may_shrink_to_the_floor():
    canvas = _canvas(0.25)
    tag = Text("#CommunityStoriesMENA", style(canvas, 76, "sans", "#FFFFFF", max_lines=1), "t")
    note = Text("a note", style(canvas, 30, "sans", "#FFFFFF"), "n")
    out = [t for t in restyled((tag, note), canvas) if isinstance(t, Text)]
    assert out[0].style.min_size == canvas.min_text_px


# ---------------------------------------------------------------------------- leaving out


def _text(source: str, lang: str | None, size: int = 40) -> Text:
    return Text(f"words of {source} " * 3, TextStyle(size=size, min_size=size, lang=lang), source)


def test_what_a_stack_may_leave_out_and_in_which_order():
    head = (_text("quote.ar", "ar"), Gap(10), _text("quote.en", "en"))
    body = (_text("name.ar", "ar"), _text("name.en", "en"), _text("mention", None))
    items = (*head, Gap(20), *body)
    order = [items[i].source for i in optional_texts(items, len(head) + 1, ("ar", "en"))]
    # The second language's details, the second language's quote, then the rest of the body
    # from the last; the first language's quote never.
    assert order == ["name.en", "quote.en", "mention", "name.ar"]
    assert optional_texts(items, len(head) + 1, ("ar",)) == (6, 5, 4)


def test_leaving_out_takes_the_gap_before_and_renumbers():
    stack = Stack(
        Box(0, 0, 100, 100),
        (_text("a", None), Gap(5), _text("b", None), Gap(5), _text("c", None)),
        optional=(2, 4),
    )
    smaller = without(stack, 2)
    assert [getattr(i, "source", "gap") for i in smaller.items] == ["a", "gap", "c"]
    assert smaller.optional == (2,)


@pytest.mark.parametrize(
    ("height", "kept", "left"),
    [
        # A 24 px line is 31 px high, a 60 px one 78 px.
        (400, ["head", "detail", "extra"], []),  # room for all at full size
        (100, ["head", "detail", "extra"], []),  # all kept, the head down to the detail's size
        (70, ["head", "detail"], ["extra"]),  # one text has to go: the one listed first
        (40, ["head"], ["extra", "detail"]),
    ],
)
def test_a_stack_flattens_then_leaves_out_its_optional_texts(height, kept, left):
    def text(source: str, size: int) -> Text:
        return Text(
            source, TextStyle(size=size, min_size=size if source == "head" else 24, max_lines=1), source
        )

    stack = Stack(
        Box(0, 0, 600, height),
        (text("head", 60), text("detail", 24), text("extra", 24)),
        optional=(2, 1),
    )
    drawn, _, problems, left_out = fitted(stack, layout_stack)
    assert problems == []
    assert [t.source for t in drawn.items if isinstance(t, Text)] == kept
    assert [t.source for t in left_out] == left


def test_a_stack_whose_main_words_cannot_fit_is_reported_whole():
    stack = Stack(Box(0, 0, 300, 20), (Text("the words the card is for", TextStyle(size=40, min_size=40)),))
    _, _, problems, left_out = fitted(stack, layout_stack)
    assert problems and left_out == []


def test_flooring_lowers_every_minimum_to_the_smallest():
    stack = Stack(Box(0, 0, 10, 10), (_text("a", None, 60), Gap(4), _text("b", None, 30)))
    assert {t.style.min_size for t in floored(stack).items if isinstance(t, Text)} == {30}


def test_the_two_language_layouts_read_right_to_left_when_every_language_does(multilingual):
    for layout in layout_names():
        job = _job(multilingual, "quote", "x-card", layout, ("ar",))
        canvas, layers = _layers(multilingual, job)
        stacks = [layer for layer in layers if isinstance(layer, Stack)]
        assert stacks and all(
            item.style.direction == "rtl"
            for s in stacks
            for item in s.items
            if isinstance(item, Text) and item.style.lang
        ), layout
    assert dataclasses.is_dataclass(canvas)


def test_what_a_card_left_out_is_in_its_manifest_entry(project, tmp_path):
    """A quote card split in half at thumbnail size keeps the Arabic quote and who said it,
    and leaves out the hashtags, the English name and the English quote — in that order,
    and says so in the manifest."""
    from takatof.render.jobs import Run, Workspace, make_product

    job = CardJob("quote", "youtube-thumbnail", "hala", layout="split")
    card = render_card(project, job)
    assert card.problems == []
    assert card.left_out == ("hashtags", "people[0].name.en", "people[0].quote.en")
    (entry,) = make_product(Run(project, Workspace(tmp_path, tmp_path)), job).entries
    assert entry.to_json()["texts_left_out"] == list(card.left_out)
    assert "texts_left_out" not in entry.failed("broken").to_json()
    nothing = make_product(
        Run(project, Workspace(tmp_path, tmp_path)), CardJob("quote", "x-card", "hala")
    ).entries
    assert "texts_left_out" not in nothing[0].to_json()


def test_naming_the_default_layout_changes_no_file_name(project, tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["outputs"]["cards"] = [
        {"template": "quote", "presets": ["youtube-thumbnail", "x-card"], "layout": "thumbnail"},
        {"template": "spotlight", "presets": ["x-card"], "layout": "split"},
        {"template": "quote", "presets": ["x-card"], "layout": "type"},
    ]
    edited = load_project(_copy(tmp_path, data), project_names())
    stems = sorted({j.stem for j in card_jobs(edited, only={"hala", "dar-el-khoos"})})
    assert stems == ["quote-x-card", "quote-x-card-thumbnail", "quote-youtube-thumbnail", "spotlight-x-card"]


def test_a_bar_in_a_stack_is_drawn_where_the_texts_leave_it_filling_the_way_the_card_reads():
    from takatof.render.raster import render
    from takatof.templates.layers import Bar

    canvas = Canvas(400, 300)
    for rtl in (False, True):
        text = Text("Title", TextStyle(size=40, min_size=40, color="#FFFFFF"), "t")
        bar = Bar(20, 0.25, True, "#FFFFFF", "#FF0000", rtl)
        stack = Stack(Box(0, 0, 400, 300), (text, Gap(10), bar, Gap(10), text), valign="top")
        pixels = np.asarray(render([stack], canvas).image)
        red = np.argwhere((pixels[..., 0] > 200) & (pixels[..., 1] < 60))
        rows, cols = red[:, 0], red[:, 1]
        assert rows.min() > 40 and rows.max() < 120  # below the first title, above the second
        assert bool(cols.min() > 250) is rtl and bool(cols.max() < 150) is not rtl  # a quarter, from its side


def test_a_missing_glyph_is_not_taken_for_an_overflow():
    """Whatever the font's name says ("Outfit", with "fit" in it): a stack with a character no
    font has is reported as it is, nothing left out."""
    stack = Stack(Box(0, 0, 300, 100), (Text("\ue000", TextStyle(size=30, min_size=30), "t"),), optional=(0,))
    _, laid, problems, left_out = fitted(stack, layout_stack)
    assert laid == [] and problems and left_out == []


def test_the_partners_are_named_in_the_alt_text():
    local = load_project(EXAMPLE.parents[1] / "support-local" / "campaign.json", project_names())
    card = render_card(local, CardJob("spotlight", "instagram-portrait", local.campaign.spotlights[0].id))
    english = next(line for line in card.alt_lines if line.lang == "en")
    assert "with partners Oliveway Growers, Archway Makers" in english.full()
    text, left = english.fit()
    assert "partners" not in text and any(part.name == "partners" for part in left)  # too long: it goes first


def test_a_spotlight_card_for_a_person_is_the_spotlight_they_recommend(project):
    """The Studio lists a spotlight card under a person: it shows the business that person
    recommends; a person who recommends none gets a sentence, not a bare StopIteration."""
    spot = project.campaign.spotlights[0]
    assert spot.person
    by_person = render_card(project, CardJob("spotlight", "instagram-square", spot.person))
    by_id = render_card(project, CardJob("spotlight", "instagram-square", spot.id))
    assert by_person.problems == [] and by_person.image.tobytes() == by_id.image.tobytes()
    nobody = next(p.id for p in project.campaign.people if p.id != spot.person)
    with pytest.raises(LookupError, match=f"no spotlight recommended by '{nobody}'"):
        render_card(project, CardJob("spotlight", "instagram-square", nobody))
