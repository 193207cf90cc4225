"""Filled return forms loaded back: reading and checking (pure), planning and applying
through the nomination services, and the upload/preview/confirm pages."""

import datetime as dt
import io

from django.test import SimpleTestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from documents import loadback
from documents.forms import FormData, form_data, form_xlsx
from documents.loadback import (
    ADD,
    ERROR,
    KEEP,
    FormNotLoadable,
    FormRow,
    Target,
    check_identity,
    check_rows,
    plan_loadback,
    read_filled_form,
)
from nominations.models import Nomination
from registry.models import District, ProducerType, Province
from selection.models import Program, Round
from tests.base import BaseTestCase, make_producer, make_product
from tests.documents.data import make_open_seed_round
from tests.selection.data import make_round

FORM_SHEET = "แบบรายงาน"
FIRST_ROW = 5  # header on row 4 (documents.forms.form_xlsx)


def fill(form_bytes: bytes, rows: list[tuple]) -> bytes:
    """The form with `rows` typed in as a person would: (code, name, remark) from row 5."""
    wb = load_workbook(io.BytesIO(form_bytes))
    ws = wb[FORM_SHEET]
    for offset, (code, name, remark) in enumerate(rows):
        ws.cell(row=FIRST_ROW + offset, column=2, value=name)
        ws.cell(row=FIRST_ROW + offset, column=3, value=code)
        ws.cell(row=FIRST_ROW + offset, column=10, value=remark)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def unsaved_form(slug="kbo-2568-phayao", district_code="5601", unit="producer") -> bytes:
    """A blank form built from unsaved instances (no database)."""
    program = Program(code="KBO", name_th="ส่งเสริมกระบวนการเครือข่ายองค์ความรู้", unit=unit)
    province = Province(code="56", name_th="พะเยา")
    round_ = Round(slug=slug, program=program, fiscal_year=2568, province=province,
                   deadline=dt.date(2024, 12, 20))  # fmt: skip
    return form_xlsx(FormData(round_, District(code=district_code, name_th="เมืองพะเยา"), []))


class ReadFilledFormTestCase(SimpleTestCase):
    def test_it_reads_the_rows_typed_into_the_form_and_its_identity(self):
        data = fill(unsaved_form(), [("G-1", "กลุ่ม ก", "ดี"), (12345, "กลุ่ม ข", ""),
                                     ("๖๗๘", "", "")])  # fmt: skip
        form = read_filled_form(data)
        self.assertEqual(form.meta["round"], "kbo-2568-phayao")
        self.assertEqual(form.meta["district"], "5601")
        self.assertEqual(form.unit, "producer")
        self.assertEqual(
            [(r.row, r.code, r.name, r.remark) for r in form.rows],
            [(5, "G-1", "กลุ่ม ก", "ดี"), (6, "12345", "กลุ่ม ข", ""), (7, "678", "", "")],
        )

    def test_a_product_form_is_read_by_its_product_code_column(self):
        wb = load_workbook(io.BytesIO(unsaved_form(unit="product")))
        ws = wb[FORM_SHEET]
        self.assertEqual(ws["C4"].value, "รหัสผลิตภัณฑ์")
        ws["B5"], ws["C5"], ws["J5"] = "น้ำพริกตาแดง", "P-77", "มีศักยภาพ"
        out = io.BytesIO()
        wb.save(out)
        form = read_filled_form(out.getvalue())
        self.assertEqual(form.unit, "product")
        self.assertEqual([(r.code, r.name, r.remark) for r in form.rows],
                         [("P-77", "น้ำพริกตาแดง", "มีศักยภาพ")])  # fmt: skip

    def test_moved_columns_and_an_inserted_row_are_read_by_their_titles(self):
        wb = load_workbook(io.BytesIO(unsaved_form()))
        ws = wb[FORM_SHEET]
        ws.insert_rows(3)  # a note row above the header: the header is now on row 5
        ws.move_range("C5:C20", cols=9)  # the code column moved to the far right (L)
        ws["L6"], ws["J6"] = "G-9", "ย้ายคอลัมน์"
        out = io.BytesIO()
        wb.save(out)
        rows = read_filled_form(out.getvalue()).rows
        self.assertEqual([(r.row, r.code, r.remark) for r in rows], [(6, "G-9", "ย้ายคอลัมน์")])

    def test_numbered_blank_rows_and_the_foot_are_not_rows(self):
        form = read_filled_form(unsaved_form())
        self.assertEqual(form.rows, [])

    def test_a_row_with_a_name_and_no_code_is_kept_for_its_error(self):
        form = read_filled_form(fill(unsaved_form(), [(None, "กลุ่มไม่มีรหัส", "")]))
        self.assertEqual([(r.code, r.name) for r in form.rows], [("", "กลุ่มไม่มีรหัส")])

    def test_a_workbook_not_made_by_the_system_is_refused_in_thai(self):
        wb = Workbook()
        wb.active["A1"] = "รหัสผู้ผลิต"
        out = io.BytesIO()
        wb.save(out)
        with self.assertRaisesMessage(FormNotLoadable, "ไม่ใช่แบบรายงานที่ดาวน์โหลดจากระบบ"):
            read_filled_form(out.getvalue())

    def test_a_file_that_is_no_xlsx_is_refused_in_thai(self):
        for data in (b"", b"not a spreadsheet", b"%PDF-1.7 ..."):
            with self.subTest(data=data), self.assertRaises(FormNotLoadable) as caught:
                read_filled_form(data)
            self.assertRegex(caught.exception.message, "[ก-๙]")


