"""Which Whisper model a transcription uses and where it is: the setting's order, folder
checks, a hand-filled folder, the download's measured progress, and the error without a
network (which names the folder and the command), and without faster-whisper."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from takatof.speech import models
from takatof.speech.models import (
    DEFAULT_MODEL,
    ENV_MODEL,
    SpeechError,
    chosen_model,
    model_folder,
    own_folder,
)


@pytest.mark.parametrize(
    ("option", "project", "env", "expected"),
    [
        ("tiny", "base", "medium", "tiny"),
        (None, "base", "medium", "base"),
        (None, None, "medium", "medium"),
        (None, None, None, DEFAULT_MODEL),
        ("", "  ", None, DEFAULT_MODEL),  # blank settings are no setting
        (None, "models/whisper", "medium", "models/whisper"),
        (" small ", None, None, "small"),
    ],
)
def test_chosen_model(
    monkeypatch: pytest.MonkeyPatch, option: str | None, project: str | None, env: str | None, expected: str
) -> None:
    if env is None:
        monkeypatch.delenv(ENV_MODEL, raising=False)
    else:
        monkeypatch.setenv(ENV_MODEL, env)
    assert chosen_model(option, project) == expected


def fake_model(folder: Path, files: tuple[str, ...] = ("model.bin", "config.json")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in files:
        (folder / name).write_bytes(b"{}")
    return folder


def test_a_folder_is_taken_as_it_is(tmp_path: Path) -> None:
    folder = fake_model(tmp_path / "whisper")
    assert model_folder(str(folder)) == folder


def test_a_relative_folder_is_the_project_s(tmp_path: Path) -> None:
    folder = fake_model(tmp_path / "project" / "models" / "small")
    assert model_folder("models/small", base=tmp_path / "project") == folder


def test_a_folder_named_like_a_model_wins(tmp_path: Path) -> None:
    """A project that keeps its model in a folder called "small" means that folder."""
    folder = fake_model(tmp_path / "small")
    assert model_folder("small", base=tmp_path) == folder


@pytest.mark.parametrize(
    ("files", "lacking"),
    [
        (("config.json",), "no model.bin"),
        (("model.bin",), "no config.json"),
        ((), "no model.bin and no config.json"),
    ],
)
def test_a_folder_without_the_model_says_what_is_missing(
    tmp_path: Path, files: tuple[str, ...], lacking: str
) -> None:
    folder = fake_model(tmp_path / "half", files)
    with pytest.raises(SpeechError, match=lacking) as error:
        model_folder(str(folder))
    assert str(folder) in str(error.value)


def test_neither_a_name_nor_a_folder(tmp_path: Path) -> None:
    with pytest.raises(SpeechError) as error:
        model_folder("models/whisper-smal", base=tmp_path)
    message = str(error.value)
    assert "'models/whisper-smal'" in message and "large-v3" in message
    assert str(tmp_path / "models" / "whisper-smal") in message


def test_a_hand_filled_folder_is_used_before_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = fake_model(tmp_path / "takatof" / "whisper" / "small")
    assert own_folder("small") == folder

    def no_download(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("the hand-filled folder must be used")

    monkeypatch.setattr("faster_whisper.utils.download_model", no_download)
    assert model_folder("small") == folder


def test_offline_the_error_names_the_folder_and_the_command(tmp_path: Path) -> None:
    """In a fresh process with an empty Hugging Face cache and the hub offline, as a person
    without a network meets it."""
    env = {
        **os.environ,
        "HF_HOME": str(tmp_path / "hf"),
        "HF_HUB_OFFLINE": "1",
        "XDG_CACHE_HOME": str(tmp_path),
    }
    code = (
        "from takatof.speech.models import model_folder, SpeechError\n"
        "try:\n    model_folder('small')\nexcept SpeechError as error:\n    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    message = result.stdout
    folder = tmp_path / "takatof" / "whisper" / "small"
    assert "'small' is not on this computer" in message
    assert f"Put it in the folder {folder}" in message
    assert f"hf download Systran/faster-whisper-small --local-dir {folder}" in message
    assert "--model PATH" in message and "speech.model" in message


class _Missing(Exception):
    """Stands for huggingface_hub's LocalEntryNotFoundError: not in the cache."""


