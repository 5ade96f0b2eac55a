"""Speech captions on a video's timeline: what a clip or a voice-over says, from caption files
timed in that media file (``Clip.captions``, ``Person.voiceover_captions``), placed where the
file plays.

A clip's file is timed in the clip (seconds into it, as its ``start`` and ``end`` are), so the
same file is right in a story video (after the title and photos), in a film (from 0) and when
photos before the clip are added or lengthened: each cue moves by where the clip plays, and
only what falls inside its trimmed part is shown, cut to that part. A voice-over's cues move
by where the voice starts and end with it. A cue cut to less than
:data:`SHORTEST_SPEECH_CUE_S` is left out: a flash, not a caption.

Each cue keeps the JSON path of the field that names its file
(``people[0].clips[1].captions``), so a problem with its text (an overflow) is told at the
file, not at the story it replaced.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ..model.problems import file_kind
from .captions import merge_languages, parse_captions
from .timeline import Clip, Cue, Segment

Timed = list[tuple[float, float, str]]
"""(start, end, text) of each cue of one language's file."""
Tagged = list[tuple[float, float, str, str]]
"""(start, end, text, JSON path of where it comes from) on a video's timeline."""

SHORTEST_SPEECH_CUE_S = 0.3
"""A speech cue cut to less than this by its clip's trim or the voice's end is left out."""


class CaptionFileError(ValueError):
    """A caption file that cannot be read or parsed, with the JSON path of the field that
    names it (``people[0].clips[1].captions.en``): a render's check tells the problem there,
    not at the person's own caption files."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where


def read_caption_file(path: Path, name: str, where: str) -> Timed:
    """The cues of the SRT or WebVTT file at ``path`` (written ``name`` in the project, at
    JSON path ``where``). CaptionFileError, at ``where``, for a file that is not a regular
    one (a named pipe would block the read for ever), cannot be read or does not parse."""
    kind = "vtt" if path.suffix.lower() == ".vtt" else "srt"
    try:
        other = file_kind(os.stat(path).st_mode)
        if other is not None:
            raise CaptionFileError(
                where, f"{name!r} is not a regular file ({other}); give an .srt or .vtt file"
            )
        return parse_captions(path.read_text(encoding="utf-8-sig"), kind)
    except CaptionFileError:
        raise
    except OSError as exc:  # missing, unreadable
        raise CaptionFileError(
            where, f"{name!r}: cannot be read ({exc.strerror or exc}); give an .srt or .vtt file"
        ) from None
    except ValueError as exc:  # malformed, or not UTF-8
        raise CaptionFileError(
            where,
            f"{name!r}: not a valid {kind.upper()} file ({exc}); correct it, or give another .srt or .vtt file",
        ) from None


def placed(
    cues: Iterable[tuple[float, float, str]], start: float, end: float, shift: float, where: str
) -> Tagged:
    """The cues that fall in ``start``..``end`` of their file (cut to it), moved by ``shift``
    seconds onto the video's timeline, each tagged ``where``; one cut shorter than
    :data:`SHORTEST_SPEECH_CUE_S` (or empty) is left out."""
    out: Tagged = []
    for s, e, text in cues:
        a, b = max(s, start), min(e, end)
        if b - a >= SHORTEST_SPEECH_CUE_S - 1e-9 and text:
            out.append((round(a + shift, 3), round(b + shift, 3), text, where))
    return out


def speaks(captions: Mapping[str, Timed], start: float, duration: float) -> bool:
    """Whether a clip trimmed to ``start``..``start + duration`` shows any of its captions."""
    return any(placed(cues, start, start + duration, 0.0, "") for cues in captions.values())


def clip_tracks(
    captions: Mapping[str, Mapping[str, Timed]], media: Sequence[Segment], starts: Sequence[float]
) -> dict[str, Tagged]:
    """Each language's cues of the clips among ``media`` (playing from ``starts``), by
    language: ``captions`` holds each clip's files by the clip's JSON path (its segment's
    ``source``); the cues are tagged ``<clip>.captions``."""
    tracks: dict[str, Tagged] = {}
    for segment, at in zip(media, starts, strict=True):
        if not isinstance(segment, Clip):
            continue
        for lang, cues in captions.get(segment.source, {}).items():
            end = segment.start + segment.duration
            tracks.setdefault(lang, []).extend(
                placed(cues, segment.start, end, at - segment.start, f"{segment.source}.captions")
            )
    return {lang: cues for lang, cues in tracks.items() if cues}


def first_speaking(media: Sequence[Segment], starts: Sequence[float], speaking: set[str]) -> float | None:
    """Where the first clip whose JSON path is in ``speaking`` starts on the timeline (its cut
    in included), or None when none of them plays."""
    return next(
        (at for m, at in zip(media, starts, strict=True) if isinstance(m, Clip) and m.source in speaking),
        None,
    )


def voice_tracks(captions: Mapping[str, Timed], at: float, length: float, where: str) -> dict[str, Tagged]:
    """The voice-over's cues by language, moved to where it starts (``at``) and cut to its
    ``length`` seconds, tagged ``where`` (``people[0].voiceover_captions``)."""
    tracks = {lang: placed(cues, 0.0, length, at, where) for lang, cues in captions.items()}
    return {lang: cues for lang, cues in tracks.items() if cues}


def before(cues: Sequence[Cue], end: float, shortest: float = 0.2) -> list[Cue]:
    """``cues`` cut at ``end`` (where the first clip that speaks starts: it brings its own
    words), one that would start within ``shortest`` of it left out."""
    return [replace(cue, end=min(cue.end, end)) for cue in cues if cue.start < end - shortest]


def merged(langs: Sequence[str], tracks: Mapping[str, Tagged], fallback: str) -> tuple[list[Cue], list[str]]:
    """One language's track each (``langs`` in the output's order; a language without one
    shows nothing) merged into cues that show every language on screen at once
    (:func:`~takatof.templates.captions.merge_languages`: where a track's cues overlap, the
    first one in it wins), with each cue's JSON path: that of its first language's text,
    ``fallback`` when none is found."""
    cues = merge_languages([(lang, [(s, e, t) for s, e, t, _ in tracks.get(lang, [])]) for lang in langs])
    return cues, [_source(cue, tracks, fallback) for cue in cues]


def _source(cue: Cue, tracks: Mapping[str, Tagged], fallback: str) -> str:
    """Where the first of ``cue``'s texts comes from: the tagged cue of its language that
    shows that text in the middle of it."""
    mid = (cue.start + cue.end) / 2
    for lang, text in cue.shown:
        for s, e, t, where in tracks.get(lang, []):
            if s <= mid < e and t == text:
                return where
    return fallback
