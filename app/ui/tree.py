"""The campaign tree: campaign settings (with the campaign-wide outputs: its cards, reels and
films, carousels, animated cards), brand, video settings, goal, people (with their card and
video outputs, and their films) and spotlights. Each item stands for a :class:`Node`: the JSON
path of the object the inspector edits (``people[1]``; ``outputs`` for a campaign-wide output)
and, for an output, the :class:`~takatof.ui.preview.Output` the preview shows. Selecting an
item announces both.

The campaign-wide outputs and a person's films are listed from the render's own jobs
(:func:`~takatof.ui.preview.listed_outputs`): one item per output and preset that ``takatof
render`` makes, grouped under the campaign by kind (:data:`GROUPS`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from ..model import Campaign, Multilingual
from ..model.paths import parse_path
from ..templates import registry
from .document import Document
from .i18n import interface_language
from .preview import Output, group_cards, languages_text, listed_outputs, outputs_of

KEY = Qt.ItemDataRole.UserRole
_NAME = re.compile(r"^(people|spotlights)\[\d+\]\.name(\.|$)")
# A person's clips decide whether they have a film (everyone with footage, by default).
_CLIPS = re.compile(r"^people\[\d+\]\.clips$")  # the list itself: clips added or removed


@dataclass(frozen=True)
class Node:
    """What a tree item stands for: the object at ``path`` and, under a person, one of its
    outputs (None for the person itself and every other item)."""

    path: str
    output: Output | None = None
    group: str = ""  # a group of the campaign's outputs (its first kind): not an output itself


GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Reels & films", ("reel", "film")),
    ("Carousels", ("carousel",)),
    ("Animated cards", ("animated",)),
)
"""The campaign-wide outputs' groups under the campaign item, by job kind, in this order."""

LISTED_KINDS = {kind for _, kinds in GROUPS for kind in kinds}

MARKS = {"video": "▶ ", "reel": "▶ ", "film": "▶ ", "carousel": "▤ ", "animated": "◐ "}
"""The mark before an output's name in the tree, by kind (a card has none)."""


