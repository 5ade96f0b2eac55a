"""Words to caption cues: split at speech pauses and by the captions' readability rules (two
lines of :data:`~takatof.templates.captions.LINE_CHARS`, :func:`fits_cue`), each cue on screen
while its words are said.

Three passes. The words are first cut into *phrases* where the speaker stops (a silence of
:data:`PAUSE_S`) and after a sentence once the cue so far is on screen long enough to read
(:data:`MIN_CUE_S`): those are the places a viewer expects a caption to change. A phrase
that does not fit two lines, or is said over more than :data:`MAX_CUE_S`, is then cut into
the fewest pieces that do, each cut near its even place by characters but drawn to a clause
mark and to a silence between words (a breath is where a line reads naturally). Last, the
pieces are timed: from the first word's start to the last word's end, a short one left on
screen a little longer, and none overlapping the next.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..templates.captions import LINE_CHARS, MAX_LINES, fits_cue
from .words import Word

PAUSE_S = 0.6
"""A silence at least this long between two words ends a cue."""

MAX_CUE_S = 7.0
"""No cue stays longer than this (subtitle guidelines: 1 to 7 seconds)."""

MIN_CUE_S = 1.0
"""A cue shorter than this stays on until the next starts, up to this long."""

_SENTENCE_END = re.compile(r"[.!?؟…\u06d4\u0964\u0965][\"'”’»)\]]*$")
"""A word that ends a sentence (Latin and Arabic marks, the Urdu full stop, the Devanagari
dandas), a closing quote or bracket after the mark allowed."""

_CLAUSE_END = re.compile(r"[,،;؛:][\"'”’»)\]]*$")

_SENTENCE_BONUS = 16
"""How many characters away from its even place a cut moves to fall after a sentence."""

_CLAUSE_BONUS = 10
"""… after a comma, semicolon or colon (the same pull as the story captions' cuts)."""

_SILENCE_BONUS_PER_S = 40.0
"""… per second of silence between the two words (a 0.25 s breath pulls as a comma does)."""

_SILENCE_BONUS_MAX = 16.0
"""The most a silence pulls (shorter than :data:`PAUSE_S`: longer ones already ended the phrase)."""


@dataclass(frozen=True)
class _Token:
    """A word as a cue shows it: its text with the recogniser's spacing taken off."""

    start: float
    end: float
    text: str


def cues_from_words(words: Sequence[Word], lang: str) -> list[tuple[float, float, str]]:
    """The words as cues ``(start, end, text)`` in the file's seconds, ready for SRT/WebVTT."""
    tokens = _tokens(words)
    pieces = [piece for phrase in _phrases(tokens) for piece in _split(phrase, lang)]
    return _timed(pieces)


def _tokens(words: Sequence[Word]) -> list[_Token]:
    """The words with text, in time order, their spacing normalised (Whisper starts a word
    with a space; a word holding a space keeps one), their times plain floats (a recogniser
    may give numpy's, which would leak into the SRT writer)."""
    tokens = [_Token(float(w.start), float(max(w.start, w.end)), " ".join(w.text.split())) for w in words]
    return sorted((t for t in tokens if t.text), key=lambda t: t.start)


def _text(tokens: Sequence[_Token]) -> str:
    return " ".join(t.text for t in tokens)


def _phrases(tokens: Sequence[_Token]) -> list[list[_Token]]:
    """``tokens`` cut where the speaker pauses, and after a sentence once the phrase so far
    lasts :data:`MIN_CUE_S` (a short "Yes." stays with what follows)."""
    phrases: list[list[_Token]] = []
    for token in tokens:
        if phrases and not _ends_phrase(phrases[-1], token):
            phrases[-1].append(token)
        else:
            phrases.append([token])
    return phrases


def _ends_phrase(phrase: Sequence[_Token], following: _Token) -> bool:
    """Whether ``phrase`` ends before ``following``."""
    last = phrase[-1]
    if round(following.start - last.end, 3) >= PAUSE_S:  # times are in milliseconds
        return True
    return bool(_SENTENCE_END.search(last.text)) and last.end - phrase[0].start >= MIN_CUE_S


def _fits(piece: Sequence[_Token], lang: str) -> bool:
    """A piece a cue can show: two lines at most, said within :data:`MAX_CUE_S` (one word is
    always a piece: it cannot be cut further)."""
    if len(piece) == 1:
        return True
    return piece[-1].end - piece[0].start <= MAX_CUE_S and fits_cue(_text(piece), lang)


def _split(phrase: list[_Token], lang: str) -> list[list[_Token]]:
    """``phrase`` in the fewest pieces that all fit. The count starts where fewer pieces
    cannot fit (two full lines each, :data:`MAX_CUE_S` each) and grows by one until they do;
    one word a piece always does."""
    if _fits(phrase, lang):
        return [phrase]
    chars = len(_text(phrase))
    said = phrase[-1].end - phrase[0].start
    least = max(2, math.ceil(chars / (LINE_CHARS * MAX_LINES + 1)), math.ceil(said / MAX_CUE_S))
    for count in range(least, len(phrase)):
        pieces = _cut(phrase, count)
        if all(_fits(p, lang) for p in pieces):
            return pieces
    return [[token] for token in phrase]


def _cut(phrase: Sequence[_Token], count: int) -> list[list[_Token]]:
    """``phrase`` in ``count`` pieces, each cut the cheapest (:func:`_cost`) among the places
    that leave every later piece a word."""
    ends: list[int] = []  # characters up to the end of each word, with the spaces between
    total = -1
    for token in phrase:
        total += len(token.text) + 1
        ends.append(total)
    pieces: list[list[_Token]] = []
    begin = 0
    for i in range(1, count):
        ideal = ends[-1] * i / count
        last = len(phrase) - (count - i)
        cut = min(range(begin + 1, last + 1), key=lambda k: _cost(phrase, ends, k, ideal))
        pieces.append(list(phrase[begin:cut]))
        begin = cut
    pieces.append(list(phrase[begin:]))
    return pieces


def _cost(phrase: Sequence[_Token], ends: Sequence[int], k: int, ideal: float) -> float:
    """How bad a cut before ``phrase[k]`` is: its distance in characters from the even place,
    less a pull towards a sentence or clause mark and towards a silence between the words."""
    before = phrase[k - 1]
    cost = abs(ends[k - 1] - ideal)
    if _SENTENCE_END.search(before.text):
        cost -= _SENTENCE_BONUS
    elif _CLAUSE_END.search(before.text):
        cost -= _CLAUSE_BONUS
    silence = max(0.0, phrase[k].start - before.end)
    return cost - min(_SILENCE_BONUS_MAX, silence * _SILENCE_BONUS_PER_S)


def _timed(pieces: Sequence[Sequence[_Token]]) -> list[tuple[float, float, str]]:
    """Each piece from its first word's start to its last word's end (at most
    :data:`MAX_CUE_S`), a shorter one than :data:`MIN_CUE_S` kept on that long unless the
    next starts first; never overlapping (recognised word times may), in milliseconds."""
    cues: list[tuple[float, float, str]] = []
    for index, piece in enumerate(pieces):
        start = round(piece[0].start, 3)
        if cues:
            start = max(start, cues[-1][1])
        following = round(pieces[index + 1][0].start, 3) if index + 1 < len(pieces) else math.inf
        said = round(min(piece[-1].end, piece[0].start + MAX_CUE_S), 3)
        end = max(said, min(start + MIN_CUE_S, following))
        end = round(min(end, following, start + MAX_CUE_S), 3)
        if end <= start:  # words the recogniser gave no length, or the next begins at once
            end = round(start + 0.001, 3)
        cues.append((start, end, _text(piece)))
    return cues
