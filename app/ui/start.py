"""The start page: what the Studio shows when it opens with no project.

Four ways in, nothing else: a new blank campaign (the team's own title and hashtags, no
people yet), a new campaign made from the bundled example (the quickest way to see what
Takatof makes), Open…, and the campaigns opened recently. The page only asks; the main
window does the opening (and its unsaved-work checks), through its signals.

A blank campaign is saved the moment it is made, in a folder of its own with an empty
``media/`` (as a clip editor creates a project): files imported into the media bin have a
place to go at once, and ``takatof validate`` reads the file as the Studio wrote it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..edit.blank import CAMPAIGN_FILE, blank_campaign, blank_data, create_blank, default_title
from ..model.languages import DEFAULT_LANGUAGES, name_of

ARABIC = {
    "Multilingual campaign cards and story videos, from one project file.": "بطاقات الحملات وفيديوهات القصص بلغتين، من ملف مشروع واحد.",
    "New campaign from the example": "حملة جديدة من المثال",
    "New blank campaign…": "حملة جديدة فارغة…",
    "New blank campaign": "حملة جديدة فارغة",
    "Title ({language})": "العنوان ({language})",
    "Id": "المعرّف",
    "Hashtags": "الوسوم",
    "Folder": "المجلد",
    "Choose…": "اختيار…",
    "Create": "إنشاء",
    "lower-case letters, digits and '-'": "أحرف لاتينية صغيرة وأرقام و'-'",
    "separated by spaces": "تفصل بينها مسافات",
    "There is already a campaign in {folder}; choose another folder.": "توجد حملة في {folder} من قبل؛ اختر مجلداً آخر.",
    "Choose a folder for the campaign.": "اختر مجلداً للحملة.",
    "This campaign cannot be made: {why}": "تتعذّر إنشاء هذه الحملة: {why}",
    "Folder for the new campaign": "مجلد الحملة الجديدة",
    "Open…": "فتح…",
    "Recent campaigns": "الحملات الأخيرة",
    "Campaigns you open will be listed here.": "ستظهر هنا الحملات التي تفتحها.",
    "not found": "غير موجود",
}
"""The Arabic of this module's strings (merge into :data:`takatof.ui.i18n.ARABIC`)."""

RECENT_KEY = "recent"
"""The QSettings key holding recent project files, newest first (the main window's list)."""


def campaigns_folder() -> Path:
    """Where a new campaign's folder is offered first: ``~/Takatof`` (where an untitled
    campaign renders too)."""
    return Path.home() / "Takatof"


def _free_folder(parent: Path, name: str) -> Path:
    """``parent/name``, or ``name-2``... when a campaign is already there."""
    folder, n = parent / name, 1
    while (folder / CAMPAIGN_FILE).exists():
        n += 1
        folder = parent / f"{name}-{n}"
    return folder


