"""The preview: the selected card, or the selected video's frame at time t, drawn by the same
renderer and compositor the command line uses — what you see is what renders.

Drawing happens on a thread pool, never on the UI thread. Requests are debounced (an edit
burst draws once) and numbered: a result that arrives after a newer request is dropped.

Play plays the video with its sound at its frame rate (:mod:`takatof.ui.playback`: a small
proxy made from the same plan and graph as the render, played by Qt Multimedia); the picture
and the playhead then follow the player's frames. Scrubbing and the paused picture are drawn
by the compositor at full quality. Without Qt Multimedia, Play steps the compositor as before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QRegion,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QVBoxLayout,
    QWidget,
)

from ..model import Campaign, Project
from ..model.languages import DEFAULT_LANGUAGES, name_of
from ..render.jobs import Job, all_jobs
from ..render.presets import get_preset
from ..render.video.render import preview
from ..templates.timeline import FPS
from .document import Document
from .drawers import Drawer, animated_card, card, carousel
from .pictures import to_qimage
from .playback import Playback, Source
from .worker import Worker

DEBOUNCE_MS = 60
PREVIEW_HEIGHT = 960  # video frames are drawn at this height (540p for 9:16 at scale 0.5)
TICKS = 1000  # slider steps per second: milliseconds, so one frame (1/fps) is a step
TIMER_STEP_S = 0.2  # without Qt Multimedia, Play moves the compositor's picture this often
JUMP_S = 5.0  # J goes back this far


@dataclass(frozen=True)
class Output:
    """One output as the tree lists it: under a person, a card or video template at one
    preset; under the campaign, a campaign-wide output (a reel, a carousel...) at one preset,
    with its own id (``variant``) and the subjects it features. Typed, so no code splits a
    ``"card:quote:preset"`` key (a template or preset name may one day hold a colon, and a
    typo in a string key fails silently). ``kind`` is the render's job kind."""

    kind: str
    template: str
    preset: str
    languages: tuple[str, ...] = DEFAULT_LANGUAGES  # what it prints, first on top
    named: bool = False  # the output chose them (its file names carry them)
    layout: str = ""  # the layout a card output chose (empty: its default)
    variant: str = ""  # the output's own id (a reel's, a carousel's, a film's)
    subjects: tuple[str, ...] = ()  # who it features, in its order

    def of(self, subject: str | None) -> Target:
        """This output drawn for ``subject`` (a person's or spotlight's id)."""
        return Target(
            self.kind, self.template, self.preset, subject, self.languages, self.named, self.layout,
            self.variant, self.subjects,
        )  # fmt: skip

    @classmethod
    def of_job(cls, job: Job) -> Output:
        """The output a render's job makes (its subject aside)."""
        return cls(
            job.kind,
            job.template,
            job.preset,
            job.languages,
            job.named,
            job.layout,
            job.variant,
            job.subjects,
        )


def outputs_of(campaign: Campaign, kind: str) -> list[Output]:
    """Every output of ``kind`` a person has, in the campaign's order: one per template,
    preset and choice of languages (what the tree lists under each person). Its languages
    are resolved as a render resolves them (``Campaign.output_languages``): what the preview
    shows is what ``takatof render`` makes, in the same languages, under the same file name."""
    if kind not in PERSON_KINDS:
        return []  # the campaign-wide kinds: listed_outputs
    outputs = campaign.outputs.videos if kind == "video" else campaign.outputs.cards
    return [
        Output(
            kind,
            output.template,
            preset,
            campaign.output_languages(output.languages),
            bool(output.languages),
            getattr(output, "layout", None) or "",  # a card output's (a video has none)
        )
        for output in outputs
        for preset in output.presets
    ]


PERSON_KINDS = ("card", "video")
"""The kinds the tree lists for every person from the outputs' templates (outputs_of); the
others are listed from the render's own jobs (listed_outputs)."""


def listed_outputs(project: Project, kinds: set[str]) -> list[tuple[str | None, Output]]:
    """Each output of ``kinds`` a render of ``project`` makes, with its subject (None: about
    the campaign), in the render's order: the tree lists what ``takatof render`` makes."""
    return [(job.subject, Output.of_job(job)) for job in all_jobs(project, None, None, kinds)]


