"""Recognised words to caption cues (takatof.speech.cues): table tests on synthetic words for
the splitting rules (pauses, sentences, two lines, seven seconds) and the timing rules
(first word's start to last word's end, a short cue kept on, no overlaps); then real speech,
espeak-ng's with known pauses, transcribed by Whisper base: each cue starts within 0.3 s of
its phrase's onset."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from takatof.speech.cues import MAX_CUE_S, MIN_CUE_S, PAUSE_S, cues_from_words
from takatof.speech.transcribe import transcribe
from takatof.speech.words import Word
from takatof.templates.captions import fits_cue
from tests import speech
from tests.conftest_speech import whisper_base  # noqa: F401

Cues = list[tuple[float, float, str]]


def said(text: str, at: float = 0.0, word_s: float = 0.3, gap_s: float = 0.05) -> list[Word]:
    """``text``'s words as a recogniser gives them (a leading space), said one after another
    from ``at``: each ``word_s`` long, ``gap_s`` apart."""
    out = []
    for word in text.split():
        out.append(Word(round(at, 3), round(at + word_s, 3), " " + word))
        at += word_s + gap_s
    return out


def texts(cues: Cues) -> list[str]:
    return [text for _, _, text in cues]


def check_rules(cues: Cues, words: Sequence[Word], lang: str) -> None:
    """What every result must be: all the words, in order, once; cues in order, not
    overlapping, each with a length, at most MAX_CUE_S, fitting two lines unless one word."""
    assert " ".join(texts(cues)).split() == [w.text.strip() for w in words]
    for start, end, text in cues:
        assert start < end <= start + MAX_CUE_S + 1e-9, (start, end, text)
        assert fits_cue(text, lang) or len(text.split()) == 1, text
        assert round(start, 3) == start and round(end, 3) == end
    for (_, end, _), (start, _, _) in itertools.pairwise(cues):
        assert end <= start


# ---------------------------------------------------------------- splitting
@pytest.mark.parametrize(
    ("pause", "expected"),
    [
        (PAUSE_S, ["We rebuilt the school", "and the children came back"]),
        (PAUSE_S + 0.5, ["We rebuilt the school", "and the children came back"]),
        (PAUSE_S - 0.05, ["We rebuilt the school and the children came back"]),
    ],
)
def test_a_pause_ends_a_cue(pause: float, expected: list[str]) -> None:
    first = said("We rebuilt the school")
    second = said("and the children came back", at=first[-1].end + pause)
    cues = cues_from_words(first + second, "en")
    assert texts(cues) == expected
    check_rules(cues, first + second, "en")


def test_a_sentence_ends_a_cue_once_it_is_long_enough() -> None:
    # "Hello." alone would flash for 0.3 s: it stays with what follows; the longer sentence
    # (over MIN_CUE_S) ends its cue though no pause follows it.
    words = said("Hello. My name is Hala and I teach. The school opened again.")
    cues = cues_from_words(words, "en")
    assert texts(cues) == ["Hello. My name is Hala and I teach.", "The school opened again."]
    check_rules(cues, words, "en")


def test_a_long_phrase_is_cut_into_pieces_that_fit_two_lines() -> None:
    text = (
        "When the water came into the village we carried the books to the mosque on the hill "
        "and taught the children there every morning until the road was open again"
    )
    words = said(text, word_s=0.2, gap_s=0.02)  # 6.6 s: only its length makes it cut
    cues = cues_from_words(words, "en")
    assert len(cues) == 2
    check_rules(cues, words, "en")
    lengths = [len(t) for t in texts(cues)]
    assert max(lengths) - min(lengths) < 25  # cut near the middle, not full-then-scraps


def test_a_cut_prefers_a_clause_mark_and_a_breath() -> None:
    text = "The teachers stayed in the town all winter, and the families that had left came back slowly"
    words = said(text, word_s=0.25, gap_s=0.03)
    cues = cues_from_words(words, "en")
    assert texts(cues)[0].endswith("winter,")
    # The same words without the comma, with a breath (0.4 s, under a pause) after "town".
    plain = said("The teachers stayed in the town", word_s=0.25, gap_s=0.03)
    rest = said(
        "all winter and the families that had left came back slowly",
        at=plain[-1].end + 0.4,
        word_s=0.25,
        gap_s=0.03,
    )
    cues = cues_from_words(plain + rest, "en")
    assert texts(cues)[0] == "The teachers stayed in the town"
    check_rules(cues, plain + rest, "en")


def test_no_cue_is_said_over_more_than_seven_seconds() -> None:
    # Slow speech: few characters, but 12 s without a pause.
    words = said("one two three four five six seven eight nine ten eleven twelve", word_s=0.5, gap_s=0.5)
    cues = cues_from_words(words, "en")
    assert len(cues) == 2
    check_rules(cues, words, "en")


def test_arabic_words_are_joined_with_spaces_and_cut_by_arabic_lines() -> None:
    text = (
        "عندما وصلت المياه إلى القرية حملنا الكتب إلى المسجد على التلة "
        "وعلّمنا الأطفال هناك كل صباح حتى فُتح الطريق من جديد، ثم عدنا إلى المدرسة"
    )
    words = said(text, word_s=0.3, gap_s=0.03)
    cues = cues_from_words(words, "ar")
    assert len(cues) >= 2
    check_rules(cues, words, "ar")
    assert all(fits_cue(t, "ar") for t in texts(cues))
    assert texts(cues)[0].startswith("عندما وصلت")


def test_one_long_word_is_one_cue_of_at_most_seven_seconds() -> None:
    cues = cues_from_words([Word(1.0, 9.5, " Aaaaaah")], "en")
    assert cues == [(1.0, 8.0, "Aaaaaah")]


def test_nothing_said_is_no_cues() -> None:
    assert cues_from_words([], "en") == []
    assert cues_from_words([Word(0.0, 0.5, " "), Word(0.5, 0.6, "")], "en") == []


# ---------------------------------------------------------------- timing
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # From the first word's start to the last word's end, in milliseconds.
        (
            [Word(0.1234, 0.5, " We"), Word(0.55, 1.4567, " stayed."), Word(3.0, 4.2, " Then")],
            [(0.123, 1.457, "We stayed."), (3.0, 4.2, "Then")],
        ),
        # A short cue stays on MIN_CUE_S when nothing follows soon…
        (
            [Word(2.0, 2.3, " Yes."), Word(5.0, 6.5, " Well")],
            [(2.0, 2.0 + MIN_CUE_S, "Yes."), (5.0, 6.5, "Well")],
        ),
        # … and until the next one starts when it follows sooner.
        ([Word(2.0, 2.3, " Yes."), Word(2.9, 4.5, " Well")], [(2.0, 2.9, "Yes."), (2.9, 4.5, "Well")]),
        # Overlapping recognised times never make overlapping cues.
        ([Word(0.0, 1.5, " Hello."), Word(1.2, 2.5, " Again")], [(0.0, 1.2, "Hello."), (1.2, 2.5, "Again")]),
        # Punctuation stays as the recogniser attached it; the spacing is the cue's own.
        ([Word(0.0, 0.4, "  «Hello"), Word(0.45, 1.2, " world!»  ")], [(0.0, 1.2, "«Hello world!»")]),
    ],
)
def test_cue_times(words: list[Word], expected: Cues) -> None:
    assert cues_from_words(words, "en") == expected


def test_words_out_of_order_are_taken_in_time_order() -> None:
    words = [Word(0.4, 0.7, " two"), Word(0.0, 0.3, " one")]
    assert cues_from_words(words, "en") == [(0.0, 1.0, "one two")]


# Any recogniser output: words of Latin, Arabic, digits and punctuation, each starting at or
# after the one before (Whisper's order), of any length including none, any silence between.
WORD_TEXTS = st.sampled_from(
    ["the", "school,", "children.", "300", "Beirut!", "المدرسة", "إلى", "،", "—", "engineering"]
)
STEPS = st.tuples(
    WORD_TEXTS, st.sampled_from([0.0, 0.05, 0.3, 0.59, 0.6, 2.0]), st.sampled_from([0.0, 0.1, 0.4, 3.0, 9.0])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(STEPS, max_size=60), st.sampled_from(["en", "ar"]))
def test_any_words_make_cues_that_keep_the_rules(steps: list[tuple[str, float, float]], lang: str) -> None:
    words, at = [], 0.0
    for text, silence, length in steps:
        start = round(at + silence, 3)
        words.append(Word(start, round(start + length, 3), " " + text))
        at = start + length
    check_rules(cues_from_words(words, lang), words, lang)


# ---------------------------------------------------------------- real speech
PHRASES = (
    "The school opened again in March.",
    "Two hundred children came back.",
    "Their teachers stayed all winter.",
)
PAUSES = (0.4, 1.2, 1.0)


@pytest.fixture(scope="module")
def heard(whisper_base: Path) -> tuple[list[Word], list[float]]:  # noqa: F811
    """One transcription for the module: the phrases said by espeak-ng with known pauses."""
    if (reason := speech.missing()) is not None:
        pytest.skip(reason)
    wav, onsets, _ = speech.speak(PHRASES, PAUSES)
    transcript = transcribe(wav, whisper_base, language="en")
    return list(transcript.words), onsets


def test_cues_from_real_speech_start_at_their_phrases(heard: tuple[list[Word], list[float]]) -> None:
    words, onsets = heard
    cues = cues_from_words(words, "en")
    check_rules(cues, words, "en")
    assert len(cues) == len(PHRASES), cues
    for (start, _, text), onset in zip(cues, onsets, strict=True):
        assert abs(start - onset) <= 0.3, (text, start, onset)
