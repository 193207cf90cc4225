"""Writes of OPC and PSO rounds. Keyword-only, validated, atomic; no request here.

What the round's status and dated stages allow is decided in `opc.rules` (see the
"round status and windows" section there): draft rounds are prepared (settings,
committee) but take no applications, scores or PSO picks; open rounds take them, with
applications only inside the dated "applications" stage and scores only inside the
dated "scoring" stage; closed rounds are read-only. Every write also writes a change log
row (`changelog.ChangeLog`) in its transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from changelog.models import ChangeSource
from changelog.services import ChangeOrigin, change_record, change_record_many
from opc import rules
from opc.models import (
    Application,
    ApplicationProduct,
    ApplicationStatus,
    CommitteeMember,
    EventAction,
    PsoPick,
    Publication,
    PublishedRating,
    Score,
)
from opc.round_settings import settings_of, settings_write
from opc.validation import round_settings_problems
from registry.history import star_rating_change
from registry.models import Producer, Product, ProgramCode, StarRating
from registry.scope import province_code_of
from registry.thai import thai_digits
from selection.engine import compile_round, load_facts, tier_of_by_verdicts
from selection.models import Round
from selection.services import round_change_record
from selection.units import Unit

OPC = ProgramCode.OPC
PSO = ProgramCode.PSO
# The round's change log (changelog.ChangeLog): the settings this app edits.
ROUND_OPC_SETTINGS = "round.opc_settings"


def _log(round_: Round, action: str, user, *, application=None, before=None, after=None):
    """One change log row in the caller's transaction: on the application when there is
    one (its page lists them), else on the round; publishing has OPC as its source."""
    published = action == EventAction.PUBLISHED
    change_record(
        user=user,
        obj=application or round_,
        action=action,
        before=before,
        after=after,
        source=ChangeSource.OPC if published else ChangeSource.WEB,
        source_ref=round_.slug if published else "",
        round_id=round_.pk,
        district_code=application.district_id if application else "",
    )


def _check_program(round_: Round, code: str) -> None:
    if round_.program_id != code:
        raise ValidationError(_("รอบนี้ไม่ใช่รอบ %(code)s") % {"code": code})


def _check_editable(round_: Round, code: str) -> None:
    """Preparation (settings, committee): draft or open, not closed."""
    _check_program(round_, code)
    rules.check_round_editable(round_.status)


def _check_accepts(round_: Round, code: str, *, doing: str, stage: str | None = None) -> None:
    """Entries (applications, scores, publishing, PSO picks): open rounds only and, when
    `stage` is dated in the round's timeline, only inside its dates."""
    _check_program(round_, code)
    rules.check_entry(
        status=round_.status,
        stages=settings_of(round_).stages,
        doing=doing,
        stage=stage,
        today=timezone.localdate(),
    )


# ---------------------------------------------------------------- settings


@transaction.atomic
def round_settings_set(
    *,
    round_: Round,
    bands: Sequence[rules.Band] | None = None,
    parts: Sequence[rules.Part] | None = None,
    timeline: Mapping[str, Mapping[str, str | None]] | None = None,
    user=None,
    source: str = ChangeSource.COMMAND,
) -> Round:
    """Replace the round's score bands, scoring parts and/or timeline after checking
    them (Thai errors), as the round's rows (`opc.round_settings`). What
    changed (stage dates included) goes to the round's change log with its old value."""
    _check_editable(round_, OPC)
    current = settings_of(round_)
    settings = current
    if bands is not None:
        ordered = rules.validate_bands(bands)
        settings = replace(settings, bands=tuple(reversed(ordered)), bands_set=True)
    if parts is not None and tuple(parts) != tuple(current.parts):
        if Score.objects.filter(application__round=round_).exists():
            raise ValidationError(_("มีการให้คะแนนแล้ว: เปลี่ยนส่วนการให้คะแนนไม่ได้"))
        settings = replace(settings, parts=tuple(rules.validate_parts(parts)), parts_set=True)
    if parts is not None:
        # Saved by the province (even if equal to the placeholder): no longer "default".
        settings = replace(settings, parts_by_province=True)
    if timeline is not None:
        settings = replace(settings, stages=rules.stages_from_timeline(timeline))
    problems = round_settings_problems(settings)
    if problems:
        raise ValidationError(problems)
    settings_write(round_=round_, settings=settings)
    round_.save(update_fields=["updated_at"])
    round_change_record(
        round_=round_,
        action=ROUND_OPC_SETTINGS,
        before=current.as_logged(),
        after=settings.as_logged(),
        user=user,
        source=source,
    )
    return round_


