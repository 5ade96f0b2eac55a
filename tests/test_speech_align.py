"""A typed story timed to a voice (takatof.speech.align): table tests with synthetic
recognised words (exact, misheard, numbers as digits, Arabic spellings, a stretch of noise,
nothing heard at all); then real speech: a story read by espeak-ng with known pauses and
transcribed by Whisper base, its story cues each within 0.3 s of the phrase's onset and end,
and the same story with one sentence replaced by noise, whose cue falls back to reading
speed between its neighbours while the others keep their times."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from takatof.speech.align import MIN_FALLBACK_S, SPEAKING_CPS, Aligned, align, normalise
from takatof.speech.transcribe import transcribe
from takatof.speech.words import Word
from takatof.templates.captions import MAX_CUE_S, reading_time, story_cues
from takatof.templates.timeline import Cue
from tests import speech
from tests.conftest_speech import whisper_base  # noqa: F401


def said(text: str, at: float, word_s: float = 0.3, gap_s: float = 0.05) -> list[Word]:
    """``text``'s words as a recogniser gives them, said one after another from ``at``."""
    out = []
    for word in text.split():
        out.append(Word(round(at, 3), round(at + word_s, 3), " " + word))
        at += word_s + gap_s
    return out


def cue(*texts: str, langs: Sequence[str] = ("en",)) -> Cue:
    """A cue at no particular time (alignment gives it one)."""
    return Cue.of(0.0, 1.0, zip(langs, texts, strict=True))


def spans(aligned: Aligned) -> list[tuple[float, float]]:
    return [(c.start, c.end) for c in aligned.cues]


def check_rules(aligned: Aligned, cues: Sequence[Cue], start: float, end: float) -> None:
    """What every alignment must be: the same cues with the same texts, in order, each with
    a length, none overlapping, times in milliseconds."""
    assert [c.texts for c in aligned.cues] == [c.texts for c in cues]
    for c in aligned.cues:
        assert c.start < c.end, c
        assert round(c.start, 3) == c.start and round(c.end, 3) == c.end
    for a, b in zip(aligned.cues, aligned.cues[1:], strict=False):
        assert a.end <= b.start, (a, b)
    assert all(0 <= i < len(cues) for i in aligned.fallback)


# ---------------------------------------------------------------- normalising
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Hello,", "hello"),
        ("«School»", "school"),
        ("Café!", "cafe"),
        ("don't", "dont"),
        ("85,000", "85000"),
        ("٣٠٠", "300"),  # Arabic-Indic digits
        ("۳۰۰", "300"),  # Persian/Urdu digits
        ("مَدْرَسَةٌ", "مدرسه"),  # harakat gone, ة → ه
        ("إلى", "الي"),  # إ → ا, ى → ي
        ("أحمد", "احمد"),
        ("آمنة", "امنه"),
        ("مـــرحبا", "مرحبا"),  # tatweel
        ("—", ""),
        ("🙂", ""),
    ],
)
def test_normalise(word: str, expected: str) -> None:
    assert normalise(word) == expected


# ---------------------------------------------------------------- synthetic voices
def test_each_cue_runs_from_its_first_to_its_last_word() -> None:
    cues = [cue("We rebuilt the school."), cue("The children came back.")]
    words = said("We rebuilt the school.", 0.5) + said("The children came back.", 3.0)
    aligned = align(cues, "en", words, 0.0, 5.0)
    assert spans(aligned) == [(0.5, 1.85), (3.0, 4.35)]
    assert aligned.fallback == ()
    check_rules(aligned, cues, 0.0, 5.0)


def test_recognition_errors_do_not_move_the_cues() -> None:
    cues = [
        cue("Hala teaches in Beirut."),
        cue("Her students walk an hour to school."),
        cue("They never miss a day."),
    ]
    words = (
        said("Halla teaches in a Beirut.", 0.4)  # a misheard name, an inserted word
        + said("Her student walks an hour school.", 3.0)  # two misheard, one lost
        + said("They never missed the day.", 6.0)
    )
    aligned = align(cues, "en", words, 0.0, 8.5)
    assert aligned.fallback == ()
    # The misheard name still opens its cue; the others start and end at their words.
    assert spans(aligned) == [(0.4, 2.1), (3.0, 5.05), (6.0, 7.7)]
    check_rules(aligned, cues, 0.0, 8.5)


def test_numbers_said_as_digits_match_the_words_typed() -> None:
    cues = [cue("Three hundred children came back."), cue("The school has ٤ teachers now.")]
    words = said("300 children came back.", 1.0) + said("The school has four teachers now.", 3.5)
    aligned = align(cues, "en", words, 0.0, 6.0)
    assert aligned.fallback == ()
    assert spans(aligned) == [(1.0, 2.35), (3.5, 5.55)]


