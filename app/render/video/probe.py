"""Media probing with PyAV (FFmpeg's own demuxers and decoders), and the checks a story's
media must pass before ffmpeg starts.

A corrupt clip, a zero-length video, a photo too small for the shape or an "audio" file that
is not audio must be reported with the file and the person, not discovered as an ffmpeg
error halfway through an encode. Headers are not enough: a clip damaged in the middle has a
perfect header (ffmpeg then fails with nothing but its log), and a clip cut short keeps the
header's full duration (the render then holds its last frame for seconds, without a word).
So the part of each file the render reads is decoded here, once per file version: photos by
:mod:`takatof.model.media` (as the renderer opens them), clips over their trimmed range, sounds
whole. ``takatof validate`` and the renderer run these same checks.

Two faults decode cleanly and need a look of their own. An Ogg file cut short states no
duration in its header: FFmpeg takes the length from the last page that survived, so the cut
file looks whole and the voice-over stops mid-sentence; its last page must carry the
end-of-stream mark (:func:`ogg_end_problem`). And nothing here opens a path that is not a
regular file: opening a named pipe blocks until another program writes to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av

from ...model import Person, Problem
from ...model.campaign import CLIP_MIN_S
from ...model.filecache import per_file_version
from ...model.media import ImageError, image_size
from ...model.problems import file_kind
from ...templates.timeline import UNSPECIFIED, Colour


@dataclass(frozen=True)
class MediaInfo:
    duration: float
    width: int = 0  # as shown: a clip stored sideways with a quarter-turn display matrix is turned
    height: int = 0
    has_video: bool = False
    has_audio: bool = False
    format: str = ""  # the demuxer's name: "ogg", "mov,mp4,m4a,3gp,3g2,mj2", "image2"...
    frames: int = 0  # the video stream's frame count, when the container states one
    colour: Colour = Colour()  # how the pictures are coded (HDR, matrix, range)
    picture_end: float = 0.0  # where the last frame stops showing (0 when not known)
    frame_s: float = 0.0  # the last frame's length: how close to the end an `end` may fall
    shown: float = 0.0  # the length a player shows: the container's (its longest stream)

    @property
    def end(self) -> float:
        """Where a clip's picture ends (what a trim may reach): the last frame's time plus
        its length. The container's duration can be longer (its sound goes on, or a
        variable-rate clip's last frame shows until then), and a player shows that length."""
        return self.picture_end if self.picture_end > 0 else self.duration

    @property
    def still(self) -> bool:
        """Whether the file is a picture, not a video: FFmpeg opens a JPEG or PNG as a video
        of one frame (0.04 s long at its default 25 fps), so a photo given as a clip would
        otherwise be reported as a clip too short for its ``start``."""
        return self.format in STILL_FORMATS or self.format.endswith("_pipe")


STILL_FORMATS = frozenset({"image2", "image2pipe", "jpeg_pipe", "png_pipe", "webp_pipe", "bmp_pipe"})
"""FFmpeg's demuxers of still pictures (besides every ``*_pipe`` one, which reads single
images by their content: ``jpeg_pipe``, ``png_pipe``, ``tiff_pipe``...)."""


class MediaError(ValueError):
    """A media file that cannot be used; the message says why, for a person."""


def probe(path: Path) -> MediaInfo:
    try:
        return _probe(path)
    except FileNotFoundError:
        raise MediaError("file not found") from None


def not_regular(path: Path) -> str | None:
    """Why ``path`` must not be opened, for a person, or None for a regular file (or none at
    all, which opening reports). A named pipe would block the open until some other program
    writes to it, and a device may never end."""
    try:
        what = file_kind(path.stat().st_mode)
    except OSError:
        return None
    if what == "a folder":
        return "is a folder, not a file"
    return f"is not a regular file ({what})" if what else None