def group_cards(project: Project) -> list[Output]:
    """The campaign's cards about several subjects (group cards), each with whom it features,
    as the render lists them (its template's outputs name no subject to draw them for)."""
    return [output for who, output in listed_outputs(project, {"card"}) if who is None and output.subjects]


def kind_outputs(project: Project, kind: str, subject: str | None = None) -> list[Output]:
    """The outputs of ``kind`` (of ``subject``, for a kind listed from the jobs; a campaign
    card's with the group cards)."""
    if kind not in PERSON_KINDS:
        return [output for who, output in listed_outputs(project, {kind}) if who == subject]
    outputs = outputs_of(project.campaign, kind)
    return outputs + group_cards(project) if kind == "card" and subject is None else outputs


def languages_text(languages: tuple[str, ...]) -> str:
    """An output's languages as the tree and the preview show them: ``ur + en``."""
    return " + ".join(languages)


class Target(Job):
    """What the preview shows: a card or a video of one subject (person or spotlight id; None
    for campaign-wide cards) at one preset — the render's own :class:`Job`, so what is shown is
    what a render of it makes."""

    @property
    def output(self) -> Output:
        return Output.of_job(self)

    def with_preset(self, preset: str) -> Target:
        return replace(self, preset=preset)

    def with_languages(self, languages: tuple[str, ...], named: bool) -> Target:
        return replace(self, languages=languages, named=named)

    def with_subject(self, subject: str | None) -> Target:
        """The same output of another subject; one that features its own subject (a
        person's film) features the new one."""
        subjects = (
            (subject,) if self.subject is not None and self.subjects == (self.subject,) else self.subjects
        )
        return replace(self, subject=subject, subjects=tuple(s for s in subjects if s))


def video_frame(project: Project, job: Job, t: float, cache: Path) -> tuple[Image.Image, float]:
    """A video's frame at ``t`` (a story's, a reel's, a film's), drawn by the render's own
    compositor from its plan at the preview's height, and the video's length. (It calls
    ``preview`` by this module's name, which the playback tests spy on.)"""
    return preview(project, job, t, cache, scale=min(1.0, PREVIEW_HEIGHT / get_preset(job.preset).height))


DRAWERS: dict[str, Drawer] = {
    "card": Drawer(card),
    "video": Drawer(video_frame, timed=True, plays=True),
    "reel": Drawer(video_frame, timed=True, plays=True),
    "film": Drawer(video_frame, timed=True, plays=True),
    "carousel": Drawer(carousel, timed=True, paged=True),
    "animated": Drawer(animated_card, timed=True),
}
"""How the preview shows each job kind (:mod:`takatof.ui.drawers`): what to draw, and whether
the slider scrubs it, Play plays it with sound, or the slider steps through its pages."""


def drawer(kind: str) -> Drawer:
    """The drawer of ``kind``; a kind the Studio cannot show says so in words."""
    found = DRAWERS.get(kind)
    if found is None:
        raise ValueError(f"the Studio cannot show a {kind!r} output yet")
    return found


def draw(project: Project, target: Target, t: float, cache: Path) -> tuple[Image.Image, float]:
    """The picture for ``target`` (a card, or a video frame at ``t``) and the video's length."""
    missing = missing_subject(project.campaign, target.subject)
    if missing:
        raise ValueError(missing)
    return drawer(target.kind).draw(project, target, t, cache)


def missing_subject(campaign: Campaign, subject: str | None) -> str:
    """Why ``subject`` cannot be drawn: no person or spotlight has that id (any more). Said in
    words; the renderer would stop on a bare ``KeyError`` naming the id."""
    ids = {p.id for p in campaign.people} | {s.id for s in campaign.spotlights}
    if subject is None or subject in ids:
        return ""
    return f"no person or spotlight has the id {subject!r} now (renamed or removed?)"


MARKER = QColor("#ffcc00")


