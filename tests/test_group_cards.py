"""Group cards (issue 21, part 3): one card featuring several people or businesses.

Checked here: the output's subjects reach the template in order through the job (and a
default when it names none); two group outputs never share a file; the card names every
subject, read back by OCR in Arabic and in English, and its alt text names them all; at every
card preset, with two, four and fifteen subjects, every text and face stays inside the
preset's safe zone and every subject is drawn; the key follows the featured subjects only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageOps

from takatof.model import Project, validate_data
from takatof.model.campaign import Campaign
from takatof.render.batch import project_names
from takatof.render.cards import CardJob, card_jobs, layout_of, render_card, subject_for
from takatof.render.jobs import kind_of
from takatof.render.presets import get_preset, preset_ids
from takatof.render.raster import render
from takatof.templates import registry
from takatof.templates.cards.group import DEFAULT_COUNT, plan_grid
from takatof.templates.layers import Box, Picture, Stack
from tests.conftest import EXAMPLE, EXAMPLE_DIR

try:
    from tests import ocr
except ImportError:  # pragma: no cover - run from the tests folder
    import ocr  # type: ignore[no-redef]

# Fifteen nationalities (the "بنكمل بعض" film): country, its name, a person's name.
NATIONS = [
    ("EG", "مصر", "Egypt", "عمر عادل", "Omar Adel"),
    ("MA", "المغرب", "Morocco", "سلمى الإدريسي", "Salma Idrissi"),
    ("LB", "لبنان", "Lebanon", "كريم حداد", "Karim Haddad"),
    ("JO", "الأردن", "Jordan", "لينا خليل", "Lina Khalil"),
    ("TN", "تونس", "Tunisia", "يوسف بن علي", "Youssef Ben Ali"),
    ("SA", "السعودية", "Saudi Arabia", "نورة الحربي", "Noura Alharbi"),
    ("AE", "الإمارات", "Emirates", "حمد سعيد", "Hamad Saeed"),
    ("IQ", "العراق", "Iraq", "زينب كاظم", "Zainab Kadhim"),
    ("SY", "سوريا", "Syria", "رامي درويش", "Rami Darwish"),
    ("SD", "السودان", "Sudan", "أمل عثمان", "Amal Osman"),
    ("DZ", "الجزائر", "Algeria", "نذير سعدي", "Nadir Saadi"),
    ("PS", "فلسطين", "Palestine", "ديما ناصر", "Dima Nasser"),
    ("YE", "اليمن", "Yemen", "فارس العاقل", "Fares Alaqel"),
    ("KW", "الكويت", "Kuwait", "مريم فهد", "Mariam Fahad"),
    ("OM", "عُمان", "Oman", "سعيد سالم", "Said Salim"),
]
CARD_PRESETS = preset_ids("card")


def _data() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _project(data: dict[str, Any]) -> Project:
    """A project from ``data`` whose media resolve in the example's folder (nothing written)."""
    campaign, problems = validate_data(data, EXAMPLE_DIR, project_names())
    assert campaign is not None and not problems, problems
    return Project(campaign, EXAMPLE)


def _fifteen(data: dict[str, Any]) -> dict[str, Any]:
    """The example with fifteen people of fifteen nationalities (the example's photos)."""
    model = data["people"][0]
    photos = [m for p in data["people"] for m in p["media"]]
    people = []
    for k, (code, country_ar, country_en, name_ar, name_en) in enumerate(NATIONS):
        person = {key: value for key, value in model.items() if key not in ("voiceover", "handles")}
        person |= {
            "id": f"p{k + 1}",
            "name": {"ar": name_ar, "en": name_en},
            "country": code,
            "country_name": {"ar": country_ar, "en": country_en},
            "media": [photos[k % len(photos)]],
        }
        people.append(person)
    data["people"] = people
    data["spotlights"] = []
    # Only the cards: the example's reel, carousel and film name its own people (and a
    # carousel of fifteen is over Instagram's limit), which are not these fifteen.
    data["outputs"] = {"cards": data["outputs"]["cards"]}
    return data


def _group(data: dict[str, Any], *outputs: dict[str, Any]) -> Project:
    data["outputs"] = {"cards": list(outputs)}
    return _project(data)


def _drawn(project: Project, job: CardJob) -> tuple[Any, Any]:
    """The card's layers and their rendering (with the record of every text drawn)."""
    preset = get_preset(job.preset)
    canvas = preset.card_canvas()
    _, layers = registry.get(job.template).plan(subject_for(project, job), canvas, layout_of(job))
    return layers, render(layers, canvas, preset=preset)


# ---------------------------------------------------------------------------- jobs


