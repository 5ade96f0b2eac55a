"""The Studio's plain rules below Qt (takatof.edit.form, takatof.edit.timeline, takatof.edit.files), checked
without a display: numbers as typed, where a field's value goes, what a drag is worth, which
files the media bin lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from takatof.edit.files import media_files
from takatof.edit.form import field_label, lift, owner_of, parse_number, show_number
from takatof.edit.timeline import Block, Drag, block_span, edge_value, move_target, ruler_step, time_label
from takatof.model.campaign import PHOTO_MAX_S, PHOTO_MIN_S
from takatof.render.video.plan import SegmentRow


@pytest.mark.parametrize(
    ("text", "integer", "value"),
    [
        ("85,000", True, 85000),
        ("٨٥٬٠٠٠", True, 85000),
        ("4,5", False, 4.5),
        ("1,234.5", False, 1234.5),
        (" ", True, None),
        ("", False, None),
    ],
)
def test_numbers_are_read_as_people_type_them(text: str, integer: bool, value: float | None) -> None:
    assert parse_number(text, integer) == value


@pytest.mark.parametrize(("text", "integer"), [("4.5", True), ("abc", False), ("1e5", False)])
def test_a_text_that_is_no_number_is_refused(text: str, integer: bool) -> None:
    with pytest.raises(ValueError):
        parse_number(text, integer)


def test_numbers_show_as_typed_and_labels_name_units() -> None:
    assert (show_number(85000), show_number(4.5), show_number(0.0)) == ("85000", "4.5", "0")
    assert (field_label("photo_s"), field_label("call_to_action")) == ("photo (s)", "call to action")


def test_a_field_belongs_to_its_person_or_section() -> None:
    assert owner_of("people[1].media[0]") == "people[1]"
    assert owner_of("video.encoder.crf") == "video"
    assert owner_of("title.ar") == ""


def test_a_field_of_a_missing_object_creates_the_object() -> None:
    data = {"people": [{"id": "a", "captions": None}]}
    assert lift(data, "people[0].captions.ar", "c.srt") == ("people[0].captions", {"ar": "c.srt"})
    assert lift(data, "people[0].captions.ar", None) == (None, None)
    assert lift(data, "people[0].id", "b") == ("people[0].id", "b")


def _block(
    index: int, kind: str, start: float, duration: float, clip: tuple[float, float] | None = None
) -> Block:
    row = SegmentRow(
        kind,
        f"people[0].{kind}[{index}]",
        "x",
        start,
        duration,
        None,
        None,
        clip[0] if clip else None,
        clip[1] if clip else None,
        False,
    )
    return Block(index, row, index % 2)


def test_dragged_edges_snap_and_stay_in_bounds() -> None:
    photo = _block(0, "photo", 0.0, 4.0)
    assert edge_value(photo, "resize", 1.04) == 5.0
    assert edge_value(photo, "resize", -100) == PHOTO_MIN_S
    assert edge_value(photo, "resize", 100) == PHOTO_MAX_S
    clip = _block(1, "clip", 3.0, 2.0, (1.0, 3.0))
    assert edge_value(clip, "trim-in", 5.0) == 2.5  # at least half a second of the file
    assert edge_value(clip, "trim-out", 10.0, length=4.0) == 4.0
    assert edge_value(clip, "trim-out", 10.0) == 13.0


def test_a_dragged_block_passes_the_middles_it_crosses_and_moves_what_follows() -> None:
    blocks = [_block(i, "photo", 3.0 * i, 3.5) for i in range(3)]
    assert move_target(blocks[0], blocks, 3.5) == 1
    assert move_target(blocks[0], blocks, 0.5) == 0
    drag = Drag("resize", 0.0, blocks[0], value=5.0)
    assert block_span(blocks[0], drag) == (0.0, 5.0)
    assert block_span(blocks[2], drag) == (7.5, 3.5)


def test_ruler_labels_stay_apart() -> None:
    step, _ = ruler_step(40.0)
    assert step * 40.0 >= 70
    assert (time_label(65.0, 1), time_label(2.5, 0.5)) == ("1:05", "0:02.5")


def test_the_media_listing_skips_hidden_and_output_folders_and_stops_at_its_limit(tmp_path: Path) -> None:
    for name in ("media/a.png", "media/b.mp3", "media/notes.txt", ".cache/c.png", "out/d.mp4", "e.mov"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    found, folders = media_files(tmp_path, ("image", "video", "audio"), limit=10)
    assert found == [
        (tmp_path / "e.mov", "video"),
        (tmp_path / "media/a.png", "image"),
        (tmp_path / "media/b.mp3", "audio"),
    ]
    assert folders == [tmp_path, tmp_path / "media"]
    assert len(media_files(tmp_path, ("image", "video", "audio"), limit=2)[0]) == 2
