"""Golden-image tests: every card template at two presets (one tall or square, one wide) in its
default layout; every layout at every card preset (the quote card) and every template in every
layout at two more (golden/layouts/); and cards of the five-language test campaign
(tests/data/multilingual) in one language and in two (Arabic only, French only, Urdu + English,
Hindi + English), named with their languages.

Images are compared at a third of their size (small files in the repo, still sensitive to
layout, wrapping and text changes) with a small tolerance for anti-aliasing differences.
Regenerate after an intended visual change with ``pytest tests/test_golden.py --update-golden``
and look at the new files before committing them. On a mismatch the actual image and a
difference map are written to tests/_artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageChops

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.cards import CardJob, render_card
from takatof.render.presets import PRESETS
from takatof.templates.cards.layouts import layout_names
from tests.conftest import EXAMPLE

GOLDEN = Path(__file__).parent / "golden"
ARTIFACTS = Path(__file__).parent / "_artifacts"
SCALE = 3
# A pixel "differs" when any channel moves by more than this; anti-aliasing stays under it.
PIXEL_THRESHOLD = 32
MAX_DIFFERING = 0.004  # fraction of pixels
MAX_MEAN = 1.5  # mean absolute difference, 0-255

CASES = [
    ("quote", "instagram-square", "hala"),
    ("quote", "x-image", "rania"),
    ("stat", "instagram-portrait", "rania"),
    ("stat", "facebook-link", "marouan"),
    ("hashtag", "instagram-story", None),
    ("hashtag", "x-card", None),
    ("goal", "instagram-square", None),
    ("goal", "instagram-story", None),
    ("spotlight", "instagram-portrait", "dar-el-khoos"),
    ("spotlight", "linkedin-post", "dar-el-khoos"),
]


# The multilingual cards: (template, preset, subject, languages).
LANGUAGE_CASES = [
    ("quote", "instagram-square", "hala", ("ar",)),
    ("quote", "x-image", "hala", ("ar",)),
    ("quote", "instagram-story", "rania", ("fr",)),
    ("quote", "instagram-square", "hala", ("ur", "en")),
    ("quote", "x-image", "rania", ("ur", "en")),
    ("quote", "instagram-square", "hala", ("hi", "en")),
    ("stat", "instagram-portrait", "rania", ("hi", "en")),
    ("stat", "facebook-link", "hala", ("ar",)),
    ("hashtag", "instagram-square", None, ("ur", "en")),
    ("hashtag", "x-card", None, ("fr",)),
    ("goal", "instagram-square", None, ("fr",)),
    ("goal", "instagram-story", None, ("ar",)),
    ("spotlight", "instagram-portrait", "dar-el-khoos", ("ar",)),
    ("spotlight", "linkedin-post", "dar-el-khoos", ("hi", "en")),
]
MULTILINGUAL = Path(__file__).parent / "data" / "multilingual" / "campaign.json"

# Every layout at every card preset (the quote card: a photo, two languages, an attribution),
# and every template in every layout on a square and a wide card.
_SUBJECTS = {"quote": "hala", "stat": "rania", "spotlight": "dar-el-khoos", "goal": None, "hashtag": None}
LAYOUT_CASES = sorted(
    {("quote", p.id, layout) for p in PRESETS if p.kind in ("card", "both") for layout in layout_names()}
    | {
        (t, p, layout)
        for t in _SUBJECTS
        for p in ("instagram-square", "linkedin-post")
        for layout in layout_names()
    }
)


@pytest.fixture(scope="module")
def project():
    return load_project(EXAMPLE, project_names())


@pytest.fixture(scope="module")
def multilingual():
    return load_project(MULTILINGUAL, project_names())


def _small(image: Image.Image) -> Image.Image:
    return image.resize((image.width // SCALE, image.height // SCALE), Image.Resampling.LANCZOS)


@pytest.mark.golden
@pytest.mark.parametrize(("template", "preset", "subject"), CASES, ids=lambda v: str(v))
def test_card_matches_golden(project, template: str, preset: str, subject: str | None, update_golden: bool):
    card = render_card(project, CardJob(template, preset, subject))
    assert card.problems == []
    _compare(_small(card.image), f"{template}-{preset}.png", update_golden)


@pytest.mark.golden
@pytest.mark.parametrize(
    ("template", "preset", "subject", "langs"),
    LANGUAGE_CASES,
    ids=[f"{t}-{p}-{'-'.join(langs)}" for t, p, _, langs in LANGUAGE_CASES],
)
def test_card_in_its_languages_matches_golden(
    multilingual, template: str, preset: str, subject: str | None, langs: tuple[str, ...], update_golden: bool
):
    card = render_card(multilingual, CardJob(template, preset, subject, langs, True))
    assert card.problems == []
    _compare(_small(card.image), f"{template}-{preset}-{'-'.join(langs)}.png", update_golden)


@pytest.mark.golden
@pytest.mark.parametrize(
    ("template", "preset", "layout"), LAYOUT_CASES, ids=["-".join(c) for c in LAYOUT_CASES]
)
def test_card_in_each_layout_matches_golden(
    project, template: str, preset: str, layout: str, update_golden: bool
):
    card = render_card(project, CardJob(template, preset, _SUBJECTS[template], layout=layout))
    assert card.problems == []
    _compare(_small(card.image), f"layouts/{template}-{preset}-{layout}.png", update_golden)


def _compare(actual: Image.Image, name: str, update_golden: bool) -> None:
    golden_path = GOLDEN / name
    if update_golden or not golden_path.exists():
        golden_path.parent.mkdir(parents=True, exist_ok=True)
        actual.save(golden_path, optimize=True)
        if not update_golden:
            pytest.fail(f"no golden image yet; wrote {golden_path}: look at it and commit it")
        return
    expected = Image.open(golden_path).convert("RGB")
    assert expected.size == actual.size
    diff = np.asarray(ImageChops.difference(expected, actual)).astype(np.int16)
    differing = float((diff.max(axis=2) > PIXEL_THRESHOLD).mean())
    mean = float(diff.mean())
    if differing > MAX_DIFFERING or mean > MAX_MEAN:
        flat = name.replace("/", "-")
        ARTIFACTS.mkdir(exist_ok=True)
        actual.save(ARTIFACTS / flat)
        Image.fromarray(np.clip(diff * 4, 0, 255).astype(np.uint8)).save(ARTIFACTS / f"diff-{flat}")
        pytest.fail(
            f"{name}: {differing:.2%} of pixels differ (limit {MAX_DIFFERING:.2%}), mean {mean:.2f} "
            f"(limit {MAX_MEAN}); see tests/_artifacts/. Intended? rerun with --update-golden"
        )
