"""Writes of the nomination workflow. Keyword-only, atomic, every change logged.

Each write locks the district's `Submission` row (`select_for_update`) first and only
then reads what it decides on and changes, so two users acting on the same district at
the same moment are serialised: the second one sees what the first one did. Two officers
clicking "nominate" on the last slot of an exact quota: the second is refused. Two users
withdrawing the same nomination, or one withdrawing what the other justifies or moves:
the second gets `StaleState` ("already withdrawn or changed, reload") and nothing is
logged twice. The objects a caller passes in (a view loaded them before the request's
transaction, a form load planned them) are only used for their keys: every service
re-reads the nomination and the submission's status under the lock. A caller may pass
the state its user saw (`expected_status`, `expected_position`); when it has moved on,
the service refuses with `StaleState` rather than act on what the user did not see.
The unique constraints of `Nomination` catch duplicates even without the lock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Role
from accounts.rules import WORK
from allocations.models import Quota
from changelog.models import ChangeLog, ChangeSource
from changelog.services import change_build
from nominations import rules
from nominations.models import (
    Action,
    KeptNomination,
    Nomination,
    RoundParticipation,
    StaleKind,
    Submission,
)
from registry.models import Participation, Producer, Product, Target
from registry.scope import province_code_of
from selection.criteria import PRODUCT
from selection.engine import CandidateResult, DistrictCandidates, district_candidates
from selection.models import Round, RoundStatus
from selection.services import round_change_record

# ---------------------------------------------------------------- helpers


class StaleState(ValidationError):
    """What the user acted on is gone or has changed since their page showed it: another
    user (or tab) got there first. Views show the Thai message (htmx: a 409 with the
    working area as it is now); it is never a 500 and nothing is logged."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("รายชื่อนี้ถูกถอนหรือเปลี่ยนแปลงไปแล้ว โปรดโหลดหน้าใหม่"), code="stale")


def role_of(user, *, round_: Round, district_code: str) -> str:
    """The user's role for this district's submission; "" when outside their scope."""
    if user is None or not user.may(WORK, round_.province_id, district_code):
        return ""
    if user.is_admin:
        return rules.ADMIN
    return {Role.PROVINCIAL_STAFF: rules.PROVINCE, Role.DISTRICT_OFFICER: rules.DISTRICT}.get(
        user.role, ""
    )


def submission_get_or_create(*, round_: Round, district_code: str) -> Submission:
    if province_code_of(district_code) != round_.province_id:
        raise ValidationError(_("อำเภอนี้ไม่อยู่ในจังหวัดของรอบนี้"))
    submission, _created = Submission.objects.get_or_create(round=round_, district_id=district_code)
    return submission


def _locked(round_: Round, district_code: str) -> Submission:
    """The district's submission, locked for the rest of the transaction and read under
    the lock (its status is what the last committed change left)."""
    submission_get_or_create(round_=round_, district_code=district_code)
    submission = Submission.objects.select_for_update().get(round=round_, district_id=district_code)
    submission.round = round_
    return submission


def _locked_as_seen(submission: Submission, expected_status: str | None) -> Submission:
    """The submission locked and re-read; StaleState when its status is no longer the one
    the user saw (someone approved, returned or reopened it meanwhile)."""
    locked = _locked(submission.round, submission.district_id)
    if expected_status is not None and locked.status != expected_status:
        raise StaleState(
            _("สถานะของรายชื่อเปลี่ยนเป็น “%(status)s” แล้ว (มีผู้ดำเนินการก่อนหน้า) โปรดโหลดหน้าใหม่")
            % {"status": rules.STATUS_TH[locked.status]}
        )
    return locked


def _reread(nomination: Nomination, round_: Round) -> Nomination:
    """The nomination as it is now (call under the submission lock): StaleState when it
    has been withdrawn. Only the caller's keys are used, never its field values."""
    current = (
        Nomination.objects.filter(
            pk=nomination.pk, round=round_, district_id=nomination.district_id
        )
        .select_related("producer", "product")
        .first()
    )
    if current is None:
        raise StaleState()
    current.round = round_
    return current


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


