"""The timeline panel's gestures as plain numbers: which block is which (and what its name and
tooltip say), where a dragged block would land, what a dragged edge is worth, and the ruler's
steps.

The Studio's timeline gestures (:mod:`takatof.ui.timeline_view`) turn pixels into seconds and
call these; keeping them free of Qt means the bounds a drag obeys (a photo 1.5..20 s, a clip
at least half a second of its file, a tenth of a second snap) are tested without a display.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np

from ..model.campaign import PHOTO_MAX_S, PHOTO_MIN_S
from ..render.video.plan import CueRow, SegmentRow
from .cuts import CUE_MIN_S

CLIP_MIN_S = 0.5
EDGE_MODES = ("resize", "trim-in", "trim-out")  # gestures that drag an edge
CUE_MODES = ("cue-start", "cue-end")  # a caption's edge dragged
DUCK_GAIN = 0.35  # how low the music is drawn under the voice-over
DUCK_RAMP_S = 0.3


@dataclass(frozen=True)
class Block:
    """A segment as drawn: its place in the summary, its lane of the A/B roll."""

    index: int
    row: SegmentRow
    lane: int

    @property
    def kind(self) -> str:
        return self.row.kind

    @property
    def where(self) -> str:
        return self.row.where or ""

    @property
    def draggable(self) -> bool:
        """Photos reorder among photos and clips among clips; the rest is the template's."""
        return self.kind in ("photo", "clip") and bool(self.row.where)


@dataclass
class Drag:
    """A gesture in progress: what it started on, and the value it would commit now."""

    mode: str  # "scrub" | "press" | "move" | "resize" | "trim-in" | "trim-out" | "cue-start" | "cue-end"
    # | "part-press" | "part-move"
    x0: float
    block: Block | None = None
    dx: float = 0.0
    value: float | None = None  # the duration / in point / out point / cue edge being dragged to
    target: int | None = None  # the new position among its kind, for "move"
    cue: int | None = None  # the caption whose edge is dragged ("cue-start", "cue-end")
    part: int | None = None  # a reel's person section pressed or dragged ("part-press", "part-move")


def block_name(block: Block, labels: dict[str, str]) -> str:
    """What a block is called: its file's name, or its kind's (translated) label."""
    row = block.row
    if row.kind in ("photo", "clip", "media") and row.source:
        return PurePath(str(row.source)).name
    return labels.get(row.kind, row.kind)


def describe(block: Block, labels: dict[str, str]) -> str:
    """The whole of what a block shows cut short (its tooltip): its file, times and motion."""
    row = block.row
    lines = [block_name(block, labels), f"{row.start_s:.2f} s + {row.duration_s:.2f} s"]
    if row.kind == "clip" and row.clip_in_s is not None:
        lines.append(f"in {row.clip_in_s:.2f} s · out {row.clip_out_s:.2f} s")
    if row.kind == "photo":
        lines.append(
            f"{row.motion or 'auto'}"
            + (f" · focus {row.focus[0]:.2f}, {row.focus[1]:.2f}" if row.focus else "")
        )
    return "\n".join(lines)


def time_label(t: float, step: float) -> str:
    """A ruler label: ``0:05``, or ``0:02.5`` when the ticks are closer than a second."""
    minutes, seconds = divmod(max(0.0, t) + 1e-6, 60)
    if step < 1:
        return f"{int(minutes)}:{seconds:04.1f}"
    return f"{int(minutes)}:{int(seconds):02d}"


def ruler_step(pps: float) -> tuple[float, int]:
    """The labelled tick step (seconds) so labels stay ~70 px apart, and minor ticks per step."""
    for step, minor in ((0.2, 2), (0.5, 5), (1, 5), (2, 4), (5, 5), (10, 5), (15, 3), (30, 6), (60, 6)):
        if step * pps >= 70:
            return step, minor
    return 120, 4


def snap(value: float, step: float = 0.1) -> float:
    return round(round(value / step) * step, 3)


def duck_gain(times: np.ndarray, spans: list[tuple[float, float]]) -> np.ndarray:
    """The music's level over ``times`` as drawn: 1, down to DUCK_GAIN under the voice-over,
    with short ramps (as sidechain compression sounds)."""
    cover = np.zeros_like(times)
    for a, b in spans:
        ramp = np.minimum(
            (times - (a - DUCK_RAMP_S)) / DUCK_RAMP_S, ((b + DUCK_RAMP_S) - times) / DUCK_RAMP_S
        )
        cover = np.maximum(cover, np.clip(ramp, 0.0, 1.0))
    result: np.ndarray = 1.0 - (1.0 - DUCK_GAIN) * cover
    return result


