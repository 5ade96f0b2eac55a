"""Rendering on a Dask cluster: ``takatof render … --cluster local:N | tls://HOST:PORT | tcp://HOST:PORT``.

Workers need no shared folder. The client turns the project into content: the campaign as
JSON, and every media file it names as bytes, each sent once to every worker under its
content hash (a copy on each worker, so a worker that dies loses no media the others need). A task rebuilds the project in a folder of its own on the worker — one folder per
project content, reused by the worker's later tasks — makes one job's product there with the
same :func:`~takatof.render.jobs.make_product` as a local render and returns it as *bytes*.
:class:`Cluster` is an executor (takatof.render.batch.Executor): only the client writes the output
folder and the manifest, with the same writer as a local render; a worker that dies mid-task
costs a retry (the scheduler runs the task again elsewhere), never a half-written file. A
video's progress comes back through a Dask queue, a few times a second.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Project, load_for_editing
from ..model.paths import set_at
from ..model.project import all_media
from .batch import Done, project_names
from .cancel import CancelToken
from .cluster_access import TlsFiles
from .files import write_atomic
from .jobs import Job, OnProgress, Product, Run, Workspace, make_product
from .messages import OutputError
from .video.graph import Encoding
from .video.runner import Cancelled, Progress

LOOPBACK = "127.0.0.1"  # where a local:N cluster's scheduler, nannies and workers listen

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
    from .keys import file_hash

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
            _claim_folder()
        folder = Path(tempfile.gettempdir()) / f"takatof-worker-{os.getpid()}" / spec.key
        for relative, digest in spec.media:
            target = folder / relative
            if not target.exists():
                write_atomic(target, media[digest])
        path = folder / spec.name
        write_atomic(path, spec.campaign.encode("utf-8"))
        project = load_for_editing(path, project_names(), spec.allow_outside, decode=False)[0]
        _projects[spec.key] = project
        return project


def _share(content: Content) -> Content:
    """The task that holds a render's content (see Cluster._content)."""
    return content


def _worker_folder() -> Path:
    return Path(tempfile.gettempdir()) / f"takatof-worker-{os.getpid()}"


_ALIVE = ".alive"
_alive: Any = None  # this worker's lock on its folder, held while the process lives


def _claim_folder() -> None:
    """Lock this worker's folder for its lifetime, and remove the folders of workers that
    died without cleaning up (killed: their lock went with them), with their project copies
    and the scratch folders of the tasks they were running. POSIX only (flock)."""
    global _alive
    try:
        import fcntl
    except ImportError:  # Windows: a closed worker still removes its own folder
        return
    folder = _worker_folder()
    folder.mkdir(parents=True, exist_ok=True)
    with suppress(OSError):
        _alive = open(folder / _ALIVE, "a")  # noqa: SIM115 (held until the process ends)
        fcntl.flock(_alive, fcntl.LOCK_EX | fcntl.LOCK_NB)
    for other in folder.parent.glob("takatof-worker-*"):
        if other == folder:
            continue
        try:
            with open(other / _ALIVE) as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # taken: its worker is gone
                shutil.rmtree(other, ignore_errors=True)
        except OSError:  # alive (locked), or not one of ours yet (no lock file): leave it
            continue


def job_task(
    content: Content, job: Job, encoding: Encoding | None, progress: str | None, render: str = ""
) -> Product | None:
    """One job on a worker, made in a scratch folder of the worker's and returned as bytes
    (the client writes them). ``progress`` names the Dask queue a long job reports on;
    ``render`` the render it belongs to, whose cancel (:func:`stop_render`) trips the job's
    cancel token here, so its ffmpeg is stopped and its scratch folder removed — on every
    way out of the task, as in a local render. A job stopped so returns None rather than
    raising :class:`Cancelled`: a worker logs every task that raises as a failed computation,
    with its traceback, on the terminal of the person who pressed Ctrl-C."""
    try:
        return _made_on_worker(content, job, encoding, progress, render)
    except Cancelled:
        return None