# The change log's source_ref of what a filled return form did (stored data, not a message).
FORM_LOAD_REF = "แบบรายงานที่กรอกแล้ว"


def _log(
    submission: Submission,
    user,
    action: str,
    *,
    before: dict | None = None,
    after: dict | None = None,
    via: dict | None = None,
) -> ChangeLog:
    """One change log row on the district's submission (the timeline reads them), in the
    caller's transaction. `before`/`after` name the nomination where there is one (what
    `_describe` gives, on the side where it exists) beside the values that changed. An
    edit from the district's filled form (`via`) has the import as its source."""
    now = timezone.now()
    Submission.objects.filter(pk=submission.pk).update(changed_at=now, changed_by=user)
    submission.changed_at, submission.changed_by = now, user
    change = change_build(
        user=user,
        obj=submission,
        action=action,
        before=before,
        after=after,
        source=ChangeSource.IMPORT if via else ChangeSource.WEB,
        source_ref=FORM_LOAD_REF if via else "",
        round_id=submission.round_id,
        district_code=submission.district_id,
    )
    change.created_at = now
    change.save()
    return change


def _describe(nomination: Nomination) -> dict:
    """What the change log records of a nomination; `nomination` (its pk) lets a later request
    for a withdrawn one be told so (`selectors.nomination_was_removed`) rather than 404."""
    target = nomination.product or nomination.producer
    return {
        "code": target.code,
        "name": target.name,
        "tier": nomination.tier,
        "nomination": nomination.pk,
    }


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
                "producer"
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
        _target_follow(round_, nomination)
        _log(
            submission,
            by,
            Action.NOMINATE,
            after={**_describe(nomination), "position": nomination.position},
            via=via,
        )
    return nomination


def target_sync(
    *, program: str, fiscal_year: int, producer_id: int, product_id: int | None
) -> None:
    """Make the registry's `Target` of one candidate follow the nominations (call in the
    transaction that nominated or withdrew it): a row while a round of the program and
    fiscal year nominates it, none once no round does. The "not a target" criterion reads
    these rows instead of the nominations (selection sits below this app).

    The row is locked before the nominations are counted, so two rounds of the same
    program and year adding and withdrawing the same candidate at once are serialised:
    the later one sees what the first committed, and a nomination never lasts without its
    row. Two adds at once meet at the unique constraint (`get_or_create` takes the row
    the other wrote)."""
    key = {"program": program, "fiscal_year": fiscal_year}
    key |= {"product_id": product_id} if product_id else {"producer_id": producer_id}
    row = Target.objects.select_for_update().filter(product__isnull=not product_id, **key).first()
    nominated = Nomination.objects.filter(
        round__program_id=program,
        round__fiscal_year=fiscal_year,
        producer_id=producer_id,
        product_id=product_id,
    ).exists()
    if nominated and row is None:
        Target.objects.get_or_create(
            product__isnull=not product_id,
            **key,
            defaults={"producer_id": producer_id, "product_id": product_id},
        )
    elif row is not None and not nominated:
        row.delete()


def _target_follow(round_: Round, nomination: Nomination) -> None:
    target_sync(
        program=round_.program_id,
        fiscal_year=round_.fiscal_year,
        producer_id=nomination.producer_id,
        product_id=nomination.product_id,
    )


