"""What the Studio asks before a transcription runs: the Whisper model, the spoken language,
whether to add Whisper's English translation, and for a voice-over whether to time the story's
own captions to the voice.

The model offered first is the one in force for the project
(:func:`takatof.speech.models.chosen_model`: the last choice made here, else the project's
``speech.model``, else the user's setting, else the default), so a team that named a model in
the project gets it and a person who picked another keeps theirs. The choice is remembered in
the Studio's settings when the dialog is accepted, never when it is cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ..speech.models import chosen_model
from .languages import shown_label

MODEL_NAMES = ("tiny", "base", "small", "medium", "large-v3")
"""The Whisper models offered by name (any other name faster-whisper knows may be typed)."""

MODEL_KEY = "speech/model"
"""The QSettings key of the model last chosen here (a name or a folder)."""

ARABIC = {
    "Transcribe": "تفريغ الكلام",
    "Transcribe…": "تفريغ الكلام…",
    "Model": "النموذج",
    "Folder…": "مجلد…",
    "Choose the folder of a Whisper model (CTranslate2)": "اختر مجلد نموذج Whisper ‏(CTranslate2)",
    "Spoken language": "لغة الكلام",
    "Detect": "اكتشاف تلقائي",
    "Translate to English": "ترجمة إلى الإنجليزية",
    "Time the story to the voice": "توقيت نص القصة على الصوت",
    "{count} files: {names}": "{count} ملفات: {names}",
    # the run (takatof.ui.transcribe)
    "A transcription is already running; wait for it or cancel it.": "يجري تفريغ كلام الآن؛ انتظر انتهاءه أو ألغِه.",
    "Cancel": "إلغاء",
    "Getting the model…": "جارٍ تجهيز النموذج…",
    "Getting the model… {percent}%": "جارٍ تجهيز النموذج… {percent}٪",
    "Hearing {label} ({n} of {count})…": "جارٍ الاستماع إلى {label} ({n} من {count})…",
    "Transcription cancelled: nothing was written.": "أُلغي التفريغ: لم يُكتب شيء.",
    "it changed while it was transcribed; transcribe again": "تغيّر أثناء التفريغ؛ أعد التفريغ",
    "Transcribe {count} files": "تفريغ كلام {count} ملفات",
    "no speech heard": "لم يُسمع كلام",
    "The project was closed while it was transcribed: nothing was written.": "أُغلق المشروع أثناء التفريغ: لم يُكتب شيء.",
    # where it is started (the People menu, a film's row)
    "Transcribe &voice-over…": "تفريغ التعليق ال&صوتي…",
    "Transcribe clips and voice-over…": "تفريغ المقاطع والتعليق الصوتي…",
    "Select a person first.": "اختر شخصاً أولاً.",
    "The speech of the film's clips as caption files, one clip after another": "كلام مقاطع الفيلم ملفات ترجمة، مقطعاً بعد مقطع",
}
"""The Arabic of this module's and :mod:`takatof.ui.transcribe`'s strings."""


@dataclass(frozen=True)
class Options:
    """A transcription's choices: ``model`` a name or a folder (as
    :func:`~takatof.speech.models.model_folder` takes it), ``language`` the spoken language or
    None to detect it, ``translate`` and ``align_story`` as :func:`~takatof.speech.captioning.caption`
    takes them."""

    model: str
    language: str | None = None
    translate: bool = True
    align_story: bool = True


def remembered_model(settings: QSettings) -> str | None:
    """The model chosen here last, or None (QSettings hands back whatever the file held)."""
    value = settings.value(MODEL_KEY, None)
    return value.strip() or None if isinstance(value, str) else None


def default_model(settings: QSettings, project_setting: str | None) -> str:
    """The model the dialog offers first (see the module)."""
    return chosen_model(remembered_model(settings), project_setting)


class TranscribeDialog(QDialog):
    """The choices of one transcription of ``labels`` (the clips' or voice-over's names)."""

    def __init__(
        self,
        parent: QWidget | None,
        settings: QSettings,
        labels: Sequence[str],
        languages: Sequence[str],
        project_model: str | None,
        voiceover: bool,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transcribeDialog")
        self._settings = settings
        what = (
            labels[0]
            if len(labels) == 1
            else self.tr("{count} files: {names}").format(count=len(labels), names=", ".join(labels))
        )
        self.setWindowTitle(self.tr("Transcribe"))
        self.setMinimumWidth(460)  # a model folder's path is long
        form = QFormLayout(self)
        heading = QLabel(what)
        heading.setWordWrap(True)
        form.addRow(heading)
        self.model = QComboBox()
        self.model.setObjectName("transcribeModel")
        self.model.setEditable(True)  # another name faster-whisper knows, or a folder, typed
        self.model.addItems(MODEL_NAMES)
        self.model.setCurrentText(default_model(settings, project_model))
        folder = QPushButton(self.tr("Folder…"))
        folder.setObjectName("transcribeFolder")
        folder.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.model, 1)
        row.addWidget(folder)
        form.addRow(self.tr("Model"), row)
        self.language = QComboBox()
        self.language.setObjectName("transcribeLanguage")
        self.language.addItem(self.tr("Detect"), None)
        for code in languages:
            self.language.addItem(shown_label(code), code)
        form.addRow(self.tr("Spoken language"), self.language)
        self.translate = QCheckBox(self.tr("Translate to English"))
        self.translate.setObjectName("transcribeTranslate")
        self.translate.setChecked(True)
        self.translate.setVisible("en" in languages)  # Whisper translates to English only
        form.addRow(self.translate)
        self.align = QCheckBox(self.tr("Time the story to the voice"))
        self.align.setObjectName("transcribeAlign")
        self.align.setChecked(True)
        self.align.setVisible(voiceover)
        form.addRow(self.align)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Transcribe"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._has_english = "en" in languages
        self._voiceover = voiceover

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the folder of a Whisper model (CTranslate2)"), self.model.currentText()
        )
        if folder:
            self.model.setCurrentText(folder)

    def options(self) -> Options:
        """The choices as shown (a language chosen: that one; Detect: None)."""
        return Options(
            model=self.model.currentText().strip(),
            language=self.language.currentData(),
            translate=self._has_english and self.translate.isChecked(),
            align_story=self._voiceover and self.align.isChecked(),
        )

    def accept(self) -> None:
        """Remember the model chosen (the next transcription offers it first)."""
        model = self.model.currentText().strip()
        if not model:
            self.model.setFocus()
            return
        self._settings.setValue(MODEL_KEY, model)
        super().accept()
