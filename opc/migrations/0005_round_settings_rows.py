"""The OPC settings JSON of each round (`selection.Round.settings`) becomes rows:
OpcSettings, ScoreBand, ScoringPart, Stage. Runs before selection drops the field.

The JSON's shapes, frozen here: "score_bands" [{stars, min, max}] or else the older
"star_bands" cut-offs [5★ min, 4★ min, 3★ min, 2★ min]; "scoring_parts" [{key, name,
max}]; "scoring_parts_by_province"; "timeline" {stage: {start, end}} (ISO dates);
"pso_per_category". Back: the rows are written into the JSON again.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

STAGE_KEYS = ("committee", "briefing", "publicity", "applications", "scoring", "announcement")


def _bands(settings):
    if settings.get("score_bands"):
        return [(int(b["stars"]), int(b["min"]), int(b["max"])) for b in settings["score_bands"]]
    cutoffs = settings.get("star_bands")
    if cutoffs and len(cutoffs) == 4:
        bands, upper = [], 100
        for stars, low in zip((5, 4, 3, 2), cutoffs, strict=True):
            bands.append((stars, int(low), upper))
            upper = int(low) - 1
        return [*bands, (1, 0, upper)]
    return []


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def forward(apps, schema_editor):
    Round = apps.get_model("selection", "Round")
    OpcSettings = apps.get_model("opc", "OpcSettings")
    ScoreBand = apps.get_model("opc", "ScoreBand")
    ScoringPart = apps.get_model("opc", "ScoringPart")
    Stage = apps.get_model("opc", "Stage")
    for round_ in Round.objects.filter(program_id__in=["OPC", "PSO"]).iterator():
        settings = round_.settings or {}
        OpcSettings.objects.create(
            round=round_,
            parts_by_province=bool(settings.get("scoring_parts_by_province")),
            pso_per_category=settings.get("pso_per_category"),
        )
        ScoreBand.objects.bulk_create(
            ScoreBand(round=round_, stars=s, min_score=low, max_score=high)
            for s, low, high in _bands(settings)
        )
        ScoringPart.objects.bulk_create(
            ScoringPart(
                round=round_,
                key=str(p["key"]),
                name=str(p["name"]),
                max_points=Decimal(str(p["max"])),
                order=n,
            )
            for n, p in enumerate(settings.get("scoring_parts") or [], start=1)
        )
        timeline = settings.get("timeline") or {}
        Stage.objects.bulk_create(
            Stage(
                round=round_,
                key=key,
                starts_on=_date(timeline[key].get("start")),
                ends_on=_date(timeline[key].get("end")),
            )
            for key in STAGE_KEYS
            if (timeline.get(key) or {}).get("start") or (timeline.get(key) or {}).get("end")
        )


def backward(apps, schema_editor):
    Round = apps.get_model("selection", "Round")
    OpcSettings = apps.get_model("opc", "OpcSettings")
    for own in OpcSettings.objects.select_related("round"):
        round_ = own.round
        settings = {}
        bands = apps.get_model("opc", "ScoreBand").objects.filter(round=round_)
        if bands:
            settings["score_bands"] = [
                {"stars": b.stars, "min": b.min_score, "max": b.max_score}
                for b in bands.order_by("-min_score")
            ]
        parts = apps.get_model("opc", "ScoringPart").objects.filter(round=round_)
        if parts:
            settings["scoring_parts"] = [
                {"key": p.key, "name": p.name, "max": str(p.max_points)}
                for p in parts.order_by("order")
            ]
        if own.parts_by_province:
            settings["scoring_parts_by_province"] = True
        stages = apps.get_model("opc", "Stage").objects.filter(round=round_)
        if stages:
            settings["timeline"] = {
                s.key: {
                    "start": s.starts_on.isoformat() if s.starts_on else None,
                    "end": s.ends_on.isoformat() if s.ends_on else None,
                }
                for s in stages
            }
        if own.pso_per_category is not None:
            settings["pso_per_category"] = own.pso_per_category
        Round.objects.filter(pk=round_.pk).update(settings=settings)


class Migration(migrations.Migration):
    dependencies = [
        ("opc", "0004_opc_round_settings"),
        ("selection", "0005_letter_moved_to_documents"),
    ]
    run_before = [("selection", "0006_round_settings_to_opc")]

    operations = [migrations.RunPython(forward, backward)]