# ---------------------------------------------------------------- applications


def _eligibility_problems(round_: Round, products: Sequence[Product], producer: Producer):
    """Thai reasons the round's rules (the engine) refuse these entries; empty: eligible."""
    compiled = compile_round(round_)
    if not compiled.tiers:
        return []
    pks = [producer.pk] if compiled.unit == Unit.PRODUCER else [p.pk for p in products]
    facts = load_facts(compiled.unit, pks)
    problems = []
    for pk in pks:
        if tier_of_by_verdicts(compiled, facts[pk]) is None:
            failed = [
                v.text
                for v in (r.verdict(facts[pk]) for r in compiled.tiers[0].rules)
                if not v.passed
            ]
            problems.append(
                _("%(name)s: ไม่ผ่านเกณฑ์ของรอบ (%(failed)s)")
                % {"name": facts[pk].name, "failed": "; ".join(failed)}
            )
    return problems


@transaction.atomic
def application_create(
    *,
    round_: Round,
    producer: Producer,
    products: Sequence[Product],
    user,
    is_set: bool = False,
    set_name: str = "",
) -> Application:
    """Enter a main product (or a set) of a producer in an OPC round.

    The producer's row is locked (SELECT … FOR UPDATE) before counting its applications,
    so two officers entering for the same producer at once cannot both pass the limit;
    the unique slot constraint is the database's own backstop.
    """
    _check_accepts(round_, OPC, doing=_("บันทึกใบสมัคร"), stage="applications")
    if not rules.may_enter_for(
        role=user.role,
        is_admin=user.is_admin,
        user_district=user.district_id,
        user_province=user.province_id,
        district_code=producer.district_id,
    ):
        raise ValidationError(_("บันทึกใบสมัครได้เฉพาะผู้ผลิตในพื้นที่ที่รับผิดชอบ"))
    if province_code_of(producer.district_id) != round_.province_id:
        raise ValidationError(_("ผู้ผลิตไม่ได้อยู่ในจังหวัดของรอบนี้"))
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    rules.check_application_products(
        is_set=is_set, product_owners=[p.producer_id for p in products], producer_id=producer.pk
    )
    active = Application.objects.filter(round=round_, producer=producer).exclude(
        status=ApplicationStatus.WITHDRAWN
    )
    limit = rules.application_limit(round_.max_products_per_producer)
    rules.check_application_limit(used=active.count(), limit=limit)
    taken = set(
        ApplicationProduct.objects.filter(application__in=active, product__in=products).values_list(
            "product__name", flat=True
        )
    )
    if taken:
        raise ValidationError(
            _("ผลิตภัณฑ์ส่งเข้าคัดสรรในรอบนี้แล้ว: %(names)s") % {"names": ", ".join(sorted(taken))}
        )
    problems = _eligibility_problems(round_, products, producer)
    if problems:
        raise ValidationError(problems)
    application = Application(
        round=round_,
        producer=producer,
        district_id=producer.district_id,
        is_set=is_set,
        set_name=set_name.strip() if is_set else "",
        slot=rules.free_slot(active.values_list("slot", flat=True), limit),
        created_by=user,
    )
    if is_set and not application.set_name:
        raise ValidationError(_("ต้องระบุชื่อชุดผลิตภัณฑ์"))
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(
            _("ผู้ผลิตรายนี้ส่งผลิตภัณฑ์เข้าคัดสรรครบ %(limit)s ผลิตภัณฑ์หลัก/ชุด แล้ว")
            % {"limit": thai_digits(limit)}
        ) from None
    ApplicationProduct.objects.bulk_create(
        [ApplicationProduct(application=application, product=p) for p in products]
    )
    _log(
        round_,
        EventAction.ENTERED,
        user,
        application=application,
        after={"products": [p.code for p in products], "is_set": is_set, "slot": application.slot},
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, user) -> Application:
    """Withdraw an application that has no score yet; its slot is freed. Allowed while
    the round is open, also after the applications stage (a producer may drop out)."""
    _check_accepts(application.round, OPC, doing=_("ถอนการสมัคร"))
    rules.check_application_transition(application.status, ApplicationStatus.WITHDRAWN)
    before = application.status
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    _log(
        application.round,
        EventAction.WITHDRAWN,
        user,
        application=application,
        before={"status": before},
        after={"status": application.status},
    )
    return application


# ---------------------------------------------------------------- committee