def sound_gain(
    times: np.ndarray, duration: float, volume: float, fade_in_s: float, fade_out_s: float
) -> np.ndarray:
    """A clip's own sound level over ``times`` (seconds from its start) as drawn: its volume,
    ramped up from silence over the fade-in and down to silence over the fade-out (as mixed)."""
    gain = np.full_like(times, float(volume), dtype=np.float64)
    if fade_in_s > 0:
        gain *= np.clip(times / fade_in_s, 0.0, 1.0)
    if fade_out_s > 0:
        gain *= np.clip((duration - times) / fade_out_s, 0.0, 1.0)
    result: np.ndarray = gain
    return result


def thumb_time(row: SegmentRow) -> float:
    """Where in its file the frame a segment shows is taken: a clip's in point (to a hundredth
    of a second, the thumbnail's key), a still's only frame otherwise."""
    return round(float(row.clip_in_s or 0.0), 2) if row.kind == "clip" else 0.0


def clip_range(block: Block) -> tuple[float, float]:
    """A clip's (in, out) points in its file; a block with none starts its file at 0."""
    row = block.row
    clip_in = float(row.clip_in_s) if row.clip_in_s is not None else 0.0
    clip_out = float(row.clip_out_s) if row.clip_out_s is not None else clip_in + float(row.duration_s)
    return clip_in, clip_out


def previewed_duration(block: Block, mode: str, value: float) -> float:
    """The duration ``block`` takes while its edge is dragged to ``value`` (``mode``)."""
    if mode == "resize":
        return value
    clip_in, clip_out = clip_range(block)
    if mode == "trim-in":
        return float(block.row.duration_s) - (value - clip_in)
    return float(block.row.duration_s) + (value - clip_out)


def block_span(block: Block, drag: Drag | None) -> tuple[float, float]:
    """(start, duration) of a block as drawn now, with a drag's preview applied: the dragged
    block takes its new length and every block after it moves by the difference."""
    start, duration = float(block.row.start_s), float(block.row.duration_s)
    if drag is None or drag.block is None or drag.value is None or drag.mode not in EDGE_MODES:
        return start, duration
    edited = drag.block
    old = float(edited.row.duration_s)
    new = previewed_duration(edited, drag.mode, drag.value)
    if block.index == edited.index:
        return start, new
    if block.index > edited.index:
        return start + new - old, duration
    return start, duration


def move_target(block: Block, same_kind: list[Block], delta_s: float) -> int:
    """The position among its kind (``same_kind``) ``block`` would take, dragged ``delta_s``
    seconds: past every other block of its kind whose middle its middle has passed."""
    middle = float(block.row.start_s) + float(block.row.duration_s) / 2 + delta_s
    others = [b for b in same_kind if b.index != block.index]
    return sum(1 for b in others if float(b.row.start_s) + float(b.row.duration_s) / 2 < middle)


def edge_value(
    block: Block,
    mode: str,
    delta_s: float,
    length: float = math.inf,
    targets: Sequence[float] = (),
    tolerance_s: float = 0.0,
) -> float:
    """The duration (photo) or in/out point (clip) the edge is dragged to, ``delta_s`` seconds
    on, kept in bounds (a photo 1.5..20 s; a clip at least 0.5 s of its file, which is
    ``length`` seconds long). The block's end (what the eye follows) snaps to a ``targets``
    time within ``tolerance_s`` (the playhead, a cut, a caption's edge), else the value snaps
    to a tenth of a second."""
    start = float(block.row.start_s)
    if mode == "resize":
        raw = float(block.row.duration_s) + delta_s
        end = snap_to(start + raw, targets, tolerance_s)
        value = end - start if end != start + raw else snap(raw)
        return min(PHOTO_MAX_S, max(PHOTO_MIN_S, round(value, 3)))
    clip_in, clip_out = clip_range(block)
    raw = (clip_in if mode == "trim-in" else clip_out) + delta_s
    end = start + previewed_duration(block, mode, raw)
    snapped = snap_to(end, targets, tolerance_s)
    if snapped != end:  # the end moves with the out point, against the in point
        value = raw + (snapped - end) * (1 if mode == "trim-out" else -1)
    else:
        value = snap(raw)
    value = round(value, 3)
    if mode == "trim-in":
        return min(max(0.0, value), max(0.0, clip_out - CLIP_MIN_S))
    return max(min(length, value), clip_in + CLIP_MIN_S)


