"""The admin changes nothing a service owns (ADR 0017): statuses, the letter and
deadline, nominations, ratings, quotas, OPC applications and scores (import records
were already read-only).
Those changes go through services that check their rules and write the change log; an
admin POST is refused (403) or leaves the service-owned fields as they were."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from allocations.models import Quota
from nominations.models import Nomination, Submission
from opc.models import Application, Score
from registry.models import QuadrantRating, StarRating
from selection.models import Round
from tests.base import BaseTestCase, make_producer, make_product
from tests.opc.data import make_opc_round
from tests.selection.data import make_round


def admin_form_data(response) -> dict:
    """What the admin's change form would post back unchanged: its fields' values and
    the inlines' management forms."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if value is not None:
                    data[sub.add_prefix(name)] = value
    return data


class ServiceOwnedAdminTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round(
            "KBO",
            2568,
            cls.phayao,
            status="open",
            deadline=dt.date(2030, 1, 31),
            letter_number="พย 0019.2/ว 1",
        )
        cls.letter = cls.round.letter
        producer = make_producer("A1", cls.mueang)
        cls.product = make_product("A1-1", producer, stars={2567: 3}, quadrant={2567: "B"})
        cls.submission = Submission.objects.create(round=cls.round, district=cls.mueang)
        cls.nomination = Nomination.objects.create(
            round=cls.round, district=cls.mueang, producer=producer
        )
        cls.quota = Quota.objects.create(round=cls.round, district=cls.mueang, amount=2)
        opc = make_opc_round(cls.phayao)
        cls.application = Application.objects.create(
            round=opc, producer=producer, district=cls.mueang, slot=1
        )
        cls.score = Score.objects.create(
            application=cls.application, part="quality", points=10, scored_at=timezone.now()
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def change_url(self, obj):
        meta = obj._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])

    def test_a_post_cannot_change_what_a_service_owns(self):
        cases = [
            (self.submission, {"status": "approved"}),
            (self.nomination, {"tier": 2, "position": 5}),
            (self.quota, {"amount": 9}),
            (self.application, {"status": "scored"}),
            (StarRating.objects.get(), {"stars": 5}),
            (QuadrantRating.objects.get(), {"quadrant": "D"}),
            (self.letter, {"letter_number": "พย 1/2567", "subject": "ใหม่"}),
        ]
        for obj, changes in cases:
            with self.subTest(type(obj).__name__):
                before = {name: getattr(obj, name) for name in changes}
                response = self.client.post(self.change_url(obj), changes)
                self.assertEqual(response.status_code, 403)
                obj.refresh_from_db()
                self.assertEqual({name: getattr(obj, name) for name in changes}, before)
                add = self.change_url(obj).replace(f"/{obj.pk}/change/", "/add/")
                self.assertEqual(self.client.post(add, changes).status_code, 403)

    def test_the_round_form_saves_its_title_but_not_its_status_deadline_or_letter(self):
        page = self.client.get(self.change_url(self.round))
        self.assertEqual(page.status_code, 200)
        data = admin_form_data(page)
        self.assertNotIn("status", data)
        data.update(
            title="ชื่อใหม่", status="closed", deadline="2020-01-01", letter_number="พย 1/2567"
        )
        response = self.client.post(self.change_url(self.round), data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.round.refresh_from_db()
        self.assertEqual(self.round.title, "ชื่อใหม่")
        self.assertEqual(
            (self.round.status, self.round.deadline, self.round.letter.letter_number),
            ("open", dt.date(2030, 1, 31), "พย 0019.2/ว 1"),
        )

    def test_the_change_pages_still_show_the_rows(self):
        objects = [self.submission, self.nomination, self.quota, self.application, self.round]
        for obj in [*objects, self.letter]:
            with self.subTest(type(obj).__name__):
                self.assertEqual(self.client.get(self.change_url(obj)).status_code, 200)
        round_page = self.client.get(self.change_url(Round.objects.get(pk=self.round.pk)))
        self.assertContains(round_page, "31")
