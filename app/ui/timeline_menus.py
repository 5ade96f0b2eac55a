"""The timeline's editing commands: a block's and a caption's right-click menu, the editing
keys (Delete, S / Ctrl+B, Ctrl+D), dragged caption edges, and the small dialogs they ask with.

Every command computes its edit in the editing core (:mod:`takatof.edit.cuts`) and makes it
one ``Document.apply``: one undo, and the plan, the preview and ``takatof plan`` follow. An
edit the core refuses (a split too near an end) is told in the panel's status line as a
problem at its JSON path, never raised.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from ..edit import cuts, edits
from ..edit.edits import Edit
from ..edit.timeline import TRANSITION_NAMES, transition_of
from ..model import Problem
from ..model.campaign import (
    CLIP_MIN_S,
    MAX_SECONDS,
    PHOTO_MAX_S,
    PHOTO_MIN_S,
    TRANSITION_MAX_S,
    TRANSITION_MIN_S,
)
from ..model.languages import is_rtl
from .timeline_view import VOICEOVER
from .transcribe import transcriber_for
from .transcribe_dialog import ARABIC as TRANSCRIBE_ARABIC

if TYPE_CHECKING:
    from .timeline import TimelinePanel

ARABIC = {
    # the timeline's editing menu, keys and dialogs
    "Split at playhead": "تقسيم عند مؤشر التشغيل",
    "Suggest focus (faces, else motion)": "اقتراح نقطة التركيز (الوجوه، وإلا الحركة)",
    "Duplicate": "تكرار",
    "Delete": "حذف",
    "Transition after": "الانتقال بعده",
    "Cut": "قطع مباشر",
    "Cross-fade": "تلاشٍ متداخل",
    "Dip to black": "تلاشٍ عبر الأسود",
    "Dip to white": "تلاشٍ عبر الأبيض",
    "Default": "الافتراضي",
    "Duration…": "المدة…",
    "Volume…": "مستوى الصوت…",
    "Fade in/out…": "تلاشي الصوت دخولاً وخروجاً…",
    "Keep the clip's sound": "الإبقاء على صوت المقطع",
    "Edit caption…": "تحرير الترجمة…",
    "Reset captions to the story": "إعادة الترجمة إلى نص القصة",
    "Transition duration": "مدة الانتقال",
    "Photo duration": "مدة الصورة",
    "Seconds on screen (1.5 to 20):": "ثوانٍ على الشاشة (من 1.5 إلى 20):",
    "Clip duration": "مدة المقطع",
    "Seconds of the clip shown:": "ثوانٍ يُعرض فيها المقطع:",
    "Seconds the transition lasts (0.1 to 2):": "مدة الانتقال بالثواني (من 0.1 إلى 2):",
    "Clip volume": "مستوى صوت المقطع",
    "Volume, % of the recording (0 to 200):": "مستوى الصوت، نسبة مئوية من التسجيل (0 إلى 200):",
    "Clip fades": "تلاشي صوت المقطع",
    "Fade in (s)": "التلاشي عند البداية (ث)",
    "Fade out (s)": "التلاشي عند النهاية (ث)",
    "Edit caption": "تحرير الترجمة",
    "{start} – {end} s": "{start} – {end} ث",
    # the undo menu's names of these edits
    "Split clip": "تقسيم المقطع",
    "Split photo": "تقسيم الصورة",
    "Delete clip": "حذف المقطع",
    "Delete photo": "حذف الصورة",
    "Duplicate clip": "تكرار المقطع",
    "Duplicate photo": "تكرار الصورة",
    "Default transition": "الانتقال الافتراضي",
    "Transition: cut": "الانتقال: قطع مباشر",
    "Transition: crossfade": "الانتقال: تلاشٍ متداخل",
    "Transition: dip-black": "الانتقال: تلاشٍ عبر الأسود",
    "Transition: dip-white": "الانتقال: تلاشٍ عبر الأبيض",
    "Clip sound": "صوت المقطع",
    "Reset captions": "إعادة الترجمة",
    **TRANSCRIBE_ARABIC,  # the clip menu's Transcribe… and what it shows
}


class CueDialog(QDialog):
    """A caption's text in each of the video's languages, one field each; a right-to-left
    language's field is laid out and typed right to left."""

    def __init__(self, parent: QWidget | None, title: str, times: str, texts: dict[str, str]) -> None:
        super().__init__(parent)
        self.setObjectName("cueDialog")
        self.setWindowTitle(title)
        form = QFormLayout(self)
        form.addRow(QLabel(times))
        self.fields: dict[str, QPlainTextEdit] = {}
        for lang, text in texts.items():
            field = QPlainTextEdit(text)
            field.setObjectName(f"cue_{lang}")
            field.setTabChangesFocus(True)
            field.setFixedHeight(64)
            field.setMinimumWidth(420)  # a caption's two lines, not wrapped again
            direction = Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
            field.setLayoutDirection(direction)
            option = field.document().defaultTextOption()
            option.setTextDirection(direction)
            field.document().setDefaultTextOption(option)
            form.addRow(lang, field)
            self.fields[lang] = field
        form.addRow(_ok_cancel(self))

    def texts(self) -> dict[str, str]:
        return {lang: field.toPlainText().strip() for lang, field in self.fields.items()}


