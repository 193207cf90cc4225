"""A district's filled return form loaded by provincial staff (issue 6) through the
workflow's `load_form` action: allowed for the province's staff, 404 for another
province's, and shown in the timeline as a form load by whom."""

import io

from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.forms import form_data, form_xlsx
from nominations import rules, services
from nominations.models import Action, Nomination, Submission
from tests.base import BaseTestCase, make_producer, make_product
from tests.documents.data import make_open_seed_round
from tests.documents.test_loadback import fill
from tests.nominations.data import submission_changes


class FormLoadTestCase(BaseTestCase):
    """The seed-001 round, open, deadline ahead; four eligible groups in Mueang Phayao."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_open_seed_round(cls.phayao)
        cls.groups = []
        for i in range(4):
            producer = make_producer(f"G-{i}", cls.mueang, name=f"กลุ่มทดสอบ {i}")
            make_product(f"GP-{i}", producer, stars={2567: 1 + i % 3})
            cls.groups.append(producer)

    def url(self, name, district="5601"):
        return reverse(
            f"documents:{name}", kwargs={"round_slug": self.round.slug, "district_code": district}
        )

    def upload(self, rows, district="5601"):
        blank = form_xlsx(form_data(self.round, self.mueang, prefill=False))
        file = io.BytesIO(fill(blank, rows))
        file.name = "filled.xlsx"
        return self.client.post(self.url("form_upload", district), {"file": file})

    def nominated(self):
        return [
            n.producer.code
            for n in Nomination.objects.filter(round=self.round, district=self.mueang).order_by(
                "position"
            )
        ]

    def test_staff_of_the_province_preview_and_confirm_a_districts_form(self):
        self.client.force_login(self.staff)
        response = self.upload([("G-1", "", "เหตุผลจากแบบ"), ("G-0", "", "")])
        self.assertNotContains(response, "ไม่มีสิทธิ์")
        self.assertContains(response, "ยืนยันนำเข้า")
        self.assertEqual(self.nominated(), [])  # the preview writes nothing
        self.client.post(self.url("form_confirm"))
        self.assertEqual(self.nominated(), ["G-1", "G-0"])
        first = Nomination.objects.get(round=self.round, producer__code="G-1")
        self.assertEqual((first.justification, first.created_by), ("เหตุผลจากแบบ", self.staff))

    def test_each_edit_and_the_load_itself_are_logged_as_a_form_load_by_the_staff_member(self):
        self.client.force_login(self.staff)
        self.upload([("G-2", "", ""), ("NOPE", "", "")])
        self.client.post(self.url("form_confirm"))
        events = list(submission_changes())
        self.assertEqual(
            [(e.action, e.user, e.source) for e in events],
            [(Action.NOMINATE, self.staff, "import"), (Action.LOAD_FORM, self.staff, "import")],
        )
        self.assertEqual(
            {k: events[1].after[k] for k in ("added", "kept", "removed", "refused")},
            {"added": 1, "kept": 0, "removed": 0, "refused": 1},
        )

    def test_the_review_timeline_shows_the_form_load_and_who_made_it(self):
        self.staff.first_name, self.staff.last_name = "สมศรี", "ตรวจดี"
        self.staff.save()
        self.client.force_login(self.staff)
        self.upload([("G-3", "", "")])
        self.client.post(self.url("form_confirm"))
        review = reverse("nominations:submission_review", args=[self.round.slug, "5601"])
        response = self.client.get(review)
        self.assertContains(response, "นำเข้าแบบรายงานที่กรอกแล้ว: เพิ่ม ๑ · คงไว้ ๐ · ถอน ๐")
        self.assertContains(response, "เสนอชื่อ “กลุ่มทดสอบ 3” (G-3) (จากแบบรายงานที่นำเข้า)")
        timeline = response.content.decode().split('data-testid="timeline"')[1]
        self.assertEqual(timeline.count("· สมศรี ตรวจดี</span>"), 2)
        # The district's officer sees the same lines on the working page.
        self.client.force_login(self.officer)
        work = reverse("nominations:submission_work", args=[self.round.slug, "5601"])
        self.assertContains(self.client.get(work), "(จากแบบรายงานที่นำเข้า)")

    def test_staff_of_another_province_get_404_and_change_nothing(self):
        self.client.force_login(self.staff)
        self.upload([("G-0", "", "")])  # a checked file in the staff's session
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url("form_upload")).status_code, 404)
        self.assertEqual(self.upload([("G-0", "", "")]).status_code, 404)
        self.assertEqual(self.client.post(self.url("form_confirm")).status_code, 404)
        self.assertEqual(self.nominated(), [])
        self.assertFalse(submission_changes().exists())

    def test_staff_cannot_load_a_form_into_a_submitted_list(self):
        Submission.objects.create(round=self.round, district=self.mueang, status="submitted")
        self.client.force_login(self.staff)
        response = self.upload([("G-0", "", "")])
        self.assertContains(response, "ไม่ได้เมื่อสถานะเป็น “ส่งแล้ว รอตรวจ”")
        self.assertNotContains(response, "ยืนยันนำเข้า")

    def test_staff_still_may_not_edit_a_list_outside_a_form_load(self):
        with self.assertRaisesMessage(ValidationError, "ไม่มีสิทธิ์แก้ไขรายชื่อ"):
            services.nomination_add(
                round_=self.round,
                district_code="5601",
                candidate_pk=self.groups[0].pk,
                by=self.staff,
            )
        nomination = services.nomination_add(
            round_=self.round,
            district_code="5601",
            candidate_pk=self.groups[0].pk,
            by=self.staff,
            through=rules.LOAD_FORM,
        )
        nomination.round = self.round
        with self.assertRaisesMessage(ValidationError, "ไม่มีสิทธิ์แก้ไขรายชื่อ"):
            services.nomination_remove(nomination=nomination, by=self.staff)
        with self.assertRaises(ValueError):
            services.nomination_remove(nomination=nomination, by=self.staff, through=rules.SUBMIT)
