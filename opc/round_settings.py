"""An OPC or PSO round's settings rows (`opc.models`: OpcSettings, ScoreBand,
ScoringPart, Stage) read and written as one `opc.rules.Settings`.

The services decide and log (`opc.services.round_settings_set`,
`opc.round_definition.round_import`); this module only reads the rows and replaces them
with cleaned ones, in the caller's transaction.
"""

from __future__ import annotations

from opc import rules
from opc.models import OpcSettings, ScoreBand, ScoringPart, Stage
from selection.models import Round


def settings_of(round_: Round) -> rules.Settings:
    """The round's settings; the system's defaults for what it stores none of."""
    own = OpcSettings.objects.filter(round=round_).first()
    bands = tuple(b.as_band() for b in ScoreBand.objects.filter(round=round_))
    parts = tuple(p.as_part() for p in ScoringPart.objects.filter(round=round_))
    dated = {s.key: s.as_stage_dates() for s in Stage.objects.filter(round=round_)}
    return rules.Settings(
        bands=bands or rules.DEFAULT_BANDS,
        parts=parts or rules.DEFAULT_PARTS,
        stages=tuple(dated.get(s.key, s) for s in rules.UNDATED_STAGES),
        parts_by_province=bool(own and own.parts_by_province),
        bands_set=bool(bands),
        parts_set=bool(parts),
    )


def pso_per_category_of(round_: Round) -> int | None:
    own = OpcSettings.objects.filter(round=round_).first()
    return own.pso_per_category if own else None


def settings_write(
    *, round_: Round, settings: rules.Settings, pso_per_category: int | None = None
) -> None:
    """Replace the round's settings rows with `settings` (each row `full_clean`ed; the
    caller has checked the rules across rows). Bands are stored only when
    `settings.bands_set`, parts only when `settings.parts_set`, stages only when dated."""
    own, _created = OpcSettings.objects.get_or_create(round=round_)
    own.parts_by_province = settings.parts_by_province
    own.pso_per_category = pso_per_category
    own.full_clean()
    own.save()
    ScoreBand.objects.filter(round=round_).delete()
    ScoringPart.objects.filter(round=round_).delete()
    Stage.objects.filter(round=round_).delete()
    rows = []
    if settings.bands_set:
        rows += [
            ScoreBand(
                round=round_,
                stars=b.stars,
                min_score=int(b.min_score),
                max_score=int(b.max_score),
            )
            for b in settings.bands
        ]
    if settings.parts_set:
        rows += [
            ScoringPart(round=round_, key=p.key, name=p.name, max_points=p.max_points, order=n)
            for n, p in enumerate(settings.parts, start=1)
        ]
    rows += [
        Stage(round=round_, key=s.key, starts_on=s.starts_on, ends_on=s.ends_on)
        for s in settings.stages
        if s.starts_on or s.ends_on
    ]
    for row in rows:
        row.full_clean()
    for model in (ScoreBand, ScoringPart, Stage):
        model.objects.bulk_create([r for r in rows if isinstance(r, model)])
