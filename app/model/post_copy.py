"""The copy of each asset's posts: a post template (the project's, else the default that ships
with the asset's template) filled with the subject's fields in the post's language, then fitted
to its platform's rules — shortened only where the template marks a part optional
(``{story?}``, ``{hashtags?}``), otherwise the post fails with the numbers.

Pure: campaign data in, posts out; the renderer adds the asset's files, the Studio shows them.

A template is text with ``{placeholder}`` fields (:data:`PLACEHOLDERS`), ``{part?}`` for one a
platform may cut, and ``{{``/``}}`` for a literal brace. Filling works line by line: a line
whose every placeholder the data leaves empty goes (no "📍 , " left where a person has no
city), an empty one in a line takes its glue with it (an empty pair of brackets, a dangling
comma, a double space) from the template's own text beside it, never from the values, and
blank lines never pile up. Cutting never takes the template's own
words: a line whose parts fitting emptied stays when it has words of its own (only glue goes),
and :attr:`Post.shortened` says so; if the words do not fit, the post fails with the numbers.

Fitting, in an order a social manager would choose: the hashtag, mention and link counts first
(optional lists lose their last items: the 6th hashtag on Instagram; an optional ``{link?}``
goes where a post has more different links than Threads' 5); then the length: optional
texts are shortened at a word boundary with an ellipsis, longest first, but not below
:data:`MIN_EXCERPT`; then optional lists lose items from the end; then optional texts are
shortened further or left out. What was cut is said in :attr:`Post.shortened`; a post that
still breaks a rule fails with the template's JSON path, the platform, the count and the limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import regex

from .campaign import Campaign, PostTemplate
from .languages import language
from .platform_rules import PlatformRules, platform_ids, rules
from .post_defaults import default_copy, link_in_bio
from .post_fields import FILLERS, Value, context, values
from .post_text import hashtags_in, length, mentions_in, shorten, url_spans
from .problems import shorten as shorten_value
from .problems import suggest


@dataclass(frozen=True)
class Asset:
    """One output a post goes with, as the post needs it (built from a render job by
    takatof.render.kit.assets)."""

    id: str  # "hala/quote-instagram-post": its folder and file stem, unique in the campaign
    kind: str  # the job kind: card, video, reel, carousel, animated, film
    template: str  # the asset template: quote, stat, spotlight, goal, story, reel, ...
    variant: str  # the output's own id (a reel's, a carousel's, a film's); "" if none
    preset: str  # the preset id: instagram-post
    platforms: tuple[str, ...]  # the platform ids it is posted to (rules ids; may be empty)
    subject: str | None  # a person or spotlight id; None: campaign-wide
    subjects: tuple[str, ...]  # the subjects of a group card, carousel or reel, in order
    languages: tuple[str, ...]  # the languages it prints: one post per language
    output_path: str  # its output's JSON path in the project: "outputs.cards[2]"
    paths: tuple[str, ...] = ()  # its files relative to the output folder (a carousel: its slides)
    alt: dict[str, str] = field(default_factory=dict)  # its alt text per language, when written


@dataclass(frozen=True)
class Post:
    """One post: an asset on one platform in one language, its copy fitted to the platform."""

    id: str  # "<asset id>/<platform>/<lang>"
    asset: Asset
    platform: str
    lang: str
    text: str  # the caption, ready to paste ("" when it failed)
    hashtags: tuple[str, ...]  # the hashtags it carries, in order
    mentions: tuple[str, ...]  # the @mentions it carries, in order
    first_comment: str  # "" when none
    link: str  # the link it carries ("" when none)
    alt: str  # the asset's alt text in this language ("" when none)
    length: int  # the text's length as the platform counts it
    limit: int  # the platform's limit
    shortened: tuple[str, ...]  # what was shortened or dropped to fit, said for a person
    template: str  # where its copy came from: "publishing.templates[1].text.ar", or "default quote"
    error: str | None = None  # why it cannot be posted: the path, the platform, the count, the limit
    # The copy as filled and cut as far as its template allows, also when it failed: what the
    # Studio shows beside its counter, so the team sees what is over (``text`` is "" then).
    draft: str = ""


# Placeholder name -> what it holds; a template may use only these (validation says so).
PLACEHOLDERS: dict[str, str] = {name: what for name, (_, what) in FILLERS.items()}

MIN_EXCERPT = 80
"""An optional text is first shortened no further than this (as the platform counts): a story
excerpt of a few words says nothing, so the hashtags go before it is cut shorter."""

# {name}, {name?}, or an escaped brace; anything else is literal text.
TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(\?)?\}")


# --- templates: parsing and choosing -------------------------------------------------------


@dataclass(frozen=True)
class Placeholder:
    """One placeholder in a template: its name, whether a platform may cut it, its number."""

    name: str
    optional: bool
    index: int


Line = tuple[str | Placeholder, ...]


def parse(text: str) -> list[Line]:
    """A template as lines of literal text and :class:`Placeholder` s, slots numbered in order."""
    lines: list[Line] = []
    count = 0
    for raw in text.split("\n"):
        parts: list[str | Placeholder] = []
        at = 0
        for match in TOKEN.finditer(raw):
            parts.append(raw[at : match.start()])
            if match.group(1) is None:
                parts.append(match.group()[0])
            else:
                parts.append(Placeholder(match.group(1), bool(match.group(2)), count))
                count += 1
            at = match.end()
        parts.append(raw[at:])
        lines.append(tuple(p for p in parts if p != ""))
    return lines


def placeholders(text: str) -> list[tuple[str, bool]]:
    """Every placeholder of ``text`` as (name, optional), in order: what validation checks."""
    return [(m.group(1), bool(m.group(2))) for m in TOKEN.finditer(text) if m.group(1)]


def _lang_key(texts: dict[str, str] | None, lang: str) -> str | None:
    """The key of ``texts`` that holds ``lang``'s copy: the language itself, else its base
    language ("ar" for "ar-EG"); None when neither is there."""
    if not texts:
        return None
    for key in (lang, lang.split("-", 1)[0]):
        if texts.get(key):
            return key
    return None


def _lang_text(texts: dict[str, str] | None, lang: str) -> str | None:
    key = _lang_key(texts, lang)
    return None if key is None or texts is None else texts[key]


_STRAY = re.compile(r"[{}]")


def copy_problems(text: str) -> list[str]:
    """What is wrong with a copy as written, each with its fix: a placeholder no asset has (with
    a did-you-mean), a brace that starts no placeholder. One list for validation and for
    :func:`compose`, so a render never posts what validation refuses."""
    problems = [
        _unknown_placeholder(name)
        for name in dict.fromkeys(name for name, _ in placeholders(text))
        if name not in PLACEHOLDERS
    ]
    if _STRAY.search(TOKEN.sub("", text)):
        problems.append(
            "holds a { or } that starts no placeholder: write a placeholder as {name} or "
            "{story?}, and a brace itself as {{ or }}"
        )
    return problems


def _unknown_placeholder(name: str) -> str:
    hint = suggest(name, PLACEHOLDERS)
    fix = (
        f"did you mean {{{hint}}}?"
        if hint
        else f"use one of: {', '.join('{' + n + '}' for n in PLACEHOLDERS)}"
    )
    return f"unknown placeholder {{{shorten_value(name, 40)}}}; {fix}"


def _matches(template: PostTemplate, asset: Asset, platform: str) -> bool:
    return (
        (template.kinds is None or asset.kind in template.kinds)
        and (template.templates is None or asset.template in template.templates)
        and (template.platforms is None or platform in template.platforms)
    )


@dataclass(frozen=True)
class Chosen:
    """The copy a post is written from: its text, first comment, and where they are."""

    text: str
    first_comment: str
    source: str  # "publishing.templates[1].text.ar" or "default quote"
    place: str  # the JSON path a failure is told at: the template's, else the asset's output's
    comment_place: str = ""  # the first comment's JSON path: "publishing.templates[1].first_comment.ar"


def choose(campaign: Campaign, asset: Asset, platform: str, lang: str) -> Chosen:
    """The copy in ``lang`` of the first of the project's templates whose kinds, templates and
    platforms match and that has text in ``lang``; else the default copy of the asset's
    template. Each language goes on through the matching templates on its own: a template
    holding only the Arabic (the Studio writes one when the Arabic copy is edited) must not
    take the English posts from a later template that has them to the default."""
    for i, template in enumerate(campaign.publishing.templates):
        if not _matches(template, asset, platform):
            continue
        own = _lang_text(template.text, lang)
        if own is None:
            continue  # this language goes on to the next matching template
        path = f"publishing.templates[{i}].text.{_lang_key(template.text, lang)}"
        comment_key = _lang_key(template.first_comment, lang)
        comment = "" if comment_key is None else f"publishing.templates[{i}].first_comment.{comment_key}"
        return Chosen(own, _lang_text(template.first_comment, lang) or "", path, path, comment)
    default = default_copy(asset.template, lang, asset.kind)
    return Chosen(default.text, "", default.source, asset.output_path)


# --- filling --------------------------------------------------------------------------------

_GAP = "\x00"  # where an empty placeholder was (no post copy holds a NUL: refused on load)
_SEP = "[,،؛;·]"
_GAP_AND_AFTER = re.compile(rf"\x00[ \t]*{_SEP}[ \t]*")
_BEFORE_AND_GAP = re.compile(r"[ \t]*[,،؛;·:—–-][ \t]*\x00")
_EMPTY_PAIRS = re.compile(
    r"\s*(?:\(\s*(?:\x00\s*)+\)|«\s*(?:\x00\s*)+»|“\s*(?:\x00\s*)+”|\"\s*(?:\x00\s*)+\")"
)
_DOUBLE_SEPARATOR = re.compile(rf"({_SEP})(\s*{_SEP})+")
_SEPARATOR_BEFORE_CLOSE = re.compile(rf"\s*{_SEP}\s*(?=[)»”.!؟?])")
_SPACES_AROUND_GAP = re.compile(r"[ \t]+(\x00+)[ \t]+")
_SPACE_BEFORE_GAP_AND_PUNCT = re.compile(r"[ \t]+(\x00+)(?=[,،؛;.!?؟])")
_LEADING_SEPARATOR = re.compile(r"^[ \t]*[,،؛;·:][ \t]*")
_TRAILING_SEPARATOR = re.compile(r"[ \t]*[,،؛;·:—–-][ \t]*$")
_WORD = regex.compile(r"[\p{L}\p{N}]")


@dataclass
class _State:
    """What fitting has done so far: each cut text slot's text, each cut list slot's items."""

    texts: dict[int, str] = field(default_factory=dict)
    kept: dict[int, int] = field(default_factory=dict)
    why: dict[int, str] = field(default_factory=dict)  # a text left out for a count, not the length


def _shown(slot: Placeholder, value: Value, state: _State) -> str:
    if value.listed:
        return " ".join(value.items[: state.kept.get(slot.index, len(value.items))])
    return state.texts.get(slot.index, value.text)


def _full(value: Value) -> str:
    return " ".join(value.items) if value.listed else value.text


def _words(line: Line) -> str:
    """The template's own words on ``line`` (its text outside placeholders), "" when that is
    only glue: punctuation, symbols, emoji, spaces ("📍 , " or "— " around empty fields)."""
    own = "".join(p for p in line if isinstance(p, str)).strip()
    return own if _WORD.search(own) else ""


def _kept_for_words(line: Line, vals: dict[str, Value], state: _State) -> bool:
    """Whether ``line``, every placeholder of it now empty, stays for its own words: fitting
    emptied one of them (a line the data leaves empty goes; one fitting emptied keeps the words
    the template wrote, so cutting never takes them silently)."""
    slots = [p for p in line if isinstance(p, Placeholder)]
    emptied = any(_full(vals[s.name]) and not _shown(s, vals[s.name], state) for s in slots)
    return emptied and bool(_words(line))


def _render(lines: Sequence[Line], vals: dict[str, Value], state: _State) -> str:
    out: list[str] = []
    for line in lines:
        slots = [p for p in line if isinstance(p, Placeholder)]
        shown = {s.index: _shown(s, vals[s.name], state) for s in slots}
        if slots and not any(shown.values()) and not _kept_for_words(line, vals, state):
            continue  # a line about nothing
        out.append(_line(line, shown))
    return _blank_lines(out)


def _line(line: Line, shown: dict[int, str]) -> str:
    """One line filled. Only the template's own text next to an empty placeholder is tidied
    (:func:`_tidy`): the values go in byte for byte, as their people wrote them, so a quote's
    French spacing "toujours !", its double spaces or its "()" never change because an
    unrelated field on the line is empty."""
    pieces: list[tuple[bool, str]] = []  # (a value?, its text); a gap is literal _GAP
    for part in line:
        if isinstance(part, Placeholder) and shown[part.index]:
            pieces.append((True, shown[part.index]))
        else:
            pieces.append((False, _GAP if isinstance(part, Placeholder) else part))
    out: list[str] = []
    run: list[str] = []  # the literal text since the last value (with its gaps)

    def close(last: bool) -> None:
        text = "".join(run)
        if _GAP in text:
            text = _tidy(text, first=not out, last=last)
        elif last:
            text = text.rstrip()
        out.append(text)
        run.clear()

    for is_value, text in pieces:
        if is_value:
            close(last=False)
            out.append(text)
        else:
            run.append(text)
    close(last=True)
    return "".join(out)


def _tidy(run: str, first: bool, last: bool) -> str:
    """The template's text between two values (``first``: from the line's start, ``last``: to
    its end) without the glue around its empty placeholders: a separator beside one (the comma
    after an empty city, the one before an empty group), a pair of brackets around nothing,
    then what that leaves (two separators in a row, a space before a full stop or before
    another space, a separator or a space at either end of the line)."""
    run = _GAP_AND_AFTER.sub(_GAP, run)
    run = _BEFORE_AND_GAP.sub(_GAP, run)
    run = _EMPTY_PAIRS.sub(_GAP, run)
    run = _SPACES_AROUND_GAP.sub(r" \1", run)
    run = _SPACE_BEFORE_GAP_AND_PUNCT.sub(r"\1", run)
    run = run.replace(_GAP, "")
    run = _DOUBLE_SEPARATOR.sub(r"\1", run)
    run = _SEPARATOR_BEFORE_CLOSE.sub("", run)
    if first:
        run = _LEADING_SEPARATOR.sub("", run).lstrip()
    if last:
        run = _TRAILING_SEPARATOR.sub("", run).rstrip()
    return run


def _blank_lines(lines: Sequence[str]) -> str:
    """The lines joined, at most one blank line in a row and none at either end (a value's own
    line breaks are its own)."""
    kept: list[str] = []
    for line in lines:
        blank = not line.strip(" \t")
        if blank and (not kept or not kept[-1]):
            continue
        kept.append("" if blank else line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


# --- fitting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Draft:
    """A post being fitted: its template's lines, the values, and the platform's rules."""

    lines: list[Line]
    vals: dict[str, Value]
    rules: PlatformRules
    sizes: dict[str, int] = field(default_factory=dict, compare=False)  # text -> length, memo

    @property
    def slots(self) -> list[Placeholder]:
        return [p for line in self.lines for p in line if isinstance(p, Placeholder)]

    def text(self, state: _State) -> str:
        return _render(self.lines, self.vals, state)

    def size(self, state: _State) -> int:
        """The text's length as the platform counts it (counted once per text: fitting
        measures the same drafts again and again)."""
        text = self.text(state)
        if text not in self.sizes:
            self.sizes[text] = length(text, self.rules)
        return self.sizes[text]


def _drop_items(
    draft: _Draft, state: _State, over: Callable[[_State], bool], only: str | None = None
) -> None:
    """Drop optional list items from the end (the last slot's first) while ``over(state)``;
    ``only``: from that placeholder's slots alone (the hashtags when there are too many)."""
    listed = [s for s in draft.slots if s.optional and draft.vals[s.name].listed]
    for slot in reversed([s for s in listed if only is None or s.name == only]):
        kept = state.kept.get(slot.index, len(draft.vals[slot.name].items))
        while kept > 0 and over(state):
            kept -= 1
            state.kept[slot.index] = kept


def _shorten_texts(draft: _Draft, state: _State, floor: int) -> None:
    """Shorten optional texts, longest first, no shorter than ``floor``, while too long."""
    texts = [s for s in draft.slots if s.optional and not draft.vals[s.name].listed]
    limit = draft.rules.max_chars
    for slot in sorted(texts, key=lambda s: -length(_shown(s, draft.vals[s.name], state), draft.rules)):
        while (total := draft.size(state)) > limit:
            current = _shown(slot, draft.vals[slot.name], state)
            own = length(current, draft.rules)
            budget = max(own - (total - limit), floor)
            if not current or budget >= own:
                break
            cut = shorten(current, budget, draft.rules)
            if length(cut, draft.rules) >= own:
                break
            state.texts[slot.index] = cut


def _links(text: str) -> list[str]:
    """The different links in ``text`` (as X links them), each once: what a link limit counts."""
    return list(dict.fromkeys(text[start:end] for start, end in url_spans(text)))


@dataclass(frozen=True)
class _Counted:
    """A thing a platform takes a most of: how it is counted in a post, the placeholder whose
    optional form fitting may cut, the rule's field, and the fix a failure names."""

    kind: str  # "hashtags", as a message counts it
    name: str  # the placeholder fitting cuts: {hashtags?} loses its last items, {link?} goes
    attr: str  # PlatformRules' field: max_hashtags
    found: Callable[[str], list[str]]
    fix: str  # for a post whose {name} is not optional; "{source}": the value's JSON path


_COUNTED: tuple[_Counted, ...] = (
    _Counted(
        "hashtags", "hashtags", "max_hashtags", hashtags_in,
        "write {{hashtags?}} so the extras are dropped, or use fewer in {source}",
    ),
    _Counted(
        "mentions", "mention", "max_mentions", mentions_in,
        "write {{mention?}} so the extras are dropped, or use fewer in {source}",
    ),
    _Counted(
        "links", "link", "max_links", _links,
        "write {{link?}} so it may be left out, or take links out of the copy or the texts it quotes",
    ),
)  # fmt: skip
"""What is counted against a platform's most (each rule with a ``max_*``), in the order fitting
cuts for them: a new limit is one row."""


def _most(draft: _Draft, counted: _Counted) -> int | None:
    most: int | None = getattr(draft.rules, counted.attr)
    return most


def _fit(draft: _Draft) -> _State:
    state = _State()
    for counted in _COUNTED:
        most = _most(draft, counted)
        if most is not None:
            _cut_for_count(draft, state, counted, most)
    limit = draft.rules.max_chars
    _shorten_texts(draft, state, MIN_EXCERPT)
    _drop_items(draft, state, lambda s: draft.size(s) > limit)
    _shorten_texts(draft, state, 0)
    return state


def _cut_for_count(draft: _Draft, state: _State, counted: _Counted, most: int) -> None:
    """While the post has more of ``counted`` than ``most``: its optional lists lose their
    last items (the 6th hashtag on Instagram), then its optional texts go whole (a {link?})."""

    def over(state: _State) -> bool:
        return len(counted.found(draft.text(state))) > most

    _drop_items(draft, state, over, only=counted.name)
    for slot in reversed([s for s in draft.slots if s.optional and s.name == counted.name]):
        if not draft.vals[slot.name].listed and _shown(slot, draft.vals[slot.name], state) and over(state):
            state.texts[slot.index] = ""
            state.why[slot.index] = f"{draft.rules.name} takes {_things(most, counted.kind)}"


def _said(draft: _Draft, state: _State) -> tuple[str, ...]:
    """What fitting cut, for a person: ``{story?} shortened at a word boundary (412 → 190
    characters)``, ``{hashtags?}: dropped #a #b (Instagram takes 5 hashtags)``."""
    said: list[str] = []
    name = draft.rules.name
    for slot in draft.slots:
        value = draft.vals[slot.name]
        if slot.index in state.texts:
            before, after = length(value.text, draft.rules), length(state.texts[slot.index], draft.rules)
            why = state.why.get(slot.index, f"to fit {name}'s {draft.rules.max_chars} characters")
            what = (
                f"{{{slot.name}?}} left out ({why})"
                if not state.texts[slot.index]
                else f"{{{slot.name}?}} shortened at a word boundary ({before} → {after} characters)"
            )
            said.append(what)
        elif slot.index in state.kept and state.kept[slot.index] < len(value.items):
            gone = " ".join(_plain(item) for item in value.items[state.kept[slot.index] :])
            said.append(f"{{{slot.name}?}}: dropped {gone} ({_why_dropped(draft, slot)})")
    return (*said, *_words_kept(draft, state))


def _words_kept(draft: _Draft, state: _State) -> list[str]:
    """Each line whose placeholders fitting emptied, kept for the template's own words: said,
    so the team sees a line that now reads without its part (and can move the part)."""
    said = []
    for line in draft.lines:
        slots = [p for p in line if isinstance(p, Placeholder)]
        emptied = slots and not any(_shown(s, draft.vals[s.name], state) for s in slots)
        if emptied and _kept_for_words(line, draft.vals, state):
            names = " ".join(f"{{{s.name}{'?' if s.optional else ''}}}" for s in slots)
            said.append(f'the copy\'s own words beside {names} kept: "{_excerpt(_words(line))}"')
    return said


def _excerpt(text: str, most: int = 40) -> str:
    """The start of ``text`` for a message: whole words, "…" when cut."""
    if len(text) <= most:
        return text
    head = text[:most] if text[most] == " " else text[:most].rsplit(" ", 1)[0]
    return head.rstrip(" ,،;؛:") + "…"


def _why_dropped(draft: _Draft, slot: Placeholder) -> str:
    rules_ = draft.rules
    for counted in _COUNTED:
        most = _most(draft, counted)
        if slot.name == counted.name and most is not None:
            full = _State(kept={s.index: len(draft.vals[s.name].items) for s in draft.slots})
            if len(counted.found(draft.text(full))) > most:
                return f"{rules_.name} takes {_things(most, counted.kind)}"
    return f"to fit {rules_.name}'s {rules_.max_chars} characters"


# --- failures -------------------------------------------------------------------------------

COUNTING: dict[str, str] = {
    "x-weighted": (
        "X counts weighted characters: Latin, Arabic and other scripts up to U+10FF count 1; "
        "CJK, emoji and the rest 2; a link 23"
    ),
    "graphemes": "counted as characters seen: an emoji or a letter with its marks is one",
    "utf16": "counted in UTF-16 units, as the platform's composer does: an emoji is 2",
    "utf8": "counted in bytes of UTF-8: an Arabic letter is 2, an emoji 4",
    "emoji-bytes": "counted in characters, each emoji as its bytes of UTF-8",
}
"""How each way of counting (``PlatformRules.counting``) is said in a failure, for a person."""


def _things(count: int, kind: str) -> str:
    """``1 hashtag``, ``7 hashtags``."""
    return f"{count} {kind if count != 1 else kind.removesuffix('s')}"


def _lang_name(lang: str) -> str:
    try:
        return language(lang).name
    except ValueError:
        return lang


def _failure(draft: _Draft, state: _State, chosen: Chosen, asset: Asset, lang: str) -> str | None:
    """Why the fitted post still cannot be posted, or None: the count or the length, with the
    numbers and the fix, at the template's JSON path (the asset's output for a default)."""
    text, r = draft.text(state), draft.rules
    head = f"{chosen.place}: the {r.name} post of {asset.id} in {_lang_name(lang)}"
    for counted in _COUNTED:
        most, found = _most(draft, counted), len(counted.found(text))
        if most is not None and found > most:
            kind, name = counted.kind, counted.name
            fix = (
                counted.fix.format(source=draft.vals[name].source or kind)
                if any(s.name == name and not s.optional for s in draft.slots)
                else f"remove {kind} from the copy or the texts it quotes"
            )
            return f"{head} has {_things(found, kind)}, {r.name} takes {most}; {fix}{_own(chosen)}"
    size = draft.size(state)
    if size <= r.max_chars:
        return None
    return f"{head} is {size} of {r.max_chars} characters ({COUNTING.get(r.counting, r.counting)}); {_length_fix(draft, state)}{_own(chosen)}"


def _length_fix(draft: _Draft, state: _State) -> str:
    """Name the longest part that may not be cut: mark it optional, or shorten its field; the
    template's own words when they are longer than any field."""
    fixed = [s for s in draft.slots if not s.optional and not draft.vals[s.name].listed]
    fixed = [s for s in fixed if _shown(s, draft.vals[s.name], state)]
    own = length("\n".join(p for line in draft.lines for p in line if isinstance(p, str)), draft.rules)
    size = {s.index: length(_shown(s, draft.vals[s.name], state), draft.rules) for s in fixed}
    if not fixed or own > max(size.values()):
        return f"shorten the copy's own words ({own} characters of it)"
    longest = max(fixed, key=lambda s: size[s.index])
    source = draft.vals[longest.name].source
    return f"mark a part optional ({{{longest.name}?}}) or shorten {source or 'the copy'}"


def _own(chosen: Chosen) -> str:
    """For a default copy: where to write the project's own."""
    if chosen.source.startswith("publishing."):
        return ""
    return f" (the {chosen.source} copy: write your own in publishing.templates to change it)"


# --- composing ------------------------------------------------------------------------------


def _platform_values(vals: dict[str, Value], rules_: PlatformRules, lang: str) -> dict[str, Value]:
    """The values as ``rules_``' platform takes them: a link where captions' links are not
    clickable becomes "link in bio" in the post's language."""
    link = vals.get("link")
    if link is not None and link.text and rules_.links == "not-clickable":
        return {**vals, "link": replace(link, text=link_in_bio(lang))}
    return vals


def _fill(text: str, place: str) -> tuple[list[Line], str | None]:
    """The template's lines, or why it cannot be filled, at ``place``: every problem
    validation tells of the copy (:func:`copy_problems`), so the post fails rather than
    going out with a placeholder left empty or a brace printed."""
    problems = copy_problems(text)
    return parse(text), f"{place}: {'; '.join(problems)}" if problems else None


def compose(campaign: Campaign, asset: Asset, platform: str, lang: str) -> Post:
    """The post of ``asset`` on ``platform`` in ``lang``."""
    rules_ = rules(platform)
    chosen = choose(campaign, asset, platform, lang)
    ctx = context(campaign, asset.template, asset.subject, asset.subjects, lang)
    vals = _platform_values(values(ctx), rules_, lang)
    lines, unfillable = _fill(chosen.text, chosen.place)
    post = Post(
        id=f"{asset.id}/{platform}/{lang}", asset=asset, platform=platform, lang=lang, text="",
        hashtags=(), mentions=(), first_comment="", link="", alt=asset.alt.get(lang, ""), length=0,
        limit=rules_.max_chars, shortened=(), template=chosen.source,
    )  # fmt: skip
    if unfillable:
        return replace(post, error=unfillable)
    draft = _Draft(lines, vals, rules_)
    state = _fit(draft)
    text = draft.text(state)
    comment, said, comment_error = _first_comment(chosen, vals, rules_)
    error = (
        _failure(draft, state, chosen, asset, lang)
        or comment_error
        or _comment_failure(comment, chosen, asset, lang, rules_)
    )
    link = vals["link"].text if rules_.links != "not-clickable" and vals["link"].text in text else ""
    return replace(
        post, text="" if error else text, hashtags=tuple(hashtags_in(text)), mentions=tuple(mentions_in(text)),
        first_comment="" if error else comment, link=_plain(link), length=draft.size(state), draft=text,
        shortened=(*_said(draft, state), *said), error=error,
    )  # fmt: skip


def _plain(text: str) -> str:
    return text.strip("\u2066\u2067\u2068\u2069")


def _first_comment(
    chosen: Chosen, vals: dict[str, Value], rules_: PlatformRules
) -> tuple[str, tuple[str, ...], str | None]:
    """The first comment filled (never cut), or "" where the platform schedules none; and why
    it cannot be filled, at its path (then the post fails: a comment is never left out silently)."""
    if not chosen.first_comment:
        return "", (), None
    lines, unfillable = _fill(chosen.first_comment, chosen.comment_place or chosen.place)
    if unfillable:
        return "", (), unfillable  # on every platform: validation refuses the template itself
    if not rules_.first_comment:
        return "", (f"first comment left out: {rules_.name} schedules none",), None
    return _render(lines, vals, _State()), (), None


def _comment_failure(
    comment: str, chosen: Chosen, asset: Asset, lang: str, rules_: PlatformRules
) -> str | None:
    size = length(comment, rules_) if comment else 0
    if size <= rules_.max_chars:
        return None
    place = chosen.comment_place or chosen.place
    return (
        f"{place}: the first comment of the {rules_.name} post of {asset.id} in {_lang_name(lang)} "
        f"is {size} of {rules_.max_chars} characters ({COUNTING.get(rules_.counting, rules_.counting)}); shorten it"
    )


def posts_for(campaign: Campaign, asset: Asset) -> list[Post]:
    """Every post of ``asset``: each of its platforms (those ``publishing.platforms`` keeps)
    × each of its languages."""
    keep = campaign.publishing.platforms
    known = set(platform_ids())
    platforms = [p for p in asset.platforms if p in known and (keep is None or p in keep)]
    return [compose(campaign, asset, platform, lang) for platform in platforms for lang in asset.languages]


def error_place(post: Post) -> tuple[str, str] | None:
    """A failed post's error as (JSON path, message), for a validation problem; None if it
    can be posted."""
    if post.error is None:
        return None
    place, _, message = post.error.partition(": ")
    return place, message
