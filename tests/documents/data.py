"""The round of seed 001 (KBO FY 2568, Phayao), corrected, and a 25-district variant."""

import datetime as dt

from allocations.models import Quota
from documents.models import LETTER_MODEL_FIELDS, Letter, Urgency
from registry.models import District, Participation
from selection.models import Criterion, Program, Round, RoundStatus, Tier

SEED_001_QUOTAS = [
    ("เมืองพะเยา", 6),
    ("แม่ใจ", 2),
    ("ภูกามยาว", 1),
    ("ดอกคำใต้", 4),
    ("จุน", 1),
    ("ปง", 2),
    ("เชียงม่วน", 1),
    ("เชียงคำ", 1),
    ("ภูซาง", 2),
]

TIERS = [
    [
        (
            "producer_type",
            {"types": ["group"]},
            "เป็นผู้ผลิต ผู้ประกอบการ OTOP ประเภทกลุ่มผู้ผลิตชุมชนเท่านั้น "
            "(ไม่เป็นประเภทรายเดี่ยวและประเภท SME) ที่มีผลิตภัณฑ์ ระดับ 1 – 3 ดาว ปี 2567",
        ),
        ("star_level", {"min": 1, "max": 3, "year": 2567}, "มีผลิตภัณฑ์ระดับ 1 – 3 ดาว ปี 2567"),
        (
            "not_participant",
            {"program": "KBO", "fiscal_year": 2567},
            "กลุ่มเป้าหมายต้องไม่ซ้ำกับที่เคยเข้าร่วมโครงการส่งเสริมกระบวนการเครือข่ายองค์ความรู้ "
            "(Knowledge Based OTOP : KBO) ในปีงบประมาณ พ.ศ. 2567",
        ),
    ],
    [
        ("producer_type", {"types": ["group"]}, "เป็นผู้ผลิต ผู้ประกอบการ OTOP ประเภทกลุ่มผู้ผลิตชุมชน"),
        (
            "quadrant",
            {"quadrants": ["D"], "year": 2567},
            "ที่มีผลิตภัณฑ์กลุ่มปรับตัวสู่การพัฒนา (Quadrant D) ปี 2567",
        ),
        (
            "not_participant",
            {"program": "KBO", "fiscal_year": 2567},
            "กลุ่มเป้าหมายต้องไม่ซ้ำกับที่เคยเข้าร่วมโครงการส่งเสริมกระบวนการเครือข่ายองค์ความรู้ "
            "(Knowledge Based OTOP : KBO) ในปีงบประมาณ พ.ศ. 2567",
        ),
        (
            "not_target",
            {"program": "QD", "fiscal_year": 2568},
            "ต้องไม่ซ้ำกับกลุ่มเป้าหมายที่เข้าร่วมโครงการพัฒนาผลิตภัณฑ์ OTOP กลุ่มปรับตัวเข้าสู่การพัฒนา "
            "(Quadrant D) ให้มีคุณภาพมาตรฐาน ประจำปีงบประมาณ พ.ศ. 2568",
        ),
    ],
]


def make_seed_round(province, quotas=None, *, slug="kbo-2568-phayao", **fields) -> Round:
    """A KBO 2568 round as seed 001 should have been: deadline after the letter date."""
    defaults = {
        "letter_number": "พย 0019.2/ว 15286",
        "letter_date": dt.date(2024, 12, 5),
        "deadline": dt.date(2024, 12, 20),
        "urgency": Urgency.MOST_URGENT,
        "office_address": f"ศาลากลางจังหวัด{province.name_th}\nถนนพหลโยธิน พย 56000",
        "subject": "การดำเนินโครงการส่งเสริมกระบวนการเครือข่ายองค์ความรู้ (Knowledge Based OTOP : KBO) "
        "ปีงบประมาณ พ.ศ. 2568",
        "addressee": "นายอำเภอ ทุกอำเภอ",
        "reference": "หนังสือกรมการพัฒนาชุมชน ที่ มท 0406.4/ว 1234 ลงวันที่ 1 พฤศจิกายน 2567",
        "guidelines_title": "แนวทางการคัดเลือกกลุ่มผู้ผลิต ผู้ประกอบการ OTOP ตามโครงการส่งเสริม"
        "กระบวนการเครือข่ายองค์ความรู้ (Knowledge Based OTOP : KBO) ประจำปี 2568",
        "register_title": "ทะเบียนจัดสรรกลุ่มเป้าหมาย เข้าร่วมโครงการส่งเสริมกระบวนการเครือข่าย"
        "องค์ความรู้ (Knowledge Based OTOP : KBO) ประจำปี 2568",
        "signatory_name": "นายรัช ใสสม",
        "signatory_position": f"พัฒนาการจังหวัด ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัด{province.name_th}",
        "owning_unit": "สำนักงานพัฒนาชุมชนจังหวัด\nกลุ่มงานส่งเสริมการพัฒนาชุมชน",
        "phone": "0-5555-5555",
        "fax": "0-5555-5556",
        "slogan": "เศรษฐกิจฐานรากมั่นคง ชุมชนพึ่งตนเองได้",
    }
    values = {**defaults, **fields}
    round_ = Round.objects.create(
        program=Program.objects.get(code="KBO"),
        fiscal_year=2568,
        province=province,
        slug=slug,
        title="KBO 2568",
        **{k: v for k, v in values.items() if k not in LETTER_MODEL_FIELDS},
    )
    Letter.objects.create(
        round=round_, **{k: v for k, v in values.items() if k in LETTER_MODEL_FIELDS}
    )
    for order, criteria in enumerate(TIERS, start=1):
        tier = Tier.objects.create(round=round_, order=order)
        for position, (kind, params, explanation) in enumerate(criteria, start=1):
            Criterion.objects.create(
                tier=tier, order=position, kind=kind, params=params, explanation=explanation
            )
    if quotas is None:
        by_name = {d.name_th: d for d in District.objects.filter(province=province)}
        quotas = [(by_name[name], amount) for name, amount in SEED_001_QUOTAS]
    for district, amount in quotas:
        Quota.objects.create(round=round_, district=district, amount=amount)
    # The rule "not a KBO participant in 2567" needs participation history to exist.
    if not Participation.objects.filter(program="KBO", fiscal_year=2567).exists():
        from tests.base import make_producer

        other = District.objects.filter(province=province).first()
        Participation.objects.create(
            program="KBO", fiscal_year=2567, producer=make_producer("PAST-KBO-1", other)
        )
    if not Round.objects.filter(program="QD", fiscal_year=2568, province=province).exists():
        Round.objects.create(
            program=Program.objects.get(code="QD"),
            fiscal_year=2568,
            province=province,
            slug=f"qd-2568-{province.code}",
            title="QD 2568",
        )
    return round_


def make_open_seed_round(province) -> Round:
    """The seed-001 round, open, its letter dated today and the deadline 30 days ahead
    (status set directly: the seed letter's other fields are not the point of such tests)."""
    today = dt.date.today()
    round_ = make_seed_round(province, letter_date=today, deadline=today + dt.timedelta(30))
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.OPEN)
    round_.refresh_from_db()
    return round_
