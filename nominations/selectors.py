"""Reads of the nomination workflow: the home panel, the working page, the dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from accounts.rules import WORK
from allocations.models import Quota
from allocations.rules import Shortfall
from changelog.models import ChangeLog
from changelog.selectors import change_list
from nominations import rules
from nominations.models import Action, KeptNomination, Nomination, Submission
from registry.models import District
from selection.criteria import PRODUCT
from selection.engine import compile_round, entries, tier_counts
from selection.models import Round, RoundStatus


def nomination_list(*, round_: Round, district_code: str) -> QuerySet[Nomination]:
    return Nomination.objects.filter(round=round_, district_id=district_code).select_related(
        "producer", "product"
    )


def submission_find(*, round_: Round, district_code: str) -> Submission:
    """The stored submission, or an unsaved draft (a GET never writes)."""
    found = Submission.objects.filter(round=round_, district_id=district_code).first()
    submission = found or Submission(round=round_, district_id=district_code)
    submission.round = round_
    return submission


def nomination_was_removed(*, round_: Round, district_code: str, pk: int) -> bool:
    """Whether the district's log shows nomination `pk` withdrawn: a request for it is
    then stale (someone withdrew it first), not a probe of another district's rows."""
    return ChangeLog.objects.filter(
        round_id=round_.pk,
        district_code=district_code,
        action=Action.REMOVE,
        before__nomination=pk,
    ).exists()


def event_list(*, submission: Submission) -> QuerySet[ChangeLog]:
    """The district's timeline: the change log of its submission, newest first."""
    if submission.pk is None:
        return ChangeLog.objects.none()
    return change_list(obj=submission).order_by("-created_at", "-pk")


@dataclass
class HomeRow:
    round: Round
    district: District | None
    quota: Quota | None
    nominated: int
    status: str
    status_label: str
    deadline: object


