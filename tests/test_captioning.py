"""The one road from heard words to the project's caption files, with a stand-in recogniser
(no model): campaign language tags against Whisper's codes, the notes about the other
languages, and a refused save leaving the folder as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from takatof import captions_cli
from takatof.cli import main
from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.speech import captioning
from takatof.speech.transcribe import _forced
from takatof.speech.words import Transcript, Word

SAID = ("Every", "week", "we", "cook", "for", "our", "neighbours.")


class Heard:
    """Stands in for transcribe(): the words of ``SAID`` in ``language`` (English when asked
    to translate), and what it was asked."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.calls: list[dict[str, Any]] = []

    def __call__(self, path: Path, model: Path, **asked: Any) -> Transcript:
        self.calls.append(asked)
        lang = "en" if asked["task"] == "translate" else self.language
        words = tuple(Word(0.5 + 0.4 * i, 0.8 + 0.4 * i, text) for i, text in enumerate(SAID))
        return Transcript(lang, words, 0.0, 4.0, asked["task"] == "translate")


def _regional(project: Path) -> Path:
    """The example with English as en-IN (every English text moved to the tag)."""
    text = project.read_text(encoding="utf-8").replace('"en":', '"en-IN":')
    data = json.loads(text)
    data["languages"] = ["ar", "en-IN"]
    project.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return project


def test_whispers_codes_become_the_campaigns_tags(project_copy: Path) -> None:
    project = load_project(_regional(project_copy), project_names())
    (source,) = captioning.sources(project, "ibrahim")
    made = captioning.caption(project, source, Path("model"), recognise=Heard("en"))
    assert made.language == "en-IN"
    assert set(made.cues) == {"en-IN"}
    assert made.files == {"en-IN": "captions/ibrahim.clip1.en-IN.srt"}
    arabic = Heard("ar")
    made = captioning.caption(project, source, Path("model"), recognise=arabic)
    assert set(made.cues) == {"ar", "en-IN"}  # the English translation, under the campaign's tag
    assert [call["task"] for call in arabic.calls] == ["transcribe", "translate"]
    assert arabic.calls[1]["language"] == "ar"


def test_a_forced_tag_is_given_to_whisper_as_its_code() -> None:
    class Whisper:
        supported_languages = ("ar", "en", "fr")

    assert _forced(Whisper(), "en-IN") == "en"
    assert _forced(Whisper(), "ar") == "ar"
    with pytest.raises(Exception, match="Whisper does not know the language 'tlh'"):
        _forced(Whisper(), "tlh")


def test_a_language_kept_from_an_earlier_transcript_is_said(project_copy: Path) -> None:
    """Rania's clip has the team's Arabic beside the English: heard again, the English is new
    and the note says the Arabic is kept, to be checked — not that it is missing."""
    project = load_project(project_copy, project_names())
    (source,) = [s for s in captioning.sources(project, "rania") if s.kind == "clip"]
    made = captioning.caption(project, source, Path("model"), recognise=Heard("en"))
    notes = " ".join(made.notes)
    assert "kept captions/rania.clip1.ar.srt" in notes and "check its text and times" in notes
    assert "type a translation" not in notes
    # The team's corrected English differs from what was heard: a new name, never overwritten.
    assert made.files == {"en": "captions/rania.clip1.en-2.srt"}
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    edit = made.edit(data)
    (change,) = edit.changes
    assert change.new == {"ar": "captions/rania.clip1.ar.srt", "en": "captions/rania.clip1.en-2.srt"}


def test_a_wrong_language_is_said_before_any_model_is_looked_for(
    project_copy: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_model(*_: Any, **__: Any) -> Path:
        raise AssertionError("the model was looked for")

    monkeypatch.setattr("takatof.speech.models.model_folder", no_model)
    assert main(["captions", str(project_copy), "--only", "rania", "--language", "de", "-q"]) == 2
    assert "'de' is not one of the campaign's languages" in capsys.readouterr().err


def test_a_refused_save_takes_its_new_files_away(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project file cannot be written (a full disk, say): the caption files this run made
    are removed again, the project and its folder are as they were."""
    project = load_project(project_copy, project_names())
    (source,) = captioning.sources(project, "ibrahim")
    made = captioning.caption(project, source, Path("model"), recognise=Heard("en"))
    before = sorted(p.name for p in (project_copy.parent / "captions").iterdir())
    text = project_copy.read_bytes()

    def full(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("takatof.model.project.save_data", full)
    with pytest.raises(OSError):
        captions_cli.save(project, [made])
    assert sorted(p.name for p in (project_copy.parent / "captions").iterdir()) == before
    assert project_copy.read_bytes() == text


def test_the_same_captions_again_leave_the_file_and_its_backup_alone(project_copy: Path) -> None:
    project = load_project(project_copy, project_names())
    (source,) = captioning.sources(project, "ibrahim")
    made = captioning.caption(project, source, Path("model"), recognise=Heard("en"))
    assert captions_cli.save(project, [made])
    backup = project_copy.with_name("campaign.json.bak")
    saved, kept = project_copy.read_bytes(), backup.read_bytes()
    project = load_project(project_copy, project_names())
    again = captioning.caption(project, source, Path("model"), recognise=Heard("en"))
    assert again.files == made.files
    assert not captions_cli.save(project, [again])
    assert project_copy.read_bytes() == saved and backup.read_bytes() == kept
