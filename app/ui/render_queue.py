"""The render queue: each job runs the same render API as the command line
(:func:`takatof.render.outputs.render_outputs`) on a worker thread, one job at a time; its
callbacks and cancel token are adapted to Qt signals, so the window stays responsive, every job
shows progress and time left, and Cancel stops it (a cancelled video leaves no partial file).
Whatever goes wrong in a job — a folder that cannot be used, a full disk, a bug — ends that job
as a failed row with its message, and the queue goes on to the next."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..model import Project
from ..render.batch import InProcess
from ..render.cancel import CancelToken
from ..render.jobs import Job
from ..render.manifest import OutputEntry
from ..render.messages import user_message
from ..render.outputs import Callbacks, Request, render_outputs
from ..render.video.render import choose_encoding
from ..render.video.runner import Progress, ffmpeg_exe


@dataclass
class QueuedRender:
    title: str
    project: Project
    out_dir: Path
    jobs: Sequence[Job] = field(default_factory=list)  # any kinds, in the order to make them


def failure_message(exc: BaseException) -> str:
    """A job's exception as the row says it (the same wording as the command line's)."""
    return user_message(exc)


class RenderWorker(QThread):
    progress = Signal(float, str)  # fraction 0..1, status text
    # this run's manifest entries (OutputEntry), cancelled, and why the job failed as a
    # whole ("" when it did not: each output's own error is in its entry)
    finished_with = Signal(list, bool, str)

    def __init__(self, job: QueuedRender) -> None:
        super().__init__()
        self.job = job
        self.cancel_token = CancelToken()
        # What the render did with the publishing kit, read by the row when it finishes: how
        # many posts it wrote, and the problems (a post that does not fit, a kit not written).
        self.posts: int | None = None
        self.post_problems: list[str] = []

    def run(self) -> None:
        job = self.job
        jobs = list(job.jobs)
        total = len(jobs)
        started = time.monotonic()
        finished = [0]

        def report(done: float, label: str) -> None:
            fraction = done / max(1, total)
            elapsed = time.monotonic() - started
            eta = f", {elapsed * (1 - fraction) / fraction:.0f} s left" if fraction > 0.02 else ""
            self.progress.emit(fraction, f"{label}{eta}")

        def done(output: Job, _entries: list[OutputEntry], count: int, _total: int) -> None:
            finished[0] = count
            if output.kind == "card":
                report(count, self.tr("card {n} of {total}").format(n=count, total=total))

        def progress(output: Job, p: Progress) -> None:
            report(finished[0] + p.fraction, f"{output.subject} {output.preset}")

        try:
            request = Request(jobs, InProcess())  # the window keeps the other cores
            if any(output.spec.encodes for output in jobs):  # as the command line decides
                request.encoding = choose_encoding(job.project.campaign.video.encoder, ffmpeg_exe())
            result = render_outputs(
                job.project,
                job.out_dir,
                request,
                Callbacks(progress=progress, done=done),
                self.cancel_token,
            )
        except Exception as exc:  # any failure is this row's message, never a dead thread
            self.finished_with.emit([], False, failure_message(exc))
            return
        self.posts = len(result.posts) if result.posts is not None else None
        self.post_problems = [
            *([result.kit_error] if result.kit_error else []),
            *(f"{post.id}: {post.error}" for post in result.failed_posts),
        ]
        self.finished_with.emit(result.entries, result.cancelled, "")


def folder_opener() -> list[str] | None:
    """The command that opens a folder in the file manager where Qt cannot tell whether it
    worked (Linux and the BSDs: ``xdg-open``, else ``gio open``); None elsewhere (Windows and
    macOS report it themselves) or when neither is installed."""
    if sys.platform in ("win32", "darwin"):
        return None
    for command in (["xdg-open"], ["gio", "open"]):
        if shutil.which(command[0]):
            return command
    return None


OPENER_WAIT_S = 1.5
"""How long the opener may take to fail; one still running then has started a file manager
(``xdg-open`` waits for some of them to close)."""


def run_opener(command: list[str]) -> bool:
    """Run the folder opener; False when it could not start or exited with a failure (no
    program for folders: ``xdg-open`` exits 3 or 4, ``gio open`` 1)."""
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError:
        return False
    try:
        return process.wait(OPENER_WAIT_S) == 0
    except subprocess.TimeoutExpired:
        _STARTED[:] = [p for p in _STARTED if p.poll() is None]  # reaps those that ended
        _STARTED.append(process)
        return True  # still running: the file manager is up, the opener waits for it


_STARTED: list[subprocess.Popen[bytes]] = []  # openers still running (reaped later)


class RenderRow(QWidget):
    def __init__(self, worker: RenderWorker) -> None:
        super().__init__()
        self.worker = worker
        # Once finished: (this run's manifest entries as manifest.json writes them, cancelled)
        self.result: tuple[list[dict[str, Any]], bool] | None = None
        self.entries: list[OutputEntry] = []  # the same entries, typed
        self.error: str | None = None  # why the job failed as a whole
        self.label = QLabel(worker.job.title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.status = QLabel(self.tr("waiting"))
        self.status.setWordWrap(True)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.open = QPushButton(self.tr("Show in folder"))
        self.open.setEnabled(False)
        self.folder_box: QMessageBox | None = None  # where the files are, when they could not be shown
        top = QHBoxLayout()
        top.addWidget(self.label, 1)
        top.addWidget(self.cancel)
        top.addWidget(self.open)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        self.cancel.clicked.connect(worker.cancel_token.cancel)
        self.open.clicked.connect(self.show_folder)
        self.label.setToolTip(str(worker.job.out_dir.absolute()))
        worker.progress.connect(self._on_progress)
        worker.finished_with.connect(self._on_finished)
        worker.finished.connect(self._on_thread_end)

    def show_folder(self) -> None:
        """Open the output folder in the file manager; where that cannot be done (a server, a
        bare desktop with no file manager), show its absolute path so it can be copied.

        On Linux and the BSDs Qt starts ``xdg-open`` and reports success as soon as it has
        started, so a desktop with no program for folders showed nothing at all: the opener
        is run here instead, and its exit status decides."""
        folder = self.worker.job.out_dir.absolute()
        if not folder.is_dir():
            self._tell_folder(folder, self.tr("The files are in:"))
            return
        command = folder_opener()
        if command is None:
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
                self._tell_folder(folder, self.tr("The files are in:"))
            return
        if not run_opener([*command, str(folder)]):
            self._tell_folder(
                folder, self.tr("The file manager could not open the folder. The files are in:")
            )

    def _tell_folder(self, folder: Path, text: str) -> None:
        """Say where the files are, the path selectable to copy."""
        box = QMessageBox(QMessageBox.Icon.Information, "Takatof Studio", text, parent=self)
        box.setObjectName("outputFolder")
        box.setInformativeText(str(folder))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        self.folder_box = box

    def _on_progress(self, fraction: float, text: str) -> None:
        self.bar.setValue(round(fraction * 1000))
        self.status.setText(text)

    def _on_thread_end(self) -> None:
        """The thread ended without saying how (something ``run`` cannot catch): a failed
        row all the same, never one that looks as if it were still working."""
        if self.result is None:
            self._on_finished([], False, "the render stopped unexpectedly")

    def _on_finished(self, entries: list[OutputEntry], cancelled: bool, error: str) -> None:
        self.entries, self.error = entries, error or None
        self.result = ([e.to_json() for e in entries], cancelled)
        self.cancel.setEnabled(False)
        self.open.setEnabled(True)
        if not cancelled and self.error is None and all(e.error is None for e in entries):
            self.bar.setValue(1000)
        self._show_outcome()

    def _show_outcome(self) -> None:
        """The finished row's status line, in the interface's language (again after a switch)."""
        assert self.result is not None
        cancelled = self.result[1]
        errors = [self.error] if self.error else [e.error for e in self.entries if e.error is not None]
        errors += self.worker.post_problems
        if cancelled:
            self.status.setText(self.tr("Cancelled; nothing half-written was left behind."))
        elif errors:
            self.status.setText(self.tr("Finished with problems:") + "\n" + "\n".join(errors))
        elif not self.entries and not self.worker.posts:
            self.status.setText(
                self.tr("Nothing to render: add a person, or a card about the campaign (hashtag, goal).")
            )
        else:
            written = sum(1 for e in self.entries if e.path is not None)
            done = self.tr("Done: {n} files").format(n=written)
            if self.worker.posts is not None:
                done += self.tr(", {n} posts (posts.json)").format(n=self.worker.posts)
            self.status.setText(done)

    def retranslate(self) -> None:
        """The interface language changed: the buttons, and the status of a row that is
        waiting or finished (a running row's next progress report comes in the new language)."""
        self.cancel.setText(self.tr("Cancel"))
        self.open.setText(self.tr("Show in folder"))
        if self.result is not None:
            self._show_outcome()
        elif not self.worker.isRunning():
            self.status.setText(self.tr("waiting"))


class RenderQueue(QWidget):
    job_finished = Signal(list, bool, str)  # as RenderWorker.finished_with

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("renderQueue")
        self._layout = QVBoxLayout(self)
        self.empty = QLabel(
            self.tr(
                "Nothing is rendering. Use the Render menu to render the selection, a person or everything."
            )
        )
        self.empty.setWordWrap(True)
        self._layout.addWidget(self.empty)
        self._layout.addStretch(1)
        self.rows: list[RenderRow] = []

    def retranslate(self) -> None:
        """The interface language changed: the empty queue's line and every row."""
        self.empty.setText(
            self.tr(
                "Nothing is rendering. Use the Render menu to render the selection, a person or everything."
            )
        )
        for row in self.rows:
            row.retranslate()

    def shutdown(self) -> None:
        """Cancel running renders and wait for their threads (the window is closing)."""
        for row in self.rows:
            row.worker.cancel_token.cancel()
        for row in self.rows:
            row.worker.wait()

    def add(self, job: QueuedRender) -> RenderRow:
        """Queue a render; renders run one at a time, in the order they were added (a video
        already uses every core, and two renders into one folder would contend for it)."""
        worker = RenderWorker(job)
        row = RenderRow(worker)
        self.empty.hide()
        self._layout.insertWidget(self._layout.count() - 1, row)
        self.rows.append(row)
        worker.finished_with.connect(self.job_finished)
        worker.finished.connect(self._start_next)
        row.cancel.clicked.connect(lambda: self._cancel_waiting(row))
        self._start_next()
        return row

    def _start_next(self) -> None:
        if any(r.worker.isRunning() for r in self.rows):
            return
        for row in self.rows:
            if row.result is None and not row.worker.isFinished() and not row.worker.cancel_token.cancelled:
                row.worker.start()
                return

    def _cancel_waiting(self, row: RenderRow) -> None:
        """Cancel on a row that has not started: it never will."""
        if not row.worker.isRunning() and row.result is None:
            row.worker.finished_with.emit([], True, "")
