"""The engine: a round's candidates in a district, each with its tier and the reasons.

Set-based by construction. The tier of every registry entry comes from one SQL query
(`CASE WHEN <tier 1> THEN 1 WHEN <tier 2> THEN 2 … END`, so an entry is in the first
tier whose rules it meets and in that one only); the facts that explain the verdicts
come from a fixed handful of queries on the candidates found. The number of queries
does not grow with the registry, and nothing loops over the whole registry in Python.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Case, Count, IntegerField, Q, Value, When

from registry.models import Participation, Producer, Product, QuadrantRating, StarRating, Target
from selection.criteria import (
    PRODUCER,
    CandidateFacts,
    ProductFacts,
    Rule,
    Verdict,
    tier_passes,
    tier_q,
)
from selection.models import Round

# ---------------------------------------------------------------- compiled rules


@dataclass
class CompiledTier:
    order: int
    title: str
    rules: list[Rule]

    @property
    def is_fallback(self) -> bool:
        return self.order > 1


@dataclass
class CompiledRound:
    round: Round
    unit: str
    tiers: list[CompiledTier]

    @property
    def requires_justification(self) -> bool:
        return any(r.requires_justification for t in self.tiers for r in t.rules)

    @property
    def has_fallback(self) -> bool:
        return len(self.tiers) > 1

    def tier_expression(self):
        """CASE WHEN tier 1 THEN 1 WHEN tier 2 THEN 2 … END (NULL: in no tier)."""
        whens = []
        for tier in self.tiers:
            condition = tier_q(tier.rules, self.unit)
            whens.append(When(condition or Q(pk__isnull=False), then=Value(tier.order)))
        if not whens:
            return Value(None, output_field=IntegerField())
        return Case(*whens, default=Value(None), output_field=IntegerField())

    def signature(self) -> tuple:
        """What the SQL of `tier_expression` depends on: the unit and each tier's rules
        (kind, cleaned parameters, any-group), in order. Explanations and keys do not
        reach the SQL, so two rounds with the same rules share their compiled SQL."""
        return (
            self.unit,
            tuple(
                (
                    tier.order,
                    tuple(
                        (rule.kind, json.dumps(rule.params, sort_keys=True), rule.any_group)
                        for rule in tier.rules
                    ),
                )
                for tier in self.tiers
            ),
        )


def compile_round(round_: Round) -> CompiledRound:
    """The round's tiers and criteria as rule objects (2 queries unless prefetched)."""
    tiers = []
    for tier in round_.tiers.all().prefetch_related("criteria"):
        rules = [criterion.as_rule() for criterion in tier.criteria.all()]
        tiers.append(CompiledTier(tier.order, tier.title, rules))
    return CompiledRound(round_, round_.program.unit, tiers)


def entries(unit: str):
    """The registry entries a round of this unit selects from."""
    if unit == PRODUCER:
        return Producer.objects.all(), "district_id"
    return Product.objects.all(), "producer__district_id"


# ---------------------------------------------------------------- results


@dataclass
class TierVerdicts:
    order: int
    passed: bool
    verdicts: list[Verdict]

    @property
    def failures(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.passed]


@dataclass
class CandidateResult:
    facts: CandidateFacts
    tier: int | None
    tiers: list[TierVerdicts]

    @property
    def verdicts(self) -> list[Verdict]:
        """The verdicts of the candidate's tier (or of tier 1 for a near miss)."""
        for tier in self.tiers:
            if tier.order == self.tier:
                return tier.verdicts
        return self.tiers[0].verdicts if self.tiers else []

    @property
    def first_failures(self) -> list[tuple[int, Verdict]]:
        """For each tier, the first criterion the entry fails."""
        return [(t.order, t.failures[0]) for t in self.tiers if t.failures]

    @property
    def needs_justification(self) -> bool:
        return any(v.needs_justification for v in self.verdicts)

    def as_dict(self) -> dict:
        facts = self.facts
        data = {
            "unit": facts.unit,
            "code": facts.code,
            "name": facts.name,
            "producer_code": facts.producer_code,
            "producer_name": facts.producer_name,
            "district": facts.district_code,
            "tier": self.tier,
            "needs_justification": self.needs_justification,
            "criteria": [
                {"kind": v.kind, "passed": v.passed, "text": v.text} for v in self.verdicts
            ],
        }
        if self.tier is None:
            data["first_failures"] = [
                {"tier": order, "kind": v.kind, "text": v.text} for order, v in self.first_failures
            ]
        return data


@dataclass
class DistrictCandidates:
    compiled: CompiledRound
    district_code: str
    candidates: list[CandidateResult]
    near_misses: list[CandidateResult] = field(default_factory=list)

    def count(self, tier: int) -> int:
        return sum(1 for c in self.candidates if c.tier == tier)


# ---------------------------------------------------------------- the engine


