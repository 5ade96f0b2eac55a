"""A posting plan turned into times: each post gets a UTC instant inside its audience's
posting windows (their local time, daylight saving and date lines included), spread so that one
account never posts twice on one platform within the plan's gap.

(Skeleton: filled by the schedule work; the types and function below are the agreed interface.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .campaign import PostingPlan


@dataclass(frozen=True)
class Wanted:
    """What the schedule needs to know of one post."""

    id: str  # the post's id
    platform: str  # "instagram"
    lang: str  # the post's language
    subjects: tuple[str, ...]  # the person or spotlight ids it is about (empty: campaign-wide)


@dataclass(frozen=True)
class Slot:
    """When one post goes out."""

    utc: dt.datetime  # aware, UTC
    local: dt.datetime  # aware, in ``timezone``
    timezone: str  # IANA name
    audience: str  # the audience's id
    account: str  # the audience's account


def audience_for(plan: PostingPlan, post: Wanted) -> int:
    """The index of the audience ``post`` goes to: the first whose people include one of its
    subjects, else the first whose languages include its language, else the first with no
    languages listed, else the first."""
    raise NotImplementedError


def schedule(plan: PostingPlan, posts: Sequence[Wanted]) -> list[Slot | str]:
    """Each post's slot, in ``posts``' order, or why it has none (a person-readable sentence
    with the numbers: the plan's dates and windows hold no more posts for that account at that
    gap). Deterministic: the same plan and posts give the same times."""
    raise NotImplementedError
