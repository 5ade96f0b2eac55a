"""One output pipeline: every road (this process, a process pool, a Dask cluster) makes the same
jobs through the same make_product and hands them to the same writer — so a bug in a template
is a failed entry everywhere, and progress arrives the same way from every road."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from takatof.model import load_project
from takatof.render.batch import Executor, InProcess, ProcessPool, project_names
from takatof.render.cards import CardJob
from takatof.render.files import TEMP_MARK, FolderBusy, cannot_write, temp_beside
from takatof.render.jobs import Job, Product, all_jobs
from takatof.render.manifest import CardEntry
from takatof.render.messages import OutputError, user_message
from takatof.render.outputs import Callbacks, Request, render_outputs
from takatof.render.video.graph import Encoding
from takatof.render.video.render import VideoJob
from takatof.render.writer import commit
from takatof.templates import registry
from tests import broken_templates
from tests.conftest import reduce_to_hala

FAST = Encoding("libx264", "ultrafast", 30)
ROADS = ["in-process", "pool", "dask"]


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Any]:
    """One Dask LocalCluster for the module (starting one takes seconds), its worker able to
    use the broken templates."""
    pytest.importorskip("dask.distributed")
    from takatof.render.cluster import Cluster

    with Cluster("local:1") as cluster:
        cluster.client.run(broken_templates.install)
        yield cluster


def executor(road: str, request: pytest.FixtureRequest) -> Executor:
    if road == "in-process":
        return InProcess()
    if road == "pool":
        # The broken templates exist in this process only: workers must fork to have them
        # (after the speech tests loaded CTranslate2 the pool would start them fresh).
        request.getfixturevalue("monkeypatch").setattr("takatof.render.batch.start_method", lambda: "fork")
        return ProcessPool(2)
    cluster: Executor = request.getfixturevalue("dask_cluster")
    return cluster


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> None:
    """The broken templates registered here for the test (pool workers fork with them)."""
    registry.names()
    for name, template in broken_templates.templates().items():
        monkeypatch.setitem(registry._REGISTRY, name, template)


@pytest.mark.parametrize("road", ROADS)
def test_a_bug_in_a_card_or_story_template_is_a_failed_entry_on_every_road(
    road: str, broken: None, project_copy: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    reduce_to_hala(project_copy, "ultrafast")
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["outputs"] = {
        "cards": [{"template": t, "presets": ["instagram-square"]} for t in ("broken-card", "quote")],
        "videos": [{"template": "broken-story", "presets": ["instagram-square"]}],
    }
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project = load_project(project_copy, project_names())
    out = tmp_path / "out"
    request_ = Request(all_jobs(project), executor(road, request), encoding=FAST)
    result = render_outputs(project, out, request_)
    outcome = {(e.kind, e.template): (e.status, e.error) for e in result.entries}
    assert outcome == {
        ("card", "broken-card"): ("failed", f"Broken card for hala failed: {broken_templates.BUG} for hala"),
        ("card", "quote"): ("rendered", None),
        ("video", "broken-story"): (
            "failed",
            f"Broken story for hala failed: {broken_templates.BUG} for hala",
        ),
    }
    written = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert sorted(e["status"] for e in written) == ["failed", "failed", "rendered"]
    assert not list(out.rglob(f"*{TEMP_MARK}*"))


@pytest.mark.parametrize("road", ROADS)
def test_progress_and_done_arrive_from_every_road(
    road: str, project_copy: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Two cards and a real (tiny, ultrafast) story video: each job reports done once, with
    the count so far; the video reports its progress while it is made, from 0 on."""
    project = load_project(reduce_to_hala(project_copy, "ultrafast"), project_names())
    jobs = all_jobs(project)
    progress: list[tuple[Job, float]] = []
    done: list[tuple[Job, int, int]] = []
    callbacks = Callbacks(
        progress=lambda job, p: progress.append((job, p.fraction)),
        done=lambda job, entries, n, total: done.append((job, n, total)),
    )
    request_ = Request(jobs, executor(road, request), encoding=FAST)
    result = render_outputs(project, tmp_path / "out", request_, callbacks)
    assert not result.failed, result.failed
    assert sorted(n for _, n, _ in done) == [1, 2, 3] and {t for _, _, t in done} == {3}
    assert {job for job, _, _ in done} == set(jobs)
    (video,) = [job for job in jobs if job.kind == "video"]
    fractions = [f for job, f in progress if job == video]
    assert fractions, "no progress from the video"
    assert all(0.0 <= f <= 1.0 for f in fractions) and fractions == sorted(fractions)
    assert {job for job, _ in progress} == {video}  # cards report by being done


