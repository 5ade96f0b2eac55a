"""Captions never break inside a run of the other script.

A player lays out each caption line with the Unicode bidi algorithm: a Latin name in an
Arabic line ("I Make This!", "@cairorunners", "#CommunityStoriesMENA", "10 km") is one
left-to-right run inside a right-to-left line. Broken across two lines (or two cues), each
half becomes a run of its own: the QA story showed "… I Make" then "This! يفتح …", read as
"!This" on the right, in the caption files and burned into the video. The same holds for an
Arabic name inside an English line.

Table tests of the pure functions (each row notes what the cutting did before), then the
same stories through the caption files (read back by the ``srt`` and ``webvtt`` libraries
and laid out by an independent bidi implementation, python-bidi) and through the story
video's plan (the text the burned-in captions draw).
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

import pytest
import srt
import webvtt
from bidi import get_display

from takatof.templates.captions import (
    LINE_CHARS,
    MAX_CUE_S,
    MIN_CUE_S,
    caption_pieces,
    fits_cue,
    reading_time,
    split_words,
    story_cues,
    to_srt,
    to_vtt,
    wrap_lines,
)


def ar_en(ar: Any, en: Any) -> list[tuple[str, Any]]:
    """Arabic and English, in that order: the default video's languages."""
    return [("ar", ar), ("en", en)]


def bilingual_pieces(ar: str, en: str) -> list[tuple[str, ...]]:
    return caption_pieces(ar_en(ar, en))


_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))


def _whole(run: str, lines: list[str]) -> bool:
    """``run`` is on one line of ``lines``, or none of its words is on any (it is not in
    the text): a run may not be shared between lines."""
    words = run.split()
    holding = [line for line in lines if any(word in line.split() for word in words)]
    return not holding or (len(holding) == 1 and run in holding[0])


# (row id, language, text, lines; before the fix in the comment)
WRAP_ROWS = [
    # before: "بدأت القصة مع مجتمع I" / "Make This! في القاهرة"
    (
        "latin-name",
        "ar",
        "بدأت القصة مع مجتمع I Make This! في القاهرة",
        ["بدأت القصة مع مجتمع", "I Make This! في القاهرة"],
    ),
    # before: "تابعوا في Cairo Runners" / "@cairorunners الجيران"
    (
        "handle",
        "ar",
        "تابعوا في Cairo Runners @cairorunners الجيران",
        ["تابعوا في", "Cairo Runners @cairorunners الجيران"],
    ),
    # "&" has no direction: between two Latin words it belongs to their run.
    # before: "… #CommunityStoriesMENA" / "& #LibanTroc الجيران"
    (
        "hashtags",
        "ar",
        "شاركوا قصصكم عبر #CommunityStoriesMENA & #LibanTroc الجيران",
        ["شاركوا قصصكم عبر", "#CommunityStoriesMENA & #LibanTroc الجيران"],
    ),
    # before: "أسّست هالة مجموعة Hala" / "Dahrouge Friends الجيران"
    (
        "three-word-name",
        "ar",
        "أسّست هالة مجموعة Hala Dahrouge Friends الجيران",
        ["أسّست هالة مجموعة", "Hala Dahrouge Friends الجيران"],
    ),
    # A number goes with the Latin unit after it. before: "… مسافة 10" / "km …"
    (
        "number-and-unit",
        "ar",
        "ركض المشاركون مسافة 10 km الجيران جمعة صباحاً",
        ["ركض المشاركون مسافة", "10 km الجيران جمعة صباحاً"],
    ),
    # before: "Every Friday we meet at حي" / "الزمالك القديم together morning"
    (
        "arabic-name-in-english",
        "en",
        "Every Friday we meet at حي الزمالك القديم together morning",
        ["Every Friday we meet at", "حي الزمالك القديم together morning"],
    ),
    # Runs longer than a line (46 and 64 characters) break at their own spaces.
    (
        "long-run-two-lines",
        "ar",
        "شكراً لفريق The International Community Running Federation",
        ["شكراً لفريق The International", "Community Running Federation"],
    ),
    (
        "long-run-three-lines",
        "ar",
        "نشكر فريق The International Community Running Federation of Greater Cairo على الدعم",
        ["نشكر فريق The International Community", "Running Federation of Greater Cairo على", "الدعم"],
    ),
    # A 3-word name just where the break used to fall ("… تروك عام" / "2019 …"): no two-line
    # break keeps it whole, so the text takes three lines (one more cue, see below) instead.
    # before: "… ليبان Give And" / "Take ليتبادل …"
    (
        "name-at-the-old-break",
        "ar",
        "أسّست هالة دحروج مجموعة ليبان Give And Take ليتبادل الجيران أغراضهم من دون مال.",
        ["أسّست هالة دحروج مجموعة ليبان", "Give And Take ليتبادل الجيران أغراضهم من", "دون مال."],
    ),
    # A number and the word it counts stay together when that costs a few characters...
    # before: "Today the group counts 85,000" / "members across the whole country"
    (
        "count-kept",
        "en",
        "Today the group counts 85,000 members across the whole country",
        ["Today the group counts 85,000 members", "across the whole country"],
    ),
    (
        "count-kept-arabic",
        "ar",
        "اليوم تضم المجموعة 85,000 عضو وساعدت أكثر من ألفي عائلة",
        ["اليوم تضم المجموعة 85,000 عضو", "وساعدت أكثر من ألفي عائلة"],
    ),
    # ...and a year is not a count: "2019 | ليتبادل" stays where balance puts it.
    (
        "year-not-a-count",
        "ar",
        "أسّست هالة دحروج مجموعة ليبان تروك عام 2019 ليتبادل الجيران أغراضهم من دون مال.",
        ["أسّست هالة دحروج مجموعة ليبان تروك عام", "2019 ليتبادل الجيران أغراضهم من دون مال."],
    ),
    # Text with no run of the other script keeps its balanced break.
    (
        "plain-english",
        "en",
        "Hala Dahrouge started LibanTroc in 2019 so neighbours could swap",
        ["Hala Dahrouge started LibanTroc", "in 2019 so neighbours could swap"],
    ),
]


