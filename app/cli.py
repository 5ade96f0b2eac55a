"""The ``takatof`` command: validate, plan, presets, templates, schema, render.

Exit codes: 0 done; 1 some outputs failed (the manifest says which); 2 the project file or
the command line is wrong (every problem is printed with its JSON path), or another render is
writing to the output folder; 130 / 143 cancelled by SIGINT / SIGTERM; 70 an internal error
(a bug). No input gives a traceback: problems are messages for the person at the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .captions_cli import add_parser as add_captions_parser
from .captions_cli import cmd_captions
from .cluster_cli import CLUSTER_HELP, add_tls_options, cluster_address, cluster_tls, cmd_cluster_certs
from .cluster_cli import add_parser as add_cluster_certs_parser
from .focus_cli import add_parser as add_focus_parser
from .focus_cli import cmd_focus
from .model import Campaign, Problem, Project, ProjectError, load_project

if TYPE_CHECKING:  # the render modules load only when a command needs them (a quick --help)
    from tqdm import tqdm

    from .render.batch import Executor
    from .render.cluster_access import TlsFiles
    from .render.jobs import Job
    from .render.manifest import OutputEntry
    from .render.video.graph import Encoding
    from .render.video.runner import Progress

EXAMPLES = """\
examples:
  takatof validate examples/community-stories/campaign.json
  takatof render examples/community-stories/campaign.json --out out
  takatof render campaign.json --out out --only hala rania --presets instagram-story -j 2
  takatof render campaign.json --out out --targets videos --encoder libx264
  takatof plan campaign.json --only hala --presets instagram-story
  takatof cluster-certs certs --host 10.0.0.5
  takatof render campaign.json --out out --cluster tls://10.0.0.5:8786 \
      --tls-ca-file certs/ca.pem --tls-cert certs/client.pem --tls-key certs/client.key
  takatof presets
  takatof schema > campaign.schema.json
  takatof schema --manifest > manifest.schema.json
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="takatof",
        description="Campaign cards and story videos in the campaign's languages (Arabic + English unless "
        "it declares others) from one project file.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"takatof {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a project file and list every problem")
    validate.add_argument("project", type=Path, help="the campaign .json file")
    _outside_flag(validate)

    plan = commands.add_parser(
        "plan",
        help="show a video's timeline (story, reel, film): segments, captions and sound, with their times",
        description="Print the plan of each story video, campaign reel and film: every segment (title, "
        "photos with their motion, clips with their in and out points and focus, stat, each reel "
        "person's part, closing) with its start and length on the video's timeline and the place in "
        "the project file it comes from, then the captions and the sound. These are the times the "
        "render encodes. Default: each video at its output's first preset; --only and --presets "
        "choose as for render (--only leaves out the campaign-wide reels and films).",
    )
    plan.add_argument("project", type=Path, help="the campaign .json file")
    plan.add_argument("--only", nargs="+", metavar="ID", help="only these people")
    plan.add_argument(
        "--presets", metavar="ID,...", help="these presets, comma-separated (default: the first)"
    )
    plan.add_argument("--json", action="store_true", help="print JSON (a list, one plan per video)")
    _outside_flag(plan)

    presets = commands.add_parser(
        "presets", help="list the platform presets (sizes, safe zones, limits, the width a card is seen at)"
    )
    presets.add_argument("--json", action="store_true", help="print JSON instead of a table")

    commands.add_parser("templates", help="list the card and video templates")
    schema = commands.add_parser(
        "schema",
        help="print the project file's JSON Schema (for editors), or the manifest's",
        description="Print the JSON Schema of the project file, or with --manifest the schema of "
        "the manifest.json a render writes into its output folder.",
    )
    schema.add_argument("--manifest", action="store_true", help="the schema of OUT/manifest.json instead")

    render = commands.add_parser(
        "render",
        help="render a campaign's outputs into a folder",
        description="Render every output the project asks for (cards and carousels in parallel, then "
        "story videos, reels and films with caption sidecars, and animated cards) and merge DIR/manifest.json, which lists each file of the folder (or "
        "the error that stopped it), and the publishing kit beside them: posts.json (each asset's post "
        "per platform and language, and why one is in no upload file), posts-buffer-<platform>-<account>-<zone>.csv "
        "(Buffer's bulk upload, one per channel, times in the zone its name ends with), posts-meta.csv "
        "(the Meta Business Suite sheet), and "
        "schedule.ics when the project has a posting plan. One render writes to a folder at a time. "
        "Ctrl-C or SIGTERM cancel cleanly: nothing partial is left, what finished is listed (exit 130 / 143).",
    )
    render.add_argument("project", type=Path, help="the campaign .json file")
    render.add_argument("--out", type=_folder, required=True, metavar="DIR", help="output folder")
    render.add_argument(
        "--targets",
        default=None,
        metavar="LIST",
        help="what to render, comma-separated: cards, carousels, videos, reels, films, animated, posts "
        "(default: everything the project's outputs ask for, and the posts); posts alone rewrites the "
        "publishing kit for the assets already in DIR",
    )
    render.add_argument(
        "--no-posts",
        action="store_true",
        help="do not write the publishing kit (default: written with every render unless the project's "
        "publishing.posts is false)",
    )
    render.add_argument(
        "--encoder",
        choices=["auto", "libx264", "h264_nvenc"],
        help="video encoder (default: the project's video.encoder.codec; auto uses NVENC when a GPU answers)",
    )
    render.add_argument("--cache", type=_folder, metavar="DIR", help="asset cache (default: DIR/.cache)")
    render.add_argument(
        "--only", nargs="+", metavar="ID", help="only these people (or spotlights); leaves out campaign cards"
    )
    render.add_argument("--presets", metavar="ID,...", help="only these presets, comma-separated")
    render.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=min(4, os.cpu_count() or 1),
        metavar="N",
        help="worker processes (default: %(default)s)",
    )
    render.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    render.add_argument(
        "--force",
        action="store_true",
        help="render every output; by default one whose key (a hash of everything it is made "
        "from) and file match the manifest is reported unchanged and skipped",
    )
    render.add_argument(
        "--cluster",
        metavar="ADDRESS",
        type=cluster_address,
        help=CLUSTER_HELP,
    )
    add_tls_options(render)
    _outside_flag(render)
    add_focus_parser(commands)
    add_captions_parser(commands)
    add_cluster_certs_parser(commands)
    return parser


