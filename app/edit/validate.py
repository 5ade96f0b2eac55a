"""One validation of a project, for ``takatof validate`` and the Studio's Problems panel.

Everything wrong with a loaded project that its types cannot say: the model's cross-field and
file checks (missing or unreadable files, images decoded, unknown templates and presets, ids),
characters that no font of the brand can draw, the video checks of every person with a
video to render, at their largest shape, and readability (:func:`readability_problems`). The
two front ends call this one function, so they never disagree. Pure (no Qt) and safe on any
thread; decoding is cached per file version.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from ..model import Problem, Project, ProjectError, translations
from ..model.paths import natural_key, related
from ..model.project import check_project, load_for_checking
from ..render.batch import project_names
from ..render.cards import card_jobs, layout_of, subject_for
from ..render.checks import glyph_problems
from ..render.fonts import MissingGlyphError
from ..render.jobs import Job
from ..render.presets import Preset, get_preset
from ..render.raster import layout_stack, stack_at, stack_fits
from ..render.readability import small_text_message, too_small
from ..render.stacks import fitted
from ..render.text import TextLayout
from ..render.video.plan import plan_jobs
from ..render.video.render import check, length_problems
from ..templates import registry
from ..templates.layers import Canvas, Layer, Stack, Text
from .post_validation import publishing_problems


def validate(project: Project, allow_outside: bool | None = None) -> list[Problem]:
    """Every problem of ``project``, one per place, in the order of their JSON paths.

    ``allow_outside`` overrides the project's own setting (untitled work in the Studio may
    name files anywhere: its first save copies them in). A file the model already reported
    (missing, unreadable) is not reported again by the video checks."""
    outside = project.allow_outside if allow_outside is None else allow_outside
    found = _model_problems(project, outside)
    return _with_checks(project, found, found)


def validate_file(path: str | os.PathLike[str], allow_outside: bool = False) -> tuple[Project, list[Problem]]:
    """Load the project file at ``path`` and find every problem: what the load found (keys
    written twice, wrong types, missing or unreadable files — a spreadsheet's in its rows and
    columns) and what :func:`validate` adds (characters no font has, video media), each once,
    in the order of their paths, in one pass. No problem stops the others: a load problem
    does not stop the checks, and when values fail type validation the checks run on a
    stand-in campaign (:func:`~takatof.model.project.stand_in`) that keeps every other value
    as written. Raises :class:`~takatof.model.ProjectError` listing every problem when the
    campaign is not the file's own (and when there is nothing to check at all: unreadable
    JSON, a newer schema version)."""
    checked = load_for_checking(path, project_names(), allow_outside)
    project = checked.project
    problems = _with_checks(
        project,
        checked.problems,
        _model_problems(project, allow_outside),
        skip=checked.stand_ins,
        locate=checked.origins.locate,
    )
    if checked.stand_ins:
        raise ProjectError(str(path), problems)
    return project, problems


def _model_problems(project: Project, outside: bool) -> list[Problem]:
    """The model's cross-field and file checks and its missing translations, at the JSON paths
    of the campaign's data (what loading the file finds, found again for the campaign as
    edited)."""
    data = project.campaign.model_dump(mode="json", by_alias=True)
    found = check_project(data, project.root, project_names(), outside)
    return list(dict.fromkeys([*found, *translations.problems(project.campaign)]))


def _with_checks(
    project: Project,
    reported: list[Problem],
    model: list[Problem],
    skip: Sequence[str] = (),
    locate: Callable[[Problem], Problem] = lambda problem: problem,
) -> list[Problem]:
    """``reported`` with the glyph and video checks added; a video problem of a file the model
    checks already found (``model``, at JSON paths) is left out, and so is any check at a
    place in ``skip`` (values a stand-in campaign supplied). ``locate`` tells a problem in a
    spreadsheet's rows and columns where its path points into one."""
    problems = list(reported)
    for problem in [
        *glyph_problems(project),
        *readability_problems(project),
        *publishing_problems(project, skip),
    ]:
        if not any(related(problem.path, where) for where in skip):
            problems.append(locate(problem))
    found = [p.path for p in [*model, *reported] if p.path] + list(skip)
    for problem in video_problems(project):
        # A file the model already reported fails the video checks too, sometimes at the
        # object around it (people[0].captions for captions.en).
        if problem.path and any(related(problem.path, where) for where in found):
            continue
        problems.append(locate(problem))
    return sorted(dict.fromkeys(problems), key=lambda p: natural_key(p.path))


