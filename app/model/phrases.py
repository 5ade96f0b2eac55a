"""Template words in the languages Takatof has words for: defaults a campaign may leave
unwritten ("members") and the words templates put around the campaign's own texts (alt text:
"Photo of {name} on a quote card").

One table, keyed by phrase and then by language code (the base language: "ur" serves "ur-PK").
A language without a phrase falls back to English for the words a template adds around the
campaign's text (the alt text of a card in Swahili still names the person and quotes them);
a default the campaign's text would show on the card is never guessed: validation asks for
it in the campaign's own words (see :func:`takatof.model.campaign.default_text`).

Placeholders are ``{name}``-style fields filled by :func:`phrase`; each field is already a
bidi isolate where the template composes it into a line.
"""

from __future__ import annotations

FALLBACK = "en"

PHRASES: dict[str, dict[str, str]] = {
    # Defaults of the project file.
    "members": {"ar": "عضو", "en": "members", "fr": "membres", "ur": "اراکین", "hi": "सदस्य", "he": "חברים"},
    "interactions": {
        "ar": "تفاعل",
        "en": "interactions",
        "fr": "interactions",
        "ur": "تعاملات",
        "hi": "इंटरैक्शन",
        "he": "אינטראקציות",
    },
}


def _base(lang: str) -> str:
    return lang.split("-", 1)[0]


def phrases(key: str) -> dict[str, str]:
    """Every language's wording of ``key`` (a copy)."""
    return dict(PHRASES[key])


def has_phrase(key: str, lang: str) -> bool:
    """Whether Takatof has ``key`` in ``lang`` itself (not through the English fallback)."""
    table = PHRASES[key]
    return lang in table or _base(lang) in table


def phrase(key: str, lang: str, **fields: str) -> str:
    """``key`` in ``lang`` (its base language, else English) with ``fields`` filled in."""
    table = PHRASES[key]
    text = table.get(lang) or table.get(_base(lang)) or table[FALLBACK]
    return text.format(**fields) if fields else text
