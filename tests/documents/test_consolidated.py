"""The province's consolidated list (.xlsx), reopened with openpyxl."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from documents import xlsx
from documents.consolidated import SHEET, consolidated_xlsx
from nominations.models import Nomination
from registry.models import District
from tests.base import BaseTestCase, make_producer, make_product
from tests.documents.data import make_seed_round


class ConsolidatedListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)
        names = ["=1+1 กลุ่มสูตร", "กลุ่มทอผ้าบ้านต๋อม", "กลุ่มข้าวแต๋น"]
        for i, name in enumerate(names):
            producer = make_producer(f"M-{i}", cls.mueang, name=name)
            make_product(f"MP-{i}", producer, stars={2567: 2})
            remark = "@SUM(A1)" if i == 0 else ""
            Nomination.objects.create(round=cls.round, district=cls.mueang, producer=producer,
                                      position=i, justification=remark)  # fmt: skip
        producer = make_producer("C-1", cls.mae_chai, name="กลุ่มแม่ใจ")
        make_product("CP-1", producer, quadrant={2567: "D"})
        Nomination.objects.create(round=cls.round, district=cls.mae_chai, producer=producer, tier=2)
        cls.url = reverse("documents:consolidated_xlsx", kwargs={"round_slug": cls.round.slug})

    def sheet(self):
        return load_workbook(io.BytesIO(consolidated_xlsx(self.round)))[SHEET]

    def rows(self, ws):
        return [[c.value for c in row] for row in ws.iter_rows()]

    def test_it_lists_every_district_with_a_subtotal_and_the_province_total(self):
        ws = self.sheet()
        rows = self.rows(ws)
        first_column = [r[0] for r in rows]
        self.assertIn("บัญชีรายชื่อกลุ่มเป้าหมาย", rows[0][0])
        self.assertIn("จังหวัดพะเยา", rows[0][0])
        # เมืองพะเยา (5601): three rows then its subtotal with its quota of 6 (seed 001).
        self.assertEqual(first_column[5:9], [1, 2, 3, "รวมอำเภอเมืองพะเยา 3 (จัดสรร 6)"])
        self.assertEqual([r[1] for r in rows[5:8]], ["เมืองพะเยา"] * 3)
        self.assertEqual(rows[5][3], "M-0")
        self.assertIn("รวมอำเภอแม่ใจ 1 (จัดสรร 2)", first_column)
        # A district with a quota and no nomination still shows, with 0.
        self.assertIn("รวมอำเภอปง 0 (จัดสรร 2)", first_column)
        self.assertEqual(first_column[-1], "รวมทั้งจังหวัด 4 (จัดสรร 20)")
        mae_chai = first_column.index("รวมอำเภอแม่ใจ 1 (จัดสรร 2)")
        self.assertEqual(rows[mae_chai - 1][-2], 2)  # ชั้นเกณฑ์: the fallback tier

    def test_it_is_a_printable_sheet_with_a_merged_two_row_header(self):
        ws = self.sheet()
        merged = {str(r) for r in ws.merged_cells.ranges}
        self.assertIn("A4:A5", merged)
        self.assertIn("B4:B5", merged)
        self.assertIn("C4:J4", merged)  # the producer's facts (8 columns) under one group
        self.assertIn("A1:L1", merged)
        self.assertEqual(ws["C4"].value, "ข้อมูลกลุ่มผู้ผลิตชุมชน")
        self.assertEqual(ws["C5"].value, "ชื่อกลุ่มผู้ผลิตชุมชน")
        self.assertEqual(ws["K4"].value, "ชั้นเกณฑ์")
        self.assertEqual(ws.print_title_rows, "$4:$5")
        self.assertEqual(str(ws.page_setup.paperSize), "9")  # A4
        self.assertEqual(ws.page_setup.orientation, "landscape")
        self.assertEqual(ws["C6"].font.name, "TH Sarabun New")
        self.assertEqual(ws["C6"].border.left.style, "thin")
        self.assertGreaterEqual(ws.column_dimensions["C"].width, 20)

    def test_names_and_remarks_stay_text(self):
        ws = self.sheet()
        self.assertEqual(ws["C6"].value, "=1+1 กลุ่มสูตร")
        self.assertEqual(ws["C6"].data_type, "s")
        self.assertTrue(ws["C6"].quotePrefix)
        self.assertEqual(ws["L6"].value, "@SUM(A1)")
        self.assertEqual(ws["L6"].data_type, "s")
        for row in ws.iter_rows():
            for cell in row:
                self.assertNotEqual(cell.data_type, "f", cell.coordinate)

    def test_it_names_its_round(self):
        meta = xlsx.read_metadata(load_workbook(io.BytesIO(consolidated_xlsx(self.round))))
        self.assertEqual(meta["kind"], "consolidated")
        self.assertEqual(meta["round"], self.round.slug)

    def test_staff_of_the_province_and_admins_download_it(self):
        for user in (self.staff, self.admin):
            self.client.force_login(user)
            response = self.client.get(self.url)
            self.assertEqual(response.status_code, 200)
            self.assertIn("spreadsheetml", response["Content-Type"])
            ws = load_workbook(io.BytesIO(response.content))[SHEET]
            self.assertEqual(ws["D6"].value, "M-0")

    def test_others_get_404(self):
        self.round.status = "open"
        self.round.save()
        for user in (self.outsider, self.officer, self.outsider_officer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)


class ConsolidatedDistrictsTestCase(BaseTestCase):
    """Districts in code order, whatever order quotas were made in; a district with no
    nomination (the first one included) is only a subtotal row."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        districts = {d.code: d for d in District.objects.filter(province=cls.phayao)}
        # Quotas made in register order, not code order: ภูซาง (5608) before เมือง (5601).
        cls.round = make_seed_round(
            cls.phayao, quotas=[(districts["5608"], 2), (districts["5601"], 1),
                                (districts["5604"], 1)]
        )  # fmt: skip
        for code in ("5604", "5603"):  # 5603 has a nomination but no quota
            producer = make_producer(f"N-{code}", districts[code], name=f"กลุ่ม {code}")
            make_product(f"NP-{code}", producer, stars={2567: 2})
            Nomination.objects.create(round=cls.round, district=districts[code], producer=producer)
        cls.name = {code: d.name_th for code, d in districts.items()}
        cls.url = reverse("documents:consolidated_xlsx", kwargs={"round_slug": cls.round.slug})

    def subtotals(self, data):
        ws = load_workbook(io.BytesIO(data))[SHEET]
        return [row[0] for row in ws.iter_rows(min_row=6, values_only=True)
                if str(row[0] or "").startswith("รวมอำเภอ")]  # fmt: skip

    def test_it_downloads_when_the_first_district_has_no_nomination(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        ws = load_workbook(io.BytesIO(response.content))[SHEET]
        self.assertEqual(ws["A6"].value, "รวมอำเภอเมืองพะเยา 0 (จัดสรร 1)")
        self.assertEqual(ws.freeze_panes, "C6")

    def test_districts_are_in_code_order(self):
        self.assertEqual(
            self.subtotals(consolidated_xlsx(self.round)),
            [
                f"รวมอำเภอ{self.name['5601']} 0 (จัดสรร 1)",
                f"รวมอำเภอ{self.name['5603']} 1",  # nominated without a quota
                f"รวมอำเภอ{self.name['5604']} 1 (จัดสรร 1)",
                f"รวมอำเภอ{self.name['5608']} 0 (จัดสรร 2)",
            ],
        )
