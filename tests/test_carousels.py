"""Carousels (issue 21, part 2): a cover, a slide per subject and a closing, at each carousel
preset, through the one output pipeline.

Checked here: the carousel presets and each platform's slide limit (a table); a real render
through ``takatof render --targets carousels`` writes numbered files in order, all of the
preset's size, as many as the subjects plus two and within the platform's limit, their alt
text, and the PDF (its pages counted and sized by parsing it); the manifest counts one output
per carousel and lists every slide; a second render skips them all; ``-j 2`` and a Dask
cluster write the same bytes; a carousel over its platform's limit is refused with both
numbers, by validation and by the kind itself; the page dots move with the slide, in the
reading direction of the first language, and the swipe cue points that way on every slide but
the last; the cover's and the closing's words are read back by OCR.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageOps

from takatof.cli import main
from takatof.model import Project, validate_data
from takatof.model.campaign import Campaign
from takatof.render.batch import project_names
from takatof.render.carousels import carousel_jobs, draw_slides
from takatof.render.jobs import Job, kind_of
from takatof.render.presets import carousel_preset_ids, get_preset, slide_limit
from takatof.templates.cards.slides import chrome_height
from tests.conftest import EXAMPLE, EXAMPLE_DIR

try:
    from tests import ocr
except ImportError:  # pragma: no cover - run from the tests folder
    import ocr  # type: ignore[no-redef]

CAROUSELS = [
    {"id": "leaders", "presets": ["instagram-portrait", "tiktok", "linkedin-document"], "pdf": True},
    {"id": "shops", "of": "spotlights", "presets": ["instagram-square"], "languages": ["ar"]},
    {"id": "pair", "subjects": ["rania", "hala"], "presets": ["instagram-3x4"], "slide": "stat"},
]


def _write(project: Path, carousels: list[dict[str, Any]]) -> None:
    data = json.loads(project.read_text(encoding="utf-8"))
    data["outputs"] = {"carousels": carousels}
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _manifest(out: Path) -> list[dict[str, Any]]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def _project(data: dict[str, Any]) -> Project:
    campaign, problems = validate_data(data, EXAMPLE_DIR, project_names())
    assert campaign is not None and not problems, problems
    return Project(campaign, EXAMPLE)


def _example(carousels: list[dict[str, Any]]) -> dict[str, Any]:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["outputs"] = {"carousels": carousels}
    return data


# ---------------------------------------------------------------------------- presets


@pytest.mark.parametrize(
    ("preset_id", "size", "limit", "platform"),
    [
        ("instagram-square", (1080, 1080), 10, "Instagram"),
        ("instagram-portrait", (1080, 1350), 10, "Instagram"),
        ("instagram-3x4", (1080, 1440), 10, "Instagram"),
        ("threads", (1080, 1350), 20, "Threads"),
        ("linkedin-document", (1080, 1350), 20, "LinkedIn"),
        ("tiktok", (1080, 1920), 35, "TikTok"),
    ],
)
def test_each_carousel_preset_has_its_platforms_slide_limit(
    preset_id: str, size: tuple[int, int], limit: int, platform: str
) -> None:
    preset = get_preset(preset_id)
    assert (preset.width, preset.height) == size
    assert slide_limit(preset_id)[0] == limit
    assert platform in slide_limit(preset_id)[1]


def test_only_carousel_presets_have_a_slide_limit() -> None:
    assert len(carousel_preset_ids()) == 6
    with pytest.raises(KeyError, match="not a carousel preset"):
        slide_limit("x-card")


# ---------------------------------------------------------------------------- a real render


def _slides(folder: Path) -> list[Path]:
    return sorted(folder.glob("[0-9][0-9].png")) + sorted(folder.glob("[0-9][0-9].jpg"))


def test_render_writes_numbered_same_size_slides_a_pdf_and_skips_them_unchanged(
    project_copy: Path, tmp_path: Path
) -> None:
    _write(project_copy, CAROUSELS)
    out = tmp_path / "out"
    assert (
        main(["render", str(project_copy), "--out", str(out), "--targets", "carousels", "-q", "-j", "1"]) == 0
    )
    root = out / "carousels" / "community-stories-mena"
    expected = {  # folder: (preset, slides: a cover, the subjects, a closing)
        "leaders-instagram-portrait": ("instagram-portrait", 4 + 2),
        "leaders-tiktok": ("tiktok", 4 + 2),
        "leaders-linkedin-document": ("linkedin-document", 4 + 2),
        "shops-instagram-square-ar": ("instagram-square", 1 + 2),
        "pair-instagram-3x4": ("instagram-3x4", 2 + 2),
    }
    assert {p.name for p in root.iterdir() if p.is_dir()} == set(expected)
    for name, (preset_id, count) in expected.items():
        files = _slides(root / name)
        assert [f.stem for f in files] == [f"{n:02d}" for n in range(1, count + 1)]
        assert count <= slide_limit(preset_id)[0]
        preset = get_preset(preset_id)
        assert {Image.open(f).size for f in files} == {(preset.width, preset.height)}
        listing = (root / name / "alt.txt").read_text(encoding="utf-8")
        for n, f in enumerate(files, start=1):
            alt = (f.with_suffix(".alt.txt")).read_text(encoding="utf-8")
            assert f"Slide {n} of {count}" in alt or f"الشريحة {n} من {count}" in alt
            assert f.name in listing
    # The PDF: one page a slide, each the slide's size in points (72 dpi).
    for name in ("leaders-instagram-portrait", "leaders-tiktok", "leaders-linkedin-document"):
        pdf = (root / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF")
        preset = get_preset(expected[name][0])
        boxes = re.findall(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", pdf)
        assert len(boxes) == expected[name][1]
        assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(preset.width, preset.height)}
    assert not (root / "shops-instagram-square-ar.pdf").exists()
    # The manifest: one carousel entry per carousel and preset, every slide part of it.
    entries = _manifest(out)
    carousels = [e for e in entries if e["kind"] == "carousel"]
    slides = [e for e in entries if e["kind"] == "slide"]
    assert len(carousels) == len(expected)
    assert len(slides) == sum(count for _, count in expected.values())
    assert all(e["status"] == "rendered" for e in entries)
    leaders = next(e for e in carousels if e["preset"] == "instagram-portrait")
    assert leaders["subjects"] == ["hala", "marouan", "rania", "ibrahim"]
    assert leaders["pdf"] == "carousels/community-stories-mena/leaders-instagram-portrait.pdf"
    assert [e.get("featured") for e in slides if e["id"] == "pair"] == [None, "rania", "hala", None]
    # Rendered again: nothing changed, nothing made.
    assert main(["render", str(project_copy), "--out", str(out), "--targets", "carousels", "-q"]) == 0
    assert {e["status"] for e in _manifest(out)} == {"unchanged"}


def test_a_pool_and_a_cluster_write_the_same_slides(project_copy: Path, tmp_path: Path) -> None:
    _write(project_copy, CAROUSELS[1:])
    runs = {"one": ["-j", "1"], "pool": ["-j", "2"]}
    try:
        import dask.distributed  # noqa: F401

        runs["cluster"] = ["--cluster", "local:2"]
    except ImportError:  # pragma: no cover - the cluster extra is optional
        pass
    made: dict[str, dict[str, bytes]] = {}
    for name, how in runs.items():
        out = tmp_path / name
        assert (
            main(["render", str(project_copy), "--out", str(out), "--targets", "carousels", "-q", *how]) == 0
        )
        made[name] = {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in (out / "carousels").rglob("*")
            if p.is_file()
        }
    assert made["one"]
    for name in runs:
        assert made[name] == made["one"], name


# ---------------------------------------------------------------------------- the limit


def _many(count: int) -> dict[str, Any]:
    """The example with ``count`` people (copies of its first, each their own id)."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    model = data["people"][0]
    data["people"] = [{**model, "id": f"p{k}"} for k in range(1, count + 1)]
    data["spotlights"] = []
    return data


