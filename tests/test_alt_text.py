"""Alt text ready to paste: one file per language beside every card, within the ~125
characters platforms advise where the card's words allow, opening with what the picture
shows, free of invisible characters a line does not need, and the manifest says what each
file left out.

"Needed" is decided by an independent reader, python-bidi (the Rust ``unicode-bidi`` crate),
laying the line out as a platform's text box does (direction from the first strong letter):
an invisible mark is needed when removing it changes what the reader shows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bidi import get_base_level, get_display

from takatof.model import load_project
from takatof.model.languages import is_rtl
from takatof.render.batch import ProcessPool, project_names
from takatof.render.cards import CardJob, card_jobs
from takatof.render.manifest import CardEntry, Manifest
from takatof.render.outputs import Request, render_outputs
from takatof.templates.cards.common import ALT_LIMIT, AltLine, AltPart, plain_alt
from takatof.templates.layers import isolate

LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
BIDI_MARKS = {LRM, RLM, ALM}
# Never needed in a plain line once marks do the work: isolates, embeddings, zero-width space,
# word joiner, byte-order mark.
NEVER = set("\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\u200b\u2060\ufeff")
ZW_JOINERS = {"\u200c", "\u200d"}


def shown(text: str) -> str:
    return get_display(text)


def needless_marks(text: str) -> list[int]:
    """Where ``text`` has a bidi mark that the reader shows the same without."""
    return [
        i
        for i, char in enumerate(text)
        if char in BIDI_MARKS
        and shown(text[:i] + text[i + 1 :]).translate(dict.fromkeys(map(ord, BIDI_MARKS)))
        == shown(text).translate(dict.fromkeys(map(ord, BIDI_MARKS)))
    ]


# ------------------------------------------------------------------ every card of the example


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]], dict[str, Any]]:
    example = Path(__file__).resolve().parents[1] / "examples/community-stories/campaign.json"
    project = load_project(example, project_names())
    out = tmp_path_factory.mktemp("out")
    result = render_outputs(project, out, Request(card_jobs(project), ProcessPool(2)))
    assert result.entries and all(e.error is None for e in result.entries)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return out, manifest["outputs"], json.loads(example.read_text(encoding="utf-8"))


def pictures(data: dict[str, Any], entry: dict[str, Any]) -> dict[str, str]:
    """What the alt text must open with, per language, from the project's own data: the
    person's photo on person cards, the spotlight's photo, or the kind of graphic."""
    people = {p["id"]: p for p in data["people"]}
    spots = {s["id"]: s for s in data["spotlights"]}
    if entry["template"] in ("quote", "stat"):
        name = people[entry["subject"]]["name"]
        return {"ar": f"صورة {name['ar']}", "en": f"Photo of {name['en']}"}
    if entry["template"] == "spotlight":
        name = spots[entry["subject"]]["name"]
        return {"ar": f"صورة من {name['ar']}", "en": f"Photo from {name['en']}"}
    if entry["template"] == "hashtag":
        return {"ar": f"بطاقة حملة {data['title']['ar']}", "en": f"{data['title']['en']} campaign card"}
    if entry["template"] == "group":
        return {"ar": "بطاقة تجمع", "en": "Card featuring"}
    return {"ar": "بطاقة الهدف: شريط تقدّم", "en": "Goal card, a progress bar"}


def test_every_card_gets_a_short_alt_text_file_per_language(
    rendered: tuple[Path, list[dict[str, Any]], dict[str, Any]],
) -> None:
    out, entries, data = rendered
    assert len(entries) == 37 and {e["template"] for e in entries} == {
        "quote",
        "stat",
        "hashtag",
        "goal",
        "spotlight",
        "group",
    }
    longest: dict[str, tuple[int, str]] = {}
    for entry in entries:
        assert set(entry["alt_paths"]) == {"ar", "en"}, entry
        assert set(CardEntry.model_validate(entry).files) == {
            entry["path"],
            entry["alt_path"],
            *entry["alt_paths"].values(),
        }
        for lang, rel in entry["alt_paths"].items():
            assert rel == entry["path"].rsplit(".", 1)[0] + f".alt.{lang}.txt"
            text = (out / rel).read_text(encoding="utf-8")
            assert len(text) <= ALT_LIMIT, (rel, len(text), text)
            assert text.startswith(pictures(data, entry)[lang]), (rel, text)
            assert not set(text) & (NEVER | ZW_JOINERS), (rel, text)
            assert needless_marks(text) == [], (rel, text)
            assert get_base_level(text) == (1 if lang == "ar" else 0)
            assert "\n" not in text and text == text.strip()  # exactly what to paste
            if len(text) > longest.get(lang, (0, ""))[0]:
                longest[lang] = (len(text), rel)
            # the whole text, in the manifest and the combined file, holds every word
            left = entry["alt"].get("left_out", {}).get(lang, [])
            for part in left:
                assert part["text"] and part["text"] not in text
                assert part["text"].replace(LRM, "").replace(RLM, "") in entry["alt"][lang].replace(
                    LRM, ""
                ).replace(RLM, "")
        both = (out / entry["alt_path"]).read_text(encoding="utf-8")
        assert both == f"ar: {entry['alt']['ar']}\nen: {entry['alt']['en']}\n"
    print(f"longest alt text: {longest}")
    # The hashtags go first: a card whose English file dropped a clause dropped its hashtags too.
    for entry in entries:
        names = [p["part"] for p in entry["alt"].get("left_out", {}).get("en", [])]
        if names:
            assert names[0] == "hashtags" or entry["template"] == "hashtag", entry["alt"]


def test_the_manifest_lists_the_alt_text_files_and_nothing_else_is_on_disk(
    rendered: tuple[Path, list[dict[str, Any]], dict[str, Any]],
) -> None:
    out, entries, _ = rendered
    manifest = Manifest.model_validate(json.loads((out / "manifest.json").read_text(encoding="utf-8")))
    listed = {rel for entry in manifest.outputs for rel in entry.files} | set(manifest.kit or [])
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    on_disk = {p for p in on_disk if not p.startswith(".cache/")}
    assert on_disk == listed
    assert sum(rel.endswith((".alt.ar.txt", ".alt.en.txt")) for rel in listed) == 2 * len(entries)


def test_hala_quote_card_says_what_its_short_texts_left_out(
    rendered: tuple[Path, list[dict[str, Any]], dict[str, Any]],
) -> None:
    out, entries, _ = rendered
    (entry,) = [
        e for e in entries if (e["template"], e["subject"], e["preset"]) == ("quote", "hala", "x-image")
    ]
    assert (out / entry["alt_paths"]["en"]).read_text(encoding="utf-8") == (
        "Photo of Hala Dahrouge on a quote card: “When we swap what we don't need, we discover how much we "
        "need each other.”"
    )
    assert entry["alt"]["left_out"]["en"] == [
        {"part": "hashtags", "text": "#CommunityStoriesMENA #التكاتف_قوّة"},
        {"part": "group", "text": "LibanTroc, Lebanon"},
    ]
    assert entry["alt"]["en"].endswith(f"— LibanTroc, Lebanon. #CommunityStoriesMENA {RLM}#التكاتف_قوّة")


# ------------------------------------------------------- cards in the output's languages


@pytest.fixture(scope="module")
def rendered_languages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """The five-language test campaign's cards (Arabic only, French only, Urdu + English,
    Hindi + English)."""
    campaign = Path(__file__).parent / "data" / "multilingual" / "campaign.json"
    project = load_project(campaign, project_names())
    out = tmp_path_factory.mktemp("languages")
    result = render_outputs(project, out, Request(card_jobs(project), ProcessPool(2)))
    assert result.entries and all(e.error is None for e in result.entries)
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def test_alt_text_in_any_language_is_as_clean_as_in_arabic_and_english(
    rendered_languages: tuple[Path, list[dict[str, Any]]],
) -> None:
    """Each language's file: within the limit, no invisible character the independent reader
    shows the same without, the paragraph in the language's direction; the combined file
    lists the card's languages in its order."""
    out, entries = rendered_languages
    seen: set[str] = set()
    for entry in entries:
        langs = entry["languages"]
        assert list(entry["alt_paths"]) == langs
        for lang, rel in entry["alt_paths"].items():
            seen.add(lang)
            text = (out / rel).read_text(encoding="utf-8")
            assert len(text) <= ALT_LIMIT, (rel, len(text), text)
            assert not set(text) & (NEVER | ZW_JOINERS), (rel, text)
            assert needless_marks(text) == [], (rel, text)
            assert get_base_level(text) == (1 if is_rtl(lang) else 0), (rel, text)
        both = (out / entry["alt_path"]).read_text(encoding="utf-8")
        assert both == "".join(f"{lang}: {entry['alt'][lang]}\n" for lang in langs)
    assert seen == {"ar", "en", "fr", "ur", "hi"}


