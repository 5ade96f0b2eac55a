"""What recognition gives: timed words, and a transcript of one media file's speech."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    """One recognised word, its start and end in seconds into the media file (not into the
    stretch that was decoded), and the recogniser's confidence (0..1)."""

    start: float
    end: float
    text: str
    probability: float = 1.0


@dataclass(frozen=True)
class Transcript:
    """A media file's speech as words in time order. ``language`` is the language code the
    words are in (the spoken one, or ``en`` for Whisper's translation to English);
    ``start``/``end`` the stretch of the file that was heard (seconds into the file)."""

    language: str
    words: tuple[Word, ...]
    start: float
    end: float
    translated: bool = False
