"""Words to caption cues: split at speech pauses and by the captions' readability rules (two
lines of :data:`~takatof.templates.captions.LINE_CHARS`, :func:`fits_cue`), each cue on screen
while its words are said."""

from __future__ import annotations

from collections.abc import Sequence

from .words import Word

PAUSE_S = 0.6
"""A silence at least this long between two words ends a cue."""

MAX_CUE_S = 7.0
"""No cue stays longer than this (subtitle guidelines: 1 to 7 seconds)."""

MIN_CUE_S = 1.0
"""A cue shorter than this stays on until the next starts, up to this long."""


def cues_from_words(words: Sequence[Word], lang: str) -> list[tuple[float, float, str]]:
    """The words as cues ``(start, end, text)`` in the file's seconds, ready for SRT/WebVTT."""
    raise NotImplementedError