def candidate_facts(
    round_: Round,
    result: DistrictCandidates,
    candidate: CandidateResult,
    nominations: list[Nomination],
    quota: Quota | None,
    *,
    justification: str | None,
) -> rules.CandidateFacts:
    """What `rules.nomination_refusal` needs to know of one candidate: the same facts
    for the page's button (`justification` None: the form asks) and for the service.
    `nominations` are the district's, with their producer loaded (a product's
    nomination names the product's owner)."""
    unit = result.compiled.unit
    owner = candidate.facts.producer_code
    return rules.CandidateFacts(
        name=_label(candidate),
        tier=candidate.tier,
        already_nominated=any(candidate_key(n, unit) == candidate.facts.pk for n in nominations),
        quota_kind=quota.kind if quota else rules.EXACT,
        quota_amount=quota.amount if quota else None,
        count=len(nominations),
        tier1_eligible=result.count(1),
        fallback_nominated=sum(1 for n in nominations if n.tier > 1),
        max_per_producer=round_.max_products_per_producer if unit == PRODUCT else None,
        same_producer=sum(1 for n in nominations if n.product_id and n.producer.code == owner)
        if unit == PRODUCT
        else 0,
        needs_justification=candidate.needs_justification,
        justification=justification,
    )


def _check_addable(round_, result: DistrictCandidates, candidate, nominations, justification):
    quota = _quota(round_, result.district_code)
    facts = candidate_facts(
        round_, result, candidate, nominations, quota, justification=justification
    )
    refusal = rules.nomination_refusal(facts)
    if refusal:
        raise ValidationError(refusal.text)


def _locked_nomination(nomination: Nomination, by, through: str = rules.EDIT):
    """Lock the district's submission, check the edit, then re-read the nomination under
    the lock. Returns (submission, the nomination as it is now, what the event records of
    `through`); StaleState when it has been withdrawn meanwhile."""
    round_ = nomination.round
    submission = _locked(round_, nomination.district_id)
    via = _edit_check(submission, by, through)
    return submission, _reread(nomination, round_), via


def nomination_remove(*, nomination: Nomination, by, through: str = rules.EDIT) -> None:
    """Withdraw a nomination; StaleState when someone else already has (logged once)."""
    with transaction.atomic():
        submission, current, via = _locked_nomination(nomination, by, through)
        detail = _describe(current)
        current.delete()
        _target_follow(current.round, current)
        _renumber(current.round, current.district_id)
        _log(submission, by, Action.REMOVE, before=detail, via=via)


def _renumber(round_: Round, district_code: str) -> list[Nomination]:
    nominations = list(Nomination.objects.filter(round=round_, district_id=district_code))
    for position, n in enumerate(nominations, start=1):
        if n.position != position:
            n.position = position
            n.save(update_fields=["position"])
    return nominations