# ------------------------------------------------------------------------- a long-text card


def test_a_long_quote_is_cut_between_words_and_the_rest_recorded(project_copy: Path, tmp_path: Path) -> None:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    quote = (
        "When we swap what we don't need, we discover how much we need each other, and every coat, "
        "every crib and every schoolbag that changes hands tells a neighbour that someone noticed."
    )
    data["people"][0]["quote"]["en"] = quote
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project = load_project(project_copy, project_names())
    out = tmp_path / "out"
    result = render_outputs(project, out, Request([CardJob("quote", "instagram-story", "hala")]))
    (entry,) = result.entries
    assert isinstance(entry, CardEntry) and entry.alt_paths and entry.alt and entry.alt.left_out
    text = (out / entry.alt_paths["en"]).read_text(encoding="utf-8")
    print(f"{len(text)} characters: {text}")
    assert len(text) <= ALT_LIMIT
    prefix = "Photo of Hala Dahrouge on a quote card: “"
    assert text.startswith(prefix) and text.endswith("…”")
    kept = text[len(prefix) : -2]
    left = {part.part: part.text for part in entry.alt.left_out["en"]}
    assert list(left) == ["hashtags", "group", "quote"]
    assert left["group"] == "LibanTroc, Lebanon"
    # cut between words, after a clause where one was near: nothing lost, nothing split
    assert (
        f"{kept} {left['quote']}".split() == quote.split()
        or f"{kept}, {left['quote']}".split() == quote.split()
    )
    assert kept.endswith("each other")
    assert entry.alt.get("en").count(quote) == 1  # the whole text still holds it all


