"""The publishing section's problems for ``takatof validate`` and the Studio's Problems panel:
:func:`takatof.model.post_checks.post_problems` over every asset the project asks for (the
kit's own list, :func:`takatof.render.kit.assets`, so validation checks exactly the posts a
render writes) with the registry's template names."""

from __future__ import annotations

from ..model import Problem, Project
from ..model.post_checks import post_problems
from ..render.kit import assets
from ..templates import registry


def publishing_problems(project: Project) -> list[Problem]:
    """Every problem of the publishing section and of the posts. An asset list that cannot be
    made (an output naming someone who is not in the project, reported at its own path by the
    model's checks) leaves the posts unchecked rather than failing the validation."""
    names = registry.names()
    try:
        found = assets(project)
    except Exception:  # the outputs' own problems are told by the model's checks
        found = []
    return post_problems(project.campaign, found, names)
