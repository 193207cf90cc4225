from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Max, Min
from django.test import TestCase

from accounts.models import Role, User
from registry.models import (
    Category,
    Participation,
    Producer,
    ProducerType,
    Product,
    QuadrantRating,
    StarRating,
)

PHAYAO_DISTRICTS = {"5601", "5602", "5603", "5604", "5605", "5606", "5607", "5608", "5609"}
# KBO FY 2568 (seed 001) quotas, and the (tier 1, fallback) pools the demo was designed for.
EXPECTED_POOLS = {
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


def _state():
    """Everything the demo writes, as comparable values (no primary keys)."""
    return {
        "producers": sorted(
            Producer.objects.values_list("code", "name", "producer_type", "district_id")
        ),
        "products": sorted(Product.objects.values_list("code", "producer__code", "category")),
        "stars": sorted(StarRating.objects.values_list("product__code", "year", "stars", "score")),
        "quadrants": sorted(
            QuadrantRating.objects.values_list("product__code", "year", "quadrant")
        ),
        "participations": sorted(
            Participation.objects.values_list(
                "program", "fiscal_year", "producer__code", "product__code"
            ),
            key=str,
        ),
        "users": sorted(User.objects.values_list("username", "role", "province", "district")),
    }


def _kbo_2568_pools(district_code):
    """Seed 001's rules as plain ORM queries, written apart from the demo generator."""
    groups = Producer.objects.filter(
        district_id=district_code, producer_type=ProducerType.COMMUNITY_GROUP
    )
    kbo_2567 = Participation.objects.filter(program="KBO", fiscal_year=2567).values("producer_id")
    qd_2568 = Participation.objects.filter(program="QD", fiscal_year=2568)
    tier1 = set(
        groups.filter(
            products__star_ratings__year=2567,
            products__star_ratings__stars__gte=1,
            products__star_ratings__stars__lte=3,
        )
        .exclude(id__in=kbo_2567)
        .values_list("code", flat=True)
    )
    with_d = groups.filter(
        products__quadrant_ratings__year=2567, products__quadrant_ratings__quadrant="D"
    ).exclude(id__in=kbo_2567)
    tier2 = (
        set(with_d.exclude(id__in=qd_2568.values("producer_id")).values_list("code", flat=True))
        - tier1
    )
    # The other reading of rule 4 ("its D product is not a QD target") must give the same.
    tier2_by_product = (
        set(
            with_d.exclude(
                products__quadrant_ratings__year=2567,
                products__quadrant_ratings__quadrant="D",
                products__in=qd_2568.values("product_id"),
            ).values_list("code", flat=True)
        )
        - tier1
    )
    return tier1, tier2, tier2_by_product


class SeedDemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = StringIO()
        call_command("seed_demo", stdout=cls.output)

    def test_a_second_run_changes_nothing(self):
        before = _state()
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual(_state(), before)

    def test_it_restores_edited_rows_and_drops_extra_history(self):
        before = _state()
        product = Product.objects.filter(code__startswith="5601").first()
        StarRating.objects.update_or_create(product=product, year=2553, defaults={"stars": 2})
        Producer.objects.filter(code=product.producer.code).update(name="แก้ไขแล้ว")
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual(_state(), before)

    def test_it_makes_hundreds_of_phayao_producers_in_all_nine_districts(self):
        phayao = Producer.objects.filter(district__province_id="56")
        self.assertGreaterEqual(phayao.count(), 350)
        self.assertEqual(set(phayao.values_list("district_id", flat=True)), PHAYAO_DISTRICTS)
        self.assertTrue(Producer.objects.filter(district__province_id="57").exists())

    def test_it_weights_producers_to_community_groups(self):
        counts = dict(
            Producer.objects.values_list("producer_type").annotate(n=Count("id")).order_by()
        )
        self.assertEqual(set(counts), set(ProducerType.values))
        self.assertGreater(counts["group"], counts["single"])
        self.assertGreater(counts["single"], counts["sme"])

    def test_every_producer_has_one_to_three_products_in_all_categories(self):
        per_producer = Producer.objects.annotate(n=Count("products")).aggregate(
            low=Min("n"), high=Max("n")
        )
        self.assertEqual((per_producer["low"], per_producer["high"]), (1, 3))
        self.assertEqual(
            set(Product.objects.values_list("category", flat=True)), set(Category.values)
        )

    def test_codes_are_subdistrict_code_serial_and_product_number(self):
        for producer in Producer.objects.all():
            self.assertRegex(producer.code, r"^\d{6}-\d{4}$")
            self.assertEqual(producer.code[:6], producer.subdistrict_id)
            self.assertEqual(producer.code[:4], producer.district_id)
        for code, producer_code in Product.objects.values_list("code", "producer__code"):
            self.assertRegex(code, rf"^{producer_code}-0[1-3]$")

    def test_registration_years_span_2557_to_2567(self):
        for model in (Producer, Product):
            years = model.objects.aggregate(low=Min("registered_year"), high=Max("registered_year"))
            self.assertEqual((years["low"], years["high"]), (2557, 2567), model.__name__)
        self.assertFalse(
            Product.objects.filter(registered_year__lt=F("producer__registered_year")).exists()
        )

    def test_it_has_star_and_quadrant_history_over_several_years(self):
        self.assertEqual(
            set(StarRating.objects.values_list("year", flat=True)), {2559, 2562, 2565, 2567}
        )
        self.assertEqual(set(StarRating.objects.values_list("stars", flat=True)), {1, 2, 3, 4, 5})
        self.assertEqual(
            set(QuadrantRating.objects.values_list("year", flat=True)), {2565, 2566, 2567, 2568}
        )
        d_2567 = QuadrantRating.objects.filter(year=2567, quadrant="D").count()
        self.assertGreaterEqual(d_2567, 100)

    def test_ratings_never_predate_the_products_registration(self):
        for model in (StarRating, QuadrantRating):
            with self.subTest(model=model.__name__):
                self.assertFalse(
                    model.objects.filter(year__lt=F("product__registered_year")).exists()
                )

    def test_it_has_past_kbo_and_qd_participation(self):
        kbo_years = set(
            Participation.objects.filter(program="KBO").values_list("fiscal_year", flat=True)
        )
        self.assertTrue({2565, 2566, 2567} <= kbo_years)
        self.assertFalse(
            Participation.objects.filter(program="KBO", product__isnull=False).exists()
        )
        qd = Participation.objects.filter(program="QD")
        self.assertEqual(set(qd.values_list("fiscal_year", flat=True)), {2567, 2568})
        self.assertFalse(qd.filter(product__isnull=True).exists())
        for participation in qd.select_related("product"):
            self.assertEqual(participation.product.producer_id, participation.producer_id)

    def test_kbo_2568_pools_per_district_are_as_designed(self):
        for district, (quota, tier1_expected, tier2_expected) in EXPECTED_POOLS.items():
            tier1, tier2, tier2_by_product = _kbo_2568_pools(district)
            with self.subTest(district=district, quota=quota):
                self.assertEqual(len(tier1), tier1_expected)
                self.assertEqual(len(tier2), tier2_expected)
                self.assertEqual(tier2, tier2_by_product)

    def test_some_districts_are_short_in_tier_one_with_fallback(self):
        tier1, tier2, _ = _kbo_2568_pools("5609")  # ภูกามยาว, quota 1
        self.assertLess(len(tier1), 1)
        self.assertGreaterEqual(len(tier2), 1)
        tier1, tier2, _ = _kbo_2568_pools("5605")  # ดอกคำใต้, quota 4
        self.assertLess(len(tier1), 4)
        self.assertGreaterEqual(len(tier1) + len(tier2), 4)

    def test_decoys_sit_just_outside_the_rules(self):
        in_kbo_2567 = Producer.objects.filter(
            producer_type="group",
            district__province_id="56",
            participations__program="KBO",
            participations__fiscal_year=2567,
            products__star_ratings__year=2567,
            products__star_ratings__stars__lte=3,
        )
        self.assertGreaterEqual(in_kbo_2567.count(), 9)
        non_groups_low_stars = Producer.objects.exclude(producer_type="group").filter(
            products__star_ratings__year=2567, products__star_ratings__stars__lte=3
        )
        self.assertTrue(non_groups_low_stars.exists())

    def test_users_exist_with_their_scope_and_can_log_in(self):
        expected = {
            "admin": (Role.ADMIN, None, None),
            "phayao": (Role.PROVINCIAL_STAFF, "56", None),
            "phayao-mueang": (Role.DISTRICT_OFFICER, "56", "5601"),
            "phayao-chun": (Role.DISTRICT_OFFICER, "56", "5602"),
            "phayao-chiangkham": (Role.DISTRICT_OFFICER, "56", "5603"),
            "phayao-chiangmuan": (Role.DISTRICT_OFFICER, "56", "5604"),
            "phayao-dokkhamtai": (Role.DISTRICT_OFFICER, "56", "5605"),
            "phayao-pong": (Role.DISTRICT_OFFICER, "56", "5606"),
            "phayao-maechai": (Role.DISTRICT_OFFICER, "56", "5607"),
            "phayao-phusang": (Role.DISTRICT_OFFICER, "56", "5608"),
            "phayao-phukamyao": (Role.DISTRICT_OFFICER, "56", "5609"),
            "chiangrai": (Role.PROVINCIAL_STAFF, "57", None),
        }
        for username, (role, province, district) in expected.items():
            with self.subTest(username=username):
                user = authenticate(username=username, password="demo-pass-1234")
                self.assertIsNotNone(user)
                self.assertEqual(
                    (user.role, user.province_id, user.district_id), (role, province, district)
                )
                self.assertIn(username, self.output.getvalue())
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_staff and admin.is_superuser)
        self.assertFalse(User.objects.filter(is_superuser=True).exclude(username="admin").exists())
        self.assertIn("demo-pass-1234", self.output.getvalue())

    def test_it_refuses_a_database_with_other_users_unless_forced(self):
        User.objects.create_user("real-person", password="x", role=Role.ADMIN)
        with self.assertRaisesMessage(CommandError, "--force"):
            call_command("seed_demo", stdout=StringIO())
        call_command("seed_demo", "--force", stdout=StringIO())
