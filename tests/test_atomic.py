"""The one atomic write (takatof.model.atomic): whole files or none, on every way out.

Outputs, cached drawings, the manifest, the project file and media copied into a project all
go through it, so these cases cover every file Takatof writes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from takatof.model.atomic import TEMP_MARK, atomic_path, copy_atomic, write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMP_MARK in p.name)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [(None, 0o644 & ~0o022), (0o600, 0o600), (0o640, 0o640)],
)
def test_write_atomic_gives_the_usual_or_the_asked_permissions(
    tmp_path: Path, mode: int | None, expected: int
) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a" / "b.bin", b"data", mode)
    finally:
        os.umask(old)
    target = tmp_path / "a" / "b.bin"
    assert target.read_bytes() == b"data"
    assert target.stat().st_mode & 0o777 == expected
    assert _leftovers(target.parent) == []


@pytest.mark.parametrize(
    "error", [OSError(28, "No space left on device"), KeyboardInterrupt(), ValueError("x")]
)
def test_a_block_that_fails_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, error: BaseException
) -> None:
    target = tmp_path / "card.png"
    target.write_bytes(b"old")
    with pytest.raises(type(error)) as raised, atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise error
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []
    if isinstance(error, OSError):  # the message can say which file could not be written
        assert raised.value.filename == str(target)


def test_temporary_names_are_unique_and_marked(tmp_path: Path) -> None:
    names = set()
    for _ in range(20):
        with atomic_path(tmp_path / "v.mp4") as tmp:
            names.add(tmp.name)
            assert tmp.parent == tmp_path and TEMP_MARK in tmp.name and tmp.suffix == ".mp4"
    assert len(names) == 20


def test_copy_atomic_copies_contents_times_and_mode(tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xd8" + bytes(1000))
    source.chmod(0o640)
    os.utime(source, (1_000_000_000, 1_000_000_000))
    target = tmp_path / "media" / "photo.jpg"
    copy_atomic(source, target)
    assert target.read_bytes() == source.read_bytes()
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.stat().st_mtime == 1_000_000_000
    assert _leftovers(target.parent) == []


def test_a_copy_cut_short_leaves_no_half_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Adopting media reuses a file already in place: a half copy there would be taken for
    the whole photo next time."""
    source = tmp_path / "clip.mp4"
    source.write_bytes(bytes(100_000))

    def full_disk(src: Path, dst: Path) -> None:
        Path(dst).write_bytes(bytes(10))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full_disk)
    target = tmp_path / "media" / "clip.mp4"
    with pytest.raises(OSError):
        copy_atomic(source, target)
    assert not target.exists()
    assert _leftovers(target.parent) == []
