"""``takatof focus PROJECT --only ID [--write]``: suggest each of a person's clips a focus path.

Prints, per clip, the keys :func:`takatof.render.video.faces.suggest_focus` finds (faces, else
motion), and with ``--write`` sets them as the clips' ``focus_path`` in the project file:
checked like any edit, saved atomically with the previous file kept as ``PATH.bak``, and
written in the file's own shape (fields it never set stay out). A clip that cannot be read
is told and left as it is.

The command's parser and its function are here; :mod:`takatof.cli` lists them
(:func:`add_parser`, :func:`cmd_focus`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .model import Problem, Project, ProjectError


def add_parser(commands: Any) -> argparse.ArgumentParser:
    """The ``focus`` command on ``commands`` (the parser's subparsers)."""
    focus: argparse.ArgumentParser = commands.add_parser(
        "focus",
        help="suggest a focus path for a person's clips (faces, else motion); --write sets it",
        description="Look at each of a person's clips (a frame every half second) for faces, or "
        "where there is none for motion, and print a focus path for it: keys {t, x, y}, t seconds "
        "into the clip's file, x and y fractions of its picture. A clip reframed to another shape "
        "(16:9 footage in a 9:16 video) is cropped around it. With --write the paths are set as "
        "the clips' focus_path in the project file (the previous file is kept as .bak).",
    )
    focus.add_argument("project", type=Path, help="the campaign .json file")
    focus.add_argument("--only", required=True, metavar="ID", help="the person whose clips to look at")
    focus.add_argument("--write", action="store_true", help="set the suggestions in the project file")
    focus.add_argument("--allow-outside-media", action="store_true", help=argparse.SUPPRESS)
    return focus


def cmd_focus(args: argparse.Namespace) -> int:
    from .model import load_project
    from .render.batch import project_names
    from .render.video.faces import detector_missing, suggest_focus

    project = load_project(args.project, project_names(), args.allow_outside_media)
    people = [p.id for p in project.campaign.people]
    if args.only not in people:
        known = ", ".join(people) or "none"
        raise ProjectError("command line", [Problem("--only", f"no person {args.only!r}; people: {known}")])
    why = detector_missing()
    if why:
        print(f"note: {why}", file=sys.stderr)
    suggestions = suggest_focus(project, args.only)
    if not suggestions:
        print(f"{args.only} has no clips")
        return 0
    for s in suggestions:
        if s.error:
            print(f"{s.where} ({s.clip.path}): {s.error}", file=sys.stderr)
            continue
        keys = ", ".join(f"{k['t']:g} s ({k['x']:.3f}, {k['y']:.3f})" for k in s.keys)
        print(f"{s.where} ({s.clip.path}): {keys or 'nothing found'}")
    written = {s.where: s.keys for s in suggestions if s.keys and not s.error}
    if args.write and written:
        write_paths(project, written)
        print(f"focus_path set on {len(written)} clip(s) in {args.project}")
    return 1 if any(s.error for s in suggestions) else 0


def write_paths(project: Project, paths: dict[str, list[dict[str, float]]]) -> None:
    """Set each clip's ``focus_path`` (keyed by the clip's JSON path) in the project file:
    through the edit core's JSON paths on the file's own data (as the Studio edits it), then
    the project's checks, so a suggestion the file cannot hold is refused with its problems
    and nothing is written. The loaded campaign is never written back: loading computes
    values the file does not hold as such (the goal's current value summed from its counts
    files), and the file keeps its own keys, order and shape. People read from a sheet have
    no place in the file for it: refused, naming the sheet."""
    from .edit.edits import apply, set_value
    from .model.project import read_data, save_data, validate_data
    from .render.batch import project_names

    campaign = project.campaign
    if "people" in campaign.sources:
        sheet = campaign.sources["people"]
        raise ProjectError(
            str(project.path),
            [Problem("people", f"the people come from {sheet}; add the focus_path there by hand")],
        )
    data = read_data(project.path)
    for where, keys in paths.items():
        data = apply(data, set_value(data, f"{where}.focus_path", keys))
    changed, problems = validate_data(data, project.root, project_names(), project.allow_outside)
    if changed is None:
        raise ProjectError(str(project.path), problems)
    save_data(data, project.path)


def main(argv: list[str] | None = None) -> int:
    """The command alone (``python -m takatof.focus_cli``), as ``takatof focus`` runs it."""
    parser = argparse.ArgumentParser(prog="takatof")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return cmd_focus(args)
    except ProjectError as exc:
        print(exc.report(), file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
