"""A media file's speech made into the project's caption files: the one road the CLI's
``takatof captions`` and the Studio's Transcribe both take, so they give the same cues.

Three steps, so nothing is half-written: :func:`caption` hears the speech and makes the cues
(cancellable; writes nothing), :func:`write_files` writes the SRT files beside the project
(each atomically, under names no other file has, so an undo that points back at the old
files finds them as they were), and :meth:`Captioned.edit` is the project change that
references them (the CLI saves it, the Studio pushes it on the undo stack).
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..edit.edits import Edit, set_value
from ..model import Project
from ..model.atomic import write_atomic
from ..model.campaign import Clip
from ..model.languages import name_of
from ..model.paths import get_at
from ..render.cancel import CancelToken
from ..templates.captions import story_cues, to_srt
from ..templates.timeline import Cue
from .align import align, normalise
from .cues import cues_from_words
from .models import SpeechError
from .transcribe import Task, transcribe
from .words import Transcript

SourceKind = Literal["clip", "voiceover"]

Recognise = Callable[..., Transcript]
""":func:`~takatof.speech.transcribe.transcribe`'s signature (tests pass a fake)."""


@dataclass(frozen=True)
class Source:
    """One media file whose speech can become captions: a person's clip or voice-over, or a
    campaign film's clip. ``where`` is its JSON path (``people[0].clips[1]``,
    ``people[0].voiceover``, ``outputs.films[0].clips[0]``); ``start``/``end`` the stretch
    that plays (a clip's trim); ``story`` the texts a voice-over may be reading (the
    person's story per language), else empty."""

    kind: SourceKind
    where: str
    path: Path
    start: float
    end: float | None
    label: str
    story: dict[str, str] = field(default_factory=dict)
    stem: str = "captions"  # its files' name before the language: hala.clip1, hala.voiceover

    @property
    def field(self) -> str:
        """The JSON path of its caption files (``people[0].clips[1].captions``)."""
        return f"{self.where}.captions" if self.kind == "clip" else f"{self.where}_captions"


@dataclass(frozen=True)
class Captioned:
    """The cues made from one source, per language: ``(start, end, text)`` in the file's
    seconds; ``files`` the names they are written under (relative to the project, as the
    project writes them); ``notes`` what a person should know (the language heard, a stretch
    timed by reading speed, a language left to the story text)."""

    source: Source
    language: str
    cues: dict[str, list[tuple[float, float, str]]]
    files: dict[str, str]
    notes: tuple[str, ...] = ()
    aligned: bool = False
    fallback: tuple[int, ...] = ()  # aligned cues timed by reading speed (the voice unmatched there)

    def edit(self, data: Any) -> Edit:
        """The project change that references the files (the source's files in other
        languages are kept): one undoable edit named for the source."""
        try:
            old = get_at(data, self.source.field)
        except (KeyError, IndexError, TypeError):
            old = None
        files = {**(old if isinstance(old, dict) else {}), **self.files}
        return set_value(data, self.source.field, files, f"Transcribe {self.source.label}")

    @property
    def count(self) -> int:
        """How many cues it made (in its first language)."""
        return max((len(cues) for cues in self.cues.values()), default=0)


def sources(project: Project, only: str) -> list[Source]:
    """What ``only`` (a person's id, or a film output's id) has that can be transcribed, in
    project order: a person's clips and voice-over; a film's clips (a person's film: its
    people's clips). Raises :class:`~takatof.speech.models.SpeechError` for an unknown id or
    one with nothing to hear."""
    campaign = project.campaign
    people = {person.id: i for i, person in enumerate(campaign.people)}
    films = {film.id: i for i, film in enumerate(campaign.outputs.films)}
    if only in people:
        found = _person_sources(project, people[only])
        if not found:
            raise SpeechError(f"{only} has no clips and no voice-over: nothing to transcribe")
        return found
    if only in films:
        return _film_sources(project, films[only])
    known = ", ".join([*people, *(f"{film} (film)" for film in films)]) or "none"
    raise SpeechError(f"no person or film {only!r}; give one of: {known}")


def source_at(project: Project, where: str) -> Source:
    """The source at one JSON path (the Studio's Transcribe on one clip or voice-over):
    ``people[0].clips[1]``, ``people[0].voiceover`` or ``outputs.films[0].clips[0]``."""
    match = _WHERE.match(where)
    if match is None:
        raise SpeechError(f"{where}: not a clip or a voice-over")
    index = int(match["index"])
    try:
        if match["section"] == "people":
            person_sources = _person_sources(project, index)
            found = [s for s in person_sources if s.where == where]
        else:
            found = [s for s in _film_sources(project, index) if s.where == where]
    except (IndexError, SpeechError):
        found = []
    if not found:
        raise SpeechError(f"{where}: the project has no such clip or voice-over")
    return found[0]


_WHERE = re.compile(r"^(?P<section>people|outputs\.films)\[(?P<index>\d+)\]\.(clips\[\d+\]|voiceover)$")


