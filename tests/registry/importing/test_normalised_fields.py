"""Repeated producer and product cells are compared by their normalised value (one
normaliser per column, also what is stored): the same number or name written two ways is
not a conflict, values that really differ still are, and a re-import stays "unchanged".
"""

import importlib

from django.apps import apps
from django.test import TestCase

from registry.importing import ImportOutcome, import_file
from registry.models import Producer, Product
from tests.registry.importing.corpus import registry_row, xlsx

PRODUCER, PRODUCT = "ผู้ผลิต", "ผลิตภัณฑ์"


def run(data, **kw):
    return import_file(kind="registry", data=data, **kw)


def two_products(first: dict, second: dict) -> bytes:
    """One producer (P1) on two product rows (sheet rows 2 and 3)."""
    return xlsx([registry_row("P1", "X1", **first), registry_row("P1", "X2", **second)])


class PhoneWrittenTwoWaysTestCase(TestCase):
    def test_it_imports_a_producer_whose_phone_is_written_two_ways(self):
        result = run(two_products({"phone": "054-523838"}, {"phone": "0-5452-3838"}))
        self.assertEqual(result.outcome, ImportOutcome.OK, result.summary["errors"])
        self.assertEqual(Producer.objects.get(code="P1").phone, "054523838")
        self.assertEqual(Product.objects.filter(producer__code="P1").count(), 2)

    def test_phones_that_really_differ_still_conflict_naming_both_rows(self):
        result = run(two_products({"phone": "054-523838"}, {"phone": "054-523839"}))
        self.assertEqual(result.outcome, ImportOutcome.INVALID)
        conflict = [e for e in result.summary["errors"] if e["column"] == "โทรศัพท์"]
        self.assertEqual(len(conflict), 1)
        self.assertEqual((conflict[0]["row"], conflict[0]["value"]), (3, "054523839"))
        self.assertIn("แถว 2", conflict[0]["message"])
        self.assertIn("054523838", conflict[0]["message"])
        rows = {e["row"] for e in result.summary["errors"]}
        self.assertEqual(rows, {2, 3})  # both rows of the producer are refused
        self.assertFalse(Producer.objects.exists())

    def test_two_numbers_in_one_cell_stay_two_numbers(self):
        run(xlsx([registry_row("P1", "X1", phone="054-523838, 081-234-5678")]))
        self.assertEqual(Producer.objects.get().phone, "054523838, 0812345678")

    def test_re_importing_the_number_written_the_other_way_is_unchanged(self):
        run(xlsx([registry_row("P1", "X1", phone="054-523838")]))
        result = run(xlsx([registry_row("P1", "X1", phone="๐-๕๔๕๒-๓๘๓๘")]))
        counts = result.summary["counts"][PRODUCER]
        self.assertEqual(counts, {"create": 0, "update": 0, "unchanged": 1})
        self.assertEqual(result.summary["diffs"], [])

    def test_a_phone_stored_in_the_old_form_compares_unchanged(self):
        run(xlsx([registry_row("P1", "X1", phone="054-523838")]))
        Producer.objects.update(phone="054-523838")  # as imports stored it before
        result = run(xlsx([registry_row("P1", "X1", phone="0-5452-3838")]))
        self.assertEqual(result.summary["counts"][PRODUCER]["unchanged"], 1)

    def test_an_update_of_another_field_does_not_list_a_phone_written_differently(self):
        run(xlsx([registry_row("P1", "X1", phone="054-523838")]))
        Producer.objects.update(phone="054-523838")
        result = run(xlsx([registry_row("P1", "X1", phone="0-5452-3838", address="99 หมู่บ้านใหม่")]))
        self.assertEqual(result.summary["counts"][PRODUCER]["update"], 1)
        changes = result.summary["diffs"][0]["changes"]
        self.assertEqual(list(changes), ["ที่อยู่"])
        self.assertEqual(Producer.objects.get().phone, "054523838")


class NamesWrittenTwoWaysTestCase(TestCase):
    def test_a_producer_name_with_invisible_characters_or_a_spaced_prefix_is_one_name(self):
        for other in ("กลุ่มทอผ้า\u200bบ้านต๊ำ", "กลุ่ม  ทอผ้าบ้านต๊ำ", " กลุ่มทอผ้าบ้านต๊ำ\ufeff"):
            with self.subTest(other=other):
                result = run(two_products({"name": "กลุ่มทอผ้าบ้านต๊ำ"}, {"name": other}))
                self.assertEqual(result.outcome, ImportOutcome.OK, result.summary["errors"])
                self.assertEqual(Producer.objects.get(code="P1").name, "กลุ่มทอผ้าบ้านต๊ำ")

    def test_a_product_name_with_sara_am_typed_in_two_keys_is_one_name(self):
        rows = [
            registry_row("P1", "X1", product_name="น\u0e49\u0e33พริกแม่ศรี", stars=3),
            registry_row(
                "P1", "X1", product_name="น\u0e4d\u0e49\u0e32พริกแม่ศรี", stars=4, rating_year=2566
            ),
        ]
        result = run(xlsx(rows))
        self.assertEqual(result.outcome, ImportOutcome.OK, result.summary["errors"])
        self.assertEqual(Product.objects.get(code="X1").name, "น\u0e49\u0e33พริกแม่ศรี")

    def test_a_name_stored_with_an_invisible_character_compares_unchanged(self):
        run(xlsx([registry_row("P1", "X1")]))
        Producer.objects.update(name="กลุ่มทอผ้า\u200bบ้านต๊ำ")
        Product.objects.update(name="ผ้าทอลาย\u200bน้ำไหล")
        result = run(xlsx([registry_row("P1", "X1")]))
        self.assertEqual(result.summary["counts"][PRODUCER]["unchanged"], 1)
        self.assertEqual(result.summary["counts"][PRODUCT]["unchanged"], 1)


class CanonicalPhonesMigrationTestCase(TestCase):
    def test_it_stores_every_phone_in_its_one_form_and_leaves_the_rest(self):
        migration = importlib.import_module("registry.migrations.0006_canonical_phones")
        run(xlsx([registry_row(f"P{i}", f"X{i}") for i in range(4)]))
        for code, phone in (
            ("P0", "054-523838"),
            ("P1", "0-5452-3838 / 081-234-5678"),
            ("P2", "ไม่มี"),  # no digit: left as it was
            ("P3", ""),
        ):
            Producer.objects.filter(code=code).update(phone=phone)
        migration.canonicalise_phones(apps, None)
        phones = dict(Producer.objects.values_list("code", "phone"))
        self.assertEqual(
            phones,
            {"P0": "054523838", "P1": "054523838, 0812345678", "P2": "ไม่มี", "P3": ""},
        )
