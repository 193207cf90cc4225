"""load_seed_rounds: the seed letters' rounds, idempotent, and every seed mistake caught."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from allocations.models import Quota, QuotaKind
from allocations.selectors import quota_total
from lifecycle.checks import round_issues
from selection.models import Round
from tests.base import BaseTestCase


def messages(round_, code):
    return [i.message for i in round_issues(round_) if i.code == code]


class LoadSeedRoundsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        call_command("load_seed_rounds", stdout=StringIO())

    def round(self, slug):
        return Round.objects.select_related("program", "province").get(slug=slug)

    def test_it_creates_the_five_rounds(self):
        self.assertEqual(
            set(Round.objects.values_list("slug", "program_id", "fiscal_year", "province_id")),
            {
                ("qd-2562-chiang-mai", "QD", 2562, "50"),
                ("kbo-2562-chiang-mai", "KBO", 2562, "50"),
                ("kbo-2563-chachoengsao", "KBO", 2563, "24"),
                ("kbo-2568-phayao", "KBO", 2568, "56"),
                ("opc-2565-sakon-nakhon", "OPC", 2565, "47"),
                ("pso-2562-chiang-mai", "PSO", 2562, "50"),
            },
        )

    def test_it_is_idempotent(self):
        before = (Round.objects.count(), Quota.objects.count())
        out = StringIO()
        call_command("load_seed_rounds", stdout=out)
        self.assertEqual((Round.objects.count(), Quota.objects.count()), before)
        self.assertIn("kbo-2568-phayao: updated", out.getvalue())
        self.assertEqual(self.round("kbo-2568-phayao").tiers.count(), 2)

    def test_kbo_2568_has_the_exact_allocation_register_of_seed_001(self):
        round_ = self.round("kbo-2568-phayao")
        register = dict(
            Quota.objects.filter(round=round_).values_list("district__name_th", "amount")
        )
        self.assertEqual(
            register,
            {
                "เมืองพะเยา": 6,
                "แม่ใจ": 2,
                "ภูกามยาว": 1,
                "ดอกคำใต้": 4,
                "จุน": 1,
                "ปง": 2,
                "เชียงม่วน": 1,
                "เชียงคำ": 1,
                "ภูซาง": 2,
            },
        )
        self.assertEqual(quota_total(round_=round_), 20)
        self.assertFalse(Quota.objects.filter(round=round_).exclude(kind=QuotaKind.EXACT).exists())

    def test_kbo_2568_rules_are_seed_001_with_rule_2_in_both_tiers_and_rule_4_only_in_the_fallback(
        self,
    ):
        tiers = {
            t.order: [c.kind for c in t.criteria.all()]
            for t in self.round("kbo-2568-phayao").tiers.all()
        }
        self.assertEqual(tiers[1], ["producer_type", "star_level", "not_participant"])
        self.assertEqual(tiers[2], ["producer_type", "quadrant", "not_participant", "not_target"])

    def test_seed_001_deadline_before_its_letter_date_is_caught(self):
        round_ = self.round("kbo-2568-phayao")
        self.assertEqual(round_.deadline, dt.date(2024, 6, 4))
        self.assertEqual(
            messages(round_, "deadline_before_letter"),
            ["กำหนดส่ง ๔ มิถุนายน ๒๕๖๗ ไม่อยู่หลังวันที่ของหนังสือ ๕ ธันวาคม ๒๕๖๗"],
        )

    def test_seed_001_register_year_is_caught(self):
        self.assertEqual(
            messages(self.round("kbo-2568-phayao"), "document_year_mismatch"),
            ["หัวเรื่องทะเบียนจัดสรรระบุปี ๒๕๖๗ แต่รอบนี้เป็นปีงบประมาณ ๒๕๖๘"],
        )

    def test_seed_001_quotas_cover_phayao(self):
        round_ = self.round("kbo-2568-phayao")
        self.assertEqual(messages(round_, "quota_district_missing"), [])
        self.assertEqual(messages(round_, "quota_outside_province"), [])

    def test_seed_000_chachoengsao_contents_under_a_chiang_mai_heading_are_caught(self):
        for slug in ("qd-2562-chiang-mai", "kbo-2562-chiang-mai"):
            round_ = self.round(slug)
            with self.subTest(slug=slug):
                self.assertEqual(
                    messages(round_, "province_mismatch"),
                    ["หัวเรื่องแนวทางการคัดเลือกระบุจังหวัดฉะเชิงเทรา แต่รอบนี้เป็นของจังหวัดเชียงใหม่"],
                )
                outside = messages(round_, "quota_outside_province")
                self.assertEqual(len(outside), 1)
                self.assertIn("ไม่อยู่ในจังหวัดเชียงใหม่: เมืองฉะเชิงเทรา", outside[0])
                self.assertIn(
                    "ยังไม่มีจำนวนจัดสรรของ ๒๕ อำเภอ", messages(round_, "quota_district_missing")[0]
                )

    def test_seed_000_qd_quota_is_at_least_6(self):
        quotas = Quota.objects.filter(round__slug="qd-2562-chiang-mai")
        self.assertEqual(set(quotas.values_list("amount", "kind")), {(6, QuotaKind.AT_LEAST)})

    def test_seed_002_and_003_state_no_deadline_and_no_register(self):
        for slug in ("kbo-2563-chachoengsao", "opc-2565-sakon-nakhon"):
            with self.subTest(slug=slug):
                round_ = self.round(slug)
                self.assertEqual(messages(round_, "deadline_missing"), ["ยังไม่ได้กำหนดวันส่งรายชื่อ"])
        # KBO allocates to districts by quota; OPC takes applications, so no quota is asked.
        self.assertEqual(len(messages(self.round("kbo-2563-chachoengsao"), "quotas_missing")), 1)
        self.assertEqual(messages(self.round("opc-2565-sakon-nakhon"), "quotas_missing"), [])

    def test_opc_2565_settings(self):
        round_ = self.round("opc-2565-sakon-nakhon")
        self.assertEqual(round_.max_products_per_producer, 2)
        criterion = round_.tiers.get().criteria.get()
        self.assertEqual(criterion.params, {"of": "producer", "min": 2557, "max": 2564})

    def test_a_missing_qd_2568_round_is_a_warning_not_an_error(self):
        issues = [
            i
            for i in round_issues(self.round("kbo-2568-phayao"))
            if i.code == "referenced_round_missing"
        ]
        self.assertEqual(len(issues), 1)
        self.assertFalse(issues[0].is_error)


class DemoRoundTestCase(BaseTestCase):
    """load_seed_rounds --demo: an open copy of seed 001 dated around today."""

    TODAY = dt.date(2026, 11, 23)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        call_command("load_seed_rounds", stdout=StringIO())

    def test_the_demo_round_is_open_with_seed_001s_rules_and_quotas(self):
        from demo.rounds import DEMO_ROUND_SLUG, load_demo_round

        self.assertEqual(load_demo_round(today=self.TODAY), "created")
        demo = Round.objects.get(slug=DEMO_ROUND_SLUG)
        seed = Round.objects.get(slug="kbo-2568-phayao")
        self.assertEqual(demo.status, "open")
        self.assertEqual(
            (demo.letter.letter_date, demo.deadline), (dt.date(2026, 11, 16), dt.date(2026, 12, 14))
        )
        self.assertIn("๒๕๖๘", demo.letter.register_title)
        # Seed 001's allocation register: 20 groups over the 9 districts of Phayao.
        self.assertEqual(sum(Quota.objects.filter(round=demo).values_list("amount", flat=True)), 20)
        self.assertEqual(
            sorted(Quota.objects.filter(round=demo).values_list("district_id", "amount")),
            sorted(Quota.objects.filter(round=seed).values_list("district_id", "amount")),
        )
        self.assertEqual(
            [(t.order, t.criteria.count()) for t in demo.tiers.order_by("order")],
            [(t.order, t.criteria.count()) for t in seed.tiers.order_by("order")],
        )
        self.assertEqual(seed.status, "draft")

    def test_a_second_run_keeps_the_opened_round(self):
        from demo.rounds import DEMO_ROUND_SLUG, load_demo_round

        load_demo_round(today=self.TODAY)
        self.assertEqual(load_demo_round(today=self.TODAY + dt.timedelta(days=3)), "kept")
        self.assertEqual(Round.objects.get(slug=DEMO_ROUND_SLUG).deadline, dt.date(2026, 12, 14))
