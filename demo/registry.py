"""The demo registry: `fixtures/demo-registry.xlsx` and `fixtures/demo-participation.xlsx`.

Phayao (56), all nine districts, with a few Chiang Rai (57) rows, in the registry
contract's format (../shared/spec/REGISTRY-FORMAT.md). `demo_registry_load` loads them the
way an admin would: through the registry importers, with the same service as
`import_registry` and `import_participation` (checked, planned, confirmed, written in one
transaction, recorded as an import batch with its file name and SHA-256). The files were
made once by `demo.generator` (see there); they are the demo data now.

The importers only ever add history ("a row never deletes data that is not in the file"),
while the demo promises its own state on every run: after the imports, star ratings,
Quadrant groups and participation of the demo's producers that the files do not list
are removed (a removed star rating is logged on its product), so an edited demo database
comes back as the files say.

The data is built to exercise the KBO FY 2568 rules of seed 001 (`KBO_2568_DESIGN`): in
each Phayao district a known number of community groups are tier-1 candidates (a product
rated 1–3 stars in 2567, not a KBO participant in FY 2567) and a known number are fallback
candidates (a Quadrant D product in 2567, not a KBO participant in FY 2567, not a QD target
of FY 2568). Every other community group is kept out of both on purpose, and decoys sit
just outside each rule.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from changelog.services import ChangeOrigin, change_record_many
from registry.history import star_rating_change
from registry.importing.participation_sheet import PARTICIPATION_SPEC
from registry.importing.reader import open_workbook
from registry.importing.registry_sheet import REGISTRY_SPEC
from registry.importing.service import (
    ImportOutcome,
    batch_origin,
    import_batch_begin,
    import_batch_record,
    import_file,
    summary_lines,
)
from registry.importing.sheet import read_sheet
from registry.models import Participation, Producer, Product, QuadrantRating, StarRating

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REGISTRY_FILE = FIXTURES / "demo-registry.xlsx"
PARTICIPATION_FILE = FIXTURES / "demo-participation.xlsx"
PROVINCE_CODE = "56"
OTHER_PROVINCE_CODE = "57"

# KBO FY 2568 (seed 001): the quota of each district, and how many tier-1 and fallback
# (tier-2) candidates the demo gives it. ภูกามยาว and ดอกคำใต้ are short in tier 1 but the
# fallback covers them; ภูซาง is short even with the fallback; ปง and เชียงม่วน have exactly
# their quota in tier 1.
KBO_2568_DESIGN = {
    # district: (quota, tier 1, tier 2)
    "5601": (6, 14, 5),
    "5607": (2, 5, 3),
    "5609": (1, 0, 3),
    "5605": (4, 2, 4),
    "5602": (1, 3, 2),
    "5606": (2, 2, 2),
    "5604": (1, 1, 1),
    "5603": (1, 6, 3),
    "5608": (2, 1, 0),
}


class DemoDataRefused(Exception):
    """A demo file the importer refused (the message holds the importer's report)."""


@transaction.atomic
def demo_registry_load(*, user=None) -> dict[str, int]:
    """Import both demo files (confirmed, recorded), then drop history the files do not
    list. Returns the row counts of the files (the same on every run)."""
    _import("registry", REGISTRY_FILE, user)
    _import("participation", PARTICIPATION_FILE, user)
    registry = _read(REGISTRY_FILE, REGISTRY_SPEC)
    participation = _read(PARTICIPATION_FILE, PARTICIPATION_SPEC)
    products = {r["product_code"]: r["producer_code"] for r in registry}
    stars = {(r["product_code"], r["rating_year"]) for r in registry if r["stars"] is not None}
    quadrants = {
        (r["product_code"], r["quadrant_year"]) for r in registry if r["quadrant"] is not None
    }
    wanted = {
        (
            r["program"],
            r["fiscal_year"],
            r["producer_code"] or products[r["product_code"]],
            r["product_code"],
        )
        for r in participation
    }
    _prune(products, stars, quadrants, wanted)
    return {
        "producers": len(set(products.values())),
        "products": len(products),
        "star_ratings": len(stars),
        "quadrant_ratings": len(quadrants),
        "participations": len(wanted),
    }


def _import(kind: str, path: Path, user) -> None:
    """What `import_registry FILE --user …` does: begin the batch, import, record it."""
    data = path.read_bytes()
    file_name = f"{path.parent.name}/{path.name}"
    batch = import_batch_begin(kind=kind, user=user, file_name=file_name, data=data)
    result = import_file(kind=kind, data=data, origin=batch_origin(batch))
    import_batch_record(
        kind=kind, user=user, file_name=file_name, data=data, result=result, batch=batch
    )
    if result.outcome != ImportOutcome.OK:
        raise DemoDataRefused("\n".join([file_name, *summary_lines(result.summary)]))


def _read(path: Path, spec) -> list[dict]:
    """The parsed rows of a demo file (already imported: every row is valid)."""
    sheet = read_sheet(open_workbook(path.read_bytes()).sheet(None), spec)
    return [row.values for row in sheet.rows]


def _prune(products: dict, stars: set, quadrants: set, participations: set) -> None:
    """Remove what the demo's producers have beyond the files: rows of other producers
    are never touched."""
    product_ids = dict(Product.objects.filter(code__in=products).values_list("pk", "code"))
    for model, keep in ((StarRating, stars), (QuadrantRating, quadrants)):
        rows = model.objects.filter(product_id__in=product_ids).values_list(
            "pk", "product_id", "year"
        )
        stale = [pk for pk, product, year in rows if (product_ids[product], year) not in keep]
        if model is StarRating:  # a rating removed is a change of the product's history
            origin = ChangeOrigin(source_ref="seed_demo")
            change_record_many(
                star_rating_change(
                    product_id=r.product_id,
                    year=r.year,
                    old=(r.stars, r.score),
                    new=None,
                    origin=origin,
                )
                for r in StarRating.objects.filter(pk__in=stale)
            )
        model.objects.filter(pk__in=stale).delete()
    producers = Producer.objects.filter(code__in=set(products.values()))
    rows = Participation.objects.filter(producer__in=producers).values_list(
        "pk", "program", "fiscal_year", "producer__code", "product__code"
    )
    stale = [pk for pk, *key in rows if tuple(key) not in participations]
    Participation.objects.filter(pk__in=stale).delete()
