"""Spreadsheets as a source of people and spotlights.

A support-local campaign features hundreds of small businesses kept in a spreadsheet, so
``people`` and ``spotlights`` may be ``{"from": "businesses.xlsx", "sheet": "Jordan"}`` instead
of a list. The sheet's header row names the fields by their path in the project file (``id``,
``name.ar``, ``makes.en``, ``mention``…); list fields (``media``, ``handles``, ``hashtags``)
take ``;``-separated values. Rows become the same plain objects a JSON list would hold, so the
one validation runs on both, and every problem found in a row is reported where the producer
fixes it: ``businesses.csv row 17, column mention: '@ab cd' is not an @handle`` (rows counted
as the spreadsheet shows them: the header is row 1).

CSV is read as Excel writes it: UTF-8 with or without a byte-order mark, comma- or
semicolon-separated. XLSX goes through openpyxl (read-only, the values saved with formulas),
after a pass of its own over the zip that refuses what openpyxl would trust: a file that
unzips to more than :data:`MAX_UNCOMPRESSED` bytes, XML declaring entities, merged cells and
formulas without a saved value. A cell's type is read per column, from the model: a date in a
text column is written out in that column's language, elsewhere it is refused with its row
and column (:func:`cell_value`). A cell that shows nothing is an empty cell; in a required
field it is reported as holding only spaces or invisible characters, not as "missing".

One pass finds every problem: a merged range or an unsaved formula is a fault of its cells,
not of the sheet, so it is reported at its first cell and every other cell and row is still
read and checked. Each refused cell is kept out of its row and reported once; the row still
loads, so its other cells are checked too, and the sheet never counts as empty because of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import types
import typing
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from .campaign import MAX_PEOPLE, MAX_SPOTLIGHTS, is_blank
from .languages import DEFAULT_LANGUAGES, language, name_of
from .languages import problem as language_problem
from .numbers import format_date_value
from .problems import Problem, codepoints, control_message, shorten

SECTIONS = ("people", "spotlights")
LIMITS = {"people": MAX_PEOPLE, "spotlights": MAX_SPOTLIGHTS}
"""The most items of each section a campaign takes; a sheet's rows past it are not read."""
MAX_ROWS = 5000
MAX_BYTES = 32 * 2**20
# A field path; a text's language may carry BCP-47 subtags (``name.en-IN``, ``name.zh-Hant``).
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9]{2,8})*)*$")


@dataclass(frozen=True)
class Cell:
    """Where a value came from: the file as written in the project, its row, its column."""

    source: str
    row: int
    column: str


@dataclass
class Origins:
    """For each item read from a sheet (``people[16]``), where each of its fields came from,
    so a problem at ``people[16].mention`` is told as that file's row and column."""

    rows: dict[str, tuple[str, int]] = field(default_factory=dict)  # "people[16]" -> (file, row)
    columns: dict[str, Cell] = field(default_factory=dict)  # "people[16].name.ar" -> cell
    refused: set[str] = field(default_factory=set)
    """Fields whose cell was refused (a date in an id column, a merged or unsaved-formula
    cell, spaces in a required field), and sections whose sheet could not be read at all:
    reported once, by the sheet reader, so validation's "missing" or "should have at least
    1 item" at the same place is left out."""

    def already_reported(self, problem: Problem) -> bool:
        """Whether ``problem`` is at (or inside) a field whose cell was refused."""
        return any(
            problem.path == path or problem.path.startswith((path + ".", path + "[")) for path in self.refused
        )

    def locate(self, problem: Problem) -> Problem:
        """The problem told in spreadsheet terms when its path points into a sheet's row."""
        path = problem.path
        best = max(
            (p for p in self.columns if path == p or path.startswith(p + ".") or path.startswith(p + "[")),
            key=len,
            default=None,
        )
        if best is not None:
            cell = self.columns[best]
            return Problem(f"{cell.source} row {cell.row}, column {cell.column}", problem.message)
        item = max(
            (p for p in self.rows if path == p or path.startswith(p + ".") or path.startswith(p + "[")),
            key=len,
            default=None,
        )
        if item is not None:
            source, row = self.rows[item]
            rest = path[len(item) :].lstrip(".")
            where = f"{source} row {row}" + (f", column {rest}" if rest else "")
            return Problem(where, problem.message)
        return problem


def is_sheet_source(value: Any) -> TypeGuard[dict[str, Any]]:
    """``{"from": FILE, ...}`` where a list of people or spotlights would be."""
    return isinstance(value, dict) and "from" in value