def test_a_group_output_passes_its_subjects_in_order_and_two_never_share_a_file() -> None:
    project = _group(
        _data(),
        {"template": "group", "presets": ["instagram-square", "instagram-story"]},
        {"template": "group", "presets": ["instagram-square"], "subjects": ["dar-el-khoos", "rania", "hala"]},
    )
    jobs = card_jobs(project)
    assert [(j.preset, j.subjects, j.variant) for j in jobs] == [
        ("instagram-square", ("hala", "marouan", "rania", "ibrahim"), ""),
        ("instagram-story", ("hala", "marouan", "rania", "ibrahim"), ""),
        ("instagram-square", ("dar-el-khoos", "rania", "hala"), "group-2"),
    ]
    paths = [path for job in jobs for path in job.paths(project.campaign.id)]
    assert len(paths) == len(set(paths))
    identities = [i for job in jobs for i in job.identities(project.campaign.id)]
    assert len(identities) == len(set(identities))
    # The template gets them in that order, people and businesses alike.
    subject = subject_for(project, jobs[2])
    assert subject.featured == ("dar-el-khoos", "rania", "hala")
    params = registry.get("group").params.from_subject(subject)
    assert [m.id for m in params.members] == ["dar-el-khoos", "rania", "hala"]  # type: ignore[attr-defined]
    # --only: a group card is made when it features one of the people asked for.
    assert {j.variant for j in card_jobs(project, only={"dar-el-khoos"})} == {"group-2"}


def test_by_default_a_group_card_features_the_first_people() -> None:
    project = _group(_fifteen(_data()), {"template": "group", "presets": ["instagram-square"]})
    (job,) = card_jobs(project)
    assert job.subjects == tuple(f"p{k}" for k in range(1, DEFAULT_COUNT + 1))


@pytest.mark.parametrize(
    ("n", "area", "cols", "rows"),
    [
        (4, Box(0, 0, 1800, 400), 4, 1),  # a wide strip: one row
        (4, Box(0, 0, 300, 1800), 1, 4),  # a tall column: one a row
        (15, Box(0, 0, 1000, 700), 5, 3),  # fifteen faces on a square card
    ],
)
def test_the_grid_gives_the_faces_the_most_room(n: int, area: Box, cols: int, rows: int) -> None:
    grid = plan_grid(n, area, 20, 32, 26, 2, 400)
    assert (grid.cols, grid.rows) == (cols, rows)
    assert grid.face > 0
    assert grid.cols * grid.tile_w + (grid.cols - 1) * 20 <= area.w
    assert grid.rows * grid.tile_h + (grid.rows - 1) * 20 <= area.h


# ---------------------------------------------------------------------------- names, read back


def _crop(image: Image.Image, box: Box) -> Image.Image:
    """The text in ``box`` as OCR reads it best: dark on light (inverted), enlarged."""
    pad = 8
    crop = image.convert("L").crop((box.x - pad, box.y - pad, box.right + pad, box.bottom + pad))
    crop = ImageOps.invert(crop)
    crop = crop.resize((crop.width * 2, crop.height * 2), Image.Resampling.LANCZOS)
    return crop


@pytest.mark.skipif(ocr.missing() is not None, reason=str(ocr.missing()))
@pytest.mark.parametrize("langs", [("ar", "en"), ("en", "ar"), ("ar",), ("en",)], ids="-".join)
def test_a_group_card_names_every_subject_read_back_by_ocr(langs: tuple[str, ...]) -> None:
    """Each subject's name in the card's first language (and a business's @mention) is read
    back from the picture; the alt text names every subject in every language."""
    project = _group(
        _data(), {"template": "group", "presets": ["instagram-square"], "languages": list(langs)}
    )
    subjects = ("dar-el-khoos", "hala", "marouan", "ibrahim")
    job = CardJob("group", "instagram-square", None, langs, True, subjects=subjects)
    _, drawn = _drawn(project, job)
    assert drawn.problems == []
    first = langs[0]
    reader = {"ar": "ara", "en": "eng"}[first]
    texts = {t.source: t for t in drawn.texts}
    campaign = project.campaign
    names = {p.id: (f"people[{i}]", p.name) for i, p in enumerate(campaign.people)}
    names |= {s.id: (f"spotlights[{i}]", s.name) for i, s in enumerate(campaign.spotlights)}
    for ident in subjects:
        where, name = names[ident]
        drawn_name = texts[f"{where}.name.{first}"]
        crop = _crop(drawn.image, drawn_name.box)
        score, read = ocr.best_read(crop, name.get(first), reader, psms=(7, 13, 6))
        assert score >= 0.8, f"{ident}: read {read!r} for {name.get(first)!r}"
    mention = texts["spotlights[0].mention"]
    crop = _crop(drawn.image, mention.box)
    score, read = ocr.best_read(crop, "darelkhoos", "eng", psms=(7, 13))
    assert score >= 0.8, read
    card = render_card(project, job)
    for lang in langs:
        alt = card.alt.get(lang)
        for ident in subjects:
            assert names[ident][1].get(lang) in alt, (lang, ident, alt)


