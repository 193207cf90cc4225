"""OPC services write cleaned rows: a bad value is a ValidationError, not a database error."""

from django.core.exceptions import ValidationError

from opc import services
from opc.models import Application
from tests.base import BaseTestCase, make_producer, make_product
from tests.opc.data import make_opc_round


class ApplicationCreateCleanTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao)
        cls.producer = make_producer("P1", cls.mueang, registered_year=2560)
        cls.products = [make_product(f"P1-{i}", cls.producer) for i in range(1, 3)]

    def test_it_refuses_a_set_name_longer_than_the_field(self):
        with self.assertRaises(ValidationError) as caught:
            services.application_create(
                round_=self.round,
                producer=self.producer,
                products=self.products,
                user=self.officer,
                is_set=True,
                set_name="ชุด" * 100,
            )
        self.assertIn("set_name", caught.exception.message_dict)
        self.assertFalse(Application.objects.exists())
