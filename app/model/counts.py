"""A goal's interaction counts, read from the platforms' own insights exports.

A click-funding goal ("250,000 interactions across Facebook, X and Instagram") changes every
day; the producer downloads each platform's post export and the goal's ``counts`` lists those
files. Their sum is the goal's current value, so a daily re-render is one command.

Each export names its numbers its own way, so the columns are recognised by name:

- a total of interactions per row, where the platform writes one: X's post and tweet-activity
  exports ("Engagements"), Meta Business Suite's Facebook export ("Reactions, comments and
  shares"), Instagram's API-based exports ("Total interactions"), or a plain "Interactions"
  column a producer writes by hand;
- otherwise the interactions it counts one by one, summed: Instagram's Meta Business Suite
  export (Likes, Comments, Shares, Saves), X's (Likes, Replies, Reposts, Bookmarks).

A total is never added to its parts (that would count each interaction twice), and rates,
impressions, reach and views are not interactions. The files are read with the ``csv`` module
as spreadsheets write them: any BOM (UTF-8 or UTF-16), comma, semicolon or tab, quoted numbers
with thousands separators ("1,234", "1.234", "1 234", "١٬٢٣٤"), Arabic-Indic and Extended
Arabic-Indic digits, empty cells (no interactions), and the description row under the header
that older Facebook Insights exports carry. Anything else is a problem at ``goal.counts[i]``
naming the file, the row and the column, and what to do.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .campaign import Campaign, goal_start_problem
from .problems import Problem

MAX_COUNTS_BYTES = 50 * 2**20
"""A year of daily post exports is a few MB; a file larger than this is not an export."""

MAX_TOTAL = 10**12
"""As the goal's own bound (campaign.MAX_COUNT): a sum beyond it is not a real count."""

# Normalised header -> what it is. A total column is taken alone; part columns are summed.
TOTALS = ("engagements", "total interactions", "interactions", "reactions, comments and shares", "engagement")
PARTS = (
    "likes",
    "reactions",
    "comments",
    "replies",
    "shares",
    "share",
    "reposts",
    "retweets",
    "quotes",
    "saves",
    "saved",
    "bookmarks",
)
_TOTAL_SKIP_WORDS = ("total", "totals", "grand total", "المجموع", "الإجمالي")

_SEPARATORS = ",.\u00a0\u202f\u2009 '\u066c\u060c"  # comma, dot, spaces, apostrophe, Arabic separators
_GROUPED = re.compile(r"^\d{1,3}(?:[" + re.escape(_SEPARATORS) + r"]\d{3})+$|^\d{1,2}(?:,\d{2})+,\d{3}$")


class CountsError(ValueError):
    """A counts file that cannot be summed; the message names the row and column and the fix."""


@dataclass(frozen=True)
class Counted:
    """What one export gave: its sum, and the columns that made it (shown by ``validate``)."""

    total: int
    columns: tuple[str, ...]
    rows: int


def normalise_header(name: str) -> str:
    """A header as the tables above spell it: case, spacing and a unit in brackets do not
    matter ("Likes ", "LIKES", "Engagements (total)" read as likes, engagements)."""
    name = unicodedata.normalize("NFKC", name).strip().strip("\ufeff").casefold()
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    return re.sub(r"\s+", " ", name)


def parse_count(cell: str) -> int | None:
    """A whole count as an export writes it, or None for an empty cell (nothing counted).
    Raises ValueError, saying why, for anything that is not a whole number of interactions."""
    text = unicodedata.normalize("NFKC", cell).strip().strip("\u200e\u200f\u061c")
    # NFKC leaves Arabic-Indic digits as they are; int() reads them, the pattern needs ASCII.
    text = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)
    if text in ("", "-", "—", "–"):
        return None
    if text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"\D", "", text))
    if text.startswith("-") and text[1:].replace(",", "").isdigit():
        raise ValueError(f"{cell!r} is negative; interactions are counted from 0")
    raise ValueError(f"{cell!r} is not a whole number")


