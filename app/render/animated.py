"""Animated cards: any card template as a short looping video, and a GIF or WebP of it.

A motion designer's launch loop, made from the card itself rather than from a second design:

- the ground (fills, gradients, panels) is there from the first frame, and so are the card's
  counters, at their start (0, or the goal's ``start``): a feed shows a video's first frame
  before it plays, and the figure about to move is the hook;
- the photo fades in while it slides up a little, then the words do the same;
- the counters count up with an ease-out (fast, then settling), drawn by the template itself
  at each value, so the digits are the campaign's numerals and the goal's bar fills with them;
- a hold on the finished card, which is exactly the static card (the last frame is the card
  as :mod:`takatof.render.cards` draws it).

Nothing here knows a template. The layers are grouped by what they are (ground, pictures,
texts); which of the template's parameters counts is a small registry (:func:`counter`), and
what a changing value redraws is found by drawing the card at its start and at its end and
comparing what was drawn (the texts that changed, the pixels that changed). The card is
redrawn once per distinct value and frames are composed from those pictures with numpy.

The frames stream into one ffmpeg (H.264 High, yuv420p, 30 fps CFR, closed GOP, faststart,
no sound: Instagram, Facebook, X and LinkedIn all take a silent video post, and a silent
track would only add bytes). The GIF and WebP are made from that MP4 by ffmpeg: the GIF with
``palettegen``/``paletteuse`` (one palette for the whole loop, computed from every frame, so
the flat colours of a card do not flicker as a per-frame palette would), the WebP with
``libwebp_anim``; both at 15 fps and at most 720 px wide, within X's 15 MB GIF limit.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from PIL import Image, ImageFilter

from ..model import Project
from ..model.campaign import AnimatedOutput
from ..templates import registry
from ..templates.cards.goal import GoalCard
from ..templates.cards.group import default_featured
from ..templates.cards.stat import StatCard
from ..templates.layers import Canvas, Fill, Gradient, Layer, Picture, Rect
from ..templates.registry import Params, Placeable, Template
from .cards import broken_pictures, default_layout, featured_key, layout_of, subject_for
from .files import cannot_write, temp_beside
from .jobs import Job, Product, Run, make_product, register
from .keys import animated_key
from .manifest import AnimatedEntry, EncoderUsed, Identity, OutputEntry
from .presets import Preset, get_preset
from .raster import render
from .readability import Rendering
from .video.graph import CONTAINER_ARGS, Encoding, video_args
from .video.render import MAX_PEAK_KBPS, capped
from .video.runner import Cancelled, FfmpegError, Progress, Writer, ffmpeg_exe, run_ffmpeg

if TYPE_CHECKING:
    from .cancel import CancelToken

Format = Literal["mp4", "gif", "webp"]
FPS = 30
LOOP_FPS = 15  # GIF and WebP: half the frames, a third of the bytes, still smooth for a card
LOOP_WIDTHS = (720, 540, 400)  # tried in turn until the file is within LOOP_MAX_BYTES
LOOP_MAX_BYTES = 15_000_000  # X's limit for an animated GIF (the strictest that takes one)
CARD_VIDEO_KBPS = 8_000  # a card-only preset's peak rate: a 10 s loop stays near 10 MB
PHOTO_IN = (0.15, 0.95)  # seconds: the photo fades in and slides up
WORDS_IN = (0.45, 1.3)  # then the words
COUNT_FROM = 0.6  # the counters start moving
COUNT_FPS = 15  # how often a counter shows a new value
SLIDE = 0.03  # of the height: how far the photo and words travel as they enter


# ---------------------------------------------------------------------------- counters


@dataclass(frozen=True)
class Counter:
    """Which parameter of a card template counts up, and where from (``start`` of the
    project; 0 unless said)."""

    field: str
    start: Callable[[Project], int] = lambda project: 0


_COUNTERS: dict[type[Params], Counter] = {}


def counter(params: type[Params], found: Counter) -> None:
    """Register the parameter of ``params`` that counts up in an animated card."""
    _COUNTERS[params] = found


def counter_of(params: type[Params]) -> Counter | None:
    return _COUNTERS.get(params)


def _goal_start(project: Project) -> int:
    return project.campaign.goal.start if project.campaign.goal is not None else 0


counter(GoalCard, Counter("current", _goal_start))
counter(StatCard, Counter("value"))


# ---------------------------------------------------------------------------- timing


def ease_out(x: float) -> float:
    """Cubic ease-out on [0, 1]: fast at first, settling at the end."""
    x = min(1.0, max(0.0, x))
    return 1 - (1 - x) ** 3


def _span(t: float, span: tuple[float, float]) -> float:
    return ease_out((t - span[0]) / (span[1] - span[0]))


@dataclass(frozen=True)
class Beats:
    """When things happen in a loop of ``duration`` seconds: the hold at the end is at least
    1.5 s and about a third of the loop, so the finished card is what people read."""

    duration: float
    fps: int = FPS

    @property
    def frames(self) -> int:
        return round(self.duration * self.fps)

    @property
    def count_end(self) -> float:
        return self.duration - max(1.5, 0.3 * self.duration)

    def photo(self, t: float) -> float:
        return _span(t, PHOTO_IN)

    def words(self, t: float) -> float:
        return _span(t, WORDS_IN)

    def count(self, t: float) -> float:
        return _span(t, (COUNT_FROM, self.count_end))

    def value(self, t: float, start: int, end: int) -> int:
        """The counted value at ``t``: ``start`` on the first frame, ``end`` from the hold on.
        It changes :data:`COUNT_FPS` times a second (each value is a whole card drawn again;
        a figure rolling faster than that is a blur anyway)."""
        step = math.floor(t * COUNT_FPS + 1e-9) / COUNT_FPS
        return start + round((end - start) * self.count(step))


# ---------------------------------------------------------------------------- drawing


_GROUND = (Fill, Gradient, Rect)


@dataclass
class Card:
    """One card template bound to one subject and preset, drawable at any counted value."""

    template: Template
    params: Params
    canvas: Canvas
    layout: str
    preset: Preset
    counted: Counter | None
    start: int
    end: int

    def layers(self, value: int | None = None) -> list[Layer]:
        params = self.params
        if self.counted is not None and value is not None:
            params = params.model_copy(update={self.counted.field: value})
        built = self.template.build(params, self.canvas)
        placed: list[Layer] = built.place(self.canvas, self.layout) if isinstance(built, Placeable) else built
        return placed

    def draw(self, value: int | None = None) -> Rendering:
        return render(self.layers(value), self.canvas, preset=self.preset)


def bind(project: Project, job: Job) -> Card:
    """The card an animated job draws, with its counter's start and end values."""
    template = registry.get(job.template)
    preset = get_preset(job.preset)
    params = template.params.from_subject(subject_for(project, job))
    found = counter_of(template.params)
    end = int(getattr(params, found.field)) if found is not None else 0
    start = min(found.start(project), end) if found is not None else 0
    return Card(template, params, preset.card_canvas(), layout_of(job), preset, found, start, end)


