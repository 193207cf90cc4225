"""Seed data of this app, run by `load_seed_rounds` (registered in OpcConfig.ready).

- OPC 2565 Sakon Nakhon (seed 003, created by the allocations seed list): the six stages
  of the letter as its timeline. The letter dates only the briefing (วันพฤหัสบดีที่ ๓๑
  มีนาคม ๒๕๖๕, 10.00–12.00 by Zoom); the other stages come from the enclosed plan, which
  the seed does not include, so their dates stay empty for the province to fill in.
  Default scoring parts and bands are written out so the round page shows them.
- PSO FY 2562 Chiang Mai: seed 000 names PSO as the third activity of FY 2562 and gives
  no criteria; the public reports describe one product per category (five) per province
  among the highest star levels. Tier 1: products rated 4–5 stars (latest rating up to
  2561); tier 2 (only where a category has none): any star level up to 2561.
"""

from __future__ import annotations

from opc import rules
from registry.models import Province
from selection.models import Program, Round, RoundStatus
from selection.services import round_set_rules

OPC_SLUG = "opc-2565-sakon-nakhon"
PSO_SLUG = "pso-2562-chiang-mai"

OPC_TIMELINE = {"briefing": {"start": "2022-03-31", "end": "2022-03-31"}}

PSO_TIERS = [
    {
        "title": "ผลิตภัณฑ์ระดับดาวสูงสุด",
        "criteria": [
            {
                "kind": "star_level",
                "params": {"min": 4, "max": 5, "year": 2561, "latest": True},
                "explanation": "ผลิตภัณฑ์ระดับ ๔–๕ ดาว (ผลการคัดสรรล่าสุดถึงปี ๒๕๖๑)",
            }
        ],
    },
    {
        "title": "เมื่อประเภทใดไม่มีผลิตภัณฑ์ระดับ ๔–๕ ดาว",
        "criteria": [
            {
                "kind": "star_level",
                "params": {"min": 1, "max": 5, "year": 2561, "latest": True},
                "explanation": "ผลิตภัณฑ์ที่มีระดับดาว (ผลการคัดสรรล่าสุดถึงปี ๒๕๖๑)",
            }
        ],
    },
]


def load_seed_opc_rounds() -> dict[str, str]:
    outcome = {}
    opc = Round.objects.filter(slug=OPC_SLUG, status=RoundStatus.DRAFT).first()
    if opc is not None:
        opc.settings = {
            **opc.settings,
            "score_bands": [band.as_dict() for band in rules.DEFAULT_BANDS],
            "scoring_parts": [part.as_dict() for part in rules.DEFAULT_PARTS],
            "timeline": opc.settings.get("timeline") or OPC_TIMELINE,
        }
        opc.save(update_fields=["settings", "updated_at"])
    pso = Round.objects.filter(slug=PSO_SLUG).first()
    if pso is not None and pso.status != RoundStatus.DRAFT:
        return {PSO_SLUG: "kept"}
    outcome[PSO_SLUG] = "updated" if pso else "created"
    pso = pso or Round(slug=PSO_SLUG)
    pso.program = Program.objects.get(code="PSO")
    pso.fiscal_year = 2562
    pso.province = Province.objects.get(code="50")
    pso.title = "สุดยอดผลิตภัณฑ์ OTOP เด่นจังหวัด (PSO) ปีงบประมาณ ๒๕๖๒"
    pso.settings = {"pso_per_category": rules.PSO_PER_CATEGORY}
    pso.full_clean()
    pso.save()
    round_set_rules(round_=pso, tiers=PSO_TIERS)
    return outcome