def test_unchanged_outputs_are_reported_done_without_being_made(project_copy: Path, tmp_path: Path) -> None:
    project = load_project(reduce_to_hala(project_copy, "ultrafast"), project_names())
    jobs = [job for job in all_jobs(project) if job.kind == "card"]
    render_outputs(project, tmp_path, Request(jobs))

    class Refuses:
        def run(self, *args: Any) -> bool:
            raise AssertionError("nothing should be made")

    done: list[str] = []
    callbacks = Callbacks(done=lambda job, entries, n, total: done.extend(e.status for e in entries))
    again = render_outputs(project, tmp_path, Request(jobs, Refuses()), callbacks)
    assert done == ["unchanged", "unchanged"] and [e.status for e in again.entries] == done


# -- jobs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("job", "identities", "paths"),
    [
        (
            CardJob("quote", "instagram-square", "hala", ("ar", "en")),
            [("card", "quote", "hala", "instagram-square")],
            [
                "cards/hala/quote-instagram-square.png",
                "cards/hala/quote-instagram-square.alt.txt",
                "cards/hala/quote-instagram-square.alt.ar.txt",
                "cards/hala/quote-instagram-square.alt.en.txt",
            ],
        ),
        (
            CardJob("hashtag", "x-image", None, ("ar", "en")),
            [("card", "hashtag", "camp", "x-image")],
            [
                "cards/camp/hashtag-x-image.png",
                "cards/camp/hashtag-x-image.alt.txt",
                "cards/camp/hashtag-x-image.alt.ar.txt",
                "cards/camp/hashtag-x-image.alt.en.txt",
            ],
        ),
        (
            VideoJob("story", "instagram-square", "hala", ("ar", "en")),
            [("video", "story", "hala", "instagram-square")]
            + [
                ("captions", "story", "hala", "instagram-square", lang, fmt)
                for lang in ("ar", "en")
                for fmt in ("srt", "vtt")
            ],
            ["videos/hala/story-instagram-square.mp4"]
            + [
                f"videos/hala/story-instagram-square.{lang}.{fmt}"
                for lang in ("ar", "en")
                for fmt in ("srt", "vtt")
            ],
        ),
        (
            VideoJob("story", "instagram-story", "hala", ("ur", "en"), named=True),
            [("video", "story", "hala", "instagram-story", "languages", "ur", "en")]
            + [
                ("captions", "story", "hala", "instagram-story", lang, fmt, "languages", "ur", "en")
                for lang in ("ur", "en")
                for fmt in ("srt", "vtt")
            ],
            ["videos/hala/story-instagram-story-ur-en.mp4"]
            + [
                f"videos/hala/story-instagram-story-ur-en.{lang}.{fmt}"
                for lang in ("ur", "en")
                for fmt in ("srt", "vtt")
            ],
        ),
    ],
)
def test_a_job_knows_its_identities_and_paths(job: Job, identities: list[Any], paths: list[str]) -> None:
    assert list(job.identities("camp")) == identities
    assert list(job.paths("camp")) == paths
    same = Job(job.kind, job.template, job.preset, job.subject, job.languages, job.named)
    assert job == same and hash(job) == hash(same)  # whichever class built it