# ---------------------------------------------------------------------- the parts, as a table


def line(*parts: AltPart, tags: tuple[str, ...] = (), lang: str = "en") -> AltLine:
    return AltLine(lang, parts, tags)  # type: ignore[arg-type]


PIC = AltPart("picture", "Photo of Hala")
FIT_ROWS = [
    ("all-fits", line(PIC, AltPart("c", "a clause", 1, ", ")), 40, "Photo of Hala, a clause.", []),
    (
        "hashtags-first",
        line(PIC, AltPart("c", "a clause", 1, ", "), tags=("#OneTag",)),
        30,
        "Photo of Hala, a clause.",
        ["hashtags"],
    ),
    (
        "then-the-least-important-clause",
        line(PIC, AltPart("b", "second", 1, ", "), AltPart("c", "third", 2, ", "), tags=("#T",)),
        24,
        "Photo of Hala, second.",
        ["hashtags", "c"],
    ),
    (
        "a-later-clause-before-an-equal-earlier-one",
        line(PIC, AltPart("b", "second", 1, ", "), AltPart("c", "third", 1, ", ")),
        22,
        "Photo of Hala, second.",
        ["c"],
    ),
    (
        "a-short-hashtag-never-replaces-a-clause",
        line(PIC, AltPart("b", "a long clause here", 1, ", "), tags=("#T",)),
        20,
        "Photo of Hala.",
        ["hashtags", "b"],
    ),
    (
        "main-words-cut-at-a-word",
        line(PIC, AltPart("q", "“one two three four five”", sep=": ", shorten=True)),
        32,
        "Photo of Hala: “one two three…”",
        ["q"],
    ),
    (
        "cut-after-a-clause-when-near",
        line(PIC, AltPart("q", "one two, three four five six", sep=": ", shorten=True)),
        34,
        "Photo of Hala: one two…",
        ["q"],
    ),
    (
        "an-urdu-quote-cut-at-its-comma-ends-with-its-closing-mark",
        line(
            AltPart("picture", "ہالہ کی تصویر"),
            AltPart("q", "“ایک دو، تین چار پانچ چھ”", sep=": ", shorten=True),
            lang="ur",
        ),
        26,
        "ہالہ کی تصویر: “ایک دو…”",
        ["q"],
    ),
    (
        "urdu-and-hindi-full-stops-end-a-sentence",
        AltLine("hi", (AltPart("picture", "हाला की तस्वीर।"),), end="।"),
        40,
        "हाला की तस्वीर।",
        [],
    ),
    (
        "too-long-and-nothing-may-go",
        line(AltPart("picture", "Photo of a very long name")),
        10,
        "Photo of a very long name.",
        [],
    ),
]


