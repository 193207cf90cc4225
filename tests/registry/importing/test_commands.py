from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.test import TestCase
from openpyxl import load_workbook

from registry.management.commands.import_participation import Command as ParticipationCommand
from registry.management.commands.import_registry import Command as RegistryCommand
from registry.models import ImportBatch, Participation, Producer
from tests.base import make_producer, make_product
from tests.registry.importing.corpus import TempMediaMixin, registry_row, xlsx


class ImportRegistryCommandTestCase(TempMediaMixin, TestCase):
    def setUp(self):
        self.tmp = TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, data):
        path = self.dir / name
        path.write_bytes(data)
        return str(path)

    def run_command(self, *args, **options):
        out, err = StringIO(), StringIO()
        code = RegistryCommand(stdout=out, stderr=err).run(file=args[0], **options)
        return code, out.getvalue(), err.getvalue()

    def test_it_exits_0_and_prints_counts(self):
        path = self.write("ok.xlsx", xlsx([registry_row("P1", "X1")]))
        code, out, _ = self.run_command(path)
        self.assertEqual(code, 0)
        self.assertIn("ผู้ผลิต: สร้างใหม่ 1, ปรับปรุง 0, ไม่เปลี่ยนแปลง 0", out)
        self.assertEqual(Producer.objects.count(), 1)
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.status, ImportBatch.Status.SUCCEEDED)
        self.assertEqual(batch.file_name, "ok.xlsx")
        self.assertEqual(len(batch.sha256), 64)

    def test_dry_run_writes_nothing(self):
        path = self.write("ok.xlsx", xlsx([registry_row("P1", "X1")]))
        code, out, _ = self.run_command(path, dry_run=True)
        self.assertEqual(code, 0)
        self.assertIn("จะสร้างใหม่ 1", out)
        self.assertEqual(Producer.objects.count(), 0)
        self.assertEqual(ImportBatch.objects.count(), 0)

    def test_it_exits_1_with_row_column_and_value_and_writes_nothing(self):
        rows = [registry_row("P1", "X1"), registry_row("P2", "X2", stars="เจ็ด")]
        path = self.write("bad.xlsx", xlsx(rows))
        code, out, _ = self.run_command(path)
        self.assertEqual(code, 1)
        self.assertIn("แถว 3, คอลัมน์ 'ระดับดาว', ค่า 'เจ็ด'", out)
        self.assertIn("ไม่ได้บันทึกข้อมูลใด ๆ", out)
        self.assertEqual(Producer.objects.count(), 0)

    def test_skip_invalid_writes_good_rows_and_the_errors_file(self):
        rows = [registry_row("P1", "X1"), registry_row("P2", "X2", stars="เจ็ด")]
        path = self.write("bad.xlsx", xlsx(rows))
        errors = self.dir / "errors.xlsx"
        code, _, _ = self.run_command(path, skip_invalid=True, errors_out=str(errors))
        self.assertEqual(code, 1)
        self.assertEqual(list(Producer.objects.values_list("code", flat=True)), ["P1"])
        values = list(load_workbook(errors).active.values)
        self.assertEqual([v[1] for v in values[1:]], ["P2"])

    def test_it_exits_2_on_an_unreadable_file(self):
        path = self.write("data.xlsx", b"code,name\n1,2\n")
        code, _, err = self.run_command(path)
        self.assertEqual(code, 2)
        self.assertIn("ไม่ใช่ไฟล์ Excel", err)

    def test_it_exits_2_on_a_missing_file(self):
        code, _, err = self.run_command(str(self.dir / "none.xlsx"))
        self.assertEqual(code, 2)
        self.assertIn("เปิดไฟล์ไม่ได้", err)

    def test_handle_exits_with_the_code(self):
        path = self.write("data.xlsx", b"not a workbook")
        with self.assertRaises(SystemExit) as caught:
            RegistryCommand(stdout=StringIO(), stderr=StringIO()).handle(file=path)
        self.assertEqual(caught.exception.code, 2)


class ImportParticipationTestCase(TempMediaMixin, TestCase):
    def setUp(self):
        from registry.models import District

        mueang = District.objects.get(code="5601")
        self.group = make_producer("G1", mueang)
        self.owner = make_producer("G2", mueang)
        self.product = make_product("X9", self.owner)
        self.tmp = TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def run_command(self, rows, headers=("โครงการ", "ปีงบประมาณ", "รหัสผู้ผลิต", "รหัสผลิตภัณฑ์")):
        path = Path(self.tmp.name) / "p.xlsx"
        path.write_bytes(xlsx(rows, headers=list(headers)))
        out = StringIO()
        code = ParticipationCommand(stdout=out, stderr=out).run(file=str(path))
        return code, out.getvalue()

    def test_it_records_producer_and_product_participation(self):
        code, out = self.run_command(
            [
                ["KBO", 2567, "G1", ""],
                ["พัฒนาผลิตภัณฑ์กลุ่มปรับตัวสู่การพัฒนา (Quadrant D)", "๒๕๖๗", "", "X9"],
            ]
        )
        self.assertEqual(code, 0, out)
        kbo = Participation.objects.get(program="KBO")
        self.assertEqual((kbo.fiscal_year, kbo.producer, kbo.product), (2567, self.group, None))
        qd = Participation.objects.get(program="QD")
        self.assertEqual((qd.producer, qd.product), (self.owner, self.product))

    def test_a_second_load_changes_nothing(self):
        rows = [["KBO", 2567, "G1", ""]]
        self.run_command(rows)
        code, out = self.run_command(rows)
        self.assertEqual(code, 0)
        self.assertIn("สร้างใหม่ 0", out)
        self.assertEqual(Participation.objects.count(), 1)

    def test_unknown_codes_and_mismatched_owners_are_errors(self):
        code, out = self.run_command(
            [
                ["KBO", 2567, "NOPE", ""],
                ["QD", 2567, "G1", "X9"],
                ["QD", 2567, "G2", ""],
            ]
        )
        self.assertEqual(code, 1)
        self.assertIn("แถว 2, คอลัมน์ 'รหัสผู้ผลิต', ค่า 'NOPE'", out)
        self.assertIn("ไม่ใช่ของผู้ผลิต G1", out)
        self.assertIn("ต้องกรอกรหัสผลิตภัณฑ์", out)
        self.assertEqual(Participation.objects.count(), 0)

    def test_it_needs_a_producer_or_product_column(self):
        code, out = self.run_command([["KBO", 2567]], headers=("โครงการ", "ปีงบประมาณ"))
        self.assertEqual(code, 2)
        self.assertIn("รหัสผู้ผลิต หรือ รหัสผลิตภัณฑ์", out)
