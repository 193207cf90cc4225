"""Services of the workflow: nominate, quotas, fallback, deadline, submit re-check, close."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from allocations.models import Quota
from lifecycle.services import round_close
from nominations import services
from nominations.models import (
    Action,
    KeptNomination,
    Nomination,
    RoundParticipation,
    Submission,
)
from registry.importing import import_file
from registry.models import Participation, StarRating
from selection.models import Round, RoundStatus
from tests.base import BaseTestCase
from tests.nominations.data import build_registry, build_round, submission_changes
from tests.registry.importing.corpus import TempMediaMixin, registry_row, xlsx


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
        event = submission_changes().get()
        self.assertEqual((event.action, event.user), (Action.NOMINATE, self.officer))
        self.assertEqual(event.after["code"], "M1")
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
        actions = list(submission_changes().values_list("action", flat=True))
        self.assertEqual(actions, [Action.NOMINATE, Action.NOMINATE, Action.MOVE, Action.REMOVE])
        del a

    def test_justify_records_old_and_new_text(self):
        nomination = self.add("M1")
        services.nomination_justify(nomination=nomination, justification="ตลาดดี", by=self.officer)
        event = submission_changes().get(action=Action.JUSTIFY)
        self.assertEqual(
            (event.before["justification"], event.after["justification"]), ("", "ตลาดดี")
        )

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
            [a.split(".")[1] for a in submission_changes().values_list("action", flat=True)],
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
        round_close(round_=self.round)
        self.assertEqual(
            set(Participation.objects.values_list("program", "fiscal_year", "producer__code")),
            {("KBO", 2568, "M1"), ("KBO", 2568, "M2")},
        )
        # closing again (after a reopen) adds nothing twice
        created = services.participation_from_round(round_=self.round)
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
        round_close(round_=self.round)
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
        round_close(round_=self.round)
        self.assertEqual(
            self.participants(),
            {("KBO", 2568, "M1"), ("KBO", 2568, "M3"), ("KBO", 2568, "J1")},
        )
        # Closed once more with Mueang no longer approved: only the round's own rows go;
        # the spreadsheet's M3 and J1 stay although the round approves neither now.
        self.reopen(self.round)
        Submission.objects.filter(pk=self.submission().pk).update(status="returned")
        round_close(round_=self.round)
        self.assertEqual(self.participants(), {("KBO", 2568, "M3"), ("KBO", 2568, "J1")})
        self.assertFalse(RoundParticipation.objects.exists())

    def test_a_row_two_rounds_wrote_stays_while_either_still_approves_it(self):
        other = build_round(self, slug="kbo-nom-2")
        for round_ in (self.round, other):
            services.nomination_add(
                round_=round_, district_code="5601", candidate_pk=self.p["M1"].pk, by=self.officer
            )
            Submission.objects.filter(round=round_).update(status="approved")
            round_close(round_=round_)
        self.assertEqual(RoundParticipation.objects.count(), 2)
        self.reopen(other)
        Submission.objects.filter(round=other).update(status="returned")
        round_close(round_=other)
        self.assertEqual(self.participants(), {("KBO", 2568, "M1")})
        self.reopen(self.round)
        Submission.objects.filter(round=self.round).update(status="returned")
        round_close(round_=self.round)
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


class StaleNominationServiceTestCase(TempMediaMixin, BaseTestCase):
    """Issue 13: a registry import leaves a submitted list holding nominations the engine
    no longer supports; approval waits until the province keeps them or returns the list."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)

    def add(self, name, district="5601"):
        services.nomination_add(
            round_=self.round,
            district_code=district,
            candidate_pk=self.p[name].pk,
            by=self.officer if district == "5601" else self.officer2,
        )

    def submission(self, district="5601"):
        s = Submission.objects.get(round=self.round, district_id=district)
        s.round = self.round
        return s

    def nomination(self, name):
        n = Nomination.objects.get(round=self.round, producer=self.p[name])
        n.round = self.round
        return n

    def submitted(self, names, district="5601"):
        for name in names:
            self.add(name, district)
        services.submission_submit(
            submission=self.submission(district),
            by=self.officer if district == "5601" else self.officer2,
        )

    def import_rows(self, *rows):
        result = import_file(kind="registry", data=xlsx(list(rows)))
        self.assertEqual(result.outcome, "ok", result.summary)

    def m1_now_five_stars(self):
        """M1's 2567 rating re-imported as five stars: in no tier of the round any more."""
        self.import_rows(
            registry_row(
                "M1",
                "M1-01",
                name="กลุ่ม M1",
                product_name="ผลิตภัณฑ์ M1-01",
                stars=5,
                rating_year=2567,
                quadrant=None,
                quadrant_year=None,
            )
        )

    def check(self, district="5601"):
        nominations = list(Nomination.objects.filter(round=self.round, district_id=district))
        return services.stale_check(
            round_=self.round,
            district_code=district,
            nominations=nominations,
            quota=Quota.objects.get(round=self.round, district_id=district),
        )

    def test_import_flags_refuses_approval_until_the_province_keeps_it(self):
        self.submitted(["M1", "M2"])
        self.assertEqual(self.check().stale, [])
        self.m1_now_five_stars()

        [stale] = self.check().stale
        self.assertEqual((stale.pk, stale.kind), (self.nomination("M1").pk, "ineligible"))
        self.assertIn("“กลุ่ม M1” (M1) ไม่ผ่านเกณฑ์ของรอบนี้แล้ว: ", stale.text)
        with self.assertRaisesMessage(ValidationError, "“กลุ่ม M1” (M1) ไม่ผ่านเกณฑ์ของรอบนี้แล้ว"):
            services.submission_approve(submission=self.submission(), by=self.staff)
        self.assertEqual(self.submission().status, "submitted")

        with self.assertRaisesMessage(ValidationError, "ต้องระบุเหตุผลที่คงรายชื่อนี้ไว้"):
            services.nomination_keep(
                nomination=self.nomination("M1"), kind="ineligible", reason=" ", by=self.staff
            )
        services.nomination_keep(
            nomination=self.nomination("M1"),
            kind="ineligible",
            reason="ดาวปีนี้ยังไม่ประกาศทางการ",
            by=self.staff,
        )
        kept = KeptNomination.objects.get()
        self.assertEqual((kept.by, kept.problem), (self.staff, stale.text))
        event = submission_changes().get(action=Action.KEEP)
        self.assertEqual(
            (event.user, event.after["code"], event.after["reason"]),
            (self.staff, "M1", "ดาวปีนี้ยังไม่ประกาศทางการ"),
        )
        self.assertEqual(self.check().undecided, [])

        services.submission_approve(submission=self.submission(), by=self.staff)
        self.assertEqual(self.submission().status, "approved")

    def test_a_fallback_no_longer_needed_once_tier_1_fills_up_is_flagged(self):
        self.submitted(["J1", "JF1", "JF2"], district="5607")
        self.import_rows(  # one more tier-1 group in แม่ใจ: tier 1 short by 1, not 2
            registry_row(
                "J9", "J9-01", district="แม่ใจ", subdistrict="แม่ใจ", stars=2, rating_year=2567
            )
        )
        self.assertEqual(
            [(s.pk, s.kind) for s in self.check("5607").stale],
            [(self.nomination("JF2").pk, "fallback_not_needed")],
        )
        self.import_rows(
            registry_row(
                "J9", "J9-01", district="แม่ใจ", subdistrict="แม่ใจ", stars=2, rating_year=2567
            ),
            registry_row(
                "J8", "J8-01", district="แม่ใจ", subdistrict="แม่ใจ", stars=1, rating_year=2567
            ),
        )
        stale = self.check("5607").stale
        self.assertEqual(len(stale), 2)
        self.assertIn("พอกับจำนวนจัดสรร ๓ รายแล้ว", stale[0].text)
        with self.assertRaisesMessage(ValidationError, "ยังอนุมัติไม่ได้"):
            services.submission_approve(submission=self.submission("5607"), by=self.staff)

    def test_the_province_may_return_the_list_and_the_district_must_withdraw_to_resubmit(self):
        self.submitted(["M1", "M2"])
        self.m1_now_five_stars()
        services.submission_return(
            submission=self.submission(), comment="M1 ไม่ผ่านเกณฑ์แล้ว", by=self.staff
        )
        with self.assertRaisesMessage(ValidationError, "ไม่ผ่านเกณฑ์ของรอบนี้แล้ว"):
            services.submission_submit(submission=self.submission(), by=self.officer)
        services.nomination_remove(nomination=self.nomination("M1"), by=self.officer)
        self.add("M3")
        services.submission_submit(submission=self.submission(), by=self.officer)
        services.submission_approve(submission=self.submission(), by=self.staff)
        self.assertEqual(self.submission().status, "approved")

    def test_a_kept_nomination_does_not_block_resubmitting_after_a_return(self):
        self.submitted(["M1", "M2"])
        self.m1_now_five_stars()
        services.nomination_keep(
            nomination=self.nomination("M1"), kind="ineligible", reason="คงไว้", by=self.staff
        )
        services.submission_return(submission=self.submission(), comment="สลับลำดับ", by=self.staff)
        services.submission_submit(submission=self.submission(), by=self.officer)
        self.assertEqual(self.submission().status, "submitted")

    def test_keeping_is_refused_for_officers_draft_lists_and_what_is_not_stale(self):
        self.submitted(["M1", "M2"])
        with self.assertRaisesMessage(ValidationError, "รายชื่อนี้ไม่ต้องทบทวนแล้ว"):
            services.nomination_keep(
                nomination=self.nomination("M1"), kind="ineligible", reason="x", by=self.staff
            )
        self.m1_now_five_stars()
        with self.assertRaisesMessage(ValidationError, "ไม่มีสิทธิ์ยืนยันคงรายชื่อไว้"):
            services.nomination_keep(
                nomination=self.nomination("M1"), kind="ineligible", reason="x", by=self.officer
            )
        with self.assertRaisesMessage(ValidationError, "รายชื่อนี้ไม่ต้องทบทวนแล้ว"):
            services.nomination_keep(
                nomination=self.nomination("M1"),
                kind="fallback_not_needed",
                reason="x",
                by=self.staff,
            )
        services.nomination_keep(
            nomination=self.nomination("M1"), kind="ineligible", reason="x", by=self.staff
        )
        with self.assertRaisesMessage(ValidationError, "จังหวัดยืนยันคงรายชื่อนี้ไว้แล้ว"):
            services.nomination_keep(
                nomination=self.nomination("M1"), kind="ineligible", reason="y", by=self.admin
            )
        services.submission_return(submission=self.submission(), comment="แก้", by=self.staff)
        with self.assertRaisesMessage(ValidationError, "ไม่ได้เมื่อสถานะเป็น “ส่งกลับให้แก้ไข”"):
            services.nomination_keep(
                nomination=self.nomination("M2"), kind="ineligible", reason="x", by=self.staff
            )
        self.assertEqual(submission_changes().filter(action=Action.KEEP).count(), 1)