def test_a_jobs_identities_are_its_entries(project_copy: Path, tmp_path: Path) -> None:
    project = load_project(reduce_to_hala(project_copy, "ultrafast"), project_names())
    (card,) = [job for job in all_jobs(project) if job.kind == "card" and job.preset == "instagram-square"]
    result = render_outputs(project, tmp_path, Request([card]))
    assert [e.identity for e in result.entries] == list(card.identities(project.campaign.id))
    assert [p for e in result.entries for p in e.files] == list(card.paths(project.campaign.id))


# -- the writer ------------------------------------------------------------------------------


def _card_entry() -> CardEntry:
    return CardEntry(
        status="rendered", template="quote", subject="hala", preset="instagram-square", path="cards/a.png",
        width=1, height=1, bytes=3, alt={"ar": "", "en": ""}, alt_path="cards/b/a.alt.txt",
    )  # fmt: skip


def test_the_writer_commits_bytes_and_finished_files_with_the_usual_permissions(tmp_path: Path) -> None:
    finished = temp_beside(tmp_path / "videos" / "v.mp4")
    finished.write_bytes(b"video")
    product = Product((_card_entry(),), (("cards/a.png", b"png"), ("videos/v.mp4", finished)))
    (entry,) = commit(product, tmp_path, key="k1")
    assert entry.key == "k1" and entry.status == "rendered"
    assert (tmp_path / "cards/a.png").read_bytes() == b"png"
    assert (tmp_path / "videos/v.mp4").read_bytes() == b"video" and not finished.exists()
    mask = os.umask(0)
    os.umask(mask)
    for name in ("cards/a.png", "videos/v.mp4"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644 & ~mask


def test_the_writer_writes_all_of_an_output_or_none_of_it(tmp_path: Path) -> None:
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "b").write_text("a file where the folder must go")
    finished = temp_beside(tmp_path / "cards" / "c.bin")
    product = Product(
        (_card_entry(),),
        (("cards/a.png", b"png"), ("cards/c.bin", finished), ("cards/b/a.alt.txt", b"alt")),
    )
    (entry,) = commit(product, tmp_path, key="k2")
    assert entry.status == "failed" and entry.key == "k2" and entry.path is None
    assert entry.error is not None and entry.error.startswith(f"cannot write {tmp_path / 'cards' / 'b'}")
    assert sorted(p.name for p in (tmp_path / "cards").iterdir()) == ["b"]  # a.png and c.bin rolled back