def _ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """A dialog's OK and Cancel (Qt's own words, translated with its standard buttons)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class FadeDialog(QDialog):
    """A clip's sound fade-in and fade-out, in seconds (0 to 10)."""

    def __init__(
        self, parent: QWidget | None, title: str, labels: tuple[str, str], fades: tuple[float, float]
    ) -> None:
        super().__init__(parent)
        self.setObjectName("fadeDialog")
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.spins: list[QDoubleSpinBox] = []
        for label, value in zip(labels, fades, strict=True):
            spin = QDoubleSpinBox()
            spin.setRange(0.0, cuts.FADE_MAX_S)
            spin.setDecimals(2)
            spin.setSingleStep(0.1)
            spin.setValue(value)
            form.addRow(label, spin)
            self.spins.append(spin)
        form.addRow(_ok_cancel(self))

    def fades(self) -> tuple[float, float]:
        return self.spins[0].value(), self.spins[1].value()


class TimelineEditing(QObject):
    """The editing commands of a :class:`~takatof.ui.timeline.TimelinePanel`. The dialogs are
    asked through ``ask_number``, ``ask_fade_times`` and ``ask_caption`` (a test answers them)."""

    def __init__(self, panel: TimelinePanel) -> None:
        super().__init__(panel)
        self.panel = panel
        view = panel.view
        view.command.connect(self.on_key)
        view.menu_requested.connect(self.on_menu)
        view.cue_timed.connect(self.time_cue)
        view.cue_edit_requested.connect(self.edit_cue)
        view.cue_clicked.connect(self.select_cue)

    # -- the dialogs ------------------------------------------------------------------------

    def ask_number(self, title: str, label: str, value: float, low: float, high: float) -> float | None:
        number, ok = QInputDialog.getDouble(self.panel, title, label, value, low, high, 2)
        return float(number) if ok else None

    def ask_fade_times(self, fades: tuple[float, float]) -> tuple[float, float] | None:
        dialog = FadeDialog(
            self.panel, self.tr("Clip fades"), (self.tr("Fade in (s)"), self.tr("Fade out (s)")), fades
        )
        return dialog.fades() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_caption(self, times: str, texts: dict[str, str]) -> dict[str, str] | None:
        dialog = CueDialog(self.panel, self.tr("Edit caption"), times, texts)
        return dialog.texts() if dialog.exec() == QDialog.DialogCode.Accepted else None

    # -- edits ------------------------------------------------------------------------------

    def make(self, where: str, compute: Callable[[Any], Edit]) -> list[Problem]:
        """Compute an edit on the document's data and apply it (its name in the interface's
        language); a refusal is reported as a problem at ``where``."""
        document = self.panel.document
        try:
            edit = compute(document.data())
        except (ValueError, IndexError) as exc:
            return self.panel.report([Problem(where, str(exc))])
        return self.panel.report(document.apply(dataclasses.replace(edit, text=self.tr(edit.text))))

    def _row(self, where: str) -> Any:
        summary = self.panel.summary
        return next((r for r in summary.segments if r.where == where), None) if summary is not None else None

    def split(self, where: str, at_s: float | None = None) -> list[Problem]:
        """Split the block at ``where`` at the playhead (or ``at_s`` seconds into it)."""
        row = self._row(where)
        if row is None:
            return []
        at = at_s if at_s is not None else self.panel.view.playhead - float(row.start_s)
        length = self.panel.view.source_durations.get(where)
        return self.make(where, lambda data: cuts.split_item(data, where, at, float(row.duration_s), length))

    def delete(self, where: str) -> list[Problem]:
        problems = self.make(where, lambda data: cuts.delete_item(data, where))
        if not problems:
            self.panel.select("")
        return problems

    def duplicate(self, where: str) -> list[Problem]:
        problems = self.make(where, lambda data: cuts.duplicate_item(data, where))
        if not problems:
            head, _, index = where.rpartition("[")
            self.panel.select(f"{head}[{int(index.rstrip(']')) + 1}]")
        return problems

    def set_transition(self, where: str, kind: str | None, duration_s: float | None = None) -> list[Problem]:
        return self.make(where, lambda data: cuts.set_transition(data, where, kind, duration_s))

    def ask_transition_duration(self, where: str) -> list[Problem]:
        row = self._row(where)
        _, seconds = transition_of(row) if row is not None else ("crossfade", 0.6)
        value = self.ask_number(
            self.tr("Transition duration"),
            self.tr("Seconds the transition lasts (0.1 to 2):"),
            seconds or 0.6,
            TRANSITION_MIN_S,
            TRANSITION_MAX_S,
        )
        if value is None:
            return []
        return self.make(where, lambda data: cuts.set_transition_duration(data, where, value))

    def _sound(self, where: str) -> Any:
        summary = self.panel.summary
        rows = summary.audio if summary is not None else ()
        return next((a for a in rows if a.kind == "clip" and a.where == where), None)

    def ask_volume(self, where: str) -> list[Problem]:
        sound = self._sound(where)
        value = self.ask_number(
            self.tr("Clip volume"),
            self.tr("Volume, % of the recording (0 to 200):"),
            100.0 * (float(sound.volume) if sound is not None else 1.0),
            0.0,
            100.0 * cuts.VOLUME_MAX,
        )
        if value is None:
            return []
        # A volume for a clip without its sound would change nothing heard: it keeps its sound.
        return self.make(where, lambda data: cuts.set_clip_sound(data, where, volume=value / 100, audio=True))

    def ask_clip_fades(self, where: str) -> list[Problem]:
        sound = self._sound(where)
        fades = (float(sound.fade_in_s), float(sound.fade_out_s)) if sound is not None else (0.0, 0.0)
        answer = self.ask_fade_times(fades)
        if answer is None:
            return []
        fade_in, fade_out = answer
        return self.make(
            where,
            lambda data: cuts.set_clip_sound(data, where, fade_in_s=fade_in, fade_out_s=fade_out, audio=True),
        )

    def ask_duration(self, where: str) -> list[Problem]:
        """A photo's time on screen (1.5 to 20 s), or a clip's length (its end moved, within
        its file)."""
        row = self._row(where)
        if row is None:
            return []
        if ".clips[" not in where:
            value = self.ask_number(
                self.tr("Photo duration"),
                self.tr("Seconds on screen (1.5 to 20):"),
                float(row.duration_s),
                PHOTO_MIN_S,
                PHOTO_MAX_S,
            )
            if value is None:
                return []
            seconds = value
            return self.make(where, lambda data: edits.set_photo_duration(data, where, seconds))
        clip_in = float(row.clip_in_s or 0.0)
        room = self.panel.view.source_durations.get(where, MAX_SECONDS) - clip_in
        value = self.ask_number(
            self.tr("Clip duration"),
            self.tr("Seconds of the clip shown:"),
            float(row.duration_s),
            CLIP_MIN_S,
            room,
        )
        if value is None:
            return []
        end = clip_in + value
        return self.make(where, lambda data: edits.trim_clip(data, where, "end", end))

    def set_clip_audio(self, where: str, keep: bool) -> list[Problem]:
        return self.make(where, lambda data: cuts.set_clip_sound(data, where, audio=keep))

    # -- captions -----------------------------------------------------------------------------

    def select_cue(self, index: int) -> None:
        """A caption selected: the block selection goes (the editing keys act on blocks)."""
        self.panel.select("")
        self.panel.view.selected_cue = index
        self.panel.view.invalidate()

    def _cue_edit(self, index: int, **change: Any) -> list[Problem]:
        person, summary = self.panel.person_index, self.panel.summary
        if person is None or summary is None:
            return []
        where = f"people[{person}].cues[{index}]"
        return self.make(where, lambda data: cuts.set_cue(data, person, index, summary.cues, **change))

    def time_cue(self, index: int, edge: str, seconds: float) -> list[Problem]:
        """A caption's edge dragged to ``seconds``."""
        return self._cue_edit(index, **{f"{edge}_s": seconds})

    def edit_cue(self, index: int) -> list[Problem]:
        """A caption's text in each language, asked in the caption dialog."""
        summary = self.panel.summary
        if summary is None or not 0 <= index < len(summary.cues):
            return []
        cue = summary.cues[index]
        langs = summary.langs or cue.langs
        times = self.tr("{start} – {end} s").format(start=f"{cue.start_s:.2f}", end=f"{cue.end_s:.2f}")
        texts = self.ask_caption(times, {lang: cue.text(lang) for lang in langs})
        if texts is None or texts == {lang: cue.text(lang) for lang in langs}:
            return []
        return self._cue_edit(index, texts=texts)

    def reset_cues(self) -> list[Problem]:
        person = self.panel.person_index
        if person is None:
            return []
        return self.make(f"people[{person}].cues", lambda data: cuts.reset_cues(data, person))

    # -- keys and menus -------------------------------------------------------------------

    def on_key(self, command: str) -> None:
        where = self.panel.selected
        if where:
            {"delete": self.delete, "split": self.split, "duplicate": self.duplicate}[command](where)

    def on_menu(self, where: str, cue: int, at: QPoint) -> None:
        if where == VOICEOVER:
            menu = self.voiceover_menu()
            if menu is not None:
                self.show_menu(menu, at)
            return
        self.show_menu(self.block_menu(where) if where else self.cue_menu(cue), at)

    def voiceover_menu(self) -> QMenu | None:
        """The voice-over's menu: Transcribe… (its speech, or the story timed to it)."""
        person = self.panel.person_index
        if person is None:
            return None
        menu = QMenu(self.panel)
        menu.setObjectName("voiceoverMenu")
        where = f"people[{person}].voiceover"
        self._action(menu, "transcribe", self.tr("Transcribe…"), lambda: self.transcribe(where))
        return menu

    def show_menu(self, menu: QMenu, at: QPoint) -> None:
        """Pop ``menu`` up at ``at`` until an action is chosen or it is dismissed."""
        menu.exec(at)

    def _action(self, menu: QMenu, name: str, text: str, slot: Callable[[], object]) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(lambda _=False: slot())
        return action

    def block_menu(self, where: str) -> QMenu:
        """A photo's or clip's menu: split, duplicate, delete, the transition after it and,
        for a clip, its sound. Each action's object name says what it does (tests find it)."""
        menu = QMenu(self.panel)
        menu.setObjectName("timelineMenu")
        self._action(menu, "split", self.tr("Split at playhead"), lambda: self.split(where)).setShortcut("S")
        self._action(menu, "duplicate", self.tr("Duplicate"), lambda: self.duplicate(where)).setShortcut(
            "Ctrl+D"
        )
        self._action(menu, "delete", self.tr("Delete"), lambda: self.delete(where)).setShortcut("Del")
        self._action(menu, "duration", self.tr("Duration…"), lambda: self.ask_duration(where))
        menu.addSeparator()
        sub = menu.addMenu(self.tr("Transition after"))
        sub.setObjectName("transitionMenu")
        row = self._row(where)
        current = transition_of(row)[0] if row is not None else ""
        own = self._own_transition(where)
        group = QActionGroup(sub)
        for kind, name in TRANSITION_NAMES.items():
            choose = functools.partial(self.set_transition, where, kind)
            action = self._action(sub, f"transition-{kind}", self.tr(name), choose)
            action.setCheckable(True)
            action.setChecked(own and kind == current)
            group.addAction(action)
        default = self._action(
            sub, "transition-default", self.tr("Default"), lambda: self.set_transition(where, None)
        )
        default.setCheckable(True)
        default.setChecked(not own)
        group.addAction(default)
        sub.addSeparator()
        self._action(
            sub, "transition-duration", self.tr("Duration…"), lambda: self.ask_transition_duration(where)
        )
        if ".clips[" in where:
            menu.addSeparator()
            keep = self._action(menu, "clip-audio", self.tr("Keep the clip's sound"), lambda: None)
            keep.setCheckable(True)
            keep.setChecked(self._item(where).get("audio") is True)
            keep.toggled.connect(lambda on: self.set_clip_audio(where, on))
            self._action(menu, "volume", self.tr("Volume…"), lambda: self.ask_volume(where))
            self._action(menu, "fades", self.tr("Fade in/out…"), lambda: self.ask_clip_fades(where))
            menu.addSeparator()
            self._action(
                menu, "suggest-focus", self.tr("Suggest focus (faces, else motion)"),
                lambda: self.panel.suggest_focus.emit(where),
            )  # fmt: skip
            self._action(menu, "transcribe", self.tr("Transcribe…"), lambda: self.transcribe(where))
        return menu

    def transcribe(self, where: str) -> bool:
        """The clip's speech as caption files (:mod:`takatof.ui.transcribe`: a dialog, then
        a worker with progress and Cancel; one undo)."""
        return transcriber_for(self.panel).transcribe_at(self.panel.document, [where])

    def _item(self, where: str) -> dict[str, Any]:
        """The photo or clip at ``where`` as the project has it (a plain path's: its path)."""
        try:
            item = self.panel.document.get(where)
        except (IndexError, KeyError, TypeError):
            return {}
        return item if isinstance(item, dict) else {"path": item}

    def _own_transition(self, where: str) -> bool:
        return self._item(where).get("transition") is not None

    def cue_menu(self, index: int) -> QMenu:
        """A caption's menu: edit its text; put every caption back to the story's."""
        menu = QMenu(self.panel)
        menu.setObjectName("cueMenu")
        self._action(menu, "edit-caption", self.tr("Edit caption…"), lambda: self.edit_cue(index))
        reset = self._action(menu, "reset-captions", self.tr("Reset captions to the story"), self.reset_cues)
        summary = self.panel.summary
        reset.setEnabled(bool(summary is not None and summary.cues_where))
        return menu
