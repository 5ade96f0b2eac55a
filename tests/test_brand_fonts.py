"""A brand's own font files (issue 18, part 3): ``brand.fonts.heading``/``body`` may name a
TTF/OTF/TTC file in the project, drawing what it has (or the scripts it is chosen for) with a
bundled family behind it for the rest.

The brand face here is tests/data/fonts/TestSerif-Latin.ttf, a Basic Latin subset of Noto
Serif: its Latin must come out unlike the bundled Noto Sans, its missing Arabic must come out
exactly as the bundled face draws it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from takatof.model import Project, load_project
from takatof.model.campaign import Fonts
from takatof.render.batch import project_names
from takatof.render.cards import CardJob, render_card, subject_for
from takatof.render.checks import glyph_problems
from takatof.render.fonts import family_stack, fonts_dir, load_font
from takatof.render.keys import card_key
from takatof.render.presets import get_preset
from takatof.render.raster import layout_stack, rasterize
from takatof.render.text import layout_text
from takatof.templates import registry
from takatof.templates.cards.common import Look
from takatof.templates.layers import BrandFamily, Canvas, Fill, Stack, Text, TextStyle
from tests.conftest import ROOT, make_media, write_project

SERIF = Path(__file__).parent / "data" / "fonts" / "TestSerif-Latin.ttf"
BRAND = "fonts/Brand-Regular.ttf"
ARABIC = "حين نتبادل ما لا نحتاجه"
LATIN = "When we swap what we need"


def _project(project_copy: Path, fonts: dict[str, Any], languages: list[str] | None = None) -> Path:
    """The example with the brand font copied into its ``fonts/`` folder and ``fonts`` as its
    ``brand.fonts``; ``languages`` for its quote card."""
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    make_media(project_copy.parent, data)
    (project_copy.parent / "fonts").mkdir(exist_ok=True)
    shutil.copyfile(SERIF, project_copy.parent / BRAND)
    data["brand"]["fonts"] = fonts
    if languages:
        data["outputs"]["cards"][0]["languages"] = languages
    return write_project(project_copy.parent, data)


def _load(path: Path) -> Project:
    return load_project(path, project_names())


def _brand(scripts: tuple[str, ...] | None = ("Latn",), fallback: str = "naskh") -> BrandFamily:
    return BrandFamily.at(SERIF.resolve(), None, scripts, fallback)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ model


def test_fonts_take_a_bundled_name_or_a_file() -> None:
    assert Fonts().model_dump(mode="json") == {"heading": "naskh", "body": "sans"}
    fonts = Fonts.model_validate({"heading": {"file": BRAND, "scripts": ["Latn"]}, "body": "naskh"})
    assert fonts.heading.file == BRAND and fonts.heading.fallback == "sans"  # type: ignore[union-attr]
    dumped = fonts.model_dump(mode="json", exclude_none=True)
    assert dumped["heading"] == {"file": BRAND, "scripts": ["Latn"], "fallback": "sans"}


@pytest.mark.parametrize(
    ("value", "loc"),
    [
        ("serif", ("heading",)),
        ({"file": BRAND, "scripts": ["latin"]}, ("heading", "scripts", 0)),
        ({"path": BRAND}, ("heading", "file")),
        ({"file": BRAND, "fallback": "serif"}, ("heading", "fallback")),
    ],
)
def test_a_wrong_font_is_reported_at_its_own_field(value: Any, loc: tuple[Any, ...]) -> None:
    """Each form is checked alone: a misspelt family name is not also an object missing
    its ``file``, and a wrong object's problem sits at its field."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        Fonts.model_validate({"heading": value})
    assert loc in [tuple(e["loc"]) for e in caught.value.errors()]
    assert all(
        e["loc"][1:2] not in (("file",), ("bundled",)) or e["loc"] == loc for e in caught.value.errors()
    )


# ------------------------------------------------------------------------------ stacks


def test_a_latin_only_brand_face_leads_latin_and_leaves_arabic_to_the_bundled_face() -> None:
    ltr = family_stack(_brand(), False, rtl_first=False)
    rtl = family_stack(_brand(), False, rtl_first=True)
    naskh = fonts_dir() / "NotoNaskhArabic-Regular.ttf"
    assert ltr.first_covering("a") == SERIF.resolve()
    assert ltr.first_covering("1") == SERIF.resolve()  # digits of a Latin paragraph
    assert rtl.first_covering("1") == naskh  # digits of an Arabic one keep its face, as before
    assert rtl.first_covering("a") == SERIF.resolve()
    assert ltr.first_covering("ب") == rtl.first_covering("ب") == naskh


def test_scripts_keep_the_brand_face_from_other_scripts() -> None:
    """A face chosen for Arabic alone does not draw Latin even though it has it."""
    arab_only = family_stack(_brand(("Arab",), "sans"), False, rtl_first=False)
    assert arab_only.first_covering("a") == fonts_dir() / "NotoSans-Regular.ttf"
    every = family_stack(_brand(None, "sans"), False, rtl_first=True)
    assert every.paths[0] == SERIF.resolve()
    assert every.first_covering("1") == SERIF.resolve()  # no scripts: all it has


