"""Writing into an output folder safely: atomic files, unique temporary names, one writer.

Every output is written to a temporary file in its own folder and renamed over the final
name, so a reader (or a crash) never sees half a file. Temporary names are unique per call
(``tempfile``), so two renders — or two threads — never write through the same temporary
file. A render holds :func:`folder_lock` on its output folder for as long as it writes: a
second render into the same folder is refused at once with the first one's pid, instead of
the two interleaving files and manifests.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".takatof.lock"
TEMP_MARK = ".partial"  # every temporary name contains it: ".NAME.<random>.partial<suffix>"


class FolderBusy(RuntimeError):
    """Another render is writing to the folder; the message says which process."""

    def __init__(self, folder: Path, pid: str) -> None:
        self.folder = folder
        self.pid = pid
        who = f" (pid {pid})" if pid else ""
        super().__init__(
            f"another render is writing to {folder}{who}; wait for it to finish or choose another --out folder"
        )


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


def cannot_write(exc: OSError, where: Path | str | None = None) -> str:
    """The one wording of a failed write: "cannot write PATH: reason" (the path the OS names,
    else ``where``)."""
    path = exc.filename or where
    return f"cannot write{f' {path}' if path else ''}: {exc.strerror or exc}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a unique temporary name in the same folder and rename: never a half-written
    file, and nothing left behind when the write fails (a full disk) or is interrupted."""
    tmp = temp_beside(path)
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        settle(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename:
            raise
        # A failed write on an open file names no file: name the one being written.
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def settle(tmp: Path, path: Path) -> None:
    """Give a finished temporary file (made by :func:`temp_beside`) the usual permissions and
    rename it over ``path``, atomically."""
    os.chmod(tmp, 0o644 & ~_umask())
    tmp.replace(path)


def _umask() -> int:
    """The process umask (mkstemp makes files 0600; outputs get the usual permissions)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder/.takatof.lock`` while writing into ``folder``; raise :class:`FolderBusy`
    when another process holds it. The lock is an OS file lock (``flock``), so a render that
    is killed outright releases it with its process: a stale lock file never blocks anyone.
    The file is removed on release; a process that locked the removed file checks that its
    file is still the one at the path, so two renders can never both hold the lock.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    while True:
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (closed below)
        if not _try_lock(handle):
            handle.seek(0)
            pid = handle.read().strip()
            handle.close()
            raise FolderBusy(folder, pid)
        try:
            same = os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        handle.close()  # the holder removed it as we opened it: take the new one
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        _unlock(handle)
        handle.close()


def _try_lock(handle: object) -> bool:
    fileno = handle.fileno()  # type: ignore[attr-defined]
    if os.name == "posix":
        import fcntl

        try:
            fcntl.flock(fileno, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    import msvcrt  # pragma: no cover - Windows

    try:  # pragma: no cover
        msvcrt.locking(fileno, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError:  # pragma: no cover
        return False
    return True  # pragma: no cover


def _unlock(handle: object) -> None:
    fileno = handle.fileno()  # type: ignore[attr-defined]
    if os.name == "posix":
        import fcntl

        fcntl.flock(fileno, fcntl.LOCK_UN)
    else:  # pragma: no cover - Windows
        import msvcrt

        with contextlib.suppress(OSError):
            handle.seek(0)  # type: ignore[attr-defined]
            msvcrt.locking(fileno, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