@per_file_version(maxsize=128)
def _probe(path: Path) -> MediaInfo:
    if not path.exists():
        raise MediaError("file not found")
    refused = not_regular(path)
    if refused:
        raise MediaError(refused)
    if path.stat().st_size == 0:
        raise MediaError("the file is empty (0 bytes)")
    try:
        with av.open(str(path), metadata_errors="replace") as container:
            video = next(iter(container.streams.video), None)
            audio = next(iter(container.streams.audio), None)
            duration = _duration(container, video or audio)
            first = next(container.decode(video=0), None) if video is not None else None
            if video is not None and first is None:
                # A valid header with no decodable picture (a truncated upload, say).
                raise MediaError("has no picture that can be decoded (the file may be cut short)")
            width, height = (video.codec_context.width, video.codec_context.height) if video else (0, 0)
            if first is not None and round(first.rotation / 90) % 2:
                width, height = height, width  # a phone's portrait clip, stored sideways: as shown
            colour = _colour(video, first) if video is not None and first is not None else Colour()
            picture = _picture_end(container, video) if video is not None else {}
            if duration <= 0:  # a stream written to a pipe states no length: its packets tell it
                duration = picture.get("picture_end", 0.0)
            return MediaInfo(
                duration=duration,
                width=width,
                height=height,
                has_video=video is not None,
                has_audio=audio is not None,
                format=container.format.name,
                frames=video.frames if video is not None else 0,
                colour=colour,
                shown=max(duration, container.duration / av.time_base if container.duration else 0.0),
                **picture,
            )
    except av.FFmpegError as exc:
        raise MediaError(f"cannot be read as audio or video ({exc.strerror or exc})") from None


def _colour(stream: av.video.stream.VideoStream, frame: av.VideoFrame) -> Colour:
    """How the pictures are coded: the decoded frame's tags (the codec's own: the HEVC or
    H.264 stream header), else the container's (what the codec context says)."""
    codec = stream.codec_context

    def tag(on_frame: int, on_codec: int | None) -> int:
        if on_frame not in (UNSPECIFIED, 0):
            return on_frame
        return on_codec if on_codec not in (None, 0) else UNSPECIFIED

    return Colour(
        primaries=tag(int(frame.color_primaries), codec.color_primaries),
        transfer=tag(int(frame.color_trc), codec.color_trc),
        matrix=tag(int(frame.colorspace), codec.colorspace),
        full_range=int(frame.color_range or codec.color_range or 0) == _FULL_RANGE,
        height=frame.height,
    )


_FULL_RANGE = 2  # AVCOL_RANGE_JPEG


def clip_colour(path: Path) -> Colour:
    """How a clip's pictures are coded (cached per file version); an unreadable file counts
    as untagged: the media checks report it, with its place in the project."""
    try:
        return probe(path).colour
    except (MediaError, OSError):
        return Colour()


def _picture_end(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream
) -> dict[str, float]:
    """Where the picture ends, on the clock ``-ss`` trims by (0 = the file's start), and a
    frame's length (the average rate's). The length a player shows is the container's,
    which can pass the picture: a variable-rate clip's container says 3.00 s while its last
    frame shows from 2.90 s to 2.93 s.

    MP4 and MOV state each track's length exactly (the sum of its samples' durations): that
    is taken. Containers that state none (Matroska, WebM) have their last packets demuxed,
    not decoded; when those stop well short of the stated length, the file is cut short and
    nothing is returned, so the decode check reports it rather than the trim hiding it."""
    time_base = stream.time_base
    rate = stream.average_rate or stream.guessed_rate
    frame_s = 1 / float(rate) if rate else 0.0
    if time_base is None:
        return {"frame_s": frame_s}
    origin = container.start_time / av.time_base if container.start_time is not None else 0.0
    if stream.duration:
        begins = float(stream.start_time * time_base) - origin if stream.start_time is not None else 0.0
        return {"picture_end": begins + float(stream.duration * time_base), "frame_s": frame_s}
    stated = container.duration / av.time_base if container.duration else 0.0
    try:
        container.seek(max(0, int((origin + stated - 3.0) / time_base)), stream=stream, backward=True)
    except av.FFmpegError:
        return {"frame_s": frame_s}
    last: tuple[int, int] | None = None
    for packet in container.demux(stream):
        if packet.pts is not None and (last is None or packet.pts > last[0]):
            last = (packet.pts, packet.duration or 0)
    if last is None:
        return {"frame_s": frame_s}
    shows = float(last[1] * time_base) if last[1] > 0 else frame_s
    end = float(last[0] * time_base) - origin + shows
    if stated and end < stated - SHORT_BY_S:
        return {"frame_s": frame_s}
    return {"picture_end": end, "frame_s": frame_s}