def test_a_download_reports_measured_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hub's download is replaced by one that writes 4 MB in steps into the cache's folder
    for the model: the progress is the bytes there against the sizes the hub gives."""
    from huggingface_hub import constants

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty"))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setattr(models, "_POLL_S", 0.02)
    size, steps = 4_000_000, 8
    hub = tmp_path / "hub" / "models--Systran--faster-whisper-tiny"
    snapshot = hub / "snapshots" / "abc"

    def download(name: str, local_files_only: bool = False, **kwargs: Any) -> str:
        assert name == "tiny"
        if local_files_only:
            raise _Missing("not cached")
        (hub / "blobs").mkdir(parents=True)
        with (hub / "blobs" / "model.incomplete").open("wb") as out:
            for _ in range(steps):
                out.write(b"\0" * (size // steps))
                out.flush()
                time.sleep(0.06)
        fake_model(snapshot, ("config.json",))
        (hub / "blobs" / "model.incomplete").rename(snapshot / "model.bin")
        return str(snapshot)

    sizes = [
        SimpleNamespace(rfilename="model.bin", size=size),
        SimpleNamespace(rfilename="README.md", size=10**9),
    ]
    monkeypatch.setattr("faster_whisper.utils.download_model", download)
    monkeypatch.setattr(
        "huggingface_hub.HfApi.model_info", lambda self, repo, **kw: SimpleNamespace(siblings=sizes)
    )
    progress: list[float] = []
    assert model_folder("tiny", on_progress=progress.append) == snapshot
    assert progress[0] == 0.0 and progress[-1] == 1.0 and progress == sorted(progress)
    assert len({round(p, 2) for p in progress if 0.05 < p < 0.95}) >= 3, progress  # measured, not faked


def test_a_failed_download_is_a_speech_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def download(name: str, local_files_only: bool = False, **kwargs: Any) -> str:
        raise _Missing("not cached") if local_files_only else ConnectionError("Name or service not known")

    monkeypatch.setattr("faster_whisper.utils.download_model", download)
    monkeypatch.setattr(models, "_expected_bytes", lambda name: 0)
    seen: list[float] = []
    with pytest.raises(SpeechError, match="could not be downloaded \\(Name or service not known\\)"):
        model_folder("base", on_progress=seen.append)
    assert 1.0 not in seen  # a failure is never reported as done


def test_without_faster_whisper(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "faster_whisper", None)  # what an uninstalled package looks like
    for call in (lambda: model_folder("small"), lambda: models._load(fake_model(tmp_path / "m"))):
        with pytest.raises(SpeechError, match=r"pip install 'takatof\[speech\]'"):
            call()


def test_a_damaged_model_names_its_folder(tmp_path: Path) -> None:
    folder = fake_model(tmp_path / "broken")
    with pytest.raises(SpeechError, match=f"the Whisper model in {folder.resolve()} could not be loaded"):
        models._load(folder)


def test_one_model_per_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Loaded once even when two threads ask at once (the Studio and a test, say), on every
    core, int8 on the CPU."""
    made: list[dict[str, Any]] = []

    class Whisper:
        def __init__(self, folder: str, **options: Any) -> None:
            time.sleep(0.1)
            made.append({"folder": folder, **options})

    monkeypatch.setattr("faster_whisper.WhisperModel", Whisper)
    monkeypatch.setattr(models, "_models", {})
    folder = fake_model(tmp_path / "m")
    threads = [threading.Thread(target=models._load, args=(folder,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert models._load(folder) is models._load(tmp_path / "." / "m")
    assert made == [
        {
            "folder": str(folder.resolve()),
            "device": "cpu",
            "compute_type": "int8",
            "cpu_threads": os.cpu_count(),
        }
    ]
