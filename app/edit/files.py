"""Where a file goes in a project: adopting it into ``media/`` and checking a written path.

Pure file-system work with no Qt, shared by every place the Studio takes a file (a media
field, the timeline, the media bin) and usable from scripts: a path inside the project folder
is written relative to it; a file from elsewhere is copied into ``<project>/media/`` under a
name no different file has.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Callable
from pathlib import Path

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


def adopt(file: Path, root: Path, copy_outside: bool = True) -> str:
    """The path to write for ``file`` in a project whose folder is ``root``: relative (posix)
    when it is inside the folder; otherwise copied into ``<root>/media/`` first (never over a
    different file of the same name: ``name-1.ext``...; an identical file there is reused).

    With ``copy_outside=False`` (an untitled campaign, whose folder is the bundled example's
    and no place to copy into) an outside file is written as its absolute path; the first save
    copies it beside the project. Raises OSError when the copy fails."""
    source = file.resolve()
    root = root.resolve()
    if source.is_relative_to(root):
        return source.relative_to(root).as_posix()
    if not copy_outside:
        return source.as_posix()
    folder = root / "media"
    stem, suffix = source.stem, source.suffix
    for n in range(10_000):
        target = folder / (f"{stem}{suffix}" if n == 0 else f"{stem}-{n}{suffix}")
        if target.exists():
            if target.is_file() and filecmp.cmp(source, target, shallow=False):
                return target.relative_to(root).as_posix()
            continue
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        return target.relative_to(root).as_posix()
    raise OSError(f"no free name for {source.name} in {folder}")


def resolve(written: str, root: Path) -> Path:
    """The file a written media path names (relative paths are relative to ``root``)."""
    return (root / written).resolve()


def where_problem(written: str, root: Path, allow_outside: bool, tr: Translate = _same) -> str | None:
    """What a look at the folder finds wrong with the written path ``written`` (no decoding:
    cheap enough to run on every keystroke). ``tr`` translates each message template before
    it is filled in (the Studio passes its translator)."""
    if not written.strip():
        return None
    try:
        path = resolve(written, root)
        if not allow_outside and not path.is_relative_to(root.resolve()):
            return tr("outside the project folder; move it inside {root}").format(root=root)
        if not path.exists():
            return tr("file not found (looked for {path})").format(path=path)
        if not path.is_file():
            return tr("a folder, not a file")
        if not os.access(path, os.R_OK):
            return tr("cannot be read; check its permissions")
    except (OSError, ValueError) as exc:
        return str(exc)
    return None
