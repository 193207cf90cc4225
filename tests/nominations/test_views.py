"""The officer's round page, the province's dashboard and review page, the home panel."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from allocations.models import Quota
from nominations import services
from nominations.models import Nomination, Submission
from registry.models import District, Province, StarRating
from selection.models import RoundStatus
from tests.base import BaseTestCase, make_producer, make_product, make_user
from tests.nominations.data import build_registry, build_round, submission_changes
from tests.selection.data import make_round


class WorkPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)

    def setUp(self):
        self.client.force_login(self.officer)
        self.url = reverse("nominations:submission_work", args=["kbo-nom", "5601"])

    def nominate_url(self, name, district="5601"):
        return reverse("nominations:nomination_add", args=["kbo-nom", district, self.p[name].pk])

    def test_it_lists_candidates_by_tier_with_reasons_and_marks_fallback(self):
        response = self.client.get(self.url)
        codes = [row.result.facts.code for row in response.context["candidates"]]
        self.assertEqual(codes, ["M1", "M2", "M3", "MF1"])
        self.assertContains(response, "ดาว ๒ ดาว ปี ๒๕๖๗")
        self.assertContains(response, "สำรอง")
        self.assertNotContains(response, ">MX<")

    def test_search_and_filter_narrow_the_candidates(self):
        response = self.client.get(self.url, {"q": "m2"})
        self.assertEqual([r.result.facts.code for r in response.context["candidates"]], ["M2"])
        response = self.client.get(self.url, {"tier": "fallback"})
        self.assertEqual([r.result.facts.code for r in response.context["candidates"]], ["MF1"])

    def test_a_plain_post_nominates_and_redirects_back_with_the_filter(self):
        response = self.client.post(self.nominate_url("M1"), {"q": "M"})
        self.assertRedirects(response, self.url + "?q=M", fetch_redirect_response=False)
        self.assertTrue(Nomination.objects.filter(producer=self.p["M1"]).exists())

    def test_an_htmx_post_answers_with_the_working_area_only(self):
        response = self.client.post(self.nominate_url("M1"), headers={"HX-Request": "true"})
        self.assertTemplateUsed(response, "nominations/includes/work.html")
        self.assertTemplateNotUsed(response, "base.html")
        self.assertContains(response, "เสนอชื่อแล้ว")

    def test_a_refused_nomination_shows_the_thai_reason(self):
        response = self.client.post(self.nominate_url("MF1"), headers={"HX-Request": "true"})
        self.assertContains(response, "ชั้นสำรอง ซึ่งเสนอได้เฉพาะเมื่อ")
        self.assertFalse(Nomination.objects.exists())

    def test_submitting_short_shows_what_is_missing(self):
        self.client.post(self.nominate_url("M1"))
        response = self.client.post(
            reverse("nominations:submission_submit", args=["kbo-nom", "5601"]), follow=True
        )
        self.assertContains(response, "ยังขาดอีก ๑ ราย")

    def test_after_submit_the_list_is_read_only(self):
        self.client.post(self.nominate_url("M1"))
        self.client.post(self.nominate_url("M2"))
        self.client.post(reverse("nominations:submission_submit", args=["kbo-nom", "5601"]))
        response = self.client.get(self.url)
        self.assertFalse(response.context["can_edit"])
        self.assertContains(response, 'data-testid="read-only"')
        self.assertContains(response, "ส่งรายชื่อให้จังหวัดแล้ว เมื่อ")
        self.assertContains(response, "แก้ไขได้อีกเมื่อจังหวัดส่งกลับให้แก้ไข")
        self.assertNotContains(response, "ถอนชื่อ<")
        self.assertNotContains(response, "ส่งรายชื่อให้จังหวัด</button>")

    def test_move_remove_and_justify_through_the_page(self):
        self.client.post(self.nominate_url("M1"))
        self.client.post(self.nominate_url("M2"))
        second = Nomination.objects.get(producer=self.p["M2"])
        args = ["kbo-nom", "5601", second.pk]
        self.client.post(reverse("nominations:nomination_move", args=args), {"direction": "up"})
        self.client.post(
            reverse("nominations:nomination_justify", args=args), {"justification": "ดี"}
        )
        self.assertEqual(
            list(Nomination.objects.values_list("producer__code", "position", "justification")),
            [("M2", 1, "ดี"), ("M1", 2, "")],
        )
        self.client.post(reverse("nominations:nomination_remove", args=args))
        self.assertEqual(list(Nomination.objects.values_list("producer__code", flat=True)), ["M1"])

    def test_the_home_panel_shows_quota_count_status_and_time_left(self):
        self.client.post(self.nominate_url("M1"))
        response = self.client.get(reverse("home"))
        self.assertContains(response, 'data-testid="open-rounds"')
        row = response.context["rows"][0]
        self.assertEqual((row.quota.amount, row.nominated, row.status), (2, 1, "draft"))
        self.assertContains(response, "อีก ๑๐ วัน")


class ReviewAndDashboardTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)
        for name in ("M1", "M2"):
            services.nomination_add(
                round_=cls.round, district_code="5601", candidate_pk=cls.p[name].pk, by=cls.officer
            )
        services.nomination_add(
            round_=cls.round, district_code="5607", candidate_pk=cls.p["JF1"].pk, by=cls.officer2
        )
        submission = Submission.objects.get(district=cls.mueang)
        submission.round = cls.round
        services.submission_submit(submission=submission, by=cls.officer)

    def setUp(self):
        self.client.force_login(self.staff)

    def test_the_dashboard_has_one_row_per_district_with_totals(self):
        response = self.client.get(reverse("nominations:round_dashboard", args=["kbo-nom"]))
        rows = {r.district.code: r for r in response.context["rows"]}
        self.assertEqual(len(rows), 9)
        self.assertEqual(
            (rows["5601"].nominated, rows["5601"].status, rows["5601"].changed_by),
            (2, "submitted", self.officer),
        )
        self.assertEqual((rows["5607"].fallback, rows["5607"].missing), (1, 2))
        self.assertEqual(response.context["totals"]["quota"], 5)
        self.assertEqual(response.context["totals"]["nominated"], 3)
        self.assertContains(response, "<svg", html=False)
        self.assertContains(response, "๒/๒")  # Thai digits, like the rest of the page
        self.assertContains(response, reverse("documents:consolidated_xlsx", args=["kbo-nom"]))

    def test_the_dashboard_sorts_by_a_column_either_way(self):
        url = reverse("nominations:round_dashboard", args=["kbo-nom"])
        rows = self.client.get(url, {"sort": "-nominated"}).context["rows"]
        self.assertEqual([r.nominated for r in rows[:2]], [2, 1])
        rows = self.client.get(url, {"sort": "quota"}).context["rows"]
        self.assertEqual([r.quota_amount for r in rows][-2:], [2, 3])

    def test_the_review_page_shows_nominations_reasons_and_timeline(self):
        url = reverse("nominations:submission_review", args=["kbo-nom", "5601"])
        response = self.client.get(url)
        self.assertContains(response, "กลุ่ม M1")
        self.assertContains(response, "ดาว ๒ ดาว ปี ๒๕๖๗")
        self.assertContains(response, "ส่งรายชื่อ 2 ราย".replace("2", "๒"))
        self.assertTrue(response.context["can_approve"])

    def test_return_with_comment_then_approve_through_the_pages(self):
        args = ["kbo-nom", "5601"]
        response = self.client.post(
            reverse("nominations:submission_return", args=args), {"comment": "แก้ลำดับ"}, follow=True
        )
        self.assertEqual(Submission.objects.get(district=self.mueang).status, "returned")
        # the review page keeps showing what the province asked for
        self.assertContains(response, "ส่งกลับให้อำเภอแก้ไขแล้ว:</strong> แก้ลำดับ")
        self.client.force_login(self.officer)
        page = self.client.get(reverse("nominations:submission_work", args=args))
        self.assertContains(page, "แก้ลำดับ")
        self.client.post(reverse("nominations:submission_submit", args=args))
        self.client.force_login(self.staff)
        self.client.post(reverse("nominations:submission_approve", args=args))
        self.assertEqual(Submission.objects.get(district=self.mueang).status, "approved")

    def test_a_closed_round_offers_no_actions(self):
        self.round.status = RoundStatus.CLOSED
        self.round.save()
        url = reverse("nominations:submission_review", args=["kbo-nom", "5601"])
        response = self.client.get(url)
        self.assertEqual(
            [response.context[k] for k in ("can_approve", "can_return", "can_reopen")],
            [False, False, False],
        )
        self.assertContains(response, 'data-testid="no-action"')
        self.assertContains(response, "รอบนี้ไม่ได้เปิดรับการเสนอชื่อ")

    def test_a_draft_list_tells_the_province_it_waits_for_the_district(self):
        url = reverse("nominations:submission_review", args=["kbo-nom", "5607"])
        self.assertContains(self.client.get(url), "อำเภอยังไม่ได้ส่งรายชื่อ")

    def test_reopen_after_the_deadline_gives_the_district_a_new_date(self):
        self.round.deadline = dt.date.today() - dt.timedelta(days=2)
        self.round.save()
        until = dt.date.today() + dt.timedelta(days=3)
        self.client.post(
            reverse("nominations:submission_reopen", args=["kbo-nom", "5601"]),
            {"until": until.isoformat()},
        )
        submission = Submission.objects.get(district=self.mueang)
        self.assertEqual((submission.status, submission.reopened_until), ("returned", until))


class DashboardQueryCountTestCase(BaseTestCase):
    """The dashboard's queries do not grow with the districts: Chiang Mai has 25."""

    def build(self, province_code, slug):
        province = Province.objects.get(code=province_code)
        round_ = make_round(
            "KBO",
            2568,
            province,
            slug=slug,
            status=RoundStatus.OPEN,
            tiers=[[("star_level", {"min": 1, "max": 3, "year": 2567})]],
        )
        staff = make_user(f"staff-{province_code}", Role.PROVINCIAL_STAFF, province=province)
        districts = list(District.objects.filter(province=province))
        for i, district in enumerate(districts):
            Quota.objects.create(round=round_, district=district, amount=2)
            producer = make_producer(f"{slug}-{i}", district)
            make_product(f"{slug}-{i}-1", producer, stars={2567: 2})
            officer = make_user(f"{slug}-officer-{i}", Role.DISTRICT_OFFICER, district=district)
            services.nomination_add(
                round_=round_, district_code=district.code, candidate_pk=producer.pk, by=officer
            )
        return staff, len(districts)

    def count_queries(self, staff, slug):
        self.client.force_login(staff)
        url = reverse("nominations:round_dashboard", args=[slug])
        self.client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_a_25_district_province_takes_as_many_queries_as_a_9_district_one(self):
        big_staff, big = self.build("50", "kbo-cm")
        small_staff, small = self.build("56", "kbo-py")
        self.assertEqual((big, small), (25, 9))
        big_queries = self.count_queries(big_staff, "kbo-cm")
        self.assertEqual(big_queries, self.count_queries(small_staff, "kbo-py"))
        # session, user, round, districts, quotas, submissions, grouped nomination
        # counts, tiers, criteria, grouped tier counts, the navbar's province (no session
        # save: accounts.middleware refreshes it once per 5 minutes, not per page)
        self.assertEqual(big_queries, 11)


class HtmxHistoryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_round(cls)

    def test_a_filter_by_htmx_gets_the_partial_and_a_history_restore_the_whole_page(self):
        self.client.force_login(self.officer)
        url = reverse("nominations:submission_work", args=["kbo-nom", "5601"])
        partial = self.client.get(url, {"q": "x"}, headers={"HX-Request": "true"})
        self.assertTemplateNotUsed(partial, "base.html")
        restore = self.client.get(
            url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
        )
        self.assertTemplateUsed(restore, "base.html")


class WorkPageQueryCountTestCase(BaseTestCase):
    """The officer's page reads a fixed number of queries whatever the list's length."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)

    def count(self):
        self.client.force_login(self.officer2)
        url = reverse("nominations:submission_work", args=["kbo-nom", "5607"])
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_more_nominations_and_events_take_no_more_queries(self):
        services.nomination_add(
            round_=self.round, district_code="5607", candidate_pk=self.p["J1"].pk, by=self.officer2
        )
        one = self.count()
        for name in ("JF1", "JF2"):
            services.nomination_add(
                round_=self.round,
                district_code="5607",
                candidate_pk=self.p[name].pk,
                by=self.officer2,
            )
        self.assertEqual(self.count(), one)


class RoundLineTestCase(BaseTestCase):
    def test_the_fiscal_year_is_added_only_when_the_title_does_not_say_it(self):
        from nominations.pages import round_line
        from selection.models import Round

        self.assertEqual(
            round_line(Round(title="KBO ปีงบประมาณ ๒๕๖๘", fiscal_year=2568)),
            "KBO ปีงบประมาณ ๒๕๖๘",
        )
        self.assertEqual(round_line(Round(title="KBO 2568", fiscal_year=2568)), "KBO 2568")
        self.assertEqual(
            round_line(Round(title="รอบสาธิต", fiscal_year=2568)), "รอบสาธิต · ปีงบประมาณ ๒๕๖๘"
        )


class FormLinksTestCase(BaseTestCase):
    """The district's return form (issue 6) from the officer's page, the review page and
    the dashboard; the upload link only where the workflow lets the user load a form."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)

    def links(self, district="5601"):
        xlsx = reverse("documents:form_xlsx", args=["kbo-nom", district])
        pdf = reverse("documents:form_pdf", args=["kbo-nom", district])
        return [xlsx, pdf, xlsx + "?blank=1", pdf + "?blank=1"]

    def upload(self, district="5601"):
        return reverse("documents:form_upload", args=["kbo-nom", district])

    def test_the_officers_page_links_to_the_form_files_and_the_upload(self):
        self.client.force_login(self.officer)
        response = self.client.get(reverse("nominations:submission_work", args=["kbo-nom", "5601"]))
        for link in self.links():
            self.assertContains(response, f'href="{link}"')
        self.assertContains(response, f'href="{self.upload()}"')
        for link in self.links()[:2]:  # the links work for the officer
            self.assertEqual(self.client.get(link).status_code, 200)

    def test_the_review_page_links_to_the_form_and_the_upload_while_the_list_is_a_draft(self):
        self.client.force_login(self.staff)
        url = reverse("nominations:submission_review", args=["kbo-nom", "5601"])
        response = self.client.get(url)
        for link in self.links():
            self.assertContains(response, f'href="{link}"')
        self.assertContains(response, f'href="{self.upload()}"')
        Submission.objects.create(round=self.round, district=self.mueang, status="submitted")
        response = self.client.get(url)
        self.assertContains(response, f'href="{self.links()[0]}"')
        self.assertNotContains(response, self.upload())

    def test_the_dashboard_links_each_districts_form(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("nominations:round_dashboard", args=["kbo-nom"]))
        for code in District.objects.filter(province=self.phayao).values_list("code", flat=True):
            self.assertContains(response, f'href="{self.links(code)[0]}"')


