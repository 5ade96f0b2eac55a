"""Speech with known timing for the speech tests: espeak-ng phrases joined by known pauses.

Helpers only (no tests here). Each phrase is spoken by espeak-ng on its own, its leading and
trailing silence cut off (the first and last sample louder than :data:`SILENCE`), and the
phrases are joined with silences of known length: so each phrase's onset and end in the file
are known to the sample, which is what recognised word times and aligned cues are checked
against. A phrase listed in ``noise`` is replaced by white noise of the same length (the
stretch a voice cannot be matched to: the aligner's fallback). Files are cached by their
inputs under the temporary folder (espeak-ng is deterministic), so tests that share speech
make it once.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
import wave
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from takatof.render.video.runner import ffmpeg_exe

RATE = 22_050
"""espeak-ng's sample rate: the files are written at it, not resampled."""

SILENCE = 300 / 32768
"""A sample quieter than this (about -40 dBFS) is silence when a phrase is trimmed."""

TAIL_S = 0.5
"""Silence after the last phrase, so the last word is never cut by the file's end."""

NOISE_LEVEL = 0.15
"""White noise's standard deviation (full scale 1.0): loud enough to hide no speech, not a voice."""

_CACHE = Path(tempfile.gettempdir()) / "takatof-test-speech"


def missing() -> str | None:
    """Why speech cannot be made here, or None when it can."""
    if shutil.which("espeak-ng") is None:
        return "espeak-ng is not installed (apt-get install espeak-ng)"
    return None


def _phrase(text: str, lang: str) -> np.ndarray:
    """One phrase spoken by espeak-ng, float32 at :data:`RATE`, its silence cut off both ends."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "phrase.wav"
        subprocess.run(["espeak-ng", "-v", lang, "-w", str(out), text], check=True, capture_output=True)
        with wave.open(str(out)) as wav:
            assert wav.getframerate() == RATE and wav.getnchannels() == 1 and wav.getsampwidth() == 2
            samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float32) / 32768
    loud = np.flatnonzero(np.abs(samples) > SILENCE)
    if loud.size == 0:
        raise ValueError(f"espeak-ng said nothing for {text!r} in {lang!r}")
    return samples[loud[0] : loud[-1] + 1]


def _write_wav(path: Path, samples: np.ndarray) -> None:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    part = path.with_suffix(".part")
    with wave.open(str(part), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())
    part.replace(path)


def speak(
    phrases: Sequence[str],
    pauses: Sequence[float],
    lang: str = "en",
    noise: Iterable[int] = frozenset(),
) -> tuple[Path, list[float], list[float]]:
    """``phrases`` spoken in ``lang`` (an espeak-ng voice: ``en``, ``ar``, ``fr`` …), phrase
    ``i`` after ``pauses[i]`` seconds of silence (``pauses[0]`` is the silence the file starts
    with), then :data:`TAIL_S` of silence. A phrase index in ``noise`` is white noise of that
    phrase's length instead of the phrase. Returns the WAV file (cached, read-only: copy it
    to change it), each phrase's onset and each phrase's end in the file's seconds."""
    if len(pauses) != len(phrases):
        raise ValueError(f"one pause before each phrase: {len(phrases)} phrases, {len(pauses)} pauses")
    noisy = frozenset(noise)
    key = json.dumps([list(phrases), [round(p, 6) for p in pauses], lang, sorted(noisy)], ensure_ascii=False)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    path = _CACHE / f"{digest}.wav"
    parts: list[np.ndarray] = []
    onsets: list[float] = []
    ends: list[float] = []
    at = 0
    rng = np.random.default_rng(len(phrases))  # the same noise every run: the file is cached by its inputs
    for index, (text, pause) in enumerate(zip(phrases, pauses, strict=True)):
        if pause < 0:
            raise ValueError(f"pause {index} is negative: {pause}")
        gap = round(pause * RATE)
        said = _phrase(text, lang)
        if index in noisy:
            said = (rng.standard_normal(said.size) * NOISE_LEVEL).astype(np.float32)
        parts += [np.zeros(gap, np.float32), said]
        onsets.append((at + gap) / RATE)
        at += gap + said.size
        ends.append(at / RATE)
    parts.append(np.zeros(round(TAIL_S * RATE), np.float32))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_wav(path, np.concatenate(parts))
    return path, onsets, ends


def duration(wav_path: Path) -> float:
    """A WAV file's length in seconds."""
    with wave.open(str(wav_path)) as wav:
        return float(wav.getnframes() / wav.getframerate())


def clip(
    out: Path, wav_path: Path | None = None, seconds: float | None = None, size: str = "320x240"
) -> Path:
    """An .mp4 of a plain colour picture with ``wav_path``'s sound (H.264 + AAC), as long as
    the sound; without ``wav_path``, ``seconds`` of picture and no audio stream at all (a clip
    with nothing to hear). Returns ``out``."""
    if wav_path is None and seconds is None:
        raise ValueError("a clip needs a sound file or a length")
    length = duration(wav_path) if wav_path is not None else float(seconds or 0)
    args = [
        ffmpeg_exe(),
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"color=c=0x204060:s={size}:r=25:d={length}",
    ]
    if wav_path is not None:
        args += ["-i", str(wav_path), "-c:a", "aac", "-b:a", "96k", "-shortest"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)]
    subprocess.run(args, check=True, capture_output=True)
    return out


_PUNCTUATION = re.compile(r"[^\w\s']|_")


def words_of(text: str) -> list[str]:
    """``text`` normalised for comparison: lower case, marks and punctuation gone (an
    apostrophe inside a word kept), digits as they are, split at spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    bare = "".join(c for c in unicodedata.normalize("NFD", folded) if unicodedata.category(c) != "Mn")
    return [word.strip("'") for word in _PUNCTUATION.sub(" ", bare).split() if word.strip("'")]


def edit_distance(ref: Sequence[str], hyp: Sequence[str], wild: Iterable[str] = ()) -> int:
    """Levenshtein distance between two word lists: substitutions, deletions and insertions
    cost 1. A reference word in ``wild`` matches any one word, or none, at no cost."""
    free = set(wild)
    row = list(range(len(hyp) + 1))
    for want in ref:
        anything = want in free
        diagonal = row[0]
        row[0] += 0 if anything else 1
        for j, got in enumerate(hyp, 1):
            step = 0 if anything or want == got else 1
            diagonal, row[j] = row[j], min(row[j] + (0 if anything else 1), row[j - 1] + 1, diagonal + step)
    return row[-1]


def wer(ref: str, hyp: str, ignore: Iterable[str] = ()) -> float:
    """Word error rate of ``hyp`` against ``ref``: edits over the reference's word count,
    both normalised by :func:`words_of`. A reference word in ``ignore`` (a name a model cannot
    know how to spell) matches whatever one word was heard in its place and is not counted in
    the reference's length; a name heard as two words still costs one insertion."""
    skip = {w for word in ignore for w in words_of(word)}
    want = words_of(ref)
    got = words_of(hyp)
    counted = sum(1 for w in want if w not in skip)
    if counted == 0:
        return 0.0 if len(got) <= len(want) else 1.0
    return edit_distance(want, got, skip) / counted
