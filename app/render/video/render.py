"""Render story videos: check media, plan, draw assets, measure loudness, encode, write captions.

A video is made in two steps: :func:`prepare_video` (check, plan, draw, measure) and
:func:`encode_video` (ffmpeg to a temporary file beside the final path, captions as bytes),
which gives the video's product; the writer (:func:`takatof.render.writer.commit`) renames it into
place. A failed or cancelled encode removes its temporary file. :func:`render_videos` makes a
campaign's videos one encode at a time and prepares the next while the current one encodes;
:data:`VIDEOS` is the video job kind.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar, cast, runtime_checkable

from PIL import Image

from ...model import Problem, Project
from ...model.campaign import Encoder, Person
from ...model.languages import DEFAULT_LANGUAGES
from ...templates import reel as _reel  # noqa: F401  (registers the reel, planned here as stories are)
from ...templates import registry
from ...templates.captions import to_srt, to_vtt
from ...templates.registry import Subject
from ...templates.spoken import CaptionFileError
from ...templates.timeline import Cue, Timeline
from ..cancel import CancelToken
from ..files import cannot_write, temp_beside
from ..jobs import Job, OnProgress, Product, Run, Workspace, guarded, make_product, register
from ..keys import video_key
from ..manifest import CaptionsEntry, EncoderUsed, Identity, OutputEntry, VideoEntry
from ..messages import EncoderUnavailable
from ..presets import Preset, get_preset, megabytes, seconds
from .assets import AssetError, Assets, prepare
from .graph import (
    AUDIO_ARGS,
    SAMPLE_RATE,
    VBV_BUFFER_S,
    Encoding,
    Loudness,
    measure_command,
    parse_measurement,
    render_command,
)
from .motion import photo_feed
from .probe import check_person_media, duration_of
from .runner import Cancelled, FeedError, FfmpegError, Progress, ffmpeg_exe, run_ffmpeg, start_capture

CAPTION_WRITERS: tuple[tuple[Literal["srt", "vtt"], Callable[[Sequence[Cue], str], str]], ...] = (
    ("srt", to_srt),
    ("vtt", to_vtt),
)


class VideoJob(Job):
    """A story video job, built as the video code names it: ``VideoJob(template, preset, person)``
    (and the languages it prints, when its output chose them)."""

    def __init__(
        self, template: str, preset: str, person: str, languages: tuple[str, ...] = (), named: bool = False
    ) -> None:
        super().__init__("video", template, preset, person, tuple(languages), named)


def video_rel(job: Job, folder: str = "") -> Path:
    """Where a video job's file goes, relative to the output folder: under its subject's
    folder (``folder``: :meth:`Job.folder`, the campaign's id for a campaign-wide video; by
    default the person's)."""
    return Path("videos") / (folder or job.person) / f"{job.stem}.mp4"


def caption_rel(job: Job, lang: str, kind: str, folder: str = "") -> Path:
    return video_rel(job, folder).with_suffix(f".{lang}.{kind}")


@functools.cache
def nvenc_missing(exe: str) -> str | None:
    """Why NVENC cannot encode here (this ffmpeg lacks it, or no NVIDIA GPU answers: the
    first thing ffmpeg says about it), or None when a tiny test encode succeeds."""
    try:
        listing = subprocess.run(
            [exe, "-hide_banner", "-encoders"], capture_output=True, text=True, timeout=20
        )
        if "h264_nvenc" not in listing.stdout:
            return "this ffmpeg was built without it"
        test = [
            exe,
            "-hide_banner",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=s=256x256:d=0.2",
            "-c:v",
            "h264_nvenc",
            "-f",
            "null",
            "-",
        ]
        done = subprocess.run(test, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"the test encode did not run ({exc})"
    if done.returncode == 0:
        return None
    said = next((line for line in done.stderr.splitlines() if "nvenc" in line), done.stderr.strip())
    said = re.sub(r"^(\[[^]]*\]\s*)+", "", said.strip())  # "[h264_nvenc @ 0x...] " prefixes
    return f"no NVIDIA GPU answers ({said or f'ffmpeg exit code {done.returncode}'})"


def nvenc_available(exe: str) -> bool:
    """True when this ffmpeg has NVENC *and* a GPU answers (a tiny test encode succeeds)."""
    return nvenc_missing(exe) is None


def choose_encoding(
    settings: Encoder,
    exe: str,
    nvenc_lacks: Callable[[str], str | None] = nvenc_missing,
    source: str = "video.encoder.codec",
) -> Encoding:
    """``auto`` takes NVENC when it works here, else libx264; nothing requires a GPU. NVENC
    asked for by name (``source`` says where: the option or the project field) on a machine
    where it cannot encode raises :class:`EncoderUnavailable` now, before any work, instead
    of ffmpeg failing every video after its preparation. ``nvenc_lacks`` says why NVENC
    cannot encode with ``exe`` (None: it can)."""
    codec = settings.codec
    if codec == "auto":
        codec = "libx264" if nvenc_lacks(exe) else "h264_nvenc"
    elif codec == "h264_nvenc" and (missing := nvenc_lacks(exe)) is not None:
        raise EncoderUnavailable(
            f"{source}: h264_nvenc cannot encode on this machine: {missing}; "
            "use libx264, or auto to take NVENC only where it works"
        )
    return Encoding(codec, settings.preset, settings.crf)


# ---------------------------------------------------------------------- platform limits

AUDIO_KBPS = int(str(AUDIO_ARGS["b:a"]).removesuffix("k"))  # the AAC rate every video gets
SIZE_SAFETY = 0.95  # x264 keeps to its VBV within a few percent; AAC's rate is an average
MIN_VIDEO_KBPS = 100  # below this a picture is not worth delivering: refuse instead
# The highest peak any video gets: the Instagram and Facebook Reels APIs take VBR at most
# 25 Mb/s, and with its 2 s buffer it stays within H.264 level 4.1 (High: 62.5 Mb/s, a
# 78,125 kbit buffer), which every phone plays; a higher cap would only raise the level.
MAX_PEAK_KBPS = 25_000


def peak_kbps(max_bytes: int, duration_s: float, fps: float) -> int:
    """The peak video bitrate (kb/s) that keeps a ``duration_s`` video within ``max_bytes``.

    What the picture may use: the limit with a safety margin, less the container (the MP4
    index: 64 KiB and 16 bytes per video frame and per AAC frame, more than it takes) and the
    sound (:data:`AUDIO_KBPS`). A VBV peak rate of R with a buffer of B seconds lets the
    whole video take at most R x (duration + B) bits, so that is what the budget is divided
    by. CRF still decides the quality: footage that needs less stays smaller."""
    samples = duration_s * (fps + SAMPLE_RATE / 1024)
    container = 64 * 1024 + 16 * samples
    video_bits = (max_bytes * SIZE_SAFETY - container) * 8 - AUDIO_KBPS * 1000 * duration_s
    return math.floor(video_bits / (duration_s + VBV_BUFFER_S) / 1000)


# What a video of each template is called in a length problem, and how to make it shorter.
_SHORTER: dict[str, tuple[str, str]] = {
    "story": (
        "story",
        "fewer photos or a lower video.photo_s, shorter clips, a shorter story text or voice-over",
    ),
    "reel": ("reel", "fewer people, a lower segment_s, a shorter video.title_s or video.closing_s"),
    "film": ("film", "fewer clips or shorter ones (a clip's start and end), a shorter video.closing_s"),
}


def limit_problem(
    preset: Preset, duration_s: float, fps: float, template: str = "story", whose: str | None = None
) -> str | None:
    """Why a video of ``duration_s`` cannot be made within ``preset``'s platform limits (too
    long, or too long to fit its file size at a watchable rate), or None; worded for the
    ``template`` it is made with (a story, a reel, a film), and named as ``whose`` video when
    it is told at an output entry that makes one for each of several people ("hala's film")."""
    limits = preset.video
    if limits is None:
        return None
    what, fix = _SHORTER.get(template, _SHORTER["story"])
    the = f"{whose}'s {what}" if whose else f"the {what}"
    if duration_s > limits.max_s + 1e-6:
        return (
            f"{the} lasts {seconds(duration_s)}; {preset.limited_by} takes at most "
            f"{seconds(limits.max_s)}: make it shorter ({fix})"
        )
    rate = peak_kbps(limits.max_bytes, duration_s, fps)
    if rate < MIN_VIDEO_KBPS:
        return (
            f"{preset.limited_by} takes at most {megabytes(limits.max_bytes)}: for a {seconds(duration_s)} "
            f"{what} that leaves {max(rate, 0)} kb/s for the picture after the sound (at least "
            f"{MIN_VIDEO_KBPS} needed); make {the} shorter"
        )
    return None


def capped(encoding: Encoding, preset: Preset, duration_s: float, fps: float) -> Encoding:
    """``encoding`` with the peak rate that keeps this video within ``preset``'s size limit,
    at most :data:`MAX_PEAK_KBPS` (or the lower one it already had)."""
    if preset.video is None:
        return encoding
    rate = max(MIN_VIDEO_KBPS, min(MAX_PEAK_KBPS, peak_kbps(preset.video.max_bytes, duration_s, fps)))
    if encoding.max_kbps is not None:
        rate = min(rate, encoding.max_kbps)
    return dataclasses.replace(encoding, max_kbps=rate)


def over_size(rel: str, size: int, preset: Preset) -> str | None:
    """The error of a video file larger than its platform takes, or None."""
    if preset.video is None or size <= preset.video.max_bytes:
        return None
    limit = megabytes(preset.video.max_bytes)
    shown = megabytes(size)
    if shown == limit:  # 16.04 MB is not "16 MB"
        shown = f"{size / 1e6:.2f} MB" if size < 1e9 else f"{size / 1e9:.3f} GB"
    return f"{rel} is {shown}; {preset.limited_by} takes at most {limit}"


def video_jobs(
    project: Project, only: set[str] | None = None, presets: set[str] | None = None
) -> list[VideoJob]:
    """A story video per ``outputs.videos`` entry, person and preset. An entry naming a video
    template about the campaign (a reel's, a film's) is left out: those are their own outputs
    (``outputs.reels``...), and a story output cannot make one per person."""
    jobs: list[VideoJob] = []
    for output in project.campaign.outputs.videos:
        if _about_the_campaign(output.template):
            continue
        langs = project.campaign.output_languages(output.languages)
        for person in project.campaign.people:
            if only is not None and person.id not in only:
                continue
            jobs.extend(
                VideoJob(output.template, preset, person.id, langs, bool(output.languages))
                for preset in output.presets
                if presets is None or preset in presets
            )
    return jobs


def _about_the_campaign(template: str) -> bool:
    """A registered video template whose subject is the campaign (an unknown name is not:
    its outputs fail with the usual message)."""
    try:
        return registry.get(template).scope == "campaign"
    except KeyError:
        return False


def subject(project: Project, person_id: str, languages: tuple[str, ...] = ()) -> Subject:
    """The person a video is about, with the languages it prints (default: the campaign's first two)."""
    return Subject(
        project.campaign,
        project.resolve,
        person=project.campaign.person(person_id),
        duration_of=duration_of,
        languages=languages,
    )


@runtime_checkable
class CampaignVideoKind(Protocol):
    """A job kind whose videos are about the campaign (a reel): it finds the project's output
    entry a job was made from, which its template reads (``Subject.output``)."""

    def output_of(self, project: Project, job: Job) -> Any: ...


def subject_of(project: Project, job: Job) -> Subject:
    """What ``job``'s video is about, by its template's scope: its person, or (a campaign-wide
    video) the campaign with the people it features in order and its output entry."""
    if registry.get(job.template).scope != "campaign":
        return subject(project, job.person, job.languages_of(project))
    kind = job.spec
    output = kind.output_of(project, job) if isinstance(kind, CampaignVideoKind) else None
    return Subject(
        project.campaign,
        project.resolve,
        duration_of=duration_of,
        languages=job.languages_of(project),
        featured=job.subjects,
        output=output,
    )


def plan(project: Project, job: Job) -> Timeline:
    template = registry.get(job.template)
    _, timeline = template.plan(subject_of(project, job), get_preset(job.preset).canvas())
    return cast(Timeline, timeline)  # a video template builds a Timeline


def featured_people(project: Project, job: Job) -> list[tuple[int, Person]]:
    """The people a video shows, with their places in the project: the person of a story,
    the featured people of a campaign-wide video (in its order)."""
    ids = job.subjects if job.subject is None else (job.person,)
    places = {p.id: i for i, p in enumerate(project.campaign.people)}
    return [(places[pid], project.campaign.people[places[pid]]) for pid in ids if pid in places]


def person_at(project: Project, job: Job) -> str:
    """The JSON path of the person a video is about: "people[2]"."""
    return f"people[{next(i for i, p in enumerate(project.campaign.people) if p.id == job.person)}]"


def limits_at(project: Project, job: Job) -> str:
    """The JSON path a video's length problems are told at: the output entry it is made from
    when its kind has one (a reel; a film, a person's film too: the entry chooses its clips
    and closing), else its person (a story, whose length is the person's photos and texts)."""
    kind = job.spec
    output = kind.output_of(project, job) if isinstance(kind, CampaignVideoKind) else None
    if output is not None:
        for section, entries in project.campaign.outputs:
            for k, entry in enumerate(entries):
                if entry is output:
                    return f"outputs.{section}[{k}]"
    return person_at(project, job) if job.subject is not None else "outputs"


def _whose(project: Project, job: Job) -> str | None:
    """Whose video a length problem told at an output entry is about: the person's id for a
    person's video made from an entry (a film), None when the path names them already."""
    at_entry = limits_at(project, job).startswith("outputs")
    return job.person if at_entry and job.subject is not None else None


def check(project: Project, job: Job) -> list[Problem]:
    """Every media problem of this video, before anything is drawn or encoded."""
    return checked_plan(project, job)[1]


def checked_plan(project: Project, job: Job) -> tuple[Timeline | None, list[Problem]]:
    """The plan and every problem with the video's media (the plan is None when the caption
    files cannot be read); one pass serves both ``check`` and ``render_video``."""
    campaign = project.campaign
    preset = get_preset(job.preset)
    music = ("video.music", campaign.video.music) if campaign.video.music else None
    problems: list[Problem] = []
    # Each person's media at their own JSON paths (a reel's featured people, each once), the
    # music with the first of them.
    for index, person in featured_people(project, job):
        problems += check_person_media(
            person, f"people[{index}]", project.resolve, preset.width, preset.height, music
        )
        music = None
    try:
        timeline = plan(project, job)
    except (ValueError, OSError) as exc:  # unreadable caption files
        return None, [*problems, Problem(_caption_problem_at(project, job, exc), str(exc))]
    return timeline, [*problems, *_beyond(project, job, timeline)]


def _caption_problem_at(project: Project, job: Job, exc: Exception) -> str:
    """Where a plan that could not be made is told: at the field naming the caption file that
    could not be read (a person's, a clip's, a voice-over's: :class:`CaptionFileError` says
    which), else at the person's caption files, or the output entry of a campaign video."""
    if isinstance(exc, CaptionFileError):
        return exc.where
    return f"{person_at(project, job)}.captions" if job.subject is not None else limits_at(project, job)


def length_problems(project: Project, job: Job) -> list[Problem]:
    """Whether this video's plan is beyond its platform's limits (too long, or too long for
    its file size): what validation asks of every shape, where the media are checked once
    per person. A plan that cannot be made gives nothing here: the media check says why."""
    try:
        timeline = plan(project, job)
    except (ValueError, OSError):
        return []
    return _beyond(project, job, timeline)


def _beyond(project: Project, job: Job, timeline: Timeline) -> list[Problem]:
    preset = get_preset(job.preset)
    too_long = limit_problem(preset, timeline.duration, timeline.fps, job.template, _whose(project, job))
    return [] if too_long is None else [Problem(limits_at(project, job), f"{job.preset}: {too_long}")]


class VideoFailed(Exception):
    """This video cannot be made; the message is the ``error`` of its manifest entry."""


@dataclass(frozen=True)
class Prepared:
    """A video ready to encode: its plan, its drawn images (the photos are drawn by the frame
    feeder while ffmpeg encodes) and its measured loudness. It holds no process and no open
    file, so a prepared video that is never encoded (after a cancel) needs no cleanup."""

    job: Job
    timeline: Timeline
    assets: Assets
    measured: Loudness | None
    languages: tuple[str, ...] = DEFAULT_LANGUAGES  # what it prints: its caption files' languages
    folder: str = ""  # its subject's folder (Job.folder); empty: the person's


@contextlib.contextmanager
def _failures(where: Path) -> Iterator[None]:
    """Every way making a video can fail, as the one line its manifest entry carries
    (:class:`Cancelled` passes through: a cancel is not a failure)."""
    try:
        yield
    except AssetError as exc:
        raise VideoFailed("; ".join(str(p) for p in exc.problems)) from None
    except FeedError as exc:  # a photo that passed the checks but could not be drawn
        raise VideoFailed(f"could not draw the photo frames: {exc}") from None
    except FfmpegError as exc:
        raise VideoFailed(f"ffmpeg failed: {exc}") from None
    except OSError as exc:  # a full disk, an unwritable cache or output folder
        raise VideoFailed(cannot_write(exc, where)) from None
    except ValueError as exc:
        raise VideoFailed(f"could not render the video: {exc}") from None


def prepare_video(project: Project, job: Job, cache: Path, cancel: CancelToken | None = None) -> Prepared:
    """Everything before the encode: check the media and plan, draw the images into ``cache``
    and measure the loudness (loudness pass 1, an ffmpeg process, runs while Pillow draws).
    Raises :class:`VideoFailed` or :class:`Cancelled`; leaves no process running."""
    if cancel is not None and cancel.cancelled:
        raise Cancelled()
    timeline, problems = checked_plan(project, job)
    if problems or timeline is None:
        raise VideoFailed("; ".join(str(p) for p in problems))
    exe = ffmpeg_exe()
    with _failures(cache):
        measuring = None
        if timeline.audio is not None and not timeline.audio.silent:
            measuring = start_capture(measure_command(timeline, exe), cancel, "the loudness measurement")
        try:
            assets = prepare(timeline, cache, photos=False)  # the feeder prepares the photos
        except BaseException:
            if measuring is not None:  # wait for it: no process or log file left behind
                with contextlib.suppress(FfmpegError, Cancelled):
                    measuring.stop()
            raise
        measured = parse_measurement(measuring()) if measuring else None
    return Prepared(
        job, timeline, assets, measured, job.languages_of(project), job.folder(project.campaign.id)
    )


def encode_video(
    prepared: Prepared,
    out_dir: Path,
    encoding: Encoding,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: CancelToken | None = None,
) -> Product:
    """Encode a prepared video to a temporary file beside its final path under ``out_dir``
    and compose its caption sidecars: the video's product, for the writer to rename into
    place. Raises :class:`VideoFailed` or :class:`Cancelled`, and either way leaves no file of
    this video behind."""
    job, timeline, folder = prepared.job, prepared.timeline, prepared.folder
    final = out_dir / video_rel(job, folder)
    preset = get_preset(job.preset)
    rel = video_rel(job, folder).as_posix()
    beyond = limit_problem(preset, timeline.duration, timeline.fps, job.template)
    if beyond is not None:  # checked with the plan; a plan made elsewhere is checked here
        raise VideoFailed(beyond)
    encoding = capped(encoding, preset, timeline.duration, timeline.fps)
    partial: Path | None = None
    try:
        with _failures(final):  # a folder that cannot be made is "cannot write PATH", not a bug
            partial = temp_beside(final)  # unique: two renders never share a temporary file
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            exe = ffmpeg_exe()
            args = render_command(timeline, prepared.assets, partial, encoding, prepared.measured, exe)
            run_ffmpeg(args, timeline.duration, on_progress, cancel, photo_feed(timeline, prepared.assets))
            size = partial.stat().st_size
        too_big = over_size(rel, size, preset)
        if too_big is not None:  # the cap is a bound with margins; the file is what counts
            raise VideoFailed(too_big)
    except BaseException:
        if partial is not None:  # the writer renames it on success; removed on every other way out
            partial.unlink(missing_ok=True)
        raise
    entries: list[OutputEntry] = [
        VideoEntry(
            status="rendered",
            **job.entry_fields,
            person=folder or job.person,
            path=rel,
            width=preset.width,
            height=preset.height,
            bytes=size,
            duration_s=round(timeline.duration, 3),
            encoder=EncoderUsed(
                codec=encoding.codec, preset=encoding.preset, crf=encoding.crf, max_kbps=encoding.max_kbps
            ),
        )
    ]
    files: list[tuple[str, bytes | Path]] = [(rel, partial)]
    for lang in prepared.languages:
        for kind, compose in CAPTION_WRITERS:
            path = caption_rel(job, lang, kind, folder).as_posix()
            files.append((path, compose(timeline.cues, lang).encode("utf-8")))
            entries.append(
                CaptionsEntry(
                    status="rendered",
                    **job.entry_fields,
                    person=folder or job.person,
                    lang=lang,
                    format=kind,
                    video=rel,
                    path=path,
                )
            )
    return Product(tuple(entries), tuple(files))


def failed_video(job: Job, error: str, folder: str = "") -> list[OutputEntry]:
    """The manifest entry of a video that could not be made (``folder``: its subject's)."""
    return [
        VideoEntry(
            status="failed",
            **job.entry_fields,
            person=folder or job.person,
            error=error,
        )
    ]


def render_video(
    project: Project,
    job: Job,
    out_dir: Path,
    cache: Path,
    encoding: Encoding,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: CancelToken | None = None,
) -> list[OutputEntry]:
    """Make one video and its caption sidecars and write them into ``out_dir``; return their
    manifest entries. A problem becomes the video entry's ``error``; a cancel raises
    :class:`Cancelled`."""
    from ..writer import commit

    progress = (lambda _, p: on_progress(p)) if on_progress is not None else None
    product = make_product(Run(project, Workspace(out_dir, cache, encoding), progress, cancel), job)
    return commit(product, out_dir)


_T = TypeVar("_T")


def folder_of(project: Project, job: Job) -> str:
    """The folder of ``job``'s files: its person's, or the campaign's for a campaign-wide
    video (:meth:`Job.folder`; a story's never reads the project)."""
    return job.person if job.subject is not None else job.folder(project.campaign.id)


def _failing(job: Job, step: Callable[[], _T], folder: str = "") -> _T | Product:
    """``step``'s result, or the failed product of a video that cannot be made."""
    try:
        return step()
    except VideoFailed as exc:
        return Product(tuple(failed_video(job, str(exc), folder)))


def _prepare(project: Project, job: Job, cache: Path, cancel: CancelToken | None) -> Prepared | Product:
    """Prepare a video (on the preparing thread), or its failed product."""
    folder = folder_of(project, job)
    prepare = functools.partial(prepare_video, project, job, cache, cancel)
    return guarded(project, job, lambda: _failing(job, prepare, folder))


def _encode(
    prepared: Prepared,
    out_dir: Path,
    encoding: Encoding,
    on_progress: Callable[[Progress], None] | None,
    cancel: CancelToken | None,
) -> Product:
    """Encode a prepared video, or give its failed product."""
    encode = functools.partial(encode_video, prepared, out_dir, encoding, on_progress, cancel)
    return _failing(prepared.job, encode, prepared.folder)


def _background() -> None:
    """Run this thread, and the drawing threads and the measuring ffmpeg it starts (they
    inherit it), only on CPU time nothing else wants (Linux's SCHED_IDLE; a thread's policy
    is its own). Preparing the next video then fills what the encode leaves idle; at a nice
    value of +10 it still took a tenth of two busy cores, and the encodes lost what the
    overlap saved. When the encode leaves nothing idle, the preparation finishes after it,
    at full speed, as it would without the overlap. It still shares this process's
    interpreter lock with the frame feeder, so on two busy cores the overlap gains nothing
    measurable (README, benchmarks/batch.py). Elsewhere nothing is changed (a thread's
    priority there is the whole process's)."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # 0: this thread


def render_videos(
    project: Project,
    jobs: Sequence[Job],
    out_dir: Path,
    cache: Path,
    encoding: Encoding,
    on_progress: OnProgress | None = None,
    cancel: CancelToken | None = None,
) -> Generator[tuple[Job, Product], None, None]:
    """Make ``jobs`` one after another, yielding each job's product (see :func:`encode_video`)
    as it finishes, and prepare the next video (plan, drawing, loudness pass) on a thread while
    the current one encodes, so the encoder never waits for Pillow or for the measurement: a
    campaign's video time comes close to the sum of its encodes alone (``benchmarks/batch.py``).

    One encode at a time: x264 already uses every core, and two at once only add memory.
    A cancel raises :class:`Cancelled` from the encode or the preparation; leaving the
    generator early (a cancel, an exception, ``close``) waits for the preparation under way,
    which holds no process once it returns, so nothing is left running."""
    if not jobs:
        return
    with ThreadPoolExecutor(1, "takatof-prepare", initializer=_background) as ahead:

        def start(job: Job) -> Future[Prepared | Product]:
            return ahead.submit(_prepare, project, job, cache, cancel)

        upcoming = start(jobs[0])
        for position, job in enumerate(jobs):
            ready = upcoming.result()  # raises only Cancelled: failures are products
            if position + 1 < len(jobs):
                upcoming = start(jobs[position + 1])  # drawn while this one encodes
            if isinstance(ready, Product):
                yield job, ready
                continue
            report = functools.partial(on_progress, job) if on_progress else None
            encode = functools.partial(_encode, ready, out_dir, encoding, report, cancel)
            yield job, guarded(project, job, encode)


class VideoKind:
    """The story video job kind: made one encode at a time (x264 uses every core), the next
    prepared meanwhile; a finished video is a temporary file beside its target."""

    name = "video"
    parallel = False
    encodes = True

    def jobs(self, project: Project, only: set[str] | None, presets: set[str] | None) -> list[Job]:
        return [*video_jobs(project, only, presets)]

    def identities(self, job: Job, campaign_id: str) -> tuple[Identity, ...]:
        folder = job.folder(campaign_id)
        captions = [
            ("captions", job.template, folder, job.preset, lang, kind, *job.chosen)
            for lang, kind in caption_formats(job)
        ]
        return (("video", job.template, folder, job.preset, *job.chosen), *captions)

    def paths(self, job: Job, campaign_id: str) -> tuple[str, ...]:
        folder = job.folder(campaign_id)
        captions = [caption_rel(job, lang, kind, folder).as_posix() for lang, kind in caption_formats(job)]
        return (video_rel(job, folder).as_posix(), *captions)

    def key(self, project: Project, job: Job, encoding: Encoding | None) -> str:
        return video_key(project, job.template, job.preset, job.person, encoding, job.languages_of(project))

    def make(self, run: Run, job: Job) -> Product:
        place = run.place
        if place.encoding is None:
            raise ValueError("videos need an encoding")
        folder = folder_of(run.project, job)
        ready = _failing(job, lambda: prepare_video(run.project, job, place.cache, run.cancel), folder)
        if isinstance(ready, Product):
            return ready
        return _encode(ready, place.out_dir, place.encoding, run.reporter(job), run.cancel)

    def failed(self, project: Project, job: Job, error: str) -> tuple[OutputEntry, ...]:
        return tuple(failed_video(job, error, folder_of(project, job)))

    def sequence(self, run: Run, jobs: Sequence[Job]) -> Iterator[tuple[Job, Product]]:
        place = run.place
        if jobs and place.encoding is None:
            raise ValueError("videos need an encoding")
        encoding = cast(Encoding, place.encoding)
        yield from render_videos(
            run.project, jobs, place.out_dir, place.cache, encoding, run.progress, run.cancel
        )


def caption_formats(job: Job) -> list[tuple[str, str]]:
    """The caption files a video job makes: each of its languages, in each format."""
    return [(lang, kind) for lang in job.languages or DEFAULT_LANGUAGES for kind, _ in CAPTION_WRITERS]


VIDEOS = register(VideoKind())


def preview(
    project: Project, job: Job, t: float, cache: Path, scale: float = 1.0
) -> tuple[Image.Image, float]:
    """The frame of ``job``'s video at ``t`` seconds, from the plan and the cached images the
    render uses (what the desktop app's scrubber shows), and the video's length."""
    from .compositor import frame_at

    timeline = plan(project, job)
    return frame_at(timeline, prepare(timeline, cache), t, scale), timeline.duration
