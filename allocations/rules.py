"""Pure quota rules: coverage of a province's districts, and the shortfall of a district."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from registry.scope import province_code_of
from registry.thai import thai_digits
from selection.rules import Issue

# The kinds of a quota, the values of allocations.models.QuotaKind (rules take values).
EXACT, AT_LEAST = "exact", "at_least"


def check_quota_coverage(
    *,
    province_code: str,
    province_name: str,
    province_districts: Mapping[str, str],
    quota_districts: Mapping[str, str],
) -> list[Issue]:
    """Quotas exist for every district of the round's province, and only for them.

    Both mappings are {district code: Thai name}. A district's DOPA code starts with
    its province's code.
    """
    if not quota_districts:
        return [Issue("quotas_missing", _("ยังไม่ได้กำหนดจำนวนจัดสรรของอำเภอใดเลย"))]
    issues = []
    outside = [
        name for code, name in quota_districts.items() if province_code_of(code) != province_code
    ]
    if outside:
        issues.append(
            Issue(
                "quota_outside_province",
                _("จำนวนจัดสรรมีอำเภอที่ไม่อยู่ในจังหวัด%(province)s: %(names)s")
                % {"province": province_name, "names": ", ".join(outside)},
            )
        )
    missing = [name for code, name in province_districts.items() if code not in quota_districts]
    if missing:
        issues.append(
            Issue(
                "quota_district_missing",
                _("ยังไม่มีจำนวนจัดสรรของ %(count)s อำเภอ: %(names)s")
                % {"count": thai_digits(len(missing)), "names": ", ".join(missing)},
            )
        )
    return issues


def fallback_places(amount: int | None, tier1_eligible: int) -> int:
    """How many of a district's quota tier 1 cannot fill: what the fallback tiers may
    fill (quota minus tier-1 eligible, never below zero; no quota: none). The one home
    of this arithmetic (the dashboard's shortfall, nominating, the stale check)."""
    return max((amount or 0) - tier1_eligible, 0)


@dataclass
class Shortfall:
    """A district's eligible pool against its quota.

    Short means tier 1 alone cannot meet the quota (exact or at least: both need
    `amount` targets). The fallback tiers are offered only where the round has one and
    tier 1 is short; `still_short` says the fallback does not close the gap either.
    """

    amount: int | None
    counts: dict[int, int] = field(default_factory=dict)
    has_fallback: bool = False

    @property
    def tier1(self) -> int:
        return self.counts.get(1, 0)

    @property
    def fallback(self) -> int:
        return sum(n for tier, n in self.counts.items() if tier > 1)

    @property
    def short(self) -> bool:
        return self.missing > 0

    @property
    def missing(self) -> int:
        return fallback_places(self.amount, self.tier1)

    @property
    def fallback_offered(self) -> bool:
        return self.short and self.has_fallback

    @property
    def still_short(self) -> bool:
        if not self.short:
            return False
        available = self.tier1 + (self.fallback if self.has_fallback else 0)
        return available < (self.amount or 0)
