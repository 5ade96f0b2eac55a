"""Media paths in the Studio: where a file goes in the project, the file dialogs' filters, and
the words of every media widget (:data:`ARABIC`).

The widgets live beside it, one job per module: :mod:`takatof.ui.media_look` (what a file holds,
as a thumbnail, first frame or waveform, decoded off the UI thread and cached by file
version), :mod:`takatof.ui.media_editor` (the one field editor every media path uses, and lists
of media), :mod:`takatof.ui.media_bin` (the project's files to drag onto fields) and
:mod:`takatof.ui.history` (the document's undo keys inside text fields). Which fields are media
comes from the model (:mod:`takatof.model.fields`); adopting a file is :mod:`takatof.edit.files`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QMimeData,
)

from ..edit import files as edit_files
from ..model.fields import (
    SUFFIXES,
)
from .document import Document

ARABIC = {
    "Pictures": "الصور",
    "Videos": "الفيديوهات",
    "Sounds": "الأصوات",
    "Captions": "الترجمات",
    "All files (*)": "كل الملفات (*)",
    "All media": "كل الوسائط",
    "outside the project folder; move it inside {root}": "خارج مجلد المشروع؛ انقله إلى داخل {root}",
    "file not found (looked for {path})": "الملف غير موجود (بُحث عنه في {path})",
    "a folder, not a file": "مجلد وليس ملفاً",
    "not a regular file ({what})": "ليس ملفاً عادياً ({what})",
    "cannot be read; check its permissions": "تتعذّر قراءته؛ تحقّق من صلاحياته",
    "has no video stream": "لا يحتوي على فيديو",
    "has no picture that can be decoded": "لا يحتوي على صورة يمكن فكّ ترميزها",
    "is not an audio file (no sound in it)": "ليس ملفاً صوتياً (لا صوت فيه)",
    "cannot be decoded ({why})": "يتعذّر فكّ ترميزه ({why})",
    "is an empty audio file": "ملف صوتي فارغ",
    "is not UTF-8 text; save it as UTF-8": "ليس نصاً بترميز UTF-8؛ احفظه بترميز UTF-8",
    "cannot be read as captions ({why})": "تتعذّر قراءته كترجمة ({why})",
    "holds no captions": "لا يحتوي على أي ترجمة",
    "{n} captions": "{n} ترجمة",
    "a file, or drop one here": "ملف، أو أفلته هنا",
    "a file (required)": "ملف (مطلوب)",
    "Browse…": "استعراض…",
    "Choose a file": "اختر ملفاً",
    "Choose files": "اختر ملفات",
    "cannot copy {name} into the project: {why}": "تعذّر نسخ {name} إلى المشروع: {why}",
    "Add photos…": "إضافة صور…",
    "Add logos…": "إضافة شعارات…",
    "Add clips…": "إضافة مقاطع…",
    "Add sounds…": "إضافة أصوات…",
    "Add files…": "إضافة ملفات…",
    "Move up": "نقل لأعلى",
    "Move down": "نقل لأسفل",
    "Remove": "حذف",
    "Change file": "تغيير الملف",
    "Reorder media": "إعادة ترتيب الوسائط",
    "Remove media": "حذف وسائط",
    "Add media": "إضافة وسائط",
    "Refresh": "تحديث",
    "Add to person": "إضافة إلى الشخص",
    "Looking for media…": "جارٍ البحث عن الوسائط…",
    "{n} files": "{n} ملف",
    "No pictures, videos or sounds here yet.": "لا صور ولا فيديوهات ولا أصوات هنا بعد.",
    "Import…": "استيراد…",
    "Import media": "استيراد وسائط",
    "Copy pictures, videos and sounds into the project's media folder": "انسخ صوراً وفيديوهات وأصواتاً إلى مجلد وسائط المشروع",
    "Save the campaign first: imported files are copied into its media folder.": "احفظ الحملة أولاً: تُنسخ الملفات المستوردة إلى مجلد وسائطها.",
    "Nothing to paste: copy files in the file manager first.": "لا شيء للّصق: انسخ ملفات في مدير الملفات أولاً.",
    "Copying {n} files…": "جارٍ نسخ {n} ملف…",
    "Imported into media/: {names}": "استُورد إلى media/: {names}",
    "not a file": "ليس ملفاً",
    "not a picture, video or sound": "ليس صورة ولا فيديو ولا صوتاً",
    "Picture": "صورة",
    "Video clip": "مقطع فيديو",
    "Sound": "صوت",
}
"""The Arabic of this module's strings (merge into :data:`takatof.ui.i18n.ARABIC`)."""


def file_filter(kind: str) -> str:
    """A file dialog filter for ``kind`` (every media file for ``any``)."""
    names = {
        "image": QCoreApplication.translate("media", "Pictures"),
        "video": QCoreApplication.translate("media", "Videos"),
        "audio": QCoreApplication.translate("media", "Sounds"),
        "captions": QCoreApplication.translate("media", "Captions"),
    }
    kinds = [kind] if kind in SUFFIXES else list(SUFFIXES)
    parts = [f"{names[k]} ({' '.join('*' + s for s in SUFFIXES[k])})" for k in kinds]
    return ";;".join([*parts, QCoreApplication.translate("media", "All files (*)")])


# --- where a file goes in the project ---------------------------------------------------------


def adopt(file: Path, document: Document) -> str:
    """The path to write for ``file`` (:func:`takatof.edit.files.adopt`): an untitled campaign's
    folder is the bundled example's, which is no place to copy into, so there an outside
    file is written as its absolute path and the first save copies it beside the project."""
    return edit_files.adopt(file, document.media_root, copy_outside=document.path is not None)


def resolve(written: str, document: Document) -> Path:
    return edit_files.resolve(written, document.media_root)


def where_problem(written: str, document: Document) -> str | None:
    """The problems a look at the folder finds (no decoding): cheap enough for every key."""
    return edit_files.where_problem(
        written,
        document.media_root,
        document.allow_outside,
        lambda text: QCoreApplication.translate("media", text),
    )


def _local_files(mime: QMimeData) -> list[Path]:
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []


def _fits(kind: str, file: Path) -> bool:
    return file.is_file() and (kind not in SUFFIXES or file.suffix.lower() in SUFFIXES[kind])