def test_the_names_are_in_the_picture_and_not_in_a_negative_control() -> None:
    """The OCR check above can fail: a card featuring others does not read as these names."""
    if ocr.missing() is not None:
        pytest.skip(str(ocr.missing()))
    project = _group(_data(), {"template": "group", "presets": ["instagram-square"]})
    job = CardJob("group", "instagram-square", None, ("en",), True, subjects=("hala", "rania"))
    _, drawn = _drawn(project, job)
    box = next(t.box for t in drawn.texts if t.source == "people[0].name.en")
    crop = _crop(drawn.image, box)
    assert ocr.best_read(crop, "Hala Dahrouge", "eng")[0] >= 0.8
    assert ocr.best_read(crop, "Ibrahim Safwat", "eng")[0] < 0.6


# ---------------------------------------------------------------------------- every preset


def _inside(inner: Box, outer: Box) -> bool:
    return (
        inner.x >= outer.x
        and inner.y >= outer.y
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


@pytest.fixture(scope="module")
def fifteen() -> Project:
    return _project(_fifteen(_data()))


@pytest.mark.parametrize("count", [2, 4, 15])
@pytest.mark.parametrize("preset_id", CARD_PRESETS)
def test_group_cards_reflow_and_keep_the_safe_zone_at_every_preset(
    fifteen: Project, preset_id: str, count: int
) -> None:
    """Every text and face inside the preset's safe zone; nothing reported; the card at the
    preset's size; every subject's name drawn; and a face per subject big enough to know
    them by (60 px across, ~20 px where the card is seen), except fifteen on a wide link
    card: there the names at a readable size leave the faces no room (a 15-face grid is
    made for the feed's and the stories' shapes)."""
    subjects = tuple(f"p{k}" for k in range(1, count + 1))
    job = CardJob("group", preset_id, None, ("ar", "en"), True, subjects=subjects)
    preset = get_preset(preset_id)
    layers, drawn = _drawn(fifteen, job)
    safe = preset.card_canvas().safe_box
    for layer in layers:
        if isinstance(layer, Stack):
            assert _inside(layer.box, safe), f"{layer.box} leaves the safe zone {safe}"
    faces = [layer for layer in layers if isinstance(layer, Picture) and layer.radius]
    assert all(_inside(face.box, safe) for face in faces)
    if count <= 4 or preset.card_canvas().shape != "wide":
        assert len(faces) == count
        assert min(face.box.w for face in faces) >= 60, [face.box for face in faces]
    assert drawn.problems == []
    assert drawn.image.size == (preset.width, preset.height)
    # Every subject's name is drawn (its first language never gives way).
    sources = {t.source for t in drawn.texts}
    assert {f"people[{k - 1}].name.ar" for k in range(1, count + 1)} <= sources


# ---------------------------------------------------------------------------- keys


def test_the_key_follows_the_featured_subjects_only(tmp_path: Path) -> None:
    data = _data()
    output = {"template": "group", "presets": ["instagram-square"], "subjects": ["hala", "rania"]}
    before = _group(json.loads(json.dumps(data)), output)
    (job,) = card_jobs(before)
    kind = kind_of("card")
    key = kind.key(before, job, None)
    other = json.loads(json.dumps(data))
    other["people"][1]["name"]["en"] = "Someone Else"  # marouan: not featured
    assert kind.key(_group(other, output), job, None) == key
    featured = json.loads(json.dumps(data))
    featured["people"][2]["name"]["en"] = "Rania A."  # rania: featured
    assert kind.key(_group(featured, output), job, None) != key


def test_the_key_follows_a_featured_businesss_owner() -> None:
    """A featured business's owner is read with it (its card says whom it is recommended
    by): editing the owner makes the card again; a person it does not feature does not."""
    data = _data()
    output = {"template": "group", "presets": ["instagram-square"], "subjects": ["dar-el-khoos", "hala"]}
    (job,) = card_jobs(_group(json.loads(json.dumps(data)), output))
    kind = kind_of("card")
    key = kind.key(_group(json.loads(json.dumps(data)), output), job, None)
    owner = json.loads(json.dumps(data))
    owner["people"][2]["group"]["en"] = "Another Group"  # rania owns dar-el-khoos
    assert kind.key(_group(owner, output), job, None) != key
    other = json.loads(json.dumps(data))
    other["people"][1]["group"]["en"] = "Another Group"  # marouan: neither featured nor an owner
    assert kind.key(_group(other, output), job, None) == key


def test_an_empty_list_of_subjects_is_no_one_for_validation_and_for_the_render() -> None:
    """``subjects: []`` is a problem, never the default people: the render makes no card of it."""
    data = _data()
    data["outputs"] = {"cards": [{"template": "group", "presets": ["instagram-square"], "subjects": []}]}
    _, problems = validate_data(data, EXAMPLE_DIR, project_names())
    assert [p.path for p in problems] == ["outputs.cards[0].subjects"]
    assert "lists no one" in problems[0].message
    campaign = Campaign.model_validate(data)  # its types alone: as a loader without the checks
    assert card_jobs(Project(campaign, EXAMPLE)) == []
