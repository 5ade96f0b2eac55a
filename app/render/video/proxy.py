"""Playback proxies: a small, fast-to-make copy of a story video for the Studio to play with
its sound at the story's frame rate.

A proxy is made from the same plan, the same drawn images, the same loudness measurement and
the same ffmpeg graph as the real render (:func:`takatof.render.video.graph.render_command`):
only a downscale is appended to the graph's picture, and x264 runs ``ultrafast`` at a high
CRF with a short GOP (a player seeks to any point by decoding at most half a second). So
what plays is what renders, cut for cut and fade for fade, with the render's mix of the
sound, only smaller.

Proxies are cached in a folder, one file per planned timeline: the name is a hash of the
plan (its frozen dataclasses have a stable repr) and of the size and modification time of
every file the plan reads. An unchanged plan is found again at once; any edit that changes
the plan names a new file. A proxy is written to a temporary file beside its final name and
renamed into place, so the cache never holds half a file (a cancel or a failure removes the
temporary file). Re-encoding only the touched segments is not done: a whole 25 s story takes
~3 s on two cores (``benchmarks/preview.py``), and cross-fades, overlays spanning cuts and
the loudness gain of the whole mix would each have to be re-joined exactly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...model import Project
from ...templates.timeline import Timeline
from ..cancel import CancelToken
from ..files import atomic_path, cannot_write
from ..jobs import Job
from .assets import VERSION as ASSETS_VERSION
from .graph import Encoding, render_command
from .motion import photo_feed
from .render import VideoFailed, checked_plan, prepare_video
from .runner import Cancelled, FfmpegError, Progress, ffmpeg_exe, run_ffmpeg

VERSION = "1"  # bump when the proxy's making changes, so older cached proxies are not reused
SHORT_SIDE = 360  # the proxy's shorter side in pixels (360x640 for 9:16): the preview's size
ENCODING = Encoding("libx264", "ultrafast", 30)  # made in seconds; plays smoothly anywhere
GOP_S = 0.5  # a keyframe every half second: seeking decodes at most this much
KEEP = 8  # proxies kept in a folder (the newest used); older ones are removed


class ProxyFailed(Exception):
    """The proxy cannot be made; the message says why in words (a media problem, ffmpeg's
    error, a full disk)."""


@dataclass(frozen=True)
class Proxy:
    """A finished proxy: its file, its plan's length and frame rate, and its picture size."""

    path: Path
    duration: float
    fps: int
    width: int
    height: int

    @property
    def key(self) -> str:
        return self.path.stem


def proxy_size(width: int, height: int, short_side: int = SHORT_SIDE) -> tuple[int, int]:
    """The proxy's picture size for a ``width`` x ``height`` video: the shorter side
    ``short_side`` (never larger than the video), the other in proportion, both even (4:2:0)."""
    scale = min(1.0, short_side / min(width, height))
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def _files(obj: object) -> Iterator[Path]:
    """Every file path inside a plan object (photos, clips, music, pictures in layers)."""
    if isinstance(obj, Path):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from _files(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _files(item)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for field in dataclasses.fields(obj):
            yield from _files(getattr(obj, field.name))


def proxy_key(timeline: Timeline, short_side: int = SHORT_SIDE) -> str:
    """The name of ``timeline``'s proxy: a hash of how proxies are made, of the plan and of
    the size and modification time of every file it reads (a photo replaced in place makes
    a new proxy, as it makes new drawn images)."""
    digest = hashlib.sha256(f"{VERSION}:{ASSETS_VERSION}:{short_side}:{ENCODING}".encode())
    digest.update(repr(timeline).encode())
    for path in sorted(set(_files(timeline))):
        with contextlib.suppress(OSError):  # a missing file: the media check says so
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


def proxy_command(command: list[str], size: tuple[int, int], fps: int) -> list[str]:
    """The render's ffmpeg ``command`` turned into the proxy's: the same graph with a
    downscale of its picture to ``size`` appended, and a keyframe every :data:`GOP_S`."""
    args = list(command)
    graph, maps = args.index("-filter_complex"), args.index("-map")
    picture = args[maps + 1]
    if not (picture.startswith("[") and picture.endswith("]")):
        raise ValueError(f"the render's picture is not a filter output ({picture}); cannot scale it")
    args[graph + 1] += f";{picture}scale={size[0]}:{size[1]}:flags=bilinear[proxy]"
    args[maps + 1] = "[proxy]"
    gop = str(max(1, round(GOP_S * fps)))
    for option in ("-g", "-keyint_min"):
        if option in args:
            args[args.index(option) + 1] = gop
    return args


def cached_proxy(folder: Path, timeline: Timeline) -> Proxy | None:
    """``timeline``'s proxy when ``folder`` already has it (it is then marked as just used)."""
    path = folder / f"{proxy_key(timeline)}.mp4"
    if not path.is_file():
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # kept by :func:`prune` as the newest used
    return _described(path, timeline)


def _described(path: Path, timeline: Timeline) -> Proxy:
    width, height = proxy_size(timeline.width, timeline.height)
    return Proxy(path, timeline.duration, timeline.fps, width, height)


def make_proxy(
    project: Project,
    job: Job,
    folder: Path,
    cache: Path,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: CancelToken | None = None,
) -> Proxy:
    """The proxy of ``job``'s video in ``folder``: found there when its plan is unchanged,
    else made (images drawn into ``cache``, shared with the preview and the render). Raises
    :class:`ProxyFailed` with the reason, or :class:`Cancelled`; leaves no partial file."""
    timeline, problems = checked_plan(project, job)
    if problems or timeline is None:
        raise ProxyFailed("; ".join(str(p) for p in problems))
    found = cached_proxy(folder, timeline)
    if found is not None:
        return found
    final = folder / f"{proxy_key(timeline)}.mp4"
    try:
        prepared = prepare_video(project, job, cache, cancel)
        planned = prepared.timeline
        size = proxy_size(planned.width, planned.height)
        with atomic_path(final) as partial:
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            command = render_command(
                planned, prepared.assets, partial, ENCODING, prepared.measured, ffmpeg_exe()
            )
            args = proxy_command(command, size, planned.fps)
            run_ffmpeg(args, planned.duration, on_progress, cancel, photo_feed(planned, prepared.assets))
    except VideoFailed as exc:
        raise ProxyFailed(str(exc)) from None
    except FfmpegError as exc:
        raise ProxyFailed(f"ffmpeg failed: {exc}") from None
    except OSError as exc:
        raise ProxyFailed(cannot_write(exc, final)) from None
    prune(folder)
    return _described(final, planned)


def prune(folder: Path, keep: int = KEEP) -> None:
    """Remove all but the ``keep`` most recently used proxies in ``folder`` (a long editing
    session makes one per pause in the edits)."""
    finished = [p for p in folder.glob("*.mp4") if not p.name.startswith(".")]  # not a partial
    proxies = sorted(finished, key=_used, reverse=True)
    for old in proxies[keep:]:
        with contextlib.suppress(OSError):  # being played elsewhere (Windows), or already gone
            old.unlink()


def _used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
