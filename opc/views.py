"""OPC and PSO pages. Every view fetches through a `_get_<obj>_for_user` helper (404
outside the user's scope), calls one service for a change (POST only), and redirects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from changelog.models import ChangeSource
from opc import rules, selectors, services
from opc.announcement import announcement_html, announcement_pdf, pso_list_html, pso_list_pdf
from opc.export import pso_workbook, results_workbook
from opc.forms import (
    ApplicationForm,
    CommitteeForm,
    ProducerChoiceForm,
    PsoPickForm,
    ScoreForm,
    SettingsForm,
)
from opc.history import application_history
from opc.models import ApplicationStatus, CommitteeMember, PsoPick
from opc.round_settings import settings_of
from registry.models import Category, Product, ProgramCode
from registry.xlsx_safe import XLSX_CONTENT_TYPE
from selection.models import RoundStatus

# What each kind of entry needs (opc.rules "round status and windows"): the same words
# the services use, so a page shows the reason a button is missing.
ENTRY = {"doing": gettext_lazy("บันทึกใบสมัคร"), "stage": "applications"}
SCORING = {"doing": gettext_lazy("ให้คะแนน"), "stage": "scoring"}
PSO_PICK = {"doing": gettext_lazy("เลือกผลิตภัณฑ์เด่นจังหวัด")}


def _get_round_for_user(request, round_slug, *, program=ProgramCode.OPC, manage=False):
    round_ = selectors.round_get(user=request.user, round_slug=round_slug, program=program)
    if manage and not selectors.can_manage(user=request.user, round_=round_):
        raise Http404
    return round_


def _get_application_for_user(request, round_slug, pk):
    round_ = _get_round_for_user(request, round_slug)
    return selectors.application_get(user=request.user, round_=round_, pk=pk)


def _parts_note(round_) -> str:
    """The warning that the scoring parts' points are the system's placeholder."""
    return rules.parts_default_note() if rules.parts_are_default(settings_of(round_)) else ""


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# ---------------------------------------------------------------- rounds


def round_list(request):
    rounds = selectors.round_list(user=request.user)
    return render(request, "opc/round_list.html", {"rounds": rounds})


def round_detail(request, round_slug):
    round_ = _get_round_for_user(request, round_slug)
    user = request.user
    settings = settings_of(round_)
    context = {
        "round": round_,
        "stages": settings.stages,
        "parts": settings.parts,
        "bands": settings.bands,
        "applications": selectors.application_list(user=user, round_=round_),
        "publications": round_.opc_publications.select_related("published_by")[:5],
        "can_manage": selectors.can_manage(user=user, round_=round_),
        "can_edit_settings": rules.round_editable(round_.status),
        "can_enter": selectors.can_enter(user=user, round_=round_),
        "is_member": selectors.is_member(user=user, round_=round_),
        "limit": rules.application_limit(round_.max_products_per_producer),
        "entry_refusal": selectors.refusal(round_=round_, **ENTRY),
        "scoring_refusal": selectors.refusal(round_=round_, **SCORING),
        "publish_refusal": selectors.refusal(round_=round_, doing=_("ประกาศผล")),
        "parts_note": _parts_note(round_),
    }
    return render(request, "opc/round_detail.html", context)


@require_POST
def round_publish(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, manage=True)
    try:
        done = services.round_publish(round_=round_, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            f"ประกาศผลแล้ว: เพิ่มใหม่ {done.created} แก้ไข {done.updated} "
            f"ไม่เปลี่ยนแปลง {done.unchanged} ลบออก {done.removed}",
        )
    return redirect("opc:round_detail", round_slug=round_.slug)


def round_settings(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, manage=True)
    settings = settings_of(round_)
    form = SettingsForm(
        request.POST or None,
        bands=settings.bands,
        stages=settings.stages,
        parts=settings.parts,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.round_settings_set(
                round_=round_,
                bands=form.bands(),
                parts=form.parts(),
                timeline=form.timeline(),
                user=request.user,
                source=ChangeSource.WEB,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("บันทึกค่าตั้งของรอบแล้ว"))
            return redirect("opc:round_detail", round_slug=round_.slug)
    context = {"round": round_, "form": form, "parts_note": _parts_note(round_)}
    return render(request, "opc/round_settings.html", context)


# ---------------------------------------------------------------- applications


def application_create(request, round_slug):
    round_ = _get_round_for_user(request, round_slug)
    if not selectors.can_enter(user=request.user, round_=round_):
        raise Http404
    producers = selectors.producers_for_entry(user=request.user, round_=round_)
    chooser = ProducerChoiceForm(request.GET or None, producers=producers)
    producer = chooser.cleaned_data["producer"] if chooser.is_valid() else None
    form = ApplicationForm(request.POST or None, producer=producer)
    if request.method == "POST" and producer and form.is_valid():
        try:
            application = services.application_create(
                round_=round_, producer=producer, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("บันทึกใบสมัครแล้ว"))
            return redirect("opc:application_detail", round_slug=round_.slug, pk=application.pk)
    context = {
        "round": round_,
        "chooser": chooser,
        "producer": producer,
        "form": form,
        "refusal": selectors.refusal(round_=round_, **ENTRY),
    }
    return render(request, "opc/application_form.html", context)


def application_detail(request, round_slug, pk):
    application = _get_application_for_user(request, round_slug, pk)
    round_ = application.round
    is_member = selectors.is_member(user=request.user, round_=round_)
    parts = settings_of(round_).parts
    points = dict(application.scores.values_list("part", "points"))
    status = application.status
    scoring_refusal = selectors.refusal(round_=round_, **SCORING) if is_member else None
    context = {
        "round": round_,
        "application": application,
        "scores": application.scores.select_related("scored_by"),
        "events": application_history(application),
        "part_names": {p.key: p.name for p in parts},
        "score_form": ScoreForm(parts=parts, initial_points=points)
        if is_member
        and not scoring_refusal
        and rules.application_may_become(status, ApplicationStatus.SCORED)
        else None,
        "scoring_refusal": scoring_refusal,
        "can_withdraw": rules.application_may_become(status, ApplicationStatus.WITHDRAWN)
        and round_.status == RoundStatus.OPEN
        and selectors.can_enter(user=request.user, round_=round_),
    }
    return render(request, "opc/application_detail.html", context)


@require_POST
def application_withdraw(request, round_slug, pk):
    application = _get_application_for_user(request, round_slug, pk)
    if not selectors.can_enter(user=request.user, round_=application.round):
        raise Http404
    try:
        services.application_withdraw(application=application, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("opc:application_detail", round_slug=round_slug, pk=application.pk)


@require_POST
def score_set(request, round_slug, pk):
    application = _get_application_for_user(request, round_slug, pk)
    round_ = application.round
    if not selectors.is_member(user=request.user, round_=round_):
        raise Http404
    form = ScoreForm(request.POST, parts=settings_of(round_).parts)
    if not form.is_valid():
        _errors(
            request,
            ValidationError([f"{form.fields[k].label}: {e[0]}" for k, e in form.errors.items()]),
        )
        return redirect("opc:application_detail", round_slug=round_slug, pk=pk)
    try:
        services.score_set(application=application, points=form.cleaned_data, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("บันทึกคะแนนแล้ว"))
    return redirect("opc:application_detail", round_slug=round_slug, pk=pk)


def district_applications(request, round_slug, district_code):
    round_ = _get_round_for_user(request, round_slug)
    district = selectors.district_get(user=request.user, round_=round_, district_code=district_code)
    applications = selectors.application_list(user=request.user, round_=round_).filter(
        district=district
    )
    context = {"round": round_, "district": district, "applications": applications}
    return render(request, "opc/district_applications.html", context)


# ---------------------------------------------------------------- committee


def committee(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, manage=True)
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_member_add(
                round_=round_,
                user=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
                added_by=request.user,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("เพิ่มกรรมการแล้ว"))
            return redirect("opc:committee", round_slug=round_.slug)
    context = {
        "round": round_,
        "form": form,
        "members": round_.opc_committee.select_related("user"),
        "can_edit": rules.round_editable(round_.status),
    }
    return render(request, "opc/committee.html", context)


@require_POST
def committee_remove(request, round_slug, pk):
    round_ = _get_round_for_user(request, round_slug, manage=True)
    member = get_object_or_404(CommitteeMember, round=round_, pk=pk)
    try:
        services.committee_member_remove(member=member, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("opc:committee", round_slug=round_.slug)


# ---------------------------------------------------------------- results


def results(request, round_slug):
    round_ = _get_round_for_user(request, round_slug)
    user = request.user
    sees_all = selectors.can_manage(user=user, round_=round_) or selectors.is_member(
        user=user, round_=round_
    )
    if not sees_all and not selectors.can_enter(user=user, round_=round_):
        raise Http404
    # A district officer sees the results of their own district only.
    district_code = None if sees_all else user.district_id
    rows = selectors.result_rows(round_=round_, district_code=district_code)
    context = {
        "round": round_,
        "summary": selectors.results_by_category(rows),
        "districts": selectors.results_by_district(rows),
        "can_download": selectors.can_manage(user=user, round_=round_),
    }
    return render(request, "opc/results.html", context)


def results_xlsx(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, manage=True)
    response = HttpResponse(results_workbook(round_), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="opc-results-{round_.slug}.xlsx"'
    return response


def announcement(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, manage=True)
    return HttpResponse(announcement_html(round_, preview=True))


def announcement_download(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, manage=True)
    response = HttpResponse(announcement_pdf(round_).pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="opc-announcement-{round_.slug}.pdf"'
    return response


# ---------------------------------------------------------------- PSO


def pso_round(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, program=ProgramCode.PSO)
    candidates = selectors.pso_candidates(round_=round_)
    picks = selectors.pso_picks(round_=round_)
    categories = [
        {"value": v, "label": label, "candidates": candidates[v], "pick": picks.get(v)}
        for v, label in Category.choices
    ]
    can_manage = selectors.can_manage(user=request.user, round_=round_)
    refusal = selectors.refusal(round_=round_, **PSO_PICK)
    context = {
        "round": round_,
        "categories": categories,
        "can_manage": can_manage,
        "can_pick": can_manage and refusal is None,
        "refusal": refusal,
    }
    return render(request, "opc/pso_round.html", context)


@require_POST
def pso_pick(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, program=ProgramCode.PSO, manage=True)
    form = PsoPickForm(request.POST)
    if form.is_valid():
        product = get_object_or_404(
            Product.objects.visible_to(request.user).select_related("producer"),
            pk=form.cleaned_data["product"],
        )
        try:
            services.pso_pick_set(
                round_=round_,
                product=product,
                remark=form.cleaned_data["remark"],
                user=request.user,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, f"เลือก {product.name} แล้ว")
    else:
        messages.error(request, _("ต้องระบุเหตุผลที่เป็นผลิตภัณฑ์อัตลักษณ์ของจังหวัด"))
    return redirect("opc:pso_round", round_slug=round_.slug)


@require_POST
def pso_pick_remove(request, round_slug, pk):
    round_ = _get_round_for_user(request, round_slug, program=ProgramCode.PSO, manage=True)
    pick = get_object_or_404(PsoPick, round=round_, pk=pk)
    try:
        services.pso_pick_remove(pick=pick, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("opc:pso_round", round_slug=round_.slug)


def pso_xlsx(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, program=ProgramCode.PSO, manage=True)
    response = HttpResponse(pso_workbook(round_), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="pso-{round_.slug}.xlsx"'
    return response


def pso_list(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, program=ProgramCode.PSO, manage=True)
    return HttpResponse(pso_list_html(round_, preview=True))


def pso_pdf(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, program=ProgramCode.PSO, manage=True)
    response = HttpResponse(pso_list_pdf(round_).pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="pso-{round_.slug}.pdf"'
    return response
