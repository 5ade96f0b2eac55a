"""The images a story video needs, drawn once by Pillow and cached by content hash.

Stills (title, stat, closing), photos cover-fitted at the size their closest Ken Burns view
shows them (so no frame is upscaled and the motion samples a sharp image), overlays cropped
to their boxes, and one image per counter frame. The cache key is a hash of the plan object
(frozen dataclasses have a stable repr) plus the size and modification time of every file it
reads, so re-rendering after an edit redoes only what changed. ffmpeg and the preview
compositor read the very same files.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from ...model import Problem
from ...model.media import open_image
from ...templates.layers import Canvas, Layer, Picture
from ...templates.timeline import Clip, Counter, Overlay, Photo, Still, Timeline, even
from ..files import atomic_path, write_atomic
from ..raster import flatten, rasterize
from ..text import draw_text, fit_text, layout_text

# Bump when drawing changes, to invalidate old cache entries (3: 16-bit photos; 4: photos
# through their colour profile, transparent ones flattened over their ground).
VERSION = "4"


@dataclass(frozen=True)
class CounterFrames:
    """Frame images of a counter: ``pattern`` % k for k in range(count), the first shown at
    ``first`` seconds (each lasts one frame; the last is held until the counter ends), placed
    with their top-left corner at (``x``, ``y``): the frames are cropped to the area the
    figures cover, within the counter's box."""

    pattern: str
    count: int
    first: float
    x: int
    y: int


@dataclass(frozen=True)
class Assets:
    segments: tuple[Path | None, ...]  # a still or prepared photo per segment; None for clips
    overlays: tuple[Path, ...]
    counters: tuple[CounterFrames, ...]


class AssetError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _key(*parts: object) -> str:
    digest = hashlib.sha256(VERSION.encode())
    for part in parts:
        digest.update(repr(part).encode())
        for path in _paths(part):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


def _paths(obj: object) -> list[Path]:
    """Files an object of the plan reads (photos, pictures inside layers)."""
    if isinstance(obj, (tuple, list)):
        return [p for item in obj for p in _paths(item)]
    if isinstance(obj, Path):
        return [obj] if obj.exists() else []
    if isinstance(obj, (Photo, Picture)):
        return _paths(obj.path)
    if isinstance(obj, (Still, Overlay)):
        return [p for layer in obj.layers for p in _paths(layer)]
    return []


def prepare(timeline: Timeline, cache: Path, photos: bool = True) -> Assets:
    """Draw (or find in ``cache``) every image ``timeline`` needs. With ``photos=False`` the
    photos' cache paths are returned undrawn: the render's frame feeder draws each one with
    :func:`ensure_photo` when it reaches it, while ffmpeg is already encoding.

    The images are independent and Pillow lets go of the GIL while it resizes and compresses,
    so they are drawn on a small thread pool: a cold cache is part of every first render."""
    cache.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(timeline.width, timeline.height)
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        segments: list[Future[tuple[Path, list[Problem]]] | None] = []
        for segment in timeline.segments:
            if isinstance(segment, Still):
                segments.append(pool.submit(_still, segment, canvas, cache))
            elif isinstance(segment, Photo):
                path = photo_path(segment, canvas, cache)
                segments.append(pool.submit(_photo, segment, canvas, path) if photos else _done(path))
            else:
                assert isinstance(segment, Clip)
                segments.append(None)
        overlays = [pool.submit(_overlay, o, canvas, cache) for o in timeline.overlays]
        counters = tuple(_counter(c, timeline.fps, cache, pool) for c in timeline.counters)
        drawn = [None if f is None else f.result() for f in segments]
        drawn_overlays = [f.result() for f in overlays]
    problems = [p for item in [*drawn, *drawn_overlays] if item is not None for p in item[1]]
    if problems:
        raise AssetError(problems)
    return Assets(
        tuple(None if item is None else item[0] for item in drawn),
        tuple(path for path, _ in drawn_overlays),
        counters,
    )