def _duration(container: av.container.InputContainer, stream: av.stream.Stream | None) -> float:
    if stream is not None and stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def duration_of(path: Path) -> float:
    """Seconds of an audio file, or of a video's picture (:attr:`MediaInfo.end`: what a
    clip can show); 0 when the file cannot be read (the checks report that)."""
    try:
        return probe(path).end
    except (MediaError, OSError):
        return 0.0


def check_person_media(
    person: Person,
    where: str,
    resolve: Callable[[str], Path],
    width: int,
    height: int,
    music: tuple[str, str] | None = None,
) -> list[Problem]:
    """Every problem with a person's media for a ``width`` x ``height`` video, each with the
    JSON path of the field that names the file, and the file as written there."""
    problems: list[Problem] = []
    for i, item in enumerate(person.media):
        message = _check_photo(resolve(item.path), width, height)
        if message:
            # The field that names the file: the item itself, or the "path" of an object item.
            at = f"{where}.media[{i}]" + ("" if item.as_text else ".path")
            problems.append(Problem(at, f"{item.path!r} {message}"))
    for i, clip in enumerate(person.clips):
        message = _check_clip(resolve(clip.path), clip.start, clip.end, clip.audio)
        if message:
            field = "audio" if message == _NO_SOUND else "path"
            problems.append(Problem(f"{where}.clips[{i}].{field}", f"{clip.path!r} {message}"))
    sounds = [(f"{where}.voiceover", person.voiceover)] if person.voiceover else []
    if music:
        sounds.append(music)
    for path_at, written in sounds:
        message = _check_audio(resolve(written))
        if message:
            problems.append(Problem(path_at, f"{written!r} {message}"))
    return problems


def _check_photo(path: Path, width: int, height: int) -> str | None:
    refused = not_regular(path)
    if refused:
        return refused
    try:
        w, h = image_size(path)  # decoded in full (and cached), as the render will read it
    except ImageError as exc:
        return exc.reason
    # Cover-fitting may enlarge a photo at most twice; more looks soft on a phone.
    scale = max(width / w, height / h)
    if scale > 2:
        need_w, need_h = -(-width // 2), -(-height // 2)
        return (
            f"is {w}x{h} px, too small for a {width}x{height} video; "
            f"use a photo of at least {need_w}x{need_h} px"
        )
    return None


_NO_SOUND = 'has no sound to keep; set "audio" to false for this clip'


def _check_clip(path: Path, start: float, end: float | None, audio: bool = False) -> str | None:
    try:
        info = probe(path)
    except MediaError as exc:
        return str(exc)
    if info.still:
        return "is a still image, not a video clip; put it in media (photos)"
    if not info.has_video:
        return "has no video stream"
    if info.frames == 1:
        return "holds a single picture, not a moving video; export the clip again, or use a photo"
    if info.duration <= 0 or info.end <= 0:
        return "is a zero-length video"
    if start >= info.end:
        return f"starts at {start:g} s but the video's picture ends at {info.end:.2f} s"
    if end is not None and end > end_limit(info):
        length = info.end if end_limit(info) < info.shown else max(info.shown, info.end)
        return f"ends at {end:g} s but the video is only {length:.2f} s long"
    end = info.end if end is None else min(end, info.end)
    if end - start < CLIP_MIN_S:
        return "the trimmed clip is shorter than half a second"
    if audio and not info.has_audio:
        return _NO_SOUND
    return decode_problem(path, start, end, video=True, audio=audio)


END_SLACK_S = 0.05
"""The least an ``end`` may pass a clip's length by (a frame at 20 fps); a frame's length
when that is more."""


def end_limit(info: MediaInfo) -> float:
    """The latest ``end`` a clip accepts: its picture's end, or the length a player shows
    when the container passes the picture by a fraction of a second only (a variable-rate
    clip's last frame, rounding), plus a frame's length. Such an end is the clip's last
    frame: the story cuts it there (:func:`duration_of` is the picture's end). A container
    longer by more (sound that goes on after the picture) is not stretched over: the end
    must be within the picture."""
    slack = max(info.frame_s, END_SLACK_S)
    reach = info.end
    if 0 < info.shown - info.end <= SHORT_BY_S:
        reach = info.shown
    return reach + slack


def _check_audio(path: Path) -> str | None:
    try:
        info = probe(path)
    except MediaError as exc:
        return str(exc)
    if not info.has_audio:
        return "is not an audio file (no sound in it)"
    if info.duration <= 0:
        return "is an empty audio file"
    problem = decode_problem(path, 0.0, None, video=False, audio=True)
    if problem is None and (info.format == "ogg" or path.suffix.lower() in OGG_SUFFIXES):
        problem = ogg_end_problem(path)
    return problem


OGG_SUFFIXES = frozenset({".ogg", ".oga", ".opus", ".spx"})

_OGG_PAGE_MAX = 27 + 255 + 255 * 255
"""The largest Ogg page (header, 255 lacing values of 255 bytes each): the last page of a
file starts within this many bytes of its end."""

_OGG_END_OF_STREAM = 0x04  # the header-type flag of a stream's last page
_OGG_CUT = "ends without its end-of-stream mark (the file was cut short); export it again"


def ogg_end_problem(path: Path) -> str | None:
    """Whether an Ogg file ends as its encoder finished it, for a person (None when it does).

    Ogg headers state no duration: FFmpeg reads the length from the last page's position, so
    a file cut anywhere still decodes cleanly to wherever it now stops, and nothing else sees
    the cut. Every encoder marks a stream's last page end-of-stream, so the file's last
    complete page must carry the mark and nothing that starts a page may follow it. A page
    counts only when its checksum matches (the bytes ``OggS`` can occur inside packet data).
    Cached per file version."""
    try:
        return _ogg_end_problem(path)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"


@per_file_version(maxsize=64)
def _ogg_end_problem(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - _OGG_PAGE_MAX - 4))
            tail = handle.read()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    at = len(tail)
    while (at := tail.rfind(b"OggS", 0, at)) >= 0:
        end = _ogg_page_end(tail, at)
        if end is None:
            continue
        if tail.find(b"OggS", end) >= 0:  # a page begins after the last whole one: cut there
            return _OGG_CUT
        return None if tail[at + 5] & _OGG_END_OF_STREAM else _OGG_CUT
    return _OGG_CUT