class CheckTestCase(SimpleTestCase):
    targets = {
        "G-1": Target(1, "5601", "เมืองพะเยา", "กลุ่ม ก"),
        "G-2": Target(2, "5601", "เมืองพะเยา", "กลุ่ม ข"),
        "X-9": Target(9, "5607", "แม่ใจ", "กลุ่มแม่ใจ"),
    }

    def test_each_bad_row_gets_its_thai_reason(self):
        rows = [
            FormRow(5, "G-1"),
            FormRow(6, "NOPE"),
            FormRow(7, "X-9"),
            FormRow(8, "G-1"),
            FormRow(9, "", name="กลุ่มไม่มีรหัส"),
            FormRow(10, "G-2"),
        ]
        check_rows(rows, unit="producer", district_code="5601", targets=self.targets)
        self.assertEqual([r.target_pk for r in rows], [1, None, None, None, None, 2])
        self.assertEqual(rows[0].errors, [])
        self.assertEqual(rows[1].errors, ["ไม่พบรหัสผู้ผลิต NOPE ในทะเบียน OTOP"])
        self.assertIn("อยู่ในอำเภอแม่ใจ ไม่ใช่อำเภอนี้", rows[2].errors[0])
        self.assertEqual(rows[3].errors, ["รหัสผู้ผลิต G-1 ซ้ำกับแถวที่ 5"])
        self.assertEqual(rows[4].errors, ["ไม่ได้กรอกรหัสผู้ผลิต ของ 'กลุ่มไม่มีรหัส'"])

    def test_product_forms_speak_of_product_codes(self):
        rows = check_rows([FormRow(5, "P-0")], unit="product", district_code="5601", targets={})
        self.assertEqual(rows[0].errors, ["ไม่พบรหัสผลิตภัณฑ์ P-0 ในทะเบียน OTOP"])

    def test_a_form_of_another_round_or_district_is_refused(self):
        meta = {"kind": "return_form", "round": "kbo-2567-phayao", "district": "5607",
                "unit": "producer"}  # fmt: skip
        problems = check_identity(meta, round_slug="kbo-2568-phayao", district_code="5601",
                                  unit="producer")  # fmt: skip
        self.assertEqual(len(problems), 2)
        self.assertIn("รอบ 'kbo-2567-phayao' ไม่ใช่รอบ 'kbo-2568-phayao'", problems[0])
        self.assertIn("อำเภอรหัส 5607 ไม่ใช่อำเภอรหัส 5601", problems[1])
        meta.update(round="kbo-2568-phayao", district="5601")
        self.assertEqual(check_identity(meta, round_slug="kbo-2568-phayao",
                                        district_code="5601", unit="producer"), [])  # fmt: skip


