"""The images a story video needs, drawn once by Pillow and cached by content hash.

Stills (title, stat, closing), photos cover-fitted at twice the output size (so the Ken Burns
crop of zoompan, which moves in whole pixels, moves in half output pixels), overlays cropped
to their boxes, and one image per counter frame. The cache key is a hash of the plan object
(frozen dataclasses have a stable repr) plus the size and modification time of every file it
reads, so re-rendering after an edit redoes only what changed. ffmpeg and the preview
compositor read the very same files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageOps

from app.model import Problem
from app.render.raster import rasterize
from app.render.text import draw_text, fit_text, layout_text
from app.templates.layers import Canvas, Picture
from app.templates.timeline import Clip, Counter, Overlay, Photo, Still, Timeline

VERSION = "1"  # bump when drawing changes, to invalidate old cache entries
PHOTO_SCALE = 2


@dataclass(frozen=True)
class CounterFrames:
    """Frame images of a counter: ``pattern`` % k for k in range(count), the first shown at
    ``first`` seconds (each lasts one frame; the last is held until the counter ends)."""

    pattern: str
    count: int
    first: float


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


def prepare(timeline: Timeline, cache: Path) -> Assets:
    """Draw (or find in ``cache``) every image ``timeline`` needs."""
    cache.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(timeline.width, timeline.height)
    problems: list[Problem] = []
    segments: list[Path | None] = []
    for segment in timeline.segments:
        if isinstance(segment, Still):
            segments.append(_still(segment, canvas, cache, problems))
        elif isinstance(segment, Photo):
            segments.append(_photo(segment, canvas, cache))
        else:
            assert isinstance(segment, Clip)
            segments.append(None)
    overlays = tuple(_overlay(o, canvas, cache, problems) for o in timeline.overlays)
    counters = tuple(_counter(c, cache) for c in timeline.counters)
    if problems:
        raise AssetError(problems)
    return Assets(tuple(segments), overlays, counters)


def _cached(cache: Path, key: str, suffix: str = ".png") -> tuple[Path, bool]:
    path = cache / f"{key}{suffix}"
    return path, path.exists()


def _save(image: Image.Image, path: Path, **options: object) -> None:
    tmp = path.with_name(f".{path.name}.partial")
    image.save(tmp, "PNG", **options)
    tmp.replace(path)


def _still(segment: Still, canvas: Canvas, cache: Path, problems: list[Problem]) -> Path:
    path, found = _cached(cache, "still-" + _key(segment.layers, canvas))
    if not found:
        image, found_problems = rasterize(segment.layers, canvas)
        problems += found_problems
        _save(image, path, compress_level=1)
    return path


def _photo(segment: Photo, canvas: Canvas, cache: Path) -> Path:
    """The photo cover-fitted at twice the output size, as a 4:4:4 JPEG at quality 95: PNG
    compression of an 8-megapixel image cost a second per photo, and ffmpeg and the preview
    read the same file, so the two still agree."""
    size = (canvas.width * PHOTO_SCALE, canvas.height * PHOTO_SCALE)
    path, found = _cached(cache, "photo-" + _key(segment.path, size), ".jpg")
    if not found:
        with Image.open(segment.path) as source:
            image = ImageOps.exif_transpose(source).convert("RGB")
        fitted = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
        tmp = path.with_name(f".{path.name}.partial")
        fitted.save(tmp, "JPEG", quality=95, subsampling=0)
        tmp.replace(path)
    return path


def _overlay(overlay: Overlay, canvas: Canvas, cache: Path, problems: list[Problem]) -> Path:
    path, found = _cached(cache, "overlay-" + _key(overlay.layers, overlay.box, canvas))
    if not found:
        image, found_problems = rasterize(overlay.layers, canvas, transparent=True)
        problems += found_problems
        box = overlay.box
        _save(image.crop((box.x, box.y, box.right, box.bottom)), path, compress_level=1)
    return path


def counter_size(counter: Counter) -> int:
    """One font size for every frame: the largest at which the final figure fits, so the
    number does not jump in size as digits are added."""
    return fit_text(counter.text_at(counter.end), counter.style, counter.box.w, counter.box.h).size


def _counter(counter: Counter, cache: Path) -> CounterFrames:
    times = counter.frame_times()
    folder = cache / ("counter-" + _key(counter))
    pattern = str(folder / "%04d.png")
    if not (folder / f"{len(times) - 1:04d}.png").exists():
        folder.mkdir(parents=True, exist_ok=True)
        size = counter_size(counter)
        drawn: dict[str, Image.Image] = {}
        for k, t in enumerate(times):
            text = counter.text_at(t)
            if text not in drawn:
                drawn[text] = draw_counter(counter, text, size)
            _save(drawn[text], Path(pattern % k), compress_level=1)
    return CounterFrames(pattern, len(times), times[0])


def draw_counter(counter: Counter, text: str, size: int) -> Image.Image:
    """One counter frame: ``text`` centred in the counter's box on a transparent ground."""
    box = counter.box
    style = replace(counter.style, align="center")
    layout = layout_text(text, style, box.w, size)
    image = Image.new("RGBA", (box.w, box.h), (0, 0, 0, 0))
    draw_text(image, layout, 0, (box.h - layout.height) // 2)
    return image