def _ogg_page_end(data: bytes, at: int) -> int | None:
    """Where the Ogg page starting at ``data[at]`` ends, or None when no whole page with a
    matching checksum starts there."""
    if len(data) < at + 27 or data[at + 4] != 0:  # stream structure version 0
        return None
    count = data[at + 26]
    lacing = data[at + 27 : at + 27 + count]
    end = at + 27 + count + sum(lacing)
    if len(lacing) < count or end > len(data):
        return None
    page = bytearray(data[at:end])
    stated = int.from_bytes(page[22:26], "little")
    page[22:26] = bytes(4)
    return end if _ogg_crc(page) == stated else None


def _ogg_crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
        table.append(crc)
    return tuple(table)


_OGG_CRC = _ogg_crc_table()


def _ogg_crc(data: bytes | bytearray) -> int:
    """Ogg's page checksum: CRC-32 with polynomial 0x04C11DB7, not reflected, starting at 0
    (not zlib's CRC-32, which is reflected)."""
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _OGG_CRC[(crc >> 24) ^ byte]
    return crc


SHORT_BY_S = 0.25
"""How far a stream may end before its stated (or requested) end and still count as whole:
streams of a healthy file end a frame or an audio packet apart, and a quarter second of held
picture is not worth a warning. A truncated upload is short by seconds."""


def decode_problem(
    path: Path, start: float = 0.0, end: float | None = None, *, video: bool = True, audio: bool = False
) -> str | None:
    """Decode ``path`` from ``start`` to ``end`` (the whole file when None): its first video
    stream and/or first audio stream, as asked. Return what is wrong, for a person, or None.

    Finds what a header cannot show: data that does not decode (a damaged middle) and a
    stream that stops before the header's duration or the requested end (a truncated file).
    The packets are decoded but the frames never converted to pictures, and H.264's
    deblocking filter is skipped (it only smooths pixels, and finds no errors): a 6 s 720p
    clip checks in about a fifth of a second. Cached per file version and range."""
    refused = not_regular(path)
    if refused:
        return refused
    try:
        return _decode_problem(path, start, end, video, audio)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"


