"""Fitting a stack of text that does not fit: leave out what the layout marked optional.

A card seen small (a thumbnail, a link preview) cannot hold every word at a readable size. A
designer then first lets the larger texts come down to the size of the smallest (every word
kept, the hierarchy flatter), and only then drops words, least important first:
the hashtags (the post carries them), then the second language's details. Layouts say what
may go (``Stack.optional``); this module leaves out one text at a time, in that order, until
the stack fits, and says what was left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..model import Problem
from ..templates.layers import Gap, Stack, Text
from .text import TextLayout

Laid = list[TextLayout | int]
LayoutFn = Callable[[Stack], tuple[Laid, list[Problem]]]


def without(stack: Stack, index: int) -> Stack:
    """``stack`` without its item ``index`` and the gap before it (after it, for the first
    text), the remaining optional indices renumbered."""
    items = list(stack.items)
    drop = {index}
    if index > 0 and isinstance(items[index - 1], Gap):
        drop.add(index - 1)
    elif index + 1 < len(items) and isinstance(items[index + 1], Gap):
        drop.add(index + 1)
    kept = [item for i, item in enumerate(items) if i not in drop]
    renumber = {old: old - sum(1 for d in drop if d < old) for old in range(len(items)) if old not in drop}
    optional = tuple(renumber[i] for i in stack.optional if i in renumber)
    # A gap left at either end of the stack holds nothing apart.
    while kept and isinstance(kept[0], Gap):
        kept.pop(0)
        optional = tuple(i - 1 for i in optional)
    while kept and isinstance(kept[-1], Gap):
        kept.pop()
    return replace(stack, items=tuple(kept), optional=optional)


def fitted(stack: Stack, layout: LayoutFn) -> tuple[Stack, Laid, list[Problem], list[Text]]:
    """The stack as drawn (its optional texts left out, in order, while it does not fit), its
    layout, its problems (a missing glyph, or an overflow that leaving out every optional
    text did not cure: reported for the full stack, so the message names the real culprit)
    and the texts left out."""
    laid, problems = layout(stack)
    if not problems or not laid:  # fits; or a glyph is missing (nothing is laid out then)
        return stack, laid, problems, []
    # First every word stays and the larger texts give up their step above the smallest
    # size (the hierarchy flattens, nothing is lost); only then do optional texts go.
    current = floored(stack)
    laid, trial = layout(current)
    if not trial:
        return current, laid, [], []
    left_out: list[Text] = []
    while current.optional:
        index = current.optional[0]
        item = current.items[index]
        current = without(current, index)
        if isinstance(item, Text):
            left_out.append(item)
        if not current.items:
            return current, [], [], left_out
        laid, trial = layout(current)
        if not trial:
            return current, laid, [], left_out
    return stack, *layout(stack), []


def floored(stack: Stack) -> Stack:
    """``stack`` with every text allowed to shrink to the smallest size any of them may
    (the readable floor its layout set)."""
    texts = [item for item in stack.items if isinstance(item, Text)]
    if not texts:
        return stack
    floor = min(item.style.min_size for item in texts)
    items = tuple(
        replace(item, style=replace(item.style, min_size=floor)) if isinstance(item, Text) else item
        for item in stack.items
    )
    return replace(stack, items=items)
