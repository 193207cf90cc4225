import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import timezone

from registry import thai


class ThaiDigitsTestCase(SimpleTestCase):
    def test_it_writes_ints_in_thai_digits(self):
        self.assertEqual(thai.thai_digits(2567), "๒๕๖๗")
        self.assertEqual(thai.thai_digits(0), "๐")
        self.assertEqual(thai.thai_digits(1234567890), "๑๒๓๔๕๖๗๘๙๐")

    def test_it_keeps_everything_but_digits_in_strings(self):
        self.assertEqual(thai.thai_digits("ที่ พย 0017/ว 123"), "ที่ พย ๐๐๑๗/ว ๑๒๓")
        self.assertEqual(thai.thai_digits("-1.5%"), "-๑.๕%")

    def test_it_writes_thai_digits_back_as_arabic(self):
        self.assertEqual(thai.arabic_digits("๐๘๑-๒๓๔-๕๖๗๘"), "081-234-5678")


class ParseIntTestCase(SimpleTestCase):
    def test_it_parses_thai_and_arabic_and_mixed_digits(self):
        self.assertEqual(thai.parse_int("๒๕๖๗"), 2567)
        self.assertEqual(thai.parse_int("2567"), 2567)
        self.assertEqual(thai.parse_int("๒5๖7"), 2567)
        self.assertEqual(thai.parse_int(" ๑,๒๐๐ "), 1200)
        self.assertEqual(thai.parse_int("-๓"), -3)
        self.assertEqual(thai.parse_int(42), 42)

    def test_it_rejects_what_is_not_a_whole_number_in_thai(self):
        for bad in ["", "  ", "๒๕.๖", "สาม", "12a", "-", "١٢"]:
            with self.subTest(bad=bad), self.assertRaisesMessage(ValueError, "ไม่ใช่ตัวเลข"):
                thai.parse_int(bad)

    def test_it_rejects_booleans(self):
        with self.assertRaises(ValueError):
            thai.parse_int(True)


class EraTestCase(SimpleTestCase):
    def test_it_converts_between_be_and_ce(self):
        self.assertEqual(thai.be_year(2024), 2567)
        self.assertEqual(thai.ce_year(2568), 2025)
        self.assertEqual(thai.ce_year(thai.be_year(1999)), 1999)


class BeDateTestCase(SimpleTestCase):
    def test_it_writes_the_long_form_with_thai_digits(self):
        self.assertEqual(thai.be_date_long(dt.date(2024, 12, 5)), "๕ ธันวาคม ๒๕๖๗")
        self.assertEqual(thai.be_date_long(dt.date(2018, 11, 6)), "๖ พฤศจิกายน ๒๕๖๑")

    def test_it_writes_the_long_form_with_arabic_digits_on_request(self):
        self.assertEqual(thai.be_date_long(dt.date(2024, 12, 5), digits="arabic"), "5 ธันวาคม 2567")

    def test_it_writes_the_short_form_with_arabic_digits(self):
        self.assertEqual(thai.be_date_short(dt.date(2024, 12, 5)), "5 ธ.ค. 2567")
        self.assertEqual(thai.be_date_short(dt.date(2025, 1, 31)), "31 ม.ค. 2568")
        self.assertEqual(thai.be_date_short(dt.date(2024, 6, 4), digits="thai"), "๔ มิ.ย. ๒๕๖๗")

    def test_it_names_every_month(self):
        expected_long = [
            "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
            "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
        ]  # fmt: skip
        expected_short = [
            "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
            "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
        ]  # fmt: skip
        for month in range(1, 13):
            day = dt.date(2025, month, 1)
            with self.subTest(month=month):
                self.assertEqual(thai.be_date_long(day, digits="arabic"),
                                 f"1 {expected_long[month - 1]} 2568")  # fmt: skip
                self.assertEqual(thai.be_date_short(day), f"1 {expected_short[month - 1]} 2568")

    def test_it_takes_a_datetime_at_its_own_date(self):
        self.assertEqual(thai.be_date_short(dt.datetime(2024, 12, 5, 23, 59)), "5 ธ.ค. 2567")


