"""Speech to timed words with faster-whisper, cancellable, reporting progress.

The audio is decoded by the project's ffmpeg (imageio-ffmpeg) to 16 kHz mono for the stretch
that plays (a clip's ``start``..``end``), so any container the media checks accept works and
the words' times come back in the file's own seconds.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..render.cancel import CancelToken
from ..render.video.runner import Cancelled, FfmpegError, end_process, exit_message, ffmpeg_env, ffmpeg_exe
from . import models
from .words import Transcript, Word

SAMPLE_RATE = 16_000

Task = Literal["transcribe", "translate"]

_POLL_S = 0.1
"""How often a decode looks at the cancel token."""

_NO_SOUND = "does not contain any stream"
"""What ffmpeg says when the file has no sound track to map (``-map 0:a:0?`` maps nothing)."""


def load_audio(
    path: Path, start: float = 0.0, end: float | None = None, cancel: CancelToken | None = None
) -> np.ndarray:
    """``path``'s sound from ``start`` to ``end`` seconds, mono float32 at 16 kHz (silence
    when the file has no sound track: a clip without sound has nothing to say)."""
    args = [ffmpeg_exe(), "-nostdin", "-v", "error"]
    if start > 0:
        args += ["-ss", f"{start:.6f}"]
    if end is not None:
        args += ["-t", f"{max(0.0, end - start):.6f}"]
    args += ["-i", str(path), "-map", "0:a:0?", "-vn", "-sn", "-dn"]
    args += ["-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "f32le", "pipe:1"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, env=ffmpeg_env()
        )
        chunks: list[bytes] = []
        reader = threading.Thread(target=_read_all, args=(process, chunks), daemon=True)
        try:
            reader.start()
            while reader.is_alive():
                if cancel is not None and cancel.cancelled:
                    end_process(process, grace_s=1.0)
                    raise Cancelled()
                reader.join(_POLL_S)
            code = process.wait()
        finally:
            end_process(process, grace_s=1.0)
            reader.join()
            if process.stdout is not None:
                process.stdout.close()
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    data = b"".join(chunks)
    if code != 0:
        if _NO_SOUND in text:
            return np.zeros(0, np.float32)
        raise FfmpegError(f"cannot read the sound of {path}: {exit_message(code, text)}")
    usable = len(data) - len(data) % 4
    return np.frombuffer(data[:usable], dtype="<f4").astype(np.float32)


def _read_all(process: subprocess.Popen[bytes], chunks: list[bytes]) -> None:
    """ffmpeg's stdout to its end (on a thread: the caller watches the cancel token)."""
    assert process.stdout is not None
    while block := process.stdout.read(1 << 16):
        chunks.append(block)


def transcribe(
    path: Path,
    model: Path,
    *,
    start: float = 0.0,
    end: float | None = None,
    language: str | None = None,
    languages: Sequence[str] = (),
    task: Task = "transcribe",
    on_progress: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
) -> Transcript:
    """The speech of ``path`` between ``start`` and ``end`` as timed words (times in the
    file's seconds). ``language`` forces the spoken language; otherwise it is detected, among
    ``languages`` (the campaign's) when given. ``task="translate"`` gives English words.
    ``on_progress`` gets 0..1 as the audio is heard; ``cancel`` stops between segments
    (raising :class:`~takatof.render.video.runner.Cancelled`)."""
    audio = load_audio(path, start, end, cancel)
    heard = len(audio) / SAMPLE_RATE
    if on_progress is not None:
        on_progress(0.0)
    whisper = models._load(model)
    spoken = _forced(whisper, language) if language else detect_language(whisper, audio, languages)
    words: list[Word] = []
    if heard > 0:
        segments, _info = whisper.transcribe(
            audio, language=spoken, task=task, word_timestamps=True, vad_filter=True
        )
        words = snap_to_sound(_heard_words(segments, start, heard, on_progress, cancel), audio, start)
    if on_progress is not None:
        on_progress(1.0)
    translated = task == "translate" and spoken != "en"
    return Transcript(
        language="en" if task == "translate" else spoken,
        words=tuple(words),
        start=start,
        end=start + heard,
        translated=translated,
    )


def _heard_words(
    segments: Iterable[Any],
    start: float,
    heard: float,
    on_progress: Callable[[float], None] | None,
    cancel: CancelToken | None,
) -> list[Word]:
    """The words of Whisper's segments (decoded lazily, one at a time: the cancel token is
    looked at between them) in the file's seconds, empty ones dropped."""
    words: list[Word] = []
    iterator = iter(segments)
    try:
        while True:
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            segment = next(iterator, None)
            if segment is None:
                return words
            words += [word for word in (_word(w, start) for w in segment.words or ()) if word.text]
            if on_progress is not None:
                on_progress(min(1.0, max(0.0, segment.end / heard)))
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


