"""Render many outputs in parallel worker processes and record them in ``manifest.json``.

The API takes a progress callback and a cancel token instead of printing, so the CLI shows
a progress bar and the desktop app adapts the same calls to Qt signals. A failing output does
not stop the others: its manifest entry carries the error instead of a path.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.model import Names, Project, load_project
from app.render.cancel import CancelToken
from app.render.cards import CardJob, encode_card, render_card, subject_for, write_atomic
from app.render.presets import get_preset, preset_ids
from app.templates import registry

Entry = dict[str, Any]
Progress = Callable[[int, int, Entry], None]


@dataclass
class RenderResult:
    entries: list[Entry] = field(default_factory=list)
    cancelled: bool = False

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


def render_one(project: Project, job: CardJob, out_dir: Path) -> Entry:
    """Render and write one card; any failure becomes the entry's ``error``."""
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
            return entry
        data, suffix = encode_card(card.image, preset)
    except Exception as exc:  # one bad output must not stop the batch
        entry["error"] = f"{template.title} for {job.subject or 'the campaign'} failed: {exc}"
        return entry
    rel = Path("cards") / job.folder(project.campaign.id) / f"{job.stem}{suffix}"
    alt_rel = rel.with_suffix(".alt.txt")
    try:
        write_atomic(out_dir / rel, data)
        write_atomic(out_dir / alt_rel, f"ar: {card.alt.ar}\nen: {card.alt.en}\n".encode())
    except OSError as exc:
        entry["error"] = f"cannot write {rel.as_posix()}: {exc.strerror or exc}"
        return entry
    entry.update(
        path=rel.as_posix(),
        width=preset.width,
        height=preset.height,
        bytes=len(data),
        alt=card.alt.model_dump(),
        alt_path=alt_rel.as_posix(),
    )
    return entry


# Worker processes load the project once and keep it (and their font and picture caches).
_worker_project: Project | None = None


def _init_worker(path: str, allow_outside: bool) -> None:
    global _worker_project
    _worker_project = load_project(path, project_names(), allow_outside)


def _work(job: CardJob, out_dir: str) -> Entry:
    assert _worker_project is not None
    return render_one(_worker_project, job, Path(out_dir))


def render_cards(
    project: Project,
    jobs: list[CardJob],
    out_dir: Path,
    workers: int = 1,
    on_progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> RenderResult:
    """Render ``jobs`` with ``workers`` processes (1: in this process), in the jobs' order."""
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
        with ProcessPoolExecutor(
            workers, context, initializer=_init_worker, initargs=(str(project.path), project.allow_outside)
        ) as pool:
            pending: dict[Future[Entry], CardJob] = {
                pool.submit(_work, job, str(out_dir)): job for job in jobs
            }
            while pending:
                finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in finished:
                    done(pending.pop(future), future.result())
                if cancel and cancel.cancelled:
                    result.cancelled = True
                    for future in pending:
                        future.cancel()
                    break
    result.entries = [by_job[job] for job in jobs if job in by_job]
    return result


def write_manifest(out_dir: Path, entries: list[Entry]) -> Path:
    """``DIR/manifest.json``: every output with its path relative to DIR, or its error."""
    path = out_dir / "manifest.json"
    text = json.dumps({"outputs": entries}, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path
