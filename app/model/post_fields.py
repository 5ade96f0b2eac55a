"""The values a post template's placeholders stand for: an asset's subject's fields in the
post's language, ready to put into its text.

Each value is display-ready: a field whose direction differs from the post's (a Latin
``@handle`` or link in an Arabic post, ``#التكاتف_قوّة`` in an English one) is a bidi isolate,
FSI ... PDI as the cards' :func:`takatof.templates.layers.isolate` makes them, so it neither
scrambles nor is scrambled by the words around it when a platform shows the caption. A field in
the post's own direction is left bare: an isolate costs a platform's characters (4 of X's 280).

One filler per placeholder, in :data:`FILLERS` (a registry, so a new placeholder is one
function and one line), each told the :class:`Context` of one asset in one language.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from babel.lists import format_list

from .campaign import Campaign, Multilingual, Person, Spotlight
from .languages import babel_locale, is_rtl
from .numbers import format_number
from .phrases import phrase

FSI, PDI = "\u2068", "\u2069"
_OPENERS = "\u2066\u2067\u2068"
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"


@dataclass(frozen=True)
class Value:
    """What one placeholder stands for: a text, or a list of items (hashtags, mentions) that
    a platform's count limits and that fitting drops from the end; ``source`` is its JSON path
    in the project, for the fix a failed post names."""

    text: str = ""
    items: tuple[str, ...] = ()
    listed: bool = False
    source: str = ""


@dataclass(frozen=True)
class Subject:
    """One person or business an asset is about, with its index in the campaign's list."""

    index: int
    person: Person | None = None
    spotlight: Spotlight | None = None

    @property
    def where(self) -> str:
        return f"spotlights[{self.index}]" if self.spotlight else f"people[{self.index}]"


@dataclass(frozen=True)
class Context:
    """One asset's subjects in one language: ``one`` its single subject (None for a
    campaign-wide asset or one of several), ``many`` all of them in order."""

    campaign: Campaign
    lang: str
    rtl: bool
    template: str
    one: Subject | None
    many: tuple[Subject, ...] = field(default_factory=tuple)

    def show(self, text: str) -> str:
        """``text`` as it goes into this post: isolated when its direction is not the post's."""
        return isolated(text, self.rtl)

    def text(self, value: Multilingual | None, source: str) -> Value:
        raw = value.get(self.lang) if value is not None else ""
        return Value(self.show(raw), source=f"{source}.{self.lang}" if raw else source)

    @property
    def person(self) -> tuple[int, Person] | None:
        """The person behind the single subject: the subject itself, or a business's
        recommending person (for their group, country and city)."""
        if self.one is None:
            return None
        if self.one.person is not None:
            return self.one.index, self.one.person
        spot = self.one.spotlight
        people = self.campaign.people
        found = next((i for i, p in enumerate(people) if spot is not None and p.id == spot.person), None)
        return (found, people[found]) if found is not None else None


def direction(text: str) -> str | None:
    """``"rtl"``/``"ltr"`` by the first strong letter outside any isolate (P2), None with none."""
    depth = 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char == PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return None


def isolated(text: str, rtl: bool) -> str:
    """``text`` as an FSI ... PDI isolate when its first strong letter runs against a post of
    direction ``rtl``; as it is otherwise. Its own explicit controls are balanced first, so an
    unclosed one cannot leak past the isolate into the words after it."""
    if not text:
        return text
    own = direction(text)
    if own is None or (own == "rtl") == rtl:
        return text
    return FSI + _balanced(text) + PDI


def _balanced(text: str) -> str:
    """``text`` with a closer that closes nothing dropped and whatever stays open closed."""
    out: list[str] = []
    opened: list[str] = []
    for char in text:
        if char in _OPENERS or char in _EMBEDDINGS:
            opened.append(PDI if char in _OPENERS else "\u202c")
        elif char in (PDI, "\u202c"):
            if char not in opened:
                continue
            while opened.pop() != char:
                pass
        out.append(char)
    return "".join(out) + "".join(reversed(opened))


