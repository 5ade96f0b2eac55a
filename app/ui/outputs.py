"""The outputs editor: which card and video templates render, at which presets, in which of
the campaign's languages.

Template choosers list the registered templates of each kind; preset choosers list the
presets that kind can use; the languages chooser the campaign's languages (one or two, or the
campaign's first two by default). Every change is one undoable ``set("outputs", ...)``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..render.presets import preset_ids
from ..templates import registry
from ..templates.registry import Kind
from .document import Document
from .languages import OutputLanguages

SECTIONS: tuple[tuple[str, Kind], ...] = (("cards", "card"), ("videos", "video"))


class OutputsEditor(QWidget):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setObjectName("outputsEditor")
        self._document = document
        layout = QVBoxLayout(self)
        self.rows: dict[str, list[tuple[QComboBox, QListWidget, OutputLanguages]]] = {}
        outputs = document.get("outputs")
        for section, kind in SECTIONS:
            box = QGroupBox(self.tr("Card outputs") if kind == "card" else self.tr("Video outputs"))
            inner = QVBoxLayout(box)
            self.rows[section] = []
            for index, entry in enumerate(outputs.get(section, [])):
                inner.addWidget(self._row(section, kind, index, entry))
            add = QPushButton(self.tr("Add card output") if kind == "card" else self.tr("Add video output"))
            add.clicked.connect(lambda _=False, s=section, k=kind: self._add(s, k))
            inner.addWidget(add)
            layout.addWidget(box)
        layout.addStretch(1)

    def _row(self, section: str, kind: Kind, index: int, entry: dict[str, Any]) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        template = QComboBox()
        template.addItems(registry.names(kind))
        template.setCurrentText(entry["template"])
        presets = QListWidget()
        presets.setMaximumHeight(110)
        # The file's own presets first, in its order, then the others: ticking one preset
        # leaves the order of the rest as written (and a name the catalogue lacks is kept,
        # for validation to report, rather than dropped by an unrelated edit).
        written = list(entry["presets"])
        for preset in [*written, *(p for p in preset_ids(kind) if p not in written)]:
            item = QListWidgetItem(preset)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = preset in entry["presets"]
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            presets.addItem(item)
        remove = QPushButton(self.tr("Remove"))
        languages = OutputLanguages(self._document.campaign.languages, entry.get("languages"))
        languages.setToolTip(self.tr("Languages"))
        left = QVBoxLayout()
        left.addWidget(template)
        left.addWidget(languages)
        left.addStretch(1)
        line.addLayout(left, 1)
        line.addWidget(presets, 1)
        line.addWidget(remove)
        self.rows[section].append((template, presets, languages))
        template.currentTextChanged.connect(lambda _: self._commit())
        presets.itemChanged.connect(lambda _: self._commit())
        languages.changed.connect(self._commit)
        remove.clicked.connect(lambda _=False: self._remove(section, index))
        return row

    def value(self) -> dict[str, Any]:
        outputs: dict[str, Any] = {}
        for section, _kind in SECTIONS:
            outputs[section] = [
                {
                    "template": template.currentText(),
                    "presets": [
                        presets.item(i).text()
                        for i in range(presets.count())
                        if presets.item(i).checkState() == Qt.CheckState.Checked
                    ],
                    # Written only when chosen: an output that prints the campaign's first two
                    # stays as the file had it.
                    **({"languages": chosen} if (chosen := languages.value()) else {}),
                }
                for template, presets, languages in self.rows[section]
            ]
        return outputs

    def _commit(self) -> None:
        self._document.set("outputs", self.value(), self.tr("Edit outputs"))

    def _add(self, section: str, kind: Kind) -> None:
        outputs = self.value()
        outputs[section].append({"template": registry.names(kind)[0], "presets": [preset_ids(kind)[0]]})
        self._document.set("outputs", outputs, self.tr("Add output"))

    def _remove(self, section: str, index: int) -> None:
        outputs = self.value()
        del outputs[section][index]
        self._document.set("outputs", outputs, self.tr("Remove output"))