@pytest.mark.parametrize(
    "lang, text, lines", [row[1:] for row in WRAP_ROWS], ids=[row[0] for row in WRAP_ROWS]
)
def test_wrap_keeps_runs_of_the_other_script_whole(lang: str, text: str, lines: list[str]) -> None:
    assert wrap_lines(text, lang=lang) == lines
    assert " ".join(lines).split() == text.split()  # nothing lost or reordered
    assert all(len(line) <= LINE_CHARS for line in lines)


@pytest.mark.parametrize(
    "lang, text, lines",
    [row[1:] for row in WRAP_ROWS if row[0] != "long-run-three-lines"],
    ids=[row[0] for row in WRAP_ROWS if row[0] != "long-run-three-lines"],
)
def test_wrap_without_the_language_guesses_it_from_most_words(lang: str, text: str, lines: list[str]) -> None:
    """The burned-in captions wrap a cue's text without naming its language: the script of
    most words is the text's own (a long #hashtag has more letters than three Arabic words)."""
    assert wrap_lines(text) == lines


def test_wrap_without_the_language_can_guess_wrong_when_most_words_are_latin() -> None:
    """Eight Latin words and three Arabic ones: without the language, the Arabic words are
    taken as the run (kept together); with it, the Latin run, too long for a line, breaks."""
    text = "نشكر فريق The International Community Running Federation of Greater Cairo على الدعم"
    assert wrap_lines(text)[-1] == "على الدعم"
    assert wrap_lines(text, lang="ar")[-1] == "الدعم"


@pytest.mark.parametrize(
    "text, fits",
    [
        # The run is kept whole only on three lines: the text does not fit one cue.
        ("شاركوا قصصكم عبر #CommunityStoriesMENA & #LibanTroc الجيران جمعة", False),
        ("شاركوا قصصكم عبر #CommunityStoriesMENA & #LibanTroc الجيران", True),
        ("انضموا إلينا مع #CommunityStoriesMENA", True),
        # A run longer than a line may break: the text still fits two lines.
        ("شكراً لفريق The International Community Running Federation", True),
    ],
    ids=["run-needs-three-lines", "run-fits", "one-word-run", "long-run"],
)
def test_fits_cue_counts_lines_with_runs_whole(text: str, fits: bool) -> None:
    assert fits_cue(text, "ar") is fits


