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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.thai import be_date_short, thai_digits

DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"
DISTRICT, PROVINCE, ADMIN = "district", "province", "admin"
EXACT, AT_LEAST = "exact", "at_least"

EDIT = "edit"  # nominate, remove, move, justify
LOAD_FORM = "load_form"  # the same edits, from the district's filled return form
EDIT_ACTIONS = (EDIT, LOAD_FORM)  # what an edit service may be checked under
SUBMIT, RETURN, APPROVE, REOPEN = "submit", "return", "approve", "reopen"


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
    comment: str = ""
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

    The fallback tier fills only what tier 1 cannot: quota minus tier-1 eligible, less the
    fallback nominations already made. Zero when tier 1 is not short.
    """
    if amount is None:
        return 0
    return max(amount - tier1_eligible - fallback_nominated, 0)


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
            (_round_open,),
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
