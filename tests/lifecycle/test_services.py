"""Opening and closing a round: one service each, calling every app's checks and effects
by name (selection's rules and letter, allocations' quotas, OPC's settings, nominations'
participation)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse

from changelog.models import ChangeLog
from lifecycle.checks import round_issues
from lifecycle.services import round_close, round_open
from registry.models import Participation
from selection.models import Round, RoundStatus
from selection.services import round_set_status
from tests.base import BaseTestCase
from tests.documents.data import make_seed_round
from tests.opc.data import make_opc_round

# One band, 10–100: each row is valid, the bands leave 0–9 without stars.
BAD_BANDS = {"score_bands": [{"stars": 5, "min": 10, "max": 100}]}


class RoundOpenTestCase(BaseTestCase):
    def test_it_opens_a_round_that_passes_every_check_and_logs_it(self):
        round_ = make_seed_round(self.phayao)
        round_open(round_=round_, user=self.staff, source="web")
        self.assertEqual(Round.objects.get(pk=round_.pk).status, RoundStatus.OPEN)
        change = ChangeLog.objects.get()
        self.assertEqual((change.action, change.after), ("round.status", {"status": "open"}))

    def test_it_refuses_a_round_without_quotas_and_changes_nothing(self):
        round_ = make_seed_round(self.phayao, quotas={})
        with self.assertRaisesRegex(ValidationError, "ยังไม่ได้กำหนดจำนวนจัดสรร"):
            round_open(round_=round_)
        self.assertEqual(Round.objects.get(pk=round_.pk).status, RoundStatus.DRAFT)
        self.assertFalse(ChangeLog.objects.exists())

    def test_it_refuses_an_opc_round_whose_settings_are_wrong(self):
        round_ = make_opc_round(
            self.phayao, status=RoundStatus.DRAFT, deadline=dt.date(2024, 1, 5), settings=BAD_BANDS
        )
        codes = [issue.code for issue in round_issues(round_) if issue.is_error]
        self.assertIn("opc_settings", codes)
        with self.assertRaises(ValidationError):
            round_open(round_=round_)
        self.assertEqual(Round.objects.get(pk=round_.pk).status, RoundStatus.DRAFT)

    def test_it_refuses_a_move_the_status_table_does_not_allow(self):
        round_ = make_seed_round(self.phayao)
        round_open(round_=round_)
        with self.assertRaisesRegex(ValidationError, "เปลี่ยนสถานะรอบ"):
            round_open(round_=round_)


class RoundCloseTestCase(BaseTestCase):
    # Participation from approvals on close: tests/nominations/test_services.py.
    def test_it_closes_and_logs(self):
        round_ = make_seed_round(self.phayao)
        round_open(round_=round_)
        round_close(round_=round_, user=self.staff)
        self.assertEqual(Round.objects.get(pk=round_.pk).status, RoundStatus.CLOSED)
        self.assertEqual(ChangeLog.objects.latest("pk").after, {"status": "closed"})

    def test_it_refuses_to_close_a_draft(self):
        round_ = make_seed_round(self.phayao)
        before = Participation.objects.count()
        with self.assertRaises(ValidationError):
            round_close(round_=round_)
        self.assertEqual(Participation.objects.count(), before)
        self.assertEqual(Round.objects.get(pk=round_.pk).status, RoundStatus.DRAFT)


class StatusMoveTestCase(BaseTestCase):
    def test_selections_status_move_alone_runs_no_other_apps_check(self):
        # The low-level move (selection) knows nothing of quotas: the lifecycle checks.
        round_ = make_seed_round(self.phayao, quotas={})
        round_set_status(round_=round_, status=RoundStatus.OPEN)
        self.assertEqual(Round.objects.get(pk=round_.pk).status, RoundStatus.OPEN)


class RoundPageTestCase(BaseTestCase):
    def test_the_round_page_lists_every_apps_issues(self):
        round_ = make_seed_round(self.phayao, quotas={})
        self.client.force_login(self.staff)
        response = self.client.get(reverse("selection:round_detail", args=[round_.slug]))
        self.assertContains(response, "ยังไม่ได้กำหนดจำนวนจัดสรร")

    def test_the_close_button_closes_through_the_lifecycle(self):
        round_ = make_seed_round(self.phayao)
        round_open(round_=round_)
        self.client.force_login(self.staff)
        url = reverse("selection:round_status", args=[round_.slug])
        response = self.client.post(url, {"status": "closed"})
        self.assertRedirects(response, reverse("selection:round_detail", args=[round_.slug]))
        self.assertEqual(Round.objects.get(pk=round_.pk).status, RoundStatus.CLOSED)
