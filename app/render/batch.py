"""Draw cards to bytes and write them: the two card executors (this process, or a pool of
worker processes) behind :func:`app.render.outputs.render_outputs`.

An executor only *draws*: it hands each finished :class:`CardFile` back to the process that
owns the output folder, which writes it. So cancelling can stop the workers at once (what they
were drawing is simply dropped), and another executor (issue 11) only has to produce bytes. A
failing card does not stop the others: its manifest entry carries the error instead of a path.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.model import Names, Project, load_for_editing
from app.render.cancel import CancelToken
from app.render.cards import CardJob, encode_card, render_card, subject_for
from app.render.files import write_atomic
from app.render.manifest import AltText, CardEntry
from app.render.presets import get_preset, preset_ids
from app.templates import registry

CardDone = Callable[[CardJob, "CardFile"], None]


def project_names() -> Names:
    """The template and preset names a project may use, for validation."""
    return Names(
        templates=registry.names("card"),
        presets=preset_ids("card"),
        video_templates=registry.names("video"),
        video_presets=preset_ids("video"),
    )


@dataclass(frozen=True)
class CardFile:
    """A rendered card as bytes, not yet written: executors make these, and only the process
    that owns the output folder writes them (so a worker stopped mid-way leaves nothing)."""

    entry: CardEntry
    files: tuple[tuple[str, bytes], ...] = ()  # (path relative to the output folder, bytes)


def make_card(project: Project, job: CardJob) -> CardFile:
    """Render one card to bytes; any failure becomes the entry's ``error``."""
    template = registry.get(job.template)
    person = subject_for(project, job).person_id
    preset = get_preset(job.preset)
    try:
        card = render_card(project, job)
        if card.problems:
            return CardFile(card_failed(project, job, "; ".join(str(p) for p in card.problems), person))
        data, suffix = encode_card(card.image, preset)
    except Exception as exc:  # one bad output must not stop the batch
        error = f"{template.title} for {job.subject or 'the campaign'} failed: {exc}"
        return CardFile(card_failed(project, job, error, person))
    rel = Path("cards") / job.folder(project.campaign.id) / f"{job.stem}{suffix}"
    alt_rel = rel.with_suffix(".alt.txt")
    entry = CardEntry(
        status="rendered",
        template=job.template,
        subject=job.subject or project.campaign.id,
        person=person,
        preset=job.preset,
        path=rel.as_posix(),
        width=preset.width,
        height=preset.height,
        bytes=len(data),
        alt=AltText(ar=card.alt.ar, en=card.alt.en),
        alt_path=alt_rel.as_posix(),
    )
    alt = f"ar: {card.alt.ar}\nen: {card.alt.en}\n".encode()
    return CardFile(entry, ((rel.as_posix(), data), (alt_rel.as_posix(), alt)))


def card_failed(project: Project, job: CardJob, error: str, person: str | None = None) -> CardEntry:
    """The entry of a card ``job`` that could not be made."""
    return CardEntry(
        status="failed",
        template=job.template,
        subject=job.subject or project.campaign.id,
        person=person,
        preset=job.preset,
        error=error,
    )


def write_card(card: CardFile, out_dir: Path) -> CardEntry:
    """Write a rendered card's files atomically; a failed write becomes the entry's error
    (naming the file) and leaves no file of this card behind."""
    written: list[Path] = []
    try:
        for rel, data in card.files:
            write_atomic(out_dir / rel, data)
            written.append(out_dir / rel)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        where = exc.filename or out_dir / card.files[len(written)][0]
        return card.entry.failed(f"cannot write {where}: {exc.strerror or exc}")
    return card.entry


class CardExecutor(Protocol):
    """Something that draws card jobs into :class:`CardFile` bytes: this process
    (:class:`InProcess`) or local worker processes (:class:`ProcessPool`); issue 11 adds
    others. The caller writes the files, so an executor never touches the output folder."""

    def run(
        self, project: Project, jobs: Sequence[CardJob], done: CardDone, cancel: CancelToken | None
    ) -> bool:
        """Draw ``jobs`` and call ``done(job, card)`` for each, in this thread, as it
        finishes (in any order). Stop early when ``cancel`` is set, and return whether it did;
        when ``done`` raises, stop everything drawing and let the exception through."""
        ...


class InProcess:
    """Draw the cards one by one in this process (the Studio; ``-j 1``; a single card)."""

    def run(
        self, project: Project, jobs: Sequence[CardJob], done: CardDone, cancel: CancelToken | None
    ) -> bool:
        for job in jobs:
            if cancel is not None and cancel.cancelled:
                return True
            done(job, make_card(project, job))
        return False


@dataclass(frozen=True)
class ProcessPool:
    """Draw the cards in ``workers`` local processes, each loading the project once (and
    keeping its font and picture caches). A single card is drawn in this process: starting
    a pool for it costs more than it saves."""

    workers: int

    def run(
        self, project: Project, jobs: Sequence[CardJob], done: CardDone, cancel: CancelToken | None
    ) -> bool:
        if self.workers <= 1 or len(jobs) <= 1:
            return InProcess().run(project, jobs, done, cancel)
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        pool = ProcessPoolExecutor(
            min(self.workers, len(jobs)),
            context,
            initializer=_init_worker,
            initargs=(str(project.path), project.allow_outside),
        )
        try:
            pending: dict[Future[CardFile], CardJob] = {pool.submit(_work, job): job for job in jobs}
            while pending:
                finished, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                for future in finished:
                    job = pending.pop(future)
                    try:
                        card = future.result()
                    except BrokenProcessPool:
                        if cancel is not None and cancel.cancelled:
                            continue
                        stopped = "the worker process drawing this card stopped unexpectedly"
                        card = CardFile(card_failed(project, job, stopped))
                    done(job, card)
                if cancel is not None and cancel.cancelled:
                    return True
        finally:
            _stop(pool)
        return False


def local_executor(workers: int) -> CardExecutor:
    """The executor for ``-j workers`` on this machine."""
    return InProcess() if workers <= 1 else ProcessPool(workers)


# Worker processes load the project once and keep it (and their font and picture caches).
_worker_project: Project | None = None


def _init_worker(path: str, allow_outside: bool) -> None:
    """A worker leaves Ctrl-C and SIGTERM to the parent: a signal to the whole process group
    must cancel the render once, in the parent, which then stops the workers itself."""
    global _worker_project
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker_project = load_for_editing(path, project_names(), allow_outside)[0]


def _work(job: CardJob) -> CardFile:
    assert _worker_project is not None
    return make_card(_worker_project, job)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down without waiting for cards nobody will write: queued work is
    dropped and the workers are terminated (they hold no file open for writing)."""
    pool.shutdown(wait=False, cancel_futures=True)
    processes = getattr(pool, "_processes", None) or {}  # terminate_workers() from Python 3.14
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()
    for process in list(processes.values()):
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()
    # Let the pool's manager thread see the workers gone and finish now, not in the
    # interpreter's exit hook (which then writes to a closed pipe and prints a traceback).
    pool.shutdown(wait=True)
