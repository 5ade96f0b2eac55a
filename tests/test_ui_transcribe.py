"""The Studio's Transcribe (takatof.ui.transcribe), in the real window offscreen: the action is
on a clip's timeline menu, on the People menu for a voice-over and on a film's row; a run
writes the caption files and references them as one undo; Cancel part-way writes nothing and
changes nothing; a failure is a message box with the text. A fake recogniser and model folder
stand in for Whisper (``captioning.caption`` takes ``recognise=``), except in the last test,
which hears espeak-ng speech with the real base model and checks the Studio's cues equal
``takatof captions``' for the same clip."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPointF, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox, QPushButton

from takatof.model import load_project
from takatof.model.paths import get_at
from takatof.render.batch import project_names
from takatof.render.cancel import CancelToken
from takatof.render.video.runner import Cancelled
from takatof.speech.models import SpeechError
from takatof.speech.words import Transcript, Word
from takatof.templates.captions import parse_captions
from takatof.ui.campaign_outputs import CampaignOutputs
from takatof.ui.document import Document
from takatof.ui.main_window import MainWindow
from takatof.ui.preview import Output
from takatof.ui.transcribe import Transcription, transcriber_for
from takatof.ui.transcribe_dialog import MODEL_KEY, Options, TranscribeDialog
from tests.conftest_speech import whisper_base  # noqa: F401

pytestmark = pytest.mark.usefixtures("studio_isolation")

HALA, IBRAHIM = 0, 3  # the example's person with a voice-over; the one with a clip
CLIP = "people[3].clips[0]"
SAID = ("Hello", "from", "the", "Cairo", "runners.")


def words(start: float, texts: tuple[str, ...] = SAID, step: float = 0.4) -> tuple[Word, ...]:
    """``texts`` as words ``step`` seconds apart from ``start`` (each 0.3 s long)."""
    return tuple(Word(start + i * step, start + i * step + 0.3, t) for i, t in enumerate(texts))


class FakeWhisper:
    """Stands in for :func:`takatof.speech.transcribe.transcribe`: hears ``texts`` at the
    stretch asked (in ``language``), reports progress, and records each call."""

    def __init__(self, language: str = "en", texts: tuple[str, ...] = SAID) -> None:
        self.language, self.texts = language, texts
        self.calls: list[dict[str, Any]] = []

    def __call__(self, path: Path, model: Path, **asked: Any) -> Transcript:
        self.calls.append({"path": path, "model": model, **asked})
        if asked.get("on_progress"):
            asked["on_progress"](0.5)
        start = float(asked.get("start") or 0.0)
        lang = "en" if asked.get("task") == "translate" else self.language
        heard = words(start + 0.2, self.texts)
        if asked.get("on_progress"):
            asked["on_progress"](1.0)
        return Transcript(lang, heard, start, heard[-1].end + 0.5, asked.get("task") == "translate")


class FakeModels:
    """Stands in for :func:`takatof.speech.models.model_folder`: records the setting asked."""

    def __init__(self, folder: Path, error: str | None = None) -> None:
        self.folder, self.error = folder, error
        self.asked: list[tuple[str, Path | None]] = []

    def __call__(self, setting: str, base: Path | None = None, on_progress: Any = None) -> Path:
        self.asked.append((setting, base))
        if self.error is not None:
            raise SpeechError(self.error)
        if on_progress is not None:
            on_progress(1.0)
        return self.folder


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, project_copy: Path) -> MainWindow:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    # The film's own footage: the clip in two stretches, transcribed one after the other.
    data["outputs"]["films"][0]["clips"] = [
        {"path": "media/clip-cairo-runners.mp4", "end": 2.0},
        {"path": "media/clip-cairo-runners.mp4", "start": 2.0},
    ]
    project_copy.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Document(load_project(project_copy, project_names())), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def faked(
    window: MainWindow, whisper: Any, models: FakeModels, options: Options | None = None
) -> Transcription:
    """The window's Transcription with the dialog answered by ``options`` and no real model."""
    transcription = transcriber_for(window)
    transcription.ask = lambda *_: options or Options("base")
    transcription.recognise = whisper
    transcription.model_folder = models
    return transcription