def _made_on_worker(
    content: Content, job: Job, encoding: Encoding | None, progress: str | None, render: str
) -> Product:
    with _taking_part(render) as cancel:
        if cancel.cancelled:
            raise Cancelled()
        project = materialize(content.spec, content.media)
        worker = _worker_folder()
        (worker / "jobs").mkdir(parents=True, exist_ok=True)
        with (
            tempfile.TemporaryDirectory(
                prefix="takatof-job-", dir=worker / "jobs", ignore_cleanup_errors=True
            ) as out,
            _reporting(progress, job) as report,
        ):
            place = Workspace(Path(out), worker / "cache", encoding)
            return make_product(Run(project, place, report, cancel), job).as_bytes()


class _Render:
    """This worker's part in one render: its cancel token and how many of its tasks run here."""

    def __init__(self) -> None:
        self.cancel = CancelToken()
        self.running = 0


_renders: dict[str, _Render] = {}
_renders_lock = threading.Lock()


@contextmanager
def _taking_part(render: str) -> Iterator[CancelToken]:
    with _renders_lock:
        state = _renders.setdefault(render, _Render())
        state.running += 1
    try:
        yield state.cancel
    finally:
        with _renders_lock:
            state.running -= 1
            if not state.running and not state.cancel.cancelled:  # a cancelled one stays: late tasks see it
                _renders.pop(render, None)


async def stop_render(render: str | None, wait_s: float) -> int:
    """On a worker (``client.run``): cancel ``render`` (every render when None) — each of its
    tasks here stops its ffmpeg, removes its scratch folder and ends; one that starts later
    ends at once — and wait up to ``wait_s`` for them. Returns how many still run."""
    with _renders_lock:
        states = list(_renders.values()) if render is None else [_renders.setdefault(render, _Render())]
    for state in states:
        state.cancel.cancel()
    deadline = time.monotonic() + wait_s
    while any(state.running for state in states) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return sum(state.running for state in states)


STOP_WAIT_S = 10.0  # how long a cancel waits for the tasks under way to stop (ffmpeg: ~0.1 s)


def _ignore_sigint() -> None:
    """A ``local:N`` worker leaves Ctrl-C to the client (which cancels the render and closes
    the cluster): a signal to the whole process group must not end it with a traceback. It
    started with SIGINT blocked (:func:`_workers_start_deaf_to_sigint`); ignoring it drops one that
    came meanwhile, and it is unblocked so the worker's own processes start as usual."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _worker_plugin(local: bool) -> Any:
    """The plugin every worker runs: a ``local:N`` worker (a new one too, started after one
    died) ignores SIGINT; a worker that closes first stops its tasks (their ffmpeg) and
    removes its folder, so no encode or file outlives it."""
    base = _distributed().WorkerPlugin

    class Plugin(base):  # type: ignore[misc,valid-type]
        name = "takatof"
        idempotent = True

        def setup(self, worker: Any) -> None:
            if local:
                _ignore_sigint()

        async def teardown(self, worker: Any) -> None:
            await stop_render(None, STOP_WAIT_S)
            shutil.rmtree(_worker_folder(), ignore_errors=True)

    return Plugin()


REPORT_EVERY_S = 0.5  # a video's progress reaches the client this often, at most


@contextmanager
def _reporting(queue_name: str | None, job: Job) -> Iterator[OnProgress | None]:
    """Send (job, progress) to the client's queue: at once (the job has started), then at most
    every REPORT_EVERY_S, and always the end. Progress is a courtesy: a failure to report never
    fails the job. The task's handle on the queue is released on the way out."""
    if queue_name is None:
        yield None
        return
    queue = _distributed().Queue(queue_name)
    last = [float("-inf")]

    def report(_: Job, progress: Progress) -> None:
        now = time.monotonic()
        if now - last[0] >= REPORT_EVERY_S or progress.fraction >= 1:
            last[0] = now
            with suppress(Exception):
                queue.put((job, progress))

    try:
        report(job, Progress(0.0, 0.0, None))
        yield report
    finally:
        with suppress(Exception):
            queue.close()