def nomination_move(
    *, nomination: Nomination, direction: str, by, expected_position: int | None = None
) -> None:
    """Move one place up or down the district's ordered list (a no-op at either end).

    StaleState when the nomination is gone, or no longer at `expected_position` (the
    place the user saw it in: someone moved or withdrew one meanwhile)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("ทิศทางต้องเป็น up หรือ down"))
    with transaction.atomic():
        submission, current, _via = _locked_nomination(nomination, by)
        if expected_position is not None and current.position != expected_position:
            raise StaleState()
        nominations = _renumber(current.round, current.district_id)
        index = next(i for i, n in enumerate(nominations) if n.pk == current.pk)
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
            before={**_describe(current), "position": b.position},
            after={**_describe(current), "position": a.position},
        )


def nomination_justify(
    *, nomination: Nomination, justification: str, by, through: str = rules.EDIT
) -> Nomination:
    """Set the officer's justification. The old text the event records is the one under
    the lock; the same text again changes and logs nothing. StaleState when withdrawn."""
    justification = justification.strip()
    with transaction.atomic():
        submission, current, via = _locked_nomination(nomination, by, through)
        old = current.justification
        if old == justification:
            return current
        current.justification = justification
        current.full_clean()
        current.save(update_fields=["justification"])
        _log(
            submission,
            by,
            Action.JUSTIFY,
            before={**_describe(current), "justification": old},
            after={**_describe(current), "justification": justification},
            via=via,
        )
    return current


# ---------------------------------------------------------------- re-check

# What the officer is asked to do about a stale nomination before submitting.
_ADVICE = {
    rules.INELIGIBLE: _lazy("กรุณาถอนชื่อ"),
    rules.FALLBACK_NOT_NEEDED: _lazy("กรุณาถอนชื่อแล้วเสนอจากชั้นที่ ๑ แทน"),
}


@dataclass
class StaleCheck:
    """A district's nominations against the engine's verdict as it is now."""

    result: DistrictCandidates
    tiers: dict[int, int]  # nomination pk -> its candidate's tier now (eligible ones)
    stale: list[rules.Stale]
    kept: dict[tuple[int, str], KeptNomination] = field(default_factory=dict)

    def kept_for(self, stale: rules.Stale) -> KeptNomination | None:
        return self.kept.get((stale.pk, stale.kind))

    @property
    def undecided(self) -> list[rules.Stale]:
        """The stale nominations the province has not decided to keep."""
        return [s for s in self.stale if self.kept_for(s) is None]


def advice(stale: rules.Stale) -> str:
    return str(_ADVICE[stale.kind])


def stale_check(
    *,
    round_: Round,
    district_code: str,
    nominations: list[Nomination],
    quota: Quota | None,
    result: DistrictCandidates | None = None,
) -> StaleCheck:
    """Which nominations the registry no longer supports (`rules.stale_nominations`),
    and the province's decisions on them.

    `result` is the engine's candidates (without near misses); the near misses, which
    say why a candidate dropped out, are only asked for when one has. The decisions are
    read only when something is stale, so a clean list costs no query here."""
    result = result or district_candidates(round_, district_code)
    unit = result.compiled.unit
    by_pk = {c.facts.pk: c for c in result.candidates}
    misses = {}
    if any(candidate_key(n, unit) not in by_pk for n in nominations):
        misses = {
            c.facts.pk: c
            for c in district_candidates(
                round_, district_code, near_misses=True, compiled=result.compiled
            ).near_misses
        }
    states, tiers = [], {}
    for n in nominations:
        key = candidate_key(n, unit)
        candidate = by_pk.get(key)
        if candidate is not None:
            tiers[n.pk] = candidate.tier
            states.append(rules.Nominated(n.pk, n.position, candidate.tier, _label(candidate)))
            continue
        miss = misses.get(key)
        name = _label(miss) if miss else _("รายการลำดับ %(n)s") % {"n": n.position}
        failure = miss.first_failures[0][1].text if miss and miss.first_failures else ""
        states.append(rules.Nominated(n.pk, n.position, None, name, failure))
    stale = rules.stale_nominations(
        states, amount=quota.amount if quota else None, tier1_eligible=result.count(1)
    )
    kept = {}
    if stale:
        kept = {
            (k.nomination_id, k.kind): k
            for k in KeptNomination.objects.filter(
                nomination__in=[s.pk for s in stale]
            ).select_related("by")
        }
    return StaleCheck(result, tiers, stale, kept)


def _submit_problems(check: StaleCheck, nominations: list[Nomination]) -> list[str]:
    """Why the list cannot be sent as it is: stale nominations the province has not
    decided to keep, and missing justifications where the round asks for them."""
    found = [f"{s.text} {advice(s)}" for s in check.undecided]
    unit = check.result.compiled.unit
    by_pk = {c.facts.pk: c for c in check.result.candidates}
    for n in nominations:
        candidate = by_pk.get(candidate_key(n, unit))
        if candidate and candidate.needs_justification and not n.justification.strip():
            found.append(_("%(name)s ยังไม่ได้ระบุเหตุผลประกอบการพิจารณา") % {"name": _label(candidate)})
    return found


def _district_check(submission: Submission) -> tuple[list[Nomination], StaleCheck, Quota | None]:
    """The district's nominations, their check and its quota (call under the lock)."""
    round_, code = submission.round, submission.district_id
    nominations = list(
        Nomination.objects.filter(round=round_, district_id=code).select_related(
            "producer", "product"
        )
    )
    quota = _quota(round_, code)
    check = stale_check(round_=round_, district_code=code, nominations=nominations, quota=quota)
    return nominations, check, quota


# ---------------------------------------------------------------- transitions


