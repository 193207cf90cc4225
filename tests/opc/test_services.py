"""OPC and PSO services: the two-products rule, eligibility, scoring, publishing, PSO."""

from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from changelog.models import ChangeLog
from changelog.selectors import change_list
from opc import services
from opc.models import Application, ApplicationStatus, PsoPick, Publication, Score
from registry.models import Category, StarRating
from selection.engine import district_candidates
from tests.base import BaseTestCase, make_producer, make_product
from tests.opc.data import add_member, make_opc_round, make_pso_round, set_settings
from tests.selection.data import make_round


class ApplicationCreateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao)
        cls.producer = make_producer("P1", cls.mueang, registered_year=2560)
        cls.products = [make_product(f"P1-{i}", cls.producer) for i in range(1, 5)]

    def enter(self, *products, user=None, producer=None, is_set=False, set_name=""):
        return services.application_create(
            round_=self.round,
            producer=producer or self.producer,
            products=list(products),
            user=user or self.officer,
            is_set=is_set,
            set_name=set_name,
        )

    def test_a_producer_may_send_two_main_products_and_not_a_third(self):
        self.enter(self.products[0])
        self.enter(self.products[1])
        with self.assertRaisesRegex(ValidationError, "ครบ ๒ ผลิตภัณฑ์หลัก/ชุด"):
            self.enter(self.products[2])
        self.assertEqual(Application.objects.filter(producer=self.producer).count(), 2)

    def test_a_set_counts_as_one_of_the_two(self):
        self.enter(self.products[0], self.products[1], is_set=True, set_name="ชุดของขวัญ")
        self.enter(self.products[2])
        with self.assertRaises(ValidationError):
            self.enter(self.products[3])

    def test_the_round_setting_changes_the_limit(self):
        self.round.max_products_per_producer = 1
        self.round.save()
        self.enter(self.products[0])
        with self.assertRaisesRegex(ValidationError, "ครบ ๑"):
            self.enter(self.products[1])

    def test_a_withdrawn_application_frees_its_place(self):
        first = self.enter(self.products[0])
        self.enter(self.products[1])
        services.application_withdraw(application=first, user=self.officer)
        third = self.enter(self.products[2])
        self.assertEqual(third.slot, first.slot)

    def test_the_database_refuses_a_third_active_slot_twice(self):
        self.enter(self.products[0])
        with self.assertRaises(IntegrityError), transaction.atomic():
            Application.objects.create(
                round=self.round, producer=self.producer, district=self.mueang, slot=1
            )

    def test_a_product_cannot_be_entered_twice_in_a_round(self):
        self.enter(self.products[0])
        with self.assertRaisesRegex(ValidationError, "ส่งเข้าคัดสรรในรอบนี้แล้ว"):
            self.enter(self.products[0])

    def test_a_producer_outside_the_registration_window_is_refused_with_the_reason(self):
        late = make_producer("P2", self.mueang, registered_year=2565)
        product = make_product("P2-1", late)
        with self.assertRaisesRegex(ValidationError, "ไม่ผ่านเกณฑ์ของรอบ"):
            self.enter(product, producer=late)

    def test_the_window_edges_2557_and_2564_are_inside(self):
        for code, year in (("E1", 2557), ("E2", 2564)):
            producer = make_producer(code, self.mueang, registered_year=year)
            self.enter(make_product(f"{code}-1", producer), producer=producer)

    def test_a_district_officer_enters_only_for_their_district(self):
        other = make_producer("P3", self.mae_chai)
        with self.assertRaisesRegex(ValidationError, "พื้นที่ที่รับผิดชอบ"):
            self.enter(make_product("P3-1", other), producer=other)
        application = self.enter(make_product("P3-2", other), producer=other, user=self.officer2)
        self.assertEqual(application.district, self.mae_chai)

    def test_provincial_staff_enter_for_any_district_of_their_province_only(self):
        other = make_producer("P4", self.mae_chai)
        self.enter(make_product("P4-1", other), producer=other, user=self.staff)
        with self.assertRaises(ValidationError):
            self.enter(self.products[0], user=self.outsider)


class ScoringTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao)
        cls.other_round = make_opc_round(cls.chiang_rai)
        producer = make_producer("S1", cls.mueang)
        cls.product = make_product("S1-1", producer)
        cls.application = services.application_create(
            round_=cls.round, producer=producer, products=[cls.product], user=cls.officer
        )
        cls.member = add_member(cls.round, cls.outsider_officer)
        add_member(cls.other_round, cls.officer2)

    def test_a_complete_scoring_stores_the_total_who_and_when(self):
        services.score_set(
            application=self.application,
            points={"production": "18", "marketing": "21.5", "quality": "50"},
            user=self.outsider_officer,
        )
        self.application.refresh_from_db()
        self.assertEqual(self.application.total_score, D("89.50"))
        self.assertEqual(self.application.status, ApplicationStatus.SCORED)
        self.assertEqual(self.application.scored_by, self.outsider_officer)
        self.assertIsNotNone(self.application.scored_at)
        self.assertEqual(Score.objects.filter(application=self.application).count(), 3)

    def test_a_partial_scoring_leaves_the_application_waiting(self):
        services.score_set(
            application=self.application, points={"production": "10"}, user=self.outsider_officer
        )
        self.application.refresh_from_db()
        self.assertIsNone(self.application.total_score)
        self.assertEqual(self.application.status, ApplicationStatus.SUBMITTED)

    def test_a_part_above_its_maximum_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "เกินคะแนนเต็ม"):
            services.score_set(
                application=self.application,
                points={"production": "25"},
                user=self.outsider_officer,
            )

    def test_a_member_of_another_rounds_committee_cannot_score(self):
        with self.assertRaisesRegex(ValidationError, "เฉพาะกรรมการของรอบนี้"):
            services.score_set(
                application=self.application, points={"production": "10"}, user=self.officer2
            )

    def test_provincial_staff_who_are_not_members_cannot_score(self):
        with self.assertRaises(ValidationError):
            services.score_set(
                application=self.application, points={"production": "10"}, user=self.staff
            )


def score(application, user, production, marketing, quality):
    services.score_set(
        application=application,
        points={"production": production, "marketing": marketing, "quality": quality},
        user=user,
    )


class PublishTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao, fiscal_year=2567)
        add_member(cls.round, cls.staff, "chair")
        producer = make_producer("G1", cls.mueang)
        cls.p1 = make_product("G1-1", producer)
        cls.p2 = make_product("G1-2", producer)
        cls.p3 = make_product("G1-3", producer)
        cls.single = services.application_create(
            round_=cls.round, producer=producer, products=[cls.p1], user=cls.officer
        )
        cls.set = services.application_create(
            round_=cls.round,
            producer=producer,
            products=[cls.p2, cls.p3],
            user=cls.officer,
            is_set=True,
            set_name="ชุด",
        )

    def test_publishing_refuses_while_an_application_waits_for_scores(self):
        score(self.single, self.staff, 20, 25, 45)
        with self.assertRaisesRegex(ValidationError, "ยังไม่ได้ให้คะแนนครบ ๑"):
            services.round_publish(round_=self.round, user=self.staff)
        self.assertFalse(StarRating.objects.exists())

    def test_publishing_writes_each_product_once_with_the_year_stars_and_score(self):
        score(self.single, self.staff, 20, 25, 45)  # 90 → 5 stars
        score(self.set, self.staff, 15, 20, "34.5")  # 69.5 → 2 stars
        publication = services.round_publish(round_=self.round, user=self.staff)
        ratings = {r.product_id: (r.year, r.stars, r.score) for r in StarRating.objects.all()}
        self.assertEqual(
            ratings,
            {
                self.p1.pk: (2567, 5, D("90.00")),
                self.p2.pk: (2567, 2, D("69.50")),
                self.p3.pk: (2567, 2, D("69.50")),
            },
        )
        self.assertEqual(
            (publication.created, publication.updated, publication.unchanged), (3, 0, 0)
        )
        self.assertEqual(publication.published_by, self.staff)

    def test_republishing_after_a_correction_updates_only_what_changed(self):
        score(self.single, self.staff, 20, 25, 45)
        score(self.set, self.staff, 15, 20, "34.5")
        services.round_publish(round_=self.round, user=self.staff)
        score(self.set, self.staff, 15, 20, "35")  # 70 → 3 stars
        second = services.round_publish(round_=self.round, user=self.staff)
        self.assertEqual((second.created, second.updated, second.unchanged), (0, 2, 1))
        self.assertEqual(StarRating.objects.get(product=self.p2).stars, 3)
        third = services.round_publish(round_=self.round, user=self.staff)
        self.assertEqual((third.created, third.updated, third.unchanged), (0, 0, 3))
        self.assertEqual(StarRating.objects.count(), 3)
        self.assertEqual(Publication.objects.filter(round=self.round).count(), 3)

    def test_an_earlier_rating_of_the_same_year_is_updated_not_duplicated(self):
        StarRating.objects.create(product=self.p1, year=2567, stars=1)
        score(self.single, self.staff, 20, 25, 45)
        score(self.set, self.staff, 15, 20, 35)
        publication = services.round_publish(round_=self.round, user=self.staff)
        self.assertEqual((publication.created, publication.updated), (2, 1))
        self.assertEqual(StarRating.objects.get(product=self.p1, year=2567).stars, 5)

    def test_invalid_bands_refuse_publishing_and_nothing_is_written(self):
        score(self.single, self.staff, 20, 25, 45)
        score(self.set, self.staff, 15, 20, 35)
        set_settings(self.round, {"score_bands": [{"stars": 5, "min": 10, "max": 100}]})
        with self.assertRaises(ValidationError):
            services.round_publish(round_=self.round, user=self.staff)
        self.assertFalse(StarRating.objects.exists())
        self.assertFalse(Publication.objects.exists())


