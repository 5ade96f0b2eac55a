"""The post copy that ships with each asset template, in the languages Takatof writes posts in.

Written as a social manager writes a caption: a hook line first (what the feed shows before
"more"), the campaign's own words (the quote, an excerpt of the story), the people and
businesses tagged, the call to action and the link, then the hashtags. Parts a platform may
cut are marked optional: ``{story?}`` is shortened at a word boundary with an ellipsis on X,
``{hashtags?}`` loses its last tags where a platform takes fewer (Instagram's 5, Threads' one
topic), ``{names?}`` and a group's ``{mention?}`` likewise. A spotlight's ``{mention}`` is never
optional: tagging the business is the point of a #ادعم_المحلي post; the community that
recommends it is credited and tagged as its card credits it (``{recommended?}``).

Each of a person's posts says something of its own, as their assets do: the quote card's
the quote, the stat card's the number, the story video's an excerpt of the story (posted the
same week, three captions repeating the story would read as filler); an animated goal or stat
card's, the count climbing (:data:`ANIMATED`), not its still card's caption again.

A project's ``publishing.templates`` come first (:func:`takatof.model.post_copy.compose`); a
language with no default here takes the English wording filled with that language's own field
values (the post says so in its ``template``), as :mod:`takatof.model.phrases` does for
template words: the campaign's words are never guessed, only the few words around them.

Links: on a platform whose captions do not make links clickable (Instagram, TikTok), a
``{link}`` becomes :data:`LINK_IN_BIO` in the post's language: the team puts the link in the
profile, which is what every audience there has learnt to look for.
"""

from __future__ import annotations

from dataclasses import dataclass

FALLBACK = "en"

LINK_IN_BIO: dict[str, str] = {
    "ar": "🔗 الرابط في البايو",
    "en": "🔗 Link in bio",
    "fr": "🔗 Lien dans la bio",
    "ur": "🔗 لنک بائیو میں",
    "hi": "🔗 लिंक बायो में",
    "he": "🔗 הקישור בביו",
}
"""What stands for ``{link}`` where captions' links are not clickable, per language."""

_TAIL = "\n\n{mention}\n{cta}\n{link}\n\n{hashtags?}"
_GROUP_TAIL = "\n\n{mention?}\n{cta}\n{link}\n\n{hashtags?}"

# Keyed by asset template (an animated card takes its card template's copy); the kind-specific
# keys ("carousel", "reel", "film") are those outputs' templates.
DEFAULTS: dict[str, dict[str, str]] = {
    "quote": {
        "en": "“{quote}”\n— {name}, {group} ({country})" + _TAIL,
        "ar": "«{quote}»\n— {name}، {group} ({country})" + _TAIL,
    },
    "stat": {
        # The group as named ("Moroccan Travelers Community" is no "community of" anything).
        "en": "{count} 💪\n{group}, led by {name} ({country})." + _TAIL,
        "ar": "{count} 💪\n{group} بقيادة {name} ({country})." + _TAIL,
    },
    "spotlight": {
        "en": "Support local 🛍️\n{name}: {makes}\n{recommended?}\nFollow {mention} and tell a friend 👇"
        "\n\n{cta}\n{link}\n\n{hashtags?}",
        "ar": "ادعم المحلي 🛍️\n{name}: {makes}\n{recommended?}\nتابعوا {mention} وأخبروا أصدقاءكم 👇"
        "\n\n{cta}\n{link}\n\n{hashtags?}",
    },
    "goal": {
        "en": "{goal} 🎯\n{count} so far. Every like, share and comment brings {reward} closer."
        "\n\n{cta}\n{link}\n\n{hashtags?}",
        "ar": "{goal} 🎯\n{count} حتى الآن. كل إعجاب ومشاركة وتعليق يقرّبنا من {reward}."
        "\n\n{cta}\n{link}\n\n{hashtags?}",
    },
    "hashtag": {
        "en": "{title} ✨\n{tagline?}\n\n{cta}\n{link}\n\n{hashtags?}",
        "ar": "{title} ✨\n{tagline?}\n\n{cta}\n{link}\n\n{hashtags?}",
    },
    "group": {
        "en": "{title} 🤝\n{names?}" + _GROUP_TAIL,
        "ar": "{title} 🤝\n{names?}" + _GROUP_TAIL,
    },
    "story": {
        "en": "🎬 Meet {name} of {group} ({country})\n\n{story?}" + _TAIL,
        "ar": "🎬 تعرّفوا على {name} من {group} ({country})\n\n{story?}" + _TAIL,
    },
    "reel": {
        "en": "{title} 🎬\n{names?}\n\n{tagline?}" + _GROUP_TAIL,
        "ar": "{title} 🎬\n{names?}\n\n{tagline?}" + _GROUP_TAIL,
    },
    "carousel": {
        "en": "{title}: swipe to meet them 👉\n{names?}" + _GROUP_TAIL,
        "ar": "{title}: اسحبوا للتعرّف عليهم 👈\n{names?}" + _GROUP_TAIL,
    },
    "film": {
        "en": "🎬 {title}\n{names?}\n\n{tagline?}" + _GROUP_TAIL,
        "ar": "🎬 {title}\n{names?}\n\n{tagline?}" + _GROUP_TAIL,
    },
}

