"""The publishing kit: every asset's posts, their schedule, and the files a scheduler imports
(posts.json, posts-buffer.csv, posts-meta.csv, schedule.ics), written beside the assets.

(Skeleton: filled by the lead; the functions below are the agreed interface.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Project
from ..model.post_copy import Asset, Post
from ..model.schedule import Slot
from .jobs import Job
from .manifest import OutputEntry


@dataclass(frozen=True)
class Kit:
    """Every post of the campaign with its slot (None: no plan; a str: why it has none)."""

    posts: list[Post]
    slots: list[Slot | str | None]


def asset_of(project: Project, job: Job) -> Asset:
    """The asset ``job`` makes, as its posts need it (no files yet)."""
    raise NotImplementedError


def assets(project: Project, entries: Sequence[OutputEntry] | None = None) -> list[Asset]:
    """Every asset the project asks for, with its files from ``entries`` (a manifest's) when
    given: an asset not on disk is left out of a kit that is written."""
    raise NotImplementedError


def build(project: Project, entries: Sequence[OutputEntry] | None = None) -> Kit:
    """The posts of every asset (on disk, when ``entries`` is given) and their schedule."""
    raise NotImplementedError