def submission_submit(
    *, submission: Submission, by, expected_status: str | None = None
) -> Submission:
    """Send the district's list to the province: the quota rule must hold and every
    nomination must still pass the rules (the registry may have changed) unless the
    province has decided to keep it. StaleState when the status is no longer
    `expected_status` (the one the officer saw)."""
    with transaction.atomic():
        submission = _locked_as_seen(submission, expected_status)
        nominations, check, quota = _district_check(submission)
        facts = submission_facts(
            submission,
            by,
            count=len(nominations),
            problems=_submit_problems(check, nominations),
            quota=quota,
        )
        before = submission.status
        submission.status = rules.check(rules.SUBMIT, facts)
        for n in nominations:
            if check.tiers.get(n.pk, n.tier) != n.tier:
                n.tier = check.tiers[n.pk]
                n.save(update_fields=["tier"])
        submission.submitted_at = timezone.now()
        submission.save(update_fields=["status", "submitted_at"])
        _log(
            submission,
            by,
            Action.SUBMIT,
            before={"status": before},
            after={"status": submission.status, "count": len(nominations)},
        )
    return submission


def submission_return(
    *, submission: Submission, comment: str, by, expected_status: str | None = None
) -> Submission:
    comment = comment.strip()
    with transaction.atomic():
        submission = _locked_as_seen(submission, expected_status)
        before = submission.status
        submission.status = rules.check(
            rules.RETURN, submission_facts(submission, by, comment=comment)
        )
        submission.return_comment = comment
        submission.save(update_fields=["status", "return_comment"])
        _log(
            submission,
            by,
            Action.RETURN,
            before={"status": before},
            after={"status": submission.status, "comment": comment},
        )
    return submission


def submission_approve(
    *, submission: Submission, by, expected_status: str | None = None
) -> Submission:
    """Approve the district's list. Refused while a nomination the registry no longer
    supports waits for the province's decision (`nomination_keep`, or return the list)."""
    with transaction.atomic():
        submission = _locked_as_seen(submission, expected_status)
        stale = ()
        if submission.status == rules.SUBMITTED:
            check = _district_check(submission)[1]
            stale = [s.text for s in check.undecided]
        before = submission.status
        submission.status = rules.check(
            rules.APPROVE, submission_facts(submission, by, stale=stale)
        )
        submission.save(update_fields=["status"])
        _log(
            submission,
            by,
            Action.APPROVE,
            before={"status": before},
            after={"status": submission.status},
        )
    return submission


def submission_reopen(
    *, submission: Submission, until: dt.date | None, by, expected_status: str | None = None
) -> Submission:
    """After the deadline, let the district edit again until `until` (its own deadline)."""
    with transaction.atomic():
        submission = _locked_as_seen(submission, expected_status)
        before = {"status": submission.status, "reopened_until": submission.reopened_until}
        submission.status = rules.check(
            rules.REOPEN, submission_facts(submission, by, reopen_until=until)
        )
        submission.reopened_until = until
        submission.save(update_fields=["status", "reopened_until"])
        _log(
            submission,
            by,
            Action.REOPEN,
            before=before,
            after={"status": submission.status, "reopened_until": until},
        )
    return submission