ANIMATED: dict[str, dict[str, str]] = {
    "goal": {
        "en": "📈 {count}, and still climbing!\n{goal}: help us reach {reward} with a like, a share or a comment."
        "\n\n{cta}\n{link}\n\n{hashtags?}",
        "ar": "📈 {count}، والعدّاد لا يتوقف!\n{goal}: ساعدونا للوصول إلى {reward} بإعجاب أو مشاركة أو تعليق."
        "\n\n{cta}\n{link}\n\n{hashtags?}",
    },
    "stat": {
        "en": "▶️ Watch the count climb to {count} 📈\n{group}, led by {name} ({country})." + _TAIL,
        "ar": "▶️ شاهدوا العدّاد يصل إلى {count} 📈\n{group} بقيادة {name} ({country})." + _TAIL,
    },
}
"""An animated card's own copy where its card's would repeat it: the counter that climbs is
the video's point, and it is posted beside the still card. Other animated cards take their
card's copy."""

GENERIC: dict[str, str] = {
    "en": "{title}\n{name?}\n\n{tagline?}" + _GROUP_TAIL,
    "ar": "{title}\n{name?}\n\n{tagline?}" + _GROUP_TAIL,
}
"""For an asset template with no copy of its own (one added later): the campaign's words."""


@dataclass(frozen=True)
class DefaultCopy:
    """The default copy of one asset in one language, and where it came from."""

    text: str
    source: str  # "default quote", "default quote (English wording: none in fr)"


def default_copy(template: str, lang: str, kind: str = "card") -> DefaultCopy:
    """The default copy for an asset of ``template`` (an output of ``kind``) in ``lang``: the
    language's own wording (exact code, then its base language: ``en-IN`` takes ``en``), else
    English's. An animated card of a template in :data:`ANIMATED` takes that copy."""
    if kind == "animated" and template in ANIMATED:
        table, name = ANIMATED[template], f"animated {template}"
    else:
        table = DEFAULTS.get(template, GENERIC)
        name = template if template in DEFAULTS else "generic"
    own = table.get(lang) or table.get(lang.split("-", 1)[0])
    if own is not None:
        return DefaultCopy(own, f"default {name}")
    return DefaultCopy(table[FALLBACK], f"default {name} (English wording: none in {lang})")


def link_in_bio(lang: str) -> str:
    """:data:`LINK_IN_BIO` in ``lang`` (its base language, else English)."""
    return LINK_IN_BIO.get(lang) or LINK_IN_BIO.get(lang.split("-", 1)[0]) or LINK_IN_BIO[FALLBACK]
