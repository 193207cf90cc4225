"""The round page and its open/close button: they show and run every app's checks, so
they live here, above them; their URLs keep their names in the selection namespace
(otop_site/urls.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from changelog.models import ChangeSource
from lifecycle.checks import round_issues
from lifecycle.history import round_history
from lifecycle.services import STATUS_SERVICES
from registry.models import District
from selection import selectors
from selection.forms import StatusForm


def _get_round_for_user(request, slug):
    return selectors.round_get(user=request.user, slug=slug, manage=True)


def round_detail(request, slug):
    round_ = _get_round_for_user(request, slug)
    context = {
        "round": round_,
        "tiers": round_.tiers.prefetch_related("criteria"),
        "issues": round_issues(round_),
        "districts": District.objects.filter(province_id=round_.province_id),
        "can_edit": round_.is_draft,
        "history": round_history(round_),
    }
    return render(request, "selection/round_detail.html", context)


@require_POST
def round_status(request, slug):
    round_ = _get_round_for_user(request, slug)
    form = StatusForm(request.POST)
    if form.is_valid():
        service = STATUS_SERVICES[form.cleaned_data["status"]]
        try:
            service(round_=round_, user=request.user, source=ChangeSource.WEB)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"สถานะรอบ: {round_.get_status_display()}")
    return redirect("selection:round_detail", slug=round_.slug)