def is_committee_member(*, round_: Round, user) -> bool:
    return CommitteeMember.objects.filter(round=round_, user=user).exists()


@transaction.atomic
def committee_member_add(*, round_: Round, user, role: str, added_by) -> CommitteeMember:
    _check_editable(round_, OPC)
    member = CommitteeMember(round=round_, user=user, role=role, added_by=added_by)
    member.full_clean()
    member.save()
    _log(round_, EventAction.COMMITTEE_ADDED, added_by, after={"user": user.username, "role": role})
    return member


@transaction.atomic
def committee_member_remove(*, member: CommitteeMember, user=None) -> None:
    _check_editable(member.round, OPC)
    _log(
        member.round,
        EventAction.COMMITTEE_REMOVED,
        user,
        before={"user": member.user.username, "role": member.role},
    )
    member.delete()


@transaction.atomic
def score_set(*, application: Application, points: Mapping[str, object], user) -> Application:
    """Record the committee's points per part (who and when); when every part has
    points, the total is stored and the application is scored. A correction after
    scoring replaces the points and the total."""
    round_ = application.round
    _check_accepts(round_, OPC, doing=_("ให้คะแนน"), stage="scoring")
    if not is_committee_member(round_=round_, user=user):
        raise ValidationError(_("ให้คะแนนได้เฉพาะกรรมการของรอบนี้"))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("ใบสมัครนี้ถอนแล้ว: ให้คะแนนไม่ได้"))
    parts = settings_of(round_).parts
    known = {p.key: p for p in parts}
    unknown = set(points) - set(known)
    if unknown:
        raise ValidationError(
            _("ไม่รู้จักส่วนการให้คะแนน: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
        )
    now = timezone.now()
    before = {k: str(v) for k, v in application.scores.values_list("part", "points")}
    before_total = application.total_score
    errors = []
    for key, value in points.items():
        if value in (None, ""):
            continue
        try:
            checked = rules.check_part_score(value, part=known[key])
        except ValidationError as error:
            errors += error.messages
            continue
        Score.objects.update_or_create(
            application=application,
            part=key,
            defaults={"points": checked, "scored_by": user, "scored_at": now},
        )
    if errors:
        raise ValidationError(errors)
    recorded = dict(application.scores.values_list("part", "points"))
    total = rules.total_score(recorded, parts)
    _log(
        round_,
        EventAction.SCORED,
        user,
        application=application,
        before={"points": before, "total": str(before_total) if before_total is not None else None},
        after={
            "points": {k: str(v) for k, v in recorded.items()},
            "total": str(total) if total is not None else None,
        },
    )
    if total is not None:
        rules.check_application_transition(application.status, ApplicationStatus.SCORED)
        application.status = ApplicationStatus.SCORED
        application.total_score = total
        application.scored_by = user
        application.scored_at = now
        application.save(update_fields=["status", "total_score", "scored_by", "scored_at"])
    return application


# ---------------------------------------------------------------- publishing


@transaction.atomic
def round_publish(*, round_: Round, user) -> Publication:
    """Write the star level of every product of every scored application into the
    registry (StarRating of the round's fiscal year), atomically, and record who did it.

    Re-publishing after a correction writes only what differs (created / updated /
    unchanged / removed in the Publication). Refused while an application awaits scores.
    """
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _check_accepts(round_, OPC, doing=_("ประกาศผล"))
    waiting = Application.objects.filter(round=round_, status=ApplicationStatus.SUBMITTED)
    if waiting.exists():
        raise ValidationError(
            _("ยังมีใบสมัครที่ยังไม่ได้ให้คะแนนครบ %(count)s รายการ: ให้คะแนนให้ครบก่อนประกาศผล")
            % {"count": thai_digits(waiting.count())}
        )
    bands = rules.validate_bands(settings_of(round_).bands)
    results: dict[int, tuple[int, Decimal]] = {}
    for product_id, total in ApplicationProduct.objects.filter(
        application__round=round_, application__status=ApplicationStatus.SCORED
    ).values_list("product_id", "application__total_score"):
        results[product_id] = (rules.stars_for_score(total, bands), total)
    previous = {
        r.product_id: (r.stars, r.score) for r in PublishedRating.objects.filter(round=round_)
    }
    year = round_.fiscal_year
    ratings = {
        r.product_id: r
        for r in StarRating.objects.select_for_update().filter(
            year=year, product_id__in=set(results) | set(previous)
        )
    }
    existing = {pid: (r.stars, r.score) for pid, r in ratings.items()}
    plan = rules.plan_publish(results, existing, previous)
    _log_ratings(round_, plan, existing, user)
    StarRating.objects.bulk_create(
        [
            StarRating(product_id=pid, year=year, stars=s, score=sc)
            for pid, (s, sc) in plan.create.items()
        ]
    )
    for pid, (stars, score) in plan.update.items():
        rating = ratings[pid]
        rating.stars, rating.score = stars, score
        rating.save(update_fields=["stars", "score"])
    StarRating.objects.filter(year=year, product_id__in=plan.remove).delete()
    PublishedRating.objects.filter(round=round_).delete()
    PublishedRating.objects.bulk_create(
        [
            PublishedRating(round=round_, product_id=pid, stars=s, score=sc)
            for pid, (s, sc) in results.items()
        ]
    )
    _log(
        round_,
        EventAction.PUBLISHED,
        user,
        after={
            "created": len(plan.create),
            "updated": len(plan.update),
            "unchanged": len(plan.unchanged),
            "removed": len(plan.remove),
        },
    )
    return Publication.objects.create(
        round=round_,
        published_by=user,
        year=year,
        created=len(plan.create),
        updated=len(plan.update),
        unchanged=len(plan.unchanged),
        removed=len(plan.remove),
        details={
            "created": sorted(plan.create),
            "updated": sorted(plan.update),
            "removed": plan.remove,
        },
    )


def _log_ratings(round_: Round, plan: rules.PublishPlan, existing: Mapping, user) -> None:
    """Change log rows of every rating publishing creates, overwrites or removes, with the
    level it replaces (an imported 5 stars overwritten by 4 keeps both), in bulk."""
    origin = ChangeOrigin(user=user, source=ChangeSource.OPC, source_ref=round_.slug)
    touched = [*plan.create, *plan.update, *plan.remove]
    districts = dict(
        Product.objects.filter(pk__in=touched).values_list("pk", "producer__district_id")
    )
    changes = (
        [(pid, None, level) for pid, level in plan.create.items()]
        + [(pid, existing[pid], level) for pid, level in plan.update.items()]
        + [(pid, existing[pid], None) for pid in plan.remove]
    )
    change_record_many(
        star_rating_change(
            product_id=pid,
            year=round_.fiscal_year,
            old=old,
            new=new,
            origin=origin,
            round_id=round_.pk,
            district_code=districts.get(pid, ""),
        )
        for pid, old, new in changes
    )


# ---------------------------------------------------------------- PSO


def _pso_candidate(round_: Round, product: Product) -> bool:
    compiled = compile_round(round_)
    if not compiled.tiers:
        return True
    facts = load_facts("product", [product.pk])
    return tier_of_by_verdicts(compiled, facts[product.pk]) is not None


@transaction.atomic
def pso_pick_set(*, round_: Round, product: Product, remark: str, user) -> PsoPick:
    """Pick the province's product of the product's category (one per category).

    The round row is locked so two picks of one category cannot race; the unique
    constraint (round, category) is the database's own guard.
    """
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _check_accepts(round_, PSO, doing=_("เลือกผลิตภัณฑ์เด่นจังหวัด"))
    if province_code_of(product.producer.district_id) != round_.province_id:
        raise ValidationError(_("ผลิตภัณฑ์ไม่ได้อยู่ในจังหวัดของรอบนี้"))
    rules.check_pso_pick(
        category=product.category,
        product_category=product.category,
        already_picked=PsoPick.objects.filter(round=round_, category=product.category).exists(),
        remark=remark,
    )
    if not _pso_candidate(round_, product):
        raise ValidationError(_("ผลิตภัณฑ์นี้ไม่ผ่านเกณฑ์ของรอบ"))
    pick = PsoPick(
        round=round_,
        category=product.category,
        product=product,
        remark=remark.strip(),
        picked_by=user,
    )
    pick.full_clean()
    pick.save()
    _log(
        round_,
        EventAction.PSO_PICKED,
        user,
        after={"category": pick.category, "product": product.code, "remark": pick.remark},
    )
    return pick


@transaction.atomic
def pso_pick_remove(*, pick: PsoPick, user=None) -> None:
    _check_accepts(pick.round, PSO, doing=_("ยกเลิกผลิตภัณฑ์เด่นจังหวัด"))
    _log(
        pick.round,
        EventAction.PSO_REMOVED,
        user,
        before={"category": pick.category, "product": pick.product.code, "remark": pick.remark},
    )
    pick.delete()
