"""The workflow table: every action from every status by every role, allowed or refused."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from nominations import rules
from nominations.rules import (
    ADMIN,
    APPROVE,
    APPROVED,
    DISTRICT,
    DRAFT,
    EDIT,
    KEEP,
    LOAD_FORM,
    PROVINCE,
    REOPEN,
    RETURN,
    RETURNED,
    SUBMIT,
    SUBMITTED,
    Facts,
)

TODAY = dt.date(2025, 1, 10)
BEFORE = dt.date(2025, 1, 20)  # a deadline not yet passed
AFTER = dt.date(2025, 1, 5)  # a deadline already passed

# (action, from status) -> (roles allowed, status after). Written out by hand from the
# issue: draft → submitted → returned → submitted … → approved; reopen after the deadline.
EXPECTED = {
    (EDIT, DRAFT): ({DISTRICT}, DRAFT),
    (EDIT, RETURNED): ({DISTRICT}, RETURNED),
    # Issue 6: a district's filled form may be loaded by its officer or provincial staff.
    (LOAD_FORM, DRAFT): ({DISTRICT, PROVINCE, ADMIN}, DRAFT),
    (LOAD_FORM, RETURNED): ({DISTRICT, PROVINCE, ADMIN}, RETURNED),
    (SUBMIT, DRAFT): ({DISTRICT}, SUBMITTED),
    (SUBMIT, RETURNED): ({DISTRICT}, SUBMITTED),
    (RETURN, SUBMITTED): ({PROVINCE, ADMIN}, RETURNED),
    (APPROVE, SUBMITTED): ({PROVINCE, ADMIN}, APPROVED),
    (REOPEN, DRAFT): ({PROVINCE, ADMIN}, DRAFT),
    (REOPEN, RETURNED): ({PROVINCE, ADMIN}, RETURNED),
    (REOPEN, SUBMITTED): ({PROVINCE, ADMIN}, RETURNED),
    (REOPEN, APPROVED): ({PROVINCE, ADMIN}, RETURNED),
    # Issue 13: the province keeps a nomination a registry import left stale.
    (KEEP, SUBMITTED): ({PROVINCE, ADMIN}, SUBMITTED),
    (KEEP, APPROVED): ({PROVINCE, ADMIN}, APPROVED),
}


def facts(action, status, role, **extra):
    """Facts under which every precondition of `action` holds, unless overridden."""
    base = {
        "role": role,
        "status": status,
        "today": TODAY,
        "deadline": AFTER if action == REOPEN else BEFORE,
        "quota_amount": 2,
        "count": 2,
        "comment": "แก้ไขลำดับ",
        "reason": "กลุ่มยังเข้มแข็ง",
        "reopen_until": BEFORE,
    }
    return Facts(**{**base, **extra})


class TransitionTableTestCase(SimpleTestCase):
    def test_every_action_status_and_role_is_allowed_exactly_as_the_table_says(self):
        checked = 0
        for action in (EDIT, LOAD_FORM, SUBMIT, RETURN, APPROVE, REOPEN, KEEP):
            for status in (DRAFT, SUBMITTED, RETURNED, APPROVED):
                for role in (DISTRICT, PROVINCE, ADMIN, ""):
                    roles, after = EXPECTED.get((action, status), (set(), None))
                    with self.subTest(action=action, status=status, role=role):
                        f = facts(action, status, role)
                        if role in roles:
                            self.assertEqual(rules.check(action, f), after)
                        else:
                            with self.assertRaises(ValidationError):
                                rules.check(action, f)
                    checked += 1
        self.assertEqual(checked, 112)

    def test_it_refuses_a_wrong_role_in_thai(self):
        with self.assertRaisesMessage(ValidationError, "ไม่มีสิทธิ์ส่งรายชื่อ"):
            rules.check(SUBMIT, facts(SUBMIT, DRAFT, PROVINCE))

    def test_it_refuses_submitting_an_approved_list(self):
        with self.assertRaisesMessage(ValidationError, "อนุมัติแล้ว"):
            rules.check(SUBMIT, facts(SUBMIT, APPROVED, DISTRICT))


class PreconditionTestCase(SimpleTestCase):
    def test_edits_stop_after_the_deadline(self):
        self.assertIn(
            "เลยกำหนดส่ง", rules.problems(EDIT, facts(EDIT, DRAFT, DISTRICT, deadline=AFTER))[0]
        )

    def test_a_form_load_stops_after_the_deadline_and_in_a_closed_round_for_staff_too(self):
        late = rules.problems(LOAD_FORM, facts(LOAD_FORM, DRAFT, PROVINCE, deadline=AFTER))
        self.assertIn("เลยกำหนดส่ง", late[0])
        self.assertFalse(
            rules.allowed(LOAD_FORM, facts(LOAD_FORM, RETURNED, ADMIN, round_open=False))
        )

    def test_the_deadline_day_itself_still_counts(self):
        self.assertTrue(rules.allowed(EDIT, facts(EDIT, DRAFT, DISTRICT, deadline=TODAY)))

    def test_no_deadline_means_no_limit(self):
        self.assertTrue(rules.allowed(EDIT, facts(EDIT, DRAFT, DISTRICT, deadline=None)))

    def test_nothing_changes_in_a_round_that_is_not_open(self):
        self.assertFalse(rules.allowed(EDIT, facts(EDIT, DRAFT, DISTRICT, round_open=False)))
        self.assertFalse(
            rules.allowed(APPROVE, facts(APPROVE, SUBMITTED, PROVINCE, round_open=False))
        )

    def test_submit_short_of_an_exact_quota_says_how_many_are_missing(self):
        found = rules.problems(SUBMIT, facts(SUBMIT, DRAFT, DISTRICT, quota_amount=6, count=4))
        self.assertEqual(found, ["ต้องเสนอให้ครบ ๖ ราย ขณะนี้เสนอ ๔ ราย ยังขาดอีก ๒ ราย"])

    def test_submit_over_an_exact_quota_is_refused(self):
        found = rules.problems(SUBMIT, facts(SUBMIT, DRAFT, DISTRICT, quota_amount=2, count=3))
        self.assertIn("เกินมา ๑ ราย", found[0])

    def test_at_least_quota_takes_more_but_not_fewer(self):
        at_least = {"quota_kind": rules.AT_LEAST, "quota_amount": 6}
        self.assertTrue(rules.allowed(SUBMIT, facts(SUBMIT, DRAFT, DISTRICT, count=9, **at_least)))
        found = rules.problems(SUBMIT, facts(SUBMIT, DRAFT, DISTRICT, count=5, **at_least))
        self.assertIn("อย่างน้อย ๖ ราย", found[0])

    def test_submit_lists_every_nomination_problem(self):
        f = facts(SUBMIT, DRAFT, DISTRICT, problems=("ก ไม่ผ่าน", "ข ไม่มีเหตุผล"))
        self.assertEqual(rules.problems(SUBMIT, f), ["ก ไม่ผ่าน", "ข ไม่มีเหตุผล"])

    def test_return_needs_a_comment(self):
        found = rules.problems(RETURN, facts(RETURN, SUBMITTED, PROVINCE, comment="  "))
        self.assertEqual(found, ["ต้องระบุความเห็นว่าต้องแก้ไขอะไร"])

    def test_reopen_only_after_the_deadline_and_to_a_date_not_in_the_past(self):
        self.assertIn(
            "ยังไม่เลยกำหนดส่ง",
            rules.problems(REOPEN, facts(REOPEN, SUBMITTED, PROVINCE, deadline=BEFORE))[0],
        )
        self.assertIn(
            "ต้องไม่ก่อนวันนี้",
            rules.problems(REOPEN, facts(REOPEN, SUBMITTED, PROVINCE, reopen_until=AFTER))[0],
        )


class StaleNominationTestCase(SimpleTestCase):
    """Which nominations a registry change leaves unjustified (issue 13)."""

    def n(self, pk, tier, **kw):
        return rules.Nominated(pk, kw.pop("position", pk), tier, f"“{pk}”", **kw)

    def test_a_candidate_in_no_tier_is_stale_with_the_criterion_it_fails(self):
        found = rules.stale_nominations(
            [self.n(1, 1), self.n(2, None, failure="ดาว ๕ ดาว ปี ๒๕๖๗: ไม่อยู่ในช่วง ๑–๓")],
            amount=2,
            tier1_eligible=2,
        )
        self.assertEqual(
            found,
            [
                rules.Stale(
                    2, rules.INELIGIBLE, "“2” ไม่ผ่านเกณฑ์ของรอบนี้แล้ว: ดาว ๕ ดาว ปี ๒๕๖๗: ไม่อยู่ในช่วง ๑–๓"
                )
            ],
        )

    def test_fallback_is_stale_once_tier_1_can_fill_the_quota(self):
        nominated = [self.n(1, 1), self.n(2, 2), self.n(3, 2)]
        self.assertEqual(rules.stale_nominations(nominated, amount=3, tier1_eligible=1), [])
        found = rules.stale_nominations(nominated, amount=3, tier1_eligible=3)
        self.assertEqual(
            [(s.pk, s.kind) for s in found],
            [(2, rules.FALLBACK_NOT_NEEDED), (3, rules.FALLBACK_NOT_NEEDED)],
        )
        self.assertIn("ผู้ผ่านเกณฑ์หลัก (ชั้นที่ ๑) มี ๓ ราย พอกับจำนวนจัดสรร ๓ รายแล้ว", found[0].text)

    def test_only_the_fallback_beyond_what_tier_1_lacks_is_stale_lowest_priority_first(self):
        nominated = [self.n(1, 2, position=3), self.n(2, 1, position=1), self.n(3, 2, position=2)]
        found = rules.stale_nominations(nominated, amount=3, tier1_eligible=2)
        self.assertEqual([(s.pk, s.kind) for s in found], [(1, rules.FALLBACK_NOT_NEEDED)])
        self.assertIn("ชั้นสำรองจึงเสนอได้ไม่เกิน ๑ ราย", found[0].text)

    def test_without_a_quota_no_fallback_is_flagged_and_tier_1_never_is(self):
        self.assertEqual(
            rules.stale_nominations([self.n(1, 2), self.n(2, 1)], amount=None, tier1_eligible=9),
            [],
        )

    def test_approval_waits_for_a_decision_on_each_stale_nomination(self):
        f = facts(APPROVE, SUBMITTED, PROVINCE, stale=("“ก” ไม่ผ่านเกณฑ์ของรอบนี้แล้ว",))
        found = rules.problems(APPROVE, f)
        self.assertIn("ยังอนุมัติไม่ได้: มีรายชื่อที่ทะเบียนล่าสุดไม่รองรับแล้ว ๑ ราย", found[0])
        self.assertEqual(found[1:], ["“ก” ไม่ผ่านเกณฑ์ของรอบนี้แล้ว"])
        self.assertTrue(rules.allowed(APPROVE, facts(APPROVE, SUBMITTED, PROVINCE)))

    def test_keeping_needs_a_reason(self):
        found = rules.problems(KEEP, facts(KEEP, SUBMITTED, PROVINCE, reason=" "))
        self.assertEqual(found, ["ต้องระบุเหตุผลที่คงรายชื่อนี้ไว้"])


class QuotaArithmeticTestCase(SimpleTestCase):
    def test_an_exact_quota_is_a_ceiling(self):
        self.assertTrue(rules.room_left(rules.EXACT, 2, 1))
        self.assertFalse(rules.room_left(rules.EXACT, 2, 2))

    def test_an_at_least_quota_has_no_ceiling(self):
        self.assertTrue(rules.room_left(rules.AT_LEAST, 2, 7))

    def test_no_quota_means_no_nominations(self):
        self.assertFalse(rules.room_left(rules.EXACT, None, 0))

    def test_fallback_fills_only_what_tier_1_lacks(self):
        self.assertEqual(rules.fallback_room(amount=4, tier1_eligible=2, fallback_nominated=0), 2)
        self.assertEqual(rules.fallback_room(amount=4, tier1_eligible=2, fallback_nominated=2), 0)
        self.assertEqual(rules.fallback_room(amount=2, tier1_eligible=5, fallback_nominated=0), 0)


def candidate(**changes) -> rules.CandidateFacts:
    """A tier-1 candidate of a district with room left: nominable unless `changes` say
    otherwise."""
    values = {
        "name": "“ก” (P1)",
        "tier": 1,
        "already_nominated": False,
        "quota_kind": rules.EXACT,
        "quota_amount": 3,
        "count": 1,
        "tier1_eligible": 2,
        "fallback_nominated": 0,
    }
    return rules.CandidateFacts(**{**values, **changes})


class NominationRefusalTestCase(SimpleTestCase):
    """One rule for the page's button and the service: every reason, in its order."""

    def test_it_refuses_for_each_reason_and_accepts_otherwise(self):
        table = [
            ({}, None),
            ({"already_nominated": True}, rules.NOMINATED),
            ({"quota_amount": None}, rules.NO_QUOTA),
            ({"count": 3}, rules.QUOTA_FULL),
            ({"count": 3, "quota_kind": rules.AT_LEAST}, None),
            ({"tier": 2}, None),  # tier 1 has 2 of 3: one fallback place
            ({"tier": 2, "fallback_nominated": 1}, rules.FALLBACK_FULL),
            ({"tier": 2, "tier1_eligible": 3}, rules.FALLBACK_FULL),
            ({"max_per_producer": 2, "same_producer": 1}, None),
            ({"max_per_producer": 2, "same_producer": 2}, rules.PRODUCER_LIMIT),
            ({"needs_justification": True, "justification": " "}, rules.NO_JUSTIFICATION),
            ({"needs_justification": True, "justification": "ดี"}, None),
            ({"needs_justification": True, "justification": None}, None),  # the form asks
            ({"already_nominated": True, "count": 3}, rules.NOMINATED),  # the first reason
        ]
        for changes, expected in table:
            with self.subTest(**{k: str(v) for k, v in changes.items()}):
                refusal = rules.nomination_refusal(candidate(**changes))
                self.assertEqual(refusal and refusal.kind, expected)

    def test_it_says_why_in_thai(self):
        refusal = rules.nomination_refusal(candidate(max_per_producer=1, same_producer=1))
        self.assertEqual(refusal.text, "ผู้ผลิตหนึ่งรายเสนอได้ไม่เกิน ๑ ผลิตภัณฑ์")
