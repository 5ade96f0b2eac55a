"""Bidirectional levels and visual run order (the Unicode Bidirectional Algorithm, UAX #9).

Why our own: raqm runs FriBiDi over the text it is given, but per-run font fallback means a
line is shaped as several runs (Arabic face, Latin face), so the order of those runs has to be
known first. This module implements UAX #9 up to L2: P2/P3 paragraph direction, the explicit rules
X1-X10 (embeddings, isolates, isolating run sequences; a paragraph separator ends them all,
X8), W1-W7, N0 (paired brackets, BD14-BD16: in an Arabic line, "Instagram (Cairo Runners)"
keeps its closing bracket with the name, not with the Arabic word after it), N1-N2, I1-I2, L1
(by Bidi_Class: a no-break space is no whitespace there) and L2 run reordering. Glyph
mirroring (L4) is raqm's. Unicode's conformance files (BidiTest.txt, BidiCharacterTest.txt) run in the tests:
every case passes except those that exercise a departure below, and those pass with
``standard=True``, which turns the departures off (for that comparison only).

Three deliberate departures, all for text written by campaign teams:

- Hashtags and @mentions are *isolates* (as if wrapped in FSI...PDI), so ``#التكاتف_قوّة``
  keeps its ``#`` on the right even inside an English line, and ``#CommunityStoriesMENA`` keeps
  it on the left inside an Arabic line.
- A paragraph with no strong letter outside its isolates (only hashtags, or only fields the
  templates isolated) takes the direction of its first letter instead of defaulting to
  left-to-right (P3).
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
# L1: what goes back to the paragraph level at the end of a line and before a segment or
# paragraph separator. By Bidi_Class, not str.isspace(): a no-break space (U+00A0, U+202F) is
# CS and keeps its level, as a word joiner between two words of a right-to-left run must.
_L1_RESET = frozenset({"WS", "S", "B"}) | EXPLICIT | {"BN"}
# The characters of Bidi_Class S (segment separators) and B (paragraph separators), after which
# L1 resets (a regex is much faster than a class look-up per character; the tests check the set).
L1_SEPARATORS = re.compile("[\t\x0b\x1f\n\r\x1c-\x1e\x85\u2029]")
MAX_DEPTH = 125
# BD16: at most 63 open brackets are tracked in an isolating run sequence.
_MAX_BRACKET_DEPTH = 63
# Hashtags and mentions: one word after # or @, without trailing punctuation or controls.
_TAG = re.compile("[#@][^\\s#@\u202a-\u202e\u2066-\u2069]+")
_TRAILING = ".,،؛;:!?؟)]}»\"'"

# BD14/BD15: Bidi_Paired_Bracket of every opening paired bracket (Bidi_Paired_Bracket_Type
# Open), generated from BidiBrackets-15.0.0.txt of the Unicode Character Database (Python's
# unicodedata has no such property). tests/test_bidi_conformance.py checks it against the file.
_BRACKET_PAIRS = (
    "0028:0029 005B:005D 007B:007D 0F3A:0F3B 0F3C:0F3D 169B:169C 2045:2046 207D:207E "
    "208D:208E 2308:2309 230A:230B 2329:232A 2768:2769 276A:276B 276C:276D 276E:276F "
    "2770:2771 2772:2773 2774:2775 27C5:27C6 27E6:27E7 27E8:27E9 27EA:27EB 27EC:27ED "
    "27EE:27EF 2983:2984 2985:2986 2987:2988 2989:298A 298B:298C 298D:2990 298F:298E "
    "2991:2992 2993:2994 2995:2996 2997:2998 29D8:29D9 29DA:29DB 29FC:29FD 2E22:2E23 "
    "2E24:2E25 2E26:2E27 2E28:2E29 2E55:2E56 2E57:2E58 2E59:2E5A 2E5B:2E5C 3008:3009 "
    "300A:300B 300C:300D 300E:300F 3010:3011 3014:3015 3016:3017 3018:3019 301A:301B "
    "FE59:FE5A FE5B:FE5C FE5D:FE5E FF08:FF09 FF3B:FF3D FF5B:FF5D FF5F:FF60 FF62:FF63 "
)
OPENING_BRACKETS: dict[str, str] = {
    chr(int(o, 16)): chr(int(c, 16)) for o, c in (pair.split(":") for pair in _BRACKET_PAIRS.split())
}
CLOSING_BRACKETS = frozenset(OPENING_BRACKETS.values())
# BD16 compares brackets under canonical equivalence: U+2329/U+232A decompose to U+3008/U+3009.
_CANONICAL_BRACKET = {"\u2329": "\u3008", "\u232a": "\u3009"}


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


def _units(text: str, tags: bool = True) -> tuple[list[str], list[int | None]]:
    """Bidi classes of ``text`` with a virtual FSI before and PDI after each hashtag or
    mention (unless ``tags`` is false), and for each unit the index of its character (None
    for the virtual ones)."""
    spans = isolate_spans(text) if tags and ("#" in text or "@" in text) else []
    if not spans:  # the common case, kept fast
        return [bidi_class(c) for c in text], list(range(len(text)))
    types: list[str] = []
    owner: list[int | None] = []
    pos = 0
    for start, end in [*spans, (len(text), len(text))]:
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
    """BD9: the index of the PDI that closes each isolate initiator that is closed (in the
    same paragraph: a paragraph separator closes nothing and ends every isolate)."""
    match: dict[int, int] = {}
    open_: list[int] = []
    for i, kind in enumerate(types):
        if kind in _ISOLATE_INITIATORS:
            open_.append(i)
        elif kind == "PDI" and open_:
            match[open_.pop()] = i
        elif kind == "B":
            open_.clear()
    return match


def _first_strong_of(types: Sequence[str], start: int = 0, end: int | None = None) -> int | None:
    """P2 over ``types[start:end]`` up to the end of the paragraph: the first L, R or AL,
    skipping what lies between an isolate initiator and its matching PDI (to the end, when it
    has none)."""
    end = len(types) if end is None else end
    depth = 0
    for kind in types[start:end]:
        if kind in _ISOLATE_INITIATORS:
            depth += 1
        elif kind == "PDI" and depth:
            depth -= 1
        elif kind == "B":
            break
        elif depth == 0 and kind in _STRONG:
            return _STRONG[kind]
    return None


def first_strong(text: str, *, standard: bool = False) -> int | None:
    """0 for left-to-right, 1 for right-to-left, None when ``text`` has no strong letter
    outside its isolates (hashtags, mentions and FSI/LRI/RLI ... PDI; with ``standard``,
    hashtags and mentions are not isolates)."""
    return _first_strong_of(_units(text, tags=not standard)[0])


def paragraph_level(text: str, *, standard: bool = False) -> int:
    """Rules P2/P3: the first strong character outside isolates decides; a text whose letters
    are all inside isolates (only hashtags, or fields the templates isolated) follows its first
    letter, so an Arabic hashtag alone, or an Arabic name joined to an Arabic group, reads
    right-to-left. ``standard``: UAX #9 exactly (hashtags are not isolates, and no strong
    letter outside isolates means left-to-right), for the conformance tests."""
    level = first_strong(text, standard=standard)
    if level is None and not standard:
        level = next((_STRONG[k] for k in map(bidi_class, text) if k in _STRONG), None)
    return level or 0


def _explicit_levels(types: list[str], base: int, pdis: dict[int, int], overrides: bool) -> list[int]:
    """X1-X8 over one paragraph: the embedding level of every unit from the explicit
    controls, with UAX #9's depth limit and overflow counting. Overrides are read as
    embeddings (see the module notes) unless ``overrides`` is true; then, X6, the classes in
    ``types`` of what they cover become L or R in place."""
    levels = [base] * len(types)
    # (level, opened by an isolate initiator, override class or None)
    stack: list[tuple[int, bool, str | None]] = [(base, False, None)]
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i, kind in enumerate(types):
        top, _, forced = stack[-1]
        if kind in _EMBEDDING_INITIATORS or kind in _ISOLATE_INITIATORS:
            isolate = kind in _ISOLATE_INITIATORS
            levels[i] = top
            if isolate and forced:
                types[i] = forced
            if kind == "FSI":
                rtl = _first_strong_of(types, i + 1, pdis.get(i, len(types))) == 1
            else:
                rtl = kind[0] == "R"
            new = (top + 1) | 1 if rtl else (top + 2) & ~1
            override = ("R" if rtl else "L") if overrides and kind in ("LRO", "RLO") else None
            if new <= MAX_DEPTH and overflow_isolates == 0 and overflow_embeddings == 0:
                valid_isolates += isolate
                stack.append((new, isolate, override))
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
            levels[i], _, forced = stack[-1]
            if forced:
                types[i] = forced  # X6: the PDI takes the override of what it returns to
        elif kind == "PDF":
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][1] and len(stack) > 1:
                stack.pop()
            levels[i] = stack[-1][0]
        elif kind == "B":
            levels[i] = base  # X8: the separator itself is at the paragraph level
        else:
            levels[i] = top
            if forced and kind != "BN":
                types[i] = forced
    return levels


def _run_sequences(
    types: Sequence[str], levels: Sequence[int], pdis: dict[int, int], kept: Sequence[int]
) -> list[list[int]]:
    """X10 / BD13: isolating run sequences, as lists of unit indices (``kept``: those X9
    does not remove). A level run ending in an isolate initiator continues after its
    matching PDI."""
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


def _strong(kind: str) -> str:
    """The direction a resolved class counts as in N0-N2: numbers count as R."""
    return "R" if kind in ("R", "EN", "AN") else kind


def bracket_pairs(chars: Sequence[str | None], types: Sequence[str]) -> list[tuple[int, int]]:
    """BD16: (opening, closing) positions of the paired brackets of one isolating run
    sequence, sorted by the opening one. Only brackets whose current class is ON count (an
    overridden bracket is a letter); 63 open brackets at once stop the search."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, char in enumerate(chars):
        if char is None or types[i] != "ON":
            continue
        if char in OPENING_BRACKETS:
            if len(stack) == _MAX_BRACKET_DEPTH:
                break
            closing = OPENING_BRACKETS[char]
            stack.append((_CANONICAL_BRACKET.get(closing, closing), i))
        elif char in CLOSING_BRACKETS:
            wanted = _CANONICAL_BRACKET.get(char, char)
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == wanted:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _resolve_brackets(
    t: list[str], chars: Sequence[str | None], before_w1: Sequence[str], level: int, sos: str
) -> None:
    """N0: each bracket pair, in the order of its opening bracket, takes the embedding
    direction when a strong letter (or number) of that direction lies inside it; else the
    other direction when one lies inside and the context before the pair has it too; else the
    embedding direction when only the other lies inside. Non-spacing marks that followed a
    bracket (before W1) follow its new class."""
    embedding = "R" if level % 2 else "L"
    for open_, close in bracket_pairs(chars, t):
        inside = {_strong(x) for x in t[open_ + 1 : close]} & {"L", "R"}
        if not inside:
            continue
        if embedding in inside:
            kind = embedding
        else:
            context = next((_strong(x) for x in reversed(t[:open_]) if _strong(x) in ("L", "R")), sos)
            kind = context  # the other direction when the context has it, else the embedding's
        for k in (open_, close):
            t[k] = kind
            k += 1
            while k < len(t) and before_w1[k] == "NSM":
                t[k] = kind
                k += 1


