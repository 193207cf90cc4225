"""Benchmark of the engine on a national-scale registry.

    .venv/bin/python bench/candidates.py                 # throwaway SQLite file
    eval "$(bash bin/pg-local start)"; .venv/bin/python bench/candidates.py   # PostgreSQL

Builds a throwaway database (SQLite file in /tmp, or a `test_…` database next to
DATABASE_URL's), loads 100,000 products of about 40,000 producers spread over every
district of Thailand, star ratings and Quadrant groups over 10 years and 10 years of KBO
and QD participation, with bulk_create; then times, for the KBO FY 2568 rules of seed 001
(producer round) and a QD product round:

- one district's candidates (median and max over the 25 districts of Chiang Mai), with
  the query count;
- the whole province's shortfall table (25 districts; median of 5 runs), with the query
  count.

Targets: one district < 50 ms, the 25-district province < 500 ms. The database is
dropped at the end, unless `--keep`: then it stays and the next `--keep` run reuses it
(no rebuild), so code changes can be compared on the same rows. `--explain` prints
EXPLAIN ANALYZE of each round's province query (PostgreSQL) or its query plan (SQLite).
`--repeat N` repeats the measurements N times and prints every run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otop_site.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# The generator lives in the demo app so `manage.py seed_national` makes the same registry.
from demo.national import build_registry  # noqa: E402

PROVINCE = "50"  # Chiang Mai: 25 districts
TARGET_DISTRICT_MS = 50
TARGET_PROVINCE_MS = 500
SEED_001_TIERS = [
    {
        "criteria": [
            {"kind": "producer_type", "params": {"types": ["group"]}},
            {"kind": "star_level", "params": {"min": 1, "max": 3, "year": 2567}},
            {"kind": "not_participant", "params": {"program": "KBO", "fiscal_year": 2567}},
        ]
    },
    {
        "criteria": [
            {"kind": "producer_type", "params": {"types": ["group"]}},
            {"kind": "quadrant", "params": {"quadrants": ["D"], "year": 2567}},
            {"kind": "not_participant", "params": {"program": "KBO", "fiscal_year": 2567}},
            {"kind": "not_target", "params": {"program": "QD", "fiscal_year": 2568}},
        ]
    },
]
QD_TIERS = [
    {
        "criteria": [
            {"kind": "registration_year", "params": {"of": "product", "min": 2557, "max": 2566}},
            {"kind": "quadrant", "params": {"quadrants": ["D"], "year": 2567, "latest": True}},
            {"kind": "not_participant", "params": {"program": "QD", "fiscal_year": 2567}},
        ]
    }
]


def make_rounds():
    from allocations.models import Quota
    from registry.models import District, Province
    from selection.models import Program, Round
    from selection.services import round_set_rules

    province = Province.objects.get(code=PROVINCE)
    rounds = []
    for program, tiers in (("KBO", SEED_001_TIERS), ("QD", QD_TIERS)):
        round_ = Round.objects.create(
            program=Program.objects.get(code=program),
            fiscal_year=2568,
            province=province,
            slug=f"bench-{program.lower()}",
            title=f"bench {program}",
        )
        round_set_rules(round_=round_, tiers=tiers)
        Quota.objects.bulk_create(
            Quota(round=round_, district=d, amount=3)
            for d in District.objects.filter(province=province)
        )
        rounds.append(Round.objects.select_related("program", "province").get(pk=round_.pk))
    return rounds


def _timed(fn):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed, len(queries), result


def measure(round_) -> dict:
    from allocations.selectors import shortfall_table
    from registry.models import District
    from selection.engine import district_candidates

    codes = list(District.objects.filter(province_id=PROVINCE).values_list("code", flat=True))
    district_candidates(round_, codes[0])  # warm caches
    times, counts, sizes = [], set(), []
    for code in codes:
        ms, n, result = _timed(lambda c=code: district_candidates(round_, c))
        times.append(ms)
        counts.add(n)
        sizes.append(len(result.candidates))
    near_times = [
        _timed(lambda c=code: district_candidates(round_, c, near_misses=True))[0] for code in codes
    ]
    province = [_timed(lambda: shortfall_table(round_=round_)) for _ in range(5)]
    return {
        "districts": len(codes),
        "district_median": statistics.median(times),
        "district_max": max(times),
        "district_queries": sorted(counts),
        "candidates_median": statistics.median(sizes),
        "near_median": statistics.median(near_times),
        "province_median": statistics.median(ms for ms, _, _ in province),
        "province_queries": province[0][1],
    }


def explain(round_, vendor: str) -> str:
    """The plan of the round's province query (the grouped tier count)."""
    from registry.models import District
    from selection.engine import tier_counts_queryset

    codes = list(District.objects.filter(province_id=PROVINCE).values_list("code", flat=True))
    queryset = tier_counts_queryset(round_, codes)
    if vendor == "PostgreSQL":
        return queryset.explain(analyze=True, buffers=True)
    return queryset.explain()


def _existing_rounds():
    from selection.models import Round

    rounds = Round.objects.select_related("program", "province").filter(slug__startswith="bench-")
    return sorted(rounds, key=lambda r: r.slug != "bench-kbo")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the database and reuse it")
    parser.add_argument("--explain", action="store_true", help="print the province query plans")
    parser.add_argument("--repeat", type=int, default=1, help="measure N times")
    args = parser.parse_args()

    db = settings.DATABASES["default"]
    vendor = "PostgreSQL" if "postgresql" in db["ENGINE"] else "SQLite"
    # Its own database, apart from the test suite's `test_…` one.
    bench_name = "/tmp/otop-bench.sqlite3" if vendor == "SQLite" else "otop_bench"
    db.setdefault("TEST", {})["NAME"] = bench_name
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=args.keep
    )
    try:
        from registry.models import Product

        rounds = _existing_rounds() if args.keep else []
        if rounds:
            print(f"{vendor}: reusing the kept registry of {Product.objects.count():,} products")
        else:
            start = time.perf_counter()
            counts = build_registry(args.products)
            built = time.perf_counter() - start
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as a live database would have
            print(
                f"{vendor}: registry built in {built:.1f} s: "
                + ", ".join(f"{v:,} {k}" for k, v in counts.items())
            )
            rounds = make_rounds()
        if vendor == "PostgreSQL":
            with connection.cursor() as cursor:
                cursor.execute("SHOW jit")
                print(f"  jit = {cursor.fetchone()[0]}")
        if args.explain:
            for round_ in rounds:
                print(f"--- {round_.program_id} province query plan\n{explain(round_, vendor)}")
        for round_ in [r for _ in range(args.repeat) for r in rounds]:
            r = measure(round_)
            ok_d = "OK" if r["district_median"] < TARGET_DISTRICT_MS else "SLOW"
            ok_p = "OK" if r["province_median"] < TARGET_PROVINCE_MS else "SLOW"
            print(
                f"  {round_.program_id} ({round_.program.unit}): one district median "
                f"{r['district_median']:.1f} ms (max {r['district_max']:.1f} ms, "
                f"{r['district_queries']} queries, median {r['candidates_median']} candidates; "
                f"with near misses {r['near_median']:.1f} ms) [{ok_d} < {TARGET_DISTRICT_MS} ms]; "
                f"province of {r['districts']} districts {r['province_median']:.1f} ms "
                f"({r['province_queries']} queries) [{ok_p} < {TARGET_PROVINCE_MS} ms]"
            )
    finally:
        if args.keep:
            connection.close()
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
