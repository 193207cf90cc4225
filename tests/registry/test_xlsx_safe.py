"""registry.xlsx_safe: the one writer every .xlsx export goes through (no formula injection)."""

import datetime as dt
import io
from decimal import Decimal

from django.test import SimpleTestCase
from openpyxl import load_workbook

from registry import xlsx_safe

# OWASP CSV-injection payloads, a leading tab, a full-width "=" and Excel error text.
HOSTILE = [
    '=HYPERLINK("http://x","err")',
    "@SUM(1)",
    "+cmd|'/c calc'!A0",
    "-2+3+cmd|'/c calc'!A0",
    "\t=1+1",
    "\n=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(1)",
]


def reopen(wb):
    return load_workbook(io.BytesIO(xlsx_safe.workbook_bytes(wb)))


class SetValueTestCase(SimpleTestCase):
    def test_hostile_text_is_a_quote_prefixed_string_with_its_visible_text_intact(self):
        wb = xlsx_safe.new_workbook()
        for row, value in enumerate(HOSTILE, start=1):
            xlsx_safe.write_cell(wb.active, row, 1, value)
        ws = reopen(wb).active
        for row, value in enumerate(HOSTILE, start=1):
            cell = ws.cell(row=row, column=1)
            with self.subTest(value=value):
                self.assertEqual((cell.value, cell.data_type), (value, "s"))
                self.assertTrue(cell.quotePrefix)

    def test_numbers_dates_and_plain_text_keep_their_types(self):
        wb = xlsx_safe.new_workbook()
        values = [6, -3, 2.5, Decimal("89.50"), dt.date(2024, 12, 5), True, "กลุ่มทอผ้า", "0812345678"]
        for column, value in enumerate(values, start=1):
            xlsx_safe.write_cell(wb.active, 1, column, value)
        row = [c for c in reopen(wb).active[1]]
        self.assertEqual([c.value for c in row[:4]], [6, -3, 2.5, 89.5])
        self.assertEqual([c.data_type for c in row[:4]], ["n"] * 4)
        self.assertEqual(row[4].value.date(), dt.date(2024, 12, 5))
        self.assertIs(row[5].value, True)
        self.assertEqual([(c.value, c.data_type) for c in row[6:]],
                         [("กลุ่มทอผ้า", "s"), ("0812345678", "s")])  # fmt: skip
        self.assertFalse(any(c.quotePrefix for c in row))

    def test_excel_error_text_stays_text(self):
        wb = xlsx_safe.new_workbook()
        xlsx_safe.write_cell(wb.active, 1, 1, "#REF!")
        cell = reopen(wb).active["A1"]
        self.assertEqual((cell.value, cell.data_type), ("#REF!", "s"))

    def test_control_characters_of_an_uploaded_cell_are_dropped_not_a_crash(self):
        wb = xlsx_safe.new_workbook()
        xlsx_safe.write_cell(wb.active, 1, 1, "กลุ่ม\x01ก\x1f")
        self.assertEqual(reopen(wb).active["A1"].value, "กลุ่มก")


class SavingTestCase(SimpleTestCase):
    def test_values_written_around_write_cell_are_neutralised_on_saving(self):
        wb = xlsx_safe.new_workbook()
        ws = wb.active
        ws["A1"] = HOSTILE[0]
        ws.append(["@SUM(1)", "#N/A", 7])
        again = reopen(wb).active
        self.assertEqual((again["A1"].value, again["A1"].data_type), (HOSTILE[0], "s"))
        self.assertTrue(again["A1"].quotePrefix)
        self.assertEqual((again["A2"].data_type, again["B2"].data_type), ("s", "s"))
        self.assertTrue(again["A2"].quotePrefix)
        self.assertEqual(again["C2"].value, 7)

    def test_a_write_only_sheet_appends_through_the_safe_writer(self):
        wb = xlsx_safe.new_workbook(write_only=True)
        ws = wb.create_sheet("errors")
        ws.append([1, *HOSTILE[:4], None])
        row = list(reopen(wb)["errors"][1])
        self.assertEqual(row[0].value, 1)
        for cell, value in zip(row[1:5], HOSTILE[:4], strict=True):
            with self.subTest(value=value):
                self.assertEqual((cell.value, cell.data_type), (value, "s"))
                self.assertTrue(cell.quotePrefix)

    def test_a_plain_openpyxl_workbook_is_refused(self):
        from openpyxl import Workbook

        with self.assertRaises(TypeError):
            xlsx_safe.workbook_bytes(Workbook())


class AppFormulaTestCase(SimpleTestCase):
    def test_the_apps_own_aggregate_is_kept_as_a_formula(self):
        wb = xlsx_safe.new_workbook()
        xlsx_safe.write_cell(wb.active, 1, 1, 2)
        xlsx_safe.write_cell(wb.active, 2, 1, 3)
        xlsx_safe.write_formula(wb.active, 3, 1, "=SUM(A1:A2)")
        cell = reopen(wb).active["A3"]
        self.assertEqual((cell.value, cell.data_type), ("=SUM(A1:A2)", "f"))

    def test_anything_but_an_aggregate_over_ranges_is_refused(self):
        ws = xlsx_safe.new_workbook().active
        for formula in (HOSTILE[0], "=SUM(A1)+cmd|'/c calc'!A0", "SUM(A1)", "=SUM(A1:A2"):
            with self.subTest(formula=formula), self.assertRaises(ValueError):
                xlsx_safe.write_formula(ws, 1, 1, formula)

    def test_a_formula_cell_the_app_did_not_write_becomes_text(self):
        wb = xlsx_safe.new_workbook()
        xlsx_safe.write_formula(wb.active, 1, 1, "=SUM(B1:B2)")
        wb.active["A1"] = "=SUM(B1:B3)"  # overwritten around write_formula
        wb.active["A2"] = "=SUM(B1:B2)"  # the same text elsewhere
        ws = reopen(wb).active
        self.assertEqual([ws["A1"].data_type, ws["A2"].data_type], ["s", "s"])
