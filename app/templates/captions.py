"""Captions: split a story into cues in the output's languages and time them by reading
speed; read and write SRT and WebVTT.

The rules (DESIGN.md): at most two lines of about 42 characters per language, each cue on
screen at least 5/6 s and at most 7 s, about 17 characters per second. An output shows one
language or two (``Subject.langs``: Arabic and English by default, Urdu and English, French
alone); two are shown together, so both texts are cut into the same number of pieces, at
sentence and clause boundaries where possible, and each cue lasts as long as its slower
language needs. Nothing here knows a language by its code: direction comes from
:func:`takatof.model.languages.is_rtl`, so a language works the day a campaign declares it.
SRT and WebVTT go through the ``srt`` and ``webvtt-py`` libraries rather than hand-written
timestamp code. A WebVTT file carries no ``Language:`` header: that line is YouTube's habit,
not WebVTT (the W3C group left a file's language to what refers to it: ``<track srclang>``,
an HLS or DASH manifest, the container), and validators reject it; the language is in the
file's name (``story-instagram-story-ur-en.ur.vtt``) and its manifest entry.
"""

from __future__ import annotations

import bisect
import heapq
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import timedelta

import srt
import webvtt

from ..model.languages import is_rtl
from .timeline import Cue

Lang = str
Texts = Sequence[tuple[Lang, str]]
"""A text in each of an output's languages, in its order: ``[("ur", ...), ("en", ...)]``."""

LINE_CHARS = 42
MAX_LINES = 2
CPS = 17.0
MIN_CUE_S = 5 / 6
MAX_CUE_S = 7.0

# Sentence ends: Latin and Arabic marks, the Urdu full stop (U+06D4) and the Devanagari
# danda and double danda (U+0964, U+0965).
_SENTENCE_END = re.compile(r"(?<=[.!?؟…\u06d4\u0964\u0965])\s+")
_CLAUSE_END = re.compile(r"(?<=[,،;؛:])\s+")


def wrap_lines(text: str, width: int = LINE_CHARS, lang: str | None = None) -> list[str]:
    """Lines of at most ``width`` characters (what caption guidelines count). Two lines are
    balanced (the break that makes the longer line shortest), so no word dangles alone.

    The break never falls inside a run of the other script that fits on a line
    (:class:`_Gaps`: a Latin name in an Arabic line, an Arabic name in an English one): a
    player lays such a run out as one piece, and split across lines its words come out in
    the wrong order ("!This" on the right). When no other break fits both lines, the text
    takes more than two lines (so :func:`fits_cue` says no, and the story is cut into more
    cues instead); a run longer than a line breaks at its own spaces. Between a number and
    the word it counts ("85,000 | members") a break is taken only when it makes the longer
    line clearly shorter.
    ``lang`` is the text's language (a code: "ar", "ur", "en"), whose direction says which
    script is the other one; without it, the script of most words is taken as the text's own.

    Linear in the text: the length of a line of words is read from running sums of the word
    lengths instead of joining every candidate line (a long story used to take minutes)."""
    words = text.split()
    if len(text) <= width or len(words) < 2:
        return [text] if text else []
    gaps = _Gaps(words, width, lang)
    best = _balanced_break([len(w) for w in words], width, gaps)
    if best is not None:
        return [" ".join(words[:best]), " ".join(words[best:])]
    return _unit_lines(words, width, gaps)  # more than two lines' worth


# A break between a number and the word it counts costs as much as this many characters of
# imbalance between two lines (and, for a cue, of distance from the even place to cut): a
# little, so it moves only when moving is cheap.
_QUANTITY_PENALTY = 6


def _balanced_break(lengths: Sequence[int], width: int, gaps: _Gaps) -> int | None:
    """The best ``i`` (1 <= i < len), not inside a run of the other script, at which
    ``words[:i]`` and ``words[i:]`` both fit ``width``, or None when there is none. Best:
    the shortest longer line (plus :data:`_QUANTITY_PENALTY` for a break after a number
    that counts the next word); then the first."""
    total = sum(lengths) + len(lengths) - 1  # the whole text on one line
    best: int | None = None
    best_key: int | None = None
    head = -1  # length of words[:i] on one line; grows by word + space
    for i in range(1, len(lengths)):
        head += lengths[i - 1] + 1
        tail = total - head - 1
        if head > width or tail > width or gaps.glued[i]:
            continue
        key = max(head, tail) + (_QUANTITY_PENALTY if gaps.quantity[i] else 0)
        if best_key is None or key < best_key:
            best, best_key = i, key
    return best


