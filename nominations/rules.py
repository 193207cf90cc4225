"""The nomination workflow in one place: who may do what, from which status, when.

Pure: no ORM, no request. Services gather the facts into a `Facts` value and call
`check(action, facts)`, which raises `ValidationError` with every reason in Thai.

    draft ──submit──▶ submitted ──approve──▶ approved
      ▲                 │  ▲
      │              return │ submit
      │                 ▼  │
      └──(edits)──── returned

Edits (nominate, remove, reorder, justify) are allowed while the list is a draft or
returned, the round is open and the district's deadline has not passed. The same edits
made by loading the district's filled return form (`load_form`, documents.loadback) may
also be taken by the province's staff and admins, who often type in a form that a
district sent by e-mail; each edit and the load itself are logged as coming from a form. After the
deadline the province may reopen a district (`reopen`), which sets a new deadline for it
and, if the list had been submitted or approved, sends it back to "returned".

A registry import can leave a submitted list holding nominations the engine no longer
supports (`stale_nominations`: a candidate in no tier any more, or a fallback nomination
once tier 1 can fill the quota). Approval waits until the province has decided on each:
keep it anyway with a reason (`keep`, logged), or return the list to the district.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import ADMIN
from accounts.rules import DISTRICT_OFFICER as DISTRICT
from accounts.rules import PROVINCIAL_STAFF as PROVINCE
from allocations.rules import AT_LEAST, EXACT, fallback_places
from registry.thai import be_date_short, thai_digits

# A submission's statuses, the values of nominations.models.SubmissionStatus.
DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"

EDIT = "edit"  # nominate, remove, move, justify
LOAD_FORM = "load_form"  # the same edits, from the district's filled return form
EDIT_ACTIONS = (EDIT, LOAD_FORM)  # what an edit service may be checked under
SUBMIT, RETURN, APPROVE, REOPEN = "submit", "return", "approve", "reopen"
KEEP = "keep"  # the province keeps a nomination the registry no longer supports

# Why a nomination is stale (see `stale_nominations`).
INELIGIBLE, FALLBACK_NOT_NEEDED = "ineligible", "fallback_not_needed"


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one district's submission at one moment."""

    role: str
    status: str
    round_open: bool = True
    deadline: dt.date | None = None
    today: dt.date | None = None
    quota_amount: int | None = None
    quota_kind: str = EXACT
    count: int = 0
    problems: tuple[str, ...] = ()  # nominations that no longer pass the rules
    stale: tuple[str, ...] = ()  # stale nominations the province has not decided on
    comment: str = ""
    reason: str = ""  # why the province keeps a stale nomination
    reopen_until: dt.date | None = None


# ---------------------------------------------------------------- preconditions


def _numbers(**values) -> dict:
    """Counts for a message, in Thai digits."""
    return {name: thai_digits(value) for name, value in values.items()}


def past_deadline(deadline: dt.date | None, today: dt.date | None) -> bool:
    """The deadline day itself still counts; no deadline means no limit."""
    return deadline is not None and today is not None and today > deadline


def quota_problem(kind: str, amount: int | None, count: int) -> str | None:
    """What is missing (or too much) for the quota rule, in Thai; None when it holds."""
    if amount is None:
        return _("อำเภอนี้ยังไม่มีจำนวนจัดสรรในรอบนี้")
    if kind == AT_LEAST:
        if count < amount:
            return _(
                "ต้องเสนออย่างน้อย %(amount)s ราย ขณะนี้เสนอ %(count)s ราย ยังขาดอีก %(missing)s ราย"
            ) % _numbers(amount=amount, count=count, missing=amount - count)
        return None
    if count < amount:
        return _(
            "ต้องเสนอให้ครบ %(amount)s ราย ขณะนี้เสนอ %(count)s ราย ยังขาดอีก %(missing)s ราย"
        ) % _numbers(amount=amount, count=count, missing=amount - count)
    if count > amount:
        return _("ต้องเสนอ %(amount)s รายพอดี ขณะนี้เสนอ %(count)s ราย เกินมา %(extra)s ราย") % _numbers(
            amount=amount, count=count, extra=count - amount
        )
    return None


