"""Writes of quotas."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from allocations.models import Quota, QuotaKind
from selection.models import Round


@transaction.atomic
def quota_set_many(*, round_: Round, amounts: dict[str, tuple[int | None, str, str]]) -> int:
    """Set a round's quotas from {district code: (amount, kind, remark)} in one go.

    An amount of None removes that district's quota. Only draft rounds take changes.
    Returns the number of districts with a quota afterwards.
    """
    if not round_.is_draft:
        raise ValidationError("แก้ไขจำนวนจัดสรรได้เฉพาะรอบที่ยังเป็นร่าง")
    for code, (amount, kind, remark) in amounts.items():
        if amount is None:
            Quota.objects.filter(round=round_, district_id=code).delete()
            continue
        quota = Quota.objects.filter(round=round_, district_id=code).first() or Quota(
            round=round_, district_id=code
        )
        quota.amount, quota.kind, quota.remark = amount, kind or QuotaKind.EXACT, remark or ""
        quota.full_clean()
        quota.save()
    return Quota.objects.filter(round=round_).count()
