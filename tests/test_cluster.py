"""Rendering on a Dask cluster (a LocalCluster here; nothing needs a second machine): the
same bytes as a local render, a worker killed mid-render costs only a retry, videos come back
whole, and the client alone writes the folder."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import av
import pytest

pytest.importorskip("dask.distributed")

from takatof.cli import main
from takatof.model import load_project
from takatof.render.batch import make_card, project_names
from takatof.render.cards import card_jobs
from takatof.render.cluster import Cluster
from tests.conftest import reduce_to_hala


def manifest(out: Path) -> list[dict]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def test_cards_on_the_cluster_are_byte_identical_and_a_killed_worker_costs_a_retry(
    project_copy: Path, tmp_path: Path
) -> None:
    project = load_project(project_copy, project_names())
    jobs = card_jobs(project, None, {"instagram-square", "instagram-story"})
    with Cluster("local:2") as cluster:
        pids = list(cluster.client.run(os.getpid).values())
        killed = threading.Event()

        def kill_one() -> None:
            time.sleep(1.0)  # the workers are drawing by now
            os.kill(pids[0], signal.SIGKILL)
            killed.set()

        threading.Thread(target=kill_one, daemon=True).start()
        results = dict(cluster.products(project, jobs))
    assert killed.is_set()
    assert set(results) == set(jobs)
    for job, card in results.items():
        assert not isinstance(card, BaseException), (job, card)
        assert card.entries[0].error is None, card.entries
        assert card.files == make_card(project, job).files, job  # the same bytes as here


def test_render_on_the_cluster_through_the_command(project_copy: Path, tmp_path: Path) -> None:
    reduce_to_hala(project_copy, "ultrafast")
    local, remote = tmp_path / "local", tmp_path / "cluster"
    assert main(["render", str(project_copy), "--out", str(local), "-q", "-j", "1"]) == 0
    assert main(["render", str(project_copy), "--out", str(remote), "-q", "--cluster", "local:2"]) == 0
    for entry in manifest(remote):
        assert entry["status"] == "rendered" and (remote / entry["path"]).is_file(), entry
        if entry["kind"] in ("card", "captions"):
            assert (remote / entry["path"]).read_bytes() == (local / entry["path"]).read_bytes(), entry[
                "path"
            ]
    (video,) = [e["path"] for e in manifest(remote) if e["kind"] == "video"]
    probes = []
    for folder in (local, remote):
        with av.open(str(folder / video)) as container:
            stream = container.streams.video[0]
            probes.append(
                (
                    stream.codec_context.name,
                    stream.width,
                    stream.height,
                    stream.frames,
                    len(container.streams.audio),
                )
            )
    assert probes[0] == probes[1]
    assert [p for p in remote.rglob("*") if ".partial" in p.name] == []
    # and again: nothing changed, nothing goes to the cluster
    assert main(["render", str(project_copy), "--out", str(remote), "-q", "--cluster", "local:2"]) == 0
    assert {e["status"] for e in manifest(remote)} == {"unchanged"}


@pytest.mark.parametrize("address", ["local:0", "udp://x", "tcp://nohost"])
def test_a_bad_cluster_address_is_a_usage_error(
    project_copy: Path, tmp_path: Path, address: str, capsys
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["render", str(project_copy), "--out", str(tmp_path / "o"), "--cluster", address])
    assert stop.value.code == 2
    assert "--cluster" in capsys.readouterr().err


def test_spotlights_from_a_spreadsheet_render_on_the_cluster(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "support-local", tmp_path / "p")
    project = tmp_path / "p" / "campaign.json"
    ids = [s.id for s in load_project(project, project_names()).campaign.spotlights[:3]]
    out = tmp_path / "out"
    args = ["render", str(project), "--out", str(out), "-q", "--presets", "instagram-square", "--only", *ids]
    assert main([*args, "--cluster", "local:2"]) == 0
    entries = manifest(out)
    assert sorted(e["subject"] for e in entries) == sorted(ids)
    assert all(e["status"] == "rendered" and (out / e["path"]).is_file() for e in entries)
