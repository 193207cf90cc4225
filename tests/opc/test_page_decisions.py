"""OPC pages ask the rules what to offer (templates compare no statuses): the settings and
committee edits of a closed round, the score form and withdraw button of an application."""

from django.test import SimpleTestCase
from django.urls import reverse

from opc import rules, services
from opc.models import ApplicationStatus
from selection.models import RoundStatus
from tests.base import BaseTestCase, make_producer, make_product
from tests.opc.data import add_member, make_opc_round


class RoundEditableTestCase(SimpleTestCase):
    def test_settings_and_committee_change_until_the_round_closes(self):
        table = [(RoundStatus.DRAFT, True), (RoundStatus.OPEN, True), (RoundStatus.CLOSED, False)]
        self.assertEqual({s for s, _ in table}, set(RoundStatus.values))
        for status, editable in table:
            with self.subTest(status=status):
                self.assertEqual(rules.round_editable(status), editable)


class ApplicationMayBecomeTestCase(SimpleTestCase):
    def test_it_answers_as_the_transition_check_refuses(self):
        S = ApplicationStatus
        table = [
            (S.SUBMITTED, S.SCORED, True),
            (S.SUBMITTED, S.WITHDRAWN, True),
            (S.SCORED, S.SCORED, True),  # a correction
            (S.SCORED, S.WITHDRAWN, False),
            (S.WITHDRAWN, S.SCORED, False),
            (S.WITHDRAWN, S.WITHDRAWN, False),
        ]
        for current, target, allowed in table:
            with self.subTest(current=current, target=target):
                self.assertEqual(rules.application_may_become(current, target), allowed)


class OpcPageDecisionsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao, fiscal_year=2567)
        producer = make_producer("V1", cls.mueang)
        cls.application = services.application_create(
            round_=cls.round,
            producer=producer,
            products=[make_product("V1-1", producer)],
            user=cls.officer,
        )
        add_member(cls.round, cls.staff, "chair")

    def url(self, name, **kwargs):
        return reverse(f"opc:{name}", kwargs={"round_slug": self.round.slug, **kwargs})

    def test_a_withdrawn_application_gets_no_score_form_and_no_withdraw_button(self):
        services.application_withdraw(application=self.application, user=self.officer)
        self.client.force_login(self.staff)
        response = self.client.get(self.url("application_detail", pk=self.application.pk))
        self.assertIsNone(response.context["score_form"])
        self.assertFalse(response.context["can_withdraw"])

    def test_a_submitted_application_gets_both(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url("application_detail", pk=self.application.pk))
        self.assertIsNotNone(response.context["score_form"])
        self.assertTrue(response.context["can_withdraw"])

    def test_a_closed_round_offers_no_settings_or_committee_edits(self):
        self.client.force_login(self.staff)
        for status, editable in ((RoundStatus.OPEN, True), (RoundStatus.CLOSED, False)):
            self.round.status = status
            self.round.save(update_fields=["status"])
            with self.subTest(status=status):
                detail = self.client.get(self.url("round_detail"))
                committee = self.client.get(self.url("committee"))
                self.assertEqual(detail.context["can_edit_settings"], editable)
                self.assertEqual(committee.context["can_edit"], editable)
                settings_url = self.url("round_settings")
                self.assertEqual(settings_url in detail.content.decode(), editable)
