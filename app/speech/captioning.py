"""A media file's speech made into the project's caption files: the one road the CLI's
``takatof captions`` and the Studio's Transcribe both take, so they give the same cues.

Three steps, so nothing is half-written: :func:`caption` hears the speech and makes the cues
(cancellable; writes nothing), :func:`write_files` writes the SRT files beside the project
(each atomically, under names no other file has, so an undo that points back at the old
files finds them as they were), and :meth:`Captioned.edit` is the project change that
references them (the CLI saves it, the Studio pushes it on the undo stack).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..edit.edits import Edit
from ..model import Project
from ..render.cancel import CancelToken
from .transcribe import transcribe
from .words import Transcript

SourceKind = Literal["clip", "voiceover"]

Recognise = Callable[..., Transcript]
""":func:`~takatof.speech.transcribe.transcribe`'s signature (tests pass a fake)."""


@dataclass(frozen=True)
class Source:
    """One media file whose speech can become captions: a person's clip or voice-over, or a
    campaign film's clip. ``where`` is its JSON path (``people[0].clips[1]``,
    ``people[0].voiceover``, ``outputs.films[0].clips[0]``); ``start``/``end`` the stretch
    that plays (a clip's trim); ``story`` the texts a voice-over may be reading (the
    person's story per language), else empty."""

    kind: SourceKind
    where: str
    path: Path
    start: float
    end: float | None
    label: str
    story: dict[str, str] = field(default_factory=dict)

    @property
    def field(self) -> str:
        """The JSON path of its caption files (``people[0].clips[1].captions``)."""
        return f"{self.where}.captions" if self.kind == "clip" else f"{self.where}_captions"


@dataclass(frozen=True)
class Captioned:
    """The cues made from one source, per language: ``(start, end, text)`` in the file's
    seconds; ``files`` the names they are written under (relative to the project, as the
    project writes them); ``notes`` what a person should know (the language heard, a stretch
    timed by reading speed, a language left to the story text)."""

    source: Source
    language: str
    cues: dict[str, list[tuple[float, float, str]]]
    files: dict[str, str]
    notes: tuple[str, ...] = ()
    aligned: bool = False

    def edit(self, data: Any) -> Edit:
        """The project change that references the files (the other languages' files of the
        source are kept)."""
        raise NotImplementedError


def sources(project: Project, only: str) -> list[Source]:
    """What ``only`` (a person's id, or a film output's id) has that can be transcribed, in
    project order: a person's clips and voice-over; a film's clips (a person's film: that
    person's clips). Raises :class:`~takatof.speech.models.SpeechError` for an unknown id or
    one with nothing to hear."""
    raise NotImplementedError


def source_at(project: Project, where: str) -> Source:
    """The source at one JSON path (the Studio's Transcribe on one clip or voice-over)."""
    raise NotImplementedError


def caption(
    project: Project,
    source: Source,
    model: Path,
    *,
    language: str | None = None,
    translate: bool = True,
    align_story: bool = True,
    on_progress: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
    recognise: Recognise = transcribe,
) -> Captioned:
    """Hear ``source`` and make its cues: in the spoken language (``language``, else detected
    among the campaign's), in English from Whisper's translation when ``translate`` and the
    campaign has English and the speech is not English, and, for a voice-over that reads the
    person's story (``align_story``), the story's own captions in each language timed to the
    voice. Writes nothing."""
    raise NotImplementedError


def write_files(project: Project, captioned: Captioned) -> None:
    """Write ``captioned``'s SRT files beside the project (atomically, each or none)."""
    raise NotImplementedError


def languages_of(project: Project) -> Sequence[str]:
    """The campaign's languages: what speech is detected among."""
    return tuple(project.campaign.languages)
