"""The timeline panel: a video — a person's story or film, the campaign's reel or film — as an
editor's timeline, and the edits made on it.

A reel's timeline groups its segments per person (a labelled band over each person's section,
from the rows' JSON paths: :func:`takatof.edit.reel.parts_of`); dragging a section to another
place reorders the reel's people, one undoable edit of ``outputs.reels[i].people``
(:func:`takatof.edit.reel.move_part`).

What it shows is the render's own plan (``plan_summary``), so the blocks are where the video
puts them. Every gesture ends as one undoable document edit of the *project* (the order of the
photos, a photo's ``duration_s``/``motion``/``focus``, a clip's ``start``/``end``, new media;
splits, deletions, duplicates, transitions, a clip's sound and the captions' cues through
:mod:`takatof.ui.timeline_menus`), never of the timeline: the plan is then recomputed from the project, off the UI thread,
debounced, and a stale result is dropped (:class:`takatof.ui.worker.Worker`: latest wins).
Thumbnails and waveforms are decoded on a thread pool and cached by file version, so painting
never decodes anything.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QImage, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from .. import edit as edits
from ..edit import reel as reel_edits
from ..edit.timeline import thumb_time
from ..model import Problem, Project
from ..model.campaign import MotionName
from ..model.fields import kind_of_file
from ..model.filecache import Version, per_file_version, version
from ..model.media import open_image
from ..render.fonts import fonts_dir
from ..render.jobs import Job, all_jobs
from ..render.raster import flatten
from ..render.video.plan import plan_summary
from ..render.video.probe import duration_of
from .decode import envelope
from .decode import frame_at as _frame
from .document import Document
from .media import adopt
from .pictures import to_qimage
from .timeline_menus import ARABIC as _EDITING_ARABIC
from .timeline_menus import TimelineEditing
from .timeline_style import LANE_H
from .timeline_view import TimelineView
from .worker import Worker

DEBOUNCE_MS = 150
MOTIONS: tuple[str, ...] = typing.get_args(MotionName)
THUMB_H = LANE_H - 2

Summarize = Callable[[Project, Job], Any]

ARABIC = {
    "Reorder photos": "إعادة ترتيب الصور",
    "Reorder the reel's people": "إعادة ترتيب أشخاص الريل",
    "People": "الأشخاص",
    **_EDITING_ARABIC,
}
"""The timeline's own strings in Arabic (:func:`takatof.ui.i18n.arabic_table` adds them)."""


# -- edits: each builds the new value and makes it one document command ----------------------


def move_item(
    document: Document, list_path: str, order: list[int], index: int, to: int, text: str
) -> list[Problem]:
    """Move list item ``index`` to position ``to`` of ``order`` (:func:`takatof.edit.move_item`)."""
    return document.apply(edits.move_item(document.data(), list_path, order, index, to, text))


def set_photo_duration(document: Document, where: str, seconds: float) -> list[Problem]:
    return document.apply(edits.set_photo_duration(document.data(), where, seconds))


def set_photo_motion(document: Document, where: str, motion: str | None) -> list[Problem]:
    return document.apply(edits.set_photo_motion(document.data(), where, motion))


def set_photo_focus(document: Document, where: str, x: float, y: float) -> list[Problem]:
    return document.apply(edits.set_photo_focus(document.data(), where, x, y))


def trim_clip(document: Document, where: str, edge: str, seconds: float) -> list[Problem]:
    """Set a clip's ``start`` or ``end`` (seconds into its file)."""
    return document.apply(edits.trim_clip(document.data(), where, edge, seconds))


def add_media_files(document: Document, person_index: int, paths: Iterable[str | Path]) -> list[Problem]:
    """Add files to a person as one undoable command: pictures to ``media``, videos to
    ``clips`` (appended, each as written: a plain path, a clip object with its path).

    Where a file goes is the media fields' rule (:func:`takatof.edit.files.adopt`): a path relative
    to the project folder, a file outside it copied into ``<project>/media/`` first (never over
    a different file of the same name). Other files are refused with a problem each; the rest
    are still added."""
    where = f"people[{person_index}]"
    problems: list[Problem] = []
    adopted: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        kind = kind_of_file(path)
        if kind not in ("image", "video") or not path.is_file():
            why = "is not a file" if kind in ("image", "video") else "is not a photo or a video clip"
            problems.append(Problem(where, f"{path.name!r} {why}"))
            continue
        try:
            adopted.append((kind, adopt(path, document)))
        except OSError as exc:
            problems.append(
                Problem(where, f"cannot copy {path.name!r} into the project: {exc.strerror or exc}")
            )
    if not adopted:
        return problems
    return problems + document.apply(edits.add_media(document.data(), person_index, adopted))


