"""load_seed_rounds runs opc's loader: the OPC 2565 timeline and the PSO 2562 round."""

import datetime as dt
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from lifecycle.checks import round_errors
from lifecycle.services import round_open
from opc import rules, services
from opc.round_settings import settings_of
from opc.validation import round_opc_issues
from selection.models import Round
from tests.base import BaseTestCase
from tests.opc.data import set_settings, stored_settings


class SeedTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        call_command("load_seed_rounds", stdout=StringIO())

    def test_the_opc_round_has_seed_003s_briefing_date_and_valid_settings(self):
        round_ = Round.objects.get(slug="opc-2565-sakon-nakhon")
        stages = {s.key: s for s in settings_of(round_).stages}
        self.assertEqual(str(stages["briefing"].starts_on), "2022-03-31")
        self.assertEqual(round_.max_products_per_producer, 2)
        self.assertEqual(
            [(i.code, i.severity) for i in round_opc_issues(round_)],
            [("opc_parts_default", "warning"), ("opc_applications_undated", "warning")],
        )

    def test_the_opc_round_opens_through_the_round_validation_once_it_has_a_deadline(self):
        round_ = Round.objects.get(slug="opc-2565-sakon-nakhon")
        # What still blocks it is the letter's deadline (the last day of applications):
        # no quota check (OPC allocates none) and no settings problem.
        self.assertEqual([i.code for i in round_errors(round_)], ["deadline_missing"])
        with self.assertRaisesRegex(ValidationError, "ยังไม่ได้กำหนดวันส่ง"):
            round_open(round_=round_)
        round_.deadline = dt.date(2022, 4, 29)
        round_.save()
        round_open(round_=round_)
        self.assertEqual(Round.objects.get(pk=round_.pk).status, "open")

    def test_a_deadline_outside_the_dated_applications_stage_blocks_opening(self):
        round_ = Round.objects.get(slug="opc-2565-sakon-nakhon")
        settings = stored_settings(round_)
        settings["timeline"] = {
            **settings["timeline"],
            "applications": {"start": "2022-04-01", "end": "2022-04-29"},
        }
        set_settings(round_, settings)
        round_.deadline = dt.date(2022, 5, 6)
        round_.save()
        messages = [i.message for i in round_errors(round_)]
        self.assertEqual(
            messages,
            [
                "กำหนดส่งของหนังสือ (๖ พฤษภาคม ๒๕๖๕) ไม่อยู่ในช่วงรับสมัครผลิตภัณฑ์เข้ารับการคัดสรร "
                "(ตั้งแต่วันที่ ๑ เมษายน ๒๕๖๕ ถึงวันที่ ๒๙ เมษายน ๒๕๖๕): "
                "แก้กำหนดส่งหรือวันของขั้นตอนรับสมัครให้ตรงกัน"
            ],
        )
        round_.deadline = dt.date(2022, 4, 29)
        round_.save()
        self.assertEqual(round_errors(round_), [])

    def test_the_pso_round_asks_for_four_or_five_stars_first(self):
        round_ = Round.objects.get(slug="pso-2562-chiang-mai")
        tiers = [[c.params for c in t.criteria.all()] for t in round_.tiers.all()]
        self.assertEqual(tiers[0], [{"min": 4, "max": 5, "year": 2561, "latest": True}])
        self.assertEqual(tiers[1], [{"min": 1, "max": 5, "year": 2561, "latest": True}])

    def test_a_second_run_changes_nothing(self):
        before = Round.objects.count()
        call_command("load_seed_rounds", stdout=StringIO())
        self.assertEqual(Round.objects.count(), before)

    def test_the_placeholder_points_are_labelled_until_the_province_saves_its_parts(self):
        round_ = Round.objects.get(slug="opc-2565-sakon-nakhon")
        self.client.force_login(self.admin)
        url = reverse("opc:round_settings", kwargs={"round_slug": round_.slug})
        self.assertContains(self.client.get(url), "เป็นค่าเริ่มต้นของระบบ ไม่มีแหล่งอ้างอิง")
        # The province saves 20/25/55 as its own: no longer labelled, no more warning.
        services.round_settings_set(round_=round_, parts=rules.DEFAULT_PARTS, user=self.admin)
        round_.refresh_from_db()
        self.assertNotContains(self.client.get(url), "เป็นค่าเริ่มต้นของระบบ")
        self.assertNotIn("opc_parts_default", [i.code for i in round_opc_issues(round_)])
