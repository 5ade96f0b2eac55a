"""Every card template at every card preset, with ordinary and with extreme-but-valid inputs.

The class of failure this guards against: a layout written for a 1080 px square that breaks on
some other canvas (the spotlight card at the 1200x600 X card), or on text far longer than the
example's. Every registered card template x every preset ``takatof presets`` lists for cards
must render at its preset's size; with the example campaign nothing may be reported, and with
the longest names and quotes a project may hold, what does not fit is reported as a Problem at
the JSON path of a lengthened field, never raised as an exception.

It also checks that explicit bidi controls typed into fields change no pixel of any card:
each field is a bidi isolate (see ``takatof.templates.layers.isolate``), so an unclosed RLO at
the end of a name cannot reverse the group drawn after it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from takatof.model import Project, load_project, validate_data
from takatof.render.batch import project_names
from takatof.render.cards import CardJob, render_card, subject_for
from takatof.render.presets import get_preset, preset_ids
from takatof.render.raster import layout_stack
from takatof.render.text import TextLayout
from takatof.templates import registry
from takatof.templates.layers import BIDI_CONTROLS, Box, Canvas, Stack
from tests.conftest import EXAMPLE, EXAMPLE_DIR

TEMPLATES = registry.names("card")
PRESETS = preset_ids("card")
# The spotlight at x-card failed with "box offset can't be negative": its picture box (467x477)
# made the cover crop of an 800 px decoded photo start at -5.7e-14 (w / (w / src) is a hair over
# src in floating point). app/render/raster.py now clamps the crop; the whole matrix guards it.


def _cases(presets: list[str]) -> list[Any]:
    return [pytest.param(t, p, id=f"{t}-{p}") for t in TEMPLATES for p in presets]


# A card depends on its preset only through the canvas (size and safe insets), and several
# presets share one (the 9:16 stories, Shorts and TikTok, 4:5 feed and Threads): the slow
# extreme-input cases run once per distinct canvas, which still covers every preset's layout.
_FIRST_WITH_CANVAS: dict[Canvas, str] = {}
for _preset in PRESETS:
    _FIRST_WITH_CANVAS.setdefault(get_preset(_preset).canvas(), _preset)
CANVASES = list(_FIRST_WITH_CANVAS.values())
CASES = _cases(PRESETS)

# The longest texts a project may hold (the model's bounds: takatof.model.campaign).
SHORT_CHARS = 200  # names, groups, titles, labels, what a business makes
QUOTE_CHARS = 600
HASHTAGS = 30
_AR_WORDS = "قالت هالة إن المجتمع يصنع الفرق كل يوم في بيروت والقاهرة والدار البيضاء وتونس"
_EN_WORDS = "Hala said the community makes a real difference every day in Beirut Cairo and Tunis"


def _project(data: dict[str, Any]) -> Project:
    """A project from ``data`` whose media paths resolve in the example's folder."""
    campaign, problems = validate_data(data, EXAMPLE_DIR, project_names())
    assert campaign is not None and not problems, problems
    return Project(campaign, EXAMPLE)


def _example_data() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _job(project: Project, template_id: str, preset_id: str, langs: tuple[str, ...] = ()) -> CardJob:
    """The card for the first subject of the template's scope (one per template is enough:
    the subjects differ only in text, which the extreme inputs cover), in ``langs`` (the
    campaign's first two when none are given)."""
    template = registry.get(template_id)
    subject = registry.subjects(project.campaign, template.scope, project.resolve)[0]
    return CardJob(
        template_id, preset_id, None if template.scope == "campaign" else subject.id, langs, bool(langs)
    )


def _boxes(project: Project, job: CardJob) -> Iterator[tuple[str, Box, Canvas]]:
    canvas = get_preset(job.preset).canvas()
    _, layers = registry.get(job.template).plan(subject_for(project, job), canvas)
    for layer in layers:
        box = getattr(layer, "box", None)
        if box is not None:
            yield type(layer).__name__, box, canvas


