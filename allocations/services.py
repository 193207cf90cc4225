"""Writes of quotas."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from allocations.models import Quota, QuotaKind
from changelog.models import ChangeSource
from selection.models import Round
from selection.services import round_change_record

ROUND_QUOTA = "round.quota"  # changelog action: one district's quota of a round


@transaction.atomic
def quota_set_many(
    *,
    round_: Round,
    amounts: dict[str, tuple[int | None, str, str]],
    user=None,
    source: str = ChangeSource.COMMAND,
    source_ref: str = "",
) -> int:
    """Set a round's quotas from {district code: (amount, kind, remark)} in one go.

    An amount of None removes that district's quota. Only draft rounds take changes.
    Each district whose quota changes gets a change log row (old and new values).
    Returns the number of districts with a quota afterwards.
    """
    if not round_.is_draft:
        raise ValidationError(_("แก้ไขจำนวนจัดสรรได้เฉพาะรอบที่ยังเป็นร่าง"))
    current = {q.district_id: q for q in Quota.objects.filter(round=round_)}
    for code, (amount, kind, remark) in amounts.items():
        quota = current.get(code)
        before = _quota_values(quota)
        if amount is None:
            if quota is not None:
                quota.delete()
            after = {}
        else:
            quota = quota or Quota(round=round_, district_id=code)
            quota.amount, quota.kind, quota.remark = amount, kind or QuotaKind.EXACT, remark or ""
            quota.full_clean()
            if _quota_values(quota) != before:
                quota.save()
            after = _quota_values(quota)
        round_change_record(
            round_=round_,
            action=ROUND_QUOTA,
            before=before,
            after=after,
            user=user,
            source=source,
            source_ref=source_ref,
            district_code=code,
        )
    return Quota.objects.filter(round=round_).count()


def _quota_values(quota: Quota | None) -> dict:
    if quota is None:
        return {}
    return {"amount": quota.amount, "kind": quota.kind, "remark": quota.remark}


# -- Web upload of an allocation register: the registry import pieces, round-bound --------
# The registry's ImportBatch keeps the file (checksummed) and the importer's context (the
# round) between preview and confirm; both steps run here, in the request (a register has
# a few dozen rows), not in the background worker, which only knows the registry's kinds.
# The batch's summary carries the round (`round_id`) so a batch is only ever shown or
# confirmed under its own round.

QUOTA_KIND = "quota"  # the ImportBatch kind of a quota register (QuotaImporter.kind)


def quota_upload_preview(
    *, round_: Round, user, file_name: str, data: bytes, default_kind: str, sheet_name: str = ""
):
    """Store an uploaded register and plan it against the round (no quota is written).

    Returns the ImportBatch: status PREVIEWED (errors, if any, in its summary) or REJECTED
    (unreadable file). The summary also gets the rows as they would land ("rows").
    """
    from allocations.importing import QuotaImporter, quota_context
    from registry.importing.service import import_batch_create, import_batch_preview

    batch = import_batch_create(
        kind=QUOTA_KIND,
        user=user,
        file_name=file_name,
        data=data,
        sheet_name=sheet_name,
        context=quota_context(round_, default_kind=default_kind),
    )
    result = import_batch_preview(batch=batch, importer=QuotaImporter(batch.context))
    batch.refresh_from_db()
    planned = result is not None and result.plan is not None
    rows = _upload_rows(round_, result.plan.payload.get("amounts", {})) if planned else []
    batch.summary = {
        **(batch.summary or {}),
        "round_id": round_.pk,
        "default_kind": default_kind,
        "rows": rows,
    }
    batch.save(update_fields=["summary"])
    return batch


def _upload_rows(round_: Round, amounts: dict) -> list[dict]:
    """Every district of the province: the sheet's values beside the current quota."""
    from registry.models import District

    current = {q.district_id: q for q in Quota.objects.filter(round=round_)}
    rows = []
    for district in District.objects.filter(province_id=round_.province_id):
        old = current.get(district.code)
        new = amounts.get(district.code)
        old_values = (old.amount, old.kind, old.remark) if old else None
        if new is None:
            change = "absent"
        elif old is None:
            change = "create"
        else:
            change = "unchanged" if tuple(new) == old_values else "update"
        rows.append(
            {
                "code": district.code,
                "name": district.name_th,
                "new": list(new) if new else None,
                "old": list(old_values) if old_values else None,
                "change": change,
            }
        )
    return rows


def quota_upload_confirm(*, round_: Round, batch) -> bool:
    """Load a previewed register into the round, all or nothing; True if written.

    The file is re-read (checksum checked) and re-planned against the quotas as they are
    now, so a change made since the preview is not silently overwritten by stale counts.
    """
    from allocations.importing import QuotaImporter, quota_context
    from registry.importing.service import import_batch_run, import_batch_transition
    from registry.models import ImportStatus

    # A batch uploaded before batches kept their context has it in its summary.
    default_kind = (batch.summary or {}).get("default_kind") or QuotaKind.EXACT
    context = batch.context or quota_context(round_, default_kind=default_kind)
    refused = batch.status != ImportStatus.PREVIEWED or (batch.summary or {}).get("errors")
    if refused or context.get("round_id") != round_.pk:
        raise ValidationError(_("ยืนยันการนำเข้านี้ไม่ได้ (มีข้อผิดพลาด หรือดำเนินการไปแล้ว)"))
    rows = batch.summary.get("rows", [])
    import_batch_transition(batch=batch, status=ImportStatus.QUEUED, fields=[])
    status = import_batch_run(batch_id=batch.pk, importer=QuotaImporter(context))
    batch.refresh_from_db()
    batch.summary = {**batch.summary, "round_id": round_.pk, "rows": rows}
    batch.save(update_fields=["summary"])
    return status == ImportStatus.SUCCEEDED


def quota_upload_cancel(*, batch) -> None:
    """Drop a previewed register (its file is deleted; nothing was written)."""
    from registry.importing.service import import_batch_cancel
    from registry.models import ImportStatus

    if batch.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("ยกเลิกได้เฉพาะการนำเข้าที่ยังไม่ยืนยัน"))
    import_batch_cancel(batch=batch)
