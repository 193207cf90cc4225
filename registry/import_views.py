"""Web import (admins only): upload → preview → confirm or cancel → progress → history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from registry.files import stored_file_response
from registry.importing.forms import ImportUploadForm
from registry.importing.kinds import standalone_kinds
from registry.importing.service import (
    import_batch_cancel,
    import_batch_confirm,
    import_batch_create,
    import_batch_fail_stale,
    import_batch_validate,
)
from registry.models import ImportBatch, ImportStatus
from registry.scope import MANAGE

PREVIEW_ROWS_SHOWN = 1000
POLLED = {ImportStatus.VALIDATING, ImportStatus.QUEUED, ImportStatus.RUNNING}


def _require_admin(request) -> None:
    if not request.user.place_scope(MANAGE).everything:
        raise PermissionDenied(_("เฉพาะผู้ดูแลระบบเท่านั้นที่นำเข้าข้อมูลได้"))


def _get_batch_for_user(request, pk: int) -> ImportBatch:
    _require_admin(request)
    batches = ImportBatch.objects.visible_to(request.user).filter(kind__in=standalone_kinds())
    import_batch_fail_stale(batches=batches.filter(pk=pk))  # its worker may have died
    return get_object_or_404(batches.select_related("created_by"), pk=pk)


@require_GET
def import_list(request):
    _require_admin(request)
    batches = ImportBatch.objects.visible_to(request.user).filter(kind__in=standalone_kinds())
    import_batch_fail_stale(batches=batches)
    batches = batches.select_related("created_by")[:200]
    return render(request, "registry/imports/list.html", {"batches": batches})


def import_upload(request):
    _require_admin(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = import_batch_create(
            kind=form.cleaned_data["kind"],
            user=request.user,
            file_name=upload.name,
            data=upload.read(),
            sheet_name=form.cleaned_data["sheet_name"],
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        import_batch_validate(batch=batch)
        return redirect("registry:import_detail", pk=batch.pk)
    return render(request, "registry/imports/upload.html", {"form": form})


@require_GET
def import_detail(request, pk: int):
    batch = _get_batch_for_user(request, pk)
    summary = batch.summary or {}
    errors = summary.get("errors", [])
    context = {
        "batch": batch,
        "summary": summary,
        "errors": errors[:PREVIEW_ROWS_SHOWN],
        "errors_hidden": max(len(errors) - PREVIEW_ROWS_SHOWN, 0),
        "warnings": summary.get("warnings", [])[:PREVIEW_ROWS_SHOWN],
        "can_confirm": _can_confirm(batch),
        **_progress_context(batch),
    }
    return render(request, "registry/imports/detail.html", context)


@require_POST
def import_confirm(request, pk: int):
    batch = _get_batch_for_user(request, pk)
    if not _can_confirm(batch):
        messages.error(request, _("ยืนยันการนำเข้านี้ไม่ได้ (มีข้อผิดพลาด หรือดำเนินการไปแล้ว)"))
        return redirect("registry:import_detail", pk=batch.pk)
    import_batch_confirm(batch=batch, user=request.user)
    return redirect("registry:import_detail", pk=batch.pk)


@require_POST
def import_cancel(request, pk: int):
    batch = _get_batch_for_user(request, pk)
    if batch.status != ImportStatus.PREVIEWED:
        messages.error(request, _("ยกเลิกได้เฉพาะการนำเข้าที่ยังไม่ยืนยัน"))
        return redirect("registry:import_detail", pk=batch.pk)
    import_batch_cancel(batch=batch, user=request.user)
    messages.info(request, _("ยกเลิกการนำเข้าแล้ว ไม่มีการบันทึกข้อมูล"))
    return redirect("registry:import_list")


@require_GET
def import_progress(request, pk: int):
    batch = _get_batch_for_user(request, pk)
    response = render(request, "registry/imports/includes/progress.html", _progress_context(batch))
    if batch.status not in POLLED and request.htmx:
        response["HX-Refresh"] = "true"  # the finished page shows the full result
    return response


@require_GET
def import_errors_download(request, pk: int):
    batch = _get_batch_for_user(request, pk)
    name = f"errors-{batch.pk}-{batch.file_name.rsplit('.', 1)[0]}.xlsx"
    return stored_file_response(batch.errors_file, filename=name)


def _can_confirm(batch: ImportBatch) -> bool:
    has_errors = bool((batch.summary or {}).get("errors"))
    return batch.status == ImportStatus.PREVIEWED and (batch.skip_invalid or not has_errors)


def _progress_context(batch: ImportBatch) -> dict:
    total = batch.rows_total or 0
    done = min(batch.rows_done, total) if total else 0
    if batch.status in (ImportStatus.SUCCEEDED, ImportStatus.PARTIAL):
        percent = 100
    else:
        percent = int(done * 100 / total) if total else 0
    end = batch.finished_at or timezone.now()
    elapsed = (end - batch.started_at).total_seconds() if batch.started_at else 0
    return {
        "batch": batch,
        "percent": percent,
        "rows_done": done,
        "elapsed": round(elapsed, 1),
        "polling": batch.status in POLLED,
    }
