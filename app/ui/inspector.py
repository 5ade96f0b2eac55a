"""The inspector: a form for the selected object, generated from its pydantic model.

Which editor a field gets comes from the field's type and metadata alone, never from its
name or its current value, so a field added to the model gets the right editor with no
change here:

* ``Literal`` -> a list of its choices; ``bool`` -> a check box;
* ``int`` / ``float`` -> a number field, bounded by the field's ``ge``/``gt``/``le``/``lt``;
* the ``Color`` type of :mod:`takatof.model.campaign` -> a colour field with a picker, recognised
  by the validator object only ``Color`` carries (as :mod:`takatof.model.fields` recognises
  ``MediaPath``, which gets the media editor, and a list of media the media list);
* a :class:`Multilingual` text -> an editor per language of the campaign, each labelled with
  the language's name (right to left for a right-to-left language);
* the campaign's list of languages (``list[LanguageCode]``) -> the languages editor (add,
  remove, reorder: :mod:`takatof.ui.languages`);
* a text, plain or :class:`Multilingual`, allowed to be longer than a short text (its
  ``max_length``) -> lines to write in; a list of texts -> one per line;
* a nested model -> a sub-form, except on the campaign's own form, where a model or a list
  of models is a section with its own item in the tree;
* ``X | None`` -> may be left empty.

An edit goes to the document as ``set(path, value)``: valid values become an undoable
command, invalid ones are refused and the field shows the validation message, in place.

This module builds the form and follows the document. The editors themselves are
:mod:`takatof.ui.field_widgets` (numbers, colours, lists of texts), :mod:`takatof.ui.text_commit`
(typing that commits as it pauses, texts in each language) and :mod:`takatof.ui.media_editor` (media);
putting the cursor back in a field is :mod:`takatof.ui.inspector_focus`; the form's plain rules
(a field's owner and label, numbers as typed) are :mod:`takatof.edit.form`.
"""

from __future__ import annotations

import contextlib
import typing
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..edit.form import field_label, lift
from ..edit.form import owner_of as owner_of  # the window asks the form which item shows a field
from ..model import Campaign, Multilingual, Problem
from ..model.fields import (
    bounds,
    is_color_field,
    is_long_text,
    is_media_field,
    is_model,
    is_read_only,
    is_section,
    is_text_list,
    media_by_language,
    media_item_model,
    media_kind,
    unwrap,
)
from ..model.languages import LanguageCode
from ..model.paths import ABSENT, get_at, parse_path, related
from ..model.problems import model_at
from .document import Document
from .field_widgets import ColorEdit, FieldRow, LinesEdit, NumberEdit, PointField
from .font_field import ARABIC as FONT_ARABIC
from .font_field import FontEditor, is_font_choice
from .inspector_focus import focused as find_focused
from .inspector_focus import refocus
from .inspector_focus import target as find_target
from .languages import LanguagesEditor, shown_label
from .media_editor import MediaEditor, MediaListEditor
from .text_commit import MultilingualEditor, TextCommit, text_of

ARABIC = {
    "(default)": "(الافتراضي)",
    "empty: default": "فارغ: الافتراضي",
    "a number is needed here": "يلزم رقم هنا",
    "{text} is not a whole number; type digits only": "{text} ليس عدداً صحيحاً؛ اكتب أرقاماً فقط",
    "{text} is not a number; write it like 4.5": "{text} ليس رقماً؛ اكتبه هكذا 4.5",
    "clips": "المقاطع",
    "captions": "ملفات الترجمة",
    "start": "البداية",
    "end": "النهاية",
    "audio": "الصوت",
    "duration (s)": "المدة (ث)",
    "motion": "الحركة",
    **FONT_ARABIC,
}
"""The Arabic of the form's strings (its number editor's, :mod:`takatof.ui.field_widgets`, too) and
of the field labels it adds (merge into :data:`takatof.ui.i18n.ARABIC`)."""


def is_point(annotation: Any) -> bool:
    """A pair of numbers (a photo's focus [x, y]): shown, set elsewhere (the preview), cleared."""
    return typing.get_origin(annotation) is tuple and len(typing.get_args(annotation)) == 2


def is_language_list(annotation: Any) -> bool:
    """A list of language codes (the campaign's ``languages``), recognised by its item type."""
    args = typing.get_args(annotation)
    return typing.get_origin(annotation) is list and len(args) == 1 and args[0] is LanguageCode


# --- the inspector -----------------------------------------------------------------------------


