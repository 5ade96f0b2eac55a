"""The brand kit: the logo with its light and dark versions, the partners' logos, and the
contrast guard that keeps each legible on whatever is behind it.

Model: the old single ``logo`` still loads, the kit loads from the support-local example,
and a partner's bad file is told at its JSON path. Layout: a row of partners is measured in
the pixels it draws (each logo's ink found by drawing it alone on the ground): it fits its
area, keeps every logo's aspect, gives each the same visual weight, equal gaps, and reads
right to left on an RTL card. Renderer: the variant is chosen by the pixels under the mark's
own outline, and a plate, when needed, is one the mark meets 3:1 against. Studio: partners
added, reordered and removed in the brand's form, each one undoable step.
"""

from __future__ import annotations

import itertools
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from takatof.model import Brand, load_for_editing
from takatof.model.problems import ProjectError
from takatof.render.batch import project_names
from takatof.render.marks import LOGO_CONTRAST, contrast_ratio, draw_logo, relative_luminance
from takatof.render.raster import rasterize
from takatof.templates.cards.brand import BrandKit, Ink, ink_of, measure, partner_row, row_layout
from takatof.templates.layers import Box, Canvas, Fill, Layer, Logo
from takatof.templates.registry import Subject
from tests.conftest import make_media

ROOT = Path(__file__).resolve().parents[1]
SUPPORT_LOCAL = ROOT / "examples" / "support-local"
WHITE = (255, 255, 255)


# --- the model --------------------------------------------------------------------------------


def test_the_old_single_logo_still_loads_as_the_primary() -> None:
    brand = Brand.model_validate({"logo": "media/logo.png"})
    assert brand.logo == "media/logo.png"
    assert (brand.logo_light, brand.logo_dark, brand.partners) == (None, None, [])


@pytest.fixture
def support_local(tmp_path: Path) -> Path:
    shutil.copytree(SUPPORT_LOCAL, tmp_path / "p")
    return tmp_path / "p" / "campaign.json"


def _subject(path: Path) -> Subject:
    project, _ = load_for_editing(path, project_names())
    return Subject(project.campaign, lambda written: (path.parent / written).resolve())


def test_the_kit_loads_with_its_variants_and_named_partners(support_local: Path) -> None:
    project, problems = load_for_editing(support_local, project_names())
    assert not [p for p in problems if p.path.startswith("brand.partners") or p.path.startswith("brand.logo")]
    brand = project.campaign.brand
    assert brand.logo_light == "media/logo-light.png"
    assert len(brand.partners) == 5
    assert brand.partners[0].name is not None and brand.partners[0].name.get("en") == "Oliveway Growers"
    kit = BrandKit.of(_subject(support_local))
    media = support_local.parent / "media"
    assert kit.logos == ((media / "logo.png").resolve(), (media / "logo-light.png").resolve())
    assert [p.file.name for p in kit.partners][:2] == ["partner-oliveway.png", "partner-archway.png"]
    assert kit.partners[0].name("ar") == "مزارعو أوليفواي"
    assert kit.partners[0].name("en-GB") == "Oliveway Growers"  # the base language serves
    assert kit.plate == brand.secondary


@pytest.mark.parametrize(
    ("partners", "path", "words"),
    [
        ("missing", "brand.partners[2].file", "file not found"),
        ({"name": {"ar": "أ", "en": "A"}}, "brand.partners[2].file", "required"),
        ({"file": "media/partner-brix.png", "logo": "x"}, "brand.partners[2].logo", "unknown field"),
        ({"file": "media/partner-brix.png", "name": {"ar": "أ"}}, "brand.partners[2].name.en", "English"),
    ],
)
def test_a_bad_partner_is_told_at_its_json_path(
    support_local: Path, partners: object, path: str, words: str
) -> None:
    data = json.loads(support_local.read_text(encoding="utf-8"))
    data["brand"]["partners"][2] = (
        {"file": "media/no-such-partner.png"} if partners == "missing" else partners
    )
    support_local.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    try:
        _, problems = load_for_editing(support_local, project_names())
    except ProjectError as exc:  # a type error stops the load: its problems are on the error
        problems = exc.problems
    found = [p for p in problems if p.path == path]
    assert found, [(p.path, p.message) for p in problems]
    assert words in found[0].message


