"""Hostile and awkward XLSX files: each is bad input (exit 2) named by its file, and by row and
column where a cell is at fault, never a traceback, never a resolved entity, and memory stays
flat. The files are made here: openpyxl writes a real workbook, zipfile and zlib change it."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from takatof.model.sheets import MAX_UNCOMPRESSED, read_source

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["id", "name.ar", "name.en", "makes.ar", "makes.en", "mention"]
ROW = ["souk", "سوق", "Souk", "خبز", "Bread", "@souk"]
SHEET = "xl/worksheets/sheet1.xml"


def _workbook(rows: list[list[Any]] | None = None, edit: Any = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [HEADER, *(rows if rows is not None else [ROW])]:
        sheet.append(row)
    if edit is not None:
        edit(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _members(xlsx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from (name, raw deflate data, CRC-32, uncompressed size): the
    sizes are whatever the caller says, which is how a zip bomb or a lying header is made."""
    out = io.BytesIO()
    central = b""
    for name, data, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
            )
        )
        out.write(encoded + data)
        central += (
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    out.write(central)
    out.write(
        struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    )
    return out.getvalue()


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _bomb(gigabytes: float = 1.0) -> bytes:
    """A real workbook whose sheet part unzips to ``gigabytes`` of spaces from about 1 MB on
    disk: one fully flushed deflate block of 1 MB of spaces, repeated (a full flush resets the
    compressor, so every block is the same bytes)."""
    members = _members(_workbook())
    chunk = b" " * 2**20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    count = int(gigabytes * 1024)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    entries = []
    for name, data in members.items():
        if name == SHEET:
            entries.append((name, block * count + packer.flush(), crc, len(chunk) * count))
        else:
            entries.append((name, _deflate(data), zlib.crc32(data), len(data)))
    return _raw_zip(entries)


def _project(folder: Path, xlsx: bytes, example: dict[str, Any]) -> Path:
    (folder / "s.xlsx").write_bytes(xlsx)
    example["spotlights"] = {"from": "s.xlsx"}
    path = folder / "campaign.json"
    path.write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    return path


_RUN = """
import sys
from takatof.cli import main
code = main(["validate", sys.argv[1]])
# VmHWM: this process's own peak (ru_maxrss would include the forking test runner's).
try:
    peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
except OSError:  # no /proc: ru_maxrss, in kB on Linux-like systems
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("MAXRSS", peak, file=sys.stderr)
sys.exit(code)
"""


def _validate(project: Path) -> tuple[int, list[str], int]:
    """``takatof validate`` in its own process: exit code, the lines about the sheet, and
    the process's peak memory in MB."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(project)], capture_output=True, text=True, timeout=120
    )
    lines = done.stderr.splitlines()
    peak = int(next(line.split()[1] for line in lines if line.startswith("MAXRSS"))) // 1024
    sheet = [line.strip() for line in lines if "s.xlsx" in line and not line.startswith("/")]
    assert "Traceback" not in done.stderr and done.returncode != 70, done.stderr
    return done.returncode, sheet, peak


def test_a_zip_bomb_is_refused_before_it_is_unzipped(
    project_copy: Path, example_data: dict[str, Any]
) -> None:
    bomb = _bomb(1.0)
    assert len(bomb) < 1.2 * 2**20  # about 1 MB on disk, 1 GB unzipped
    code, lines, peak = _validate(_project(project_copy.parent, bomb, example_data))
    assert code == 2
    assert len(lines) == 1 and lines[0].startswith("spotlights.from: s.xlsx: unzips to 1,024 MB, more than")
    assert peak < 400, f"peak memory {peak} MB"


def test_a_zip_that_lies_about_its_sizes_is_refused(project_copy: Path, example_data: dict[str, Any]) -> None:
    """The sheet part claims 1 kB and holds 200 MB: reading stops at the claim (or at the
    cap), the file is refused as damaged, and memory stays flat."""
    members = _members(_workbook())
    chunk = b" " * 2**20
    big = chunk * 200
    entries = [
        (
            name,
            _deflate(big if name == SHEET else data),
            zlib.crc32(data),
            1000 if name == SHEET else len(data),
        )
        for name, data in members.items()
    ]
    code, lines, peak = _validate(_project(project_copy.parent, _raw_zip(entries), example_data))
    assert code == 2
    assert len(lines) == 1 and lines[0].startswith(
        "spotlights.from: s.xlsx: cannot be read as an XLSX workbook"
    )
    assert peak < 400, f"peak memory {peak} MB"


def test_the_cap_leaves_room_for_a_real_sheet(tmp_path: Path) -> None:
    """5,000 rows of the longest names and quotes unzip far below the cap."""
    assert MAX_UNCOMPRESSED >= 64 * 2**20
    long_row = ["souk", "س" * 200, "S" * 200, "خ" * 600, "B" * 600, "@souk"]
    (tmp_path / "s.xlsx").write_bytes(_workbook([long_row] * 200))
    rows, problems = read_source({"from": "s.xlsx"}, tmp_path, "spotlights")
    assert problems == [] and len(rows) == 200


XXE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/hostname">]>\n'
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
)


@pytest.mark.parametrize(
    ("prolog", "entity"), [(XXE, b"&secret;"), (LAUGHS, b"&lol9;")], ids=["external", "laughs"]
)
def test_xml_entities_are_refused_unread(
    project_copy: Path, example_data: dict[str, Any], prolog: bytes, entity: bytes
) -> None:
    members = _members(_workbook())
    sheet = members[SHEET]
    body = sheet[sheet.index(b"<worksheet") :]
    body = body.replace(b"<t>Souk</t>", b"<t>" + entity + b"</t>", 1)
    assert entity in body
    members[SHEET] = prolog + body
    code, lines, peak = _validate(_project(project_copy.parent, _rezip(members), example_data))
    assert code == 2
    assert lines == [
        "spotlights.from: s.xlsx: its part xl/worksheets/sheet1.xml declares XML entities (a DTD), "
        "which no spreadsheet needs and which can make a reader fetch files or fill memory; it was "
        "not read. Save the sheet again from Excel or LibreOffice"
    ]
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else None
    assert not hostname or all(hostname not in line for line in lines)
    assert peak < 400


def test_a_formula_without_its_value_names_the_cell(tmp_path: Path) -> None:
    def formula(sheet: Any) -> None:
        sheet["F3"] = '=CONCAT("@", A3)'

    rows = [ROW, ["bakery", "مخبز", "Bakery", "خبز", "Bread", None]]
    (tmp_path / "s.xlsx").write_bytes(_workbook(rows, formula))
    _, problems = read_source({"from": "s.xlsx"}, tmp_path, "spotlights")
    assert [(p.path, p.message) for p in problems] == [
        (
            "s.xlsx row 3, column mention",
            'cell F3 holds the formula =CONCAT("@", A3) without its value; open and save it in '
            "Excel (or LibreOffice) so the value is stored, or type the value instead",
        )
    ]


def test_a_formula_with_its_saved_value_is_read(tmp_path: Path) -> None:
    def formula(sheet: Any) -> None:
        sheet["F2"] = '=CONCAT("@", A2)'

    members = _members(_workbook([[*ROW[:5], None]], formula))
    # What Excel writes: the formula and the value it computed.
    members[SHEET] = (
        members[SHEET].replace(b"<v />", b"<v>@souk</v>").replace(b'<c r="F2">', b'<c r="F2" t="str">')
    )
    (tmp_path / "s.xlsx").write_bytes(_rezip(members))
    rows, problems = read_source({"from": "s.xlsx"}, tmp_path, "spotlights")
    assert problems == []
    assert rows[0][1]["mention"] == "@souk"


def test_merged_cells_name_the_range(tmp_path: Path) -> None:
    def merge(sheet: Any) -> None:
        sheet.merge_cells("B2:B3")

    rows = [ROW, ["bakery", None, "Bakery", "خبز", "Bread", "@bakery"]]
    (tmp_path / "s.xlsx").write_bytes(_workbook(rows, merge))
    _, problems = read_source({"from": "s.xlsx"}, tmp_path, "spotlights")
    assert [p.path for p in problems] == ["s.xlsx row 2, column name.ar"]
    assert problems[0].message.startswith("cells B2:B3 are merged; unmerge them")


def test_a_sheet_claiming_a_million_rows_and_columns_reads_only_the_cap(tmp_path: Path) -> None:
    members = _members(_workbook())
    sheet = members[SHEET]
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>'
    sheet = sheet.replace(b"</sheetData>", far + b"</sheetData>")
    members[SHEET] = sheet.replace(b'<dimension ref="A1:F2"', b'<dimension ref="A1:XFD1048576"')
    (tmp_path / "s.xlsx").write_bytes(_rezip(members))
    rows, problems = read_source({"from": "s.xlsx"}, tmp_path, "spotlights")
    assert problems == [] and len(rows) == 1 and rows[0][1]["mention"] == "@souk"


def test_not_a_zip_at_all(tmp_path: Path) -> None:
    (tmp_path / "s.xlsx").write_bytes(b"id,name\n")
    _, problems = read_source({"from": "s.xlsx"}, tmp_path, "spotlights")
    assert [p.path for p in problems] == ["spotlights.from"]
    assert problems[0].message.startswith("s.xlsx: cannot be read as an XLSX workbook")
