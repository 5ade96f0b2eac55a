"""Move a project file to another folder without breaking its media paths.

Media paths are written relative to the project file, so saving a campaign into another
folder (Save As, or saving a new campaign started from the bundled example) would leave every
path pointing at nothing. :func:`relocate` rewrites each path against the new folder; a file
that would end up outside the new project folder is copied into it (a project folder that
holds its own media can be zipped, moved and reopened anywhere).
"""

from __future__ import annotations

import filecmp
import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .atomic import copy_atomic
from .campaign import Campaign
from .paths import set_at
from .project import all_media


def relocate(campaign: Campaign, old_root: Path, new_root: Path) -> Campaign:
    """``campaign`` with its media paths valid from ``new_root``; files outside ``new_root``
    are copied into it (keeping their relative place when that is free, else into
    ``media/``). Paths to files that do not exist are kept as written (validation reports
    them). Raises OSError when a copy fails."""
    old_root, new_root = old_root.resolve(), new_root.resolve()
    if old_root == new_root:
        return campaign
    data = campaign.model_dump(mode="json", by_alias=True, exclude_unset=True)
    taken: dict[Path, Path] = {}  # target -> the source copied there
    for where, written, _kind in list(all_media(data)):
        source = (old_root / written).resolve()
        if not source.is_file():
            continue
        if source.is_relative_to(new_root):
            set_at(data, where, _posix(source.relative_to(new_root)))
            continue
        target = _place(source, written, new_root, taken)
        taken[target] = source
        if not (target.exists() and filecmp.cmp(source, target, shallow=False)):
            copy_atomic(source, target)
        set_at(data, where, _posix(target.relative_to(new_root)))
    return Campaign.model_validate(data)


def _place(source: Path, written: str, root: Path, taken: dict[Path, Path]) -> Path:
    """Where a copied file goes: its written relative place when that stays inside ``root``
    and holds nothing else; otherwise ``media/NAME`` (numbered when the name is taken)."""
    relative = PurePosixPath(written.replace("\\", "/"))
    if not relative.is_absolute() and ".." not in relative.parts:
        target = root / relative
        if _free(target, source, taken):
            return target
    return media_place(source, root, lambda target: _free(target, source, taken))


def media_place(source: Path, root: Path, free: Callable[[Path], bool] | None = None) -> Path:
    """Where ``source`` goes in the project folder ``root``: ``media/NAME``, numbered
    (``NAME-1.ext``...) when that name is taken by a different file. ``free(target)`` says
    whether a target may receive it (by default: it holds nothing, or the same bytes).
    Raises OSError when no name is free."""
    stem, suffix = source.stem, source.suffix
    for n in range(10_000):
        target = root / "media" / (f"{stem}{suffix}" if n == 0 else f"{stem}-{n}{suffix}")
        if free(target) if free is not None else _holds(target, source):
            return target
    raise OSError(f"no free name for {source.name} in {root / 'media'}")


def _holds(target: Path, source: Path) -> bool:
    """``target`` holds nothing yet, or already holds the bytes of ``source``."""
    return not target.exists() or (target.is_file() and filecmp.cmp(source, target, shallow=False))


def _free(target: Path, source: Path, taken: dict[Path, Path]) -> bool:
    """``target`` may receive ``source``: it already holds it, or holds nothing yet."""
    if target in taken:
        return taken[target] == source
    return _holds(target, source)


def _posix(path: Path) -> str:
    return PurePosixPath(*path.parts).as_posix() if path.parts else os.curdir
