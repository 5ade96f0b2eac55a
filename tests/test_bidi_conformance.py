"""Unicode's own conformance suite for :mod:`takatof.render.bidi` (UAX #9, Unicode 15.0).

Both files Unicode publishes for the algorithm run here, every case, vendored compressed under
``tests/data/unicode/`` (see the README there for their origin and licence):

- ``BidiTest.txt``: sequences of bidi classes, each under one to three paragraph directions
  (auto, LTR, RTL). A class becomes a representative character (never ``#`` or ``@``, never a
  bracket: the file assumes none).
- ``BidiCharacterTest.txt``: real code points, with brackets (rule N0) and canonical
  equivalents. A case holding a character that Python's ``unicodedata`` (Unicode 14.0) does
  not have assigned is skipped and counted (there are none in the 15.0 file).

What is compared: the level of every character not removed by X9 after L1 (the whole text
is one line) and the visual order from L2, and for BidiCharacterTest the paragraph level.

Allowed differences: the engine departs from UAX #9 on purpose in three places, documented
in ``app/render/bidi.py`` and the README ("Arabic and English text"). A case may differ from
Unicode's expectation only when it exercises one of them, and then it must pass with the
engine's ``standard=True`` mode, which turns the departures off; so every difference is shown
to come from a departure and from nothing else:

1. ``override``: the text holds LRO (U+202D) or RLO (U+202E). Takatof reads them as LRE/RLE
   (no letter is ever forced to draw backwards: the U+202E spoofing trick, and raqm would
   reorder each run again anyway).
2. ``tag``: the text holds a hashtag or @mention (``isolate_spans``), which Takatof wraps in
   a virtual FSI ... PDI so its sigil stays on its word's side.
3. ``fallback``: auto direction, and no strong letter outside isolates, but one inside: Takatof
   then takes the first letter's direction where UAX #9 says left-to-right (an Arabic hashtag
   alone reads right-to-left).

Speed: the whole of both files (about 862k cases) takes about 25 s on one core.
"""

from __future__ import annotations

import lzma
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from takatof.render import bidi

DATA = Path(__file__).parent / "data" / "unicode"
BIDI_TEST = DATA / "BidiTest-15.0.0.txt.xz"
CHARACTER_TEST = DATA / "BidiCharacterTest-15.0.0.txt.xz"
BRACKETS = DATA / "BidiBrackets-15.0.0.txt"

# One character for each Bidi_Class, for BidiTest.txt's class sequences.
CLASS_CHAR = {
    "L": "a",
    "R": "\u05d0",
    "AL": "\u0627",
    "EN": "0",
    "ES": "+",
    "ET": "%",
    "AN": "\u0660",
    "CS": ",",
    "NSM": "\u0300",
    "BN": "\u00ad",
    "B": "\u2029",
    "S": "\t",
    "WS": " ",
    "ON": "!",
    "LRE": "\u202a",
    "RLE": "\u202b",
    "PDF": "\u202c",
    "LRO": "\u202d",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "RLI": "\u2067",
    "FSI": "\u2068",
    "PDI": "\u2069",
}
# X9: no level ('x' in the files).
REMOVED = frozenset({"LRE", "RLE", "PDF", "LRO", "RLO", "BN"})
OVERRIDES = frozenset("\u202d\u202e")


@dataclass
class Tally:
    """Cases per outcome: passed, allowed (a documented departure, passing in standard mode),
    skipped (a character unknown to Python's Unicode 14.0) and failed (with a few examples)."""

    passed: int = 0
    allowed: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    failed: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.passed + sum(self.allowed.values()) + self.failed

    def fail(self, example: str) -> None:
        self.failed += 1
        if len(self.examples) < 10:
            self.examples.append(example)


def outcome(
    engine: ModuleType, text: str, direction: int | None, standard: bool
) -> tuple[int, list[int | None], list[int]]:
    """Paragraph level, levels (None where X9 removes the character) and visual order of
    ``text`` as one line, the way the text engine computes them."""
    kwargs = {"standard": True} if standard else {}
    base = engine.paragraph_level(text, **kwargs) if direction is None else direction
    levels = engine.resolve_levels(text, base, **kwargs)
    runs = engine.line_runs(text, levels, base, 0, len(text))
    removed = [unicodedata.bidirectional(c) in REMOVED for c in text]
    out: list[int | None] = [None] * len(text)
    order: list[int] = []
    for run in runs:
        indices = range(run.start, run.end)
        for i in indices:
            if not removed[i]:
                out[i] = run.level
        order.extend(i for i in (reversed(indices) if run.rtl else indices) if not removed[i])
    return base, out, order


def departures(engine: ModuleType, text: str, direction: int | None) -> list[str]:
    """The documented departures ``text`` exercises (see the module notes)."""
    found = []
    if OVERRIDES.intersection(text):
        found.append("override")
    if ("#" in text or "@" in text) and engine.isolate_spans(text):
        found.append("tag")
    if direction is None and engine.paragraph_level(text) != engine.paragraph_level(text, standard=True):
        found.append("fallback")
    return found