# -- on the client ------------------------------------------------------------------------


class Cluster:
    """A Dask client for ``local:N`` (a LocalCluster of N worker processes on this machine's
    loopback interface, made here and closed with this object), ``tls://HOST:PORT`` (a running
    scheduler, reached with mutual TLS: ``tls`` holds this client's CA, certificate and key)
    or ``tcp://HOST:PORT`` (a running scheduler, in the clear)."""

    def __init__(self, address: str, tls: TlsFiles | None = None) -> None:
        distributed = _distributed()
        Client, LocalCluster = distributed.Client, distributed.LocalCluster

        self.address = address
        self._local = None
        if address.startswith("local:"):
            count = int(address.split(":", 1)[1])
            import dask

            # Mutual TLS with a throwaway CA even here: loopback keeps other machines out, not
            # the other users of this one, and anyone who can connect can run code as us.
            security = distributed.Security.temporary()
            with dask.config.set(WORKER_CONFIG), _workers_start_deaf_to_sigint():
                self._local = LocalCluster(
                    n_workers=count,
                    threads_per_worker=1,
                    processes=True,
                    protocol="tls://",
                    security=security,
                    host=LOOPBACK,  # Dask's default too; said here, and tested: no one else connects
                    dashboard_address=None,
                    # no dashboard, and its HTTP server (health checks) on a free port: not a
                    # warning on stderr when another cluster has the default port 8787
                    scheduler_kwargs={"dashboard_address": f"{LOOPBACK}:0"},
                    silence_logs=40,
                )
            self.client = Client(self._local, security=security)
        else:
            self.client = Client(address, timeout="20s", security=_security(tls))
        try:
            self.client.register_plugin(_worker_plugin(self._local is not None))
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self._local is not None:
                self._local.close()  # each worker's plugin stops its tasks first

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

    def run(self, run: Run, jobs: Sequence[Job], done: Done) -> bool:
        """Make ``jobs`` on the cluster, several at once, and hand each product back as it
        comes (an executor: takatof.render.batch.Executor). A task that failed even after its
        retries (its worker died each time) is the job's failed entry."""
        queue, project = None, run.project
        if run.progress is not None and any(not job.spec.parallel for job in jobs):
            queue = _distributed().Queue(f"takatof-progress-{uuid.uuid4().hex}", client=self.client)
        try:
            made = self.products(project, jobs, run.place.encoding, run.cancel, queue, run.progress)
            for job, outcome in made:
                if isinstance(outcome, BaseException):
                    outcome = Product(
                        job.spec.failed(project, job, f"the cluster could not make it: {outcome}")
                    )
                done(job, outcome)
        finally:
            if queue is not None:
                with suppress(Exception):  # the scheduler may be gone
                    queue.close()
        return run.cancelled

    def products(
        self,
        project: Project,
        jobs: Sequence[Job],
        encoding: Encoding | None = None,
        cancel: CancelToken | None = None,
        queue: Any = None,
        progress: OnProgress | None = None,
    ) -> Iterator[tuple[Job, Product | BaseException]]:
        """Make jobs on the cluster; yields each as it finishes (any order): its product as
        bytes, or the exception that stopped its task after the retries."""
        content = self._content(project)
        name = queue.name if queue is not None else None
        render = f"takatof-render-{uuid.uuid4().hex}"
        futures = {
            self.client.submit(
                job_task,
                content,
                job,
                encoding,
                None if job.spec.parallel else name,
                render,
                retries=RETRIES,
                pure=False,
            ): job
            for job in jobs
        }
        relay = None
        if queue is not None and progress is not None:
            relay = functools.partial(_relay, queue, progress)
        yield from self._collect(futures, cancel, relay, render)

    def _collect(
        self,
        futures: dict[Any, Any],
        cancel: CancelToken | None,
        relay: Callable[[], None] | None = None,
        render: str | None = None,
    ) -> Iterator[Any]:
        """(job, result or exception) as each task finishes. The results are fetched from
        the workers in the background as they finish (``as_completed`` with results), not
        one round trip at a time from here, and each is released on the cluster once handed
        over, so no worker keeps output bytes that are already written. A cancel is noticed
        within a fraction of a second and stops the render on the cluster (:meth:`_stop`).
        ``relay`` passes on the progress the tasks reported, every RELAY_EVERY_S and before
        the results that arrive (so a job's last progress comes before it is done)."""
        finished = _distributed().as_completed(list(futures), with_results=True, raise_errors=False)
        pending = dict(futures)
        relayed = time.monotonic()
        try:
            while pending:
                if cancel is not None and cancel.cancelled:
                    return
                batch = finished.next_batch(block=False)
                if relay is not None and (batch or time.monotonic() - relayed >= RELAY_EVERY_S):
                    relay()
                    relayed = time.monotonic()
                if not batch:
                    time.sleep(0.01)  # the results arrive on the client's own thread
                    continue
                for future, result in batch:
                    job = pending.pop(future)
                    if future.status != "finished":
                        outcome = _failure(future.status, result)
                    else:  # a task stopped on its worker (job_task) says so with None
                        outcome = Cancelled() if result is None else result
                    future.release()
                    yield job, outcome
        finally:
            if pending:
                self._stop(render, list(pending))

    def _stop(self, render: str | None, futures: list[Any]) -> None:
        """Stop a render on the cluster: trip its cancel token on every worker (a task under
        way stops its ffmpeg and removes its scratch folder; cancelling a future alone does
        not interrupt a running task), drop what has not started, and give the running ones
        a moment to end, so nothing of this render goes on once the call returns (nor is
        killed mid-write when a ``local:N`` cluster is closed next)."""
        if render is not None:
            with suppress(Exception):  # a worker or the scheduler gone: nothing to stop there
                self.client.run(stop_render, render, 0.0, on_error="ignore")
        self.client.cancel(futures)
        if render is not None:
            with suppress(Exception):
                self.client.run(stop_render, render, STOP_WAIT_S, on_error="ignore")


