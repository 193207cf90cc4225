"""The quota grid, the allocation register upload and the "what if" preview of a round
(provincial staff of the round's province and admins; quotas change only in drafts)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from allocations.forms import QuotaGridForm, QuotaUploadForm
from allocations.models import Quota, QuotaKind
from allocations.selectors import shortfall_table
from allocations.services import (
    QUOTA_KIND,
    quota_set_many,
    quota_upload_cancel,
    quota_upload_confirm,
    quota_upload_preview,
)
from changelog.models import ChangeSource
from registry.files import stored_file_response
from registry.importing.errors import Issue
from registry.models import District, ImportBatch, ImportStatus
from registry.scope import province_code_of
from selection.selectors import round_get


def _get_round_for_user(request, slug):
    return round_get(user=request.user, slug=slug, manage=True)


def _get_draft_round_for_user(request, slug):
    round_ = _get_round_for_user(request, slug)
    if not round_.is_draft:
        raise Http404
    return round_


def _get_upload_for_user(request, slug, pk, *, draft=True):
    """The round (managed by the user; a draft unless `draft` is False) and one of its
    register uploads, else 404."""
    round_ = (
        _get_draft_round_for_user(request, slug) if draft else _get_round_for_user(request, slug)
    )
    batch = ImportBatch.objects.filter(pk=pk, kind=QUOTA_KIND).first()
    if batch is None or (batch.summary or {}).get("round_id") != round_.pk:
        raise Http404
    return round_, batch


def quota_grid(request, slug):
    round_ = _get_draft_round_for_user(request, slug)
    quotas = {q.district_id: q for q in Quota.objects.filter(round=round_)}
    districts = District.objects.filter(province_id=round_.province_id)
    form = QuotaGridForm(request.POST or None, districts=districts, quotas=quotas)
    if request.method == "POST" and form.is_valid():
        try:
            quota_set_many(
                round_=round_, amounts=form.amounts(), user=request.user, source=ChangeSource.WEB
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("บันทึกจำนวนจัดสรรแล้ว"))
            return redirect("allocations:quota_grid", slug=round_.slug)
    total = sum(q.amount for q in quotas.values())
    foreign = [q for q in quotas.values() if province_code_of(q.district_id) != round_.province_id]
    context = {"round": round_, "form": form, "total": total, "foreign": foreign}
    context["upload_form"] = QuotaUploadForm()
    return render(request, "allocations/quota_grid.html", context)


def quota_upload(request, slug):
    round_ = _get_draft_round_for_user(request, slug)
    form = QuotaUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = quota_upload_preview(
            round_=round_,
            user=request.user,
            file_name=upload.name,
            data=upload.read(),
            default_kind=form.cleaned_data["default_kind"],
            sheet_name=form.cleaned_data["sheet_name"],
        )
        return redirect("allocations:quota_upload_detail", slug=round_.slug, pk=batch.pk)
    context = {"round": round_, "upload_form": form}
    return render(request, "allocations/quota_upload.html", context)


def quota_upload_detail(request, slug, pk):
    round_, batch = _get_upload_for_user(request, slug, pk)
    summary = batch.summary or {}
    errors = [Issue.from_dict(e).as_text() for e in summary.get("errors", [])]
    rows = _with_kind_labels(summary.get("rows", []))
    context = {
        "round": round_,
        "batch": batch,
        "summary": summary,
        "errors": errors,
        "rows": rows,
        "new_total": sum(r["new"][0] for r in rows if r["new"]),
        "can_confirm": batch.status == ImportStatus.PREVIEWED and not errors,
        "can_cancel": batch.status == ImportStatus.PREVIEWED,
    }
    return render(request, "allocations/quota_upload_preview.html", context)


@require_GET
def quota_upload_errors(request, slug, pk):
    """The error workbook of a register upload, for the round's managers only (404 else)."""
    _round, batch = _get_upload_for_user(request, slug, pk, draft=False)
    name = f"errors-{batch.pk}-{batch.file_name.rsplit('.', 1)[0]}.xlsx"
    return stored_file_response(batch.errors_file, filename=name)


def _with_kind_labels(rows: list[dict]) -> list[dict]:
    def label(values):
        return QuotaKind(values[1]).label if values and values[1] in QuotaKind.values else ""

    return [{**r, "new_kind": label(r["new"]), "old_kind": label(r["old"])} for r in rows]


@require_POST
def quota_upload_confirm_view(request, slug, pk):
    round_, batch = _get_upload_for_user(request, slug, pk)
    try:
        written = quota_upload_confirm(round_=round_, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        written = None
    if not written:
        if written is False:
            messages.error(
                request,
                (_("ไม่ได้บันทึกจำนวนจัดสรร: %(reason)s") % {"reason": batch.message}).rstrip(": "),
            )
        return redirect("allocations:quota_upload_detail", slug=round_.slug, pk=batch.pk)
    messages.success(request, _("นำเข้าทะเบียนจัดสรรจากไฟล์ %(name)s แล้ว") % {"name": batch.file_name})
    return redirect("allocations:quota_grid", slug=round_.slug)


@require_POST
def quota_upload_cancel_view(request, slug, pk):
    round_, batch = _get_upload_for_user(request, slug, pk)
    try:
        quota_upload_cancel(batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("allocations:quota_upload_detail", slug=round_.slug, pk=batch.pk)
    messages.info(request, _("ยกเลิกการนำเข้าแล้ว ไม่มีการเปลี่ยนแปลงจำนวนจัดสรร"))
    return redirect("allocations:quota_grid", slug=round_.slug)


def round_preview(request, slug):
    round_ = _get_round_for_user(request, slug)
    rows = shortfall_table(round_=round_)
    tiers = sorted({tier for row in rows for tier in row.shortfall.counts} | {1})
    context = {
        "round": round_,
        "rows": rows,
        "tiers": tiers,
        "total_quota": sum(r.shortfall.amount or 0 for r in rows),
        "total_tier1": sum(r.shortfall.tier1 for r in rows),
        "short_count": sum(1 for r in rows if r.shortfall.short),
    }
    return render(request, "allocations/round_preview.html", context)
