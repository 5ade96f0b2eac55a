"""The render queue: each job runs the same render API as the command line on a worker
thread; its callbacks and cancel token are adapted to Qt signals, so the window stays
responsive, every job shows progress and time left, and Cancel stops it (a cancelled video
leaves no partial file)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.model import Project
from app.render.batch import render_cards, write_manifest
from app.render.cancel import CancelToken
from app.render.cards import CardJob
from app.render.video.render import VideoJob, choose_encoding, ffmpeg_exe, render_video
from app.render.video.runner import Cancelled


@dataclass
class QueuedRender:
    title: str
    project: Project
    out_dir: Path
    cards: list[CardJob] = field(default_factory=list)
    videos: list[VideoJob] = field(default_factory=list)


class RenderWorker(QThread):
    progress = Signal(float, str)  # fraction 0..1, status text
    finished_with = Signal(list, bool)  # manifest entries, cancelled

    def __init__(self, job: QueuedRender) -> None:
        super().__init__()
        self.job = job
        self.cancel_token = CancelToken()

    def run(self) -> None:
        job, entries = self.job, []
        total = len(job.cards) + len(job.videos)
        started = time.monotonic()

        def report(done: float, label: str) -> None:
            fraction = done / max(1, total)
            elapsed = time.monotonic() - started
            eta = f", {elapsed * (1 - fraction) / fraction:.0f} s left" if fraction > 0.02 else ""
            self.progress.emit(fraction, f"{label}{eta}")

        try:
            if job.cards:
                result = render_cards(
                    job.project,
                    job.cards,
                    job.out_dir,
                    1,
                    lambda done, _total, _e: report(done, f"card {done} of {total}"),
                    self.cancel_token,
                )
                entries += result.entries
            encoding = (
                choose_encoding(job.project.campaign.video.encoder, ffmpeg_exe()) if job.videos else None
            )
            for index, video in enumerate(job.videos):
                if self.cancel_token.cancelled:
                    raise Cancelled()
                base = len(job.cards) + index
                entries += render_video(
                    job.project,
                    video,
                    job.out_dir,
                    job.out_dir / ".cache",
                    encoding,
                    lambda p, base=base, video=video: report(
                        base + p.fraction, f"{video.person} {video.preset}"
                    ),
                    self.cancel_token,
                )
            write_manifest(job.out_dir, entries)
            self.finished_with.emit(entries, self.cancel_token.cancelled)
        except Cancelled:
            self.finished_with.emit(entries, True)


class RenderRow(QWidget):
    def __init__(self, worker: RenderWorker) -> None:
        super().__init__()
        self.worker = worker
        self.result: tuple[list, bool] | None = None  # (manifest entries, cancelled) once finished
        self.label = QLabel(worker.job.title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.status = QLabel(self.tr("waiting"))
        self.status.setWordWrap(True)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.open = QPushButton(self.tr("Show in folder"))
        self.open.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.label, 1)
        top.addWidget(self.cancel)
        top.addWidget(self.open)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        self.cancel.clicked.connect(worker.cancel_token.cancel)
        self.open.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(worker.job.out_dir)))
        )
        worker.progress.connect(self._on_progress)
        worker.finished_with.connect(self._on_finished)

    def _on_progress(self, fraction: float, text: str) -> None:
        self.bar.setValue(round(fraction * 1000))
        self.status.setText(text)

    def _on_finished(self, entries: list, cancelled: bool) -> None:
        self.result = (entries, cancelled)
        self.cancel.setEnabled(False)
        self.open.setEnabled(True)
        errors = [e["error"] for e in entries if "error" in e]
        if cancelled:
            self.status.setText(self.tr("Cancelled; nothing half-written was left behind."))
        elif errors:
            self.status.setText(self.tr("Finished with problems:") + "\n" + "\n".join(errors))
        else:
            self.bar.setValue(1000)
            self.status.setText(self.tr("Done: {n} files").format(n=sum(1 for e in entries if "path" in e)))


class RenderQueue(QWidget):
    job_finished = Signal(list, bool)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("renderQueue")
        self._layout = QVBoxLayout(self)
        self._layout.addStretch(1)
        self.rows: list[RenderRow] = []

    def shutdown(self) -> None:
        """Cancel running renders and wait for their threads (the window is closing)."""
        for row in self.rows:
            row.worker.cancel_token.cancel()
        for row in self.rows:
            row.worker.wait()

    def add(self, job: QueuedRender) -> RenderRow:
        worker = RenderWorker(job)
        row = RenderRow(worker)
        self._layout.insertWidget(self._layout.count() - 1, row)
        self.rows.append(row)
        worker.finished_with.connect(self.job_finished)
        worker.start()
        return row
