"""The Studio edits every language a campaign declares (issue 18, part 6): the languages
themselves (add, remove, reorder, undoable), a side per language for every text, the missing
translations in the Problems panel at their JSON paths, each output's choice of languages
(which the preview, the timeline and the render queue follow), driven through the real window
on Qt's offscreen platform (pytest-qt)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from takatof.edit import ABSENT, add_language, move_language, remove_language
from takatof.model import load_for_editing
from takatof.render.batch import project_names
from takatof.render.jobs import all_jobs
from takatof.ui.document import Document
from takatof.ui.languages import (
    LanguagesEditor,
    OutputLanguages,
    catalogue,
    code_named,
    language_label,
    ranked,
)
from takatof.ui.main_window import MainWindow
from takatof.ui.preview import Output
from takatof.ui.render_queue import QueuedRender
from takatof.ui.text_commit import MultilingualEditor
from takatof.ui.tree import Node
from tests.conftest import make_media

URDU = "ہم مل کر بدلتے ہیں"
URDU_NAME = "ہالہ دحروج"

pytestmark = pytest.mark.usefixtures("studio_isolation")


def _open(qtbot: Any, path: Path, tmp_path: Path) -> MainWindow:
    make_media(path.parent, json.loads(path.read_text(encoding="utf-8")))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    project, _problems = load_for_editing(path, project_names())  # missing translations: it opens
    win = MainWindow(Document(project), settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    return win


def _rewrite(path: Path, change: Any) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot: Any, project_copy: Path, tmp_path: Path) -> MainWindow:
    return _open(qtbot, project_copy, tmp_path)


@pytest.fixture
def urdu_window(qtbot: Any, project_copy: Path, tmp_path: Path) -> MainWindow:
    """The example declaring Urdu too, with only the first person's name written in it."""

    def declare(data: dict[str, Any]) -> None:
        data["languages"] = ["ar", "en", "ur"]
        data["people"][0]["name"]["ur"] = URDU_NAME

    return _open(qtbot, _rewrite(project_copy, declare), tmp_path)


def _problem_paths(qtbot: Any, win: MainWindow, present: str | None = None) -> list[str]:
    panel = win.problems
    if present is not None:
        qtbot.waitUntil(lambda: any(p.path == present for p in panel.problems), timeout=60_000)
    else:
        panel.refresh()
        panel.wait()
        qtbot.wait(50)
    return [p.path for p in panel.problems]


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key, as an Urdu keyboard layout sends it (QTest's key clicks know
    only ASCII): a key press carrying each character."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def label(editor: MultilingualEditor, lang: str) -> str:
    return editor.labels[lang].text()


def _listed(win: MainWindow) -> list[str]:
    """The Where column of the Problems panel, as it is on screen."""
    rows = win.problems.list
    return [rows.topLevelItem(i).text(0) for i in range(rows.topLevelItemCount())]


# -- the edits, as data -----------------------------------------------------------------------