def district_candidates(
    round_: Round, district_code: str, *, near_misses: bool = False, compiled=None
) -> DistrictCandidates:
    """Every candidate of the district with its tier and verdicts; optionally the near
    misses (entries of the district in no tier, with their first failing criteria)."""
    compiled = compiled or compile_round(round_)
    # The district's entries with their tier (NULL: in none), kept or dropped here rather
    # than by a WHERE on the CASE, which the database would evaluate twice.
    tier_of = {
        pk: tier
        for pk, tier in _district_tiers(compiled, district_code)
        if near_misses or tier is not None
    }
    facts = load_facts(compiled.unit, list(tier_of))
    candidates, misses = [], []
    for pk, tier in tier_of.items():
        result = _judge(compiled, facts[pk], tier)
        (candidates if tier is not None else misses).append(result)
    candidates.sort(key=lambda r: (r.tier, r.facts.code))
    misses.sort(key=lambda r: r.facts.code)
    return DistrictCandidates(compiled, district_code, candidates, misses)


# ---------------------------------------------------------------- compiled SQL, reused

# Building and compiling the tier CASE (a correlated subquery per criterion) costs the web
# process several ms of CPU per page, for SQL that only changes when a round's rules do.
# It is kept per process, keyed by database alias and the rules' signature; a district
# code (or a list of them) is a parameter substituted at execution.
_SQL_CACHE: dict[tuple, tuple[str, list]] = {}
_SQL_CACHE_SIZE = 256
_DISTRICT = "__otop_district__"  # a parameter no district code can equal
_MISSING = object()


def _cached_sql(key: tuple, build) -> tuple[str, list] | None:
    """The (sql, params) `build` gives for `key`, built once; None: not cacheable."""
    found = _SQL_CACHE.get(key, _MISSING)
    if found is _MISSING:
        found = build()
        if len(_SQL_CACHE) >= _SQL_CACHE_SIZE:
            _SQL_CACHE.clear()
        _SQL_CACHE[key] = found
    return found


def _district_tiers(compiled: CompiledRound, district_code: str) -> list[tuple[int, int | None]]:
    """(pk, tier) of every entry of the district, from the round's cached SQL."""
    queryset, district_field = entries(compiled.unit)

    def build():
        rows = queryset.filter(**{district_field: _DISTRICT}).annotate(
            tier=compiled.tier_expression()
        )
        sql, params = rows.values_list("pk", "tier").query.sql_with_params()
        if list(params).count(_DISTRICT) != 1:
            return None  # not substitutable: compile per call below
        return sql, list(params)

    alias = queryset.db
    found = _cached_sql(("district", alias, compiled.signature()), build)
    if found is None:
        rows = queryset.filter(**{district_field: district_code}).annotate(
            tier=compiled.tier_expression()
        )
        return list(rows.values_list("pk", "tier"))
    sql, params = found
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [district_code if p == _DISTRICT else p for p in params])
        return [(pk, tier) for pk, tier in cursor.fetchall()]


def _judge(compiled: CompiledRound, facts: CandidateFacts, tier: int | None) -> CandidateResult:
    judged = []
    for compiled_tier in compiled.tiers:
        verdicts = [rule.verdict(facts) for rule in compiled_tier.rules]
        judged.append(TierVerdicts(compiled_tier.order, tier_passes(verdicts), verdicts))
        if compiled_tier.order == tier:
            break
    return CandidateResult(facts, tier, judged)


def tier_of_by_verdicts(compiled: CompiledRound, facts: CandidateFacts) -> int | None:
    """The tier the pure verdicts give (the first tier passed); used to check the filters."""
    for compiled_tier in compiled.tiers:
        if tier_passes([rule.verdict(facts) for rule in compiled_tier.rules]):
            return compiled_tier.order
    return None


def tier_counts_queryset(round_: Round, district_codes: list[str], *, compiled=None):
    """The grouped count behind `tier_counts` (rows: district, tier, n)."""
    compiled = compiled or compile_round(round_)
    queryset, district_field = entries(compiled.unit)
    return (
        queryset.filter(**{f"{district_field}__in": district_codes})
        .annotate(tier=compiled.tier_expression())
        .values(district_field, "tier")
        .annotate(n=Count("pk"))
        .order_by()
    )


def tier_counts(round_: Round, district_codes: list[str], *, compiled=None) -> dict:
    """{district code: {tier: eligible count}} for many districts in one query."""
    compiled = compiled or compile_round(round_)
    queryset, district_field = entries(compiled.unit)
    if not district_codes:
        return {}

    def build():
        rows = tier_counts_queryset(round_, district_codes, compiled=compiled)
        sql, params = rows.values_list(district_field, "tier", "n").query.sql_with_params()
        return sql, list(params)

    alias = queryset.db
    key = ("counts", alias, compiled.signature(), tuple(district_codes))
    sql, params = _cached_sql(key, build)
    counts: dict[str, dict[int, int]] = {code: {} for code in district_codes}
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        for district, tier, n in cursor.fetchall():
            if tier is not None:
                counts[district][tier] = n
    return counts


