"""OPC round settings: stage dates are typed and shown in BE (a page saved unchanged keeps
them), and every change of a setting or of a star rating published is logged."""

from django.urls import reverse
from django.utils import timezone

from changelog.display import entries
from changelog.models import ChangeLog
from changelog.services import ChangeOrigin
from lifecycle.history import ROUND_ACTIONS
from opc import rules, services
from registry.importing import import_file
from registry.models import Product, StarRating
from registry.thai import be_date_short
from tests.base import BaseTestCase, make_producer, make_product
from tests.formdata import form_values
from tests.opc.data import add_member, make_opc_round, stored_settings
from tests.registry.importing.corpus import registry_row, xlsx

TIMELINE = {
    "committee": {"start": "2022-03-01", "end": "2022-03-15"},
    "briefing": {"start": "2022-03-31", "end": "2022-03-31"},
    "publicity": {"start": "2022-04-01", "end": "2022-04-20"},
    "applications": {"start": "2022-04-01", "end": "2022-04-29"},
    "scoring": {"start": "2022-05-09", "end": "2022-05-20"},
    "announcement": {"start": "2022-06-01", "end": None},
}


def filled_settings() -> dict:
    return {
        "score_bands": [b.as_dict() for b in rules.DEFAULT_BANDS],
        "scoring_parts": [p.as_dict() for p in rules.DEFAULT_PARTS],
        "scoring_parts_by_province": True,
        "timeline": TIMELINE,
    }


class OpcSettingsDatesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(
            cls.phayao, fiscal_year=2565, status="draft", settings=filled_settings()
        )
        cls.url = reverse("opc:round_settings", args=[cls.round.slug])

    def setUp(self):
        self.client.force_login(self.staff)

    def test_the_form_shows_each_stage_date_in_be(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'name="stage_briefing_start" value="31/3/2565"')
        self.assertContains(response, 'name="stage_applications_end" value="29/4/2565"')
        self.assertNotContains(response, 'type="date"')

    def test_saving_the_page_unchanged_keeps_every_date_and_logs_nothing(self):
        data = form_values(self.client.get(self.url).content.decode(), "stage_briefing_start")
        self.assertEqual(data["stage_briefing_start"], "31/3/2565")
        response = self.client.post(self.url, data)
        self.assertRedirects(response, reverse("opc:round_detail", args=[self.round.slug]))
        self.assertEqual(stored_settings(self.round), filled_settings())
        self.assertFalse(ChangeLog.objects.exists())

    def test_thai_digits_and_short_month_names_are_read_and_a_ce_year_is_refused(self):
        data = form_values(self.client.get(self.url).content.decode(), "stage_briefing_start")
        data |= {"stage_briefing_start": "๓๐/๓/๒๕๖๕", "stage_briefing_end": "30 มี.ค. 65"}
        self.client.post(self.url, data)
        briefing = stored_settings(self.round)["timeline"]["briefing"]
        self.assertEqual(briefing, {"start": "2022-03-30", "end": "2022-03-30"})
        data["stage_scoring_start"] = "9/5/2022"
        response = self.client.post(self.url, data)
        self.assertContains(response, "ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปีเป็น พ.ศ. (เช่น 2565)")
        scoring = stored_settings(self.round)["timeline"]["scoring"]
        self.assertEqual(scoring["start"], "2022-05-09")

    def test_a_stage_date_change_is_one_row_with_the_old_and_new_date(self):
        data = form_values(self.client.get(self.url).content.decode(), "stage_briefing_start")
        data["stage_briefing_start"] = ""
        self.client.post(self.url, data)
        change = ChangeLog.objects.get()
        self.assertEqual((change.action, change.round_id), ("round.opc_settings", self.round.pk))
        self.assertEqual((change.user, change.source), (self.staff, "web"))
        self.assertEqual(change.before["timeline"]["briefing"]["start"], "2022-03-31")
        self.assertIsNone(change.after["timeline"]["briefing"]["start"])
        self.assertEqual(list(change.before), ["timeline"])
        (entry,) = entries([change], ROUND_ACTIONS)
        self.assertEqual(
            [(line.label, line.old, line.new) for line in entry.lines],
            [("ประชุมชี้แจงทำความเข้าใจผู้ที่เกี่ยวข้อง: วันเริ่ม", "31 มี.ค. 2565", "—")],
        )
        page = self.client.get(reverse("selection:round_detail", args=[self.round.slug]))
        self.assertContains(page, "แก้ไขช่วงคะแนนและกำหนดการ OPC")
        self.assertContains(page, "31 มี.ค. 2565")


class PublishRatingChangesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao, fiscal_year=2567)
        add_member(cls.round, cls.staff, "chair")
        producer = make_producer("G1", cls.mueang)
        cls.product = make_product("G1-1", producer)
        cls.application = services.application_create(
            round_=cls.round, producer=producer, products=[cls.product], user=cls.officer
        )

    def ratings(self):
        """The change log's star rating rows (the round's other rows aside)."""
        return ChangeLog.objects.filter(object_type="registry.product")

    def score(self, quality):
        services.score_set(
            application=self.application,
            points={"production": "20", "marketing": "25", "quality": quality},
            user=self.staff,
        )

    def test_a_published_rating_is_one_row_with_who_the_round_and_the_level(self):
        self.score("45")  # 90 → 5 stars
        services.round_publish(round_=self.round, user=self.staff)
        change = self.ratings().get()
        self.assertEqual(
            (change.object_type, change.object_id, change.action),
            ("registry.product", str(self.product.pk), "star_rating.create"),
        )
        self.assertEqual(change.after, {"year": 2567, "stars": 5, "score": "90.00"})
        self.assertEqual((change.user, change.source), (self.staff, "opc"))
        self.assertEqual((change.round_id, change.source_ref, change.district_code),
                         (self.round.pk, self.round.slug, "5601"))  # fmt: skip

    def test_republishing_unchanged_logs_nothing_and_a_correction_keeps_the_old_level(self):
        self.score("45")
        services.round_publish(round_=self.round, user=self.staff)
        services.round_publish(round_=self.round, user=self.staff)
        self.assertEqual(self.ratings().count(), 1)
        self.score("40")  # 85 → 4 stars
        services.round_publish(round_=self.round, user=self.staff)
        change = self.ratings().latest("pk")
        self.assertEqual(change.action, "star_rating.update")
        self.assertEqual(change.before, {"year": 2567, "stars": 5, "score": "90.00"})
        self.assertEqual(change.after, {"year": 2567, "stars": 4, "score": "85.00"})


class OpcOverwritesImportTestCase(BaseTestCase):
    """The reported case: an imported 5-star rating overwritten by OPC with 4 stars."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_file(
            kind="registry",
            data=xlsx([registry_row("G9", "X9", stars=5, rating_year=2567)]),
            origin=ChangeOrigin(user=cls.admin, source="import", source_ref="#3 ทะเบียน.xlsx"),
        )
        cls.product = Product.objects.get(code="X9")
        cls.round = make_opc_round(cls.phayao, fiscal_year=2567)
        add_member(cls.round, cls.staff, "chair")
        application = services.application_create(
            round_=cls.round, producer=cls.product.producer, products=[cls.product], user=cls.staff
        )
        services.score_set(
            application=application,
            points={"production": "20", "marketing": "25", "quality": "40"},  # 85 → 4 stars
            user=cls.staff,
        )
        services.round_publish(round_=cls.round, user=cls.staff)

    def test_both_levels_are_kept_with_where_each_came_from(self):
        self.assertEqual(StarRating.objects.get(product=self.product, year=2567).stars, 4)
        opc, imported = ChangeLog.objects.filter(
            object_type="registry.product", object_id=str(self.product.pk)
        )
        self.assertEqual(
            (imported.source, imported.user, imported.after["stars"]), ("import", self.admin, 5)
        )
        self.assertEqual((opc.source, opc.user), ("opc", self.staff))
        self.assertEqual((opc.before["stars"], opc.after["stars"]), (5, 4))

    def test_the_producer_page_shows_the_rating_history_and_the_source_of_the_rating(self):
        self.client.force_login(self.staff)
        url = reverse("registry:producer_detail", args=[self.product.producer_id])
        response = self.client.get(url)
        ((product, _history),) = response.context["products"]
        self.assertEqual(product.rating_log.latest_by_year[2567].source, "opc")
        lines = [(e.title, e.lines[0].old, e.lines[0].new) for e in product.rating_log.entries]
        self.assertEqual(
            lines,
            [
                ("เปลี่ยนระดับดาว", "5 ดาว", "4 ดาว (คะแนน 85.00)"),
                ("บันทึกระดับดาว", "—", "5 ดาว"),
            ],
        )
        self.assertContains(response, "ประวัติการเปลี่ยนระดับดาว")
        self.assertContains(response, "ประกาศผล OPC")
        self.assertContains(response, "#3 ทะเบียน.xlsx")
        self.assertContains(response, self.round.slug)
        self.assertContains(response, be_date_short(timezone.localdate()))
