from django.test import SimpleTestCase, TestCase

from registry.places import PlaceIndex, PlaceNotFound, geography_rows


def _index_from_geothai() -> PlaceIndex:
    provinces, districts, subdistricts = geography_rows()
    return PlaceIndex(
        [(code, th) for code, th, _ in provinces],
        [(code, th) for code, th, _, _ in districts],
        [(code, th) for code, th, _, _ in subdistricts],
    )


class PlaceIndexTestCase(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.index = _index_from_geothai()

    def test_it_finds_a_province_with_or_without_its_prefix(self):
        for text in ["พะเยา", "จ.พะเยา", "จ. พะเยา", "จังหวัดพะเยา", "จังหวัด พะเยา"]:
            with self.subTest(text=text):
                self.assertEqual(self.index.province(text).code, "56")

    def test_it_ignores_stray_repeated_and_invisible_spaces(self):
        for text in [
            "  พะเยา ",
            "พะ เยา",
            "จ.  พะเยา",
            "\tจังหวัด   พะเยา\n",
            "พะ\u200bเยา",
            "พะเยา\xa0",
        ]:
            with self.subTest(text=text):
                self.assertEqual(self.index.province(text).code, "56")

    def test_it_finds_a_district_with_or_without_its_prefix(self):
        for text in [
            "เมืองพะเยา",
            "อ.เมืองพะเยา",
            "อ. เมืองพะเยา",
            "อำเภอเมืองพะเยา",
            "อำเภอ เมือง พะเยา",
        ]:
            with self.subTest(text=text):
                place = self.index.district(text, "56")
                self.assertEqual((place.code, place.name_th), ("5601", "เมืองพะเยา"))
        self.assertEqual(self.index.district("อ.ดอกคำใต้", "56").code, "5605")
        self.assertEqual(self.index.district("ภูกามยาว", "56").code, "5609")

    def test_it_finds_a_subdistrict_with_or_without_its_prefix(self):
        for text in ["บ้านต๋อม", "ต.บ้านต๋อม", "ต. บ้านต๋อม", "ตำบลบ้านต๋อม", "ตำบล บ้านต๋อม"]:
            with self.subTest(text=text):
                self.assertEqual(self.index.subdistrict(text, "5601").code, "560107")

    def test_a_name_is_looked_up_only_inside_its_parent(self):
        # เวียง is a subdistrict of เมืองพะเยา and of เชียงคำ, with different codes.
        self.assertEqual(self.index.subdistrict("เวียง", "5601").code, "560101")
        self.assertEqual(self.index.subdistrict("เวียง", "5603").code, "560307")
        with self.assertRaises(PlaceNotFound):
            self.index.district("เมืองพะเยา", "57")

    def test_it_finds_bangkok_khet_and_khwaeng_with_or_without_prefix(self):
        for text in ["เขตพระนคร", "เขต พระนคร", "พระนคร", "อ.พระนคร"]:
            with self.subTest(text=text):
                place = self.index.district(text, "10")
                self.assertEqual((place.code, place.name_th), ("1001", "เขตพระนคร"))
        self.assertEqual(self.index.province("กรุงเทพมหานคร").code, "10")
        self.assertEqual(self.index.district("เขตจตุจักร", "10").code, "1030")
        self.assertEqual(self.index.subdistrict("แขวงวังบูรพาภิรมย์", "1001").code, "100102")
        self.assertEqual(self.index.subdistrict("วังบูรพาภิรมย์", "1001").code, "100102")

    def test_it_finds_a_name_that_looks_like_a_prefix(self):
        # Ranong's subdistrict จ.ป.ร. starts like the short form of จังหวัด.
        for text in ["จ.ป.ร.", "ต.จ.ป.ร.", "ตำบลจ.ป.ร.", "ต. จ.ป.ร."]:
            with self.subTest(text=text):
                self.assertEqual(self.index.subdistrict(text, "8504").code, "850406")

    def test_it_finds_names_with_hyphens(self):
        self.assertEqual(self.index.district("อ.สุไหงโก-ลก", "96").code, "9610")
        self.assertEqual(self.index.district("สุไหงโกลก", "96").code, "9610")

    def test_it_suggests_the_district_a_short_name_means(self):
        with self.assertRaises(PlaceNotFound) as caught:
            self.index.district("เมือง", "56")
        self.assertEqual(str(caught.exception), "ไม่พบอำเภอ 'เมือง' ในจังหวัดพะเยา: หมายถึง เมืองพะเยา?")

    def test_the_message_quotes_a_prefixed_name_as_typed(self):
        # What was typed is what the user will search for in their spreadsheet.
        with self.assertRaises(PlaceNotFound) as caught:
            self.index.district("อ.เมือง", "56")
        self.assertEqual(
            str(caught.exception), "ไม่พบอำเภอ 'อ.เมือง' ในจังหวัดพะเยา: หมายถึง เมืองพะเยา?"
        )

    def test_the_message_quotes_what_was_typed_without_its_prefix_or_stray_spaces(self):
        with self.assertRaises(PlaceNotFound) as caught:
            self.index.district("  เมือง ", "56")
        self.assertEqual(caught.exception.text, "เมือง")
        self.assertEqual(caught.exception.suggestions, ["เมืองพะเยา"])
        self.assertEqual(caught.exception.within, "พะเยา")
        self.assertEqual(caught.exception.level, "district")

    def test_it_suggests_close_spellings(self):
        with self.assertRaises(PlaceNotFound) as caught:
            self.index.province("พเยา")
        self.assertEqual(str(caught.exception), "ไม่พบจังหวัด 'พเยา': หมายถึง พะเยา?")

    def test_it_suggests_a_subdistrict_within_its_district(self):
        with self.assertRaises(PlaceNotFound) as caught:
            self.index.subdistrict("บ้านต๋อน", "5601")
        self.assertTrue(
            str(caught.exception).startswith("ไม่พบตำบล 'บ้านต๋อน' ในอำเภอเมืองพะเยา: หมายถึง บ้านต๋อม"),
            str(caught.exception),
        )
        self.assertEqual(caught.exception.suggestions[0], "บ้านต๋อม")
        self.assertLessEqual(len(caught.exception.suggestions), 3)

    def test_it_says_khet_and_khwaeng_in_bangkok(self):
        with self.assertRaises(PlaceNotFound) as caught:
            self.index.district("พระนครใต้", "10")
        self.assertEqual(
            str(caught.exception), "ไม่พบเขต 'พระนครใต้' ในกรุงเทพมหานคร: หมายถึง เขตพระนคร?"
        )
        with self.assertRaises(PlaceNotFound) as caught:
            self.index.subdistrict("ไม่มีจริง", "1001")
        self.assertEqual(str(caught.exception), "ไม่พบแขวง 'ไม่มีจริง' ในเขตพระนคร")

    def test_it_suggests_nothing_when_nothing_is_close(self):
        with self.assertRaises(PlaceNotFound) as caught:
            self.index.province("London")
        self.assertEqual(str(caught.exception), "ไม่พบจังหวัด 'London'")
        self.assertEqual(caught.exception.suggestions, [])

    def test_an_empty_name_is_not_found(self):
        for text in ["", "   ", "จ.", "อำเภอ"]:
            with self.subTest(text=text), self.assertRaises(PlaceNotFound):
                self.index.district(text, "56")

    def test_it_suggests_each_place_once(self):
        with self.assertRaises(PlaceNotFound) as caught:
            self.index.district("จตุจัก", "10")
        self.assertEqual(caught.exception.suggestions, ["เขตจตุจักร"])


class PlaceIndexFromDatabaseTestCase(TestCase):
    def test_it_is_built_from_the_loaded_geography(self):
        index = PlaceIndex.from_database()
        self.assertEqual(index.province("จ.เชียงราย").code, "57")
        self.assertEqual(index.district("อ.แม่ใจ", "56").code, "5607")
        self.assertEqual(index.subdistrict("ต.ห้วยแก้ว", "5609").code, "560901")