def test_language_edits_as_data(example_data: dict[str, Any]) -> None:
    data = dict(example_data)
    data["outputs"]["cards"][0]["languages"] = ["ur", "en"]
    data["languages"] = ["ar", "en", "ur"]
    data["people"][0]["quote"]["ur"] = URDU

    add = add_language(data, "hi")
    assert [(c.path, c.new) for c in add.changes] == [("languages", ["ar", "en", "ur", "hi"])]
    assert add_language(data, "EN-in").changes[0].new[-1] == "en-IN"  # taken as meant
    for bad, why in (("ur", "already"), ("xx", "unknown language"), ("english", "not a language code")):
        with pytest.raises(ValueError, match=why):
            add_language(data, bad)

    moved = move_language(data, "ur", 0)
    assert moved.changes[0].new == ["ur", "ar", "en"]
    assert move_language(data, "ar", 9).changes[0].new == ["en", "ur", "ar"]  # clamped

    removed = remove_language(data, "ur")
    changes = {c.path: (c.old, c.new) for c in removed.changes}
    assert changes["languages"] == (["ar", "en", "ur"], ["ar", "en"])
    assert changes["people[0].quote.ur"] == (URDU, ABSENT)  # its texts go with it
    assert changes["outputs.cards[0].languages"] == (["ur", "en"], ["en"])  # the output keeps English
    assert removed.inverse().inverse() == removed
    assert [c.path for c in remove_language(data, "ur", leave={"people"}).changes if "people" in c.path] == []

    data["outputs"]["cards"][0]["languages"] = ["ur"]
    assert {c.path: c.new for c in remove_language(data, "ur").changes}[
        "outputs.cards[0].languages"
    ] is ABSENT
    with pytest.raises(ValueError, match="not one of the campaign's languages"):
        remove_language(data, "fr")
    with pytest.raises(ValueError, match="at least one language"):
        remove_language({**data, "languages": ["ar"]}, "ar")
    v2 = {k: v for k, v in example_data.items() if k != "languages"}  # a file that names none
    assert add_language(v2, "fr").changes[0].old is ABSENT
    assert add_language(v2, "fr").changes[0].new == ["ar", "en", "fr"]


# -- the inspector -----------------------------------------------------------------------------


def test_a_text_has_an_editor_per_language_labelled_and_directed(qtbot: Any, urdu_window: MainWindow) -> None:
    win = urdu_window
    win.tree.select("people[0]")
    quote = win.inspector.editors["people[0].quote"]
    name = win.inspector.editors["people[0].name"]
    assert isinstance(quote, MultilingualEditor) and quote.langs == ("ar", "en", "ur")
    assert isinstance(quote.side("ur"), QPlainTextEdit) and isinstance(name.side("ur"), QLineEdit)
    assert name.side("ur").text() == URDU_NAME and quote.side("ur").toPlainText() == ""
    assert quote.side("ur").placeholderText() == "Urdu: still to translate (ur)"
    assert label(quote, "ur") == "\u200eاردو · Urdu" and label(quote, "en") == "\u200eEnglish"
    assert label(quote, "ar") == "\u200eالعربية · Arabic"  # read left to right: its own name first
    assert quote.side("ur").layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert quote.side("en").layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert win.tree.currentItem().text(0) == "Hala Dahrouge · هالة دحروج"  # the interface's language first

    win.set_language("ar")  # the labels name languages in Arabic; an LTR side stays LTR
    try:
        quote = win.inspector.editors["people[0].quote"]
        assert label(quote, "ur") == "\u200fاردو · الأوردية" and label(quote, "ar") == "\u200fالعربية"
        assert quote.side("ur").placeholderText() == "الأوردية: لم تُترجم بعد (ur)"
        assert quote.side("en").layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert win.tree.currentItem().text(0) == "هالة دحروج · Hala Dahrouge"
    finally:
        win.set_language("en")


def test_an_emptied_side_is_a_missing_translation_and_an_emptied_optional_text_is_none(
    qtbot: Any, urdu_window: MainWindow
) -> None:
    document = urdu_window.document
    urdu_window.tree.select("people[0]")
    name = urdu_window.inspector.editors["people[0].name"]
    name.set_text("ur", "   ")
    assert document.get("people[0].name") == {k: v for k, v in document.get("people[0].name").items()}
    assert "ur" not in document.get("people[0].name")  # never saved as an empty string
    urdu_window.tree.select("")
    tagline = urdu_window.inspector.editors["tagline"]
    assert isinstance(tagline, MultilingualEditor)
    for lang in tagline.langs:
        tagline.side(lang).setText("")
    tagline.commit()
    assert document.get("tagline") is None


