"""Registry pages: the producer list (search, filters, pages) and a producer's detail.

Both read through registry.selectors, which scope every query to the user's province
(admins: all provinces), so another province's producer is a 404, not a 403. The list
shows a district officer their own district unless they widen it to their province.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from registry import selectors
from registry.forms import ProducerFilterForm
from registry.history import rating_history
from registry.models import Producer

PRODUCERS_PER_PAGE = 25


def _get_producer_for_user(request, pk: int) -> Producer:
    """The producer with its products, history and participation, if the user may read it."""
    return get_object_or_404(selectors.producer_detail_queryset(request.user), pk=pk)


@require_GET
def producer_list(request):
    form = ProducerFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    scope = selectors.producer_list_scope(request.user, filters)
    if scope.district:  # the navigation bar shows it: no second query for it
        request.user.district = scope.district
    producers = selectors.producer_list(user=request.user, filters=filters)
    page = Paginator(producers, PRODUCERS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.producer_rows(page.object_list)
    context = {
        "form": form,
        "scope": scope,
        "show_district_filter": "district" in form.fields,
        "page_obj": page,
        "active_filters": form.active_filter_count(),
        "filters_open": form.active_filter_count() > 0 or bool(form.errors),
        "show_province": selectors.sees_every_province(request.user),
        # The list's search, filters and page (those set), for the detail page's way back.
        "back": urlencode([(k, v) for k, values in request.GET.lists() for v in values if v]),
    }
    return render(request, "registry/producer_list.html", context)


@require_GET
def producer_detail(request, pk: int):
    producer = _get_producer_for_user(request, pk)
    products = [
        (product, selectors.product_history(product)) for product in producer.products.all()
    ]
    # Where each rating came from and how it changed (the change log, one query).
    logs = rating_history([product.pk for product, _history in products])
    for product, history in products:
        product.rating_log = logs[product.pk]
        product.rating_rows = [
            (row, logs[product.pk].latest_by_year.get(row.year)) for row in history
        ]
    context = {
        "producer": producer,
        "products": products,
        "participations": producer.participations.all(),
        "list_url": list_url(request.GET.get("back", "")),
    }
    return render(request, "registry/producer_detail.html", context)


def list_url(back: str) -> str:
    """The producer list with the search and filters the user came from (`?back=` holds
    the list's query string). Only a query string on the list's own path comes out of it:
    whatever `back` holds is parsed and encoded again, never used as a URL."""
    query = QueryDict(back).urlencode()
    return reverse("registry:producer_list") + (f"?{query}" if query else "")