def video_problems(project: Project) -> list[Problem]:
    """The media of every person with a video to render, checked for their largest shape,
    and every shape's length against its platform's limits (a story may fit Shorts' 3 min
    and not a Status' 60 s). An output naming a template or preset that does not exist is
    left out, and so is a reel or film naming a person who is not in the project: the model's
    checks report the name, and the others still give their shapes."""
    names = project_names()
    largest: dict[tuple[str, str, str], tuple[Job, int]] = {}
    templates = set(registry.names("video"))
    known = {person.id for person in project.campaign.people}
    jobs = [
        job
        for job in plan_jobs(project)
        if job.template in templates and job.preset in names.video_presets and _knows(job, known)
    ]
    for job in jobs:
        preset = get_preset(job.preset)
        area = preset.width * preset.height
        video = (job.kind, job.variant, job.person)  # a person's story, a reel, a person's film
        if video not in largest or area > largest[video][1]:
            largest[video] = (job, area)
    checked = {job for job, _ in largest.values()}
    problems: list[Problem] = []
    for job in jobs:
        try:
            # The media once per video (the largest shape asks most of them); the limits per shape.
            problems += check(project, job) if job in checked else length_problems(project, job)
        except Exception as exc:  # a check that fails is itself a problem, never a crash
            problems.append(
                Problem("", f"could not check the {job.variant or job.person} video's media: {exc}")
            )
    return list(dict.fromkeys(problems))  # a person's media in their story and in a reel: told once


def _knows(job: Job, known: set[str]) -> bool:
    """Whether every person ``job``'s video is about is in the project: a reel or film that
    names someone unknown is left out of the video checks (the model's checks name the id at
    its path; planning it would only fail to find them)."""
    people = (*job.subjects, *((job.subject,) if job.subject is not None else ()))
    return all(person in known for person in people)


def readability_problems(project: Project) -> list[Problem]:
    """Card texts that cannot be laid out readably where the card is seen, found without
    drawing a pixel: every card the outputs ask for is planned (layers are data, cheap) at
    its preset's display scale and every stack of it laid out as the renderer fits it (its
    optional texts left out while it does not fit; shaping is cached per text and size, so
    the Studio's next validation after an edit redoes only what changed). A text that does
    not fit even so, or ends up smaller than the readable minimum, is reported at its JSON
    path, naming the card and the preset, as the renderer would fail it.

    Contrast is not checked here: it needs the pixels, and the renderer guarantees it there
    (a scrim behind any text its ground does not let be read), so a card is never unreadable
    for want of contrast. The brand's own colour pairs are not reported either: a problem
    here is an error that stops a render, and a brand whose accent is 2.9:1 on its primary
    (a sheet seed's amber on green) still renders readable cards, with scrims."""
    names = project_names()
    problems: list[Problem] = []
    for job in card_jobs(project):
        if job.template not in names.templates or job.preset not in names.presets:
            continue  # the model's checks name an unknown template or preset
        preset = get_preset(job.preset)
        canvas = preset.card_canvas()
        try:
            _, layers = registry.get(job.template).plan(subject_for(project, job), canvas, layout_of(job))
        except Exception:  # a card that cannot be planned fails when rendered, with its reason
            continue
        where = f"the {job.template} card for {preset.label}" + (
            f", {job.layout} layout" if job.layout else ""
        )
        try:
            found = layout_problems(layers, canvas, preset)
        except Exception:  # a font that cannot be read: the font checks name it, the render fails it
            continue
        problems += [Problem(p.path, f"{p.message} ({where})") for p in found]
    return list(dict.fromkeys(problems))


def layout_problems(layers: list[Layer], canvas: Canvas, preset: Preset) -> list[Problem]:
    """The texts of ``layers`` that do not fit their stack even with its optional texts left
    out, or lay out under ``canvas``'s readable minimum. (A stack with a character no font
    has is left to the glyph check, which names the character.)"""
    problems: list[Problem] = []
    for stack in (layer for layer in layers if isinstance(layer, Stack)):
        drawn, laid, overflow, _ = fitted(stack, lambda s: _enough_layout(s, canvas))
        if not laid:
            continue
        problems += overflow
        kept = [item for item in drawn.items if isinstance(item, Text)]
        sizes = [part.size for part in laid if not isinstance(part, int)]
        problems += [
            Problem(text.source, small_text_message(size, canvas, preset))
            for text, size in zip(kept, sizes, strict=False)
            if too_small(size, canvas)
        ]
    return problems


def _enough_layout(stack: Stack, canvas: Canvas) -> tuple[list[TextLayout | int], list[Problem]]:
    """What :func:`~takatof.render.raster.layout_stack` would say of ``stack`` for these
    checks, at a fraction of its cost: a stack that fits at full size, or at its smallest
    sizes when none of them is under the readable minimum, neither overflows nor can end up
    too small, whichever size between the renderer picks; only other stacks get the
    renderer's full search (nine layouts)."""
    try:
        full = stack_at(stack, 1.0)
        if stack_fits(full, stack.box):
            return full, []
        texts = [item for item in stack.items if isinstance(item, Text)]
        if all(not too_small(item.style.min_size, canvas) for item in texts):
            smallest = stack_at(stack, 0.0)
            if stack_fits(smallest, stack.box):
                return smallest, []
    except MissingGlyphError:
        pass  # the renderer's layout says it as a problem (the glyph check names the character)
    return layout_stack(stack)
