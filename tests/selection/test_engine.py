"""The engine: tiers (first tier met, one tier only), fallback, near misses, query counts."""

import datetime as dt

import pytest

from allocations.models import Quota
from nominations.services import nomination_add
from registry.models import Participation
from selection.engine import district_candidates, load_facts, tier_counts, tier_of_by_verdicts
from selection.models import RoundStatus, Unit
from tests.base import BaseTestCase, make_producer, make_product
from tests.selection.data import build_varied_registry, make_round

SEED_001_TIERS = [
    [
        ("producer_type", {"types": ["group"]}),
        ("star_level", {"min": 1, "max": 3, "year": 2567}),
        ("not_participant", {"program": "KBO", "fiscal_year": 2567}),
    ],
    [
        ("producer_type", {"types": ["group"]}),
        ("quadrant", {"quadrants": ["D"], "year": 2567}),
        ("not_participant", {"program": "KBO", "fiscal_year": 2567}),
        ("not_target", {"program": "QD", "fiscal_year": 2568}),
    ],
]


class TiersTestCase(BaseTestCase):
    @classmethod
    def nominate(cls, product):
        unit_pk = product.pk if cls.qd_round.unit == Unit.PRODUCT else product.producer_id
        nomination_add(
            round_=cls.qd_round,
            district_code=product.producer.district_id,
            candidate_pk=unit_pk,
            by=cls.officer,
        )

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round("KBO", 2568, cls.phayao, tiers=SEED_001_TIERS)
        # QD 2568 targets are nominated through the nomination services, as in the app.
        cls.qd_round = make_round(
            "QD",
            2568,
            cls.phayao,
            tiers=[[("producer_type", {"types": ["group"]})]],
            status=RoundStatus.OPEN,
            deadline=dt.date.today() + dt.timedelta(days=10),
        )
        Quota.objects.create(round=cls.qd_round, district=cls.mueang, amount=5, kind="at_least")
        d = cls.mueang
        # Tier 1: a group with a 2-star product in 2567 (also Quadrant D: tier 1 wins).
        cls.star_group = make_producer("T1", d)
        make_product("T1A", cls.star_group, stars={2567: 2}, quadrant={2567: "D"})
        # Tier 1 member that also owns a QD 2568 target: rule 4 is not a tier-1 rule.
        cls.star_group_qd = make_producer("T1Q", d)
        qd_product = make_product("T1QA", cls.star_group_qd, stars={2567: 3})
        cls.nominate(qd_product)
        # Tier 2: a group with a Quadrant D product in 2567 and 4 stars.
        cls.d_group = make_producer("T2", d)
        make_product("T2A", cls.d_group, stars={2567: 4}, quadrant={2567: "D"})
        # Not eligible: Quadrant D but a QD 2568 target through the app.
        cls.d_group_nominated = make_producer("N1", d)
        p = make_product("N1A", cls.d_group_nominated, quadrant={2567: "D"})
        cls.nominate(p)
        # Not eligible: Quadrant D but a QD 2568 participant loaded from a sheet.
        cls.d_group_recorded = make_producer("N2", d)
        make_product("N2A", cls.d_group_recorded, quadrant={2567: "D"})
        Participation.objects.create(program="QD", fiscal_year=2568, producer=cls.d_group_recorded)
        # Not eligible: KBO 2567 participant (rule 2 holds in both tiers).
        cls.kbo_before = make_producer("N3", d)
        make_product("N3A", cls.kbo_before, stars={2567: 1}, quadrant={2567: "D"})
        Participation.objects.create(program="KBO", fiscal_year=2567, producer=cls.kbo_before)
        # Not eligible: a single owner; a 2566 rating only.
        cls.single = make_producer("N4", d, producer_type="single")
        make_product("N4A", cls.single, stars={2567: 2})
        cls.old_rating = make_producer("N5", d)
        make_product("N5A", cls.old_rating, stars={2566: 2})
        # Another district's group does not show up in เมืองพะเยา.
        make_product("M1A", make_producer("M1", cls.mae_chai), stars={2567: 2})

    def test_each_candidate_is_in_the_first_tier_it_meets_only(self):
        result = district_candidates(self.round, "5601")
        tiers = {c.facts.code: c.tier for c in result.candidates}
        self.assertEqual(tiers, {"T1": 1, "T1Q": 1, "T2": 2})

    def test_candidate_verdicts_explain_the_tier(self):
        result = district_candidates(self.round, "5601")
        t2 = next(c for c in result.candidates if c.facts.code == "T2")
        self.assertTrue(all(v.passed for v in t2.verdicts))
        self.assertEqual(len(t2.verdicts), 4)
        # Why not tier 1: its tier-1 verdicts are kept too.
        self.assertEqual(
            t2.tiers[0].failures[0].text,
            "ไม่มีผลิตภัณฑ์ระดับ ๑–๓ ดาว ปี ๒๕๖๗ (“ผลิตภัณฑ์ T2A” ดาว ๔ ดาว ปี ๒๕๖๗: ไม่อยู่ในช่วง ๑–๓) ✗",
        )

    def test_near_misses_give_the_first_failing_criterion_per_tier(self):
        result = district_candidates(self.round, "5601", near_misses=True)
        misses = {c.facts.code: c for c in result.near_misses}
        self.assertEqual(set(misses), {"N1", "N2", "N3", "N4", "N5"})
        n3 = [v.text for _, v in misses["N3"].first_failures]
        self.assertEqual(n3, ["เข้าร่วม KBO ปีงบประมาณ ๒๕๖๗ แล้ว ✗"] * 2)
        n1_tier2 = dict(misses["N1"].first_failures)[2]
        self.assertIn("QD ปีงบประมาณ ๒๕๖๘ แล้ว (เสนอชื่อในระบบ)", n1_tier2.text)

    def test_tier_counts_match_the_candidates(self):
        counts = tier_counts(self.round, ["5601", "5607", "5602"])
        self.assertEqual(counts, {"5601": {1: 2, 2: 1}, "5607": {1: 1}, "5602": {}})

    def test_json_form_lists_criteria(self):
        result = district_candidates(self.round, "5601", near_misses=True)
        data = result.candidates[0].as_dict()
        self.assertEqual(data["tier"], 1)
        self.assertEqual([c["kind"] for c in data["criteria"]][:2], ["producer_type", "star_level"])
        self.assertIn("first_failures", result.near_misses[0].as_dict())

    def test_a_round_without_tiers_has_no_candidates(self):
        empty = make_round("KBO", 2569, self.phayao)
        self.assertEqual(district_candidates(empty, "5601").candidates, [])


