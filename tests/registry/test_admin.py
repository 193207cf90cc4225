"""The registry's Django admin: every model's changelist (with a search), change and add
pages load for the admin, searches find what they should, and big foreign keys are not
rendered as full <select> lists."""

from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import (
    District,
    ImportBatch,
    Participation,
    Producer,
    Product,
    ProgramCode,
    Province,
    QuadrantRating,
    StarRating,
    Subdistrict,
)
from tests.base import BaseTestCase, make_producer, make_product

REGISTRY_MODELS = [
    Province,
    District,
    Subdistrict,
    Producer,
    Product,
    StarRating,
    QuadrantRating,
    Participation,
    ImportBatch,
]


class RegistryAdminTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.producer = make_producer(
            "560107-0001",
            cls.mueang,
            name="กลุ่มทอผ้าบ้านต๋อม",
            subdistrict=Subdistrict.objects.get(code="560107"),
        )
        cls.product = make_product(
            "560107-0001-P1",
            cls.producer,
            name="ผ้าทอลายน้ำไหล",
            stars={2567: 4},
            quadrant={2567: "B"},
        )
        cls.other = make_producer("570101-0001", cls.cr_mueang, name="กลุ่มชาดอยเชียงราย")
        cls.participation = Participation.objects.create(
            program=ProgramCode.QD, fiscal_year=2567, producer=cls.producer, product=cls.product
        )
        cls.batch = ImportBatch.objects.create(
            kind="registry",
            file_name="ทะเบียน OTOP พะเยา.xlsx",
            sha256="a" * 64,
            created_by=cls.admin,
        )
        # one object per model and a search that finds it
        cls.cases = {
            Province: (cls.phayao, "พะเยา"),
            District: (cls.mae_chai, "แม่ใจ"),
            Subdistrict: (Subdistrict.objects.get(code="560107"), "บ้านต๋อม"),
            Producer: (cls.producer, "ทอผ้า"),
            Product: (cls.product, "ลายน้ำไหล"),
            StarRating: (cls.product.star_ratings.get(), "560107-0001-P1"),
            QuadrantRating: (cls.product.quadrant_ratings.get(), "ผ้าทอ"),
            Participation: (cls.participation, "กลุ่มทอผ้า"),
            ImportBatch: (cls.batch, "พะเยา"),
        }

    def setUp(self):
        self.client.force_login(self.admin)

    def admin_url(self, model, action, *args):
        return reverse(f"admin:registry_{model._meta.model_name}_{action}", args=args)

    def test_every_registry_model_is_registered(self):
        for model in REGISTRY_MODELS:
            with self.subTest(model=model.__name__):
                self.assertTrue(admin.site.is_registered(model))

    def test_every_changelist_loads_with_a_search_that_finds_the_object(self):
        for model, (obj, query) in self.cases.items():
            with self.subTest(model=model.__name__):
                response = self.client.get(self.admin_url(model, "changelist"), {"q": query})
                self.assertEqual(response.status_code, 200)
                found = list(response.context["cl"].result_list)
                self.assertIn(obj, found)

    def test_a_search_leaves_out_what_does_not_match(self):
        response = self.client.get(self.admin_url(Producer, "changelist"), {"q": "ทอผ้า"})
        self.assertEqual(list(response.context["cl"].result_list), [self.producer])

    def test_every_change_page_loads(self):
        for model, (obj, _query) in self.cases.items():
            with self.subTest(model=model.__name__):
                response = self.client.get(self.admin_url(model, "change", obj.pk))
                self.assertEqual(response.status_code, 200)

    def test_every_add_page_loads_except_imports_and_ratings(self):
        service_owned = {ImportBatch, StarRating, QuadrantRating}
        for model in REGISTRY_MODELS:
            with self.subTest(model=model.__name__):
                response = self.client.get(self.admin_url(model, "add"))
                self.assertEqual(response.status_code, 403 if model in service_owned else 200)

    def test_the_changelists_filter(self):
        response = self.client.get(
            self.admin_url(Producer, "changelist"), {"district__province__code__exact": "57"}
        )
        self.assertEqual(list(response.context["cl"].result_list), [self.other])
        response = self.client.get(self.admin_url(Subdistrict, "changelist"), {"q": "บ้านต๋อม"})
        self.assertContains(response, "พะเยา")

    def test_the_producer_page_has_product_and_participation_inlines(self):
        response = self.client.get(self.admin_url(Producer, "change", self.producer.pk))
        self.assertContains(response, "ผ้าทอลายน้ำไหล")
        self.assertContains(response, 'name="participations-0-program"')

    def test_the_product_page_shows_its_rating_history_inline_read_only(self):
        response = self.client.get(self.admin_url(Product, "change", self.product.pk))
        ratings = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
        self.assertEqual([(r.year, r.stars) for r in ratings["star_ratings"].queryset], [(2567, 4)])
        self.assertEqual(
            [(r.year, r.quadrant) for r in ratings["quadrant_ratings"].queryset], [(2567, "B")]
        )
        self.assertNotContains(response, 'name="star_ratings-0-stars"')

    def test_big_foreign_keys_are_not_full_select_lists(self):
        # 7,436 subdistricts and 928 districts would make the page megabytes long
        response = self.client.get(self.admin_url(Producer, "change", self.producer.pk))
        self.assertLess(response.content.decode().count("<option"), 100)
        response = self.client.get(self.admin_url(Subdistrict, "add"))
        self.assertLess(response.content.decode().count("<option"), 100)

    def test_the_admin_speaks_thai(self):
        response = self.client.get(self.admin_url(Producer, "changelist"))
        self.assertContains(response, "ผู้ผลิต")
        self.assertContains(response, "ประเภทผู้ผลิต")

    def test_an_import_record_cannot_be_edited(self):
        response = self.client.get(self.admin_url(ImportBatch, "change", self.batch.pk))
        self.assertNotContains(response, 'name="file_name"')

    def test_an_import_record_links_its_errors_through_the_checked_view(self):
        self.batch.errors_file.name = "imports/errors/" + "b" * 32 + ".xlsx"
        self.batch.save(update_fields=["errors_file"])
        response = self.client.get(self.admin_url(ImportBatch, "change", self.batch.pk))
        self.assertContains(response, reverse("registry:import_errors", args=[self.batch.pk]))
        self.assertNotContains(response, "/media/")

    def test_non_staff_users_are_turned_away(self):
        for user in (self.officer, self.staff):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(self.admin_url(Producer, "changelist"))
                self.assertEqual(response.status_code, 302)
                self.assertIn("/admin/login/", response["Location"])

    def changelist_queries(self):
        counts = {}
        for model in REGISTRY_MODELS:
            with CaptureQueriesContext(connection) as context:
                response = self.client.get(self.admin_url(model, "changelist"))
            self.assertEqual(response.status_code, 200)
            counts[model.__name__] = len(context.captured_queries)
        return counts

    def test_changelists_cost_the_same_queries_with_more_rows(self):
        before = self.changelist_queries()
        for serial in range(30):
            producer = make_producer(f"560101-{serial:04d}", self.mueang)
            product = make_product(
                f"560101-{serial:04d}-P1", producer, stars={2566: 2}, quadrant={2566: "D"}
            )
            Participation.objects.create(
                program=ProgramCode.QD, fiscal_year=2567, producer=producer, product=product
            )
            ImportBatch.objects.create(
                kind="registry", file_name=f"{serial}.xlsx", sha256="b" * 64, created_by=self.staff
            )
        self.assertEqual(self.changelist_queries(), before)