# -- snapping -------------------------------------------------------------------------------


SNAP_PX = 8
"""How near (in pixels, whatever the zoom) a dragged edge jumps to a cut, the playhead or a
caption's edge: the tolerance in seconds is this over the pixels per second."""


def snap_to(value_s: float, targets: Iterable[float], tolerance_s: float) -> float:
    """The target nearest ``value_s`` when it is within ``tolerance_s`` (the earlier of two
    as near), else ``value_s`` itself: an edge dragged near a cut lands exactly on it."""
    best = value_s
    distance = tolerance_s
    for target in targets:
        gap = abs(float(target) - value_s)
        if gap <= distance and (best == value_s or gap < distance):
            best, distance = float(target), gap
    return best


def snap_targets(
    rows: Sequence[SegmentRow],
    cues: Sequence[CueRow],
    playhead: float,
    skip_segment: int | None = None,
    skip_cue: int | None = None,
) -> tuple[float, ...]:
    """What a dragged edge snaps to: the playhead, every cut (each segment's start and end)
    and every caption's edges — less the dragged segment's or caption's own edges, which move
    with it (and the segments after a dragged one, which move with it too)."""
    times = {round(float(playhead), 3)}
    for n, row in enumerate(rows):
        if skip_segment is not None and n >= skip_segment:
            if n == skip_segment:
                times.add(round(float(row.start_s), 3))
            continue
        times.update((round(float(row.start_s), 3), round(float(row.start_s) + float(row.duration_s), 3)))
    for n, cue in enumerate(cues):
        if n != skip_cue:
            times.update((round(float(cue.start_s), 3), round(float(cue.end_s), 3)))
    return tuple(sorted(times))


def cue_edge_value(
    cues: Sequence[CueRow],
    index: int,
    edge: str,
    t: float,
    targets: Sequence[float] = (),
    tolerance_s: float = 0.0,
) -> float:
    """Where caption ``index``'s ``edge`` ("start" or "end") lands dragged to ``t`` seconds:
    snapped to a target within ``tolerance_s`` (else to a tenth of a second), kept off its
    neighbours and at least CUE_MIN_S long."""
    cue = cues[index]
    value = snap_to(t, targets, tolerance_s)
    value = round(value if value != t else snap(t), 3)
    if edge == "start":
        low = float(cues[index - 1].end_s) if index > 0 else 0.0
        return round(min(max(low, value), float(cue.end_s) - CUE_MIN_S), 3)
    high = float(cues[index + 1].start_s) if index + 1 < len(cues) else math.inf
    return round(max(min(high, value), float(cue.start_s) + CUE_MIN_S), 3)


def cue_span(index: int, cue: CueRow, drag: Drag | None) -> tuple[float, float]:
    """(start, end) of caption ``index`` as drawn now, with an edge drag's preview applied."""
    start, end = float(cue.start_s), float(cue.end_s)
    if drag is None or drag.cue != index or drag.value is None or drag.mode not in CUE_MODES:
        return start, end
    return (drag.value, end) if drag.mode == "cue-start" else (start, drag.value)


TRANSITION_NAMES = {
    "cut": "Cut",
    "crossfade": "Cross-fade",
    "dip-black": "Dip to black",
    "dip-white": "Dip to white",
}
"""Each transition kind's name as the menu and tooltips say it (translated by the Studio)."""


def transition_of(row: SegmentRow) -> tuple[str, float]:
    """The cut after a segment as planned: its kind and seconds (a cut lasts 0)."""
    kind = str(row.transition)
    return kind, 0.0 if kind == "cut" else float(row.transition_s)


def describe_transition(row: SegmentRow, labels: dict[str, str]) -> str:
    """A transition marker's tooltip: its kind (translated) and length, and whether it is the
    item's own or the project's default."""
    kind, seconds = transition_of(row)
    name = labels.get(kind, TRANSITION_NAMES.get(kind, kind))
    return name if kind == "cut" else f"{name} · {seconds:.2f} s"
