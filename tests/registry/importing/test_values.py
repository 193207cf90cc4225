import datetime as dt

from django.test import SimpleTestCase

from registry.importing.values import (
    CellError,
    Parsed,
    parse_category,
    parse_code,
    parse_phone,
    parse_producer_type,
    parse_quadrant,
    parse_stars,
    parse_year,
)


class YearTestCase(SimpleTestCase):
    def test_it_takes_be_years_as_they_are(self):
        self.assertEqual(parse_year(2567), 2567)
        self.assertEqual(parse_year(2564.0), 2564)
        self.assertEqual(parse_year("2567"), 2567)

    def test_it_reads_thai_digits(self):
        self.assertEqual(parse_year("๒๕๖๗"), 2567)

    def test_it_converts_ce_years_with_a_warning(self):
        result = parse_year(2024)
        self.assertIsInstance(result, Parsed)
        self.assertEqual(result.value, 2567)
        self.assertIn("ค.ศ.", result.warning)
        self.assertEqual(parse_year(1957).value, 2500)
        self.assertEqual(parse_year("2100").value, 2643)

    def test_it_refuses_other_years(self):
        for value in (1956, 2101, 2499, 2701, "67", "ปีนี้", 2567.5, dt.date(2024, 1, 1)):
            with self.subTest(value=value), self.assertRaises(CellError):
                parse_year(value)


class StarsTestCase(SimpleTestCase):
    def test_it_accepts_the_written_forms(self):
        for value in (3, 3.0, "3", "๓", "3 ดาว", "๓ ดาว", "3ดาว"):
            with self.subTest(value=value):
                self.assertEqual(parse_stars(value), 3)

    def test_it_refuses_out_of_range(self):
        for value in (0, 6, "six", "3.5"):
            with self.subTest(value=value), self.assertRaises(CellError):
                parse_stars(value)


class QuadrantTestCase(SimpleTestCase):
    def test_it_accepts_the_written_forms_of_d(self):
        for value in (
            "D",
            "d",
            "กลุ่ม D",
            "กลุ่มD",
            "ปรับตัวสู่การพัฒนา",
            "กลุ่มปรับตัวสู่การพัฒนา",
            "D กลุ่มปรับตัวสู่การพัฒนา",
            "Quadrant D",
        ):
            with self.subTest(value=value):
                self.assertEqual(parse_quadrant(value), "D")

    def test_it_knows_the_other_groups_by_name(self):
        self.assertEqual(parse_quadrant("ดาวเด่นสู่สากล"), "A")
        self.assertEqual(parse_quadrant("กลุ่ม B"), "B")

    def test_it_refuses_a_letter_that_contradicts_the_name(self):
        with self.assertRaises(CellError):
            parse_quadrant("A ปรับตัวสู่การพัฒนา")
        with self.assertRaises(CellError):
            parse_quadrant("E")


class ChoicesTestCase(SimpleTestCase):
    def test_producer_type_aliases(self):
        cases = {
            "กลุ่มผู้ผลิตชุมชน": "group",
            "กลุ่ม": "group",
            "รายเดียว": "single",
            "เจ้าของรายเดียว": "single",
            "ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว": "single",
            "SME": "sme",
            "sme": "sme",
            "วิสาหกิจ": "sme",
        }
        for value, expected in cases.items():
            with self.subTest(value=value):
                self.assertEqual(parse_producer_type(value), expected)
        with self.assertRaises(CellError):
            parse_producer_type("บริษัท")

    def test_category_short_forms(self):
        cases = {
            "อาหาร": "food",
            "ผ้า": "textile",
            "ผ้า เครื่องแต่งกาย": "textile",
            "ของใช้": "household",
            "สมุนไพร": "herbal",
            "เครื่องดื่ม": "drink",
            "สมุนไพรที่ไม่ใช่อาหาร": "herbal",
        }
        for value, expected in cases.items():
            with self.subTest(value=value):
                self.assertEqual(parse_category(value), expected)

    def test_codes_lose_spaces_and_thai_digits_and_float_tails(self):
        self.assertEqual(parse_code("๕๖๐๑ ๐๐๑"), "5601001")
        self.assertEqual(parse_code(560100.0), "560100")

    def test_phone_keeps_only_digits_and_restores_a_lost_leading_zero(self):
        self.assertEqual(parse_phone("๐๘๑-๒๓๔-๕๖๗๘"), "0812345678")
        self.assertEqual(parse_phone(812345678.0), "0812345678")