def test_add_urdu_type_it_undo_redo_save_and_reopen(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    document = window.document
    window.tree.select("")
    languages = window.inspector.editors["languages"]
    assert isinstance(languages, LanguagesEditor) and languages.languages == ["ar", "en"]
    assert languages.choice.findData("ur") >= 0 and "Urdu (ur)" in languages.choice.itemText(
        languages.choice.findData("ur")
    )
    languages.typing.setFocus()
    qtbot.keyClicks(languages.typing, "Urdu (ur)")
    qtbot.mouseClick(languages.add, Qt.MouseButton.LeftButton)
    assert document.campaign.languages == ["ar", "en", "ur"]
    qtbot.waitUntil(lambda: window.inspector.editors.get("languages") is not languages, timeout=3000)
    assert window.inspector.editors["languages"].languages == ["ar", "en", "ur"]
    assert "ur" in window.inspector.editors["title"].sides  # the campaign's own texts too

    window.tree.select("people[0]")
    quote = window.inspector.editors["people[0].quote"]
    assert quote.langs == ("ar", "en", "ur") and quote.side("ur").toPlainText() == ""
    assert "people[0].quote.ur" in _problem_paths(qtbot, window, present="people[0].quote.ur")

    side = quote.side("ur")
    side.setFocus()
    type_text(side, URDU)
    qtbot.waitUntil(lambda: document.get("people[0].quote").get("ur") == URDU, timeout=3000)

    document.undo_stack.undo()  # the typing
    assert "ur" not in document.get("people[0].quote")
    qtbot.waitUntil(lambda: window.inspector.editors["people[0].quote"].side("ur").toPlainText() == "")
    document.undo_stack.undo()  # adding the language
    assert document.campaign.languages == ["ar", "en"]
    qtbot.waitUntil(lambda: window.inspector.editors["people[0].quote"].langs == ("ar", "en"), timeout=3000)
    document.undo_stack.redo()
    document.undo_stack.redo()
    assert document.campaign.languages == ["ar", "en", "ur"]
    assert document.get("people[0].quote")["ur"] == URDU
    qtbot.waitUntil(lambda: window.inspector.editors["people[0].quote"].side("ur").toPlainText() == URDU)

    problems = window.problems
    qtbot.waitUntil(lambda: "people[0].quote.ur" not in [p.path for p in problems.problems], timeout=60_000)
    paths = [p.path for p in problems.problems]
    assert {"people[0].name.ur", "people[1].quote.ur"} <= set(paths)  # still to write

    assert window.save()
    saved = json.loads(document.path.read_text(encoding="utf-8"))
    assert saved["languages"] == ["ar", "en", "ur"]
    assert saved["people"][0]["quote"]["ur"] == URDU
    assert saved["people"][0]["quote"]["ar"] and saved["people"][0]["quote"]["en"]  # kept
    reopened = _open(qtbot, document.path, tmp_path / "again")
    assert reopened.document.campaign.languages == ["ar", "en", "ur"]
    assert reopened.document.campaign.people[0].quote.get("ur") == URDU
    reopened.tree.select("people[0]")
    assert reopened.inspector.editors["people[0].quote"].side("ur").toPlainText() == URDU


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("urdu", "ur"),
        ("Urdu", "ur"),
        ("  URDU ", "ur"),
        ("اردو", "ur"),
        ("French", "fr"),
        ("français", "fr"),
        ("hindi", "hi"),
        ("हिन्दी", "hi"),
        ("Klingonese", None),
        ("", None),
    ],
)
def test_a_language_is_found_by_its_english_or_native_name(typed: str, code: str | None) -> None:
    assert code_named(typed) == code


def test_suggestions_rank_the_code_then_names_starting_with_the_text() -> None:
    offered = list(catalogue("en"))
    urd = [code for code, _name in ranked("Urd", offered)]
    assert urd[0] == "ur" and "ckb" in urd and urd.index("ur") < urd.index("ckb")
    ur = [code for code, _name in ranked("ur", offered)]
    assert ur[0] == "ur"  # the code itself first, then names starting "Ur"
    assert ranked("fr", offered)[0] == ("fr", "French")
    ka = ranked("ka", offered)
    assert ka[0][0] == "ka"  # Georgian, by its code
    starts = [name.casefold().startswith("ka") for _code, name in ka[1:]]
    assert starts[0] and not starts[-1] and starts == sorted(starts, reverse=True)
    assert ranked("", offered) == offered


