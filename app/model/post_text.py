"""Counting and cutting a post's text as its platform does: X's weighted length (twitter-text's
published configuration, version 3), graphemes for the others; cutting at a word boundary with
an ellipsis, never inside a grapheme (an emoji sequence, a letter with its marks) or a
directional isolate.

(Skeleton: filled by the rules work; the functions below are the agreed interface.)
"""

from __future__ import annotations

from .platform_rules import PlatformRules


def weighted_length(text: str) -> int:
    """X's weighted length of ``text`` (twitter-text v3: NFC; code points in the light ranges
    count 1, others 2; an emoji sequence 2; a URL 23), in characters of the 280 limit."""
    raise NotImplementedError


def length(text: str, rules: PlatformRules) -> int:
    """``text``'s length as ``rules`` counts it (weighted, graphemes, or UTF-16 units)."""
    raise NotImplementedError


def shorten(text: str, budget: int, rules: PlatformRules, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``budget`` (as ``rules`` counts, the ellipsis included) at the
    last word boundary, with the ellipsis; ``text`` itself when it fits; "" when not even one
    word fits. Never splits a grapheme, and closes a directional isolate it cut into."""
    raise NotImplementedError


def hashtags_in(text: str) -> list[str]:
    """The #hashtags in ``text`` (Arabic ones included), in order, as written."""
    raise NotImplementedError


def mentions_in(text: str) -> list[str]:
    """The @mentions in ``text``, in order, as written."""
    raise NotImplementedError
