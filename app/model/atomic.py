"""Writing a file so that no one ever sees half of it: the one implementation.

Every file Takatof writes — an output, a cached drawing, the manifest, the project file, the
Studio's autosave — is written to a uniquely named temporary file in its own folder and renamed
over the final name. The rename is atomic on one file system, so a reader, a crash, a full
disk or a Ctrl-C leaves either the old file or the new one. Temporary names are unique per
call (random, and created exclusively), so two renders or two threads never write through the
same one, and they all contain :data:`TEMP_MARK`, so a render can sweep those a killed process
left behind. Every file gets the permissions any new file gets (0666 less the umask).
It lives in the lowest layer so that the model (saving a project) can use it too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

TEMP_MARK = ".partial"  # every temporary name contains it: ".NAME.<random>.partial<suffix>"


def temp_beside(path: Path, suffix: str | None = None) -> Path:
    """A new, empty, uniquely named temporary file in ``path``'s folder (so the final rename
    stays on one file system and is atomic). ``suffix`` defaults to the final suffix, which
    tools such as ffmpeg read to pick a format.

    It is created with mode 0666 and the OS applies the umask (and a folder's default ACL),
    exactly as for any file a program creates: a colleague or a web server reads the
    outputs wherever they read the user's other files. ``tempfile.mkstemp`` would make it
    0600, and every kind of output (a video renamed into place, a card, the manifest) would
    need its own chmod; reading the umask to compute one flips the whole process's umask
    for a moment while other threads create files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    end = f"{TEMP_MARK}{path.suffix if suffix is None else suffix}"
    for _ in range(100):
        name = path.parent / f".{path.stem}.{secrets.token_hex(6)}{end}"
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:  # another run drew the same name: draw again
            continue
        except OSError as exc:  # a full disk, a read-only folder: say so of the file asked for
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        os.close(fd)
        return name
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(path.parent))


def settle(tmp: Path, path: Path, mode: int | None = None) -> None:
    """Rename a finished temporary file (made by :func:`temp_beside`, so it already has the
    usual permissions) over ``path``, atomically; ``mode`` first sets other permissions (a
    project file keeps its own)."""
    if mode is not None:
        os.chmod(tmp, mode)
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