def expand(data: dict[str, Any], root: Path) -> tuple[dict[str, Any], Origins, list[Problem]]:
    """``data`` with every sheet source replaced by the rows it holds, where each row came
    from, and the problems of reading the sheets themselves (file missing, a bad header…).
    Paths in the sheets (media) stay relative to the project file, as in the JSON."""
    origins = Origins()
    problems: list[Problem] = []
    out = dict(data)
    style = Style.of(data)
    for section in SECTIONS:
        value = data.get(section)
        if not is_sheet_source(value):
            continue
        rows, more = read_source(value, root, section, style)
        problems += more
        if more and not rows:
            # The sheet's own problem is reported; the section is not also "empty".
            origins.refused.add(section)
        items = []
        for index, (row_number, item, columns) in enumerate(rows):
            key = f"{section}[{index}]"
            origins.rows[key] = (str(value.get("from")), row_number)
            for path, column in columns.items():
                origins.columns[f"{key}.{path}"] = Cell(str(value.get("from")), row_number, column)
            for path in _take_refused(item):
                origins.refused.add(f"{key}.{path}")
            items.append(item)
        out[section] = items
    return out, origins, problems


def read_source(
    source: dict[str, Any], root: Path, section: str, style: Style | None = None
) -> tuple[list[tuple[int, dict[str, Any], dict[str, str]]], list[Problem]]:
    """The rows of one sheet source as (row number, item, {field path: column}), and the
    problems of the source itself (reported at ``section.from`` / ``section.sheet``, or at a
    cell's row and column). ``style`` is how the campaign writes dates in Arabic
    (:meth:`Style.of` its data)."""
    style = style or Style()
    unknown = sorted(set(source) - {"from", "sheet"})
    problems = [
        Problem(f"{section}.{key}", f"unknown key {key!r}; a sheet source has 'from' and 'sheet'")
        for key in unknown
    ]
    written = source.get("from")
    sheet = source.get("sheet")
    if not isinstance(written, str) or not written:
        return [], [
            *problems,
            Problem(f"{section}.from", "should be the spreadsheet's file name (CSV or XLSX)"),
        ]
    if sheet is not None and not isinstance(sheet, str):
        return [], [*problems, Problem(f"{section}.sheet", "should be the sheet's name in quotes")]
    path = (root / written).resolve()
    if not path.is_relative_to(root.resolve()):
        return [], [
            *problems,
            Problem(f"{section}.from", f"{written!r} is outside the project folder; move it inside"),
        ]
    if not path.is_file():
        return [], [
            *problems,
            Problem(f"{section}.from", f"file not found: {written!r} (looked for {str(path)!r})"),
        ]
    if path.stat().st_size > MAX_BYTES:
        return [], [
            *problems,
            Problem(f"{section}.from", f"{written!r} is larger than {MAX_BYTES // 2**20} MB"),
        ]
    suffix = path.suffix.lower()
    flagged: list[Flagged] = []
    try:
        if suffix in (".xlsx", ".xlsm"):
            table, flagged = _xlsx(path, sheet)
        elif suffix in (".csv", ".txt"):
            table = _csv(path)
        else:
            return [], [*problems, Problem(f"{section}.from", f"{written!r} is not a CSV or XLSX file")]
    except _SheetError as exc:
        where = f"{section}.sheet" if exc.sheet else f"{section}.from"
        return [], [*problems, Problem(where, f"{written}: {exc}")]
    rows, more = _rows(table, written, section, style, flagged, LIMITS.get(section, MAX_ROWS))
    return rows, problems + more


class _SheetError(ValueError):
    def __init__(self, message: str, sheet: bool = False) -> None:
        super().__init__(message)
        self.sheet = sheet


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    _refuse_binary(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _SheetError("not UTF-8 text; save it as 'CSV UTF-8' from Excel") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


_UTF16_32 = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def _refuse_binary(raw: bytes) -> None:
    """Refuse a CSV with a NUL byte, saying where it is. Text never holds one, so a NUL means
    the file is not a text export (a workbook or other binary file renamed .csv, or a damaged
    download); called "not UTF-8 text" it sent people hunting for an encoding setting. UTF-16
    and UTF-32 text are full of NULs and are told as what they are."""
    offset = raw.find(b"\0")
    if offset < 0:
        return
    head = raw[:4096]
    if raw.startswith(_UTF16_32) or head.count(0) * 4 >= len(head):
        raise _SheetError(
            "not UTF-8 text (it looks like UTF-16 or UTF-32); save it as 'CSV UTF-8' from Excel"
        )
    if raw.startswith(b"PK\x03\x04"):
        raise _SheetError(
            "is a zip file (an .xlsx workbook?) with a .csv name, not a text export; rename it to "
            ".xlsx, or save it again as 'CSV UTF-8'"
        )
    row, column = _csv_place(raw[:offset])
    raise _SheetError(
        f"holds a NUL byte (a zero byte) at row {row}, column {column} (byte {offset:,} of the "
        "file); a CSV export never holds one, so this is probably not a text export (a binary "
        "or damaged file). Export the sheet again as 'CSV UTF-8'"
    )


def _csv_place(before: bytes) -> tuple[int, str]:
    """The row (as a spreadsheet counts it) and column (by its header when it has one) where
    text ``before`` ends: where the next byte of the file falls."""
    text = before.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text + "\0", newline=""), delimiter=delimiter))
    except csv.Error:
        return text.count("\n") + 1, "?"
    if not rows:
        return 1, "A"
    index = len(rows[-1]) - 1
    header = rows[0] if len(rows) > 1 else []
    name = header[index].strip() if index < len(header) and header[index].strip() else ""
    return len(rows), shorten(name, 40) if name else _letter(index)


