"""The producer list (search, filters, pages, scoping) and a producer's detail page.

The registry here is a plain table of specs (SPECS); every expected set of codes is computed
from that table with list comprehensions, never from the selector under test.
"""

import re

from django.http import QueryDict
from django.urls import reverse

from registry.models import (
    Category,
    District,
    Participation,
    ProducerType,
    ProgramCode,
    Subdistrict,
)
from registry.views import PRODUCERS_PER_PAGE
from tests.base import BaseTestCase, make_producer, make_product

FOOD, DRINK, TEXTILE, HERBAL = Category.FOOD, Category.DRINK, Category.TEXTILE, Category.HERBAL
GROUP, SINGLE, SME = ProducerType.COMMUNITY_GROUP, ProducerType.SINGLE_OWNER, ProducerType.SME

# code, name, district, type, registration year,
# products: (category, {year: stars}, {year: quadrant})
SPECS = [
    (
        "560107-0001",
        "กลุ่มทอผ้าบ้านต๋อม",
        "5601",
        GROUP,
        2560,
        [(TEXTILE, {2565: 3, 2567: 4}, {2566: "D"})],
    ),
    (
        "560101-0002",
        "ร้านน้ำพริกแม่ศรี",
        "5601",
        SINGLE,
        2562,
        [(FOOD, {2567: 3}, {2567: "C"}), (DRINK, {2567: 2}, {2566: "D"})],
    ),
    (
        "560701-0001",
        "วิสาหกิจผ้าไหมแม่ใจ",
        "5607",
        SME,
        2565,
        [(TEXTILE, {2567: 5}, {2567: "A"}), (HERBAL, {}, {2565: "D"})],
    ),
    ("560702-0003", "กลุ่มสมุนไพรศรีถ้อย", "5607", GROUP, 2562, [(HERBAL, {2566: 2}, {2567: "D"})]),
    ("560103-0004", "กลุ่มข้าวแคบบ้านร่องห้า", "5601", GROUP, 2557, []),
    # Chiang Rai: must never show to Phayao users
    ("570101-0001", "กลุ่มชาดอยเชียงราย", "5701", GROUP, 2560, [(DRINK, {2567: 3}, {2567: "D"})]),
    ("570102-0002", "กลุ่มทอผ้าเชียงราย", "5701", GROUP, 2562, [(TEXTILE, {2565: 3}, {})]),
]
PHAYAO = [spec for spec in SPECS if spec[2].startswith("56")]
ALL_CODES = sorted(spec[0] for spec in SPECS)
PHAYAO_CODES = sorted(spec[0] for spec in PHAYAO)
CHIANG_RAI_CODES = sorted(spec[0] for spec in SPECS if spec[2].startswith("57"))


def codes_where(predicate, specs=PHAYAO):
    return sorted(spec[0] for spec in specs if predicate(spec))


def any_product(spec, predicate):
    return any(predicate(*product) for product in spec[5])


class ProducerPagesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.producers = {}
        for code, name, district_code, kind, year, products in SPECS:
            producer = make_producer(
                code,
                District.objects.get(code=district_code),
                name=name,
                producer_type=kind,
                registered_year=year,
            )
            cls.producers[code] = producer
            for index, (category, stars, quadrant) in enumerate(products, 1):
                make_product(
                    f"{code}-P{index}",
                    producer,
                    category=category,
                    stars=stars,
                    quadrant=quadrant,
                    name=f"ผลิตภัณฑ์ที่ {index} ของ {name}",
                )
        cls.weaver = cls.producers["560107-0001"]
        cls.chiang_rai_producer = cls.producers["570101-0001"]

    def list_codes(self, user, **params):
        self.client.force_login(user)
        response = self.client.get(reverse("registry:producer_list"), params)
        self.assertEqual(response.status_code, 200)
        return sorted(producer.code for producer in response.context["page_obj"].object_list)


