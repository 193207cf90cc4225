"""District officers' working page and the province's review pages of a round.

Every view fetches its objects through a `_get_<obj>_for_user` helper that raises 404
outside the user's scope (another district, another province), so a URL never reveals
that a row exists. State changes are POST only; with htmx they answer with the working
area's partial, without it with a redirect, so the page works without JavaScript.

When another user got there first (the nomination is already withdrawn, the list already
approved: `services.StaleState`), the answer is the Thai message, never a 500: a
redirect with the message, or for htmx a 409 whose body is the working area as it is
now with the message on top (static/js/nominations.js lets htmx swap it in).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import WORK
from nominations import pages, selectors, services
from nominations.forms import (
    JustifyForm,
    KeepForm,
    MoveForm,
    NominateForm,
    ReopenForm,
    ReturnForm,
    SeenStatusForm,
)
from nominations.models import Nomination
from registry.models import District, Producer, Product
from registry.scope import province_code_of
from selection.criteria import PRODUCT
from selection.selectors import round_get

# ---------------------------------------------------------------- access helpers


def _get_round_for_user(request, round_slug, *, review=False):
    """The round (`review`: one the user manages, where the province reviews), else 404."""
    return round_get(user=request.user, slug=round_slug, manage=review)


def _get_district_for_user(request, round_slug, district_code, *, review=False):
    """(round, district) if the user may work on (officer) or review (staff) it: a
    district of the round's province within the user's scope; the working page is the
    officer's own (the province reviews instead)."""
    round_ = _get_round_for_user(request, round_slug, review=review)
    user = request.user
    if province_code_of(district_code) != round_.province_id:
        raise Http404
    if not user.may(WORK, round_.province_id, district_code):
        raise Http404
    if not review and user.place_scope(WORK).district != district_code:
        raise Http404  # the working page is the district officer's own
    return round_, get_object_or_404(District, code=district_code)


def _get_nomination_for_user(request, round_slug, district_code, pk, *, review=False):
    """(round, district, nomination). One the district's log shows withdrawn is not a 404
    but a stand-in that the services find gone (StaleState: someone withdrew it first)."""
    round_, district = _get_district_for_user(request, round_slug, district_code, review=review)
    nomination = (
        Nomination.objects.visible_to(request.user)
        .filter(pk=pk, round=round_, district=district)
        .first()
    )
    if nomination is None:
        if not selectors.nomination_was_removed(round_=round_, district_code=district.code, pk=pk):
            raise Http404
        nomination = Nomination(pk=pk, district=district)
    nomination.round = round_
    return round_, district, nomination


def _get_candidate_for_user(request, round_slug, district_code, pk):
    """A registry entry of the user's district (of the round's unit), else 404."""
    round_, district = _get_district_for_user(request, round_slug, district_code)
    if round_.program.unit == PRODUCT:
        found = Product.objects.visible_to(request.user).filter(pk=pk, producer__district=district)
    else:
        found = Producer.objects.visible_to(request.user).filter(pk=pk, district=district)
    if not found.exists():
        raise Http404
    return round_, district


# ---------------------------------------------------------------- district officer


def submission_work(request, round_slug, district_code):
    round_, district = _get_district_for_user(request, round_slug, district_code)
    context = pages.work_context(request, round_, district)
    # A history restore (back button after a filter) needs the whole page again.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "nominations/includes/work.html" if partial else "nominations/work.html"
    return render(request, template, context)


def _after_edit(request, round_, district, error=None, notice=None, status=200):
    """The htmx partial of the working area, or a redirect back to the page."""
    if request.htmx:
        context = pages.work_context(request, round_, district, error=error, notice=notice)
        return render(request, "nominations/includes/work.html", context, status=status)
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    url = reverse("nominations:submission_work", args=[round_.slug, district.code])
    return redirect(url + pages.filter_query(request.POST))


def _run(request, round_, district, action, notice):
    try:
        action()
    except services.StaleState as error:
        return _after_edit(request, round_, district, error=" ".join(error.messages), status=409)
    except ValidationError as error:
        return _after_edit(request, round_, district, error=" ".join(error.messages))
    return _after_edit(request, round_, district, notice=notice)


@require_POST
def nomination_add(request, round_slug, district_code, pk):
    round_, district = _get_candidate_for_user(request, round_slug, district_code, pk)
    form = NominateForm(request.POST)
    form.is_valid()
    justification = form.cleaned_data.get("justification", "")
    return _run(
        request,
        round_,
        district,
        lambda: services.nomination_add(
            round_=round_,
            district_code=district.code,
            candidate_pk=pk,
            justification=justification,
            by=request.user,
        ),
        _("เสนอชื่อแล้ว"),
    )


@require_POST
def nomination_remove(request, round_slug, district_code, pk):
    round_, district, nomination = _get_nomination_for_user(request, round_slug, district_code, pk)
    return _run(
        request,
        round_,
        district,
        lambda: services.nomination_remove(nomination=nomination, by=request.user),
        _("ถอนชื่อแล้ว"),
    )


