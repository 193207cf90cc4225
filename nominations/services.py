"""Writes of the nomination workflow. Keyword-only, atomic, every change logged.

Each write locks the district's `Submission` row (`select_for_update`) before it reads
anything it decides on, so two officers clicking "nominate" on the last slot of an exact
quota at the same moment are serialised: the second one sees the first one's nomination
and is refused. The unique constraints of `selection.Nomination` catch duplicates even
without the lock.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import Quota
from nominations import rules
from nominations.models import Action, RoundParticipation, Submission, SubmissionEvent
from registry.models import Participation, Product
from registry.thai import be_date_short, thai_digits
from selection.criteria import PRODUCT
from selection.engine import CandidateResult, DistrictCandidates, district_candidates
from selection.models import Nomination, Round, RoundStatus

# ---------------------------------------------------------------- helpers


def role_of(user, *, round_: Round, district_code: str) -> str:
    """The user's role for this district's submission; "" when outside their scope."""
    if user is None:
        return ""
    if user.is_admin:
        return rules.ADMIN
    if user.is_provincial_staff and user.province_id == round_.province_id:
        return rules.PROVINCE
    if user.is_district_officer and user.district_id == district_code:
        return rules.DISTRICT
    return ""


def submission_get_or_create(*, round_: Round, district_code: str) -> Submission:
    if district_code[:2] != round_.province_id:
        raise ValidationError(_("อำเภอนี้ไม่อยู่ในจังหวัดของรอบนี้"))
    submission, _created = Submission.objects.get_or_create(round=round_, district_id=district_code)
    return submission


def _locked(round_: Round, district_code: str) -> Submission:
    """The district's submission, locked for the rest of the transaction."""
    submission_get_or_create(round_=round_, district_code=district_code)
    submission = Submission.objects.select_for_update().get(round=round_, district_id=district_code)
    submission.round = round_
    return submission


def _quota(round_: Round, district_code: str) -> Quota | None:
    return Quota.objects.filter(round=round_, district_id=district_code).first()


def candidate_key(nomination: Nomination, unit: str) -> int:
    """The engine's candidate pk of a nomination: its product or its producer."""
    return nomination.product_id if unit == PRODUCT else nomination.producer_id


def submission_facts(submission: Submission, user, *, count=0, problems=(), **extra) -> rules.Facts:
    round_ = submission.round
    quota = extra.pop("quota", None)
    return rules.Facts(
        role=role_of(user, round_=round_, district_code=submission.district_id),
        status=submission.status,
        round_open=round_.status == RoundStatus.OPEN,
        deadline=submission.deadline,
        today=timezone.localdate(),
        quota_amount=quota.amount if quota else None,
        quota_kind=quota.kind if quota else rules.EXACT,
        count=count,
        problems=tuple(problems),
        **extra,
    )


def _log(submission: Submission, user, action: str, **detail) -> SubmissionEvent:
    now = timezone.now()
    Submission.objects.filter(pk=submission.pk).update(changed_at=now, changed_by=user)
    submission.changed_at, submission.changed_by = now, user
    return SubmissionEvent.objects.create(
        submission=submission, actor=user, at=now, action=action, detail=detail
    )


def _describe(nomination: Nomination) -> dict:
    target = nomination.product or nomination.producer
    return {"code": target.code, "name": target.name, "tier": nomination.tier}


def _label(candidate: CandidateResult) -> str:
    return f"“{candidate.facts.name}” ({candidate.facts.code})"


# ---------------------------------------------------------------- edits


def _edit_check(submission: Submission, by, through: str) -> dict:
    """Check an edit under `through` (rules.EDIT, or rules.LOAD_FORM when it comes from
    the district's filled form: then provincial staff may make it too). Returns what the
    event records about where the edit came from."""
    if through not in rules.EDIT_ACTIONS:
        raise ValueError(f"not an edit action: {through}")
    rules.check(through, submission_facts(submission, by))
    return {"via": rules.LOAD_FORM} if through == rules.LOAD_FORM else {}


