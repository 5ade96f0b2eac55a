"""Real transcription with Whisper base (the test extra's wheels) of espeak-ng speech whose
phrase onsets are known to the sample (tests/speech.py): the words, their times in the file's
seconds, the stretch heard, the language chosen, translation, cancelling, and silence.

Measured with base on this speech (int8, CPU): the English below reads back word for word
(WER 0.0, the name excluded) and every phrase's first word starts within 0.01 s of its onset
(Whisper's own start was 0.2..0.5 s early before the words were snapped to the sound). The
bounds leave room for another CPU's arithmetic: WER <= 0.25, onsets within 0.3 s.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from takatof.render.cancel import CancelToken
from takatof.render.video.runner import Cancelled
from takatof.speech import transcribe as transcribe_module
from takatof.speech.models import _load
from takatof.speech.transcribe import (
    SAMPLE_RATE,
    detect_language,
    load_audio,
    snap_to_sound,
    transcribe,
    whisper_codes,
)
from takatof.speech.words import Transcript, Word
from tests import speech
from tests.conftest_speech import whisper_base  # noqa: F401

pytestmark = pytest.mark.skipif(speech.missing() is not None, reason=str(speech.missing()))

PHRASES = [
    "Hello, my name is Hala.",
    "The campaign starts today, with many volunteers.",
    "Every family in the village will get clean water.",
    "Thank you for your support.",
]
PAUSES = [0.8, 1.2, 0.9, 1.5]
NAMES = ("Hala",)  # a name base cannot know how to spell: not counted against it

MAX_WER = 0.25
ONSET_S = 0.3


@dataclass(frozen=True)
class Heard:
    clip: Path
    onsets: list[float]
    ends: list[float]
    transcript: Transcript
    progress: list[float]


@pytest.fixture(scope="module")
def english(whisper_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Heard:  # noqa: F811
    """The four phrases in an .mp4 (H.264 + AAC, as footage comes), transcribed once."""
    wav, onsets, ends = speech.speak(PHRASES, PAUSES)
    clip = speech.clip(tmp_path_factory.mktemp("english") / "speech.mp4", wav)
    progress: list[float] = []
    transcript = transcribe(clip, whisper_base, languages=("ar", "en"), on_progress=progress.append)
    return Heard(clip, onsets, ends, transcript, progress)


def said(transcript: Transcript) -> str:
    return " ".join(word.text for word in transcript.words)


def first_words(words: tuple[Word, ...], onsets: list[float]) -> list[float]:
    """The start of the first word heard at or after each phrase's onset (less the tolerance)."""
    starts = [word.start for word in words]
    return [min((s for s in starts if s >= onset - ONSET_S), default=float("inf")) for onset in onsets]


def test_words_read_back_within_the_error_rate(english: Heard) -> None:
    assert english.transcript.language == "en"
    assert not english.transcript.translated
    error = speech.wer(" ".join(PHRASES), said(english.transcript), ignore=NAMES)
    assert error <= MAX_WER, said(english.transcript)


def test_each_phrase_starts_at_its_onset(english: Heard) -> None:
    for onset, start in zip(
        english.onsets, first_words(english.transcript.words, english.onsets), strict=True
    ):
        assert abs(start - onset) <= ONSET_S, (onset, start, said(english.transcript))


def test_words_are_in_order_inside_the_speech(english: Heard) -> None:
    words = english.transcript.words
    assert all(word.text and word.text == word.text.strip() for word in words)
    assert all(a.start <= b.start for a, b in itertools.pairwise(words))
    assert all(0 <= w.start <= w.end for w in words)
    assert english.onsets[0] - ONSET_S <= words[0].start and words[-1].end <= english.ends[-1] + ONSET_S
    assert english.transcript.start == 0.0
    assert english.transcript.end == pytest.approx(speech.duration(speech.speak(PHRASES, PAUSES)[0]), abs=0.1)


def test_progress_rises_to_one(english: Heard) -> None:
    assert english.progress[0] == 0.0 and english.progress[-1] == 1.0
    assert english.progress == sorted(english.progress)
    assert any(0 < value < 1 for value in english.progress)


def test_a_stretch_gives_the_file_s_times(english: Heard, whisper_base: Path) -> None:  # noqa: F811
    """Only the second phrase's stretch is heard (from the middle of the pause before it to
    the middle of the pause after it): its words, at their times in the file."""
    onsets, ends = english.onsets, english.ends
    start = (ends[0] + onsets[1]) / 2
    end = (ends[1] + onsets[2]) / 2
    transcript = transcribe(english.clip, whisper_base, start=start, end=end, language="en")
    assert transcript.start == start
    assert transcript.end == pytest.approx(end, abs=0.05)
    assert speech.wer(PHRASES[1], said(transcript)) <= MAX_WER, said(transcript)
    assert abs(transcript.words[0].start - onsets[1]) <= ONSET_S
    assert all(start <= w.start and w.end <= end for w in transcript.words)


def test_detection_is_among_the_campaign_s_languages(english: Heard, whisper_base: Path) -> None:  # noqa: F811
    """English speech in a French and Arabic campaign is taken as one of those, not English."""
    audio = load_audio(english.clip, 0.0, english.ends[1])
    assert detect_language(_load(whisper_base), audio, ("fr", "ar")) in {"fr", "ar"}
    assert detect_language(_load(whisper_base), audio, ("ar", "en")) == "en"


def test_arabic_speech_is_detected_as_arabic(whisper_base: Path) -> None:  # noqa: F811
    wav, _, _ = speech.speak(["مرحبا بكم جميعا.", "نحن نبني مدرسة لأطفال القرية."], [0.3, 0.8], lang="ar")
    assert detect_language(_load(whisper_base), load_audio(wav), ("en", "ar")) == "ar"


