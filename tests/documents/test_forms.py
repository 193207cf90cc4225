"""Return forms: .xlsx reopened with openpyxl, pre-filled rows, PDF, and the commands."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from documents import xlsx
from documents.forms import form_data, form_pdf, form_xlsx
from nominations.models import Nomination
from tests.base import BaseTestCase, make_producer, make_product
from tests.documents.data import make_seed_round
from tests.documents.pdfcheck import pdf_text


class ReturnFormTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)
        producer = make_producer("G-1", cls.mueang, name='=HYPERLINK("http://x")กลุ่มทอผ้า')
        make_product("P-1", producer, stars={2567: 3}, name="ผ้าทอมือ")
        Nomination.objects.create(
            round=cls.round, district=cls.mueang, producer=producer, justification="+ดีมาก"
        )

    def workbook(self, **kwargs):
        return load_workbook(io.BytesIO(form_xlsx(form_data(self.round, self.mueang, **kwargs))))

    def test_the_prefilled_form_reopens_with_its_layout_and_rows(self):
        wb = self.workbook()
        ws = wb["แบบรายงาน"]
        self.assertIn("แบบรายงานคัดเลือกกลุ่มผู้ผลิตชุมชน", ws["A1"].value)
        self.assertIn("อำเภอเมืองพะเยา", ws["A2"].value)
        self.assertIn("A1:J1", [str(r) for r in ws.merged_cells.ranges])
        self.assertEqual(ws["B4"].value, "ชื่อกลุ่มผู้ผลิตชุมชน")
        self.assertEqual(ws.print_title_rows, "$4:$4")
        self.assertEqual(ws["C5"].value, "G-1")
        self.assertEqual(ws["E5"].value, "ผ้าทอมือ")
        self.assertIn("3 ดาว (2567)", ws["H5"].value)
        self.assertEqual(ws["F4"].value, "ประเภทผลิตภัณฑ์")
        self.assertEqual(str(ws.data_validations.dataValidation[0].sqref).split(":")[0], "F5")

    def test_every_written_cell_uses_the_thai_font_excel_knows(self):
        ws = self.workbook()["แบบรายงาน"]
        fonts = {
            (cell.font.name, cell.font.sz)
            for row in ws.iter_rows()
            for cell in row
            if cell.value is not None
        }
        self.assertEqual({name for name, _size in fonts}, {"TH Sarabun New"})
        self.assertEqual(ws["A1"].font.sz, 18)  # the title
        self.assertEqual(ws["B5"].font.sz, 16)  # the government size in that face

    def test_names_and_remarks_can_never_become_formulas(self):
        ws = self.workbook()["แบบรายงาน"]
        self.assertEqual(ws["B5"].data_type, "s")
        self.assertTrue(ws["B5"].value.startswith("=HYPERLINK"))
        self.assertTrue(ws["B5"].quotePrefix)
        self.assertEqual(ws["J5"].value, "+ดีมาก")
        self.assertEqual(ws["J5"].data_type, "s")

    def test_the_form_names_its_round_and_district_for_loading_back(self):
        meta = xlsx.read_metadata(self.workbook())
        self.assertEqual(meta["round"], "kbo-2568-phayao")
        self.assertEqual(meta["district"], "5601")
        self.assertEqual(meta["kind"], "return_form")

    def test_a_blank_form_has_no_rows(self):
        ws = self.workbook(prefill=False)["แบบรายงาน"]
        self.assertIsNone(ws["C5"].value)
        self.assertEqual(ws["A5"].value, 1)

    def test_the_pdf_form_reads_back(self):
        result = form_pdf(form_data(self.round, self.mueang))
        self.assertEqual(result.warnings, [])
        self.assertEqual(result.pages, 1)
        text = pdf_text(result.pdf)
        self.assertIn("G-1", text)
        self.assertIn("ผ้าทอมือ", text)

    def test_render_form_writes_the_district_form(self):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "form.xlsx"
            call_command("render_form", "kbo-2568-phayao", district="อ.เมืองพะเยา", output=str(out),
                         stdout=io.StringIO())  # fmt: skip
            self.assertEqual(load_workbook(out)["แบบรายงาน"]["C5"].value, "G-1")

    def test_render_form_refuses_a_district_outside_the_province(self):
        with self.assertRaisesMessage(CommandError, "ไม่พบอำเภอ"):
            call_command("render_form", "kbo-2568-phayao", district="5701", output="/dev/null")


class RenderLetterCommandTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)

    def test_it_writes_the_pdf_and_the_html(self):
        with tempfile.TemporaryDirectory() as folder:
            out = io.StringIO()
            call_command("render_letter", "kbo-2568-phayao", output=f"{folder}/l.pdf", stdout=out)
            self.assertTrue(Path(f"{folder}/l.pdf").read_bytes().startswith(b"%PDF"))
            self.assertIn("เขียน PDF แล้ว", out.getvalue())
            call_command("render_letter", "kbo-2568-phayao", output=f"{folder}/l.html",
                         html=True, stdout=io.StringIO())  # fmt: skip
            self.assertIn("ขอแสดงความนับถือ", Path(f"{folder}/l.html").read_text())

    def test_it_fails_in_thai_when_the_round_fails_its_checks(self):
        self.round.deadline = self.round.letter.letter_date.replace(month=6)
        self.round.save()
        with self.assertRaisesMessage(CommandError, "ยังไม่ผ่านการตรวจสอบ"):
            call_command("render_letter", "kbo-2568-phayao", output="/dev/null")


class LetterViewTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)

    def test_staff_of_the_province_see_the_preview_and_the_pdf(self):
        self.client.force_login(self.staff)
        response = self.client.get(f"/documents/rounds/{self.round.slug}/letter/")
        self.assertContains(response, "ขอแสดงความนับถือ")
        self.assertContains(response, "/documents/emblem/")
        response = self.client.get(f"/documents/rounds/{self.round.slug}/letter.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")

    def test_other_provinces_get_404(self):
        self.client.force_login(self.outsider)
        response = self.client.get(f"/documents/rounds/{self.round.slug}/letter/")
        self.assertEqual(response.status_code, 404)

    def test_anonymous_users_are_sent_to_login(self):
        response = self.client.get(f"/documents/rounds/{self.round.slug}/letter/")
        self.assertEqual(response.status_code, 302)
