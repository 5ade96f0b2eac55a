"""A blank campaign: the team's own title, hashtags and call to action, the default brand, no
people, and outputs a team usually wants first (the quote and hashtag cards and the story
video at the common presets).

What "New campaign" makes when a team starts from nothing rather than from the example: a
file that validates as soon as it is saved (people are added in the Studio afterwards, and a
campaign without them simply has nothing to render yet). Pure data work, no Qt, so scripts
and tests build the same campaign the Studio's dialog does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model.campaign import Campaign
from ..model.languages import DEFAULT_LANGUAGES
from ..model.project import save_project

DEFAULT_TITLE: dict[str, str] = {"ar": "حملة جديدة", "en": "New campaign", "fr": "Nouvelle campagne"}
"""A title for the languages Takatof has one for; another language gets the English one until
the team writes its own (the dialog asks for each)."""

DEFAULT_CALL: dict[str, str] = {"ar": "شاركونا", "en": "Join us", "fr": "Rejoignez-nous"}
"""The call to action a blank campaign starts with (a required text; edited in the Studio)."""

DEFAULT_OUTPUTS: dict[str, list[dict[str, Any]]] = {
    "cards": [
        {"template": "quote", "presets": ["instagram-square", "instagram-story"]},
        {"template": "hashtag", "presets": ["instagram-square", "instagram-story"]},
    ],
    "videos": [{"template": "story", "presets": ["instagram-story", "instagram-square"]}],
}
"""Cards about each person and the campaign, and the story video, at the presets most posts
use: the square feed post and the 9:16 story (templates that need a goal or spotlights are
left out: a blank campaign has neither)."""

FALLBACK_ID = "campaign"


def slug(text: str) -> str:
    """An id from ``text`` (``"Winter Appeal 2026"`` -> ``winter-appeal-2026``): accents
    dropped, anything else than a-z and 0-9 a hyphen; ``campaign`` when nothing is left (a
    title in Arabic script alone)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:60].strip("-") or FALLBACK_ID


def hashtag(text: str) -> str:
    """A hashtag from a title, in its own script (``"Winter Appeal"`` -> ``#WinterAppeal``,
    ``"قصص المجتمع"`` -> ``#قصص_المجتمع``): Latin words are joined in CamelCase, other
    scripts with underscores, as each is usually written; punctuation goes."""
    words = re.findall(r"\w+", text)
    if not words:
        return "#" + FALLBACK_ID.capitalize()
    if all(word.isascii() for word in words):
        return "#" + "".join(word[:1].upper() + word[1:] for word in words)
    return "#" + "_".join(words)


def default_title(languages: Sequence[str]) -> dict[str, str]:
    """The placeholder title in each of ``languages`` (English where Takatof has none)."""
    return {lang: DEFAULT_TITLE.get(lang.split("-")[0], DEFAULT_TITLE["en"]) for lang in languages}


def blank_data(
    title: Mapping[str, str] | None = None,
    campaign_id: str = "",
    hashtags: Sequence[str] = (),
    languages: Sequence[str] = DEFAULT_LANGUAGES,
) -> dict[str, Any]:
    """The project file of a blank campaign, as JSON data. Whatever is left out gets a
    default: the title per language (an empty value too), the id from the title (English
    first, else any Latin one), a hashtag from the title."""
    languages = list(languages) or list(DEFAULT_LANGUAGES)
    defaults = default_title(languages)
    titles = {lang: ((title or {}).get(lang) or "").strip() or defaults[lang] for lang in languages}
    latin = [titles[lang] for lang in ("en", *languages) if lang in titles and titles[lang].isascii()]
    chosen_id = slug(campaign_id.strip() or (latin[0] if latin else ""))
    tags = [t.strip() if t.strip().startswith("#") else "#" + t.strip() for t in hashtags if t.strip()]
    if not tags:
        tags = list(dict.fromkeys(hashtag(titles[lang]) for lang in languages))
    calls = {lang: DEFAULT_CALL.get(lang.split("-")[0], DEFAULT_CALL["en"]) for lang in languages}
    return {
        "schema_version": Campaign.model_fields["schema_version"].default,
        "id": chosen_id,
        "languages": languages,
        "title": titles,
        "call_to_action": calls,
        "hashtags": tags,
        "people": [],
        "outputs": {
            kind: [dict(o, presets=list(o["presets"])) for o in items]
            for kind, items in DEFAULT_OUTPUTS.items()
        },
    }


def blank_campaign(
    title: Mapping[str, str] | None = None,
    campaign_id: str = "",
    hashtags: Sequence[str] = (),
    languages: Sequence[str] = DEFAULT_LANGUAGES,
) -> Campaign:
    """:func:`blank_data` as a campaign (the default brand: ``Brand()``'s colours, no logo).
    Raises pydantic's ValidationError for a hashtag or id that is not one (the dialog checks
    them first)."""
    return Campaign.model_validate(blank_data(title, campaign_id, hashtags, languages))


CAMPAIGN_FILE = "campaign.json"
MEDIA_FOLDER = "media"


def create_blank(folder: Path, campaign: Campaign) -> Path:
    """Write ``campaign`` as ``<folder>/campaign.json`` beside an empty ``media/`` (made with
    its parents) and return the file. Never over a campaign already there: raises
    FileExistsError naming it (other files in the folder are left as they are)."""
    target = folder / CAMPAIGN_FILE
    if target.exists():
        raise FileExistsError(str(target))
    (folder / MEDIA_FOLDER).mkdir(parents=True, exist_ok=True)
    save_project(campaign, target)
    return target
