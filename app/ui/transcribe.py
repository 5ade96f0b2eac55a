"""The Studio's Transcribe: a clip's, a voice-over's or a film's speech made into caption files,
off the UI thread, with progress and Cancel, and referenced from the project as one undo.

It takes the same road as ``takatof captions`` (:mod:`takatof.speech.captioning`), so both give
the same cues: the model's folder is found (a download shows its progress), each source is
heard by :func:`~takatof.speech.captioning.caption` on a worker thread (cancellable, writing
nothing), and only when every source is done, on the UI thread, are the SRT files written
(:func:`~takatof.speech.captioning.write_files`) and the references pushed on the document's
undo stack (:meth:`~takatof.speech.captioning.Captioned.edit`). A Cancel therefore leaves the
folder and the project as they were, and an undo takes the references away (the files stay,
under names no other file has, so a redo finds them).

One :class:`Transcription` serves a window (:func:`transcriber_for`): the timeline's clip
menu, the People menu's voice-over and the outputs panel's film all start theirs there, so two
never run at once on a two-core machine. Tests set :attr:`Transcription.ask` (the dialog),
:attr:`Transcription.recognise` and :attr:`Transcription.model_folder` (no model needed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QProgressDialog, QWidget

from ..edit.edits import Change, Edit
from ..edit.edits import apply as apply_edit
from ..model import Problem, Project
from ..render.cancel import CancelToken
from ..render.video.runner import Cancelled
from ..speech import captioning
from ..speech.captioning import Captioned, Recognise, Source
from ..speech.models import SpeechError
from ..speech.models import model_folder as find_model_folder
from ..speech.transcribe import transcribe
from .document import Document
from .transcribe_dialog import Options, TranscribeDialog
from .worker import Worker

NOTICE_MS = 30_000
"""How long the status bar shows what a transcription wrote and its notes."""

MODEL_STEP = -1
"""The progress step of getting the model (a download), before the first source."""

FolderOf = Callable[..., Path]
""":func:`~takatof.speech.models.model_folder`'s signature (tests pass a fake)."""

Ask = Callable[[QWidget | None, QSettings, Project, Sequence[Source]], Options | None]


class _Progress(QObject):
    """Lives on the UI thread: emitted from the worker's thread, its signal arrives queued."""

    moved = Signal(int, float)  # the source's index (MODEL_STEP: the model), its fraction done


@dataclass(frozen=True)
class _Run:
    """One transcription under way: what it hears, on which document, and its token."""

    document: Document
    sources: tuple[Source, ...]
    token: CancelToken


def ask_options(
    parent: QWidget | None, settings: QSettings, project: Project, sources: Sequence[Source]
) -> Options | None:
    """The dialog's choices, or None when it is cancelled."""
    dialog = TranscribeDialog(
        parent,
        settings,
        [s.label for s in sources],
        captioning.languages_of(project),
        project.campaign.speech.model,
        any(s.kind == "voiceover" for s in sources),
    )
    return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None


def hear_all(
    project: Project,
    sources: Sequence[Source],
    options: Options,
    *,
    folder_of: FolderOf,
    recognise: Recognise,
    report: Callable[[int, float], None],
    cancel: CancelToken,
) -> list[Captioned]:
    """The worker's part: the model's folder, then each source's cues, in order. Writes
    nothing; raises :class:`Cancelled` when ``cancel`` is tripped."""

    def fetched(fraction: float) -> None:
        if cancel.cancelled:  # a download stops at its next progress step
            raise Cancelled("transcription cancelled")
        report(MODEL_STEP, fraction)

    model = folder_of(options.model, project.path.parent, fetched)
    made: list[Captioned] = []
    for index, source in enumerate(sources):
        if cancel.cancelled:
            raise Cancelled("transcription cancelled")
        made.append(
            captioning.caption(
                project,
                source,
                model,
                language=options.language,
                translate=options.translate,
                align_story=options.align_story,
                on_progress=_step(report, index),
                cancel=cancel,
                recognise=recognise,
            )
        )
    if cancel.cancelled:
        raise Cancelled("transcription cancelled")
    return made


def _step(report: Callable[[int, float], None], index: int) -> Callable[[float], None]:
    """Source ``index``'s progress, told as that step's."""
    return lambda fraction: report(index, fraction)


