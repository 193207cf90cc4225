"""One stored form per value (registry.thai): phones by their digits, text as it reads.

The importer compares repeated producer and product cells by these forms and stores them,
so what counts as "the same" and what is stored can never disagree.
"""

from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import SimpleTestCase
from django.urls import reverse

from registry import thai
from registry.models import Producer
from tests.base import BaseTestCase, make_producer


class PhoneCanonicalTestCase(SimpleTestCase):
    def test_one_number_written_several_ways_is_one_stored_value(self):
        for typed in ("054-523838", "0-5452-3838", "054 523 838", "๐๕๔-๕๒๓๘๓๘", "โทร. 054523838"):
            with self.subTest(typed=typed):
                self.assertEqual(thai.phone_canonical(typed), "054523838")

    def test_a_mobile_keeps_its_ten_digits(self):
        for typed in ("081-234-5678", "๐๘๑ ๒๓๔ ๕๖๗๘", "+66 81 234 5678", "+66 (0)81-234-5678"):
            with self.subTest(typed=typed):
                self.assertEqual(thai.phone_canonical(typed), "0812345678")

    def test_several_numbers_in_one_cell_are_never_glued_together(self):
        for typed in (
            "054-523838, 081-234-5678",
            "054-523838 / 081-234-5678",
            "054-523838 หรือ 081-234-5678",
            "054-523838; 081-234-5678",
            "054 523838 081 234 5678",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(thai.phone_canonical(typed), "054523838, 0812345678")

    def test_an_alternative_last_digit_is_a_second_number(self):
        for typed in ("054-523838/9", "0-5452-3838-9"):
            with self.subTest(typed=typed):
                self.assertEqual(thai.phone_canonical(typed), "054523838, 054523839")

    def test_an_extension_is_kept_apart_from_the_number(self):
        for typed in ("054-523838 ต่อ 12", "054-523838 ext. 12", "054-523838 #12"):
            with self.subTest(typed=typed):
                self.assertEqual(thai.phone_canonical(typed), "054523838 ต่อ 12")

    def test_the_same_number_twice_is_stored_once(self):
        self.assertEqual(thai.phone_canonical("054-523838, 0-5452-3838"), "054523838")

    def test_the_stored_form_is_its_own_stored_form(self):
        for stored in ("054523838", "054523838, 0812345678", "054523838 ต่อ 12", "1111"):
            with self.subTest(stored=stored):
                self.assertEqual(thai.phone_canonical(stored), stored)

    def test_a_cell_without_digits_is_refused_in_thai(self):
        with self.assertRaisesMessage(thai.PhoneError, "โทรศัพท์ต้องมีตัวเลข"):
            thai.phone_canonical("ไม่มี")


class PhoneDisplayTestCase(SimpleTestCase):
    def test_mobiles_and_fixed_lines_are_shown_the_thai_way(self):
        self.assertEqual(thai.phone_display("0812345678"), "081-234-5678")
        self.assertEqual(thai.phone_display("054523838"), "0-5452-3838")
        self.assertEqual(thai.phone_display("021416000"), "0-2141-6000")

    def test_several_numbers_and_an_extension_are_shown_apart(self):
        self.assertEqual(
            thai.phone_display("054523838 ต่อ 12, 0812345678"), "0-5452-3838 ต่อ 12, 081-234-5678"
        )

    def test_a_short_or_unusual_number_is_shown_as_its_digits(self):
        self.assertEqual(thai.phone_display("1111"), "1111")

    def test_a_value_not_in_the_stored_form_is_shown_as_it_is(self):
        self.assertEqual(thai.phone_display("=HYPERLINK(1)"), "=HYPERLINK(1)")
        self.assertEqual(thai.phone_numbers("054-523838"), [("054-523838", "054523838")])

    def test_each_number_gets_its_digits_to_dial(self):
        self.assertEqual(
            thai.phone_numbers("054523838 ต่อ 12, 0812345678"),
            [("0-5452-3838 ต่อ 12", "054523838"), ("081-234-5678", "0812345678")],
        )

    def test_the_template_filter_formats_and_leaves_blank_blank(self):
        template = Template("[{{ a|phone }}][{{ b|phone }}]")
        self.assertEqual(template.render(Context({"a": "054523838", "b": ""})), "[0-5452-3838][]")


class CleanTextTestCase(SimpleTestCase):
    def test_invisible_characters_and_repeated_spaces_go(self):
        self.assertEqual(thai.clean_text(" กลุ่ม\u200bทอผ้า\u00a0 บ้าน\ufeffต๋อม "), "กลุ่มทอผ้า บ้านต๋อม")

    def test_sara_am_typed_in_two_keys_is_sara_am(self):
        self.assertEqual(thai.clean_text("น\u0e4d\u0e32พริก"), "น\u0e33พริก")
        # น้ำ with the tone mark typed before or after the ํ: น + ้ + ำ either way.
        self.assertEqual(thai.clean_text("น\u0e49\u0e4d\u0e32"), "น\u0e49\u0e33")
        self.assertEqual(thai.clean_text("น\u0e4d\u0e49\u0e32"), "น\u0e49\u0e33")

    def test_marks_typed_in_another_order_read_the_same(self):
        # ลุ่ม typed tone mark first, vowel second: the same glyphs on screen.
        self.assertEqual(thai.clean_text("ล\u0e48\u0e38ม"), "ล\u0e38\u0e48ม")
        self.assertEqual(thai.clean_text("ก\u0e48\u0e48"), "ก\u0e48")

    def test_it_keeps_what_differs(self):
        self.assertNotEqual(thai.clean_text("กลุ่มทอผ้า"), thai.clean_text("กลุ่มทอผา"))
        self.assertEqual(thai.clean_text("กลุ่มทอผ้า บ้านต๋อม"), "กลุ่มทอผ้า บ้านต๋อม")


class CleanNameTestCase(SimpleTestCase):
    def test_a_prefix_is_written_one_way(self):
        cases = {
            "กลุ่ม ทอผ้าบ้านต๋อม": "กลุ่มทอผ้าบ้านต๋อม",
            "นาย  สมชาย ใจดี": "นายสมชาย ใจดี",
            "น.ส. สมใจ รักดี": "นางสาวสมใจ รักดี",
            "นางสาว สมใจ รักดี": "นางสาวสมใจ รักดี",
        }
        for typed, stored in cases.items():
            with self.subTest(typed=typed):
                self.assertEqual(thai.clean_name(typed), stored)

    def test_no_other_letter_of_a_name_changes(self):
        for name in ("นางรองทอผ้า", "กลุ่ม OTOP บ้านต๋อม", "น.สมใจ", "ร้าน น้ำพริกแม่ศรี"):
            with self.subTest(name=name):
                self.assertEqual(thai.clean_name(name), name)


class ProducerPhoneCleanTestCase(BaseTestCase):
    def test_the_admin_form_stores_the_phone_in_its_one_form(self):
        producer = make_producer("P1", self.mueang, phone="")
        producer.phone = "0-5452-3838"
        producer.full_clean()
        self.assertEqual(producer.phone, "054523838")

    def test_a_phone_without_digits_is_refused(self):
        producer = Producer(code="P2", name="x", producer_type="group", district=self.mueang)
        producer.phone = "ไม่มี"
        with self.assertRaises(ValidationError) as raised:
            producer.full_clean()
        self.assertIn("phone", raised.exception.message_dict)


class ProducerDetailPhoneTestCase(BaseTestCase):
    def test_the_detail_page_shows_each_number_formatted_with_its_own_link(self):
        producer = make_producer("P1", self.mueang, phone="054523838 ต่อ 12, 0812345678")
        self.client.force_login(self.officer)
        response = self.client.get(reverse("registry:producer_detail", args=[producer.pk]))
        self.assertContains(
            response,
            '<a href="tel:054523838" class="text-nowrap">0-5452-3838 ต่อ 12</a>, '
            '<a href="tel:0812345678" class="text-nowrap">081-234-5678</a>',
            html=True,
        )