def _decode(raw: bytes) -> str:
    """The text of an export: UTF-16 when it starts with its BOM (Excel's "Unicode text"),
    else UTF-8 (with or without a BOM), else Windows-1252 as older Excel writes."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


SEPARATORS = (",", ";", "\t")
_SAMPLE_ROWS = 20  # enough rows to see which separator keeps every row as wide as its header


def _dialect(sep: str) -> type[csv.Dialect]:
    class _Export(csv.excel):
        delimiter = sep

    return _Export


def _rows(text: str, sep: str, limit: int | None = None) -> list[list[str]]:
    """The non-empty rows of ``text`` split at ``sep`` (the first ``limit`` of them)."""
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(sep))
    rows: list[list[str]] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
    return rows


def separator(text: str) -> str:
    """The separator an export is written with. Counting each character in the first line is
    not enough: a header name may hold a comma ("Reactions, comments and shares", Facebook's)
    in a file separated by ';' or tabs. So each separator is tried on the first rows, and the
    one is taken whose header names a column of interactions, then the one that keeps the most
    rows as wide as the header, then the one the first line has most of (a comma on a tie)."""
    first = text.split("\n", 1)[0]

    def score(sep: str) -> tuple[bool, int, int, int]:
        rows = _rows(text, sep, _SAMPLE_ROWS)
        if not rows:
            return (False, 0, 0, -SEPARATORS.index(sep))
        header = [normalise_header(cell) for cell in rows[0]]
        even = sum(len(row) == len(rows[0]) for row in rows[1:])
        return (bool(_columns(header)), even, first.count(sep), -SEPARATORS.index(sep))

    return max(SEPARATORS, key=score)


def read_counts(text: str) -> Counted:
    """The interactions an export's rows add up to. Raises :class:`CountsError`."""
    text = text.replace("\x00", "")
    try:
        rows = _rows(text, separator(text))
    except csv.Error as exc:  # a quoted cell longer than the csv module takes
        raise CountsError(
            f"it cannot be read as a CSV file ({exc}); export the posts' insights again"
        ) from None
    if not rows:
        raise CountsError("the file is empty; export the posts' insights again (CSV)")
    header = [normalise_header(cell) for cell in rows[0]]
    columns = _columns(header)
    if not columns:
        raise CountsError(
            "no column of interactions in its first row (found: "
            f"{', '.join(repr(c) for c in rows[0][:12]) or 'nothing'}); export the posts' insights "
            "as the platform gives them, or add a column named 'Interactions'"
        )
    total, counted = 0, 0
    for number, row in enumerate(rows[1:], start=2):
        if _is_total_row(row):
            continue
        cells = [(i, row[i] if i < len(row) else "") for i in columns]
        try:
            values = [parse_count(cell) for _, cell in cells]
        except ValueError as exc:
            if number == 2 and all(_is_words(cell) for _, cell in cells):
                continue  # the description row under the header of older Facebook exports
            column = next(rows[0][i] for i, cell in cells if _fails(cell))
            raise CountsError(
                f"row {number}, column {column.strip()!r}: {exc}; write the count in digits"
            ) from None
        total += sum(v for v in values if v is not None)
        counted += 1
        if total > MAX_TOTAL:
            raise CountsError(
                f"row {number}: the counts add up to more than {MAX_TOTAL:,}; is this the right file?"
            )
    return Counted(total, tuple(rows[0][i].strip() for i in columns), counted)


def _columns(header: Sequence[str]) -> list[int]:
    """The indices of the interaction columns: the first total the export has, else its parts."""
    for name in TOTALS:
        if name in header:
            return [header.index(name)]
    return [i for i, name in enumerate(header) if name in PARTS]


def _is_total_row(row: Sequence[str]) -> bool:
    first = next((cell for cell in row if cell.strip()), "")
    return normalise_header(first) in _TOTAL_SKIP_WORDS


def _is_words(cell: str) -> bool:
    return any(ch.isalpha() for ch in cell)


def _fails(cell: str) -> bool:
    try:
        parse_count(cell)
    except ValueError:
        return True
    return False


def read_counts_file(path: Path) -> Counted:
    """:func:`read_counts` of a file on disk. Raises :class:`CountsError` (OSError included)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_COUNTS_BYTES + 1)
    except OSError as exc:
        raise CountsError(f"cannot read it: {exc.strerror or exc}") from None
    if len(raw) > MAX_COUNTS_BYTES:
        raise CountsError(
            f"it is larger than {MAX_COUNTS_BYTES // 2**20} MB, more than any export; is it the right file?"
        )
    return read_counts(_decode(raw))


def sum_counts(written: Sequence[str], resolve: Callable[[str], Path]) -> tuple[int | None, list[Problem]]:
    """The sum of every counts file (as written in ``goal.counts``), or None with a problem
    at each file that cannot be summed. A file that is not there is left to the media check
    (it reports it at the same path), and then no sum is made."""
    total, problems, missing = 0, [], False
    for i, rel in enumerate(written):
        path = resolve(rel)
        if not path.is_file():
            missing = True
            continue
        try:
            total += read_counts_file(path).total
        except CountsError as exc:
            problems.append(Problem(f"goal.counts[{i}]", f"{rel}: {exc}"))
    if total > MAX_TOTAL:
        problems.append(Problem("goal.counts", f"the files add up to more than {MAX_TOTAL:,}; check them"))
    return (None if problems or missing else total), problems


def apply_counts(campaign: Campaign, resolve: Callable[[str], Path]) -> tuple[Campaign, list[Problem]]:
    """``campaign`` with its goal's current value the sum of its counts files, when it lists
    any and they all sum; and the problems of those that do not. Applied when a project is
    loaded, so every output (the static goal card, the animated one, the Studio) sees it."""
    goal = campaign.goal
    if goal is None or not goal.counts:
        return campaign, []
    total, problems = sum_counts(goal.counts, resolve)
    if total is None:
        return campaign, problems
    if total != goal.current:
        campaign.goal = goal.model_copy(update={"current": total})
    if goal.start > total:  # the model could not tell: the sum was not known then
        problems.append(Problem("goal.start", goal_start_problem(goal.start, total, summed=True)))
    return campaign, problems
