"""Bidirectional levels and visual run order (the Unicode Bidirectional Algorithm, UAX #9).

Why our own: raqm runs FriBiDi over the text it is given, but per-run font fallback means a
line is shaped as several runs (Arabic face, Latin face), so the order of those runs has to be
known first. This module implements the implicit part of UAX #9 that such plain text needs:
P2/P3 paragraph direction, rules W1-W7, N1-N2, I1-I2, L1 and L2 run reordering. Explicit
embedding controls are treated as neutrals; hashtags and @mentions are treated as *isolates*
(as if wrapped in FSI...PDI), so ``#التكاتف_قوّة`` keeps its ``#`` on the right even inside an
English line, and ``#CommunityStoriesMENA`` keeps it on the left inside an Arabic line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_STRONG = {"L": 0, "R": 1, "AL": 1}
_NEUTRAL = {"B", "S", "WS", "ON", "ISO"}
# Hashtags and mentions: one word after # or @, without trailing punctuation.
_TAG = re.compile(r"[#@][^\s#@]+")
_TRAILING = ".,،؛;:!?؟)]}»\"'"


def bidi_class(char: str) -> str:
    kind = unicodedata.bidirectional(char) or "L"
    if kind in ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"):
        return "ON"
    return kind


def isolate_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each hashtag or @mention in ``text``."""
    spans = []
    for match in _TAG.finditer(text):
        end = match.end()
        while end > match.start() + 1 and text[end - 1] in _TRAILING:
            end -= 1
        if end > match.start() + 1:
            spans.append((match.start(), end))
    return spans


def first_strong(text: str, skip: Sequence[tuple[int, int]] = ()) -> int | None:
    """0 for left-to-right, 1 for right-to-left, None when ``text`` has no strong letter."""
    inside = {i for start, end in skip for i in range(start, end)}
    for i, char in enumerate(text):
        if i not in inside and bidi_class(char) in _STRONG:
            return _STRONG[bidi_class(char)]
    return None


def paragraph_level(text: str) -> int:
    """Rules P2/P3: the first strong character outside hashtags decides; a text made only of
    hashtags follows its first letter (an Arabic hashtag alone reads right-to-left)."""
    level = first_strong(text, isolate_spans(text))
    if level is None:
        level = first_strong(text)
    return level or 0


def _resolve_sequence(types: list[str], base: int) -> list[int]:
    """Levels for one isolating run sequence of bidi classes (W1-W7, N1-N2, I1-I2)."""
    sos = "R" if base % 2 else "L"
    t = list(types)
    n = len(t)
    # W1: marks and boundary neutrals take the type of what precedes them.
    for i in range(n):
        if t[i] in ("NSM", "BN"):
            prev = t[i - 1] if i else sos
            t[i] = "ON" if prev == "ISO" else prev
    # W2/W3: European digits after Arabic letters are Arabic numbers; AL becomes R.
    last = sos
    for i in range(n):
        if t[i] in _STRONG:
            last = t[i]
        elif t[i] == "EN" and last == "AL":
            t[i] = "AN"
    t = ["R" if x == "AL" else x for x in t]
    # W4: one separator between two numbers of the same kind joins them.
    for i in range(1, n - 1):
        if t[i] == "ES" and t[i - 1] == t[i + 1] == "EN":
            t[i] = "EN"
        elif t[i] == "CS" and t[i - 1] == t[i + 1] and t[i - 1] in ("EN", "AN"):
            t[i] = t[i - 1]
    # W5: terminators (%, currency) next to European digits are digits.
    i = 0
    while i < n:
        if t[i] == "ET":
            j = i
            while j < n and t[j] == "ET":
                j += 1
            if (i > 0 and t[i - 1] == "EN") or (j < n and t[j] == "EN"):
                t[i:j] = ["EN"] * (j - i)
            i = j
        else:
            i += 1
    # W6: other separators and terminators are neutral.
    t = ["ON" if x in ("ES", "ET", "CS") else x for x in t]
    # W7: European digits after a left-to-right letter are left-to-right.
    last = sos
    for i in range(n):
        if t[i] in ("L", "R"):
            last = t[i]
        elif t[i] == "EN" and last == "L":
            t[i] = "L"
    # N1/N2: a run of neutrals between two of the same direction takes it; else the base.
    strong = lambda x: "R" if x in ("R", "EN", "AN") else x  # noqa: E731
    i = 0
    while i < n:
        if t[i] in _NEUTRAL:
            j = i
            while j < n and t[j] in _NEUTRAL:
                j += 1
            before = strong(t[i - 1]) if i else sos
            after = strong(t[j]) if j < n else sos
            fill = before if before == after else ("R" if base % 2 else "L")
            t[i:j] = [fill] * (j - i)
            i = j
        else:
            i += 1
    # I1/I2: implicit levels.
    levels = []
    for x in t:
        if base % 2 == 0:
            levels.append(base + {"L": 0, "R": 1}.get(x, 2))
        else:
            levels.append(base + (0 if x == "R" else 1))
    return levels


def resolve_levels(text: str, base: int) -> list[int]:
    """The embedding level of every character of a paragraph with base level 0 or 1.
    Each hashtag or mention is resolved as a neutral from outside and as its own paragraph
    inside, one level deeper."""
    spans = isolate_spans(text)
    units: list[str] = []
    owner: list[int | None] = []  # which span each unit stands for
    pos = 0
    for k, (start, end) in enumerate(spans):
        for char in text[pos:start]:
            units.append(bidi_class(char))
            owner.append(None)
        units.append("ISO")
        owner.append(k)
        pos = end
    for char in text[pos:]:
        units.append(bidi_class(char))
        owner.append(None)
    outer = _resolve_sequence(units, base)
    levels: list[int] = []
    for unit_level, k in zip(outer, owner, strict=True):
        if k is None:
            levels.append(unit_level)
            continue
        start, end = spans[k]
        inner_text = text[start:end]
        inner_base = first_strong(inner_text) or 0
        embed = base + 1 if (base + 1) % 2 == inner_base else base + 2
        inner = _resolve_sequence([bidi_class(c) for c in inner_text], inner_base)
        levels.extend(embed + (lv - inner_base) for lv in inner)
    return levels


@dataclass(frozen=True)
class Run:
    """A stretch of one line drawn in one direction (and, later, with one font)."""

    start: int
    end: int
    level: int

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def line_runs(text: str, levels: Sequence[int], base: int, start: int, end: int) -> list[Run]:
    """Runs of ``text[start:end]`` (one wrapped line) in visual order, left to right.
    L1 puts trailing whitespace at the paragraph level; L2 reverses runs from the highest
    level down to the lowest odd one."""
    lv = list(levels[start:end])
    k = len(lv) - 1
    while k >= 0 and text[start + k].isspace():
        lv[k] = base
        k -= 1
    runs: list[Run] = []
    i = 0
    while i < len(lv):
        j = i
        while j < len(lv) and lv[j] == lv[i]:
            j += 1
        runs.append(Run(start + i, start + j, lv[i]))
        i = j
    if not runs:
        return runs
    highest = max(r.level for r in runs)
    lowest_odd = min((r.level for r in runs if r.level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(runs):
            if runs[i].level >= level:
                j = i
                while j < len(runs) and runs[j].level >= level:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
            else:
                i += 1
    return runs
