"""The campaign-wide outputs in the outputs editor: reels, carousels, animated cards, films.

Each output is a row of choices (its id, presets, languages and what only its kind has); the
people or businesses it features are a checklist the user reorders by dragging, so a reel's
order of people is chosen where it is seen. Every change writes the one output entry back as
one undoable ``set`` of ``outputs.<section>[i]``; what the row has no widget for (a reel
part's item range and caption, keys a newer version wrote) is kept as written.

Which widgets a kind has is said by its :class:`Section` in ``SECTIONS``, not by if-chains in
the row: a new campaign output kind is a new entry there.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..render.presets import carousel_preset_ids, preset_ids
from ..templates import registry
from .document import Document
from .languages import OutputLanguages
from .transcribe import transcriber_for


@dataclass(frozen=True)
class Section:
    """How the editor shows one kind of campaign-wide output."""

    name: str  # the key under ``outputs``
    title: str
    add_text: str
    presets: Callable[[], list[str]]
    default_id: str | None = None  # the kinds a project may list several of have an id
    chooser: str | None = None  # the list of chosen subjects: "people" or "subjects"
    parts: bool = False  # the chosen people are objects ({"person": id, ...}: a reel's)
    extras: tuple[str, ...] = field(default=())  # the kind's own widgets, by name (see _EXTRAS)
    new: Callable[[], dict[str, Any]] = dict  # what "Add" writes (default: the first preset)


SECTIONS: tuple[Section, ...] = (
    Section(
        "reels", "Reels (the campaign's people in one video)", "Add reel", lambda: preset_ids("video"),
        "reel", "people", parts=True, extras=("moment", "segment_s"),
        new=lambda: {"presets": ["instagram-story"]},  # the shape reels are watched in
    ),
    Section(
        "carousels", "Carousels (a cover, a slide per subject, a closing)", "Add carousel",
        carousel_preset_ids, "carousel", "subjects", extras=("of", "slide", "pdf"),
    ),
    Section(
        "animated", "Animated cards (a card as a short loop)", "Add animated card",
        lambda: preset_ids("card"), extras=("template", "formats", "duration_s"),
        new=lambda: {"template": "goal" if "goal" in registry.names("card") else registry.names("card")[0]},
    ),
    Section(
        "films", "Films (footage first, with captions)", "Add film", lambda: preset_ids("video"),
        "film", "people", extras=("end_card",), new=lambda: {"presets": ["instagram-story"]},
    ),
)  # fmt: skip


class CampaignOutputs(QWidget):
    """Every campaign-wide output of the document, a group of rows per kind."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setObjectName("campaignOutputs")
        self._document = document
        self.rows: dict[str, list[OutputRow]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        written = document.data().get("outputs", {})
        for section in SECTIONS:
            box = QGroupBox(self.tr(section.title))
            box.setObjectName(f"{section.name}Outputs")
            inner = QVBoxLayout(box)
            entries = written.get(section.name, [])
            self.rows[section.name] = []
            for index, entry in enumerate(entries if isinstance(entries, list) else []):
                row = OutputRow(document, section, index, entry if isinstance(entry, dict) else {})
                self.rows[section.name].append(row)
                inner.addWidget(row)
            add = QPushButton(self.tr(section.add_text))
            add.setObjectName(f"add_{section.name}")
            add.clicked.connect(lambda _=False, s=section: self.add(s))
            inner.addWidget(add)
            layout.addWidget(box)

    def add(self, section: Section) -> None:
        """A new output of ``section``'s kind at the end, with a free id: one undoable edit."""
        entries = _written(self._document, section.name)
        entry: dict[str, Any] = {}
        if section.default_id is not None:
            taken = {e.get("id", section.default_id) for e in entries if isinstance(e, dict)}
            entry["id"] = next(
                name
                for k in range(len(entries) + 2)
                if (name := f"{section.default_id}-{k + 1}" if k else section.default_id) not in taken
            )
        entry |= {"presets": section.presets()[:1], **section.new()}
        self._document.set(f"outputs.{section.name}", [*entries, entry], self.tr(section.add_text))


def _written(document: Document, section: str) -> list[Any]:
    entries = document.data().get("outputs", {}).get(section, [])
    return copy.deepcopy(entries) if isinstance(entries, list) else []


class OutputRow(QGroupBox):
    """One campaign-wide output: its choices, written back as one edit each."""

    def __init__(self, document: Document, section: Section, index: int, entry: dict[str, Any]) -> None:
        super().__init__()
        self.setObjectName(f"{section.name}Row")
        self._document, self._section, self._index = document, section, index
        self._entry = copy.deepcopy(entry)
        form = QFormLayout(self)
        self.id_edit: QLineEdit | None = None
        if section.default_id is not None:
            self.id_edit = QLineEdit(str(entry.get("id", section.default_id)))
            self.id_edit.setObjectName("outputId")
            self.id_edit.editingFinished.connect(self._id_edited)
            form.addRow(self.tr("Id"), self.id_edit)
        self.presets = _checklist(
            [p for p in entry.get("presets", []) if isinstance(p, str)], section.presets()
        )
        self.presets.setObjectName("outputPresets")
        self.presets.itemChanged.connect(lambda _: self.commit(self.tr("Choose presets")))
        form.addRow(self.tr("Presets"), self.presets)
        self.languages = OutputLanguages(document.campaign.languages, entry.get("languages"))
        self.languages.changed.connect(lambda: self.commit(self.tr("Choose languages")))
        form.addRow(self.tr("Languages"), self.languages)
        self.extras: dict[str, QWidget] = {}
        for name in section.extras:
            label, widget = _EXTRAS[name](self)
            self.extras[name] = widget
            form.addRow(label, widget)
        self.chooser: QListWidget | None = None
        if section.chooser is not None:
            self.chooser = self._subject_list()
            form.addRow(self.tr("Featuring (drag to reorder)"), self.chooser)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        if section.name == "films":
            # The film's own footage (clips with their trims and focus paths) is edited in
            # the inspector's form of this entry, with the media editors every clip has.
            footage = QPushButton(self.tr("Its own footage…"))
            footage.setObjectName("filmFootage")
            footage.setToolTip(
                self.tr("The campaign's own clips, made into one film (edited in the inspector)")
            )
            footage.clicked.connect(self.show_entry)
            buttons.addWidget(footage)
            transcribe = QPushButton(self.tr("Transcribe…"))
            transcribe.setObjectName("filmTranscribe")
            transcribe.setToolTip(
                self.tr("The speech of the film's clips as caption files, one clip after another")
            )
            transcribe.clicked.connect(self.transcribe)
            buttons.addWidget(transcribe)
        buttons.addStretch(1)
        buttons.addWidget(remove)
        form.addRow(buttons)

    # -- the subjects it features ---------------------------------------------------------------

    def _known(self) -> list[tuple[str, str]]:
        """The ids this output may feature, with what the list shows for each."""
        campaign = self._document.campaign
        lang = campaign.languages[0]
        if self._section.name == "carousels" and self._entry.get("of") == "spotlights":
            return [(s.id, f"{s.name.get(lang)} ({s.id})") for s in campaign.spotlights]
        people = campaign.people
        if self._section.name == "films":  # a film is made of footage: those with clips (and
            chosen = self.chosen_ids() or []  # anyone it names, for validation to tell)
            people = [p for p in people if p.clips or p.id in chosen]
        return [(p.id, f"{p.name.get(lang)} ({p.id})") for p in people]

    def chosen_ids(self) -> list[str] | None:
        """The ids as written (None: the default, everyone)."""
        chosen = self._entry.get(self._section.chooser or "")
        if not isinstance(chosen, list):
            return None
        if self._section.parts:
            return [p["person"] for p in chosen if isinstance(p, dict) and isinstance(p.get("person"), str)]
        return [c for c in chosen if isinstance(c, str)]

    def _subject_list(self) -> QListWidget:
        known = self._known()
        chosen = self.chosen_ids()
        order = [
            *(c for c in chosen or [] if c in dict(known)),
            *(k for k, _ in known if k not in (chosen or [])),
        ]
        items = QListWidget()
        items.setObjectName("outputSubjects")
        items.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        items.setDefaultDropAction(Qt.DropAction.MoveAction)
        items.setMaximumHeight(140)
        shown = dict(known)
        for ident in order:
            item = QListWidgetItem(shown[ident])
            item.setData(Qt.ItemDataRole.UserRole, ident)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
            on = chosen is None or ident in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            items.addItem(item)
        items.itemChanged.connect(lambda _: self.commit(self.tr("Choose who is featured")))
        items.model().rowsMoved.connect(lambda *_: self.commit(self.tr("Reorder featured")))
        return items

    def _chosen_value(self) -> list[Any] | None:
        """What the checklist says, as the file writes it: None (everyone, in the project's
        order) when that is what it shows, else the ticked ids in the list's order (a reel's
        as parts, each keeping its item range and caption as written)."""
        assert self.chooser is not None
        rows = [self.chooser.item(i) for i in range(self.chooser.count())]
        ticked = [r.data(Qt.ItemDataRole.UserRole) for r in rows if r.checkState() == Qt.CheckState.Checked]
        everyone = [k for k, _ in self._known()]
        if not self._section.parts:
            return None if ticked == everyone and self.chosen_ids() is None else ticked
        written = {
            p["person"]: p
            for p in self._entry.get("people") or []
            if isinstance(p, dict) and isinstance(p.get("person"), str)
        }
        parts = [written.get(ident, {"person": ident}) for ident in ticked]
        plain = all(set(p) == {"person"} for p in parts)
        return None if ticked == everyone and plain and self.chosen_ids() is None else parts

    # -- writing --------------------------------------------------------------------------------

    def value(self) -> dict[str, Any]:
        """The entry as the widgets say, with everything they do not show kept as written."""
        entry = copy.deepcopy(self._entry)
        if self.id_edit is not None:
            entry["id"] = self.id_edit.text().strip()
        entry["presets"] = _ticked(self.presets)
        entry.pop("languages", None)
        if chosen := self.languages.value():
            entry["languages"] = chosen
        for name, widget in self.extras.items():
            _READ[name](entry, widget)
        switched = entry.get("of", "people") != self._entry.get(
            "of", "people"
        )  # its list named the other kind
        if self.chooser is not None and self._section.chooser is not None and not switched:
            entry.pop(self._section.chooser, None)
            chosen_list = self._chosen_value()
            if chosen_list is not None:
                entry[self._section.chooser] = chosen_list
        return entry

    def commit(self, text: str) -> None:
        value = self.value()
        if value != self._entry:
            self._document.set(f"outputs.{self._section.name}[{self._index}]", value, text)

    def _id_edited(self) -> None:
        self.commit(self.tr("Rename output"))

    def show_entry(self) -> None:
        """Show this output's whole entry in the window's inspector (its generic form)."""
        inspector = getattr(self.window(), "inspector", None)
        if inspector is not None:
            inspector.show_path(f"outputs.{self._section.name}[{self._index}]")

    def transcribe(self) -> bool:
        """The film's clips' speech as caption files (:mod:`takatof.ui.transcribe`)."""
        film = self._entry.get("id", "film")
        return transcriber_for(self).transcribe_only(self._document, str(film))

    def remove(self) -> None:
        entries = _written(self._document, self._section.name)
        del entries[self._index]
        self._document.set(f"outputs.{self._section.name}", entries, self.tr("Remove output"))


def _checklist(written: list[str], catalogue: list[str]) -> QListWidget:
    """The written presets first, in order, then the others (as the card rows list them)."""
    items = QListWidget()
    items.setMaximumHeight(110)
    for preset in [*written, *(p for p in catalogue if p not in written)]:
        item = QListWidgetItem(preset)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if preset in written else Qt.CheckState.Unchecked)
        items.addItem(item)
    return items


