"""Load the demo registry (Phayao, with some Chiang Rai) and the demo users.

Deterministic and idempotent: the data comes from registry.demo with a fixed seed and is
written keyed by codes and usernames, so a second run changes nothing.
"""

import time
import unicodedata

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from registry import demo
from registry.models import District, Province, Subdistrict


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
        users = demo.demo_users(district_names)
        self._refuse_real_database(users, force)

        subdistricts: dict[str, list[tuple[str, str]]] = {}
        for code, name, district_code in Subdistrict.objects.filter(
            district__province_id__in=[demo.PROVINCE_CODE, demo.OTHER_PROVINCE_CODE]
        ).values_list("code", "name_th", "district_id"):
            subdistricts.setdefault(district_code, []).append((code, name))
        if not subdistricts:
            raise CommandError("ยังไม่มีข้อมูลจังหวัด อำเภอ ตำบล: รัน migrate หรือ load_geography ก่อน")

        with transaction.atomic():
            counts = demo.registry_upsert_demo(demo=demo.build_demo_registry(subdistricts))
            demo.users_upsert_demo(users=users)
        self.stdout.write(
            "ทะเบียนสาธิต: ผู้ผลิต {producers} ผลิตภัณฑ์ {products} ระดับดาว {star_ratings} "
            "กลุ่ม Quadrant {quadrant_ratings} การเข้าร่วมโครงการ {participations}".format(**counts)
        )
        self._write_kbo_design(district_names)

        # Rounds of the seed letters (selection app) are loaded here, after the registry
        # and the users they refer to, and before the closing table of users.
        from django.core.management import call_command

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
        for code, (quota, tier1, tier2) in demo.KBO_2568_DESIGN.items():
            if tier1 >= quota:
                mark = ""
            elif tier1 + tier2 >= quota:
                mark = "  ลำดับ 1 ไม่พอ ใช้ลำดับสำรอง"
            else:
                mark = "  ไม่พอแม้รวมลำดับสำรอง"
            self.stdout.write(
                f"  {_pad(district_names[code], 12)} {quota:>3} {tier1:>4} {tier2:>4}{mark}"
            )

    def _write_users(self, users):
        self.stdout.write(f"\nผู้ใช้สาธิต (รหัสผ่าน {demo.DEMO_PASSWORD} ทุกบัญชี):")
        self.stdout.write(f"  {'username':<20} {'password':<16} {'role':<9} scope")
        for u in users:
            if u.district_code:
                scope = f"{u.district_code} อ.{self._names[u.district_code]}"
            elif u.province_code:
                scope = f"{u.province_code} จ.{self._names[u.province_code]}"
            else:
                scope = "ทุกจังหวัด (admin, is_staff, is_superuser)"
            self.stdout.write(f"  {u.username:<20} {demo.DEMO_PASSWORD:<16} {u.role:<9} {scope}")


def _pad(text: str, width: int) -> str:
    """Left-align Thai text by its printed width: vowel and tone marks take no column."""
    printed = sum(1 for char in text if unicodedata.category(char) != "Mn")
    return text + " " * max(0, width - printed)
