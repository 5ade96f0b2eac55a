"""The images a story video reads: photos prepared when the frame feeder reaches them, and
counter frames cropped to what their figures cover.

Why: the render starts ffmpeg before the photos are prepared (the feeder draws them while
the title encodes), so a deferred photo must come out exactly as an eagerly prepared one; and
the counter's frames are cropped to save PNG and blending work, which must never cut a figure.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from takatof.render.video.assets import _union_box, counter_size, draw_counter, png_rgba, prepare
from takatof.render.video.motion import feed, photo_planes
from takatof.templates.layers import Box, Gradient, TextStyle
from takatof.templates.timeline import Counter, Motion, Photo, Still, Timeline

W, H = 96, 170


@pytest.fixture(autouse=True)
def clear_photo_cache() -> Iterator[None]:
    photo_planes.cache_clear()
    yield
    photo_planes.cache_clear()


def make_source(path: Path) -> Path:
    rng = np.random.default_rng(7)
    Image.fromarray(rng.integers(0, 256, (300, 200, 3), dtype=np.uint8)).save(path, quality=92)
    return path


def photo_timeline(source: Path) -> Timeline:
    photo = Photo(source, 0.5, Motion(1.0, 1.2, 0.45, 0.55, 0.5, 0.5))
    still = Still((Gradient(Box(0, 0, W, H), ("#000000", "#FFFFFF")),), 0.4)
    return Timeline(W, H, (still, photo, photo), transition=0.1)


def test_deferred_photos_are_prepared_by_the_feeder(tmp_path: Path) -> None:
    timeline = photo_timeline(make_source(tmp_path / "source.jpg"))
    deferred = prepare(timeline, tmp_path / "cache", photos=False)
    path = deferred.segments[1]
    assert path is not None and not path.exists()  # not drawn before ffmpeg starts
    assert deferred.segments[2] == path  # the same photo twice: one cache entry
    written = io.BytesIO()
    frames = feed(timeline, deferred, written)
    assert path.exists() and frames == 2 * 15
    assert len(written.getvalue()) == frames * W * H * 3 // 2
    # An eager prepare finds the very file the feeder drew, and feeds the same bytes.
    eager = prepare(timeline, tmp_path / "cache")
    assert eager.segments == deferred.segments
    again = io.BytesIO()
    feed(timeline, eager, again)
    assert again.getvalue() == written.getvalue()


def test_prepared_photo_is_the_cover_at_its_largest_zoom(tmp_path: Path) -> None:
    timeline = photo_timeline(make_source(tmp_path / "source.jpg"))
    path = prepare(timeline, tmp_path / "cache").segments[1]
    assert path is not None
    with Image.open(path) as image:
        assert image.size == (round(W * 1.2), round(H * 1.2))


@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        ([None, None], (0, 0, 50, 20)),  # nothing drawn: the whole area
        ([(4, 2, 30, 18)], (4, 2, 30, 18)),
        ([(5, 3, 30, 18), (10, 1, 40, 12)], (4, 0, 40, 18)),  # corner rounded down to even
        ([(7, 7, 9, 9), None], (6, 6, 9, 9)),
    ],
)
def test_union_box(
    boxes: list[tuple[int, int, int, int] | None], expected: tuple[int, int, int, int]
) -> None:
    assert _union_box(boxes, 50, 20) == expected


def test_counter_frames_are_cropped_without_cutting_a_figure(tmp_path: Path) -> None:
    style = TextStyle(size=40, min_size=10, color="#FFC83D")
    counter = Counter("members", 85000, Box(10, 40, 220, 90), style, start=0.0, end=1.0, count_s=0.5)
    timeline = Timeline(240, 240, (Still((), 1.0),), 0.0, counters=(counter,))
    frames = prepare(timeline, tmp_path / "cache").counters[0]
    size = counter_size(counter)
    for k, t in enumerate(counter.frame_times(timeline.fps)):
        with Image.open(frames.pattern % k) as cropped:
            full = draw_counter(counter, counter.text_at(t), size)
            # Put the crop back where it sits in the box: it must equal the full drawing.
            restored = Image.new("RGBA", full.size, (0, 0, 0, 0))
            restored.paste(cropped, (frames.x - counter.box.x, frames.y - counter.box.y))
            assert np.array_equal(np.asarray(restored), np.asarray(full)), f"frame {k}"
    with Image.open(frames.pattern % (frames.count - 1)) as last:
        assert last.width * last.height < counter.box.w * counter.box.h  # it did crop
    # A second prepare (warm cache) places the frames at the same corner.
    assert prepare(timeline, tmp_path / "cache").counters[0] == frames


@pytest.mark.parametrize("size", [(1, 1), (5, 3), (911, 251)])
def test_layers_are_written_as_lossless_png(size: tuple[int, int]) -> None:
    """The PNG writer for transparent layers (unfiltered rows, deflate level 1) keeps every
    RGBA value: Pillow reads back the very pixels, so ffmpeg and the preview get them."""
    pixels = np.random.default_rng(size[0]).integers(0, 256, (size[1], size[0], 4), dtype=np.uint8)
    back = Image.open(io.BytesIO(png_rgba(Image.fromarray(pixels))))
    assert (back.format, back.mode, back.size) == ("PNG", "RGBA", size)
    np.testing.assert_array_equal(np.asarray(back), pixels)