class Transcription(QObject):
    """Runs one transcription at a time for the widgets of a window (see the module).
    ``finished`` carries what the status bar was told (empty when it was cancelled or
    failed); ``failed`` the message shown in the message box."""

    finished = Signal(list)  # list[str]: the lines shown
    failed = Signal(str)

    def __init__(self, parent: QWidget, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcription")
        self._parent = parent
        self.settings = settings if settings is not None else QSettings()
        self.ask: Ask = ask_options
        self.recognise: Recognise = transcribe
        self.model_folder: FolderOf = find_model_folder
        self.progress: QProgressDialog | None = None
        self.error_box: QMessageBox | None = None
        self._worker = Worker(self)
        self._signal = _Progress(self)
        self._signal.moved.connect(self._moved)
        self._run: _Run | None = None
        app = QCoreApplication.instance()
        if app is not None:  # quitting does not wait minutes for a long clip to be heard
            app.aboutToQuit.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self._run is not None

    # -- starting -------------------------------------------------------------------------------

    def transcribe_at(self, document: Document, wheres: Sequence[str]) -> bool:
        """Transcribe the clips or voice-overs at these JSON paths (``people[0].clips[1]``,
        ``people[0].voiceover``)."""
        project = document.project()
        try:
            found = [captioning.source_at(project, where) for where in wheres]
        except SpeechError as exc:
            self._error(str(exc))
            return False
        return self.transcribe(document, found)

    def transcribe_only(self, document: Document, only: str) -> bool:
        """Transcribe what a person (their clips and voice-over) or a film output (its clips)
        has to hear, as ``takatof captions --only ID`` does."""
        try:
            found = captioning.sources(document.project(), only)
        except SpeechError as exc:
            self._error(str(exc))
            return False
        return self.transcribe(document, found)

    def transcribe(self, document: Document, sources: Sequence[Source]) -> bool:
        """Ask for the options, then hear ``sources`` on the worker. False when nothing was
        started (another is running, the dialog was cancelled, nothing to hear)."""
        if self._run is not None:
            self._say(
                [self.tr("A transcription is already running; wait for it or cancel it.")], report=False
            )
            return False
        if not sources:
            return False
        refused = [why for source in sources if (why := document.sheet_source(source.field))]
        if refused:  # said now, not after minutes of listening
            self._error(refused[0])
            return False
        project = document.project()
        options = self.ask(self._parent, self.settings, project, sources)
        if options is None:
            return False
        run = _Run(document, tuple(sources), CancelToken())
        self._run = run
        self._show_progress(run)
        folder_of, recognise, report = self.model_folder, self.recognise, self._signal.moved.emit

        def work() -> list[Captioned] | None:
            try:
                return hear_all(
                    project, run.sources, options,
                    folder_of=folder_of, recognise=recognise, report=report, cancel=run.token,
                )  # fmt: skip
            except Cancelled:
                return None
            except ModuleNotFoundError as exc:  # faster-whisper (or its CTranslate2) is missing
                raise SpeechError(
                    f"transcription needs faster-whisper ({exc.name} is not installed): "
                    "pip install 'takatof[speech]'"
                ) from exc

        self._worker.start(work, lambda made: self._done(run, made), lambda m: self._failed(run, m))
        return True

    def cancel(self) -> None:
        """Stop the transcription under way (nothing is written)."""
        if self._run is not None:
            self._run.token.cancel()

    def _cancel_if(self, run: _Run) -> None:
        if self._run is run:
            run.token.cancel()

    def wait(self, msecs: int = 120_000) -> bool:
        """Wait for the work under way (tests and closing)."""
        return self._worker.wait(msecs)

    # -- progress -------------------------------------------------------------------------------

    def _show_progress(self, run: _Run) -> None:
        # Busy (no range) until a fraction comes: faster-whisper tells one only as each
        # 30-second window is heard, so a short clip would sit at 0 % until it is done.
        dialog = QProgressDialog(self.tr("Getting the model…"), self.tr("Cancel"), 0, 0, self._parent)
        dialog.setObjectName("transcribeProgress")
        dialog.setWindowTitle(self.tr("Transcribe"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        # Closing the dialog emits ``canceled`` too: only a run still under way is cancelled.
        dialog.canceled.connect(lambda: self._cancel_if(run))
        dialog.show()
        self.progress = dialog

    def _moved(self, step: int, fraction: float) -> None:
        run, dialog = self._run, self.progress
        if run is None or dialog is None or run.token.cancelled:
            return
        fraction = min(max(fraction, 0.0), 1.0)
        count = len(run.sources)
        if not MODEL_STEP <= step < count:
            return
        if step == MODEL_STEP:
            dialog.setLabelText(
                self.tr("Getting the model… {percent}%").format(percent=round(100 * fraction))
            )
            return
        dialog.setLabelText(
            self.tr("Hearing {label} ({n} of {count})…").format(
                label=run.sources[step].label, n=step + 1, count=count
            )
        )
        value = round(1000 * (step + fraction) / count)
        if value > 0:
            dialog.setMaximum(1000)
            dialog.setValue(value)

    def _close_progress(self) -> None:
        dialog, self.progress = self.progress, None
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()

    # -- the end --------------------------------------------------------------------------------

    def _done(self, run: _Run, made: list[Captioned] | None) -> None:
        self._run = None
        self._close_progress()
        if made is None or run.token.cancelled:
            self._say([self.tr("Transcription cancelled: nothing was written.")], report=False)
            self.finished.emit([])
            return
        if getattr(self._parent.window(), "document", run.document) is not run.document:
            # Another project was opened meanwhile: its folder is not the one these are for.
            self._say([self.tr("The project was closed while it was transcribed: nothing was written.")])
            return
        problems = self._stale(run.document, made)
        if problems:
            self._error("; ".join(str(p) for p in problems))
            return
        created: list[Path] = []
        try:
            for captioned in made:
                created += captioning.write_files(run.document.project(), captioned)
        except (SpeechError, OSError, ValueError) as exc:
            captioning.remove_files(created)
            self._error(str(exc))
            return
        problems = self._apply(run.document, made)
        if problems:  # refused: the files this run made go too, the folder is as it was
            captioning.remove_files(created)
            self._error("; ".join(str(p) for p in problems))
            return
        self._say(self._summary(made))

    def _failed(self, run: _Run, message: str) -> None:
        self._run = None
        self._close_progress()
        if run.token.cancelled:  # a cancel that surfaced as another error: still a cancel
            self._say([self.tr("Transcription cancelled: nothing was written.")], report=False)
            self.finished.emit([])
            return
        self._error(message)

    def _stale(self, document: Document, made: list[Captioned]) -> list[Problem]:
        """The sources that changed while they were heard (a clip trimmed, deleted or
        given another file): cues made for one stretch must not land on another."""
        project = document.project()
        problems = []
        for captioned in made:
            where = captioned.source.where
            try:
                now: Source | None = captioning.source_at(project, where)
            except SpeechError:
                now = None
            if now != captioned.source:
                problems.append(
                    Problem(where, self.tr("it changed while it was transcribed; transcribe again"))
                )
        return problems

    def _apply(self, document: Document, made: list[Captioned]) -> list[Problem]:
        """The references as one edit (a film's clips too): one undo, and all or none of
        them (the model refuses the whole edit or takes it)."""
        data = document.data()
        changes: list[Change] = []
        texts: list[str] = []
        for captioned in made:
            if not captioned.files:  # no speech heard: nothing to reference (the notes say so)
                continue
            edit = captioned.edit(data)
            data = apply_edit(data, edit)
            changes.extend(edit.changes)
            texts.append(edit.text)
        if not changes:
            return []
        text = texts[0] if len(texts) == 1 else self.tr("Transcribe {count} files").format(count=len(texts))
        return document.apply(Edit(text, tuple(changes)))

    def _summary(self, made: list[Captioned]) -> list[str]:
        lines = []
        for captioned in made:
            files = ", ".join(captioned.files.values()) or self.tr("no speech heard")
            lines.append(f"{captioned.source.label}: {files}")
            lines.extend(captioned.notes)
        return lines

    def _say(self, lines: list[str], report: bool = True) -> None:
        """Tell ``lines`` in the window's status bar (one line; the tooltip has them all)."""
        window = self._parent.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(" · ".join(lines), NOTICE_MS)
            window.statusBar().setToolTip("\n".join(lines))
        if report:
            self.finished.emit(lines)

    def _error(self, message: str) -> None:
        """A message box with the text (never a traceback), shown without blocking."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Transcribe"), message, parent=self._parent)
        box.setObjectName("transcribeError")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.error_box = box
        self.failed.emit(message)


def sources_using(project: Project, files: Sequence[Path]) -> list[Source]:
    """Every clip and voice-over that plays one of ``files`` (the media bin's selection), in
    project order: each person's, then each film's own footage (a person's film plays the
    person's clips, listed once)."""
    wanted = {f.resolve() for f in files}
    ids = [p.id for p in project.campaign.people] + [f.id for f in project.campaign.outputs.films]
    found: dict[str, Source] = {}
    for only in ids:
        try:
            listed = captioning.sources(project, only)
        except SpeechError:  # nothing to hear there
            continue
        for source in listed:
            if source.path.resolve() in wanted:
                found.setdefault(source.where, source)
    return list(found.values())


def transcriber_for(widget: QWidget) -> Transcription:
    """The window's one :class:`Transcription` (made the first time it is asked for), with
    the window's settings when it has them (the main window's ``settings``)."""
    window = widget.window()
    found = window.findChild(Transcription, "transcription")
    if isinstance(found, Transcription):
        return found
    settings: Any = getattr(window, "settings", None)
    return Transcription(window, settings if isinstance(settings, QSettings) else None)
