"""A small KBO-like round for the nomination tests, built with plain objects.create.

Rules: tier 1 = community group with a 1–3 star product in 2567; tier 2 (fallback) =
community group with a Quadrant D product in 2567.

เมืองพะเยา (5601), quota exactly 2: tier 1 = M1, M2, M3; fallback = MF1 (never needed,
tier 1 has 3 ≥ 2); MX (4 stars) fits no tier.
แม่ใจ (5607), quota at least 3: tier 1 = J1; fallback = JF1, JF2, JF3 (tier 1 is short
by 2, so two fallback nominations are allowed, not three).
"""

import datetime as dt

from allocations.models import Quota, QuotaKind
from changelog.models import ChangeLog
from selection.models import RoundStatus
from tests.base import make_producer, make_product
from tests.selection.data import make_round

TIER1 = [
    ("producer_type", {"types": ["group"]}),
    ("star_level", {"min": 1, "max": 3, "year": 2567}),
]
TIER2 = [("producer_type", {"types": ["group"]}), ("quadrant", {"quadrants": ["D"], "year": 2567})]


def build_round(case, *, slug="kbo-nom", deadline_days=10, judgement=False):
    tier1 = [*TIER1, ("officer_judgement", {"text": "มีศักยภาพ"})] if judgement else TIER1
    round_ = make_round(
        "KBO",
        2568,
        case.phayao,
        slug=slug,
        tiers=[tier1, TIER2],
        status=RoundStatus.OPEN,
        deadline=dt.date.today() + dt.timedelta(days=deadline_days),
    )
    Quota.objects.create(round=round_, district=case.mueang, amount=2, kind=QuotaKind.EXACT)
    Quota.objects.create(round=round_, district=case.mae_chai, amount=3, kind=QuotaKind.AT_LEAST)
    return round_


def build_registry(case, prefix=""):
    """Producers of the module docstring; returns {name: producer}."""
    made = {}
    for name, district, history in [
        ("M1", case.mueang, {"stars": {2567: 2}}),
        ("M2", case.mueang, {"stars": {2567: 3}}),
        ("M3", case.mueang, {"stars": {2567: 1}}),
        ("MF1", case.mueang, {"quadrant": {2567: "D"}}),
        ("MX", case.mueang, {"stars": {2567: 4}}),
        ("J1", case.mae_chai, {"stars": {2567: 2}}),
        ("JF1", case.mae_chai, {"quadrant": {2567: "D"}}),
        ("JF2", case.mae_chai, {"quadrant": {2567: "D"}}),
        ("JF3", case.mae_chai, {"quadrant": {2567: "D"}}),
    ]:
        producer = make_producer(f"{prefix}{name}", district)
        make_product(f"{prefix}{name}-01", producer, **history)
        made[name] = producer
    return made


def ensure_programs():
    """Transactional tests flush the programs of the data migration: put them back."""
    import importlib

    from selection.models import Program

    migration = importlib.import_module("selection.migrations.0002_programs")
    for code, name_th, name_en, unit in migration.PROGRAMS:
        Program.objects.update_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "unit": unit}
        )


def submission_changes():
    """The change log rows of every district's submission (the timelines), oldest first."""
    return ChangeLog.objects.filter(object_type="nominations.submission").order_by(
        "created_at", "pk"
    )
