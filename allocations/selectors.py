"""Reads of quotas: a round's quotas, the quota checks, and the province shortfall table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from allocations.models import Quota
from allocations.rules import Shortfall, check_quota_coverage
from registry.models import District, ProgramCode
from selection.engine import compile_round, tier_counts
from selection.models import Round
from selection.rules import Issue


def quota_list(*, round_: Round) -> QuerySet[Quota]:
    return Quota.objects.filter(round=round_).select_related("district")


def quota_total(*, round_: Round) -> int:
    return Quota.objects.filter(round=round_).aggregate(total=Sum("amount"))["total"] or 0


# Programs whose targets are allocated to districts by quota (the allocation register of
# the letter). OPC takes applications and PSO picks per category for the whole province.
QUOTA_PROGRAMS = frozenset({ProgramCode.KBO, ProgramCode.QD})


def round_quota_issues(round_: Round) -> list[Issue]:
    """The quota checks of a round before it opens (lifecycle.checks) and before its
    letter is issued (documents.letters)."""
    if round_.program_id not in QUOTA_PROGRAMS:
        return []
    province_districts = dict(
        District.objects.filter(province=round_.province).values_list("code", "name_th")
    )
    quota_districts = dict(
        quota_list(round_=round_).values_list("district_id", "district__name_th")
    )
    return check_quota_coverage(
        province_code=round_.province_id,
        province_name=round_.province.name_th,
        province_districts=province_districts,
        quota_districts=quota_districts,
    )


@dataclass
class ShortfallRow:
    district: District
    quota: Quota | None
    shortfall: Shortfall


def shortfall_table(*, round_: Round) -> list[ShortfallRow]:
    """One row per district of the round's province: quota, eligible per tier, shortfall.

    A fixed number of queries whatever the registry size: districts, quotas, the
    round's rules, and one grouped count of every tier of every district.
    """
    compiled = compile_round(round_)
    districts = list(District.objects.filter(province=round_.province_id))
    quotas = {q.district_id: q for q in Quota.objects.filter(round=round_)}
    counts = tier_counts(round_, [d.code for d in districts], compiled=compiled)
    return [
        ShortfallRow(
            district=d,
            quota=quotas.get(d.code),
            shortfall=Shortfall(
                amount=quotas[d.code].amount if d.code in quotas else None,
                counts=counts[d.code],
                has_fallback=compiled.has_fallback,
            ),
        )
        for d in districts
    ]
