"""Writing into an output folder safely: atomic files, one writer, one wording of a failure.

Every file is written through :mod:`takatof.model.atomic` (a unique temporary file in its own
folder, renamed over the final name; re-exported here for the render layer). A render holds :func:`folder_lock` on its output folder for as long as it writes: a
second render into the same folder is refused at once with the first one's pid, instead of
the two interleaving files and manifests.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ..model.atomic import TEMP_MARK, atomic_path, settle, temp_beside, write_atomic

__all__ = [
    "LOCK_NAME",
    "TEMP_MARK",
    "FolderBusy",
    "atomic_path",
    "cannot_write",
    "folder_lock",
    "settle",
    "temp_beside",
    "write_atomic",
]

LOCK_NAME = ".takatof.lock"


class FolderBusy(RuntimeError):
    """Another render is writing to the folder; the message says which process."""

    def __init__(self, folder: Path, pid: str) -> None:
        self.folder = folder
        self.pid = pid
        who = f" (pid {pid})" if pid else ""
        super().__init__(
            f"another render is writing to {folder}{who}; wait for it to finish or choose another --out folder"
        )


def cannot_write(exc: OSError, where: Path | str | None = None) -> str:
    """The one wording of a failed write: "cannot write PATH: reason" (the path the OS names,
    else ``where``)."""
    path = exc.filename or where
    return f"cannot write{f' {path}' if path else ''}: {exc.strerror or exc}"


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