def test_arabic_spellings_match_whatever_marks_and_letter_forms_were_heard() -> None:
    cues = [cue("عادت المَدْرَسَةُ إلى القرية.", langs=("ar",)), cue("وعاد الأطفال في آذار.", langs=("ar",))]
    words = said("عادت المدرسه الى القريه", 0.2) + said("وعاد الاطفال في اذار", 2.5)
    aligned = align(cues, "ar", words, 0.0, 4.5)
    assert aligned.fallback == ()
    assert spans(aligned) == [(0.2, 1.55), (2.5, 3.85)]


def test_a_stretch_of_noise_falls_back_to_reading_speed_between_its_neighbours() -> None:
    cues = [
        cue("We rebuilt the school."),
        cue("The roof came first, then the walls."),
        cue("Books arrived from Amman."),
        cue("The children came back in March."),
    ]
    # The second and third sentences drowned in noise: the recogniser made up a few words.
    words = (
        said("We rebuilt the school.", 0.5)
        + said("so uh yeah", 3.0)
        + said("The children came back in March.", 8.0)
    )
    aligned = align(cues, "en", words, 0.0, 11.0)
    check_rules(aligned, cues, 0.0, 11.0)
    assert aligned.fallback == (1, 2)
    assert spans(aligned)[0] == (0.5, 1.85)
    assert spans(aligned)[3] == (8.0, 10.05)
    # The fallback cues share the gap 1.85..8.0 by their reading times, back to back.
    second, third = aligned.cues[1], aligned.cues[2]
    assert second.start == 1.85 and third.end == 8.0 and second.end == third.start
    ratio = (second.end - second.start) / (third.end - third.start)
    want = reading_time("The roof came first, then the walls.") / reading_time("Books arrived from Amman.")
    assert ratio == pytest.approx(want, rel=0.01)


def test_a_cue_with_too_few_words_heard_is_a_fallback() -> None:
    cues = [
        cue("We rebuilt the school."),
        cue("Engineers from the university came in spring."),
        cue("Then rain."),
    ]
    # One word in seven of the second cue was heard ("the"): under the share, so a fallback.
    words = said("We rebuilt the school.", 0.0) + said("mm the hmm", 2.0) + said("Then rain.", 5.0)
    aligned = align(cues, "en", words, 0.0, 6.0)
    assert aligned.fallback == (1,)
    assert aligned.cues[1].start == 1.35 and aligned.cues[1].end == 5.0


def test_a_skipped_cue_between_touching_neighbours_still_gets_time() -> None:
    # The reader skipped the middle sentence: the neighbours give up a little time for it.
    cues = [cue("We rebuilt the school."), cue("Nobody said this."), cue("The children came back.")]
    words = said("We rebuilt the school.", 0.0, gap_s=0.0) + said("The children came back.", 1.2, gap_s=0.0)
    aligned = align(cues, "en", words, 0.0, 3.0)
    check_rules(aligned, cues, 0.0, 3.0)
    assert aligned.fallback == (1,)
    middle = aligned.cues[1]
    assert middle.end - middle.start == pytest.approx(MIN_FALLBACK_S, abs=0.002)
    assert aligned.cues[0].start == 0.0 and aligned.cues[2].end == 2.4


def test_nothing_heard_times_every_cue_by_reading_speed_over_the_stretch() -> None:
    cues = [cue("We rebuilt the school."), cue("The children came back in March.")]
    aligned = align(cues, "en", [], 2.0, 12.0)
    check_rules(aligned, cues, 2.0, 12.0)
    assert aligned.fallback == (0, 1)
    assert aligned.cues[0].start == 2.0
    # Stretched over the 10 s by their reading times, but none past seven seconds.
    need = [reading_time(c.text("en")) for c in cues]
    share = [10.0 * n / sum(need) for n in need]
    assert aligned.cues[1].start == pytest.approx(2.0 + share[0], abs=0.001)
    assert [c.end - c.start for c in aligned.cues] == pytest.approx(
        [min(s, MAX_CUE_S) for s in share], abs=0.002
    )


def test_every_language_is_kept_and_only_the_one_heard_is_aligned() -> None:
    cues = [
        cue("أعدنا بناء المدرسة.", "We rebuilt the school.", langs=("ar", "en")),
        cue("وعاد الأطفال.", "The children came back.", langs=("ar", "en")),
    ]
    words = said("We rebuilt the school.", 0.5) + said("The children came back.", 2.5)
    aligned = align(cues, "en", words, 0.0, 4.0)
    check_rules(aligned, cues, 0.0, 4.0)
    assert spans(aligned) == [(0.5, 1.85), (2.5, 3.85)]


def test_overlapping_recognised_times_make_no_overlapping_cues() -> None:
    cues = [cue("We stayed."), cue("They left.")]
    words = [
        Word(0.0, 0.4, " We"),
        Word(0.4, 1.3, " stayed."),
        Word(1.1, 1.5, " They"),
        Word(1.5, 2.0, " left."),
    ]
    aligned = align(cues, "en", words, 0.0, 2.5)
    check_rules(aligned, cues, 0.0, 2.5)
    assert aligned.cues[0].start == 0.0 and aligned.cues[1].end == 2.0


