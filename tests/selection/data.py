"""Test data for the selection tests: rounds built with plain objects.create, and a
varied registry generated from a fixed seed (every producer type, missing years,
products with and without history, participation and nominations of several programs)."""

import random

from nominations.models import Nomination
from nominations.services import target_sync
from registry.models import (
    Category,
    Participation,
    Producer,
    ProducerType,
    Product,
    Quadrant,
    QuadrantRating,
    StarRating,
)
from selection.models import Criterion, Program, Round, Tier


def make_round(program: str, fiscal_year: int, province, *, slug=None, tiers=(), **fields) -> Round:
    """A round with tiers given as lists of (kind, params) or (kind, params, any_group).
    Letter fields among `fields` go to the round's `documents.Letter`."""
    from documents.models import LETTER_MODEL_FIELDS, Letter

    letter = {k: fields.pop(k) for k in list(fields) if k in LETTER_MODEL_FIELDS}
    round_ = Round.objects.create(
        program=Program.objects.get(code=program),
        fiscal_year=fiscal_year,
        province=province,
        slug=slug or f"{program.lower()}-{fiscal_year}-{province.code}",
        title=f"{program} {fiscal_year}",
        **fields,
    )
    if letter:
        Letter.objects.create(round=round_, **letter)
    for order, criteria in enumerate(tiers, start=1):
        tier = Tier.objects.create(round=round_, order=order)
        for position, entry in enumerate(criteria, start=1):
            kind, params, *group = entry
            Criterion.objects.create(
                tier=tier,
                order=position,
                kind=kind,
                params=params,
                any_group=group[0] if group else None,
            )
    return round_


def nominate(round_: Round, district, producer, product=None) -> Nomination:
    """A nomination written as plain rows, with the registry `Target` the nomination
    services write beside it (what the "not a target" criterion reads)."""
    nomination = Nomination.objects.create(
        round=round_, district=district, producer=producer, product=product
    )
    target_sync(
        program=round_.program_id,
        fiscal_year=round_.fiscal_year,
        producer_id=producer.pk,
        product_id=product.pk if product else None,
    )
    return nomination


def build_varied_registry(districts, *, seed=4, producers_per_district=30, prefix="V"):
    """Producers and products with random but reproducible facts in the given districts.

    Returns the QD FY 2568 and KBO FY 2568 rounds whose nominations it created (in the
    province of the first district) so "not a target" rules have something to find.
    """
    rng = random.Random(seed)
    province = districts[0].province
    qd_round = make_round("QD", 2568, province, slug=f"{prefix.lower()}-qd-2568")
    kbo_round = make_round("KBO", 2568, province, slug=f"{prefix.lower()}-kbo-2568")
    number = 0
    for district in districts:
        for _ in range(producers_per_district):
            number += 1
            producer = Producer.objects.create(
                code=f"{prefix}P{number:04d}",
                name=f"กลุ่มทดสอบ {number}",
                producer_type=rng.choice(ProducerType.values),
                district=district,
                registered_year=rng.choice([None, 2555, 2557, 2559, 2561, 2562, 2564, 2566]),
            )
            products = []
            for k in range(rng.choice([0, 1, 1, 2, 3])):
                product = Product.objects.create(
                    code=f"{prefix}X{number:04d}{k}",
                    name=f"ผลิตภัณฑ์ {number}-{k}",
                    producer=producer,
                    category=rng.choice(Category.values),
                    registered_year=rng.choice([2554, 2557, 2558, 2560, 2561, 2563, 2565]),
                )
                products.append(product)
                for year in rng.sample(range(2559, 2569), rng.choice([0, 1, 2, 4])):
                    StarRating.objects.create(product=product, year=year, stars=rng.randint(1, 5))
                for year in rng.sample(range(2559, 2569), rng.choice([0, 1, 2, 3])):
                    QuadrantRating.objects.create(
                        product=product, year=year, quadrant=rng.choice(Quadrant.values)
                    )
            roll = rng.random()
            if roll < 0.15:
                Participation.objects.create(program="KBO", fiscal_year=2567, producer=producer)
            elif roll < 0.25:
                Participation.objects.create(program="QD", fiscal_year=2568, producer=producer)
            elif roll < 0.35 and products:
                Participation.objects.create(
                    program="QD", fiscal_year=2568, producer=producer, product=products[0]
                )
            elif roll < 0.45 and products:
                nominate(qd_round, district, producer, products[-1])
            elif roll < 0.5:
                nominate(kbo_round, district, producer)
    return qd_round, kbo_round
