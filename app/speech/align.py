"""Typed text to a voice: the story's caption pieces timed by what the voice-over says.

The recognised words are sequence-aligned to the known words (normalised: case, marks,
punctuation, Arabic letter variants, digits of any script), so recognition errors in between
do not matter: each known word matched takes its recognised time, and each cue starts at its
first timed word and ends at its last. A stretch where too few words match (noise, a part
not read) has no times of its own: its cues are timed by reading speed between the matched
times around it, and the result says which.

Between two runs of matched words, the words the recogniser got wrong are timed by what it
heard there instead: word for word when both sides have as many words ("Hala" heard as
"Halla"), spread over the recognised words by length when a number is involved (the text's
"three hundred" is Whisper's "300", which counts as a match) or the two sides are of about
the same size. Those words give a cue its edges (a cue whose first word is a misheard name
still starts when the name is said) but, except for a number or a near spelling, do not count
as matched: a stretch of noise that the recogniser turned into a few invented words is a
fallback, not a timing.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..templates.captions import MAX_CUE_S, reading_time
from ..templates.timeline import Cue
from .words import Word

MATCHED_SHARE = 0.4
"""A cue with fewer than this share of its words matched to the voice is timed by reading
speed (a fallback cue)."""

SIMILAR = 0.6
"""Two words said in the same place are the same word misheard when their letters are at
least this alike (difflib's ratio: "hala"/"halla" 0.89, "the"/"a" 0)."""

SPEAKING_CPS = 15.0
"""Characters a second of speech: how long a cue's unheard first or last words take, before
or after the words that were heard (espeak-ng and a steady narrator: 13 to 16)."""

MIN_FALLBACK_S = 0.5
"""The least a fallback cue is on screen; its neighbours give up time for it when the voice
leaves none (a piece the voice skipped)."""

_LEAST_S = 0.04
"""The least a cue is on screen: one frame at 25 fps."""

_NEAR_GAP = 2.0
"""A stretch of misheard words is timed by what was heard there when neither side has more
than this many times the other's words."""

_LETTER_VARIANTS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "\u0640": None,  # tatweel: a stretch of the line, not a letter
    }
)


@dataclass(frozen=True)
class Aligned:
    """The cues with their times from the voice, and the indexes of those timed by reading
    speed instead (a stretch the voice could not be matched to)."""

    cues: tuple[Cue, ...]
    fallback: tuple[int, ...]


@dataclass
class _Known:
    """One word of the typed text: its cue, its normalised form, and the time the voice
    gives it (None when it has none); ``matched`` when that time is the word's own."""

    cue: int
    text: str
    norm: str
    time: tuple[float, float] | None = None
    matched: bool = False


@dataclass(frozen=True)
class _Span:
    """A timed cue: ``start``..``end`` from its first to its last word the voice timed;
    ``reach_start``/``reach_end`` further out by the unheard words before and after them."""

    reach_start: float
    start: float
    end: float
    reach_end: float


def normalise(word: str) -> str:
    """``word`` as alignment compares it: case folded, accents and harakat gone, punctuation
    and symbols gone, Arabic letter variants made one (أ إ آ ٱ → ا, ة → ه, ى → ي, no
    tatweel), digits of any script as ASCII digits (٣٠٠ → 300)."""
    folded = unicodedata.normalize("NFKD", word.casefold()).translate(_LETTER_VARIANTS)
    kept = []
    for char in folded:
        kind = unicodedata.category(char)
        if kind == "Nd":
            kept.append(str(unicodedata.digit(char)))
        elif kind[0] in "LN" or kind == "Mc":
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_LETTER_VARIANTS)


def _is_number(norm: str) -> bool:
    return any(c.isdigit() for c in norm)


def align(cues: Sequence[Cue], lang: str, words: Sequence[Word], start: float, end: float) -> Aligned:
    """``cues`` (the story's pieces, as :func:`~takatof.templates.captions.story_cues` makes
    them, any times) timed to ``words`` (the voice, in ``lang``, heard from ``start`` to ``end``
    seconds of the file). Every cue is kept, in order, none overlapping."""
    known = [
        _Known(index, text, norm)
        for index, cue in enumerate(cues)
        for text in cue.text(lang).split()
        if (norm := normalise(text))
    ]
    heard = [w for w in sorted(words, key=lambda w: w.start) if normalise(w.text)]
    _match(known, heard)
    by_cue: list[list[_Known]] = [[] for _ in cues]
    for k in known:
        by_cue[k.cue].append(k)
    spans = [_span(mine) for mine in by_cue]
    fallback = tuple(i for i, span in enumerate(spans) if span is None)
    times = _fill(cues, spans, start, end)
    timed = tuple(replace(cue, start=s, end=e) for cue, (s, e) in zip(cues, times, strict=True))
    return Aligned(timed, fallback)


