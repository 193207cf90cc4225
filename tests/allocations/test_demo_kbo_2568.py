"""KBO FY 2568 (seed 001) on the demo data: the expected candidates of every district.

The expected sets are computed here with plain ORM queries and set arithmetic, written
apart from the engine (no criteria classes, no CASE/EXISTS), and the counts are also
stated as numbers: the demo registry was designed with them (demo.registry, fixtures/).
"""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from allocations.selectors import shortfall_table
from nominations.models import Nomination
from registry.models import District, Participation, Producer, QuadrantRating, StarRating
from selection.engine import district_candidates
from selection.models import Round

# district: (quota, tier 1, tier 2), as the demo data was built (demo/registry.py).
EXPECTED = {
    "5601": (6, 14, 5),
    "5607": (2, 5, 3),
    "5609": (1, 0, 3),
    "5605": (4, 2, 4),
    "5602": (1, 3, 2),
    "5606": (2, 2, 2),
    "5604": (1, 1, 1),
    "5603": (1, 6, 3),
    "5608": (2, 1, 0),
}


def expected_by_plain_queries(district_code):
    groups = set(
        Producer.objects.filter(district_id=district_code, producer_type="group").values_list(
            "pk", flat=True
        )
    )
    starred = set(
        StarRating.objects.filter(year=2567, stars__in=[1, 2, 3]).values_list(
            "product__producer_id", flat=True
        )
    )
    quadrant_d = set(
        QuadrantRating.objects.filter(year=2567, quadrant="D").values_list(
            "product__producer_id", flat=True
        )
    )
    kbo_2567 = set(
        Participation.objects.filter(program="KBO", fiscal_year=2567).values_list(
            "producer_id", flat=True
        )
    )
    qd_2568 = set(
        Participation.objects.filter(program="QD", fiscal_year=2568).values_list(
            "producer_id", flat=True
        )
    ) | set(
        Nomination.objects.filter(round__program="QD", round__fiscal_year=2568).values_list(
            "producer_id", flat=True
        )
    )
    tier1 = (groups & starred) - kbo_2567
    tier2 = (groups & quadrant_d) - kbo_2567 - qd_2568 - tier1
    return tier1, tier2


class DemoKbo2568TestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        cls.round = Round.objects.select_related("program", "province").get(slug="kbo-2568-phayao")

    def test_every_phayao_district_gets_the_expected_candidates(self):
        self.assertEqual(
            set(District.objects.filter(province_id="56").values_list("code", flat=True)),
            set(EXPECTED),
        )
        for code, (_quota, tier1_count, tier2_count) in EXPECTED.items():
            with self.subTest(district=code):
                tier1, tier2 = expected_by_plain_queries(code)
                self.assertEqual((len(tier1), len(tier2)), (tier1_count, tier2_count))
                result = district_candidates(self.round, code)
                found = {c.facts.pk: c.tier for c in result.candidates}
                self.assertEqual({pk for pk, t in found.items() if t == 1}, tier1)
                self.assertEqual({pk for pk, t in found.items() if t == 2}, tier2)

    def test_the_shortfall_table_flags_short_districts_and_offers_the_fallback(self):
        rows = {row.district.code: row for row in shortfall_table(round_=self.round)}
        for code, (quota, tier1, tier2) in EXPECTED.items():
            with self.subTest(district=code):
                shortfall = rows[code].shortfall
                self.assertEqual(shortfall.amount, quota)
                self.assertEqual((shortfall.tier1, shortfall.fallback), (tier1, tier2))
                self.assertEqual(shortfall.short, tier1 < quota)
                self.assertEqual(shortfall.fallback_offered, tier1 < quota)
                self.assertEqual(shortfall.still_short, tier1 + tier2 < quota)
        # ภูกามยาว (no tier 1), ดอกคำใต้ (2 of 4) and ภูซาง (1 of 2, no fallback either).
        self.assertEqual(
            {c for c, r in rows.items() if r.shortfall.short}, {"5609", "5605", "5608"}
        )
        self.assertEqual({c for c, r in rows.items() if r.shortfall.still_short}, {"5608"})
