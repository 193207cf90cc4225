"""OPC and PSO pages: scope (404 outside it), POST-only changes, and the main flows."""

from decimal import Decimal as D

from django.urls import reverse

from documents.xlsx import reopen
from opc import services
from opc.models import Application, CommitteeMember, PsoPick
from registry.models import StarRating
from tests.base import BaseTestCase, make_producer, make_product
from tests.opc.data import add_member, make_opc_round, make_pso_round, stored_settings

PARTS = {
    "part_production_name": "ด้านการผลิตและความเข้มแข็งของชุมชน",
    "part_production_max": "30",
    "part_marketing_name": "ด้านการตลาดและความเป็นมาของผลิตภัณฑ์",
    "part_marketing_max": "30",
    "part_quality_name": "ด้านคุณภาพของผลิตภัณฑ์",
    "part_quality_max": "40",
}


class OpcViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao, fiscal_year=2567, signatory_name="นายทดสอบ ลงนาม")
        cls.cr_round = make_opc_round(cls.chiang_rai, fiscal_year=2567)
        cls.producer = make_producer("V1", cls.mueang)
        cls.product = make_product("V1-1", cls.producer)
        cls.other_product = make_product("V1-2", cls.producer)
        cls.mae_chai_producer = make_producer("V2", cls.mae_chai)
        cls.mae_chai_product = make_product("V2-1", cls.mae_chai_producer)
        cls.application = services.application_create(
            round_=cls.round, producer=cls.producer, products=[cls.product], user=cls.officer
        )
        cls.mae_chai_application = services.application_create(
            round_=cls.round,
            producer=cls.mae_chai_producer,
            products=[cls.mae_chai_product],
            user=cls.officer2,
        )
        # A Chiang Rai user sits on the Phayao committee; staff of Phayao is not a member.
        add_member(cls.round, cls.outsider_officer, "chair")
        add_member(cls.cr_round, cls.outsider)

    def url(self, name, **kwargs):
        return reverse(f"opc:{name}", kwargs={"round_slug": self.round.slug, **kwargs})

    # -- scope

    def test_a_district_officer_sees_only_their_districts_applications(self):
        self.client.force_login(self.officer)
        page = self.client.get(self.url("round_detail"))
        self.assertContains(page, self.product.name)
        self.assertNotContains(page, self.mae_chai_product.name)
        other = self.url("application_detail", pk=self.mae_chai_application.pk)
        self.assertEqual(self.client.get(other).status_code, 404)
        mae_chai = self.url("district_applications", district_code="5607")
        self.assertEqual(self.client.get(mae_chai).status_code, 404)

    def test_staff_of_another_province_get_404_everywhere_in_the_round(self):
        self.client.force_login(self.outsider)
        for name, kwargs in [
            ("round_detail", {}),
            ("application_detail", {"pk": self.application.pk}),
            ("district_applications", {"district_code": "5601"}),
            ("committee", {}),
            ("results", {}),
            ("results_xlsx", {}),
            ("announcement", {}),
        ]:
            with self.subTest(name=name):
                self.assertEqual(self.client.get(self.url(name, **kwargs)).status_code, 404)

    def test_another_rounds_objects_under_this_rounds_url_are_404(self):
        cr_producer = make_producer("VC1", self.cr_mueang)
        cr_application = services.application_create(
            round_=self.cr_round,
            producer=cr_producer,
            products=[make_product("VC1-1", cr_producer)],
            user=self.outsider,
        )
        cr_member = CommitteeMember.objects.get(round=self.cr_round)
        self.client.force_login(self.staff)
        self.assertEqual(
            self.client.get(self.url("application_detail", pk=cr_application.pk)).status_code, 404
        )
        response = self.client.post(self.url("committee_remove", pk=cr_member.pk))
        self.assertEqual(response.status_code, 404)
        self.assertTrue(CommitteeMember.objects.filter(pk=cr_member.pk).exists())
        district = self.url("district_applications", district_code="5701")
        self.assertEqual(self.client.get(district).status_code, 404)

    def test_a_committee_member_sees_every_district_of_their_round_only(self):
        self.client.force_login(self.outsider_officer)
        page = self.client.get(self.url("round_detail"))
        self.assertContains(page, self.product.name)
        self.assertContains(page, self.mae_chai_product.name)
        cr_url = reverse("opc:round_detail", kwargs={"round_slug": self.cr_round.slug})
        self.assertEqual(self.client.get(cr_url).status_code, 200)  # own province's round
        self.client.force_login(self.outsider)  # member of the Chiang Rai round only
        self.assertEqual(self.client.get(self.url("round_detail")).status_code, 404)

    def test_a_district_officer_cannot_manage_the_committee_or_publish(self):
        self.client.force_login(self.officer)
        self.assertEqual(self.client.get(self.url("committee")).status_code, 404)
        self.assertEqual(self.client.post(self.url("round_publish")).status_code, 404)

    def test_a_district_officer_sees_the_results_of_their_district_only(self):
        for application in (self.application, self.mae_chai_application):
            services.score_set(
                application=application,
                points={"production": "20", "marketing": "25", "quality": "40"},
                user=self.outsider_officer,
            )
        self.client.force_login(self.officer)
        page = self.client.get(self.url("results"))
        self.assertEqual([d.code for d, _rows in page.context["districts"]], ["5601"])
        self.assertNotContains(page, self.mae_chai_product.name)
        self.assertEqual(self.client.get(self.url("results_xlsx")).status_code, 404)

    def test_changes_are_post_only(self):
        self.client.force_login(self.staff)
        for name, kwargs in [
            ("round_publish", {}),
            ("application_withdraw", {"pk": self.application.pk}),
            ("score_set", {"pk": self.application.pk}),
        ]:
            with self.subTest(name=name):
                self.assertEqual(self.client.get(self.url(name, **kwargs)).status_code, 405)

    # -- flows

    def test_an_officer_enters_an_application_through_the_form(self):
        self.client.force_login(self.officer)
        url = self.url("application_create") + f"?producer={self.producer.pk}"
        self.assertContains(self.client.get(url), self.other_product.name)
        response = self.client.post(url, {"products": [self.other_product.pk]})
        created = Application.objects.filter(round=self.round).latest("pk")
        self.assertRedirects(response, self.url("application_detail", pk=created.pk))
        self.assertEqual([i.product for i in created.items.all()], [self.other_product])

    def test_a_third_application_shows_the_thai_limit_error(self):
        third = make_product("V1-3", self.producer)
        services.application_create(
            round_=self.round,
            producer=self.producer,
            products=[self.other_product],
            user=self.officer,
        )
        self.client.force_login(self.officer)
        url = self.url("application_create") + f"?producer={self.producer.pk}"
        response = self.client.post(url, {"products": [third.pk]}, follow=True)
        self.assertContains(response, "ครบ ๒ ผลิตภัณฑ์หลัก/ชุด")

    def test_an_officer_cannot_choose_a_producer_of_another_district(self):
        self.client.force_login(self.officer)
        url = self.url("application_create") + f"?producer={self.mae_chai_producer.pk}"
        response = self.client.post(url, {"products": [self.mae_chai_product.pk]})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Application.objects.filter(producer=self.mae_chai_producer).count(), 1)

    def test_a_member_scores_and_staff_publish(self):
        self.client.force_login(self.outsider_officer)
        for application in (self.application, self.mae_chai_application):
            self.client.post(
                self.url("score_set", pk=application.pk),
                {"production": "18", "marketing": "22", "quality": "49.5"},
            )
        self.application.refresh_from_db()
        self.assertEqual(self.application.total_score, D("89.50"))
        self.client.force_login(self.staff)
        response = self.client.post(self.url("round_publish"), follow=True)
        self.assertContains(response, "เพิ่มใหม่ 2")
        self.assertEqual(StarRating.objects.get(product=self.product, year=2567).stars, 4)

    def test_staff_who_are_not_members_get_404_when_scoring(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url("score_set", pk=self.application.pk), {"quality": "1"})
        self.assertEqual(response.status_code, 404)

    def test_staff_add_a_committee_member_by_username(self):
        self.client.force_login(self.staff)
        self.client.post(self.url("committee"), {"username": "officer_maechai", "role": "member"})
        self.assertTrue(
            CommitteeMember.objects.filter(round=self.round, user=self.officer2).exists()
        )
        response = self.client.post(self.url("committee"), {"username": "nobody", "role": "member"})
        self.assertContains(response, "ไม่พบผู้ใช้ชื่อ")

    def test_the_settings_form_refuses_a_gap_in_thai_and_saves_valid_bands(self):
        self.client.force_login(self.staff)
        data = {
            "band_5_min": 90,
            "band_5_max": 100,
            "band_4_min": 80,
            "band_4_max": 88,
            "band_3_min": 70,
            "band_3_max": 79,
            "band_2_min": 50,
            "band_2_max": 69,
            "band_1_min": 0,
            "band_1_max": 49,
            "stage_scoring_start": "๑/๖/๒๕๖๗",  # BE, as the officers type it
            **PARTS,
        }
        response = self.client.post(self.url("round_settings"), data)
        self.assertContains(response, "ช่วงคะแนนขาดหาย")
        data["band_4_max"] = 89
        response = self.client.post(self.url("round_settings"), data)
        self.assertRedirects(response, self.url("round_detail"))
        self.round.refresh_from_db()
        settings = stored_settings(self.round)
        self.assertEqual(settings["timeline"]["scoring"]["start"], "2024-06-01")
        self.assertEqual([p["max"] for p in settings["scoring_parts"]], ["30", "30", "40"])
        self.assertContains(self.client.get(self.url("round_detail")), "๑ มิถุนายน ๒๕๖๗")

    def test_results_page_xlsx_and_announcement(self):
        for application, quality in ((self.application, "50"), (self.mae_chai_application, "20")):
            services.score_set(
                application=application,
                points={"production": "20", "marketing": "25", "quality": quality},
                user=self.outsider_officer,
            )  # 95 → 5 stars; 65 → 2 stars
        self.client.force_login(self.staff)
        page = self.client.get(self.url("results"))
        self.assertContains(page, "อำเภอเมืองพะเยา")
        self.assertContains(page, "อำเภอแม่ใจ")
        self.assertEqual(
            page.context["summary"][0]["counts"], [1, 0, 0, 1, 0]
        )  # food: one 5-star, one 2-star
        workbook = self.client.get(self.url("results_xlsx"))
        self.assertEqual(workbook.status_code, 200)
        book = reopen(workbook.content)
        self.assertEqual(book.sheetnames, ["สรุปตามประเภท", "เมืองพะเยา", "แม่ใจ"])
        summary = book["สรุปตามประเภท"]
        self.assertEqual(
            [c.value for c in summary[4]], ["อาหาร", 1, 0, 0, 1, 0, 2]
        )  # food: 5★ 1, 2★ 1
        mae_chai = [c.value for c in book["แม่ใจ"][2]]
        self.assertEqual(mae_chai[1:3], ["V2-1", self.mae_chai_product.name])
        self.assertEqual(mae_chai[6:], [65, 2])
        html = self.client.get(self.url("announcement")).content.decode()
        self.assertIn("ประกาศจังหวัดพะเยา", html)
        self.assertIn("ระดับ ๕ ดาว จำนวน ๑ ผลิตภัณฑ์", html)
        self.assertIn("(นายทดสอบ ลงนาม)", html)


class PsoViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_pso_round(cls.phayao)
        producer = make_producer("W1", cls.mueang)
        cls.five = make_product("W1-1", producer, stars={2566: 5})
        cls.four = make_product("W1-2", producer, stars={2567: 4})
        StarRating.objects.filter(product=cls.four).update(score=D("85"))
        cls.two = make_product("W1-3", producer, stars={2567: 2})

    def url(self, name, **kwargs):
        return reverse(f"opc:{name}", kwargs={"round_slug": self.round.slug, **kwargs})

    def test_candidates_are_ranked_by_tier_then_latest_star_level(self):
        self.client.force_login(self.staff)
        page = self.client.get(self.url("pso_round"))
        food = next(c for c in page.context["categories"] if c["value"] == "food")
        self.assertEqual([c.product.code for c in food["candidates"]], ["W1-1", "W1-2", "W1-3"])
        self.assertEqual([c.tier for c in food["candidates"]], [1, 1, 2])

    def test_a_rating_later_than_the_rounds_year_is_not_the_latest(self):
        producer = make_producer("W2", self.mueang)
        make_product("W2-1", producer, category="drink", stars={2567: 2, 2569: 5})
        self.client.force_login(self.staff)
        page = self.client.get(self.url("pso_round"))
        drink = next(c for c in page.context["categories"] if c["value"] == "drink")
        self.assertEqual([(c.stars, c.star_year) for c in drink["candidates"]], [(2, 2567)])

    def test_staff_pick_one_per_category_with_a_remark(self):
        self.client.force_login(self.staff)
        self.client.post(self.url("pso_pick"), {"product": self.five.pk, "remark": "อัตลักษณ์"})
        response = self.client.post(
            self.url("pso_pick"), {"product": self.four.pk, "remark": "อีกหนึ่ง"}, follow=True
        )
        self.assertContains(response, "ประเภทละ ๑ ผลิตภัณฑ์")
        self.assertEqual(list(PsoPick.objects.values_list("product__code", flat=True)), ["W1-1"])

    def test_district_officers_see_but_cannot_pick_and_outsiders_get_404(self):
        self.client.force_login(self.officer)
        self.assertEqual(self.client.get(self.url("pso_round")).status_code, 200)
        response = self.client.post(self.url("pso_pick"), {"product": self.five.pk, "remark": "x"})
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url("pso_round")).status_code, 404)


class SettingsPartsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao)
        cls.url = reverse("opc:round_settings", kwargs={"round_slug": cls.round.slug})

    def data(self, **changes):
        bands = {"5": (90, 100), "4": (80, 89), "3": (70, 79), "2": (50, 69), "1": (0, 49)}
        data = {
            f"band_{s}_{end}": v
            for s, pair in bands.items()
            for end, v in zip(("min", "max"), pair, strict=True)
        }
        return {**data, **PARTS, **changes}

    def test_parts_not_adding_to_100_are_refused_in_thai(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, self.data(part_quality_max="45"))
        self.assertContains(response, "ต้องเท่ากับ ๑๐๐")

    def test_parts_cannot_change_once_scoring_has_begun(self):
        add_member(self.round, self.staff)
        producer = make_producer("SP1", self.mueang)
        application = services.application_create(
            round_=self.round,
            producer=producer,
            products=[make_product("SP1-1", producer)],
            user=self.officer,
        )
        services.score_set(application=application, points={"quality": "30"}, user=self.staff)
        self.client.force_login(self.staff)
        response = self.client.post(self.url, self.data())
        self.assertContains(response, "เปลี่ยนส่วนการให้คะแนนไม่ได้")


class QueryCountTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao)

    def add_applications(self, count, prefix):
        for n in range(count):
            producer = make_producer(f"{prefix}{n}", self.mueang)
            application = services.application_create(
                round_=self.round,
                producer=producer,
                products=[
                    make_product(f"{prefix}{n}-1", producer),
                    make_product(f"{prefix}{n}-2", producer),
                ],
                user=self.officer,
                is_set=True,
                set_name=f"ชุด {n}",
            )
            services.score_set(
                application=application,
                points={"production": "10", "marketing": "20", "quality": str(30 + n)},
                user=self.staff,
            )

    def queries(self, name):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        url = reverse(f"opc:{name}", kwargs={"round_slug": self.round.slug})
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_the_round_page_and_results_do_not_grow_with_the_applications(self):
        add_member(self.round, self.staff)
        self.client.force_login(self.staff)
        self.add_applications(2, "QA")
        few = (self.queries("round_detail"), self.queries("results"))
        self.assertEqual(
            len(
                self.client.get(reverse("opc:results", args=[self.round.slug])).context[
                    "districts"
                ][0][1]
            ),
            4,
        )
        self.add_applications(6, "QB")
        self.assertEqual((self.queries("round_detail"), self.queries("results")), few)
