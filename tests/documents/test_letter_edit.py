"""The letter metadata page: every field editable, BE dates, Thai errors, row-level access."""

import datetime as dt

from django.urls import reverse

from documents.models import Letter, Urgency
from documents.webforms import enclosures_from_text
from selection.models import Round
from tests.base import BaseTestCase
from tests.documents.data import make_seed_round

VALID = {
    "letter_number": "พย 0019.2/ว 999",
    "letter_date": "๖/๑/๒๕๖๘",
    "deadline": "20 ม.ค. 2568",
    "urgency": Urgency.VERY_URGENT,
    "office_address": "ศาลากลางจังหวัดพะเยา\nถนนพหลโยธิน พย 56000",
    "subject": "การดำเนินโครงการ KBO ปีงบประมาณ พ.ศ. 2568",
    "addressee": "นายอำเภอ ทุกอำเภอ",
    "reference": "หนังสือกรมการพัฒนาชุมชน ที่ มท 0406.4/ว 1",
    "enclosures": "แนวทางการคัดเลือก | ๑ ฉบับ\nทะเบียนจัดสรร | 2\nแบบรายงาน",
    "guidelines_title": "แนวทางการคัดเลือก KBO ประจำปี 2568",
    "register_title": "ทะเบียนจัดสรร KBO ประจำปี 2568",
    "signatory_name": "นางสาวทดสอบ แก้ไขได้",
    "signatory_position": "พัฒนาการจังหวัด ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัดพะเยา",
    "owning_unit": "สำนักงานพัฒนาชุมชนจังหวัด\nกลุ่มงานส่งเสริม",
    "phone": "0-5448-0001",
    "fax": "0-5448-0002",
    "slogan": "คำขวัญใหม่",
}


class LetterEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)
        cls.url = reverse("documents:letter_edit", kwargs={"round_slug": cls.round.slug})

    def test_staff_of_the_province_edit_every_letter_field(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, VALID)
        self.assertRedirects(
            response, reverse("documents:letter_preview", args=[self.round.slug]),
            fetch_redirect_response=False,
        )  # fmt: skip
        saved = Letter.objects.get(round=self.round)
        self.assertEqual(saved.letter_number, "พย 0019.2/ว 999")
        self.assertEqual(saved.letter_date, dt.date(2025, 1, 6))
        self.assertEqual(Round.objects.get(pk=self.round.pk).deadline, dt.date(2025, 1, 20))
        self.assertEqual(saved.urgency, Urgency.VERY_URGENT)
        self.assertEqual(
            saved.enclosures,
            [
                {"title": "แนวทางการคัดเลือก", "count": "๑ ฉบับ"},
                {"title": "ทะเบียนจัดสรร", "count": "2 ฉบับ"},
                {"title": "แบบรายงาน", "count": "๑ ฉบับ"},
            ],
        )
        for name in ("office_address", "subject", "addressee", "reference", "guidelines_title",
                     "register_title", "signatory_name", "signatory_position", "owning_unit",
                     "phone", "fax", "slogan"):  # fmt: skip
            self.assertEqual(getattr(saved, name).replace("\r\n", "\n"), VALID[name], name)

    def test_the_saved_fields_show_in_the_letter_preview(self):
        self.client.force_login(self.staff)
        self.client.post(self.url, VALID)
        response = self.client.get(reverse("documents:letter_preview", args=[self.round.slug]))
        text = response.content.decode()
        for expected in ("ด่วนมาก", "พย ๐๐๑๙.๒/ว ๙๙๙", "๖ มกราคม ๒๕๖๘", "นางสาวทดสอบ แก้ไขได้",
                         "ทะเบียนจัดสรร", "คำขวัญใหม่", "โทรสาร ๐-๕๔๔๘-๐๐๐๒"):  # fmt: skip
            self.assertIn(expected, text.replace("\u200b", "").replace("\u00a0", " "))

    def test_the_form_shows_saved_dates_in_be(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="5/12/2567"')  # seed 001: 5 ธันวาคม 2567
        self.assertContains(response, 'value="20/12/2567"')
        self.assertContains(response, "พย 0019.2/ว 15286")
        self.assertContains(response, "<h1")

    def test_a_christian_era_date_is_refused_in_thai(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, {**VALID, "letter_date": "6/1/2025"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ดูเหมือนเป็นปี ค.ศ.")
        self.assertEqual(Letter.objects.get(round=self.round).letter_number, "พย 0019.2/ว 15286")

    def test_a_deadline_before_the_letter_date_is_refused_in_thai(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, {**VALID, "deadline": "4/6/2567"})
        self.assertContains(response, "ต้องไม่ก่อนวันที่ของหนังสือ")

    def test_a_deadline_on_the_letter_date_is_refused_as_the_round_check_would(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, {**VALID, "deadline": VALID["letter_date"]})
        self.assertContains(response, "และต้องไม่ใช่วันเดียวกัน")
        self.assertEqual(Letter.objects.get(round=self.round).letter_number, "พย 0019.2/ว 15286")

    def test_too_long_text_and_unknown_choices_are_refused_in_thai(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, {**VALID, "subject": "ก" * 501, "urgency": "x"})
        self.assertContains(response, "ข้อความยาวเกินกำหนด: ไม่เกิน 500 ตัวอักษร")
        self.assertContains(response, "กรุณาเลือกจากรายการ")

    def test_admins_may_edit(self):
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_other_provinces_and_district_officers_get_404(self):
        for user in (self.outsider, self.outsider_officer, self.officer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.url, VALID).status_code, 404)
        self.assertEqual(Letter.objects.get(round=self.round).slogan, self.round.letter.slogan)

    def test_the_round_page_and_the_preview_link_to_the_editor(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("selection:round_detail", args=[self.round.slug]))
        self.assertContains(response, self.url)
        response = self.client.get(reverse("documents:letter_preview", args=[self.round.slug]))
        self.assertContains(response, self.url)

    def test_a_blocked_letter_links_to_the_editor_to_fix_it(self):
        Letter.objects.filter(round=self.round).update(letter_date=dt.date(2024, 12, 21))
        self.client.force_login(self.staff)
        response = self.client.get(reverse("documents:letter_preview", args=[self.round.slug]))
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, self.url, status_code=409)

    def test_the_preview_of_a_district_officer_has_no_edit_link(self):
        self.round.status = "open"
        self.round.save()
        self.client.force_login(self.officer)
        response = self.client.get(reverse("documents:letter_preview", args=[self.round.slug]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, self.url)


class EnclosuresTextTestCase(BaseTestCase):
    def test_a_line_without_a_title_is_refused(self):
        from django.core.exceptions import ValidationError

        with self.assertRaisesMessage(ValidationError, "บรรทัดที่ 2"):
            enclosures_from_text("แนวทาง\n | ๒ ฉบับ")
