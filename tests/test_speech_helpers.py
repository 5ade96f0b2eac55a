"""The speech tests' own tools (tests/speech.py), checked: the onsets they promise are where
the sound starts in the file, a noise stretch takes a phrase's place and length, the clips
carry the sound (or none), and the word error rate counts edits as WER does."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from takatof.speech.transcribe import SAMPLE_RATE, load_audio
from tests import speech

pytestmark = pytest.mark.skipif(speech.missing() is not None, reason=str(speech.missing()))

PHRASES = ["Good morning.", "We built a school."]
PAUSES = [0.4, 0.9]


def samples(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float32) / 32768


def test_onsets_and_ends_are_where_the_sound_is() -> None:
    wav, onsets, ends = speech.speak(PHRASES, PAUSES)
    sound = samples(wav)
    loud = np.abs(sound) > speech.SILENCE
    assert onsets[0] == pytest.approx(PAUSES[0], abs=1 / speech.RATE)
    assert onsets[1] == pytest.approx(ends[0] + PAUSES[1], abs=1 / speech.RATE)
    for onset, end in zip(onsets, ends, strict=True):
        first, last = round(onset * speech.RATE), round(end * speech.RATE) - 1
        assert loud[first] and loud[last]  # the phrase starts and ends on its sound
        assert not loud[max(0, first - round(0.3 * speech.RATE)) : first].any()  # silence before it
    assert not loud[round(ends[-1] * speech.RATE) :].any()
    assert speech.duration(wav) == pytest.approx(ends[-1] + speech.TAIL_S, abs=1 / speech.RATE)


def test_noise_takes_a_phrase_s_place() -> None:
    _, onsets, ends = speech.speak(PHRASES, PAUSES)
    wav, noisy_onsets, noisy_ends = speech.speak(PHRASES, PAUSES, noise={0})
    assert (noisy_onsets, noisy_ends) == (onsets, ends)
    stretch = samples(wav)[round(onsets[0] * speech.RATE) : round(ends[0] * speech.RATE)]
    assert float(np.std(stretch)) == pytest.approx(speech.NOISE_LEVEL, rel=0.1)
    with pytest.raises(ValueError, match="one pause before each phrase"):
        speech.speak(PHRASES, [0.5])


def test_clips_carry_the_sound_or_none(tmp_path: Path) -> None:
    wav, _, _ = speech.speak(PHRASES, PAUSES)
    with_sound = speech.clip(tmp_path / "speech.mp4", wav)
    assert len(load_audio(with_sound)) / SAMPLE_RATE == pytest.approx(speech.duration(wav), abs=0.1)
    assert load_audio(speech.clip(tmp_path / "mute.mp4", seconds=1.5)).size == 0


@pytest.mark.parametrize(
    ("ref", "hyp", "ignore", "expected"),
    [
        ("the school opens", "the school opens", (), 0.0),
        ("The school opens.", "the School, opens!", (), 0.0),  # case and punctuation do not count
        ("the school opens", "the schools opens", (), 1 / 3),  # a substitution
        ("the school opens", "the opens", (), 1 / 3),  # a deletion
        ("the school opens", "the new school opens", (), 1 / 3),  # an insertion
        ("the school opens", "", (), 1.0),
        ("Hala opens it", "Hella opens it", ("Hala",), 0.0),  # a name heard as another word
        ("Hala opens it", "Ha la opens it", ("Hala",), 1 / 2),  # heard as two: one insertion
        ("Hala opens it", "opens it", ("Hala",), 0.0),
        ("café", "cafe", (), 0.0),  # accents folded
    ],
)
def test_wer(ref: str, hyp: str, ignore: tuple[str, ...], expected: float) -> None:
    assert speech.wer(ref, hyp, ignore) == pytest.approx(expected)