def test_no_cues_is_nothing_to_align() -> None:
    assert align([], "en", said("Hello there.", 0.0), 0.0, 2.0) == Aligned((), ())


def test_words_the_voice_skipped_at_a_cue_s_edges_take_speaking_time_not_the_pause() -> None:
    # "Last year," was not heard: the cue starts that long before "the", not at the end of
    # the cue before (which would show it through the whole pause).
    cues = [cue("We rebuilt the school."), cue("Last year, the children came back.")]
    words = said("We rebuilt the school.", 0.0) + said("the children came back.", 4.0)
    aligned = align(cues, "en", words, 0.0, 6.0)
    assert aligned.fallback == ()
    skipped = len("Last year, ") / SPEAKING_CPS
    assert aligned.cues[1].start == pytest.approx(4.0 - skipped, abs=0.001)
    assert aligned.cues[0].end == 1.35


VOCABULARY = ["the", "school", "three", "hundred", "300", "٣٠٠", "children,", "back.", "المدرسة", "إلى", "—"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6), max_size=8),
    st.lists(
        st.tuples(
            st.sampled_from(VOCABULARY),
            st.sampled_from([0.0, 0.1, 0.7, 3.0]),
            st.sampled_from([0.0, 0.2, 2.0]),
        ),
        max_size=40,
    ),
    st.sampled_from([0.0, 0.5, 3.0]),
)
def test_any_voice_keeps_every_cue_in_order_without_overlaps(
    pieces: list[list[str]], steps: list[tuple[str, float, float]], tail: float
) -> None:
    cues = [cue(" ".join(piece)) for piece in pieces]
    words, at = [], 0.0
    for text, silence, length in steps:
        start = round(at + silence, 3)
        words.append(Word(start, round(start + length, 3), " " + text))
        at = start + length
    aligned = align(cues, "en", words, 0.0, at + tail)
    check_rules(aligned, cues, 0.0, at + tail)
    assert list(aligned.fallback) == sorted(set(aligned.fallback))


# ---------------------------------------------------------------- real speech
STORY = (
    "Hala teaches at a school in Beirut.",
    "Three hundred children came back this year.",
    "The roof was fixed before the rain.",
    "Her students want to be engineers.",
)
PAUSES = (0.5, 0.8, 1.0, 0.7)
NOISE = 2
"""The sentence replaced by noise in the fallback test."""

Heard = tuple[Aligned, list[float], list[float]]


def _aligned(model: Path, noise: frozenset[int]) -> Heard:
    """The story read by espeak-ng (one sentence a phrase, known pauses), transcribed, and its
    story cues aligned to what was heard; with each phrase's onset and end."""
    if (reason := speech.missing()) is not None:
        pytest.skip(reason)
    wav, onsets, ends = speech.speak(STORY, PAUSES, noise=noise)
    transcript = transcribe(wav, model, language="en")
    cues = story_cues([("en", " ".join(STORY))])
    assert [c.text("en") for c in cues] == list(STORY)  # one cue a sentence: each one's times are known
    aligned = align(cues, "en", transcript.words, transcript.start, transcript.end)
    check_rules(aligned, cues, transcript.start, transcript.end)
    return aligned, onsets, ends


@pytest.fixture(scope="module")
def read_story(whisper_base: Path) -> Heard:  # noqa: F811
    return _aligned(whisper_base, frozenset())


@pytest.fixture(scope="module")
def read_story_in_noise(whisper_base: Path) -> Heard:  # noqa: F811
    return _aligned(whisper_base, frozenset({NOISE}))


def test_a_story_read_aloud_is_captioned_as_it_is_said(read_story: Heard) -> None:
    aligned, onsets, ends = read_story
    assert aligned.fallback == ()
    for c, onset, end in zip(aligned.cues, onsets, ends, strict=True):
        assert abs(c.start - onset) <= 0.3, (c.text("en"), c.start, onset)
        assert abs(c.end - end) <= 0.3, (c.text("en"), c.end, end)


def test_a_sentence_lost_in_noise_falls_back_and_the_rest_keep_their_times(
    read_story_in_noise: Heard,
) -> None:
    aligned, onsets, ends = read_story_in_noise
    assert aligned.fallback == (NOISE,)
    for index, (c, onset, end) in enumerate(zip(aligned.cues, onsets, ends, strict=True)):
        if index == NOISE:
            # Timed by reading speed between the sentences heard around it.
            assert ends[index - 1] - 0.3 <= c.start and c.end <= onsets[index + 1] + 0.3, c
        else:
            assert abs(c.start - onset) <= 0.3, (c.text("en"), c.start, onset)
            assert abs(c.end - end) <= 0.3, (c.text("en"), c.end, end)
