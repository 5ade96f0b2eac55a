"""Speech to timed words with faster-whisper, cancellable, reporting progress.

The audio is decoded by the project's ffmpeg (imageio-ffmpeg) to 16 kHz mono for the stretch
that plays (a clip's ``start``..``end``), so any container the media checks accept works and
the words' times come back in the file's own seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from ..render.cancel import CancelToken
from .words import Transcript

SAMPLE_RATE = 16_000

Task = Literal["transcribe", "translate"]


def load_audio(
    path: Path, start: float = 0.0, end: float | None = None, cancel: CancelToken | None = None
) -> np.ndarray:
    """``path``'s sound from ``start`` to ``end`` seconds, mono float32 at 16 kHz (silence
    when the file has no sound track: a clip without sound has nothing to say)."""
    raise NotImplementedError


def transcribe(
    path: Path,
    model: Path,
    *,
    start: float = 0.0,
    end: float | None = None,
    language: str | None = None,
    languages: Sequence[str] = (),
    task: Task = "transcribe",
    on_progress: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
) -> Transcript:
    """The speech of ``path`` between ``start`` and ``end`` as timed words (times in the
    file's seconds). ``language`` forces the spoken language; otherwise it is detected, among
    ``languages`` (the campaign's) when given. ``task="translate"`` gives English words.
    ``on_progress`` gets 0..1 as the audio is heard; ``cancel`` stops between segments
    (raising :class:`~takatof.render.video.runner.Cancelled`)."""
    raise NotImplementedError
