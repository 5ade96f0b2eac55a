"""The local executors: jobs made in this process, or cards on a pool of worker processes.

An executor only *makes products*: it hands each finished one back to the process that owns
the output folder, whose writer commits it (takatof.render.writer). So cancelling can stop the
workers at once (what they were making is simply dropped), and every executor — these two and
the Dask cluster (takatof.render.cluster) — runs the same jobs through the same
:func:`~takatof.render.jobs.make_product`, so a failing output is a failed entry on every road.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Protocol

from ..model import Names, Project
from ..templates import registry
from ..templates.cards.layouts import layout_names
from .cards import make_card
from .jobs import Job, Product, Run, Workspace, kinds, make_product
from .presets import carousel_preset_ids, preset_ids, slide_limit
from .video.runner import Cancelled

__all__ = ["Done", "Executor", "InProcess", "ProcessPool", "local_executor", "make_card", "project_names"]

Done = Callable[[Job, Product], None]


def project_names() -> Names:
    """The template and preset names a project may use, for validation."""
    return Names(
        templates=registry.names("card"),
        presets=preset_ids("card"),
        # The templates a story-like ``videos[]`` output may name: one video per person (a
        # reel or a film is an output of its own, with its own section).
        video_templates=[t.id for t in registry.all_templates("video") if t.scope == "person"],
        video_presets=preset_ids("video"),
        layouts=layout_names(),
        carousel_presets=carousel_preset_ids(),
        group_templates=[t.id for t in registry.all_templates("card") if t.scope == "group"],
        slide_limits={preset: slide_limit(preset) for preset in carousel_preset_ids()},
        template_scopes={t.id: t.scope for t in registry.all_templates("card")},
    )


class Executor(Protocol):
    """Something that makes jobs' products: this process (:class:`InProcess`), local worker
    processes (:class:`ProcessPool`) or a Dask cluster (takatof.render.cluster.Cluster). The
    caller writes the products, so an executor never touches the output folder (a finished
    video is a temporary file beside its target, which the writer renames or removes)."""

    def run(self, run: Run, jobs: Sequence[Job], done: Done) -> bool:
        """Make ``jobs`` and call ``done(job, product)`` for each, in this thread, as it
        finishes (in any order), and ``run.progress(job, p)`` while a long one is made. Stop
        early when ``run.cancel`` is set, and return whether it did; when ``done`` raises, stop
        everything and let the exception through."""
        ...


class InProcess:
    """Make the jobs one by one in this process (the Studio; ``-j 1``; a single card), each
    kind its own way (videos: one encode at a time, the next prepared meanwhile)."""

    def run(self, run: Run, jobs: Sequence[Job], done: Done) -> bool:
        try:
            for kind in kinds():
                mine = [job for job in jobs if job.kind == kind.name]
                for job, product in kind.sequence(run, mine) if mine else ():
                    done(job, product)
                if run.cancelled:
                    return True
        except Cancelled:
            return True
        return run.cancelled


THREADED_RUNTIMES = ("ctranslate2", "onnxruntime")
"""Libraries that keep native thread pools alive once loaded (Whisper's CTranslate2, the
voice-activity model's onnxruntime): a process holding them is not safe to fork."""


def start_method() -> str:
    """How the pool starts its workers. Forked, they start at once with the parent's imports
    and fonts; but a child forked from a process whose native threads hold a lock at that
    instant waits on it for ever (seen: card workers hanging after a transcription in the same
    process, as the Studio and the tests do). So a process that has loaded a speech runtime
    starts its workers fresh (spawn, the project pickled to them), as Windows always does."""
    if os.name != "posix" or any(name in sys.modules for name in THREADED_RUNTIMES):
        return "spawn"
    return "fork"


@dataclass(frozen=True)
class ProcessPool:
    """Make the jobs of the kinds that run in parallel (cards) in ``workers`` local processes,
    each given the render's project as it is in memory (never read again from its file: the
    Studio renders unsaved edits, and the keys are computed from this project) (and keeping its font and picture caches); the others
    (videos: x264 already uses every core) in this process after them. A single card is drawn
    in this process: starting a pool for it costs more than it saves."""

    workers: int

    def run(self, run: Run, jobs: Sequence[Job], done: Done) -> bool:
        pooled = [job for job in jobs if job.spec.parallel]
        rest = [job for job in jobs if not job.spec.parallel]
        if self.workers <= 1 or len(pooled) <= 1:
            return InProcess().run(run, jobs, done)
        return self._pool(run, pooled, done) or InProcess().run(run, rest, done)

    def _pool(self, run: Run, jobs: list[Job], done: Done) -> bool:
        project, cancel = run.project, run.cancel
        context = multiprocessing.get_context(start_method())
        pool = ProcessPoolExecutor(
            min(self.workers, len(jobs)),
            context,
            initializer=_init_worker,
            initargs=(project, run.place),
        )
        try:
            pending: dict[Future[Product], Job] = {pool.submit(_work, job): job for job in jobs}
            while pending:
                finished, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                for future in finished:
                    job = pending.pop(future)
                    try:
                        product = future.result()
                    except BrokenProcessPool:
                        if cancel is not None and cancel.cancelled:
                            continue
                        stopped = "the worker process making this output stopped unexpectedly"
                        product = Product(job.spec.failed(project, job, stopped))
                    done(job, product)
                if cancel is not None and cancel.cancelled:
                    return True
        finally:
            _stop(pool)
        return False


def local_executor(workers: int) -> Executor:
    """The executor for ``-j workers`` on this machine."""
    return InProcess() if workers <= 1 else ProcessPool(workers)


# Worker processes get the project once and keep it (and their font and picture caches).
_worker_project: Project | None = None
_worker_place: Workspace | None = None


def _init_worker(project: Project, place: Workspace) -> None:
    """A worker leaves Ctrl-C and SIGTERM to the parent: a signal to the whole process group
    must cancel the render once, in the parent, which then stops the workers itself.

    ``project`` is the parent's (inherited by a forked worker, pickled to a spawned one):
    the file on disk may hold older text than the one the keys were computed from."""
    global _worker_project, _worker_place
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker_project = project
    _worker_place = place


def _work(job: Job) -> Product:
    assert _worker_project is not None and _worker_place is not None
    return make_product(Run(_worker_project, _worker_place), job)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down without waiting for cards nobody will write: queued work is
    dropped and the workers are terminated (they hold no file open for writing), then
    joined, so none is left when the render returns.

    The workers are taken *before* ``shutdown``, which forgets them (``_processes`` becomes
    None) and would otherwise let them finish every card already queued to them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # terminate_workers() from 3.14
    # shutdown() forgets these too, even without waiting.
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
    results = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()
    # Let the pool's manager thread see the workers gone and finish now, not in the
    # interpreter's exit hook (which then writes to a closed pipe and prints a traceback, or
    # waits for ever). A worker terminated while it was sending a card leaves half a message
    # in the result pipe, and the manager thread then waits for the rest: closing this
    # process's end of the pipe, the last writer left, ends that read.
    if manager is not None:
        manager.join(timeout=5)
        writer = getattr(results, "_writer", None)
        if manager.is_alive() and writer is not None:
            writer.close()
            manager.join(timeout=5)
