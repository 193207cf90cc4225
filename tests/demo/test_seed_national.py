"""seed_national: the national synthetic data set, small (--products 2000) for speed."""

import hashlib
import io

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import TestCase

from accounts.models import Role, User
from allocations.models import Quota
from demo.rounds import round_definition_read
from registry.models import (
    District,
    Participation,
    Producer,
    Product,
    Province,
    QuadrantRating,
    StarRating,
)
from selection.models import Round, RoundStatus

PRODUCTS = 2000


def seed(*args):
    out = io.StringIO()
    call_command("seed_national", "--products", str(PRODUCTS), *args, stdout=out)
    return out.getvalue()


def fingerprint() -> str:
    """Every row the command makes, by natural keys (database ids left out)."""
    parts = [
        list(
            Producer.objects.order_by("code").values_list(
                "code", "name", "producer_type", "district_id", "registered_year"
            )
        ),
        list(
            Product.objects.order_by("code").values_list(
                "code", "producer__code", "category", "registered_year"
            )
        ),
        list(
            StarRating.objects.order_by("product__code", "year").values_list(
                "product__code", "year", "stars"
            )
        ),
        list(
            QuadrantRating.objects.order_by("product__code", "year").values_list(
                "product__code", "year", "quadrant"
            )
        ),
        list(
            Participation.objects.order_by(
                "program", "fiscal_year", "producer__code", "product__code"
            ).values_list("program", "fiscal_year", "producer__code", "product__code")
        ),
        list(
            Quota.objects.order_by("round__slug", "district_id").values_list(
                "round__slug", "district_id", "amount", "kind"
            )
        ),
        list(
            User.objects.order_by("username").values_list(
                "username", "role", "district_id", "province_id"
            )
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def seed_round_tiers():
    tiers = round_definition_read("kbo-2568-phayao").round.tiers
    return [
        [(c["kind"], c["params"], c.get("explanation", "")) for c in tier["criteria"]]
        for tier in tiers
    ]


class SeedNationalTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = seed("--seed", "7", "--password", "load-test-pass-2568")

    def test_it_makes_the_asked_number_of_products_with_history(self):
        self.assertEqual(Product.objects.count(), PRODUCTS)
        producers = Producer.objects.count()
        # 1–5 products each, 2.6 on average: about 760 producers for 2000 products.
        self.assertTrue(PRODUCTS / 5 <= producers <= PRODUCTS, producers)
        self.assertTrue(StarRating.objects.filter(year__range=(2559, 2568)).exists())
        self.assertEqual(
            set(QuadrantRating.objects.values_list("year", flat=True)), set(range(2559, 2569))
        )
        self.assertEqual(
            set(Participation.objects.values_list("program", flat=True)), {"KBO", "QD"}
        )

    def test_producers_are_spread_over_the_country(self):
        provinces = set(Producer.objects.values_list("district__province_id", flat=True))
        self.assertEqual(len(provinces), 77)

    def test_every_province_has_an_open_kbo_2568_round_with_the_seed_rules(self):
        rounds = Round.objects.filter(slug__startswith="national-kbo-2568-")
        self.assertEqual(rounds.count(), Province.objects.count())
        self.assertEqual(rounds.count(), 77)
        self.assertEqual(set(rounds.values_list("status", flat=True)), {RoundStatus.OPEN})
        self.assertEqual(set(rounds.values_list("program_id", "fiscal_year")), {("KBO", 2568)})
        expected = seed_round_tiers()
        for round_ in rounds.filter(province_id__in=["10", "50", "96"]):
            tiers = [list(tier.criteria.all()) for tier in round_.tiers.order_by("order")]
            self.assertEqual([len(t) for t in tiers], [len(t) for t in expected])
            for got_tier, expected_tier in zip(tiers, expected, strict=True):
                for got, (kind, params, explanation) in zip(got_tier, expected_tier, strict=True):
                    self.assertEqual((got.kind, got.explanation), (kind, explanation))
                    # Stored parameters are cleaned (defaults added); the seed's ones hold.
                    self.assertEqual({k: got.params[k] for k in params}, params)

    def test_every_district_has_an_exact_quota_in_its_provinces_round(self):
        quotas = Quota.objects.filter(round__slug__startswith="national-kbo-2568-")
        self.assertEqual(quotas.count(), District.objects.count())
        self.assertEqual(quotas.count(), 928)
        for district, round_province in quotas.values_list("district_id", "round__province_id"):
            self.assertEqual(district[:2], round_province)
        self.assertEqual(set(quotas.values_list("kind", flat=True)), {"exact"})
        self.assertTrue(set(quotas.values_list("amount", flat=True)) <= {1, 2, 3, 4})

    def test_every_district_and_province_has_a_user_who_can_log_in(self):
        officers = User.objects.filter(role=Role.DISTRICT_OFFICER, username__startswith="district-")
        self.assertEqual(
            set(officers.values_list("district_id", flat=True)),
            set(District.objects.values_list("code", flat=True)),
        )
        staff = User.objects.filter(role=Role.PROVINCIAL_STAFF, username__startswith="province-")
        self.assertEqual(staff.count(), 77)
        self.assertEqual(
            authenticate(username="district-5601", password="load-test-pass-2568").district_id,
            "5601",
        )
        self.assertEqual(
            authenticate(username="province-96", password="load-test-pass-2568").province_id, "96"
        )
        self.assertIn("load-test-pass-2568", self.output)

    def test_a_second_run_adds_nothing(self):
        before = fingerprint()
        output = seed("--seed", "7", "--password", "load-test-pass-2568")
        self.assertEqual(fingerprint(), before)
        self.assertIn("มีอยู่แล้ว", output)

    def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(self):
        first = fingerprint()
        seed("--seed", "7", "--password", "load-test-pass-2568", "--reset")
        self.assertEqual(fingerprint(), first)
        seed("--seed", "8", "--password", "load-test-pass-2568", "--reset")
        self.assertNotEqual(fingerprint(), first)
        self.assertEqual(Product.objects.count(), PRODUCTS)
