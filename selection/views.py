"""Rounds for provincial staff and admins; candidates for district officers (read-only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from registry.models import District
from selection import selectors, services
from selection.engine import district_candidates
from selection.forms import CriterionFormSet, StatusForm, criterion_initial
from selection.validation import round_issues


def _get_round_for_user(request, slug, *, manage=False):
    return selectors.round_get(user=request.user, slug=slug, manage=manage)


def round_list(request):
    rounds = selectors.round_list(user=request.user)
    can_manage = request.user.is_admin or request.user.is_provincial_staff
    return render(
        request, "selection/round_list.html", {"rounds": rounds, "can_manage": can_manage}
    )


def round_detail(request, slug):
    round_ = _get_round_for_user(request, slug, manage=True)
    tiers = round_.tiers.prefetch_related("criteria")
    districts = District.objects.filter(province_id=round_.province_id)
    context = {
        "round": round_,
        "tiers": tiers,
        "issues": round_issues(round_),
        "districts": districts,
        "can_edit": round_.is_draft,
    }
    return render(request, "selection/round_detail.html", context)


def round_rules(request, slug):
    round_ = _get_round_for_user(request, slug, manage=True)
    if not round_.is_draft:
        raise Http404
    # Initial rows only on GET: a posted row is then kept even if it did not change.
    initial = None if request.method == "POST" else criterion_initial(round_)
    formset = CriterionFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        titles = dict(round_.tiers.values_list("order", "title"))
        tiers = [{"title": titles.get(i, ""), **t} for i, t in enumerate(formset.tiers(), 1)]
        try:
            services.round_set_rules(round_=round_, tiers=tiers)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "บันทึกเกณฑ์แล้ว")
            return redirect("selection:round_detail", slug=round_.slug)
    return render(request, "selection/round_rules.html", {"round": round_, "formset": formset})


@require_POST
def round_status(request, slug):
    round_ = _get_round_for_user(request, slug, manage=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.round_set_status(round_=round_, status=form.cleaned_data["status"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"สถานะรอบ: {round_.get_status_display()}")
    return redirect("selection:round_detail", slug=round_.slug)


def round_candidates(request, slug, district_code):
    round_ = _get_round_for_user(request, slug)
    if not selectors.district_visible(
        user=request.user, round_=round_, district_code=district_code
    ):
        raise Http404
    district = District.objects.filter(code=district_code).first() or _not_found()
    show_all = request.GET.get("all") == "1"
    result = district_candidates(round_, district.code, near_misses=show_all)
    context = {"round": round_, "district": district, "result": result, "show_all": show_all}
    return render(request, "selection/round_candidates.html", context)


def _not_found():
    raise Http404