def _greedy_lines(words: Sequence[str], width: int) -> list[str]:
    """Fill each line as far as it goes; a word longer than ``width`` gets a line of its own.
    Greedy filling gives the fewest possible lines, which :func:`pieces_needed` relies on."""
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _unit_lines(words: Sequence[str], width: int, gaps: _Gaps) -> list[str]:
    """Greedy filling with each run of the other script that fits a line moved whole: a
    line ends before a run that does not fit on it rather than inside it."""
    units: list[str] = []
    for k, word in enumerate(words):
        if units and gaps.glued[k]:
            units[-1] += " " + word
        else:
            units.append(word)
    return _greedy_lines(units, width)


# ---------------------------------------------------------------- runs of the other script
# A number: digits with their separators, a sign before, a percent sign after (85,000 ٨٥٬٠٠٠
# 2.5 +961 10%). A bare year (1900-2099) names a time rather than counting the word after it.
_NUMBER_WORD = re.compile(r"[+\-\u2212]?\d+(?:[.,\u066b\u066c]\d+)*[%\u066a]?")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _counts(word: str) -> bool:
    """``word`` is a number that may count the word after it (not a year, and no clause or
    sentence mark after it)."""
    return bool(_NUMBER_WORD.fullmatch(word)) and not _YEAR.fullmatch(word)


def _letters(word: str) -> str | None:
    """The direction of the first letter of ``word`` ("L" or "R"), None for a word without
    one (a number, a dash, an emoji)."""
    for char in word:
        if (kind := _strong(char)) is not None:
            return kind
    return None


def _base_direction(words: Sequence[str], lang: str | None) -> str:
    """The direction of the text's own script: its language's, or, not given one, that of
    most words with letters (the first such word's on a tie). Most words rather than most
    letters, and not the first letter alone: an Arabic cue may open with a Latin name, or
    hold one long #hashtag with more letters than its Arabic words together."""
    if lang is not None:
        return "R" if is_rtl(lang) else "L"
    kinds = [d for w in words if (d := _letters(w)) is not None]
    right = kinds.count("R")
    if right * 2 != len(kinds):
        return "R" if right * 2 > len(kinds) else "L"
    return kinds[0] if kinds else "L"


class _Gaps:
    """Which gaps between words are bad places for a line break or a cut (gap ``k`` is the
    one before ``words[k]``; gap 0 is unused).

    ``glued``: inside a run of the other script that fits on one line of ``width``. A run
    is a maximal stretch of words whose letters are of the other direction, with the words
    without letters between them (numbers, "&", "-"), and a number just before it (its unit:
    "10 km" in an Arabic line). Runs longer than a line are not glued: they break at their
    own spaces. ``quantity``: after a number that counts the word after it ("85,000
    members", "2,000 عائلة")."""

    def __init__(self, words: Sequence[str], width: int, lang: str | None = None) -> None:
        n = len(words)
        self.glued = [False] * (n + 1)
        self.quantity = [False] * (n + 1)
        counts = [_counts(w) for w in words]
        for k in range(1, n):
            self.quantity[k] = counts[k - 1] and _letters(words[k]) is not None
        base = _base_direction(words, lang)
        kinds = [_letters(w) for w in words]
        k = 0
        while k < n:
            if kinds[k] is None or kinds[k] == base:
                k += 1
                continue
            start = k - 1 if k > 0 and counts[k - 1] else k  # a number before: its unit
            end = last = k  # the run so far ends after words[last]
            while end + 1 < n and kinds[end + 1] != base:
                end += 1
                if kinds[end] is not None:
                    last = end
            if sum(len(w) + 1 for w in words[start : last + 1]) - 1 <= width:
                for gap in range(start + 1, last + 1):
                    self.glued[gap] = True
            k = last + 1