# (row id, language, text, pieces; before the fix in the comment)
SPLIT_ROWS = [
    # before: "… مجتمع I Make" / "This! يفتح أبوابه …" (the QA finding)
    (
        "qa-story",
        "ar",
        "بدأت الحكاية في مجتمع I Make This! يفتح أبوابه أمام النساء صاحبات المشاريع الصغيرة في كل مكان.",
        3,
        [
            "بدأت الحكاية في مجتمع I Make This!",
            "يفتح أبوابه أمام النساء صاحبات",
            "المشاريع الصغيرة في كل مكان.",
        ],
    ),
    # before: "بدأت في مصر الحكاية في مجتمع I Make" / "This! يفتح …"
    (
        "qa-story-run-moves-forward",
        "ar",
        "بدأت في مصر الحكاية في مجتمع I Make This! يفتح أبوابه أمام النساء صاحبات المشاريع الصغيرة في كل مكان.",
        3,
        [
            "بدأت في مصر الحكاية في مجتمع",
            "I Make This! يفتح أبوابه أمام النساء",
            "صاحبات المشاريع الصغيرة في كل مكان.",
        ],
    ),
    # before: "… at the market of حي" / "الزمالك القديم to share tea …"
    (
        "arabic-name-in-english",
        "en",
        "Every Friday we meet at the market of حي الزمالك القديم to share tea with everyone",
        2,
        ["Every Friday we meet at the market of", "حي الزمالك القديم to share tea with everyone"],
    ),
]


@pytest.mark.parametrize(
    "lang, text, n, pieces", [row[1:] for row in SPLIT_ROWS], ids=[row[0] for row in SPLIT_ROWS]
)
def test_cue_cuts_keep_runs_whole(lang: str, text: str, n: int, pieces: list[str]) -> None:
    assert split_words(text, n, lang) == pieces


# Multilingual stories: the QA story (Rania's, with the community's Latin name in the Arabic),
# the 3-word name where the Arabic line used to break, handles and hashtags.
QA_AR = (
    "تدعم رانيا عاطف عبر مجتمع I Make This! 189,000 عضو وعضوة، وتفتح الطريق أمام المشاريع "
    "التي تملكها نساء في مصر لتصل إلى زبائن جدد."
)
QA_EN = (
    "Through I Make This!, Rania Atef supports 189,000 members and opens the way for "
    "women-owned businesses across Egypt to reach new customers."
)
STORIES = {
    "qa": (QA_AR, QA_EN, "I Make This!"),
    "name-at-the-old-break": (
        "أسّست هالة دحروج مجموعة ليبان Give And Take ليتبادل الجيران أغراضهم من دون مال.",
        "Hala Dahrouge started Give And Take so neighbours could swap what they have without money.",
        "Give And Take",
    ),
    "handle": (
        "بدأ إبراهيم صفوت مجموعة Cairo Runners @cairorunners ليجتمع الناس على الركض في شوارع القاهرة كل جمعة.",
        "Ibrahim Safwat started Cairo Runners @cairorunners to bring people together to run Cairo's "
        "streets every Friday.",
        "Cairo Runners @cairorunners",
    ),
    "hashtags": (
        "شاركوا قصصكم معنا عبر #CommunityStoriesMENA & #LibanTroc الجيران جمعة لتصل إلى الجميع في كل مكان.",
        "Share your stories with us through #CommunityStoriesMENA & #LibanTroc so they reach everyone.",
        "#CommunityStoriesMENA & #LibanTroc",
    ),
}