def _resolve_sequence(
    types: list[str], chars: Sequence[str | None], level: int, sos: str, eos: str
) -> list[int]:
    """Levels for one isolating run sequence of bidi classes (W1-W7, N0-N2, I1-I2);
    ``chars`` are its characters (None for a virtual isolate control), for N0."""
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
    # N0: paired brackets.
    if any(c in OPENING_BRACKETS for c in chars if c is not None):
        _resolve_brackets(t, chars, types, level, sos)
    # N1/N2: a run of neutrals between two of the same direction takes it; else the
    # embedding direction.
    i = 0
    while i < n:
        if t[i] in _NEUTRAL:
            j = i
            while j < n and t[j] in _NEUTRAL:
                j += 1
            before = _strong(t[i - 1]) if i else sos
            after = _strong(t[j]) if j < n else eos
            fill = before if before == after else ("R" if level % 2 else "L")
            t[i:j] = [fill] * (j - i)
            i = j
        else:
            i += 1
    # I1/I2: implicit levels.
    if level % 2 == 0:
        return [level + {"L": 0, "R": 1}.get(x, 2) for x in t]
    return [level + (0 if x == "R" else 1) for x in t]


def _paragraph_levels(
    types: list[str], chars: Sequence[str | None], base: int, overrides: bool
) -> list[int | None]:
    """Resolved levels of one paragraph's units (None for those X9 removes)."""
    pdis = _matching_pdis(types)
    levels = _explicit_levels(types, base, pdis, overrides)
    resolved: list[int | None] = [None] * len(types)
    kept = [i for i, kind in enumerate(types) if kind not in _REMOVED]
    # X10: sos and eos compare with the levels of the neighbours X9 leaves (else the base).
    kept_levels = [base, *(levels[i] for i in kept), base]
    rank = {i: r for r, i in enumerate(kept, 1)}
    for sequence in _run_sequences(types, levels, pdis, kept):
        first, last = sequence[0], sequence[-1]
        level = levels[first]
        before = kept_levels[rank[first] - 1]
        after = kept_levels[rank[last] + 1]
        if types[last] in _ISOLATE_INITIATORS and last not in pdis:
            after = base
        sos = "R" if max(level, before) % 2 else "L"
        eos = "R" if max(level, after) % 2 else "L"
        resolved_sequence = _resolve_sequence(
            [types[k] for k in sequence], [chars[k] for k in sequence], level, sos, eos
        )
        for k, lv in zip(sequence, resolved_sequence, strict=True):
            resolved[k] = lv
    return resolved


