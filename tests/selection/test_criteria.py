"""Each criterion kind: its database filter and its pure verdict always agree, and the
verdict explains itself in Thai with Thai digits."""

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from registry.models import District, Participation, Producer, Product
from selection.criteria import (
    CRITERIA,
    PRODUCER,
    PRODUCT,
    CandidateFacts,
    ProductFacts,
    build,
    tier_passes,
    tier_q,
)
from selection.engine import entries, load_facts
from tests.base import BaseTestCase
from tests.selection.data import build_varied_registry

CASES = [
    ("producer_type", {"types": ["group"]}),
    ("producer_type", {"types": ["single", "sme"]}),
    ("registration_year", {"of": "producer", "min": 2557, "max": 2561}),
    ("registration_year", {"of": "product", "min": 2557, "max": 2561}),
    ("registration_year", {"of": "product", "min": 2563, "max": 2563}),
    ("star_level", {"min": 1, "max": 3, "year": 2567}),
    ("star_level", {"min": 4, "max": 5, "year": 2565}),
    ("star_level", {"min": 1, "max": 3, "year": 2564, "latest": True}),
    ("star_level", {"min": 2, "max": 2, "year": 2568, "latest": True}),
    ("quadrant", {"quadrants": ["D"], "year": 2567}),
    ("quadrant", {"quadrants": ["C", "D"], "year": 2566, "latest": True}),
    ("category", {"categories": ["food", "drink"]}),
    ("category", {"categories": ["herbal"]}),
    ("not_participant", {"program": "KBO", "fiscal_year": 2567}),
    ("not_participant", {"program": "QD", "fiscal_year": 2568}),
    ("not_target", {"program": "QD", "fiscal_year": 2568}),
    ("not_target", {"program": "KBO", "fiscal_year": 2568}),
    ("officer_judgement", {"text": "มีศักยภาพ ความพร้อม"}),
]


class FilterVerdictAgreementTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.districts = [cls.mueang, cls.mae_chai]
        build_varied_registry(cls.districts, producers_per_district=40)

    def _sets(self, unit, rule_q, judge):
        queryset, district_field = entries(unit)
        in_districts = queryset.filter(**{f"{district_field}__in": ["5601", "5607"]})
        by_filter = set(in_districts.filter(rule_q).values_list("pk", flat=True))
        facts = load_facts(unit, list(in_districts.values_list("pk", flat=True)))
        by_verdict = {pk for pk, f in facts.items() if judge(f)}
        return by_filter, by_verdict, len(facts)

    def test_every_kind_is_covered_by_the_cases(self):
        self.assertEqual({kind for kind, _ in CASES}, set(CRITERIA))

    def test_filter_and_verdict_agree_for_every_case_and_unit(self):
        for unit in (PRODUCER, PRODUCT):
            for kind, params in CASES:
                with self.subTest(unit=unit, kind=kind, params=params):
                    rule = build(kind, params)
                    by_filter, by_verdict, total = self._sets(
                        unit, rule.q(unit), lambda f, r=rule: r.verdict(f).passed
                    )
                    self.assertEqual(by_filter, by_verdict)
                    if kind != "officer_judgement":
                        # The data must make the case discriminate, or it proves nothing.
                        self.assertLess(len(by_filter), total)
                        self.assertGreater(len(by_filter), 0)

    def test_tiers_with_alternatives_agree(self):
        tier = [
            build("producer_type", {"types": ["group"]}),
            build("quadrant", {"quadrants": ["D"], "year": 2566, "latest": True}, any_group=1),
            build("star_level", {"min": 1, "max": 3, "year": 2566, "latest": True}, any_group=1),
            build("not_participant", {"program": "KBO", "fiscal_year": 2567}),
        ]
        for unit in (PRODUCER, PRODUCT):
            with self.subTest(unit=unit):
                by_filter, by_verdict, _ = self._sets(
                    unit, tier_q(tier, unit), lambda f: tier_passes([r.verdict(f) for r in tier])
                )
                self.assertEqual(by_filter, by_verdict)
                self.assertTrue(by_filter)


def _product(pk=1, **fields):
    defaults = {
        "code": f"X{pk}",
        "name": f"ข้าวแต๋น {pk}",
        "category": "food",
        "registered_year": 2560,
    }
    return ProductFacts(pk=pk, **{**defaults, **fields})


