"""Round pages: scoped to the province (404 for others), rules editor on drafts,
status changes through validation, and district officers' read-only candidates."""

from django.urls import reverse

from registry.models import Participation
from selection.models import Round, RoundStatus
from tests.base import PASSWORD, BaseTestCase, make_producer, make_product
from tests.selection.data import make_round

TIER_1 = [
    ("producer_type", {"types": ["group"]}),
    ("star_level", {"min": 1, "max": 3, "year": 2567}),
    ("not_participant", {"program": "KBO", "fiscal_year": 2567}),
]


class RoundViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round("KBO", 2568, cls.phayao, slug="kbo-py", tiers=[TIER_1])
        cls.open_round = make_round(
            "QD", 2568, cls.phayao, slug="qd-py", status=RoundStatus.OPEN, tiers=[TIER_1]
        )
        cls.cr_round = make_round("KBO", 2568, cls.chiang_rai, slug="kbo-cr", tiers=[TIER_1])
        make_product("V1A", make_producer("V1", cls.mueang, name="กลุ่มจักสาน"), stars={2567: 2})
        kbo = make_producer("V2", cls.mueang, name="กลุ่มเคยเข้าร่วม")
        make_product("V2A", kbo, stars={2567: 2})
        Participation.objects.create(program="KBO", fiscal_year=2567, producer=kbo)

    def login(self, user):
        self.client.login(username=user.username, password=PASSWORD)

    def test_round_list_is_scoped_to_the_province(self):
        self.login(self.staff)
        response = self.client.get(reverse("selection:round_list"))
        self.assertContains(response, "kbo-py")
        self.assertNotContains(response, "kbo-cr")

    def test_district_officers_see_only_open_rounds_in_the_list(self):
        self.login(self.officer)
        response = self.client.get(reverse("selection:round_list"))
        rounds = list(response.context["rounds"])
        self.assertEqual(rounds, [self.open_round])

    def test_round_detail_shows_rules_and_validation(self):
        self.login(self.staff)
        response = self.client.get(reverse("selection:round_detail", args=["kbo-py"]))
        self.assertContains(response, "มีระดับ ๑–๓ ดาว ปี ๒๕๖๗")
        self.assertContains(response, "ยังไม่ได้กำหนดวันส่งรายชื่อ")

    def test_other_provinces_and_officers_get_404_on_management_pages(self):
        urls = [
            reverse("selection:round_detail", args=["kbo-py"]),
            reverse("selection:round_rules", args=["kbo-py"]),
            reverse("allocations:quota_grid", args=["kbo-py"]),
            reverse("allocations:round_preview", args=["kbo-py"]),
        ]
        for user in (self.outsider, self.officer, self.outsider_officer):
            self.login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.outsider)
        response = self.client.post(
            reverse("selection:round_status", args=["kbo-py"]), {"status": "open"}
        )
        self.assertEqual(response.status_code, 404)

    def test_admins_see_every_province(self):
        self.login(self.admin)
        self.assertEqual(
            self.client.get(reverse("selection:round_detail", args=["kbo-cr"])).status_code, 200
        )

    def test_anonymous_users_are_sent_to_login(self):
        for url in (
            reverse("selection:round_list"),
            reverse("allocations:quota_grid", args=["kbo-py"]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 302)

    def test_rules_of_an_open_round_cannot_be_edited(self):
        self.login(self.staff)
        self.assertEqual(
            self.client.get(reverse("selection:round_rules", args=["qd-py"])).status_code, 404
        )

    def test_opening_an_invalid_round_shows_the_errors(self):
        self.login(self.staff)
        response = self.client.post(
            reverse("selection:round_status", args=["kbo-py"]), {"status": "open"}, follow=True
        )
        self.assertContains(response, "ยังไม่ได้กำหนดจำนวนจัดสรรของอำเภอใดเลย")
        self.assertEqual(Round.objects.get(slug="kbo-py").status, RoundStatus.DRAFT)

    def test_officer_sees_candidates_of_own_district_in_an_open_round(self):
        self.login(self.officer)
        url = reverse("selection:round_candidates", args=["qd-py", "5601"])
        response = self.client.get(url + "?all=1")
        self.assertContains(response, "กลุ่มจักสาน")
        self.assertContains(response, "เข้าร่วม KBO ปีงบประมาณ ๒๕๖๗ แล้ว ✗")

    def test_officer_gets_404_for_other_districts_and_draft_rounds(self):
        self.login(self.officer)
        for args in (["qd-py", "5607"], ["kbo-py", "5601"], ["kbo-cr", "5701"], ["qd-py", "5701"]):
            with self.subTest(args=args):
                url = reverse("selection:round_candidates", args=args)
                self.assertEqual(self.client.get(url).status_code, 404)
