"""Each platform's rules for a post: how long its text may be and how that length is counted,
how many hashtags and mentions it takes, what it does with links, how many slides a carousel
holds. One table, read by validation, the renderer and the Studio, so they never disagree.

(Skeleton: filled by the rules work; the fields and functions below are the agreed interface.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Counting = Literal["graphemes", "x-weighted", "utf16"]
Links = Literal["clickable", "shortened", "not-clickable"]


@dataclass(frozen=True)
class PlatformRules:
    """One platform's rules, each number with where it comes from."""

    id: str  # "instagram", "x", ... (the project file's PostPlatform)
    name: str  # "Instagram", as presets name the platform
    max_chars: int  # the post text's limit, counted as ``counting`` says
    counting: Counting
    max_hashtags: int | None  # None: no stated limit
    max_mentions: int | None
    links: Links  # clickable; shortened (X: every URL counts ``url_length``); not-clickable (Instagram)
    url_length: int | None  # what one URL counts for (X: 23)
    max_slides: int | None  # a carousel's most slides (None: no carousels)
    first_comment: bool  # a first comment can be scheduled with the post
    source: str  # where the numbers come from (URLs, dates checked)


def rules(platform: str) -> PlatformRules:
    """The rules of ``platform`` (an id: "instagram", "x"); KeyError for an unknown one."""
    raise NotImplementedError


def platform_ids() -> tuple[str, ...]:
    """Every platform id the table knows, in the table's order."""
    raise NotImplementedError


def platform_for(preset_platform: str) -> str | None:
    """The rules id for a preset's platform name ("Instagram" -> "instagram"); None when the
    platform takes no post (a YouTube thumbnail has none of its own)."""
    raise NotImplementedError
