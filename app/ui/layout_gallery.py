"""The layout gallery: one card output's layouts as live thumbnails to pick from.

A card says the same words in any registered layout (:mod:`takatof.templates.cards.layouts`);
which one reads best depends on the photo and the words, so the choice is made by looking at
them: each layout is drawn for the output's first subject at its first preset, small, by the
same renderer the command line uses. "Default" clears the choice and shows what the default
is (the preset's layout, for a thumbnail, else the template's own).

Thumbnails are drawn on the document's drawing :class:`~takatof.ui.worker.Worker` (one per
document, so a gallery deleted with its form never waits for a drawing still running: the
outputs form is built again after every outputs edit), never on the UI thread, one task per layout so they arrive one by one; edits elsewhere in the campaign redraw
them after a quiet spell. Every refresh is a new :class:`_Batch`: a task of an older batch
still waiting is skipped and a result of one is dropped, so the gallery never shows a
campaign as it was. Drawn thumbnails are kept (by what they depend on), so the gallery built
again after a pick (the outputs form is rebuilt on every outputs edit) shows them at once.

The gallery only reports the pick (:attr:`LayoutGallery.picked`); the outputs editor makes
it one undoable edit, as it does every other change of an output.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QFont,
    QHideEvent,
    QIcon,
    QImage,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from ..model import Project
from ..render.cards import CardJob, default_layout, render_card
from ..templates import registry
from ..templates.cards.layouts import Layout, all_layouts, get_layout
from .document import Document
from .pictures import to_qimage
from .worker import Worker

THUMB = 132  # the longer side of a thumbnail, in pixels
DEBOUNCE_MS = 200
DEFAULT = ""  # the gallery's name for "no choice": the output's default layout
_CACHE_SIZE = 64

# One drawing thread per document, shared by the galleries its outputs form shows in turn.
_DRAWERS: weakref.WeakKeyDictionary[Document, Worker] = weakref.WeakKeyDictionary()


def drawer_of(document: Document) -> Worker:
    """The worker that draws ``document``'s thumbnails (made when first needed)."""
    if document not in _DRAWERS:
        _DRAWERS[document] = Worker(document, threads=1)
    return _DRAWERS[document]


def tr(text: str) -> str:
    """``text`` in the interface language (the Studio's translators ignore the context)."""
    return QCoreApplication.translate("LayoutGallery", text)


@dataclass(frozen=True)
class Sample:
    """What the thumbnails of one card output show: its template for its first subject, at
    its first preset, in its languages."""

    job: CardJob
    fingerprint: str  # the campaign without its outputs, and its folder: what a card depends on

    def at(self, layout: str) -> CardJob:
        j = self.job
        return CardJob(j.template, j.preset, j.subject, j.languages, j.named, layout)

    def key(self, layout: str) -> tuple[str, ...]:
        j = self.job
        return (
            self.fingerprint,
            j.template,
            j.preset,
            j.subject or "",
            str(j.named),
            *j.languages,
            "|",
            layout,
        )


def sample_of(project: Project, index: int) -> Sample | None:
    """The sample of card output ``index``: None when it cannot be drawn (no such output, a
    template the campaign lacks what for, no subject)."""
    campaign = project.campaign
    if not 0 <= index < len(campaign.outputs.cards):
        return None
    output = campaign.outputs.cards[index]
    try:
        template = registry.get(output.template)
    except (KeyError, ValueError):
        return None
    if not output.presets or not template.params.applies(campaign):
        return None
    subjects = registry.subjects(campaign, template.scope, project.resolve)
    if not subjects:
        return None
    subject = None if template.scope == "campaign" else subjects[0].id
    langs = campaign.output_languages(output.languages)
    job = CardJob(output.template, output.presets[0], subject, langs, bool(output.languages))
    data = f"{project.path.resolve().parent}\n{campaign.model_dump_json(exclude={'outputs'})}"
    return Sample(job, hashlib.sha1(data.encode()).hexdigest())


