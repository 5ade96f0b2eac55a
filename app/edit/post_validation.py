"""The publishing section's problems for ``takatof validate`` and the Studio's Problems panel:
:func:`takatof.model.post_checks.post_problems` over every asset the project asks for (the
kit's own list, :func:`takatof.render.kit.assets`, so validation checks exactly the posts a
render writes) with the registry's template names."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Problem, Project
from ..model.post_checks import post_problems
from ..render.kit import assets
from ..templates import registry


def publishing_problems(project: Project, stand_ins: Sequence[str] = ()) -> list[Problem]:
    """Every problem of the publishing section and of the posts. An asset list that cannot be
    made (an output naming someone who is not in the project, reported at its own path by the
    model's checks) leaves the posts unchecked rather than failing the validation.

    ``stand_ins``: the JSON paths where a stand-in campaign supplied values (the file's failed
    type validation, :func:`~takatof.model.project.stand_in`). Its posts are then not judged
    (they would quote the stand-in's words), nor, when people or spotlights were stood in,
    whether an audience names someone who exists (a stand-in's id is not the file's)."""
    names = registry.names()
    subjects = not any(path.startswith(("people", "spotlights")) for path in stand_ins)
    if stand_ins:
        return post_problems(project.campaign, [], names, subjects=subjects, posts=False)
    try:
        found = assets(project)
    except Exception:  # the outputs' own problems are told by the model's checks
        found = []
    return post_problems(project.campaign, found, names)
