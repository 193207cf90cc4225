"""The letter editor logs what it changes (old and new value, who, source) and refuses to
move an open round's deadline into the past, which would lock every district out."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from changelog.models import ChangeLog
from documents.services import round_letter_update
from selection.models import Round
from tests.base import BaseTestCase
from tests.documents.data import make_open_seed_round, make_seed_round
from tests.documents.test_letter_edit import VALID


class LetterChangeLogTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)

    def test_a_letter_update_is_one_row_with_the_changed_fields_only(self):
        round_letter_update(
            round_=self.round,
            values={
                "deadline": dt.date(2024, 12, 27),
                "subject": self.round.letter.subject,
                "fax": "-",
            },
            user=self.staff,
            source="web",
        )
        change = ChangeLog.objects.get()
        self.assertEqual(
            (change.action, change.object_type, change.object_id, change.round_id),
            ("round.letter", "selection.round", str(self.round.pk), self.round.pk),
        )
        self.assertEqual(change.before, {"deadline": "2024-12-20", "fax": "0-5555-5556"})
        self.assertEqual(change.after, {"deadline": "2024-12-27", "fax": "-"})
        self.assertEqual((change.user, change.source), (self.staff, "web"))

    def test_a_command_is_the_default_source_and_nothing_changed_is_no_row(self):
        round_letter_update(round_=self.round, values={"slogan": self.round.letter.slogan})
        self.assertFalse(ChangeLog.objects.exists())
        round_letter_update(round_=self.round, values={"slogan": "ใหม่"})
        self.assertEqual(ChangeLog.objects.get().source, "command")

    def test_the_editor_logs_the_user_and_the_old_value_the_form_replaced(self):
        # The ModelForm copies the posted values onto the round before the service runs:
        # the old values must come from the database, not from that instance.
        self.client.force_login(self.staff)
        url = reverse("documents:letter_edit", kwargs={"round_slug": self.round.slug})
        self.client.post(url, VALID)
        change = ChangeLog.objects.get()
        self.assertEqual((change.user, change.source), (self.staff, "web"))
        self.assertEqual(change.before["letter_number"], "พย 0019.2/ว 15286")
        self.assertEqual(change.after["letter_number"], "พย 0019.2/ว 999")
        self.assertEqual(change.before["deadline"], "2024-12-20")
        self.assertEqual(change.after["deadline"], "2025-01-20")


class PastDeadlineTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_open_seed_round(cls.phayao)
        cls.url = reverse("documents:letter_edit", kwargs={"round_slug": cls.round.slug})

    def test_the_service_refuses_a_past_deadline_on_an_open_round(self):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        with self.assertRaises(ValidationError) as caught:
            round_letter_update(round_=self.round, values={"deadline": yesterday}, user=self.staff)
        self.assertIn("ผ่านมาแล้ว", caught.exception.message_dict["deadline"][0])
        self.assertEqual(Round.objects.get(pk=self.round.pk).deadline, self.round.deadline)
        self.assertFalse(ChangeLog.objects.exists())

    def test_the_editor_shows_the_refusal_in_thai_beside_the_deadline_and_saves_nothing(self):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        data = {
            **VALID,
            "letter_date": "",
            "deadline": f"{yesterday.day}/{yesterday.month}/{yesterday.year + 543}",
        }
        self.client.force_login(self.staff)
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "ทุกอำเภอจะเสนอและส่งรายชื่อไม่ได้ทันที", response.context["form"].errors["deadline"][0]
        )
        self.assertContains(response, "ให้ปิดรอบ")
        saved = Round.objects.get(pk=self.round.pk)
        self.assertEqual(
            (saved.deadline, saved.letter.letter_number),
            (self.round.deadline, self.round.letter.letter_number),
        )
        self.assertFalse(ChangeLog.objects.exists())

    def test_a_later_deadline_and_other_fields_of_an_open_round_still_save(self):
        later = self.round.deadline + dt.timedelta(days=7)
        round_letter_update(
            round_=self.round, values={"deadline": later, "fax": "-"}, user=self.staff
        )
        self.assertEqual(Round.objects.get(pk=self.round.pk).deadline, later)
        self.assertEqual(ChangeLog.objects.get().after, {"deadline": later.isoformat(), "fax": "-"})
