"""The quota grid and the "what if" preview of a round (provincial staff and admins)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from allocations.forms import QuotaGridForm
from allocations.models import Quota
from allocations.selectors import shortfall_table
from allocations.services import quota_set_many
from registry.models import District
from selection.selectors import round_get


def _get_round_for_user(request, slug):
    return round_get(user=request.user, slug=slug, manage=True)


def quota_grid(request, slug):
    round_ = _get_round_for_user(request, slug)
    if not round_.is_draft:
        raise Http404
    quotas = {q.district_id: q for q in Quota.objects.filter(round=round_)}
    districts = District.objects.filter(province_id=round_.province_id)
    form = QuotaGridForm(request.POST or None, districts=districts, quotas=quotas)
    if request.method == "POST" and form.is_valid():
        try:
            quota_set_many(round_=round_, amounts=form.amounts())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "บันทึกจำนวนจัดสรรแล้ว")
            return redirect("allocations:quota_grid", slug=round_.slug)
    total = sum(q.amount for q in quotas.values())
    foreign = [q for q in quotas.values() if q.district_id[:2] != round_.province_id]
    context = {"round": round_, "form": form, "total": total, "foreign": foreign}
    return render(request, "allocations/quota_grid.html", context)


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