@per_file_version(maxsize=64)
def _decode_problem(path: Path, start: float, end: float | None, video: bool, audio: bool) -> str | None:
    size = path.stat().st_size
    try:
        with av.open(str(path), metadata_errors="replace") as container:
            streams = [
                *(container.streams.video[:1] if video else ()),
                *(container.streams.audio[:1] if audio else ()),
            ]
            for stream in streams:
                if stream.type == "video":
                    stream.codec_context.options = {"skip_loop_filter": "all"}
            if not streams:
                return None
            tracks = {s.index: _Track.of(container, s, end) for s in streams}
            return _decode(container, streams, tracks, size, start, sound_of_clip=video)
    except av.FFmpegError as exc:  # opening the file
        return f"cannot be decoded ({exc.strerror or exc}); export it again"


@dataclass
class _Track:
    """What is known of one stream while it is decoded."""

    kind: str  # "video" or "audio"
    stated: float  # the header's duration, in seconds (0 when it states none)
    until: float  # where the render stops reading it
    reached: float | None = None  # where the media decoded so far ends
    done: bool = False

    @classmethod
    def of(
        cls, container: av.container.InputContainer, stream: av.stream.Stream, end: float | None
    ) -> _Track:
        stated = _duration(container, stream)
        return cls(stream.type, stated, min(end, stated) if end is not None else stated)

    def verdict(self, sound_of_clip: bool) -> str | None:
        """What is wrong with how far the stream went, or None."""
        if self.until <= 0:
            return None  # no stated duration (a raw stream): nothing to compare with
        if self.reached is None:
            what = "picture" if self.kind == "video" else "sound"
            return f"has no {what} after its header (the file is truncated); export it again"
        if self.reached < self.until - SHORT_BY_S:
            if sound_of_clip and self.kind == "audio":
                ends = f"has sound only up to {self.reached:.1f} s"
            else:
                ends = f"ends at {self.reached:.1f} s"
            return f"{ends} but its header says {self.stated:.1f} s (the file is truncated); export it again"
        return None


def _decode(
    container: av.container.InputContainer,
    streams: list[av.stream.Stream],
    tracks: dict[int, _Track],
    size: int,
    start: float,
    sound_of_clip: bool,
) -> str | None:
    """Demux and decode ``streams`` from ``start`` until each passes its track's end.

    Sound is also checked for holes: an Ogg file with a damaged page decodes without an
    error, the demuxer silently skipping to the next good page, seconds later. Pictures may
    legitimately pause (a screen recording repeats nothing while the screen is still), so
    holes in video are not reported; its data errors are."""
    at = start
    try:
        if start > 0 and streams[0].time_base is not None:
            container.seek(int(start / streams[0].time_base), stream=streams[0], backward=True)
        for packet in container.demux(streams):
            track = tracks[packet.stream.index]
            if track.done:
                continue
            if packet.is_corrupt and packet.pos is not None and packet.pos + packet.size >= size:
                # Cut off by the end of the file: the stream ends here, and the verdict says
                # "truncated" (not "damaged", which would send a person looking mid-file).
                track.done = True
                continue
            span = _packet_span(packet)
            if span is not None:
                begin, finish = span
                if track.kind == "audio" and track.reached is not None and begin > track.reached + SHORT_BY_S:
                    return (
                        f"has no sound from {track.reached:.1f} s to {begin:.1f} s (that part of the "
                        "file is damaged or missing); export it again"
                    )
                at = finish
                track.reached = finish if track.reached is None else max(track.reached, finish)
            packet.decode()
            if span is not None and span[1] > track.until + SHORT_BY_S:
                track.done = True  # past the part the render reads
                if all(t.done for t in tracks.values()):
                    break
    except av.FFmpegError as exc:
        detail = exc.strerror or str(exc)
        return f"is damaged near {at:.1f} s and cannot be decoded there ({detail}); export it again"
    return next((m for t in tracks.values() if (m := t.verdict(sound_of_clip))), None)


def _packet_span(packet: av.Packet[Any]) -> tuple[float, float] | None:
    """Where a packet's media starts and ends, in seconds, by presentation time (None for the
    empty packets that flush the decoder at the end of a file)."""
    stamp = packet.pts if packet.pts is not None else packet.dts
    if stamp is None or packet.time_base is None:
        return None
    begin = float(stamp * packet.time_base)
    return begin, begin + float((packet.duration or 0) * packet.time_base)