def _security(tls: TlsFiles | None) -> Any:
    """Dask's Security for a client: mutual TLS with encryption required when ``tls`` is
    given (a tcp:// address is then refused by Dask itself), else Dask's configuration."""
    Security = _distributed().Security
    if tls is None:
        return Security()
    return Security(
        require_encryption=True, tls_ca_file=tls.ca, tls_client_cert=tls.cert, tls_client_key=tls.key
    )


@contextmanager
def connect(address: str, tls: TlsFiles | None = None) -> Iterator[Cluster]:
    """The cluster at ``address`` (see :class:`Cluster`) as a render's executor, closed on the
    way out; a missing Dask, an unreachable scheduler or a TLS handshake either side refused
    is an :class:`OutputError` of one line."""
    try:
        cluster = Cluster(address, tls)
    except ImportError:
        raise OutputError("--cluster needs Dask: pip install 'takatof[cluster]'") from None
    except (OSError, TimeoutError) as exc:
        raise OutputError(refused(address, exc)) from None
    except ValueError as exc:  # tornado, when a plain server speaks before our TLS handshake
        if "SSL" not in str(exc):
            raise
        raise OutputError(refused(address, exc)) from None
    with cluster:
        yield cluster


# What a failed connection's exceptions say (their chain as text, upper case) and what that
# means to someone at a terminal: (the address's scheme, a marker in the text, the line). The
# first that matches wins.
_REFUSED_CLIENT = (
    "the scheduler at {address} refused this client's certificate (--tls-cert): it accepts "
    "only certificates the cluster's CA signed and that are valid now"
)
_NO_TLS = (
    "the scheduler at {address} does not speak TLS (one started without --tls-ca-file, "
    "--tls-cert, --tls-key?); start it with the certificates"
)
_REFUSALS = (
    (
        "tls://",
        "CERTIFICATE_VERIFY_FAILED",
        "the scheduler at {address} shows a certificate the CA of --tls-ca-file did not sign, or "
        "one that is not valid now ({detail}); is it the campaign's scheduler, and that CA its CA?",
    ),
    *(
        ("tls://", marker, _NO_TLS)
        for marker in ("WRONG_VERSION_NUMBER", "CANNOT CONVERT TO SSL")  # what the client meets
    ),
    # the scheduler's alert, or with TLS 1.3 often only the connection closed once it checked ours
    ("tls://", "ALERT", _REFUSED_CLIENT),
    *(
        (
            "tls://",
            marker,
            "the scheduler at {address} closed the connection during the TLS handshake (most "
            "often: it refused this client's certificate, --tls-cert, which must be signed by the "
            "cluster's CA and valid now; else it was restarting)",
        )
        for marker in ("EOF", "CONNECTION RESET")
    ),
    ("tls://", "SSL", "TLS with the scheduler at {address} failed ({first})"),
    (
        "tcp://",
        "CONNECTION RESET",
        "the scheduler at {address} closed the connection; if it uses TLS, connect with tls:// "
        "and the certificates (--tls-ca-file, --tls-cert, --tls-key)",
    ),
    ("", "", "cannot reach the Dask scheduler at {address} ({first})"),
)