# ---------------------------------------------------------------- the known words' times
def _match(known: list[_Known], heard: Sequence[Word]) -> None:
    """Give each known word the time of the recognised word it aligns with (in place)."""
    said = [normalise(w.text) for w in heard]
    matcher = difflib.SequenceMatcher(None, [k.norm for k in known], said, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k, w in zip(known[i1:i2], heard[j1:j2], strict=True):
                k.time, k.matched = (w.start, w.end), True
        elif op == "replace":
            _misheard(known[i1:i2], heard[j1:j2], said[j1:j2])


def _misheard(known: Sequence[_Known], heard: Sequence[Word], said: Sequence[str]) -> None:
    """Time the known words of a stretch between matches by the words heard there (see the
    module's docstring); a stretch too unlike what was heard keeps no times."""
    if len(known) == len(heard):
        for k, w, norm in zip(known, heard, said, strict=True):
            k.time = (w.start, w.end)
            k.matched = _is_number(k.norm) or _is_number(norm) or _alike(k.norm, norm)
        return
    number = any(_is_number(k.norm) for k in known) or any(_is_number(s) for s in said)
    if not number and max(len(known), len(heard)) > _NEAR_GAP * min(len(known), len(heard)):
        return
    first, last = heard[0].start, max(w.end for w in heard)
    weights = [len(k.norm) for k in known]
    total = sum(weights)
    at = 0
    for k, weight in zip(known, weights, strict=True):
        k.time = (first + (last - first) * at / total, first + (last - first) * (at + weight) / total)
        k.matched = number and len(known) + len(heard) <= 6  # "three hundred" / "300"
        at += weight


def _alike(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


def _span(mine: Sequence[_Known]) -> _Span | None:
    """A cue's time from its words ``mine``, or None when too few are matched (a fallback):
    from its first timed word to its last, and, reaching further, the time its words before
    the first and after the last that the voice gave no time take at :data:`SPEAKING_CPS`."""
    matched = sum(k.matched for k in mine)
    if not mine or matched == 0 or matched < MATCHED_SHARE * len(mine):
        return None
    times = [k.time for k in mine]
    timed = [n for n, t in enumerate(times) if t is not None]
    first, last = times[timed[0]], times[timed[-1]]
    assert first is not None and last is not None
    before = sum(len(k.text) + 1 for k in mine[: timed[0]])
    after = sum(len(k.text) + 1 for k in mine[timed[-1] + 1 :])
    return _Span(first[0] - before / SPEAKING_CPS, first[0], last[1], last[1] + after / SPEAKING_CPS)


# ---------------------------------------------------------------- cue times
def _fill(
    cues: Sequence[Cue], spans: Sequence[_Span | None], start: float, end: float
) -> list[tuple[float, float]]:
    """Every cue's ``(start, end)``: the timed ones as the voice says, kept inside
    ``start``..``end`` and off one another; each run of fallback cues by reading speed in
    the gap between the timed cues around it (or ``start``/``end``)."""
    times: list[tuple[float, float] | None] = [None] * len(spans)
    timed = [(i, span) for i, span in enumerate(spans) if span is not None]
    for n, (i, span) in enumerate(timed):
        before = timed[n - 1][1] if n > 0 else None
        after = timed[n + 1][1] if n + 1 < len(timed) else None
        a = min(max(span.reach_start, before.end if before else start), span.start)
        b = max(min(span.reach_end, after.start if after else end), span.end)
        if before is not None and (prev := times[timed[n - 1][0]]) is not None and prev[1] > a:
            a = b_prev = min(max((prev[1] + a) / 2, before.end), span.start)  # both reached: meet halfway
            times[timed[n - 1][0]] = (prev[0], b_prev)
        a = max(a, start)
        times[i] = (a, max(a, min(b, end)))
    i = 0
    while i < len(cues):
        if times[i] is not None:
            i += 1
            continue
        j = i
        while j < len(cues) and times[j] is None:
            j += 1
        _by_reading(cues, times, i, j, start, end)
        i = j
    return _in_order([t for t in times if t is not None])


def _in_order(times: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """``times`` in milliseconds, each at least :data:`_LEAST_S` long and starting no earlier
    than the one before ends. Only odd voices move anything here: a cue of one word the
    recogniser gave no length, words heard past the stretch's end, a squeezed gap."""
    out: list[tuple[float, float]] = []
    floor = -math.inf
    for a, b in times:
        a = round(max(a, floor), 3)
        b = round(max(b, a + _LEAST_S), 3)
        out.append((a, b))
        floor = b
    return out


def _by_reading(
    cues: Sequence[Cue], times: list[tuple[float, float] | None], i: int, j: int, start: float, end: float
) -> None:
    """Time the fallback cues ``i..j-1`` (in place) by reading speed between the timed cue
        before (or ``start``) and the one after (or ``end``): each gets a share of the gap
        proportional to its reading time and is on screen from the beginning of its share, for
        all of it up to :data:`MAX_CUE_S`. A gap shorter than :data:`MIN_FALLBACK_S` a cue takes
        the difference from the timed neighbours, half each, up to half of each one's time (or from
    before ``start`` or after ``end`` when it has no neighbour on that side)."""
    prev = times[i - 1] if i > 0 else None
    after = times[j] if j < len(times) else None
    lo = prev[1] if prev is not None else start
    hi = after[0] if after is not None else max(end, lo)
    short = MIN_FALLBACK_S * (j - i) - (hi - lo)
    if short > 0:
        if prev is not None:
            give = min(short / 2, (prev[1] - prev[0]) / 2)
            times[i - 1] = (prev[0], prev[1] - give)
            lo -= give
        if after is not None:
            give = min(short / 2, (after[1] - after[0]) / 2)
            times[j] = (after[0] + give, after[1])
            hi += give
        least = MIN_FALLBACK_S * (j - i)
        if after is None and hi - lo < least:  # at the file's end: past it
            hi = lo + least
        elif prev is None and hi - lo < least:  # at its start: before it, not before 0
            lo = max(0.0, hi - least)
    need = [
        max(reading_time(text) for _, text in cues[k].texts) if cues[k].texts else 1.0 for k in range(i, j)
    ]
    scale = (hi - lo) / sum(need)
    at = lo
    for k, seconds in zip(range(i, j), need, strict=True):
        share = seconds * scale
        times[k] = (at, at + min(share, MAX_CUE_S))
        at += share
