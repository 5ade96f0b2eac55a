"""The outputs editor: which card and video templates render, at which presets, in which of
the campaign's languages.

Template choosers list the registered templates of each kind; preset choosers list the
presets that kind can use; the languages chooser the campaign's languages (one or two, or the
campaign's first two by default). Every change is one undoable ``set("outputs", ...)``.

A card output also names its layout: its row's layout button opens a gallery of live
thumbnails (:mod:`takatof.ui.layout_gallery`) under it, and the one picked is written the
same undoable way. This form is built again after every outputs edit, so which row's gallery
is open is remembered per document, not in the widgets."""

from __future__ import annotations

import copy
import weakref
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..render.presets import preset_ids
from ..templates import registry
from ..templates.cards.layouts import get_layout
from ..templates.registry import Kind
from .campaign_outputs import CampaignOutputs
from .document import Document
from .languages import OutputLanguages
from .layout_gallery import LayoutGallery, tr

SECTIONS: tuple[tuple[str, Kind], ...] = (("cards", "card"), ("videos", "video"))

# The card output whose layout gallery is open, per document: the form is rebuilt after each
# outputs edit (a pick included), and the gallery stays open across that.
_OPEN: weakref.WeakKeyDictionary[Document, int] = weakref.WeakKeyDictionary()
# The gallery made last for each document: after a pick made from the keyboard, the focus
# goes to it (the one it was in is gone with its form), so the arrow keys go on working.
_LATEST: weakref.WeakKeyDictionary[Document, LayoutGallery] = weakref.WeakKeyDictionary()


class OutputsEditor(QWidget):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setObjectName("outputsEditor")
        self._document = document
        layout = QVBoxLayout(self)
        self.rows: dict[str, list[tuple[QComboBox, QListWidget, OutputLanguages]]] = {}
        self.layouts: list[str | None] = []  # each card output's layout, as written (None: default)
        self.layout_buttons: list[QToolButton] = []
        self.gallery: LayoutGallery | None = None  # the open one, under its output's row
        self._columns: list[QVBoxLayout] = []  # each card row's column (the gallery goes last)
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
        self.campaign_outputs = CampaignOutputs(document)
        layout.addWidget(self.campaign_outputs)
        layout.addStretch(1)

    def _row(self, section: str, kind: Kind, index: int, entry: dict[str, Any]) -> QWidget:
        row = QWidget()
        column = QVBoxLayout(row)  # the output's choices; under them a card's layout gallery
        column.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        column.addLayout(line)
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
        if kind != "card":
            return row
        self.layouts.append(entry.get("layout"))
        button = QToolButton()
        button.setObjectName("layoutButton")
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setArrowType(Qt.ArrowType.DownArrow)  # it opens the gallery under the row
        button.setText(layout_text(entry.get("layout")))
        button.setToolTip(tr("Choose how this card is laid out"))
        left.insertWidget(2, button)
        self.layout_buttons.append(button)
        if _OPEN.get(self._document) == index:
            button.setChecked(True)
            button.setArrowType(Qt.ArrowType.UpArrow)
            column.addWidget(self._gallery(index))
        button.toggled.connect(lambda on: self._toggle_gallery(index, on))
        self._columns.append(column)
        return row

    def value(self) -> dict[str, Any]:
        """The outputs as the card and video rows say, and everything they do not show as
        written: the campaign-wide sections (reels, carousels...) and the keys of an entry
        the row has no widget for (a group card's ``subjects``), so an edit here never drops
        them."""
        outputs: dict[str, Any] = copy.deepcopy(self._document.data().get("outputs", {}))
        for section, _kind in SECTIONS:
            written = outputs.get(section, [])
            outputs[section] = [
                {
                    **_unshown(written[i] if i < len(written) else {}),
                    "template": template.currentText(),
                    "presets": [
                        presets.item(i).text()
                        for i in range(presets.count())
                        if presets.item(i).checkState() == Qt.CheckState.Checked
                    ],
                    # Written only when chosen: an output that prints the campaign's first two
                    # stays as the file had it.
                    **({"languages": chosen} if (chosen := languages.value()) else {}),
                    **({"layout": self.layouts[i]} if section == "cards" and self.layouts[i] else {}),
                }
                for i, (template, presets, languages) in enumerate(self.rows[section])
            ]
        return outputs

    # -- layouts ------------------------------------------------------------------------------

    def _gallery(self, index: int) -> LayoutGallery:
        self.gallery = LayoutGallery(self._document, index)
        _LATEST[self._document] = self.gallery
        self.gallery.picked.connect(lambda name: self.set_layout(index, name))
        return self.gallery

    def _toggle_gallery(self, index: int, on: bool) -> None:
        """Open the gallery of card output ``index`` (closing any other), or close it."""
        if on:
            _OPEN[self._document] = index
        elif _OPEN.get(self._document) == index:
            del _OPEN[self._document]
        for i, button in enumerate(self.layout_buttons):
            if i != index and button.isChecked():
                button.blockSignals(True)
                button.setChecked(False)
                button.blockSignals(False)
            button.setArrowType(Qt.ArrowType.UpArrow if button.isChecked() else Qt.ArrowType.DownArrow)
        if self.gallery is not None:
            self.gallery.hide()
            self.gallery.deleteLater()
            self.gallery = None
        if on:
            gallery = self._gallery(index)
            self._columns[index].addWidget(gallery)
            gallery.setFocus()

    def set_layout(self, index: int, name: str) -> None:
        """Card output ``index`` laid out as ``name`` (``""``: its default): one undoable edit."""
        outputs = self.value()
        entry = outputs["cards"][index]
        entry.pop("layout", None)
        if name:
            entry["layout"] = name
        focused = self.gallery is not None and self.gallery.hasFocus()
        self._document.set("outputs", outputs, tr("Choose layout"))
        if focused:  # after the form is built again (queued by the edit, so it runs first)
            document = self._document
            QTimer.singleShot(0, document, lambda: _focus_gallery(document))

    def _commit(self) -> None:
        self._document.set("outputs", self.value(), self.tr("Edit outputs"))

    def _add(self, section: str, kind: Kind) -> None:
        outputs = self.value()
        outputs[section].append({"template": registry.names(kind)[0], "presets": [preset_ids(kind)[0]]})
        self._document.set("outputs", outputs, self.tr("Add output"))

    def _remove(self, section: str, index: int) -> None:
        outputs = self.value()
        del outputs[section][index]
        opened = _OPEN.get(self._document)
        if section == "cards" and opened is not None and opened >= index:
            if opened == index:
                del _OPEN[self._document]
            else:
                _OPEN[self._document] = opened - 1  # the same output's gallery stays open
        self._document.set("outputs", outputs, self.tr("Remove output"))


_SHOWN = ("template", "presets", "languages", "layout")


def _unshown(entry: Any) -> dict[str, Any]:
    """An entry's keys that the card and video rows have no widget for."""
    return {k: v for k, v in entry.items() if k not in _SHOWN} if isinstance(entry, dict) else {}


def layout_text(layout: str | None) -> str:
    """A layout button's text: the output's layout, or Default."""
    if not layout:
        title = tr("Default")
    else:
        try:
            title = tr(get_layout(layout).title)
        except ValueError:  # a name no layout has: validation says so; the button shows it
            title = layout
    return tr("Layout: {layout}").replace("{layout}", title)


def _focus_gallery(document: Document) -> None:
    gallery = _LATEST.get(document)
    if gallery is not None and shiboken6.isValid(gallery) and gallery.isVisible():
        gallery.setFocus(Qt.FocusReason.OtherFocusReason)