def resolve_levels(text: str, base: int, *, standard: bool = False) -> list[int]:
    """The embedding level of every character of a text with base level 0 or 1.
    Explicit controls (and other X9-removed characters) get the level of the character
    before them, or after them at the start; they are not drawn. A paragraph separator (B:
    CR, LF, U+0085, U+2029) ends the paragraph: every embedding and isolate open before it is
    closed (X8), and what follows is resolved as a paragraph of its own with the same base.
    ``standard``: UAX #9 exactly (no hashtag isolates, overrides honoured), for the
    conformance tests."""
    types, owner = _units(text, tags=not standard)
    chars = [None if i is None else text[i] for i in owner]
    resolved: list[int | None] = []
    start = 0
    for end in [*(k + 1 for k, kind in enumerate(types) if kind == "B"), len(types)]:
        if end > start:
            resolved += _paragraph_levels(types[start:end], chars[start:end], base, standard)
        start = end
    levels = [lv for lv, i in zip(resolved, owner, strict=True) if i is not None]
    # X9-removed characters: the level of the previous character (of the first one that has a
    # level, for those at the start).
    previous = next((lv for lv in levels if lv is not None), base)
    out: list[int] = []
    for own in levels:
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
    return bidi_class(char) in _L1_RESET


def line_runs(text: str, levels: Sequence[int], base: int, start: int, end: int) -> list[Run]:
    """Runs of ``text[start:end]`` (one wrapped line) in visual order, left to right.
    L1 puts trailing whitespace and controls, and segment and paragraph separators (a tab, a
    CR) with the whitespace and controls before them, at the paragraph level; L2 reverses runs
    from the highest level down to the lowest odd one."""
    lv = list(levels[start:end])
    ends = [m.end() - start for m in L1_SEPARATORS.finditer(text, start, end)]
    for last in {*ends, end - start}:
        k = last - 1
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
