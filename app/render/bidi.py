"""Bidirectional levels and visual run order (the Unicode Bidirectional Algorithm, UAX #9).

Why our own: raqm runs FriBiDi over the text it is given, but per-run font fallback means a
line is shaped as several runs (Arabic face, Latin face), so the order of those runs has to be
known first. This module implements what campaign text needs: P2/P3 paragraph direction, the
explicit rules X1-X10 (embeddings, isolates, isolating run sequences), W1-W7, N1-N2, I1-I2, L1
and L2 run reordering. Not implemented: N0 (brackets resolve as other neutrals; raqm still
mirrors their glyphs in right-to-left runs).

Two deliberate departures, both for text written by campaign teams:

- Hashtags and @mentions are *isolates* (as if wrapped in FSI...PDI), so ``#التكاتف_قوّة``
  keeps its ``#`` on the right even inside an English line, and ``#CommunityStoriesMENA`` keeps
  it on the left inside an Arabic line. A paragraph with no strong letter outside its isolates
  (only hashtags, or only fields the templates isolated) takes the direction of its first
  letter instead of defaulting to left-to-right.
- Directional overrides (LRO, RLO) are read as embeddings (LRE, RLE): they still nest and
  are closed by PDF, but they never force letters to draw backwards. Reversed display of typed
  text is the classic spoofing trick (U+202E in a file name) and never what a name or a quote
  means; it also could not be drawn consistently, since raqm reorders each run again.

The text engine draws runs without the explicit controls (X9 removes them from display), so
FriBiDi inside raqm never sees a control and the order computed here is the order drawn.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_STRONG = {"L": 0, "R": 1, "AL": 1}
_ISOLATE_INITIATORS = frozenset({"LRI", "RLI", "FSI"})
_ISOLATE_CONTROLS = _ISOLATE_INITIATORS | {"PDI"}
_EMBEDDING_INITIATORS = frozenset({"LRE", "RLE", "LRO", "RLO"})
# X9: characters the algorithm removes; they take a neighbour's level afterwards.
_REMOVED = _EMBEDDING_INITIATORS | {"PDF", "BN"}
EXPLICIT = _ISOLATE_CONTROLS | _EMBEDDING_INITIATORS | {"PDF"}
_NEUTRAL = frozenset({"B", "S", "WS", "ON"}) | _ISOLATE_CONTROLS
# L1: what goes back to the paragraph level at the end of a line (and before a tab).
_L1_RESET = frozenset({"WS", "S", "B"}) | EXPLICIT | {"BN"}
_SEGMENT_SEPARATOR = re.compile("[\t\x0b\x1f]")  # the characters of Bidi_Class S
MAX_DEPTH = 125
# Hashtags and mentions: one word after # or @, without trailing punctuation or controls.
_TAG = re.compile("[#@][^\\s#@\u202a-\u202e\u2066-\u2069]+")
_TRAILING = ".,،؛;:!?؟)]}»\"'"


def bidi_class(char: str) -> str:
    """The character's Bidi_Class (L for unassigned code points)."""
    return unicodedata.bidirectional(char) or "L"


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


def _units(text: str) -> tuple[list[str], list[int | None]]:
    """Bidi classes of ``text`` with a virtual FSI before and PDI after each hashtag or
    mention, and for each unit the index of its character (None for the virtual ones)."""
    types: list[str] = []
    owner: list[int | None] = []
    pos = 0
    for start, end in [*isolate_spans(text), (len(text), len(text))]:
        for i in range(pos, start):
            types.append(bidi_class(text[i]))
            owner.append(i)
        if start == end:
            break
        types += ["FSI", *(bidi_class(c) for c in text[start:end]), "PDI"]
        owner += [None, *range(start, end), None]
        pos = end
    return types, owner