def _fill(words: str, chars: int) -> str:
    """Words repeated up to ``chars`` characters: long, but wrappable like real text."""
    return ((words + " ") * (chars // len(words) + 1))[:chars].strip()


def _bilingual(chars: int) -> dict[str, str]:
    return {"ar": _fill(_AR_WORDS, chars), "en": _fill(_EN_WORDS, chars)}


def _extreme_data() -> tuple[dict[str, Any], set[str]]:
    """The example with every text of the first person, the first spotlight and the campaign
    at the longest expected length; and the JSON paths of the fields made long."""
    data = _example_data()
    long: set[str] = set()

    def lengthen(owner: dict[str, Any], key: str, chars: int, at: str) -> None:
        owner[key] = _bilingual(chars)
        long.update({f"{at}.{key}.ar", f"{at}.{key}.en"})

    spot = data["spotlights"][0]
    # The spotlight's person too: its "Recommended by <group>" line is reported there.
    owner = next(i for i, p in enumerate(data["people"]) if p["id"] == spot["person"])
    for index in sorted({0, owner}):
        person, at = data["people"][index], f"people[{index}]"
        for key in ("name", "group", "country_name", "members_label"):
            lengthen(person, key, SHORT_CHARS, at)
        lengthen(person, "quote", QUOTE_CHARS, at)
    long.add("spotlights[0].person")
    lengthen(spot, "name", SHORT_CHARS, "spotlights[0]")
    lengthen(spot, "makes", SHORT_CHARS, "spotlights[0]")
    for key in ("title", "tagline", "call_to_action"):
        lengthen(data, key, SHORT_CHARS, "")
    for key in ("title", "unit", "reward"):
        lengthen(data["goal"], key, SHORT_CHARS, "goal")
    # As many hashtags as a post may carry, two of them one long word each (nowhere to wrap).
    words = _EN_WORDS.split() * 3
    data["hashtags"] = [
        "#" + "CommunityStoriesMENA" * 4,
        "#" + "التكاتف_قوّة_" * 6,
        *(f"#{word}{i}" for i, word in enumerate(words[: HASHTAGS - 2])),
    ]
    long |= {"hashtags"} | {f"hashtags[{i}]" for i in range(HASHTAGS)}
    return data, {path.lstrip(".") for path in long}


@pytest.fixture(scope="module")
def example() -> Project:
    return _project(_example_data())


@pytest.fixture(scope="module")
def extreme() -> tuple[Project, set[str]]:
    data, long = _extreme_data()
    return _project(data), long


def test_the_matrix_covers_every_registered_card_and_preset() -> None:
    assert set(TEMPLATES) >= {"goal", "hashtag", "quote", "spotlight", "stat"}
    assert "x-card" in PRESETS and "instagram-story" in PRESETS and "instagram-landscape" in PRESETS
    canvases = {get_preset(p).canvas() for p in PRESETS}
    assert {get_preset(p).canvas() for p in CANVASES} == canvases and len(CANVASES) == len(canvases)


@pytest.mark.parametrize(("template_id", "preset_id"), CASES)
def test_every_card_renders_at_every_card_preset(example: Project, template_id: str, preset_id: str) -> None:
    job = _job(example, template_id, preset_id)
    for kind, box, canvas in _boxes(example, job):
        assert box.w >= 0 and box.h >= 0, f"{kind} {box} has a negative size"
        assert box.x >= 0 and box.y >= 0 and box.right <= canvas.width and box.bottom <= canvas.height, (
            f"{kind} {box} leaves the {canvas.width}x{canvas.height} canvas"
        )
    card = render_card(example, job)
    preset = get_preset(preset_id)
    assert card.image.size == (preset.width, preset.height)
    assert card.problems == []


def _exists(campaign: Any, path: str) -> bool:
    """Whether a JSON path such as ``people[0].name.ar`` names a value of the campaign."""
    value = campaign
    for name, index in re.findall(r"([A-Za-z_]+)|\[(\d+)\]", path):
        try:
            value = value[int(index)] if index else getattr(value, name)
        except (AttributeError, IndexError):
            return False
    return True


@pytest.mark.parametrize(("template_id", "preset_id"), _cases(CANVASES))
def test_extreme_inputs_report_overflow_at_a_field(
    extreme: tuple[Project, set[str]], template_id: str, preset_id: str
) -> None:
    """The longest names and quotes: the card still renders (at its size, no exception), and
    whatever does not fit is a Problem at the JSON path of one of the card's fields."""
    project, _ = extreme
    card = render_card(project, _job(project, template_id, preset_id))
    preset = get_preset(preset_id)
    assert card.image.size == (preset.width, preset.height)
    for problem in card.problems:
        assert _exists(project.campaign, problem.path), f"no field at {problem.path!r}: {problem.message}"
        assert "shorten" in problem.message, problem.message


@pytest.mark.parametrize(("template_id", "preset_id"), _cases(CANVASES))
@pytest.mark.parametrize("langs", [("ar",)], ids="-".join)
def test_extreme_inputs_in_one_language_report_overflow_at_a_field(
    extreme: tuple[Project, set[str]], template_id: str, preset_id: str, langs: tuple[str, ...]
) -> None:
    """A card in one language takes larger type: the longest texts still render, and what
    does not fit is a Problem at a field of that language."""
    project, _ = extreme
    card = render_card(project, _job(project, template_id, preset_id, langs))
    assert card.image.size == (get_preset(preset_id).width, get_preset(preset_id).height)
    for problem in card.problems:
        assert _exists(project.campaign, problem.path), f"no field at {problem.path!r}: {problem.message}"
        assert "shorten" in problem.message, problem.message
        other = {"ar": ".en", "en": ".ar"}[langs[0]]
        assert not problem.path.endswith(other), f"{problem.path}: a language the card does not print"


# --- the output's languages ------------------------------------------------------------------

MULTILINGUAL = EXAMPLE.parents[2] / "tests" / "data" / "multilingual" / "campaign.json"
LANGUAGES = [("ar",), ("fr",), ("ur", "en"), ("hi", "en")]


@pytest.fixture(scope="module")
def multilingual() -> Project:
    return load_project(MULTILINGUAL, project_names())


def _language_cases() -> list[Any]:
    cases = []
    for langs in LANGUAGES:
        for template_id in TEMPLATES:
            for preset_id in CANVASES:
                cases.append(
                    pytest.param(
                        template_id,
                        preset_id,
                        langs,
                        id=f"{'-'.join(langs)}-{template_id}-{preset_id}",
                    )
                )
    return cases


@pytest.mark.parametrize(("template_id", "preset_id", "langs"), _language_cases())
def test_every_card_renders_in_one_language_and_in_two(
    multilingual: Project, template_id: str, preset_id: str, langs: tuple[str, ...]
) -> None:
    """The five-language campaign's cards in one language and in two (a right-to-left
    language first or second), on every distinct canvas: nothing leaves the canvas and
    nothing is reported."""
    job = _job(multilingual, template_id, preset_id, langs)
    for kind, box, canvas in _boxes(multilingual, job):
        assert box.w >= 0 and box.h >= 0, f"{kind} {box} has a negative size"
        assert box.x >= 0 and box.y >= 0 and box.right <= canvas.width and box.bottom <= canvas.height, (
            f"{kind} {box} leaves the {canvas.width}x{canvas.height} canvas"
        )
    card = render_card(multilingual, job)
    assert card.image.size == (get_preset(preset_id).width, get_preset(preset_id).height)
    assert card.problems == []


def test_a_stack_that_does_not_fit_names_a_long_field(extreme: tuple[Project, set[str]]) -> None:
    """Too long to fit: either the card fails naming the long field, or its layout left the
    long field out (an optional text) and says so; never a card that hides it silently."""
    project, long = extreme
    card = render_card(project, _job(project, "spotlight", "instagram-story"))
    assert card.problems or card.left_out
    assert {p.path for p in card.problems} <= long


# --- bidi controls in fields -----------------------------------------------------------------


# Fields whose per-language values are file paths, not text drawn on a card: a control at the
# end of a path names a file that does not exist (like the plain media paths, which the
# language test below never touches, being no {"ar", "en"} maps).
PATH_MAPS = frozenset({"captions", "voiceover_captions"})


def _poison(value: Any, control: str) -> Any:
    """Every text of every bilingual field with ``control`` at its end (caption files left as
    they are: they are paths)."""
    if isinstance(value, dict):
        if set(value) == {"ar", "en"} and all(isinstance(v, str) for v in value.values()):
            return {lang: text + control for lang, text in value.items()}
        return {key: v if key in PATH_MAPS else _poison(v, control) for key, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, control) for v in value]
    return value


def _poisoned_data(control: str) -> dict[str, Any]:
    """The example with ``control`` at the end of every text field and hashtag."""
    data = _poison(_example_data(), control)
    data["hashtags"] = [tag + control for tag in data["hashtags"]]
    for spot in data["spotlights"]:
        spot["hashtag"] = spot.get("hashtag", "#ادعم_المحلي") + control
    return data


# RLO and RLE spilled into the English fields after them; LRO and LRI into the Arabic ones.
SPILLERS = {"RLO": "\u202e", "RLE": "\u202b", "LRO": "\u202d", "LRI": "\u2066", "PDI": "\u2069"}


@pytest.fixture(scope="module")
def poisoned() -> dict[str, Project]:
    return {name: _project(_poisoned_data(control)) for name, control in SPILLERS.items()}


@pytest.fixture(scope="module")
def clean_cards(example: Project) -> dict[tuple[str, str], np.ndarray]:
    """The example's cards as pixels, rendered once per (template, preset) when first asked."""
    cache: dict[tuple[str, str], np.ndarray] = {}

    class Lazy(dict):
        def __missing__(self, key: tuple[str, str]) -> np.ndarray:
            cache[key] = np.asarray(render_card(example, _job(example, *key)).image, dtype=np.int16)
            return cache[key]

    return Lazy()


@pytest.mark.parametrize("control", list(SPILLERS))
@pytest.mark.parametrize("preset_id", ["instagram-square", "linkedin-post"])
@pytest.mark.parametrize("template_id", TEMPLATES)
def test_an_unclosed_control_in_every_field_changes_no_pixel(
    clean_cards: dict[tuple[str, str], np.ndarray],
    poisoned: dict[str, Project],
    template_id: str,
    preset_id: str,
    control: str,
) -> None:
    """Before fields were isolated, "Hala Dahrouge" + RLO reversed " · LibanTroc, Lebanon"
    after it (FriBiDi inside raqm applied the override to the rest of the run)."""
    dirty = render_card(poisoned[control], _job(poisoned[control], template_id, preset_id))
    assert dirty.problems == []
    diff = np.abs(clean_cards[template_id, preset_id] - np.asarray(dirty.image, dtype=np.int16))
    assert int(diff.max()) == 0, f"{int((diff.max(axis=2) > 0).sum())} pixels changed"


@pytest.mark.parametrize("template_id", TEMPLATES)
def test_no_control_reaches_the_shaper(poisoned: dict[str, Project], template_id: str) -> None:
    """raqm is handed runs without explicit controls: it would apply them a second time."""
    project = poisoned["RLO"]
    job = _job(project, template_id, "instagram-square")
    canvas = get_preset(job.preset).canvas()
    _, layers = registry.get(template_id).plan(subject_for(project, job), canvas)
    stacks = [layer for layer in layers if isinstance(layer, Stack)]
    assert any("\u202e" in item.text for stack in stacks for item in stack.items if hasattr(item, "text"))
    for stack in stacks:
        laid, _ = layout_stack(stack)
        for layout in (x for x in laid if isinstance(x, TextLayout)):
            for line in layout.lines:
                for piece in line.pieces:
                    assert not set(piece.text) & BIDI_CONTROLS, repr(piece.text)