def _folder(text: str) -> Path:
    """A folder argument; an empty one (``--out ""``) is a mistake, not the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "give a folder name (an empty one would write into the current folder)"
        )
    return Path(text)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"should be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"should be at least 1, got {value}")
    return value


def _outside_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-outside-media",
        action="store_true",
        help="allow media files outside the project's folder",
    )


def _load(path: Path, allow_outside: bool) -> Project:
    from .render.batch import project_names

    return load_project(path, project_names(), allow_outside)


def _load_for_render(path: Path, allow_outside: bool) -> Project:
    """Load a project to render it. A broken photo, clip or sound is not fatal here: the
    outputs that use it fail with its problem (exit 1) and every other output is made.
    Everything else wrong with the file (types, names of templates and presets, missing
    translations) stops the render, and so does a brand font that is missing or not a font:
    every output draws text, so each would fail with the same problem; and a goal's counts
    file that cannot be summed: the goal's outputs would show a stale figure."""
    from .model import load_for_editing
    from .model.project import all_media
    from .render.batch import project_names

    project, problems = load_for_editing(path, project_names(), allow_outside, decode=False)
    data = project.campaign.model_dump(mode="json", by_alias=True, exclude_unset=True)
    media = {  # media fields whose file is allowed where it is (outside media stays refused)
        where
        for where, written, kind in all_media(data)
        if kind not in ("font", "counts")
        and (allow_outside or project.resolve(written).is_relative_to(project.root))
    }
    if any(p.path not in media for p in problems):
        raise ProjectError(str(path), problems)
    for problem in problems:
        print(f"warning: {problem}; the outputs that use it will fail", file=sys.stderr)
    return project


