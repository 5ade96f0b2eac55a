"""``takatof captions``: real speech (espeak-ng) heard by Whisper base through the command, as
a producer runs it: the files it writes, what the project references, the cue times against
the known onsets, the voice-over's story timed to the voice, and what a bad call, a Ctrl-C
and a SIGTERM leave behind (nothing)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from takatof.cli import main
from takatof.templates.captions import parse_captions
from tests.conftest import EXAMPLE, prune_plan
from tests.conftest_speech import whisper_base  # noqa: F401
from tests.speech import clip, missing, speak, wer

pytestmark = pytest.mark.skipif(missing() is not None, reason=str(missing()))

PHRASES = (
    "Our volunteers cook for three hundred families every week.",
    "The kitchen opens at six in the morning.",
    "Everyone is welcome to help.",
)
PAUSES = (0.6, 1.0, 1.0)
STORY = (
    "Our volunteers cook for three hundred families every week. The kitchen opens at six in the "
    "morning. Everyone is welcome to help."
)
STORY_AR = "يطبخ متطوعونا لثلاثمئة عائلة كل أسبوع. يفتح المطبخ في السادسة صباحًا. الجميع مرحب بهم للمساعدة."


def _project(folder: Path, with_voice: bool = False) -> Path:
    """A copy of the example with one person, Hala, whose one clip says :data:`PHRASES` (and,
    with ``with_voice``, whose voice-over reads them as her English story)."""
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    wav, _, _ = speak(PHRASES, PAUSES)
    media = folder / "media"
    media.mkdir(parents=True)
    for name in ("hala-1.jpg", "hala-2.jpg", "logo.png", "music.ogg"):
        shutil.copyfile(EXAMPLE.parent / "media" / name, media / name)
    clip(media / "talk.mp4", wav)
    hala = next(p for p in data["people"] if p["id"] == "hala")
    hala["clips"] = [{"path": "media/talk.mp4", "audio": True}]
    hala.pop("voiceover", None)
    hala.pop("voiceover_captions", None)  # the example's, timed in a voice-over this copy lacks
    if with_voice:
        shutil.copyfile(wav, media / "voice.wav")
        hala["voiceover"] = "media/voice.wav"
        hala["story"] = {"ar": STORY_AR, "en": STORY}
    data["people"] = [hala]
    data["spotlights"] = [s for s in data.get("spotlights", []) if s.get("person") in (None, "hala")]
    prune_plan(data)
    path = folder / "campaign.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _state(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes: what a cancelled run must leave as it was."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_clip_becomes_its_caption_file(tmp_path: Path, whisper_base: Path, capsys: Any) -> None:  # noqa: F811
    project = _project(tmp_path)
    code = main(["captions", str(project), "--only", "hala", "--model", str(whisper_base), "-q"])
    out = capsys.readouterr().out
    assert code == 0, out
    data = json.loads(project.read_text(encoding="utf-8"))
    files = data["people"][0]["clips"][0]["captions"]
    assert files == {"en": "captions/hala.clip1.en.srt"}, files
    cues = parse_captions((tmp_path / files["en"]).read_text(encoding="utf-8"), "srt")
    _, onsets, ends = speak(PHRASES, PAUSES)
    heard = " ".join(text for _, _, text in cues)
    assert wer(" ".join(PHRASES), heard) <= 0.2, heard
    # A cue per phrase (each ends at a pause of at least 0.6 s), starting within 0.3 s of it.
    assert len(cues) == len(PHRASES), cues
    for (start, end, _), onset, said_end in zip(cues, onsets, ends, strict=True):
        assert abs(start - onset) <= 0.3, (start, onset)
        assert said_end - 0.3 <= end <= said_end + 1.0, (end, said_end)
    assert "heard English" in out and "captions/hala.clip1.en.srt" in out
    # The Arabic side is the team's to type: said, and the story text still makes it.
    assert "Arabic" in out and "type a translation" in out
    assert (tmp_path / "campaign.json.bak").exists()


def test_again_writes_the_same_file_and_changes_nothing(tmp_path: Path, whisper_base: Path) -> None:  # noqa: F811
    project = _project(tmp_path)
    args = ["captions", str(project), "--only", "hala", "--model", str(whisper_base), "-q"]
    assert main(args) == 0
    first = _state(tmp_path)
    assert main(args) == 0
    after = _state(tmp_path)
    assert sorted(p for p in after if p.startswith("captions")) == ["captions/hala.clip1.en.srt"]
    assert after["campaign.json"] == first["campaign.json"]


def test_the_story_is_timed_to_the_voice_over(tmp_path: Path, whisper_base: Path, capsys: Any) -> None:  # noqa: F811
    project = _project(tmp_path, with_voice=True)
    code = main(["captions", str(project), "--only", "hala", "--model", str(whisper_base), "-q"])
    out = capsys.readouterr().out
    assert code == 0, out
    data = json.loads(project.read_text(encoding="utf-8"))
    files = data["people"][0]["voiceover_captions"]
    assert set(files) == {"ar", "en"}, files
    en = parse_captions((tmp_path / files["en"]).read_text(encoding="utf-8"), "srt")
    ar = parse_captions((tmp_path / files["ar"]).read_text(encoding="utf-8"), "srt")
    # The story's own words, not what Whisper heard; the Arabic story beside them, cue for cue.
    assert " ".join(t for _, _, t in en).replace("\u200e", "") == STORY
    assert [(s, e) for s, e, _ in ar] == [(s, e) for s, e, _ in en]
    _, onsets, ends = speak(PHRASES, PAUSES)
    starts = [s for s, _, _ in en]
    for onset in onsets:  # each sentence starts a cue within 0.3 s of when it is said
        assert min(abs(s - onset) for s in starts) <= 0.3, (onset, starts)
    assert abs(en[-1][1] - ends[-1]) <= 0.3
    assert "the story is timed to the voice" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--only", "nobody"], "no person or film 'nobody'"),
        (["--only", "hala", "--model", "/nonexistent/model"], "/nonexistent/model"),
        (["--only", "hala", "--language", "de"], "'de' is not one of the campaign's languages"),
    ],
)
def test_a_bad_call_is_one_line_and_exit_2(
    tmp_path: Path,
    whisper_base: Path,  # noqa: F811
    capsys: Any,
    args: list[str],
    says: str,
) -> None:
    project = _project(tmp_path)
    before = _state(tmp_path)
    full = ["captions", str(project), *args]
    if "--model" not in args:
        full += ["--model", str(whisper_base)]
    assert main([*full, "-q"]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err, err
    assert _state(tmp_path) == before


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_stopped_part_way_nothing_is_written(tmp_path: Path, whisper_base: Path, sig: int) -> None:  # noqa: F811
    """A Ctrl-C or a SIGTERM while Whisper listens: exit 130/143, the project and its folder
    exactly as they were, no caption file, no ffmpeg left running."""
    project = _project(tmp_path, with_voice=True)
    before = _state(tmp_path)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "takatof.cli", "captions", str(project), "--only", "hala"]
    process = subprocess.Popen(
        [*cmd, "--model", str(whisper_base)], stderr=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    # Wait until the first source is being heard (its progress bar is drawn), then stop it.
    assert process.stderr is not None
    seen = b""
    deadline = time.monotonic() + 120
    while b"clip 1" not in seen and time.monotonic() < deadline:
        chunk = os.read(process.stderr.fileno(), 4096)
        if not chunk:
            break
        seen += chunk
    time.sleep(0.5)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + sig, (seen + err).decode()
    assert b"nothing written" in seen + err
    assert _state(tmp_path) == before