def _cached(cache: Path, key: str, suffix: str = ".png") -> tuple[Path, bool]:
    path = cache / f"{key}{suffix}"
    return path, path.exists()


def _save(image: Image.Image, path: Path, **options: object) -> None:
    """A PNG: a transparent layer by :func:`png_rgba`, anything else by Pillow."""
    if image.mode == "RGBA":
        data = png_rgba(image)
        write_atomic(path, data)
    else:
        with atomic_path(path) as tmp:
            image.save(tmp, "PNG", **options)


def png_rgba(image: Image.Image) -> bytes:
    """``image`` (RGBA) as a PNG whose rows are not filtered, deflated at level 1. Pillow
    tries every PNG filter on every row: for the transparent layers drawn here (overlays, a
    counter's frames) that costs 3x the time for no smaller file. A 911x251 counter frame:
    Pillow 5.0 ms and 19.5 KB, this 1.6 ms and 19.0 KB; a story's 60 counter frames, drawn
    before ffmpeg can start, 0.2 s of CPU less. The pixels are the same (lossless)."""
    pixels = np.asarray(image)
    h, w = pixels.shape[:2]
    rows = np.zeros((h, 1 + 4 * w), dtype=np.uint8)  # each row: filter type 0, then RGBA
    rows[:, 1:] = pixels.reshape(h, 4 * w)
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8-bit RGBA, not interlaced
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(rows.data, 1)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _still(segment: Still, canvas: Canvas, cache: Path) -> tuple[Path, list[Problem]]:
    path, found = _cached(cache, "still-" + _key(segment.layers, canvas))
    problems: list[Problem] = []
    if not found:
        image, problems = rasterize(segment.layers, canvas)
        _save(image, path, compress_level=1)
    return path, problems


def photo_size(segment: Photo, canvas: Canvas) -> tuple[int, int]:
    """A photo's prepared size: the cover of the canvas at its largest zoom (one photo pixel
    per output pixel there, so no frame is upscaled)."""
    zoom = max(1.0, segment.motion.zoom_from, segment.motion.zoom_to)
    return round(canvas.width * zoom), round(canvas.height * zoom)


def photo_path(segment: Photo, canvas: Canvas, cache: Path) -> Path:
    # A centred crop and no ground add nothing to the key.
    parts: tuple[object, ...] = (segment.path, photo_size(segment, canvas))
    if segment.centering != (0.5, 0.5):
        parts += (segment.centering,)
    if segment.ground:
        parts += (segment.ground, canvas)
    return _cached(cache, "photo-" + _key(*parts), ".jpg")[0]


def ground_image(ground: tuple[Layer, ...], canvas: Canvas, size: tuple[int, int]) -> Image.Image:
    """``ground`` drawn on ``canvas`` and stretched to ``size`` (a prepared photo is the
    canvas at its largest zoom): RGB, black where no layer draws."""
    image, problems = rasterize(ground, canvas)
    if problems:
        raise AssetError(problems)
    return image if image.size == size else image.resize(size, Image.Resampling.BICUBIC)


def ensure_photo(segment: Photo, canvas: Canvas, path: Path) -> Path:
    """Draw the prepared photo at ``path`` unless it is there: cover-fitted (Lanczos) at
    :func:`photo_size`, a 4:4:4 JPEG at quality 95 (PNG compression of a large image cost a
    second per photo). The render and the preview read the same file, so the two agree. The
    crop is placed by the segment's ``centering`` (a focused photo keeps its focus in view).

    The photo is opened as validation checks it (:func:`~takatof.model.media.open_image`: size
    limit first, any pixel mode as 8-bit, upright, in sRGB through its colour profile, a large
    JPEG decoded at a reduced scale that still covers the target). Video has no alpha: a
    transparent picture is flattened over the plan's ``Photo.ground`` by
    :func:`~takatof.render.raster.flatten`, the rule a card draws it by, after the fit (which
    resizes premultiplied), so a 50% pixel is the 50/50 mix of the picture and the ground and
    no colour hidden under a transparent pixel shows."""
    if not path.exists():
        size = photo_size(segment, canvas)
        image = open_image(segment.path, at_least=size)
        fitted = ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=segment.centering)
        if fitted.mode != "RGB":
            fitted = flatten(fitted, ground_image(segment.ground, canvas, size))
        with atomic_path(path) as tmp:
            fitted.save(tmp, "JPEG", quality=95, subsampling=0)
    return path


