"""The card templates; importing this package registers them."""

from __future__ import annotations

from . import goal, group, hashtag, quote, spotlight, stat  # noqa: F401  (registers them)
