"""import_quotas FILE.xlsx --round SLUG: the seed 001 register as people type it."""

import io
import tempfile
from pathlib import Path

from openpyxl import Workbook

from allocations.models import Quota, QuotaKind
from registry.models import ImportBatch
from tests.base import BaseTestCase
from tests.selection.data import make_round

SEED_001 = [
    ("๑", "เมืองพะเยา", "๖"),
    ("๒", "อ.แม่ใจ", "๒"),
    ("๓", "ภูกามยาว", "๑"),
    ("๔", "ดอกคำใต้", "๔"),
    ("๕", "จุน", "๑"),
    ("๖", "ปง", "๒"),
    ("๗", "เชียงม่วน", "๑"),
    ("๘", "เชียงคำ", "๑"),
    ("๙", "อำเภอ ภูซาง", 2),
]


def register_xlsx(rows, total="๒๐") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["ทะเบียนจัดสรรกลุ่มเป้าหมาย เข้าร่วมโครงการ KBO ประจำปี ๒๕๖๘"])
    sheet.append([])
    sheet.append(["ที่", "อำเภอ", "จำนวนกลุ่มที่เข้าร่วมโครงการฯ", "หมายเหตุ"])
    for row in rows:
        sheet.append(list(row))
    sheet.append(["", "รวม", total, ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ImportQuotasTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round("KBO", 2568, cls.phayao, slug="kbo-import")

    def run_import(self, data: bytes, *args):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "register.xlsx"
            path.write_bytes(data)
            out, err = io.StringIO(), io.StringIO()
            from allocations.management.commands.import_quotas import Command

            command = Command(stdout=out, stderr=err)
            code = command.run(file=str(path), round="kbo-import", kind="exact", **dict(args))
            return code, out.getvalue() + err.getvalue()

    def test_it_loads_the_seed_001_register(self):
        code, out = self.run_import(register_xlsx(SEED_001))
        self.assertEqual(code, 0, out)
        quotas = dict(
            Quota.objects.filter(round=self.round).values_list("district__name_th", "amount")
        )
        self.assertEqual(sum(quotas.values()), 20)
        self.assertEqual(quotas["ภูซาง"], 2)
        self.assertEqual(quotas["แม่ใจ"], 2)
        self.assertEqual(set(Quota.objects.values_list("kind", flat=True)), {QuotaKind.EXACT})
        # Loading the same file again changes nothing.
        code, out = self.run_import(register_xlsx(SEED_001))
        self.assertIn("ไม่เปลี่ยนแปลง 9", out)

    def test_its_batch_keeps_the_round_the_importer_was_given(self):
        code, out = self.run_import(register_xlsx(SEED_001))
        self.assertEqual(code, 0, out)
        batch = ImportBatch.objects.get(kind="quota")
        self.assertEqual(batch.context, {"round_id": self.round.pk, "default_kind": "exact"})

    def test_dry_run_writes_nothing(self):
        code, out = self.run_import(register_xlsx(SEED_001), ("dry_run", True))
        self.assertEqual(code, 0)
        self.assertIn("จะสร้างใหม่ 9", out)
        self.assertFalse(Quota.objects.exists())

    def test_an_unknown_district_writes_nothing_and_suggests_a_name(self):
        rows = [*SEED_001[:-1], ("๙", "ภูซางค์", "๒")]
        code, out = self.run_import(register_xlsx(rows))
        self.assertEqual(code, 1)
        self.assertIn("แถว 12", out)
        self.assertIn("ภูซาง", out)
        self.assertFalse(Quota.objects.exists())

    def test_a_wrong_total_is_caught(self):
        code, out = self.run_import(register_xlsx(SEED_001, total="๒๑"))
        self.assertEqual(code, 1)
        self.assertIn("ยอดรวม ๒๑ ไม่เท่ากับผลรวมรายอำเภอ ๒๐", out)
        self.assertFalse(Quota.objects.exists())

    def test_a_repeated_district_names_both_rows(self):
        code, out = self.run_import(
            register_xlsx([*SEED_001, ("๑๐", "เมืองพะเยา", "๑")], total="๒๑")
        )
        self.assertEqual(code, 1)
        self.assertIn("อำเภอนี้ซ้ำกับแถว 4", out)
