from django.test import TestCase

from registry.importing import ImportOutcome, import_file
from registry.models import Producer, Product, QuadrantRating, StarRating
from tests.registry.importing.corpus import HEADERS, registry_row, xlsx


def run(data, **kw):
    return import_file(kind="registry", data=data, **kw)


def messages(result):
    return [e["message"] for e in result.summary["errors"]]


class RegistryImportTestCase(TestCase):
    def test_it_creates_producers_products_and_history(self):
        data = xlsx([registry_row("P1", "X1"), registry_row("P1", "X2", stars=4, rating_year=2562)])
        result = run(data)
        self.assertEqual(result.outcome, ImportOutcome.OK, result.summary)
        producer = Producer.objects.get(code="P1")
        self.assertEqual(producer.district_id, "5601")
        self.assertEqual(producer.subdistrict.name_th, "บ้านต๊ำ")
        self.assertEqual(producer.producer_type, "group")
        self.assertEqual(producer.village_no, 3)
        self.assertEqual(Product.objects.filter(producer=producer).count(), 2)
        self.assertEqual(StarRating.objects.get(product__code="X2", year=2562).stars, 4)
        self.assertEqual(QuadrantRating.objects.get(product__code="X1").quadrant, "D")
        counts = result.summary["counts"]
        self.assertEqual(counts["ผู้ผลิต"], {"create": 1, "update": 0, "unchanged": 0})
        self.assertEqual(counts["ผลิตภัณฑ์"], {"create": 2, "update": 0, "unchanged": 0})

    def test_a_second_load_changes_nothing(self):
        data = xlsx([registry_row("P1", "X1"), registry_row("P2", "X2", name="กลุ่มสอง")])
        run(data)
        result = run(data)
        for entity, counts in result.summary["counts"].items():
            with self.subTest(entity=entity):
                self.assertEqual(counts["create"], 0)
                self.assertEqual(counts["update"], 0)
        self.assertEqual(result.summary["counts"]["ผลิตภัณฑ์"]["unchanged"], 2)

    def test_history_years_accumulate(self):
        run(xlsx([registry_row("P1", "X1", stars=3, rating_year=2562)]))
        run(xlsx([registry_row("P1", "X1", stars=4, rating_year=2565)]))
        self.assertEqual(dict(StarRating.objects.values_list("year", "stars")), {2562: 3, 2565: 4})

    def test_one_product_on_two_rows_adds_two_years(self):
        run(
            xlsx(
                [
                    registry_row("P1", "X1", stars=2, rating_year=2559),
                    registry_row("P1", "X1", stars=3, rating_year=2562),
                ]
            )
        )
        self.assertEqual(StarRating.objects.filter(product__code="X1").count(), 2)

    def test_an_update_is_reported_field_by_field(self):
        run(xlsx([registry_row("P1", "X1")]))
        result = run(xlsx([registry_row("P1", "X1", name="กลุ่มชื่อใหม่")]), dry_run=True)
        self.assertEqual(result.summary["counts"]["ผู้ผลิต"]["update"], 1)
        diff = result.summary["diffs"][0]
        self.assertEqual(diff["code"], "P1")
        self.assertEqual(diff["changes"]["ชื่อผู้ผลิต"], ["กลุ่มทอผ้าบ้านต๊ำ", "กลุ่มชื่อใหม่"])
        self.assertEqual(Producer.objects.get(code="P1").name, "กลุ่มทอผ้าบ้านต๊ำ")

    def test_a_blank_optional_cell_keeps_the_stored_value(self):
        run(xlsx([registry_row("P1", "X1", phone="054-123456")]))
        result = run(xlsx([registry_row("P1", "X1", phone="")]))
        self.assertEqual(result.summary["counts"]["ผู้ผลิต"]["unchanged"], 1)
        self.assertEqual(Producer.objects.get(code="P1").phone, "054123456")  # stored form

    def test_conflicting_values_for_one_code_name_both_rows(self):
        data = xlsx([registry_row("P1", "X1"), registry_row("P1", "X2", name="ชื่ออื่น")])
        result = run(data)
        self.assertEqual(result.outcome, ImportOutcome.INVALID)
        conflict = [e for e in result.summary["errors"] if e["row"] == 3 and e["column"]]
        self.assertEqual(conflict[0]["column"], "ชื่อผู้ผลิต")
        self.assertIn("แถว 2", conflict[0]["message"])
        self.assertEqual(Producer.objects.count(), 0)

    def test_conflicting_stars_for_one_year_is_an_error(self):
        data = xlsx([registry_row("P1", "X1", stars=3), registry_row("P1", "X1", stars=4)])
        result = run(data)
        self.assertEqual(result.outcome, ImportOutcome.INVALID)
        self.assertTrue(any("แถว 2" in m for m in messages(result)))

    def test_ce_years_are_converted_with_a_warning(self):
        result = run(xlsx([registry_row("P1", "X1", year=2017)]))
        self.assertEqual(result.outcome, ImportOutcome.OK)
        self.assertEqual(Product.objects.get(code="X1").registered_year, 2560)
        warning = result.summary["warnings"][0]
        self.assertEqual(
            (warning["row"], warning["column"], warning["value"]), (2, "ปีที่ลงทะเบียน", "2017")
        )

    def test_thai_digits_and_written_forms_are_read(self):
        row = registry_row(
            "P1",
            "X1",
            year="๒๕๖๐",
            stars="๔ ดาว",
            rating_year="๒๕๖๕",
            quadrant="กลุ่ม D",
            category="ผ้า",
            ptype="เจ้าของรายเดียว",
            province="จ.พะเยา",
            district="อ. เมืองพะเยา",
            subdistrict="ต.บ้านต๊ำ",
        )
        result = run(xlsx([row]))
        self.assertEqual(result.outcome, ImportOutcome.OK, result.summary["errors"])
        self.assertEqual(StarRating.objects.get().stars, 4)
        self.assertEqual(Producer.objects.get().producer_type, "single")

    def test_an_unknown_district_suggests_the_right_name(self):
        result = run(xlsx([registry_row("P1", "X1", district="เมือง")]))
        error = result.summary["errors"][0]
        self.assertEqual((error["row"], error["column"], error["value"]), (2, "อำเภอ", "เมือง"))
        self.assertIn("เมืองพะเยา", error["message"])

    def test_a_bad_value_anywhere_writes_nothing(self):
        rows = [registry_row(f"P{i}", f"X{i}") for i in range(50)]
        rows.append(registry_row("P99", "X99", stars=9))
        result = run(xlsx(rows))
        self.assertEqual(result.outcome, ImportOutcome.INVALID)
        self.assertEqual(result.exit_code, 1)
        self.assertEqual(Producer.objects.count(), 0)
        error = result.summary["errors"][0]
        self.assertEqual((error["row"], error["column"], error["value"]), (52, "ระดับดาว", "9"))

    def test_skip_invalid_writes_the_good_rows_and_returns_the_bad_ones(self):
        from io import BytesIO

        from openpyxl import load_workbook

        rows = [registry_row("P1", "X1"), registry_row("P2", "X2", category="รถยนต์")]
        result = run(xlsx(rows), skip_invalid=True)
        self.assertEqual(result.outcome, ImportOutcome.PARTIAL)
        self.assertEqual(list(Product.objects.values_list("code", flat=True)), ["X1"])
        sheet = load_workbook(BytesIO(result.errors_xlsx)).active
        values = list(sheet.values)
        self.assertEqual(values[0][-1], "ข้อผิดพลาด")
        self.assertEqual(values[1][0], 3)
        self.assertEqual(values[1][1], "P2")
        self.assertIn("ประเภทผลิตภัณฑ์", values[1][-1])
        self.assertEqual(len(values), 2)

    def test_a_missing_required_value_is_an_error(self):
        result = run(xlsx([registry_row("P1", "", product_name="x")]))
        self.assertEqual(result.summary["errors"][0]["column"], "รหัสผลิตภัณฑ์")

    def test_stars_without_a_rating_year_is_an_error(self):
        result = run(xlsx([registry_row("P1", "X1", stars=3, rating_year=None)]))
        self.assertEqual(result.outcome, ImportOutcome.INVALID)
        self.assertEqual(result.summary["errors"][0]["column"], "ปีที่คัดสรร")

    def test_producer_registration_year_is_the_earliest_of_its_products(self):
        run(xlsx([registry_row("P1", "X1", year=2562), registry_row("P1", "X2", year=2558)]))
        self.assertEqual(Producer.objects.get().registered_year, 2558)
        run(xlsx([registry_row("P1", "X3", year=2566)]))
        self.assertEqual(Producer.objects.get().registered_year, 2558)

    def test_headers_match_aliases_in_any_order_and_case(self):
        headers = [
            "Product_Code",
            "producer_code ",
            "ชื่อกลุ่ม:",
            "producer_type",
            "province",
            "เขต",
            "product_name",
            "category",
            "ปีลงทะเบียน",
            "หมายเหตุ",
        ]
        row = [
            "X1",
            "P1",
            "กลุ่มหนึ่ง",
            "SME",
            "กรุงเทพมหานคร",
            "เขตพระนคร",
            "น้ำพริก",
            "อาหาร",
            2561,
            "ไม่เกี่ยว",
        ]
        result = run(xlsx([row], headers=headers))
        self.assertEqual(result.outcome, ImportOutcome.OK, result.summary)
        self.assertEqual(Producer.objects.get().district_id, "1001")  # เขตพระนคร
        self.assertEqual(result.summary["unknown_columns"], ["หมายเหตุ"])

    def test_a_named_sheet_is_read(self):
        from io import BytesIO

        from openpyxl import Workbook

        book = Workbook()
        book.active.title = "ปก"
        book.active.append(["หน้าปก"])
        sheet = book.create_sheet("ข้อมูล")
        sheet.append(HEADERS)
        sheet.append(registry_row())
        out = BytesIO()
        book.save(out)
        result = run(out.getvalue(), sheet_name="ข้อมูล")
        self.assertEqual(result.outcome, ImportOutcome.OK)
        missing = run(out.getvalue(), sheet_name="ไม่มี")
        self.assertEqual(missing.outcome, ImportOutcome.UNREADABLE)
        self.assertIn("ไม่พบชีต", missing.summary["message"])


