"""Rounds for provincial staff and admins; candidates for district officers (read-only)."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.rules import MANAGE, NOTHING
from changelog.models import ChangeSource
from registry.models import District
from selection import selectors, services
from selection.engine import district_candidates
from selection.forms import (
    CriterionForm,
    CriterionFormSet,
    criterion_initial,
    tier_titles_form,
)

ROW_PREFIX = re.compile(r"form-\d{1,3}")


def _get_round_for_user(request, slug, *, manage=False):
    return selectors.round_get(user=request.user, slug=slug, manage=manage)


def round_list(request):
    rounds = selectors.round_list(user=request.user)
    can_manage = request.user.place_scope(MANAGE) != NOTHING  # staff and admins
    return render(
        request, "selection/round_list.html", {"rounds": rounds, "can_manage": can_manage}
    )


def _get_draft_round_for_user(request, slug):
    round_ = _get_round_for_user(request, slug, manage=True)
    if not round_.is_draft:
        raise Http404
    return round_


def round_rules(request, slug):
    """The rules editor. Buttons other than save ("show this kind's fields", "add a row")
    redisplay the posted rows unjudged: the no-JavaScript way to change a row's kind."""
    round_ = _get_draft_round_for_user(request, slug)
    formset, titles = _rules_forms(request, round_)
    saving = request.method == "POST" and not _is_redisplay(request)
    if saving and formset.is_valid() and titles.is_valid():
        named = titles.titles()
        tiers = [
            {"title": named.get(t["number"], ""), "criteria": t["criteria"]}
            for t in formset.tiers()
        ]
        try:
            services.round_set_rules(
                round_=round_, tiers=tiers, user=request.user, source=ChangeSource.WEB
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("บันทึกเกณฑ์แล้ว"))
            return redirect("selection:round_detail", slug=round_.slug)
    context = {"round": round_, "formset": formset, "titles": titles}
    return render(request, "selection/round_rules.html", context)


@require_GET
def round_rules_fields(request, slug):
    """The parameter fields of one row for the kind just chosen (htmx swap)."""
    _get_draft_round_for_user(request, slug)
    prefix = request.GET.get("prefix", "")
    if not ROW_PREFIX.fullmatch(prefix):
        raise Http404
    form = CriterionForm(prefix=prefix, initial={"kind": request.GET.get(f"{prefix}-kind", "")})
    return render(request, "selection/includes/criterion_params.html", {"form": form})


def _is_redisplay(request) -> bool:
    return "refresh" in request.POST or "add_row" in request.POST


def _rules_forms(request, round_):
    """The criteria rows and tier titles: the saved ones on GET, the posted ones on POST
    (with one more blank row for "add a row", unjudged on a redisplay)."""
    if request.method != "POST":
        formset = CriterionFormSet(initial=criterion_initial(round_))
        return formset, tier_titles_form(round_)
    data = request.POST
    if "add_row" in data:
        data = data.copy()
        total = data.get("form-TOTAL_FORMS", "")
        data["form-TOTAL_FORMS"] = str(int(total) + 1) if total.isdigit() else total
    formset, titles = CriterionFormSet(data), tier_titles_form(round_, data)
    if _is_redisplay(request):
        formset.quiet()
    return formset, titles


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
