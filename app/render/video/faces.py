"""Suggest a clip's focus path: follow the faces in it, or where there is none, what moves.

A clip reframed to another shape (16:9 footage into a 9:16 story) is cropped around its focus
path (:class:`~takatof.model.campaign.Clip` ``focus_path``). Setting keys by hand is what the
Studio is for; this gives a first draft:

1. frames sampled every :data:`STEP_S` seconds between the clip's start and end, decoded
   with PyAV, upright (a phone's display matrix applied, as the render does), in grey and
   small (:data:`SAMPLE_W` pixels wide: detection needs no more, and it keeps a minute of 4K
   footage to seconds of work);
2. in each, the faces (a :class:`Detector`: OpenCV's bundled Haar cascade for frontal faces
   where this OpenCV ships it, no model download ever): the point is the centre of the faces,
   weighted by their area (the nearest speaker counts most);
3. where no face is found, the centre of motion: the pixels that changed since the frame
   :data:`MOTION_GAP_S` earlier, weighted by how much (a person walking through a still
   shot); where nothing moves either, the sample says nothing;
4. the samples that say nothing take their neighbours' point (held at the ends; the middle
   when no sample says anything), the path is smoothed (a median of three, then a
   running mean: one wrong detection does not jerk the view), and reduced to the few keys
   that stay within :data:`TOLERANCE` of it (Ramer-Douglas-Peucker): keys a person can
   still adjust one by one.

The result is a list of keys ``{"t", "x", "y"}`` (``t`` seconds into the clip's file, within
its start..end and increasing), ready for ``focus_path``. Nothing here imports Qt; the Studio
runs it on a worker, the ``takatof focus`` command in the terminal.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import av
import cv2
import numpy as np

from ...model import Project
from ...model.campaign import Clip as ProjectClip
from .compositor import upright

STEP_S = 0.5
"""Seconds between the frames looked at: a face moves little in half a second."""
SAMPLE_W = 320
"""The width frames are looked at (their height in proportion)."""
MOTION_GAP_S = 0.2
"""Motion is the difference from the frame this much earlier: long enough for a walking
person to move a few pixels at :data:`SAMPLE_W`, short enough to say where they are now."""
MOTION_LEVEL = 18
"""The grey-level change (of 255) below which a pixel is taken as noise, not motion."""
MOTION_SHARE = 0.002
"""The share of the picture that must change for a sample to say where motion is."""
TOLERANCE = 0.03
"""How far (a fraction of the picture) the reduced path may stray from the smoothed one."""
MAX_KEYS = 240  # what the project file takes (campaign.MAX_FOCUS_KEYS)

Point = tuple[float, float]
Box = tuple[int, int, int, int]  # x, y, width, height in pixels


class Detector(Protocol):
    """Finds faces in a grey picture: their boxes in its pixels."""

    def __call__(self, grey: np.ndarray) -> Sequence[Box]: ...


HAAR_FILE = "haarcascade_frontalface_default.xml"


def haar_detector() -> Detector | None:
    """OpenCV's frontal-face Haar cascade, when this OpenCV has one: the 4.x wheels ship the
    cascades (``cv2.data.haarcascades``); OpenCV 5 removed the cascade classifier and its
    files. None then, and the suggestion follows motion alone (:func:`detector_missing`)."""
    return _haar()


def detector_missing() -> str | None:
    """Why no face detector is here (None when there is one): said by ``takatof focus``."""
    if _haar() is not None:
        return None
    return (
        f"this OpenCV ({cv2.__version__}) has no face detector (its Haar cascades came with "
        "OpenCV 4; install opencv-python-headless<5 for them): the suggestion follows motion alone"
    )


@functools.cache
def _haar() -> Detector | None:
    classifier = getattr(cv2, "CascadeClassifier", None)
    folder = getattr(getattr(cv2, "data", None), "haarcascades", None)
    if classifier is None or not folder or not (Path(folder) / HAAR_FILE).is_file():
        return None
    cascade = classifier(str(Path(folder) / HAAR_FILE))
    if cascade.empty():
        return None

    def detect(grey: np.ndarray) -> Sequence[Box]:
        found = cascade.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=5, minSize=(20, 20))
        return [tuple(int(v) for v in box) for box in found]  # type: ignore[misc]

    return detect


@dataclass(frozen=True)
class Sample:
    """What one looked-at frame says: its time in the file and the point (None: nothing),
    and whether a face gave it."""

    t: float
    point: Point | None
    face: bool = False


Looked = tuple[float, np.ndarray, tuple[float, np.ndarray] | None]
"""A sample's time, its grey frame, and another frame about :data:`MOTION_GAP_S` away (time,
grey) to see motion against (None: the clip has no other)."""


def sample_frames(path: Path, start: float, end: float | None) -> Iterator[Looked]:
    """Samples every :data:`STEP_S` seconds from ``start`` to ``end`` (the file's end when
    None) and at the last frame, decoded in one pass: each with the frame about
    :data:`MOTION_GAP_S` before it, and the first (which has none in the clip) with the one
    as far after it."""
    with av.open(str(path), metadata_errors="replace") as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        time_base = stream.time_base
        assert time_base is not None  # a demuxed stream has one; PyAV types it optional
        container.seek(int(max(0.0, start - 1.0) / time_base), stream=stream)
        wanted = start
        recent: list[tuple[float, np.ndarray]] = []
        first: tuple[float, np.ndarray] | None = None  # the first sample, waiting for a later frame
        last: Looked | None = None
        for frame in container.decode(stream):
            now = frame.time
            if now is None or now + 1e-6 < start:
                continue
            if end is not None and now > end + 1e-6:
                break
            recent = [(t, g) for t, g in recent if t >= now - MOTION_GAP_S - 0.1]
            recent.append((now, _grey(frame)))
            if first is not None and now >= first[0] + MOTION_GAP_S - 1e-6:
                yield (*first, recent[-1])
                first = None
            last = None
            if now + 1e-6 < wanted:
                last = (now, recent[-1][1], _near(recent[:-1], now - MOTION_GAP_S))
                continue
            if first is None and wanted == start:
                first = recent[-1]
            else:
                yield now, recent[-1][1], _near(recent[:-1], now - MOTION_GAP_S)
            while wanted <= now + 1e-6:
                wanted += STEP_S
        if first is not None:  # a clip shorter than the gap: nothing to compare with
            yield (*first, None)
        if last is not None:  # the clip's last frame, where the path ends
            yield last


def _near(frames: Sequence[tuple[float, np.ndarray]], t: float) -> tuple[float, np.ndarray] | None:
    """The frame of ``frames`` nearest ``t``; None when there are none."""
    return min(frames, key=lambda item: abs(item[0] - t), default=None)


def _grey(frame: av.VideoFrame) -> np.ndarray:
    """A decoded frame upright, grey, :data:`SAMPLE_W` wide."""
    height = max(2, round(frame.height * SAMPLE_W / frame.width))
    grey = frame.reformat(width=SAMPLE_W, height=height, format="gray").to_ndarray()
    return upright(grey, frame.rotation)


def face_point(grey: np.ndarray, detect: Detector | None) -> Point | None:
    """The centre of the faces in ``grey`` weighted by their area, as fractions; None
    without faces (or without a detector)."""
    if detect is None:
        return None
    boxes = detect(grey)
    if not boxes:
        return None
    h, w = grey.shape[:2]
    weights = np.array([bw * bh for _, _, bw, bh in boxes], np.float64)
    xs = np.array([x + bw / 2 for x, _, bw, _ in boxes]) / w
    ys = np.array([y + bh / 2 for _, y, _, bh in boxes]) / h
    return float(np.average(xs, weights=weights)), float(np.average(ys, weights=weights))


def motion_point(grey: np.ndarray, earlier: np.ndarray) -> Point | None:
    """The centre of what changed between ``earlier`` and ``grey`` (blurred a little, so
    noise and compression do not count), weighted by how much, as fractions; None when less
    than :data:`MOTION_SHARE` of the picture changed."""
    a = cv2.GaussianBlur(grey, (5, 5), 0).astype(np.int16)
    b = cv2.GaussianBlur(earlier, (5, 5), 0).astype(np.int16)
    change = np.abs(a - b).astype(np.float64)
    change[change < MOTION_LEVEL] = 0
    if np.count_nonzero(change) < MOTION_SHARE * change.size:
        return None
    h, w = change.shape
    total = change.sum()
    ys, xs = np.indices(change.shape)
    return float((xs * change).sum() / total / w), float((ys * change).sum() / total / h)


def look(path: Path, start: float, end: float | None, detect: Detector | None) -> list[Sample]:
    """Every sample of the clip: a face's point, else motion's, else nothing. Motion shows
    where something was between two frames, so its sample is timed between them."""
    samples = []
    for t, grey, earlier in sample_frames(path, start, end):
        face = face_point(grey, detect)
        if face is not None:
            samples.append(Sample(t, face, True))
            continue
        moved = motion_point(grey, earlier[1]) if earlier is not None else None
        samples.append(Sample((t + earlier[0]) / 2 if moved and earlier else t, moved))
    return samples


def filled(samples: Sequence[Sample]) -> list[Sample]:
    """The samples from the first that says something to the last (the path holds its
    first and last keys beyond them), the silent ones between taking the point of the
    nearest that speaks (the earlier one on a tie); none when none speaks."""
    spoken = [i for i, s in enumerate(samples) if s.point is not None]
    if not spoken:
        return []
    out = []
    for i in range(spoken[0], spoken[-1] + 1):
        nearest = min(spoken, key=lambda j: (abs(j - i), j))
        out.append(Sample(samples[i].t, samples[nearest].point, samples[i].face))
    return out


def smoothed(points: Sequence[Point]) -> list[Point]:
    """A median of three (one wrong sample is dropped), then a mean of three (the view eases
    from one place to the next); the first and last points stay as they are (half a window
    would pull them toward their one neighbour)."""

    def window(values: Sequence[float], reduce: Callable[[Sequence[float]], float]) -> list[float]:
        inner = [reduce(values[i - 1 : i + 2]) for i in range(1, len(values) - 1)]
        return [values[0], *inner, values[-1]] if len(values) > 2 else list(values)

    def median(v: Sequence[float]) -> float:
        return float(np.median(v))

    def mean(v: Sequence[float]) -> float:
        return float(np.mean(v))

    xs = window(window([p[0] for p in points], median), mean)
    ys = window(window([p[1] for p in points], median), mean)
    return list(zip(xs, ys, strict=True))


def reduced(times: Sequence[float], points: Sequence[Point], tolerance: float = TOLERANCE) -> list[int]:
    """The indices of the fewest keys whose straight lines stay within ``tolerance`` of every
    point (Ramer-Douglas-Peucker on x and y against time); always the first and the last."""
    if len(points) <= 2:
        return list(range(len(points)))

    def worst(a: int, b: int) -> tuple[float, int]:
        far, at = 0.0, a
        for i in range(a + 1, b):
            part = (times[i] - times[a]) / (times[b] - times[a])
            x = points[a][0] + (points[b][0] - points[a][0]) * part
            y = points[a][1] + (points[b][1] - points[a][1]) * part
            off = max(abs(points[i][0] - x), abs(points[i][1] - y))
            if off > far:
                far, at = off, i
        return far, at

    keep = {0, len(points) - 1}
    todo = [(0, len(points) - 1)]
    while todo:
        a, b = todo.pop()
        far, at = worst(a, b)
        if far > tolerance:
            keep.add(at)
            todo += [(a, at), (at, b)]
    return sorted(keep)


def suggest_path(
    path: Path, start: float = 0.0, end: float | None = None, detect: Detector | None = None
) -> list[dict[str, float]]:
    """A focus path for the clip of ``path`` from ``start`` to ``end`` (its end when None):
    keys ``{"t", "x", "y"}`` for ``focus_path``. ``detect`` finds faces (default: the Haar
    cascade, where this OpenCV has one)."""
    samples = filled(sorted(look(path, start, end, detect or haar_detector()), key=lambda s: s.t))
    if not samples:
        return []
    times = [max(start, s.t) for s in samples]
    points = smoothed([s.point for s in samples if s.point is not None])
    keys = [
        {"t": round(times[i], 3), "x": round(points[i][0], 3), "y": round(points[i][1], 3)}
        for i in reduced(times, points)
    ]
    keys = [key for i, key in enumerate(keys) if i == 0 or key["t"] > keys[i - 1]["t"]]
    for key in keys:  # rounding must not take a key out of the clip
        key["t"] = min(max(key["t"], start), end if end is not None else key["t"])
    return keys[:MAX_KEYS]


@dataclass(frozen=True)
class Suggestion:
    """A clip's suggested path, with where it goes in the project (``people[0].clips[1]``),
    or why there is none (``error``: the clip could not be read)."""

    where: str
    clip: ProjectClip
    keys: list[dict[str, float]]
    error: str | None = None


def suggest_focus(project: Project, person_id: str, detect: Detector | None = None) -> list[Suggestion]:
    """A suggested focus path for each of a person's clips (their JSON paths with them)."""
    people = project.campaign.people
    index = next((i for i, p in enumerate(people) if p.id == person_id), None)
    if index is None:
        raise KeyError(person_id)
    out = []
    for j, clip in enumerate(people[index].clips):
        where = f"people[{index}].clips[{j}]"
        try:
            keys = suggest_path(project.resolve(clip.path), clip.start, clip.end, detect)
        except (av.error.FFmpegError, OSError, IndexError) as exc:  # no file, no video stream
            out.append(Suggestion(where, clip, [], f"{clip.path} could not be read: {exc}"))
            continue
        out.append(Suggestion(where, clip, keys))
    return out
