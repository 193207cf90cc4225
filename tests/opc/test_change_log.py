"""Every OPC and PSO service writes one change log row (ADR 0017): who, the action,
before and after; entries and scores on the application (its page lists them), the
committee, publishing and PSO picks on the round."""

from django.urls import reverse

from changelog.models import ChangeLog
from opc import services
from opc.models import Application, CommitteeMember, PsoPick
from tests.base import BaseTestCase, make_producer, make_product
from tests.opc.data import add_member, make_opc_round, make_pso_round

POINTS = {"production": "20", "marketing": "25", "quality": "40"}  # 85 → 4 stars


class OpcChangeLogTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao)
        cls.pso = make_pso_round(cls.phayao, fiscal_year=2568)
        cls.producer = make_producer("T1", cls.mueang)
        cls.product = make_product("T1-1", cls.producer, stars={2567: 5})

    def enter(self):
        return services.application_create(
            round_=self.round, producer=self.producer, products=[self.product], user=self.officer
        )

    def scored(self):
        add_member(self.round, self.staff)
        application = self.enter()
        services.score_set(application=application, points=POINTS, user=self.staff)
        return application

    def one_change(self, act) -> ChangeLog:
        before = ChangeLog.objects.count()
        act()
        self.assertEqual(ChangeLog.objects.count(), before + 1)
        return ChangeLog.objects.latest("pk")

    def test_each_service_writes_one_row_with_who_what_before_and_after(self):
        application = lambda: Application.objects.get(round=self.round)  # noqa: E731
        total = {"points": {"production": "20.00", "marketing": "25.00", "quality": "40.00"}}
        cases = [
            # name, setup, act, user, action, object, before, after
            (
                "application create",
                lambda: None,
                self.enter,
                self.officer,
                "opc.entered",
                lambda: application(),
                {},
                lambda: {"products": ["T1-1"], "is_set": False, "slot": 1},
            ),
            (
                "application withdraw",
                self.enter,
                lambda: services.application_withdraw(application=application(), user=self.officer),
                self.officer,
                "opc.withdrawn",
                lambda: application(),
                {"status": "submitted"},
                lambda: {"status": "withdrawn"},
            ),
            (
                "score",
                lambda: (add_member(self.round, self.staff), self.enter()),
                lambda: services.score_set(
                    application=application(), points=POINTS, user=self.staff
                ),
                self.staff,
                "opc.scored",
                lambda: application(),
                {"points": {}, "total": None},
                lambda: {**total, "total": "85.00"},
            ),
            (
                "committee add",
                lambda: None,
                lambda: services.committee_member_add(
                    round_=self.round, user=self.staff, role="chair", added_by=self.admin
                ),
                self.admin,
                "opc.committee_added",
                lambda: self.round,
                {},
                lambda: {"user": self.staff.username, "role": "chair"},
            ),
            (
                "committee remove",
                lambda: add_member(self.round, self.staff, "chair"),
                lambda: services.committee_member_remove(
                    member=CommitteeMember.objects.get(), user=self.admin
                ),
                self.admin,
                "opc.committee_removed",
                lambda: self.round,
                {"user": self.staff.username, "role": "chair"},
                lambda: {},
            ),
            (
                "pso pick",
                lambda: None,
                lambda: services.pso_pick_set(
                    round_=self.pso, product=self.product, remark="เด่น", user=self.staff
                ),
                self.staff,
                "opc.pso_picked",
                lambda: self.pso,
                {},
                lambda: {"category": "food", "product": "T1-1", "remark": "เด่น"},
            ),
            (
                "pso remove",
                lambda: services.pso_pick_set(
                    round_=self.pso, product=self.product, remark="เด่น", user=self.staff
                ),
                lambda: services.pso_pick_remove(pick=PsoPick.objects.get(), user=self.staff),
                self.staff,
                "opc.pso_removed",
                lambda: self.pso,
                {"category": "food", "product": "T1-1", "remark": "เด่น"},
                lambda: {},
            ),
        ]
        for name, setup, act, user, action, obj, before, after in cases:
            with self.subTest(name):
                Application.objects.all().delete()
                CommitteeMember.objects.all().delete()
                PsoPick.objects.all().delete()
                setup()
                change = self.one_change(act)
                target = obj()
                self.assertEqual(
                    (change.user, change.action, change.object_type, change.object_id),
                    (user, action, target._meta.label_lower, str(target.pk)),
                )
                self.assertEqual((change.before, change.after), (before, after()))
                self.assertEqual((change.round_id, change.source), (target_round(target), "web"))

    def test_publishing_writes_one_round_row_beside_one_row_per_rating(self):
        self.scored()
        before = ChangeLog.objects.count()
        services.round_publish(round_=self.round, user=self.staff)
        new = ChangeLog.objects.order_by("pk")[before:]
        self.assertEqual(
            [(c.object_type, c.action, c.source, c.user) for c in new],
            [
                ("registry.product", "star_rating.update", "opc", self.staff),
                ("selection.round", "opc.published", "opc", self.staff),
            ],
        )
        self.assertEqual(new[1].after, {"created": 0, "updated": 1, "unchanged": 0, "removed": 0})

    def test_the_application_page_lists_its_rows_with_the_earlier_total(self):
        application = self.scored()
        services.score_set(
            application=application, points={**POINTS, "quality": "45"}, user=self.staff
        )
        self.client.force_login(self.staff)
        url = reverse("opc:application_detail", args=[self.round.slug, application.pk])
        response = self.client.get(url)
        self.assertEqual(
            [e.title for e in response.context["events"]], ["บันทึกใบสมัคร", "ให้คะแนน", "ให้คะแนน"]
        )
        self.assertContains(response, "คะแนนรวม 90.00 (เดิม 85.00)")


def target_round(target):
    return getattr(target, "round_id", target.pk)
