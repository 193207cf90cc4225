"""What the producer list shows, and says it shows: a district officer's own district by
default, their whole province when they widen it (never another province); provincial
staff their province; admins every province. The search stays inside the scope."""

from django.urls import reverse

from tests.registry.test_producer_pages import (
    ALL_CODES,
    PHAYAO_CODES,
    SPECS,
    ProducerPagesTestCase,
    codes_where,
)

MUEANG_CODES = codes_where(lambda s: s[2] == "5601")
MAE_CHAI_CODES = codes_where(lambda s: s[2] == "5607")
URL = reverse("registry:producer_list")


class DistrictOfficerScopeTestCase(ProducerPagesTestCase):
    def test_an_officer_sees_only_their_own_district_by_default(self):
        self.assertTrue(MUEANG_CODES and MAE_CHAI_CODES)  # the data has several districts
        self.assertEqual(self.list_codes(self.officer), MUEANG_CODES)
        self.assertEqual(self.list_codes(self.officer2), MAE_CHAI_CODES)

    def test_the_page_says_it_shows_the_officers_district(self):
        self.client.force_login(self.officer)
        response = self.client.get(URL)
        self.assertContains(response, "แสดงเฉพาะผู้ผลิตในอำเภอเมืองพะเยา จังหวัดพะเยา")
        self.assertNotContains(response, "ดูเฉพาะผู้ผลิตในอำเภอ")

    def test_a_search_for_another_districts_producer_finds_nothing_by_default(self):
        name = "วิสาหกิจผ้าไหมแม่ใจ"
        self.assertEqual(codes_where(lambda s: s[1] == name), ["560701-0001"])  # in แม่ใจ
        self.assertEqual(self.list_codes(self.officer, q=name), [])
        self.assertEqual(self.list_codes(self.officer, q="560701"), [])

    def test_an_empty_search_offers_the_same_search_in_the_whole_province(self):
        self.client.force_login(self.officer)
        response = self.client.get(URL, {"q": "แม่ใจ"})
        self.assertContains(response, "ค้นหาในทั้งจังหวัดพะเยา")
        self.assertContains(
            response, "?q=%E0%B9%81%E0%B8%A1%E0%B9%88%E0%B9%83%E0%B8%88&amp;scope=province"
        )

    def test_a_district_parameter_does_not_leave_the_officers_district(self):
        self.assertEqual(self.list_codes(self.officer, district="5607"), MUEANG_CODES)

    def test_the_widen_control_shows_the_whole_province(self):
        self.client.force_login(self.officer)
        response = self.client.get(URL)
        switch = '<a class="btn btn-outline-success" href="?scope=province">ทั้งจังหวัดพะเยา</a>'
        self.assertContains(response, switch, html=True)
        self.assertContains(
            response,
            '<a class="btn btn-success" aria-current="page" href="?">เฉพาะอำเภอเมืองพะเยา</a>',
            html=True,
        )
        self.assertEqual(self.list_codes(self.officer, scope="province"), PHAYAO_CODES)
        # widened, a search finds another district's producer, never another province's
        codes = self.list_codes(self.officer, scope="province", q="วิสาหกิจผ้าไหมแม่ใจ")
        self.assertEqual(codes, ["560701-0001"])
        self.assertEqual(self.list_codes(self.officer, scope="province", q="เชียงราย"), [])
        chiang_rai = [spec[0] for spec in SPECS if spec[2].startswith("57")]
        self.assertEqual(self.list_codes(self.outsider_officer, scope="province"), chiang_rai)

    def test_the_widened_page_says_it_shows_the_province_and_keeps_its_scope(self):
        self.client.force_login(self.officer)
        response = self.client.get(URL, {"scope": "province"})
        self.assertContains(response, "แสดงผู้ผลิตทุกอำเภอในจังหวัดพะเยา")
        # the search form and "clear filters" stay in the province
        hidden = '<input type="hidden" name="scope" value="province" id="id_scope">'
        self.assertContains(response, hidden, html=True)
        self.assertContains(response, 'href="/registry/producers/?scope=province">ล้างตัวกรอง')
        self.assertContains(response, 'for="id_district"')  # districts to filter by

    def test_an_unknown_scope_is_the_officers_district(self):
        self.assertEqual(self.list_codes(self.officer, scope="country"), MUEANG_CODES)


class OtherRolesScopeTestCase(ProducerPagesTestCase):
    def test_provincial_staff_see_and_are_told_their_province(self):
        self.assertEqual(self.list_codes(self.staff), PHAYAO_CODES)
        self.assertEqual(self.list_codes(self.staff, scope="district"), PHAYAO_CODES)
        response = self.client.get(URL)
        self.assertContains(response, "แสดงผู้ผลิตทุกอำเภอในจังหวัดพะเยา")
        self.assertNotContains(response, 'data-testid="scope-switch"')

    def test_admins_see_and_are_told_every_province(self):
        self.assertEqual(self.list_codes(self.admin), ALL_CODES)
        response = self.client.get(URL)
        self.assertContains(response, "แสดงผู้ผลิตทุกจังหวัด")
        response = self.client.get(URL, {"province": "57"})
        self.assertContains(response, "แสดงผู้ผลิตทุกอำเภอในจังหวัดเชียงราย")
