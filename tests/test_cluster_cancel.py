"""Cancelling a render on a Dask cluster stops it there too: a task under way stops its
ffmpeg and removes its scratch folder before the render returns (cancelling a Dask future
alone never interrupts a running task), the progress queue is released, and Ctrl-C to a
``--cluster local:N`` render is the usual one-line cancel, with no Dask traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.distributed")

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.cancel import CancelToken
from takatof.render.cluster import Cluster, _worker_folder
from takatof.render.jobs import Job, all_jobs
from takatof.render.outputs import Callbacks, Request, render_outputs
from takatof.render.video.graph import Encoding
from takatof.render.video.runner import Progress
from tests.conftest import ROOT, reduce_to_hala
from tests.test_faults import assert_manifest_matches_disk, finish, group_members, leftovers, wait_for

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups and signals are POSIX")

SLOW = Encoding("libx264", "medium", 23)  # slow enough to be cancelled mid-encode


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    with Cluster("local:1") as cluster:
        yield cluster


def _children() -> list[str]:
    import psutil

    return [p.name() for p in psutil.Process().children(recursive=True) if p.status() != "zombie"]


def _scratch() -> list[str]:
    return [str(p) for p in (_worker_folder() / "jobs").rglob("*")]


def _queues(dask_scheduler: Any) -> list[str]:
    return sorted(dask_scheduler.extensions["queues"].queues)


def no_queue_left(cluster: Cluster) -> bool:
    """Every progress queue released (a release is a message the scheduler reads soon)."""
    deadline = time.monotonic() + 5
    while cluster.client.run_on_scheduler(_queues) and time.monotonic() < deadline:
        time.sleep(0.05)
    return cluster.client.run_on_scheduler(_queues) == []


def test_a_cancel_stops_the_encode_on_the_worker_before_the_render_returns(
    cluster: Cluster, project_copy: Path, tmp_path: Path
) -> None:
    project = load_project(reduce_to_hala(project_copy, "medium"), project_names())
    jobs = [job for job in all_jobs(project) if job.kind == "video"]
    token = CancelToken()

    def progress(job: Job, p: Progress) -> None:
        if p.fraction > 0:  # ffmpeg is encoding on the worker
            token.cancel()

    request = Request(jobs, cluster, encoding=SLOW)
    result = render_outputs(project, tmp_path / "out", request, Callbacks(progress=progress), token)
    assert result.cancelled and result.entries == []
    (children,) = cluster.client.run(_children).values()
    assert children == [], "the worker's ffmpeg still runs after the render returned"
    (scratch,) = cluster.client.run(_scratch).values()
    assert scratch == [], "the task's scratch folder (its partial video) is still there"
    assert no_queue_left(cluster)


def test_the_last_progress_arrives_and_the_queue_is_released(
    cluster: Cluster, project_copy: Path, tmp_path: Path
) -> None:
    project = load_project(reduce_to_hala(project_copy, "ultrafast"), project_names())
    jobs = all_jobs(project)
    events: list[tuple[str, float]] = []
    callbacks = Callbacks(
        progress=lambda job, p: events.append((job.kind, p.fraction)),
        done=lambda job, entries, n, total: events.append((job.kind, -1.0)),
    )
    fast = Encoding("libx264", "ultrafast", 30)
    result = render_outputs(project, tmp_path / "out", Request(jobs, cluster, encoding=fast), callbacks)
    assert not result.failed
    video = [fraction for kind, fraction in events if kind == "video"]
    assert video[-2:] == [1.0, -1.0], video  # 100 %, then done
    assert no_queue_left(cluster)


def _encoding_on_a_worker(pgid: int) -> bool:
    return any(" ffmpeg" in m for m in group_members(pgid))


def _workers_starting(pgid: int) -> bool:
    """A worker process spawned (beside the render and multiprocessing's resource tracker)."""
    return sum(1 for m in group_members(pgid) if m.endswith(" python") or " python3" in m) >= 3


@pytest.mark.parametrize(
    ("moment", "settle_s"),
    [(_encoding_on_a_worker, 1.0), (_workers_starting, 0.0)],
    ids=["while-encoding", "while-the-workers-start"],
)
def test_ctrl_c_to_a_local_cluster_render_is_one_line_and_leaves_nothing(
    project_copy: Path, tmp_path: Path, moment: Any, settle_s: float
) -> None:
    """Also in the second the workers take to start: a worker that took the Ctrl-C then died
    mid-import with a traceback (and the render with 'Nanny failed to start', exit 70), and
    once the render ignored it meanwhile, a thread of a library's took it and it was lost."""
    project = reduce_to_hala(project_copy, "medium")
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "takatof.cli",
            "render",
            str(project),
            "--out",
            str(out),
            "-q",
            "--cluster",
            "local:2",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        wait_for(lambda: moment(process.pid), what=moment.__doc__ or moment.__name__)
        time.sleep(settle_s)
        os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C: the whole group
        returncode, _, err = finish(process)
        assert returncode == 130, err
        assert "Traceback" not in err, err
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("cancelled by SIGINT"), err
        wait_for(lambda: not group_members(process.pid), 15, "the workers and their ffmpeg to exit")
    finally:
        for line in group_members(process.pid):
            os.kill(int(line.split()[0]), signal.SIGKILL)
    assert leftovers(out) == []
    assert_manifest_matches_disk(out)
    assert list(scratch.glob("takatof-*")) == []  # no partial video, no worker folder
    json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_a_worker_sweeps_the_folders_of_workers_that_were_killed(project_copy: Path, tmp_path: Path) -> None:
    """A worker killed mid-task (SIGKILL, out of memory) cannot clean up; the next worker on
    the machine removes its folder (its lock is gone) and leaves a live worker's alone."""
    import tempfile

    from takatof.render.cards import card_jobs

    dead = Path(tempfile.gettempdir()) / "takatof-worker-test-dead"
    (dead / "jobs" / "takatof-job-x").mkdir(parents=True, exist_ok=True)
    (dead / "jobs" / "takatof-job-x" / ".story.partial.mp4").write_bytes(b"x")
    (dead / ".alive").write_text("")
    project = load_project(project_copy, project_names())
    (job,) = card_jobs(project, {"hala"}, {"instagram-square"})[:1]
    with Cluster("local:2") as cluster:
        results = dict(cluster.products(project, [job, *card_jobs(project, {"rania"}, {"x-image"})]))
        assert not dead.exists()
        folders = {str(f) for f in cluster.client.run(_worker_folder).values()}
        assert any(Path(f).is_dir() for f in folders)  # a live worker's folder stays
    assert all(not isinstance(r, BaseException) for r in results.values())
    assert not any(Path(f).exists() for f in folders)  # and go when the cluster closes
