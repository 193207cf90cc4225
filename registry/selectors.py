"""Reads of the registry, scoped to what a user may see.

Scoping lives in the queryset, never in a template: district officers and provincial staff
may read their own province's registry, admins every province. The producer list shows a
district officer their own district until they widen it to the province
(`producer_list_scope`). Every page built on these reads
runs a fixed number of queries whatever the data size (subqueries and prefetches, no
per-row lookups); tests/registry/test_producer_pages.py asserts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from registry.models import (
    District,
    Participation,
    Producer,
    Product,
    Province,
    QuadrantRating,
    StarRating,
)
from registry.scope import BROWSE, WORK


def producers_for_user(user) -> QuerySet[Producer]:
    """Every producer the user may read: their province's, or all for an admin.

    A user bound to no province (which the user constraints forbid for officers and staff)
    sees nothing rather than everything (the scope rule, `Producer.objects.visible_to`).
    """
    return Producer.objects.visible_to(user)


SCOPE_DISTRICT = "district"
SCOPE_PROVINCE = "province"
SCOPE_ALL = "all"


@dataclass(frozen=True)
class ListScope:
    """What the producer list shows: `kind` is SCOPE_DISTRICT (a district officer's own
    `district`), SCOPE_PROVINCE (`province`) or SCOPE_ALL (an admin: every province, or
    the `province` the admin filters by)."""

    kind: str
    district: District | None = None
    province: Province | None = None

    @property
    def can_widen(self) -> bool:
        """A district officer may switch between their district and their province."""
        return self.district is not None


def producer_list_scope(user, filters: dict[str, Any] | None = None) -> ListScope:
    """The part of the registry the producer list shows a user (`filters` as for
    `producer_list`).

    A district officer sees their own district unless the scope filter is SCOPE_PROVINCE:
    the rules let them read the whole province, but their district is what they work on.
    Provincial staff see their province, admins every province (or the one they filter
    by). One query at most (the officer's district with its province).
    """
    filters = filters or {}
    if sees_every_province(user):
        return ListScope(SCOPE_ALL, None, filters.get("province"))
    if may_widen(user):
        work = user.place_scope(WORK)
        district = District.objects.select_related("province").get(pk=work.district)
        kind = SCOPE_PROVINCE if filters.get("scope") == SCOPE_PROVINCE else SCOPE_DISTRICT
        return ListScope(kind, district, district.province)
    return ListScope(SCOPE_PROVINCE, None, user.province)


def sees_every_province(user) -> bool:
    """The user reads every province's registry (and picks one to filter by)."""
    return user.place_scope(BROWSE).everything


def may_widen(user) -> bool:
    """The user works on less than they may read (a district officer: their district,
    within their province), so the list offers the switch between the two."""
    return user.place_scope(WORK) != user.place_scope(BROWSE)


def provinces_for_user(user) -> QuerySet[Province]:
    return Province.objects.filter(user.place_scope(BROWSE).q(province="code"))


def districts_for_user(user, *, province_code: str | None = None) -> QuerySet[District]:
    """Districts a user may filter by: their province's; an admin's chosen province's."""
    scope = user.place_scope(BROWSE)
    if not scope.everything:
        province_code = scope.province
    if not province_code:
        return District.objects.none()
    return District.objects.filter(province_id=province_code)


def _product_filter(filters: dict[str, Any]) -> QuerySet[Product] | None:
    """Products of the outer producer matching every product-level filter, or None.

    Category, star level/year and Quadrant/year must all hold for the SAME product: "a food
    product with 3 stars in 2567", which is how officers read a combined filter.
    """
    category = filters.get("category")
    stars, star_year = filters.get("stars"), filters.get("star_year")
    quadrant, quadrant_year = filters.get("quadrant"), filters.get("quadrant_year")
    if not any([category, stars, star_year, quadrant, quadrant_year]):
        return None
    products = Product.objects.filter(producer=OuterRef("pk"))
    if category:
        products = products.filter(category=category)
    if stars or star_year:
        ratings = StarRating.objects.filter(product=OuterRef("pk"))
        if stars:
            ratings = ratings.filter(stars=stars)
        if star_year:
            ratings = ratings.filter(year=star_year)
        products = products.filter(Exists(ratings))
    if quadrant or quadrant_year:
        groups = QuadrantRating.objects.filter(product=OuterRef("pk"))
        if quadrant:
            groups = groups.filter(quadrant=quadrant)
        if quadrant_year:
            groups = groups.filter(year=quadrant_year)
        products = products.filter(Exists(groups))
    return products


def producer_list(*, user, filters: dict[str, Any] | None = None) -> QuerySet[Producer]:
    """The producers the list shows a user, searched and filtered.

    `filters` is a filter form's cleaned_data: scope (a district officer's own district,
    the default, or SCOPE_PROVINCE: see `producer_list_scope`), q (name or code,
    contains), province (admins only), district, producer_type, registered_year and the
    product-level filters of `_product_filter`. Empty values are ignored. The search and
    every filter stay inside the scope. Pass the page's rows through `producer_rows` for
    the figures the list shows beside each producer.
    """
    filters = filters or {}
    producers = producers_for_user(user).select_related("district__province")
    if filters.get("scope") != SCOPE_PROVINCE:
        # What the user works on (an officer: their district) unless widened to what
        # they may read (their province).
        work = user.place_scope(WORK)
        producers = producers.filter(
            work.q(province="district__province_id", district="district_id")
        )
    if q := (filters.get("q") or "").strip():
        producers = producers.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if (province := filters.get("province")) and sees_every_province(user):
        producers = producers.filter(district__province=province)
    if district := filters.get("district"):
        producers = producers.filter(district=district)
    if producer_type := filters.get("producer_type"):
        producers = producers.filter(producer_type=producer_type)
    if registered_year := filters.get("registered_year"):
        producers = producers.filter(registered_year=registered_year)
    products = _product_filter(filters)
    if products is not None:
        producers = producers.filter(Exists(products))
    return producers.order_by("code")


def producer_rows(producers) -> list[Producer]:
    """One page of producers with what the list shows beside each: `product_count` and
    `top_stars` (the highest star level any of its products ever had), in one query.

    Computed for the page's rows only: as subqueries of the list query, PostgreSQL would
    evaluate them for every row an OFFSET skips (page 800 of 40,000 producers: 2 s).
    """
    producers = list(producers)
    stats = {
        row["producer_id"]: row
        for row in Product.objects.filter(producer__in=producers)
        .order_by()
        .values("producer_id")
        .annotate(n=Count("pk", distinct=True), top=Max("star_ratings__stars"))
    }
    for producer in producers:
        row = stats.get(producer.pk, {})
        producer.product_count = row.get("n", 0)
        producer.top_stars = row.get("top")
    return producers


def producer_detail_queryset(user) -> QuerySet[Producer]:
    """Producers the user may read, with everything the detail page shows prefetched:
    products with their star and Quadrant history, and participation (5 queries)."""
    products = Product.objects.order_by("code").prefetch_related(
        Prefetch("star_ratings", queryset=StarRating.objects.order_by("-year")),
        Prefetch("quadrant_ratings", queryset=QuadrantRating.objects.order_by("-year")),
    )
    participations = Participation.objects.select_related("product").order_by(
        "-fiscal_year", "program", "product__code"
    )
    return (
        producers_for_user(user)
        .select_related("district__province", "subdistrict")
        .prefetch_related(
            Prefetch("products", queryset=products),
            Prefetch("participations", queryset=participations),
        )
    )


@dataclass(frozen=True)
class HistoryRow:
    """One year of a product's history: its star rating and Quadrant group, if any."""

    year: int
    star: StarRating | None
    quadrant: QuadrantRating | None


def product_history(product: Product) -> list[HistoryRow]:
    """A product's star and Quadrant history merged by year, newest first.

    Reads the prefetched ratings only (no query), so call it on products from
    `producer_detail_queryset`.
    """
    stars = {rating.year: rating for rating in product.star_ratings.all()}
    quadrants = {rating.year: rating for rating in product.quadrant_ratings.all()}
    years = sorted(stars.keys() | quadrants.keys(), reverse=True)
    return [HistoryRow(year, stars.get(year), quadrants.get(year)) for year in years]
