"""The import writes in bulk without full_clean (ADR 0020): its parsers hold the columns'
lengths, so a too-long value is the row's Thai error, nothing is written, and no database
(PostgreSQL refuses it, SQLite would store it) decides."""

from django.test import SimpleTestCase, TestCase

from registry.importing import ImportOutcome, import_file
from registry.importing.values import (
    CellError,
    parse_code,
    parse_producer_name,
    parse_registry_text,
)
from registry.models import Producer, Product
from tests.registry.importing.corpus import registry_row, xlsx


class ColumnLengthParsersTestCase(SimpleTestCase):
    def test_each_parser_takes_its_column_length_and_refuses_one_more(self):
        table = [
            (parse_code, Producer._meta.get_field("code").max_length, "รหัสยาวเกิน"),
            (parse_code, Product._meta.get_field("code").max_length, "รหัสยาวเกิน"),
            (parse_producer_name, Producer._meta.get_field("name").max_length, "ชื่อยาวเกิน"),
            (parse_registry_text, Product._meta.get_field("name").max_length, "ข้อความยาวเกิน"),
            (parse_registry_text, Producer._meta.get_field("address").max_length, "ข้อความยาวเกิน"),
        ]
        for parse, limit, message in table:
            with self.subTest(parse=parse.__name__, limit=limit):
                self.assertEqual(len(parse("ก" * limit)), limit)
                with self.assertRaisesMessage(CellError, message):
                    parse("ก" * (limit + 1))


class ColumnLengthImportTestCase(TestCase):
    def test_a_too_long_value_is_a_row_error_and_nothing_is_written(self):
        table = [
            ({"product_name": "ผ้า" * 100}, "ชื่อผลิตภัณฑ์"),
            ({"address": "บ้าน" * 100}, "ที่อยู่"),
            ({"name": "กลุ่ม" * 60}, "ชื่อผู้ผลิต"),
        ]
        for values, column in table:
            with self.subTest(column=column):
                result = import_file(
                    kind="registry", data=xlsx([registry_row("P1", "X1", **values)])
                )
                self.assertEqual(result.outcome, ImportOutcome.INVALID)
                errors = [(e["row"], e["column"]) for e in result.summary["errors"]]
                self.assertIn((2, column), errors)
                self.assertFalse(Producer.objects.exists())
                self.assertFalse(Product.objects.exists())
