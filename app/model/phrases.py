"""Template words in the languages Takatof has words for: defaults a campaign may leave
unwritten ("members") and the words templates put around the campaign's own texts (alt text:
"Photo of {name} on a quote card").

One table, keyed by phrase and then by language code (the base language: "ur" serves "ur-PK").
A language without a phrase falls back to English for the words a template adds around the
campaign's text (the alt text of a card in Swahili still names the person and quotes them);
a default the campaign's text would show on the card is never guessed: validation asks for
it in the campaign's own words (see :func:`takatof.model.campaign.default_text`).

Placeholders are ``{name}``-style fields filled by :func:`phrase`; each field is already a
bidi isolate where the template composes it into a line. The wording of a phrase is the
language's own, word order and punctuation included (Urdu and Hindi put "for {reward}" first
and end a sentence with ۔ and ।; French sets a no-break space inside « » and before a colon).
"""

from __future__ import annotations

FALLBACK = "en"

PHRASES: dict[str, dict[str, str]] = {
    # The story video's alt text.
    "alt_story_video": {
        "ar": "فيديو قصة {name}، {group} ({country}): {story}",
        "en": "Story video of {name}, {group} ({country}): {story}",
        "fr": "Vidéo de l'histoire de {name}, {group} ({country}) : {story}",
        "ur": "{name} کی کہانی کی ویڈیو، {group} ({country}): {story}",
        "hi": "{name} की कहानी का वीडियो, {group} ({country}): {story}",
        "he": "סרטון הסיפור של {name}, {group} ({country}): {story}",
    },
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
    # Punctuation a template writes around the campaign's words.
    "full_stop": {"ar": ".", "en": ".", "fr": ".", "ur": "۔", "hi": "।", "he": "."},
    "quoted": {
        "ar": "«{text}»",
        "en": "“{text}”",
        "fr": "«\u00a0{text}\u00a0»",
        "ur": "“{text}”",
        "hi": "“{text}”",
    },
    # Words printed on cards.
    "recommended_by": {
        "ar": "بترشيح من {group}",
        "en": "Recommended by {group}",
        "fr": "Recommandé par {group}",
        "ur": "{group} کی سفارش پر",
        "hi": "{group} की सिफ़ारिश पर",
        "he": "בהמלצת {group}",
    },
    "goal_progress": {
        "ar": "{current} من {target} {unit}",
        "en": "{current} of {target} {unit}",
        "fr": "{current} sur {target} {unit}",
        "ur": "{target} میں سے {current} {unit}",
        "hi": "{target} में से {current} {unit}",
        "he": "{current} מתוך {target} {unit}",
    },
    "goal_left": {
        "ar": "تبقّى {left} {unit} لفتح {reward}",
        "en": "{left} {unit} to unlock {reward}",
        "fr": "Encore {left} {unit} pour débloquer {reward}",
        "ur": "{reward} کھولنے کے لیے {left} {unit} باقی",
        "hi": "{reward} खोलने के लिए {left} {unit} बाक़ी",
        "he": "עוד {left} {unit} לפתיחת {reward}",
    },
    "goal_unlocked": {
        "ar": "تم فتح {reward}!",
        "en": "{reward}: unlocked!",
        "fr": "Débloqué\u00a0: {reward}\u00a0!",
        "ur": "{reward} کھل گیا!",
        "hi": "{reward} खुल गया!",
        "he": "{reward}: נפתח!",
    },
    # Alt text: what a screen reader says a card shows, around the campaign's own words.
    "alt_partners": {
        "ar": "بالشراكة مع {names}",
        "en": "with partners {names}",
        "fr": "avec les partenaires {names}",
        "ur": "{names} کے تعاون سے",
        "hi": "{names} के सहयोग से",
        "he": "בשיתוף {names}",
    },
    "alt_quote_photo": {
        "ar": "صورة {name} على بطاقة اقتباس",
        "en": "Photo of {name} on a quote card",
        "fr": "Photo de {name} sur une carte citation",
        "ur": "اقتباس کارڈ پر {name} کی تصویر",
        "hi": "उद्धरण कार्ड पर {name} की तस्वीर",
        "he": "תמונה של {name} בכרטיס ציטוט",
    },
    "alt_quote_card": {
        "ar": "بطاقة اقتباس من {name}",
        "en": "Quote card of {name}",
        "fr": "Carte citation de {name}",
        "ur": "{name} کا اقتباس کارڈ",
        "hi": "{name} का उद्धरण कार्ड",
        "he": "כרטיס ציטוט של {name}",
    },
    "alt_stat_photo": {
        "ar": "صورة {name} على بطاقة رقم",
        "en": "Photo of {name} on a stat card",
        "fr": "Photo de {name} sur une carte chiffre",
        "ur": "اعداد و شمار کے کارڈ پر {name} کی تصویر",
        "hi": "आँकड़ा कार्ड पर {name} की तस्वीर",
        "he": "תמונה של {name} בכרטיס נתון",
    },
    "alt_stat_card": {
        "ar": "بطاقة رقم عن {name}",
        "en": "Stat card about {name}",
        "fr": "Carte chiffre sur {name}",
        "ur": "{name} کے بارے میں اعداد و شمار کا کارڈ",
        "hi": "{name} के बारे में आँकड़ा कार्ड",
        "he": "כרטיס נתון על {name}",
    },
    "alt_campaign_photo": {
        "ar": "صورة على بطاقة حملة {title}",
        "en": "Photo on the {title} campaign card",
        "fr": "Photo sur la carte de la campagne {title}",
        "ur": "مہم {title} کے کارڈ پر تصویر",
        "hi": "{title} अभियान कार्ड पर तस्वीर",
        "he": "תמונה בכרטיס הקמפיין {title}",
    },
    "alt_campaign_card": {
        "ar": "بطاقة حملة {title}",
        "en": "{title} campaign card",
        "fr": "Carte de la campagne {title}",
        "ur": "مہم {title} کا کارڈ",
        "hi": "{title} अभियान कार्ड",
        "he": "כרטיס הקמפיין {title}",
    },
    "alt_spotlight_photo": {
        "ar": "صورة من {name}",
        "en": "Photo from {name}",
        "fr": "Photo de {name}",
        "ur": "{name} کی تصویر",
        "hi": "{name} की तस्वीर",
        "he": "תמונה של {name}",
    },
    "alt_spotlight_card": {
        "ar": "بطاقة دعم المحلي لـ{name}",
        "en": "Support-local card for {name}",
        "fr": "Carte «\u00a0achetez local\u00a0» pour {name}",
        "ur": "{name} کے لیے مقامی کاروبار کی حمایت کا کارڈ",
        "hi": "{name} के लिए स्थानीय कारोबार समर्थन कार्ड",
        "he": "כרטיס תמיכה בעסק מקומי עבור {name}",
    },
    "alt_spotlight_on": {
        "ar": "على بطاقة دعم المحلي",
        "en": "on a support-local card",
        "fr": "sur une carte «\u00a0achetez local\u00a0»",
        "ur": "مقامی کاروبار کی حمایت کے کارڈ پر",
        "hi": "स्थानीय कारोबार समर्थन कार्ड पर",
        "he": "בכרטיס תמיכה בעסק מקומי",
    },
    "alt_goal_card": {
        "ar": "بطاقة الهدف: شريط تقدّم عند {percent}",
        "en": "Goal card, a progress bar at {percent}",
        "fr": "Carte objectif, une barre de progression à {percent}",
        "ur": "ہدف کا کارڈ، پیش رفت کی پٹی {percent} پر",
        "hi": "लक्ष्य कार्ड, प्रगति पट्टी {percent} पर",
        "he": "כרטיס יעד, סרגל התקדמות ב־{percent}",
    },
    # What comes between the goal card's picture and its title in the alt text.
    "alt_goal_title_sep": {"ar": "، ", "en": ": ", "fr": "\u00a0: ", "ur": "، ", "hi": ": ", "he": ": "},
    # The group card's alt text.
    "alt_group": {
        "ar": "بطاقة تجمع {names}",
        "en": "Card featuring {names}",
        "fr": "Carte réunissant {names}",
        "ur": "{names} پر مشتمل کارڈ",
        "hi": "{names} को दिखाता कार्ड",
        "he": "כרטיס המציג את {names}",
    },
    # The carousel slides' words (alt text, the swipe cue).
    "swipe": {
        "ar": "اسحب لترى المزيد",
        "en": "Swipe for more",
        "fr": "Faites défiler",
        "ur": "مزید کے لیے سوائپ کریں",
        "hi": "और देखने के लिए स्वाइप करें",
        "he": "החליקו לעוד",
    },
    "alt_cover": {
        "ar": "غلاف منشور دوّار: {title}",
        "en": "Carousel cover: {title}",
        "fr": "Couverture du carrousel : {title}",
        "ur": "کیروسل کا سرورق: {title}",
        "hi": "कैरोसेल का कवर: {title}",
        "he": "שער הקרוסלה: {title}",
    },
    "alt_closing": {
        "ar": "الشريحة الأخيرة: {text}",
        "en": "Closing slide: {text}",
        "fr": "Dernière diapositive : {text}",
        "ur": "آخری سلائیڈ: {text}",
        "hi": "अंतिम स्लाइड: {text}",
        "he": "השקופית האחרונה: {text}",
    },
    "alt_position": {
        "ar": "الشريحة {n} من {count}",
        "en": "Slide {n} of {count}",
        "fr": "Diapositive {n} sur {count}",
        "ur": "سلائیڈ {n} از {count}",
        "hi": "स्लाइड {n} / {count}",
        "he": "שקופית {n} מתוך {count}",
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
