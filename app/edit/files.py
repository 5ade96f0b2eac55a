"""Where a file goes in a project: adopting it into ``media/``, checking a written path, and
listing the media files a project folder holds.

Pure file-system work with no Qt, shared by every place the Studio takes a file (a media
field, the timeline, the media bin) and usable from scripts: a path inside the project folder
is written relative to it; a file from elsewhere is copied into ``<project>/media/`` under a
name no different file has.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..model.atomic import copy_atomic
from ..model.fields import kind_of_file
from ..model.project import locate
from ..model.relocate import media_place

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


def adopt(file: Path, root: Path, copy_outside: bool = True) -> str:
    """The path to write for ``file`` in a project whose folder is ``root``: relative (posix)
    when it is inside the folder; otherwise copied into ``<root>/media/`` first (never over a
    different file of the same name: ``name-1.ext``...; an identical file there is reused),
    as Save As places files (:func:`takatof.model.relocate.media_place`).

    With ``copy_outside=False`` (an untitled campaign, whose folder is the bundled example's
    and no place to copy into) an outside file is written as its absolute path; the first save
    copies it beside the project. Raises OSError when the copy fails."""
    source = file.resolve()
    root = root.resolve()
    if source.is_relative_to(root):
        return source.relative_to(root).as_posix()
    if not copy_outside:
        return source.as_posix()
    target = media_place(source, root)
    if not target.exists():
        copy_atomic(source, target)
    return target.relative_to(root).as_posix()


def resolve(written: str, root: Path) -> Path:
    """The file a written media path names (relative paths are relative to ``root``)."""
    return (root / written).resolve()


def where_problem(written: str, root: Path, allow_outside: bool, tr: Translate = _same) -> str | None:
    """What a look at the folder finds wrong with the written path ``written`` (no decoding:
    cheap enough to run on every keystroke; :func:`takatof.model.project.locate`, as validation). ``tr`` translates each message template before
    it is filled in (the Studio passes its translator)."""
    if not written.strip():
        return None
    try:
        path = resolve(written, root)
        where = locate(path, root, allow_outside)
    except (OSError, ValueError) as exc:
        return str(exc)
    if where == "outside":
        return tr("outside the project folder; move it inside {root}").format(root=root)
    if where == "missing":
        return tr("file not found (looked for {path})").format(path=path)
    if where == "unreadable":
        return tr("cannot be read; check its permissions")
    if where == "a folder":
        return tr("a folder, not a file")
    return tr("not a regular file ({what})").format(what=where) if where else None


SKIP_FOLDERS = frozenset({"out", "__pycache__", "node_modules", "venv", ".venv"})
"""Folders never listed: render outputs and tooling, besides every hidden folder."""


def media_files(root: Path, kinds: tuple[str, ...], limit: int) -> tuple[list[tuple[Path, str]], list[Path]]:
    """The files of ``kinds`` under ``root`` (kind by file name), at most ``limit`` of them (a
    project saved in a home folder must not walk the whole disk), and the folders looked in."""
    found: list[tuple[Path, str]] = []
    folders: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_FOLDERS)
        folders.append(Path(folder))
        for name in sorted(files):
            kind = kind_of_file(Path(name))
            if kind in kinds and not name.startswith("."):
                found.append((Path(folder) / name, kind))
                if len(found) >= limit:
                    return found, folders
    return found, folders
