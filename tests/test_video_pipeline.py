"""render_videos: one encode at a time, the next video prepared while the current one encodes;
each video's product (or its failed entry) comes out in order.

The two steps are replaced by recorders, so these tests check the pipeline itself — order,
overlap, failures, cancel, and that nothing is left running — in milliseconds; the real steps
are covered by test_video_render.py and, end to end, by test_faults.py.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from takatof.render.cancel import CancelToken
from takatof.render.jobs import Job, Product
from takatof.render.manifest import EncoderUsed, VideoEntry
from takatof.render.video import render as video_render
from takatof.render.video.graph import Encoding
from takatof.render.video.render import Prepared, VideoFailed, VideoJob, render_videos, video_rel
from takatof.render.video.runner import Cancelled, Progress

JOBS = [
    VideoJob("story", preset, "hala") for preset in ("instagram-story", "instagram-square", "youtube-video")
]
ENCODING = Encoding("libx264", "veryfast", 21)
PROJECT = object()  # the recorders never read it


class Recorder:
    """Stands in for prepare_video and encode_video and logs what ran, on which thread, when."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str, str]] = []  # (step, preset, thread name)
        self.lock = threading.Lock()
        self.fail_prepare: set[str] = set()
        self.fail_encode: set[str] = set()
        self.crash_prepare: set[str] = set()
        self.prepare_s = 0.0
        self.encode_s = 0.0
        self.cancel_in_encode: CancelToken | None = None
        self.policy: list[int] = []  # the preparing thread's scheduling policy, each time
        self.preparing: dict[str, threading.Event] = {job.preset: threading.Event() for job in JOBS}

    def note(self, step: str, job: Job) -> None:
        with self.lock:
            self.log.append((step, job.preset, threading.current_thread().name))

    def prepare(self, project: object, job: VideoJob, cache: Path, cancel: CancelToken | None) -> Prepared:
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        self.note("prepare", job)
        if sys.platform == "linux":
            self.policy.append(os.sched_getscheduler(0))  # 0: the calling thread
        self.preparing[job.preset].set()
        time.sleep(self.prepare_s)
        self.note("prepared", job)
        if job.preset in self.crash_prepare:
            raise RuntimeError("a bug")
        if job.preset in self.fail_prepare:
            raise VideoFailed(f"{job.preset}: media missing")
        return Prepared(job, None, None, None)  # type: ignore[arg-type]

    def encode(
        self,
        prepared: Prepared,
        out_dir: Path,
        encoding: Encoding,
        on_progress: object = None,
        cancel: CancelToken | None = None,
    ) -> Product:
        job = prepared.job
        self.note("encode", job)
        if self.cancel_in_encode is not None:
            following = JOBS[[j.preset for j in JOBS].index(job.preset) + 1].preset
            assert self.preparing[following].wait(5), "the next video was not being prepared"
            self.cancel_in_encode.cancel()
            raise Cancelled()
        time.sleep(self.encode_s)
        if on_progress is not None:
            on_progress(Progress(1.0, 30.0, 0.0))  # type: ignore[operator]
        self.note("encoded", job)
        if job.preset in self.fail_encode:
            raise VideoFailed(f"{job.preset}: ffmpeg failed")
        return Product((
            VideoEntry(
                status="rendered",
                template=job.template,
                person=job.person,
                preset=job.preset,
                path=video_rel(job).as_posix(),
                width=1080,
                height=1920,
                bytes=1,
                duration_s=1.0,
                encoder=EncoderUsed(codec="libx264", preset="veryfast", crf=21),
            ),
        ))  # fmt: skip


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    recording = Recorder()
    monkeypatch.setattr(video_render, "prepare_video", recording.prepare)
    monkeypatch.setattr(video_render, "encode_video", recording.encode)
    before = {t.name for t in threading.enumerate()}
    yield recording
    leftover = [t.name for t in threading.enumerate() if t.name.startswith("takatof-prepare")]
    assert not leftover or set(leftover) <= before, f"preparation threads left running: {leftover}"


def run(
    cancel: CancelToken | None = None, progress: list[tuple[str, float]] | None = None
) -> list[tuple[str, str]]:
    def report(job: VideoJob, p: Progress) -> None:
        if progress is not None:
            progress.append((job.preset, p.fraction))

    done = render_videos(PROJECT, JOBS, Path("out"), Path("cache"), ENCODING, report, cancel)  # type: ignore[arg-type]
    return [(job.preset, product.entries[0].status) for job, product in done]


def test_videos_come_out_in_order_each_with_its_progress(recorder: Recorder) -> None:
    progress: list[tuple[str, float]] = []
    assert run(progress=progress) == [(job.preset, "rendered") for job in JOBS]
    assert progress == [(job.preset, 1.0) for job in JOBS]


