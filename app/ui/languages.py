"""The campaign's languages in the Studio: their names as the person reads them, the editor of
the campaign's list (add, remove, reorder), and the chooser of an output's one or two.

A language is named in itself and in the interface language ("اردو · Urdu", "Français ·
French"; in the Arabic interface "اردو · الأوردية"), from CLDR through Babel, so a language the
campaign declares tomorrow is named without a table here. Every change is one undoable edit
(:mod:`takatof.edit.languages`, through ``Document.apply``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..edit.edits import Edit
from ..edit.languages import add_language, move_language, remove_language
from ..model.languages import MAX_OUTPUT_LANGUAGES, babel_locale, declared, language, name_of
from .document import Document
from .field_widgets import error_label, show_messages
from .i18n import interface_language

ARABIC = {
    "Add": "إضافة",
    "Move up": "نقل لأعلى",
    "Move down": "نقل لأسفل",
    "Remove": "حذف",
    "Type a language or its code (ur, hi, fr, en-IN)": "اكتب اسم لغة أو رمزها (ur, hi, fr, en-IN)",
    "A campaign has at least one language.": "للحملة لغة واحدة على الأقل.",
    "Its texts in {language} are removed too (Undo brings them back).": "تُحذف نصوصها بـ{language} أيضاً (التراجع يعيدها).",
    "The campaign's first two ({languages})": "أول لغتين للحملة ({languages})",
    "only this language": "هذه اللغة وحدها",
    "{language}: still to translate ({code})": "{language}: لم تُترجم بعد ({code})",
    "not one of the campaign's languages": "ليست من لغات الحملة",
    "Languages": "اللغات",
    "languages": "اللغات",
    "Languages shown": "اللغات المعروضة",
    "Removed {language}. These outputs chose it and now print: {outputs}. Undo brings it back.": "حُذفت {language}. هذه المخرجات اختارتها وصارت تطبع: {outputs}. التراجع يعيدها.",
    "card output {number} ({template}): {languages}": "مخرج البطاقات {number} ({template}): {languages}",
    "video output {number} ({template}): {languages}": "مخرج الفيديو {number} ({template}): {languages}",
    "{language} only": "{language} وحدها",
}
"""The Arabic of this module's strings and of the multilingual editor's (merged into
:data:`takatof.ui.i18n.ARABIC`)."""

_ROLE = Qt.ItemDataRole.UserRole
_OUTPUT_LANGUAGES = re.compile(r"outputs\.(?P<section>cards|videos)\[(?P<index>\d+)\]\.languages")
NOTICE_MS = 20_000
"""How long the status bar says which outputs a removed language changed."""


def interface_name(code: str) -> str:
    """``code``'s name in the interface language ("Urdu", "الأوردية"); the code when unknown."""
    try:
        return Locale.parse(babel_locale(code)).get_display_name(interface_language()) or code
    except (UnknownLocaleError, ValueError):
        return code


def language_label(code: str) -> str:
    """How an editor's language is labelled: its own name, then the interface's name for it
    when that differs ("اردو · Urdu", "English"); the code itself for one CLDR lacks."""
    try:
        native = language(code).native_name
    except ValueError:
        return code
    named = interface_name(code)
    return native if named.casefold() == native.casefold() else f"{native} · {named}"


def shown_label(code: str) -> str:
    """:func:`language_label` as a widget shows it: read in the interface's direction (a
    mark first), so "اردو · Urdu" lists the language's own name first in either interface
    instead of flipping with whichever script the label starts with."""
    mark = "\u200f" if interface_language() == "ar" else "\u200e"
    return mark + language_label(code)


@functools.lru_cache(maxsize=4)
def catalogue(interface: str) -> tuple[tuple[str, str], ...]:
    """Every language CLDR describes, as ``(code, name in the interface language)``, sorted by
    name: what the Add list offers (a regional variant such as ``en-IN`` is typed as a code)."""
    names: Mapping[str, str] = Locale.parse(interface).languages
    codes = {c for c in locale_identifiers() if "_" not in c and c != "root"}
    return tuple(sorted(((c, names[c]) for c in codes if c in names), key=lambda pair: pair[1].casefold()))


def _entry(code: str, name: str) -> str:
    return f"{name} ({code})"


