"""The problems panel: everything wrong with the campaign's files, kept current as it is
edited, each problem one double-click away from the field that causes it.

The list is what ``takatof validate`` says — files missing, unreadable or outside the
project, a photo too small for a video shape, a clip shorter than its trim, an unknown preset,
a character no font has — computed by the one :func:`takatof.edit.validate.validate`, so the
Studio and the command line never disagree. Checking decodes files (cached per file version),
so it runs on a worker thread, debounced after edits; a result older than the latest edit is
dropped.
"""

from __future__ import annotations

import traceback

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..edit.validate import validate
from ..model import Problem, Project
from .document import Document
from .worker import Worker

ARABIC = {
    "Where": "الموضع",
    "Problem": "المشكلة",
    "(the file)": "(الملف)",
    "Checking media…": "جارٍ فحص الوسائط…",
    "No problems found.": "لا توجد مشكلات.",
    "1 problem. Double-click it to go to the field.": "مشكلة واحدة. انقر عليها مرتين للانتقال إلى الحقل.",
    "{n} problems. Double-click one to go to its field.": "{n} مشكلات. انقر مرتين على إحداها للانتقال إلى حقلها.",
}
"""The Arabic of this module's strings (merge into :data:`takatof.ui.i18n.ARABIC`)."""

DEBOUNCE_MS = 500


def document_problems(document: Document) -> list[Problem]:
    """The problems of the document's campaign now (:func:`takatof.edit.validate.validate`, what
    ``takatof validate`` says). Untitled work may name files anywhere (the first save copies
    them beside the project), so "outside the project folder" is not a problem for it."""
    return validate(document.project(), document.allow_outside)


def _checked(project: Project, allow_outside: bool | None) -> list[Problem]:
    try:
        return validate(project, allow_outside)
    except Exception as exc:  # a check that fails is itself a problem, never a crash
        detail = str(exc) or traceback.format_exc(limit=1)
        return [Problem("", f"could not check the media: {detail}")]


class ProblemsPanel(QWidget):
    """A list of problems (where, what). ``set_problems`` shows a list; with a document
    (``set_document``) the panel re-checks it after every edit, off the UI thread.
    Double-click (or Enter) on a problem emits ``go_to`` with its JSON path."""

    go_to = Signal(str)  # the JSON path of the problem's field ("" for the whole file)
    counted = Signal(int)  # how many problems are listed (for a dock title or a status bar)
    checked = Signal()  # a check of the document finished and its result is shown

    PATH = Qt.ItemDataRole.UserRole

    def __init__(self, document: Document | None = None) -> None:
        super().__init__()
        self.setObjectName("problemsPanel")
        self._document: Document | None = None
        self.problems: list[Problem] = []
        self.list = QTreeWidget()
        self.list.setObjectName("problemsList")
        self.list.setColumnCount(2)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(False)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.header().setStretchLastSection(True)
        self.list.setColumnWidth(0, 220)
        self.list.itemActivated.connect(self._on_activated)
        self.summary = QLabel()
        self.summary.setObjectName("problemsSummary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self._worker = Worker(self, debounce_ms=DEBOUNCE_MS, job=self._start)
        self.set_problems([])
        self.retranslate()
        if document is not None:
            self.set_document(document)

    def retranslate(self) -> None:
        """Headers and the summary in the interface language (the problems themselves are
        the model's words, in English)."""
        self.list.setHeaderLabels([self.tr("Where"), self.tr("Problem")])
        self.set_problems(self.problems)

    def set_document(self, document: Document) -> None:
        """Follow ``document``: check it now and after every edit (and Save As)."""
        if self._document is not None:
            self._document.changed.disconnect(self._on_changed)
            self._document.path_changed.disconnect(self.refresh)
        self._document = document
        document.changed.connect(self._on_changed)
        document.path_changed.connect(self.refresh)
        self._worker.stop()  # results for the previous document are dropped
        self.refresh()

    def refresh(self) -> None:
        """Check the document again soon (edits in a burst are checked once)."""
        if self._document is not None:
            self._worker.later()

    def wait(self, msecs: int = 60_000) -> bool:
        return self._worker.wait(msecs)

    def _on_changed(self, _where: str) -> None:
        self.refresh()

    def _start(self) -> None:
        if self._document is None:
            return
        self.summary.setText(self.tr("Checking media…") if not self.problems else self.summary.text())
        project, outside = self._document.project(), self._document.allow_outside
        self._worker.start(lambda: _checked(project, outside), self._on_checked)

    def _on_checked(self, problems: list[Problem]) -> None:
        self.set_problems(problems)
        self.checked.emit()

    def set_problems(self, problems: list[Problem]) -> None:
        """Show ``problems`` (for instance those found when the project was opened)."""
        self.problems = list(problems)
        self.list.clear()
        for problem in self.problems:
            item = QTreeWidgetItem([problem.path or self.tr("(the file)"), problem.message])
            item.setData(0, self.PATH, problem.path)
            item.setToolTip(1, problem.message)
            item.setToolTip(0, problem.path)
            self.list.addTopLevelItem(item)
        count = len(self.problems)
        if count == 0:
            self.summary.setText(self.tr("No problems found."))
        elif count == 1:
            self.summary.setText(self.tr("1 problem. Double-click it to go to the field."))
        else:
            self.summary.setText(
                self.tr("{n} problems. Double-click one to go to its field.").format(n=count)
            )
        self.counted.emit(count)

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.go_to.emit(item.data(0, self.PATH) or "")