class ProducerListScopingTestCase(ProducerPagesTestCase):
    # A district officer's own district is the default (tests/registry/test_list_scope.py);
    # widened, the list is their whole province.
    def test_it_shows_a_district_officer_their_whole_province_when_widened(self):
        self.assertEqual(self.list_codes(self.officer, scope="province"), PHAYAO_CODES)

    def test_it_shows_a_district_officer_of_another_district_the_same_province(self):
        self.assertEqual(self.list_codes(self.officer2, scope="province"), PHAYAO_CODES)

    def test_it_shows_provincial_staff_their_province_only(self):
        self.assertEqual(self.list_codes(self.staff), PHAYAO_CODES)

    def test_it_shows_an_admin_every_province(self):
        self.assertEqual(self.list_codes(self.admin), ALL_CODES)

    def test_it_shows_other_province_staff_their_own_province_only(self):
        self.assertEqual(self.list_codes(self.outsider), CHIANG_RAI_CODES)

    def test_it_ignores_a_province_parameter_from_a_non_admin(self):
        self.assertEqual(
            self.list_codes(self.officer, scope="province", province="57"), PHAYAO_CODES
        )

    def test_it_does_not_leak_another_province_through_the_district_filter(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("registry:producer_list"), {"district": "5701"})
        codes = {producer.code for producer in response.context["page_obj"].object_list}
        self.assertFalse(codes & set(CHIANG_RAI_CODES))
        self.assertTrue(response.context["form"].errors["district"])

    def test_it_offers_only_the_users_province_districts(self):
        self.client.force_login(self.officer)
        response = self.client.get(reverse("registry:producer_list"), {"scope": "province"})
        offered = {d.code for d in response.context["form"].fields["district"].queryset}
        self.assertEqual(len(offered), 9)  # Phayao has 9 districts
        self.assertTrue(all(code.startswith("56") for code in offered))
        self.assertNotIn("province", response.context["form"].fields)

    def test_it_requires_login(self):
        response = self.client.get(reverse("registry:producer_list"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])


