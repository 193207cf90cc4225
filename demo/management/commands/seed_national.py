"""National synthetic data: the registry of every district, a KBO round per province, users.

For the production-shape stack and the load test (`bin/prod-local`, `bench/load.py`),
never for a real database: every user it makes shares one known password.

- Registry: `demo.national.build_registry` (deterministic from --seed; ~100,000
  products of ~38,000 producers over all 928 districts, 10 years of stars, Quadrant groups
  and participation).
- Rounds: one KBO FY 2568 round per province (77), open, with the tiers of the KBO 2568
  seed round (seed 001, Phayao) read from its round definition file, and an exact
  quota of 1–4 for every district of the province (deterministic from --seed).
- Users: `district-<code>` (district officer) for each of the 928 districts and
  `province-<code>` (provincial staff) for each of the 77 provinces.

Running it again keeps what is there and adds what is missing (`--reset` rebuilds it).

It lives in the demo app, the top layer, which may import every app.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role
from allocations.models import Quota, QuotaKind
from demo import national
from demo.rounds import round_definition_read
from documents.models import Letter
from registry.models import District, Producer, Province
from selection.models import Program, Round, RoundStatus
from selection.services import round_set_rules

SEED_ROUND_SLUG = "kbo-2568-phayao"  # the round whose rules every national round copies
SLUG_PREFIX = "national-kbo-2568-"
DISTRICT_USER = "district-{code}"
PROVINCE_USER = "province-{code}"
DEFAULT_PASSWORD = "otop-national-2568"  # noqa: S105 (test data only; printed)
QUOTA_CHOICES = (1, 1, 2, 2, 2, 3, 3, 4)
DEADLINE_DAYS = 30


class Command(BaseCommand):
    help = (
        "สร้างข้อมูลสังเคราะห์ระดับประเทศ: ทะเบียน OTOP ทุกอำเภอ รอบ KBO 2568 ทุกจังหวัดพร้อมจำนวนจัดสรร "
        "และผู้ใช้ทุกอำเภอ/จังหวัด (สำหรับทดสอบเท่านั้น) / National synthetic data: registry of "
        "every district, a KBO round per province with quotas, users (testing only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=100_000, help="จำนวนผลิตภัณฑ์")
        parser.add_argument("--seed", type=int, default=2568, help="ค่าตั้งต้นของการสุ่ม")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="รหัสผ่านของผู้ใช้ทุกคนที่สร้าง")
        parser.add_argument(
            "--reset", action="store_true", help="ลบข้อมูลสังเคราะห์เดิม (รอบ ผู้ใช้ ทะเบียน) แล้วสร้างใหม่"
        )

    def handle(self, *args, products, seed, password, reset, **options):
        if products < 1:
            raise CommandError("--products ต้องมากกว่า 0")
        if not District.objects.exists():
            raise CommandError("ยังไม่มีข้อมูลจังหวัด อำเภอ: รัน migrate หรือ load_geography ก่อน")
        started = time.monotonic()
        if reset:
            self._reset()
        if Producer.objects.filter(code__startswith=national.PREFIX).exists():
            self.stdout.write(
                "ทะเบียนสังเคราะห์มีอยู่แล้ว: ไม่สร้างซ้ำ (ใช้ --reset เพื่อสร้างใหม่ตาม --products/--seed)"
            )
        else:
            with transaction.atomic():
                counts = national.build_registry(products, seed)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # fresh planner statistics for 750,000 new rows
            self.stdout.write(
                f"ทะเบียน: {', '.join(f'{k} {v:,}' for k, v in counts.items())} "
                f"({time.monotonic() - started:.1f} วินาที)"
            )
        with transaction.atomic():
            made = rounds_create(seed=seed)
            users = users_create(password=password)
        self.stdout.write(f"รอบ KBO 2568: สร้างใหม่ {made} รอบ (รวม {_round_count()} จังหวัด)")
        self.stdout.write(
            f"ผู้ใช้: สร้างใหม่ {users} คน — เจ้าหน้าที่อำเภอ {DISTRICT_USER.format(code='<รหัสอำเภอ>')}, "
            f"เจ้าหน้าที่จังหวัด {PROVINCE_USER.format(code='<รหัสจังหวัด>')} "
            f"เช่น {DISTRICT_USER.format(code='5601')} / {PROVINCE_USER.format(code='56')}; "
            f"รหัสผ่านทุกบัญชี: {password}"
        )
        self.stdout.write(f"เสร็จใน {time.monotonic() - started:.1f} วินาที")

    def _reset(self):
        with transaction.atomic():
            Round.objects.filter(slug__startswith=SLUG_PREFIX).delete()
            get_user_model().objects.filter(username__regex=r"^(district|province)-\d+$").delete()
            removed = national.delete_registry()
        self.stdout.write(f"ลบข้อมูลสังเคราะห์เดิมแล้ว (ผู้ผลิต {removed:,} ราย)")


def _round_count() -> int:
    return Round.objects.filter(slug__startswith=SLUG_PREFIX).count()


def _seed_round_spec() -> dict:
    definition = round_definition_read(SEED_ROUND_SLUG)
    return {
        "program": definition.round.program,
        "fiscal_year": definition.round.fiscal_year,
        "title": definition.round.title,
        "letter": definition.letter,
        "tiers": definition.round.tiers,
    }


def rounds_create(*, seed: int) -> int:
    """One open KBO FY 2568 round per province with the seed round's tiers and a quota for
    every district; provinces that already have theirs are left alone. Returns rounds made.

    The rounds are opened directly, not through `round_set_status`: the copied letter
    (FY 2568, read in a later year, deadline in the future) would not pass the round
    validation, which is meant for real letters.
    """
    spec = _seed_round_spec()
    letter = spec["letter"]
    program = Program.objects.get(code=spec["program"])
    rng = random.Random(f"{seed}-quotas")  # noqa: S311 (synthetic data)
    existing = set(
        Round.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    )
    districts: dict[str, list[str]] = {}
    for code, province in District.objects.order_by("code").values_list("code", "province_id"):
        districts.setdefault(province, []).append(code)
    deadline = timezone.localdate() + dt.timedelta(days=DEADLINE_DAYS)
    made = 0
    for province in Province.objects.order_by("code"):
        # Draw every province's quotas, made or not, so one province's quotas do not
        # depend on which others already existed.
        quotas = {code: rng.choice(QUOTA_CHOICES) for code in districts.get(province.code, [])}
        slug = f"{SLUG_PREFIX}{province.code}"
        if slug in existing:
            continue
        round_ = Round(
            slug=slug,
            program=program,
            fiscal_year=spec["fiscal_year"],
            province=province,
            title=spec["title"],
            deadline=deadline,
        )
        round_.full_clean()
        round_.save()
        round_letter = Letter(
            round=round_,
            subject=letter["subject"],
            enclosures=letter.get("enclosures", []),
            guidelines_title=letter.get("guidelines_title", ""),
            register_title=letter.get("register_title", ""),
            office_address=f"ศาลากลางจังหวัด{province.name_th}",
            signatory_position=f"พัฒนาการจังหวัด ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัด{province.name_th}",
            owning_unit=letter.get("owning_unit", ""),
        )
        round_letter.full_clean()
        round_letter.save()
        round_set_rules(round_=round_, tiers=spec["tiers"])
        # 928 quotas: one bulk insert instead of quota_set_many's per-row validation
        # (about 10 s); the values are within the model's rules by construction.
        Quota.objects.bulk_create(
            Quota(round=round_, district_id=code, amount=amount, kind=QuotaKind.EXACT)
            for code, amount in quotas.items()
        )
        Round.objects.filter(pk=round_.pk).update(status=RoundStatus.OPEN)
        made += 1
    return made


def users_create(*, password: str) -> int:
    """A district officer per district and provincial staff per province, all with one
    password (hashed once: 1,005 slow hashes would take minutes). Returns users made."""
    user_model = get_user_model()
    existing = set(
        user_model.objects.filter(username__regex=r"^(district|province)-\d+$").values_list(
            "username", flat=True
        )
    )
    probe = user_model(username="probe")
    probe.set_password(password)
    rows = []
    for code, province in District.objects.order_by("code").values_list("code", "province_id"):
        username = DISTRICT_USER.format(code=code)
        if username not in existing:
            rows.append(
                user_model(
                    username=username,
                    password=probe.password,
                    role=Role.DISTRICT_OFFICER,
                    district_id=code,
                    province_id=province,
                )
            )
    for code in Province.objects.order_by("code").values_list("code", flat=True):
        username = PROVINCE_USER.format(code=code)
        if username not in existing:
            rows.append(
                user_model(
                    username=username,
                    password=probe.password,
                    role=Role.PROVINCIAL_STAFF,
                    province_id=code,
                )
            )
    user_model.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
