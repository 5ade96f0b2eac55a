"""Media probing with PyAV (FFmpeg's own demuxers and decoders), and the checks a story's
media must pass before ffmpeg starts.

A corrupt clip, a zero-length video, a photo too small for the shape or an "audio" file that
is not audio must be reported with the file and the person, not discovered as an ffmpeg
error halfway through an encode.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import av
from PIL import Image, UnidentifiedImageError

from app.model import Person, Problem


@dataclass(frozen=True)
class MediaInfo:
    duration: float
    width: int = 0
    height: int = 0
    has_video: bool = False
    has_audio: bool = False


class MediaError(ValueError):
    """A media file that cannot be used; the message says why, for a person."""


def probe(path: Path) -> MediaInfo:
    return _probe(path, path.stat().st_mtime_ns if path.exists() else 0)


@functools.lru_cache(maxsize=128)
def _probe(path: Path, mtime: int) -> MediaInfo:
    if not path.exists():
        raise MediaError("file not found")
    if path.stat().st_size == 0:
        raise MediaError("the file is empty (0 bytes)")
    try:
        with av.open(str(path)) as container:
            video = next(iter(container.streams.video), None)
            audio = next(iter(container.streams.audio), None)
            duration = _duration(container, video or audio)
            if video is not None and next(container.decode(video=0), None) is None:
                # A valid header with no decodable picture (a truncated upload, say).
                raise MediaError("has no picture that can be decoded (the file may be cut short)")
            return MediaInfo(
                duration=duration,
                width=video.codec_context.width if video is not None else 0,
                height=video.codec_context.height if video is not None else 0,
                has_video=video is not None,
                has_audio=audio is not None,
            )
    except av.FFmpegError as exc:
        raise MediaError(f"cannot be read as audio or video ({exc.strerror or exc})") from None


def _duration(container: av.container.InputContainer, stream: av.stream.Stream | None) -> float:
    if stream is not None and stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def duration_of(path: Path) -> float:
    """Seconds of an audio or video file (0 when it cannot be read: checks report that)."""
    try:
        return probe(path).duration
    except (MediaError, OSError):
        return 0.0


def check_person_media(
    person: Person, where: str, resolve, width: int, height: int, music: tuple[str, str] | None = None
) -> list[Problem]:
    """Every problem with a person's media for a ``width`` x ``height`` video, each with the
    JSON path of the field that names the file."""
    problems: list[Problem] = []
    for i, written in enumerate(person.media):
        message = _check_photo(resolve(written), width, height)
        if message:
            problems.append(Problem(f"{where}.media[{i}]", f"{written!r}: {message}"))
    for i, clip in enumerate(person.clips):
        message = _check_clip(resolve(clip.path), clip.start, clip.end)
        if message:
            problems.append(Problem(f"{where}.clips[{i}].path", f"{clip.path!r}: {message}"))
    sounds = [(f"{where}.voiceover", person.voiceover)] if person.voiceover else []
    if music:
        sounds.append(music)
    for path_at, written in sounds:
        message = _check_audio(resolve(written))
        if message:
            problems.append(Problem(path_at, f"{written!r}: {message}"))
    return problems


def _check_photo(path: Path, width: int, height: int) -> str | None:
    try:
        with Image.open(path) as image:
            w, h = image.size
    except (OSError, UnidentifiedImageError):
        return "is not an image Takatof can read"
    # Cover-fitting may enlarge a photo at most twice; more looks soft on a phone.
    scale = max(width / w, height / h)
    if scale > 2:
        need_w, need_h = -(-width // 2), -(-height // 2)
        return (
            f"is {w}x{h} px, too small for a {width}x{height} video; "
            f"use a photo of at least {need_w}x{need_h} px"
        )
    return None


def _check_clip(path: Path, start: float, end: float | None) -> str | None:
    try:
        info = probe(path)
    except MediaError as exc:
        return str(exc)
    if not info.has_video:
        return "has no video stream"
    if info.duration <= 0:
        return "is a zero-length video"
    if start >= info.duration:
        return f"starts at {start:g} s but the video is only {info.duration:.2f} s long"
    if end is not None and end > info.duration + 0.05:
        return f"ends at {end:g} s but the video is only {info.duration:.2f} s long"
    if (end if end is not None else info.duration) - start < 0.5:
        return "the trimmed clip is shorter than half a second"
    return None


def _check_audio(path: Path) -> str | None:
    try:
        info = probe(path)
    except MediaError as exc:
        return str(exc)
    if not info.has_audio:
        return "is not an audio file (no sound in it)"
    if info.duration <= 0:
        return "is an empty audio file"
    return None