def _ticked(items: QListWidget) -> list[str]:
    return [
        items.item(i).text()
        for i in range(items.count())
        if items.item(i).checkState() == Qt.CheckState.Checked
    ]


# -- each kind's own choices: a builder (label, widget) and a reader (entry <- widget) ---------


def _moment(row: OutputRow) -> tuple[str, QWidget]:
    edit = QLineEdit(str(row._entry.get("moment") or ""))
    edit.setObjectName("reelMoment")
    edit.setPlaceholderText("2026-12-10T13:40:00Z")
    edit.setToolTip(
        row.tr("An instant with its offset: each person's segment shows the local time then at their place")
    )
    edit.editingFinished.connect(lambda: row.commit(row.tr("Set the reel's moment")))
    return row.tr("Local times at"), edit


def _read_moment(entry: dict[str, Any], widget: QWidget) -> None:
    assert isinstance(widget, QLineEdit)
    entry.pop("moment", None)
    if text := widget.text().strip():
        entry["moment"] = text  # validation says what is wrong with a mistyped one


def _seconds(
    name: str, low: float, high: float, default: float, label: str
) -> Callable[[OutputRow], tuple[str, QWidget]]:
    def build(row: OutputRow) -> tuple[str, QWidget]:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setSingleStep(0.5)
        spin.setSuffix(" s")
        value = row._entry.get(name, default)
        spin.setValue(float(value) if isinstance(value, int | float) else default)
        spin.editingFinished.connect(lambda: row.commit(row.tr("Set seconds")))
        return row.tr(label), spin

    return build