def _draw(text: str, family: Any, lang: str) -> np.ndarray:
    style = TextStyle(
        family=family, size=64, min_size=64, lang=lang, direction="rtl" if lang == "ar" else "ltr"
    )
    canvas = Canvas(1200, 200)
    image, problems = rasterize([Fill("#000000"), Stack(canvas.box.inset(20), (Text(text, style),))], canvas)
    assert problems == []
    return np.asarray(image.convert("L"), dtype=np.int16)


def test_brand_latin_differs_and_arabic_falls_back_pixel_for_pixel() -> None:
    brand = _brand(("Latn",), "naskh")
    latin_brand, latin_bundled = _draw(LATIN, brand, "en"), _draw(LATIN, "naskh", "en")
    assert (latin_brand > 128).sum() > 1000  # it drew
    assert np.abs(latin_brand - latin_bundled).mean() > 5  # not Noto Sans
    assert np.array_equal(_draw(ARABIC, brand, "ar"), _draw(ARABIC, "naskh", "ar"))


# ------------------------------------------------------------------------------ the card


def _quote(project: Project) -> tuple[Image.Image, list[Any], CardJob]:
    job = CardJob("quote", "instagram-square", project.campaign.people[0].id, ("en", "ar"), True)
    canvas = get_preset(job.preset).canvas()
    layers = registry.get("quote").plan(subject_for(project, job), canvas)[1]
    card = render_card(project, job)
    assert card.problems == []
    return card.image, layers, job


def test_a_card_draws_latin_in_the_brand_face_and_arabic_in_the_bundled_one(
    project_copy: Path, tmp_path: Path
) -> None:
    """The quote card with English on top: the heading (the English quote) in the brand
    serif, the Arabic in the bundled faces, as on the card drawn with the bundled families."""
    fonts = {"heading": {"file": BRAND, "scripts": ["Latn"], "fallback": "naskh"}, "body": "sans"}
    branded = _load(_project(project_copy, fonts, ["en", "ar"]))
    plain = _load(_project(project_copy, {"heading": "naskh", "body": "sans"}, ["en", "ar"]))
    look = Look.of(subject_for(branded, _quote(branded)[2]))
    assert isinstance(look.heading, BrandFamily) and look.heading.regular == (branded.root / BRAND).resolve()

    image, layers, _ = _quote(branded)
    plain_image, _, _ = _quote(plain)
    image.save(tmp_path / "brand-quote.png")  # looked at by hand: the English quote in serif
    assert np.abs(np.asarray(image, np.int16) - np.asarray(plain_image, np.int16)).mean() > 0.5

    stacks = [layer for layer in layers if isinstance(layer, Stack)]
    drawn: dict[str, set[str]] = {}
    for stack in stacks:
        laid, problems = layout_stack(stack)
        assert problems == []
        for item, layout in zip(
            [i for i in stack.items if isinstance(i, Text)],
            [x for x in laid if not isinstance(x, int)],
            strict=True,
        ):
            if isinstance(item.style.family, BrandFamily):
                fonts_of = {p.font.name for line in layout.lines for p in line.pieces}
                drawn.setdefault(item.style.lang or "", set()).update(fonts_of)
    assert drawn["en"] == {"Brand-Regular.ttf"}
    # The brand face has no Arabic: a heading in Arabic would fall back (checked by the
    # layout of an Arabic text in the same family).
    arabic = layout_text(ARABIC, TextStyle(family=look.heading, size=60, lang="ar", direction="rtl"), 2000)
    assert {p.font.name for line in arabic.lines for p in line.pieces} == {"NotoNaskhArabic-Regular.ttf"}


# ------------------------------------------------------------------------------ validation


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "takatof.cli", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_validate_accepts_a_brand_font(project_copy: Path) -> None:
    path = _project(project_copy, {"heading": {"file": BRAND, "scripts": ["Latn"]}, "body": "sans"})
    result = _validate(path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda folder: (folder / "fonts" / "Fake.ttf").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200)),
            "is not a font file",
        ),
        (lambda folder: None, "file not found: 'fonts/Fake.ttf'"),
    ],
    ids=["jpeg-named-ttf", "missing"],
)
def test_validate_names_a_font_that_cannot_draw(project_copy: Path, make: Any, message: str) -> None:
    path = _project(project_copy, {"heading": {"file": "fonts/Fake.ttf"}, "body": "sans"})
    make(path.parent)
    result = _validate(path)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    lines = [
        line for line in (result.stdout + result.stderr).splitlines() if "brand.fonts.heading.file" in line
    ]
    assert lines and message in lines[0], result.stdout + result.stderr


