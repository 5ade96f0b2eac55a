"""Jobs: one output to make, of any kind, and the one function that makes its product.

A :class:`Job` names an output the same way for every kind (card, video; later reel, carousel
slide, animated card, film, post): its kind, template, preset and subject. What differs by kind
— its manifest identities, where its files go, its key, how it is made and what its failure
looks like — is a :class:`JobKind`, found by name in a small registry as templates are. A new
output kind is a template plus a job kind (a module listed in ``_KIND_MODULES``); the executors,
the writer, the manifest and the skipping of unchanged outputs do not change.

:func:`make_product` is the only place a bug in making an output becomes a failed entry (any
``Exception``), so the policy is the same in this process, in a pool worker and on a cluster;
a cancel (:class:`~takatof.render.video.runner.Cancelled`, ``KeyboardInterrupt``) passes through.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .video.runner import Cancelled, Progress

if TYPE_CHECKING:
    from ..model import Project
    from .cancel import CancelToken
    from .manifest import Identity, OutputEntry
    from .video.graph import Encoding

OnProgress = Callable[["Job", Progress], None]
_T = TypeVar("_T")


@dataclass(frozen=True, eq=False)
class Job:
    """One output to make. ``subject`` is a person or spotlight id, or None for a campaign-wide
    output; ``languages`` the languages it prints, first on top (empty: the campaign's first
    two), and ``named`` whether its output chose them, so that its file names and manifest
    identities carry them (a default output's names stay as they were before languages could
    be chosen). Two jobs are equal when their fields are, whatever subclass built them
    (``CardJob``/``VideoJob`` are constructors kept for the card and video code)."""

    kind: str
    template: str
    preset: str
    subject: str | None
    languages: tuple[str, ...] = ()
    named: bool = False
    layout: str = ""  # the layout its output chose (a card's); empty: the default
    # The output's own id, for a kind a project may list several of (a reel's, a carousel's,
    # a film's ``id``); empty for cards and story videos, which their template names.
    variant: str = ""
    # The subjects an output about several features, in its order (a group card's people or
    # businesses, a carousel's slides, a reel's people); empty for a one-subject output.
    subjects: tuple[str, ...] = ()

    def _fields(self) -> tuple[str, str, str, str | None, tuple[str, ...], bool, str, str, tuple[str, ...]]:
        return (
            self.kind, self.template, self.preset, self.subject, self.languages, self.named, self.layout,
            self.variant, self.subjects,
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Job) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    @property
    def person(self) -> str:
        """The subject as a person id (a video's person)."""
        return self.subject or ""

    @property
    def stem(self) -> str:
        """Its file name without suffix: ``quote-instagram-post``, and for an output that chose
        its layout or its languages, those too (``quote-instagram-post-split-ur-en``): two
        outputs of one template and preset in different layouts or languages never share a
        file. An output with its own id starts with it (``launch-instagram-story``)."""
        layout = (self.layout,) if self.layout else ()
        first = self.variant or self.template
        return "-".join((first, self.preset, *layout, *(self.languages if self.named else ())))

    @property
    def entry_fields(self) -> dict[str, Any]:
        """The fields of every manifest entry of this job that say which output it is: its
        template, its own id, its preset and the languages its output chose. Written here
        once, so that an entry's identity is its job's whatever kind made it."""
        return {
            "template": self.template,
            "id": self.variant or None,
            "preset": self.preset,
            "languages": list(self.languages) if self.named else None,
        }

    @property
    def chosen(self) -> tuple[str, ...]:
        """What its identities add for the layout and the languages its output chose
        (nothing by default)."""
        variant = ("id", self.variant) if self.variant else ()
        layout = ("layout", self.layout) if self.layout else ()
        return (*variant, *layout, *(("languages", *self.languages) if self.named else ()))

    def languages_of(self, project: Project) -> tuple[str, ...]:
        """The languages it prints: its own, else the campaign's first two."""
        return self.languages or project.campaign.output_languages(None)

    def folder(self, campaign_id: str) -> str:
        """The subject's folder name (the campaign's for a campaign-wide output)."""
        return self.subject or campaign_id

    @property
    def spec(self) -> JobKind:
        return kind_of(self.kind)

    def identities(self, campaign_id: str) -> tuple[Identity, ...]:
        """The manifest identities of every file this job makes (a video's, then its captions')."""
        return self.spec.identities(self, campaign_id)

    def paths(self, campaign_id: str) -> tuple[str, ...]:
        """Its files' paths relative to the output folder (a card's image as a PNG: one over
        its platform's size limit becomes a JPEG of the same name)."""
        return self.spec.paths(self, campaign_id)

    def key(self, project: Project, encoding: Encoding | None) -> str:
        """The hash of everything that determines its bytes (see takatof.render.keys)."""
        return self.spec.key(project, self, encoding)


@dataclass(frozen=True)
class Product:
    """What making a job gives: its manifest entries (the output first, then its sidecars),
    and its files — bytes, or for a large file a finished temporary file beside its target
    (so a video of hundreds of MB is never held in memory). Only the writer
    (:func:`takatof.render.writer.commit`) puts them into the output folder."""

    entries: tuple[OutputEntry, ...]
    files: tuple[tuple[str, bytes | Path], ...] = ()  # (path relative to the output folder, content)

    def discard(self) -> None:
        """Remove its temporary files (a product that will not be written)."""
        for _, content in self.files:
            if isinstance(content, Path):
                content.unlink(missing_ok=True)

    def as_bytes(self) -> Product:
        """The same product with every file read into bytes (and its temporary files removed):
        what a cluster worker returns."""
        files = tuple((rel, c.read_bytes() if isinstance(c, Path) else c) for rel, c in self.files)
        self.discard()
        return Product(self.entries, files)


@dataclass(frozen=True)
class Workspace:
    """Where making a job may write: ``out_dir`` for finished temporary files beside their
    targets (the output folder here; a scratch folder on a cluster worker), ``cache`` for drawn
    assets; and the video encoding (None when no video is made)."""

    out_dir: Path
    cache: Path
    encoding: Encoding | None = None


@dataclass(frozen=True)
class Run:
    """What every job of one render shares, on whichever road it is made: the project, where
    to write, who hears of progress (``progress(job, p)``, for the long jobs) and the cancel."""

    project: Project
    place: Workspace
    progress: OnProgress | None = None
    cancel: CancelToken | None = None

    def reporter(self, job: Job) -> Callable[[Progress], None] | None:
        """``job``'s progress callback (what ffmpeg's reader calls)."""
        return functools.partial(self.progress, job) if self.progress is not None else None

    @property
    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.cancelled


class JobKind(Protocol):
    """What makes one kind of output different from the others."""

    name: str
    parallel: bool  # several made at once on one machine (a process pool) pay off
    encodes: bool  # makes videos: the render needs an Encoding (the encoder chosen once)

    def jobs(self, project: Project, only: set[str] | None, presets: set[str] | None) -> list[Job]:
        """Every job of this kind the project asks for, filtered by subject and preset ids."""
        ...

    def identities(self, job: Job, campaign_id: str) -> tuple[Identity, ...]: ...

    def paths(self, job: Job, campaign_id: str) -> tuple[str, ...]: ...

    def key(self, project: Project, job: Job, encoding: Encoding | None) -> str: ...

    def make(self, run: Run, job: Job) -> Product:
        """Make the product; a failure it expects (bad media, ffmpeg's error) is a failed
        product, anything else may raise (make_product turns it into one)."""
        ...

    def failed(self, project: Project, job: Job, error: str) -> tuple[OutputEntry, ...]:
        """The entries of a job that could not be made."""
        ...

    def sequence(self, run: Run, jobs: Sequence[Job]) -> Iterator[tuple[Job, Product]]:
        """Make ``jobs`` one after another in this process (a video kind prepares the next
        while the current one encodes); stops early, or raises Cancelled, when cancelled."""
        ...


_KINDS: dict[str, JobKind] = {}
# The modules that define the job kinds, in the order a render makes them: importing one
# registers its kind. A new output kind is a module here (and its templates). Relative to this
# package, so the list does not depend on the name the package is installed under.
_KIND_MODULES = (".cards", ".carousels", ".video.render", ".video.reel", ".video.film", ".animated")


def register(kind: JobKind) -> JobKind:
    if _KINDS.get(kind.name, kind) is not kind:
        raise ValueError(f"job kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def _load() -> None:
    for module in _KIND_MODULES:
        importlib.import_module(module, __package__)


def kind_of(name: str) -> JobKind:
    if name not in _KINDS:
        _load()
    return _KINDS[name]


def kinds() -> list[JobKind]:
    """Every job kind, in the order a render makes them: the order of ``_KIND_MODULES`` (cards,
    then videos); a kind registered from elsewhere (a test's) after them."""
    _load()
    listed = {f"{__package__}{module}": i for i, module in enumerate(_KIND_MODULES)}
    return sorted(_KINDS.values(), key=lambda kind: listed.get(type(kind).__module__, len(listed)))


def all_jobs(
    project: Project,
    only: set[str] | None = None,
    presets: set[str] | None = None,
    kinds_wanted: set[str] | None = None,
) -> list[Job]:
    """Every job the project asks for (cards, then videos), filtered."""
    return [
        job
        for kind in kinds()
        if kinds_wanted is None or kind.name in kinds_wanted
        for job in kind.jobs(project, only, presets)
    ]


def describe(job: Job) -> str:
    """The output as a failure message names it: "Quote card for hala"."""
    try:
        from ..templates import registry

        title = registry.get(job.template).title
    except KeyError:
        title = job.template
    return f"{title} for {job.subject or 'the campaign'}"


def guarded(project: Project, job: Job, step: Callable[[], _T]) -> _T | Product:
    """Run ``step``; a bug in it (any Exception but a cancel) is the job's failed entry naming
    the output. The one place this policy lives: every road makes products through it."""
    try:
        return step()
    except Cancelled:
        raise
    except Exception as exc:  # one bad output must not stop the batch
        return Product(job.spec.failed(project, job, f"{describe(job)} failed: {exc}"))


def make_product(run: Run, job: Job) -> Product:
    """Make one job's product: entries and files, never an exception but a cancel."""
    return guarded(run.project, job, lambda: job.spec.make(run, job))
