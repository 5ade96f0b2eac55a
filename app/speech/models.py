"""Which Whisper model a transcription uses, and where it is on disk.

A setting names a model (``tiny`` … ``large-v3``, any name faster-whisper knows) or a folder
holding a CTranslate2 model. A name not on disk is fetched once through faster-whisper's own
download (Hugging Face), with a progress callback; without a network the error names the
folder to put the model in by hand.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..render.video.runner import Cancelled

DEFAULT_MODEL = "small"
"""Base is weak on Arabic; small is the smallest that campaign languages read well with."""

ENV_MODEL = "TAKATOF_WHISPER_MODEL"
"""The user's setting: the model used when neither ``--model`` nor the project names one."""

NEEDED = ("model.bin", "config.json")
"""What a folder must hold to be a CTranslate2 Whisper model."""

INSTALL = "pip install 'takatof[speech]'"

_POLL_S = 0.5
"""How often a download's progress is measured (the bytes written so far)."""


class SpeechError(Exception):
    """A transcription that cannot run, said for a person: what is missing and the fix."""


def chosen_model(option: str | None, project_setting: str | None) -> str:
    """The model setting in force: ``--model``/the Studio's choice, else the project's
    ``speech.model``, else the user's ``TAKATOF_WHISPER_MODEL``, else :data:`DEFAULT_MODEL`."""
    for setting in (option, project_setting, os.environ.get(ENV_MODEL)):
        if setting is not None and setting.strip():
            return setting.strip()
    return DEFAULT_MODEL


def model_folder(
    setting: str, base: Path | None = None, on_progress: Callable[[float], None] | None = None
) -> Path:
    """The folder of the model ``setting`` names: a folder (relative to ``base``, the
    project's folder) as it is; a name from the cache, downloaded there first when missing
    (``on_progress`` gets 0..1). Raises :class:`SpeechError` naming the folder to fill when it
    cannot be had (no network, no faster-whisper, not a model).

    A name is looked for first in :func:`own_folder` (where the offline error tells a person
    to put it), then in faster-whisper's Hugging Face cache, and only then downloaded. An
    existing folder wins over a name: a project may keep its model in ``small/``."""
    require_faster_whisper()
    names = known_names()
    folder = Path(setting).expanduser()
    if not folder.is_absolute() and base is not None:
        folder = base / folder
    if folder.is_dir() or setting not in names:
        if not folder.is_dir():
            raise SpeechError(
                f"speech model {setting!r} is neither a Whisper model name ({', '.join(names)}) "
                f"nor a folder: there is no folder {folder}. Name a model, or a folder holding "
                f"{' and '.join(NEEDED)} (a CTranslate2 Whisper model)"
            )
        return checked_folder(folder)
    own = own_folder(setting)
    if own.is_dir():
        return checked_folder(own)
    return _from_cache(setting, on_progress)


def checked_folder(folder: Path) -> Path:
    """``folder`` when it holds a model, else :class:`SpeechError` saying which files it lacks."""
    lacking = [name for name in NEEDED if not (folder / name).is_file()]
    if lacking:
        raise SpeechError(
            f"the folder {folder} is not a Whisper model: it has no {' and no '.join(lacking)} "
            f"(a CTranslate2 Whisper model folder holds {', '.join(NEEDED)}, tokenizer.json and "
            f"vocabulary.txt, as faster-whisper's models on Hugging Face do)"
        )
    return folder


def require_faster_whisper() -> None:
    """:class:`SpeechError` with the install command when faster-whisper is not installed."""
    if importlib.util.find_spec("faster_whisper") is None:
        raise SpeechError(f"captions from speech need faster-whisper, which is not installed: {INSTALL}")


def known_names() -> tuple[str, ...]:
    """The model names faster-whisper downloads (tiny, base, small, medium, large-v3 …)."""
    from faster_whisper.utils import available_models

    return tuple(available_models())


def repo_of(name: str) -> str:
    """The Hugging Face repository faster-whisper fetches the model ``name`` from."""
    from faster_whisper.utils import _MODELS

    repo: str = _MODELS[name]
    return repo