def nomination_add(
    *,
    round_: Round,
    district_code: str,
    candidate_pk: int,
    by,
    justification: str = "",
    through: str = rules.EDIT,
) -> Nomination:
    """Nominate one of the district's candidates.

    Refused (ValidationError, Thai) unless: the list may be edited now (status, round
    open, deadline; `through` names the workflow action checked, see `_edit_check`); the
    candidate is eligible now per the engine; an exact quota has room; a fallback-tier
    candidate fills only what tier 1 lacks; a justification is given where the
    candidate's tier asks for the officer's judgement.
    """
    justification = justification.strip()
    with transaction.atomic():
        submission = _locked(round_, district_code)
        via = _edit_check(submission, by, through)
        result = district_candidates(round_, district_code)
        candidate = next((c for c in result.candidates if c.facts.pk == candidate_pk), None)
        if candidate is None:
            raise ValidationError(_("รายการนี้ไม่ผ่านเกณฑ์ของรอบนี้ในอำเภอนี้ จึงเสนอชื่อไม่ได้"))
        nominations = list(
            Nomination.objects.filter(round=round_, district_id=district_code).select_related(
                "product__producer"
            )
        )
        _check_addable(round_, result, candidate, nominations, justification)
        nomination = Nomination(
            round=round_,
            district_id=district_code,
            producer_id=candidate.facts.pk if result.compiled.unit != PRODUCT else None,
            product_id=candidate.facts.pk if result.compiled.unit == PRODUCT else None,
            tier=candidate.tier,
            justification=justification,
            position=max((n.position for n in nominations), default=0) + 1,
            created_by=by,
        )
        if nomination.product_id:
            nomination.producer_id = Product.objects.values_list("producer_id", flat=True).get(
                pk=nomination.product_id
            )
        nomination.full_clean()
        nomination.save()
        _log(
            submission,
            by,
            Action.NOMINATE,
            **_describe(nomination),
            position=nomination.position,
            **via,
        )
    return nomination


def _check_addable(round_, result: DistrictCandidates, candidate, nominations, justification):
    unit = result.compiled.unit
    if any(candidate_key(n, unit) == candidate.facts.pk for n in nominations):
        raise ValidationError(_("%(name)s ได้รับการเสนอชื่อแล้ว") % {"name": _label(candidate)})
    quota = _quota(round_, result.district_code)
    amount = quota.amount if quota else None
    if not rules.room_left(quota.kind if quota else rules.EXACT, amount, len(nominations)):
        if amount is None:
            raise ValidationError(_("อำเภอนี้ยังไม่มีจำนวนจัดสรรในรอบนี้"))
        raise ValidationError(
            _("เสนอชื่อครบ %(amount)s รายตามจำนวนจัดสรรแล้ว ถอนชื่อรายอื่นก่อนหากต้องการเปลี่ยน")
            % {"amount": thai_digits(amount)}
        )
    if candidate.tier > 1:
        room = rules.fallback_room(
            amount=amount,
            tier1_eligible=result.count(1),
            fallback_nominated=sum(1 for n in nominations if n.tier > 1),
        )
        if room <= 0:
            raise ValidationError(
                _(
                    "%(name)s อยู่ในชั้นสำรอง ซึ่งเสนอได้เฉพาะเมื่อผู้ผ่านเกณฑ์หลัก "
                    "(ชั้นที่ ๑ มี %(tier1)s ราย) ไม่พอกับจำนวนจัดสรร และเสนอได้ไม่เกินจำนวนที่ขาด"
                )
                % {"name": _label(candidate), "tier1": thai_digits(result.count(1))}
            )
    max_products = round_.max_products_per_producer
    if unit == PRODUCT and max_products:
        owner = candidate.facts.producer_code
        same = sum(1 for n in nominations if n.product and n.product.producer.code == owner)
        if same >= max_products:
            raise ValidationError(
                _("ผู้ผลิตหนึ่งรายเสนอได้ไม่เกิน %(n)s ผลิตภัณฑ์") % {"n": thai_digits(max_products)}
            )
    if candidate.needs_justification and not justification:
        raise ValidationError(
            _("ต้องระบุเหตุผลประกอบการพิจารณาของ %(name)s (รอบนี้ให้เจ้าหน้าที่อำเภอพิจารณาและระบุเหตุผล)")
            % {"name": _label(candidate)}
        )


def _locked_nomination(nomination: Nomination, by, through: str = rules.EDIT):
    """(the district's locked submission, what the event records of `through`)."""
    submission = _locked(nomination.round, nomination.district_id)
    return submission, _edit_check(submission, by, through)


def nomination_remove(*, nomination: Nomination, by, through: str = rules.EDIT) -> None:
    with transaction.atomic():
        submission, via = _locked_nomination(nomination, by, through)
        detail = _describe(nomination)
        nomination.delete()
        _renumber(nomination.round, nomination.district_id)
        _log(submission, by, Action.REMOVE, **detail, **via)


