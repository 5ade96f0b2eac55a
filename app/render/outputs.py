"""The one way to render a campaign's outputs into a folder (the CLI and the Studio use it).

``render_outputs`` checks the output folder, takes its lock (one writer at a time), has the
cards drawn by a card executor (this process, or worker processes) and writes them, renders
the videos (one after another), and — on every way out:
done, failed, cancelled, or an exception — merges what finished into ``manifest.json``, so
the manifest always matches the disk. Progress goes through callbacks and cancelling through
a :class:`CancelToken`, so a terminal, a signal handler or a Qt worker can drive it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.model import Project
from app.render.batch import CardExecutor, CardFile, local_executor, write_card
from app.render.cancel import CancelToken
from app.render.cards import CardJob, card_jobs
from app.render.files import TEMP_MARK, folder_lock
from app.render.keys import card_key, video_key
from app.render.manifest import MANIFEST_NAME, Identity, OutputEntry, read_manifest, update_manifest
from app.render.video.graph import Encoding
from app.render.video.render import VideoJob, render_videos, video_jobs
from app.render.video.runner import Cancelled, Progress

if TYPE_CHECKING:
    from app.render.cluster import Cluster

CAPTION_FORMATS = tuple((lang, kind) for lang in ("ar", "en") for kind in ("srt", "vtt"))


class OutputError(Exception):
    """The output (or cache) folder cannot be used; the message names it and the fix."""


@dataclass
class Callbacks:
    """What a render reports while it runs (all optional)."""

    card: Callable[[int, int, OutputEntry], None] | None = None  # done, total, entry
    video_progress: Callable[[int, Progress], None] | None = None  # video index, progress
    video_done: Callable[[int, list[OutputEntry]], None] | None = None  # video index, its entries


@dataclass
class Request:
    """What to render and how."""

    cards: list[CardJob] = field(default_factory=list)
    videos: list[VideoJob] = field(default_factory=list)
    workers: int = 1  # for the default executor: this process, or a pool of workers
    encoding: Encoding | None = None  # needed when there are videos
    cache: Path | None = None  # default: OUT/.cache
    force: bool = False  # render every output, even those whose key and file match
    cluster: str | None = None  # a Dask cluster ("local:N" or "tcp://HOST:PORT") renders the outputs


@dataclass
class RenderResult:
    """What a render did: this run's entries, in the order of the request (cards, then each
    video with its captions), and how it ended."""

    entries: list[OutputEntry] = field(default_factory=list)
    cancelled: bool = False
    manifest: Path | None = None  # where the manifest was written
    manifest_error: str | None = None  # why the manifest could not be written

    @property
    def failed(self) -> list[OutputEntry]:
        return [e for e in self.entries if e.error is not None]


def render_outputs(
    project: Project,
    out_dir: Path,
    request: Request,
    callbacks: Callbacks | None = None,
    cancel: CancelToken | None = None,
    executor: CardExecutor | None = None,
) -> RenderResult:
    """Render ``request`` into ``out_dir``, drawing the cards with ``executor`` (default:
    :func:`~app.render.batch.local_executor` for ``request.workers``). Raises
    :class:`OutputError` (or FolderBusy) before anything is written when the folder cannot
    be used."""
    callbacks = callbacks or Callbacks()
    executor = executor or local_executor(request.workers)
    check_folder(out_dir, "--out")
    cache = request.cache or out_dir / ".cache"
    if request.videos:
        check_folder(cache, "--cache")
    result = RenderResult()
    try:
        with folder_lock(out_dir), _cluster(request.cluster) as cluster:
            sweep_temporaries(out_dir)
            if cluster is not None:
                executor = cluster.card_executor()
            try:
                todo = _skip_unchanged(project, out_dir, request, result, callbacks)
                cards, videos = todo.cards, todo.videos
                if cards:
                    result.cancelled = _render_cards(
                        project, todo, out_dir, executor, result, callbacks, cancel
                    )
                if videos and not result.cancelled:
                    if request.encoding is None:
                        raise ValueError("videos need an encoding")
                    if cluster is not None:
                        result.cancelled = cluster.render_videos(
                            project,
                            todo,
                            out_dir,
                            request.encoding,
                            result.entries,
                            callbacks.video_done,
                            cancel,
                        )
                    else:
                        result.cancelled = _render_videos(
                            project, todo, out_dir, cache, request.encoding, result, callbacks, cancel
                        )
            finally:
                try:
                    result.manifest = update_manifest(out_dir, result.entries, wanted(project))
                except OSError as exc:  # a full disk: the outputs' own errors still stand
                    where = exc.filename or out_dir / MANIFEST_NAME
                    result.manifest_error = f"cannot write {where}: {exc.strerror or exc}"
    except (FileExistsError, NotADirectoryError) as exc:  # a file where a folder must go
        raise OutputError(_not_a_folder(Path(exc.filename or out_dir), "--out")) from None
    return result


def _render_cards(
    project: Project,
    todo: Todo,
    out_dir: Path,
    executor: CardExecutor,
    result: RenderResult,
    callbacks: Callbacks,
    cancel: CancelToken | None,
) -> bool:
    """Draw the cards with ``executor`` and write each as it comes back; their entries join
    ``result`` in the jobs' order (whatever order they finished in), also when an exception
    ends the render, so the manifest lists every card written. Returns whether cancelled."""
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = todo.cards
    by_job: dict[CardJob, OutputEntry] = {}

    def done(job: CardJob, card: CardFile) -> None:
        # The key computed before drawing: a file saved meanwhile makes the next render redo it.
        entry = by_job[job] = write_card(card, out_dir).keyed(todo.keys[job])
        if callbacks.card:
            callbacks.card(todo.skipped_cards + len(by_job), todo.total_cards, entry)

    try:
        return executor.run(project, jobs, done, cancel)
    finally:
        result.entries += [by_job[job] for job in jobs if job in by_job]


def _render_videos(
    project: Project,
    todo: Todo,
    out_dir: Path,
    cache: Path,
    encoding: Encoding,
    result: RenderResult,
    callbacks: Callbacks,
    cancel: CancelToken | None,
) -> bool:
    """Render the videos with :func:`~app.render.video.render.render_videos` (one encode at
    a time, the next video prepared meanwhile); progress is reported by the job's position in
    the request. Returns whether cancelled."""
    on_progress = callbacks.video_progress

    def report(job: VideoJob, progress: Progress) -> None:
        if on_progress:
            on_progress(todo.positions[job], progress)

    try:
        for job, done in render_videos(project, todo.videos, out_dir, cache, encoding, report, cancel):
            done = [entry.keyed(todo.keys[job]) for entry in done]
            result.entries += done
            if callbacks.video_done:
                callbacks.video_done(todo.positions[job], done)
    except Cancelled:
        return True
    return False


@dataclass
class Todo:
    """What a render still has to do after skipping unchanged outputs: the jobs, the key of
    each (computed *before* rendering, from the inputs as they were then), and where each
    video stands in the request (progress is reported by that position)."""

    cards: list[CardJob] = field(default_factory=list)
    videos: list[VideoJob] = field(default_factory=list)
    keys: dict[CardJob | VideoJob, str] = field(default_factory=dict)
    positions: dict[VideoJob, int] = field(default_factory=dict)
    skipped_cards: int = 0
    total_cards: int = 0


def _skip_unchanged(
    project: Project, out_dir: Path, request: Request, result: RenderResult, callbacks: Callbacks
) -> Todo:
    """The jobs still to render: an output whose key is the one the manifest records and
    whose files are on disk is reported ``unchanged`` and skipped (``--force`` skips none).
    A video counts as unchanged only with all four of its caption files."""
    todo = Todo(total_cards=len(request.cards))
    todo.positions = {job: i for i, job in enumerate(request.videos)}
    earlier = {} if request.force else {entry.identity: entry for entry in read_manifest(out_dir).outputs}
    campaign_id = project.campaign.id
    for job in request.cards:
        key = todo.keys[job] = card_key(project, job.template, job.preset, job.subject)
        old = earlier.get(("card", job.template, job.subject or campaign_id, job.preset))
        if old is not None and _same(old, key, out_dir):
            entry = old.unchanged()
            result.entries.append(entry)
            todo.skipped_cards += 1
            if callbacks.card:
                callbacks.card(todo.skipped_cards, todo.total_cards, entry)
        else:
            todo.cards.append(job)
    for video in request.videos:
        key = todo.keys[video] = video_key(
            project, video.template, video.preset, video.person, request.encoding
        )
        ids: list[Identity] = [("video", video.template, video.person, video.preset)]
        ids += [
            ("captions", video.template, video.person, video.preset, lang, kind)
            for lang, kind in CAPTION_FORMATS
        ]
        olds = [earlier.get(i) for i in ids]
        if all(old is not None and _same(old, key, out_dir) for old in olds):
            result.entries += [old.unchanged() for old in olds if old is not None]
        else:
            todo.videos.append(video)
    return todo


def _same(entry: OutputEntry, key: str, out_dir: Path) -> bool:
    """The entry was made from inputs with this key, and its files are still there."""
    if entry.key != key or entry.path is None or entry.stale is not None:
        return False
    files = [entry.path, getattr(entry, "alt_path", None)]
    return all((out_dir / f).is_file() for f in files if f is not None)


@contextlib.contextmanager
def _cluster(address: str | None) -> Iterator[Cluster | None]:
    if address is None:
        yield None
        return
    from app.render.cluster import Cluster

    try:
        cluster = Cluster(address)
    except ImportError:
        raise OutputError("--cluster needs Dask: pip install 'takatof[cluster]'") from None
    except (OSError, TimeoutError) as exc:
        raise OutputError(f"--cluster: cannot reach the Dask scheduler at {address} ({exc})") from None
    with cluster:
        yield cluster


def sweep_temporaries(out_dir: Path) -> None:
    """Remove temporary files a killed render (SIGKILL, a power cut) left in the folder: with
    the lock held, no other render can be writing them. The cache is left alone: it may be
    shared with renders into other folders, and its files are harmless."""
    for path in out_dir.rglob(f".*{TEMP_MARK}*"):
        if ".cache" not in path.relative_to(out_dir).parts and path.is_file():
            path.unlink(missing_ok=True)


def wanted(project: Project) -> set[Identity]:
    """The identity of every output the project asks for, unfiltered: what the manifest
    may list without calling it stale."""
    campaign = project.campaign
    keys: set[Identity] = {
        ("card", job.template, job.subject or campaign.id, job.preset) for job in card_jobs(project)
    }
    for job in video_jobs(project):
        keys.add(("video", job.template, job.person, job.preset))
        keys.update(
            ("captions", job.template, job.person, job.preset, lang, kind) for lang, kind in CAPTION_FORMATS
        )
    return keys


def check_folder(folder: Path, option: str) -> None:
    """A folder that is, or can be created as, a folder: no file at it or above it."""
    for path in (folder, *folder.parents):
        if path.exists():
            if not path.is_dir():
                raise OutputError(_not_a_folder(path, option, folder))
            return


def _not_a_folder(path: Path, option: str, asked: Path | None = None) -> str:
    # The path the OS names may be the folder asked for; the culprit is the file above it.
    for candidate in (path, *path.parents):
        if candidate.exists() and not candidate.is_dir():
            path = candidate
            break
    within = f" (in {asked})" if asked is not None and asked != path else ""
    return f"{option}: {path} is a file, not a folder{within}; choose another {option} folder"
