"""The brand's font field: a bundled family or one of the project's own font files, with a
preview of the face drawing sample text.

The choices are the bundled families (``sans``, ``naskh``), every font file (.ttf, .otf,
.ttc) under the project's folder, and "Choose file…", which adopts a file into the project
as media are adopted (:func:`takatof.ui.media.adopt`). Choosing a file keeps the brand
font's other settings (its scripts and fallback family); choosing a bundled family writes
its name. Each choice is one undoable step through the document.

The preview is drawn by the renderer's own text engine, on this thread: one short line at
a small size takes a few milliseconds, less than the form takes to build.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QVBoxLayout, QWidget

from ..model.campaign import BrandFont, BundledFamily
from ..model.problems import Problem
from ..render.raster import rasterize
from ..templates.layers import BrandFamily, BundledName, Canvas, FamilyName, Fill, Stack, Text, TextStyle
from .document import Document
from .media import adopt

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
MAX_LISTED = 200  # font files listed from the project's folder (a folder of thousands is cut)
SAMPLE = "Aa Bb Gg 123  أبجد هوز"
_CHOOSE = "\0choose"


ARABIC = {
    "%1 (bundled)": "%1 (مرفق)",
    "Choose file…": "اختيار ملف…",
    "Choose a font file": "اختيار ملف خط",
    "(no preview: the file cannot be read as a font)": "(لا معاينة: تعذرت قراءة الملف كخط)",
}
"""The Arabic of this field's strings (merged into the inspector's table)."""


def is_font_choice(annotation: Any) -> bool:
    """Whether a field holds a bundled family name or a brand font file (``brand.fonts``)."""
    return BrandFont in get_args(annotation)


def project_fonts(root: Path) -> list[str]:
    """The font files under ``root``, as paths relative to it (posix), sorted; hidden
    folders are skipped and at most :data:`MAX_LISTED` are listed."""
    found = (
        p
        for p in root.rglob("*")
        if p.suffix.lower() in FONT_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    return sorted(p.relative_to(root).as_posix() for p in itertools.islice(found, MAX_LISTED))


def preview_image(family: FamilyName, width: int = 320, height: int = 44) -> Image.Image:
    """A line of sample text (Latin, digits, Arabic) drawn in ``family`` as cards draw it."""
    canvas = Canvas(width, height)
    style = TextStyle(family=family, size=26, min_size=10, color="#202020", max_lines=1)
    image, _ = rasterize([Fill("#FFFFFF"), Stack(canvas.box.inset(4, 2), (Text(SAMPLE, style),))], canvas)
    return image


class FontEditor(QWidget):
    """A list of the families and font files one role may use, and a preview of the chosen one."""

    def __init__(self, document: Document, path: str, commit: Callable[[Any], list[Problem]]) -> None:
        super().__init__()
        self._document = document
        self._path = path
        self._commit = commit
        self._value = self._current()
        self.choice = QComboBox()
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choice)
        layout.addWidget(self.preview)
        layout.addWidget(self.note)
        self._fill()
        self.choice.activated.connect(self._chosen)

    def _fill(self) -> None:
        self.choice.blockSignals(True)
        self.choice.clear()
        for name in get_args(BundledFamily):
            self.choice.addItem(self.tr("%1 (bundled)").replace("%1", name), name)
        written = self._value.get("file") if isinstance(self._value, dict) else None
        files = project_fonts(self._document.media_root)
        if isinstance(written, str) and written not in files:
            files.append(written)
        for file in files:
            self.choice.addItem(file, file)
        self.choice.addItem(self.tr("Choose file…"), _CHOOSE)
        current = written if isinstance(written, str) else self._value
        self.choice.setCurrentIndex(max(0, self.choice.findData(current)))
        self.choice.blockSignals(False)
        self._show_preview()

    def show_value(self, value: Any) -> None:
        """The document's value at this field, after an undo or another panel's edit."""
        self._value = value
        self._fill()

    def _chosen(self, index: int) -> None:
        data = self.choice.itemData(index)
        if data == _CHOOSE:
            file, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose a font file"),
                str(self._document.media_root),
                "Fonts (*.ttf *.otf *.ttc)",
            )
            if not file:
                self._fill()
                return
            data = self.choose_file(Path(file))
        self.set_choice(data)

    def choose_file(self, file: Path) -> str:
        """The path to write for a font file chosen on disk, adopted into the project."""
        return adopt(file, self._document)

    def set_choice(self, choice: str) -> list[Problem]:
        """Commit a bundled family's name or a font file's path (keeping the brand font's
        other settings); the field shows what the document then holds."""
        if choice in get_args(BundledFamily):
            value: Any = choice
        else:
            # A file chosen in place of a bundled family keeps that family behind it.
            was = self._value
            value = (
                dict(was)
                if isinstance(was, dict)
                else {"fallback": was}
                if was in get_args(BundledFamily)
                else {}
            )
            value["file"] = choice
        problems = self._commit(value)
        self.show_value(self._current())
        self._show_problems(problems)
        return problems

    def _current(self) -> Any:
        try:
            return self._document.get(self._path)
        except (KeyError, IndexError, TypeError):
            return None

    def _show_problems(self, problems: list[Problem]) -> None:
        self.note.setText("\n".join(p.message for p in problems))
        self.note.setVisible(bool(problems))

    def _family(self) -> FamilyName | None:
        value = self._value
        if isinstance(value, str) and value in get_args(BundledFamily):
            return value  # type: ignore[return-value]
        if not isinstance(value, dict) or not isinstance(value.get("file"), str):
            return None
        path = (self._document.media_root / value["file"]).resolve()
        scripts = value.get("scripts")
        fallback: BundledName = "naskh" if value.get("fallback") == "naskh" else "sans"
        return BrandFamily.at(path, None, tuple(scripts) if isinstance(scripts, list) else None, fallback)

    def _show_preview(self) -> None:
        family = self._family()
        try:
            image = preview_image(family) if family is not None else None
        except (OSError, ValueError):  # not a font: validation says so at the field
            image = None
        if image is None:
            self.preview.clear()
            self.preview.setText(self.tr("(no preview: the file cannot be read as a font)"))
            return
        rgb = image.convert("RGB")
        data = rgb.tobytes()
        qimage = QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()
        self.preview.setPixmap(QPixmap.fromImage(qimage))