def _read_seconds(name: str, default: float) -> Callable[[dict[str, Any], QWidget], None]:
    def read(entry: dict[str, Any], widget: QWidget) -> None:
        assert isinstance(widget, QDoubleSpinBox)
        if name in entry or abs(widget.value() - default) > 1e-9:
            entry[name] = round(widget.value(), 2)

    return read


def _combo(
    name: str, options: Callable[[], list[str]], default: str, label: str
) -> Callable[[OutputRow], tuple[str, QWidget]]:
    def build(row: OutputRow) -> tuple[str, QWidget]:
        combo = QComboBox()
        combo.setObjectName(name)
        written = row._entry.get(name, default)
        combo.addItems(
            [*options(), *([written] if isinstance(written, str) and written not in options() else [])]
        )
        combo.setCurrentText(str(written))
        combo.currentTextChanged.connect(
            lambda _: row.commit(row.tr("Choose {what}").replace("{what}", row.tr(label).lower()))
        )
        return row.tr(label), combo

    return build


def _read_combo(name: str, default: str) -> Callable[[dict[str, Any], QWidget], None]:
    def read(entry: dict[str, Any], widget: QWidget) -> None:
        assert isinstance(widget, QComboBox)
        if name in entry or widget.currentText() != default:
            entry[name] = widget.currentText()

    return read