def refused(address: str, exc: BaseException) -> str:
    """Why the scheduler at ``address`` could not be used, in one line: which side of the TLS
    handshake said no, and what to check, rather than Dask's exception."""
    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and link not in chain:
        chain.append(link)
        link = link.__cause__ or link.__context__
    text = " ".join(f"{type(e).__name__}: {e}" for e in chain).upper()
    detail = next(
        (str(getattr(e, "verify_message", "")) for e in chain if getattr(e, "verify_message", None)), ""
    )
    first = next((str(e).split("\n", 1)[0] for e in chain if str(e)), type(exc).__name__)
    line = next(line for scheme, marker, line in _REFUSALS if address.startswith(scheme) and marker in text)
    return "--cluster: " + line.format(address=address, detail=detail or "verify failed", first=first)


@contextmanager
def _workers_start_deaf_to_sigint() -> Iterator[None]:
    """While a ``local:N`` cluster starts its worker processes, this (main) thread blocks
    SIGINT, so they start with it blocked (a signal mask survives fork and exec, and the
    threads that spawn them are made by this one): a Ctrl-C to the process group then waits
    in each worker until its plugin ignores it, instead of ending it mid-import with a
    traceback. Here it is not lost: this process keeps its handler (the render's cancel),
    which runs as soon as another thread takes the signal or this one unblocks it. (Setting
    SIG_IGN here instead lost it: a thread a library started earlier, which does not block
    SIGINT, would take and drop it.)"""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    # multiprocessing's resource tracker, started with the first worker process, blocks
    # SIGINT around its own start and then unblocks it outright (not back to what it was),
    # in the thread that spawns the workers: start it before blocking.
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _failure(status: str, result: Any) -> BaseException:
    """The exception of a task that did not finish: raised in it (after its retries), or
    the cluster gave it up (cancelled, its data lost with a worker)."""
    if isinstance(result, tuple) and len(result) == 3 and isinstance(result[1], BaseException):
        return result[1]  # (type, exception, traceback)
    if isinstance(result, BaseException):
        return result
    return RuntimeError(f"the task ended {status}")


RELAY_EVERY_S = 0.2


def _relay(queue: Any, progress: OnProgress) -> None:
    """Hand the progress the tasks reported since the last call to ``progress``."""
    try:
        items = queue.get(batch=True)
    except Exception:  # progress is a courtesy; the results still arrive
        return
    for job, reported in items:
        progress(job, reported)
