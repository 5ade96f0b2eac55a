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
semicolon-separated. XLSX goes through openpyxl (read-only, values not formulas).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from .problems import Problem

LIST_FIELDS = {"media", "handles", "hashtags", "clips"}
"""Columns whose cell holds several values, separated by ``;``."""
INT_FIELDS = {"members", "founded"}
FLOAT_FIELDS = {"duration_s"}
SECTIONS = ("people", "spotlights")
MAX_ROWS = 5000
MAX_BYTES = 32 * 2**20
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


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
    for section in SECTIONS:
        value = data.get(section)
        if not is_sheet_source(value):
            continue
        rows, more = read_source(value, root, section)
        problems += more
        items = []
        for index, (row_number, item, columns) in enumerate(rows):
            key = f"{section}[{index}]"
            origins.rows[key] = (str(value.get("from")), row_number)
            for path, column in columns.items():
                origins.columns[f"{key}.{path}"] = Cell(str(value.get("from")), row_number, column)
            items.append(item)
        out[section] = items
    return out, origins, problems


def read_source(
    source: dict[str, Any], root: Path, section: str
) -> tuple[list[tuple[int, dict[str, Any], dict[str, str]]], list[Problem]]:
    """The rows of one sheet source as (row number, item, {field path: column}), and the
    problems of the source itself (reported at ``section.from`` / ``section.sheet``)."""
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
    try:
        if suffix in (".xlsx", ".xlsm"):
            table = _xlsx(path, sheet)
        elif suffix in (".csv", ".txt"):
            table = _csv(path)
        else:
            return [], [*problems, Problem(f"{section}.from", f"{written!r} is not a CSV or XLSX file")]
    except _SheetError as exc:
        where = f"{section}.sheet" if exc.sheet else f"{section}.from"
        return [], [*problems, Problem(where, f"{written}: {exc}")]
    rows, more = _rows(table, written)
    return rows, problems + more


class _SheetError(ValueError):
    def __init__(self, message: str, sheet: bool = False) -> None:
        super().__init__(message)
        self.sheet = sheet


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _SheetError("not UTF-8 text; save it as 'CSV UTF-8' from Excel") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _xlsx(path: Path, sheet: str | None) -> list[list[str]]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency
        raise _SheetError("reading XLSX needs openpyxl: pip install openpyxl") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _SheetError(f"cannot be read as an XLSX workbook ({exc})") from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise _SheetError(f"has no sheet {sheet!r}; it has: {', '.join(book.sheetnames)}", sheet=True)
        table = []
        for row in worksheet.iter_rows(values_only=True):
            table.append(["" if v is None else _cell_text(v) for v in row])
            if len(table) > MAX_ROWS + 1:
                break
        return table
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 85000 as 85000.0
    return str(value)


def _rows(
    table: list[list[str]], source: str
) -> tuple[list[tuple[int, dict[str, Any], dict[str, str]]], list[Problem]]:
    problems: list[Problem] = []
    while table and not any(c.strip() for c in table[-1]):
        table.pop()  # trailing empty rows
    if not table:
        return [], [
            Problem(f"{source} row 1", "the sheet is empty; the first row names the fields (id, name.ar, …)")
        ]
    header = [h.strip() for h in table[0]]
    for column, name in enumerate(header):
        if name and not _PATH.match(name):
            problems.append(
                Problem(
                    f"{source} row 1, column {_letter(column)}",
                    f"{name!r} is not a field name like 'name.ar'",
                )
            )
    if len(table) - 1 > MAX_ROWS:
        problems.append(Problem(f"{source}", f"more than {MAX_ROWS} rows; split the sheet"))
    rows: list[tuple[int, dict[str, Any], dict[str, str]]] = []
    for number, cells in enumerate(table[1 : MAX_ROWS + 1], start=2):
        if not any(c.strip() for c in cells):
            continue  # an empty row between entries
        item: dict[str, Any] = {}
        columns: dict[str, str] = {}
        for column, name in enumerate(header):
            if not name or column >= len(cells):
                continue
            text = cells[column].strip()
            if text == "":
                continue  # an empty cell is a field left out (its default applies)
            _put(item, name, _value(name, text))
            columns[name] = name
        rows.append((number, item, columns))
    return rows, problems


def _value(name: str, text: str) -> Any:
    last = name.rsplit(".", 1)[-1]
    if last in LIST_FIELDS:
        return [part.strip() for part in text.split(";") if part.strip()]
    if last in INT_FIELDS and re.fullmatch(r"[+-]?\d+", text.replace(",", "")):
        return int(text.replace(",", ""))  # a spreadsheet's numbers are numbers
    if last in FLOAT_FIELDS:
        try:
            return float(text)
        except ValueError:
            return text
    return text


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
