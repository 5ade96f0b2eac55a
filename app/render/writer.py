"""The one writer: commits a job's product into the output folder.

Every file goes in atomically (a temporary file beside its target, unique per run, renamed
over it: :mod:`takatof.render.files`), with the usual permissions; an output is written whole or
not at all (a card without its alt text, a video without its captions is not the output asked
for), and what could not be written is the output's failed entry with the one "cannot write
PATH: reason" message. Only the process that holds the folder's lock calls it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .files import cannot_write, settle, temp_beside, write_atomic
from .jobs import Product
from .manifest import OutputEntry


def commit(product: Product, out_dir: Path, key: str | None = None) -> list[OutputEntry]:
    """Write ``product``'s files under ``out_dir`` and return its entries, stamped with ``key``.
    A failed write removes the files of this output already written and its temporary files,
    and returns the output's entry failed with the message naming the file (its sidecars'
    entries are dropped with their files). An interrupt (Ctrl-C) rolls back the same way."""
    written: list[Path] = []
    rel = ""
    try:
        for rel, content in product.files:
            target = out_dir / rel
            if isinstance(content, Path):
                _move(content, target)
            else:
                write_atomic(target, content)
            written.append(target)
    except OSError as exc:
        _roll_back(product, written)
        entries: list[OutputEntry] = [product.entries[0].failed(cannot_write(exc, out_dir / rel))]
    except BaseException:
        _roll_back(product, written)
        raise
    else:
        entries = list(product.entries)
    return [entry.keyed(key) for entry in entries] if key is not None else entries


def _move(tmp: Path, target: Path) -> None:
    """A finished temporary file into place: renamed when it lies beside its target (made
    there by :func:`temp_beside`), else copied beside it first so the rename stays atomic."""
    if tmp.parent.resolve() != target.parent.resolve():
        beside = temp_beside(target)
        try:
            shutil.copyfile(tmp, beside)  # streamed: a video is not read into memory
        except BaseException:
            beside.unlink(missing_ok=True)
            raise
        tmp.unlink(missing_ok=True)
        tmp = beside
    try:
        settle(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _roll_back(product: Product, written: list[Path]) -> None:
    for path in written:
        path.unlink(missing_ok=True)
    product.discard()
