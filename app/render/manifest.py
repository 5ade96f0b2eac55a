"""``OUT/manifest.json``: what the output folder holds, entry by entry.

Every entry is one of three pydantic models (:class:`CardEntry`, :class:`VideoEntry`,
:class:`CaptionsEntry`, told apart by ``kind``), so the renderers, the merge, the README's
examples and ``takatof schema --manifest`` all describe the same thing: the manifest is
serialised in one place (:func:`write_manifest`) and read back in one (:func:`read_manifest`).

A render may cover only part of a campaign (``--only``, ``--presets``, ``--targets``, a cancel),
so the manifest is *merged*, never overwritten: each entry is identified by the output it
describes (kind, template, subject, preset, and language and format for caption files); this
run's entries replace the earlier entries of the same outputs and every other entry is kept
(``"status": "kept"``). What the merge guarantees, so the manifest always describes the folder:

- an entry with a ``path`` names a file that is on disk (entries whose file was deleted are
  dropped);
- a failed output has no file: the earlier file of that output (and, for a video, its caption
  files) is removed, since it no longer matches the project that just failed to render it;
- an output made in this run is exactly what it made: an earlier part of it that it no
  longer has (slide 6 of a carousel now of 4 slides) is removed with its files, so a folder
  uploaded whole never posts a stale part;
- an output the project no longer asks for (a person or preset removed) keeps its file and is
  marked ``"stale"`` with the reason, so nothing unlisted or unexplained stays in the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    ValidationError,
    model_serializer,
    model_validator,
)

from ..model.languages import LanguageCode
from .files import write_atomic

Identity = tuple[str, ...]
Status = Literal["rendered", "unchanged", "failed", "kept"]

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION: Literal[1] = 1
NOT_IN_PROJECT = "no longer in the project (its person, spotlight, template or preset was removed)"

# The order keys are written in: what the output is first, then its file, then what went wrong.
_KEY_ORDER = (
    "kind", "status", "template", "id", "subject", "person", "preset", "languages", "lang", "format", "video",
    "path", "width", "height", "bytes", "duration_s", "encoder", "alt", "alt_path", "alt_paths", "key", "error",
    "stale",
)  # fmt: skip


class _Strict(BaseModel):
    """Unknown keys are refused, so a misspelt field (in code, in the README, in a hand-edited
    manifest) is a validation error rather than a silently different manifest."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Lang = LanguageCode
"""A language code of the campaign (BCP-47, as the project writes it): a manifest edited by
hand or written by another version names its languages the way a project may, or is refused."""


class LeftOut(_Strict):
    """A part of the alt text that a per-language file left out to keep within the ~125
    characters platforms advise (the hashtags, a clause, the end of a long quote)."""

    part: str = Field(description="what it is: hashtags, group, quote, ...")
    text: str = Field(description="the words left out")