@require_POST
def nomination_move(request, round_slug, district_code, pk):
    round_, district, nomination = _get_nomination_for_user(request, round_slug, district_code, pk)
    form = MoveForm(request.POST)
    direction = form.cleaned_data["direction"] if form.is_valid() else ""
    return _run(
        request,
        round_,
        district,
        lambda: services.nomination_move(
            nomination=nomination,
            direction=direction,
            by=request.user,
            expected_position=form.cleaned_data.get("position") if form.is_valid() else None,
        ),
        _("เปลี่ยนลำดับแล้ว"),
    )


@require_POST
def nomination_justify(request, round_slug, district_code, pk):
    round_, district, nomination = _get_nomination_for_user(request, round_slug, district_code, pk)
    form = JustifyForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("justification", "")
    return _run(
        request,
        round_,
        district,
        lambda: services.nomination_justify(
            nomination=nomination, justification=text, by=request.user
        ),
        _("บันทึกเหตุผลแล้ว"),
    )


@require_POST
def submission_submit(request, round_slug, district_code):
    round_, district = _get_district_for_user(request, round_slug, district_code)
    submission = services.submission_get_or_create(round_=round_, district_code=district.code)
    submission.round = round_
    seen = SeenStatusForm(request.POST).seen()
    return _run(
        request,
        round_,
        district,
        lambda: services.submission_submit(
            submission=submission, by=request.user, expected_status=seen
        ),
        _("ส่งรายชื่อให้จังหวัดแล้ว"),
    )


# ---------------------------------------------------------------- provincial staff


def round_dashboard(request, round_slug):
    round_ = _get_round_for_user(request, round_slug, review=True)
    sort = request.GET.get("sort", "district")
    rows = selectors.dashboard_rows(round_=round_, sort=sort)
    pages.dashboard_links(round_, rows)
    context = {
        "round": round_,
        "rows": rows,
        "sort": sort,
        "totals": pages.totals(rows),
        "chart": selectors.dashboard_bars(rows),
        "columns": pages.DASHBOARD_COLUMNS,
        "round_line": pages.round_line(round_),
    }
    return render(request, "nominations/dashboard.html", context)


def submission_review(request, round_slug, district_code):
    round_, district = _get_district_for_user(request, round_slug, district_code, review=True)
    context = pages.review_context(request, round_, district)
    return render(request, "nominations/review.html", context)


def _review_action(request, round_slug, district_code, action, notice):
    """Run `action(submission)`; back to the review page with its notice or every Thai
    reason it was refused (a status someone else already changed included)."""
    round_, district = _get_district_for_user(request, round_slug, district_code, review=True)
    submission = services.submission_get_or_create(round_=round_, district_code=district.code)
    submission.round = round_
    return _review_result(request, round_, district, lambda: action(submission), notice)


def _review_result(request, round_, district, action, notice):
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, notice)
    return redirect("nominations:submission_review", round_.slug, district.code)


@require_POST
def submission_approve(request, round_slug, district_code):
    return _review_action(
        request,
        round_slug,
        district_code,
        lambda s: services.submission_approve(
            submission=s, by=request.user, expected_status=SeenStatusForm(request.POST).seen()
        ),
        _("อนุมัติรายชื่อแล้ว"),
    )


@require_POST
def submission_return(request, round_slug, district_code):
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _review_action(
        request,
        round_slug,
        district_code,
        lambda s: services.submission_return(
            submission=s,
            comment=comment,
            by=request.user,
            expected_status=SeenStatusForm(request.POST).seen(),
        ),
        _("ส่งกลับให้อำเภอแก้ไขแล้ว"),
    )


@require_POST
def submission_reopen(request, round_slug, district_code):
    form = ReopenForm(request.POST)
    until = form.cleaned_data["until"] if form.is_valid() else None
    return _review_action(
        request,
        round_slug,
        district_code,
        lambda s: services.submission_reopen(
            submission=s,
            until=until,
            by=request.user,
            expected_status=SeenStatusForm(request.POST).seen(),
        ),
        _("เปิดให้อำเภอแก้ไขแล้ว"),
    )


@require_POST
def nomination_keep(request, round_slug, district_code, pk):
    """The province keeps a nomination the registry no longer supports, with a reason."""
    round_, district, nomination = _get_nomination_for_user(
        request, round_slug, district_code, pk, review=True
    )
    form = KeepForm(request.POST)
    form.is_valid()
    return _review_result(
        request,
        round_,
        district,
        lambda: services.nomination_keep(
            nomination=nomination,
            kind=form.cleaned_data.get("kind", ""),
            reason=form.cleaned_data.get("reason", ""),
            by=request.user,
        ),
        _("บันทึกการยืนยันคงรายชื่อไว้แล้ว"),
    )