def _producer(*products, **fields):
    defaults = {
        "unit": PRODUCER,
        "pk": 1,
        "code": "P1",
        "name": "กลุ่มแม่บ้าน",
        "producer_code": "P1",
        "producer_name": "กลุ่มแม่บ้าน",
        "producer_type": "group",
        "producer_registered_year": 2560,
        "district_code": "5601",
        "products": products,
    }
    return CandidateFacts(**{**defaults, **fields})


class VerdictTextTestCase(SimpleTestCase):
    """The explanations people read, with Thai digits and the tested value."""

    def test_star_level_names_the_stars_the_year_and_the_range(self):
        rule = build("star_level", {"min": 1, "max": 3, "year": 2567})
        facts = _producer(_product(stars={2567: 2}), unit=PRODUCT)
        verdict = rule.verdict(facts)
        self.assertTrue(verdict.passed)
        self.assertEqual(verdict.text, "ดาว ๒ ดาว ปี ๒๕๖๗: อยู่ในช่วง ๑–๓ ✓")

    def test_star_level_of_a_producer_names_the_product_that_has_it(self):
        rule = build("star_level", {"min": 1, "max": 3, "year": 2567})
        facts = _producer(_product(1, stars={2567: 5}), _product(2, stars={2567: 3}))
        verdict = rule.verdict(facts)
        self.assertTrue(verdict.passed)
        self.assertEqual(verdict.text, "ผลิตภัณฑ์ “ข้าวแต๋น 2”: ดาว ๓ ดาว ปี ๒๕๖๗: อยู่ในช่วง ๑–๓ ✓")

    def test_star_level_failure_says_what_each_product_has(self):
        rule = build("star_level", {"min": 1, "max": 3, "year": 2567})
        verdict = rule.verdict(_producer(_product(1, stars={2567: 5}), _product(2)))
        self.assertFalse(verdict.passed)
        self.assertIn("ดาว ๕ ดาว ปี ๒๕๖๗: ไม่อยู่ในช่วง ๑–๓", verdict.text)
        self.assertIn("ไม่มีระดับดาวปี ๒๕๖๗", verdict.text)
        self.assertTrue(verdict.text.endswith("✗"))

    def test_latest_star_level_uses_the_latest_rating_up_to_the_year(self):
        rule = build("star_level", {"min": 1, "max": 3, "year": 2566, "latest": True})
        passed = rule.verdict(_producer(_product(stars={2563: 5, 2565: 3, 2567: 5}), unit=PRODUCT))
        failed = rule.verdict(_producer(_product(stars={2563: 2, 2565: 4}), unit=PRODUCT))
        self.assertTrue(passed.passed)
        self.assertIn("ปี ๒๕๖๕", passed.text)
        self.assertFalse(failed.passed)

    def test_not_participant_says_the_program_and_year(self):
        rule = build("not_participant", {"program": "KBO", "fiscal_year": 2567})
        failed = rule.verdict(_producer(participations=frozenset({("KBO", 2567)})))
        self.assertEqual(failed.text, "เข้าร่วม KBO ปีงบประมาณ ๒๕๖๗ แล้ว ✗")
        passed = rule.verdict(_producer(participations=frozenset({("KBO", 2566)})))
        self.assertEqual(passed.text, "ไม่เคยเข้าร่วม KBO ปีงบประมาณ ๒๕๖๗ ✓")

    def test_not_target_says_whether_the_app_or_the_history_made_it_a_target(self):
        rule = build("not_target", {"program": "QD", "fiscal_year": 2568})
        nominated = rule.verdict(_producer(targets=frozenset({("QD", 2568)})))
        recorded = rule.verdict(_producer(participations=frozenset({("QD", 2568)})))
        self.assertIn("เสนอชื่อในระบบ", nominated.text)
        self.assertIn("ประวัติการเข้าร่วม", recorded.text)
        self.assertFalse(nominated.passed or recorded.passed)
        self.assertTrue(rule.verdict(_producer()).passed)

    def test_producer_type_names_the_type_found_and_wanted(self):
        rule = build("producer_type", {"types": ["group"]})
        verdict = rule.verdict(_producer(producer_type="sme"))
        self.assertFalse(verdict.passed)
        self.assertIn("(SME)", verdict.text)
        self.assertIn("ต้องเป็น กลุ่มผู้ผลิตชุมชน", verdict.text)

    def test_registration_year_of_the_producer_in_thai_digits(self):
        rule = build("registration_year", {"of": "producer", "min": 2557, "max": 2561})
        self.assertEqual(
            rule.verdict(_producer(producer_registered_year=2562)).text,
            "ลงทะเบียนผู้ผลิตปี ๒๕๖๒: ไม่อยู่ในช่วง ๒๕๕๗–๒๕๖๑ ✗",
        )
        self.assertFalse(rule.verdict(_producer(producer_registered_year=None)).passed)

    def test_quadrant_and_category(self):
        quadrant = build("quadrant", {"quadrants": ["D"], "year": 2567})
        self.assertEqual(
            quadrant.verdict(_producer(_product(quadrants={2567: "D"}), unit=PRODUCT)).text,
            "Quadrant D ปี ๒๕๖๗: อยู่ในกลุ่ม D ✓",
        )
        category = build("category", {"categories": ["textile"]})
        self.assertFalse(category.verdict(_producer(_product(), unit=PRODUCT)).passed)

    def test_officer_judgement_passes_but_asks_for_a_justification(self):
        verdict = build("officer_judgement", {"text": "มีศักยภาพ"}).verdict(_producer())
        self.assertTrue(verdict.passed)
        self.assertTrue(verdict.needs_justification)

    def test_a_producer_without_products_fails_product_rules(self):
        verdict = build("category", {"categories": ["food"]}).verdict(_producer())
        self.assertEqual(verdict.text, "ไม่มีผลิตภัณฑ์ในทะเบียน ✗")

    def test_alternatives_need_one_of_their_group(self):
        a = build("category", {"categories": ["food"]}, any_group=1)
        b = build("category", {"categories": ["drink"]}, any_group=1)
        facts = _producer(_product(category="drink"), unit=PRODUCT)
        self.assertTrue(tier_passes([a.verdict(facts), b.verdict(facts)]))
        facts = _producer(_product(category="herbal"), unit=PRODUCT)
        self.assertFalse(tier_passes([a.verdict(facts), b.verdict(facts)]))