def _xlsx(path: Path, sheet: str | None) -> tuple[list[list[Any]], list[Flagged]]:
    """The cells of one sheet as openpyxl types them (text, numbers, dates, true/false), after
    :func:`_inspect_xlsx` has made sure the file is safe to hand to openpyxl, and the cells it
    cannot trust (merged ranges, formulas without a saved value). Those are returned, not
    raised: they are faults of a few cells, so every other cell and row is still read and
    checked in the same pass (:func:`_rows` reports them and keeps them out of their rows).
    Only the first :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns are read: a sheet
    can claim a million of each, and openpyxl fills a claimed row with empty cells."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency
        raise _SheetError("reading XLSX needs openpyxl: pip install openpyxl") from None
    inspected = _inspect_xlsx(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _SheetError(f"cannot be read as an XLSX workbook ({exc})") from None
    try:
        if sheet is None:
            if not book.worksheets:
                raise _SheetError("has no sheets")
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise _SheetError(f"has no sheet {sheet!r}; it has: {', '.join(book.sheetnames)}", sheet=True)
        member = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
        try:
            table = [
                list(row)
                for row in worksheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True)
            ]
        except Exception as exc:  # a damaged sheet part
            raise _SheetError(f"cannot be read as an XLSX workbook ({exc})") from None
        flagged = [_merged(ref) for ref in inspected.merged.get(member, [])[:MAX_CELL_PROBLEMS]]
        if member in inspected.formulas:
            flagged += _unsaved_formulas(path, worksheet.title, table)
        return table, flagged
    finally:
        book.close()


MAX_COLUMNS = 200
"""The most columns read from a sheet: a person or spotlight has a few dozen fields."""
MAX_UNCOMPRESSED = 128 * 2**20
"""The most bytes an XLSX may hold once unzipped (all its parts together). A sheet of
:data:`MAX_ROWS` rows of the longest stories is far below it; a zip bomb of 1 MB on disk
that unzips to gigabytes is refused before openpyxl opens it."""
MAX_CELL_PROBLEMS = 20
"""Formula and merged cells reported per sheet; the rest are the same mistake."""
_CHUNK = 2**20
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]{1,3}[0-9]{1,7}(?::[A-Za-z]{1,3}[0-9]{1,7})?)\""
)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


@dataclass
class _Inspected:
    """What the safety pass saw in an XLSX: merged ranges and whether formulas are present,
    per worksheet part."""

    merged: dict[str, list[str]] = field(default_factory=dict)
    formulas: set[str] = field(default_factory=set)


def _inspect_xlsx(path: Path) -> _Inspected:
    """Read every part of the XLSX once, in chunks, before openpyxl sees it, refusing:

    * a file that unzips to more than :data:`MAX_UNCOMPRESSED` bytes: first by the sizes the
      zip declares, then by counting what really comes out (a zip can lie about its sizes),
      so memory stays flat whatever the file claims;
    * XML that declares a DTD or entities. An XLSX never needs one; entities are how an XML
      file makes a parser read other files (external entities) or expand a few bytes into
      gigabytes ("billion laughs"). Refused unread rather than trusted to the parser.

    It also notes merged ranges and formulas, which :func:`_xlsx` reports by cell."""
    found = _Inspected()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _SheetError(f"cannot be read as an XLSX workbook ({exc}); save it again as .xlsx") from None
    with archive:
        infos = archive.infolist()
        declared = sum(info.file_size for info in infos)
        if declared > MAX_UNCOMPRESSED:
            raise _SheetError(_too_big(declared))
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
            tail = b""
            try:
                with archive.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED:
                            raise _SheetError(_too_big(total, lied=True))
                        if not xml:
                            continue
                        window = tail + chunk
                        if tail == b"" and window[:2] in (b"\xff\xfe", b"\xfe\xff"):
                            raise _SheetError(
                                f"its part {info.filename} is not UTF-8 XML; save the file again "
                                "from Excel or LibreOffice"
                            )
                        if _DTD.search(window):
                            raise _SheetError(
                                f"its part {info.filename} declares XML entities (a DTD), which "
                                "no spreadsheet needs and which can make a reader fetch files or "
                                "fill memory; it was not read. Save the sheet again from Excel or "
                                "LibreOffice"
                            )
                        if info.filename.startswith("xl/worksheets/"):
                            refs = found.merged.setdefault(info.filename, [])
                            for match in _MERGE.finditer(window):
                                ref = match.group(1).decode("ascii").upper()
                                # (a match in the overlap with the last chunk is seen twice)
                                if len(refs) < MAX_CELL_PROBLEMS and ref not in refs:
                                    refs.append(ref)
                            if _FORMULA.search(window):
                                found.formulas.add(info.filename)
                        tail = window[-256:]
            except _SheetError:
                raise
            except Exception as exc:  # a damaged or encrypted part: BadZipFile, zlib.error, EOFError...
                raise _SheetError(
                    f"cannot be read as an XLSX workbook ({exc}); save it again as .xlsx"
                ) from None
    return found


def _too_big(size: int, lied: bool = False) -> str:
    claim = "unzips to more than" if lied else f"unzips to {size / 2**20:,.0f} MB, more than"
    return (
        f"{claim} {MAX_UNCOMPRESSED // 2**20} MB, far more than any sheet of people or "
        "businesses needs (a damaged file or a zip bomb); it was not opened. Check it is the "
        "right file, or save the sheet again as .xlsx"
    )


@dataclass(frozen=True)
class Flagged:
    """Cells of an XLSX that cannot be read as values: a merged range (only its first cell
    holds the value; the others read as empty) or a formula whose result was never saved
    (it reads as empty). Rows are 1-based as the spreadsheet shows them, columns 0-based.
    The problem is told once, at the first cell; every cell of the range is kept out of its
    row, so it is not reported again as a required field "missing"."""

    row: int
    column: int
    last_row: int
    last_column: int
    message: str


def _merged(ref: str) -> Flagged:
    first, _, last = ref.partition(":")
    row, column = _cell_ref(first)
    last_row, last_column = _cell_ref(last or first)
    return Flagged(
        min(row, last_row),
        min(column, last_column),
        max(row, last_row),
        max(column, last_column),
        f"cells {ref} are merged; unmerge them (Home > Merge & Center > Unmerge Cells in Excel) "
        "and write the value in each row's own cell",
    )


def _cell_ref(ref: str) -> tuple[int, int]:
    """``"C5"`` -> (5, 2): the row as shown, the column 0-based."""
    letters = ref.rstrip("0123456789")
    column = 0
    for char in letters:
        column = column * 26 + ord(char) - 64
    return int(ref[len(letters) :]), column - 1


def _unsaved_formulas(path: Path, title: str, values: list[list[Any]]) -> list[Flagged]:
    """Formula cells whose result was never saved. openpyxl reads the value a spreadsheet
    program saved with the formula; a file written by a script, or saved without
    recalculating, has none, and the cell would read as empty (a required field "missing"
    that is plainly filled in on screen)."""
    import openpyxl

    if not values:
        return []
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # read once already; a failure now is a damaged file too
        raise _SheetError(f"cannot be read as an XLSX workbook ({exc})") from None
    try:
        rows = list(book[title].iter_rows(max_row=len(values), max_col=MAX_COLUMNS, values_only=True))
    except Exception as exc:
        raise _SheetError(f"cannot be read as an XLSX workbook ({exc})") from None
    finally:
        book.close()
    cells: list[Flagged] = []
    for r, row in enumerate(rows):
        for c, formula in enumerate(row):
            saved = values[r][c] if r < len(values) and c < len(values[r]) else None
            text = formula if isinstance(formula, str) else getattr(formula, "text", None)
            if saved is None and isinstance(text, str) and text.startswith("="):
                cells.append(
                    Flagged(
                        r + 1,
                        c,
                        r + 1,
                        c,
                        f"cell {_letter(c)}{r + 1} holds the formula {shorten(text, 40)} "
                        "without its value; open and save it in Excel (or LibreOffice) so "
                        "the value is stored, or type the value instead",
                    )
                )
                if len(cells) >= MAX_CELL_PROBLEMS:
                    return cells
    return cells


def _cell_text(value: Any) -> str:
    """A number cell as text, as the spreadsheet shows it: 12.0 (Excel keeps every number
    as a float) is "12", and 15 significant digits at most (Excel's own precision), so
    0.1 + 0.2 is "0.3", not "0.30000000000000004"."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    return str(value)


_KINDS: dict[str, dict[str, str]] = {}


def column_kind(section: str, name: str) -> str:
    """What a column of a ``section`` sheet holds, from the model (so a new field is read
    right with no change here): the language code (``"ar"``, ``"ur"``, ``"en-IN"``) for
    text a person reads in that language, ``"int"``, ``"float"``, ``"bool"``, ``"list"``,
    or ``"code"`` (ids, @handles, file paths: text typed exactly). An unknown column is
    ``"code"``; validation names it as unknown. :func:`is_text_kind` tells the two apart."""
    cached = _KINDS.setdefault(section, {})
    if name not in cached:
        cached[name] = _kind_from_model(section, name)
    return cached[name]


def _kind_from_model(section: str, name: str) -> str:
    from pydantic import BaseModel

    from .campaign import Multilingual, Person, Spotlight

    model: Any = Person if section == "people" else Spotlight
    parts = name.split(".")
    for i, part in enumerate(parts):
        if model is Multilingual:  # its keys are languages, not fields
            return part if i == len(parts) - 1 and part not in _WHAT else "code"
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return "code"
        info = model.model_fields.get(part)
        if info is None:  # unknown here (validation says so); read a list as one all the same
            return "list" if i == len(parts) - 1 and part in _LIST_NAMES else "code"
        annotation = _plain(info.annotation)
        if typing.get_origin(annotation) in (list, tuple):
            return "list" if i == len(parts) - 1 else "code"
        model = annotation
    if model is bool:
        return "bool"
    if model is int:
        return "int"
    if model is float:
        return "float"
    return "code"


def _plain(annotation: Any) -> Any:
    """The type inside ``Annotated[X, ...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


_LIST_NAMES = {"media", "handles", "hashtags", "clips"}
"""List fields by name, for a column the section's model lacks (``handles`` of a spotlight):
split all the same, so validation names the field rather than a value."""

_WHAT = {
    "int": "a whole number",
    "float": "a number",
    "bool": "TRUE or FALSE",
    "list": "text (';' between values)",
    "code": "text typed exactly (an id, @handle or file path)",
}
"""The kinds of column that are not a text's language, with what each takes."""


def is_text_kind(kind: str) -> bool:
    """Whether a column kind (:func:`column_kind`) is a language: text a person reads."""
    return kind not in _WHAT


def text_language(section: str, name: str) -> str | None:
    """The language of a column holding one language of a text (``"ur"`` for ``name.ur``),
    whether or not the campaign declares it; None for any other column."""
    kind = column_kind(section, name)
    return kind if is_text_kind(kind) else None


@dataclass(frozen=True)
class Style:
    """How the campaign writes its texts: numbers and dates in Arabic, and its languages (the
    columns a text may have, and must have), read from the project's raw data (the sheets
    are read before it is validated; a wrong value falls back to Latin digits, and to
    Arabic and English)."""

    numerals: str = "latn"
    by_country: tuple[tuple[str, str], ...] = ()
    languages: tuple[str, ...] = DEFAULT_LANGUAGES

    @classmethod
    def of(cls, data: dict[str, Any]) -> Style:
        languages = _declared(data.get("languages"))
        brand = data.get("brand")
        if not isinstance(brand, dict):
            return cls(languages=languages)
        numerals = brand.get("numerals", "latn")
        by_country = brand.get("numerals_by_country")
        pairs = tuple(
            (k, v)
            for k, v in (by_country.items() if isinstance(by_country, dict) else ())
            if isinstance(k, str) and v in ("latn", "native", "arab")
        )
        return cls(
            numerals if numerals in ("latn", "native", "arab", "country") else "latn", pairs, languages
        )

    def listing(self) -> str:
        return ", ".join(self.languages)

    def for_country(self, country: Any) -> tuple[Any, str | None]:
        code = country if isinstance(country, str) and len(country) == 2 else None
        return dict(self.by_country).get(code or "", self.numerals), code


def _declared(value: Any) -> tuple[str, ...]:
    """The campaign's languages as written, those that are language codes (validation
    reports the others at ``languages``); Arabic and English when it declares none."""
    if not isinstance(value, list):
        return DEFAULT_LANGUAGES
    codes = [c for c in value if isinstance(c, str) and language_problem(c) is None]
    return tuple(dict.fromkeys(codes)) or DEFAULT_LANGUAGES


def cell_value(value: Any, kind: str, style: Style = Style(), country: Any = None) -> Any:
    """The value a cell gives its column, or raises :class:`CellRefused` with what to do.

    Text columns take a spreadsheet's typed cells as a person would write them: a date cell
    is written out ("4 March 2024" / "٤ آذار ٢٠٢٤" per the campaign's numerals: Excel turns
    a typed date into a date cell, so the person meant the date, not 2024-03-04 00:00:00),
    a time as "14:30", a number as shown (12, not 12.0). A TRUE/FALSE cell is refused in a
    text column: Excel turns a typed "true" into one, and a card saying TRUE is never meant.
    Number columns take numbers (12.0 as 12; 12.5 is left for validation to refuse as not
    whole); codes (ids, handles, paths) take text and numbers, and refuse dates and times,
    which have no single right spelling there.

    Text holding a control character (U+0000 NULL…, a paste from a terminal or a damaged
    export) is refused with its place in the cell; a tab and a line break are left to the
    field's own check (a story may hold them, a name may not). A line break typed as CR LF
    is one line break."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n")
        message = control_message(value, lines=True)
        if message:
            raise CellRefused(message)
        return value
    if value is None:
        return value
    if isinstance(value, bool):
        if kind == "bool":
            return value
        raise CellRefused(
            f"is a {str(value).upper()} cell (Excel turns a typed true/false into one); this column "
            f"takes {_WHAT.get(kind, 'text')}. To show the word, type it with an apostrophe first: "
            f"'{str(value).upper()}"
        )
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value) and kind in ("int", "float", "bool"):
            # No spreadsheet shows such a number; a damaged or script-written cell.
            raise CellRefused(f"is not an ordinary number ({value}); this column takes {_WHAT[kind]}")
        if kind == "int" and isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return int(value)
        if kind in ("int", "float"):
            return value
        if kind == "bool":
            raise CellRefused(f"is the number {_cell_text(value)}; this column takes TRUE or FALSE")
        return _cell_text(value)
    if isinstance(value, (dt.date, dt.time)):
        if is_text_kind(kind):
            numerals, code = style.for_country(country)
            return format_date_value(value, kind, numerals, code)
        what = "a time" if isinstance(value, dt.time) else "a date"
        shown = format_date_value(value, "en")
        raise CellRefused(
            f"is {what} cell ({shown}); this column takes {_WHAT.get(kind, 'text')}. Type the "
            "value as text (format the column as Text first), not as a date"
        )
    if isinstance(value, dt.timedelta):
        raise CellRefused(
            f"is a duration cell ({value}); this column takes {_WHAT.get(kind, 'text')}. Type the "
            "value as text"
        )
    return _cell_text(value)


class CellRefused(ValueError):
    """A cell whose type does not fit its column; the message says what to type instead."""


def _rows(
    table: list[list[Any]],
    source: str,
    section: str = "people",
    style: Style = Style(),
    flagged: Sequence[Flagged] = (),
    limit: int = MAX_ROWS,
) -> tuple[list[tuple[int, dict[str, Any], dict[str, str]]], list[Problem]]:
    """The items of a sheet's rows, each with its row number and {field path: column}, and
    the problems of the header and of cells: ``flagged`` ones (merged, formulas without a
    value), cells whose type does not fit their column, and cells of a required field that
    show nothing. Each such cell is reported at its row and column and kept out of its row
    (a :data:`_REFUSED` stand-in), and the row is still read: one bad cell never hides the
    problems of the other cells and rows, nor makes the sheet look empty.

    At most ``limit`` items are read (the campaign's bound for the section): a sheet with
    more is told so once, with the row reading stopped at, rather than validation counting
    the rows the reader happened to take ("at most 1000 items, got 5000").

    A merged range in the header row hides the names of the columns under it, so the fields
    that have no column are kept out of every row (:func:`_headless`): the merge is the one
    problem told, not a "required field is missing" on each row."""
    placed: list[tuple[int, int, Problem]] = []  # (row, column, problem): told in sheet order
    while table and all(_empty(c) for c in table[-1]):
        table = table[:-1]  # trailing empty rows
    if not table:
        return [], [
            *(problem for _, _, problem in _flagged_problems(flagged, [], source)),
            Problem(f"{source} row 1", "the sheet is empty; the first row names the fields (id, name.ar, …)"),
        ]
    header = ["" if _empty(h) else _cell_text(h).strip() for h in table[0]]
    placed += _flagged_problems(flagged, header, source)
    for column, name in enumerate(header):
        if name and not _PATH.match(name):
            placed.append(
                (
                    1,
                    column,
                    Problem(
                        f"{source} row 1, column {_letter(column)}",
                        f"{shorten(name)!r} is not a field name like 'name.ar'",
                    ),
                )
            )
    foreign = _foreign_languages(section, header, style)
    placed += [
        (1, column, Problem(f"{source} row 1, column {header[column]}", why))
        for column, why in foreign.items()
    ]
    merged = any(f.row == 1 for f in flagged)  # a merged header hides columns: the one problem told
    untranslated = {} if merged else _untranslated(section, header, style)
    placed += [(1, 0, Problem(f"{source} row 1", why)) for why in untranslated.values()]
    headless = _headless(section, header, style) if merged else []
    rows: list[tuple[int, dict[str, Any], dict[str, str]]] = []
    country_column = header.index("country") if section == "people" and "country" in header else None
    for number, cells in enumerate(table[1 : MAX_ROWS + 1], start=2):
        bad = {
            c
            for f in flagged
            if f.row <= number <= f.last_row
            for c in range(f.column, min(f.last_column + 1, len(header)))
        }
        if all(_empty(c) for i, c in enumerate(cells) if i not in bad):
            continue  # an empty row between entries (a flagged cell in it is reported above)
        if len(rows) == limit:
            last = rows[-1][0]
            what = "people" if section == "people" else "spotlights (businesses)"
            placed.append(
                (
                    0,
                    0,
                    Problem(
                        source,
                        f"the sheet has more rows than a campaign takes (at most {limit} {what}); "
                        f"reading stopped at row {last}, and row {number} and those after it were "
                        f"not read. Split the sheet into campaigns of at most {limit}",
                    ),
                )
            )
            break
        item: dict[str, Any] = {}
        columns: dict[str, str] = {}
        blanks: list[tuple[int, str, str]] = []
        country = (
            cells[country_column] if country_column is not None and country_column < len(cells) else None
        )
        for column, name in enumerate(header):
            if not name or column in foreign:  # a language column told once, at the header
                continue
            if column in bad:  # reported once, at the flagged range's first cell
                columns[name] = name
                _put(item, name, _REFUSED)
                continue
            raw = cells[column] if column < len(cells) else None
            if _empty(raw):
                if isinstance(raw, str) and raw:
                    blanks.append((column, name, raw))
                continue  # an empty cell is a field left out (its default applies)
            kind = column_kind(section, name)
            try:
                value = cell_value(raw, kind, style, country)
            except CellRefused as exc:
                placed.append((number, column, Problem(f"{source} row {number}, column {name}", str(exc))))
                columns[name] = name
                _put(item, name, _REFUSED)
                continue
            _put(item, name, _value(name, value.strip() if isinstance(value, str) else value, kind))
            columns[name] = name
        for column, name, raw in blanks:
            # A cell that shows nothing is a field left out, unless the field is required:
            # then it is told as what it is (the cell holds spaces), not as "missing".
            if _required(section, name, item, style.languages):
                message = _blank_message(raw, column_kind(section, name))
                placed.append((number, column, Problem(f"{source} row {number}, column {name}", message)))
                columns[name] = name
                _put(item, name, _REFUSED)
        for name in headless:
            if _required(section, name, item, style.languages):
                _put(item, name, _REFUSED)
        for name in untranslated:  # told at the header, not on every row
            if _has(item, name.rsplit(".", 1)[0]) or _required(section, name, item, style.languages):
                _put(item, name, _REFUSED)
        rows.append((number, item, columns))
    else:
        if len(table) - 1 > MAX_ROWS:  # fewer items than the limit, but rows past the reader's
            placed.append(
                (0, 0, Problem(source, f"more than {MAX_ROWS} rows; reading stopped at row {MAX_ROWS + 1}"))
            )
    placed.sort(key=lambda found: found[:2])
    return rows, [problem for _, _, problem in placed]


def _flagged_problems(
    flagged: Sequence[Flagged], header: list[str], source: str
) -> list[tuple[int, int, Problem]]:
    """Each flagged range at its first cell, the column named by its header when it has one."""
    found = []
    for cell in flagged:
        if cell.row == 1:  # the header: the names of the columns under it are lost
            ref = f"{_letter(cell.column)}1:{_letter(cell.last_column)}{cell.last_row}"
            found.append(
                (
                    1,
                    cell.column,
                    Problem(
                        f"{source} row 1",
                        f"header cells {ref} are merged, so only its first column keeps a field "
                        "name and the others are not read; unmerge them and give each column its "
                        "own header (its field name, like name.ar)",
                    ),
                )
            )
            continue
        name = header[cell.column] if cell.column < len(header) else ""
        shown = name if name else _letter(cell.column)
        found.append(
            (cell.row, cell.column, Problem(f"{source} row {cell.row}, column {shown}", cell.message))
        )
    return found


def _foreign_languages(section: str, header: list[str], style: Style) -> dict[int, str]:
    """The columns of a text's language that the campaign cannot take (``name.de`` in a
    campaign in Arabic and English, ``name.EN``), each with why: told once at the header,
    and the column is not read (rather than the same problem on every row)."""
    found = {}
    for column, name in enumerate(header):
        lang = text_language(section, name) if name and _PATH.match(name) else None
        if lang is None:
            continue
        why = language_problem(lang)
        if why is not None:
            found[column] = f"{why} (after the '.' of {shorten(name)!r})"
        elif lang not in style.languages:
            found[column] = (
                f"{name_of(lang)} is not one of the campaign's languages ({style.listing()}); "
                f"add {lang!r} to the campaign's languages, or remove the column"
            )
    return found


def _untranslated(section: str, header: list[str], style: Style) -> dict[str, str]:
    """For each text the sheet has columns for, each declared language it has no column for
    (``name.ur`` where there are ``name.ar`` and ``name.en``), with the problem: told once
    at the header instead of a missing translation on every row."""
    texts: dict[str, list[str]] = {}
    for name in header:
        lang = text_language(section, name) if name and _PATH.match(name) else None
        if lang is not None:
            texts.setdefault(name.rsplit(".", 1)[0], []).append(lang)
    return {
        f"{text}.{lang}": (
            f"no column {text}.{lang}: every row needs the {name_of(lang)} text of {text} (the "
            f"campaign's languages are {style.listing()}); add the column"
        )
        for text, present in texts.items()
        for lang in style.languages
        if lang not in present
    }


def _has(item: dict[str, Any], path: str) -> bool:
    """Whether ``item`` holds an object at the dotted ``path``."""
    here: Any = item
    for part in path.split("."):
        if not isinstance(here, dict) or part not in here:
            return False
        here = here[part]
    return isinstance(here, dict)


def _headless(section: str, header: list[str], style: Style) -> list[str]:
    """The fields of a ``section`` item that no header column names, each at its top-most
    path (``name`` when neither ``name.ar`` nor ``name.en`` has a column; ``name.en`` when
    only ``name.ar`` has one). Under a merged header these are the fields whose columns the
    merge hid; :func:`_rows` keeps the required ones out of each row so they are not each
    reported "missing" on every row."""
    from pydantic import BaseModel

    from .campaign import Multilingual, Person, Spotlight

    names = [name for name in header if name]

    def walk(model: type[BaseModel], prefix: str) -> list[str]:
        if model is Multilingual:  # a text: a column per declared language
            return [prefix + lang for lang in style.languages if prefix + lang not in names]
        found = []
        for field_name, info in model.model_fields.items():
            path = prefix + (info.alias or field_name)
            if not any(name == path or name.startswith(path + ".") for name in names):
                found.append(path)
                continue
            inner = _plain(info.annotation)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found += walk(inner, path + ".")
        return found

    return walk(Person if section == "people" else Spotlight, "")


def _required(
    section: str, name: str, item: dict[str, Any], languages: Sequence[str] = DEFAULT_LANGUAGES
) -> bool:
    """Whether leaving out the field at ``name`` (``name.ar``) makes ``item`` invalid: the
    field is required in its object (a text's language is when the campaign declares it),
    and that object is itself required or present in the row (``members_label.en`` is
    required only when ``members_label.ar`` is given)."""
    from pydantic import BaseModel

    from .campaign import Multilingual, Person, Spotlight

    model: Any = Person if section == "people" else Spotlight
    here: Any = item
    parts = name.split(".")
    for i, part in enumerate(parts):
        if model is Multilingual:
            return i == len(parts) - 1 and part in languages
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return False
        info = model.model_fields.get(part)
        if info is None:
            return False
        if i == len(parts) - 1:
            return info.is_required()
        present = isinstance(here, dict) and part in here
        if not (present or info.is_required()):
            return False
        here = here.get(part) if isinstance(here, dict) else None
        model = _plain(info.annotation)
    return False


def _blank_message(raw: str, kind: str) -> str:
    """What a required cell that shows nothing holds, said as the project file's own check
    says it for a text of spaces, with the characters named (a no-break space is not seen)."""
    shown = codepoints(raw)
    what = f"the {language(kind).name} text" if is_text_kind(kind) else "the value"
    return (
        f"the cell holds only spaces or invisible characters ({shown}), so it reads as empty, "
        f"and this field is required; write {what}"
    )


_REFUSED = object()
"""Stands in an item for a cell already refused: :func:`expand` removes it and notes the path,
so validation does not report the same cell a second time (as "missing")."""


def _empty(value: Any) -> bool:
    """An empty cell: nothing, or text that shows nothing (spaces, no-break spaces,
    zero-width characters). A cell that looks empty in the spreadsheet is empty here."""
    return value is None or (isinstance(value, str) and is_blank(value))


def _value(name: str, value: Any, kind: str) -> Any:
    if not isinstance(value, str):
        return value
    if kind == "list":
        return [part.strip() for part in value.split(";") if not is_blank(part)]
    if kind == "int" and re.fullmatch(r"[+-]?\d+", value.replace(",", "")):
        return int(value.replace(",", ""))  # a spreadsheet's numbers are numbers
    if kind == "float":
        try:
            number = float(value)
        except ValueError:
            return value
        return number if math.isfinite(number) else value
    return value


def _take_refused(item: dict[str, Any], prefix: str = "") -> list[str]:
    """Remove the :data:`_REFUSED` stand-ins from ``item``; their field paths."""
    found = []
    for key, value in list(item.items()):
        if value is _REFUSED:
            del item[key]
            found.append(prefix + key)
        elif isinstance(value, dict):
            found += _take_refused(value, f"{prefix}{key}.")
    return found


def _put(item: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        item = item.setdefault(part, {})
        if not isinstance(item, dict):
            return
    item[parts[-1]] = value


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
