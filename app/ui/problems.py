"""The problems panel: everything wrong with the campaign's files, kept current as it is
edited, each problem one double-click away from the field that causes it.

The list is what ``takatof validate`` would say about media and names — files missing,
unreadable or outside the project, a photo too small for a video shape, a clip shorter than
its trim, an unknown preset — computed by the same model and render checks, so the Studio
and the command line never disagree. Checking decodes files (cached per file version), so
it runs on a worker thread, debounced after edits; a result older than the latest edit is
dropped.
"""

from __future__ import annotations

import re
import traceback

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.model import Problem, Project
from app.ui.document import Document

ARABIC = {
    "Where": "الموضع",
    "Problem": "المشكلة",
    "(the file)": "(الملف)",
    "Checking media…": "جارٍ فحص الوسائط…",
    "No problems found.": "لا توجد مشكلات.",
    "1 problem. Double-click it to go to the field.": "مشكلة واحدة. انقر عليها مرتين للانتقال إلى الحقل.",
    "{n} problems. Double-click one to go to its field.": "{n} مشكلات. انقر مرتين على إحداها للانتقال إلى حقلها.",
}
"""The Arabic of this module's strings (merge into :data:`app.ui.i18n.ARABIC`)."""

DEBOUNCE_MS = 500


def project_problems(project: Project, allow_outside: bool | None = None) -> list[Problem]:
    """The file and name problems of ``project`` (pure: no Qt, safe on any thread).

    Model checks first (missing or unreadable files, images decoded, unknown templates and
    presets, ids), then the video checks of every person with a video to render, at their
    largest shape (as ``takatof validate`` runs them). One problem per place: a missing file
    is reported once, not by both."""
    from app.model.project import check_project
    from app.render.batch import project_names

    outside = project.allow_outside if allow_outside is None else allow_outside
    data = project.campaign.model_dump(mode="json", by_alias=True)
    problems = list(dict.fromkeys(check_project(data, project.root, project_names(), outside)))
    found = [p.path for p in problems if p.path]
    for problem in _video_problems(project):
        # A file the model already reported (missing, unreadable) fails the video checks
        # too, sometimes at the object around it (people[0].captions for captions.en).
        if problem.path and any(_related(problem.path, where) for where in found):
            continue
        problems.append(problem)
    return sorted(dict.fromkeys(problems), key=lambda p: _natural(p.path))


def _video_problems(project: Project) -> list[Problem]:
    from app.render.presets import get_preset
    from app.render.video.render import VideoJob, check, video_jobs

    largest: dict[str, tuple[VideoJob, int]] = {}
    for job in video_jobs(project):
        preset = get_preset(job.preset)
        area = preset.width * preset.height
        if job.person not in largest or area > largest[job.person][1]:
            largest[job.person] = (job, area)
    problems: list[Problem] = []
    for job, _ in largest.values():
        try:
            problems += check(project, job)
        except Exception as exc:  # a check that fails is itself a problem, never a crash
            problems.append(Problem("", f"could not check {job.person}'s video media: {exc}"))
    return problems


def document_problems(document: Document) -> list[Problem]:
    """The file problems of the document's campaign now. Untitled work may name files
    anywhere (the first save copies them beside the project), so "outside the project
    folder" is not a problem for it."""
    project = document.project()
    return project_problems(project, True if document.path is None else None)


def _related(a: str, b: str) -> bool:
    """Whether one JSON path is the other or inside it."""

    def inside(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith((outer + ".", outer + "["))

    return inside(a, b) or inside(b, a)


def _natural(path: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path)]


class _Relay(QObject):
    done = Signal(int, object)


class _Check(QRunnable):
    def __init__(self, generation: int, project: Project, allow_outside: bool | None, relay: _Relay) -> None:
        super().__init__()
        self._generation, self._project, self._outside, self._relay = (
            generation,
            project,
            allow_outside,
            relay,
        )

    def run(self) -> None:
        try:
            problems = project_problems(self._project, self._outside)
        except Exception as exc:
            detail = str(exc) or traceback.format_exc(limit=1)
            problems = [Problem("", f"could not check the media: {detail}")]
        self._relay.done.emit(self._generation, problems)


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
        self._generation = 0
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
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_checked)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
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
        self._generation += 1  # results for the previous document are dropped
        self.refresh()

    def refresh(self) -> None:
        """Check the document again soon (edits in a burst are checked once)."""
        if self._document is not None:
            self._timer.start()

    def check_now(self) -> None:
        """Start the check at once, without the debounce."""
        self._timer.stop()
        self._start()

    def wait(self, msecs: int = 60_000) -> bool:
        return self._pool.waitForDone(msecs)

    def _on_changed(self, _where: str) -> None:
        self.refresh()

    def _start(self) -> None:
        if self._document is None:
            return
        self._generation += 1
        self.summary.setText(self.tr("Checking media…") if not self.problems else self.summary.text())
        outside = True if self._document.path is None else None
        self._pool.start(_Check(self._generation, self._document.project(), outside, self._relay))

    def _on_checked(self, generation: int, problems: list[Problem]) -> None:
        if generation != self._generation:
            return  # an edit came after this check started; its own check follows
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