class CampaignTree(QTreeWidget):
    selected = Signal(str, object)  # (JSON path of the object, Output or None)

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setObjectName("campaignTree")
        self._document = document
        self._built = False
        document.changed.connect(self._on_changed)
        self.currentItemChanged.connect(self._on_current)
        self.rebuild()

    def set_document(self, document: Document) -> None:
        """Show another document's campaign (a project opened in the same window): its
        items laid out afresh, nothing selected until the window selects something."""
        if document is not self._document:
            self._document.changed.disconnect(self._on_changed)
            self._document = document
            document.changed.connect(self._on_changed)
        self._built = False
        self.blockSignals(True)
        self.clear()  # what was selected belongs to the previous campaign
        self.blockSignals(False)
        self.rebuild()

    def retranslate(self) -> None:
        """The item texts in the interface language; what is open and selected stays, and
        nothing is announced (the selection is the same object)."""
        self.rebuild(announce=False)

    def rebuild(self, announce: bool = True) -> None:
        """Rebuild from the document, keeping what the user had open and selected: the same
        items stay expanded, and the selection stays on its item (or, when an undo removed
        it, moves to its parent) instead of jumping to the top. The selection is announced
        again (``announce``): the object at the same path may be another person now."""
        current = self.current()
        expanded = {self.node(item) for item in self.items() if item.isExpanded()} if self._built else None
        self.blockSignals(True)
        self.clear()
        c = self._document.campaign
        cards = outputs_of(c, "card")
        listed = self._listed()
        groups: list[QTreeWidgetItem] = []
        campaign = self._add(None, self.tr("Campaign"), Node(""))
        # Each card under what it is made for: a person's, a spotlight's, the campaign's.
        for output in _of_scope(cards, "campaign") + self._group_cards():
            self._add(campaign, self._output_text(output, c), Node("", output))
        for title, kinds in GROUPS:
            wide = [output for who, output in listed if who is None and output.kind in kinds]
            if wide:
                group = self._add(campaign, self.tr(title), Node("outputs", group=kinds[0]))
                groups.append(group)
                for output in wide:
                    self._add(group, self._output_text(output, c), Node("outputs", output))
        self._add(None, self.tr("Brand"), Node("brand"))
        self._add(None, self.tr("Video settings"), Node("video"))
        if c.goal is not None:
            self._add(None, self.tr("Goal"), Node("goal"))
        self._add(None, self.tr("Outputs"), Node("outputs"))
        people = self._add(None, self.tr("People"), Node("people"))
        for i, person in enumerate(c.people):
            at = f"people[{i}]"
            item = self._add(people, self._name(person.name), Node(at))
            own = [output for who, output in listed if who == person.id]
            for output in _of_scope(cards, "person") + outputs_of(c, "video") + own:
                self._add(item, self._output_text(output, c), Node(at, output))
        if c.spotlights:
            spots = self._add(None, self.tr("Spotlights"), Node("spotlights"))
            for i, spot in enumerate(c.spotlights):
                at = f"spotlights[{i}]"
                item = self._add(spots, self._name(spot.name), Node(at))
                own = [output for who, output in listed if who == spot.id]
                for output in _of_scope(cards, "spotlight") + own:
                    self._add(item, self._output_text(output, c), Node(at, output))
        if expanded is None:
            self.expandToDepth(0)
            for group in groups:  # the campaign's outputs in sight, as the people are
                group.setExpanded(True)
        else:
            for item in self.items():
                item.setExpanded(self.node(item) in expanded)
        self._built = True
        self.blockSignals(not announce)
        try:
            if current is not None and not self.select_node(current) and not self._select_like(current):
                section = str(parse_path(current.path)[0]) if current.path else ""
                self.select_node(Node(current.path)) or self.select_node(Node(section))
        finally:
            self.blockSignals(False)

    def _listed(self) -> list[tuple[str | None, Output]]:
        """The campaign-wide outputs and the films, as a render lists them; none while the
        project cannot list them (its problems panel says why)."""
        try:
            return listed_outputs(self._document.project(), LISTED_KINDS)
        except (LookupError, ValueError, TypeError):
            return []

    def _group_cards(self) -> list[Output]:
        """The group cards, with whom each features (none while they cannot be listed)."""
        try:
            return group_cards(self._document.project())
        except (LookupError, ValueError, TypeError):
            return []

    def _output_text(self, output: Output, c: Campaign) -> str:
        """An output as the tree names it: its template (and its own id where that says more)
        and preset, translated, and its languages where they are not simply the campaign's."""
        mark = MARKS.get(output.kind, "")
        name = self.tr(output.template)  # a template's name, translated
        if output.variant and output.variant != output.template:
            name = f"{name} “{output.variant}”"
        text = f"{mark}{name} — {self.tr(output.preset)}"  # the preset's name, translated
        if output.named or len(c.languages) > len(output.languages):
            text += f" · {languages_text(output.languages)}"  # which of the campaign's
        return text

    def _name(self, name: Multilingual) -> str:
        """A person's or spotlight's name in two of the campaign's languages, the interface's
        own first when the campaign has it ("Hala · هالة" in English, "هالة · Hala" in Arabic)."""
        languages = list(self._document.campaign.languages)
        ui = interface_language()
        order = sorted(languages, key=lambda code: code.split("-")[0] != ui)
        shown = [name.get(code) for code in order if name.get(code)][:2]
        return " · ".join(shown) or "…"

    def _select_like(self, node: Node) -> bool:
        """Select the same output of the same person in the languages it prints now (the
        campaign's languages were reordered, or the output chose others)."""
        if node.output is None:
            return False
        shape = (node.output.kind, node.output.template, node.output.preset, node.output.variant)
        for item in self.items():
            other = self.node(item)
            output = other.output
            if (
                other.path == node.path
                and output is not None
                and (output.kind, output.template, output.preset, output.variant) == shape
            ):
                self.setCurrentItem(item)
                return True
        return False

    def _add(self, parent: QTreeWidgetItem | None, text: str, node: Node) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setData(0, KEY, node)
        if parent is None:
            self.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    @staticmethod
    def node(item: QTreeWidgetItem) -> Node:
        """What ``item`` stands for."""
        node = item.data(0, KEY)
        assert isinstance(node, Node)
        return node

    def current(self) -> Node | None:
        """What the selected item stands for (None when nothing is selected)."""
        item = self.currentItem()
        return self.node(item) if item is not None else None

    def select(self, path: str, output: Output | None = None) -> bool:
        """Select the item of the object at ``path`` (or of its ``output``); False when the
        tree has no such item."""
        return self.select_node(Node(path, output))

    def select_node(self, node: Node) -> bool:
        item = self.item(node)
        if item is None:
            return False
        self.setCurrentItem(item)
        return True

    def item(self, node: Node) -> QTreeWidgetItem | None:
        """The item that stands for ``node``, if the tree shows it."""
        return next((item for item in self.items() if self.node(item) == node), None)

    def items(self) -> list[QTreeWidgetItem]:
        """Every item, parents before their children."""
        out: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            if item is None:
                continue
            out.append(item)
            stack.extend(item.child(i) for i in range(item.childCount()))
        return out

    def _on_current(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if item is not None:
            node = self.node(item)
            self.selected.emit(node.path, node.output)

    def _on_changed(self, where: str) -> None:
        # Names show in the tree; structural edits ("" = people added/removed) rebuild it, and
        # so does a person's footage coming or going (their film).
        if (
            where == ""
            or _NAME.search(where)
            or _CLIPS.search(where)
            or where.startswith(("outputs", "languages"))
        ):
            self.rebuild()


def _of_scope(cards: list[Output], scope: str) -> list[Output]:
    """The card outputs whose template is made for ``scope`` (person, spotlight, campaign)."""
    return [
        o for o in cards if o.template in registry.names("card") and registry.get(o.template).scope == scope
    ]
