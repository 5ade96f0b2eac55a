"""Results computed from a file, cached per version of the file.

Validation, the video checks, the renderer and the Studio read the same files over and
over (a photo's size, a clip's probe, a sound's waveform, a file's content hash), and a file
may change between two reads (the person saved a new version). :func:`per_file_version`
caches a function of a path by the path *and* its ``(st_mtime_ns, st_size)``: an unchanged
file is never read twice, a changed one always is. One helper, so every such cache keys the
same way and none forgets the size or keeps a stale entry for ever.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

Version = tuple[int, int]
"""A file's version: its modification time in nanoseconds and its size in bytes."""


def version(path: Path | str) -> Version:
    """The version of the file at ``path`` (raises OSError when there is no such file)."""
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size


class PerFileVersion(Generic[P, R]):
    """``fn(path, *args)`` cached by (path, version, args); see :func:`per_file_version`."""

    def __init__(self, fn: Callable[Concatenate[Path, P], R], maxsize: int) -> None:
        self._fn = fn
        self._cached: Any = functools.lru_cache(maxsize=maxsize)(self._call)
        functools.update_wrapper(self, fn)

    def _call(self, path: Path, _version: Version, *args: Any, **kwargs: Any) -> R:
        return self._fn(path, *args, **kwargs)

    def __call__(self, path: Path, *args: P.args, **kwargs: P.kwargs) -> R:
        """The cached result for this version of the file; OSError when it cannot be looked at."""
        result: R = self._cached(path, version(path), *args, **kwargs)
        return result

    def cache_clear(self) -> None:
        self._cached.cache_clear()

    def cache_info(self) -> Any:
        return self._cached.cache_info()


def per_file_version(
    maxsize: int = 128,
) -> Callable[[Callable[Concatenate[Path, P], R]], PerFileVersion[P, R]]:
    """Decorate ``fn(path, *args)`` to cache its result per file version: the key is the path,
    the file's ``(st_mtime_ns, st_size)`` and the other arguments (which must be hashable).
    The file is looked at (``stat``) on every call, never read when its version is cached;
    a ``stat`` that fails raises OSError before ``fn`` runs. Thread-safe as ``lru_cache`` is
    (two threads may compute the same entry once each)."""

    def decorate(fn: Callable[Concatenate[Path, P], R]) -> PerFileVersion[P, R]:
        return PerFileVersion(fn, maxsize)

    return decorate