def _count(n: int, what: str) -> str:
    """``1 spotlight``, ``2 spotlights``."""
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def cmd_validate(args: argparse.Namespace) -> int:
    from .edit.validate import validate_file

    # What the load finds (a missing photo) does not hide what validation finds (a character
    # no font has): every problem at once, the same as the Studio's Problems panel.
    project, problems = validate_file(args.project, args.allow_outside_media)
    if problems:
        raise ProjectError(str(args.project), problems)
    campaign = project.campaign
    people = "1 person" if len(campaign.people) == 1 else f"{len(campaign.people)} people"
    cards = sum(len(c.presets) for c in campaign.outputs.cards)
    print(
        f"{args.project}: valid — {people}, {_count(len(campaign.spotlights), 'spotlight')}, "
        f"{_count(cards, 'card output')} per subject, in {', '.join(campaign.languages)}"
    )
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from .render.video.plan import format_plan, plan_jobs, plan_summary

    project = _load(args.project, args.allow_outside_media)
    presets = _preset_filter(args.presets)
    only = set(args.only) if args.only else None
    if only:
        known = {p.id for p in project.campaign.people}
        unknown = sorted(only - known)
        if unknown:
            raise ProjectError(
                str(args.project),
                [
                    Problem("--only", f"no person with id {u!r}; known: {', '.join(sorted(known))}")
                    for u in unknown
                ],
            )
    jobs = plan_jobs(project, only, presets)
    if presets is None:  # one plan per video: each story, reel and film at its first preset
        firsts: dict[tuple[str, str, str], Job] = {}
        jobs = [
            firsts.setdefault(k, job)
            for job in jobs
            if (k := (job.kind, job.variant, job.person)) not in firsts
        ]
    if not jobs:
        print("nothing to plan: no video output matches the filters", file=sys.stderr)
        return 1
    try:
        summaries = [plan_summary(project, job) for job in jobs]
    except (ValueError, OSError) as exc:  # unreadable caption files
        raise ProjectError(str(args.project), [Problem("", f"cannot plan the video: {exc}")]) from None
    text = (
        json.dumps([s.to_json() for s in summaries], indent=2, ensure_ascii=False)
        if args.json
        else "\n\n".join(format_plan(s) for s in summaries)
    )
    _emit(text)
    return 0