def _photo(segment: Photo, canvas: Canvas, path: Path) -> tuple[Path, list[Problem]]:
    return ensure_photo(segment, canvas, path), []


def _done(path: Path) -> Future[tuple[Path, list[Problem]]]:
    done: Future[tuple[Path, list[Problem]]] = Future()
    done.set_result((path, []))
    return done


def _overlay(overlay: Overlay, canvas: Canvas, cache: Path) -> tuple[Path, list[Problem]]:
    path, found = _cached(cache, "overlay-" + _key(overlay.layers, overlay.box, canvas))
    problems: list[Problem] = []
    if not found:
        image, problems = rasterize(overlay.layers, canvas, transparent=True)
        box = overlay.box
        _save(image.crop((box.x, box.y, box.right, box.bottom)), path, compress_level=1)
    return path, problems


def counter_size(counter: Counter) -> int:
    """One font size for every frame: the largest at which the final figure fits, so the
    number does not jump in size as digits are added."""
    return fit_text(counter.text_at(counter.end), counter.style, counter.box.w, counter.box.h).size


def _counter(counter: Counter, fps: int, cache: Path, pool: ThreadPoolExecutor) -> CounterFrames:
    """The counter's frames, one PNG per frame (drawn once per distinct text, compressed on
    ``pool``), all cropped to the union of what their figures cover (a third of the box in
    the example: a third of the PNG work and of ffmpeg's blending). The folder is complete
    only once its last frame exists: that one is written after all the others."""
    times = counter.frame_times(fps)
    folder = cache / ("counter-" + _key(counter, fps))
    pattern = str(folder / "%04d.png")
    last = Path(pattern % (len(times) - 1))
    origin = folder / "origin.txt"
    if not last.exists():
        folder.mkdir(parents=True, exist_ok=True)
        size = counter_size(counter)
        drawn: dict[str, Image.Image] = {}
        for t in times:
            text = counter.text_at(t)
            if text not in drawn:
                drawn[text] = draw_counter(counter, text, size)
        area = _union_box([image.getbbox() for image in drawn.values()], counter.box.w, counter.box.h)
        cropped = {text: image.crop(area) for text, image in drawn.items()}
        images = [cropped[counter.text_at(t)] for t in times]
        saves = [
            pool.submit(_save, image, Path(pattern % k), compress_level=1)
            for k, image in enumerate(images[:-1])
        ]
        for save in saves:
            save.result()
        write_atomic(origin, f"{area[0]} {area[1]}\n".encode())
        _save(images[-1], last, compress_level=1)
    dx, dy = (int(v) for v in origin.read_text().split())
    return CounterFrames(pattern, len(times), times[0], counter.box.x + dx, counter.box.y + dy)


def _union_box(boxes: list[tuple[int, int, int, int] | None], w: int, h: int) -> tuple[int, int, int, int]:
    """The smallest box holding every box, its corner on even pixels (overlay places 4:2:0
    pictures on even pixels); the whole area when nothing was drawn."""
    found = [b for b in boxes if b is not None]
    if not found:
        return (0, 0, w, h)
    left, top = even(min(b[0] for b in found)), even(min(b[1] for b in found))
    return (left, top, max(b[2] for b in found), max(b[3] for b in found))


def draw_counter(counter: Counter, text: str, size: int) -> Image.Image:
    """One counter frame: ``text`` centred in the counter's box on a transparent ground."""
    box = counter.box
    style = replace(counter.style, align="center")
    layout = layout_text(text, style, box.w, size)
    image = Image.new("RGBA", (box.w, box.h), (0, 0, 0, 0))
    draw_text(image, layout, 0, (box.h - layout.height) // 2)
    return image