class FiscalYearTestCase(SimpleTestCase):
    def test_october_first_starts_the_next_fiscal_year(self):
        self.assertEqual(thai.fiscal_year(dt.date(2024, 10, 1)), 2568)
        self.assertEqual(thai.fiscal_year(dt.date(2024, 9, 30)), 2567)
        self.assertEqual(thai.fiscal_year(dt.date(2024, 12, 31)), 2568)
        self.assertEqual(thai.fiscal_year(dt.date(2025, 1, 1)), 2568)
        self.assertEqual(thai.fiscal_year(dt.date(2025, 9, 30)), 2568)

    def test_it_gives_the_bounds_of_a_fiscal_year(self):
        self.assertEqual(
            thai.fiscal_year_bounds(2568), (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
        )


class DaysLeftTestCase(SimpleTestCase):
    today = dt.date(2024, 12, 5)

    def test_it_counts_the_days_left_in_thai(self):
        self.assertEqual(thai.days_left_text(dt.date(2024, 12, 8), self.today), "อีก ๓ วัน")
        self.assertEqual(thai.days_left_text(dt.date(2025, 1, 4), self.today), "อีก ๓๐ วัน")

    def test_it_says_today_and_tomorrow(self):
        self.assertEqual(thai.days_left_text(self.today, self.today), "วันนี้")
        self.assertEqual(thai.days_left_text(dt.date(2024, 12, 6), self.today), "พรุ่งนี้")

    def test_it_says_how_late_a_passed_deadline_is(self):
        # Seed 001: dated 5 Dec 2567, asks for the return by 4 June 2567.
        self.assertEqual(thai.days_left(dt.date(2024, 6, 4), self.today), -184)
        self.assertEqual(
            thai.days_left_text(dt.date(2024, 6, 4), self.today, digits="arabic"),
            "เลยกำหนด 184 วัน",
        )


class ThaiFiltersTestCase(SimpleTestCase):
    def render(self, source, **context):
        # No {% load %}: the filters are template builtins.
        return Template(source).render(Context(context))

    def test_the_filters_work_without_load(self):
        day = dt.date(2024, 12, 5)
        self.assertEqual(self.render("{{ n|thai_digits }}", n=2567), "๒๕๖๗")
        self.assertEqual(self.render("{{ d|be_date_long }}", d=day), "๕ ธันวาคม ๒๕๖๗")
        self.assertEqual(self.render("{{ d|be_date_long:'arabic' }}", d=day), "5 ธันวาคม 2567")
        self.assertEqual(self.render("{{ d|be_date_short }}", d=day), "5 ธ.ค. 2567")
        self.assertEqual(self.render("{{ d|be_date_short:'thai' }}", d=day), "๕ ธ.ค. ๒๕๖๗")
        self.assertEqual(self.render("{{ d|fiscal_year }}", d=dt.date(2024, 10, 1)), "2568")

    def test_they_render_nothing_for_empty_values(self):
        for name in ["thai_digits", "be_date_long", "be_date_short", "fiscal_year", "days_left_th"]:
            with self.subTest(filter=name):
                self.assertEqual(self.render("{{ v|" + name + " }}", v=None), "")

    def test_they_return_a_non_date_unchanged(self):
        self.assertEqual(self.render("{{ v|be_date_long }}", v="ไม่ระบุ"), "ไม่ระบุ")

    def test_an_aware_datetime_is_shown_at_bangkok_date(self):
        # 2024-09-30 18:00 UTC is 1 October 01:00 in Bangkok: a new fiscal year there.
        moment = dt.datetime(2024, 9, 30, 18, 0, tzinfo=ZoneInfo("UTC"))
        with timezone.override("Asia/Bangkok"):
            self.assertEqual(self.render("{{ v|be_date_short }}", v=moment), "1 ต.ค. 2567")
            self.assertEqual(self.render("{{ v|fiscal_year }}", v=moment), "2568")

    def test_days_left_counts_from_today(self):
        deadline = timezone.localdate() + dt.timedelta(days=3)
        self.assertEqual(self.render("{{ v|days_left_th }}", v=deadline), "อีก ๓ วัน")