def room_left(kind: str, amount: int | None, count: int) -> bool:
    """May one more be nominated? An exact quota is a ceiling; "at least" has none."""
    if amount is None:
        return False
    return kind == AT_LEAST or count < amount


def fallback_room(*, amount: int | None, tier1_eligible: int, fallback_nominated: int) -> int:
    """How many more fallback-tier nominations the district may make.

    The fallback tier fills only what tier 1 cannot (`allocations.rules.fallback_places`:
    quota minus tier-1 eligible), less the fallback nominations already made. Zero when
    tier 1 is not short.
    """
    return max(fallback_places(amount, tier1_eligible) - fallback_nominated, 0)


# Why a candidate may not be nominated now (`Refusal.kind`).
NOMINATED, NO_QUOTA, QUOTA_FULL, FALLBACK_FULL, PRODUCER_LIMIT, NO_JUSTIFICATION = (
    "nominated",
    "no_quota",
    "quota_full",
    "fallback_full",
    "producer_limit",
    "no_justification",
)


@dataclass(frozen=True)
class CandidateFacts:
    """What decides whether one eligible candidate may be nominated now (the list being
    editable is the workflow's `EDIT` check, asked apart).

    `justification` None: not known yet, the page's form will ask for it (then the check
    is the form's `required` field, which `needs_justification` decides); the service
    passes what the officer typed.
    """

    name: str  # “name” (code), for the messages
    tier: int
    already_nominated: bool
    quota_kind: str
    quota_amount: int | None
    count: int  # the district's nominations
    tier1_eligible: int
    fallback_nominated: int
    max_per_producer: int | None = None  # a product round's limit per producer
    same_producer: int = 0  # nominations of this product's producer
    needs_justification: bool = False
    justification: str | None = ""


@dataclass(frozen=True)
class Refusal:
    kind: str
    text: str


def nomination_refusal(f: CandidateFacts) -> Refusal | None:
    """Why this candidate may not be nominated now (Thai), or None. The one rule the
    page asks before showing a "nominate" button and the service before nominating."""
    if f.already_nominated:
        return Refusal(NOMINATED, _("%(name)s ได้รับการเสนอชื่อแล้ว") % {"name": f.name})
    if not room_left(f.quota_kind, f.quota_amount, f.count):
        if f.quota_amount is None:
            return Refusal(NO_QUOTA, _("อำเภอนี้ยังไม่มีจำนวนจัดสรรในรอบนี้"))
        return Refusal(
            QUOTA_FULL,
            _("เสนอชื่อครบ %(amount)s รายตามจำนวนจัดสรรแล้ว ถอนชื่อรายอื่นก่อนหากต้องการเปลี่ยน")
            % {"amount": thai_digits(f.quota_amount)},
        )
    if f.tier > 1:
        room = fallback_room(
            amount=f.quota_amount,
            tier1_eligible=f.tier1_eligible,
            fallback_nominated=f.fallback_nominated,
        )
        if room <= 0:
            return Refusal(
                FALLBACK_FULL,
                _(
                    "%(name)s อยู่ในชั้นสำรอง ซึ่งเสนอได้เฉพาะเมื่อผู้ผ่านเกณฑ์หลัก "
                    "(ชั้นที่ ๑ มี %(tier1)s ราย) ไม่พอกับจำนวนจัดสรร และเสนอได้ไม่เกินจำนวนที่ขาด"
                )
                % {"name": f.name, "tier1": thai_digits(f.tier1_eligible)},
            )
    if f.max_per_producer and f.same_producer >= f.max_per_producer:
        return Refusal(
            PRODUCER_LIMIT,
            _("ผู้ผลิตหนึ่งรายเสนอได้ไม่เกิน %(n)s ผลิตภัณฑ์") % {"n": thai_digits(f.max_per_producer)},
        )
    if f.needs_justification and f.justification is not None and not f.justification.strip():
        return Refusal(
            NO_JUSTIFICATION,
            _("ต้องระบุเหตุผลประกอบการพิจารณาของ %(name)s (รอบนี้ให้เจ้าหน้าที่อำเภอพิจารณาและระบุเหตุผล)")
            % {"name": f.name},
        )
    return None


