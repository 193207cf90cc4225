"""The rounds of the seed letters (../shared/seeds/), as data, and their loader.

The letters' facts are kept as written, mistakes included; the round validation reports
them (see DOMAIN.md, "Things in the seeds a careful system catches"). Reading choices
where a letter is silent:

- Seed 000 (FY 2562) is headed Chiang Mai, but its enclosure, address line, postcode and
  telephone are Chachoengsao's. The round's province is the heading's (Chiang Mai); the
  "อำเภอละ …" quotas are given to the districts of the province the guidelines enclosure
  names (Chachoengsao), so validation reports both contradictions.
- Seed 000/002 name no rating year for "Quadrant D" or "1–3 stars": the latest rating up
  to the year before the fiscal year is used. "Quadrant D with potential, or 1–3 stars"
  is an either/or group; the "with potential" judgement is asked of every nomination.
- Seed 002 and 003 state no return deadline and no allocation register: none is stored,
  and validation says so.
- Seed 003 (OPC 2565) is the application side: producers registered 2557–2564, at most
  2 products per producer (`max_products_per_producer`), default score bands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from allocations.models import QuotaKind
from allocations.services import quota_set_many
from registry.models import District, Province
from registry.places import PlaceIndex
from selection.models import Program, Round, RoundStatus
from selection.rules import DEFAULT_STAR_BANDS
from selection.services import round_set_rules, round_set_status

OWNING_UNIT = "สำนักงานพัฒนาชุมชนจังหวัด กลุ่มงานส่งเสริมการพัฒนาชุมชน"
POTENTIAL = "มีศักยภาพ ความพร้อมในการเข้าสู่กระบวนการพัฒนาผลิตภัณฑ์ และสามารถยกระดับการพัฒนาเข้าสู่ตลาดได้"

_LETTER_000 = {
    "letter_number": "ฉข ๐๐๑๙/ว ๖๐๑๑",
    "letter_date": dt.date(2018, 11, 6),
    "deadline": dt.date(2018, 11, 12),
    "urgency": "most_urgent",
    "office_address": "ศาลากลางจังหวัดเชียงใหม่\nถนนเรืองวุฒิ ฉข ๒๔๐๐๐",
    "subject": "โครงการเพิ่มประสิทธิภาพการบริหารจัดการและพัฒนาผลิตภัณฑ์ชุมชน ปีงบประมาณ พ.ศ. ๒๕๖๒",
    "addressee": "นายอำเภอ",
    "enclosures": [
        {"title": "แนวทางการคัดเลือกกลุ่มเป้าหมาย", "count": "๑ ฉบับ"},
        {"title": "แบบรายงานคัดเลือกผลิตภัณฑ์ OTOP กลุ่มปรับตัวสู่การพัฒนา", "count": "๑ ฉบับ"},
        {"title": "แบบรายงานคัดเลือกกลุ่มผู้ผลิตชุมชน", "count": "๑ ฉบับ"},
    ],
    "guidelines_title": (
        "แนวทางการดำเนินงานโครงการเพิ่มประสิทธิภาพการบริหารจัดการและพัฒนาผลิตภัณฑ์ชุมชน "
        "ปีงบประมาณ พ.ศ. ๒๕๖๒ จังหวัดฉะเชิงเทรา"
    ),
    "signatory_name": "นายจักรพันธ์ ตระการศาสตร์",
    "signatory_position": (
        "นักวิชาการพัฒนาชุมชนชำนาญการพิเศษ รักษาการแทน\nพัฒนาการจังหวัด ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัดเชียงใหม่"
    ),
    "owning_unit": OWNING_UNIT,
    "phone": "๐-๓๘๕๑-๑๒๓๙",
    "fax": "๐-๓๘๕๑-๑๒๓๙",
    "slogan": "กรมการพัฒนาชุมชน : เศรษฐกิจฐานรากมั่นคงและชุมชนพึ่งตนเองได้ภายในปี ๒๕๖๕",
}


def _kbo_old_rules(last_year: int) -> list[dict]:
    """KBO of seeds 000/002: community groups registered 2557–last_year with a Quadrant D
    product with potential or a 1–3 star product."""
    return [
        {
            "title": "เกณฑ์หลัก",
            "criteria": [
                {"kind": "producer_type", "params": {"types": ["group"]}},
                {
                    "kind": "registration_year",
                    "params": {"of": "producer", "min": 2557, "max": last_year},
                },
                {
                    "kind": "quadrant",
                    "params": {"quadrants": ["D"], "year": last_year, "latest": True},
                    "any_group": 1,
                },
                {
                    "kind": "star_level",
                    "params": {"min": 1, "max": 3, "year": last_year, "latest": True},
                    "any_group": 1,
                },
                {"kind": "officer_judgement", "params": {"text": "ผลิตภัณฑ์มีศักยภาพ"}},
            ],
        }
    ]


SEED_ROUNDS = [
    {
        "slug": "qd-2562-chiang-mai",
        "program": "QD",
        "fiscal_year": 2562,
        "province": "50",
        "title": "พัฒนาคุณภาพมาตรฐานผลิตภัณฑ์ OTOP กลุ่มปรับตัวสู่การพัฒนา ปีงบประมาณ ๒๕๖๒",
        "letter": _LETTER_000,
        "tiers": [
            {
                "title": "เกณฑ์หลัก",
                "criteria": [
                    {
                        "kind": "registration_year",
                        "params": {"of": "product", "min": 2557, "max": 2561},
                        "explanation": "ผลิตภัณฑ์ OTOP ที่ลงทะเบียนในปี พ.ศ. ๒๕๕๗ – ๒๕๖๑",
                    },
                    {
                        "kind": "quadrant",
                        "params": {"quadrants": ["D"], "year": 2561, "latest": True},
                        "explanation": "อยู่ในกลุ่มปรับตัวสู่การพัฒนา (กลุ่ม Quadrant D)",
                    },
                    {"kind": "officer_judgement", "params": {"text": POTENTIAL}},
                ],
            }
        ],
        "quota_province": "24",
        "quota": (6, QuotaKind.AT_LEAST, "อำเภอละ ๖ ผลิตภัณฑ์ขึ้นไป"),
    },
    {
        "slug": "kbo-2562-chiang-mai",
        "program": "KBO",
        "fiscal_year": 2562,
        "province": "50",
        "title": "การพัฒนาศักยภาพเครือข่ายองค์ความรู้ KBO จังหวัด ปีงบประมาณ ๒๕๖๒",
        "letter": _LETTER_000,
        "tiers": _kbo_old_rules(2561),
        "quota_province": "24",
        "quota": (2, QuotaKind.EXACT, "อำเภอละ ๒ กลุ่ม"),
    },
    {
        "slug": "kbo-2563-chachoengsao",
        "program": "KBO",
        "fiscal_year": 2563,
        "province": "24",
        "title": "โครงการส่งเสริมกระบวนการเครือข่ายองค์ความรู้ KBO ปีงบประมาณ ๒๕๖๓",
        "letter": {
            "letter_number": "ฉช ๐๐๑๙/ว ๖๓๕๔",
            "letter_date": dt.date(2019, 12, 21),
            "deadline": None,
            "urgency": "most_urgent",
            "office_address": "ศาลากลางจังหวัดฉะเชิงเทรา\nถนนเรืองวุฒิ ฉช ๒๔๐๐๐",
            "subject": (
                "การดำเนินงานโครงการส่งเสริมกระบวนการเครือข่ายองค์ความรู้ KBO (Knowledge – Based OTOP)"
            ),
            "addressee": "นายอำเภอ",
            "reference": ("หนังสือจังหวัดฉะเชิงเทรา ด่วนมาก ที่ ฉช ๐๐๑๙/ว ๕๔๓๖ ลงวันที่ ๑๑ พฤศจิกายน ๒๕๖๒"),
            "signatory_name": "นายสุรยุทธ์ แก้วกุลบริษา",
            "signatory_position": ("รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัดฉะเชิงเทรา"),
            "owning_unit": OWNING_UNIT,
            "phone": "๐ - ๓๘๕๑ - ๓๔๖๐",
            "fax": "๐ - ๓๘๕๑ - ๑๒๓๙",
            "slogan": "เศรษฐกิจฐานรากมั่นคงและชุมชนพึ่งตนเองได้ ภายในปี ๒๕๖๕",
        },
        "tiers": _kbo_old_rules(2562),
    },
    {
        "slug": "kbo-2568-phayao",
        "program": "KBO",
        "fiscal_year": 2568,
        "province": "56",
        "title": "โครงการส่งเสริมกระบวนการเครือข่ายองค์ความรู้ (Knowledge Based OTOP : KBO) "
        "ปีงบประมาณ ๒๕๖๘",
        "letter": {
            "letter_number": "พย ๐๐๑๙.๒/ว ๑๕๒๘๖",
            "letter_date": dt.date(2024, 12, 5),
            "deadline": dt.date(2024, 6, 4),
            "urgency": "",
            "office_address": "ศาลากลางจังหวัดพะเยา\nถนนพหลโยธิน พย ๕๖๐๐๐",
            "subject": (
                "การดำเนินโครงการส่งเสริมกระบวนการเครือข่ายองค์ความรู้ (Knowledge Based OTOP : KBO)"
            ),
            "addressee": "นายอำเภอ ทุกอำเภอ",
            "enclosures": [
                {"title": "แนวทางการคัดเลือกกลุ่มผู้ผลิต ผู้ประกอบการ OTOP", "count": "๑ ฉบับ"},
                {"title": "ทะเบียนจัดสรรกลุ่มเป้าหมายฯ", "count": "๑ ฉบับ"},
                {"title": "แบบแจ้งรายชื่อกลุ่มเป้าหมายฯ", "count": "๑ ฉบับ"},
            ],
            "guidelines_title": (
                "แนวทางการคัดเลือกกลุ่มผู้ผลิต ผู้ประกอบการ OTOP ตามโครงการส่งเสริมกระบวนการ"
                "เครือข่ายองค์ความรู้ (Knowledge Based OTOP : KBO) ประจำปี ๒๕๖๘"
            ),
            "register_title": (
                "ทะเบียนจัดสรรกลุ่มเป้าหมาย เข้าร่วมโครงการส่งเสริมกระบวนการเครือข่าย"
                "องค์ความรู้ (Knowledge Based OTOP : KBO) ประจำปี ๒๕๖๗"
            ),
            "signatory_name": "นายรัช ใสสม",
            "signatory_position": "พัฒนาการจังหวัด ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัดพะเยา",
            "owning_unit": OWNING_UNIT,
            "phone": "๐-๕๕๕๕-๕๕๕๕",
        },
        "tiers": [
            {
                "title": "เกณฑ์หลัก (ข้อ ๑–๒)",
                "criteria": [
                    {
                        "kind": "producer_type",
                        "params": {"types": ["group"]},
                        "explanation": "เป็นผู้ผลิต ผู้ประกอบการ OTOP ประเภทกลุ่มผู้ผลิตชุมชนเท่านั้น "
                        "(ไม่เป็นประเภทรายเดี่ยวและประเภท SME)",
                    },
                    {
                        "kind": "star_level",
                        "params": {"min": 1, "max": 3, "year": 2567},
                        "explanation": "มีผลิตภัณฑ์ ระดับ ๑ – ๓ ดาว ปี ๒๕๖๗",
                    },
                    {
                        "kind": "not_participant",
                        "params": {"program": "KBO", "fiscal_year": 2567},
                        "explanation": "ไม่ซ้ำกับที่เคยเข้าร่วมโครงการ KBO ในปีงบประมาณ พ.ศ. ๒๕๖๗",
                    },
                ],
            },
            {
                "title": "แนวทางเพิ่มเติม (ข้อ ๓–๔) เมื่อกลุ่มเป้าหมายตามเกณฑ์หลักไม่เพียงพอ",
                "criteria": [
                    {
                        "kind": "producer_type",
                        "params": {"types": ["group"]},
                        "explanation": "ผู้ประกอบการ OTOP ประเภทกลุ่มผู้ผลิตชุมชน",
                    },
                    {
                        "kind": "quadrant",
                        "params": {"quadrants": ["D"], "year": 2567},
                        "explanation": "มีผลิตภัณฑ์กลุ่มปรับตัวสู่การพัฒนา (Quadrant D) ปี ๒๕๖๗",
                    },
                    {
                        "kind": "not_participant",
                        "params": {"program": "KBO", "fiscal_year": 2567},
                        "explanation": "ไม่ซ้ำกับที่เคยเข้าร่วมโครงการ KBO ในปีงบประมาณ พ.ศ. ๒๕๖๗",
                    },
                    {
                        "kind": "not_target",
                        "params": {"program": "QD", "fiscal_year": 2568},
                        "explanation": "ไม่ซ้ำกับกลุ่มเป้าหมายโครงการพัฒนาผลิตภัณฑ์ OTOP "
                        "กลุ่มปรับตัวเข้าสู่การพัฒนา (Quadrant D) ปีงบประมาณ พ.ศ. ๒๕๖๘",
                    },
                ],
            },
        ],
        "register": [
            ("เมืองพะเยา", 6),
            ("แม่ใจ", 2),
            ("ภูกามยาว", 1),
            ("ดอกคำใต้", 4),
            ("จุน", 1),
            ("ปง", 2),
            ("เชียงม่วน", 1),
            ("เชียงคำ", 1),
            ("ภูซาง", 2),
        ],
    },
    {
        "slug": "opc-2565-sakon-nakhon",
        "program": "OPC",
        "fiscal_year": 2565,
        "province": "47",
        "title": "การคัดสรรสุดยอดหนึ่งตำบล หนึ่งผลิตภัณฑ์ไทย ปี ๒๕๖๕ (OPC) ระดับจังหวัด",
        "max_products_per_producer": 2,
        "settings": {"star_bands": DEFAULT_STAR_BANDS},
        "letter": {
            "letter_number": "สน ๐๐๑๙.๓/ว ๕๔๗๑",
            "letter_date": dt.date(2022, 3, 25),
            "deadline": None,
            "urgency": "most_urgent",
            "office_address": "ศาลากลางจังหวัดสกลนคร\nถนนศูนย์ราชการ สน ๔๗๐๐๐",
            "subject": (
                "โครงการการคัดสรรสุดยอดหนึ่งตำบล หนึ่งผลิตภัณฑ์ไทย ปี พ.ศ. ๒๕๖๕ (OTOP Product Champion : OPC)"
            ),
            "addressee": "นายอำเภอ ทุกอำเภอ",
            "enclosures": [
                {"title": "กรอบแนวทางและหลักเกณฑ์การคัดสรรฯ", "count": "๑ ชุด"},
                {"title": "แผนการดำเนินการคัดสรรฯ", "count": "๑ ฉบับ"},
            ],
            "guidelines_title": (
                "กรอบแนวทางและหลักเกณฑ์การคัดสรรฯ โครงการคัดสรรสุดยอดหนึ่งตำบล "
                "หนึ่งผลิตภัณฑ์ไทย ปี พ.ศ. ๒๕๖๕ (OTOP Product Champion : OPC) ระดับจังหวัด"
            ),
            "signatory_name": "นายสมาน พัวโพธิ์",
            "signatory_position": "พัฒนาการจังหวัด ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัดสกลนคร",
            "owning_unit": OWNING_UNIT,
            "phone": "๐-๔๒๗๑-๑๕๕๔",
            "fax": "๐-๔๒๗๑-๑๕๕๔",
            "slogan": "“อยู่สกล รักสกล ทำเพื่อสกลนคร”",
        },
        "tiers": [
            {
                "title": "ผู้มีสิทธิ์สมัคร",
                "criteria": [
                    {
                        "kind": "registration_year",
                        "params": {"of": "producer", "min": 2557, "max": 2564},
                        "explanation": "ผู้ผลิต/ผู้ประกอบการสินค้า OTOP ที่ขึ้นทะเบียนปี ๒๕๕๗-๒๕๖๔",
                    }
                ],
            }
        ],
    },
]


# Higher layers add their own seed rounds (opc: the PSO round and the OPC timeline)
# from their AppConfig.ready, so this module never imports them.
_SEED_LOADERS: dict[str, Callable[[], dict[str, str]]] = {}


def register_seed_loader(name: str, loader: Callable[[], dict[str, str]]) -> None:
    """Add a loader run at the end of `load_seed_rounds` (idempotent by name)."""
    _SEED_LOADERS[name] = loader


@transaction.atomic
def load_seed_rounds() -> dict[str, str]:
    """Create or update the seed rounds; returns {slug: "created" | "updated" | "kept"}.

    Idempotent: a second run changes nothing. A round someone has opened is kept as is.
    """
    places = PlaceIndex.from_database()
    outcome = {}
    for spec in SEED_ROUNDS:
        outcome[spec["slug"]] = _round_upsert(spec, places)
    for loader in _SEED_LOADERS.values():
        outcome.update(loader())
    return outcome


DEMO_ROUND_SLUG = "kbo-2568-phayao-demo"


@transaction.atomic
def load_demo_round(*, today: dt.date) -> str:
    """An open copy of seed 001 for the demo, dated around `today` so officers can work.

    Seed 001's own round stays a draft: its letter gives a deadline before the letter date,
    which round validation refuses (as it should). The copy keeps the rules, quotas and
    fiscal year the demo registry is shaped for, is dated a week ago with the deadline
    three weeks ahead, corrects the register title's year (๒๕๖๗), and is opened through
    the same validation. Kept as is once opened.
    """
    seed = next(spec for spec in SEED_ROUNDS if spec["slug"] == "kbo-2568-phayao")
    letter = {
        **seed["letter"],
        "letter_number": "พย ๐๐๑๙.๒/ว (สาธิต)",
        "letter_date": today - dt.timedelta(days=7),
        "deadline": today + dt.timedelta(days=21),
        "register_title": seed["letter"]["register_title"].replace("๒๕๖๗", "๒๕๖๘"),
    }
    spec = {**seed, "slug": DEMO_ROUND_SLUG, "title": f"{seed['title']} (สาธิต)", "letter": letter}
    outcome = _round_upsert(spec, PlaceIndex.from_database())
    if outcome != "kept":
        round_set_status(round_=Round.objects.get(slug=DEMO_ROUND_SLUG), status=RoundStatus.OPEN)
    return outcome


def _round_upsert(spec: dict, places: PlaceIndex) -> str:
    """Create or update one round from its spec; a round someone has opened is kept."""
    round_ = Round.objects.filter(slug=spec["slug"]).first()
    if round_ and round_.status != RoundStatus.DRAFT:
        return "kept"
    outcome = "updated" if round_ else "created"
    round_ = round_ or Round(slug=spec["slug"])
    round_.program = Program.objects.get(code=spec["program"])
    round_.fiscal_year = spec["fiscal_year"]
    round_.province = Province.objects.get(code=spec["province"])
    round_.title = spec["title"]
    round_.max_products_per_producer = spec.get("max_products_per_producer")
    round_.settings = spec.get("settings", {})
    for name, value in spec["letter"].items():
        setattr(round_, name, value)
    round_.full_clean()
    round_.save()
    round_set_rules(round_=round_, tiers=spec["tiers"])
    quota_set_many(round_=round_, amounts=_quotas(spec, places))
    return outcome


def _quotas(spec, places: PlaceIndex) -> dict:
    if "register" in spec:
        return {
            places.district(name, spec["province"]).code: (amount, QuotaKind.EXACT, "")
            for name, amount in spec["register"]
        }
    if "quota" in spec:
        codes = District.objects.filter(province_id=spec["quota_province"]).values_list(
            "code", flat=True
        )
        return {code: spec["quota"] for code in codes}
    return {}