def action(menu: QMenu, name: str) -> QAction:
    found = next((a for a in menu.actions() if a.objectName() == name), None)
    assert found is not None, f"no action {name} in {[a.objectName() for a in menu.actions()]}"
    return found


def menu_action(window: MainWindow, menu_text: str, text: str) -> QAction:
    """An action of the window's menu bar by its English text (the interface is English)."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == menu_text)
    return next(a for a in menu.actions() if a.text() == text)


def run(qtbot: Any, transcription: Transcription, start: Callable[[], object]) -> list[str]:
    """Start a transcription and wait for what it told."""
    with qtbot.waitSignal(transcription.finished, timeout=30_000) as told:
        start()
    lines: list[str] = told.args[0]
    return lines


def written_at(document: Document, path: str) -> Any:
    """The value at ``path`` as the file writes it (no defaults filled in)."""
    return get_at(document.data(), path)


def listing(project: Path) -> set[str]:
    """The caption files beside ``project`` (the example ships some)."""
    folder = project.parent / "captions"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def srt(project: Path, name: str) -> list[tuple[float, float, str]]:
    return parse_captions((project.parent / name).read_text(encoding="utf-8"), "srt")


def test_a_clips_menu_transcribes_it_into_a_file_the_project_references_and_undo_takes_it_back(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    whisper, models = FakeWhisper(), FakeModels(tmp_path / "model")
    transcription = faked(window, whisper, models)
    document = window.document
    before = document.data()
    told = run(qtbot, transcription, action(window.timeline.editing.block_menu(CLIP), "transcribe").trigger)

    captions = written_at(document, f"{CLIP}.captions")
    assert captions == {"en": "captions/ibrahim.clip1.en.srt"}
    cues = srt(document.path, captions["en"])
    assert " ".join(text for _, _, text in cues).split() == list(SAID)
    # The clip plays 0.5..5.5 s of its file: that stretch is heard, and cues are timed in the file.
    assert cues[0][0] == pytest.approx(0.5 + 0.2, abs=0.01)
    # The model asked for is the dialog's, found relative to the project; the clip's stretch heard.
    assert models.asked == [("base", document.path.parent)]
    (call,) = whisper.calls  # English heard: no translation asked
    assert call["path"] == document.project().resolve("media/clip-cairo-runners.mp4")
    assert call["model"] == tmp_path / "model" and call["languages"] == ("ar", "en")
    assert (call["start"], call["end"], call["task"]) == (0.5, 5.5, "transcribe")
    assert any("captions/ibrahim.clip1.en.srt" in line for line in told)
    assert any("Arabic" in line for line in told)  # the note: type the other language's captions
    assert "captions/ibrahim.clip1.en.srt" in window.statusBar().currentMessage()

    document.undo_stack.undo()
    assert document.data() == before
    assert (document.path.parent / captions["en"]).is_file()  # kept, so redo finds it
    document.undo_stack.redo()
    assert written_at(document, f"{CLIP}.captions") == captions


def test_the_people_menu_transcribes_the_voice_over_and_times_the_story_to_it(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    story = window.document.campaign.people[HALA].story.get("en")
    whisper = FakeWhisper("en", tuple(story.split()))
    transcription = faked(window, whisper, FakeModels(tmp_path / "model"), Options("base", "en"))
    before = written_at(window.document, f"people[{HALA}]").get("voiceover_captions")
    window.tree.select(f"people[{HALA}]")
    run(qtbot, transcription, menu_action(window, "&People", "Transcribe &voice-over…").trigger)

    files = written_at(window.document, f"people[{HALA}].voiceover_captions")
    assert set(files) == {"ar", "en"}  # the story's own captions, both languages, timed to the voice
    english = srt(window.document.path, files["en"])
    assert " ".join(t for _, _, t in english).split() == story.split()
    assert english[0][0] == pytest.approx(0.2, abs=0.3)
    assert whisper.calls[0]["language"] == "en"
    window.document.undo_stack.undo()
    assert written_at(window.document, f"people[{HALA}]").get("voiceover_captions") == before


def test_the_voice_overs_bar_on_the_timeline_offers_transcribe(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """Right-click on the voice-over's bar: its menu transcribes the voice-over (the bar is
    found where it is drawn; elsewhere on its row, and with no voice-over, there is no menu)."""
    panel = window.timeline
    window.tree.select(f"people[{HALA}]", Output("video", "story", "instagram-story"))
    qtbot.waitUntil(lambda: panel.person_index == HALA and panel.summary is not None, timeout=60_000)
    panel.wait_idle()
    view = panel.view
    voice = next(a for a in panel.summary.audio if a.kind == "voiceover")
    top, height = view.row_box("voiceover")
    middle = float(voice.start_s) + float(voice.duration_s) / 2
    assert view.hit_voiceover(QPointF(view.x_of(middle), top + height / 2))
    assert not view.hit_voiceover(QPointF(view.x_of(middle), top - 5))
    after = float(voice.start_s) + float(voice.duration_s) + 2
    assert not view.hit_voiceover(QPointF(view.x_of(after), top + height / 2))

    story_text = window.document.campaign.people[HALA].story.get("en")
    whisper = FakeWhisper("en", tuple(story_text.split()))
    transcription = faked(window, whisper, FakeModels(tmp_path / "model"), Options("base", "en"))
    menu = panel.editing.voiceover_menu()
    assert menu is not None
    run(qtbot, transcription, action(menu, "transcribe").trigger)
    assert whisper.calls[0]["path"] == window.document.project().resolve("media/voiceover-hala.ogg")
    assert set(written_at(window.document, f"people[{HALA}].voiceover_captions")) == {"ar", "en"}


def test_a_films_row_transcribes_its_clips_one_after_another_as_one_undo(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    whisper = FakeWhisper("ar", ("مرحبا", "من", "القاهرة"))
    host = QMainWindow(window)  # the outputs panel, in a window of the Studio's
    outputs = CampaignOutputs(window.document)
    host.setCentralWidget(outputs)
    (row,) = outputs.rows["films"]
    button = row.findChild(QPushButton, "filmTranscribe")
    assert button is not None
    transcription = faked(host, whisper, FakeModels(tmp_path / "model"))
    document = window.document
    depth = document.undo_stack.count()
    run(qtbot, transcription, button.click)

    first, second = (written_at(document, f"outputs.films[0].clips[{i}].captions") for i in (0, 1))
    assert first == {"ar": "captions/film.clip1.ar.srt", "en": "captions/film.clip1.en.srt"}
    assert second == {"ar": "captions/film.clip2.ar.srt", "en": "captions/film.clip2.en.srt"}
    # Arabic heard, then English from the translation; each clip heard in its own stretch.
    assert [(c["task"], c["start"], c["end"]) for c in whisper.calls] == [
        ("transcribe", 0.0, 2.0), ("translate", 0.0, 2.0), ("transcribe", 2.0, None), ("translate", 2.0, None),
    ]  # fmt: skip
    assert srt(document.path, second["ar"])[0][0] == pytest.approx(2.2, abs=0.01)
    assert document.undo_stack.count() == depth + 1
    document.undo_stack.undo()
    assert all("captions" not in written_at(document, f"outputs.films[0].clips[{i}]") for i in (0, 1))


def test_the_media_bins_menu_transcribes_every_clip_and_voice_over_that_plays_a_file(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    whisper = FakeWhisper()
    transcription = faked(window, whisper, FakeModels(tmp_path / "model"))
    media = window.document.path.parent / "media"
    assert not action(window.media_bin.menu_for([media / "hala-1.jpg"]), "transcribe").isEnabled()
    assert action(window.media_bin.menu_for([media / "voiceover-hala.ogg"]), "transcribe").isEnabled()
    menu = window.media_bin.menu_for([media / "clip-cairo-runners.mp4"])
    run(qtbot, transcription, action(menu, "transcribe").trigger)
    # Ibrahim's clip, and the film's own footage cut from the same file: each in its own stretch.
    assert [(c["start"], c["end"]) for c in whisper.calls] == [(0.5, 5.5), (0.0, 2.0), (2.0, None)]
    assert written_at(window.document, f"{CLIP}.captions") == {"en": "captions/ibrahim.clip1.en.srt"}
    assert written_at(window.document, "outputs.films[0].clips[1].captions") == {
        "en": "captions/film.clip2.en.srt"
    }
    window.document.undo_stack.undo()  # all three at once
    assert "captions" not in written_at(window.document, CLIP)
    assert "captions" not in written_at(window.document, "outputs.films[0].clips[0]")


def test_a_clip_with_no_speech_is_told_and_gets_no_reference(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    speaking = FakeWhisper()

    def whisper(path: Path, model: Path, **asked: Any) -> Transcript:
        if asked["start"] == 2.0:  # the film's second stretch: silence
            return Transcript("en", (), 2.0, 10.0)
        return speaking(path, model, **asked)

    transcription = faked(window, whisper, FakeModels(tmp_path / "model"))
    document = window.document
    depth, files = document.undo_stack.count(), listing(document.path)
    told = run(qtbot, transcription, lambda: transcription.transcribe_only(document, "film"))
    assert written_at(document, "outputs.films[0].clips[0].captions") == {"en": "captions/film.clip1.en.srt"}
    assert "captions" not in written_at(document, "outputs.films[0].clips[1]")
    assert any(line.startswith("film film's clip 2") and "no speech heard" in line for line in told)
    assert document.undo_stack.count() == depth + 1
    assert listing(document.path) - files == {"film.clip1.en.srt"}


def test_cancel_part_way_writes_nothing_and_changes_nothing(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """The film's second clip is cancelled while it is heard: the first's cues, already made,
    are not written either, and the project is as it was."""
    heard_first = FakeWhisper()
    hearing = threading.Event()

    def whisper(path: Path, model: Path, **asked: Any) -> Transcript:
        if asked["start"] == 0.0:
            return heard_first(path, model, **asked)
        asked["on_progress"](0.3)
        hearing.set()
        cancel: CancelToken = asked["cancel"]
        deadline = time.monotonic() + 20
        while not cancel.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        raise Cancelled("cancelled")

    transcription = faked(window, whisper, FakeModels(tmp_path / "model"))
    document = window.document
    before, depth, files = document.data(), document.undo_stack.count(), listing(document.path)
    with qtbot.waitSignal(transcription.finished, timeout=30_000) as told:
        assert transcription.transcribe_only(document, "film")
        qtbot.waitUntil(hearing.is_set, timeout=10_000)
        dialog = transcription.progress
        assert dialog is not None
        qtbot.waitUntil(lambda: "2 of 2" in dialog.labelText(), timeout=10_000)
        assert 500 <= dialog.value() < 1000
        dialog.findChild(QPushButton).click()  # its Cancel
    assert told.args == [[]]
    assert not transcription.running and transcription.progress is None
    assert document.data() == before and document.undo_stack.count() == depth
    assert listing(document.path) == files
    assert "nothing was written" in window.statusBar().currentMessage()


def test_errors_are_a_message_box_with_the_text(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    message = "the model base is not on this computer: put it in /somewhere/base"
    transcription = faked(window, FakeWhisper(), FakeModels(tmp_path / "model", error=message))
    before = window.document.data()
    with qtbot.waitSignal(transcription.failed, timeout=30_000) as told:
        window.timeline.editing.transcribe(CLIP)
    assert told.args == [message]
    box = transcription.error_box
    assert box is not None and box.isVisible() and box.text() == message
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()
    assert window.document.data() == before and not transcription.running

    def no_whisper(*_: Any, **__: Any) -> Transcript:
        raise ModuleNotFoundError("No module named 'faster_whisper'", name="faster_whisper")

    transcription.model_folder = FakeModels(tmp_path / "model")
    transcription.recognise = no_whisper
    with qtbot.waitSignal(transcription.failed, timeout=30_000) as told:
        window.timeline.editing.transcribe(CLIP)
    assert (
        "faster_whisper is not installed" in told.args[0] and "pip install 'takatof[speech]'" in told.args[0]
    )
    assert "Traceback" not in transcription.error_box.text()
    # A clip that is not there is told, not raised.
    with qtbot.waitSignal(transcription.failed, timeout=5_000) as told:
        assert not transcription.transcribe_at(window.document, ["people[3].clips[7]"])
    assert "people[3].clips[7]" in told.args[0]
    assert window.document.data() == before


def test_a_clip_changed_while_it_was_heard_gets_no_captions(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    from takatof.edit.edits import trim_clip

    release = threading.Event()
    fake = FakeWhisper()

    def whisper(path: Path, model: Path, **asked: Any) -> Transcript:
        release.wait(20)
        return fake(path, model, **asked)

    transcription = faked(window, whisper, FakeModels(tmp_path / "model"))
    document = window.document
    with qtbot.waitSignal(transcription.failed, timeout=30_000) as told:
        assert transcription.transcribe_at(document, [CLIP])
        document.apply(trim_clip(document.data(), CLIP, "end", 1.5))
        release.set()
    assert CLIP in told.args[0] and "transcribe again" in told.args[0]
    assert "captions" not in written_at(document, CLIP)


def test_a_transcription_of_a_project_closed_meanwhile_writes_nothing(
    qtbot: Any, window: MainWindow, tmp_path: Path, project_copy: Path
) -> None:
    release = threading.Event()
    fake = FakeWhisper()

    def whisper(path: Path, model: Path, **asked: Any) -> Transcript:
        release.wait(20)
        return fake(path, model, **asked)

    transcription = faked(window, whisper, FakeModels(tmp_path / "model"))
    first = window.document
    other = tmp_path / "other"
    shutil.copytree(project_copy.parent, other)
    files = listing(project_copy)
    with qtbot.waitSignal(transcription.finished, timeout=30_000) as told:
        assert transcription.transcribe_at(first, [CLIP])
        window.set_document(Document(load_project(other / "campaign.json", project_names())))
        release.set()
    assert "nothing was written" in told.args[0][0]
    assert "captions" not in written_at(first, CLIP) and "captions" not in written_at(window.document, CLIP)
    assert listing(project_copy) == files == listing(other / "campaign.json")


def test_the_dialog_offers_the_models_languages_and_remembers_the_choice(qtbot: Any, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = TranscribeDialog(None, settings, ["hala's voice-over"], ("ar", "en"), "tiny", voiceover=True)
    qtbot.addWidget(dialog)
    assert dialog.model.currentText() == "tiny"  # the project's speech.model
    assert [dialog.model.itemText(i) for i in range(dialog.model.count())][:5] == [
        "tiny", "base", "small", "medium", "large-v3",
    ]  # fmt: skip
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == [None, "ar", "en"]
    assert not dialog.translate.isHidden() and not dialog.align.isHidden()
    dialog.model.setCurrentText("small")
    dialog.language.setCurrentIndex(1)
    dialog.align.setChecked(False)
    assert dialog.options() == Options("small", "ar", translate=True, align_story=False)
    dialog.accept()
    assert settings.value(MODEL_KEY) == "small"
    again = TranscribeDialog(None, settings, ["a clip"], ("ar",), "tiny", voiceover=False)
    qtbot.addWidget(again)
    assert again.model.currentText() == "small"  # the last choice, over the project's
    assert again.translate.isHidden() and again.align.isHidden()  # no English; no voice-over
    assert again.options() == Options("small", None, translate=False, align_story=False)


def test_the_dialog_asked_is_the_sources_and_its_choice_is_what_runs(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real dialog (its exec answered): offered for the voice-over with the project's
    model, and what it says is what is heard; a dialog cancelled starts nothing."""
    shown: list[TranscribeDialog] = []

    def answer(accepted: bool) -> Callable[[TranscribeDialog], int]:
        def exec_(dialog: TranscribeDialog) -> int:
            shown.append(dialog)
            dialog.language.setCurrentIndex(dialog.language.findData("en"))
            code = QDialog.DialogCode.Accepted if accepted else QDialog.DialogCode.Rejected
            return int(code.value)

        return exec_

    whisper, models = FakeWhisper("en", ("Hello",)), FakeModels(tmp_path / "model")
    transcription = transcriber_for(window)
    transcription.recognise, transcription.model_folder = whisper, models
    window.document.set("speech", {"model": "tiny"})
    monkeypatch.setattr(TranscribeDialog, "exec", answer(False))
    assert not transcription.transcribe_at(window.document, [f"people[{HALA}].voiceover"])
    assert not transcription.running and not whisper.calls
    monkeypatch.setattr(TranscribeDialog, "exec", answer(True))
    run(
        qtbot,
        transcription,
        lambda: transcription.transcribe_at(window.document, [f"people[{HALA}].voiceover"]),
    )
    dialog = shown[-1]
    assert dialog.model.currentText() == "tiny" and not dialog.align.isHidden()
    assert models.asked == [("tiny", window.document.path.parent)]
    assert whisper.calls[0]["language"] == "en"