def home_rows(*, user) -> list[HomeRow]:
    """The open rounds a user works on: an officer's district in each open round of the
    province; for provincial staff each open round of their province (totals)."""
    rounds = Round.objects.visible_to(user).filter(status=RoundStatus.OPEN)
    rounds = list(rounds.select_related("program").order_by("deadline", "pk"))
    if user.place_scope(WORK).district is None:  # staff and admins: the round's totals
        counts = dict(
            Nomination.objects.filter(round__in=rounds)
            .values_list("round")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return [HomeRow(r, None, None, counts.get(r.pk, 0), "", "", r.deadline) for r in rounds]
    code = user.district_id
    quotas = {q.round_id: q for q in Quota.objects.filter(round__in=rounds, district_id=code)}
    submissions = {
        s.round_id: s for s in Submission.objects.visible_to(user).filter(round__in=rounds)
    }
    counts = dict(
        Nomination.objects.visible_to(user)
        .filter(round__in=rounds)
        .values_list("round")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = []
    for r in rounds:
        submission = submissions.get(r.pk)
        status = submission.status if submission else rules.DRAFT
        deadline = (submission.reopened_until if submission else None) or r.deadline
        rows.append(
            HomeRow(
                r,
                user.district,
                quotas.get(r.pk),
                counts.get(r.pk, 0),
                status,
                rules.STATUS_TH[status],
                deadline,
            )
        )
    return rows


# ---------------------------------------------------------------- the dashboard


@dataclass
class DashboardRow:
    district: District
    quota: Quota | None
    nominated: int
    fallback: int
    status: str
    status_label: str
    submission: Submission | None
    shortfall: Shortfall
    stale: int = 0  # nominations the registry no longer supports, not kept by the province
    review_url: str = ""  # filled by nominations.pages.dashboard_links
    form_url: str = ""

    @property
    def quota_amount(self) -> int:
        return self.quota.amount if self.quota else 0

    @property
    def missing(self) -> int:
        """Nominations still needed to meet the quota."""
        return max(self.quota_amount - self.nominated, 0)

    @property
    def changed_at(self):
        return self.submission.changed_at if self.submission else None

    @property
    def changed_by(self):
        return self.submission.changed_by if self.submission else None


SORT_KEYS = {
    "district": lambda r: r.district.name_th,
    "quota": lambda r: r.quota_amount,
    "nominated": lambda r: r.nominated,
    "status": lambda r: r.status,
    "fallback": lambda r: r.fallback,
    "missing": lambda r: r.missing,
    "stale": lambda r: r.stale,
    "eligible": lambda r: r.shortfall.tier1,
    "changed": lambda r: r.changed_at.timestamp() if r.changed_at else 0,
}


# Compiling the engine's tier CASE into the dashboard's nomination query costs ~12 ms of
# CPU per page; the SQL only changes with the round's rules, so it is kept per process
# (as selection.engine keeps its own), with the round's id a parameter put in at
# execution. _ROUND is an id no round has, marking that parameter.
_NOMINATIONS_SQL: dict[tuple, tuple[str, list] | None] = {}
_NOMINATIONS_SQL_SIZE = 256
_ROUND = -7_340_201


def _round_nominations_query(round_id: int, compiled) -> QuerySet:
    """The round's nominations with what the dashboard needs of each, in one query: pk,
    district, position, stored tier, the candidate's tier now (the engine's CASE as a
    subquery) and whether the province kept it for either stale reason."""
    queryset, _district_field = entries(compiled.unit)
    key = "product_id" if compiled.unit == PRODUCT else "producer_id"
    tier_now = queryset.filter(pk=OuterRef(key)).annotate(now=compiled.tier_expression())
    kept = KeptNomination.objects.filter(nomination=OuterRef("pk"))
    return (
        Nomination.objects.filter(round_id=round_id)
        .annotate(
            tier_now=Subquery(tier_now.values("now")[:1]),
            kept_ineligible=Exists(kept.filter(kind=rules.INELIGIBLE)),
            kept_fallback=Exists(kept.filter(kind=rules.FALLBACK_NOT_NEEDED)),
        )
        .values_list(
            "pk",
            "district_id",
            "position",
            "tier",
            "tier_now",
            "kept_ineligible",
            "kept_fallback",
        )
        .order_by()
    )


def _round_nominations(round_: Round, compiled) -> list[tuple]:
    """The rows of `_round_nominations_query` for the round, from the cached SQL."""
    alias = Nomination.objects.db
    key = (alias, compiled.signature())
    if key not in _NOMINATIONS_SQL:
        sql, params = _round_nominations_query(_ROUND, compiled).query.sql_with_params()
        if len(_NOMINATIONS_SQL) >= _NOMINATIONS_SQL_SIZE:
            _NOMINATIONS_SQL.clear()
        # Not substitutable (the marker twice or not at all): compiled per call below.
        _NOMINATIONS_SQL[key] = (sql, list(params)) if list(params).count(_ROUND) == 1 else None
    found = _NOMINATIONS_SQL[key]
    if found is None:
        return list(_round_nominations_query(round_.pk, compiled))
    sql, params = found
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [round_.pk if p == _ROUND else p for p in params])
        return cursor.fetchall()


def _stale_count(rows, *, amount: int | None, tier1: int) -> int:
    """Stale nominations of one district (`rules.stale_nominations`) not kept."""
    states, kept = [], set()
    for pk, _district, position, _tier, tier_now, kept_ineligible, kept_fallback in rows:
        states.append(rules.Nominated(pk, position, tier_now))
        if kept_ineligible:
            kept.add((pk, rules.INELIGIBLE))
        if kept_fallback:
            kept.add((pk, rules.FALLBACK_NOT_NEEDED))
    stale = rules.stale_nominations(states, amount=amount, tier1_eligible=tier1)
    return sum(1 for s in stale if (s.pk, s.kind) not in kept)


def dashboard_rows(*, round_: Round, sort: str = "district") -> list[DashboardRow]:
    """One row per district of the round's province, in a fixed number of queries.

    Districts, quotas, submissions (with who changed them last), the round's nominations
    (each with its candidate's tier now, for the stale count), and the engine's eligible
    counts (the round's rules plus one grouped count): seven queries whether the
    province has 3 districts or 25.
    """
    districts = list(District.objects.filter(province_id=round_.province_id).order_by("code"))
    quotas = {q.district_id: q for q in Quota.objects.filter(round=round_)}
    submissions = {
        s.district_id: s
        for s in Submission.objects.filter(round=round_).select_related("changed_by")
    }
    compiled = compile_round(round_)
    by_district: dict[str, list[tuple]] = {}
    for row in _round_nominations(round_, compiled):
        by_district.setdefault(row[1], []).append(row)
    counts = tier_counts(round_, [d.code for d in districts], compiled=compiled)
    rows = []
    for d in districts:
        submission = submissions.get(d.code)
        status = submission.status if submission else rules.DRAFT
        nominated = by_district.get(d.code, [])
        quota = quotas.get(d.code)
        amount = quota.amount if quota else None
        rows.append(
            DashboardRow(
                district=d,
                quota=quota,
                nominated=len(nominated),
                fallback=sum(1 for row in nominated if row[3] > 1),
                status=status,
                status_label=rules.STATUS_TH[status],
                submission=submission,
                shortfall=Shortfall(
                    amount=amount, counts=counts[d.code], has_fallback=compiled.has_fallback
                ),
                stale=_stale_count(nominated, amount=amount, tier1=counts[d.code].get(1, 0)),
            )
        )
    key = sort.lstrip("-")
    if key in SORT_KEYS:
        rows.sort(key=SORT_KEYS[key], reverse=sort.startswith("-"))
    return rows


@dataclass
class Bar:
    label: str
    y: int
    quota_width: float
    nominated_width: float
    nominated: int
    quota: int
    complete: bool


def dashboard_bars(rows: list[DashboardRow], *, width: int = 300, row_height: int = 22) -> dict:
    """Geometry of the server-rendered SVG bar chart: nominated against quota."""
    top = max([r.quota_amount for r in rows] + [r.nominated for r in rows] + [1])
    bars = [
        Bar(
            label=r.district.name_th,
            y=i * row_height,
            quota_width=round(r.quota_amount / top * width, 1),
            nominated_width=round(r.nominated / top * width, 1),
            nominated=r.nominated,
            quota=r.quota_amount,
            complete=r.quota_amount > 0 and r.nominated >= r.quota_amount,
        )
        for i, r in enumerate(rows)
    ]
    return {
        "bars": bars,
        "height": len(rows) * row_height,
        "width": width,
        "row_height": row_height,
    }