def test_an_interrupted_write_rolls_back_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import takatof.render.files as files
    import takatof.render.writer as writer

    real = files.write_atomic
    calls: list[Path] = []

    def interrupted(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(writer, "write_atomic", interrupted)
    finished = temp_beside(tmp_path / "x.bin")
    product = Product((_card_entry(),), (("a.png", b"1"), ("b.txt", b"2"), ("x.bin", finished)))
    with pytest.raises(KeyboardInterrupt):
        commit(product, tmp_path)
    assert list(tmp_path.iterdir()) == []  # a.png removed, the finished file discarded


# -- messages -------------------------------------------------------------------------------


def _os_error(code: int, filename: str | None = None) -> OSError:
    return OSError(code, os.strerror(code), *([filename] if filename else []))


@pytest.mark.parametrize(
    ("exc", "advise", "message"),
    [
        (OutputError("--out: x is a file"), False, "--out: x is a file"),
        (FolderBusy(Path("out"), "12"), False, str(FolderBusy(Path("out"), "12"))),
        (_os_error(errno.ENOSPC, "out/a.png"), False, "cannot write out/a.png: No space left on device"),
        (
            _os_error(errno.ENOSPC, "out/a.png"),
            True,
            "cannot write out/a.png: No space left on device; free some space, or choose an --out "
            "folder on another disk",
        ),
        (_os_error(errno.EACCES), False, "cannot write: Permission denied"),
        (RuntimeError("boom"), False, "RuntimeError: boom"),
    ],
)
def test_one_message_for_each_exception(exc: BaseException, advise: bool, message: str) -> None:
    assert user_message(exc, advise) == message


@pytest.mark.parametrize(
    ("exc", "where", "message"),
    [
        (_os_error(errno.EROFS, "/a/b"), "/elsewhere", "cannot write /a/b: Read-only file system"),
        (_os_error(errno.ENOSPC), "/a/c", "cannot write /a/c: No space left on device"),
        (_os_error(errno.ENOSPC), None, "cannot write: No space left on device"),
    ],
)
def test_cannot_write_names_the_file(exc: OSError, where: str | None, message: str) -> None:
    assert cannot_write(exc, where) == message


def test_the_studio_and_the_command_line_word_a_failure_alike(tmp_path: Path) -> None:
    from takatof.ui.render_queue import failure_message

    exc = _os_error(errno.ENOSPC, str(tmp_path))
    assert failure_message(exc) == user_message(exc)


def test_a_cancelled_pool_stops_its_workers_before_the_render_returns(
    project_copy: Path, tmp_path: Path
) -> None:
    """Cancelled after the third card, a ``-j 2`` render returns with its worker processes
    ended (terminated, not left to finish the cards queued to them), and soon."""
    import multiprocessing
    import time

    from takatof.render.cancel import CancelToken

    project = load_project(project_copy, project_names())
    jobs = all_jobs(project, kinds_wanted={"card"})
    assert len(jobs) > 20
    token = CancelToken()
    cancelled_at: list[float] = []

    def done(job: Job, entries: list[Any], n: int, total: int) -> None:
        if n == 3:
            cancelled_at.append(time.monotonic())
            token.cancel()

    before = set(multiprocessing.active_children())  # a Dask cluster of another test's
    result = render_outputs(
        project, tmp_path / "out", Request(jobs, ProcessPool(2), force=True), Callbacks(done=done), token
    )
    returned = time.monotonic()
    alive = [child.pid for child in set(multiprocessing.active_children()) - before]
    assert result.cancelled and len(result.entries) < len(jobs)
    assert alive == [], "worker processes still running after the render returned"
    assert returned - cancelled_at[0] < 2.0


@pytest.mark.parametrize("road", ROADS)
def test_every_road_renders_the_project_in_memory_not_its_file(
    road: str, project_copy: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The Studio renders unsaved edits: a pool worker or a cluster task draws the text the
    project holds in memory (the key is computed from it), never the file's older text."""
    project = load_project(project_copy, project_names())
    edited = "An edit not saved yet"
    first = project.campaign.people[0]
    first.quote = first.quote.replace("en", edited)
    person = project.campaign.people[0].id
    jobs = [job for job in all_jobs(project, None, {"instagram-square"}, {"card"}) if job.template == "quote"]
    assert len(jobs) >= 2  # a pool is started for more than one card
    result = render_outputs(project, tmp_path / "out", Request(jobs, executor(road, request)))
    (mine,) = [e for e in result.entries if e.person == person]
    assert mine.error is None and mine.alt is not None and edited in mine.alt.get("en")


def test_a_video_whose_folder_is_a_file_cannot_be_written_not_a_bug(
    project_copy: Path, tmp_path: Path
) -> None:
    """A file where ``videos/hala`` should be: the video's entry says which path cannot be
    written (an OSError making its temporary file is a write failure like any other)."""
    project = load_project(reduce_to_hala(project_copy, "ultrafast"), project_names())
    out = tmp_path / "out"
    (out / "videos").mkdir(parents=True)
    (out / "videos" / "hala").write_text("in the way", encoding="utf-8")
    jobs = [job for job in all_jobs(project) if job.kind == "video"]
    result = render_outputs(project, out, Request(jobs, InProcess(), encoding=FAST))
    (entry,) = result.entries
    assert entry.status == "failed" and entry.error is not None
    assert entry.error.startswith("cannot write ") and "videos/hala" in entry.error, entry.error
    assert "failed:" not in entry.error
