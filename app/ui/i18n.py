"""The interface in Arabic: a QTranslator over a small table of the Studio's own strings.

Qt looks every ``tr()`` string up in installed translators; this one answers from the table
when the interface language is Arabic (and leaves anything it does not know in English).
A table in code instead of .ts/.qm files keeps the translation next to the strings it
covers and needs no Qt tools to build.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QObject, QTranslator

ARABIC = {
    # tree and panels
    "Campaign": "الحملة",
    "Brand": "الهوية",
    "Video settings": "إعدادات الفيديو",
    "Goal": "الهدف",
    "People": "الأشخاص",
    "Spotlights": "مشاريع محلية",
    "Outputs": "المخرجات",
    "Render queue": "قائمة التصدير",
    "Nothing to edit here.": "لا شيء لتحريره هنا.",
    "one per line": "عنصر في كل سطر",
    "Browse…": "استعراض…",
    "Choose a file": "اختر ملفاً",
    "Select a card or a video in the tree.": "اختر بطاقة أو فيديو من الشجرة.",
    "Safe zones": "المناطق الآمنة",
    "Play": "تشغيل",
    "Pause": "إيقاف مؤقت",
    "Drawing…": "جارٍ الرسم…",
    "Card outputs": "مخرجات البطاقات",
    "Video outputs": "مخرجات الفيديو",
    "Add card output": "إضافة بطاقة",
    "Add video output": "إضافة فيديو",
    "Remove": "حذف",
    # campaign-wide outputs (the tree's groups and the outputs panel's rows)
    "Reels & films": "الريلز والأفلام",
    "Carousels": "الكاروسيل",
    "Animated cards": "بطاقات متحركة",
    "Slide {n} of {count}": "الشريحة {n} من {count}",
    "Reels (the campaign's people in one video)": "الريلز (أشخاص الحملة في فيديو واحد)",
    "Carousels (a cover, a slide per subject, a closing)": "الكاروسيل (غلاف، وشريحة لكل مشارك، وخاتمة)",
    "Animated cards (a card as a short loop)": "بطاقات متحركة (بطاقة في مقطع قصير يتكرر)",
    "Films (footage first, with captions)": "الأفلام (اللقطات أولاً، مع الترجمة)",
    "Add reel": "إضافة ريل",
    "Add carousel": "إضافة كاروسيل",
    "Add animated card": "إضافة بطاقة متحركة",
    "Add film": "إضافة فيلم",
    "Id": "المعرّف",
    "Presets": "المقاسات",
    "Languages": "اللغات",
    "Featuring (drag to reorder)": "المشاركون (اسحب لإعادة الترتيب)",
    "Local times at": "التوقيت المحلي عند",
    "Seconds per person": "ثوانٍ لكل شخص",
    "Slides for": "شرائح لـ",
    "Slide design": "تصميم الشريحة",
    "Also a PDF (LinkedIn document)": "وملف PDF أيضاً (مستند لينكدإن)",
    "Card": "البطاقة",
    "Files": "الملفات",
    "Length": "المدة",
    "End on the closing card": "الختام ببطاقة النهاية",
    "Its own footage…": "لقطاته الخاصة…",
    "Choose who is featured": "اختيار المشاركين",
    "Reorder featured": "إعادة ترتيب المشاركين",
    # card layouts (the outputs panel's gallery)
    "Layout": "التخطيط",
    "Layout: {layout}": "التخطيط: {layout}",
    "Default": "الافتراضي",
    "Default ({layout})": "الافتراضي ({layout})",
    "Choose how this card is laid out": "اختر تخطيط هذه البطاقة",
    "Choose layout": "اختيار التخطيط",
    "Clear the choice: the template's own layout": "إلغاء الاختيار: تخطيط القالب نفسه",
    "Clear the choice: this output's default layout, {layout}": "إلغاء الاختيار: التخطيط الافتراضي لهذا المخرج، {layout}",
    "Photo": "الصورة أولاً",
    "Type": "النص أولاً",
    "Split": "مقسوم",
    "Thumbnail": "صورة مصغّرة",
    "The photo large and clear; the words on a panel": "الصورة كبيرة وواضحة، والكلمات على لوحة",
    "Big words on the brand's colours; the photo small, in a circle": "كلمات كبيرة بألوان الهوية، والصورة صغيرة في دائرة",
    "The photo and the words side by side": "الصورة والكلمات جنباً إلى جنب",
    "A face and a few huge words, for a thumbnail grid": "وجه وكلمات قليلة كبيرة جداً، لشبكة الصور المصغّرة",
    # render queue
    "Cancel": "إلغاء",
    "Show in folder": "إظهار في المجلد",
    "waiting": "في الانتظار",
    "Cancelled; nothing half-written was left behind.": "أُلغي التصدير، ولم يبقَ أي ملف ناقص.",
    "Finished with problems:": "انتهى مع مشكلات:",
    "Done: {n} files": "تم: {n} ملف",
    "card {n} of {total}": "البطاقة {n} من {total}",
    "The files are in:": "الملفات في:",
    "Nothing is rendering. Use the Render menu to render the selection, a person or everything.": "لا يجري أي تصدير. استخدم قائمة التصدير لتصدير المحدد أو شخص أو كل شيء.",
    "Everything for {p}": "كل مخرجات {p}",
    "Whole campaign": "الحملة كاملة",
    # window and menus
    "Untitled": "بلا عنوان",
    "&File": "&ملف",
    "&New": "&جديد",
    "New &blank campaign…": "حملة جديدة &فارغة…",
    "&Import media…": "ا&ستيراد وسائط…",
    "Nothing to render: add a person, or a card about the campaign (hashtag, goal).": "لا شيء لإخراجه: أضف شخصاً، أو بطاقة عن الحملة (وسم، هدف).",
    "&Open…": "&فتح…",
    "Open &recent": "الملفات الأخيرة",
    "&Save": "&حفظ",
    "Save &as…": "حفظ &باسم…",
    "&Quit": "&خروج",
    "&Edit": "&تحرير",
    "&Undo": "&تراجع",
    "&Redo": "إ&عادة",
    "&People": "&الأشخاص",
    "&Add person": "&إضافة شخص",
    "&Duplicate person": "&تكرار الشخص",
    "&Remove person": "&حذف الشخص",
    "Move &up": "نقل لأ&على",
    "Move do&wn": "نقل لأ&سفل",
    "&Render": "&تصدير",
    "Render &selection": "تصدير ال&محدد",
    "Render &person": "تصدير ال&شخص",
    "Render &everything": "تصدير ال&كل",
    "Se&ttings": "الإ&عدادات",
    "&Output folder…": "مجلد ال&مخرجات…",
    "Problems": "المشكلات",
    "The unsaved work could not be restored.": "تعذّرت استعادة العمل غير المحفوظ.",
    "Media": "الوسائط",
    "Select a person to add the files to.": "اختر شخصاً لإضافة الملفات إليه.",
    # timeline
    "Video": "الفيديو",
    "Captions": "الترجمة",
    "Music": "الموسيقى",
    "Voice-over": "التعليق الصوتي",
    "Clip sound": "صوت المقطع",
    "Title": "العنوان",
    "Stat": "الرقم",
    "Closing": "الختام",
    "Motion": "الحركة",
    "auto": "تلقائي",
    "ducked": "منخفضة",
    "Planning…": "جارٍ التخطيط…",
    "Reorder clips": "إعادة ترتيب المقاطع",
    "Select a story video to see its timeline.": "اختر فيديو قصة لعرض خطه الزمني.",
    "Show the whole video": "عرض الفيديو كاملاً",
    "Fit": "ملاءمة",
    "Zoom in (Ctrl+wheel)": "تكبير (Ctrl+العجلة)",
    "Zoom out (Ctrl+wheel)": "تصغير (Ctrl+العجلة)",
    "How the selected photo moves (auto: the story's own cycle)": "كيف تتحرك الصورة المحددة (تلقائي: دورة القصة)",
    # a photo's motion (the labels shown; the file keeps the English value)
    "zoom-in": "تكبير تدريجي",
    "zoom-out": "تصغير تدريجي",
    "pan-left": "تحريك لليسار",
    "pan-right": "تحريك لليمين",
    "pan-up": "تحريك للأعلى",
    "pan-down": "تحريك للأسفل",
    "still": "ثابتة",
    # a photo's focus (the inspector's field; the preview marks it)
    "Clear": "مسح",
    "Clear {field}": "مسح {field}",
    "x {x} · y {y}": "س {x} · ص {y}",
    "not set: the middle": "غير محددة: المنتصف",
    "Click the preview where the move should go; Clear puts it back in the middle": "انقر على المعاينة حيث يجب أن تتجه الحركة؛ «مسح» يعيدها إلى المنتصف",
    "focus": "نقطة التركيز",
    # presets (the labels shown; the file keeps the preset's id)
    "instagram-square": "إنستغرام مربّع",
    "instagram-portrait": "إنستغرام عمودي",
    "instagram-landscape": "إنستغرام أفقي",
    "instagram-story": "قصة إنستغرام",
    "instagram-reels": "ريلز إنستغرام",
    "facebook-story": "قصة فيسبوك",
    "facebook-link": "رابط فيسبوك",
    "x-image": "صورة X",
    "x-card": "بطاقة X",
    "linkedin-post": "منشور لينكدإن",
    "youtube-thumbnail": "صورة مصغّرة ليوتيوب",
    "youtube-shorts": "يوتيوب شورتس",
    "youtube-video": "فيديو يوتيوب",
    "tiktok": "تيك توك",
    "whatsapp-status": "حالة واتساب",
    "threads": "ثريدز",
    "The file manager could not open the folder. The files are in:": "تعذّر على مدير الملفات فتح المجلد. الملفات في:",
    # output names in the tree
    "stat": "رقم",
    "goal": "الهدف",
    "spotlight": "مشروع محلي",
    "Output folder": "مجلد المخرجات",
    "Open campaign": "فتح حملة",
    "This project cannot be opened.": "تعذّر فتح هذا المشروع.",
    "Save campaign": "حفظ الحملة",
    "Save the changes to this campaign?": "حفظ التغييرات على هذه الحملة؟",
    "Takatof Studio closed without saving. Restore the unsaved work?": "أُغلق تكاتف ستوديو دون حفظ. استعادة العمل غير المحفوظ؟",
    # field labels (generated from the model's field names)
    "id": "المعرّف",
    "name": "الاسم",
    "group": "المجموعة",
    "country": "الدولة",
    "country name": "اسم الدولة",
    "members": "الأعضاء",
    "members label": "وصف العدد",
    "founded": "سنة التأسيس",
    "quote": "الاقتباس",
    "story": "القصة",
    "media": "الصور",
    "voiceover": "التعليق الصوتي",
    "handles": "الحسابات",
    "title": "العنوان",
    "tagline": "الشعار",
    "call to action": "الدعوة إلى التفاعل",
    "hashtags": "الوسوم",
    "primary": "الأساسي",
    "secondary": "الثانوي",
    "accent": "اللون المميز",
    "text": "النص",
    "dark": "الداكن",
    "logo": "الشعار المرئي",
    "logo light": "الشعار الفاتح",
    "logo dark": "الشعار الداكن",
    "partners": "الشركاء",
    "fonts": "الخطوط",
    "heading": "العناوين",
    "body": "المتن",
    "numerals": "الأرقام",
    "numerals by country": "الأرقام حسب الدولة",
    "makes": "المنتجات",
    "mention": "الإشارة",
    "hashtag": "الوسم",
    "person": "الشخص",
    "image": "الصورة",
    "unit": "الوحدة",
    "target": "الهدف",
    "current": "الحالي",
    "reward": "المكافأة",
    "music": "الموسيقى",
    "logo bug": "شعار صغير",
    "encoder": "الترميز",
    # playback (the preview's player)
    "Preparing playback…": "جارٍ تجهيز التشغيل…",
    "Preparing playback… {percent}%": "جارٍ تجهيز التشغيل… {percent}٪",
    "Cannot play: {reason}": "تعذّر التشغيل: {reason}",
    "Playing without sound: {reason}": "تشغيل بلا صوت: {reason}",
    # the Posts dock and its week
    "Posts": "المنشورات",
    "Post": "المنشور",
    "Week": "الأسبوع",
    "Copy": "النص",
    "Characters": "الأحرف",
    "Mentions": "الإشارات",
    "Use the default": "استخدام النص الافتراضي",
    "Fits {platform}.": "يناسب {platform}.",
    "Shortened to fit: {what}": "اختُصر ليناسب: {what}",
    "First comment: {text}": "التعليق الأول: {text}",
    "From {source}": "من {source}",
    "Posts of {asset}": "منشورات {asset}",
    "No posts: {why}": "لا منشورات: {why}",
    "No schedule: {why}": "لا جدول: {why}",
    "Over the platform's limit": "يتجاوز حدّ المنصة",
    "Select a card or a video: its posts show here.": "اختر بطاقة أو فيديو: تظهر منشوراته هنا.",
    "none of its own": "لا شيء خاصاً به",
    "An output about the whole campaign mentions no one of its own.": "مخرَج عن الحملة كلها لا يشير إلى أحد بعينه.",
    "{asset} is posted on no platform (its preset {preset} has none).": "لا يُنشر {asset} على أي منصة (مقاسه {preset} بلا منشور).",
    "The campaign's hashtags, separated by spaces": "وسوم الحملة، تفصل بينها مسافات",
    "No posting plan: add one as publishing.plan in the project file.": "لا خطة نشر: أضفها في publishing.plan في ملف المشروع.",
    "{n} posts have no time: {why}": "{n} منشورات بلا موعد: {why}",
    "Previous week": "الأسبوع السابق",
    "Next week": "الأسبوع التالي",
    "The time zone the week is read in": "المنطقة الزمنية التي يُعرض بها الأسبوع",
    "&View": "&عرض",
    ", {n} posts (posts.json)": "، {n} منشوراً (posts.json)",
    "The posting plan's audiences that read only it are removed: {ids}. ": "حُذف من خطة النشر جمهور لم يقرأ سواها: {ids}. ",
    "Removed {language}. ": "حُذفت {language}. ",
    "Undo brings it back.": "التراجع يعيدها.",
}


_INTERFACE = {"language": "en"}


def interface_language() -> str:
    """The interface's language ("en" or "ar"): the language the Studio names languages in."""
    return _INTERFACE["language"]


def set_interface_language(language: str) -> None:
    """Set by the window when the person picks the interface language (Settings menu)."""
    _INTERFACE["language"] = language


def qt_translator(language: str, parent: QObject) -> QTranslator | None:
    """Qt's own translation of its standard texts (Save, Discard, OK, Cancel in dialogs, the
    names of keys in shortcuts), shipped with PySide6; None when it is not there."""
    translator = QTranslator(parent)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(f"qtbase_{language}", folder) else None


def arabic_table() -> dict[str, str]:
    """This table plus the tables the panels keep next to their own strings."""
    from . import inspector, languages, media, problems, start, timeline, transcribe_dialog

    table = dict(ARABIC)
    for module in (inspector, languages, media, problems, start, timeline, transcribe_dialog):
        table.update(getattr(module, "ARABIC", {}))
    return table


class ArabicTranslator(QTranslator):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table = arabic_table()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null string) tells Qt to keep looking and then use the English source; an
        # empty string would be taken as the translation and blank the label.
        return self._table.get(source)