def test_a_carousel_over_its_platforms_limit_is_refused_with_the_numbers() -> None:
    data = _many(9)  # 9 subjects + a cover and a closing: 11 slides; Instagram takes 10
    data["outputs"] = {"carousels": [{"presets": ["threads", "instagram-square"]}]}
    _, problems = validate_data(data, EXAMPLE_DIR, project_names())
    (problem,) = [p for p in problems if p.path.startswith("outputs.carousels[0]")]
    assert "10" in problem.message and "11" in problem.message, problem
    # The kind refuses it too (a project that skipped validation, an edited job): 11 > 10.
    data["outputs"] = {"carousels": [{"presets": ["threads"]}]}
    project = _project(data)
    (fits,) = carousel_jobs(project, None, None)
    over = Job("carousel", "carousel", "instagram-square", None, fits.languages, False, variant="carousel",
               subjects=fits.subjects)  # fmt: skip
    (entry,) = kind_of("carousel").make(_run(project), over).entries
    assert entry.error is not None and "at most 10 slides" in entry.error and "has 11" in entry.error
    # At Threads (20) the same carousel is made.
    made = kind_of("carousel").make(_run(project), fits).entries
    assert [e.error for e in made] == [None] * (1 + 11)


def _run(project: Project) -> Any:
    from takatof.render.jobs import Run, Workspace

    return Run(project, Workspace(Path("."), Path(".")))


