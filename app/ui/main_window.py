"""Takatof Studio's main window: campaign tree | inspector | preview, and the render queue.

It owns no editing logic: the tree, inspector and preview receive the document and listen
to it; the window wires menus to document operations and keeps files, settings, autosave
and recovery.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt, QTimer, QTranslator
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from ..model import Campaign, Problem, ProjectError, load_for_editing, load_project
from ..model.examples import example_project
from ..model.paths import parse_path
from ..render.batch import project_names
from ..render.files import write_atomic
from ..render.jobs import Job, all_jobs
from ..render.presets import preset_ids
from ..render.video.focus import frame_point, photo_point
from ..render.video.plan import PLANNED_KINDS
from ..render.video.render import plan
from ..templates import registry
from ..templates.timeline import Photo, Timeline
from .clip_focus import ClipFocus
from .document import Document
from .i18n import ArabicTranslator, qt_translator, set_interface_language
from .inspector import Inspector, owner_of
from .media_bin import MediaBin
from .posts_panel import PostsPanel
from .preview import PERSON_KINDS, Output, Preview, Target, kind_outputs, languages_text, outputs_of
from .problems import ProblemsPanel
from .render_queue import QueuedRender, RenderQueue
from .start import RECENT_KEY, StartPage, ask_blank_campaign, recent_files
from .timeline import TimelinePanel, add_media_files
from .transcribe import transcriber_for
from .tree import CampaignTree
from .wheel import guard_wheel
from .worker import Worker

AUTOSAVE_MS = 60_000
RECENT = 8


def new_document() -> Document:
    """An untitled campaign started from the example that ships in the package; its media
    stay where the package keeps them until the first save copies them beside the file."""
    starter = example_project()
    return Document(campaign=load_project(starter, project_names()).campaign, base=starter.parent)


Ids = tuple[tuple[str, ...], tuple[str, ...]]


def _ids_of(campaign: Campaign) -> Ids:
    """The people's and the spotlights' ids, in order."""
    return tuple(p.id for p in campaign.people), tuple(s.id for s in campaign.spotlights)


def _same_place(subject: str, before: Ids, after: Ids) -> str | None:
    """The id now at the place ``subject`` had (its section and index) before an edit; None
    when it had none, or when the section's length changed (a person added or removed is no
    rename)."""
    for old, new in zip(before, after, strict=True):
        if subject in old and len(old) == len(new):
            return new[old.index(subject)]
    return None


def recovery_file() -> Path:
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    return folder / "recovery.json"


class MainWindow(QMainWindow):
    def __init__(self, document: Document, settings: QSettings | None = None) -> None:
        super().__init__()
        guard_wheel()  # a wheel turn scrolls forms; it never edits an unfocused list or number
        self.settings = settings or QSettings()
        self.document = document
        self._translator = ArabicTranslator(self)
        self._qt_translator: QTranslator | None = None
        self._shown = False
        self._language = "en"
        self._texts: list[tuple[QAction, str]] = []  # (action or menu, English text) to retranslate
        self.start_page: StartPage | None = None
        self.open_error: QMessageBox | None = None
        self.queue = RenderQueue()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.queue)
        self.queue_dock = self._dock(scroll, "renderQueueDock")
        self.queue_dock.setMinimumHeight(120)
        self.problems = ProblemsPanel()
        self.problems_dock = self._dock(self.problems, "problemsDock")
        self.problems.go_to.connect(self.go_to)
        self.problems.counted.connect(self._on_problem_count)
        self.media_bin = MediaBin()
        self.media_bin_dock = self._dock(self.media_bin, "mediaBinDock")
        self.media_bin.add_requested.connect(self._add_files_to_person)
        self.tabifyDockWidget(self.queue_dock, self.problems_dock)
        self.tabifyDockWidget(self.problems_dock, self.media_bin_dock)
        self.queue_dock.raise_()
        self.resizeDocks([self.queue_dock], [140], Qt.Orientation.Vertical)
        self._autosave = QTimer(self, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        self._build_panels(document)
        # The posts that go with the output shown, beside the preview (takatof.ui.posts_panel).
        self.posts = PostsPanel(document)
        self.posts_dock = QDockWidget(self)
        self.posts_dock.setObjectName("postsDock")
        self.posts_dock.setWidget(self.posts)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.posts_dock)
        self.preview.target_changed.connect(lambda: self.posts.set_job(self.preview.target))
        self.problems.set_document(document)
        self.media_bin.set_document(document)
        self._build_menus()
        self._follow(document, None)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        self.resize(min(1600, room.width()) if room else 1400, min(1000, room.height()) if room else 900)
        self._retranslate_window()  # the panels set their own texts as they are made
        self.apply_language(str(self.settings.value("language", "en")))

    # -- document ------------------------------------------------------------------------

    def _build_panels(self, document: Document) -> None:
        """The editor, made once: tree | inspector | preview over the timeline. Another
        document is handed to these same panels (``set_document``), so their caches and the
        sizes the person gave the splitters and docks stay."""
        self.tree = CampaignTree(document)
        self.inspector = Inspector(document)
        self.preview = Preview(document)
        self.timeline = TimelinePanel(document)
        # A clip's focus path: a click on the preview at the playhead sets a key, and "Suggest
        # focus" (the clip's menu) finds one on a worker (takatof.ui.clip_focus).
        self.clip_focus = ClipFocus(self)
        self.clip_focus.suggested.connect(self._on_focus_suggested)
        self.timeline.suggest_focus.connect(lambda _where: self.clip_focus.suggest())
        splitter = QSplitter()
        for widget, stretch in ((self.tree, 2), (self.inspector, 3), (self.preview, 4)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        self.editor = QSplitter(Qt.Orientation.Vertical)
        self.editor.setObjectName("editor")
        self.editor.addWidget(splitter)
        self.editor.addWidget(self.timeline)
        self.editor.setStretchFactor(0, 3)
        self.editor.setStretchFactor(1, 1)
        self.editor.setSizes([560, 240])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.editor)
        self.setCentralWidget(self.pages)
        self.tree.selected.connect(self._on_selected)
        self.preview.target_changed.connect(self._follow_preview)
        self.preview.languages_changed.connect(self._tree_follows_languages)
        self.preview.time_changed.connect(self.timeline.set_playhead)
        self.preview.clicked_at.connect(self.set_focus_from_click)
        self.timeline.seek_requested.connect(self.preview.set_time)
        self.preview.bind_keys(self.timeline)  # Space, J/K/L, arrows, Home/End there too
        self.timeline.photo_selected.connect(self._on_photo_selected)
        self._planned: tuple[Campaign, Job, Timeline] | None = None
        for signal in (
            self.preview.drawn,
            self.preview.target_changed,
            self.timeline.photo_selected,
            self.timeline.summary_changed,
        ):
            signal.connect(self._show_focus)

    def set_document(self, document: Document) -> None:
        """Edit ``document`` (opened, new or recovered) in the panels already on screen. The
        previous document is closed: its preview cache goes with it."""
        previous = self.document
        if document is previous:
            return
        self.document = document
        for panel in (
            self.tree, self.inspector, self.preview, self.timeline, self.problems, self.media_bin, self.posts
        ):  # fmt: skip
            panel.set_document(document)
        self._follow(document, previous)
        self.preview.wait_idle()  # a draw of the previous document may still read its cache
        previous.close()

    def _follow(self, document: Document, previous: Document | None) -> None:
        """Title, Edit menu and selection for ``document``; the start page makes way."""
        if previous is not None:
            previous.dirty_changed.disconnect(self._on_dirty_changed)
            previous.path_changed.disconnect(self._update_title)
            previous.changed.disconnect(self._on_document_changed)
            previous.changed.disconnect(self._show_focus)
        document.dirty_changed.connect(self._on_dirty_changed)
        document.path_changed.connect(self._update_title)
        document.changed.connect(self._on_document_changed)
        document.changed.connect(self._show_focus)
        self._ids = _ids_of(document.campaign)
        if self.start_page is not None:
            self.pages.removeWidget(self.start_page)
            self.start_page.deleteLater()
            self.start_page = None
            for dock in self._docks():
                dock.show()
            self.queue_dock.raise_()
            QTimer.singleShot(0, self._settle_docks)
        self.pages.setCurrentWidget(self.editor)
        self._undo_menu_actions()
        self._update_title()
        self.tree.select("people[0]", self._first_output())

    def _on_document_changed(self, _where: str) -> None:
        """An id renamed (or the rename undone): the preview, and the timeline that follows
        it, show the person or spotlight they showed under its id now, never a stale one
        (drawing the old id failed with a bare ``KeyError`` text). The subject is found where
        it was in the campaign before the edit, so this holds whatever the tree selects (the
        person's form may have been reached from a photo on the timeline)."""
        before, self._ids = self._ids, _ids_of(self.document.campaign)
        target = self.preview.target
        if target is None or target.subject is None:
            return
        if any(target.subject in ids for ids in self._ids):
            return
        subject = _same_place(target.subject, before, self._ids)
        if subject is None:
            node = self.tree.current()
            subject = self._subject(node.path) if node is not None else None
        if subject is not None:
            moved = target.with_subject(subject)
            self.preview.set_target(moved, self._presets(moved))

    def _on_dirty_changed(self, _dirty: bool) -> None:
        self._update_title()

    def show_start_page(self) -> None:
        """The start page, when the Studio opens with no project: a new campaign from the
        bundled example, Open…, or a recent file. Choosing one replaces the page."""
        if self.start_page is None:
            page = StartPage(self.settings)
            page.setObjectName("startPage")
            page.new_requested.connect(self.new)
            page.open_requested.connect(self.open_dialog)
            page.recent_requested.connect(self.open_file)
            self.pages.addWidget(page)
            self.start_page = page
        self.pages.setCurrentWidget(self.start_page)
        for dock in self._docks():
            dock.hide()  # nothing to render or check yet: the page gets the window

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:  # dock sizes only take once the window is laid out
            self._shown = True
            QTimer.singleShot(0, self._settle_docks)

    def _settle_docks(self) -> None:
        """The bottom docks at a modest height; the editor keeps the rest of the window."""
        self.resizeDocks([self.queue_dock], [150], Qt.Orientation.Vertical)
        self.resizeDocks([self.posts_dock], [420], Qt.Orientation.Horizontal)

    def _docks(self) -> list[QDockWidget]:
        return [self.queue_dock, self.problems_dock, self.media_bin_dock, self.posts_dock]

    def _first_output(self) -> Output | None:
        """The output a person's preview starts on: the campaign's first card made for a
        person, else their first video."""
        campaign = self.document.campaign
        cards = [o for o in outputs_of(campaign, "card") if registry.get(o.template).scope == "person"]
        first = cards or outputs_of(campaign, "video")
        return first[0] if first else None

    def _subject(self, path: str) -> str | None:
        """The id of the person or spotlight at ``path`` (None for anything else)."""
        value = self.document.get(path) if path else None
        return str(value["id"]) if isinstance(value, dict) and "id" in value else None

    def _on_selected(self, path: str, output: Output | None) -> None:
        self.inspector.show_path(path)
        if output is None:
            self._preview_subject(path)
            return
        target = output.of(self._subject(path))
        self.preview.set_target(target, self._presets(target))

    def _presets(self, target: Target) -> list[str]:
        """The shapes the preview offers for ``target``: every preset of its kind for a
        person's card or video, the presets its own output lists for the others (a reel's)."""
        if target.kind in PERSON_KINDS:
            return preset_ids(target.kind)  # type: ignore[arg-type]  # "card" | "video"
        listed = kind_outputs(self.document.project(), target.kind, target.subject)
        return list(dict.fromkeys(o.preset for o in listed if o.variant == target.variant)) or [target.preset]

    def _preview_subject(self, path: str) -> None:
        """A person clicked in the tree: the preview shows the same output for that person
        (or their first one), never the previously selected person's."""
        if self._person_index(path) is None:
            return
        person = self._subject(path)
        current = self.preview.target
        keeps = current is not None and (
            current.kind == "video"
            or (current.kind == "card" and registry.get(current.template).scope == "person")
        )
        target: Target | None
        if (
            current is not None
            and keeps
            and current.template in {o.template for o in outputs_of(self.document.campaign, current.kind)}
        ):
            target = current.with_subject(person)
        else:
            first = self._first_output()
            if first is None:
                return
            target = first.of(person)
        self.preview.set_target(target, self._presets(target))

    def _follow_preview(self) -> None:
        """The timeline shows the video the preview shows (a person's story or film, the
        campaign's reel or film; its shape); while a card or carousel is shown it steps aside,
        so the picture gets the height."""
        target = self.preview.target
        ids = [p.id for p in self.document.campaign.people]
        if (
            target is None
            or target.kind not in PLANNED_KINDS
            or (target.subject is not None and target.subject not in ids)
        ):
            self.timeline.set_job(None, None)
            self.timeline.hide()
            return
        self.timeline.show()
        person = ids.index(target.subject) if target.subject is not None else None
        self.timeline.set_job(person, target)

    def _tree_follows_languages(self) -> None:
        """The languages switched in the preview: the tree selects that output under the same
        person, so Render selection renders what is shown (the inspector keeps its form)."""
        node, target = self.tree.current(), self.preview.target
        if node is None or node.output is None or target is None:
            return
        self.tree.blockSignals(True)
        try:
            self.tree.select(node.path, target.output)
        finally:
            self.tree.blockSignals(False)

    def _on_photo_selected(self, where: str) -> None:
        """A photo picked on the timeline: its fields in the inspector, and the preview at
        the photo (so a click there sets its focus)."""
        if not where:
            return
        row = (
            next((r for r in self.timeline.summary.segments if r.where == where), None)
            if self.timeline.summary
            else None
        )
        if row is not None and not row.start_s <= self.preview.time <= row.start_s + row.duration_s:
            self.preview.set_time(row.start_s + row.duration_s / 2)
        self.inspector.focus_field(where)

    def _on_focus_suggested(self, problems: list[Problem]) -> None:
        """A suggestion that could not be made or applied is told in the problems panel."""
        if problems:
            self.problems.set_problems(problems)

    def set_focus_from_click(self, fx: float, fy: float) -> None:
        """A click on the preview while a photo is selected on the timeline sets that photo's
        focus to the point of the photo under the click (one undoable edit); with a clip
        selected, a key of its focus path at the playhead (:class:`ClipFocus`)."""
        if self.clip_focus.click(fx, fy):
            return
        found = self._selected_photo()
        if found is None:
            return
        where, row, photo, timeline = found
        t = min(max(self.preview.time, row.start_s), row.start_s + row.duration_s)
        x, y = photo_point(photo, t - row.start_s, fx, fy, timeline.width, timeline.height)
        self.timeline.set_focus(where, x, y)

    def _selected_photo(self) -> tuple[str, Any, Photo, Timeline] | None:
        """The photo selected on the timeline of the video shown: its JSON path, its row of
        the timeline, its planned segment and the plan (None when no photo is selected)."""
        where = self.timeline.selected
        target = self.preview.target
        summary = self.timeline.summary
        if not where or target is None or target.kind not in PLANNED_KINDS or summary is None:
            return None
        row = next((r for r in summary.segments if r.where == where and r.kind == "photo"), None)
        if row is None:
            return None
        timeline = self._plan(target)
        photo = next(
            (seg for seg in timeline.segments if isinstance(seg, Photo) and seg.source == where), None
        )
        return None if photo is None else (where, row, photo, timeline)

    def _plan(self, target: Target) -> Timeline:
        """The plan of the video shown, made again only after an edit (or for another video):
        the focus marker asks for it each time a picture is drawn."""
        campaign = self.document.campaign
        job = Job(
            target.kind, target.template, target.preset, target.subject, target.languages, target.named,
            target.layout, target.variant, target.subjects,
        )  # fmt: skip
        if self._planned is None or self._planned[0] is not campaign or self._planned[1] != job:
            self._planned = (campaign, job, plan(self.document.project(), job))
        return self._planned[2]

    def _show_focus(self, *_: object) -> None:
        """Mark the selected photo's focus on the preview, where it is in the frame shown
        (the click that set it, seen); no marker while the photo has none or is not shown."""
        self.preview.set_marker(self._focus_on_frame())

    def _focus_on_frame(self) -> tuple[float, float] | None:
        try:
            found = self._selected_photo()
        except (KeyError, ValueError, OSError):  # a plan that fails is reported by the panels
            return None
        if found is None:
            try:
                return self.clip_focus.marker()
            except (KeyError, ValueError, OSError):  # as for a photo: the panels report the plan
                return None
        where, row, photo, timeline = found
        t = self.preview.time
        item = self.document.get(where) if row.start_s <= t <= row.start_s + row.duration_s else None
        focus = item.get("focus") if isinstance(item, dict) else None
        if not focus:
            return None
        return frame_point(photo, t - row.start_s, focus[0], focus[1], timeline.width, timeline.height)

    def _add_files_to_person(self, files: list[Path]) -> None:
        index = self._selected_person()
        if index is None:
            QMessageBox.information(self, "Takatof Studio", self.tr("Select a person to add the files to."))
            return
        problems = add_media_files(self.document, index, files)
        if problems:
            self.problems.set_problems(problems)

    def go_to(self, json_path: str) -> None:
        """Show the field a problem names: its item in the tree, the field in the inspector."""
        if not json_path:
            return
        self.tree.select(owner_of(json_path))
        self.inspector.focus_field(json_path)

    def _on_problem_count(self, count: int) -> None:
        title = self.tr("Problems")
        self.problems_dock.setWindowTitle(f"{title} ({count})" if count else title)

    def _dock(self, widget: QWidget, name: str) -> QDockWidget:
        """A bottom dock (its title is set, in the interface language, by ``retranslate``)."""
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return dock

    def _update_title(self) -> None:
        name = self.document.path.name if self.document.path else self.tr("Untitled")
        self.setWindowTitle(f"{name}[*] — Takatof Studio")
        self.setWindowModified(self.document.dirty)

    # -- menus ----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        """The menus, made once; ``retranslate`` sets their texts in the interface language."""
        files = self._menu("&File")
        self._action(files, "&New", QKeySequence.StandardKey.New, self.new)
        self._action(files, "New &blank campaign…", None, self.new_blank)
        self._action(files, "&Open…", QKeySequence.StandardKey.Open, self.open_dialog)
        self.recent_menu = files.addMenu("")
        self._texts.append((self.recent_menu.menuAction(), "Open &recent"))
        self._action(files, "&Save", QKeySequence.StandardKey.Save, self.save)
        self._action(files, "Save &as…", QKeySequence.StandardKey.SaveAs, self.save_as)
        files.addSeparator()
        self._action(files, "&Import media…", None, self.import_media)
        files.addSeparator()
        self._action(files, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.edit_menu = self._menu("&Edit")
        view = self._menu("&View")  # each dock's own toggle: its title, checked while shown
        view.addActions([dock.toggleViewAction() for dock in self._docks()])
        people = self._menu("&People")
        self._action(people, "&Add person", None, self._add_person)
        self._action(people, "&Duplicate person", None, lambda: self._person_op("duplicate"))
        self._action(people, "&Remove person", None, lambda: self._person_op("remove"))
        self._action(people, "Move &up", None, lambda: self._person_op("up"))
        self._action(people, "Move do&wn", None, lambda: self._person_op("down"))
        people.addSeparator()  # speech into caption files (takatof.ui.transcribe)
        self._action(people, "Transcribe &voice-over…", None, lambda: self.transcribe_person(voiceover=True))
        self._action(people, "Transcribe clips and voice-over…", None, lambda: self.transcribe_person())
        render = self._menu("&Render")
        self._action(render, "Render &selection", None, self.render_selection)
        self._action(render, "Render &person", None, self.render_person)
        self._action(render, "Render &everything", None, self.render_everything)
        render.addSeparator()
        self._action(render, "&Output folder…", None, self.choose_out_dir)
        settings = self._menu("Se&ttings")
        # Each language is named in itself, whatever the interface language: never translated.
        settings.addAction("English").triggered.connect(lambda: self.set_language("en"))
        settings.addAction("العربية").triggered.connect(lambda: self.set_language("ar"))
        self._refresh_recent()

    def _menu(self, text: str) -> QMenu:
        menu = self.menuBar().addMenu(text)
        self._texts.append((menu.menuAction(), text))
        return menu

    def _action(
        self,
        menu: QMenu,
        text: str,
        shortcut: QKeySequence.StandardKey | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        self._texts.append((action, text))
        return action

    def _undo_menu_actions(self) -> None:
        self.edit_menu.clear()
        undo = self.document.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.document.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.edit_menu.addActions([undo, redo])

    # -- people ---------------------------------------------------------------------------

    @staticmethod
    def _person_index(path: str) -> int | None:
        """``3`` for ``people[3]`` (and anything inside that person); None for other paths."""
        parts = parse_path(path)
        return parts[1] if len(parts) > 1 and parts[0] == "people" and isinstance(parts[1], int) else None

    def _selected_person(self) -> int | None:
        node = self.tree.current()
        return self._person_index(node.path) if node is not None else None

    def transcribe_person(self, voiceover: bool = False) -> bool:
        """The selected person's voice-over (or their clips and voice-over) as caption files,
        run by the window's :class:`~takatof.ui.transcribe.Transcription`."""
        index = self._selected_person()
        if index is None:
            QMessageBox.information(self, "Takatof Studio", self.tr("Select a person first."))
            return False
        if voiceover:
            return transcriber_for(self).transcribe_at(self.document, [f"people[{index}].voiceover"])
        return transcriber_for(self).transcribe_only(self.document, self.document.campaign.people[index].id)

    def _add_person(self) -> None:
        if self._from_sheet("people"):
            return
        index = self.document.add_person()
        self.tree.select(f"people[{index}]")

    def _from_sheet(self, section: str) -> bool:
        """People read from a spreadsheet are edited there: say so instead of editing."""
        sheet = self.document.sheet_source(section)
        if sheet is not None:
            QMessageBox.information(self, "Takatof Studio", sheet)
        return sheet is not None

    def _person_op(self, op: str) -> None:
        index = self._selected_person()
        if index is None or self._from_sheet("people"):
            return
        if op == "duplicate":
            self.tree.select(f"people[{self.document.duplicate_person(index)}]")
        elif op == "remove":
            self.document.remove_person(index)
        elif op in ("up", "down"):
            to = index - 1 if op == "up" else index + 1
            if 0 <= to < len(self.document.campaign.people):
                self.document.move_person(index, to)
                self.tree.select(f"people[{to}]")

    # -- files ----------------------------------------------------------------------------

    def new(self) -> None:
        if self._may_discard():
            self.set_document(new_document())

    def new_blank(self) -> None:
        """A blank campaign (the team's own title, no people), saved in its own folder and
        opened."""
        if not self._may_discard():
            return
        created = ask_blank_campaign(self)
        if created is not None:
            self.open_file(created)

    def import_media(self) -> None:
        """Copy files into the project's media/ through the media bin."""
        self.media_bin_dock.show()
        self.media_bin_dock.raise_()
        self.media_bin.import_dialog()

    def open_dialog(self) -> None:
        start = str(self.document.path.parent if self.document.path else Path.home())
        file, _ = QFileDialog.getOpenFileName(self, self.tr("Open campaign"), start, "Campaign (*.json)")
        if file:
            self.open_file(Path(file))

    def open_file(self, path: Path) -> bool:
        """Open a project; a broken one gets a readable error listing every problem."""
        if not self._may_discard():
            return False
        try:
            project, problems = load_for_editing(path, project_names())
        except ProjectError as exc:
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                "Takatof Studio",
                self.tr("This project cannot be opened."),
                parent=self,
            )
            box.setObjectName("openError")
            box.setInformativeText(exc.report())
            box.open()
            self.open_error = box
            return False
        self.set_document(Document(project))
        self._remember(path)
        if problems:  # open anyway: what has no problem still previews and renders
            self.problems.set_problems(problems)
            self.problems_dock.show()
            self.problems_dock.raise_()
        return True

    def save(self) -> bool:
        self.inspector.flush()
        if self.document.path is None:
            return self.save_as()
        self.document.save()
        recovery_file().unlink(missing_ok=True)
        return True

    def save_as(self) -> bool:
        self.inspector.flush()
        file, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save campaign"), "campaign.json", "Campaign (*.json)"
        )
        if not file:
            return False
        # Media paths rewritten for the new folder reach the panels as a change of the document.
        self._remember(self.document.save(Path(file)))
        recovery_file().unlink(missing_ok=True)
        return True

    def _remember(self, path: Path) -> None:
        recent = [str(p) for p in recent_files(self.settings) if p != path]
        self.settings.setValue(RECENT_KEY, [str(path), *recent][:RECENT])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for file in recent_files(self.settings):
            action = self.recent_menu.addAction(str(file))
            action.triggered.connect(lambda _=False, f=file: self.open_file(f))

    def _may_discard(self) -> bool:
        self.inspector.flush()  # words typed a moment ago count as unsaved work
        if not self.document.dirty:
            return True
        answer = QMessageBox.question(
            self,
            "Takatof Studio",
            self.tr("Save the changes to this campaign?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_discard():
            recovery_file().unlink(missing_ok=True)
            self.queue.shutdown()
            self.preview.playback.close()  # stop playing; a proxy being made is cancelled
            self.preview.wait_idle()
            # Every panel's background work (validation, waveforms, a focus suggestion...)
            # ends with the window: forgotten, and waited for, so no pool thread is still
            # running in a window Python later collects (that crashed the interpreter).
            for worker in self.findChildren(Worker):
                worker.stop()
                worker.wait()
            self.document.close()  # its preview cache goes with the window
            event.accept()
        else:
            event.ignore()

    # -- autosave and recovery -------------------------------------------------------------

    def autosave(self) -> None:
        """Every minute, unsaved work goes to a recovery file (never over the project)."""
        if not self.document.dirty:
            return
        target = recovery_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        campaign = self.document.campaign
        data = {
            "path": str(self.document.path or ""),
            # the rows as edited (people read from a sheet too), and which sections came from one
            "campaign": campaign.model_dump(mode="json", by_alias=True, exclude_unset=True),
            "sources": campaign.sources,
        }
        write_atomic(target, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def offer_recovery(self) -> bool:
        """After a crash: offer the autosaved work. Returns True when it was restored."""
        target = recovery_file()
        if not target.exists():
            return False
        answer = QMessageBox.question(
            self, "Takatof Studio", self.tr("Takatof Studio closed without saving. Restore the unsaved work?")
        )
        if answer != QMessageBox.StandardButton.Yes:
            target.unlink(missing_ok=True)
            return False
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
            campaign = Campaign.model_validate(data["campaign"]).with_sources(data.get("sources") or {})
        except (ValueError, KeyError, TypeError, OSError):  # from another version, or damaged
            target.unlink(missing_ok=True)
            QMessageBox.information(
                self, "Takatof Studio", self.tr("The unsaved work could not be restored.")
            )
            return False
        document = Document(campaign=campaign)
        if data.get("path"):
            document.set_recovered_path(Path(data["path"]))
        self.set_document(document)
        document.undo_stack.resetClean()  # restored work is not saved yet
        self._update_title()
        return True

    # -- rendering ------------------------------------------------------------------------

    def out_dir(self) -> Path:
        """Where this project renders: the folder chosen for it (remembered per project
        file), else ``out`` beside the project file, else ``~/Takatof/out`` while untitled."""
        chosen = self.settings.value(self._out_key(), "", str)
        if isinstance(chosen, str) and chosen:
            return Path(chosen)
        if self.document.path is not None:
            return self.document.path.resolve().parent / "out"
        return Path.home() / "Takatof" / "out"

    def _out_key(self) -> str:
        path = self.document.path.resolve() if self.document.path else "untitled"
        return "output_folders/" + str(path).replace("/", "|")

    def choose_out_dir(self) -> Path | None:
        """Render ▸ Output folder…: pick where this project's renders go (remembered)."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Output folder"), str(self.out_dir()))
        if not folder:
            return None
        self.settings.setValue(self._out_key(), str(Path(folder).resolve()))
        return Path(folder)

    def _queue(
        self,
        title: str,
        only: set[str] | None,
        presets: set[str] | None = None,
        kind: str | None = None,
        template: str | None = None,
        keep: Callable[[Job], bool] | None = None,
    ) -> None:
        self.inspector.flush()
        project = self.document.project()
        jobs = all_jobs(project, only, presets, None if kind is None else {kind})
        if template is not None:
            jobs = [j for j in jobs if j.template == template]
        if keep is not None:
            jobs = [j for j in jobs if keep(j)]
        self.queue.add(QueuedRender(title, project, self.out_dir(), jobs))

    def render_selection(self) -> None:
        node = self.tree.current()
        if node is None or node.output is None:
            self.render_person()
            return
        # A person's or a spotlight's card, or (under Campaign) a campaign-wide one: no subject.
        subject = self._subject(node.path)
        output = node.output
        who = subject if subject is not None else self.document.campaign.id
        title = f"{self.tr(output.template)} · {self.tr(output.preset)} · {who}"  # names, translated
        if output.named:
            title += f" · {languages_text(output.languages)}"
        self._queue(
            title,
            None,
            {output.preset},
            output.kind,
            output.template,
            # Only the output selected: another output of this template and preset may print
            # other languages (its own files).
            lambda job: (
                self._concerns(job, subject)
                and (job.languages, job.named, job.variant)
                == (output.languages, output.named, output.variant)
            ),
        )

    def _concerns(self, job: Job, subject: str | None) -> bool:
        """Whether ``job`` is the one the tree lists under ``subject`` (a person's or a
        spotlight's id; None: the campaign's own cards)."""
        return job.subject == subject

    def render_person(self) -> None:
        index = self._selected_person()
        if index is not None:
            person = self.document.campaign.people[index].id
            self._queue(self.tr("Everything for {p}").format(p=person), {person})

    def render_everything(self) -> None:
        self._queue(self.tr("Whole campaign"), None)

    # -- language ---------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        self.settings.setValue("language", language)
        self.apply_language(language)

    def apply_language(self, language: str) -> None:
        """Arabic translates the interface and lays the whole window out right-to-left. Every
        text is set again in place (``retranslate``): no panel is rebuilt, so the preview's
        picture, the thumbnails and the sizes of panels and docks stay."""
        direction = Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
        QCoreApplication.removeTranslator(self._translator)
        if self._qt_translator is not None:
            QCoreApplication.removeTranslator(self._qt_translator)
            self._qt_translator = None
        if language == "ar":
            QCoreApplication.installTranslator(self._translator)
            self._qt_translator = qt_translator("ar", self)
            if self._qt_translator is not None:
                QCoreApplication.installTranslator(self._qt_translator)
        set_interface_language(language)  # languages are named in it (the inspector's labels)
        QGuiApplication.setLayoutDirection(direction)
        self.setLayoutDirection(direction)
        self._posts_beside_preview(direction)
        if self._language != language:
            self._language = language
            self.retranslate()

    def _posts_beside_preview(self, direction: Qt.LayoutDirection) -> None:
        """The Posts dock on the preview's side: the editor's panels mirror right-to-left (the
        preview goes left), but dock areas do not. A dock the person floated stays where it is."""
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        beside = left if direction == Qt.LayoutDirection.RightToLeft else right
        area = self.dockWidgetArea(self.posts_dock)
        if not self.posts_dock.isFloating() and area in (left, right) and area != beside:
            self.addDockWidget(beside, self.posts_dock)

    def retranslate(self) -> None:
        """Every text of the window in the interface language: its own (menus, docks, title)
        and each panel's (``retranslate`` on each)."""
        self._retranslate_window()
        self.queue.retranslate()
        for panel in (
            self.tree, self.inspector, self.preview, self.timeline, self.problems, self.media_bin, self.posts
        ):  # fmt: skip
            panel.retranslate()
        if self.start_page is not None:
            self.start_page.retranslate()
        if self._shown:
            QTimer.singleShot(0, self._settle_docks)

    def _retranslate_window(self) -> None:
        for action, text in self._texts:
            action.setText(self.tr(text))
        self._undo_menu_actions()
        self.queue_dock.setWindowTitle(self.tr("Render queue"))
        self.media_bin_dock.setWindowTitle(self.tr("Media"))
        self.posts_dock.setWindowTitle(self.tr("Posts"))
        self._on_problem_count(len(self.problems.problems))
        self._update_title()
