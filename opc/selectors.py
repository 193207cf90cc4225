"""Reads of OPC and PSO rounds, scoped to what a user may see (404 otherwise).

Who sees what: admins everything; provincial staff their province's rounds, drafts
included (they prepare them); district officers their province's open and closed rounds
(never a draft) but only their own district's applications; committee members the open
and closed rounds they sit on (every district of that round's province), nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.rules import MANAGE, WORK
from opc import rules
from opc.models import (
    Application,
    ApplicationProduct,
    ApplicationStatus,
    CommitteeMember,
    PsoPick,
)
from opc.round_settings import settings_of
from registry.models import Category, District, Producer, Product, ProgramCode, StarRating
from selection.engine import compile_round
from selection.models import Round

PROGRAMS = (ProgramCode.OPC, ProgramCode.PSO)


def round_list(*, user) -> QuerySet[Round]:
    """The OPC and PSO rounds the user sees (`Round.objects.visible_to`), and the open
    and closed rounds the user scores as a committee member."""
    committee = CommitteeMember.objects.filter(user=user).values("round_id")
    rounds = Round.objects.visible_to(user, also=committee).filter(program_id__in=PROGRAMS)
    return rounds.select_related("program", "province")


def round_get(*, user, round_slug: str, program: str | None = None) -> Round:
    round_ = round_list(user=user).filter(slug=round_slug).first()
    if round_ is None or (program and round_.program_id != program):
        raise Http404
    return round_


def refusal(*, round_: Round, doing: str, stage: str | None = None) -> str | None:
    """Why the round takes no `doing` today (Thai, the service's own message), or None:
    the same `rules.check_entry` the service runs, so pages hide what would fail."""
    try:
        rules.check_entry(
            status=round_.status,
            stages=settings_of(round_).stages,
            doing=doing,
            stage=stage,
            today=timezone.localdate(),
        )
    except ValidationError as error:
        return error.messages[0]
    return None


def is_member(*, user, round_: Round) -> bool:
    return CommitteeMember.objects.filter(round=round_, user=user).exists()


def can_manage(*, user, round_: Round) -> bool:
    """Provincial staff of the round's province and admins manage it (committee,
    settings, publishing, PSO picks)."""
    return user.may(MANAGE, round_.province_id)


def can_enter(*, user, round_: Round) -> bool:
    """Officers enter for their district, staff for their province: some district of
    the round's province is within the user's working scope."""
    return user.place_scope(WORK).reaches(round_.province_id)


def application_list(*, user, round_: Round) -> QuerySet[Application]:
    return (
        Application.objects.visible_to(user)
        .filter(round=round_)
        .select_related("producer", "district", "scored_by")
        .prefetch_related(Prefetch("items", ApplicationProduct.objects.select_related("product")))
        .order_by("district_id", "producer__code", "slot", "pk")
    )


def application_get(*, user, round_: Round, pk: int) -> Application:
    application = application_list(user=user, round_=round_).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def district_get(*, user, round_: Round, district_code: str) -> District:
    """A district of the round's province that the user may look at."""
    district = District.objects.filter(code=district_code, province_id=round_.province_id).first()
    if district is None:
        raise Http404
    if not user.may(WORK, round_.province_id, district.code) and not is_member(
        user=user, round_=round_
    ):
        raise Http404
    return district


def producers_for_entry(*, user, round_: Round):
    """Producers the user may enter applications for, with their products."""
    work = user.place_scope(WORK)
    producers = Producer.objects.filter(district__province_id=round_.province_id).filter(
        work.q(province="district__province_id", district="district_id")
    )
    return producers.prefetch_related("products").order_by("code")


# ---------------------------------------------------------------- results


@dataclass
class ResultRow:
    application: Application
    product: Product
    district: District
    score: Decimal | None
    stars: int | None


def result_rows(*, round_: Round, district_code: str | None = None) -> list[ResultRow]:
    """One row per product of each scored application, stars from the round's bands."""
    bands = settings_of(round_).bands
    items = (
        ApplicationProduct.objects.filter(
            application__round=round_, application__status=ApplicationStatus.SCORED
        )
        .select_related("product", "application", "application__district", "application__producer")
        .order_by("application__district_id", "product__category", "-application__total_score")
    )
    if district_code:
        items = items.filter(application__district_id=district_code)
    rows = []
    for item in items:
        total = item.application.total_score
        rows.append(
            ResultRow(
                application=item.application,
                product=item.product,
                district=item.application.district,
                score=total,
                stars=rules.stars_for_score(total, bands) if total is not None else None,
            )
        )
    return rows


def results_by_category(rows: list[ResultRow]) -> list[dict]:
    """[{category label, counts per star 5…1, total}] for the summary table."""
    table = []
    for value, label in Category.choices:
        counts = {s: 0 for s in (5, 4, 3, 2, 1)}
        for row in rows:
            if row.product.category == value and row.stars:
                counts[row.stars] += 1
        table.append(
            {
                "category": label,
                "counts": [counts[s] for s in (5, 4, 3, 2, 1)],
                "total": sum(counts.values()),
            }
        )
    return table


def results_by_district(rows: list[ResultRow]) -> list[tuple[District, list[ResultRow]]]:
    grouped: dict[str, list[ResultRow]] = defaultdict(list)
    districts = {}
    for row in rows:
        grouped[row.district.code].append(row)
        districts[row.district.code] = row.district
    return [(districts[code], grouped[code]) for code in sorted(grouped)]


# ---------------------------------------------------------------- PSO


@dataclass
class PsoCandidate:
    product: Product
    tier: int
    stars: int | None
    star_year: int | None
    score: Decimal | None


def pso_candidates(*, round_: Round) -> dict[str, list[PsoCandidate]]:
    """{category: candidates}, ranked by tier, latest star level (up to the round's year)
    and its score (highest first), then code. Tiers come from the engine in one query for
    the whole province."""
    compiled = compile_round(round_)
    latest = StarRating.objects.filter(
        product=OuterRef("pk"), year__lte=round_.fiscal_year
    ).order_by("-year")
    products = (
        Product.objects.filter(producer__district__province_id=round_.province_id)
        .annotate(
            tier=compiled.tier_expression(),
            latest_stars=Subquery(latest.values("stars")[:1]),
            latest_year=Subquery(latest.values("year")[:1]),
            latest_score=Subquery(latest.values("score")[:1]),
        )
        .select_related("producer", "producer__district")
    )
    ranked: dict[str, list[PsoCandidate]] = {value: [] for value in Category.values}
    for product in products:
        if product.tier is None:
            continue
        ranked[product.category].append(
            PsoCandidate(
                product,
                product.tier,
                product.latest_stars,
                product.latest_year,
                product.latest_score,
            )
        )
    for candidates in ranked.values():
        candidates.sort(
            key=lambda c: (c.tier, -(c.stars or 0), -(c.score or Decimal(-1)), c.product.code)
        )
    return ranked


def pso_picks(*, round_: Round) -> dict[str, PsoPick]:
    return {
        pick.category: pick
        for pick in PsoPick.objects.filter(round=round_).select_related(
            "product", "product__producer", "product__producer__district", "picked_by"
        )
    }


def latest_ratings(*, round_: Round, product_ids) -> dict[int, tuple[int, int]]:
    """{product: (stars, year)} of the latest rating up to the round's fiscal year."""
    latest = {}
    for product_id, stars, year in (
        StarRating.objects.filter(product_id__in=product_ids, year__lte=round_.fiscal_year)
        .order_by("product_id", "year")
        .values_list("product_id", "stars", "year")
    ):
        latest[product_id] = (stars, year)
    return latest
