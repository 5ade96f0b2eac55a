"""Rendering on a Dask cluster: ``takatof render … --cluster local:N | tcp://HOST:PORT``.

Workers need no shared folder. The client turns the project into content: the campaign as
JSON, and every media file it names as bytes, each sent once to every worker under its
content hash (a copy on each worker, so a worker that dies loses no media the others need). A task rebuilds the project in a folder of its own on the worker — one folder per
project content, reused by the worker's later tasks — renders one output there and returns
the output's *bytes* with its manifest entry. Only the client writes the output folder and
the manifest, atomically, as for a local render; a worker that dies mid-task costs a retry
(the scheduler runs the task again elsewhere), never a half-written file.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.model import Project, load_for_editing
from app.model.paths import set_at
from app.model.project import all_media
from app.render.batch import CardFile, card_failed, make_card, project_names
from app.render.cancel import CancelToken
from app.render.cards import CardJob
from app.render.files import write_atomic
from app.render.manifest import OutputEntry
from app.render.video.graph import Encoding
from app.render.video.render import VideoJob, failed_video, render_video

if TYPE_CHECKING:
    from app.render.outputs import Todo

RETRIES = 2  # a task whose worker died is run again this many times

WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.active-memory-manager.start": False,
}
"""Dask settings for ``local:N``. A worker samples its threads' stacks every 10 ms for the
dashboard's profile, which no one sees here; on a card of 45 ms that cost about 10 ms of CPU
a task. The active memory manager drops the copies of the project's content from workers
with no task of it waiting at that moment, and each then fetches it again for its next
card. Workers and schedulers started by hand take the same settings from the environment
(README)."""

_MMAP_THRESHOLD = 32 << 20  # glibc's M_MMAP_THRESHOLD may go up to 32 MiB on 64-bit systems
_TRIM_THRESHOLD = 128 << 20


def _keep_freed_memory() -> None:
    """Let this worker process reuse the memory of the images it frees (glibc only).

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which also fixes
    glibc's mmap threshold at 128 KiB: every 8 MB image buffer of a card is then mapped,
    zeroed page by page and unmapped again, which cost a card some 10 ms of system time.
    Raising both thresholds gives back what glibc does on its own (a mmap threshold that
    grows to the sizes in use), for workers started by ``local:N`` or by hand alike."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, _MMAP_THRESHOLD)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, _TRIM_THRESHOLD)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):  # not glibc (musl, say): nothing to tune
        pass


def _distributed() -> Any:
    """``dask.distributed``, imported when a cluster is asked for (an optional dependency whose
    Client and LocalCluster carry no annotations: used through ``Any``, checked by the tests)."""
    import importlib

    return importlib.import_module("dask.distributed")


@dataclass(frozen=True)
class Bundle:
    """A project as content: what a worker needs to rebuild it anywhere."""

    key: str  # hash of everything below
    name: str  # the project file's name
    campaign: str  # the campaign as JSON
    media: tuple[tuple[str, str], ...]  # (path relative to the project folder, content hash)
    allow_outside: bool


def bundle(project: Project) -> tuple[Bundle, dict[str, Path]]:
    """The project's bundle and, for each content hash, the file that holds it. The campaign
    travels expanded (people and spotlights read from a spreadsheet go as the rows they
    hold, with the media those rows name). Media paths outside the project folder (allowed
    by --allow-outside-media) travel under a name of their own inside the worker's folder."""
    data = project.campaign.model_dump(mode="json", by_alias=True, exclude_unset=True)
    files: dict[str, Path] = {}
    media: set[tuple[str, str]] = set()
    moved = False
    for where, written, _ in list(all_media(data)):
        path = project.resolve(written)
        if not path.is_file():
            continue  # its outputs fail on the worker with the usual message
        digest = _hash(path)
        files[digest] = path
        inside = _inside(written)
        media.add((inside, digest))
        if inside != written:
            set_at(data, where, inside)
            moved = True
    campaign = json.dumps(data, ensure_ascii=False)
    content = json.dumps([project.path.name, campaign, sorted(media), project.allow_outside or moved])
    key = hashlib.sha256(content.encode()).hexdigest()[:24]
    return Bundle(key, project.path.name, campaign, tuple(sorted(media)), project.allow_outside), files