class AltText(BaseModel):
    """The card's alternative text in each of its languages, keyed by code as the project's
    texts are (``{"ar": ..., "en": ...}``), whole (also written to ``alt_path``), and what each
    language's ready-to-paste file (``alt_paths``) left out to stay short."""

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, str]

    def get(self, lang: str) -> str:
        return (self.__pydantic_extra__ or {}).get(lang, "")

    left_out: dict[Lang, list[LeftOut]] | None = Field(
        None,
        description="per language, the parts its alt_paths file leaves out (absent when none)",
    )

    @model_serializer(mode="wrap")
    def _languages_first(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """The texts first, in the card's language order, then ``left_out``: a manifest reads
        as it did when the texts were the fields ``ar`` and ``en``."""
        data: dict[str, Any] = handler(self)
        return {key: data[key] for key in sorted(data, key=lambda k: k == "left_out")}


class EncoderUsed(_Strict):
    """The encoder settings the video was made with (``auto`` resolved to the codec used)."""

    codec: str = Field(description="libx264 or h264_nvenc")
    preset: str
    crf: int
    max_kbps: int | None = Field(
        None, description="the peak video bitrate that keeps the file within the platform's limit"
    )


def _entry_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """What the Python validator enforces, said in the JSON Schema too: ``kind`` and
    ``status`` are always written, and an entry has either a file (``path`` and the fields
    of its kind) or an ``error`` and none of them."""
    payload = ["path", *getattr(model, "PAYLOAD", ())]
    absent = list(dict.fromkeys([*payload, *getattr(model, "FILES", ())]))  # a failed entry names no file
    schema["required"] = list(dict.fromkeys(["kind", "status", *schema.get("required", [])]))
    schema["oneOf"] = [
        {"required": payload, "not": {"required": ["error"]}},
        {"required": ["error"], "not": {"anyOf": [{"required": [name]} for name in absent]}},
    ]


class _Entry(_Strict):
    """The fields every entry has; see the kinds below."""

    model_config = ConfigDict(json_schema_extra=_entry_schema)

    # Fields a written output has besides ``path``, and a failed one must not have.
    PAYLOAD: ClassVar[tuple[str, ...]] = ()
    # The fields that name its files, relative to the manifest's folder (``path`` first).
    FILES: ClassVar[tuple[str, ...]] = ("path",)

    kind: str
    status: Status = Field(
        description="rendered or failed: by the render that wrote this manifest; unchanged: "
        "its key and file matched, so it was not rendered again; kept: carried over from an "
        "earlier render"
    )
    template: str
    id: str | None = Field(
        None,
        description="the output's own id, for the kinds a project lists several of (a reel's, a "
        "carousel's, a film's, a second group card's); absent for the other cards and story videos",
    )
    preset: str
    languages: list[Lang] | None = Field(
        None, description="the languages its output chose, first on top (absent: the campaign's first two)"
    )
    path: str | None = Field(None, description="the file, relative to the manifest's folder")
    error: str | None = Field(None, description="why there is no file")
    stale: str | None = Field(None, description="set when the project no longer asks for this output")
    key: str | None = Field(
        None,
        description="hash of everything that determines the output's bytes (code, fonts, template, "
        "preset, the data it reads, its media contents, encoder settings); equal keys, equal bytes",
    )

    @model_validator(mode="after")
    def _path_or_error(self) -> Self:
        if (self.path is None) == (self.error is None):
            raise ValueError("an entry has either a path or an error")
        present = [name for name in self.PAYLOAD if getattr(self, name) is not None]
        if self.path is not None and len(present) < len(self.PAYLOAD):
            missing = ", ".join(n for n in self.PAYLOAD if n not in present)
            raise ValueError(f"a written {self.kind} entry needs {missing}")
        if self.error is not None and present:
            raise ValueError(f"an entry with an error has no {', '.join(present)}")
        if self.error is not None and (files := [n for n in self.FILES if getattr(self, n) is not None]):
            raise ValueError(f"an entry with an error has no {', '.join(files)}")
        if (self.status, self.error is None) in (("rendered", False), ("unchanged", False), ("failed", True)):
            raise ValueError(f"a {self.status} entry cannot have {'an error' if self.error else 'a path'}")
        return self

    @model_serializer(mode="wrap")
    def _ordered(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Keys in one readable order, whichever class declared them."""
        data: dict[str, Any] = handler(self)
        last = len(_KEY_ORDER)  # a field added later goes at the end until it is placed
        return {
            key: data[key]
            for key in sorted(data, key=lambda k: _KEY_ORDER.index(k) if k in _KEY_ORDER else last)
        }

    @property
    def identity(self) -> Identity:
        """Which output this entry describes, whatever happened to it (written, failed)."""
        raise NotImplementedError

    @property
    def files(self) -> tuple[str, ...]:
        """Its files (relative to the manifest's folder), as its kind declares them in FILES:
        a field holding one path, or a mapping of them (a card's alt text per language)."""
        found: list[str] = []
        for name in self.FILES:
            value = getattr(self, name, None)
            values = value.values() if isinstance(value, dict) else (value,)
            found.extend(rel for rel in values if isinstance(rel, str))
        return tuple(found)

    @property
    def part_of(self) -> Identity | None:
        """The output this entry is a sidecar of (a video's captions), or None: it goes with
        it, and is not counted as an output of its own."""
        return None

    @property
    def chosen(self) -> tuple[str, ...]:
        """What its identity adds for its own id, its layout (a card's) and the languages its
        output chose (nothing by default), in the order of ``Job.chosen``."""
        own = ("id", self.id) if self.id else ()
        layout = getattr(self, "layout", None)
        return (
            *own,
            *(("layout", layout) if layout else ()),
            *(("languages", *self.languages) if self.languages else ()),
        )

    def failed(self, error: str) -> Self:
        """This output, failed with ``error``: what it is stays, its file's fields go."""
        dropped = dict.fromkeys(("path", "stale", *self.PAYLOAD, *self.FILES))
        return self.model_copy(update={**dropped, "status": "failed", "error": error})

    def unchanged(self) -> Self:
        """This entry as a render that found its key and file unchanged reports it."""
        return self.model_copy(update={"status": "unchanged", "stale": None})

    def keyed(self, key: str) -> Self:
        return self.model_copy(update={"key": key})

    def kept(self, stale: str | None) -> Self:
        """This entry carried over from an earlier render, stale or not."""
        return self.model_copy(update={"status": "kept", "stale": stale})

    def to_json(self) -> dict[str, Any]:
        """The entry as ``manifest.json`` holds it (unset fields left out)."""
        data: dict[str, Any] = self.model_dump(mode="json", exclude_none=True)
        return data


class CardEntry(_Entry):
    """A card image and its alt-text files: both languages in one, and one per language."""

    PAYLOAD = ("width", "height", "bytes", "alt", "alt_path")
    FILES = ("path", "alt_path", "alt_paths")

    kind: Literal["card"] = "card"
    subject: str = Field(description="the person's or spotlight's id, or the campaign's for a campaign card")
    person: str | None = Field(None, description="the person the card is about (a spotlight's owner)")
    width: int | None = None
    height: int | None = None
    bytes: int | None = Field(None, description="the file's size")
    alt: AltText | None = None
    alt_path: str | None = Field(None, description="the alt text as a text file, relative like path")
    alt_paths: dict[Lang, str] | None = Field(
        None,
        description="the alt text ready to paste, one file per language, within ~125 characters "
        "where it can be (see alt.left_out); relative like path",
    )
    layout: str | None = Field(None, description="the layout its output chose (absent: the default)")
    texts_left_out: list[str] | None = Field(
        None,
        description="the JSON paths of texts the layout left out so that the rest reads at the "
        "size the card is seen (a hashtag line, the second language's details); absent: none",
    )

    def failed(self, error: str) -> Self:
        return super().failed(error).model_copy(update={"texts_left_out": None})

    @property
    def identity(self) -> Identity:
        return ("card", self.template, self.subject, self.preset, *self.chosen)


class VideoEntry(_Entry):
    """A video in one shape: a person's story or film, or the campaign's reel or film (its ``person``
    is then the campaign's id: the folder it is in)."""

    PAYLOAD = ("width", "height", "bytes", "duration_s", "encoder")

    kind: Literal["video"] = "video"
    person: str
    width: int | None = None
    height: int | None = None
    bytes: int | None = Field(None, description="the file's size")
    duration_s: float | None = None
    encoder: EncoderUsed | None = None

    @property
    def identity(self) -> Identity:
        return ("video", self.template, self.person, self.preset, *self.chosen)


class CaptionsEntry(_Entry):
    """One caption file of a video: a language in a format."""

    kind: Literal["captions"] = "captions"
    person: str
    lang: Lang
    format: Literal["srt", "vtt"]
    video: str = Field(description="the path of the video these captions belong to")

    @property
    def identity(self) -> Identity:
        return ("captions", self.template, self.person, self.preset, self.lang, self.format, *self.chosen)

    @property
    def part_of(self) -> Identity:
        return ("video", self.template, self.person, self.preset, *self.chosen)


class CarouselEntry(_Entry):
    """A carousel at one preset: ``path`` holds every slide's alt text in order (ready to paste
    slide by slide), ``pdf`` all the slides as one PDF where its output asked for one
    (LinkedIn's document carousel). Its slides are entries of their own, part of it."""

    PAYLOAD = ("slides", "width", "height")
    FILES = ("path", "pdf")

    kind: Literal["carousel"] = "carousel"
    subject: str = Field(description="the campaign's id: a carousel is about the campaign")
    layout: str | None = Field(
        None, description="the layout its output chose for its slides (absent: the default)"
    )
    subjects: list[str] | None = Field(None, description="the people or businesses of its slides, in order")
    slides: int | None = Field(None, description="how many slides: a cover, one per subject, a closing")
    width: int | None = None
    height: int | None = None
    pdf: str | None = Field(None, description="every slide as one PDF, relative like path")

    @property
    def identity(self) -> Identity:
        return ("carousel", self.template, self.subject, self.preset, *self.chosen)


class SlideEntry(_Entry):
    """One slide of a carousel (numbered from 1 in its file name) and its alt-text files."""

    PAYLOAD = ("width", "height", "bytes", "alt", "alt_path")
    FILES = ("path", "alt_path", "alt_paths")

    kind: Literal["slide"] = "slide"
    subject: str = Field(description="the campaign's id, as its carousel's")
    slide: int = Field(ge=1, description="its place in the carousel, from 1")
    featured: str | None = Field(None, description="the person or business it shows (absent: cover, closing)")
    layout: str | None = Field(None, description="the layout its output chose (absent: the default)")
    width: int | None = None
    height: int | None = None
    bytes: int | None = Field(None, description="the file's size")
    alt: AltText | None = None
    alt_path: str | None = Field(None, description="the alt text as a text file, relative like path")
    alt_paths: dict[Lang, str] | None = Field(
        None, description="the alt text per language, relative like path"
    )

    @property
    def identity(self) -> Identity:
        return ("slide", self.template, self.subject, self.preset, str(self.slide), *self.chosen)

    @property
    def part_of(self) -> Identity:
        return ("carousel", self.template, self.subject, self.preset, *self.chosen)


class AnimatedEntry(_Entry):
    """A card template as a short looping video (an MP4), and the GIF or animated WebP made
    with it where its output asked for them (``variants``, by format)."""

    PAYLOAD = ("width", "height", "bytes", "duration_s", "encoder")
    FILES = ("path", "variants")

    kind: Literal["animated"] = "animated"
    subject: str = Field(description="the person's or spotlight's id, or the campaign's for a campaign card")
    person: str | None = Field(None, description="the person the card is about (a spotlight's owner)")
    layout: str | None = Field(None, description="the layout its output chose (absent: the default)")
    width: int | None = None
    height: int | None = None
    bytes: int | None = Field(None, description="the size of the file at path")
    duration_s: float | None = None
    encoder: EncoderUsed | None = None
    variants: dict[Literal["mp4", "gif", "webp"], str] | None = Field(
        None, description="the other formats made, by format (a GIF, an animated WebP); relative like path"
    )

    @property
    def identity(self) -> Identity:
        return ("animated", self.template, self.subject, self.preset, *self.chosen)


OutputEntry = Annotated[
    CardEntry | VideoEntry | CaptionsEntry | CarouselEntry | SlideEntry | AnimatedEntry,
    Field(discriminator="kind"),
]
_ENTRY: TypeAdapter[OutputEntry] = TypeAdapter(OutputEntry)


def _manifest_schema(schema: dict[str, Any]) -> None:
    """Both keys are always written (``version`` is optional only to read older manifests)."""
    schema["required"] = ["version", "outputs"]


class PostRecord(_Strict):
    """One post of the publishing kit: an asset on one platform in one language, its copy
    fitted to the platform's rules, and when it goes out. The same record in ``posts.json``
    and in the manifest's ``posts``."""

    id: str = Field(description="<asset id>/<platform>/<language>")
    asset: str = Field(description="the asset's id: its folder and file stem (hala/quote-instagram-post)")
    kind: str = Field(description="the asset's output kind: card, video, reel, carousel, animated, film")
    template: str
    preset: str
    subject: str | None = Field(
        None, description="the person or spotlight it is about (absent: the campaign)"
    )
    subjects: list[str] | None = Field(None, description="the subjects of a group card, carousel or reel")
    platform: str
    lang: Lang
    media: list[str] = Field(description="its files, relative to the manifest's folder (a carousel's slides)")
    text: str = Field(description="the caption, ready to paste (empty when it failed)")
    hashtags: list[str]
    mentions: list[str]
    link: str | None = None
    alt: str | None = Field(None, description="the asset's alt text in this language")
    first_comment: str | None = None
    length: int = Field(description="the text's length as the platform counts it")
    limit: int = Field(description="the platform's limit, counted the same way")
    shortened: list[str] | None = Field(None, description="what was shortened or dropped to fit")
    copy_from: str = Field(
        description="where its copy came from: a project template's JSON path, or a default"
    )
    error: str | None = Field(
        None, description="why it cannot be posted: the path, the platform, the count, the limit"
    )
    scheduled: dt.datetime | None = Field(None, description="when it goes out, in UTC")
    local: dt.datetime | None = Field(None, description="the same instant in its audience's time zone")
    timezone: str | None = None
    audience: str | None = None
    account: str | None = None
    unscheduled: str | None = Field(
        None,
        description="why a plan gave it no time (audience and account then say where it was meant to go)",
    )
    left_out: list[str] | None = Field(
        None,
        description="the kit's upload files this post is not in, each with why (a video is in no Buffer "
        "CSV): post it from posts.json",
    )


class Manifest(_Strict):
    """Every output in the folder, with its file or the error that stopped it; and the posts
    of the publishing kit written with them."""

    model_config = ConfigDict(json_schema_extra=_manifest_schema)

    version: Literal[1] = Field(MANIFEST_VERSION, description="the manifest format's version")
    outputs: list[OutputEntry] = Field(default_factory=list)
    kit: list[str] | None = Field(
        None, description="the publishing kit's files (posts.json, the schedulers' CSVs, schedule.ics)"
    )
    posts: list[PostRecord] | None = Field(None, description="every post of the kit (as in posts.json)")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = self.model_dump(mode="json", exclude_none=True)
        return data


def manifest_schema() -> dict[str, Any]:
    """The JSON Schema of ``manifest.json`` (``takatof schema --manifest``)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Manifest.model_json_schema()}


def parse_entry(data: object) -> OutputEntry:
    """One entry from its JSON form; raises ``pydantic.ValidationError`` when it is not one."""
    return _ENTRY.validate_python(data)


def read_manifest(out_dir: Path) -> Manifest:
    """The existing manifest; an empty one when there is none or it cannot be read. Entries
    that do not validate (written by hand, or by a version that wrote something else) are
    dropped: the merge rebuilds them from this run, and reading must never stop a render."""
    try:
        data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return Manifest()
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(outputs, list):
        return Manifest()
    entries: list[OutputEntry] = []
    for item in outputs:
        if isinstance(item, dict) and "status" not in item:  # written before entries had one
            item = {**item, "status": "failed" if "error" in item else "rendered"}
        with contextlib.suppress(ValidationError):
            entries.append(parse_entry(item))
    return Manifest(outputs=entries, kit=_kit_files(data.get("kit")), posts=_posts(data.get("posts")))


def _kit_files(data: object) -> list[str] | None:
    """The earlier kit's files, when they are a list of names (else none: the next kit says)."""
    if isinstance(data, list) and all(isinstance(name, str) for name in data):
        return list(data)
    return None


def _posts(data: object) -> list[PostRecord] | None:
    """The earlier kit's posts that still read (a hand-edited one is dropped, as entries are)."""
    if not isinstance(data, list):
        return None
    posts: list[PostRecord] = []
    for item in data:
        with contextlib.suppress(ValidationError):
            posts.append(PostRecord.model_validate(item))
    return posts


def merge(
    out_dir: Path,
    earlier: Iterable[OutputEntry],
    entries: Iterable[OutputEntry],
    wanted: Collection[Identity],
) -> list[OutputEntry]:
    """The manifest after this run: ``earlier`` entries updated by this run's ``entries``.
    ``wanted`` is the identity of every output the project asks for (unfiltered). Removes the
    files of outputs that failed in this run (see the module docstring)."""
    fresh = {e.identity: e for e in entries}
    failed = {e.identity for e in fresh.values() if e.error is not None}
    made = {key for key, e in fresh.items() if e.error is None and e.part_of is None}
    merged: list[OutputEntry] = []
    for old in earlier:
        key = old.identity
        if key not in fresh and old.part_of is not None and old.part_of in made:
            _remove_file(out_dir, old)  # no longer part of its output (a carousel's slide 6 of 4)
            continue
        if key in fresh:
            new = fresh.pop(key)
            if new.error is not None:
                _remove_file(out_dir, old)
            else:  # a file the output no longer uses (a PNG that became a JPEG over the limit)
                _remove_moved(out_dir, old, new)
            merged.append(new)
            continue
        if old.part_of is not None and old.part_of in failed:
            _remove_file(out_dir, old)  # the sidecars (captions) of an output that failed this time
            continue
        if old.path is not None and not _on_disk(out_dir, old.path):
            _remove_file(out_dir, old)  # deleted by hand: the disk is the truth (sidecars go too)
            continue
        merged.append(old.kept(None if key in wanted else NOT_IN_PROJECT))
    merged.extend(fresh.values())
    return [_still_there(out_dir, entry) for entry in merged]


def _remove_moved(out_dir: Path, old: OutputEntry, new: OutputEntry) -> None:
    for before in set(old.files) - set(new.files):
        if _inside(out_dir, before):
            with contextlib.suppress(OSError):
                (out_dir / before).unlink(missing_ok=True)


def _still_there(out_dir: Path, entry: OutputEntry) -> OutputEntry:
    """An entry whose file is no longer on disk (the folder was emptied while the render ran)
    becomes an error: the manifest never lists a file that is not there."""
    if entry.path is None or _on_disk(out_dir, entry.path):
        return entry
    _remove_file(out_dir, entry)
    return entry.failed(f"{entry.path} was removed while the render ran; render again")


KitWriter = Callable[[list["OutputEntry"]], tuple[list[str], list[PostRecord]]]


def update_manifest(
    out_dir: Path,
    entries: Iterable[OutputEntry],
    wanted: Collection[Identity],
    kit: KitWriter | None = None,
) -> Path:
    """Merge this run's ``entries`` into ``OUT/manifest.json`` and write it atomically. ``kit``
    writes the publishing kit for the merged outputs (what the folder now holds) and gives its
    files and posts; without it the earlier manifest's kit is kept as it was."""
    earlier = read_manifest(out_dir)
    merged = merge(out_dir, earlier.outputs, entries, wanted)
    files, posts = kit(merged) if kit is not None else (earlier.kit, earlier.posts)
    return write_manifest(out_dir, merged, files, posts)


def write_manifest(
    out_dir: Path,
    entries: list[OutputEntry],
    kit: list[str] | None = None,
    posts: list[PostRecord] | None = None,
) -> Path:
    """``DIR/manifest.json``: every output with its path relative to DIR, or its error, and
    the publishing kit. The one place a manifest is serialised."""
    path = out_dir / MANIFEST_NAME
    manifest = Manifest(outputs=entries, kit=kit or None, posts=posts if kit else None)
    text = json.dumps(manifest.to_json(), ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


def _on_disk(out_dir: Path, rel: str) -> bool:
    return (out_dir / rel).is_file()


def _remove_file(out_dir: Path, entry: OutputEntry) -> None:
    for rel in entry.files:
        # a file that cannot be removed stays (the next render tries again), and so does a
        # path no file can have (a NUL written into the manifest by hand)
        with contextlib.suppress(OSError, ValueError):
            if isinstance(rel, str) and _inside(out_dir, rel):
                (out_dir / rel).unlink(missing_ok=True)


def _inside(out_dir: Path, rel: str) -> bool:
    """Only ever remove files inside the output folder, whatever a manifest says."""
    root = out_dir.resolve()
    target = (out_dir / rel).resolve()
    return target.is_relative_to(root) and target != root and not os.path.isabs(rel)
