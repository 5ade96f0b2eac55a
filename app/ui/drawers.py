"""What the preview draws for each kind of output: a card as it renders, a carousel's slide,
an animated card's frame (a video's frame is the render's ``preview``). The preview finds each
kind's :class:`Drawer` by the job kind's name (:data:`takatof.ui.preview.DRAWERS`); a new output
kind adds one there (and the kind itself in the render), and the preview never asks which kind
it shows.

Each draw function is the render's own drawing of that output (``render_card``, the video
``preview``, the carousel kind's ``draw_slides``, the animated kind's ``Frames``), called with
the render's own :class:`~takatof.render.jobs.Job`: what the Studio shows is what renders.
They run on the preview's worker thread, never on the UI thread.

A carousel is drawn whole (its slides depend on one another: page dots, the count) and its
slides kept for the campaign they were drawn from, so stepping through them draws nothing
again; an animated card's frame source is kept the same way (it draws the card at each
counter value once).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from ..model import Project
from ..render.cards import render_card
from ..render.jobs import Job

Draw = Callable[[Project, Job, float, Path], tuple[Image.Image, float]]


@dataclass(frozen=True)
class Drawer:
    """How the preview shows one kind of output. ``draw(project, job, t, cache)`` gives the
    picture at ``t`` and the output's length on the slider (0: it has none). ``timed``: the
    slider scrubs it; ``plays``: Play plays it with sound from a proxy of its plan (a video);
    ``paged``: its length counts pages (a carousel's slides, one a second of the slider)."""

    draw: Draw
    timed: bool = False
    plays: bool = False
    paged: bool = False


def card(project: Project, job: Job, _t: float, _cache: Path) -> tuple[Image.Image, float]:
    card = render_card(project, job)
    if card.problems:
        raise ValueError("; ".join(str(p) for p in card.problems))
    return card.image, 0.0


class _Kept:
    """What was drawn for one job of one campaign (the newest few), so that a scrub or a step
    through slides reuses it. Keyed by the campaign object itself: an edit makes a new one."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._items: list[tuple[object, Job, Any]] = []
        self._lock = threading.Lock()

    def get(self, project: Project, job: Job, make: Callable[[], Any]) -> Any:
        campaign = project.campaign
        with self._lock:
            for held, held_job, value in self._items:
                if held is campaign and held_job == job:
                    return value
        value = make()
        with self._lock:
            self._items = [(campaign, job, value), *self._items][: self._size]
        return value


_SLIDES = _Kept(2)
_LOOPS = _Kept(2)


def carousel_slides(project: Project, job: Job) -> list[Image.Image]:
    """Every slide of a carousel job, as the carousel kind draws them (kept, see _Kept)."""
    from ..render.carousels import draw_slides

    def make() -> list[Image.Image]:
        slides, problems = draw_slides(project, job)
        if problems:
            raise ValueError("; ".join(problems))
        return [slide.image for slide in slides]

    slides: list[Image.Image] = _SLIDES.get(project, job, make)
    return slides


def carousel(project: Project, job: Job, t: float, _cache: Path) -> tuple[Image.Image, float]:
    slides = carousel_slides(project, job)
    if not slides:
        raise ValueError("the carousel has no slides")
    return slides[min(len(slides) - 1, max(0, int(t)))], float(len(slides))


def animated_card(project: Project, job: Job, t: float, _cache: Path) -> tuple[Image.Image, float]:
    from ..render import animated

    def make() -> tuple[Any, float]:
        output = animated.output_of(project, job)
        frames = animated.Frames(animated.bind(project, job), animated.Beats(output.duration_s))
        if frames.problems:
            raise ValueError("; ".join(str(p) for p in frames.problems))
        return frames, float(output.duration_s)

    frames, duration = _LOOPS.get(project, job, make)
    frame: np.ndarray = frames.at(min(max(0.0, t), duration))
    return Image.fromarray(frame), duration