@dataclass(frozen=True)
class Nominated:
    """One nomination as the engine judges it now: the input of `stale_nominations`."""

    pk: int
    position: int
    tier: int | None  # the candidate's tier now; None: in no tier
    name: str = ""  # “name” (code), for the messages
    failure: str = ""  # an ineligible one's first failing criterion, when known


@dataclass(frozen=True)
class Stale:
    """A nomination the current verdict no longer supports: which, what kind, why (Thai)."""

    pk: int
    kind: str  # INELIGIBLE or FALLBACK_NOT_NEEDED
    text: str


def stale_nominations(
    nominated: Sequence[Nominated], *, amount: int | None, tier1_eligible: int
) -> list[Stale]:
    """The nominations that a registry change has left unjustified, in list order.

    A candidate in no tier any more is stale. A fallback-tier candidate is stale beyond
    what tier 1 now lacks: the `fallback_room` arithmetic that limits nominating (quota
    minus tier-1 eligible) says how many fallback nominations the list may hold, and the
    first ones in the district's order keep those places, so the lowest priorities are
    flagged. Without a quota no fallback is flagged: the quota rule refuses the list.
    """
    allowed = fallback_room(amount=amount, tier1_eligible=tier1_eligible, fallback_nominated=0)
    found, fallback = [], 0
    for n in sorted(nominated, key=lambda n: n.position):
        if n.tier is None:
            text = _("%(name)s ไม่ผ่านเกณฑ์ของรอบนี้แล้ว") % {"name": n.name}
            found.append(Stale(n.pk, INELIGIBLE, f"{text}: {n.failure}" if n.failure else text))
            continue
        if n.tier == 1 or amount is None:
            continue
        fallback += 1
        if fallback <= allowed:
            continue
        values = {"name": n.name, **_numbers(tier1=tier1_eligible, amount=amount, allowed=allowed)}
        if allowed == 0:
            text = _(
                "%(name)s อยู่ในชั้นสำรอง แต่ขณะนี้ผู้ผ่านเกณฑ์หลัก (ชั้นที่ ๑) มี %(tier1)s ราย "
                "พอกับจำนวนจัดสรร %(amount)s รายแล้ว จึงไม่ต้องใช้ชั้นสำรอง"
            )
        else:
            text = _(
                "%(name)s อยู่ในชั้นสำรอง แต่ขณะนี้ผู้ผ่านเกณฑ์หลัก (ชั้นที่ ๑) มี %(tier1)s ราย "
                "ชั้นสำรองจึงเสนอได้ไม่เกิน %(allowed)s ราย"
            )
        found.append(Stale(n.pk, FALLBACK_NOT_NEEDED, text % values))
    return found


def _round_open(f: Facts) -> str | None:
    return None if f.round_open else _("รอบนี้ไม่ได้เปิดรับการเสนอชื่อ")


def _in_time(f: Facts) -> str | None:
    if past_deadline(f.deadline, f.today):
        return _("เลยกำหนดส่ง %(deadline)s แล้ว แก้ไขหรือส่งไม่ได้จนกว่าจังหวัดจะเปิดให้แก้ไข") % {
            "deadline": be_date_short(f.deadline)
        }
    return None


def _quota_holds(f: Facts) -> str | None:
    return quota_problem(f.quota_kind, f.quota_amount, f.count)


def _nominations_valid(f: Facts) -> list[str]:
    return list(f.problems)


def _comment_given(f: Facts) -> str | None:
    return None if f.comment.strip() else _("ต้องระบุความเห็นว่าต้องแก้ไขอะไร")


def _nothing_stale(f: Facts) -> list[str]:
    if not f.stale:
        return []
    lead = _(
        "ยังอนุมัติไม่ได้: มีรายชื่อที่ทะเบียนล่าสุดไม่รองรับแล้ว %(n)s ราย "
        "ให้ยืนยันคงไว้พร้อมเหตุผลทีละราย หรือส่งกลับให้อำเภอแก้ไข"
    ) % _numbers(n=len(f.stale))
    return [lead, *f.stale]


def _reason_given(f: Facts) -> str | None:
    return None if f.reason.strip() else _("ต้องระบุเหตุผลที่คงรายชื่อนี้ไว้")


def _after_deadline(f: Facts) -> str | None:
    if not past_deadline(f.deadline, f.today):
        return _("ยังไม่เลยกำหนดส่ง อำเภอยังแก้ไขได้อยู่แล้ว")
    return None


