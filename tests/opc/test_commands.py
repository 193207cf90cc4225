"""opc_publish wraps the publishing service."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from opc import services
from registry.models import StarRating
from tests.base import BaseTestCase, make_producer, make_product
from tests.opc.data import add_member, make_opc_round


class OpcPublishCommandTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao, fiscal_year=2567)
        add_member(cls.round, cls.staff)
        producer = make_producer("M1", cls.mueang)
        cls.product = make_product("M1-1", producer)
        cls.application = services.application_create(
            round_=cls.round, producer=producer, products=[cls.product], user=cls.officer
        )

    def test_it_publishes_and_prints_the_counts(self):
        services.score_set(
            application=self.application,
            points={"production": "10", "marketing": "10", "quality": "30"},
            user=self.staff,
        )  # 50 → 2 stars
        out = StringIO()
        call_command("opc_publish", self.round.slug, "--user", "staff", stdout=out)
        self.assertIn("เพิ่มใหม่ 1 แก้ไข 0 ไม่เปลี่ยนแปลง 0", out.getvalue())
        self.assertEqual(StarRating.objects.get(product=self.product, year=2567).stars, 2)

    def test_it_fails_in_thai_while_scores_are_missing(self):
        with self.assertRaisesRegex(CommandError, "ยังไม่ได้ให้คะแนนครบ"):
            call_command("opc_publish", self.round.slug, "--user", "staff", stdout=StringIO())
        with self.assertRaisesRegex(CommandError, "ไม่พบรอบ"):
            call_command("opc_publish", "nope", "--user", "staff", stdout=StringIO())
