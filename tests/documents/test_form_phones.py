"""Return forms show a producer's phone as people read it (registry.thai.phone_display),
not the digits it is stored as."""

import io

from openpyxl import load_workbook

from documents.forms import form_data, form_html, form_xlsx
from nominations.models import Nomination
from tests.base import BaseTestCase, make_producer, make_product
from tests.documents.data import make_seed_round


class ReturnFormPhoneTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)
        producer = make_producer("G-1", cls.mueang, phone="054523838, 0812345678")
        make_product("P-1", producer, stars={2567: 3})
        Nomination.objects.create(round=cls.round, district=cls.mueang, producer=producer)

    def test_the_xlsx_form_shows_each_number_formatted(self):
        data = form_data(self.round, self.mueang)
        ws = load_workbook(io.BytesIO(form_xlsx(data)))["แบบรายงาน"]
        self.assertEqual(ws["I4"].value, "ผู้ติดต่อ / โทรศัพท์")
        self.assertEqual(ws["I5"].value, "0-5452-3838, 081-234-5678")

    def test_the_pdf_form_shows_each_number_formatted(self):
        html = form_html(form_data(self.round, self.mueang))
        self.assertIn("0-5452-3838, 081-234-5678", html)
