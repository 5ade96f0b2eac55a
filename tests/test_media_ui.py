"""The Studio's media editing, problems panel, start page and media bin, driven offscreen
(pytest-qt): media fields found from the model's types, Browse and drops (copying outside
files in), problems shown at once, typing that follows the preview, the document's undo
inside a field, and number fields that refuse with a message."""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPlainTextEdit

from takatof.model import Problem, load_for_editing
from takatof.model.fields import media_field_patterns, media_kind
from takatof.render.batch import project_names
from takatof.ui.document import Document
from takatof.ui.field_widgets import NumberEdit
from takatof.ui.inspector import Inspector, owner_of
from takatof.ui.media_bin import MediaBin
from takatof.ui.media_editor import MediaEditor, MediaListEditor
from takatof.ui.media_look import previews
from takatof.ui.problems import ProblemsPanel, document_problems
from takatof.ui.start import StartPage
from takatof.ui.text_commit import MultilingualEditor
from takatof.ui.timeline import add_media_files
from tests.conftest import make_media

SRT = "1\n00:00:00,000 --> 00:00:02,000\nمرحبا\n\n2\n00:00:02,000 --> 00:00:04,000\nأهلا\n"


@pytest.fixture
def project(project_copy: Path) -> Path:
    """The example with every kind of media field filled somewhere: a clip, caption files,
    a photo written as an object, besides the logo, music, voice-over and spotlight image."""
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    hala = data["people"][0]
    hala["clips"] = [{"path": "media/clip-cairo-runners.mp4", "start": 0.5, "end": 3.0}]
    hala["captions"] = {"ar": "captions/hala-ar.srt"}
    hala["media"][1] = {"path": hala["media"][1], "motion": "pan-left"}
    data["people"][1].pop("captions", None)
    data["brand"]["partners"] = [{"file": "media/partner.png", "name": {"ar": "شريك", "en": "Partner"}}]
    project_copy.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    (project_copy.parent / "captions").mkdir(exist_ok=True)  # the example ships one now
    (project_copy.parent / "captions" / "hala-ar.srt").write_text(SRT, encoding="utf-8")
    make_media(project_copy.parent, data)
    return project_copy


@pytest.fixture
def document(project: Path) -> Document:
    loaded, problems = load_for_editing(project, project_names())
    assert problems == []
    return Document(loaded)


def _pattern(path: str) -> str:
    import re

    return re.sub(r"\[\d+\]", "[]", path)