class LoadbackTestCase(BaseTestCase):
    """The seed-001 round, open, with a deadline ahead; Mueang Phayao's quota is 6."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_open_seed_round(cls.phayao)
        cls.eligible = []
        for i in range(4):
            producer = make_producer(f"E-{i}", cls.mueang, name=f"กลุ่มผ่านเกณฑ์ {i}")
            make_product(f"EP-{i}", producer, stars={2567: 1 + i % 3})
            cls.eligible.append(producer)
        cls.sme = make_producer("SME-1", cls.mueang, producer_type=ProducerType.SME)
        make_product("SMEP-1", cls.sme, stars={2567: 2})
        other = make_producer("O-1", cls.mae_chai, name="กลุ่มแม่ใจ")
        make_product("OP-1", other, stars={2567: 2})

    def blank(self):
        return form_xlsx(form_data(self.round, self.mueang, prefill=False))

    def nominated(self):
        return {
            (n.producer.code, n.justification)
            for n in Nomination.objects.filter(round=self.round, district=self.mueang)
        }

    def plan(self, data, dry_run=True):
        form = read_filled_form(data)
        plan = plan_loadback(form, round_=self.round, district=self.mueang, by=self.officer)
        return loadback.loadback_apply(plan, by=self.officer, dry_run=dry_run)

    def test_the_preview_lists_rows_to_add_and_a_thai_error_per_bad_row_and_writes_nothing(self):
        codes = ["E-0", "NOPE", "O-1", "E-0", "SME-1", "E-1"]
        data = fill(self.blank(), [(code, "", "") for code in codes])
        plan = self.plan(data)
        self.assertEqual([r.action for r in plan.rows], [ADD, ERROR, ERROR, ERROR, ERROR, ADD])
        self.assertIn("ไม่พบรหัสผู้ผลิต NOPE", plan.rows[1].errors[0])
        self.assertIn("ไม่ใช่อำเภอนี้", plan.rows[2].errors[0])
        self.assertIn("ซ้ำกับแถวที่ 5", plan.rows[3].errors[0])
        # The SME is refused by the nomination service itself (same check as the browser).
        self.assertIn("ไม่ผ่านเกณฑ์", plan.rows[4].errors[0])
        self.assertTrue(plan.can_confirm)
        self.assertEqual(self.nominated(), set())

    def test_the_loaded_form_gives_the_nominations_that_were_filled_in(self):
        filled = [("E-2", "", "เหตุผล ๒"), ("E-0", "", ""), ("E-3", "", "เหตุผล ๓")]
        self.plan(fill(self.blank(), filled), dry_run=False)
        self.assertEqual(self.nominated(), {(code, remark) for code, _name, remark in filled})
        order = Nomination.objects.filter(round=self.round, district=self.mueang).order_by(
            "position"
        )
        self.assertEqual([n.producer.code for n in order], ["E-2", "E-0", "E-3"])

    def test_a_prefilled_form_loaded_back_unchanged_changes_nothing(self):
        self.plan(fill(self.blank(), [("E-1", "", "x"), ("E-2", "", "")]), dry_run=False)
        before = self.nominated()
        prefilled = form_xlsx(form_data(self.round, self.mueang))
        plan = self.plan(prefilled, dry_run=False)
        self.assertEqual([r.action for r in plan.rows], [KEEP, KEEP])
        self.assertEqual(plan.to_remove, [])
        self.assertEqual(self.nominated(), before)

    def test_the_form_becomes_the_list_rows_left_out_are_withdrawn(self):
        self.plan(fill(self.blank(), [("E-1", "", ""), ("E-2", "", "")]), dry_run=False)
        plan = self.plan(fill(self.blank(), [("E-2", "", "ใหม่"), ("E-3", "", "")]), dry_run=False)
        self.assertEqual([n.producer.code for n in plan.to_remove], ["E-1"])
        self.assertEqual(self.nominated(), {("E-2", "ใหม่"), ("E-3", "")})

    def test_a_form_of_another_district_is_refused_as_a_whole(self):
        other = form_xlsx(form_data(self.round, self.mae_chai, prefill=False))
        plan = self.plan(fill(other, [("E-0", "", "")]), dry_run=False)
        self.assertIn("ไม่ใช่อำเภอรหัส 5601", plan.form_errors[0])
        self.assertFalse(plan.can_confirm)
        self.assertEqual(self.nominated(), set())


class LoadbackViewTestCase(LoadbackTestCase):
    def url(self, name, district="5601"):
        return reverse(f"documents:{name}", kwargs={"round_slug": self.round.slug,
                                                    "district_code": district})  # fmt: skip

    def upload(self, data, district="5601"):
        file = io.BytesIO(data)
        file.name = "filled.xlsx"
        return self.client.post(self.url("form_upload", district), {"file": file})

    def test_the_officer_previews_then_confirms(self):
        self.client.force_login(self.officer)
        data = fill(self.blank(), [("E-0", "", ""), ("NOPE", "", "")])
        response = self.upload(data)
        self.assertContains(response, "จะเพิ่ม 1 รายการ")
        self.assertContains(response, "ไม่พบรหัสผู้ผลิต NOPE")
        self.assertEqual(self.nominated(), set())
        response = self.client.post(self.url("form_confirm"))
        self.assertContains(response, "เพิ่มแล้ว 1 รายการ")
        self.assertEqual(self.nominated(), {("E-0", "")})

    def test_provincial_staff_preview_a_districts_form_under_the_workflow_rules(self):
        # The workflow's load_form action (nominations.rules) lets the province's staff
        # load a district's form; the preview still writes nothing.
        self.client.force_login(self.staff)
        response = self.upload(fill(self.blank(), [("E-3", "", "")]))
        self.assertNotContains(response, "ไม่มีสิทธิ์")
        self.assertContains(response, "ยืนยันนำเข้า")
        self.assertEqual(self.nominated(), set())

    def test_a_submitted_list_cannot_be_replaced_by_a_form(self):
        from nominations.models import Submission

        Submission.objects.create(round=self.round, district=self.mueang, status="submitted")
        plan = self.plan(fill(self.blank(), [("E-0", "", "")]), dry_run=False)
        self.assertIn("ส่งแล้ว รอตรวจ", plan.form_errors[0])
        self.assertEqual(self.nominated(), set())

    def test_the_officer_downloads_the_districts_form(self):
        self.client.force_login(self.officer)
        response = self.client.get(self.url("form_xlsx"))
        self.assertEqual(read_filled_form(response.content).meta["district"], "5601")
        self.assertEqual(self.client.get(self.url("form_pdf")).status_code, 200)

    def test_other_districts_and_provinces_get_404(self):
        cases = [(self.officer2, "5601"), (self.outsider, "5601"), (self.outsider_officer, "5601"),
                 (self.staff, "5701")]  # fmt: skip
        for user, district in cases:
            with self.subTest(user=user.username, district=district):
                self.client.force_login(user)
                self.assertEqual(
                    self.client.get(self.url("form_upload", district)).status_code, 404
                )
                self.assertEqual(self.client.get(self.url("form_xlsx", district)).status_code, 404)
                response = self.upload(fill(self.blank(), [("E-0", "", "")]), district)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.nominated(), set())

    def test_a_file_that_is_not_a_form_gets_a_thai_error(self):
        self.client.force_login(self.officer)
        response = self.upload(b"PK\x03\x04 broken")
        self.assertContains(response, "เสียหาย")

    def test_an_oversized_upload_is_refused_before_reading(self):
        self.client.force_login(self.officer)
        response = self.upload(b"PK\x03\x04" + b"0" * (loadback.MAX_FORM_BYTES + 1))
        self.assertContains(response, "ไฟล์ใหญ่เกินกว่าแบบรายงานของอำเภอ")

    def test_confirm_without_a_checked_file_asks_for_it_again(self):
        self.client.force_login(self.officer)
        response = self.client.post(self.url("form_confirm"), follow=True)
        self.assertContains(response, "กรุณาอัปโหลดแบบรายงานอีกครั้ง")


class LoadbackScopeTestCase(BaseTestCase):
    """A code is looked up only among what the user may see: another province's producer
    or product reads exactly like an unknown code, and its name and district never show."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_open_seed_round(cls.phayao)
        foreign = make_producer("CR-1", cls.cr_mueang, name="กลุ่มลับเชียงราย")
        make_product("CRP-1", foreign, name="ผ้าลับเชียงราย", stars={2567: 2})

    def blank(self):
        return form_xlsx(form_data(self.round, self.mueang, prefill=False))

    def upload(self, data):
        file = io.BytesIO(data)
        file.name = "filled.xlsx"
        kwargs = {"round_slug": self.round.slug, "district_code": "5601"}
        return self.client.post(reverse("documents:form_upload", kwargs=kwargs), {"file": file})

    def unknown_and_foreign(self, plan):
        unknown, foreign = plan.rows
        self.assertEqual([unknown.action, foreign.action], [ERROR, ERROR])
        return unknown.errors, foreign.errors

    def test_a_foreign_code_gets_the_unknown_codes_message_in_the_preview(self):
        self.client.force_login(self.officer)
        response = self.upload(fill(self.blank(), [("NOPE-1", "", ""), ("CR-1", "", "")]))
        unknown, foreign = self.unknown_and_foreign(response.context["plan"])
        self.assertEqual(unknown, ["ไม่พบรหัสผู้ผลิต NOPE-1 ในทะเบียน OTOP"])
        self.assertEqual(foreign, ["ไม่พบรหัสผู้ผลิต CR-1 ในทะเบียน OTOP"])
        page = response.content.decode()
        self.assertNotIn("กลุ่มลับเชียงราย", page)
        self.assertNotIn(self.cr_mueang.name_th, page)

    def test_a_foreign_product_code_reads_as_unknown_on_a_product_form(self):
        round_ = make_round("QD", 2568, self.phayao, slug="qd-scope", status="open")
        blank = form_xlsx(form_data(round_, self.mueang, prefill=False))
        wb = load_workbook(io.BytesIO(blank))
        wb[FORM_SHEET]["C5"], wb[FORM_SHEET]["C6"] = "NOPE-P", "CRP-1"
        out = io.BytesIO()
        wb.save(out)
        form = read_filled_form(out.getvalue())
        plan = plan_loadback(form, round_=round_, district=self.mueang, by=self.officer)
        unknown, foreign = self.unknown_and_foreign(plan)
        self.assertEqual(foreign, [unknown[0].replace("NOPE-P", "CRP-1")])
        self.assertNotIn("ผ้าลับเชียงราย", " ".join(foreign))

    def test_an_admin_still_finds_it_and_is_told_it_is_another_district(self):
        form = read_filled_form(fill(self.blank(), [("NOPE-1", "", ""), ("CR-1", "", "")]))
        plan = plan_loadback(form, round_=self.round, district=self.mueang, by=self.admin)
        unknown, foreign = self.unknown_and_foreign(plan)
        self.assertIn("ไม่พบรหัสผู้ผลิต NOPE-1", unknown[0])
        self.assertIn(f"อยู่ในอำเภอ{self.cr_mueang.name_th} ไม่ใช่อำเภอนี้", foreign[0])
