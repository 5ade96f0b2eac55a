"""The one way to render a campaign's outputs into a folder (the CLI and the Studio use it).

``render_outputs`` checks the output folder, takes its lock (one writer at a time), skips the
outputs whose key and files are unchanged, has the request's executor make the others' products
(takatof.render.batch: this process or a process pool; takatof.render.cluster: a Dask cluster) and
commits each with the one writer (takatof.render.writer) as it comes back, and — on every way out:
done, failed, cancelled, or an exception — merges what finished into ``manifest.json``, so the
manifest always matches the disk. Progress goes through callbacks and cancelling through a
:class:`CancelToken`, the same on every executor, so a terminal, a signal handler or a Qt
worker can drive it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Project
from .batch import Executor, InProcess
from .cancel import CancelToken
from .files import TEMP_MARK, cannot_write, folder_lock
from .jobs import Job, Product, Run, Workspace, all_jobs
from .manifest import (
    MANIFEST_NAME,
    Identity,
    KitWriter,
    OutputEntry,
    PostRecord,
    read_manifest,
    update_manifest,
)
from .messages import OutputError
from .video.graph import Encoding
from .video.runner import Progress
from .writer import commit

__all__ = ["Callbacks", "OutputError", "RenderResult", "Request", "render_outputs", "wanted"]


@dataclass
class Callbacks:
    """What a render reports while it runs (all optional), the same from every executor."""

    progress: Callable[[Job, Progress], None] | None = None  # a long job under way (a video)
    # a job finished: its entries (rendered, failed, or unchanged and skipped), jobs finished
    # so far and in all (skipped ones included)
    done: Callable[[Job, list[OutputEntry], int, int], None] | None = None


@dataclass
class Request:
    """What to render and how: the jobs (any kinds), and the executor that makes them (this
    process by default; ``local_executor(N)`` for ``-j N``; a ``Cluster`` for ``--cluster``)."""

    jobs: list[Job] = field(default_factory=list)
    executor: Executor = field(default_factory=InProcess)
    encoding: Encoding | None = None  # needed when there are videos
    cache: Path | None = None  # default: OUT/.cache
    force: bool = False  # render every output, even those whose key and file match
    # Write the publishing kit (posts.json, the schedulers' CSVs, schedule.ics) for what the
    # folder holds afterwards; None: as the project's publishing.posts says.
    posts: bool | None = None


@dataclass
class RenderResult:
    """What a render did: this run's entries, in the order of the request's jobs (a video
    followed by its captions), and how it ended."""

    entries: list[OutputEntry] = field(default_factory=list)
    cancelled: bool = False
    manifest: Path | None = None  # where the manifest was written
    manifest_error: str | None = None  # why the manifest could not be written
    posts: list[PostRecord] | None = None  # the kit's posts, when it was written
    kit_error: str | None = None  # why the kit could not be written

    @property
    def failed_posts(self) -> list[PostRecord]:
        return [post for post in self.posts or [] if post.error is not None]

    @property
    def failed(self) -> list[OutputEntry]:
        return [e for e in self.entries if e.error is not None]


def render_outputs(
    project: Project,
    out_dir: Path,
    request: Request,
    callbacks: Callbacks | None = None,
    cancel: CancelToken | None = None,
) -> RenderResult:
    """Render ``request`` into ``out_dir``. Raises :class:`OutputError` (or FolderBusy) before
    anything is written when the folder cannot be used."""
    callbacks = callbacks or Callbacks()
    check_folder(out_dir, "--out")
    cache = request.cache or out_dir / ".cache"
    if request.cache is not None or request.encoding is not None:  # videos draw into it
        check_folder(cache, "--cache")
    result = RenderResult()
    by_job: dict[Job, list[OutputEntry]] = {}
    try:
        with folder_lock(out_dir):
            sweep_temporaries(out_dir)
            try:
                todo = _skip_unchanged(project, out_dir, request, by_job, callbacks)
                if todo:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    result.cancelled = _make(
                        project, todo, out_dir, Workspace(out_dir, cache, request.encoding), request,
                        by_job, callbacks, cancel,
                    )  # fmt: skip
            finally:
                # In the jobs' order (whatever order they finished in), also when an exception
                # ends the render, so the manifest lists every output written.
                result.entries = [e for job in request.jobs for e in by_job.get(job, [])]
                try:
                    kit = _kit_writer(project, out_dir, request, result)
                    result.manifest = update_manifest(out_dir, result.entries, wanted(project), kit)
                except OSError as exc:  # a full disk: the outputs' own errors still stand
                    result.manifest_error = cannot_write(exc, out_dir / MANIFEST_NAME)
    except (FileExistsError, NotADirectoryError) as exc:  # a file where a folder must go
        raise OutputError(_not_a_folder(Path(exc.filename or out_dir), "--out")) from None
    return result


def _kit_writer(project: Project, out_dir: Path, request: Request, result: RenderResult) -> KitWriter | None:
    """What writes the publishing kit for the merged manifest, when this render writes it: its
    posts go into ``result``; a kit that cannot be written (a full disk, a bug in a template's
    copy) is ``result.kit_error``, never a lost manifest."""
    wanted_posts = project.campaign.publishing.posts if request.posts is None else request.posts
    if not wanted_posts:
        return None

    def write(merged: list[OutputEntry]) -> tuple[list[str], list[PostRecord]]:
        from .kit import remove_kit, write_kit

        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            files, records = write_kit(project, out_dir, merged)
        except Exception as exc:  # a full disk, or a bug in making the copy: never the manifest
            # The manifest then lists no kit: so the folder holds none either (an earlier
            # kit, or part of this one, would describe other assets or an older plan).
            remove_kit(out_dir)
            said = (
                cannot_write(exc, out_dir / "posts.json")
                if isinstance(exc, OSError)
                else (f"the publishing kit could not be made: {exc}")
            )
            result.kit_error = f"{said}; the folder's publishing kit was removed (fix that, then `takatof render PROJECT --targets posts`)"
            return [], []
        result.posts = records
        return files, records

    return write


def _make(
    project: Project,
    todo: dict[Job, str],
    out_dir: Path,
    place: Workspace,
    request: Request,
    by_job: dict[Job, list[OutputEntry]],
    callbacks: Callbacks,
    cancel: CancelToken | None,
) -> bool:
    """Have the executor make ``todo`` (each job with its key, computed *before* making it: a
    file saved meanwhile makes the next render redo it) and commit each product as it comes
    back. Returns whether cancelled."""

    def done(job: Job, product: Product) -> None:
        if job in by_job:  # a duplicate from the executor (a retried task): written once
            product.discard()
            return
        entries = by_job[job] = commit(product, out_dir, todo[job])
        if callbacks.done:
            callbacks.done(job, entries, len(by_job), len(request.jobs))

    return request.executor.run(Run(project, place, callbacks.progress, cancel), list(todo), done)


def _skip_unchanged(
    project: Project,
    out_dir: Path,
    request: Request,
    by_job: dict[Job, list[OutputEntry]],
    callbacks: Callbacks,
) -> dict[Job, str]:
    """The jobs still to make, with their keys: an output whose key is the one the manifest
    records and whose files are all on disk (a video's with its four caption files) is reported
    ``unchanged`` and skipped (``--force`` skips none)."""
    earlier = {} if request.force else {entry.identity: entry for entry in read_manifest(out_dir).outputs}
    campaign_id = project.campaign.id
    todo: dict[Job, str] = {}
    for job in request.jobs:
        key = job.key(project, request.encoding)
        olds = [earlier.get(identity) for identity in job.identities(campaign_id)]
        if all(old is not None and _same(old, key, out_dir) for old in olds):
            entries = by_job[job] = [old.unchanged() for old in olds if old is not None]
            if callbacks.done:
                callbacks.done(job, entries, len(by_job), len(request.jobs))
        else:
            todo[job] = key
    return todo


def _same(entry: OutputEntry, key: str, out_dir: Path) -> bool:
    """The entry was made from inputs with this key, and its files are still there."""
    if entry.key != key or entry.path is None or entry.stale is not None:
        return False
    return all((out_dir / f).is_file() for f in entry.files)


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
    campaign_id = project.campaign.id
    return {identity for job in all_jobs(project) for identity in job.identities(campaign_id)}


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