@pytest.mark.parametrize(
    "make",
    [
        lambda folder: (folder / "fonts" / "Fake.ttf").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200)),
        lambda folder: None,
    ],
    ids=["jpeg-named-ttf", "missing"],
)
def test_render_refuses_a_brand_font_that_cannot_draw(project_copy: Path, make: Any, tmp_path: Path) -> None:
    """Every output draws text, so a brand font that cannot be read stops the render up front
    (exit 2, the field named once) instead of failing each output with the same problem."""
    path = _project(project_copy, {"heading": "naskh", "body": {"file": "fonts/Fake.ttf"}})
    make(path.parent)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "render", str(path), "--out", str(out), "--targets", "cards"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    told = result.stdout + result.stderr
    assert result.returncode == 2, told
    assert "Traceback" not in told and "Stack layer" not in told
    assert told.count("brand.fonts.body.file") == 1, told
    assert not (out / "cards").exists()


def test_a_character_no_font_has_is_reported_with_the_brand_font(project_copy: Path) -> None:
    """U+16A0 (a rune): neither the brand face nor a bundled one has it."""
    path = _project(project_copy, {"heading": {"file": BRAND}, "body": {"file": BRAND, "fallback": "naskh"}})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tagline"]["en"] = "Runes \u16a0 here"
    project = _load(write_project(path.parent, data))
    found = [p for p in glyph_problems(project) if p.path == "tagline.en"]
    assert len(found) == 1 and "U+16A0" in found[0].message and "Brand-Regular" in found[0].message


def test_a_character_only_the_brand_font_has_is_no_problem(project_copy: Path, tmp_path: Path) -> None:
    """A brand face that adds a character the bundled ones lack (made here: the test serif
    with its 'A' also mapped at U+16A0) draws it: nothing to report."""
    from fontTools.ttLib import TTFont

    font = TTFont(SERIF)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[0x16A0] = table.cmap[ord("A")]
    path = _project(project_copy, {"heading": {"file": BRAND}, "body": {"file": BRAND}})
    font.save(path.parent / BRAND)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tagline"]["en"] = "Runes \u16a0 here"
    project = _load(write_project(path.parent, data))
    assert [p for p in glyph_problems(project) if p.path == "tagline.en"] == []
    assert [p for p in glyph_problems(project.campaign) if p.path == "tagline.en"]  # bundled alone


# ------------------------------------------------------------------------------ keys and caches


def test_a_changed_font_file_changes_the_cards_key_and_what_is_drawn(project_copy: Path) -> None:
    path = _project(project_copy, {"heading": "naskh", "body": {"file": BRAND}})
    before = card_key(_load(path), "quote", "instagram-square", "hala", ("ar", "en"))
    brand = BrandFamily.at((path.parent / BRAND).resolve(), None, None, "sans")
    serif_width = load_font(brand.regular, 40).getlength("When")
    shutil.copyfile(fonts_dir() / "NotoSans-Regular.ttf", path.parent / BRAND)
    after = card_key(_load(path), "quote", "instagram-square", "hala", ("ar", "en"))
    assert after != before
    changed = BrandFamily.at((path.parent / BRAND).resolve(), None, None, "sans")
    assert changed != brand  # another version: every cache keyed by the style misses
    assert load_font(changed.regular, 40).getlength("When") != serif_width  # read again


def test_a_card_drawn_with_a_file_that_is_no_font_fails_naming_it(project_copy: Path) -> None:
    """Rendering goes on past a broken media file (the outputs using it fail): a brand font
    that cannot be read fails its cards with the file's name, not a traceback."""
    path = _project(project_copy, {"heading": "naskh", "body": {"file": BRAND}})
    project = _load(path)
    (path.parent / BRAND).write_bytes(b"not a font at all")
    card = render_card(project, CardJob("quote", "instagram-square", "hala", ("ar", "en"), False))
    assert card.problems and all(
        "Brand-Regular.ttf" in p.message and "cannot be read" in p.message for p in card.problems
    )


def test_a_story_frame_draws_its_latin_in_the_brand_face(project_copy: Path, tmp_path: Path) -> None:
    """The story video takes the brand's families too (its lower third and burned-in
    captions): a frame with English text on it is not the frame the bundled faces draw."""
    from takatof.render.video.render import VideoJob, preview

    job = VideoJob("story", "instagram-square", "hala")
    body = {"file": BRAND, "scripts": ["Latn"]}
    branded = _load(_project(project_copy, {"heading": "naskh", "body": body}))
    frame, _ = preview(branded, job, 5.0, tmp_path / "cache", 0.5)
    plain = _load(_project(project_copy, {"heading": "naskh", "body": "sans"}))
    plain_frame, _ = preview(plain, job, 5.0, tmp_path / "cache", 0.5)
    assert np.abs(np.asarray(frame, np.int16) - np.asarray(plain_frame, np.int16)).mean() > 0.3