@pytest.mark.parametrize("ar, en, run", STORIES.values(), ids=STORIES.keys())
def test_story_cues_keep_runs_whole_and_the_timing_rules(ar: str, en: str, run: str) -> None:
    cues = story_cues(ar_en(ar, en))
    assert len(cues) >= 2
    assert " ".join(c.text("ar") for c in cues).split() == ar.split()
    assert " ".join(c.text("en") for c in cues).split() == en.split()
    arabic_lines = [wrap_lines(c.text("ar"), lang="ar") for c in cues]
    assert _whole(run, [c.text("ar") for c in cues])  # no cue cut inside the run
    assert _whole(run, [line for lines in arabic_lines for line in lines])  # nor a line break
    assert any(run in line for lines in arabic_lines for line in lines)
    # The timing rules are the same as before: back to back, each as long as its slower
    # language needs, within 5/6 s..7 s, and every cue's text on at most two lines.
    for before, after in itertools.pairwise(cues):
        assert after.start == before.end
    for cue in cues:
        duration = cue.end - cue.start
        assert MIN_CUE_S - 1e-3 <= duration <= MAX_CUE_S + 1e-3
        assert duration == pytest.approx(
            max(reading_time(cue.text("ar")), reading_time(cue.text("en"))), abs=2e-3
        )
        assert (
            len(wrap_lines(cue.text("ar"), lang="ar")) <= 2
            and len(wrap_lines(cue.text("en"), lang="en")) <= 2
        )


def test_bilingual_pieces_of_the_qa_story() -> None:
    """Before: "تدعم رانيا عاطف عبر مجتمع I" / "Make This! 189,000 عضو وعضوة،"."""
    (first_ar, first_en), _ = bilingual_pieces(QA_AR, QA_EN)
    assert wrap_lines(first_ar, lang="ar") == ["تدعم رانيا عاطف عبر مجتمع", "I Make This! 189,000 عضو وعضوة،"]
    assert wrap_lines(first_en, lang="en") == [
        "Through I Make This!, Rania Atef",
        "supports 189,000 members and opens",
    ]


def _shown(line: str) -> str:
    """What a player shows, left to right (direction from the line itself), marks dropped."""
    return get_display(line).translate(_INVISIBLE)


@pytest.mark.parametrize("kind", ["srt", "vtt"])
@pytest.mark.parametrize("ar, en, run", STORIES.values(), ids=STORIES.keys())
def test_caption_files_show_the_run_in_its_own_order(kind: str, ar: str, en: str, run: str) -> None:
    """Each Arabic cue line read back from the file and laid out by python-bidi: the run's
    words read left to right, whole, on one line ("I Make This", never "Make This" under
    "I"). Punctuation at the run's end is left out of the comparison: a "!" between a Latin
    word and Arabic text sides with the Arabic sentence ("!I Make This" on screen), which is
    the direction marks' business, not the line breaks'."""
    cues = story_cues(ar_en(ar, en))
    text = to_srt(cues, "ar") if kind == "srt" else to_vtt(cues, "ar")
    if kind == "srt":
        blocks = [s.content for s in srt.parse(text)]
    else:
        blocks = [c.text for c in webvtt.from_buffer(io.StringIO(text)).captions]
    assert len(blocks) == len(cues)
    lines = [line for block in blocks for line in block.split("\n")]
    assert all(len(line.translate(_INVISIBLE)) <= LINE_CHARS for line in lines)
    shown = [_shown(line) for line in lines]
    letters = run.rstrip("!")
    assert sum(letters in line for line in shown) == 1
    assert _whole(letters, shown)


def test_burned_in_captions_keep_the_run_whole() -> None:
    """The story video's plan: the text its caption overlays draw for the QA story."""
    from takatof.model import load_project
    from takatof.render.batch import project_names
    from takatof.render.video.render import VideoJob, plan
    from takatof.templates.layers import Stack, Text

    example = Path(__file__).resolve().parents[1] / "examples/community-stories/campaign.json"
    project = load_project(example, project_names())
    (person,) = [p for p in project.campaign.people if p.id == "rania"]
    person.story = person.story.replace("ar", QA_AR).replace("en", QA_EN)
    timeline = plan(project, VideoJob("story", "instagram-story", "rania"))
    drawn = [
        item.text
        for overlay in timeline.overlays
        if overlay.name.startswith("caption-")
        for layer in overlay.layers
        if isinstance(layer, Stack)
        for item in layer.items
        if isinstance(item, Text)
    ]
    arabic = [t for t in drawn if any("\u0600" <= c <= "\u06ff" for c in t)]
    assert arabic
    lines = [line for t in arabic for line in t.split("\n")]
    assert "I Make This! 189,000 عضو وعضوة،" in lines
    assert _whole("I Make This!", lines)
