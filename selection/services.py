"""Writes of rounds, their rules and nominations. Keyword-only, validated, atomic."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from selection import rules
from selection.models import Criterion, Nomination, Round, RoundStatus, Tier

# Higher layers react to a round's status change (nominations turns approved nominations
# into Participation on close) without selection importing them: {name: hook(round_=,
# old=, new=)}, run inside the status change's transaction.
_STATUS_HOOKS: dict = {}


def register_round_status_hook(name: str, hook) -> None:
    """Add a hook run after a round changes status (idempotent by name)."""
    _STATUS_HOOKS[name] = hook


@transaction.atomic
def round_set_status(*, round_: Round, status: str) -> Round:
    """Move the round along draft → open → closed (→ open to reopen).

    Opening runs the full round validation (quota checks of higher layers included) and
    refuses with every error in Thai.
    """
    from selection.validation import round_errors

    rules.check_transition(round_.status, status)
    if status == RoundStatus.OPEN:
        errors = round_errors(round_)
        if errors:
            raise ValidationError([issue.message for issue in errors])
    old = round_.status
    round_.status = status
    round_.full_clean()
    round_.save(update_fields=["status", "updated_at"])
    for hook in _STATUS_HOOKS.values():
        hook(round_=round_, old=old, new=status)
    return round_


@transaction.atomic
def round_set_rules(*, round_: Round, tiers: list[dict]) -> Round:
    """Replace a draft round's rules: tiers = [{"title", "criteria": [{"kind", "params",
    "explanation", "any_group"}]}], numbered 1, 2, … in the given order."""
    if not round_.is_draft:
        raise ValidationError(_("แก้ไขเกณฑ์ได้เฉพาะรอบที่ยังเป็นร่าง"))
    round_.tiers.all().delete()
    for order, tier_data in enumerate(tiers, start=1):
        tier = Tier(round=round_, order=order, title=tier_data.get("title", ""))
        tier.full_clean()
        tier.save()
        for position, data in enumerate(tier_data.get("criteria", []), start=1):
            criterion_add(tier=tier, order=position, **data)
    return round_


def criterion_add(
    *,
    tier: Tier,
    kind: str,
    params: dict,
    explanation: str = "",
    any_group: int | None = None,
    order: int = 1,
) -> Criterion:
    criterion = Criterion(
        tier=tier,
        kind=kind,
        params=params,
        explanation=explanation,
        any_group=any_group,
        order=order,
    )
    criterion.full_clean()
    if not criterion.explanation:
        criterion.explanation = criterion.as_rule().describe()
    criterion.save()
    return criterion


def nomination_create(
    *, round_: Round, producer, product=None, tier: int = 1, justification: str = "", by=None
) -> Nomination:
    """A minimal nomination (the workflow around it belongs to the nomination feature)."""
    position = round_.nominations.filter(district_id=producer.district_id).count() + 1
    nomination = Nomination(
        round=round_,
        district_id=producer.district_id,
        producer=producer,
        product=product,
        tier=tier,
        justification=justification,
        position=position,
        created_by=by,
    )
    nomination.full_clean()
    nomination.save()
    return nomination