@dataclass(frozen=True)
class Content:
    """What the tasks of one render share: the bundle and its media's bytes by hash."""

    spec: Bundle
    media: dict[str, bytes]


def _inside(written: str) -> str:
    """Where a media path lives in the worker's folder: as written when it stays inside."""
    parts = Path(written.replace("\\", "/")).parts
    if Path(written).is_absolute() or ".." in parts:
        return "outside/" + hashlib.sha256(written.encode()).hexdigest()[:12] + "-" + Path(written).name
    return written


def _hash(path: Path) -> str:
    from app.render.keys import file_hash

    return file_hash(path)


# -- on the worker ------------------------------------------------------------------------

_projects: dict[str, Project] = {}
_lock = threading.Lock()


def materialize(spec: Bundle, media: dict[str, bytes]) -> Project:
    """The bundle as a project on this worker (built once per bundle and kept)."""
    with _lock:
        project = _projects.get(spec.key)
        if project is not None:
            return project
        if not _projects:
            _keep_freed_memory()
        folder = Path(tempfile.gettempdir()) / f"takatof-worker-{os.getpid()}" / spec.key
        for relative, digest in spec.media:
            target = folder / relative
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
                tmp.write_bytes(media[digest])
                tmp.replace(target)
        path = folder / spec.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(spec.campaign, encoding="utf-8")
        project = load_for_editing(path, project_names(), spec.allow_outside, decode=False)[0]
        _projects[spec.key] = project
        return project


def _share(content: Content) -> Content:
    """The task that holds a render's content (see Cluster._content)."""
    return content


def card_task(content: Content, job: CardJob) -> CardFile:
    """One card on a worker: its bytes and entry (the client writes them)."""
    return make_card(materialize(content.spec, content.media), job)


def video_task(
    content: Content, job: VideoJob, encoding: Encoding
) -> tuple[list[OutputEntry], dict[str, bytes]]:
    """One video on a worker, rendered into a folder of the worker's, returned as its
    entries and the bytes of the files they name (the video and its caption files)."""
    project = materialize(content.spec, content.media)
    with tempfile.TemporaryDirectory(prefix="takatof-video-") as out:
        folder = Path(out)
        cache = Path(tempfile.gettempdir()) / f"takatof-worker-{os.getpid()}" / "cache"
        entries = render_video(project, job, folder, cache, encoding)
        files = {e.path: (folder / e.path).read_bytes() for e in entries if e.path is not None}
    return entries, files


# -- on the client ------------------------------------------------------------------------