def _renumber(round_: Round, district_code: str) -> list[Nomination]:
    nominations = list(Nomination.objects.filter(round=round_, district_id=district_code))
    for position, n in enumerate(nominations, start=1):
        if n.position != position:
            n.position = position
            n.save(update_fields=["position"])
    return nominations


def nomination_move(*, nomination: Nomination, direction: str, by) -> None:
    """Move one place up or down the district's ordered list (a no-op at either end)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("ทิศทางต้องเป็น up หรือ down"))
    with transaction.atomic():
        submission, _via = _locked_nomination(nomination, by)
        nominations = _renumber(nomination.round, nomination.district_id)
        index = next(i for i, n in enumerate(nominations) if n.pk == nomination.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(nominations):
            return
        a, b = nominations[index], nominations[other]
        a.position, b.position = b.position, a.position
        a.save(update_fields=["position"])
        b.save(update_fields=["position"])
        _log(
            submission,
            by,
            Action.MOVE,
            **_describe(a),
            from_position=b.position,
            to_position=a.position,
        )


def nomination_justify(
    *, nomination: Nomination, justification: str, by, through: str = rules.EDIT
) -> Nomination:
    justification = justification.strip()
    with transaction.atomic():
        submission, via = _locked_nomination(nomination, by, through)
        old = nomination.justification
        if old == justification:
            return nomination
        nomination.justification = justification
        nomination.full_clean()
        nomination.save(update_fields=["justification"])
        _log(
            submission,
            by,
            Action.JUSTIFY,
            **_describe(nomination),
            old=old,
            new=justification,
            **via,
        )
    return nomination


# ---------------------------------------------------------------- re-check


def recheck(
    *, round_: Round, district_code: str, nominations: list[Nomination], result: DistrictCandidates
) -> tuple[list[str], dict[int, int]]:
    """Every nomination checked against the rules as they stand now.

    Returns the problems (Thai, naming the candidate) and {nomination pk: current tier}
    for those still eligible. `result` must include the near misses.
    """
    unit = result.compiled.unit
    by_pk = {c.facts.pk: c for c in result.candidates}
    misses = {c.facts.pk: c for c in result.near_misses}
    found, tiers = [], {}
    for n in nominations:
        key = candidate_key(n, unit)
        candidate = by_pk.get(key)
        if candidate is None:
            miss = misses.get(key)
            name = (
                f"“{miss.facts.name}” ({miss.facts.code})"
                if miss
                else _("รายการลำดับ %(n)s") % {"n": n.position}
            )
            reason = f": {miss.first_failures[0][1].text}" if miss and miss.first_failures else ""
            found.append(
                _("%(name)s ไม่ผ่านเกณฑ์ของรอบนี้แล้ว%(reason)s กรุณาถอนชื่อ")
                % {"name": name, "reason": reason}
            )
            continue
        tiers[n.pk] = candidate.tier
        if candidate.needs_justification and not n.justification.strip():
            found.append(_("%(name)s ยังไม่ได้ระบุเหตุผลประกอบการพิจารณา") % {"name": _label(candidate)})
    quota = _quota(round_, district_code)
    fallback = sum(1 for tier in tiers.values() if tier > 1)
    if fallback and quota is not None:
        allowed = max(quota.amount - result.count(1), 0)
        if fallback > allowed:
            found.append(
                _(
                    "เสนอชั้นสำรอง %(fallback)s ราย แต่ผู้ผ่านเกณฑ์หลักขาดเพียง %(allowed)s ราย "
                    "ให้เสนอจากชั้นที่ ๑ ก่อน"
                )
                % {"fallback": thai_digits(fallback), "allowed": thai_digits(allowed)}
            )
    return found, tiers


# ---------------------------------------------------------------- transitions


def submission_submit(*, submission: Submission, by) -> Submission:
    """Send the district's list to the province: the quota rule must hold and every
    nomination must still pass the rules (the registry may have changed)."""
    with transaction.atomic():
        round_ = submission.round
        submission = _locked(round_, submission.district_id)
        nominations = list(
            Nomination.objects.filter(round=round_, district_id=submission.district_id)
        )
        result = district_candidates(round_, submission.district_id, near_misses=True)
        found, tiers = recheck(
            round_=round_,
            district_code=submission.district_id,
            nominations=nominations,
            result=result,
        )
        facts = submission_facts(
            submission,
            by,
            count=len(nominations),
            problems=found,
            quota=_quota(round_, submission.district_id),
        )
        submission.status = rules.check(rules.SUBMIT, facts)
        for n in nominations:
            if tiers.get(n.pk, n.tier) != n.tier:
                n.tier = tiers[n.pk]
                n.save(update_fields=["tier"])
        submission.submitted_at = timezone.now()
        submission.save(update_fields=["status", "submitted_at"])
        _log(submission, by, Action.SUBMIT, count=len(nominations))
    return submission


def submission_return(*, submission: Submission, comment: str, by) -> Submission:
    comment = comment.strip()
    with transaction.atomic():
        submission = _locked(submission.round, submission.district_id)
        submission.status = rules.check(
            rules.RETURN, submission_facts(submission, by, comment=comment)
        )
        submission.return_comment = comment
        submission.save(update_fields=["status", "return_comment"])
        _log(submission, by, Action.RETURN, comment=comment)
    return submission


def submission_approve(*, submission: Submission, by) -> Submission:
    with transaction.atomic():
        submission = _locked(submission.round, submission.district_id)
        submission.status = rules.check(rules.APPROVE, submission_facts(submission, by))
        submission.save(update_fields=["status"])
        _log(submission, by, Action.APPROVE)
    return submission


def submission_reopen(*, submission: Submission, until: dt.date | None, by) -> Submission:
    """After the deadline, let the district edit again until `until` (its own deadline)."""
    with transaction.atomic():
        submission = _locked(submission.round, submission.district_id)
        before = submission.status
        submission.status = rules.check(
            rules.REOPEN, submission_facts(submission, by, reopen_until=until)
        )
        submission.reopened_until = until
        submission.save(update_fields=["status", "reopened_until"])
        _log(
            submission,
            by,
            Action.REOPEN,
            until=until.isoformat(),
            until_th=be_date_short(until),
            from_status=before,
        )
    return submission


# ---------------------------------------------------------------- form load


def submission_form_loaded(
    *, round_: Round, district_code: str, by, added: int, removed: int, kept: int, refused: int
) -> SubmissionEvent:
    """Record that `by` loaded the district's filled return form (documents.loadback),
    with what it did; the rows' own events (nominate, remove, justify) carry
    via="load_form". Checked under rules.LOAD_FORM like each of those edits."""
    with transaction.atomic():
        submission = _locked(round_, district_code)
        rules.check(rules.LOAD_FORM, submission_facts(submission, by))
        return _log(
            submission,
            by,
            Action.LOAD_FORM,
            added=added,
            removed=removed,
            kept=kept,
            refused=refused,
        )


# ---------------------------------------------------------------- round close


def participation_from_round(*, round_: Round, old: str, new: str) -> int:
    """On closing a round, its approved nominations become Participation of the round's
    program and fiscal year, so next year's "not a participant" rules see them.

    Closing again after a reopen makes the round's rows follow the approvals as they
    are now: rows this round wrote (`RoundParticipation`) whose nomination is no longer
    approved are removed, new approvals get rows, nothing is added twice. A row that
    already existed without a round link came from a spreadsheet: it is left alone, not
    claimed and never removed. A row two rounds both wrote goes only when neither still
    approves it. Returns the number of Participation rows created.
    """
    if new != RoundStatus.CLOSED:
        return 0
    approved = set(
        Nomination.objects.filter(
            round=round_,
            district__submissions__round=round_,
            district__submissions__status="approved",
        ).values_list("producer_id", "product_id")
    )
    links = {
        (link.participation.producer_id, link.participation.product_id): link
        for link in RoundParticipation.objects.filter(round=round_).select_related("participation")
    }
    for key, link in links.items():
        if key in approved:
            continue
        link.delete()
        if not RoundParticipation.objects.filter(participation_id=link.participation_id).exists():
            Participation.objects.filter(pk=link.participation_id).delete()
    created = 0
    for producer_id, product_id in sorted(approved - links.keys(), key=str):
        # Looked up by the participation's unique key (product for a product program).
        key = {"product_id": product_id} if product_id else {"producer_id": producer_id}
        row, was_created = Participation.objects.get_or_create(
            program=round_.program_id,
            fiscal_year=round_.fiscal_year,
            product__isnull=product_id is None,
            **key,
            defaults={"producer_id": producer_id, "product_id": product_id},
        )
        if was_created or row.round_links.exists():
            RoundParticipation.objects.create(round=round_, participation=row)
        created += was_created
    return created