@pytest.mark.parametrize(
    ("alt", "limit", "text", "left"), [r[1:] for r in FIT_ROWS], ids=[r[0] for r in FIT_ROWS]
)
def test_fit_leaves_out_the_least_important_first(
    alt: AltLine, limit: int, text: str, left: list[str]
) -> None:
    got, dropped = alt.fit(limit)
    assert got == text
    assert [p.name for p in dropped] == left
    assert len(got) <= limit or not any(p.rank or p.shorten for p in alt.parts)


PLAIN_ROWS = [
    # (id, lang, text as composed, plain text)
    (
        "latin-in-english",
        "en",
        f"Photo of {isolate('Hala')}, {isolate('LibanTroc')}.",
        "Photo of Hala, LibanTroc.",
    ),
    ("arabic-in-arabic", "ar", f"صورة {isolate('هالة')}، {isolate('لبنان')}.", "صورة هالة، لبنان."),
    ("latin-word-in-arabic", "ar", f"بترشيح من {isolate('LibanTroc')}.", "بترشيح من LibanTroc."),
    (
        "latin-ending-in-punctuation",
        "ar",
        f"بترشيح من {isolate('I Make This!')}، مصر",
        f"بترشيح من I Make This!{LRM}، مصر",
    ),
    ("handle-in-arabic", "ar", f"صورة ({isolate('@darelkhoos')})", f"صورة ({LRM}@darelkhoos)"),
    ("arabic-hashtag-in-english", "en", "Share #التكاتف_قوّة", f"Share {RLM}#التكاتف_قوّة"),
    ("zero-width-space-and-stray-marks", "en", f"Photo{LRM} of\u200b Hala{RLM}", "Photo of Hala"),
    ("persian-zwnj-kept", "ar", "می\u200cخواهم", "می\u200cخواهم"),
    # An Urdu line opening with a Latin name needs RLM first (a platform takes the paragraph's
    # direction from its first letter); a Hindi line opening with an Urdu name, LRM.
    ("latin-name-opening-urdu", "ur", f"{isolate('Hala')} کی تصویر", f"{RLM}Hala کی تصویر"),
    (
        "latin-ending-in-punctuation-in-urdu",
        "ur",
        f"{isolate('I Make This!')}، مصر",
        f"{RLM}I Make This!{LRM}، مصر",
    ),
    ("hebrew-is-right-to-left", "he", f"כרטיס {isolate('LibanTroc!')}", f"כרטיס LibanTroc!{LRM}"),
    ("urdu-name-opening-hindi", "hi", f"{isolate('ہالہ!')} की तस्वीर", f"{LRM}ہالہ!{RLM} की तस्वीर"),
    ("emoji-zwj-kept", "en", "Team 👩\u200d👩\u200d👧", "Team 👩\u200d👩\u200d👧"),
    ("dangling-zwj-dropped", "en", "Team \u200d", "Team "),
]


@pytest.mark.parametrize(
    ("lang", "composed", "plain"), [r[1:] for r in PLAIN_ROWS], ids=[r[0] for r in PLAIN_ROWS]
)
def test_plain_alt_keeps_only_the_invisible_characters_a_line_needs(
    lang: str, composed: str, plain: str
) -> None:
    got = plain_alt(composed, lang)  # type: ignore[arg-type]
    assert got == plain
    assert needless_marks(got) == []
    stripped = composed.translate(dict.fromkeys(map(ord, NEVER | BIDI_MARKS)))
    if got != stripped.replace("\u200b", ""):  # a mark was kept: the reader shows the line wrong without it
        assert shown(got) != shown(stripped)