def _new_deadline(f: Facts) -> str | None:
    if f.reopen_until is None:
        return _("ต้องระบุวันที่ขยายเวลาให้")
    if f.today and f.reopen_until < f.today:
        return _("วันที่ขยายเวลาต้องไม่ก่อนวันนี้")
    return None


Precondition = Callable[[Facts], "str | list[str] | None"]


@dataclass(frozen=True)
class Transition:
    """An action: the statuses it starts from and where each goes, who may take it, and
    what must hold first."""

    action: str
    label: str
    moves: dict[str, str]  # from status -> to status
    roles: frozenset[str]
    preconditions: tuple[Precondition, ...] = field(default_factory=tuple)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            EDIT,
            gettext_lazy("แก้ไขรายชื่อ"),
            {DRAFT: DRAFT, RETURNED: RETURNED},
            frozenset({DISTRICT}),
            (_round_open, _in_time),
        ),
        Transition(
            LOAD_FORM,
            gettext_lazy("นำเข้าแบบรายงานของอำเภอ"),
            {DRAFT: DRAFT, RETURNED: RETURNED},
            frozenset({DISTRICT, PROVINCE, ADMIN}),
            (_round_open, _in_time),
        ),
        Transition(
            SUBMIT,
            gettext_lazy("ส่งรายชื่อ"),
            {DRAFT: SUBMITTED, RETURNED: SUBMITTED},
            frozenset({DISTRICT}),
            (_round_open, _in_time, _quota_holds, _nominations_valid),
        ),
        Transition(
            RETURN,
            gettext_lazy("ส่งกลับให้แก้ไข"),
            {SUBMITTED: RETURNED},
            frozenset({PROVINCE, ADMIN}),
            (_round_open, _comment_given),
        ),
        Transition(
            APPROVE,
            gettext_lazy("อนุมัติ"),
            {SUBMITTED: APPROVED},
            frozenset({PROVINCE, ADMIN}),
            (_round_open, _nothing_stale),
        ),
        Transition(
            KEEP,
            gettext_lazy("ยืนยันคงรายชื่อไว้"),
            {SUBMITTED: SUBMITTED, APPROVED: APPROVED},
            frozenset({PROVINCE, ADMIN}),
            (_round_open, _reason_given),
        ),
        Transition(
            REOPEN,
            gettext_lazy("เปิดให้แก้ไขหลังกำหนดส่ง"),
            {DRAFT: DRAFT, RETURNED: RETURNED, SUBMITTED: RETURNED, APPROVED: RETURNED},
            frozenset({PROVINCE, ADMIN}),
            (_round_open, _after_deadline, _new_deadline),
        ),
    )
}

STATUS_TH = {
    DRAFT: gettext_lazy("ร่าง (ยังไม่ส่ง)"),
    SUBMITTED: gettext_lazy("ส่งแล้ว รอตรวจ"),
    RETURNED: gettext_lazy("ส่งกลับให้แก้ไข"),
    APPROVED: gettext_lazy("อนุมัติแล้ว"),
}


def problems(action: str, facts: Facts) -> list[str]:
    """Every reason, in Thai, why `action` may not be taken now (empty: allowed)."""
    transition = TRANSITIONS[action]
    if facts.role not in transition.roles:
        return [_("บทบาทของท่านไม่มีสิทธิ์%(action)s") % {"action": transition.label}]
    if facts.status not in transition.moves:
        status = STATUS_TH.get(facts.status, facts.status)
        return [
            _("%(action)sไม่ได้เมื่อสถานะเป็น “%(status)s”")
            % {"action": transition.label, "status": status}
        ]
    found: list[str] = []
    for precondition in transition.preconditions:
        result = precondition(facts)
        if isinstance(result, list):
            found += result
        elif result:
            found.append(result)
    return found


def allowed(action: str, facts: Facts) -> bool:
    return not problems(action, facts)


def check(action: str, facts: Facts) -> str:
    """The status after `action`, or ValidationError with every reason in Thai."""
    found = problems(action, facts)
    if found:
        raise ValidationError(found)
    return TRANSITIONS[action].moves[facts.status]
