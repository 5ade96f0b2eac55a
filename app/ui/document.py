"""The document Takatof Studio edits: one campaign, its file, and an undo stack.

Every edit is computed by :mod:`takatof.edit` (Qt-free: JSON paths in, an :class:`~takatof.edit.Edit`
of changes out) and made here as a command on the QUndoStack that swaps whole campaign
snapshots (campaigns are plain pydantic data, rebuilt and validated on each edit), so undo and
redo are exact for every kind of edit — a text, a colour, adding or removing a person, renaming
an id everywhere it is referenced — with no per-field code. Widgets receive the document and
subscribe to ``changed``; none of them edits the model directly.
"""

from __future__ import annotations

import contextlib
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from .. import edit as edits
from ..edit import Edit
from ..model import Campaign, Problem, Project, save_project
from ..model.paths import get_at, with_values
from ..model.relocate import relocate

Replace = Callable[[Campaign, str], None]


class _Swap(QUndoCommand):
    """Replace the campaign (through ``replace``, the document's own setter); undo puts the
    previous one back."""

    def __init__(self, replace: Replace, before: Campaign, after: Campaign, text: str, where: str) -> None:
        super().__init__(text)
        self._replace, self._before, self._after, self._where = replace, before, after, where

    def redo(self) -> None:
        self._replace(self._after, self._where)

    def undo(self) -> None:
        self._replace(self._before, self._where)


