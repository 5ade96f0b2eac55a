"""Templates with a deliberate bug (a card and a story video), for the tests that check a bug
in a template is a failed entry on every road. Nothing is registered on import: the tests add
them for as long as they run (:func:`templates`), and a Dask worker with :func:`install`."""

from __future__ import annotations

from typing import Any, NoReturn, Self

from takatof.model import Multilingual
from takatof.templates import registry
from takatof.templates.layers import Canvas
from takatof.templates.registry import Params, Subject, Template

BUG = "deliberate bug"


class Broken(Params):
    """A person's template whose build always raises."""

    person: str

    @classmethod
    def from_subject(cls, subject: Subject) -> Self:
        return cls(person=subject.id)

    def alt_text(self) -> Multilingual:
        return Multilingual(ar="", en="")


def _build(params: Params, canvas: Canvas) -> NoReturn:
    raise RuntimeError(f"{BUG} for {getattr(params, 'person', '?')}")


def templates() -> dict[str, Template]:
    return {
        "broken-card": Template("broken-card", "Broken card", Broken, _build, "card"),
        "broken-story": Template("broken-story", "Broken story", Broken, _build, "video"),
    }


def install(*_: Any) -> None:
    """Register them in this process (a Dask worker: ``client.run(install)``)."""
    registry.names()  # the built-in templates first
    registry._REGISTRY.update(templates())