def context(
    campaign: Campaign, template: str, subject: str | None, subjects: tuple[str, ...], lang: str
) -> Context:
    """The subjects of an asset of ``template`` about ``subject`` (or ``subjects``) in ``lang``.
    A spotlight card may name its business by the recommending person's id, as the cards do."""
    many = tuple(s for s in (_lookup(campaign, ident, template) for ident in subjects) if s is not None)
    one = _lookup(campaign, subject, template) if subject is not None else None
    if one is None and len(many) == 1:
        one = many[0]
    if one is not None and not many:
        many = (one,)
    return Context(campaign, lang, is_rtl(lang), template, one, many)


def _lookup(campaign: Campaign, ident: str | None, template: str) -> Subject | None:
    people = {p.id: i for i, p in enumerate(campaign.people)}
    spots = {s.id: i for i, s in enumerate(campaign.spotlights)}
    if template == "spotlight":
        if ident in spots:
            return Subject(spots[ident], spotlight=campaign.spotlights[spots[ident]])
        by_person = next((i for i, s in enumerate(campaign.spotlights) if s.person == ident), None)
        if by_person is not None:
            return Subject(by_person, spotlight=campaign.spotlights[by_person])
    if ident in people:
        return Subject(people[ident], person=campaign.people[people[ident]])
    if ident in spots:
        return Subject(spots[ident], spotlight=campaign.spotlights[spots[ident]])
    return None


# --- the fillers -------------------------------------------------------------------------


def _name(ctx: Context) -> Value:
    if ctx.one is None:
        return Value()
    if ctx.one.spotlight is not None:
        return ctx.text(ctx.one.spotlight.name, f"{ctx.one.where}.name")
    return ctx.text(ctx.one.person.name if ctx.one.person else None, f"{ctx.one.where}.name")


def _person_text(attr: str, own_only: bool = False) -> Callable[[Context], Value]:
    """A filler of one of the person's texts (their group, country, city; their quote and
    story only when the asset is about the person, not their business: ``own_only``)."""

    def fill(ctx: Context) -> Value:
        found = ctx.person
        if found is None or (own_only and ctx.one is not None and ctx.one.spotlight is not None):
            return Value()
        index, person = found
        return ctx.text(getattr(person, attr), f"people[{index}].{attr}")

    return fill


def _count(ctx: Context) -> Value:
    """A person's members with their label; for a campaign-wide asset, the goal's progress."""
    if ctx.one is not None and ctx.one.person is not None:
        person = ctx.one.person
        style = ctx.campaign.brand.numerals_for(person.country)
        number = format_number(person.members, ctx.lang, style, person.country)
        label = person.members_label.get(ctx.lang)
        return Value(ctx.show(f"{number} {label}".strip()), source=f"{ctx.one.where}.members")
    goal = ctx.campaign.goal
    if ctx.one is None and goal is not None:
        style = ctx.campaign.brand.numerals
        current = format_number(goal.current, ctx.lang, style)
        target = format_number(goal.target, ctx.lang, style)
        unit = ctx.show(goal.unit.get(ctx.lang))
        return Value(
            ctx.show(phrase("goal_progress", ctx.lang, current=current, target=target, unit=unit)),
            source="goal.current",
        )
    return Value()


def _makes(ctx: Context) -> Value:
    spot = ctx.one.spotlight if ctx.one is not None else None
    return ctx.text(spot.makes, f"{ctx.one.where}.makes") if spot is not None and ctx.one else Value()


def _names(ctx: Context) -> Value:
    """Every subject's name in the language's list form ("Hala, Rania and Omar")."""
    names = []
    for subject in ctx.many:
        own = subject.spotlight.name if subject.spotlight else subject.person.name if subject.person else None
        if own is not None and own.get(ctx.lang):
            names.append(ctx.show(own.get(ctx.lang)))
    if not names:
        return Value()
    try:
        joined = format_list(names, locale=babel_locale(ctx.lang))
    except (ValueError, LookupError):
        joined = ", ".join(names)
    return Value(joined, source=f"{ctx.many[0].where}.name.{ctx.lang}")