class ProductRoundTestCase(BaseTestCase):
    def test_product_round_candidates_are_products_with_justification(self):
        round_ = make_round(
            "QD",
            2562,
            self.phayao,
            tiers=[
                [
                    ("registration_year", {"of": "product", "min": 2557, "max": 2561}),
                    ("quadrant", {"quadrants": ["D"], "year": 2561, "latest": True}),
                    ("officer_judgement", {"text": "มีศักยภาพ ความพร้อม"}),
                ]
            ],
        )
        producer = make_producer("Q1", self.mueang)
        make_product("Q1A", producer, quadrant={2560: "D"}, registered_year=2558)
        make_product("Q1B", producer, quadrant={2560: "D"}, registered_year=2556)
        make_product("Q1C", producer, quadrant={2560: "D", 2561: "C"}, registered_year=2558)
        result = district_candidates(round_, "5601")
        self.assertEqual([c.facts.code for c in result.candidates], ["Q1A"])
        self.assertTrue(result.candidates[0].needs_justification)
        self.assertTrue(result.compiled.requires_justification)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 40])
def test_query_count_does_not_grow_with_the_registry(size, django_assert_max_num_queries):
    from registry.models import District, Province

    phayao = Province.objects.get(code="56")
    districts = [District.objects.get(code="5601"), District.objects.get(code="5602")]
    build_varied_registry(districts, producers_per_district=size)
    round_ = make_round("KBO", 2568, phayao, slug="q-kbo", tiers=SEED_001_TIERS)
    qd = make_round(
        "QD", 2568, phayao, slug="q-qd", tiers=[[("category", {"categories": ["food"]})]]
    )
    for r in (round_, qd):
        r = type(r).objects.select_related("program", "province").get(pk=r.pk)
        with django_assert_max_num_queries(9):
            district_candidates(r, "5601", near_misses=True)
        with django_assert_max_num_queries(3):
            tier_counts(r, ["5601", "5602"])


@pytest.mark.django_db
def test_engine_tiers_equal_the_pure_verdicts_on_varied_data():
    from registry.models import District, Producer, Province

    phayao = Province.objects.get(code="56")
    build_varied_registry([District.objects.get(code="5603")], producers_per_district=120, seed=7)
    round_ = make_round("KBO", 2568, phayao, slug="agree", tiers=SEED_001_TIERS)
    result = district_candidates(round_, "5603", near_misses=True)
    pks = list(Producer.objects.filter(district_id="5603").values_list("pk", flat=True))
    facts = load_facts("producer", pks)
    engine = {c.facts.pk: c.tier for c in result.candidates + result.near_misses}
    pure = {pk: tier_of_by_verdicts(result.compiled, f) for pk, f in facts.items()}
    assert engine == pure
    assert {1, 2, None} <= set(pure.values())