def test_every_string_of_transcribe_has_arabic() -> None:
    from takatof.ui import transcribe, transcribe_dialog
    from takatof.ui.i18n import arabic_table

    table = arabic_table()
    strings = {
        text
        for module in (transcribe, transcribe_dialog)
        for text in re.findall(r'self\.tr\(\s*"([^"]+)"', Path(module.__file__).read_text(encoding="utf-8"))
    }
    strings |= {"Transcribe clips and voice-over…", "Transcribe &voice-over…", "Select a person first."}
    assert len(strings) >= 20
    assert not sorted(s for s in strings if s not in table)
    assert all(re.search("[\u0600-\u06ff]", table[s]) for s in strings)


# -- the real model --------------------------------------------------------------------------------


def test_the_studios_cues_equal_takatof_captions_for_the_same_clip(
    qtbot: Any,
    tmp_path: Path,
    project_copy: Path,
    whisper_base: Path,  # noqa: F811
) -> None:
    from tests import speech
    from tests.conftest import prune_plan

    reason = speech.missing()
    if reason is not None:
        pytest.skip(reason)
    wav, _, _ = speech.speak(["Community stories from Cairo.", "The runners meet every morning."], [0.4, 0.6])
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["people"] = [p for p in data["people"] if p["id"] == "ibrahim"]
    data["spotlights"] = [s for s in data.get("spotlights", []) if s.get("person") in (None, "ibrahim")]
    prune_plan(data)
    data["people"][0]["clips"] = [{"path": "media/talk.mp4"}]
    project_copy.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    speech.clip(project_copy.parent / "media" / "talk.mp4", wav)
    cli_copy = tmp_path / "cli"
    shutil.copytree(project_copy.parent, cli_copy)

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Document(load_project(project_copy, project_names())), settings)
    qtbot.addWidget(win)
    transcription = transcriber_for(win)
    transcription.ask = lambda *_: Options(str(whisper_base))
    with qtbot.waitSignal(transcription.finished, timeout=300_000) as told:
        win.timeline.editing.transcribe("people[0].clips[0]")
    assert told.args[0]
    studio = written_at(win.document, "people[0].clips[0].captions")
    assert set(studio) == {"en"}

    from takatof.cli import main

    assert (
        main(
            [
                "captions",
                str(cli_copy / "campaign.json"),
                "--only",
                "ibrahim",
                "--model",
                str(whisper_base),
                "-q",
            ]
        )
        == 0
    )
    saved = json.loads((cli_copy / "campaign.json").read_text(encoding="utf-8"))
    cli = saved["people"][0]["clips"][0]["captions"]
    assert cli == studio
    studio_cues = srt(project_copy, studio["en"])
    assert studio_cues == srt(cli_copy / "campaign.json", cli["en"])
    assert (
        speech.wer(
            "Community stories from Cairo. The runners meet every morning.",
            " ".join(t for _, _, t in studio_cues),
        )
        <= 0.3
    )