class LargeKeySetTestCase(TestCase):
    """Large files read whole tables instead of chunked IN lists: same answers."""

    def test_a_re_import_through_full_table_scans_changes_nothing(self):
        from unittest import mock

        rows = [registry_row(f"P{i}", f"X{i}", stars=1 + i % 5) for i in range(12)]
        run(xlsx(rows))
        with mock.patch("registry.importing.plan.FULL_SCAN_ABOVE", 0):
            result = run(xlsx(rows))
            changed = run(xlsx([registry_row("P1", "X1", stars=5, product_name="ใหม่")]))
        self.assertEqual(result.summary["counts"]["ผลิตภัณฑ์"]["unchanged"], 12)
        self.assertEqual(result.summary["counts"]["ระดับดาว"]["unchanged"], 12)
        self.assertEqual(changed.summary["counts"]["ผลิตภัณฑ์"]["update"], 1)
        self.assertEqual(changed.summary["counts"]["ระดับดาว"]["update"], 1)
        self.assertEqual(StarRating.objects.get(product__code="X1").stars, 5)


class PlaceConflictTestCase(TestCase):
    def test_a_producer_in_two_districts_is_a_conflict_shown_by_name(self):
        result = run(
            xlsx(
                [
                    registry_row("P1", "X1"),
                    registry_row("P1", "X2", district="แม่ใจ", subdistrict=""),
                ]
            )
        )
        self.assertEqual(result.outcome, ImportOutcome.INVALID)
        error = next(e for e in result.summary["errors"] if e["column"] == "อำเภอ")
        self.assertEqual((error["row"], error["value"]), (3, "แม่ใจ"))
        self.assertIn("'เมืองพะเยา'", error["message"])
        self.assertIn("แถว 2", error["message"])


class SkipInvalidKeepsValidRowsTestCase(TestCase):
    def test_a_history_conflict_on_one_product_does_not_drop_the_others(self):
        rows = [
            registry_row("P1", "X1", stars=3, rating_year=2562),
            registry_row("P1", "X2", stars=2, rating_year=2559),
            registry_row("P1", "X2", stars=3, rating_year=2565),
            registry_row("P1", "X2", stars=4, rating_year=2565),
        ]
        result = run(xlsx(rows), skip_invalid=True)
        self.assertEqual(result.outcome, ImportOutcome.PARTIAL)
        self.assertEqual({e["row"] for e in result.summary["errors"]}, {4, 5})
        self.assertEqual(sorted(Product.objects.values_list("code", flat=True)), ["X1", "X2"])
        self.assertEqual(
            sorted(StarRating.objects.values_list("product__code", "year", "stars")),
            [("X1", 2562, 3), ("X2", 2559, 2)],
        )
