"""Spreadsheet helpers: formula injection refused, layout and metadata survive a reopen."""

import datetime as dt
import io

from django.test import SimpleTestCase
from openpyxl import Workbook

from documents import xlsx

HOSTILE = [
    '=HYPERLINK("http://evil.invalid","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


class FormulaInjectionTestCase(SimpleTestCase):
    def test_no_hostile_string_becomes_a_formula_after_a_reopen(self):
        wb = xlsx.new_workbook()
        ws = wb.active
        for row, value in enumerate(HOSTILE, start=1):
            xlsx.write_cell(ws, row, 1, value)
        again = xlsx.reopen(xlsx.to_bytes(wb)).active
        for row, value in enumerate(HOSTILE, start=1):
            cell = again.cell(row=row, column=1)
            with self.subTest(value=value):
                self.assertEqual(cell.data_type, "s")
                self.assertEqual(cell.value, value.replace("\r", "\n"))
                self.assertTrue(cell.quotePrefix)

    def test_openpyxl_alone_would_have_written_a_formula(self):
        # The control: without registry.xlsx_safe the same value is a formula.
        wb = Workbook()
        wb.active["A1"] = HOSTILE[0]
        out = io.BytesIO()
        wb.save(out)
        self.assertEqual(xlsx.reopen(out.getvalue()).active["A1"].data_type, "f")

    def test_a_value_written_around_write_cell_is_neutralised_on_saving(self):
        wb = xlsx.new_workbook()
        wb.active["A1"] = HOSTILE[0]
        wb.active.append(["@SUM(1)"])
        again = xlsx.reopen(xlsx.to_bytes(wb)).active
        self.assertEqual((again["A1"].value, again["A1"].data_type), (HOSTILE[0], "s"))
        self.assertTrue(again["A1"].quotePrefix)
        self.assertEqual((again["A2"].value, again["A2"].data_type), ("@SUM(1)", "s"))
        self.assertTrue(again["A2"].quotePrefix)

    def test_a_workbook_not_made_by_new_workbook_is_refused(self):
        with self.assertRaises(TypeError):
            xlsx.to_bytes(Workbook())

    def test_numbers_dates_and_plain_text_keep_their_types(self):
        wb = xlsx.new_workbook()
        ws = wb.active
        xlsx.write_cell(ws, 1, 1, 6)
        xlsx.write_cell(ws, 1, 2, dt.date(2024, 12, 5))
        xlsx.write_cell(ws, 1, 3, "กลุ่มทอผ้า")
        again = xlsx.reopen(xlsx.to_bytes(wb)).active
        self.assertEqual(again["A1"].value, 6)
        self.assertEqual(again["B1"].value.date(), dt.date(2024, 12, 5))
        self.assertEqual(again["C1"].value, "กลุ่มทอผ้า")
        self.assertFalse(again["C1"].quotePrefix)


class LayoutTestCase(SimpleTestCase):
    def build(self):
        wb = xlsx.new_workbook()
        ws = wb.active
        ws.title = "แบบรายงาน"
        xlsx.merged_title(ws, 1, "แบบแจ้งรายชื่อกลุ่มเป้าหมาย", columns=4)
        xlsx.write_row(ws, 3, ["ที่", "ชื่อกลุ่ม", "ประเภท", "หมายเหตุ"], bold=True)
        xlsx.write_row(ws, 4, [1, "กลุ่มทอผ้าบ้านดอน", "อาหาร", ""])
        xlsx.fit_widths(ws, [["ที่", "ชื่อกลุ่มผู้ผลิตชุมชนที่ยาวมาก", "ประเภท", "หมายเหตุ"]])
        xlsx.print_setup(ws, header_rows=(3, 3), landscape=True)
        xlsx.list_validation(ws, "C4:C40", ["อาหาร", "เครื่องดื่ม"], prompt="เลือกประเภท")
        xlsx.write_metadata(wb, {"round": "kbo-2568-phayao", "district": "5601"})
        return xlsx.reopen(xlsx.to_bytes(wb))

    def test_the_layout_survives_a_reopen(self):
        wb = self.build()
        ws = wb["แบบรายงาน"]
        self.assertIn("A1:D1", [str(r) for r in ws.merged_cells.ranges])
        self.assertEqual(ws["A1"].font.name, xlsx.THAI_FONT)
        self.assertTrue(ws["B3"].font.bold)
        self.assertEqual(ws["B4"].border.left.style, "thin")
        self.assertEqual(ws.print_title_rows, "$3:$3")
        self.assertEqual(str(ws.page_setup.paperSize), str(ws.PAPERSIZE_A4))
        self.assertEqual(ws.page_setup.orientation, "landscape")
        self.assertGreater(ws.column_dimensions["B"].width, ws.column_dimensions["A"].width)
        validation = ws.data_validations.dataValidation[0]
        self.assertEqual(validation.formula1, '"อาหาร,เครื่องดื่ม"')
        self.assertEqual(str(validation.sqref), "C4:C40")

    def test_metadata_is_hidden_and_read_back_through_defined_names(self):
        wb = self.build()
        self.assertEqual(wb[xlsx.META_SHEET].sheet_state, "hidden")
        self.assertEqual(xlsx.read_metadata(wb), {"round": "kbo-2568-phayao", "district": "5601"})

    def test_list_choices_with_commas_are_refused(self):
        with self.assertRaises(ValueError):
            xlsx.list_validation(Workbook().active, "A1", ["ก,ข"])

    def test_thai_marks_do_not_widen_columns(self):
        ws = Workbook().active
        widths = xlsx.fit_widths(ws, [["ผู้ผลิตชุมชน", "abcdefghij"]])
        # 12 code points, 9 of which take width: narrower than 10 Latin letters.
        self.assertLess(widths[0], widths[1])