class PublishingChangesKboCandidatesTestCase(BaseTestCase):
    """Seed 001's rule "a community group with a product rated 1–3 stars in 2567"
    reads what the OPC 2567 round published."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.opc = make_opc_round(cls.phayao, fiscal_year=2567)
        add_member(cls.opc, cls.staff)
        cls.kbo = make_round(
            "KBO",
            2568,
            cls.phayao,
            slug="kbo-2568-test",
            tiers=[
                [
                    ("producer_type", {"types": ["group"]}),
                    ("star_level", {"min": 1, "max": 3, "year": 2567}),
                ]
            ],
        )
        cls.group = make_producer("K1", cls.mueang)
        cls.product = make_product("K1-1", cls.group)
        cls.application = services.application_create(
            round_=cls.opc, producer=cls.group, products=[cls.product], user=cls.officer
        )

    def candidate_codes(self):
        return [c.facts.code for c in district_candidates(self.kbo, "5601").candidates]

    def test_three_stars_make_the_group_a_kbo_candidate_and_a_correction_to_four_removes_it(
        self,
    ):
        self.assertEqual(self.candidate_codes(), [])
        score(self.application, self.staff, 15, 20, 40)  # 75 → 3 stars
        services.round_publish(round_=self.opc, user=self.staff)
        self.assertEqual(self.candidate_codes(), ["K1"])
        score(self.application, self.staff, 18, 22, 45)  # 85 → 4 stars
        services.round_publish(round_=self.opc, user=self.staff)
        self.assertEqual(self.candidate_codes(), [])


class PsoPickTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_pso_round(cls.phayao, fiscal_year=2568)
        producer = make_producer("Q1", cls.mueang)
        cls.food5 = make_product("Q1-1", producer, stars={2567: 5})
        cls.food4 = make_product("Q1-2", producer, stars={2565: 4})
        cls.drink = make_product("Q1-3", producer, category=Category.DRINK, stars={2567: 3})
        cls.unrated = make_product("Q1-4", producer)
        outside = make_producer("Q2", cls.cr_mueang)
        cls.outside = make_product("Q2-1", outside, stars={2567: 5})

    def pick(self, product, remark="ผ้าทอลายเอกลักษณ์ของจังหวัด"):
        return services.pso_pick_set(
            round_=self.round, product=product, remark=remark, user=self.staff
        )

    def test_one_product_per_category(self):
        self.pick(self.food5)
        with self.assertRaisesRegex(ValidationError, "ประเภทละ ๑ ผลิตภัณฑ์"):
            self.pick(self.food4)
        self.pick(self.drink)
        self.assertEqual(PsoPick.objects.filter(round=self.round).count(), 2)

    def test_the_database_refuses_a_second_pick_of_a_category(self):
        self.pick(self.food5)
        with self.assertRaises(IntegrityError), transaction.atomic():
            PsoPick.objects.create(
                round=self.round, category=Category.FOOD, product=self.food4, remark="x"
            )

    def test_a_pick_needs_a_remark_a_candidate_and_the_rounds_province(self):
        with self.assertRaisesRegex(ValidationError, "เหตุผล"):
            self.pick(self.food5, remark=" ")
        with self.assertRaisesRegex(ValidationError, "ไม่ผ่านเกณฑ์"):
            self.pick(self.unrated)
        with self.assertRaisesRegex(ValidationError, "จังหวัดของรอบนี้"):
            self.pick(self.outside)

    def test_removing_a_pick_frees_the_category(self):
        pick = self.pick(self.food5)
        services.pso_pick_remove(pick=pick)
        self.pick(self.food4)


class AuditTrailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao)
        add_member(cls.round, cls.staff)
        producer = make_producer("T1", cls.mueang)
        cls.application = services.application_create(
            round_=cls.round,
            producer=producer,
            products=[make_product("T1-1", producer)],
            user=cls.officer,
        )

    def test_a_score_correction_keeps_the_earlier_points_with_who_and_when(self):
        score(self.application, self.staff, 10, 20, 30)
        score(self.application, self.staff, 10, 20, 35)
        corrections = change_list(obj=self.application).filter(action="opc.scored").reverse()
        last = corrections.last()
        self.assertEqual(last.before["total"], "60.00")
        self.assertEqual(last.after["total"], "65.00")
        self.assertEqual(last.user, self.staff)
        self.assertEqual(
            list(
                ChangeLog.objects.filter(round_id=self.round.pk)
                .order_by("created_at", "pk")
                .values_list("action", flat=True)
            ),
            ["opc.entered", "opc.scored", "opc.scored"],
        )

    def test_publishing_is_logged_with_its_counts(self):
        score(self.application, self.staff, 10, 20, 30)
        services.round_publish(round_=self.round, user=self.staff)
        event = change_list(obj=self.round).get(action="opc.published")
        self.assertEqual(event.after, {"created": 1, "updated": 0, "unchanged": 0, "removed": 0})
