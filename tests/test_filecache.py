"""The per-file-version cache: a changed file is read again, an unchanged one is not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from takatof.model.filecache import per_file_version, version


def test_a_changed_file_is_read_again_and_an_unchanged_one_is_not(tmp_path: Path) -> None:
    reads: list[tuple[Path, int]] = []

    @per_file_version(maxsize=8)
    def text(path: Path, times: int) -> str:
        reads.append((path, times))
        return path.read_text() * times

    file = tmp_path / "a.txt"
    file.write_text("ab")
    assert text(file, 2) == "abab"
    assert text(file, 2) == "abab"
    assert reads == [(file, 2)], "an unchanged file is not read twice"
    assert text(file, 1) == "ab" and len(reads) == 2, "other arguments are part of the key"

    stat = file.stat()
    file.write_text("cd")  # the same size: only the modification time tells
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert text(file, 2) == "cdcd" and len(reads) == 3
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    file.write_text("cde")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # the same time, a new size
    assert text(file, 2) == "cdecde" and len(reads) == 4
    assert text.cache_info().hits == 1


def test_a_missing_file_raises_before_the_function_runs(tmp_path: Path) -> None:
    @per_file_version()
    def size(path: Path) -> int:
        raise AssertionError("never called for a missing file")

    with pytest.raises(FileNotFoundError):
        size(tmp_path / "missing")
    with pytest.raises(FileNotFoundError):
        version(tmp_path / "missing")
