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

import hashlib
import json
import os
import tempfile
import threading
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
from app.render.manifest import OutputEntry, VideoEntry
from app.render.video.graph import Encoding
from app.render.video.render import VideoJob, render_video

if TYPE_CHECKING:
    from app.render.outputs import Todo

RETRIES = 2


def _distributed() -> Any:
    """``dask.distributed``, imported when a cluster is asked for (an optional dependency whose
    Client and LocalCluster carry no annotations: used through ``Any``, checked by the tests)."""
    import importlib

    return importlib.import_module(
        "dask.distributed"
    )  # a task whose worker died is run again this many times


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


def card_task(spec: Bundle, media: dict[str, bytes], job: CardJob) -> CardFile:
    """One card on a worker: its bytes and entry (the client writes them)."""
    return make_card(materialize(spec, media), job)


def video_task(
    spec: Bundle, media: dict[str, bytes], job: VideoJob, encoding: Encoding
) -> tuple[list[OutputEntry], dict[str, bytes]]:
    """One video on a worker, rendered into a folder of the worker's, returned as its
    entries and the bytes of the files they name (the video and its caption files)."""
    project = materialize(spec, media)
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
            self._local = LocalCluster(
                n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
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

    def _media(self, project: Project) -> tuple[Bundle, dict[str, Any]]:
        spec, files = bundle(project)
        futures = {
            digest: self.client.scatter(path.read_bytes(), hash=False, broadcast=True)
            for digest, path in files.items()
        }
        return spec, futures

    def cards(
        self, project: Project, jobs: list[CardJob], cancel: CancelToken | None = None
    ) -> Iterator[tuple[CardJob, CardFile | BaseException]]:
        """Render cards on the cluster; yields each as it finishes (any order): its bytes, or
        the exception that stopped it after the retries."""
        spec, media = self._media(project)
        futures = {
            self.client.submit(card_task, spec, media, job, retries=RETRIES, pure=False): job for job in jobs
        }
        yield from self._collect(futures, cancel)

    def videos(
        self, project: Project, jobs: list[VideoJob], encoding: Encoding, cancel: CancelToken | None = None
    ) -> Iterator[tuple[VideoJob, tuple[list[OutputEntry], dict[str, bytes]] | BaseException]]:
        """Render videos on the cluster; yields (job, (entries, files) or the exception)."""
        spec, media = self._media(project)
        futures = {
            self.client.submit(
                video_task,
                spec,
                media,
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
                done: list[OutputEntry] = [_video_failed(job, f"the cluster could not render it: {outcome}")]
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
                    done = [_video_failed(job, f"cannot write {where}: {exc.strerror or exc}")]
            done = [e.keyed(todo.keys[job]) for e in done]
            entries += done
            if on_done is not None:
                on_done(todo.positions[job], done)
        return cancel is not None and cancel.cancelled

    def _collect(self, futures: dict[Any, Any], cancel: CancelToken | None) -> Iterator[Any]:
        """Results as they finish; a cancel is noticed within a fraction of a second and
        cancels what has not finished on the cluster."""
        wait = _distributed().wait

        pending = set(futures)
        try:
            while pending:
                if cancel is not None and cancel.cancelled:
                    return
                try:
                    done = wait(list(pending), timeout=0.2, return_when="FIRST_COMPLETED").done
                except TimeoutError:  # nothing finished in this slice: check the cancel again
                    continue
                except Exception as exc:  # the cluster gave futures up (data lost with a worker)
                    for future in list(pending):
                        pending.discard(future)
                        yield futures[future], exc
                    return
                for future in done:
                    pending.discard(future)
                    try:
                        yield futures[future], future.result()
                    except Exception as exc:  # the task failed even after its retries
                        yield futures[future], exc
        finally:
            if pending:
                self.client.cancel(list(pending))


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


def _video_failed(job: VideoJob, error: str) -> VideoEntry:
    return VideoEntry(
        status="failed", template=job.template, person=job.person, preset=job.preset, error=error
    )
