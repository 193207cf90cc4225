"""What a round's status and dated stages allow: drafts are prepared but take no
entries, open rounds take them inside their dated stages, closed rounds are read-only."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opc import rules, services
from opc.models import Application, CommitteeMember, PsoPick
from registry.thai import be_date_long
from tests.base import BaseTestCase, make_producer, make_product
from tests.opc.data import add_member, make_opc_round, make_pso_round, set_settings


def timeline(**stages):
    """{"applications": (start, end)} → the settings' timeline with ISO dates."""
    return {
        "timeline": {
            key: {"start": s.isoformat() if s else None, "end": e.isoformat() if e else None}
            for key, (s, e) in stages.items()
        }
    }


class StatusGateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.producer = make_producer("G1", cls.mueang)
        cls.product = make_product("G1-1", cls.producer)
        cls.second = make_product("G1-2", cls.producer)

    def enter(self, round_, product=None):
        return services.application_create(
            round_=round_,
            producer=self.producer,
            products=[product or self.product],
            user=self.officer,
        )

    def test_a_draft_round_takes_no_application_but_staff_prepare_it(self):
        round_ = make_opc_round(self.phayao, status="draft")
        with self.assertRaisesRegex(ValidationError, "รอบนี้ยังเป็นร่าง: บันทึกใบสมัครได้เมื่อจังหวัดเปิดรอบแล้ว"):
            self.enter(round_)
        services.round_settings_set(round_=round_, parts=rules.DEFAULT_PARTS, user=self.staff)
        services.committee_member_add(
            round_=round_, user=self.officer2, role="member", added_by=self.staff
        )
        self.assertFalse(Application.objects.exists())
        self.assertTrue(CommitteeMember.objects.filter(round=round_).exists())

    def test_a_closed_round_is_read_only(self):
        round_ = make_opc_round(self.phayao)
        add_member(round_, self.staff)
        application = self.enter(round_)
        round_.status = "closed"
        round_.save()
        attempts = {
            "application": lambda: self.enter(round_, self.second),
            "withdraw": lambda: services.application_withdraw(
                application=application, user=self.officer
            ),
            "score": lambda: services.score_set(
                application=application, points={"quality": "30"}, user=self.staff
            ),
            "publish": lambda: services.round_publish(round_=round_, user=self.staff),
            "settings": lambda: services.round_settings_set(
                round_=round_, timeline={}, user=self.staff
            ),
            "committee": lambda: services.committee_member_add(
                round_=round_, user=self.officer2, role="member", added_by=self.staff
            ),
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertRaisesRegex(ValidationError, "รอบนี้ปิดแล้ว"):
                attempt()
        application.refresh_from_db()
        self.assertEqual(application.status, "submitted")

    def test_pso_picks_only_while_the_round_is_open(self):
        product = make_product("G1-3", self.producer, stars={2567: 5})
        for status, message in (("draft", "ยังเป็นร่าง"), ("closed", "ปิดแล้ว")):
            round_ = make_pso_round(self.phayao, slug=f"pso-{status}", status=status)
            with self.subTest(status), self.assertRaisesRegex(ValidationError, message):
                services.pso_pick_set(round_=round_, product=product, remark="x", user=self.staff)
        self.assertFalse(PsoPick.objects.exists())

    def test_removing_a_pick_of_a_closed_round_is_refused(self):
        product = make_product("G1-4", self.producer, stars={2567: 5})
        round_ = make_pso_round(self.phayao)
        pick = services.pso_pick_set(round_=round_, product=product, remark="x", user=self.staff)
        round_.status = "closed"
        round_.save()
        pick.refresh_from_db()
        with self.assertRaisesRegex(ValidationError, "ปิดแล้ว"):
            services.pso_pick_remove(pick=pick, user=self.staff)
        self.assertTrue(PsoPick.objects.filter(pk=pick.pk).exists())


class StageWindowTestCase(BaseTestCase):
    """Dates relative to today (the site's time zone): both ends are inside."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.today = timezone.localdate()
        cls.producer = make_producer("W1", cls.mueang)
        cls.products = [make_product(f"W1-{i}", cls.producer) for i in range(3)]

    def round_with(self, **stages):
        return make_opc_round(self.phayao, settings=timeline(**stages))

    def enter(self, round_, index=0):
        return services.application_create(
            round_=round_,
            producer=self.producer,
            products=[self.products[index]],
            user=self.officer,
        )

    def test_applications_before_the_stage_are_refused_naming_the_dates_in_thai(self):
        start, end = self.today + dt.timedelta(days=1), self.today + dt.timedelta(days=10)
        round_ = self.round_with(applications=(start, end))
        expected = (
            f"บันทึกใบสมัครได้เฉพาะช่วงรับสมัครผลิตภัณฑ์เข้ารับการคัดสรร "
            f"ตั้งแต่วันที่ {be_date_long(start)} ถึงวันที่ {be_date_long(end)}: "
            f"วันนี้ ({be_date_long(self.today)}) ยังไม่ถึงช่วงรับสมัครผลิตภัณฑ์เข้ารับการคัดสรร"
        )
        with self.assertRaises(ValidationError) as caught:
            self.enter(round_)
        self.assertEqual(caught.exception.messages, [expected])
        self.assertRegex(expected, "[๐-๙]{4}")  # BE year in Thai digits
        self.assertFalse(Application.objects.exists())

    def test_applications_after_the_stage_are_refused(self):
        round_ = self.round_with(applications=(None, self.today - dt.timedelta(days=1)))
        with self.assertRaisesRegex(ValidationError, "พ้นช่วงรับสมัคร"):
            self.enter(round_)

    def test_the_first_and_last_days_of_the_stage_take_applications(self):
        for n, (start, end) in enumerate(
            (
                (self.today, self.today + dt.timedelta(days=5)),
                (self.today - dt.timedelta(days=5), self.today),
            )
        ):
            round_ = make_opc_round(
                self.phayao, slug=f"opc-edge-{n}", settings=timeline(applications=(start, end))
            )
            self.assertEqual(self.enter(round_, n).round, round_)

    def test_an_undated_stage_does_not_gate(self):
        round_ = self.round_with(briefing=(self.today - dt.timedelta(days=30),) * 2)
        self.enter(round_)

    def test_scores_only_inside_the_scoring_stage(self):
        later = self.today + dt.timedelta(days=20)
        round_ = self.round_with(
            applications=(self.today, self.today), scoring=(later, later + dt.timedelta(days=5))
        )
        add_member(round_, self.staff)
        application = self.enter(round_)
        with self.assertRaisesRegex(ValidationError, "ให้คะแนนได้เฉพาะช่วงคณะกรรมการพิจารณา"):
            services.score_set(application=application, points={"quality": "30"}, user=self.staff)
        self.assertFalse(application.scores.exists())
        set_settings(
            round_, timeline(applications=(self.today, self.today), scoring=(self.today, later))
        )
        services.score_set(application=application, points={"quality": "30"}, user=self.staff)
        self.assertEqual(application.scores.get().part, "quality")


class GateViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = make_opc_round(cls.phayao, slug="opc-draft", status="draft")
        add_member(cls.draft, cls.outsider_officer)
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        cls.waiting = make_opc_round(
            cls.phayao, slug="opc-waiting", settings=timeline(applications=(tomorrow, None))
        )
        cls.producer = make_producer("GV1", cls.mueang)
        cls.product = make_product("GV1-1", cls.producer)

    def test_district_officers_and_committee_members_do_not_see_draft_rounds(self):
        detail = reverse("opc:round_detail", kwargs={"round_slug": self.draft.slug})
        for user in (self.officer, self.outsider_officer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(detail).status_code, 404)
                listed = self.client.get(reverse("opc:round_list")).context["rounds"]
                self.assertNotIn(self.draft, listed)
        self.client.force_login(self.staff)
        page = self.client.get(detail)
        self.assertContains(page, "ร่าง")
        self.assertContains(page, "รอบนี้ยังเป็นร่าง")
        self.assertNotContains(page, "ประกาศผลและบันทึกระดับดาวลงทะเบียน")

    def test_the_entry_page_says_why_and_a_post_is_refused_outside_the_window(self):
        self.client.force_login(self.officer)
        url = reverse("opc:application_create", kwargs={"round_slug": self.waiting.slug})
        page = self.client.get(url + f"?producer={self.producer.pk}")
        self.assertContains(page, "ยังไม่ถึงช่วงรับสมัคร")
        self.assertNotContains(page, self.product.name)
        response = self.client.post(
            url + f"?producer={self.producer.pk}", {"products": [self.product.pk]}
        )
        self.assertContains(response, "ยังไม่ถึงช่วงรับสมัคร")
        self.assertFalse(Application.objects.exists())
        detail = self.client.get(
            reverse("opc:round_detail", kwargs={"round_slug": self.waiting.slug})
        )
        self.assertContains(detail, 'data-testid="entry-refusal"')
        self.assertNotContains(detail, reverse("opc:application_create", args=[self.waiting.slug]))

    def test_a_closed_pso_round_shows_no_pick_forms_and_refuses_a_post(self):
        product = make_product("GV1-2", self.producer, stars={2567: 5})
        round_ = make_pso_round(self.phayao, status="closed")
        self.client.force_login(self.staff)
        url = reverse("opc:pso_round", kwargs={"round_slug": round_.slug})
        page = self.client.get(url)
        self.assertContains(page, product.name)
        self.assertNotContains(page, reverse("opc:pso_pick", args=[round_.slug]))
        response = self.client.post(
            reverse("opc:pso_pick", args=[round_.slug]),
            {"product": product.pk, "remark": "อัตลักษณ์"},
            follow=True,
        )
        self.assertContains(response, "รอบนี้ปิดแล้ว: เลือกผลิตภัณฑ์เด่นจังหวัดไม่ได้")
        self.assertFalse(PsoPick.objects.exists())