def _matching_pdis(types: Sequence[str]) -> dict[int, int]:
    """BD9: the index of the PDI that closes each isolate initiator that is closed."""
    match: dict[int, int] = {}
    open_: list[int] = []
    for i, kind in enumerate(types):
        if kind in _ISOLATE_INITIATORS:
            open_.append(i)
        elif kind == "PDI" and open_:
            match[open_.pop()] = i
    return match


def _first_strong_of(types: Sequence[str], start: int = 0, end: int | None = None) -> int | None:
    """P2 over ``types[start:end]``: the first L, R or AL, skipping what lies between an
    isolate initiator and its matching PDI (to the end, when it has none)."""
    end = len(types) if end is None else end
    depth = 0
    for kind in types[start:end]:
        if kind in _ISOLATE_INITIATORS:
            depth += 1
        elif kind == "PDI" and depth:
            depth -= 1
        elif depth == 0 and kind in _STRONG:
            return _STRONG[kind]
    return None


def first_strong(text: str) -> int | None:
    """0 for left-to-right, 1 for right-to-left, None when ``text`` has no strong letter
    outside its isolates (hashtags, mentions and FSI/LRI/RLI ... PDI)."""
    return _first_strong_of(_units(text)[0])


def paragraph_level(text: str) -> int:
    """Rules P2/P3: the first strong character outside isolates decides; a text whose letters
    are all inside isolates (only hashtags, or fields the templates isolated) follows its first
    letter, so an Arabic hashtag alone, or an Arabic name joined to an Arabic group, reads
    right-to-left."""
    level = first_strong(text)
    if level is None:
        level = next((_STRONG[k] for k in map(bidi_class, text) if k in _STRONG), None)
    return level or 0


def _explicit_levels(types: Sequence[str], base: int, pdis: dict[int, int]) -> list[int]:
    """X1-X8: the embedding level of every unit from the explicit controls (overrides are read
    as embeddings, see the module notes), with UAX #9's depth limit and overflow counting."""
    levels = [base] * len(types)
    stack: list[tuple[int, bool]] = [(base, False)]  # (level, opened by an isolate initiator)
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i, kind in enumerate(types):
        top = stack[-1][0]
        if kind in _EMBEDDING_INITIATORS or kind in _ISOLATE_INITIATORS:
            isolate = kind in _ISOLATE_INITIATORS
            levels[i] = top
            if kind == "FSI":
                rtl = _first_strong_of(types, i + 1, pdis.get(i, len(types))) == 1
            else:
                rtl = kind[0] == "R"
            new = (top + 1) | 1 if rtl else (top + 2) & ~1
            if new <= MAX_DEPTH and overflow_isolates == 0 and overflow_embeddings == 0:
                valid_isolates += isolate
                stack.append((new, isolate))
            elif isolate:
                overflow_isolates += 1
            elif overflow_isolates == 0:
                overflow_embeddings += 1
        elif kind == "PDI":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][1]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            levels[i] = stack[-1][0]
        elif kind == "PDF":
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][1] and len(stack) > 1:
                stack.pop()
            levels[i] = stack[-1][0]
        else:
            levels[i] = top
    return levels