@functools.lru_cache(maxsize=4)
def _names(interface: str) -> dict[str, str]:
    """Each language's English name and its name in ``interface``, folded, to its code."""
    index: dict[str, str] = {}
    for named_in in ("en", interface):
        for code, name in catalogue(named_in):
            index.setdefault(name.casefold(), code)
    return index


@functools.lru_cache(maxsize=1)
def _native_names() -> dict[str, str]:
    """Each language's name in itself ("اردو", "français"), folded, to its code. Read from
    every CLDR locale (under a second), so only when a typed name is not an English or
    interface one."""
    index: dict[str, str] = {}
    for code, _name in catalogue("en"):
        try:
            native = Locale.parse(code).get_display_name(code)
        except (UnknownLocaleError, ValueError):
            continue
        if native:
            index.setdefault(native.casefold(), code)
    return index


def code_named(text: str) -> str | None:
    """The code of the language ``text`` names, in English, in the interface language or in
    itself, whatever its case ("urdu", "اردو", "French"); None when it names none."""
    folded = text.strip().casefold()
    if not folded:
        return None
    return _names(interface_language()).get(folded) or _native_names().get(folded)


def ranked(typed: str, offered: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The ``(code, name)`` pairs of ``offered`` that ``typed`` finds, best first: the code
    itself, then the names that start with it, then those with it anywhere in their entry
    (alphabetical within each). "Urd" puts Urdu first, not Central Kurdish; "ur" too."""
    folded = typed.strip().casefold()
    if not folded:
        return list(offered)
    tiers: tuple[list[tuple[str, str]], ...] = ([], [], [])
    for code, name in offered:
        if code.casefold() == folded:
            tiers[0].append((code, name))
        elif name.casefold().startswith(folded):
            tiers[1].append((code, name))
        elif folded in _entry(code, name).casefold():
            tiers[2].append((code, name))
    return [*tiers[0], *tiers[1], *tiers[2]]


class LanguagesEditor(QWidget):
    """The campaign's languages, in order: select one to move or remove it; pick (or type) a
    language to add. Adding one gives every text an empty side in it (the Problems panel
    lists each missing translation); removing one removes its texts (one Undo restores them)."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setObjectName("languagesEditor")
        self._document = document
        self.list = QListWidget()
        self.list.setObjectName("languagesList")
        self.list.setMaximumHeight(130)
        self.up = QPushButton(self.tr("Move up"))
        self.down = QPushButton(self.tr("Move down"))
        self.remove = QPushButton(self.tr("Remove"))
        self.choice = QComboBox()
        self.choice.setObjectName("addLanguage")
        self.choice.setEditable(True)
        self.choice.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.typing = self.choice.lineEdit()
        assert self.typing is not None  # an editable combo has its line
        self.typing.setPlaceholderText(self.tr("Type a language or its code (ur, hi, fr, en-IN)"))
        self._offered: list[tuple[str, str]] = []
        self._suggestions = QStringListModel(self)
        self.typing.textEdited.connect(self._suggest)
        self.add = QPushButton(self.tr("Add"))
        self.message = error_label("languagesError")
        buttons = QHBoxLayout()
        for button in (self.up, self.down, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        adding = QHBoxLayout()
        adding.addWidget(self.choice, 1)
        adding.addWidget(self.add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(adding)
        layout.addWidget(self.message)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.remove.clicked.connect(self._remove)
        self.add.clicked.connect(self._add)
        self.typing.returnPressed.connect(self._add)
        self.list.currentRowChanged.connect(self._enable)
        self._fill()

    # -- showing ------------------------------------------------------------------------

    @property
    def languages(self) -> list[str]:
        return [str(self.list.item(i).data(_ROLE)) for i in range(self.list.count())]

    def _fill(self) -> None:
        languages = declared(self._document.data())
        for code in languages:
            item = QListWidgetItem(f"{shown_label(code)}  —  {code}")
            item.setData(_ROLE, code)
            item.setToolTip(name_of(code))
            self.list.addItem(item)
        self.choice.clear()
        self._offered = [(c, n) for c, n in catalogue(interface_language()) if c not in languages]
        for code, name in self._offered:
            self.choice.addItem(_entry(code, name), code)
        self.choice.setCurrentIndex(-1)
        # The suggestions are ranked here as the person types (the code, then names that
        # start with the text, then the rest) and the completer keeps that order.
        completer = QCompleter(self._suggestions, self.choice)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.choice.setCompleter(completer)
        # The language last moved stays selected when the form is built again around it.
        selected = self._document.property("selectedLanguage")
        self.list.setCurrentRow(languages.index(selected) if selected in languages else 0)
        self._enable()

    def _enable(self, *_: Any) -> None:
        row, count = self.list.currentRow(), self.list.count()
        self.up.setEnabled(row > 0)
        self.down.setEnabled(0 <= row < count - 1)
        self.remove.setEnabled(row >= 0 and count > 1)
        self.remove.setToolTip(
            self.tr("A campaign has at least one language.")
            if count <= 1
            else self.tr("Its texts in {language} are removed too (Undo brings them back).").format(
                language=interface_name(self.languages[row]) if row >= 0 else ""
            )
        )

    # -- editing ------------------------------------------------------------------------

    def suggestions(self) -> list[str]:
        """The completer's entries for the text typed, best first."""
        return list(self._suggestions.stringList())

    def _suggest(self, text: str) -> None:
        self._suggestions.setStringList([_entry(c, n) for c, n in ranked(text, self._offered)])

    def typed_code(self) -> str:
        """The language to add: the one picked in the list, else the language named (in
        English, the interface language or itself), else the code typed."""
        text = self.choice.currentText().strip()
        index = self.choice.findText(text)
        if index >= 0:
            return str(self.choice.itemData(index))
        if text.endswith(")") and "(" in text:  # "Urdu (ur)" typed out in full
            return text[text.rindex("(") + 1 : -1].strip()
        if text in {code for code, _name in catalogue("en")}:
            return text
        return code_named(text) or text

    def add_code(self, code: str) -> bool:
        """Declare ``code`` (one undoable step); False, with the reason shown, when it cannot be."""
        return self._apply(lambda data: add_language(data, code), code)

    def _add(self) -> None:
        code = self.typed_code()
        if code:
            self.add_code(code)

    def remove_code(self, code: str) -> bool:
        """Remove ``code`` (one undoable step). The outputs that chose it print other
        languages afterwards (an output left with none prints the campaign's first two): the
        status bar names each, so no output changes its languages unannounced."""
        leave = set(self._document.campaign.sources)
        window = self.window()
        notice = ""

        def make(data: dict[str, Any]) -> Edit:
            nonlocal notice
            edit = remove_language(data, code, leave)
            notice = self.removal_notice(data, code, edit)
            return edit

        done = self._apply(make, None)
        if done and notice and isinstance(window, QMainWindow):
            window.statusBar().showMessage(notice, NOTICE_MS)
        return done

    def removal_notice(self, data: dict[str, Any], code: str, edit: Edit) -> str:
        """What removing ``code`` does to the outputs that chose it, or "" when none did."""
        remaining = [c for c in declared(data) if c != code]
        written = data.get("outputs")
        outputs: dict[str, Any] = written if isinstance(written, dict) else {}
        changed: list[str] = []
        for change in edit.changes:
            found = _OUTPUT_LANGUAGES.fullmatch(change.path)
            if found is None:
                continue
            section, index = found["section"], int(found["index"])
            entry = outputs.get(section, [])[index]
            template = entry.get("template", "?") if isinstance(entry, dict) else "?"
            rest = change.new if isinstance(change.new, list) else []
            if not rest:
                printed = self.tr("The campaign's first two ({languages})").format(
                    languages=" + ".join(remaining[:MAX_OUTPUT_LANGUAGES])
                )
            elif len(rest) == 1:
                printed = self.tr("{language} only").format(language=name_of(rest[0]))
            else:
                printed = " + ".join(rest)
            line = (
                self.tr("card output {number} ({template}): {languages}")
                if section == "cards"
                else self.tr("video output {number} ({template}): {languages}")
            )
            changed.append(line.format(number=index + 1, template=template, languages=printed))
        gone = _audiences_gone(edit)
        audiences = (
            self.tr("The posting plan's audiences that read only it are removed: {ids}. ").format(
                ids=", ".join(gone)
            )
            if gone
            else ""
        )
        undo = self.tr("Undo brings it back.")
        if not changed:
            return (
                self.tr("Removed {language}. ").format(language=name_of(code)) + audiences + undo
                if gone
                else ""
            )
        said = self.tr(
            "Removed {language}. These outputs chose it and now print: {outputs}. Undo brings it back."
        ).format(language=name_of(code), outputs="; ".join(changed))
        return said.removesuffix(undo) + audiences + undo if said.endswith(undo) else said + " " + audiences

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.remove_code(self.languages[row])

    def move_code(self, code: str, to: int) -> bool:
        return self._apply(lambda data: move_language(data, code, to), code)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.move_code(self.languages[row], row + step)

    def _apply(self, make: Any, selected: str | None) -> bool:
        try:
            edit = make(self._document.data())
        except ValueError as error:
            show_messages(self.message, [str(error)])
            return False
        self._document.setProperty("selectedLanguage", selected)
        problems = self._document.apply(edit)
        show_messages(self.message, [p.message for p in problems])
        return not problems


class OutputLanguages(QWidget):
    """Which of the campaign's languages one output prints: the campaign's first two (the
    default), or one language, or two (the first on top). Two lists: the first language, and
    the second or "only this language". ``changed`` fires on a choice."""

    changed = Signal()

    def __init__(self, campaign_languages: Sequence[str], chosen: list[str] | None) -> None:
        super().__init__()
        self.setObjectName("outputLanguages")
        known = list(campaign_languages)
        for code in chosen or []:
            if code not in known:
                known.append(code)  # kept as written, for validation to name, not dropped
        self.first = QComboBox()
        self.first.setObjectName("firstLanguage")
        default = " + ".join(campaign_languages[:MAX_OUTPUT_LANGUAGES])
        self.first.addItem(self.tr("The campaign's first two ({languages})").format(languages=default), None)
        self.second = QComboBox()
        self.second.setObjectName("secondLanguage")
        self.second.addItem(self.tr("only this language"), None)
        for code in known:
            self.first.addItem(f"{shown_label(code)} ({code})", code)
            self.second.addItem(f"{shown_label(code)} ({code})", code)
        chosen = list(chosen or [])
        self.first.setCurrentIndex(max(0, self.first.findData(chosen[0])) if chosen else 0)
        self.second.setCurrentIndex(max(0, self.second.findData(chosen[1])) if len(chosen) > 1 else 0)
        self._enable()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.first, 1)
        layout.addWidget(self.second, 1)
        self.first.currentIndexChanged.connect(self._on_choice)
        self.second.currentIndexChanged.connect(self._on_choice)

    def _enable(self) -> None:
        """The second list: only once a first language is chosen, and without that one."""
        first = self.first.currentData()
        self.second.setEnabled(first is not None)
        model = self.second.model()
        for row in range(1, self.second.count()):
            item = model.item(row) if isinstance(model, QStandardItemModel) else None
            if item is not None:
                item.setEnabled(self.second.itemData(row) != first)

    def _on_choice(self, *_: Any) -> None:
        self._enable()
        self.changed.emit()

    def value(self) -> list[str] | None:
        """The output's ``languages``: None for the default, else one or two codes."""
        first = self.first.currentData()
        if first is None:
            return None
        second = self.second.currentData()
        return [first] if second is None or second == first else [first, second]

    def choose(self, languages: list[str] | None) -> None:
        """Pick ``languages`` (what a person's two clicks amount to); one ``changed``."""
        self.first.blockSignals(True)
        self.second.blockSignals(True)
        codes = list(languages or [])
        self.first.setCurrentIndex(max(0, self.first.findData(codes[0])) if codes else 0)
        self.second.setCurrentIndex(max(0, self.second.findData(codes[1])) if len(codes) > 1 else 0)
        self.first.blockSignals(False)
        self.second.blockSignals(False)
        self._on_choice()


def _audiences_gone(edit: Edit) -> list[str]:
    """The ids of the posting plan's audiences ``edit`` removes (a language's only readers)."""
    for change in edit.changes:
        if change.path == "publishing.plan.audiences" and isinstance(change.old, list):
            kept = (
                {a.get("id") for a in change.new if isinstance(a, dict)}
                if isinstance(change.new, list)
                else set()
            )
            return [str(a.get("id")) for a in change.old if isinstance(a, dict) and a.get("id") not in kept]
    return []
