"""The PSO results: .xlsx (formula-safe through documents.xlsx) and the list as PDF."""

from django.urls import reverse

from documents.xlsx import reopen
from opc import services
from registry.models import Category
from tests.base import BaseTestCase, make_producer, make_product
from tests.opc.data import make_pso_round

FORMULA = '=HYPERLINK("http://x.example","คลิก")'


class PsoExportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_pso_round(cls.phayao, fiscal_year=2568)
        producer = make_producer("X1", cls.mueang, name="@กลุ่มทอผ้า")
        cls.food = make_product("X1-1", producer, name="ข้าวแต๋นน้ำแตงโม", stars={2565: 3, 2567: 5})
        cls.textile = make_product(
            "X1-2", producer, name="ผ้าทอไทลื้อ", category=Category.TEXTILE, stars={2566: 4}
        )
        for product, remark in ((cls.food, "ของดีเมืองพะเยา"), (cls.textile, FORMULA)):
            services.pso_pick_set(round_=cls.round, product=product, remark=remark, user=cls.staff)

    def url(self, name):
        return reverse(f"opc:{name}", kwargs={"round_slug": self.round.slug})

    def test_the_workbook_lists_one_row_per_category_with_the_latest_stars_and_the_remark(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url("pso_xlsx"))
        self.assertEqual(response.status_code, 200)
        sheet = reopen(response.content)["ผลิตภัณฑ์ PSO"]
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5, max_row=9)]
        self.assertEqual(len(rows), len(Category.choices))
        self.assertEqual(
            rows[0],
            [1, "อาหาร", "X1-1", "ข้าวแต๋นน้ำแตงโม", "@กลุ่มทอผ้า", "เมืองพะเยา", 5, 2567,
             "ของดีเมืองพะเยา", "staff"],
        )  # fmt: skip
        textile_row = next(r for r in rows if r[1] == Category.TEXTILE.label)
        self.assertEqual(textile_row[6:8], [4, 2566])
        drink_row = next(r for r in rows if r[1] == Category.DRINK.label)
        self.assertEqual(drink_row[3], "(ยังไม่ได้เลือก)")

    def test_typed_text_that_looks_like_a_formula_stays_text(self):
        self.client.force_login(self.staff)
        sheet = reopen(self.client.get(self.url("pso_xlsx")).content)["ผลิตภัณฑ์ PSO"]
        cells = {c.value: c for row in sheet.iter_rows(min_row=5) for c in row if c.value}
        for text in (FORMULA, "@กลุ่มทอผ้า"):
            with self.subTest(text):
                self.assertEqual(cells[text].data_type, "s")
                self.assertTrue(cells[text].quotePrefix)

    def test_the_list_renders_as_a_pdf_through_the_documents_machinery(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url("pso_pdf"))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        from opc.announcement import pso_list_html, pso_list_pdf

        html = pso_list_html(self.round)
        self.assertIn("ข้าวแต๋นน้ำแตงโม", html)
        self.assertIn("๕ (๒๕๖๗)", html)
        self.assertEqual(pso_list_pdf(self.round).refused, [])

    def test_only_staff_of_the_province_download(self):
        for user in (self.officer, self.outsider):
            self.client.force_login(user)
            for name in ("pso_xlsx", "pso_pdf", "pso_list"):
                with self.subTest(user=user.username, name=name):
                    self.assertEqual(self.client.get(self.url(name)).status_code, 404)
