"""Writes of rounds and their rules. Keyword-only, validated, atomic."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from changelog.models import ChangeSource
from changelog.services import change_record, changed_values
from selection import rules
from selection.models import Criterion, Round, Tier

# Actions of a round's change log (changelog.ChangeLog.action), shown by selection.history.
ROUND_STATUS = "round.status"
ROUND_RULES = "round.rules"
ROUND_LETTER = "round.letter"


def round_change_record(
    *,
    round_: Round,
    action: str,
    before: dict,
    after: dict,
    user=None,
    source: str = ChangeSource.COMMAND,
    source_ref: str = "",
    district_code: str = "",
):
    """Record a change of a round setting (changed keys only); nothing when nothing changed.

    For every app that changes a round (letter, quotas, OPC settings): the round's page
    lists these rows. Call it inside the change's transaction.
    """
    before, after = changed_values(before, after)
    if not before and not after:
        return None
    return change_record(
        user=user,
        obj=round_,
        action=action,
        before=before,
        after=after,
        source=source,
        source_ref=source_ref,
        round_id=round_.pk,
        district_code=district_code,
    )


@transaction.atomic
def round_set_status(
    *, round_: Round, status: str, user=None, source: str = ChangeSource.COMMAND
) -> Round:
    """Move the round along draft → open → closed (→ open to reopen), and log it.

    Only the status and its log row: opening and closing are `lifecycle.services`
    (`round_open`, `round_close`), which run every app's checks and effects around this.
    """
    rules.check_transition(round_.status, status)
    old = round_.status
    round_.status = status
    round_.full_clean()
    round_.save(update_fields=["status", "updated_at"])
    round_change_record(
        round_=round_,
        action=ROUND_STATUS,
        before={"status": old},
        after={"status": status},
        user=user,
        source=source,
    )
    return round_


def rules_snapshot(round_: Round) -> list[dict]:
    """The round's rules as plain data, in the shape `round_set_rules` takes. Parameters
    come as the kind's validation writes them (defaults filled in), so rules stored
    before an edit compare equal to the same rules saved again."""
    return [
        {
            "title": tier.title,
            "criteria": [
                {
                    "kind": c.kind,
                    "params": _clean_params(c.kind, c.params),
                    "explanation": c.explanation,
                    "any_group": c.any_group,
                }
                for c in tier.criteria.all()
            ],
        }
        for tier in round_.tiers.prefetch_related("criteria")
    ]


def _clean_params(kind: str, params: dict) -> dict:
    from selection.criteria import CRITERIA

    try:
        return CRITERIA[kind].clean_params(dict(params or {}))
    except (KeyError, ValidationError):  # stored before a kind changed: keep as stored
        return params


@transaction.atomic
def round_set_rules(
    *, round_: Round, tiers: list[dict], user=None, source: str = ChangeSource.COMMAND
) -> Round:
    """Replace a draft round's rules: tiers = [{"title", "criteria": [{"kind", "params",
    "explanation", "any_group"}]}], numbered 1, 2, … in the given order. The rules before
    and after are logged as one change (none when they come out the same)."""
    if not round_.is_draft:
        raise ValidationError(_("แก้ไขเกณฑ์ได้เฉพาะรอบที่ยังเป็นร่าง"))
    before = rules_snapshot(round_)
    round_.tiers.all().delete()
    for order, tier_data in enumerate(tiers, start=1):
        tier = Tier(round=round_, order=order, title=tier_data.get("title", ""))
        tier.full_clean()
        tier.save()
        for position, data in enumerate(tier_data.get("criteria", []), start=1):
            criterion_add(tier=tier, order=position, **data)
    round_change_record(
        round_=round_,
        action=ROUND_RULES,
        before={"tiers": before},
        after={"tiers": rules_snapshot(round_)},
        user=user,
        source=source,
    )
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