def thumbnail(project: Project, job: CardJob) -> QImage:
    """``job`` drawn and made small (on a pool thread: a QImage, not a QPixmap)."""
    card = render_card(project, job)
    if card.problems:
        raise ValueError("; ".join(str(p) for p in card.problems))
    image = card.image
    image.thumbnail((THUMB, THUMB))
    return to_qimage(image)


class _Cache:
    """Drawn thumbnails by what they depend on (a few dozen, newest kept)."""

    def __init__(self) -> None:
        self._images: OrderedDict[tuple[str, ...], QImage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> QImage | None:
        with self._lock:
            image = self._images.get(key)
            if image is not None:
                self._images.move_to_end(key)
            return image

    def put(self, key: tuple[str, ...], image: QImage) -> None:
        with self._lock:
            self._images[key] = image
            while len(self._images) > _CACHE_SIZE:
                self._images.popitem(last=False)


CACHE = _Cache()


class _Batch:
    """One refresh's tasks: ``cancelled`` once a newer refresh started or the gallery hid."""

    def __init__(self) -> None:
        self.cancelled = False


class LayoutGallery(QListWidget):
    """The layouts of card output ``index`` as thumbnails: "Default" first, then every
    registered layout. Click or Enter picks one (:attr:`picked`, the layout's name, ``""``
    for the default); the arrow keys move between them; the one chosen now is marked."""

    picked = Signal(str)
    drawn = Signal(str)  # a thumbnail arrived (the layout's name; tests wait on it)

    def __init__(self, document: Document, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layoutGallery")
        self._document = document
        self._index = index
        self._batch = _Batch()
        self._default = ""  # the default layout's name, once the worker has worked it out
        self._drawer = drawer_of(document)
        # Only its quiet spell is used: a burst of edits redraws once.
        self._debounce = Worker(self, debounce_ms=DEBOUNCE_MS, job=self.refresh)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        # Every layout in view at once: the items wrap to the width, and the height follows
        # (see ``resizeEvent``), so no thumbnail hides behind a scroll bar.
        self.setWrapping(True)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 24, THUMB + 44))
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        # The chosen layout is marked by its own colours, not by the selection: the arrow keys
        # move the focus between thumbnails without choosing, Enter or a click chooses.
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(self.gridSize().width() + 2 * self.frameWidth())
        self.setAccessibleName(tr("Layout"))
        self._add(DEFAULT, tr("Default"), tr("Clear the choice: the template's own layout"))
        for layout in all_layouts():
            self._add(layout.name, tr(layout.title), tr(layout.description))
        self.itemClicked.connect(self._on_item)
        self.itemActivated.connect(self._on_item)
        self.setCurrentRow(self.row_of(self.chosen))
        self._mark()
        self._fit_height(self.width())
        document.changed.connect(self._on_document_changed)

    # -- what it shows --------------------------------------------------------------------

    def _add(self, name: str, title: str, description: str) -> None:
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setToolTip(description)
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        item.setSizeHint(self.gridSize())
        self.addItem(item)

    @property
    def chosen(self) -> str:
        """The layout the output names now (``""``: none, the default)."""
        cards = self._document.campaign.outputs.cards
        if not 0 <= self._index < len(cards):
            return DEFAULT
        return cards[self._index].layout or DEFAULT

    def names(self) -> list[str]:
        """Each item's layout name, in order (``""`` for Default)."""
        return [str(self.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(self.count())]

    def row_of(self, name: str) -> int:
        names = self.names()
        return names.index(name) if name in names else 0

    def image(self, name: str) -> QImage | None:
        """The thumbnail shown for layout ``name`` (None until it is drawn)."""
        icon = self.item(self.row_of(name)).icon()
        if icon.isNull():
            return None
        return icon.pixmap(self.iconSize()).toImage()

    def _mark(self) -> None:
        """Mark the chosen layout: the highlight colours, bold, and a tick for who cannot see
        colours; the others plain."""
        chosen = self.row_of(self.chosen)
        palette = self.palette()
        for row in range(self.count()):
            item = self.item(row)
            title = self._title(row)
            on = row == chosen
            item.setText(f"✓ {title}" if on else title)
            font = QFont(self.font())
            font.setBold(on)
            item.setFont(font)
            item.setBackground(QBrush(palette.color(QPalette.ColorRole.Highlight)) if on else QBrush())
            color = palette.color(QPalette.ColorRole.HighlightedText if on else QPalette.ColorRole.Text)
            item.setForeground(QBrush(color))

    def _title(self, row: int) -> str:
        name = self.names()[row]
        if name != DEFAULT:
            return tr(get_layout(name).title)
        if self._default:
            return tr("Default ({layout})").replace("{layout}", tr(get_layout(self._default).title))
        return tr("Default")

    def _fit_height(self, width: int) -> None:
        """As tall as the rows of thumbnails that fit in ``width``."""
        grid = self.gridSize()
        per_row = max(1, (width - 2 * self.frameWidth()) // grid.width())
        rows = -(-self.count() // per_row)
        self.setFixedHeight(rows * grid.height() + 2 * self.frameWidth() + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height(event.size().width())

    # -- picking ----------------------------------------------------------------------------

    def _on_item(self, item: QListWidgetItem) -> None:
        name = str(item.data(Qt.ItemDataRole.UserRole))
        if name != self.chosen:
            self.picked.emit(name)

    # -- drawing ----------------------------------------------------------------------------

    def _on_document_changed(self, _where: str) -> None:
        self._mark()
        if self.isVisible():
            self._debounce.later()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden (or about to be deleted with its form): what is waiting is not drawn."""
        self._batch.cancelled = True
        self._debounce.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        """Draw the thumbnails of the campaign as it is now: cached ones at once, the others
        on the worker, one task each."""
        self._batch.cancelled = True
        batch = self._batch = _Batch()
        project = self._document.project()
        sample = sample_of(project, self._index)
        if sample is None:
            for row in range(self.count()):
                self.item(row).setIcon(QIcon())
            return

        def find_default() -> str:
            return "" if batch.cancelled else default_layout(sample.job.template, sample.job.preset)

        self._drawer.start(find_default, lambda name: self._on_default(batch, name), latest=False)
        for layout in all_layouts():
            cached = CACHE.get(sample.key(layout.name))
            if cached is not None:
                self._show(layout, cached)
                continue
            self._draw(batch, project, sample, layout)

    def _draw(self, batch: _Batch, project: Project, sample: Sample, layout: Layout) -> None:
        def work() -> QImage | None:
            if batch.cancelled:
                return None  # a newer refresh superseded it while it waited
            image = thumbnail(project, sample.at(layout.name))
            CACHE.put(sample.key(layout.name), image)
            return image

        def done(image: QImage | None) -> None:
            if image is not None and batch is self._batch and not batch.cancelled:
                self._show(layout, image)

        def failed(message: str) -> None:
            if batch is self._batch and not batch.cancelled:
                item = self.item(self.row_of(layout.name))
                item.setIcon(QIcon())
                item.setToolTip(f"{tr(layout.description)}\n{message}")

        self._drawer.start(work, done, failed, latest=False)

    def _show(self, layout: Layout, image: QImage) -> None:
        icon = QIcon(QPixmap.fromImage(image))
        self.item(self.row_of(layout.name)).setIcon(icon)
        if layout.name == self._default:
            self.item(self.row_of(DEFAULT)).setIcon(icon)
        self.drawn.emit(layout.name)

    def _on_default(self, batch: _Batch, name: str) -> None:
        if batch is not self._batch or batch.cancelled or not name:
            return
        self._default = name
        default = self.item(self.row_of(DEFAULT))
        layout = get_layout(name)
        default.setToolTip(
            tr("Clear the choice: this output's default layout, {layout}").replace(
                "{layout}", tr(layout.title)
            )
        )
        shown = self.item(self.row_of(name)).icon()
        if not shown.isNull():
            default.setIcon(shown)
        self._mark()
        self.drawn.emit(DEFAULT)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return self._drawer.wait(msecs)
