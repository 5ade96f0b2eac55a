#!/usr/bin/env python3
"""Generate the *Support Local Jordan* example: a #ادعم_المحلي campaign whose small businesses
live in a spreadsheet (``businesses.xlsx``, sheet ``Jordan``) rather than in the JSON.

Everything is made up and reproducible (fixed seed): business names are put together from
lists of crafts and places, handles from their transliteration, and the pictures are abstract
placeholders (no people, no brands, no text). A real campaign keeps its own sheet.

Run from the repo root:  python examples/support-local/make_example.py [--count 120]
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent

# (Arabic, English, handle stem, what they make in Arabic, in English)
CRAFTS = [
    (
        "مخبز",
        "Bakery",
        "bakery",
        "خبز الطابون والكعك الطازج كل صباح",
        "Taboon bread and fresh ka'ak every morning",
    ),
    (
        "مشغل تطريز",
        "Embroidery Studio",
        "tatreez",
        "أثواب ووسائد مطرزة بالغرزة الفلاحية",
        "Dresses and cushions in cross-stitch tatreez",
    ),
    ("محمصة", "Roastery", "roastery", "قهوة عربية محمّصة بالهيل", "Arabic coffee roasted with cardamom"),
    ("فخاريات", "Pottery", "pottery", "أوانٍ وجرار من طين الأغوار", "Bowls and jars from Jordan Valley clay"),
    (
        "صابون",
        "Soap Works",
        "soap",
        "صابون زيت الزيتون بالطريقة التقليدية",
        "Olive-oil soap made the old way",
    ),
    ("حلويات", "Sweets", "sweets", "كنافة ومعمول من وصفات العائلة", "Knafeh and ma'moul from family recipes"),
    ("نسيج", "Weavers", "weavers", "بسط وسجاد منسوج على النول", "Rugs and kilims woven on the loom"),
    (
        "عطارة",
        "Spice House",
        "spices",
        "زعتر وسماق وبهارات مخلوطة يدوياً",
        "Za'atar, sumac and hand-mixed spices",
    ),
    (
        "مشغل خشب",
        "Woodshop",
        "woodshop",
        "علب وألواح من خشب الزيتون",
        "Boxes and boards carved from olive wood",
    ),
    ("مزرعة", "Farm", "farm", "عسل وجبنة بلدية من المزرعة", "Honey and farm cheese from the hills"),
    ("مشغل فضة", "Silversmith", "silver", "حُليّ فضية بنقوش بدوية", "Silver jewellery with Bedouin patterns"),
    ("مكتبة", "Bookshop", "books", "كتب مستعملة وقصص للأطفال", "Second-hand books and children's stories"),
]
PLACES = [
    ("عمّان", "Amman", "amman"), ("إربد", "Irbid", "irbid"), ("السلط", "Salt", "salt"),
    ("مادبا", "Madaba", "madaba"), ("الكرك", "Karak", "karak"), ("العقبة", "Aqaba", "aqaba"),
    ("جرش", "Jerash", "jerash"), ("الزرقاء", "Zarqa", "zarqa"), ("عجلون", "Ajloun", "ajloun"),
    ("معان", "Ma'an", "maan"), ("الطفيلة", "Tafilah", "tafilah"),
]  # fmt: skip
PALETTES = [
    ("#1E6B52", "#E0A526"), ("#7A3B2E", "#F2C57C"), ("#2D4A7A", "#9AD1D4"), ("#5B2A86", "#F7B267"),
    ("#0F5C4A", "#F4E8C1"), ("#8C2F39", "#FCD581"), ("#3A5A40", "#DAD7CD"), ("#1B3A4B", "#F79256"),
    ("#4A1942", "#C9ADA7"), ("#264653", "#E9C46A"), ("#6B4226", "#D9BF77"), ("#283618", "#FEFAE0"),
]  # fmt: skip
IMAGES = len(PALETTES)


def picture(seed: int, size: int = 900) -> Image.Image:
    """An abstract placeholder: a two-colour gradient with soft rings."""
    rng = random.Random(seed)
    dark, light = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (size, size), dark)
    draw = ImageDraw.Draw(image)
    top, bottom = (
        Image.new("RGB", (1, 1), dark).getpixel((0, 0)),
        Image.new("RGB", (1, 1), light).getpixel((0, 0)),
    )
    for y in range(size):
        t = (y / size) ** 1.4 * 0.45
        draw.line(
            [(0, y), (size, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    for _ in range(7):
        r = rng.randint(size // 10, size // 3)
        x, y = rng.randint(0, size), rng.randint(0, size)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=light, width=max(2, size // 90))
    angle = rng.random() * math.tau
    cx, cy = size / 2 + math.cos(angle) * size / 5, size / 2 + math.sin(angle) * size / 5
    draw.ellipse([cx - size / 6, cy - size / 6, cx + size / 6, cy + size / 6], fill=light)
    return image.filter(ImageFilter.GaussianBlur(size / 300))


def businesses(count: int) -> list[dict[str, str]]:
    rows = []
    for k in range(count):
        craft = CRAFTS[k % len(CRAFTS)]
        place = PLACES[(k // len(CRAFTS) + k) % len(PLACES)]
        number = k // (len(CRAFTS) * len(PLACES))
        suffix = f" {number + 1}" if number else ""
        rows.append(
            {
                "id": f"{craft[2]}-{place[2]}{'-' + str(number + 1) if number else ''}",
                "name.ar": f"{craft[0]} {place[0]}{suffix}",
                "name.en": f"{place[1]} {craft[1]}{suffix}",
                "makes.ar": craft[3],
                "makes.en": craft[4],
                "mention": f"@{place[2]}.{craft[2]}{number + 1 if number else ''}"[:31],
                "hashtag": "#ادعم_المحلي",
                "image": f"media/place-{k % IMAGES + 1:02d}.jpg",
            }
        )
    return rows


def brand_logos() -> dict[str, Image.Image]:
    """The campaign's logo, its light version, and five made-up partners' logos of the shapes
    a real partner row mixes: a wide wordmark, a square emblem, a dark mark and a light mark
    on transparency, and a tall crest. All the names are invented."""
    font = ImageFont.load_default(size=56)
    logos: dict[str, Image.Image] = {}
    for name, ring, dot in (("logo", "#E0A526", "#1E6B52"), ("logo-light", "#FFFFFF", "#F2E8D5")):
        logo = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
        ImageDraw.Draw(logo).ellipse([40, 40, 360, 360], outline=ring, width=28)
        ImageDraw.Draw(logo).ellipse([140, 140, 260, 260], fill=dot)
        logos[name] = logo
    # A wide wordmark: a leaf and the name, 6:1.
    mark = Image.new("RGBA", (600, 100), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    draw.ellipse([8, 14, 80, 86], fill="#2F7D4A")
    draw.text((100, 50), "OLIVEWAY", font=font, fill="#2F7D4A", anchor="lm")
    logos["partner-oliveway"] = mark
    # A square emblem: a solid tile with a cut-out arch.
    mark = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    draw.rounded_rectangle([10, 10, 230, 230], radius=36, fill="#B5482E")
    draw.pieslice([60, 60, 180, 200], 180, 360, fill=(0, 0, 0, 0))
    draw.rectangle([60, 130, 180, 200], fill=(0, 0, 0, 0))
    logos["partner-archway"] = mark
    # Dark on transparent: three stacked bars and a short name, 2:1.
    mark = Image.new("RGBA", (360, 180), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    for k in range(3):
        draw.rectangle([10, 20 + k * 52, 130, 58 + k * 52], fill="#1B1F24")
    draw.text((150, 90), "BRIX", font=font, fill="#1B1F24", anchor="lm")
    logos["partner-brix"] = mark
    # Light on transparent: a white sun and rays, for dark grounds (on a light one it needs a plate).
    mark = Image.new("RGBA", (260, 260), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    draw.ellipse([80, 80, 180, 180], fill="#FFFFFF")
    for k in range(8):
        angle = k * math.pi / 4
        x, y = 130 + 105 * math.cos(angle), 130 + 105 * math.sin(angle)
        draw.line(
            [(130 + 65 * math.cos(angle), 130 + 65 * math.sin(angle)), (x, y)], fill="#FFFFFF", width=16
        )
    logos["partner-sunrise"] = mark
    # A tall crest, 2:3.
    mark = Image.new("RGBA", (200, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    draw.polygon([(10, 10), (190, 10), (190, 180), (100, 290), (10, 180)], fill="#264E86")
    draw.polygon([(100, 50), (150, 120), (100, 200), (50, 120)], fill="#F2E8D5")
    logos["partner-crest"] = mark
    return logos


PARTNERS = [
    ("partner-oliveway", "Oliveway Growers", "مزارعو أوليفواي"),
    ("partner-archway", "Archway Makers", "صنّاع القنطرة"),
    ("partner-brix", "Brix Builders Union", "اتحاد بناة بريكس"),
    ("partner-sunrise", "Sunrise Fund", "صندوق الشروق"),
    ("partner-crest", "Crestline Cooperative", "تعاونية كرستلاين"),
]
"""The made-up partners: logo file stem, name in English and in Arabic (the alt text's)."""


def campaign() -> dict[str, object]:
    return {
        "$schema": "../community-stories/campaign.schema.json",
        "schema_version": 2,
        "id": "support-local-jordan",
        "title": {"ar": "ادعم المحلي في الأردن", "en": "Support Local Jordan"},
        "tagline": {"ar": "مشاريع صغيرة تصنع الفرق في مدننا", "en": "Small businesses that make our towns"},
        "call_to_action": {"ar": "اشترِ من جارك وشارك المنشور", "en": "Buy from your neighbour and share this post"},
        "hashtags": ["#ادعم_المحلي", "#SupportLocalJordan"],
        "brand": {
            "primary": "#1E6B52", "secondary": "#F2E8D5", "accent": "#E0A526",
            "logo": "media/logo.png", "logo_light": "media/logo-light.png",
            "partners": [
                {"file": f"media/{stem}.png", "name": {"ar": ar, "en": en}} for stem, en, ar in PARTNERS
            ],
        },
        "people": [
            {
                "id": "coordinator",
                "name": {"ar": "فريق ادعم المحلي", "en": "Support Local team"},
                "group": {"ar": "متطوعون في عمّان", "en": "Volunteers in Amman"},
                "country": "JO",
                "country_name": {"ar": "الأردن", "en": "Jordan"},
                "members": 120,
                "members_label": {"ar": "مشروع محلي", "en": "local businesses"},
                "quote": {"ar": "كل شراء من جارك يبقي مدينتنا حية.", "en": "Every purchase from a neighbour keeps our town alive."},
                "story": {"ar": "نجمع المشاريع الصغيرة في مدن الأردن وننشر قصصها.", "en": "We gather small businesses across Jordan's towns and share their stories."},
                "media": ["media/place-01.jpg"],
            }
        ],
        "spotlights": {"from": "businesses.xlsx", "sheet": "Jordan"},
        "outputs": {"cards": [{"template": "spotlight", "presets": ["instagram-square", "instagram-story", "x-image"]}]},
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--count", type=int, default=120, help="businesses in the sheet (default: %(default)s)"
    )
    parser.add_argument("--out", type=Path, default=HERE, help="folder (default: this one)")
    args = parser.parse_args(argv)
    import openpyxl

    media = args.out / "media"
    media.mkdir(parents=True, exist_ok=True)
    for k in range(IMAGES):
        picture(k).save(media / f"place-{k + 1:02d}.jpg", quality=88)
    for stem, logo in brand_logos().items():
        logo.save(media / f"{stem}.png", optimize=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Jordan"
    rows = businesses(args.count)
    header = list(rows[0])
    sheet.append(header)
    for row in rows:
        sheet.append([row[h] for h in header])
    book.save(args.out / "businesses.xlsx")
    (args.out / "campaign.json").write_text(
        json.dumps(campaign(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {args.count} businesses, {IMAGES} pictures and campaign.json to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