def _person_sources(project: Project, index: int) -> list[Source]:
    person = project.campaign.people[index]
    where = f"people[{index}]"
    found = [
        _clip_source(project, clip, f"{where}.clips[{j}]", f"{person.id}'s", f"{person.id}.clip{j + 1}", j)
        for j, clip in enumerate(person.clips)
    ]
    if person.voiceover:
        story = {lang: text for lang in person.story.langs if (text := person.story.get(lang))}
        found.append(
            Source(
                "voiceover",
                f"{where}.voiceover",
                project.resolve(person.voiceover),
                0.0,
                None,
                f"{person.id}'s voice-over ({Path(person.voiceover).name})",
                story,
                stem=f"{person.id}.voiceover",
            )
        )
    return found


def _clip_source(project: Project, clip: Clip, where: str, whose: str, stem: str, j: int) -> Source:
    """A clip as a source: heard over its trim, named for a person ("hala's clip 2 (x.mp4)")."""
    label = f"{whose} clip {j + 1} ({Path(clip.path).name})"
    return Source("clip", where, project.resolve(clip.path), clip.start, clip.end, label, stem=stem)


def _film_sources(project: Project, index: int) -> list[Source]:
    """A film's clips: its own footage, else the clips of the people it films (everyone with
    clips by default), each at the person's clip's path (that is where their captions go)."""
    campaign = project.campaign
    film = campaign.outputs.films[index]
    if film.clips:
        return [
            _clip_source(
                project,
                clip,
                f"outputs.films[{index}].clips[{j}]",
                f"film {film.id}'s",
                f"{film.id}.clip{j + 1}",
                j,
            )
            for j, clip in enumerate(film.clips)
        ]
    chosen = set(film.people) if film.people is not None else None
    found = [
        source
        for i, person in enumerate(campaign.people)
        if (chosen is None or person.id in chosen) and person.clips
        for source in _person_sources(project, i)
        if source.kind == "clip"
    ]
    if not found:
        raise SpeechError(f"film {film.id} has no clips: nothing to transcribe")
    return found


def caption(
    project: Project,
    source: Source,
    model: Path,
    *,
    language: str | None = None,
    translate: bool = True,
    align_story: bool = True,
    on_progress: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
    recognise: Recognise = transcribe,
) -> Captioned:
    """Hear ``source`` and make its cues: in the spoken language (``language``, else detected
    among the campaign's), in English from Whisper's translation when ``translate`` and the
    campaign has English and the speech is not English, and, for a voice-over that reads the
    person's story (``align_story``), the story's own captions in each language timed to the
    voice. Writes nothing."""
    languages = languages_of(project)
    check_language(project, language)
    report = on_progress or (lambda done: None)
    english = tag_of("en", languages)
    translating = translate and english is not None
    share = 0.6 if translating else 1.0

    def hear(task: Task, spoken: str | None, begin: float, part: float) -> Transcript:
        """One pass of the recogniser over the source; its progress is ``part`` of the whole
        from ``begin``."""
        return recognise(
            source.path,
            model,
            start=source.start,
            end=source.end,
            language=spoken,
            languages=languages,
            task=task,
            on_progress=lambda done: report(begin + done * part),
            cancel=cancel,
        )

    heard = hear("transcribe", language, 0.0, share)
    # Whisper names languages by their base code (en); the project by its tags (en-IN).
    spoken = tag_of(heard.language, languages) or heard.language
    notes: list[str] = [f"heard {name_of(spoken)} ({len(heard.words)} words)"]
    if not heard.words:
        report(1.0)
        return Captioned(source, spoken, {}, {}, (f"no speech heard in {source.label}",))
    if source.kind == "voiceover" and align_story and _reads_story(source.story.get(spoken), heard):
        report(1.0)
        return _aligned(project, source, dataclasses.replace(heard, language=spoken), notes)
    cues = {spoken: cues_from_words(heard.words, spoken)}
    if translating and english is not None and english != spoken:
        translated = hear("translate", spoken, share, 1 - share)
        if translated.words:
            cues[english] = cues_from_words(translated.words, english)
            notes.append("English from Whisper's translation: read it before it goes out")
    report(1.0)
    notes += _other_languages(project, source, languages, cues)
    return Captioned(source, spoken, cues, _names(project, source, cues), tuple(notes))


def check_language(project: Project, language: str | None) -> None:
    """A spoken language given by the person must be one of the campaign's (checked before
    any model is fetched)."""
    languages = languages_of(project)
    if language is not None and language not in languages:
        raise SpeechError(
            f"{language!r} is not one of the campaign's languages ({', '.join(languages)}); "
            "give one of them, or leave the language out to detect it"
        )


def tag_of(code: str, languages: Sequence[str]) -> str | None:
    """The campaign's language whose base is Whisper's ``code`` (``en`` -> ``en-IN``), the
    first such one; None when the campaign has none."""
    return next((tag for tag in languages if tag.replace("_", "-").split("-")[0].lower() == code), None)