def test_translate_gives_english(whisper_base: Path) -> None:  # noqa: F811
    """Spanish speech (base reads espeak's Spanish; its French it does not) translated."""
    wav, _, _ = speech.speak(["Buenos días.", "Gracias por tu ayuda."], [0.3, 0.8], lang="es")
    transcript = transcribe(wav, whisper_base, language="es", task="translate")
    assert transcript.language == "en" and transcript.translated
    assert speech.wer("Good morning. Thank you for your help.", said(transcript)) <= 0.34, said(transcript)


def test_a_file_without_sound_has_no_words(whisper_base: Path, tmp_path: Path) -> None:  # noqa: F811
    silent = speech.clip(tmp_path / "no-audio.mp4", seconds=2)
    assert load_audio(silent).size == 0
    transcript = transcribe(silent, whisper_base, start=0.5, languages=("en",))
    assert transcript.words == () and transcript.start == transcript.end == 0.5


def test_silence_has_no_words(whisper_base: Path, tmp_path: Path) -> None:  # noqa: F811
    """A sound track of silence: the speech detector finds nothing, Whisper invents nothing."""
    quiet = tmp_path / "quiet.wav"
    subprocess.run(
        [
            transcribe_module.ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=16000:cl=mono",
            "-t",
            "3",
            str(quiet),
        ],
        check=True,
    )
    assert transcribe(quiet, whisper_base, language="en").words == ()


@pytest.fixture
def processes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Every ffmpeg process the transcription module starts."""
    started: list[subprocess.Popen[bytes]] = []
    real = subprocess.Popen

    def spy(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process: subprocess.Popen[bytes] = real(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(transcribe_module.subprocess, "Popen", spy)
    yield started


def test_cancel_while_decoding_ends_ffmpeg(tmp_path: Path, processes: list[subprocess.Popen[bytes]]) -> None:
    """ffmpeg reading a pipe no one writes never ends by itself: only the cancel stops it."""
    fifo = tmp_path / "never.wav"
    os.mkfifo(fifo)
    token = CancelToken()
    threading.Timer(0.5, token.cancel).start()
    with pytest.raises(Cancelled):
        load_audio(fifo, cancel=token)
    assert len(processes) == 1 and processes[0].poll() is not None


def test_cancel_between_segments(
    english: Heard,
    whisper_base: Path,  # noqa: F811
    processes: list[subprocess.Popen[bytes]],
) -> None:
    token = CancelToken()
    progress: list[float] = []

    def report(value: float) -> None:
        progress.append(value)
        if value > 0:
            token.cancel()

    with pytest.raises(Cancelled):
        transcribe(english.clip, whisper_base, language="en", on_progress=report, cancel=token)
    assert progress[-1] < 1.0  # stopped after the first segment, before the end
    assert all(process.poll() is not None for process in processes)


@pytest.mark.parametrize(
    ("languages", "supported", "expected"),
    [
        (("ar", "en"), None, ["ar", "en"]),
        (("ar-EG", "en_GB", "ar"), None, ["ar", "en"]),
        (("AR", "xx"), ("ar", "en"), ["ar"]),
        ((), ("ar", "en"), []),
    ],
)
def test_whisper_codes(
    languages: tuple[str, ...], supported: tuple[str, ...] | None, expected: list[str]
) -> None:
    assert whisper_codes(languages, supported) == expected


class FakeWhisper:
    """Whisper's language detection with fixed probabilities (German first)."""

    supported_languages = ("ar", "de", "en", "fr")

    def __init__(self) -> None:
        self.asked = 0

    def detect_language(
        self, audio: np.ndarray, vad_filter: bool = False
    ) -> tuple[str, float, list[tuple[str, float]]]:
        self.asked += 1
        return "de", 0.6, [("de", 0.6), ("en", 0.3), ("ar", 0.05), ("fr", 0.05)]


@pytest.mark.parametrize(
    ("languages", "audio_s", "expected", "asked"),
    [
        (("ar", "en"), 1.0, "en", 1),  # German is likelier, but the campaign is Arabic and English
        (("fr", "ar"), 1.0, "fr", 1),  # a tie: the campaign's first
        (("ar-EG",), 1.0, "ar", 0),  # one language: nothing to detect
        (("xx", "yy"), 1.0, "de", 1),  # none Whisper knows: its own choice
        ((), 1.0, "de", 1),
        (("fr", "en"), 0.0, "fr", 0),  # nothing to hear
        ((), 0.0, "en", 0),
    ],
)
def test_detect_language(languages: tuple[str, ...], audio_s: float, expected: str, asked: int) -> None:
    whisper = FakeWhisper()
    audio = np.zeros(int(audio_s * SAMPLE_RATE), np.float32)
    assert detect_language(whisper, audio, languages) == expected
    assert whisper.asked == asked


def test_words_snap_to_the_sound() -> None:
    """A word whose span starts or ends in silence is moved onto its sound; one that is all
    silence (nothing to go by) is kept."""
    audio = np.zeros(3 * SAMPLE_RATE, np.float32)
    audio[SAMPLE_RATE : 2 * SAMPLE_RATE] = 0.5 * np.sin(np.arange(SAMPLE_RATE) * 0.2)
    words = [Word(10.6, 11.4, "early"), Word(11.5, 12.5, "late"), Word(12.2, 12.8, "ghost")]
    snapped = snap_to_sound(words, audio, start=10.0)
    assert snapped[0] == Word(11.0, 11.4, "early")
    assert snapped[1] == Word(11.5, 12.0, "late")
    assert snapped[2] == words[2]