def _read_template(entry: dict[str, Any], widget: QWidget) -> None:
    """An animated card that changes its card template drops what only the old one had: a
    group card's subjects (another template would refuse them) and its layout choice."""
    before = entry.get("template")
    _read_combo("template", "")(entry, widget)
    if entry.get("template") != before:
        entry.pop("layout", None)
        if registry.get(entry["template"]).scope != "group":
            entry.pop("subjects", None)


def _read_of(entry: dict[str, Any], widget: QWidget) -> None:
    """A carousel that changes between people and businesses starts again from all of them:
    the ids chosen before name the other kind."""
    before = entry.get("of", "people")
    _read_combo("of", "people")(entry, widget)
    if entry.get("of", "people") != before:
        entry.pop("subjects", None)


def _flag(name: str, default: bool, label: str) -> Callable[[OutputRow], tuple[str, QWidget]]:
    def build(row: OutputRow) -> tuple[str, QWidget]:
        box = QCheckBox(row.tr(label))
        box.setObjectName(name)
        box.setChecked(bool(row._entry.get(name, default)))
        box.toggled.connect(lambda _: row.commit(row.tr(label)))
        return "", box

    return build


def _read_flag(name: str, default: bool) -> Callable[[dict[str, Any], QWidget], None]:
    def read(entry: dict[str, Any], widget: QWidget) -> None:
        assert isinstance(widget, QCheckBox)
        if name in entry or widget.isChecked() != default:
            entry[name] = widget.isChecked()

    return read


FORMATS = ("mp4", "gif", "webp")


def _formats(row: OutputRow) -> tuple[str, QWidget]:
    holder = QWidget()
    holder.setObjectName("formats")
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    written = row._entry.get("formats", ["mp4"])
    for name in FORMATS:
        box = QCheckBox(name.upper())
        box.setObjectName(f"format_{name}")
        box.setChecked(name in written)
        box.toggled.connect(lambda _: row.commit(row.tr("Choose formats")))
        line.addWidget(box)
    return row.tr("Files"), holder


def _read_formats(entry: dict[str, Any], widget: QWidget) -> None:
    boxes = {name: widget.findChild(QCheckBox, f"format_{name}") for name in FORMATS}
    chosen = [name for name, box in boxes.items() if box is not None and box.isChecked()]
    if "formats" in entry or chosen != ["mp4"]:
        entry["formats"] = chosen  # none ticked: validation asks for one


_EXTRAS: dict[str, Callable[[OutputRow], tuple[str, QWidget]]] = {
    "moment": _moment,
    "segment_s": _seconds("segment_s", 2, 20, 4.0, "Seconds per person"),
    "of": _combo("of", lambda: ["people", "spotlights"], "people", "Slides for"),
    "slide": _combo("slide", lambda: registry.names("card"), "quote", "Slide design"),
    "pdf": _flag("pdf", False, "Also a PDF (LinkedIn document)"),
    "template": _combo("template", lambda: registry.names("card"), "", "Card"),
    "formats": _formats,
    "duration_s": _seconds("duration_s", 5, 10, 6.0, "Length"),
    "end_card": _flag("end_card", True, "End on the closing card"),
}
_READ: dict[str, Callable[[dict[str, Any], QWidget], None]] = {
    "moment": _read_moment,
    "segment_s": _read_seconds("segment_s", 4.0),
    "of": _read_of,
    "slide": _read_combo("slide", "quote"),
    "pdf": _read_flag("pdf", False),
    "template": _read_template,
    "formats": _read_formats,
    "duration_s": _read_seconds("duration_s", 6.0),
    "end_card": _read_flag("end_card", True),
}