def test_add_a_language_by_name_or_by_its_first_suggestion(qtbot: Any, window: MainWindow) -> None:
    """QA: "Urdu" + Add said "'Urdu' is not a language code"; "Urd", Down, Enter added
    Central Kurdish (ckb)."""
    document = window.document
    window.tree.select("")
    editor = window.inspector.editors["languages"]
    editor.typing.setFocus()
    qtbot.keyClicks(editor.typing, "Urdu")
    qtbot.mouseClick(editor.add, Qt.MouseButton.LeftButton)
    assert document.campaign.languages == ["ar", "en", "ur"]
    assert editor.message.text() == ""
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: window.inspector.editors["languages"] is not editor, timeout=3000)
    editor = window.inspector.editors["languages"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    editor.typing.setFocus()
    qtbot.keyClicks(editor.typing, "Urd")
    assert editor.suggestions()[0] == "Urdu (ur)"
    popup = editor.choice.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert document.campaign.languages == ["ar", "en", "ur"]
    window.preview.wait_idle()


def test_remove_and_reorder_languages_in_the_studio(qtbot: Any, urdu_window: MainWindow) -> None:
    document = urdu_window.document
    urdu_window.tree.select("")
    editor = urdu_window.inspector.editors["languages"]
    editor.list.setCurrentRow(2)
    qtbot.mouseClick(editor.up, Qt.MouseButton.LeftButton)
    assert document.campaign.languages == ["ar", "ur", "en"]
    qtbot.waitUntil(lambda: urdu_window.inspector.editors["languages"] is not editor, timeout=3000)
    editor = urdu_window.inspector.editors["languages"]
    assert editor.list.currentItem().data(Qt.ItemDataRole.UserRole) == "ur"  # still selected
    # The default outputs print the first two now: the tree says so.
    assert urdu_window.tree.item(Node("people[0]", Output("card", "quote", "instagram-square", ("ar", "ur"))))
    qtbot.mouseClick(editor.remove, Qt.MouseButton.LeftButton)
    assert document.campaign.languages == ["ar", "en"]
    assert not document.campaign.people[0].name.has("ur")  # its text went with it
    document.undo_stack.undo()
    assert document.campaign.languages == ["ar", "ur", "en"]
    assert document.campaign.people[0].name.get("ur") == URDU_NAME
    document.undo_stack.undo()
    assert document.campaign.languages == ["ar", "en", "ur"]
    document.set("languages", ["ar"])  # down to one: it cannot be removed
    urdu_window.tree.select("people[0]")
    urdu_window.tree.select("")
    qtbot.waitUntil(lambda: urdu_window.inspector.editors["languages"].languages == ["ar"], timeout=3000)
    assert not urdu_window.inspector.editors["languages"].remove.isEnabled()


def test_removing_a_language_says_which_outputs_it_changes(
    qtbot: Any, project_copy: Path, tmp_path: Path
) -> None:
    """QA: removing Urdu turned a quote output that chose ["ur", "en"] English-only without a
    word. The edit stays one Undo; the status bar names each output it changes."""

    def chosen(data: dict[str, Any]) -> None:
        data["languages"] = ["ar", "en", "ur"]
        data["outputs"]["cards"][0]["languages"] = ["ur", "en"]
        data["outputs"]["videos"][0]["languages"] = ["ur"]

    win = _open(qtbot, _rewrite(project_copy, chosen), tmp_path)
    document = win.document
    quote = document.data()["outputs"]["cards"][0]["template"]
    story = document.data()["outputs"]["videos"][0]["template"]
    win.tree.select("")
    editor = win.inspector.editors["languages"]
    editor.list.setCurrentRow(1)  # English: no output loses it (they keep it, or print the first two)
    steps = document.undo_stack.count()
    win.statusBar().clearMessage()
    editor.list.setCurrentRow(2)
    qtbot.mouseClick(editor.remove, Qt.MouseButton.LeftButton)
    assert document.campaign.languages == ["ar", "en"]
    assert document.data()["outputs"]["cards"][0]["languages"] == ["en"]
    assert "languages" not in document.data()["outputs"]["videos"][0]
    assert document.undo_stack.count() == steps + 1  # one step
    message = win.statusBar().currentMessage()
    assert message.startswith("Removed Urdu (ur).")
    assert f"card output 1 ({quote}): English (en) only" in message
    assert f"video output 1 ({story}): The campaign's first two (ar + en)" in message
    assert "card output 2" not in message and message.endswith("Undo brings it back.")
    document.undo_stack.undo()
    assert document.data()["outputs"]["cards"][0]["languages"] == ["ur", "en"]
    assert document.data()["outputs"]["videos"][0]["languages"] == ["ur"]
    # A language no output chose goes without a notice about outputs.
    qtbot.waitUntil(lambda: win.inspector.editors["languages"].languages == ["ar", "en", "ur"], timeout=3000)
    editor = win.inspector.editors["languages"]
    win.statusBar().clearMessage()
    assert editor.remove_code("ar")
    message = win.statusBar().currentMessage()  # no output chose it; the plan's Arabic audiences go
    assert "outputs chose" not in message and "levant, maghreb, egypt" in message
    win.preview.wait_idle()  # no draw outlives the window


def test_a_language_code_that_is_none_is_refused_at_the_field(qtbot: Any, window: MainWindow) -> None:
    window.tree.select("")
    editor = window.inspector.editors["languages"]
    assert not editor.add_code("klingon")
    assert "not a language code" in editor.message.text() and editor.message.isVisibleTo(editor)
    assert window.document.campaign.languages == ["ar", "en"] and not window.document.dirty


# -- problems ----------------------------------------------------------------------------------


def test_problems_panel_lists_missing_translations_by_path_and_goes_there(
    qtbot: Any, urdu_window: MainWindow
) -> None:
    win = urdu_window
    paths = _problem_paths(qtbot, win, present="people[0].quote.ur")
    assert "people[0].name.ur" not in paths  # written
    assert {"people[0].story.ur", "people[1].quote.ur", "title.ur"} <= set(paths)
    assert "people[0].quote.ur" in _listed(win)
    problem = next(p for p in win.problems.problems if p.path == "people[0].quote.ur")
    assert "Urdu (ur)" in problem.message
    row = _listed(win).index("people[0].quote.ur")
    win.problems.list.itemActivated.emit(win.problems.list.topLevelItem(row), 0)  # a double-click
    qtbot.waitUntil(lambda: win.inspector.editors["people[0].quote"].side("ur").hasFocus(), timeout=3000)
    assert win.tree.current() == Node("people[0]")


# -- outputs -----------------------------------------------------------------------------------


def test_output_languages_choice_changes_the_planned_job(
    qtbot: Any, urdu_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win, document = urdu_window, urdu_window.document
    win.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    win.tree.select("outputs")
    editor = win.inspector.widget()
    _template, _presets, chosen = editor.rows["cards"][0]
    assert isinstance(chosen, OutputLanguages) and chosen.value() is None
    assert chosen.first.itemText(0) == "The campaign's first two (ar + en)"
    assert [chosen.first.itemData(i) for i in range(chosen.first.count())] == [None, "ar", "en", "ur"]
    chosen.choose(["ur"])
    second = chosen.second.model()
    assert [second.item(i).isEnabled() for i in range(chosen.second.count())] == [True, True, True, False]
    qtbot.waitUntil(lambda: win.inspector.widget() is not editor, timeout=3000)  # the form, again
    chosen = win.inspector.widget().rows["cards"][0][2]
    assert chosen.value() == ["ur"]
    chosen.choose(["ur", "en"])
    # The card on screen is that output: it prints Urdu and English now.
    assert (win.preview.target.languages, win.preview.target.named) == (("ur", "en"), True)
    assert document.data()["outputs"]["cards"][0]["languages"] == ["ur", "en"]
    assert "languages" not in document.data()["outputs"]["cards"][1]  # the others as written
    template = document.campaign.outputs.cards[0].template
    preset = document.campaign.outputs.cards[0].presets[0]
    output = Output("card", template, preset, ("ur", "en"), True)
    assert win.tree.item(Node("people[0]", output)) is not None
    assert "· ur + en" in win.tree.item(Node("people[0]", output)).text(0)

    with qtbot.waitSignal(win.preview.drawn, timeout=30000):
        win.tree.select("people[0]", output)
    target = win.preview.target
    assert (target.languages, target.named) == (("ur", "en"), True)

    queued: list[QueuedRender] = []
    monkeypatch.setattr(win.queue, "add", queued.append)
    win.render_selection()
    jobs = queued[-1].jobs
    assert jobs and all((j.languages, j.named) == (("ur", "en"), True) for j in jobs)
    cli = [
        j
        for j in all_jobs(document.project(), None, {preset}, {"card"})
        if j.template == template and j.subject in (None, target.subject) and j.named
    ]
    assert [j.stem for j in jobs] == [j.stem for j in cli]  # what `takatof render` makes
    assert jobs[0].stem.endswith("-ur-en") and jobs[0] == target

    document.undo_stack.undo()
    assert document.data()["outputs"]["cards"][0]["languages"] == ["ur"]
    document.undo_stack.undo()
    assert "languages" not in document.data()["outputs"]["cards"][0]


def test_preview_switches_between_the_languages_of_a_templates_outputs(
    qtbot: Any, project_copy: Path, tmp_path: Path
) -> None:
    def two_quotes(data: dict[str, Any]) -> None:
        data["languages"] = ["ar", "en", "ur"]
        data["outputs"]["cards"] = [
            {"template": "quote", "presets": ["instagram-square"]},
            {"template": "quote", "presets": ["instagram-square"], "languages": ["en"]},
        ]

    win = _open(qtbot, _rewrite(project_copy, two_quotes), tmp_path)
    default = Output("card", "quote", "instagram-square")
    with qtbot.waitSignal(win.preview.drawn, timeout=30000):
        win.tree.select("people[0]", default)
    combo = win.preview.languages
    assert [combo.itemText(i) for i in range(combo.count())] == ["ar + en", "en"] and combo.isEnabled()
    before = win.preview.image.copy()
    with qtbot.waitSignal(win.preview.drawn, timeout=30000):
        combo.setCurrentIndex(1)
    assert (win.preview.target.languages, win.preview.target.named) == (("en",), True)
    assert win.tree.current() == Node("people[0]", Output("card", "quote", "instagram-square", ("en",), True))
    assert win.preview.image != before  # an English-only card is another card


def test_preview_languages_list_shows_the_choice_in_effect(
    qtbot: Any, project_copy: Path, tmp_path: Path
) -> None:
    """QA: after picking "hi + en" or "fr" the list went on showing its first row while the
    preview drew the chosen languages; and a tree selection must move it too."""

    def three(data: dict[str, Any]) -> None:
        data["languages"] = ["ar", "en", "hi", "fr"]
        data["outputs"]["cards"] = [
            {"template": "quote", "presets": ["instagram-square"]},
            {"template": "quote", "presets": ["instagram-square"], "languages": ["hi", "en"]},
            {"template": "quote", "presets": ["instagram-square"], "languages": ["fr"]},
        ]

    win = _open(qtbot, _rewrite(project_copy, three), tmp_path)
    with qtbot.waitSignal(win.preview.drawn, timeout=30000):
        win.tree.select("people[0]", Output("card", "quote", "instagram-square"))
    combo = win.preview.languages
    assert [combo.itemText(i) for i in range(combo.count())] == ["ar + en", "hi + en", "fr"]
    assert combo.currentText() == "ar + en"
    for row, shown, languages in (
        (1, "hi + en", ("hi", "en")),
        (2, "fr", ("fr",)),
        (0, "ar + en", ("ar", "en")),
    ):
        combo.setCurrentIndex(row)
        assert win.preview.target.languages == languages
        assert (combo.currentIndex(), combo.currentText()) == (row, shown)
        qtbot.wait(100)  # the tree follows and the picture is redrawn: the list stays put
        assert combo.currentText() == shown
    french = Output("card", "quote", "instagram-square", ("fr",), True)
    win.tree.select("people[1]", french)  # another person, the French output, from the tree
    assert win.preview.target.languages == ("fr",) and combo.currentText() == "fr"
    win.tree.select("people[1]", Output("card", "quote", "instagram-square", ("hi", "en"), True))
    assert combo.currentText() == "hi + en"
    with qtbot.waitSignal(win.preview.drawn, timeout=30000):
        pass  # the last draw lands before the window goes


def test_timeline_rows_follow_the_videos_languages(qtbot: Any, project_copy: Path, tmp_path: Path) -> None:
    def english_video(data: dict[str, Any]) -> None:
        data["outputs"]["videos"] = [
            {"template": "story", "presets": ["instagram-square"], "languages": ["en"]}
        ]

    win = _open(qtbot, _rewrite(project_copy, english_video), tmp_path)
    output = Output("video", "story", "instagram-square", ("en",), True)
    win.tree.select("people[0]", output)
    view = win.timeline.view
    qtbot.waitUntil(lambda: view.summary is not None, timeout=60_000)
    assert view.caption_langs() == ("en",)
    assert view.row_label("captions1") == "Captions · en" and view.row_label("captions2") == ""
    assert all(cue.langs == ("en",) for cue in view.summary.cues)


def test_language_names_for_any_code() -> None:
    assert language_label("fr") == "français · French"
    assert language_label("en-IN") == "English (India)"
    assert language_label("hi") == "हिन्दी · Hindi"


def test_every_string_of_the_language_editors_has_arabic() -> None:
    """Each interface string the language editors show (found in their source, so a string
    added later is checked too) has its Arabic in the Studio's table."""
    import re

    from takatof.ui import languages, preview, text_commit, timeline
    from takatof.ui.i18n import arabic_table

    table = arabic_table()
    strings = {
        text
        for module in (languages, text_commit)
        for text in re.findall(r'self\.tr\(\s*"([^"]+)"', Path(module.__file__).read_text(encoding="utf-8"))
    }
    strings |= {"Languages shown", "Captions"}
    assert "Languages shown" in Path(preview.__file__).read_text(encoding="utf-8")
    assert 'self.tr("Captions")' in Path(timeline.__file__).read_text(encoding="utf-8")
    assert len(strings) >= 12
    assert not sorted(s for s in strings if s not in table)
    assert all(re.search("[\u0600-\u06ff]", table[s]) for s in strings)


def test_removing_a_language_says_which_audiences_go(qtbot: Any, project_copy: Path, tmp_path: Path) -> None:
    """The example's plan has English-only audiences (London, New York): removing English
    removes them in the same Undo step, and the status bar names them."""
    win = _open(qtbot, project_copy, tmp_path)
    document = win.document
    win.tree.select("")
    editor = win.inspector.editors["languages"]
    editor.list.setCurrentRow(1)
    steps = document.undo_stack.count()
    qtbot.mouseClick(editor.remove, Qt.MouseButton.LeftButton)
    assert document.campaign.languages == ["ar"]
    ids = [a.id for a in document.campaign.publishing.plan.audiences]
    assert ids == ["levant", "maghreb", "egypt"]
    message = win.statusBar().currentMessage()
    assert message.startswith("Removed English (en).") and "europe, americas" in message, message
    assert message.endswith("Undo brings it back.") and document.undo_stack.count() == steps + 1
    document.undo_stack.undo()
    assert len(document.campaign.publishing.plan.audiences) == 5
