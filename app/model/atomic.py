"""Writing a file so that no one ever sees half of it: the one implementation.

Every file Takatof writes — an output, a cached drawing, the manifest, the project file, the
Studio's autosave — is written to a uniquely named temporary file in its own folder and renamed
over the final name. The rename is atomic on one file system, so a reader, a crash, a full
disk or a Ctrl-C leaves either the old file or the new one. Temporary names are unique per
call (``tempfile``), so two renders or two threads never write through the same one, and they
all contain :data:`TEMP_MARK`, so a render can sweep those a killed process left behind.
It lives in the lowest layer so that the model (saving a project) can use it too.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

TEMP_MARK = ".partial"  # every temporary name contains it: ".NAME.<random>.partial<suffix>"


def temp_beside(path: Path, suffix: str | None = None) -> Path:
    """A new, empty, uniquely named temporary file in ``path``'s folder (so the final rename
    stays on one file system and is atomic). ``suffix`` defaults to the final suffix, which
    tools such as ffmpeg read to pick a format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{path.stem}.",
        suffix=f"{TEMP_MARK}{path.suffix if suffix is None else suffix}",
        dir=path.parent,
    )
    os.close(fd)
    return Path(name)


def settle(tmp: Path, path: Path, mode: int | None = None) -> None:
    """Give a finished temporary file (made by :func:`temp_beside`) its permissions — ``mode``,
    or the usual ones (mkstemp makes files 0600) — and rename it over ``path``, atomically."""
    os.chmod(tmp, (0o644 & ~_umask()) if mode is None else mode)
    tmp.replace(path)


@contextlib.contextmanager
def atomic_path(path: Path, mode: int | None = None) -> Iterator[Path]:
    """A temporary path beside ``path`` to write; renamed over ``path`` when the block ends
    normally, removed on every other way out. An ``OSError`` leaves naming ``path`` when the
    OS named no file (a failed write on an open file), so a message can say where space ran
    out."""
    tmp = temp_beside(path)
    try:
        yield tmp
        settle(tmp, path, mode)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename:
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes, mode: int | None = None, sync: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_path`); ``sync`` flushes it to
    the disk before the rename (a project file, which must survive a power cut)."""
    with atomic_path(path, mode) as tmp, open(tmp, "wb") as handle:
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())


def copy_atomic(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` (contents, times and permission bits) atomically: a copy
    cut short (a full disk, a Ctrl-C) leaves no half file that a later look at ``target``
    would take for the whole one (adopting media reuses a file already in place)."""
    with atomic_path(target, stat.S_IMODE(source.stat().st_mode)) as tmp:
        shutil.copyfile(source, tmp)
        shutil.copystat(source, tmp)


@functools.cache
def _umask() -> int:
    """The process umask, read once (by setting it and putting it back: the umask is the whole
    process's, so reading it on every write would briefly give 0 to files other threads make)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
