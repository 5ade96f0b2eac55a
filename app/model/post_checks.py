"""What is wrong with a project's publishing section, each at its JSON path with the fix:
the post templates (placeholders no asset has, languages the campaign does not write, kinds
and templates that match nothing), the posting plan (audiences naming people or languages
that do not exist, a window that ends before it starts, two audiences with one id), and every
post that breaks its platform's rules even after its optional parts were cut.

The post checks run the copy itself (:func:`takatof.model.post_copy.posts_for`), so validation,
the renderer and the Studio can never disagree about which post fails; a template that is
already wrong (an unknown placeholder) is told once, at its text, not once per post.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from .campaign import Campaign, PostingPlan, PostTemplate
from .post_copy import Asset, copy_problems, error_place, posts_for
from .problems import Problem, shorten, suggest

KINDS = ("card", "video", "reel", "carousel", "animated", "film")
"""The output kinds a post template may name (the jobs' kinds)."""


def post_problems(
    campaign: Campaign,
    assets: Sequence[Asset],
    template_names: Collection[str] | None = None,
    *,
    subjects: bool = True,
    posts: bool = True,
) -> list[Problem]:
    """Every problem of ``campaign``'s publishing section and of the posts of ``assets``.
    ``template_names``: the asset templates that exist (the registry's), to check a post
    template's ``templates`` against; None leaves them unchecked. ``subjects`` false leaves
    the audiences' people unchecked and ``posts`` false the posts: for a campaign that stands
    in for a file whose people failed to load, where an id is the stand-in's, not the file's.
    Posts are not checked either when the project writes none (``publishing.posts`` false): a
    team that turned them off is not told about their length."""
    found = [*template_problems(campaign, template_names), *plan_problems(campaign, subjects)]
    if posts and campaign.publishing.posts:
        found += failed_posts(campaign, assets, {p.path for p in found})
    return list(dict.fromkeys(found))


def failed_posts(campaign: Campaign, assets: Iterable[Asset], skip: Collection[str] = ()) -> list[Problem]:
    """Each post that fails its platform's rules, at its template's path (a default copy's:
    the asset's output), except at the places in ``skip`` (a template already reported)."""
    problems = []
    for asset in assets:
        for post in posts_for(campaign, asset):
            place = error_place(post)
            if place is not None and place[0] not in skip:
                problems.append(Problem(*place))
    return problems


# --- the templates --------------------------------------------------------------------------


def template_problems(campaign: Campaign, template_names: Collection[str] | None = None) -> list[Problem]:
    """Each post template's texts, languages, kinds and asset templates."""
    problems: list[Problem] = []
    for i, template in enumerate(campaign.publishing.templates):
        where = f"publishing.templates[{i}]"
        for part in ("text", "first_comment"):
            for lang, text in (getattr(template, part) or {}).items():
                problems += _text_problems(campaign, f"{where}.{part}.{lang}", lang, text)
        problems += _name_problems(template, where, template_names)
    return problems


def _text_problems(campaign: Campaign, path: str, lang: str, text: str) -> list[Problem]:
    problems = []
    if lang not in campaign.languages:
        listed = ", ".join(campaign.languages)
        problems.append(
            Problem(
                path,
                f"is in {lang!r}, which is not one of the campaign's languages ({listed}): "
                f"add {lang!r} to languages, or remove this text",
            )
        )
    problems += [Problem(path, message) for message in copy_problems(text)]
    return problems


def _name_problems(
    template: PostTemplate, where: str, template_names: Collection[str] | None
) -> list[Problem]:
    problems = []
    for j, kind in enumerate(template.kinds or []):
        if kind not in KINDS:
            problems.append(Problem(f"{where}.kinds[{j}]", _unknown("output kind", kind, KINDS)))
    if template_names is not None:
        for j, name in enumerate(template.templates or []):
            if name not in template_names:
                problems.append(
                    Problem(f"{where}.templates[{j}]", _unknown("asset template", name, template_names))
                )
    return problems


def _unknown(what: str, name: str, known: Collection[str]) -> str:
    hint = suggest(name, known)
    fix = f"did you mean {hint!r}?" if hint else f"use one of: {', '.join(sorted(known))}"
    return f"no {what} is named {shorten(name)!r}, so this template matches nothing; {fix}"


# --- the posting plan -----------------------------------------------------------------------


def plan_problems(campaign: Campaign, subjects: bool = True) -> list[Problem]:
    """The posting plan's audiences: unique ids, people (unless not ``subjects``) and
    languages that exist, windows that last, accounts a scheduler tells apart, and an audience
    for each language the posts are in."""
    plan = campaign.publishing.plan
    if plan is None:
        return []
    return [
        *_date_problems(plan),
        *_audience_problems(campaign, plan, subjects),
        *_account_problems(plan),
        *_unread_languages(campaign, plan),
    ]


def _date_problems(plan: PostingPlan) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for j, day in enumerate(plan.dates):
        key = day.isoformat()
        if key in seen:
            problems.append(
                Problem(
                    f"publishing.plan.dates[{j}]", f"{key} is listed at dates[{seen[key]}] too; remove one"
                )
            )
        seen.setdefault(key, j)
    return problems


def _audience_problems(campaign: Campaign, plan: PostingPlan, subjects: bool) -> list[Problem]:
    ids = [p.id for p in campaign.people] + [s.id for s in campaign.spotlights]
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for i, audience in enumerate(plan.audiences):
        where = f"publishing.plan.audiences[{i}]"
        if audience.id in seen:
            problems.append(
                Problem(
                    f"{where}.id",
                    f"{audience.id!r} is already the id of publishing.plan.audiences[{seen[audience.id]}]; "
                    "give each audience its own id",
                )
            )
        seen.setdefault(audience.id, i)
        for j, ident in enumerate(audience.people if subjects and audience.people else []):
            if ident not in ids:
                problems.append(Problem(f"{where}.people[{j}]", _unknown_subject(ident, ids)))
        for j, lang in enumerate(audience.languages or []):
            if lang not in campaign.languages:
                listed = ", ".join(campaign.languages)
                problems.append(
                    Problem(
                        f"{where}.languages[{j}]",
                        f"{lang!r} is not one of the campaign's languages ({listed}), so no post is in it; "
                        "use one of them",
                    )
                )
        for j, window in enumerate(audience.windows):
            if window.end == window.start:
                problems.append(
                    Problem(
                        f"{where}.windows[{j}].end",
                        f"ends at {window.end}, when it starts; a window needs some time: set another "
                        f"end (one before {window.start} is on the next day, as in 19:00-01:00)",
                    )
                )
    return problems


def account_key(account: str) -> str:
    """An account's name as the kit's file names write it (takatof.render.kit's Buffer file,
    ``posts-buffer-instagram-acme-ar.csv``): letters and digits in lower case, the rest one
    dash. Two names with one key would write one file, so validation refuses them."""
    kept = "".join(c if c.isalnum() else "-" for c in account.lower()).strip("-")
    return "-".join(part for part in kept.split("-") if part) or "account"


def _account_problems(plan: PostingPlan) -> list[Problem]:
    """Two audiences' accounts that differ only by case or punctuation ("Arabic" and "arabic",
    "@acme_ar" and "acme-ar"): one account to a scheduler's file, two to the gap between posts."""
    first: dict[str, tuple[int, str]] = {}
    problems = []
    for i, audience in enumerate(plan.audiences):
        key = account_key(audience.account)
        j, other = first.setdefault(key, (i, audience.account))
        if other != audience.account:
            problems.append(
                Problem(
                    f"publishing.plan.audiences[{i}].account",
                    f"{shorten(audience.account)!r} differs from {shorten(other)!r} "
                    f"(publishing.plan.audiences[{j}].account) only by case or punctuation, and both "
                    f"would write the scheduler's files for {key!r}; write {shorten(other)!r} for the "
                    "same account, or a name with other letters or digits for another",
                )
            )
    return problems


def _unread_languages(campaign: Campaign, plan: PostingPlan) -> list[Problem]:
    """Each of the campaign's languages that no audience reads: its posts would go to the
    first audience, in another language's windows, without a word."""
    if any(not audience.languages for audience in plan.audiences):
        return []
    read = {lang for audience in plan.audiences for lang in audience.languages or ()}
    return [
        Problem(
            "publishing.plan.audiences",
            f"no audience reads {lang!r} posts; add {lang!r} to an audience's languages or an "
            "audience with no languages",
        )
        for lang in campaign.languages
        if lang not in read
    ]


def _unknown_subject(ident: str, ids: Sequence[str]) -> str:
    hint = suggest(ident, ids)
    fix = f"did you mean {hint!r}?" if hint else "use a person's or a spotlight's id"
    return f"no person or spotlight has the id {shorten(ident)!r}; {fix}"
