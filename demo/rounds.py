"""The rounds of the seed letters (../shared/seeds/) and the demo round, from their round
definition files in `fixtures/rounds/` (docs/round-definition.md), loaded through the one
`round_import` service.

The letters' facts are kept as written, mistakes included; the round validation reports
them (see DOMAIN.md, "Things in the seeds a careful system catches"). Reading choices
where a letter is silent:

- Seed 000 (FY 2562) is headed Chiang Mai, but its enclosure, address line, postcode and
  telephone are Chachoengsao's. The round's province is the heading's (Chiang Mai); the
  "อำเภอละ …" quotas are given to the districts of the province the guidelines enclosure
  names (Chachoengsao), so validation reports both contradictions.
- Seed 000/002 name no rating year for "Quadrant D" or "1–3 stars": the latest rating up
  to the year before the fiscal year is used. "Quadrant D with potential, or 1–3 stars"
  is an either/or group; the "with potential" judgement is asked of every nomination.
- Seed 002 and 003 state no return deadline and no allocation register: none is stored,
  and validation says so.
- Seed 003 (OPC 2565) is the application side: producers registered 2557–2564, at most
  2 products per producer, default score bands and the placeholder scoring parts. The
  letter dates only the briefing (วันพฤหัสบดีที่ ๓๑ มีนาคม ๒๕๖๕, by Zoom); the other
  stages come from the enclosed plan, which the seed does not include, so their dates stay
  empty for the province to fill in.
- PSO FY 2562 Chiang Mai: seed 000 names PSO as the third activity of FY 2562 and gives
  no criteria; the public reports describe one product per category (five) per province
  among the highest star levels. Tier 1: products rated 4–5 stars (latest rating up to
  2561); tier 2 (only where a category has none): any star level up to 2561.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction

from demo.registry import FIXTURES
from lifecycle.services import round_open
from opc.round_definition import RoundDefinition, round_definition_parse, round_import
from selection.round_definition import DefinitionError

ROUNDS = FIXTURES / "rounds"
# The seed rounds, in the order of the seed letters (and of `load_seed_rounds`' output).
SEED_ROUND_SLUGS = (
    "qd-2562-chiang-mai",
    "kbo-2562-chiang-mai",
    "kbo-2563-chachoengsao",
    "kbo-2568-phayao",
    "opc-2565-sakon-nakhon",
    "pso-2562-chiang-mai",
)
# An open copy of seed 001 for the demo: its file dates the letter 7 days before the day
# it is loaded and the deadline 21 days after ({"days_from_today": …}).
DEMO_ROUND_SLUG = "kbo-2568-phayao-demo"


def round_file(slug: str) -> Path:
    return ROUNDS / f"{slug}.json"


def round_definition_read(slug: str) -> RoundDefinition:
    """The checked definition of a fixture round (DefinitionError names the file)."""
    path = round_file(slug)
    try:
        return round_definition_parse(path.read_bytes())
    except DefinitionError as error:
        raise DefinitionError([(f"{path.name} {p}", m) for p, m in error.problems]) from None


def seed_round_definitions() -> list[RoundDefinition]:
    return [round_definition_read(slug) for slug in SEED_ROUND_SLUGS]


@transaction.atomic
def load_seed_rounds(*, today: dt.date | None = None) -> dict[str, str]:
    """Create or update the seed rounds; returns {slug: "created" | "updated" | "kept"}.

    Idempotent: a second run changes nothing. A round someone has opened is kept as is.
    """
    return {
        d.round.slug: round_import(definition=d, today=today).outcome
        for d in seed_round_definitions()
    }


@transaction.atomic
def load_demo_round(*, today: dt.date) -> str:
    """The demo round, dated around `today` so officers can work, opened.

    Seed 001's own round stays a draft: its letter gives a deadline before the letter date,
    which round validation refuses (as it should). The copy keeps the rules, quotas and
    fiscal year the demo registry is shaped for, corrects the register title's year
    (๒๕๖๘), and is opened through the same validation. Kept as is once opened.
    """
    result = round_import(definition=round_definition_read(DEMO_ROUND_SLUG), today=today)
    if result.outcome != "kept":
        round_open(round_=result.round)
    return result.outcome