def _run_sequences(types: Sequence[str], levels: Sequence[int], pdis: dict[int, int]) -> list[list[int]]:
    """X10 / BD13: isolating run sequences, as lists of unit indices (X9-removed units left
    out). A level run ending in an isolate initiator continues after its matching PDI."""
    kept = [i for i, kind in enumerate(types) if kind not in _REMOVED]
    runs: list[list[int]] = []
    for i in kept:
        if runs and levels[runs[-1][-1]] == levels[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    starting_with = {run[0]: run for run in runs}

    def continuation(run: list[int]) -> list[int] | None:
        """The run that starts with the PDI matching the initiator ending ``run``."""
        last = run[-1]
        if types[last] in _ISOLATE_INITIATORS and last in pdis:
            return starting_with.get(pdis[last])
        return None

    continued = {id(nxt) for run in runs if (nxt := continuation(run)) is not None}
    sequences: list[list[int]] = []
    for run in runs:
        if id(run) in continued:
            continue  # part of the sequence of its isolate initiator
        sequence, nxt = list(run), continuation(run)
        while nxt is not None:
            sequence += nxt
            nxt = continuation(nxt)
        sequences.append(sequence)
    return sequences


def _resolve_sequence(types: list[str], level: int, sos: str, eos: str) -> list[int]:
    """Levels for one isolating run sequence of bidi classes (W1-W7, N1-N2, I1-I2)."""
    t = list(types)
    n = len(t)
    # W1: marks take the type of what precedes them (neutral after an isolate control).
    for i in range(n):
        if t[i] == "NSM":
            prev = t[i - 1] if i else sos
            t[i] = "ON" if prev in _ISOLATE_CONTROLS else prev
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
    # N1/N2: a run of neutrals between two of the same direction takes it; else the
    # embedding direction.

    def strong(x: str) -> str:
        return "R" if x in ("R", "EN", "AN") else x

    i = 0
    while i < n:
        if t[i] in _NEUTRAL:
            j = i
            while j < n and t[j] in _NEUTRAL:
                j += 1
            before = strong(t[i - 1]) if i else sos
            after = strong(t[j]) if j < n else eos
            fill = before if before == after else ("R" if level % 2 else "L")
            t[i:j] = [fill] * (j - i)
            i = j
        else:
            i += 1
    # I1/I2: implicit levels.
    if level % 2 == 0:
        return [level + {"L": 0, "R": 1}.get(x, 2) for x in t]
    return [level + (0 if x == "R" else 1) for x in t]


def resolve_levels(text: str, base: int) -> list[int]:
    """The embedding level of every character of a paragraph with base level 0 or 1.
    Explicit controls (and other X9-removed characters) get the level of the character
    before them, or after them at the start; they are not drawn."""
    types, owner = _units(text)
    pdis = _matching_pdis(types)
    levels = _explicit_levels(types, base, pdis)
    resolved: list[int | None] = [None] * len(types)
    for sequence in _run_sequences(types, levels, pdis):
        first, last = sequence[0], sequence[-1]
        level = levels[first]
        before = next((levels[k] for k in range(first - 1, -1, -1) if types[k] not in _REMOVED), base)
        after = next((levels[k] for k in range(last + 1, len(types)) if types[k] not in _REMOVED), base)
        if types[last] in _ISOLATE_INITIATORS and last not in pdis:
            after = base
        sos = "R" if max(level, before) % 2 else "L"
        eos = "R" if max(level, after) % 2 else "L"
        for k, lv in zip(
            sequence, _resolve_sequence([types[k] for k in sequence], level, sos, eos), strict=True
        ):
            resolved[k] = lv
    chars = [lv for lv, i in zip(resolved, owner, strict=True) if i is not None]
    # X9-removed characters: the level of the previous character (of the first one that has a
    # level, for those at the start).
    previous = next((lv for lv in chars if lv is not None), base)
    out: list[int] = []
    for own in chars:
        previous = previous if own is None else own
        out.append(previous)
    return out


@dataclass(frozen=True)
class Run:
    """A stretch of one line drawn in one direction (and, later, with one font)."""

    start: int
    end: int
    level: int

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def _resets(char: str) -> bool:
    return char.isspace() or bidi_class(char) in _L1_RESET


def line_runs(text: str, levels: Sequence[int], base: int, start: int, end: int) -> list[Run]:
    """Runs of ``text[start:end]`` (one wrapped line) in visual order, left to right.
    L1 puts trailing whitespace and controls (and those before a tab) at the paragraph level;
    L2 reverses runs from the highest level down to the lowest odd one."""
    lv = list(levels[start:end])
    k = len(lv) - 1
    while k >= 0 and _resets(text[start + k]):
        lv[k] = base
        k -= 1
    for k in (m.start() - start for m in _SEGMENT_SEPARATOR.finditer(text, start, end)):
        while k >= 0 and _resets(text[start + k]):
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
