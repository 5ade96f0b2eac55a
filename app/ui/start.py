"""The start page: what the Studio shows when it opens with no project.

Three ways in, nothing else: a new campaign made from the bundled example (the quickest way
to see what Takatof makes), Open…, and the campaigns opened recently. The page only asks;
the main window does the opening (and its unsaved-work checks), through three signals.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

ARABIC = {
    "Multilingual campaign cards and story videos, from one project file.": "بطاقات الحملات وفيديوهات القصص بلغتين، من ملف مشروع واحد.",
    "New campaign from the example": "حملة جديدة من المثال",
    "Open…": "فتح…",
    "Recent campaigns": "الحملات الأخيرة",
    "Campaigns you open will be listed here.": "ستظهر هنا الحملات التي تفتحها.",
    "not found": "غير موجود",
}
"""The Arabic of this module's strings (merge into :data:`takatof.ui.i18n.ARABIC`)."""

RECENT_KEY = "recent"
"""The QSettings key holding recent project files, newest first (the main window's list)."""


def recent_files(settings: QSettings) -> list[Path]:
    """The recent project files, newest first. QSettings hands back whatever the file held
    (a lone string when one file was saved by an INI backend), so the value is checked."""
    value = settings.value(RECENT_KEY, [], list)
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return [Path(str(v)) for v in items if str(v)]


class StartPage(QWidget):
    """``new_requested`` (a campaign from the example), ``open_requested`` (Open…) and
    ``recent_requested(path)``. ``refresh()`` re-reads the recent files from the settings."""

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

        self.new_button = QPushButton()
        self.new_button.setObjectName("startNew")
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton()
        self.open_button.setObjectName("startOpen")
        self.open_button.clicked.connect(self.open_requested)
        for button in (self.new_button, self.open_button):
            button.setMinimumHeight(40)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        buttons = QHBoxLayout()
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

    def _on_recent(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(Path(item.data(self.PATH)))
