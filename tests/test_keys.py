"""Output keys change exactly when an output's bytes may: each kind of input is changed and
exactly the outputs that read it get a new key."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from takatof.model import load_project
from takatof.render.batch import project_names
from takatof.render.cards import card_jobs
from takatof.render.keys import card_key, video_key
from takatof.render.video.graph import Encoding
from takatof.render.video.render import video_jobs

FAST = Encoding("libx264", "veryfast", 23)


def keys(path: Path, encoding: Encoding = FAST) -> dict[tuple[str, ...], str]:
    project = load_project(path, project_names())
    out = {
        ("card", j.template, j.preset, j.subject or ""): card_key(project, j.template, j.preset, j.subject)
        for j in card_jobs(project)
    }
    out.update(
        {
            ("video", j.template, j.preset, j.person): video_key(
                project, j.template, j.preset, j.person, encoding
            )
            for j in video_jobs(project)
        }
    )
    return out


def edit(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def changed(before: dict, after: dict) -> set[tuple[str, ...]]:
    assert before.keys() == after.keys()
    return {k for k in before if before[k] != after[k]}


def test_keys_are_stable(project_copy: Path) -> None:
    assert keys(project_copy) == keys(project_copy)


def test_a_persons_text_changes_only_that_persons_outputs(project_copy: Path) -> None:
    before = keys(project_copy)
    edit(project_copy, lambda d: d["people"][1]["quote"].update(en="A different quote."))
    hit = changed(before, keys(project_copy))
    person = json.loads(project_copy.read_text(encoding="utf-8"))["people"][1]["id"]
    assert hit and {k[3] for k in hit} <= {person} | {
        s["id"] for s in json.loads(project_copy.read_text())["spotlights"] if s.get("person") == person
    }
    assert {k for k in before if k[3] == person} <= hit


def test_a_media_files_bytes_change_its_outputs_even_under_the_same_name(project_copy: Path) -> None:
    before = keys(project_copy)
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    photo = project_copy.parent / data["people"][0]["media"][0]
    shutil.copyfile(project_copy.parent / data["people"][2]["media"][0], photo)  # same name, new bytes
    hit = changed(before, keys(project_copy))
    assert hit and all(
        k[3]
        in (
            data["people"][0]["id"],
            *(s["id"] for s in data["spotlights"] if s.get("person") == data["people"][0]["id"]),
        )
        for k in hit
    )


def test_a_brand_colour_changes_every_output(project_copy: Path) -> None:
    before = keys(project_copy)
    edit(project_copy, lambda d: d.setdefault("brand", {}).update(primary="#123456"))
    assert changed(before, keys(project_copy)) == set(before)


def test_an_encoder_setting_changes_only_videos(project_copy: Path) -> None:
    before = keys(project_copy)
    hit = changed(before, keys(project_copy, Encoding("libx264", "medium", 21)))
    assert hit == {k for k in before if k[0] == "video"}


def test_a_font_changes_every_output(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from takatof.render import keys as module

    before = keys(project_copy)
    monkeypatch.setattr(module, "fonts_hash", lambda: "another font")
    assert changed(before, keys(project_copy)) == set(before)


def test_video_settings_change_only_videos(project_copy: Path) -> None:
    before = keys(project_copy)
    edit(project_copy, lambda d: d.setdefault("video", {}).update(photo_s=6.0))
    assert changed(before, keys(project_copy)) == {k for k in before if k[0] == "video"}


def test_a_spotlight_sharing_a_persons_id_is_keyed_on_the_spotlight(project_copy: Path) -> None:
    edit(project_copy, lambda d: d["spotlights"][0].update(id=d["people"][0]["id"]))
    before = keys(project_copy)
    edit(project_copy, lambda d: d["spotlights"][0]["makes"].update(en="Something else entirely"))
    hit = changed(before, keys(project_copy))
    assert {k[1] for k in hit} == {"spotlight"}