class ParamsTestCase(SimpleTestCase):
    def test_it_rejects_bad_params_in_thai(self):
        bad = [
            ("producer_type", {"types": ["corporation"]}),
            ("registration_year", {"min": 2561, "max": 2557}),
            ("registration_year", {"min": 2018, "max": 2019}),
            ("star_level", {"min": 0, "max": 3, "year": 2567}),
            ("star_level", {"min": 1, "max": 3}),
            ("quadrant", {"quadrants": ["E"], "year": 2567}),
            ("category", {"categories": []}),
            ("not_participant", {"program": "XYZ", "fiscal_year": 2567}),
            ("officer_judgement", {"text": "  "}),
        ]
        for kind, params in bad:
            with self.subTest(kind=kind, params=params), self.assertRaises(ValidationError):
                build(kind, params)


class CrossProgramExclusionTestCase(BaseTestCase):
    """Exclusions read the right program and year, for producers and products alike."""

    def test_product_round_reads_product_and_producer_level_rows(self):
        from tests.base import make_producer, make_product

        producer = make_producer("EX1", self.mueang)
        a = make_product("EXA", producer)
        b = make_product("EXB", producer)
        Participation.objects.create(program="QD", fiscal_year=2567, producer=producer, product=a)
        rule = build("not_participant", {"program": "QD", "fiscal_year": 2567})
        found = set(Product.objects.filter(rule.q(PRODUCT), producer=producer))
        self.assertEqual(found, {b})
        other_year = build("not_participant", {"program": "QD", "fiscal_year": 2566})
        self.assertEqual(
            Product.objects.filter(other_year.q(PRODUCT), producer=producer).count(), 2
        )
        # A producer-level record (no product) excludes every product of the producer.
        Participation.objects.create(program="QD", fiscal_year=2567, producer=producer)
        self.assertFalse(Product.objects.filter(rule.q(PRODUCT), producer=producer).exists())
        # In a producer round, any record of the producer in that program and year counts.
        kbo = build("not_participant", {"program": "KBO", "fiscal_year": 2567})
        self.assertTrue(Producer.objects.filter(kbo.q(PRODUCER), pk=producer.pk).exists())
        self.assertFalse(Producer.objects.filter(rule.q(PRODUCER), pk=producer.pk).exists())
        self.assertEqual(District.objects.get(code="5601"), producer.district)