def _rgb(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"))


def _shift(array: np.ndarray, dy: int) -> np.ndarray:
    """``array`` moved ``dy`` rows down (what leaves the frame is gone, what enters is 0)."""
    if dy == 0:
        return array
    out = np.zeros_like(array)
    out[dy:] = array[:-dy]
    return out


def counter_region(first: Rendering, last: Rendering, under: np.ndarray) -> np.ndarray:
    """Where the counters are: the boxes (and panels) of every text that reads differently at
    the start and at the end; and, for what else differs (a progress bar filling), the whole
    of what is drawn over ``under`` (the card without its words) in those rows, so a bar's
    track stays with its fill."""
    width, height = first.image.size
    mask = Image.new("L", (width, height), 0)
    before = {(t.source, t.text) for t in first.texts}
    after = {(t.source, t.text) for t in last.texts}
    changed = [t for t in first.texts if (t.source, t.text) not in after]
    changed += [t for t in last.texts if (t.source, t.text) not in before]
    for text in changed:
        for box in (text.box, *((text.scrim.box,) if text.scrim is not None else ())):
            mask.paste(255, (box.x, box.y, box.right, box.bottom))
    region = np.asarray(mask) > 0
    final = _rgb(last.image)
    differs = np.any(_rgb(first.image) != final, axis=2) & ~region
    drawn = np.any(final != under, axis=2)
    for top, bottom in _bands(np.flatnonzero(differs.any(axis=1))):
        columns = np.flatnonzero(drawn[top:bottom].any(axis=0) | differs[top:bottom].any(axis=0))
        region[top:bottom, columns.min() : columns.max() + 1] = True
    widened = Image.fromarray((region * 255).astype(np.uint8)).filter(ImageFilter.MaxFilter(5))
    return np.asarray(widened) > 0


def _bands(rows: np.ndarray, gap: int = 3) -> Iterator[tuple[int, int]]:
    """Runs of row indices (closer than ``gap``) as [top, bottom) pairs."""
    if rows.size == 0:
        return
    top = previous = int(rows[0])
    for row in map(int, rows[1:]):
        if row - previous > gap:
            yield top, previous + 1
            top = row
        previous = row
    yield top, previous + 1


class Frames:
    """The loop's frames as RGB arrays, made one at a time (memory stays flat: only the card
    at the current value is kept, the values only go up)."""

    def __init__(self, card: Card, beats: Beats) -> None:
        self.card, self.beats = card, beats
        layers = card.layers(card.end)
        ground: list[Layer] = [layer for layer in layers if isinstance(layer, _GROUND)]
        photo: list[Layer] = [layer for layer in layers if isinstance(layer, (*_GROUND, Picture))]
        self.ground = _rgb(render(ground, card.canvas, preset=card.preset).image)
        self.photo = _rgb(render(photo, card.canvas, preset=card.preset).image)
        self.photo_mask = np.any(self.photo != self.ground, axis=2)
        self.last = card.draw(card.end)
        first = card.draw(card.start) if card.start != card.end else self.last
        self.counters = counter_region(first, self.last, self.photo)
        self._drawn: tuple[int, np.ndarray] | None = None

    @property
    def problems(self) -> list[Any]:
        return self.last.problems

    def card_at(self, value: int) -> np.ndarray:
        if self._drawn is None or self._drawn[0] != value:
            rendering = self.last if value == self.card.end else self.card.draw(value)
            self._drawn = (value, _rgb(rendering.image))
        drawn: np.ndarray = self._drawn[1]
        return drawn

    def at(self, t: float) -> np.ndarray:
        """The frame at ``t`` seconds."""
        beats, height = self.beats, self.ground.shape[0]
        full = self.card_at(beats.value(t, self.card.start, self.card.end))
        a_photo, a_words = beats.photo(t), beats.words(t)
        if a_photo >= 1 and a_words >= 1:
            return full  # everything has entered: the card itself at this value
        words = np.any(full != self.photo, axis=2)
        out = self.ground.astype(np.float32)
        dy = round((1 - a_photo) * SLIDE * height)
        _over(out, _shift(self.photo, dy), _shift(self.photo_mask, dy), a_photo)
        dy = round((1 - a_words) * SLIDE * height)
        _over(out, _shift(full, dy), _shift(words & ~self.counters, dy), a_words)
        _over(out, full, words & self.counters, 1.0)
        frame: np.ndarray = np.clip(out + 0.5, 0, 255).astype(np.uint8)
        return frame

    def __iter__(self) -> Iterator[np.ndarray]:
        for i in range(self.beats.frames):
            yield self.at(i / self.beats.fps)


def _over(out: np.ndarray, top: np.ndarray, mask: np.ndarray, alpha: float) -> None:
    """``top`` over ``out`` where ``mask``, at ``alpha`` (in place)."""
    if alpha <= 0:
        return
    if alpha >= 1:
        out[mask] = top[mask]
        return
    out[mask] += (top[mask] - out[mask]) * alpha


# ---------------------------------------------------------------------------- encoding


def even(n: int) -> int:
    """H.264 in 4:2:0 needs even sides: an odd preset (X's 1200x675) loses its last row."""
    return n - n % 2


def mp4_command(exe: str, width: int, height: int, encoding: Encoding, target: Path) -> list[str]:
    """Raw RGB frames on stdin -> the delivery H.264 (see the module's docstring)."""
    args = [exe, "-y", "-hide_banner", "-nostats", "-progress", "pipe:1", "-loglevel", "error"]
    args += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", str(FPS), "-i", "pipe:0"]
    crop = f"crop={even(width)}:{even(height)}:0:0," if (width % 2 or height % 2) else ""
    args += ["-vf", f"{crop}scale=out_color_matrix=bt709:out_range=tv,format=yuv420p", "-an"]
    options = {**video_args(encoding, FPS), **CONTAINER_ARGS}
    for key, value in options.items():
        args += [f"-{key}", str(value)]
    return [*args, "-f", "mp4", str(target)]


def loop_command(exe: str, source: Path, fmt: Format, width: int, target: Path) -> list[str]:
    """The MP4 -> a looping GIF (one palette for the loop) or animated WebP."""
    scale = f"fps={LOOP_FPS},scale={width}:-2:flags=lanczos"
    args = [
        exe,
        "-y",
        "-hide_banner",
        "-nostats",
        "-progress",
        "pipe:1",
        "-loglevel",
        "error",
        "-i",
        str(source),
    ]
    if fmt == "gif":
        graph = f"{scale},split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle"
        return [*args, "-filter_complex", graph, "-loop", "0", "-f", "gif", str(target)]
    return [
        *args,
        "-vf",
        scale,
        "-c:v",
        "libwebp_anim",
        "-quality",
        "80",
        "-loop",
        "0",
        "-an",
        "-f",
        "webp",
        str(target),
    ]


def encoding_for(encoding: Encoding | None, preset: Preset, duration: float) -> Encoding:
    """The render's encoding, with the peak rate that keeps the loop within the preset's
    video limit (a card-only preset: :data:`CARD_VIDEO_KBPS`)."""
    chosen = encoding or Encoding()
    if preset.video is not None:
        return capped(chosen, preset, duration, FPS)
    rate = min(CARD_VIDEO_KBPS, MAX_PEAK_KBPS, chosen.max_kbps or CARD_VIDEO_KBPS)
    return dataclasses.replace(chosen, max_kbps=rate)


class AnimatedFailed(Exception):
    """An animated card that cannot be made; the message says why."""


def _feed(frames: Frames, cancel: CancelToken | None) -> Callable[[Writer], None]:
    def feed(stdin: Writer) -> None:
        for frame in frames:
            if cancel is not None and cancel.cancelled:
                return
            stdin.write(np.ascontiguousarray(frame).data.cast("B"))

    return feed


def encode(
    frames: Frames,
    final: Path,
    encoding: Encoding,
    on_progress: Callable[[Progress], None] | None,
    cancel: CancelToken | None,
) -> Path:
    """The MP4 as a finished temporary file beside ``final``; removed on every other way out."""
    partial = temp_beside(final)
    try:
        height, width = frames.ground.shape[:2]
        args = mp4_command(ffmpeg_exe(), width, height, encoding, partial)
        run_ffmpeg(args, frames.beats.duration, on_progress, cancel, _feed(frames, cancel))
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def loop_file(source: Path, fmt: Format, final: Path, width: int, cancel: CancelToken | None) -> Path:
    """A GIF or WebP of the MP4 beside ``final``, as wide as ``width`` allows within
    :data:`LOOP_MAX_BYTES`; raises AnimatedFailed when even the narrowest is larger."""
    for wide in [w for w in LOOP_WIDTHS if w < width] or [even(width)]:
        partial = temp_beside(final)
        try:
            run_ffmpeg(
                loop_command(ffmpeg_exe(), source, fmt, min(wide, even(width)), partial), 1.0, None, cancel
            )
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if partial.stat().st_size <= LOOP_MAX_BYTES:
            return partial
        partial.unlink(missing_ok=True)
    raise AnimatedFailed(
        f"the {fmt.upper()} is over {LOOP_MAX_BYTES // 1_000_000} MB even {min(LOOP_WIDTHS)} px wide"
    )


# ---------------------------------------------------------------------------- the job kind


def output_of(project: Project, job: Job) -> AnimatedOutput:
    """The project's animated output a job comes from (its length and formats)."""
    campaign = project.campaign
    for output, variant in outputs_with_variants(project):
        if output.template != job.template or job.preset not in output.presets or variant != job.variant:
            continue
        if (
            campaign.output_languages(output.languages) != job.languages
            or bool(output.languages) != job.named
        ):
            continue
        if _chosen_layout(output, job.preset) == job.layout:
            return output
    raise LookupError(f"no animated output of {job.template!r} at {job.preset!r} in the project")


def _chosen_layout(output: AnimatedOutput, preset: str) -> str:
    if output.layout is None or output.layout == default_layout(output.template, preset):
        return ""
    return output.layout


def _files(project: Project, output: AnimatedOutput) -> set[tuple[str, str, tuple[str, ...], bool, str]]:
    """What names an output's files, but for its variant: template, preset, languages, layout."""
    langs = project.campaign.output_languages(output.languages)
    return {
        (output.template, preset, langs, bool(output.languages), _chosen_layout(output, preset))
        for preset in output.presets
    }


def outputs_with_variants(project: Project) -> list[tuple[AnimatedOutput, str]]:
    """Each animated output with the variant that keeps its files its own. Two outputs of one
    card template at one preset (a 5 s MP4 and a 10 s WebP of the goal) would name the same
    files, and the second would be lost; so an output that would share a file name with an
    earlier one takes an id of its own for all its files (``goal-2``, then ``goal-3``...),
    the first free one, and the first keeps its plain names. Counted over the whole project
    (before any ``--only`` or preset filter), so a filtered render names files as a full one."""
    taken: set[tuple[str, tuple[str, str, tuple[str, ...], bool, str]]] = set()
    found: list[tuple[AnimatedOutput, str]] = []
    for output in project.campaign.outputs.animated:
        files = _files(project, output)
        names = itertools.chain([""], (f"{output.template}-{n}" for n in itertools.count(2)))
        variant = next(name for name in names if not any((name, file) in taken for file in files))
        taken |= {(variant, file) for file in files}
        found.append((output, variant))
    return found


def shown(project: Project, template: Template, output: AnimatedOutput) -> tuple[str, ...]:
    """Whom an animated card of ``template`` shows besides its one subject: a group card's
    people (its output's ``subjects`` in order, else the group card's default set; an empty
    list is no one, as validation reads it), for its key, its ``--only`` filter and its
    drawing; nobody for a one-subject card."""
    if template.scope != "group":
        return ()
    return tuple(output.subjects) if output.subjects is not None else default_featured(project.campaign)


def animated_jobs(
    project: Project, only: set[str] | None = None, presets: set[str] | None = None
) -> list[Job]:
    """Every animated card the project asks for: each output x each subject its card
    template renders for x each preset (filtered as cards are; a group card is made when
    it shows one of ``only``)."""
    campaign = project.campaign
    known = registry.names("card")
    jobs: list[Job] = []
    for output, variant in outputs_with_variants(project):
        if output.template not in known:
            continue  # validation names it
        template = registry.get(output.template)
        if not template.params.applies(campaign):
            continue
        langs = campaign.output_languages(output.languages)
        featured = shown(project, template, output)
        if template.scope == "group" and not featured:
            continue  # an empty list features no one: validation says so
        for subject in registry.subjects(campaign, template.scope, project.resolve):
            if only is not None and not (only & (subject.related_ids | set(featured))):
                continue
            subject_id = None if template.scope in ("campaign", "group") else subject.id
            jobs.extend(
                Job(
                    "animated",
                    output.template,
                    preset,
                    subject_id,
                    langs,
                    bool(output.languages),
                    _chosen_layout(output, preset),
                    variant,
                    featured,
                )
                for preset in output.presets
                if presets is None or preset in presets
            )
    return jobs


def rel_of(job: Job, campaign_id: str, fmt: Format) -> str:
    return (Path("animated") / job.folder(campaign_id) / f"{job.stem}.{fmt}").as_posix()


def make_animated(run: Run, job: Job) -> Product:
    """Draw, encode and convert one animated card: its product, or its failed entry."""
    project = run.project
    output = output_of(project, job)
    card = bind(project, job)
    broken = broken_pictures(project)
    pictures = [layer.path for layer in card.layers(card.end) if isinstance(layer, Picture)]
    problems = [broken[path] for path in pictures if path in broken]
    frames = None
    if not problems:
        frames = Frames(card, Beats(output.duration_s))
        problems = frames.problems
    if problems or frames is None:
        return Product(_failed(project, job, "; ".join(str(p) for p in dict.fromkeys(problems))))
    campaign_id = project.campaign.id
    paths = {fmt: rel_of(job, campaign_id, fmt) for fmt in ("mp4", "gif", "webp")}
    preset = card.preset
    encoding = encoding_for(run.place.encoding, preset, output.duration_s)
    made: dict[str, Path] = {}
    try:
        final = run.place.out_dir / paths["mp4"]
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            made["mp4"] = encode(frames, final, encoding, run.reporter(job), run.cancel)
            for fmt in output.formats:
                if fmt != "mp4":
                    made[fmt] = loop_file(
                        made["mp4"], fmt, run.place.out_dir / paths[fmt], preset.width, run.cancel
                    )
        except OSError as exc:
            raise AnimatedFailed(cannot_write(exc, final)) from None
    except (AnimatedFailed, FfmpegError) as exc:
        _discard(made)
        return Product(_failed(project, job, f"{_title(job)} failed: {exc}"))
    except BaseException:
        _discard(made)
        raise
    if "mp4" not in output.formats:
        made.pop("mp4").unlink(missing_ok=True)
    formats = [fmt for fmt in output.formats if fmt in made]
    first = formats[0]
    entry = AnimatedEntry(
        status="rendered",
        **job.entry_fields,
        subject=job.folder(campaign_id),
        person=subject_for(project, job).person_id,
        layout=job.layout or None,
        path=paths[first],
        width=even(preset.width),
        height=even(preset.height),
        bytes=made[first].stat().st_size,
        duration_s=round(frames.beats.frames / FPS, 3),
        encoder=EncoderUsed(
            codec=encoding.codec, preset=encoding.preset, crf=encoding.crf, max_kbps=encoding.max_kbps
        ),
        variants={fmt: paths[fmt] for fmt in formats[1:]} or None,
    )
    return Product((entry,), tuple((paths[fmt], made[fmt]) for fmt in formats))


def _discard(made: dict[str, Path]) -> None:
    for path in made.values():
        path.unlink(missing_ok=True)


def _title(job: Job) -> str:
    try:
        title = registry.get(job.template).title
    except KeyError:
        title = job.template
    return f"Animated {title[:1].lower()}{title[1:]} for {job.subject or 'the campaign'}"


def _failed(project: Project, job: Job, error: str) -> tuple[OutputEntry, ...]:
    try:
        person = subject_for(project, job).person_id
    except (LookupError, StopIteration, ValueError):
        person = None
    return (
        AnimatedEntry(
            status="failed",
            **job.entry_fields,
            subject=job.folder(project.campaign.id),
            person=person,
            layout=job.layout or None,
            error=error,
        ),
    )


class _Animated:
    """The animated card job kind: each draws ~100 card pictures and encodes a video, and an
    encode already uses every core, so they are made one after another (like videos)."""

    name = "animated"
    plural = "animated"  # what --targets calls it
    parallel = False
    encodes = True

    def jobs(self, project: Project, only: set[str] | None, presets: set[str] | None) -> list[Job]:
        return animated_jobs(project, only, presets)

    def identities(self, job: Job, campaign_id: str) -> tuple[Identity, ...]:
        return (("animated", job.template, job.folder(campaign_id), job.preset, *job.chosen),)

    def paths(self, job: Job, campaign_id: str) -> tuple[str, ...]:
        """Where its files may go: the MP4, and the GIF and WebP when its output asks."""
        return tuple(rel_of(job, campaign_id, fmt) for fmt in ("mp4", "gif", "webp"))

    def key(self, project: Project, job: Job, encoding: Encoding | None) -> str:
        try:
            output = output_of(project, job)
            animation: dict[str, Any] = {"duration_s": output.duration_s, "formats": list(output.formats)}
        except LookupError:
            animation = {}
        langs = job.languages_of(project)
        try:
            used: object = encoding_for(encoding, get_preset(job.preset), animation.get("duration_s", 6.0))
        except KeyError:  # an unknown preset: its output fails, with or without a key
            used = encoding
        key = animated_key(
            project, job.template, job.preset, job.subject, langs, layout_of(job), animation, used
        )
        return featured_key(project, key, job.subjects) if job.subjects else key

    def make(self, run: Run, job: Job) -> Product:
        return make_animated(run, job)

    def failed(self, project: Project, job: Job, error: str) -> tuple[OutputEntry, ...]:
        return _failed(project, job, error)

    def sequence(self, run: Run, jobs: Sequence[Job]) -> Iterator[tuple[Job, Product]]:
        for job in jobs:
            if run.cancelled:
                return
            yield job, make_product(run, job)


register(_Animated())