class ProducerListFiltersTestCase(ProducerPagesTestCase):
    def test_it_searches_by_part_of_the_name(self):
        expected = codes_where(lambda s: "ทอผ้า" in s[1])
        self.assertEqual(expected, ["560107-0001"])  # the data holds what the test assumes
        self.assertEqual(self.list_codes(self.officer, q="ทอผ้า"), expected)

    def test_it_searches_by_part_of_the_code(self):
        expected = codes_where(lambda s: "5607" in s[0])
        self.assertEqual(len(expected), 2)
        self.assertEqual(self.list_codes(self.officer, scope="province", q=" 5607 "), expected)

    def test_a_search_does_not_reach_another_province(self):
        self.assertEqual(self.list_codes(self.officer, scope="province", q="เชียงราย"), [])

    def test_it_filters_by_district(self):
        expected = codes_where(lambda s: s[2] == "5607")
        self.assertEqual(self.list_codes(self.officer, scope="province", district="5607"), expected)

    def test_it_filters_by_producer_type(self):
        for kind in ProducerType.values:
            with self.subTest(kind=kind):
                expected = codes_where(lambda s, kind=kind: s[3] == kind)
                self.assertEqual(self.list_codes(self.staff, producer_type=kind), expected)

    def test_it_filters_by_registration_year(self):
        expected = codes_where(lambda s: s[4] == 2562)
        self.assertEqual(len(expected), 2)
        self.assertEqual(self.list_codes(self.staff, registered_year="2562"), expected)

    def test_it_filters_by_product_category(self):
        expected = codes_where(lambda s: any_product(s, lambda c, st, q: c == TEXTILE))
        self.assertEqual(self.list_codes(self.staff, category=TEXTILE), expected)

    def test_it_filters_by_star_level_in_any_year(self):
        expected = codes_where(lambda s: any_product(s, lambda c, st, q: 3 in st.values()))
        self.assertEqual(self.list_codes(self.staff, stars="3"), expected)

    def test_it_filters_by_star_level_and_year_together(self):
        expected = codes_where(lambda s: any_product(s, lambda c, st, q: st.get(2565) == 3))
        self.assertEqual(expected, ["560107-0001"])
        self.assertEqual(self.list_codes(self.staff, stars="3", star_year="2565"), expected)

    def test_it_filters_by_star_year_alone(self):
        expected = codes_where(lambda s: any_product(s, lambda c, st, q: 2566 in st))
        self.assertEqual(self.list_codes(self.staff, star_year="2566"), expected)

    def test_it_filters_by_quadrant_and_year(self):
        expected = codes_where(lambda s: any_product(s, lambda c, st, q: q.get(2567) == "D"))
        self.assertEqual(self.list_codes(self.staff, quadrant="D", quadrant_year="2567"), expected)

    def test_it_filters_by_quadrant_in_any_year(self):
        expected = codes_where(lambda s: any_product(s, lambda c, st, q: "D" in q.values()))
        self.assertEqual(self.list_codes(self.staff, quadrant="D"), expected)

    def test_product_filters_must_hold_for_the_same_product(self):
        # ร้านน้ำพริกแม่ศรี has a food product with 3 stars and a drink product with 2 stars
        # in 2567: "food with 2 stars in 2567" is neither of them.
        same_product = codes_where(
            lambda s: any_product(s, lambda c, st, q: c == FOOD and st.get(2567) == 2)
        )
        self.assertEqual(same_product, [])
        params = {"category": FOOD, "stars": "2", "star_year": "2567"}
        self.assertEqual(self.list_codes(self.staff, **params), same_product)

    def test_it_combines_producer_and_product_filters(self):
        expected = codes_where(
            lambda s: s[3] == GROUP and any_product(s, lambda c, st, q: c == HERBAL)
        )
        self.assertEqual(expected, ["560702-0003"])
        params = {"producer_type": GROUP, "category": HERBAL}
        self.assertEqual(self.list_codes(self.staff, **params), expected)

    def test_it_lets_an_admin_filter_by_province(self):
        self.assertEqual(self.list_codes(self.admin, province="57"), CHIANG_RAI_CODES)

    def test_it_gives_an_admin_the_districts_of_the_chosen_province(self):
        self.client.force_login(self.admin)
        response = self.client.get(reverse("registry:producer_list"), {"province": "57"})
        offered = {d.code for d in response.context["form"].fields["district"].queryset}
        self.assertIn("5701", offered)
        self.assertTrue(all(code.startswith("57") for code in offered))

    def test_a_bad_value_in_one_filter_keeps_the_others(self):
        expected = codes_where(lambda s: s[2] == "5607")
        response_codes = self.list_codes(self.officer, scope="province", district="5607", stars="9")
        self.assertEqual(response_codes, expected)

    def test_the_page_shows_thai_labels_and_counts(self):
        self.client.force_login(self.officer)
        params = {"scope": "province", "district": "5607"}
        response = self.client.get(reverse("registry:producer_list"), params)
        self.assertContains(response, "ทะเบียนผู้ผลิต OTOP")
        self.assertContains(response, f"พบผู้ผลิต {len(codes_where(lambda s: s[2] == '5607'))} ราย")
        self.assertContains(response, "ผู้ผลิตชุมชนที่เป็นวิสาหกิจขนาดกลางและขนาดย่อม (SME)")
        self.assertContains(response, 'for="id_q"')
        # the filter panel is open when a filter is set, and says how many are set
        self.assertContains(response, '<details class="border rounded px-3 py-2" open>')
        self.assertContains(response, "ใช้อยู่ 1 รายการ")

    def test_the_filter_panel_is_closed_without_filters(self):
        self.client.force_login(self.officer)
        response = self.client.get(reverse("registry:producer_list"), {"q": "กลุ่ม"})
        self.assertContains(response, '<details class="border rounded px-3 py-2">')
        self.assertNotContains(response, "ใช้อยู่")

    def test_it_shows_a_producers_product_count_and_top_stars(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("registry:producer_list"))
        rows = {p.code: p for p in response.context["page_obj"].object_list}
        for code, _name, _district, _kind, _year, products in PHAYAO:
            with self.subTest(code=code):
                levels = [level for _c, stars, _q in products for level in stars.values()]
                self.assertEqual(rows[code].product_count, len(products))
                self.assertEqual(rows[code].top_stars, max(levels) if levels else None)