def draw_marker(pixmap: QPixmap, point: tuple[float, float]) -> None:
    """A focus marker at ``point`` (fractions of ``pixmap``): a yellow ring with a dot, each
    outlined in black so it shows on light and dark photos alike."""
    x, y = point[0] * pixmap.width(), point[1] * pixmap.height()
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for color, width in ((QColor(0, 0, 0, 200), 5), (MARKER, 2)):
        painter.setPen(QPen(color, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(x, y), 14, 14)
        painter.drawLine(QPointF(x - 22, y), QPointF(x - 17, y))
        painter.drawLine(QPointF(x + 17, y), QPointF(x + 22, y))
        painter.drawLine(QPointF(x, y - 22), QPointF(x, y - 17))
        painter.drawLine(QPointF(x, y + 17), QPointF(x, y + 22))
    painter.setPen(QPen(QColor(0, 0, 0, 200), 1.5))
    painter.setBrush(MARKER)
    painter.drawEllipse(QPointF(x, y), 4, 4)
    painter.end()


class SeekSlider(QSlider):
    """A time slider that jumps to where it is clicked (a plain QSlider pages towards it),
    as every video player's scrubber does."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum():
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            groove = self.style().subControlRect(
                QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
            )
            handle = self.style().subControlRect(
                QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
            )
            span = max(1, groove.width() - handle.width())
            x = round(event.position().x()) - groove.x() - handle.width() // 2
            value = QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), x, span, option.upsideDown)
            self.setValue(value)
            event.accept()
        super().mousePressEvent(event)


class FramePicture(QLabel):
    """The picture; reports clicks as fractions of the frame (a photo's focus is set by
    clicking where the zoom should go)."""

    clicked_at = Signal(float, float)

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.frame = QRect()  # where the pixmap is drawn inside the label

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.frame.isValid() and self.frame.contains(event.position().toPoint()):
            x = (event.position().x() - self.frame.x()) / max(1, self.frame.width())
            y = (event.position().y() - self.frame.y()) / max(1, self.frame.height())
            self.clicked_at.emit(min(1.0, max(0.0, x)), min(1.0, max(0.0, y)))
        super().mousePressEvent(event)


class Preview(QWidget):
    drawn = Signal()  # a new picture is on screen (tests and latency measurement wait on it)
    played = Signal(float)  # a frame of the playing video is on screen, at that time (s)
    time_changed = Signal(float)  # the playhead moved (the timeline follows it)
    target_changed = Signal()  # a new output or shape is shown
    languages_changed = Signal()  # the person switched the languages shown (the tree follows)
    clicked_at = Signal(float, float)  # a click on the frame, as fractions of its width/height

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setObjectName("preview")
        self._document = document
        self._cache = document.preview_cache
        self._target: Target | None = None
        self._duration = 0.0
        self.image: QImage | None = None
        # The picture on screen is of the campaign before its last edit: the newest draw failed
        # (a photo path that names nothing, say). It stays, greyed, beside the reason.
        self.stale = False
        # The selected photo's focus on the picture (fractions of the frame; None: not shown).
        self.marker: tuple[float, float] | None = None
        # One drawing at a time, after edits pause; a picture of an older request is dropped.
        self._worker = Worker(self, threads=1, debounce_ms=DEBOUNCE_MS, job=self._start)

        self.picture = FramePicture("")
        self.picture.clicked_at.connect(self.clicked_at)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(240, 240)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.presets = QComboBox()
        self.presets.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # names in Arabic too
        self.presets.currentIndexChanged.connect(self._on_preset)
        # The languages of the outputs of this template: switching shows the same card or
        # video as the output in those languages renders it.
        self.languages = QComboBox()
        self.languages.setObjectName("previewLanguages")
        self.languages.currentIndexChanged.connect(self._on_languages)
        self.safe_zones = QCheckBox()
        self.safe_zones.toggled.connect(self._show)
        self.slider = SeekSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self._on_slider)
        self.play = QPushButton()
        self.play.setCheckable(True)
        # Playback with sound from a proxy; the compositor's timer where Qt Multimedia is missing.
        self.playback = Playback(self, self._playback_source)
        self.playback.frame.connect(self._on_played)
        self.playback.finished.connect(self._on_finished)
        self.playback.message.connect(self._on_playback_message)
        # What the status line says about playback instead of the time (empty: the time):
        # waiting for the proxy, why it cannot play, or why it plays without sound.
        self._note = ""
        self._frames_come = False  # the playing proxy's frames are arriving (they are the picture)
        self._player = QTimer(self, interval=round(TIMER_STEP_S * 1000))
        self._player.timeout.connect(self._advance)
        self.play.toggled.connect(self._on_play)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a click on the picture: the keys work
        self.bind_keys(self)

        controls = QHBoxLayout()
        controls.addWidget(self.presets)
        controls.addWidget(self.languages)
        controls.addWidget(self.safe_zones)
        controls.addWidget(self.play)
        controls.addWidget(self.slider, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.status)
        # A bound method, not a lambda: Qt drops the connection when this widget is deleted,
        # so a document that outlives its preview never calls into a deleted timer.
        document.changed.connect(self._on_document_changed)
        self.retranslate()

    def set_document(self, document: Document) -> None:
        """Show ``document`` (another project opened in the window) with its own asset cache.
        The same widget carries on, so its place and size in the window stay; the previous
        document's picture goes, and a draw still running for it is ignored when it lands."""
        if document is self._document:
            return
        self._document.changed.disconnect(self._on_document_changed)
        self._document = document
        self._cache = document.preview_cache
        document.changed.connect(self._on_document_changed)
        self._worker.stop()  # a picture of the previous document is stale
        self.playback.forget()
        self.image = None
        self.stale = False
        self.picture.clear()
        self.picture.frame = QRect()
        self.status.clear()
        self.set_target(None)
        self.retranslate()

    def retranslate(self) -> None:
        """Put this panel's texts in the interface language (after a switch, in place: the
        picture on screen and the target stay)."""
        self.safe_zones.setText(self.tr("Safe zones"))
        self.languages.setToolTip(self.tr("Languages shown"))
        self.play.setText(self.tr("Pause") if self.play.isChecked() else self.tr("Play"))
        for row in range(self.presets.count()):
            self.presets.setItemText(row, self.tr(str(self.presets.itemData(row))))
        if self.image is None:
            self.picture.setText(self.tr("Select a card or a video in the tree."))

    @property
    def time(self) -> float:
        return self.slider.value() / TICKS

    def set_time(self, t: float) -> None:
        """Move the playhead (a click on the timeline; a seek while playing)."""
        self.slider.setValue(round(max(0.0, t) * TICKS))

    @property
    def playing(self) -> bool:
        return self.play.isChecked()

    @property
    def fps(self) -> int:
        proxy = self.playback.proxy
        return proxy.fps if proxy is not None else FPS

    # ------------------------------------------------------------------ transport keys

    def bind_keys(self, widget: QWidget) -> None:
        """The player's keys while ``widget`` or a widget inside it has focus (the preview,
        the timeline): Space play/pause, K pause, L play, J back 5 s, Left/Right one frame,
        Home/End. A text field inside it keeps its keys: it takes them first (Qt's shortcut
        override), so typing a space or moving the cursor never plays or seeks."""
        keys = {
            "Space": self.toggle_play,
            "K": self.pause,
            "L": self.start,
            "J": lambda: self.set_time(max(0.0, self.time - JUMP_S)),
            "Left": lambda: self.step(-1),
            "Right": lambda: self.step(1),
            "Home": lambda: self.set_time(0.0),
            "End": lambda: self.set_time(self.slider.maximum() / TICKS),
        }
        for key, action in keys.items():
            shortcut = QShortcut(QKeySequence(key), widget)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    def toggle_play(self) -> None:
        if self.play.isEnabled():
            self.play.toggle()

    def start(self) -> None:
        if self.play.isEnabled():
            self.play.setChecked(True)

    def pause(self) -> None:
        self.play.setChecked(False)

    def step(self, frames: int) -> None:
        """Pause and move ``frames`` frames (1/fps each) from the frame shown."""
        self.pause()
        fps = 1 if self._paged() else self.fps  # a carousel steps a slide at a time
        frame = round(self.time * fps) + frames
        self.set_time(min(max(0, frame), round(self.slider.maximum() / TICKS * fps)) / fps)

    def _on_document_changed(self, _where: str) -> None:
        self._follow_outputs()
        self._list_languages()
        if self._target is not None and drawer(self._target.kind).plays:
            self.playback.invalidate()  # playing carries on in the new proxy once it is made
            if self.playback.available and not self.playing:
                self._note = ""  # why it could not play may be what this edit fixed
        self.request()

    def _follow_outputs(self) -> None:
        """The output shown now prints other languages or takes another layout (its choice
        was edited, or the campaign's languages reordered): show it as it renders now, not as
        it did."""
        target = self._target
        if target is None:
            return
        outputs = kind_outputs(self._document.project(), target.kind, target.subject)
        if target.output in outputs:
            return
        same = [
            o
            for o in outputs
            if (o.template, o.preset, o.variant) == (target.template, target.preset, target.variant)
        ]
        if same:
            self._target = replace(
                target,
                languages=same[0].languages,
                named=same[0].named,
                layout=same[0].layout,
                subjects=same[0].subjects,  # a reel's people reordered: the job shown is the new one
            )
            self.target_changed.emit()

    def _on_slider(self, _value: int) -> None:
        self.time_changed.emit(self.time)
        if self.playing and self.playback.available:
            self.playback.seek(self.time)  # its frames draw the picture once they come
        if not self._proxy_on_screen():
            self.request()

    def _on_play(self, on: bool) -> None:
        """Play shows Pause while playing, as a player's button does. Playing plays the
        proxy with its sound from the playhead (from the start when at the end)."""
        self.play.setText(self.tr("Pause") if on else self.tr("Play"))
        sound = self._target is not None and drawer(self._target.kind).plays
        if not sound:  # an animated card: the compositor's frames, on the timer, no note
            self._note = ""
            if on:
                self._player.start()
            else:
                self._player.stop()
            return
        if not self.playback.available:
            reason = self.playback.unavailable
            self._note = self.tr("Playing without sound: {reason}").format(reason=reason) if on else ""
            self.status.setText(self._note or self._times())
            if on:
                self._player.start()
            else:
                self._player.stop()
            return
        self._frames_come = False
        if on:
            self._note = ""
            if 0 < self.slider.maximum() <= self.slider.value():  # at the end: from the start
                self.set_time(0.0)
            self.playback.play(self.time)
        else:
            self.playback.pause()
            self.request()  # the paused picture at full quality, from the compositor

    def _playback_source(self) -> Source | None:
        """What the proxy is made of: the project now and the video shown (None: no video)."""
        target = self._target
        if (
            target is None
            or not drawer(target.kind).plays
            or missing_subject(self._document.campaign, target.subject)
        ):
            return None
        return Source(self._document.project(), target, self._cache / "proxies", self._cache)

    def _on_played(self, image: QImage, t: float) -> None:
        """A frame of the playing proxy: it is the picture, and its time the playhead's."""
        if not self.playing:
            return
        self._frames_come = True
        self.image = image
        self.stale = False
        self.slider.blockSignals(True)
        self.slider.setValue(round(t * TICKS))
        self.slider.blockSignals(False)
        self.time_changed.emit(self.time)
        self.status.setText(self._note or self._times())
        self._show()
        self.played.emit(t)

    def _times(self) -> str:
        """The status line's playhead: where it is and the video's length (a carousel's:
        which slide of how many)."""
        if not self._duration:
            return ""
        if self._paged():
            count = round(self._duration)
            return self.tr("Slide {n} of {count}").format(n=min(count, int(self.time) + 1), count=count)
        return f"{self.time:.1f} s / {self._duration:.1f} s"

    def _paged(self) -> bool:
        """The output shown is a set of pages (a carousel's slides), not a video."""
        return self._target is not None and drawer(self._target.kind).paged

    def _on_finished(self) -> None:
        self.pause()

    def _on_playback_message(self, text: str) -> None:
        self._note = text
        self.status.setText(text or self._times())

    def set_target(self, target: Target | None, presets: list[str] | None = None) -> None:
        shapes = [self.presets.itemData(i) for i in range(self.presets.count())]
        # The same video chosen again (the tree rebuilt after an edit re-selects its node):
        # what plays goes on playing; the edit itself makes the new proxy.
        same = target is not None and target == self._target and shapes == (presets or [target.preset])
        self._target = target
        self.presets.blockSignals(True)
        self.presets.clear()
        if target is not None:
            for preset in presets or [target.preset]:  # its name shown, its id the data
                self.presets.addItem(self.tr(preset), preset)
            self.presets.setCurrentIndex(max(0, self.presets.findData(target.preset)))
        self.presets.blockSignals(False)
        self._list_languages()
        shown = drawer(target.kind) if target is not None else None
        self.slider.setEnabled(shown is not None and shown.timed)
        self.play.setEnabled(shown is not None and shown.timed and not shown.paged)
        if not same:
            self._new_video()
        self.target_changed.emit()
        self.request()

    def _new_video(self) -> None:
        """Another video (or shape, or languages; or none) is shown: it starts paused, and
        its proxy is made once the selection settles."""
        self.play.setChecked(False)
        self._note = ""
        self.playback.forget()
        if self._target is not None and drawer(self._target.kind).plays:
            self.playback.invalidate()

    def _on_preset(self, index: int) -> None:
        preset = self.presets.itemData(index)
        if self._target is not None and isinstance(preset, str) and preset:
            self._target = self._target.with_preset(preset)
            self._new_video()
            self.target_changed.emit()
            self.request()

    def language_choices(self) -> list[tuple[tuple[str, ...], bool]]:
        """The languages the campaign's outputs of the shown template print (each choice
        once, in the campaign's order), and whether each output chose them."""
        target = self._target
        if target is None:
            return []
        found: list[tuple[tuple[str, ...], bool]] = []
        for output in kind_outputs(self._document.project(), target.kind, target.subject):
            if output.variant != target.variant:
                continue
            choice = (output.languages, output.named)
            if output.template == target.template and choice not in found:
                found.append(choice)
        if (target.languages, target.named) not in found:
            found.insert(0, (target.languages, target.named))
        return found

    def _list_languages(self) -> None:
        """The languages list, for the target shown (hidden when nothing is)."""
        self.languages.blockSignals(True)
        self.languages.clear()
        target = self._target
        for languages, named in self.language_choices():
            self.languages.addItem(languages_text(languages), (languages, named))
            tip = ", ".join(name_of(code) for code in languages)
            self.languages.setItemData(self.languages.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        if target is not None:
            self.languages.setCurrentIndex(max(0, self.language_index(target.languages, target.named)))
        self.languages.setEnabled(self.languages.count() > 1)
        self.languages.setVisible(target is not None)
        self.languages.blockSignals(False)

    def language_index(self, languages: tuple[str, ...], named: bool) -> int:
        """The row of the languages list for this choice (-1 when it is not listed). Compared
        here, by value: ``QComboBox.findData`` compares a Python tuple by identity, so the row
        of an equal choice made elsewhere (the item picked, the tree) was never found and the
        list fell back to its first row while the preview showed another."""
        wanted = (tuple(languages), named)
        for row in range(self.languages.count()):
            choice = self.languages.itemData(row)
            if choice is not None and (tuple(choice[0]), bool(choice[1])) == wanted:
                return row
        return -1

    def set_languages(self, languages: tuple[str, ...], named: bool = True) -> None:
        """Show the output in ``languages`` (as its output in them renders it)."""
        if self._target is not None and (languages, named) != (self._target.languages, self._target.named):
            self._target = self._target.with_languages(languages, named)
            self._new_video()
            self._list_languages()
            self.languages_changed.emit()
            self.target_changed.emit()
            self.request()

    def _on_languages(self, index: int) -> None:
        choice = self.languages.itemData(index)
        if choice is not None:
            self.set_languages(*choice)

    def request(self) -> None:
        """Ask for a new picture soon (bursts of edits draw once)."""
        if self._target is not None:
            self._worker.later()

    def _start(self) -> None:
        if self._target is None:
            return
        project, target, t, cache = self._document.project(), self._target, self.time, self._cache
        if not self._proxy_on_screen() and not self._note:
            self.status.setText(self.tr("Drawing…"))

        def work() -> tuple[QImage, float, Target]:
            image, duration = draw(project, target, t, cache)
            return to_qimage(image), duration, target

        self._worker.start(work, self._on_done, self._on_failed)

    def _on_done(self, drawn: tuple[QImage, float, Target]) -> None:
        image, duration, target = drawn
        if target != self._target:
            # Drawn for what was shown before a new selection: the debounced draw for the new
            # one has not started yet (so the worker has not superseded this one). Showing it
            # would flash the old picture and give a video the old card's length of 0 s.
            return
        if duration and abs(duration - self._duration) > 1e-6:
            self._duration = duration
            self.slider.blockSignals(True)
            self.slider.setRange(0, max(0, round((duration - 1 / self.fps) * TICKS)))
            self.slider.blockSignals(False)
        if self._proxy_on_screen():
            return  # the player's frames are the picture while it plays
        self.image = image
        self.stale = False
        self.status.setText(self._note or (self._times() if duration else ""))
        self._show()
        self.drawn.emit()

    def _on_failed(self, message: str) -> None:
        """The newest draw failed: say why, and grey the picture still on screen, which shows
        the campaign before the edit that broke it (not what would render now)."""
        self.status.setText(message)
        self.stale = True
        self._show()

    def _proxy_on_screen(self) -> bool:
        """Playing with Qt Multimedia, its frames arriving: they, not the compositor's, are
        the picture (while Play waits for the proxy, the compositor's picture stays)."""
        return self.playing and self.playback.available and self._frames_come

    def _advance(self) -> None:
        """Play without Qt Multimedia: the compositor's picture, :data:`TIMER_STEP_S` on."""
        value = self.slider.value() + round(TIMER_STEP_S * TICKS)
        self.slider.setValue(0 if value > self.slider.maximum() else value)

    @property
    def target(self) -> Target | None:
        return self._target

    def _show(self, *_args: object) -> None:
        if self.image is None:
            return
        pixmap = QPixmap.fromImage(self.image)
        if self.safe_zones.isChecked() and self._target is not None:
            pixmap = self._with_safe_zones(pixmap, self._target)
        if self.stale:
            painter = QPainter(pixmap)
            painter.fillRect(pixmap.rect(), QColor(128, 128, 128, 190))
            painter.end()
        scaled = pixmap.scaled(
            self.picture.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        if self.marker is not None:
            draw_marker(scaled, self.marker)
        self.picture.setPixmap(scaled)
        x = (self.picture.width() - scaled.width()) // 2
        y = (self.picture.height() - scaled.height()) // 2
        self.picture.frame = QRect(x, y, scaled.width(), scaled.height())

    def set_marker(self, point: tuple[float, float] | None) -> None:
        """Mark ``point`` (fractions of the frame) on the picture: where the selected photo's
        focus is, so the click that set it can be seen and judged (None: no marker)."""
        if point is not None and not (0.0 <= point[0] <= 1.0 and 0.0 <= point[1] <= 1.0):
            point = None  # the view has left it out of this frame
        if point != self.marker:
            self.marker = point
            self._show()

    def _with_safe_zones(self, pixmap: QPixmap, target: Target) -> QPixmap:
        """Tint only what lies outside the safe zone (where the platform's interface covers
        the frame) and outline the zone; the safe area itself stays untouched."""
        preset = get_preset(target.preset)
        safe = preset.canvas().safe_box
        sx, sy = pixmap.width() / preset.width, pixmap.height() / preset.height
        inside = QRect(round(safe.x * sx), round(safe.y * sy), round(safe.w * sx), round(safe.h * sy))
        outside = QRegion(pixmap.rect()).subtracted(QRegion(inside))
        painter = QPainter(pixmap)
        painter.setClipRegion(outside)
        painter.fillRect(pixmap.rect(), QColor(255, 60, 60, 70))
        painter.setClipping(False)
        painter.setPen(QPen(QColor(255, 80, 80), 3, Qt.PenStyle.DashLine))
        painter.drawRect(inside)
        painter.end()
        return pixmap

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show()

    def wait_idle(self, msecs: int = 30000) -> bool:
        """Wait for the picture being drawn and the proxy being made (tests, closing)."""
        return self._worker.wait(msecs) and self.playback.wait_idle(msecs)
