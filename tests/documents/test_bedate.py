"""Dates typed with Buddhist Era years (documents.bedate): pure, no database."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from documents.bedate import format_be_date, parse_be_date


class ParseBeDateTestCase(SimpleTestCase):
    def test_it_reads_the_ways_officers_type_a_date(self):
        expected = dt.date(2024, 12, 5)  # 5 ธันวาคม 2567, seed 001's date
        for text in (
            "5/12/2567",
            "05/12/2567",
            " 5-12-2567 ",
            "5.12.2567",
            "5/12/67",
            "๕/๑๒/๒๕๖๗",
            "5 ธันวาคม 2567",
            "๕ ธันวาคม ๒๕๖๗",
            "5 ธ.ค. 2567",
            "5 ธ.ค. 67",
            "5 ธค 2567",
            "วันที่ 5 ธันวาคม พ.ศ. 2567",
            "2567-12-05",
        ):
            with self.subTest(text=text):
                self.assertEqual(parse_be_date(text), expected)

    def test_blank_is_no_date(self):
        self.assertIsNone(parse_be_date(""))
        self.assertIsNone(parse_be_date("   "))

    def test_a_christian_era_year_is_refused_with_the_be_year_to_type(self):
        with self.assertRaises(ValidationError) as caught:
            parse_be_date("5/12/2024")
        self.assertEqual(caught.exception.code, "ce_year")
        self.assertIn("พ.ศ.", caught.exception.messages[0])
        self.assertIn("2567", caught.exception.messages[0])

    def test_a_day_not_in_the_calendar_is_refused_in_thai(self):
        for text in ("31/2/2568", "29/2/2567"):  # 2024 is a leap year, 2025 is not
            with self.subTest(text=text):
                if text == "29/2/2567":
                    self.assertEqual(parse_be_date(text), dt.date(2024, 2, 29))
                    continue
                with self.assertRaisesMessage(ValidationError, "ไม่มีวันที่นี้ในปฏิทิน"):
                    parse_be_date(text)

    def test_text_that_is_no_date_is_refused_in_thai(self):
        for text in ("พรุ่งนี้", "5/2567", "5 ธันวา 2567x", "3000-01-01"):
            with self.subTest(text=text), self.assertRaises(ValidationError) as caught:
                parse_be_date(text)
            self.assertRegex(caught.exception.messages[0], "[ก-๙]")

    def test_format_gives_the_be_text_back(self):
        self.assertEqual(format_be_date(dt.date(2024, 12, 5)), "5/12/2567")
        self.assertEqual(format_be_date(None), "")
        self.assertEqual(parse_be_date(format_be_date(dt.date(2025, 1, 31))), dt.date(2025, 1, 31))