def _other_languages(
    project: Project,
    source: Source,
    languages: Sequence[str],
    cues: dict[str, list[tuple[float, float, str]]],
) -> list[str]:
    """What to tell about the campaign's languages the speech gave no cues in: a file the
    source has already (typed for an earlier transcript) is kept, to be checked against the
    new cues; the others are the team's to type."""
    kept = dict(_files_of(project, source))
    notes = []
    left = [lang for lang in languages if lang not in cues]
    checked = [lang for lang in left if kept.get(lang)]
    if checked:
        files = ", ".join(f"{kept[lang]}" for lang in checked)
        notes.append(
            f"kept {files}, written for an earlier transcript: check its text and times against the new cues"
        )
    missing = [lang for lang in left if not kept.get(lang)]
    if missing:
        names = ", ".join(name_of(lang) for lang in missing)
        notes.append(
            f"no captions of the speech in {names}: type a translation into a caption file with "
            "the same times (or edit the cues on the timeline)"
        )
    return notes


def _files_of(project: Project, source: Source) -> list[tuple[str, str]]:
    """The caption files ``source`` has already (language, file as written)."""
    match = _WHERE.match(source.where)
    if match is None:
        return []
    campaign, index = project.campaign, int(match["index"])
    owner = campaign.people[index] if match["section"] == "people" else campaign.outputs.films[index]
    if source.kind == "voiceover":
        files = getattr(owner, "voiceover_captions", None)
    else:
        clip = int(source.where.rsplit("[", 1)[1].rstrip("]"))
        files = (owner.clips or [])[clip].captions
    return files.items() if files is not None else []


READS_STORY = 0.5
"""A voice-over reads the story when at least this share of the story's words are heard."""


def _reads_story(story: str | None, heard: Transcript) -> bool:
    """Whether the voice says the story: enough of its words are heard, in order."""
    if not story:
        return False
    known = [w for w in (normalise(t) for t in story.split()) if w]
    said = [w for w in (normalise(word.text) for word in heard.words) if w]
    if not known:
        return False
    matcher = difflib.SequenceMatcher(None, known, said, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(known) >= READS_STORY


def _aligned(project: Project, source: Source, heard: Transcript, notes: list[str]) -> Captioned:
    """The story's captions in every language it is written in, timed to the voice."""
    spoken = heard.language
    langs = [spoken, *(lang for lang in languages_of(project) if lang != spoken and lang in source.story)]
    made = story_cues([(lang, source.story[lang]) for lang in langs])
    result = align(made, spoken, heard.words, heard.start, heard.end)
    cues = {
        lang: [(cue.start, cue.end, text) for cue in result.cues if (text := cue.text(lang))]
        for lang in langs
    }
    notes.append(f"the story is timed to the voice ({len(result.cues)} cues)")
    for first, last in _runs(result.fallback):
        a, b = result.cues[first], result.cues[last]
        which = f"cue {first + 1}" if first == last else f"cues {first + 1}–{last + 1}"
        notes.append(
            f"{which} ({a.start:.1f}–{b.end:.1f} s): the voice could not be matched to the story "
            "there; timed by reading speed"
        )
    return Captioned(
        source,
        spoken,
        cues,
        _names(project, source, cues),
        tuple(notes),
        aligned=True,
        fallback=result.fallback,
    )


def _runs(indexes: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive indexes as (first, last) runs: 2, 3, 4, 7 -> (2, 4), (7, 7)."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


CAPTIONS_FOLDER = "captions"
"""Where the files go, beside the project (as the examples keep their caption files)."""


def _names(
    project: Project, source: Source, cues: dict[str, list[tuple[float, float, str]]]
) -> dict[str, str]:
    """A file name per language, relative to the project: ``captions/hala.clip1.ar.srt``,
    numbered (``hala.clip1.ar-2.srt``) when that name holds other captions already, so no
    file the project (or an undo) refers to is ever overwritten with different cues."""
    names = {}
    for lang, lang_cues in cues.items():
        text = srt_text(lang_cues, lang)
        n = 1
        while True:
            suffix = "" if n == 1 else f"-{n}"
            name = f"{CAPTIONS_FOLDER}/{source.stem}.{lang}{suffix}.srt"
            path = project.resolve(name)
            if not path.exists() or _same(path, text):
                break
            n += 1
        names[lang] = name
    return names


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def srt_text(cues: Sequence[tuple[float, float, str]], lang: str) -> str:
    """The SRT file of one language's cues (wrapped and direction-marked as sidecars are)."""
    return to_srt([Cue.of(start, end, {lang: text}) for start, end, text in cues], lang)


def write_files(project: Project, captioned: Captioned) -> list[Path]:
    """Write ``captioned``'s SRT files beside the project, each atomically (a file is either
    the whole new one or absent: never half-written). A file already there with the same
    cues is left as it is. Returns the files it created (none was there before), for
    :func:`remove_files` when the project then refuses the change."""
    created = []
    for lang, name in captioned.files.items():
        path = project.resolve(name)
        text = srt_text(captioned.cues[lang], lang)
        if _same(path, text):
            continue
        new = not path.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
        if new:
            created.append(path)
    return created


def remove_files(paths: Sequence[Path]) -> None:
    """Take away the files a run created, when what should reference them was refused: the
    folder is left as it was."""
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def languages_of(project: Project) -> tuple[str, ...]:
    """The campaign's languages: what speech is detected among."""
    return tuple(project.campaign.languages)
