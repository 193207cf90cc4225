"""Quotas: exact and at least, one per district, only on draft rounds; the shortfall table."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from allocations.models import Quota, QuotaKind
from allocations.selectors import quota_total, shortfall_table
from allocations.services import quota_set_many
from lifecycle.services import round_open
from selection.models import RoundStatus
from tests.base import BaseTestCase, make_producer, make_product
from tests.selection.data import make_round


class QuotaTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round(
            "QD",
            2568,
            cls.phayao,
            tiers=[
                [("quadrant", {"quadrants": ["D"], "year": 2567})],
                [("quadrant", {"quadrants": ["C"], "year": 2567})],
            ],
        )
        producer = make_producer("QQ1", cls.mueang)
        for i in range(3):
            make_product(f"QQ1{i}", producer, quadrant={2567: "D"})
        make_product("QQ1C", producer, quadrant={2567: "C"})

    def test_quota_set_many_sets_and_removes(self):
        quota_set_many(
            round_=self.round,
            amounts={
                "5601": (6, QuotaKind.AT_LEAST, "อำเภอละ ๖ ผลิตภัณฑ์ขึ้นไป"),
                "5607": (2, QuotaKind.EXACT, ""),
            },
        )
        self.assertEqual(quota_total(round_=self.round), 8)
        quota_set_many(round_=self.round, amounts={"5607": (None, "", "")})
        self.assertEqual(
            list(Quota.objects.values_list("district_id", "kind")), [("5601", "at_least")]
        )

    def test_one_quota_per_district(self):
        Quota.objects.create(round=self.round, district=self.mueang, amount=1)
        with self.assertRaises(IntegrityError):
            Quota.objects.create(round=self.round, district=self.mueang, amount=2)

    def test_quotas_of_an_open_round_cannot_change(self):
        self.round.status = RoundStatus.OPEN
        with self.assertRaises(ValidationError):
            quota_set_many(round_=self.round, amounts={"5601": (1, "exact", "")})

    def test_at_least_and_exact_quotas_are_both_short_below_the_amount(self):
        quota_set_many(
            round_=self.round,
            amounts={"5601": (6, QuotaKind.AT_LEAST, ""), "5607": (0, QuotaKind.EXACT, "")},
        )
        rows = {r.district.code: r for r in shortfall_table(round_=self.round)}
        self.assertEqual(len(rows), 9)
        mueang = rows["5601"].shortfall
        self.assertEqual(
            (mueang.tier1, mueang.fallback, mueang.short, mueang.still_short), (3, 1, True, True)
        )
        self.assertFalse(rows["5607"].shortfall.short)
        self.assertIsNone(rows["5602"].shortfall.amount)

    def test_shortfall_table_queries_are_fixed(self):
        # tiers, criteria, districts, quotas, and one grouped count of every tier
        with self.assertNumQueries(5):
            shortfall_table(round_=self.round)

    def test_opening_refuses_a_round_with_errors_in_thai(self):
        with self.assertRaises(ValidationError) as caught:
            round_open(round_=self.round)
        self.assertIn("ยังไม่ได้กำหนดวันส่งรายชื่อ", caught.exception.messages)
        self.assertIn("ยังไม่ได้กำหนดจำนวนจัดสรรของอำเภอใดเลย", caught.exception.messages)