def _emit(text: str) -> None:
    """Print a command's listing; a reader that stops early (``| head``) is no error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:  # the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit


def cmd_presets(args: argparse.Namespace) -> int:
    from .render.presets import PRESETS, megabytes, seconds

    if args.json:
        rows = [
            {
                "id": p.id,
                "platform": p.platform,
                "name": p.name,
                "width": p.width,
                "height": p.height,
                "aspect": p.aspect,
                "max_bytes": p.max_bytes,
                "kind": p.kind,
                "safe": p.canvas().safe.__dict__,
                "note": p.note,
                "seen_width": p.shown or None,
                "seen_where": p.shown_where or None,
                "min_text_px": p.card_canvas().min_text_px if p.kind != "video" else None,
                "layout": p.layout or None,
                "video": None
                if p.video is None
                else {"max_bytes": p.video.max_bytes, "max_s": p.video.max_s, "source": p.video.source},
            }
            for p in PRESETS
        ]
        _emit(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    # "card": a card image's limit (MiB); "video": the largest video file and the longest video;
    # "seen": the width people see a card at (CSS px) and the smallest text a card has there.
    lines = [
        f"{'id':22} {'platform':10} {'size':>10} {'aspect':>7} {'card':>5} {'video':>16}  "
        f"{'seen':>12}  {'for':5}  name"
    ]
    for p in PRESETS:
        size = f"{p.width}x{p.height}"
        card = "-" if p.kind == "video" else f"{p.max_bytes // 2**20}MB"
        video = "-" if p.video is None else f"{megabytes(p.video.max_bytes)}, {seconds(p.video.max_s)}"
        seen = f"{p.shown}px>={p.card_canvas().min_text_px}" if p.shown else "-"
        lines.append(
            f"{p.id:22} {p.platform:10} {size:>10} {p.aspect:>7} {card:>5} {video:>16}  "
            f"{seen:>12}  {p.kind:5}  {p.name}"
        )
    _emit("\n".join(lines))
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from .templates import registry

    for template in registry.all_templates():
        print(f"{template.id:10} {template.scope:9} {template.title}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    if args.manifest:
        from .render.manifest import manifest_schema

        schema = manifest_schema()
    else:
        schema = Campaign.model_json_schema(by_alias=True)
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from .render.cancel import CancelToken, cancel_on_signals, exit_code
    from .render.jobs import all_jobs
    from .render.outputs import Callbacks, Request, render_outputs

    tls = cluster_tls(args)  # before anything starts: a missing certificate is a usage error
    project = _load_for_render(args.project, args.allow_outside_media)
    targets = _targets(args.targets) if args.targets is not None else {*target_kinds(), POSTS}
    posts = False if args.no_posts else (True if args.targets is not None and POSTS in targets else None)
    targets.discard(POSTS)
    presets = _preset_filter(args.presets)
    only = set(args.only) if args.only else None
    if only:
        known = {p.id for p in project.campaign.people} | {s.id for s in project.campaign.spotlights}
        unknown = sorted(only - known)
        if unknown:
            raise ProjectError(
                str(args.project),
                [
                    Problem(
                        "--only", f"no person or spotlight with id {u!r}; known: {', '.join(sorted(known))}"
                    )
                    for u in unknown
                ],
            )
    jobs = all_jobs(project, only, presets, {target_kinds()[t] for t in targets}) if targets else []
    if not jobs and not posts:
        print(
            "nothing to render: no output matches --targets, --only and --presets; "
            "`takatof plan` and the project's outputs say what there is",
            file=sys.stderr,
        )
        return 2
    request = Request(jobs, cache=args.cache, force=args.force, posts=posts)
    if any(job.spec.encodes for job in jobs):
        request.encoding = _encoding(project, args)
    # The outputs made several at once (cards) count up one bar; the long ones (videos) each
    # report their own progress.
    counted = sum(1 for job in jobs if job.spec.parallel)
    card_bar = None
    token = CancelToken()
    try:
        with cancel_on_signals(token), _executor(args, tls) as request.executor:
            # The bars come after the executor: a local cluster starts its worker processes
            # while this is the only thread, so they start deaf to a Ctrl-C, which stays ours.
            card_bar = _progress_bar(counted, "cards", disable=args.quiet) if counted else None
            callbacks = Callbacks(*_bars(card_bar, args.quiet))
            result = render_outputs(project, args.out, request, callbacks, token)
    finally:
        if card_bar is not None:
            card_bar.close()
    for entry in result.failed:
        who = getattr(entry, "subject", None) or getattr(entry, "person", None)  # every entry kind names one
        what = [entry.template, *([entry.id] if entry.id else []), entry.preset, who]
        print(f"error: {' / '.join(str(w) for w in what if w)}: {entry.error}", file=sys.stderr)
    for post in result.failed_posts:
        print(f"error: post {post.id}: {post.error}", file=sys.stderr)
    total = len(jobs)
    written = sum(1 for e in result.entries if e.path is not None and e.part_of is None)
    for problem in (result.manifest_error, result.kit_error):
        if problem:
            print(f"error: {problem}", file=sys.stderr)
    if result.cancelled:
        name = signal_name(token.signal)
        print(
            f"cancelled{name}: {written} of {total} outputs written to {args.out}; "
            f"nothing partial left (manifest: {result.manifest})",
            file=sys.stderr,
        )
        return exit_code(token.signal) if token.signal else 130
    unchanged = sum(1 for e in result.entries if e.status == "unchanged" and e.part_of is None)
    note = f" ({unchanged} unchanged, not rendered again)" if unchanged else ""
    if total:  # --targets posts runs no job: no "0 of 0 outputs" line
        print(f"{written} of {total} outputs written to {args.out}{note} (manifest: {result.manifest})")
    if result.posts is not None:
        print(_posts_line(result.posts, args.out))
        for line in _posts_notes(result.posts):
            print(f"note: {line}", file=sys.stderr)
    failed = result.failed or result.failed_posts or result.manifest_error or result.kit_error
    return 1 if failed else 0


POSTS = "posts"  # the --targets name of the publishing kit (not a job kind: made from the folder)


# An output kind in a sentence: (plural, singular).
_KIND_NAMES = {
    "card": ("cards", "card"),
    "video": ("videos", "video"),
    "reel": ("reels", "reel"),
    "carousel": ("carousels", "carousel"),
    "animated": ("animated cards", "animated card"),
    "film": ("films", "film"),
}


def _posts_notes(posts: list[Any]) -> list[str]:
    """What a producer must act on beyond the counts: one line per platform, account and
    audience the posting plan has no room for (not one per post), and one for the posts no
    Buffer CSV holds (a video, a carousel), which go out from posts.json."""
    lines = []
    short: dict[tuple[str, str | None, str | None], list[Any]] = {}
    for post in posts:
        if post.error is None and post.unscheduled:
            short.setdefault((post.platform, post.account, post.audience), []).append(post)
    for (platform, account, audience), left in short.items():
        why = left[0].unscheduled
        why = why.split(": ", 1)[1] if why.startswith("no slot for ") and ": " in why else why
        lines.append(
            f"{len(left)} {platform} post{'s' if len(left) != 1 else ''} of account {account} for audience "
            f"{audience} {'have' if len(left) != 1 else 'has'} no time in the posting plan: {why}"
        )
    not_buffered = [p for p in posts if any(r.startswith("Buffer CSV") for r in p.left_out or [])]
    if not_buffered:
        kinds = Counter(post.kind for post in not_buffered)
        said = ", ".join(
            f"{n} {_KIND_NAMES.get(kind, (kind, kind))[n == 1]}" for kind, n in sorted(kinds.items())
        )
        lines.append(
            f"{len(not_buffered)} {'post is' if len(not_buffered) == 1 else 'posts are'} not in the Buffer "
            f"CSVs ({said}): post them from posts.json "
            "(each post's left_out says why)"
        )
    return lines


def _posts_line(posts: list[Any], out: Path) -> str:
    """One line on the kit: how many posts, scheduled and failed, and where."""
    scheduled = sum(1 for post in posts if post.scheduled is not None)
    failed = sum(1 for post in posts if post.error is not None)
    no_room = sum(1 for post in posts if post.error is None and post.unscheduled)
    parts = [f"{len(posts)} posts written to {out / 'posts.json'}"]
    if scheduled:
        parts.append(f"{scheduled} scheduled (schedule.ics)")
    if no_room:
        parts.append(f"{no_room} have no time in the posting plan (`takatof validate` says where)")
    if failed:
        parts.append(f"{failed} do not fit their platform")
    return "; ".join(parts)


def target_kinds() -> dict[str, str]:
    """What ``--targets`` accepts: every registered job kind, named in the plural."""
    from .render.jobs import kinds

    return {getattr(kind, "plural", f"{kind.name}s"): kind.name for kind in kinds()}


@contextlib.contextmanager
def _executor(args: argparse.Namespace, tls: TlsFiles | None = None) -> Iterator[Executor]:
    """What makes the outputs: ``--cluster`` (Dask, imported only then; ``tls`` for tls://),
    else ``-j N`` here."""
    if args.cluster is None:
        from .render.batch import local_executor

        yield local_executor(max(1, args.jobs))
        return
    from .render.cluster import connect

    with connect(args.cluster, tls) as cluster:
        yield cluster


def signal_name(signum: int | None) -> str:
    if signum is None:
        return ""
    import signal

    return f" by {signal.Signals(signum).name}"


def _encoding(project: Project, args: argparse.Namespace) -> Encoding:
    from .render.video.render import choose_encoding
    from .render.video.runner import ffmpeg_exe

    settings = project.campaign.video.encoder
    source = f"video.encoder.codec in {args.project}"
    if args.encoder:
        settings = settings.model_copy(update={"codec": args.encoder})
        source = "--encoder"
    return choose_encoding(settings, ffmpeg_exe(), source=source)


def _bars(
    card_bar: tqdm[Any] | None, quiet: bool
) -> tuple[Callable[[Job, Progress], None], Callable[[Job, list[OutputEntry], int, int], None]]:
    """Progress and done callbacks: the cards count up one bar, each video has a bar of its own."""
    bars: dict[Job, tqdm[Any]] = {}

    def progress(job: Job, p: Progress) -> None:
        bar = bars.get(job)
        if bar is None:
            bar = bars[job] = _progress_bar(100, f"{job.subject} {job.preset}", disable=quiet, unit="%")
        bar.n = round(p.fraction * 100)
        bar.set_postfix_str(f"{p.fps:.0f} fps" + (f", {p.eta_s:.0f} s left" if p.eta_s else ""), refresh=True)

    def done(job: Job, entries: list[OutputEntry], finished: int, total: int) -> None:
        if job.spec.parallel and card_bar is not None:
            card_bar.update(1)
        bar = bars.pop(job, None)
        if bar is not None:
            bar.close()

    return progress, done


def _targets(text: str) -> set[str]:
    wanted = {t.strip() for t in text.split(",") if t.strip()}
    known = [*target_kinds(), POSTS]
    bad = sorted(wanted - set(known))
    if bad or not wanted:
        use = f"{', '.join(known)} or {','.join(known)}"
        raise ProjectError(
            "command line",
            [Problem("--targets", f"unknown target {b!r}; use {use}") for b in bad or [text]],
        )
    return wanted


def _preset_filter(text: str | None) -> set[str] | None:
    if not text:
        return None
    from .model.problems import suggest
    from .render.presets import preset_ids

    wanted = {p.strip() for p in text.split(",") if p.strip()}
    known = preset_ids()
    bad = []
    for name in sorted(wanted - set(known)):
        hint = suggest(name, known)
        bad.append(
            Problem(
                "--presets",
                f"unknown preset {name!r}"
                + (f"; did you mean {hint!r}?" if hint else "; see `takatof presets`"),
            )
        )
    if bad:
        raise ProjectError("command line", bad)
    return wanted


def _progress_bar(total: int, what: str, disable: bool, unit: str = "card") -> tqdm[Any]:
    from tqdm import tqdm

    # No monitor thread (it only tunes how often a slow bar redraws; ours redraw per event):
    # a thread beside the main one stops a local cluster's workers from starting deaf to SIGINT.
    tqdm.monitor_interval = 0
    return tqdm(
        total=total, desc=what, unit=unit, disable=disable or None, file=sys.stderr, dynamic_ncols=True
    )


COMMANDS = {
    "validate": cmd_validate,
    "plan": cmd_plan,
    "presets": cmd_presets,
    "templates": cmd_templates,
    "schema": cmd_schema,
    "render": cmd_render,
    "focus": cmd_focus,
    "captions": cmd_captions,
    "cluster-certs": cmd_cluster_certs,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .render.files import FolderBusy
    from .render.messages import EncoderUnavailable, OutputError, user_message

    try:
        return COMMANDS[args.command](args)
    except ProjectError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    # an unusable or unwritable folder, a full disk, an encoder this machine cannot run
    except (OutputError, FolderBusy, EncoderUnavailable, OSError) as exc:
        print(f"error: {user_message(exc, advise=True)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cancelled by SIGINT", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so plainly, and how to see the details
        if os.environ.get("TAKATOF_DEBUG"):
            raise
        print(
            f"takatof: internal error ({type(exc).__name__}: {exc}); this is a bug, please report it "
            "with this message (TAKATOF_DEBUG=1 shows the details)",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    raise SystemExit(main())
