"""A synthetic national registry: every district of Thailand, deterministic from a seed.

Used by `manage.py seed_national` (national data for the production-shape stack and the
load test) and by `bench/candidates.py` (engine timings at national scale). The same
`products` and `seed` always give the same rows: producers are spread round-robin over the
928 districts (ordered by DOPA code), each with 1–5 products; every product has a star
level and a Quadrant group in about 30 % of the 10 years 2559–2568; 5 % of producers took
part in KBO and 1 in 30 products in QD each fiscal year of the same span.

Codes are `<prefix>NNNNNN` for producers and `<prefix>NNNNNN-J` for products (prefix "B" by
default), so the rows never collide with the demo registry's DOPA-shaped codes and can be
found again (`delete_registry`). Rows are written with `bulk_create` in batches with the
garbage collector off (STACK-NOTES: 3× faster), so 100,000 products load in minutes.
"""

from __future__ import annotations

import gc
import random

from registry.models import (
    Category,
    District,
    Participation,
    Producer,
    Product,
    QuadrantRating,
    StarRating,
)
from registry.scope import province_code_of

PREFIX = "B"
HISTORY_YEARS = range(2559, 2569)  # ten years of ratings and participation
BATCH = 5000


def _bulk(model, rows, batch=BATCH):
    model.objects.bulk_create(rows, batch_size=batch)


def build_registry(products_target: int, seed: int = 2568, *, prefix: str = PREFIX) -> dict:
    """Write the national registry, deterministic from `seed`. Returns row counts.

    Expects no producer with the prefix yet (see `delete_registry`).
    """
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
    # Round-robin over the districts taken one per province in turn (every province's
    # first district, then every province's second…), so even a small registry reaches
    # all 77 provinces.
    by_province: dict[str, list[str]] = {}
    for code in District.objects.order_by("code").values_list("code", flat=True):
        by_province.setdefault(province_code_of(code), []).append(code)
    districts = [
        codes[i]
        for i in range(max(len(codes) for codes in by_province.values()))
        for codes in by_province.values()
        if i < len(codes)
    ]
    types = ["group"] * 5 + ["single"] * 3 + ["sme"] * 2
    gc.disable()
    try:
        producers, n_products = [], 0
        number = 0
        while n_products < products_target:
            number += 1
            k = rng.choice([1, 1, 2, 2, 3, 3, 4, 5])
            producers.append((number, k))
            n_products += k
        _bulk(
            Producer,
            [
                Producer(
                    code=f"{prefix}{number:06d}",
                    name=f"ผู้ผลิต {number}",
                    producer_type=rng.choice(types),
                    district_id=districts[number % len(districts)],
                    registered_year=rng.randint(2545, 2567),
                )
                for number, _ in producers
            ],
        )
        mine = Producer.objects.filter(code__startswith=prefix)
        ids = dict(mine.values_list("code", "pk"))
        product_rows = []
        for number, k in producers:
            for j in range(k):
                product_rows.append(
                    Product(
                        code=f"{prefix}{number:06d}-{j}",
                        name=f"ผลิตภัณฑ์ {number}-{j}",
                        producer_id=ids[f"{prefix}{number:06d}"],
                        category=rng.choice(Category.values),
                        registered_year=rng.randint(2545, 2567),
                    )
                )
        product_rows = product_rows[:products_target]
        _bulk(Product, product_rows)
        my_products = Product.objects.filter(producer__code__startswith=prefix).order_by("pk")
        product_ids = list(my_products.values_list("pk", flat=True))
        stars, quadrants = [], []
        for pk in product_ids:
            for year in HISTORY_YEARS:
                if rng.random() < 0.3:
                    stars.append(StarRating(product_id=pk, year=year, stars=rng.randint(1, 5)))
                if rng.random() < 0.3:
                    quadrants.append(
                        QuadrantRating(product_id=pk, year=year, quadrant=rng.choice("ABCDD"))
                    )
        _bulk(StarRating, stars)
        _bulk(QuadrantRating, quadrants)
        producer_ids = list(ids.values())
        product_owner = dict(my_products.values_list("pk", "producer_id"))
        participation = []
        for year in HISTORY_YEARS:
            for pk in rng.sample(producer_ids, len(producer_ids) // 20):
                participation.append(Participation(program="KBO", fiscal_year=year, producer_id=pk))
            for pk in rng.sample(product_ids, len(product_ids) // 30):
                participation.append(
                    Participation(
                        program="QD", fiscal_year=year, producer_id=product_owner[pk], product_id=pk
                    )
                )
        _bulk(Participation, participation)
    finally:
        gc.enable()
    return {
        "producers": len(producer_ids),
        "products": len(product_ids),
        "star ratings": len(stars),
        "quadrant ratings": len(quadrants),
        "participation": len(participation),
    }


def delete_registry(*, prefix: str = PREFIX) -> int:
    """Remove the synthetic registry of `prefix` (history first); returns producers removed.

    Nominations protect their producers: remove the rounds that hold them first.
    """
    producers = Producer.objects.filter(code__startswith=prefix)
    Participation.objects.filter(producer__in=producers).delete()
    StarRating.objects.filter(product__producer__in=producers).delete()
    QuadrantRating.objects.filter(product__producer__in=producers).delete()
    Product.objects.filter(producer__in=producers).delete()
    count, _ = producers.delete()
    return count
