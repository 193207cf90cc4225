"""Pure round rules: transitions, dates, document years, provinces, rule years, tiers."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from selection import rules


def codes(issues):
    return [i.code for i in issues]


class TransitionTestCase(SimpleTestCase):
    def test_allowed_and_refused_moves(self):
        table = [
            ("draft", "open", True),
            ("draft", "closed", False),
            ("open", "closed", True),
            ("open", "draft", False),
            ("closed", "open", True),
            ("closed", "draft", False),
        ]
        for current, target, allowed in table:
            with self.subTest(current=current, target=target):
                if allowed:
                    rules.check_transition(current, target)
                else:
                    with self.assertRaises(ValidationError):
                        rules.check_transition(current, target)


class DatesTestCase(SimpleTestCase):
    def test_it_catches_a_deadline_before_the_letter_date(self):
        issues = rules.check_dates(
            fiscal_year_be=2568, letter_date=dt.date(2024, 12, 5), deadline=dt.date(2024, 6, 4)
        )
        self.assertEqual(codes(issues), ["deadline_before_letter", "deadline_before_fiscal_year"])
        self.assertEqual(
            issues[0].message,
            "กำหนดส่ง ๔ มิถุนายน ๒๕๖๗ ไม่อยู่หลังวันที่ของหนังสือ ๕ ธันวาคม ๒๕๖๗",
        )

    def test_it_accepts_a_deadline_after_the_letter(self):
        issues = rules.check_dates(
            fiscal_year_be=2562, letter_date=dt.date(2018, 11, 6), deadline=dt.date(2018, 11, 12)
        )
        self.assertEqual(issues, [])

    def test_a_deadline_on_the_letter_date_is_refused(self):
        table = [
            (dt.date(2018, 11, 5), False),
            (dt.date(2018, 11, 6), False),  # the letter's own day: no time to reply
            (dt.date(2018, 11, 7), True),
        ]
        for deadline, accepted in table:
            with self.subTest(deadline=deadline):
                self.assertEqual(
                    rules.deadline_after_letter(dt.date(2018, 11, 6), deadline), accepted
                )
                issues = rules.check_dates(
                    fiscal_year_be=2562, letter_date=dt.date(2018, 11, 6), deadline=deadline
                )
                self.assertEqual(codes(issues), [] if accepted else ["deadline_before_letter"])

    def test_it_asks_for_missing_dates(self):
        issues = rules.check_dates(fiscal_year_be=2563, letter_date=None, deadline=None)
        self.assertEqual(codes(issues), ["letter_date_missing", "deadline_missing"])


class DocumentYearsTestCase(SimpleTestCase):
    def test_it_catches_a_register_of_another_year(self):
        issues = rules.check_document_years(
            fiscal_year_be=2568,
            texts={"หัวเรื่องทะเบียนจัดสรร": "ทะเบียนจัดสรรกลุ่มเป้าหมาย ประจำปี ๒๕๖๗", "x": "ปี 2568"},
        )
        self.assertEqual(len(issues), 1)
        self.assertEqual(
            issues[0].message,
            "หัวเรื่องทะเบียนจัดสรรระบุปี ๒๕๖๗ แต่รอบนี้เป็นปีงบประมาณ ๒๕๖๘",
        )

    def test_years_in_reads_thai_and_arabic_digits(self):
        self.assertEqual(rules.years_in("ปี ๒๕๕๗ - 2561 เลขที่ ๑๕๒๘๖"), [2557, 2561])


class ProvinceMentionTestCase(SimpleTestCase):
    NAMES = ["เชียงใหม่", "ฉะเชิงเทรา", "พะเยา", "นครราชสีมา", "นครนายก"]

    def test_it_catches_a_letter_copied_from_another_province(self):
        issues = rules.check_province_mentions(
            province_name="เชียงใหม่",
            texts={"หัวเรื่องแนวทางการคัดเลือก": "แนวทาง ปีงบประมาณ ๒๕๖๒ จังหวัดฉะเชิงเทรา"},
            province_names=self.NAMES,
        )
        self.assertEqual(
            [i.message for i in issues],
            ["หัวเรื่องแนวทางการคัดเลือกระบุจังหวัดฉะเชิงเทรา แต่รอบนี้เป็นของจังหวัดเชียงใหม่"],
        )

    def test_its_own_province_is_fine(self):
        issues = rules.check_province_mentions(
            province_name="พะเยา",
            texts={"a": "ผู้ว่าราชการจังหวัดพะเยา", "b": "ศาลากลางจังหวัด พะเยา"},
            province_names=self.NAMES,
        )
        self.assertEqual(issues, [])

    def test_it_takes_the_longest_name(self):
        self.assertEqual(rules.provinces_named("จังหวัดนครนายก", self.NAMES), ["นครนายก"])


class RuleYearsTestCase(SimpleTestCase):
    def test_a_rule_may_look_at_its_own_year_but_not_later(self):
        issues = rules.check_rule_years(
            fiscal_year_be=2568,
            current_year_be=2568,
            rule_years=[("QD 2568", 2568), ("ดาว 2569", 2569), ("เก่า", 2540)],
        )
        self.assertEqual(codes(issues), ["rule_year_after_round", "rule_year_old"])
        self.assertFalse(issues[1].is_error)

    def test_an_impossible_fiscal_year(self):
        issues = rules.check_rule_years(fiscal_year_be=2067, current_year_be=2568, rule_years=[])
        self.assertEqual(codes(issues), ["fiscal_year_insane"])


class TiersAndSettingsTestCase(SimpleTestCase):
    def test_tiers(self):
        self.assertEqual(codes(rules.check_tiers([], [])), ["no_tiers"])
        self.assertEqual(codes(rules.check_tiers([1, 3], [2, 1])), ["tier_gap"])
        self.assertEqual(codes(rules.check_tiers([1, 2], [2, 0])), ["empty_tier"])
        self.assertEqual(rules.check_tiers([1, 2], [3, 4]), [])
