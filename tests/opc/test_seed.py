"""load_seed_rounds runs opc's loader: the OPC 2565 timeline and the PSO 2562 round."""

from io import StringIO

from django.core.management import call_command

from opc import rules
from opc.validation import round_opc_issues
from selection.models import Round
from tests.base import BaseTestCase


class SeedTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        call_command("load_seed_rounds", stdout=StringIO())

    def test_the_opc_round_has_seed_003s_briefing_date_and_valid_settings(self):
        round_ = Round.objects.get(slug="opc-2565-sakon-nakhon")
        stages = {s.key: s for s in rules.stages_from_settings(round_.settings)}
        self.assertEqual(str(stages["briefing"].starts_on), "2022-03-31")
        self.assertEqual(round_.max_products_per_producer, 2)
        self.assertEqual(round_opc_issues(round_), [])

    def test_the_pso_round_asks_for_four_or_five_stars_first(self):
        round_ = Round.objects.get(slug="pso-2562-chiang-mai")
        tiers = [[c.params for c in t.criteria.all()] for t in round_.tiers.all()]
        self.assertEqual(tiers[0], [{"min": 4, "max": 5, "year": 2561, "latest": True}])
        self.assertEqual(tiers[1], [{"min": 1, "max": 5, "year": 2561, "latest": True}])

    def test_a_second_run_changes_nothing(self):
        before = Round.objects.count()
        call_command("load_seed_rounds", stdout=StringIO())
        self.assertEqual(Round.objects.count(), before)