# ---------------------------------------------------------------- facts


def load_facts(unit: str, pks: list[int]) -> dict[int, CandidateFacts]:
    """The facts of the given candidates, in five or six queries whatever their number."""
    if not pks:
        return {}
    if unit == PRODUCER:
        return _producer_facts(pks)
    return _product_facts(pks)


def _history(product_filter: dict) -> tuple[dict, dict]:
    stars: dict[int, dict[int, int]] = defaultdict(dict)
    for product_id, year, level in StarRating.objects.filter(**product_filter).values_list(
        "product_id", "year", "stars"
    ):
        stars[product_id][year] = level
    quadrants: dict[int, dict[int, str]] = defaultdict(dict)
    for product_id, year, quadrant in QuadrantRating.objects.filter(**product_filter).values_list(
        "product_id", "year", "quadrant"
    ):
        quadrants[product_id][year] = quadrant
    return stars, quadrants


def _product_fact(row: dict, stars: dict, quadrants: dict) -> ProductFacts:
    return ProductFacts(
        pk=row["pk"],
        code=row["code"],
        name=row["name"],
        category=row["category"],
        registered_year=row["registered_year"],
        stars=stars.get(row["pk"], {}),
        quadrants=quadrants.get(row["pk"], {}),
    )


def _program_rows(producer_ids) -> tuple[list, list]:
    participations = list(
        Participation.objects.filter(producer_id__in=producer_ids).values_list(
            "producer_id", "product_id", "program", "fiscal_year"
        )
    )
    targets = list(
        Target.objects.filter(producer_id__in=producer_ids).values_list(
            "producer_id", "product_id", "program", "fiscal_year"
        )
    )
    return participations, targets


_PRODUCT_FIELDS = ("pk", "code", "name", "category", "registered_year")


def _producer_facts(pks: list[int]) -> dict[int, CandidateFacts]:
    producers = Producer.objects.filter(pk__in=pks).values(
        "pk", "code", "name", "producer_type", "registered_year", "district_id"
    )
    products = list(
        Product.objects.filter(producer_id__in=pks).values(*_PRODUCT_FIELDS, "producer_id")
    )
    stars, quadrants = _history({"product__producer_id__in": pks})
    participations, targets = _program_rows(pks)
    products_of: dict[int, list[ProductFacts]] = defaultdict(list)
    for row in products:
        products_of[row["producer_id"]].append(_product_fact(row, stars, quadrants))
    pairs_p, pairs_n = defaultdict(set), defaultdict(set)
    for producer_id, _product, program, year in participations:
        pairs_p[producer_id].add((program, year))
    for producer_id, _product, program, year in targets:
        pairs_n[producer_id].add((program, year))
    return {
        p["pk"]: CandidateFacts(
            unit=PRODUCER,
            pk=p["pk"],
            code=p["code"],
            name=p["name"],
            producer_code=p["code"],
            producer_name=p["name"],
            producer_type=p["producer_type"],
            producer_registered_year=p["registered_year"],
            district_code=p["district_id"],
            products=tuple(sorted(products_of[p["pk"]], key=lambda f: f.code)),
            participations=frozenset(pairs_p[p["pk"]]),
            targets=frozenset(pairs_n[p["pk"]]),
        )
        for p in producers
    }


def _pairs_for_product(rows, product_id: int, producer_id: int) -> frozenset:
    """Rows that concern a product: its own, and its producer's that name no product."""
    return frozenset(
        (program, year)
        for owner, product, program, year in rows
        if product == product_id or (product is None and owner == producer_id)
    )


def _product_facts(pks: list[int]) -> dict[int, CandidateFacts]:
    rows = list(
        Product.objects.filter(pk__in=pks).values(
            *_PRODUCT_FIELDS,
            "producer_id",
            "producer__code",
            "producer__name",
            "producer__producer_type",
            "producer__registered_year",
            "producer__district_id",
        )
    )
    stars, quadrants = _history({"product_id__in": pks})
    producer_ids = {row["producer_id"] for row in rows}
    participations, targets = _program_rows(producer_ids)
    by_producer_p, by_producer_n = defaultdict(list), defaultdict(list)
    for row in participations:
        by_producer_p[row[0]].append(row)
    for row in targets:
        by_producer_n[row[0]].append(row)
    facts = {}
    for row in rows:
        owner = row["producer_id"]
        facts[row["pk"]] = CandidateFacts(
            unit="product",
            pk=row["pk"],
            code=row["code"],
            name=row["name"],
            producer_code=row["producer__code"],
            producer_name=row["producer__name"],
            producer_type=row["producer__producer_type"],
            producer_registered_year=row["producer__registered_year"],
            district_code=row["producer__district_id"],
            products=(_product_fact(row, stars, quadrants),),
            participations=_pairs_for_product(by_producer_p[owner], row["pk"], owner),
            targets=_pairs_for_product(by_producer_n[owner], row["pk"], owner),
        )
    return facts