class Inspector(QScrollArea):
    """The form of the object selected in the tree. ``show_path(path)`` shows an object
    (``""``, ``brand``, ``video``, ``goal``, ``outputs``, ``people[i]``, ``spotlights[i]``);
    ``focus_field(json_path)`` shows the object holding a field and puts the cursor in it;
    ``flush()`` commits what is being typed (call it before saving or rendering)."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setObjectName("inspector")
        self.setWidgetResizable(True)
        self._document = document
        self._path = ""
        self._model: type[BaseModel] | None = None  # given to show_path, else the campaign's
        self._editing = False
        self._rebuild_queued = False
        self._texts: list[TextCommit] = []
        self._rows: dict[str, FieldRow] = {}  # field path -> its row (where its message shows)
        self.editors: dict[str, QWidget] = {}  # field path -> editor, for tests and focus
        document.changed.connect(self._on_changed)
        self.show_path("")

    def set_document(self, document: Document) -> None:
        """Edit another document (a project opened in the window), from its campaign form."""
        if document is not self._document:
            self._document.changed.disconnect(self._on_changed)
            self._document = document
            document.changed.connect(self._on_changed)
        self.show_path("")

    def retranslate(self) -> None:
        """The field labels and messages in the interface language (the form is built again;
        the cursor and the scroll position stay)."""
        self.show_path(self._path, self._model)

    # -- building ---------------------------------------------------------------------------

    def show_path(self, path: str, model: type[BaseModel] | None = None) -> None:
        """Show the form of the object at ``path``. Its fields, and the editor each gets,
        come from ``model`` (by default the campaign model's own type at ``path``) alone."""
        self._rebuild_queued = False  # this form is built from the document as it is now
        same = path == self._path and self.widget() is not None
        focused, cursor = find_focused(self.editors) if same else (None, -1)
        scroll = self.verticalScrollBar().value() if same else 0
        for text in self._texts:
            text.discard()
        self._texts.clear()
        self._path, self._model = path, model
        self.editors.clear()
        self._rows.clear()
        if path == "outputs" and model is None:
            from .outputs import OutputsEditor

            self._replace_body(OutputsEditor(self._document))
            return
        if model is None:
            model = Campaign if path == "" else model_at(Campaign, parse_path(path))
            if path and self._value(path) is None:
                model = None  # a goal or a person that is not there (any more)
        body = QWidget()
        column = QVBoxLayout(body)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        column.addLayout(form)
        column.addStretch(1)  # fields keep their height; the space left stays below them
        if model is None:
            form.addRow(QLabel(self.tr("Nothing to edit here.")))
        else:
            self._fill(form, model, path, top=path == "")
        self._replace_body(body)
        if same:
            self.verticalScrollBar().setValue(scroll)
            if focused is not None:
                refocus(self.editors, focused, cursor)

    def _fill(
        self, form: QFormLayout, model: type[BaseModel], path: str, top: bool, skip: set[str] | None = None
    ) -> None:
        """One row per field of ``model``. On the campaign's own form (``top``) a model or a
        list of models is left out: it is a section of its own in the tree."""
        for key, label, field in self._rows_of(model, path):
            if is_read_only(key, field) or (top and is_section(field)) or (skip and key in skip):
                continue
            at = f"{path}.{key}" if path else key
            annotation, optional = unwrap(field.annotation)
            if is_model(annotation):
                box = QGroupBox(label)
                sub = QFormLayout(box)
                self._fill(sub, annotation, at, top=False)
                form.addRow(box)
                continue
            editor = self._editor(at, field, annotation, optional)
            if editor is None:
                continue
            if isinstance(editor, MediaEditor | MediaListEditor | LanguagesEditor | FontEditor):
                self.editors[at] = editor  # they show their own problems
                form.addRow(label, editor)
                continue
            row = FieldRow(editor)
            self._rows[at] = row
            # A colour's line is what is typed in, focused and shown (its swatch follows it).
            self.editors[at] = editor.input if isinstance(editor, ColorEdit) else editor
            form.addRow(label, row)

    def _rows_of(self, model: type[BaseModel], path: str) -> list[tuple[str, str, FieldInfo]]:
        """(key, label, field) of each row of ``model``'s form: its fields, or for a model that
        holds a file per language (a person's caption files) one row per language of the
        campaign, labelled with the language's name, each of the type its fields have."""
        if media_by_language(model) and model.model_fields:
            like = next(iter(model.model_fields.values()))
            return [(lang, shown_label(lang), like) for lang in self._sides(path)]
        return [
            (field.alias or name, self.tr(field_label(name)), field)
            for name, field in model.model_fields.items()
        ]

    def _fill_item(self, form: QFormLayout, model: type[BaseModel], path: str, skip: set[str]) -> None:
        self._fill(form, model, path, top=False, skip=skip)

    def _editor(self, path: str, field: FieldInfo, annotation: Any, optional: bool) -> QWidget | None:
        """The editor for the field at ``path``, chosen by its type and metadata (see the
        module docstring); None for a field the form does not edit (a pair of numbers, a
        table of choices by country)."""
        value = self._value(path)
        if is_media_field(field):
            return MediaEditor(
                self._document,
                media_kind(path),
                value,
                lambda v: self._commit(path, v, show=False),
                optional=optional,
            )
        is_media_list, item_model = media_item_model(field)
        if is_media_list:
            return MediaListEditor(
                self._document,
                path,
                item_model,
                self._fill_item,
                self.editors.__setitem__,
                commit=lambda at, v: self._commit(at, v, show=False),
            )
        if annotation is Multilingual:
            declared = list(self._document.campaign.languages)
            editor = MultilingualEditor(
                value or {},
                self._sides(path),
                is_long_text(field),
                lambda v: self._commit(path, None if optional and not v else v),
                self._document.undo_stack,
                declared,
            )
            self._texts.extend(editor.watchers)
            return editor
        if is_language_list(annotation):
            return LanguagesEditor(self._document)
        if is_font_choice(annotation):
            return FontEditor(self._document, path, lambda v: self._commit(path, v, show=False))
        if is_point(annotation):
            # A photo's focus is set on the preview; another pair (the part of its move a
            # split photo plays) is the timeline's, not shown here.
            return PointField(value, lambda: self._clear(path)) if path.endswith(".focus") else None
        if typing.get_origin(annotation) is Literal:
            combo = QComboBox()
            if optional or (value is None and field.is_required()):
                # The field of an object the item leaves out (a photo's transition: the story's
                # default) reads "(default)", not the first choice it does not have.
                combo.addItem(self.tr("(default)"), None)
            for choice in typing.get_args(annotation):
                combo.addItem(self.tr(str(choice)), choice)  # the name shown; the file keeps the value
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(lambda _: self._commit(path, combo.currentData()))
            return combo
        if annotation is bool:
            check = QCheckBox()
            check.setChecked(bool(value))
            check.toggled.connect(lambda on: self._commit(path, on))
            return check
        if annotation in (int, float):
            low, high = bounds(field)
            number = NumberEdit(value, annotation is int, optional, low, high)
            number.textEdited.connect(lambda _: self._check_number(path, number))
            self._watch(number, lambda: self._commit_number(path, number))
            return number
        if is_text_list(annotation):
            lines = LinesEdit(value)
            self._watch(lines, lambda: self._commit(path, lines.lines()))
            return lines
        if annotation is str:
            return self._text_editor(path, field, value, optional)
        return None

    def _sides(self, path: str) -> list[str]:
        """The languages a text at ``path`` is edited in: the campaign's, in order, then any
        other the file wrote in it (shown, so an edit never drops a text silently; validation
        says it is not one of the campaign's languages)."""
        declared = list(self._document.campaign.languages)
        try:
            written = get_at(self._document.data(), path)
        except (KeyError, IndexError, TypeError):
            written = None
        extra = [str(k) for k in written if k not in declared] if isinstance(written, dict) else []
        return declared + extra

    def _text_editor(self, path: str, field: FieldInfo, value: Any, optional: bool) -> QWidget:
        text = "" if value is None else str(value)
        widget: QLineEdit | QPlainTextEdit
        color: ColorEdit | None = None
        if is_color_field(field):
            color = ColorEdit(text, lambda: done())
            widget = color.input
        elif is_long_text(field):
            widget = QPlainTextEdit(text)
            widget.setMaximumHeight(80)
        else:
            widget = QLineEdit(text)

        def done() -> None:
            typed = text_of(widget).strip()
            self._commit(path, None if (optional and not typed) else typed)

        self._watch(widget, done)
        return color if color is not None else widget

    def _watch(self, widget: QLineEdit | QPlainTextEdit, commit: Callable[[], Any]) -> None:
        self._texts.append(TextCommit(widget, commit, self._document.undo_stack))

    # -- committing ---------------------------------------------------------------------------

    def _value(self, path: str) -> Any:
        try:
            return self._document.get(path)
        except (KeyError, IndexError, TypeError):
            return None

    def _commit(self, path: str, value: Any, show: bool = True) -> list[Problem]:
        """Put ``value`` at ``path`` as one undoable step, without rebuilding this form (it
        already shows the value). A field of a missing optional object (a caption file of a
        person with no ``captions`` yet) creates the object around it."""
        target, payload = lift(self._document.data(), path, value)
        if target is None:
            problems: list[Problem] = []
        else:
            self._editing = True
            try:
                problems = self._document.set(target, payload)
            finally:
                self._editing = False
        if show:
            self._show(path, [p.message for p in problems])
        return problems

    def _clear(self, path: str) -> list[Problem]:
        """Take the value at ``path`` out of the file (one undoable edit): the model's own
        choice again (a photo's focus: the middle)."""
        name = self.tr(field_label(str(parse_path(path)[-1])))
        text = self.tr("Clear {field}").format(field=name)
        problems = self._document.set(path, ABSENT, text)
        self._show(path, [p.message for p in problems])
        return problems

    def message(self, path: str) -> str:
        """What the field at ``path`` says is wrong with it now ("" when nothing is)."""
        row = self._rows.get(path)
        return row.message.text() if row is not None and not row.message.isHidden() else ""

    def _show(self, path: str, messages: list[str]) -> None:
        row = self._rows.get(path)
        if row is not None:
            row.show_problems(messages)

    def _check_number(self, path: str, number: NumberEdit) -> None:
        """As the user types: a text that is no number says so at once."""
        ok, _, message = number.parse()
        if not ok and number.text().strip():
            self._show(path, [message])
        elif ok:
            self._show(path, [])

    def _commit_number(self, path: str, number: NumberEdit) -> None:
        ok, value, message = number.parse()
        if ok:
            self._commit(path, value)
        else:
            self._show(path, [message])

    def flush(self) -> None:
        """Commit every field that is still waiting for the typing to pause."""
        for text in list(self._texts):
            if text.pending:
                text.flush()

    # -- focus ----------------------------------------------------------------------------------

    def focus_field(self, json_path: str) -> bool:
        """Show the object holding ``json_path`` (a problem's path) and put the cursor in its
        field, scrolled into view; the nearest enclosing field when that one has no editor
        of its own. Returns whether a field was found."""
        owner = owner_of(json_path)
        if owner != self._path or self.widget() is None:
            self.show_path(owner)
        target = find_target(self.editors, json_path)
        if target is None:
            return False
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, lambda: self._reveal(target))
        self._reveal(target)
        return True

    def _replace_body(self, body: QWidget) -> None:
        """Show ``body`` in place of the form on screen, which is deleted later, from the event
        loop. The form may be replaced while one of its own widgets is handling an event (a
        field losing the focus to Tab commits a rename, the tree follows it, the window shows
        the form again); ``setWidget`` would delete that widget under Qt's feet, and Qt then
        crashes finishing the event on it."""
        old = self.takeWidget()
        self.setWidget(body)
        if old is not None:
            old.hide()
            old.deleteLater()

    def _reveal(self, widget: QWidget) -> None:
        with contextlib.suppress(RuntimeError):  # rebuilt meanwhile
            self.ensureWidgetVisible(widget, 40, 40)

    # -- following the document -------------------------------------------------------------

    def _on_changed(self, where: str) -> None:
        """Undo, redo or another panel changed the campaign. A change elsewhere (another
        person) leaves this form alone; one field's new value is put into its editor in
        place (the cursor stays, and it is instant); anything else rebuilds the form."""
        if self._editing or self._rebuild_queued:
            return
        if where and self._path and not related(where, self._path):
            return
        if where and self._show_value(where):
            return
        # Rebuild from the event loop: the change may come from a signal of the very widget
        # the rebuild replaces.
        self._rebuild_queued = True
        QTimer.singleShot(0, self._rebuild)

    def _show_value(self, where: str) -> bool:
        """Put the document's value at ``where`` into its editor; False when the form must
        be rebuilt instead (no editor of its own, or a list whose rows changed)."""
        editor = self.editors.get(where)
        if editor is None or isinstance(editor, MediaListEditor):
            return False
        value = self._value(where)
        if isinstance(editor, MultilingualEditor):
            if list(editor.langs) != self._sides(where):
                return False  # a language added or removed: sides to add or take away
            editor.show_value(value or {})
        elif isinstance(editor, MediaEditor):
            if not (value is None or isinstance(value, str)):
                return False  # a plain photo became an object (the timeline set its motion): new rows
            editor.show_value(value)
        elif isinstance(editor, NumberEdit | FontEditor | PointField):
            editor.show_value(value)
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        elif isinstance(editor, LinesEdit):
            editor.show_value(value)
        elif isinstance(editor, QPlainTextEdit):
            with QSignalBlocker(editor):
                editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, QComboBox):
            with QSignalBlocker(editor):
                editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QCheckBox):
            with QSignalBlocker(editor):
                editor.setChecked(bool(value))
        else:
            return False
        self._show(where, [])
        return True

    def _rebuild(self) -> None:
        if self._rebuild_queued:  # else a form was shown since, from the document as it is
            self.show_path(self._path, self._model)
