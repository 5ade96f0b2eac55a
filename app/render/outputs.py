"""The one way to render a campaign's outputs into a folder (the CLI and the Studio use it).

``render_outputs`` checks the output folder, takes its lock (one writer at a time), renders
the cards (in parallel) and then the videos (one after another), and — on every way out:
done, failed, cancelled, or an exception — merges what finished into ``manifest.json``, so
the manifest always matches the disk. Progress goes through callbacks and cancelling through
a :class:`CancelToken`, so a terminal, a signal handler or a Qt worker can drive it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.model import Project
from app.render.batch import RenderResult, render_cards
from app.render.cancel import CancelToken
from app.render.cards import CardJob, card_jobs
from app.render.files import TEMP_MARK, folder_lock
from app.render.manifest import MANIFEST_NAME, Entry, Identity, update_manifest
from app.render.video.graph import Encoding
from app.render.video.render import VideoJob, render_videos, video_jobs
from app.render.video.runner import Progress

CAPTION_FORMATS = tuple((lang, kind) for lang in ("ar", "en") for kind in ("srt", "vtt"))


class OutputError(Exception):
    """The output (or cache) folder cannot be used; the message names it and the fix."""


@dataclass
class Callbacks:
    """What a render reports while it runs (all optional)."""

    card: Callable[[int, int, Entry], None] | None = None  # done, total, entry
    video_progress: Callable[[int, Progress], None] | None = None  # video index, progress
    video_done: Callable[[int, list[Entry]], None] | None = None  # video index, its entries


@dataclass
class Request:
    """What to render and how."""

    cards: list[CardJob] = field(default_factory=list)
    videos: list[VideoJob] = field(default_factory=list)
    workers: int = 1
    encoding: Encoding | None = None  # needed when there are videos
    cache: Path | None = None  # default: OUT/.cache


def render_outputs(
    project: Project,
    out_dir: Path,
    request: Request,
    callbacks: Callbacks | None = None,
    cancel: CancelToken | None = None,
) -> RenderResult:
    """Render ``request`` into ``out_dir``. Raises :class:`OutputError` (or its subclass
    FolderBusy) before anything is written when the folder cannot be used."""
    callbacks = callbacks or Callbacks()
    check_folder(out_dir, "--out")
    cache = request.cache or out_dir / ".cache"
    if request.videos:
        check_folder(cache, "--cache")
    result = RenderResult()
    try:
        with folder_lock(out_dir):
            sweep_temporaries(out_dir)
            try:
                if request.cards:
                    done = render_cards(
                        project, request.cards, out_dir, request.workers, callbacks.card, cancel
                    )
                    result.entries += done.entries
                    result.cancelled = done.cancelled
                if request.videos and not result.cancelled:
                    if request.encoding is None:
                        raise ValueError("videos need an encoding")
                    entries, cancelled = render_videos(
                        project,
                        request.videos,
                        out_dir,
                        cache,
                        request.encoding,
                        callbacks.video_progress,
                        callbacks.video_done,
                        cancel,
                    )
                    result.entries += entries
                    result.cancelled = cancelled
            finally:
                try:
                    result.manifest = update_manifest(out_dir, result.entries, wanted(project))
                except OSError as exc:  # a full disk: the outputs' own errors still stand
                    where = exc.filename or out_dir / MANIFEST_NAME
                    result.manifest_error = f"cannot write {where}: {exc.strerror or exc}"
    except (FileExistsError, NotADirectoryError) as exc:  # a file where a folder must go
        raise OutputError(_not_a_folder(Path(exc.filename or out_dir), "--out")) from None
    return result


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
