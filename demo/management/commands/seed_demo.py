"""Load the demo data of fixtures/: the registry and participation (.xlsx, through the
registry importers), the demo users (users.json), the seed rounds and the open demo round
(round definition files, through `round_import`).

Idempotent: everything is keyed by codes, usernames and slugs, so a second run changes
nothing (each run records its two imports in the import history).
"""

import time
import unicodedata

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.registry import KBO_2568_DESIGN, DemoDataRefused, demo_registry_load
from demo.users import demo_users_read, demo_users_upsert
from registry.models import District, Province


class Command(BaseCommand):
    help = (
        "โหลดข้อมูลสาธิต: ทะเบียน OTOP จังหวัดพะเยา (และเชียงรายบางส่วน) พร้อมผู้ใช้สาธิต ทำซ้ำได้โดยไม่เกิดข้อมูลซ้ำ"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="โหลดแม้ฐานข้อมูลมีผู้ใช้อื่นนอกจากผู้ใช้สาธิต (ผู้ใช้สาธิตมีรหัสผ่านที่รู้กันทั่วไป)",
        )

    def handle(self, *args, force=False, **options):
        started = time.monotonic()
        district_names = dict(District.objects.values_list("code", "name_th"))
        self._names = {**district_names, **dict(Province.objects.values_list("code", "name_th"))}
        try:
            users = demo_users_read()
        except ValueError as error:
            raise CommandError(str(error)) from error
        self._refuse_real_database(users.users, force)
        if not district_names:
            raise CommandError("ยังไม่มีข้อมูลจังหวัด อำเภอ ตำบล: รัน migrate หรือ load_geography ก่อน")

        try:
            with transaction.atomic():
                counts = demo_registry_load()
                demo_users_upsert(demo=users)
        except DemoDataRefused as error:
            raise CommandError(f"ไฟล์ข้อมูลสาธิตนำเข้าไม่ได้: {error}") from error
        self.stdout.write(
            "ทะเบียนสาธิต: ผู้ผลิต {producers} ผลิตภัณฑ์ {products} ระดับดาว {star_ratings} "
            "กลุ่ม Quadrant {quadrant_ratings} การเข้าร่วมโครงการ {participations}".format(**counts)
        )
        self._write_kbo_design(district_names)

        # The rounds of the seed letters, after the registry and the users they refer to,
        # and before the closing table of users.
        call_command("load_seed_rounds", "--demo", stdout=self.stdout)

        self._write_users(users)
        self.stdout.write(f"เสร็จใน {time.monotonic() - started:.1f} วินาที")

    def _refuse_real_database(self, users, force):
        usernames = [u.username for u in users]
        others = get_user_model().objects.exclude(username__in=usernames)
        if others.exists() and not force:
            raise CommandError(
                f"ฐานข้อมูลนี้มีผู้ใช้อื่นอยู่แล้ว {others.count()} คน จึงไม่โหลดข้อมูลสาธิต "
                "(ผู้ใช้สาธิตมีรหัสผ่านที่รู้กันทั่วไป) หากต้องการจริง ใช้ --force"
            )

    def _write_kbo_design(self, district_names):
        self.stdout.write(
            "\nKBO ปีงบประมาณ 2568 (seed 001) ตามที่ออกแบบข้อมูลไว้: "
            "อำเภอ / เป้าหมาย / กลุ่มลำดับ 1 / กลุ่มลำดับสำรอง"
        )
        for code, (quota, tier1, tier2) in KBO_2568_DESIGN.items():
            if tier1 >= quota:
                mark = ""
            elif tier1 + tier2 >= quota:
                mark = "  ลำดับ 1 ไม่พอ ใช้ลำดับสำรอง"
            else:
                mark = "  ไม่พอแม้รวมลำดับสำรอง"
            self.stdout.write(
                f"  {_pad(district_names[code], 12)} {quota:>3} {tier1:>4} {tier2:>4}{mark}"
            )

    def _write_users(self, demo):
        self.stdout.write(f"\nผู้ใช้สาธิต (รหัสผ่าน {demo.password} ทุกบัญชี):")
        self.stdout.write(f"  {'username':<20} {'password':<16} {'role':<9} scope")
        for u in demo.users:
            if u.district:
                scope = f"{u.district} อ.{self._names[u.district]}"
            elif u.province:
                scope = f"{u.province} จ.{self._names[u.province]}"
            else:
                scope = "ทุกจังหวัด (admin, is_staff, is_superuser)"
            self.stdout.write(f"  {u.username:<20} {demo.password:<16} {u.role:<9} {scope}")


def _pad(text: str, width: int) -> str:
    """Left-align Thai text by its printed width: vowel and tone marks take no column."""
    printed = sum(1 for char in text if unicodedata.category(char) != "Mn")
    return text + " " * max(0, width - printed)
