"""Each scoped model's `visible_to(user)` filters as the scope rule decides."""

from nominations.models import Nomination, Submission
from opc.models import Application, CommitteeMember
from registry.models import ImportBatch, Producer, Product
from registry.scope import EVERYTHING, PlaceScope
from selection.models import Round, RoundStatus
from tests.base import BaseTestCase, make_producer, make_product
from tests.selection.data import make_round


class VisibleToTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.open = make_round("OPC", 2568, cls.phayao, slug="open", status=RoundStatus.OPEN)
        cls.draft = make_round("KBO", 2568, cls.phayao, slug="draft")
        cls.elsewhere = make_round("OPC", 2568, cls.chiang_rai, slug="cr", status="open")
        cls.mine = make_producer("P1", cls.mueang)
        cls.neighbour = make_producer("P2", cls.mae_chai)
        cls.far = make_producer("P3", cls.cr_mueang)
        for producer in (cls.mine, cls.neighbour, cls.far):
            make_product(f"{producer.code}-01", producer)
            Nomination.objects.create(
                round=cls.open if producer != cls.far else cls.elsewhere,
                district=producer.district,
                producer=producer,
                tier=1,
                position=1,
            )
            Submission.objects.create(
                round=cls.open if producer != cls.far else cls.elsewhere,
                district=producer.district,
            )
            Application.objects.create(
                round=cls.open if producer != cls.far else cls.elsewhere,
                producer=producer,
                district=producer.district,
                slot=1,
            )
        ImportBatch.objects.create(kind="registry", file_name="x.xlsx", sha256="0" * 64)

    def codes(self, queryset, field):
        return sorted(queryset.values_list(field, flat=True))

    def test_rounds_hide_drafts_from_who_does_not_manage_them(self):
        self.assertEqual(self.codes(Round.objects.visible_to(self.officer), "slug"), ["open"])
        self.assertEqual(
            self.codes(Round.objects.visible_to(self.staff), "slug"), ["draft", "open"]
        )
        self.assertEqual(
            self.codes(Round.objects.visible_to(self.admin), "slug"), ["cr", "draft", "open"]
        )
        self.assertEqual(self.codes(Round.objects.managed_by(self.officer), "slug"), [])
        self.assertEqual(self.codes(Round.objects.managed_by(self.outsider), "slug"), ["cr"])

    def test_a_committee_member_also_sees_the_rounds_they_score(self):
        CommitteeMember.objects.create(round=self.elsewhere, user=self.officer)
        committee = CommitteeMember.objects.filter(user=self.officer).values("round_id")
        rounds = Round.objects.visible_to(self.officer, also=committee)
        self.assertEqual(self.codes(rounds, "slug"), ["cr", "open"])
        applications = Application.objects.visible_to(self.officer)
        self.assertEqual(self.codes(applications, "producer__code"), ["P1", "P3"])

    def test_the_registry_is_read_by_province(self):
        self.assertEqual(
            self.codes(Producer.objects.visible_to(self.officer), "code"), ["P1", "P2"]
        )
        self.assertEqual(self.codes(Product.objects.visible_to(self.outsider), "code"), ["P3-01"])
        self.assertEqual(len(Producer.objects.visible_to(EVERYTHING)), 3)
        self.assertEqual(len(Producer.objects.visible_to(PlaceScope())), 0)

    def test_district_work_is_seen_by_its_officer_and_the_province(self):
        for model, field in ((Nomination, "district_id"), (Submission, "district_id")):
            with self.subTest(model=model.__name__):
                objects = model.objects
                self.assertEqual(self.codes(objects.visible_to(self.officer), field), ["5601"])
                self.assertEqual(
                    self.codes(objects.visible_to(self.staff), field), ["5601", "5607"]
                )
                self.assertEqual(self.codes(objects.visible_to(self.outsider), field), ["5701"])
                self.assertEqual(len(objects.visible_to(self.admin)), 3)
        self.assertEqual(
            self.codes(Application.objects.visible_to(self.staff), "district_id"), ["5601", "5607"]
        )

    def test_registry_imports_are_an_admins(self):
        self.assertEqual(ImportBatch.objects.visible_to(self.admin).count(), 1)
        self.assertEqual(ImportBatch.objects.visible_to(self.staff).count(), 0)