def _double_click(qtbot, widget: Any, pos: Any) -> None:
    """What a person's double-click sends: a click, then the double-click (QTest's
    mouseDClick alone skips the first click, and item views then do not activate)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def _wait_previews(qtbot) -> None:
    assert previews().wait(30_000)
    qtbot.wait(20)  # the queued "ready" signals reach the editors


# --- media fields -------------------------------------------------------------------------


def test_every_media_field_of_the_model_has_a_media_editor(inspector: Inspector) -> None:
    patterns = set(media_field_patterns())
    assert {"brand.logo", "video.music", "people[].voiceover", "people[].clips[].path"} <= patterns
    assert all(media_kind(p) != "any" for p in patterns), "the model's media walk misses a field"
    found: dict[str, MediaEditor] = {}
    # The lists the example leaves empty get an item, so their items' editors are built too.
    document = inspector._document
    document.set("goal.counts", ["insights/facebook.csv"])
    document.set("outputs.films[0].clips", [{"path": "media/clip-cairo-runners.mp4"}])
    for owner in (
        "",
        "brand",
        "video",
        "goal",
        "people[0]",
        "people[1]",
        "spotlights[0]",
        "outputs.films[0]",
    ):
        inspector.show_path(owner)
        for key, editor in inspector.editors.items():
            if isinstance(editor, MediaEditor):
                found.setdefault(_pattern(key), editor)
    missing = {p for p in patterns if p not in found and p.removesuffix(".path") not in found}
    assert not missing, f"media fields without a MediaEditor: {missing}"
    assert found["people[].clips[].path"].kind == "video"
    assert found["people[].voiceover"].kind == "audio"
    assert found["people[].captions.ar"].kind == "captions"
    assert found["brand.logo"].kind == "image"


def test_thumbnail_first_frame_and_waveform_are_drawn_off_the_ui_thread(qtbot, inspector: Inspector) -> None:
    inspector.show_path("people[0]")
    _wait_previews(qtbot)
    photo = inspector.editors["people[0].media[0]"]
    clip = inspector.editors["people[0].clips[0].path"]
    voice = inspector.editors["people[0].voiceover"]
    captions = inspector.editors["people[0].captions.ar"]
    for editor in (photo, clip, voice):
        assert isinstance(editor, MediaEditor)
        qtbot.waitUntil(lambda e=editor: not e.thumb.pixmap().isNull(), timeout=10_000)
        assert editor.problem_text() == ""
    assert "s" in clip.note.text() and "×" in clip.note.text()
    assert voice.thumb.pixmap().width() > voice.thumb.pixmap().height()  # a waveform strip
    qtbot.waitUntil(lambda: "2 captions" in captions.note.text(), timeout=10_000)


def test_browse_writes_a_relative_path_and_copies_outside_files_in(
    qtbot, inspector: Inspector, document: Document, project: Path, tmp_path: Path, monkeypatch
) -> None:
    root = project.parent
    inspector.show_path("brand")
    editor = inspector.editors["brand.logo"]
    chosen: list[Path] = [root / "media" / "hala-1.jpg"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen[0]), "Pictures"))
    editor.browse.click()
    assert document.get("brand.logo") == "media/hala-1.jpg"

    # Outside the project: copied into media/, never over a different file of the same name.
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copyfile(root / "media" / "hala-2.jpg", outside / "logo.png")
    chosen[0] = outside / "logo.png"
    editor.browse.click()
    written = document.get("brand.logo")
    assert written == "media/logo-1.png"
    assert (root / written).read_bytes() == (outside / "logo.png").read_bytes()
    assert (root / "media" / "logo.png").read_bytes() != (outside / "logo.png").read_bytes()
    # The same file again is not copied twice.
    document.set("brand.logo", "media/logo.png")
    qtbot.wait(10)  # the form is rebuilt from the event loop after an outside change
    inspector.editors["brand.logo"].browse.click()
    assert document.get("brand.logo") == "media/logo-1.png"
    assert not (root / "media" / "logo-2.png").exists()
    document.undo_stack.undo()
    assert document.get("brand.logo") == "media/logo.png"


def _drop(widget: Any, files: list[Path]) -> tuple[bool, QDropEvent]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    with warnings.catch_warnings():  # PySide marks the only constructor deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            QPointF(5, 5).toPoint(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    widget.dragEnterEvent(enter)
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    if enter.isAccepted():
        widget.dropEvent(drop)
    return enter.isAccepted(), drop


def test_a_dropped_file_sets_the_path(
    qtbot, inspector: Inspector, document: Document, project: Path, tmp_path: Path
) -> None:
    root = project.parent
    inspector.show_path("people[0]")
    voice = inspector.editors["people[0].voiceover"]
    accepted, _ = _drop(voice, [root / "media" / "music.ogg"])
    assert accepted
    assert document.get("people[0].voiceover") == "media/music.ogg"
    # A picture is not a sound: refused before it is dropped.
    accepted, _ = _drop(voice, [root / "media" / "hala-1.jpg"])
    assert not accepted
    assert document.get("people[0].voiceover") == "media/music.ogg"
    # Photos dropped on the photo list are appended (an outside one copied in), one undo step.
    outside = tmp_path / "new-photo.jpg"
    shutil.copyfile(root / "media" / "rania-1.jpg", outside)
    photos = inspector.editors["people[0].media"]
    assert isinstance(photos, MediaListEditor)
    before = document.get("people[0].media")
    accepted, _ = _drop(photos, [root / "media" / "ibrahim-1.jpg", outside])
    assert accepted
    assert document.get("people[0].media") == [*before, "media/ibrahim-1.jpg", "media/new-photo.jpg"]
    assert (root / "media" / "new-photo.jpg").is_file()
    document.undo_stack.undo()
    assert document.get("people[0].media") == before


def test_a_missing_file_shows_its_problem_at_once(
    qtbot, inspector: Inspector, document: Document, project: Path
) -> None:
    inspector.show_path("spotlights[0]")
    editor = inspector.editors["spotlights[0].image"]
    assert isinstance(editor, MediaEditor)
    editor.input.setFocus()
    qtbot.keyClicks(editor.input, "x")  # one key makes the path name nothing
    assert "not found" in editor.problem_text()  # no waiting: checked on the keystroke
    # A file that is there but is no picture: found by decoding, off the UI thread.
    (project.parent / "media" / "broken.jpg").write_bytes(b"not a jpeg at all")
    editor.set_path("media/broken.jpg")
    _wait_previews(qtbot)
    qtbot.waitUntil(lambda: "not an image" in editor.problem_text(), timeout=10_000)
    assert document.get("spotlights[0].image") == "media/broken.jpg"


def test_clips_and_captions_are_editable(
    qtbot, inspector: Inspector, document: Document, project: Path
) -> None:
    inspector.show_path("people[0]")
    start = inspector.editors["people[0].clips[0].start"]
    end = inspector.editors["people[0].clips[0].end"]
    assert isinstance(start, NumberEdit) and isinstance(end, NumberEdit)
    start.setText("1.25")
    start.editingFinished.emit()
    assert document.get("people[0].clips[0].start") == 1.25
    end.setText("")
    end.editingFinished.emit()
    assert document.get("people[0].clips[0].end") is None  # to the end of the file
    inspector.editors["people[0].clips[0].audio"].setChecked(True)
    assert document.get("people[0].clips[0].audio") is True
    clips = inspector.editors["people[0].clips"]
    assert isinstance(clips, MediaListEditor) and clips.kind == "video"
    clips.add_files([project.parent / "media" / "clip-cairo-runners.mp4"])
    assert document.get("people[0].clips")[1]["path"] == "media/clip-cairo-runners.mp4"
    assert len(document.campaign.people[0].clips) == 2
    qtbot.waitUntil(lambda: len(inspector.editors["people[0].clips"].rows) == 2)
    inspector.editors["people[0].clips"].remove(0)
    assert len(document.campaign.people[0].clips) == 1
    # Captions of a person who has none yet: the captions object is made around the file.
    inspector.show_path("people[1]")
    editor = inspector.editors["people[1].captions.en"]
    assert document.get("people[1].captions") is None
    editor.set_path("captions/hala-ar.srt")
    assert document.get("people[1].captions.en") == "captions/hala-ar.srt"


def test_photo_rows_reorder_and_keep_their_other_fields(
    qtbot, inspector: Inspector, document: Document
) -> None:
    inspector.show_path("people[0]")
    photos = inspector.editors["people[0].media"]
    first, second = document.get("people[0].media")
    assert isinstance(first, str) and second["motion"] == "pan-left"
    photos.move_item(1, 0)
    assert document.get("people[0].media") == [second, first]
    qtbot.waitUntil(lambda: "people[0].media[0].path" in inspector.editors)
    inspector.editors["people[0].media[0].path"].set_path("media/ibrahim-2.jpg")
    assert document.get("people[0].media[0]") == {"path": "media/ibrahim-2.jpg", "motion": "pan-left"}
    inspector.editors["people[0].media[1]"].set_path("media/ibrahim-1.jpg")
    assert document.get("people[0].media[1]") == "media/ibrahim-1.jpg"  # a plain path stays plain


# --- typing, undo, numbers --------------------------------------------------------------------


def test_typing_updates_the_document_after_a_pause_without_leaving_the_field(
    qtbot, inspector: Inspector, document: Document
) -> None:
    inspector.show_path("people[0]")
    name = inspector.editors["people[0].name"]
    assert isinstance(name, MultilingualEditor) and isinstance(name.side("en"), QLineEdit)
    name.side("en").setFocus()
    qtbot.keyClicks(name.side("en"), " Jr")
    qtbot.waitUntil(lambda: document.get("people[0].name.en") == "Hala Dahrouge Jr", timeout=3000)
    story = inspector.editors["people[0].story"]
    assert isinstance(story.side("ar"), QPlainTextEdit)
    story.side("ar").setFocus()
    story.side("ar").moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(story.side("ar"), "!")
    qtbot.waitUntil(lambda: document.get("people[0].story.ar").endswith("!"), timeout=3000)
    assert inspector.editors["people[0].story"] is story  # the form was not rebuilt under the cursor


def test_ctrl_z_in_a_text_field_undoes_the_document(qtbot, inspector: Inspector, document: Document) -> None:
    inspector.show_path("people[0]")
    original = document.get("people[0].group.en")
    field = inspector.editors["people[0].group"].side("en")
    field.setFocus()
    qtbot.keyClicks(field, " Beirut")
    qtbot.waitUntil(lambda: document.get("people[0].group.en") == f"{original} Beirut", timeout=3000)
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.get("people[0].group.en") == original
    assert field.text() == original  # put back in place: same field, cursor still in it
    assert inspector.editors["people[0].group"].side("en") is field
    field = inspector.editors["people[0].group"].side("en")
    qtbot.keyClick(
        field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert document.get("people[0].group.en") == f"{original} Beirut"
    # Typing not yet committed is the first thing Ctrl+Z takes back.
    qtbot.waitUntil(lambda: inspector.editors["people[0].group"].side("en").text().endswith("Beirut"))
    field = inspector.editors["people[0].group"].side("en")
    qtbot.keyClicks(field, "!")
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.get("people[0].group.en") == f"{original} Beirut"
    assert document.undo_stack.canRedo()
    field = inspector.editors["people[0].group"].side("en")
    document.set("people[1].members", 1)  # another person: this form is left alone
    qtbot.wait(10)
    assert inspector.editors["people[0].group"].side("en") is field


def test_founded_empty_shows_empty_and_clearing_sets_null(
    qtbot, inspector: Inspector, document: Document
) -> None:
    inspector.show_path("people[0]")
    founded = inspector.editors["people[0].founded"]
    assert isinstance(founded, NumberEdit) and founded.text() == "2019"
    founded.setText("")
    founded.editingFinished.emit()
    assert document.get("people[0].founded") is None
    index = document.add_person()
    inspector.show_path(f"people[{index}]")
    assert inspector.editors[f"people[{index}].founded"].text() == ""  # not 0


def test_letters_in_a_number_field_are_refused_with_a_message(
    qtbot, inspector: Inspector, document: Document
) -> None:
    inspector.show_path("people[0]")
    members = inspector.editors["people[0].members"]
    qtbot.keyClicks(members, "k")
    assert "not a whole number" in inspector.message("people[0].members")
    members.editingFinished.emit()
    assert document.get("people[0].members") == 85000
    assert not document.dirty
    members.setText("٨٦٠٠٠")  # Arabic-Indic digits are digits
    members.editingFinished.emit()
    assert document.get("people[0].members") == 86000
    assert inspector.message("people[0].members") == ""
    inspector.show_path("video")
    crf = inspector.editors["video.encoder.crf"]
    crf.setText("60")
    crf.editingFinished.emit()
    assert document.get("video.encoder.crf") == 21
    assert "at most 51" in inspector.message("video.encoder.crf")


# --- problems, focus ---------------------------------------------------------------------------


def test_problems_panel_lists_problems_and_double_click_goes_to_the_field(qtbot) -> None:
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_problems([Problem("people[1].media[0]", "file not found"), Problem("", "file-level")])
    assert panel.list.topLevelItemCount() == 2
    item = panel.list.topLevelItem(0)
    assert item.text(0) == "people[1].media[0]" and item.text(1) == "file not found"
    rect = panel.list.visualItemRect(item)
    with qtbot.waitSignal(panel.go_to) as signal:
        _double_click(qtbot, panel.list.viewport(), rect.center())
    assert signal.args == ["people[1].media[0]"]


def test_document_problems_follow_edits_and_focus_field_finds_the_editor(
    qtbot, document: Document, inspector: Inspector
) -> None:
    assert document_problems(document) == []
    panel = ProblemsPanel(document)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.checked, timeout=30_000):
        document.set("people[2].voiceover", "media/gone.ogg")
    assert [p.path for p in panel.problems] == ["people[2].voiceover"]
    assert "not found" in panel.problems[0].message
    assert owner_of("people[2].voiceover") == "people[2]"
    assert owner_of("video.encoder.crf") == "video"
    inspector.activateWindow()
    assert inspector.focus_field("people[2].voiceover")
    editor = inspector.editors["people[2].voiceover"]
    qtbot.waitUntil(lambda: editor.input.hasFocus(), timeout=3000)
    assert inspector.focus_field("people[0].quote.en")
    qtbot.waitUntil(lambda: inspector.editors["people[0].quote"].side("en").hasFocus(), timeout=3000)
    assert document_problems(document)[0].path == "people[2].voiceover"


# --- start page, media bin ------------------------------------------------------------------------


def test_start_page_signals(qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    recent = tmp_path / "campaign.json"
    recent.write_text("{}")
    settings.setValue("recent", [str(recent), str(tmp_path / "gone.json")])
    page = StartPage(settings)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.new_requested):
        page.new_button.click()
    with qtbot.waitSignal(page.open_requested):
        page.open_button.click()
    assert page.recent.count() == 2
    rect = page.recent.visualItemRect(page.recent.item(0))
    with qtbot.waitSignal(page.recent_requested) as signal:
        _double_click(qtbot, page.recent.viewport(), rect.center())
    assert signal.args == [recent]


def test_media_bin_lists_project_media_and_drags_urls(qtbot, document: Document, project: Path) -> None:
    root = project.parent
    (root / "out" / "videos").mkdir(parents=True)
    shutil.copyfile(root / "media" / "hala-1.jpg", root / "out" / "videos" / "render.jpg")
    (root / ".hidden").mkdir()
    shutil.copyfile(root / "media" / "hala-1.jpg", root / ".hidden" / "secret.jpg")
    media_bin = MediaBin(document)
    qtbot.addWidget(media_bin)
    media_bin.show()
    qtbot.waitUntil(lambda: media_bin.list.count() > 0, timeout=10_000)
    names = {p.name for p in media_bin.files()}
    assert {"hala-1.jpg", "clip-cairo-runners.mp4", "music.ogg"} <= names
    assert "render.jpg" not in names and "secret.jpg" not in names
    assert "hala-ar.srt" not in names  # captions are not pictures, videos or sounds
    item = next(
        media_bin.list.item(i)
        for i in range(media_bin.list.count())
        if media_bin.list.item(i).text() == "hala-1.jpg"
    )
    mime = media_bin.list.mimeData([item])
    assert [u.toLocalFile() for u in mime.urls()] == [str(root / "media" / "hala-1.jpg")]
    with qtbot.waitSignal(media_bin.add_requested) as signal:
        media_bin.list.itemDoubleClicked.emit(item)
    assert signal.args == [[root / "media" / "hala-1.jpg"]]
    # A new file in the folder shows up (file system watcher).
    shutil.copyfile(root / "media" / "hala-2.jpg", root / "media" / "fresh.jpg")
    qtbot.waitUntil(lambda: "fresh.jpg" in {p.name for p in media_bin.files()}, timeout=10_000)
    # The bin's files go to a person in one undo step (what the window does with add_requested).
    before = document.get("people[1].media")
    add_media_files(document, 1, [root / "media" / "fresh.jpg", root / "media" / "clip-cairo-runners.mp4"])
    assert document.get("people[1].media") == [*before, "media/fresh.jpg"]
    assert [c["path"] for c in document.get("people[1].clips")] == ["media/clip-cairo-runners.mp4"]
    document.undo_stack.undo()
    assert document.get("people[1].media") == before and document.get("people[1].clips") == []
    assert media_bin.wait()


def test_ctrl_z_in_a_media_path_takes_back_the_typing_then_undoes_the_document(
    qtbot, inspector: Inspector, document: Document
) -> None:
    inspector.show_path("brand")
    document.set("brand.logo", "media/hala-1.jpg")
    qtbot.waitUntil(lambda: inspector.editors["brand.logo"].text() == "media/hala-1.jpg")
    editor = inspector.editors["brand.logo"]
    qtbot.keyClicks(editor.input, "zz")
    qtbot.keyClick(editor.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == "media/hala-1.jpg"  # the typing, not the document, went back
    assert document.get("brand.logo") == "media/hala-1.jpg"
    qtbot.keyClick(editor.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.get("brand.logo") == "media/logo.png"
