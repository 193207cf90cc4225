"""Letter preview, letter editing, downloads and filled forms loaded back.

Access: the round's province only (other provinces get 404, as selection does, so a URL
does not reveal that a round exists). Reading the letter: anyone who may see the round;
editing it and the consolidated list: provincial staff of the province and admins; a
district's form: that district's officer, or staff of the province.
"""

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import MANAGE, WORK
from changelog.models import ChangeSource
from documents import loadback, services
from documents.consolidated import consolidated_xlsx as build_consolidated
from documents.forms import form_data, form_pdf, form_xlsx
from documents.letters import RoundNotReady, letter_html, letter_pdf
from documents.models import letter_of
from documents.pdf import asset_paths
from documents.webforms import FilledFormUploadForm, LetterForm
from registry.models import District
from registry.scope import province_code_of
from registry.xlsx_safe import XLSX_CONTENT_TYPE
from selection import selectors
from selection.models import Round


def _get_round_for_user(request, round_slug: str, *, manage: bool = False) -> Round:
    """The round if the user may see it (`manage`: and change it), else 404."""
    return selectors.round_get(user=request.user, slug=round_slug, manage=manage)


def _get_district_for_user(request, round_: Round, district_code: str) -> District:
    """A district of the round's province the user may file for, else 404."""
    if province_code_of(district_code) != round_.province_id:
        raise Http404
    if not request.user.may(WORK, round_.province_id, district_code):
        raise Http404
    district = District.objects.filter(code=district_code).first()
    if district is None:
        raise Http404
    return district


def _blocked(request, round_, problem: RoundNotReady):
    can_edit = request.user.may(MANAGE, round_.province_id)
    context = {"round": round_, "messages_th": problem.messages, "can_edit": can_edit}
    return render(request, "documents/letter_blocked.html", context, status=409)


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def letter_preview(request, round_slug):
    round_ = _get_round_for_user(request, round_slug)
    can_edit = request.user.may(MANAGE, round_.province_id)
    try:
        return HttpResponse(letter_html(round_, preview=True, can_edit=can_edit))
    except RoundNotReady as problem:
        return _blocked(request, round_, problem)


@login_required
def letter_download(request, round_slug):
    round_ = _get_round_for_user(request, round_slug)
    try:
        result = letter_pdf(round_)
    except RoundNotReady as problem:
        return _blocked(request, round_, problem)
    response = HttpResponse(result.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{round_.slug}.pdf"'
    return response


@login_required
def letter_edit(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, manage=True)
    form = LetterForm(request.POST or None, instance=letter_of(round_))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.round_letter_update(
                round_=round_, values=values, user=request.user, source=ChangeSource.WEB
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("บันทึกข้อมูลหนังสือเวียนแล้ว"))
            return redirect("documents:letter_preview", round_slug=round_.slug)
    return render(request, "documents/letter_edit.html", {"round": round_, "form": form})


@login_required
def consolidated_xlsx(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, manage=True)
    return _download(
        build_consolidated(round_), XLSX_CONTENT_TYPE, f"consolidated-{round_.slug}.xlsx"
    )


@login_required
def form_download(request, round_slug, district_code, fmt):
    round_ = _get_round_for_user(request, round_slug)
    district = _get_district_for_user(request, round_, district_code)
    data = form_data(round_, district, prefill=request.GET.get("blank") != "1")
    name = f"form-{round_.slug}-{district.code}"
    if fmt == "pdf":
        return _download(form_pdf(data).pdf, "application/pdf", f"{name}.pdf")
    return _download(form_xlsx(data), XLSX_CONTENT_TYPE, f"{name}.xlsx")


def _session_key(round_: Round, district: District) -> str:
    return f"documents:loadback:{round_.slug}:{district.code}"


def _plan(request, round_, district, data: bytes, *, dry_run: bool):
    """Read, match and (dry-)apply a filled form; a FormNotLoadable becomes a form error."""
    try:
        form = loadback.read_filled_form(data)
    except loadback.FormNotLoadable as problem:
        return None, problem.message
    plan = loadback.plan_loadback(form, round_=round_, district=district, by=request.user)
    return loadback.loadback_apply(plan, by=request.user, dry_run=dry_run), ""


@login_required
def form_upload(request, round_slug, district_code):
    round_ = _get_round_for_user(request, round_slug)
    district = _get_district_for_user(request, round_, district_code)
    upload = FilledFormUploadForm(request.POST or None, request.FILES or None)
    plan, problem = None, ""
    if request.method == "POST" and upload.is_valid():
        data = upload.cleaned_data["file"].read()
        plan, problem = _plan(request, round_, district, data, dry_run=True)
        if plan is not None and plan.can_confirm:
            request.session[_session_key(round_, district)] = base64.b64encode(data).decode()
        if problem:
            upload.add_error("file", problem)
    context = {"round": round_, "district": district, "upload": upload, "plan": plan}
    return render(request, "documents/form_upload.html", context)


@login_required
@require_POST
def form_confirm(request, round_slug, district_code):
    round_ = _get_round_for_user(request, round_slug)
    district = _get_district_for_user(request, round_, district_code)
    stored = request.session.pop(_session_key(round_, district), None)
    if stored is None:
        messages.error(request, _("ไม่พบไฟล์ที่ตรวจไว้ (อาจหมดเวลา) กรุณาอัปโหลดแบบรายงานอีกครั้ง"))
        return redirect(
            "documents:form_upload", round_slug=round_.slug, district_code=district.code
        )
    data = base64.b64decode(stored)
    plan, problem = _plan(request, round_, district, data, dry_run=False)
    context = {"round": round_, "district": district, "plan": plan, "problem": problem,
               "checksum": hashlib.sha256(data).hexdigest()[:12]}  # fmt: skip
    return render(request, "documents/form_loaded.html", context)


@login_required
def emblem(request):
    path = asset_paths().get("garuda")
    if path is None or not path.is_file():
        raise Http404(_("ไม่พบไฟล์ตราครุฑ"))
    return FileResponse(path.open("rb"))
