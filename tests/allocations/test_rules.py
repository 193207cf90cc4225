"""Pure quota rules: coverage and shortfall."""

from django.test import SimpleTestCase

from allocations.rules import Shortfall, check_quota_coverage, fallback_places
from nominations.rules import fallback_room


class CoverageTestCase(SimpleTestCase):
    PHAYAO = {"5601": "เมืองพะเยา", "5602": "จุน", "5603": "เชียงคำ"}

    def check(self, quotas):
        return check_quota_coverage(
            province_code="56",
            province_name="พะเยา",
            province_districts=self.PHAYAO,
            quota_districts=quotas,
        )

    def test_full_coverage_is_fine(self):
        self.assertEqual(self.check(dict(self.PHAYAO)), [])

    def test_it_names_missing_and_foreign_districts(self):
        issues = self.check({"5601": "เมืองพะเยา", "2401": "เมืองฉะเชิงเทรา"})
        self.assertEqual(
            [i.message for i in issues],
            [
                "จำนวนจัดสรรมีอำเภอที่ไม่อยู่ในจังหวัดพะเยา: เมืองฉะเชิงเทรา",
                "ยังไม่มีจำนวนจัดสรรของ ๒ อำเภอ: จุน, เชียงคำ",
            ],
        )

    def test_no_quotas_at_all(self):
        self.assertEqual([i.code for i in self.check({})], ["quotas_missing"])


class ShortfallTestCase(SimpleTestCase):
    def test_table(self):
        # amount, counts, has_fallback -> short, fallback_offered, still_short, missing
        table = [
            (2, {1: 3}, True, False, False, False, 0),
            (2, {1: 2}, True, False, False, False, 0),
            (4, {1: 2, 2: 4}, True, True, True, False, 2),
            (4, {1: 2, 2: 1}, True, True, True, True, 2),
            (4, {1: 2}, False, True, False, True, 2),
            (1, {2: 3}, True, True, True, False, 1),
            (None, {1: 1}, True, False, False, False, 0),
        ]
        for amount, counts, fallback, short, offered, still, missing in table:
            with self.subTest(amount=amount, counts=counts, fallback=fallback):
                s = Shortfall(amount=amount, counts=counts, has_fallback=fallback)
                self.assertEqual(
                    (s.short, s.fallback_offered, s.still_short, s.missing),
                    (short, offered, still, missing),
                )


class FallbackPlacesTestCase(SimpleTestCase):
    """The one fallback arithmetic: the dashboard's shortfall and nominating agree."""

    def test_it_is_what_tier_1_cannot_fill(self):
        for amount, tier1, expected in [(4, 2, 2), (2, 5, 0), (3, 3, 0), (None, 0, 0), (0, 0, 0)]:
            with self.subTest(amount=amount, tier1=tier1):
                self.assertEqual(fallback_places(amount, tier1), expected)
                self.assertEqual(Shortfall(amount=amount, counts={1: tier1}).missing, expected)
                room = fallback_room(amount=amount, tier1_eligible=tier1, fallback_nominated=0)
                self.assertEqual(room, expected)
