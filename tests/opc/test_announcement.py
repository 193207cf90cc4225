"""The announcement PDF goes through documents.pdf (static-only fetcher, Thai fonts)."""

from django.urls import reverse

from opc import services
from tests.base import BaseTestCase, make_producer, make_product
from tests.opc.data import add_member, make_opc_round


class AnnouncementPdfTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao, fiscal_year=2567)
        add_member(cls.round, cls.staff)
        producer = make_producer("A1", cls.mueang)
        application = services.application_create(
            round_=cls.round,
            producer=producer,
            products=[make_product("A1-1", producer)],
            user=cls.officer,
        )
        services.score_set(
            application=application,
            points={"production": "17", "marketing": "21", "quality": "40.25"},
            user=cls.staff,
        )  # 78.25 → 3 stars

    def test_it_renders_a_pdf_with_the_emblem_and_no_refused_fetch(self):
        self.client.force_login(self.staff)
        response = self.client.get(
            reverse("opc:announcement_pdf", kwargs={"round_slug": self.round.slug})
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        from opc.announcement import announcement_pdf

        result = announcement_pdf(self.round)
        self.assertGreaterEqual(result.pages, 2)
        self.assertEqual(result.refused, [])
        self.assertTrue(any("garuda" in url for url in result.fetched))

    def test_the_list_shows_the_score_in_thai_digits_under_its_star_level(self):
        from opc.announcement import announcement_html

        html = announcement_html(self.round)
        self.assertIn("ระดับ ๓ ดาว จำนวน ๑ ผลิตภัณฑ์", html)
        self.assertIn("๗๘.๒๕", html)