class ProducerListPaginationTestCase(ProducerPagesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for serial in range(PRODUCERS_PER_PAGE + 3):
            make_producer(f"560199-{serial:04d}", cls.mueang, name=f"กลุ่มเพิ่ม {serial}")

    def test_it_splits_the_list_into_pages_and_keeps_the_filters(self):
        total = len(PHAYAO_CODES) + PRODUCERS_PER_PAGE + 3
        first = self.list_codes(self.staff)
        second = self.list_codes(self.staff, page="2")
        self.assertEqual(len(first), PRODUCERS_PER_PAGE)
        self.assertEqual(len(first) + len(second), total)
        self.assertFalse(set(first) & set(second))

        response = self.client.get(reverse("registry:producer_list"), {"q": "กลุ่มเพิ่ม"})
        self.assertContains(response, "หน้า 1 จาก 2")
        self.assertContains(response, "?q=%E0%B8%81")  # the next-page link keeps the search
        self.assertContains(response, "page=2")

    def test_a_page_past_the_end_shows_the_last_page(self):
        self.assertEqual(
            self.list_codes(self.staff, page="99"), self.list_codes(self.staff, page="2")
        )


class ProducerDetailTestCase(ProducerPagesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        weaver = cls.producers["560107-0001"]
        weaver.subdistrict = Subdistrict.objects.get(code="560107")
        weaver.village_no = 4
        weaver.address = "99 ถนนพหลโยธิน"
        weaver.phone = "054-123456"
        weaver.save()
        cls.kbo = Participation.objects.create(
            program=ProgramCode.KBO, fiscal_year=2566, producer=weaver
        )
        cls.qd = Participation.objects.create(
            program=ProgramCode.QD,
            fiscal_year=2567,
            producer=weaver,
            product=weaver.products.get(),
        )

    def url(self, producer):
        return reverse("registry:producer_detail", args=[producer.pk])

    def test_it_shows_the_producer_its_place_and_contact(self):
        self.client.force_login(self.officer)
        response = self.client.get(self.url(self.weaver))
        self.assertContains(response, '<h1 class="h3">กลุ่มทอผ้าบ้านต๋อม</h1>', html=True)
        for text in ["กลุ่มผู้ผลิตชุมชน", "หมู่ที่ 4", "ต.บ้านต๋อม", "อ.เมืองพะเยา", "จ.พะเยา"]:
            self.assertContains(response, text)
        self.assertContains(response, "99 ถนนพหลโยธิน")
        self.assertContains(response, 'href="tel:054123456"')
        self.assertContains(response, "2560")

    def test_it_shows_every_product_with_its_whole_history_by_year(self):
        producer = self.producers["560101-0002"]
        self.client.force_login(self.staff)
        response = self.client.get(self.url(producer))
        spec = next(s for s in SPECS if s[0] == producer.code)
        products = response.context["products"]
        self.assertEqual(
            [p.code for p, _h in products], [f"{producer.code}-P1", f"{producer.code}-P2"]
        )
        for (product, history), (_category, stars, quadrant) in zip(products, spec[5], strict=True):
            with self.subTest(product=product.code):
                years = sorted(set(stars) | set(quadrant), reverse=True)
                self.assertEqual([row.year for row in history], years)
                self.assertEqual(
                    [row.star.stars if row.star else None for row in history],
                    [stars.get(year) for year in years],
                )
                self.assertEqual(
                    [row.quadrant.quadrant if row.quadrant else None for row in history],
                    [quadrant.get(year) for year in years],
                )
                self.assertContains(response, product.name)
        self.assertContains(response, "C กลุ่มพัฒนาสร้างสรรค์")
        self.assertContains(response, "D กลุ่มปรับตัวสู่การพัฒนา")

    def test_it_shows_the_participation_history(self):
        self.client.force_login(self.officer)
        response = self.client.get(self.url(self.weaver))
        self.assertEqual(list(response.context["participations"]), [self.qd, self.kbo])
        self.assertContains(response, "KBO เครือข่ายองค์ความรู้")
        self.assertContains(response, "2566")

    def test_it_says_when_there_is_no_product_or_participation(self):
        self.client.force_login(self.officer)
        response = self.client.get(self.url(self.producers["560103-0004"]))
        self.assertContains(response, "ยังไม่มีผลิตภัณฑ์ในทะเบียน")
        self.assertContains(response, "ยังไม่เคยเข้าร่วมโครงการ")

    def test_it_shows_a_producer_of_another_district_in_the_province_to_an_officer(self):
        self.client.force_login(self.officer)
        response = self.client.get(self.url(self.producers["560701-0001"]))
        self.assertEqual(response.status_code, 200)

    def test_it_gives_404_for_another_provinces_producer_to_a_district_officer(self):
        self.client.force_login(self.officer)
        response = self.client.get(self.url(self.chiang_rai_producer))
        self.assertEqual(response.status_code, 404)

    def test_it_gives_404_for_another_provinces_producer_to_provincial_staff(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url(self.chiang_rai_producer))
        self.assertEqual(response.status_code, 404)

    def test_it_gives_404_for_a_phayao_producer_to_chiang_rai_users(self):
        for user in (self.outsider, self.outsider_officer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url(self.weaver)).status_code, 404)

    def test_it_shows_any_provinces_producer_to_an_admin(self):
        self.client.force_login(self.admin)
        response = self.client.get(self.url(self.chiang_rai_producer))
        self.assertContains(response, "กลุ่มชาดอยเชียงราย")

    def test_it_gives_404_for_a_producer_that_does_not_exist(self):
        self.client.force_login(self.admin)
        response = self.client.get(reverse("registry:producer_detail", args=[999999]))
        self.assertEqual(response.status_code, 404)


class ProducerPageQueryCountTestCase(ProducerPagesTestCase):
    """Each page costs the same number of queries for a small and a larger registry."""

    LIST_PARAMS = {
        "q": "กลุ่ม",
        "district": "5601",
        "producer_type": GROUP,
        "category": TEXTILE,
        "stars": "3",
        "star_year": "2565",
    }

    def get_page(self, url, params=None):
        response = self.client.get(url, params or {})
        self.assertEqual(response.status_code, 200)

    def grow_registry(self):
        """Forty more producers in each Phayao test district, each with two products, four
        years of history and a participation; the weaver gets ten more products."""
        for district in (self.mueang, self.mae_chai):
            for serial in range(40):
                producer = make_producer(f"{district.code}99-{serial:04d}", district)
                for index in range(2):
                    product = make_product(
                        f"{producer.code}-P{index}",
                        producer,
                        category=TEXTILE,
                        stars={2564: 2, 2565: 3, 2566: 3, 2567: 4},
                        quadrant={2564: "D", 2565: "C", 2566: "B", 2567: "A"},
                    )
                Participation.objects.create(
                    program=ProgramCode.QD, fiscal_year=2567, producer=producer, product=product
                )
        for index in range(10):
            make_product(
                f"{self.weaver.code}-X{index}",
                self.weaver,
                stars={2565: 3, 2566: 4},
                quadrant={2565: "D", 2566: "C"},
            )
            Participation.objects.create(
                program=ProgramCode.KBO, fiscal_year=2560 + index, producer=self.weaver
            )

    def assert_same_count(self, user, url, params=None, *, queries):
        self.client.force_login(user)
        with self.assertNumQueries(queries):
            self.get_page(url, params)
        self.grow_registry()
        with self.assertNumQueries(queries):
            self.get_page(url, params)

    # Every page also pays the site's own queries: session read, user, the user's district
    # or province in the navigation bar: 3, or 2 for an admin (no place in the nav bar). The
    # session is saved only once per refresh period (accounts.middleware), not here.

    def test_the_list_costs_the_same_queries_for_an_officer(self):
        # Their own district (the default): + count, page, the page's product counts and
        # top stars. The officer's district is read with its province for the scope line
        # and serves the navigation bar too; no district choices (one district is the scope).
        self.assert_same_count(self.officer, reverse("registry:producer_list"), queries=3 + 3)

    def test_the_widened_list_costs_the_same_queries_for_an_officer(self):
        # + district choices, count, page, the page's product counts and top stars
        url = reverse("registry:producer_list")
        self.assert_same_count(self.officer, url, {"scope": "province"}, queries=3 + 4)

    def test_the_filtered_list_costs_the_same_queries(self):
        # + district choices, the chosen district's validation, count, page, page figures
        url = reverse("registry:producer_list")
        self.assert_same_count(self.staff, url, self.LIST_PARAMS, queries=3 + 5)

    def test_the_list_costs_the_same_queries_for_an_admin_choosing_a_province(self):
        # + province choices, its validation, its district choices, count, page, figures
        url = reverse("registry:producer_list")
        params = {"province": "56", "page": "2"}
        self.assert_same_count(self.admin, url, params, queries=2 + 6)

    def test_the_detail_costs_the_same_queries(self):
        # + producer (with its place), products, star ratings, quadrants, participation,
        # and the rating changes of every product (changelog, with their users)
        url = reverse("registry:producer_detail", args=[self.weaver.pk])
        self.assert_same_count(self.officer, url, queries=3 + 6)

    def test_the_larger_registry_really_is_larger(self):
        before = self.weaver.products.count()
        self.grow_registry()
        self.assertEqual(self.weaver.products.count(), before + 10)
        self.client.force_login(self.staff)
        response = self.client.get(reverse("registry:producer_list"))
        self.assertGreater(response.context["page_obj"].paginator.count, PRODUCERS_PER_PAGE)


class ProducerDetailWayBackTestCase(BaseTestCase):
    """The detail page leads back to the list as the user left it (search, filters, page)."""

    @staticmethod
    def back_href(page) -> str:
        found = re.search(r'href="([^"]+)" data-testid="back-to-list"', page.content.decode())
        return found[1].replace("&amp;", "&")

    def test_the_list_links_to_details_with_its_query_and_the_detail_links_back(self):
        producer = make_producer("P-BACK-1", district=self.mueang)
        self.client.force_login(self.officer)
        response = self.client.get(
            reverse("registry:producer_list"), {"q": "P-BACK", "district": self.mueang.code}
        )
        detail = reverse("registry:producer_detail", args=[producer.pk])
        found = re.search(rf'href="({re.escape(detail)}\?back=[^"]+)"', response.content.decode())
        self.assertIsNotNone(found)
        page = self.client.get(found[1].replace("&amp;", "&"))
        back = self.back_href(page)
        query = QueryDict(back.split("?", 1)[1])
        self.assertTrue(back.startswith(reverse("registry:producer_list") + "?"))
        self.assertEqual((query["q"], query["district"]), ("P-BACK", self.mueang.code))

    def test_without_a_query_the_way_back_is_the_plain_list(self):
        producer = make_producer("P-BACK-2", district=self.mueang)
        self.client.force_login(self.officer)
        page = self.client.get(reverse("registry:producer_detail", args=[producer.pk]))
        self.assertContains(
            page, f'href="{reverse("registry:producer_list")}" data-testid="back-to-list"'
        )

    def test_back_never_leaves_the_list_page(self):
        producer = make_producer("P-BACK-3", district=self.mueang)
        self.client.force_login(self.officer)
        for back in ("//evil.example/x", "https://evil.example/", "javascript:alert(1)"):
            with self.subTest(back=back):
                page = self.client.get(
                    reverse("registry:producer_detail", args=[producer.pk]), {"back": back}
                )
                href = self.back_href(page)
                self.assertTrue(href.startswith(reverse("registry:producer_list") + "?"), href)
                self.assertNotIn("evil.example/", href)
                self.assertNotIn("javascript:", href)