def nomination_keep(*, nomination: Nomination, kind: str, reason: str, by) -> KeptNomination:
    """The province keeps a nomination the registry no longer supports (`kind` names the
    problem it saw), with its reason; logged as a `keep` event. Refused unless the list
    is submitted or approved, the user is the province's, a reason is given; StaleState
    when the nomination is gone, no longer has that problem, or was already kept."""
    reason = reason.strip()
    if kind not in StaleKind.values:
        raise ValidationError(_("ไม่พบปัญหาที่ต้องตัดสินใจของรายชื่อนี้"))
    with transaction.atomic():
        round_ = nomination.round
        submission = _locked(round_, nomination.district_id)
        rules.check(rules.KEEP, submission_facts(submission, by, reason=reason))
        current = _reread(nomination, round_)
        check = _district_check(submission)[1]
        stale = next((s for s in check.stale if (s.pk, s.kind) == (current.pk, kind)), None)
        if stale is None:
            raise StaleState(_("รายชื่อนี้ไม่ต้องทบทวนแล้ว (ทะเบียนหรือรายชื่อเปลี่ยนไป) โปรดโหลดหน้าใหม่"))
        if check.kept_for(stale) is not None:
            raise StaleState(_("จังหวัดยืนยันคงรายชื่อนี้ไว้แล้ว โปรดโหลดหน้าใหม่"))
        kept = KeptNomination(
            nomination=current, kind=kind, problem=stale.text, reason=reason, by=by
        )
        kept.full_clean()
        kept.save()
        _log(
            submission,
            by,
            Action.KEEP,
            before=_describe(current),
            after={**_describe(current), "kind": kind, "problem": stale.text, "reason": reason},
        )
    return kept


# ---------------------------------------------------------------- form load


def submission_lock_for_load(*, round_: Round, district_code: str, by) -> Submission:
    """Start a form load (documents.loadback): lock the district's submission for the
    whole load, which the caller runs in one transaction, and check under the lock that
    `by` may load the district's form now (rules.LOAD_FORM)."""
    submission = _locked(round_, district_code)
    rules.check(rules.LOAD_FORM, submission_facts(submission, by))
    return submission


def submission_form_loaded(
    *, round_: Round, district_code: str, by, added: int, removed: int, kept: int, refused: int
) -> ChangeLog:
    """Record that `by` loaded the district's filled return form (documents.loadback),
    with what it did; the rows' own events (nominate, remove, justify) carry
    the import as their source. Checked under rules.LOAD_FORM like each of those edits."""
    with transaction.atomic():
        submission = _locked(round_, district_code)
        rules.check(rules.LOAD_FORM, submission_facts(submission, by))
        return _log(
            submission,
            by,
            Action.LOAD_FORM,
            after={"added": added, "removed": removed, "kept": kept, "refused": refused},
            via={"via": rules.LOAD_FORM},
        )


# ---------------------------------------------------------------- round close


# The round's change log action for the participation its closing writes or removes.
ROUND_PARTICIPATION = "round.participation"


def participation_from_round(
    *, round_: Round, user=None, source: str = ChangeSource.COMMAND
) -> int:
    """On closing a round (`lifecycle.services.round_close`), its approved nominations
    become Participation of the round's program and fiscal year, so next year's "not a
    participant" rules see them.

    Closing again after a reopen makes the round's rows follow the approvals as they
    are now: rows this round wrote (`RoundParticipation`) whose nomination is no longer
    approved are removed, new approvals get rows, nothing is added twice. A row that
    already existed without a round link came from a spreadsheet: it is left alone, not
    claimed and never removed. A row two rounds both wrote goes only when neither still
    approves it. Returns the number of Participation rows created. What changed (the
    candidates' codes removed and added) is one `round.participation` row of the round's
    change log; nothing changed, nothing logged.
    """
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
    removed, added = [], []
    for key, link in links.items():
        if key in approved:
            continue
        removed.append(key)
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
            added.append((producer_id, product_id))
        created += was_created
    if removed or added:
        codes = _candidate_codes(removed + added)
        round_change_record(
            round_=round_,
            action=ROUND_PARTICIPATION,
            before={"participation": sorted(codes[k] for k in removed)},
            after={"participation": sorted(codes[k] for k in added)},
            user=user,
            source=source,
        )
    return created


def _candidate_codes(keys: list[tuple]) -> dict[tuple, str]:
    """(producer_id, product_id) → the candidate's code (the product's, else the producer's)."""
    products = dict(
        Product.objects.filter(pk__in={p for _o, p in keys if p}).values_list("pk", "code")
    )
    producers = dict(
        Producer.objects.filter(pk__in={o for o, p in keys if not p}).values_list("pk", "code")
    )
    return {(o, p): products[p] if p else producers[o] for o, p in keys}
