"""Every change of a round's status or rules is logged with its old and new value, and
the round page lists the round's history (who, when, what, old → new)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.urls import reverse

from changelog.models import ChangeLog
from lifecycle.services import round_close, round_open
from selection import rules
from selection.services import round_set_rules, rules_snapshot
from tests.base import BaseTestCase
from tests.documents.data import make_seed_round

TODAY = dt.date(2025, 1, 10)


class DeadlineChangeRuleTestCase(SimpleTestCase):
    def test_only_a_new_past_deadline_of_an_open_round_is_refused(self):
        past, future = dt.date(2025, 1, 9), dt.date(2025, 1, 20)
        cases = [
            # status, old, new, refused
            ("open", future, past, True),
            ("open", None, past, True),
            ("open", future, TODAY, False),  # the deadline day itself still counts
            ("open", future, future + dt.timedelta(1), False),
            ("open", past, past, False),  # unchanged: editing another field of the letter
            ("open", future, None, False),
            ("draft", future, past, False),  # a copied letter of an earlier year
            ("closed", future, past, False),
        ]
        for status, old, new, refused in cases:
            with self.subTest(status=status, old=old, new=new):
                if refused:
                    with self.assertRaises(ValidationError) as caught:
                        rules.check_deadline_change(status=status, old=old, new=new, today=TODAY)
                    message = caught.exception.message_dict["deadline"][0]
                    self.assertIn("ผ่านมาแล้ว", message)
                    self.assertIn("ทุกอำเภอจะเสนอและส่งรายชื่อไม่ได้", message)
                else:
                    rules.check_deadline_change(status=status, old=old, new=new, today=TODAY)


class RoundChangeLogTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)

    def test_opening_and_closing_are_each_one_row_with_old_and_new_status(self):
        round_open(round_=self.round, user=self.staff, source="web")
        change = ChangeLog.objects.get()
        self.assertEqual((change.action, change.round_id), ("round.status", self.round.pk))
        self.assertEqual((change.before, change.after), ({"status": "draft"}, {"status": "open"}))
        self.assertEqual((change.user, change.source), (self.staff, "web"))
        round_close(round_=self.round)
        closed = ChangeLog.objects.latest("pk")
        self.assertEqual(
            (closed.after, closed.user, closed.source), ({"status": "closed"}, None, "command")
        )

    def test_a_refused_opening_leaves_no_row(self):
        self.round.deadline = None
        self.round.save()
        with self.assertRaises(ValidationError):
            round_open(round_=self.round, user=self.staff)
        self.assertFalse(ChangeLog.objects.exists())

    def test_a_rules_edit_is_one_row_with_the_rules_before_and_after(self):
        tiers = rules_snapshot(self.round)
        old_text = tiers[0]["criteria"][1]["explanation"]
        tiers[0]["criteria"][1] = {
            "kind": "star_level", "params": {"min": 1, "max": 4, "year": 2567},
            "explanation": "", "any_group": None,
        }  # fmt: skip
        del tiers[1]
        round_set_rules(round_=self.round, tiers=tiers, user=self.staff, source="web")
        change = ChangeLog.objects.get()
        self.assertEqual(
            (change.action, change.user, change.source), ("round.rules", self.staff, "web")
        )
        self.assertEqual(len(change.before["tiers"]), 2)
        self.assertEqual(len(change.after["tiers"]), 1)
        self.assertEqual(change.before["tiers"][0]["criteria"][1]["explanation"], old_text)
        self.assertEqual(change.after["tiers"][0]["criteria"][1]["params"]["max"], 4)

    def test_rules_saved_unchanged_leave_no_row(self):
        round_set_rules(round_=self.round, tiers=rules_snapshot(self.round), user=self.staff)
        self.assertFalse(ChangeLog.objects.exists())

    def test_the_status_button_logs_the_user_and_the_web(self):
        self.client.force_login(self.staff)
        self.client.post(
            reverse("selection:round_status", args=[self.round.slug]), {"status": "open"}
        )
        change = ChangeLog.objects.get()
        self.assertEqual(
            (change.user, change.source, change.after), (self.staff, "web", {"status": "open"})
        )


class RoundHistoryPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)

    def test_the_round_page_lists_each_change_newest_first_with_who_and_old_and_new(self):
        from documents.services import round_letter_update

        round_letter_update(
            round_=self.round,
            values={"deadline": dt.date(2024, 12, 27)},
            user=self.staff,
            source="web",
        )
        tiers = rules_snapshot(self.round)
        tiers[0]["title"] = "ชั้นหลัก"
        round_set_rules(round_=self.round, tiers=tiers, user=self.admin, source="web")
        self.client.force_login(self.staff)
        response = self.client.get(reverse("selection:round_detail", args=[self.round.slug]))
        history = response.context["history"]
        self.assertEqual([e.change.action for e in history], ["round.rules", "round.letter"])
        deadline = history[1]
        self.assertEqual(deadline.title, "แก้ไขข้อมูลหนังสือเวียน")
        self.assertEqual(
            [(line.label, line.old, line.new) for line in deadline.lines],
            [("กำหนดส่ง", "20 ธ.ค. 2567", "27 ธ.ค. 2567")],
        )
        self.assertEqual(
            [(line.label, line.old, line.new) for line in history[0].lines],
            [("ชั้นที่ 1: ชื่อชั้น", "—", "ชั้นหลัก")],
        )
        page = response.content.decode()
        self.assertIn("ประวัติการเปลี่ยนแปลงของรอบ", page)
        self.assertIn("27 ธ.ค. 2567", page)
        self.assertIn("staff", page)
        self.assertIn("หน้าเว็บ", page)