def fits_cue(text: str, lang: str | None = None) -> bool:
    return len(wrap_lines(text, lang=lang)) <= MAX_LINES


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def pieces_needed(text: str, lang: str | None = None) -> int:
    """How many cues a text needs so that each fits two lines: the smallest count whose
    :func:`split_words` pieces all fit (or one piece per word).

    Counts are tried in order, but not from 1: a piece that fits takes at most two lines,
    and greedy wrapping of the whole text gives the fewest lines any cutting can, so fewer
    than half that many pieces can never fit. The search starts there, which is the answer
    or close to it, and each try stops at its first piece that does not fit, instead of
    cutting the whole text again for every count from 1 (minutes for a long story)."""
    text_words = _Words(text, lang)
    words = text_words.words
    n = max(1, -(-len(_greedy_lines(words, LINE_CHARS)) // MAX_LINES))
    while n < len(words) and not all(fits_cue(p, lang) for p in text_words.pieces(n)):
        n += 1
    return n


def split_words(text: str, n: int, lang: str | None = None) -> list[str]:
    """``text`` cut at word boundaries into ``n`` parts of about equal length, preferring to
    cut after a comma, semicolon or colon (a clause boundary) when one is near, and not
    inside a run of the other script (``lang`` as for :func:`wrap_lines`)."""
    return list(_Words(text, lang).pieces(n))


# The most a cut's cost can move from its distance to the ideal place: the clause bonus plus
# the penalties (and a little more, so float rounding can never leave a candidate out).
_CLAUSE_BONUS = 10
_NUMBER_PENALTY = 12
# A cut inside a run of the other script that fits a line. The run's nearer end is at most
# half a line from any cut inside it, so this is more than anything else the move could
# cost: the cut goes to the run's end whenever that end is a place the cut may go.
_RUN_PENALTY = LINE_CHARS + _CLAUSE_BONUS + _NUMBER_PENALTY + _QUANTITY_PENALTY
_COST_SPREAD = _CLAUSE_BONUS + _NUMBER_PENALTY + _QUANTITY_PENALTY + _RUN_PENALTY + 1


class _Words:
    """A text's words with what cutting needs, worked out once per text rather than once per
    candidate cut: where each word ends, which words end a clause or start with a digit, and
    which gaps lie inside a run of the other script or after a number (:class:`_Gaps`)."""

    def __init__(self, text: str, lang: str | None = None) -> None:
        self.words = text.split()
        self.ends = list(itertools.accumulate(len(w) + 1 for w in self.words))  # after each word
        self.clause = [bool(_CLAUSE_END.search(w + " ")) for w in self.words]
        self.digit = [w[:1].isdigit() for w in self.words]
        self.gaps = _Gaps(self.words, LINE_CHARS, lang)

    def pieces(self, n: int) -> Iterator[str]:
        """The ``n`` pieces, one at a time (a caller may stop at the first that fails)."""
        words, ends = self.words, self.ends
        n = max(1, min(n, len(words)))
        start = 0
        for i in range(1, n):
            cut = self.best_cut(start + 1, len(words) - (n - i), ends[-1] * i / n)
            yield " ".join(words[start:cut])
            start = cut
        yield " ".join(words[start:])

    def cost(self, k: int, ideal: float) -> float:
        """How bad it is to cut before ``words[k]``: distance from the ideal place, less a
        bonus after a clause mark, plus a penalty for starting a piece with a number (it
        belongs to the word before: "عام | 2019", "more than | 2,000"), a smaller one for
        parting a number from the word it counts ("85,000 | members"), and a large one for
        cutting a run of the other script ("I Make | This!" in an Arabic story)."""
        cost = abs(self.ends[k - 1] - ideal)
        if self.clause[k - 1]:
            cost -= _CLAUSE_BONUS
        if self.digit[k]:
            cost += _NUMBER_PENALTY
        if self.gaps.quantity[k]:
            cost += _QUANTITY_PENALTY
        if self.gaps.glued[k]:
            cost += _RUN_PENALTY
        return cost

    def best_cut(self, first: int, last: int, ideal: float) -> int:
        """The cheapest cut in ``first..last`` (the first of equals), comparing only the few
        cuts that can win: the bonus and penalty are bounded, so a cut further than that
        bound beyond the allowed cut nearest the ideal place costs strictly more. Those few
        are found by bisection; a cut ``k`` ends its piece at ``ends[k - 1]``."""
        ends = self.ends
        near = min(max(bisect.bisect_left(ends, ideal) + 1, first), last)
        distance = min(abs(ends[k - 1] - ideal) for k in {max(first, near - 1), near})
        reach = distance + _COST_SPREAD
        lo = max(first, bisect.bisect_left(ends, ideal - reach) + 1)
        hi = min(last, bisect.bisect_right(ends, ideal + reach))
        return min(range(lo, hi + 1), key=lambda k: self.cost(k, ideal))


def caption_pieces(texts: Texts) -> list[tuple[str, ...]]:
    """The same number of pieces in each language of ``texts``, each piece a tuple in their
    order. Sentences are paired one to one when every text has as many; each group is cut
    into as many pieces as its longest side needs. A language with no text (a missing
    translation, reported by validation) gets empty pieces and is not counted: the others
    are cut as if it were not there. One language is simply cut by its own needs."""
    written = [(lang, text) for lang, text in texts if text.split()]
    if not written:
        return []
    split = [sentences(text) for _, text in written]
    if len({len(s) for s in split}) == 1:
        groups = list(zip(*split, strict=True))
    else:
        groups = [tuple(text for _, text in written)]
    cut: list[tuple[str, ...]] = []
    for group in groups:
        sides = list(zip((lang for lang, _ in written), group, strict=True))
        need = max(pieces_needed(text, lang) for lang, text in sides)
        n = min(need, *(len(text.split()) for _, text in sides))
        cut.extend(zip(*(split_words(text, n, lang) for lang, text in sides), strict=True))
    place = {lang: k for k, (lang, _) in enumerate(written)}
    return [tuple(piece[place[lang]] if lang in place else "" for lang, _ in texts) for piece in cut]


def reading_time(text: str) -> float:
    return min(MAX_CUE_S, max(MIN_CUE_S, len(text) / CPS))


def story_cues(texts: Texts, start: float = 0.0) -> list[Cue]:
    """Cues for a story in the output's languages (``texts``, first on top), back to back
    from ``start``; each lasts as long as its slowest language needs."""
    langs = [lang for lang, _ in texts]
    cues = []
    t = start
    for piece in caption_pieces(texts):
        duration = max(reading_time(text) for text in piece)
        cues.append(Cue(round(t, 3), round(t + duration, 3), tuple(zip(langs, piece, strict=True))))
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
        out.append(replace(cue, start=round(t, 3), end=round(t + duration, 3)))
        t += duration
    return out


def merge_languages(files: Sequence[tuple[Lang, Iterable[tuple[float, float, str]]]]) -> list[Cue]:
    """Cues in several languages from independently timed caption files, one per language
    (``(code, cues)`` in the output's order; a language without a file has no cues): every
    interval between any two boundaries shows whatever each language has on screen then
    (the first cue of its file that covers the interval's middle).

    One sweep over the sorted boundaries, not a scan of every cue for every interval, so a
    file with thousands of cues merges in well under a second."""
    langs = [lang for lang, _ in files]
    timed = [list(cues) for _, cues in files]
    bounds = sorted({t for cues in timed for s, e, _ in cues for t in (s, e)})
    on_screen = [_OnScreen(cues) for cues in timed]
    out: list[Cue] = []
    for a, b in itertools.pairwise(bounds):
        mid = (a + b) / 2
        texts = tuple(zip(langs, (side.at(mid) for side in on_screen), strict=True))
        if not any(text for _, text in texts):
            continue
        if out and out[-1].texts == texts and abs(out[-1].end - a) < 1e-6:
            out[-1] = Cue(out[-1].start, b, texts)
        else:
            out.append(Cue(a, b, texts))
    return out


class _OnScreen:
    """The text of the first cue (in file order) with ``start <= t < end``, for ``t`` asked
    in increasing order: cues join a heap keyed by their place in the file once they have
    started and leave it once they have ended (they never come back: ``t`` only grows)."""

    def __init__(self, cues: Sequence[tuple[float, float, str]]) -> None:
        self._cues = cues
        self._by_start = sorted(range(len(cues)), key=lambda i: cues[i][0])
        self._next = 0
        self._started: list[int] = []

    def at(self, t: float) -> str:
        while self._next < len(self._by_start) and self._cues[self._by_start[self._next]][0] <= t:
            heapq.heappush(self._started, self._by_start[self._next])
            self._next += 1
        while self._started and not t < self._cues[self._started[0]][1]:
            heapq.heappop(self._started)
        return self._cues[self._started[0]][2] if self._started else ""


# --------------------------------------------------------------------------- direction marks
#
# A caption file (and an alt text) is plain text: a player or a browser lays out each line
# with the Unicode bidi algorithm and, the cue saying nothing else, takes the line's direction
# from its first strong letter (UAX #9 P2/P3; WebVTT renders cue text as
# ``unicode-bidi: plaintext``). An Arabic line that begins with a Latin name or an @handle then
# reads left to right, and a handle inside an Arabic line shows its "@" on the wrong side
# ("cairorunners@"). The text engine that draws cards and burned-in captions knows each
# line's language; a plain-text reader only knows what the characters say, so the few marks it
# needs are written into the text. Only LRM and RLM are used: every bidi implementation since
# Unicode 1.1 knows them, where the isolates (U+2066-2069) are missing from older players and
# fonts and show as boxes there.

LRM, RLM = "\u200e", "\u200f"
_MARKS = {"L": LRM, "R": RLM}
_MARK_CHARS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM
_ISOLATE_OPEN = frozenset("\u2066\u2067\u2068")
_PDI = "\u2069"
# A hashtag or @handle: the sigil at the start of a word, then everything up to a space, a
# sigil or a bidi control; trailing punctuation belongs to the sentence, not to the tag.
_TAG = re.compile("(?<![\\w#@])[#@][^\\s#@\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]+")
_TAG_TRAILING = ".,،؛;:!?؟)]}»\"'"
_NUMERIC = frozenset({"EN", "AN"})
_NUMBER_JOINERS = frozenset({"CS", "ES", "ET"})  # 1,000  2019-2024  10%  +961


def _strong(char: str) -> str | None:
    """ "L" or "R" for a strong character (Arabic letters, AL, count as R), else None."""
    kind = unicodedata.bidirectional(char)
    return "L" if kind == "L" else "R" if kind in ("R", "AL") else None


def _skip_isolate(text: str, i: int) -> int:
    """The index after the PDI matching the isolate initiator at ``i`` (the end without one)."""
    depth = 0
    for j in range(i, len(text)):
        if text[j] in _ISOLATE_OPEN:
            depth += 1
        elif text[j] == _PDI:
            depth -= 1
            if depth == 0:
                return j + 1
    return len(text)


def first_strong(text: str) -> str | None:
    """Rule P2: "L" or "R" for the first strong character outside isolates, None without one."""
    i = 0
    while i < len(text):
        if text[i] in _ISOLATE_OPEN:
            i = _skip_isolate(text, i)
            continue
        if (kind := _strong(text[i])) is not None:
            return kind
        i += 1
    return None


def _number_end(text: str, i: int) -> tuple[int, int]:
    """The end of the number starting at ``i`` (digits joined by separators such as
    ``85,000``, ``2019-2024`` or ``10%``) and how many groups separated by single spaces it
    has (``+961 1 234 567``, ``85 000``)."""
    groups, j = 1, i
    while True:
        while j < len(text) and (
            unicodedata.bidirectional(text[j]) in _NUMERIC
            or (
                unicodedata.bidirectional(text[j]) in _NUMBER_JOINERS
                and j + 1 < len(text)
                and unicodedata.bidirectional(text[j + 1]) in _NUMERIC
            )
        ):
            j += 1
        while j < len(text) and unicodedata.bidirectional(text[j]) == "ET":  # 10%
            j += 1
        if j + 1 < len(text) and text[j] == " " and unicodedata.bidirectional(text[j + 1]) == "EN":
            groups, j = groups + 1, j + 1
            continue
        return j, groups


def _starts_word(text: str, i: int) -> bool:
    """Nothing joins ``text[i]`` to a word before it (a letter, a digit, a combining mark;
    a direction mark between them is looked through)."""
    j = i - 1
    while j >= 0 and text[j] in _MARK_CHARS:
        j -= 1
    return j < 0 or unicodedata.bidirectional(text[j]) not in {"L", "R", "AL", "EN", "AN", "NSM"}


def mark_direction(line: str, rtl: bool) -> str:
    """``line`` with the direction marks a plain-text reader needs to show it as a line of a
    right-to-left (``rtl``) or left-to-right language, and no others (a line that already
    reads right gets none; marking twice adds nothing):

    - the line starts with an RLM (LRM) when its first strong letter belongs to the other
      direction (an Arabic line opening with a Latin name or an @handle, an English line
      opening with an Arabic name), or, for a right-to-left line, when it has no letter;
    - a hashtag or @handle written in the other script gets a mark of its own direction
      before its sigil unless it follows a letter of that script (and after it, when it ends
      in punctuation), so ``@cairorunners``
      keeps its "@" on the left in an Arabic line and ``#التكاتف_قوّة`` its "#" on the right
      in an English one;
    - a number that follows a word of the other script gets a mark of the line's direction,
      so it stays in the sentence's order instead of joining that word's run
      (``from مصر: 85,000 members``);
    - in a right-to-left line, a number written in groups separated by spaces (a phone
      number, ``85 000``) gets an LRM so its groups keep their left-to-right order.
    """
    if not line:
        return line
    base = "R" if rtl else "L"
    head = first_strong(line)
    out = [_MARKS[base]] if (head is None and rtl) or (head is not None and head != base) else []
    last = base  # the strong type a neutral or a number here would look back to
    tags = {m.start(): _tag_end(line, m) for m in _TAG.finditer(line)}
    i = 0
    while i < len(line):
        if line[i] in _ISOLATE_OPEN:  # a neutral as a whole; nothing inside leaks out
            end = _skip_isolate(line, i)
        elif i in tags and (own := first_strong(line[i + 1 : tags[i]])) is not None:
            end = tags[i]
            # The sigil is a neutral: between two letters of its tag's direction, or between
            # letters of opposite directions when the line's direction is the tag's, it
            # already goes with the tag; otherwise it joins the line and needs a mark.
            foreign = own != base
            if foreign and last != own:
                out.append(_MARKS[own])
            out.append(line[i:end])
            ends_neutral = unicodedata.bidirectional(line[end - 1]) not in {"L", "R", "AL", *_NUMERIC}
            if foreign and ends_neutral and line[end : end + 1] != _MARKS[own]:
                out.append(_MARKS[own])  # "@libantroc_": the "_" stays with the handle
            last, i = own, end
            continue
        elif (digits := _number_at(line, i)) is not None:
            end, groups = _number_end(line, digits)
            grouped = rtl and groups > 1 and unicodedata.bidirectional(line[digits]) == "EN"
            want = "L" if grouped else base
            if last != want:
                out.append(_MARKS[want])
                last = want
        else:
            end = i + 1
            last = _strong(line[i]) or last
        out.append(line[i:end])
        i = end
    return "".join(out)


def _number_at(text: str, i: int) -> int | None:
    """Where the digits are when a number starts at ``i`` (at a digit, or at a sign such as
    "+" just before one) at the start of a word; None otherwise."""
    kind = unicodedata.bidirectional(text[i])
    at = i if kind in _NUMERIC else i + 1
    if at != i and (kind not in _NUMBER_JOINERS or at >= len(text)):
        return None
    if unicodedata.bidirectional(text[at]) not in _NUMERIC or not _starts_word(text, i):
        return None
    return at


def _tag_end(text: str, match: re.Match[str]) -> int:
    end = match.end()
    while end > match.start() + 1 and text[end - 1] in _TAG_TRAILING:
        end -= 1
    return end


def mark_lines(text: str, lang: str) -> str:
    """Every line of ``text`` marked for its language's direction (:func:`mark_direction`):
    players take each line's direction on its own. ``lang`` is a code; its direction is
    CLDR's (Urdu, Persian, Hebrew right to left; Hindi, French left to right)."""
    rtl = is_rtl(lang)
    return "\n".join(mark_direction(line, rtl) for line in text.split("\n"))


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
            for c in captions.captions
        ]
    except (srt.SRTParseError, webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError) as exc:
        raise ValueError(str(exc) or "malformed captions") from None


def to_srt(cues: Sequence[Cue], lang: str) -> str:
    """The SRT file of ``lang``'s side of ``cues`` (cues with nothing in ``lang`` left out)."""
    subtitles = [
        srt.Subtitle(
            i + 1,
            timedelta(seconds=c.start),
            timedelta(seconds=c.end),
            _cue_text(c.text(lang), lang),
        )
        for i, c in enumerate(cues)
        if c.text(lang)
    ]
    composed: str = srt.compose(subtitles, reindex=True)  # srt ships no types
    return composed


def to_vtt(cues: Sequence[Cue], lang: str) -> str:
    """The WebVTT file of ``lang``'s side of ``cues`` (no ``Language:`` header: see the module
    docstring)."""
    document = webvtt.WebVTT()
    for cue in cues:
        text = cue.text(lang)
        if text:
            start, end = (str(webvtt.models.Timestamp.from_seconds(t)) for t in (cue.start, cue.end))
            document.captions.append(webvtt.Caption(start, end, _cue_text(text, lang)))
    return document.content


def _cue_text(text: str, lang: str) -> str:
    """A cue's lines as a caption file holds them: wrapped, then each line marked for its
    language's direction (the marks take no room on screen, so they are left out of the
    line lengths)."""
    return mark_lines("\n".join(wrap_lines(text, lang=lang)), lang)