def _mentions(ctx: Context) -> Value:
    """Every subject's @handles, in order, each once: a person's ``handles``, a business's
    ``mention``."""
    items: list[str] = []
    for subject in ctx.many:
        own = (
            [subject.spotlight.mention]
            if subject.spotlight
            else list(subject.person.handles if subject.person else [])
        )
        items += [h for h in own if h.casefold() not in {i.casefold() for i in items}]
    where = ctx.many[0].where if ctx.many else ""
    source = f"{where}.mention" if ctx.many and ctx.many[0].spotlight else f"{where}.handles"
    return Value(items=tuple(ctx.show(h) for h in items), listed=True, source=source)


def _hashtags(ctx: Context) -> Value:
    """The campaign's hashtags, then each featured business's own, each once (by case)."""
    tags = list(ctx.campaign.hashtags)
    for subject in ctx.many:
        if subject.spotlight is not None:
            tags.append(subject.spotlight.hashtag)
    seen: set[str] = set()
    items = []
    for tag in tags:
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            items.append(ctx.show(tag))
    return Value(items=tuple(items), listed=True, source="hashtags")


def _link(ctx: Context) -> Value:
    link = ctx.campaign.publishing.link or ""
    return Value(ctx.show(link), source="publishing.link")


def _recommended(ctx: Context) -> Value:
    """Who recommends a business, as its card prints it ("Recommended by I Make This!"), with
    their @handles: a #ادعم_المحلي post credits and tags the community that vouched for it."""
    spot = ctx.one.spotlight if ctx.one is not None else None
    found = ctx.person if spot is not None else None
    if spot is None or found is None:
        return Value()
    index, person = found
    group = person.group.get(ctx.lang) or person.name.get(ctx.lang)
    if not group:
        return Value()
    words = phrase("recommended_by", ctx.lang, group=ctx.show(group))
    handles = [ctx.show(h) for h in person.handles if h.casefold() != spot.mention.casefold()]
    return Value(" ".join([words, *handles]), source=f"people[{index}].group")


def _campaign_text(attr: str) -> Callable[[Context], Value]:
    def fill(ctx: Context) -> Value:
        return ctx.text(getattr(ctx.campaign, attr), attr)

    return fill


def _goal_text(attr: str) -> Callable[[Context], Value]:
    def fill(ctx: Context) -> Value:
        goal = ctx.campaign.goal
        return ctx.text(getattr(goal, attr), f"goal.{attr}") if goal is not None else Value()

    return fill


FILLERS: dict[str, tuple[Callable[[Context], Value], str]] = {
    "name": (_name, "the subject's name (a person's, a business's)"),
    "group": (_person_text("group"), "the person's group (a business: its recommending person's)"),
    "quote": (_person_text("quote", own_only=True), "the person's quote"),
    "story": (_person_text("story", own_only=True), "the person's story"),
    "count": (
        _count,
        "the person's members with their label, or the goal's progress, in the campaign's numerals",
    ),
    "country": (_person_text("country_name"), "the person's country, by name"),
    "city": (_person_text("city"), "the person's city"),
    "makes": (_makes, "what the business makes or sells"),
    "recommended": (
        _recommended,
        "who recommends the business, as its card says it ('Recommended by ...'), with their @handles",
    ),
    "names": (_names, "the names of every subject of a group card, carousel, reel or film"),
    "mention": (_mentions, "the subjects' @handles (a business's mention, a person's handles)"),
    "hashtags": (_hashtags, "the campaign's hashtags and each business's own"),
    "cta": (_campaign_text("call_to_action"), "the campaign's call to action"),
    "link": (_link, "publishing.link (on Instagram and TikTok: 'link in bio')"),
    "title": (_campaign_text("title"), "the campaign's title"),
    "tagline": (_campaign_text("tagline"), "the campaign's tagline"),
    "goal": (_goal_text("title"), "the goal's title"),
    "reward": (_goal_text("reward"), "what the goal unlocks"),
}
"""Placeholder name -> (its filler, what it holds)."""


def values(ctx: Context) -> dict[str, Value]:
    """Every placeholder's value in ``ctx``."""
    return {name: fill(ctx) for name, (fill, _) in FILLERS.items()}
