"""Quota grid (all districts on one form, province total) and the what-if preview."""

from django.urls import reverse

from allocations.models import Quota
from tests.base import PASSWORD, BaseTestCase, make_producer, make_product
from tests.selection.data import make_round


class QuotaGridTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round(
            "KBO",
            2568,
            cls.phayao,
            slug="kbo-grid",
            tiers=[
                [("star_level", {"min": 1, "max": 3, "year": 2567})],
                [("quadrant", {"quadrants": ["D"], "year": 2567})],
            ],
        )
        make_product("G1A", make_producer("G1", cls.mueang), stars={2567: 2})
        make_product("G2A", make_producer("G2", cls.mueang), quadrant={2567: "D"})

    def setUp(self):
        self.client.login(username="staff", password=PASSWORD)

    def test_grid_lists_every_district_of_the_province(self):
        response = self.client.get(reverse("allocations:quota_grid", args=["kbo-grid"]))
        self.assertEqual(len(response.context["form"].rows()), 9)
        self.assertContains(response, "ภูกามยาว")

    def test_posting_the_grid_saves_quotas_and_shows_the_total(self):
        data = {}
        for code in ("5601", "5602", "5603", "5604", "5605", "5606", "5607", "5608", "5609"):
            data |= {f"amount_{code}": "", f"kind_{code}": "exact", f"remark_{code}": ""}
        data |= {"amount_5601": "6", "amount_5607": "2", "kind_5607": "at_least"}
        url = reverse("allocations:quota_grid", args=["kbo-grid"])
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, "รวมทั้งจังหวัด <strong>8</strong>", html=False)
        self.assertEqual(
            set(Quota.objects.values_list("district_id", "amount", "kind")),
            {("5601", 6, "exact"), ("5607", 2, "at_least")},
        )

    def test_preview_shows_counts_and_fallback(self):
        Quota.objects.create(round=self.round, district=self.mueang, amount=3)
        response = self.client.get(reverse("allocations:round_preview", args=["kbo-grid"]))
        row = next(r for r in response.context["rows"] if r.district.code == "5601")
        self.assertEqual(row.shortfall.counts, {1: 1, 2: 1})
        self.assertContains(response, "ไม่พอแม้รวมชั้นสำรอง (ขาด 2)")
