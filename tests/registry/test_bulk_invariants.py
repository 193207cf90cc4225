"""What the bulk writers (registry import, national generator) rely on instead of a
per-row `full_clean`: the database refuses a row that breaks the registry's invariants
(ADR 0020), and `full_clean` words the same refusal in Thai for the services."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from registry.models import Category, District, Participation, Producer, ProducerType, Product


def producer(**fields) -> Producer:
    values = {
        "code": "P1",
        "name": "กลุ่มทอผ้า",
        "producer_type": ProducerType.COMMUNITY_GROUP,
        "district": District.objects.get(code="5601"),
    }
    return Producer(**{**values, **fields})


class BulkInvariantsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.owner = producer(code="OWNER")
        cls.owner.save()

    def product(self, **fields) -> Product:
        values = {
            "code": "P1-1",
            "name": "ผ้าทอ",
            "producer": self.owner,
            "category": Category.TEXTILE,
            "registered_year": 2560,
        }
        return Product(**{**values, **fields})

    def assert_refused(self, model, row, message):
        with self.assertRaises(ValidationError):
            row.full_clean()
        with self.assertRaisesMessage(ValidationError, message):
            row.validate_constraints()
        with self.assertRaises(IntegrityError), transaction.atomic():
            model.objects.bulk_create([row])

    def test_the_database_refuses_what_the_bulk_writers_skip_checking(self):
        table = [
            (Producer, producer(code=""), "รหัสผู้ผลิตต้องไม่ว่าง"),
            (Producer, producer(name=""), "ชื่อผู้ผลิตต้องไม่ว่าง"),
            (Producer, producer(village_no=0), "หมู่ที่ต้องอยู่ระหว่าง 1–999"),
            (Producer, producer(village_no=1000), "หมู่ที่ต้องอยู่ระหว่าง 1–999"),
            (Product, self.product(code=""), "รหัสผลิตภัณฑ์ต้องไม่ว่าง"),
            (Product, self.product(name=""), "ชื่อผลิตภัณฑ์ต้องไม่ว่าง"),
            (
                Participation,
                Participation(program="XYZ", fiscal_year=2567, producer=self.owner),
                "รหัสโครงการไม่ถูกต้อง",
            ),
        ]
        for model, row, message in table:
            with self.subTest(message=message, row=str(row.__dict__.get("code", ""))):
                self.assert_refused(model, row, message)

    def test_it_accepts_the_edges(self):
        for number in (None, 1, 999):
            with self.subTest(village_no=number):
                row = producer(code=f"V{number}", village_no=number)
                row.full_clean()
                row.save()
