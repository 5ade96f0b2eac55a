"""Captions: split a story into bilingual cues and time them by reading speed; read and
write SRT and WebVTT.

The rules (DESIGN.md): at most two lines of about 42 characters per language, each cue on
screen at least 5/6 s and at most 7 s, about 17 characters per second. Arabic and English are
shown together, so both texts are cut into the same number of pieces, at sentence and clause
boundaries where possible, and each cue lasts as long as its slower language needs.
SRT and WebVTT go through the ``srt`` and ``webvtt-py`` libraries rather than hand-written
timestamp code.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Sequence
from datetime import timedelta

import srt
import webvtt

from app.templates.timeline import Cue

LINE_CHARS = 42
MAX_LINES = 2
CPS = 17.0
MIN_CUE_S = 5 / 6
MAX_CUE_S = 7.0

_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+")
_CLAUSE_END = re.compile(r"(?<=[,،;؛:])\s+")


def wrap_lines(text: str, width: int = LINE_CHARS) -> list[str]:
    """Lines of at most ``width`` characters (what caption guidelines count). Two lines are
    balanced (the break that makes the longer line shortest), so no word dangles alone."""
    words = text.split()
    if len(text) <= width or len(words) < 2:
        return [text] if text else []
    best = min(
        range(1, len(words)),
        key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))),
    )
    first, second = " ".join(words[:best]), " ".join(words[best:])
    if len(first) <= width and len(second) <= width:
        return [first, second]
    lines: list[str] = []  # more than two lines' worth: plain greedy
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def fits_cue(text: str) -> bool:
    return len(wrap_lines(text)) <= MAX_LINES


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def pieces_needed(text: str) -> int:
    """How many cues a text needs so that each fits two lines."""
    n = 1
    while not all(fits_cue(p) for p in split_words(text, n)) and n < len(text.split()):
        n += 1
    return n


def split_words(text: str, n: int) -> list[str]:
    """``text`` cut at word boundaries into ``n`` parts of about equal length, preferring to
    cut after a comma, semicolon or colon (a clause boundary) when one is near."""
    words = text.split()
    n = max(1, min(n, len(words)))
    ends = []  # character position after each word
    pos = 0
    for word in words:
        pos += len(word) + 1
        ends.append(pos)
    cuts: list[int] = []
    for i in range(1, n):
        ideal = ends[-1] * i / n
        first = (cuts[-1] + 1) if cuts else 1
        last = len(words) - (n - i)
        choices = range(first, last + 1)
        cuts.append(min(choices, key=lambda k: _cut_cost(words, ends, k, ideal)))
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]


def _cut_cost(words: list[str], ends: list[int], k: int, ideal: float) -> float:
    """How bad it is to cut before ``words[k]``: distance from the ideal place, less a bonus
    after a clause mark, plus a penalty for starting a piece with a number (it belongs to the
    word before: "عام | 2019", "more than | 2,000")."""
    cost = abs(ends[k - 1] - ideal)
    if _CLAUSE_END.search(words[k - 1] + " "):
        cost -= 10
    if words[k][:1].isdigit():
        cost += 12
    return cost


def bilingual_pieces(ar: str, en: str) -> list[tuple[str, str]]:
    """The same number of pieces in both languages. Sentences are paired one to one when
    both texts have as many; each pair is cut into as many pieces as its longer side needs."""
    sa, se = sentences(ar), sentences(en)
    groups = list(zip(sa, se, strict=True)) if len(sa) == len(se) else [(ar, en)]
    out: list[tuple[str, str]] = []
    for a, e in groups:
        n = min(max(pieces_needed(a), pieces_needed(e)), len(a.split()), len(e.split()))
        out.extend(zip(split_words(a, n), split_words(e, n), strict=True))
    return out


def reading_time(text: str) -> float:
    return min(MAX_CUE_S, max(MIN_CUE_S, len(text) / CPS))


def story_cues(ar: str, en: str, start: float = 0.0) -> list[Cue]:
    """Cues for a story in both languages, back to back from ``start``."""
    cues = []
    t = start
    for piece_ar, piece_en in bilingual_pieces(ar, en):
        duration = max(reading_time(piece_ar), reading_time(piece_en))
        cues.append(Cue(round(t, 3), round(t + duration, 3), piece_ar, piece_en))
        t += duration
    return cues


def stretch(cues: Sequence[Cue], start: float, end: float) -> list[Cue]:
    """Spread cues evenly over ``start``..``end`` when there is more room than they need
    (never shorter than their reading time, never longer than the 7 s limit)."""
    if not cues:
        return []
    need = sum(c.end - c.start for c in cues)
    room = end - start
    factor = max(1.0, room / need) if need else 1.0
    out, t = [], start
    for cue in cues:
        duration = min(MAX_CUE_S, (cue.end - cue.start) * factor)
        out.append(Cue(round(t, 3), round(t + duration, 3), cue.ar, cue.en))
        t += duration
    return out


def merge_languages(
    ar: Iterable[tuple[float, float, str]], en: Iterable[tuple[float, float, str]]
) -> list[Cue]:
    """Bilingual cues from two independently timed caption files: every interval between
    any two boundaries shows whatever each language has on screen then."""
    ar, en = list(ar), list(en)
    bounds = sorted({t for s, e, _ in ar + en for t in (s, e)})
    out: list[Cue] = []
    for a, b in itertools.pairwise(bounds):
        mid = (a + b) / 2
        text_ar = next((x for s, e, x in ar if s <= mid < e), "")
        text_en = next((x for s, e, x in en if s <= mid < e), "")
        if not (text_ar or text_en):
            continue
        if out and out[-1].ar == text_ar and out[-1].en == text_en and abs(out[-1].end - a) < 1e-6:
            out[-1] = Cue(out[-1].start, b, text_ar, text_en)
        else:
            out.append(Cue(a, b, text_ar, text_en))
    return out


def parse_captions(text: str, kind: str) -> list[tuple[float, float, str]]:
    """(start, end, text) of every cue in SRT (``kind="srt"``) or WebVTT (``"vtt"``) text.
    Raises ValueError with the library's reason when the file is malformed."""
    try:
        if kind == "srt":
            return [
                (s.start.total_seconds(), s.end.total_seconds(), " ".join(s.content.split()))
                for s in srt.parse(text)
            ]
        captions = webvtt.from_buffer(io.StringIO(text))
        return [
            (
                c.start_time.in_milliseconds() / 1000,
                c.end_time.in_milliseconds() / 1000,
                " ".join(c.text.split()),
            )
            for c in captions
        ]
    except (srt.SRTParseError, webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError) as exc:
        raise ValueError(str(exc) or "malformed captions") from None


def to_srt(cues: Sequence[Cue], lang: str) -> str:
    subtitles = [
        srt.Subtitle(
            i + 1,
            timedelta(seconds=c.start),
            timedelta(seconds=c.end),
            "\n".join(wrap_lines(getattr(c, lang))),
        )
        for i, c in enumerate(cues)
        if getattr(c, lang)
    ]
    return srt.compose(subtitles, reindex=True)


def to_vtt(cues: Sequence[Cue], lang: str) -> str:
    document = webvtt.WebVTT()
    for cue in cues:
        text = getattr(cue, lang)
        if text:
            stamps = (str(webvtt.models.Timestamp.from_seconds(t)) for t in (cue.start, cue.end))
            document.captions.append(webvtt.Caption(*stamps, "\n".join(wrap_lines(text))))
    return document.content
