"""OPC/PSO test data: rounds built with plain objects.create (tests.selection.data)."""

from opc.models import CommitteeMember
from tests.selection.data import make_round

OPC_RULES = [[("registration_year", {"of": "producer", "min": 2557, "max": 2564})]]


def make_opc_round(province, *, fiscal_year=2567, slug=None, **fields):
    """An open OPC round of seed 003's shape: producers registered 2557–2564, at most 2,
    no dated stages (so nothing gates by date). Pass status="draft"/"closed" to test the
    gates."""
    fields.setdefault("max_products_per_producer", 2)
    fields.setdefault("status", "open")
    return make_round(
        "OPC",
        fiscal_year,
        province,
        slug=slug or f"opc-{fiscal_year}-{province.code}",
        tiers=OPC_RULES,
        **fields,
    )


def make_pso_round(province, *, fiscal_year=2568, slug=None, status="open"):
    """An open PSO round: tier 1 products with 4–5 stars, tier 2 any star level (up to
    FY-1)."""
    year = fiscal_year - 1
    return make_round(
        "PSO",
        fiscal_year,
        province,
        slug=slug or f"pso-{fiscal_year}-{province.code}",
        status=status,
        tiers=[
            [("star_level", {"min": 4, "max": 5, "year": year, "latest": True})],
            [("star_level", {"min": 1, "max": 5, "year": year, "latest": True})],
        ],
    )


def add_member(round_, user, role="member"):
    return CommitteeMember.objects.create(round=round_, user=user, role=role)