FRAME_S = 0.01
"""The loudness measure's step: 10 ms frames."""


def loudness(audio: np.ndarray) -> np.ndarray:
    """The audio's RMS per :data:`FRAME_S` frame."""
    size = round(FRAME_S * SAMPLE_RATE)
    frames = len(audio) // size
    if frames == 0:
        return np.zeros(0, np.float32)
    blocks = audio[: frames * size].astype(np.float32).reshape(frames, size)
    rms: np.ndarray = np.sqrt(np.mean(blocks * blocks, axis=1))
    return rms


def quiet_level(rms: np.ndarray) -> float:
    """Below this a frame is silence: 2x the noise floor (the quietest 5 % of frames), at
    least -34 dB under the speech (the loudest 5 %), never more than -10 dB under it (noisy
    footage: a word is not shortened because its start is as quiet as the room)."""
    if rms.size == 0:
        return 0.0
    floor, loud = np.percentile(rms, [5, 95])
    return float(min(max(2 * floor, 0.02 * loud), 0.3 * loud))


def snap_to_sound(words: Sequence[Word], audio: np.ndarray, start: float) -> list[Word]:
    """Each word's start moved later, and its end earlier, out of the silence Whisper's
    timing leaves around it. Whisper's word times come from its attention and the speech
    detector pads each stretch by 0.4 s, so a word after a pause often "starts" a third of a
    second before it is said (measured on espeak-ng speech: 0.2..0.5 s early); the sound
    itself says when the word starts. A word whose whole span is silent is left as it is."""
    rms = loudness(audio)
    if rms.size == 0:
        return list(words)
    level = quiet_level(rms)
    sounding = np.flatnonzero(rms > level)
    if sounding.size == 0:
        return list(words)
    snapped: list[Word] = []
    for word in words:
        first = max(0, int((word.start - start) / FRAME_S))
        last = min(rms.size, int(np.ceil((word.end - start) / FRAME_S)))
        inside = sounding[(sounding >= first) & (sounding < last)]
        if inside.size == 0:
            snapped.append(word)
            continue
        begin = start + float(inside[0]) * FRAME_S
        finish = start + float(inside[-1] + 1) * FRAME_S
        snapped.append(
            Word(max(word.start, begin), max(min(word.end, finish), begin), word.text, word.probability)
        )
    return snapped


def _word(word: Any, start: float) -> Word:
    """One faster-whisper word (times into the decoded stretch; text with its leading space)
    as a :class:`Word` in the file's seconds."""
    return Word(
        start=start + float(word.start),
        end=start + float(word.end),
        text=str(word.word).strip(),
        probability=float(word.probability),
    )


def _forced(whisper: Any, language: str) -> str:
    """A language given by the person (a campaign's tag: ``en-IN``) as Whisper's code (``en``);
    one Whisper does not know is said, not passed on to fail inside it."""
    supported = getattr(whisper, "supported_languages", None)
    codes = whisper_codes([language], supported)
    if not codes:
        raise models.SpeechError(
            f"Whisper does not know the language {language!r}; leave the language out to detect "
            "it, or give one of the campaign's languages Whisper knows"
        )
    return codes[0]


def detect_language(whisper: Any, audio: np.ndarray, languages: Sequence[str]) -> str:
    """The spoken language: Whisper's most probable among ``languages`` (a campaign in Arabic
    and English never gets German because a sentence sounded like it), or among all it knows
    when none of ``languages`` is one Whisper knows. Nothing to hear: the first of them."""
    allowed = whisper_codes(languages, getattr(whisper, "supported_languages", None))
    if len(allowed) == 1:
        return allowed[0]
    if len(audio) == 0:
        return allowed[0] if allowed else "en"
    best, _probability, probabilities = whisper.detect_language(audio, vad_filter=True)
    if not allowed:
        return str(best)
    scores = dict(probabilities)
    return max(allowed, key=lambda code: scores.get(code, 0.0))


def whisper_codes(languages: Sequence[str], supported: Sequence[str] | None) -> list[str]:
    """The campaign's languages as Whisper's codes (``ar-EG`` -> ``ar``), in order, without
    repeats, keeping only those Whisper knows (all, when ``supported`` is not given)."""
    codes: list[str] = []
    for language in languages:
        code = language.replace("_", "-").split("-")[0].strip().lower()
        if code and code not in codes and (supported is None or code in supported):
            codes.append(code)
    return codes