class Cluster:
    """A Dask client for ``local:N`` (a LocalCluster of N worker processes, made here and
    closed with this object) or ``tcp://HOST:PORT`` (a running scheduler)."""

    def __init__(self, address: str) -> None:
        distributed = _distributed()
        Client, LocalCluster = distributed.Client, distributed.LocalCluster

        self.address = address
        self._local = None
        if address.startswith("local:"):
            count = int(address.split(":", 1)[1])
            import dask

            with dask.config.set(WORKER_CONFIG):  # the workers take the config they start with
                self._local = LocalCluster(
                    n_workers=count,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=40,
                )
            self.client = Client(self._local)
        else:
            self.client = Client(address, timeout="20s")

    def close(self) -> None:
        self.client.close()
        if self._local is not None:
            self._local.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _content(self, project: Project) -> Any:
        """The project's bundle and media as one piece of data every task depends on (one
        dependency a task keeps the scheduler's work per task small; a future per media
        file made each task wait on hundreds), copied to each worker once.

        It is made by a task, not scattered: the scheduler keeps a task's recipe, so a copy
        lost with a dead worker is made again where it is needed; scattered data has no
        recipe, and its tasks would fail with the worker that held the last copy."""
        spec, files = bundle(project)
        media = {digest: path.read_bytes() for digest, path in files.items()}
        # Each worker fetches it with its first task and keeps it (no replicate call: it
        # fails outright when a worker dies during it).
        return self.client.submit(_share, Content(spec, media), pure=False)

    def cards(
        self, project: Project, jobs: list[CardJob], cancel: CancelToken | None = None
    ) -> Iterator[tuple[CardJob, CardFile | BaseException]]:
        """Render cards on the cluster; yields each as it finishes (any order): its bytes, or
        the exception that stopped it after the retries."""
        content = self._content(project)
        futures = {
            self.client.submit(card_task, content, job, retries=RETRIES, pure=False): job for job in jobs
        }
        yield from self._collect(futures, cancel)

    def videos(
        self, project: Project, jobs: list[VideoJob], encoding: Encoding, cancel: CancelToken | None = None
    ) -> Iterator[tuple[VideoJob, tuple[list[OutputEntry], dict[str, bytes]] | BaseException]]:
        """Render videos on the cluster; yields (job, (entries, files) or the exception)."""
        content = self._content(project)
        futures = {
            self.client.submit(
                video_task,
                content,
                job,
                encoding,
                retries=RETRIES,
                pure=False,
            ): job
            for job in jobs
        }
        yield from self._collect(futures, cancel)

    def card_executor(self) -> ClusterCards:
        """This cluster as the render's card executor (see app.render.batch.CardExecutor)."""
        return ClusterCards(self)

    def render_videos(
        self,
        project: Project,
        todo: Todo,
        out_dir: Path,
        encoding: Encoding,
        entries: list[OutputEntry],
        on_done: Callable[[int, list[OutputEntry]], None] | None,
        cancel: CancelToken | None,
    ) -> bool:
        """Render videos on the cluster, several at once (one per worker), and write each
        one's files here as it comes back (all of a video's files, or none of them); returns
        whether the render was cancelled."""
        for job, outcome in self.videos(project, todo.videos, encoding, cancel):
            if isinstance(outcome, BaseException):
                done = failed_video(job, f"the cluster could not render it: {outcome}")
            else:
                done, files = outcome
                written: list[Path] = []
                try:
                    for rel, data in files.items():
                        write_atomic(out_dir / rel, data)
                        written.append(out_dir / rel)
                except OSError as exc:
                    for path in written:
                        path.unlink(missing_ok=True)
                    where = out_dir / rel
                    done = failed_video(job, f"cannot write {where}: {exc.strerror or exc}")
            done = [e.keyed(todo.keys[job]) for e in done]
            entries += done
            if on_done is not None:
                on_done(todo.positions[job], done)
        return cancel is not None and cancel.cancelled

    def _collect(self, futures: dict[Any, Any], cancel: CancelToken | None) -> Iterator[Any]:
        """(job, result or exception) as each task finishes. The results are fetched from
        the workers in the background as they finish (``as_completed`` with results), not
        one round trip at a time from here, and each is released on the cluster once handed
        over, so no worker keeps output bytes that are already written. A cancel is noticed
        within a fraction of a second and cancels what has not finished on the cluster."""
        finished = _distributed().as_completed(list(futures), with_results=True, raise_errors=False)
        pending = dict(futures)
        try:
            while pending:
                if cancel is not None and cancel.cancelled:
                    return
                batch = finished.next_batch(block=False)
                if not batch:
                    time.sleep(0.01)  # the results arrive on the client's own thread
                    continue
                for future, result in batch:
                    job = pending.pop(future)
                    outcome = result if future.status == "finished" else _failure(future.status, result)
                    future.release()
                    yield job, outcome
        finally:
            if pending:
                self.client.cancel(list(pending))


def _failure(status: str, result: Any) -> BaseException:
    """The exception of a task that did not finish: raised in it (after its retries), or
    the cluster gave it up (cancelled, its data lost with a worker)."""
    if isinstance(result, tuple) and len(result) == 3 and isinstance(result[1], BaseException):
        return result[1]  # (type, exception, traceback)
    if isinstance(result, BaseException):
        return result
    return RuntimeError(f"the task ended {status}")


class ClusterCards:
    """Cards drawn on the cluster, written by the caller as they come back (a CardExecutor)."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def run(
        self,
        project: Project,
        jobs: Sequence[CardJob],
        done: Callable[[CardJob, CardFile], None],
        cancel: CancelToken | None,
    ) -> bool:
        for job, outcome in self.cluster.cards(project, list(jobs), cancel):
            if isinstance(outcome, BaseException):
                outcome = CardFile(card_failed(project, job, f"the cluster could not draw it: {outcome}"))
            done(job, outcome)
        return cancel is not None and cancel.cancelled
