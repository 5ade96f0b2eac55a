"""Typed text to a voice: the story's caption pieces timed by what the voice-over says.

The recognised words are sequence-aligned to the known words (normalised: case, marks,
punctuation, digits as said), so recognition errors in between do not matter: each known
word matched takes its recognised time, and each cue starts at its first timed word and ends
at its last. A stretch where too few words match (noise, a part not read) has no times of
its own: its cues are timed by reading speed between the matched times around it, and the
result says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..templates.timeline import Cue
from .words import Word


@dataclass(frozen=True)
class Aligned:
    """The cues with their times from the voice, and the indexes of those timed by reading
    speed instead (a stretch the voice could not be matched to)."""

    cues: tuple[Cue, ...]
    fallback: tuple[int, ...]


def align(cues: Sequence[Cue], lang: str, words: Sequence[Word], start: float, end: float) -> Aligned:
    """``cues`` (the story's pieces, as :func:`~takatof.templates.captions.story_cues` makes
    them, any times) timed to ``words`` (the voice, in ``lang``, heard from ``start`` to ``end``
    seconds of the file). Every cue is kept, in order, none overlapping."""
    raise NotImplementedError
