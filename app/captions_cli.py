"""``takatof captions PROJECT --only ID``: captions from what is said in a person's clips and
voice-over, or in a film's clips.

Each source is heard with a Whisper model (faster-whisper, on the CPU) and made into cues in
the spoken language (and in English from Whisper's translation); a voice-over that reads the
person's story gets the story's own captions, in each language, timed to the voice. The cues
are written as SRT files in ``captions/`` beside the project and referenced from it
(``people[0].clips[1].captions``, ``people[0].voiceover_captions``), the project saved
atomically with the previous file kept as ``.bak``. The same road as the Studio's Transcribe
(:mod:`takatof.speech.captioning`), so both give the same cues.

Nothing is written until every source is heard: a Ctrl-C, a SIGTERM or an error part-way
leaves the project and its folder as they were.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .model import Problem, Project, ProjectError


def add_parser(commands: Any) -> argparse.ArgumentParser:
    """The ``captions`` command on ``commands`` (the parser's subparsers)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "captions",
        help="caption a person's clips and voice-over (or a film's clips) from their speech",
        description="Hear what is said in a person's clips and voice-over, or in a film's clips, "
        "with a Whisper model, and write it as caption files (SRT, in captions/ beside the "
        "project) that the project references: in the spoken language, in English from "
        "Whisper's translation, and, for a voice-over that reads the person's story, the story's "
        "own captions in every language timed to the voice. Needs pip install "
        "'takatof[speech]'; the model is fetched on first use.",
    )
    parser.add_argument("project", type=Path, help="the campaign .json file")
    parser.add_argument(
        "--only", required=True, metavar="ID", help="the person (or film output) whose speech to caption"
    )
    parser.add_argument(
        "--model",
        metavar="NAME|FOLDER",
        help="the Whisper model: tiny, base, small, medium, large-v3, or a folder holding a "
        "CTranslate2 model (default: the project's speech.model, else $TAKATOF_WHISPER_MODEL, "
        "else small)",
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="the language spoken (one of the campaign's); default: detected among them",
    )
    parser.add_argument(
        "--no-translate", action="store_true", help="no English captions from Whisper's translation"
    )
    parser.add_argument(
        "--no-align",
        action="store_true",
        help="caption a voice-over from what it says, even where it reads the story",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--allow-outside-media", action="store_true", help=argparse.SUPPRESS)
    return parser


def cmd_captions(args: argparse.Namespace) -> int:
    from .model import load_project
    from .render.batch import project_names
    from .render.cancel import CancelToken, cancel_on_signals, exit_code
    from .render.video.runner import Cancelled
    from .speech.captioning import caption, check_language, sources
    from .speech.models import SpeechError, chosen_model, model_folder

    project = load_project(args.project, project_names(), args.allow_outside_media)
    token = CancelToken()
    try:
        found = sources(project, args.only)
        _editable(project, found)
        check_language(project, args.language)  # before a model is fetched for it
        setting = chosen_model(args.model, project.campaign.speech.model)
        with cancel_on_signals(token):
            with _bar(f"model {setting}", args.quiet) as bar:
                # A Ctrl-C while a model downloads stops it at its next progress step.
                folder = model_folder(setting, project.root, on_progress=_to(bar, token))
            made = []
            for source in found:
                with _bar(source.label, args.quiet) as bar:
                    made.append(
                        caption(
                            project,
                            source,
                            folder,
                            language=args.language,
                            translate=not args.no_translate,
                            align_story=not args.no_align,
                            on_progress=_to(bar),
                            cancel=token,
                        )
                    )
    except SpeechError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Cancelled:
        print("cancelled: nothing written, the project is as it was", file=sys.stderr)
        return exit_code(token.signal) if token.signal else 130
    try:
        written = save(project, made)
    except OSError as exc:
        print(
            f"error: cannot write the captions beside {args.project}: {exc}; nothing was changed",
            file=sys.stderr,
        )
        return 2
    for result in made:
        files = ", ".join(f"{lang}: {name}" for lang, name in result.files.items()) or "no file"
        print(f"{result.source.label}: {result.count} cues -> {files}")
        for note in result.notes:
            print(f"  {note}")
    if written:
        print(f"captions set in {args.project} (the previous file kept as {args.project.name}.bak)")
    elif any(result.files for result in made):
        print(f"{args.project} already references these captions: nothing changed")
    return 0


def _editable(project: Project, found: list[Any]) -> None:
    """People read from a sheet have no place in the project file for caption files."""
    sheet = project.campaign.sources.get("people")
    if sheet and any(source.where.startswith("people[") for source in found):
        name = sheet.get("from", "a spreadsheet")
        raise ProjectError(
            str(project.path),
            [
                Problem(
                    "people",
                    f"the people come from {name}, which has no column for caption files; "
                    "transcribe a copy of the project with the people written in it",
                )
            ],
        )


def save(project: Project, made: list[Any]) -> bool:
    """Write every result's files, then reference them in the project file: through the
    edit core's JSON paths on the file's own data (as the Studio edits it), checked like any
    edit, saved atomically. False when there was nothing to set (nothing heard, or the
    project references these very files already: the file and its .bak are left alone).
    Refused, the files this run created are taken away again."""
    from .edit.edits import apply
    from .model.project import read_data, save_data, validate_data
    from .render.batch import project_names
    from .speech.captioning import remove_files, write_files

    results = [result for result in made if result.files]
    if not results:
        return False
    data = before = read_data(project.path)
    for result in results:
        data = apply(data, result.edit(data))
    changed, problems = validate_data(data, project.root, project_names(), project.allow_outside)
    if changed is None and not _only_missing(problems, results):
        raise ProjectError(str(project.path), problems)
    created: list[Path] = []
    try:
        for result in results:
            created += write_files(project, result)
        if changed is None:  # the files were the missing media: check again now they are there
            changed, problems = validate_data(data, project.root, project_names(), project.allow_outside)
            if changed is None:
                raise ProjectError(str(project.path), problems)
        if data == before:
            return False
        save_data(data, project.path)
    except BaseException:
        remove_files(created)
        raise
    return True


def _only_missing(problems: list[Problem], results: list[Any]) -> bool:
    """Whether every problem is one of the new caption files not being there yet."""
    new = {f"{result.source.field}.{lang}" for result in results for lang in result.files}
    return all(problem.path in new for problem in problems)


class _NoBar:
    def update(self, n: float) -> None:
        pass

    n = 0.0

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _bar(what: str, quiet: bool) -> Any:
    if quiet:
        return _NoBar()
    from tqdm import tqdm

    tqdm.monitor_interval = 0
    return tqdm(
        total=100,
        desc=what,
        unit="%",
        file=sys.stderr,
        dynamic_ncols=True,
        bar_format="{l_bar}{bar}| {elapsed}",
    )


def _to(bar: Any, cancel: Any = None) -> Any:
    """A 0..1 progress callback moving ``bar`` (0..100), never backwards; with ``cancel``, it
    raises Cancelled once the token is tripped (what stops a model's download)."""

    def report(done: float) -> None:
        if cancel is not None and cancel.cancelled:
            from .render.video.runner import Cancelled

            raise Cancelled()
        target = round(min(max(done, 0.0), 1.0) * 100, 1)
        if target > bar.n:
            bar.update(target - bar.n)

    return report
