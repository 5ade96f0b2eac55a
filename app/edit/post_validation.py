"""The publishing section's problems for ``takatof validate`` and the Studio's Problems panel:
:func:`takatof.model.post_checks.post_problems` over every asset the project asks for (the
kit's own list, :func:`takatof.render.kit.assets`, so validation checks exactly the posts a
render writes) with the registry's template names."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Problem, Project
from ..model.post_checks import post_problems
from ..model.post_copy import Asset, posts_for
from ..model.schedule import schedule
from ..render.kit import assets, wanted
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
    return post_problems(project.campaign, found, names) + schedule_problems(project, found)


def schedule_problems(project: Project, found: Sequence[Asset]) -> list[Problem]:
    """The posts a posting plan has no room for, told before a render: one problem per
    account, platform and audience (at the audience's path), with how many posts it leaves out
    and the plan's numbers, rather than one line per post."""
    campaign = project.campaign
    plan = campaign.publishing.plan
    if plan is None or not campaign.publishing.posts or not found:
        return []
    posts = [post for asset in found for post in posts_for(campaign, asset) if post.error is None]
    left_out: dict[str, list[str]] = {}
    for post, slot in zip(posts, schedule(plan, [wanted(post) for post in posts]), strict=True):
        if isinstance(slot, str):
            left_out.setdefault(slot.split(": ", 1)[-1], []).append(post.id)
    where = {audience.id: f"publishing.plan.audiences[{i}]" for i, audience in enumerate(plan.audiences)}
    problems = []
    for reason, ids in left_out.items():
        audience = next((a for a in where if f"audience {a} " in reason), None)
        what = f"{len(ids)} posts have" if len(ids) > 1 else "1 post has"
        problems.append(
            Problem(
                where.get(audience or "", "publishing.plan"), f"{what} no time ({ids[0]} first): {reason}"
            )
        )
    return problems