def test_the_next_video_is_prepared_while_the_current_one_encodes(recorder: Recorder) -> None:
    recorder.prepare_s, recorder.encode_s = 0.05, 0.2
    run()
    log = recorder.log
    for current, following in itertools.pairwise(JOBS):
        encoding = log.index(("encode", current.preset, threading.current_thread().name))
        encoded = log.index(("encoded", current.preset, threading.current_thread().name))
        prepared = next(i for i, e in enumerate(log) if e[:2] == ("prepared", following.preset))
        assert encoding < prepared < encoded, log  # drawn during the encode, not after it
    # one encode at a time, on the caller's thread; preparing on the other thread
    assert {thread for step, _, thread in log if step == "encode"} == {threading.current_thread().name}
    assert all(thread.startswith("takatof-prepare") for step, _, thread in log if step == "prepare")
    encodes = [e for e in log if e[0] in ("encode", "encoded")]
    assert [e[0] for e in encodes] == ["encode", "encoded"] * len(JOBS)


@pytest.mark.skipif(sys.platform != "linux", reason="a thread's own scheduling policy is Linux's")
def test_preparing_takes_only_idle_cpu_and_the_encode_keeps_its_priority(recorder: Recorder) -> None:
    """The preparation runs under SCHED_IDLE, so it never slows the encode; the encode
    (this thread, and the ffmpeg it starts) keeps the policy it had."""
    mine = os.sched_getscheduler(0)
    run()
    assert recorder.policy == [os.SCHED_IDLE] * len(JOBS)
    assert os.sched_getscheduler(0) == mine


def test_a_video_that_fails_either_step_fails_alone(recorder: Recorder) -> None:
    recorder.fail_prepare = {"instagram-square"}
    recorder.fail_encode = {"youtube-video"}
    assert run() == [
        ("instagram-story", "rendered"),
        ("instagram-square", "failed"),
        ("youtube-video", "failed"),
    ]


def test_a_failed_preparation_keeps_its_message(recorder: Recorder) -> None:
    recorder.fail_prepare = {"instagram-story"}
    done = render_videos(PROJECT, JOBS[:1], Path("o"), Path("c"), ENCODING)  # type: ignore[arg-type]
    ((_, product),) = list(done)
    (entry,) = product.entries
    assert entry.status == "failed" and entry.error == "instagram-story: media missing"


def test_a_cancel_during_an_encode_ends_the_run_and_waits_for_the_preparation(recorder: Recorder) -> None:
    token = CancelToken()
    recorder.prepare_s = 0.2  # the next preparation is still running when the encode is cancelled
    recorder.cancel_in_encode = token
    with pytest.raises(Cancelled):
        run(token)
    # the preparation under way finished before render_videos returned; nothing else started
    steps = [e[:2] for e in recorder.log]
    assert ("prepared", "instagram-square") in steps
    assert not any(p == "youtube-video" for _, p in steps)
    assert [s for s, _ in steps].count("encode") == 1


def test_a_cancel_before_a_preparation_starts_it_not(recorder: Recorder) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run(token)
    assert recorder.log == []


def test_a_bug_in_a_preparation_is_that_videos_failed_entry_and_the_rest_go_on(recorder: Recorder) -> None:
    recorder.crash_prepare = {"instagram-square"}
    done = list(render_videos(PROJECT, JOBS, Path("o"), Path("c"), ENCODING))  # type: ignore[arg-type]
    assert [product.entries[0].status for _, product in done] == ["rendered", "failed", "rendered"]
    error = done[1][1].entries[0].error
    assert error == "Story video for hala failed: a bug", error


def test_leaving_early_waits_for_the_preparation(recorder: Recorder) -> None:
    recorder.prepare_s = 0.2
    done = render_videos(PROJECT, JOBS, Path("o"), Path("c"), ENCODING)  # type: ignore[arg-type]
    next(done)  # the second video is being prepared now
    done.close()
    assert ("prepared", "instagram-square") in [e[:2] for e in recorder.log]


def test_no_jobs_no_thread(recorder: Recorder) -> None:
    assert list(render_videos(PROJECT, [], Path("o"), Path("c"), ENCODING)) == []  # type: ignore[arg-type]
    assert recorder.log == []


def test_a_real_campaign_video_pair(tmp_path: Path) -> None:
    """The real steps through the pipeline: two videos of the example, probed."""
    from takatof.model import load_project
    from takatof.render.batch import project_names
    from takatof.render.video.probe import probe
    from takatof.render.writer import commit

    from .conftest import EXAMPLE

    project = load_project(EXAMPLE, project_names())
    jobs = [VideoJob("story", "instagram-square", "hala"), VideoJob("story", "instagram-portrait", "hala")]
    fast = Encoding("libx264", "ultrafast", 30)
    done = list(render_videos(project, jobs, tmp_path / "out", tmp_path / "cache", fast))
    assert [job for job, _ in done] == jobs
    for job, product in done:
        entries = commit(product, tmp_path / "out")
        assert [e.status for e in entries] == ["rendered"] * 5  # the video and four caption files
        video = probe(tmp_path / "out" / video_rel(job))
        assert video.has_video and video.has_audio and video.duration == pytest.approx(25.0, abs=0.1)
    leftovers = [p.name for p in (tmp_path / "out").rglob("*") if ".partial" in p.name]
    assert leftovers == []
