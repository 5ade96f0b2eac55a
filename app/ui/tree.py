"""The campaign tree: campaign settings, brand, video settings, goal, people (with their
card and video outputs) and spotlights. Selecting an item announces its key: a JSON path
(``people[1]``) for things the inspector edits, or an output key (``card:quote:instagram-square``
under a person) for things the preview shows."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from app.ui.document import Document

KEY = Qt.ItemDataRole.UserRole


class CampaignTree(QTreeWidget):
    selected = Signal(str, str)  # (JSON path of the object, output key or "")

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setObjectName("campaignTree")
        self._document = document
        self._built = False
        document.changed.connect(self._on_changed)
        self.currentItemChanged.connect(self._on_current)
        self.rebuild()

    def rebuild(self) -> None:
        """Rebuild from the document, keeping what the user had open and selected: the same
        items stay expanded, and the selection stays on its item (or, when an undo removed
        it, moves to its parent) instead of jumping to the top."""
        current = self.current_keys()
        expanded = {item.data(0, KEY) for item in self._items() if item.isExpanded()} if self._built else None
        self.blockSignals(True)
        self.clear()
        c = self._document.campaign
        self._add(None, self.tr("Campaign"), "")
        self._add(None, self.tr("Brand"), "brand")
        self._add(None, self.tr("Video settings"), "video")
        if c.goal is not None:
            self._add(None, self.tr("Goal"), "goal")
        self._add(None, self.tr("Outputs"), "outputs")
        people = self._add(None, self.tr("People"), "people")
        for i, person in enumerate(c.people):
            item = self._add(people, f"{person.name.en} · {person.name.ar}", f"people[{i}]")
            for kind, outputs, mark in (("card", c.outputs.cards, ""), ("video", c.outputs.videos, "▶ ")):
                for output in outputs:
                    for preset in output.presets:
                        key = f"{kind}:{output.template}:{preset}"
                        name = self.tr(output.template)  # a template's name, translated
                        self._add(item, f"{mark}{name} — {preset}", f"people[{i}]", key)
        if c.spotlights:
            spots = self._add(None, self.tr("Spotlights"), "spotlights")
            for i, spot in enumerate(c.spotlights):
                self._add(spots, f"{spot.name.en} · {spot.name.ar}", f"spotlights[{i}]")
        if expanded is None:
            self.expandToDepth(0)
        else:
            for item in self._items():
                item.setExpanded(item.data(0, KEY) in expanded)
        self._built = True
        self.blockSignals(False)
        if not self._select(current) and current is not None:
            self._select((current[0], "")) or self._select((current[0].split("[")[0], ""))

    def _add(self, parent: QTreeWidgetItem | None, text: str, path: str, output: str = "") -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setData(0, KEY, (path, output))
        if parent is None:
            self.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def current_keys(self) -> tuple[str, str] | None:
        item = self.currentItem()
        return item.data(0, KEY) if item else None

    def select(self, path: str, output: str = "") -> None:
        self._select((path, output))

    def _select(self, keys: tuple[str, str] | None) -> bool:
        if keys is None:
            return False
        for item in self._items():
            if item.data(0, KEY) == tuple(keys):
                self.setCurrentItem(item)
                return True
        return False

    def _items(self) -> list[QTreeWidgetItem]:
        out = []
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            out.append(item)
            stack.extend(item.child(i) for i in range(item.childCount()))
        return out

    def _on_current(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if item is not None:
            path, output = item.data(0, KEY)
            self.selected.emit(path, output)

    def _on_changed(self, where: str) -> None:
        # Names show in the tree; structural edits ("" = people added/removed) rebuild it.
        if (
            where == ""
            or where.endswith(".name.en")
            or where.endswith(".name.ar")
            or where.startswith("outputs")
        ):
            self.rebuild()
