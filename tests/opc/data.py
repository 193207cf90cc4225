"""OPC/PSO test data: rounds built with plain objects.create (tests.selection.data)."""

from opc import rules
from opc.models import CommitteeMember
from opc.round_settings import settings_of, settings_write
from tests.selection.data import make_round

OPC_RULES = [[("registration_year", {"of": "producer", "min": 2557, "max": 2564})]]


def make_opc_round(province, *, fiscal_year=2567, slug=None, settings=None, **fields):
    """An open OPC round of seed 003's shape: producers registered 2557–2564, at most 2,
    no dated stages (so nothing gates by date). Pass status="draft"/"closed" to test the
    gates, `settings` in a round definition file's "opc" shape (stored unchecked)."""
    fields.setdefault("max_products_per_producer", 2)
    fields.setdefault("status", "open")
    round_ = make_round(
        "OPC",
        fiscal_year,
        province,
        slug=slug or f"opc-{fiscal_year}-{province.code}",
        tiers=OPC_RULES,
        **fields,
    )
    if settings is not None:
        set_settings(round_, settings)
    return round_


def set_settings(round_, settings: dict) -> None:
    """Store `settings` (a round definition file's "opc" shape) as the round's rows."""
    settings_write(round_=round_, settings=rules.settings_from_dict(settings))


def stored_settings(round_) -> dict:
    """The round's stored settings in the round definition file's "opc" shape."""
    return settings_of(round_).as_logged()


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
