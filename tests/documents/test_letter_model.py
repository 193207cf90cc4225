"""The circular letter is its own model (`documents.Letter`, one per round): a round
without one works everywhere (an empty letter with the model's defaults) and gets it on
the first save of the letter editor; the data migration copied every round's letter."""

import datetime as dt
import importlib
from types import SimpleNamespace

from django.apps import apps as real_apps
from django.urls import reverse

from changelog.models import ChangeLog
from documents.letters import letter_context
from documents.models import LETTER_MODEL_FIELDS, Letter
from documents.services import round_letter_update
from documents.validation import round_letter_issues
from tests.base import BaseTestCase
from tests.selection.data import make_round

letters_move = importlib.import_module("documents.migrations.0002_letters_from_rounds")


class RoundWithoutLetterTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round("KBO", 2568, cls.phayao, deadline=dt.date(2024, 12, 20))

    def test_it_has_no_letter_row_until_the_editor_saves_one(self):
        self.assertFalse(Letter.objects.filter(round=self.round).exists())
        round_letter_update(round_=self.round, values={"subject": "เรื่องใหม่"}, user=self.staff)
        letter = Letter.objects.get(round=self.round)
        self.assertEqual((letter.subject, letter.addressee), ("เรื่องใหม่", "นายอำเภอ ทุกอำเภอ"))
        change = ChangeLog.objects.get()
        self.assertEqual((change.action, change.before, change.after),
                         ("round.letter", {"subject": ""}, {"subject": "เรื่องใหม่"}))  # fmt: skip

    def test_a_deadline_alone_changes_the_round_and_makes_no_letter(self):
        round_letter_update(round_=self.round, values={"deadline": dt.date(2024, 12, 27)})
        self.round.refresh_from_db()
        self.assertEqual(self.round.deadline, dt.date(2024, 12, 27))
        self.assertFalse(Letter.objects.filter(round=self.round).exists())

    def test_its_checks_and_its_letter_use_the_defaults(self):
        codes = [issue.code for issue in round_letter_issues(self.round)]
        self.assertIn("letter_date_missing", codes)
        context = letter_context(self.round, check=False)
        self.assertEqual((context.addressee, context.number), ("นายอำเภอ ทุกอำเภอ", ""))

    def test_the_editor_and_the_round_page_open_without_a_letter(self):
        self.client.force_login(self.staff)
        edit = self.client.get(reverse("documents:letter_edit", args=[self.round.slug]))
        self.assertContains(edit, 'value="นายอำเภอ ทุกอำเภอ"')
        self.assertContains(edit, 'value="20/12/2567"')  # the round's deadline, in BE
        page = self.client.get(reverse("selection:round_detail", args=[self.round.slug]))
        self.assertEqual(page.status_code, 200)
        self.assertFalse(Letter.objects.exists())

    def test_the_editor_creates_the_letter_on_its_first_save(self):
        self.client.force_login(self.staff)
        url = reverse("documents:letter_edit", args=[self.round.slug])
        data = {
            "letter_number": "พย 1/2567",
            "addressee": "นายอำเภอ ทุกอำเภอ",
            "deadline": "20/12/2567",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Letter.objects.get(round=self.round).letter_number, "พย 1/2567")
        self.assertEqual(ChangeLog.objects.get().after, {"letter_number": "พย 1/2567"})


class _Rounds:
    """What the migration asks of the historical Round's manager, over stand-in rows."""

    def __init__(self, rows):
        self.rows = rows

    def order_by(self, *names):
        return self

    def values(self, *names):
        return self

    def iterator(self, chunk_size=None):
        return iter([dict(row) for row in self.rows])


class LetterMigrationTestCase(BaseTestCase):
    def test_every_round_gets_its_letter_with_every_field(self):
        first = make_round("KBO", 2568, self.phayao)
        second = make_round("QD", 2568, self.phayao)
        values = {
            "letter_number": "พย 0019.2/ว 15286",
            "letter_date": dt.date(2024, 12, 5),
            "urgency": "most_urgent",
            "office_address": "ศาลากลางจังหวัดพะเยา\nถนนพหลโยธิน",
            "subject": "เรื่อง",
            "addressee": "นายอำเภอ ทุกอำเภอ",
            "reference": "อ้างถึง",
            "enclosures": [{"title": "แนวทาง", "count": "๑ ฉบับ"}],
            "guidelines_title": "แนวทาง",
            "register_title": "ทะเบียน",
            "signatory_name": "นายรัช ใสสม",
            "signatory_position": "พัฒนาการจังหวัด",
            "owning_unit": "สำนักงานพัฒนาชุมชนจังหวัด",
            "phone": "0-5555-5555",
            "fax": "0-5555-5556",
            "slogan": "คำขวัญ",
        }
        self.assertEqual(sorted(values), sorted(LETTER_MODEL_FIELDS))
        blank = {**dict.fromkeys(LETTER_MODEL_FIELDS, ""), "letter_date": None, "enclosures": []}
        rows = [{"pk": first.pk, **values}, {"pk": second.pk, **blank}]
        round_model = SimpleNamespace(objects=_Rounds(rows))
        apps = SimpleNamespace(
            get_model=lambda app, name: (
                round_model if name == "Round" else real_apps.get_model(app, name)
            )
        )
        letters_move.letters_from_rounds(apps, None)
        stored = {
            letter.round_id: {name: getattr(letter, name) for name in LETTER_MODEL_FIELDS}
            for letter in Letter.objects.all()
        }
        self.assertEqual(stored, {first.pk: values, second.pk: blank})
