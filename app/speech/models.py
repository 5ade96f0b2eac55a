"""Which Whisper model a transcription uses, and where it is on disk.

A setting names a model (``tiny`` … ``large-v3``, any name faster-whisper knows) or a folder
holding a CTranslate2 model. A name not on disk is fetched once through faster-whisper's own
download (Hugging Face), with a progress callback; without a network the error names the
folder to put the model in by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

DEFAULT_MODEL = "small"
"""Base is weak on Arabic; small is the smallest that campaign languages read well with."""

ENV_MODEL = "TAKATOF_WHISPER_MODEL"
"""The user's setting: the model used when neither ``--model`` nor the project names one."""


class SpeechError(Exception):
    """A transcription that cannot run, said for a person: what is missing and the fix."""


def chosen_model(option: str | None, project_setting: str | None) -> str:
    """The model setting in force: ``--model``/the Studio's choice, else the project's
    ``speech.model``, else the user's ``TAKATOF_WHISPER_MODEL``, else :data:`DEFAULT_MODEL`."""
    raise NotImplementedError


def model_folder(
    setting: str, base: Path | None = None, on_progress: Callable[[float], None] | None = None
) -> Path:
    """The folder of the model ``setting`` names: a folder (relative to ``base``, the
    project's folder) as it is; a name from the cache, downloaded there first when missing
    (``on_progress`` gets 0..1). Raises :class:`SpeechError` naming the folder to fill when it
    cannot be had (no network, no faster-whisper, not a model)."""
    raise NotImplementedError