def check(
    engine: ModuleType,
    tally: Tally,
    text: str,
    direction: int | None,
    expected: tuple[int | None, list[int | None], list[int]],
    strict: bool,
) -> None:
    """Count one case. Without ``strict`` (the engine before this suite), only pass/fail."""
    para, levels, order = expected

    def matches(standard: bool) -> bool:
        got_para, got_levels, got_order = outcome(engine, text, direction, standard)
        return (para is None or got_para == para) and got_levels == levels and got_order == order

    if matches(False):
        tally.passed += 1
        return
    reasons = departures(engine, text, direction) if strict else []
    if reasons and matches(True):
        tally.allowed["+".join(reasons)] += 1
    else:
        shown = " ".join(f"{ord(c):04X}" for c in text)
        tally.fail(
            f"{shown}; dir={direction}; want {levels} {order}; got {outcome(engine, text, direction, False)}"
        )


def _levels(field_: str) -> list[int | None]:
    return [None if x == "x" else int(x) for x in field_.split()]


def bidi_test_cases(
    every: int = 1,
) -> Iterator[tuple[str, int | None, tuple[None, list[int | None], list[int]]]]:
    """(text, direction, expected) of BidiTest.txt; with ``every`` > 1, each every-th data line."""
    levels: list[int | None] = []
    order: list[int] = []
    line_no = 0
    with lzma.open(BIDI_TEST, "rt", encoding="utf-8") as lines:
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("@Levels:"):
                levels = _levels(line[8:])
            elif line.startswith("@Reorder:"):
                order = [int(x) for x in line[9:].split()]
            elif not line.startswith("@"):
                line_no += 1
                if line_no % every:
                    continue
                classes, bits = line.split(";")
                text = "".join(CLASS_CHAR[c] for c in classes.split())
                for bit, direction in ((1, None), (2, 0), (4, 1)):
                    if int(bits, 16) & bit:
                        yield text, direction, (None, levels, order)


def character_test_cases() -> Iterator[tuple[str, int | None, tuple[int, list[int | None], list[int]]]]:
    """(text, direction, expected) of BidiCharacterTest.txt."""
    with lzma.open(CHARACTER_TEST, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            codes, direction, para, levels, order = line.rstrip("\n").split(";")
            text = "".join(chr(int(c, 16)) for c in codes.split())
            yield (
                text,
                None if direction == "2" else int(direction),
                (int(para), _levels(levels), [int(x) for x in order.split()]),
            )


def run_file(engine: ModuleType, cases: Iterator, strict: bool = True, code_points: bool = True) -> Tally:
    """Count every case; with ``code_points`` (BidiCharacterTest), skip those holding a
    character unassigned in Python's Unicode version (its class there would be a guess)."""
    tally = Tally()
    for text, direction, expected in cases:
        if code_points and any(unicodedata.category(c) == "Cn" for c in text):
            tally.skipped += 1
            continue
        check(engine, tally, text, direction, expected, strict)
    return tally


def report(name: str, tally: Tally) -> str:
    return (
        f"{name}: {tally.passed}/{tally.total} pass ({100 * tally.passed / tally.total:.2f}%), "
        f"allowed {dict(tally.allowed)}, skipped {tally.skipped}, failed {tally.failed}"
    )


@pytest.mark.parametrize("name", ["BidiTest", "BidiCharacterTest"])
def test_conformance(name: str) -> None:
    cases = bidi_test_cases() if name == "BidiTest" else character_test_cases()
    tally = run_file(bidi, cases, code_points=name != "BidiTest")
    print(report(name, tally))
    assert tally.failed == 0, "\n".join([report(name, tally), *tally.examples])
    assert tally.total > (700_000 if name == "BidiTest" else 90_000)  # the whole file ran


def test_bracket_table_is_bidi_brackets_txt() -> None:
    """The engine's generated bracket table holds exactly the pairs of BidiBrackets.txt."""
    opening: dict[str, str] = {}
    closing: set[str] = set()
    for line in BRACKETS.read_text(encoding="utf-8").splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        char, pair, kind = (
            chr(int(x.strip(), 16)) if len(x.strip()) > 1 else x.strip() for x in data.split(";")
        )
        assert bidi.bidi_class(char) == "ON"
        if kind == "o":
            opening[char] = pair
        else:
            assert kind == "c"
            closing.add(char)
    assert len(opening) == len(closing) == 64
    assert opening == bidi.OPENING_BRACKETS
    assert closing == bidi.CLOSING_BRACKETS


def test_l1_separator_set_is_bidi_classes_s_and_b() -> None:
    """L1's fast separator pattern holds exactly the characters of Bidi_Class S and B."""
    import sys

    expected = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.bidirectional(chr(c)) in ("S", "B")}
    found = {chr(c) for c in range(0x3000) if bidi.L1_SEPARATORS.fullmatch(chr(c))}
    assert found == expected
    assert len(expected) == 10