def own_folder(name: str) -> Path:
    """Where a person may put the model ``name`` by hand (a plain folder, looked in before
    Hugging Face's cache, whose layout is not for hands): ``~/.cache/takatof/whisper/NAME``
    (``$XDG_CACHE_HOME`` where set)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "takatof" / "whisper" / name


def _from_cache(name: str, on_progress: Callable[[float], None] | None) -> Path:
    """The model ``name`` from Hugging Face's cache, downloaded into it first when missing."""
    from faster_whisper.utils import download_model

    try:
        return checked_folder(Path(download_model(name, local_files_only=True)))
    except SpeechError:
        raise
    except Exception:  # not in the cache (huggingface_hub's LocalEntryNotFoundError and kin)
        pass
    try:
        folder = _download(name, on_progress)
    except Cancelled:  # the progress callback stops a download the person cancelled
        raise
    except Exception as error:  # any network, disk or hub failure: the fix is the same
        raise SpeechError(unavailable(name, error)) from error
    return checked_folder(folder)


def unavailable(name: str, error: BaseException) -> str:
    """Why the model ``name`` cannot be had and exactly how to get it by hand."""
    folder = own_folder(name)
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return (
        f"the Whisper model {name!r} is not on this computer and could not be downloaded "
        f"({reason}). Put it in the folder {folder}: on a computer with a network run "
        f"`hf download {repo_of(name)} --local-dir {folder}` (huggingface_hub's command line), "
        f"or download the files of https://huggingface.co/{repo_of(name)} into it; or choose a "
        f"folder holding {' and '.join(NEEDED)} as the model (--model PATH, Folder… in the "
        f"Studio's Transcribe, or the project's speech.model)"
    )


def _download(name: str, on_progress: Callable[[float], None] | None) -> Path:
    """faster-whisper's download of ``name`` into Hugging Face's cache. Its own progress bars
    are off, so the progress is measured: the bytes in the cache's folder for this model
    against the files' sizes the hub gives (unknown sizes: 0 until done, then 1)."""
    from faster_whisper.utils import download_model

    if on_progress is None:
        return Path(download_model(name))
    total = _expected_bytes(name)
    folder = _hub_folder(name)
    done: list[Path] = []
    failure: list[BaseException] = []

    def fetch() -> None:
        try:
            done.append(Path(download_model(name)))
        except BaseException as error:  # handed to the caller's thread
            failure.append(error)

    worker = threading.Thread(target=fetch, name=f"download {name}", daemon=True)
    worker.start()
    on_progress(0.0)
    while worker.is_alive():
        worker.join(_POLL_S)
        if total:
            on_progress(min(0.99, _bytes_in(folder) / total))
    if failure:
        raise failure[0]
    on_progress(1.0)
    return done[0]


def _hub_folder(name: str) -> Path:
    """Hugging Face's cache folder for the model ``name`` (its blobs land there)."""
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE) / f"models--{repo_of(name).replace('/', '--')}"


def _expected_bytes(name: str) -> int:
    """The size of the files faster-whisper fetches for ``name``, 0 when the hub does not say."""
    from huggingface_hub import HfApi

    try:
        info = HfApi().model_info(repo_of(name), files_metadata=True)
    except Exception:  # the download itself will say what is wrong
        return 0
    wanted = ("config.json", "preprocessor_config.json", "model.bin", "tokenizer.json")
    return sum(
        sibling.size or 0
        for sibling in info.siblings or ()
        if sibling.rfilename in wanted or sibling.rfilename.startswith("vocabulary.")
    )


def _bytes_in(folder: Path) -> int:
    """Bytes in the files under ``folder`` now (files may vanish while it is walked)."""
    total = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
        except OSError:
            continue
    return total


_models: dict[Path, Any] = {}
_lock = threading.Lock()


def _load(folder: Path) -> Any:
    """The ``WhisperModel`` of ``folder``, loaded once per process (a load takes seconds and
    hundreds of megabytes): int8 on the CPU, on all its cores."""
    require_faster_whisper()
    key = folder.resolve()
    with _lock:
        model = _models.get(key)
        if model is None:
            from faster_whisper import WhisperModel

            try:
                model = WhisperModel(
                    str(key), device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1
                )
            except Exception as error:  # a damaged or foreign model.bin: say which folder
                raise SpeechError(f"the Whisper model in {key} could not be loaded: {error}") from error
            _models[key] = model
        return model