# ---------------------------------------------------------------------------- chrome, pictures


def _accent(image: Image.Image, color: str) -> np.ndarray:
    """Where the picture is the accent colour (within a small tolerance)."""
    rgb = np.asarray(image.convert("RGB")).astype(int)
    want = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
    return np.abs(rgb - want).sum(axis=2) < 40


@pytest.mark.parametrize(
    ("langs", "backwards"), [(["en", "ar"], False), (["ar", "en"], True), (["ar"], True)]
)
def test_the_page_dots_follow_the_slide_and_the_cue_points_where_the_next_one_is(
    langs: list[str], backwards: bool
) -> None:
    project = _project(_example([{"presets": ["instagram-portrait"], "languages": langs}]))
    (job,) = carousel_jobs(project, None, None)
    slides, problems = draw_slides(project, job)
    assert problems == []
    preset = get_preset("instagram-portrait")
    canvas = preset.card_canvas()
    safe = canvas.safe_box
    strip_top = safe.bottom - chrome_height(canvas)
    accent = project.campaign.brand.accent
    dots: list[float] = []
    for n, slide in enumerate(slides):
        strip = _accent(slide.image, accent)[strip_top : safe.bottom, safe.x : safe.right]
        width = safe.w
        middle = strip[:, width // 5 : width - width // 5]  # the dots, between the cue's places
        xs = np.nonzero(middle.any(axis=0))[0]
        assert xs.size, f"slide {n + 1}: no filled dot"
        dots.append(float(xs.mean()))
        left = strip[:, : width // 6].sum()
        right = strip[:, width - width // 6 :].sum()
        if n == len(slides) - 1:
            assert left == right == 0, "the last slide has no swipe cue"
        else:
            assert (left > 0, right > 0) == ((True, False) if backwards else (False, True)), n
    steps = np.diff(dots)
    assert (steps < 0).all() if backwards else (steps > 0).all(), dots
    assert len(slides) == len(project.campaign.people) + 2


def _read(image: Image.Image) -> str:
    """Every word OCR finds on a slide (light on dark: inverted)."""
    small = ImageOps.invert(image.convert("L")).resize((image.width // 2, image.height // 2))
    return " ".join(ocr.normalise(ocr.read(small, "eng", psm)) for psm in (3, 11))


@pytest.mark.skipif(ocr.missing() is not None, reason=str(ocr.missing()))
def test_the_cover_and_the_closing_say_what_they_are_for() -> None:
    project = _project(_example([{"presets": ["instagram-square"], "languages": ["en"]}]))
    (job,) = carousel_jobs(project, None, None)
    slides, _ = draw_slides(project, job)
    cover, closing = _read(slides[0].image), _read(slides[-1].image)
    for words in ("Community Stories MENA", "Swipe for more"):
        assert ocr.normalise(words) in cover, cover
    assert ocr.normalise("Share your community") in closing, closing
    assert ocr.normalise("#CommunityStoriesMENA") in closing, closing
    # And not the other way round: the cover is not the closing.
    assert ocr.normalise("Share your community") not in cover


def test_a_subject_slide_is_its_card_with_the_chrome() -> None:
    """A subject's slide is drawn from the output's card template: its words are there (the
    quote's source fields), the chrome under them, the slide the preset's size."""
    project = _project(_example([{"presets": ["threads"], "subjects": ["rania"]}]))
    (job,) = carousel_jobs(project, None, None)
    slides, problems = draw_slides(project, job)
    assert problems == [] and len(slides) == 3
    assert slides[1].featured == "rania"
    alt = {line.lang: line.full() for line in slides[1].alt_lines}
    rania = project.campaign.person("rania")
    assert alt["en"].startswith("Slide 2 of 3: ")
    assert rania.name.get("en") in alt["en"] and rania.quote.get("en") in alt["en"]
    assert rania.name.get("ar") in alt["ar"]
    assert slides[1].image.size == (1080, 1350)


# ---------------------------------------------------------------------------- subjects, keys, fewer slides


def test_an_empty_list_of_subjects_is_no_one_for_validation_and_for_the_render() -> None:
    """``subjects: []`` is a problem, never "everyone": the render makes no carousel of it."""
    data = _example([{"id": "none", "presets": ["instagram-square"], "subjects": []}])
    _, problems = validate_data(data, EXAMPLE_DIR, project_names())
    assert [p.path for p in problems] == ["outputs.carousels[0].subjects"]
    assert "lists no one" in problems[0].message
    campaign = Campaign.model_validate(data)  # its types alone: as a loader without the checks
    assert carousel_jobs(Project(campaign, EXAMPLE), None, None) == []


def test_a_carousel_of_businesses_is_made_again_when_an_owner_changes() -> None:
    """The spotlight slide prints the owner's group ("recommended by ..."): the owner's data
    is part of the key; someone who owns none of its businesses is not."""
    data = _example([{"id": "shops", "of": "spotlights", "presets": ["instagram-square"]}])
    kind = kind_of("carousel")
    (job,) = carousel_jobs(_project(data), None, None)
    key = kind.key(_project(data), job, None)
    owner = json.loads(json.dumps(data))
    owner["people"][2]["group"]["en"] = "Another Group"  # rania owns dar-el-khoos
    assert kind.key(_project(owner), job, None) != key
    other = json.loads(json.dumps(data))
    other["people"][1]["group"]["en"] = "Another Group"  # marouan owns none
    assert kind.key(_project(other), job, None) == key


def test_a_carousel_with_fewer_slides_leaves_no_old_slide_behind(project_copy: Path, tmp_path: Path) -> None:
    """Six slides, then four into the same folder: 05 and 06 (and their alt text) are gone
    from the folder and from the manifest; the folder holds exactly the new carousel."""
    out = tmp_path / "out"
    args = ["render", str(project_copy), "--out", str(out), "--targets", "carousels", "-q", "-j", "1"]
    _write(project_copy, [{"id": "leaders", "presets": ["instagram-square"]}])
    assert main(args) == 0
    folder = out / "carousels" / "community-stories-mena" / "leaders-instagram-square"
    assert [f.stem for f in _slides(folder)] == ["01", "02", "03", "04", "05", "06"]
    _write(project_copy, [{"id": "leaders", "presets": ["instagram-square"], "subjects": ["rania", "hala"]}])
    assert main(args) == 0
    assert [f.stem for f in _slides(folder)] == ["01", "02", "03", "04"]
    assert not [f.name for f in folder.iterdir() if f.name.startswith(("05", "06"))]
    entries = _manifest(out)
    assert sorted(e["slide"] for e in entries if e["kind"] == "slide") == [1, 2, 3, 4]
    assert {e["status"] for e in entries} == {"rendered"}
    listed = {rel for e in entries for rel in _files(e)}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed |= set(manifest.get("kit") or [])  # the publishing kit's files
    on_disk = {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"
    }
    assert on_disk == listed
    carousel_posts = [p for p in manifest.get("posts") or [] if p["kind"] == "carousel"]
    assert all(
        [m.rsplit("/", 1)[1] for m in p["media"]] == [f"0{n}.png" for n in range(1, 5)]
        for p in carousel_posts
    )
    closing = (folder / "04.alt.txt").read_text(encoding="utf-8")
    assert "Slide 4 of 4" in closing or "الشريحة 4 من 4" in closing


def _files(entry: dict[str, Any]) -> list[str]:
    found = [
        entry.get("path"),
        entry.get("alt_path"),
        entry.get("pdf"),
        *(entry.get("alt_paths") or {}).values(),
    ]
    return [rel for rel in found if isinstance(rel, str)]
