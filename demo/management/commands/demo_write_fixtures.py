"""Remake fixtures/demo-registry.xlsx and fixtures/demo-participation.xlsx from the
generator (demo.generator). Not part of seeding: `seed_demo` loads the committed files.

Run it only when the demo's design has to change; then check the tests that state the
design's numbers (tests/registry/test_seed_demo.py, tests/allocations/test_demo_kbo_2568.py)
and commit the files.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo import generator
from demo.registry import FIXTURES, OTHER_PROVINCE_CODE, PROVINCE_CODE
from registry.models import District, Province, Subdistrict
from registry.xlsx_safe import new_workbook, workbook_bytes, write_cell


class Command(BaseCommand):
    help = "เขียนไฟล์ทะเบียนสาธิตใน fixtures/ ใหม่จากตัวสร้างข้อมูล (ไม่ต้องใช้ตอนโหลดข้อมูลสาธิต)"

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(FIXTURES), help="โฟลเดอร์ที่เขียนไฟล์")

    def handle(self, *args, out, **options):
        provinces = [PROVINCE_CODE, OTHER_PROVINCE_CODE]
        subdistricts: dict[str, list[tuple[str, str]]] = {}
        for code, name, district in Subdistrict.objects.filter(
            district__province_id__in=provinces
        ).values_list("code", "name_th", "district_id"):
            subdistricts.setdefault(district, []).append((code, name))
        if not subdistricts:
            raise CommandError("ยังไม่มีข้อมูลจังหวัด อำเภอ ตำบล: รัน migrate หรือ load_geography ก่อน")
        names = {
            **dict(Province.objects.values_list("code", "name_th")),
            **dict(District.objects.values_list("code", "name_th")),
            **dict(Subdistrict.objects.values_list("code", "name_th")),
        }
        demo = generator.build_demo_registry(subdistricts)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, title, headers, rows in (
            (
                "demo-registry.xlsx",
                "ทะเบียน",
                generator.REGISTRY_HEADERS,
                generator.registry_rows(demo, names),
            ),
            (
                "demo-participation.xlsx",
                "การเข้าร่วมโครงการ",
                generator.PARTICIPATION_HEADERS,
                generator.participation_rows(demo),
            ),
        ):
            (folder / name).write_bytes(_workbook(title, headers, rows))
            self.stdout.write(f"{folder / name}: {len(rows)} แถว")


def _workbook(title: str, headers: list[str], rows: list[list]) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = title
    for column, header in enumerate(headers, start=1):
        write_cell(ws, 1, column, header)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if value not in (None, ""):
                write_cell(ws, number, column, value)
    return workbook_bytes(wb)