def test_variant_and_partner_files_are_checked_like_every_medium(support_local: Path) -> None:
    data = json.loads(support_local.read_text(encoding="utf-8"))
    data["brand"]["logo_dark"] = "media/nowhere.png"
    data["brand"]["partners"][4]["file"] = "media/nowhere-either.png"
    support_local.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _, problems = load_for_editing(support_local, project_names())
    paths = {p.path for p in problems if "not found" in p.message}
    assert paths == {"brand.logo_dark", "brand.partners[4].file"}


# --- measuring a logo -------------------------------------------------------------------------


def test_a_logo_is_measured_by_its_ink_not_its_file(tmp_path: Path) -> None:
    mark = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(mark).rectangle([50, 20, 149, 69], fill=(10, 10, 10, 255))
    mark.save(tmp_path / "m.png")
    ink = ink_of(tmp_path / "m.png")
    assert ink.size == (200, 100)
    assert ink.box == (0.25, 0.2, 0.75, 0.7)
    assert ink.aspect == pytest.approx(2.0)
    assert ink.coverage == pytest.approx(1.0)
    Image.new("RGB", (300, 100), WHITE).save(tmp_path / "opaque.jpg")  # all of it shows
    assert ink_of(tmp_path / "opaque.jpg").box == (0.0, 0.0, 1.0, 1.0)


@pytest.mark.parametrize(
    ("alpha", "box", "coverage"),
    [
        (np.zeros((4, 4)), (0.0, 0.0, 1.0, 1.0), 1.0),  # nothing drawn: the whole file
        (np.pad(np.full((2, 2), 255), 1), (0.25, 0.25, 0.75, 0.75), 1.0),
        (np.pad(np.full((2, 2), 10), 1), (0.0, 0.0, 1.0, 1.0), 1.0),  # a faint haze is no ink
        (np.array([[255, 0], [0, 255]]), (0.0, 0.0, 1.0, 1.0), 0.5),
    ],
)
def test_ink_measure(alpha: np.ndarray, box: tuple[float, ...], coverage: float) -> None:
    found_box, found_coverage = measure(alpha.astype(np.uint8))
    assert found_box == box
    assert found_coverage == pytest.approx(coverage)


# --- the partner row, measured in the pixels it draws ------------------------------------------


