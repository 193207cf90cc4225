"""The registry's `Target` follows the nominations the services make and withdraw, and
the "not a target" criterion reads it (selection sits below nominations, ADR 0022)."""

import importlib

from django.apps import apps

from nominations import services
from nominations.models import Nomination
from registry.models import Target
from selection.engine import district_candidates
from tests.base import BaseTestCase
from tests.nominations.data import build_registry, build_round
from tests.selection.data import make_round

fill_migration = importlib.import_module("nominations.migrations.0006_targets_from_nominations")


class TargetTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)
        # Next year's round takes no KBO 2568 target.
        cls.later = make_round(
            "KBO",
            2569,
            cls.phayao,
            slug="kbo-2569",
            tiers=[
                [
                    ("producer_type", {"types": ["group"]}),
                    ("not_target", {"program": "KBO", "fiscal_year": 2568}),
                ]
            ],
        )

    def add(self, name, round_=None):
        return services.nomination_add(
            round_=round_ or self.round,
            district_code="5601",
            candidate_pk=self.p[name].pk,
            by=self.officer,
        )

    def targets(self):
        return set(
            Target.objects.values_list("program", "fiscal_year", "producer__code", "product")
        )

    def later_codes(self):
        return {c.facts.code for c in district_candidates(self.later, "5601").candidates}

    def test_it_records_a_nominated_candidate_as_a_target_of_the_program_and_year(self):
        self.add("M1")
        self.assertEqual(self.targets(), {("KBO", 2568, "M1", None)})

    def test_withdrawing_the_nomination_removes_the_target(self):
        nomination = self.add("M1")
        self.assertEqual(len(self.targets()), 1)
        services.nomination_remove(nomination=nomination, by=self.officer)
        self.assertEqual(self.targets(), set())

    def test_the_target_stays_while_another_round_of_the_program_and_year_nominates_it(self):
        second = build_round(self, slug="kbo-nom-2")
        first = self.add("M1")
        again = self.add("M1", round_=second)
        services.nomination_remove(nomination=first, by=self.officer)
        self.assertEqual(self.targets(), {("KBO", 2568, "M1", None)})
        services.nomination_remove(nomination=again, by=self.officer)
        self.assertEqual(self.targets(), set())

    def test_the_not_target_criterion_follows_the_services(self):
        self.assertIn("M1", self.later_codes())
        nomination = self.add("M1")
        self.assertNotIn("M1", self.later_codes())
        miss = next(
            c
            for c in district_candidates(self.later, "5601", near_misses=True).near_misses
            if c.facts.code == "M1"
        )
        self.assertIn("เสนอชื่อในระบบ", miss.first_failures[0][1].text)
        services.nomination_remove(nomination=nomination, by=self.officer)
        self.assertIn("M1", self.later_codes())

    def test_the_migration_fills_one_target_per_nominated_candidate(self):
        second = build_round(self, slug="kbo-nom-2")
        for round_ in (self.round, second):
            Nomination.objects.create(round=round_, district=self.mueang, producer=self.p["M1"])
        Nomination.objects.create(round=self.round, district=self.mueang, producer=self.p["M2"])
        fill_migration.forwards(apps, None)
        self.assertEqual(self.targets(), {("KBO", 2568, "M1", None), ("KBO", 2568, "M2", None)})