class Document(QObject):
    changed = Signal(str)  # the JSON path that changed ("" when the whole campaign may have)
    dirty_changed = Signal(bool)
    path_changed = Signal()

    def __init__(
        self, project: Project | None = None, campaign: Campaign | None = None, base: Path | None = None
    ) -> None:
        """A document of a project file, or an untitled ``campaign`` whose media paths are
        relative to ``base`` (the bundled example's folder for a new campaign)."""
        super().__init__()
        if project is not None:
            campaign = project.campaign
        if campaign is None:
            raise ValueError("a document needs a project or a campaign")
        self._campaign: Campaign = campaign
        self._path: Path | None = project.path if project else None
        self._base = base
        self._cache: tempfile.TemporaryDirectory[str] | None = None
        self._allow_outside = project.allow_outside if project else False
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(_dirty_relay(self))

    # -- reading ------------------------------------------------------------------------

    @property
    def campaign(self) -> Campaign:
        return self._campaign

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def preview_cache(self) -> Path:
        """The preview's asset cache: one folder per document, made when first needed and
        removed by :meth:`close` (previews of an edited document reuse what they drew)."""
        if self._cache is None:
            self._cache = tempfile.TemporaryDirectory(prefix="takatof-preview-")
        return Path(self._cache.name)

    def close(self) -> None:
        """The document is no longer shown: remove its preview cache."""
        if self._cache is not None:
            self._cache.cleanup()
            self._cache = None

    @property
    def allow_outside(self) -> bool:
        """Whether media may lie outside the project's folder: untitled work may name files
        anywhere (the first save copies them beside the project), a saved project as opened."""
        return self._path is None or self._allow_outside

    def set_recovered_path(self, path: Path | None) -> None:
        """After crash recovery: the restored work belongs to ``path`` but is not saved."""
        self._path = path
        self.path_changed.emit()

    @property
    def media_root(self) -> Path:
        """The folder media paths are relative to: the file's, else the untitled base."""
        if self._path is not None:
            return self._path.resolve().parent
        return (self._base or Path.cwd()).resolve()

    def project(self) -> Project:
        """The campaign as a project (media resolved next to the file, or the base folder)."""
        return Project(self._campaign, self._path or self.media_root / "untitled.json", self._allow_outside)

    def data(self) -> dict[str, Any]:
        """The campaign as written: what the edits of :mod:`takatof.edit` read. Fields the file
        never set stay out (defaults are not filled in), so an edit that moves or copies a
        whole person or list writes back only what was there, and a round trip of edits
        saves the file it started from."""
        return self._campaign.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def get(self, path: str) -> Any:
        """The value at ``path`` as the campaign uses it (a default where the file is silent)."""
        return get_at(self._campaign.model_dump(mode="json", by_alias=True), path)

    # -- editing (every edit is an undoable command) -------------------------------------

    def apply(self, edit: Edit) -> list[Problem]:
        """Make ``edit`` one undoable command. Returns the problems (and changes nothing) when
        the result is invalid, or when a change reaches into a section read from a spreadsheet,
        so the widget can mark the field with the message."""
        if edit.empty:
            return []
        for change in edit.changes:
            sheet = self.sheet_source(change.path)
            if sheet is not None:
                return [Problem(change.path, sheet)]
        after, problems = with_values(self._campaign, [(c.path, c.new) for c in edit.changes])
        if after is None:
            return problems
        self.undo_stack.push(_Swap(self._replace, self._campaign, after, edit.text, edit.where))
        return []

    def set(self, path: str, value: Any, text: str | None = None) -> list[Problem]:
        """Put ``value`` at ``path`` (:func:`takatof.edit.set_value`: an id is renamed everywhere
        it is referenced)."""
        return self.apply(edits.set_value(self.data(), path, value, text))

    def sheet_source(self, path: str) -> str | None:
        """Why ``path`` cannot be edited here: it was read from a spreadsheet (saving writes
        the sheet's reference, not its rows), so the message says where to edit it."""
        for section, source in self._campaign.sources.items():
            if path == section or path.startswith((f"{section}[", f"{section}.")):
                where = f"{source.get('from')}" + (
                    f", sheet {source['sheet']}" if source.get("sheet") else ""
                )
                row = _row_of(path, section)
                at = f" row {row + 2}" if row is not None else ""
                return f"this comes from the spreadsheet {where}{at}; edit it there"
        return None

    def add_person(self) -> int:
        self._people_edit(edits.add_person(self.data()))
        return len(self._campaign.people) - 1

    def duplicate_person(self, index: int) -> int:
        self._people_edit(edits.duplicate_person(self.data(), index))
        return index + 1

    def remove_person(self, index: int) -> bool:
        try:
            edit = edits.remove_person(self.data(), index)
        except ValueError:
            return False  # no such person
        self._people_edit(edit)
        return True

    def move_person(self, index: int, to: int) -> None:
        self._people_edit(edits.move_person(self.data(), index, to))

    def _people_edit(self, edit: Edit) -> None:
        problems = self.apply(edit)
        if problems:  # a sheet's people, or the model refuses it (a spotlight naming a removed person...)
            raise ValueError("; ".join(p.message if p.path == "people" else str(p) for p in problems))

    def _replace(self, campaign: Campaign, where: str) -> None:
        self._campaign = campaign
        self.changed.emit(where)

    # -- files ----------------------------------------------------------------------------

    def save(self, path: Path | None = None) -> Path:
        """Atomic save (temporary file, rename, previous file kept as .bak); marks clean.
        Saving into another folder rewrites the media paths for it, copying media that would
        be outside the new project folder into it, so the saved file always reopens."""
        target = Path(path or self._path or "")
        if not target.name:
            raise ValueError("no file name to save to")
        target = target.absolute()
        relocated = self._campaign
        if target.parent.resolve() != self.media_root:
            relocated = relocate(self._campaign, self.media_root, target.parent)
        save_project(relocated, target)
        if target != self._path:
            self._path = target
            self.path_changed.emit()
        self.undo_stack.setClean()
        if relocated != self._campaign:
            # Media paths now read from the new folder: every panel shows them afresh.
            self._replace(relocated, "")
        return target


def _row_of(path: str, section: str) -> int | None:
    """The list index in ``people[3].name`` (its spreadsheet row is one more, after the header)."""
    rest = path[len(section) :]
    if rest.startswith("[") and "]" in rest:
        index = rest[1 : rest.index("]")]
        return int(index) if index.isdigit() else None
    return None


def _dirty_relay(document: Document) -> Callable[[bool], None]:
    """What the undo stack's ``cleanChanged`` calls: the document's ``dirty_changed``, through
    a weak reference and not a method of the document. The Studio's tests now and then saw
    "Slot 'Document::' not found" raised into Qt's event loop while a test started: a signal
    delivered to a slot of a Document that was being destroyed (its Python object is collected
    at any moment; the stack is its child, and clearing it announces a clean change). That
    method was the only slot a Document had; a plain function that finds no document, or one
    whose C++ side is gone, does nothing instead. (Not reproduced on demand: the collection's
    timing decides.)"""
    ref = weakref.ref(document)

    def relay(clean: bool) -> None:
        found = ref()
        if found is not None:
            with contextlib.suppress(RuntimeError):  # its C++ object is already deleted
                found.dirty_changed.emit(not clean)

    return relay
