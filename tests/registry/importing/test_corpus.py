"""The bad-file corpus: every file is refused (or read) with a clear Thai message."""

import io
import zipfile

from django.test import TestCase, override_settings
from openpyxl import Workbook

from registry.importing import ImportOutcome, import_file
from registry.models import Producer, Product
from tests.registry.importing.corpus import (
    HEADERS,
    encrypted_ole,
    legacy_xls,
    million_empty_rows,
    raw_xlsx,
    registry_row,
    sheet_xml,
    xlsx,
    zip_bomb,
)


def run(data, **kw):
    return import_file(kind="registry", data=data, **kw)


class RefusedFilesTestCase(TestCase):
    def assertRefused(self, data, *fragments):
        result = run(data)
        self.assertEqual(result.outcome, ImportOutcome.UNREADABLE, result.summary)
        self.assertEqual(result.exit_code, 2)
        for fragment in fragments:
            self.assertIn(fragment, result.summary["message"])
        self.assertEqual(Producer.objects.count(), 0)
        return result

    def test_a_csv_file(self):
        csv = ",".join(HEADERS) + "\n" + ",".join(map(str, registry_row())) + "\n"
        self.assertRefused(csv.encode("utf-8-sig"), "ไม่ใช่ไฟล์ Excel", "CSV")

    def test_a_legacy_xls_file(self):
        self.assertRefused(legacy_xls(), ".xls", "บันทึกเป็น .xlsx")

    def test_a_renamed_pdf(self):
        self.assertRefused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF")

    def test_a_password_protected_workbook(self):
        self.assertRefused(encrypted_ole(), "รหัสผ่าน")

    def test_an_empty_file(self):
        self.assertRefused(b"", "ไฟล์ว่างเปล่า")

    def test_a_workbook_with_an_empty_sheet(self):
        self.assertRefused(xlsx([], headers=None), "ไม่มีข้อมูล")

    def test_a_sheet_without_a_header_row(self):
        self.assertRefused(xlsx([["a", "b", "c"], [1, 2, 3]], headers=None), "ไม่พบแถวหัวตาราง")

    def test_a_header_missing_a_required_column(self):
        headers = [h for h in HEADERS if h != "ประเภทผลิตภัณฑ์"]
        row = registry_row()
        del row[HEADERS.index("ประเภทผลิตภัณฑ์")]
        self.assertRefused(xlsx([row], headers=headers), "ขาดคอลัมน์", "ประเภทผลิตภัณฑ์")

    def test_a_zip_that_is_not_a_workbook(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("readme.txt", "hello")
        self.assertRefused(out.getvalue(), "ไม่ใช่สมุดงาน")

    def test_a_truncated_xlsx(self):
        data = xlsx([registry_row()])
        self.assertRefused(data[: len(data) // 2])

    @override_settings(IMPORT_MAX_UPLOAD_BYTES=10_000)
    def test_a_file_over_the_size_limit(self):
        rows = [registry_row(f"P{i}", f"X{i}") for i in range(400)]
        self.assertRefused(xlsx(rows), "ใหญ่เกินกำหนด", "MB")

    def test_a_zip_bomb_is_refused_from_its_directory(self):
        data = zip_bomb()
        self.assertLess(len(data), 2 * 1024 * 1024)
        self.assertRefused(data, "zip bomb")

    @override_settings(IMPORT_MAX_UNCOMPRESSED_BYTES=100_000)
    def test_the_total_uncompressed_size_is_limited(self):
        rows = [registry_row(f"P{i}", f"X{i}") for i in range(400)]
        self.assertRefused(xlsx(rows), "คลายการบีบอัด")

    def test_a_million_empty_rows_are_refused_before_parsing(self):
        # Its memory is bounded in test_hostile_workbooks.MemoryTestCase (a child's peak RSS).
        self.assertRefused(million_empty_rows(), "แถวมากเกินกำหนด")

    def test_a_lone_cell_far_away_is_refused_even_without_a_dimension(self):
        sheet = sheet_xml(
            [HEADERS, registry_row()],
            tail='<row r="900000"><c r="A900000" t="inlineStr"><is><t>x</t></is></c></row>',
        )
        self.assertRefused(raw_xlsx(sheet), "แถวมากเกินกำหนด")

    def test_a_very_wide_sheet_is_refused(self):
        sheet = sheet_xml(
            [HEADERS, registry_row()], tail='<row r="3"><c r="XFD3"><v>1</v></c></row>'
        )
        self.assertRefused(raw_xlsx(sheet), "คอลัมน์มากเกินกำหนด")


class ReadableOddFilesTestCase(TestCase):
    def test_formulas_are_read_from_their_cached_values(self):
        row = registry_row("P1", "X1")
        row[HEADERS.index("ปีที่ลงทะเบียน")] = ("2500+60", 2560)
        row[HEADERS.index("ชื่อผลิตภัณฑ์")] = ('CONCATENATE("ผ้า","ทอ")', "ผ้าทอ")
        result = run(raw_xlsx(sheet_xml([HEADERS, row], dimension="A1:Q2")))
        self.assertEqual(result.outcome, ImportOutcome.OK, result.summary)
        product = Product.objects.get()
        self.assertEqual((product.registered_year, product.name), (2560, "ผ้าทอ"))

    def test_a_header_below_title_rows(self):
        above = [["ทะเบียนผู้ผลิต OTOP จังหวัดพะเยา"], ["ข้อมูล ณ วันที่ ๑ ต.ค. ๒๕๖๗"], []]
        result = run(xlsx([registry_row()], above=above))
        self.assertEqual(result.outcome, ImportOutcome.OK, result.summary)
        self.assertEqual(result.summary["header_row"], 4)

    def test_merged_header_cells(self):
        # A two-line header: codes and names merged down over rows 2–3, the address block
        # headed "ที่ตั้ง" across three columns with จังหวัด/อำเภอ/ตำบล below it.
        book = Workbook()
        ws = book.active
        ws.append(["ทะเบียน OTOP"])
        top = list(HEADERS)
        top[3:6] = ["ที่ตั้ง", "", ""]
        ws.append(top)
        second = [""] * len(HEADERS)
        second[3:6] = ["จังหวัด", "อำเภอ", "ตำบล"]
        ws.append(second)
        for col in range(1, len(HEADERS) + 1):
            if col not in (4, 5, 6):
                ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
        ws.merge_cells(start_row=2, start_column=4, end_row=2, end_column=6)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=17)
        ws.append(registry_row("P1", "X1"))
        out = io.BytesIO()
        book.save(out)
        result = run(out.getvalue())
        self.assertEqual(result.outcome, ImportOutcome.OK, result.summary)
        self.assertEqual(Producer.objects.get().district_id, "5601")

    def test_blank_rows_between_data_are_skipped(self):
        result = run(xlsx([registry_row("P1", "X1"), [], [""] * 5, registry_row("P2", "X2")]))
        self.assertEqual(result.outcome, ImportOutcome.OK)
        self.assertEqual(result.summary["rows"], 2)
        self.assertEqual(Product.objects.count(), 2)
