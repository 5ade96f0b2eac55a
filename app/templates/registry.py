"""The template registry: templates are found by name, never through if-chains.

A template is a small frozen parameter model plus one function that turns it into layers
(as editly's frame sources and MoviePy's effects); a card template's function says what the
card says, and a layout from :mod:`takatof.templates.cards.layouts` (a registry of its own)
places it. The parameter model knows how to bind
itself to a campaign (``from_subject``) and how to describe the result for screen readers
(``alt_text``); the registry records which kind of subject the template is made for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, Self, TypeVar, cast, runtime_checkable

from pydantic import BaseModel, ConfigDict

from ..model import Campaign, Multilingual, Person, Spotlight
from .layers import Canvas

Scope = Literal["person", "campaign", "spotlight", "group"]
Kind = Literal["card", "video"]


@dataclass(frozen=True)
class Subject:
    """What one output is about: the campaign itself, one person, or one spotlight business
    (or, for a template of scope "group", the campaign with the subjects it features).
    ``resolve`` turns a media path as written in the project into a file path; ``duration_of``
    measures audio and video files for templates that time things by them."""

    campaign: Campaign
    resolve: Callable[[str], Path]
    person: Person | None = None
    spotlight: Spotlight | None = None
    # Seconds of an audio or video file; given by the renderer (templates do no media I/O).
    duration_of: Callable[[Path], float] | None = None
    # The languages the output prints, first on top: one or two of the campaign's (by default
    # its first two: see Campaign.output_languages).
    languages: tuple[str, ...] = ()
    # For an output about several subjects: their ids in its order (a group card's people or
    # businesses, a reel's people), and the output entry of the project file that asked for
    # it (a ReelOutput with its segments, a CarouselOutput...), for what only it says.
    featured: tuple[str, ...] = ()
    output: Any = None

    @property
    def langs(self) -> tuple[str, ...]:
        """The output's languages (the campaign's first two where none were given)."""
        return self.languages or self.campaign.output_languages(None)

    @property
    def id(self) -> str:
        if self.person is not None:
            return self.person.id
        if self.spotlight is not None:
            return self.spotlight.id
        return self.campaign.id

    @property
    def person_id(self) -> str | None:
        """The person an output is about: the person, or the one a spotlight belongs to."""
        if self.person is not None:
            return self.person.id
        return self.spotlight.person if self.spotlight is not None else None

    @property
    def related_ids(self) -> set[str]:
        """Ids a ``--only`` filter matches: the person, or the spotlight and its person."""
        if self.person is not None:
            return {self.person.id}
        if self.spotlight is not None:
            return {self.spotlight.id} | ({self.spotlight.person} if self.spotlight.person else set())
        return set()


class Params(BaseModel):
    """Base of every template's parameters: frozen, so a plan can be cached by its content."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    scope: ClassVar[Scope] = "person"

    @classmethod
    def applies(cls, campaign: Campaign) -> bool:
        """Whether the campaign has what this template needs (a goal card needs a goal)."""
        return True

    @classmethod
    def from_subject(cls, subject: Subject) -> Self:  # pragma: no cover - each template has one
        raise NotImplementedError

    def alt_text(self) -> Multilingual:  # pragma: no cover - each template has one
        raise NotImplementedError


@runtime_checkable
class Placeable(Protocol):
    """What a card template builds: content that a layout, chosen by name, turns into layers."""

    def place(self, canvas: Canvas, layout: str | None = None) -> list[Any]: ...


@dataclass(frozen=True)
class Template:
    """A registered template. ``build`` returns layers for a card, a Timeline for a video."""

    id: str
    title: str
    params: type[Params]
    build: Callable[[Params, Canvas], Any]
    kind: Kind = "card"

    @property
    def scope(self) -> Scope:
        return self.params.scope

    def plan(self, subject: Subject, canvas: Canvas, layout: str | None = None) -> tuple[Params, Any]:
        """Parameters and what ``build`` makes of them: a card's layers, placed in ``layout``
        (the template's default when None: a card template builds
        :class:`~takatof.templates.cards.layouts.Content`, which any layout places), or a
        video's Timeline."""
        params = self.params.from_subject(subject)
        built = self.build(params, canvas)
        if isinstance(built, Placeable):
            return params, built.place(canvas, layout)
        return params, built


_REGISTRY: dict[str, Template] = {}


_P = TypeVar("_P", bound=Params)
_R = TypeVar("_R")


def register(
    template_id: str, params: type[_P], title: str, kind: Kind = "card"
) -> Callable[[Callable[[_P, Canvas], _R]], Callable[[_P, Canvas], _R]]:
    """Decorator: ``@register("quote", QuoteCard, "Quote card")`` on the build function. The
    build function's first argument must be the ``params`` model it is registered with."""

    def wrap(build: Callable[[_P, Canvas], _R]) -> Callable[[_P, Canvas], _R]:
        if template_id in _REGISTRY:
            raise ValueError(f"template {template_id!r} is registered twice")
        # The registry forgets the pairing of params model and build function; Template.plan
        # restores it at run time (it only ever passes ``params.from_subject(...)`` to build).
        erased = cast(Callable[[Params, Canvas], Any], build)
        _REGISTRY[template_id] = Template(template_id, title, params, erased, kind)
        return build

    return wrap


def _load_builtin() -> None:
    # Importing the modules registers them; done lazily so importing the registry is cheap.
    from . import cards, film, reel, story  # noqa: F401


def get(template_id: str) -> Template:
    _load_builtin()
    return _REGISTRY[template_id]


def names(kind: Kind | None = None) -> list[str]:
    _load_builtin()
    return sorted(name for name, t in _REGISTRY.items() if kind is None or t.kind == kind)


def all_templates(kind: Kind | None = None) -> Iterator[Template]:
    yield from (_REGISTRY[name] for name in names(kind))


def subjects(campaign: Campaign, scope: Scope, resolve: Callable[[str], Path]) -> list[Subject]:
    """Every subject a template of this scope renders for."""
    if scope == "person":
        return [Subject(campaign, resolve, person=p) for p in campaign.people]
    if scope == "spotlight":
        return [Subject(campaign, resolve, spotlight=s) for s in campaign.spotlights]
    # "campaign" and "group": one output for the campaign (a group card's output names whom
    # it features: Subject.featured, set by the job).
    return [Subject(campaign, resolve)]