# -- media for painting: decoded off the UI thread, cached by file version ------------------


def _version(path: Path) -> Version | None:
    """The file's version, in the keys of the pictures asked for (None: not there now)."""
    try:
        return version(path)
    except OSError:
        return None


@per_file_version(maxsize=512)
def thumbnail(path: Path, at: float | None, height: int = THUMB_H) -> QImage:
    """A small picture of a photo (``at`` None) or of a clip's frame at ``at`` seconds, cached
    by file version; the filmstrip tile the timeline repeats along the block."""
    image = open_image(path, at_least=(height * 2, height)) if at is None else _frame(path, at)
    width = max(8, min(height * 2, round(image.width * height / max(1, image.height))))
    tile = image.resize((width, height), Image.Resampling.BILINEAR)
    if tile.mode != "RGB":  # a cut-out: on the checkerboard editors show transparency by, not black
        tile = flatten(tile, checkerboard(tile.size))
    return to_qimage(tile)


def checkerboard(size: tuple[int, int], square: int = 8) -> Image.Image:
    """Light and mid grey squares: where a picture is transparent."""
    cells = (np.indices((size[1], size[0])) // square).sum(axis=0) % 2
    return Image.fromarray(np.where(cells, 204, 153).astype(np.uint8)).convert("RGB")


@functools.cache
def register_fonts() -> None:
    """The bundled Noto faces, so Arabic captions draw on a machine without Arabic fonts
    (once: the cache makes later calls free)."""
    for path in sorted(fonts_dir().glob("NotoSans*-Regular.ttf")):
        QFontDatabase.addApplicationFont(str(path))


class TimelinePanel(QWidget):
    """A video as a timeline; see the module docstring.

    API for the main window: ``set_job(person_index, job)`` (person None: a campaign-wide video), ``set_playhead(t)``,
    ``set_focus(json_path, x, y)``; signals ``seek_requested(float)``, ``photo_selected(str)``
    (the photo's JSON path, "" for none) and ``summary_changed`` (a new plan is shown)."""

    seek_requested = Signal(float)
    photo_selected = Signal(str)
    summary_changed = Signal()
    problems = Signal(list)  # edits the document refused (list[Problem])
    suggest_focus = Signal(str)  # a clip's "Suggest focus" (its JSON path): the window runs it

    def __init__(self, document: Document, summarize: Summarize | None = None) -> None:
        super().__init__()
        register_fonts()
        self.setObjectName("timelinePanel")
        self._document = document
        self._summarize = summarize or plan_summary
        self._person: int | None = None
        self._job: Job | None = None
        self._summary: Any = None
        self._selected = ""
        self._requested: set[tuple[Any, ...]] = set()
        self._planner = Worker(self, debounce_ms=DEBOUNCE_MS, job=self._start)
        self._media = Worker(self)  # thumbnails and waveforms, beside the plan

        self.view = TimelineView()
        self.view.seek_requested.connect(self.seek_requested)
        self.view.block_clicked.connect(self._on_block_clicked)
        self.view.moved.connect(self._on_moved)
        self.view.part_moved.connect(self.move_part)
        self.view.resized.connect(lambda where, d: self.report(set_photo_duration(self._document, where, d)))
        self.view.trimmed.connect(
            lambda where, edge, s: self.report(trim_clip(self._document, where, edge, s))
        )
        self.view.files_dropped.connect(self._on_files_dropped)
        self.editing = TimelineEditing(self)  # the menus, editing keys and caption edits

        self.title = QLabel()
        self.title.setObjectName("timelineTitle")
        self.status = QLabel()
        self.motion = QComboBox()
        self.motion.setObjectName("timelineMotion")
        # As wide as its longest name in the language shown (the Arabic names are longer).
        self.motion.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.motion.addItem("", "")  # auto: the story's own cycle (its text is the language's)
        for name in MOTIONS:
            self.motion.addItem(name, name)
        self.motion.setEnabled(False)
        self.motion.activated.connect(self._on_motion)
        self.motion_label = QLabel()
        self.zoom_out = self._button("−", lambda: self.view.zoom(0.8))
        self.zoom_in = self._button("+", lambda: self.view.zoom(1.25))
        self.zoom_fit = self._button("", self.view.fit)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.title)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.motion_label)
        bar.addWidget(self.motion)
        bar.addSpacing(12)
        for button in (self.zoom_out, self.zoom_in, self.zoom_fit):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.retranslate()
        document.changed.connect(self._on_document_changed)

    def _button(self, text: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.clicked.connect(slot)
        return button

    def retranslate(self) -> None:
        """Track names, buttons and tips in the interface language, in place: the plan on
        screen, its thumbnails and waveforms stay."""
        self.view.labels.update(
            video=self.tr("Video"),
            captions=self.tr("Captions"),
            music=self.tr("Music"),
            voiceover=self.tr("Voice-over"),
            clip=self.tr("Clip sound"),
            title=self.tr("Title"),
            stat=self.tr("Stat"),
            closing=self.tr("Closing"),
            parts=self.tr("People"),
            media=self.tr("Media"),
            ducked=self.tr("ducked"),
            cut=self.tr("Cut"),
            crossfade=self.tr("Cross-fade"),
        )
        self.view.labels["dip-black"] = self.tr("Dip to black")
        self.view.labels["dip-white"] = self.tr("Dip to white")
        self.motion.setItemText(0, self.tr("auto"))
        for row in range(1, self.motion.count()):  # the names shown; the file keeps the value
            self.motion.setItemText(row, self.tr(str(self.motion.itemData(row))))
        self.motion.setToolTip(self.tr("How the selected photo moves (auto: the story's own cycle)"))
        self.motion_label.setText(self.tr("Motion"))
        self.zoom_out.setToolTip(self.tr("Zoom out (Ctrl+wheel)"))
        self.zoom_in.setToolTip(self.tr("Zoom in (Ctrl+wheel)"))
        self.zoom_fit.setText(self.tr("Fit"))
        self.zoom_fit.setToolTip(self.tr("Show the whole video"))
        if self._job is None:
            self.view.set_summary(None, self.tr("Select a story video to see its timeline."))
        self._show_title()
        self.view.invalidate()

    def set_document(self, document: Document) -> None:
        """Follow another document (a project opened in the window): the panel is cleared
        until the window shows one of its videos. Pictures are keyed by the path written in
        the project, which another project may use for another file, so they are dropped
        (the decoded files stay cached by their real path and version)."""
        if document is self._document:
            return
        self._document.changed.disconnect(self._on_document_changed)
        self._document = document
        document.changed.connect(self._on_document_changed)
        self.set_job(None, None)
        self._requested.clear()
        self.view.clear_media()

    @property
    def document(self) -> Document:
        return self._document

    # -- public API --------------------------------------------------------------------------

    @property
    def summary(self) -> Any:
        """The plan summary on screen (None while there is none)."""
        return self._summary

    @property
    def person_index(self) -> int | None:
        return self._person

    @property
    def selected(self) -> str:
        return self._selected

    def set_job(self, person_index: int | None, job: Job | None) -> None:
        """Show ``job``'s video: person ``person_index``'s story or film, or (person None) a
        campaign-wide reel or film; a job None clears the panel. The same person's same video
        (its id renamed, or the rename undone; a reel's people reordered) keeps the selected
        photo: its JSON path still names it."""
        same = (
            job is not None
            and self._job is not None
            and person_index == self._person
            and (job.kind, job.template, job.preset, job.languages, job.named, job.variant)
            == (
                self._job.kind,
                self._job.template,
                self._job.preset,
                self._job.languages,
                self._job.named,
                self._job.variant,
            )
            and self._job.person not in {p.id for p in self._document.campaign.people if p.id != job.person}
        )
        if not same:
            self._select("")
        self._planner.stop()
        if job is None:
            self._person, self._job = None, None
            self._show(None, self.tr("Select a story video to see its timeline."))
            self.title.setText("")
            return
        self._person, self._job = person_index, job
        self._show_title()
        self.view.refit()
        self._start()

    def _show_title(self) -> None:
        """Whose story (or which reel or film), at which preset (in the interface language)."""
        if self._job is not None:
            job = self._job
            who = " · ".join(part for part in (job.variant, job.person) if part) or job.template
            self.title.setText(f"<b>{who}</b> · {self.tr(job.preset)}")

    def set_playhead(self, t: float) -> None:
        self.view.set_playhead(t)

    def set_focus(self, json_path: str, x: float, y: float) -> list[Problem]:
        """Centre the photo's motion on (x, y), fractions of the photo (one undoable edit)."""
        return self.report(set_photo_focus(self._document, json_path, x, y))

    def select(self, where: str) -> None:
        """Select the block at ``where`` (a photo emits ``photo_selected``)."""
        self._on_block_clicked(where)

    def wait_idle(self, msecs: int = 30000) -> bool:
        return self._planner.wait(msecs) and self._media.wait(msecs)

    # -- the plan, off the UI thread -------------------------------------------------------

    def _on_document_changed(self, _where: str) -> None:
        if self._job is not None:
            self._planner.later()
        self._sync_motion()

    def _start(self) -> None:
        if self._job is None:
            return
        project, summarize = self._document.project(), self._summarize
        job = self._job = _as_listed(project, self._job)
        self.status.setText(self.tr("Planning…"))

        def work() -> tuple[Any, dict[str, float]]:
            summary = summarize(project, job)
            lengths = {
                row.where: duration_of(project.resolve(row.source))
                for row in summary.segments
                if row.kind == "clip" and row.where and row.source
            }
            return summary, lengths

        # A failure is shown in the panel, never a crash; a newer plan drops this one.
        self._planner.start(work, self._on_summary, self._on_failed)

    def _on_summary(self, planned: tuple[Any, dict[str, float]]) -> None:
        summary, lengths = planned
        self.view.source_durations = lengths
        self.view.part_names = self._part_names(summary)
        self._show(summary)
        self.status.setText("")
        self._request_media(summary)
        wheres = {row.where for row in summary.segments}
        if self._selected and self._selected not in wheres:
            self._select("")
        if self.view.selected_cue is not None and self.view.selected_cue >= len(summary.cues):
            self.view.selected_cue = None
        self.summary_changed.emit()

    def _on_failed(self, message: str) -> None:
        self.status.setText(message)
        if self._summary is None:
            self._show(None, message)

    def _show(self, summary: Any, message: str = "") -> None:
        self._summary = summary
        self.view.set_summary(summary, message)

    def _request_media(self, summary: Any) -> None:
        """Start decoding the thumbnails and waveforms this plan needs and nobody asked for."""
        project = self._document.project()
        for row in summary.segments:
            if row.kind not in ("photo", "clip", "media") or not row.source:
                continue
            at = thumb_time(row)
            path = project.resolve(row.source)
            key = ("thumb", str(row.source), at, _version(path))
            if key in self._requested:
                continue
            self._requested.add(key)

            def work(
                path: Path = path, at: float = at, kind: str = row.kind, source: str = str(row.source)
            ) -> tuple[tuple[str, float], QImage]:
                return (source, at), thumbnail(path, at if kind == "clip" else None)

            # A block without a picture stays one; the checks report bad media.
            self._media.start(work, self._on_thumbnail, _ignore, latest=False)
        for audio in summary.audio:
            path = project.resolve(audio.source)
            wave_key = ("wave", str(audio.source), _version(path))
            if wave_key in self._requested:
                continue
            self._requested.add(wave_key)

            def wave(path: Path = path, source: str = str(audio.source)) -> tuple[str, np.ndarray]:
                return source, envelope(path)

            self._media.start(wave, self._on_envelope, _ignore, latest=False)

    def _on_thumbnail(self, done: tuple[tuple[str, float], QImage]) -> None:
        key, image = done
        self.view.set_thumbnail(key, QPixmap.fromImage(image))

    def _on_envelope(self, done: tuple[str, np.ndarray]) -> None:
        source, levels = done
        self.view.set_envelope(source, levels)

    # -- edits -----------------------------------------------------------------------------

    def report(self, problems: list[Problem]) -> list[Problem]:
        """Show the problems an edit was refused with (the status line, ``problems``)."""
        if problems:
            self.status.setText("; ".join(str(p) for p in problems))
            self.problems.emit(problems)
        return problems

    def _on_moved(self, where: str, to: int) -> None:
        list_path, index = _split(where)
        kind = next(b.kind for b in self.view.blocks if b.where == where)
        order = [
            _split(b.where)[1]
            for b in self.view.blocks
            if b.kind == kind and b.where and _split(b.where)[0] == list_path
        ]
        text = self.tr("Reorder photos") if kind == "photo" else self.tr("Reorder clips")
        moved = not self.report(move_item(self._document, list_path, order, index, to, text))
        if moved and self._selected == where:
            self._select(f"{list_path}[{sorted(order)[to]}]")

    def _part_names(self, summary: Any) -> dict[int, str]:
        """Each person's name as a reel's section shows it: in the video's first language
        that has it, else their id."""
        people = self._document.campaign.people
        langs = tuple(getattr(summary, "langs", ()))
        names: dict[int, str] = {}
        for index, person in enumerate(people):
            names[index] = next((person.name.get(c) for c in langs if person.name.get(c)), "") or person.id
        return names

    def reel_index(self) -> int | None:
        """The place in ``outputs.reels`` of the reel shown (None: not a reel)."""
        job = self._job
        if job is None or job.kind != "reel":
            return None
        reels = self._document.campaign.outputs.reels
        return next((k for k, reel in enumerate(reels) if reel.id == job.variant), None)

    def move_part(self, index: int, to: int) -> list[Problem]:
        """Move the reel's section ``index`` (a person's part, as the band shows them) to
        place ``to`` among the sections: one undoable edit of the reel's people (what a drag
        of the band does)."""
        reel = self.reel_index()
        if reel is None or not 0 <= index < len(self.view.parts):
            return []
        campaign = self._document.campaign
        ids = [p.id for p in campaign.people]
        shown = [ids[part.person] for part in self.view.parts]
        data = self._document.data()
        listed = [
            part.get("person") for part in reel_edits.reel_list(data, reel, ids) if isinstance(part, dict)
        ]
        at = f"outputs.reels[{reel}].people"
        if listed != shown:
            return self.report(
                [Problem(at, "lists people who are not in the campaign: fix the list, then reorder")]
            )
        text = self.tr("Reorder the reel's people")
        return self.report(self._document.apply(reel_edits.move_part(data, reel, index, to, ids, text)))

    def _on_files_dropped(self, paths: list[str]) -> None:
        if self._person is not None:
            self.report(add_media_files(self._document, self._person, paths))

    def _on_block_clicked(self, where: str) -> None:
        self.view.selected_cue = None  # one thing selected: a block or a caption
        self._select(where)

    def _select(self, where: str) -> None:
        changed = where != self._selected
        self._selected = where
        self.view.set_selected(where)
        self._sync_motion()
        if changed:
            self.photo_selected.emit(where if _is_photo(where) else "")

    def _sync_motion(self) -> None:
        photo = self._selected if _is_photo(self._selected) else ""
        self.motion.setEnabled(bool(photo))
        motion = ""
        if photo:
            try:
                item = self._document.get(photo)
            except (IndexError, KeyError, TypeError):
                item = None
            motion = item.get("motion") or "" if isinstance(item, dict) else ""
        self.motion.setCurrentIndex(max(0, self.motion.findData(motion)))

    def _on_motion(self, index: int) -> None:
        if _is_photo(self._selected):
            self.report(set_photo_motion(self._document, self._selected, self.motion.itemData(index) or None))


def _ignore(_message: str) -> None:
    """A picture that cannot be decoded: its block stays plain (the checks report the file)."""


def _as_listed(project: Project, job: Job) -> Job:
    """``job`` as the render lists it now: a campaign-wide video's featured people follow its
    output (a reel's people reordered, or the reorder undone); a story is its own."""
    if job.kind == "video":
        return job
    same = [
        listed
        for listed in all_jobs(project, None, {job.preset}, {job.kind})
        if (listed.variant, listed.subject, listed.languages, listed.named)
        == (job.variant, job.subject, job.languages, job.named)
    ]
    return same[0] if same else job


def _split(where: str) -> tuple[str, int]:
    """``people[0].media[2]`` -> (``people[0].media``, 2)."""
    head, _, index = where.rpartition("[")
    return head, int(index.rstrip("]"))


def _is_photo(where: str) -> bool:
    return ".media[" in where
