"""Cards in the output's languages (issue 18), rendered from the five-language test campaign
(tests/data/multilingual: ar, en, ur, hi, fr).

A card prints one or two of the campaign's languages, first on top, and is laid out for one
as well as for two: an Arabic-only card carries no Latin text at all (checked on its layers
and by tesseract's English model reading the picture), a French-only card reads back in
French, an Urdu + English card draws its Urdu in Nastaliq, a Hindi + English card its Hindi in
Devanagari. Its files and manifest entry carry the languages it chose, and its alt text comes
in each of them in that language's own words.

OCR reads the actual card: each text line is cut out of the rendered picture at the place the
layout put it, its pixels kept where they are the text's own colour (so the photo behind does
not become letters), and read by tesseract with that language's model. The error is CER, the
edit distance between what was read and what was laid out over the laid-out length, on
letters, marks and digits (spaces and punctuation left out; Arabic harakat and the letter
forms tesseract confuses folded as tests/ocr.py does). Limits, calibrated on Debian's
tesseract 5.3 data: 0.10 for Arabic, French, Hindi and English (0.00-0.07 seen); 0.35 for
Urdu, whose ``urd`` model reads Nastaliq poorly (0.06-0.23 seen). The same lines drawn with
their characters reversed score 0.6 and worse with the same reader: the limits tell a right
rendering from a wrong one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bidi import get_base_level
from PIL import Image, ImageOps

from takatof.model import Multilingual, Project, load_project
from takatof.model.languages import is_rtl
from takatof.model.numbers import format_number
from takatof.model.phrases import PHRASES, phrase
from takatof.render.batch import ProcessPool, project_names
from takatof.render.cards import CardJob, card_jobs, layout_of, render_card, subject_for
from takatof.render.outputs import Request, render_outputs
from takatof.render.presets import get_preset
from takatof.render.raster import layout_stack
from takatof.render.stacks import fitted
from takatof.render.text import TextLayout
from takatof.templates import registry
from takatof.templates.cards.common import comma, hashtags_for, isolated, reads_rtl
from takatof.templates.layers import FSI, PDI, Bar, Layer, Logo, Picture, Stack, Text

try:
    from tests import ocr
except ImportError:  # tests/ is on sys.path instead of the repository root
    import ocr  # type: ignore[no-redef]

MULTILINGUAL = Path(__file__).parent / "data" / "multilingual" / "campaign.json"
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
CER_LIMIT = {"ar": 0.10, "en": 0.10, "fr": 0.10, "hi": 0.10, "ur": 0.35}
TESSERACT = {"ar": "ara", "en": "eng", "fr": "fra", "hi": "hin", "ur": "urd"}
# Where a card's text is the template's own words, not the campaign's: card phrases that every
# language Takatof has words for must have, with the same fields.
CARD_PHRASES = [key for key in PHRASES if key not in ("members", "interactions")]
WORDED = ("ar", "en", "fr", "ur", "hi")


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(MULTILINGUAL, project_names())


def _job(template: str, preset: str, subject: str | None, langs: tuple[str, ...]) -> CardJob:
    return CardJob(template, preset, subject, langs, True)


def _layers(project: Project, job: CardJob) -> list[Layer]:
    layers: list[Layer] = registry.get(job.template).plan(
        subject_for(project, job), get_preset(job.preset).card_canvas(), layout_of(job)
    )[1]
    return layers


def _texts(layers: list[Layer]) -> list[Text]:
    return [
        item for layer in layers if isinstance(layer, Stack) for item in layer.items if isinstance(item, Text)
    ]


def _placed(layers: list[Layer]) -> Iterator[tuple[Text, TextLayout, list[tuple[int, int, int, int]]]]:
    """Each text of the card with its layout and the box of each of its lines on the card, as
    the rasteriser places them (a stack's items top to bottom, the spare height split by its
    vertical alignment)."""
    for layer in layers:
        if not isinstance(layer, Stack):
            continue
        layer, laid, problems, _ = fitted(layer, layout_stack)  # as the rasteriser fits it
        assert problems == []
        height = sum(part if isinstance(part, int) else part.height for part in laid)
        spare = layer.box.h - height
        y = layer.box.y + {"top": 0, "middle": spare // 2, "bottom": spare}[layer.valign]
        for item, part in zip(layer.items, laid, strict=True):
            if isinstance(part, int):
                y += part
                continue
            assert isinstance(item, Text)
            box = layer.box
            lines = [
                (box.x, round(y + i * part.advance), box.right, round(y + (i + 1) * part.advance))
                for i in range(len(part.lines))
            ]
            yield item, part, lines
            y += part.height


# ---------------------------------------------------------------------------- pure helpers


@pytest.mark.parametrize(
    ("tags", "langs", "shown"),
    [
        (["#CommunityStories", "#التكاتف_قوّة"], ("ar", "en"), ["#CommunityStories", "#التكاتف_قوّة"]),
        (["#CommunityStories", "#التكاتف_قوّة"], ("ar",), ["#التكاتف_قوّة"]),
        (["#CommunityStories", "#التكاتف_قوّة"], ("fr",), ["#CommunityStories"]),
        (["#CommunityStories", "#التكاتف_قوّة"], ("ur", "en"), ["#CommunityStories", "#التكاتف_قوّة"]),
        (["#CommunityStories", "#साथ_साथ"], ("hi",), ["#साथ_साथ"]),
        (["#2024_Stories", "#שלום"], ("he",), ["#שלום"]),
        (["#Stories", "#গল্প"], ("bn",), ["#গল্প"]),  # CLDR calls the script Bangla
        (["#Stories", "#故事"], ("zh-Hans",), ["#故事"]),
        # No tag in the card's script: the campaign's tags all the same, never none.
        (["#CommunityStories"], ("ar",), ["#CommunityStories"]),
        (["#2024"], ("fr",), ["#2024"]),
    ],
)
def test_a_card_shows_the_hashtags_written_in_its_scripts(
    tags: list[str], langs: tuple[str, ...], shown: list[str]
):
    assert hashtags_for(tags, langs) == shown


@pytest.mark.parametrize(
    ("langs", "rtl"),
    [
        (("ar",), True),
        (("ur", "ar"), True),
        (("he",), True),
        (("ar", "en"), False),
        (("fr",), False),
        ((), False),
    ],
)
def test_a_card_reads_right_to_left_only_when_all_its_languages_do(langs: tuple[str, ...], rtl: bool):
    assert reads_rtl(langs) is rtl


@pytest.mark.parametrize(
    ("lang", "sep"), [("ar", "، "), ("ur", "، "), ("fa", "، "), ("en", ", "), ("hi", ", ")]
)
def test_a_list_takes_its_script_s_comma(lang: str, sep: str):
    assert comma(lang) == sep


def test_isolated_keeps_every_language_of_a_field():
    field = Multilingual.of({"ur": "ہالہ", "hi": "हाला", "fr": "Hala", "he": "הלה"})
    out = isolated(field)
    assert out.langs == field.langs
    for lang, text in field.items():
        assert out.get(lang) == f"{FSI}{text}{PDI}"


@pytest.mark.parametrize("key", CARD_PHRASES)
def test_every_card_phrase_is_written_in_each_language_with_the_same_fields(key: str):
    fields = set(re.findall(r"{(\w+)}", PHRASES[key]["en"]))
    assert set(WORDED) <= set(PHRASES[key]), f"{key} lacks {set(WORDED) - set(PHRASES[key])}"
    for lang, text in PHRASES[key].items():
        assert set(re.findall(r"{(\w+)}", text)) == fields, (key, lang)
        if key != "full_stop" and lang in ("ar", "ur", "hi", "he"):  # the language's own script
            assert not LATIN.search(re.sub(r"{\w+}", "", text)), (key, lang, text)


def test_a_language_without_words_gets_the_english_template_words():
    assert phrase("alt_quote_photo", "sw", name="Amani") == "Photo of Amani on a quote card"
    assert phrase("alt_quote_photo", "ur-PK", name="x") == phrase("alt_quote_photo", "ur", name="x")


# ---------------------------------------------------------------------------- layers


def test_an_arabic_only_quote_card_has_no_latin_text(project: Project):
    for preset in ("instagram-square", "x-image", "instagram-story"):
        texts = _texts(_layers(project, _job("quote", preset, "hala", ("ar",))))
        assert texts
        for text in texts:
            assert not LATIN.search(text.text), (preset, text.source, text.text)
            assert text.style.lang in ("ar", None), text
            assert text.source.endswith(".ar") or text.source == "hashtags", text.source


def test_one_language_is_laid_out_for_one(project: Project):
    """No slot of a second language, nothing empty, and larger type than the first of two."""
    one = _texts(_layers(project, _job("quote", "instagram-square", "hala", ("fr",))))
    two = _texts(_layers(project, _job("quote", "instagram-square", "hala", ("fr", "en"))))
    assert all(t.text.strip() for t in one + two)
    assert {t.style.lang for t in one} <= {"fr", None}
    assert {t.style.lang for t in two} == {"fr", "en", None}
    quote_one = next(t for t in one if t.source.endswith("quote.fr"))
    quote_two = next(t for t in two if t.source.endswith("quote.fr"))
    assert quote_one.style.size > quote_two.style.size
    assert quote_one.text == quote_two.text == project.campaign.people[0].quote.get("fr")
    # The country, which a two-language card gives in its second language, is not lost.
    assert any("Liban" in t.text and "LibanTroc" in t.text for t in one)


@pytest.mark.parametrize("template", registry.names("card"))
@pytest.mark.parametrize("langs", [("ar",), ("fr",), ("ur", "en"), ("hi", "en")], ids="-".join)
def test_every_text_carries_its_language_and_direction(
    project: Project, template: str, langs: tuple[str, ...]
):
    subject = {"quote": "hala", "stat": "rania", "spotlight": "dar-el-khoos"}.get(template)
    texts = _texts(_layers(project, _job(template, "instagram-portrait", subject, langs)))
    seen = {t.style.lang for t in texts} - {None}
    assert seen == set(langs), (template, seen)
    for text in texts:
        if text.style.lang is None:
            continue
        assert text.style.lang in langs
        if text.source.endswith(f".{text.style.lang}"):  # one language's own field
            assert text.style.direction == ("rtl" if is_rtl(text.style.lang) else "ltr"), text


def _fonts(layers: list[Layer], lang: str) -> set[str]:
    return {
        piece.font.name
        for text, layout, _ in _placed(layers)
        if text.style.lang == lang
        for line in layout.lines
        for piece in line.pieces
        if any(unicodedata.category(c).startswith("L") for c in piece.text)  # not a lone "," or "·"
    }


def test_urdu_is_drawn_in_nastaliq_and_hindi_in_devanagari(project: Project):
    urdu = _fonts(_layers(project, _job("quote", "instagram-square", "hala", ("ur", "en"))), "ur")
    assert urdu and all("Nastaliq" in name for name in urdu), urdu
    hindi = _fonts(_layers(project, _job("quote", "instagram-square", "hala", ("hi", "en"))), "hi")
    assert hindi and all("Devanagari" in name for name in hindi), hindi
    arabic = _fonts(_layers(project, _job("quote", "instagram-square", "hala", ("ar",))), "ar")
    assert arabic and not any("Nastaliq" in name for name in arabic), arabic


def test_a_card_that_reads_right_to_left_is_mirrored(project: Project):
    def boxes(langs: tuple[str, ...], layout: str) -> tuple[Any, Any, int]:
        job = CardJob("quote", "x-image", "hala", langs, True, layout)
        layers = _layers(project, job)
        photo = next(la for la in layers if isinstance(la, Picture) and la.fit == "cover")
        logo = next(la for la in layers if isinstance(la, Logo))
        return photo.box, logo.box, get_preset("x-image").width

    def mirror(box: Any, width: int) -> tuple[int, int]:
        return width - box.right, box.w

    for layout in ("photo", "type", "split", "thumbnail"):
        ltr_photo, ltr_logo, width = boxes(("en",), layout)
        rtl_photo, rtl_logo, _ = boxes(("ar",), layout)
        assert (rtl_photo.x, rtl_photo.w) == mirror(ltr_photo, width), layout
        assert abs(rtl_logo.x - mirror(ltr_logo, width)[0]) <= 2, layout
        both_photo, both_logo, _ = boxes(("ur", "en"), layout)  # both directions: the frame stays
        assert (both_photo, both_logo) == (ltr_photo, ltr_logo), layout


def test_numbers_follow_each_language(project: Project):
    """The figure as the first language writes it; the second repeats it only where it writes
    it otherwise."""
    rania = project.campaign.person("rania")
    numerals = project.campaign.brand.numerals_for(rania.country)
    texts = _texts(_layers(project, _job("stat", "instagram-portrait", "rania", ("hi", "en"))))
    hindi, english = (format_number(rania.members, lang, numerals, rania.country) for lang in ("hi", "en"))
    figure = next(t for t in texts if t.source.endswith(".members"))
    assert figure.text == hindi
    label = next(t for t in texts if t.source.endswith("members_label.en"))
    assert label.text.startswith(english) == (hindi != english), label.text


# ---------------------------------------------------------------------------- files


@pytest.fixture(scope="module")
def rendered(project: Project, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("multilingual")
    result = render_outputs(project, out, Request(card_jobs(project), ProcessPool(2)))
    assert result.entries and all(e.error is None for e in result.entries), [e.error for e in result.entries]
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def test_files_and_manifest_carry_the_output_s_languages(rendered: tuple[Path, list[dict[str, Any]]]):
    out, entries = rendered
    entry = next(
        e
        for e in entries
        if e["template"] == "quote" and e["subject"] == "hala" and e["preset"] == "instagram-square"
        if e.get("languages") == ["ur", "en"]
    )
    assert entry["path"] == "cards/hala/quote-instagram-square-ur-en.png"
    assert entry["alt_paths"] == {
        "ur": "cards/hala/quote-instagram-square-ur-en.alt.ur.txt",
        "en": "cards/hala/quote-instagram-square-ur-en.alt.en.txt",
    }
    assert set(entry["alt"]) - {"left_out"} == {"ur", "en"}
    both = (out / entry["alt_path"]).read_text(encoding="utf-8")
    assert both == f"ur: {entry['alt']['ur']}\nen: {entry['alt']['en']}\n"
    # Every output chose its languages: each card says which, in its name and its entry.
    for e in entries:
        langs = e["languages"]
        assert Path(e["path"]).stem.endswith("-" + "-".join(langs)), e["path"]
        assert set(e["alt_paths"]) == set(langs)
        assert {p.name for p in (out / e["path"]).parent.glob(Path(e["path"]).stem + ".alt.*.txt")} == {
            f"{Path(e['path']).stem}.alt.{lang}.txt" for lang in langs
        }
    assert {tuple(e["languages"]) for e in entries} == {("ar",), ("fr",), ("ur", "en"), ("hi", "en")}


@pytest.mark.parametrize(
    ("stem", "lang", "opens"),
    [
        ("hala/quote-instagram-square-ar", "ar", "صورة هالة دحروج على بطاقة اقتباس"),
        ("hala/quote-instagram-square-fr", "fr", "Photo de Hala Dahrouge sur une carte citation"),
        ("hala/quote-instagram-square-ur-en", "ur", "اقتباس کارڈ پر ہالہ دحروج کی تصویر"),
        ("hala/quote-instagram-square-ur-en", "en", "Photo of Hala Dahrouge on a quote card"),
        ("hala/quote-instagram-square-hi-en", "hi", "उद्धरण कार्ड पर हाला दहरूज की तस्वीर"),
        ("rania/stat-instagram-portrait-hi-en", "hi", "आँकड़ा कार्ड पर रानिया आतिफ़ की तस्वीर"),
        ("community-stories-multilingual/goal-instagram-square-fr", "fr", "Carte objectif"),
        (
            "community-stories-multilingual/hashtag-instagram-square-ur-en",
            "ur",
            "مہم کمیونٹی کی کہانیاں کا کارڈ",
        ),
        ("dar-el-khoos/spotlight-instagram-portrait-ar", "ar", "صورة من دار الخوص"),
    ],
)
def test_alt_text_is_in_each_language_s_own_words(
    rendered: tuple[Path, list[dict[str, Any]]], stem: str, lang: str, opens: str
):
    out, _ = rendered
    text = (out / "cards" / f"{stem}.alt.{lang}.txt").read_text(encoding="utf-8")
    assert text.startswith(opens), text
    assert get_base_level(text) == (1 if is_rtl(lang) else 0), text
    if lang in ("ar", "ur", "hi"):  # no English template word: Latin only in hashtags
        assert not LATIN.search(re.sub(r"#\S+", "", text)), text
    if lang in ("ur", "hi"):  # the sentence ends with the language's full stop (or is cut short)
        words = re.sub(r"\s*#\S+", "", text)
        assert words.endswith({"ur": "۔", "hi": "।"}[lang]) or "…" in words[-2:], text


# ---------------------------------------------------------------------------- OCR


def _reader_lacks(*models: str) -> str | None:
    reason = ocr.missing()
    if reason:
        return reason
    import pytesseract

    lacking = set(models) - set(pytesseract.get_languages(config=""))
    return f"tesseract lacks language data: {', '.join(sorted(lacking))}" if lacking else None


def _letters(text: str) -> str:
    """Letters, marks and digits (Devanagari's vowel signs are marks: they are the word),
    with Arabic harakat and the letter forms tesseract confuses folded as tests/ocr.py does."""
    text = ocr._MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(ocr._FOLD)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LNM").lower()


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        last, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            last, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, last + (ca != cb))
    return row[-1]


def cer(read: str, expected: str) -> float:
    want = _letters(expected)
    return _distance(_letters(read), want) / max(1, len(want))


def _ink(card: Image.Image, box: tuple[int, int, int, int], color: str) -> Image.Image:
    """One line of the card, black where its pixels are the text's colour and white elsewhere,
    cropped to that ink with a margin (tesseract reads a line better without acres of blank)."""
    x0, y0, x1, y1 = box
    rgb = np.asarray(card.crop((x0, y0 - 6, x1, y1 + 6)).convert("RGB")).astype(np.int16)
    target = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
    near = np.abs(rgb - target).max(axis=2) <= 80
    line = Image.fromarray(np.where(near, 0, 255).astype(np.uint8))
    ink = ImageOps.invert(line).getbbox()
    return ImageOps.expand(line.crop(ink) if ink else line, 30, fill=255)


def _read(image: Image.Image, model: str) -> str:
    """Mode 7 (one line), and mode 13 (raw line) where 7 returns nothing, as it does for some
    short Arabic lines (see tests/ocr.py)."""
    return ocr.read(image, model, 7) or ocr.read(image, model, 13)


def read_card(project: Project, job: CardJob, model: dict[str, str] | None = None) -> list[tuple[Text, str]]:
    """Each text of the card that is one language's, with what tesseract read of it on the
    card (its lines read one by one with that language's model, or ``model[lang]``)."""
    card = render_card(project, job)
    assert card.problems == []
    models = {**TESSERACT, **(model or {})}
    return [
        (
            text,
            " ".join(
                _read(_ink(card.image, line, text.style.color), models[text.style.lang]) for line in lines
            ),
        )
        for text, _, lines in _placed(_layers(project, job))
        if text.style.lang is not None
    ]


def _check_reads(project: Project, job: CardJob, model: dict[str, str] | None = None) -> None:
    results = read_card(project, job, model)
    assert {text.style.lang for text, _ in results} == set(job.languages)
    for text, read in results:
        lang = text.style.lang
        assert lang is not None
        score = cer(read, text.text)
        assert score <= CER_LIMIT[lang], f"{text.source}: read {read!r} for {text.text!r} (CER {score:.2f})"


@pytest.mark.ocr
@pytest.mark.parametrize("subject", ["hala", "rania"])
def test_an_arabic_only_card_reads_back_in_arabic_and_no_english_word(project: Project, subject: str):
    if reason := _reader_lacks("ara", "eng"):
        pytest.skip(reason)
    job = _job("quote", "instagram-square", subject, ("ar",))
    _check_reads(project, job)
    # English's model reads Arabic letters as Latin noise; what it must not find is any word
    # the campaign writes in a Latin script. The same card with English on it is the control.
    person = project.campaign.person(subject)
    vocabulary = {
        word.lower()
        for field in (person.quote, person.name, person.group, person.country_name)
        for lang in ("en", "fr")
        for word in re.findall(r"[A-Za-zÀ-ÿ]{3,}", field.get(lang))
    } | {"communitystories"}

    def english_words(langs: tuple[str, ...]) -> set[str]:
        card = render_card(project, _job("quote", "instagram-square", subject, langs)).image
        seen = ocr.read(ImageOps.invert(card.convert("L")), "eng", 3)
        return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", seen)} & vocabulary

    assert english_words(("ar",)) == set()
    assert len(english_words(("ar", "en"))) >= 5  # the reader does find them where they are


@pytest.mark.ocr
def test_a_french_only_card_reads_back_in_french(project: Project):
    """``fra`` where it is installed; English's model reads the accented letters less well but
    within the same limit for these lines."""
    if reason := _reader_lacks("eng"):
        pytest.skip(reason)
    model = {} if _reader_lacks("fra") is None else {"fr": "eng"}
    for subject in ("hala", "rania"):
        _check_reads(project, _job("quote", "instagram-square", subject, ("fr",)), model)
    _check_reads(project, _job("goal", "instagram-square", None, ("fr",)), model)


@pytest.mark.ocr
@pytest.mark.parametrize("subject", ["hala", "rania"])
def test_an_urdu_and_english_card_reads_back(project: Project, subject: str):
    if reason := _reader_lacks("urd", "eng"):
        pytest.skip(reason)
    _check_reads(project, _job("quote", "instagram-square", subject, ("ur", "en")))


@pytest.mark.ocr
@pytest.mark.parametrize("subject", ["hala", "rania"])
def test_a_hindi_and_english_card_reads_back(project: Project, subject: str):
    if reason := _reader_lacks("hin", "eng"):
        pytest.skip(reason)
    _check_reads(project, _job("quote", "instagram-square", subject, ("hi", "en")))


@pytest.mark.ocr
@pytest.mark.parametrize("lang", ["ar", "fr", "ur", "hi"])
def test_the_limits_refuse_a_line_drawn_backwards(project: Project, lang: str):
    """The control: a quote drawn with its characters reversed is beyond the limit."""
    model = TESSERACT[lang] if _reader_lacks(TESSERACT[lang]) is None else "eng"
    if reason := _reader_lacks(model):
        pytest.skip(reason)
    first_line = project.campaign.people[1].quote.get(lang)[:34]
    image = ocr.render_line(first_line[::-1], 56, "naskh" if is_rtl(lang) else "sans")
    assert cer(_read(image, model), first_line) > CER_LIMIT[lang] + 0.2


@pytest.mark.parametrize(("langs", "from_right"), [(("ar",), True), (("fr",), False), (("ur", "en"), False)])
def test_the_goal_bar_fills_the_way_the_card_reads(
    project: Project, langs: tuple[str, ...], from_right: bool
):
    layers = _layers(project, _job("goal", "instagram-square", None, langs))
    (bar,) = [item for la in layers if isinstance(la, Stack) for item in la.items if isinstance(item, Bar)]
    assert 0 < bar.fraction < 1 and bar.started
    assert bar.rtl is from_right
