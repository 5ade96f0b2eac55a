"""Render many outputs in parallel worker processes and record them in ``manifest.json``.

The API takes a progress callback and a cancel token instead of printing, so the CLI shows
a progress bar and the desktop app adapts the same calls to Qt signals. A failing output does
not stop the others: its manifest entry carries the error instead of a path.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from app.model import Names, Project, load_for_editing
from app.render.cancel import CancelToken
from app.render.cards import CardJob, encode_card, render_card, subject_for
from app.render.files import write_atomic
from app.render.manifest import Entry
from app.render.presets import get_preset, preset_ids
from app.templates import registry

Progress = Callable[[int, int, Entry], None]


@dataclass
class RenderResult:
    entries: list[Entry] = field(default_factory=list)
    cancelled: bool = False
    manifest: Path | None = None  # written by render_outputs
    manifest_error: str | None = None  # why the manifest could not be written

    @property
    def failed(self) -> list[Entry]:
        return [e for e in self.entries if "error" in e]


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
    """A rendered card as bytes, not yet written: workers make these, and only the process
    that owns the output folder writes them (so a worker stopped mid-way leaves nothing)."""

    entry: Entry
    files: tuple[tuple[str, bytes], ...] = ()  # (path relative to the output folder, bytes)


def make_card(project: Project, job: CardJob) -> CardFile:
    """Render one card to bytes; any failure becomes the entry's ``error``."""
    template = registry.get(job.template)
    subject = subject_for(project, job)
    entry: Entry = {
        "kind": "card",
        "person": subject.person_id,
        "subject": job.subject or project.campaign.id,
        "preset": job.preset,
        "template": job.template,
    }
    preset = get_preset(job.preset)
    try:
        card = render_card(project, job)
        if card.problems:
            entry["error"] = "; ".join(str(p) for p in card.problems)
            return CardFile(entry)
        data, suffix = encode_card(card.image, preset)
    except Exception as exc:  # one bad output must not stop the batch
        entry["error"] = f"{template.title} for {job.subject or 'the campaign'} failed: {exc}"
        return CardFile(entry)
    rel = Path("cards") / job.folder(project.campaign.id) / f"{job.stem}{suffix}"
    alt_rel = rel.with_suffix(".alt.txt")
    entry.update(
        path=rel.as_posix(),
        width=preset.width,
        height=preset.height,
        bytes=len(data),
        alt=card.alt.model_dump(),
        alt_path=alt_rel.as_posix(),
    )
    alt = f"ar: {card.alt.ar}\nen: {card.alt.en}\n".encode()
    return CardFile(entry, ((rel.as_posix(), data), (alt_rel.as_posix(), alt)))


def write_card(card: CardFile, out_dir: Path) -> Entry:
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
        entry = {k: v for k, v in card.entry.items() if k in _IDENTITY_KEYS}
        entry["error"] = f"cannot write {where}: {exc.strerror or exc}"
        return entry
    return card.entry


_IDENTITY_KEYS = ("kind", "person", "subject", "preset", "template")


def render_one(project: Project, job: CardJob, out_dir: Path) -> Entry:
    """Render and write one card (in this process)."""
    return write_card(make_card(project, job), out_dir)


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


def render_cards(
    project: Project,
    jobs: list[CardJob],
    out_dir: Path,
    workers: int = 1,
    on_progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> RenderResult:
    """Render ``jobs`` with ``workers`` processes (1: in this process), in the jobs' order.
    Workers return bytes and this process writes them, so cancelling can stop the workers
    at once: what they were drawing is simply dropped."""
    result = RenderResult()
    total = len(jobs)
    out_dir.mkdir(parents=True, exist_ok=True)
    by_job: dict[CardJob, Entry] = {}

    def done(job: CardJob, entry: Entry) -> None:
        by_job[job] = entry
        if on_progress:
            on_progress(len(by_job), total, entry)

    if workers <= 1 or total <= 1:
        for job in jobs:
            if cancel and cancel.cancelled:
                result.cancelled = True
                break
            done(job, render_one(project, job, out_dir))
    else:
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        pool = ProcessPoolExecutor(
            min(workers, total),
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
                        if cancel and cancel.cancelled:
                            continue
                        card = CardFile(
                            {
                                "kind": "card",
                                "template": job.template,
                                "preset": job.preset,
                                "subject": job.subject or project.campaign.id,
                                "error": "the worker process drawing this card stopped unexpectedly",
                            }
                        )
                    done(job, write_card(card, out_dir))
                if cancel and cancel.cancelled:
                    result.cancelled = True
                    break
        finally:
            _stop(pool)
    result.entries = [by_job[job] for job in jobs if job in by_job]
    return result


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