def _logo(path: Path, size: tuple[int, int], shape: str, colour: str = "#1B1F24") -> Path:
    """A test mark: ``shape`` drawn in ``colour`` inside a transparent margin of 10%."""
    w, h = size
    mark = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    inner = [w // 10, h // 10, w - w // 10 - 1, h - h // 10 - 1]
    if shape == "solid":
        draw.rectangle(inner, fill=colour)
    elif shape == "ring":
        draw.ellipse(inner, outline=colour, width=max(4, min(w, h) // 8))
    elif shape == "bars":
        step = (inner[3] - inner[1]) // 5
        for k in range(3):
            draw.rectangle(
                [inner[0], inner[1] + 2 * k * step, inner[2], inner[1] + (2 * k + 1) * step], fill=colour
            )
    mark.save(path)
    return path


FIVE = [("wordmark", (600, 100), "solid"), ("emblem", (240, 240), "solid"), ("ring", (300, 300), "ring"),
        ("bars", (360, 180), "bars"), ("crest", (200, 260), "solid")]  # fmt: skip


@pytest.fixture
def five(tmp_path: Path) -> list[Path]:
    colours = ["#1B1F24", "#264E86", "#7A1F1F", "#2F4F2F", "#3B2A5A"]
    return [
        _logo(tmp_path / f"{name}.png", size, shape, colours[i]) for i, (name, size, shape) in enumerate(FIVE)
    ]


GROUND = "#FFFFFF"


def _drawn_ink(layer: Layer, canvas: Canvas) -> tuple[tuple[int, int, int, int], float]:
    """The bounding box of what ``layer`` draws on the ground (left, top, right, bottom) and
    the share of that box it covers."""
    image, problems = rasterize([Fill(GROUND), layer], canvas)
    assert problems == []
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    inked = np.abs(pixels - np.array(WHITE)).max(axis=2) > 40
    ys, xs = np.nonzero(inked)
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    return box, float(inked[box[1] : box[3], box[0] : box[2]].mean())


def test_five_partners_fit_their_area_keep_their_aspect_and_weigh_the_same(five: list[Path]) -> None:
    canvas = Canvas(1080, 1080)
    area = Box(60, 60, 960, 960)
    kit = BrandKit(partners=five, plate="#F2E8D5")
    layers, rest = partner_row(kit, canvas, area)
    assert len(layers) == 5 and all(isinstance(layer, Logo) for layer in layers)
    assert rest.y == area.y and rest.bottom < area.bottom  # the area left is above the row
    drawn = [_drawn_ink(layer, canvas) for layer in layers]
    boxes = [box for box, _ in drawn]
    for (left, top, right, bottom), path in zip(boxes, five, strict=True):
        assert area.x <= left and right <= area.right, path.name
        assert rest.bottom <= top and bottom <= area.bottom, path.name
        ink = ink_of(path)
        # The aspect of what is drawn is the mark's own (to a pixel of rounding either way).
        w, h = right - left, bottom - top
        assert abs(w / h - ink.aspect) <= ink.aspect * (2 / min(w, h)), path.name
    # In order, left to right, with equal gaps between the marks' ink, and centred.
    gaps = [b[0] - a[2] for a, b in itertools.pairwise(boxes)]
    assert min(gaps) > 0 and max(gaps) - min(gaps) <= 3, gaps
    assert abs((boxes[0][0] - area.x) - (area.right - boxes[-1][2])) <= 3
    # Equal visual weight: the ink's box times the square root of its coverage.
    weights = [(b[2] - b[0]) * (b[3] - b[1]) * math.sqrt(c) for b, c in drawn]
    assert max(weights) / min(weights) < 1.12, weights
    # Not equal boxes: the wordmark is far wider than the emblem, and lower.
    (wl, wt, wr, wb), (el, et, er, eb) = boxes[0], boxes[1]
    assert wr - wl > 2 * (er - el) and wb - wt < eb - et


def test_an_rtl_card_reads_the_partners_right_to_left(five: list[Path]) -> None:
    canvas = Canvas(1080, 1080)
    kit = BrandKit(partners=five)
    ltr, _ = partner_row(kit, canvas, canvas.safe_box)
    rtl, _ = partner_row(kit, canvas, canvas.safe_box, rtl=True)
    lefts = {layer.variants: layer.box.x for layer in rtl if isinstance(layer, Logo)}
    order = sorted(lefts, key=lambda variants: -lefts[variants])
    assert [v[0] for v in order] == five  # the first partner at the right
    widths = sorted(layer.box.w for layer in ltr if isinstance(layer, Logo))
    assert widths == sorted(layer.box.w for layer in rtl if isinstance(layer, Logo))


def test_many_partners_take_two_rows_at_one_weight(five: list[Path], tmp_path: Path) -> None:
    canvas = Canvas(1080, 1080)
    area = Box(60, 60, 960, 960)
    many = five + [_logo(tmp_path / f"extra-{k}.png", (500, 100), "solid") for k in range(7)]
    layers, rest = partner_row(BrandKit(partners=many), canvas, area)
    tops = sorted({layer.box.y + layer.box.h // 2 for layer in layers if isinstance(layer, Logo)})
    assert tops[-1] - tops[0] > 72  # two lines of logos
    for layer in layers:
        (left, top, right, bottom), _ = _drawn_ink(layer, canvas)
        assert area.x <= left and right <= area.right and rest.bottom <= top and bottom <= area.bottom


def test_a_tall_crest_is_capped_at_the_row_not_shrinking_the_others() -> None:
    inks = [Ink((400, 200)), Ink((200, 200)), Ink((300, 200)), Ink((100, 600))]
    row = Box(0, 0, 1000, 80)
    spots = row_layout(inks, row, 20)
    assert all(spot.h <= 80.01 for spot in spots)
    assert spots[3].h == pytest.approx(80)
    others = [spot.w * spot.h for spot in spots[:3]]
    assert max(others) / min(others) == pytest.approx(1.0, rel=0.01)
    assert spots[1].h > 40  # a crest four times as tall as wide did not set everyone's size


# --- the contrast guard -----------------------------------------------------------------------


def _mark(path: Path, colour: str, size: tuple[int, int] = (200, 200)) -> Path:
    mark = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(mark).rounded_rectangle([20, 20, size[0] - 21, size[1] - 21], radius=30, fill=colour)
    mark.save(path)
    return path


def _draw(layer: Logo, ground: Image.Image) -> Image.Image:
    image = ground.convert("RGBA")
    draw_logo(image, layer, lambda path: Image.open(path).convert("RGBA"))
    return image.convert("RGB")


def _lum(rgb: tuple[int, ...] | np.ndarray) -> float:
    return float(relative_luminance(np.array(rgb[:3])))


def test_a_dark_logo_on_a_dark_ground_draws_the_light_variant(tmp_path: Path) -> None:
    dark, light = _mark(tmp_path / "dark.png", "#1B1F24"), _mark(tmp_path / "light.png", "#F5F1E8")
    ground = Image.new("RGB", (400, 400), "#10201B")
    out = _draw(Logo(Box(100, 100, 200, 200), (dark, light), plate="#F2E8D5"), ground)
    assert out.getpixel((200, 200)) == (245, 241, 232)  # the light mark, in the middle
    assert out.getpixel((105, 105)) == (16, 32, 27)  # and no plate around it
    # On a light ground the primary (dark) mark is the one drawn.
    out = _draw(Logo(Box(100, 100, 200, 200), (dark, light)), Image.new("RGB", (400, 400), "#F2E8D5"))
    assert out.getpixel((200, 200)) == (27, 31, 36)


def test_the_ground_is_what_is_under_the_mark_not_the_mean_of_its_box(tmp_path: Path) -> None:
    """A white mark over the dark half of a box whose other half is bright: legible as it is
    (the box's mean, mostly bright, would have asked for the dark variant)."""
    white = Image.new("RGBA", (400, 100), (0, 0, 0, 0))
    ImageDraw.Draw(white).rectangle([300, 20, 390, 80], fill="#FFFFFF")
    white.save(tmp_path / "white.png")
    black = _mark(tmp_path / "black.png", "#000000", (400, 100))
    ground = Image.new("RGB", (400, 100), "#FFFFFF")
    ground.paste((20, 20, 20), (280, 0, 400, 100))
    out = _draw(Logo(Box(0, 0, 400, 100), (tmp_path / "white.png", black), plate="#F2E8D5"), ground)
    assert out.getpixel((345, 50)) == WHITE  # the white mark on the dark patch
    assert out.getpixel((100, 50)) == WHITE  # nothing drawn over the bright part


def test_with_no_variant_standing_out_a_plate_is_drawn_the_mark_meets_three_to_one(tmp_path: Path) -> None:
    grey, other = _mark(tmp_path / "grey.png", "#6E6E6E"), _mark(tmp_path / "grey2.png", "#7A7A7A")
    ground = Image.new("RGB", (600, 600), "#747474")
    # The brand's plate is as grey as the ground: a plate the mark meets 3:1 on is chosen.
    out = _draw(Logo(Box(200, 200, 200, 200), (grey, other), plate="#808080"), ground)
    mark = out.getpixel((300, 300))
    plate = out.getpixel((300, 200 + 20 - 8))  # just outside the mark's ink, on the plate
    assert plate != (116, 116, 116)
    assert contrast_ratio(_lum(mark), _lum(plate)) >= LOGO_CONTRAST
    assert out.getpixel((200 + 20 - 60, 300)) == (116, 116, 116)  # the plate hugs the ink


def test_the_plate_margin_grows_with_the_mark(tmp_path: Path) -> None:
    grey = _mark(tmp_path / "grey.png", "#6E6E6E")
    margins = []
    for side in (100, 300):
        ground = Image.new("RGB", (500, 500), "#747474")
        out = np.asarray(_draw(Logo(Box(100, 100, side, side), (grey,), plate="#FFFFFF"), ground))
        row = out[100 + side // 2, :, 0]
        plate_left = int(np.argmax(row == 255))
        ink_left = 100 + round(side * 0.1)
        margins.append((ink_left - plate_left) / (side * 0.8))
    assert margins[0] == pytest.approx(margins[1], abs=0.03)
    assert 0.15 < margins[0] < 0.35


# --- the Studio -------------------------------------------------------------------------------


def test_partners_are_added_reordered_and_removed_in_the_studio_with_undo(qtbot, project_copy: Path) -> None:
    pytest.importorskip("PySide6")
    pytest.importorskip("pytestqt")
    from takatof.ui.document import Document
    from takatof.ui.inspector import Inspector
    from takatof.ui.media_editor import MediaEditor, MediaListEditor

    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["brand"]["partners"] = [{"file": "media/partner-a.png", "name": {"ar": "أ", "en": "A"}}]
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    make_media(project_copy.parent, data)
    for name in ("partner-b.png", "partner-c.png", "logo-white.png"):
        Image.new("RGBA", (32, 16), (200, 30, 30, 255)).save(project_copy.parent / "media" / name)
    loaded, problems = load_for_editing(project_copy, project_names())
    assert problems == []
    document = Document(loaded)
    inspector = Inspector(document)
    qtbot.addWidget(inspector)
    inspector.show_path("brand")

    light = inspector.editors["brand.logo_light"]
    assert isinstance(light, MediaEditor) and light.kind == "image"
    light.set_path("media/logo-white.png")
    assert document.get("brand.logo_light") == "media/logo-white.png"

    partners = inspector.editors["brand.partners"]
    assert isinstance(partners, MediaListEditor) and partners.kind == "image"
    assert "brand.partners[0].name" in inspector.editors  # the name is edited beside the file
    media = project_copy.parent / "media"
    partners.add_files([media / "partner-b.png", media / "partner-c.png"])  # one step
    files = lambda: [p["file"] for p in document.get("brand.partners")]  # noqa: E731
    assert files() == ["media/partner-a.png", "media/partner-b.png", "media/partner-c.png"]
    qtbot.wait(10)  # the form follows the document from the event loop
    inspector.editors["brand.partners"].move_item(2, 0)
    assert files() == ["media/partner-c.png", "media/partner-a.png", "media/partner-b.png"]
    assert document.get("brand.partners[1].name") == {"ar": "أ", "en": "A"}  # the name moves with it
    qtbot.wait(10)
    inspector.editors["brand.partners"].remove(1)
    assert files() == ["media/partner-c.png", "media/partner-b.png"]

    document.undo_stack.undo()
    assert files() == ["media/partner-c.png", "media/partner-a.png", "media/partner-b.png"]
    document.undo_stack.undo()
    assert files() == ["media/partner-a.png", "media/partner-b.png", "media/partner-c.png"]
    document.undo_stack.undo()
    assert files() == ["media/partner-a.png"]
    document.undo_stack.undo()
    assert document.get("brand.logo_light") is None
    document.undo_stack.redo()
    assert document.get("brand.logo_light") == "media/logo-white.png"


def test_a_mark_reaching_past_the_card_edge_draws_the_part_inside(tmp_path: Path) -> None:
    """A partner logo's transparent margin may reach past the card: what is inside is drawn
    and judged, nothing fails."""
    dark = _mark(tmp_path / "dark.png", "#1B1F24")
    out = _draw(Logo(Box(-50, -50, 200, 200), (dark,), plate="#FFFFFF"), Image.new("RGB", (300, 300), WHITE))
    assert out.getpixel((20, 20)) == (27, 31, 36)
    assert out.getpixel((200, 200)) == WHITE