class BlankCampaignDialog(QDialog):
    """Asks for what a blank campaign is called: its title in each language, its id and
    hashtags (each defaulted from the title as it is typed, shown as the field's placeholder)
    and the folder it is saved in. On Create the campaign is written there
    (:func:`takatof.edit.blank.create_blank`); :attr:`created` is its file."""

    def __init__(self, parent: QWidget | None = None, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> None:
        super().__init__(parent)
        self.setObjectName("blankCampaignDialog")
        self.setWindowTitle(self.tr("New blank campaign"))
        self.setMinimumWidth(520)
        self.languages = languages
        self.created: Path | None = None
        self._folder_edited = False
        form = QFormLayout()
        self.titles: dict[str, QLineEdit] = {}
        defaults = default_title(languages)
        for lang in languages:
            edit = QLineEdit()
            edit.setObjectName(f"blankTitle_{lang}")
            edit.setPlaceholderText(defaults[lang])
            edit.textChanged.connect(self._derive)
            self.titles[lang] = edit
            form.addRow(self.tr("Title ({language})").format(language=name_of(lang)), edit)
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("blankId")
        self.id_edit.setToolTip(self.tr("lower-case letters, digits and '-'"))
        self.id_edit.textChanged.connect(self._derive)
        form.addRow(self.tr("Id"), self.id_edit)
        self.hashtags = QLineEdit()
        self.hashtags.setObjectName("blankHashtags")
        self.hashtags.setToolTip(self.tr("separated by spaces"))
        form.addRow(self.tr("Hashtags"), self.hashtags)
        self.folder = QLineEdit()
        self.folder.setObjectName("blankFolder")
        self.folder.textEdited.connect(self._on_folder_edited)
        choose = QToolButton()
        choose.setText(self.tr("Choose…"))
        choose.clicked.connect(self._choose_folder)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(choose)
        form.addRow(self.tr("Folder"), where)
        self.error = QLabel()
        self.error.setObjectName("blankError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B3261E;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = buttons.addButton(self.tr("Create"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self._derive()

    def _data(self) -> dict[str, object]:
        titles = {lang: edit.text() for lang, edit in self.titles.items()}
        return blank_data(titles, self.id_edit.text(), self.hashtags.text().split(), self.languages)

    def _derive(self) -> None:
        """The id, hashtags and folder the campaign gets when their fields are left as they
        are: placeholders that follow the title (the folder follows until it is edited)."""
        titles = {lang: edit.text() for lang, edit in self.titles.items()}
        derived = blank_data(titles, self.id_edit.text(), (), self.languages)
        self.id_edit.setPlaceholderText(str(derived["id"]))
        self.hashtags.setPlaceholderText(" ".join(derived["hashtags"]))
        if not self._folder_edited:
            self.folder.setText(str(_free_folder(campaigns_folder(), str(derived["id"]))))

    def _on_folder_edited(self, _text: str) -> None:
        self._folder_edited = True

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the new campaign"), self.folder.text()
        )
        if folder:
            self._folder_edited = True
            self.folder.setText(folder)

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        """Make the campaign; a wrong id or hashtag, or a folder already holding a campaign,
        is said under the form and the dialog stays open."""
        if not self.folder.text().strip():
            self._fail(self.tr("Choose a folder for the campaign."))
            return
        data = self._data()
        try:
            campaign = blank_campaign(
                data["title"],  # type: ignore[arg-type]
                str(data["id"]),
                data["hashtags"],  # type: ignore[arg-type]
                self.languages,
            )
        except ValidationError as exc:
            why = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
            self._fail(self.tr("This campaign cannot be made: {why}").format(why=why))
            return
        folder = Path(self.folder.text().strip()).expanduser()
        try:
            self.created = create_blank(folder, campaign)
        except FileExistsError:
            self._fail(
                self.tr("There is already a campaign in {folder}; choose another folder.").format(
                    folder=folder
                )
            )
            return
        except OSError as exc:
            self._fail(self.tr("This campaign cannot be made: {why}").format(why=exc.strerror or exc))
            return
        super().accept()


def ask_blank_campaign(parent: QWidget | None = None) -> Path | None:
    """Ask for a blank campaign and make it; its file, or None when the person cancelled."""
    dialog = BlankCampaignDialog(parent)
    dialog.exec()
    return dialog.created


def recent_files(settings: QSettings) -> list[Path]:
    """The recent project files, newest first. QSettings hands back whatever the file held
    (a lone string when one file was saved by an INI backend), so the value is checked."""
    value = settings.value(RECENT_KEY, [], list)
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return [Path(str(v)) for v in items if str(v)]


class StartPage(QWidget):
    """``new_requested`` (a campaign from the example), ``open_requested`` (Open…) and
    ``recent_requested(path)``: open that file, a recent campaign or the blank one just
    made. ``refresh()`` re-reads the recent files from the settings."""

    new_requested = Signal()
    open_requested = Signal()
    recent_requested = Signal(Path)

    PATH = Qt.ItemDataRole.UserRole

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("startPage")
        self._settings = settings or QSettings()

        title = QLabel("Takatof Studio · <span dir='rtl'>تكاتف</span>")
        title.setObjectName("startTitle")
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 26px; font-weight: 600;")
        self.subtitle = QLabel()
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet("color: palette(placeholder-text);")

        self.blank_button = QPushButton()
        self.blank_button.setObjectName("startBlank")
        self.blank_button.setDefault(True)
        self.blank_button.clicked.connect(self._on_blank)
        self.new_button = QPushButton()
        self.new_button.setObjectName("startNew")
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton()
        self.open_button.setObjectName("startOpen")
        self.open_button.clicked.connect(self.open_requested)
        for button in (self.blank_button, self.new_button, self.open_button):
            button.setMinimumHeight(40)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.blank_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)

        self.recent_title = QLabel()
        self.recent_title.setStyleSheet("font-weight: 600;")
        self.recent = QListWidget()
        self.recent.setObjectName("startRecent")
        self.recent.setSpacing(3)
        self.recent.itemActivated.connect(self._on_recent)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text);")

        card = QFrame()
        card.setObjectName("startCard")
        card.setMaximumWidth(640)
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        column = QVBoxLayout(card)
        column.setSpacing(14)
        column.addWidget(title)
        column.addWidget(self.subtitle)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addSpacing(8)
        column.addWidget(self.recent_title)
        column.addWidget(self.recent)
        column.addWidget(self.empty)

        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 4)
        centre.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        """The page's texts in the interface language (the recent list is read again)."""
        self.subtitle.setText(self.tr("Multilingual campaign cards and story videos, from one project file."))
        self.blank_button.setText(self.tr("New blank campaign…"))
        self.new_button.setText(self.tr("New campaign from the example"))
        self.open_button.setText(self.tr("Open…"))
        self.recent_title.setText(self.tr("Recent campaigns"))
        self.empty.setText(self.tr("Campaigns you open will be listed here."))
        self.refresh()

    def recent_files(self) -> list[Path]:
        return recent_files(self._settings)

    def refresh(self) -> None:
        """List the recent campaigns again; a file that is gone is shown, greyed, so the
        list matches the menu, but opening it is left to the window (which says why not)."""
        self.recent.clear()
        files = self.recent_files()
        for path in files:
            item = QListWidgetItem(f"{path.name}  —  {path.parent}")
            item.setData(self.PATH, str(path))
            item.setToolTip(str(path))
            if not path.exists():
                item.setText(f"{item.text()}  ({self.tr('not found')})")
                item.setForeground(self.palette().placeholderText())
            self.recent.addItem(item)
        self.recent.setVisible(bool(files))
        self.empty.setVisible(not files)
        self.recent.setMaximumHeight(max(60, min(8, len(files)) * 30 + 10))

    def _on_blank(self) -> None:
        """Ask for a blank campaign; once made, it is opened as any campaign file is."""
        created = ask_blank_campaign(self)
        if created is not None:
            self.recent_requested.emit(created)

    def _on_recent(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(Path(item.data(self.PATH)))