class RoundPageLinkTestCase(BaseTestCase):
    def test_the_round_page_links_staff_to_the_fulfilment_dashboard_once_open(self):
        round_ = build_round(self)
        self.client.force_login(self.staff)
        page = reverse("selection:round_detail", args=[round_.slug])
        dashboard = reverse("nominations:round_dashboard", args=[round_.slug])
        self.assertContains(self.client.get(page), f'href="{dashboard}"')
        round_.status = RoundStatus.DRAFT
        round_.save()
        self.assertNotContains(self.client.get(page), f'href="{dashboard}"')


class StaleRequestTestCase(BaseTestCase):
    """A request about what another user already changed: the Thai message, never a 500;
    a plain POST is redirected back with it, htmx gets a 409 with the working area."""

    STALE = "รายชื่อนี้ถูกถอนหรือเปลี่ยนแปลงไปแล้ว โปรดโหลดหน้าใหม่"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)

    def setUp(self):
        self.client.force_login(self.officer)
        for name in ("M1", "M2"):
            services.nomination_add(
                round_=self.round,
                district_code="5601",
                candidate_pk=self.p[name].pk,
                by=self.officer,
            )
        self.m1 = Nomination.objects.get(producer=self.p["M1"])
        self.work = reverse("nominations:submission_work", args=["kbo-nom", "5601"])

    def url(self, name, nomination=None):
        return reverse(f"nominations:{name}", args=["kbo-nom", "5601", (nomination or self.m1).pk])

    def withdraw_m1_elsewhere(self):
        self.m1.round = self.round
        services.nomination_remove(nomination=self.m1, by=self.officer)

    def events(self, action):
        return submission_changes().filter(action=f"submission.{action}").count()

    def test_removing_what_was_already_removed_redirects_with_the_thai_message(self):
        self.withdraw_m1_elsewhere()
        response = self.client.post(self.url("nomination_remove"), {"q": "M"})
        self.assertRedirects(response, self.work + "?q=M", fetch_redirect_response=False)
        self.assertContains(self.client.get(response["Location"]), self.STALE)
        self.assertEqual(self.events("remove"), 1)

    def test_htmx_gets_a_409_with_the_message_and_the_list_as_it_is_now(self):
        self.withdraw_m1_elsewhere()
        for name, data in [
            ("nomination_remove", {}),
            ("nomination_justify", {"justification": "ดี"}),
            ("nomination_move", {"direction": "down", "position": "1"}),
        ]:
            with self.subTest(url=name):
                response = self.client.post(self.url(name), data, headers={"HX-Request": "true"})
                self.assertEqual(response.status_code, 409)
                self.assertTemplateUsed(response, "nominations/includes/work.html")
                self.assertContains(response, self.STALE, status_code=409)
                self.assertEqual(
                    [r.nomination.producer.code for r in response.context["nominations"]], ["M2"]
                )
        self.assertEqual([self.events(a) for a in ("remove", "justify", "move")], [1, 0, 0])

    def test_a_move_from_a_place_the_nomination_has_left_is_stale(self):
        m2 = Nomination.objects.get(producer=self.p["M2"])
        m2.round = self.round
        services.nomination_move(nomination=m2, direction="up", by=self.officer)
        # The other tab still shows M2 second and asks to move it up again.
        response = self.client.post(
            self.url("nomination_move", m2),
            {"direction": "up", "position": "2"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, self.STALE, status_code=409)
        self.assertEqual(self.events("move"), 1)

    def test_submitting_a_list_already_submitted_is_stale_not_a_second_submit(self):
        submit = reverse("nominations:submission_submit", args=["kbo-nom", "5601"])
        self.client.post(submit, {"status": "draft"})
        response = self.client.post(submit, {"status": "draft"}, headers={"HX-Request": "true"})
        self.assertContains(response, "สถานะของรายชื่อเปลี่ยนเป็น “ส่งแล้ว รอตรวจ” แล้ว", status_code=409)
        self.assertEqual(self.events("submit"), 1)

    def test_approving_twice_from_two_open_pages_approves_once(self):
        self.client.post(reverse("nominations:submission_submit", args=["kbo-nom", "5601"]))
        self.client.force_login(self.staff)
        approve = reverse("nominations:submission_approve", args=["kbo-nom", "5601"])
        review = reverse("nominations:submission_review", args=["kbo-nom", "5601"])
        self.assertRedirects(self.client.post(approve, {"status": "submitted"}), review)
        response = self.client.post(approve, {"status": "submitted"}, follow=True)
        self.assertContains(response, "สถานะของรายชื่อเปลี่ยนเป็น “อนุมัติแล้ว” แล้ว")
        back = self.client.post(
            reverse("nominations:submission_return", args=["kbo-nom", "5601"]),
            {"status": "submitted", "comment": "แก้"},
            follow=True,
        )
        self.assertContains(back, "สถานะของรายชื่อเปลี่ยนเป็น “อนุมัติแล้ว” แล้ว")
        self.assertEqual([self.events("approve"), self.events("return")], [1, 0])
        self.assertEqual(Submission.objects.get(district=self.mueang).status, "approved")

    def test_the_page_sends_the_state_it_shows(self):
        response = self.client.get(self.work)
        self.assertContains(response, '<input type="hidden" name="status" value="draft">')
        self.assertContains(response, '<input type="hidden" name="position" value="2">')
        self.assertContains(response, "js/nominations.js")


class StaleNominationPagesTestCase(BaseTestCase):
    """Issue 13 on the three pages: the officer's, the review page and the dashboard show
    a nomination the registry no longer supports; the province keeps it from the review
    page, and the approve button comes back."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)
        for name in ("M1", "M2"):
            services.nomination_add(
                round_=cls.round, district_code="5601", candidate_pk=cls.p[name].pk, by=cls.officer
            )
        submission = Submission.objects.get(district=cls.mueang)
        submission.round = cls.round
        services.submission_submit(submission=submission, by=cls.officer)
        # What a registry import of M1's 2567 rating as five stars does.
        StarRating.objects.filter(product__producer=cls.p["M1"], year=2567).update(stars=5)
        cls.m1 = Nomination.objects.get(producer=cls.p["M1"])

    FLAG = "“กลุ่ม M1” (M1) ไม่ผ่านเกณฑ์ของรอบนี้แล้ว: "

    def review(self):
        return self.client.get(reverse("nominations:submission_review", args=["kbo-nom", "5601"]))

    def test_the_officers_page_flags_it(self):
        self.client.force_login(self.officer)
        response = self.client.get(reverse("nominations:submission_work", args=["kbo-nom", "5601"]))
        self.assertContains(response, 'data-testid="stale-flag"')
        self.assertContains(response, self.FLAG)
        self.assertContains(response, "ต้องทบทวน")
        self.assertContains(response, 'data-testid="stale-summary"')

    def test_the_review_page_flags_it_and_offers_keep_instead_of_approve(self):
        self.client.force_login(self.staff)
        response = self.review()
        self.assertContains(response, self.FLAG)
        self.assertContains(response, 'data-stale="ineligible"')
        self.assertContains(response, 'data-testid="keep-form"', count=1)
        self.assertFalse(response.context["can_approve"])
        self.assertTrue(response.context["can_return"])
        self.assertNotContains(response, "อนุมัติรายชื่อ</button>")

    def test_the_dashboard_counts_it_on_the_districts_row(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("nominations:round_dashboard", args=["kbo-nom"]))
        rows = {r.district.code: r for r in response.context["rows"]}
        self.assertEqual((rows["5601"].stale, rows["5607"].stale), (1, 0))
        self.assertEqual(response.context["totals"]["stale"], 1)
        self.assertContains(response, "⚠ ต้องทบทวน ๑")
        self.assertContains(response, 'data-testid="stale-summary"')

    def test_keeping_it_from_the_review_page_logs_it_and_lets_the_province_approve(self):
        self.client.force_login(self.staff)
        keep = reverse("nominations:nomination_keep", args=["kbo-nom", "5601", self.m1.pk])
        refused = self.client.post(keep, {"kind": "ineligible", "reason": ""}, follow=True)
        self.assertContains(refused, "ต้องระบุเหตุผลที่คงรายชื่อนี้ไว้")
        response = self.client.post(
            keep, {"kind": "ineligible", "reason": "รอผลประเมินดาวรอบใหม่"}, follow=True
        )
        self.assertContains(response, "บันทึกการยืนยันคงรายชื่อไว้แล้ว")
        self.assertContains(response, "จังหวัดยืนยันคงไว้")
        self.assertContains(response, "ยืนยันคงรายชื่อไว้ “กลุ่ม M1” (M1): รอผลประเมินดาวรอบใหม่")
        self.assertTrue(response.context["can_approve"])
        dashboard = self.client.get(reverse("nominations:round_dashboard", args=["kbo-nom"]))
        self.assertEqual(dashboard.context["totals"]["stale"], 0)
        self.client.post(
            reverse("nominations:submission_approve", args=["kbo-nom", "5601"]),
            {"status": "submitted"},
        )
        self.assertEqual(Submission.objects.get(district=self.mueang).status, "approved")

    def test_approving_anyway_says_which_nomination_and_why(self):
        self.client.force_login(self.staff)
        response = self.client.post(
            reverse("nominations:submission_approve", args=["kbo-nom", "5601"]),
            {"status": "submitted"},
            follow=True,
        )
        self.assertContains(response, "ยังอนุมัติไม่ได้")
        self.assertContains(response, self.FLAG)
        self.assertEqual(Submission.objects.get(district=self.mueang).status, "submitted")

    def test_stale_nominations_cost_the_dashboard_no_query(self):
        self.client.force_login(self.staff)
        url = reverse("nominations:round_dashboard", args=["kbo-nom"])
        self.client.get(url)
        with CaptureQueriesContext(connection) as stale:
            self.client.get(url)
        StarRating.objects.filter(product__producer=self.p["M1"], year=2567).update(stars=2)
        with CaptureQueriesContext(connection) as clean:
            self.client.get(url)
        self.assertEqual(len(stale), len(clean))
        self.assertEqual(len(clean), 11)


class StaleDraftReviewTestCase(BaseTestCase):
    def test_a_draft_with_a_stale_nomination_is_flagged_without_a_keep_form(self):
        round_ = build_round(self)
        p = build_registry(self)
        services.nomination_add(
            round_=round_, district_code="5601", candidate_pk=p["M1"].pk, by=self.officer
        )
        StarRating.objects.filter(product__producer=p["M1"], year=2567).update(stars=5)
        self.client.force_login(self.staff)
        response = self.client.get(
            reverse("nominations:submission_review", args=["kbo-nom", "5601"])
        )
        self.assertContains(response, "อำเภอต้องถอนชื่อหรือเปลี่ยนก่อนส่งรายชื่อ")
        self.assertNotContains(response, 'data-testid="keep-form"')
        self.client.force_login(self.officer)
        work = self.client.get(reverse("nominations:submission_work", args=["kbo-nom", "5601"]))
        self.assertContains(work, "ไม่ผ่านเกณฑ์ของรอบนี้แล้ว: ")
        self.assertContains(work, "กรุณาถอนชื่อ")
        self.assertContains(work, "ถอนชื่อหรือเปลี่ยนรายการเหล่านี้ก่อนส่งรายชื่อ")
