"""Services of the workflow: nominate, quotas, fallback, deadline, submit re-check, close."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from nominations import services
from nominations.models import Action, RoundParticipation, Submission, SubmissionEvent
from registry.models import Participation, StarRating
from selection.models import Nomination, Round, RoundStatus
from selection.services import round_set_status
from tests.base import BaseTestCase
from tests.nominations.data import build_registry, build_round


class NominationServiceTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)

    def add(self, name, user=None, district="5601", **kw):
        return services.nomination_add(
            round_=self.round,
            district_code=district,
            candidate_pk=self.p[name].pk,
            by=user or (self.officer if district == "5601" else self.officer2),
            **kw,
        )

    def submission(self, district="5601"):
        s = Submission.objects.get(round=self.round, district_id=district)
        s.round = self.round
        return s

    # ---------------------------------------------------------------- nominate

    def test_it_nominates_an_eligible_candidate_and_logs_who_and_what(self):
        nomination = self.add("M1")
        self.assertEqual((nomination.tier, nomination.position), (1, 1))
        event = SubmissionEvent.objects.get()
        self.assertEqual((event.action, event.actor), (Action.NOMINATE, self.officer))
        self.assertEqual(event.detail["code"], "M1")
        self.assertEqual(self.submission().changed_by, self.officer)

    def test_it_refuses_a_candidate_that_fits_no_tier(self):
        with self.assertRaisesMessage(ValidationError, "ไม่ผ่านเกณฑ์ของรอบนี้"):
            self.add("MX")

    def test_it_refuses_a_candidate_of_another_district(self):
        with self.assertRaisesMessage(ValidationError, "ไม่ผ่านเกณฑ์ของรอบนี้"):
            self.add("J1", user=self.officer, district="5601")

    def test_it_refuses_the_same_candidate_twice(self):
        self.add("M1")
        with self.assertRaisesMessage(ValidationError, "ได้รับการเสนอชื่อแล้ว"):
            self.add("M1")

    def test_the_database_refuses_a_duplicate_even_without_the_service(self):
        self.add("M1")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Nomination.objects.create(round=self.round, district=self.mueang, producer=self.p["M1"])

    def test_an_exact_quota_is_never_exceeded(self):
        self.add("M1")
        self.add("M2")
        with self.assertRaisesMessage(ValidationError, "เสนอชื่อครบ ๒ ราย"):
            self.add("M3")
        self.assertEqual(Nomination.objects.filter(district=self.mueang).count(), 2)

    def test_an_at_least_quota_takes_more_than_its_amount(self):
        self.add("J1", district="5607")
        self.add("JF1", district="5607")
        self.add("JF2", district="5607")
        # 3 of "at least 3": a fourth is fine as long as it is tier 1 or fallback has room;
        # here the fallback is exhausted (tier 1 short by 2), so add a tier-1 producer.
        extra = build_registry(self, prefix="X")["J1"]
        nomination = services.nomination_add(
            round_=self.round, district_code="5607", candidate_pk=extra.pk, by=self.officer2
        )
        self.assertEqual(nomination.position, 4)

    def test_a_fallback_candidate_is_refused_while_tier_1_fills_the_quota(self):
        with self.assertRaisesMessage(ValidationError, "ชั้นสำรอง"):
            self.add("MF1")

    def test_fallback_candidates_fill_only_what_tier_1_lacks(self):
        first = self.add("JF1", district="5607")
        self.add("JF2", district="5607")
        self.assertEqual(first.tier, 2)
        with self.assertRaisesMessage(ValidationError, "ชั้นสำรอง"):
            self.add("JF3", district="5607")

    def test_a_justification_is_required_where_the_round_asks_for_judgement(self):
        round_ = build_round(self, slug="kbo-judge", judgement=True)
        with self.assertRaisesMessage(ValidationError, "ต้องระบุเหตุผล"):
            services.nomination_add(
                round_=round_, district_code="5601", candidate_pk=self.p["M1"].pk, by=self.officer
            )
        nomination = services.nomination_add(
            round_=round_,
            district_code="5601",
            candidate_pk=self.p["M1"].pk,
            by=self.officer,
            justification="กลุ่มเข้มแข็ง มีตลาด",
        )
        self.assertEqual(nomination.justification, "กลุ่มเข้มแข็ง มีตลาด")

    def test_another_districts_officer_and_provincial_staff_may_not_nominate(self):
        for user in (self.officer2, self.staff, self.outsider_officer):
            with self.subTest(user=user.username), self.assertRaises(ValidationError):
                self.add("M1", user=user)
        self.assertFalse(Nomination.objects.exists())

    def test_nothing_changes_after_the_deadline(self):
        self.add("M1")
        self.round.deadline = dt.date.today() - dt.timedelta(days=1)
        self.round.save()
        with self.assertRaisesMessage(ValidationError, "เลยกำหนดส่ง"):
            self.add("M2")
        with self.assertRaisesMessage(ValidationError, "เลยกำหนดส่ง"):
            services.nomination_remove(nomination=Nomination.objects.get(), by=self.officer)

    def test_a_reopened_district_may_edit_after_the_deadline(self):
        self.round.deadline = dt.date.today() - dt.timedelta(days=1)
        self.round.save()
        submission = services.submission_get_or_create(round_=self.round, district_code="5601")
        submission.round = self.round
        services.submission_reopen(
            submission=submission, until=dt.date.today() + dt.timedelta(days=2), by=self.staff
        )
        self.assertEqual(self.add("M1").position, 1)
        # another district is still closed
        with self.assertRaisesMessage(ValidationError, "เลยกำหนดส่ง"):
            self.add("J1", district="5607")

    # ---------------------------------------------------------------- order, justify

    def test_move_and_remove_keep_positions_one_to_n(self):
        a, b = self.add("M1"), self.add("M2")
        services.nomination_move(nomination=b, direction="up", by=self.officer)
        self.assertEqual(
            list(Nomination.objects.values_list("producer__code", "position")),
            [("M2", 1), ("M1", 2)],
        )
        services.nomination_remove(
            nomination=Nomination.objects.get(producer__code="M2"), by=self.officer
        )
        self.assertEqual(
            list(Nomination.objects.values_list("producer__code", "position")), [("M1", 1)]
        )
        actions = list(SubmissionEvent.objects.values_list("action", flat=True))
        self.assertEqual(actions, ["nominate", "nominate", "move", "remove"])
        del a

    def test_justify_records_old_and_new_text(self):
        nomination = self.add("M1")
        services.nomination_justify(nomination=nomination, justification="ตลาดดี", by=self.officer)
        event = SubmissionEvent.objects.get(action=Action.JUSTIFY)
        self.assertEqual((event.detail["old"], event.detail["new"]), ("", "ตลาดดี"))

    # ---------------------------------------------------------------- submit and review

    def test_submit_short_says_what_is_missing_in_thai(self):
        self.add("M1")
        submission = self.submission()
        with self.assertRaisesMessage(ValidationError, "ยังขาดอีก ๑ ราย"):
            services.submission_submit(submission=submission, by=self.officer)
        self.assertEqual(self.submission().status, "draft")

    def test_submit_rechecks_every_nomination_against_the_current_registry(self):
        self.add("M1")
        self.add("M2")
        StarRating.objects.filter(product__producer=self.p["M1"], year=2567).update(stars=5)
        with self.assertRaisesMessage(ValidationError, "“กลุ่ม M1” (M1) ไม่ผ่านเกณฑ์ของรอบนี้แล้ว"):
            services.submission_submit(submission=self.submission(), by=self.officer)

    def test_the_whole_cycle_submit_return_resubmit_approve(self):
        self.add("M1")
        self.add("M2")
        services.submission_submit(submission=self.submission(), by=self.officer)
        with self.assertRaisesMessage(ValidationError, "แก้ไขรายชื่อไม่ได้"):
            self.add("M3")  # read-only after submit
        with self.assertRaisesMessage(ValidationError, "ต้องระบุความเห็น"):
            services.submission_return(submission=self.submission(), comment=" ", by=self.staff)
        services.submission_return(submission=self.submission(), comment="สลับลำดับ", by=self.staff)
        nomination = Nomination.objects.get(producer=self.p["M2"])
        services.nomination_move(nomination=nomination, direction="up", by=self.officer)
        services.submission_submit(submission=self.submission(), by=self.officer)
        services.submission_approve(submission=self.submission(), by=self.staff)
        self.assertEqual(self.submission().status, "approved")
        self.assertEqual(
            list(SubmissionEvent.objects.values_list("action", flat=True)),
            ["nominate", "nominate", "submit", "return", "move", "submit", "approve"],
        )

    def test_staff_of_another_province_may_not_approve(self):
        self.add("M1")
        self.add("M2")
        services.submission_submit(submission=self.submission(), by=self.officer)
        with self.assertRaises(ValidationError):
            services.submission_approve(submission=self.submission(), by=self.outsider)

    # ---------------------------------------------------------------- close

    def test_closing_the_round_makes_approved_nominations_participation(self):
        self.add("M1")
        self.add("M2")
        services.submission_submit(submission=self.submission(), by=self.officer)
        services.submission_approve(submission=self.submission(), by=self.staff)
        self.add("J1", district="5607")  # not approved: stays out
        round_set_status(round_=self.round, status=RoundStatus.CLOSED)
        self.assertEqual(
            set(Participation.objects.values_list("program", "fiscal_year", "producer__code")),
            {("KBO", 2568, "M1"), ("KBO", 2568, "M2")},
        )
        # closing again (after a reopen) adds nothing twice
        created = services.participation_from_round(round_=self.round, old="open", new="closed")
        self.assertEqual((created, Participation.objects.count()), (0, 2))

    @staticmethod
    def reopen(round_):
        # Reopening validates the letter, which these small rounds do not have; only the
        # close runs the participation hook, so set the status directly.
        Round.objects.filter(pk=round_.pk).update(status=RoundStatus.OPEN)
        round_.status = RoundStatus.OPEN

    def participants(self):
        return set(Participation.objects.values_list("program", "fiscal_year", "producer__code"))

    def test_closing_again_after_approvals_changed_makes_participation_follow(self):
        # A KBO 2568 row loaded from a spreadsheet for M3, and one for J1, before any close.
        Participation.objects.create(program="KBO", fiscal_year=2568, producer=self.p["M3"])
        Participation.objects.create(program="KBO", fiscal_year=2568, producer=self.p["J1"])
        self.add("M1")
        self.add("M2")
        services.submission_submit(submission=self.submission(), by=self.officer)
        services.submission_approve(submission=self.submission(), by=self.staff)
        round_set_status(round_=self.round, status=RoundStatus.CLOSED)
        self.assertEqual(
            self.participants(),
            {("KBO", 2568, "M1"), ("KBO", 2568, "M2"), ("KBO", 2568, "M3"), ("KBO", 2568, "J1")},
        )
        # Reopened: the province sends Mueang back after its deadline, M2 is swapped for
        # M3 (which the spreadsheet already lists), and the list is approved again.
        self.reopen(self.round)
        Submission.objects.filter(pk=self.submission().pk).update(status="returned")
        services.nomination_remove(
            nomination=Nomination.objects.get(producer=self.p["M2"]), by=self.officer
        )
        self.add("M3")
        services.submission_submit(submission=self.submission(), by=self.officer)
        services.submission_approve(submission=self.submission(), by=self.staff)
        # Mae Chai's J1 (spreadsheet row) is nominated and approved, then withdrawn.
        self.add("J1", district="5607")
        round_set_status(round_=self.round, status=RoundStatus.CLOSED)
        self.assertEqual(
            self.participants(),
            {("KBO", 2568, "M1"), ("KBO", 2568, "M3"), ("KBO", 2568, "J1")},
        )
        # Closed once more with Mueang no longer approved: only the round's own rows go;
        # the spreadsheet's M3 and J1 stay although the round approves neither now.
        self.reopen(self.round)
        Submission.objects.filter(pk=self.submission().pk).update(status="returned")
        round_set_status(round_=self.round, status=RoundStatus.CLOSED)
        self.assertEqual(self.participants(), {("KBO", 2568, "M3"), ("KBO", 2568, "J1")})
        self.assertFalse(RoundParticipation.objects.exists())

    def test_a_row_two_rounds_wrote_stays_while_either_still_approves_it(self):
        other = build_round(self, slug="kbo-nom-2")
        for round_ in (self.round, other):
            services.nomination_add(
                round_=round_, district_code="5601", candidate_pk=self.p["M1"].pk, by=self.officer
            )
            Submission.objects.filter(round=round_).update(status="approved")
            round_set_status(round_=round_, status=RoundStatus.CLOSED)
        self.assertEqual(RoundParticipation.objects.count(), 2)
        self.reopen(other)
        Submission.objects.filter(round=other).update(status="returned")
        round_set_status(round_=other, status=RoundStatus.CLOSED)
        self.assertEqual(self.participants(), {("KBO", 2568, "M1")})
        self.reopen(self.round)
        Submission.objects.filter(round=self.round).update(status="returned")
        round_set_status(round_=self.round, status=RoundStatus.CLOSED)
        self.assertEqual(self.participants(), set())


class ProductRoundTestCase(BaseTestCase):
    """A product program (QD): the candidate is a product, its producer is the owner."""

    @classmethod
    def setUpTestData(cls):
        from allocations.models import Quota, QuotaKind
        from tests.base import make_producer, make_product
        from tests.selection.data import make_round

        super().setUpTestData()
        cls.round = make_round(
            "QD",
            2568,
            cls.phayao,
            slug="qd-nom",
            status=RoundStatus.OPEN,
            max_products_per_producer=1,
            tiers=[[("quadrant", {"quadrants": ["D"], "year": 2567})]],
        )
        Quota.objects.create(
            round=cls.round, district=cls.mueang, amount=6, kind=QuotaKind.AT_LEAST
        )
        owner = make_producer("Q1", cls.mueang)
        cls.first = make_product("Q1-01", owner, quadrant={2567: "D"})
        cls.second = make_product("Q1-02", owner, quadrant={2567: "D"})

    def test_it_nominates_a_product_with_its_owner(self):
        nomination = services.nomination_add(
            round_=self.round, district_code="5601", candidate_pk=self.first.pk, by=self.officer
        )
        self.assertEqual((nomination.product, nomination.producer.code), (self.first, "Q1"))

    def test_it_keeps_to_the_rounds_limit_of_products_per_producer(self):
        services.nomination_add(
            round_=self.round, district_code="5601", candidate_pk=self.first.pk, by=self.officer
        )
        with self.assertRaisesMessage(ValidationError, "ไม่เกิน ๑ ผลิตภัณฑ์"):
            services.nomination_add(
                round_=self.round,
                district_code="5601",
                candidate_pk=self.second.pk,
                by=self.officer,
            )
